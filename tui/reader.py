"""The reader's access to the store: one read-only connection per thread, and row sources.

SQLite connections must not be shared between threads, and every query from
the UI runs on a worker thread. ``StoreReader.connection()`` opens (once per
thread) a ``store.db.connect_readonly`` connection and keeps it for that
thread's later queries. The row sources below adapt ``store.queries`` window
functions to ``VirtualList``'s ``RowSource`` protocol; the TUI never writes
SQL, it only calls ``store.queries``.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from store import follow, queries, userdata
from store.db import connect_readonly
from store.errors import StoreErrorKind, kind_of
from store.filters import Filter
from store.queries import ActionRow, ItemRow, MeetingRow, ResolutionRow, StatusCounts
from store.records import MarkRow, MentionRow, NewsRow, PersonRow, orphan_row


class StoreReader:
    """Per-thread read-only connections to one store file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[sqlite3.Connection] = []
        self._running: dict[str, set[sqlite3.Connection]] = {}

    def connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect_readonly(self.path)
            # Closed from the UI thread at exit; the connection is never used by two threads
            # at once, but it may be closed by another.
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    @contextlib.contextmanager
    def running(self, group: str) -> Iterator[sqlite3.Connection]:
        """This thread's connection, registered under ``group`` while the block runs."""
        conn = self.connection()
        with self._lock:
            self._running.setdefault(group, set()).add(conn)
        try:
            yield conn
        finally:
            with self._lock:
                self._running[group].discard(conn)

    def interrupt(self, group: str) -> None:
        """Stop the queries running under ``group`` (a newer search replaces them).

        ``sqlite3.Connection.interrupt`` is safe to call from another thread;
        the interrupted query raises ``OperationalError("interrupted")``, which
        ``is_interrupted`` recognises so callers drop it silently.
        """
        # Under the lock, so every connection interrupted is still inside its ``running``
        # block: it cannot have moved on to another group's query. (An interrupt between two
        # statements of a block is a no-op, as SQLite documents.)
        with self._lock:
            for conn in self._running.get(group, ()):
                with contextlib.suppress(sqlite3.Error):
                    conn.interrupt()

    def close(self) -> None:
        with self._lock:
            connections, self._all = self._all, []
        for conn in connections:
            with contextlib.suppress(sqlite3.Error):  # another thread's: the GC closes it
                conn.close()


def is_interrupted(error: BaseException) -> bool:
    """The query was stopped by ``StoreReader.interrupt``, not broken."""
    return (
        isinstance(error, sqlite3.OperationalError) and kind_of(error) is StoreErrorKind.INTERRUPTED
    )


SEARCH = "search"  # the group of queries a new filter makes stale


@dataclass(frozen=True)
class MeetingSource:
    """The (filtered) meetings, newest first, undated last."""

    reader: StoreReader
    flt: Filter
    # The first meeting's agenda, resolutions and actions, read with the first window:
    # the cursor starts there, and the agenda then paints in the same frame as the
    # meetings instead of after another worker round trip and another frame.
    first: dict[str, MeetingDetail] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    def count(self) -> int:
        with self.reader.running(SEARCH) as conn:
            return queries.count_meetings(conn, self.flt)

    def fetch(self, offset: int, limit: int, total: int | None = None) -> Sequence[MeetingRow]:
        with self.reader.running(SEARCH) as conn:
            rows = queries.meetings_window(conn, self.flt, offset, limit, total=total)
            if offset == 0 and rows and not self.first:
                self.first[rows[0].id] = meeting_detail(conn, rows[0], self.flt)
            return rows

    def take_first(self, meeting_id: str) -> MeetingDetail | None:
        """The prefetched detail of ``meeting_id`` (once), if it is the first meeting."""
        return self.first.pop(meeting_id, None)


@dataclass(frozen=True)
class Marks:
    """What the lists mark on a meeting's rows: items with a thread, and the ids (of the
    meeting, its items and records) the reader bookmarked or noted."""

    threads: frozenset[str] = frozenset()
    bookmarked: frozenset[str] = frozenset()
    noted: frozenset[str] = frozenset()


