"""Printed minutes: PDF files and their plain-text renderings.

Councils publish the signed minutes as a PDF ("Printed minutes PDF 120 KB"),
often inside an agenda pack (Merton's Audit Committee pack carries the minutes
of the previous meeting). The same reader handles the text of such documents:
``pdftotext`` output (pages split by form feeds), text excerpts (Brighton &
Hove) and Markdown conversions (Limerick, pages split by ``---``).

The reading, in order:

1. pages -> normalised lines; page numbers and repeated page headers/footers
   dropped (a line seen at the top or bottom of several pages);
2. meeting starts found by their header: committee line + date line (+ time
   range) followed by a ``PRESENT:`` block (Merton), council / committee /
   "4.00pm1 July 2021" (Brighton), or "MINUTES OF PROCEEDINGS AT MEETING OF X
   HELD IN ... ON <date>, AT <time>" (Limerick). Pages before the first
   meeting (an agenda front sheet) are skipped with a warning;
3. attendance blocks (``PRESENT:``, ``ALSO PRESENT:``, ``MEMBERS PRESENT:``,
   ``PRESENT IN THE CHAIR:``, ``OFFICIALS IN ATTENDANCE:``, apologies
   sentences) through the attendance grammar;
4. minute headings ``N  TITLE (Agenda item M)`` / ``N.`` + title line, in
   sequence, and the numbered paragraphs under them, through the paragraph,
   resolution and action grammar.

PDF text comes from pdfplumber, chosen over pypdf on the Merton pack: its
reading order matches pdftotext (word-sequence similarity 1.000 with
``pdftotext -layout``, 0.998 with plain ``pdftotext``; pypdf 0.973 / 0.972,
because it emits each page's footer before the body), which keeps page
footers at the page bottom where furniture removal finds them. It is slower
(0.43 s vs 0.07 s for the 8-page pack), acceptable for an ingest worker.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from parsers.grammar.attendance import parse_attendance
from parsers.grammar.dates import parse_date, parse_time
from parsers.grammar.detector import detect_item
from parsers.grammar.paragraphs import rejoin
from parsers.minutes_body import APOLOGIES_TITLE, DATE_SPAN, TIME_SPAN, committee_name
from parsers.model import AgendaItem, Attendee, Meeting, ParsedDocument
from parsers.source import ParseError, Source
from parsers.text import normalise_line, normalise_text

PDF_NAME = "printed-minutes-pdf"
TEXT_NAME = "printed-minutes-text"
PAGE_KIND = "printed-minutes"

# --- page furniture -------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?$", re.I)
_EDGE = 4  # lines at the top and bottom of a page where headers/footers live
# Limerick's Markdown conversions: "[Original file](...)", the OCR warning, bold marks.
_MD_NOISE = re.compile(
    r"^\[Original file\]\(.*\)$|^\*?<small>.*</small>\*?$"
    r"|^this page is intentionally (?:left )?blank\.?$",
    re.I,
)
_MD_PAGE_BREAK = re.compile(r"^-{3,}$")

# --- headers --------------------------------------------------------------------------

# "MINUTES OF PROCEEDINGS AT MEETING OF LIMERICK CITY AND COUNTY COUNCIL HELD IN
# ... ON MONDAY, 25TH MAY, 2015, AT 3.00 P.M." (Limerick); modern.gov's printed
# minutes say "Minutes of the meeting of the Cabinet held at ... on 2 October 2018".
_PROCEEDINGS = re.compile(
    r"MINUTES OF (?:THE )?(?:PROCEEDINGS (?:AT|OF) (?:THE |AN? )?)?(?:[A-Z ]*?)MEETING OF (?:THE )?"
    r"(?P<body>.+?)\s+HELD\s+(?P<rest>.+)",
    re.I | re.S,
)
_COUNCIL_LINE = re.compile(
    r"^(?:(?:[A-Z][\w'’.-]*|&|and|of)\s+){0,6}(?:City\s+|County\s+|Borough\s+|District\s+)*Council$"
    r"|^(?:London Borough of|Royal Borough of|City of)\s+[\w &'’-]+$",
)
_TIME_RANGE = re.compile(r"^\(?\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:TO|-|–)\s*.*\)?$", re.I)
_MINUTES_WORD = re.compile(r"^(?:MINUTES|Minutes)$")

# --- attendance -----------------------------------------------------------------------

_ATTENDANCE_LABEL = re.compile(
    r"^(?P<label>PRESENT IN THE CHAIR|MEMBERS PRESENT|ALSO PRESENT(?: [\w ]{0,40}?)?|"
    r"OFFICIALS? IN ATTENDANCE|OFFICERS? (?:PRESENT|IN ATTENDANCE)|IN ATTENDANCE|PRESENT|"
    r"APOLOGIES(?: FOR ABSENCE)?)\s*[:.–-]\s*(?P<rest>.*)$",
    re.I,
)
_APOLOGIES_SENTENCE = re.compile(r"^Apologies (?:for (?:their )?(?:absence|inability)|were)", re.I)

# --- items ----------------------------------------------------------------------------

_NUMBER = r"(?:[A-Z]{1,3}/?)?\d{1,3}(?:/\d{2,4})?[a-z]?"
_HEADING_SAME_LINE = re.compile(rf"^(?P<number>{_NUMBER})\.?\s+(?P<title>\S.*)$")
_HEADING_ALONE = re.compile(rf"^(?P<number>{_NUMBER})\.?$")
_AGENDA_REF = re.compile(r"\(\s*Agenda item\s+(?P<ref>[\w./]+)\s*\)\s*$", re.I)
_PARA_NUMBER = re.compile(r"^(?P<n>\d{1,3}\.\d{1,3}(?:\.\d{1,3})?)\s+(?P<rest>\S.*)$")
_PARAGRAPH_START = re.compile(
    r"^(?:\d{1,3}\.\d{1,3}\s|RESOLVED|Resolved|AGREED|NOTED$|Proposed by|Seconded by|"
    r"\(?[a-zA-Z0-9]{1,4}\)\s|[·•▪]\s?)"
)
_KEYWORD_LINE = re.compile(r"^(?:RESOLVED|NOTED|AGREED|UNANIMOUSLY|PENDERFYNWYD)\b")
_SENTENCE_END = re.compile(r"[.:;?!\"”’)]$")
_DECLARATIONS = re.compile(r"declarations?\s+of\s+(?:\w+\s+)?interests?", re.I)


@dataclass(frozen=True)
class _Format:
    """One registered reader (PDF bytes, or printed-minutes text); see SourceFormat."""

    NAME: str
    sniff: Callable[[Source], bool]
    parse: Callable[[Source], ParsedDocument]


# --- PDF ------------------------------------------------------------------------------


def sniff_pdf(source: Source) -> bool:
    """PDF by its magic bytes (within the first KB, as PDF readers allow)."""
    return b"%PDF-" in source.data[:1024]


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text in reading order; ParseError for encrypted or corrupt files."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [page.extract_text() or "" for page in pdf.pages]
    except PDFPasswordIncorrect as exc:
        raise ParseError("encrypted PDF: a password is needed to read it") from exc
    except RecursionError as exc:
        raise ParseError("corrupt PDF: structure nested too deeply") from exc
    except Exception as exc:  # pdfminer raises many unrelated types on damaged files
        # pdfplumber wraps pdfminer's errors: PdfminerException(PDFPasswordIncorrect()).
        causes = [exc, exc.__cause__, exc.__context__, *exc.args]
        if any(isinstance(c, PDFPasswordIncorrect) for c in causes):
            raise ParseError("encrypted PDF: a password is needed to read it") from exc
        inner = next((c for c in exc.args if isinstance(c, BaseException)), exc)
        raise ParseError(f"corrupt or unreadable PDF ({type(inner).__name__})") from exc


def parse_pdf(source: Source) -> ParsedDocument:
    """Printed minutes from a PDF's text layer."""
    pages = pdf_pages(source.data)
    if not pages:
        raise ParseError("corrupt or truncated PDF: no readable pages")
    if not any(page.strip() for page in pages):
        raise ParseError("scanned PDF with no text layer (needs OCR)")
    return read_pages(pages, name=source.name, format_name=PDF_NAME)


