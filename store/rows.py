"""A meeting's visible rows: built once from the merged meeting, written, and read back.

``build_meeting`` turns a merged meeting into its rows (``MeetingRows``): the meeting,
its attendance and documents, and each item with the resolutions, action points,
documents and sources under it. The writer inserts exactly those rows
(``MeetingRows.insert``). ``MeetingRows.view`` projects them onto the *view*: the
meeting as its rows show it, in the plain form the contributions' payloads are encoded
in (``store.payload``), and ``meeting_view`` reads the same projection back from the
tables, through the same column lists. So the view the writer compacts a payload
against is, by construction, the view a later rebuild decodes it with.

To add a column: the next migration adds it to the table; ``build_meeting`` (or the
helper for that table) fills it; if it round-trips into the parse (a model field), add
it to that table's ``*_VIEW`` list too.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from parsers.model import ActionPoint, AgendaItem, Document, Meeting, Resolution
from store import rowids
from store.attach import lead_key
from store.filters import KIND_BITS
from store.folding import normalise_name
from store.keys import find_text, item_slug, meeting_sort_key, record_keys
from store.merge import MergedItem, MergedMeeting
from store.tracker import action_columns

Row = dict[str, Any]

# The view: each table's columns that a payload is compared with (column = payload key).
MEETING_VIEW = (
    "committee",
    "date",
    "time",
    "council",
    "venue",
    "contact",
    "declarations",
    "external_id",
    "url",
    "inferred",
)
ATTENDANCE_VIEW = ("name", "status", "role", "reason")
ITEM_VIEW = (
    "number",
    "title",
    "description",
    "minutes",
    "decision",
    "truncated",
    "external_id",
    "url",
)
DOCUMENT_VIEW = ("title", "format", "size_kb", "url")
PROVENANCE_VIEW = ("rule", "source_field", "span_start", "span_end")
RESOLUTION_VIEW = ("number", "text", "kind", "truncated", *PROVENANCE_VIEW)
ACTION_VIEW = ("text", "owner", "due", "source_kind", *PROVENANCE_VIEW)

_NEVER = object()  # a view value no payload value equals: the payload keeps its own


def _stable_text(value: object) -> object:
    """A value SQLite gives back unchanged from a TEXT column, else ``_NEVER``."""
    return value if value is None or type(value) is str else _NEVER


def _stable_real(value: object) -> object:
    """A value SQLite gives back unchanged from a REAL column, else ``_NEVER``."""
    return value if value is None or type(value) is float else _NEVER


def _stable_int(value: object) -> object:
    """A value SQLite gives back unchanged from an INTEGER column, else ``_NEVER``."""
    return value if value is None or type(value) is int else _NEVER


def _flag(value: object) -> bool:
    return bool(int(value))  # type: ignore[call-overload]


def _names(value: object) -> object:
    """``"committee,date"`` <-> ``["committee", "date"]`` (Meeting.inferred)."""
    if value is None:
        return []
    return value.split(",") if type(value) is str and value else _NEVER


# How a column's value reads in the view; every other view column is ``_stable_text``.
_VIEW_VALUE: dict[str, Callable[[object], object]] = {
    "truncated": _flag,
    "size_kb": _stable_real,
    "span_start": _stable_int,
    "span_end": _stable_int,
    "inferred": _names,
}


Projection = tuple[tuple[str, Callable[[object], object]], ...]


def _projection(columns: Sequence[str]) -> Projection:
    """Each view column with how its value reads (looked up once, not per row)."""
    return tuple((c, _VIEW_VALUE.get(c, _stable_text)) for c in columns)


def _project(row: Row, projection: Projection) -> Row:
    return {c: read(row[c]) for c, read in projection}


_MEETING = _projection(MEETING_VIEW)
_ATTENDANCE = _projection(ATTENDANCE_VIEW)
_ITEM = _projection(ITEM_VIEW)
_DOCUMENT = _projection(DOCUMENT_VIEW)
_RESOLUTION = _projection(RESOLUTION_VIEW)
_ACTION = _projection(ACTION_VIEW)


@dataclass
class ItemRows:
    """One agenda item's row and the rows under it."""

    row: Row
    resolutions: list[Row] = field(default_factory=list)
    actions: list[Row] = field(default_factory=list)
    documents: list[Row] = field(default_factory=list)
    sources: list[Row] = field(default_factory=list)

    def view(self) -> Row:
        out = _project(self.row, _ITEM)
        out["documents"] = [_project(d, _DOCUMENT) for d in self.documents]
        out["resolutions"] = [_project(r, _RESOLUTION) for r in self.resolutions]
        out["actions"] = [_project(a, _ACTION) for a in self.actions]
        return out


