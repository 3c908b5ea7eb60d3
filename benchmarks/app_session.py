"""The app side of the benchmark: runs in its own process, headless, and prints one JSON line.

``python -m benchmarks.app_session first --db STORE --launched T`` measures the
time from process start to the first frame that shows meeting rows;
``bare`` does the same for a bare three-pane Textual app (the floor);
``session`` then drives the real app with Pilot (cursor, paging, jumps, the
reading view, filters) and reports each operation's latencies and the
process's peak RSS; ``tracker`` does the same for the action tracker (opening it,
its cursor, its orders, its filters, reading an action's item).

What "painted" means here, exactly: Textual renders a frame by calling each
dirty widget's ``render_line`` and hands the result to ``App._display`` (the
headless driver then skips only the terminal write). This module wraps
``VirtualList.render_line`` to note which row index each call drew and whether
it had data (not the loading placeholder), and wraps ``App._display`` to check,
at every frame, whether the frame the app just produced satisfies what an
operation waits for ("the meetings list drew row 0 with data", "the cursor row
drew row N with data from the new filter's source", "a ReadingScreen frame").
A latency is the time from just before the key is posted (``pilot.press``) to
that frame. ``launched`` is the parent's ``time.time()`` just before it
started this process, so start-up includes the interpreter and every import.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

SIZE = (160, 48)
TIMEOUT = 20.0


@dataclass
class LineRecord:
    seq: int
    at: float
    widget: str | None
    index: int
    cursor: int
    has_row: bool
    source: int


class FrameWatch:
    """Line records from the virtual lists and frame callbacks from ``App._display``."""

    def __init__(self) -> None:
        self.records: list[LineRecord] = []
        self.seq = 0
        self.waiters: list[tuple[Callable[[Any], bool], asyncio.Future[float]]] = []
        self.frames = 0

    def record(self, widget: Any, y: int) -> None:
        index = widget.scroll_offset.y + y
        has_row = index < widget.count and widget.row_at(index) is not None
        self.seq += 1
        self.records.append(
            LineRecord(
                self.seq,
                time.perf_counter(),
                widget.id,
                index,
                widget.cursor,
                has_row,
                id(widget.source),
            )
        )
        if len(self.records) > 20000:
            del self.records[:10000]

    def since(self, seq: int, widget: str) -> list[LineRecord]:
        return [r for r in self.records if r.seq > seq and r.widget == widget]

    def on_frame(self, screen: Any) -> None:
        self.frames += 1
        now = time.perf_counter()
        for cond, fut in list(self.waiters):
            if not fut.done() and cond(screen):
                fut.set_result(now)
        self.waiters = [(c, f) for c, f in self.waiters if not f.done()]

    def expect(self, cond: Callable[[Any], bool]) -> asyncio.Future[float]:
        fut: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiters.append((cond, fut))
        return fut

    def hook_app(self, app: Any) -> None:
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is not None:
                self.on_frame(screen)

        app._display = display


WATCH = FrameWatch()


def _hook_virtual_list() -> None:
    from tui.widgets.virtual_list import VirtualList

    original = VirtualList.render_line

    def render_line(self: Any, y: int) -> Any:
        strip = original(self, y)
        WATCH.record(self, y)
        return strip

    VirtualList.render_line = render_line  # type: ignore[method-assign]


class AppDied(RuntimeError):
    """The app stopped (crashed or exited) while a measurement waited on it."""


async def _frame(app: Any, fut: asyncio.Future[float], timeout: float = TIMEOUT) -> float | None:
    """The perf_counter time of the awaited frame, None on timeout; AppDied if the app stops.

    Polls rather than awaits so a crashed app is noticed at once; the time is
    taken by the frame hook, so the polling interval never adds to it.
    """
    deadline = time.perf_counter() + timeout
    while not fut.done():
        if getattr(app, "_exception", None) is not None or not app.is_running:
            raise AppDied(repr(getattr(app, "_exception", None)))
        if time.perf_counter() > deadline:
            return None
        await asyncio.sleep(0.002)
    return fut.result()


async def _wait(app: Any, fut: asyncio.Future[float], t0: float) -> float | None:
    at = await _frame(app, fut)
    return None if at is None else at - t0


async def _settle(app: Any, pilot: Any) -> None:
    from tui.settle import wait_for_workers  # the app's sessions only, not the bare app's

    await wait_for_workers(app)
    await pilot.pause()


async def _press_until(app: Any, pilot: Any, key: str, cond: Callable[[Any], bool]) -> float | None:
    """Seconds from pressing ``key`` to the first frame ``cond`` accepts (None: none came);
    the app is then let settle, so the next key starts from a quiet app."""
    fut = WATCH.expect(cond)
    t0 = time.perf_counter()
    await pilot.press(key)
    latency = await _wait(app, fut, t0)
    await _settle(app, pilot)
    return latency


def _stats(values: list[float | None]) -> dict[str, Any]:
    done = sorted(v for v in values if v is not None)
    out: dict[str, Any] = {"n": len(values), "timeouts": len(values) - len(done)}
    if done:
        out["p50"] = done[len(done) // 2]
        out["p95"] = done[min(len(done) - 1, round(0.95 * (len(done) - 1)))]
        out["max"] = done[-1]
    return out


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


# --- the bare floor ------------------------------------------------------------------------------


def bare_app() -> Any:
    """Header, three Line-API list panes with a few rows, footer: what any such app costs."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.containers import Horizontal
    from textual.geometry import Size
    from textual.scroll_view import ScrollView
    from textual.strip import Strip
    from textual.widgets import Footer, Static

    class Rows(ScrollView):
        def __init__(self, rows: list[str], **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.rows = rows

        def on_mount(self) -> None:
            self.virtual_size = Size(40, len(self.rows))

        # Keys scroll at once, as the app's lists move: a repaint's floor, not an animation.
        def action_scroll_down(self) -> None:
            self.scroll_down(animate=False)

        def action_scroll_up(self) -> None:
            self.scroll_up(animate=False)

        def action_page_down(self) -> None:
            self.scroll_page_down(animate=False)

        def action_page_up(self) -> None:
            self.scroll_page_up(animate=False)

        def show(self, rows: list[str]) -> None:
            self.rows = rows
            self.virtual_size = Size(40, len(rows))
            self.refresh()

        def render_line(self, y: int) -> Strip:
            from rich.segment import Segment

            index = self.scroll_offset.y + y
            text = self.rows[index] if index < len(self.rows) else ""
            if text:
                WATCH.seq += 1
                WATCH.records.append(
                    LineRecord(WATCH.seq, time.perf_counter(), self.id, index, 0, True, 0)
                )
            return Strip([Segment(text.ljust(self.size.width))])

    class Bare(App[None]):
        # n: new rows in all three panes, the floor of a filter's repaint
        # (``benchmarks.terminal`` presses it; the headless benchmark never does).
        BINDINGS: ClassVar = [Binding("n", "next_rows", "Next", show=False)]
        result = 0

        def compose(self) -> ComposeResult:
            yield Static("bare three-pane app")
            with Horizontal():
                yield Rows([f"meeting {i}" for i in range(60)], id="meetings")
                yield Rows([f"item {i}" for i in range(10)], id="agenda")
                yield Rows([f"resolution {i}" for i in range(5)], id="detail")
            yield Footer()

        def action_next_rows(self) -> None:
            self.result += 1
            for pane, noun, count in (
                ("meetings", "meeting", 60),
                ("agenda", "item", 10),
                ("detail", "resolution", 5),
            ):
                rows = [f"{noun} {i} of result {self.result}" for i in range(count)]
                self.query_one(f"#{pane}", Rows).show(rows)

    return Bare()


# --- the measurements ----------------------------------------------------------------------------


def _first_rows(screen: Any) -> bool:
    return any(r.has_row for r in WATCH.since(0, "meetings"))


async def first_screen(app_factory: Callable[[], Any], launched: float) -> dict[str, Any]:
    """Start the app and return when the first frame with meeting rows was produced."""
    app = app_factory()
    WATCH.hook_app(app)
    result: dict[str, Any] = {}
    async with app.run_test(size=SIZE) as pilot:
        fut = WATCH.expect(_first_rows)
        at = await _frame(app, fut, 120)
        result["first_screen_s"] = (
            None if at is None else time.time() - launched - (time.perf_counter() - at)
        )
        result["rss_mb"] = _rss_mb()
        result["frames"] = WATCH.frames
        del pilot
    return result


class GcPauses:
    """Every garbage collection in the process, timed with ``gc.callbacks``.

    A young collection that frees much cyclic garbage can take 50-300 ms on this VM; one
    inside an operation's frame is that operation's spike, so the session reports them.
    """

    def __init__(self) -> None:
        self.pauses: list[float] = []
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append(time.perf_counter() - self._started)

    def __enter__(self) -> GcPauses:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)

    def summary(self) -> dict[str, Any]:
        pauses = self.pauses
        return {
            "collections": len(pauses),
            "total_s": sum(pauses),
            "max_s": max(pauses, default=0.0),
            "over_10ms": sum(1 for p in pauses if p > 0.010),
        }


