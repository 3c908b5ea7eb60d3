"""A Line-API list that shows any number of fixed-height rows from a page cache.

The idea is Textualize/toolong's ``log_lines.py``: a ``ScrollView`` whose
virtual height is the row count and whose ``render_line`` draws row ``y`` from
a cache of pages. A page the cache lacks is fetched by a thread worker
(``RowSource.fetch(offset, limit, total)``, which runs a window query on that thread's
own connection) while a placeholder row is drawn; when the page arrives only
the lines it covers are refreshed. Moving the cursor never waits on SQL for a
cached row, the pages around the viewport are prefetched, and the cache is a
bounded LRU, so 100,000 meetings cost what 100 do.

The list knows nothing about meetings or actions: subclasses say how a row
looks (``render_row``, or ``render_row_strip`` to draw segments directly) and the
screen gives it a ``RowSource``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Generic, Protocol, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from tui.bindings import bindings_for
from tui.frame_hold import FrameHold
from tui.reader import is_interrupted
from tui.textual_compat import resize_rows
from tui.widgets.framed import FramedRows
from tui.widgets.scrollbar import strip_scrollbar

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class LineCache:
    """Drawn lines by key; past ``maxsize`` the least recently used is dropped.

    Not Textual's ``LRUCache``: that one keeps its entries in a ring of linked lists, so
    clearing it (every focus or style change, every filter) leaves the whole ring, each
    line's ``Strip`` and the seven caches every ``Strip`` carries, as cyclic garbage.
    Only the garbage collector frees that, and its pauses landed inside filter frames.
    An ``OrderedDict`` has no cycles: a cleared line is freed at once.
    """

    __slots__ = ("_lines", "maxsize")

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._lines: OrderedDict[tuple[int, int, int, bool], Strip] = OrderedDict()

    def __len__(self) -> int:
        return len(self._lines)

    def get(self, key: tuple[int, int, int, bool]) -> Strip | None:
        strip = self._lines.get(key)
        if strip is not None:
            self._lines.move_to_end(key)
        return strip

    def __setitem__(self, key: tuple[int, int, int, bool], strip: Strip) -> None:
        lines = self._lines
        lines[key] = strip
        lines.move_to_end(key)
        if len(lines) > self.maxsize:
            lines.popitem(last=False)

    def clear(self) -> None:
        self._lines.clear()


class RowSource(Protocol[T_co]):
    """Where a virtual list's rows come from. Both methods run on a worker thread.

    ``fetch`` is given ``total``, the row count, when the list knows it exactly: a
    source may then read a window near the end from the end (a jump to the end costs
    what the start does).
    """

    def count(self) -> int: ...

    def fetch(self, offset: int, limit: int, total: int | None = None) -> Sequence[T_co]: ...


@dataclass(frozen=True)
class ListSource(Generic[T]):
    """Rows already in memory (one meeting's items): no query, no placeholder."""

    rows: tuple[T, ...]

    def count(self) -> int:
        return len(self.rows)

    def fetch(self, offset: int, limit: int, total: int | None = None) -> Sequence[T]:
        return self.rows[offset : offset + limit]


class VirtualList(FramedRows, ScrollView, Generic[T], can_focus=True):
    """A cursor over ``count`` rows drawn one line each from a page cache."""

    BINDINGS: ClassVar = bindings_for("list")
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-list--cursor",
        "virtual-list--placeholder",
        "virtual-list--empty",
    }
    DEFAULT_CSS = """
    VirtualList {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
    }
    VirtualList > .virtual-list--cursor { background: $block-cursor-blurred-background; }
    VirtualList:focus > .virtual-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    VirtualList > .virtual-list--placeholder { color: $text-muted; }
    VirtualList > .virtual-list--empty { color: $text-muted; text-style: italic; }
    """

    PAGE_SIZE: ClassVar[int] = 100
    MAX_PAGES: ClassVar[int] = 64  # LRU bound: 6,400 rows in memory at most
    PLACEHOLDER: ClassVar[str] = "…"
    # A jump to a row not in the cache (G, a page far down) holds the screen's frames until
    # its page arrives, for at most this long: the rows are drawn in the next frame, with no
    # frame of placeholders first, which also left Textual's frame timer to wait one to two
    # frame periods before drawing the rows that arrived meanwhile.
    HOLD_FOR_ROWS_AT_MOST: ClassVar[float] = 0.1
    # A list whose owner draws more for the highlighted row (the meetings list: the agenda
    # and the detail pane, read on a worker when not read ahead) holds the frames from the
    # highlight until the owner has drawn (``Highlighted.shown``), at most this long: the
    # highlight and what follows from it are one frame. None: the list does not wait.
    HOLD_FOR_OWNER_AT_MOST: ClassVar[float | None] = None

    # No repaint of the whole list when the cursor moves: ``watch_cursor`` redraws the two
    # rows that change (a repaint of every row was a frame of the whole pane per key).
    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """Drawn as strips (``tui.widgets.scrollbar``): it repaints with every filter."""
        return strip_scrollbar(self)

    class Highlighted(Message):
        """The cursor is on a row (sent once the row is loaded).

        A list that holds the frames for its owner (``HOLD_FOR_OWNER_AT_MOST``) draws the
        highlight only with what the owner draws for the row: the owner calls ``shown()``.
        """

        def __init__(self, virtual_list: VirtualList, index: int, row: T) -> None:
            super().__init__()
            self.virtual_list = virtual_list
            self.index = index
            self.row = row

        @property
        def control(self) -> VirtualList:
            return self.virtual_list

        def shown(self) -> None:
            """The owner has drawn what follows from this row: the frames may go."""
            self.virtual_list.owner_has_drawn(self)

    class Counted(Message):
        """The source has been counted (the list has been (re)loaded)."""

        def __init__(self, virtual_list: VirtualList, count: int) -> None:
            super().__init__()
            self.virtual_list = virtual_list
            self.count = count

        @property
        def control(self) -> VirtualList:
            return self.virtual_list

    class ReadAhead(Message):
        """Rows asked for by ``read_ahead`` have been read (the owner may draw ahead)."""

        def __init__(self, virtual_list: VirtualList) -> None:
            super().__init__()
            self.virtual_list = virtual_list

        @property
        def control(self) -> VirtualList:
            return self.virtual_list

    class Shown(Message):
        """The first rows of a (re)load are in the list (the count may still be unknown)."""

        def __init__(self, virtual_list: VirtualList, source: RowSource) -> None:
            super().__init__()
            self.virtual_list = virtual_list
            self.source = source

        @property
        def control(self) -> VirtualList:
            return self.virtual_list

    class LoadFailed(Message):
        """A query behind the list failed (locked or damaged store)."""

        def __init__(self, virtual_list: VirtualList, error: Exception) -> None:
            super().__init__()
            self.virtual_list = virtual_list
            self.error = error

    # Internal messages from the worker threads (stopped here, never bubble).
    class FirstLoaded(Message):
        """The rows the screen needs around the cursor, and the row count if they proved it.

        ``rest``: the rows are only the start of the cursor's page (the rest is read
        after the frame that draws them).
        """

        def __init__(
            self, generation: int, count: int | None, first: Sequence, cursor: int, rest: bool
        ) -> None:
            super().__init__()
            self.generation, self.count, self.first, self.cursor = generation, count, first, cursor
            self.rest = rest

    class CountLoaded(Message):
        def __init__(self, generation: int, count: int) -> None:
            super().__init__()
            self.generation, self.count = generation, count

    class PageLoaded(Message):
        def __init__(self, generation: int, page: int, rows: Sequence | None) -> None:
            super().__init__()
            self.generation, self.page, self.rows = generation, page, rows

    def __init__(
        self,
        *,
        empty_text: str = "Nothing here",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.empty_text = empty_text
        self._source: RowSource[T] | None = None
        self._count = 0
        self._loaded = False  # the first page has arrived (rows can be shown)
        self._exact = False  # ``_count`` is the real row count, not just the rows seen so far
        self._known_count: int | None = None  # an owner's count that came before the rows
        self._generation = 0  # bumped on every (re)load; older pages are dropped
        self._pages: OrderedDict[int, Sequence[T]] = OrderedDict()
        self._pending: set[int] = set()
        self._partial: set[int] = set()  # cached pages holding only their first rows
        self._rest_waits: int | None = None  # a partial page read once its rows are drawn
        self._announced: int | None = None  # the index last sent as Highlighted
        self._owner_shows: int | None = None  # an index whose owner draws it unasked
        # Rendered lines, so a repaint (scrolling back, a cursor move elsewhere) re-uses them;
        # keyed by everything a line's look depends on. Cleared when styles change.
        self._lines = LineCache(1024)
        self._base_style: Style | None = None
        self._part_styles: dict[str, Style] = {}
        # Frames held for a page (``("page", n)``) or for the owner's drawing (a Highlighted).
        self._frames = FrameHold(self, self.HOLD_FOR_ROWS_AT_MOST)
        self._lines_before = 0  # what _content_lines was when the last (re)load began
        self._ahead: set[int] = set()  # pages read by ``read_ahead``, not yet arrived
        self._drawing: tuple[int, int] | None = None  # (top row, width) while lines are drawn

    # --- what the owner calls ----------------------------------------------------------------

    @property
    def count(self) -> int:
        return self._count

    @property
    def loaded(self) -> bool:
        return self._loaded

    @property
    def count_is_exact(self) -> bool:
        """False while the list only knows a lower bound (the rows it has seen)."""
        return self._exact

    @property
    def source(self) -> RowSource[T] | None:
        return self._source

    def load(self, source: RowSource[T], *, cursor: int = 0, count: bool = True) -> None:
        """Show another source (a new filter, a refresh), drawn from its first page.

        The rows from the start of the cursor's page to a screen below the cursor
        are read first and shown at once (at 160x48, 44 rows instead of a page of
        100: the first frame of a filter waits on half the query); the rest of the
        page is read after the frame that draws them, so its query does not compete
        with that frame for the interpreter. A short read proves the row count.
        Otherwise the list shows the rows it knows and grows as pages arrive,
        while the exact count comes from ``source.count()`` on the same thread
        (``count=True``) or from the owner's ``set_count`` (the owner counts in
        its own cancellable worker).
        """
        self._reset(source)
        first = self.first_read(cursor)
        self.run_worker(
            lambda gen=self._generation: self._first_in_thread(gen, source, cursor, first, count),
            thread=True,
            exclusive=True,
            exit_on_error=False,
            group=f"count-{id(self)}",
            description="count rows",
        )

    def first_read(self, cursor: int = 0) -> int:
        """How many rows ``load`` reads first: from the start of the cursor's page to a
        screen below the cursor (before the first layout, the height unknown, the page)."""
        start = (max(0, cursor) // self.PAGE_SIZE) * self.PAGE_SIZE
        height = self.scrollable_content_region.height
        return self.PAGE_SIZE if height <= 0 else min(self.PAGE_SIZE, cursor - start + 1 + height)

    def load_read(
        self,
        source: RowSource[T],
        first: Sequence[T],
        *,
        cursor: int = 0,
        owner_shows_first: bool = False,
    ) -> None:
        """Show ``source`` from the cursor's page, ``first``, already read (at start-up, on a
        thread that began before the app): ``load`` without the round trip, drawn in the
        next frame. ``owner_shows_first``: the owner draws what follows from the cursor's
        row itself, so its ``Highlighted`` holds no frames."""
        self._reset(source)
        self._owner_shows = cursor if owner_shows_first else None
        start = (max(0, cursor) // self.PAGE_SIZE) * self.PAGE_SIZE
        short = len(first) < self.PAGE_SIZE  # a short page is the last
        self._first_rows(first, start + len(first) if short else None, cursor, rest=False)

    def show_rows(self, rows: Sequence[T], *, cursor: int = 0) -> None:
        """Show a bounded, already-loaded slice (one meeting's items) synchronously."""
        source = ListSource(tuple(rows))
        self._reset(source)
        for page in range(0, max(1, -(-len(rows) // self.PAGE_SIZE))):
            self._pages[page] = source.fetch(page * self.PAGE_SIZE, self.PAGE_SIZE)
        self._counted(len(rows), cursor)

    def clear(self, empty_text: str | None = None) -> None:
        """Show nothing (no meeting selected)."""
        if empty_text is not None:
            self.empty_text = empty_text
        self.show_rows(())

    def row_at(self, index: int) -> T | None:
        """The row at ``index`` if its page is cached, else None (and the page is requested)."""
        if not 0 <= index < self._count:
            return None
        page, offset = divmod(index, self.PAGE_SIZE)
        rows = self._pages.get(page)
        if rows is None or (offset >= len(rows) and page in self._partial):
            self._request(page, now=True)
            return None
        self._pages.move_to_end(page)
        return rows[offset] if offset < len(rows) else None

    def cached_row(self, index: int) -> T | None:
        """The row at ``index`` if its page is cached, else None (nothing is requested)."""
        if not 0 <= index < self._count:
            return None
        page, offset = divmod(index, self.PAGE_SIZE)
        rows = self._pages.get(page)
        return rows[offset] if rows is not None and offset < len(rows) else None

    @property
    def highlighted_row(self) -> T | None:
        return self.row_at(self.cursor) if self._count else None

    def set_count(self, source: RowSource[T], count: int) -> None:
        """The exact row count of ``source`` (ignored if the list shows another source now)."""
        if source is not self._source and source != self._source:
            return
        if not self._loaded:  # the first page is still coming: it will use this count
            self._known_count = count
            return
        self._set_exact(count)

    def move_to(self, index: int) -> None:
        """Put the cursor on ``index`` (clamped) and scroll it into view."""
        if not self._count:
            return
        index = max(0, min(index, self._count - 1))
        page, offset = divmod(index, self.PAGE_SIZE)
        rows = self._pages.get(page)
        if self._loaded and (rows is None or (offset >= len(rows) and page in self._partial)):
            # One hold at a time: a newer reason replaces the older.
            self._frames.hold(self.HOLD_FOR_ROWS_AT_MOST, ("page", page), renew=True)
        self.cursor = index

    def owner_has_drawn(self, message: VirtualList.Highlighted) -> None:
        """``message``'s row is drawn with what follows from it (``Highlighted.shown``)."""
        self._frames.release(message)

    def on_unmount(self) -> None:
        self._frames.release()

    # --- rendering ---------------------------------------------------------------------------

    def render_row(self, row: T, width: int) -> Text:
        """One row as text. Subclasses override; the default is ``str(row)``."""
        return Text(str(row))

    def render_row_strip(self, row: T, width: int, style: Style) -> Strip:
        """One row as a line of exactly ``width`` cells on ``style`` (the list's or the
        cursor's). The default draws ``render_row``; a subclass whose rows are drawn on
        every filter may build the segments itself (a Rich Text per row is slow)."""
        return self._strip(self.render_row(row, width), width, style)

    def part_style(self, name: str) -> Style:
        """``get_component_rich_style``, kept until the styles change (it is called per row)."""
        style = self._part_styles.get(name)
        if style is None:
            style = self._part_styles[name] = self.get_component_rich_style(name)
        return style

    def notify_style_update(self) -> None:
        """Theme, focus or class changed: drawn lines and styles must be redone."""
        super().notify_style_update()
        self._lines.clear()
        self._base_style = None
        self._part_styles.clear()

    def clear_rendered(self) -> None:
        """Forget drawn lines (an owner changed how rows look, e.g. the matches to mark)."""
        self._lines.clear()
        self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        # The view's top row and width, read once for the lines of a frame rather than for
        # each: Textual works both out from the widget's region, gutter and scrollbars, and
        # that was a third of what a list line cost on top of its row.
        self._drawing = (self.scroll_offset.y, self.scrollable_content_region.width)
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = None

    def render_line(self, y: int) -> Strip:
        if self._drawing is not None:
            top, width = self._drawing
        else:
            top, width = self.scroll_offset.y, self.scrollable_content_region.width
        index = top + y
        key = (self._generation, index, width, index == self.cursor)
        cached = self._lines.get(key)
        if cached is not None:
            return cached
        strip, final = self._render_index(index, y, width)
        if final:
            self._lines[key] = strip
        return strip

    def read_ahead(self, index: int) -> None:
        """Read the page holding row ``index`` if it is not cached (a jump's landing place,
        such as the last row); ``ReadAhead`` says when it has come. Only once the count is
        exact: the last row is not known before.

        A page already being read (the view's own prefetch asks for the pages a screen
        either side as it scrolls: where a page down lands) is waited for as well: skipped,
        its rows came without a ``ReadAhead``, and the meeting a page down lands on was
        read and drawn only after the key, 3-8 ms of its frame at 1M items."""
        if not self._exact or not 0 <= index < self._count:
            return
        page = index // self.PAGE_SIZE
        if page in self._pages and page not in self._partial:
            return
        self._ahead.add(page)
        self._request(page)  # nothing new if it is being read

    def draw_ahead(self, cursor: int) -> None:
        """Draw into the line cache the lines that moving the cursor to ``cursor`` would
        show (of rows already read), so that the move only puts them up. For the owner to
        call while the app is idle: a page down drew a page of rows in its frame."""
        region = self.scrollable_content_region
        width, height = region.width, region.height
        if height <= 0 or not 0 <= cursor < self._count:
            return
        top = self.scroll_offset.y  # where the view lands, as _scroll_cursor_into_view has it
        if cursor < top:
            top = cursor
        elif cursor >= top + height:
            top = cursor - height + 1
        for index in range(top, min(self._count, top + height)):
            key = (self._generation, index, width, index == cursor)
            if self._lines.get(key) is not None:
                continue
            row = self.cached_row(index)
            if row is not None:
                style = self._row_style(index == cursor)
                self._lines[key] = self.render_row_strip(row, width, style)

    def _row_style(self, cursor: bool) -> Style:
        """A row's style: the list's, or the cursor's on it."""
        if self._base_style is None:
            self._base_style = self.rich_style
        base = self._base_style
        return base + self.part_style("virtual-list--cursor") if cursor else base

    def _render_index(self, index: int, y: int, width: int) -> tuple[Strip, bool]:
        """The line for row ``index``, and whether it is final (not a placeholder or blank)."""
        if self._base_style is None:
            self._base_style = self.rich_style
        base = self._base_style
        if not self._count:
            if y == 0 and self._loaded:
                style = base + self.part_style("virtual-list--empty")
                return self._strip(Text(self.empty_text), width, style), False
            return Strip.blank(width, base), False
        if index >= self._count:
            return Strip.blank(width, base), False
        row = self.row_at(index)
        style = self._row_style(index == self.cursor)
        if row is None:
            placeholder = self.part_style("virtual-list--placeholder")
            return self._strip(Text(self.PLACEHOLDER, style=placeholder), width, style), False
        if self._rest_waits is not None:  # this frame draws the first rows: then the rest
            page, self._rest_waits = self._rest_waits, None
            self.call_after_refresh(self._request_rest, self._generation, page)
        return self.render_row_strip(row, width, style), True

    def _request_rest(self, generation: int, page: int) -> None:
        if generation == self._generation:
            self._request(page)

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        line = Text(style=style, no_wrap=True, overflow="ellipsis", end="")
        line.append_text(text)
        line.truncate(width, overflow="ellipsis", pad=True)
        if not line.spans:
            # Rich's ``Text.render`` yields a text without spans with no style at all (its
            # own style is applied by ``__rich_console__``, not here): the empty list's
            # message lost its style, and under NO_COLOR Textual's monochrome filter
            # crashed on the style-less segment.
            return Strip([Segment(line.plain, style)], width)
        return Strip(list(line.render(self.app.console)), width)

    # --- cursor and scrolling ----------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self._scroll_cursor_into_view()
        self.announce()

    def _scroll_cursor_into_view(self) -> None:
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if height <= 0:
            return
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._prefetch()

    def on_resize(self, event: events.Resize) -> None:
        self._prefetch()
        self._scroll_cursor_into_view()

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self._count - 1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self.move_to(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_half_page_down(self) -> None:
        self.move_to(self.cursor + max(1, self.scrollable_content_region.height // 2))

    def action_half_page_up(self) -> None:
        self.move_to(self.cursor - max(1, self.scrollable_content_region.height // 2))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None:
            self.move_to(self.scroll_offset.y + offset.y)

    def announce(self, *, again: bool = False) -> None:
        """Post Highlighted for the cursor row once it is loaded (and only once per index,
        unless ``again``: a screen that wants the row's details shown afresh)."""
        if again:
            self._announced = None
        if not self._count:
            return
        row = self.row_at(self.cursor)
        if row is not None and self._announced != self.cursor:
            self._announced = self.cursor
            message = self.highlighted_message(self.cursor, row)
            shown, self._owner_shows = self._owner_shows == self.cursor, None
            if self.HOLD_FOR_OWNER_AT_MOST is not None and self.is_attached and not shown:
                self._frames.hold(self.HOLD_FOR_OWNER_AT_MOST, message, renew=True)
            self.post_message(message)

    def highlighted_message(self, index: int, row: T) -> Highlighted:
        """The message that says the cursor is on ``row``; subclasses name it in the domain."""
        return self.Highlighted(self, index, row)

    # --- the page cache ----------------------------------------------------------------------

    def _reset(self, source: RowSource[T]) -> None:
        self._frames.release()
        self._lines_before = self._content_lines()
        self._generation += 1
        self._source = source
        self._pages.clear()
        self._pending.clear()
        self._partial.clear()
        self._rest_waits = None
        self._ahead.clear()
        self._announced = None
        self._owner_shows = None
        self._loaded = False
        self._exact = False
        self._known_count = None

    def _set_rows(self, count: int) -> None:
        """The list is ``count`` rows long (exact or not, the scroll extent follows).

        Not a repaint: the callers refresh the lines that change (``virtual_size``'s own
        setter would redraw every line of the pane). Not a layout either, unless the
        scrollbar appears or goes (a layout draws every pane of the screen again).
        """
        self._count = count
        size = Size(self.scrollable_content_region.width, count)
        if size != self.virtual_size:
            resize_rows(self, size)

    def _content_lines(self) -> int:
        """How many lines from the top of the view show a row (or the empty text)."""
        if not self._count:
            return 1 if self._loaded else 0
        height = self.scrollable_content_region.height
        return max(0, min(self._count - self.scroll_offset.y, height))

    def _counted(self, count: int, cursor: int, *, exact: bool = True) -> None:
        self._set_rows(count)
        self._loaded = True
        self._exact = exact
        self.set_reactive(VirtualList.cursor, max(0, min(cursor, count - 1)))
        self.scroll_to(y=0, animate=False, immediate=True)
        self._scroll_cursor_into_view()
        # Only the lines that showed rows before or show rows now: the blank ones below
        # both stay as drawn (a meeting of 9 items after one of 12 redraws 12 lines, not the
        # pane's 43; each line goes through Textual's border and style pass).
        lines = self._content_lines()
        self.refresh_lines(self.scroll_offset.y, max(lines, self._lines_before, 1))
        if exact:
            self.post_message(self.Counted(self, count))
        self._prefetch()
        self.announce()

    def _set_exact(self, count: int) -> None:
        """The count is now known: resize without moving the cursor or the scroll."""
        was_exact, old = self._exact, self._count
        self._exact = True
        if count != old:
            self._set_rows(count)
            if count and self.cursor >= count:
                self.refresh_line(self.cursor)
                self.set_reactive(VirtualList.cursor, count - 1)
                self.refresh_line(count - 1)
            self._refresh_end(old, count)
        if not was_exact or count != old:
            self.post_message(self.Counted(self, count))
        self._prefetch()
        self.announce()

    def _grow(self, known: int) -> None:
        """Rows up to ``known`` exist (a full page arrived past the known end)."""
        if self._exact or known <= self._count:
            return
        old = self._count
        self._set_rows(known)
        self._refresh_end(old, known)
        self._prefetch()

    def _refresh_end(self, old: int, new: int) -> None:
        """The list's end moved from row ``old`` to row ``new``: only the lines between can
        look different (the scrollbar follows ``_set_rows``). Mostly they are below the
        view, and the count that comes after a filter's frame redraws nothing: a repaint of
        the whole pane was a second full frame of rows the reader already had."""
        top = self.scroll_offset.y
        # Clipped to the view: Textual marks each line of a refreshed region dirty in a set,
        # and a count of a million rows made that a set of a million numbers.
        low = max(min(old, new), top)
        high = min(max(old, new, 1), top + max(1, self.scrollable_content_region.height))
        if low < high:
            self.refresh_lines(low, high - low)

    def _visible_pages(self) -> range:
        top = self.scroll_offset.y
        height = max(1, self.scrollable_content_region.height)
        first = max(0, (top - height) // self.PAGE_SIZE)  # one screen above ...
        # ... and below; while the count is unknown, the page after the known rows too.
        end = self._count - 1 if self._exact else self._count
        last = min(end, top + 2 * height) // self.PAGE_SIZE
        return range(first, last + 1)

    def _prefetch(self) -> None:
        if not self._loaded or (self._exact and not self._count):
            return
        for page in self._visible_pages():
            self._request(page)

    def _request(self, page: int, *, now: bool = False) -> None:
        """Read ``page`` (or the rest of a partial one); ``now``: a row of it is needed."""
        if page in self._pending or self._source is None:
            return
        if page in self._pages and page not in self._partial:
            return
        if page == self._rest_waits and not now:
            return  # read after the frame that draws its first rows
        self._pending.add(page)
        source, generation = self._source, self._generation
        have = tuple(self._pages.get(page, ())) if page in self._partial else ()
        total = self._count if self._exact else None
        self.run_worker(
            lambda: self._page_in_thread(generation, source, page, have, total),
            thread=True,
            exit_on_error=False,
            group=f"pages-{id(self)}",
            description=f"page {page}",
        )

    def _first_in_thread(
        self, generation: int, source: RowSource[T], cursor: int, limit: int, count: bool
    ) -> None:
        if generation != self._generation:  # a newer load was asked for while this one queued
            return
        try:
            start = (max(0, cursor) // self.PAGE_SIZE) * self.PAGE_SIZE
            first = source.fetch(start, limit)
            total: int | None = None
            if len(first) < limit and (first or not start):
                total = start + len(first)  # a short read reaches the last row
            elif not first:  # the cursor was past the end (the store shrank): count, then go
                total = source.count()
                start = (max(0, min(cursor, total - 1)) // self.PAGE_SIZE) * self.PAGE_SIZE
                first = source.fetch(start, self.PAGE_SIZE, total) if total else ()
                cursor = min(cursor, max(total - 1, 0))
            rest = total is None and limit < self.PAGE_SIZE
            self.post_message(self.FirstLoaded(generation, total, first, cursor, rest=rest))
            if total is None and count:
                self.post_message(self.CountLoaded(generation, source.count()))
        except Exception as error:  # a locked or damaged store: say so, do not crash
            if not is_interrupted(error):  # interrupted: a newer load replaced this one
                self.post_message(self.LoadFailed(self, error))

    def _page_in_thread(
        self,
        generation: int,
        source: RowSource[T],
        page: int,
        have: Sequence[T],
        total: int | None = None,
    ) -> None:
        """Read ``page``; ``have``: its first rows, already read (only the rest is read);
        ``total``: the exact row count, if known."""
        if generation != self._generation:
            self.post_message(self.PageLoaded(generation, page, None))
            return
        try:
            start = page * self.PAGE_SIZE + len(have)
            limit = self.PAGE_SIZE - len(have)
            rows: Sequence[T] | None = [*have, *source.fetch(start, limit, total)]
        except Exception as error:
            if not is_interrupted(error):
                self.post_message(self.LoadFailed(self, error))
            rows = None
        self.post_message(self.PageLoaded(generation, page, rows))

    @on(FirstLoaded)
    def _on_first_loaded(self, message: FirstLoaded) -> None:
        message.stop()
        if message.generation == self._generation:
            self._first_rows(message.first, message.count, message.cursor, rest=message.rest)

    def _first_rows(
        self, first: Sequence[T], count: int | None, cursor: int, *, rest: bool
    ) -> None:
        page = max(0, cursor) // self.PAGE_SIZE
        if first:
            self._store_page(page, first)
        if rest:
            self._partial.add(page)
            self._rest_waits = page
        known = page * self.PAGE_SIZE + len(first)
        total = count if count is not None else self._known_count
        if total is not None:
            self._counted(total, cursor)
        else:
            self._counted(known, cursor, exact=False)
        if self._source is not None:
            self.post_message(self.Shown(self, self._source))

    @on(CountLoaded)
    def _on_count_loaded(self, message: CountLoaded) -> None:
        message.stop()
        if message.generation == self._generation and self._loaded:
            self._set_exact(message.count)

    @on(PageLoaded)
    def _on_page_loaded(self, message: PageLoaded) -> None:
        message.stop()
        try:
            self._page_loaded(message)
        finally:
            # The next frame draws the rows just stored.
            self._frames.release(("page", message.page))

    def _page_loaded(self, message: PageLoaded) -> None:
        if message.generation != self._generation:
            return
        self._pending.discard(message.page)
        ahead = message.page in self._ahead
        self._ahead.discard(message.page)
        if message.rows is None:
            return
        # Rows already drawn from a partial page need no repaint.
        drawn = len(self._pages.get(message.page, ())) if message.page in self._partial else 0
        self._store_page(message.page, message.rows)
        if ahead:
            self.post_message(self.ReadAhead(self))
        start = message.page * self.PAGE_SIZE
        if not self._exact:
            if len(message.rows) < self.PAGE_SIZE and (message.rows or start):
                self._set_exact(start + len(message.rows))  # the last page
            else:
                self._grow(start + len(message.rows))
        self.refresh_lines(start + drawn, len(message.rows) - drawn)
        self.announce()

    def _store_page(self, page: int, rows: Sequence[T]) -> None:
        self._partial.discard(page)
        self._pages[page] = rows
        self._pages.move_to_end(page)
        while len(self._pages) > self.MAX_PAGES:
            self._pages.popitem(last=False)
