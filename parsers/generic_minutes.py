"""Minutes of any council or committee, from any system: the reader under every format.

Whatever produced the text (a parish council's web page, a PDF's text, a Word or
Markdown conversion, an agenda-management export from the US, Canada or New
Zealand), minutes share a few forms, and this module reads those forms, not any
one site's layout:

* **the meeting**, from header lines: a title line (``Minutes of the meeting of X
  held on DATE at TIME in VENUE``, ``MINUTES OF PROCEEDINGS AT MEETING OF X HELD
  IN ... ON DATE``, ``Ordinary Meeting of Council``, ``Council Meeting Minutes``),
  an organisation line with the body on the next line, label lines (``Meeting
  Date:`` / ``Time:`` / ``Venue``), a narrative opening (``The City Council met
  in session on this date at 9:30 a.m.``) and the attendance blocks (``Present:``,
  ``In attendance``, ``Apologies``). Values the page only implies (the body named
  by ``the minutes of the meeting of the X held on``, the date of a call-to-order
  motion) are kept and listed in ``Meeting.inferred``;
* **the items**, from headings: a number alone on its line above the title, a
  number and title on one line (``12.``, ``4:``, ``141)``, ``4 - Title``, ``Item
  4``, minute references ``268/12/13``, ``Cou/286/07-08``, ``392/02``, ``3666``),
  lettered and roman sub-items (``(a)``, ``a)``, ``(ii)``), and unnumbered heading
  lines (capitals, title case or a short phrase standing alone between
  paragraphs). A number inside an item's text is a list label, not a heading,
  when its list began after a colon or a resolution, or when the numbers go
  backwards;
* **the text** of each item, rejoined into paragraphs and handed to the shared
  detector (``parsers.minutes_body.fill_item``) for resolutions and actions.

Page furniture of PDF and OCR text (``Page 3 of 15``, ``- 2 -``, a running header
that repeats the title and date) is dropped; text run together on one line (a
document-sharing site's "full text") is split back into sentences and headings.

``parse`` refuses a file that does not read as minutes, saying what it looked like
(``a list of councillors, not minutes``), rather than storing it as an undated
meeting named after its first line. The system-specific readers (modern.gov pages,
printed-minutes PDFs) come first in the registry and know more of their own
layouts; ``parsers.printed_minutes`` reads each of its meetings' bodies through
``read_items`` here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from parsers.grammar.attendance import TITLE_WORD, parse_attendance
from parsers.grammar.dates import parse_date, parse_time
from parsers.grammar.paragraphs import BULLET, rejoin
from parsers.minutes_body import (
    APOLOGIES_TITLE,
    DATE_SPAN,
    TIME_SPAN,
    committee_name,
    fill_item,
    fill_meeting_extras,
)
from parsers.model import AgendaItem, AttendanceStatus, Attendee, Meeting, ParsedDocument
from parsers.source import ParseError, Source
from parsers.text import normalise_line

NAME = "generic-minutes"
PAGE_KIND = "minutes"

# ---------------------------------------------------------------------------
# Reading lines: pages, Markdown marks, page furniture.

# Markdown conversions (Limerick): "[Original file](...)", the OCR warning, rules.
MARKDOWN_NOISE = re.compile(
    r"^\[Original file\]\(.*\)$|^\*?<small>.*</small>\*?$"
    r"|^this page is intentionally (?:left )?blank\.?$",
    re.I,
)
MARKDOWN_PAGE_BREAK = re.compile(r"^-{3,}$")
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
MARKDOWN_EMPHASIS = re.compile(r"\*{1,3}(?=\S)|(?<=\S)\*{1,3}|^\*\*|\*\*$")
# A page tool's chrome around the text: Laserfiche's "Loading..." and "HomeMy
# WebLinkAbout", a sharing site's "[Show full text]", a template's "{meta}".
CHROME = re.compile(
    r"^(?:Loading\.\.\.|\[Show full text\]|Skip to (?:main )?content|Print this page|"
    r"Back to top)$",
    re.I,
)
CHROME_PREFIX = re.compile(r"^(?:HomeMy WebLinkAbout|\{meta\}\s*)", re.I)
# The forms that say they are a page number wherever they stand ("Page 3 of 15", "- 2 -",
# "Page 3 - Minutes of meeting"); a bare "3" is one only at a page's top or bottom
# (elsewhere it may be an item number).
PAGE_MARK = re.compile(
    r"^page\s+\d{1,4}(?:\s+of\s+\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$"
    r"|^page\s+\d{1,4}\s*(?:of\s+\d{1,4}\s*)?[-–—|:]\s*.{0,80}$",
    re.I,
)
# Any page number: "3", "3 of 15" too.
PAGE_NUMBER = re.compile(rf"^\d{{1,4}}(?:\s+of\s+\d{{1,4}})?$|{PAGE_MARK.pattern}", re.I)
# A line that carries a page number among other words ("Page 1 of 15" inside a
# run-together line is handled by PAGE_NUMBER; this finds "... Page 4 of 15").
PAGE_OF = re.compile(r"\bPage\s+\d{1,4}\s+of\s+\d{1,4}\b", re.I)
EDGE = 4  # lines at the top and bottom of a page where running headers and footers live
# A line this long in a file of few lines is text run together (no line breaks kept).
RUN_TOGETHER = 600


@dataclass
class Line:
    """A non-blank normalised line, how many blank lines came before it, and its page."""

    text: str
    blanks: int = 0
    page: int = 0


def page_texts(text: str) -> list[str]:
    """Pages: form feeds (pdftotext) or Markdown rules (``---``), else one page."""
    if "\f" in text:
        return text.split("\f")
    pages: list[str] = []
    current: list[str] = []
    for raw in text.splitlines():
        if MARKDOWN_PAGE_BREAK.match(raw.strip()):
            pages.append("\n".join(current))
            current = []
        else:
            current.append(raw)
    pages.append("\n".join(current))
    return pages


def clean_line(raw: str) -> str:
    """One line normalised, Markdown marks and tool chrome removed ("" when nothing is left)."""
    line = normalise_line(raw)
    if not line or MARKDOWN_NOISE.match(line) or CHROME.match(line):
        return ""
    if "*" in line:  # "**That the ...**", "***be made for ...***", "**8**."
        line = normalise_line(MARKDOWN_EMPHASIS.sub("", line))
    if "\\" in line:  # Markdown escapes: "\_\_\_" signature lines, "\*"
        line = normalise_line(re.sub(r"\\([_*#\[\]()`\\-])", r"\1", line))
    line = MARKDOWN_HEADING.sub("", line)
    line = CHROME_PREFIX.sub("", line)
    if re.fullmatch(r"[_\s.]+", line):  # a signature rule
        return ""
    return line


def page_lines(page: str, number: int = 0) -> list[Line]:
    """One page's non-blank cleaned lines, each with the blank lines before it."""
    lines: list[Line] = []
    blanks = 0
    for raw in unicodedata.normalize("NFC", page).split("\n"):
        line = clean_line(raw)
        if not line:
            blanks += 1
            continue
        lines.append(Line(line, blanks, number))
        blanks = 0
    return lines


