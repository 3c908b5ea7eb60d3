"""OpenlyLocal document records: modern.gov meeting-page HTML wrapped in XML or JSON.

OpenlyLocal (openlylocal.com, 2009-2015) scraped council minutes pages and
republished each as ``/documents/N.xml`` (the page body entity-escaped inside
``<body>``) or ``/documents/N.json`` (``{"document": {"title": [...], "body":
"..."}}``). The body is modern.gov's ``div.mgLinks`` + ``div.mgContent`` with
the table tags stripped; the meeting page reader handles that.

Records in the wild are often cut short (the corpus copies stop after ~2 KB),
so the body is taken leniently: up to the closing tag or quote if there is
one, else to the end, and the result is marked with a warning. No XML parser
is involved for the XML form (a regex finds ``<body>``; entities are decoded
with ``html.unescape``), so no DTD or entity is ever processed.
"""

from __future__ import annotations

import html
import json
import re

from parsers.html_text import MAX_HTML_DEPTH, soup_of
from parsers.minutes_body import split_heading
from parsers.model import ParsedDocument
from parsers.moderngov_html import parse_soup
from parsers.source import ParseError, Source

NAME = "openlylocal"

_XML_RECORD = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?<document\b", re.I)
_XML_BODY = re.compile(r"<body\b[^>]*>(?P<body>.*?)(?:</body>|\Z)", re.S | re.I)
_XML_TITLE = re.compile(r"<title\b[^>]*>(?P<title>.*?)</title>", re.S | re.I)
_JSON_RECORD = re.compile(r'^\s*\{\s*"document"\s*:', re.S)
_JSON_BODY = re.compile(r'"body"\s*:\s*"')
_JSON_TITLE = re.compile(r'"title"\s*:\s*(?:\[\s*)?"(?P<title>(?:[^"\\]|\\.)*)"')
_MG_MARKERS = ("mgAiTitleTxt", "mgContent", "mgWordPara", "mgLinks", "mgActionList")
# "Minutes for Audit Committee meeting, Nov 13 2008,  5.45PM"
_RECORD_TITLE = re.compile(
    r"^(?:Minutes|Agenda|Decisions?)\s+for\s+(?P<heading>.+?)\s+meeting,\s*(?P<when>.+)$"
)


def sniff(source: Source) -> bool:
    """An OpenlyLocal document record whose body is a modern.gov page."""
    head = source.text[:4096]
    if not (_XML_RECORD.match(head) or _JSON_RECORD.match(head)):
        return False
    return any(marker in source.text[:200_000] for marker in _MG_MARKERS)


def parse(source: Source) -> ParsedDocument:
    """The wrapped page, read as a modern.gov meeting page."""
    text = source.text
    if _JSON_RECORD.match(text):
        body, complete = _json_body(text)
        title_match = _JSON_TITLE.search(text)
        title = _json_string(title_match.group("title")) if title_match else None
    else:
        found = _XML_BODY.search(text)
        if found is None:
            raise ParseError("OpenlyLocal record without a <body>")
        body = html.unescape(found.group("body"))
        complete = "</body>" in text[found.start() :].lower()
        title_match = _XML_TITLE.search(text)
        title = html.unescape(title_match.group("title")).strip() if title_match else None
    if not body.strip():
        raise ParseError("OpenlyLocal record with an empty body")
    parsed = parse_soup(soup_of(body, max_depth=MAX_HTML_DEPTH), name=source.name)
    parsed.format = NAME
    if title:
        _header_from_title(parsed, title)
    if not complete:
        parsed.warnings.append(
            f"{source.name}: OpenlyLocal record is cut short; read what is there"
        )
    return parsed


def _json_body(text: str) -> tuple[str, bool]:
    """The ``body`` string of a JSON record, complete or cut off mid-string."""
    try:
        record = json.loads(text)
        body = record.get("document", {}).get("body") if isinstance(record, dict) else None
        if isinstance(body, str):
            return body, True
    except (ValueError, AttributeError):
        pass
    found = _JSON_BODY.search(text)
    if found is None:
        raise ParseError("OpenlyLocal JSON record without a body")
    raw = text[found.end() :]
    end = re.search(r'(?<!\\)(?:\\\\)*"', raw)
    complete = end is not None
    raw = raw[: end.end() - 1] if end else re.sub(r"\\u?[0-9a-fA-F]{0,3}$|\\$", "", raw)
    return _json_string(raw), complete


def _json_string(raw: str) -> str:
    try:
        return json.loads(f'"{raw}"')
    except ValueError:
        return raw.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t")


def _header_from_title(parsed: ParsedDocument, title: str) -> None:
    """Fill committee/date from the record title when the page fragment lacks them."""
    found = _RECORD_TITLE.match(title)
    if found is None:
        return
    committee, date, time = split_heading(f"{found.group('heading')} - {found.group('when')}")
    for meeting in parsed.meetings:
        meeting.committee = meeting.committee or committee
        meeting.date = meeting.date or date
        meeting.time = meeting.time or time
