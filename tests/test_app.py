"""Drive the real reader (``make_app``) on the known model store and check what is on screen.

Counts are never hard-coded guesses: each is compared with the store's own
count functions for the same filter, and the rows on screen with the store's
window queries.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot

from store import queries
from store.db import connect_readonly
from store.filters import Filter, FilterError, parse_filter
from tui.app import MinutesApp, make_app
from tui.bindings import ACTIONS
from tui.screens.actions import ActionsScreen
from tui.screens.error import StoreErrorScreen
from tui.screens.export import ExportScreen
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.reading import ReadingScreen
from tui.settle import settle
from tui.widgets.panes import ActionList, AgendaList, DetailPane, MeetingList
from tui.widgets.status import FilterInput, StatusLine

SIZE = (120, 40)


def screen_text(app: MinutesApp) -> str:
    """Everything on the terminal, as plain text lines."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def type_filter(app: MinutesApp, pilot: Pilot, text: str) -> None:
    """``/``, the text, Enter. The text goes into the box in one go: it posts the same Changed
    message as typing (typing letter by letter is tested once, and is only slower)."""
    await pilot.press("slash")
    app.screen.query_one(FilterInput).value = text
    await pilot.press("enter")  # applies at once (no need to wait for the debounce)
    await settle(pilot)


@pytest.fixture
def conn(model_store_path: Path) -> Iterator[sqlite3.Connection]:
    c = connect_readonly(model_store_path)
    yield c
    c.close()


def list_lines(widget: MeetingList | AgendaList | ActionList) -> list[str]:
    return [widget.render_line(y).text.rstrip() for y in range(widget.count)]


async def test_launch_lists_meetings_with_the_store_counts(model_store_path, conn) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        meetings = app.screen.query_one(MeetingList)
        expected = queries.meetings_window(conn, Filter(), 0, 100)
        assert meetings.count == queries.count_meetings(conn, Filter()) == len(expected)
        lines = list_lines(meetings)
        for line, row in zip(lines, expected, strict=True):
            date = row.date.isoformat() if row.date else "Undated"
            assert line.startswith(date)
            counts = line.split()[-3:]
            assert counts == [str(row.item_count), str(row.resolution_count), str(row.action_count)]
        # The model store: newest first, the undated item page last and labelled.
        assert lines[0].startswith("2018-10-02 Cabinet")
        assert lines[-1].startswith("Undated")
        status = app.screen.query_one(StatusLine).build().plain
        items = queries.count_items(conn, Filter())
        assert f"{len(expected)} meetings · {items} items" in status
        totals = queries.store_counts(conn)
        header = screen_text(app).splitlines()[0]
        assert (
            f"{totals['meetings']} meetings · {totals['items']} items · "
            f"{totals['resolutions']} resolutions · {totals['actions']} actions"
        ) in header
        # The first meeting is selected: its agenda and whole-meeting detail are shown.
        agenda = app.screen.query_one(AgendaList)
        assert [r.title for r in (agenda.row_at(i) for i in range(agenda.count))] == [
            i.title for i in queries.meeting_items(conn, expected[0].id, Filter())
        ]
        detail = app.screen.query_one(DetailPane).plain_text
        assert detail.startswith("Whole meeting · Cabinet · Nottingham City · 2018-10-02")
        assert "[decision] that the strategy be approved." in detail
        assert "circulate the figures (owner: officers; due: 2018-11-01; status: overdue)" in detail


async def test_moving_between_panes_and_rows(model_store_path) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.focused is screen.query_one(MeetingList)
        await pilot.press("tab")
        assert screen.focused is screen.query_one(AgendaList)
        await pilot.press("tab")
        assert screen.focused is screen.query_one(DetailPane)
        await pilot.press("tab")
        assert screen.focused is screen.query_one(MeetingList)
        await pilot.press("shift+tab")
        assert screen.focused is screen.query_one(DetailPane)
        await pilot.press("h", "h")
        assert screen.focused is screen.query_one(MeetingList)
        await pilot.press("l")
        assert screen.focused is screen.query_one(AgendaList)
        await pilot.press("left")
        assert screen.focused is screen.query_one(MeetingList)
        await pilot.press("right")
        assert screen.focused is screen.query_one(AgendaList)
        await pilot.press("left")
        meetings = screen.query_one(MeetingList)
        await pilot.press("j", "j")
        await settle(pilot)
        assert meetings.cursor == 2
        assert screen.meeting.committee == "Children's Partnership Board"
        assert screen.query_one(AgendaList).count == 5
        await pilot.press("k")
        assert meetings.cursor == 1
        await pilot.press("G")
        assert meetings.cursor == meetings.count - 1
        await pilot.press("g")
        assert meetings.cursor == 0
        await pilot.press("down", "down", "up")
        assert meetings.cursor == 1
        await pilot.press("pagedown")
        assert meetings.cursor == meetings.count - 1
        await pilot.press("pageup")
        assert meetings.cursor == 0


