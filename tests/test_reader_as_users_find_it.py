"""The reader as people find it (issue 18): in tmux at 40-200 columns, typing fast, reading.

Keys as people send them: a terminal delivers a paste or fast typing as one burst of key
events. Every key after ``/`` belongs to the filter box however fast it arrives: none may
reach the main screen's bindings (``a`` opens the action list, ``q`` quits, ``e`` exports,
``y`` copies, ``r`` refreshes).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot

from parsers.model import ActionPoint, AgendaItem, Meeting, ParsedDocument
from store.db import open_store
from store.filters import parse_filter
from store.ingest import ingest_paths, store_document
from tui.app import MinutesApp, make_app
from tui.screens.actions import ActionsScreen
from tui.screens.main import MainScreen
from tui.screens.reading import ReadingScreen, TextBlock
from tui.settings import Settings
from tui.settle import settle
from tui.widgets.panes import ActionList, AgendaList, DetailPane, MeetingList
from tui.widgets.status import FilterHistory, FilterInput, StatusLine

SIZE = (120, 40)


async def send_burst(app: MinutesApp, pilot: Pilot, text: str) -> None:
    """All of ``text``'s keys into the app's queue at once, as a terminal delivers a paste."""
    driver = app._driver
    assert driver is not None
    for char in text:
        key = "slash" if char == "/" else ("space" if char == " " else char)
        event = events.Key(key, char)
        event.set_sender(app)
        driver.send_message(event)
    await pilot.pause()
    await settle(pilot)


async def test_every_key_after_slash_goes_to_the_filter_box(model_store_path) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await send_burst(app, pilot, "/planning year report quay")
        assert app.is_running  # "q" did not quit
        assert isinstance(app.screen, MainScreen)  # "a" did not open the action list
        assert app.screen.query_one(FilterInput).value == "planning year report quay"


async def test_every_width_from_40_columns_shows_real_rows(model_store_path) -> None:
    """Narrow terminals drop the counts, then the dates, never the meeting's name."""
    for width in (40, 44, 48, 52, 60):
        app = make_app(model_store_path)
        async with app.run_test(size=(width, 24)) as pilot:
            await settle(pilot)
            lines = [strip.text for strip in app.screen._compositor.render_strips()]
            text = "\n".join(lines)
            assert "Row(" not in text, (width, text)
            assert any("Cabine" in line or "Cabin…" in line for line in lines[2:8]), (width, text)


OWNERS = [
    ("the Director of Children's Integrated Services", dt.date(2019, 3, 31)),
    ("Lime Consulting Ltd and the Head of Procurement", None),
    (None, dt.date(2019, 6, 1)),
]


def _soonest(owner_due: tuple[str | None, dt.date | None]) -> tuple[bool, dt.date]:
    due = owner_due[1]
    return due is None, due or dt.date.min


@pytest.fixture(scope="module")
def long_owner_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("owners") / "owners.db"
    db = open_store(path)
    actions = [
        ActionPoint(
            "that the strategy be reviewed with every partner agency and reported back to the"
            " Board with a full account of the consultation responses received",
            owner=owner,
            due=due,
        )
        for owner, due in OWNERS
    ]
    meeting = Meeting(
        committee="Children's Partnership Board, a committee with a long name",
        date=dt.date(2019, 1, 9),
        items=[AgendaItem("77/21", "Early help strategy", actions=actions)],
    )
    store_document(
        db, "/c/owners.txt", ParsedDocument("test", "meeting", [meeting]), sha256="o", size=1
    )
    db.close()
    return path


@pytest.mark.parametrize("width", [80, 120, 200])
async def test_the_action_list_always_shows_owner_and_due_date(
    long_owner_store: Path, width: int
) -> None:
    app = make_app(long_owner_store)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ActionsScreen)
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        rows = [line for line in lines if re.match(r"│(?:OVERDUE|open) ", line)]
        assert len(rows) == len(OWNERS), (width, lines)
        # Soonest due first, undated last: each row shows its due date and its owner whole.
        for row, (owner, due) in zip(rows, sorted(OWNERS, key=_soonest), strict=True):
            assert (due.isoformat() if due else "           ") in row, (width, row)
            assert owner is None or row.rstrip(" │").endswith(owner), (width, row)
        if width >= 120:
            assert all("item 77/21" in row for row in rows), (width, rows)


