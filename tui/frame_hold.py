"""Frames held back until what a person waits for can be drawn in one go.

Applying a filter or opening a list changes several widgets in steps a few milliseconds
apart as the queries return; drawn as they come, each step is a frame of its own before
the rows a person is waiting for. ``FrameHold`` holds the app's frames (``App.batch_update``)
until its owner says they may go, for at most a time limit, so a slow query still shows
the screen change. The one hold of the main screen (a filter's lists), the tracker screen
(a filter or a new order) and each virtual list (a page the cursor lands on, or what the
list's owner draws for the highlighted row).
"""

from __future__ import annotations

import contextlib

from textual.timer import Timer
from textual.widget import Widget

from tui.textual_compat import draw_now


class FrameHold:
    """A hold on the app's frames, owned by one widget (its timer, its app).

    A hold may name what it waits for (``reason``: a page, a message); ``release(reason)``
    then lets the frames go only if the hold is still waiting for that.
    """

    def __init__(self, owner: Widget, limit: float = 0.12) -> None:
        self.owner = owner
        self.limit = limit
        self.reason: object = None  # what the hold waits for (None: its owner's word)
        self._held: contextlib.AbstractContextManager[None] | None = None
        self._timer: Timer | None = None

    @property
    def held(self) -> bool:
        return self._held is not None

    def hold(
        self, limit: float | None = None, reason: object = None, *, renew: bool = False
    ) -> None:
        """Hold the frames, for at most ``limit`` seconds (default: the hold's own limit).

        Already held: nothing changes, unless ``renew``: then ``reason`` replaces what the
        hold waited for and its time starts again (one hold at a time, the newer reason).
        """
        if not self.owner.is_attached or (self._held is not None and not renew):
            return
        if self._held is None:
            self._held = self.owner.app.batch_update()
            self._held.__enter__()
        self.reason = reason
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.owner.set_timer(self.limit if limit is None else limit, self.release)

    def release(self, reason: object = None) -> None:
        """Let the frames go (with ``reason``: only if the hold waits for it)."""
        if reason is not None and reason != self.reason:
            return
        held, self._held, self.reason = self._held, None, None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if held is not None:
            held.__exit__(None, None, None)
            # Drawn as soon as the screen has the refreshes sent before this, not at its
            # timer's next tick (``textual_compat.draw_now``).
            screen = self.owner.screen
            screen.call_later(draw_now, screen)
