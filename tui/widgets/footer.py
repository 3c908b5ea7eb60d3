"""The key bar at the bottom of each screen: one line, repainted, never rebuilt."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.text import Text
from textual import events
from textual.strip import Strip
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen


class KeyShown(NamedTuple):
    """One key as the bar draws it."""

    key: str  # the key to simulate when clicked
    display: str  # how the key is written ("/", "^p", "enter")
    description: str
    enabled: bool


class KeyFooter(Widget, can_focus=False):
    """The keys that work here, drawn as one line of text.

    Textual's Footer is a container with a widget per key that it removes and mounts
    again (a layout pass of the whole screen) whenever the active bindings change,
    which they do on every focus move: applying a filter (focus from the filter box
    back to the list) cost a rebuild and a layout of the screen, in the frames a
    person is waiting for. This bar is one widget of fixed height whose line
    is redrawn when the keys change; a click on a key presses it.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-footer--key",
        "key-footer--description",
        "key-footer--disabled",
    }
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyFooter > .key-footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyFooter > .key-footer--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyFooter > .key-footer--disabled {
        text-style: dim;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._keys: tuple[KeyShown, ...] = ()
        self._palette: KeyShown | None = None
        self._spans: list[tuple[int, int, KeyShown]] = []  # columns of each drawn key
        # Lines drawn, by keys and width: focus moves between a few sets of keys (the
        # filter box and a list, the panes), and drawing a line is not cheap.
        self._drawn: dict[tuple[object, ...], tuple[Strip, list[tuple[int, int, KeyShown]]]] = {}

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    @property
    def keys_shown(self) -> tuple[KeyShown, ...]:
        """The keys drawn, left to right (the command palette's last)."""
        return self._keys + ((self._palette,) if self._palette else ())

    def bindings_changed(self, screen: Screen) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        keys, palette = self._read_keys(screen)
        if (keys, palette) != (self._keys, self._palette):
            self._keys, self._palette = keys, palette
            self.refresh()  # one line, fixed height: a repaint, no layout

    def _read_keys(self, screen: Screen) -> tuple[tuple[KeyShown, ...], KeyShown | None]:
        seen: set[str] = set()
        keys: list[KeyShown] = []
        active = screen.active_bindings
        for _, binding, enabled, _ in active.values():
            # Several keys for one action (``j`` and down): the first one stands for all.
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            display = self.app.get_key_display(binding)
            keys.append(KeyShown(binding.key, display, binding.description, enabled))
        palette = None
        entry = active.get(self.app.COMMAND_PALETTE_BINDING)
        if entry is not None and self.app.ENABLE_COMMAND_PALETTE:
            _, binding, enabled, _ = entry
            palette = KeyShown(
                binding.key, self.app.get_key_display(binding), binding.description, enabled
            )
            keys = [k for k in keys if k.key != palette.key]
        return tuple(keys), palette

    def render_line(self, y: int) -> Strip:
        key = (self._keys, self._palette, self.size.width)
        drawn = self._drawn.get(key)
        if drawn is None:
            strip = super().render_line(y)  # draws ``render`` (which notes the spans)
            if len(self._drawn) >= 16:
                self._drawn.clear()
            drawn = self._drawn[key] = (strip, self._spans)
        self._spans = drawn[1]
        return drawn[0]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn.clear()  # the theme or the classes changed: draw again

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-footer--key")
        description_style = self.get_component_rich_style("key-footer--description")
        disabled = self.get_component_rich_style("key-footer--disabled")
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, KeyShown]] = []

        def add(shown: KeyShown, text: Text, *, lead: str = " ") -> None:
            # Drawn as Textual's footer draws a key: " key " then "description ".
            start = text.cell_len
            dim = disabled if not shown.enabled else None
            text.append(f"{lead}{shown.display} ", key_style + dim if dim else key_style)
            if shown.description:
                text.append(
                    f"{shown.description} ", description_style + dim if dim else description_style
                )
            spans.append((start, text.cell_len, shown))

        for shown in self._keys:
            add(shown, line)
        if self._palette is not None:
            # The palette's key stays at the right edge, after a thin rule; the other
            # keys are cut short before it when the line is too narrow for all of them.
            right = Text("▏", end="")
            add(self._palette, right, lead="")
            start, end, shown = spans.pop()  # its columns within ``right``
            room = self.size.width - right.cell_len
            if room > 0:
                line.truncate(room, overflow="crop", pad=True)
                spans = [(a, min(b, room), k) for a, b, k in spans if a < room]
                spans.append((room + start, room + end, shown))
                line.append_text(right)
        self._spans = spans
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, shown in self._spans:
            if start <= event.x < end:
                event.stop()
                if shown.enabled:
                    self.app.simulate_key(shown.key)
                else:
                    self.app.bell()
                return
