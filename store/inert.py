"""Text made inert for a terminal: escape sequences and invisible controls removed.

Minutes are scraped from the web and a title can contain anything. The reader
(``tui/safe_text.py``) and the exports that people open in a terminal or a
spreadsheet (Markdown, CSV) pass every document string through ``inert``:

* terminal escape sequences (CSI ``ESC [ ... m``, OSC ``ESC ] 52 ; c ; ... BEL``
  which could write the clipboard, and their 8-bit C1 forms) are removed;
* other C0/C1 control characters are removed (newlines kept, tabs become spaces);
* bidi overrides and isolates (U+202A-U+202E, U+2066-U+2069) and zero-width
  characters are removed, so text cannot visually reorder itself or hide words.

It lives in the store (which may not import rich) so there is one copy of the rules.
"""

from __future__ import annotations

import re

# ESC-introduced sequences: OSC/DCS/SOS/PM/APC strings (terminated by BEL or ST, or running to
# the end of the line when unterminated), CSI sequences, and two-character escapes. 8-bit C1
# introducers are removed as single characters below, which leaves their arguments harmless text.
_ESCAPES = re.compile(
    r"""
      \x1b[\]PX^_] [^\n]*? (?:\x07|\x1b\\|\x9c|(?=\n)|$)
    | \x1b\[ [0-?]* [ -/]* [@-~]?
    | \x9b [0-?]* [ -/]* [@-~]?
    | \x1b [ -/]* [0-~]?
    """,
    re.VERBOSE,
)
# C0 controls except TAB and LF, DEL, C1 controls; bidi embeddings/overrides/isolates and marks;
# zero-width and invisible formatting characters.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u180e]"
)


TAB_SIZE = 4


def inert(text: str | None) -> str:
    """The text with every escape sequence and invisible control removed; tabs become spaces.

    Line breaks are kept (CR LF and CR become LF) for multi-paragraph text.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPES.sub("", text)
    text = _INVISIBLE.sub("", text)
    return text.expandtabs(TAB_SIZE) if "\t" in text else text


_SPACES = re.compile(r"\s+")


def one_line(text: str | None) -> str:
    """Inert text collapsed to a single line (list rows, headers, a site's titles)."""
    return _SPACES.sub(" ", inert(text)).strip()


# What ``printable`` shows as an escape: every character ``inert`` would remove, and line breaks.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u180e]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object) -> str:
    """One line naming ``text`` exactly, safe for a terminal: controls shown as escapes.

    For the strings from outside that a command prints (file names, paths, addresses, error
    texts from libraries): ``inert`` would drop an escape sequence from a file name and leave a
    name no one can find, so here every control, bidi or invisible character is written as
    ``\\x1b`` / ``\\u202e`` instead. ``x\\x1b]0;pwned\\x07.txt`` prints as that, and the
    terminal's title and clipboard stay as they were.
    """
    return _UNPRINTABLE.sub(_escape, str(text))
