"""modern.gov HTML pages: meeting (ieListDocuments), item (mgAi), issue, decision.

modern.gov (Civica) serves the same markup to hundreds of councils; the skin
differs, the classes do not: ``h1.mgMainTitleTxt`` says the page kind,
``h2.mgSubTitleTxt`` the committee and date, ``span.mgLabel`` labels Venue /
Contact / Decision Maker ..., ``div.mgLinks ul.mgActionList`` lists meeting
documents with ``span.mgFileSize``, and items sit in ``table.mgItemTable``
(``td.mgItemNumberCell``; ``p.mgAiTitleTxt`` holds the number with an
``AI<id>`` anchor, and the title) with ``p.mgSubItemTitleTxt`` ("Decision:" /
"Minutes:") before each ``div.mgWordPara`` of Word HTML.

The item scan walks these markers in document order rather than relying on the
table, because copies of the page lose the table tags (OpenlyLocal's records
keep the ``p`` and ``div`` elements but not ``tr``/``td``).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree
from lxml.etree import _Element

from parsers import urls
from parsers.grammar.dates import parse_date
from parsers.html_text import MAX_HTML_DEPTH, inline_text, paragraphs_from_html, soup_of
from parsers.minutes_body import (
    document_from_size,
    fill_item,
    fill_meeting_extras,
    split_heading,
)
from parsers.model import AgendaItem, Document, Meeting, ParsedDocument
from parsers.source import ParseError, Source
from parsers.text import normalise_line

NAME = "moderngov-html"

_MARKERS = (
    b"mgAiTitleTxt",
    b"mgItemTable",
    b"mgMainTitleTxt",
    b"mgSubTitleTxt",
    b"mgWordPara",
    b"mgLabel",
    b"ieListDocuments",
    b"mgContent",
)
# XHTML skins may start with an XML declaration; saved pages with a BOM.
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|body|div|table|p)\b",
    re.I | re.S,
)

# Page kinds by the page's main title (English and Welsh) or its .aspx name.
_KIND_BY_TITLE = (
    (re.compile(r"^(?:agenda|rhaglen)\b", re.I), "meeting"),
    (re.compile(r"^(?:agenda item|eitem agenda)", re.I), "item"),
    (re.compile(r"^issue\s*-\s*meetings", re.I), "issue"),
    (
        re.compile(r"^(?:decision details|issue\s*-\s*decisions|manylion y penderfyniad)", re.I),
        "decision",
    ),
)
_KIND_BY_PAGE = {
    "ielistdocuments.aspx": "meeting",
    "ielistmeetings.aspx": "meeting",
    "mgai.aspx": "item",
    "ieissuedetails.aspx": "issue",
    "iedecisiondetails.aspx": "decision",
    "mgdecisiondetails.aspx": "decision",
    "mgissuehistoryhome.aspx": "issue",
}
# "Meeting: 27/09/2017 - Children's Partnership Board (Item 20)" on issue and item pages.
_MEETING_BLOCK = re.compile(
    r"^(?:Meeting|Cyfarfod)\s*:\s*(?P<heading>.+?)\s*(?:\((?:Item|Eitem)\s+(?P<item>[^)]*?)\.?\))?$",
    re.I,
)
_ITEM_NUMBER = re.compile(
    r"^(?P<number>(?:[A-Z]{1,4}\s?/?\s?)?\d{1,4}(?:[./]\d{1,4})*[a-z]?|[A-Z]{1,3}\d+(?:/\d+)?)\.?$"
)
_SUB_LABELS = {
    "minutes": "minutes",
    "cofnodion": "minutes",
    "decision": "decision",
    "penderfyniad": "decision",
    "additional documents": "documents",
    "supporting documents": "documents",
    "dogfennau ychwanegol": "documents",
    "dogfennau ategol": "documents",
}
# Welsh pages (LLL=1) label the same fields in Welsh.
_WELSH_LABELS = {
    "lleoliad": "venue",
    "cyswllt": "contact",
    "cyfarfod": "meeting",
    "gwneuthurwr y penderfyniad": "decision maker",
    "statws y penderfyniad": "decision status",
    "dyddiad y penderfyniad": "date of decision",
}
_HEADER_ID = re.compile(r"header", re.I)
_AI_ANCHOR = re.compile(r"^AI\d+$")
_LOCATION_LINK = re.compile(r"mgLocationDetails", re.I)
_MEETING_LINK = re.compile(r"mg(?:MeetingAttendance|Convert2PDF)\.aspx", re.I)
_COUNCIL_WORDS = re.compile(r"\b(?:Council|Corporation|Borough|Authority|Cyngor|County)\b")


def sniff(source: Source) -> bool:
    """An HTML document carrying modern.gov's class names."""
    head = source.data[:4096]
    return bool(_HTML_START.match(head)) and any(m in source.data[:300_000] for m in _MARKERS)


