"""Text renderings of modern.gov pages (and two legacy cousins) -> the model.

A "text rendering" is what a search tool or a browser's copy/paste keeps of a
live page: the visible text, one line per HTML block, no markup. The page kind
is told by content, usually its first line:

* ``meeting``: ``Agenda and minutes``, ``Agenda and draft minutes``, ``Agenda,
  decisions and minutes``, ``Agenda``, Welsh ``Rhaglen a chofnodion``
  (ieListDocuments), or no heading at all (pipe tables, hard-wrapped excerpts).
  One Meeting with its items.
* ``item``: ``Agenda item`` / Welsh ``Eitem Agenda`` (mgAi), or no heading but
  a ``Minutes:`` label (Nottingham seed 004). One Meeting whose committee and
  date are None, with one item.
* ``issue``: ``Issue - meetings`` (ieIssueDetails). One Meeting per
  ``Meeting: dd/mm/yyyy - <Committee> (Item N)`` block, each with that item.
* ``decision``: ``Decision details`` / ``Issue - decisions`` (ieDecisionDetails,
  mgDecisionDetails). One Meeting (``Decided at meeting: dd/mm/yyyy - X``) with
  one item whose ``decision`` is the decision text.
* ``issue-history``: ``Issue details`` (mgIssueHistoryHome). The issue as an
  item, on each listed meeting (or on one undated Meeting).
* ``legacy-meeting``: ``Meeting documents`` (pre-2008 CeListDocuments). The
  heading, venue and the index of agenda titles; no minutes.
* ``cmis-meeting``: no heading; a CMIS (Civica) page ending with the
  attendance block (``Councillor X (in the Chair); ...``). Attendance, and the
  minutes as one unnumbered item (CMIS renders no numbers or titles).

A meeting page comes in three layouts, all read by one line classifier:

* blank-line blocks (most councils): ``16.`` / title / description /
  ``Additional documents:`` + bullets / ``Decision:`` / ``Minutes:`` / text;
* hard-wrapped lines (Oadby and Wigston, seed 004): the same lines with no
  blank lines between them and every source line break kept;
* pipe tables (seed 002, Oxfordshire): one table row per item, ``Title
  Minutes: first paragraph`` on the row's first line, rows ending `` |``,
  spacer rows of pipes, item numbers usually missing (the truncation marker
  ``... view the full minutes text for item 38.`` still names them).

Item text goes through the shared grammar (``parsers.grammar``) via
``parsers.minutes_body.fill_item`` so the same meeting read from this page,
the HTML page or the web service yields the same resolutions and actions.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from parsers import generic_minutes
from parsers.grammar.attendance import parse_attendance
from parsers.grammar.dates import parse_date
from parsers.grammar.documents import TITLE_TAIL, document_line, split_title
from parsers.grammar.paragraphs import BULLET, rejoin, strip_truncation
from parsers.minutes_body import committee_name, fill_item, fill_meeting_extras, split_heading
from parsers.model import AgendaItem, Document, Meeting, ParsedDocument
from parsers.source import ParseError, Source
from parsers.text import normalise_line

NAME = "moderngov-text"

# ---------------------------------------------------------------------------
# Page kinds, by the first line.

PAGE_HEADINGS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:Agenda item|Eitem Agenda)$", re.I), "item"),
    # "Agenda and minutes", "Agenda and draft minutes", "Agenda, decisions and
    # minutes" (Haringey), "Agenda", Welsh "Rhaglen a chofnodion" (Flintshire).
    (re.compile(r"^(?:Agenda|Rhaglen)\b(?!\s+items?$)", re.I), "meeting"),
    (re.compile(r"^(?:Issue - meetings|Mater - cyfarfodydd)$", re.I), "issue"),
    (re.compile(r"^(?:Decision details|Issue - decisions)$", re.I), "decision"),
    (re.compile(r"^Issue details$", re.I), "issue-history"),
    (re.compile(r"^Meeting documents$", re.I), "legacy-meeting"),
]
# Lines a page tool puts above the page (Bristol: "Modern.gov Breadcrumb").
CHROME = re.compile(r"^(?:Modern\.gov (?:Breadcrumb|Content)|Skip to content|Media)$", re.I)

# ---------------------------------------------------------------------------
# Line classes inside a page.

# An item number as printed: "16", "3a", "5.1", "77/21", "CB20/15", "P/142".
# Four digits only with their dot ("1772.", Worcestershire's running minute numbers), so a
# year alone on a line is not a number.
_NUMBER = (
    r"(?P<number>\d{1,3}[a-z]?|\d{4}(?=\.)|\d{1,3}(?:\.\d{1,2}){1,2}|\d{1,3}/\d{2,4}"
    r"|[A-Z]{1,4}\d{1,3}/\d{1,4}|[A-Z]{1,3}/\d{1,4})"
)
# The number alone on its line, with or without a dot ("16.", "3a", "CB20/15.").
ITEM_NUMBER = re.compile(rf"^{_NUMBER}\.?$")
# The column headings that open the item list ("Items" / "No. Item";
# Welsh "Eitemau" / "Rhif eitem").
ITEMS_HEADING = re.compile(r"^(?:Items|No\.\s*Item|Eitemau|Rhif eitem(?:\s+Eitem)?)$", re.I)

# Section labels, English and Welsh (Flintshire: Cofnodion = Minutes,
# Dogfennau ychwanegol = Additional documents, Penderfyniad = Decision).
LABEL = re.compile(
    r"^(?P<label>Minutes|Cofnodion|Decision|Penderfyniad|Additional documents|"
    r"Dogfennau ychwanegol|Supporting documents|Dogfennau ategol|Purpose|Pwrpas)\s*:\s*",
    re.I,
)
LABEL_SECTION = {
    "minutes": "minutes", "cofnodion": "minutes",
    "decision": "decision", "penderfyniad": "decision",
    "additional documents": "documents", "dogfennau ychwanegol": "documents",
    "supporting documents": "documents", "dogfennau ategol": "documents",
    "purpose": "description", "pwrpas": "description",
}  # fmt: skip
# A documents label run onto the end of a text line by the rendering ("... where
# safeguarding is concerned. Supporting documents:"): page furniture, not text.
TRAILING_DOCUMENTS_LABEL = re.compile(
    r"(?<=\S)\s+(?:Supporting documents|Additional documents|Dogfennau ychwanegol"
    r"|Dogfennau ategol)\s*:\s*$",
    re.I,
)
# The same labels inside a flattened table row ("Apologies for absence Minutes: ...").
INLINE_LABEL = re.compile(
    r"(?:^|\s)(?P<label>Minutes|Cofnodion|Decision|Additional documents|Dogfennau ychwanegol"
    r"|Supporting documents|Dogfennau ategol)\s*:",
    re.I,
)
# Where the agenda text starts inside a table row's title cell (Wiltshire: "Apologies To
# receive any apologies for the meeting.", "Minutes of Previous Meeting To approve as a
# correct record ..."): an instruction, not part of the title.
AGENDA_TEXT_IN_TITLE = re.compile(r"\s(?=(?:To\s+[a-z]{3,}|Report\s+(?:of|by)\s)\b)")

# Meeting header labels. "Venue : ..." has a space before the colon on legacy pages (Wirral).
VENUE = re.compile(r"^(?:Venue|Lleoliad)\s*:\s*(?P<text>.*)$", re.I)
CONTACT = re.compile(r"^(?:Contact|Cyswllt)\s*:\s*(?P<text>.*)$", re.I)
VIEW_DIRECTIONS = re.compile(r"\s*\.?\s*(?:View directions|Gweld cyfarwyddiadau)\s*$", re.I)
# Oxfordshire's old layout: "Note: Now on Item:14" (a live-meeting banner).
HEADER_NOISE = re.compile(
    r"^(?:Note\s*:|Location Map$|Index to Agendas$|Media$|Webcast\b|Watch the webcast)", re.I
)
# Link texts modern.gov prints under an item; not council wording.
LINK_NOISE = re.compile(
    r"^(?:View the (?:background to item|reasons why (?:document|item))\b.*"
    r"|Restricted enclosure|Webcast for .*|Watch the webcast for .*)$",
    re.I,
)

# Pipe tables: "No. | Item |", "---|---|", rows ending " |", spacer rows "|||".
PIPE_HEADER = re.compile(r"^No\.\s*\|\s*Item\s*\|")
PIPE_RULE = re.compile(r"^-{3}\|")
PIPE_SPACER = re.compile(r"^\|+$")
PIPE_ROW_END = re.compile(r"\s*\|+$")
PIPE_NUMBER_CELL = re.compile(rf"^{_NUMBER}\.?\s*\|\s*")

# Issue pages: "Meeting: 27/09/2017 - Children's Partnership Board (Item 20)".
# Welsh pages (LLL=1): "Cyfarfod: ... (Eitem N)".
MEETING_BLOCK = re.compile(
    r"^(?:Meeting|Cyfarfod)\s*:\s*(?P<date>\d{1,2}/\d{1,2}/\d{4})\s*-\s*(?P<committee>.+?)"
    r"(?:\s*\((?:Item|Eitem)\s+(?P<number>[^)]+?)\.?\))?$",
    re.I,
)
# Decision pages (ieDecisionDetails): one-line fields ("Decision Maker: Cabinet",
# "Decided at meeting: 10/09/2024 - Cabinet", North Herts) and multi-line
# sections ("Decision:", "Purpose:", "Reasons for the decision:").
DECISION_LABEL = re.compile(
    r"^(?P<label>Decision Maker|Decision status|Decision type|Is Key decision\?|"
    r"Is subject to call in\?|Report author|Publication date|Date of publication|"
    r"Date of decision|Decided at meeting|Effective from|Call-in deadline|Lead member|"
    r"Wards affected|Reason Key|Contact|Decision|Penderfyniad|Purpose|Pwrpas|"
    r"Reasons? for (?:the )?decisions?|Alternative options considered|"
    r"Interests and Nature of Interests Declared|Reason for urgency|"
    r"Accompanying Documents|Background papers|Supporting documents|Agenda items)"
    r"\s*:?\s*(?P<value>.*)$",
    re.I,
)
# "10/09/2024 - Cabinet", "27/09/2017 - Children's Partnership Board (Item 20)".
DATED_COMMITTEE = re.compile(
    r"^(?:Meeting\s*:\s*)?(?P<date>\d{1,2}/\d{1,2}/\d{4})\s*-\s*(?P<committee>.+?)(?:\s*\(Item\s+(?P<number>[^)]+?)\.?\))?$"
)
# An item page's description: the agenda text under the title (seed 004 has
# no title and opens "Report of the Statutory Scrutiny Officer").
DESCRIPTION_START = re.compile(r"^(?:Report (?:of|by)|To\s|Pwrpas|Purpose|Adroddiad)", re.I)
# Declarations items the shared check misses (City of London: "Members'
# declarations under the Code of Conduct ...").
DECLARATIONS_TITLE = re.compile(r"^(?:Members'?\s+)?declarations?\b|\bdeclarations?\s+of\b", re.I)

# Legacy CeListDocuments index: "  1. MINUTES" (Wirral, 2007).
LEGACY_ITEM = re.compile(r"^(?P<number>\d{1,3}[a-z]?)\.\s+(?P<title>\S.*)$")
# Its minutes table's header, the column names run together by the rendering (Southend).
LEGACY_TABLE = re.compile(r"^Item\s*Description\s*(?:Resolution|Decision|Minutes)$", re.I)
LEGACY_PLACE = re.compile(r"^(?:Place|Venue|Location)\s*:\s*(?P<text>\S.*)$", re.I)
# CMIS (Civica) meeting pages end with the attendance block (Great Yarmouth:
# "Councillor G Carpenter (in the Chair); Councillors Hanton, ...").
CMIS_CHAIR = re.compile(r"\(in the Chair\)", re.I)
CMIS_ALSO = re.compile(r"^(?:Also in attendance|Officers in attendance|In attendance)\s*:?$", re.I)
CMIS_SUBSTITUTE = re.compile(r"\battended as (?:a )?substitute\b", re.I)
CMIS_APOLOGIES = re.compile(r"^Apologies\b", re.I)
CMIS_DECLARATION = re.compile(r"\bdeclared\b", re.I)

# Markers that make a plain-text file a modern.gov rendering (for ``sniff``).
RENDERING_SIGNS = re.compile(
    r"^(?:Minutes|Cofnodion)\s*:|^No\.\s*\|\s*Item\s*\||view the full minutes text for item"
    r"|^Meeting\s*:\s*\d{1,2}/\d{1,2}/\d{4}\s*-|^Decided at meeting\s*:|^Supporting documents\s*:"
    r"|^Additional documents\s*:|^Venue\s*:.*View directions|^(?:Agenda item|Eitem Agenda)$",
    re.I | re.M,
)


# ---------------------------------------------------------------------------
# The format interface.


def sniff(source: Source) -> bool:
    """A text rendering of a modern.gov page (not HTML, XML, JSON, PDF or binary)."""
    text = source.plain_text(6000)
    if text is None:
        return False
    if "\f" in text:  # page breaks: pdftotext output, the printed-minutes reader's
        return False
    raw_lines = text.splitlines()[:200]
    # The first real line settles most pages ("Agenda and minutes"): the rest of the
    # head is normalised only when it does not.
    first = next((x for x in map(normalise_line, raw_lines) if x and not CHROME.match(x)), None)
    if first is None:
        return False
    if _kind_from_heading(first):
        return True
    lines = [normalise_line(x) for x in raw_lines]
    lines = [x for x in lines if x and not CHROME.match(x)]
    if generic_minutes.opens_with_minutes_title(lines):
        return False  # a council's own minutes: the generic reader knows their headers
    if RENDERING_SIGNS.search(text):
        return True
    if any(CMIS_CHAIR.search(x) for x in lines) and any(CMIS_ALSO.match(x) for x in lines):
        return True
    # A hard-wrapped agenda excerpt (Oadby and Wigston).
    return numbered_titles(lines) >= 2


def parse(source: Source) -> ParsedDocument:
    """Read a text rendering; ParseError when it holds nothing to read."""
    page = Page.read(source.text)
    if not page.lines:
        raise ParseError("empty text page")
    kind = page.kind()
    reader = READERS[kind]
    doc = ParsedDocument(format=NAME, page_kind=kind)
    reader(page, doc)
    if not doc.meetings:
        raise ParseError(f"{kind} page with nothing to read")
    return doc


# ---------------------------------------------------------------------------
# Lines.


@dataclass
class Line:
    """A non-blank normalised line and the blank lines before it.

    ``gap`` counts truly empty source lines right before it: the site renders
    a dropped ``Minutes:`` label as an extra empty line (Durham, Cardiff), while
    the NBSP-only "empty paragraphs" between points are blank but not a gap.
    """

    text: str
    blank_before: bool = False
    gap: int = 0
    blanks: int = 0  # blank lines of any kind before it (NBSP-only ones included)


@dataclass
class Page:
    """A page's lines, without the tool's chrome."""

    lines: list[Line]

    @classmethod
    def read(cls, text: str) -> Page:
        lines: list[Line] = []
        blanks, gap = 0, 0
        for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            line = normalise_line(raw)
            if not line:
                blanks += 1
                gap = gap + 1 if not raw.strip("\ufeff") else 0
                continue
            if (not lines and CHROME.match(line)) or LINK_NOISE.match(line):
                blanks, gap = 0, 0
                continue
            lines.append(Line(line, blanks > 0, gap, blanks))
            blanks, gap = 0, 0
        # A breadcrumb above the page heading that ends with it (Worcestershire:
        # "Agendas, Meetings and Minutes - Agenda and minutes" / "Agenda and minutes").
        if len(lines) > 1 and lines[0].text.endswith(f" - {lines[1].text}"):
            lines.pop(0)
        return cls(lines)

    def kind(self) -> str:
        first = self.lines[0].text
        kind = _kind_from_heading(first)
        if kind:
            return kind
        texts = [line.text for line in self.lines]
        if any(PIPE_HEADER.match(t) or PIPE_RULE.match(t) for t in texts[:20]):
            return "meeting"
        if any(CMIS_CHAIR.search(t) for t in texts) and not any(LABEL.match(t) for t in texts):
            return "cmis-meeting"
        if VENUE.match(first) or CONTACT.match(first) or numbered_titles(texts) >= 2:
            return "meeting"
        return "item"


def numbered_titles(texts: Sequence[str]) -> int:
    """How many item numbers stand alone on a line with a capitalised title after them.

    Two or more make a header-less excerpt a meeting page (Oadby and Wigston:
    ``2.`` / ``Appointment of Substitutes``); a hard-wrapped list label is
    followed by lower-case text (``1.`` / ``that the partnership ...``).
    """
    return sum(
        1
        for a, b in itertools.pairwise(texts)
        if ITEM_NUMBER.match(a) and not ITEM_NUMBER.match(b) and b[:1].isupper()
    )


def _kind_from_heading(line: str) -> str | None:
    for pattern, kind in PAGE_HEADINGS:
        if pattern.match(line):
            return kind
    return None


def paragraphs(lines: Iterable[Line], *, one_per_line: bool = False) -> list[str]:
    """Lines -> paragraphs (``grammar.paragraphs.rejoin``), blank lines kept as breaks."""
    flat: list[str] = []
    for line in lines:
        if flat and one_per_line:
            # Every line is a paragraph (table cells, CMIS); two blanks so that
            # rejoin never reads a lower-case line as the rest of a sentence.
            flat.extend(["", ""])
        elif flat and line.blank_before:
            flat.extend([""] * line.blanks)
        flat.append(line.text)
    return rejoin(flat)


# ---------------------------------------------------------------------------
# One item's body: title, description, documents, decision and minutes.


@dataclass
class ItemDraft:
    """An item's lines sorted into sections as the body is read."""

    number: str | None = None
    title: str | None = None
    description: list[Line] = field(default_factory=list)
    decision: list[Line] = field(default_factory=list)
    minutes: list[Line] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    minutes_labelled: bool = False
    one_per_line: bool = False  # pipe-table cells: every line is a paragraph

    def finish(self) -> AgendaItem:
        """The AgendaItem, its text run through the shared grammar."""
        title, document = split_title(self.title) if self.title else (None, None)
        item = AgendaItem(number=self.number, title=title or None)
        if document:
            item.documents.append(document)
        item.documents.extend(self.documents)
        description = paragraphs(self.description, one_per_line=self.one_per_line)
        description_text, agenda_marker = strip_truncation("\n\n".join(description))
        minutes = paragraphs(self.minutes, one_per_line=self.one_per_line)
        decision = paragraphs(self.decision, one_per_line=self.one_per_line)
        fill_item(item, minutes, decision, description_text.split("\n\n") if description else ())
        # An unnumbered item (pipe tables, item pages) takes its number from
        # the marker: "... view the full minutes text for item 38."
        if item.number is None:
            for body in (minutes, decision):
                marker = strip_truncation("\n\n".join(body))[1]
                if marker:
                    item.number = marker.rstrip(".")
                    break
            else:
                if agenda_marker:
                    item.number = agenda_marker.rstrip(".")
        return item


