"""``tui.textual_fixes``: same answers as Textual's ``Strip`` methods, without the cycles.

And the virtual lists' ``LineCache``: an LRU whose cleared lines need no collector.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from hypothesis import given
from hypothesis import strategies as st
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui import textual_compat as textual_fixes
from tui.widgets.virtual_list import LineCache

STYLES = [Style(), Style(bold=True), Style(color="red"), Style(bgcolor="blue", italic=True)]

segments = st.lists(
    st.tuples(st.text("abc é漢", min_size=1, max_size=6), st.sampled_from(STYLES)),
    max_size=5,
)


def strip_of(parts: list[tuple[str, Style]]) -> Strip:
    return Strip([Segment(text, style) for text, style in parts])


def same(a: Strip, b: Strip) -> bool:
    return list(a) == list(b) and a.cell_length == b.cell_length


@given(parts=segments, cuts=st.lists(st.integers(0, 30), max_size=4), repeat=st.booleans())
def test_divide_gives_what_textual_gives(parts, cuts, repeat) -> None:
    cuts = [*sorted(cuts), strip_of(parts).cell_length]
    original = textual_fixes._divide(strip_of(parts), cuts)
    strip = strip_of(parts)
    fixed = textual_fixes.divide(strip, cuts)
    if repeat:  # the cached path
        fixed = textual_fixes.divide(strip, cuts)
    assert len(fixed) == len(original)
    assert all(same(a, b) for a, b in zip(fixed, original, strict=True))


@given(
    parts=segments,
    start=st.integers(-3, 30),
    end=st.integers(0, 30),
    style=st.sampled_from([None, *STYLES]),
    at_end=st.booleans(),
)
def test_crop_extend_gives_what_textual_gives(parts, start, end, style, at_end) -> None:
    if at_end:
        end = strip_of(parts).cell_length
    original = textual_fixes._crop_extend(strip_of(parts), start, end, style)
    fixed = textual_fixes.crop_extend(strip_of(parts), start, end, style)
    assert same(fixed, original)


@contextmanager
def collector_off() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def cyclic_garbage(work: Callable[[], None]) -> int:
    """Objects only the cyclic collector could free after ``work`` ran and dropped its strips."""
    with collector_off():
        work()
        return gc.collect()


def no_op_cuts(divide, crop_extend) -> Callable[[], None]:
    def work() -> None:
        for n in range(50):
            strip = Strip([Segment("x" * (n + 1), Style(bold=True))])
            divide(strip, [strip.cell_length])
            crop_extend(strip, 0, strip.cell_length, None)

    return work


def test_textuals_own_methods_leave_each_strip_in_a_cycle() -> None:
    """What the fix is for (if Textual stops doing this, the fix can go)."""
    assert cyclic_garbage(no_op_cuts(textual_fixes._divide, textual_fixes._crop_extend)) >= 50


def test_the_fixed_methods_leave_no_cycles() -> None:
    assert cyclic_garbage(no_op_cuts(textual_fixes.divide, textual_fixes.crop_extend)) == 0


def test_the_app_installs_the_fix(tmp_path) -> None:
    from tui.app import make_app

    make_app(tmp_path / "store.db", load_samples_if_empty=False)
    assert Strip.divide is textual_fixes.divide
    assert Strip.crop_extend is textual_fixes.crop_extend


def test_line_cache_drops_the_least_recently_used() -> None:
    cache = LineCache(3)
    strips = {k: Strip([Segment(str(k))]) for k in range(5)}
    for k in range(3):
        cache[(0, k, 80, False)] = strips[k]
    assert cache.get((0, 0, 80, False)) is strips[0]  # 0 is now the most recent
    cache[(0, 3, 80, False)] = strips[3]  # drops 1, the least recent
    assert cache.get((0, 1, 80, False)) is None
    assert [cache.get((0, k, 80, False)) for k in (0, 2, 3)] == [strips[0], strips[2], strips[3]]
    assert len(cache) == 3
    cache.clear()
    assert len(cache) == 0 and cache.get((0, 0, 80, False)) is None


def test_a_cleared_line_cache_leaves_no_cycles() -> None:
    def work() -> None:
        cache = LineCache(1024)
        for k in range(200):
            cache[(0, k, 80, False)] = Strip([Segment(f"row {k}")])
        for k in range(0, 200, 3):
            cache.get((0, k, 80, False))
        cache.clear()

    assert cyclic_garbage(work) == 0
