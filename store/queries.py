"""Read queries for the reader, the CLI and exports. The contract between store and tui.

Every function takes an open ``sqlite3.Connection`` (one per thread: the TUI's
workers each open their own with ``store.db.connect_readonly``) and returns
plain frozen dataclasses (``store.records``), never cursors or rows, so a widget
never sees SQL.

Lists that can be unbounded (meetings, all action points) are read a page at
a time: ``*_page`` functions take a keyset cursor (the last row of the
previous page) and ``*_window`` functions take an offset for random access
when a virtual list jumps (scrollbar drag, ``G``). Counts use the indexes and
FTS, never ``len()`` of a materialised result. How a filter's words are read from
the index is the planner's choice (``store.planner``).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from store import filters, rowids
from store.counts import store_counts
from store.facts import per_store
from store.filters import Filter
from store.folding import normalise_name
from store.phrases import phrase_sql
from store.planner import (
    HITS,
    PLANS,
    SET,
    TEXT_WALK,
    WALK,
    actions_where,
    item_text_sql,
    meetings_where,
    planned_where,
    planned_window,
)
from store.records import (
    ACTION_COLS,
    ITEM_COLS,
    ITEM_WIDTH,
    MEETING_COLS,
    RESOLUTION_COLS,
    ActionRow,
    ItemRow,
    MeetingRow,
    ResolutionRow,
    action_row,
    item_row,
    meeting_row,
    resolution_row,
)
from store.search import text_query
from store.words import StoreText, store_text

if TYPE_CHECKING:
    from store.detail_records import (
        ActionDetail,
        ActionEvent,
        ItemDetail,
        MeetingFacts,
        OrphanRecord,
        StatusCounts,
    )
    from store.search_hits import SearchHit

__all__ = [
    "ACTION_SORTS",
    "HITS",
    "PLANS",
    "SET",
    "TEXT_WALK",
    "WALK",
    "ActionRow",
    "Counts",
    "Filter",
    "ItemRow",
    "MeetingRow",
    "ResolutionRow",
    "action_detail",
    "actions_window",
    "councils",
    "count_actions",
    "count_actions_by_status",
    "count_items",
    "count_meetings",
    "filter_counts",
    "find_meetings",
    "item_actions",
    "item_detail",
    "item_resolutions",
    "meeting",
    "meeting_actions",
    "meeting_contents",
    "meeting_facts",
    "meeting_index",
    "meeting_items",
    "meeting_resolutions",
    "meetings_page",
    "meetings_window",
    "orphaned_user_records",
    "page_url",
    "search_items",
    "search_items_ranked",
    "status_groups",
    "store_counts",
    "upcoming_meetings",
]

Params = list[Any]


def _meeting_rowids(conn: sqlite3.Connection, meeting_id: str) -> rowids.Range:
    """The range of item rowids a meeting's items can have (empty if no such meeting)."""
    row = conn.execute("SELECT seq FROM meetings WHERE id = ?", [meeting_id]).fetchone()
    if row is None or row[0] is None:
        return rowids.NO_ROWS
    return rowids.meeting_items(row[0])


# --- Meetings ---------------------------------------------------------------------------------


def count_meetings(conn: sqlite3.Connection, flt: Filter) -> int:
    """How many meetings the filter keeps."""
    where, params = meetings_where(flt, store_text(conn, flt))
    return conn.execute(f"SELECT count(*) FROM meetings m{where}", params).fetchone()[0]


def councils(conn: sqlite3.Connection, flt: Filter, limit: int = 2) -> list[str | None]:
    """Up to ``limit`` different councils among the filter's meetings (None: not named)."""
    where, params = meetings_where(flt, store_text(conn, flt))
    sql = f"SELECT DISTINCT m.council FROM meetings m{where} LIMIT ?"
    return [r[0] for r in conn.execute(sql, [*params, limit])]


# A filter's counts: its meetings, its items (None: not counted yet) and up to two of the
# councils its meetings are of (None: a meeting whose council is not named).
Counts = tuple[int, int | None, tuple[str | None, ...]]


def filter_counts(conn: sqlite3.Connection, flt: Filter) -> Iterator[Counts]:
    """The filter's counts as they become known: its meetings (with up to two councils)
    first, then its items too.

    A filter with a phrase is counted in one pass, its items' text checked once: counting
    the meetings, the councils and the items each on its own checked every candidate's
    text three times (``"the meeting of"`` at 1M items: 4.8 s for the meetings, 4.4 s for
    the items, as long again for the councils).
    """
    text = store_text(conn, flt)
    if text is None or not text.phrases:
        meetings = count_meetings(conn, flt)
        named = tuple(councils(conn, flt, 2))
        yield meetings, None, named
        yield meetings, count_items(conn, flt), named
        return
    join, where, params = _items_where(flt, text)
    join = join or " JOIN meetings m ON m.id = i.meeting_id"
    items, meetings, first, last, unnamed = conn.execute(
        "SELECT count(*), count(DISTINCT i.meeting_id), min(m.council), max(m.council),"
        f" max(m.council IS NULL) FROM items i{join}{where}",
        params,
    ).fetchone()
    named = tuple(dict.fromkeys(c for c in (first, last) if c is not None))
    yield meetings, items, (*named, *([None] if unnamed else []))[:2]


