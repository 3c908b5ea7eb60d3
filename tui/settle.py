"""Waiting for a headless app to be idle: its workers done, their messages handled.

The tests, the screenshot writer and the benchmarks drive the app with Pilot and
must wait for the queries it runs on threads. Textual's
``app.workers.wait_for_complete()`` raises ``WorkerCancelled`` as soon as one of
the workers it waits on turns out to have been cancelled, and the app cancels
workers on purpose: an exclusive worker replaces the one before it, a new filter
interrupts the old one's counts. Waiting with it failed at random (seen in about
one run in thirty of ``benchmarks.filter_stages``); these wait the same way but
take a cancelled worker as finished. A worker that failed still raises.
"""

from __future__ import annotations

import asyncio

from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerState


async def wait_for_workers(app: App) -> None:
    """Wait until every worker of ``app`` running now has ended, cancelled or not."""
    running = [worker for worker in app.workers if worker.state is WorkerState.RUNNING]
    outcomes = await asyncio.gather(*(worker.wait() for worker in running), return_exceptions=True)
    for outcome in outcomes:
        if isinstance(outcome, BaseException) and not isinstance(outcome, WorkerCancelled):
            raise outcome


async def settle(pilot: Pilot, rounds: int = 4) -> None:
    """Wait for the workers and the messages they post, ``rounds`` deep.

    A worker's result is a message; handling it may start the next worker (the
    meetings list's first page starts the agenda's query), hence the rounds.
    """
    for _ in range(rounds):
        await wait_for_workers(pilot.app)
        await pilot.pause()
