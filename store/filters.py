"""The filter language typed after ``/`` in the reader and given to ``search``.

Free text plus field filters, in any order::

    safeguarding committee:cabinet from:2017-01-01 to:2018-12-31 has:actions
    "true record" year:2017 kind:decision
    person:"john smith" has:note is:bookmarked
    status:open owner:clerk due:<2025-01 overdue

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
import json
import re
from dataclasses import dataclass, field, replace
from typing import Any

from store import rowids
from store.folding import normalise_name, person_words
from store.keys import meeting_sort_key
from store.search import highlight_terms

KINDS = ("noted", "decision", "action")
# Bits of the ``kinds`` column on items and meetings (written by ``store.rows``): which
# resolution kinds occur, so ``kind:`` is one AND on a stored integer.
KIND_BITS = {"noted": 1, "decision": 2, "action": 4}
HAS = ("actions", "resolutions", "minutes", "truncated", "note")
IS = ("bookmarked",)
# An action's status (``store.tracker``, ``store.userdata``); overdue: open and past due.
STATUSES = ("open", "done", "dropped", "superseded")
STATUS_VALUES = (*STATUSES, "overdue")
# Bare words that are fields: ``overdue`` is ``status:overdue`` (quote it to find the word).
FLAG_WORDS = {"overdue": ("status", "overdue")}

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
    committee: str | None = None  # the committee's name, matched as ``committee_match`` says
    committee_match: str = "contains"  # "contains" (committee:x), "prefix" (^x), "exact" (=x)
    council: str | None = None  # the council's name, matched as ``council_match`` says
    council_match: str = "contains"
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    has: frozenset[str] = field(default_factory=frozenset)  # subset of HAS
    kind: str | None = None  # one of KINDS: items with a resolution of that kind
    person: str | None = None  # folded words a person's key holds (``store.derived``)
    bookmarked: bool = False  # is:bookmarked
    # The action tracker's fields: actions (and the items and meetings holding them) whose
    # status is one of these, whose owner holds these words, due in this range (or
    # ``due_none``: with no due date).
    statuses: frozenset[str] = field(default_factory=frozenset)  # subset of STATUS_VALUES
    owner: str | None = None
    due_after: dt.date | None = None  # on or after
    due_before: dt.date | None = None  # on or before
    due_none: bool = False
    due_any: bool = False
    # Not typed: the open actions that are not overdue (the status-grouped list's "open").
    not_overdue: bool = False
    # Not typed: the planner's choice for a list of actions (``store.planner``): test the
    # tracker's fields on each action as the list's order is walked (their columns' own
    # indexes left aside), rather than read the actions they keep from those indexes.
    walk_tracker: bool = False
    # Not typed: the store's owner keys holding ``owner``'s words, as the planner read them
    # (``store.planner.owner_keys``, kept per store): tested as a list, not read again.
    owner_keys: tuple[str, ...] | None = None

    @property
    def has_text(self) -> bool:
        return bool(self.words or self.phrases)

    @property
    def is_empty(self) -> bool:
        return self == Filter()

    @property
    def tracks(self) -> bool:
        """Whether the filter asks about the tracker's fields (status, owner, due)."""
        return (
            bool(self.statuses or self.owner or self.due_after or self.due_before or self.due_none)
            or self.not_overdue
        )

    def without_tracking(self) -> Filter:
        """The same filter without its status field (the status line counts each status)."""
        return replace(self, statuses=frozenset(), not_overdue=False)

    def walking(self, walk: bool) -> Filter:
        """The same filter with the planner's choice for the tracker's fields."""
        return replace(self, walk_tracker=walk)

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

    def meeting_sql_outside_actions(self, flt: Filter, m: str) -> Conditions:
        """Tests on the meeting row that only the lists of meetings and items need (a list of
        actions tests the action itself, with ``action_sql``)."""
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


_MATCH_SIGN = {"contains": "", "prefix": "^", "exact": "="}


def _typed_value(value: str) -> str:
    """A value as it would be typed: quoted when it holds a space or a quote."""
    return f'"{value}"' if re.search(r'[\s"]', value) else value