# --- text -----------------------------------------------------------------------------

_TEXT_SIGNS = re.compile(
    r"^[ \t]*(?:PRESENT|Present|MEMBERS PRESENT|PRESENT IN THE CHAIR)\s*:"
    r"|MINUTES OF PROCEEDINGS|^MINUTES$",
    re.M,
)
# First lines of modern.gov text renderings: those belong to the text-page reader.
_MODERNGOV_FIRST = re.compile(
    r"^(?:Agenda|Rhaglen|Issue -|Decision details|Issue details|Meeting documents|"
    r"Modern\.gov|Eitem Agenda|Agenda item)",
    re.I,
)


def sniff_text(source: Source) -> bool:
    """Text of printed minutes: attendance or proceedings header near a dated heading."""
    head = source.data[:12000]
    if b"\x00" in head or head.lstrip().startswith((b"<", b"{", b"%PDF")):
        return False
    text = source.text[:12000]
    first = next((normalise_line(x) for x in text.splitlines() if normalise_line(x)), "")
    if _MODERNGOV_FIRST.match(first):
        return False
    return bool(_TEXT_SIGNS.search(text)) and bool(DATE_SPAN.search(text))


def parse_text(source: Source) -> ParsedDocument:
    """Printed minutes from text: pdftotext output, excerpts, Markdown conversions."""
    text = source.text
    if "\f" in text:
        pages = text.split("\f")
    else:
        pages, current = [], []
        for line in text.splitlines():
            if _MD_PAGE_BREAK.match(line.strip()):
                pages.append("\n".join(current))
                current = []
            else:
                current.append(line)
        pages.append("\n".join(current))
    return read_pages(pages, name=source.name, format_name=TEXT_NAME)


