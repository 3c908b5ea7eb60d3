"""Deadlines as minutes state or imply them: ``by 31 March 2024``, ``by the end of the
month``, ``within 28 days``, ``to the next meeting``.

``find_due`` reads the first deadline in an action's words into a ``Due`` (which form, the
words as printed, and the numbers they give). Most forms need the date of the meeting
that set the action to become a date (``resolve``): ``by 31 March`` is the next 31 March
on or after the meeting, ``by the end of the month`` the last day of the meeting's month.
``to the next meeting`` needs more than that: the date of the committee's next meeting,
which only the store knows once that meeting is in it (``store.tracker``); ``resolve``
says so with the basis ``next-meeting``.

A stated date is ``stated``; one worked out from the meeting's date is ``implied``. What
is not a deadline is not read: ``at a future meeting`` names no date, and ``in January``
says when something happens, not by when (``NM to speak to D Duggan for training dates
in January``, Nether Lochaber).

Each form carries a real example (or says it is constructed, for a form the corpus does
not print) that ``tests/test_grammar_due.py`` reads.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from parsers.grammar.dates import MONTHS, parse_date

DueBasis = Literal["stated", "implied", "next-meeting"]

_MONTH_NAME = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
)
# The words that make a date a deadline.
_BY = r"(?:by|before|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before|deadline\s+of)"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "fourteen": 14, "twenty-one": 21, "twenty-eight": 28,
    "thirty": 30, "a": 1,
}  # fmt: skip
_COUNT = r"(?P<count>\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + ")"
# "the next meeting", "the next Meeting of the Council", "the next appropriate meeting",
# "the next scheduled meeting of the Committee".
_NEXT_MEETING = (
    r"the\s+next\s+(?:(?:appropriate|available|scheduled|ordinary|formal|full|Board|"
    r"Committee|Council|Panel|Cabinet)\s+)?[Mm]eeting\b"
)


@dataclass(frozen=True)
class DueForm:
    """One way minutes say by when, with a real sentence that does.

    ``name`` is what ``resolve`` does with it; ``example`` is read by
    ``tests/test_grammar_due.py``, which expects ``example_text`` to be the words found;
    ``source`` names the page, or starts "constructed:" for a form no corpus page prints.
    """

    name: str
    pattern: re.Pattern[str]
    example: str
    example_text: str
    source: str


DUE_FORMS: tuple[DueForm, ...] = (
    # A whole date: stated.
    DueForm("date",
            re.compile(_BY + r"\s+(?:the\s+)?(?P<date>(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|"
                       r"Sun)day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_NAME +
                       r",?\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4})\b", re.I),
            "The Head of Finance advised that the transfer would take place by 1 April 2010 at "
            "the latest.", "by 1 April 2010", "Merton, Audit Committee joint session, 2009"),
    # "Defer the items to the next meeting on 24 July 2017": the next meeting, dated.
    DueForm("date",
            re.compile(r"\b(?:to|at|until)\s+" + _NEXT_MEETING + r"(?:\s+\w+){0,3}?\s+(?:on|of)\s+"
                       r"(?:the\s+)?(?P<date>(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
                       r"\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_NAME + r",?\s+\d{4})\b",
                       re.I),
            "Defer the items to the next meeting on 24 July 2017.",
            "to the next meeting on 24 July 2017", "Torbay, ieListDocuments 2017-07"),
    # "by the end of March 2024", "by February 2024": the month's last day, stated.
    DueForm("month-year",
            re.compile(_BY + r"\s+(?:the\s+end\s+of\s+)?(?P<month>" + _MONTH_NAME +
                       r")\s+(?P<year>\d{4})\b", re.I),
            "These workers will be in place by April 2023;", "by April 2023",
            "Nottingham, seed page 002 (tests/fixtures/seeds)"),
    # "by 31 March": the next such day on or after the meeting.
    DueForm("day-month",
            re.compile(_BY + r"\s+(?:the\s+)?" + _DAY + r"\s+(?:of\s+)?(?P<month>" + _MONTH_NAME +
                       r")\b(?!,?\s+\d{4})", re.I),
            "The Clerk to circulate the draft budget to all Members by 31st January.",
            "by 31st January", "constructed: issue 22's by 31 March"),
    # "by the end of the month", "by the end of this month", "by month end".
    DueForm("end-of-month",
            re.compile(_BY + r"\s+(?:the\s+end\s+of\s+(?:the|this)\s+month|month[-\s]end)\b",
                       re.I),
            "Members were encouraged to submit their comments to the Clerk by the end of the "
            "month.", "by the end of the month",
            "constructed: issue 15's Members were invited to ..."),
    # "by the end of the financial year": 31 March after the meeting.
    DueForm("end-of-financial-year",
            re.compile(_BY + r"\s+the\s+end\s+of\s+(?:the|this)\s+financial\s+year\b", re.I),
            "The Director undertook to complete the review by the end of the financial year.",
            "by the end of the financial year", "constructed: UK councils' year to 31 March"),
    # "by the end of the year", "by year end".
    DueForm("end-of-year",
            re.compile(_BY + r"\s+(?:the\s+end\s+of\s+(?:the|this)\s+(?:calendar\s+)?year|"
                       r"(?:the\s+)?year[-\s]end)\b", re.I),
            "The Clerk would obtain three quotations for the works by the end of the year.",
            "by the end of the year", "constructed: issue 22's by the end of the month"),
    # "by the end of March": that month's last day, the next March on or after the meeting.
    DueForm("end-of-named-month",
            re.compile(_BY + r"\s+the\s+end\s+of\s+(?P<month>" + _MONTH_NAME +
                       r")\b(?!,?\s+\d{4})", re.I),
            "Officers would report on the consultation responses by the end of March.",
            "by the end of March", "constructed: issue 22's by the end of the month"),
    # "within 9 weeks", "within 28 days", "within two months": counted from the meeting.
    DueForm("within",
            re.compile(r"\bwithin\s+(?:the\s+next\s+)?" + _COUNT +
                       r"\s+(?P<unit>days?|weeks?|months?|working\s+days?)\b", re.I),
            "(d) Assessments are currently being processed within 9 weeks.", "within 9 weeks",
            "Limerick, full council minutes, reply to question 14"),
    # "to the next meeting", "at the next Meeting of the Council", "by the next meeting".
    DueForm("next-meeting",
            re.compile(r"\b(?:to|at|by|for|before|in\s+time\s+for|until)\s+" + _NEXT_MEETING,
                       re.I),
            "that the Chief Executive of Fáilte Ireland be invited to the next Meeting of the "
            "Council to answer the Members’ questions", "to the next Meeting",
            "Limerick, full council minutes, item 16"),
    # "before the July Meeting", "to the September meeting": that month's meeting.
    DueForm("meeting-in-month",
            re.compile(r"\b(?:to|at|by|for|before)\s+the\s+(?P<month>" + _MONTH_NAME +
                       r")\s+(?:[A-Z][a-z]+\s+)?[Mm]eeting\b"),
            "The final version of the Annual Report would be brought before the July Meeting "
            "for adoption.", "before the July Meeting", "Limerick, full council minutes, item 3"),
)  # fmt: skip


@dataclass(frozen=True)
class Due:
    """A deadline in a text: its form's name, its words, where they are, and its parts."""

    form: str
    text: str
    start: int
    end: int
    date: dt.date | None = None  # "date": the date printed
    month: int | None = None
    year: int | None = None
    day: int | None = None
    count: int | None = None  # "within": how many ...
    unit: str | None = None  # ... days, weeks or months


