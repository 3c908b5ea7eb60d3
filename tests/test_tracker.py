"""The action tracker on a sequence of real-shaped meetings (tests/fixtures/tracker).

Three meetings of a committee, printed as a town council prints its minutes (Tredegar's
``141)`` refs, its Present and In attendance lines):

* 14 January 2025 sets four actions: the Clerk to chase the street lights "by the end of
  the month" (minute 57), to obtain quotations "and report back to the next meeting" (58),
  Councillor Khan to update the website "by 31st March" (59);
* 11 February reports on minute 57 in its matters arising (still not working), takes the
  play area quotations and resolves on them (the same matter), and sets "PB to ask ...";
* 11 March's matters arising close minute 57 ("Complete.").
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from store import detail_records, queries, tracker, userdata
from store.db import connect_readonly, open_store, write_transaction
from store.filters import Filter, parse_filter
from store.ingest import ingest_paths, rebuild_meeting
from store.remove import remove_sources
from store.userdata import (
    ActionRef,
    UserDataError,
    export_userdata,
    import_userdata,
    set_action_note,
    set_status,
)

FIXTURES = Path(__file__).parent / "fixtures"
MEETINGS = [
    FIXTURES / "tracker" / name
    for name in ("highways-2025-01-14.txt", "highways-2025-02-11.txt", "highways-2025-03-11.txt")
]
OLD_STORE = FIXTURES / "stores" / "m004-mixed.db"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Overdue is measured from 5 April 2025 (after the website's 31 March)."""
    monkeypatch.setattr("store.filters.today", lambda: dt.date(2025, 4, 5))


def ingest(path: Path, *files: Path) -> None:
    db = open_store(path)
    try:
        report = ingest_paths(db, list(files), workers=1)
    finally:
        db.close()
    assert not report.failed, report.summary()


def by_minute(conn: sqlite3.Connection) -> dict[str, queries.ActionRow]:
    """The store's actions by the minute (item number) that set them."""
    rows = queries.actions_window(conn, Filter(), 0, 100)
    out = {row.item_number or "": row for row in rows}
    assert len(out) == len(rows)
    return out


def history(conn: sqlite3.Connection, action: queries.ActionRow) -> list[tuple]:
    assert action.record_id is not None
    detail = queries.action_detail(conn, action.record_id)
    assert detail is not None
    return [(e.at, e.by, e.status, e.evidence_item) for e in detail.history]


def item_id(conn: sqlite3.Connection, date: str, number: str) -> str:
    row = conn.execute(
        "SELECT i.id FROM items i JOIN meetings m ON m.id = i.meeting_id"
        " WHERE m.date = ? AND i.number = ?",
        [date, number],
    ).fetchone()
    return row[0]


