"""Decoding and normalising text at the edge, once, for every text-based format."""

from __future__ import annotations

import codecs
import re
import unicodedata

# C0/C1 control characters other than tab and newline; never meaningful in minutes.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")


def _cp1252_for_stray_bytes(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: a byte that is not valid UTF-8 is read as cp1252.

    Council pages are sometimes UTF-8 with a few cp1252 bytes pasted in from Word
    (a lone 0x92 apostrophe). Reading only those bytes as cp1252 keeps every other
    character of the page right, where falling back to cp1252 for the whole page
    would turn each ’ into "â€™".
    """
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("minutes_tui_cp1252", _cp1252_for_stray_bytes)


def decode(data: bytes) -> str:
    """Decode a document's bytes: BOM first, then UTF-8, then cp1252 (old council pages).

    A page that is mostly UTF-8 keeps UTF-8 and reads only its stray bytes as
    cp1252; a page with no valid multi-byte UTF-8 at all is cp1252 throughout.
    Never raises: cp1252's five undefined bytes become U+FFFD.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="minutes_tui_cp1252")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mixed = data.decode("utf-8", errors="surrogateescape")
    stray = sum(1 for ch in mixed if "\udc80" <= ch <= "\udcff")
    multibyte = sum(1 for ch in mixed if ch > "\x7f" and not "\udc80" <= ch <= "\udcff")
    if multibyte > stray:
        return data.decode("utf-8", errors="minutes_tui_cp1252")
    return data.decode("cp1252", errors="minutes_tui_cp1252_whole")


def _cp1252_undefined(error: UnicodeError) -> tuple[str, int]:
    """cp1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined: show them as U+FFFD."""
    assert isinstance(error, UnicodeDecodeError)
    return "\ufffd", error.end


codecs.register_error("minutes_tui_cp1252_whole", _cp1252_undefined)


def normalise_line(line: str) -> str:
    """One line with NBSPs and odd spaces as plain spaces, runs collapsed, ends trimmed.

    An NBSP-only line (modern.gov's "empty" paragraph) becomes "".
    """
    if line.isprintable():
        # The common case, and a third of a text page's parse when it went through
        # the three substitutions: a printable line has no control or zero-width
        # character, no tab and no space but " " (str.isprintable is False for
        # categories Cc, Cf and Zs other than " "), so only runs of spaces remain.
        return (_SPACES.sub(" ", line) if "  " in line else line).strip()
    if not line.strip():
        return ""  # modern.gov's NBSP-only "empty" paragraph: nothing would be left
    if "\xa0" in line:
        # "(a)\xa0 to note ...": an NBSP is a space of _SPACES, so with every other
        # character printable only the runs of spaces need collapsing.
        plain = line.replace("\xa0", " ")
        if plain.isprintable():
            return (_SPACES.sub(" ", plain) if "  " in plain else plain).strip()
    line = _ZERO_WIDTH.sub("", line)
    line = _CONTROL.sub("", line)
    return _SPACES.sub(" ", line).strip()


def normalise_text(text: str) -> list[str]:
    """Split text into normalised lines (CRLF/CR folded, NFC composed)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [normalise_line(line) for line in text.split("\n")]
