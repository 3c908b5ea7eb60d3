"""Two of Textual's ``Strip`` methods, changed so they stop making reference cycles.

Textual's compositor cuts every widget's lines each frame with ``Strip.divide`` and
``Strip.crop_extend``. When the cut changes nothing (a line already the width of its
region, which is most lines), both return the strip itself, and both first store that
answer in one of the strip's own caches: ``strip._divide_cache[cuts] = [strip]``. The
strip now refers to itself, so reference counting can never free it, nor its seven
caches, its segments list, or anything it holds. Every line drawn became garbage only
the cyclic collector could free (textual 8.2.8).

Measured in a 1M-item app session (``benchmarks.app_session``, 30 repetitions of each
operation and 30 filters, ``gc.callbacks``), two runs each, before and after these two
methods and the virtual lists' own ``LineCache``: the collector freed ~775,000 objects
before and ~155,000 after; its pauses, up to 270-310 ms before, landed inside filter and
page-down frames; after, none is over 90 ms; 1.7-1.9 s of collection in all before,
0.46-0.57 s after. The slowest of the 30 filters went from 136-153 ms to 70-83 ms.

Both methods return exactly what Textual's return (``tests/test_textual_fixes.py``
compares them on random strips); only the self-referring cache entry is not stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.style import Style
from textual.strip import Strip

_divide = Strip.divide
_crop_extend = Strip.crop_extend
_applied = False


def divide(self: Strip, cuts: Iterable[int]) -> Sequence[Strip]:
    """``Strip.divide``; a single cut at the end gives ``[self]`` without caching it."""
    cell_length = self.cell_length
    cuts = [cut for cut in cuts if cut <= cell_length]
    if cuts == [cell_length]:
        return [self]
    return _divide(self, cuts)


def crop_extend(self: Strip, start: int, end: int, style: Style | None) -> Strip:
    """``Strip.crop_extend``; a crop that changes nothing gives ``self`` without caching it."""
    if start <= 0 and end == self.cell_length:
        return self
    return _crop_extend(self, start, end, style)


def apply() -> None:
    """Install both methods on ``Strip``, once per process (``MinutesApp.__init__`` calls it)."""
    global _applied
    if _applied:
        return
    _applied = True
    Strip.divide = divide  # type: ignore[method-assign]
    Strip.crop_extend = crop_extend  # type: ignore[method-assign]
