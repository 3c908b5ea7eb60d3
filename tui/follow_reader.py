"""What the following screens read (``store.follow``: people, a person's record, what is
new, bookmarks and notes).

Apart from ``tui.reader`` so that the reader's start-up (``StoreOpening``, which begins
before the app is imported) does not wait for ``store.follow`` and ``store.userdata``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from store import follow
from store.follow_records import MarkRow, MentionRow, NewsRow, PersonRow
from tui.reader import StoreReader


@dataclass(frozen=True)
class PeopleSource:
    """The people the minutes name (whose key holds every word of ``text``), by surname."""

    reader: StoreReader
    text: str = ""

    def count(self) -> int:
        return follow.count_people(self.reader.connection(), self.text)

    def fetch(self, offset: int, limit: int, total: int | None = None) -> Sequence[PersonRow]:
        return follow.people_window(self.reader.connection(), self.text, offset, limit)


@dataclass(frozen=True)
class MentionSource:
    """What the minutes say of one person (of some roles), newest meeting first."""

    reader: StoreReader
    key: str
    roles: tuple[str, ...] | None = None

    def count(self) -> int:
        return follow.count_person_mentions(self.reader.connection(), self.key, self.roles)

    def fetch(self, offset: int, limit: int, total: int | None = None) -> Sequence[MentionRow]:
        return follow.person_window(self.reader.connection(), self.key, offset, limit, self.roles)


@dataclass(frozen=True)
class NewsSource:
    """The meetings and items new or changed since ``since`` in a watch's scope."""

    reader: StoreReader
    since: int
    scope: follow.Scope

    def count(self) -> int:
        return follow.news_list_count(self.reader.connection(), self.since, self.scope)

    def fetch(self, offset: int, limit: int, total: int | None = None) -> Sequence[NewsRow]:
        return follow.news_window(self.reader.connection(), self.since, self.scope, offset, limit)


@dataclass(frozen=True)
class MarksSource:
    """Every bookmark and note, the latest first."""

    reader: StoreReader

    def count(self) -> int:
        return follow.count_marks(self.reader.connection())

    def fetch(self, offset: int, limit: int, total: int | None = None) -> Sequence[MarkRow]:
        return follow.marks_window(self.reader.connection(), offset, limit)
