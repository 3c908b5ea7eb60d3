"""Every place minutes-tui reaches past Textual's public API, with the upstream behaviour
each works around. Textual's private names appear in this module and nowhere else.

Each override is pinned to the Textual version ``pyproject.toml`` names exactly, and
``tests/test_textual_compat.py`` has, for each, a test that fails when upstream's
behaviour changes (so the override can be dropped or mended), next to a test that the
override gives the same answers as Textual's own code.

1. ``Strip.divide`` and ``Strip.crop_extend`` (``apply``). Textual's compositor cuts every
   widget's lines each frame with them. When the cut changes nothing (a line already
   the width of its region, most lines), both return the strip itself after storing
   that answer in one of the strip's own caches (``strip._divide_cache[cuts] =
   [strip]``): the strip then refers to itself, so reference counting can never free
   it, its caches or its segments, and every drawn line became garbage that only the
   cyclic collector frees, in pauses that landed inside frames. Ours return the same
   strips without storing the self-reference. Process-wide, installed once by
   ``MinutesApp.__init__``. (Collector figures: README, Performance.)
2. ``install_vertical_scrollbar``: a widget's vertical scrollbar created as our class
   (``tui.widgets.scrollbar.StripScrollBar``). Textual's ``Widget.vertical_scrollbar``
   always creates a plain ``ScrollBar`` (private ``_vertical_scrollbar`` and
   ``App._start_widget``), whose ``render`` sends the bar through the whole renderable
   pipeline line by line on every repaint.
3. ``set_border_title``: the ``border_title`` descriptor refreshes the whole widget, so
   every line goes again through the border and style pass; a pane whose title names
   the current meeting changed it on every cursor move. Ours stores the title as the
   descriptor does (``_border_title``) and refreshes the top border line alone.
4. ``Screen.focused`` (``apply``): the screen's ``focused`` reactive repaints the whole
   screen whenever focus moves, though ``Screen.set_focus`` already restyles the widgets
   whose look depends on focus (``_update_focus_styles``). Applying a filter moves focus
   from the filter box to the meetings list: the whole screen was written again in a
   second frame that changed no cell. ``apply`` turns that repaint off (the reactive's
   ``_repaint``); the widgets that change with focus still redraw.
5. ``resize_rows``: a virtual list whose row count changes sets its ``virtual_size``,
   and Textual lays the whole screen out again to learn the scroll extent, a frame of
   every pane. While the count stays above (or below) what the list shows, only the
   scrollbar's extent changes: ours sets the size and updates the scrollbar as
   Textual's layout would (``Widget._scroll_update``), without a layout; when the
   scrollbar appears or goes, it says so before the layout, which Textual's layout only
   finds out during it and then lays out again (two frames).
6. ``send_refreshes``: a widget's refresh reaches its screen as a message once the
   widget's own queue is idle (``Widget._check_refresh``), and the screen draws whatever
   has reached it as soon as it is idle itself. A change spread over several widgets (a
   new meeting: the agenda, its title, the detail pane) reached the screen in pieces and
   was drawn as two or three frames. Called at the end of such a change, it sends each
   changed widget's refresh at once, so the screen has them all before it next draws.
7. ``draw_now``: a screen draws on its update timer (60 a second), and a timer that has
   ticked sleeps to its next tick before it looks again. A tick during a hold
   (``App.batch_update``: ``tui.frame_hold``) draws nothing, so when the hold was let go
   a few milliseconds later its frame waited for the next tick: up to 16.7 ms. Called
   once the hold is let go, it draws what is waiting (``Screen._on_timer_update``, the
   timer's own callback) at once.
8. ``repainted``: a widget asks for a repaint by setting a flag (``_repaint_required``)
   that its queue turns into a message to its screen once idle. A frame that lays the
   screen out draws every widget whole, but leaves the flags of those that asked during
   it (a pane's layout asks its scrollbar, ``Widget._scroll_update``) set; once idle,
   each sent its repaint, and the screen drew a second frame of bars exactly as the
   first had drawn them (4.8 KB after every filter at 160x48). Called by a widget that
   has just drawn itself whole, it marks the repaint done.
9. ``render_row_afresh``: one row of a widget as Textual draws it (border, padding,
   background, line filters), from a ``StylesCache`` of its own, so that no row the
   widget's cache kept is read in place of a fresh one. ``tui.widgets.framed`` cuts the
   edges of a pane's content rows from it once, instead of Textual working them out
   again for every line of every frame.
10. ``Strip.render`` (``apply``): Textual writes every styled segment as its full SGR set,
   its text and a reset (SGR 0), so a row of a date, a title and three counts on one
   background sent the background five times and four resets. Ours, within a strip, moves
   from one segment's look to the next by the colours that change when the two differ in
   nothing else (no link; the same bold, italic, dim...); otherwise, and at the strip's end,
   it resets as Textual does. Each strip stays self-contained (it starts from a full set
   and ends reset), so strips joined or written side by side read as before; the screen a
   terminal builds from either rendering is the same (``tests/test_textual_fixes.py``,
   through pyte).
11. ``Strip.__init__`` (``apply``): every strip Textual makes, a line of a widget or a
   piece of one, makes seven ``FIFOCache`` objects for the answers of its own methods
   (``crop``, ``apply_style``, ...), used or not: 4,900 of the 16,000 objects a filter's
   frame left for the collector at 160x48, and ~3 microseconds a strip. Ours makes none;
   a strip's cache is made the first time a method reads it (``Strip.__getattr__``, as
   Textual's ``Content`` makes its own divide cache), of the size upstream gives it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from rich.color import ColorSystem
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual._styles_cache import StylesCache
from textual.cache import FIFOCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.screen import Screen
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.widget import Widget

# --- 1. strips that do not refer to themselves -----------------------------------------------

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
    """Install both methods and the compact ``render`` (10, below) on ``Strip`` and stop
    focus moves repainting the whole screen (4, below), once per process
    (``MinutesApp.__init__`` calls it)."""
    global _applied
    if _applied:
        return
    _applied = True
    Strip.divide = divide  # type: ignore[method-assign]
    Strip.crop_extend = crop_extend  # type: ignore[method-assign]
    Strip.render = render_strip  # type: ignore[method-assign]
    STRIP_CACHES.update(upstream_strip_caches())
    Strip.__init__ = strip_init  # type: ignore[method-assign]
    Strip.__getattr__ = strip_cache  # type: ignore[attr-defined]
    _focused_reactive()._repaint = False


def _focused_reactive() -> Reactive[Widget | None]:
    """The ``Screen.focused`` reactive descriptor."""
    return vars(Screen)["focused"]


# --- 2. a scrollbar of our own class ----------------------------------------------------------

BarT = TypeVar("BarT", bound=ScrollBar)


def install_vertical_scrollbar(widget: Widget, make: Callable[[int], BarT]) -> ScrollBar:
    """``widget``'s vertical scrollbar, created by ``make(thickness)`` on first use.

    For a widget's ``vertical_scrollbar`` property: the same steps as Textual's
    ``Widget.vertical_scrollbar``, with our class in place of ``ScrollBar``.
    """
    bar = widget._vertical_scrollbar
    if bar is None:
        bar = make(widget.scrollbar_size_vertical)
        bar.display = False
        widget._vertical_scrollbar = bar
        widget.app._start_widget(widget, bar)
    return bar


# --- 3. a border title that redraws one line --------------------------------------------------


def set_border_title(widget: Widget, title: str | Text | None) -> None:
    """``widget.border_title = title``, redrawing only the widget's top line.

    A ``str`` is markup, as for ``border_title``: pass a ``Text`` for text from
    documents. Falls back to the plain assignment if Textual stores titles
    differently from the version this was written against.
    """
    if not hasattr(widget, "_border_title") or not widget.is_mounted:
        widget.border_title = title
        return
    if title is None:
        stored = None
    else:
        content = Content.from_rich_text(title) if isinstance(title, Text) else title
        stored = widget.render_str(content).expand_tabs(4).split()[0]
    if stored == widget._border_title:
        return
    widget._border_title = stored
    offset = widget.content_offset
    widget.refresh(Region(-offset.x, -offset.y, widget.outer_size.width, 1))


# --- 5. a list's row count changed, without a layout --------------------------------------------


def resize_rows(widget: Widget, size: Size) -> None:
    """Set a scrolling widget's ``virtual_size`` and its vertical scrollbar as Textual's
    layout would: without a layout while the scrollbar stays as it is (or before the
    widget is laid out), with one layout pass when it appears or goes.

    Textual's layout finds a scrollbar to show or hide only as it lays the widget out,
    and then asks for a second layout: two frames. The scrollbar is shown or hidden here,
    before the one layout, which then finds nothing left to change.
    """
    widget.set_reactive(Widget.virtual_size, size)
    if not widget.is_mounted or not widget.container_size:
        widget.refresh(layout=True, repaint=False)
        return
    overflow = widget.styles.overflow_y
    shows_bar = overflow == "scroll" or (
        overflow == "auto" and size.height > widget.container_size.height
    )
    if shows_bar == widget.show_vertical_scrollbar and not widget.show_horizontal_scrollbar:
        widget._scroll_update(size)
        return
    widget.show_vertical_scrollbar = shows_bar
    widget.vertical_scrollbar.display = shows_bar
    widget.refresh(layout=True, repaint=False)


# --- 6. refreshes sent to the screen at once -----------------------------------------------------


def send_refreshes(*widgets: Widget) -> None:
    """Send each widget's pending refresh (repaint, layout) to its screen now, as the
    widget would when next idle (``Widget._check_refresh``)."""
    for widget in widgets:
        if widget.is_mounted:
            widget._check_refresh()


# --- 7. a frame drawn when its hold is let go ----------------------------------------------------


def draw_now(screen: Screen) -> None:
    """Draw what waits to be drawn on ``screen`` now, as its update timer's next tick would,
    unless frames are held or another screen is shown."""
    if screen.is_current and not screen.app._batch_count:
        screen._on_timer_update()


# --- 8. a repaint done by a frame that drew the widget whole ----------------------------------


def repainted(widget: Widget) -> None:
    """``widget`` has just drawn every line it has, as it is now: a repaint it asked for
    before is done (its queue would otherwise send it when idle: a second frame)."""
    widget._repaint_required = False


# --- 9. one row drawn afresh ---------------------------------------------------------------


def render_row_afresh(widget: Widget, y: int) -> Strip:
    """Row ``y`` of ``widget`` (border and padding included) as Textual's own drawing gives
    it now, whatever the widget's cache holds."""
    return StylesCache().render_widget(widget, Region(0, y, widget.region.width, 1))[0]


