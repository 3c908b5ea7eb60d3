"""Reads for following the council: people, threads, what is new, and the reader's marks.

Public read functions in the manner of ``store.queries`` (each takes a connection and returns
``store.records`` dataclasses); ``store.queries`` re-exports them. The indexes they read are
``store.derived``'s (``mentions``, ``people``, ``thread_keys``), the news stamps
``store.news`` writes, and the user tables of ``store.userdata``.

* **People**: the index (``people_window``), one person's summary and their mentions newest
  first (``person_summary``, ``person_window``).
* **Threads**: every appearance of an item's matter, newest first (``thread``), and which
  items of a meeting have one (``threaded_items``).
* **News**: items new or changed since an epoch, in a scope (everything, a filter, an item,
  a thread, a person): ``news_count`` is a watch's number, ``news_window`` its list.
* **Marks**: bookmarks and notes (``marks_window``), and a meeting's marked ids.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from store import filters, rowids
from store.filters import Filter, like_pattern, parse_filter
from store.folding import person_words
from store.follow_records import (
    AppearanceRow,
    MarkRow,
    MentionRow,
    NewsRow,
    PersonRow,
    PersonSummary,
    WatchRow,
)
from store.keys import record_id
from store.marks import ALL_NOTES, marks_in_meeting, threaded_items
from store.phrases import phrase_sql
from store.planner import item_text_sql
from store.records import (
    ITEM_COLS,
    ITEM_WIDTH,
    MEETING_COLS,
    MEETING_WIDTH,
    item_row,
    meeting_row,
)
from store.threads import is_issue_key
from store.userdata import OVERALL
from store.words import store_text

__all__ = [
    "ATTENDED",
    "MISSED",
    "Scope",
    "count_marks",
    "count_people",
    "count_person_mentions",
    "current_epoch",
    "is_bookmarked",
    "marks_in_meeting",
    "marks_window",
    "news_count",
    "news_window",
    "note_text",
    "overall_seen",
    "people_window",
    "person_summary",
    "person_window",
    "thread",
    "threaded_items",
    "watch",
    "watch_scope",
    "watches",
]

Params = list[Any]
ATTENDED = ("present", "in_attendance", "substitute")
MISSED = ("apologies", "absent")


def current_epoch(conn: sqlite3.Connection) -> int:
    """The last epoch a change was stamped with (``store.news``; 0: none since m009)."""
    row = conn.execute("SELECT value FROM store_state WHERE name = 'epoch'").fetchone()
    return int(row[0]) if row else 0


def _item_rowid(conn: sqlite3.Connection, item_id: str) -> int | None:
    row = conn.execute(
        "SELECT rowid FROM items WHERE meeting_id = ? AND id = ?",
        [item_id.split("/", 1)[0], item_id],
    ).fetchone()
    return row[0] if row else None


# --- people -----------------------------------------------------------------------------------


def _people_where(text: str) -> tuple[str, Params]:
    words = person_words(text).split()
    conds = ["EXISTS (SELECT 1 FROM mentions x WHERE x.person_key = p.key)"]
    conds += ["p.key LIKE ? ESCAPE '\\'" for _ in words]
    return " WHERE " + " AND ".join(conds), [like_pattern(w) for w in words]


def count_people(conn: sqlite3.Connection, text: str = "") -> int:
    """How many people the minutes name (whose key holds every word of ``text``)."""
    where, params = _people_where(text)
    return conn.execute(f"SELECT count(*) FROM people p{where}", params).fetchone()[0]


def people_window(conn: sqlite3.Connection, text: str, offset: int, limit: int) -> list[PersonRow]:
    """People ``offset`` .. ``offset + limit`` by surname, with how many meetings name them."""
    where, params = _people_where(text)
    rows = conn.execute(
        "SELECT p.key, p.name, (SELECT count(DISTINCT x.meeting_id) FROM mentions x"
        f" WHERE x.person_key = p.key) FROM people p{where} ORDER BY p.key LIMIT ? OFFSET ?",
        [*params, max(limit, 0), max(offset, 0)],
    )
    return [PersonRow(key=r[0], name=r[1], meetings=r[2]) for r in rows]


def person_summary(conn: sqlite3.Connection, key: str) -> PersonSummary | None:
    """One person's counts, names and roles as written; None when no meeting names them."""
    row = conn.execute("SELECT name FROM people WHERE key = ?", [key]).fetchone()
    counts = dict(
        conn.execute(
            "SELECT role, count(*) FROM mentions WHERE person_key = ? GROUP BY role", [key]
        ).fetchall()
    )
    if row is None or not counts:
        return None

    def meetings(roles: Sequence[str]) -> int:
        marks = ", ".join("?" for _ in roles)
        return conn.execute(
            "SELECT count(DISTINCT meeting_id) FROM mentions WHERE person_key = ?"
            f" AND role IN ({marks})",
            [key, *roles],
        ).fetchone()[0]

    total = conn.execute(
        "SELECT count(DISTINCT meeting_id) FROM mentions WHERE person_key = ?", [key]
    ).fetchone()[0]
    names = tuple(
        r[0]
        for r in conn.execute(
            "SELECT name FROM mentions WHERE person_key = ? GROUP BY name"
            " ORDER BY count(*) DESC, name LIMIT 8",
            [key],
        )
    )
    roles = tuple(
        r[0]
        for r in conn.execute(
            "SELECT written_role FROM mentions WHERE person_key = ? AND written_role IS NOT NULL"
            " GROUP BY written_role ORDER BY count(*) DESC, written_role LIMIT 8",
            [key],
        )
    )
    return PersonSummary(
        key=key,
        name=row[0],
        meetings=total,
        attended=meetings(ATTENDED),
        missed=meetings(MISSED),
        counts=counts,
        names=names,
        roles=roles,
    )