def parse(source: Source) -> ParsedDocument:
    """Read a modern.gov page into meetings; the page kind decides the reading."""
    soup = soup_of(source.text, max_depth=MAX_HTML_DEPTH)
    return parse_soup(soup, name=source.name)


def parse_soup(soup: _Element, *, name: str, base_url: str | None = None) -> ParsedDocument:
    """Read an already-parsed page, ``soup_of``'s tree (``parsers.openlylocal`` passes its
    wrapped bodies)."""
    page = _PageInfo.read(soup, base_url)
    if page.kind == "item":
        meetings = [_item_page(soup, page)]
    elif page.kind == "issue":
        meetings = _issue_page(soup, page)
    elif page.kind == "decision":
        meetings = [_decision_page(soup, page)]
    else:
        meetings = [_meeting_page(soup, page)]
    warnings: list[str] = []
    if not any(m.items for m in meetings):
        if page.kind == "unknown":
            raise ParseError(
                "HTML page without modern.gov meeting, item, issue or decision content"
            )
        warnings.append(f"{name}: {page.kind} page with no agenda items")
    for meeting in meetings:
        meeting.council = meeting.council or page.council
    return ParsedDocument(
        format=NAME,
        page_kind=page.kind if page.kind != "unknown" else "meeting",
        meetings=meetings,
        warnings=warnings,
    )


@dataclass
class _PageInfo:
    """What the page frame says: kind, heading, council, its own address."""

    kind: str
    heading: str | None
    council: str | None
    url: str | None
    host: str | None
    ids: dict[str, str] = field(default_factory=dict)
    marks: _Landmarks = field(default_factory=lambda: _Landmarks())

    @classmethod
    def read(cls, soup: _Element, base_url: str | None) -> _PageInfo:
        marks = _Landmarks.find(soup)
        main_text = inline_text(marks.main_title) if marks.main_title is not None else ""
        title = normalise_line(_title_text(marks.title)) if marks.title is not None else ""
        url = base_url or _own_url(soup, marks)
        page_name = urls.path(url).rsplit("/", 1)[-1].lower()
        kind = "unknown"
        for pattern, page_kind in _KIND_BY_TITLE:
            if main_text and pattern.search(main_text):
                kind = page_kind
        if kind == "unknown":
            kind = _KIND_BY_PAGE.get(page_name, "unknown")
        if kind == "unknown" and marks.agenda_mark is not None:
            kind = "meeting"
        heading = inline_text(marks.sub_title) if marks.sub_title is not None else None
        parsed = urls.parse(url)
        host = parsed.netloc if parsed is not None else marks.host
        ids = {k.lower(): v[0] for k, v in urls.query(url).items()}
        council = _council(soup, title, marks)
        return cls(
            kind=kind, heading=heading, council=council, url=url, host=host, ids=ids, marks=marks
        )


