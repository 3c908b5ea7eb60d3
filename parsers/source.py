"""What a parser is given, what it raises, and the interface every format module has."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

from parsers.model import ParsedDocument
from parsers.text import decode


class ParseError(Exception):
    """A document could not be read. ``str(error)`` is a one-line reason for the user."""


@dataclass(frozen=True)
class Source:
    """A source file's bytes and name. Text is decoded once, on first use."""

    name: str  # file name (or path) for provenance and error messages
    data: bytes

    @cached_property
    def text(self) -> str:
        """The bytes decoded (UTF-8 with or without BOM, UTF-16 with BOM, else cp1252)."""
        return decode(self.data)

    def plain_text(self, limit: int) -> str | None:
        """The first ``limit`` characters when the file is plain text: not binary, a PDF,
        markup or JSON (which the text formats' sniffers leave to the other formats)."""
        head = self.data[:4096]
        if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return None
        text = self.text[:limit]
        start = text.lstrip("\ufeff \t\r\n")
        if start.startswith(("<", "%PDF")) or _JSON_START.match(start):
            return None
        return None if "<html" in text[:2000].lower() else text


# "{" or "[" opening JSON, not "{meta}" or "[Original file](...)" opening a text.
_JSON_START = re.compile(r"[\[{]\s*[\"\[{]")


class SourceFormat(Protocol):
    """A module that reads one source format. Registered in ``parsers.registry``.

    ``sniff`` must be cheap (look at the first few KB) and must not raise;
    ``parse`` returns a ParsedDocument or raises ParseError with a clear reason.
    """

    NAME: str

    def sniff(self, source: Source) -> bool: ...

    def parse(self, source: Source) -> ParsedDocument: ...
