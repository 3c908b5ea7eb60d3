"""The records of following the council (``store.follow``): people, what the minutes say of
them, a matter's timeline, what is new, watches, and the reader's marks.

Apart from ``store.records`` (the rows of the first screen's lists): a frozen dataclass costs
about a millisecond to create, and the first screen shows none of these.
"""

from __future__ import annotations

from dataclasses import dataclass

from store.records import ItemRow, MeetingRow


@dataclass(frozen=True)
class PersonRow:
    """One row of the people index."""

    key: str  # "smith john": surname first, folded (``parsers.grammar.people``)
    name: str  # the fullest form the minutes print
    meetings: int  # meetings that name them


@dataclass(frozen=True)
class PersonSummary:
    """What the minutes say of one person, counted: the head of the person view."""

    key: str
    name: str
    meetings: int  # meetings naming them at all
    attended: int  # meetings where they were present, in attendance or a substitute
    missed: int  # meetings they sent apologies for or were absent from
    counts: dict[str, int]  # mentions by role ("declared", "moved", ...)
    names: tuple[str, ...]  # every way the minutes print their name
    roles: tuple[str, ...]  # roles printed beside them, as written ("Portfolio Holder for ...")


@dataclass(frozen=True)
class MentionRow:
    """One thing the minutes say a person did, at a meeting (and an item, when it says)."""

    role: str  # an attendance status, or declared / moved / seconded / presented / owner / left
    name: str  # as written
    written_role: str | None  # a role printed beside the name
    text: str | None  # the sentence (or action point) that says it
    meeting: MeetingRow
    item_id: str | None
    item_number: str | None
    item_title: str | None


@dataclass(frozen=True)
class AppearanceRow:
    """One meeting's taking of a matter: a row of a thread's timeline."""

    item: ItemRow
    meeting: MeetingRow
    decision: str | None  # what was resolved (its first resolution, else the decision text)
    kinds: tuple[str, ...]  # the kinds of its resolutions, in order
    via: str  # "issue page" or "title": what joins it to the matter


@dataclass(frozen=True)
class NewsRow:
    """A meeting or item that is new or changed since an epoch."""

    kind: str  # "meeting" or "item"
    state: str  # "new" or "changed"
    epoch: int  # when it last changed
    meeting: MeetingRow
    item: ItemRow | None
    new_resolutions: int  # resolutions and actions added since the epoch (an item's)
    new_actions: int


@dataclass(frozen=True)
class WatchRow:
    """A saved filter, or a followed item, thread or person."""

    name: str
    kind: str  # "filter", "item", "thread", "person"
    query: str  # the filter's text, the item's id, or the person's key
    label: str | None
    created: str
    seen: int  # the epoch it was last looked at


@dataclass(frozen=True)
class MarkRow:
    """A bookmark or a note (or both) on one meeting, item or record."""

    target: str
    kind: str  # "meeting", "item", "resolution", "action"
    meeting_id: str
    item_id: str | None
    label: str  # what it was when marked
    bookmarked: bool
    note: str | None
    updated: str
    exists: bool  # False: the record is gone from the store (kept, and shown as gone)