@dataclass
class _Landmarks:
    """What reading the page frame looks for across the whole page, each the first in
    document order, found in one walk of its elements: as look-ups and walks of their own
    they were seven walks of every page, a fifth of its reading."""

    main_title: _Element | None = None  # the first of class mgMainTitleTxt
    title: _Element | None = None  # the first <title>
    sub_title: _Element | None = None  # the first of class mgSubTitleTxt
    agenda_mark: _Element | None = None  # the first of class mgAiTitleTxt or mgItemTable
    form: _Element | None = None  # the first <form action=...>
    host: str | None = None  # the site's host, from the first absolute link to its .aspx pages
    headers: list[_Element] = field(default_factory=list)  # the first three with a header id
    # The page's tags by name, each list in document order, as the page was parsed (before
    # the item scan takes size labels out), and its item-marker candidates (``_MARKER_NAMES``)
    # in document order: the page's other whole-page look-ups (labels, titled links, link
    # boxes, the meeting's own links, the item markers) read these instead of walking the
    # tree again.
    by_name: dict[str, list[_Element]] = field(default_factory=dict)
    marker_candidates: list[_Element] = field(default_factory=list)
    root: _Element | None = None  # the tree these are from

    def named(self, name: str) -> list[_Element]:
        """The page's ``<name>`` elements in document order."""
        return self.by_name.get(name, [])

    def first(self, name: str) -> _Element | None:
        """The page's first ``<name>`` element."""
        found = self.by_name.get(name)
        return found[0] if found else None

    def named_under(self, name: str, root: _Element) -> list[_Element]:
        """The ``<name>`` elements under ``root``, the page or one of its elements."""
        found = self.named(name)
        return found if root is self.root else [t for t in found if _attached(t, root)]

    @classmethod
    def find(cls, soup: _Element) -> _Landmarks:
        marks = cls(root=soup)
        headers = marks.headers
        by_name = marks.by_name
        candidates = marks.marker_candidates
        for tag in soup.iterdescendants(etree.Element):  # elements only: no comments
            name = tag.tag
            same_name = by_name.get(name)
            if same_name is None:
                by_name[name] = [tag]
            else:
                same_name.append(tag)
            if name in _MARKER_NAMES:
                candidates.append(tag)
            get = tag.get
            classes = get("class")
            if classes:
                classes = classes.split()
                if marks.main_title is None and "mgMainTitleTxt" in classes:
                    marks.main_title = tag
                if marks.sub_title is None and "mgSubTitleTxt" in classes:
                    marks.sub_title = tag
                if marks.agenda_mark is None and (
                    "mgAiTitleTxt" in classes or "mgItemTable" in classes
                ):
                    marks.agenda_mark = tag
            if name == "title":
                if marks.title is None:
                    marks.title = tag
            elif name == "form":
                if marks.form is None and get("action") is not None:
                    marks.form = tag
            elif name == "a" and marks.host is None:
                href = get("href")
                if href is not None:
                    marks.host = _own_host(str(href))
            if len(headers) < 3:
                ident = get("id")
                if ident is not None and _HEADER_ID.search(str(ident)):
                    headers.append(tag)
        return marks


def _own_url(soup: _Element, marks: _Landmarks) -> str | None:
    """The page's address: canonical link, else the form action joined to the site's host."""
    head = marks.first("head")
    if head is None:
        head = soup
    for tag, attr in (("link", "href"), ("base", "href"), ("meta", "content")):
        for node in marks.named_under(tag, head):
            if tag == "link" and "canonical" not in (node.get("rel") or "").split():
                continue
            if tag == "meta" and node.get("property") != "og:url":
                continue
            value = str(node.get(attr) or "")
            if value.startswith("http"):
                return value
    if marks.form is not None and marks.host:
        return urls.absolute(str(marks.form.get("action")), host=marks.host)
    return None


def _own_host(href: str) -> str | None:
    """The host of a link to one of a modern.gov site's own .aspx pages, else None."""
    parsed = urls.parse(href)
    if parsed and parsed.netloc and _OWN_PAGE.search(parsed.path):
        return parsed.netloc
    return None


_OWN_PAGE = re.compile(r"/(?:mg|ie)\w+\.aspx$", re.I)


