"""Frames held back until what a person waits for can be drawn in one go.

Applying a filter or opening a list changes several widgets in steps a few milliseconds
apart as the queries return; drawn as they come, each step is a frame of its own before
the rows a person is waiting for. ``FrameHold`` holds the app's frames (``App.batch_update``)
until the owner says the rows are in, for at most ``limit`` seconds, so a slow query still
shows the screen change. (The main screen does the same for its two lists.)
"""

from __future__ import annotations

import contextlib

from textual.timer import Timer
from textual.widget import Widget


class FrameHold:
    """A hold on the app's frames, owned by one widget (its timer, its app)."""

    def __init__(self, owner: Widget, limit: float = 0.12) -> None:
        self.owner = owner
        self.limit = limit
        self._held: contextlib.AbstractContextManager[None] | None = None
        self._timer: Timer | None = None

    def hold(self) -> None:
        if self._held is not None or not self.owner.is_attached:
            return
        self._held = self.owner.app.batch_update()
        self._held.__enter__()
        self._timer = self.owner.set_timer(self.limit, self.release)

    def release(self) -> None:
        held, self._held = self._held, None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if held is not None:
            held.__exit__(None, None, None)