async def test_item_detail_follows_the_agenda_cursor(model_store_path) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "enter")  # Children's Partnership Board, then its agenda
        await settle(pilot)
        screen = app.screen
        assert screen.focused is screen.query_one(AgendaList)
        await pilot.press("G")
        await settle(pilot)
        detail = screen.query_one(DetailPane).plain_text
        assert detail.startswith("Item 20 · Update on Priority 2 - Safeguarding")
        assert "(1) [noted] note the update;" in detail
        assert "(2) [action] ask each agency to report back." in detail
        assert "• ask each agency to report back. (owner: each agency)" in detail


async def test_reading_view_opens_and_escape_returns_to_the_same_place(model_store_path) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "enter", "G")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reading = app.screen
        assert isinstance(reading, ReadingScreen)
        assert reading.detail.item.number == "20"
        text = screen_text(app)
        assert "Children's Partnership Board · 2017-09-27 16:00" in text
        assert "Item 20 · Update on Priority 2 - Safeguarding" in text
        assert "Director of Integrated Children’s Services introduced the report." in text
        # Lettered points get their label and, carrying a resolution, its number and kind.
        assert "(1)   R1 noted  note the update;" in text
        assert "(2)   R2 action  ask each agency to report back." in text
        assert "Update on Priority 2  PDF · 233 KB" in text
        assert "cpb-issue.txt" in text and "cpb-meeting.txt" in text
        await pilot.press("escape")
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        assert main.focused is main.query_one(AgendaList)
        assert main.query_one(AgendaList).cursor == 4
        assert main.query_one(MeetingList).cursor == 2


async def test_text_filter_narrows_all_panes_with_store_counts(model_store_path, conn) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        await type_filter(app, pilot, "safeguarding")
        flt = parse_filter("safeguarding")
        meetings = app.screen.query_one(MeetingList)
        assert meetings.count == queries.count_meetings(conn, flt) == 2
        status = app.screen.query_one(StatusLine).build().plain
        assert "filter: safeguarding" in status
        assert f"2 meetings · {queries.count_items(conn, flt)} items" in status
        agenda = app.screen.query_one(AgendaList)
        first = meetings.row_at(0)
        assert [agenda.row_at(i).id for i in range(agenda.count)] == [
            i.id for i in queries.meeting_items(conn, first.id, flt)
        ]
        assert agenda.render_line(0).text.split()[:2] == ["20", "Update"]
        # The match is highlighted in the agenda row.
        styles = [seg.style for seg in agenda.render_line(0) if "Safeguarding" in seg.text]
        assert styles and any(s.bold for s in styles if s is not None)
        # Escape on the main screen clears the filter.
        await pilot.press("escape")
        await settle(pilot)
        assert meetings.count == queries.count_meetings(conn, Filter())
        assert app.screen.query_one(FilterInput).display is False


async def test_typing_is_debounced_and_searches_as_you_type(model_store_path, conn) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"cafe")
        assert app.screen.query_one(MeetingList).count == 5  # not applied on each key
        await pilot.pause(0.3)
        await settle(pilot)
        assert app.screen.flt == parse_filter("cafe")
        assert app.screen.query_one(MeetingList).count == 1  # "Café Strategy": folded match
        assert app.screen.focused is app.screen.query_one(FilterInput)  # still typing
        await pilot.press("escape")  # in the box: clears the filter and closes the box
        await settle(pilot)
        assert app.screen.flt == Filter()
        assert app.screen.query_one(MeetingList).count == 5
        assert app.screen.query_one(FilterInput).display is False
        assert app.screen.focused is app.screen.query_one(MeetingList)


FIELD_QUERIES = [
    "committee:cabinet",
    "from:2018-01-01",
    "to:2017-12-31",
    "year:2017",
    "has:actions",
    "has:resolutions",
    "kind:decision",
    "kind:noted committee:health",
    "report year:2018",
]


