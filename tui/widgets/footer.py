"""The key bar at the bottom of each screen: Textual's Footer, rebuilt only when it would change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.screen import Screen

# What the footer draws for one binding: key, label, action, enabled, tooltip, group.
KeyShown = tuple[str, str, str, bool, str, object]


class KeyFooter(Footer):
    """A Footer that recomposes only when the keys it shows changed.

    Textual's Footer recomposes (removes and mounts a widget per key, then lays
    out the whole screen) on every ``bindings_updated`` signal, which fires on
    each focus change and each ``refresh_bindings``; moving between panes or
    through a list cost a full-screen layout for an identical key bar.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._shown: tuple[KeyShown, ...] | None = None

    def _keys_shown(self, screen: Screen) -> tuple[KeyShown, ...]:
        shown = tuple(
            (
                binding.key,
                binding.description,
                binding.action,
                enabled,
                tooltip,
                binding.group,
            )
            for (_, binding, enabled, tooltip) in screen.active_bindings.values()
            if binding.show
        )
        palette = screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.show_command_palette:
            _, binding, enabled, tooltip = palette
            shown += ((binding.key, binding.description, binding.action, enabled, tooltip, None),)
        return shown

    def bindings_changed(self, screen: Screen) -> None:
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            super().bindings_changed(screen)  # Footer's own rules for these cases
            return
        shown = self._keys_shown(screen)
        if shown == self._shown:
            self._bindings_ready = True
            return
        self._shown = shown
        super().bindings_changed(screen)
