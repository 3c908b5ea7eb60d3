"""SVG snapshots of the reader's screens on the seed minutes, at 80x24 and 120x40.

The store is built from tests/fixtures/seeds through the real ingest, with the
ingest clock frozen (the reading view lists when each source was ingested) and
opened by a relative path from its own folder (the header shows the path), so
every run draws the same pixels. Update with ``pytest tests/test_snapshots.py
--snapshot-update`` after a deliberate change, and look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tui.app import MinutesApp, make_app

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
FROZEN_NOW = "2024-01-01T09:00:00+00:00"
SIZES = [(80, 24), (120, 40)]


@pytest.fixture(scope="module")
def seed_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from store.db import open_store
    from store.ingest import ingest_paths

    folder = tmp_path_factory.mktemp("snapshots")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("store.ingest._now", lambda: FROZEN_NOW)
        db = open_store(folder / "minutes.db")
        try:
            report = ingest_paths(db, sorted(SEEDS.glob("*.txt")))
        finally:
            db.close()
    assert not report.failed, report.summary()
    return folder


@pytest.fixture
def seed_app(seed_folder: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], MinutesApp]:
    monkeypatch.chdir(seed_folder)
    return lambda: make_app(Path("minutes.db"), load_samples_if_empty=False)


async def settle(pilot: Pilot) -> None:
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def keys(*presses: str, typed: str | None = None) -> Callable[[Pilot], object]:
    """A run_before: optionally ``/`` + a filter + Enter, then key groups, settling after each.

    The filter text is put into the box in one go (the same Changed message a
    key sends) because pressing it letter by letter only makes the test slow.
    """

    async def run(pilot: Pilot) -> None:
        await settle(pilot)
        if typed is not None:
            await pilot.press("slash")
            pilot.app.screen.query_one("#filter").value = typed
            await pilot.press("enter")
            await settle(pilot)
        for group in presses:
            await pilot.press(*group.split(","))
            await settle(pilot)

    return run


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen(snap_compare, seed_app, size) -> None:
    assert snap_compare(seed_app(), terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_filtered(snap_compare, seed_app, size) -> None:
    run = keys("tab", typed="safeguarding")
    assert snap_compare(seed_app(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_reading_view(snap_compare, seed_app, size) -> None:
    # Item 23 of the Children's Partnership Board: three resolutions, one action; the filter's
    # word marked, the first match current.
    run = keys("tab", "enter", "n", typed="practitioners")
    assert snap_compare(seed_app(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_action_list(snap_compare, seed_app, size) -> None:
    assert snap_compare(seed_app(), terminal_size=size, run_before=keys("a"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare, seed_app, size) -> None:
    assert snap_compare(seed_app(), terminal_size=size, run_before=keys("question_mark"))
