"""Decoding and normalising text at the edge, once, for every text-based format."""

from __future__ import annotations

import codecs
import re
import unicodedata

# C0/C1 control characters other than tab and newline; never meaningful in minutes.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")


def decode(data: bytes) -> str:
    """Decode a document's bytes: BOM first, then UTF-8, then cp1252 (old council pages).

    Never raises: cp1252's five undefined bytes fall back to latin-1 code points.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def normalise_line(line: str) -> str:
    """One line with NBSPs and odd spaces as plain spaces, runs collapsed, ends trimmed.

    An NBSP-only line (modern.gov's "empty" paragraph) becomes "".
    """
    line = _ZERO_WIDTH.sub("", line)
    line = _CONTROL.sub("", line)
    return _SPACES.sub(" ", line).strip()


def normalise_text(text: str) -> list[str]:
    """Split text into normalised lines (CRLF/CR folded, NFC composed)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [normalise_line(line) for line in text.split("\n")]