def read_lines(text: str) -> list[Line]:
    """The text's lines in reading order, page furniture dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = [page_lines(page, n) for n, page in enumerate(page_texts(text))]
    lines = drop_furniture([p for p in pages if p])
    if lines and max(len(x.text) for x in lines) >= RUN_TOGETHER and len(lines) < 40:
        lines = split_run_together(lines)
    return lines


def furniture_key(text: str) -> str:
    """A line with its digits folded: the same running header on every page."""
    return re.sub(r"\d+", "#", text.lower())


def drop_furniture(pages: list[list[Line]]) -> list[Line]:
    """Page numbers, and running headers/footers repeated at the edges of pages.

    A running header that only appears once (a two-page excerpt) is recognised by
    the page number beside it (Oro-Medonte: ``Page 1 of 15`` / ``Council Meeting
    Minutes — Wednesday, July 15, 2020.``).
    """
    repeated: set[str] = set()
    if len(pages) >= 3:
        counts: dict[str, int] = {}
        for lines in pages:
            for key in {furniture_key(x.text) for x in lines[:EDGE] + lines[-EDGE:]}:
                counts[key] = counts.get(key, 0) + 1
        threshold = max(2, len(pages) // 4)
        repeated = {k for k, n in counts.items() if n >= threshold and len(k) > 3}
    out: list[Line] = []
    for lines in pages:
        last = len(lines) - EDGE
        kept: list[Line] = []
        for n, line in enumerate(lines):
            edge = n < EDGE or n >= last
            if PAGE_MARK.match(line.text) or (
                edge and len(pages) > 1 and PAGE_NUMBER.match(line.text)
            ):
                continue
            if edge and furniture_key(line.text) in repeated:
                continue
            kept.append(line)
        out.extend(_running_header_beside_page_number(kept, lines))
    return out


def _running_header_beside_page_number(kept: list[Line], page: list[Line]) -> list[Line]:
    """Drop a title-and-date line right after a dropped "Page N of M" line."""
    numbers = {id(x) for x in page if PAGE_NUMBER.match(x.text) and PAGE_OF.search(x.text)}
    if not numbers:
        return kept
    out: list[Line] = []
    after_number = False
    for line in page:
        if id(line) in numbers:
            after_number = True
            continue
        if line not in kept:
            continue
        if after_number and DATE_SPAN.search(line.text) and len(line.text) < 120:
            after_number = False
            continue
        after_number = False
        out.append(line)
    return out


# Sentence ends inside text run together: ". " before a capital, not after a title,
# an initial or a common abbreviation ("Cllr. Andrew Bolger", "Co. Wexford").
ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Cllr|Cllrs|Co|St|No|Nos|Rev|Prof|Messrs|Mt|Ave|Rd|Jr|Sr|Inc|Ltd|vs|"
    r"approx|etc|[ap]\.m|Cathaoirleach\s+Cllr)|\b[A-Z])\.$"
)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[A-Z“\"(]|\d{1,2}\.\s+[A-Z])")
# A section word in capitals opening a sentence of run-together text (Yakima:
# "FIRE Referring to page 1 ..."): the heading of what follows.
_CAPS_LEAD = re.compile(
    r"^(?P<head>(?:[A-Z][A-Z&'’/-]+\s+){0,5}[A-Z][A-Z&'’/-]{2,})\s+(?=[A-Z][a-z])"
)
# Labels that open a new line in run-together text.
_RUN_LABELS = re.compile(
    r"\s+(?=(?:Attendance|Apologies|Present|Absent|Also present|In attendance|Officials)\s*:)"
)


def split_run_together(lines: list[Line]) -> list[Line]:
    """Text with its line breaks lost: one line per sentence, headings apart.

    A document-sharing site keeps a whole Irish municipal district's minutes on
    one line (``... meeting. 1. Election of Cathaoirleach Cllr. ...``), a US
    city's scanned minutes run section words into the text (``... 1985. FIRE
    Referring to page 1 ...``).
    """
    out: list[Line] = []
    for line in lines:
        if len(line.text) < 200:
            out.append(line)
            continue
        pieces: list[str] = []
        for chunk in _RUN_LABELS.split(line.text):
            start = 0
            for match in _SENTENCE_BREAK.finditer(chunk):
                before = chunk[start : match.start()].rstrip('"”’')
                if ABBREVIATION.search(before) or re.fullmatch(r"\s*\d{1,3}\.", before):
                    continue  # "Cllr. Andrew", "1. Election of ..."
                pieces.append(chunk[start : match.start()])
                start = match.end()
            pieces.append(chunk[start:])
        for n, piece in enumerate(p.strip() for p in pieces if p.strip()):
            caps = _CAPS_LEAD.match(piece)
            if caps and n and not KEYWORD_WORD.match(caps.group("head")):
                out.append(Line(caps.group("head"), 1, line.page))
                piece = piece[caps.end() :]
            out.append(Line(piece, 1 if n else line.blanks, line.page))
    return out


# ---------------------------------------------------------------------------
# Words and shapes of lines.

# Capitals words that are resolution or motion keywords, never section headings.
KEYWORD_WORD = re.compile(
    r"^(?:RESOLVED|AGREED|MOVED|SECONDED|CARRIED|THAT|NOTED|RECOMMENDED|DECISION|ACTION|"
    r"PENDERFYNWYD|PRESENT|APOLOGIES|REPLY|ANSWER|QUESTION|MOTION|AMENDMENT|LOST|DEFEATED)\b"
)
_SMALL = frozenset(
    {"and", "of", "the", "for", "on", "in", "to", "at", "with", "a", "an", "&", "de", "by",
     "or", "from", "as", "into", "under", "per", "via", "re", "vs", "-", "–", "—", "/"}
)  # fmt: skip
# Finite verbs and auxiliaries: a line with one is a sentence, not a heading.
_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|been|will|would|should|could|shall|did|does|do|"
    r"can|may|must)\b"
)
# A past-tense verb taking an object: "The Chief Officer delivered a presentation".
# Titles use such words before a preposition ("Question submitted by", "held on").
_PAST_VERB = re.compile(
    r"\b[a-z]{3,}ed\s+(?:a|an|the|his|her|their|its|that|this|these|those|our|all|each)\b"
)
# Lines that are labels of a motion or a record, not headings: "Council resolution",
# "Moved by:", "Proposed by Councillor X", "Carried.", "REPLY:", "Motion No. C2".
NOT_HEADING = re.compile(
    r"^(?:(?:Council|Committee|Cabinet|Board)\s+(?:resolution|decision|recommendation)s?\b"
    r"|(?:Moved|Seconded|Proposed)(?:\s+by\b|\s*[:,])|(?:Carried|Lost|Defeated)\b(?!\s+[A-Z])"
    r"|(?:Resolved|Agreed|That)\b"
    r"|Motion\s+No\b|.*\b(?:moved|seconded|proposed)\s+by\b"
    r"|(?:Motion|Amendment|Resolution)\s+(?:was\s+)?(?:Carried|Lost|Defeated|Withdrawn|Adopted)\b"
    # Words that head a record's parts, or sign it, standing alone or before a colon.
    r"|(?:Noted|Reply|Answer|Response|Actions?|Decisions?|Recommendations?|Motion|Amendment|"
    r"Votes?|For|Against|Abstentions?|Nil|None|N/?A|Signed|Chair(?:man|person)?|Mayor|"
    r"Cathaoirleach|Date[d]?|Clerk|Secretary|Appendix|Annex|Notes?|Background|Purpose|"
    r"Report|Reasons?)\s*(?::.*|[.(].*)?$)",
    re.I,
)
# Section dividers: they group items, they are not items (gold: 'PART ONE',
# 'QUESTIONS', 'NOTICES OF MOTION').
DIVIDER = re.compile(
    r"^(?:PART\s+(?:[IVX]+|ONE|TWO|THREE|[A-C1-3])|QUESTIONS?|NOTICES?\s+OF\s+MOTIONS?|"
    r"MOTIONS|PUBLIC\s+(?:SESSION|BUSINESS)|(?:EXEMPT|CONFIDENTIAL)\s+(?:ITEMS?|BUSINESS|SESSION)|"
    r"OPEN\s+(?:SESSION|MINUTES)|CLOSED\s+SESSION|Items|No\.?\s*Item|Note\s+No\.?\s+Item|"
    r"Item\s*Description\s*Resolution|ItemDescriptionResolution|Minutes|Open Minutes|"
    r"Agenda|Contents|Index)\s*:?$",
    re.I,
)
# The end of the minutes: the signature block.
SIGNATURE = re.compile(
    r"^(?:Signed|Signature|Chair(?:man|person)?'?s?\s+signature|Confirmed as a true record|"
    r"Meeting (?:closed|ended|concluded)|The meeting (?:closed|ended|concluded)|"
    r"This concluded the (?:Meeting|business))\b",
    re.I,
)
# "IJ to contact SUSTRANS", "Clerk to seek tenders", "Highland Council are to ...":
# an action line, never a heading.
ACTION_LINE = re.compile(r"^\S+(?:\s+\S+){0,3}\s+(?:to|are to|is to|will|would)\s+[a-z]")
_SENTENCE_INSIDE = re.compile(r"[a-z0-9)][.!?]\s+[A-Z]")
_OPEN_QUOTE = re.compile(r"^[“\"‘']")
# A short body that says there was nothing: "Nil" under "Apologies" (Napier).
NOTHING = re.compile(r"(?:Nil|None|N/?A|No\s+\w+)\.?", re.I)


def words_of(text: str) -> list[str]:
    return [w.strip("()[],.;:“”\"'‘’") for w in text.split()]


def title_case_ratio(text: str) -> float:
    """Share of the words (small words aside) that start with a capital or a digit."""
    words = [w for w in words_of(text) if w and w.lower() not in _SMALL]
    if not words:
        return 0.0
    return sum(1 for w in words if w[0].isupper() or w[0].isdigit()) / len(words)


def is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def title_like(text: str, *, max_words: int = 20) -> bool:
    """Could this be an item's title: short, no sentence inside, not a label line."""
    text = text.strip()
    if not 2 <= len(text) <= 160 or not (
        text[0].isupper() or text[0].isdigit() or text[0] in "(‘“'\""
    ):
        return False
    body = text.rstrip(":;-–— ").rstrip()
    words = body.split()
    if not words or len(words) > max_words:
        return False
    if NOT_HEADING.match(body) or _OPEN_QUOTE.match(body):
        return False
    if _SENTENCE_INSIDE.search(body) and not ABBREVIATION.search(
        body[: _SENTENCE_INSIDE.search(body).start() + 2]  # type: ignore[union-attr]
    ):
        return False
    if (_VERB.search(body.lower()) or _PAST_VERB.search(body)) and not is_caps(body):
        return False
    if body.endswith(("?", "!", ",", ";")):
        return False
    if body.endswith("."):
        # "Apologies for absence." (Southend), "Motion to Adopt the Agenda." (Oro-Medonte)
        # are titles; a sentence of narrative is not.
        return len(words) <= 8 and title_case_ratio(body) >= 0.5
    return True


def heading_shaped(text: str) -> bool:
    """A heading standing alone without a number: capitals, title case or a short phrase."""
    if not title_like(text, max_words=14) or text.rstrip().endswith((".", ",", ";")):
        return False
    if ACTION_LINE.match(text) or TITLE_WORD.match(text) or DIVIDER.match(text):
        return False
    if text.split()[-1].lower() in _SMALL:
        return False  # "In relation to Rathronan Estate, the Director of ... and": wrapped
    if DATE_SPAN.search(text):
        return False  # "Cabinet held on 1st July 2014": a reference inside a declaration
    if re.fullmatch(r"[\d\s.,/%£$€-]+", text):  # table cells: "2013", "(8)"
        return False
    words = words_of(text)
    return is_caps(text) or title_case_ratio(text) >= 0.6 or len(words) <= 5


