"""Following the council in the reader: people, a person, a timeline, what's new, bookmarks,
notes, watches, and reopening where the last session was.

Each test drives the real app (``make_app``) on a copy of the follow store (real pages,
``conftest.build_follow_store``) and compares what is on screen with the store's own reads.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_app import type_filter
from textual.pilot import Pilot

from store import follow, queries
from store.db import connect_readonly, open_store
from store.filters import parse_filter
from store.ingest import ingest_paths
from store.queries import ItemRow, MeetingRow
from tui.app import MinutesApp, make_app
from tui.screens.editors import NamePrompt, NoteEditor, TargetPicker
from tui.screens.main import MainScreen
from tui.screens.marks import MarksScreen
from tui.screens.news import NewsScreen
from tui.screens.people import PeopleScreen, PersonScreen
from tui.screens.thread import ThreadScreen
from tui.settle import settle
from tui.widgets.follow_lists import MentionList, NewsList, PeopleList, WatchList
from tui.widgets.panes import AgendaList, DetailPane, MeetingList

SIZE = (120, 40)
SEED_000 = "000_81d86c97e4813351.txt"


def screen_text(app: MinutesApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


@pytest.fixture
def store(follow_store_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "minutes.db"
    shutil.copy(follow_store_path, path)
    shutil.copytree(follow_store_path.parent / "pages", tmp_path / "pages")
    return path


@pytest.fixture
def conn(store: Path) -> Iterator[sqlite3.Connection]:
    connection = connect_readonly(store)
    yield connection
    connection.close()


async def go_to(app: MinutesApp, pilot: Pilot, date: str, number: str | None) -> None:
    """Select a meeting (and an item of it) the way a jump from another screen does."""
    conn = connect_readonly(app.db_path)
    try:
        meeting = next(
            m for m in queries.meetings_page(conn, parse_filter(""), None, 50)
            if m.date and m.date.isoformat() == date
        )  # fmt: skip
        item = next(
            (i.id for i in queries.meeting_items(conn, meeting.id, parse_filter(""))
             if i.number == number),
            None,
        )  # fmt: skip
    finally:
        conn.close()
    app.go_to_item(meeting.id, item)
    await settle(pilot)


async def test_people_and_a_persons_record(store, conn) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        people = app.screen.query_one(PeopleList)
        assert people.count == follow.count_people(conn)
        await pilot.press("slash", *"sheahan", "enter")
        await pilot.pause(0.3)
        await settle(pilot)
        assert [people.row_at(i).key for i in range(people.count)] == [
            "sheahan j",
            "sheahan k",
            "sheahan m",
        ]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        text = screen_text(app)
        assert (
            "Councillor Sheahan (J)  named in 1 meeting · attended 1 · apologies or absent 0 ·"
            " moved 8 · seconded 3"
        ) in text
        record = app.screen.query_one(MentionList)
        rows = follow.person_window(conn, "sheahan j", 0, 100)
        assert record.count == len(rows) == 12
        assert "attended" in record.render_line(0).text
        await pilot.press("tab", "tab")  # everything -> attendance -> motions
        await settle(pilot)
        assert record.count == 11
        assert "showing motions" in str(record.border_subtitle)
        await pilot.press("j", "enter")  # the second motion: item (a)
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        meetings = app.screen.query_one(MeetingList)
        assert meetings.highlighted_row.committee == "Limerick City and County Council"
        agenda = app.screen.query_one(AgendaList)
        assert agenda.highlighted_row.number == "(a)"


async def test_the_person_filter_narrows_the_lists(store, conn) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_filter(app, pilot, 'person:"helen blackman"')
        meetings = app.screen.query_one(MeetingList)
        flt = parse_filter('person:"helen blackman"')
        assert meetings.count == queries.count_meetings(conn, flt) == 1
        assert meetings.highlighted_row.committee == "Children's Partnership Board"


async def test_a_timeline_and_following_its_thread(store, conn) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(app, pilot, "2021-09-29", "2")  # Slough's Health & Wellbeing Board
        agenda = app.screen.query_one(AgendaList)
        assert "⇄" in agenda.render_line(0).text  # the item has a thread
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, ThreadScreen)
        text = " ".join(screen_text(app).split())  # the heading wraps
        assert "The matter of Minutes of the last meeting held on 14 July 2021" in text
        assert "taken at 2 meetings of 1 committee (joined by issue page)" in text
        timeline = app.screen.listing
        assert [timeline.row_at(i).meeting.date.isoformat() for i in range(2)] == [
            "2021-10-21",
            "2021-09-29",
        ]
        assert timeline.cursor == 1  # on the item the timeline was opened from
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, NamePrompt)
        await pilot.press("ctrl+a", "ctrl+k", *"July minutes", "enter")  # replace the title
        await settle(pilot)
        watch = follow.watch(conn, "July minutes")
        assert watch is not None and watch.kind == "thread"
        assert follow.watch_scope(conn, watch).item_rowids is not None
        await pilot.press("k", "enter")  # the newest appearance
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(AgendaList).highlighted_row.number == "63"


async def test_bookmarks_and_notes_from_the_lists(store, conn) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(app, pilot, "2017-09-27", "23")  # the Children's Partnership Board
        agenda = app.screen.query_one(AgendaList)
        await pilot.press("m")  # the agenda has focus after a jump: the item
        await settle(pilot)
        assert "★" in agenda.render_line(agenda.cursor).text
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"Ask for the standard", "ctrl+s")
        await settle(pilot)
        item_id = agenda.highlighted_row.id
        assert follow.note_text(conn, item_id) == "Ask for the standard"
        assert "★✎" in agenda.render_line(agenda.cursor).text
        # From the detail pane: a picker of the item, its meeting and its records.
        await pilot.press("tab", "m")
        await settle(pilot)
        assert isinstance(app.screen, TargetPicker)
        kinds = [t.kind for t in app.screen.targets]
        assert kinds[:2] == ["item", "meeting"] and "action" in kinds
        await pilot.press(*["down"] * kinds.index("action"), "enter")
        await settle(pilot)
        action = queries.item_actions(conn, item_id)[0]
        assert follow.is_bookmarked(conn, action.record_id)
        assert "•★" in screen_text(app)  # the detail pane marks it
        # The filter language finds them, and their own screen lists them.
        await type_filter(app, pilot, "is:bookmarked")
        assert app.screen.query_one(MeetingList).count == 1
        assert [r.number for r in (agenda.row_at(i) for i in range(agenda.count))] == ["23"]
        await pilot.press("M")
        await settle(pilot)
        assert isinstance(app.screen, MarksScreen)
        marks = app.screen.listing
        assert marks.count == follow.count_marks(conn) == 2
        text = screen_text(app)
        assert "★  action" in text and "★✎ item" in text
        await pilot.press("escape")
        await settle(pilot)


def council_edits_the_forward_plan(store: Path) -> None:
    """A council edits its minutes (a new resolution on the forward plan), ingested again."""
    page = store.parent / "pages" / SEED_000
    page.write_text(
        page.read_text(encoding="utf-8").rstrip()
        + "\n\nRESOLVED to ask the Board Manager to circulate the forward plan.\n",
        encoding="utf-8",
    )
    db = open_store(store)
    try:
        assert not ingest_paths(db, [page], workers=1).failed
    finally:
        db.close()


async def test_whats_new_counts_each_watch_and_marks_it_looked_at(store, conn) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # The first session starts the overall news.
        assert follow.overall_seen(conn) == follow.current_epoch(conn)
        await type_filter(app, pilot, '"forward plan"')
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, NamePrompt)
        await pilot.press("enter")  # the filter's own words as the name
        await settle(pilot)
        assert [w.name for w in follow.watches(conn)] == ['"forward plan"']
        # A council edits its minutes: a new resolution on the forward plan.
        council_edits_the_forward_plan(store)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, NewsScreen)
        watches = app.screen.query_one(WatchList)
        assert [watches.row_at(i).name for i in range(watches.count)] == [None, '"forward plan"']
        assert watches.counts == {None: 1, '"forward plan"': 1}
        assert "1 new" in watches.render_line(1).text
        news = app.screen.query_one(NewsList)
        rows = [news.row_at(i) for i in range(news.count)]
        assert [(r.kind, r.state) for r in rows] == [("meeting", "changed"), ("item", "changed")]
        line = " ".join(news.render_line(1).text.split())
        assert line == "CHANGED 25 Forward Plan +1 res +1 act"
        await pilot.press("j")  # the watch: its news is looked at too
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.pause(0.2)
        await settle(pilot)
        epoch = follow.current_epoch(conn)
        assert follow.overall_seen(conn) == epoch
        assert follow.watch(conn, '"forward plan"').seen == epoch


@pytest.mark.parametrize("read_at_launch", [True, False], ids=["read-at-launch", "opened-after"])
async def test_the_header_counts_whats_new_at_start_up(
    store, conn, monkeypatch, read_at_launch
) -> None:
    """What the council changed since the last session is counted in the header as the
    reader opens, whether its first screen was read at launch or the usual way."""
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the first session starts the overall news
    council_edits_the_forward_plan(store)
    new = follow.news_count(conn, follow.overall_seen(conn))
    assert new > 0
    if read_at_launch:
        monkeypatch.setattr(MainScreen, "FIRST_SCREEN_WAIT", 10.0)
    else:
        monkeypatch.setattr(MainScreen, "_show_first_screen", lambda self: False)
    again = make_app(store)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert f"● {new:,} new (w)" in screen_text(again).splitlines()[0]


async def leave_a_place(store: Path) -> tuple[MeetingRow, int, ItemRow]:
    """A session that filters "minutes" and selects the second meeting and its second
    item, then quits: its meeting, that meeting's row and its item."""
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_filter(app, pilot, "minutes")
        await pilot.press("j", "tab", "j")
        await settle(pilot)
        meetings = app.screen.query_one(MeetingList)
        return (
            meetings.highlighted_row,
            meetings.cursor,
            app.screen.query_one(AgendaList).highlighted_row,
        )


