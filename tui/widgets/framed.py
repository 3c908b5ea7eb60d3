"""A bordered pane's content rows joined to their border and padding, not restyled line by line.

Textual draws every line of a widget through ``StylesCache.render_line``: the border's and
the padding's segments, the background, tint, opacity and hatch worked out again from the
widget's styles for each line, then the app's line filters. For a pane whose rows are
already drawn and cached (``VirtualList``, ``DetailPane``) that pass was nearly all a row
cost: 1.4-1.9 ms a pane of 45 rows at 160x48 (32-42 us a row), against 0.21-0.26 ms
joined here. A page down changes all three panes: its frame's compositor pass went from
12.2 to 7.8 ms (medians, in a pty at 1M items).

``FramedRows.render_lines`` draws a content row as the row's left edge (border and left
padding), the content line through the app's line filters, and its right edge. The edges are
cut from one row drawn by Textual itself (``textual_compat.render_row_afresh``) and kept
while nothing they depend on changes: the size, border, padding, background colours and
filters (``_frame_key``). The border rows, and every row of a widget with an outline, tint,
opacity, text opacity or hatch (or a link under the mouse), are Textual's own. A joined row
is kept until its content line is another strip. Where Textual asks a widget only for the
lines marked dirty, this asks for every content line of each frame that draws the pane (the
lists hand back the strips they keep): a pane drawn unchanged costs 0.11-0.14 ms against
Textual's 0.04-0.05. ``tests/test_framed.py`` checks every row against Textual's own
drawing.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from textual.color import Color
from textual.geometry import Region
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from tui.textual_compat import render_row_afresh


class _Frame:
    """The edges of a widget's content rows for one ``_frame_key``."""

    __slots__ = (
        "background",
        "bottom",
        "content_width",
        "inner",
        "key",
        "left",
        "right",
        "rows",
        "top",
    )

    def __init__(
        self,
        key: tuple[Any, ...],
        top: int,
        bottom: int,
        content_width: int,
        left: list[Segment],
        right: list[Segment],
        inner: Any,
        background: Color,
    ) -> None:
        self.key = key
        self.top = top  # the first content row
        self.bottom = bottom  # the first row after the content rows
        self.content_width = content_width
        self.left = left
        self.right = right
        self.inner = inner  # the rich style of the content's background
        self.background = background  # the widget's, as the line filters are given it
        # Row y -> (the content line it was drawn from, the row).
        self.rows: dict[int, tuple[Strip, Strip]] = {}


class FramedRows(Widget):
    """Mixin for a widget whose ``render_line`` gives its content rows: the rows are joined
    to their border and padding instead of going through Textual's per-line style pass."""

    _frame: _Frame | None = None

    def _frame_key(self) -> tuple[Any, ...] | None:
        """What the edges of a content row depend on, or None where Textual must draw
        every row (an effect applies to the whole line)."""
        styles = self.styles
        if (
            self.opacity != 1.0
            or styles.text_opacity != 1.0
            or styles.tint.a
            or any(edge for edge, _ in styles.outline)
            or (styles.has_rule("hatch") and styles.hatch != "none")
            or (self.auto_links and self.hover_style.link_id)  # Textual restyles the link
        ):
            return None
        return (
            self.region.size,
            self.content_region.size,
            styles.border,
            styles.padding,
            self.background_colors,
            tuple(map(id, self.app.get_line_filters())),
        )

    def _make_frame(self, key: tuple[Any, ...]) -> _Frame | None:
        # As Textual's drawing has them: the widget's outer size (the scrollbars are
        # widgets of their own) and the content's width within it.
        width, height = self.region.size
        gutter = self.styles.gutter
        top, bottom = gutter.top, height - gutter.bottom
        content_width = self.content_region.width
        right_width = width - gutter.left - content_width
        if bottom <= top or content_width <= 0 or right_width < 0:
            return None
        sample = render_row_afresh(self, top)
        if sample.cell_length != width:
            return None
        left = list(sample.crop(0, gutter.left)) if gutter.left else []
        right = list(sample.crop(width - right_width, width)) if right_width else []
        base, background = self.background_colors
        inner = Style(background=base + background).rich_style
        return _Frame(key, top, bottom, content_width, left, right, inner, background)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._frame = None

    def render_lines(self, crop: Region) -> list[Strip]:
        key = self._frame_key()
        if key is None:
            self._frame = None
            return super().render_lines(crop)
        frame = self._frame
        if frame is None or frame.key != key:
            frame = self._frame = self._make_frame(key)
            if frame is None:
                return super().render_lines(crop)
        width = self.region.width
        top, bottom, content_width = frame.top, frame.bottom, frame.content_width
        rows = frame.rows
        filters = self.app.get_line_filters()
        background = frame.background
        left, right = frame.left, frame.right
        render_line = self.render_line
        strips: list[Strip] = []
        add = strips.append
        x1, x2 = crop.column_span
        whole = crop.column_span == (0, width)
        for y in crop.line_range:
            if not top <= y < bottom:  # a border or padding row: Textual's own
                add(super().render_lines(Region(0, y, width, 1))[0])
                continue
            content = render_line(y - top)
            kept = rows.get(y)
            if kept is not None and kept[0] is content:
                add(kept[1])
                continue
            line = content
            if line.cell_length != content_width:
                line = line.adjust_cell_length(content_width, frame.inner)
            for line_filter in filters:
                line = line.apply_filter(line_filter, background)
            row = Strip([*left, *line, *right], width)
            rows[y] = (content, row)
            add(row)
        if not whole:
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips
