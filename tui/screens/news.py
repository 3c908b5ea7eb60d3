"""What's new: the overall news and each watch, with how much is new since last looked at.

The left list is "Everything" and every watch (a saved filter, a followed item, thread or
person) with its count of items new or changed since it was last looked at; the right list
is the highlighted one's news, newest change first (each changed meeting, then its items,
with the resolutions and actions added to them). A watch whose news was shown here counts
as looked at when the screen closes: its count starts again from the epoch shown.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from store import follow
from store.follow_records import NewsRow, WatchRow
from tui.bindings import bindings_for
from tui.follow_reader import NewsSource
from tui.reader import StoreReader, is_interrupted
from tui.safe_text import one_line
from tui.screens.listing import FollowingApp
from tui.textual_compat import set_border_title
from tui.widgets.follow_lists import NewsList, WatchEntry, WatchList
from tui.widgets.footer import KeyFooter
from tui.widgets.virtual_list import VirtualList

EVERYTHING = "Everything"


@dataclass(frozen=True)
class WatchState:
    """A watch as the screen loaded it: where its news starts, and what it follows."""

    watch: WatchRow | None  # None: the overall news
    since: int
    scope: follow.Scope


@dataclass(frozen=True)
class NewsFirst:
    """What the screen's first frame draws, read before it is pushed: the watches, and the
    first page of the first one's news (the overall news)."""

    epoch: int
    states: list[WatchState]
    source: NewsSource
    page: list[NewsRow]


def read_watches(conn: sqlite3.Connection) -> tuple[int, list[WatchState]]:
    """The current epoch, and the overall news and every watch, each from where it starts."""
    epoch = follow.current_epoch(conn)
    seen = follow.overall_seen(conn)
    states = [WatchState(None, epoch if seen is None else seen, follow.Scope())]
    for watch in follow.watches(conn):
        states.append(WatchState(watch, watch.seen, follow.watch_scope(conn, watch)))
    return epoch, states


def read_news_first(reader: StoreReader, page_size: int) -> NewsFirst:
    epoch, states = read_watches(reader.connection())
    source = NewsSource(reader, states[0].since, states[0].scope)
    return NewsFirst(epoch, states, source, list(source.fetch(0, page_size)))


