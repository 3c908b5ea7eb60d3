"""Decision records read from real pages: decision pages, fragments, stripped labels and
lists of decisions (parsers/decision_records.py), with exact values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from parsers import decision_records
from parsers.model import ParsedDocument
from parsers.registry import detect, parse
from parsers.source import ParseError, Source

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def read(name: str) -> ParsedDocument:
    source = Source(name=name, data=(CORPUS / name).read_bytes())
    assert detect(source) is decision_records
    return parse(source)


def paras(text: str | None) -> list[str]:
    assert text is not None
    return text.split("\n\n")


def test_list_of_delegated_decisions_is_one_item_per_decision() -> None:
    # mgDelegatedDecisions: four records of one Cabinet meeting, each after "Effective from:".
    doc = read("newcastle-staffs_mgDelegatedDecisions_2019-03.txt")
    assert doc.page_kind == "decision"
    (cabinet,) = doc.meetings
    assert (cabinet.committee, cabinet.date, cabinet.inferred) == (
        "Cabinet",
        dt.date(2019, 3, 20),
        [],
    )
    assert [i.title for i in cabinet.items] == [
        "AIR QUALITY MINISTERIAL DIRECTION - STRATEGIC OUTLINE CASE",
        "VOLUNTARY, COMMUNITY AND SOCIAL ENTERPRISE (VCSE) PLEDGE",
        "FINANCIAL AND PERFORMANCE MANAGEMENT REPORT TO END OF QUARTER THREE (October-December)"
        " 2018-19",
        "IRRECOVERABLE ITEMS",
    ]
    assert cabinet.items[0].decision == (
        "That Cabinet notes the content of the Strategic Outline Case and approves the proposed"
        " shortlist of measures to be further evaluated as part of the Air Quality Local Plan"
        " Development works required by DEFRA."
    )
    assert paras(cabinet.items[1].decision) == [
        "(i) That the Borough Council adopt & sign up to the Pledge.",
        "(ii) That the Borough Council seeks to promote & implement the Pledge.",
    ]
    # The page stops inside the fourth record's fields: no decision text yet.
    assert cabinet.items[3].decision is None
    # The list's explanatory preamble is nobody's decision.
    assert all("search options" not in (i.decision or "") for i in cabinet.items)


def test_first_person_record_in_a_decision_list() -> None:
    doc = read("salford_mgDelegatedDecisions_2022-09.txt")
    (meeting,) = doc.meetings
    assert (meeting.committee, meeting.date) == (
        "Statutory Deputy City Mayor & Lead Member for Housing Briefing",
        dt.date(2022, 9, 15),
    )
    (record,) = meeting.items
    assert record.title == (
        "Salford's Temporary Accommodation Allocations and Commissioning Policy."
    )
    assert paras(record.decision) == [
        "Salford City Council - Record of Decision",
        "I, Councillor Kelly, Statutory Deputy City Mayor and Lead Member for Housing, Property"
        " and Regeneration, in exercise of the powers contained within the Council Constitution,"
        " do hereby approve:",
        "The Temporary Accommodation Allocations and Commissioning Policy",
    ]
    # "The Reasons are:" opens the reasons, kept apart from the decision.
    assert paras(record.description)[0].startswith(
        "The Reasons are: A temporary accommodation allocations and commissioning policy is not"
    )


def test_issue_decisions_with_stripped_labels_takes_the_date_of_its_heading() -> None:
    doc = read("sandwell_mgDecisionDetails_336_labels-stripped.txt")
    (meeting,) = doc.meetings
    # "24/06/2021 - To confirm the minutes ...": the heading dates the decision; no body is
    # named ("this Committee").
    assert (meeting.committee, meeting.date, meeting.inferred) == (
        None,
        dt.date(2021, 6, 24),
        ["date"],
    )
    (record,) = meeting.items
    assert record.title == (
        "To confirm the minutes of the meeting held on 18 March 2021 as a correct record"
    )
    decision = paras(record.decision)
    assert decision[0] == (
        "The minutes of the meeting held on 18 March 2021 (and reconvened on 18May following an"
        " adjournment) were submitted."
    )
    assert [p[:4] for p in decision[-3:]] == ["(1) ", "(2) ", "(3) "]


def test_decision_made_label_and_the_body_named_by_the_decision() -> None:
    doc = read("south-ribble_mgDecisionDetails_6387_decision-made.txt")
    (meeting,) = doc.meetings
    # "13/02/2020 - Exclusion of Press and Public" dates it; "That Cabinet approved ..."
    # names the body. Both implied, so both marked.
    assert (meeting.committee, meeting.date, meeting.inferred) == (
        "Cabinet",
        dt.date(2020, 2, 13),
        ["committee", "date"],
    )
    (record,) = meeting.items
    assert record.title == "Exclusion of Press and Public"
    assert record.decision is not None
    assert record.decision.startswith("That Cabinet approved that the meeting remain in public")


def test_fragment_from_decision_status_with_headings_without_colons() -> None:
    doc = read("welwyn-hatfield_ieDecisionDetails_991_cabinet-agreed.txt")
    (meeting,) = doc.meetings
    assert (meeting.committee, meeting.date, meeting.inferred) == (
        "Cabinet",
        dt.date(2024, 12, 3),
        [],
    )
    (record,) = meeting.items
    assert record.decision == "Cabinet agreed the recommendations set out in the report."
    assert record.description == (
        "Reason for decision: On 20th November 2024, the Overview and Scrutiny Committee"
        " recommended to Cabinet the recommendations of the Grounds Maintenance Task & Finish"
        " Group for approval"
    )


def test_officer_decision_dated_by_its_date_of_decision() -> None:
    doc = read("ne-derbyshire_ieDecisionDetails_466_officer.txt")
    (meeting,) = doc.meetings
    # An officer decides alone: the maker stands for the meeting, the date of decision
    # (not the much later publication date) dates it.
    assert (meeting.committee, meeting.date) == ("Managing Director", dt.date(2020, 3, 6))
    (record,) = meeting.items
    assert record.title == "Amendments to the Delegation Scheme"
    assert paras(record.decision) == [
        "1. To amend the Delegation Scheme as shown on the attached document.",
        "2. To amend the Council Procedure Rules in the Constitution as shown on the attached"
        " document.",
    ]
    assert paras(record.description)[-1] == (
        "A full review will occur as part of the Annual Review of the Constitution."
    )


def test_records_of_different_meetings_stay_apart() -> None:
    page = "\n\n".join(
        [
            "Decisions published",
            "20/03/2019 - HOUSING STRATEGY ref: 11    Recommendations Approved",
            "Decision Maker: Cabinet",
            "Made at meeting: 20/03/2019 - Cabinet",
            "That the strategy be adopted.",
            "21/03/2019 - FEES AND CHARGES ref: 12    Recommendations Approved",
            "Decision Maker: Licensing Committee",
            "Made at meeting: 21/03/2019 - Licensing Committee",
            "That the fees be approved.",
        ]
    )
    doc = parse(Source("list.txt", page.encode("utf-8")))
    assert doc.format == "moderngov-decisions"
    assert [(m.committee, m.date, [i.title for i in m.items]) for m in doc.meetings] == [
        ("Cabinet", dt.date(2019, 3, 20), ["HOUSING STRATEGY"]),
        ("Licensing Committee", dt.date(2019, 3, 21), ["FEES AND CHARGES"]),
    ]


def test_a_decision_page_with_no_decision_is_refused() -> None:
    with pytest.raises(ParseError, match=r"^decision page with no decision in it$"):
        decision_records.parse(Source("empty.txt", b"Decision details\n\nDecision status:\n"))