# --- 10. a strip's escape sequences, one reset a run of looks -----------------------------------

upstream_render = Strip.render
_RESET = "\x1b[0m"
# (from, to, colour system) -> the SGR that moves from one look to the other, None: reset.
_shifts: dict[tuple[Style, Style, ColorSystem], str | None] = {}
_MAX_SHIFTS = 16384


def _shift(before: Style, after: Style, color_system: ColorSystem) -> str | None:
    """The SGR sequence that turns ``before``'s look into ``after``'s by the colours alone,
    or None when they differ in more (an attribute, a link), or when a reset and the full
    set of ``after`` are as short."""
    key = (before, after, color_system)
    shift = _shifts.get(key, _shifts)
    if shift is not _shifts:
        return shift  # type: ignore[return-value]
    shift = None
    if (
        not before._link
        and not after._link
        and before._attributes & before._set_attributes == after._attributes & after._set_attributes
    ):
        codes: list[str] = []
        if after._color != before._color:
            color = after._color
            codes.extend(
                ("39",) if color is None else color.downgrade(color_system).get_ansi_codes()
            )
        if after._bgcolor != before._bgcolor:
            bg = after._bgcolor
            codes.extend(
                ("49",) if bg is None else bg.downgrade(color_system).get_ansi_codes(False)
            )
        shift = f"\x1b[{';'.join(codes)}m" if codes else ""
        ansi = Strip.render_ansi(after, color_system)
        if len(shift) >= len(_RESET) + (len(ansi) + 3 if ansi else 0):
            shift = None  # a reset and the whole look say it in fewer bytes
    if len(_shifts) >= _MAX_SHIFTS:
        _shifts.clear()
    _shifts[key] = shift
    return shift


