"""The real seed pages through the real parsers into a store: merging, re-ingest, export, CLI."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED_000, SEED_001

import parsers
from store import queries as q
from store.db import connect_readonly, open_store
from store.export import export_json
from store.filters import Filter, parse_filter
from store.ingest import ingest_paths

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def seed_db(tmp_path: Path, seed_files: Path) -> Path:
    db_path = tmp_path / "seeds.db"
    db = open_store(db_path)
    report = ingest_paths(db, [seed_files])
    db.close()
    assert [r.status for r in report.results] == ["ok"] * 5, report.failed
    return db_path


def test_meeting_page_and_issue_page_give_one_meeting(tmp_path: Path) -> None:
    db_path = tmp_path / "s.db"
    db = open_store(db_path)
    report = ingest_paths(db, [SEED_000, SEED_001])
    assert [r.status for r in report.results] == ["ok", "ok"]
    conn = connect_readonly(db_path)
    (meeting,) = q.meetings_window(conn, Filter(), 0, 10)
    assert meeting.committee == "Children's Partnership Board"
    assert meeting.date is not None and meeting.date.isoformat() == "2017-09-27"
    assert meeting.time == "16:00"
    items = q.meeting_items(conn, meeting.id, Filter())
    numbers = [i.number for i in items]
    assert numbers[:5] == ["16", "17", "18", "19", "20"]
    assert len(numbers) == len(set(numbers))  # item 20 once, not twice
    detail = q.item_detail(conn, f"{meeting.id}/20")
    assert detail is not None
    assert sorted(Path(s.path).name for s in detail.sources) == [SEED_000.name, SEED_001.name]
    assert sorted(s.page_kind for s in detail.sources) == ["issue", "meeting"]
    # Both pages cut item 20's minutes: it stays truncated, with the longer text kept.
    assert detail.item.truncated is True
    page_20 = next(i for i in parsers.parse_file(SEED_000).meetings[0].items if i.number == "20")
    issue_20 = parsers.parse_file(SEED_001).meetings[0].items[0]
    longer = max([page_20.minutes or "", issue_20.minutes or ""], key=len)
    assert detail.minutes == longer
    only_page = q.item_detail(conn, f"{meeting.id}/19")
    assert only_page is not None
    assert [Path(s.path).name for s in only_page.sources] == [SEED_000.name]
    conn.close()


def test_reingest_of_the_seeds_changes_nothing(seed_db: Path, seed_files: Path, dump) -> None:
    before = dump(seed_db)
    db = open_store(seed_db)
    report = ingest_paths(db, [seed_files])
    db.close()
    assert [r.status for r in report.results] == ["unchanged"] * 5
    assert dump(seed_db) == before


def test_a_changed_seed_replaces_only_its_contribution(
    seed_db: Path, seed_files: Path, dump
) -> None:
    issue = seed_files / SEED_001.name
    conn = connect_readonly(seed_db)
    (cpb,) = q.find_meetings(conn, "partnership")
    conn.close()
    # The issue page now names another meeting: item 20 loses that source.
    issue.write_text(
        issue.read_text(encoding="utf-8").replace("27/09/2017", "13/12/2017"), encoding="utf-8"
    )
    db = open_store(seed_db)
    (result,) = ingest_paths(db, [issue]).results
    db.close()
    assert result.status == "ok"
    conn = connect_readonly(seed_db)
    detail = q.item_detail(conn, f"{cpb.id}/20")
    assert detail is not None
    assert [Path(s.path).name for s in detail.sources] == [SEED_000.name]
    assert [m.date.isoformat() for m in q.find_meetings(conn, "partnership")] == [
        "2017-12-13",
        "2017-09-27",
    ]
    conn.close()


def test_undated_pages_still_export(seed_db: Path) -> None:
    import io

    conn = connect_readonly(seed_db)
    out = io.StringIO()
    export_json(conn, out)
    meetings = json.loads(out.getvalue())["meetings"]
    by_source = {tuple(m["sources"]): m for m in meetings}
    for name in ("003_b37eb456b84c0ff4.txt", "004_0352f24020eb606b.txt"):
        meeting = by_source[(name,)]
        assert (meeting["committee"], meeting["date"]) == (None, None)
        assert meeting["items"], name
    (cpb,) = [m for m in meetings if m["committee"] == "Children's Partnership Board"]
    assert cpb["date"] == "2017-09-27" and cpb["time"] == "16:00"
    assert cpb["sources"] == [SEED_000.name, SEED_001.name]
    (item20,) = [i for i in cpb["items"] if i["number"] == "20"]
    assert item20["sources"] == [SEED_000.name, SEED_001.name]
    conn.close()


def test_folded_search_on_real_text(seed_db: Path) -> None:
    conn = connect_readonly(seed_db)
    counts = {
        text: q.count_items(conn, parse_filter(text))
        for text in ("childrens ", "Children's ", "CHILDREN’S ", "children’s ")
    }
    assert len(set(counts.values())) == 1 and counts["childrens "] > 0
    conn.close()


def test_cli_ingest_seeds_with_a_bad_file(tmp_path: Path, seed_files: Path) -> None:
    (seed_files / "zz_broken.txt").write_bytes(b"\x00\xff\x00 not minutes" * 50)
    env = {k: v for k, v in os.environ.items() if k != "MINUTES_TUI_DB"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tui.cli",
            "--db",
            str(tmp_path / "c.db"),
            "ingest",
            str(seed_files),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        f"failed: {seed_files / 'zz_broken.txt'}: binary file, not a council document"
    ]
    # What the store holds, not what was parsed: the five pages hold 5 meetings' worth,
    # which are 4 meetings once the issue page merges into its meeting.
    conn = sqlite3.connect(tmp_path / "c.db")
    held = [
        conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("meetings", "items", "resolutions", "actions")
    ]
    conn.close()
    assert held[0] == 4
    assert done.stdout == (
        f"6 files read, 5 ingested, 0 unchanged, 1 failed; store: {held[0]} meetings"
        f" (+{held[0]}), {held[1]} items (+{held[1]}), {held[2]} resolutions (+{held[2]}),"
        f" {held[3]} actions (+{held[3]})\n"
    )


def test_bundled_samples_all_load(tmp_path: Path) -> None:
    from tui.samples import load_samples, sample_files

    names = [p.name for p in sample_files()]
    assert names == [
        "000_81d86c97e4813351.txt",
        "001_33980653330634ab.txt",
        "002_28ce34ac082b9610.txt",
        "003_b37eb456b84c0ff4.txt",
        "004_0352f24020eb606b.txt",
        "coventry_ieListDocuments_cabinet_2018-10.txt",
        "kent_ieListDocuments_env-transport_2018-11.txt",
        "limerick-ie_full-council_minutes_pdf2md.md",
        "north-herts_ieDecisionDetails_6606.txt",
        "slough_ieIssueDetails_41815.txt",
    ]
    db = open_store(tmp_path / "samples.db")
    report = load_samples(db)
    assert report.failed == [] and report.ok == len(names)
    assert [r.status for r in load_samples(db).results] == ["unchanged"] * len(names)
    conn = connect_readonly(tmp_path / "samples.db")
    committees = {m.committee for m in q.meetings_window(conn, Filter(), 0, 50)}
    assert {"Children's Partnership Board", "Cabinet"} <= committees
    assert q.count_actions(conn, Filter()) > 0
    conn.close()
    db.close()
