"""The meetings list repaints from its first window; counts arrive later and never hold it up."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from store import queries
from store.db import connect_readonly
from store.filters import parse_filter
from tui.app import make_app
from tui.settle import settle
from tui.widgets.panes import AgendaList, MeetingList
from tui.widgets.status import FilterInput, StatusLine


async def until(pilot, condition, timeout: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not condition():
        assert loop.time() < end, "timed out"
        await pilot.pause(0.01)


async def test_rows_show_while_the_count_is_still_running(
    model_store_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    started = threading.Event()
    real_count = queries.count_meetings

    def slow_count(conn, flt):
        if not flt.is_empty:
            started.set()
            gate.wait(10)
        return real_count(conn, flt)

    monkeypatch.setattr(queries, "count_meetings", slow_count)
    app = make_app(model_store_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        app.screen.query_one(FilterInput).value = "safeguarding"
        await pilot.press("enter")
        meetings = app.screen.query_one(MeetingList)
        agenda = app.screen.query_one(AgendaList)
        status = app.screen.query_one(StatusLine)
        # The list, the agenda and the detail repaint although the count has not returned.
        await until(pilot, lambda: meetings.loaded and agenda.count > 0)
        assert started.wait(5)  # the count runs only after the first rows were shown
        assert meetings.source.flt == parse_filter("safeguarding")
        assert meetings.count == 2  # a short first page is its own count
        assert "counting…" in status.build().plain
        assert meetings.render_line(0).text.strip()
        gate.set()
        await settle(pilot)
        conn = connect_readonly(model_store_path)
        try:
            flt = parse_filter("safeguarding")
            items = queries.count_items(conn, flt)
        finally:
            conn.close()
        assert f"2 meetings · {items} items" in status.build().plain
        assert "counting" not in status.build().plain


async def test_a_newer_filter_replaces_a_count_still_running(
    model_store_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    real_count = queries.count_meetings

    def slow_first(conn, flt):
        if flt == parse_filter("safeguarding"):
            gate.wait(10)
        return real_count(conn, flt)

    monkeypatch.setattr(queries, "count_meetings", slow_first)
    app = make_app(model_store_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.apply_filter("safeguarding")
        meetings = screen.query_one(MeetingList)
        await until(pilot, lambda: meetings.loaded)
        await pilot.pause(0.05)
        screen.apply_filter("year:2018")
        await until(pilot, lambda: "counting" not in screen.query_one(StatusLine).build().plain)
        gate.set()  # the stale count finishes now: it must not overwrite the newer one
        await settle(pilot)
        conn = connect_readonly(model_store_path)
        try:
            expected = queries.count_meetings(conn, parse_filter("year:2018"))
        finally:
            conn.close()
        noun = "meeting" if expected == 1 else "meetings"
        assert f"{expected} {noun}" in screen.query_one(StatusLine).build().plain
        assert meetings.count == expected


async def test_the_typed_filter_s_plan_is_worked_out_before_enter(
    model_store_path, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    """While the reader types, a thread reads the index facts the first window's plan
    weighs (a prefix's indexed words), so that Enter's query finds them ready; the list
    then shows what the filter selects, as without it."""
    import shutil

    import store.words

    # A store of its own: the facts outlive an app, and other tests type "minu" too.
    model_store_path = Path(shutil.copy(model_store_path, tmp_path / "typed.db"))

    looked_up: list[str] = []
    real_words = store.words.indexed_words

    def counted(conn, prefix, *args, **kwargs):
        looked_up.append(prefix)
        return real_words(conn, prefix, *args, **kwargs)

    monkeypatch.setattr(store.words, "indexed_words", counted)
    monkeypatch.setattr(FilterInput, "DEBOUNCE", 60.0)  # only Enter applies the filter
    app = make_app(model_store_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        looked_up.clear()
        await pilot.press("slash", *"minu")
        await until(pilot, lambda: "minu" in looked_up)
        screen = app.screen
        assert screen.flt == parse_filter("")  # nothing applied yet
        await pilot.press("enter")
        await settle(pilot)
        conn = connect_readonly(model_store_path)
        try:
            flt = parse_filter("minu")
            expected = [m.id for m in queries.meetings_window(conn, flt, 0, 100)]
        finally:
            conn.close()
        meetings = screen.query_one(MeetingList)
        assert screen.flt == flt and expected
        assert [meetings.row_at(i).id for i in range(meetings.count)] == expected


@pytest.mark.parametrize("typed", ["minu", "committee:cabinet", '"the minutes"'])
async def test_the_typed_filter_s_rows_are_read_before_enter_and_enter_reads_none(
    model_store_path, monkeypatch: pytest.MonkeyPatch, typed: str
) -> None:
    """While the reader types, a thread reads the filter's first window and its first
    meeting; Enter's query finds both, reads neither again, and shows what it would have
    read itself."""
    import tui.reader

    windows: list[tuple[str, int]] = []
    details: list[str] = []
    real_window, real_detail = queries.meetings_window, tui.reader.meeting_detail

    def window(conn, flt, offset, limit, **kwargs):
        windows.append((flt.describe(), offset))
        return real_window(conn, flt, offset, limit, **kwargs)

    def detail(conn, meeting, flt):
        details.append(meeting.id)
        return real_detail(conn, meeting, flt)

    monkeypatch.setattr(queries, "meetings_window", window)
    monkeypatch.setattr(tui.reader, "meeting_detail", detail)
    monkeypatch.setattr(FilterInput, "DEBOUNCE", 60.0)  # only Enter applies the filter
    flt = parse_filter(typed)
    app = make_app(model_store_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *typed)
        screen = app.screen
        # (Read now, or by an earlier test: the facts outlive an app, not a store's change.)
        await until(pilot, lambda: screen._planning == flt)
        await settle(pilot)
        assert screen.flt == parse_filter("")  # nothing applied yet
        windows.clear()
        details.clear()
        await pilot.press("enter")
        await settle(pilot)
        conn = connect_readonly(model_store_path)
        try:
            expected = [m.id for m in real_window(conn, flt, 0, 100)]
        finally:
            conn.close()
        first_meeting = expected[0]
        assert (flt.describe(), 0) not in windows  # the first window was read ahead
        assert first_meeting not in details  # and so was its first meeting
        meetings = screen.query_one(MeetingList)
        assert screen.flt == flt and expected
        assert [meetings.row_at(i).id for i in range(meetings.count)] == expected
        assert screen.meeting is not None and screen.meeting.id == first_meeting


async def test_a_plan_for_text_typed_past_is_interrupted_not_the_one_entered(
    model_store_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typing ``b`` then ``u`` stops the plan of ``b`` on its thread (a one-letter prefix
    reads every word it starts); Enter on ``bu`` lets ``bu``'s plan finish."""
    import sqlite3

    from tui.reader import PLAN_AHEAD, StoreReader

    started = threading.Event()
    outcome: dict[str, str] = {}
    real_plan = queries.plan_ahead

    def plan(conn, flt, rows):
        if flt == parse_filter("b"):
            started.set()
            try:  # long enough to be interrupted (a few seconds if it is not)
                conn.execute(
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c"
                    " LIMIT 30000000) SELECT count(*) FROM c"
                ).fetchone()
                outcome["b"] = "finished"
            except sqlite3.OperationalError as error:
                outcome["b"] = str(error)
                raise
        else:
            real_plan(conn, flt, rows)
            outcome[str(flt.words)] = "finished"

    interrupted: list[str] = []
    real_interrupt = StoreReader.interrupt

    def recorded(self, group):
        interrupted.append(group)
        real_interrupt(self, group)

    monkeypatch.setattr(queries, "plan_ahead", plan)
    monkeypatch.setattr(StoreReader, "interrupt", recorded)
    monkeypatch.setattr(FilterInput, "DEBOUNCE", 60.0)
    app = make_app(model_store_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "b")
        await until(pilot, started.is_set)
        await pilot.press("u")
        await until(pilot, lambda: "b" in outcome)
        assert outcome["b"] == "interrupted"
        await until(pilot, lambda: "('bu',)" in outcome)
        interrupted.clear()
        await pilot.press("enter")
        await settle(pilot)
        assert PLAN_AHEAD not in interrupted  # the plan of the text entered is Enter's own
        assert app.screen.flt == parse_filter("bu")
