"""The help screen: every key binding, generated from the one bindings table."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.bindings import bindings_for, grouped


def help_table() -> Table:
    """Keys and descriptions, one section per scope, straight from ``tui.bindings.ACTIONS``."""
    table = Table.grid(padding=(0, 2))
    table.add_column("keys", no_wrap=True, style="bold", min_width=12)
    table.add_column("action")
    first = True
    for title, actions in grouped():
        if not first:
            table.add_row("", "")
        first = False
        table.add_row(Text(title, style="bold underline"), "")
        for named in actions:
            table.add_row(Text(named.display_keys), Text(named.description))
    return table


class HelpScreen(ModalScreen[None]):
    """A scrollable list of every binding; any of esc, ? or q closes it."""

    BINDINGS: ClassVar = bindings_for("help")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            body.border_subtitle = "esc close"
            yield Static(
                "minutes-tui: read what a council decided, and follow what it asked to be done "
                'and who did it. Filter with / (words, "phrases", committee:, council:, from:, '
                "to:, year:, has:actions, has:resolutions, has:note, kind:decision, "
                "person:NAME, is:bookmarked, status:open, owner:NAME, due:<2025-01, overdue; "
                'quote a value with spaces: person:"john smith", =exact, ^prefix: '
                "committee:=Cabinet). m marks and c notes whatever is selected, everywhere.",
                id="help-intro",
                markup=False,
            )
            yield Static(help_table(), id="help-keys")
            yield Static(
                "Meetings: items · resolutions · actions per meeting; Undated = a page with no "
                "meeting header. Agenda: R2 = two resolutions, A1 = one action point, ✂ = the "
                "site cut the minutes short. Resolution kinds: noted, decision, action. "
                "Actions (a): status (open, OVERDUE, done, dropped, superseded: yours, else what "
                "later minutes report), due date (~ implied from the meeting's date or the "
                "committee's next meeting), ✎ = your note.",
                id="help-legend",
                markup=False,
            )

    def action_close(self) -> None:
        self.dismiss()