def read_item_body(lines: Sequence[Line], draft: ItemDraft, *, section: str = "title") -> ItemDraft:
    """Sort an item's lines (after its number) into title, description, documents,
    decision and minutes.

    ``section`` is where the lines start: "title" (meeting pages: the first
    line is the title), "description" or "minutes" (a dropped label).
    A run of two or more empty lines before any section label starts the
    minutes: the site drops an empty ``Minutes:`` label that way (Torbay,
    Durham, Cardiff, Nottingham's issue page).
    """
    for line in lines:
        # The label ends in ":"; without one the failed search costs a scan of the line.
        trailing = TRAILING_DOCUMENTS_LABEL.search(line.text) if ":" in line.text else None
        if trailing and section != "title":
            # Seed 004's last clause with the page's "Supporting documents:" label run
            # onto it: the text stays in its section, the documents list starts.
            _add(draft, section, replace(line, text=line.text[: trailing.start()]))
            section = "documents"
            continue
        label = LABEL.match(line.text)
        if label:
            section = LABEL_SECTION[label.group("label").lower()]
            rest = line.text[label.end() :].strip()
            if section == "minutes":
                draft.minutes_labelled = True
            if rest:
                _add(draft, section, replace(line, text=rest))
            continue
        if section == "title":
            draft.title = line.text
            section = "description"
            continue
        if section == "documents":
            if BULLET.match(line.text) or TITLE_TAIL.search(line.text):
                draft.documents.append(document_line(line.text))
                continue
            # Text after the document list with no label: the "Minutes:" label
            # was dropped (Nottingham's issue page, seed 001).
            section = "minutes"
        if section == "description" and line.gap >= 2 and (draft.title or draft.description):
            section = "minutes"
        _add(draft, section, line)
    return draft


