"""All action points across the (filtered) store, newest meeting first, in a virtual list.

Enter closes the list and returns the chosen ``ActionRow``; the main screen
then selects its meeting and item.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from store import userdata
from store.filters import Filter
from store.queries import ActionRow
from store.userdata import Target
from tui.bindings import bindings_for
from tui.reader import ActionSource, StoreReader
from tui.textual_compat import set_border_title
from tui.widgets.footer import KeyFooter
from tui.widgets.matches import Matcher
from tui.widgets.panes import ActionList
from tui.widgets.virtual_list import VirtualList


class ActionsScreen(Screen[ActionRow | None]):
    """Every action point; Enter jumps to its item."""

    BINDINGS: ClassVar = bindings_for("actions")
    PALETTE_SCOPE: ClassVar[str] = "actions"
    AUTO_FOCUS = "#all-actions"

    def __init__(
        self, reader: StoreReader, flt: Filter, matcher: Matcher, *, cursor: int = 0
    ) -> None:
        super().__init__()
        self.reader = reader
        self.flt = flt
        self.matcher = matcher
        self.cursor = cursor  # where the list opens, and where it was when closed

    def compose(self) -> ComposeResult:
        yield ActionList(id="all-actions", classes="pane", empty_text="No action points match")
        yield Static(id="actions-status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        pane = self.query_one("#all-actions")
        pane.border_title = "All action points"
        pane.border_subtitle = "date · committee · item · action · owner/due"
        actions = self.query_one(ActionList)
        actions.matcher = self.matcher
        actions.load(ActionSource(self.reader, self.flt), cursor=self.cursor)
        self._status("counting…")

    def _status(self, counts: str) -> None:
        line = Text(no_wrap=True, end="")
        described = self.flt.describe()
        line.append(f" filter: {described}" if described else " all meetings", "dim")
        line.append(f"  ·  {counts}")
        self.query_one("#actions-status", Static).update(line)

    @on(VirtualList.Counted, "#all-actions")
    def _counted(self, message: VirtualList.Counted) -> None:
        noun = "action point" if message.count == 1 else "action points"
        self._status(f"{message.count:,} {noun}")
        set_border_title(self.query_one("#all-actions"), f"All action points ({message.count:,})")

    @on(VirtualList.LoadFailed)
    def _failed(self, message: VirtualList.LoadFailed) -> None:
        self.app.report_store_error(message.error)  # type: ignore[attr-defined]

    def action_jump(self) -> None:
        row = self.query_one(ActionList).highlighted_row
        if row is not None:
            self.cursor = self.query_one(ActionList).cursor
            self.dismiss(row)

    def action_close(self) -> None:
        self.cursor = self.query_one(ActionList).cursor
        self.dismiss(None)

    def action_copy(self) -> None:
        row = self.query_one(ActionList).highlighted_row
        if row is not None:
            self.app.copy_item(row.item_id, text=row.text)  # type: ignore[attr-defined]

    def _target(self) -> Target | None:
        row = self.query_one(ActionList).highlighted_row
        if row is None or row.record_id is None:
            return None
        return userdata.target("action", row.record_id, row.text, item_id=row.item_id)

    def action_bookmark(self) -> None:
        target = self._target()
        if target is not None:
            self.app.toggle_bookmark(target)  # type: ignore[attr-defined]

    def action_note(self) -> None:
        target = self._target()
        if target is not None:
            self.app.edit_note(target)  # type: ignore[attr-defined]
