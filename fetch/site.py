"""A modern.gov site's addresses, and reading its listings: which committees, which meetings,
which pages a meeting page points to.

This reads *navigation* (ids, links, the truncation anchor), never the minutes
themselves: turning pages into meetings is the parsers' job, at ingest.

modern.gov sites share one layout under a base address, sometimes with a path
(``https://www.torbay.gov.uk/DemocraticServices/``). The web service lives at
``mgWebService.asmx/<Method>`` and answers lower-case XML with no namespace
(``committees/committee/committeeid``); some councils switch it off, and some
answer with an HTML page (an error or a redirect stub) served as XML.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree

from parsers.grammar.dates import parse_date

WEB_SERVICE = "mgWebService.asmx/"
# Pages a user might paste instead of the base address.
_PAGE_NAME = re.compile(r"/(?:mg|ie|ce)[A-Za-z0-9]+\.aspx$|/mgWebService\.asmx(?:/.*)?$", re.I)
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# modern.gov cuts long bodies on the meeting page and links the rest: "... view the full
# minutes text for item 20." (Nottingham), and for a long agenda description "... view the full
# agenda text for item 3." (City of London, Court of Common Council, May 2018). No Welsh form
# has been seen: Flintshire's Welsh pages print their bodies whole.
_TRUNCATION = re.compile(r"view the full (?:minutes|agenda|decision) text for item", re.I)
# The printed minutes in a meeting's documents: "Printed minutes 27th-Sep-2017 ..." (Nottingham),
# and on other sites "Public minutes 16th-Jan-2018 ...", or just "Minutes" / "Minutes 12/03/2019".
# Only the meeting's own list is read: an item's "Minutes" document is the previous meeting's.
_PRINTED_MINUTES = re.compile(
    r"\bprinted (?:minutes|decisions)\b"
    r"|^\s*(?:public |draft )?minutes(?=\s*$|\s+\d|\s+pdf\b|\s*\()",
    re.I,
)
# The meeting page's heading: "Agenda and minutes", "Agenda and draft minutes", "Agenda,
# decisions and minutes"; Flintshire's Welsh pages "Rhaglen a chofnodion".
_MAIN_TITLE = re.compile(rb"class=\"?mgMainTitleTxt\"?[^>]*>([^<]{0,200})<", re.I)
_MINUTES_WORD = re.compile(r"\bminutes\b|\bc?h?ofnodion\b", re.I)
_DRAFT_WORD = re.compile(r"\bdraft\b|\bdrafft\b", re.I)
# A hostile page with 200,000 links took 1.09 GB to read. Listings and meeting pages have at
# most a few hundred; past this many the rest of a page is not read.
MAX_LINKS_PER_PAGE = 5_000
_MEETING_PAGES = frozenset({"ielistdocuments.aspx", "celistdocuments.aspx"})
_MODERNGOV_MARKERS = (
    b"mgContent",
    b"mgWebService",
    b"mgListCommittees",
    b"ieListDocuments",
    b"mgCommitteeDetails",
    b"mgCalendarMonthView",
    b"ieListMeetings",
    b"modern.gov",
    b"ModernGov",
)


class NotWebServiceXML(Exception):
    """The web service answered with something other than its XML. ``str()`` is one line."""


@dataclass(frozen=True)
class Committee:
    id: str
    title: str


@dataclass(frozen=True)
class MeetingRef:
    """A meeting the site lists: its modern.gov ids and, when the listing says, its date.
    ``page`` is the meeting page's address as the listing linked it (a legacy
    ``CeListDocuments.aspx`` link is followed as it is)."""

    id: str
    committee_id: str | None
    date: dt.date | None = None
    committee: str | None = None
    page: str | None = None


@dataclass(frozen=True)
class MeetingAnswer:
    """What a ``GetMeeting`` answer holds, as far as fetching goes."""

    items: int  # agenda items
    with_minutes: int  # items with a minutes or decision body
    published: bool  # the service says the minutes are published
    printed_minutes: list[str] = field(default_factory=list)  # meeting-level documents
    truncated: list[str] = field(default_factory=list)  # item pages a body says to follow

    @property
    def complete(self) -> bool:
        """Whether the answer carries the minutes, so the meeting page adds nothing.

        Sites that leave the bodies out of the service (or a meeting whose minutes are
        not out yet) answer with titles only; their pages are read instead."""
        return self.with_minutes > 0


# --- addresses ------------------------------------------------------------------------------


def site_base(raw: str) -> str:
    """The base address of a site, ending in ``/``: ``democracy.example.gov.uk`` ->
    ``https://democracy.example.gov.uk/``; a pasted page address is cut back to its folder.

    Raises ValueError with a one-line reason for something that is not a web address.
    """
    text = raw.strip()
    if not text:
        raise ValueError("no site address given")
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"{raw}: not an http(s) address")
    if not parts.hostname:
        raise ValueError(f"{raw}: no host name in the address")
    path = _PAGE_NAME.sub("", parts.path)
    if not path.endswith("/"):
        path += "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _page(base: str, name: str, params: list[tuple[str, str]] | None = None) -> str:
    url = urljoin(base, name)
    return f"{url}?{urlencode(params)}" if params else url


def ws_date(day: dt.date) -> str:
    """modern.gov's web service takes dd/mm/yyyy."""
    return day.strftime("%d/%m/%Y")


