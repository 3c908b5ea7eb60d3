"""Word-exported HTML (modern.gov's ``div.mgWordPara`` bodies) -> clean paragraphs.

Council officers write minutes in Word and modern.gov publishes Word's HTML:
``<p class=MsoNormal>``, ``<o:p>`` fillers, ``MsoListParagraph`` items whose
label sits in a span of NBSPs (``(a)<span style='font:7.0pt'>&nbsp;&nbsp;
</span>Since ...``), nested ``div.Section1`` wrappers, tables and bullets.
Both the HTML parser and the web-service XML parser (whose minutes bodies are
entity-escaped HTML) reduce that to the model's paragraph convention: one
string per paragraph, a lettered/numbered point or bullet its own paragraph,
label included, NBSPs as spaces, empty paragraphs dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import chain

from lxml import etree
from lxml.etree import _Element

from parsers.source import ParseError
from parsers.text import normalise_line

# Elements that end one paragraph and start another. Table rows are blocks,
# cells are not: a two-column Word table ("53 | Disposal of Small Surplus
# Sites", Coventry cabinet 2 Oct 2018) reads as one line per row.
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "dl",
        "dt",
        "dd",
        "pre",
        "address",
        "center",
        "form",
        "fieldset",
        "body",
        "html",
    }
)
_SKIP = frozenset({"script", "style", "head", "title", "noscript", "template", "xml", "img"})
_CELLS = frozenset({"td", "th"})
# A paragraph that is only a list label: Word sometimes puts "(a)" in its own
# <p> and the text in the next one.
_LABEL_ONLY = re.compile(
    r"^(?:\(?[0-9]{1,3}[.)]|\([a-zA-Z]{1,4}\)|[a-zA-Z][.)]|[ivxIVX]{1,5}[.)]|[·•▪o§-])$"
)
_NEWLINES = re.compile(r"[\r\n]+")
_OL_STYLES = {"a": "abcdefghijklmnopqrstuvwxyz", "A": "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii"]


# Deeper than any page a council site serves (modern.gov pages with Word bodies nest a few
# dozen levels); the limit of libxml2's own XML parser. A deeper tree is unclosed tags by the
# thousand, and every "which element is this text in" question costs its depth.
MAX_HTML_DEPTH = 256

# The tree libxml2 builds is capped where the stream of parser events it is built from is
# not: an element deeper than 256 levels is not built and the parse stops there, and no text
# node grows past 10 MB (a 12 MB page of unbroken text would be cut). A tree that reaches the
# depth, or a document that could hold such a text, is built again from the events
# (``_DocumentBuilder``). ``huge_tree`` would lift the tree's caps but also libxml2's limits on
# the reading itself (an attribute value over 10 MB), which must stay what they were.
_TREE_MAX_DEPTH = 256
_TREE_MAX_TEXT = 10_000_000

# The options bs4's "lxml" reader gave libxml2, so pages read as they did through bs4, and the
# encoding of the bytes it is given. Never fetches anything (``no_network``); HTML has no
# entities to expand but the named ones.
_PARSER_OPTIONS = {"encoding": "utf-8", "recover": True, "no_network": True}
# Made once per process and shared: lxml takes one parse at a time through a parser.
_PARSER = etree.HTMLParser(**_PARSER_OPTIONS)

# The root the page readers walk from: it holds the document's top-level nodes (a page can
# have two: ``<html/>`` closed at once, then the page in a second ``<html>``). No tag the
# HTML parser makes has an upper-case letter, so no page can hold one.
DOCUMENT = "Document"

# bs4, which read these pages before lxml, kept a string of nothing but ASCII white space
# (outside <pre> and <textarea>) as one space or newline. Only a form feed makes that differ
# from the normalising every reader does later (it is a control character there, dropped, so
# "<b>a</b>&#12;<b>b</b>" would read "ab"), so only a page with one has its strings looked
# at. A <!DOCTYPE> inside the page ended a string of bs4's and leaves no trace in libxml2's
# tree, so a page with both is read from the events (``_DocumentBuilder``), where it does.
_FORM_FEED = re.compile(r"\x0c|&#0*12(?![0-9])|&#[xX]0*[cC](?![0-9a-fA-F])")
_ASCII_SPACES = " \n\t\x0c\r"
_KEEPS_SPACES = frozenset({"pre", "textarea"})
_DOCTYPE = re.compile(r"<!doctype", re.I)
_LEADING_DOCTYPE = re.compile(r"(?:\s|<\?[^>]*>|<!--.*?-->)*<!doctype", re.I | re.S)


def soup_of(html: str, *, max_depth: int | None = None) -> _Element:
    """Parse HTML (a page or a fragment) with lxml into a tree under a ``DOCUMENT`` root.

    A page that starts with an XML declaration (XHTML skins), even one naming another
    encoding, is still HTML to us: the text goes to libxml2 as the UTF-8 bytes it is. An
    empty document is an empty root. With ``max_depth`` (the page readers pass
    ``MAX_HTML_DEPTH``) a tree nested deeper is refused with ParseError, so no walk of a page
    can cost more than that many steps per node; this module's own walks are linear and take
    any depth.
    """
    if html.startswith("\ufeff"):
        html = html[1:]
    form_feed = _FORM_FEED.search(html) is not None
    data = html.encode("utf-8")
    root = None
    if len(data) < _TREE_MAX_TEXT and not (form_feed and _doctype_inside(html)):
        root = _document(etree.fromstring(data, _PARSER))
        if _deeper_than(root, _TREE_MAX_DEPTH - 1):
            root = None  # perhaps cut at the cap
        elif form_feed:
            _collapse_blank_strings(root)
    if root is None:
        root = _event_document(html)
    if max_depth is None or not _deeper_than(root, max_depth):
        return root
    depth = nesting_depth(root)
    raise ParseError(
        f"HTML nested {depth:,} levels deep (unclosed tags): over the limit of"
        f" {max_depth} for a page"
    )


def _document(top: _Element | None) -> _Element:
    """A ``DOCUMENT`` element holding ``top`` and the nodes beside it, in document order."""
    root = etree.Element(DOCUMENT)
    if top is None:  # nothing but white space, comments or a doctype
        return root
    before = list(top.itersiblings(preceding=True))
    after = list(top.itersiblings())
    for node in [*reversed(before), top, *after]:
        root.append(node)
    return root


class _DocumentBuilder:
    """A parser target building the tree from libxml2's events, under a ``DOCUMENT`` root.

    The events have none of the tree's caps, so a tree of any depth is the tree it is:
    refused with its true depth, or walked whole. Only the few documents the tree's caps
    could cut (or with a form feed and a <!DOCTYPE> inside) come this way: a Python call per
    event costs several times the parse. The events are taken as bs4 took them: an end tag
    closes the innermost open element of its name and those inside it, or nothing when none
    is open (a parse stopped short leaves elements open, closed at the end); the text between
    two events is one string, and one of nothing but ASCII white space outside <pre> and
    <textarea> is one newline or space. lxml's API refuses the control characters libxml2
    keeps (U+0001): each becomes U+007F here, a control character lxml takes, which every
    reader's normalising drops as it drops them (a string of nothing else still ends a
    paragraph). Only a raw attribute value (a link with one in it) reads otherwise.
    """

    def __init__(self) -> None:
        self._builder = etree.TreeBuilder()
        self._builder.start(DOCUMENT, {})
        self._open: list[tuple[str, str]] = []  # (the page's name, the tree's), innermost last
        self._string: list[str] = []  # the text since the last event

    def _end_string(self) -> None:
        if not self._string:
            return
        text = "".join(self._string)
        self._string.clear()
        if not text.strip(_ASCII_SPACES) and not any(
            page_name in _KEEPS_SPACES for page_name, _ in self._open
        ):
            text = "\n" if "\n" in text else " "
        self._builder.data(_NOT_XML.sub(_STAND_IN, text))

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self._end_string()
        try:
            self._builder.start(tag, attrib)
            self._open.append((tag, tag))
        except ValueError:  # a name or value lxml's API refuses: "o:p", "xml:lang", "\x01"
            name = tag if _usable_name(tag) else _UNUSABLE
            self._builder.start(name, _usable_attributes(attrib))
            self._open.append((tag, name))

    def end(self, tag: str) -> None:
        self._end_string()
        if not any(page_name == tag for page_name, _ in self._open):
            return
        while True:
            page_name, name = self._open.pop()
            self._builder.end(name)
            if page_name == tag:
                return

    def data(self, data: str) -> None:
        self._string.append(data)

    def comment(self, text: str) -> None:
        self._end_string()
        try:
            self._builder.comment(text)
        except ValueError:  # "--" in it: only where it stands counts, never its text
            self._builder.comment("")

    def pi(self, target: str, data: str | None = None) -> None:
        self._end_string()
        try:
            self._builder.pi(target, data)
        except ValueError:
            self._builder.comment("")

    def doctype(self, name: str | None, pubid: str | None, system: str | None) -> None:
        self._end_string()
        self._builder.comment("")  # nothing of the page's, but the end of a string

    def close(self) -> _Element:
        self._end_string()
        while self._open:
            self._builder.end(self._open.pop()[1])
        self._builder.end(DOCUMENT)
        root: _Element = self._builder.close()
        return root


# An element whose name lxml will not take ("o:p") is built under this one: no reader looks
# for such names, and the HTML parser makes no upper-case names.
_UNUSABLE = "Unnamed"
# The characters XML (so lxml's API) allows in text and attribute values; libxml2's HTML
# parser keeps others ("\x01"), which stand in the tree as a control character XML allows.
_STAND_IN = "\x7f"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@cache
def _usable_name(name: str) -> bool:
    try:
        etree.Element("x", {name: ""})
    except ValueError:
        return False
    return True


def _usable_attributes(attrib: dict[str, str]) -> dict[str, str]:
    return {
        k: _NOT_XML.sub(_stand_in_between_words if k in _WORD_LISTS else _STAND_IN, v)
        for k, v in attrib.items()
        if _usable_name(k)
    }


# Attributes read as lists of words (``class="mgWordPara x"``): there a refused character that
# is white space (a form feed) still parts two words.
_WORD_LISTS = frozenset({"class", "rel"})


def _stand_in_between_words(found: re.Match[str]) -> str:
    return " " if found.group().isspace() else _STAND_IN


# bs4 read the page text in pieces of this many characters; the events, and so the tree, can
# differ with the pieces (a 12 MB text arrives whole and over libxml2's cap on one read).
_FEED_CHARACTERS = 512


def _event_document(html: str) -> _Element:
    parser = etree.HTMLParser(target=_DocumentBuilder(), recover=True, no_network=True)
    for at in range(0, len(html), _FEED_CHARACTERS):
        parser.feed(html[at : at + _FEED_CHARACTERS])
    root: _Element = parser.close()
    return root


@cache
def _depth_probe(depth: int) -> etree.XPath:
    return etree.XPath("boolean(*" + "/*" * depth + ")")


def _deeper_than(root: _Element, depth: int) -> bool:
    """Whether any element sits more than ``depth`` levels under ``root`` (libxml2's XPath:
    one step per level, each over the elements at that level, so linear in the tree)."""
    return bool(_depth_probe(depth)(root))


def _doctype_inside(html: str) -> bool:
    """Whether a <!DOCTYPE> stands anywhere but before the page's first element or text."""
    first = _DOCTYPE.search(html)
    if first is None:
        return False
    leading = _LEADING_DOCTYPE.match(html)
    return (
        leading is None or leading.end() != first.end() or bool(_DOCTYPE.search(html, first.end()))
    )


