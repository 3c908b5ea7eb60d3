"""Attached documents as text renderings show them: ``Minutes pdf icon PDF 318 KB``.

modern.gov prints a link's text, then the file-type icon's alt text
(``pdf icon``), then a size label (``PDF 318 KB``). A text rendering flattens
all three into the title; ``split_title`` takes them back apart. Old table
layouts drop the icon (Oxfordshire: ``Questions from County Councillors PDF
65 KB``).
"""

from __future__ import annotations

import re

from parsers.model import Document

# File types modern.gov labels (the size label's first word).
FILE_TYPES = r"pdf|docx?|xlsx?|pptx?|rtf|txt|html?|odt|ods|csv|zip|jpe?g|png|gif|mp3|mp4"

# "1 MB", "318 KB", "1.2MB", "12,345 bytes".
SIZE = re.compile(r"(?P<number>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>[KMG]B|bytes?|B)\b", re.IGNORECASE)
_UNIT_KB = {
    "b": 1 / 1024, "byte": 1 / 1024, "bytes": 1 / 1024, "kb": 1.0, "mb": 1024.0, "gb": 1024.0**2,
}  # fmt: skip

# The icon's alt text, English or Welsh ("pdf eicon" on LLL=1 pages).
_ICON = r"e?icon"
# The tail of a title: optional "pdf icon", then "PDF 318 KB" at the end.
TITLE_TAIL = re.compile(
    rf"\s*(?:(?:{FILE_TYPES})\s+{_ICON}\s+)?(?P<format>{FILE_TYPES})\s+(?P<size>\d[\d,]*(?:\.\d+)?\s*[KMG]B)\s*$",
    re.IGNORECASE,
)
# An icon without a size label ("Report pdf icon"), seen when a size was not rendered.
ICON_ONLY = re.compile(rf"\s*(?P<format>{FILE_TYPES})\s+{_ICON}\s*$", re.IGNORECASE)


def parse_size(text: str) -> float | None:
    """A size label in kilobytes: ``"318 KB"`` -> 318.0, ``"1 MB"`` -> 1024.0; None if absent."""
    match = SIZE.search(text)
    if match is None:
        return None
    number = float(match.group("number").replace(",", ""))
    return round(number * _UNIT_KB[match.group("unit").lower()], 3)


def split_title(title: str) -> tuple[str, Document | None]:
    """A rendered title -> (title without the document noise, the attached Document or None).

    ``"Minutes pdf icon PDF 318 KB"`` -> ``("Minutes", Document("Minutes", "pdf", 318.0))``.
    """
    # TITLE_TAIL ends in "KB"/"MB"/"GB" and ICON_ONLY in "icon": a title ending in
    # anything else has neither, and most item titles do (each failed search tries
    # every space in the title).
    last = title.rstrip()[-1:]
    if last not in ("B", "b", "N", "n") or not last:
        return title.strip(), None
    # Neither pattern spans more than the last five words ("pdf icon PDF 318 KB") and
    # the spaces before them, so the search starts there, not at every space.
    head = title.rsplit(None, 5)
    start = len(head[0]) if len(head) > 5 else 0
    match = TITLE_TAIL.search(title, start) or ICON_ONLY.search(title, start)
    if match is None or match.start() == 0:
        return title.strip(), None
    clean = title[: match.start()].strip()
    size = parse_size(match.group("size")) if "size" in match.groupdict() else None
    return clean, Document(title=clean, format=match.group("format").lower(), size_kb=size)


def document_line(line: str) -> Document:
    """One line of an "Additional documents:" list (``• Appendix 1 pdf icon PDF 80 KB``)."""
    text = line.lstrip("·•▪◦●‣∙-* ").strip()
    clean, document = split_title(text)
    return document or Document(title=clean)
