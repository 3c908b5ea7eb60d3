"""The action tracker's dialog: set a status (and say why).

A modal over the tracker that dismisses with what the user chose (None: cancelled); the
tracker screen writes it. Its keys come from the bindings table (scope ``status``), like
every other key. An action's note is written in the note editor every note uses
(``tui.screens.editors.NoteEditor``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from store.filters import STATUSES
from store.queries import ActionRow
from tui.bindings import bindings_for
from tui.safe_text import one_line, safe
from tui.widgets.footer import KeyFooter

STATUS_HELP = {
    "open": "still to do",
    "done": "it was done",
    "dropped": "it will not be done",
    "superseded": "another action took its place",
}


@dataclass(frozen=True)
class StatusChoice:
    """What the status dialog gives back: the status, why, and the later item it rests on."""

    status: str
    why: str
    evidence: str | None


class StatusScreen(ModalScreen[StatusChoice | None]):
    """Choose a status with up and down, say why (optional), Enter to save."""

    BINDINGS: ClassVar = bindings_for("status")

    def __init__(self, action: ActionRow, evidence: tuple[str, str] | None = None) -> None:
        """``evidence``: (item id, label) of the latest later item reporting on the action,
        kept with the status as what it rests on."""
        super().__init__()
        self.action = action
        self.evidence = evidence
        self.choice = STATUSES.index(action.status) if action.status in STATUSES else 0

    def compose(self) -> ComposeResult:
        with Vertical(id="status-dialog", classes="dialog") as box:
            box.border_title = "Set status"
            yield Static(safe(self.action.text, single_line=True), classes="dialog-subject")
            yield Static(self._choices(), id="status-choices")
            yield Input(id="status-why", placeholder="why (optional)", compact=True)
            if self.evidence is not None:
                line = Text("evidence: ", style="dim")
                line.append(one_line(self.evidence[1]))
                yield Static(line, classes="dialog-note")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#status-why", Input).focus()

    def _choices(self) -> Text:
        text = Text()
        for n, status in enumerate(STATUSES):
            mark = "▸ " if n == self.choice else "  "
            line = Text(f"{mark}{status:<11}", style="bold reverse" if n == self.choice else "")
            line.append(f" {STATUS_HELP[status]}", style="dim")
            text.append_text(line)
            if n < len(STATUSES) - 1:
                text.append("\n")
        return text

    def _move(self, step: int) -> None:
        self.choice = (self.choice + step) % len(STATUSES)
        self.query_one("#status-choices", Static).update(self._choices())

    def action_next_status(self) -> None:
        self._move(1)

    def action_previous_status(self) -> None:
        self._move(-1)

    def action_save(self) -> None:
        why = self.query_one("#status-why", Input).value
        evidence = self.evidence[0] if self.evidence is not None else None
        self.dismiss(StatusChoice(STATUSES[self.choice], why.strip(), evidence))

    def action_cancel(self) -> None:
        self.dismiss(None)