def _collapse_blank_strings(root: _Element) -> None:
    """bs4's rule for a string of nothing but ASCII white space with a form feed in it."""
    for node in root.iter():
        for text, is_tail in ((node.text, False), (node.tail, True)):
            if not text or "\x0c" not in text or text.strip(_ASCII_SPACES):
                continue
            around = node.iterancestors() if is_tail else chain((node,), node.iterancestors())
            if any(up.tag in _KEEPS_SPACES for up in around):
                continue
            blank = "\n" if "\n" in text else " "
            if is_tail:
                node.tail = blank  # a valid string: lxml's API takes it
            elif isinstance(node.tag, str):  # a comment's own text is not a string of the page
                node.text = blank


def nesting_depth(root: _Element) -> int:
    """How many elements deep ``root``'s tree goes (an iterative walk: no recursion).

    Plain loops, here and in ``_walk`` and ``_inside_skipped``: every page's every node
    passes through them, and a generator expression per node cost more than the walk.
    """
    deepest = 0
    stack = [(root, 0)]
    pop, push = stack.pop, stack.append
    while stack:
        node, depth = pop()
        if depth > deepest:
            deepest = depth
        depth += 1
        for child in node:
            if isinstance(child.tag, str):
                push((child, depth))
    return deepest


def _inside_skipped(node: _Element) -> bool:
    """Whether ``node`` itself sits inside a skipped element (a fragment of a <script>)."""
    parent = node.getparent()
    while parent is not None:
        if parent.tag in _SKIP:
            return True
        parent = parent.getparent()
    return False