class NameField(Field):
    """``committee:cabinet`` (the name contains these words), ``committee:^env`` (starts
    with), ``committee:="Cabinet"`` (is exactly); the same for ``council:``. Names are
    compared folded (case, punctuation and ``&``/``and`` aside)."""

    def __init__(
        self, name: str, *, column: str, folded_column: str | None, on_actions: bool = False
    ) -> None:
        self.name = name
        self.column = column  # the meeting's column
        self.folded_column = folded_column  # its stored folded copy, when there is one
        # An action carries the same folded copy (``store.rows``: its meeting's): a list of
        # actions tests it there, not on each action's meeting row (10x on a walk).
        self.on_actions = on_actions

    def parse(self, value: str, flt: Filter) -> Filter:
        match = "contains"
        if value[:1] in ("=", "^"):
            match = "exact" if value[0] == "=" else "prefix"
            value = value[1:].strip()
        if not normalise_name(value):
            raise FilterError(f"{self.name}: needs a name (got {value!r})")
        if self.name == "council":
            return replace(flt, council=value, council_match=match)
        return replace(flt, committee=value, committee_match=match)

    def describe(self, flt: Filter) -> list[str]:
        value = getattr(flt, self.name)
        if not value:
            return []
        sign = _MATCH_SIGN[getattr(flt, f"{self.name}_match")]
        return [f"{self.name}:{sign}{_typed_value(value)}"]

    def meeting_sql(self, flt: Filter, m: str) -> Conditions:
        return ([], []) if self.on_actions else self._sql(flt, m)

    def meeting_sql_outside_actions(self, flt: Filter, m: str) -> Conditions:
        return self._sql(flt, m) if self.on_actions else ([], [])

    def action_sql(self, flt: Filter, a: str) -> Conditions:
        return self._sql(flt, a) if self.on_actions else ([], [])

    def _sql(self, flt: Filter, m: str) -> Conditions:
        """The test on the row (alias ``m``) holding the column or its folded copy."""
        value = getattr(flt, self.name)
        key = normalise_name(value) if value else ""
        if not key:
            return [], []
        match = getattr(flt, f"{self.name}_match")
        if self.folded_column:
            target = f"{m}.{self.folded_column}"
        else:  # no stored folded copy: case-folded in SQL (ASCII), spacing kept
            target = f"lower({m}.{self.column})"
            key = value.strip().lower()
        if match == "exact":
            return [f"{target} = ?"], [key]
        pattern = like_pattern(key)
        if match == "prefix":
            pattern = pattern[1:]  # anchored at the start
        return [f"{target} LIKE ? ESCAPE '\\'"], [pattern]


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
    # The reader's notes (``store.userdata``): on the item or a record of it (an action's
    # note is the tracker's, in ``action_notes``), or on its meeting (then every item of
    # the meeting is in it).
    "note": (
        "(EXISTS (SELECT 1 FROM user_notes n WHERE n.item_id = {i}.id)"
        " OR EXISTS (SELECT 1 FROM action_notes n WHERE n.item_id = {i}.id)"
        " OR EXISTS (SELECT 1 FROM user_notes n WHERE n.target = {i}.meeting_id))",
        "({m}.id IN (SELECT meeting_id FROM user_notes)"
        " OR {m}.id IN (SELECT meeting_id FROM action_notes))",
    ),
}


class Has(Field):
    """``has:actions``: items with action points, resolutions, minutes or cut minutes."""

    name = "has"

    def parse(self, value: str, flt: Filter) -> Filter:
        wanted = value.lower()
        wanted = wanted if wanted in HAS else f"{wanted}s"  # has:action = has:actions
        if wanted not in HAS:
            raise FilterError(f"has: expects one of {', '.join(HAS)} (got {value!r})")
        return replace(flt, has=flt.has | {wanted})

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
        wanted = value.lower()
        wanted = wanted if wanted in KINDS else wanted.removesuffix("s")  # kind:decisions
        if wanted not in KINDS:
            raise FilterError(f"kind: expects one of {', '.join(KINDS)} (got {value!r})")
        return replace(flt, kind=wanted)

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


