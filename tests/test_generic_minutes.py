"""The generic minutes reader on real minutes from outside modern.gov, with exact values:
New Zealand (InfoCouncil), a Scottish community council, an Irish municipal district
run together on one line, Canadian eScribe and Laserfiche exports, a US city's scanned
minutes; and what it refuses (parsers/generic_minutes.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from parsers import generic_minutes
from parsers.model import Meeting, ParsedDocument
from parsers.registry import detect, parse
from parsers.source import ParseError, Source

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def read(name: str) -> ParsedDocument:
    source = Source(name=name, data=(CORPUS / name).read_bytes())
    assert detect(source) is generic_minutes
    doc = parse(source)
    assert (doc.format, doc.page_kind) == ("generic-minutes", "minutes")
    return doc


def only_meeting(name: str) -> Meeting:
    (meeting,) = read(name).meetings
    return meeting


def paras(text: str | None) -> list[str]:
    assert text is not None
    return text.split("\n\n")


def test_new_zealand_label_lines_and_unnumbered_headings() -> None:
    # InfoCouncil: "Meeting Date:" / "Thursday 27 August 2020", "Time:" / "10am – 11.16am",
    # "Venue" and its lines; the title repeated above the items; headings set apart by
    # spacer lines, a heading's whole body can be "Nil".
    meeting = only_meeting("napier-nz_council_2020-08_infocouncil_council-resolution.txt")
    assert (meeting.committee, meeting.date, meeting.time, meeting.inferred) == (
        "Council",
        dt.date(2020, 8, 27),
        "10:00",
        [],
    )
    assert meeting.venue == "Large Exhibition Hall, War Memorial Centre, Marine Parade, Napier"
    assert [(i.number, i.title) for i in meeting.items] == [
        (None, "Apologies"),
        (None, "Conflicts of interest"),
        (None, "Public forum"),
        (None, "Announcements by the Mayor"),
        (None, "Minor Matters"),
        (None, "Announcements by the management"),
        (None, "Confirmation of minutes"),
    ]
    assert meeting.items[0].minutes == "Nil"
    # "Council resolution" and the mover / seconder line are the motion's, not headings.
    assert paras(meeting.items[-1].minutes)[:3] == [
        "Council resolution",
        "Councillors Taylor / Boag",
        "That the Draft Minutes of the Ordinary meeting held on 16 July 2020 be confirmed as a"
        " true and accurate record of the meeting.",
    ]
    present = [a.name for a in meeting.attendance if a.status == "present"]
    assert present[-3:] == ["Councillor Tapine", "Councillor Taylor", "Councillor Wright"]


def test_community_council_topic_headings_and_action_lines() -> None:
    meeting = only_meeting("nether-lochaber-cc_2017-12_initials-action-lines.txt")
    # "Minutes of meeting 7th December 2017": a date, no body named.
    assert (meeting.committee, meeting.date) == (None, dt.date(2017, 12, 7))
    # The approval of the last minutes comes before any heading: business, so an untitled
    # item of its own (read_items), not the meeting's preamble.
    assert [i.title for i in meeting.items] == [
        None,
        "Matters Arising",
        "Overgrown vegetation",
        "Road signs and repairs",
        "A82 Participation",
        "Ballachulish Bridge",
        "B863 Speed Limits",
        "Website Archive",
        "Vehicle Activated Signs",
        "Glenmorvern Pier",
    ]
    assert all(i.number is None for i in meeting.items)
    assert [r.text for r in meeting.items[0].resolutions] == ["Minutes of last meeting be accepted"]
    # Each line of the page is a paragraph: the action line stays apart from the sentence.
    assert paras(meeting.items[5].minutes) == [
        "The works on the bridge have finished but the lights are not back on nor was the"
        " cycleway tarmaced",
        "IJ to contact SUSTRANS",
    ]
    # The closing numbered reports are sentences, not items ("1. Decrofting for crofts 19
    # and 20 has been refused"): they stay in the last item's text.
    assert paras(meeting.items[-1].minutes)[2] == (
        "1. Decrofting for crofts 19 and 20 has been refused"
    )
    assert meeting.preamble is None
    assert [a.name for a in meeting.apologies][:1] == ["Dave Wrigglesworth"]
    assert [a.name for a in meeting.attendance if a.status == "in_attendance"] == [
        "Gordon McIntyre"
    ]


def test_irish_minutes_run_together_on_one_line() -> None:
    meeting = only_meeting("wexford-ie_gorey-kilmuckridge-md_2020-01_roll-call-vote.txt")
    assert (meeting.committee, meeting.date, meeting.time) == (
        "Gorey-Kilmuckridge Municipal District",
        dt.date(2020, 1, 21),
        "14:00",
    )
    assert meeting.venue == (
        "the Council Chamber, Offices of the Municipal District, Civic Square, The Avenue,"
        " Gorey, Co. Wexford"
    )
    # "1. Election of Cathaoirleach Cllr. Donal Kenny proposed ...": the title ends where
    # a councillor starts to act.
    assert [(i.number, i.title) for i in meeting.items] == [
        ("1", "Election of Cathaoirleach"),
        ("2", "Election of Leas-Cathaoirleach"),
    ]
    assert paras(meeting.items[0].minutes)[:2] == [
        "Cllr. Donal Kenny proposed Cllr. Joe Sullivan as Cathaoirleach.",
        "Cllr. Kenny's nomination was seconded by Cllr. Pip Breen.",
    ]
    assert [a.name for a in meeting.apologies] == ["Cllr. Fionntán O’Súilleabháin"]
    assert meeting.preamble == (
        "District Manager, Mr. Michael Drea opened the meeting and welcomed members to the meeting."
    )


def test_escribe_minutes_date_and_time_from_the_call_to_order() -> None:
    # "Date:" is empty; the motion calling the meeting to order dates it. Implied, so
    # marked as such.
    meeting = only_meeting("wilmot-on_council_2024-05_escribe_moved-seconded.txt")
    assert (meeting.committee, meeting.date, meeting.time, meeting.inferred) == (
        "Council",
        dt.date(2024, 5, 27),
        "18:04",
        ["date", "time"],
    )
    # Numbers whose titles the export lost, and a motion's own "1." list after a colon.
    assert [(i.number, i.title) for i in meeting.items] == [("1", None), ("2", None), ("3", None)]
    assert paras(meeting.items[1].minutes)[-2].startswith("1. Human Resources Matter - Section")
    assert paras(meeting.items[0].minutes) == [
        "• Moved by:Councillor S. Martin",
        "Seconded by:Councillor S. Cressman",
        "THAT the Regular Council Meeting held on May 27, 2024 be called to order at 6:04 p.m.",
        "Motion Carried Unanimously, By All Members Present",
    ]
    assert [a.name for a in meeting.attendance if a.status == "present"][-1] == (
        "Councillor S. Martin"
    )


def test_us_city_minutes_with_section_words_in_capitals() -> None:
    meeting = only_meeting("yakima-wa_city-council_1985-12_moved-seconded_laserfiche.txt")
    # "The City Council met in session on this date at 9:30 a.m." names the body.
    assert (meeting.committee, meeting.date, meeting.time) == (
        "City Council",
        dt.date(1985, 12, 14),
        "09:30",
    )
    assert [(i.number, i.title) for i in meeting.items] == [(None, "FIRE"), (None, "POLICE")]
    fire = paras(meeting.items[0].minutes)
    assert fire[:3] == [
        "Referring to page 1 of the 1986 Budget Policy Issues /Decisions, dated November 14,"
        " 1985, it was MOVED by Foy, seconded by Buchanan, to adopt Item A to call for a RFP"
        " only for a fire station relocation study.",
        "Unanimously carried by voice vote.",
        "Carmichael absent.",
    ]


def test_scanned_minutes_with_logo_junk_and_a_running_header() -> None:
    # The printed-minutes reader cannot read it (no committee line: the logo's OCR sits
    # above the date); the generic reader finds "Council Meeting Minutes" below the junk.
    name = "oro-medonte-on_council_2020-07_be-it-resolved_laserfiche.txt"
    doc = parse(Source(name, (CORPUS / name).read_bytes()))
    assert doc.format == "generic-minutes"
    (meeting,) = doc.meetings
    assert (meeting.committee, meeting.council, meeting.date, meeting.time) == (
        "Council",
        "The Township of Oro-Medonte",
        dt.date(2020, 7, 15),
        "08:30",
    )
    assert [(i.number, i.title) for i in meeting.items] == [
        ("1", "Call to Order - Moment of Reflection"),
        ("2", "Adoption of Agenda"),
        ("a", "Motion to Adopt the Agenda."),
        ("3", "Disclo"),
    ]
    # "Page 1 of 15" and the running header under it are gone from item 1.
    assert meeting.items[0].minutes == (
        "Mayor H.S. Hughes assumed the Chair and called the meeting to order followed by a"
        " moment of reflection."
    )
    assert paras(meeting.items[2].minutes)[:3] == [
        "Motion No. C200715-1",
        "Moved by Scott, Seconded by Hough",
        "Be it resolved that the agenda for the Council meeting of Wednesday, July 15, 2020 be"
        " received and adopted;",
    ]


def test_the_body_named_by_its_previous_minutes_is_inferred() -> None:
    text = "\n".join(
        [
            "Minutes of meeting 3 June 2023",
            "Present: Cllr A Smith, Cllr B Jones",
            "1. Minutes",
            "That the minutes of the meeting of the Planning Committee held on 6 May 2023 be"
            " approved.",
            "2. Applications",
            "The Committee considered two applications.",
        ]
    )
    (meeting,) = parse(Source("m.txt", text.encode())).meetings
    # The previous meeting's date is never this one's; its body is.
    assert (meeting.committee, meeting.date, meeting.inferred) == (
        "Planning Committee",
        dt.date(2023, 6, 3),
        ["committee"],
    )
    assert [(i.number, i.title) for i in meeting.items] == [("1", "Minutes"), ("2", "Applications")]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            b"# minutes-tui\n\nA terminal reader for council minutes.\n\n## Installation\n\n"
            b"Run pip install -e . in a checkout.\n",
            "a README, not minutes",
        ),
        (
            "\n".join(
                [
                    "Councillor Jane Smith - Labour - Abbey Ward",
                    "Councillor John Brown - Conservative - Castle Ward",
                    "Councillor Amy Green - Green Party - Park Ward",
                ]
            ).encode(),
            "a list of councillors, not minutes",
        ),
        # A Markdown file with headings but no meeting, item or decision: refused, not
        # stored as an "Undated" meeting named after its first heading.
        (
            b"# Garden club\n\n## Spring planting\n\nWe will plant tulips.\n\n"
            b"## Summer fete\n\nThe fete is on Saturday.\n",
            "text with no meeting, agenda item or decision in it, not minutes",
        ),
    ],
)
def test_what_is_not_minutes_is_refused_with_what_it_looked_like(data: bytes, reason: str) -> None:
    with pytest.raises(ParseError) as error:
        parse(Source("file.md", data))
    assert str(error.value) == reason


def test_page_numbers_and_dash_numbers_are_page_furniture() -> None:
    lines = generic_minutes.read_lines(
        "Minutes of the Parish Council meeting held on 4 March 2019\n- 2 -\n"
        "Page 3 - Minutes of meeting\n1. Apologies\nNone were received.\n"
    )
    assert [x.text for x in lines] == [
        "Minutes of the Parish Council meeting held on 4 March 2019",
        "1. Apologies",
        "None were received.",
    ]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # Town and parish councils' running minute references.
        (
            ["Cou/286/07-08 Apologies for absence", "None.", "Cou/287/07-08 Finance", "Noted."],
            [("Cou/286/07-08", "Apologies for absence"), ("Cou/287/07-08", "Finance")],
        ),
        (
            ["268/12/13 Apologies", "None.", "269/12/13 Correspondence", "Read."],
            [("268/12/13", "Apologies"), ("269/12/13", "Correspondence")],
        ),
        (
            ["392/02 APOLOGIES", "Cllr Reed.", "3666 HIGHWAYS", "The clerk will write."],
            [("392/02", "APOLOGIES"), ("3666", "HIGHWAYS")],
        ),
        # "4:" is item 4, "4 - Title", "Item 4", "141)"; a header row is not an item.
        (
            ["No. Item", "4: Planning", "Two applications.", "5 - Finance", "Approved."],
            [("4", "Planning"), ("5", "Finance")],
        ),
        (
            ["Item 1 - Welcome", "The Chair welcomed all.", "Item 2: Reports", "Noted."],
            [("1", "Welcome"), ("2", "Reports")],
        ),
        (
            ["141) Apologies. Councillor E. Jones", "142) Grants: Thanks from the Heritage Forum"
             " for the grant awarded last year"],
            [("141", "Apologies"), ("142", "Grants")],
        ),
        # Lettered sub-items, capitals included; a list after a colon is text.
        (
            ["5 Planning", "(A) Land at Mill Lane", "Objection.", "(B) Old Forge", "None.",
             "6 Finance", "The payments were:", "(a) Wages", "(b) Rent"],
            [("5", "Planning"), ("(A)", "Land at Mill Lane"), ("(B)", "Old Forge"),
             ("6", "Finance")],
        ),
    ],
)  # fmt: skip
def test_item_numbers_as_councils_print_them(
    lines: list[str], expected: list[tuple[str, str]]
) -> None:
    items, _ = generic_minutes.read_items([generic_minutes.Line(text) for text in lines])
    assert [(i.number, i.title) for i in items] == expected
