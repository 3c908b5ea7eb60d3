"""Make document text inert before it reaches the terminal.

Minutes are scraped from the web; a title can contain anything. Everything the
reader shows from a document goes through this module and is displayed as a
``rich.text.Text`` built from plain strings, never as a markup string, so:

* Rich/Textual markup such as ``[bold red]x[/]`` shows literally;
* terminal escape sequences (CSI ``ESC [ ... m``, OSC ``ESC ] 52 ; c ; ... BEL``
  which could write the clipboard, and their 8-bit C1 forms) are removed;
* other C0/C1 control characters are removed (newlines kept where a block of
  text is wanted, tabs become spaces);
* bidi overrides and isolates (U+202A-U+202E, U+2066-U+2069) and zero-width
  characters are removed, so text cannot visually reorder itself or hide words
  ("Trojan Source" style).
"""

from __future__ import annotations

from rich.style import StyleType
from rich.text import Text

from store.inert import inert, one_line

__all__ = ["inert", "one_line", "safe"]


def safe(text: str | None, style: StyleType = "", *, single_line: bool = False) -> Text:
    """A ``Text`` showing the document's words literally (markup is not interpreted)."""
    return Text(one_line(text) if single_line else inert(text), style=style, end="")