def _add(draft: ItemDraft, section: str, line: Line) -> None:
    if section == "description":
        draft.description.append(line)
    elif section == "decision":
        draft.decision.append(line)
    elif section == "documents":
        draft.documents.append(document_line(line.text))
    else:
        draft.minutes.append(line)


# ---------------------------------------------------------------------------
# Meeting pages.


def read_meeting_page(page: Page, doc: ParsedDocument) -> None:
    """An ieListDocuments page in any of its three layouts."""
    lines = page.lines
    headed = _kind_from_heading(lines[0].text) == "meeting"
    if headed:
        lines = lines[1:]
    meeting = Meeting()
    body_start = read_meeting_header(lines, meeting, headed=headed)
    body = lines[body_start:]
    if any(PIPE_HEADER.match(x.text) or PIPE_RULE.match(x.text) for x in lines[: body_start + 2]):
        meeting.items = [d.finish() for d in pipe_table_items(body)]
    elif (
        body
        and NUMBER_AND_TITLE.match(body[0].text)
        and _numbers_with_titles(body) >= 2
        and not any(ITEM_NUMBER.match(x.text) for x in body)
    ):
        # Numbers and titles on one line ("1. Apologies"): not modern.gov's own layout (a
        # parish council's "AGENDA" page), read by the generic segmenter.
        generic = [generic_minutes.Line(x.text, x.blanks) for x in body]
        meeting.items, leftover = generic_minutes.read_items(generic)
        meeting.preamble = "\n\n".join(leftover) or None
    else:
        meeting.items = [d.finish() for d in block_items(body, headed=body_start > 0)]
    finish_meeting(meeting)
    doc.meetings.append(meeting)
    if not meeting.items:
        doc.warnings.append("meeting page lists no agenda items")


