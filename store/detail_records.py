"""The records of what is opened from the first screen: an item's reading view (``ItemDetail``
with its documents, sources and the meeting's facts), and the action tracker's counts,
details and kept records of actions that are gone.

Apart from ``store.records`` (the rows of the first screen's lists): a frozen dataclass costs
about a millisecond to create, and the first screen shows none of these. Search hits are
apart again (``store.search_hits``): ``minutes-tui search`` creates that one class, not these
ten.
"""

from __future__ import annotations

from dataclasses import dataclass

from store.records import (
    ActionRow,
    ItemRow,
    MeetingRow,
    ResolutionRow,
)


@dataclass(frozen=True)
class StatusCounts:
    """How many actions a filter keeps in each status (overdue: open and past due)."""

    open: int = 0
    overdue: int = 0
    done: int = 0
    dropped: int = 0
    superseded: int = 0

    @property
    def total(self) -> int:
        return self.open + self.done + self.dropped + self.superseded


@dataclass(frozen=True)
class ActionEvent:
    """One change in an action's story: a status the user set, or a later item of the
    minutes that reports on it (``by``: "you" or "minutes")."""

    at: str  # when: the user's time (ISO, UTC) or the later meeting's date
    by: str
    status: str | None  # the status it gave (a report may give none)
    why: str | None  # the user's reason, or the passage of the later minutes
    evidence_item: str | None  # the later item's id
    evidence_label: str | None  # "Cabinet, 2018-11-20, item 4: Matters arising"
    rule: str | None = None  # for the minutes: report-back, same-matter, follow-up


@dataclass(frozen=True)
class ActionDetail:
    """An action with its history (oldest first) and the user's note."""

    action: ActionRow
    history: tuple[ActionEvent, ...]
    note: str | None
    note_at: str | None


@dataclass(frozen=True)
class OrphanRecord:
    """The user's status or note on an action no longer in the store (its meeting removed,
    its clause re-worded): kept, and shown with the words it had."""

    action_id: str
    text: str | None
    status: str | None
    note: str | None
    at: str


@dataclass(frozen=True)
class DocumentRow:
    title: str
    format: str | None
    size_kb: float | None
    url: str | None


@dataclass(frozen=True)
class SourceRow:
    path: str
    sha256: str
    format: str
    page_kind: str
    ingested_at: str


@dataclass(frozen=True)
class Attendee:
    name: str
    status: str  # present, apologies, absent, in_attendance, substitute
    role: str | None
    reason: str | None


@dataclass(frozen=True)
class MeetingFacts:
    """What a meeting's header says beyond its name and date: where, who, declarations,
    its page, and which values the page implied rather than stated."""

    venue: str | None = None
    contact: str | None = None
    url: str | None = None
    declarations: str | None = None
    inferred: tuple[str, ...] = ()
    attendance: tuple[Attendee, ...] = ()


@dataclass(frozen=True)
class ItemDetail:
    """Everything the reading view shows for one item."""

    item: ItemRow
    meeting: MeetingRow
    description: str | None
    minutes: str | None
    decision: str | None
    documents: tuple[DocumentRow, ...]
    resolutions: tuple[ResolutionRow, ...]
    actions: tuple[ActionRow, ...]
    sources: tuple[SourceRow, ...]
    facts: MeetingFacts = MeetingFacts()
    url: str | None = None  # the item's own page