def sentence_end(text: str) -> bool:
    return bool(re.search(r"[.:;!?][\"”’')]*$", text))


# ---------------------------------------------------------------------------
# Item numbers.

# A number as printed: "12", "3a", "1772", "5.1", minute references "268/12/13",
# "Cou/286/07-08", "392/02", "CB20/15", "C/152", "21.44".
NUMBER = (
    r"(?:[A-Z][A-Za-z]{0,5}/\d{1,4}/\d{2}(?:[-/]\d{2})?"
    r"|\d{1,4}/\d{2}/\d{2}(?!\d)"
    r"|\d{1,4}/\d{2,4}(?!\d)"
    r"|[A-Z]{1,4}\d{1,4}/\d{1,4}"
    r"|[A-Z]{1,3}/\d{1,4}"
    r"|\d{1,2}(?:\.\d{1,2}){1,2}(?![\d.])"
    r"|\d{1,5}[a-z]?)"
)
# "12.", "4:", "141)", "4 -", "3666", and the title after it on the same line.
NUMBERED = re.compile(rf"^(?P<number>{NUMBER})(?P<mark>[.):]|\s+[-–—])?(?:\s+(?P<rest>\S.*))?$")
# "Item 4", "Item 4:", "Item No. 4 - Title", "Agenda Item 4".
ITEM_WORD = re.compile(
    r"^(?:Agenda\s+)?Item\s+(?:No\.?\s*)?(?P<number>\d{1,3}[a-z]?(?:\.\d{1,2})?)"
    r"\s*[.:)]?\s*(?:[-–—]\s*)?(?P<rest>\S.*)?$",
    re.I,
)
# Sub-items and list labels: "(a)", "(ii)", "(2)", "a)", "(A)".
LETTERED = re.compile(
    r"^(?P<number>\((?:[a-zA-Z]|[ivxIVX]{1,5}|\d{1,2})\)|[a-z]\)|[ivx]{1,4}\))"
    r"(?:\s*(?P<rest>\S.*))?$"
)
_ROMAN = {"i": 1, "v": 5, "x": 10}


def label_value(number: str) -> tuple[str, int] | None:
    """(series, value) of a label: ("int", 12), ("alpha", 1) for "(a)", ("roman", 2)."""
    bare = number.strip("()").rstrip(".):")
    if bare.isdigit():
        return ("paren" if number.startswith("(") else "int"), int(bare)
    digits = re.match(r"\d+", bare)
    if digits and not number.startswith("("):
        return "int", int(digits.group(0))
    lower = bare.lower()
    if lower and all(c in _ROMAN for c in lower) and (len(lower) > 1 or lower in "iv"):
        value, previous = 0, 0
        for c in reversed(lower):
            n = _ROMAN[c]
            value = value - n if n < previous else value + n
            previous = max(previous, n)
        return "roman", value
    if len(bare) == 1 and bare.isalpha():
        return "alpha", ord(lower) - ord("a") + 1
    return None


def printed_number(number: str, mark: str | None) -> str:
    """The number as the model keeps it: "4:" -> "4", "141)" -> "141", "(a)" kept."""
    return number.strip()


# ---------------------------------------------------------------------------
# Headings: where items start.


@dataclass
class Heading:
    """An item heading found at ``index``: its number, title, and the lines it took."""

    index: int
    number: str | None
    title: str | None
    used: int  # lines the heading takes (number line, title lines)
    rest: str | None = None  # text after the title on the heading's own line
    series: str | None = None
    value: int | None = None


def split_title(rest: str) -> tuple[str, str | None] | None:
    """A heading line's text after its number -> (title, body on the same line).

    ``Grants: Thanks from ...`` and ``Apologies. Councillors E. Jones ...``
    (Tredegar) split at the first colon or full stop; ``Declarations of Interest
    The Chair reminded ...`` and ``Election of Cathaoirleach Cllr. Donal Kenny
    proposed ...`` (Wexford) at the first word that starts a sentence after a
    title-case run. None when no title can be told from the text.
    """
    text = rest.strip()
    colon = re.match(r"^(?P<head>[^:]{2,100}?):-?\s+(?P<body>\S.*)$", text)
    said = colon is not None and (
        len(colon.group("body")) >= 40
        or sentence_end(colon.group("body"))
        or NOTHING.fullmatch(colon.group("body"))
    )
    if colon and said and title_like(colon.group("head"), max_words=16):
        # "Declarations of interest: None." (a parish council's web page)
        # "Grants: Thanks from Bobath Children's Therapy Centre, ..." (Tredegar)
        return colon.group("head").strip(), colon.group("body").strip()
    named = _NAMED_SPEAKER.search(text)
    if named and named.start() > 0 and title_like(text[: named.start()].strip(), max_words=12):
        # "Election of Leas-Cathaoirleach Cllr. Willie Kavanagh proposed Cllr." (Wexford)
        return text[: named.start()].strip(), text[named.start() :].strip()
    if title_like(text) and len(text) <= 120:
        return text, None
    for match in re.finditer(r"(?::-?|\.|\s[-–—])\s+(?=\S)", text[:200]):
        head = text[: match.start()].strip()
        if match.group(0).startswith(".") and ABBREVIATION.search(head + "."):
            continue
        if head and title_like(head, max_words=16) and not head.endswith((".", ",")):
            return head, text[match.end() :].strip() or None
        break
    words = text.split()
    for n in range(1, min(len(words), 12)):
        word = words[n]
        if TITLE_WORD.match(word) or word in _SENTENCE_STARTERS:
            head = " ".join(words[:n])
            if title_like(head, max_words=12) and title_case_ratio(head) >= 0.6:
                return head, " ".join(words[n:])
            return None
        if not (word[:1].isupper() or word[:1].isdigit() or word.lower() in _SMALL):
            return None
    return None


# A person doing something, right after a run-together title: "Cllr. Donal Kenny
# proposed", "Councillor Smith moved" (not "submitted by Councillor T. Neville").
_NAMED_SPEAKER = re.compile(
    r"(?<!\bby)(?<!\bof)(?<!\bto)(?<!\bfrom)(?<!\bfor)(?<!\band)\s+"
    r"(?:Councillor|Cllr\.?|Mayor|Mr\.?|Mrs\.?|Ms\.?|Dr\.?)\s+(?:[A-Z][\w.'’-]*\s+){1,3}"
    r"(?=(?:proposed|moved|seconded|said|stated|asked|thanked|welcomed|opened|declared|"
    r"reported|referred|noted|advised|explained|confirmed|nominated)\b)"
)
# Words that open a sentence of narrative after a run-together heading.
_SENTENCE_STARTERS = frozenset(
    {"The", "A", "An", "This", "These", "It", "He", "She", "They", "We", "I", "There",
     "Members", "Members'", "Council", "Councillors", "Following", "In", "On", "At", "Mr",
     "Mrs", "Ms", "Mr.", "Mrs.", "Ms.", "Dr", "Dr.", "Cllr", "Cllr.", "Councillor"}
)  # fmt: skip


