"""The pure merge of several sources' views of one meeting (store/merge.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from parsers.model import AgendaItem, Attendee, Document, Meeting, Resolution
from store.merge import merge_items, merge_meeting


def meeting(*items: AgendaItem, **fields) -> Meeting:
    return Meeting(committee="Cabinet", date=dt.date(2018, 10, 2), items=list(items), **fields)


def test_base_is_the_source_with_most_items_and_extras_follow_their_neighbour() -> None:
    page = meeting(AgendaItem("1", "One"), AgendaItem("2", "Two"), AgendaItem("4", "Four"))
    issue = meeting(AgendaItem("2", "Two"), AgendaItem("3", "Three"))
    merged = merge_meeting([(7, issue), (3, page)])
    assert [(m.item.number, m.sources) for m in merged.items] == [
        ("1", [3]),
        ("2", [3, 7]),
        ("3", [7]),  # placed after "2", which it follows in the issue page
        ("4", [3]),
    ]
    assert merged.sources == [7, 3]


def test_items_without_numbers_match_by_title() -> None:
    table = meeting(AgendaItem(None, "Apologies for absence", minutes="A, B"))
    page = meeting(AgendaItem("1", "Apologies for Absence"))
    merged = merge_meeting([(1, page), (2, table)])
    ((item_merged),) = merged.items
    assert item_merged.item.number == "1"
    assert item_merged.item.minutes == "A, B"
    assert item_merged.sources == [1, 2]


def test_different_numbers_never_match_even_with_the_same_title() -> None:
    merged = merge_meeting([(1, meeting(AgendaItem("3a", "Report"), AgendaItem("3b", "Report")))])
    assert [m.item.number for m in merged.items] == ["3a", "3b"]


@pytest.mark.parametrize("order", [0, 1])
def test_full_beats_truncated_even_when_shorter(order: int) -> None:
    cut = AgendaItem(
        "5",
        "T",
        minutes="x" * 500,
        truncated=True,
        resolutions=[Resolution(None, "cut", "noted", truncated=True)],
    )
    full = AgendaItem("5", "T", minutes="short but complete", resolutions=[])
    versions = [cut, full] if order == 0 else [full, cut]
    merged = merge_items(versions)
    assert (merged.minutes, merged.truncated, merged.resolutions) == (
        "short but complete",
        False,
        [],
    )


def test_richer_text_and_documents_union() -> None:
    a = AgendaItem("1", "Budget", description="Report", documents=[Document("Report", "pdf", None)])
    b = AgendaItem(
        "1",
        "Budget",
        description="Report of the Director of Finance",
        documents=[Document("report", "pdf", 318.0), Document("Appendix", "pdf", 12.0)],
    )
    merged = merge_items([a, b])
    assert merged.description == "Report of the Director of Finance"
    assert merged.documents == [
        Document("Report", "pdf", 318.0),
        Document("Appendix", "pdf", 12.0),
    ]


def test_meeting_fields() -> None:
    page = meeting(
        AgendaItem("1", "A"),
        time="14:00",
        venue="Loxley House",
        attendance=[Attendee("X", "apologies")],
    )
    issue = meeting(
        venue="Ground Floor Committee Room - Loxley House, Station Street",
        council="Nottingham City Council",
        attendance=[Attendee("X", "apologies"), Attendee("Y", "apologies", reason="unwell")],
    )
    merged = merge_meeting([(1, page), (2, issue)]).meeting
    assert merged.time == "14:00"
    assert merged.council == "Nottingham City Council"
    assert merged.venue == "Ground Floor Committee Room - Loxley House, Station Street"
    assert [a.name for a in merged.attendance] == ["X", "Y"]


def test_merge_is_deterministic_and_needs_a_contribution() -> None:
    a = meeting(AgendaItem("1", "A", minutes="one"))
    b = meeting(AgendaItem("1", "A", minutes="two"))
    assert merge_meeting([(1, a), (2, b)]) == merge_meeting([(1, a), (2, b)])
    assert merge_meeting([(1, a), (2, b)]).items[0].item.minutes == "one"  # tie: earlier source
    with pytest.raises(ValueError):
        merge_meeting([])


def test_an_inferred_value_stays_inferred_until_a_source_states_it() -> None:
    # A decision list implies its meeting from "13/02/2020 - Title"; the meeting page states it.
    decision = meeting(AgendaItem(None, "Exclusion of Press and Public"), inferred=["date"])
    assert merge_meeting([(1, decision)]).meeting.inferred == ["date"]
    page = meeting(AgendaItem("5", "Exclusion of Press and Public"))
    assert merge_meeting([(1, decision), (2, page)]).meeting.inferred == []
    both = meeting(AgendaItem(None, "Other"), inferred=["committee", "date"])
    assert merge_meeting([(1, decision), (2, both)]).meeting.inferred == ["date"]


def test_the_preamble_of_the_source_that_has_one_is_kept() -> None:
    printed = meeting(AgendaItem("1", "One"), preamble="This note forms part of the minutes.")
    page = meeting(AgendaItem("1", "One"), AgendaItem("2", "Two"))
    merged = merge_meeting([(1, page), (2, printed)]).meeting
    assert merged.preamble == "This note forms part of the minutes."
