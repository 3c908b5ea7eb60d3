"""modern.gov web-service XML (``mgWebService.asmx``) saved to files.

``GetMeeting`` answers carry one meeting with its agenda items, their minutes
and decisions as entity-escaped Word HTML, linked documents and attendees (data
in attributes). ``GetMeetings`` lists a committee's meetings: read as meetings
without items. ``GetCommittees`` lists committees: no meeting in it, so it is
refused with "committee list, no minutes" rather than yielding an empty
document that would look like a failed parse. Councillor lookups
(``GetCouncillorsByWard``) are recognised and refused by name.

Element names come from public scrapers, not a schema, so the reading is
defensive: names are matched case-insensitively without namespaces, values are
trimmed (responses pad them), several spellings are accepted.

Parsing is safe: defusedxml with DTDs forbidden, so entity-expansion
("billion laughs") and external-entity documents are refused before any
expansion, and nothing is ever fetched.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from parsers import urls
from parsers.grammar.dates import parse_date, parse_time
from parsers.html_text import paragraphs_from_html
from parsers.minutes_body import document_from_size, fill_item, fill_meeting_extras
from parsers.model import AgendaItem, Attendee, Document, Meeting, ParsedDocument
from parsers.source import ParseError, Source
from parsers.text import normalise_line

NAME = "moderngov-xml"

_XML_START = re.compile(rb"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<([A-Za-z_][\w.:-]*)", re.S)
_MEETING_ROOTS = frozenset({"getmeeting", "meeting", "meetingdetails"})
_LIST_ROOTS = frozenset({"getmeetings", "meetings"})
_COMMITTEE_ROOTS = frozenset({"getcommittees", "committees"})
# Web-service answers that are not about meetings, by root element.
_OTHER_RESPONSES = {
    "councillorsbyward": "GetCouncillorsByWard (councillors by ward)",
    "getcouncillorsbyward": "GetCouncillorsByWard (councillors by ward)",
    "councillors": "GetCouncillors (councillor list)",
    "councillorsbyparty": "GetCouncillorsByParty (councillors by party)",
    "wards": "GetWards (ward list)",
    "councillor": "GetCouncillor (one councillor)",
    "attendance": "GetAttendance (attendance records)",
}
_HTML_ROOTS = frozenset({"html", "head", "body", "script", "meta", "title"})
_WEB_SERVICE_ROOTS = (
    _MEETING_ROOTS | _LIST_ROOTS | _COMMITTEE_ROOTS | set(_OTHER_RESPONSES) | {"string"}
)
# The Denbighshire answer: an HTTP->HTTPS redirect page saved as the response.
_REDIRECT_STUB = re.compile(rb"HttpRedirect|window\.location|http-equiv=.?refresh", re.I)

_ATTENDANCE = (
    (re.compile(r"substitute", re.I), "substitute"),
    (re.compile(r"apolog", re.I), "apologies"),
    (re.compile(r"absent|did not attend", re.I), "absent"),
    (re.compile(r"in attendance|also present|officer|observer", re.I), "in_attendance"),
    (re.compile(r"present|attended|expected|virtual|remote", re.I), "present"),
)


def sniff(source: Source) -> bool:
    """XML whose root is a modern.gov web-service answer, or a redirect stub saved as one."""
    head = source.data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = source.text[:2048].encode("utf-8", "replace")
    head = head.removeprefix(b"\xef\xbb\xbf")
    if re.match(rb"\s*(?:<\?xml[^>]*\?>\s*)?<!DOCTYPE\s+(?!html\b)", head, re.I):
        # An XML document type declaration (possibly with entities): claim it
        # so that parse() refuses it with the reason.
        return True
    match = _XML_START.match(head)
    if match is None:
        return False
    root = match.group(1).decode("ascii", "replace").split(":")[-1].lower()
    if root in _WEB_SERVICE_ROOTS:
        return True
    # The Denbighshire answer: a redirect page (<script>window.location ...) saved as XML.
    return root == "script" and _REDIRECT_STUB.search(head) is not None


def parse(source: Source) -> ParsedDocument:
    """Read a web-service answer; ParseError for anything else, with the reason."""
    root = _load(source.data)
    kind = _local(root.tag)
    if kind == "string" and (root.text or "").lstrip().startswith("<"):
        # ASP.NET wraps some answers in <string>, the real XML escaped inside.
        root = _load((root.text or "").encode("utf-8"))
        kind = _local(root.tag)
    if kind in _HTML_ROOTS:
        raise ParseError("an HTML page (redirect or error) was saved in place of web-service XML")
    if kind in _OTHER_RESPONSES:
        raise ParseError(f"modern.gov web-service {_OTHER_RESPONSES[kind]}: not minutes")
    if kind in _COMMITTEE_ROOTS:
        raise ParseError("modern.gov web-service GetCommittees: committee list, no minutes")
    if kind in _LIST_ROOTS:
        meetings = [_meeting(node, with_items=False) for node in _children(root, "meeting")]
        warnings = [] if meetings else [f"{source.name}: meeting list with no meetings"]
        return ParsedDocument(
            format=NAME, page_kind="meeting-list", meetings=meetings, warnings=warnings
        )
    node = root if kind == "meeting" else _first(root, "meeting")
    if node is None:
        if kind in _MEETING_ROOTS:
            raise ParseError("modern.gov web-service GetMeeting answer with no meeting in it")
        raise ParseError(f"XML, but not a modern.gov web-service answer (root <{kind}>)")
    return ParsedDocument(format=NAME, page_kind="meeting", meetings=[_meeting(node)])


def _load(data: bytes) -> ET.Element:
    """Parse with defusedxml: no DTD, no entity declarations, no external references."""
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        if b"<!ENTITY" in data[:65536]:
            raise ParseError(
                "XML declares entities (entity expansion or external entity); refused"
            ) from exc
        raise ParseError(f"XML with a document type declaration; refused ({exc})") from exc
    except ET.ParseError as exc:
        if _REDIRECT_STUB.search(data[:4096]) or re.search(rb"<html|<script", data[:4096], re.I):
            raise ParseError(
                "an HTML page (redirect or error) was saved in place of web-service XML"
            ) from exc
        raise ParseError(f"malformed XML: {exc}") from exc
    except (ValueError, LookupError) as exc:  # bad encoding declarations
        raise ParseError(f"unreadable XML: {exc}") from exc


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _children(node: ET.Element, name: str) -> Iterable[ET.Element]:
    return (n for n in node.iter() if _local(n.tag) == name)


def _first(node: ET.Element, *names: str) -> ET.Element | None:
    for name in names:
        for found in _children(node, name):
            return found
    return None


def _value(node: ET.Element, *names: str, deep: bool = False) -> str | None:
    """The trimmed text of the first direct child named one of ``names``.

    ``deep`` also looks further down (a committee title nested in
    ``<committee>``), never used for fields that linked documents also carry
    (``url``, ``title``).
    """
    for name in names:
        for child in node:
            if _local(child.tag) == name:
                text = normalise_line("".join(child.itertext()))
                if text:
                    return text
    if deep:
        for name in names:
            found = _first(node, name)
            if found is not None:
                text = normalise_line("".join(found.itertext()))
                if text:
                    return text
    return None


def _raw(node: ET.Element, *names: str) -> str | None:
    """Untrimmed text of a direct child (HTML bodies keep their markup)."""
    for child in node:
        if _local(child.tag) in names and (child.text or "").strip():
            return child.text
    return None


def _meeting(node: ET.Element, *, with_items: bool = True) -> Meeting:
    date_text = _value(node, "meetingdate", "date")
    committee = _value(node, "committeetitle", "committeename", deep=True)
    meeting = Meeting(
        committee=committee,
        date=parse_date(date_text) if date_text else None,
        time=_time(_value(node, "meetingtime", "time")),
        venue=_value(node, "meetinglocation", "location", "venue"),
        external_id=_value(node, "meetingid", "id"),
        url=_value(node, "meetingurl", "url"),
    )
    if not with_items:
        return meeting
    items_node = _first(node, "agendaitems")
    if items_node is not None:
        meeting.items = [_item(n) for n in items_node if _local(n.tag) == "agendaitem"]
    docs_node = next((c for c in node if _local(c.tag) == "linkeddocuments"), None)
    if docs_node is not None:
        meeting.documents = _documents(docs_node)
    attendees = _first(node, "attendees")
    if attendees is not None:
        meeting.attendance = [a for a in map(_attendee, attendees) if a is not None]
    fill_meeting_extras(meeting)
    return meeting


def _time(text: str | None) -> str | None:
    if not text:
        return None
    # The service answers "16:00" or "16:00:00"; pages print "4.00 pm".
    clock = re.fullmatch(r"(\d{1,2}):(\d{2})(?::\d{2})?", text)
    if clock and int(clock.group(1)) < 24 and int(clock.group(2)) < 60:
        return f"{int(clock.group(1)):02d}:{clock.group(2)}"
    return parse_time(text)


def _item(node: ET.Element) -> AgendaItem:
    number = _value(node, "minutesitemnumber") or _value(node, "agendaitemnumber", "itemnumber")
    item = AgendaItem(
        number=number.rstrip(".") if number else None,
        title=_value(node, "agendaitemtitle", "title"),
        external_id=_value(node, "agendaitemid"),
        url=_value(node, "agendaitemurl"),
    )
    docs = next((c for c in node if _local(c.tag) == "linkeddocuments"), None)
    if docs is not None:
        item.documents = _documents(docs)
    minutes = _html_paragraphs(_raw(node, "minutesnonemptyhtmlbody", "minuteshtmlbody", "minutes"))
    decision = _html_paragraphs(
        _raw(node, "decisionnonemptyhtmlbody", "decisionhtmlbody", "decision")
    )
    description = _html_paragraphs(_raw(node, "agendaitemdescription", "description"))
    return fill_item(item, minutes, decision, description)


def _html_paragraphs(html: str | None) -> list[str]:
    return paragraphs_from_html(html) if html and html.strip() else []


def _documents(node: ET.Element) -> list[Document]:
    documents = []
    for doc in node:
        if _local(doc.tag) not in ("linkeddoc", "document", "linkeddocument"):
            continue
        title = _value(doc, "title", "documenttitle") or "Document"
        url = _value(doc, "url", "documenturl")
        size = _value(doc, "filesize", "size") or ""
        document = document_from_size(title, size, url)
        document.format = document.format or urls.extension(url)
        documents.append(document)
    return documents


def _attendee(node: ET.Element) -> Attendee | None:
    if _local(node.tag) != "attendee":
        return None
    attrs = {k.lower(): normalise_line(v) for k, v in node.attrib.items()}
    name = attrs.get("name") or _value(node, "name")
    if not name:
        return None
    attendance = attrs.get("attendance") or _value(node, "attendance") or ""
    status = next((s for p, s in _ATTENDANCE if p.search(attendance)), "present")
    role = attrs.get("roledescription") or _value(node, "roledescription")
    return Attendee(name=name, status=status, role=role or None)  # type: ignore[arg-type]