def plan_ahead(conn: sqlite3.Connection, flt: Filter, rows: int) -> list[MeetingRow]:
    """Work out how the filter's first ``rows`` meetings are read (the index facts its plan
    weighs: a prefix's indexed words, a phrase's sample), and read them (``first_window``).
    Both are kept until the store changes and shared by the reader's connections
    (``store.facts``): the reader calls this while the filter is being typed, so that the
    query Enter starts finds them ready (for a one-letter prefix, 12-38 ms of its index;
    for a prefix of many words read as a walk, ``tran``, 6-11 ms of rows). The window's
    query plans itself (``meetings_window``), at the same depth."""
    return first_window(conn, flt, rows)


def first_window(conn: sqlite3.Connection, flt: Filter, limit: int) -> list[MeetingRow]:
    """``meetings_window(conn, flt, 0, limit)``, kept until the store changes (or the day
    does: a filter may read the date) and shared by the reader's connections: the rows a
    filter's first frame shows, read while it was typed (``plan_ahead``) by one thread and
    found by Enter's query on another."""
    key = ("first window", flt, max(limit, 0), dt.date.today())
    rows = per_store(conn, key, lambda: tuple(meetings_window(conn, flt, 0, limit)))
    return list(rows)


def meetings_window(
    conn: sqlite3.Connection,
    flt: Filter,
    offset: int,
    limit: int,
    *,
    plan: str | None = None,
    total: int | None = None,
) -> list[MeetingRow]:
    """Meetings ``offset`` .. ``offset + limit`` of the filtered list (newest first, undated
    last): random access for a virtual list. ``plan`` forces a search plan (one of
    ``PLANS``); by default the planner chooses, and the rows are the same either way.

    ``total``: the list's length, when the caller knows it (a count of the same filter).
    A window nearer the end than the start is then read from the end, oldest first, so
    jumping to the end costs what the start does.
    """
    offset, limit = max(offset, 0), max(limit, 0)
    backwards = total is not None and total - offset - limit < offset
    if backwards:
        assert total is not None
        limit = max(0, min(limit, total - offset))
        offset = total - offset - limit  # the rows after the window
    index, where, params = planned_window(conn, flt, plan, depth=offset + limit)
    order = "m.sort_key DESC" if backwards else "m.sort_key"
    if index:
        # The window's sort keys read and ordered from the index alone, then its rows: for
        # 1,469 meetings, 6.8 -> 2.5 ms at 1M items, against reading each one's row to sort.
        sql = (
            f"SELECT {MEETING_COLS} FROM meetings m WHERE m.sort_key IN"
            f" (SELECT m.sort_key FROM meetings m INDEXED BY {index}{where}"
            f" ORDER BY {order} LIMIT ? OFFSET ?) ORDER BY {order}"
        )
    else:
        sql = f"SELECT {MEETING_COLS} FROM meetings m{where} ORDER BY {order} LIMIT ? OFFSET ?"
    rows = [meeting_row(r) for r in conn.execute(sql, [*params, limit, offset])]
    return rows[::-1] if backwards else rows


def meetings_page(
    conn: sqlite3.Connection,
    flt: Filter,
    after: MeetingRow | None,
    limit: int,
    *,
    plan: str | None = None,
) -> list[MeetingRow]:
    """The ``limit`` meetings after ``after`` (keyset; ``None`` for the first page)."""
    where, params = planned_where(conn, flt, plan)
    if after is not None:
        where = (where + " AND" if where else " WHERE") + " m.sort_key > ?"
        params = [*params, after.sort_key]
    rows = conn.execute(
        f"SELECT {MEETING_COLS} FROM meetings m{where} ORDER BY m.sort_key LIMIT ?",
        [*params, max(limit, 0)],
    )
    return [meeting_row(r) for r in rows]


def meeting_index(conn: sqlite3.Connection, flt: Filter, meeting_id: str) -> int | None:
    """The meeting's position in the filtered list, or None when the filter hides it."""
    where, params = meetings_where(flt, store_text(conn, flt))
    joiner = " AND" if where else " WHERE"
    row = conn.execute(
        f"SELECT m.sort_key FROM meetings m{where}{joiner} m.id = ?", [*params, meeting_id]
    ).fetchone()
    if row is None:
        return None
    return conn.execute(
        f"SELECT count(*) FROM meetings m{where}{joiner} m.sort_key < ?", [*params, row[0]]
    ).fetchone()[0]


def meeting(conn: sqlite3.Connection, meeting_id: str) -> MeetingRow | None:
    """One meeting by id."""
    row = conn.execute(
        f"SELECT {MEETING_COLS} FROM meetings m WHERE m.id = ?", [meeting_id]
    ).fetchone()
    return meeting_row(row) if row else None


