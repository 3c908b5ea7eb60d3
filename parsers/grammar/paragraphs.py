"""Lines -> paragraphs, and the site's truncation marker.

The model's paragraph convention (``parsers/model.py``): paragraphs are
separated by one blank line, hard-wrapped lines are rejoined, each lettered or
numbered point and each bullet is its own paragraph, label included.

Text renderings come in three shapes and ``rejoin`` reads all of them:

* blank-line blocks, one paragraph per block (most modern.gov pages; the
  "empty" NBSP paragraphs between points are blank once normalised);
* hard-wrapped lines with every source line break kept and list labels alone on
  their line (Nottingham seed 004: ``(a)`` / ``Nottingham City Safeguarding
  Children Partnership was established`` / ``in accordance with ...``);
* a single blank line inside a sentence (Neath Port Talbot: ``That the
  progress made in the installation and`` / blank / ``development of the
  Modern.Gov decision``; Slough: ``... be`` / blank / ``agreed as a correct
  record.``). Real paragraphs are further apart: modern.gov puts an "empty"
  NBSP paragraph between them, so a lower-case paragraph after two or more
  blank lines stays its own (Manchester: ``... Intelligence)`` / ``and`` /
  ``The BreastFest ...``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# A list label opening a line: "(a)", "(1)", "(ii)", "a)", "1.", "i." or a bullet.
# "(m)if a child ..." (seed 004) has no space after the label.
LIST_LABEL = re.compile(
    r"""^(?:
        \((?:\d{1,3}|[a-zA-Z]{1,2}|[ivxIVX]{1,5})\)
      | (?:\d{1,2}|[a-zA-Z]|[ivx]{1,5})[.)](?=\s|$)
    )""",
    re.X,
)
BULLET = re.compile(r"^[·•▪◦●‣∙]")
# A resolution keyword opening a line starts a paragraph even inside a
# hard-wrapped block (seed 004: "... on YouTube." / "Resolved" / "(1)").
KEYWORD_LINE = re.compile(
    r"^(?:RESOLVED|Resolved|It was RESOLVED|AGREED|PENDERFYNWYD|REASONS?\b|DECISION\b)"
)
# A line at least this long in a hard-wrapped block was never wrapped: it is a
# whole paragraph (seed 004: the one-line "(h) in 2023-24 ..." point followed by
# "In response to questions ..."). Wrapped lines there are 55-95 characters.
UNWRAPPED_LINE = 120
SENTENCE_END = re.compile(r"""[.;:!?]["”’']?$""")
# Lines shorter than this, two in a row, are one entry each (names, dates).
SHORT_LINE = 45
# ... unless the first stops on a word that needs the next: "Councillors A, B and" / "C".
JOINING_WORDS = frozenset(
    {"and", "or", "of", "the", "a", "an", "to", "in", "for", "by", "on", "with", "at", "from",
     "&", "-", "–", "that", "as", "be", "is", "are", "was", "were"}
)  # fmt: skip

# "...  view the full minutes text for item 20." (modern.gov cuts long bodies;
# two spaces, or NBSPs, around the dots; no dot after "3a"; "agenda text" for a
# cut description, City of London). An excerpt may even end inside the marker
# ("...  view the full minutes text"), so "for item N" is optional.
TRUNCATION = re.compile(
    r"\s*\.{3}\s*view the full (?:minutes|agenda|decision) text"
    r"(?:\s+for\s+item\s+(?P<number>\S+?))?\.?\s*$",
    re.IGNORECASE,
)


def rejoin(lines: Sequence[str]) -> list[str]:
    """Normalised lines (blank = paragraph break) -> paragraphs, per the model's convention."""
    paragraphs: list[str] = []
    for blanks, block in _blocks(lines):
        for n, para in enumerate(_split_block(block)):
            if paragraphs and _continues(paragraphs[-1], para, blanks=blanks if n == 0 else 0):
                paragraphs[-1] = f"{paragraphs[-1]} {para}"
            else:
                paragraphs.append(para)
    return paragraphs


def strip_truncation(text: str) -> tuple[str, str | None]:
    """Remove the site's "... view the full minutes text for item N." marker.

    Returns (text without the marker, "N"), or (text, None) when the text was
    not cut. A marker that names no item (an excerpt ending inside it) gives "".
    """
    # The marker's one fixed part is its "...": without one there is no marker, and
    # the search starts at the first one (with the spaces before it), not at every
    # space of the minutes.
    first = text.find("...")
    if first < 0:
        return text, None
    while first > 0 and text[first - 1].isspace():
        first -= 1
    match = TRUNCATION.search(text, first)
    if match is None:
        return text, None
    return text[: match.start()].rstrip(), (match.group("number") or "")


def is_list_start(line: str) -> bool:
    """Does the line open a lettered/numbered point or a bullet?"""
    return bool(LIST_LABEL.match(line) or BULLET.match(line))


def _blocks(lines: Sequence[str]) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines, each with the number of blank lines before it."""
    blocks: list[tuple[int, list[str]]] = []
    blanks = 0
    current: list[str] | None = None
    for line in lines:
        line = line.strip()
        if not line:
            blanks += 1
            current = None
            continue
        if current is None:
            current = []
            blocks.append((blanks, current))
            blanks = 0
        current.append(line)
    return blocks


def _split_block(block: list[str]) -> list[str]:
    """One block of consecutive lines -> its paragraphs (wrapped lines joined)."""
    paras: list[str] = []
    previous = ""
    for line in block:
        starts_new = (
            not paras
            or is_list_start(line)
            or KEYWORD_LINE.match(line)
            or (len(previous) >= UNWRAPPED_LINE and SENTENCE_END.search(previous))
            or _one_per_line(previous, line)
        )
        if starts_new and not (paras and _label_only(paras[-1])):
            paras.append(line)
        else:
            paras[-1] = f"{paras[-1]} {line}"
        previous = line
    return paras


def _one_per_line(previous: str, line: str) -> bool:
    """Two short capitalised lines in a row are list entries, not a wrapped sentence.

    A hard-wrapped page keeps one name or date per line where the blank-line
    page has one per block (seed 000's apologies: ``Sean Kelly (Vice Chair)`` /
    ``Scott Mason``; Kent's reserved dates: ``Friday 24 May 2019`` / ``Tuesday
    16 July 2019``); wrapped prose lines are far longer (55-95 characters).
    """
    if len(previous) >= SHORT_LINE or len(line) >= SHORT_LINE:
        return False
    if not (line[:1].isupper() or line[:1].isdigit()):
        return False
    last = previous.rsplit(None, 1)[-1].lower() if previous else ""
    return last not in JOINING_WORDS


def _continues(previous: str, para: str, *, blanks: int) -> bool:
    """Is ``para`` the rest of ``previous`` (a label alone, or a sentence cut by one blank line)?"""
    if _label_only(previous):
        return True
    if blanks > 1 or is_list_start(para) or SENTENCE_END.search(previous):
        return False
    return para[:1].islower()


def _label_only(para: str) -> bool:
    match = LIST_LABEL.match(para)
    return bool(match) and not para[match.end() :].strip()
