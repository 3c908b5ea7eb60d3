"""The reader's access to the store: one read-only connection per thread, and row sources.

SQLite connections must not be shared between threads, and every query from
the UI runs on a worker thread. ``StoreReader.connection()`` opens (once per
thread) a ``store.db.connect_readonly`` connection and keeps it for that
thread's later queries. The row sources below adapt ``store.queries`` window
functions to ``VirtualList``'s ``RowSource`` protocol; the TUI never writes
SQL, it only calls ``store.queries``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from store import queries
from store.db import connect_readonly, index_is_stale
from store.errors import StoreErrorKind, kind_of
from store.facts import per_store
from store.filters import Filter
from store.marks import marks_in_meeting, threaded_items
from store.queries import ActionRow, ItemRow, MeetingRow, ResolutionRow


class StoreReader:
    """Per-thread read-only connections to one store file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[sqlite3.Connection] = []
        self._running: dict[str, set[sqlite3.Connection]] = {}

    def connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect_readonly(self.path)
            # Closed from the UI thread at exit; the connection is never used by two threads
            # at once, but it may be closed by another.
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    @contextlib.contextmanager
    def running(self, group: str) -> Iterator[sqlite3.Connection]:
        """This thread's connection, registered under ``group`` while the block runs."""
        conn = self.connection()
        with self._lock:
            self._running.setdefault(group, set()).add(conn)
        try:
            yield conn
        finally:
            with self._lock:
                self._running[group].discard(conn)

    def interrupt(self, group: str) -> None:
        """Stop the queries running under ``group`` (a newer search replaces them).

        ``sqlite3.Connection.interrupt`` is safe to call from another thread;
        the interrupted query raises ``OperationalError("interrupted")``, which
        ``is_interrupted`` recognises so callers drop it silently.
        """
        # Under the lock, so every connection interrupted is still inside its ``running``
        # block: it cannot have moved on to another group's query. (An interrupt between two
        # statements of a block is a no-op, as SQLite documents.)
        with self._lock:
            for conn in self._running.get(group, ()):
                with contextlib.suppress(sqlite3.Error):
                    conn.interrupt()

    def close(self) -> None:
        with self._lock:
            connections, self._all = self._all, []
        for conn in connections:
            with contextlib.suppress(sqlite3.Error):  # another thread's: the GC closes it
                conn.close()


class UserWriter:
    """Per-thread connections that write the reader's own data (``store.userdata``).

    The reader's connections are read-only; a bookmark, a note or a watch is written on
    one of these, in a worker thread, one short transaction each. ``store.userdata`` is
    imported with the first write: the app makes one of these at start-up, and the first
    screen writes nothing.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[sqlite3.Connection] = []

    def connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            from store.userdata import connect_writer

            conn = connect_writer(self.path)
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            connections, self._all = self._all, []
        for conn in connections:
            with contextlib.suppress(sqlite3.Error):
                conn.close()


def is_interrupted(error: BaseException) -> bool:
    """The query was stopped by ``StoreReader.interrupt``, not broken."""
    return (
        isinstance(error, sqlite3.OperationalError) and kind_of(error) is StoreErrorKind.INTERRUPTED
    )


SEARCH = "search"  # the group of queries a new filter makes stale
PLAN_AHEAD = "plan-ahead"  # the plan of a filter being typed, stale once the text changes


class DetailCache:
    """Meetings' details under one filter, read ahead of the cursor: at most ``size``, the
    least recently used dropped first. Filled on worker threads, read on the UI's."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._details: OrderedDict[str, MeetingDetail] = OrderedDict()
        self._lock = threading.Lock()

    def __contains__(self, meeting_id: object) -> bool:
        return meeting_id in self._details

    def get(self, meeting_id: str) -> MeetingDetail | None:
        with self._lock:
            detail = self._details.get(meeting_id)
            if detail is not None:
                self._details.move_to_end(meeting_id)
            return detail

    def clear(self) -> None:
        """Forget every detail (a bookmark or note changed the marks they carry)."""
        with self._lock:
            self._details.clear()

    def put(self, detail: MeetingDetail) -> None:
        with self._lock:
            self._details[detail.meeting.id] = detail
            self._details.move_to_end(detail.meeting.id)
            while len(self._details) > self.size:
                self._details.popitem(last=False)


