"""``tui.widgets.framed``: a pane's rows, its content joined to edges cut once, are the rows
Textual's own drawing gives, in every state a pane's edges depend on; and a row whose
content did not change is handed back as it was."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widget import Widget

from tui.app import MinutesApp, make_app
from tui.settle import settle
from tui.textual_compat import render_row_afresh
from tui.widgets.framed import FramedRows
from tui.widgets.panes import AgendaList, DetailPane, MeetingList

PANES = (MeetingList, AgendaList, DetailPane)


def panes(app: MinutesApp) -> list[FramedRows]:
    return [app.screen.query_one(kind) for kind in PANES]


def segments(strips: list[Strip]) -> list[list[object]]:
    return [[(s.text, s.style, s.control) for s in strip] for strip in strips]


def assert_drawn_as_textual(pane: Widget) -> None:
    """Every row of ``pane`` (borders too), ours against Textual's drawing afresh."""
    crop = pane.region.reset_offset
    assert crop.height > 2
    ours = pane.render_lines(crop)
    theirs = [render_row_afresh(pane, y) for y in crop.line_range]
    assert [s.cell_length for s in ours] == [crop.width] * crop.height
    assert segments(ours) == segments(theirs), type(pane).__name__


def assert_all_drawn_as_textual(app: MinutesApp) -> None:
    for pane in panes(app):
        assert_drawn_as_textual(pane)
        assert pane._frame is not None  # the rows were joined, not drawn by Textual


@asynccontextmanager
async def launched(
    store: Path, size: tuple[int, int] = (120, 40)
) -> AsyncIterator[tuple[MinutesApp, Pilot]]:
    """The reader on ``store`` at ``size``, settled after its first screen."""
    app = make_app(store)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield app, pilot


async def test_the_panes_rows_are_the_rows_textual_draws(model_store_path: Path) -> None:
    async with launched(model_store_path, (160, 48)) as (app, pilot):
        assert_all_drawn_as_textual(app)  # as launched: the meetings list focused
        await pilot.press("down", "tab", "down")  # the focus (border colours), the cursors
        await settle(pilot)
        assert app.focused is app.screen.query_one(AgendaList)
        assert_all_drawn_as_textual(app)
        await pilot.press("tab")  # the detail pane: its padding, its own focus
        await settle(pilot)
        assert_all_drawn_as_textual(app)


@pytest.mark.parametrize("theme", ["textual-light", "nord"])
async def test_the_rows_follow_the_theme(model_store_path: Path, theme: str) -> None:
    async with launched(model_store_path, (160, 48)) as (app, pilot):
        before = [pane.render_lines(pane.region.reset_offset)[1] for pane in panes(app)]
        app.theme = theme
        await settle(pilot)
        assert_all_drawn_as_textual(app)
        after = [pane.render_lines(pane.region.reset_offset)[1] for pane in panes(app)]
        assert [list(s) for s in after] != [list(s) for s in before]


async def test_the_rows_follow_the_line_filters(model_store_path: Path) -> None:
    # ``ansi_color`` turns the app's truecolour line filter off and on again.
    async with launched(model_store_path) as (app, pilot):
        filters = len(app.get_line_filters())
        app.ansi_color = True
        await settle(pilot)
        assert len(app.get_line_filters()) == filters - 1
        assert_all_drawn_as_textual(app)
        app.ansi_color = False
        await settle(pilot)
        assert_all_drawn_as_textual(app)


async def test_the_rows_follow_a_resize_and_the_stacked_layout(model_store_path: Path) -> None:
    async with launched(model_store_path, (160, 48)) as (app, pilot):
        assert_all_drawn_as_textual(app)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert app.screen.has_class("-stacked")
        assert_all_drawn_as_textual(app)


async def test_the_rows_under_no_color(model_store_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")  # Textual adds its monochrome line filter
    async with launched(model_store_path) as (app, _pilot):
        assert len(app.get_line_filters()) == 2
        assert_all_drawn_as_textual(app)


async def test_a_pane_with_a_tint_is_drawn_by_textual(model_store_path: Path) -> None:
    async with launched(model_store_path) as (app, pilot):
        detail = app.screen.query_one(DetailPane)
        detail.styles.tint = "red 20%"
        await settle(pilot)
        assert_drawn_as_textual(detail)
        assert detail._frame is None  # every row Textual's own


async def test_an_unchanged_row_is_handed_back_as_it_was(model_store_path: Path) -> None:
    async with launched(model_store_path) as (app, pilot):
        meetings = app.screen.query_one(MeetingList)
        crop = meetings.region.reset_offset
        first = meetings.render_lines(crop)
        again = meetings.render_lines(crop)
        assert all(a is b for a, b in zip(first, again, strict=True))
        await pilot.press("down")  # the cursor moves from row 0 to row 1 (y 1 and 2)
        await settle(pilot)
        moved = meetings.render_lines(crop)
        changed = [y for y, (a, b) in enumerate(zip(first, moved, strict=True)) if a is not b]
        assert changed == [1, 2]
        assert_drawn_as_textual(meetings)


async def test_a_partial_crop_is_cut_from_the_rows(model_store_path: Path) -> None:
    # The compositor asks for the visible part of a widget that is partly covered.
    async with launched(model_store_path) as (app, _pilot):
        agenda = app.screen.query_one(AgendaList)
        width = agenda.region.width
        whole = agenda.render_lines(agenda.region.reset_offset)
        part = agenda.render_lines(Region(3, 2, width - 5, 4))
        assert segments(part) == segments([s.crop(3, width - 2) for s in whole[2:6]])


async def test_every_list_of_the_tracker_is_drawn_as_textual_draws_it(
    model_store_path: Path,
) -> None:
    # Every virtual list is framed: the action tracker's list and its detail too.
    from tui.screens.actions import ActionsScreen

    async with launched(model_store_path) as (app, pilot):
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ActionsScreen)
        lists = list(app.screen.query(FramedRows))
        assert lists
        for pane in lists:
            if pane.region.height > 2:
                assert_drawn_as_textual(pane)


async def test_a_pane_under_a_link_in_the_mouse_is_drawn_by_textual(model_store_path: Path) -> None:
    # Textual restyles the link under the mouse in every line it draws.
    from rich.style import Style

    async with launched(model_store_path) as (app, _pilot):
        agenda = app.screen.query_one(AgendaList)
        assert agenda._frame_key() is not None
        agenda.hover_style = Style(link="https://example.org/")
        assert agenda._frame_key() is None
        assert_drawn_as_textual(agenda)
