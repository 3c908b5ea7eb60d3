"""The minutes-tui application: ``make_app`` builds it from a store path, ``run`` runs it.

The CLI (``tui/cli.py``) only parses arguments and calls ``run``; tests build
the app with ``make_app`` and drive it with ``run_test``. Opening the store
(and loading the bundled samples into an empty one) happens on a worker
thread while the main screen says so; a store that cannot be opened gets an
error screen with the one-line reason and what to do, never a traceback.

Only the main screen is imported at start-up; the other screens (and the system
clipboard) are imported when first used (each import is milliseconds of the first
frame).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path, PurePath
from time import monotonic
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import get_current_worker

if TYPE_CHECKING:
    from store.detail_records import ItemDetail
    from store.follow_records import AppearanceRow
    from store.userdata import Target
    from tui.action_source import ActionSource
    from tui.screens.news import NewsFirst
    from tui.screens.reading import Mark, ReadingScreen

from store import queries
from store.db import (
    StoreError,
    StoreErrorKind,
    connect_readonly,
    has_meetings,
    index_is_stale,
    is_a_folder,
    missing,
    open_store,
)
from store.errors import kind_of
from store.filters import Filter
from store.queries import ActionRow, ItemRow, MeetingRow
from store.records import action_facts
from tui import gc_policy, textual_compat
from tui.bindings import NamedAction, actions_in, bindings_for
from tui.reader import StoreOpening, StoreReader, UserWriter, is_interrupted
from tui.safe_text import inert, one_line
from tui.screens.main import MainScreen, describe_meeting
from tui.settings import Settings
from tui.widgets.matches import Matcher
from tui.widgets.panes import meeting_date
from tui.widgets.virtual_list import VirtualList

STALE_INDEX = (
    "The search index is incomplete (a first ingest is still running, or an ingest was stopped"
    " before it finished), so a filter may miss items: the ingest's end, or any write"
    " (minutes-tui ingest), rebuilds it."
)
SAMPLES_HINT = (
    "sample minutes · add yours: minutes-tui ingest PATH (the samples then leave the store)"
)


def advice_for(kind: StoreErrorKind, db_path: Path) -> str:
    """What the reader can do about a store that cannot be opened, by why it cannot."""
    if kind in (StoreErrorKind.NOT_A_STORE, StoreErrorKind.NO_SCHEMA):
        return (
            f"Move {db_path.name} out of the way, or open another store with minutes-tui --db PATH."
        )
    if kind is StoreErrorKind.FOREIGN:
        return (
            "The file belongs to another program; minutes-tui neither reads nor writes it."
            " Open a store of its own with minutes-tui --db PATH."
        )
    if kind is StoreErrorKind.NEWER:
        return "Upgrade minutes-tui (pip install -U minutes-tui) to write to this store."
    if kind is StoreErrorKind.BUSY:
        return "Another program is writing to the store. Wait for it to finish, then press r."
    if kind is StoreErrorKind.READ_ONLY:
        return "Make the file (and its folder) writable, or open another store with --db PATH."
    if kind is StoreErrorKind.MISSING:
        return f"Add minutes with: minutes-tui ingest --db {db_path} PATH"
    return "Check the path, or open another store with minutes-tui --db PATH."


def citation(meeting: MeetingRow, item: ItemRow | None, sources: Iterable[str]) -> str:
    """``— Nottingham City Council, Health and Wellbeing Board, 2018-11-28, item 5
    (source: 2018-11-28.txt)``: the council first, as a citation names the body."""
    parts = [one_line(meeting.committee or "(no committee named)"), meeting_date(meeting.date)]
    if meeting.council:
        parts.insert(0, one_line(meeting.council))
    if item is not None and item.number:
        parts.append(f"item {one_line(item.number)}")
    names = sorted({PurePath(s).name for s in sources})
    line = "— " + ", ".join(parts)
    if names:
        line += f" (source: {', '.join(one_line(n) for n in names)})"
    return line


def item_text(detail: ItemDetail) -> str:
    """The plain text ``y`` copies for an item: title, minutes, resolutions, actions."""
    item = detail.item
    lines = [one_line(f"{item.number or ''} {item.title or '(untitled item)'}")]
    for block in (detail.description, detail.minutes, detail.decision):
        if block:
            lines.extend(["", inert(block).strip()])
    if detail.resolutions:
        lines.extend(["", "Resolutions:"])
        lines.extend(
            f"({one_line(r.number)}) [{r.kind}] {one_line(r.text)}"
            if r.number
            else f"[{r.kind}] {one_line(r.text)}"
            for r in detail.resolutions
        )
    if detail.actions:
        lines.extend(["", "Action points:"])
        for action in detail.actions:
            who = "; ".join(one_line(fact) for fact in action_facts(action))
            lines.append(f"- {one_line(action.text)}" + (f" ({who})" if who else ""))
    return "\n".join(lines)


class MinutesCommands(Provider):
    """The command palette: every action of the bindings table, plus "Go to meeting ..."."""

    def _actions(self) -> list[NamedAction]:
        screen = self.screen  # the screen the palette was opened from
        scopes: list = ["app"]
        scope = getattr(type(screen), "PALETTE_SCOPE", None)
        if isinstance(screen, MainScreen):
            scopes.append("main")
        elif scope is not None:
            scopes.append(scope)
        return [a for a in actions_in(*scopes) if a.palette]

    def _runner(self, named: NamedAction) -> Callable[[], Awaitable[None]]:
        target = self.app if named.scope == "app" else self.screen

        async def run() -> None:
            await target.run_action(named.action)

        return run

    async def discover(self) -> Hits:
        for named in self._actions():
            yield DiscoveryHit(named.description, self._runner(named), help=named.display_keys)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for named in self._actions():
            score = matcher.match(named.description)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(named.description),
                    self._runner(named),
                    help=named.display_keys,
                )
        app = self.app
        if not isinstance(app, MinutesApp) or not query.strip():
            return
        words = query.strip()
        for prefix in ("go to meeting", "go to", "meeting"):
            if words.lower().startswith(prefix):
                words = words[len(prefix) :].strip()
                break
        if not words:
            return
        import asyncio

        try:
            meetings = await asyncio.to_thread(
                lambda: queries.find_meetings(app.reader.connection(), words, 20)
            )
        except (StoreError, sqlite3.Error):
            return
        for meeting in meetings:
            label = f"Go to meeting {describe_meeting(meeting)}"

            def go(meeting_id: str = meeting.id) -> None:
                app.go_to_meeting(meeting_id)

            yield Hit(0.9, label, go, text=label, help=f"{meeting.item_count} items")


class MinutesApp(App[int]):
    """Read what a council decided: meetings, agenda, resolutions, action points."""

    CSS_PATH = "app.tcss"  # the main screen's rules; the other screens' are SCREENS_CSS
    SCREENS_CSS: ClassVar[Path] = Path(__file__).with_name("screens.tcss")
    # After the first frame (and its bytes) are out, the other screens' rules are read.
    SCREENS_CSS_AFTER: ClassVar[float] = 0.3
    # The settings file is written this long after the last change (filters, mostly), not
    # in the frames a filter's lists are drawn in: a write (temporary file, JSON, rename)
    # is 2.5-5 ms of the UI thread. A run of filters writes it once; quitting writes it too.
    SETTINGS_SAVE_AFTER: ClassVar[float] = 1.0
    TITLE = "minutes-tui"
    BINDINGS: ClassVar = bindings_for("app")
    COMMANDS: ClassVar = {*App.COMMANDS, MinutesCommands}

    def __init__(
        self,
        db_path: Path,
        *,
        load_samples_if_empty: bool = True,
        opening: StoreOpening | None = None,
    ) -> None:
        textual_compat.apply()  # Strips that do not refer to themselves (see the module)
        super().__init__()
        self.db_path = Path(db_path).expanduser()
        self.load_samples_if_empty = load_samples_if_empty
        if opening is None:
            opening = StoreOpening(StoreReader(self.db_path), VirtualList.PAGE_SIZE)
        self.opening = opening
        self.reader = opening.reader
        self.writer = UserWriter(self.db_path)
        self.main_screen = MainScreen(self.reader, opening)
        self.samples_loaded = False  # True once the bundled samples were loaded this session
        # The action tracker's place: the filter it showed, its order and its cursor.
        self._actions_place: tuple[Filter | None, str, int] = (None, "due", 0)
        self.settings = Settings.load()
        self._settings_timer: Timer | None = None  # a write of the settings, pending
        # The saved theme, set as the app is built: set from on_mount, its watcher had the
        # whole CSS parsed once more before the first frame (~6 ms of a launch).
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        # Each key from the terminal, with the widget it was handed to (see ``on_key``).
        self._keys_handed: OrderedDict[int, tuple[events.Key, Widget | None]] = OrderedDict()
        # The last input event, and the timer that collects garbage once input pauses.
        self._input_at = 0.0
        self._idle_timer: Timer | None = None

    # Textual's own palette entries, less those the bindings table already offers: its Quit
    # listed Quit twice, and its Keys panel is a second, partial help.
    _SYSTEM_COMMANDS_SHADOWED = frozenset({"Quit", "Keys"})

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title not in self._SYSTEM_COMMANDS_SHADOWED:
                yield command

    # --- keys follow focus -------------------------------------------------------------------

    # Textual hands a key to the widget focused when the app takes it from its queue; that
    # widget handles it later, and the key's bindings run when it bubbles back up here. A
    # paste, a fast typist or an ssh link delivers a burst: "/planning" reaches the meetings
    # list as ten keys before the "/" has moved focus to the filter box, so "planning" ran the
    # main screen's bindings ("a" the action list, "q" quit) instead of being typed. A key
    # that comes back to find focus elsewhere is posted again, as if it had just arrived, and
    # goes where focus is now.

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self._input_at = monotonic()
            if self._idle_timer is None:
                self._idle_timer = self.set_timer(gc_policy.IDLE_AFTER, self._when_idle)
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._keys_handed[id(event)] = (event, self.focused)
            while len(self._keys_handed) > 256:  # keys a widget used up never come back
                self._keys_handed.popitem(last=False)
        await super().on_event(event)

    # --- garbage collected between keys ------------------------------------------------------

    def _when_idle(self) -> None:
        """``gc_policy.IDLE_AFTER`` after the last input event: collect what is due then, not
        inside the next key's frame. One timer at a time; input since it was set moves it on."""
        wait = self._input_at + gc_policy.IDLE_AFTER - monotonic()
        if wait > 0.005:
            self._idle_timer = self.set_timer(wait, self._when_idle)
            return
        self._idle_timer = None
        gc_policy.collect_while_idle()

    def on_key(self, event: events.Key) -> None:
        handed = self._keys_handed.pop(id(event), None)
        if handed is None or handed[0] is not event or handed[1] is self.focused:
            return
        event.prevent_default()  # no binding of the old focus runs
        event.stop()
        self.post_message(events.Key(event.key, event.character))

    # --- opening the store -------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        """The main screen, composed with the app: pushed from ``on_mount`` it was laid out and
        drawn once inside the app's start-up batch, a whole frame drawn for nothing."""
        return self.main_screen

    # The garbage collector, paused from launch until the first screen, starts by this time
    # in any case (a store that cannot be opened shows no first screen).
    GC_AFTER_AT_LATEST: ClassVar[float] = 3.0

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_chosen)
        self.set_timer(self.GC_AFTER_AT_LATEST, gc_policy.tune_after_start)

    def load_screens_css(self) -> None:
        """Read the rules of every screen but the main one (once). Not read before the first
        frame, as Textual reads CSS_PATH: parsing them was ~4 ms of every launch. Read a
        moment after the first screen, or when a screen is pushed, whichever comes first;
        none of them matches a widget of the main screen, so nothing drawn changes."""
        path = str(self.SCREENS_CSS)
        if not self.stylesheet.has_source(path):
            self.stylesheet.add_source(self.SCREENS_CSS.read_text(encoding="utf-8"), (path, ""))

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        self.load_screens_css()  # before the screen's widgets are styled
        return super().push_screen(*args, **kwargs)

    def on_main_screen_opened(self, message: MainScreen.Opened) -> None:
        self.set_timer(self.SCREENS_CSS_AFTER, self.load_screens_css)
        if message.shown:  # the first screen was read at launch and is drawn
            self._store_ready(False, STALE_INDEX if self.opening.stale else "", reload=False)
            return
        self.main_screen.set_hint("opening the store…")
        self._open_store()

    def _theme_chosen(self, theme: Theme) -> None:
        if theme.name != self.settings.theme:
            self.settings.theme = theme.name
            self.settings.save()

    def remember_filters(self, history: list[str]) -> None:
        """The filter box's history, kept for the next session (with the reader's place,
        taken when the file is written: by then the new filter's meeting is selected)."""
        self.settings.filter_history = list(history)
        if self._settings_timer is not None:
            self._settings_timer.stop()
        self._settings_timer = self.set_timer(self.SETTINGS_SAVE_AFTER, self.remember_place)

    def open_store_again(self) -> None:
        from tui.screens.error import StoreErrorScreen

        if isinstance(self.screen, StoreErrorScreen):
            self.pop_screen()
        self.main_screen.set_hint("opening the store…")
        self._open_store()

    @work(thread=True, exclusive=True, exit_on_error=False, group="open")
    def _open_store(self) -> None:
        """Check the store; create it with the samples when it is missing or empty."""
        path = self.db_path
        stale = False
        try:
            meetings: int | None = None
            if path.exists() and not path.is_dir() and path.stat().st_size > 0:
                try:
                    conn = connect_readonly(path)
                except StoreError as error:
                    if error.kind is not StoreErrorKind.NO_SCHEMA:
                        raise
                else:
                    try:
                        # Whether there is anything, not how much: counting a big
                        # store here held the first window back.
                        meetings = int(has_meetings(conn))
                        stale = index_is_stale(conn)
                    finally:
                        conn.close()
            elif path.is_dir():
                raise is_a_folder(path)
            if meetings or not self.load_samples_if_empty:
                if meetings is None:
                    raise missing(path)
                warning = STALE_INDEX if stale else ""
                self.call_from_thread(self._store_ready, False, warning)
                return
            self.call_from_thread(self._loading_samples)
            try:
                db = open_store(path)
            except StoreError as error:
                if meetings == 0:  # an existing, empty store we cannot write: still readable
                    warning = f"{one_line(str(error))}. The store is empty."
                    self.call_from_thread(self._store_ready, False, warning)
                    return
                raise
            try:
                from tui.samples import load_samples

                report = load_samples(db)
            finally:
                db.close()
            failed = report.failed
            warning = ""
            if failed:
                noun = "file" if len(failed) == 1 else "files"
                warning = (
                    f"{len(failed)} sample {noun} could not be read: "
                    f"{one_line(failed[0].error or failed[0].path)}"
                )
        except (StoreError, sqlite3.Error, OSError) as error:
            if not get_current_worker().is_cancelled:
                self.call_from_thread(self._store_failed, str(error), kind_of(error))
            return
        self.call_from_thread(self._store_ready, True, warning)

    def _loading_samples(self) -> None:
        self.main_screen.set_hint("loading the bundled sample minutes…")
        self.main_screen.set_loading(True)

    def _store_ready(self, samples: bool, warning: str, *, reload: bool = True) -> None:
        """The store is open: the saved place (or the first meetings) read and shown, unless
        ``reload`` is False (the first screen, read at launch with the saved place, is drawn)."""
        self.main_screen.set_loading(False)
        self.samples_loaded = samples
        if samples:
            # In the status line, not a toast: a toast sat over the resolutions pane for ten
            # seconds of a newcomer's first look.
            self.main_screen.set_hint(SAMPLES_HINT)
        else:
            self.main_screen.set_hint("? help")
        if warning:
            self.notify(warning, severity="warning")
        if reload:
            place = None if samples else self.saved_place()
            if place:
                self.main_screen.restore(place)
            else:
                self.main_screen.reload()
        # After the frame with the meetings: the baseline is a write nobody waits for.
        self.call_after_refresh(self.set_news_baseline)

    def _store_failed(self, reason: str, kind: StoreErrorKind) -> None:
        from tui.screens.error import StoreErrorScreen

        self.main_screen.set_loading(False)
        self.push_screen(StoreErrorScreen(reason, advice_for(kind, self.db_path)))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification is plain text: messages quote document text and file paths."""
        super().notify(
            one_line(message),
            title=one_line(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def report_store_error(self, error: Exception) -> None:
        """A query failed after start-up (locked, damaged): say so in one line."""
        if isinstance(error, StoreError):
            reason = str(error)
        else:
            reason = f"the store could not be read ({error})"
        self.notify(one_line(reason), title="Store error", severity="error")

    def on_unmount(self) -> None:
        self.remember_place()
        self.reader.close()
        self.writer.close()

    # --- actions -----------------------------------------------------------------------------

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def open_item(self, item_id: str, matcher: Matcher) -> None:
        self._load_detail(item_id, "read", matcher, None)

    def read_action(self, action: ActionRow, matcher: Matcher) -> None:
        """The reading view of an action's item, its passage marked and in view."""
        from tui.screens.reading import Mark

        mark = None
        if action.source_field and action.span_start is not None and action.span_end is not None:
            mark = Mark(action.source_field, action.span_start, action.span_end)
        self._load_detail(action.item_id, "read", matcher, None, mark)

    def write_userdata(
        self, write: Callable[[sqlite3.Connection], None], done: Callable[[], None]
    ) -> None:
        """Write the user's own data (an action's status) in one transaction on the user
        data's writer, off the UI thread; ``done`` runs on the UI thread once it is stored."""
        self._write_userdata(write, done)

    @work(thread=True, exclusive=False, exit_on_error=False, group="userdata")
    def _write_userdata(
        self, write: Callable[[sqlite3.Connection], None], done: Callable[[], None]
    ) -> None:
        from store import userdata

        try:
            conn = self.writer.connection()
            with userdata.writing(conn):
                write(conn)
        except (StoreError, sqlite3.Error, OSError) as error:
            reason = one_line(str(error))
            self.call_from_thread(
                self.notify, f"Not saved: {reason}", title="Store error", severity="error"
            )
            return
        self.call_from_thread(done)

    def open_page(self, url: str | None) -> None:
        """Open a record's web page in the browser, or say there is none stored."""
        if not url:
            self.notify("No web page is stored for this; ingest it from its page to keep one.")
            return
        self.open_url(url)
        self.notify(f"Opening {one_line(url)}")

    def on_reading_screen_step(self, message: ReadingScreen.Step) -> None:
        """``]`` / ``[`` in the reading view: the meeting's next or previous item, in place."""
        item_id = self.main_screen.step_item(message.step)
        if item_id is None:
            where = "last" if message.step > 0 else "first"
            self.notify(f"This is the {where} item of the meeting.")
            return
        self._load_detail(item_id, "step", Matcher(), None)

    def copy_item(self, item_id: str, *, text: str | None = None) -> None:
        self._load_detail(item_id, "copy", Matcher(), text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="detail")
    def _load_detail(
        self,
        item_id: str,
        purpose: str,
        matcher: Matcher,
        text: str | None,
        mark: Mark | None = None,
    ) -> None:
        try:
            detail = queries.item_detail(self.reader.connection(), item_id)
        except (StoreError, sqlite3.Error) as error:
            self.call_from_thread(self.report_store_error, error)
            return
        if get_current_worker().is_cancelled:
            return
        if detail is None:
            self.call_from_thread(self.notify, "That item is no longer in the store.")
        elif purpose == "read":
            from tui.screens.reading import ReadingScreen

            self.call_from_thread(self.push_screen, ReadingScreen(detail, matcher, mark=mark))
        elif purpose == "step":
            self.call_from_thread(self._read_in_place, detail)
        else:
            self.call_from_thread(self.copy_detail, detail, text)

    def _read_in_place(self, detail: ItemDetail) -> None:
        from tui.screens.reading import ReadingScreen

        if isinstance(self.screen, ReadingScreen):
            self.screen.read(detail)

    def copy_detail(self, detail: ItemDetail, text: str | None = None) -> None:
        body = inert(text) if text is not None else item_text(detail)
        cite = citation(detail.meeting, detail.item, (s.path for s in detail.sources))
        self.copy_text(f"{body}\n\n{cite}", cite[2:])

    def copy_text(self, text: str, what: str) -> None:
        """To the terminal (OSC 52) and, off ssh, the system clipboard; says which worked."""
        self.copy_to_clipboard(text)
        self._system_copy(text, what)

    @work(thread=True, exclusive=False, exit_on_error=False, group="clipboard")
    def _system_copy(self, text: str, what: str) -> None:
        from tui.clipboard import CopyOutcome, system_copy

        outcome = CopyOutcome(system_copy(text))
        self.call_from_thread(
            self.notify, f"{outcome.describe()}, with citation: {what}", title="Copy"
        )

    def copy_with_citation(
        self, text: str, meeting: MeetingRow | None, item: ItemRow | None
    ) -> None:
        if meeting is None:
            return
        self._copy_with_sources(text, meeting, item)

    @work(thread=True, exclusive=True, exit_on_error=False, group="detail")
    def _copy_with_sources(self, text: str, meeting: MeetingRow, item: ItemRow | None) -> None:
        """Find the source files (of the item, or of every item of the meeting) for the citation."""
        try:
            conn = self.reader.connection()
            if item is not None:
                items = [item]
            else:
                items = queries.meeting_items(conn, meeting.id, Filter())
            sources: set[str] = set()
            for one in items:
                detail = queries.item_detail(conn, one.id)
                if detail is not None:
                    sources.update(s.path for s in detail.sources)
        except (StoreError, sqlite3.Error) as error:
            self.call_from_thread(self.report_store_error, error)
            return
        cite = citation(meeting, item, sources)

        self.call_from_thread(self.copy_text, f"{inert(text)}\n\n{cite}", cite[2:])

    def show_all_actions(self, flt: Filter, matcher: Matcher) -> None:
        """The action tracker; opened again for the same filter, it is where it was left, in
        the same order (going to one action's item and back is how the list is read)."""
        place_flt, sort, place = self._actions_place
        cursor = place if place_flt == flt else 0
        self._read_tracker(flt, matcher, sort, cursor)

    @work(thread=True, exclusive=True, exit_on_error=False, group="open-tracker")
    def _read_tracker(self, flt: Filter, matcher: Matcher, sort: str, cursor: int) -> None:
        """The tracker's first page read before its screen is pushed, so that the screen's
        first frame draws its rows (drawn empty first, the rows came a frame of the whole
        screen later: 45-57 ms from the key at 1M items)."""
        from tui.action_source import ActionSource

        source = ActionSource(self.reader, flt, sort)
        start = cursor // VirtualList.PAGE_SIZE * VirtualList.PAGE_SIZE
        try:
            first: list[ActionRow] | None = list(source.fetch(start, VirtualList.PAGE_SIZE))
        except Exception as error:  # the screen reads them again, and says what failed
            if is_interrupted(error):
                return
            first = None
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._push_tracker, source, matcher, cursor, first)

    def _push_tracker(
        self, source: ActionSource, matcher: Matcher, cursor: int, first: list[ActionRow] | None
    ) -> None:
        from tui.screens.actions import ActionsScreen

        if self.screen is not self.main_screen:  # the screen changed while the page was read
            return
        flt = source.flt
        screen = ActionsScreen(
            self.reader,
            flt,
            matcher,
            cursor=cursor,
            sort=source.sort,
            history=self.settings.filter_history,
            first=(source, first) if first is not None else None,
        )

        def closed(row: ActionRow | None) -> None:
            self._actions_place = (flt, screen.sort, screen.cursor)
            if row is not None:
                self.main_screen.go_to_item(row.meeting_id, row.item_id)

        self.push_screen(screen, closed)

    def go_to_meeting(self, meeting_id: str) -> None:
        self.go_to_item(meeting_id, None)

    def go_to_item(self, meeting_id: str, item_id: str | None) -> None:
        """Back on the main screen, with the meeting (and item) selected."""
        while self.screen is not self.main_screen and len(self.screen_stack) > 1:
            self.pop_screen()
        self.main_screen.go_to_item(meeting_id, item_id)

    # --- following: people, threads, what's new, bookmarks and notes --------------------------

    def open_people(self) -> None:
        from tui.screens.people import PeopleScreen

        self.push_screen(PeopleScreen())

    def open_person(self, key: str) -> None:
        from tui.screens.people import PersonScreen

        self.push_screen(PersonScreen(key))

    def open_thread(self, item_id: str) -> None:
        self._read_thread(self.screen, item_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="open-thread")
    def _read_thread(self, origin: Screen[Any], item_id: str) -> None:
        """The timeline read before its screen is pushed, so that the screen's first frame
        draws its rows (as the tracker's, ``_read_tracker``)."""
        from store import follow

        try:
            rows: list[AppearanceRow] | None = follow.thread(self.reader.connection(), item_id)
        except Exception as error:  # the screen reads them again, and says what failed
            if is_interrupted(error):
                return
            rows = None
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._push_thread, origin, item_id, rows)

    def _push_thread(
        self, origin: Screen[Any], item_id: str, rows: list[AppearanceRow] | None
    ) -> None:
        from tui.screens.thread import ThreadScreen

        if self.screen is not origin:  # the screen changed while the timeline was read
            return
        self.push_screen(ThreadScreen(item_id, rows))

    def open_news(self) -> None:
        self._read_news(self.screen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="open-news")
    def _read_news(self, origin: Screen[Any]) -> None:
        """The watches and the overall news's first page read before the screen is pushed,
        so that its first frame draws them (as the tracker's, ``_read_tracker``)."""
        from tui.screens.news import read_news_first

        try:
            first: NewsFirst | None = read_news_first(self.reader, VirtualList.PAGE_SIZE)
        except Exception as error:  # the screen reads them again, and says what failed
            if is_interrupted(error):
                return
            first = None
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._push_news, origin, first)

    def _push_news(self, origin: Screen[Any], first: NewsFirst | None) -> None:
        from tui.screens.news import NewsScreen

        if self.screen is not origin:  # the screen changed while the news was read
            return
        self.push_screen(NewsScreen(first))

    def open_marks(self) -> None:
        from tui.screens.marks import MarksScreen

        self.push_screen(MarksScreen())

    def toggle_bookmark(self, target: Target) -> None:
        self._write_user_data("bookmark", target)

    def edit_note(self, target: Target) -> None:
        """Open the note editor on ``target`` with its note, if it has one."""
        self._read_note(target)

    @work(thread=True, exclusive=True, exit_on_error=False, group="note")
    def _read_note(self, target: Target) -> None:
        from store import follow

        try:
            text = follow.note_text(self.reader.connection(), target.id) or ""
        except (StoreError, sqlite3.Error) as error:
            self.call_from_thread(self.report_store_error, error)
            return
        self.call_from_thread(self._open_note_editor, target, text)

    def _open_note_editor(self, target: Target, text: str) -> None:
        from tui.screens.editors import NoteEditor

        def written(result: str | None) -> None:
            if result is not None and result.strip() != text.strip():
                self._write_user_data("note", target, result)

        self.push_screen(NoteEditor(target, text), written)

    def follow(self, kind: str, query: str, name: str, label: str) -> None:
        """Ask for a name, then save a watch on ``query`` (a filter's text, an item's id,
        a person's key)."""
        from tui.screens.editors import NamePrompt

        about = {
            "filter": f"Watch the filter {query}",
            "item": f"Follow the item {label}",
            "thread": f"Follow every meeting that takes {label}",
            "person": f"Follow {label}",
        }.get(kind, label)

        def named(result: str | None) -> None:
            if result:
                self._write_user_data("watch", result, kind, query, label)

        self.push_screen(NamePrompt("Name the watch", name, about), named)

    def remove_watch(self, name: str) -> None:
        self._write_user_data("unwatch", name)

    def mark_seen(self, name: str | None, epoch: int) -> None:
        self._write_user_data("seen", name, epoch)

    @work(thread=True, exclusive=False, exit_on_error=False, group="userdata")
    def _write_user_data(self, what: str, *args: Any) -> None:
        """Write the reader's own data (``store.userdata``), one short transaction, and say
        what was done."""
        from store import follow, userdata

        try:
            conn = self.writer.connection()
            said = ""
            if what == "bookmark":
                target: Target = args[0]
                marked = userdata.toggle_bookmark(conn, target)
                said = f"{'Bookmarked' if marked else 'Bookmark removed'}: {target.label}"
            elif what == "note":
                kept = userdata.set_note(conn, args[0], args[1])
                said = f"{'Note saved' if kept else 'Note deleted'}: {args[0].label}"
            elif what == "watch":
                name, kind, query, label = args
                epoch = follow.current_epoch(self.reader.connection())
                userdata.save_watch(conn, name, kind, query, label, epoch)
                said = f"Watching {name}: what is new shows under w"
            elif what == "unwatch":
                userdata.remove_watch(conn, args[0])
                said = f"Watch removed: {args[0]}"
            elif what == "seen":
                userdata.mark_seen(conn, args[0], args[1])
        except (StoreError, sqlite3.Error) as error:
            self.call_from_thread(self.report_store_error, error)
            return
        if said:
            self.call_from_thread(self.notify, said)
        self.call_from_thread(self._user_data_changed)

    def _user_data_changed(self) -> None:
        """Every open screen that shows marks or watches shows them as they are now."""
        for screen in self.screen_stack:
            changed = getattr(screen, "user_data_changed", None)
            if changed is not None:
                changed()

    # --- continuity: the last filter and selection, per store --------------------------------

    def remember_place(self) -> None:
        """Keep the filter and the selection for the next session on this store (and the
        filter history, if its write is still pending)."""
        pending, self._settings_timer = self._settings_timer, None
        if pending is not None:
            pending.stop()
        place = self.main_screen.place()
        key = str(self.db_path.resolve())
        if self.settings.places.get(key) != place or pending is not None:
            self.settings.places[key] = place
            self.settings.save()

    def saved_place(self) -> dict[str, str] | None:
        return self.settings.places.get(str(self.db_path.resolve()))

    def set_news_baseline(self) -> None:
        """The first session on a store starts its overall news: nothing is new before it."""
        from store import userdata

        if userdata.writable(self.db_path):
            self._start_news()

    @work(thread=True, exclusive=True, exit_on_error=False, group="baseline")
    def _start_news(self) -> None:
        from store import follow, userdata

        try:
            conn = self.reader.connection()
            if follow.overall_seen(conn) is None:
                userdata.mark_seen(self.writer.connection(), None, follow.current_epoch(conn))
        except (StoreError, sqlite3.Error):
            pass  # a read-only store keeps no baseline: its news starts at each session

    def ask_export(self, flt: Filter, meetings: int | None) -> None:
        """The export dialog for the filtered view (``meetings``: its count, when known)."""
        from tui.screens.export import ExportScreen, default_target

        target = default_target(Path.cwd(), dt.datetime.now())
        self.push_screen(ExportScreen(self.reader, flt, meetings, target))


