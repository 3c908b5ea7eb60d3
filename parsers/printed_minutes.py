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

PDF text comes from PDFium (pypdfium2), in native code with memory bounded by
one page: real agenda packs run to hundreds of pages, and a pure-Python layout
engine (pdfplumber, used before) kept every page's character objects, about
9 MB a page of text. PDFium gives each page's text in content-stream order,
which on the Merton pack puts the page footer first and a heading carried over
from the previous page in the wrong place; ``_page_text`` puts the lines back
in reading order by their position on the page (top to bottom, then left to
right, lines on one baseline joined), which gives the word sequence of
``pdftotext -layout`` exactly on that pack and keeps footers at the page bottom
where furniture removal finds them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from parsers import generic_minutes
from parsers.generic_minutes import (
    DIVIDER,
    ITEM_WORD,
    LETTERED,
    NUMBERED,
    Line,
    date_line,
    intro_chrome,
    names_line,
    names_text,
    page_lines,
    page_texts,
    read_items,
    read_title,
)
from parsers.grammar.attendance import parse_attendance
from parsers.grammar.dates import parse_date, parse_time
from parsers.minutes_body import DATE_SPAN, TIME_SPAN, committee_name, fill_meeting_extras
from parsers.model import Attendee, Meeting, ParsedDocument
from parsers.source import ParseError, Source
from parsers.text import normalise_line

if TYPE_CHECKING:
    import pypdfium2 as pdfium

PDF_NAME = "printed-minutes-pdf"
TEXT_NAME = "printed-minutes-text"
PAGE_KIND = "printed-minutes"

# --- page furniture -------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?$", re.I)
_EDGE = 4  # lines at the top and bottom of a page where headers/footers live

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
    r"^(?:(?:[A-Z][\w'’.-]*|&|and|of)\s+){0,6}(?:City\s+|County\s+|Borough\s+|District\s+)*"
    r"(?:Council|COUNCIL)$"
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


# A PDF's own size limit is the registry's (256 MB); these bound the work inside it. An
# agenda pack with its appendices can run to many hundreds of pages, but minutes are text:
# past these a file is a scanned book, a generated report or an attack, not minutes.
MAX_PDF_PAGES = 3000
MAX_PDF_CHARS = 16 * 2**20
# Two lines whose baselines are this close (in points) are one line of the page.
_SAME_LINE_PT = 2.5
_LINE = re.compile(r"[^\r\n]+")


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text in reading order; ParseError for encrypted, corrupt or huge files."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (pdfium.raw.FPDF_ERR_PASSWORD, pdfium.raw.FPDF_ERR_SECURITY):
            raise ParseError("encrypted PDF: a password is needed to read it") from exc
        raise ParseError("corrupt or truncated PDF: no readable pages") from exc
    try:
        count = len(pdf)
        if count > MAX_PDF_PAGES:
            raise ParseError(
                f"PDF of {count:,} pages: over the {MAX_PDF_PAGES:,}-page limit for minutes"
            )
        pages: list[str] = []
        chars = 0
        for index in range(count):
            page = pdf[index]
            try:
                text = _page_text(page)
            finally:
                page.close()  # each page's memory goes before the next is read
            chars += len(text)
            if chars > MAX_PDF_CHARS:
                raise ParseError(
                    f"PDF text over {MAX_PDF_CHARS:,} characters"
                    f" by page {index + 1} of {count}: too long for minutes"
                )
            pages.append(text)
        return pages
    except pdfium.PdfiumError as exc:
        raise ParseError(f"corrupt PDF: a page cannot be read ({exc})") from exc
    finally:
        pdf.close()


def _page_text(page: pdfium.PdfPage) -> str:
    """One page's lines, top to bottom and left to right (see the module docstring)."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        count = textpage.count_chars()
        placed: list[tuple[float, float, str]] = []
        for match in _LINE.finditer(text):
            line = match.group().strip()
            first = match.start() + len(match.group()) - len(match.group().lstrip())
            if not line or first >= count:
                continue
            left, bottom, _right, _top = textpage.get_charbox(first)
            placed.append((bottom, left, line))
    finally:
        textpage.close()
    placed.sort(key=lambda line: (-line[0], line[1]))
    rows: list[tuple[float, list[tuple[float, str]]]] = []
    for bottom, left, line in placed:
        if rows and abs(rows[-1][0] - bottom) < _SAME_LINE_PT:
            rows[-1][1].append((left, line))
        else:
            rows.append((bottom, [(left, line)]))
    return "\n".join(" ".join(line for _, line in sorted(parts)) for _, parts in rows)


def parse_pdf(source: Source) -> ParsedDocument:
    """Printed minutes from a PDF's text layer."""
    pages = pdf_pages(source.data)
    if not pages:
        raise ParseError("corrupt or truncated PDF: no readable pages")
    if not any(page.strip() for page in pages):
        raise ParseError("scanned PDF with no text layer (needs OCR)")
    try:
        return read_pages(pages, name=source.name, format_name=PDF_NAME)
    except ParseError as error:
        # No printed-minutes header (a town council's own layout): the generic reader,
        # which refuses what is not minutes.
        try:
            doc = generic_minutes.parse_text("\f".join(pages))
        except ParseError:
            raise error from None
        doc.format = PDF_NAME
        return doc


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
    text = source.text.replace("\r\n", "\n").replace("\r", "\n")
    return read_pages(page_texts(text), name=source.name, format_name=TEXT_NAME)


