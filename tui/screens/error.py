"""The screen shown when the store cannot be opened: the one-line reason and what to do."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.bindings import bindings_for
from tui.safe_text import one_line


class StoreErrorScreen(Screen[None]):
    """No traceback: what went wrong, in one line, and the way out."""

    BINDINGS: ClassVar = bindings_for("error")

    def __init__(self, reason: str, advice: str) -> None:
        super().__init__()
        self.reason = one_line(reason)
        self.advice = one_line(advice)

    def compose(self) -> ComposeResult:
        with Vertical(id="error-box") as box:
            box.border_title = "Cannot open the store"
            yield Static(Text(self.reason, style="bold"), id="error-reason", markup=False)
            yield Static(Text(self.advice), id="error-advice", markup=False)
        yield Footer()

    def action_retry(self) -> None:
        self.app.open_store_again()  # type: ignore[attr-defined]
