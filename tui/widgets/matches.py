"""Finding and marking the filter's words in displayed text.

The patterns come from the filter (``store.filters.highlight``: its words, from
``store.search.highlight_terms``) so a highlighted word is exactly what the index
matched (``childrens`` marks ``Children’s``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rich.style import StyleType
from rich.text import Text

from store.filters import Filter, highlight


@dataclass(frozen=True)
class Matcher:
    """The compiled patterns for one filter (empty when the filter has no free text)."""

    patterns: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def for_filter(cls, flt: Filter) -> Matcher:
        """The filter's matcher: the same object for equal filters (of the last few), so
        that lines drawn ahead with a typed filter's matcher are found once it is applied
        (drawn lines are matched to what they were drawn with by identity)."""
        return _for_filter(flt)

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def spans(self, plain: str) -> list[tuple[int, int]]:
        """Non-overlapping (start, end) of every match in ``plain``, in order."""
        found = sorted(
            (m.start(), m.end())
            for p in self.patterns
            for m in p.finditer(plain)
            if m.end() > m.start()
        )
        merged: list[tuple[int, int]] = []
        for start, end in found:
            if merged and start < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged

    def mark(self, text: Text, style: StyleType) -> int:
        """Style every match in ``text`` in place; returns how many."""
        spans = self.spans(text.plain)
        for start, end in spans:
            text.stylize(style, start, end)
        return len(spans)


@functools.lru_cache(maxsize=32)
def _for_filter(flt: Filter) -> Matcher:
    if not flt.has_text:
        return Matcher()
    compiled = []
    for pattern in highlight(flt):
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except re.error:  # never let a pattern the store built break the display
            continue
    return Matcher(tuple(compiled))
