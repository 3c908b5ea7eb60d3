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
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup
from lxml import etree

from parsers.grammar.dates import parse_date

WEB_SERVICE = "mgWebService.asmx/"
# Pages a user might paste instead of the base address.
_PAGE_NAME = re.compile(r"/(?:mg|ie|ce)[A-Za-z0-9]+\.aspx$|/mgWebService\.asmx(?:/.*)?$", re.I)
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TRUNCATION = re.compile(r"view the full (?:minutes|decision) text for item", re.I)
_PRINTED_MINUTES = re.compile(r"\bprinted (?:minutes|decisions)\b", re.I)
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
    """A meeting the site lists: its modern.gov ids and, when the listing says, its date."""

    id: str
    committee_id: str | None
    date: dt.date | None = None
    committee: str | None = None


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


def committee_meetings_url(base: str, committee_id: str) -> str:
    return _page(base, "ieListMeetings.aspx", [("CommitteeId", committee_id)])


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


def meetings_from_xml(data: bytes, committee: Committee) -> list[MeetingRef]:
    """GetMeetings -> the committee's meetings with their dates."""
    root = read_web_service_xml(data)
    out: list[MeetingRef] = []
    for element in root.iter():
        if _local(element.tag) != "meeting":
            continue
        mid = _text(element, "meetingid")
        if not mid or not mid.isdigit():
            continue
        cid = _text(element, "committeeid") or committee.id
        out.append(
            MeetingRef(mid, cid, parse_ws_date(_text(element, "meetingdate")), committee.title)
        )
    return out


def linked_document_urls(data: bytes, base: str) -> list[str]:
    """GetMeeting -> the URLs of its printed-minutes documents (``linkeddocuments/linkeddoc``)."""
    root = read_web_service_xml(data)
    out: list[str] = []
    for element in root.iter():
        if _local(element.tag) != "linkeddoc":
            continue
        title = _text(element, "title") or ""
        url = _text(element, "url")
        if url and _PRINTED_MINUTES.search(title):
            out.append(urljoin(base, url))
    return out


# --- HTML pages -----------------------------------------------------------------------------


def looks_like_moderngov(data: bytes) -> bool:
    """Whether an HTML page carries modern.gov's markup (``mgContent``, ``ie*.aspx`` links ...)."""
    return any(marker in data for marker in _MODERNGOV_MARKERS)


def _soup(data: bytes) -> BeautifulSoup:
    return BeautifulSoup(data, "lxml")


def _query(url: str) -> dict[str, str]:
    """Query parameters with lower-case names: modern.gov accepts ``MId``, ``MID``, ``mid``."""
    return {k.lower(): v for k, v in parse_qsl(urlsplit(url).query)}


def _page_name(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[-1].lower()


def _same_site(url: str, base: str) -> bool:
    return (urlsplit(url).hostname or "").lower() == (urlsplit(base).hostname or "").lower()


def committees_from_html(data: bytes, page_url: str) -> list[Committee]:
    """Committee links on ``mgListCommittees.aspx`` (``mgCommitteeDetails.aspx?ID=N``)."""
    out: list[Committee] = []
    seen: set[str] = set()
    for anchor in _soup(data).find_all("a", href=True):
        url = urljoin(page_url, str(anchor["href"]))
        name, query = _page_name(url), _query(url)
        if name == "mgcommitteedetails.aspx":
            cid = query.get("id")
        elif name == "ielistmeetings.aspx":
            cid = query.get("committeeid") or query.get("cid")
        else:
            continue
        title = " ".join(anchor.get_text(" ").split())
        if cid and cid.isdigit() and cid not in seen and title and _same_site(url, page_url):
            seen.add(cid)
            out.append(Committee(cid, title))
    return out


def meetings_from_html(data: bytes, page_url: str) -> list[MeetingRef]:
    """Meeting links (``ieListDocuments.aspx?CId=N&MId=M``) on a calendar or committee page.

    A committee's meetings page names each link by its date (``27 Sep 2017 4.00 pm``);
    the calendar names them by committee, so those come without a date.
    """
    out: list[MeetingRef] = []
    seen: set[str] = set()
    for anchor in _soup(data).find_all("a", href=True):
        url = urljoin(page_url, str(anchor["href"]))
        if _page_name(url) != "ielistdocuments.aspx" or not _same_site(url, page_url):
            continue
        query = _query(url)
        mid = query.get("mid") or query.get("meetingid")
        cid = query.get("cid") or query.get("committeeid")
        if mid and mid.isdigit() and mid not in seen:
            seen.add(mid)
            when = parse_date(" ".join(anchor.get_text(" ").split()))
            out.append(MeetingRef(mid, cid if cid and cid.isdigit() else None, when))
    return out


def _strip_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def truncated_item_links(data: bytes, page_url: str) -> list[str]:
    """Item pages to follow: the anchors of the site's truncation marker.

    modern.gov cuts long minutes on the meeting page and ends them with
    ``...  view the full minutes text for item 20.``, where the sentence is a
    link to the item's own page (``mgAi.aspx?ID=...``) with the whole text.
    """
    out: list[str] = []
    for anchor in _soup(data).find_all("a", href=True):
        if not _TRUNCATION.search(anchor.get_text(" ")):
            continue
        url = _strip_fragment(urljoin(page_url, str(anchor["href"])))
        if _same_site(url, page_url) and url not in out:
            out.append(url)
    return out


def printed_minutes_links(data: bytes, page_url: str) -> list[str]:
    """The printed-minutes PDF(s) in the meeting page's documents list (``div.mgLinks``)."""
    soup = _soup(data)
    scopes = soup.select("div.mgLinks") or [soup]
    out: list[str] = []
    for scope in scopes:
        for anchor in scope.find_all("a", href=True):
            label = f"{anchor.get_text(' ')} {anchor.get('title', '')}"
            if not _PRINTED_MINUTES.search(label):
                continue
            url = _strip_fragment(urljoin(page_url, str(anchor["href"])))
            if _same_site(url, page_url) and url not in out:
                out.append(url)
    return out