def read_meeting_header(lines: Sequence[Line], meeting: Meeting, *, headed: bool) -> int:
    """Committee, date, time, venue and contact; returns where the items start.

    Headings come on two lines (``Children's Partnership Board`` / ``Wednesday,
    27th September, 2017 4.00 pm``), joined (Kent: ``Environment & Transport
    Cabinet Committee - Wednesday, 28th November, 2018 10.00 am``), after a
    rescheduling note (Coventry: ``Moved from 9th October 2018, Cabinet -
    ...``), after a duplicated page heading (Manchester) or not at all.

    The items start at the "Items" / "No. Item" headings or the first item
    number. On a page with a heading, other lines before that are page
    furniture ("Media", "Webcast ..."); on a page without one, the first line
    that is not a header label already belongs to an item (Oadby and Wigston's
    excerpt starts inside item 1).
    """
    start = _items_start(lines)
    header_end = start if headed and start < len(lines) else len(lines)
    heading: list[str] = []
    field_name: str | None = None
    for i, line in enumerate(lines[:header_end]):
        text = line.text
        if i == start:
            break
        if venue := VENUE.match(text):
            meeting.venue = VIEW_DIRECTIONS.sub("", venue.group("text")).strip() or None
            field_name = "venue"
        elif contact := CONTACT.match(text):
            meeting.contact = contact.group("text").strip() or None
            field_name = "contact"
        elif (
            _kind_from_heading(text) == "meeting" or HEADER_NOISE.match(text) or CHROME.match(text)
        ):
            field_name = None
        elif field_name == "contact" and not line.blank_before:
            # City of London: "Contact: Joseph Anstee" / "tel. no.: 020 7332 1480 Email: ..."
            meeting.contact = f"{meeting.contact or ''} {text}".strip()
        elif headed and meeting.venue is None and meeting.contact is None and len(heading) < 3:
            heading.append(text)
        elif not headed or start == len(lines):
            start = i  # text before any item heading: an item's own lines
            break
    _set_heading(meeting, heading)
    while start < len(lines) and _is_items_heading(lines[start].text):
        start += 1
    return start


