"""The filter language typed after ``/`` in the reader and given to ``search``.

Free text plus field filters, in any order::

    safeguarding committee:cabinet from:2017-01-01 to:2018-12-31 has:actions
    "true record" year:2017 kind:decision
    person:"john smith" has:note is:bookmarked

Free words must all match (AND), a double-quoted run is a phrase (a field's value may be
quoted too: ``person:"john smith"``), and the last
bare word also matches as a prefix while the user is still typing it. Words
are folded the same way the index folds documents (``store.folding``), so
``Childrens`` and ``Children's`` both find ``Children’s``.

Each ``name:value`` field is one object (``FIELDS``, in the manner of Datasette's
``filters.py``) that parses its value, describes itself for the status line, builds
its SQL (on a meeting, on an item, on a meeting's stored counts, on an action point)
and says what to highlight. Adding a field is one class and one entry in ``FIELDS``
(and a ``Filter`` attribute to hold its value). The free words' SQL is the search
planner's (``store.planner``): they are answered by the full-text index.

``parse_filter`` never raises anything but FilterError, whose message is one
line for the status bar.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any

from store.folding import normalise_name, person_words
from store.keys import meeting_sort_key
from store.search import highlight_terms

KINDS = ("noted", "decision", "action")
# Bits of the ``kinds`` column on items and meetings (written by ``store.rows``): which
# resolution kinds occur, so ``kind:`` is one AND on a stored integer.
KIND_BITS = {"noted": 1, "decision": 2, "action": 4}
HAS = ("actions", "resolutions", "minutes", "truncated", "note")
IS = ("bookmarked",)

Params = list[Any]
Conditions = tuple[list[str], Params]


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
    person: str | None = None  # folded words a person's key holds (``store.derived``)
    bookmarked: bool = False  # is:bookmarked

    @property
    def has_text(self) -> bool:
        return bool(self.words or self.phrases)

    @property
    def is_empty(self) -> bool:
        return self == Filter()

    def describe(self) -> str:
        """A short canonical rendering for the status line ("" when empty)."""
        parts = [*self.words, *(f'"{p}"' for p in self.phrases)]
        for one in FIELDS:
            parts.extend(one.describe(self))
        return " ".join(parts)


class Field:
    """One ``name:value`` filter field. Each method has a do-nothing default."""

    name: str

    def parse(self, value: str, flt: Filter) -> Filter:
        """``flt`` with this field's value set; FilterError if ``value`` is not valid."""
        raise NotImplementedError

    def describe(self, flt: Filter) -> list[str]:
        """This field's part of the status line, as it would be typed."""
        return []

    def meeting_sql(self, flt: Filter, m: str) -> Conditions:
        """Tests on the meeting row (alias ``m``)."""
        return [], []

    def item_sql(self, flt: Filter, i: str, *, under_actions: bool) -> Conditions:
        """Tests on the item row (alias ``i``); ``under_actions``: an action point's item."""
        return [], []

    def summary_sql(self, flt: Filter, m: str) -> list[str]:
        """Item tests on the meeting's stored counts: exact for one such field alone, a
        cheap prefilter otherwise."""
        return []

    def action_sql(self, flt: Filter, a: str) -> Conditions:
        """Tests on the action point row itself (alias ``a``)."""
        return [], []

    def highlight(self, flt: Filter) -> list[str]:
        """Regular expressions for what this field matched in displayed text."""
        return []


def like_pattern(text: str) -> str:
    """``text`` as a LIKE pattern matching it anywhere (with ``ESCAPE '\\'``)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _sort_key_prefix(date: dt.date, time: str) -> str:
    """The part of a dated meeting's sort_key that its date and time decide."""
    key = meeting_sort_key(date, time, "", "")
    return key[: key.index("\x1f")]


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


class Committee(Field):
    """``committee:cabinet``: the committee's name contains these words."""

    name = "committee"

    def parse(self, value: str, flt: Filter) -> Filter:
        return replace(flt, committee=value)

    def describe(self, flt: Filter) -> list[str]:
        return [f"committee:{flt.committee}"] if flt.committee else []

    def meeting_sql(self, flt: Filter, m: str) -> Conditions:
        key = normalise_name(flt.committee) if flt.committee else ""
        if not key:
            return [], []
        return [f"{m}.committee_key LIKE ? ESCAPE '\\'"], [like_pattern(key)]


