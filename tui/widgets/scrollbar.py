"""A vertical scrollbar drawn straight to strips, for the lists that repaint every filter.

Textual's ``ScrollBar`` renders a Rich renderable, which goes through the whole
content pipeline (a Visual, Rich's line splitter, the styles cache) one line at
a time, and the lists' bar repaints on every filter (the list's length changes)
and every page down or jump (the thumb moves). ``StripScrollBar`` asks the same
``ScrollBarRender.render_bar`` for the same segments (so the glyphs, colours and
the mouse meta that makes a click above or below the thumb page the list are
Textual's) and keeps the strips of the last bar drawn. What it saves per frame is
in the README's Performance section.

``ScrollBar`` has no border, padding or tint of its own to lose by skipping the
styles cache; the app's line filters (``NO_COLOR``, the ANSI theme) are applied
as the styles cache applies them.
"""

from __future__ import annotations

from math import ceil
from typing import NamedTuple, Self

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.geometry import Region
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.widget import Widget

from tui.textual_compat import install_vertical_scrollbar, repainted


class _Bar(NamedTuple):
    """Everything a bar's strips are drawn from."""

    width: int
    height: int
    virtual_size: int
    window_size: int
    position: float
    color: Color  # the thumb's
    background: Color  # the track's
    base: Style  # the widget's own style, under the bar's segments


class StripScrollBar(ScrollBar):
    """A ``ScrollBar`` whose vertical bar is built as strips and kept until it changes."""

    def __init__(
        self, vertical: bool = True, name: str | None = None, *, thickness: int = 1
    ) -> None:
        super().__init__(vertical, name, thickness=thickness)
        self._strips_key: _Bar | None = None
        self._strips: list[Strip] = []

    def _colors(self) -> tuple[Color, Color]:
        """The bar's (thumb, background) colours, as ``ScrollBar.render`` picks them."""
        assert self.parent is not None
        styles = self.parent.styles
        if self.grabbed:
            background, color = styles.scrollbar_background_active, styles.scrollbar_color_active
        elif self.mouse_over:
            background, color = styles.scrollbar_background_hover, styles.scrollbar_color_hover
        else:
            background, color = styles.scrollbar_background, styles.scrollbar_color
        if background.a < 1:
            base_background, _ = self.parent.background_colors
            background = base_background + background
        return background + color, background

    def _drawing(self) -> _Bar:
        """What the bar would be drawn from now."""
        width, height = self.size
        color, background = self._colors()
        virtual_size = ceil(self.window_virtual_size)
        window_size = ceil(self.window_size if self.window_size < self.window_virtual_size else 0)
        if not window_size:
            # Nothing to scroll: a bar kept for a steady width (``overflow-y: scroll``, the
            # detail pane) is an empty gutter in the pane's own colour, not a bare track.
            _, background = self.parent.background_colors  # type: ignore[union-attr]
            color = background
        # Textual draws the bar's segments over the widget's own style (``_Styled``).
        base = self.visual_style.rich_style
        return _Bar(
            width, height, virtual_size, window_size, self.position, color, background, base
        )

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        # Every layout of the pane asks its bar to repaint (``Widget._scroll_update``),
        # whether or not anything about the bar changed: after a filter's frame, and after
        # each key typed in the filter box (the box's text resizes it: a layout), that was
        # one more frame redrawing the bars as they were (4.8 KB at 160x48). A bar that
        # would draw what it last drew is left as it is.
        if (
            repaint
            and not (regions or layout or recompose)
            and self._strips_key is not None
            and self.parent is not None
            and self._drawing() == self._strips_key
        ):
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def render_lines(self, crop: Region) -> list[Strip]:
        # A screen whose scrollbar colour is transparent draws no thumb: Textual's path.
        if not self.vertical or self.screen.styles.scrollbar_color.a == 0:
            return super().render_lines(crop)
        key = self._drawing()
        width, height, base = key.width, key.height, key.base
        if key != self._strips_key:
            bar = self.renderer.render_bar(
                size=height,
                virtual_size=key.virtual_size,
                window_size=key.window_size,
                position=key.position,
                thickness=width,
                vertical=True,
                back_color=key.background.rich_color,
                bar_color=key.color.rich_color,
            )
            # A bar is a handful of distinct cells (track above, thumb, its ends, track
            # below) repeated down its height: one strip each, shared by every row that
            # shows it, so the styles are combined, and the app's filters applied (each
            # strip keeps what a filter made of it), once per cell, not once per row.
            made: dict[int, Strip] = {}
            strips = []
            for segment in bar.segments:
                strip = made.get(id(segment))
                if strip is None:
                    strip = Strip([Segment(segment.text, base + segment.style)], width)
                    made[id(segment)] = strip
                strips.append(strip)
            self._strips = strips
            self._strips_key = key
        if crop.y == 0 and crop.height >= height and crop.column_span == (0, width):
            repainted(self)  # drawn whole as it is now: a repaint asked for is done
        strips = self._strips[crop.y : crop.bottom]
        filters = self.get_line_filters()
        if filters:
            _, under = self.background_colors
            for line_filter in filters:
                strips = [strip.apply_filter(line_filter, under) for strip in strips]
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips


def strip_scrollbar(widget: Widget) -> ScrollBar:
    """``widget``'s vertical scrollbar, created as a ``StripScrollBar`` (for a widget's
    ``vertical_scrollbar`` property; see ``tui.textual_compat``)."""
    return install_vertical_scrollbar(
        widget,
        lambda thickness: StripScrollBar(vertical=True, name="vertical", thickness=thickness),
    )
