"""What every structured format does with an item's body once it has paragraphs.

The HTML page, the web-service XML and the OpenlyLocal records all hand over an
item's minutes/decision as paragraphs (via ``parsers.html_text``); this module
turns them into the model's fields through the shared grammar, so that the
same meeting read from any format yields the same resolutions and actions.
It also reads meeting headings ("Cabinet - Tuesday, 2nd October, 2018 2.00
pm") into committee, date and time, and modern.gov file-size labels.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from parsers.grammar.attendance import parse_attendance
from parsers.grammar.dates import parse_date, parse_time
from parsers.grammar.detector import detect_item
from parsers.grammar.documents import parse_size
from parsers.grammar.paragraphs import strip_truncation
from parsers.model import AgendaItem, Document, Meeting
from parsers.text import normalise_line

# English, and Welsh ("Dydd Mercher, 5ed Ebrill, 2017" on LLL=1 pages).
_WEEKDAY = (
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
    r"|Dydd\s+(?:Llun|Mawrth|Mercher|Iau|Gwener|Sadwrn|Sul))"
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
    r"|Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr)"
)
# Where a date sits inside a heading, so the committee can be split from it.
# Parsing the date itself is the grammar's job (``dates.parse_date``).
DATE_SPAN = re.compile(
    rf"(?:{_WEEKDAY},?\s*)?(?<!\d)\d{{1,2}}\s*(?:st|nd|rd|th|TM|™|\(TM\)|af|ail|il|ain|ydd|fed|ed|eg)?\s+(?:of\s+)?{_MONTH}\b\.?,?\s+\d{{4}}"
    rf"|(?:{_WEEKDAY},?\s*)?\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\b\d{1,2}/\d{1,2}/\d{4}\b",
    re.IGNORECASE,
)
TIME_SPAN = re.compile(
    r"(?<![\d.:])\d{1,2}(?:[.:]\d{2})?\s*(?:[ap]\.\s?m\b\.?|[ap]m(?![a-z])"
    r"|y\.?\s?[bhp](?![a-zà-ÿ])\.?)"  # Welsh "2.00 yh", "10.00 yb"
    r"|\b\d{1,2}:\d{2}\b",
    re.IGNORECASE,
)
# "Moved from 9th October 2018, Cabinet - ..." (Coventry): a rescheduling note
# before the committee name.
# The old date may carry its own commas: "Moved from Tuesday, 9th October, 2018, Cabinet".
_RESCHEDULED = re.compile(
    rf"^(?:Moved|Rescheduled|Postponed|Changed)\s+from\s+(?:(?:{DATE_SPAN.pattern})|[^,]*),\s*",
    re.I,
)
_SIZE = re.compile(r"(?P<format>[A-Za-z0-9]{2,5})\s+(?P<size>\d[\d.,]*\s*[KMG]B)\b", re.I)
# The apologies item by its title, wherever the word sits: "Apologies",
# "Apologies for absence", "To receive apologies for absence." (Haringey),
# "Apologies and Substitutes" (Kent), "Welcome and apologies", "To note
# apologies", Welsh "Ymddiheuriadau (am absenoldeb)" (Flintshire LLL=1).
APOLOGIES_TITLE = re.compile(r"\bapolog(?:y|ies|ise)\b|\bymddiheuriad(?:au)?\b", re.I)
_DECLARATIONS_TITLE = re.compile(r"declarations?\s+of\s+(?:\w+\s+)?interests?|datgan", re.I)


def split_heading(text: str) -> tuple[str | None, dt.date | None, str | None]:
    """A meeting heading -> (committee, date, time).

    Handles "Children's Partnership Board Wednesday, 27th September, 2017 4.00
    pm", "Cabinet - Tuesday, 2nd October, 2018 2.00 pm", "27/09/2017 -
    Children's Partnership Board" and the attendance-link form "Audit
    CommitteeThursday, 13th November, 2008 5.45 pm" (Canterbury via
    OpenlyLocal: no space between committee and weekday).
    """
    text = _RESCHEDULED.sub("", normalise_line(text))
    match = DATE_SPAN.search(text)
    if match is None:
        return (committee_name(text) or None), None, None
    date = parse_date(match.group(0))
    before, after = text[: match.start()], text[match.end() :]
    time_match = TIME_SPAN.search(after)
    time = parse_time(time_match.group(0)) if time_match else None
    committee = committee_name(before)
    if not committee:
        rest = after[time_match.end() :] if time_match else after
        committee = committee_name(rest)
    return committee or None, date, time


def committee_name(text: str) -> str:
    """Committee name as printed, without joiners and rescheduling notes.

    All-capitals names from printed minutes ("AUDIT COMMITTEE") are put in
    title case so that the same meeting read from a PDF and from the web page
    gets the same committee string, which the store uses in its keys.
    """
    name = normalise_line(text)
    name = _RESCHEDULED.sub("", name)
    name = re.sub(r"^(?:on\s+)?", "", name)
    name = name.strip(" -–—,:|(")
    name = re.sub(r"\s*\(Item\s+[^)]*\)$", "", name, flags=re.I)
    if name.isupper() and len(name) > 3:
        name = title_case(name)
    return name


_SMALL_WORDS = frozenset({"and", "of", "the", "for", "on", "in", "to", "at", "with", "a", "an"})


def title_case(text: str) -> str:
    """ "POLICY & RESOURCES COMMITTEE" -> "Policy & Resources Committee"."""
    words = text.lower().split(" ")
    out = []
    for i, word in enumerate(words):
        if i and word in _SMALL_WORDS:
            out.append(word)
        else:
            out.append(
                re.sub(r"^([^a-z]*)([a-z])", lambda m: m.group(1) + m.group(2).upper(), word)
            )
    return " ".join(out)


def document_from_size(title: str, size_label: str, url: str | None = None) -> Document:
    """A Document from a link's text and its modern.gov size label ("PDF 318 KB")."""
    match = _SIZE.search(size_label)
    fmt = match.group("format").lower() if match else None
    size = parse_size(match.group("size")) if match else None
    return Document(
        title=normalise_line(title) or (fmt or "document"), format=fmt, size_kb=size, url=url
    )