async def test_q_in_a_sub_screen_goes_back_and_quits_from_the_main_screen(
    model_store_path,
) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab", "enter")  # the reading view of the first item
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.is_running
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ActionsScreen)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.is_running
        await pilot.press("question_mark")
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.is_running
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_the_palette_lists_each_command_once(model_store_path) -> None:
    from textual.command import CommandList, CommandPalette

    app = make_app(model_store_path)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        # The palette lists its commands from a worker of its own, in batches as its
        # providers give them (under load the last, Theme, came after any fixed pause):
        # what it lists is read once that worker has finished.
        # Started as the palette mounted; gone from the app's workers once it has finished.
        for worker in [w for w in app.workers if w.node is palette]:
            await worker.wait()
        assert palette.has_class("-ready")  # what the palette sets when the worker is done
        options = palette.query_one(CommandList).options
        lines = [option.prompt.plain.split("\n")[0].strip() for option in options]
        for title in ("Quit", "Help", "Filter", "Theme"):
            assert lines.count(title) == 1, (title, lines)
        assert "Keys" not in lines  # Textual's partial help panel: ? is the help


def test_filter_history_steps_back_and_forward() -> None:
    history = FilterHistory()
    for text in ("cabinet", "  ", "year:2018", "cabinet"):
        history.remember(text)
    assert history.entries == ["year:2018", "cabinet"]
    assert history.older("half typed") == "cabinet"
    assert history.older("cabinet") == "year:2018"
    assert history.older("year:2018") is None  # the oldest
    assert history.newer() == "cabinet"
    assert history.newer() == "half typed"  # back to what was being typed
    assert history.newer() is None


async def test_up_recalls_a_filter_even_one_cleared_with_escape(model_store_path) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("slash", *"committee:cabinet", "enter")
        await settle(pilot)
        await pilot.press("slash", *"year:2017", "escape")  # cleared, but remembered
        await settle(pilot)
        assert screen.flt.is_empty
        box = screen.query_one(FilterInput)
        await pilot.press("slash", "up")
        await settle(pilot)
        assert box.value == "year:2017"
        await pilot.press("up")
        await settle(pilot)
        assert box.value == "committee:cabinet"
        await pilot.press("enter")
        await settle(pilot)
        assert screen.flt == parse_filter("committee:cabinet")
        assert screen.meeting is not None and screen.meeting.committee == "Cabinet"


async def test_the_reading_view_steps_between_items_and_finds_words(model_store_path) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "enter")  # the Children's Partnership Board's agenda
        await settle(pilot)
        await pilot.press("enter")  # its first item
        await settle(pilot)
        reading = app.screen
        assert isinstance(reading, ReadingScreen)
        first = reading.detail.item.number
        await pilot.press("n")  # no words to find yet: says how to search
        await pilot.pause()
        assert "/ searches this item" in " ".join(n.message for n in app._notifications)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.screen is reading and reading.detail.item.number != first
        second = reading.detail.item.number
        main = app.main_screen
        assert main.query_one(AgendaList).highlighted_row.number == second  # the agenda follows
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert reading.detail.item.number == first
        await pilot.press("left_square_bracket")  # there is no item before the first
        await settle(pilot)
        assert reading.detail.item.number == first
        # Find words in the item being read; Esc closes the box, a second Esc the view.
        for _ in range(4):
            await pilot.press("right_square_bracket")
            await settle(pilot)
        assert reading.detail.item.number == "20"
        await pilot.press("slash", *"agency", "enter")
        await settle(pilot)
        assert reading.match_count == 4 and reading.match_index == 0  # "agency" x3, "agencies"
        await pilot.press("n")
        assert reading.match_index == 1
        await pilot.press("slash", "escape")
        await pilot.pause()
        assert app.screen is reading
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert main.query_one(AgendaList).highlighted_row.number == "20"


@pytest.fixture(scope="module")
def sixty_meetings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sixty") / "sixty.db"
    db = open_store(path)
    for day in range(60):
        meeting = Meeting(
            committee="Planning Committee",
            date=dt.date(2020, 1, 1) + dt.timedelta(days=day),
            items=[AgendaItem("1", f"Application {day}")],
        )
        document = ParsedDocument("test", "meeting", [meeting])
        store_document(db, f"/c/{day}.txt", document, sha256=f"s{day}", size=1)
    db.close()
    return path