def _items_start(lines: Sequence[Line]) -> int:
    """Index of the "Items" heading, the pipe table's header or the first item number."""
    for i, line in enumerate(lines):
        if _is_items_heading(line.text) or ITEM_NUMBER.match(line.text) or LABEL.match(line.text):
            return i
        if NUMBER_AND_TITLE.match(line.text) and _numbers_with_titles(lines[i:]) >= 2:
            return i
    return len(lines)


# "1. Apologies": a number and a capitalised title on one line.
NUMBER_AND_TITLE = re.compile(rf"^{_NUMBER}[.)]\s+[A-Z]")


def _numbers_with_titles(lines: Sequence[Line]) -> int:
    return sum(1 for x in lines if NUMBER_AND_TITLE.match(x.text) and len(x.text) < 100)


def _is_items_heading(text: str) -> bool:
    return bool(ITEMS_HEADING.match(text) or PIPE_HEADER.match(text) or PIPE_RULE.match(text))


def _set_heading(meeting: Meeting, heading: list[str]) -> None:
    if not heading or meeting.committee or meeting.date:
        return
    committee, date, time = split_heading(" ".join(heading))
    if date is None:
        # A lone committee name would be a guess; only accept a line that is
        # clearly not a sentence.
        name = committee_name(" ".join(heading))
        committee = name if name and not name.endswith(".") and len(name) < 100 else None
    meeting.committee, meeting.date, meeting.time = committee, date, time