def today() -> dt.date:
    """The day "overdue" is measured from (tests fix it)."""
    return dt.date.today()


# The latest status the user set on each action still in the store, as ``x.id`` (the
# action) and ``u.status``, ``u.why``, ``u.at``: a FROM clause. The user's statuses are
# few; SQLite reads them once per query.
LATEST_USER_STATUS = (
    "(SELECT meeting_id, item_id, key, status, why, at, max(id) AS last"
    " FROM action_status_log GROUP BY item_id, key) u"
    " JOIN items ux ON ux.meeting_id = u.meeting_id AND ux.id = u.item_id"
    " JOIN actions x ON x.item_rowid = ux.rowid AND x.key = u.key"
)


def _user_status_ids(status: str | None) -> str:
    """A subquery: the ids of the actions whose latest status set by the user is ``status``
    (None: any)."""
    where = f" WHERE u.status = '{status}'" if status else ""
    return f"SELECT x.id FROM {LATEST_USER_STATUS}{where}"


def status_sql(status: str, a: str = "a", *, walk: bool = False) -> Conditions:
    """An action (alias ``a``) whose status is ``status``: the one the user set last, else
    what the minutes report of it (``minutes_status``), else open. ``walk``: as tested on
    each action of a walk (no index of the status read)."""
    if status == "overdue":
        conds, params = status_sql("open", a, walk=walk)
        return [f"({conds[0]} AND {_plain(a, walk)}.due_key < ?)"], [
            *params,
            today().isoformat(),
        ]
    column = f"{_plain(a, walk)}.minutes_status"
    minutes = (
        f"coalesce({column}, 'open') = 'open'" if status == "open" else f"{column} = '{status}'"
    )
    return [
        f"({a}.id IN ({_user_status_ids(status)})"
        f" OR ({minutes} AND {a}.id NOT IN ({_user_status_ids(None)})))"
    ], []


def _plain(a: str, walk: bool) -> str:
    """``a`` as the tracker's tests name it: with a unary ``+`` (SQLite then reads no index
    of the column) when the list's order is walked."""
    return f"+{a}" if walk else a


class TrackerField(Field):
    """A field about actions: on a list of actions it tests the action; on the lists of
    meetings and items, it keeps those holding such an action."""

    def conditions(self, flt: Filter, a: str) -> Conditions:
        raise NotImplementedError

    def action_sql(self, flt: Filter, a: str) -> Conditions:
        return self.conditions(flt, a)

    def meeting_sql_outside_actions(self, flt: Filter, m: str) -> Conditions:
        conds, params = self.conditions(flt, "ta")
        if not conds:
            return [], []
        return [
            f"EXISTS (SELECT 1 FROM actions ta WHERE ta.id"
            f" {rowids.meeting_children_between_sql(f'{m}.seq')} AND {' AND '.join(conds)})"
        ], params

    def item_sql(self, flt: Filter, i: str, *, under_actions: bool) -> Conditions:
        conds, params = self.conditions(flt, "ta")
        if under_actions or not conds:
            return [], []
        return [
            f"EXISTS (SELECT 1 FROM actions ta WHERE ta.id"
            f" {rowids.item_children_between_sql(f'{i}.rowid')} AND {' AND '.join(conds)})"
        ], params

    def summary_sql(self, flt: Filter, m: str) -> list[str]:
        return [f"{m}.action_count > 0"] if self.conditions(flt, "ta")[0] else []