async def test_lists_page_with_space_and_the_control_keys_of_less(sixty_meetings: Path) -> None:
    app = make_app(sixty_meetings)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        meetings = app.screen.query_one(MeetingList)
        page = meetings.scrollable_content_region.height
        steps = {"space": page - 1, "ctrl+f": page - 1, "ctrl+d": page // 2}
        for key, step in steps.items():
            before = meetings.cursor
            await pilot.press(key)
            await settle(pilot)
            assert meetings.cursor == before + step, key
        for key, step in {"ctrl+u": page // 2, "ctrl+b": page - 1}.items():
            before = meetings.cursor
            await pilot.press(key)
            await settle(pilot)
            assert meetings.cursor == before - step, key


async def test_the_action_list_reopens_where_it_was_left(long_owner_store: Path) -> None:
    app = make_app(long_owner_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("j", "j", "v")  # the third action's meeting and item
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ActionsScreen)
        assert app.screen.query_one(ActionList).cursor == 2
        await pilot.press("k", "escape")
        await settle(pilot)
        await pilot.press("slash", *"committee:children", "enter")  # another filter: from the top
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert app.screen.query_one(ActionList).cursor == 0


async def test_the_theme_and_the_filters_are_kept_for_the_next_session(model_store_path) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.press("slash", *"committee:cabinet", "enter")
        await settle(pilot)
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-light"
        await pilot.press("slash", "up")
        assert app.screen.query_one(FilterInput).value == "committee:cabinet"


async def test_the_settings_are_written_once_a_run_of_filters_has_settled(
    model_store_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write of the settings file is 2.5-5 ms of the UI thread: never in the frames a
    filter's lists are drawn in. Three filters in a row write it once, a moment after the
    last, with that filter's selected meeting as the place to reopen."""
    monkeypatch.setattr(MinutesApp, "SETTINGS_SAVE_AFTER", 60.0)  # however slow the machine
    writes: list[Settings] = []
    save = Settings.save

    def counted(self: Settings, path: Path | None = None) -> bool:
        writes.append(Settings(self.theme, list(self.filter_history), dict(self.places)))
        return save(self, path)

    monkeypatch.setattr(Settings, "save", counted)
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        writes.clear()
        for text in ("minutes", "committee:cabinet", "budget"):
            await pilot.press("slash", *text, "enter")
            await settle(pilot)
        assert writes == []  # the lists are drawn; the file waits
        monkeypatch.setattr(MinutesApp, "SETTINGS_SAVE_AFTER", 0.2)
        await pilot.press("slash", "enter")  # the same filter again: the wait starts again
        await settle(pilot)
        await pilot.pause(0.5)
        assert len(writes) == 1
        assert writes[0].filter_history[-3:] == ["minutes", "committee:cabinet", "budget"]
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.meeting is not None
        (place,) = writes[0].places.values()
        assert place["filter"] == "budget" and place["meeting"] == screen.meeting.id
    assert len(writes) == 1  # quitting with nothing changed since writes nothing more
    assert Settings.load().filter_history[-1] == "budget"


async def test_a_saved_theme_is_drawn_from_the_first_frame_as_if_chosen_then(
    model_store_path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The saved theme is set as the app is built (set from on_mount, its CSS was parsed
    once more before the first frame): the screen is the one choosing it draws."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "chosen"))
    app = make_app(model_store_path, load_samples_if_empty=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "textual-light"
        await pilot.pause()
        await settle(pilot)
        chosen = app.export_screenshot()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "saved"))
    assert Settings(theme="textual-light").save()
    app = make_app(model_store_path, load_samples_if_empty=False)
    assert app.theme == "textual-light"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert {"-light-mode", "-theme-textual-light"} <= app.classes
        saved = app.export_screenshot()
    assert re.sub(r"terminal-\d+", "", saved) == re.sub(r"terminal-\d+", "", chosen)


async def test_a_new_theme_redraws_the_text_drawn_in_the_old_ones_colours(
    model_store_path,
) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        detail = app.screen.query_one(DetailPane)

        def heading_style():
            return detail.content.renderables[0].style

        dark = heading_style()
        app.theme = "textual-light"
        await pilot.pause()
        await settle(pilot)
        light = heading_style()
        assert light != dark
        assert light == detail.get_component_rich_style("detail-pane--heading")
        status = app.screen.query_one(StatusLine)
        assert status.content.spans == status.build().spans  # drawn in the new colours


def test_a_damaged_settings_file_is_an_empty_one(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json")
    assert Settings.load(path) == Settings()
    path.write_text('{"theme": 3, "filter_history": ["a", 4, "b"]}')
    assert Settings.load(path) == Settings(theme=None, filter_history=["a", "b"])
    assert Settings(theme="nord").save(path) and Settings.load(path).theme == "nord"
    assert not Settings().save(tmp_path / "settings.json" / "cannot")  # a file in the way


@pytest.mark.parametrize("numbers", [["77/21", "78/21"], ["CB20/15", "CB21/15"], ["268/12/13"]])
async def test_item_numbers_show_whole(tmp_path: Path, numbers: list[str]) -> None:
    db = open_store(tmp_path / "numbers.db")
    items = [AgendaItem(number, f"Item titled {number}") for number in numbers]
    meeting = Meeting(committee="Cabinet", date=dt.date(2021, 3, 4), items=items)
    store_document(db, "/c/n.txt", ParsedDocument("test", "meeting", [meeting]), sha256="n", size=1)
    db.close()
    app = make_app(tmp_path / "numbers.db")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        agenda = app.screen.query_one(AgendaList)
        lines = [agenda.render_line(y).text for y in range(len(numbers))]
        for number, line in zip(numbers, lines, strict=True):
            assert line.startswith(f"{number} Item titled"), line


@pytest.fixture(scope="module")
def three_councils(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("councils") / "councils.db"
    db = open_store(path)
    for n, council in enumerate(["Kent County Council", "Medway Council", "Swale Borough Council"]):
        meeting = Meeting(
            committee="Cabinet",
            council=council,
            date=dt.date(2022, 5, 10 + n),
            venue="Council Chamber",
            url=f"https://democracy.example.gov.uk/ieListDocuments.aspx?MId={n}",
            items=[AgendaItem("1", "Budget", minutes="RESOLVED that the budget be approved.")],
        )
        document = ParsedDocument("test", "meeting", [meeting])
        store_document(db, f"/c/{n}.txt", document, sha256=f"c{n}", size=1)
    db.close()
    return path


async def test_each_council_is_named_and_can_be_filtered(three_councils: Path) -> None:
    app = make_app(three_councils)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        meetings = app.screen.query_one(MeetingList)
        lines = [meetings.render_line(y).text for y in range(3)]
        assert lines[0].startswith("2022-05-12 Cabinet · Swale Boro")
        assert lines[1].startswith("2022-05-11 Cabinet · Medway ")
        assert lines[2].startswith("2022-05-10 Cabinet · Kent County ")
        await pilot.press("slash", *'council:"kent county"', "enter")
        await settle(pilot)
        assert meetings.count == 1
        assert str(meetings.border_title) == "Meetings · Kent County (1)"
        assert meetings.render_line(0).text.startswith("2022-05-10 Cabinet  ")  # named above


async def test_o_opens_the_page_a_record_came_from(three_councils: Path, model_store_path) -> None:
    opened: list[str] = []
    app = make_app(three_councils)
    async with app.run_test(size=SIZE) as pilot:
        app.open_url = lambda url, new_tab=True: opened.append(url)  # type: ignore[method-assign]
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert opened == ["https://democracy.example.gov.uk/ieListDocuments.aspx?MId=2"]
    app = make_app(model_store_path)  # pages written by hand: no address stored
    async with app.run_test(size=SIZE) as pilot:
        app.open_url = lambda url, new_tab=True: opened.append(url)  # type: ignore[method-assign]
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        notes = " ".join(n.message for n in app._notifications)
        assert "No web page is stored" in notes and len(opened) == 1


async def test_the_reading_view_shows_the_meeting_and_where_records_came_from(
    tmp_path: Path,
) -> None:
    page = Path(__file__).parent / "fixtures" / "html"
    page = page / "nottingham_ieListDocuments_childrens-partnership-board_2017-09.html"
    db = open_store(tmp_path / "r.db")
    assert not ingest_paths(db, [page], workers=1).failed
    db.close()
    app = make_app(tmp_path / "r.db")
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        for _ in range(7):  # to item 23, three resolutions and an action
            await pilot.press("j")
        await pilot.press("enter")
        await settle(pilot)
        reading = app.screen
        assert isinstance(reading, ReadingScreen)
        assert reading.detail.item.number == "23"
        text = "\n".join(strip.text for strip in reading._compositor.render_strips())
        assert "Children's Partnership Board · Nottingham City Council · 2017-09-27 16:00" in text
        assert "Venue: LB 31-32 - Loxley House, Station Street, Nottingham, NG2 3NG" in text
        assert "Apologies: Councillor Sam Webster (Co Chair), Sean Kelly (Vice Chair)" in text
        assert "Declarations: None." in text
        found = {block.found for block in reading.query(TextBlock) if block.found}
        assert found == {"keyword", "resolution clause"}  # the action: a clause asking
        # s marks the passage each record was read from; n steps through them.
        records = [*reading.detail.resolutions, *reading.detail.actions]
        assert all(r.rule and r.source_field for r in records)
        await pilot.press("s")
        await settle(pilot)
        assert reading.match_count >= len(reading.detail.resolutions)
        assert reading.match_index == 0
        await pilot.press("n")
        assert reading.match_index == 1
        await pilot.press("s")  # back to no words
        assert reading.match_count == 0