@pytest.mark.parametrize("read_at_launch", [True, False], ids=["read-at-launch", "opened-after"])
async def test_the_reader_reopens_with_the_last_filter_and_selection(
    store, monkeypatch, read_at_launch
) -> None:
    meeting, _, item = await leave_a_place(store)
    if not read_at_launch:  # the first screen was not read in time: the usual way restores
        monkeypatch.setattr(MainScreen, "_show_first_screen", lambda self: False)
    again = make_app(store)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = again.screen
        assert isinstance(screen, MainScreen)
        assert screen.flt == parse_filter("minutes")
        assert "filter: minutes" in screen_text(again).splitlines()[-2]
        assert screen.query_one(MeetingList).highlighted_row.id == meeting.id
        assert screen.query_one(AgendaList).highlighted_row.id == item.id


async def test_the_saved_place_is_the_first_frame(store, monkeypatch) -> None:
    """The start-up thread (``StoreOpening``) reads the saved filter, meeting and item with
    the first page: the screen is mounted showing them, with no query of its own."""
    meeting, cursor, item = await leave_a_place(store)
    monkeypatch.setattr(MainScreen, "FIRST_SCREEN_WAIT", 10.0)  # however loaded the machine
    again = make_app(store)
    first: dict[str, object] = {}

    def on_opened(message: object) -> None:
        if isinstance(message, MainScreen.Opened):  # posted at the end of ``on_mount``
            screen = again.main_screen
            first["shown"] = message.shown
            first["flt"] = screen.flt
            first["cursor"] = screen.query_one(MeetingList).cursor
            first["meeting"] = screen.meeting_detail and screen.meeting_detail.meeting.id
            first["agenda"] = screen.query_one(AgendaList).cursor
            first["item"] = screen.item_detail and screen.item_detail[0].id

    async with again.run_test(size=SIZE, message_hook=on_opened) as pilot:
        agenda_cursor = next(
            i for i, row in enumerate(again.main_screen.meeting_detail.items) if row.id == item.id
        )
        assert first == {
            "shown": True,
            "flt": parse_filter("minutes"),
            "cursor": cursor,
            "meeting": meeting.id,
            "agenda": agenda_cursor,
            "item": item.id,
        }
        await settle(pilot)
        screen = again.screen
        assert screen.focused is screen.query_one(AgendaList)
        assert screen.query_one(AgendaList).highlighted_row.id == item.id
        heading = f"Item {item.number} · {item.title}"
        assert screen.query_one(DetailPane).plain_text.startswith(heading)