def _walk(root: _Element) -> Iterator[tuple[_Element | str, _Element | None]]:
    """``root``'s elements and text in document order, each with the block its text belongs to.

    lxml keeps an element's text in ``.text`` and the text after it in ``.tail``: each piece
    comes out where it stands in the page, an element's text after the element and its tail
    after the element's last descendant. Comments and processing instructions give only their
    tails (the text after them); their own text is not the page's.

    One pass with an explicit stack, so the cost is linear in the number of nodes however
    deep the nesting: a text's block is worked out from its ancestors as the walk goes
    down, never by climbing back up (8,000 unclosed ``<span>``s made every string climb
    8,000 parents). Skipped elements (scripts, styles) are not entered at all.

    The block of a piece of text is its table row when it sits in one (a Word table row is
    one line even when its cells hold ``<p>``s: "53 | Disposal of Small Surplus Sites",
    Coventry cabinet 2 Oct 2018), else its nearest block element below the nearest table or
    ``root``, else None (the text belongs to ``root`` itself).
    """
    text = root.text
    if text:
        yield text, None
    # Each entry: an element still to visit or a tail still to give, the nearest block and
    # row above it.
    stack: list[tuple[_Element | str, _Element | None, _Element | None]] = [
        (child, None, None) for child in reversed(root)
    ]
    pop, push = stack.pop, stack.append
    while stack:
        node, block, row = pop()
        if isinstance(node, str):  # a tail
            yield node, block if row is None else row
            continue
        name = node.tag
        if not isinstance(name, str) or name in _SKIP:  # a comment, a script ...
            tail = node.tail
            if tail:
                yield tail, block if row is None else row
            continue
        yield node, block if row is None else row
        if name == "table":
            inner_block, inner_row = None, None
        elif name == "tr":
            inner_block, inner_row = block, node
        elif name in _BLOCKS:
            inner_block, inner_row = node, row
        else:
            inner_block, inner_row = block, row
        tail = node.tail
        if tail:
            push((tail, block, row))
        text = node.text
        if text:
            yield text, inner_block if inner_row is None else inner_row
        for child in reversed(node):
            push((child, inner_block, inner_row))


