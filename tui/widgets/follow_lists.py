"""The lists of the following screens: people, a person's record, a matter's timeline, what is
new, the watches, bookmarks and notes.

Each is a ``VirtualList`` that only draws the rows its screen gives it (a source of
``store.follow`` rows); document text goes through ``tui.safe_text``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text

from store.follow_records import AppearanceRow, MarkRow, MentionRow, NewsRow, PersonRow
from tui.safe_text import one_line, safe
from tui.widgets.panes import meeting_date
from tui.widgets.virtual_list import VirtualList

# How a mention's role reads in a person's record.
ROLE_LABELS = {
    "present": "attended",
    "in_attendance": "in attendance",
    "substitute": "substitute",
    "apologies": "apologies",
    "absent": "absent",
    "declared": "declared",
    "moved": "moved",
    "seconded": "seconded",
    "presented": "presented",
    "owner": "action",
    "left": "left",
    "arrived": "arrived",
}


def _fit(text: Text, width: int) -> Text:
    text = text.copy()
    text.truncate(max(0, width), overflow="ellipsis", pad=True)
    return text


def _where(committee: str | None, date: dt.date | None, width: int) -> Text:
    """``2018-10-02 Cabinet`` in ``width`` cells."""
    line = Text(meeting_date(date) + " ")
    line.append_text(safe(committee or "(no committee named)", single_line=True))
    return _fit(line, width)


def _item(number: str | None, title: str | None) -> Text:
    label = f"{one_line(number)} " if number else ""
    return Text(label) + safe(title or "(untitled item)", single_line=True)


class PeopleList(VirtualList[PersonRow]):
    """People by surname: the name as printed, and how many meetings name them."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {*VirtualList.COMPONENT_CLASSES, "follow-list--muted"}

    def render_row(self, row: PersonRow, width: int) -> Text:
        count = f"{row.meetings:,} meeting{'s' if row.meetings != 1 else ''}"
        name = safe(row.name, single_line=True)
        muted = self.get_component_rich_style("follow-list--muted")
        room = max(1, width - len(count) - 2)
        return Text.assemble(_fit(name, room), "  ", Text(count, muted))


class MentionList(VirtualList[MentionRow]):
    """A person's record, newest meeting first: where, what they did, and the words."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *VirtualList.COMPONENT_CLASSES,
        "follow-list--muted",
        "follow-list--role",
    }

    def render_row(self, row: MentionRow, width: int) -> Text:
        style = self.get_component_rich_style
        where_width = 40 if width >= 110 else 28
        where = _where(row.meeting.committee, row.meeting.date, where_width)
        where.stylize(style("follow-list--muted"))
        role = Text(f"{ROLE_LABELS.get(row.role, row.role):<13}", style("follow-list--role"))
        words = Text()
        if row.item_number or row.item_title:
            words.append_text(_item(row.item_number, row.item_title))
            words.append(" · ")
        said = row.text or row.written_role
        if said:
            words.append_text(safe(said, single_line=True))
        return Text.assemble(where, " ", role, _fit(words, max(0, width - where_width - 14)))


class TimelineList(VirtualList[AppearanceRow]):
    """A matter across meetings, newest first: where, the item, and what was decided."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *VirtualList.COMPONENT_CLASSES,
        "follow-list--muted",
        "follow-list--decision",
    }

    def render_row(self, row: AppearanceRow, width: int) -> Text:
        style = self.get_component_rich_style
        where_width = 36 if width >= 110 else 26
        where = _where(row.meeting.committee, row.meeting.date, where_width)
        item_width = max(10, (width - where_width) // 3)
        item = _fit(_item(row.item.number, row.item.title), item_width)
        decided = Text()
        if row.kinds:
            decided.append(f"[{row.kinds[0]}] ", style("follow-list--decision"))
        decided.append_text(
            safe(row.decision, single_line=True) if row.decision else Text("no decision recorded")
        )
        if not row.decision:
            decided.stylize(style("follow-list--muted"))
        rest = max(0, width - where_width - item_width - 2)
        return Text.assemble(where, " ", item, " ", _fit(decided, rest))


class NewsList(VirtualList[NewsRow]):
    """What is new: each changed meeting, then its new and changed items."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *VirtualList.COMPONENT_CLASSES,
        "follow-list--muted",
        "follow-list--new",
        "follow-list--changed",
    }

    def render_row(self, row: NewsRow, width: int) -> Text:
        style = self.get_component_rich_style
        state = Text(f"{row.state.upper():<8}", style(f"follow-list--{row.state}"))
        if row.item is None:
            line = Text.assemble(state, Text(meeting_date(row.meeting.date) + " ", "bold"))
            line.append_text(
                safe(row.meeting.committee or "(no committee named)", single_line=True)
            )
            line.stylize("bold", 8)
            return _fit(line, width)
        added = []
        if row.new_resolutions:
            added.append(f"+{row.new_resolutions} res")
        if row.new_actions:
            added.append(f"+{row.new_actions} act")
        tail = Text("  " + " ".join(added), style("follow-list--muted")) if added else Text()
        body = Text("  ") + _item(row.item.number, row.item.title)
        room = max(0, width - 8 - tail.cell_len)
        return Text.assemble(state, _fit(body, room), tail)


@dataclass(frozen=True)
class WatchEntry:
    """A row of the watches list: the overall news (``name`` None) or a watch."""

    name: str | None
    kind: str
    described: str


class WatchList(VirtualList[WatchEntry]):
    """The watches, each with how much is new in it (``counts``, filled in when counted)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *VirtualList.COMPONENT_CLASSES,
        "follow-list--muted",
        "follow-list--new",
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.counts: dict[str | None, int] = {}

    def render_row(self, row: WatchEntry, width: int) -> Text:
        style = self.get_component_rich_style
        new = self.counts.get(row.name)
        count = "…" if new is None else (f"{new:,} new" if new else "—")
        count_text = Text(count, style("follow-list--new") if new else style("follow-list--muted"))
        name = Text(one_line(row.name) if row.name is not None else "Everything", "bold")
        if row.kind:
            name.append(f" {row.kind}", style("follow-list--muted"))
        room = max(1, width - count_text.cell_len - 1)
        return Text.assemble(_fit(name, room), " ", count_text)


class MarkList(VirtualList[MarkRow]):
    """Bookmarks and notes, the latest first; a mark whose record is gone says so."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *VirtualList.COMPONENT_CLASSES,
        "follow-list--muted",
        "follow-list--gone",
    }

    def render_row(self, row: MarkRow, width: int) -> Text:
        style = self.get_component_rich_style
        flags = ("★" if row.bookmarked else " ") + ("✎" if row.note else " ")
        kind = Text(f" {row.kind:<10}", style("follow-list--muted"))
        body = safe(row.label or row.target, single_line=True)
        if row.note:
            body.append("  — ")
            body.append_text(safe(row.note, single_line=True))
        if not row.exists:
            body = Text.assemble(Text("(gone) ", style("follow-list--gone")), body)
        return Text.assemble(flags, kind, " ", _fit(body, max(0, width - 14)))