class NewsScreen(Screen[None]):
    """The watches and what is new in each."""

    BINDINGS: ClassVar = bindings_for("news")
    PALETTE_SCOPE: ClassVar[str] = "news"
    AUTO_FOCUS = "#watches"

    app: FollowingApp  # type: ignore[assignment]

    class Loaded(Message):
        """The watches, and where each one's news starts (counted later: ``Counted``)."""

        def __init__(self, epoch: int, states: list[WatchState]) -> None:
            super().__init__()
            self.epoch, self.states = epoch, states

    class Counted(Message):
        def __init__(self, states: list[WatchState], counts: list[int]) -> None:
            super().__init__()
            self.states, self.counts = states, counts

    def __init__(self, first: NewsFirst | None = None) -> None:
        super().__init__()
        # Read before the screen was pushed: its first frame draws them
        # (``MinutesApp.open_news``).
        self._first = first
        self._first_source: NewsSource | None = None  # its news, shown before highlighted
        self.epoch = 0
        self.states: list[WatchState] = []
        self.looked: dict[str | None, int] = {}  # watches whose news was shown, and when
        self._news_title = "What's new"

    def compose(self) -> ComposeResult:
        yield Static(id="news-head", markup=False)
        with Horizontal(id="news-body"):
            yield WatchList(id="watches", classes="pane", empty_text="No watches")
            yield NewsList(id="news", classes="pane", empty_text="Nothing new")
        yield Static(id="news-status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        watches = self.query_one("#watches", WatchList)
        watches.border_title = "Watches"
        watches.border_subtitle = "new since last looked"
        news = self.query_one("#news", NewsList)
        news.border_title = "What's new"
        news.border_subtitle = "newest change first"
        self.query_one("#news-head", Static).update(
            Text(
                "New and changed meetings and items since you last looked."
                "  Save a filter as a watch with s, follow an item or a thread with f,"
                " a person with f on their record."
            )
        )
        self._status("counting…")
        first, self._first = self._first, None
        if first is None:
            self._load()
            return
        self._show_watches(first.epoch, first.states)
        news.load_read(first.source, first.page)
        if not news.count_is_exact:
            self._count_news(first.source)
        self._show_watch(0, shown=True)
        self._first_source = first.source  # the watches' first Highlighted: shown already
        self._load(first.states)

    def on_resize(self) -> None:
        self.set_class(self.size.width < 100, "-narrow")

    def _status(self, text: str) -> None:
        self.query_one("#news-status", Static).update(Text(" " + text, no_wrap=True))

    @work(thread=True, exclusive=True, exit_on_error=False, group="news")
    def _load(self, states: list[WatchState] | None = None) -> None:
        """The watches first (the news of the one highlighted is read at once), then how much
        is new in each, which costs more and is drawn when ready. ``states``: the watches,
        already read and shown."""
        try:
            conn = self.app.reader.connection()
            if states is None:
                epoch, states = read_watches(conn)
                self.post_message(self.Loaded(epoch, states))
            counts = []
            for state in states:
                if get_current_worker().is_cancelled:
                    return
                counts.append(follow.news_count(conn, state.since, state.scope))
        except Exception as error:
            self.app.call_from_thread(self.app.report_store_error, error)
            return
        self.post_message(self.Counted(states, counts))

    @work(thread=True, exclusive=True, exit_on_error=False, group="news-first-count")
    def _count_news(self, source: NewsSource) -> None:
        """The length of the news first shown (``load`` counts it on its own thread)."""
        try:
            count = source.count()
        except Exception as error:
            if not is_interrupted(error):
                self.app.call_from_thread(self.app.report_store_error, error)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._news_count_read, source, count)

    def _news_count_read(self, source: NewsSource, count: int) -> None:
        self.query_one("#news", NewsList).set_count(source, count)  # ignored if shown no more

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self._show_watches(message.epoch, message.states)

    def _show_watches(self, epoch: int, states: list[WatchState]) -> None:
        self.epoch, self.states = epoch, states
        watches = self.query_one("#watches", WatchList)
        cursor = min(watches.cursor, len(self.states) - 1)
        watches.counts = {}
        watches.show_rows(
            [
                WatchEntry(
                    None if s.watch is None else s.watch.name,
                    "" if s.watch is None else s.watch.kind,
                    "" if s.watch is None else (s.watch.label or s.watch.query),
                )
                for s in self.states
            ],
            cursor=cursor,
        )

    @on(Counted)
    def _counted(self, message: Counted) -> None:
        if message.states is not self.states:
            return  # the watches were read again meanwhile
        watches = self.query_one("#watches", WatchList)
        names = [None if s.watch is None else s.watch.name for s in message.states]
        watches.counts = dict(zip(names, message.counts, strict=True))
        watches.clear_rendered()  # the same rows, drawn again with their counts
        total = message.counts[0]
        others = len(names) - 1
        self._status(
            f"{total:,} new or changed overall · {others} watches"
            if total
            else f"nothing new overall · {others} watches"
        )

    @on(WatchList.Highlighted, "#watches")
    def _watch_highlighted(self, message: WatchList.Highlighted) -> None:
        self._show_watch(message.index)

    def _show_watch(self, index: int, *, shown: bool = False) -> None:
        """The news of the watch at ``index``; ``shown``: already in the list."""
        if not 0 <= index < len(self.states):
            return
        state = self.states[index]
        name = None if state.watch is None else state.watch.name
        news = self.query_one("#news", NewsList)
        source = NewsSource(self.app.reader, state.since, state.scope)
        first, self._first_source = self._first_source, None
        if not shown and first != source:  # else: read before the screen, and shown
            news.load(source)
        # A Text, not a str: a watch's name is the reader's words, never markup.
        self._news_title = f"What's new · {one_line(name) if name else EVERYTHING}"
        set_border_title(news, Text(self._news_title))
        self.looked[name] = self.epoch

    @on(VirtualList.Counted, "#news")
    def _news_counted(self, message: VirtualList.Counted) -> None:
        news = self.query_one("#news", NewsList)
        set_border_title(news, Text(f"{self._news_title} ({message.count:,})"))

    @on(VirtualList.LoadFailed)
    def _failed(self, message: VirtualList.LoadFailed) -> None:
        self.app.report_store_error(message.error)

    def action_switch(self) -> None:
        watches, news = self.query_one("#watches"), self.query_one("#news")
        (news if watches.has_focus else watches).focus()

    def action_jump(self) -> None:
        news = self.query_one("#news", NewsList)
        if not news.has_focus:
            news.focus()
            return
        row: NewsRow | None = news.highlighted_row
        if row is not None:
            self._mark_looked()
            self.app.go_to_item(row.meeting.id, row.item.id if row.item else None)

    def action_remove(self) -> None:
        watches = self.query_one("#watches", WatchList)
        entry = watches.highlighted_row
        if entry is None or entry.name is None:
            self.notify("Everything is not a watch: it cannot be removed.")
            return
        self.looked.pop(entry.name, None)
        self.app.remove_watch(entry.name)

    def user_data_changed(self) -> None:
        """A watch was added or removed: count them again."""
        self._load()

    def _mark_looked(self) -> None:
        for name, epoch in self.looked.items():
            self.app.mark_seen(name, epoch)
        self.looked.clear()

    def action_close(self) -> None:
        self._mark_looked()
        self.dismiss()
