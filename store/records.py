"""The rows the read queries return: frozen dataclasses, and the SQL column lists that fill them.

A widget never sees a cursor or a tuple: ``store.queries`` selects one of these column
lists and turns each row into its dataclass here. Rows that select several lists side
by side are sliced by the ``*_WIDTH`` of each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from store.keys import record_id

if TYPE_CHECKING:
    from store.detail_records import OrphanRecord


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
    # For a meeting with no committee (a page with no header): the name of the file it came
    # from, so a list can tell such meetings apart and say where to look. None otherwise.
    source_name: str | None = None


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
    # The id that survives re-ingest (user data is keyed by it), and where the record came
    # from: the rule that found it and its passage in the item's ``source_field``.
    record_id: str | None = None
    rule: str | None = None
    source_field: str | None = None
    span_start: int | None = None
    span_end: int | None = None


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
    record_id: str | None = None  # as on ResolutionRow
    rule: str | None = None
    source_field: str | None = None
    span_start: int | None = None
    span_end: int | None = None
    # The tracker's reading (``store.tracker``): the owner as listed, the due date and how
    # it was known (stated, implied, next-meeting) with its words, and what later minutes
    # report of it; then its status (the user's last, else the minutes', else open), who
    # said so ("you", "minutes", None), the user's note, and whether it is overdue.
    owner_name: str | None = None
    due_on: dt.date | None = None
    due_basis: str | None = None
    due_text: str | None = None
    minutes_status: str | None = None
    status: str = "open"
    status_by: str | None = None
    note: str | None = None
    overdue: bool = False
    # The user's status or note on an action no longer in the store (``OrphanRecord``),
    # listed after the store's actions so it is seen, never silently dropped.
    gone: bool = False


def where_set(action: ActionRow) -> str:
    """``Cabinet, 2018-10-02, item 2``: the meeting and item that set an action."""
    parts = [action.committee or "(no committee named)"]
    parts.append(action.meeting_date.isoformat() if action.meeting_date else "undated")
    if action.item_number:
        parts.append(f"item {action.item_number}")
    return ", ".join(parts)


def due_label(action: ActionRow) -> str:
    """``2025-01-31 (implied: by the end of the month)``, ``next meeting (not yet in the
    store)``, or ``""`` when no due date is stated or implied."""
    if action.due_basis == "next-meeting":
        when = action.due_on.isoformat() if action.due_on else "next meeting, not yet known"
        return f"{when} (implied: {action.due_text})" if action.due_text else when
    if action.due_on is None:
        return ""
    if action.due_basis == "implied" and action.due_text:
        return f"{action.due_on.isoformat()} (implied: {action.due_text})"
    return action.due_on.isoformat()


def status_label(action: ActionRow) -> str:
    """``overdue``, ``done (minutes)``, ``dropped (you)``, ``open``."""
    status = "overdue" if action.overdue else action.status
    return f"{status} ({action.status_by})" if action.status_by else status


def action_facts(action: ActionRow) -> list[str]:
    """``owner: the Clerk``, ``due: ...``, ``status: done (minutes)``: what the tracker knows
    of an action, for the places that list it under its words (open with no one's word on
    it goes without saying)."""
    facts = []
    owner = action.owner_name or action.owner
    if owner:
        facts.append(f"owner: {owner}")
    due = due_label(action)
    if due:
        facts.append(f"due: {due}")
    if action.status != "open" or action.overdue or action.status_by:
        facts.append(f"status: {status_label(action)}")
    return facts


def orphan_row(index: int, orphan: OrphanRecord) -> ActionRow:
    """An ``OrphanRecord`` as a row of the list of actions (``gone``; its id negative)."""
    item_id = orphan.action_id.rsplit("/", 1)[0]
    return ActionRow(
        id=-(index + 1),
        item_id=item_id,
        meeting_id=item_id.split("/", 1)[0],
        text=orphan.text or orphan.action_id,
        owner=None,
        due=None,
        source_kind="gone",
        committee=None,
        meeting_date=None,
        item_number=None,
        item_title=None,
        record_id=orphan.action_id,
        status=orphan.status or "open",
        status_by="you" if orphan.status else None,
        note=orphan.note,
        gone=True,
    )


# How an attendance status reads in a meeting's header, in the order the minutes print them
# (the reading view's meeting block and the Markdown export).
ATTENDANCE_LABELS = (
    ("present", "Present"),
    ("in_attendance", "In attendance"),
    ("substitute", "Substitutes"),
    ("apologies", "Apologies"),
    ("absent", "Absent"),
)


MEETING_COLS = (
    "m.id, m.committee, m.date, m.time, m.council, m.item_count, m.resolution_count,"
    " m.action_count, m.sort_key,"
    # Only header-less meetings (a handful) pay for this lookup, through the contributions'
    # meeting_id index.
    " CASE WHEN m.committee IS NULL THEN (SELECT s.name FROM contributions x"
    " JOIN sources s ON s.id = x.source_id WHERE x.meeting_id = m.id ORDER BY s.name LIMIT 1)"
    " END"
)
ITEM_COLS = (
    "i.id, i.meeting_id, i.position, i.number, i.title, i.resolution_count, i.action_count,"
    " i.truncated"
)
# How many values each column list yields, for rows that select several lists side by side.
MEETING_WIDTH = 10
ITEM_WIDTH = 8
# Resolutions, actions and documents name their item by ``item_rowid``; their ids encode
# it (``store.rowids``), so an item's or a meeting's rows are one id range.
RESOLUTION_COLS = (
    "r.id, i.id, i.number, r.number, r.text, r.kind, r.truncated,"
    " r.key, r.rule, r.source_field, r.span_start, r.span_end"
)
ACTION_COLS = (
    "a.id, i.id, i.meeting_id, a.text, a.owner, a.due, a.source_kind, m.committee,"
    " m.date, i.number, i.title, a.key, a.rule, a.source_field, a.span_start, a.span_end,"
    " a.owner_name, a.due_on, a.due_basis, a.due_text, a.minutes_status"
)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def meeting_row(row: Sequence[Any]) -> MeetingRow:
    return MeetingRow(
        id=row[0],
        committee=row[1],
        date=_date(row[2]),
        time=row[3],
        council=row[4],
        item_count=row[5] or 0,
        resolution_count=row[6] or 0,
        action_count=row[7] or 0,
        sort_key=row[8],
        source_name=row[9],
    )


def item_row(row: Sequence[Any]) -> ItemRow:
    return ItemRow(
        id=row[0],
        meeting_id=row[1],
        position=row[2],
        number=row[3],
        title=row[4],
        resolution_count=row[5],
        action_count=row[6],
        truncated=bool(row[7]),
    )


def _provenance(row: Sequence[Any], at: int, table: str) -> dict[str, Any]:
    """The record id and where the record was read from: the five columns from ``at`` on
    (key, rule, source_field, span_start, span_end); ``row[1]`` is the item's id."""
    key = row[at]
    return {
        "record_id": None if key is None else record_id(row[1], table, key),
        "rule": row[at + 1],
        "source_field": row[at + 2],
        "span_start": row[at + 3],
        "span_end": row[at + 4],
    }


def resolution_row(row: Sequence[Any]) -> ResolutionRow:
    return ResolutionRow(
        id=row[0],
        item_id=row[1],
        item_number=row[2],
        number=row[3],
        text=row[4],
        kind=row[5],
        truncated=bool(row[6]),
        **_provenance(row, 7, "resolutions"),
    )


def action_row(row: Sequence[Any]) -> ActionRow:
    return ActionRow(
        id=row[0],
        item_id=row[1],
        meeting_id=row[2],
        text=row[3],
        owner=row[4],
        due=_date(row[5]),
        source_kind=row[6],
        committee=row[7],
        meeting_date=_date(row[8]),
        item_number=row[9],
        item_title=row[10],
        **_provenance(row, 11, "actions"),
        owner_name=row[16],
        due_on=_date(row[17]),
        due_basis=row[18],
        due_text=row[19],
        minutes_status=row[20],
        status=row[20] or "open",
        status_by="minutes" if row[20] else None,
    )