def _month(name: str) -> int | None:
    return MONTHS.get(name[:3].lower())


def _due_of(form: DueForm, m: re.Match[str]) -> Due | None:
    groups = m.groupdict()
    found = Due(form.name, m.group(0), m.start(), m.end())
    if form.name == "date":
        date = parse_date(groups["date"])
        return None if date is None else Due(**{**found.__dict__, "date": date})
    parts: dict[str, object] = {}
    if groups.get("month"):
        parts["month"] = _month(groups["month"])
        if parts["month"] is None:
            return None
    if groups.get("year"):
        parts["year"] = int(groups["year"])
    if groups.get("day"):
        parts["day"] = int(groups["day"])
    if groups.get("count"):
        count = groups["count"].lower()
        parts["count"] = int(count) if count.isdigit() else _NUMBERS[count]
        unit = groups["unit"].lower()
        parts["unit"] = "working day" if unit.startswith("working") else unit.rstrip("s")
    return Due(**{**found.__dict__, **parts})


# Every form needs one of these words: most actions have none, and are read no further.
_MAY_HOLD = re.compile(r"\b(?:by|before|than|deadline|within|next|meeting)\b", re.I)


def find_due(text: str) -> Due | None:
    """The first deadline ``text`` states or implies (the earliest in the text; at one
    place, the first form of ``DUE_FORMS``), or None."""
    if not _MAY_HOLD.search(text):
        return None
    best: Due | None = None
    for form in DUE_FORMS:
        for m in form.pattern.finditer(text):
            due = _due_of(form, m)
            if due is not None:
                if best is None or due.start < best.start:
                    best = due
                break
    return best


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _on_or_after(meeting: dt.date, month: int, day: int | None) -> dt.date | None:
    """The next ``day`` of ``month`` (its last day when None) on or after ``meeting``."""
    for year in (meeting.year, meeting.year + 1):
        last = calendar.monthrange(year, month)[1]
        if day is not None and day > last:
            if month == 2 and day == 29:
                continue  # 29 February: the next leap year is too far to mean
            return None
        candidate = dt.date(year, month, day if day is not None else last)
        if candidate >= meeting:
            return candidate
    return None