def render_strip(self: Strip, console: Console) -> str:
    """``Strip.render``, with segments of one look run together (see 10 above)."""
    rendered = self._render_cache
    if rendered is None:
        color_system = console._color_system or ColorSystem.TRUECOLOR
        rendered = self._render_cache = render_segments(self._segments, color_system)
    return rendered


def render_segments(segments: Iterable[Segment], color_system: ColorSystem) -> str:
    """Segments as terminal sequences: a full SGR set where a run of looks starts, the
    colours that change within it, a reset where it ends."""
    out: list[str] = []
    append = out.append
    render_ansi = Strip.render_ansi
    current: Style | None = None  # the look the terminal is in (None: reset)
    for text, style, _ in segments:
        if style is None:
            if current is not None:
                append(_RESET)
                current = None
            append(text)
            continue
        if current is not None:
            if style is current:
                append(text)
                continue
            shift = _shift(current, style, color_system)
            if shift is not None:
                append(shift)
                append(text)
                current = style
                continue
            append(_RESET)
            current = None
        if style._link:
            append(Strip.render_style(style, text, color_system))  # opens and closes its link
            continue
        ansi = style._ansi
        if ansi is None:
            ansi = render_ansi(style, color_system)
        if ansi:
            append(f"\x1b[{ansi}m")
            current = style
        append(text)
    if current is not None:
        append(_RESET)
    return "".join(out)


# --- 11. a strip's caches made when first used -------------------------------------------------

_strip_init = Strip.__init__
# Each cache slot of a strip and its size, as Textual's ``Strip.__init__`` makes them.
STRIP_CACHES: dict[str, int] = {}


def upstream_strip_caches() -> dict[str, int]:
    """The caches Textual's own ``Strip.__init__`` makes: slot name -> maximum size."""
    probe = Strip.__new__(Strip)
    _strip_init(probe, [])
    return {
        name: cache._maxsize
        for name in Strip.__slots__
        if isinstance(cache := getattr(probe, name, None), FIFOCache)
    }


def strip_init(self: Strip, segments: Iterable[Segment], cell_length: int | None = None) -> None:
    """``Strip.__init__`` without its caches: each is made by ``strip_cache`` when used."""
    self._segments = list(segments)
    self._cell_length = cell_length
    self._render_cache = None
    self._link_ids = None
    self._cell_count = None


def strip_cache(self: Strip, name: str) -> FIFOCache[object, object]:
    """``Strip.__getattr__``: a cache slot read before it was made (Python calls this only
    for an attribute not set); it is made now and kept in the slot."""
    size = STRIP_CACHES.get(name)
    if size is None:
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
    cache: FIFOCache[object, object] = FIFOCache(size)
    setattr(self, name, cache)
    return cache