class Segmenter:
    """Finds the item headings of a body of lines, keeping the state the rules need."""

    def __init__(self, lines: Sequence[Line], *, blank_breaks: int | None) -> None:
        self.lines = lines
        self.blank_breaks = blank_breaks
        self.one_per_line = lines_are_paragraphs(lines)  # every line a paragraph
        self.last_int: int | None = None  # the last integer item number
        self.list_series: dict[str, int] = {}  # label series inside text -> last value
        self.heading_series: dict[str, int] = {}  # sub-item series -> last value
        self.body_since_heading = True
        self.headings: list[Heading] = []

    def paragraph_break(self, i: int) -> bool:
        """Does line ``i`` start a new paragraph (not continue the sentence before)?"""
        if i == 0:
            return True
        previous = self.lines[i - 1].text
        if self.one_per_line or sentence_end(previous) or len(previous) < 45:
            return True
        if self._after_heading(i):
            return True
        return self.set_apart(i)

    def _after_heading(self, i: int) -> bool:
        last = self.headings[-1] if self.headings else None
        return last is not None and last.index + last.used == i and not last.rest

    def set_apart(self, i: int) -> bool:
        """Blank lines before line ``i`` that mark a paragraph break in this text."""
        return self.blank_breaks is not None and self.lines[i].blanks >= self.blank_breaks

    def after_colon(self, i: int) -> bool:
        """The line before introduces a list: "... the following:", "RESOLVED:", "That Cabinet:"."""
        if i == 0 or self._after_heading(i):
            return False  # "2. Adoption of Agenda:" ends a heading, not a sentence
        previous = self.lines[i - 1].text
        return previous.endswith((":", ":-", ":–")) or bool(
            re.match(r"^(?:It was\s+)?(?:RESOLVED|Resolved|AGREED|DECIDED)\b\W*$", previous)
        )

    def find(self) -> list[Heading]:
        i = 0
        n = len(self.lines)
        while i < n:
            heading = self.heading_at(i)
            if heading is None:
                if SIGNATURE.match(self.lines[i].text) and i > n // 2:
                    break  # the signature block ends the minutes
                self.body_since_heading = True
                i += 1
                continue
            self.headings.append(heading)
            self.body_since_heading = bool(heading.rest)
            i += heading.used
        return self.headings

    # -- one line -----------------------------------------------------------------

    def heading_at(self, i: int) -> Heading | None:
        text = self.lines[i].text
        word = ITEM_WORD.match(text)
        if word:
            return self._numbered(i, word.group("number"), word.group("rest"), strong=True)
        lettered = LETTERED.match(text)
        if lettered:
            return self._lettered(i, lettered.group("number"), lettered.group("rest"))
        numbered = NUMBERED.match(text)
        if numbered and (
            numbered.group("mark")
            or numbered.group("rest") is None
            or not re.match(r"\d", numbered.group("rest") or "")
        ):
            number = numbered.group("number")
            # "2013" alone is a year in a table, "1" alone under "2013" a cell.
            alone = numbered.group("rest") is None and not numbered.group("mark")
            if alone and not self._title_after(i) and not self._in_sequence(number):
                return None
            return self._numbered(i, number, numbered.group("rest"), strong=False)
        return self._unnumbered(i)

    def _title_after(self, i: int) -> bool:
        nxt = self.lines[i + 1].text if i + 1 < len(self.lines) else ""
        return bool(nxt) and title_like(nxt) and not NUMBERED.match(nxt)

    def _in_sequence(self, number: str) -> bool:
        if "/" in number:
            return True  # a minute reference ("Cou/286/07-08", "268/12/13") carries no sequence
        value = label_value(number)
        if value is None or value[0] != "int":
            return value is not None and value[0] == "ref"
        if self.last_int is None:
            return value[1] < 10000
        return self.last_int < value[1] <= self.last_int + 3

    def _numbered(self, i: int, number: str, rest: str | None, *, strong: bool) -> Heading | None:
        label = label_value(number)
        series, value = label if label else ("ref", None)
        is_int = series == "int" and "/" not in number and not re.search(r"[A-Za-z]", number[:1])
        dotted = "." in number.strip(".")
        # A list inside an item's text: after a colon or a resolution, or the series
        # that the list already started ("1." ... "2." under "RESOLVED:"). A number alone
        # that carries the item numbering on above a title is a heading even there
        # (Limerick: "... not having been dealt with:" / "12." / "Question submitted by").
        listed = not strong and self._list_member(i, series if not dotted else "dotted", value)
        if listed and not (rest is None and is_int and self._in_sequence(number)):
            return None
        if rest is None:
            title, used = self._title_lines(i + 1)
            if title is not None and DIVIDER.match(title):
                return None  # a table's count above "NOTICES OF MOTION"
            if listed and (title is None or title_case_ratio(title) < 0.6):
                return None
            # Out of sequence: only a clear heading (Limerick took items 10 and 16 early:
            # "10." / "Great Limerick Run").
            clear = title is not None and title_case_ratio(title) >= 0.6
            if not strong and not self._in_sequence(number) and not clear:
                return None
            heading = Heading(i, number, title, 1 + used, series=series, value=value)
        else:
            if not self.paragraph_break(i):
                return None
            split = split_title(rest)
            if split is None:
                if strong:
                    return Heading(i, number, None, 1, rest=rest, series=series, value=value)
                self._note_list(series if not dotted else "dotted", value)
                return None
            title, body = split
            whole = body is None
            clear = whole and (
                title.endswith(":") or is_caps(title) or title_case_ratio(title) >= 0.6
            )
            if dotted and not whole:
                return None  # "1.1 There were no declarations" is a numbered paragraph
            if not strong and not self._in_sequence(number) and not clear:
                self._note_list(series if not dotted else "dotted", value)
                return None
            used = 1
            if whole and not title.rstrip().endswith(":"):
                more, extra = self._continuation(i + 1, title)
                title, used = more, 1 + extra
            heading = Heading(i, number, title, used, rest=body, series=series, value=value)
        if is_int and value is not None and not dotted:
            self.last_int = value
            self.heading_series = {}
            self.list_series = {}
        return heading

    def _lettered(self, i: int, number: str, rest: str | None) -> Heading | None:
        label = label_value(number)
        if label is None:
            return None
        series, value = label
        if series == "int":
            series = "paren"
        if not number.startswith("("):
            number = number[:-1]  # "a) Motion to Adopt ..." is item "a" (the gold's convention)
        # The next label of a sub-item series is a sub-item even after a colon (Limerick:
        # "... Items 5 (b) and (c) would be taken together:" / "(b)" / "Proposed Variation").
        continues = self.heading_series.get(series) == value - 1
        if not continues and self._list_member(i, series, value):
            return None
        if not self.headings:
            return None  # a sub-item needs an item to belong to
        expected = self.heading_series.get(series)
        if (
            expected is not None
            and value != expected + 1
            and not (series == "roman" and self.heading_series.get("alpha") is not None)
        ):
            self._note_list(series, value)
            return None
        if expected is None and value != 1:
            # A sub-item series starts at (a), (i) or (1): "(c)" alone is a list label
            # ("(b) and (c) Yes, it does").
            self._note_list(series, value)
            return None
        if not self.paragraph_break(i):
            return None  # "... less than market value as" / "(i) Southill ...": mid-sentence
        if rest is None:
            nxt = self.lines[i + 1].text if i + 1 < len(self.lines) else ""
            if not nxt or nxt[:1].islower() or LETTERED.match(nxt):
                self._note_list(series, value)
                return None
            title, used = self._title_lines(i + 1, sub=True)
            heading = Heading(i, number, title, 1 + used, series=series, value=value)
        else:
            if not title_like(rest, max_words=16) or rest[:1].islower():
                self._note_list(series, value)
                return None
            title, extra = self._continuation(i + 1, rest.strip())
            heading = Heading(i, number, title, 1 + extra, series=series, value=value)
        self.heading_series[series] = value
        return heading

    def _list_member(self, i: int, series: str, value: int | None) -> bool:
        if value is None:
            return False
        last = self.list_series.get(series)
        if last is not None and value == last + 1:
            self.list_series[series] = value
            return True
        if self.after_colon(i):
            self.list_series[series] = value
            return True
        return False

    def _note_list(self, series: str, value: int | None) -> None:
        if value is not None:
            self.list_series[series] = value

    def _title_lines(self, j: int, *, sub: bool = False) -> tuple[str | None, int]:
        """The title under a number alone on its line (with its wrapped lines), if any."""
        if j >= len(self.lines):
            return None, 0
        text = self.lines[j].text
        if (NUMBERED.match(text) and not re.match(r"\d{4}\b", text)) or LETTERED.match(text):
            return None, 0
        if BULLET.match(text) or not title_like(text) or KEYWORD_WORD.match(text):
            return None, 0
        if sub and len(text.split()) > 12:
            return None, 0
        title, extra = self._continuation(j + 1, text)
        if extra and not title_like(title, max_words=24):
            # "Circulated, report of the Director ..." / "and Change Management dated ...":
            # the first line of a sentence, not a title.
            return None, 0
        return title, 1 + extra

    def _continuation(self, j: int, title: str) -> tuple[str, int]:
        """A title wrapped over several lines: the lines that continue it."""
        used = 0
        wrapped = len(title) >= 50  # a line as long as the text's: the title may wrap
        last = title
        while j + used < len(self.lines) and used < 12:
            if title.rstrip().endswith((":", ".", ":-")) or (title.endswith(")") and "(" in title):
                break
            text = self.lines[j + used].text
            if NUMBERED.match(text) or LETTERED.match(text) or BULLET.match(text):
                break
            short = len(text.split()) <= 3 and not sentence_end(text)
            if not (title_like(text) or short or (text[:1].islower() and len(text) < 80)):
                break
            words = title.split()
            unclosed = title.count("(") > title.count(")")
            joins = (
                unclosed
                or bool(re.fullmatch(r"\([^()]{1,60}\)", text))  # "(Agenda item 6)"
                or words[-1].lower() in _SMALL
                or title.endswith(("-", "–"))
                or (text[:1].islower() and not sentence_end(title))
                # A title printed a word or two a line (Limerick's Markdown conversion).
                or (
                    len(last.split()) <= 2
                    and len(text.split()) <= 3
                    and not sentence_end(text)
                    and is_caps(last) == is_caps(text)
                )
                or (wrapped and not sentence_end(title) and len(text) < 70)
            )
            if not joins:
                break
            glue = "" if title.endswith("-") and not title.endswith(" -") else " "
            title = f"{title}{glue}{text}"
            last = text
            used += 1
            # A wrapped title's last line is the short one ("Plan for the Shannon Estuary").
            wrapped = len(text) >= 45
        return title.strip(), used

    def _unnumbered(self, i: int) -> Heading | None:
        """A heading line without a number: alone between paragraphs, above text."""
        line = self.lines[i]
        text = line.text
        if not heading_shaped(text) or not self.paragraph_break(i):
            return None
        if i > 0 and self.after_colon(i):
            return None
        nxt = self.lines[i + 1] if i + 1 < len(self.lines) else None
        if nxt is None or _OPEN_QUOTE.match(nxt.text):
            return None  # the title of a quoted text, or the last line
        if nxt.text[:1].islower() and not self.set_apart(i + 1):
            return None  # a sentence wrapped after a capitalised start
        title = text.rstrip(":").rstrip(" -–").strip()
        stacked = is_caps(nxt.text) and (self.body_since_heading or not self.headings)
        if is_caps(text) and (self._caps_above(i) or stacked):
            # A stack of capitals headings (Merton's joint session lists the three
            # reports it took together, one per line): each is an item.
            return Heading(i, None, title, 1)
        if not self.body_since_heading and self.headings:
            return None  # a sub-title under the item's own heading, not a new item
        # Two heading-shaped lines in a row: the first heads the second only when blank
        # lines set it apart, or the second is a short body ("Nil" under "Apologies").
        if (
            heading_shaped(nxt.text)
            and not (NUMBERED.match(nxt.text) or LETTERED.match(nxt.text) or BULLET.match(nxt.text))
            and not (self.set_apart(i) and nxt.blanks < line.blanks)
            and not NOTHING.fullmatch(nxt.text)
            and not (is_caps(text) and not is_caps(nxt.text))
        ):
            return None
        if i > 0 and not sentence_end(self.lines[i - 1].text) and not self.set_apart(i):
            return None
        return Heading(i, None, title, 1)

    def _caps_above(self, i: int) -> bool:
        """The line above is a capitals heading found by this segmenter."""
        last = self.headings[-1] if self.headings else None
        return (
            last is not None
            and last.number is None
            and last.index + last.used == i
            and is_caps(self.lines[i - 1].text)
        )


