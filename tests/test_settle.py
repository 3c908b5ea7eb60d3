"""``tui.settle``: waiting for a headless app takes a cancelled worker as finished."""

from __future__ import annotations

import asyncio

import pytest
from textual.app import App
from textual.worker import WorkerCancelled, WorkerFailed

from tui.settle import settle, wait_for_workers


async def forever() -> None:
    await asyncio.sleep(3600)


async def test_a_cancelled_worker_is_waited_for_without_an_error() -> None:
    app: App[None] = App()
    async with app.run_test() as pilot:
        cancelled = app.run_worker(forever, group="page", exclusive=True)
        await pilot.pause()
        done = app.run_worker(asyncio.sleep(0.01), group="other")
        cancelled.cancel()
        # Textual's own wait fails here, which is why the helper exists.
        with pytest.raises(WorkerCancelled):
            await app.workers.wait_for_complete([cancelled])
        replaced = app.run_worker(forever, group="page", exclusive=True)
        newer = app.run_worker(asyncio.sleep(0.01), group="page", exclusive=True)
        await wait_for_workers(app)
        assert replaced.is_cancelled and replaced.is_finished
        assert done.is_finished and newer.is_finished
        await settle(pilot)


async def test_a_failed_worker_still_raises() -> None:
    async def fail() -> None:
        raise ValueError("boom")

    app: App[None] = App()
    async with app.run_test():
        app.run_worker(fail(), exit_on_error=False)
        with pytest.raises(WorkerFailed, match="boom"):
            await wait_for_workers(app)
