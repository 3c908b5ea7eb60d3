"""The three panes of the main screen and the all-action-points list.

Panes only draw what the screen gives them (attributes down) and report the
cursor with a message named in the domain (``MeetingList.MeetingSelected``,
``AgendaList.ItemSelected``: messages up); none of them queries the store or
looks at another pane.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import ClassVar, cast

from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.visual import Visual, visualize

from store.queries import ActionRow, ItemRow, MeetingRow, ResolutionRow
from store.records import action_facts
from tui.reader import NO_MARKS, Marks
from tui.safe_text import one_line, safe
from tui.textual_compat import resize_rows
from tui.widgets.framed import FramedRows
from tui.widgets.matches import Matcher
from tui.widgets.scrollbar import strip_scrollbar
from tui.widgets.virtual_list import VirtualList

KIND_LABELS = {"noted": "noted", "decision": "decision", "action": "action"}


def meeting_date(date: dt.date | None) -> str:
    """``2018-11-28`` or ``Undated`` (a page with no meeting header)."""
    return date.isoformat() if date is not None else "Undated"


def _fit_cells(text: str, width: int) -> str:
    """``text`` cut with an ellipsis or padded to exactly ``width`` cells (as ``_fit``)."""
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + "…"
    return text + " " * (width - length)


_COUNCIL_WORD = re.compile(r"\s+council$", re.I)


def council_short(council: str | None) -> str:
    """A council's name without its last word "Council": ``Kent County``, ``Medway``."""
    return _COUNCIL_WORD.sub("", one_line(council)) if council else ""


def meeting_label(row: MeetingRow, *, with_council: bool) -> str:
    """What names a meeting in a list: its committee (with its council when the list holds
    several councils); a page with no meeting header: its council and file name."""
    if row.committee:
        name = one_line(row.committee)
        short = council_short(row.council) if with_council else ""
        return f"{name} · {short}" if short else name
    parts = [council_short(row.council), one_line(row.source_name)]
    return " · ".join(p for p in parts if p) or "(no committee)"


def _fit(text: Text, width: int) -> Text:
    """Truncate with an ellipsis and pad to exactly ``width`` cells."""
    text = text.copy()
    text.truncate(max(0, width), overflow="ellipsis", pad=True)
    return text