async def session(db: Path, launched: float, plan: dict[str, Any]) -> dict[str, Any]:
    """First screen, then every interactive operation of the plan, through Pilot."""
    from tui.app import make_app

    _hook_virtual_list()
    app = make_app(db, load_samples_if_empty=False)
    WATCH.hook_app(app)
    with GcPauses() as collections:
        out = await _session(app, launched, plan)
    out["gc"] = collections.summary()
    return out


async def _session(app: Any, launched: float, plan: dict[str, Any]) -> dict[str, Any]:
    from store.filters import parse_filter
    from tui.screens.reading import ReadingScreen
    from tui.widgets.status import FilterInput

    out: dict[str, Any] = {}
    reps = int(plan.get("reps", 20))
    async with app.run_test(size=SIZE) as pilot:
        fut = WATCH.expect(_first_rows)
        at = await _frame(app, fut, 300)
        if at is None:
            raise AppDied("no meeting rows painted within 300 s")
        out["first_screen_s"] = time.time() - launched - (time.perf_counter() - at)
        screen = app.screen
        meetings = screen.query_one("#meetings")
        agenda = screen.query_one("#agenda")

        async def settle() -> None:
            await _settle(app, pilot)

        # The first frame shows the first screenful; the count comes after it.
        deadline = time.perf_counter() + TIMEOUT
        while not meetings.count_is_exact and time.perf_counter() < deadline:
            await settle()
        out["meetings"] = meetings.count

        async def cursor_op(key: str, expected: Callable[[], int], widget: Any) -> float | None:
            target = expected()
            seq = WATCH.seq

            def cond(_screen: Any) -> bool:
                return any(
                    r.index == target and r.cursor == target and r.has_row
                    for r in WATCH.since(seq, widget.id)
                )

            return await _press_until(app, pilot, key, cond)

        await settle()
        meetings.focus()
        await settle()
        height = meetings.scrollable_content_region.height
        count = meetings.count
        ops: dict[str, list[float | None]] = {
            "cursor": [],
            "page": [],
            "jump_end": [],
            "jump_top": [],
            "reading_view": [],
        }
        for _ in range(reps):
            ops["cursor"].append(
                await cursor_op("down", lambda: min(meetings.cursor + 1, count - 1), meetings)
            )
        for _ in range(reps):
            step = max(1, height - 1)
            ops["page"].append(
                await cursor_op(
                    "pagedown", lambda s=step: min(meetings.cursor + s, count - 1), meetings
                )
            )
        for _ in range(max(3, reps // 2)):
            ops["jump_end"].append(await cursor_op("end", lambda: count - 1, meetings))
            ops["jump_top"].append(await cursor_op("home", lambda: 0, meetings))

        # The reading view: from an item in the agenda, Enter.
        agenda.focus()
        await settle()
        for k in range(max(3, reps // 2)):

            def reading(scr: Any) -> bool:
                return isinstance(scr, ReadingScreen)

            fut = WATCH.expect(reading)
            t0 = time.perf_counter()
            await pilot.press("enter")
            ops["reading_view"].append(await _wait(app, fut, t0))
            await settle()
            if isinstance(app.screen, ReadingScreen):
                await pilot.press("escape")
                await settle()
            if k % 2 == 0 and agenda.count > 1:
                await pilot.press("down")
                await settle()
        for name, values in ops.items():
            out[name] = _stats(values)

        # Filters: value set in the box without the debounce, then Enter; to the repaint of
        # the meetings list (rows of the new result, or its empty text) and of the agenda.
        meetings.focus()
        await settle()

        async def enter_filter(text: str) -> tuple[float | None, float | None]:
            """Put ``text`` in the filter box (drawn), press Enter: (meetings list, both lists)
            latencies, each to the frame that shows the new rows (or the empty text)."""
            screen.clear_filter()
            await settle()
            box = screen.query_one(FilterInput)
            screen.action_filter()
            await settle()
            with box.prevent(FilterInput.Changed):
                box.value = text
            await settle()  # the typed text is on screen before Enter, as for a person
            old_meetings, old_agenda = id(meetings.source), id(agenda.source)
            seq = WATCH.seq

            wanted = parse_filter(text)

            def meetings_done(
                _s: Any, seq: int = seq, old: int = old_meetings, want: Any = wanted
            ) -> bool:
                source = meetings.source
                if not meetings.loaded or id(source) == old:
                    return False
                if getattr(source, "flt", want) != want:
                    return False
                if meetings.count == 0:
                    return any(r.source != old for r in WATCH.since(seq, "meetings"))
                return any(r.has_row and r.source != old for r in WATCH.since(seq, "meetings"))

            def agenda_done(_s: Any, seq: int = seq, old: int = old_agenda) -> bool:
                if meetings.loaded and meetings.count == 0:
                    return meetings_done(_s)
                return any(r.source != old for r in WATCH.since(seq, "agenda"))

            f1, f2 = WATCH.expect(meetings_done), WATCH.expect(agenda_done)
            t0 = time.perf_counter()
            await pilot.press("enter")
            done = await _wait(app, f1, t0), await _wait(app, f2, t0)
            await settle()
            return done

        filters: dict[str, dict[str, Any]] = {}
        for category, queries in plan.get("filters", {}).items():
            lists: list[float | None] = []
            both: list[float | None] = []
            matched: list[int] = []
            for text in queries:
                latencies = await enter_filter(text)
                lists.append(latencies[0])
                both.append(latencies[1])
                matched.append(meetings.count)
            filters[category] = {
                "meetings_list": _stats(lists),
                "both_lists": _stats(both),
                "matches": matched,
                "queries": list(queries),
                "both_lists_each": both,  # per query, in order (None: timed out)
            }
        out["filters"] = filters

        # The end of a filtered list: a fresh filter each time (no page of it cached), its
        # count known (as G needs), then G: the last page is read on a worker.
        ended = plan.get("filtered_end")
        if ended:
            ends: list[float | None] = []
            for _ in range(max(3, reps // 2)):
                await enter_filter(ended)
                deadline = time.perf_counter() + TIMEOUT
                while not meetings.count_is_exact and time.perf_counter() < deadline:
                    await settle()
                ends.append(await cursor_op("end", lambda: meetings.count - 1, meetings))
            out["filtered_end"] = {**_stats(ends), "text": ended, "matches": meetings.count}

        # Typing, as a person does: keys one by one, the 150 ms debounce included.
        typed = plan.get("typed")
        if typed:
            # Keys one by one; the frame that counts is the first drawn from the source of
            # the whole word (a pause between keys may let the debounce fire for a prefix).
            want = parse_filter(typed)
            screen.clear_filter()
            await settle()
            await pilot.press("slash")
            await settle()
            await pilot.press(*typed[:-1])
            seq = WATCH.seq

            def typed_done(_s: Any) -> bool:
                source = meetings.source
                if getattr(source, "flt", None) != want or not meetings.loaded:
                    return False
                return any(
                    r.source == id(source) and (r.has_row or meetings.count == 0)
                    for r in WATCH.since(seq, "meetings")
                )

            fut = WATCH.expect(typed_done)
            t0 = time.perf_counter()
            await pilot.press(typed[-1])
            out["typed_filter_s"] = await _wait(app, fut, t0)
            await settle()
        out["rss_mb"] = _rss_mb()
    return out


async def tracker_session(db: Path, launched: float, plan: dict[str, Any]) -> dict[str, Any]:
    """The action tracker through Pilot: ``a`` to its first rows, the cursor, ``s`` through
    its orders, each filter of ``plan["filters"]`` (Enter to the list's rows of the new
    filter), Enter to an action's item; each operation's latencies, and the peak RSS."""
    from store.filters import parse_filter
    from tui.app import make_app
    from tui.screens.actions import ActionsScreen
    from tui.screens.reading import ReadingScreen
    from tui.widgets.status import FilterInput

    _hook_virtual_list()
    app = make_app(db, load_samples_if_empty=False)
    WATCH.hook_app(app)
    out: dict[str, Any] = {}
    reps = int(plan.get("reps", 20))
    async with app.run_test(size=SIZE) as pilot:
        fut = WATCH.expect(_first_rows)
        if await _frame(app, fut, 300) is None:
            raise AppDied("no meeting rows painted within 300 s")

        async def settle() -> None:
            await _settle(app, pilot)

        def rows_of_new_source(seq: int, old: int) -> Callable[[Any], bool]:
            def cond(_screen: Any) -> bool:
                return any(r.has_row and r.source != old for r in WATCH.since(seq, "all-actions"))

            return cond

        async def press(key: str, cond: Callable[[Any], bool]) -> float | None:
            return await _press_until(app, pilot, key, cond)

        await settle()
        ops: dict[str, list[float | None]] = {"open": [], "cursor": [], "sort": [], "read": []}
        for _ in range(max(3, reps // 2)):
            seq = WATCH.seq
            ops["open"].append(await press("a", rows_of_new_source(seq, -1)))
            if isinstance(app.screen, ActionsScreen):
                await pilot.press("escape")
                await settle()
        await pilot.press("a")
        await settle()
        screen = app.screen
        if not isinstance(screen, ActionsScreen):
            raise AppDied("the tracker did not open")
        actions = screen.query_one("#all-actions")
        out["actions"] = actions.count
        for _ in range(reps):
            target = min(actions.cursor + 1, actions.count - 1)
            seq = WATCH.seq

            def moved(_s: Any, seq: int = seq, target: int = target) -> bool:
                return any(
                    r.index == target and r.cursor == target and r.has_row
                    for r in WATCH.since(seq, "all-actions")
                )

            ops["cursor"].append(await press("down", moved))
        sorts: dict[str, float | None] = {}
        for _ in range(5):
            seq, old = WATCH.seq, id(actions.source)
            latency = await press("s", rows_of_new_source(seq, old))
            sorts[screen.sort] = latency
            ops["sort"].append(latency)
        out["sorts"] = sorts
        for _ in range(max(3, reps // 2)):
            ops["read"].append(await press("enter", lambda s: isinstance(s, ReadingScreen)))
            if isinstance(app.screen, ReadingScreen):
                await pilot.press("escape")
                await settle()
            await pilot.press("down")
            await settle()
        for name, values in ops.items():
            out[name] = _stats(values)

        filters: dict[str, Any] = {}
        box = screen.query_one(FilterInput)
        for category, texts in plan.get("filters", {}).items():
            latencies: list[float | None] = []
            matched: list[int] = []
            for text in texts:
                screen.apply_filter("")
                await settle()
                screen.action_filter()
                with box.prevent(FilterInput.Changed):
                    box.value = text
                await settle()
                want = parse_filter(text)
                seq, old = WATCH.seq, id(actions.source)

                def done(_s: Any, seq: int = seq, old: int = old, want: Any = want) -> bool:
                    source = actions.source
                    if id(source) == old or getattr(source, "flt", None) != want:
                        return False
                    if actions.loaded and actions.count == 0:
                        return any(r.source != old for r in WATCH.since(seq, "all-actions"))
                    return any(
                        r.has_row and r.source != old for r in WATCH.since(seq, "all-actions")
                    )

                latencies.append(await press("enter", done))
                matched.append(actions.count)
            filters[category] = {**_stats(latencies), "queries": texts, "matches": matched}
        out["filters"] = filters
        out["rss_mb"] = _rss_mb()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.app_session")
    parser.add_argument("mode", choices=("first", "bare", "session", "tracker"))
    parser.add_argument("--db", type=Path)
    parser.add_argument("--launched", type=float, required=True)
    parser.add_argument("--plan", default="{}", help="JSON: reps, filters {category: [text]}")
    args = parser.parse_args(argv)
    try:
        result = _run(args)
    except Exception as error:  # the app under test crashed: report it, do not hang the suite
        result = {"error": f"the app stopped: {type(error).__name__}: {error}"}
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: it is not part of any measurement


def _run(args: argparse.Namespace) -> dict[str, Any]:
    if args.mode == "bare":
        result = asyncio.run(first_screen(bare_app, args.launched))
    elif args.mode == "first":
        from tui.app import make_app

        _hook_virtual_list()
        result = asyncio.run(
            first_screen(lambda: make_app(args.db, load_samples_if_empty=False), args.launched)
        )
    elif args.mode == "tracker":
        result = asyncio.run(tracker_session(args.db, args.launched, json.loads(args.plan)))
    else:
        result = asyncio.run(session(args.db, args.launched, json.loads(args.plan)))
    return result


if __name__ == "__main__":
    raise SystemExit(main())
