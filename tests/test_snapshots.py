"""SVG snapshots of the reader's screens on the seed minutes, at 80x24 and 120x40.

The scenes (main, filtered, reading view, action list, help, a person's record, a
matter's timeline, what's new) are
``tui.screenshots.SCENES``, the same driver that writes the README pictures.
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

from tui.app import MinutesApp, make_app
from tui.screenshots import FROZEN_NOW, SCENES, Scene, drive, ingest_in_two_steps

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
SLOUGH = Path(__file__).parent / "fixtures" / "corpus" / "slough_ieIssueDetails_41815.txt"
SIZES = [(80, 24), (120, 40)]


@pytest.fixture(scope="module")
def seed_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("snapshots")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("store.ingest._now", lambda: FROZEN_NOW)
        # The seeds and Slough's issue page (one matter at two meetings: the timeline scene);
        # the issue pages come after the news was looked at (the news scene).
        pages = [*sorted(SEEDS.glob("*.txt")), SLOUGH]
        failed = ingest_in_two_steps(folder / "minutes.db", pages)
    assert not failed, failed
    return folder


@pytest.fixture
def seed_app(seed_folder: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], MinutesApp]:
    monkeypatch.chdir(seed_folder)
    return lambda: make_app(Path("minutes.db"), load_samples_if_empty=False)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.name)
def test_screen(snap_compare, seed_app, scene: Scene, size: tuple[int, int]) -> None:
    assert snap_compare(seed_app(), terminal_size=size, run_before=lambda p: drive(p, scene))


def test_main_screen_in_the_light_theme(snap_compare, seed_app) -> None:
    """Theme variables only: the light theme must read as well as the dark one."""
    app = seed_app()

    async def run(pilot) -> None:
        pilot.app.theme = "textual-light"
        await drive(pilot, SCENES[0])

    assert snap_compare(app, terminal_size=(120, 40), run_before=run)
