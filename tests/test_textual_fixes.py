"""``tui.textual_fixes``: same answers as Textual's ``Strip`` methods, without the cycles.

And the virtual lists' ``LineCache``: an LRU whose cleared lines need no collector.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.console import Console
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


# --- a strip's escape sequences, one reset a run of looks -------------------------------------

COLOURS = [None, "red", "#e0e0e0", "#1e1e1e", "color(208)", "default", "bright_blue"]
# Few attribute sets, so that neighbouring segments often share one and differ in colour
# alone (the runs the compact rendering writes without a reset).
ATTRIBUTES = [
    {},
    {"bold": True},
    {"bold": False, "reverse": False},
    {"italic": True, "underline": True},
    {"reverse": True},
    {"dim": True, "strike": True},
    {"link": "https://example.org/a"},
]
LOOKS = st.builds(
    lambda attributes, color, bgcolor: Style(color=color, bgcolor=bgcolor, **attributes),
    st.sampled_from(ATTRIBUTES),
    st.sampled_from(COLOURS),
    st.sampled_from(COLOURS),
)
runs = st.lists(
    st.tuples(st.text("ab é漢", min_size=0, max_size=5), st.one_of(st.none(), LOOKS)),
    max_size=8,
)


def screen_of(*rendered: str, width: int = 60) -> list[list[tuple[object, ...]]]:
    """What a terminal shows after ``rendered``, written one after another on one line: each
    cell's character and look (pyte, as the terminal benchmark reads the app)."""
    import pyte

    screen = pyte.Screen(width, 2)
    stream = pyte.Stream(screen)
    for text in rendered:
        stream.feed(text)
    line = screen.buffer[0]
    return [
        [
            (c.data, c.fg, c.bg, c.bold, c.italics, c.underscore, c.strikethrough, c.reverse)
            for c in (line[x] for x in range(width))
        ],
        [(screen.cursor.x, screen.cursor.y)],
    ]


@settings(max_examples=300)
@example(  # a colour, then none: the terminal's own (39), as after Textual's reset
    parts=[("ab", Style(color="red", bgcolor="blue")), ("cd", Style(bgcolor="blue"))],
    after=[("e", Style(bold=True))],
    system=textual_fixes.ColorSystem.TRUECOLOR,
)
@example(  # a background, then none (49)
    parts=[("ab", Style(color="red", bgcolor="blue")), ("cd", Style(color="red"))],
    after=[],
    system=textual_fixes.ColorSystem.EIGHT_BIT,
)
@given(parts=runs, after=runs, system=st.sampled_from(list(textual_fixes.ColorSystem)))
def test_a_compact_strip_shows_what_textual_s_shows(parts, after, system) -> None:
    # The strip, then another written straight after it: ours must leave the terminal as
    # Textual's does (reset), so the next strip reads the same.
    ours = [textual_fixes.render_segments(strip_of(p), system) for p in (parts, after)]
    theirs = [
        "".join(
            text if style is None else Strip.render_style(style, text, color_system=system)
            for text, style in p
        )
        for p in (parts, after)
    ]
    assert screen_of(*ours) == screen_of(*theirs)
    assert len(ours[0]) <= len(theirs[0])


def test_a_row_of_one_background_sends_it_once() -> None:
    bg = "#1e1e1e"
    row = strip_of(
        [
            ("2024-04-10 ", Style(color="#e0e0e0", bgcolor=bg)),
            ("Cabinet", Style(color="#e0e0e0", bgcolor=bg, bold=True)),
            ("  12", Style(color="#4ebf71", bgcolor=bg, bold=True)),
            ("   3", Style(color="#737373", bgcolor=bg, bold=True)),
        ]
    )
    rendered = textual_fixes.render_segments(row, textual_fixes.ColorSystem.TRUECOLOR)
    assert rendered == (
        "\x1b[38;2;224;224;224;48;2;30;30;30m2024-04-10 \x1b[0m"  # bold starts: a reset
        "\x1b[1;38;2;224;224;224;48;2;30;30;30mCabinet"
        "\x1b[38;2;78;191;113m  12"  # the colour alone
        "\x1b[38;2;115;115;115m   3\x1b[0m"
    )
    upstream = textual_fixes.upstream_render(row, Console(color_system="truecolor"))
    assert upstream.count("\x1b[0m") == 4 and len(rendered) < len(upstream)


