"""``minutes-tui actions``, ``meetings``, ``userdata`` and ``remove`` on the three meetings of
tests/fixtures/tracker (see tests/test_tracker.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from store.actions_export import fold, ics_text
from tui.cli import main

TRACKER = Path(__file__).parent / "fixtures" / "tracker"
MEETINGS = sorted(TRACKER.glob("highways-*.txt"))


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("store.filters.today", lambda: dt.date(2025, 4, 5))


@pytest.fixture
def store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "minutes.db"
    assert main(["--db", str(path), "ingest", *map(str, MEETINGS)]) == 0
    capsys.readouterr()
    return path


def run(store: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(store), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_actions_as_markdown(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(store, capsys, "actions", "status:open")
    assert code == 0
    assert out.splitlines() == [
        "# Actions: status:open",
        "",
        "- [ ] Councillor Khan agreed to update the councillors’ pages on the website by 31st"
        " March. — Cllr A. Khan · due 2025-03-31 (implied: by 31st March) · overdue ·"
        " Highways and Amenities Committee, 2025-01-14, item 59",
        "- [ ] PB to ask the bus company for a replacement panel. — Cllr P. Brown · open ·"
        " Highways and Amenities Committee, 2025-02-11, item 73",
    ]


def test_actions_as_csv(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(store, capsys, "actions", "--format", "csv", "--sort", "meeting")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [
        (r["item_number"], r["status"], r["status_by"], r["due"], r["owner"]) for r in rows
    ] == [
        ("73", "open", "", "", "Cllr P. Brown"),
        ("57", "done", "minutes", "2025-01-31", "the Clerk"),
        ("58", "done", "minutes", "2025-02-11", "the Clerk"),
        ("59", "open", "", "2025-03-31", "Cllr A. Khan"),
    ]
    assert rows[2]["due_basis"] == "next-meeting" and rows[2]["due_text"] == "to the next meeting"


def test_actions_as_json_with_their_history(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(store, capsys, "actions", "owner:clerk", "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["orphans"] == []
    lights = document["actions"][0]
    assert lights["item"]["number"] == "57" and lights["status"] == "done"
    assert [(h["at"], h["by"], h["status"], h["rule"]) for h in lights["history"]] == [
        ("2025-02-11", "minutes", "open", "report-back"),
        ("2025-03-11", "minutes", "done", "report-back"),
    ]
    assert lights["source"] == {"field": "minutes", "start": 84, "end": 168}


def test_actions_as_a_calendar(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(store, capsys, "actions", "--format", "ics")
    assert code == 0
    assert out.endswith("END:VCALENDAR\r\n")
    unfolded = out.replace("\r\n ", "")
    # One entry per dated open action: only the website's (the others are done or undated).
    assert unfolded.count("BEGIN:VEVENT") == 1
    event = unfolded.split("BEGIN:VEVENT\r\n")[1].split("\r\nEND:VEVENT")[0].split("\r\n")
    assert event[2:6] == [
        "DTSTART;VALUE=DATE:20250331",
        "DTEND;VALUE=DATE:20250401",
        "SUMMARY:Due: Councillor Khan agreed to update the councillors’ pages on the website"
        " by 31st March. (Cllr A. Khan)",
        "DESCRIPTION:Action set at Highways and Amenities Committee\\, 2025-01-14\\, item 59"
        "\\nOwner: Cllr A. Khan\\nDue: 2025-03-31 (implied: by 31st March)\\nStatus: overdue"
        "\\nId: m50aef7148df47e67/59/a62869902dc9a",
    ]
    assert all(len(line.encode()) <= 75 for line in out.split("\r\n"))


def test_upcoming_meetings_as_a_calendar(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(store, capsys, "meetings", "committee:highways", "--since", "2025-02-12")
    assert code == 0
    lines = out.split("\r\n")
    assert [line for line in lines if line.startswith(("DTSTART", "SUMMARY"))] == [
        "DTSTART:20250311T190000",
        "SUMMARY:Highways and Amenities Committee",
    ]
    code, out, _ = run(store, capsys, "meetings", "committee:cabinet", "--since", "2025-01-01")
    assert out.count("BEGIN:VEVENT") == 0


def test_ics_text_is_escaped_and_folded() -> None:
    assert ics_text("a, b; c\\d\nnext\x1b[31m") == "a\\, b\\; c\\\\d\\nnext"
    folded = fold("DESCRIPTION:" + "é" * 60)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "DESCRIPTION:" + "é" * 60 + "\r\n"


def test_userdata_export_and_import_through_the_command_line(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from store.db import open_store, write_transaction
    from store.userdata import ActionRef, set_status

    db = open_store(store)
    with write_transaction(db):
        set_status(db.conn, ActionRef("m50aef7148df47e67/59/a62869902dc9a", "website"), "done")
    db.close()
    saved = tmp_path / "mine.json"
    code, _, err = run(store, capsys, "userdata", "export", "-o", str(saved))
    assert (
        code == 0
        and (
            "exported 1 action_status_log, 0 action_notes, 0 user_bookmarks, 0 user_notes,"
            " 0 user_watches"
        )
        in err
    )
    other = tmp_path / "other.db"
    assert main(["--db", str(other), "ingest", *map(str, MEETINGS)]) == 0
    capsys.readouterr()
    code, out, _ = run(other, capsys, "userdata", "import", str(saved))
    assert code == 0
    assert out.strip() == (
        "imported 1 of 1 action_status_log, 0 of 0 action_notes, 0 of 0 user_bookmarks,"
        " 0 of 0 user_notes, 0 of 0 user_watches (the rest were already there)"
    )
    code, out, _ = run(other, capsys, "actions", "status:done", "--format", "csv")
    assert "m50aef7148df47e67/59/a62869902dc9a,done,you," in out
    saved.write_text("{")
    code, _, err = run(other, capsys, "userdata", "import", str(saved))
    assert code == 1
    assert err.strip() == (
        f"minutes-tui: error: {saved}: not JSON (Expecting property name enclosed in double"
        " quotes, line 1)"
    )


def test_a_bad_filter_is_refused_in_one_line(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(store, capsys, "actions", "status:finished")
    assert code == 2
    assert err.strip() == (
        "minutes-tui: error: status: expects one of open, done, dropped, superseded, overdue"
        " (got 'finished')"
    )
