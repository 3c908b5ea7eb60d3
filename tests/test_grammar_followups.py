"""How later minutes report on actions: the report-back titles, the references to earlier
minutes, and the words that say where an action stands (``parsers.grammar.followups``)."""

from __future__ import annotations

import pytest

from parsers.grammar.followups import (
    PROGRESS_FORMS,
    REPORT_BACK_TITLES,
    ProgressForm,
    Reference,
    ReportBackTitle,
    asks_to_come_back,
    is_generic,
    is_report_back,
    progress,
    references,
    same_words,
    title_words,
)


@pytest.mark.parametrize("title", REPORT_BACK_TITLES, ids=[t.example for t in REPORT_BACK_TITLES])
def test_report_back_titles(title: ReportBackTitle) -> None:
    assert title.pattern.search(title.example)
    assert is_report_back(title.example)


@pytest.mark.parametrize("form", PROGRESS_FORMS, ids=[f.progress for f in PROGRESS_FORMS])
def test_progress_forms(form: ProgressForm) -> None:
    assert progress(form.example) == form.progress


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # Nether Lochaber, the meeting after the actions were set: done and still open.
        ("The works on the bridge have finished but the lights are not back on", "open"),
        ("SUSTRANS have been contacted by IJ and the lights are now working.", "done"),
        ("Minute 57 – the quotation has been received. Complete.", "done"),
        ("Action 3: not yet complete, carried forward.", "open"),
        ("Cllr Ben Thomson has confirmed that Transport Scotland are responsible", "done"),
        ("The Board discussed the matter at length.", None),
    ],
)
def test_where_a_passage_says_an_action_stands(text: str, said: str | None) -> None:
    assert progress(text) == said


def test_references_name_minutes_items_and_actions() -> None:
    text = "Minute 57 (Highways) and Min. 45/22; see also Action 3 and Minute No. 81."
    assert references(text) == [
        Reference("minute", "57"),
        Reference("minute", "45/22"),
        Reference("action", "3"),
        Reference("minute", "81"),
    ]


def test_same_words_finds_an_action_repeated_in_other_words() -> None:
    assert same_words(
        "IJ to contact SUSTRANS about the bridge lights",
        "SUSTRANS contacted by IJ: bridge lights fixed",
    )
    assert not same_words("IJ to contact SUSTRANS", "The Clerk reported on the accounts.")


def test_titles_every_meeting_has_name_no_matter() -> None:
    for title in (
        "Apologies for absence",
        "Minutes of the last meeting",
        "Matters Arising",
        "Any other business",
        "Declarations of Interest",
        "Date of next meeting",
    ):
        assert is_generic(title), title
        assert title_words(title) is None
    assert (
        title_words("(b)  Ballachulish Bridge")
        == title_words("BALLACHULISH BRIDGE")
        == ("ballachulish bridge")
    )


def test_actions_that_ask_for_the_matter_to_come_back() -> None:
    assert asks_to_come_back(
        "request that officers bring a further report on Child Exploitation to a future meeting."
    )
    assert asks_to_come_back("Officers to report back at the next meeting.")
    assert not asks_to_come_back("IJ to contact SUSTRANS")
