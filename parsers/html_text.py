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
import warnings
from collections.abc import Iterable, Iterator

from bs4 import BeautifulSoup, Comment, NavigableString, PageElement, Tag, XMLParsedAsHTMLWarning
from bs4.element import CData, Declaration, Doctype, ProcessingInstruction

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
_SKIPPED_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction, CData)

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


def soup_of(html: str, *, max_depth: int | None = None) -> BeautifulSoup:
    """Parse HTML (a page or a fragment) with lxml, never touching the network.

    Pages that start with an XML declaration (XHTML skins) are still HTML to us,
    so bs4's "looks like XML" warning is silenced. With ``max_depth`` (the page
    readers pass ``MAX_HTML_DEPTH``) a tree nested deeper is refused with
    ParseError, so no walk of a page can cost more than that many steps per
    node; this module's own walks are linear and take any depth.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(html, "lxml")
    if max_depth is None:
        return soup
    depth = nesting_depth(soup)
    if depth > max_depth:
        raise ParseError(
            f"HTML nested {depth:,} levels deep (unclosed tags): over the limit of"
            f" {max_depth} for a page"
        )
    return soup


def nesting_depth(root: Tag) -> int:
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
        for child in node.contents:
            if isinstance(child, Tag):
                push((child, depth))
    return deepest


def _inside_skipped(node: Tag) -> bool:
    """Whether ``node`` itself sits inside a skipped element (a fragment of a <script>)."""
    parent = node.parent
    while parent is not None:
        if parent.name in _SKIP:
            return True
        parent = parent.parent
    return False


def _walk(root: Tag) -> Iterator[tuple[PageElement, Tag | None]]:
    """``root``'s descendants in document order, each with the block its text belongs to.

    One pass with an explicit stack, so the cost is linear in the number of nodes however
    deep the nesting: a text node's block is worked out from its ancestors as the walk goes
    down, never by climbing back up (8,000 unclosed ``<span>``s made every string climb
    8,000 parents). Skipped elements (scripts, styles) are not entered at all.

    The block of a piece of text is its table row when it sits in one (a Word table row is
    one line even when its cells hold ``<p>``s: "53 | Disposal of Small Surplus Sites",
    Coventry cabinet 2 Oct 2018), else its nearest block element below the nearest table or
    ``root``, else None (the text belongs to ``root`` itself).
    """
    # Each entry: a node still to visit, the nearest block and row above it.
    stack: list[tuple[PageElement, Tag | None, Tag | None]] = [
        (child, None, None) for child in reversed(root.contents)
    ]
    pop, push = stack.pop, stack.append
    while stack:
        node, block, row = pop()
        if isinstance(node, Tag):
            name = node.name
            if name in _SKIP:
                continue
            yield node, row or block
            if name == "table":
                inner_block, inner_row = None, None
            elif name == "tr":
                inner_block, inner_row = block, node
            elif name in _BLOCKS:
                inner_block, inner_row = node, row
            else:
                inner_block, inner_row = block, row
            for child in reversed(node.contents):
                push((child, inner_block, inner_row))
        else:
            yield node, row or block


def inline_text(node: Tag | NavigableString | None) -> str:
    """All text under ``node`` as one normalised line (labels, titles, cells)."""
    if node is None:
        return ""
    if isinstance(node, NavigableString):
        return normalise_line(str(node))
    if _inside_skipped(node):
        return ""
    parts: list[str] = []
    for piece, _ in _walk(node):
        if isinstance(piece, NavigableString) and not isinstance(piece, _SKIPPED_STRINGS):
            parts.append(str(piece))
        elif isinstance(piece, Tag) and piece.name == "br":
            parts.append(" ")
    return normalise_line(_NEWLINES.sub(" ", "".join(parts)))


class _ListLabels:
    """The label a browser would draw for each ``<li>``: a bullet, or 1. / a. / i. in an <ol>.

    Positions are counted once per list (a list of thousands of items must not count its
    items again for each one).
    """

    def __init__(self) -> None:
        self._positions: dict[int, dict[int, int]] = {}

    def label(self, li: Tag) -> str:
        parent = li.parent
        if not isinstance(parent, Tag) or parent.name != "ol":
            return "•"
        positions = self._positions.get(id(parent))
        if positions is None:
            siblings = (c for c in parent.children if isinstance(c, Tag) and c.name == "li")
            positions = {id(s): i for i, s in enumerate(siblings)}
            self._positions[id(parent)] = positions
        try:
            start = int(str(parent.get("start", "1")))
        except ValueError:
            start = 1
        index = start + positions.get(id(li), 0)
        style = str(parent.get("type", "1"))
        if style in _OL_STYLES and 1 <= index <= 26:
            return f"{_OL_STYLES[style][index - 1]}."
        if style in ("i", "I") and 1 <= index <= len(_ROMAN):
            roman = _ROMAN[index - 1]
            return f"{roman.upper() if style == 'I' else roman}."
        return f"{index}."


def paragraphs_from_html(fragment: str | Tag) -> list[str]:
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
    current_block: Tag | None = None

    def flush() -> None:
        text = normalise_line(_NEWLINES.sub(" ", "".join(current)))
        current.clear()
        if text:
            paragraphs.append(text)

    for node, block in _walk(root):
        if isinstance(node, Tag):
            if node.name == "br":
                flush()
            elif node.name == "li":
                flush()
                current.append(labels.label(node) + " ")
                current_block = node
            elif node.name in _CELLS:
                current.append(" ")
            continue
        if isinstance(node, _SKIPPED_STRINGS) or not isinstance(node, NavigableString):
            continue
        block = block or root
        if block is not current_block:
            # A new block (or text after a nested block) starts a paragraph; a
            # lone "•"/"1." label left by <li><p>..</p></li> is joined below.
            flush()
            current_block = block
        current.append(str(node))
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


def text_from_html(fragment: str | Tag) -> str:
    """Paragraphs joined by blank lines, the model's multi-paragraph text form."""
    return "\n\n".join(paragraphs_from_html(fragment))