async def test_field_filters_show_the_store_counts(model_store_path, conn) -> None:
    """Each field filter (applied as the debounce applies it) shows the store's own counts."""
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        for query in FIELD_QUERIES:
            assert screen.apply_filter(query)
            await settle(pilot)
            flt = parse_filter(query)
            expected_meetings = queries.count_meetings(conn, flt)
            expected_items = queries.count_items(conn, flt)
            meetings = screen.query_one(MeetingList)
            assert meetings.count == expected_meetings, query
            assert [meetings.row_at(i).id for i in range(meetings.count)] == [
                r.id for r in queries.meetings_window(conn, flt, 0, 100)
            ], query
            m_noun = "meeting" if expected_meetings == 1 else "meetings"
            i_noun = "item" if expected_items == 1 else "items"
            status = screen.query_one(StatusLine).build().plain
            assert f"{expected_meetings} {m_noun} · {expected_items} {i_noun}" in status, query
            assert f"filter: {flt.describe()}" in status


async def test_invalid_filter_says_what_is_wrong(model_store_path) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        with pytest.raises(FilterError) as error:
            parse_filter("kind:maybe")
        await type_filter(app, pilot, "kind:maybe")
        status = app.screen.query_one(StatusLine).build().plain
        assert str(error.value) in status
        assert app.screen.flt == Filter()  # the last valid filter stays
        assert str(error.value) in screen_text(app)


async def test_all_actions_list_read_an_item_and_jump_to_it(model_store_path, conn) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ActionsScreen)
        actions = app.screen.query_one(ActionList)
        expected = queries.actions_window(conn, Filter(), 0, 100, sort="due")
        assert actions.count == queries.count_actions(conn, Filter()) == len(expected) == 2
        lines = list_lines(actions)
        # Soonest due first: the Cabinet's figures (due 1 November 2018, long past), then the
        # Board's undated request.
        assert lines[0].startswith("OVERDUE  2018-11-01  circulate the figures")
        assert "2018-10-02 Cabinet · item 2" in lines[0] and lines[0].endswith("officers")
        assert lines[1].startswith("open                 ask each agency to report back.")
        assert "item 20" in lines[1] and lines[1].endswith("each agency")
        # Enter reads the item (tests/test_tracker_app.py: with the action's words marked).
        await pilot.press("j", "enter")
        await settle(pilot)
        reading = app.screen
        assert isinstance(reading, ReadingScreen)
        assert reading.detail.item.id == expected[1].item_id
        await pilot.press("escape")
        await settle(pilot)
        # v closes the tracker on the action's meeting and item (m marks, as everywhere).
        await pilot.press("v")
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        assert main.meeting.id == expected[1].meeting_id
        assert main.item.id == expected[1].item_id
        assert main.focused is main.query_one(AgendaList)
        assert main.query_one(AgendaList).highlighted_row.number == "20"


async def test_action_list_follows_the_filter(model_store_path, conn) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_filter(app, pilot, "committee:cabinet")
        await pilot.press("a")
        await settle(pilot)
        flt = parse_filter("committee:cabinet")
        assert app.screen.query_one(ActionList).count == queries.count_actions(conn, flt) == 1
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_help_lists_every_binding_in_the_table(model_store_path) -> None:
    app = make_app(model_store_path)
    # Tall enough to show the whole table at once (it scrolls in a real terminal).
    async with app.run_test(size=(120, 200)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for named in ACTIONS:
            assert any(
                named.display_keys in line and named.description in line
                for line in text.splitlines()
            ), named.id
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


def test_bindings_table_ids_are_unique_and_actions_exist() -> None:
    from tui.screens.error import StoreErrorScreen
    from tui.screens.tracker_dialogs import StatusScreen
    from tui.widgets.status import FilterInput
    from tui.widgets.virtual_list import VirtualList

    assert len({a.id for a in ACTIONS}) == len(ACTIONS)
    from tui.screens.editors import NamePrompt, NoteEditor, TargetPicker
    from tui.screens.marks import MarksScreen
    from tui.screens.news import NewsScreen
    from tui.screens.people import PeopleScreen, PersonScreen
    from tui.screens.thread import ThreadScreen

    owners: dict[str, tuple[type, ...]] = {
        "app": (MinutesApp,),
        "main": (MainScreen,),
        "list": (VirtualList,),
        "reading": (ReadingScreen,),
        "actions": (ActionsScreen,),
        "status": (StatusScreen,),
        "filter": (FilterInput,),
        "export": (ExportScreen,),
        "people": (PeopleScreen,),
        "person": (PersonScreen,),
        "thread": (ThreadScreen,),
        "news": (NewsScreen,),
        "marks": (MarksScreen,),
        "editor": (NoteEditor, NamePrompt, TargetPicker),
        "help": (HelpScreen,),
        "error": (StoreErrorScreen,),
    }
    for named in ACTIONS:
        for owner in owners[named.scope]:
            assert hasattr(owner, f"action_{named.action}"), (named.id, owner)


async def test_copy_puts_item_text_and_citation_on_the_clipboard(model_store_path) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "enter", "G", "y")
        await settle(pilot)
        copied = app.clipboard
        assert copied.startswith("20 Update on Priority 2 - Safeguarding\n")
        assert "(2) [action] ask each agency to report back." in copied
        assert copied.endswith(
            "— Children's Partnership Board, 2017-09-27, item 20 "
            "(source: cpb-issue.txt, cpb-meeting.txt)"
        )
        # From the reading view too.
        await pilot.press("enter")
        await settle(pilot)
        app.copy_to_clipboard("")
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard.endswith("(source: cpb-issue.txt, cpb-meeting.txt)")