def find_meetings(conn: sqlite3.Connection, text: str, limit: int = 20) -> list[MeetingRow]:
    """Meetings whose committee or date contain every word of ``text`` (newest first).

    Dates match as ``2017-09-27``, ``27/09/2017``, ``27 september 2017`` or the
    weekday, so "go to meeting" accepts what a person would type.
    """
    conds: list[str] = []
    params: Params = []
    for word in text.casefold().split():
        token = word
        if not any(ch in token for ch in "/-"):
            token = normalise_name(token)
        if not token:
            continue
        conds.append("m.find_text LIKE ? ESCAPE '\\'")
        params.append(filters.like_pattern(token))
    where = (" WHERE " + " AND ".join(conds)) if conds else ""
    rows = conn.execute(
        f"SELECT {MEETING_COLS} FROM meetings m{where} ORDER BY m.sort_key LIMIT ?",
        [*params, max(limit, 0)],
    )
    return [meeting_row(r) for r in rows]


# --- Items ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PassingItems:
    """The filter's tests of one meeting's items, made once (``meeting_contents``): the
    meeting's item rowids (``span``) and a test of those that pass, by rowid."""

    span: rowids.Range
    held: tuple[int, ...]

    def sql(self) -> tuple[list[str], Params]:
        return ["i.rowid IN (SELECT value FROM json_each(?))"], [json.dumps(self.held)]


def _items_where(
    flt: Filter,
    text: StoreText | None,
    span: rowids.Range | None = None,
    tests: PassingItems | None = None,
) -> tuple[str, str, Params]:
    """(join, where, params) selecting the filter's items (alias ``i``); ``tests``: the
    item tests already made (``_passing_items``), in place of ``item_text_sql``'s."""
    conds, params = tests.sql() if tests else item_text_sql(flt, text, "i", span)
    m_conds, m_params = filters.meeting_sql(flt, "m")
    join = " JOIN meetings m ON m.id = i.meeting_id" if m_conds else ""
    conds += m_conds
    params += m_params
    return join, (" WHERE " + " AND ".join(conds)) if conds else "", params


def count_items(conn: sqlite3.Connection, flt: Filter, at_most: int | None = None) -> int:
    """How many items the filter keeps (across all meetings).

    With ``at_most``, counting stops once past it: the answer is exact up to
    ``at_most`` and ``at_most + 1`` when there are more. A common word in a store of a
    million items has half a million hits: counting them all took 40-70 ms of a 120-180 ms
    ``minutes-tui search``; counting to ten thousand takes 0.5-3.5 ms.
    """
    text = store_text(conn, flt)
    flags, _ = filters.item_sql(flt, "i")
    if text is not None and not flags and not text.phrases:
        # Count index hits; meeting parts join on the meeting encoded in the rowid.
        m_conds, m_params = filters.meeting_sql(flt, "m")
        seq = rowids.seq_of_item_sql("items_fts.rowid")
        join = f" JOIN meetings m ON m.seq = {seq}" if m_conds else ""
        where = "".join(f" AND {c}" for c in m_conds)
        source = f"items_fts{join} WHERE items_fts MATCH ?{where}"
        params = [text.match, *m_params]
    else:
        join, where, params = _items_where(flt, text)
        source = f"items i{join}{where}"
    if at_most is None:
        return int(conn.execute(f"SELECT count(*) FROM {source}", params).fetchone()[0])
    return int(
        conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {source} LIMIT ?)", [*params, at_most + 1]
        ).fetchone()[0]
    )


def meeting_contents(
    conn: sqlite3.Connection, meeting_id: str, flt: Filter
) -> tuple[list[ItemRow], list[ResolutionRow], list[ActionRow]]:
    """``meeting_items``, ``meeting_resolutions`` and ``meeting_actions`` of one meeting.

    With words, the meeting's items that hold them are found once: each of the three
    tested every item of the meeting against the index again (1.2-2.4 ms each at 1M items,
    on the way to every filter's first frame, whose first meeting is read with its rows).
    """
    text = store_text(conn, flt)
    if text is None:
        return (
            meeting_items(conn, meeting_id, flt),
            meeting_resolutions(conn, meeting_id, flt),
            meeting_actions(conn, meeting_id, flt),
        )
    tests = _passing_items(conn, meeting_id, flt, text)
    if tests is None:
        return [], [], []  # no item passes: none of the three has a row
    return (
        meeting_items(conn, meeting_id, flt, tests),
        meeting_resolutions(conn, meeting_id, flt, tests),
        meeting_actions(conn, meeting_id, flt, tests),
    )


def _passing_items(
    conn: sqlite3.Connection, meeting_id: str, flt: Filter, text: StoreText
) -> PassingItems | None:
    """The meeting's items that pass the filter's item tests (``text``, its words as the
    store answers them; ``kind:``, ``has:``), as a test of their rowids; None when none does."""
    span = _meeting_rowids(conn, meeting_id)
    conds, params = item_text_sql(flt, text, "i", span)
    where = " AND ".join(["i.rowid BETWEEN ? AND ?", *conds])
    rows = conn.execute(f"SELECT i.rowid FROM items i WHERE {where}", [*span, *params])
    held = tuple(r[0] for r in rows)
    return PassingItems(span, held) if held else None


