"""Attendance grammar on real apologies items and Present blocks (snippets inline)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers.grammar.attendance import parse_attendance
from parsers.model import Attendee


def test_one_name_per_paragraph_with_roles_seed_000_item_16() -> None:
    paragraphs = [
        "Councillor Sam Webster (Co Chair)",
        "Sean Kelly (Vice Chair)",
        "Scott Mason",
        "Stephen McLaren",
        "Alison Michalska",
        "ZartashaZahied",
        "",
    ]
    assert parse_attendance(paragraphs) == [
        Attendee(name="Councillor Sam Webster", status="apologies", role="Co Chair"),
        Attendee(name="Sean Kelly", status="apologies", role="Vice Chair"),
        Attendee(name="Scott Mason", status="apologies"),
        Attendee(name="Stephen McLaren", status="apologies"),
        Attendee(name="Alison Michalska", status="apologies"),
        Attendee(name="ZartashaZahied", status="apologies"),
    ]


def test_dash_reasons_seed_002() -> None:
    paragraphs = ["Councillor AJ Matisko – personal reasons", "Councillor Maria Watson – unwell"]
    assert parse_attendance(paragraphs) == [
        Attendee(name="Councillor AJ Matisko", status="apologies", reason="personal reasons"),
        Attendee(name="Councillor Maria Watson", status="apologies", reason="unwell"),
    ]


def test_flattened_table_row_seed_002() -> None:
    # The pipe-table layout runs the title, the label and both names into one paragraph.
    paragraphs = [
        "Apologies for absence Minutes: Councillor AJ Matisko – personal reasons Councillor "
        "Maria Watson – unwell |"
    ]
    assert parse_attendance(paragraphs) == [
        Attendee(name="Councillor AJ Matisko", status="apologies", reason="personal reasons"),
        Attendee(name="Councillor Maria Watson", status="apologies", reason="unwell"),
    ]


def test_sentence_with_one_name_kent() -> None:
    assert parse_attendance(["Apologies were received from Mr A Booth."]) == [
        Attendee(name="Mr A Booth", status="apologies")
    ]


def test_sentence_on_behalf_of() -> None:
    paragraphs = [
        "Apologies were received on behalf of Councillor Chapman and Councillor Fatemian."
    ]
    assert parse_attendance(paragraphs) == [
        Attendee(name="Councillor Chapman", status="apologies"),
        Attendee(name="Councillor Fatemian", status="apologies"),
    ]


def test_plural_title_and_lateness_segment_haringey() -> None:
    paragraphs = [
        "Apologies for lateness and possible non attendance was received from Councillor "
        "Robertson, and for absence from Councillors Gilbert, Makanji, Oatway and Reynolds."
    ]
    assert parse_attendance(paragraphs) == [
        Attendee(
            name="Councillor Robertson",
            status="apologies",
            reason="lateness and possible non attendance",
        ),
        Attendee(name="Councillor Gilbert", status="apologies"),
        Attendee(name="Councillor Makanji", status="apologies"),
        Attendee(name="Councillor Oatway", status="apologies"),
        Attendee(name="Councillor Reynolds", status="apologies"),
    ]


def test_reasons_in_brackets_and_several_sentences_southwark() -> None:
    paragraphs = [
        "There were apologies for absence from Councillors Lorraine Lauder MBE (due to mayoral "
        "business), and Darren Merrill; and for lateness from Councillors Neil Coyle and Abdul "
        "Mohamed. Councillor Patrick Diamond gave his apologies for having to leave the meeting "
        "temporarily to attend to an urgent matter in his ward."
    ]
    assert parse_attendance(paragraphs) == [
        Attendee(
            name="Councillor Lorraine Lauder MBE",
            status="apologies",
            reason="due to mayoral business",
        ),
        Attendee(name="Councillor Darren Merrill", status="apologies"),
        Attendee(name="Councillor Neil Coyle", status="apologies", reason="lateness"),
        Attendee(name="Councillor Abdul Mohamed", status="apologies", reason="lateness"),
        Attendee(
            name="Councillor Patrick Diamond",
            status="apologies",
            reason="having to leave the meeting temporarily to attend to an urgent matter in "
            "his ward",
        ),
    ]


def test_substituted_by_great_yarmouth() -> None:
    paragraphs = [
        "Apologies for absence were received from Cllr Borg (substituted by Cllr Wainwright), "
        "Cllr Cordiner-Achenbach (substituted by Cllr Jeal) and Cllr Galer (substituted by Cllr "
        "Mogford)."
    ]
    assert parse_attendance(paragraphs) == [
        Attendee(name="Cllr Borg", status="apologies"),
        Attendee(name="Cllr Wainwright", status="substitute", role="Substitute for Cllr Borg"),
        Attendee(name="Cllr Cordiner-Achenbach", status="apologies"),
        Attendee(
            name="Cllr Jeal", status="substitute", role="Substitute for Cllr Cordiner-Achenbach"
        ),
        Attendee(name="Cllr Galer", status="apologies"),
        Attendee(name="Cllr Mogford", status="substitute", role="Substitute for Cllr Galer"),
    ]


def test_substitute_sentence_after_apologies_kent_style() -> None:
    paragraphs = [
        "Apologies were received from Mr A Booth. Mr P Lake was present as a substitute for "
        "Mr A Booth."
    ]
    assert parse_attendance(paragraphs) == [
        Attendee(name="Mr A Booth", status="apologies"),
        Attendee(name="Mr P Lake", status="substitute", role="Substitute for Mr A Booth"),
    ]


def test_substitute_for() -> None:
    assert parse_attendance(["Mr X Smith (substitute for Mr Y Jones)"]) == [
        Attendee(name="Mr X Smith", status="substitute", role="Substitute for Mr Y Jones")
    ]


def test_untitled_names_keep_no_title_city_of_london() -> None:
    paragraphs = [
        "Apologies were received from Simon Duckworth, Marianne Fredericks, Alderman Alastair "
        "King and Ian Seaton."
    ]
    assert [a.name for a in parse_attendance(paragraphs)] == [
        "Simon Duckworth",
        "Marianne Fredericks",
        "Alderman Alastair King",
        "Ian Seaton",
    ]


def test_present_block_without_commas_brighton() -> None:
    paragraphs = [
        "Present: Councillor Mac Cafferty (Chair) Appich (Joint Opposition Spokesperson) and "
        "Bell (Group Spokesperson)."
    ]
    assert parse_attendance(paragraphs) == [
        Attendee(name="Councillor Mac Cafferty", status="present", role="Chair"),
        Attendee(name="Councillor Appich", status="present", role="Joint Opposition Spokesperson"),
        Attendee(name="Councillor Bell", status="present", role="Group Spokesperson"),
    ]


def test_role_before_the_name_and_how_they_attended_brighton() -> None:
    paragraphs = ["Also present via Teams virtually: Standing Invitee Dr Anusree Biswas Sasidharan"]
    assert parse_attendance(paragraphs) == [
        Attendee(
            name="Dr Anusree Biswas Sasidharan", status="in_attendance", role="Standing Invitee"
        )
    ]


def test_present_list_with_caller_status_great_yarmouth() -> None:
    paragraphs = [
        "Councillor G Carpenter (in the Chair); Councillors Hanton, Bensley and Walker.",
    ]
    assert parse_attendance(paragraphs, status="present") == [
        Attendee(name="Councillor G Carpenter", status="present", role="in the Chair"),
        Attendee(name="Councillor Hanton", status="present"),
        Attendee(name="Councillor Bensley", status="present"),
        Attendee(name="Councillor Walker", status="present"),
    ]


def test_present_and_also_present_blocks_merton_pdftotext() -> None:
    paragraphs = [
        "PRESENT: Dave Roberts (Chairman), Councillors Angela Caldara and Corinna Edge, Danny "
        "Connellan.",
        "ALSO PRESENT: Councillors Chris Edge (Chairman), Mark Betteridge and Martin Whelton. "
        "Caroline Holland (Director of Corporate Services), Grant Miles (Head of Finance)",
    ]
    assert parse_attendance(paragraphs) == [
        Attendee(name="Dave Roberts", status="present", role="Chairman"),
        Attendee(name="Councillor Angela Caldara", status="present"),
        Attendee(name="Councillor Corinna Edge", status="present"),
        # Not a councillor: the plural title ends with the "and" that closes its group.
        Attendee(name="Danny Connellan", status="present"),
        Attendee(name="Councillor Chris Edge", status="in_attendance", role="Chairman"),
        Attendee(name="Councillor Mark Betteridge", status="in_attendance"),
        Attendee(name="Councillor Martin Whelton", status="in_attendance"),
        Attendee(
            name="Caroline Holland", status="in_attendance", role="Director of Corporate Services"
        ),
        Attendee(name="Grant Miles", status="in_attendance", role="Head of Finance"),
    ]


def test_heading_paragraph_sets_the_status_for_the_names_after_it() -> None:
    paragraphs = [
        "PRESENT:",
        "Councillors Browne, Collins and Foley.",
        "Also present:",
        "Mr P Crowe",
    ]
    assert parse_attendance(paragraphs) == [
        Attendee(name="Councillor Browne", status="present"),
        Attendee(name="Councillor Collins", status="present"),
        Attendee(name="Councillor Foley", status="present"),
        Attendee(name="Mr P Crowe", status="in_attendance"),
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        "None.",
        "None",
        "There were no apologies for absence",  # Lichfield
        "There were no apologies.",
        "No apologies were received.",
    ],
)
def test_none_gives_empty_list(paragraph: str) -> None:
    assert parse_attendance([paragraph]) == []


def test_apologies_inside_a_longer_sentence_torbay() -> None:
    paragraphs = [
        "It was reported that, as apologies for absence had been received from the Mayor and "
        "Councillors Amil, King, Mills and Parrott, the meeting was inquorate. The Clerk would "
        "meet with the Mayor to ascertain how he wishes to take forward the decisions from this "
        "meeting. The Mayor has three options:",
        "1. Make the decisions in private and publish his record of decisions.",
        "2. Rearrange the meeting.",
    ]
    # "the Mayor" is an office, not a name: left out, as the printed-minutes parser expects.
    assert parse_attendance(paragraphs) == [
        Attendee(name="Councillor Amil", status="apologies"),
        Attendee(name="Councillor King", status="apologies"),
        Attendee(name="Councillor Mills", status="apologies"),
        Attendee(name="Councillor Parrott", status="apologies"),
    ]


def test_narrative_sentences_are_not_names() -> None:
    paragraphs = [
        "The Chair welcomed everyone to the meeting.",
        "Minutes of the meeting held on 28 November 2022 were agreed.",
        "Following discussion, Members thanked King, Mills and Parrott for their work.",
    ]
    assert parse_attendance(paragraphs) == []


@given(st.lists(st.text(max_size=120), max_size=10))
def test_any_paragraphs_give_a_list(paragraphs: list[str]) -> None:
    result = parse_attendance(paragraphs)
    assert isinstance(result, list)
    assert all(isinstance(a, Attendee) and a.name for a in result)