async def test_copy_meeting_cites_all_its_sources(model_store_path) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard == (
            "Cabinet · Nottingham City · 2018-10-02\n1  Café Strategy\n2  Budget\n\n"
            "— Nottingham City Council, Cabinet, 2018-10-02 (source: cabinet.txt)"
        )


async def test_corrupt_database_shows_the_reason_not_a_traceback(tmp_path) -> None:
    bad = tmp_path / "minutes.db"
    bad.write_bytes(b"this is not SQLite at all\n" * 100)
    app = make_app(bad)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StoreErrorScreen)
        text = " ".join(screen_text(app).replace("│", " ").split())  # undo the wrapping
        assert "Cannot open the store" in text
        assert f"{bad}: not a minutes-tui store (file is not a database)" in text
        assert "Move minutes.db out of the way" in text
        await pilot.press("q")
    assert app.return_code == 0


async def test_missing_database_without_samples_explains_how_to_add_minutes(tmp_path) -> None:
    missing = tmp_path / "nothing-here.db"
    app = make_app(missing, load_samples_if_empty=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StoreErrorScreen)
        text = " ".join(screen_text(app).replace("│", " ").split())
        assert f"{missing}: no store here yet" in text
        assert f"Add minutes with: minutes-tui ingest --db {missing} PATH" in text
    assert not missing.exists()


async def test_read_only_store_is_read_without_writing(model_store_path, tmp_path, conn) -> None:
    store = tmp_path / "ro.db"
    store.write_bytes(model_store_path.read_bytes())
    store.chmod(0o444)
    before = store.read_bytes()
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(MeetingList).count == queries.count_meetings(conn, Filter())
    assert store.read_bytes() == before


async def test_empty_read_only_store_says_so(tmp_path, monkeypatch) -> None:
    from store.db import StoreError, open_store

    store = tmp_path / "empty.db"
    open_store(store).close()  # schema, no meetings

    def refuse(path, **kwargs):
        raise StoreError(f"{path}: the store is read-only (attempt to write a readonly database)")

    monkeypatch.setattr("tui.app.open_store", refuse)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(MeetingList).count == 0
        messages = [n.message for n in app._notifications]
        assert any("read-only" in m and "The store is empty" in m for m in messages)


HOSTILE = "[bold red]x[/] \x1b]52;c;aGFja2Vk\x07 \x1b[31mred\x1b[0m \u202eevil\u202c"


@pytest.fixture
def hostile_store(tmp_path: Path) -> Path:
    """A store whose committee, item title, minutes and resolution carry markup and escapes."""
    import datetime as dt

    from parsers.model import ActionPoint, AgendaItem, Meeting, ParsedDocument, Resolution
    from store.db import open_store
    from store.ingest import store_document

    meeting = Meeting(
        committee=f"Cabinet {HOSTILE}",
        date=dt.date(2020, 1, 2),
        items=[
            AgendaItem(
                "1",
                f"Title {HOSTILE}",
                minutes=f"Minutes {HOSTILE}\n\nRESOLVED that {HOSTILE} be approved.",
                resolutions=[Resolution(None, f"that {HOSTILE} be approved.", "decision")],
                actions=[ActionPoint(f"do {HOSTILE}", owner=f"Owner {HOSTILE}")],
            )
        ],
    )
    path = tmp_path / "hostile.db"
    db = open_store(path)
    document = ParsedDocument("test", "meeting", [meeting])
    store_document(db, "/corpus/evil\x1b[2J.txt", document, sha256="evil", size=1)
    db.close()
    return path


