"""The action tracker screen, driven as a person uses it, on the three meetings of
tests/fixtures/tracker (see tests/test_tracker.py): read it, sort it, filter it, set a
status and a note, read an action's item with its words marked, and see what is kept of
an action whose meeting was removed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from store.db import connect_readonly, open_store
from store.ingest import ingest_paths
from store.remove import remove_sources
from tui.app import make_app
from tui.screens.actions import ActionsScreen
from tui.screens.editors import NoteEditor
from tui.screens.reading import ReadingScreen, TextBlock
from tui.screens.tracker_dialogs import StatusScreen
from tui.settle import settle
from tui.widgets.action_detail import ActionDetailPane
from tui.widgets.panes import ActionList
from tui.widgets.status import FilterInput

TRACKER = Path(__file__).parent / "fixtures" / "tracker"
MEETINGS = sorted(TRACKER.glob("highways-*.txt"))
SIZE = (120, 40)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("store.filters.today", lambda: dt.date(2025, 4, 5))


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "minutes.db"
    db = open_store(path)
    try:
        assert not ingest_paths(db, MEETINGS, workers=1).failed
    finally:
        db.close()
    return path


def rows(app) -> list[str]:
    actions = app.screen.query_one(ActionList)
    return [actions.render_row(actions.row_at(i), 118).plain.rstrip() for i in range(actions.count)]


def status_line(app) -> str:
    return str(app.screen.query_one("#actions-status").render())


def detail_text(app) -> str:
    """The pane below the list as its lines are drawn, inside its border, runs of spaces
    (the label column's width) as two."""
    pane = app.screen.query_one(ActionDetailPane)
    region = pane.region
    lines = app.screen._compositor.render_strips()
    inside = lines[region.y + 1 : region.bottom - 1]
    text = "\n".join(line.text[region.x : region.right].strip(" │") for line in inside)
    return re.sub(r" {2,}", "  ", text).strip()


async def open_tracker(pilot) -> None:
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ActionsScreen)


async def test_the_tracker_lists_counts_and_sorts(store: Path) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_tracker(pilot)
        assert [r[:21] for r in rows(app)] == [
            "done     ~2025-01-31 ",
            "done     ~2025-02-11 ",
            "OVERDUE  ~2025-03-31 ",
            "open                 ",
        ]
        assert rows(app)[2].endswith("Cllr A. Khan")
        assert "2 open (1 overdue) · 2 done · 0 dropped · 0 superseded" in status_line(app)
        assert "soonest due first" in status_line(app)
        await pilot.press("s")  # by status: overdue, open, done
        await settle(pilot)
        assert [r.split()[0] for r in rows(app)] == ["OVERDUE", "open", "done", "done"]
        assert "by status" in status_line(app)
        await pilot.press("s", "s")  # by owner, then by committee
        await settle(pilot)
        assert "by committee" in status_line(app)
        # The pane below shows the action at the cursor with its story.
        await pilot.press("s", "s")  # back to soonest due first
        await settle(pilot)
        shown = detail_text(app)
        assert shown.startswith("Clerk to contact the County Council about the faulty lights")
        assert "Owner  the Clerk  (printed “Clerk”)" in shown
        assert "Due  2025-01-31 (implied: by the end of the month)" in shown
        assert "Status  done (minutes)" in shown
        assert "minutes (reported on): open — “Minute 57 – Street lighting" in shown
        assert "minutes (reported on): done — “Minute 57 (14th January)" in shown


async def test_enter_reads_the_item_with_the_actions_words_marked(store: Path) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_tracker(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        reading = app.screen
        assert isinstance(reading, ReadingScreen)
        assert reading.detail.item.number == "58"
        marked = [b.text[slice(*b.marked)] for b in reading.query(TextBlock) if b.marked]
        assert marked == [
            "that the Clerk obtain three quotations for resurfacing the play area and report back"
            " to the next meeting."
        ]


async def test_a_status_and_a_note_set_with_one_key_each(store: Path) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_tracker(pilot)
        await pilot.press("j", "j", "x")  # the website: overdue
        await settle(pilot)
        assert isinstance(app.screen, StatusScreen)
        await pilot.press("down", "down")  # open -> done -> dropped
        await pilot.press(*"new site", "enter")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        assert isinstance(app.screen, ActionsScreen)
        assert rows(app)[2].startswith("dropped  ~2025-03-31")
        await pilot.press("c")  # the action's note, in the editor every note uses
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"ask the webmaster", "ctrl+s")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        assert "✎ Councillor Khan agreed" in rows(app)[2]
        assert "Note  ask the webmaster" in detail_text(app)
        assert "you: dropped — new site" in detail_text(app)
        assert "1 open (0 overdue) · 2 done · 1 dropped · 0 superseded" in status_line(app)
    conn = connect_readonly(store)
    assert conn.execute("SELECT status, why FROM action_status_log").fetchall() == [
        ("dropped", "new site")
    ]
    assert conn.execute("SELECT note FROM action_notes").fetchall() == [("ask the webmaster",)]
    conn.close()


async def test_the_trackers_filter_and_what_is_kept_of_a_removed_action(store: Path) -> None:
    from store.userdata import ActionRef, set_status

    db = open_store(store)
    conn = db.conn
    (action_id,) = conn.execute(
        "SELECT i.id || '/a' || printf('%012x', a.key) FROM actions a"
        " JOIN items i ON i.rowid = a.item_rowid WHERE i.number = '59'"
    ).fetchone()
    with conn:
        set_status(conn, ActionRef(action_id, "update the website"), "done", why="updated")
    remove_sources(db, [MEETINGS[0]])
    db.close()
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_tracker(pilot)
        assert len(rows(app)) == 2  # PB's action, and the kept record of the website's
        assert rows(app)[1].startswith("done") and "no longer in the store" in rows(app)[1]
        assert "1 kept for actions gone from the store" in status_line(app)
        await pilot.press("j")
        await settle(pilot)
        assert "No longer in the store" in detail_text(app)
        await pilot.press("slash", *"owner:brown", "enter")
        await settle(pilot)
        assert len(rows(app)) == 1 and rows(app)[0].endswith("Cllr P. Brown")
        assert "filter: owner:brown" in status_line(app)


async def test_the_trackers_filter_applies_as_it_is_typed(store: Path) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_tracker(pilot)
        everything = len(rows(app))
        await pilot.press("slash", *"owner:brown")
        assert len(rows(app)) == everything  # not on each key
        await pilot.pause(0.3)  # the box's pause after the last key
        await settle(pilot)
        assert len(rows(app)) == 1 and rows(app)[0].endswith("Cllr P. Brown")
        assert isinstance(app.screen.focused, FilterInput)  # still typing