# ---------------------------------------------------------------------------
# Items.


@dataclass
class ItemDraft:
    item: AgendaItem
    lines: list[Line] = field(default_factory=list)


def break_blanks(lines: Sequence[Line]) -> int | None:
    """How many blank lines before a line mark a paragraph break, or None when they do not.

    Most text has none between the lines of a paragraph and one or more between
    paragraphs (break at 1). Markdown conversions and some exports put a blank line
    after every line (Limerick's PDF-to-Markdown, Napier's InfoCouncil page): there
    only more blanks than usual mark a break (Napier puts a spacer line between
    sections), and with none more, blank lines say nothing.
    """
    counts = [x.blanks for x in lines[1:]]
    if len(counts) < 3:
        return 1
    usual = max(set(counts), key=counts.count)
    if usual == 0:
        return 1 if any(counts) else None
    wider = [c for c in counts if c > usual]
    return usual + 1 if wider else None


def lines_are_paragraphs(lines: Sequence[Line]) -> bool:
    """Is every line a whole paragraph (a web page's text), not a wrapped line (PDF text)?

    Wrapped text has most of its long lines near one width (the page's measure, at
    most about 130 characters) and few of them end a sentence; a web page's lines
    are its paragraphs, of any length (Nether Lochaber: "IJ to contact SUSTRANS"
    under a sentence that does not end with a full stop).
    """
    long = sorted(len(x.text) for x in lines if len(x.text) >= 40)
    if len(long) < 4:
        return False
    ended = sum(1 for x in lines if len(x.text) >= 60 and sentence_end(x.text))
    share = ended / max(1, sum(1 for x in lines if len(x.text) >= 60))
    if share >= 0.7 or share <= 0.3:
        return share >= 0.7
    measure = long[int(len(long) * 0.9)]
    near = sum(1 for n in long if n >= 0.8 * measure)
    return measure > 130 or near < 0.5 * len(long)


def paragraphs(
    lines: Sequence[Line], *, blank_breaks: int | None, one_per_line: bool = False
) -> list[str]:
    """An item's lines -> paragraphs (model convention), through ``grammar.paragraphs``.

    With meaningful blank lines they separate paragraphs; otherwise (PDF text,
    Markdown with a blank after every line) a paragraph ends at a short line that
    ends a sentence, and list labels, bullets and keyword lines start one.
    """
    if not lines:
        return []
    widths = sorted(len(x.text) for x in lines)
    typical = widths[int(len(widths) * 0.8)] if widths else 80
    flat: list[str] = []
    previous = ""
    for line in lines:
        text = line.text
        if flat:
            if one_per_line:
                flat.extend(["", ""])
            elif blank_breaks is not None and line.blanks >= blank_breaks:
                flat.extend([""] * (2 if line.blanks > blank_breaks else 1))
            elif _PARAGRAPH_START.match(text) or (
                sentence_end(previous) and len(previous) < 0.85 * typical
            ):
                flat.append("")
        flat.append(text)
        previous = text
    return [p for p in rejoin(flat) if p]


_PARAGRAPH_START = re.compile(
    r"^(?:\d{1,3}\.\d{1,3}\s|RESOLVED|Resolved|AGREED|NOTED$|Proposed by|Seconded by|Moved by|"
    r"Motion No|Carried|CARRIED|THAT\s|Be it resolved|\(?[a-zA-Z0-9]{1,4}\)\s|[·•▪]\s?)"
)


def read_items(
    lines: Sequence[Line], *, blank_breaks: int | str | None = "auto", keep_preamble: bool = False
) -> tuple[list[AgendaItem], list[str]]:
    """Items from a meeting's body lines, and the paragraphs before the first heading.

    The text before the first heading becomes an untitled item only when it
    carries business (the shared detector finds a resolution or an action in
    it, Nether Lochaber: ``Minutes of last meeting be accepted proposed JJ
    Seconded NM``) or when ``keep_preamble`` says so; otherwise its paragraphs
    are returned, for ``Meeting.preamble``.
    """
    if blank_breaks == "auto":
        blank_breaks = break_blanks(lines)
    assert not isinstance(blank_breaks, str)
    segmenter = Segmenter(lines, blank_breaks=blank_breaks)
    headings = segmenter.find()
    end = len(lines)
    if headings and len(headings) < len(lines):
        stop = _signature_index(lines, headings[-1].index)
        end = stop if stop is not None else end
    drafts: list[ItemDraft] = []
    first = headings[0].index if headings else end
    preamble = list(lines[:first])
    for n, heading in enumerate(headings):
        stop = headings[n + 1].index if n + 1 < len(headings) else end
        draft = ItemDraft(AgendaItem(number=heading.number, title=_tidy_title(heading.title)))
        if heading.rest:
            draft.lines.append(Line(heading.rest, 0, lines[heading.index].page))
        draft.lines.extend(lines[heading.index + heading.used : stop])
        drafts.append(draft)
    one_per_line = lines_are_paragraphs(lines)
    items = [_finish(d, blank_breaks=blank_breaks, one_per_line=one_per_line) for d in drafts]
    leftover: list[str] = []
    if preamble:
        lead = _finish(
            ItemDraft(AgendaItem(number=None, title=None), preamble),
            blank_breaks=blank_breaks,
            one_per_line=one_per_line,
        )
        if keep_preamble or lead.resolutions or lead.actions or not items:
            items.insert(0, lead)
        else:
            leftover = (lead.minutes or "").split("\n\n")
    return items, leftover


def _signature_index(lines: Sequence[Line], after: int) -> int | None:
    for k in range(after + 1, len(lines)):
        if SIGNATURE.match(lines[k].text) and k > len(lines) // 2:
            return k
    return None


def _tidy_title(title: str | None) -> str | None:
    if title is None:
        return None
    title = re.sub(r"\s*(?::-|:|\s[-–—])\s*$", "", title.strip())
    return title or None


def _finish(draft: ItemDraft, *, blank_breaks: int | None, one_per_line: bool) -> AgendaItem:
    item = draft.item
    body = [x for x in draft.lines if not PAGE_MARK.match(x.text)]
    return fill_item(item, paragraphs(body, blank_breaks=blank_breaks, one_per_line=one_per_line))


# ---------------------------------------------------------------------------
# The meeting: title lines, labels, attendance.