INERT = "[bold red]x[/] red evil"  # markup literal; OSC 52, SGR and U+202E/U+202C gone


def assert_inert(text: str) -> str:
    """Check no escape/bidi survived; returns the text with runs of spaces collapsed."""
    for bad in ("\x1b", "\x07", "\u202e", "\u202c", "aGFja2Vk"):
        assert bad not in text
    return re.sub(" +", " ", text)


async def test_document_text_is_shown_inert(hostile_store) -> None:
    app = make_app(hostile_store)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        text = assert_inert(screen_text(app))
        assert f"Cabinet {INERT}" in text  # meetings pane
        assert f"Agenda · Cabinet {INERT} · 2020-01-02" in text  # a border title
        assert f"Title {INERT}" in text  # agenda pane
        assert f"that {INERT} be approved." in text  # resolutions pane
        assert f"do {INERT}" in text
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        text = assert_inert(screen_text(app))
        assert f"Cabinet {INERT} · 2020-01-02" in text  # reading view header
        assert f"Item 1 · Title {INERT}" in text
        assert f"Minutes {INERT}" in text
        assert "evil.txt" in text  # the source file name, its escape sequence removed
        await pilot.press("y")
        await settle(pilot)
        assert f"Title {INERT}" in assert_inert(app.clipboard)
        notes = assert_inert(" ".join(n.message for n in app._notifications))
        assert f"with citation: Cabinet {INERT}, 2020-01-02, item 1" in notes


def test_safe_text_rules() -> None:
    from tui.safe_text import inert, one_line, safe

    assert inert("[bold red]x[/]") == "[bold red]x[/]"
    assert safe("[bold red]x[/]").plain == "[bold red]x[/]"
    assert safe("[bold red]x[/]").spans == []
    assert inert("a\x1b]52;c;aGVsbG8=\x07b") == "ab"
    assert inert("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\b") == "alinkb"
    assert inert("\x1b[31mred\x1b[0m") == "red"
    assert inert("x\x9b31my") == "xy"  # 8-bit CSI
    assert inert("a\u202eb\u2066c\u2069d") == "abcd"
    assert inert("zero\u200bwidth\ufeff") == "zerowidth"
    assert inert("a\tb") == "a   b"
    assert inert("one\r\ntwo\rthree") == "one\ntwo\nthree"
    assert inert("bell\x07 nul\x00 del\x7f") == "bell nul del"
    assert inert("unterminated \x1b]52;c;abc\nnext line") == "unterminated \nnext line"
    assert one_line("  a\n\n b\t c ") == "a b c"
    assert inert("Children’s café – “quoted”") == "Children’s café – “quoted”"


async def test_export_asks_where_and_how_then_writes_the_filtered_view(
    model_store_path, conn, tmp_path, monkeypatch
) -> None:
    # "e" wrote Markdown into the current folder with no word of how much.
    from textual.widgets import Input, Select

    monkeypatch.chdir(tmp_path)
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_filter(app, pilot, "committee:cabinet")
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        shown = screen_text(app)
        assert "1 meeting (filter: committee:cabinet)" in shown
        path = dialog.query_one("#export-path", Input)
        assert re.fullmatch(r".*/minutes-export-\d{8}-\d{6}\.md", path.value)
        # Choosing CSV renames the file; typing .json chooses JSON.
        dialog.query_one("#export-format", Select).value = "csv"
        await pilot.pause()
        assert path.value.endswith(".csv")
        path.value = str(tmp_path / "cabinet.json")
        await pilot.pause()
        assert dialog.query_one("#export-format", Select).value == "json"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        data = json.loads((tmp_path / "cabinet.json").read_text(encoding="utf-8"))
        assert [m["committee"] for m in data["meetings"]] == ["Cabinet"]
        notes = [n.message for n in app._notifications]
        target = tmp_path / "cabinet.json"
        assert f"Exported 1 meeting (filter committee:cabinet) to {target} as JSON" in notes
        # Esc leaves without writing anything.
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["cabinet.json"]


async def test_empty_store_loads_the_samples_in_a_worker_and_says_how_to_add_yours(
    tmp_path,
) -> None:
    from tui.app import SAMPLES_HINT

    store = tmp_path / "new" / "minutes.db"
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.samples_loaded
        conn = connect_readonly(store)
        try:
            expected = queries.count_meetings(conn, Filter())
        finally:
            conn.close()
        assert expected > 0
        assert app.screen.query_one(MeetingList).count == expected
        # Said in the status line; no toast over the resolutions pane.
        assert SAMPLES_HINT in app.screen.query_one(StatusLine).build().plain
        assert not app._notifications
    # A second launch finds the samples and does not load (or announce) them again.
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.samples_loaded
        assert SAMPLES_HINT not in app.screen.query_one(StatusLine).build().plain


