"""Records keep their ids, and say where they came from.

User data (an action's status, a note, a bookmark) is keyed by a record's id, so the id
must survive re-ingest, a fuller copy of cut minutes, a parser that finds one more clause,
and every migration; and each detected record carries the rule that found it and its
passage in the item's text, through the store and into the JSON export.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from parsers.model import AgendaItem, Meeting, ParsedDocument, Resolution
from store import queries
from store.db import connect_readonly, open_store, write_transaction
from store.export import export_json
from store.filters import Filter
from store.ingest import ingest_paths, rebuild_meeting, store_document
from store.keys import record_keys, record_lead
from store.migrations import APPLICATION_ID, _record_key_m007, _record_lead_m007
from store.tracker import track_pending

if TYPE_CHECKING:
    import sqlite_utils

FIXTURES = Path(__file__).parent / "fixtures"
OLD_STORE = FIXTURES / "stores" / "m004-mixed.db"


def _keys(conn: sqlite3.Connection, table: str) -> list[tuple[int, int, str, int]]:
    return conn.execute(f"SELECT id, item_rowid, text, key FROM {table} ORDER BY id").fetchall()


def test_m007_gives_old_stores_the_keys_the_writer_gives(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(OLD_STORE, path)
    open_store(path).close()  # m005 ... m007
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    migrated = {table: _keys(conn, table) for table in ("resolutions", "actions")}
    assert migrated["resolutions"] and migrated["actions"]
    assert all(key is not None for rows in migrated.values() for *_, key in rows)
    conn.close()
    db = open_store(path)
    with write_transaction(db):
        for (mid,) in db.conn.execute("SELECT id FROM meetings").fetchall():
            rebuild_meeting(db, mid)
        track_pending(db.conn)  # as the writer does before it commits
    rebuilt = {table: _keys(db.conn, table) for table in ("resolutions", "actions")}
    db.close()
    assert rebuilt == migrated  # the live writer and the frozen migration agree


def test_the_frozen_key_rule_is_the_live_one() -> None:
    texts = [
        "RESOLVED that the Children’s Partnership Board's plan be approved.",
        "to note the update;",
        "That & so on: “quoted”",
        "",
        "agreed that agreed that a very long clause with more than twelve words in it, "
        "and its cut-off end",
    ]
    for text in texts:
        assert _record_lead_m007(text) == record_lead(text)
        assert _record_key_m007(record_lead(text), 1) == record_keys([text, text])[1]


def _store_item(
    db: sqlite_utils.Database, resolutions: list[str], *, minutes: str, source: str
) -> None:
    item = AgendaItem(
        "5",
        "Budget",
        minutes=minutes,
        resolutions=[Resolution(None, text, "decision") for text in resolutions],
    )
    meeting = Meeting(committee="Cabinet", date=dt.date(2020, 1, 2), items=[item])
    store_document(db, source, ParsedDocument("test", "meeting", [meeting]), sha256=source, size=1)


def _ids(path: Path) -> dict[str, str]:
    conn = connect_readonly(path)
    try:
        (meeting,) = queries.meetings_window(conn, Filter(), 0, 10)
        (item,) = queries.meeting_items(conn, meeting.id, Filter())
        detail = queries.item_detail(conn, item.id)
        assert detail is not None
        return {r.text: r.record_id for r in detail.resolutions if r.record_id}
    finally:
        conn.close()


def test_ids_survive_reingest_a_fuller_copy_and_one_more_clause(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    db = open_store(path)
    cut = "that the budget be approved for the year 2020/21 with the changes set out in the"
    _store_item(db, [cut, "that the Director report back"], minutes="...", source="/a.txt")
    db.close()
    first = _ids(path)
    db = open_store(path)
    # The same source again, now with the full clause and a new clause before the others.
    full = cut + " report of the Director of Finance, appendix B."
    _store_item(
        db,
        ["that the minutes be signed", full, "that the Director report back"],
        minutes="...",
        source="/a.txt",
    )
    db.close()
    second = _ids(path)
    assert second[full] == first[cut]
    assert second["that the Director report back"] == first["that the Director report back"]
    assert len(set(second.values())) == 3


def test_detected_records_carry_their_rule_and_passage_into_the_export(tmp_path: Path) -> None:
    db = open_store(tmp_path / "p.db")
    pages = [
        FIXTURES / "corpus" / "durham_mgAi_29325_unlabelled-resolutions.txt",
        FIXTURES / "corpus" / "surrey-heath_mgAi_2103_moved-seconded-resolved.txt",
        FIXTURES / "seeds" / "000_81d86c97e4813351.txt",
    ]
    report = ingest_paths(db, pages, workers=1)
    assert not report.failed
    out = io.StringIO()
    export_json(db.conn, out)
    db.close()
    records = [
        (item, record)
        for meeting in json.loads(out.getvalue())["meetings"]
        for item in meeting["items"]
        for record in (*item["resolutions"], *item["actions"])
    ]
    assert len(records) > 10
    for item, record in records:
        assert record["rule"], record
        source = record["source"]
        assert source is not None, record
        passage = (item[source["field"]] or "")[source["start"] : source["end"]]
        words = record["text"].split()[:4]
        assert passage.split()[: len(words)] == words, (passage, record["text"])
    rules = {record["rule"] for _, record in records}
    assert {"keyword", "bare-clause"} <= rules


def test_a_meetings_month_names_are_the_c_locales() -> None:
    """``store.keys`` spells the month names out (importing calendar cost every launch):
    they are the ones ``calendar`` gives, as they were when stores were written."""
    import calendar

    from store.keys import _MONTHS

    assert tuple(calendar.month_name[m].lower() for m in range(1, 13)) == _MONTHS
