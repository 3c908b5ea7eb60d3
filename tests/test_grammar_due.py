"""Deadlines: every form of ``parsers.grammar.due.DUE_FORMS`` on its own example, and what
each means for an action set at a meeting on a given day."""

from __future__ import annotations

import datetime as dt

import pytest

from parsers.grammar.due import DUE_FORMS, DueForm, find_due, resolve, stated_date


@pytest.mark.parametrize("form", DUE_FORMS, ids=[f"{f.name}: {f.example_text}" for f in DUE_FORMS])
def test_each_form_reads_its_example(form: DueForm) -> None:
    due = find_due(form.example)
    assert due is not None
    assert (due.form, due.text) == (form.name, form.example_text)
    # The form's own pattern found it, not an earlier one at the same place.
    assert form.pattern.search(form.example) is not None


MEETING = dt.date(2024, 5, 10)


@pytest.mark.parametrize(
    ("text", "due", "basis"),
    [
        ("The Clerk to circulate the budget by 31 March 2025.", dt.date(2025, 3, 31), "stated"),
        ("Defer the items to the next meeting on 24 July 2017.", dt.date(2017, 7, 24), "stated"),
        ("report back by February 2024", dt.date(2024, 2, 29), "stated"),
        # A day and month without a year: the next one on or after the meeting.
        ("The Clerk to circulate the budget by 31st January.", dt.date(2025, 1, 31), "implied"),
        ("Officers to write to residents by 10 May.", dt.date(2024, 5, 10), "implied"),
        ("comments to the Clerk by the end of the month.", dt.date(2024, 5, 31), "implied"),
        ("finish the review by the end of the financial year.", dt.date(2025, 3, 31), "implied"),
        ("three quotations by the end of the year.", dt.date(2024, 12, 31), "implied"),
        ("report on the responses by the end of March.", dt.date(2025, 3, 31), "implied"),
        ("to respond within 28 days", dt.date(2024, 6, 7), "implied"),
        ("to respond within two weeks", dt.date(2024, 5, 24), "implied"),
        ("to respond within 5 working days", dt.date(2024, 5, 17), "implied"),
        ("a reply within one month", dt.date(2024, 6, 10), "implied"),
        ("be invited to the next Meeting of the Council", None, "next-meeting"),
        ("Officers to report back at the next meeting.", None, "next-meeting"),
        ("would be brought before the July Meeting for adoption.", None, "next-meeting"),
    ],
)  # fmt: skip
def test_what_a_deadline_means_for_a_meeting(text: str, due: dt.date | None, basis: str) -> None:
    found = find_due(text)
    assert found is not None
    assert resolve(found, MEETING) == (due, basis)


@pytest.mark.parametrize(
    "text",
    [
        # Nether Lochaber: when the training is, not by when it must be arranged.
        "NM to speak to D Duggan for training dates in January",
        # No date at all.
        "requested that officers bring a further report to a future meeting.",
        "Community donations to be held over until January.",
        "write to the Minister",
    ],
)
def test_what_is_no_deadline(text: str) -> None:
    assert find_due(text) is None


def test_an_undated_meeting_implies_no_date() -> None:
    found = find_due("comments to the Clerk by the end of the month.")
    assert found is not None and resolve(found, None) == (None, "implied")


def test_only_a_printed_date_is_stated() -> None:
    assert stated_date("by 1 April 2010 at the latest") == dt.date(2010, 4, 1)
    assert stated_date("by the end of the month") is None
    assert stated_date("to the next meeting") is None


def test_the_earliest_deadline_in_the_text_wins() -> None:
    found = find_due("to report to the next meeting and finish by 31 March 2025")
    assert found is not None and found.form == "next-meeting"