# "Minutes of the meeting of X held on DATE", "MINUTES OF PROCEEDINGS AT MEETING OF X
# HELD IN ... ON DATE", "Minutes of January Ordinary Meeting of Sligo County Council
# held on ...", "Minutes of the Civic Meeting of Council held in ...".
MINUTES_OF_MEETING = re.compile(
    r"^(?:(?:draft|confirmed|approved|unconfirmed|signed)\s+)?minutes\s+of\s+"
    r"(?:the\s+|an?\s+)?(?:proceedings\s+(?:at|of)\s+(?:the\s+|an?\s+)?)?"
    r"(?:[\w’'-]+\s+){0,4}?meeting\s+of\s+(?:the\s+)?(?P<body>.+?)"
    r"(?:,?\s+(?:held|which\s+took\s+place|convened)\b(?P<rest>.*))?$",
    re.I | re.S,
)
PREVIOUS_MINUTES = re.compile(
    r"^(?:to\s+\w+\s+)?(?:the\s+)?minutes\s+of\s+(?:the\s+)?(?:last|previous|preceding)\b", re.I
)
# "Minutes of the Cabinet held on ...", "Minutes of meeting 7th December 2017".
MINUTES_OF = re.compile(
    r"^(?:(?:draft|confirmed|approved|unconfirmed)\s+)?minutes\s+of\s+(?:the\s+|a\s+)?"
    r"(?P<body>.+?)(?:,?\s+(?:held|on|dated)\b(?P<rest>.*))?$",
    re.I | re.S,
)
# "Ordinary Meeting of Council", "Special Meeting of the Parish Council - 27 August 2020".
MEETING_OF = re.compile(
    r"^(?:[A-Z][\w’'-]*\s+){0,3}Meeting\s+of\s+(?:the\s+)?(?P<body>[A-Z][^,;]{1,80}?)"
    r"(?:\s+[-–—]\s+(?P<rest>.*))?$"
)
# "Council Meeting Minutes", "Council Meeting", "MINUTES OF THE PARISH COUNCIL MEETING",
# "Planning Committee - Minutes".
BODY_MEETING = re.compile(
    r"^(?:(?:Draft\s+)?Minutes\s+of\s+(?:the\s+)?)?(?P<body>(?:[A-Z][\w’'&.-]*\s+){0,6}?"
    r"(?:Council|Committee|Sub-Committee|Board|Cabinet|Panel|Commission|Assembly|Authority|"
    r"Forum|Executive|Partnership|Trust|Group))"
    r"(?:\s+(?:Meeting|Session))?(?:\s*[-–—:]?\s*(?:Meeting\s+)?Minutes)?$",
    re.I,
)
_MEETING_ADJECTIVES = re.compile(
    r"^(?:(?:Regular|Ordinary|Special|Annual|Extraordinary|Inaugural|Statutory|Monthly|"
    r"Adjourned|Emergency|Budget|Full|Open|Public|Reconvened|January|February|March|April|May|"
    r"June|July|August|September|October|November|December)\s+)+",
    re.I,
)
# Lines of a header that say only what the page is: "Open Minutes", "MINUTES".
HEADER_WORDS = re.compile(
    r"^(?:(?:Open|Draft|Unconfirmed|Confirmed|Approved|Public|Signed)\s+)?Minutes"
    r"(?:\s+of\s+(?:the\s+)?meeting)?$|^Agenda$"
    # "Electronic Meeting", "Hybrid Meeting"; a council's term: "2018-2022 Council".
    r"|^(?:Electronic|Virtual|Hybrid|Remote|In[- ]person|Special|Regular)\s+Meeting$"
    r"|^\d{4}\s*[-–]\s*\d{4}\s+(?:Council|Term)$",
    re.I,
)
TIME_ONLY = re.compile(r"^\(?\d{1,2}(?:[:.]\d{2})?\s*[ap]\.?\s?m\.?\)?$", re.I)
# "The City Council met in session on this date at 9:30 a.m." (Yakima).
BODY_MET = re.compile(
    r"\b[Tt]he\s+(?P<body>(?:[A-Z][\w’'-]*\s+){0,5}(?:Council|Committee|Board|Commission|"
    r"Cabinet|Panel|Assembly))\s+(?:met|convened|assembled)\b"
)
# An organisation printed above the body that met ("Brighton & Hove City Council" /
# "Policy & Resources Committee"; "The Township of Oro-Medonte" / "Council Meeting").
ORGANISATION = re.compile(
    r"^(?:The\s+)?(?:(?:[A-Z][\w'’.&-]*|&|and|of|upon|on|under|in|the)\s+){0,6}"
    r"(?:City\s+|County\s+|Borough\s+|District\s+|Town\s+|Parish\s+|Community\s+|Regional\s+)*"
    r"(?:Council|Corporation)$"
    r"|^(?:The\s+)?(?:London Borough|Royal Borough|City|County|Township|Town|Municipality|"
    r"District|Borough|Village|Region|Shire)\s+of\s+[\w &'’.-]+$",
)
# Label lines of a header: "Meeting Date:" / "Thursday 27 August 2020", "Time: 10am".
FIELD_LABEL = re.compile(
    r"^(?P<label>(?:Meeting\s+)?Date(?:\s+of\s+meeting)?|Time|Venue|Location|Place|Held\s+at|"
    r"Meeting\s*#|Meeting\s+No\.?|Start(?:ed)?|Commenced|Closed|Finished)\s*:?\s*(?P<value>.*)$",
    re.I,
)
# Attendance labels: "Present:", "Present" alone, "Present Iain Jenner, ..." (Nether
# Lochaber), "Members Present:", "Staff Present:", "In Attendance", "Also".
ATTENDANCE_LABEL = re.compile(
    r"^(?P<label>(?:Members|Councillors|Staff|Officers?|Officials?|Also|Others?)\s+"
    r"(?:present|in\s+attendance)|Present(?:\s+in\s+the\s+chair)?|In\s+attendance|Staff|"
    r"Also(?:\s+present)?(?:\s+(?:via|by|online|remotely|virtually)\b[^:]{0,40})?|Attendance|"
    r"Absent|Apologies(?:\s+for\s+absence)?|Apologies\s+received|Councillors|Officials|"
    r"Cathaoirleach|Chair(?:man|person)?|Presiding|Administration|Substitutes?)"
    r"(?P<sep>\s*[:.–-]\s*|\s+(?=[A-Z])|\s*$)(?P<rest>.*)$",
    re.I,
)
_LABEL_STATUS: list[tuple[str, AttendanceStatus]] = [
    ("apolog", "apologies"),
    ("absent", "absent"),
    ("substitut", "substitute"),
    ("staff", "in_attendance"),
    ("officer", "in_attendance"),
    ("official", "in_attendance"),
    ("also", "in_attendance"),
    ("in attendance", "in_attendance"),
    ("administration", "in_attendance"),
    ("other", "in_attendance"),
]
# The meeting called to order (eScribe, US minutes): "THAT the Regular Council Meeting
# held on May 27, 2024 be called to order at 6:04 p.m.".
CALL_TO_ORDER = re.compile(r"\bcall(?:ed)?\s+(?:the\s+meeting\s+)?to\s+order\b", re.I)
# The body named only by the approval of its previous minutes (issue 15): "That the
# minutes of the meeting of the Planning Committee held on 3 May be approved".
PREVIOUS_MEETING_OF = re.compile(
    r"\bminutes\s+of\s+the\s+(?:last\s+|previous\s+)?(?:[\w-]+\s+)?meeting\s+of\s+(?:the\s+)?"
    r"(?P<body>(?:[A-Z][\w’'&-]*\s+){0,6}?(?:Council|Committee|Sub-Committee|Board|Cabinet|"
    r"Panel|Commission|Forum|Executive|Assembly))\s+held\b"
)


@dataclass
class Header:
    """What the header lines say about the meeting, and where the body starts."""

    committee: str | None = None
    council: str | None = None
    date: object = None
    time: str | None = None
    venue: str | None = None
    attendance: list[Attendee] = field(default_factory=list)
    inferred: list[str] = field(default_factory=list)
    end: int = 0  # index of the first body line
    title_found: bool = False


def body_name(text: str) -> str | None:
    """A body's name as the title line prints it, without "Ordinary", "Special" ..."""
    name = committee_name(text)
    name = re.sub(r"^(?:the\s+)", "", name, flags=re.I)
    name = _MEETING_ADJECTIVES.sub("", name).strip(" -–,")
    name = re.sub(r"\s+(?:Meeting|Session|Minutes)$", "", name, flags=re.I).strip()
    if not name or len(name) > 90 or re.search(r"\d{4}", name):
        return None
    return name[0].upper() + name[1:]


def read_title(text: str) -> tuple[str | None, object, str | None, str | None] | None:
    """A title line -> (committee, date, time, venue), or None when it is not one.

    A sentence about minutes is not a title: "Minutes of the meeting held on 28
    November 2022 were agreed." (Great Yarmouth), "Minutes of last meeting be
    accepted" (Nether Lochaber), "Minutes of Previous Meeting" (an item).
    """
    if PREVIOUS_MINUTES.match(text) or (text.endswith(".") and _VERB.search(text.lower())):
        return None
    for pattern in (MINUTES_OF_MEETING, MINUTES_OF):
        match = pattern.match(text)
        if match is None:
            continue
        body_text = match.group("body")
        rest = match.group("rest") or ""
        date_in_body = DATE_SPAN.search(body_text)
        if date_in_body and not rest:
            rest = body_text[date_in_body.start() :]
            body_text = body_text[: date_in_body.start()]
        body_text = re.sub(r"\s*(?:meeting|held)\s*$", "", body_text, flags=re.I)
        committee = body_name(body_text) if body_text.strip() else None
        if (
            pattern is MINUTES_OF
            and committee
            and re.match(r"(?:meeting|last|previous)\b", committee, re.I)
        ):
            committee = None
        # "Minutes of the Cabinet held on ...": a body word is needed without "meeting of".
        if (
            committee is not None
            and pattern is MINUTES_OF
            and not BODY_MEETING.match(committee)
            and not re.search(r"\b(?:Cabinet|Council|Committee|Board|Panel|Executive)\b", committee)
        ):
            committee = None
        date_match = DATE_SPAN.search(rest)
        date = parse_date(date_match.group(0)) if date_match else None
        if committee is None and date is None:
            continue
        after = rest[date_match.end() :] if date_match else rest
        time_match = TIME_SPAN.search(after) or TIME_SPAN.search(rest)
        time = parse_time(time_match.group(0)) if time_match else None
        return committee, date, time, _venue_of(rest)
    match = MEETING_OF.match(text)
    if match:
        rest = match.group("rest") or ""
        date = parse_date(rest) if rest else None
        return body_name(match.group("body")), date, None, None
    match = BODY_MEETING.match(text)
    if match and len(text) < 90:
        return body_name(match.group("body")), None, None, None
    return None


def _venue_of(rest: str) -> str | None:
    """ "held in the Council Chamber, Bedwellty House on Wednesday ..." -> the place."""
    match = re.search(
        r"\b(?:in|at)\s+(?P<venue>(?:the\s+)?[A-Z][^;]*?)"
        r"(?=,?\s+on\s|\s*$|,\s*at\s+\d|(?<!\bCo)(?<!\bSt)(?<!\bRd)\.\s)",
        rest,
    )
    if match is None:
        return None
    venue = match.group("venue").strip(" ,.")
    if TIME_SPAN.fullmatch(venue) or DATE_SPAN.search(venue) or len(venue) > 160:
        return None
    return venue or None


