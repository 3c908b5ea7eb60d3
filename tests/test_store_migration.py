"""m005 on a store the m001-m004 code wrote: the same visible content, the same parses.

The fixture (tests/fixtures/stores/README.md) holds single- and multi-source meetings,
item pages and both formats. Its rows are read in the old layout (text item keys)
and in the new one (integer keys encoded in the ids) into one canonical form.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

from store import queries
from store.db import connect_readonly, open_store, write_transaction
from store.ingest import decoded_contributions, rebuild_meeting
from store.payload import is_compact, meeting_from_payload
from store.tracker import track_pending

FIXTURE = Path(__file__).parent / "fixtures" / "stores" / "m004-mixed.db"


def _rows(conn: sqlite3.Connection, sql: str) -> list[tuple[Any, ...]]:
    return sorted(conn.execute(sql).fetchall(), key=repr)


def _common(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    """The tables m005 does not change (meetings without its column order)."""
    return {
        "meetings": _rows(
            conn,
            "SELECT id, seq, committee, committee_key, date, time, council, venue, contact,"
            " declarations, external_id, url, sort_key, find_text, item_count,"
            " resolution_count, action_count, minutes_count, truncated_count, kinds"
            " FROM meetings",
        ),
        "items": _rows(
            conn,
            "SELECT rowid, id, meeting_id, position, number, title, description, minutes,"
            " decision, truncated, resolution_count, action_count, kinds, external_id, url,"
            " has_minutes, lead_key FROM items",
        ),
        "attendance": _rows(
            conn, "SELECT meeting_id, position, name, status, role, reason FROM attendance"
        ),
        "sources": _rows(conn, "SELECT * FROM sources"),
        "search": [
            (
                word,
                _rows(
                    conn,
                    "SELECT i.id FROM items_fts f JOIN items i ON i.rowid = f.rowid"
                    f" WHERE items_fts MATCH '\"{word}\"'",
                ),
            )
            for word in ("council", "resolved", "children", "report", "safeguarding", "noted")
        ],
    }


def old_content(conn: sqlite3.Connection) -> dict[str, Any]:
    content: dict[str, Any] = _common(conn)
    # m005 stores an item's lead key as the integer its 16 hex digits spell.
    content["items"] = sorted(
        (
            (*row[:-1], int.from_bytes(bytes.fromhex(row[-1]), "big", signed=True))
            if row[-1] is not None
            else row
            for row in content["items"]
        ),
        key=repr,
    )
    content["resolutions"] = _rows(
        conn, "SELECT item_id, position, number, text, kind, truncated FROM resolutions"
    )
    content["actions"] = _rows(
        conn,
        "SELECT item_id, item_rowid, sort_key, position, text, owner, due, source_kind"
        " FROM actions",
    )
    content["documents"] = _rows(
        conn,
        "SELECT meeting_id, item_id, position, title, format, size_kb, url FROM documents",
    )
    content["item_sources"] = _rows(conn, "SELECT item_id, source_id FROM item_sources")
    content["meeting_sources"] = _rows(conn, "SELECT meeting_id, source_id FROM meeting_sources")
    content["contributions"] = sorted(
        (sid, mid, meeting_from_payload(payload))
        for sid, mid, payload in conn.execute(
            "SELECT source_id, meeting_id, payload FROM contributions"
        )
    )
    return content


def new_content(conn: sqlite3.Connection) -> dict[str, Any]:
    content: dict[str, Any] = _common(conn)
    content["resolutions"] = _rows(
        conn,
        "SELECT i.id, r.id & 65535, r.number, r.text, r.kind, r.truncated FROM resolutions r"
        " JOIN items i ON i.rowid = r.item_rowid AND i.rowid = r.id >> 16",
    )
    content["actions"] = _rows(
        conn,
        "SELECT i.id, a.item_rowid, a.sort_key, a.id & 65535, a.text, a.owner, a.due,"
        " a.source_kind FROM actions a JOIN items i ON i.rowid = a.item_rowid"
        " AND i.rowid = a.id >> 16",
    )
    content["documents"] = _rows(
        conn,
        "SELECT m.id, i.id, d.id & 65535, d.title, d.format, d.size_kb, d.url FROM documents d"
        " JOIN meetings m ON m.seq = d.id >> 32"
        " LEFT JOIN items i ON i.rowid = d.item_rowid AND i.rowid = d.id >> 16",
    )
    content["item_sources"] = _rows(
        conn,
        "SELECT i.id, x.source_id FROM item_sources x JOIN items i ON i.rowid = x.item_rowid",
    )
    content["meeting_sources"] = _rows(conn, "SELECT meeting_id, source_id FROM contributions")
    content["contributions"] = sorted(decoded_contributions(conn))
    return content


def test_m005_keeps_every_visible_row_and_every_parse(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(FIXTURE, path)
    conn = sqlite3.connect(path)
    before = old_content(conn)
    conn.close()
    assert len(before["contributions"]) == 13 and before["resolutions"]

    open_store(path).close()  # applies m005

    conn = connect_readonly(path)
    after = new_content(conn)
    assert after == before
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0  # vacuumed
    # The meetings with one source now keep only what their rows do not show.
    compact = {
        mid: is_compact(payload)
        for mid, payload in conn.execute("SELECT meeting_id, payload FROM contributions")
    }
    multi = {
        r[0]
        for r in conn.execute("SELECT meeting_id FROM contributions GROUP BY 1 HAVING count(*) > 1")
    }
    assert len(multi) == 2
    assert {mid for mid, c in compact.items() if not c} == multi
    # The reader's queries find every item's rows through the new keys.
    for (item_id,) in conn.execute("SELECT id FROM items").fetchall():
        detail = queries.item_detail(conn, item_id)
        assert detail is not None and detail.item.id == item_id
        expected = [r[2:] for r in before["resolutions"] if r[0] == item_id]
        got = [(r.number, r.text, r.kind, int(r.truncated)) for r in detail.resolutions]
        assert sorted(got, key=repr) == expected
        assert len(detail.sources) == sum(1 for r in before["item_sources"] if r[0] == item_id)
    conn.close()

    # Rebuilding every meeting from its (now compact) contributions changes nothing.
    db = open_store(path)
    with write_transaction(db):
        for (mid,) in db.conn.execute("SELECT id FROM meetings").fetchall():
            rebuild_meeting(db, mid)
        track_pending(db.conn)  # as the writer does before it commits
    assert new_content(db.conn) == before
    db.close()
