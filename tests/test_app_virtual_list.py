"""The Line-API virtual list on a fake source of a million rows: only visible pages are read."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Sequence
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.strip import Strip

from tui.settle import settle
from tui.widgets.virtual_list import VirtualList

ROWS = 1_000_000


class CountingSource:
    """A million numbered rows; records every window read (from worker threads)."""

    def __init__(self, rows: int = ROWS, gate: threading.Event | None = None) -> None:
        self.rows = rows
        self.reads: list[tuple[int, int]] = []
        self.totals: list[int | None] = []  # the total each read was given
        self.counts = 0
        self.gate = gate
        self.threads: set[str] = set()

    def count(self) -> int:
        self.counts += 1
        return self.rows

    def fetch(self, offset: int, limit: int, total: int | None = None) -> Sequence[str]:
        self.threads.add(threading.current_thread().name)
        if self.gate is not None:
            self.gate.wait(5)
        self.reads.append((offset, limit))
        self.totals.append(total)
        return [f"row {i}" for i in range(offset, min(offset + limit, self.rows))]


class NumberList(VirtualList[str]):
    def render_row(self, row: str, width: int) -> Text:
        return Text(row)


class ListApp(App[None]):
    def __init__(self, source: CountingSource) -> None:
        super().__init__()
        self.source = source
        self.highlighted: list[tuple[int, str]] = []

    def compose(self) -> ComposeResult:
        yield NumberList(id="numbers")

    def on_mount(self) -> None:
        self.query_one(NumberList).load(self.source)

    def on_virtual_list_highlighted(self, message: VirtualList.Highlighted) -> None:
        self.highlighted.append((message.index, message.row))


@contextlib.asynccontextmanager
async def loaded_list() -> AsyncIterator[tuple[ListApp, Any, NumberList]]:
    """A 60x20 app showing a million rows, settled: (app, pilot, the list)."""
    app = ListApp(CountingSource())
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        yield app, pilot, app.query_one(NumberList)


async def test_a_million_rows_read_only_the_pages_near_the_viewport() -> None:
    source = CountingSource()
    app = ListApp(source)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        numbers = app.query_one(NumberList)
        assert numbers.count == ROWS
        assert numbers.virtual_size.height == ROWS
        assert numbers.render_line(0).text.startswith("row 0")
        # The first page came with the count; nothing else of the million was read.
        assert source.reads == [(0, VirtualList.PAGE_SIZE)]
        assert app.highlighted == [(0, "row 0")]
        assert "MainThread" not in source.threads

        await pilot.press("G")  # jump to the last row: one page read, not a scan
        await settle(pilot)
        last_page = (ROWS - 1) // VirtualList.PAGE_SIZE * VirtualList.PAGE_SIZE
        assert numbers.cursor == ROWS - 1
        assert (last_page, VirtualList.PAGE_SIZE) in source.reads
        assert len(source.reads) <= 3  # the last page and at most one neighbour
        # The count is known: each read is told it, so a source can read the end backwards.
        assert source.totals[0] is None
        assert set(source.totals[1:]) == {ROWS}
        assert app.highlighted[-1] == (ROWS - 1, f"row {ROWS - 1}")
        bottom = numbers.scrollable_content_region.height - 1
        assert numbers.render_line(bottom).text.startswith(f"row {ROWS - 1}")

        reads = len(source.reads)
        await pilot.press("up", "up", "k")  # cached rows: no query
        await settle(pilot)
        assert numbers.cursor == ROWS - 4
        assert len(source.reads) == reads
        assert source.counts == 1


async def test_placeholder_while_a_page_loads_then_the_row() -> None:
    gate = threading.Event()
    source = CountingSource(gate=gate)
    gate.set()  # let the count and first page through
    app = ListApp(source)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        numbers = app.query_one(NumberList)
        gate.clear()  # the next page read blocks until we say so
        numbers.move_to(500_000)
        await pilot.pause()
        row_y = numbers.cursor - numbers.scroll_offset.y
        assert numbers.render_line(row_y).text.strip() == VirtualList.PLACEHOLDER
        assert app.highlighted[-1][0] == 0  # not announced before its row is known
        gate.set()
        await settle(pilot)
        assert numbers.render_line(row_y).text.startswith("row 500000")
        assert app.highlighted[-1] == (500_000, "row 500000")


async def test_a_jump_holds_the_frames_until_its_page_arrives_then_draws_it() -> None:
    # G, or a jump far down: the screen is not redrawn with placeholders first; the rows
    # come in the frame after their page does (or placeholders after HOLD_FOR_ROWS_AT_MOST).
    gate = threading.Event()
    source = CountingSource(gate=gate)
    gate.set()
    app = ListApp(source)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        numbers = app.query_one(NumberList)
        numbers.HOLD_FOR_ROWS_AT_MOST = 30  # only the page can release it here
        assert app._batch_count == 0
        gate.clear()
        await pilot.press("G")
        assert app._batch_count == 1  # held while the last page is read
        await pilot.press("up")  # keys still move the cursor meanwhile
        assert numbers.cursor == ROWS - 2
        gate.set()
        await settle(pilot)
        assert app._batch_count == 0  # released by the page
        row_y = numbers.cursor - numbers.scroll_offset.y
        assert numbers.render_line(row_y).text.startswith(f"row {ROWS - 2}")

        reads = len(source.reads)
        await pilot.press("g")  # cached: nothing to wait for
        assert app._batch_count == 0
        await settle(pilot)
        assert len(source.reads) == reads

        # A page that does not come in time: the frames go on, with placeholders.
        numbers.HOLD_FOR_ROWS_AT_MOST = 0.05
        gate.clear()
        numbers.move_to(500_000)
        assert app._batch_count == 1
        await asyncio.sleep(0.15)
        await pilot.pause()
        assert app._batch_count == 0
        row_y = numbers.cursor - numbers.scroll_offset.y
        assert numbers.render_line(row_y).text.strip() == VirtualList.PLACEHOLDER
        gate.set()
        await settle(pilot)
        assert numbers.render_line(row_y).text.startswith("row 500000")
        assert app._batch_count == 0


async def test_reload_drops_pages_of_the_old_source() -> None:
    async with loaded_list() as (_app, pilot, numbers):
        smaller = CountingSource(rows=3)
        numbers.load(smaller, cursor=2)
        await settle(pilot)
        assert numbers.count == 3
        assert numbers.cursor == 2
        assert [numbers.render_line(y).text.strip() for y in range(4)] == [
            "row 0",
            "row 1",
            "row 2",
            "",
        ]
        numbers.load(CountingSource(rows=0))
        await settle(pilot)
        assert numbers.count == 0
        assert numbers.render_line(0).text.strip() == "Nothing here"


class FailingRest(CountingSource):
    """Fails the first read that does not start at row 0 (the rest of the first page)."""

    def __init__(self) -> None:
        super().__init__()
        self.failed = False

    def fetch(self, offset: int, limit: int, total: int | None = None) -> Sequence[str]:
        if offset and not self.failed:
            self.failed = True
            raise RuntimeError("disk I/O error")
        return super().fetch(offset, limit, total)


async def test_a_reload_reads_the_screens_rows_first_then_the_rest_of_the_page() -> None:
    async with loaded_list() as (_app, pilot, numbers):
        height = numbers.scrollable_content_region.height
        assert height == 20
        again = CountingSource()
        numbers.load(again)
        await settle(pilot)
        # The cursor row and a screen below it, then the rest of the page from there.
        first = height + 1
        assert again.reads[:2] == [(0, first), (first, VirtualList.PAGE_SIZE - first)]
        assert numbers.count == ROWS
        await pilot.press("pagedown", "pagedown")
        await settle(pilot)
        assert numbers.cursor == 2 * (height - 1)
        assert numbers.highlighted_row == f"row {2 * (height - 1)}"
        assert (0, VirtualList.PAGE_SIZE) not in again.reads  # page 0 was never read again


async def test_a_short_first_read_is_the_whole_list() -> None:
    async with loaded_list() as (_app, pilot, numbers):
        small = CountingSource(rows=5)
        numbers.load(small)
        await settle(pilot)
        assert small.reads == [(0, 21)]
        assert numbers.count == 5 and numbers.count_is_exact


async def test_the_rest_of_the_first_page_is_read_again_when_its_read_failed() -> None:
    async with loaded_list() as (_app, pilot, numbers):
        failing = FailingRest()
        numbers.load(failing)
        await settle(pilot)
        assert failing.failed  # the read of rows 21-99, after the first frame
        assert numbers.count == ROWS
        assert numbers.row_at(5) == "row 5"
        numbers.move_to(60)  # a row of the failed rest: it is read again
        await settle(pilot)
        assert failing.reads == [(0, 21), (21, VirtualList.PAGE_SIZE - 21)]
        assert numbers.highlighted_row == "row 60"


class DrawnLines(NumberList):
    """Records the rows drawn anew (y in the pane, its top border 0): a row whose line is not
    the one the previous frame showed there. Unchanged rows are handed back as they were."""

    DEFAULT_CSS = "DrawnLines { border: round white; height: 1fr; }"

    def __init__(self) -> None:
        super().__init__(id="drawn")
        self.drawn: list[int] = []
        self._shown: dict[int, Strip] = {}

    def render_lines(self, crop: Region) -> list[Strip]:
        strips = super().render_lines(crop)
        for y, strip in zip(crop.line_range, strips, strict=True):
            if self._shown.get(y) is not strip:
                self.drawn.append(y)
                self._shown[y] = strip
        return strips


class TitledApp(App[None]):
    def compose(self) -> ComposeResult:
        yield DrawnLines()


async def test_new_rows_and_a_new_title_redraw_only_the_lines_that_change() -> None:
    # A meeting's agenda replaced by a shorter one redraws the lines that showed rows, not
    # the blank ones below; its new title redraws the border line alone (Textual's own
    # virtual_size and border_title setters redrew every line of the pane).
    from tui.textual_compat import set_border_title

    app = TitledApp()
    async with app.run_test(size=(40, 30)) as pilot:
        await pilot.pause()
        pane = app.query_one(DrawnLines)
        height = pane.scrollable_content_region.height
        assert height == 28
        pane.show_rows([f"item {i}" for i in range(12)])
        await pilot.pause()
        pane.drawn.clear()
        pane.show_rows([f"other {i}" for i in range(9)])
        await pilot.pause()
        assert sorted(set(pane.drawn)) == list(range(1, 13))  # the rows of items 0-11
        assert pane.render_line(8).text.startswith("other 8")
        assert pane.render_line(10).text.strip() == ""

        pane.drawn.clear()
        set_border_title(pane, Text("Agenda · [not markup]"))
        await pilot.pause()
        assert pane.drawn == [0]  # the border line alone
        top = app.screen._compositor.render_strips()[0].text
        assert "Agenda · [not markup]" in top
        ours = pane.border_title
        pane.border_title = Text("Agenda · [not markup]")  # Textual's own setter: the same title
        assert pane.border_title == ours
        await pilot.pause()

        pane.drawn.clear()
        pane.show_rows([])  # the empty text on the first line, the rows' lines blanked
        await pilot.pause()
        assert sorted(set(pane.drawn)) == list(range(1, 10))


async def test_a_frame_reads_the_view_s_place_once_not_once_a_line(monkeypatch: Any) -> None:
    # Textual works the content region out from the widget's region, gutter and scrollbars
    # on every read; read per line it was a third of what a list line cost on top of its row.
    async with loaded_list() as (_app, _pilot, numbers):
        reads = 0
        region_of = type(numbers).scrollable_content_region

        def counted(widget: Any) -> Any:
            nonlocal reads
            reads += widget is numbers
            return region_of.fget(widget)  # type: ignore[attr-defined]

        monkeypatch.setattr(type(numbers), "scrollable_content_region", property(counted))
        numbers.clear_rendered()
        lines = numbers.render_lines(numbers.region.reset_offset)
        height = numbers.scrollable_content_region.height
        assert len(lines) == numbers.region.height and height >= 15
        assert [line.text.strip() for line in lines[:2]] == ["row 0", "row 1"]
        assert reads <= 3  # one for the frame (and Textual's own), not one for each line