def committees_url(base: str) -> str:
    return _page(base, WEB_SERVICE + "GetCommittees")


def meetings_url(base: str, committee_id: str, since: dt.date, until: dt.date) -> str:
    return _page(
        base,
        WEB_SERVICE + "GetMeetings",
        [
            ("lCommitteeId", committee_id),
            ("sFromDate", ws_date(since)),
            ("sToDate", ws_date(until)),
        ],
    )


def meeting_xml_url(base: str, meeting_id: str) -> str:
    return _page(base, WEB_SERVICE + "GetMeeting", [("lMeetingId", meeting_id)])


def meeting_page_url(base: str, committee_id: str | None, meeting_id: str) -> str:
    params = [("CId", committee_id)] if committee_id else []
    return _page(base, "ieListDocuments.aspx", [*params, ("MId", meeting_id)])


def committee_list_url(base: str) -> str:
    return _page(base, "mgListCommittees.aspx")


def all_meetings_url(base: str, since: dt.date, until: dt.date) -> str:
    """``GetMeetings`` for every committee at once (committee id 0).

    Not every version of the service answers this; an answer whose meetings do not
    carry their committee ids is not used (the crawler asks per committee instead)."""
    return meetings_url(base, "0", since, until)


def committee_meetings_url(base: str, committee_id: str, year: int) -> str:
    """A committee's meetings of one municipal year (``Year=2017``: May 2017 to May 2018);
    without ``Year`` the page shows the current year only."""
    return _page(base, "ieListMeetings.aspx", [("CId", committee_id), ("Year", str(year))])


def municipal_years(since: dt.date, until: dt.date) -> list[int]:
    """The municipal years (which start in May) that overlap ``since``..``until``, newest
    first. A year starting before ``since`` is included when ``since`` is before June, so
    that the spring meetings of the earlier year are not missed; dates filter the rest."""
    first = since.year - 1 if since.month < 6 else since.year
    return list(range(until.year, first - 1, -1))


def calendar_url(base: str, year: int, month: int) -> str:
    """The HTML calendar for one month (``M`` is the month, ``DD`` the year)."""
    return _page(
        base,
        "mgCalendarMonthView.aspx",
        [("M", str(month)), ("DD", str(year)), ("CID", "0"), ("OT", ""), ("C", "-1"), ("MR", "0")],
    )


def months(since: dt.date, until: dt.date) -> list[tuple[int, int]]:
    """Every (year, month) from ``since`` to ``until`` inclusive, newest first."""
    out: list[tuple[int, int]] = []
    year, month = until.year, until.month
    while (year, month) >= (since.year, since.month):
        out.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out