def _council(soup: _Element, title: str, marks: _Landmarks) -> str | None:
    """The council's name where the page shows it (title suffix, site-name meta, the logo in
    one of the page's ``headers``)."""
    head = marks.first("head")
    if head is None:
        head = soup
    headers = marks.headers
    metas = {
        str(node.get("property") or node.get("name")): str(node.get("content", ""))
        for node in marks.named_under("meta", head)
    }
    for meta_name in ("og:site_name", "DC.publisher", "DC.creator", "author"):
        if _COUNCIL_WORDS.search(metas.get(meta_name, "")):
            return normalise_line(metas[meta_name])
    # The skin's logo: <img alt="London Borough of Haringey logo">.
    for header in headers[:3]:
        for img in _tags(header, "img", "alt"):
            alt = re.sub(r"\s+logo$", "", normalise_line(str(img.get("alt"))), flags=re.I)
            if _COUNCIL_WORDS.search(alt):
                return alt
    for sep in (" | ", " - ", " – "):
        if sep in title:
            tail = title.rsplit(sep, 1)[1].strip()
            if _COUNCIL_WORDS.search(tail):
                return tail
    return None


# --- the item scan -------------------------------------------------------------------


@dataclass
class _ItemDraft:
    item: AgendaItem
    description: list[str] = field(default_factory=list)
    minutes: list[str] = field(default_factory=list)
    decision: list[str] = field(default_factory=list)
    mode: str = "description"
    labelled: bool = False  # saw a "Minutes:" / "Decision:" label


# The item scan and the page frame visit every element of the page: these walk the tree
# with lxml's own iterators (the walk runs in C) and test names and classes in Python, in
# the few lines below, rather than through a query language.


def _tags(root: _Element, name: str | None = None, attr: str | None = None) -> Iterator[_Element]:
    """Elements under ``root`` in document order, named ``name`` and having ``attr``."""
    for tag in root.iterdescendants(etree.Element if name is None else name):
        if attr is None or tag.get(attr) is not None:
            yield tag


def _classes(tag: _Element) -> list[str]:
    """The element's classes (``class="mgItemTable x"`` is two)."""
    value = tag.get("class")
    return value.split() if value else []


def _has_class(tag: _Element, name: str, css_class: str) -> bool:
    return tag.tag == name and css_class in _classes(tag)


def _inside(tag: _Element, name: str, css_class: str) -> bool:
    """Whether an ancestor of ``tag`` is ``<name class="css_class">``."""
    parent = tag.getparent()
    while parent is not None:
        if _has_class(parent, name, css_class):
            return True
        parent = parent.getparent()
    return False


def _extract(tag: _Element) -> None:
    """Take ``tag`` out of its tree, leaving the text after it where it was.

    lxml keeps the text after an element on the element (its tail), so ``remove`` would take
    that text too, and the text cannot be handed over as a string: lxml's API refuses the
    control characters libxml2 keeps in a page's text (a form feed, ``&#12;``), and drops the
    text it was replacing as it does. ``strip_elements`` takes elements out in libxml2 and
    leaves their tails in place; the tag is renamed for it, to take out this one only.
    """
    parent = tag.getparent()
    if parent is None:
        return
    name = tag.tag
    tag.tag = _EXTRACTED
    etree.strip_elements(parent, _EXTRACTED, with_tail=False)
    tag.tag = name


# No name the HTML parser makes has an upper-case letter.
_EXTRACTED = "Extracted"


def _title_text(title: _Element) -> str:
    """The ``<title>``'s text (libxml2 reads a title as text only: no elements in it).

    Nothing for a title inside <script>, <style>, <template>, <rt> or <rp>: bs4, which
    read the pages before, kept the strings there as another kind, not the title's text.
    """
    if any(up.tag in _NOT_MAIN_TEXT for up in title.iterancestors()):
        return ""
    return " ".join(title.itertext())


_NOT_MAIN_TEXT = frozenset({"script", "style", "template", "rt", "rp"})


_MARKER_NAMES = frozenset({"tr", "p", "div", "ul"})  # the only tags _is_marker can accept


