"""Lines -> paragraphs and the truncation marker, on real snippets."""

from __future__ import annotations

import pytest

from parsers.grammar.paragraphs import is_list_start, rejoin, strip_truncation
from parsers.text import normalise_text


def test_blank_line_blocks_with_nbsp_empty_paragraphs() -> None:
    # Seed 000, item 19: an NBSP-only line between paragraphs.
    lines = normalise_text(
        "Emily Humphreys, Support Assistant, Children and Adults introduced a report.\n"
        "\n\u00a0\n\n"
        "RESOLVED to note the resignation from the Board of Jacquie Newton.\n"
    )
    assert rejoin(lines) == [
        "Emily Humphreys, Support Assistant, Children and Adults introduced a report.",
        "RESOLVED to note the resignation from the Board of Jacquie Newton.",
    ]


def test_lettered_points_keep_their_label() -> None:
    # Seed 000, item 20: "(a)" followed by NBSP and two spaces.
    lines = normalise_text(
        "(a)\u00a0 Since the last update Police staff have joined the MASH;\n\n\u00a0\n\n"
        "(b)\u00a0 Over the last 2 years training has been rolled out;"
    )
    assert rejoin(lines) == [
        "(a) Since the last update Police staff have joined the MASH;",
        "(b) Over the last 2 years training has been rolled out;",
    ]


def test_hard_wrapped_labels_alone_on_their_line() -> None:
    # Seed 004: every source line break kept, labels alone on a line.
    lines = [
        "(d)",
        "the Partnership’s Business Plan has 7 priorities: tackling",
        "and reducing Child Exploitation, implementing the Harmful Sexual",
        "and providing leadership and ensuring core duties are met in line",
        "with Working Together 2018 and other relevant",
        "legislation;",
        "(e)",
        "the Partnership has developed a Threshold of Need Toolkit, to",
        "strengthen the effectiveness of practice and support the need for a",
        "child and their family;",
    ]
    assert rejoin(lines) == [
        "(d) the Partnership’s Business Plan has 7 priorities: tackling and reducing Child"
        " Exploitation, implementing the Harmful Sexual and providing leadership and ensuring"
        " core duties are met in line with Working Together 2018 and other relevant legislation;",
        "(e) the Partnership has developed a Threshold of Need Toolkit, to strengthen the"
        " effectiveness of practice and support the need for a child and their family;",
    ]


def test_hard_wrapped_keyword_and_unwrapped_line_start_paragraphs() -> None:
    # Seed 004: a one-line point, then "In response ...", then "Resolved" / "(1)".
    long_point = (
        "(p) the videos produced by the Partnership are collectively owned by the Partnership"
        " and freely available on YouTube. They are shared on social media and at face to face"
        " meetings."
    )
    lines = [
        long_point,
        "In response to questions from the Committee the following points were made:",
        "(m)if a child is at risk of serious",
        "harm, the Partnership has a responsibility to notify the national",
        "panel within 5 days.",
        "Resolved",
        "(1)",
        "that the partnership continues to focus on recognising the voice",
        "of the child;",
    ]
    assert rejoin(lines) == [
        long_point,
        "In response to questions from the Committee the following points were made:",
        "(m)if a child is at risk of serious harm, the Partnership has a responsibility to"
        " notify the national panel within 5 days.",
        "Resolved",
        "(1) that the partnership continues to focus on recognising the voice of the child;",
    ]


def test_a_sentence_cut_by_one_blank_line_is_rejoined() -> None:
    # Slough: "... be" / blank / "agreed as a correct record."
    assert rejoin(
        [
            "Resolved – That the minutes of the meeting held on 14 September 2021 be",
            "",
            "agreed as a correct record.",
        ]
    ) == [
        "Resolved – That the minutes of the meeting held on 14 September 2021 be agreed as a"
        " correct record."
    ]
    # Neath Port Talbot: the wrapped lines of a lettered resolution, blank lines between.
    assert rejoin(
        [
            "RESOLVED: a. That the progress made in the installation and",
            "",
            "development of the Modern.Gov decision",
            "",
            "management software, be noted;",
            "",
            "",
            "b. That email notifications, be switched on;",
        ]
    ) == [
        "RESOLVED: a. That the progress made in the installation and development of the"
        " Modern.Gov decision management software, be noted;",
        "b. That email notifications, be switched on;",
    ]


def test_an_empty_paragraph_between_keeps_paragraphs_apart() -> None:
    # Manchester: "... Intelligence)" / NBSP paragraph / "and" / NBSP / "The BreastFest ...".
    lines = normalise_text(
        "Danny Unsworth (Senior Researcher, Research and Intelligence)\n\n\u00a0\n\nand\n\n"
        "\u00a0\n\nThe BreastFest BooBee Bus campaign"
    )
    assert rejoin(lines) == [
        "Danny Unsworth (Senior Researcher, Research and Intelligence)",
        "and",
        "The BreastFest BooBee Bus campaign",
    ]


