"""A virtual list drawn before its row count is known: first page at once, grows, then exact."""

from __future__ import annotations

from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.strip import Strip

from tui.settle import settle
from tui.widgets.virtual_list import VirtualList

PAGE = VirtualList.PAGE_SIZE


class RowsSource:
    """``rows`` numbered rows; ``count`` must not be called (the owner counts)."""

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self.reads: list[int] = []

    def count(self) -> int:
        raise AssertionError("the list must not count a source its owner counts")

    def fetch(self, offset: int, limit: int, total: int | None = None) -> list[str]:
        self.reads.append(offset)
        return [f"row {i}" for i in range(offset, min(offset + limit, self.rows))]


class NumberList(VirtualList[str]):
    def render_row(self, row: str, width: int) -> Text:
        return Text(row)


class ListApp(App[None]):
    def __init__(self, source: RowsSource) -> None:
        super().__init__()
        self.source = source
        self.counted: list[int] = []

    def compose(self) -> ComposeResult:
        yield NumberList(id="numbers")

    def on_mount(self) -> None:
        self.query_one(NumberList).load(self.source, count=False)

    def on_virtual_list_counted(self, message: VirtualList.Counted) -> None:
        self.counted.append(message.count)


async def test_shows_the_first_page_then_grows_then_takes_the_exact_count() -> None:
    source = RowsSource(2 * PAGE + 50)
    app = ListApp(source)
    async with app.run_test(size=(40, 10)) as pilot:
        await settle(pilot)
        numbers = app.query_one(NumberList)
        # Drawn from the first page: a lower bound, not yet a count.
        assert numbers.render_line(0).text.startswith("row 0")
        assert numbers.count == PAGE
        assert not numbers.count_is_exact
        assert app.counted == []
        # Going to the known end reads the next page and extends the list.
        numbers.focus()
        await pilot.press("G")
        await settle(pilot)
        assert numbers.count == 2 * PAGE
        assert numbers.cursor == PAGE - 1
        assert not numbers.count_is_exact
        # The owner's count arrives: the list takes it, cursor and rows unmoved.
        numbers.set_count(source, 2 * PAGE + 50)
        await settle(pilot)
        assert numbers.count_is_exact
        assert numbers.count == 2 * PAGE + 50
        assert numbers.virtual_size.height == 2 * PAGE + 50
        assert numbers.cursor == PAGE - 1
        assert app.counted == [2 * PAGE + 50]
        await pilot.press("G")
        await settle(pilot)
        assert numbers.highlighted_row == f"row {2 * PAGE + 49}"


async def test_a_short_first_page_is_the_count() -> None:
    source = RowsSource(7)
    app = ListApp(source)
    async with app.run_test(size=(40, 10)) as pilot:
        await settle(pilot)
        numbers = app.query_one(NumberList)
        assert numbers.count_is_exact
        assert numbers.count == 7
        assert app.counted == [7]
        assert source.reads == [0]


async def test_reaching_a_short_page_makes_the_count_exact() -> None:
    source = RowsSource(PAGE + 3)
    app = ListApp(source)
    async with app.run_test(size=(40, 10)) as pilot:
        await settle(pilot)
        numbers = app.query_one(NumberList)
        numbers.focus()
        await pilot.press("G")
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)
        assert numbers.count_is_exact
        assert numbers.count == PAGE + 3
        assert numbers.highlighted_row == f"row {PAGE + 2}"
        assert app.counted == [PAGE + 3]


async def test_a_count_for_another_source_is_ignored() -> None:
    source = RowsSource(3 * PAGE)
    app = ListApp(source)
    async with app.run_test(size=(40, 10)) as pilot:
        await settle(pilot)
        numbers = app.query_one(NumberList)
        numbers.set_count(RowsSource(5), 5)
        await settle(pilot)
        assert not numbers.count_is_exact
        assert numbers.count == PAGE


async def test_a_count_or_a_page_past_the_view_repaints_no_row_in_view() -> None:
    """The count that comes after a filter's frame, or the rest of the first page, lies below
    the rows on screen: the pane's rows are not drawn again (the scrollbar is)."""
    source = RowsSource(3 * PAGE)
    app = ListApp(source)
    async with app.run_test(size=(40, 10)) as pilot:
        await settle(pilot)
        numbers = app.query_one(NumberList)
        assert numbers.count == PAGE and not numbers.count_is_exact
        # The rows drawn anew (each frame's lines against the ones the last frame showed),
        # and the pane's asks to repaint it whole (what the terminal would be sent again).
        drawn: list[int] = []
        shown = dict(enumerate(numbers.render_lines(numbers.region.reset_offset)))
        render, refresh = NumberList.render_lines, NumberList.refresh

        def counting(self: NumberList, crop: Region) -> list[Strip]:
            strips = render(self, crop)
            for y, strip in zip(crop.line_range, strips, strict=True):
                if shown.get(y) is not strip:
                    drawn.append(y)
                    shown[y] = strip
            return strips

        def refreshing(self: NumberList, *regions: Region, **kwargs: Any) -> NumberList:
            if not regions and kwargs.get("repaint", True):
                drawn.append(-1)
            return refresh(self, *regions, **kwargs)

        NumberList.render_lines = counting  # type: ignore[method-assign]
        NumberList.refresh = refreshing  # type: ignore[method-assign]
        try:
            numbers._grow(2 * PAGE)  # a full page arrived past the known end
            numbers.set_count(source, 3 * PAGE)
            await settle(pilot)
            assert numbers.count == 3 * PAGE and numbers.count_is_exact
            assert drawn == []  # rows 0-9 stay as drawn
            # A count below the cursor moves the cursor to the last row, drawn as the cursor.
            numbers.cursor = 5
            await settle(pilot)
            numbers._exact = False
            numbers.set_count(source, 3)
            await settle(pilot)
            assert numbers.cursor == 2
            lines = [line.text.strip() for line in app.screen._compositor.render_strips()]
            assert lines[:4] == ["row 0", "row 1", "row 2", ""]
        finally:
            del NumberList.render_lines, NumberList.refresh


async def test_a_count_of_a_million_rows_marks_only_the_lines_in_view(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Textual marks each line of a refreshed region dirty, one by one: a refresh of the
    rows between the old end and a million was a set of a million numbers (16 MB of peak
    memory at 1M items)."""
    source = RowsSource(3 * PAGE)
    app = ListApp(source)
    async with app.run_test(size=(40, 10)) as pilot:
        await settle(pilot)
        numbers = app.query_one(NumberList)
        refreshed: list[tuple[int, int]] = []
        original = NumberList.refresh_lines

        def recording(self: NumberList, y_start: int, line_count: int = 1) -> None:
            refreshed.append((y_start, line_count))
            original(self, y_start, line_count)

        monkeypatch.setattr(NumberList, "refresh_lines", recording)
        numbers.set_count(source, 1_000_000)
        await settle(pilot)
        assert numbers.count == 1_000_000
        height = numbers.scrollable_content_region.height
        assert all(count <= height for _, count in refreshed)