class DateBound(Field):
    """``from:2017-09`` / ``to:2018``: meetings on or after (before) the date; a month or a
    year means its first (last) day."""

    def __init__(self, name: str, *, end: bool) -> None:
        self.name = name
        self.end = end

    def _date(self, flt: Filter) -> dt.date | None:
        return flt.date_to if self.end else flt.date_from

    def parse(self, value: str, flt: Filter) -> Filter:
        date = _parse_date(value, self.name, end=self.end)
        return replace(flt, date_to=date) if self.end else replace(flt, date_from=date)

    def describe(self, flt: Filter) -> list[str]:
        date = self._date(flt)
        return [f"{self.name}:{date.isoformat()}"] if date else []

    def _sort_bound(self, date: dt.date) -> tuple[str, str]:
        """The same bound on sort_key, which begins with the inverted date and time (later
        sorts first): (operator, value)."""
        if self.end:
            return ">=", _sort_key_prefix(date, "23:59")
        return "<", _sort_key_prefix(date - dt.timedelta(days=1), "23:59")

    def meeting_sql(self, flt: Filter, m: str) -> Conditions:
        date = self._date(flt)
        if not date:
            return [], []
        # Bounding sort_key too makes a newest-first walk an index range, not a scan from
        # today back to the date.
        op, key = self._sort_bound(date)
        return [f"{m}.date {'<=' if self.end else '>='} ?", f"{m}.sort_key {op} ?"], [
            date.isoformat(),
            key,
        ]

    def action_sql(self, flt: Filter, a: str) -> Conditions:
        # An action carries its meeting's sort_key: the bound is a range of its index.
        date = self._date(flt)
        if not date:
            return [], []
        op, key = self._sort_bound(date)
        return [f"{a}.sort_key {op} ?"], [key]


class Year(Field):
    """``year:2017``: ``from:`` and ``to:`` for that year (shown as those)."""

    name = "year"

    def parse(self, value: str, flt: Filter) -> Filter:
        if not re.fullmatch(r"\d{4}", value):
            raise FilterError(f"year: expects a four-digit year (got {value!r})")
        year = int(value)
        return replace(flt, date_from=dt.date(year, 1, 1), date_to=dt.date(year, 12, 31))


# has: values -> (the item's test, the meeting's stored count that prefilters it)
_HAS_SQL = {
    "actions": ("{i}.action_count > 0", "{m}.action_count > 0"),
    "resolutions": ("{i}.resolution_count > 0", "{m}.resolution_count > 0"),
    "minutes": ("{i}.has_minutes = 1", "{m}.minutes_count > 0"),
    "truncated": ("{i}.truncated = 1", "{m}.truncated_count > 0"),
    # The reader's notes (``store.userdata``): on the item or a record of it, or on its
    # meeting (then every item of the meeting is in it).
    "note": (
        "(EXISTS (SELECT 1 FROM user_notes n WHERE n.item_id = {i}.id)"
        " OR EXISTS (SELECT 1 FROM user_notes n WHERE n.target = {i}.meeting_id))",
        "{m}.id IN (SELECT meeting_id FROM user_notes)",
    ),
}


class Has(Field):
    """``has:actions``: items with action points, resolutions, minutes or cut minutes."""

    name = "has"

    def parse(self, value: str, flt: Filter) -> Filter:
        if value.lower() not in HAS:
            raise FilterError(f"has: expects one of {', '.join(HAS)} (got {value!r})")
        return replace(flt, has=flt.has | {value.lower()})

    def describe(self, flt: Filter) -> list[str]:
        return [f"has:{h}" for h in sorted(flt.has)]

    def item_sql(self, flt: Filter, i: str, *, under_actions: bool) -> Conditions:
        # Every action point's item has action points: under one, has:actions holds.
        wanted = [h for h in HAS if h in flt.has and not (under_actions and h == "actions")]
        return [_HAS_SQL[h][0].format(i=i) for h in wanted], []

    def summary_sql(self, flt: Filter, m: str) -> list[str]:
        return [_HAS_SQL[h][1].format(m=m) for h in HAS if h in flt.has]


class Kind(Field):
    """``kind:decision``: items with a resolution of that kind."""

    name = "kind"

    def parse(self, value: str, flt: Filter) -> Filter:
        if value.lower() not in KINDS:
            raise FilterError(f"kind: expects one of {', '.join(KINDS)} (got {value!r})")
        return replace(flt, kind=value.lower())

    def describe(self, flt: Filter) -> list[str]:
        return [f"kind:{flt.kind}"] if flt.kind else []

    def item_sql(self, flt: Filter, i: str, *, under_actions: bool) -> Conditions:
        if not flt.kind:
            return [], []
        return [f"({i}.kinds & ?) != 0"], [KIND_BITS[flt.kind]]

    def summary_sql(self, flt: Filter, m: str) -> list[str]:
        return [f"({m}.kinds & {KIND_BITS[flt.kind]}) != 0"] if flt.kind else []


class Person(Field):
    """``person:smith``, ``person:"john smith"``: meetings that name a person whose key holds
    every word (attended, sent apologies, declared, moved, seconded, presented, owns an
    action, left), and the person's name marked wherever it shows."""

    name = "person"

    def parse(self, value: str, flt: Filter) -> Filter:
        folded = person_words(value)
        if not folded:
            raise FilterError(f"person: expects a name (got {value!r})")
        return replace(flt, person=folded)

    def describe(self, flt: Filter) -> list[str]:
        if not flt.person:
            return []
        return [f'person:"{flt.person}"' if " " in flt.person else f"person:{flt.person}"]

    def meeting_sql(self, flt: Filter, m: str) -> Conditions:
        if not flt.person:
            return [], []
        words = flt.person.split()
        # The people (a few thousand keys) first; then their meetings by the mentions index.
        tests = " AND ".join("p.key LIKE ? ESCAPE '\\'" for _ in words)
        return [
            f"{m}.id IN (SELECT x.meeting_id FROM mentions x WHERE x.person_key IN"
            f" (SELECT p.key FROM people p WHERE {tests}))"
        ], [like_pattern(w) for w in words]

    def highlight(self, flt: Filter) -> list[str]:
        if not flt.person:
            return []
        return [rf"\b{re.escape(w)}\w*" for w in flt.person.split() if len(w) > 1]