def _mentions_where(key: str, roles: Sequence[str] | None) -> tuple[str, Params]:
    where, params = " WHERE x.person_key = ?", [key]
    if roles:
        where += f" AND x.role IN ({', '.join('?' for _ in roles)})"
        params += list(roles)
    return where, params


def count_person_mentions(
    conn: sqlite3.Connection, key: str, roles: Sequence[str] | None = None
) -> int:
    where, params = _mentions_where(key, roles)
    return conn.execute(f"SELECT count(*) FROM mentions x{where}", params).fetchone()[0]


def person_window(
    conn: sqlite3.Connection,
    key: str,
    offset: int,
    limit: int,
    roles: Sequence[str] | None = None,
) -> list[MentionRow]:
    """What the minutes say of a person (of ``roles``, else all), newest meeting first."""
    where, params = _mentions_where(key, roles)
    rows = conn.execute(
        f"SELECT x.role, x.name, x.written_role, x.text, i.id, i.number, i.title, {MEETING_COLS}"
        " FROM mentions x JOIN meetings m ON m.id = x.meeting_id"
        f" LEFT JOIN items i ON i.rowid = x.item_rowid{where}"
        " ORDER BY m.sort_key, x.position LIMIT ? OFFSET ?",
        [*params, max(limit, 0), max(offset, 0)],
    )
    return [
        MentionRow(
            role=r[0],
            name=r[1],
            written_role=r[2],
            text=r[3],
            meeting=meeting_row(r[7:]),
            item_id=r[4],
            item_number=r[5],
            item_title=r[6],
        )
        for r in rows
    ]


# --- threads ----------------------------------------------------------------------------------


def _thread_rowids(conn: sqlite3.Connection, item_rowid: int) -> dict[int, str]:
    """The items of an item's thread (itself included), each with what joins it: the
    items sharing a key with it, and those sharing an issue page with one of them."""
    keys = [
        r[0] for r in conn.execute("SELECT key FROM thread_keys WHERE item_rowid = ?", [item_rowid])
    ]
    found: dict[int, str] = {item_rowid: "this item"}
    for key in keys:
        for (other,) in conn.execute("SELECT item_rowid FROM thread_keys WHERE key = ?", [key]):
            found.setdefault(other, "issue page" if is_issue_key(key) else "title")
    issues = {
        key
        for (key,) in conn.execute(
            "SELECT DISTINCT key FROM thread_keys WHERE item_rowid IN"
            " (SELECT value FROM json_each(?))",
            [f"[{','.join(str(r) for r in found)}]"],
        )
        if is_issue_key(key) and key not in keys
    }
    for key in sorted(issues):
        for (other,) in conn.execute("SELECT item_rowid FROM thread_keys WHERE key = ?", [key]):
            found.setdefault(other, "issue page")
    return found