# How often a thread that wants the GIL may take it from one that holds it (Python's
# default: every 5 ms). The app draws on its main thread, the terminal writer thread sends
# each frame, and the store's workers read on theirs: with 5 ms, a finished frame waited
# up to 5 ms for the writer thread to be let in after the main thread went on to its next
# step, and a frame waited for a worker building rows to let the main thread back. In a
# 160x48 pty at 1M items (benchmarks/terminal.py), a cursor move went from 23 to 16 ms,
# a page down from 25 to 19 ms, and the drawing itself from 14 to 10 ms of the main
# thread's time.
GIL_SWITCH_INTERVAL = 0.0005


def make_app(
    db_path: Path, *, load_samples_if_empty: bool = True, opening: StoreOpening | None = None
) -> MinutesApp:
    """Build the reader for the store at ``db_path`` (tests and the CLI both come here);
    ``opening``: its first screen, already being read (see ``tui.cli``)."""
    return MinutesApp(db_path, load_samples_if_empty=load_samples_if_empty, opening=opening)


def run(
    db_path: Path, *, load_samples_if_empty: bool = True, opening: StoreOpening | None = None
) -> int:
    """Run the reader until the user quits; the process exit code."""
    app = make_app(db_path, load_samples_if_empty=load_samples_if_empty, opening=opening)
    previous = sys.getswitchinterval()
    sys.setswitchinterval(GIL_SWITCH_INTERVAL)
    try:
        result = app.run()
    finally:
        sys.setswitchinterval(previous)
    return result if isinstance(result, int) else 0
