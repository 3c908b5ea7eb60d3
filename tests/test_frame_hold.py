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