PDF = _Format(PDF_NAME, sniff_pdf, parse_pdf)
TEXT = _Format(TEXT_NAME, sniff_text, parse_text)


# --- the shared reading ---------------------------------------------------------------


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


def _title_like(line: str) -> bool:
    # Mostly letters: a scanned logo's OCR ("07 15 2020 Council Minutes1�", "Tnty� f") is
    # not a committee's name.
    letters = sum(1 for c in line if c.isalpha() or c in " &'’()-,.")
    return (
        2 < len(line) <= 120
        and not _SENTENCE_END.search(line.rstrip(")"))
        and not (_ATTENDANCE_LABEL.match(line))
        and "\ufffd" not in line
        and letters >= 0.85 * len(line)
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
        dated = date_line(line)
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
        title = " ".join(title_lines)
        named = read_title(title)  # "MINUTES OF THE PARISH COUNCIL MEETING" -> "Parish Council"
        return _Header(
            committee=(named[0] if named and named[0] else None) or committee_name(title),
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
    lines: list[Line] = field(default_factory=list)


def read_pages(pages: list[str], *, name: str, format_name: str) -> ParsedDocument:
    """The shared reading of printed minutes from page texts."""
    page_lines = [_strip_page_numbers(read_page(p, n)) for n, p in enumerate(pages)]
    page_lines = [lines for lines in page_lines if lines]
    furniture = _furniture([[x.text for x in lines] for lines in page_lines])
    drafts: list[_MeetingDraft] = []
    skipped = 0
    council: str | None = None
    for lines in page_lines:
        texts = [x.text for x in lines]
        if council is None:
            council = next((x for x in texts[:3] if _COUNCIL_LINE.match(x)), None)
        index = 0
        header = _read_header(texts, 0)
        current = drafts[-1].meeting if drafts else None
        if header is not None:
            same = current is not None and (header.committee, header.date) == (
                current.committee,
                current.date,
            )
            if same:
                index = header.length  # the repeated page header of this meeting
            elif _has_attendance(texts, header.length) or _PROCEEDINGS.match(" ".join(texts[:8])):
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
            start = _find_late_header(texts)
            if start is None:
                skipped += 1
                continue
            late = _read_header(texts, start)
            assert late is not None
            drafts.append(
                _MeetingDraft(
                    Meeting(
                        committee=late.committee,
                        date=late.date,  # type: ignore[arg-type]
                        time=late.time,
                        council=late.council or council,
                    ),
                    lines=[
                        *(x for x in lines[:start] if not intro_chrome(x.text)),
                        *lines[start + late.length :],
                    ],
                )
            )
            continue
        last = len(lines) - _EDGE
        drafts[-1].lines.extend(
            x
            for n, x in enumerate(lines[index:], start=index)
            if not (
                (n < index + _EDGE or n >= last)
                and (_key(x.text) in furniture or _PAGE_NUMBER.match(x.text))
            )
        )
    if not drafts:
        raise ParseError("no printed minutes found: no meeting header with attendance")
    warnings = [f"{name}: skipped {skipped} page(s) before the minutes"] if skipped else []
    meetings = [_read_meeting(d) for d in drafts]
    return ParsedDocument(
        format=format_name, page_kind=PAGE_KIND, meetings=meetings, warnings=warnings
    )


def read_page(page: str, number: int) -> list[Line]:
    """A page's cleaned lines (Markdown marks and conversion notes removed)."""
    return page_lines(page, number)


def _find_late_header(lines: list[str]) -> int | None:
    for i in range(min(len(lines), 60)):
        if re.match(r"MINUTES OF ", lines[i], re.I) and _read_header(lines, i):
            return i
    return None


def _strip_page_numbers(lines: list[Line]) -> list[Line]:
    """Drop bare page numbers in the top and bottom lines of a page."""
    out = list(lines)
    for _ in range(2):
        if out and _PAGE_NUMBER.match(out[0].text):
            out.pop(0)
        if out and _PAGE_NUMBER.match(out[-1].text):
            out.pop()
    return out


# --- one meeting's body ---------------------------------------------------------------


def _read_meeting(draft: _MeetingDraft) -> Meeting:
    """Attendance blocks at the top, then the items (``generic_minutes.read_items``).

    Text printed between the header and the attendance blocks (Limerick's OCR'd
    municipal district: the welcome paragraph) is read after the blocks, as the
    start of the minutes.
    """
    meeting = draft.meeting
    lines = _attendance_first(draft.lines)
    start = _read_attendance(meeting, lines)
    meeting.items, leftover = read_items(lines[start:])
    meeting.preamble = "\n\n".join(leftover) or None
    fill_meeting_extras(meeting)
    if meeting.declarations is None:
        for item in meeting.items:
            if item.title and _DECLARATIONS.search(item.title) and item.minutes:
                meeting.declarations = item.minutes
                break
    return meeting


def _attendance_first(lines: list[Line]) -> list[Line]:
    """The lines with any text before the first attendance label moved after the blocks."""
    for k, line in enumerate(lines[:60]):
        if _heading_line(line.text):
            return lines
        if _ATTENDANCE_LABEL.match(line.text):
            if k == 0:
                return lines
            rest = lines[k:]
            end = _read_attendance(Meeting(), rest)
            return [*rest[:end], *lines[:k], *rest[end:]]
    return lines


def _heading_line(text: str) -> bool:
    """A numbered or lettered heading, where the attendance blocks have ended."""
    return bool(NUMBERED.match(text) or LETTERED.match(text) or ITEM_WORD.match(text))


def _read_attendance(meeting: Meeting, lines: list[Line]) -> int:
    """Read the attendance blocks under the header; returns where the body starts.

    A block is a label (``PRESENT:``, ``ALSO PRESENT:``, ``OFFICIALS IN ATTENDANCE:``)
    or an apologies sentence, and the lines of names that continue it. It ends at a
    line that is neither, or at a heading-like line after a name list that closed
    with a full stop (Limerick: ``... (Ms. T. Knox).`` / ``Presentation to Eugene
    Griffin, SEO, Corporate Services``). Separator lines (Brighton's ``|``) are
    skipped.
    """
    label: str | None = None
    names: list[str] = []

    def close() -> None:
        nonlocal label
        if label is not None and names:
            meeting.attendance.extend(_attendance(label, names))
        label = None
        names.clear()

    i = 0
    while i < len(lines):
        text = lines[i].text
        if _heading_line(text):
            break
        found = _ATTENDANCE_LABEL.match(text)
        if found:
            close()
            label = found.group("label").upper()
            if found.group("rest"):
                names.append(found.group("rest"))
        elif _APOLOGIES_SENTENCE.match(text):
            close()
            label = "APOLOGIES"
            names.append(text)
        elif not re.search(r"[^\W\d_]", text) or DIVIDER.match(text):
            pass  # "|" separator rows of a flattened table, "PART ONE"
        elif label is not None and names_line(text) and _list_goes_on(names, lines, i):
            names.append(text)
        else:
            break
        i += 1
    close()
    return i


def _list_goes_on(names: list[str], lines: list[Line], i: int) -> bool:
    """After a list line that ends with a full stop, a line carries the list on only when
    it ends like a list line or the line after it is names too (Merton's officers go on;
    Limerick's ``Presentation to Eugene Griffin, SEO, Corporate Services`` is a heading
    above a sentence)."""
    if not names or not names[-1].endswith("."):
        return True
    if lines[i].text.endswith((",", ".", ";")):
        return True
    return i + 1 < len(lines) and names_line(lines[i + 1].text)


def _attendance(label: str, lines: list[str]) -> list[Attendee]:
    status = "present"
    role = None
    if label.startswith("APOLOG"):
        status = "apologies"
    elif label.startswith(("ALSO", "OFFICIAL", "OFFICER", "IN ATTENDANCE")):
        status = "in_attendance"
    elif label == "PRESENT IN THE CHAIR":
        role = "Chair"
    found = parse_attendance([names_text(lines)], status=status)
    if role is not None:
        for attendee in found:
            attendee.role = attendee.role or role
    return found
