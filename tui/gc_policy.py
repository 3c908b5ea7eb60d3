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

Collected while the reader waits for a key (``collect_while_idle``): with the young
generation at ``YOUNG`` objects, the collections CPython starts came every dozen or so
filters and took 10-41 ms each (measured in a 160x48 pty at 1M items), inside whichever
key's frame had made the allocation that crossed the threshold. The app calls
``collect_while_idle`` ``IDLE_AFTER`` seconds after the last key or mouse event, while
a person reads what the key brought up: it collects what is due, generation by
generation, as CPython would at its thresholds, so a pause falls between keys instead of
inside one, and the automatic collections are a backstop for input that never pauses
(a held key, a benchmark's keys).
"""

from __future__ import annotations

import gc

YOUNG = 50_000  # objects allocated before a young collection (CPython's default: 700)
MIDDLE = 20  # young collections before a middle one (default 10)
OLD = 10  # middle collections before a full one is considered (default 10)

# The reader is idle this long after the last key or mouse event: a person reads what a
# key brought up, while typing or holding a key sends the next one well within it. Not
# shorter: collected 0.1 s after each key, the pause fell between a typed filter and its
# Enter, and each filter's drawn lines (alive until the next filter's replace them) were
# walked by a collection after every key instead of one in a dozen filters.
IDLE_AFTER = 0.5
# Fewer young objects than this are left for the next pause (a collection walks them all).
IDLE_YOUNG = 2_000

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


def collect_while_idle() -> int | None:
    """Collect the garbage due now that the reader waits for a key; the generation
    collected, or None when too little is young to be worth it (or before the first
    screen, while collection is paused).

    As CPython does at an allocation: the oldest generation whose count is past its
    threshold is collected with those younger than it. The young one is collected from
    ``IDLE_YOUNG`` objects on, not only from ``YOUNG``, so each pause is short.
    """
    if not _applied or not gc.isenabled():
        return None
    young, middle, old = gc.get_count()
    if young < IDLE_YOUNG:
        return None
    generation = 2 if old > OLD else 1 if middle > MIDDLE else 0
    gc.collect(generation)
    return generation