def _is_marker(tag: _Element) -> bool:
    name = tag.tag
    if name == "tr":
        return any(_has_class(cell, "td", "mgItemNumberCell") for cell in tag)
    if name not in ("p", "div", "ul"):
        return False
    classes = _classes(tag)
    if name == "p":
        return "mgAiTitleTxt" in classes or "mgSubItemTitleTxt" in classes
    if name == "div" and "mgWordPara" in classes:
        return not _inside(tag, "div", "mgWordPara")
    if name == "ul":
        return "mgBulletList" in classes and not _inside(tag, "div", "mgWordPara")
    return False


def _size_label(link: _Element) -> _Element | None:
    """A document link's ``mgFileSize`` span (the first element of that class in it)."""
    return next((t for t in _tags(link) if "mgFileSize" in _classes(t)), None)


def _markers(container: _Element, page: _PageInfo) -> list[_Element]:
    """The item markers (``_is_marker``) under ``container``, in document order.

    For the page itself, from the page's candidates (``_Landmarks.marker_candidates``), less
    any the reading has taken out of the tree since (a document link's size label).
    """
    if page.marks.root is container:
        candidates = page.marks.marker_candidates
        return [t for t in candidates if _is_marker(t) and _attached(t, container)]
    return [t for t in container.iterdescendants(etree.Element) if _is_marker(t)]


def _attached(tag: _Element, root: _Element) -> bool:
    """Whether ``tag`` is still under ``root`` (not taken out with ``_extract``)."""
    parent = tag.getparent()
    while parent is not None:
        if parent is root:
            return True
        parent = parent.getparent()
    return False


def _scan_items(
    container: _Element,
    page: _PageInfo,
    *,
    start: AgendaItem | None = None,
    number_in_title: bool = False,
    unlabelled_is_minutes: bool = False,
) -> list[AgendaItem]:
    """Items in document order from the modern.gov markers inside ``container``.

    ``start`` is the item of a single-item page (mgAi), whose title is the page
    subtitle. On issue pages the number and title share one line ("20 Update
    on Priority 2 ..."), and on item and issue pages an unlabelled body is the
    minutes: the renderings there drop the "Minutes:" label (Durham mgAi 29325).
    """
    drafts: list[_ItemDraft] = [_ItemDraft(start)] if start is not None else []
    expect_number = False
    for tag in _markers(container, page):
        classes = _classes(tag)
        current = drafts[-1] if drafts else None
        if tag.tag == "tr":
            if current is None or current.item is not start or current.item.number is not None:
                drafts.append(_ItemDraft(AgendaItem(number=None, title=None)))
            expect_number = True
        elif "mgAiTitleTxt" in classes:
            in_number_cell = _inside(tag, "td", "mgItemNumberCell")
            anchor = next(
                (a for a in _tags(tag, "a", "name") if _AI_ANCHOR.search(str(a.get("name")))),
                None,
            )
            text = inline_text(tag)
            number_match = _ITEM_NUMBER.match(text)
            if in_number_cell or (anchor is not None and (number_match or not text)):
                fresh = (
                    expect_number
                    and current is not None
                    and current.item.number is None
                    and (current.item.title is None or current.item is start)
                )
                if not fresh:
                    drafts.append(_ItemDraft(AgendaItem(number=None, title=None)))
                target = drafts[-1].item
                if number_match:
                    target.number = number_match.group("number")
                else:
                    target.number = text.rstrip(".") or None
                if anchor is not None:
                    target.external_id = str(anchor.get("name"))[2:]
                expect_number = False
            else:
                opens_new = (
                    current is None
                    or (current.item.title is not None and current.item is not start)
                    or current.mode != "description"
                    or bool(current.description)
                )
                if opens_new:
                    drafts.append(_ItemDraft(AgendaItem(number=None, title=None)))
                item = drafts[-1].item
                _read_title(tag, item, page)
                if number_in_title and item.title:
                    head, _, rest = item.title.partition(" ")
                    found = _ITEM_NUMBER.match(head)
                    if found and rest:
                        item.number = item.number or found.group("number")
                        item.title = rest
                        for doc in item.documents:
                            if doc.title == f"{head} {rest}":
                                doc.title = rest
                expect_number = False
        elif current is None:
            continue
        elif "mgSubItemTitleTxt" in classes:
            label = inline_text(tag).rstrip(":").strip().lower()
            current.mode = _SUB_LABELS.get(label, "description")
            current.labelled = current.labelled or current.mode in ("minutes", "decision")
        elif tag.tag == "ul":
            current.item.documents.extend(_documents_in(tag, page))
        else:  # div.mgWordPara
            paragraphs = paragraphs_from_html(tag)
            if current.mode == "documents":
                current.mode = "description"
            getattr(current, current.mode).extend(paragraphs)
    items = []
    for draft in drafts:
        if draft.item.external_id is None and draft.item.url:
            query = urls.query(draft.item.url)
            draft.item.external_id = (query.get("ID") or [None])[0]
        if unlabelled_is_minutes and not draft.labelled and not draft.minutes:
            draft.minutes, draft.description = draft.description, []
        items.append(fill_item(draft.item, draft.minutes, draft.decision, draft.description))
    return items


