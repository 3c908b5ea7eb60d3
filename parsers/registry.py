"""The one place source formats are registered, and detection by content.

To add a format: write a module with ``NAME``, ``sniff(source)`` and
``parse(source)`` (see ``parsers.source.SourceFormat``) and add it to
``FORMATS`` below. Order matters: more specific formats come first, because
the first module whose ``sniff`` says yes reads the file.
"""

from __future__ import annotations

from pathlib import Path

from parsers import (
    decision_records,
    generic_minutes,
    moderngov_html,
    moderngov_text,
    moderngov_xml,
    openlylocal,
    printed_minutes,
)
from parsers.model import ParsedDocument
from parsers.source import ParseError, Source, SourceFormat

FORMATS: list[SourceFormat] = [
    moderngov_xml,  # web-service answers (and redirect stubs saved as them)
    openlylocal,  # XML/JSON records wrapping modern.gov page HTML
    moderngov_html,  # modern.gov pages
    printed_minutes.PDF,  # printed minutes PDFs (by magic bytes)
    printed_minutes.TEXT,  # printed-minutes text: pdftotext, excerpts, Markdown
    decision_records,  # decision pages, fragments of them and lists of decisions (text)
    moderngov_text,  # text renderings of modern.gov pages (the seeds), legacy and CMIS text
    generic_minutes,  # any other text that reads as minutes: the floor under every format
]

# Formats whose files the generic reader takes when they cannot read them.
TEXT_FORMATS = frozenset({printed_minutes.TEXT.NAME, moderngov_text.NAME, decision_records.NAME})

# No real minutes page comes near these sizes (the longest full-council minutes in the corpus
# are 49 KB of text; a modern.gov page with Word HTML is a few hundred KB). A bigger file is
# something else, and reading it would take the grammar about a second per megabyte.
MAX_DOCUMENT_BYTES = 16 * 2**20
# PDFs carry images and fonts: an agenda pack with its printed minutes can be tens of MB.
MAX_BYTES_BY_FORMAT = {"printed-minutes-pdf": 256 * 2**20}


def detect(source: Source) -> SourceFormat:
    """The format module that reads ``source``, or ParseError naming why none does."""
    if not source.data.strip():
        raise ParseError("empty file")
    for fmt in FORMATS:
        try:
            if fmt.sniff(source):
                return fmt
        except Exception:  # a sniffer must never sink the batch
            continue
    head = source.data[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ParseError("binary file, not a council document")
    raise ParseError("unrecognised format: not a modern.gov page, web-service XML or minutes PDF")


def parse(source: Source) -> ParsedDocument:
    """Detect the format and parse. Raises ParseError (and only ParseError)."""
    fmt = detect(source)
    limit = MAX_BYTES_BY_FORMAT.get(fmt.NAME, MAX_DOCUMENT_BYTES)
    if len(source.data) > limit:
        raise ParseError(
            f"too large for a {fmt.NAME} document ({len(source.data) / 2**20:.0f} MB;"
            f" the limit is {limit // 2**20} MB)"
        )
    try:
        return fmt.parse(source)
    except ParseError as error:
        return _generic_or_raise(fmt, source, error)
    except RecursionError:
        raise ParseError(f"{fmt.NAME}: document nested too deeply to read") from None
    except Exception as exc:  # a parser bug must not take the batch down
        raise ParseError(f"{fmt.NAME}: could not parse ({type(exc).__name__}: {exc})") from exc


def parse_file(path: Path) -> ParsedDocument:
    """Read and parse one file. Raises ParseError or OSError."""
    return parse(Source(name=path.name, data=path.read_bytes()))


def _generic_or_raise(fmt: SourceFormat, source: Source, error: ParseError) -> ParsedDocument:
    """The generic minutes reader under a text format that could not read the file.

    A printed-minutes text without the header that reader needs, a page that only
    looked like a modern.gov rendering: if it reads as minutes it is stored, else the
    specific reader's reason stands.
    """
    if fmt.NAME not in TEXT_FORMATS or not generic_minutes.sniff(source):
        raise error
    try:
        return generic_minutes.parse(source)
    except ParseError:
        raise error from None