class Is(Field):
    """``is:bookmarked``: items the reader bookmarked (the item, a record of it, or its
    meeting), and the meetings holding them."""

    name = "is"

    def parse(self, value: str, flt: Filter) -> Filter:
        if value.lower() not in IS:
            raise FilterError(f"is: expects one of {', '.join(IS)} (got {value!r})")
        return replace(flt, bookmarked=True)

    def describe(self, flt: Filter) -> list[str]:
        return ["is:bookmarked"] if flt.bookmarked else []

    def item_sql(self, flt: Filter, i: str, *, under_actions: bool) -> Conditions:
        if not flt.bookmarked:
            return [], []
        return [
            f"(EXISTS (SELECT 1 FROM user_bookmarks b WHERE b.item_id = {i}.id)"
            f" OR EXISTS (SELECT 1 FROM user_bookmarks b WHERE b.target = {i}.meeting_id))"
        ], []

    def summary_sql(self, flt: Filter, m: str) -> list[str]:
        if not flt.bookmarked:
            return []
        return [f"{m}.id IN (SELECT meeting_id FROM user_bookmarks)"]


FIELDS: tuple[Field, ...] = (
    Committee(),
    DateBound("from", end=False),
    DateBound("to", end=True),
    Year(),
    Has(),
    Kind(),
    Person(),
    Is(),
)
_BY_NAME = {f.name: f for f in FIELDS}


# --- the whole filter, every field's part ------------------------------------------------------


def _gather(parts: list[Conditions]) -> Conditions:
    conds: list[str] = []
    params: Params = []
    for c, p in parts:
        conds += c
        params += p
    return conds, params


def meeting_sql(flt: Filter, m: str = "m") -> Conditions:
    """The filter's tests on the meeting row (alias ``m``)."""
    return _gather([f.meeting_sql(flt, m) for f in FIELDS])


def item_sql(flt: Filter, i: str = "i", *, under_actions: bool = False) -> Conditions:
    """The filter's tests on the item row (alias ``i``), the free words aside."""
    return _gather([f.item_sql(flt, i, under_actions=under_actions) for f in FIELDS])


def summary_sql(flt: Filter, m: str = "m") -> list[str]:
    """The filter's item tests as tests on the meeting's stored counts (see ``Field``)."""
    return [c for f in FIELDS for c in f.summary_sql(flt, m)]


def action_sql(flt: Filter, a: str = "a") -> Conditions:
    """The filter's tests on the action point row (alias ``a``)."""
    return _gather([f.action_sql(flt, a) for f in FIELDS])


def highlight(flt: Filter) -> list[str]:
    """Regular expressions (use with ``re.IGNORECASE``) that mark what the filter matched."""
    return highlight_terms(flt) + [p for f in FIELDS for p in f.highlight(flt)]


# --- parsing --------------------------------------------------------------------------------

_FIELD = re.compile(r"^([A-Za-z]+):(.*)$")
# A field whose value is quoted (``person:"john smith"``, ``committee:"health and"``).
_QUOTED_FIELD = re.compile(r'(?<!\S)([A-Za-z]+):"([^"]*)"?')


def parse_filter(query: str) -> Filter:
    """Parse what the user typed. Raises FilterError with a one-line message."""
    quoted: list[tuple[Field, str]] = []

    def take_field(match: re.Match[str]) -> str:
        one = _BY_NAME.get(match.group(1).lower())
        if one is None:
            return match.group(0)
        quoted.append((one, match.group(2).strip()))
        return " "

    query = _QUOTED_FIELD.sub(take_field, query)
    phrases = [p.strip() for p in re.findall(r'"([^"]*)"?', query) if p.strip()]
    rest = re.sub(r'"[^"]*"?', " ", query)
    words: list[str] = []
    flt = Filter(phrases=tuple(phrases))
    for quoted_field, value in quoted:
        if not value:
            raise FilterError(f"{quoted_field.name}: needs a value")
        flt = quoted_field.parse(value, flt)
    last_is_word = False
    for token in rest.split():
        match = _FIELD.match(token)
        one = _BY_NAME.get(match.group(1).lower()) if match else None
        last_is_word = one is None
        if match is None or one is None:
            if match and not match.group(2):
                names = ", ".join(f.name + ":" for f in FIELDS)
                raise FilterError(f"unknown filter {match.group(1)}: (use {names})")
            words.append(token)
            continue
        value = match.group(2).strip()
        if not value:
            raise FilterError(f"{one.name}: needs a value")
        flt = one.parse(value, flt)
    if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
        raise FilterError("from: is after to: — nothing can match")
    typing_last = last_is_word and not query.endswith((" ", '"'))
    return replace(flt, words=tuple(words), prefix_last=typing_last)
