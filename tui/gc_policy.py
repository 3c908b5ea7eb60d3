"""Garbage collection set for an interactive reader: none until the first screen is drawn,
then collected, frozen and widened.

Textual allocates tens of thousands of container objects per frame (strips,
their caches, segments, styles), so CPython's default thresholds (700, 10, 10)
run a young collection every fraction of a millisecond and, every few filters,
a full collection that walks every object the process holds, inside the frame
a person was waiting for (the pauses: README, Performance).

From launch to the first screen (``pause_until_first_screen``, called by the CLI before it
imports the app): no collection at all. Importing Textual and building the widget tree
and the CSS create objects by the hundred thousand, and CPython's thresholds ran several
full collections through all of them before the first frame, each walking everything
built so far. The garbage start-up leaves is collected once, just after.

After the first screen:

- ``gc.collect()`` then ``gc.freeze()``: the objects alive after start-up
  (modules, classes, the CSS, the widget tree: about 70,000) move to the
  permanent generation, so no later collection walks them again. Garbage is
  collected first, so nothing unreachable is kept forever.
- A young generation of ``YOUNG`` objects instead of 700: most of a frame's
  objects are freed by reference counting before a collection sees them, so
  fewer survive into the older generations and full collections become rare.

Reference counting still frees everything that is not in a cycle at once;
only cyclic garbage waits longer (a young generation is a few megabytes).
This is process-wide state, set once per process.
"""

from __future__ import annotations

import gc

YOUNG = 50_000  # objects allocated before a young collection (CPython's default: 700)
MIDDLE = 20  # young collections before a middle one (default 10)
OLD = 10  # middle collections before a full one is considered (default 10)

_applied = False


def pause_until_first_screen() -> None:
    """No collections until ``tune_after_start`` (the launch of the reader, nothing else)."""
    if not _applied:
        gc.disable()


def tune_after_start() -> None:
    """Collect once, freeze what start-up built, widen the young generation and collect
    again from there (once per process)."""
    global _applied
    if _applied:
        return
    _applied = True
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG, MIDDLE, OLD)
    gc.enable()