def _read_title(tag: _Element, item: AgendaItem, page: _PageInfo) -> None:
    """Title text, the item's own page, and its attached report ("Minutes" + "PDF 318 KB")."""
    attached: list[Document] = []
    for link in list(_tags(tag, "a", "href")):  # a list: the loop extracts links
        href = str(link.get("href"))
        size = _size_label(link)
        if size is not None:
            attached.append(document_from_size("", inline_text(size), _absolute(page, href)))
            _extract(link)  # the size label is not part of the title
        elif re.search(r"mgAi\.aspx", href, re.I):
            item.url = _absolute(page, href)
    item.title = inline_text(tag) or None
    for doc in attached:
        doc.title = item.title or doc.title
    item.documents.extend(attached)


def _documents_in(tag: _Element, page: _PageInfo) -> list[Document]:
    """Documents linked in a list, each with its size where shown."""
    documents: list[Document] = []
    for link in list(_tags(tag, "a", "href")):  # a list: the loop extracts size labels
        size = _size_label(link)
        size_text = inline_text(size) if size is not None else ""
        if size is not None:
            _extract(size)
        title = inline_text(link)
        href = str(link.get("href"))
        if not size_text and not re.search(
            r"\.(?:pdf|docx?|xlsx?|pptx?|rtf)$|mgConvert2PDF", href, re.I
        ):
            continue
        doc = document_from_size(title, size_text, _absolute(page, href))
        doc.format = doc.format or urls.extension(href)
        documents.append(doc)
    return documents


def _absolute(page: _PageInfo, href: str) -> str | None:
    """A link's full address, or None when it cannot be read (the link's text is kept)."""
    return urls.absolute(href, base=page.url, host=page.host)


def _labels(page: _PageInfo) -> dict[str, tuple[str, _Element]]:
    """``span.mgLabel`` values: label (lower case, no colon) -> (value text, its paragraph)."""
    found: dict[str, tuple[str, _Element]] = {}
    for label in (t for t in page.marks.named("span") if _has_class(t, "span", "mgLabel")):
        holder = label.getparent()
        if holder is None:
            continue
        key = inline_text(label).rstrip(":").strip().lower()
        key = _WELSH_LABELS.get(key, key)
        value = inline_text(holder)
        label_text = inline_text(label)
        value = value[len(label_text) :].strip() if value.startswith(label_text) else value
        found.setdefault(key, (value, holder))
    return found


def _meeting_header(soup: _Element, page: _PageInfo, meeting: Meeting) -> None:
    """Committee, date, time from the subtitle, else the attendance link or the page title."""
    candidates = [page.heading] if page.heading else []
    for link in (t for t in page.marks.named("a") if t.get("title") is not None):
        found = re.search(r"meeting of (.+)$", str(link.get("title")), re.I)
        if found:
            candidates.append(found.group(1))
    title = page.marks.title  # soup.find("title")
    if title is not None:
        found = re.match(
            r"^(?:Agenda|Minutes|Decisions) for (.+?)(?:\s+[|–-]\s+[^|–-]+)?$",
            normalise_line(_title_text(title)),
        )
        if found:
            candidates.append(found.group(1).replace(" on ", " - ", 1))
    for text in candidates:
        committee, date, time = split_heading(text)
        if date is not None or committee:
            meeting.committee = meeting.committee or committee
            meeting.date = meeting.date or date
            meeting.time = meeting.time or time
        if meeting.committee and meeting.date:
            return