def meeting_items(
    conn: sqlite3.Connection, meeting_id: str, flt: Filter, tests: PassingItems | None = None
) -> list[ItemRow]:
    """A meeting's items in agenda order; a non-empty filter keeps only matching items
    (``tests``: those of ``_passing_items``, already made)."""
    text = store_text(conn, flt)
    span = _meeting_rowids(conn, meeting_id) if text is not None and tests is None else None
    join, where, params = _items_where(flt, text, span, tests)
    where = (where + " AND" if where else " WHERE") + " i.meeting_id = ?"
    rows = conn.execute(
        f"SELECT {ITEM_COLS} FROM items i{join}{where} ORDER BY i.position",
        [*params, meeting_id],
    )
    return [item_row(r) for r in rows]


def _item_key(item_id: str) -> list[str]:
    """Parameters for ``_BY_ITEM_ID``: an item id begins with its meeting's id, and
    items are indexed by (meeting_id, position), not by id."""
    return [item_id.split("/", 1)[0], item_id]


_BY_ITEM_ID = "i.meeting_id = ? AND i.id = ?"
# An item's child rows: one id range from its rowid (``store.rowids``).
_ITEM_CHILDREN = rowids.item_children_between_sql("i.rowid")


def item_resolutions(conn: sqlite3.Connection, item_id: str) -> list[ResolutionRow]:
    """An item's resolutions in the order the minutes give them."""
    rows = conn.execute(
        f"SELECT {RESOLUTION_COLS} FROM items i JOIN resolutions r ON r.id {_ITEM_CHILDREN}"
        f" WHERE {_BY_ITEM_ID} ORDER BY r.id",
        _item_key(item_id),
    )
    return [resolution_row(r) for r in rows]


def item_actions(conn: sqlite3.Connection, item_id: str) -> list[ActionRow]:
    """An item's action points in order."""
    rows = conn.execute(
        f"SELECT {ACTION_COLS} FROM items i JOIN actions a ON a.id {_ITEM_CHILDREN}"
        f" JOIN meetings m ON m.id = i.meeting_id WHERE {_BY_ITEM_ID} ORDER BY a.id",
        _item_key(item_id),
    )
    return tracked(conn, [action_row(r) for r in rows])


def meeting_resolutions(
    conn: sqlite3.Connection, meeting_id: str, flt: Filter, tests: PassingItems | None = None
) -> list[ResolutionRow]:
    """A meeting's resolutions in agenda order: those of its matching items, and of the
    filter's kind when it names one (``tests``: as ``meeting_items``)."""
    text = store_text(conn, flt)
    items = tests.span if tests else _meeting_rowids(conn, meeting_id)
    join, where, params = _items_where(flt, text, items if text is not None else None, tests)
    where = (where + " AND" if where else " WHERE") + " r.id BETWEEN ? AND ?"
    params = [*params, *rowids.children_of_items(items)]
    if flt.kind:
        where += " AND r.kind = ?"
        params.append(flt.kind)
    # Ids run in agenda order, then in the item's order.
    rows = conn.execute(
        f"SELECT {RESOLUTION_COLS} FROM resolutions r JOIN items i ON i.rowid = r.item_rowid"
        f"{join}{where} ORDER BY r.id",
        params,
    )
    return [resolution_row(r) for r in rows]


def meeting_actions(
    conn: sqlite3.Connection, meeting_id: str, flt: Filter, tests: PassingItems | None = None
) -> list[ActionRow]:
    """A meeting's action points in agenda order (of its matching items; ``tests``: as
    ``meeting_items``)."""
    text = store_text(conn, flt)
    items = tests.span if tests else _meeting_rowids(conn, meeting_id)
    if tests is not None:
        conds, params = tests.sql()
    else:
        conds, params = item_text_sql(flt, text, "i", items if text is not None else None)
    m_conds, m_params = filters.meeting_sql(flt, "m", under_actions=True)
    a_conds, a_params = filters.action_sql(flt, "a")
    conds = [*conds, *m_conds, *a_conds, "a.id BETWEEN ? AND ?"]
    params = [*params, *m_params, *a_params, *rowids.children_of_items(items)]
    rows = conn.execute(
        f"SELECT {ACTION_COLS} FROM actions a JOIN items i ON i.rowid = a.item_rowid"
        " JOIN meetings m ON m.id = i.meeting_id WHERE " + " AND ".join(conds) + " ORDER BY a.id",
        params,
    )
    return tracked(conn, [action_row(r) for r in rows])


