"""Read queries for the reader, the CLI and exports. The contract between store and tui.

Every function takes an open ``sqlite3.Connection`` (one per thread: the TUI's
workers each open their own with ``store.db.connect_readonly``) and returns
plain frozen dataclasses, never cursors or rows, so a widget never sees SQL.

Lists that can be unbounded (meetings, all action points) are read a page at
a time: ``*_page`` functions take a keyset cursor (the last row of the
previous page) and ``*_window`` functions take an offset for random access
when a virtual list jumps (scrollbar drag, ``G``). Counts use the indexes and
FTS, never ``len()`` of a materialised result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from store.filters import Filter


@dataclass(frozen=True)
class MeetingRow:
    """One row of the meetings pane."""

    id: str
    committee: str | None
    date: dt.date | None  # None: a document with no meeting header ("Undated")
    time: str | None
    council: str | None
    item_count: int
    resolution_count: int
    action_count: int
    sort_key: str  # the keyset cursor: newest first, undated last


@dataclass(frozen=True)
class ItemRow:
    """One row of the agenda pane."""

    id: str
    meeting_id: str
    position: int
    number: str | None
    title: str | None
    resolution_count: int
    action_count: int
    truncated: bool


@dataclass(frozen=True)
class ResolutionRow:
    id: int
    item_id: str
    item_number: str | None
    number: str | None
    text: str
    kind: str
    truncated: bool


@dataclass(frozen=True)
class ActionRow:
    """An action point, with enough context to name its meeting and item in a list."""

    id: int
    item_id: str
    meeting_id: str
    text: str
    owner: str | None
    due: dt.date | None
    source_kind: str
    committee: str | None
    meeting_date: dt.date | None
    item_number: str | None
    item_title: str | None


@dataclass(frozen=True)
class DocumentRow:
    title: str
    format: str | None
    size_kb: float | None
    url: str | None


@dataclass(frozen=True)
class SourceRow:
    path: str
    sha256: str
    format: str
    page_kind: str
    ingested_at: str


@dataclass(frozen=True)
class ItemDetail:
    """Everything the reading view shows for one item."""

    item: ItemRow
    meeting: MeetingRow
    description: str | None
    minutes: str | None
    decision: str | None
    documents: tuple[DocumentRow, ...]
    resolutions: tuple[ResolutionRow, ...]
    actions: tuple[ActionRow, ...]
    sources: tuple[SourceRow, ...]


__all__ = [
    "ActionRow",
    "DocumentRow",
    "Filter",
    "ItemDetail",
    "ItemRow",
    "MeetingRow",
    "ResolutionRow",
    "SourceRow",
]


# --- The query functions (implemented by the store; signatures are the contract) -------------
# conn is a sqlite3.Connection opened by store.db (read-only for the TUI's worker threads).
#
# def count_meetings(conn, flt: Filter) -> int
# def meetings_window(conn, flt: Filter, offset: int, limit: int) -> list[MeetingRow]
#     newest first, undated last; random access for a virtual list.
# def meetings_page(conn, flt: Filter, after: MeetingRow | None, limit: int) -> list[MeetingRow]
#     keyset: the rows after ``after`` in the same order.
# def meeting_index(conn, flt: Filter, meeting_id: str) -> int | None
#     position of a meeting in the filtered list (go to meeting).
# def find_meetings(conn, text: str, limit: int = 20) -> list[MeetingRow]
#     committee/date substring match, for the command palette's "go to meeting ...".
# def count_items(conn, flt: Filter) -> int
# def meeting_items(conn, meeting_id: str, flt: Filter) -> list[ItemRow]
#     a meeting's items in agenda order; a non-empty filter keeps only matching items.
# def item_resolutions(conn, item_id: str) -> list[ResolutionRow]
# def item_actions(conn, item_id: str) -> list[ActionRow]
# def meeting_resolutions(conn, meeting_id: str, flt: Filter) -> list[ResolutionRow]
# def meeting_actions(conn, meeting_id: str, flt: Filter) -> list[ActionRow]
# def item_detail(conn, item_id: str) -> ItemDetail | None
# def count_actions(conn, flt: Filter) -> int
# def actions_window(conn, flt: Filter, offset: int, limit: int) -> list[ActionRow]
#     all action points across the (filtered) store, newest meeting first.
# def store_counts(conn) -> dict[str, int]   # meetings, items, resolutions, actions, sources