@dataclass
class MeetingRows:
    """A meeting's visible rows, as written (``insert``) and as compared (``view``)."""

    row: Row
    attendance: list[Row] = field(default_factory=list)
    documents: list[Row] = field(default_factory=list)  # the meeting's own (item 0)
    items: list[ItemRows] = field(default_factory=list)

    def view(self) -> Row:
        out = _project(self.row, _MEETING)
        out["attendance"] = [_project(a, _ATTENDANCE) for a in self.attendance]
        out["documents"] = [_project(d, _DOCUMENT) for d in self.documents]
        out["items"] = [item.view() for item in self.items]
        return out

    def placed(self, seq: int, source_id: int) -> MeetingRows:
        """These rows, built for meeting 0 from one source numbered 0 (``store.prebuilt``),
        as ``build_meeting`` builds them for meeting ``seq`` from source ``source_id``:
        new dicts, the ids moved up (``rowids.seq_offsets``), the source named."""
        shift, child_shift = rowids.seq_offsets(seq)

        def child(row: Row) -> Row:
            moved = dict(row, id=row["id"] + child_shift)
            if row["item_rowid"] is not None:
                moved["item_rowid"] = row["item_rowid"] + shift
            return moved

        items = [
            ItemRows(
                row=dict(item.row, rowid=item.row["rowid"] + shift),
                resolutions=[child(r) for r in item.resolutions],
                actions=[child(a) for a in item.actions],
                documents=[child(d) for d in item.documents],
                sources=[
                    {"item_rowid": s["item_rowid"] + shift, "source_id": source_id}
                    for s in item.sources
                ],
            )
            for item in self.items
        ]
        return MeetingRows(
            row=dict(self.row, seq=seq),
            attendance=[dict(a) for a in self.attendance],
            documents=[child(d) for d in self.documents],
            items=items,
        )

    def insert(self, conn: sqlite3.Connection) -> None:
        """Write every row (the meeting's old rows must be gone: ``delete_meeting``)."""
        items = self.items
        _insert(conn, "meetings", [self.row])
        _insert(conn, "items", [i.row for i in items])
        _insert(conn, "item_sources", [s for i in items for s in i.sources])
        _insert(conn, "resolutions", [r for i in items for r in i.resolutions])
        _insert(conn, "actions", [a for i in items for a in i.actions])
        _insert(conn, "documents", [d for i in items for d in i.documents] + self.documents)
        _insert(conn, "attendance", self.attendance)


def _insert(conn: sqlite3.Connection, table: str, rows: list[Row]) -> None:
    """Insert rows that all have the same keys, with one prepared statement.

    The merged rows of a meeting are written often (every ingest of every
    source that touches it) and in small groups, where sqlite-utils'
    per-call table introspection costs more than the insert itself; this is
    the hot path that bulk ingest goes through.
    """
    if not rows:
        return
    columns = list(rows[0])
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    conn.executemany(sql, [[row[c] for c in columns] for row in rows])


def delete_meeting(conn: sqlite3.Connection, mid: str, seq: int) -> None:
    """Delete every visible row of a meeting (its contributions stay)."""
    lo, hi = rowids.meeting_children(seq)
    for table in ("resolutions", "actions", "documents"):
        conn.execute(f"DELETE FROM {table} WHERE id BETWEEN ? AND ?", [lo, hi])
    lo, hi = rowids.meeting_items(seq)
    conn.execute("DELETE FROM item_sources WHERE item_rowid BETWEEN ? AND ?", [lo, hi])
    conn.execute("DELETE FROM attendance WHERE meeting_id = ?", [mid])
    conn.execute("DELETE FROM items WHERE rowid BETWEEN ? AND ?", [lo, hi])
    conn.execute("DELETE FROM meetings WHERE id = ?", [mid])


# --- building -------------------------------------------------------------------------------


def build_meeting(mid: str, seq: int, merged: MergedMeeting) -> MeetingRows:
    """The rows of meeting ``mid`` (numbered ``seq``) from the merge of its contributions."""
    meeting = merged.meeting
    if len(merged.items) > rowids.MAX_ITEMS_PER_MEETING:
        raise ValueError(f"more than {rowids.MAX_ITEMS_PER_MEETING} agenda items in one meeting")
    committee_key = normalise_name(meeting.committee)
    sort_key = meeting_sort_key(
        meeting.date,
        meeting.time,
        committee_key,
        mid,
        undated_label=normalise_name(_first_title(merged.items)),
    )
    items: list[ItemRows] = []
    used_ids: set[str] = set()
    context = _ActionContext(meeting.date, [a.name for a in meeting.attendance], committee_key)
    for position, merged_item in enumerate(merged.items, start=1):
        iid = _unique_item_id(mid, merged_item, position, used_ids)
        items.append(_item_rows(mid, seq, position, iid, merged_item, sort_key, context))
    owner = rowids.meeting_rowid(seq)
    rows = MeetingRows(
        row=_meeting_row(mid, seq, meeting, committee_key, sort_key, items),
        attendance=[
            {
                "meeting_id": mid,
                "position": position,
                "name": person.name,
                "status": person.status,
                "role": person.role,
                "reason": person.reason,
            }
            for position, person in enumerate(meeting.attendance, start=1)
        ],
        documents=_document_rows(owner, None, meeting.documents),
        items=items,
    )
    return rows


