"""Decision records: modern.gov decision pages and lists of decisions, as text.

A decision record is one decision with its maker, date and meeting: labelled
one-line fields (``Decision Maker: Cabinet``, ``Decided at meeting: 10/09/2024 -
Cabinet``, ``Date of decision:``), sections (``Decision:``, ``Purpose:``,
``Reasons for the decision:``) and the decision's text. It comes as:

* ``Decision details`` pages (ieDecisionDetails), officer decisions among them
  (``Decision Maker: Managing Director``), and fragments of them that start at
  ``Decision status:`` with section headings that lost their colon (``Decision
  taken`` / ``Reason for decision``, Welwyn Hatfield);
* ``Issue - decisions`` pages (mgDecisionDetails): the issue's title, a ``dd/mm/yyyy
  - Title`` heading, and the decision with its labels stripped or renamed
  (``Decision made (Unanimously):``, South Ribble; none at all, Sandwell);
* lists of decisions (mgDelegatedDecisions), several records one after the other,
  each headed ``dd/mm/yyyy - TITLE ref: 739    Recommendations Approved``.

Every record becomes an item whose ``decision`` is the decision's text (through
``parsers.minutes_body.fill_item``, so the shared detector reads it), on the
meeting that made it: the ``Decided at meeting`` / ``Made at meeting`` line when
there is one, else the maker and the date of decision. Records of one meeting
share it. Where only the heading's date (``13/02/2020 - Exclusion of Press and
Public``) or the decision's own wording (``That Cabinet approved ...``) names the
meeting, the value is kept and marked inferred (``Meeting.inferred``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from parsers.grammar.dates import parse_date
from parsers.grammar.documents import document_line
from parsers.grammar.paragraphs import is_list_start
from parsers.minutes_body import committee_name
from parsers.model import Meeting, ParsedDocument
from parsers.moderngov_text import CHROME, ItemDraft, Line, Page
from parsers.source import ParseError, Source
from parsers.text import normalise_line

NAME = "moderngov-decisions"
PAGE_KIND = "decision"

# Page headings: "Decision details", "Issue - decisions", Welsh "Manylion y penderfyniad";
# a sharing tool's breadcrumb above them ("Decisions for issue To confirm the minutes").
HEADING = re.compile(
    r"^(?:Decision details|Issue\s*-\s*decisions|Manylion y penderfyniad|"
    r"Penderfyniadau(?:\s*-\s*.*)?)$",
    re.I,
)
BREADCRUMB = re.compile(r"^Decisions? for issue\b", re.I)
# A list of decisions: "Decisions published" above the records (mgDelegatedDecisions).
LIST_HEADING = re.compile(r"^(?:Decisions published|Recent decisions|Delegated decisions)$", re.I)

# One-line fields and sections of a record. "Decision made (Unanimously):" (South
# Ribble) and "Decision taken" without its colon (Welwyn Hatfield) are the decision.
LABEL = re.compile(
    r"^(?P<label>Decision Maker|Decision status|Decision type|Is Key decision\?|"
    r"Is subject to call in\?|Report author|Publication date|Date of publication|"
    r"Decision published|Date of decision|Decided at meeting|Made at meeting|Effective from|"
    r"Call-in deadline|Call-in expiry date|Lead member|Wards affected|Reason Key|Contact|"
    r"Decisions?(?:\s+(?:made|taken|details))?(?:\s*\([^)]{1,40}\))?|Penderfyniad|Purpose|Pwrpas|"
    r"Reasons? for (?:the )?decisions?|The reasons? (?:are|is|for the decision)|"
    r"Alternative options(?: considered)?(?: and rejected)?|"
    r"Interests and Nature of Interests Declared|Reason for urgency|"
    r"Accompanying Documents|Background papers|Supporting documents|Agenda items)"
    r"\s*:?\s*(?P<value>.*)$",
    re.I,
)
# Labels that may stand on their own line without a colon: only the whole line counts
# (a sentence starting "Decision ..." is text).
BARE_LABEL = re.compile(
    r"^(?:Decisions?(?:\s+(?:made|taken))?|Reasons? for (?:the )?decisions?|Purpose|"
    r"Alternative options(?: considered)?(?: and rejected)?|Accompanying Documents|"
    r"Background papers|Supporting documents)$",
    re.I,
)
# Where a record's sections go; other labels are one-line fields.
SECTIONS = {
    "decision": "decision", "decisions": "decision", "decision made": "decision",
    "decision taken": "decision", "decisions made": "decision", "decisions taken": "decision",
    "penderfyniad": "decision", "decision details": "decision",
    "purpose": "description", "pwrpas": "description",
    "accompanying documents": "documents", "background papers": "documents",
    "supporting documents": "documents",
}  # fmt: skip
# Sections the model has no field for: kept in the description, with their label, so
# the reasons and the options considered are not lost (they are not the decision).
ASIDES = re.compile(
    r"^(?:reasons? for|the reasons?|alternative options|interests and nature|reason for urgency)",
    re.I,
)
# "Decided at meeting: 10/09/2024 - Cabinet", "27/09/2017 - X (Item 20)".
DATED = re.compile(
    r"^(?:Meeting\s*:\s*)?(?P<date>\d{1,2}/\d{1,2}/\d{4})\s*-\s*(?P<name>.+?)"
    r"(?:\s*\(Item\s+(?P<number>[^)]+?)\.?\))?$"
)
# A list's record heading: "20/03/2019 - IRRECOVERABLE ITEMS ref: 742    Recommendations
# Approved"; the status words after the reference are optional.
RECORD_HEADING = re.compile(
    r"^(?P<date>\d{1,2}/\d{1,2}/\d{4})\s*-\s*(?P<title>.+?)"
    r"(?:\s+ref:\s*(?P<ref>\d+)(?:\s+(?P<status>[A-Z][\w ()-]{2,60}))?)?$"
)
# The body that decided, in the decision's own words: "That Cabinet approved that ...",
# "Cabinet agreed the recommendations". Only a body, never a person.
BODY_DECIDED = re.compile(
    r"^(?:RESOLVED:?\s*)?(?:That\s+)?(?:the\s+)?(?P<body>Cabinet|Council|Executive|"
    r"(?:[A-Z][\w&’'-]*\s+){0,4}(?:Committee|Sub-Committee|Board|Panel|Cabinet))\s+"
    r"(?:approved|agreed|resolved|RESOLVED|noted|endorsed|decided|accepted|adopted|"
    r"supported|rejected|refused|deferred)\b"
)
# Signs that a text is a decision record (for ``sniff``).
FIELD_SIGNS = re.compile(
    r"^(?:Decision Maker|Decision status|Decided at meeting|Made at meeting|Date of decision|"
    r"Is Key decision\?|Is subject to call in\?)\s*:",
    re.I | re.M,
)


# ---------------------------------------------------------------------------
# The format interface.


def sniff(source: Source) -> bool:
    """A decision page, a fragment of one, or a list of decisions (text, not markup)."""
    text = source.plain_text(8000)
    if text is None:
        return False
    lines = [x for x in (normalise_line(r) for r in text.splitlines()[:60]) if x]
    lines = [x for x in lines if not CHROME.match(x)]
    if not lines:
        return False
    if any(HEADING.match(x) or BREADCRUMB.match(x) for x in lines[:3]):
        return True
    # The field labels are counted only for a page that could be a fragment or a list:
    # counting them over every text file's first 8,000 characters was most of this sniff.
    if lines[0].lower().startswith(("decision status", "decision maker")):
        return _field_signs(text) >= 2  # a fragment of a decision page
    return any(LIST_HEADING.match(x) for x in lines) and _field_signs(text) >= 2


def _field_signs(text: str) -> int:
    return len(FIELD_SIGNS.findall(text))


def parse(source: Source) -> ParsedDocument:
    """One meeting per deciding meeting (or maker and date), one item per decision."""
    page = Page.read(source.text)
    if not page.lines:
        raise ParseError("empty decision page")
    doc = ParsedDocument(format=NAME, page_kind=PAGE_KIND, meetings=read_page(page.lines))
    if not any(item.decision or item.title for m in doc.meetings for item in m.items):
        raise ParseError("decision page with no decision in it")
    return doc


def read_page(page_lines: Sequence[Line]) -> list[Meeting]:
    """A decision page's or a decision list's lines -> its meetings."""
    lines = [x for x in page_lines if not BREADCRUMB.match(x.text)]
    if not lines:
        return []
    starts = _record_starts(lines)
    if starts:
        records = [
            lines[s : starts[n + 1] if n + 1 < len(starts) else len(lines)]
            for n, s in enumerate(starts)
        ]
        meetings = [read_record(r, listed=True) for r in records]
    else:
        body = lines[1:] if HEADING.match(lines[0].text) else lines
        meetings = [read_record(body, listed=False)]
    return _group(meetings)


def _record_starts(lines: Sequence[Line]) -> list[int]:
    """Where each record of a list begins: a dated heading followed by the record's fields."""
    starts = []
    for i, line in enumerate(lines):
        if not RECORD_HEADING.match(line.text):
            continue
        window = [x.text for x in lines[i + 1 : i + 4]]
        if any(LABEL.match(t) and not BARE_LABEL.match(t) for t in window):
            starts.append(i)
    return starts