def fill_item(
    item: AgendaItem,
    minutes: Sequence[str],
    decision: Sequence[str] = (),
    description: Sequence[str] = (),
) -> AgendaItem:
    """Set an item's text fields, resolutions and actions from its paragraphs.

    The site's truncation marker is removed and recorded. Resolutions and actions come
    from all of the item's text, title and description included, read by the shared
    detector (``parsers.grammar.detector``), which records where each was found.
    """
    if description:
        item.description = "\n\n".join(description)
    minutes_paras, minutes_cut = _cut(minutes)
    decision_paras, decision_cut = _cut(decision)
    item.minutes = "\n\n".join(minutes_paras) or None
    item.decision = "\n\n".join(decision_paras) or None
    item.truncated = minutes_cut or decision_cut
    cut = minutes_cut if minutes_paras else decision_cut
    detection = detect_item(item, truncated=cut)
    item.resolutions = detection.resolutions
    item.actions = detection.actions
    return item


def _cut(paragraphs: Sequence[str]) -> tuple[list[str], bool]:
    paras = [p for p in paragraphs if p]
    if not paras:
        return [], False
    text, marker = strip_truncation("\n\n".join(paras))
    return [p for p in (normalise_line(x) for x in text.split("\n\n")) if p], marker is not None


def fill_meeting_extras(meeting: Meeting) -> Meeting:
    """Attendance from an apologies item, declarations from the declarations item."""
    for item in meeting.items:
        title = item.title or ""
        body = item.minutes or item.decision
        if not body:
            continue
        if APOLOGIES_TITLE.search(title) and not meeting.apologies:
            meeting.attendance.extend(parse_attendance(body.split("\n\n"), status="apologies"))
        elif _DECLARATIONS_TITLE.search(title) and meeting.declarations is None:
            meeting.declarations = body
    return meeting
