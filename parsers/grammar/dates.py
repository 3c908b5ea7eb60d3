"""Dates and times as councils print them -> ``datetime.date`` and ``"HH:MM"``.

Every format reads dates through here, so that "Wednesday, 27th September,
2017" on a meeting page and "27/09/2017" on an issue page give the same date
and the store can merge the two records.

Forms seen in the corpus:

* ``Wednesday, 27th September, 2017`` / ``2nd October, 2018`` (modern.gov headings)
* ``28 November 2018``, ``Friday 24 May 2019``, ``September 27, 2017``
* ``27/09/2017`` (issue and decision pages, web service), ``27/09/17``, ``2017-09-27``
* OCR'd ordinals: ``11(TM) June 2014``, ``11™ June 2014`` (Limerick, scanned PDF)

* Welsh: ``Dydd Mercher, 5ed Ebrill, 2017`` (month names, ordinals 1af 2il 3ydd
  5ed 7fed 11eg 22ain)

Times: ``4.00 pm`` -> ``16:00``, ``10.00 a.m.``, ``7.30pm``, ``10am``, ``14:00``,
``12 noon``; Welsh ``2.00 yh`` -> ``14:00``, ``10.00 yb`` -> ``10:00``.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# Welsh month names (Flintshire, Neath Port Talbot and others on LLL=1 pages):
# "Dydd Mercher, 5ed Ebrill, 2017". "Mawrth" is also Tuesday ("Dydd Mawrth"),
# which is safe here: a month must follow a day number.
WELSH_MONTHS: dict[str, int] = {
    "ionawr": 1, "chwefror": 2, "mawrth": 3, "ebrill": 4, "mai": 5, "mehefin": 6,
    "gorffennaf": 7, "awst": 8, "medi": 9, "hydref": 10, "tachwedd": 11, "rhagfyr": 12,
}  # fmt: skip

_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
    r"|Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr)"
)
# Ordinal suffixes, including OCR's reading of a superscript "th" as a trademark
# sign (Limerick: "11(TM) June 2014", "11™ June 2014").
_ORDINAL = r"(?:st|nd|rd|th|TM|™|\(TM\))?"
# Welsh ordinal suffixes: 1af, 2il/2ail, 3ydd, 5ed, 7fed, 11eg, 22ain.
_WELSH_ORDINAL = r"(?:af|ail|il|ain|ydd|fed|ed|eg)"

# "27th September, 2017", "2nd October 2018", "28 November 2018", "11(TM) June 2014".
DAY_MONTH_YEAR = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}})\s*(?:{_WELSH_ORDINAL}|{_ORDINAL})\s*(?:of\s+)?{_MONTH}\.?,?\s+(?P<year>\d{{4}})(?!\d)",
    re.IGNORECASE,
)
# "September 27, 2017" (rare; American-style headings on a few sites).
MONTH_DAY_YEAR = re.compile(
    rf"\b{_MONTH}\.?\s+(?P<day>\d{{1,2}}){_ORDINAL},?\s+(?P<year>\d{{4}})(?!\d)",
    re.IGNORECASE,
)
# "27/09/2017" (issue pages: "Meeting: 27/09/2017 - ..."), "27/09/17", "27.09.2017".
NUMERIC = re.compile(
    r"(?<![\d/.])(?P<day>\d{1,2})([/.])(?P<month>\d{1,2})\2(?P<year>\d{4}|\d{2})(?![\d/])"
)
# "2017-09-27" (ISO, from the web service and exports).
ISO = re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)")

# "4.00 pm", "10.00 a.m.", "7.30pm", "10am", "2 p.m." and 24-hour "14:00"; Welsh
# "10.00 yb" (y bore, morning), "2.00 yh" (yr hwyr) and "2.00 yp" (y prynhawn).
TWELVE_HOUR = re.compile(
    r"(?<![\d.:])(?P<hour>\d{1,2})(?:[.:](?P<minute>\d{2}))?\s*"
    r"(?:(?P<half>[ap])\.?\s?m|y\.?\s?(?P<welsh>[bhp]))(?![a-zà-ÿ])\.?",
    re.IGNORECASE,
)
# A dot only with a two-digit hour ("14.30"), so "item 5.1" or "4.00" never reads as a time.
TWENTY_FOUR_HOUR = re.compile(
    r"(?<![\d.:])(?:(?P<hour>[01]?\d|2[0-3]):|(?P<hour2>[01]\d|2[0-3])\.)(?P<minute>[0-5]\d)"
    r"(?![\d.:]|\s*[ap]\.?\s?m\b)",
    re.IGNORECASE,
)
NOON = re.compile(r"\b(?:12(?:[.:]00)?\s*)?noon\b|\bmidday\b", re.IGNORECASE)


def parse_date(text: str) -> dt.date | None:
    """The first date written in ``text``, or None when there is none (or it is impossible).

    ``parse_date("Wednesday, 27th September, 2017 4.00 pm")`` -> 2017-09-27.
    """
    found: list[tuple[int, dt.date]] = []
    for pattern in (DAY_MONTH_YEAR, MONTH_DAY_YEAR):
        for match in pattern.finditer(text):
            name = match.group("month").lower()
            month = WELSH_MONTHS.get(name) or MONTHS[name[:3]]
            date = _date(int(match.group("year")), month, int(match.group("day")))
            if date:
                found.append((match.start(), date))
                break
    for pattern in (NUMERIC, ISO):
        for match in pattern.finditer(text):
            year = int(match.group("year"))
            if year < 100:  # "27/09/17"
                year += 2000 if year < 70 else 1900
            date = _date(year, int(match.group("month")), int(match.group("day")))
            if date:
                found.append((match.start(), date))
                break
    return min(found, key=lambda pair: pair[0])[1] if found else None


def parse_time(text: str) -> str | None:
    """The first time of day in ``text`` as 24-hour ``"HH:MM"``, or None.

    ``parse_time("4.00 pm")`` -> ``"16:00"``; ``parse_time("10.00 a.m.")`` -> ``"10:00"``.
    """
    found: list[tuple[int, str]] = []
    match = TWELVE_HOUR.search(text)
    if match:
        hour, minute = int(match.group("hour")), int(match.group("minute") or 0)
        if 1 <= hour <= 12 and minute < 60:
            half = (match.group("half") or match.group("welsh")).lower()
            hour = hour % 12 + (12 if half in {"p", "h"} else 0)
            found.append((match.start(), f"{hour:02d}:{minute:02d}"))
    match = TWENTY_FOUR_HOUR.search(text)
    if match and not _inside_date(text, match):
        hour = int(match.group("hour") or match.group("hour2"))
        found.append((match.start(), f"{hour:02d}:{match.group('minute')}"))
    match = NOON.search(text)
    if match:
        found.append((match.start(), "12:00"))
    return min(found, key=lambda pair: pair[0])[1] if found else None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _inside_date(text: str, match: re.Match[str]) -> bool:
    """ "27.09.2017" must not read as the time 27.09 (or 09.20)."""
    return any(m.start() <= match.start() < m.end() for m in NUMERIC.finditer(text))