def meeting_facts(conn: sqlite3.Connection, meeting_id: str) -> MeetingFacts:
    """A meeting's venue, contact, page, declarations, inferred values and attendance."""
    from store.detail_records import Attendee, MeetingFacts

    row = conn.execute(
        "SELECT venue, contact, url, declarations, inferred FROM meetings WHERE id = ?",
        [meeting_id],
    ).fetchone()
    if row is None:
        return MeetingFacts()
    attendance = tuple(
        Attendee(name=r[0], status=r[1], role=r[2], reason=r[3])
        for r in conn.execute(
            "SELECT name, status, role, reason FROM attendance WHERE meeting_id = ?"
            " ORDER BY position",
            [meeting_id],
        )
    )
    return MeetingFacts(
        venue=row[0],
        contact=row[1],
        url=row[2],
        declarations=row[3],
        inferred=tuple(row[4].split(",")) if row[4] else (),
        attendance=attendance,
    )


def page_url(conn: sqlite3.Connection, meeting_id: str, item_id: str | None = None) -> str | None:
    """The web page a record came from: the item's own page, else its meeting's."""
    if item_id is not None:
        row = conn.execute(f"SELECT url FROM items i WHERE {_BY_ITEM_ID}", _item_key(item_id))
        found = row.fetchone()
        if found and found[0]:
            return str(found[0])
    row = conn.execute("SELECT url FROM meetings WHERE id = ?", [meeting_id]).fetchone()
    return str(row[0]) if row and row[0] else None


def item_detail(conn: sqlite3.Connection, item_id: str) -> ItemDetail | None:
    """Everything the reading view shows for one item, or None if it no longer exists."""
    from store.detail_records import DocumentRow, ItemDetail, SourceRow

    row = conn.execute(
        f"SELECT {ITEM_COLS}, i.description, i.minutes, i.decision, i.rowid, i.url FROM items i"
        f" WHERE {_BY_ITEM_ID}",
        _item_key(item_id),
    ).fetchone()
    if row is None:
        return None
    item = item_row(row)
    meeting_found = meeting(conn, item.meeting_id)
    if meeting_found is None:  # cannot happen with foreign keys; be safe for the UI
        return None
    documents = tuple(
        DocumentRow(title=r[0], format=r[1], size_kb=r[2], url=r[3])
        for r in conn.execute(
            "SELECT title, format, size_kb, url FROM documents WHERE id BETWEEN ? AND ?"
            " ORDER BY id",
            rowids.item_children(row[11]),
        )
    )
    sources = tuple(
        SourceRow(
            path=r[0],
            sha256=r[1] or "",
            format=r[2] or "",
            page_kind=r[3] or "",
            ingested_at=r[4] or "",
        )
        for r in conn.execute(
            "SELECT s.path, s.sha256, s.format, s.page_kind, s.ingested_at FROM item_sources x"
            " JOIN sources s ON s.id = x.source_id WHERE x.item_rowid = ? ORDER BY s.path",
            [row[11]],
        )
    )
    return ItemDetail(
        item=item,
        meeting=meeting_found,
        facts=meeting_facts(conn, item.meeting_id),
        url=row[12],
        description=row[8],
        minutes=row[9],
        decision=row[10],
        documents=documents,
        resolutions=tuple(item_resolutions(conn, item_id)),
        actions=tuple(item_actions(conn, item_id)),
        sources=sources,
    )


# --- All action points ------------------------------------------------------------------------


def count_actions(conn: sqlite3.Connection, flt: Filter) -> int:
    """How many action points the filter keeps (those of matching items and meetings)."""
    join, where, params = actions_where(conn, flt)
    return conn.execute(f"SELECT count(*) FROM actions a{join}{where}", params).fetchone()[0]


# The orders the list of actions can be read in, each the order of an index
# (``store.migrations`` m008): newest meeting first; soonest due (undated last); by owner
# (none last); by committee. "status" groups the list by status (``status_groups``).
ACTION_SORTS: dict[str, str] = {
    "meeting": "a.sort_key, a.id",
    "due": "a.due_key, a.sort_key, a.id",
    "owner": "a.owner_key, a.sort_key, a.id",
    "committee": "a.committee_key, a.sort_key, a.id",
    "status": "a.sort_key, a.id",
}


def actions_window(
    conn: sqlite3.Connection,
    flt: Filter,
    offset: int,
    limit: int,
    *,
    sort: str = "meeting",
    counts: StatusCounts | None = None,
) -> list[ActionRow]:
    """Action points ``offset`` .. ``offset + limit`` of the filtered list in ``sort`` order
    (one of ``ACTION_SORTS``; newest meeting first, agenda order within a meeting).

    Sorted by status, the list is the filter's actions of each status in turn
    (``status_groups``): ``counts``, the filter's counts per status, say where each group
    starts (read once by the caller, they are not read again for every window).
    """
    offset, limit = max(offset, 0), max(limit, 0)
    if sort == "status" and counts is None and offset == 0:
        # The first window needs no counts: each group in turn until the window is full.
        rows: list[ActionRow] = []
        for group, _ in status_group_filters(flt):
            if len(rows) >= limit:
                break
            rows += _actions_window(conn, group, 0, limit - len(rows), ACTION_SORTS["meeting"])
        return tracked(conn, rows)
    if sort == "status":
        if counts is None:
            counts = count_actions_by_status(conn, flt)
        rows = []
        start = 0
        for group, size in status_groups(flt, counts):
            end = start + size
            if offset < end and offset + limit > start and size:
                first = max(offset, start) - start
                want = min(offset + limit, end) - start - first
                rows += _actions_window(conn, group, first, want, ACTION_SORTS["meeting"])
            start = end
        return tracked(conn, rows)
    order = ACTION_SORTS.get(sort)
    if order is None:
        raise ValueError(f"unknown order {sort!r} (use {', '.join(ACTION_SORTS)})")
    return tracked(conn, _actions_window(conn, flt, offset, limit, order))