def test_an_action_set_reported_on_and_closed_across_three_meetings(tmp_path: Path) -> None:
    path = tmp_path / "minutes.db"
    ingest(path, MEETINGS[0])
    conn = connect_readonly(path)
    first = by_minute(conn)
    assert sorted(first) == ["57", "58", "59"]
    lights, play, website = first["57"], first["58"], first["59"]
    assert (lights.owner, lights.owner_name) == ("Clerk", "the Clerk")
    assert (lights.due_on, lights.due_basis, lights.due_text) == (
        dt.date(2025, 1, 31),
        "implied",
        "by the end of the month",
    )
    assert play.owner_name == "the Clerk"
    # "report back to the next meeting": no date until that meeting is in the store.
    assert (play.due_on, play.due_basis, play.due_text) == (
        None,
        "next-meeting",
        "to the next meeting",
    )
    # "Councillor Khan", named in full by the meeting's Present line.
    assert (website.owner, website.owner_name) == ("Councillor Khan", "Cllr A. Khan")
    assert (website.due_on, website.due_basis) == (dt.date(2025, 3, 31), "implied")
    assert {a.status for a in first.values()} == {"open"}
    assert lights.overdue and website.overdue and not play.overdue  # 5 April; no date
    conn.close()

    ingest(path, MEETINGS[1])
    conn = connect_readonly(path)
    second = by_minute(conn)
    play = second["58"]
    assert (play.due_on, play.due_basis) == (dt.date(2025, 2, 11), "next-meeting")
    # The play area came back and was resolved on: the quotations it asked for are done.
    assert (play.status, play.status_by) == ("done", "minutes")
    assert history(conn, play) == [
        ("2025-02-11", "minutes", "done", item_id(conn, "2025-02-11", "72"))
    ]
    # Minute 57 in the matters arising: reported on, still open.
    lights = second["57"]
    assert (lights.status, lights.status_by) == ("open", "minutes")
    assert history(conn, lights) == [
        ("2025-02-11", "minutes", "open", item_id(conn, "2025-02-11", "71"))
    ]
    assert second["73"].owner_name == "Cllr P. Brown"  # "PB", at a meeting he attended
    conn.close()

    ingest(path, MEETINGS[2])
    conn = connect_readonly(path)
    third = by_minute(conn)
    lights = third["57"]
    assert (lights.status, lights.status_by, lights.overdue) == ("done", "minutes", False)
    assert [h[1:3] for h in history(conn, lights)] == [("minutes", "open"), ("minutes", "done")]
    assert history(conn, lights)[1][3] == item_id(conn, "2025-03-11", "86")
    detail = queries.action_detail(conn, lights.record_id or "")
    assert detail is not None
    assert detail.history[1].why == (
        "Minute 57 (14th January) – Street lighting, Station Road: the County Council has "
        "repaired the lights. Complete."
    )
    assert detail.history[1].evidence_label == (
        "Highways and Amenities Committee, 2025-03-11, item 86: Matters arising"
    )
    assert queries.count_actions_by_status(conn, Filter()) == detail_records.StatusCounts(
        open=2, overdue=1, done=2
    )
    conn.close()


def test_links_do_not_depend_on_the_order_meetings_arrive_in(tmp_path: Path) -> None:
    forwards, backwards = tmp_path / "forwards.db", tmp_path / "backwards.db"
    for meeting in MEETINGS:
        ingest(forwards, meeting)
    for meeting in reversed(MEETINGS):
        ingest(backwards, meeting)
    tracked = []
    for path in (forwards, backwards):
        conn = connect_readonly(path)
        tracked.append(
            (
                sorted(conn.execute("SELECT * FROM action_links").fetchall()),
                sorted(
                    conn.execute(
                        "SELECT key, owner_name, due_on, due_basis, minutes_status FROM actions"
                    ).fetchall()
                ),
            )
        )
        conn.close()
    assert tracked[0] == tracked[1]
    assert len(tracked[0][0]) == 3


def _three_meetings(tmp_path: Path) -> Path:
    path = tmp_path / "minutes.db"
    ingest(path, *MEETINGS)
    return path


def _set(path: Path, minute: str, *, status: str | None = None, note: str | None = None) -> str:
    """Set a status or a note on the action of ``minute``, as the reader does."""
    conn = connect_readonly(path)
    action = by_minute(conn)[minute]
    conn.close()
    assert action.record_id is not None
    db = open_store(path)
    try:
        with write_transaction(db):
            ref = ActionRef(action.record_id, action.text)
            if status is not None:
                set_status(db.conn, ref, status, why="the county council did it instead")
            if note is not None:
                set_action_note(db.conn, ref, note)
    finally:
        db.close()
    return action.record_id