@dataclass(frozen=True)
class MeetingSource:
    """The (filtered) meetings, newest first, undated last."""

    reader: StoreReader
    flt: Filter
    # Meetings' agendas, resolutions and actions under this filter, read ahead: the first
    # meeting's with the first window (the cursor starts there, and the agenda then paints
    # in the same frame as the meetings), the ones around the cursor after each move
    # (``read_ahead``), so the next key draws the meeting with its highlight.
    details: DetailCache = field(default_factory=DetailCache, compare=False, hash=False, repr=False)

    def count(self) -> int:
        with self.reader.running(SEARCH) as conn:
            return queries.count_meetings(conn, self.flt)

    def fetch(self, offset: int, limit: int, total: int | None = None) -> Sequence[MeetingRow]:
        with self.reader.running(SEARCH) as conn:
            if offset:
                return queries.meetings_window(conn, self.flt, offset, limit, total=total)
            # Read ahead while the filter was typed, most often (``plan_ahead``).
            rows = queries.first_window(conn, self.flt, limit)
            if rows and rows[0].id not in self.details:
                self.details.put(first_meeting_detail(conn, rows[0], self.flt))
            return rows

    def plan_ahead(self, rows: int) -> MeetingDetail | None:
        """Work out how the first ``rows`` will be read and read them, with the first
        meeting's agenda (``queries.plan_ahead``): Enter's ``fetch`` finds them. The first
        meeting's detail, for its panes to be drawn ahead (None: no meeting passes).

        In a group of its own (PLAN_AHEAD), not SEARCH: Enter on the same text lets it
        finish, as its query waits for the facts being computed rather than computing them
        again; the screen interrupts it once the text it plans is no longer the one typed."""
        with self.reader.running(PLAN_AHEAD) as conn:
            first = queries.plan_ahead(conn, self.flt, rows)
            return first_meeting_detail(conn, first[0], self.flt) if first else None

    def detail(self, meeting_id: str) -> MeetingDetail | None:
        """The detail of ``meeting_id`` if it was read ahead, else None."""
        return self.details.get(meeting_id)

    def read_ahead(self, meetings: Sequence[MeetingRow], stop: Callable[[], bool]) -> None:
        """Read the details of ``meetings`` not read yet, in order, until ``stop()``."""
        with self.reader.running(SEARCH) as conn:
            for meeting in meetings:
                if stop():
                    return
                if meeting.id not in self.details:
                    self.details.put(meeting_detail(conn, meeting, self.flt))


@dataclass(frozen=True)
class Marks:
    """What the lists mark on a meeting's rows: items with a thread, and the ids (of the
    meeting, its items and records) the reader bookmarked or noted."""

    threads: frozenset[str] = frozenset()
    bookmarked: frozenset[str] = frozenset()
    noted: frozenset[str] = frozenset()


NO_MARKS = Marks()


def meeting_marks(conn: sqlite3.Connection, meeting_id: str) -> Marks:
    bookmarked, noted = marks_in_meeting(conn, meeting_id)
    return Marks(threaded_items(conn, meeting_id), bookmarked, noted)


@dataclass(frozen=True)
class MeetingDetail:
    """One meeting and what the agenda and detail panes show for it under a filter."""

    meeting: MeetingRow
    items: list[ItemRow]
    resolutions: list[ResolutionRow]
    actions: list[ActionRow]
    marks: Marks = NO_MARKS


def meeting_detail(conn: sqlite3.Connection, meeting: MeetingRow, flt: Filter) -> MeetingDetail:
    items, resolutions, actions = queries.meeting_contents(conn, meeting.id, flt)
    return MeetingDetail(meeting, items, resolutions, actions, meeting_marks(conn, meeting.id))


