"""``FrameHold``, the one hold on the app's frames that the main screen, the tracker screen
and every virtual list use: held until released or for at most its limit, and a hold that
waits for one thing (a page, an owner's drawing) is not released by word of another."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.widgets import Static

from tui.frame_hold import FrameHold


class Holder(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("rows")


async def test_a_hold_batches_the_apps_frames_until_released() -> None:
    app = Holder()
    async with app.run_test() as pilot:
        frames = FrameHold(app.query_one(Static), limit=30)
        frames.hold()
        frames.hold()  # held already: still one batch
        assert frames.held and app._batch_count == 1
        frames.release()
        assert not frames.held and app._batch_count == 0
        frames.release()  # released twice: nothing left to let go
        assert app._batch_count == 0
        await pilot.pause()


async def test_a_hold_goes_by_itself_after_its_limit() -> None:
    app = Holder()
    async with app.run_test():
        frames = FrameHold(app.query_one(Static), limit=0.05)
        frames.hold()
        assert frames.held
        await asyncio.sleep(0.2)
        assert not frames.held and app._batch_count == 0


async def test_a_hold_for_a_reason_is_released_for_that_reason_alone() -> None:
    app = Holder()
    async with app.run_test():
        frames = FrameHold(app.query_one(Static), limit=30)
        frames.hold(reason=("page", 1))
        frames.release(("page", 2))  # another page came in: still waiting
        assert frames.held
        frames.hold(reason=("page", 3))  # not renewed: still waits for page 1
        assert frames.reason == ("page", 1)
        frames.hold(0.05, ("page", 3), renew=True)  # a newer reason replaces the older
        assert frames.reason == ("page", 3) and app._batch_count == 1
        frames.release(("page", 1))
        assert frames.held
        frames.release(("page", 3))
        assert not frames.held and app._batch_count == 0


async def test_a_released_hold_is_drawn_at_once_not_at_the_next_timer_tick(monkeypatch) -> None:
    """A tick of the screen's update timer during a hold draws nothing, and the timer then
    sleeps to its next tick: the held frame is drawn as the hold is let go instead."""
    import tui.frame_hold as frame_hold

    app = Holder()
    calls: list[int] = []
    async with app.run_test() as pilot:
        static = app.query_one(Static)
        screen = app.screen
        refreshes: list[bool] = []
        original_refresh = type(screen)._compositor_refresh
        monkeypatch.setattr(
            type(screen),
            "_compositor_refresh",
            lambda self: (refreshes.append(True), original_refresh(self))[1],
        )

        original_draw_now = frame_hold.draw_now

        def draw_now(target) -> None:
            before = len(refreshes)
            original_draw_now(target)
            calls.append(len(refreshes) - before)

        monkeypatch.setattr(frame_hold, "draw_now", draw_now)
        frames = FrameHold(static, limit=30)
        frames.hold()
        static.update("held")
        await pilot.pause(0.05)  # the timer ticks meanwhile: nothing is drawn
        assert refreshes == []
        frames.release()
        await pilot.pause()
        assert len(calls) == 1 and calls[0] >= 1  # drawn as the hold was let go