async def test_a_bookmark_redraws_its_row_at_once_and_stays_on_return(store) -> None:
    """The lists keep drawn lines, and the meetings around the cursor are read ahead with
    their marks: a new bookmark draws its row's ★ at once, and it is still there after the
    cursor leaves the meeting and comes back (from the details read ahead)."""
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        agenda = app.screen.query_one(AgendaList)
        await pilot.press("tab")
        await settle(pilot)
        line = agenda.render_line(agenda.cursor).text
        assert "★" not in line
        assert agenda.render_line(agenda.cursor).text == line  # drawn from the cache
        await pilot.press("m")
        await settle(pilot)
        assert "★" in agenda.render_line(agenda.cursor).text
        await pilot.press("shift+tab", "j")
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        assert "★" in agenda.render_line(0).text


async def test_a_read_only_store_says_marks_cannot_be_saved(store, tmp_path) -> None:
    store.chmod(0o444)
    before = store.read_bytes()
    app = make_app(store)
    notes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert any("read-only, so this cannot be saved" in n for n in notes), notes
    assert store.read_bytes() == before


HOSTILE = "[bold red]x[/] \x1b]52;c;aGFja2Vk\x07 \u202eevil\u202c"


async def test_the_readers_own_words_are_shown_inert(store) -> None:
    """A note or a watch's name is shown as the words typed, never as markup or escapes."""
    from store import userdata

    writer = userdata.connect_writer(store)
    item_id = writer.execute("SELECT id FROM items WHERE number = '25'").fetchone()[0]
    userdata.set_note(writer, userdata.target("item", item_id, HOSTILE), HOSTILE)
    userdata.save_watch(writer, HOSTILE, "filter", "minutes", HOSTILE, 0)
    writer.close()
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("M", "w"):
            await pilot.press(key)
            await settle(pilot)
            text = screen_text(app)
            assert "[bold red]x[/]" in text, key
            assert not any(ch in text for ch in "\x1b\x07\u202e"), key
            await pilot.press("escape")
            await settle(pilot)