def block_items(lines: Sequence[Line], *, headed: bool) -> list[ItemDraft]:
    """Items of the blank-line and hard-wrapped layouts: each starts at a number line.

    A number line only starts an item when its number does not go backwards,
    so a hard-wrapped list label ``1.`` inside item 39's minutes stays text.
    Lines before the first number are an unnumbered item (Torbay prints no
    numbers; an excerpt may start inside an item).
    """
    starts: list[int] = []
    last = -1
    for i, line in enumerate(lines):
        match = ITEM_NUMBER.match(line.text)
        if not match or i + 1 >= len(lines) or ITEM_NUMBER.match(lines[i + 1].text):
            continue
        value = _number_value(match.group("number"))
        if value is None:  # "CB20/15", "P/142": a council's own series, always an item
            starts.append(i)
        elif value >= last:
            starts.append(i)
            last = value
    drafts: list[ItemDraft] = []
    first = starts[0] if starts else len(lines)
    if first > 0:
        lead = ItemDraft()
        # Torbay's unnumbered item opens with its title; an excerpt that starts
        # mid-item (Oadby and Wigston) opens with text, not a title.
        section = "title" if headed else "description"
        drafts.append(read_item_body(lines[:first], lead, section=section))
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        number = ITEM_NUMBER.match(lines[start].text).group("number")  # type: ignore[union-attr]
        drafts.append(read_item_body(lines[start + 1 : end], ItemDraft(number=number)))
    return drafts


def _number_value(number: str) -> int | None:
    """The leading number of "16", "3a", "5.1", "77/21"; None for "CB20/15", "P/142"."""
    digits = re.match(r"\d+", number)
    return int(digits.group(0)) if digits else None


def pipe_table_items(lines: Sequence[Line]) -> list[ItemDraft]:
    """Items of the pipe-table layout: one row each, rows end with `` |``."""
    rows: list[list[Line]] = [[]]
    for line in lines:
        if (
            PIPE_SPACER.match(line.text)
            or PIPE_HEADER.match(line.text)
            or PIPE_RULE.match(line.text)
        ):
            if rows[-1]:
                rows.append([])
            continue
        # Only a line with a "|" can end a row (most lines of a long cell have none).
        row_end = "|" in line.text and PIPE_ROW_END.search(line.text)
        text = line.text[: row_end.start()] + line.text[row_end.end() :] if row_end else line.text
        if text:
            # (Not dataclasses.replace: a few microseconds a line, most of the row's cost.)
            rows[-1].append(Line(text, line.blank_before, line.gap, line.blanks))
        if row_end and rows[-1]:
            rows.append([])
    return [_pipe_row(row) for row in rows if row]


