"""Where a filter's time goes: each stage from Enter to the frame that shows both lists.

``python -m benchmarks.filter_stages --db STORE [--rounds N] QUERY ...`` runs the app
headless at 160x48 on STORE (by default the cached 1M-item store of ``--size full``),
applies each query as a person does (text in the box, drawn, then Enter) and prints
one line per query:

    enter     Enter to the screen's handler (Textual's key and message hops)
    start     the handler (parsing the filter, resetting the lists, starting the worker)
              to the first window's query starting on its thread
    query     the first window (and the first meeting's agenda) on that thread
    hand      the query's end to the frames being released (rows to the lists)
    wait      release to the frame starting (Textual's update timer)
    frame     the frame that draws both lists
    total     Enter to that frame, as ``python -m benchmarks.run`` measures it

and a line for every full garbage collection that ran in between. The stages are
taken by wrapping methods of the app (``MainScreen.apply_filter``,
``MeetingSource.fetch``, ``MainScreen._release_frames``, ``Screen._on_timer_update``
and ``App._display``); it is a profiling aid for issue 5, not a benchmark with targets.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SIZE = (160, 48)
STAGES = ("enter", "start", "query", "hand", "wait", "frame", "total")


class Recorder:
    """Time stamps of named events while a filter is being applied."""

    def __init__(self) -> None:
        self.on = False
        self.events: list[tuple[float, str]] = []

    def note(self, name: str) -> None:
        if self.on:
            self.events.append((time.perf_counter(), name))

    def first(self, name: str, after: float = 0.0) -> float | None:
        return next((t for t, n in self.events if n == name and t >= after), None)

    def wrap(self, owner: Any, method: str, before: str | None, after: str | None) -> None:
        original: Callable[..., Any] = getattr(owner, method)

        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if before:
                self.note(before)
            try:
                return original(*args, **kwargs)
            finally:
                if after:
                    self.note(after)

        setattr(owner, method, wrapped)


def stages(rec: Recorder, t0: float) -> dict[str, float] | None:
    """The stage durations (ms) of the filter applied at ``t0``, None if one is missing."""
    handler = rec.first("handler", t0)
    start = rec.first("query>", t0)
    end = rec.first("<query", t0)
    release = rec.first("release", t0)
    if None in (handler, start, end, release):
        return None
    assert handler and start and end and release
    frame = rec.first("frame>", release)
    shown = rec.first("display", release)
    if frame is None or shown is None:
        return None
    ms = {
        "enter": handler - t0,
        "start": start - handler,
        "query": end - start,
        "hand": release - end,
        "wait": frame - release,
        "frame": shown - frame,
        "total": shown - t0,
    }
    return {k: 1000 * v for k, v in ms.items()}


async def run(db: Path, queries: list[str], rounds: int) -> int:
    from textual.screen import Screen

    from tui import reader
    from tui.app import make_app
    from tui.screens.main import MainScreen
    from tui.settle import wait_for_workers
    from tui.widgets.status import FilterInput

    rec = Recorder()
    rec.wrap(MainScreen, "apply_filter", "handler", None)
    rec.wrap(reader.MeetingSource, "fetch", "query>", "<query")
    rec.wrap(MainScreen, "_release_frames", "release", None)
    rec.wrap(Screen, "_on_timer_update", "frame>", None)
    collecting: dict[str, float] = {}

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            collecting["t"] = time.perf_counter()
        elif "t" in collecting:
            rec.note(f"full collection {1000 * (time.perf_counter() - collecting['t']):.1f} ms")

    gc.callbacks.append(on_gc)
    app = make_app(db, load_samples_if_empty=False)
    original_display = app._display

    def display(screen: Any, update: Any) -> None:
        original_display(screen, update)
        if update is not None:
            rec.note("display")

    app._display = display  # type: ignore[method-assign]
    rows: list[dict[str, float]] = []
    async with app.run_test(size=SIZE) as pilot:

        async def settle(seconds: float) -> None:
            await wait_for_workers(app)
            await pilot.pause()
            await asyncio.sleep(seconds)

        await settle(2.0)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        print(f"{'query':28}" + "".join(f"{s:>8}" for s in STAGES))
        for _ in range(rounds):
            for text in queries:
                screen.clear_filter()
                await settle(0.3)
                screen.action_filter()
                await settle(0.1)
                box = screen.query_one(FilterInput)
                with box.prevent(FilterInput.Changed):
                    box.value = text
                await settle(0.05)
                rec.events.clear()
                rec.on = True
                t0 = time.perf_counter()
                await pilot.press("enter")
                await asyncio.sleep(0.3)
                rec.on = False
                found = stages(rec, t0)
                if found is None:
                    print(f"{text:28}  (a stage was not seen: the filter did not reload?)")
                    continue
                rows.append(found)
                print(f"{text:28}" + "".join(f"{found[s]:8.1f}" for s in STAGES))
                for at, name in rec.events:
                    if name.startswith("full collection"):
                        print(f"{'':28}  {name} at {1000 * (at - t0):.1f} ms")
    if rows:
        print(
            f"{'median':28}"
            + "".join(f"{statistics.median(r[s] for r in rows):8.1f}" for s in STAGES)
        )
        print(f"{'max':28}" + "".join(f"{max(r[s] for r in rows):8.1f}" for s in STAGES))
    return 0 if rows else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.filter_stages")
    parser.add_argument("queries", nargs="*", default=["masters", "tran", '"true record"'])
    parser.add_argument("--db", type=Path, help="the store (default: the cached 1M-item one)")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    db = args.db
    if db is None:
        from benchmarks.run import cached_store

        db, _ = cached_store(100_000, 1)
    return asyncio.run(run(db, args.queries, args.rounds))


if __name__ == "__main__":
    sys.exit(main())