def test_the_users_status_and_note_survive_a_reingest_of_all_three(tmp_path: Path) -> None:
    path = _three_meetings(tmp_path)
    website = _set(path, "59", status="dropped")
    lights = _set(path, "57", note="Ring the county council's lighting team: 0300 123 4567")
    # The council republishes every page (a closing line added): every meeting is rebuilt.
    copies = []
    for meeting in MEETINGS:
        copy = tmp_path / meeting.name
        copy.write_text(meeting.read_text() + "\nMeeting closed at 8.15 p.m.\n")
        copies.append(copy)
    ingest(path, *copies)
    conn = connect_readonly(path)
    assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] == 6
    after = by_minute(conn)
    assert after["59"].record_id == website
    assert (after["59"].status, after["59"].status_by) == ("dropped", "you")
    assert not after["59"].overdue
    assert after["57"].record_id == lights
    assert after["57"].note == "Ring the county council's lighting team: 0300 123 4567"
    assert (after["57"].status, after["57"].status_by) == ("done", "minutes")
    detail = queries.action_detail(conn, website)
    assert detail is not None
    assert [(e.by, e.status, e.why) for e in detail.history] == [
        ("you", "dropped", "the county council did it instead")
    ]
    assert queries.count_actions_by_status(conn, Filter()) == detail_records.StatusCounts(
        open=1, done=2, dropped=1
    )
    conn.close()


def test_an_implied_due_date_follows_the_committees_next_meeting(tmp_path: Path) -> None:
    path = tmp_path / "minutes.db"
    ingest(path, MEETINGS[0], MEETINGS[2])
    conn = connect_readonly(path)
    assert by_minute(conn)["58"].due_on == dt.date(2025, 3, 11)  # the next one it knows
    conn.close()
    ingest(path, MEETINGS[1])
    conn = connect_readonly(path)
    assert by_minute(conn)["58"].due_on == dt.date(2025, 2, 11)
    conn.close()
    db = open_store(path)
    remove_sources(db, [MEETINGS[1]])
    db.close()
    conn = connect_readonly(path)
    assert by_minute(conn)["58"].due_on == dt.date(2025, 3, 11)
    conn.close()


def test_a_removed_meetings_user_data_is_kept_and_found_again(tmp_path: Path) -> None:
    path = _three_meetings(tmp_path)
    website = _set(path, "59", status="done", note="Pages updated on 2 March")
    db = open_store(path)
    report = remove_sources(db, [MEETINGS[0]])
    db.close()
    assert (len(report.sources), report.meetings_rebuilt, report.meetings_removed) == (1, 0, 1)
    conn = connect_readonly(path)
    assert "59" not in by_minute(conn)
    assert queries.orphaned_user_records(conn) == [
        detail_records.OrphanRecord(
            website,
            "Councillor Khan agreed to update the councillors’ pages on the website by 31st March.",
            "done",
            "Pages updated on 2 March",
            conn.execute("SELECT at FROM action_notes").fetchone()[0],
        )
    ]
    # The later meetings' links to it went with it.
    assert conn.execute("SELECT count(*) FROM action_links").fetchone()[0] == 0
    conn.close()
    ingest(path, MEETINGS[0])
    conn = connect_readonly(path)
    back = by_minute(conn)["59"]
    assert (back.record_id, back.status, back.status_by, back.note) == (
        website,
        "done",
        "you",
        "Pages updated on 2 March",
    )
    assert queries.orphaned_user_records(conn) == []
    assert conn.execute("SELECT count(*) FROM action_links").fetchone()[0] == 3
    conn.close()