def _status_of(label: str) -> AttendanceStatus:
    lower = label.lower()
    for word, status in _LABEL_STATUS:
        if word in lower:
            return status
    return "present"


def names_line(text: str) -> bool:
    """A line of an attendance list: names and roles, mostly capitalised words."""
    if BULLET.match(text):
        return True
    if re.search(r"\b(?:was|were|is|are|has|had|be|been|met|opened|welcomed)\b", text):
        return False
    # What is in brackets is a role or a note: "Councillor Shawn Scott (left @ 2:00 p.m.)".
    bare = re.sub(r"\([^()]*\)?", " ", text)
    words = [w.strip("(),.;:•") for w in bare.split()]
    words = [w for w in words if w and w.lower() not in _SMALL]
    if not words:
        return bool(bare.strip() == "" and text.strip())
    capitals = sum(1 for w in words if w[0].isupper() or w[0] in "‘'\"(/")
    return capitals / len(words) >= (0.5 if text.endswith(",") else 0.6)


def read_header(lines: Sequence[Line], *, limit: int = 80) -> Header:
    """The meeting's details from its first lines; ``end`` is where the body starts.

    The header is the title, organisation, label and attendance lines at the
    top; it ends at the first line that is none of these (a heading, or the
    first paragraph of text). A line further down that repeats the title with
    the date (Napier: ``Ordinary Meeting of Council - 27 August 2020 - Open
    Minutes``) ends it too.
    """
    header = Header()
    block: tuple[str, list[str]] | None = None
    blocks: list[tuple[str, list[str]]] = []
    pending_field: str | None = None
    repeat: int | None = None
    i = 0
    n = min(len(lines), limit)

    def close_block() -> None:
        nonlocal block
        if block is not None:
            blocks.append(block)
        block = None

    first_title = _first_title(lines)
    if first_title:
        # Lines above the title (a scanned letterhead, the date, the organisation):
        # what can be read from them is kept, the rest is page furniture.
        for line in lines[:first_title]:
            dated = date_line(line.text)
            if dated and header.date is None:
                header.date, header.time = dated[0], header.time or dated[1]
            elif ORGANISATION.match(line.text) and header.council is None:
                header.council = committee_name(line.text)
        i = header.end = first_title
    while i < n:
        text = lines[i].text
        if pending_field is not None:
            label = pending_field
            pending_field = None
            if not FIELD_LABEL.match(text) and not ATTENDANCE_LABEL.match(text):
                _set_field(header, label, text, lines, i)
                if label.startswith(("venue", "location", "place")):
                    # "Venue" / "Large Exhibition Hall" / "War Memorial Centre" / "Napier".
                    while i + 1 < n and _venue_continues(lines, i + 1):
                        i += 1
                        header.venue = f"{header.venue}, {lines[i].text}"
                i += 1
                continue
        title = read_title(text) if len(text) < 400 else read_title(text[:400])
        if title is not None and (i < 12 or _same_meeting(title, header)):
            close_block()
            committee, date, time, venue = title
            if committee and (not header.committee or not header.title_found):
                header.committee = committee
            header.date = header.date or date
            header.time = header.time or time
            header.venue = header.venue or venue
            header.title_found = True
            i += 1
            header.end = i
            continue
        if ORGANISATION.match(text) and i < 10 and not header.title_found:
            close_block()
            header.council = header.council or committee_name(text)
            nxt = lines[i + 1].text if i + 1 < n else ""
            body_meeting = BODY_MEETING.match(nxt) if nxt else None
            if nxt and (body_meeting or _body_line(nxt)):
                header.committee = (
                    body_name(body_meeting.group("body")) if body_meeting else committee_name(nxt)
                )
                header.title_found = True
                i += 1
            i += 1
            header.end = i
            continue
        field_label = FIELD_LABEL.match(text)
        if field_label and (
            field_label.group("value") == "" or ":" in text[: field_label.end("label") + 2]
        ):
            close_block()
            label = field_label.group("label").lower()
            value = field_label.group("value").strip()
            if value and value not in "-–":
                _set_field(header, label, value, lines, i)
            elif not value:
                pending_field = label
            i += 1
            header.end = i
            continue
        attendance = ATTENDANCE_LABEL.match(text)
        if attendance and _attendance_label_ok(attendance, lines, i):
            close_block()
            block = (attendance.group("label"), [])
            if attendance.group("rest").strip():
                block[1].append(attendance.group("rest").strip())
            i += 1
            header.end = i
            continue
        in_block = block is not None and (names_line(text) or _continues_names(block[1], text))
        if in_block and block is not None and not _starts_body(lines, i):
            block[1].append(text)
            i += 1
            header.end = i
            continue
        if TIME_ONLY.match(text):
            header.time = header.time or _time_in(text)  # "8:30 a.m." (Oro-Medonte)
            i += 1
            header.end = i
            continue
        if date_line(text) and header.date is None:
            close_block()
            dated = date_line(text)
            assert dated is not None
            header.date, header.time = dated[0], header.time or dated[1]
            i += 1
            header.end = i
            continue
        if BODY_MET.search(text) and header.committee is None:
            # "The City Council met in session on this date at 9:30 a.m."
            met = BODY_MET.search(text)
            assert met is not None
            header.committee = body_name(met.group("body"))
            header.time = header.time or _time_in(text[met.end() :])
            if header.date is None:
                header.date = parse_date(text)
            header.end = i + 1 if len(text) < 300 else i
            i += 1
            continue
        if (i == 0 and not header.title_found and intro_chrome(text)) or HEADER_WORDS.match(text):
            i += 1
            header.end = i
            continue
        close_block()
        if repeat is None:
            repeat = _repeated_title(lines, i, header)
        if repeat is not None and i < repeat:
            # Napier repeats its title above the items: what comes before it is header.
            i += 1
            continue
        break
    close_block()
    if repeat is not None:
        header.end = max(header.end, repeat + 1)
    for label, names in blocks:
        status = _status_of(label)
        found = parse_attendance([names_text(names)], status=status) if names else []
        if label.lower().startswith(
            ("present in the chair", "cathaoirleach", "chair", "presiding")
        ):
            for attendee in found:
                attendee.role = attendee.role or "Chair"
        header.attendance.extend(found)
    return header


def opens_with_minutes_title(texts: Sequence[str]) -> bool:
    """Do the first lines title the text as minutes ("Minutes of the meeting of X held on
    DATE", "Council Meeting Minutes")? modern.gov renderings open with their page kind."""
    for text in texts[:4]:
        title = read_title(text) if len(text) < 400 else None
        if title is not None and (title[1] is not None or "minutes" in text.lower()):
            return True
    return False


def _first_title(lines: Sequence[Line]) -> int:
    """Where the title line is when junk comes first (0 when the page starts well).

    Oro-Medonte's scanned minutes open with the logo's OCR ("07 15 2020 Council
    Minutes1�", "Tnty� f"), the date and "The Township of Oro-Medonte" above
    "Council Meeting Minutes".
    """
    if not lines or read_title(lines[0].text) or _header_line(lines[0].text):
        return 0
    for k, line in enumerate(lines[:15]):
        if re.match(r"\d{1,3}[.)]\s", line.text) or ATTENDANCE_LABEL.match(line.text):
            return 0  # the items or the attendance come first: there was no junk
        title = read_title(line.text) if len(line.text) < 200 else None
        if title is not None and title[0] is not None and "\ufffd" not in line.text:
            return k
    return 0


def _header_line(text: str) -> bool:
    return bool(
        ORGANISATION.match(text)
        or FIELD_LABEL.match(text)
        or ATTENDANCE_LABEL.match(text)
        or date_line(text)
        or intro_chrome(text)
        or HEADER_WORDS.match(text)
    )


def names_text(lines: list[str]) -> str:
    """A block's lines as one list: wrapped lines joined (PDF text wraps a list mid-name,
    "Mark Betteridge, Margaret" / "Brierly, ..."), one name a line separated (bullets,
    short lines: "Mayor H.S. Hughes" / "Deputy Mayor Ralph Hough")."""
    out = ""
    previous = ""
    for raw in lines:
        text = raw.lstrip("•·▪ ").strip()
        one_each = BULLET.match(raw) or BULLET.match(previous) or len(previous) < 40
        if not out:
            out = text
        elif (
            not one_each
            or out.endswith((",", ";", "-", "–"))
            or out.split()[-1].lower() in _SMALL
            or text[:1].islower()
        ):
            out = f"{out} {text}"
        else:
            out = f"{out}, {text}"
        previous = raw
    return out


def _repeated_title(lines: Sequence[Line], start: int, header: Header) -> int | None:
    """The index of a line further down that repeats the title with the date, if any."""
    if not header.title_found:
        return None
    for k in range(start, min(len(lines), start + 25)):
        title = read_title(lines[k].text)
        if title is not None and title[1] is not None and _same_meeting(title, header):
            return k
    return None


def _venue_continues(lines: Sequence[Line], j: int) -> bool:
    text = lines[j].text
    return (
        len(text) < 60
        and lines[j].blanks <= 1
        and not FIELD_LABEL.match(text)
        and not ATTENDANCE_LABEL.match(text)
        and not sentence_end(text)
        and title_case_ratio(text) >= 0.5
    )


