"""The people index and one person's record.

The index lists everyone the minutes name, by surname, with how many meetings name them;
``/`` narrows it to the names holding the typed words. A person's record is what the
minutes say of them, newest meeting first (attendance with the role printed beside them,
declarations, motions moved and seconded, reports presented, actions owned, departures),
under a head that counts it all; tab shows one kind at a time.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Input
from textual.worker import get_current_worker

from store import follow
from store.follow_records import MentionRow, PersonRow, PersonSummary
from tui.bindings import bindings_for
from tui.follow_reader import MentionSource, PeopleSource
from tui.safe_text import one_line, safe
from tui.screens.listing import ListingScreen
from tui.widgets.follow_lists import MentionList, PeopleList
from tui.widgets.virtual_list import VirtualList

FIND_DEBOUNCE = 0.15


class PeopleScreen(ListingScreen):
    """Everyone the minutes name; Enter opens their record."""

    BINDINGS: ClassVar = bindings_for("people")
    PALETTE_SCOPE: ClassVar[str] = "people"
    TITLE_TEXT = "People"
    SUBTITLE_TEXT = "name · meetings that name them"
    NOUN = ("person", "people")

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self.text = text

    def make_list(self) -> VirtualList[PersonRow]:
        return PeopleList(empty_text="No one named yet")

    def below_list(self) -> ComposeResult:
        yield Input(self.text, id="people-find", compact=True, placeholder="find a name")

    def setup(self) -> None:
        self.head(
            "Everyone the minutes name: attendance, declarations, motions, reports and actions."
            "  / finds a name."
        )
        self.query_one("#people-find", Input).display = bool(self.text)
        self._load()

    def _load(self) -> None:
        self.listing.empty_text = "No one of that name" if self.text else "No one named yet"
        self.listing.load(PeopleSource(self.app.reader, self.text))

    def action_find(self) -> None:
        box = self.query_one("#people-find", Input)
        box.display = True
        self.set_focus(box)

    @on(Input.Changed, "#people-find")
    def _typed(self, event: Input.Changed) -> None:
        value = event.value

        def apply() -> None:
            if value == self.query_one("#people-find", Input).value and value != self.text:
                self.text = value
                self._load()

        self.set_timer(FIND_DEBOUNCE, apply)

    @on(Input.Submitted, "#people-find")
    def _found(self, event: Input.Submitted) -> None:
        if event.value != self.text:  # Enter applies at once, without the debounce
            self.text = event.value
            self._load()
        self.listing.focus()

    def action_open(self) -> None:
        row = self.listing.highlighted_row
        if row is not None:
            self.app.open_person(row.key)

    def action_close(self) -> None:
        box = self.query_one("#people-find", Input)
        if box.has_focus:
            self.listing.focus()
            return
        self.dismiss()


# What tab shows of a person, in turn: (label, roles; None is everything).
ROLE_GROUPS: tuple[tuple[str, tuple[str, ...] | None], ...] = (
    ("everything", None),
    ("attendance", ("present", "in_attendance", "substitute", "apologies", "absent", "left",
                    "arrived")),
    ("motions", ("moved", "seconded")),
    ("declarations", ("declared",)),
    ("reports and actions", ("presented", "owner")),
)  # fmt: skip


class PersonScreen(ListingScreen):
    """What the minutes say of one person, newest meeting first."""

    BINDINGS: ClassVar = bindings_for("person")
    PALETTE_SCOPE: ClassVar[str] = "person"
    TITLE_TEXT = "Record"
    SUBTITLE_TEXT = "date · meeting · what · where and the words"
    NOUN = ("entry", "entries")

    class SummaryLoaded(Message):
        def __init__(self, summary: PersonSummary | None) -> None:
            super().__init__()
            self.summary = summary

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self.group = 0
        self.summary: PersonSummary | None = None

    def make_list(self) -> VirtualList[MentionRow]:
        return MentionList(empty_text="Nothing of this kind")

    def setup(self) -> None:
        self.head(Text(self.key))
        self._load_summary()
        self._load()

    def _load(self) -> None:
        label, roles = ROLE_GROUPS[self.group]
        self.listing.border_subtitle = f"showing {label} · tab for more"
        self.listing.load(MentionSource(self.app.reader, self.key, roles))

    @work(thread=True, exclusive=True, exit_on_error=False, group="person")
    def _load_summary(self) -> None:
        try:
            summary = follow.person_summary(self.app.reader.connection(), self.key)
        except Exception as error:
            self.app.call_from_thread(self.app.report_store_error, error)
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.SummaryLoaded(summary))

    @on(SummaryLoaded)
    def _summary_loaded(self, message: SummaryLoaded) -> None:
        self.summary = message.summary
        self.head(summary_text(message.summary, self.key))

    def action_next_roles(self) -> None:
        self.group = (self.group + 1) % len(ROLE_GROUPS)
        self._load()

    def action_jump(self) -> None:
        row = self.listing.highlighted_row
        if row is not None:
            self.app.go_to_item(row.meeting.id, row.item_id)

    def action_follow(self) -> None:
        name = self.summary.name if self.summary else self.key
        self.app.follow("person", self.key, one_line(name), one_line(name))


def summary_text(summary: PersonSummary | None, key: str) -> Text:
    """The person view's head: name, counts, the other ways the name is printed, roles."""
    if summary is None:
        return Text(f"No meeting names {one_line(key)} now.")
    head = safe(summary.name, "bold", single_line=True)
    counts = summary.counts
    parts = [
        f"named in {summary.meetings:,} meeting{'s' if summary.meetings != 1 else ''}",
        f"attended {summary.attended:,}",
        f"apologies or absent {summary.missed:,}",
    ]
    for role, label in (
        ("moved", "moved"),
        ("seconded", "seconded"),
        ("declared", "declarations"),
        ("presented", "reports presented"),
        ("owner", "actions owned"),
        ("left", "left a meeting"),
    ):
        if counts.get(role):
            parts.append(f"{label} {counts[role]:,}")
    head.append("  " + " · ".join(parts))
    others = [n for n in summary.names if n != summary.name]
    if others:
        head.append("\nAlso printed as: ", "dim")
        head.append_text(safe("; ".join(others), single_line=True))
    if summary.roles:
        head.append("\nRoles as written: ", "dim")
        head.append_text(safe("; ".join(summary.roles), single_line=True))
    return head
