"""The one model every source format is read into.

Plain dataclasses, no behaviour beyond small derived views. Parsers build these;
the store persists them; nothing here knows about SQL or the terminal.

Conventions shared by every parser:

* Text is verbatim council wording, normalised only at the edge (NBSP -> space,
  CRLF -> LF, hard-wrapped lines rejoined). Smart quotes and dashes are kept.
* Multi-paragraph text (``AgendaItem.minutes``, ``description``, ``decision``)
  separates paragraphs with one blank line (``"\\n\\n"``). A lettered or
  numbered point such as ``(a)  Since the last update ...`` is its own
  paragraph, label included. Bullet lines (``·``, ``•``) are their own
  paragraphs too.
* ``None`` means "the document does not say"; an empty list means "says none".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

ResolutionKind = Literal["noted", "decision", "action"]
ActionSource = Literal["resolution", "explicit", "narrative"]
# The AgendaItem text field a detected record was read from.
TextField = Literal["title", "description", "minutes", "decision"]
AttendanceStatus = Literal["present", "apologies", "absent", "in_attendance", "substitute"]


@dataclass
class Document:
    """A document attached to a meeting or an item ("Report pdf icon PDF 318 KB")."""

    title: str
    format: str | None = None  # lower-case file type: "pdf", "doc", "docx", "xls", "html" ...
    size_kb: float | None = None  # "318 KB" -> 318.0, "1 MB" -> 1024.0
    url: str | None = None


# Provenance of a detected Resolution or ActionPoint, so a reader can check it against the
# council's own words: ``rule`` names the grammar rule that found it (``keyword``,
# ``inline-verb``, ``bare-clause``, ``motion``, ``decision-record``, ``action-line``,
# ``narrative-commitment`` ...; the full list is ``parsers.grammar.detector.RULES``);
# ``source_field`` names the AgendaItem field it was read from, and ``span_start`` /
# ``span_end`` are character offsets into that field's text exactly as stored, so
# ``getattr(item, source_field)[span_start:span_end]`` is the passage (the clause's words,
# without its label or opening quotation mark). They are metadata about how a record was
# found, not part of what was decided, so they take no part in equality: the same clause
# read from a text page and from the HTML page is the same resolution. All None on records
# that were not detected (built by hand, or read back from a store that did not keep them).


@dataclass
class Resolution:
    """One numbered sub-resolution, verbatim, e.g. ``(2) ask each agency to ...``.

    ``number`` is the clause label without brackets ("1", "a", "ii", "A") or
    None for an unnumbered resolution. ``text`` is the clause's words without
    its label; for an unnumbered resolution it is the whole text after the
    RESOLVED keyword (``to note the forward plan.``), keeping "that"/"to".
    """

    number: str | None
    text: str
    kind: ResolutionKind
    truncated: bool = False  # cut off by the site's "... view the full minutes text" marker
    # Provenance (see ``Provenance``): not part of what was resolved, so not compared.
    rule: str | None = field(default=None, compare=False)
    source_field: TextField | None = field(default=None, compare=False)
    span_start: int | None = field(default=None, compare=False)
    span_end: int | None = field(default=None, compare=False)


@dataclass
class ActionPoint:
    """Something someone must do, as the minutes record it."""

    text: str
    owner: str | None = None  # who must act, when the text names them
    due: dt.date | None = None  # when the text states a date
    source_kind: ActionSource = "resolution"  # resolution clause / ACTION: line / narrative
    # Provenance, as on Resolution: not compared.
    rule: str | None = field(default=None, compare=False)
    source_field: TextField | None = field(default=None, compare=False)
    span_start: int | None = field(default=None, compare=False)
    span_end: int | None = field(default=None, compare=False)


@dataclass
class Attendee:
    """A person's attendance at a meeting (present, apologies with reason, ...)."""

    name: str
    status: AttendanceStatus
    role: str | None = None  # "Co Chair", "Vice Chair", "Substitute for ..."
    reason: str | None = None  # "unwell", "personal reasons"


@dataclass
class AgendaItem:
    """One agenda item with its minutes and what was resolved."""

    number: str | None  # as printed, without trailing dot: "16", "3a", "5.1", "77/21", "CB20/15"
    title: str | None  # rendering noise removed ("pdf icon PDF 318 KB" -> a Document)
    description: str | None = None  # the agenda text under the title ("Report of ...")
    minutes: str | None = None  # full minutes text, paragraphs separated by blank lines
    decision: str | None = None  # a separate "Decision:" block, where the page has one
    truncated: bool = False  # the site cut the minutes ("... view the full minutes text for item")
    documents: list[Document] = field(default_factory=list)
    resolutions: list[Resolution] = field(default_factory=list)
    actions: list[ActionPoint] = field(default_factory=list)
    external_id: str | None = None  # modern.gov agenda item id ("AI21068" -> "21068") when known
    url: str | None = None


@dataclass
class Meeting:
    """A meeting of a committee and its agenda items, in agenda order."""

    committee: str | None = None
    date: dt.date | None = None
    time: str | None = None  # 24-hour "HH:MM"
    council: str | None = None  # "Nottingham City Council" when the document says or shows it
    venue: str | None = None
    contact: str | None = None
    declarations: str | None = None  # text of the declarations-of-interest item, if any
    # Text printed before the first item that is no item's (a welcome, a note on what the
    # record covers), paragraphs separated by blank lines; kept rather than lost.
    preamble: str | None = None
    attendance: list[Attendee] = field(default_factory=list)
    items: list[AgendaItem] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)  # meeting-level: printed minutes ...
    external_id: str | None = None  # modern.gov meeting id when known
    url: str | None = None
    # The fields above whose value the page implies rather than states, in field order
    # ("committee", "date", "time"): a decision's meeting read from its "13/02/2020 -
    # Title" heading, the body named only by "the minutes of the meeting of the X held
    # on ...". Empty when every value was stated (or is None).
    inferred: list[str] = field(default_factory=list)

    @property
    def apologies(self) -> list[Attendee]:
        return [a for a in self.attendance if a.status == "apologies"]


@dataclass
class ParsedDocument:
    """What one source file yielded.

    ``format`` names the registered source format that read it
    ("moderngov-text", "moderngov-html", "moderngov-xml", "printed-minutes-pdf",
    ...); ``page_kind`` what the page was ("meeting", "item", "issue",
    "decision", "printed-minutes", ...). An issue page yields one Meeting per
    meeting block; a page with no meeting header yields one Meeting whose
    committee and date are None.
    """

    format: str
    page_kind: str
    meetings: list[Meeting] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