def _add_months(date: dt.date, months: int) -> dt.date:
    month = date.month - 1 + months
    year, month = date.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def resolve(due: Due, meeting: dt.date | None) -> tuple[dt.date | None, DueBasis]:
    """The date a deadline means for an action set at a meeting on ``meeting``.

    (date, ``stated``) for a printed date; (date, ``implied``) for one worked out from the
    meeting's date (None when the meeting is undated); (None, ``next-meeting``) for the
    committee's next meeting, which the store fills in (``month`` set: its meeting in
    that month).
    """
    if due.form == "date":
        return due.date, "stated"
    if due.form == "month-year":
        assert due.year is not None and due.month is not None
        return _last_day(due.year, due.month), "stated"
    if due.form in ("next-meeting", "meeting-in-month"):
        return None, "next-meeting"
    if meeting is None:
        return None, "implied"
    if due.form == "day-month":
        assert due.month is not None
        return _on_or_after(meeting, due.month, due.day), "implied"
    if due.form == "end-of-month":
        return _last_day(meeting.year, meeting.month), "implied"
    if due.form == "end-of-financial-year":
        return _on_or_after(meeting, 3, 31), "implied"
    if due.form == "end-of-year":
        return dt.date(meeting.year, 12, 31), "implied"
    if due.form == "end-of-named-month":
        assert due.month is not None
        return _on_or_after(meeting, due.month, None), "implied"
    if due.form == "within":
        assert due.count is not None
        if due.unit == "month":
            return _add_months(meeting, due.count), "implied"
        days = due.count * (7 if due.unit == "week" else 1)
        if due.unit == "working day":  # five to a week
            days = due.count + 2 * (due.count // 5)
        return meeting + dt.timedelta(days=days), "implied"
    return None, "implied"


def stated_date(text: str) -> dt.date | None:
    """The date a text states as a deadline (``by 31 March 2024``; ``by the end of March
    2024`` is its last day), or None: what ``ActionPoint.due`` holds."""
    due = find_due(text)
    if due is None or due.form not in ("date", "month-year"):
        return None
    return resolve(due, None)[0]