NO_MARKS = Marks()


def meeting_marks(conn: sqlite3.Connection, meeting_id: str) -> Marks:
    bookmarked, noted = follow.marks_in_meeting(conn, meeting_id)
    return Marks(follow.threaded_items(conn, meeting_id), bookmarked, noted)


@dataclass(frozen=True)
class MeetingDetail:
    """One meeting and what the agenda and detail panes show for it under a filter."""

    meeting: MeetingRow
    items: list[ItemRow]
    resolutions: list[ResolutionRow]
    actions: list[ActionRow]
    marks: Marks = NO_MARKS


def meeting_detail(conn: sqlite3.Connection, meeting: MeetingRow, flt: Filter) -> MeetingDetail:
    return MeetingDetail(
        meeting,
        queries.meeting_items(conn, meeting.id, flt),
        queries.meeting_resolutions(conn, meeting.id, flt),
        queries.meeting_actions(conn, meeting.id, flt),
        meeting_marks(conn, meeting.id),
    )


@dataclass(frozen=True)
class ActionSource:
    """Every action point in the (filtered) store in ``sort`` order (``ACTION_SORTS``), then
    what the user set on actions no longer in the store (when the filter asks only about
    status: such a record has no meeting or words left to filter by)."""

    reader: StoreReader
    flt: Filter
    sort: str = "meeting"
    # Read once per source, on its thread: the counts per status (the status order's
    # groups), the store's own count, and the kept records of actions that are gone.
    cache: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def counts(self) -> StatusCounts:
        # The list's length and the status line both ask, on two threads: read them once.
        with self.cache.setdefault("lock", threading.Lock()):
            if "counts" not in self.cache:
                conn = self.reader.connection()
                self.cache["counts"] = queries.count_actions_by_status(conn, self.flt)
        return cast(StatusCounts, self.cache["counts"])

    def orphans(self) -> list[ActionRow]:
        if "orphans" not in self.cache:
            rows: list[ActionRow] = []
            if self.flt.without_tracking().is_empty and not self.flt.not_overdue:
                wanted = self.flt.statuses
                found = queries.orphaned_user_records(self.reader.connection())
                rows = [
                    row
                    for row in (orphan_row(n, o) for n, o in enumerate(found))
                    if not wanted or row.status in wanted
                ]
            self.cache["orphans"] = rows
        return cast(list[ActionRow], self.cache["orphans"])

    def _stored(self) -> int:
        if "stored" not in self.cache:
            conn = self.reader.connection()
            if self.sort == "status" or (self.flt.statuses and not self.flt.not_overdue):
                # The counts per status (read for the status line anyway) give the length:
                # one query for both, and cheaper than counting the status's test row by row.
                total = sum(n for _, n in queries.status_groups(self.flt, self.counts()))
            else:
                total = queries.count_actions(conn, self.flt)
            self.cache["stored"] = total
        return cast(int, self.cache["stored"])

    def count(self) -> int:
        return self._stored() + len(self.orphans())

    def fetch(self, offset: int, limit: int, total: int | None = None) -> Sequence[ActionRow]:
        # Forwards at any offset: the list's index puts the last action a short range read
        # away (a text filter costs the same at either end: every hit is read). The status
        # order's first window reads its groups in turn; deeper ones start from the counts.
        counts = self.counts() if self.sort == "status" and offset else None
        rows = queries.actions_window(
            self.reader.connection(), self.flt, offset, limit, sort=self.sort, counts=counts
        )
        if len(rows) < limit:
            stored = offset + len(rows) if rows or offset == 0 else self._stored()
            start = max(0, offset - stored)
            rows = [*rows, *self.orphans()[start : start + limit - len(rows)]]
        return rows


# --- following: people, a person, what is new, marks (``store.follow``) -----------------------


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


class UserWriter:
    """Per-thread connections that write the reader's own data (``store.userdata``).

    The reader's connections are read-only; a bookmark, a note or a watch is written on
    one of these, in a worker thread, one short transaction each.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[sqlite3.Connection] = []

    def connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = userdata.connect_writer(self.path)
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            connections, self._all = self._all, []
        for conn in connections:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