# --- the web service ------------------------------------------------------------------------


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def read_web_service_xml(data: bytes) -> etree._Element:
    """The root element of a web-service answer, or NotWebServiceXML saying what came instead.

    Never resolves entities or touches the network (the parser is locked down).
    """
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if not head:
        raise NotWebServiceXML("answered with an empty body, not XML")
    if head.startswith((b"<!doctype html", b"<html")) or b"<script" in head:
        raise NotWebServiceXML("answered with an HTML page, not XML")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        # lxml's message ends with its own ", line 1, column 49": one position is enough.
        detail = str(exc.msg).split(", line ")[0]
        raise NotWebServiceXML(f"answered with something that is not XML ({detail})") from None
    if _local(root.tag) == "html":
        raise NotWebServiceXML("answered with an HTML page, not XML")
    return root


def _text(element: etree._Element, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == name:
            value = " ".join((child.text or "").split())
            return value or None
    return None


def parse_ws_date(text: str | None) -> dt.date | None:
    """``27/09/2017`` (possibly followed by a time) or ``2017-09-27`` -> a date."""
    if not text:
        return None
    for pattern, order in ((_DMY, (3, 2, 1)), (_ISO, (1, 2, 3))):
        found = pattern.search(text)
        if found:
            y, m, d = (int(found.group(i)) for i in order)
            try:
                return dt.date(y, m, d)
            except ValueError:
                return None
    return None


def committees_from_xml(data: bytes) -> list[Committee]:
    """GetCommittees -> committees, leaving out those flagged deleted."""
    root = read_web_service_xml(data)
    out: list[Committee] = []
    seen: set[str] = set()
    for element in root.iter():
        if _local(element.tag) != "committee":
            continue
        cid = _text(element, "committeeid")
        title = _text(element, "committeetitle") or _text(element, "title")
        if not cid or not cid.isdigit() or cid in seen:
            continue
        if (_text(element, "committeedeleted") or "").lower() == "true":
            continue
        seen.add(cid)
        out.append(Committee(cid, title or f"Committee {cid}"))
    return out


def meetings_from_xml(data: bytes, committee: Committee | None) -> list[MeetingRef]:
    """GetMeetings -> the meetings with their dates.

    For the all-committees answer (``committee`` None) each meeting names its committee by
    id when it carries one, else only by title (Nottingham's answers put the id in a
    wrapping ``<committee>`` and the title in each meeting): the caller resolves titles."""
    root = read_web_service_xml(data)
    out: list[MeetingRef] = []
    for element in root.iter():
        if _local(element.tag) != "meeting":
            continue
        mid = _text(element, "meetingid")
        if not mid or not mid.isdigit():
            continue
        cid = _text(element, "committeeid") or (committee.id if committee else None)
        title = committee.title if committee else _text(element, "committeetitle")
        when = parse_ws_date(_text(element, "meetingdate"))
        out.append(MeetingRef(mid, cid if cid and cid.isdigit() else None, when, title))
    return out


def _children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    return (child for child in element if _local(child.tag) == name)


def _meeting_element(root: etree._Element) -> etree._Element | None:
    if _local(root.tag) == "meeting":
        return root
    return next((e for e in root.iter() if _local(e.tag) == "meeting"), None)


def _printed_minutes_of(meeting: etree._Element, base: str) -> list[str]:
    out: list[str] = []
    for docs in _children(meeting, "linkeddocuments"):
        for doc in _children(docs, "linkeddoc"):
            url = resolve_link(base, _text(doc, "url") or "")
            if url and _PRINTED_MINUTES.search(_text(doc, "title") or "") and url not in out:
                out.append(url)
    return out


def linked_document_urls(data: bytes, base: str) -> list[str]:
    """GetMeeting -> the URLs of the meeting's printed minutes (its own ``linkeddocuments``;
    an item's documents are that item's papers)."""
    meeting = _meeting_element(read_web_service_xml(data))
    return [] if meeting is None else _printed_minutes_of(meeting, base)


def read_get_meeting(data: bytes, base: str) -> MeetingAnswer:
    """What a GetMeeting answer holds; NotWebServiceXML when it is not one."""
    root = read_web_service_xml(data)
    meeting = _meeting_element(root)
    if meeting is None:
        raise NotWebServiceXML("answered GetMeeting with no meeting in it")
    items = [e for e in meeting.iter() if _local(e.tag) == "agendaitem"]
    bodies = (
        "minutesnonemptyhtmlbody",
        "minuteshtmlbody",
        "minutes",
        "decisionnonemptyhtmlbody",
        "decisionhtmlbody",
        "decision",
    )
    with_minutes = 0
    truncated: list[str] = []
    for item in items:
        texts = [(child.text or "") for child in item if _local(child.tag) in bodies]
        if any(text.strip() for text in texts):
            with_minutes += 1
        for text in texts:
            if _TRUNCATION.search(text):
                for url in truncated_item_links(text.encode("utf-8"), base):
                    if url not in truncated:
                        truncated.append(url)
    published = (_text(meeting, "minutepublished") or "").lower() == "true"
    return MeetingAnswer(
        items=len(items),
        with_minutes=with_minutes,
        published=published,
        printed_minutes=_printed_minutes_of(meeting, base),
        truncated=truncated,
    )


# --- HTML pages -----------------------------------------------------------------------------


def looks_like_moderngov(data: bytes) -> bool:
    """Whether an HTML page carries modern.gov's markup (``mgContent``, ``ie*.aspx`` links ...)."""
    return any(marker in data for marker in _MODERNGOV_MARKERS)


@dataclass(frozen=True)
class _Anchor:
    href: str
    text: str
    title: str
    in_documents: bool  # inside the meeting's documents list (``div.mgLinks``)


def _anchors(data: bytes, limit: int = MAX_LINKS_PER_PAGE) -> Iterator[_Anchor]:
    """The page's links in order, read by a streaming parser that forgets each element once
    read: memory stays flat however large the page, and at most ``limit`` links are read.

    lxml is linear on malformed markup (thousands of unclosed tags) where a tree walk
    over BeautifulSoup's tree was not."""
    parser = etree.HTMLPullParser(events=("start", "end"), recover=True, no_network=True)
    documents_depth = 0
    found = 0
    chunk = 256 * 1024
    for offset in range(0, len(data) + chunk, chunk):
        if offset < len(data):
            parser.feed(data[offset : offset + chunk])
        else:
            parser.close()
        for event, element in parser.read_events():
            tag = element.tag if isinstance(element.tag, str) else ""
            is_documents = tag == "div" and "mgLinks" in (element.get("class") or "").split()
            if event == "start":
                documents_depth += is_documents
                continue
            documents_depth -= is_documents
            if tag == "a" and element.get("href") is not None:
                yield _Anchor(
                    str(element.get("href")),
                    " ".join("".join(element.itertext()).split()),
                    str(element.get("title") or ""),
                    documents_depth > 0,
                )
                found += 1
                if found >= limit:
                    return
            # Forget what has been read: the element's content, and its read siblings.
            element.clear(keep_tail=True)
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]