async def test_reading_view_steps_through_matches(model_store_path) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_filter(app, pilot, "report back")
        await pilot.press("tab")
        await settle(pilot)
        main = app.screen
        assert main.item.number == "20"
        await pilot.press("enter")
        await settle(pilot)
        reading = app.screen
        assert isinstance(reading, ReadingScreen)
        # Minutes: "the report." and "(2) ... report back." (3), the resolution (2), the action (2).
        total = reading.match_count
        assert total == 7
        status = reading.query_one("#reading-status")
        assert f"match -/{total}" in str(status.content)
        await pilot.press("n")
        assert f"match 1/{total}" in str(status.content)
        await pilot.press("n", "n")
        assert f"match 3/{total}" in str(status.content)
        await pilot.press("N")
        assert f"match 2/{total}" in str(status.content)
        await pilot.press("N", "N")
        assert f"match {total}/{total}" in str(status.content)  # wraps around
        current = [b for b in reading.query("TextBlock") if b.current is not None]
        assert len(current) == 1


async def test_command_palette_offers_table_actions_and_meetings(model_store_path) -> None:
    from textual.command import CommandInput, CommandPalette

    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        app.screen.query_one(CommandInput).value = "all actions"  # as typed, in one go
        await pilot.pause(0.3)  # the palette's own search debounce
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ActionsScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("j", "j", "j")  # away from the meeting we will go to
        await pilot.press("ctrl+p")
        await pilot.pause()
        app.screen.query_one(CommandInput).value = "go to meeting cabinet"
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        assert main.meeting.committee == "Cabinet"
        assert main.query_one(MeetingList).cursor == 0


async def test_refresh_shows_what_a_concurrent_ingest_added(model_store_path, tmp_path) -> None:
    import datetime as dt

    from parsers.model import AgendaItem, Meeting, ParsedDocument
    from store.db import open_store
    from store.ingest import store_document

    store = tmp_path / "live.db"
    store.write_bytes(model_store_path.read_bytes())
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        meetings = app.screen.query_one(MeetingList)
        before = meetings.count
        db = open_store(store)  # another writer, while the reader is open (WAL)
        try:
            new = Meeting(
                committee="Licensing Committee",
                date=dt.date(2019, 5, 1),
                items=[AgendaItem("1", "Taxi licensing policy", minutes="Agreed.")],
            )
            document = ParsedDocument("test", "meeting", [new])
            store_document(db, "/corpus/licensing.txt", document, sha256="new", size=1)
        finally:
            db.close()
        assert meetings.count == before  # nothing changes until asked
        await pilot.press("r")
        await settle(pilot)
        assert meetings.count == before + 1
        lines = list_lines(meetings)
        assert any(line.startswith("2019-05-01 Licensing Committee") for line in lines)
        assert "Reloaded from the store." in [n.message for n in app._notifications]


async def test_sample_loading_is_shown_while_it_runs(tmp_path, monkeypatch) -> None:
    import threading

    import tui.samples

    release = threading.Event()
    real_load = tui.samples.load_samples

    def slow_load(db):
        release.wait(10)
        return real_load(db)

    monkeypatch.setattr(tui.samples, "load_samples", slow_load)
    app = make_app(tmp_path / "minutes.db")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(50):  # until the worker has said it is loading (no sleeps: frames)
            await pilot.pause()
            if app.screen.query_one(MeetingList).loading:
                break
        assert app.screen.query_one(MeetingList).loading
        status = app.screen.query_one(StatusLine).build().plain
        assert "loading the bundled sample minutes…" in status
        release.set()
        await settle(pilot)
        assert not app.screen.query_one(MeetingList).loading
        assert app.samples_loaded


async def test_copy_from_the_detail_pane_and_the_action_list(model_store_path) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("shift+tab", "y")  # straight to the detail pane: the whole meeting
        await settle(pilot)
        assert app.clipboard.startswith(
            "Whole meeting · Cabinet · Nottingham City · 2018-10-02\nResolutions (1)"
        )
        assert app.clipboard.endswith(
            "— Nottingham City Council, Cabinet, 2018-10-02 (source: cabinet.txt)"
        )
        await pilot.press("a", "j", "y")
        await settle(pilot)
        assert app.clipboard == (
            "ask each agency to report back.\n\n— Children's Partnership Board, 2017-09-27, "
            "item 20 (source: cpb-issue.txt, cpb-meeting.txt)"
        )


