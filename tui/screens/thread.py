"""A matter's timeline: every meeting that took it, newest first, each with its decision.

An item's thread is what ``store.follow.thread`` joins to it: the items of the issue pages
it came from, and items of the same (non-procedural) title at other meetings and committees.
Enter goes to an appearance on the main screen; ``f`` follows the thread (a watch), ``m``
bookmarks the appearance.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.message import Message
from textual.worker import get_current_worker

from store import follow, userdata
from store.follow_records import AppearanceRow
from tui.bindings import bindings_for
from tui.safe_text import one_line, safe
from tui.screens.listing import ListingScreen
from tui.widgets.follow_lists import TimelineList
from tui.widgets.panes import meeting_date
from tui.widgets.virtual_list import VirtualList


class ThreadScreen(ListingScreen):
    """Every appearance of one item's matter."""

    BINDINGS: ClassVar = bindings_for("thread")
    PALETTE_SCOPE: ClassVar[str] = "thread"
    TITLE_TEXT = "Timeline"
    SUBTITLE_TEXT = "newest first · date · meeting · item · decision"
    NOUN = ("appearance", "appearances")

    class Loaded(Message):
        def __init__(self, rows: list[AppearanceRow]) -> None:
            super().__init__()
            self.rows = rows

    def __init__(self, item_id: str, rows: list[AppearanceRow] | None = None) -> None:
        super().__init__()
        self.item_id = item_id
        self.rows: list[AppearanceRow] = []
        # The timeline, read before the screen was pushed: its first frame draws it
        # (``MinutesApp.open_thread``).
        self._first = rows

    def make_list(self) -> VirtualList[AppearanceRow]:
        return TimelineList(empty_text="That item is no longer in the store")

    def setup(self) -> None:
        first, self._first = self._first, None
        if first is not None:
            self._show(first)
        else:
            self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="thread")
    def _load(self) -> None:
        try:
            rows = follow.thread(self.app.reader.connection(), self.item_id)
        except Exception as error:
            self.app.call_from_thread(self.app.report_store_error, error)
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(rows))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self._show(message.rows)

    def _show(self, rows: list[AppearanceRow]) -> None:
        self.rows = rows
        this = next((r for r in self.rows if r.item.id == self.item_id), None)
        at = next((n for n, r in enumerate(self.rows) if r.item.id == self.item_id), 0)
        self.listing.show_rows(self.rows, cursor=at)
        self.head(thread_head(this, self.rows))

    def action_jump(self) -> None:
        row = self.listing.highlighted_row
        if row is not None:
            self.app.go_to_item(row.meeting.id, row.item.id)

    def action_follow(self) -> None:
        this = next((r for r in self.rows if r.item.id == self.item_id), None)
        title = one_line(this.item.title) if this and this.item.title else self.item_id
        self.app.follow("thread", self.item_id, title, title)

    def action_bookmark(self) -> None:
        row = self.listing.highlighted_row
        if row is not None:
            self.app.toggle_bookmark(appearance_target(row))


def appearance_target(row: AppearanceRow) -> userdata.Target:
    label = f"{row.meeting.committee or '(no committee named)'} · {meeting_date(row.meeting.date)}"
    label += f" · item {row.item.number or ''} {row.item.title or ''}"
    return userdata.target("item", row.item.id, label)


def thread_head(this: AppearanceRow | None, rows: list[AppearanceRow]) -> Text:
    if this is None:
        return Text("That item is no longer in the store.")
    head = Text("The matter of ")
    head.append_text(safe(this.item.title or "(untitled item)", "bold", single_line=True))
    others = len(rows) - 1
    if others:
        committees = {r.meeting.committee for r in rows}
        head.append(
            f"  taken at {len(rows)} meetings of {len(committees)}"
            f" {'committee' if len(committees) == 1 else 'committees'}"
        )
        vias = {r.via for r in rows} - {"this item"}
        head.append(f" (joined by {' and '.join(sorted(vias))})", "dim")
    else:
        head.append("  no other meeting has taken it (no issue page, no other item of its title)")
    return head
