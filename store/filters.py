"""The filter language typed after ``/`` in the reader and given to ``search``.

Free text plus field filters, in any order::

    safeguarding committee:cabinet from:2017-01-01 to:2018-12-31 has:actions
    "true record" year:2017 kind:decision

Free words must all match (AND), a double-quoted run is a phrase, and the last
bare word also matches as a prefix while the user is still typing it. Words
are folded the same way the index folds documents (``store.search.fold``), so
``Childrens`` and ``Children's`` both find ``Children’s``.

``parse_filter`` never raises anything but FilterError, whose message is one
line for the status bar.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

KINDS = ("noted", "decision", "action")
HAS = ("actions", "resolutions", "minutes", "truncated")
FIELDS = ("committee", "from", "to", "year", "has", "kind")


class FilterError(ValueError):
    """The filter text is not valid; the message says what to fix."""


@dataclass(frozen=True)
class Filter:
    """A parsed filter. The empty Filter() matches everything."""

    words: tuple[str, ...] = ()  # free words, as typed (folding happens in the query builder)
    phrases: tuple[str, ...] = ()
    prefix_last: bool = False  # the last word was still being typed: match it as a prefix
    committee: str | None = None  # case-insensitive substring of the committee name
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    has: frozenset[str] = field(default_factory=frozenset)  # subset of HAS
    kind: str | None = None  # one of KINDS: items with a resolution of that kind

    @property
    def has_text(self) -> bool:
        return bool(self.words or self.phrases)

    @property
    def is_empty(self) -> bool:
        return self == Filter()

    def describe(self) -> str:
        """A short canonical rendering for the status line ("" when empty)."""
        parts = [*self.words, *(f'"{p}"' for p in self.phrases)]
        if self.committee:
            parts.append(f"committee:{self.committee}")
        if self.date_from:
            parts.append(f"from:{self.date_from.isoformat()}")
        if self.date_to:
            parts.append(f"to:{self.date_to.isoformat()}")
        parts.extend(f"has:{h}" for h in sorted(self.has))
        if self.kind:
            parts.append(f"kind:{self.kind}")
        return " ".join(parts)


_DATE_FORMS = ("%Y-%m-%d", "%Y-%m", "%Y", "%d/%m/%Y")


def _parse_date(value: str, name: str, *, end: bool) -> dt.date:
    """A date bound; ``2017`` or ``2017-03`` mean the whole year or month."""
    for form in _DATE_FORMS:
        try:
            parsed = dt.datetime.strptime(value, form).date()
        except ValueError:
            continue
        if not end:
            return parsed
        if form == "%Y":
            return dt.date(parsed.year, 12, 31)
        if form == "%Y-%m":
            next_month = (parsed.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            return next_month - dt.timedelta(days=1)
        return parsed
    raise FilterError(f"{name}: expects a date like 2017-01-31, 2017-01 or 2017 (got {value!r})")


_FIELD = re.compile(r"^([A-Za-z]+):(.*)$")


def parse_filter(query: str) -> Filter:
    """Parse what the user typed. Raises FilterError with a one-line message."""
    phrases = [p.strip() for p in re.findall(r'"([^"]*)"?', query) if p.strip()]
    rest = re.sub(r'"[^"]*"?', " ", query)
    words: list[str] = []
    flt = Filter(phrases=tuple(phrases))
    has: set[str] = set()
    last_is_word = False
    for token in rest.split():
        match = _FIELD.match(token)
        last_is_word = not match or match.group(1).lower() not in FIELDS
        if not match or match.group(1).lower() not in FIELDS:
            if match and not match.group(2):
                raise FilterError(
                    f"unknown filter {match.group(1)}: (use {', '.join(f + ':' for f in FIELDS)})"
                )
            words.append(token)
            continue
        name, value = match.group(1).lower(), match.group(2).strip()
        if not value:
            raise FilterError(f"{name}: needs a value")
        if name == "committee":
            flt = replace(flt, committee=value)
        elif name == "from":
            flt = replace(flt, date_from=_parse_date(value, name, end=False))
        elif name == "to":
            flt = replace(flt, date_to=_parse_date(value, name, end=True))
        elif name == "year":
            if not re.fullmatch(r"\d{4}", value):
                raise FilterError(f"year: expects a four-digit year (got {value!r})")
            flt = replace(
                flt, date_from=dt.date(int(value), 1, 1), date_to=dt.date(int(value), 12, 31)
            )
        elif name == "has":
            if value.lower() not in HAS:
                raise FilterError(f"has: expects one of {', '.join(HAS)} (got {value!r})")
            has.add(value.lower())
        elif name == "kind":
            if value.lower() not in KINDS:
                raise FilterError(f"kind: expects one of {', '.join(KINDS)} (got {value!r})")
            flt = replace(flt, kind=value.lower())
    if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
        raise FilterError("from: is after to: — nothing can match")
    typing_last = last_is_word and not query.endswith((" ", '"'))
    return replace(flt, words=tuple(words), has=frozenset(has), prefix_last=typing_last)