def thread(conn: sqlite3.Connection, item_id: str, limit: int = 1000) -> list[AppearanceRow]:
    """Every appearance of the item's matter, newest meeting first, each with its decision;
    the item alone when it has no thread, nothing when it is gone."""
    rowid = _item_rowid(conn, item_id)
    if rowid is None:
        return []
    joined = _thread_rowids(conn, rowid)
    children = rowids.item_children_between_sql("i.rowid")
    # The newest ``limit`` appearances first (sorting only their meetings' keys), then each
    # one's row, its decision (its first resolution, else the decision text) and the kinds
    # of its resolutions in order, in the same query.
    rows = conn.execute(
        "WITH shown AS (SELECT i.rowid AS rowid, m.sort_key AS k, i.position AS p"
        " FROM items i JOIN meetings m ON m.id = i.meeting_id"
        " WHERE i.rowid IN (SELECT value FROM json_each(?)) ORDER BY k, p LIMIT ?)"
        f" SELECT {ITEM_COLS}, {MEETING_COLS}, i.rowid,"
        f" coalesce((SELECT r.text FROM resolutions r WHERE r.id {children} ORDER BY r.id"
        " LIMIT 1), i.decision),"
        " (SELECT group_concat(kind, ',') FROM (SELECT r.kind AS kind FROM resolutions r"
        f" WHERE r.id {children} ORDER BY r.id))"
        " FROM shown JOIN items i ON i.rowid = shown.rowid JOIN meetings m ON m.id = i.meeting_id"
        " ORDER BY shown.k, shown.p",
        [f"[{','.join(str(r) for r in joined)}]", max(limit, 0)],
    ).fetchall()
    end = ITEM_WIDTH + MEETING_WIDTH
    return [
        AppearanceRow(
            item=item_row(r[:ITEM_WIDTH]),
            meeting=meeting_row(r[ITEM_WIDTH:end]),
            decision=r[end + 1],
            kinds=tuple(r[end + 2].split(",")) if r[end + 2] else (),
            via=joined[r[end]],
        )
        for r in rows
    ]


