"""Source files -> the model in ``parsers.model``. Pure functions: no SQL, no terminal."""

from parsers.registry import detect, parse, parse_file
from parsers.source import ParseError, Source

__all__ = ["ParseError", "Source", "detect", "parse", "parse_file"]