def _actions_window(
    conn: sqlite3.Connection, flt: Filter, offset: int, limit: int, order: str
) -> list[ActionRow]:
    join, where, params = actions_where(conn, flt, depth=offset + limit)
    # Page over the list's index first, then join only the rows shown.
    rows = conn.execute(
        f"WITH page AS (SELECT a.id FROM actions a{join}{where}"
        f" ORDER BY {order} LIMIT ? OFFSET ?)"
        f" SELECT {ACTION_COLS} FROM page JOIN actions a ON a.id = page.id"
        " JOIN items i ON i.rowid = a.item_rowid JOIN meetings m ON m.id = i.meeting_id"
        f" ORDER BY {order}",
        [*params, limit, offset],
    )
    return [action_row(r) for r in rows]


def status_group_filters(flt: Filter) -> list[tuple[Filter, str]]:
    """The list sorted by status as groups: (the filter of a group, its status). Overdue
    first, then the other open actions, done, dropped, superseded; a filter naming
    statuses keeps only theirs."""
    base = flt.without_tracking()
    wanted = flt.statuses or frozenset(filters.STATUSES)
    groups: list[tuple[Filter, str]] = []
    if "overdue" in wanted or "open" in wanted:
        groups.append((replace(base, statuses=frozenset({"overdue"})), "overdue"))
    if "open" in wanted:
        groups.append((replace(base, statuses=frozenset({"open"}), not_overdue=True), "open"))
    for status in ("done", "dropped", "superseded"):
        if status in wanted:
            groups.append((replace(base, statuses=frozenset({status})), status))
    return groups


def status_groups(flt: Filter, counts: StatusCounts) -> list[tuple[Filter, int]]:
    """``status_group_filters`` with each group's size (``counts``: the filter's counts)."""
    sizes = {
        "overdue": counts.overdue,
        "open": counts.open - counts.overdue,
        "done": counts.done,
        "dropped": counts.dropped,
        "superseded": counts.superseded,
    }
    return [(group, sizes[status]) for group, status in status_group_filters(flt)]


def count_actions_by_status(conn: sqlite3.Connection, flt: Filter) -> StatusCounts:
    """How many of the filter's actions (its status field aside) are in each status."""
    from store.detail_records import StatusCounts

    base = flt.without_tracking()
    join, where, params = actions_where(conn, base)
    today = filters.today().isoformat()
    counts = {status: 0 for status in filters.STATUSES}
    overdue = 0
    for status, count, late in conn.execute(
        f"SELECT coalesce(a.minutes_status, 'open'), count(*), sum(a.due_key < ?)"
        f" FROM actions a{join}{where} GROUP BY 1",
        [today, *params],
    ):
        counts[status] = counts.get(status, 0) + count
        if status == "open":
            overdue += late or 0
    mine = dict(conn.execute(f"SELECT x.id, u.status FROM {filters.LATEST_USER_STATUS}").fetchall())
    if mine:
        joiner = " AND" if where else " WHERE"
        for action_id, minutes, late in conn.execute(
            f"SELECT a.id, coalesce(a.minutes_status, 'open'), a.due_key < ? FROM actions a"
            f"{join}{where}{joiner} a.id IN (SELECT value FROM json_each(?))",
            [today, *params, json.dumps(list(mine))],
        ):
            counts[minutes] -= 1
            overdue -= bool(late) and minutes == "open"
            counts[mine[action_id]] += 1
            overdue += bool(late) and mine[action_id] == "open"
    return StatusCounts(overdue=overdue, **counts)


def tracked(conn: sqlite3.Connection, rows: list[ActionRow]) -> list[ActionRow]:
    """The rows with what the user set on them (status, note) and whether each is overdue."""
    if not rows:
        return rows
    items = json.dumps(sorted({r.item_id for r in rows}))
    statuses = {
        (item_id, key): status
        for item_id, key, status, _ in conn.execute(
            "SELECT item_id, key, status, max(id) FROM action_status_log"
            " WHERE item_id IN (SELECT value FROM json_each(?)) GROUP BY item_id, key",
            [items],
        )
    }
    notes = {
        (item_id, key): note
        for item_id, key, note in conn.execute(
            "SELECT item_id, key, note FROM action_notes"
            " WHERE item_id IN (SELECT value FROM json_each(?))",
            [items],
        )
    }
    today = filters.today()
    out = []
    for row in rows:
        key = (row.item_id, _key_of(row))
        status, by = row.status, row.status_by
        if key in statuses:
            status, by = statuses[key], "you"
        overdue = status == "open" and row.due_on is not None and row.due_on < today
        if (status, by, overdue) != (row.status, row.status_by, row.overdue) or key in notes:
            row = replace(row, status=status, status_by=by, note=notes.get(key), overdue=overdue)
        out.append(row)
    return out