class Status(TrackerField):
    """``status:open`` (``done``, ``dropped``, ``superseded``, ``overdue``): actions whose
    status is one of those named; ``overdue`` is open and past its due date."""

    name = "status"

    def parse(self, value: str, flt: Filter) -> Filter:
        wanted = value.lower()
        if wanted not in STATUS_VALUES:
            raise FilterError(f"status: expects one of {', '.join(STATUS_VALUES)} (got {value!r})")
        return replace(flt, statuses=flt.statuses | {wanted})

    def describe(self, flt: Filter) -> list[str]:
        return [f"status:{s}" for s in STATUS_VALUES if s in flt.statuses]

    def conditions(self, flt: Filter, a: str) -> Conditions:
        conds: list[str] = []
        params: Params = []
        for status in STATUS_VALUES:
            if status in flt.statuses:
                one, values = status_sql(status, a, walk=flt.walk_tracker)
                conds += one
                params += values
        if len(conds) > 1:
            conds = ["(" + " OR ".join(conds) + ")"]
        if flt.not_overdue:
            conds.append(f"{_plain(a, flt.walk_tracker)}.due_key >= ?")  # undated ("~") in
            params.append(today().isoformat())
        return conds, params


class Owner(TrackerField):
    """``owner:clerk``: actions whose owner holds these words (as listed or as printed)."""

    name = "owner"

    def parse(self, value: str, flt: Filter) -> Filter:
        return replace(flt, owner=value)

    def describe(self, flt: Filter) -> list[str]:
        return [f"owner:{flt.owner}"] if flt.owner else []

    def conditions(self, flt: Filter, a: str) -> Conditions:
        key = normalise_name(flt.owner) if flt.owner else ""
        if not key:
            return [], []
        # The owners a store holds are few (hundreds): read them from the index, one seek
        # each, and keep those holding the words; then the actions of those owners.
        column = f"{_plain(a, flt.walk_tracker)}.owner_key"
        if flt.owner_keys is not None:
            return [f"{column} IN (SELECT value FROM json_each(?))"], [json.dumps(flt.owner_keys)]
        return [f"{column} IN ({OWNER_KEYS} WHERE v LIKE ? ESCAPE '\\')"], [like_pattern(key)]


# Every owner key of the store, one index seek each (a skip scan of ``idx_actions_owner``).
OWNER_KEYS = (
    "WITH RECURSIVE k(v) AS (SELECT min(owner_key) FROM actions UNION ALL"
    " SELECT (SELECT min(owner_key) FROM actions WHERE owner_key > k.v) FROM k"
    " WHERE k.v IS NOT NULL) SELECT v FROM k"
)


_DUE = re.compile(r"^(?P<op><=|>=|<|>)?(?P<date>.+)$")


class Due(TrackerField):
    """``due:<2025-01`` (before January 2025), ``due:>2024-06-30``, ``due:2025-03`` (in
    March 2025), ``due:none`` (no due date), ``due:any`` (any due date)."""

    name = "due"

    def parse(self, value: str, flt: Filter) -> Filter:
        word = value.lower()
        if word == "none":
            return replace(flt, due_none=True)
        if word == "any":
            return replace(flt, due_any=True)
        m = _DUE.match(value)
        assert m is not None  # ``.+``: any value matches
        op, text = m.group("op") or "", m.group("date")
        try:
            first = _parse_date(text, "due", end=False)
            last = _parse_date(text, "due", end=True)
        except FilterError:
            raise FilterError(
                f"due: expects a date like 2025-01-31, 2025-01 or 2025, after < > <= >=,"
                f" or none / any (got {value!r})"
            ) from None
        if op == "<":
            return replace(flt, due_before=first - dt.timedelta(days=1))
        if op == "<=":
            return replace(flt, due_before=last)
        if op == ">":
            return replace(flt, due_after=last + dt.timedelta(days=1))
        if op == ">=":
            return replace(flt, due_after=first)
        return replace(flt, due_after=first, due_before=last)

    def describe(self, flt: Filter) -> list[str]:
        out = []
        if flt.due_none:
            out.append("due:none")
        if flt.due_any:
            out.append("due:any")
        if flt.due_after is not None:
            out.append(f"due:>={flt.due_after.isoformat()}")
        if flt.due_before is not None:
            out.append(f"due:<={flt.due_before.isoformat()}")
        return out

    def conditions(self, flt: Filter, a: str) -> Conditions:
        conds: list[str] = []
        params: Params = []
        # ``due_key`` is the date, or "~" (after every date) for none.
        due = f"{_plain(a, flt.walk_tracker)}.due_key"
        if flt.due_none:
            conds.append(f"{due} = '~'")
        if flt.due_any:
            conds.append(f"{due} < '~'")
        if flt.due_after is not None:
            conds += [f"{due} >= ?", f"{due} < '~'"]
            params.append(flt.due_after.isoformat())
        if flt.due_before is not None:
            conds.append(f"{due} <= ?")
            params.append(flt.due_before.isoformat())
        return conds, params


