"""The status line and the filter box at the bottom of the main screen."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.message import Message
from textual.widgets import Input, Static

from tui.bindings import bindings_for
from tui.safe_text import one_line


class StatusLine(Static):
    """One line: the active filter, how many meetings/items match, and a hint or an error."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "status-line--filter",
        "status-line--counts",
        "status-line--error",
        "status-line--hint",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.filter_text = ""
        self.counts = ""
        self.error = ""
        self.hint = ""

    def set_state(
        self,
        *,
        filter_text: str | None = None,
        counts: str | None = None,
        error: str | None = None,
        hint: str | None = None,
    ) -> None:
        """Change some parts; the others stay."""
        if filter_text is not None:
            self.filter_text = filter_text
        if counts is not None:
            self.counts = counts
        if error is not None:
            self.error = error
        if hint is not None:
            self.hint = hint
        # Height is fixed at one line (app.tcss): repaint it without a layout pass of
        # the whole screen, which the counts and hints changing on every key cost.
        self.update(self.build(), layout=False)

    def build(self) -> Text:
        style = self.get_component_rich_style
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        if self.error:
            line.append(" ⚠ " + one_line(self.error), style("status-line--error"))
        elif self.filter_text:
            line.append(" filter: ", style("status-line--hint"))
            line.append(one_line(self.filter_text), style("status-line--filter"))
        else:
            line.append(" all meetings", style("status-line--hint"))
        if self.counts:
            line.append("  ·  ", style("status-line--hint"))
            line.append(self.counts, style("status-line--counts"))
        if self.hint:
            line.append("  ·  " + one_line(self.hint), style("status-line--hint"))
        return line


class FilterInput(Input):
    """The filter box opened with ``/``; the screen applies what is typed (debounced)."""

    BINDINGS: ClassVar = bindings_for("filter")

    class Done(Message):
        """Enter: keep the filter and go back to the lists."""

    class Cancelled(Message):
        """Escape: clear the filter."""

    def action_done(self) -> None:
        self.post_message(self.Done())

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled())