def _first_title(items: list[MergedItem]) -> str | None:
    """What names a meeting with no header in the list order: its first item's words."""
    return next(
        (
            (m.item.title or m.item.description or m.item.minutes or "")[:80]
            for m in items
            if m.item.title or m.item.description or m.item.minutes
        ),
        None,
    )


def _unique_item_id(mid: str, merged: MergedItem, position: int, used: set[str]) -> str:
    item = merged.item
    iid = f"{mid}/{item_slug(item.number, item.title, position)}"
    if iid in used:  # the same number printed twice on one agenda
        suffix = 2
        while f"{iid}~{suffix}" in used:
            suffix += 1
        iid = f"{iid}~{suffix}"
    used.add(iid)
    return iid


def _meeting_row(
    mid: str,
    seq: int,
    meeting: Meeting,
    committee_key: str,
    sort_key: str,
    items: list[ItemRows],
) -> Row:
    kinds = 0
    for item in items:
        kinds |= item.row["kinds"]
    return {
        "id": mid,
        "seq": seq,
        "committee": meeting.committee,
        "committee_key": committee_key,
        "date": meeting.date.isoformat() if meeting.date else None,
        "time": meeting.time,
        "council": meeting.council,
        "venue": meeting.venue,
        "contact": meeting.contact,
        "declarations": meeting.declarations,
        "external_id": meeting.external_id,
        "url": meeting.url,
        "inferred": ",".join(meeting.inferred) or None,
        "sort_key": sort_key,
        "find_text": find_text(meeting.committee, meeting.date),
        "item_count": len(items),
        "resolution_count": sum(len(i.resolutions) for i in items),
        "action_count": sum(len(i.actions) for i in items),
        "minutes_count": sum(1 for i in items if i.row["has_minutes"]),
        "truncated_count": sum(i.row["truncated"] for i in items),
        "kinds": kinds,
    }


@dataclass(frozen=True)
class _ActionContext:
    """What an action's tracker columns read from its meeting (``store.tracker``)."""

    date: dt.date | None
    attendance: list[str]
    committee_key: str


def _item_rows(
    mid: str,
    seq: int,
    position: int,
    iid: str,
    merged: MergedItem,
    sort_key: str,
    context: _ActionContext,
) -> ItemRows:
    item = merged.item
    rowid = rowids.item_rowid(seq, position)
    kinds = 0
    resolutions = []
    resolution_keys = record_keys([res.text for res in item.resolutions])
    for r_pos, (res, key) in enumerate(
        zip(item.resolutions, resolution_keys, strict=True), start=1
    ):
        kinds |= KIND_BITS.get(res.kind, 0)
        resolutions.append(
            {
                "id": rowids.child_id(rowid, r_pos),
                "item_rowid": rowid,
                "key": key,
                "number": res.number,
                "text": res.text,
                "kind": res.kind,
                "truncated": int(res.truncated),
                **_provenance(res, item),
            }
        )
    action_keys = record_keys([action.text for action in item.actions])
    actions = []
    for a_pos, (action, key) in enumerate(zip(item.actions, action_keys, strict=True), start=1):
        due = action.due.isoformat() if action.due else None
        actions.append(
            {
                "id": rowids.child_id(rowid, a_pos),
                "item_rowid": rowid,
                "key": key,
                "sort_key": sort_key,
                "text": action.text,
                "owner": action.owner,
                "due": due,
                "source_kind": action.source_kind,
                **_provenance(action, item),
                **action_columns(
                    action.text,
                    action.owner,
                    due,
                    context.date,
                    context.attendance,
                    context.committee_key,
                ),
            }
        )
    minutes = item.minutes if (item.minutes or "").strip() else None
    row = {
        "rowid": rowid,
        "id": iid,
        "meeting_id": mid,
        "position": position,
        "number": item.number,
        "title": item.title,
        "description": item.description,
        "minutes": minutes,
        "has_minutes": int(minutes is not None),
        "lead_key": lead_key(item.minutes),
        "decision": item.decision,
        "truncated": int(item.truncated),
        "resolution_count": len(item.resolutions),
        "action_count": len(item.actions),
        "kinds": kinds,
        "external_id": item.external_id,
        "url": item.url,
    }
    return ItemRows(
        row=row,
        resolutions=resolutions,
        actions=actions,
        documents=_document_rows(rowid, rowid, item.documents),
        sources=[{"item_rowid": rowid, "source_id": s} for s in merged.sources],
    )


