"""The main screen: meetings, the selected meeting's agenda, and its resolutions and actions.

The screen owns the state (the filter, the selected meeting and item) and runs
every store query in a thread worker; panes get told what to show and report
their cursor with messages. A newer selection or filter cancels the older
worker in the same group, and a result for anything no longer selected is
dropped, so fast cursor movement never shows stale detail.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Container
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from store import queries
from store.filters import Filter, FilterError, parse_filter
from store.queries import ActionRow, ItemRow, MeetingRow, ResolutionRow
from tui import gc_policy
from tui.bindings import bindings_for
from tui.frame_hold import FrameHold
from tui.reader import (
    NO_MARKS,
    PLAN_AHEAD,
    SEARCH,
    Marks,
    MeetingDetail,
    MeetingSource,
    StoreOpening,
    StoreReader,
    is_interrupted,
    meeting_detail,
    meeting_marks,
)
from tui.safe_text import one_line, safe
from tui.settings import Settings
from tui.textual_compat import send_refreshes, set_border_title
from tui.widgets.footer import KeyFooter
from tui.widgets.matches import Matcher
from tui.widgets.panes import (
    AgendaList,
    DetailPane,
    MeetingList,
    council_short,
    meeting_date,
    meeting_label,
)
from tui.widgets.status import FilterHistory, FilterInput, StatusLine
from tui.widgets.virtual_list import VirtualList

if TYPE_CHECKING:
    from store.userdata import Target


class ReaderApp(Protocol):
    """What the main screen asks of its app (``tui.app.MinutesApp``): named here so the
    screen need not import the app, which imports the screen."""

    def report_store_error(self, error: Exception) -> None: ...
    def call_from_thread(self, callback: Callable[..., Any], *args: Any) -> Any: ...
    def open_item(self, item_id: str, matcher: Matcher) -> None: ...
    def show_all_actions(self, flt: Filter, matcher: Matcher) -> None: ...
    def copy_item(self, item_id: str, *, text: str | None = None) -> None: ...
    def copy_with_citation(
        self, text: str, meeting: MeetingRow | None, item: ItemRow | None
    ) -> None: ...
    def ask_export(self, flt: Filter, meetings: int | None) -> None: ...
    def open_page(self, url: str | None) -> None: ...
    @property
    def settings(self) -> Settings: ...
    def remember_filters(self, history: list[str]) -> None: ...
    def toggle_bookmark(self, target: Target) -> None: ...
    def edit_note(self, target: Target) -> None: ...
    def follow(self, kind: str, query: str, name: str, label: str) -> None: ...
    def open_people(self) -> None: ...
    def open_thread(self, item_id: str) -> None: ...
    def open_news(self) -> None: ...
    def open_marks(self) -> None: ...


FILTER_PLACEHOLDER = (
    'words "a phrase" committee:… council:… from:… to:… year:… has:actions kind:decision'
    " · =exact ^prefix"
)
STACKED_WIDTH = 160  # below this the detail pane goes under meetings | agenda
COMPACT_WIDTH = 100  # below this meetings and agenda share the width equally
WIDE_WIDTH = 190  # from here the meetings pane gets room for long committee names


def meeting_heading(meeting: MeetingRow) -> str:
    """The detail pane's heading for a whole meeting."""
    return f"Whole meeting · {describe_meeting(meeting)}"


def describe_meeting(meeting: MeetingRow) -> str:
    """``Health and Wellbeing Board · Nottingham City · 2018-11-28`` (inert, one line)."""
    return f"{meeting_label(meeting, with_council=True)} · {meeting_date(meeting.date)}"


