"""A cursor move in the meetings list: the detail pane is drawn ahead for where the cursor
can go next, keeps one width whatever the meeting's length (no layout of the screen), and
redraws only the lines that differ; the agenda's marks come with its rows; the reader runs
with a short GIL switch interval so a frame is not held up by another thread."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import tui.app as app_module
from store.queries import ItemRow
from tui.app import GIL_SWITCH_INTERVAL, MinutesApp, make_app
from tui.reader import Marks
from tui.screens.main import MainScreen
from tui.settle import settle
from tui.widgets.panes import AgendaList, DetailPane, MeetingList

SIZE = (160, 48)


def _detail_state(detail: DetailPane) -> tuple[list, str, tuple]:
    return list(detail._lines), detail.plain_text, detail.shown


def _agenda_rows_drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the agenda rows drawn from now on (not put up as drawn ahead)."""
    drawn: list[str] = []
    draw = AgendaList.render_row
    monkeypatch.setattr(
        AgendaList,
        "render_row",
        lambda self, row, width: drawn.append(row.id) or draw(self, row, width),
    )
    return drawn


def _agenda_rows(agenda: AgendaList) -> list[ItemRow]:
    """The rows the agenda shows, every one of them read."""
    rows = [agenda.row_at(i) for i in range(agenda.count)]
    assert rows and all(row is not None for row in rows)
    return [row for row in rows if row is not None]


async def test_the_pane_drawn_ahead_is_the_pane_drawn_on_arrival(model_store_path: Path) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        detail = screen.query_one(DetailPane)
        meetings = screen.query_one(MeetingList)
        assert meetings.count > 3
        # The next meeting was read and its pane drawn while the app was idle.
        neighbour = meetings.cached_row(1)
        assert neighbour is not None
        source = meetings.source
        read = source.detail(neighbour.id)
        assert read is not None
        ahead_lines = [p.lines for p in detail._prepared if p.args.resolutions is read.resolutions]
        assert len(ahead_lines) == 1
        await pilot.press("j")
        # The key put the lines drawn ahead on screen.
        assert screen.meeting is not None and screen.meeting.id == neighbour.id
        assert detail._lines is ahead_lines[0]
        ahead = _detail_state(detail)
        await settle(pilot)
        # The same meeting drawn from scratch gives the same lines, text and records.
        detail._prepared.clear()
        detail._redraw_shown()
        assert detail._lines is not ahead_lines[0]  # drawn this time
        assert _detail_state(detail) == ahead