def _set_field(header: Header, label: str, value: str, lines: Sequence[Line], i: int) -> None:
    if "date" in label:
        header.date = header.date or parse_date(value)
        header.time = header.time or _time_in(value)
    elif label in ("time", "start", "started", "commenced"):
        header.time = header.time or _time_in(value)
    elif label.startswith(("venue", "location", "place", "held at")):
        header.venue = header.venue or value


def _time_in(text: str) -> str | None:
    match = TIME_SPAN.search(text)
    return parse_time(match.group(0)) if match else None


def _same_meeting(title: tuple[str | None, object, str | None, str | None], header: Header) -> bool:
    committee, date = title[0], title[1]
    if date is not None and header.date is not None:
        return date == header.date
    return committee is not None and committee == header.committee


def _body_line(text: str) -> bool:
    return (
        bool(
            re.search(
                r"\b(?:Committee|Sub-Committee|Board|Cabinet|Panel|Commission|Forum|Assembly)$",
                text,
            )
        )
        and len(text) < 90
    )


def _attendance_label_ok(match: re.Match[str], lines: Sequence[Line], i: int) -> bool:
    """ "Apologies" alone above its body is an item (Napier); "Apologies:" or with names
    after it is the attendance block. "Councillors" alone must head a list."""
    label = match.group("label").lower()
    sep = match.group("sep")
    rest = match.group("rest").strip()
    if sep.strip() in (":", "–", "-") or rest:
        if (
            rest
            and not names_line(rest)
            and not label.startswith(("present", "apolog", "attendance"))
        ):
            return False
        return not (
            label in ("councillors", "officials", "chairman", "chair", "chairperson")
            and not sep.strip()
        )
    # The label alone on its line.
    if label.startswith("apolog"):
        return False
    if label in (
        "councillors",
        "officials",
        "chair",
        "chairman",
        "chairperson",
        "cathaoirleach",
        "administration",
    ):
        nxt = lines[i + 1].text if i + 1 < len(lines) else ""
        return bool(nxt) and names_line(nxt) and label != "administration"
    return True


def _continues_names(names: list[str], text: str) -> bool:
    """A wrapped line of a name list: the list's last line ended with a comma or joiner."""
    return bool(names) and names[-1].rstrip().endswith((",", "and", "&", ";")) and len(text) < 200


def _starts_body(lines: Sequence[Line], i: int) -> bool:
    text = lines[i].text
    return bool(NUMBERED.match(text) and re.match(r"\d{1,3}[.)]?\s", text + " ")) or bool(
        ITEM_WORD.match(text)
    )


def date_line(text: str) -> tuple[object, str | None] | None:
    """A line that is a date (and a time): "Wednesday, July 15, 2020", "24 SEPTEMBER 2009",
    "4.00pm1 July 2021", "Date: 22 October 2009", "MINUTES OF THE MEETING HELD ON TUESDAY,
    2 OCTOBER 2018"; None for a line that says more."""
    match = DATE_SPAN.search(text)
    if match is None:
        return None
    rest = (text[: match.start()] + " " + text[match.end() :]).strip()
    time_match = TIME_SPAN.search(rest)
    if time_match:
        rest = (rest[: time_match.start()] + rest[time_match.end() :]).strip(" ,.-–()")
    rest = re.sub(
        r"^(?:Date|(?:Minutes of (?:the |a )?)?(?:\w+ )?meeting held on|Held on|on)\s*:?",
        "",
        rest,
        flags=re.I,
    ).strip(" ,.-–")
    if len(rest) > 12:
        return None
    date = parse_date(match.group(0))
    if date is None:
        return None
    return date, parse_time(time_match.group(0)) if time_match else None


def intro_chrome(text: str) -> bool:
    """A first line naming the collection the page sits in ("Minutes 2012")."""
    return bool(
        re.fullmatch(r"(?:Minutes|Meetings?|Agendas?)(?:\s+(?:and|&)\s+\w+)?\s+\d{4}", text, re.I)
    ) or bool(re.search(r"\bMeetings$", text) and len(text) < 80)


def implied_details(meeting: Meeting, lines: Sequence[Line]) -> None:
    """Committee, date and time the page implies when its header does not state them.

    * the date and time of the motion calling the meeting to order (eScribe:
      ``THAT the Regular Council Meeting held on May 27, 2024 be called to order at
      6:04 p.m.``);
    * the body from the approval of its previous minutes (``the minutes of the
      meeting of the Planning Committee held on ...``): the same body meets again.
      The date in such a sentence is the previous meeting's, never this one's.
    """
    for line in lines[:200]:
        text = line.text
        if meeting.date is None and CALL_TO_ORDER.search(text):
            date = parse_date(text)
            if date is not None:
                meeting.date = date
                meeting.inferred.append("date")
                if meeting.time is None:
                    after = text[CALL_TO_ORDER.search(text).end() :]  # type: ignore[union-attr]
                    time = _time_in(after)
                    if time:
                        meeting.time = time
                        meeting.inferred.append("time")
                if meeting.committee is None:
                    body = re.search(
                        r"\bthe\s+(?:[A-Z]\w+\s+)*?(?P<body>(?:[A-Z][\w’'-]*\s+){0,4}?"
                        r"(?:Council|Committee|Board|Commission))\s+Meeting\b",
                        text,
                    )
                    if body:
                        name = body_name(body.group("body"))
                        if name:
                            meeting.committee = name
                            meeting.inferred.append("committee")
        if meeting.committee is None:
            previous = PREVIOUS_MEETING_OF.search(text)
            if previous:
                name = body_name(previous.group("body"))
                if name:
                    meeting.committee = name
                    meeting.inferred.append("committee")
    order = ["committee", "date", "time"]
    meeting.inferred = sorted(set(meeting.inferred), key=order.index)


# ---------------------------------------------------------------------------
# Telling minutes from other text.

# Words only minutes use, and words that show what else a file is.
_MINUTES_WORDS = re.compile(
    r"\b(?:minutes|resolved|resolution|moved\s+by|seconded|proposed\s+by|carried|apologies|"
    r"present|in\s+attendance|agenda|meeting|declarations?\s+of\s+interest|agreed|motion|"
    r"councillors?|cllr|chair(?:man|person)?|mayor|clerk|committee|council)\b",
    re.I,
)
_README = re.compile(
    r"^(?:#\s*)?(?:README|Installation|Install|Usage|Getting started|Contributing|License)\b"
    r"|```|\bpip install\b|\bnpm install\b|\bgit clone\b",
    re.I | re.M,
)
_COUNCILLOR_LINE = re.compile(
    r"^(?:Councillor|Cllr\.?|Mayor|Alderman)\s+[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3}"
    r"(?:\s*[-–,(|]\s*.*)?$"
)


def refusal(text: str, lines: Sequence[Line]) -> str:
    """What a file that is not minutes looked like, for the one-line error."""
    if _README.search(text[:20000]):
        return "a README, not minutes"
    councillors = sum(1 for x in lines if _COUNCILLOR_LINE.match(x.text))
    if councillors >= 3 and councillors >= len(lines) * 0.4:
        return "a list of councillors, not minutes"
    if not _MINUTES_WORDS.search(text[:20000]):
        return "text with no meeting, agenda item or decision in it, not minutes"
    return "text that names no meeting and has no agenda items or decisions, not minutes"


# ---------------------------------------------------------------------------
# The format interface.


def sniff(source: Source) -> bool:
    """Any text: the floor under every format (``parse`` refuses what is not minutes)."""
    return source.plain_text(2000) is not None


def parse(source: Source) -> ParsedDocument:
    """Read text as minutes; ParseError saying what the text looked like when it is not."""
    return parse_text(source.text)


def parse_text(text: str) -> ParsedDocument:
    """``parse`` for text already in hand (a PDF's pages joined by form feeds)."""
    lines = read_lines(text)
    if not lines:
        raise ParseError("empty text: no minutes to read")
    meeting, warnings = read_minutes(lines)
    if not reads_as_minutes(meeting, text):
        raise ParseError(refusal(text, lines))
    return ParsedDocument(format=NAME, page_kind=PAGE_KIND, meetings=[meeting], warnings=warnings)


def read_minutes(lines: Sequence[Line]) -> tuple[Meeting, list[str]]:
    """One meeting from the lines of its minutes: header, then items."""
    header = read_header(lines)
    body = lines[header.end :]
    items, leftover = read_items(body)
    meeting = Meeting(
        committee=header.committee,
        date=header.date,  # type: ignore[arg-type]
        time=header.time,
        council=header.council,
        venue=header.venue,
        attendance=list(header.attendance),
        items=items,
    )
    meeting.preamble = "\n\n".join(leftover) or None
    implied_details(meeting, lines)
    fill_meeting_extras(meeting)
    return meeting, []


def reads_as_minutes(meeting: Meeting, text: str) -> bool:
    """Enough of a meeting to store: a stated meeting with items or attendance, or items
    that carry decisions."""
    headed = [i for i in meeting.items if i.title or i.number]
    decided = any(i.resolutions or i.actions for i in meeting.items)
    stated = meeting.date is not None or meeting.committee is not None
    if stated and (headed or meeting.attendance or decided):
        return True
    if decided and (headed or meeting.attendance):
        return True
    return (
        len(headed) >= 3
        and bool(_MINUTES_WORDS.search(text[:20000]))
        and (decided or any(APOLOGIES_TITLE.search(i.title or "") for i in headed))
    )