class MainScreen(Screen[None]):
    """Meetings, agenda, resolutions & actions; filter; copy; export."""

    BINDINGS: ClassVar = bindings_for("main")
    AUTO_FOCUS = "#meetings"

    app: ReaderApp  # type: ignore[assignment]

    class MeetingLoaded(Message):
        def __init__(self, detail: MeetingDetail) -> None:
            super().__init__()
            self.detail = detail

    class ItemLoaded(Message):
        def __init__(
            self, item: ItemRow, resolutions: list[ResolutionRow], actions: list[ActionRow]
        ) -> None:
            super().__init__()
            self.item, self.resolutions, self.actions = item, resolutions, actions

    class CountsLoaded(Message):
        """Exact counts for ``flt`` (``items`` None: the meetings are counted, items not yet),
        and the councils its meetings belong to (at most two: one, or several)."""

        def __init__(
            self,
            flt: Filter,
            meetings: int,
            items: int | None,
            councils: tuple[str | None, ...] = (),
        ) -> None:
            super().__init__()
            self.flt, self.meetings, self.items = flt, meetings, items
            self.councils = councils

    class QueryFailed(Message):
        def __init__(self, error: Exception) -> None:
            super().__init__()
            self.error = error

    class DetailsReadAhead(Message):
        """Meetings around the cursor were read ahead: their panes can be drawn ahead."""

    class TypedReadAhead(Message):
        """The typed filter's first window and first meeting were read (``_plan_ahead``):
        that meeting's panes can be drawn ahead of Enter."""

        def __init__(self, flt: Filter, detail: MeetingDetail) -> None:
            super().__init__()
            self.flt = flt
            self.detail = detail

    class MarksLoaded(Message):
        """The threads, bookmarks and notes of a meeting, read again after a mark changed."""

        def __init__(self, meeting_id: str, marks: Marks) -> None:
            super().__init__()
            self.meeting_id, self.marks = meeting_id, marks

    class Opened(Message):
        """The screen is mounted; ``shown``: with the store's first screen (read at launch),
        else the store is still to be opened."""

        def __init__(self, shown: bool) -> None:
            super().__init__()
            self.shown = shown

    # How long the screen's first frame waits for the store's first screen, read on its own
    # thread (``StoreOpening``), before it is drawn without it ("opening the store…").
    FIRST_SCREEN_WAIT: ClassVar[float] = 0.15

    def __init__(self, reader: StoreReader, opening: StoreOpening | None = None) -> None:
        super().__init__()
        self.reader = reader
        self._opening = opening
        self.flt = Filter()
        self.filter_text = ""  # the filter as typed (what a new session reopens with)
        self.matcher = Matcher()
        self.meeting: MeetingRow | None = None
        self.item: ItemRow | None = None
        self.meeting_detail: MeetingDetail | None = None
        self.item_detail: tuple[ItemRow, list[ResolutionRow], list[ActionRow]] | None = None
        self.meeting_count: int | None = None  # the filter's meetings, once counted
        self._jump_item_id: str | None = None  # select this item when its meeting arrives
        self._detail_shows_item = False  # the detail pane shows one item (else the meeting)
        self._meeting_load_queued = False
        # The filter whose counts wait for its first rows to be drawn: on two cores the
        # count must not compete with the query and the frame a person is waiting for.
        self._count_after_shown: Filter | None = None
        self._totals_after_shown = False  # the header totals wait for the first rows too
        self._reloading = False  # a new result's lists are on their way
        self._frames = FrameHold(self, self.HOLD_FRAMES_AT_MOST)  # held for a new result
        self._highlight: MeetingList.MeetingSelected | None = None  # its meeting not drawn yet
        self._to_prepare: list[Callable[[], None]] = []  # drawing ahead still to do, next first
        self._planning: Filter | None = None  # the typed filter whose plan is worked out ahead

    # --- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="header", markup=False)
        with Container(id="body"):
            # Each list draws its own border and title: a pane around it was a second
            # widget of the same size, redrawn whole whenever its title changed.
            yield MeetingList(id="meetings", classes="pane", empty_text="No meetings match")
            yield AgendaList(id="agenda", classes="pane", empty_text="No meeting selected")
            yield DetailPane(id="detail", classes="pane")
        yield FilterInput(
            id="filter",
            compact=True,
            placeholder=FILTER_PLACEHOLDER,
        )
        yield StatusLine(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(FilterInput).history = FilterHistory(self.app.settings.filter_history)
        self.query_one("#meetings").border_title = "Meetings"
        self.query_one("#meetings").border_subtitle = "items · res · act"
        self.query_one("#agenda").border_title = "Agenda"
        self.query_one(
            "#agenda"
        ).border_subtitle = "R resolutions · A actions · ✂ cut short · ⇄ thread · ★ marked · ✎ note"
        self.query_one("#detail").border_title = "Resolutions & actions"
        self.query_one("#filter", FilterInput).display = False
        self.query_one(DetailPane).show_message("Select a meeting.")
        self._update_header()
        self._layout_for(self.size.width)
        self.post_message(self.Opened(self._show_first_screen()))

    def _show_first_screen(self) -> bool:
        """The saved place (``StoreOpening``), if read in time: its filter, its meetings
        and meeting drawn in the first frame. A saved item is selected in the same frame;
        the agenda takes focus, and the detail pane shows that item, in the next one."""
        opening = self._opening
        rows = opening.first_rows(self.FIRST_SCREEN_WAIT) if opening is not None else ()
        if opening is None or not rows:
            return False
        self._set_filter(opening.source.flt, opening.filter_text)
        cursor = opening.cursor
        self.reload(cursor=cursor, read=(opening.source, rows))
        self._jump_item_id = opening.item_id
        self.item_detail = opening.item_detail  # the focus moving to the agenda draws it
        self._select_meeting(rows[cursor - opening.start])
        return True

    def on_resize(self) -> None:
        self._layout_for(self.size.width)

    def _layout_for(self, width: int) -> None:
        self.set_class(width < STACKED_WIDTH, "-stacked")
        self.set_class(width < COMPACT_WIDTH, "-compact")
        self.set_class(width >= WIDE_WIDTH, "-wide")

    def _update_header(self, totals: dict[str, int] | None = None) -> None:
        """App name, what the store holds, what is new, and where it is (the path is cut
        first)."""
        header = Text(no_wrap=True, overflow="ellipsis", end="")
        header.append(" minutes-tui ", "bold reverse")
        if totals:
            header.append(
                "  "
                + " · ".join(
                    f"{totals.get(name, 0):,} {name}"
                    for name in ("meetings", "items", "resolutions", "actions")
                ),
                "bold",
            )
            if totals.get("new"):
                header.append(f"  ● {totals['new']:,} new (w)", "bold reverse")
        header.append("  ")
        header.append(safe(str(self.reader.path), single_line=True))
        self.query_one("#header", Static).update(header)

    class TotalsLoaded(Message):
        def __init__(self, totals: dict[str, int]) -> None:
            super().__init__()
            self.totals = totals

    @work(thread=True, exclusive=True, exit_on_error=False, group="totals")
    def _load_totals(self) -> None:
        from store import follow  # after the first frame: not imported before it

        try:
            conn = self.reader.connection()
            totals = queries.store_counts(conn)
            seen = follow.overall_seen(conn)
            # What is new since the overall news was last looked at (``w``).
            totals["new"] = follow.news_count(conn, seen) if seen is not None else 0
        except Exception as error:
            self.post_message(self.QueryFailed(error))
            return
        self.post_message(self.TotalsLoaded(totals))

    @on(TotalsLoaded)
    def _totals_loaded(self, message: TotalsLoaded) -> None:
        self._update_header(message.totals)

    def set_hint(self, hint: str) -> None:
        self.query_one(StatusLine).set_state(hint=hint)

    def set_loading(self, loading: bool) -> None:
        self.query_one(MeetingList).loading = loading

    # --- loading -----------------------------------------------------------------------------

    def reload(
        self,
        *,
        keep_cursor: bool = False,
        cursor: int | None = None,
        read: tuple[MeetingSource, Sequence[MeetingRow]] | None = None,
    ) -> None:
        """(Re)read the meetings list for the current filter, and the counts: the cursor on
        row ``cursor`` when given; ``read``: the list's source and the page the cursor is
        on, read already (the first screen, read at launch)."""
        meetings = self.query_one(MeetingList)
        if cursor is None:
            cursor = meetings.cursor if keep_cursor else 0
        if keep_cursor or not meetings.loaded:  # start-up and ``r``: the store may have grown
            # Counted once the first rows are drawn: counting 1M items competed with
            # the first window for the disk and the second core.
            self._totals_after_shown = True
        self._to_prepare = []  # drawn ahead for the old result
        self.meeting = None
        self.item = None
        self.meeting_count = None  # counted again for the new result
        # The old result's details must not be drawn again (focus moving back to the list
        # would redraw them, a full render of the pane for nothing): the new ones follow.
        self.meeting_detail = self.item_detail = None
        self.reader.interrupt(SEARCH)  # the previous filter's counts and pages are stale
        meetings.empty_text = "No meetings match" if not self.flt.is_empty else "No meetings yet"
        # The list draws from its first window; the counts come from ``_count`` when ready.
        source = MeetingSource(self.reader, self.flt)
        if read is not None and read[0] == source:
            meetings.load_read(read[0], read[1], cursor=cursor, owner_shows_first=True)
        else:
            meetings.load(source, cursor=cursor, count=False)
        set_border_title(self.query_one("#meetings"), "Meetings")
        self.query_one(AgendaList).matcher = self.matcher
        self.query_one(StatusLine).set_state(
            filter_text=self.flt.describe(), counts="counting…", error=""
        )
        self._count_after_shown = self.flt
        self._reloading = True

    @on(VirtualList.Shown, "#meetings")
    def _meetings_shown(self, message: VirtualList.Shown) -> None:
        flt = getattr(message.source, "flt", None)
        # After the frame that draws them (frames may be held until the agenda is in too).
        if self._totals_after_shown:
            self._totals_after_shown = False
            self.call_after_refresh(self._load_totals)
            self.call_after_refresh(gc_policy.tune_after_start)
        if flt is not None and flt == self._count_after_shown == self.flt:
            self._count_after_shown = None
            self.call_after_refresh(self._count_if_current, flt)

    def _count_if_current(self, flt: Filter) -> None:
        if flt == self.flt:
            self._count(flt)

    @work(thread=True, exclusive=True, exit_on_error=False, group="counts")
    def _count(self, flt: Filter) -> None:
        """Count the filter's meetings, then its items (``queries.filter_counts``); never
        holds up the lists.

        Runs in the SEARCH group, so a newer filter interrupts it mid-query.
        """
        worker = get_current_worker()
        try:
            with self.reader.running(SEARCH) as conn:
                if worker.is_cancelled:
                    return
                for meetings, items, councils in queries.filter_counts(conn, flt):
                    if worker.is_cancelled:
                        return
                    self.post_message(self.CountsLoaded(flt, meetings, items, councils))
        except Exception as error:
            if not is_interrupted(error):
                self.post_message(self.QueryFailed(error))

    @on(CountsLoaded)
    def _counts_loaded(self, message: CountsLoaded) -> None:
        if message.flt != self.flt:
            return
        noun = "meeting" if message.meetings == 1 else "meetings"
        if message.items is None:
            counts = f"{message.meetings:,} {noun} · counting items…"
        else:
            items = "item" if message.items == 1 else "items"
            counts = f"{message.meetings:,} {noun} · {message.items:,} {items}"
        self.query_one(StatusLine).set_state(counts=counts)
        self.meeting_count = message.meetings
        meetings = self.query_one(MeetingList)
        named = [c for c in message.councils if c]
        one_council = len(message.councils) == 1 and named
        title = f"Meetings · {council_short(named[0])}" if one_council else "Meetings"
        set_border_title(meetings, Text(f"{title} ({message.meetings:,})"))
        show_council = len(message.councils) > 1 and bool(named)
        if meetings.show_council != show_council:
            meetings.show_council = show_council
            meetings.clear_rendered()
        self.query_one(MeetingList).set_count(
            MeetingSource(self.reader, message.flt), message.meetings
        )

    @on(VirtualList.Counted, "#meetings")
    def _meetings_counted(self, message: VirtualList.Counted) -> None:
        if message.count == 0:  # no MeetingSelected will come: empty the other panes here
            self._release_frames()
            self.meeting = self.item = None
            self.meeting_detail = self.item_detail = None
            set_border_title(self.query_one("#agenda"), "Agenda")
            self.query_one(AgendaList).clear("No meeting selected")
            self.query_one(DetailPane).show_message(
                "No meetings match the filter."
                if not self.flt.is_empty
                else "The store is empty. Add minutes with: minutes-tui ingest PATH"
            )
        elif self.meeting_detail is not None:
            self.call_after_refresh(self._read_ahead)  # the last row is known now (for G)

    @on(MeetingList.MeetingSelected)
    def _meeting_highlighted(self, message: MeetingList.MeetingSelected) -> None:
        self._highlight = message  # told once its meeting is drawn (the list holds the frames)
        self._select_meeting(message.meeting)

    def _select_meeting(self, meeting: MeetingRow) -> None:
        """Show the meeting under the cursor: at once if it was read ahead, else once read."""
        self._to_prepare = []  # drawn ahead for where the cursor was
        self.meeting = meeting
        self.item = None
        # A Text, not a str: a str title would be parsed as markup.
        set_border_title(self.query_one("#agenda"), Text(f"Agenda · {describe_meeting(meeting)}"))
        source = self.query_one(MeetingList).source
        if isinstance(source, MeetingSource) and source.flt == self.flt:
            detail = source.detail(meeting.id)
            if detail is not None:  # read ahead: drawn in the highlight's frame
                self._show_meeting(detail)
                return
        # Coalesce: keys that arrive faster than frames load only the meeting the cursor rests on
        # when the next frame is drawn, not every one it passed.
        if not self._meeting_load_queued:
            self._meeting_load_queued = True
            self.call_after_refresh(self._load_highlighted_meeting)

    def _load_highlighted_meeting(self) -> None:
        self._meeting_load_queued = False
        if self.meeting is not None:
            self._load_meeting(self.meeting, self.flt)

    @work(thread=True, exclusive=True, exit_on_error=False, group="meeting")
    def _load_meeting(self, meeting: MeetingRow, flt: Filter) -> None:
        try:
            detail = meeting_detail(self.reader.connection(), meeting, flt)
        except Exception as error:
            self.post_message(self.QueryFailed(error))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.MeetingLoaded(detail))

    @on(MeetingLoaded)
    def _meeting_loaded(self, message: MeetingLoaded) -> None:
        detail = message.detail
        if self.meeting is None or detail.meeting.id != self.meeting.id:
            return  # the cursor has moved on
        self._show_meeting(detail)

    def _show_meeting(self, detail: MeetingDetail) -> None:
        if detail is self.meeting_detail and self._jump_item_id is None:
            self._meeting_drawn()  # announced again (a jump): shown as it is
            return
        self.meeting_detail = detail
        cursor = 0
        if self._jump_item_id is not None:
            for index, item in enumerate(detail.items):
                if item.id == self._jump_item_id:
                    cursor = index
            self._jump_item_id = None
            self.call_after_refresh(self.query_one(AgendaList).focus)
        agenda = self.query_one(AgendaList)
        agenda.empty_text = "No items match" if not self.flt.is_empty else "No agenda items"
        agenda.show_rows(detail.items, cursor=cursor, marks=detail.marks)
        self._title_agenda(detail.meeting, detail.marks)
        if not self.query_one(AgendaList).has_focus or not detail.items:
            self._show_meeting_detail()
        self._meeting_drawn()

    def _meeting_drawn(self) -> None:
        """The highlighted meeting's panes are drawn: one frame for all of them, then the
        meetings around the cursor are read ahead."""
        detail = self.query_one(DetailPane)
        send_refreshes(*self.query(VirtualList), detail, detail.vertical_scrollbar)
        self._release_frames()  # a new result's frames, held since Enter
        highlight, self._highlight = self._highlight, None
        if highlight is not None:
            highlight.shown()  # the meetings list's frames, held since the highlight
        self.call_after_refresh(self._read_ahead)

    def _read_ahead(self) -> None:
        """Read the meetings a next key can land on (a row either side, a page either
        side, the first and the last) before it is pressed."""
        meetings = self.query_one(MeetingList)
        source = meetings.source
        if not isinstance(source, MeetingSource) or source.flt != self.flt:
            return
        cursor = meetings.cursor
        page = max(1, meetings.scrollable_content_region.height - 1)
        near = (cursor + 1, cursor - 1, cursor + 2, cursor + page, cursor - page, cursor + 3)
        rows = []
        for index in dict.fromkeys((*near, 0, meetings.count - 1)):
            row = meetings.cached_row(index)
            if row is None:
                meetings.read_ahead(index)  # its page first (the last row, for G)
            elif row.id not in source.details:
                rows.append(row)
        if rows:
            self._read_details_ahead(source, rows)
        else:
            self._prepare_ahead()

    @work(thread=True, exclusive=True, exit_on_error=False, group="read-ahead")
    def _read_details_ahead(self, source: MeetingSource, rows: list[MeetingRow]) -> None:
        worker = get_current_worker()
        # Nothing to report on failure: the meeting is read again when the cursor gets there.
        with contextlib.suppress(Exception):
            source.read_ahead(rows, lambda: worker.is_cancelled)
            if not worker.is_cancelled:
                self.post_message(self.DetailsReadAhead())

    @on(VirtualList.ReadAhead, "#meetings")
    def _rows_read_ahead(self) -> None:
        self._read_ahead()  # the meetings of the page just read: their details, then drawn

    @on(DetailsReadAhead)
    def _prepare_ahead(self) -> None:
        """Draw the agenda and detail pane of the meetings a next key lands on (the next, the
        previous, a page either side, the first and the last), one per turn of the screen's
        queue while it is idle, so that the key only puts lines up: drawing a whole meeting's
        resolutions took most of a cursor move's time before its frame."""
        meetings = self.query_one(MeetingList)
        source = meetings.source
        if not isinstance(source, MeetingSource) or source.flt != self.flt:
            return
        if not meetings.has_focus:
            return  # the detail pane shows the agenda's item, not the meeting
        cursor = meetings.cursor
        page = max(1, meetings.scrollable_content_region.height - 1)
        near = (cursor + 1, cursor - 1, cursor + page, cursor - page, 0, meetings.count - 1)
        self._to_prepare = []
        for index in dict.fromkeys(near):
            row = meetings.cached_row(index)
            if row is None:
                continue
            # The meetings list's rows where the cursor would land, then that meeting's pane.
            self._to_prepare.append(partial(meetings.draw_ahead, index))
            if row.id in source.details:
                self._to_prepare.append(partial(self._prepare_detail, row))
        if self._to_prepare:
            self.call_later(self._prepare_next)

    def _prepare_next(self) -> None:
        if self._to_prepare:
            self._to_prepare.pop(0)()
        if self._to_prepare:
            self.call_later(self._prepare_next)

    def _prepare_detail(self, row: MeetingRow) -> None:
        source = self.query_one(MeetingList).source
        detail = source.detail(row.id) if isinstance(source, MeetingSource) else None
        if detail is not None:
            self._prepare_meeting(detail)

    def _prepare_meeting(self, detail: MeetingDetail, matcher: Matcher | None = None) -> None:
        """Draw ahead a meeting's agenda rows and whole-meeting detail pane, with
        ``matcher`` (default: the filter's now)."""
        self.query_one(AgendaList).prepare_rows(detail.items, marks=detail.marks, matcher=matcher)
        self._whole_meeting(detail, self.query_one(DetailPane).prepare, matcher)

    def _show_meeting_detail(self) -> None:
        detail = self.meeting_detail
        if detail is None:
            return
        self._detail_shows_item = False
        self._whole_meeting(detail, self.query_one(DetailPane).show)

    def _whole_meeting(
        self, detail: MeetingDetail, draw: Callable[..., None], matcher: Matcher | None = None
    ) -> None:
        """A whole meeting in the detail pane: ``draw`` is its ``show``, or its ``prepare``
        (drawn ahead: the same arguments, so ``show`` finds it)."""
        draw(
            meeting_heading(detail.meeting),
            detail.resolutions,
            detail.actions,
            self.matcher if matcher is None else matcher,
            whole_meeting=True,
            marks=detail.marks,
        )

    @on(AgendaList.ItemSelected)
    def _item_highlighted(self, message: AgendaList.ItemSelected) -> None:
        self.item = message.item
        if self.query_one(AgendaList).has_focus:
            self._load_item(message.item)

    @work(thread=True, exclusive=True, exit_on_error=False, group="item")
    def _load_item(self, item: ItemRow) -> None:
        conn = self.reader.connection()
        try:
            resolutions = queries.item_resolutions(conn, item.id)
            actions = queries.item_actions(conn, item.id)
        except Exception as error:
            self.post_message(self.QueryFailed(error))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.ItemLoaded(item, resolutions, actions))

    @on(ItemLoaded)
    def _item_loaded(self, message: ItemLoaded) -> None:
        if self.item is None or message.item.id != self.item.id:
            return
        self.item_detail = (message.item, message.resolutions, message.actions)
        self._show_item_detail()

    def _show_item_detail(self) -> None:
        if self.item_detail is None:
            return
        item, resolutions, actions = self.item_detail
        self._detail_shows_item = True
        number = f"Item {item.number}" if item.number else "Item"
        self.query_one(DetailPane).show(
            f"{number} · {item.title or '(untitled item)'}",
            resolutions,
            actions,
            self.matcher,
            whole_meeting=False,
            marks=self.marks,
        )

    def on_descendant_focus(self) -> None:
        """The detail pane follows focus: the whole meeting from the meetings pane, else an item."""
        focused = self.focused
        if isinstance(focused, MeetingList):
            self._show_meeting_detail()
        elif isinstance(focused, AgendaList) and self.item is not None:
            if self.item_detail is not None and self.item_detail[0].id == self.item.id:
                self._show_item_detail()
            else:
                self._load_item(self.item)

    @on(QueryFailed)
    def _query_failed(self, message: QueryFailed) -> None:
        self.app.report_store_error(message.error)

    @on(VirtualList.LoadFailed)
    def _list_failed(self, message: VirtualList.LoadFailed) -> None:
        self.app.report_store_error(message.error)

    # --- filter ------------------------------------------------------------------------------

    # Applying a filter changes the box, the focus, the status line, both lists and the
    # panes' titles, in steps a few milliseconds apart as the queries return; drawn as
    # they come that was three frames of the whole screen before the agenda showed.
    # Frames are held until the new lists can be drawn together, for at most this long,
    # so a slow query still shows the box closing.
    HOLD_FRAMES_AT_MOST: ClassVar[float] = 0.12

    def _release_frames(self) -> None:
        self._reloading = False
        self._frames.release()

    def on_screen_suspend(self) -> None:
        self._release_frames()  # another screen is drawn now: never leave it frozen

    def action_filter(self) -> None:
        self._to_prepare = []  # the reader is typing: nothing drawn ahead competes with the keys
        box = self.query_one(FilterInput)
        box.display = True
        # Focus now, not after the next refresh (``focus()`` defers): the keys after ``/``
        # may already be queued (a paste, a fast typist, an ssh link), and each is
        # dispatched to whatever has focus when its turn comes.
        self.set_focus(box)

    @on(FilterInput.Settled)
    def _filter_settled(self, event: FilterInput.Settled) -> None:
        self.apply_filter(event.value)

    @on(FilterInput.Changed)
    def _filter_typed(self, event: FilterInput.Changed) -> None:
        """Once the key's frame is out, get ready for Enter on what is typed: build its
        highlighter (a new word's patterns, accents and apostrophes allowed between its
        letters, took 1-4 ms to compile while the screen waited for Enter's frame), and
        work out on a thread how its first window will be read, and read it with its first
        meeting (``_plan_ahead``): Enter's query then finds the rows read."""
        box, value = event.input, event.value

        def warm() -> None:
            if box.value != value:
                return  # typed on since: that text's turn comes
            try:
                flt = parse_filter(value)
            except FilterError:
                return
            Matcher.for_filter(flt)  # kept (``Matcher.for_filter``): Enter's frame finds it
            self._stop_planning_other_than(flt)
            if not flt.is_empty:
                self._planning = flt
                rows = self.query_one(MeetingList).first_read()
                self._plan_ahead(MeetingSource(self.reader, flt), rows)

        self.call_after_refresh(warm)

    def _stop_planning_other_than(self, flt: Filter) -> None:
        """Interrupt the plan being worked out ahead unless it is ``flt``'s: typed on past
        it (``t``, ``tr``, ``tra``, ``tran`` each planned as typed), a one-letter prefix's
        read of every word it starts (12-38 ms at 1M items) went on beside the query of
        the text finally entered."""
        if self._planning is not None and self._planning != flt:
            self.reader.interrupt(PLAN_AHEAD)
            self._planning = None

    @work(thread=True, exclusive=True, exit_on_error=False, group="plan-ahead")
    def _plan_ahead(self, source: MeetingSource, rows: int) -> None:
        """The index facts the typed filter's first window weighs, and its rows and first
        meeting, read while the reader types (a one-letter prefix's words: 12-38 ms at 1M
        items; a walk's rows, 3-17 ms), which Enter's query then finds, or waits for rather
        than reads again. Nothing is shown: a failure here is met again, and reported, by
        the query itself."""
        with contextlib.suppress(Exception):
            detail = source.plan_ahead(rows)
            if detail is not None and not get_current_worker().is_cancelled:
                self.post_message(self.TypedReadAhead(source.flt, detail))

    @on(TypedReadAhead)
    def _typed_read_ahead(self, message: TypedReadAhead) -> None:
        """Draw the typed filter's first meeting's agenda and detail pane ahead, with the
        filter's matcher, while the reader has not pressed Enter: Enter's frame then puts
        them up (drawing a big meeting's detail pane took 2-6 ms of it at 160x48). Nothing
        if the text has changed since, or the filter is applied already."""
        flt = message.flt
        if flt != self._planning or flt == self.flt:
            return
        # With the matcher ``apply_filter`` will set (the same object for the same filter).
        self._prepare_meeting(message.detail, Matcher.for_filter(flt))

    def apply_filter(self, text: str) -> bool:
        """Parse and apply a filter; an invalid one is explained in the status line."""
        try:
            flt = parse_filter(text)
        except FilterError as error:
            self.query_one(StatusLine).set_state(error=str(error))
            return False
        self.filter_text = text.strip() if not flt.is_empty else ""
        self._stop_planning_other_than(flt)
        if flt == self.flt:
            self.query_one(StatusLine).set_state(error="")
            return True
        self.flt = flt
        self.matcher = Matcher.for_filter(flt)
        self.reload()  # which clears the status line's error once the query is on its way
        return True

    @on(FilterInput.Submitted)
    @on(FilterInput.Done)
    async def _filter_done(self) -> None:
        box = self.query_one(FilterInput)
        box.cancel_settling()
        self._frames.hold()
        if not (self.apply_filter(box.value) and self._reloading):
            self._release_frames()
        # Let the new list's worker reach its thread before the box and focus change.
        await asyncio.sleep(0)
        # The status line shows the active filter; ``/`` reopens the box with it.
        box.display = False
        self.query_one(MeetingList).focus()
        # The history for the next session (the app writes its file a moment later).
        self.app.remember_filters(list(box.history.entries))

    @on(FilterInput.Cancelled)
    def _filter_cancelled(self) -> None:
        self.app.remember_filters(self.query_one(FilterInput).history.entries)
        self.clear_filter()
        self.query_one(MeetingList).focus()

    def clear_filter(self) -> None:
        self.query_one(FilterInput).cancel_settling()
        box = self.query_one(FilterInput)
        with box.prevent(FilterInput.Changed):
            box.value = ""
        box.display = False
        self.apply_filter("")

    def action_back(self) -> None:
        if not self.flt.is_empty or self.query_one(FilterInput).display:
            self.clear_filter()
        elif self.focused is not self.query_one(MeetingList):
            self.query_one(MeetingList).focus()

    # --- panes -------------------------------------------------------------------------------

    PANES: ClassVar[tuple[str, ...]] = ("#meetings", "#agenda", "#detail")

    def _pane_index(self) -> int:
        for index, selector in enumerate(self.PANES):
            pane = self.query_one(selector)
            if self.focused is not None and (
                self.focused is pane or pane in self.focused.ancestors_with_self
            ):
                return index
        return 0

    def action_next_pane(self) -> None:
        index = (self._pane_index() + 1) % len(self.PANES)
        self.query_one(self.PANES[index]).focus()

    def action_previous_pane(self) -> None:
        index = (self._pane_index() - 1) % len(self.PANES)
        self.query_one(self.PANES[index]).focus()

    def action_open(self) -> None:
        """Enter: from a meeting go to its agenda; from an item open the reading view."""
        focused = self.focused
        if isinstance(focused, MeetingList):
            self.query_one(AgendaList).focus()
        elif isinstance(focused, AgendaList | DetailPane) and self.item is not None:
            self.app.open_item(self.item.id, self.matcher)

    def action_open_page(self) -> None:
        """``o``: the item's page from the agenda or detail pane, else the meeting's."""
        if self.meeting is None:
            self.notify("No meeting selected.", severity="warning")
            return
        item = self.item if not isinstance(self.focused, MeetingList) else None
        self._find_page(self.meeting.id, item.id if item else None)

    @work(thread=True, exclusive=True, exit_on_error=False, group="page")
    def _find_page(self, meeting_id: str, item_id: str | None) -> None:
        try:
            url = queries.page_url(self.reader.connection(), meeting_id, item_id)
        except Exception as error:
            self.post_message(self.QueryFailed(error))
            return
        self.app.call_from_thread(self.app.open_page, url)

    def step_item(self, step: int) -> str | None:
        """Move the agenda's cursor ``step`` items on; the item's id, or None past an end."""
        agenda = self.query_one(AgendaList)
        index = agenda.cursor + step
        row = agenda.row_at(index) if 0 <= index < agenda.count else None
        if row is None:
            return None
        agenda.move_to(index)
        return row.id

    # --- action list, copy, export, refresh --------------------------------------------------

    def action_all_actions(self) -> None:
        self.app.show_all_actions(self.flt, self.matcher)

    def go_to_item(self, meeting_id: str, item_id: str | None) -> None:
        """Select a meeting (and one of its items) by id, clearing a filter that hides it."""
        self._jump_item_id = item_id
        self._find_meeting(meeting_id, self.flt)

    @work(thread=True, exclusive=True, exit_on_error=False, group="jump")
    def _find_meeting(self, meeting_id: str, flt: Filter) -> None:
        conn = self.reader.connection()
        try:
            index = queries.meeting_index(conn, flt, meeting_id)
            if index is None and not flt.is_empty:
                flt = Filter()
                index = queries.meeting_index(conn, flt, meeting_id)
        except Exception as error:
            self.post_message(self.QueryFailed(error))
            return
        self.app.call_from_thread(self._jump_to, flt, index)

    def _jump_to(self, flt: Filter, index: int | None) -> None:
        meetings = self.query_one(MeetingList)
        if not meetings.loaded and (index is None or flt == self.flt):
            # Reopening where the last session was: the list is drawn from that meeting.
            self.reload(cursor=index or 0)
            return
        if index is None:
            self.notify("That meeting is no longer in the store.", severity="warning")
            return
        meetings.focus()
        if flt != self.flt:
            box = self.query_one(FilterInput)
            with box.prevent(FilterInput.Changed):
                box.value = ""
            box.display = False
            self.flt, self.filter_text = flt, ""
            self.matcher = Matcher.for_filter(flt)
            self.query_one(AgendaList).matcher = self.matcher
            self.meeting = None
            self.reader.interrupt(SEARCH)
            meetings.load(MeetingSource(self.reader, flt), cursor=index, count=False)
            self.query_one(StatusLine).set_state(filter_text="", counts="counting…", error="")
            self._count_after_shown = flt
        else:
            self.meeting = None
            meetings.move_to(index)
            meetings.announce(again=True)  # even if the cursor was already there

    def action_copy(self) -> None:
        focused = self.focused
        if isinstance(focused, AgendaList) and self.item is not None:
            self.app.copy_item(self.item.id)
        elif isinstance(focused, DetailPane) and focused.plain_text:
            shown = self.item_detail[0] if self._detail_shows_item and self.item_detail else None
            self.app.copy_with_citation(focused.plain_text, self.meeting, shown)
        elif self.meeting is not None:
            detail = self.meeting_detail
            lines = [describe_meeting(self.meeting)]
            if detail is not None and detail.meeting.id == self.meeting.id:
                lines.extend(
                    f"{one_line(i.number or '-')}  {one_line(i.title or '(untitled item)')}"
                    for i in detail.items
                )
            self.app.copy_with_citation("\n".join(lines), self.meeting, None)
        else:
            self.notify("Nothing selected to copy.", severity="warning")

    def action_export(self) -> None:
        self.app.ask_export(self.flt, self.meeting_count)

    def action_refresh(self) -> None:
        self.reload(keep_cursor=True)
        self.notify("Reloaded from the store.")

    # --- following: marks, notes, threads, people, watches -----------------------------------

    @property
    def marks(self) -> Marks:
        detail = self.meeting_detail
        if detail is None or self.meeting is None or detail.meeting.id != self.meeting.id:
            return NO_MARKS
        return detail.marks

    def _title_agenda(self, meeting: MeetingRow, marks: Marks) -> None:
        flags = ("★" if meeting.id in marks.bookmarked else "") + (
            "✎" if meeting.id in marks.noted else ""
        )
        title = f"Agenda · {describe_meeting(meeting)}" + (f" {flags}" if flags else "")
        set_border_title(self.query_one("#agenda"), Text(title))

    def _meeting_target(self) -> Target | None:
        from store import userdata

        if self.meeting is None:
            return None
        return userdata.target("meeting", self.meeting.id, describe_meeting(self.meeting))

    def _item_target(self) -> Target | None:
        from store import userdata

        if self.item is None or self.meeting is None:
            return None
        number = f"item {self.item.number} " if self.item.number else ""
        label = f"{describe_meeting(self.meeting)} · {number}{self.item.title or ''}"
        return userdata.target("item", self.item.id, label)

    def _targets_shown(self) -> list[Target]:
        """What ``m`` and ``c`` may mean from the detail pane: its meeting or item, and each
        resolution and action point it shows."""
        from store import userdata

        item = self._item_target() if self._detail_shows_item else None
        targets = [t for t in (item, self._meeting_target()) if t is not None]
        resolutions, actions = self.query_one(DetailPane).shown
        for resolution in resolutions:
            if resolution.record_id is not None:
                number = f"({resolution.number}) " if resolution.number else ""
                targets.append(
                    userdata.target(
                        "resolution",
                        resolution.record_id,
                        number + resolution.text,
                        item_id=resolution.item_id,
                    )
                )
        for action in actions:
            if action.record_id is not None:
                targets.append(
                    userdata.target("action", action.record_id, action.text, item_id=action.item_id)
                )
        return targets

    def _mark(self, then: Callable[[Target], None], verb: str) -> None:
        """Run ``then`` on what is selected: the meeting (meetings pane), the item (agenda),
        or a record the reader picks (detail pane)."""
        focused = self.focused
        if isinstance(focused, DetailPane):
            targets = self._targets_shown()
            if len(targets) > 1:
                from tui.screens.editors import TargetPicker

                def picked(target: Target | None) -> None:
                    if target is not None:
                        then(target)

                self.app.push_screen(TargetPicker(f"{verb} which?", targets), picked)  # type: ignore[attr-defined]
                return
            target = targets[0] if targets else None
        elif isinstance(focused, AgendaList):
            target = self._item_target()
        else:
            target = self._meeting_target()
        if target is None:
            self.notify("Nothing selected.", severity="warning")
            return
        then(target)

    def action_bookmark(self) -> None:
        self._mark(self.app.toggle_bookmark, "Bookmark")

    def action_note(self) -> None:
        self._mark(self.app.edit_note, "Write a note on")

    def action_thread(self) -> None:
        if self.item is None:
            self.notify("Select an agenda item first: its timeline is every meeting that took it.")
            return
        self.app.open_thread(self.item.id)

    def action_people(self) -> None:
        self.app.open_people()

    def action_news(self) -> None:
        self.app.open_news()

    def action_marks(self) -> None:
        self.app.open_marks()

    def action_save_watch(self) -> None:
        if self.flt.is_empty:
            self.notify("Filter first (/): s then saves the filter as a watch.")
            return
        text = self.query_one(FilterInput).value.strip() or self.flt.describe()
        self.app.follow("filter", text, text, text)

    def action_follow(self) -> None:
        target = self._item_target()
        if target is None or self.item is None:
            self.notify("Select an agenda item first, then f follows it.")
            return
        self.app.follow("item", self.item.id, self.item.title or self.item.id, target.label)

    def user_data_changed(self) -> None:
        """A bookmark, note or watch was written (or the news looked at): the marks of the
        meeting shown, and the header's count of what is new, again."""
        source = self.query_one(MeetingList).source
        if isinstance(source, MeetingSource):
            source.details.clear()  # read ahead with the marks as they were
        if self.meeting is not None:
            self._load_marks(self.meeting.id)
        self._load_totals()

    @work(thread=True, exclusive=True, exit_on_error=False, group="marks")
    def _load_marks(self, meeting_id: str) -> None:
        try:
            marks = meeting_marks(self.reader.connection(), meeting_id)
        except Exception as error:
            self.post_message(self.QueryFailed(error))
            return
        self.post_message(self.MarksLoaded(meeting_id, marks))

    @on(MarksLoaded)
    def _marks_loaded(self, message: MarksLoaded) -> None:
        detail = self.meeting_detail
        if detail is None or detail.meeting.id != message.meeting_id:
            return
        detail = replace(detail, marks=message.marks)
        self.meeting_detail = detail
        self.query_one(AgendaList).marks = message.marks  # its rows drawn again
        self._title_agenda(detail.meeting, message.marks)
        if self._detail_shows_item:
            self._show_item_detail()
        else:
            self._show_meeting_detail()

    # --- continuity --------------------------------------------------------------------------

    def place(self) -> dict[str, str]:
        """Where the reader is: the filter as typed, the meeting and item selected."""
        place = {"filter": self.filter_text if not self.flt.is_empty else ""}
        if self.meeting is not None:
            place["meeting"] = self.meeting.id
        if self.item is not None:
            place["item"] = self.item.id
        return place

    def _set_filter(self, flt: Filter, text: str) -> None:
        """The filter in use, as typed ``text`` (a saved one, not typed this session)."""
        box = self.query_one(FilterInput)
        with box.prevent(FilterInput.Changed):
            box.value = text
        self.flt, self.filter_text = flt, text
        self.matcher = Matcher.for_filter(flt)

    def restore(self, place: dict[str, str]) -> None:
        """Reopen where the last session on this store was (a filter that no longer parses,
        or a meeting that is gone, is dropped quietly)."""
        text = place.get("filter", "")
        try:
            flt = parse_filter(text)
        except FilterError:
            text, flt = "", Filter()
        self._set_filter(flt, text)
        meeting_id = place.get("meeting")
        if meeting_id:
            self._jump_item_id = place.get("item")
            self._find_meeting(meeting_id, flt)
        else:
            self.reload()