async def test_a_filter_matching_nothing_empties_every_pane(model_store_path) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_filter(app, pilot, "zebracrossingxyz")
        screen = app.screen
        assert screen.query_one(MeetingList).count == 0
        assert screen.query_one(AgendaList).count == 0
        assert screen.meeting is None
        text = screen_text(app)
        assert "No meetings match" in text
        assert "No meetings match the filter." in text
        assert "0 meetings · 0 items" in text
        await pilot.press("y", "enter", "tab", "enter")  # nothing selected: nothing happens
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
async def test_the_empty_lists_message_is_styled_and_survives_no_color(
    model_store_path, monkeypatch, no_color
) -> None:
    """The message drawn in an empty list keeps its style (muted, italic).

    It once went out as a segment with no style at all, which Textual's monochrome
    filter (NO_COLOR set) crashed on: a filter matching nothing stopped the app.
    """
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_filter(app, pilot, "zebracrossingxyz")
        meetings = app.screen.query_one(MeetingList)
        assert app.return_code is None and meetings.count == 0
        top = meetings.styles.gutter.top  # the first line inside the border
        first = meetings.render_lines(Region(0, top, meetings.size.width, 1))[0]
        (segment,) = [seg for seg in first if "No meetings match" in seg.text]
        assert segment.text.rstrip() == "No meetings match"
        assert segment.style is not None and segment.style.italic
        if not no_color:
            assert (
                segment.style.color
                == meetings.get_component_rich_style("virtual-list--empty").color
            )


async def test_the_mouse_selects_rows_and_panes(model_store_path) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        # Offsets are within each list's own border (the top border row is y=0).
        await pilot.click(MeetingList, offset=(3, 3))  # the third meeting row
        await settle(pilot)
        assert screen.query_one(MeetingList).cursor == 2
        assert screen.meeting.committee == "Children's Partnership Board"
        await pilot.click(AgendaList, offset=(3, 5))  # its fifth item
        await settle(pilot)
        assert screen.focused is screen.query_one(AgendaList)
        assert screen.item.number == "20"
        assert screen.query_one(DetailPane).plain_text.startswith("Item 20 ·")


async def test_go_to_a_meeting_the_filter_hides_clears_the_filter(model_store_path, conn) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_filter(app, pilot, "committee:cabinet")
        (children,) = queries.find_meetings(conn, "Children's Partnership", 5)
        app.go_to_meeting(children.id)
        await settle(pilot)
        screen = app.screen
        assert screen.flt == Filter()
        assert screen.meeting.id == children.id
        assert screen.query_one(MeetingList).cursor == queries.meeting_index(
            conn, Filter(), children.id
        )
        assert "all meetings" in screen.query_one(StatusLine).build().plain


async def test_a_very_long_item_opens_quickly_with_every_match_counted(tmp_path) -> None:
    import datetime as dt
    import time

    from parsers.model import AgendaItem, Meeting, ParsedDocument
    from store.db import open_store
    from store.ingest import store_document

    paragraphs = [f"({i}) Paragraph {i} about the budget." for i in range(1, 5001)]
    meeting = Meeting(
        committee="Full Council",
        date=dt.date(2021, 3, 1),
        items=[AgendaItem("1", "Printed minutes", minutes="\n\n".join(paragraphs))],
    )
    path = tmp_path / "long.db"
    db = open_store(path)
    store_document(
        db, "/corpus/long.txt", ParsedDocument("test", "meeting", [meeting]), sha256="long", size=1
    )
    db.close()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_filter(app, pilot, "budget")
        await pilot.press("tab")
        await settle(pilot)
        started = time.perf_counter()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        assert time.perf_counter() - started < 10  # ~1.2 s; a widget per paragraph took 10.8 s
        assert len(app.screen.query("TextBlock")) <= 300
        assert app.screen.match_count == 5000
        await pilot.press("N")  # the last match, in the last block
        assert "match 5000/5000" in str(app.screen.query_one("#reading-status").content)


async def test_letters_bound_to_actions_type_into_the_filter_box(model_store_path) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"quay jhlk age ry")
        box = app.screen.query_one(FilterInput)
        assert box.value == "quay jhlk age ry"
        assert isinstance(app.screen, MainScreen) and app.is_running


