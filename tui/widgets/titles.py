"""Pane titles that redraw only the border line they sit on.

Setting ``Widget.border_title`` refreshes the whole widget: every line goes again
through Textual's border and style pass (~0.06 ms a line at 160x48). The agenda's
title names the meeting, so it changes on every cursor move in the meetings list
and every filter, and its blank lines were redrawn each time for nothing.
``set_border_title`` stores the title the way the ``border_title`` descriptor does
and refreshes the top border line alone.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.geometry import Region
from textual.widget import Widget


def set_border_title(widget: Widget, title: str | Text | None) -> None:
    """``widget.border_title = title``, redrawing only the widget's top line.

    A ``str`` is markup, as for ``border_title``: pass a ``Text`` for text from
    documents. Falls back to the plain assignment if Textual stores titles
    differently from the version this was written against (8.x).
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