def _group(meetings: list[Meeting]) -> list[Meeting]:
    """Records of one meeting (same committee and date) on one Meeting, in page order."""
    out: list[Meeting] = []
    by_key: dict[tuple[str | None, object], Meeting] = {}
    for meeting in meetings:
        key = (meeting.committee, meeting.date)
        known = by_key.get(key) if meeting.date is not None else None
        if known is None:
            out.append(meeting)
            if meeting.date is not None:
                by_key[key] = meeting
        else:
            known.items.extend(meeting.items)
            known.inferred = sorted(set(known.inferred) & set(meeting.inferred), key=_ORDER.index)
    return out


_ORDER = ["committee", "date", "time"]


# ---------------------------------------------------------------------------
# One record.


@dataclass
class _Record:
    fields: dict[str, str] = field(default_factory=dict)
    draft: ItemDraft = field(default_factory=ItemDraft)
    heading_date: dt.date | None = None


def read_record(lines: Sequence[Line], *, listed: bool) -> Meeting:
    """A decision record -> the Meeting that made it, with the decision as its item.

    Unlabelled text is the decision (North Herts prints ``RESOLVED: That Cabinet:
    ...`` with no ``Decision:`` label; a list prints it after ``Effective from:``);
    a short first line is the decision's title.
    """
    record = _Record()
    draft = record.draft
    section = "decision"
    aside_label: str | None = None
    for k, line in enumerate(lines):
        text = line.text
        if k == 0 and listed and (heading := RECORD_HEADING.match(text)):
            record.heading_date = parse_date(heading.group("date"))
            draft.title = heading.group("title").strip()
            continue
        if k == 0 and not listed and (dated := DATED.match(text)) and not LABEL.match(text):
            record.heading_date = parse_date(dated.group("date"))
            draft.title = draft.title or dated.group("name").strip()
            continue
        match = LABEL.match(text)
        bare = BARE_LABEL.match(text.rstrip(":"))
        # "REASON FOR DECISIONS: ..." in capitals is part of the decision text (North
        # Herts); the page's own labels are in sentence case.
        if match and not match.group("label").isupper() and (":" in text or bare):
            label = re.sub(r"\s*\(.*\)$", "", match.group("label")).lower()
            value = match.group("value").strip()
            if label in SECTIONS or ASIDES.match(label):
                _close_aside(draft, aside_label, lines[k])
                section = SECTIONS.get(label, "aside")
                aside_label = None
                if section == "aside":
                    # "Reasons for the decision: To keep Cabinet informed ...": the label
                    # opens the section's first paragraph in the description.
                    aside_label = match.group("label").strip() + ":"
                    if value:
                        _add(draft, section, replace(line, text=f"{aside_label} {value}"))
                        aside_label = None
                elif value:
                    _add(draft, section, replace(line, text=value))
            else:
                _close_aside(draft, aside_label, lines[k])
                aside_label = None
                record.fields[label] = value
                section = "decision"
            continue
        if (
            draft.title is None
            and not draft.decision
            and not record.fields
            and not is_list_start(text)
            and len(text) < 150
            and not text.endswith(".")
        ):
            draft.title = text
            continue
        if (dated := DATED.match(text)) and record.heading_date is None and not draft.decision:
            # "Issue - decisions": the issue title, then "24/06/2021 - <title>" (Sandwell).
            record.heading_date = parse_date(dated.group("date"))
            continue
        if aside_label is not None:
            line = replace(line, text=f"{aside_label} {text}")
            aside_label = None
        _add(draft, section, line)
    if lines:
        _close_aside(draft, aside_label, lines[-1])
    return _meeting_of(record)