FIELDS: tuple[Field, ...] = (
    NameField("committee", column="committee", folded_column="committee_key", on_actions=True),
    NameField("council", column="council", folded_column=None),
    DateBound("from", end=False),
    DateBound("to", end=True),
    Year(),
    Has(),
    Kind(),
    Person(),
    Is(),
    Status(),
    Owner(),
    Due(),
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


def meeting_sql(flt: Filter, m: str = "m", *, under_actions: bool = False) -> Conditions:
    """The filter's tests on the meeting row (alias ``m``); ``under_actions``: the meeting
    of an action in a list of actions (which tests the action itself)."""
    parts = [f.meeting_sql(flt, m) for f in FIELDS]
    if not under_actions:
        parts += [f.meeting_sql_outside_actions(flt, m) for f in FIELDS]
    return _gather(parts)


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

# One token of a filter: a field with a quoted or bare value, a phrase, or a word. An
# unclosed quote runs to the end (the user is still typing it).
_TOKEN = re.compile(
    r"""
      (?P<name>[A-Za-z]+):(?P<sign>[=^]?)(?:"(?P<quoted>[^"]*)"?|(?P<bare>\S*))
    | "(?P<phrase>[^"]*)"?
    | (?P<word>\S+)
    """,
    re.X,
)


def _unknown_field(name: str) -> str | None:
    """The field a mistyped name was meant to be (``comittee`` -> ``committee``), if any."""
    import difflib  # only for a mistake: not part of every search's start-up

    close = difflib.get_close_matches(name.lower(), list(_BY_NAME), n=1, cutoff=0.75)
    return close[0] if close else None


def parse_filter(query: str) -> Filter:
    """Parse what the user typed. Raises FilterError with a one-line message.

    ``committee:"children's partnership"``: any field's value may be quoted; a mistyped
    field name (``comittee:``) is an error naming the field it was meant to be, not a word
    to search for.
    """
    words: list[str] = []
    phrases: list[str] = []
    flt = Filter()
    last_is_word = False
    for token in _TOKEN.finditer(query):
        last_is_word = False
        if token.group("phrase") is not None:
            if token.group("phrase").strip():
                phrases.append(token.group("phrase").strip())
            continue
        if token.group("word") is not None:
            flag = FLAG_WORDS.get(token.group("word").lower())
            if flag is not None:  # "overdue": a field of its own (quoted, it is a word)
                name, value = flag
                flt = _BY_NAME[name].parse(value, flt)
                continue
            words.append(token.group("word"))
            last_is_word = True
            continue
        name = token.group("name")
        one = _BY_NAME.get(name.lower())
        raw = token.group("quoted") if token.group("quoted") is not None else token.group("bare")
        if one is None:
            meant = _unknown_field(name)
            if meant is not None:
                raise FilterError(f"unknown filter {name}: (did you mean {meant}:?)")
            if not raw and not token.group("sign"):
                names = ", ".join(f.name + ":" for f in FIELDS)
                raise FilterError(f"unknown filter {name}: (use {names})")
            words.append(token.group(0))  # "10:30", "re:consultation": words with a colon
            last_is_word = token.group("quoted") is None
            continue
        value = (token.group("sign") + raw).strip()
        if not value:
            raise FilterError(f"{one.name}: needs a value")
        flt = one.parse(value, flt)
    if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
        raise FilterError("from: is after to: — nothing can match")
    typing_last = last_is_word and not query.endswith((" ", '"'))
    return replace(flt, words=tuple(words), phrases=tuple(phrases), prefix_last=typing_last)
