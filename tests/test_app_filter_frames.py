"""Applying a filter: no pane changes size, the first agenda comes with the first meetings,
the next ones are read ahead, and frames held for the new lists are always released."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from test_app import settle, type_filter

from store import queries
from store.db import connect_readonly
from store.filters import parse_filter
from tui import reader as reader_module
from tui.app import make_app
from tui.screens.main import MainScreen
from tui.widgets.panes import AgendaList, MeetingList
from tui.widgets.status import FilterInput

SIZE = (160, 48)
PANES = ("#meetings", "#agenda", "#detail", "#status")


async def test_opening_and_closing_the_filter_box_resizes_no_pane(model_store_path: Path) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        regions = {name: app.screen.query_one(name).region for name in PANES}
        await pilot.press("slash")
        await settle(pilot)
        box = app.screen.query_one(FilterInput)
        assert box.display and box.has_focus
        assert {name: app.screen.query_one(name).region for name in PANES} == regions
        # The box lies over the panes' bottom border row, just above the status line.
        assert box.region.y == app.screen.query_one("#status").region.y - 1
        await pilot.press(*"cafe", "enter")
        await settle(pilot)
        assert not box.display
        assert {name: app.screen.query_one(name).region for name in PANES} == regions


async def test_the_first_meetings_agenda_is_read_with_the_meetings(
    model_store_path: Path, monkeypatch
) -> None:
    app = make_app(model_store_path)
    loads: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        original = screen._load_meeting
        monkeypatch.setattr(
            screen,
            "_load_meeting",
            lambda meeting, flt: (loads.append(meeting.id), original(meeting, flt)),
        )
        await type_filter(app, pilot, "safeguarding")
        meetings, agenda = screen.query_one(MeetingList), screen.query_one(AgendaList)
        first = meetings.row_at(0)
        conn = connect_readonly(model_store_path)
        expected = [
            i.id for i in queries.meeting_items(conn, first.id, parse_filter("safeguarding"))
        ]
        conn.close()
        assert [agenda.row_at(i).id for i in range(agenda.count)] == expected
        assert loads == []  # no second round trip for the meeting under the cursor
        await settle(pilot)  # the meetings around the cursor are read ahead once it is drawn
        await pilot.press("j")
        await settle(pilot)
        assert loads == []  # ... so the next one is drawn with its highlight, no round trip
        assert screen.meeting_detail is not None
        assert screen.meeting_detail.meeting.id == meetings.row_at(1).id


async def test_frames_are_released_even_when_the_query_is_slow(
    model_store_path: Path, monkeypatch
) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        fetch = reader_module.MeetingSource.fetch

        def slow_fetch(self, offset: int, limit: int):  # type: ignore[no-untyped-def]
            time.sleep(0.6)
            return fetch(self, offset, limit)

        monkeypatch.setattr(reader_module.MeetingSource, "fetch", slow_fetch)
        await pilot.press("slash")
        screen.query_one(FilterInput).value = "safeguarding"
        await pilot.press("enter")
        assert screen._frames.held  # frames wait for the new lists ...
        await asyncio.sleep(MainScreen.HOLD_FRAMES_AT_MOST + 0.15)
        assert not screen._frames.held  # ... but not for a slow query
        assert app._batch_count == 0
        await settle(pilot)
        assert screen.query_one(MeetingList).count == 2
        # A fast filter releases them as soon as its lists are in.
        monkeypatch.setattr(reader_module.MeetingSource, "fetch", fetch)
        await type_filter(app, pilot, "cafe")
        assert not screen._frames.held and app._batch_count == 0