def _provenance(record: Resolution | ActionPoint, item: AgendaItem) -> Row:
    """The rule and passage a record was read from, as columns.

    The span must point into the item as stored: a merged item can take its resolutions
    from one source's copy and its longest text from another's, where the offsets differ.
    A span whose passage is not the record's words is looked for again in the same field,
    and dropped when it is not there (the rule is kept).
    """
    rule, name = record.rule, record.source_field
    start, end = record.span_start, record.span_end
    if name not in ("title", "description", "minutes", "decision"):
        return {"rule": rule, "source_field": None, "span_start": None, "span_end": None}
    text = getattr(item, name) or ""
    if start is None or end is None or not _same_words(text[start:end], record.text):
        found = _find_words(text, record.text)
        start, end = found if found else (None, None)
    return {
        "rule": rule,
        "source_field": name if start is not None else None,
        "span_start": start,
        "span_end": end,
    }


_WORD = re.compile(r"\w+")


def _same_words(passage: str, words: str) -> bool:
    """Whether ``passage`` opens with the record's first words (case and spacing aside)."""
    want = _WORD.findall(words.casefold())[:8]
    return bool(want) and _WORD.findall(passage.casefold())[: len(want)] == want


def _find_words(text: str, words: str) -> tuple[int, int] | None:
    """Where the record's first words stand in ``text``: (start, end of the record)."""
    want = _WORD.findall(words)[:8]
    if not want:
        return None
    pattern = r"\W+".join(re.escape(w) for w in want)
    found = re.search(pattern, text, re.IGNORECASE)
    if found is None:
        return None
    return found.start(), min(len(text), found.start() + len(words))


def _document_rows(owner: int, item_rowid: int | None, documents: list[Document]) -> list[Row]:
    return [
        {
            "id": rowids.child_id(owner, d_pos),
            "item_rowid": item_rowid,
            "title": doc.title,
            "format": doc.format,
            "size_kb": doc.size_kb,
            "url": doc.url,
        }
        for d_pos, doc in enumerate(documents, start=1)
    ]


# --- reading back ---------------------------------------------------------------------------


def meeting_view(conn: sqlite3.Connection, mid: str) -> Row | None:
    """The meeting's view read from its rows (None: no such meeting); equal to the
    ``view()`` of the rows the writer wrote."""
    row = conn.execute(
        f"SELECT seq, {', '.join(MEETING_VIEW)} FROM meetings WHERE id = ?", [mid]
    ).fetchone()
    if row is None:
        return None
    seq = row[0]
    rows = MeetingRows(row=dict(zip(MEETING_VIEW, row[1:], strict=True)))
    rows.attendance = _select(
        conn,
        f"SELECT {', '.join(ATTENDANCE_VIEW)} FROM attendance WHERE meeting_id = ?"
        " ORDER BY position",
        ATTENDANCE_VIEW,
        [mid],
    )
    item_columns = ("rowid", *ITEM_VIEW)
    by_rowid: dict[int, ItemRows] = {}
    for item in _select(
        conn,
        f"SELECT {', '.join(item_columns)} FROM items WHERE rowid BETWEEN ? AND ? ORDER BY rowid",
        item_columns,
        rowids.meeting_items(seq),
    ):
        by_rowid[item["rowid"]] = ItemRows(row=item)
    rows.items = list(by_rowid.values())
    span = rowids.meeting_children(seq)
    owner = rowids.owner_of_sql("id")
    for table, columns, kind in (
        ("documents", DOCUMENT_VIEW, "documents"),
        ("resolutions", RESOLUTION_VIEW, "resolutions"),
        ("actions", ACTION_VIEW, "actions"),
    ):
        for child in _select(
            conn,
            f"SELECT {owner}, {', '.join(columns)} FROM {table}"
            " WHERE id BETWEEN ? AND ? ORDER BY id",
            ("@item", *columns),
            span,
        ):
            if kind == "documents" and child["@item"] not in by_rowid:
                rows.documents.append(child)  # at item position 0: the meeting's own
            else:
                getattr(by_rowid[child["@item"]], kind).append(child)
    return rows.view()


def _select(
    conn: sqlite3.Connection, sql: str, columns: Sequence[str], params: Sequence[object]
) -> list[Row]:
    return [dict(zip(columns, r, strict=True)) for r in conn.execute(sql, params)]
