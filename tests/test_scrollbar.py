"""The lists' strip-drawn scrollbar draws exactly what Textual's ``ScrollBar`` draws."""

from __future__ import annotations

import pytest
from test_app_virtual_list import ROWS, CountingSource, ListApp, NumberList
from textual.geometry import Region
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from tui.settle import settle
from tui.widgets.scrollbar import StripScrollBar


def textual_lines(bar: StripScrollBar, crop: Region) -> list[Strip]:
    """What Textual's own ScrollBar draws in ``bar``'s place (its styles cache cleared)."""
    bar._styles_cache.clear()
    bar._dirty_regions.add(bar.size.region)  # render the renderable again
    return ScrollBar.render_lines(bar, crop)


def same(ours: list[Strip], theirs: list[Strip]) -> bool:
    return [list(strip) for strip in ours] == [list(strip) for strip in theirs]


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
async def test_the_bar_matches_textuals_at_every_position_and_state(
    no_color: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    app = ListApp(CountingSource())
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        numbers = app.query_one(NumberList)
        bar = numbers.vertical_scrollbar
        assert isinstance(bar, StripScrollBar)
        assert bar.display and bar.size.height == 20
        whole = Region(0, 0, bar.size.width, bar.size.height)
        for key in ("", "pagedown", "pagedown", "G", "g"):
            if key:
                await pilot.press(key)
                await settle(pilot)
            for state in ("idle", "mouse_over", "grabbed"):
                bar.mouse_over = state == "mouse_over"
                bar.grabbed = bar.offset if state == "grabbed" else None
                ours = bar.render_lines(whole)
                assert same(ours, textual_lines(bar, whole)), (key, state)
                part = Region(0, 3, 1, 5)
                assert same(bar.render_lines(part), textual_lines(bar, part)), (key, state)
            bar.mouse_over = False
            bar.grabbed = None
        assert numbers.cursor == 0 and numbers.count == ROWS


async def test_the_thumb_moves_with_the_list() -> None:
    app = ListApp(CountingSource())
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        bar = app.query_one(NumberList).vertical_scrollbar
        whole = Region(0, 0, 1, 20)

        def thumb_rows() -> list[int]:
            # The thumb is drawn reversed (or as an eighth-block glyph at its ends).
            return [
                y
                for y, strip in enumerate(bar.render_lines(whole))
                if any(seg.style and (seg.style.reverse or seg.text != " ") for seg in strip)
            ]

        assert thumb_rows() == [0]
        await pilot.press("G")
        await settle(pilot)
        assert thumb_rows() == [19]


async def test_a_click_below_the_thumb_pages_down() -> None:
    """The segments keep Textual's mouse meta: a click on the track scrolls a page."""
    app = ListApp(CountingSource())
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        numbers = app.query_one(NumberList)
        bar = numbers.vertical_scrollbar
        assert numbers.scroll_y == 0
        await pilot.click(offset=(bar.region.x, bar.region.y + 10))
        await settle(pilot)
        assert numbers.scroll_y == 20


async def test_rows_showing_the_same_cell_share_one_strip() -> None:
    """A bar is a few distinct cells repeated down its height: each is built (and filtered)
    once, and the rows that show it share it."""
    app = ListApp(CountingSource())
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        bar = app.query_one(NumberList).vertical_scrollbar
        assert isinstance(bar, StripScrollBar)
        lines = bar.render_lines(Region(0, 0, 1, bar.size.height))
        assert len(lines) == bar.size.height > 5
        assert len({id(strip) for strip in bar._strips}) <= 4  # track, thumb and its two ends


async def test_a_layout_draws_the_bar_in_its_frame_and_leaves_no_second_frame(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A layout of the screen (the filter box's text resizes it at every key; a filter
    hides the box) asks each pane's bar to repaint, changed or not; the layout's frame
    draws it, and no frame of the bars alone follows."""
    app = ListApp(CountingSource())
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        screen = app.screen
        frames: list[set[str]] = []
        original = type(screen)._compositor_refresh

        def counted(self) -> None:
            frames.append({type(w).__name__ for w in self._dirty_widgets})
            original(self)

        monkeypatch.setattr(type(screen), "_compositor_refresh", counted)
        numbers = app.query_one(NumberList)
        numbers.vertical_scrollbar.refresh()  # nothing about the bar changed: no frame
        await settle(pilot)
        assert frames == []
        # A layout that changes the bar (a shorter terminal): its frame draws the bar.
        await pilot.resize_terminal(60, 16)
        await settle(pilot)
        assert numbers.vertical_scrollbar.size.height == 16
        assert {"Screen"} in frames  # the layout's frame, the bar drawn in it
        assert {"StripScrollBar"} not in frames  # and not again in a frame of its own