def resolve_link(page_url: str, href: str) -> str | None:
    """The absolute address of a link, or None for one that is not a usable web address.

    One bad link must not sink a page: ``http://[x/...`` (urllib's "Invalid IPv6 URL")
    and links with control characters are dropped, the rest of the page is read."""
    href = href.strip()
    if not href or any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in href):
        return None
    try:
        url = urljoin(page_url, href)
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url.split("#", 1)[0]


def _query(url: str) -> dict[str, str]:
    """Query parameters with lower-case names: modern.gov accepts ``MId``, ``MID``, ``mid``."""
    return {k.lower(): v for k, v in parse_qsl(urlsplit(url).query)}


def _page_name(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[-1].lower()


def _same_site(url: str, base: str) -> bool:
    return (urlsplit(url).hostname or "").lower() == (urlsplit(base).hostname or "").lower()


def minutes_approved(data: bytes) -> bool:
    """Whether a meeting page says its minutes are out and approved: a heading naming minutes
    ("Agenda and minutes", Welsh "Rhaglen a chofnodion") and not draft ones."""
    found = _MAIN_TITLE.search(data[:200_000])
    if found is None:
        return False
    title = html.unescape(found.group(1).decode("utf-8", "replace"))
    return bool(_MINUTES_WORD.search(title)) and not _DRAFT_WORD.search(title)


def committees_from_html(data: bytes, page_url: str) -> list[Committee]:
    """Committee links on ``mgListCommittees.aspx`` (``mgCommitteeDetails.aspx?ID=N``)."""
    out: list[Committee] = []
    seen: set[str] = set()
    for anchor in _anchors(data):
        url = resolve_link(page_url, anchor.href)
        if url is None:
            continue
        name, query = _page_name(url), _query(url)
        if name == "mgcommitteedetails.aspx":
            cid = query.get("id")
        elif name == "ielistmeetings.aspx":
            cid = query.get("committeeid") or query.get("cid")
        else:
            continue
        title = anchor.text
        if cid and cid.isdigit() and cid not in seen and title and _same_site(url, page_url):
            seen.add(cid)
            out.append(Committee(cid, title))
    return out


def meetings_from_html(data: bytes, page_url: str) -> list[MeetingRef]:
    """Meeting links (``ieListDocuments.aspx?CId=N&MId=M``, and the legacy
    ``CeListDocuments.aspx?CommitteeId=N&MeetingId=M`` of older sites such as Wirral's and
    Southend's) on a calendar or committee page.

    A committee's meetings page names each link by its date (``27 Sep 2017 4.00 pm``);
    the calendar names them by committee, so those come without a date.
    """
    out: list[MeetingRef] = []
    seen: set[str] = set()
    for anchor in _anchors(data):
        url = resolve_link(page_url, anchor.href)
        if url is None or _page_name(url) not in _MEETING_PAGES or not _same_site(url, page_url):
            continue
        query = _query(url)
        mid = query.get("mid") or query.get("meetingid")
        cid = query.get("cid") or query.get("committeeid")
        if mid and mid.isdigit() and mid not in seen:
            seen.add(mid)
            when = parse_date(anchor.text)
            legacy = url if _page_name(url) == "celistdocuments.aspx" else None
            out.append(MeetingRef(mid, cid if cid and cid.isdigit() else None, when, page=legacy))
    return out


def truncated_item_links(data: bytes, page_url: str) -> list[str]:
    """Item pages to follow: the anchors of the site's truncation marker.

    modern.gov cuts long minutes on the meeting page and ends them with
    ``...  view the full minutes text for item 20.`` (or ``agenda text``), where the
    sentence is a link to the item's own page (``mgAi.aspx?ID=...``) with the whole text.
    """
    out: list[str] = []
    for anchor in _anchors(data):
        if not _TRUNCATION.search(anchor.text):
            continue
        url = resolve_link(page_url, anchor.href)
        if url is not None and _same_site(url, page_url) and url not in out:
            out.append(url)
    return out


def printed_minutes_links(data: bytes, page_url: str) -> list[str]:
    """The printed-minutes PDF(s) in the meeting page's documents list (``div.mgLinks``; the
    whole page when it has none)."""
    anchors = list(_anchors(data))
    if any(a.in_documents for a in anchors):
        anchors = [a for a in anchors if a.in_documents]
    out: list[str] = []
    for anchor in anchors:
        if not (_PRINTED_MINUTES.search(anchor.text) or _PRINTED_MINUTES.search(anchor.title)):
            continue
        url = resolve_link(page_url, anchor.href)
        if url is not None and _same_site(url, page_url) and url not in out:
            out.append(url)
    return out