def inline_text(node: _Element | str | None) -> str:
    """All text under ``node`` as one normalised line (labels, titles, cells)."""
    if node is None:
        return ""
    if isinstance(node, str):
        return normalise_line(node)
    if _inside_skipped(node):
        return ""
    parts: list[str] = []
    for piece, _ in _walk(node):
        if isinstance(piece, str):
            parts.append(piece)
        elif piece.tag == "br":
            parts.append(" ")
    return normalise_line(_NEWLINES.sub(" ", "".join(parts)))


class _ListLabels:
    """The label a browser would draw for each ``<li>``: a bullet, or 1. / a. / i. in an <ol>.

    Positions are counted once per list (a list of thousands of items must not count its
    items again for each one). The lists and items are the keys themselves, not their ids:
    lxml makes a new Python object for an element each time one is asked for and none is
    alive, so an id could be a freed object's, reused.
    """

    def __init__(self) -> None:
        self._positions: dict[_Element, dict[_Element, int]] = {}

    def label(self, li: _Element) -> str:
        parent = li.getparent()
        if parent is None or parent.tag != "ol":
            return "•"
        positions = self._positions.get(parent)
        if positions is None:
            siblings = (c for c in parent if c.tag == "li")
            positions = {s: i for i, s in enumerate(siblings)}
            self._positions[parent] = positions
        try:
            start = int(str(parent.get("start", "1")))
        except ValueError:
            start = 1
        index = start + positions.get(li, 0)
        style = str(parent.get("type", "1"))
        if style in _OL_STYLES and 1 <= index <= 26:
            return f"{_OL_STYLES[style][index - 1]}."
        if style in ("i", "I") and 1 <= index <= len(_ROMAN):
            roman = _ROMAN[index - 1]
            return f"{roman.upper() if style == 'I' else roman}."
        return f"{index}."


def paragraphs_from_html(fragment: str | _Element) -> list[str]:
    """Word/modern.gov HTML -> the model's paragraphs (see ``parsers.model``).

    Walks the tree once, in document order, without recursion (deeply nested
    Word divs must not overflow the stack) and in time linear in its size; a
    paragraph ends wherever a block element starts or ends or at ``<br>``.
    """
    root = soup_of(fragment) if isinstance(fragment, str) else fragment
    if _inside_skipped(root):
        return []
    labels = _ListLabels()
    paragraphs: list[str] = []
    current: list[str] = []
    current_block: _Element | None = None

    def flush() -> None:
        text = normalise_line(_NEWLINES.sub(" ", "".join(current)))
        current.clear()
        if text:
            paragraphs.append(text)

    for node, block in _walk(root):
        if not isinstance(node, str):
            name = node.tag
            if name == "br":
                flush()
            elif name == "li":
                flush()
                current.append(labels.label(node) + " ")
                current_block = node
            elif name in _CELLS:
                current.append(" ")
            continue
        if block is None:
            block = root
        if block is not current_block:
            # A new block (or text after a nested block) starts a paragraph; a
            # lone "•"/"1." label left by <li><p>..</p></li> is joined below.
            flush()
            current_block = block
        current.append(node)
    flush()
    return join_labels(paragraphs)


def join_labels(paragraphs: Iterable[str]) -> list[str]:
    """Join a paragraph that is only a list label ("(a)", "1.") to the one after it."""
    out: list[str] = []
    pending: str | None = None
    for para in paragraphs:
        if pending is not None:
            out.append(f"{pending} {para}")
            pending = None
        elif _LABEL_ONLY.match(para):
            pending = para
        else:
            out.append(para)
    if pending is not None:
        out.append(pending)
    return out


def text_from_html(fragment: str | _Element) -> str:
    """Paragraphs joined by blank lines, the model's multi-paragraph text form."""
    return "\n\n".join(paragraphs_from_html(fragment))