# --- news -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Which items a watch follows: all (the overall news), or those a filter keeps, one item,
    the items of a thread, or the meetings that name a person."""

    flt: Filter | None = None
    item_rowids: tuple[int, ...] | None = None
    person_key: str | None = None


EVERYTHING = Scope()


def watch_scope(conn: sqlite3.Connection, watch_row: WatchRow) -> Scope:
    """The items a watch follows (a gone item or thread follows nothing)."""
    if watch_row.kind == "filter":
        # A saved filter is finished text: its last word is whole, not being typed.
        return Scope(flt=parse_filter(watch_row.query + " "))
    if watch_row.kind == "person":
        return Scope(person_key=watch_row.query)
    rowid = _item_rowid(conn, watch_row.query)
    if rowid is None:
        return Scope(item_rowids=())
    if watch_row.kind == "thread":
        return Scope(item_rowids=tuple(sorted(_thread_rowids(conn, rowid))))
    return Scope(item_rowids=(rowid,))


# Up to this many changed items, a watch's words are asked of the index item by item (a seek
# each); past it, its hits are read once into a set, as the lists read them.
PROBE_ITEMS = 20_000


def _scope_sql(conn: sqlite3.Connection, scope: Scope, since: int) -> tuple[str, str, Params]:
    """(join, conditions after AND, params) restricting items ``i`` changed since ``since`` to
    the scope.

    After an ingest a few hundred items are new while a common word is in half the store:
    reading every hit of the word into a set cost more than asking the index about each
    changed item, so a filter's words are probed per item while the changed items are few.
    """
    conds: list[str] = []
    params: Params = []
    join = ""
    if scope.flt is not None and not scope.flt.is_empty:
        text = store_text(conn, scope.flt)
        changed = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM items WHERE changed > ? LIMIT ?)",
            [since, PROBE_ITEMS + 1],
        ).fetchone()[0]
        if text is not None and changed <= PROBE_ITEMS:
            item_conds, item_params = filters.item_sql(scope.flt, "i")
            item_conds.append(
                "EXISTS (SELECT 1 FROM items_fts WHERE items_fts MATCH ? AND rowid = i.rowid)"
            )
            item_params.append(text.match)
            if text.phrases:
                item_conds.append(phrase_sql("?", "i"))
                item_params.append(text.phrases)
        else:
            item_conds, item_params = item_text_sql(scope.flt, text, "i")
        conds += item_conds
        params += item_params
        m_conds, m_params = filters.meeting_sql(scope.flt, "m")
        if m_conds:
            join = " JOIN meetings m ON m.id = i.meeting_id"
            conds += m_conds
            params += m_params
    if scope.item_rowids is not None:
        conds.append("i.rowid IN (SELECT value FROM json_each(?))")
        params.append(f"[{','.join(str(r) for r in scope.item_rowids)}]")
    if scope.person_key is not None:
        conds.append("i.meeting_id IN (SELECT meeting_id FROM mentions WHERE person_key = ?)")
        params.append(scope.person_key)
    return join, "".join(f" AND {c}" for c in conds), params


def _meetings_in(scope: Scope) -> str:
    """Which changed meetings the news lists: those holding a changed item of the scope, and
    overall also a meeting whose own record changed (its attendance, its header)."""
    seqs = f"m.seq IN (SELECT {rowids.seq_of_item_sql('rowid')} FROM hit)"
    return "TRUE" if scope == EVERYTHING else seqs


def news_count(conn: sqlite3.Connection, since: int, scope: Scope = EVERYTHING) -> int:
    """How many items in the scope are new or changed since epoch ``since`` (overall, a
    meeting whose own record changed while none of its items did counts as one too)."""
    join, conds, params = _scope_sql(conn, scope, since)
    items = conn.execute(
        f"SELECT count(*) FROM items i{join} WHERE i.changed > ?{conds}", [since, *params]
    ).fetchone()[0]
    if scope != EVERYTHING:
        return items
    lo, hi = rowids.meeting_items_sql("m.seq")
    alone = conn.execute(
        "SELECT count(*) FROM meetings m WHERE m.changed > ? AND NOT EXISTS"
        f" (SELECT 1 FROM items i WHERE i.rowid BETWEEN {lo} AND {hi} AND i.changed > ?)",
        [since, since],
    ).fetchone()[0]
    return items + alone


def news_window(
    conn: sqlite3.Connection, since: int, scope: Scope, offset: int, limit: int
) -> list[NewsRow]:
    """The news since ``since``, newest change first: each changed meeting, then its new and
    changed items in agenda order (an item counts what was added to it)."""
    join, conds, params = _scope_sql(conn, scope, since)
    changed = f"SELECT i.rowid AS rowid FROM items i{join} WHERE i.changed > ?{conds}"
    first, _ = rowids.meeting_items_sql("m.seq")
    rows = conn.execute(
        f"WITH hit AS ({changed}),"
        " page AS ("
        f"  SELECT m.changed AS epoch, {first} AS place, 'meeting' AS kind, m.id AS mid,"
        f"   NULL AS rowid FROM meetings m WHERE m.changed > ? AND {_meetings_in(scope)}"
        "  UNION ALL"
        "  SELECT i.changed, i.rowid, 'item', i.meeting_id, i.rowid FROM hit"
        "   JOIN items i ON i.rowid = hit.rowid"
        "  ORDER BY 1 DESC, 2 LIMIT ? OFFSET ?)"
        f" SELECT page.kind, page.epoch, {MEETING_COLS}, m.added,"
        f" {ITEM_COLS}, i.added FROM page JOIN meetings m ON m.id = page.mid"
        " LEFT JOIN items i ON i.rowid = page.rowid ORDER BY page.epoch DESC, page.place",
        [since, *params, since, max(limit, 0), max(offset, 0)],
    ).fetchall()
    out = []
    start = 2 + MEETING_WIDTH
    for r in rows:
        meeting = meeting_row(r[2:start])
        if r[0] == "meeting":
            out.append(NewsRow("meeting", _state(r[start], since), r[1], meeting, None, 0, 0))
            continue
        item = item_row(r[start + 1 : start + 1 + ITEM_WIDTH])
        item_added = r[start + 1 + ITEM_WIDTH]
        new_resolutions = new_actions = 0
        if item_added <= since:
            rowid = _item_rowid(conn, item.id)
            if rowid is not None:
                lo, hi = rowids.item_children(rowid)
                new_resolutions, new_actions = (
                    conn.execute(
                        f"SELECT count(*) FROM {table} WHERE id BETWEEN ? AND ? AND added > ?",
                        [lo, hi, since],
                    ).fetchone()[0]
                    for table in ("resolutions", "actions")
                )
        else:
            new_resolutions, new_actions = item.resolution_count, item.action_count
        out.append(
            NewsRow(
                "item", _state(item_added, since), r[1], meeting, item, new_resolutions, new_actions
            )
        )
    return out


def news_list_count(conn: sqlite3.Connection, since: int, scope: Scope = EVERYTHING) -> int:
    """How many rows ``news_window`` has in all (changed items and their meetings)."""
    join, conds, params = _scope_sql(conn, scope, since)
    return conn.execute(
        f"WITH hit AS (SELECT i.rowid AS rowid FROM items i{join} WHERE i.changed > ?{conds})"
        " SELECT (SELECT count(*) FROM hit) + (SELECT count(*) FROM meetings m"
        f" WHERE m.changed > ? AND {_meetings_in(scope)})",
        [since, *params, since],
    ).fetchone()[0]


def new_record_ids(conn: sqlite3.Connection, item_id: str, since: int) -> frozenset[str]:
    """The stable ids of an item's resolutions and actions added since ``since``."""
    rowid = _item_rowid(conn, item_id)
    if rowid is None:
        return frozenset()
    lo, hi = rowids.item_children(rowid)
    found = set()
    for table in ("resolutions", "actions"):
        for (key,) in conn.execute(
            f"SELECT key FROM {table} WHERE id BETWEEN ? AND ? AND added > ?", [lo, hi, since]
        ):
            if key is not None:
                found.add(record_id(item_id, table, key))
    return frozenset(found)