def _pipe_row(row: list[Line]) -> ItemDraft:
    """A table row -> an item: ``Title Minutes: first paragraph`` / more paragraphs.

    Labels can sit anywhere in the row's lines (Oxfordshire puts ``Minutes:``
    at the end of a description line). The text before the first label is the
    title and the description; with no label between them, the title ends at
    the document's size label (Oxfordshire: ``Questions from County
    Councillors PDF 65 KB Any county councillor may ...``).
    """
    draft = ItemDraft(one_per_line=True)
    text = "\n".join(line.text for line in row)
    number = PIPE_NUMBER_CELL.match(text)
    if number:
        draft.number = number.group("number")
        text = text[number.end() :]
    labels = list(INLINE_LABEL.finditer(text))
    head = text[: labels[0].start("label")] if labels else text
    head_lines = [x.strip() for x in head.split("\n") if x.strip()]
    if head_lines:
        title = head_lines.pop(0)
        agenda_text = AGENDA_TEXT_IN_TITLE.search(title)
        if agenda_text:
            head_lines.insert(0, title[agenda_text.end() :])
            title = title[: agenda_text.start()]
        size = _inline_size(title)
        if size is not None and title[size:].strip():
            head_lines.insert(0, title[size:].strip())
            title = title[:size].strip()
        draft.title = title
        draft.description.extend(Line(x) for x in head_lines)
    body: list[Line] = []
    for n, label in enumerate(labels):
        end = labels[n + 1].start("label") if n + 1 < len(labels) else len(text)
        section = text[label.start("label") : end].strip()
        body.extend(Line(x.strip()) for x in section.split("\n") if x.strip())
    return read_item_body(body, draft, section="description")


def _inline_size(text: str) -> int | None:
    """End of a size label ("PDF 65 KB") inside a flattened title, if any."""
    match = re.search(
        r"\s(?:pdf icon\s+)?(?:PDF|DOC|DOCX|XLS|XLSX)\s+\d[\d.,]*\s*[KM]B\b", text, re.I
    )
    return match.end() if match and match.start() > 0 else None


def finish_meeting(meeting: Meeting) -> None:
    """Apologies and declarations from their items (shared with the HTML reader)."""
    fill_meeting_extras(meeting)
    if meeting.declarations is None:
        for item in meeting.items:
            if (
                item.title
                and DECLARATIONS_TITLE.search(item.title)
                and (item.minutes or item.decision)
            ):
                meeting.declarations = item.minutes or item.decision
                break


# ---------------------------------------------------------------------------
# Item pages.


def read_item_page(page: Page, doc: ParsedDocument) -> None:
    """mgAi "Agenda item" pages and header-less item excerpts: one undated item.

    The lines before the first label or gap are the title (first block) and
    the description; two empty lines right after the heading mean there is no
    title (Southwark). Without a heading (seed 004, Neath Port Talbot's Welsh
    fragment) that text is a description when it reads like one ("Report of
    ..."), else the title. Text after a gap with no label is the minutes.
    """
    lines = page.lines
    headed = _kind_from_heading(lines[0].text) == "item"
    if headed:
        lines = lines[1:]
    lead: list[Line] = []
    for k, line in enumerate(lines):
        if LABEL.match(line.text) or (line.gap >= 2 and (k > 0 or headed)):
            break
        lead.append(line)
    rest = lines[len(lead) :]
    draft = ItemDraft()
    if lead:
        title_end = next((k for k, x in enumerate(lead) if k and x.blank_before), len(lead))
        title = " ".join(paragraphs(lead[:title_end]))
        if not headed and DESCRIPTION_START.match(title):
            draft.description.extend(lead)
        else:
            draft.title = title
            draft.description.extend(lead[title_end:])
    starts_labelled = bool(rest) and LABEL.match(rest[0].text) is not None
    read_item_body(rest, draft, section="description" if starts_labelled else "minutes")
    doc.meetings.append(Meeting(items=[draft.finish()]))


# ---------------------------------------------------------------------------
# Issue pages: one block per meeting that considered the issue.


def read_issue_page(page: Page, doc: ParsedDocument) -> None:
    """ieIssueDetails "Issue - meetings": ``Meeting: dd/mm/yyyy - X (Item N)`` blocks."""
    lines = page.lines[1:]
    starts = [i for i, line in enumerate(lines) if MEETING_BLOCK.match(line.text)]
    issue_title = " ".join(x.text for x in lines[: starts[0] if starts else 1]) or None
    for n, start in enumerate(starts):
        head = MEETING_BLOCK.match(lines[start].text)
        assert head is not None
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        number = head.group("number")
        number = number.strip().rstrip(".") if number else None
        body = list(lines[start + 1 : end])
        draft = ItemDraft(number=number)
        if body and not LABEL.match(body[0].text):
            # "20 Update on Priority 2 ..." / Slough "2. Minutes of the last meeting ..."
            title = body.pop(0).text
            if number:
                title = re.sub(rf"^{re.escape(number)}\.?\s+", "", title)
            draft.title = title
        read_item_body(body, draft, section="description")
        item = draft.finish()
        meeting = Meeting(
            committee=committee_name(head.group("committee")) or None,
            date=parse_date(head.group("date")),
            items=[item],
        )
        doc.meetings.append(meeting)
    if not starts:
        doc.warnings.append("issue page lists no meetings")
        if issue_title:
            doc.meetings.append(Meeting(items=[AgendaItem(number=None, title=issue_title)]))


# ---------------------------------------------------------------------------
# Decision pages.