def test_userdata_moves_as_json_and_imports_once(tmp_path: Path) -> None:
    path = _three_meetings(tmp_path)
    website = _set(path, "59", status="dropped", note="Not needed: the new site is live")
    # Following's data moves in the same file: a bookmark, a note on an item, a watch.
    writer = userdata.connect_writer(path)
    item_id = website.rsplit("/", 1)[0]
    userdata.toggle_bookmark(writer, userdata.target("item", item_id, "Website"))
    userdata.set_note(writer, userdata.target("item", item_id, "Website"), "Ask the clerk")
    userdata.save_watch(writer, "lights", "filter", "street lights", "", 7)
    userdata.mark_seen(writer, None, 7)
    writer.close()
    conn = connect_readonly(path)
    out = io.StringIO()
    assert export_userdata(conn, out) == {
        "action_status_log": 1,
        "action_notes": 1,
        "user_bookmarks": 1,
        "user_notes": 1,
        "user_watches": 1,
    }
    conn.close()
    document = json.loads(out.getvalue())
    assert document["format"] == "minutes-tui userdata"
    assert [row["action_id"] for row in document["tables"]["action_status_log"]] == [website]
    other = tmp_path / "other.db"
    ingest(other, *MEETINGS)
    db = open_store(other)
    with write_transaction(db):
        assert import_userdata(db.conn, out.getvalue(), "mine.json") == {
            "action_status_log": (1, 1),
            "action_notes": (1, 1),
            "user_bookmarks": (1, 1),
            "user_notes": (1, 1),
            "user_watches": (1, 1),
        }
    with write_transaction(db):  # again: nothing new
        assert import_userdata(db.conn, out.getvalue(), "mine.json") == {
            "action_status_log": (0, 1),
            "action_notes": (0, 1),
            "user_bookmarks": (0, 1),
            "user_notes": (0, 1),
            "user_watches": (0, 1),
        }
    db.close()
    conn = connect_readonly(other)
    # A watch's epoch is its store's: the imported one starts from this store's epoch.
    epoch = conn.execute("SELECT value FROM store_state WHERE name = 'epoch'").fetchone()[0]
    assert conn.execute("SELECT name, query, seen FROM user_watches").fetchall() == [
        ("lights", "street lights", epoch)
    ]
    assert conn.execute("SELECT target, text FROM user_notes").fetchall() == [
        (item_id, "Ask the clerk")
    ]
    assert conn.execute("SELECT count(*) FROM user_state").fetchone() == (0,)
    moved = by_minute(conn)["59"]
    assert (moved.status, moved.status_by, moved.note) == (
        "dropped",
        "you",
        "Not needed: the new site is live",
    )
    conn.close()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "mine.json: not JSON (Expecting value, line 1)"),
        ('{"tables": {}}', 'mine.json: not a minutes-tui userdata file (no "format": '
         '"minutes-tui userdata")'),
        ('{"format": "minutes-tui userdata", "version": 9, "tables": {}}',
         "mine.json: written by a newer minutes-tui (version 9); upgrade to import it"),
        ('{"format": "minutes-tui userdata", "version": 1, "tables": {"bookmarks": []}}',
         "mine.json: unknown table 'bookmarks' (this version knows action_status_log,"
         " action_notes, user_bookmarks, user_notes, user_watches)"),
        ('{"format": "minutes-tui userdata", "version": 1, "tables": {"action_status_log":'
         ' [{"action_id": "m0123456789abcdef/5/a000000000001", "at": "2025-01-01T00:00:00",'
         ' "status": "finished"}]}}',
         "mine.json: action_status_log row 1: status must be one of open, done, dropped,"
         " superseded (got 'finished')"),
        ('{"format": "minutes-tui userdata", "version": 1, "tables": {"action_notes":'
         ' [{"action_id": "5", "at": "2025-01-01", "note": "x"}]}}',
         "mine.json: action_notes row 1: not an action id: '5'"),
    ],
)  # fmt: skip
def test_a_bad_userdata_file_is_refused_in_one_line(
    tmp_path: Path, text: str, message: str
) -> None:
    path = _three_meetings(tmp_path)
    before = path.read_bytes()
    db = open_store(path)
    with pytest.raises(UserDataError) as error, write_transaction(db):
        import_userdata(db.conn, text, "mine.json")
    db.close()
    assert str(error.value) == message
    assert "\n" not in str(error.value)
    conn = connect_readonly(path)
    assert conn.execute("SELECT count(*) FROM action_status_log").fetchone()[0] == 0
    conn.close()
    assert before  # the store was readable before and is unchanged in its user tables


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("status:open", ["59", "73"]),
        ("status:done", ["57", "58"]),
        ("overdue", ["59"]),
        ("status:overdue", ["59"]),
        ("owner:clerk", ["57", "58"]),
        ("owner:brown", ["73"]),
        ("owner:pb", ["73"]),  # as printed
        ("due:<2025-03", ["57", "58"]),
        ("due:2025-03", ["59"]),
        ("due:none", ["73"]),
        ("due:any status:open", ["59"]),
        ("lights status:done", ["57"]),
        ("committee:highways owner:khan", ["59"]),
        ("status:dropped", []),
    ],
)
def test_the_tracker_fields_in_the_filter_language(
    tmp_path_factory: pytest.TempPathFactory, text: str, minutes: list[str]
) -> None:
    path = _three_meetings(tmp_path_factory.mktemp("filters"))
    conn = connect_readonly(path)
    flt = parse_filter(text + " ")
    rows = queries.actions_window(conn, flt, 0, 100)
    assert sorted(r.item_number for r in rows) == minutes
    assert queries.count_actions(conn, flt) == len(minutes)
    # The meetings and agenda lists keep what holds such an action.
    items = {
        i.number
        for m in queries.meetings_window(conn, flt, 0, 10)
        for i in queries.meeting_items(conn, m.id, flt)
    }
    assert items == set(minutes)
    conn.close()


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("meeting", ["73", "57", "58", "59"]),
        ("due", ["57", "58", "59", "73"]),
        ("owner", ["59", "57", "58", "73"]),  # by key: a khan, clerk, clerk, p brown
        ("committee", ["73", "57", "58", "59"]),
        ("status", ["59", "73", "57", "58"]),  # overdue, open, done
    ],
)
def test_the_list_in_each_order(tmp_path: Path, sort: str, order: list[str]) -> None:
    path = _three_meetings(tmp_path)
    conn = connect_readonly(path)
    rows = queries.actions_window(conn, Filter(), 0, 100, sort=sort)
    assert [r.item_number for r in rows] == order
    # Any window is the same slice of the whole list.
    assert [r.item_number for r in queries.actions_window(conn, Filter(), 1, 2, sort=sort)] == (
        order[1:3]
    )
    conn.close()


