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
from collections.abc import Iterable

from bs4 import BeautifulSoup, Comment, NavigableString, Tag, XMLParsedAsHTMLWarning
from bs4.element import CData, Declaration, Doctype, ProcessingInstruction

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


def soup_of(html: str) -> BeautifulSoup:
    """Parse HTML (a page or a fragment) with lxml, never touching the network.

    Pages that start with an XML declaration (XHTML skins) are still HTML to us,
    so bs4's "looks like XML" warning is silenced.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(html, "lxml")


def inline_text(node: Tag | NavigableString | None) -> str:
    """All text under ``node`` as one normalised line (labels, titles, cells)."""
    if node is None:
        return ""
    if isinstance(node, NavigableString):
        return normalise_line(str(node))
    parts: list[str] = []
    for piece in node.descendants:
        if isinstance(piece, NavigableString) and not isinstance(piece, _SKIPPED_STRINGS):
            if not any(p.name in _SKIP for p in piece.parents if isinstance(p, Tag)):
                parts.append(str(piece))
        elif isinstance(piece, Tag) and piece.name == "br":
            parts.append(" ")
    return normalise_line(_NEWLINES.sub(" ", "".join(parts)))


def _list_label(li: Tag) -> str:
    """The label a browser would draw for ``<li>``: a bullet, or 1. / a. / i. in an <ol>."""
    parent = li.parent
    if not isinstance(parent, Tag) or parent.name != "ol":
        return "•"
    siblings = [c for c in parent.children if isinstance(c, Tag) and c.name == "li"]
    try:
        start = int(str(parent.get("start", "1")))
    except ValueError:
        start = 1
    index = start + next((i for i, s in enumerate(siblings) if s is li), 0)
    style = str(parent.get("type", "1"))
    if style in _OL_STYLES and 1 <= index <= 26:
        return f"{_OL_STYLES[style][index - 1]}."
    if style in ("i", "I") and 1 <= index <= len(_ROMAN):
        roman = _ROMAN[index - 1]
        return f"{roman.upper() if style == 'I' else roman}."
    return f"{index}."


def _block_of(node: NavigableString | Tag, root: Tag) -> Tag | None:
    """The block a piece of text belongs to, within ``root``. A table row is one
    block even when its cells hold <p>s (Word tables: "53 | Disposal of Small
    Surplus Sites"); rows of the page's own layout tables outside ``root`` are
    not considered."""
    first: Tag | None = None
    for parent in node.parents:
        if parent.name == "tr":
            return parent
        if parent.name == "table" or parent is root:
            break
        if first is None and parent.name in _BLOCKS:
            first = parent
    return first if first is not None else root


def paragraphs_from_html(fragment: str | Tag) -> list[str]:
    """Word/modern.gov HTML -> the model's paragraphs (see ``parsers.model``).

    Walks the tree once, in document order, without recursion (deeply nested
    Word divs must not overflow the stack); a paragraph ends wherever a block
    element starts or ends or at ``<br>``.
    """
    root = soup_of(fragment) if isinstance(fragment, str) else fragment
    paragraphs: list[str] = []
    current: list[str] = []
    current_block: Tag | None = None

    def flush() -> None:
        text = normalise_line(_NEWLINES.sub(" ", "".join(current)))
        current.clear()
        if text:
            paragraphs.append(text)

    for node in root.descendants:
        if isinstance(node, Tag):
            if node.name == "br":
                flush()
            elif node.name == "li":
                flush()
                current.append(_list_label(node) + " ")
                current_block = node
            elif node.name in _CELLS:
                current.append(" ")
            continue
        if isinstance(node, _SKIPPED_STRINGS) or not isinstance(node, NavigableString):
            continue
        if any(isinstance(p, Tag) and p.name in _SKIP for p in node.parents):
            continue
        block = _block_of(node, root)
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