PDF = _Format(PDF_NAME, sniff_pdf, parse_pdf)
TEXT = _Format(TEXT_NAME, sniff_text, parse_text)


# --- the shared reading ---------------------------------------------------------------


def _clean_line(line: str) -> str:
    line = normalise_line(line)
    if _MD_NOISE.match(line):
        return ""
    # Markdown bold/italic marks from the Limerick conversions ("**That the ...**").
    return normalise_line(re.sub(r"\*{1,3}(?=\S)|(?<=\S)\*{1,3}|^\*\*|\*\*$", "", line))


def _furniture(pages: list[list[str]]) -> set[str]:
    """Keys of lines repeated at the top or bottom of pages (digits folded)."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        edge = {_key(x) for x in lines[:_EDGE] + lines[-_EDGE:] if not _ATTENDANCE_LABEL.match(x)}
        counts.update(edge)
    threshold = max(2, len(pages) // 4)
    return {key for key, n in counts.items() if n >= threshold and len(key) > 3}


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower())


@dataclass
class _Header:
    committee: str | None
    date: object
    time: str | None
    council: str | None
    length: int  # lines the header takes


def _date_line(line: str) -> tuple[object, str | None] | None:
    """A line that is a date (with a time): "24 SEPTEMBER 2009", "4.00pm1 July 2021"."""
    match = DATE_SPAN.search(line)
    if match is None:
        return None
    rest = (line[: match.start()] + " " + line[match.end() :]).strip()
    time_match = TIME_SPAN.search(rest)
    if time_match:
        rest = (rest[: time_match.start()] + rest[time_match.end() :]).strip()
    # "Date: 22 October 2009", "MINUTES OF THE MEETING HELD ON TUESDAY, 2 OCTOBER 2018".
    rest = re.sub(
        r"^(?:Date|(?:Minutes of (?:the |a )?)?(?:\w+ )?meeting held on|Held on)\s*:?",
        "",
        rest,
        flags=re.I,
    ).strip(" ,-–")
    if len(rest) > 12:
        return None
    date = parse_date(match.group(0))
    if date is None:
        return None
    return date, parse_time(time_match.group(0)) if time_match else None


def _title_like(line: str) -> bool:
    return (
        2 < len(line) <= 120
        and not _SENTENCE_END.search(line.rstrip(")"))
        and not (_ATTENDANCE_LABEL.match(line))
    )


def _read_header(lines: list[str], start: int) -> _Header | None:
    """A meeting header starting at ``lines[start]`` (see the module docstring)."""
    window = lines[start : start + 8]
    joined = " ".join(window)
    found = _PROCEEDINGS.match(joined)
    if found:
        date_match = DATE_SPAN.search(found.group("rest"))
        if date_match is None:
            return None
        after = found.group("rest")[date_match.end() :]
        time_match = TIME_SPAN.search(after)
        body = normalise_line(found.group("body"))
        # The header spans however many lines hold the text up to the time.
        consumed, used = 0, 0
        end_text = (time_match.group(0) if time_match else date_match.group(0)).split()[-1]
        for i, line in enumerate(window):
            used += 1
            if end_text in line:
                consumed = i + 1
                break
        committee = committee_name(body)
        council = committee if re.search(r"\bCouncil$", committee) else None
        return _Header(
            committee=committee,
            date=parse_date(date_match.group(0)),
            time=parse_time(time_match.group(0)) if time_match else None,
            council=council,
            length=consumed or used,
        )
    council = None
    for offset, line in enumerate(window[:5]):
        dated = _date_line(line)
        if dated is None:
            continue
        title_lines = window[:offset]
        if title_lines and _COUNCIL_LINE.match(title_lines[0]) and len(title_lines) > 1:
            council = title_lines[0]
            title_lines = title_lines[1:]
        if not title_lines or not all(_title_like(x) for x in title_lines):
            return None
        length = offset + 1
        date, time = dated
        # "(19:15 TO 19:25 AND 20:25 TO 20:27)" (Merton), a venue line and
        # "MINUTES" (Brighton) complete the header.
        for extra in window[offset + 1 : offset + 4]:
            if _TIME_RANGE.match(extra):
                time = time or parse_time(extra)
            elif _MINUTES_WORD.match(extra):
                pass
            elif _title_like(extra) and not _HEADING_SAME_LINE.match(extra) and length < offset + 3:
                if any(_MINUTES_WORD.match(x) for x in window[offset + 1 : offset + 4]):
                    pass  # a venue line before "MINUTES"
                else:
                    break
            else:
                break
            length += 1
        return _Header(
            committee=committee_name(" ".join(title_lines)),
            date=date,
            time=time,
            council=council,
            length=length,
        )
    return None


def _has_attendance(lines: list[str], start: int) -> bool:
    return any(_ATTENDANCE_LABEL.match(x) for x in lines[start : start + 12])


@dataclass
class _MeetingDraft:
    meeting: Meeting
    lines: list[str] = field(default_factory=list)


def read_pages(pages: list[str], *, name: str, format_name: str) -> ParsedDocument:
    """The shared reading of printed minutes from page texts."""
    page_lines = [[x for x in (_clean_line(y) for y in normalise_text(p)) if x] for p in pages]
    page_lines = [_strip_page_numbers(lines) for lines in page_lines]
    page_lines = [lines for lines in page_lines if lines]
    furniture = _furniture(page_lines)
    drafts: list[_MeetingDraft] = []
    skipped = 0
    council: str | None = None
    for lines in page_lines:
        if council is None:
            council = next((x for x in lines[:3] if _COUNCIL_LINE.match(x)), None)
        index = 0
        header = _read_header(lines, 0)
        current = drafts[-1].meeting if drafts else None
        if header is not None:
            same = current is not None and (header.committee, header.date) == (
                current.committee,
                current.date,
            )
            if same:
                index = header.length  # the repeated page header of this meeting
            elif _has_attendance(lines, header.length) or _PROCEEDINGS.match(" ".join(lines[:8])):
                meeting = Meeting(
                    committee=header.committee,
                    date=header.date,  # type: ignore[arg-type]
                    time=header.time,
                    council=header.council or council,
                )
                drafts.append(_MeetingDraft(meeting))
                index = header.length
        if not drafts:
            # Text before the first header with PRESENT may hold the proceedings
            # heading further down (Limerick: a welcome paragraph comes first).
            start = _find_late_header(lines)
            if start is None:
                skipped += 1
                continue
            late = _read_header(lines, start)
            assert late is not None
            drafts.append(
                _MeetingDraft(
                    Meeting(
                        committee=late.committee,
                        date=late.date,  # type: ignore[arg-type]
                        time=late.time,
                        council=late.council or council,
                    ),
                    lines=lines[:start],
                )
            )
            index = start + late.length
        last = len(lines) - _EDGE
        drafts[-1].lines.extend(
            x
            for n, x in enumerate(lines[index:], start=index)
            if not ((n < index + _EDGE or n >= last) and _key(x) in furniture)
        )
    if not drafts:
        raise ParseError("no printed minutes found: no meeting header with attendance")
    warnings = [f"{name}: skipped {skipped} page(s) before the minutes"] if skipped else []
    meetings = [_read_meeting(d) for d in drafts]
    return ParsedDocument(
        format=format_name, page_kind=PAGE_KIND, meetings=meetings, warnings=warnings
    )


def _find_late_header(lines: list[str]) -> int | None:
    for i in range(min(len(lines), 60)):
        if re.match(r"MINUTES OF ", lines[i], re.I) and _read_header(lines, i):
            return i
    return None


def _strip_page_numbers(lines: list[str]) -> list[str]:
    """Drop bare page numbers in the top and bottom lines of a page."""
    out = list(lines)
    for _ in range(2):
        if out and _PAGE_NUMBER.match(out[0]):
            out.pop(0)
        if out and _PAGE_NUMBER.match(out[-1]):
            out.pop()
    return out


# --- one meeting's body ---------------------------------------------------------------


@dataclass
class _ItemDraft:
    item: AgendaItem
    lines: list[str] = field(default_factory=list)
    heading_open: bool = True  # the title may continue on the next line


def _read_meeting(draft: _MeetingDraft) -> Meeting:
    meeting = draft.meeting
    items: list[_ItemDraft] = []
    preamble: list[str] = []
    attendance_label: str | None = None
    attendance_lines: list[str] = []
    expected: int | None = None
    lines = draft.lines
    i = 0

    def close_attendance() -> None:
        nonlocal attendance_label
        if attendance_label is not None and attendance_lines:
            meeting.attendance.extend(_attendance(attendance_label, attendance_lines))
        attendance_label = None
        attendance_lines.clear()

    while i < len(lines):
        line = lines[i]
        heading = _heading(lines, i, expected, items)
        if heading is None and _PAGE_NUMBER.match(line):
            i += 1  # a page number left inside the page (above a footer)
            continue
        if heading is not None:
            close_attendance()
            number, title, used = heading
            ref = _AGENDA_REF.search(title)
            items.append(
                _ItemDraft(
                    AgendaItem(number=number, title=title),
                    heading_open=ref is None and (title.isupper() or _unclosed(title)),
                )
            )
            expected = _main_number(number)
            i += used
            continue
        label = _ATTENDANCE_LABEL.match(line)
        if label and not items:
            close_attendance()
            attendance_label = label.group("label").upper()
            if label.group("rest"):
                attendance_lines.append(label.group("rest"))
        elif _APOLOGIES_SENTENCE.match(line) and not items:
            close_attendance()
            attendance_label = "APOLOGIES"
            attendance_lines.append(line)
        elif attendance_label is not None and not items and _names_line(line):
            attendance_lines.append(line)
        elif items:
            current = items[-1]
            title = current.item.title or ""
            if current.heading_open and (_continues_heading(line) or _unclosed(title)):
                # "Notice of Motion submitted by Councillor M. Byrne (To be" /
                # "referred to Economic Development, Enterprise & Planning SPC)".
                current.item.title = f"{title} {line}"
                current.heading_open = _AGENDA_REF.search(line) is None and (
                    _unclosed(current.item.title) or line.isupper()
                )
            else:
                current.heading_open = False
                current.lines.append(line)
        else:
            close_attendance()
            preamble.append(line)
        i += 1
    close_attendance()
    if not items and preamble:
        # No numbered minutes (Merton's joint-session note): the body is one
        # unnumbered item titled by its capitals headings.
        # The capitals headings near the top name what was discussed; they stay in
        # the text too, where they sit between the narrative paragraphs.
        headings = [line for line in preamble[:6] if _continues_heading(line)][:4]
        items.append(
            _ItemDraft(AgendaItem(number=None, title="; ".join(headings) or None), preamble)
        )
    meeting.items = _merge_repeated_numbers([_finish(d) for d in items])
    for item in meeting.items:
        if item.title and _DECLARATIONS.search(item.title) and meeting.declarations is None:
            meeting.declarations = item.minutes
        if item.title and APOLOGIES_TITLE.search(item.title) and not meeting.apologies:
            meeting.attendance.extend(
                parse_attendance((item.minutes or "").split("\n\n"), status="apologies")
            )
    return meeting


def _unclosed(title: str) -> bool:
    return title.count("(") > title.count(")")


def _merge_repeated_numbers(items: list[AgendaItem]) -> list[AgendaItem]:
    """One item per minute number: an item taken early and noted again in its
    place ("It was noted that this Item had been dealt with earlier", Limerick
    item 10) is one record, its later text appended to the first."""
    merged: dict[str, AgendaItem] = {}
    out: list[AgendaItem] = []
    for item in items:
        first = merged.get(item.number or "")
        if first is None or item.number is None:
            if item.number is not None:
                merged[item.number] = item
            out.append(item)
            continue
        first.minutes = "\n\n".join(m for m in (first.minutes, item.minutes) if m) or None
        first.resolutions.extend(item.resolutions)
        first.actions.extend(item.actions)
    return out


def _heading(
    lines: list[str], i: int, expected: int | None, items: list[_ItemDraft]
) -> tuple[str, str, int] | None:
    """A minute heading at ``lines[i]``: (number, title, lines used) or None."""
    line = lines[i]
    alone = _HEADING_ALONE.match(line)
    if alone and i + 1 < len(lines):
        title = lines[i + 1]
        number = alone.group("number")
        if not _title_like(title.rstrip(":")) or _KEYWORD_LINE.match(title):
            return None
        # "16." alone above a capitalised title is a heading even out of order:
        # Limerick took items 10 and 16 before item 6 (full council, 25 May 2015).
        dotted = line.endswith(".") and _names_line(title)
        if dotted or _in_sequence(number, expected):
            return number, _tidy_title(title), 2
        return None
    same = _HEADING_SAME_LINE.match(line)
    if same is None:
        return None
    number, title = same.group("number"), same.group("title")
    if _PARA_NUMBER.match(line) or not _in_sequence(number, expected):
        return None
    if _KEYWORD_LINE.match(title) or not _title_like(title.rstrip(":")):
        return None
    # Title case or capitals, short: "1 Procedural Business", "4 AUDITED FINAL ACCOUNTS".
    words = title.split()
    if len(words) > 16 or not (title.isupper() or words[0][:1].isupper()):
        return None
    return number, _tidy_title(title), 1


def _tidy_title(title: str) -> str:
    return title.rstrip(":").strip()


def _in_sequence(number: str, expected: int | None) -> bool:
    value = _main_number(number)
    if value is None:
        return False
    if expected is None:
        return value < 400
    return expected < value <= expected + 3


def _main_number(number: str) -> int | None:
    found = re.search(r"\d+", number)
    return int(found.group(0)) if found else None


def _continues_heading(line: str) -> bool:
    """The rest of a capitals heading wrapped onto the next line ("JUDGEMENT (Agenda item 4)")."""
    if _KEYWORD_LINE.match(line) or _PARAGRAPH_START.match(line):
        return False
    letters = [c for c in _AGENDA_REF.sub("", line) if c.isalpha()]
    return bool(_AGENDA_REF.fullmatch(line.strip())) or (
        bool(letters) and all(c.isupper() for c in letters)
    )


_SMALL = frozenset({"and", "of", "the", "for", "on", "in", "to", "at", "with", "a", "&", "de"})


def _names_line(line: str) -> bool:
    """A wrapped line of a name list: mostly capitalised words ("Reporting
    Manager), Steve Bowsher (Corporate Accounting"), unlike the narrative that
    follows the block ("This note forms part of the minutes of ...")."""
    words = [w.strip("(),.;:") for w in line.split()]
    words = [w for w in words if w and w.lower() not in _SMALL]
    if not words:
        return False
    capitals = sum(1 for w in words if w[0].isupper() or w[0] in "‘'\"(")
    return capitals / len(words) >= 0.6


def _attendance(label: str, lines: list[str]) -> list[Attendee]:
    status = "present"
    role = None
    if label.startswith("APOLOG"):
        status = "apologies"
    elif label.startswith(("ALSO", "OFFICIAL", "OFFICER", "IN ATTENDANCE")):
        status = "in_attendance"
    elif label == "PRESENT IN THE CHAIR":
        role = "Chair"
    text = " ".join(lines)
    found = parse_attendance([text], status=status)
    if role is not None:
        for attendee in found:
            attendee.role = attendee.role or role
    return found


def _paragraphs(lines: list[str]) -> list[str]:
    """Body lines -> paragraphs: a break before numbered paragraphs, keyword lines
    and list labels, and after a short line that ends a sentence; ``rejoin`` then
    joins the hard-wrapped lines of each block."""
    if not lines:
        return []
    widths = sorted(len(x) for x in lines)
    typical = widths[int(len(widths) * 0.8)] if widths else 80
    blocked: list[str] = []
    previous = ""
    for line in lines:
        if blocked and (
            _PARAGRAPH_START.match(line)
            or (_SENTENCE_END.search(previous) and len(previous) < 0.85 * typical)
        ):
            blocked.append("")
        blocked.append(line)
        previous = line
    return [p for p in rejoin(blocked) if p]


def _finish(draft: _ItemDraft) -> AgendaItem:
    item = draft.item
    paragraphs = _paragraphs([x for x in draft.lines if not _PAGE_NUMBER.match(x)])
    item.minutes = "\n\n".join(paragraphs) or None
    detection = detect_item(item)
    item.resolutions = detection.resolutions
    item.actions = detection.actions
    return item
