"""Dates and times as councils print them (every form below is from a real document)."""

from __future__ import annotations

import datetime as dt

import pytest

from parsers.grammar.dates import parse_date, parse_time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wednesday, 27th September, 2017 4.00 pm", dt.date(2017, 9, 27)),  # Nottingham heading
        ("Cabinet - Tuesday, 2nd October, 2018 2.00 pm", dt.date(2018, 10, 2)),  # Coventry
        ("Meeting: 27/09/2017 - Children's Partnership Board (Item 20)", dt.date(2017, 9, 27)),
        ("Date of decision: 10/09/2024", dt.date(2024, 9, 10)),  # North Herts
        ("Minutes of the meeting held on 20 September 2018", dt.date(2018, 9, 20)),  # Kent
        ("Friday 24 May 2019", dt.date(2019, 5, 24)),
        ("Monday, 9th January, 2006 7.00 pm", dt.date(2006, 1, 9)),  # Haringey
        ("Thursday, 16th August 2007", dt.date(2007, 8, 16)),  # Wirral legacy page
        ("11(TM) June 2014", dt.date(2014, 6, 11)),  # Limerick OCR of a superscript "th"
        ("11™ June 2014", dt.date(2014, 6, 11)),
        ("the 28 November 2022.", dt.date(2022, 11, 28)),  # Great Yarmouth
        ("September 27, 2017", dt.date(2017, 9, 27)),
        ("2017-09-27", dt.date(2017, 9, 27)),
        ("27/09/17", dt.date(2017, 9, 27)),
        ("1st Sept 2021", dt.date(2021, 9, 1)),
        # Welsh (modern.gov LLL=1 headings): month names and ordinal suffixes.
        ("Dydd Mercher, 5ed Ebrill, 2017 2.00 yh", dt.date(2017, 4, 5)),
        ("Dydd Llun, 1af Mai, 2017", dt.date(2017, 5, 1)),
        ("Dydd Mawrth, 2il Ionawr, 2018", dt.date(2018, 1, 2)),  # Mawrth here is Tuesday
        ("Dydd Iau, 3ydd Mawrth, 2022", dt.date(2022, 3, 3)),  # ... and here March
        ("Dydd Gwener, 20fed Gorffennaf, 2018", dt.date(2018, 7, 20)),
        ("Dydd Sadwrn, 11eg Chwefror 2023", dt.date(2023, 2, 11)),
        ("22ain Tachwedd 2018", dt.date(2018, 11, 22)),
        ("Dydd Sul, 7fed Rhagfyr, 2014", dt.date(2014, 12, 7)),
        ("15 Mehefin 2016", dt.date(2016, 6, 15)),
        ("31ain Awst 2020", dt.date(2020, 8, 31)),
        ("9fed Medi 2019", dt.date(2019, 9, 9)),
        ("10fed Hydref 2019", dt.date(2019, 10, 10)),
    ],
)
def test_parse_date(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "Venue: Committee Room", "31st February 2019", "32/01/2020", "item 5.1", "2019/20"],
)
def test_parse_date_none(text: str) -> None:
    assert parse_date(text) is None


def test_parse_date_takes_the_first_date() -> None:
    # Coventry's rescheduled meeting names the old date first; the heading
    # reader strips the "Moved from ..." note before asking for the date.
    assert parse_date("Moved from 9th October 2018, Cabinet - Tuesday, 2nd October, 2018") == (
        dt.date(2018, 10, 9)
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4.00 pm", "16:00"),
        ("Wednesday, 27th September, 2017 4.00 pm", "16:00"),
        ("10.00 a.m.", "10:00"),
        ("7.30pm", "19:30"),
        ("Wednesday, 2nd October, 2019 10.10 am", "10:10"),  # Manchester
        ("12.00 pm", "12:00"),
        ("12.30 am", "00:30"),
        ("10am", "10:00"),
        ("Time: 19:15", "19:15"),  # Merton agenda front page
        ("14.30", "14:30"),
        ("4.00pm1 July 2021", "16:00"),  # Brighton: time and date run together
        ("12 noon", "12:00"),
        ("will commence at 10:00 am.", "10:00"),  # Kent
        # Welsh: yb = y bore (morning), yh = yr hwyr and yp = y prynhawn (afternoon).
        ("Dydd Mercher, 5ed Ebrill, 2017 2.00 yh", "14:00"),
        ("10.00 yb", "10:00"),
        ("9.30 y.b.", "09:30"),
        ("2.00 yp", "14:00"),
        ("12.30 yh", "12:30"),
    ],
)
def test_parse_time(text: str, expected: str) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "27/09/2017", "item 5.1", "Minute 62/13", "4.00", "27.09.2017", "13.00 pm", "5 yards"],
)
def test_parse_time_none(text: str) -> None:
    assert parse_time(text) is None
