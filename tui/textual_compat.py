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
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.geometry import Region
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
    """Install both methods on ``Strip``, once per process (``MinutesApp.__init__`` calls it)."""
    global _applied
    if _applied:
        return
    _applied = True
    Strip.divide = divide  # type: ignore[method-assign]
    Strip.crop_extend = crop_extend  # type: ignore[method-assign]


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