def test_m008_and_the_tracker_give_old_stores_what_the_writer_gives(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(OLD_STORE, path)
    open_store(path).close()  # m005 ... m008, then the tracker reads every action
    columns = "id, owner_name, owner_key, due_on, due_basis, due_text, committee_key"
    conn = sqlite3.connect(path)
    migrated = conn.execute(f"SELECT {columns} FROM actions ORDER BY id").fetchall()
    assert migrated and all(row[-1] is not None for row in migrated)
    assert tracker.stored_rules(conn) == tracker.TRACKER_RULES
    conn.close()
    db = open_store(path)
    with write_transaction(db):
        for (mid,) in db.conn.execute("SELECT id FROM meetings").fetchall():
            rebuild_meeting(db, mid)
        tracker.track_pending(db.conn)
    assert db.conn.execute(f"SELECT {columns} FROM actions ORDER BY id").fetchall() == migrated
    db.close()


def test_newer_rules_read_every_action_again_and_keep_the_users_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _three_meetings(tmp_path)
    website = _set(path, "59", status="dropped", note="kept")
    conn = sqlite3.connect(path)
    before = conn.execute("SELECT * FROM actions ORDER BY id").fetchall()
    links = conn.execute("SELECT * FROM action_links ORDER BY 1, 2, 3").fetchall()
    conn.execute("UPDATE actions SET owner_name = NULL, due_on = NULL, minutes_status = NULL")
    conn.execute("DELETE FROM action_links")
    conn.commit()
    conn.close()
    monkeypatch.setattr(tracker, "TRACKER_RULES", "a newer one")
    open_store(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT * FROM actions ORDER BY id").fetchall() == before
    assert conn.execute("SELECT * FROM action_links ORDER BY 1, 2, 3").fetchall() == links
    assert tracker.stored_rules(conn) == "a newer one"
    assert conn.execute("SELECT action_id FROM action_status_log").fetchall() == [(website,)]
    conn.close()


def test_a_store_that_ran_m009_before_m008_takes_the_tracker(tmp_path: Path) -> None:
    """A store written by the following branch before the merge ran m009 (which made
    ``store_state`` with integer values) and not m008: opening it for writing applies m008
    after m009, and the tracker, the people index and the news epoch all work on it."""
    import sqlite_utils
    from sqlite_utils.migrations import Migrations

    from store import derived, follow
    from store.migrations import MIGRATION_SET
    from store.migrations import migrations as registered

    path = tmp_path / "follow-first.db"
    shutil.copy(OLD_STORE, path)
    follow_first = Migrations(MIGRATION_SET)
    for name, func, transactional in registered._registered:
        if name != "m008_action_tracker":
            follow_first(name=name, transactional=transactional)(func)
    db = sqlite_utils.Database(path)
    follow_first.apply(db)
    # store_state as the following branch's m009 made it.
    db.execute("DROP TABLE store_state")
    db.execute("CREATE TABLE store_state (name TEXT PRIMARY KEY, value INTEGER NOT NULL)")
    db.execute("INSERT INTO store_state (name, value) VALUES ('epoch', 0), ('derived', 0)")
    db.conn.commit()
    db.close()
    open_store(path).close()  # m008 now, then the derived indexes and the tracker
    conn = connect_readonly(path)
    assert tracker.stored_rules(conn) == tracker.TRACKER_RULES
    assert not tracker.needs_healing(conn) and derived.is_current(conn)
    assert follow.current_epoch(conn) == 0
    assert (
        conn.execute("SELECT count(*) FROM actions WHERE committee_key IS NULL").fetchone()[0] == 0
    )
    assert conn.execute("SELECT count(*) FROM people").fetchone()[0] > 0
    conn.close()


def test_m009_after_m008_keeps_each_state_value_as_written(tmp_path: Path) -> None:
    path = _three_meetings(tmp_path)
    conn = connect_readonly(path)
    state = dict(conn.execute("SELECT name, value FROM store_state").fetchall())
    conn.close()
    assert state["tracker_rules"] == tracker.TRACKER_RULES  # text, as m008 wrote it
    assert isinstance(state["epoch"], int) and isinstance(state["derived"], int)


@pytest.mark.parametrize(
    "skipped",
    [
        # The following branch's code, before m010: m001-m009; m010 comes after m009.
        "m010_fts_content_items",
        # The responsiveness branch's code, before m009: m001-m008 and m010; m009 comes last.
        "m009_following",
    ],
)
def test_a_store_without_one_of_m009_and_m010_takes_it(tmp_path: Path, skipped: str) -> None:
    """Stores written by either branch before they were merged open, whichever of m009 and
    m010 they ran: the other is applied, and search, the people index, the news epoch and
    the tracker all work on it."""
    import sqlite_utils
    from sqlite_utils.migrations import Migrations

    from store import derived, follow
    from store.db import _pending_migrations
    from store.migrations import MIGRATION_SET
    from store.migrations import migrations as registered

    path = tmp_path / f"without-{skipped}.db"
    shutil.copy(OLD_STORE, path)
    branch = Migrations(MIGRATION_SET)
    for name, func, transactional in registered._registered:
        if name != skipped:
            branch(name=name, transactional=transactional)(func)
    db = sqlite_utils.Database(path)
    branch.apply(db)
    db.close()
    open_store(path).close()  # the skipped step now, after the later one
    conn = connect_readonly(path)
    assert not _pending_migrations(conn)
    assert tracker.stored_rules(conn) == tracker.TRACKER_RULES
    assert derived.is_current(conn) and follow.current_epoch(conn) == 0
    assert conn.execute("SELECT count(*) FROM people").fetchone()[0] > 0
    assert (
        'content="items"'
        in conn.execute("SELECT sql FROM sqlite_master WHERE name = 'items_fts'").fetchone()[0]
    )
    assert queries.count_items(conn, parse_filter("council")) > 0
    conn.close()