def _key_of(row: ActionRow) -> int | None:
    """The record key an action's stable id ends with."""
    return int(row.record_id.rsplit("/a", 1)[1], 16) if row.record_id else None


def action_detail(conn: sqlite3.Connection, action_id: str) -> ActionDetail | None:
    """An action by its stable id, with its history and note; None if it is not in the
    store (``orphaned_user_records`` lists what the user set on such actions)."""
    from store.detail_records import ActionDetail, ActionEvent
    from store.userdata import split_action_id

    try:
        meeting_id, item_id, key = split_action_id(action_id)
    except ValueError:
        return None
    row = conn.execute(
        f"SELECT {ACTION_COLS} FROM items i JOIN actions a ON a.item_rowid = i.rowid"
        " JOIN meetings m ON m.id = i.meeting_id WHERE i.meeting_id = ? AND i.id = ?"
        " AND a.key = ?",
        [meeting_id, item_id, key],
    ).fetchone()
    if row is None:
        return None
    action = tracked(conn, [action_row(row)])[0]
    history: list[ActionEvent] = []
    for at, status, why, evidence in conn.execute(
        "SELECT at, status, why, evidence FROM action_status_log WHERE item_id = ? AND key = ?"
        " ORDER BY id",
        [item_id, key],
    ):
        history.append(ActionEvent(at, "you", status, why, evidence, _item_label(conn, evidence)))
    for evidence, date, rule, progress, field_name, start, end in conn.execute(
        "SELECT evidence_item, evidence_date, rule, progress, source_field, span_start,"
        " span_end FROM action_links WHERE action_item = ? AND action_key = ?",
        [item_id, key],
    ):
        passage = _passage(conn, evidence, field_name, start, end)
        history.append(
            ActionEvent(
                date or "",
                "minutes",
                progress,
                passage,
                evidence,
                _item_label(conn, evidence),
                rule,
            )
        )
    history.sort(key=lambda e: e.at)
    note = conn.execute(
        "SELECT note, at FROM action_notes WHERE item_id = ? AND key = ?", [item_id, key]
    ).fetchone()
    return ActionDetail(
        action, tuple(history), note[0] if note else None, note[1] if note else None
    )


def _item_label(conn: sqlite3.Connection, item_id: str | None) -> str | None:
    """``Cabinet, 2018-11-20, item 4: Matters arising`` for an item id (None if gone)."""
    if not item_id:
        return None
    row = conn.execute(
        "SELECT m.committee, m.date, i.number, i.title FROM items i"
        " JOIN meetings m ON m.id = i.meeting_id WHERE i.meeting_id = ? AND i.id = ?",
        _item_key(item_id),
    ).fetchone()
    if row is None:
        return None
    committee, date, number, title = row
    where = ", ".join(x for x in (committee, date, number and f"item {number}") if x)
    return f"{where}: {title}" if title else where


def _passage(
    conn: sqlite3.Connection,
    item_id: str,
    field_name: str | None,
    start: int | None,
    end: int | None,
) -> str | None:
    """The words of a later item that report on an action (its first paragraph when the
    link names no passage)."""
    if field_name not in ("minutes", "decision"):
        field_name = "minutes"
    row = conn.execute(
        f"SELECT coalesce(i.{field_name}, i.decision) FROM items i WHERE {_BY_ITEM_ID}",
        _item_key(item_id),
    ).fetchone()
    if row is None or not row[0]:
        return None
    text: str = row[0]
    if start is not None and end is not None:
        return text[start:end].strip()
    return text.split("\n\n", 1)[0].strip()


def orphaned_user_records(conn: sqlite3.Connection) -> list[OrphanRecord]:
    """What the user set on actions that are no longer in the store, newest first."""
    from store.detail_records import OrphanRecord

    rows = conn.execute(
        "SELECT action_id, item_id, key FROM (SELECT action_id, meeting_id, item_id, key"
        " FROM action_status_log UNION SELECT action_id, meeting_id, item_id, key"
        " FROM action_notes) u WHERE NOT EXISTS (SELECT 1 FROM items ux JOIN actions x"
        " ON x.item_rowid = ux.rowid AND x.key = u.key WHERE ux.meeting_id = u.meeting_id"
        " AND ux.id = u.item_id)"
    ).fetchall()
    out = []
    for action_id, item_id, key in rows:
        status = conn.execute(
            "SELECT status, text, at FROM action_status_log WHERE item_id = ? AND key = ?"
            " ORDER BY id DESC LIMIT 1",
            [item_id, key],
        ).fetchone()
        note = conn.execute(
            "SELECT note, text, at FROM action_notes WHERE item_id = ? AND key = ?",
            [item_id, key],
        ).fetchone()
        text = (status and status[1]) or (note and note[1])
        at = max(x[2] for x in (status, note) if x)
        out.append(
            OrphanRecord(
                action_id, text, status[0] if status else None, note[0] if note else None, at
            )
        )
    out.sort(key=lambda r: r.at, reverse=True)
    return out