def first_meeting_detail(
    conn: sqlite3.Connection, meeting: MeetingRow, flt: Filter
) -> MeetingDetail:
    """``meeting_detail`` of a filter's first meeting, kept until the store changes and
    shared by the reader's connections (``store.facts``, as ``queries.first_window``): read
    while the filter is typed, found by Enter's query."""
    key = ("first meeting", meeting.id, flt, dt.date.today())
    return per_store(conn, key, lambda: meeting_detail(conn, meeting, flt))


class StoreOpening:
    """The store's first screen, read on a thread of its own from the moment the reader is
    launched, while the interpreter is still importing the app and Textual is parsing its
    styles: where the last session on this store was (``tui.settings``: its filter, meeting
    and item), the page of meetings holding that meeting (else the first page) and its
    agenda, and the item's resolutions and actions. Most start-ups find them read by the
    time the first frame can be drawn, and draw them in it; the others open the store the
    usual way (``MinutesApp._open_store``, which restores the place with queries of its
    own and also says why a store cannot be read).
    """

    def __init__(self, reader: StoreReader, rows: int) -> None:
        self.reader = reader
        self.source = MeetingSource(reader, Filter())
        self.filter_text = ""  # the saved filter as typed ("" when it no longer parses)
        self.cursor = 0  # the saved meeting's row in ``source`` (0 when it is gone)
        self.start = 0  # the row the page read begins at (the cursor's page)
        self.item_id: str | None = None  # the saved item, when its meeting is the cursor's
        self.item_detail: tuple[ItemRow, list[ResolutionRow], list[ActionRow]] | None = None
        self._rows: Sequence[MeetingRow] = ()
        self.stale = False  # the search index was left behind its rows (``index_is_stale``)
        self._done = threading.Event()
        thread = threading.Thread(target=self._read, args=(rows,), name="first-screen")
        thread.daemon = True
        thread.start()

    def _read(self, rows: int) -> None:
        try:
            path = self.reader.path
            # A missing or empty file is for the usual path: it loads the samples.
            if path.is_file() and path.stat().st_size > 0:
                self._rows = self._read_place(rows)
                self.stale = index_is_stale(self.reader.connection())
        except Exception:  # the usual path opens the store again and says what is wrong
            self._rows = ()
        finally:
            self._done.set()

    def _read_place(self, rows: int) -> Sequence[MeetingRow]:
        """The saved place's page of meetings (``MainScreen.restore`` reads the same place
        the usual way: a filter that no longer parses, or a meeting gone, is dropped)."""
        from store.filters import FilterError, parse_filter
        from tui.settings import Settings

        place = Settings.load().places.get(str(self.reader.path.resolve())) or {}
        text = place.get("filter", "")
        try:
            flt = parse_filter(text)
        except FilterError:
            text, flt = "", Filter()
        conn = self.reader.connection()
        meeting_id = place.get("meeting")
        index = queries.meeting_index(conn, flt, meeting_id) if meeting_id else None
        if index is None and meeting_id and not flt.is_empty:
            index = queries.meeting_index(conn, Filter(), meeting_id)
            if index is not None:  # the filter hides it now: shown without the filter
                text, flt = "", Filter()
        self.filter_text, self.source = text, MeetingSource(self.reader, flt)
        self.cursor = index or 0
        start = self.cursor // rows * rows
        page = self.source.fetch(start, rows)
        if not start <= self.cursor < start + len(page):  # the store shrank
            self.cursor = start = 0
            page = self.source.fetch(0, rows)
            if not page:
                return page
        self.start = start
        meeting = page[self.cursor - start]
        detail = self.source.detail(meeting.id)
        if detail is None:
            detail = meeting_detail(conn, meeting, flt)
            self.source.details.put(detail)
        item = next((i for i in detail.items if i.id == place.get("item")), None)
        if item is not None:
            self.item_id = item.id
            self.item_detail = (
                item,
                queries.item_resolutions(conn, item.id),
                queries.item_actions(conn, item.id),
            )
        return page

    def first_rows(self, wait: float) -> Sequence[MeetingRow]:
        """The page of meetings holding ``cursor`` if read within ``wait`` seconds (empty:
        not read, failed, or the store has no meetings)."""
        self._done.wait(wait)
        return self._rows if self._done.is_set() else ()