def read_decision_page(page: Page, doc: ParsedDocument) -> None:
    """ieDecisionDetails / mgDecisionDetails: read by ``parsers.decision_records``.

    That module builds on this one's lines; it is imported here, when a decision
    page is read through this module directly, so the two do not import each other.
    """
    from parsers import decision_records

    doc.meetings.extend(decision_records.read_page(page.lines))


def read_issue_history_page(page: Page, doc: ParsedDocument) -> None:
    """mgIssueHistoryHome "Issue details": the issue, and the meetings that took it."""
    title: str | None = None
    meetings: list[Meeting] = []
    for line in page.lines[1:]:
        if DECISION_LABEL.match(line.text):
            continue
        dated = DATED_COMMITTEE.match(line.text)
        if dated:
            number = dated.group("number")
            meetings.append(
                Meeting(
                    committee=committee_name(dated.group("committee")) or None,
                    date=parse_date(dated.group("date")),
                    items=[AgendaItem(number=number.rstrip(".") if number else None, title=title)],
                )
            )
        elif title is None:
            title = line.text
    if not meetings:
        meetings = [Meeting(items=[AgendaItem(number=None, title=title)])]
        doc.warnings.append("issue history lists no meetings")
    doc.meetings.extend(meetings)


# ---------------------------------------------------------------------------
# Legacy and other systems.


def read_legacy_meeting_page(page: Page, doc: ParsedDocument) -> None:
    """Pre-2008 CeListDocuments "Meeting documents": heading, venue, then either an index
    of titles (Wirral) or the minutes themselves in an Item / Description / Resolution
    table flattened to text (Southend: ``137 Apologies for absence.`` and its text), read
    by the generic segmenter."""
    meeting = Meeting()
    heading: list[str] = []
    in_index = False
    body_start: int | None = None
    lines = page.lines[1:]
    for k, line in enumerate(lines):
        text = line.text
        if venue := VENUE.match(text) or LEGACY_PLACE.match(text):
            meeting.venue = VIEW_DIRECTIONS.sub("", venue.group("text")).strip() or None
        elif text.lower().startswith("index to agendas"):
            in_index = True
        elif in_index and (item := LEGACY_ITEM.match(text)):
            meeting.items.append(AgendaItem(number=item.group("number"), title=item.group("title")))
        elif not in_index and LEGACY_TABLE.match(text):
            body_start = k + 1
            break
        elif (
            not in_index
            and not HEADER_NOISE.match(text)
            and meeting.venue is None
            and not text.endswith(":")
        ):
            heading.append(text)
        elif (
            text.endswith(":")
            and meeting.venue is None
            and k + 1 < len(lines)
            and LEGACY_PLACE.match(f"{text} {lines[k + 1].text}")
        ):
            meeting.venue = lines[k + 1].text  # "Place:" / "Council Chamber, Civic Centre"
    _set_heading(meeting, heading)
    if body_start is not None:
        body = [generic_minutes.Line(x.text, x.blanks) for x in lines[body_start:]]
        meeting.items, leftover = generic_minutes.read_items(body)
        meeting.preamble = "\n\n".join(leftover) or None
        finish_meeting(meeting)
    else:
        doc.warnings.append("legacy meeting index: agenda titles only, no minutes")
    doc.meetings.append(meeting)


def read_cmis_meeting_page(page: Page, doc: ParsedDocument) -> None:
    """A CMIS meeting page: minutes paragraphs, then the attendance block.

    CMIS renders no item numbers or titles here, so the minutes are one
    unnumbered item; attendance and apologies go on the meeting.
    """
    texts = [line.text for line in page.lines]
    chair = next(i for i, t in enumerate(texts) if CMIS_CHAIR.search(t))
    minutes, attendance = texts[:chair], texts[chair:]
    meeting = Meeting()
    status = "present"
    for text in attendance:
        if CMIS_ALSO.match(text):
            status = "in_attendance"
            continue
        meeting.attendance.extend(parse_attendance([text], status=status))  # type: ignore[arg-type]
    for text in minutes:
        if CMIS_APOLOGIES.match(text) and not meeting.apologies:
            # "Cllr Borg (substituted by Cllr Wainwright)": the substitute is
            # already listed, from the attendance block.
            found = parse_attendance([text], status="apologies")
            meeting.attendance.extend(a for a in found if a.status == "apologies")
        elif CMIS_DECLARATION.search(text) and meeting.declarations is None:
            meeting.declarations = text
    draft = ItemDraft(minutes=[Line(t) for t in minutes], one_per_line=True)
    meeting.items.append(draft.finish())
    doc.meetings.append(meeting)
    doc.warnings.append("CMIS page: no item numbers or titles rendered")


READERS = {
    "meeting": read_meeting_page,
    "item": read_item_page,
    "issue": read_issue_page,
    "decision": read_decision_page,
    "issue-history": read_issue_history_page,
    "legacy-meeting": read_legacy_meeting_page,
    "cmis-meeting": read_cmis_meeting_page,
}
