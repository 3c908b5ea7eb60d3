"""The action tracker: every action point across the (filtered) store, in a virtual list.

The list reads in five orders (``s``: due date, status, owner, committee, meeting), each
a window over its own index; the pane below shows the action at the cursor in full with
its history. ``/`` filters with the reader's language plus ``status:``, ``owner:``,
``due:`` and ``overdue``; the status line counts each status for the filter. ``x`` sets
the status (and why), ``c`` writes the action's note and ``m`` bookmarks it, as on every
screen: all are the user's own data (``store.userdata``), written through the app, and the
list is read again. Enter reads the item with the action's passage marked; ``v`` closes the
tracker on the action's meeting and item.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, ClassVar, Protocol

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from store import queries, userdata
from store.detail_records import ActionDetail, StatusCounts
from store.filters import Filter, FilterError, parse_filter
from store.queries import ActionRow
from store.userdata import Target
from tui.action_source import ActionSource
from tui.bindings import bindings_for
from tui.frame_hold import FrameHold
from tui.reader import StoreReader, is_interrupted
from tui.safe_text import one_line
from tui.textual_compat import set_border_title
from tui.widgets.action_detail import ActionDetailPane
from tui.widgets.footer import KeyFooter
from tui.widgets.matches import Matcher
from tui.widgets.panes import ActionList
from tui.widgets.status import FilterHistory, FilterInput
from tui.widgets.virtual_list import VirtualList

# The orders ``s`` steps through, with how the status line names them.
SORTS: tuple[tuple[str, str], ...] = (
    ("due", "soonest due first"),
    ("status", "by status: overdue, open, done, dropped, superseded"),
    ("owner", "by owner"),
    ("committee", "by committee"),
    ("meeting", "newest meeting first"),
)


class TrackerApp(Protocol):
    """What the tracker asks of its app (``tui.app.MinutesApp``)."""

    def report_store_error(self, error: Exception) -> None: ...
    def read_action(self, action: ActionRow, matcher: Matcher) -> None: ...
    def copy_item(self, item_id: str, *, text: str | None = None) -> None: ...
    def toggle_bookmark(self, target: Target) -> None: ...
    def edit_note(self, target: Target) -> None: ...
    def write_userdata(
        self, write: Callable[[sqlite3.Connection], None], done: Callable[[], None]
    ) -> None: ...
    def remember_filters(self, history: list[str]) -> None: ...
    def call_from_thread(self, callback: Callable[..., Any], *args: Any) -> Any: ...


class ActionsScreen(Screen[ActionRow | None]):
    """Every action point: what, who, by when, its status and story; Enter reads its item."""

    BINDINGS: ClassVar = bindings_for("actions")
    PALETTE_SCOPE: ClassVar[str] = "actions"
    AUTO_FOCUS = "#all-actions"

    app: TrackerApp  # type: ignore[assignment]

    class DetailLoaded(Message):
        def __init__(self, row: ActionRow, detail: ActionDetail | None) -> None:
            super().__init__()
            self.row, self.detail = row, detail

    class CountsLoaded(Message):
        def __init__(
            self, source: ActionSource, counts: StatusCounts, gone: int, total: int | None
        ) -> None:
            super().__init__()
            self.source, self.counts, self.gone = source, counts, gone
            self.total = total  # the list's length, when the list did not count it

    def __init__(
        self,
        reader: StoreReader,
        flt: Filter,
        matcher: Matcher,
        *,
        cursor: int = 0,
        sort: str = "due",
        history: list[str] | None = None,
        first: tuple[ActionSource, list[ActionRow]] | None = None,
    ) -> None:
        super().__init__()
        # The list's source and the cursor's page, read before the screen was pushed: its
        # first frame draws them (``MinutesApp.show_all_actions``).
        self._first = first
        self._count_list = False  # the list's length is counted with the status line's
        self.reader = reader
        self.flt = flt
        self.matcher = matcher
        self.cursor = cursor  # where the list opens, and where it was when closed
        self.sort = sort
        self.counts = ""
        self._history = history or []
        self._detail_queued = False
        self._detail: ActionDetail | None = None  # the action at the cursor, as last read
        # Opening, a filter and a new order are drawn when their first rows are in.
        self._frames = FrameHold(self)

    def compose(self) -> ComposeResult:
        yield ActionList(id="all-actions", classes="pane", empty_text="No action points match")
        yield ActionDetailPane(id="action-detail", classes="pane")
        yield FilterInput(
            id="actions-filter",
            compact=True,
            placeholder="words status:open owner:… due:<2025-01 overdue committee:… kind:…",
        )
        yield Static(id="actions-status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        pane = self.query_one("#all-actions")
        pane.border_title = "Actions"
        pane.border_subtitle = "status · due (~ implied) · action · meeting · item · owner"
        self.query_one("#action-detail").border_title = "The action"
        box = self.query_one(FilterInput)
        box.display = False
        box.history = FilterHistory(self._history)
        box.value = self.flt.describe()
        self.query_one(ActionDetailPane).show_message("No action selected.")
        first, self._first = self._first, None
        if first is not None and first[0] == ActionSource(self.reader, self.flt, self.sort):
            actions = self.query_one(ActionList)
            actions.matcher = self.matcher
            actions.load_read(first[0], first[1], cursor=self.cursor)
            self._count_list = True
            self.counts = "counting…"
            self._status()
        else:
            self.load(cursor=self.cursor)

    # --- the list --------------------------------------------------------------------------

    def load(self, *, cursor: int = 0) -> None:
        """(Re)read the list for the filter and order; its counts come after its rows."""
        actions = self.query_one(ActionList)
        actions.matcher = self.matcher
        if actions.loaded:  # a new filter or order (opening, the screen's first frames go)
            self._frames.hold()
        actions.load(ActionSource(self.reader, self.flt, self.sort), cursor=cursor)
        self.counts = "counting…"
        self._status()

    def _status(self, error: str = "") -> None:
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        if error:
            line.append(f" ⚠ {one_line(error)}", "bold red")
        else:
            described = self.flt.describe()
            line.append(f" filter: {described}" if described else " all actions", "dim")
        line.append(f"  ·  {dict(SORTS)[self.sort]}", "dim")
        line.append(f"  ·  {self.counts}")
        self.query_one("#actions-status", Static).update(line)

    @on(VirtualList.Shown, "#all-actions")
    def _shown(self, message: VirtualList.Shown) -> None:
        self._frames.release()
        if isinstance(message.source, ActionSource):
            count_list, self._count_list = self._count_list, False
            self.call_after_refresh(self._count, message.source, count_list)

    @work(thread=True, exclusive=True, exit_on_error=False, group="action-counts")
    def _count(self, source: ActionSource, count_list: bool = False) -> None:
        try:
            counts = source.counts()
            gone = len(source.orphans())
            total = source.count() if count_list else None
        except Exception as error:
            if not is_interrupted(error):
                self.app.call_from_thread(self.app.report_store_error, error)
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.CountsLoaded(source, counts, gone, total))

    @on(CountsLoaded)
    def _counts_loaded(self, message: CountsLoaded) -> None:
        if message.source != self.query_one(ActionList).source:
            return
        if message.total is not None:
            self.query_one(ActionList).set_count(message.source, message.total)
        c = message.counts
        parts = [f"{c.open:,} open ({c.overdue:,} overdue)", f"{c.done:,} done"]
        parts += [f"{c.dropped:,} dropped", f"{c.superseded:,} superseded"]
        if message.gone:
            parts.append(f"{message.gone:,} kept for actions gone from the store")
        self.counts = " · ".join(parts)
        self._status()

    def on_screen_suspend(self) -> None:
        self._frames.release()  # another screen is drawn now: never leave it frozen

    @on(VirtualList.Counted, "#all-actions")
    def _counted(self, message: VirtualList.Counted) -> None:
        title = f"Actions ({message.count:,})"
        set_border_title(self.query_one("#all-actions"), title)
        if message.count == 0:
            self.query_one(ActionDetailPane).show_message("No action points match the filter.")

    @on(VirtualList.LoadFailed)
    def _failed(self, message: VirtualList.LoadFailed) -> None:
        self.app.report_store_error(message.error)

    # --- the action at the cursor -----------------------------------------------------------

    @on(ActionList.ActionSelected)
    def _highlighted(self, message: ActionList.ActionSelected) -> None:
        # The pane is drawn when the action's story is read, after the frame with the
        # list's rows (a table of its history costs more than the rows). Keys faster than
        # frames (a held j) read only the action the cursor rests on.
        if not self._detail_queued:
            self._detail_queued = True
            self.call_after_refresh(self._load_highlighted)
        del message

    def _load_highlighted(self) -> None:
        self._detail_queued = False
        row = self.query_one(ActionList).highlighted_row
        if row is not None:
            self._load_detail(row)

    @work(thread=True, exclusive=True, exit_on_error=False, group="action-detail")
    def _load_detail(self, row: ActionRow) -> None:
        try:
            detail = (
                None
                if row.gone or row.record_id is None
                else queries.action_detail(self.reader.connection(), row.record_id)
            )
        except Exception as error:
            self.app.call_from_thread(self.app.report_store_error, error)
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.DetailLoaded(row, detail))

    @on(DetailLoaded)
    def _detail_loaded(self, message: DetailLoaded) -> None:
        current = self.query_one(ActionList).highlighted_row
        if current is not None and current.record_id == message.row.record_id:
            self._detail = message.detail
            self.query_one(ActionDetailPane).show(
                message.detail.action if message.detail else message.row, message.detail
            )

    # --- keys --------------------------------------------------------------------------------

    def _row(self) -> ActionRow | None:
        return self.query_one(ActionList).highlighted_row

    def action_read(self) -> None:
        row = self._row()
        if row is None:
            return
        if row.gone:
            self.notify("That action is no longer in the store.", severity="warning")
            return
        self.app.read_action(row, self.matcher)

    def action_jump(self) -> None:
        row = self._row()
        if row is not None and not row.gone:
            self.cursor = self.query_one(ActionList).cursor
            self.dismiss(row)

    def action_close(self) -> None:
        self.cursor = self.query_one(ActionList).cursor
        self.dismiss(None)

    def action_copy(self) -> None:
        row = self._row()
        if row is not None and not row.gone:
            self.app.copy_item(row.item_id, text=row.text)

    def action_sort(self) -> None:
        names = [name for name, _ in SORTS]
        self.sort = names[(names.index(self.sort) + 1) % len(names)]
        self.load()

    def action_set_status(self) -> None:
        from tui.screens.tracker_dialogs import StatusChoice, StatusScreen

        row = self._row()
        if row is None or row.record_id is None:
            return
        evidence = self._latest_evidence(row)

        def chosen(choice: StatusChoice | None) -> None:
            if choice is None or row.record_id is None:
                return
            from store.userdata import ActionRef, set_status

            ref = ActionRef(row.record_id, row.text)
            self._write(
                lambda conn: set_status(
                    conn, ref, choice.status, why=choice.why, evidence=choice.evidence
                ),
                f"Status set: {choice.status}",
            )

        self.app.push_screen(StatusScreen(row, evidence), chosen)  # type: ignore[attr-defined]

    def _latest_evidence(self, row: ActionRow) -> tuple[str, str] | None:
        """The latest later item the minutes report the action in (what a status the user
        sets now rests on), as last read for the action at the cursor."""
        detail = self._detail
        if detail is None or detail.action.record_id != row.record_id:
            return None
        for event in reversed(detail.history):
            if event.by == "minutes" and event.evidence_item:
                return event.evidence_item, event.evidence_label or event.evidence_item
        return None

    def _target(self) -> Target | None:
        row = self._row()
        if row is None or row.record_id is None:
            return None
        return userdata.target("action", row.record_id, row.text, item_id=row.item_id)

    def action_bookmark(self) -> None:
        target = self._target()
        if target is not None:
            self.app.toggle_bookmark(target)

    def action_note(self) -> None:
        """The action's note, in the editor every note is written in (``store.userdata``
        keeps a note on an action as the action's note, which the list and story show)."""
        target = self._target()
        if target is not None:
            self.app.edit_note(target)

    def user_data_changed(self) -> None:
        """A note or bookmark was written (``MinutesApp._user_data_changed``): the list and
        the story as they are now, the cursor where it was."""
        self.load(cursor=self.query_one(ActionList).cursor)

    def _write(self, write: Callable[[sqlite3.Connection], None], said: str) -> None:
        cursor = self.query_one(ActionList).cursor

        def done() -> None:
            self.notify(said)
            self.load(cursor=cursor)

        self.app.write_userdata(write, done)

    # --- the filter --------------------------------------------------------------------------

    def action_filter(self) -> None:
        box = self.query_one(FilterInput)
        box.display = True
        self.set_focus(box)  # now: the keys after "/" may already be on their way

    @on(FilterInput.Settled, "#actions-filter")
    def _filter_settled(self, event: FilterInput.Settled) -> None:
        self.apply_filter(event.value)

    def apply_filter(self, text: str) -> bool:
        try:
            flt = parse_filter(text)
        except FilterError as error:
            self._status(str(error))
            return False
        if flt != self.flt:
            self.flt = flt
            self.matcher = Matcher.for_filter(flt)
            self.load()
        else:
            self._status()
        return True

    @on(FilterInput.Done)
    @on(FilterInput.Submitted, "#actions-filter")
    def _filter_done(self) -> None:
        self.query_one(FilterInput).cancel_settling()
        box = self.query_one(FilterInput)
        self.app.remember_filters(box.history.entries)
        self.apply_filter(box.value)
        box.display = False
        self.query_one(ActionList).focus()

    @on(FilterInput.Cancelled)
    def _filter_cancelled(self) -> None:
        box = self.query_one(FilterInput)
        self.app.remember_filters(box.history.entries)
        with box.prevent(FilterInput.Changed):
            box.value = ""
        box.display = False
        self.apply_filter("")
        self.query_one(ActionList).focus()