def _meeting_page(soup: _Element, page: _PageInfo) -> Meeting:
    meeting = Meeting(url=page.url, external_id=page.ids.get("mid") or page.ids.get("meetingid"))
    if meeting.external_id is None:
        # The meeting's own links carry its id: mgMeetingAttendance.aspx?ID=2267,
        # mgConvert2PDF.aspx?ID=2267&T=0 (Newcastle via OpenlyLocal).
        for link in page.marks.named("a"):
            href = link.get("href")
            if href is None or not _MEETING_LINK.search(str(href)):
                continue
            found = urls.query(str(href)).get("ID")
            if found:
                meeting.external_id = found[0]
                break
    _meeting_header(soup, page, meeting)
    labels = _labels(page)
    if "venue" in labels:
        # "LB 31-32 - Loxley House, ..., NG2 3NG. View directions": the link text
        # and the full stop before it are the page's, not the venue's.
        # ("Gweld y cyfarwyddiadau" on Welsh pages): drop the directions link,
        # whatever its words, then the stop before it.
        venue, holder = labels["venue"]
        for link in _tags(holder, "a", "href"):
            if not _LOCATION_LINK.search(str(link.get("href"))):
                continue
            link_text = inline_text(link)
            if link_text and venue.endswith(link_text):
                venue = venue[: -len(link_text)]
        venue = re.sub(r"\s*View directions\.?$", "", venue).strip().rstrip(".").strip()
        meeting.venue = venue or None
    if "contact" in labels:
        meeting.contact = labels["contact"][0] or None
    for links in (t for t in page.marks.named("div") if _has_class(t, "div", "mgLinks")):
        if not _attached(links, soup):  # inside a size label taken out of an earlier box
            continue
        for action_list in [t for t in _tags(links, "ul") if "mgActionList" in _classes(t)]:
            meeting.documents.extend(_documents_in(action_list, page))
    meeting.items = _scan_items(soup, page)
    return fill_meeting_extras(meeting)


def _item_page(soup: _Element, page: _PageInfo) -> Meeting:
    """mgAi: one item; the meeting comes from a "Meeting:" label when the page shows it."""
    meeting = Meeting()
    labels = _labels(page)
    number = None
    if "meeting" in labels:
        block = _MEETING_BLOCK.match("Meeting: " + labels["meeting"][0])
        if block:
            meeting.committee, meeting.date, meeting.time = split_heading(block.group("heading"))
            number = block.group("item")
            link = next(_tags(labels["meeting"][1], "a", "href"), None)
            if link is not None:
                meeting.url = _absolute(page, str(link.get("href")))
                mid = urls.query(meeting.url)
                meeting.external_id = (mid.get("MId") or mid.get("MeetingId") or [None])[0]
    start = AgendaItem(number=None, title=page.heading)
    items = _scan_items(soup, page, start=start, unlabelled_is_minutes=True)
    item = items[0]
    item.title = item.title or page.heading
    item.number = item.number or number
    item.url = item.url or page.url
    item.external_id = item.external_id or page.ids.get("id")
    meeting.items = [item]
    return fill_meeting_extras(meeting)


