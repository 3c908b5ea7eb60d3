"""After its first screen the app freezes start-up objects and widens the young generation.

Run in a fresh interpreter: the policy is process-wide and applied once, so in the
test process another app may have applied it already.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tui import gc_policy

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import asyncio, gc, json, sys
from pathlib import Path
from tui.app import make_app

async def main():
    before = {"frozen": gc.get_freeze_count(), "threshold": list(gc.get_threshold())}
    app = make_app(Path(sys.argv[1]), load_samples_if_empty=False)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):
            await pilot.pause(0.02)
            if gc.get_freeze_count():
                break
        rows = app.screen.query_one("#meetings").count
    after = {"frozen": gc.get_freeze_count(), "threshold": list(gc.get_threshold())}
    print(json.dumps({"before": before, "after": after, "rows": rows}))

asyncio.run(main())
"""


def _last_json(script: str, store: Path) -> Any:
    """Run ``script`` in a fresh interpreter on ``store``: the JSON it printed last."""
    done = subprocess.run(
        [sys.executable, "-c", script, str(store)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_first_screen_is_followed_by_the_gc_policy(model_store_path: Path) -> None:
    result = _last_json(SCRIPT, model_store_path)
    assert result["rows"] > 0
    assert result["before"] == {"frozen": 0, "threshold": [700, 10, 10]}
    # Textual, the widget tree and the CSS: tens of thousands of objects no collection walks.
    assert result["after"]["frozen"] > 10_000
    assert result["after"]["threshold"] == [gc_policy.YOUNG, gc_policy.MIDDLE, gc_policy.OLD]


LAUNCH = """
import gc, json, sys
from pathlib import Path
import tui.app
from tui import cli, gc_policy

seen = {}

def fake_run(db_path, *, load_samples_if_empty=True, opening=None):
    seen["collecting_while_the_app_starts"] = gc.isenabled()
    gc_policy.tune_after_start()  # what the first screen does
    seen["collecting_after_the_first_screen"] = gc.isenabled()
    seen["first_rows"] = len(opening.first_rows(5.0))
    return 0

tui.app.run = fake_run
cli.main(["--db", sys.argv[1]])
print(json.dumps(seen))
"""


def test_the_reader_collects_no_garbage_until_its_first_screen(model_store_path: Path) -> None:
    seen = _last_json(LAUNCH, model_store_path)
    assert seen == {
        "collecting_while_the_app_starts": False,
        "collecting_after_the_first_screen": True,
        "first_rows": 5,  # the model store's meetings, read on their own thread from launch
    }


def _counts(monkeypatch: pytest.MonkeyPatch, count: tuple[int, int, int]) -> list[int]:
    """Collection as if ``count`` were the collector's counts: the generations collected."""
    collected: list[int] = []
    monkeypatch.setattr(gc_policy, "_applied", True)
    monkeypatch.setattr(gc_policy.gc, "isenabled", lambda: True)
    monkeypatch.setattr(gc_policy.gc, "get_count", lambda: count)
    monkeypatch.setattr(gc_policy.gc, "collect", lambda generation=2: collected.append(generation))
    return collected


@pytest.mark.parametrize(
    ("count", "generation"),
    [
        ((gc_policy.IDLE_YOUNG - 1, 0, 0), None),  # too little to be worth a pause
        ((gc_policy.IDLE_YOUNG, 0, 0), 0),
        ((gc_policy.IDLE_YOUNG, gc_policy.MIDDLE, 0), 0),  # CPython's test: past the threshold
        ((gc_policy.IDLE_YOUNG, gc_policy.MIDDLE + 1, 0), 1),
        ((gc_policy.IDLE_YOUNG, gc_policy.MIDDLE + 1, gc_policy.OLD + 1), 2),
        ((gc_policy.IDLE_YOUNG - 1, gc_policy.MIDDLE + 1, gc_policy.OLD + 1), None),
    ],
)
def test_an_idle_reader_collects_the_generations_due(
    monkeypatch: pytest.MonkeyPatch, count: tuple[int, int, int], generation: int | None
) -> None:
    collected = _counts(monkeypatch, count)
    assert gc_policy.collect_while_idle() == generation
    assert collected == ([] if generation is None else [generation])


def test_nothing_is_collected_while_idle_before_the_first_screen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    collected = _counts(monkeypatch, (gc_policy.YOUNG, 0, 0))
    monkeypatch.setattr(gc_policy, "_applied", False)  # launched: collection paused
    assert gc_policy.collect_while_idle() is None
    assert collected == []


async def test_garbage_is_collected_once_keys_pause_not_between_them(
    model_store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A collection walks every young object (10-41 ms in a session at 1M items): it runs
    once the keys stop for ``IDLE_AFTER``, never while they come faster than that."""
    from tui.app import make_app
    from tui.settle import settle

    idle: list[float] = []
    monkeypatch.setattr(gc_policy, "IDLE_AFTER", 0.3)
    monkeypatch.setattr(gc_policy, "collect_while_idle", lambda: idle.append(time.monotonic()))
    app = make_app(model_store_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.pause(0.5)
        idle.clear()
        started = time.monotonic()
        for _ in range(8):  # 0.8 s of keys, 0.1 s apart
            last_key = time.monotonic()
            await pilot.press("j")
            await pilot.pause(0.1)
        assert idle == []
        await pilot.pause(0.6)
        assert len(idle) == 1
        assert idle[0] - last_key >= 0.3 - 0.01  # from the last key, not the first
        assert idle[0] - started > 0.8
        await pilot.press("k")
        await pilot.pause(0.6)
        assert len(idle) == 2