def _close_aside(draft: ItemDraft, label: str | None, line: Line) -> None:
    """An aside label with no text under it is kept on its own."""
    if label is not None:
        _add(draft, "aside", replace(line, text=label))


def _add(draft: ItemDraft, section: str, line: Line) -> None:
    if section == "decision":
        draft.decision.append(line)
    elif section in ("description", "aside"):
        draft.description.append(line)
    elif section == "documents":
        draft.documents.append(document_line(line.text))


def _meeting_of(record: _Record) -> Meeting:
    """The meeting a record names: the deciding meeting, else the maker and the date."""
    fields = record.fields
    committee: str | None = None
    date = None
    inferred: list[str] = []
    for label in ("decided at meeting", "made at meeting"):
        dated = DATED.match(fields.get(label, ""))
        if dated:
            committee = committee_name(dated.group("name")) or None
            date = parse_date(dated.group("date"))
            break
    committee = committee or fields.get("decision maker") or None
    if date is None and fields.get("date of decision"):
        date = parse_date(fields["date of decision"])
    item = record.draft.finish()
    if date is None and record.heading_date is not None:
        date = record.heading_date
        inferred.append("date")
    if committee is None:
        said = BODY_DECIDED.match(item.decision or "")
        if said:
            committee = committee_name(said.group("body"))
            inferred.append("committee")
    return Meeting(
        committee=committee,
        date=date,
        items=[item],
        inferred=sorted(inferred, key=_ORDER.index),
    )