def upcoming_meetings(
    conn: sqlite3.Connection, flt: Filter, since: dt.date, limit: int = 10_000
) -> list[MeetingRow]:
    """The filter's meetings on or after ``since``, soonest first (for a calendar)."""
    where, params = meetings_where(flt, store_text(conn, flt))
    joiner = " AND" if where else " WHERE"
    rows = conn.execute(
        f"SELECT {MEETING_COLS} FROM meetings m{where}{joiner} m.date >= ?"
        " ORDER BY m.date, m.time, m.sort_key LIMIT ?",
        [*params, since.isoformat(), limit],
    )
    return [meeting_row(r) for r in rows]


def search_items(
    conn: sqlite3.Connection, flt: Filter, limit: int = 20, offset: int = 0
) -> list[SearchHit]:
    """Items matching the filter as the reader lists them: newest meeting first, agenda order
    within a meeting. The meetings come from the search planner a window at a time
    (``meetings_window``), and each one's matching items with one probe of its rowid range,
    so the cost follows the hits shown, not the hits there are."""
    limit, offset = max(limit, 0), max(offset, 0)
    text = store_text(conn, flt)
    hits: list[SearchHit] = []
    skip = offset
    start, size = 0, max(8, limit)  # meetings per window: a meeting has one match at least
    while len(hits) < limit:
        meetings = meetings_window(conn, flt, start, size)
        for meeting in meetings:
            for hit in _meeting_hits(conn, flt, text, meeting):
                if skip:
                    skip -= 1
                    continue
                hits.append(hit)
                if len(hits) == limit:
                    return hits
        if len(meetings) < size:
            break
        start, size = start + size, min(2 * size, 512)
    return hits


def _meeting_hits(
    conn: sqlite3.Connection, flt: Filter, text: StoreText | None, meeting: MeetingRow
) -> list[SearchHit]:
    """One meeting's items matching the filter, in agenda order, with their text."""
    from store.search_hits import SearchHit

    span = _meeting_rowids(conn, meeting.id) if text is not None else None
    join, where, params = _items_where(flt, text, span)
    where = (where + " AND" if where else " WHERE") + " i.meeting_id = ?"
    rows = conn.execute(
        f"SELECT {ITEM_COLS}, i.description, i.minutes, i.decision FROM items i{join}{where}"
        " ORDER BY i.position",
        [*params, meeting.id],
    )
    return [
        SearchHit(item_row(r[:ITEM_WIDTH]), meeting, *r[ITEM_WIDTH : ITEM_WIDTH + 3]) for r in rows
    ]


def search_items_ranked(
    conn: sqlite3.Connection, flt: Filter, limit: int = 20, offset: int = 0
) -> list[SearchHit]:
    """Items matching the filter, best text match first (FTS5's bm25 rank), then newest.

    Ranks every match: the index keeps no positions (``detail=none``), so FTS5 reads and
    tokenizes the text of every matching item for it. Seconds for a common word in a store
    of a million items; ``search_items`` is the everyday order.
    """
    from store.search_hits import search_hit

    conds, params = filters.item_sql(flt, "i")
    m_conds, m_params = filters.meeting_sql(flt, "m")
    conds += m_conds
    params += m_params
    # FTS5's own prefix query, not the OR of the words it starts: bm25 then scores the
    # prefix as one term, where an OR would rank items holding its rarest words first.
    query = text_query(flt)
    if query is not None and query.phrase_spec:
        conds.append(phrase_sql("?", "i"))
        params.append(query.phrase_spec)
    match = query.match() if query is not None else None
    columns = f"{ITEM_COLS}, {MEETING_COLS}, i.description, i.minutes, i.decision"
    if match and not conds:
        # Rank and page inside the index, then read only the rows shown.
        source = (
            "(SELECT rowid, rank FROM items_fts WHERE items_fts MATCH ?"
            " ORDER BY rank LIMIT ? OFFSET ?) AS hits JOIN items i ON i.rowid = hits.rowid"
        )
        rows = conn.execute(
            f"SELECT {columns} FROM {source} JOIN meetings m ON m.id = i.meeting_id"
            " ORDER BY hits.rank, m.sort_key, i.position",
            [match, max(limit, 0), max(offset, 0)],
        )
        return [search_hit(r) for r in rows]
    if match:
        source = "items_fts JOIN items i ON i.rowid = items_fts.rowid"
        conds.insert(0, "items_fts MATCH ?")
        params.insert(0, match)
        order = "items_fts.rank, m.sort_key, i.position"
    else:
        source = "items i"
        order = "m.sort_key, i.position"
    where = (" WHERE " + " AND ".join(conds)) if conds else ""
    rows = conn.execute(
        f"SELECT {columns} FROM {source} JOIN meetings m ON m.id = i.meeting_id{where}"
        f" ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, max(limit, 0), max(offset, 0)],
    )
    return [search_hit(r) for r in rows]