def _state(added: int, since: int) -> str:
    return "new" if added > since else "changed"


def overall_seen(conn: sqlite3.Connection) -> int | None:
    """The epoch the overall news was last looked at (None: never)."""
    row = conn.execute("SELECT value FROM user_state WHERE name = ?", [OVERALL]).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def watches(conn: sqlite3.Connection) -> list[WatchRow]:
    """Every watch, by name."""
    return [
        WatchRow(*r)
        for r in conn.execute(
            "SELECT name, kind, query, label, created, seen FROM user_watches ORDER BY name"
        )
    ]


def watch(conn: sqlite3.Connection, name: str) -> WatchRow | None:
    row = conn.execute(
        "SELECT name, kind, query, label, created, seen FROM user_watches WHERE name = ?", [name]
    ).fetchone()
    return WatchRow(*row) if row else None


# --- marks ------------------------------------------------------------------------------------


def note_text(conn: sqlite3.Connection, target: str) -> str | None:
    row = conn.execute(f"SELECT text FROM ({ALL_NOTES}) WHERE target = ?", [target]).fetchone()
    return row[0] if row else None


def is_bookmarked(conn: sqlite3.Connection, target: str) -> bool:
    return bool(conn.execute("SELECT 1 FROM user_bookmarks WHERE target = ?", [target]).fetchone())


_MARKS = f"SELECT target FROM user_bookmarks UNION SELECT target FROM ({ALL_NOTES})"


def count_marks(conn: sqlite3.Connection) -> int:
    """How many meetings, items and records carry a bookmark or a note."""
    return conn.execute(f"SELECT count(*) FROM ({_MARKS})").fetchone()[0]


def marks_window(conn: sqlite3.Connection, offset: int, limit: int) -> list[MarkRow]:
    """Bookmarks and notes, the latest first; each says whether its record still exists."""
    rows = conn.execute(
        f"SELECT t.target, coalesce(b.kind, n.kind), coalesce(b.meeting_id, n.meeting_id),"
        " coalesce(b.item_id, n.item_id), coalesce(n.label, b.label), b.target IS NOT NULL,"
        " n.text, max(coalesce(b.updated, ''), coalesce(n.updated, '')) AS updated"
        f" FROM ({_MARKS}) t LEFT JOIN user_bookmarks b ON b.target = t.target"
        f" LEFT JOIN ({ALL_NOTES}) n ON n.target = t.target"
        " ORDER BY updated DESC, t.target LIMIT ? OFFSET ?",
        [max(limit, 0), max(offset, 0)],
    ).fetchall()
    return [
        MarkRow(
            target=r[0],
            kind=r[1],
            meeting_id=r[2],
            item_id=r[3],
            label=r[4] or "",
            bookmarked=bool(r[5]),
            note=r[6],
            updated=r[7],
            exists=_exists(conn, r[1], r[0], r[3]),
        )
        for r in rows
    ]


def _exists(conn: sqlite3.Connection, kind: str, target: str, item_id: str | None) -> bool:
    if kind == "meeting":
        return bool(conn.execute("SELECT 1 FROM meetings WHERE id = ?", [target]).fetchone())
    rowid = _item_rowid(conn, item_id or target)
    if rowid is None or kind == "item":
        return rowid is not None
    table = "resolutions" if kind == "resolution" else "actions"
    key = int(target.rsplit("/", 1)[1][1:], 16)
    lo, hi = rowids.item_children(rowid)
    return bool(
        conn.execute(
            f"SELECT 1 FROM {table} WHERE id BETWEEN ? AND ? AND key = ?", [lo, hi, key]
        ).fetchone()
    )
