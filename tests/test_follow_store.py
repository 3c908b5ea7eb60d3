"""Following the council in the store: people, threads, news stamps, watches, marks.

Stores are built from real pages (tests/fixtures/corpus and the seeds) through the real
ingest; where a page must change, the copy is edited the way a council edits its page (a
resolution added to an item). Title threads across committees are a budget going from
scrutiny to cabinet to council, built from model objects like ``conftest``'s model store.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FOLLOW_PAGES

from parsers.model import AgendaItem, Meeting, ParsedDocument, Resolution
from store import follow, queries, userdata
from store.db import connect_readonly, open_store
from store.filters import Filter, parse_filter
from store.ingest import ingest_paths, rebuild_meeting, store_document
from store.transaction import write_transaction

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"
SEEDS = FIXTURES / "seeds"
PAGES = FOLLOW_PAGES
SEED_000 = "000_81d86c97e4813351.txt"  # Children's Partnership Board, 27 September 2017


@pytest.fixture
def conn(follow_store_path: Path) -> Iterator[sqlite3.Connection]:
    connection = connect_readonly(follow_store_path)
    yield connection
    connection.close()


def _mentions(conn: sqlite3.Connection, key: str) -> list[tuple]:
    return [
        (m.role, m.meeting.date.isoformat() if m.meeting.date else None, m.item_number,
         m.written_role, m.text)
        for m in follow.person_window(conn, key, 0, 100)
    ]  # fmt: skip


# --- people -----------------------------------------------------------------------------------


def test_a_councillor_is_counted_from_attendance_and_the_motions_they_moved(conn) -> None:
    # Limerick's full council, 25 May 2015: three Councillors Sheahan, told apart by an
    # initial in brackets; J. moved and seconded motions item after item.
    summary = follow.person_summary(conn, "sheahan j")
    assert summary is not None
    assert (summary.name, summary.meetings, summary.attended, summary.missed) == (
        "Councillor Sheahan (J)",
        1,
        1,
        0,
    )
    assert summary.counts == {"moved": 8, "present": 1, "seconded": 3}
    assert [p.key for p in follow.people_window(conn, "sheahan", 0, 10)] == [
        "sheahan j",
        "sheahan k",
        "sheahan m",
    ]
    k = follow.person_summary(conn, "sheahan k")
    assert k is not None and (k.attended, k.missed, k.counts) == (0, 1, {"apologies": 1})
    rows = _mentions(conn, "sheahan j")
    assert rows[0] == ("present", "2015-05-25", None, None, None)
    assert rows[-1] == (
        "seconded",
        "2015-05-25",
        "21",
        None,
        "The Motion was seconded by Councillor Sheahan (J) and agreed.",
    )


def test_roles_are_kept_as_written(conn) -> None:
    # Bristol's issue page: "Councillor Johnson, Deputy Lord Mayor, seconded the report."
    assert _mentions(conn, "johnson") == [
        (
            "seconded",
            "2020-05-21",
            "17",
            "Deputy Lord Mayor",
            "Councillor Johnson, Deputy Lord Mayor, seconded the report.",
        )
    ]
    # The Children's Partnership Board's presenter, her role printed two ways.
    summary = follow.person_summary(conn, "blackman helen")
    assert summary is not None and summary.roles == (
        "Director of Children’s integrated services",
        "Director of Integrated Children’s Services",
    )
    assert [r[2] for r in _mentions(conn, "blackman helen")] == ["20", "24"]
    webster = follow.person_summary(conn, "webster sam")
    assert webster is not None and (webster.missed, webster.roles) == (1, ("Co Chair",))


def test_a_departure_is_kept_with_its_item_and_presence_is_never_inferred(conn) -> None:
    # Oro-Medonte: "Councillor Shawn Scott (left @ 2:00 p.m. before Item 11 a)" in the
    # attendance; the agenda read from the page has no item 11 a, so the note stands alone.
    assert _mentions(conn, "scott shawn") == [
        ("present", "2020-07-15", None, None, None),
        ("left", "2020-07-15", None, None, "left @ 2:00 p.m. before Item 11 a"),
        ("moved", "2020-07-15", "a", None, "Moved by Scott, Seconded by Hough"),
        ("seconded", "2020-07-15", "a", None, "Moved by Keane, Seconded by Scott"),
    ]
    # Limerick: "Mr. Griffin left the Meeting ..." in the minutes of the item presenting to
    # him: kept with that item.
    griffin = follow.person_window(conn, "griffin", 0, 10)
    assert [(m.role, m.item_title) for m in griffin] == [
        ("left", "Presentation to Eugene Griffin, SEO, Corporate Services")
    ]
    # Nobody is recorded absent for the items after a departure.
    assert conn.execute("SELECT count(*) FROM mentions WHERE role = 'absent'").fetchone() == (0,)


def test_declarations_name_who_declared(conn) -> None:
    # Kent: two declarations, each with the promise to leave the room for item 10.
    for key in ("balfour m", "payne m"):
        summary = follow.person_summary(conn, key)
        assert summary is not None and summary.counts == {"declared": 1, "left": 1}


def test_the_person_filter_keeps_the_meetings_that_name_them(conn) -> None:
    assert [
        m.committee for m in queries.meetings_page(conn, parse_filter("person:sheahan"), None, 9)
    ] == ["Limerick City and County Council"]
    flt = parse_filter('person:"helen blackman"')
    assert flt.describe() == 'person:"helen blackman"'
    assert [m.date for m in queries.meetings_page(conn, flt, None, 9)] == [dt.date(2017, 9, 27)]
    assert queries.count_meetings(conn, parse_filter("person:nobody-of-that-name")) == 0


# --- threads ----------------------------------------------------------------------------------


def test_an_issue_page_is_one_thread_across_its_meetings(conn) -> None:
    # Slough's ieIssueDetails 41815: the minutes of 14 July 2021, taken at two meetings.
    item_id = conn.execute(
        "SELECT i.id FROM items i JOIN meetings m ON m.id = i.meeting_id"
        " WHERE m.date = '2021-09-29'"
    ).fetchone()[0]
    timeline = follow.thread(conn, item_id)
    assert [(a.meeting.date, a.item.number, a.via, a.kinds) for a in timeline] == [
        (dt.date(2021, 10, 21), "63", "issue page", ("decision",)),
        (dt.date(2021, 9, 29), "2", "this item", ()),
    ]
    assert timeline[0].decision == (
        "That the minutes of the meeting held on 14 September 2021 be agreed as a correct record."
    )
    assert follow.threaded_items(conn, item_id.split("/")[0]) == frozenset({item_id})


def _budget(committee: str, date: dt.date, number: str, resolved: str) -> Meeting:
    return Meeting(
        committee=committee,
        date=date,
        council="Anytown Borough Council",
        items=[
            AgendaItem("1", "Apologies for absence", minutes="None."),
            AgendaItem(
                number,
                "Revenue Budget 2019/20 and Medium Term Financial Plan",
                minutes=f"RESOLVED {resolved}",
                resolutions=[Resolution(None, resolved, "decision")],
            ),
        ],
    )


def test_the_same_title_at_other_committees_is_one_thread_newest_first(tmp_path) -> None:
    db = open_store(tmp_path / "t.db")
    for n, meeting in enumerate(
        [
            _budget("Overview and Scrutiny", dt.date(2019, 1, 10), "5", "to note the budget."),
            _budget("Cabinet", dt.date(2019, 2, 5), "7", "to recommend the budget to Council."),
            _budget("Council", dt.date(2019, 2, 20), "9", "that the budget be approved."),
        ]
    ):
        store_document(
            db, f"/b/{n}.txt", ParsedDocument("test", "meeting", [meeting]), sha256=str(n), size=1
        )
    db.close()
    conn = connect_readonly(tmp_path / "t.db")
    cabinet = conn.execute(
        "SELECT i.id FROM items i JOIN meetings m ON m.id = i.meeting_id"
        " WHERE m.committee = 'Cabinet' AND i.number = '7'"
    ).fetchone()[0]
    timeline = follow.thread(conn, cabinet)
    assert [(a.meeting.committee, a.decision, a.via) for a in timeline] == [
        ("Council", "that the budget be approved.", "title"),
        ("Cabinet", "to recommend the budget to Council.", "this item"),
        ("Overview and Scrutiny", "to note the budget.", "title"),
    ]
    # "Apologies for absence" is every meeting's: it joins nothing.
    marked = follow.threaded_items(conn, cabinet.split("/")[0])
    assert marked == frozenset({cabinet})
    conn.close()


# --- news, watches and marks --------------------------------------------------------------------


ADDED = "RESOLVED to ask the Board Manager to circulate the forward plan to all partners."


@pytest.fixture
def seed_store(tmp_path: Path) -> Path:
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(SEEDS / SEED_000, pages / SEED_000)
    db = open_store(tmp_path / "minutes.db")
    try:
        assert not ingest_paths(db, [pages / SEED_000], workers=1).failed
    finally:
        db.close()
    return tmp_path


def _reingest(folder: Path, *names: str) -> None:
    db = open_store(folder / "minutes.db")
    try:
        report = ingest_paths(db, [folder / "pages" / n for n in names], workers=1)
    finally:
        db.close()
    assert not report.failed, report.summary()


def _edit_forward_plan(folder: Path) -> None:
    page = folder / "pages" / SEED_000
    text = page.read_text(encoding="utf-8")
    assert text.rstrip().endswith("RESOLVED to note the forward plan.")
    page.write_text(text.rstrip() + "\n\n \n\n" + ADDED + "\n", encoding="utf-8")


def test_news_is_what_changed_since_an_epoch(seed_store: Path) -> None:
    conn = connect_readonly(seed_store / "minutes.db")
    before = follow.current_epoch(conn)
    assert before == 1  # one meeting written: one epoch
    _reingest(seed_store, SEED_000)  # the same file: nothing changes
    assert follow.current_epoch(conn) == before
    _edit_forward_plan(seed_store)
    _reingest(seed_store, SEED_000)
    assert follow.current_epoch(conn) == before + 1
    assert follow.news_count(conn, before) == 1
    rows = follow.news_window(conn, before, follow.Scope(), 0, 10)
    assert [(r.kind, r.state, r.item.number if r.item else None) for r in rows] == [
        ("meeting", "changed", None),
        ("item", "changed", "25"),
    ]
    assert (rows[1].new_resolutions, rows[1].new_actions) == (1, 1)
    assert follow.news_list_count(conn, before) == 2
    item_id = rows[1].item.id
    new = follow.new_record_ids(conn, item_id, before)
    assert len(new) == 2 and all(r.startswith(item_id + "/") for r in new)
    # Everything is new since epoch 0, the items first seen then as "new".
    assert follow.news_count(conn, 0) == 10
    assert {r.state for r in follow.news_window(conn, 0, follow.Scope(), 0, 20)} == {"new"}
    # A new meeting from another page.
    shutil.copy(CORPUS / PAGES[4], seed_store / "pages" / PAGES[4])
    _reingest(seed_store, PAGES[4])
    later = follow.news_window(conn, before + 1, follow.Scope(), 0, 20)
    assert {(r.kind, r.state) for r in later} == {("meeting", "new"), ("item", "new")}
    assert {r.meeting.committee for r in later} == {"Slough Health & Wellbeing Board"}
    conn.close()


def test_watches_count_what_is_new_in_their_scope(
    seed_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = connect_readonly(seed_store / "minutes.db")
    writer = userdata.connect_writer(seed_store / "minutes.db")
    epoch = follow.current_epoch(conn)
    item_id = conn.execute("SELECT id FROM items WHERE number = '25'").fetchone()[0]
    other_id = conn.execute("SELECT id FROM items WHERE number = '19'").fetchone()[0]
    userdata.save_watch(writer, "forward plans", "filter", '"forward plan"', "", epoch)
    userdata.save_watch(writer, "membership", "filter", "membership", "", epoch)
    userdata.save_watch(writer, "item 25", "item", item_id, "Forward Plan", epoch)
    userdata.save_watch(writer, "item 19", "item", other_id, "Membership", epoch)
    userdata.save_watch(writer, "Helen", "person", "blackman helen", "Helen Blackman", epoch)
    _edit_forward_plan(seed_store)
    _reingest(seed_store, SEED_000)
    counts = {
        w.name: follow.news_count(conn, w.seen, follow.watch_scope(conn, w))
        for w in follow.watches(conn)
    }
    assert counts == {
        "Helen": 1,  # she presented at this meeting
        "forward plans": 1,
        "item 19": 0,
        "item 25": 1,
        "membership": 0,
    }
    # Asked of the index item by item (few changed) or as one set of hits (many): the same.
    monkeypatch.setattr(follow, "PROBE_ITEMS", 0)
    assert {
        w.name: follow.news_count(conn, w.seen, follow.watch_scope(conn, w))
        for w in follow.watches(conn)
    } == counts
    userdata.mark_seen(writer, "forward plans", follow.current_epoch(conn))
    userdata.mark_seen(writer, "forward plans", epoch)  # an older look never undoes a newer one
    seen = follow.watch(conn, "forward plans")
    assert seen is not None and seen.seen == follow.current_epoch(conn)
    assert follow.news_count(conn, seen.seen, follow.watch_scope(conn, seen)) == 0
    assert userdata.remove_watch(writer, "membership") and not userdata.remove_watch(writer, "x")
    writer.close()
    conn.close()


def test_marks_survive_reingest_and_a_gone_record_is_kept(seed_store: Path) -> None:
    conn = connect_readonly(seed_store / "minutes.db")
    writer = userdata.connect_writer(seed_store / "minutes.db")
    meeting = queries.meetings_page(conn, Filter(), None, 1)[0]
    item = next(i for i in queries.meeting_items(conn, meeting.id, Filter()) if i.number == "25")
    resolution = queries.item_resolutions(conn, item.id)[0]
    assert resolution.record_id is not None
    assert userdata.toggle_bookmark(writer, userdata.target("item", item.id, "Forward Plan"))
    note_on = userdata.target(
        "resolution", resolution.record_id, resolution.text, item_id=resolution.item_id
    )
    assert userdata.set_note(writer, note_on, "Check the plan is published.")
    assert userdata.set_note(writer, userdata.target("meeting", meeting.id, "CPB"), "Chaired well.")
    # A re-ingest with a new resolution keeps every mark; the noted resolution is still there.
    _edit_forward_plan(seed_store)
    _reingest(seed_store, SEED_000)
    marks = follow.marks_window(conn, 0, 10)
    assert {(m.kind, m.bookmarked, m.note, m.exists) for m in marks} == {
        ("item", True, None, True),
        ("resolution", False, "Check the plan is published.", True),
        ("meeting", False, "Chaired well.", True),
    }
    # The council re-words the noted resolution: the note stays, its record is gone.
    page = seed_store / "pages" / SEED_000
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "RESOLVED to note the forward plan.", "RESOLVED to agree the revised forward plan."
        ),
        encoding="utf-8",
    )
    _reingest(seed_store, SEED_000)
    gone = [m for m in follow.marks_window(conn, 0, 10) if m.kind == "resolution"]
    assert [(m.label, m.exists, m.note) for m in gone] == [
        ("to note the forward plan.", False, "Check the plan is published.")
    ]
    assert follow.count_marks(conn) == 3
    # Unmarking: the bookmark goes, a blank note deletes the note.
    assert not userdata.toggle_bookmark(writer, userdata.target("item", item.id, "x"))
    assert not userdata.set_note(writer, note_on, "   ")
    assert follow.count_marks(conn) == 1
    writer.close()
    conn.close()


def test_has_note_and_is_bookmarked_filter_the_lists(
    follow_store_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "marked.db"
    shutil.copy(follow_store_path, path)
    conn = connect_readonly(path)
    writer = userdata.connect_writer(path)
    cpb = next(m for m in queries.meetings_page(conn, Filter(), None, 20) if m.item_count == 10)
    items = queries.meeting_items(conn, cpb.id, Filter())
    # Item 23, the core development standard, has the meeting's one action point.
    standard = next(i for i in items if i.number == "23")
    action = queries.item_actions(conn, standard.id)[0]
    assert action.record_id is not None
    userdata.set_note(
        writer, userdata.target("action", action.record_id, action.text, standard.id), "Chase"
    )
    bristol = next(
        m for m in queries.meetings_page(conn, Filter(), None, 20) if m.committee == "Full Council"
    )
    userdata.toggle_bookmark(writer, userdata.target("meeting", bristol.id, "Full Council"))
    noted = parse_filter("has:note")
    assert [m.id for m in queries.meetings_page(conn, noted, None, 20)] == [cpb.id]
    assert [i.number for i in queries.meeting_items(conn, cpb.id, noted)] == ["23"]
    assert queries.count_actions(conn, noted) == 1
    marked = parse_filter("is:bookmarked")
    assert [m.id for m in queries.meetings_page(conn, marked, None, 20)] == [bristol.id]
    # A bookmark on a meeting keeps all its items.
    assert queries.count_items(conn, marked) == bristol.item_count
    assert queries.count_meetings(conn, parse_filter("is:bookmarked has:note")) == 0
    writer.close()
    conn.close()


# --- upgrades -------------------------------------------------------------------------------------


def test_an_upgraded_store_builds_its_indexes_and_finds_nothing_new(tmp_path: Path) -> None:
    """A store written before m009: opening it for writing fills the people and thread
    indexes, and rebuilding its meetings (each reads its old rows for their digests) stamps
    nothing as changed."""
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "stores" / "m004-mixed.db", path)
    db = open_store(path)
    conn = db.conn
    assert conn.execute("SELECT value FROM store_state WHERE name = 'epoch'").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM mentions").fetchone()[0] > 0
    assert conn.execute("SELECT count(*) FROM thread_keys").fetchone()[0] > 0
    with write_transaction(db):
        for (mid,) in conn.execute("SELECT id FROM meetings").fetchall():
            rebuild_meeting(db, mid)
    assert conn.execute("SELECT value FROM store_state WHERE name = 'epoch'").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM items WHERE changed > 0").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM items WHERE digest IS NULL").fetchone() == (0,)
    db.close()


def test_user_tables_survive_rebuilds_and_reopening(seed_store: Path) -> None:
    """Every table of the registry keeps its rows through a rebuild of every meeting and a
    writer opening the store again (which applies any later migration)."""
    path = seed_store / "minutes.db"
    writer = userdata.connect_writer(path)
    item_id = writer.execute("SELECT id FROM items WHERE number = '19'").fetchone()[0]
    userdata.toggle_bookmark(writer, userdata.target("item", item_id, "Membership"))
    userdata.set_note(writer, userdata.target("item", item_id, "Membership"), "New members")
    userdata.save_watch(writer, "cpb", "filter", "committee:children", "", 0)
    userdata.mark_seen(writer, None, 1)
    action_id = writer.execute(
        "SELECT i.id || '/a' || printf('%012x', a.key) FROM actions a"
        " JOIN items i ON i.rowid = a.item_rowid LIMIT 1"
    ).fetchone()[0]
    action = userdata.ActionRef(action_id, "the action's words")
    with userdata.writing(writer):  # the tracker's: a status, and the action's note
        userdata.set_status(writer, action, "done", why="reported at the next meeting")
    userdata.set_note(writer, userdata.target("action", action_id, "the action"), "Chase")
    before = {
        name: writer.execute(f"SELECT * FROM {name}").fetchall() for name in userdata.KEPT_TABLES
    }
    writer.close()
    assert all(before.values())
    db = open_store(path)
    with write_transaction(db):
        for (mid,) in db.conn.execute("SELECT id FROM meetings").fetchall():
            rebuild_meeting(db, mid)
    after = {
        name: db.conn.execute(f"SELECT * FROM {name}").fetchall() for name in userdata.KEPT_TABLES
    }
    db.close()
    assert after == before


def test_procedural_titles_join_no_thread() -> None:
    from store.threads import PROCEDURAL_TITLES, title_key

    for entry in PROCEDURAL_TITLES:
        assert title_key(entry.example) is None, entry.example
    # A matter's own title joins; a recurring scrutiny work programme does not.
    assert title_key("Revenue Budget 2019/20 and Medium Term Financial Plan") is not None
    assert title_key("Overview and Scrutiny Committee Work Programme") is None
    assert title_key("Budget") is None  # too short to name one matter