async def test_panes_report_the_cursor_with_domain_messages(model_store_path, conn) -> None:
    messages: list = []
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(pilot)
        await pilot.press("j", "tab", "j")
        await settle(pilot)
    posted = list({id(m): m for m in messages}.values())  # the hook sees each hop of a bubble
    meetings = [m for m in posted if isinstance(m, MeetingList.MeetingSelected)]
    items = [m for m in posted if isinstance(m, AgendaList.ItemSelected)]
    expected = queries.meetings_window(conn, Filter(), 0, 2)
    assert [(m.index, m.meeting.id) for m in meetings] == [(0, expected[0].id), (1, expected[1].id)]
    health_items = queries.meeting_items(conn, expected[1].id, Filter())
    assert [(m.index, m.item.id) for m in items][-1] == (0, health_items[0].id)


async def test_the_detail_pane_reads_its_view_once_a_frame(model_store_path, monkeypatch) -> None:
    # As the lists (tests/test_app_virtual_list.py): its width, top row and style read
    # once for a frame's lines, not per line; and the lines are the text shown.
    app = make_app(model_store_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(DetailPane)
        reads = 0
        region_of = DetailPane.scrollable_content_region

        def counted(widget: DetailPane) -> Region:
            nonlocal reads
            reads += widget is pane
            return region_of.fget(widget)  # type: ignore[attr-defined]

        monkeypatch.setattr(DetailPane, "scrollable_content_region", property(counted))
        pane._styles_cache.clear()
        lines = pane.render_lines(pane.region.reset_offset)
        assert reads <= 3  # the drawing check and the frame's view (and Textual's own)
        text = [line.text for line in lines]
        assert "│ Whole meeting · Cabinet · Nottingham City · 2018-10-02 " in text[1]
        assert "│ 1 •  decision  that the strategy be approved. " in text[3]
        assert len(lines) == pane.region.height >= 10


async def test_the_typed_filter_s_highlighter_is_built_before_enter(
    model_store_path, monkeypatch
) -> None:
    # Compiling a new word's patterns took 1-4 ms of Enter's frame; they are built once the
    # typed key's frame is out, and Enter finds them in ``re``'s cache.
    from tui.widgets.matches import Matcher

    built: list[Filter] = []
    for_filter = Matcher.for_filter.__func__  # type: ignore[attr-defined]

    def counted(cls: type[Matcher], flt: Filter) -> Matcher:
        built.append(flt)
        return for_filter(cls, flt)

    monkeypatch.setattr(Matcher, "for_filter", classmethod(counted))
    monkeypatch.setattr(FilterInput, "DEBOUNCE", 30.0)  # no search-as-you-type here
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"cafe")
        await pilot.pause()
        assert built and built[-1] == parse_filter("cafe")  # built, and Enter not pressed
        before = len(built)
        await pilot.press("enter")
        await settle(pilot)
        assert len(built) == before + 1  # Enter's own, from the compiled patterns
        assert app.screen.matcher.spans("A cafe and a Café")  # type: ignore[attr-defined]


async def test_the_filter_box_is_not_restyled_as_it_hides_and_looks_right_when_shown(
    model_store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enter hides the box, then moves the focus: restyling the hidden box for its lost
    focus was 0.7-5.6 ms of the filter's frame. Shown again, it has the right style."""
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        box = app.screen.query_one(FilterInput)
        unfocused = box.styles.background_tint
        restyled: list[object] = []
        update_styles = app.update_styles

        def spy(node: object, animate: bool = True) -> None:
            restyled.append(node)
            update_styles(node, animate=animate)  # type: ignore[arg-type]

        monkeypatch.setattr(app, "update_styles", spy)
        await pilot.press("slash", *"cafe")
        await pilot.pause()
        focused = box.styles.background_tint
        assert box in restyled and focused != unfocused
        restyled.clear()
        await pilot.press("enter")
        await settle(pilot)
        assert box not in restyled  # hidden as it lost the focus
        assert app.screen.query_one(MeetingList) in restyled  # the list's focus is drawn
        await pilot.press("slash")
        await pilot.pause()
        assert box.has_focus and box.styles.background_tint == focused
        await pilot.press("escape")
        await settle(pilot)
        assert not box.display and box.styles.background_tint == focused  # stale while hidden
        box.display = True  # shown without the focus: restyled as it shows
        await pilot.pause()
        await pilot.pause()
        assert not box.has_focus and box.styles.background_tint == unfocused
