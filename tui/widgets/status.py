"""The status line and the filter box at the bottom of the main screen."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.message import Message
from textual.timer import Timer
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

    def on_mount(self) -> None:
        # The line is drawn with the theme's colours baked in: a new theme draws it again.
        self.app.theme_changed_signal.subscribe(
            self, lambda _theme: self.update(self.build(), layout=False)
        )

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


class FilterHistory:
    """Filters used before, newest last, and a place in them while stepping with up/down.

    A filter is remembered when it is kept (Enter) and when it is cleared (Esc), so a filter
    dropped by mistake is one key away.
    """

    LIMIT: ClassVar[int] = 100

    def __init__(self, entries: list[str] | None = None) -> None:
        self.entries: list[str] = list(entries or [])[-self.LIMIT :]
        self._at: int | None = None  # index being shown; None: the text being typed
        self._typed = ""

    def remember(self, text: str) -> None:
        text = text.strip()
        self._at = None
        if not text:
            return
        if text in self.entries:
            self.entries.remove(text)
        self.entries.append(text)
        del self.entries[: -self.LIMIT]

    def older(self, current: str) -> str | None:
        """The filter before the one shown (the newest first), or None at the oldest."""
        if not self.entries:
            return None
        if self._at is None:
            self._typed, self._at = current, len(self.entries)
        if self._at == 0:
            return None
        self._at -= 1
        return self.entries[self._at]

    def newer(self) -> str | None:
        """The filter after the one shown; past the newest, the text that was being typed."""
        if self._at is None:
            return None
        self._at += 1
        if self._at >= len(self.entries):
            self._at = None
            return self._typed
        return self.entries[self._at]


class FilterInput(Input):
    """The filter box opened with ``/``. What is typed settles ``DEBOUNCE`` seconds after the
    last key (``Settled``), so a screen searches once per pause, not once per key."""

    BINDINGS: ClassVar = bindings_for("filter")
    DEBOUNCE = 0.15  # seconds after the last key before the typed filter applies

    class Done(Message):
        """Enter: keep the filter and go back to the lists."""

    class Cancelled(Message):
        """Escape: clear the filter."""

    class Settled(Message):
        """The text has stayed as it is for ``DEBOUNCE`` seconds: apply it."""

        def __init__(self, box: FilterInput, value: str) -> None:
            super().__init__()
            self.box = box
            self.value = value

        @property
        def control(self) -> FilterInput:
            """The box (so ``@on(FilterInput.Settled, "#id")`` can pick one)."""
            return self.box

    def __init__(
        self, *, id: str | None = None, compact: bool = False, placeholder: str = ""
    ) -> None:
        super().__init__(id=id, compact=compact, placeholder=placeholder)
        self.history = FilterHistory()
        self._settling: Timer | None = None
        self._restyle_when_shown = False

    def watch_has_focus(self, has_focus: bool) -> None:
        """Restyle for the focus change, unless the box is hidden as it loses focus.

        Enter and Escape hide the box, then move the focus to the list: the box's restyle
        (an Input's component classes matched again) was 0.7-5.6 ms of a filter's frame,
        for a box no one sees. Done when it is shown again (``/`` focuses it as well)."""
        if not has_focus and not self.display:
            self._restyle_when_shown = True
            return
        self._restyle_when_shown = False
        super().watch_has_focus(has_focus)

    def on_show(self) -> None:
        # Shown to be typed in (``/``), the box is restyled as it gains focus.
        if self._restyle_when_shown and self.screen.focused is not self:
            self._restyle_when_shown = False
            self.update_node_styles()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Each change restarts the wait; the message goes on to the screen as well."""
        self.cancel_settling()
        value = event.value
        self._settling = self.set_timer(
            self.DEBOUNCE, lambda: self.post_message(self.Settled(self, value))
        )

    def cancel_settling(self) -> None:
        """Drop a pending ``Settled``: the screen applies the filter itself (Enter, Escape)."""
        if self._settling is not None:
            self._settling.stop()
            self._settling = None

    def action_done(self) -> None:
        self.cancel_settling()
        self.history.remember(self.value)
        self.post_message(self.Done())

    def action_cancel(self) -> None:
        self.cancel_settling()
        self.history.remember(self.value)
        self.post_message(self.Cancelled())

    def action_history_older(self) -> None:
        self._show(self.history.older(self.value))

    def action_history_newer(self) -> None:
        self._show(self.history.newer())

    def _show(self, text: str | None) -> None:
        if text is not None:
            self.value = text  # a Changed message: the filter applies as if typed
            self.cursor_position = len(text)