async def test_the_agenda_drawn_ahead_is_the_agenda_drawn_on_arrival(
    model_store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        agenda = screen.query_one(AgendaList)
        meetings = screen.query_one(MeetingList)
        neighbour = meetings.cached_row(1)
        assert neighbour is not None
        read = meetings.source.detail(neighbour.id)
        assert read is not None and read.items
        # The next meeting's rows were drawn while the app was idle.
        ahead = {id(line[0]): line[4] for line in agenda._ahead_lines.values()}
        assert all(id(row) in ahead for row in read.items[: agenda.size.height])
        drawn = _agenda_rows_drawn(monkeypatch)
        await pilot.press("j")
        await settle(pilot)
        assert screen.meeting is not None and screen.meeting.id == neighbour.id
        shown = [agenda.render_line(y) for y in range(min(agenda.count, agenda.size.height))]
        assert drawn == []  # the key only put them up
        assert shown[0] is ahead[id(read.items[0])]
        # The same rows drawn from scratch are the same lines.
        agenda.clear_rendered()
        assert [agenda.render_line(y) for y in range(len(shown))] == shown
        assert drawn  # drawn this time


async def test_an_agenda_line_drawn_ahead_with_other_marks_is_drawn_again(
    model_store_path: Path,
) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        agenda = app.screen.query_one(AgendaList)
        rows = _agenda_rows(agenda)
        agenda.prepare_rows(rows, marks=Marks())
        agenda.show_rows(rows, marks=Marks(threads=frozenset({rows[0].id})))
        await settle(pilot)
        assert "⇄" in agenda.render_line(0).text  # not the line drawn ahead without the mark


async def test_the_detail_pane_keeps_its_width_across_short_and_long_meetings(
    model_store_path: Path,
) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        detail = screen.query_one(DetailPane)
        meetings = screen.query_one(MeetingList)
        widths, heights = set(), set()
        for _ in range(meetings.count - 1):
            await pilot.press("j")
            await settle(pilot)
            widths.add(detail.scrollable_content_region.width)
            heights.add(detail.virtual_size.height > detail.scrollable_content_region.height)
        assert heights == {True, False}  # some meetings overflow the pane, some do not
        assert len(widths) == 1  # and the text is as wide for both: no relayout
        assert detail.show_vertical_scrollbar


async def test_a_new_meeting_redraws_only_the_detail_lines_that_differ(
    model_store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        detail = app.screen.query_one(DetailPane)
        height = detail.scrollable_content_region.height
        full: list[bool] = []
        lines: list[tuple[int, int]] = []
        monkeypatch.setattr(DetailPane, "refresh_lines", lambda self, y, n=1: lines.append((y, n)))
        original_refresh = DetailPane.refresh

        def refresh(self, *regions, **kwargs):
            if not regions and kwargs.get("repaint", True) and not kwargs.get("layout"):
                full.append(True)
            return original_refresh(self, *regions, **kwargs)

        monkeypatch.setattr(DetailPane, "refresh", refresh)
        before = [detail._lines[i] if i < len(detail._lines) else None for i in range(height)]
        await pilot.press("j")
        after = [detail._lines[i] if i < len(detail._lines) else None for i in range(height)]
        differ = {y for y in range(height) if before[y] != after[y]}
        assert not full
        refreshed = {y for start, count in lines for y in range(start, start + count)}
        assert refreshed == differ
        assert len(refreshed) < height  # the blank lines below both meetings stay


async def test_the_agendas_marks_come_with_its_rows(
    model_store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        agenda = app.screen.query_one(AgendaList)
        rows = _agenda_rows(agenda)
        cleared: list[bool] = []
        monkeypatch.setattr(AgendaList, "clear_rendered", lambda self: cleared.append(True))
        agenda.show_rows(rows, marks=Marks(threads=frozenset({rows[0].id})))
        await settle(pilot)
        assert cleared == []  # no redraw of the old rows for the new marks
        assert "⇄" in agenda.render_line(0).text


def test_the_reader_runs_with_a_short_gil_switch_interval(
    model_store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[float] = []
    monkeypatch.setattr(MinutesApp, "run", lambda self: seen.append(sys.getswitchinterval()))
    previous = sys.getswitchinterval()
    assert app_module.run(model_store_path) == 0
    assert seen == [GIL_SWITCH_INTERVAL]
    assert previous > GIL_SWITCH_INTERVAL
    assert sys.getswitchinterval() == previous


async def test_focus_back_on_the_list_leaves_the_detail_pane_as_it_was(
    model_store_path: Path,
) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        detail = app.screen.query_one(DetailPane)
        lines = detail._lines
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press("escape")  # the box closes, the meetings list has focus again
        await settle(pilot)
        assert app.screen.query_one(MeetingList).has_focus
        assert detail._lines is lines  # not drawn again


async def test_a_page_down_puts_up_rows_drawn_ahead(follow_store_path: Path) -> None:
    app = make_app(follow_store_path)
    async with app.run_test(size=(160, 12)) as pilot:  # a short pane: a page is a few rows
        await settle(pilot)
        meetings = app.screen.query_one(MeetingList)
        height = meetings.scrollable_content_region.height
        assert meetings.count > height + 1
        await pilot.press("pagedown")  # the cursor to the last row in view
        await settle(pilot)
        ahead = dict(meetings._lines._lines)  # drawn while idle, before the next key
        await pilot.press("pagedown")
        top, cursor = meetings.scroll_offset.y, meetings.cursor
        assert top > 0  # the view moved on
        width = meetings.scrollable_content_region.width
        for y in range(height):
            index = top + y
            key = (meetings._generation, index, width, index == cursor)
            assert meetings.render_line(y) is ahead[key]  # put up as drawn ahead
        lines = [meetings.render_line(y) for y in range(height)]
        meetings._lines.clear()
        assert [meetings.render_line(y) for y in range(height)] == lines  # as drawn on arrival


async def test_nothing_is_drawn_ahead_once_the_reader_types_or_filters(
    model_store_path: Path,
) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen._prepare_ahead()
        assert screen._to_prepare  # queued while idle
        screen.action_filter()
        assert screen._to_prepare == []  # dropped as the box opens
        await pilot.press("escape")
        await settle(pilot)
        screen._prepare_ahead()
        assert screen._to_prepare
        screen.apply_filter("cabinet")
        assert screen._to_prepare == []  # dropped with the old result


def _many_meetings(path: Path, count: int) -> Path:
    """A store of ``count`` one-item meetings, a day apart, each with a resolution."""
    import datetime as dt

    from parsers.model import AgendaItem, Meeting, ParsedDocument, Resolution
    from store.db import open_store
    from store.ingest import store_document

    db = open_store(path)
    for n in range(count):
        meeting = Meeting(
            committee="Cabinet",
            date=dt.date(2020, 1, 1) + dt.timedelta(days=n),
            items=[
                AgendaItem(
                    "1", f"Budget {n}", resolutions=[Resolution("1", f"approved {n}", "decision")]
                )
            ],
        )
        document = ParsedDocument("test", "meeting", [meeting])
        store_document(db, f"/many/{n}.txt", document, sha256=f"sha{n}", size=100)
    db.close()
    return path


async def test_the_last_page_is_read_and_drawn_ahead_for_a_jump_to_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(MeetingList, "PAGE_SIZE", 10)  # the last row on a page not yet read
    app = make_app(_many_meetings(tmp_path / "many.db", 60))
    async with app.run_test(size=(160, 12)) as pilot:
        await settle(pilot)
        meetings = app.screen.query_one(MeetingList)
        detail = app.screen.query_one(DetailPane)
        last = meetings.count - 1
        assert last == 59 and 2 * meetings.scrollable_content_region.height < 50
        row = meetings.cached_row(last)
        assert row is not None  # read while idle, once the count was known
        read = meetings.source.detail(row.id)
        assert read is not None
        ahead = [p.lines for p in detail._prepared if p.args.resolutions is read.resolutions]
        assert len(ahead) == 1
        await pilot.press("G")
        assert meetings.cursor == last
        assert detail._lines is ahead[0]


async def test_where_each_page_down_lands_is_read_and_drawn_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The meeting a page down lands on is read and drawn before the key, also when its page
    of rows is already being read by the list's own prefetch as the view scrolls."""
    monkeypatch.setattr(MeetingList, "PAGE_SIZE", 10)  # pages cross the landing places
    app = make_app(_many_meetings(tmp_path / "many.db", 60))
    async with app.run_test(size=(160, 12)) as pilot:
        await settle(pilot)
        meetings = app.screen.query_one(MeetingList)
        detail = app.screen.query_one(DetailPane)
        page = meetings.scrollable_content_region.height - 1
        landed = []
        while meetings.cursor + page < meetings.count:
            await settle(pilot)
            await settle(pilot)
            row = meetings.cached_row(meetings.cursor + page)
            assert row is not None, meetings.cursor + page
            read = meetings.source.detail(row.id)
            assert read is not None, meetings.cursor + page
            ahead = [p.lines for p in detail._prepared if p.args.resolutions is read.resolutions]
            assert len(ahead) == 1
            await pilot.press("pagedown")
            assert detail._lines is ahead[0]  # put up as drawn ahead
            landed.append(meetings.cursor)
        assert len({index // MeetingList.PAGE_SIZE for index in landed}) >= 4


async def test_the_typed_filter_s_first_meeting_is_drawn_before_enter(
    model_store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a filter is typed, its first meeting is read and its agenda and detail pane
    drawn with the filter's highlighting; Enter's frame puts them up as drawn, and drawn
    again from scratch they are the same."""
    from store.filters import parse_filter
    from tui.widgets.matches import Matcher
    from tui.widgets.status import FilterInput

    monkeypatch.setattr(FilterInput, "DEBOUNCE", 60.0)  # only Enter applies the filter
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"minutes")
        await settle(pilot)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        detail, agenda = screen.query_one(DetailPane), screen.query_one(AgendaList)
        matcher = Matcher.for_filter(parse_filter("minutes"))
        ahead = [p for p in detail._prepared if p.args.matcher is matcher]
        assert len(ahead) == 1  # drawn with the typed filter's matcher
        drawn = _agenda_rows_drawn(monkeypatch)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.meeting_detail is not None
        assert screen.meeting_detail.resolutions is ahead[0].args.resolutions
        assert detail._lines is ahead[0].lines  # put up as drawn before Enter
        assert agenda.count > 0 and drawn == []  # and the agenda's rows too
        shown = _detail_state(detail)
        rows = [agenda.render_line(y) for y in range(min(agenda.count, agenda.size.height))]
        detail._prepared.clear()
        detail._redraw_shown()
        assert detail._lines is not ahead[0].lines
        assert _detail_state(detail) == shown  # the same lines drawn on arrival
        agenda._ahead_lines.clear()  # (idle, the screen drew the meeting's rows ahead again)
        agenda.clear_rendered()
        assert [agenda.render_line(y) for y in range(len(rows))] == rows
        assert drawn  # drawn this time