def _issue_page(soup: _Element, page: _PageInfo) -> list[Meeting]:
    """ieIssueDetails: one Meeting per "Meeting: dd/mm/yyyy - Committee (Item N)" block."""
    blocks: list[tuple[_Element, re.Match[str]]] = []
    for node in soup.iterdescendants(*_HEADINGS, "p", "div", "span"):
        if next(node.iterdescendants(*_HEADINGS, "p", "div"), None) is not None:
            continue
        found = _MEETING_BLOCK.match(inline_text(node))
        if found and split_heading(found.group("heading"))[1] is not None:
            blocks.append((node, found))
    meetings: list[Meeting] = []
    for index, (node, found) in enumerate(blocks):
        container = _between(node, blocks[index + 1][0] if index + 1 < len(blocks) else None)
        committee, date, time = split_heading(found.group("heading"))
        meeting = Meeting(committee=committee, date=date, time=time)
        link = next(_tags(node, "a", "href"), None)
        if link is not None:
            meeting.url = _absolute(page, str(link.get("href")))
            query = urls.query(meeting.url)
            meeting.external_id = (query.get("MId") or query.get("MeetingId") or [None])[0]
        items = _scan_items(container, page, number_in_title=True, unlabelled_is_minutes=True)
        if not items:
            items = [fill_item(AgendaItem(number=None, title=page.heading), [], [])]
        for item in items:
            item.number = item.number or (found.group("item") or "").rstrip(".") or None
            item.title = item.title or page.heading
        meeting.items = items
        meetings.append(fill_meeting_extras(meeting))
    return meetings


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _between(start: _Element, stop: _Element | None) -> _Element:
    """A new container holding copies of the text and elements after ``start`` up to ``stop``."""
    holder = etree.Element("div")
    anchor = start
    parent = anchor.getparent()
    # Nothing after it (no text, no node): the block header is nested (an <h3> in a <div>).
    while not anchor.tail and anchor.getnext() is None and parent is not None:
        anchor, parent = parent, parent.getparent()
    # The text after the header, as a copy of the header with its tail taken out of it (a
    # string could carry characters lxml's API refuses: ``_extract``).
    holder.append(copy.copy(anchor))
    _extract(holder[0])
    above_stop = set() if stop is None else {stop, *stop.iterancestors()}
    for node in anchor.itersiblings():
        if node in above_stop:
            break
        holder.append(copy.copy(node))  # with its tail, the text after it
    return holder


def _decision_page(soup: _Element, page: _PageInfo) -> Meeting:
    """ieDecisionDetails: the decision maker's meeting on the decision date, one item."""
    labels = _labels(page)
    committee = labels.get("decision maker", (None, None))[0]
    date = None
    at_meeting = labels.get("decided at meeting", (None, None))[0]
    if at_meeting:
        at_committee, date, _ = split_heading(at_meeting)
        committee = committee or at_committee
    for key in ("date of decision", "date of meeting"):
        if date is None and key in labels:
            date = parse_date(labels[key][0])
    meeting = Meeting(committee=committee or None, date=date)
    decision: list[str] = []
    reasons: list[str] = []
    mode = decision
    for node in [t for t in soup.iterdescendants(etree.Element) if _decision_marker(t)]:
        if node.tag == "div":
            mode.extend(paragraphs_from_html(node))
            continue
        text = inline_text(node).rstrip(":").lower()
        mode = reasons if text.startswith(("reason", "rheswm")) else decision
    if not decision:
        decision_div = next((t for t in _tags(soup, "div") if "mgWordPara" in _classes(t)), None)
        decision = paragraphs_from_html(decision_div) if decision_div is not None else []
    item = fill_item(AgendaItem(number=None, title=page.heading, url=page.url), [], decision)
    # The model has no field for a decision's status or reasons; they are the
    # agenda-style context of the decision, so they go in the description.
    status = labels.get("decision status", ("", None))[0]
    context = ([f"Decision status: {status}"] if status else []) + reasons
    item.description = "\n\n".join(context) or None
    for bullet_list in [t for t in _tags(soup, "ul") if "mgBulletList" in _classes(t)]:
        item.documents.extend(_documents_in(bullet_list, page))
    meeting.items = [item]
    return meeting


def _decision_marker(tag: _Element) -> bool:
    classes = _classes(tag)
    if tag.tag == "div" and "mgWordPara" in classes:
        return not _inside(tag, "div", "mgWordPara")
    return tag.tag in ("h2", "h3", "h4") and "mgSubHeading" in classes
