"""The resolution grammar, one test per pattern, on snippets of real minutes.

Snippets are inline (public records) and already split into paragraphs the way
``parsers.grammar.paragraphs.rejoin`` delivers them. Expected values are
written by hand from the documents.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers.grammar.resolutions import extract_resolutions
from parsers.grammar.verbs import classify, governing_verbs
from parsers.model import Resolution

# --- Nottingham seeds (Children's Partnership Board) ---------------------------------


def test_resolved_to_note_after_narrative_seed_000_item_19() -> None:
    paragraphs = [
        "Emily Humphreys, Support Assistant, Children and Adults introduced a report updating "
        "the Board on membership. She informed the Board that Jacquie Newton and Sally Pearce "
        "from Seely Primary School had tendered their resignation from the Board.",
        "RESOLVED to note the resignation from the Board of Jacquie Newton and Sally Pearce and "
        "the addition of Zoe Butler as further education representative.",
    ]
    assert extract_resolutions(paragraphs) == [
        Resolution(
            number=None,
            text="to note the resignation from the Board of Jacquie Newton and Sally Pearce and "
            "the addition of Zoe Butler as further education representative.",
            kind="noted",
        )
    ]


def test_truncated_resolution_is_flagged_seed_000_item_21() -> None:
    paragraphs = [
        "(k) A consistent message across the City is essential, sometimes the work delivered "
        "can feel a little generic, something Nottingham focused would be helpful in engaging "
        "young people;",
        "(l) The SEIO’s are having 5 full days training.",
        "RESOLVED to note the content of",
    ]
    assert extract_resolutions(paragraphs, truncated=True) == [
        Resolution(number=None, text="to note the content of", kind="noted", truncated=True)
    ]
    # Not cut by the site: the same words are not flagged.
    assert extract_resolutions(paragraphs)[0].truncated is False


def test_marker_left_in_the_text_is_tolerated() -> None:
    paragraphs = ["RESOLVED to note the content of  ...  view the full minutes text for item 21."]
    assert extract_resolutions(paragraphs) == [
        Resolution(number=None, text="to note the content of", kind="noted", truncated=True)
    ]


def test_truncation_flags_only_the_resolution_that_reaches_the_end() -> None:
    paragraphs = [
        "RESOLVED to note the forward plan.",
        "The Chair thanked officers.",
        "RESOLVED to approve the",
    ]
    result = extract_resolutions(paragraphs, truncated=True)
    assert [(r.text, r.truncated) for r in result] == [
        ("to note the forward plan.", False),
        ("to approve the", True),
    ]


SEED_000_ITEM_23 = [
    "(h) There is a large proportion of training within schools that focuses on health "
    "issues, including mental health and first aid. This reduced the time that teachers and "
    "teaching staff have on education based training;",
    "RESOLVED to",
    "(1) approve the changes to the Core Delivery Standard as set out in the presentation and "
    "report appended to the agenda.",
    "(2) ask each agency to look at best fit within their own training plans to show "
    "consistency of developing practitioners in line with the CDS",
    "(3) note where Partners need training development support the offer of buying elements "
    "of the Core Offer from Nottingham City Council if or when required.",
]


def test_resolved_to_with_numbered_clauses_seed_000_item_23() -> None:
    assert extract_resolutions(SEED_000_ITEM_23) == [
        Resolution(
            number="1",
            text="approve the changes to the Core Delivery Standard as set out in the "
            "presentation and report appended to the agenda.",
            kind="decision",
        ),
        Resolution(
            number="2",
            text="ask each agency to look at best fit within their own training plans to show "
            "consistency of developing practitioners in line with the CDS",
            kind="action",
        ),
        Resolution(
            number="3",
            text="note where Partners need training development support the offer of buying "
            "elements of the Core Offer from Nottingham City Council if or when required.",
            kind="noted",
        ),
    ]


def test_label_alone_on_its_line_is_joined() -> None:
    paragraphs = ["RESOLVED to", "(1)", "approve the changes.", "(2)", "note the report."]
    assert [(r.number, r.text, r.kind) for r in extract_resolutions(paragraphs)] == [
        ("1", "approve the changes.", "decision"),
        ("2", "note the report.", "noted"),
    ]


def test_resolved_alone_then_numbered_that_clauses_seed_004() -> None:
    # Seed 004 is hard-wrapped; rejoin() joins each label to its wrapped text.
    paragraphs = [
        "(p) the videos produced by the Partnership are collectively owned by the Partnership "
        "and freely available on YouTube.",
        "Resolved",
        "(1) that the partnership continues to focus on recognising the voice of the child, and "
        "ensure that the Council and partners continue to improve on how they communicate with "
        "children with language barriers;",
        "(2) work to disseminate information and videos to a wider range of organisations "
        "outside the partnership;",
        "(3) continue being pro-active in any aspect of children’s’ lives where safeguarding is "
        "concerned.",
        "Supporting documents:",
    ]
    result = extract_resolutions(paragraphs)
    assert [(r.number, r.kind) for r in result] == [
        ("1", "action"),
        ("2", "action"),
        ("3", "action"),
    ]
    assert result[0].text.startswith("that the partnership continues to focus")
    assert result[2].text == (
        "continue being pro-active in any aspect of children’s’ lives where safeguarding is "
        "concerned."
    )


def test_resolved_to_note_forward_plan_seed_000_item_25() -> None:
    paragraphs = [
        "Emily Humphreys, Support Assistant for Children and Adults introduced the forward plan "
        "outlining agenda items for the upcoming meetings.",
        "RESOLVED to note the forward plan.",
    ]
    assert extract_resolutions(paragraphs) == [
        Resolution(number=None, text="to note the forward plan.", kind="noted")
    ]


def test_lettered_facts_without_a_resolution_yield_nothing_seed_000_item_20() -> None:
    paragraphs = [
        "The following information was highlighted:",
        "(a) Since the last update Police staff have joined the Multi Agency Safeguarding Hub "
        "(MASH).",
        "(b) Over the last 2 years training has been rolled out across the Schools;",
    ]
    assert extract_resolutions(paragraphs) == []


# --- Other councils ---------------------------------------------------------------------


def test_it_was_resolved_that_kent() -> None:
    paragraphs = [
        "It was RESOLVED that the Committee noted that the following dates had been reserved "
        "for its meetings in 2019/20:",
        "Friday 24 May 2019",
        "Tuesday 16 July 2019",
        "All meetings will take place at County Hall, Maidstone, and will commence at 10:00 am.",
    ]
    # The dates under the colon are the resolution's own list; the prose after them is not.
    assert extract_resolutions(paragraphs) == [
        Resolution(
            number=None,
            text="that the Committee noted that the following dates had been reserved for its "
            "meetings in 2019/20: Friday 24 May 2019; Tuesday 16 July 2019",
            kind="noted",
        )
    ]


def test_colon_followed_by_prose_keeps_the_resolution_alone() -> None:
    # Kent's wording with an explanatory sentence, not a list, after the colon.
    paragraphs = [
        "It was RESOLVED that the Committee noted the following:",
        "The Cabinet Member said that the consultation on the Local Plan would close in the "
        "spring and that Members would receive the results before the summer recess.",
    ]
    assert extract_resolutions(paragraphs) == [
        Resolution(number=None, text="that the Committee noted the following:", kind="noted")
    ]


def test_agreed_dash_that_cardiff() -> None:
    paragraphs = [
        "Members discussed the information received and identified a number of issues which "
        "the Chairman agreed would be included in the letters that would be sent.",
        "AGREED – That the Chairperson writes to the Cabinet Member on behalf of the Committee "
        "expressing their comments and observations discussed during the way forward.",
    ]
    assert extract_resolutions(paragraphs) == [
        Resolution(
            number=None,
            text="That the Chairperson writes to the Cabinet Member on behalf of the Committee "
            "expressing their comments and observations discussed during the way forward.",
            kind="action",
        )
    ]


def test_resolved_dash_that_wrapped_over_two_paragraphs_slough() -> None:
    paragraphs = [
        "Resolved – That the minutes of the meeting held on 14 September 2021 be",
        "agreed as a correct record.",
    ]
    assert extract_resolutions(paragraphs) == [
        Resolution(
            number=None,
            text="That the minutes of the meeting held on 14 September 2021 be agreed as a "
            "correct record.",
            kind="decision",
        )
    ]


def test_label_lost_bare_that_clauses_durham() -> None:
    paragraphs = [
        "Councillor Temple referred to the oral health strategy for County Durham.",
        "(i) That the work undertaken in 2016/17 be noted.",
        "(ii) That the Annual Report 2016/17 be received for information.",
        "Supporting documents:",
    ]
    assert extract_resolutions(paragraphs) == [
        Resolution(number="i", text="That the work undertaken in 2016/17 be noted.", kind="noted"),
        Resolution(
            number="ii",
            text="That the Annual Report 2016/17 be received for information.",
            kind="noted",
        ),
    ]


def test_resolved_that_cabinet_with_reason_north_herts() -> None:
    paragraphs = [
        "RESOLVED: That Cabinet:",
        "(1) Noted the report on strategic planning matters.",
        "(2) Endorsed the documents at Appendices A, C and D.",
        "(3) Noted and endorsed the revised Terms of Reference for the Strategic Planning "
        "Project Board at Appendix B.",
        "REASON FOR DECISIONS: To keep Cabinet informed of recent developments on strategic "
        "planning matters.",
    ]
    assert extract_resolutions(paragraphs) == [
        Resolution(
            number="1", text="Noted the report on strategic planning matters.", kind="noted"
        ),
        Resolution(
            number="2", text="Endorsed the documents at Appendices A, C and D.", kind="decision"
        ),
        Resolution(
            number="3",
            text="Noted and endorsed the revised Terms of Reference for the Strategic Planning "
            "Project Board at Appendix B.",
            kind="decision",
        ),
    ]


def test_reason_in_the_same_paragraph_is_not_part_of_the_resolution() -> None:
    # The "RESOLVED – ... REASON – ..." shape, run together by a hard-wrapped page.
    paragraphs = [
        "RESOLVED – That the Head of Planning be authorised to issue the permit. "
        "REASON – To allow the works to proceed."
    ]
    assert extract_resolutions(paragraphs) == [
        Resolution(
            number=None,
            text="That the Head of Planning be authorised to issue the permit.",
            kind="action",
        )
    ]


def test_lettered_list_inline_first_clause_wrapped_neath_port_talbot() -> None:
    # mgAi 5125: the first clause is on the RESOLVED line and wrapped over three paragraphs.
    paragraphs = [
        "Committee noted the changes to the system to date together with the next steps.",
        "RESOLVED: a. That the progress made in the installation and",
        "development of the Modern.Gov decision",
        "management software, be noted;",
        "b. That email notifications, be switched on;",
        "c. That the content of the letter attached at Appendix 1 to be circulated to Members;",
        "d. That, in order to fully consider how the additional functionality of Modern.Gov can "
        "be implemented to suit Members needs, the Member IT Reference Group be formalised so "
        "that the next phase of the system’s implementation can be planned in accordance with "
        "Members’ needs.",
        "Supporting documents:",
    ]
    result = extract_resolutions(paragraphs)
    assert [(r.number, r.kind) for r in result] == [
        ("a", "noted"),
        ("b", "decision"),  # the gold: switching notifications on is decided, not asked
        ("c", "action"),
        ("d", "decision"),
    ]
    assert result[0].text == (
        "That the progress made in the installation and development of the Modern.Gov decision "
        "management software, be noted;"
    )
    assert result[2].text == (
        "That the content of the letter attached at Appendix 1 to be circulated to Members;"
    )


def test_welsh_penderfynwyd_neath_port_talbot() -> None:
    paragraphs = [
        "Cofnodion:",
        "PENDERFYNWYD:",
        "Yn unol ag Adran 100A(4) a (5) Deddf Llywodraeth Leol 1972, wahardd y cyhoedd o'r eitem "
        "fusnes canlynol a oedd yn cynnwys datganiadau posib o wybodaeth eithriedig, fel a "
        "ddiffinnir ym Mharagraff 12 ac 13 Adran 4 Atodlen 12A y Ddeddf uchod.",
    ]
    assert extract_resolutions(paragraphs) == [
        Resolution(number=None, text=paragraphs[2], kind="decision")
    ]


def test_resolved_that_cabinet_agrees_to_exclude_coventry() -> None:
    paragraphs = [
        "RESOLVED that the Cabinet agrees to exclude the press and public under Sections "
        "100(A)(4) of the Local Government Act 1972 relating to the following private reports:",
        "Minute No. Report title",
        "53 Disposal of Small Surplus Sites",
    ]
    assert extract_resolutions(paragraphs) == [
        Resolution(
            number=None,
            # The table header row is dropped; the report it lists belongs to the resolution.
            text="that the Cabinet agrees to exclude the press and public under Sections "
            "100(A)(4) of the Local Government Act 1972 relating to the following private "
            "reports: 53 Disposal of Small Surplus Sites",
            kind="decision",
        )
    ]


def test_printed_minutes_numbered_paragraph_brighton() -> None:
    paragraphs = [
        "1.3 The Committee considered whether the press and public should be excluded from the "
        "meeting during the consideration of any of the items listed on the agenda.",
        "1.4 RESOLVED: That the press and public be excluded from the meeting during "
        "consideration of the items contained in part two of the agenda.",
        "2 Minutes",
        "2.1 The minutes of the last meeting held on the 13 May 2021 were approved as a correct "
        "record of the proceedings.",
    ]
    assert extract_resolutions(paragraphs) == [
        Resolution(
            number=None,
            text="That the press and public be excluded from the meeting during consideration "
            "of the items contained in part two of the agenda.",
            kind="decision",
        )
    ]


def test_resolved_with_upper_case_lettered_clauses_merton_pdftotext() -> None:
    paragraphs = [
        "ANNUAL GOVERNANCE REPORT 2008/09 (Agenda item 5)",
        "RESOLVED: (A) That the Audit Committee notes the Audit Commission’s Annual Governance "
        "Report for the Council’s main accounts under the International Standard on Auditing "
        "260 (ISA 260).",
        "(B) That the Audit Committee notes the Council’s Use of Resources score judgement for "
        "2008/09 as detailed in the Audit Commission’s Annual Governance Report (ISA 260).",
        "6",
        "ANNUAL GOVERNANCE REPORT 2008/09 – PENSION FUND",
    ]
    result = extract_resolutions(paragraphs)
    assert [(r.number, r.kind) for r in result] == [("A", "noted"), ("B", "noted")]
    assert result[1].text == (
        "That the Audit Committee notes the Council’s Use of Resources score judgement for "
        "2008/09 as detailed in the Audit Commission’s Annual Governance Report (ISA 260)."
    )


def test_motion_with_proposer_seconder_and_resolved_limerick() -> None:
    # limerick-ie full council (pdf2md): every wrapped line is its own paragraph and a
    # page break ("---" + page number) falls between "And Resolved:" and the motion.
    paragraphs = [
        "Proposed by Councillor Sheahan (J);",
        "Seconded by Councillor Byrne;",
        "And Resolved: --- 4",
        "“That, the approval of the Council be and is hereby given to the disposal of 55",
        "metres square at Plassey Park Road, Castletroy, Co. Limerick, to Suzanne Bugler,",
        "Doneraile, Co. Cork, with access being granted to Limerick Smarter Travel.”",
        "(b)",
        "Circulated, copy of Statutory Notice dated 5th May, 2015.",
    ]
    assert extract_resolutions(paragraphs) == [
        Resolution(
            number=None,
            text="That, the approval of the Council be and is hereby given to the disposal of "
            "55 metres square at Plassey Park Road, Castletroy, Co. Limerick, to Suzanne Bugler, "
            "Doneraile, Co. Cork, with access being granted to Limerick Smarter Travel.",
            kind="decision",
        )
    ]


def test_motion_without_keyword_limerick_ocr() -> None:
    # Newcastle West (OCR): the quoted resolution follows the seconder with no RESOLVED.
    paragraphs = [
        "Proposed by Councillor Sheahan;",
        "Seconded by Councillor Scanlan;",
        "“That, Councillor Galvin be appointed Leas-Chathaoirleach of the Municipal District of "
        "Newcastle West to hold office to the next Annual Meeting or until his successor is",
        "appointed.”",
        "As there were no other nominations, the Cathaoirleach declared Councillor Galvin "
        "elected as Leas-Chathaoirleach.",
    ]
    assert extract_resolutions(paragraphs) == [
        Resolution(
            number=None,
            text="That, Councillor Galvin be appointed Leas-Chathaoirleach of the Municipal "
            "District of Newcastle West to hold office to the next Annual Meeting or until his "
            "successor is appointed.",
            kind="decision",
        )
    ]


def test_motion_across_a_scanned_page_banner_limerick_ocr() -> None:
    paragraphs = [
        "Proposed by Councillor Galvin; Seconded by Councillor Sheahan;",
        "--- *<small>Scanned page, text may contain errors. See original file for clarity</small>*",
        "2",
        "“That, Councillor Jerome Scanlan be appointed Cathaoirleach of the Municipal District "
        "of Newcastle West to hold office to the next Annual Meeting or until his successor is "
        "appointed.”",
    ]
    assert extract_resolutions(paragraphs) == [
        Resolution(number=None, text=paragraphs[3][1:-1], kind="decision")
    ]


def test_trailing_page_label_is_not_part_of_the_clause_seed_004() -> None:
    paragraphs = [
        "Resolved",
        "(1) work to disseminate information and videos;",
        "(2) continue being pro-active in any aspect of children’s’ lives where safeguarding is "
        "concerned. Supporting documents:",
    ]
    assert extract_resolutions(paragraphs)[-1].text == (
        "continue being pro-active in any aspect of children’s’ lives where safeguarding is "
        "concerned."
    )


def test_straight_quote_closes_curly_quote_limerick() -> None:
    paragraphs = [
        "And Resolved:",
        "“That, the proposed Variation No. 5 to the Limerick City Development Plan",
        "2010-2016 be made in accordance with Section 13 of the Planning and Development Act "
        '2000 (as amended)."',
        "As the time was approaching 5pm, it was agreed to take Item No. 10 at this point.",
    ]
    assert extract_resolutions(paragraphs) == [
        Resolution(
            number=None,
            text="That, the proposed Variation No. 5 to the Limerick City Development Plan "
            "2010-2016 be made in accordance with Section 13 of the Planning and Development "
            "Act 2000 (as amended).",
            kind="decision",
        )
    ]


def test_resolved_that_full_council_adopt_bristol() -> None:
    paragraphs = [
        "Councillor Johnson, Deputy Lord Mayor, seconded the report.",
        "Following a debate, it was:",
        "RESOLVED that Full Council adopt the revised Virtual Meetings Procedure Rules.",
    ]
    assert extract_resolutions(paragraphs) == [
        Resolution(
            number=None,
            text="that Full Council adopt the revised Virtual Meetings Procedure Rules.",
            kind="decision",
        )
    ]


def test_resolved_colon_quoted_lichfield() -> None:
    paragraphs = [
        "RESOLVED: “That as publicity would be prejudicial to the public interest by reason of "
        "the confidential nature of the business to be transacted, the public and press be "
        "excluded from the meeting for the following items of business”",
        "IN PRIVATE",
    ]
    result = extract_resolutions(paragraphs)
    assert len(result) == 1
    assert result[0].kind == "decision"
    # Quotation marks around a clause are not its words (the gold drops them).
    assert result[0].text.startswith("That as publicity would be prejudicial")
    assert result[0].text.endswith("items of business")


# --- Keyword variants listed in the corpus README ------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "text", "kind"),
    [
        ("RESOLVED that the report be noted.", "that the report be noted.", "noted"),
        ("RESOLVED: That the report be noted.", "That the report be noted.", "noted"),
        ("RESOLVED – That the report be approved.", "That the report be approved.", "decision"),
        ("Resolved -That the minutes be signed.", "That the minutes be signed.", "decision"),
        ("resolved: that the Clerk write to the Minister.", "that the Clerk write to the Minister.",
         "action"),
        ("UNANIMOUSLY RESOLVED that the Mayor be thanked.", "that the Mayor be thanked.", "noted"),
        ("Agreed that the work programme be updated.", "that the work programme be updated.",
         "action"),
        ("RESOLVED: T H A T the recommendations be adopted.",
         "THAT the recommendations be adopted.", "decision"),
        ("After discussion, it was RESOLVED that the Director be authorised to sign the lease.",
         "that the Director be authorised to sign the lease.", "action"),
        ("RESOLVED (by 10 votes to 2) that the scheme be approved.",
         "that the scheme be approved.", "decision"),
    ],
)  # fmt: skip
def test_keyword_variants(paragraph: str, text: str, kind: str) -> None:
    assert extract_resolutions([paragraph]) == [Resolution(number=None, text=text, kind=kind)]


@pytest.mark.parametrize(
    ("labels", "numbers"),
    [
        (["(1)", "(2)"], ["1", "2"]),
        (["(a)", "(b)"], ["a", "b"]),
        (["a.", "b."], ["a", "b"]),
        (["a)", "b)"], ["a", "b"]),
        (["(i)", "(ii)"], ["i", "ii"]),
        (["i.", "ii."], ["i", "ii"]),
        (["1.", "2."], ["1", "2"]),
        (["1)", "2)"], ["1", "2"]),
        (["(A)", "(B)"], ["A", "B"]),
        (["·", "·"], [None, None]),
        (["•", "•"], [None, None]),
    ],
)
def test_clause_labels(labels: list[str], numbers: list[str | None]) -> None:
    paragraphs = [
        "RESOLVED that the Committee:",
        f"{labels[0]} notes the report;",
        f"{labels[1]} approves the budget.",
    ]
    result = extract_resolutions(paragraphs)
    assert [(r.number, r.text, r.kind) for r in result] == [
        (numbers[0], "notes the report;", "noted"),
        (numbers[1], "approves the budget.", "decision"),
    ]


def test_nested_clauses_stay_with_their_parent() -> None:
    paragraphs = [
        "RESOLVED to",
        "(1) approve the following:",
        "(a) the budget;",
        "(b) the fees;",
        "(2) note the risks.",
    ]
    assert [(r.number, r.text) for r in extract_resolutions(paragraphs)] == [
        ("1", "approve the following: (a) the budget; (b) the fees;"),
        ("2", "note the risks."),
    ]


def test_only_letter_spaced_keywords_are_closed_up() -> None:
    paragraphs = ["R E S O L V E D: T H A T Grades A B C be approved."]
    assert extract_resolutions(paragraphs) == [
        Resolution(number=None, text="THAT Grades A B C be approved.", kind="decision")
    ]


def test_clause_list_stops_at_an_unrelated_number() -> None:
    # A whole page passed in: the next item's number "24." is not clause (4).
    paragraphs = [*SEED_000_ITEM_23, "24.", "Update of Children’s Partnership Board Terms"]
    assert [r.number for r in extract_resolutions(paragraphs)] == ["1", "2", "3"]


# --- Shapes seen on other modern.gov sites (wording constructed in their style) -------


def test_inline_clause_list_in_one_paragraph_is_split() -> None:
    paragraphs = [
        "RESOLVED that: (1) the report be noted; and (2) the Head of Finance be asked to report "
        "back in March."
    ]
    assert extract_resolutions(paragraphs) == [
        Resolution(number="1", text="the report be noted; and", kind="noted"),
        Resolution(
            number="2",
            text="the Head of Finance be asked to report back in March.",
            kind="action",
        ),
    ]


def test_references_to_lettered_paragraphs_are_not_split() -> None:
    paragraph = (
        "RESOLVED that the Cabinet approves the grant subject to Sections 100(A)(4) and "
        "paragraphs (a) and (b) of the scheme."
    )
    assert [r.number for r in extract_resolutions([paragraph])] == [None]


@pytest.mark.parametrize(
    ("paragraph", "text", "kind"),
    [
        ("The Cabinet RESOLVED to approve the Local Plan for consultation.",
         "to approve the Local Plan for consultation.", "decision"),
        ("It was moved by Councillor Smith, seconded by Councillor Jones and RESOLVED that the "
         "scheme be approved.", "that the scheme be approved.", "decision"),
        ("RECOMMENDED to Council that the revised Constitution be adopted.",
         "to Council that the revised Constitution be adopted.", "decision"),
        ("The Board noted progress. RESOLVED that the update be noted.",
         "that the update be noted.", "noted"),
    ],
)  # fmt: skip
def test_keyword_after_a_subject_or_motion_preamble(paragraph: str, text: str, kind: str) -> None:
    assert extract_resolutions([paragraph]) == [Resolution(number=None, text=text, kind=kind)]


# --- Negatives ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "paragraph",
    [
        "The Board noted that the issue had been resolved at the previous meeting.",
        "Members were informed that the dispute was resolved in March.",
        "Resolved issues were removed from the log.",
        "The Cabinet considered the matter, as RESOLVED at minute 23.",
        "The minutes of the meeting held on 5 July 2017 were agreed by the Board as a true "
        "record and signed by the Chair.",
        "None.",
    ],
)
def test_paragraph_mentioning_resolved_is_not_a_resolution(paragraph: str) -> None:
    assert extract_resolutions([paragraph]) == []


def test_lettered_that_clauses_inside_a_factual_list_are_not_resolutions() -> None:
    paragraphs = [
        "The following points were made:",
        "(a) the service has improved;",
        "(b) That the review is ongoing was confirmed.",
    ]
    assert extract_resolutions(paragraphs) == []


# --- classify -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("to note the forward plan.", "noted"),
        ("That the Annual Report 2016/17 be received for information.", "noted"),
        ("Noted the report on strategic planning matters.", "noted"),
        ("to approve the proposal to make the Portfolio Holder the permanent Joint Chair.",
         "decision"),
        ("That the minutes be agreed as a correct record.", "decision"),
        ("that the Cabinet agrees to exclude the press and public", "decision"),
        ("Noted and endorsed the revised Terms of Reference.", "decision"),
        ("“That, the approval of the Council be and is hereby given to the disposal", "decision"),
        ("that Full Council adopt the revised Virtual Meetings Procedure Rules.", "decision"),
        ("ask each agency to look at best fit within their own training plans", "action"),
        ("that the Director be authorised to sign the lease.", "action"),
        ("that the partnership continues to focus on recognising the voice of the child", "action"),
        ("work to disseminate information and videos", "action"),
        ("That the Chairperson writes to the Cabinet Member", "action"),
        ("request officers to bring a report to a future meeting", "action"),
        ("delegate authority to the Chief Executive to agree the final terms", "action"),
        ("That the Leader be given delegated authority to agree the contract", "action"),
        ("wahardd y cyhoedd o'r eitem fusnes canlynol", "decision"),
        ("to note the report and ask officers to bring a further report.", "action"),
        ("That the update be noted and a further report be submitted to the next meeting.",
         "action"),
        ("That the minutes be agreed as a correct record and signed by the Chair.", "decision"),
        # Limerick OCR: taking the chair is no errand; taking a matter forward is.
        ("that the Director would take the Chair pending the nomination", "decision"),
        ("to take forward the recommendations of the review", "action"),
        ("the rest is silence", "decision"),
        ("", "decision"),
    ],
)  # fmt: skip
def test_classify(text: str, kind: str) -> None:
    assert classify(text) == kind


def test_governing_verb_skips_titles_and_nouns() -> None:
    # "Report" (a title) and "work" (a noun after "the") are not the verb.
    assert governing_verbs("That the Annual Report 2016/17 be received") == [("receive", "noted")]
    assert governing_verbs("That the work undertaken be noted.") == [("note", "noted")]
    assert governing_verbs("that the Cabinet agrees to exclude the press") == [
        ("exclude", "decision")
    ]


# --- Never raises -------------------------------------------------------------------


@given(st.lists(st.text(max_size=80), max_size=12), st.booleans())
def test_any_paragraphs_give_a_list(paragraphs: list[str], truncated: bool) -> None:
    result = extract_resolutions(paragraphs, truncated=truncated)
    assert isinstance(result, list)
    assert all(isinstance(r, Resolution) and r.text for r in result)
    assert all(r.kind in {"noted", "decision", "action"} for r in result)


@given(
    st.lists(
        st.sampled_from(
            ["RESOLVED", "RESOLVED to", "(1) note it", "(a)", "“That", "Proposed by X;",
             "agreed.", "", "(ii) That x be noted", "---", "4", "REASON – x", "· bullet"]
        ),
        max_size=15,
    )
)  # fmt: skip
def test_grammar_shaped_noise_gives_a_list(paragraphs: list[str]) -> None:
    assert isinstance(extract_resolutions(paragraphs, truncated=True), list)


@given(st.text(max_size=200))
def test_classify_any_text(text: str) -> None:
    assert classify(text) in {"noted", "decision", "action"}


@pytest.mark.parametrize("outcome", ["NOTED", "Noted."])
def test_bare_noting_is_the_outcome_merton(outcome: str) -> None:
    # Merton's printed minutes record item 7 (Work Programme) as "NOTED" and nothing else.
    assert extract_resolutions([outcome]) == [Resolution(None, outcome, "noted")]


@pytest.mark.parametrize("outcome", ["The report was noted.", "The update was otherwise noted."])
def test_a_lower_case_passive_noting_is_narrative_merton(outcome: str) -> None:
    # The gold does not count "was noted" in running text (Merton item 3: "The report was
    # otherwise noted."; Southampton's "... was noted."); a decision record is another
    # matter (tests/test_detector.py).
    assert extract_resolutions([outcome]) == []


def test_a_sentence_containing_noted_is_not_a_resolution() -> None:
    paragraphs = [
        "Members noted the concerns raised by residents and asked about the timetable.",
        "It was noted that the report would be updated.",
        "The Chair noted that the item had been deferred.",
    ]
    assert extract_resolutions(paragraphs) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # The governing verb after "to" decides: agreeing or approving is a decision.
        ("to agree the proposed changes to the Contract Procedure Rules", "decision"),
        ("That the Committee agrees the proposed changes to the terms of reference", "decision"),
        ("to approve the proposed changes to the Scheme of Delegation", "decision"),
        ("That Cabinet approves the recommendations set out in the report", "decision"),
        # A coordinated verb takes the governing verb's form, so a participle after
        # "and" is not a second predicate ...
        ("agree the proposed changes to the fees and charges and circulated papers", "decision"),
        # ... a base form after a copula is not a passive ...
        ("to agree the proposed changes and the process is review led", "decision"),
        # ... while real second predicates and passives still count.
        ("to agree the proposed changes and ensure that officers report back", "action"),
        ("That the Cabinet notes the report and asks the Director to consult", "action"),
        ("That the report be noted and a further report be submitted", "action"),
        ("That the Leader be sent a copy of the minutes", "action"),
        ("Noted and endorsed the Local Plan timetable", "decision"),
    ],
)
def test_agree_and_approve_govern_the_kind(text: str, kind: str) -> None:
    assert classify(text) == kind


def test_notice_of_motion_carried_without_keyword_limerick() -> None:
    # limerick-ie full council, item 21 (paragraphs as the printed-minutes reader gives them).
    paragraphs = [
        "I will move at the next Meeting that the relevant Ministers for Agriculture and Arts, "
        "Heritage & the Gaeltacht are contacted about the unsatisfactory situation regarding "
        "the marketability of lands designated for the hen harrier.",
        "Councillor Galvin, in proposing the Motion, stated that as a result of farmers’ lands "
        "being designated a Special Protected Area (SPA) for the hen harrier, the lands were "
        "almost worthless.",
        "The Motion was seconded by Councillor Sheahan (J) and agreed.",
        "It was further agreed to circulate the Motion to all local authorities for support.",
    ]
    # "It was further agreed to circulate ..." is a resolution too (the gold counts it).
    assert extract_resolutions(paragraphs) == [
        Resolution(
            None,
            "that the relevant Ministers for Agriculture and Arts, Heritage & the Gaeltacht are "
            "contacted about the unsatisfactory situation regarding the marketability of lands "
            "designated for the hen harrier.",
            "action",
        ),
        Resolution(None, "to circulate the Motion to all local authorities for support.", "action"),
    ]


def test_notice_of_motion_defeated_or_referred_is_no_resolution_limerick() -> None:
    # Item 23: seconded, voted on and defeated; item 18: referred to a committee.
    defeated = [
        "I will move at the next Meeting that Limerick City and County Council make a public "
        "statement calling on the Government to abolish all remaining legislative barriers.",
        "The Motion was seconded by Councillor Loftus.",
        "As there was no clear majority in favour of the Motion, the Deputy Mayor declared the "
        "Motion defeated.",
    ]
    referred = [
        "I will move at the next Meeting that an in-depth review of dog control be carried out.",
        "It was agreed to refer this Motion to the Environment Strategic Policy Committee.",
    ]
    assert extract_resolutions(defeated) == []
    # The motion referred is not adopted; the referral is the meeting's decision (the gold
    # counts "to refer this Motion to ..." as an action resolution).
    assert extract_resolutions(referred) == [
        Resolution(
            None, "to refer this Motion to the Environment Strategic Policy Committee.", "action"
        )
    ]


def test_following_motion_carried_without_keyword() -> None:
    # Limerick item 21 as councils that introduce the motion by its mover print it.
    paragraphs = [
        "Councillor Galvin proposed the following motion:",
        "“That the relevant Ministers for Agriculture and Arts, Heritage & the Gaeltacht are "
        "contacted about the marketability of lands designated for the hen harrier.”",
        "The Motion was seconded by Councillor Sheahan (J) and unanimously agreed.",
    ]
    assert extract_resolutions(paragraphs) == [
        Resolution(
            None,
            "That the relevant Ministers for Agriculture and Arts, Heritage & the Gaeltacht are "
            "contacted about the marketability of lands designated for the hen harrier.",
            "action",
        )
    ]
    # The same motion lost: no resolution.
    lost = [*paragraphs[:2], "The Motion was seconded by Councillor Sheahan (J) and lost."]
    assert extract_resolutions(lost) == []
