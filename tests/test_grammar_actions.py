"""Action points from resolutions, ACTION lines and narrative commitments (snippets inline)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers.grammar.actions import due_date, extract_actions, resolution_owner
from parsers.grammar.resolutions import extract_resolutions
from parsers.model import ActionPoint


def actions_of(paragraphs: list[str]) -> list[ActionPoint]:
    return extract_actions(paragraphs, extract_resolutions(paragraphs))


def test_action_clause_of_a_numbered_resolution_seed_000_item_23() -> None:
    paragraphs = [
        "(h) There is a large proportion of training within schools that focuses on health "
        "issues, including mental health and first aid;",
        "RESOLVED to",
        "(1) approve the changes to the Core Delivery Standard as set out in the presentation "
        "and report appended to the agenda.",
        "(2) ask each agency to look at best fit within their own training plans to show "
        "consistency of developing practitioners in line with the CDS",
        "(3) note where Partners need training development support the offer of buying "
        "elements of the Core Offer from Nottingham City Council if or when required.",
    ]
    assert actions_of(paragraphs) == [
        ActionPoint(
            text="ask each agency to look at best fit within their own training plans to show "
            "consistency of developing practitioners in line with the CDS",
            owner="each agency",
            source_kind="resolution",
        )
    ]


def test_partnership_clauses_seed_004() -> None:
    paragraphs = [
        "Resolved",
        "(1) that the partnership continues to focus on recognising the voice of the child;",
        "(2) work to disseminate information and videos to a wider range of organisations "
        "outside the partnership;",
    ]
    assert [(a.owner, a.source_kind) for a in actions_of(paragraphs)] == [
        ("the partnership", "resolution"),
        (None, "resolution"),
    ]


def test_narrative_that_repeats_the_resolution_is_not_emitted_twice_cardiff() -> None:
    paragraphs = [
        "Members discussed the information received and identified a number of issues which "
        "the Chairman agreed would be included in the letters that would be sent, on behalf of "
        "the Committee, to the relevant Cabinet Members and Officers.",
        "AGREED – That the Chairperson writes to the Cabinet Member on behalf of the Committee "
        "expressing their comments and observations discussed during the way forward.",
    ]
    assert actions_of(paragraphs) == [
        ActionPoint(
            text="That the Chairperson writes to the Cabinet Member on behalf of the Committee "
            "expressing their comments and observations discussed during the way forward.",
            owner="the Chairperson",
            source_kind="resolution",
        )
    ]


def test_passive_clause_names_no_owner_neath_port_talbot() -> None:
    paragraphs = [
        "RESOLVED: a. That the progress made be noted;",
        "b. That email notifications, be switched on;",
        "c. That the content of the letter attached at Appendix 1 to be circulated to Members;",
    ]
    # (b) decides to switch notifications on (the gold's kind is decision): no action.
    assert [(a.text, a.owner) for a in actions_of(paragraphs)] == [
        (
            "That the content of the letter attached at Appendix 1 to be circulated to Members;",
            None,
        ),
    ]


@pytest.mark.parametrize(
    ("clause", "owner"),
    [
        ("ask each agency to look at best fit within their own training plans", "each agency"),
        ("that the Director be authorised to sign the lease.", "the Director"),
        ("That the Head of Planning be hereby authorised to issue the permit.",
         "the Head of Planning"),
        ("That the Chairperson writes to the Cabinet Member", "the Chairperson"),
        ("that the partnership continues to focus on the voice of the child", "the partnership"),
        ("delegate authority to the Chief Executive to agree the final terms",
         "the Chief Executive"),
        ("request officers to bring a report to a future meeting", "officers"),
        ("That the Leader be given delegated authority to agree the contract", "the Leader"),
        ("That the content of the letter to be circulated to Members", None),
        ("work to disseminate information and videos", None),
        # A subjunctive: "that the Clerk obtain ..." (tests/fixtures/tracker, minute 58).
        ("that the Clerk obtain three quotations for resurfacing the play area", "the Clerk"),
        ("that the report on the review of parking be noted", None),
    ],
)  # fmt: skip
def test_resolution_owner(clause: str, owner: str | None) -> None:
    assert resolution_owner(clause) == owner


# --- Explicit ACTION lines --------------------------------------------------------------


def test_explicit_action_line_with_owner_and_date() -> None:
    paragraphs = [
        "The Board discussed the revised terms of reference.",
        "ACTION: Jane Smith to circulate the revised terms of reference by 31 March 2024.",
    ]
    assert actions_of(paragraphs) == [
        ActionPoint(
            text="Jane Smith to circulate the revised terms of reference by 31 March 2024.",
            owner="Jane Smith",
            due=dt.date(2024, 3, 31),
            source_kind="explicit",
        )
    ]


def test_action_owner_line_applies_to_the_paragraph_above() -> None:
    paragraphs = [
        "The dates of future meetings would be confirmed with members by the end of March 2024.",
        "Action: Clerk",
    ]
    assert actions_of(paragraphs) == [
        ActionPoint(
            text="The dates of future meetings would be confirmed with members by the end of "
            "March 2024.",
            owner="Clerk",
            due=dt.date(2024, 3, 31),
            source_kind="explicit",
        )
    ]


def test_action_owner_line_wins_over_the_narrative_it_explains() -> None:
    paragraphs = ["The Clerk would write to the bus operator about the timetable.", "Action: Clerk"]
    assert actions_of(paragraphs) == [
        ActionPoint(text=paragraphs[0], owner="Clerk", source_kind="explicit")
    ]


def test_action_label_closing_a_paragraph() -> None:
    paragraphs = ["The Clerk would write to the Environment Agency about flooding. Action: Clerk"]
    assert actions_of(paragraphs) == [
        ActionPoint(
            text="The Clerk would write to the Environment Agency about flooding.",
            owner="Clerk",
            source_kind="explicit",
        )
    ]


# --- Narrative commitments --------------------------------------------------------------


def test_it_was_agreed_to_send_limerick() -> None:
    # "It was agreed to ..." is a resolution (the gold counts it, kind action), so the
    # action is the resolution's clause.
    paragraphs = [
        "It was also agreed to send a copy of the resolution to the Minister for Transport, "
        "Tourism and Sport."
    ]
    assert actions_of(paragraphs) == [
        ActionPoint(
            text="to send a copy of the resolution to the Minister for Transport, Tourism and "
            "Sport.",
            owner=None,
            source_kind="resolution",
        )
    ]


def test_requested_that_be_invited_to_next_meeting_limerick() -> None:
    paragraphs = [
        "Councillor Leddin further requested that the Chief Executive of Fáilte Ireland be "
        "invited to the next Meeting of the Council to answer the Members’ questions in relation "
        "to this issue. This was agreed."
    ]
    # The request the meeting agreed ("This was agreed.") is a resolution (the gold counts
    # it, kind action); its clause is the action, owned by the one it invites.
    assert actions_of(paragraphs) == [
        ActionPoint(
            text="that the Chief Executive of Fáilte Ireland be invited to the next Meeting of "
            "the Council to answer the Members’ questions in relation to this issue.",
            owner="the Chief Executive of Fáilte Ireland",
            due=None,
            source_kind="resolution",
        )
    ]


def test_asked_for_to_be_circulated_and_passive_with_agent_limerick_ocr() -> None:
    paragraphs = [
        "Councillor Galvin asked for the Minutes of the last Newcastle West Area Meeting to be "
        "circulated to the Members in advance of the next Meeting.",
        "The Members agreed to hold the next Meeting on Wednesday, 2nd July, 2014, at 10.00a.m.",
        "The Administrative Officer, Corporate Services, advised that Tablets would be provided "
        "by the I.C.T. Department over the coming weeks.",
    ]
    assert [(a.owner, a.source_kind) for a in actions_of(paragraphs)] == [
        (None, "narrative"),
        ("the I.C.T. Department", "narrative"),
    ]


@pytest.mark.parametrize(
    ("sentence", "owner"),
    [
        ("Officers would circulate the briefing note to all members.", "Officers"),
        ("The Director undertook to look into the delays at the depot.", "The Director"),
        ("She advised that the Clerk would write to the bus operator.", "the Clerk"),
        ("Councillor Byrne agreed to write to the Minister on behalf of the Council.",
         "Councillor Byrne"),
        ("The Head of Service will report back to the next meeting.", "The Head of Service"),
        ("Members requested that a report be brought to a future meeting.", None),
        ("The Chair asked the Director to provide an update in June.", "the Director"),
    ],
)  # fmt: skip
def test_narrative_commitment(sentence: str, owner: str | None) -> None:
    assert actions_of([sentence]) == [
        ActionPoint(text=sentence, owner=owner, source_kind="narrative")
    ]


def test_owner_to_shorthand_is_an_explicit_action_line() -> None:
    # The minute-taker's "Officers to circulate ..." is an action line, like "ACTION: ...".
    sentence = "Officers to circulate the report to members."
    assert actions_of([sentence]) == [
        ActionPoint(text=sentence, owner="Officers", source_kind="explicit")
    ]


def test_narrative_and_resolution_for_the_same_thing_yield_one_action() -> None:
    paragraphs = [
        "The Chair agreed to write to the Minister about the funding gap for school transport.",
        "RESOLVED that the Chair write to the Minister about the funding gap for school transport.",
    ]
    assert actions_of(paragraphs) == [
        ActionPoint(
            text="that the Chair write to the Minister about the funding gap for school transport.",
            owner="the Chair",
            source_kind="resolution",
        )
    ]


def test_similar_resolution_clauses_are_separate_actions() -> None:
    paragraphs = [
        "RESOLVED to",
        "(1) ask officers to report back on the parking review;",
        "(2) ask officers to report back on the bus review.",
    ]
    assert [a.text for a in actions_of(paragraphs)] == [
        "ask officers to report back on the parking review;",
        "ask officers to report back on the bus review.",
    ]


# --- Never actions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "paragraphs",
    [
        # seed 000 item 18: minutes agreed as a true record
        [
            "The minutes of the meeting held on 5 July 2017 were agreed by the Board as a true "
            "record and signed by the Chair."
        ],
        # seed 000 item 17: declarations
        ["None."],
        # seed 000 item 25: a noting
        ["RESOLVED to note the forward plan."],
        # Slough: minutes agreed as a correct record
        ["Resolved – That the minutes of the meeting held on 14 September 2021 be agreed as a "
         "correct record."],
        # seed 000 item 21: statements of fact in lettered points, even in the future tense
        [
            "(e) At Nottingham Academy there has been a PCSO engaged in activities very similar "
            "to these for a number of months. An officer will be joining the PCSO;",
            "(j) Following the initial period of the pilot there will be full consultation with "
            "the Youth Offending Team, Priority Families Team and other partners;",
        ],
        # a statement that something would not happen
        ["The Director of Service advised that funding would not be available as this was a "
         "private road."],
        # seed 004: "committed to" as an adjective, in running text
        ["The strategic priorities were to strengthen and support a competent and equipped "
         "workforce that is committed to learning and developing safeguarding practice."],
        # shorthand that is not a commitment
        ["Members to note the report.", "Update to follow."],
        # Limerick: a notice of a question
        ["I will ask at the next Meeting for an update on the Council housing programme."],
    ],
)  # fmt: skip
def test_not_actions(paragraphs: list[str]) -> None:
    assert actions_of(paragraphs) == []


# --- Due dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("circulate the report by 31 March 2024", dt.date(2024, 3, 31)),
        ("circulate the report by the end of March 2024", dt.date(2024, 3, 31)),
        ("report back by February 2024", dt.date(2024, 2, 29)),
        ("respond no later than 2nd October, 2018", dt.date(2018, 10, 2)),
        ("report back at the next meeting", None),
        ("write to the Minister", None),
    ],
)
def test_due_date(text: str, due: dt.date | None) -> None:
    assert due_date(text) == due


@given(st.lists(st.text(max_size=120), max_size=10))
def test_any_paragraphs_give_a_list(paragraphs: list[str]) -> None:
    result = extract_actions(paragraphs, extract_resolutions(paragraphs))
    assert isinstance(result, list)
    assert all(isinstance(a, ActionPoint) and a.text for a in result)