class MeetingList(VirtualList[MeetingRow]):
    """Meetings, newest first: date, committee, and counts of items/resolutions/actions."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *VirtualList.COMPONENT_CLASSES,
        "meeting-list--undated",
        "meeting-list--resolutions",
        "meeting-list--actions",
        "meeting-list--zero",
    }
    COUNTS_WIDTH: ClassVar[int] = 10  # a space and three counts of three cells
    # The highlight waits for the agenda and the detail pane (one frame, not three).
    HOLD_FOR_OWNER_AT_MOST: ClassVar[float | None] = 0.1
    # Each row names its council when the list holds more than one (three councils'
    # "Cabinet" rows looked the same); with one, the pane's title names it instead.
    show_council: bool = False
    MIN_COMMITTEE: ClassVar[int] = 6  # below this the counts, then the date, give way

    class MeetingSelected(VirtualList.Highlighted):
        """The cursor is on a meeting: the screen loads its agenda, resolutions and actions."""

        @property
        def meeting(self) -> MeetingRow:
            return cast(MeetingRow, self.row)

    def highlighted_message(self, index: int, row: MeetingRow) -> MeetingSelected:
        return self.MeetingSelected(self, index, row)

    def render_row_strip(self, row: MeetingRow, width: int, style: Style) -> Strip:
        """Date, committee (cut with an ellipsis), and items / resolutions / actions.

        Built as segments, not a Rich Text: every filter draws a screenful of these,
        and as Text they were a sixth of the frame.
        """
        # Narrow panes (a 40-column terminal) drop the counts, then the date: what is
        # left always names the meeting.
        with_counts = width >= 10 + 1 + self.MIN_COMMITTEE + self.COUNTS_WIDTH
        with_date = width >= 10 + 1 + self.MIN_COMMITTEE
        committee_width = width - 11 * with_date - self.COUNTS_WIDTH * with_counts
        component = self.part_style
        undated = component("meeting-list--undated")
        parts: list[tuple[str, Style]] = []
        if with_date:
            if row.date is None:
                parts.append(("Undated   ", style + undated))
            else:
                parts.append((row.date.isoformat(), style))
            parts.append((" ", style))
        committee, committee_style = meeting_label(row, with_council=self.show_council), style
        if not row.committee:  # a page with no meeting header: named by council and file
            committee_style = style + undated
        parts.append((_fit_cells(committee, max(1, committee_width)), committee_style))
        if with_counts:
            parts.append((" ", style))
            for value, name in (
                (row.item_count, ""),
                (row.resolution_count, "meeting-list--resolutions"),
                (row.action_count, "meeting-list--actions"),
            ):
                if value == 0:
                    cell_style = style + component("meeting-list--zero")
                else:
                    cell_style = style + component(name) if name else style
                shown = f"{value:>3}" if value < 1000 else f"{min(value // 1000, 99)}k".rjust(3)
                parts.append((shown, cell_style))
        segments: list[Segment] = []
        for text, part_style in parts:  # one segment per run of one style
            if segments and segments[-1].style == part_style:
                segments[-1] = Segment(segments[-1].text + text, part_style)
            else:
                segments.append(Segment(text, part_style))
        return Strip(segments, width)


class AgendaList(VirtualList[ItemRow]):
    """One meeting's agenda items: number, title, markers for resolutions/actions/truncation."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *VirtualList.COMPONENT_CLASSES,
        "agenda-list--number",
        "agenda-list--resolutions",
        "agenda-list--actions",
        "agenda-list--truncated",
        "agenda-list--match",
        "agenda-list--thread",
        "agenda-list--marked",
    }
    MARKERS_WIDTH: ClassVar[int] = 13
    # The number column fits the meeting's longest number ("77/21", "CB20/15", "268/12/13"),
    # from a few cells up to a cap that leaves the title room.
    NUMBER_WIDTH: ClassVar[tuple[int, int]] = (3, 12)
    # Lines drawn ahead (``prepare_rows``) kept at most: a screenful for each meeting a next
    # key can land on, several times over.
    DRAWN_AHEAD: ClassVar[int] = 512
    matcher: Matcher = Matcher()
    number_width: int = 5
    _marks: Marks = NO_MARKS

    def __init__(
        self,
        *,
        empty_text: str = "Nothing here",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(empty_text=empty_text, name=name, id=id, classes=classes)
        # Rows of meetings not shown yet, drawn while the app was idle: by the row (kept, so
        # its id is not reused while the line is), width and style, with what else the line
        # was drawn with (number column, marks, matcher), checked when it is put up.
        self._ahead_lines: OrderedDict[
            tuple[int, int, Style], tuple[ItemRow, int, Marks, Matcher, Strip]
        ] = OrderedDict()

    @property
    def marks(self) -> Marks:
        """Threads, bookmarks and notes of the meeting shown (⇄ ★ ✎ on its rows)."""
        return self._marks

    @marks.setter
    def marks(self, marks: Marks) -> None:
        # The drawn lines are cached by row, not by mark: new marks draw them again.
        if marks != self._marks:
            self._marks = marks
            self.clear_rendered()

    class ItemSelected(VirtualList.Highlighted):
        """The cursor is on an agenda item: the screen loads its resolutions and actions."""

        @property
        def item(self) -> ItemRow:
            return cast(ItemRow, self.row)

    def highlighted_message(self, index: int, row: ItemRow) -> ItemSelected:
        return self.ItemSelected(self, index, row)

    def show_rows(
        self, rows: Sequence[ItemRow], *, cursor: int = 0, marks: Marks | None = None
    ) -> None:
        """Show a meeting's items (with ``marks``: that meeting's marks, drawn with the
        rows: setting ``marks`` first would redraw the old rows, border and all)."""
        if marks is not None:
            self._marks = marks
        self.number_width = self._number_width_of(rows)
        super().show_rows(rows, cursor=cursor)

    def prepare_rows(
        self, rows: Sequence[ItemRow], *, marks: Marks, matcher: Matcher | None = None
    ) -> None:
        """Draw ahead the lines ``show_rows(rows, marks=marks)`` puts up first (the cursor on
        the first row), for the owner to call while the app is idle: a key that lands on
        another meeting then only puts its agenda up (drawing it was a tenth of the frame).
        ``matcher``: the one the rows will be shown with, if not the list's now (a filter
        being typed)."""
        region = self.scrollable_content_region
        width, height = region.width, region.height
        if width <= 0 or height <= 0:
            return
        number_width = self._number_width_of(rows)
        matcher = self.matcher if matcher is None else matcher
        for index, row in enumerate(rows[:height]):
            style = self._row_style(index == 0)
            key = (id(row), width, style)
            if key in self._ahead_lines and self._ahead_lines[key][3] is matcher:
                continue
            text = self._item_text(row, width, number_width, marks, matcher)
            strip = self._strip(text, width, style)
            self._ahead_lines[key] = (row, number_width, marks, matcher, strip)
            if len(self._ahead_lines) > self.DRAWN_AHEAD:
                self._ahead_lines.popitem(last=False)

    def render_row_strip(self, row: ItemRow, width: int, style: Style) -> Strip:
        ahead = self._ahead_lines.pop((id(row), width, style), None)
        if ahead is not None:
            drawn_row, number_width, marks, matcher, strip = ahead
            if (
                drawn_row is row
                and number_width == self.number_width
                and marks == self._marks
                and matcher is self.matcher
            ):
                return strip
        return super().render_row_strip(row, width, style)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._ahead_lines.clear()

    def _number_width_of(self, rows: Sequence[ItemRow]) -> int:
        low, high = self.NUMBER_WIDTH
        widest = max((cell_len(one_line(row.number)) for row in rows if row.number), default=1)
        return min(high, max(low, widest))

    def render_row(self, row: ItemRow, width: int) -> Text:
        return self._item_text(row, width, self.number_width, self.marks, self.matcher)

    def _item_text(
        self, row: ItemRow, width: int, number_width: int, marks: Marks, matcher: Matcher
    ) -> Text:
        style = self.get_component_rich_style
        number = safe(row.number or "·", style("agenda-list--number"), single_line=True)
        title = safe(row.title or "(untitled item)", single_line=True)
        matcher.mark(title, style("agenda-list--match"))
        markers = Text()
        markers.append(
            f"{'R' + str(row.resolution_count) if row.resolution_count else '':>4}",
            style("agenda-list--resolutions"),
        )
        markers.append(
            f"{'A' + str(row.action_count) if row.action_count else '':>4}",
            style("agenda-list--actions"),
        )
        markers.append(" ✂" if row.truncated else "  ", style("agenda-list--truncated"))
        markers.append("⇄" if row.id in marks.threads else " ", style("agenda-list--thread"))
        markers.append("★" if row.id in marks.bookmarked else " ", style("agenda-list--marked"))
        markers.append("✎" if row.id in marks.noted else " ", style("agenda-list--marked"))
        title_width = width - number_width - 1 - self.MARKERS_WIDTH
        return Text.assemble(_fit(number, number_width), " ", _fit(title, title_width), markers)


# How a status reads in the list (eight cells) and the style it is drawn in.
STATUS_CELLS = {
    "open": ("open", "action-list--open"),
    "overdue": ("OVERDUE", "action-list--overdue"),
    "done": ("done", "action-list--done"),
    "dropped": ("dropped", "action-list--dropped"),
    "superseded": ("supersed", "action-list--dropped"),
}


def due_cell(action: ActionRow) -> str:
    """The due column: the date, ``~`` before one implied; ``next mtg`` until that meeting is
    in the store."""
    if action.due_on is None:
        return "next mtg" if action.due_basis == "next-meeting" else ""
    mark = "" if action.due_basis == "stated" else "~"
    return f"{mark}{action.due_on.isoformat()}"


class ActionList(VirtualList[ActionRow]):
    """The tracker's list: each action's status, due date, owner, words and where it was set."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *VirtualList.COMPONENT_CLASSES,
        "action-list--meeting",
        "action-list--owner",
        "action-list--match",
        "action-list--open",
        "action-list--overdue",
        "action-list--done",
        "action-list--dropped",
        "action-list--implied",
        "action-list--gone",
    }
    MIN_TEXT: ClassVar[int] = 16  # the action's words, at the least
    MIN_WHERE: ClassVar[int] = 14  # the meeting's name and item, at the least
    matcher: Matcher = Matcher()

    class ActionSelected(VirtualList.Highlighted):
        """The cursor is on an action: the screen shows it in full, with its history."""

        @property
        def action(self) -> ActionRow:
            return cast(ActionRow, self.row)

    def highlighted_message(self, index: int, row: ActionRow) -> ActionSelected:
        return self.ActionSelected(self, index, row)

    def render_row(self, row: ActionRow, width: int) -> Text:
        """Status, due date, the action, its meeting and item, and who owns it.

        Status, due date and owner always show whole (they are what the list is read for);
        the meeting's name gives way first (down to a floor, then out of the row), then the
        action's words (Enter opens the item with them in full; the pane below shows all).
        """
        style = self._part
        label, status_style = STATUS_CELLS["overdue" if row.overdue else row.status]
        status = _fit(Text(label, style(status_style)), 8)
        due_style = "action-list--implied" if row.due_basis != "stated" else "action-list--owner"
        due = _fit(Text(due_cell(row), style(due_style)), 11)
        who = safe(row.owner_name or row.owner or "", style("action-list--owner"), single_line=True)
        fixed = 8 + 1 + 11 + 1
        who_width = min(who.cell_len + 2 if who.cell_len else 0, max(0, width - fixed - 1))
        room = width - fixed - who_width  # the action and where it was set
        where_width = 44 if width >= 160 else 32 if width >= 100 else 24
        if room < where_width + 1 + self.MIN_TEXT:
            where_width = room - 1 - self.MIN_TEXT
            if where_width < self.MIN_WHERE:
                where_width = 0
        text_width = room - (where_width + 1 if where_width else 0)
        text = safe(row.text, single_line=True)
        if row.note:
            text = Text.assemble("✎ ", text)
        self.matcher.mark(text, style("action-list--match"))
        parts: list[Text | str] = [status, " ", due, " ", _fit(text, max(0, text_width))]
        if where_width:
            parts.extend([" ", _fit(self._where(row, where_width), where_width)])
        if who_width:
            parts.extend(["  ", _fit(who, who_width - 2)])
        return Text.assemble(*parts)

    def _part(self, name: str) -> Style:
        """A part's own style only (its colour), so the cursor's background shows under it."""
        return self.get_component_rich_style(name, partial=True)

    def _where(self, row: ActionRow, width: int) -> Text:
        """``2025-01-14 Highways and Amenities Committee · 57``: the item number survives a
        cut (the committee's name is cut instead)."""
        style = self._part
        if row.gone:
            return Text("no longer in the store", style("action-list--gone"))
        suffix = Text(f" · item {one_line(row.item_number)}" if row.item_number else "")
        head = Text(meeting_date(row.meeting_date) + " ")
        committee = safe(row.committee or "(no committee)", single_line=True)
        where = Text.assemble(head, committee)
        where.truncate(max(1, width - suffix.cell_len), overflow="ellipsis")
        where = Text.assemble(where, suffix)
        where.stylize(style("action-list--meeting"))
        return where


def resolution_label(resolution: ResolutionRow, *, with_item: bool) -> str:
    number = f"({resolution.number})" if resolution.number else "•"
    if with_item and resolution.item_number:
        return f"{one_line(resolution.item_number)} {number}"
    return number


def hanging(rows: Sequence[tuple[Text, Text]], label_width: int | None = None) -> Hanging:
    """A two-column grid: labels on the left, text wrapping under itself (a hanging indent)."""
    return Hanging(tuple(rows), label_width)


def hanging_table(rows: Sequence[tuple[Text, Text]], label_width: int | None = None) -> Table:
    """``hanging`` as a Rich table grid: what ``Hanging`` draws, and draws itself when the
    text column would be narrower than ``Hanging.MIN_TEXT``."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True, width=label_width)
    grid.add_column(ratio=1, overflow="fold")
    for label, body in rows:
        grid.add_row(label, body)
    return grid


def _marked(record_id: str | None, marks: Marks) -> str:
    """`` ★`` / `` ✎`` after a record's label when the reader marked it."""
    if record_id is None:
        return ""
    return ("★" if record_id in marks.bookmarked else "") + (
        "✎" if record_id in marks.noted else ""
    )


@dataclass(frozen=True)
class Hanging:
    """Labels on the left (one line each, as wide as the widest or ``label_width``), text
    wrapping under itself a space to their right: the lines ``hanging_table`` draws, laid
    out directly. The table measured every cell and wrapped it twice, and the detail pane
    draws a whole meeting's resolutions on every cursor move.
    """

    rows: tuple[tuple[Text, Text], ...]
    label_width: int | None = None
    MIN_TEXT: ClassVar[int] = 8  # narrower than this, the table's own squeezing applies

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        label_width = self.label_width
        if label_width is None:
            label_width = max((label.cell_len for label, _ in self.rows), default=0)
        text_width = width - label_width - 1
        if text_width < self.MIN_TEXT or label_width < 1:
            yield from console.render(hanging_table(self.rows, self.label_width), options)
            return
        # Blank cells carry the null style, as the table's padding does.
        gap, new_line = Segment(" ", Style()), Segment.line()
        under_label = Segment(" " * label_width, Style())
        for label, body in self.rows:
            first = label.copy()
            first.truncate(label_width, overflow="ellipsis", pad=True)
            lines = body.wrap(console, text_width, justify="left", overflow="fold")
            for index, line in enumerate(lines):
                if index == 0:
                    yield from _segments(first, console)
                else:
                    yield under_label
                yield gap
                yield from _segments(line, console)
                yield new_line


def _segments(line: Text, console: Console) -> Iterable[Segment]:
    """One line of text as segments, its own style included (``Text.render`` leaves out a
    text's style when it has no spans: ``Text.__rich_console__`` applies it)."""
    if line.spans or not line.style:
        return line.render(console)
    return [Segment(line.plain, console.get_style(line.style))]


@dataclass(frozen=True)
class _ShowArgs:
    """What ``DetailPane.show`` was asked to draw."""

    heading: str
    resolutions: Sequence[ResolutionRow]
    actions: Sequence[ActionRow]
    matcher: Matcher
    whole_meeting: bool
    marks: Marks

    def same(self, other: _ShowArgs) -> bool:
        """The same drawing: the same lists, matcher and marks (the objects themselves: a
        meeting read again, a new filter or new marks are drawn again)."""
        return (
            self.resolutions is other.resolutions
            and self.actions is other.actions
            and self.matcher is other.matcher
            and self.marks is other.marks
            and self.whole_meeting == other.whole_meeting
            and self.heading == other.heading
        )


@dataclass(frozen=True)
class _Prepared:
    """Lines drawn ahead for a ``show`` (``DetailPane.prepare``), for a width and theme."""

    args: _ShowArgs
    key: tuple[int, Style]  # (width, base style)
    content: RenderableType
    plain_text: str
    lines: list[Strip]


class DetailPane(FramedRows, ScrollView, can_focus=True):
    """Resolutions and action points of one item, or of a whole meeting.

    A Line-API view: what it shows is drawn once into lines for the pane's width (the
    lines a ``Static`` draws for the same text) and each frame copies the lines in view.
    As a scrolling container around a ``Static`` it took two or three layouts and as many
    frames to settle after every cursor move: the ``Static``'s height follows its text,
    and a scrollbar appearing then narrowed it and drew it again.
    """

    DEFAULT_CSS = """
    DetailPane {
        overflow-x: hidden;
        overflow-y: scroll;  /* a steady width: see _draw_lines */
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "detail-pane--heading",
        "detail-pane--muted",
        "detail-pane--match",
        "detail-pane--noted",
        "detail-pane--decision",
        "detail-pane--action",
        "detail-pane--owner",
    }

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.plain_text = ""  # what ``y`` copies
        # The resolutions and actions shown (what ``m`` and ``c`` can mark from here).
        self.shown: tuple[tuple[ResolutionRow, ...], tuple[ActionRow, ...]] = ((), ())
        self._redraw: Callable[[], None] | None = None  # draws what is shown again
        self.content: RenderableType = Text("")  # what is shown, as a Rich renderable
        self._lines: list[Strip] = []
        self._lines_key: tuple[int, Style] | None = None  # (width, base style) drawn for
        self._prepared: list[_Prepared] = []  # drawn ahead by ``prepare``, oldest first
        self._shown_args: _ShowArgs | None = None  # what ``show`` drew last
        self._drawing: tuple[int, int, Style] | None = None  # while a frame's lines are drawn

    PREPARED: ClassVar[int] = 8  # drawn ahead (``prepare``), the newest kept

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """Drawn as strips (``tui.widgets.scrollbar``): it repaints with every meeting."""
        return strip_scrollbar(self)

    def on_mount(self) -> None:
        # The text is drawn with the theme's colours baked in: a new theme draws it again.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._redraw_shown())

    def _redraw_shown(self) -> None:
        self._shown_args = None  # drawn again in the new colours, not kept as it is
        if self._redraw is not None:
            self._redraw()

    def show_message(self, message: str) -> None:
        self.plain_text = ""
        self.shown = ((), ())
        self._shown_args = None
        self._redraw = partial(self.show_message, message)
        self._show(Text(message, style=self.get_component_rich_style("detail-pane--muted")))

    def show(
        self,
        heading: str,
        resolutions: Sequence[ResolutionRow],
        actions: Sequence[ActionRow],
        matcher: Matcher,
        *,
        whole_meeting: bool,
        marks: Marks = NO_MARKS,
    ) -> None:
        """Draw the resolutions and actions (the screen decides for what); a record the
        reader bookmarked shows ★, one they wrote a note on ✎."""
        args = _ShowArgs(heading, resolutions, actions, matcher, whole_meeting, marks)
        shown = self._shown_args
        if shown is not None and shown.same(args) and self._lines_key is not None:
            return  # drawn already (focus came back to the list): left as the reader left it
        self._shown_args = args
        self._redraw = partial(
            self.show,
            heading,
            resolutions,
            actions,
            matcher,
            whole_meeting=whole_meeting,
            marks=marks,
        )
        self.shown = (tuple(resolutions), tuple(actions))
        prepared = self._take_prepared(args)
        if prepared is not None:
            self.plain_text = prepared.plain_text
            self._show(prepared.content, prepared.lines)
            return
        content, self.plain_text = self._compose_parts(args)
        self._show(content)

    def prepare(
        self,
        heading: str,
        resolutions: Sequence[ResolutionRow],
        actions: Sequence[ActionRow],
        matcher: Matcher,
        *,
        whole_meeting: bool,
        marks: Marks = NO_MARKS,
    ) -> None:
        """Draw what ``show`` with the same arguments would, ahead of time (while the app
        is idle), so that ``show`` then only puts the lines up. Kept for the pane's present
        width and theme; the last ``PREPARED`` are kept."""
        width = self.scrollable_content_region.width
        if width <= 0 or self.styles.overflow_y != "scroll":
            return  # with a scrollbar that comes and goes the width is not known ahead
        args = _ShowArgs(heading, resolutions, actions, matcher, whole_meeting, marks)
        if self._take_prepared(args) is not None:
            return  # drawn ahead already
        content, plain = self._compose_parts(args)
        lines = self._draw_lines(content, width)
        key = (width, self.visual_style.rich_style)
        self._prepared.append(_Prepared(args, key, content, plain, lines))
        del self._prepared[: -self.PREPARED]

    def _take_prepared(self, args: _ShowArgs) -> _Prepared | None:
        width = self.scrollable_content_region.width
        key = (width, self.visual_style.rich_style)
        for prepared in self._prepared:
            if prepared.key == key and prepared.args.same(args):
                return prepared
        return None

    def _compose_parts(self, args: _ShowArgs) -> tuple[RenderableType, str]:
        """What ``show`` draws, as a Rich renderable, and as the plain text ``y`` copies."""
        heading, resolutions, actions = args.heading, args.resolutions, args.actions
        matcher, whole_meeting, marks = args.matcher, args.whole_meeting, args.marks
        style = self.get_component_rich_style
        match_style = style("detail-pane--match")
        parts: list[RenderableType] = [Text(one_line(heading), style("detail-pane--heading"))]
        plain = [one_line(heading)]
        parts.append(Text(f"Resolutions ({len(resolutions)})", style("detail-pane--heading")))
        plain.append(f"Resolutions ({len(resolutions)})")
        if not resolutions:
            parts.append(Text("None recorded.", style("detail-pane--muted")))
        rows: list[tuple[Text, Text]] = []
        for resolution in resolutions:
            label = resolution_label(resolution, with_item=whole_meeting)
            mark = _marked(resolution.record_id, marks)
            tag = Text(
                f" {resolution.kind} ",
                style(f"detail-pane--{resolution.kind}") if resolution.kind in KIND_LABELS else "",
            )
            body = safe(resolution.text)
            matcher.mark(body, match_style)
            if resolution.truncated:
                body.append(" (cut off by the site)", style("detail-pane--muted"))
            rows.append((Text(one_line(label) + mark), Text.assemble(tag, " ", body)))
            plain.append(f"{one_line(label)} [{resolution.kind}] {one_line(resolution.text)}")
        if rows:
            parts.append(hanging(rows))
        parts.append(Text(f"\nAction points ({len(actions)})", style("detail-pane--heading")))
        plain.append(f"\nAction points ({len(actions)})")
        if not actions:
            parts.append(Text("None recorded.", style("detail-pane--muted")))
        rows = []
        for action in actions:
            body = safe(action.text)
            matcher.mark(body, match_style)
            who = [one_line(fact) for fact in action_facts(action)]
            if who:
                body.append("\n" + " · ".join(who), style("detail-pane--owner"))
            label = "•"
            if whole_meeting and action.item_number:
                label = f"{one_line(action.item_number)} •"
            rows.append((Text(label + _marked(action.record_id, marks)), body))
            owner_due = f" ({'; '.join(who)})" if who else ""
            plain.append(f"{label} {one_line(action.text)}{owner_due}")
        if rows:
            parts.append(hanging(rows))
        return Group(*parts), "\n".join(plain)

    # --- drawing ---------------------------------------------------------------------------

    def _show(self, content: RenderableType, lines: list[Strip] | None = None) -> None:
        """Show ``content``; ``lines``: already drawn for the present width (``prepare``)."""
        before = self._in_view()
        self.content = content
        if lines is None:
            self._lines_key = None
            self._draw()
        else:
            self._set_lines(lines, self.scrollable_content_region.width)
        self.scroll_to(y=0, animate=False, immediate=True)
        after = self._in_view()
        if before is None or after is None or before[0] != after[0]:
            self.refresh()  # scrolled, resized or not drawn before: every line
            return
        # Only the lines that differ: the blank lines below both texts and the lines both
        # share stay as drawn (each line refreshed goes through Textual's border and style
        # pass, and to the terminal).
        top, old, new = after[0][0], before[1], after[1]
        y = 0
        while y < len(new):
            if old[y] is new[y] or old[y] == new[y]:
                y += 1
                continue
            start = y
            while y < len(new) and not (old[y] is new[y] or old[y] == new[y]):
                y += 1
            self.refresh_lines(top + start, y - start)

    def _in_view(self) -> tuple[tuple[int, int, int], list[Strip | None]] | None:
        """(scroll offset, width, height) and the lines in view (None: blank), or None
        before the pane is drawn."""
        region = self.scrollable_content_region
        if not region or self._lines_key is None:
            return None
        top, lines = self.scroll_offset.y, self._lines
        shown = [lines[i] if i < len(lines) else None for i in range(top, top + region.height)]
        return (top, region.width, region.height), shown

    def _draw(self) -> None:
        """The content as lines for the pane's width, and the pane's scroll extent."""
        width = self.scrollable_content_region.width
        if self._lines_key == (width, self.visual_style.rich_style):
            return
        self._set_lines(self._draw_lines(self.content, width) if width > 0 else [], width)

    def _set_lines(self, lines: list[Strip], width: int) -> None:
        self._lines, self._lines_key = lines, (width, self.visual_style.rich_style)
        size = Size(max(width, 0), len(lines))
        if size != self.virtual_size:
            resize_rows(self, size)

    def _draw_lines(self, content: RenderableType, width: int) -> list[Strip]:
        """``content`` as lines of ``width`` cells. The pane keeps its scrollbar
        (``overflow-y: scroll``), so the width does not depend on the text's length: a
        bar that came and went with the meeting under the cursor narrowed the text, drew
        it twice, and laid the whole screen out again (every pane redrawn) on half the
        cursor moves."""
        visual = visualize(self, content, markup=False)
        return Visual.to_strips(self, visual, width, None, self.visual_style, pad=True)

    def render_lines(self, crop: Region) -> list[Strip]:
        # Drawn, and the view's top row, width and style read, once for the lines of a
        # frame rather than for each (as ``VirtualList.render_lines``).
        self._draw()
        self._drawing = (
            self.scroll_offset.y,
            self.scrollable_content_region.width,
            self.visual_style.rich_style,
        )
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = None

    def render_line(self, y: int) -> Strip:
        if self._drawing is not None:
            top, width, style = self._drawing
        else:
            self._draw()
            top, width = self.scroll_offset.y, self.scrollable_content_region.width
            style = self.visual_style.rich_style
        index = top + y
        if 0 <= index < len(self._lines):
            line = self._lines[index]
            if line.cell_length == width:  # drawn for this width (pad=True)
                return line
            return line.adjust_cell_length(width, style)
        return Strip.blank(width, style)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines_key = None
        self._prepared.clear()
