"""The shared detector on whole items: every field read, provenance on every record.

Texts are from real pages (tests/fixtures/corpus, public records). The pages the format
readers refuse today (the generic reader of issue 16 will read them) are tested here on
their paragraphs, as an item's text field, so the detector is ready for them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from parsers.grammar.detector import RULES, detect_item, detect_text
from parsers.model import ActionPoint, AgendaItem, Resolution
from parsers.registry import parse_file
from parsers.source import ParseError

FIXTURES = Path(__file__).parent / "fixtures"


def rows(records: list[Resolution]) -> list[tuple[str | None, str, str, str | None]]:
    return [(r.number, r.text, r.kind, r.rule) for r in records]


def actions(records: list[ActionPoint]) -> list[tuple[str, str | None, str | None]]:
    return [(a.text, a.owner, a.rule) for a in records]


def passage(item: AgendaItem, record: Resolution | ActionPoint) -> str:
    assert record.source_field is not None
    text = getattr(item, record.source_field)
    assert record.span_start is not None and record.span_end is not None
    return text[record.span_start : record.span_end]


def _squeezed(text: str) -> str:
    return "".join(text.split())


# --- provenance ---------------------------------------------------------------------------


def _parsed_fixtures() -> list[Path]:
    out = []
    for path in sorted(FIXTURES.rglob("*")):
        if path.is_file() and path.suffix in {".txt", ".md", ".html", ".xml", ".json", ".pdf"}:
            out.append(path)
    return out


def test_every_record_points_at_the_words_it_came_from() -> None:
    """On every fixture page: each record names its rule and field, and its span holds
    its words (a list joined with "; " spans from its first words to its last)."""
    checked = 0
    for path in _parsed_fixtures():
        try:
            document = parse_file(path)
        except ParseError:
            continue
        for meeting in document.meetings:
            for item in meeting.items:
                for record in [*item.resolutions, *item.actions]:
                    assert record.rule in RULES, (path.name, record)
                    # A list's lines are joined with "; " in the record, not in the page.
                    found = _squeezed(passage(item, record)).replace(";", "")
                    words = _squeezed(record.text).replace(";", "")
                    assert found == words or (
                        found.startswith(words[:24]) and found.endswith(words[-24:])
                    ), (path.name, record.text)
                    checked += 1
    assert checked > 150


def test_span_skips_the_label_and_the_opening_quote() -> None:
    item = AgendaItem(
        None,
        "Exclusion of Press and Public",
        minutes="RESOLVED: “That as publicity would be prejudicial to the public interest, the "
        "public and press be excluded from the meeting for the following items of business”"
        "\n\nIN PRIVATE",
    )
    [resolution] = detect_item(item).resolutions
    assert resolution.text == (
        "That as publicity would be prejudicial to the public interest, the public and press "
        "be excluded from the meeting for the following items of business"
    )
    assert (resolution.rule, resolution.source_field) == ("keyword", "minutes")
    assert passage(item, resolution) == resolution.text


# --- which fields are read ----------------------------------------------------------------


LICHFIELD = (
    "RESOLVED: “That as publicity would be prejudicial to the public interest by reason of the "
    "confidential nature of the business to be transacted, the public and press be excluded "
    "from the meeting for the following items of business”\n\nIN PRIVATE"
)


def test_a_clause_printed_in_the_description_and_the_minutes_is_one_lichfield() -> None:
    item = AgendaItem("5", "Exclusion of Press and Public", description=LICHFIELD,
                      minutes=LICHFIELD)  # fmt: skip
    [resolution] = detect_item(item).resolutions
    assert resolution.source_field == "minutes"


def test_the_agenda_description_beside_minutes_is_read_for_keywords_only() -> None:
    # Rotherham's agenda wording and its unlabelled resolution, with the minutes kept apart.
    item = AgendaItem(
        None,
        "Minutes of the Previous Meeting",
        description="That the minutes of the previous meeting be approved as a true record.",
        minutes="At the meeting it was advised that a correction was required to Minute No. 81.",
    )
    assert detect_item(item).resolutions == []
    # The same words with no minutes at all: the labels were stripped, the body is there.
    item.minutes = None
    assert rows(detect_item(item).resolutions) == [
        (None, "That the minutes of the previous meeting be approved as a true record.",
         "decision", "bare-clause")
    ]  # fmt: skip


def test_a_body_run_into_the_title_line_welwyn_hatfield() -> None:
    title = (
        "Decision status: Recommendations Approved Is Key decision?: No Is subject to call in?: "
        "No Decision taken Cabinet agreed the recommendations set out in the report. Reason for "
        "decision On 20th November 2024, the Overview and Scrutiny Committee recommended to "
        "Cabinet the recommendations of the Grounds Maintenance Task & Finish Group for approval"
    )
    item = AgendaItem(None, title)
    [resolution] = detect_item(item).resolutions
    assert (resolution.text, resolution.rule, resolution.source_field) == (
        "Cabinet agreed the recommendations set out in the report.",
        "inline-verb",
        "title",
    )
    assert passage(item, resolution) == resolution.text


def test_an_action_in_a_title_line_peak_district() -> None:
    title = (
        "Reports from Outside Bodies - None submitted There were no outside body reports "
        "submitted but the Chair did ask that Members on external bodies, submit a report so "
        "that other Members were aware of what was discussed at the meetings and what relevance "
        "it might have to the Authority and to its operations and functions."
    )
    [action] = detect_item(AgendaItem(None, title)).actions
    assert (action.owner, action.rule, action.source_field) == (
        "Members on external bodies",
        "request",
        "title",
    )


def test_truncation_flags_the_body_that_was_cut() -> None:
    item = AgendaItem(
        "21",
        "Update",
        description="RESOLVED to note the report.",
        minutes="The Board discussed the update.\n\nRESOLVED to note the content of",
    )
    found = detect_item(item, truncated=True).resolutions
    assert [(r.text, r.truncated, r.source_field) for r in found] == [
        ("to note the report.", False, "description"),
        ("to note the content of", True, "minutes"),
    ]


def test_a_keyword_cut_before_any_clause_is_no_resolution() -> None:
    # The site's cut can fall right after the keyword ("... RESOLVED to  view the full
    # minutes text"): a record reading only "to" says nothing the item's cut mark does not.
    item = AgendaItem("5", "Budget", minutes="The Cabinet considered the report.\n\nRESOLVED to")
    assert detect_item(item, truncated=True).resolutions == []
    item = AgendaItem("5", "Budget", minutes="RESOLVED that:")
    assert detect_item(item, truncated=True).resolutions == []


# --- decision records -----------------------------------------------------------------------


def test_decision_block_clauses_need_no_keyword_ne_derbyshire() -> None:
    text = (
        "1. To amend the Delegation Scheme as shown on the attached document.\n\n"
        "2. To amend the Council Procedure Rules in the Constitution as shown on the attached "
        "document."
    )
    assert rows(detect_text(text, "decision").resolutions) == [
        ("1", "To amend the Delegation Scheme as shown on the attached document.", "decision",
         "decision-record"),
        ("2", "To amend the Council Procedure Rules in the Constitution as shown on the attached "
         "document.", "decision", "decision-record"),
    ]  # fmt: skip


def test_recommended_to_council_intro_and_restarted_numbering_wolverhampton() -> None:
    text = (
        "That Council be recommended to:\n\n"
        "1. Approve the revised medium term General Fund capital programme of £314.5 million, "
        "an increase of £14.5 million from the previously approved programme (paragraph 2.4), "
        "reflecting the latest projected expenditure for the medium term.\n\n"
        "2. Approve the additional General Fund resources of £14.5 million identified for;\n\n"
        "i. twelve new projects totalling £11.1 million (paragraph 4.1);\n\n"
        "ii. eight existing projects totalling £3.4 million (paragraphs 3.14).\n\n"
        "1. That the General Fund virements totalling £2.4 million detailed at Appendix C be "
        "approved for;\n\n"
        "i. existing projects totalling £1.5 million (paragraph 3.15);"
    )
    found = detect_text(text, "decision").resolutions
    assert [(r.number, r.text[:60], r.kind) for r in found] == [
        ("1", "Approve the revised medium term General Fund capital program", "decision"),
        ("2", "Approve the additional General Fund resources of £14.5 milli", "decision"),
        ("1", "That the General Fund virements totalling £2.4 million detai", "decision"),
    ]
    # The nested points stay with their clause.
    assert found[1].text.endswith("ii. eight existing projects totalling £3.4 million "
                                  "(paragraphs 3.14).")  # fmt: skip


def test_decision_made_unanimously_south_ribble() -> None:
    text = (
        "13/02/2020 - Exclusion of Press and Public made (Unanimously):\n\n"
        "That Cabinet approved that the meeting remain in public session. If any members had "
        "any comments on the confidential item (Appendix to the Worden Hall Project Update), "
        "these could be discussed at the Scrutiny Committee on 13 February 2020.meeting."
    )
    [resolution] = detect_text(text, "decision").resolutions
    assert resolution.text.startswith("That Cabinet approved that the meeting remain in public "
                                      "session.")  # fmt: skip
    assert (resolution.kind, resolution.rule) == ("decision", "decision-record")
    # "If any members had any comments ..., these could be discussed": conditional, no action.
    assert detect_text(text, "decision").actions == []


def test_announcements_in_a_decision_record_are_not_decisions_north_herts() -> None:
    text = (
        "(1) The Chairman welcomed those present; particularly speakers at Public "
        "Participation.\n\n"
        "(2) The Chairman introduced and welcomed Matthew Hepburn a new Committee, Member "
        "Services & Scrutiny Officer, who will be clerking future meetings’ of that Committee."
        "\n\n(3) In accordance with Council policy the meeting was being audio recorded.\n\n"
        "(4) Members were reminded that any declarations of interest in respect of any business "
        "set out in the agenda, should be declared as either a Disclosable Pecuniary Interest or "
        "Declarable Interest."
    )
    assert detect_text(text, "decision").resolutions == []


def test_delegated_decision_in_the_first_person_salford() -> None:
    text = (
        "Salford City Council - Record of Decision\n\n"
        "I, Councillor Kelly, Statutory Deputy City Mayor and Lead Member for Housing, Property "
        "and Regeneration, in exercise of the powers contained within the Council Constitution, "
        "do hereby approve:\n\n"
        "The Temporary Accommodation Allocations and Commissioning Policy\n\n"
        "The Reasons are:\n\n"
        "A temporary accommodation allocations and commissioning policy is not a legal "
        "requirement, but during a supreme court case local authorities were told that they "
        "should have policies for procuring and allocating temporary accommodation."
    )
    assert rows(detect_text(text, "decision").resolutions) == [
        (None, "I, Councillor Kelly, Statutory Deputy City Mayor and Lead Member for Housing, "
         "Property and Regeneration, in exercise of the powers contained within the Council "
         "Constitution, do hereby approve: The Temporary Accommodation Allocations and "
         "Commissioning Policy", "decision", "decision-record"),
    ]  # fmt: skip


def test_delegated_decisions_list_newcastle_under_lyme() -> None:
    # mgDelegatedDecisions: each decision's text after its "Effective from:" line.
    first = (
        "That Cabinet notes the content of the Strategic Outline Case and approves the proposed "
        "shortlist of measures to be further evaluated as part of the Air Quality Local Plan "
        "Development works required by DEFRA."
    )
    second = (
        "(i) That the Borough Council adopt & sign up to the Pledge.\n\n"
        "(ii) That the Borough Council seeks to promote & implement the Pledge."
    )
    third = (
        "(i) That the contents of the report be noted and the recommendation that the Council "
        "continues to monitor performance alongside the latest financial information for the "
        "same period, be agreed.\n\n"
        "(ii) That the future development of the Financial & Performance report to reflect the "
        "vision and priorities of the Council Plan 2018-2022, be supported."
    )
    assert rows(detect_text(first, "decision").resolutions) == [
        (None, first, "decision", "decision-record")
    ]
    found = detect_text(second, "decision")
    assert [(r.number, r.kind) for r in found.resolutions] == [("i", "decision"), ("ii", "action")]
    assert actions(found.actions) == [
        ("That the Borough Council seeks to promote & implement the Pledge.",
         "the Borough Council", "resolution-clause")
    ]  # fmt: skip
    assert [(r.number, r.kind) for r in detect_text(third, "decision").resolutions] == [
        ("i", "decision"),
        ("ii", "decision"),
    ]


def test_labels_stripped_issue_decisions_sandwell() -> None:
    text = (
        "The minutes of the meeting held on 18 March 2021 (and reconvened on 18May following an "
        "adjournment) were submitted.\n\n"
        "Members were not minded to approve the minutes as a correct record, and requested that "
        "it be submitted to a future meeting for further consideration.\n\n"
        "The proposals were put to the vote and carried unanimously by those members present and "
        "with voting rights.\n\n"
        "(1) that the minutes of the meeting held on 18March (and reconvened on 18 May following "
        "an adjournment) are re-submitted to a future meeting of this Committee for "
        "consideration;\n\n"
        "(2) that, as a consequence of resolution (1) above the minutes of the meeting held on "
        "18March (and reconvened on 18 May following an adjournment) are not submitted to the "
        "Council at its meeting in July 2021;\n\n"
        "(3) that an additional meeting of the Committee is held, the matter referred to at "
        "Minute No. 21/21 of the meeting held on 18 March (and reconvened on 18 May following an "
        "adjournment) be re-considered at a future meeting of this Committee."
    )
    for field in ("decision", "minutes"):
        found = detect_text(text, field).resolutions
        assert [(r.number, r.kind) for r in found] == [
            ("1", "action"),
            ("2", "decision"),
            ("3", "action"),
        ], field


# --- motions ---------------------------------------------------------------------------------


def test_mover_and_seconder_then_that_clause_napier() -> None:
    text = (
        "Confirmation of minutes\n\nCouncil resolution\n\nCouncillors Taylor / Boag\n\n"
        "That the Draft Minutes of the Ordinary meeting held on 16 July 2020 be confirmed as a "
        "true and accurate record of the meeting.\n\nCouncil resolution\n\n"
        "Councillors Price / Simpson\n\nThat the Draft Minutes of the Extraordinary meeting held "
        "on 2"
    )
    assert rows(detect_text(text).resolutions) == [
        (None, "That the Draft Minutes of the Ordinary meeting held on 16 July 2020 be confirmed "
         "as a true and accurate record of the meeting.", "decision", "motion"),
        (None, "That the Draft Minutes of the Extraordinary meeting held on 2", "decision",
         "motion"),
    ]  # fmt: skip


def test_canadian_motions_moved_by_and_carried_wilmot() -> None:
    text = (
        "• Moved by:Councillor S. Martin Seconded by:Councillor S. Cressman\n\n"
        "THAT the Regular Council Meeting held on May 27, 2024 be called to order at 6:04 p.m."
        "\n\nMotion Carried Unanimously, By All Members Present\n\n"
        "• Moved by:Councillor S. Martin Seconded by:Councillor S. Cressman\n\n"
        "THAT a Closed Meeting of Council be held on May 27, 2024, at 6:00 p.m.at the Wilmot "
        "Administrative Complex, in accordance with Section 239 (2) (b) and (d) of the Municipal "
        "Act, 2001, to consider the following:\n\n"
        "1. Human Resources Matter - Section 239 (2) (b) personal matters about an identifiable "
        "individual.\n\nMotion Carried Unanimously, By All Members Present\n\n"
        "Council will reconvene in Open Session at approximately 7:00 p.m. and continue with the "
        "Agenda as presented.\n\n"
        "• Moved by:Councillor S. Martin Seconded by:Councillor K. Wilkinson\n\nTHAT Council "
        "reconv"
    )
    found = detect_text(text).resolutions
    assert [(r.text[:50], r.kind, r.rule) for r in found] == [
        ("THAT the Regular Council Meeting held on May 27, 2", "decision", "motion"),
        ("THAT a Closed Meeting of Council be held on May 27", "decision", "motion"),
        ("THAT Council reconv", "decision", "motion"),
    ]
    # The list under the clause's colon is the clause's own.
    assert found[1].text.endswith("1. Human Resources Matter - Section 239 (2) (b) personal "
                                  "matters about an identifiable individual.")  # fmt: skip


def test_be_it_resolved_and_that_oro_medonte() -> None:
    text = (
        "a) Motion to Adopt the Agenda.\n\nMotion No. C200715-1\n\n"
        "Moved by Scott, Seconded by Hough Be it resolved that the agenda for the Council "
        "meeting of Wednesday, July 15, 2020 be received and adopted;\n\n"
        "And that the correspondence, re Items 8b), 11 a), 11 b), 17a) and 17b), as outlined on "
        "the agenda, be received.\n\nCarried.\n\nMotion No. C200715-2\n\n"
        "Moved by Keane, Seconded by Scott Be it resolved that Rule 14.19a) as per the "
        "consolidated Procedural By-law No. 2017-165 be suspended in order to allow the meeting "
        "to proceed past the 4 hour adjournment requirement.\n\nCarried."
    )
    assert [(r.text[:45], r.kind, r.rule) for r in detect_text(text).resolutions] == [
        ("that the agenda for the Council meeting of We", "decision", "motion"),
        ("that the correspondence, re Items 8b), 11 a),", "noted", "motion"),
        ("that Rule 14.19a) as per the consolidated Pro", "decision", "motion"),
    ]


def test_a_lost_motion_is_no_resolution() -> None:
    text = (
        "Moved by Keane, Seconded by Scott Be it resolved that Rule 14.19a) be suspended.\n\n"
        "Defeated."
    )
    assert detect_text(text).resolutions == []


def test_us_motions_moved_inline_and_carried_yakima() -> None:
    text = (
        "FIRE Referring to page 1 of the 1986 Budget Policy Issues /Decisions, dated November 14, "
        "1985, it was MOVED by Foy, seconded by Buchanan, to adopt Item A to call for a RFP only "
        "for a fire station relocation study. Unanimously carried by voice vote. Carmichael "
        "absent. Referring to Item B, it was MOVED by Foy, seconded by Buchanan, to approve the "
        "expenditure of $1500 for equipment, with the stipulation the money be taken from the "
        "Cable TV Fund. Glenn Rice suggested the figure be increased to $2000 to permit the "
        "purchase of commercial VCR equipment. It was MOVED by Foy, seconded by Buchanan, to "
        "amend the motion making the expenditure $2000. Unanimously carried by voice vote. "
        "Carmichael absent. The question was called for a vote on the motion, as amended. "
        "Unanimously carried by voice vote. Carmichael absent. POLICE It was MOVED by Beauchamp, "
        "seconded by Berndt, to approve the DA IV Upgrade of the Non- Commissioned Assistant "
        "Records Supervisor. Unanimously carried by voice vote."
    )
    assert [r.text[:45] for r in detect_text(text).resolutions] == [
        "to adopt Item A to call for a RFP only for a ",
        "to approve the expenditure of $1500 for equip",
        "to amend the motion making the expenditure $2",
        "to approve the DA IV Upgrade of the Non- Comm",
    ]


def test_a_motion_moved_but_never_voted_on_is_no_resolution() -> None:
    text = (
        "It was MOVED by Foy, seconded by Buchanan, to approve the expenditure of $1500 for "
        "equipment. Glenn Rice suggested the figure be increased to $2000."
    )
    assert detect_text(text).resolutions == []


def test_clause_then_its_proposer_and_owner_to_lines_nether_lochaber() -> None:
    # One line of the page per paragraph, as its printed layout has them.
    text = "\n\n".join([
        "Minutes of last meeting be accepted proposed JJ Seconded NM",
        "Matters Arising",
        "NM to speak to D Duggan for training dates in January",
        "Overgrown vegetation",
        "Cllr Ben Thomson has confirmed that Transport Scotland are responsible for maintaining "
        "the cycleway adjacent to the trunk road. The MSP is chasing BEAR.",
        "IJ to set a date for the formal creation of steering group.",
        "A82 Participation",
        "Transport Scotland is to be notified that NLCC is putting in a formal request to "
        "participate in this forum",
        "Ballachulish Bridge",
        "The works on the bridge have finished but the lights are not back on nor was the "
        "cycleway tarmaced",
        "IJ to contact SUSTRANS",
        "B863 Speed Limits",
        "Highland Council are to do a radar survey",
        "PC Itze will meet IJ on site and Police Scotland are prepared to do a high profile "
        "event.",
        "Website Archive",
        "IJ to ask Anne MacKay if she is interested in helping with this.",
        "In the interests of accountability letters sent out by NLCC are to be appended to the "
        "minutes.",
        "£863.91 in account",
        "AMC to email Dot Ferguson, annual grant has not been received",
        "Glenmorvern Pier",
        "Onich Hotel has been advising their guests that they cannot cross the pier at high tide.",
        "IJ to investigate",
        "1. Decrofting for crofts 19 and 20 has been refused",
        "2. Community donations to be held over until January. A bill from the Community "
        "Association for printing membership packs is expected.",
    ])  # fmt: skip
    found = detect_text(text)
    assert rows(found.resolutions) == [
        (None, "Minutes of last meeting be accepted", "decision", "motion")
    ]
    assert actions(found.actions) == [
        ("NM to speak to D Duggan for training dates in January", "NM", "owner-to"),
        ("IJ to set a date for the formal creation of steering group.", "IJ", "owner-to"),
        ("Transport Scotland is to be notified that NLCC is putting in a formal request to "
         "participate in this forum", None, "narrative-commitment"),
        ("IJ to contact SUSTRANS", "IJ", "owner-to"),
        ("Highland Council are to do a radar survey", "Highland Council", "narrative-commitment"),
        ("PC Itze will meet IJ on site and Police Scotland are prepared to do a high profile "
         "event.", "PC Itze", "narrative-commitment"),
        ("IJ to ask Anne MacKay if she is interested in helping with this.", "IJ", "owner-to"),
        ("In the interests of accountability letters sent out by NLCC are to be appended to the "
         "minutes.", None, "narrative-commitment"),
        ("AMC to email Dot Ferguson, annual grant has not been received", "AMC", "owner-to"),
        ("IJ to investigate", "IJ", "owner-to"),
        ("Community donations to be held over until January.", None, "narrative-commitment"),
    ]  # fmt: skip


def test_a_roll_call_election_is_not_a_resolution_wexford() -> None:
    # "was declared elected" is passive narrative; the nominations are not motions carried.
    text = (
        "1. Election of Cathaoirleach Cllr. Donal Kenny proposed Cllr. Joe Sullivan as "
        "Cathaoirleach. Cllr. Kenny's nomination was seconded by Cllr. Pip Breen. Cllr. Anthony "
        "Donohoe proposed Cllr. Mary Farrell as Cathaoirleach. Cllr. Donohoe's nomination was "
        "seconded by Cllr. Diarmuid Devereux. The matter was then put to vote, with a roll-call. "
        "Cllr. Joe Sullivan, on receiving the vote of the majority, was declared elected as "
        "Cathaoirleach."
    )
    assert detect_text(text).resolutions == []


# --- running text ----------------------------------------------------------------------------


def test_agreements_in_running_text_limerick() -> None:
    text = "\n\n".join([
        "The Meetings Administrator stated that this was a matter for the Strategic Policy "
        "Committees and would require an amendment to the SPCs Standing Orders.",
        "It was agreed that this amendment would be referred to the relevant Strategic Policy "
        "Committees for attention.",
        "On the proposal of Councillor Collins (M), seconded by Councillor O’Donnell, it was "
        "agreed that the following Members would attend:",
        "Galway (17th/18th April, 2015): Councillor Butler.",
        "Dublin: Councillor Hourigan.",
        "With the permission of the Mayor and on the proposal of Councillor Galvin, seconded by "
        "Councillor Quinlivan, it was agreed to re-fix the date of the July Council Meeting to "
        "Tuesday, 21st July, at 3pm.",
    ])  # fmt: skip
    assert rows(detect_text(text).resolutions) == [
        (None, "that this amendment would be referred to the relevant Strategic Policy "
         "Committees for attention.", "action", "inline-verb"),
        (None, "that the following Members would attend: Galway (17th/18th April, 2015): "
         "Councillor Butler.; Dublin: Councillor Hourigan.", "decision", "inline-verb"),
        (None, "to re-fix the date of the July Council Meeting to Tuesday, 21st July, at 3pm.",
         "decision", "inline-verb"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "paragraph",
    [
        # Running-order decisions (Limerick full council).
        "As the time was approaching 5pm, it was agreed to take Item No. 10 at this point.",
        "At this point in the Meeting, it was agreed on the proposal of Councillor Collins (M), "
        "seconded by Councillor O’Hanlon, to take a 5 minute adjournment.",
        "Following further discussion on the visit, it was agreed that a vote would be taken in "
        "the form of a show of hands.",
        # Reported from another meeting (Limerick item 8(a)).
        "The Council had agreed to the establishment of the Committee at the December 2014 "
        "Council Meeting where it was further agreed that the Committee would nominate a "
        "Chairperson at its first meeting.",
        # Noted in passing (Limerick; Southampton): not counted outside decision records.
        "The Members noted the report.",
        "The report of the Scrutiny Manager providing an update to Council on the use of Call-In "
        "was noted.",
        "The report was otherwise noted.",
        "Minutes of the meeting held on 28 November 2022 were agreed.",
    ],
)
def test_not_resolutions(paragraph: str) -> None:
    assert detect_text(paragraph).resolutions == []


def test_another_bodys_quoted_resolution_is_not_ours_merton() -> None:
    text = (
        "Comments made by the Pension Fund Panel at its meeting on 21 September 2009 were "
        "reported:\n\n“That the Pension Fund Panel notes its disappointment in that adjustments "
        "to the accounts have been necessary.\n\nThe Panel has agreed the officers’ response and "
        "the Panel requests an update of recommendations R3, R4 and R5 of the action plan to a "
        "later 2009 meeting of the Pension Fund Panel.”\n\nMembers noted these comments and "
        "asked that Audit Committee be kept advised of progress on the issues raised by the "
        "Pension Fund Panel."
    )
    found = detect_text(text)
    assert found.resolutions == []
    assert [a.rule for a in found.actions] == ["request"]
    assert found.actions[0].text.startswith("Members noted these comments and asked that")


def test_an_owners_list_splits_at_its_semicolons_tredegar() -> None:
    text = (
        "▪ Christmas Lights switch-on – Clerk to submit application for a Special Event Road "
        "Closure Order; procure services of St. John Ambulance to provide emergency medical "
        "cover; hi viz coats to be ordered for new Members and hire of radios agreed."
    )
    assert actions(detect_text(text).actions) == [
        ("Clerk to submit application for a Special Event Road Closure Order", "Clerk",
         "owner-to"),
        ("procure services of St. John Ambulance to provide emergency medical cover", "Clerk",
         "owner-to"),
        ("hi viz coats to be ordered for new Members and hire of radios agreed.", None,
         "narrative-commitment"),
    ]  # fmt: skip


def test_commitments_in_narrative() -> None:
    cases = [
        # Torbay: the inquorate meeting.
        ("It was reported that, as apologies for absence had been received from the Mayor and "
         "Councillors Amil, King, Mills and Parrott, the meeting was inquorate. The Clerk would "
         "meet with the Mayor to ascertain how he wishes to take forward the decisions from this "
         "meeting.", "The Clerk"),
        # Slough: a bulleted matter arising.
        ("· The terms of reference for the Board, particularly its membership would be "
         "re-considered at a future meeting.", None),
        # Merton's joint session.
        ("Separation of the bank accounts would be done as soon as possible.", None),
        ("More detailed reports would follow on risk management and internal control.", None),
        # Somerset.
        ("A lot of action points had come out of the inaugural meeting, which would need to be "
         "followed up and reported back.", None),
        # Limerick.
        ("The Travel and Transportation Department would meet with Members in each District to "
         "agree the estates.", "The Travel and Transportation Department"),
        ("It was noted that a position paper/report into the issue of storage heating in "
         "Limerick City and County Council’s housing stock will be available at the next Home "
         "and Social Development Strategic Policy Committee Meeting.", None),
        ("She asked for a letter to be sent to the Minister and Fáilte Ireland asking them to "
         "include Limerick on the site and the map.", None),
    ]  # fmt: skip
    for text, owner in cases:
        found = detect_text(text).actions
        assert [a.owner for a in found] == [owner], text
        assert found[0].text in text


def test_a_noting_that_holds_a_future_commitment_is_also_an_action() -> None:
    found = detect_text("RESOLVED to note that the Director will report back to the next "
                        "meeting on the parking review.")  # fmt: skip
    assert [(r.kind, r.rule) for r in found.resolutions] == [("noted", "keyword")]
    assert actions(found.actions) == [
        ("to note that the Director will report back to the next meeting on the parking review.",
         "the Director", "narrative-commitment")
    ]  # fmt: skip


def test_welsh_is_going_to_newport() -> None:
    text = (
        "Dywedodd yr Arweinydd eu bod yn bwriadu mynd i'r afael â'r mater hwn. Mae Rheolwr y "
        "Gwasanaethau Democrataidd yn mynd i gyflwyno sesiynau galw heibio o natur fwy "
        "anffurfiol i drafod agweddau nad ydynt o bosib yn teimlo’n hyderus yn eu cylch er mwyn "
        "annog awyrgylch gwell."
    )
    [action] = detect_text(text).actions
    assert action.owner == "Rheolwr y Gwasanaethau Democrataidd"
    assert action.text.startswith("Mae Rheolwr y Gwasanaethau Democrataidd yn mynd i gyflwyno")


# --- the store keeps provenance -----------------------------------------------------------


def test_provenance_survives_the_store(tmp_path: Path) -> None:
    """The contribution the store keeps decodes to records with their rule and span, in its
    compact form (one source) and in full (two)."""
    from store.db import open_store
    from store.ingest import decoded_contributions, ingest_paths

    page = FIXTURES / "corpus" / "limerick-ie_newcastle-west-md_minutes_2014-06_ocr.md"
    parsed = parse_file(page).meetings

    def provenance(meetings: list) -> list[tuple]:
        return [
            (r.text, r.rule, r.source_field, r.span_start, r.span_end)
            for m in meetings
            for it in m.items
            for r in [*it.resolutions, *it.actions]
        ]

    expected = provenance(parsed)
    assert expected and all(p[1] is not None for p in expected)
    for copies in (1, 2):
        db_path = tmp_path / f"s{copies}.db"
        paths = []
        for n in range(copies):
            target = tmp_path / f"{n}-{page.name}"
            target.write_bytes(page.read_bytes())
            paths.append(target)
        ingest_paths(open_store(db_path), paths)
        conn = sqlite3.connect(db_path)
        try:
            decoded = [m for _, _, m in decoded_contributions(conn)]
        finally:
            conn.close()
        assert provenance(decoded[: len(parsed)]) == expected


# --- more of issue 15's forms ------------------------------------------------------------


def test_a_numbered_list_flattened_into_the_resolution() -> None:
    found = detect_text("RESOLVED to: 1. Note the report. 2. Agree the budget for 2024/25.")
    assert rows(found.resolutions) == [
        ("1", "Note the report.", "noted", "keyword"),
        ("2", "Agree the budget for 2024/25.", "decision", "keyword"),
    ]


def test_subject_then_keyword_then_a_list() -> None:
    text = "The Committee RESOLVED:-\n\n(1) to note the report;\n\n(2) to approve the budget."
    assert rows(detect_text(text).resolutions) == [
        ("1", "to note the report;", "noted", "keyword"),
        ("2", "to approve the budget.", "decision", "keyword"),
    ]


def test_a_lone_agreed_is_no_clause_of_its_own() -> None:
    # The gold does not count a bare "Agreed." with no clause text; "AGREED" alone
    # closing a discussion does not make the next paragraph a resolution.
    text = "Members discussed the report.\n\nAGREED\n\nThe Chair thanked the officers."
    assert detect_text(text).resolutions == []
    assert rows(detect_text("AGREED\n\nThat the report be noted.").resolutions) == [
        (None, "That the report be noted.", "noted", "keyword")
    ]


def test_a_uk_motion_moved_and_seconded_then_carried() -> None:
    text = (
        "It was moved by Councillor Smith and seconded by Councillor Jones that the report be "
        "approved. On being put to the vote, the motion was CARRIED."
    )
    assert rows(detect_text(text).resolutions) == [
        (None, "that the report be approved.", "decision", "motion")
    ]


def test_an_action_column_flattened_onto_the_next_line() -> None:
    text = "The Clerk would circulate the revised plan.\n\nAction:\n\nClerk"
    found = detect_text(text).actions
    assert [(a.owner, a.rule, a.source_kind) for a in found] == [
        ("Clerk", "action-line", "explicit")
    ]
    assert found[0].text == "The Clerk would circulate the revised plan."


def test_requests_that_something_be_done_with_a_date() -> None:
    found = detect_text(
        "The Chair asked that the forms be returned to the Clerk by 31 March 2024.\n\n"
        "The Council would be asked to respond to the consultation."
    ).actions
    assert [(a.rule, a.due) for a in found] == [
        ("request", dt.date(2024, 3, 31)),
        ("narrative-commitment", None),
    ]


def test_it_was_agreed_that_officers_would_circulate() -> None:
    found = detect_text(
        "It was agreed that Officers would circulate the revised plan to all Members."
    )
    assert rows(found.resolutions) == [
        (None, "that Officers would circulate the revised plan to all Members.", "action",
         "inline-verb")
    ]  # fmt: skip
    assert [(a.owner, a.rule) for a in found.actions] == [("Officers", "resolution-clause")]


def test_capitals_mark_the_outcome_but_not_of_apologies() -> None:
    found = detect_text(
        "The minutes of the last meeting were APPROVED as a correct record.\n\n"
        "Apologies for absence were RECEIVED from Councillor Smith."
    )
    assert rows(found.resolutions) == [
        (None, "The minutes of the last meeting were APPROVED as a correct record.", "decision",
         "inline-verb")
    ]  # fmt: skip


def test_a_recommendation_is_not_a_decision() -> None:
    # An agenda's text (or the officer's advice the minutes repeat) proposes; it decides
    # nothing, even on a page with no minutes where every rule reads the description.
    item = AgendaItem(
        "5",
        "Budget Monitoring",
        description="Report of the Director of Finance.\n\nRecommendation:\n\n"
        "That the Cabinet notes the forecast outturn for 2023/24.",
    )
    assert detect_item(item).resolutions == []


def test_parish_style_motion_resolved_inline() -> None:
    text = (
        "Proposed by Cllr Davies, seconded by Cllr Price and resolved that the quotation from "
        "J Evans for the hedge cutting be accepted."
    )
    assert rows(detect_text(text).resolutions) == [
        (None, "that the quotation from J Evans for the hedge cutting be accepted.", "decision",
         "motion")
    ]  # fmt: skip


def test_us_motion_by_second_by_passed() -> None:
    text = (
        "Motion by Councillor Smith, second by Councillor Lee, to approve the consent agenda. "
        "Motion passed 5-0."
    )
    assert rows(detect_text(text).resolutions) == [
        (None, "to approve the consent agenda.", "decision", "motion")
    ]


def test_decision_label_then_the_committee_agreed() -> None:
    found = detect_text("Decision: The Committee agreed to note the update.")
    assert rows(found.resolutions) == [(None, "to note the update.", "noted", "keyword")]
    # A "Decision:" label over a heading is no clause; the record under it is.
    text = (
        "Decision:\n\nSalford City Council - Record of Decision\n\nI, Councillor Kelly, do "
        "hereby approve:\n\nThe Temporary Accommodation Policy"
    )
    assert rows(detect_text(text, "decision").resolutions) == [
        (None, "I, Councillor Kelly, do hereby approve: The Temporary Accommodation Policy",
         "decision", "decision-record")
    ]  # fmt: skip


def test_a_body_and_a_capital_verb() -> None:
    assert rows(detect_text("The Committee NOTED the report.").resolutions) == [
        (None, "The Committee NOTED the report.", "noted", "inline-verb")
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Moved by Cllr A, seconded by Cllr B",
        "Proposed by Councillor Galvin;",
        "RESOLVED that x",
        "It was agreed to write to the Minister.",
        "Be it resolved that the agenda be adopted;",
        "It was MOVED by Foy, seconded by Buchanan, to adopt Item A. Carried.",
    ],
)
def test_a_hostile_field_is_read_in_linear_time(paragraph: str) -> None:
    """Thousands of one shape, as a hostile or broken page gives: each was quadratic once
    (a run of mover lines scanned again from each line, every narrative compared with
    every clause, a sentence split re-reading its growing piece)."""
    import time

    text = "\n\n".join([paragraph] * 4000)
    started = time.process_time()
    detect_text(text)
    detect_text(" ".join([paragraph] * 4000))
    assert time.process_time() - started < 5


def test_a_rule_for_whoever_it_concerns_is_no_action_haringey() -> None:
    text = (
        "In accordance with Part 2 of the Members Code of Conduct set out in the Council "
        "Constitution, any Member disclosing a personal interest which was also prejudicial "
        "would be asked to withdraw from the Chamber during consideration of the item."
    )
    assert detect_text(text).actions == []