def test_strips_render_compactly_once_applied() -> None:
    textual_fixes.apply()
    row = strip_of([("a", Style(color="red", bgcolor="blue")), ("b", Style(bgcolor="blue"))])
    assert row.render(Console(color_system="truecolor")) == "\x1b[31;44ma\x1b[39mb\x1b[0m"


# --- strips that make their caches when first used ------------------------------------------


def upstream_strip(parts: list[tuple[str, Style]]) -> Strip:
    """A strip made by Textual's own ``Strip.__init__``: its seven caches made at once."""
    strip = Strip.__new__(Strip)
    textual_fixes._strip_init(strip, [Segment(text, style) for text, style in parts])
    return strip


def every_answer(strip: Strip, start: int, end: int, style: Style) -> list[list[Segment]]:
    """What each of a strip's cached methods answers, each asked twice (the cached path)."""
    from textual.color import Color
    from textual.filter import DimFilter

    answers: list[Strip] = []
    for _ in range(2):
        answers += [
            strip.crop(start, end),
            strip.apply_style(style),
            strip.apply_filter(DimFilter(), Color(0, 0, 0)),
            strip.crop_extend(start, end, style),
            strip.adjust_cell_length(end, style),
            strip.apply_offsets(start, end),
            *strip.divide([start, end, strip.cell_length]),
        ]
    return [[*answer] for answer in answers]


@given(
    parts=segments,
    start=st.integers(0, 30),
    end=st.integers(0, 30),
    style=st.sampled_from(STYLES),
)
def test_a_strip_whose_caches_are_made_when_used_answers_as_textual_s(
    parts, start, end, style
) -> None:
    textual_fixes.apply()
    start, end = sorted((start, end))
    strip = strip_of(parts)
    assert every_answer(strip, start, end, style) == every_answer(
        upstream_strip(parts), start, end, style
    )
    # Each cache made was made once, of upstream's size.
    for name, size in textual_fixes.STRIP_CACHES.items():
        if _made(strip, name):
            cache = object.__getattribute__(strip, name)
            assert cache is getattr(strip, name) and cache._maxsize == size


def test_a_new_strip_makes_no_cache_until_one_is_used() -> None:
    textual_fixes.apply()
    strip = Strip([Segment("minutes", Style(bold=True))])
    for name in textual_fixes.STRIP_CACHES:
        with pytest.raises(AttributeError):
            object.__getattribute__(strip, name)
    strip.crop(0, 3)
    assert [name for name in textual_fixes.STRIP_CACHES if _made(strip, name)] == ["_crop_cache"]
    every_answer(strip, 1, 4, Style(italic=True))
    assert all(_made(strip, name) for name in textual_fixes.STRIP_CACHES)
    assert not hasattr(strip, "_no_such_cache")  # other missing names are still missing
    with pytest.raises(AttributeError, match="'Strip' object has no attribute 'colour'"):
        strip.colour  # noqa: B018


def _made(strip: Strip, name: str) -> bool:
    try:
        object.__getattribute__(strip, name)
    except AttributeError:
        return False
    return True


def test_a_strip_leaves_two_objects_for_the_collector_not_nine() -> None:
    """A strip and its list of segments; upstream's seven caches were seven more."""
    textual_fixes.apply()
    segments = [Segment("row", Style(bold=True))]
    gc.collect()
    before = len(gc.get_objects(0))
    with collector_off():
        strips = [Strip(segments, 3) for _ in range(1_000)]
        made = len(gc.get_objects(0)) - before
        upstream = [upstream_strip([("row", Style(bold=True))]) for _ in range(1_000)]
        made_upstream = len(gc.get_objects(0)) - before - made
    assert len(strips) == len(upstream)
    assert 2_000 <= made < 2_100
    assert made_upstream >= 9_000