def test_bullets_are_their_own_paragraphs() -> None:
    # Seed 000, item 22: "·" + NBSP bullets in consecutive blocks.
    lines = normalise_text(
        "(d)\u00a0 The main priorities for 2017/18 are:\n\n"
        "·\u00a0 Reducing neglect – understanding the extent of neglect\n\n"
        "·\u00a0 Learning and improvement – development of a new safeguarding training model\n"
        "•\u00a0 Empowering Young People"
    )
    assert rejoin(lines) == [
        "(d) The main priorities for 2017/18 are:",
        "· Reducing neglect – understanding the extent of neglect",
        "· Learning and improvement – development of a new safeguarding training model",
        "• Empowering Young People",
    ]


def test_numbered_and_roman_points() -> None:
    # Torbay: "1.       Make the decisions ..."; Durham: "(i)            That ...".
    lines = normalise_text(
        "The Mayor has three options:\n1.       Make the decisions in private.\n"
        "2.       Rearrange the meeting.\n\n(i)            That the work be noted.\n"
        "(ii)          That the Annual Report be received."
    )
    assert rejoin(lines) == [
        "The Mayor has three options:",
        "1. Make the decisions in private.",
        "2. Rearrange the meeting.",
        "(i) That the work be noted.",
        "(ii) That the Annual Report be received.",
    ]


def test_rejoin_empty() -> None:
    assert rejoin([]) == []
    assert rejoin(["", "", ""]) == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("(a) Since the last update", True),
        ("a) 34 actions for improvements are complete;", True),
        ("(ii) That the Annual Report", True),
        ("1. Mr M Balfour declared", True),
        ("(m)if a child", True),
        ("· With regard to", True),
        ("(1)", True),
        ("RESOLVED to note", False),
        ("2017/18 will look to embed", False),
        ("(for copy of report, see file of minutes)", False),
        ("A member with a personal interest", False),
    ],
)
def test_is_list_start(line: str, expected: bool) -> None:
    assert is_list_start(line) is expected


@pytest.mark.parametrize(
    ("text", "rest", "number"),
    [
        # Seed 000: two NBSP-padded spaces and a dot.
        (
            "(k) Within the last year the completion rate for the  ...  view the full minutes"
            " text for item 20.",
            "(k) Within the last year the completion rate for the",
            "20",
        ),
        # Seed 001: no dot at the very end of the page.
        (
            "the completion rate for the ... view the full minutes text for item 20",
            "the completion rate for the",
            "20",
        ),
        ("of the Council ... view the full minutes text for item 3a", "of the Council", "3a"),
        ("noted ... view the full minutes text for item 5.1.", "noted", "5.1"),
        # City of London: the description's marker, and a marker on its own paragraph.
        (
            "To receive the Order of the Court.\n\n ...  view the full agenda text for item 3.",
            "To receive the Order of the Court.",
            "3",
        ),
        # An excerpt ending inside the marker: cut, but no item named.
        ("was duly elected.\n\n ...  view the full minutes text", "was duly elected.", ""),
    ],
)
def test_strip_truncation(text: str, rest: str, number: str) -> None:
    assert strip_truncation(text) == (rest, number)


def test_strip_truncation_without_marker() -> None:
    text = "RESOLVED to note the forward plan."
    assert strip_truncation(text) == (text, None)
    # "view the full minutes" in running text without the dots is not the marker.
    text = "Members asked to view the full minutes text for item 4 before the next meeting"
    assert strip_truncation(text) == (text, None)


def test_hard_wrapped_short_lines_are_one_entry_each() -> None:
    # Seed 000's apologies and Kent's reserved dates as a hard-wrapped page prints
    # them: no blank lines, one entry per line.
    names = ["Councillor Sam Webster (Co Chair)", "Sean Kelly (Vice Chair)", "Scott Mason"]
    assert rejoin(names) == names
    dates = ["Friday 24 May 2019", "Tuesday 16 July 2019", "Thursday 10 October 2019"]
    assert rejoin(dates) == dates
    # A short line stopping on a joining word still runs on; long wrapped lines too.
    assert rejoin(["Apologies were received from Councillors Amil and", "Mills."]) == [
        "Apologies were received from Councillors Amil and Mills."
    ]
    assert rejoin(
        [
            "Nottingham City Safeguarding Children Partnership was established",
            "in accordance with the Children and Social Work Act 2017 and",
            "Working Together to Safeguard Children 2018.",
        ]
    ) == [
        "Nottingham City Safeguarding Children Partnership was established in accordance with"
        " the Children and Social Work Act 2017 and Working Together to Safeguard Children 2018."
    ]
