"""What a parser is given, what it raises, and the interface every format module has."""

from __future__ import annotations

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


class SourceFormat(Protocol):
    """A module that reads one source format. Registered in ``parsers.registry``.

    ``sniff`` must be cheap (look at the first few KB) and must not raise;
    ``parse`` returns a ParsedDocument or raises ParseError with a clear reason.
    """

    NAME: str

    def sniff(self, source: Source) -> bool: ...

    def parse(self, source: Source) -> ParsedDocument: ...
