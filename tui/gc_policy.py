"""Garbage collection set for an interactive reader, once the first screen is drawn.

Textual allocates tens of thousands of container objects per frame (strips,
their caches, segments, styles), so CPython's default thresholds (700, 10, 10)
run a young collection every fraction of a millisecond and, every few filters,
a full collection that walks every object the process holds, inside the frame
a person was waiting for (the pauses: README, Performance).

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


def tune_after_start() -> None:
    """Freeze what start-up built and widen the young generation (once per process)."""
    global _applied
    if _applied:
        return
    _applied = True
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG, MIDDLE, OLD)
