"""Printed minutes: the Merton PDF pack and its pdftotext renderings, Brighton's text,
Limerick's Markdown conversions, and PDFs that cannot be read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from parsers import printed_minutes
from parsers.model import Attendee, Meeting, ParsedDocument, Resolution
from parsers.source import ParseError, Source

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"
PDF = FIXTURES / "pdf"
MERTON = "merton_audit-committee_agenda-pack-with-minutes_2009-10"


def read(path: Path) -> ParsedDocument:
    source = Source(path.name, path.read_bytes())
    fmt = printed_minutes.PDF if printed_minutes.PDF.sniff(source) else printed_minutes.TEXT
    return fmt.parse(source)


@pytest.fixture(scope="module")
def merton_pack() -> ParsedDocument:
    return read(CORPUS / f"{MERTON}.pdf")


def test_merton_pack_skips_the_agenda_and_finds_two_meetings(merton_pack: ParsedDocument) -> None:
    assert (merton_pack.format, merton_pack.page_kind) == ("printed-minutes-pdf", "printed-minutes")
    assert merton_pack.warnings == [f"{MERTON}.pdf: skipped 2 page(s) before the minutes"]
    assert [(m.committee, m.date, m.time, m.council) for m in merton_pack.meetings] == [
        ("Audit Committee", dt.date(2009, 9, 24), "19:15", "Merton Council"),
        (
            "Audit Committee and General Purposes Committee (Joint Session)",
            dt.date(2009, 9, 24),
            "19:28",
            "Merton Council",
        ),
    ]


def test_merton_minute_headings_across_page_breaks(merton_pack: ParsedDocument) -> None:
    audit = merton_pack.meetings[0]
    assert [(i.number, i.title) for i in audit.items] == [
        ("1", "DECLARATIONS OF INTEREST"),
        ("2", "MINUTES OF THE MEETING HELD ON 23 JUNE 2009 (Agenda item 3)"),
        ("3", "AUDIT COMMISSION INTERIM REPORT (Agenda item 4)"),
        # The heading wraps onto the next page, under the repeated page header.
        ("4", "AUDITED FINAL ACCOUNTS 2008/09 AND USE OF RESOURCES JUDGEMENT (Agenda item 4)"),
        ("5", "ANNUAL GOVERNANCE REPORT 2008/09 (Agenda item 5)"),
        ("6", "ANNUAL GOVERNANCE REPORT 2008/09 – PENSION FUND (Agenda item 6)"),
        ("7", "WORK PROGRAMME (Agenda item 7)"),
    ]
    # Page footers and numbers are gone from the text.
    for item in audit.items:
        assert "All minutes are draft" not in (item.minutes or "")
    assert audit.items[6].minutes == "NOTED"


def test_merton_resolutions(merton_pack: ParsedDocument) -> None:
    items = merton_pack.meetings[0].items
    assert items[1].resolutions == [
        Resolution(
            None,
            "That the minutes of the meeting held on 23 June are agreed as a correct record.",
            "decision",
        )
    ]
    assert items[4].resolutions == [
        Resolution(
            "A",
            "That the Audit Committee notes the Audit Commission’s Annual Governance Report for "
            "the Council’s main accounts under the International Standard on Auditing 260 "
            "(ISA 260).",
            "noted",
        ),
        Resolution(
            "B",
            "That the Audit Committee notes the Council’s Use of Resources score judgement for "
            "2008/09 as detailed in the Audit Commission’s Annual Governance Report (ISA 260).",
            "noted",
        ),
    ]
    assert items[0].minutes == (
        "The Chair declared a personal interests as a partner in Strover-Leader & Co which "
        "carried out auditing work for various voluntary sector bodies which operated in "
        "Merton.\n\n"
        "Danny Connellan indicated a personal interest as a leaseholder of a Merton property."
    )
    assert merton_pack.meetings[0].declarations == items[0].minutes
    # Item 3 ends with a plain lower-case noting after its discussion: passive narrative,
    # which the gold does not count; item 7's whole outcome is the capitals "NOTED".
    assert items[2].resolutions == []
    assert items[6].resolutions == [Resolution(None, "NOTED", "noted")]


def test_merton_attendance_blocks(merton_pack: ParsedDocument) -> None:
    audit: Meeting = merton_pack.meetings[0]
    present = [a.name for a in audit.attendance if a.status == "present"]
    assert present == [
        "Dave Roberts",
        "Councillor Angela Caldara",
        "Councillor Corinna Edge",
        "Danny Connellan",
    ]
    assert audit.attendance[0] == Attendee("Dave Roberts", "present", role="Chairman")
    assert [a.name for a in audit.apologies] == [
        "Councillor Rod Scott",
        "Councillor Diane Neil mills",
    ]
    also = [a for a in audit.attendance if a.status == "in_attendance"]
    assert len(also) == 19
    assert also[0] == Attendee("Councillor Chris Edge", "in_attendance", role="Chairman")
    assert also[9] == Attendee(
        "Caroline Holland", "in_attendance", role="Director of Corporate Services"
    )


def test_merton_joint_session_reports_are_unnumbered_items(merton_pack: ParsedDocument) -> None:
    # The gold lists the three capitals headings of the joint session as items; the note
    # above them belongs to none of them and is kept as the meeting's preamble.
    joint = merton_pack.meetings[1]
    assert len(joint.attendance) == 23
    assert [(i.number, i.title) for i in joint.items] == [
        (None, "AUDITED FINAL ACCOUNTS 2008/09 AND USE OF RESOURCES JUDGEMENT"),
        (None, "ANNUAL GOVERNANCE REPORT 2008/09"),
        (None, "ANNUAL GOVERNANCE REPORT 2008/09 – PENSION FUND"),
    ]
    assert joint.preamble == (
        "This note forms part of the minutes of the Audit Committee meeting and the General "
        "Purposes Committee meeting both held on 24 September 2009."
    )
    discussion = joint.items[2].minutes
    assert discussion is not None
    assert discussion.startswith(
        "The Audit Commision representatives introduced the reports and confirmed that all "
        "errors had been corrected."
    )


@pytest.mark.parametrize("rendering", ["pdftotext-raw", "pdftotext-layout"])
def test_pdftotext_renderings_read_like_the_pdf(
    rendering: str, merton_pack: ParsedDocument
) -> None:
    doc = read(CORPUS / f"{MERTON}.{rendering}.txt")
    assert (doc.format, doc.page_kind) == ("printed-minutes-text", "printed-minutes")
    assert [(m.committee, m.date) for m in doc.meetings] == [
        (m.committee, m.date) for m in merton_pack.meetings
    ]
    audit, pdf_audit = doc.meetings[0], merton_pack.meetings[0]
    assert [(i.number, i.title) for i in audit.items] == [
        (i.number, i.title) for i in pdf_audit.items
    ]
    assert [i.resolutions for i in audit.items] == [i.resolutions for i in pdf_audit.items]
    assert [a.name for a in audit.apologies] == [a.name for a in pdf_audit.apologies]


def test_minutes_only_pdf() -> None:
    doc = read(PDF / "merton_audit-committee_minutes_2009-09-24.pdf")
    assert doc.warnings == []
    (meeting,) = doc.meetings
    assert (meeting.committee, meeting.date, meeting.council) == (
        "Audit Committee",
        dt.date(2009, 9, 24),
        None,  # the council's name is only on the agenda front sheet
    )
    assert [i.number for i in meeting.items] == ["1", "2", "3", "4", "5", "6", "7"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("scanned_minutes_no_text_layer.pdf", "scanned PDF with no text layer (needs OCR)"),
        ("merton_minutes_encrypted.pdf", "encrypted PDF: a password is needed to read it"),
        ("merton_truncated_download.pdf", "corrupt or truncated PDF: no readable pages"),
    ],
)
def test_unreadable_pdfs_fail_cleanly(name: str, reason: str) -> None:
    source = Source(name, (PDF / name).read_bytes())
    assert printed_minutes.PDF.sniff(source)
    with pytest.raises(ParseError) as error:
        printed_minutes.PDF.parse(source)
    assert str(error.value) == reason


def test_garbage_after_pdf_magic_is_a_clean_error() -> None:
    with pytest.raises(ParseError, match=r"^corrupt or"):
        printed_minutes.PDF.parse(Source("x.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>"))


def test_brighton_printed_minutes_text() -> None:
    doc = read(CORPUS / "brighton-hove_printed-minutes_policy-resources_2021-07.txt")
    (meeting,) = doc.meetings
    # "4.00pm1 July 2021": time and date run together in the rendering.
    assert (meeting.committee, meeting.date, meeting.time, meeting.council) == (
        "Policy & Resources Committee",
        dt.date(2021, 7, 1),
        "16:00",
        "Brighton & Hove City Council",
    )
    assert [(a.name, a.role) for a in meeting.attendance if a.status == "present"] == [
        ("Councillor Mac Cafferty", "Chair"),
        ("Councillor Appich", "Joint Opposition Spokesperson"),
        ("Councillor Bell", "Group Spokesperson"),
    ]
    # Sub-items are items, labels as printed (the gold's convention).
    assert [(i.number, i.title) for i in meeting.items] == [
        ("1", "Procedural Business"),
        ("(a)", "Declarations of Substitutes"),
        ("(b)", "Declarations of Interest"),
        ("(c)", "Exclusion of Press and Public"),
        ("2", "Minutes"),
        ("3", "Chair's Communications"),
    ]
    assert meeting.items[0].minutes is None
    assert meeting.items[1].minutes == "1.1 There were no declarations of Substitutes."
    exclusion = meeting.items[3]
    assert exclusion.resolutions == [
        Resolution(
            None,
            "That the press and public be excluded from the meeting during consideration of the "
            "items contained in part two of the agenda.",
            "decision",
        )
    ]


def test_limerick_full_council_markdown() -> None:
    doc = read(CORPUS / "limerick-ie_full-council_minutes_pdf2md.md")
    (meeting,) = doc.meetings
    assert (meeting.committee, meeting.date, meeting.time, meeting.council) == (
        "Limerick City and County Council",
        dt.date(2015, 5, 25),
        "15:00",
        "Limerick City and County Council",
    )
    assert meeting.attendance[0] == Attendee("Councillor J. Crowley", "present", role="Chair")
    assert [a.name for a in meeting.apologies] == ["Councillor Sheahan", "Councillor Lynch"]
    # As the gold lists them: the unnumbered headings before item 1 and after the
    # numbered items, sub-items as printed (titled or not), and items 10 and 16, taken
    # early, where they were taken; item 10 is noted again in its place, a second item.
    numbers = [i.number for i in meeting.items]
    assert numbers == [
        *(None, None, "1", "2", "(a)", "(b)", "(c)", "(d)", "(e)"),
        *("3", "(a)", "(b)", "(c)", "(d)", "(i)", "(ii)", "(e)", "4", "5", "(a)", "(b)", "(c)"),
        *("10", "16", "6", "7", "8", "(a)", "(b)", "9", "10", "11", "(i)", "(ii)", None),
        *(str(n) for n in (*range(12, 16), *range(17, 26))),
        *(None, None),
    ]
    titles = [i.title for i in meeting.items]
    assert titles[:4] == [
        "Presentation to Eugene Griffin, SEO, Corporate Services",
        "Votes of Sympathy",
        "Adoption of Minutes",
        "Disposal of Land",
    ]
    assert titles[-3:] == ["Correspondence", "CHIEF EXECUTIVE’S ORDERS", "PLANNING AND DEVELOPMENT"]
    # A title wrapped a word a line in the conversion, and one wrapped over three lines.
    assert (
        "Appointment of Chairperson to the Local Traveller Accommodation Consultative "
        "Committee" in titles
    )
    assert (
        "Proposed Variation No. 3 to Limerick County Development Plan 2010-2016 to incorporate "
        "the Shannon Integrated Framework Plan for the Shannon Estuary"
    ) in titles
    first_run, second_run = (i for i in meeting.items if i.number == "10")
    assert first_run.title == second_run.title == "Great Limerick Run"
    assert second_run.minutes == (
        "It was noted that this Item had been dealt with earlier in the Meeting."
    )
    by_number = {i.number: i for i in meeting.items}
    assert by_number["16"].title == (
        "Notice of Motion submitted by Councillor M. Byrne (To be referred to Economic "
        "Development, Enterprise & Planning SPC)"
    )
    # Motions: proposer and seconder, then the quoted resolution, one per sub-item.
    disposal = [meeting.items[k] for k in range(4, 9)]
    assert [len(d.resolutions) for d in disposal] == [1, 1, 1, 1, 1]
    first = disposal[0].resolutions[0].text
    assert first.startswith(
        "That, the approval of the Council be and is hereby given to the disposal of 55 "
        "metres square at Plassey Park Road, Castletroy"
    )
    assert all("**" not in (d.minutes or "") for d in disposal)
    # Notices of motion recorded only as "The Motion was seconded ... and unanimously
    # agreed." (item 16, the motion, speech and outcome in one paragraph) or "the Motion
    # was agreed." (item 22): the motion's text is the resolution. Item 23 was defeated.
    # Item 16 also agreed Councillor Leddin's request ("This was agreed.") and a copy of
    # the resolution to the Minister ("It was also agreed to send ..."): the gold counts
    # both.
    assert by_number["16"].resolutions == [
        Resolution(
            None,
            "that Limerick City and County Council call on Fáilte Ireland to extend the “Wild "
            "Atlantic Way” tourism trail to Limerick.",
            "action",
        ),
        Resolution(
            None,
            "that the Chief Executive of Fáilte Ireland be invited to the next Meeting of the "
            "Council to answer the Members’ questions in relation to this issue.",
            "action",
        ),
        Resolution(
            None,
            "to send a copy of the resolution to the Minister for Transport, Tourism and Sport.",
            "action",
        ),
    ]
    (website,) = by_number["22"].resolutions
    assert website.text.startswith("that this Council provide a facility on the Council website")
    assert website.text.endswith("the area which the Councillors represent.")
    assert by_number["23"].resolutions == []


def test_limerick_ocr_markdown_with_late_header() -> None:
    doc = read(CORPUS / "limerick-ie_newcastle-west-md_minutes_2014-06_ocr.md")
    (meeting,) = doc.meetings
    # OCR turned "11TH" into "11™"; the welcome paragraph comes before the header.
    assert (meeting.committee, meeting.date, meeting.time) == (
        "Municipal District of Newcastle West",
        dt.date(2014, 6, 11),
        "10:00",
    )
    # OCR read the first heading's "1." as "4."; the headings after it, "2." and "3.", are
    # headings all the same (the gold lists all six, numbers as printed). The text above
    # the first heading carries a decision ("it was agreed that the Director would take
    # the Chair ..."), so it is kept as an untitled item (generic_minutes.read_items).
    assert [(i.number, i.title) for i in meeting.items] == [
        (None, None),
        ("4", "Election of Cathaoirleach of the Municipal District"),
        ("2", "Electio Leas-Chathaoirle of the Municipal District"),
        ("3", "Schedule of Meetings"),
        ("4", "Suggested Rules of Procedure for Municipal Districts"),
        ("5", "Training/Briefing for Members"),
        ("6", "Any Other Business"),
    ]
    # Quotation marks are not part of the clause (the gold drops them); "The Members
    # agreed to hold the next Meeting ..." (item 3) is a decision the gold counts.
    opening, election, deputy, schedule = meeting.items[:4]
    assert [(r.text[:45], r.kind) for r in opening.resolutions] == [
        ("that the Director would take the Chair pendin", "decision")
    ]
    assert [r.text for r in election.resolutions] == [
        "That, Councillor Jerome Scanlan be appointed Cathaoirleach of the Municipal District "
        "of Newcastle West to hold office to the next Annual Meeting or until his successor is "
        "appointed.",
    ]
    assert [r.text for r in deputy.resolutions] == [
        "That, Councillor Galvin be appointed Leas-Chathaoirleach of the Municipal District of "
        "Newcastle West to hold office to the next Annual Meeting or until his successor is "
        "appointed.",
    ]
    assert [r.text for r in schedule.resolutions] == [
        "to hold the next Meeting on Wednesday, 2” July, 2014, at 10.00a.m.",
    ]
    assert "Scanned page" not in (election.minutes or "")
    # The welcome printed above the attendance opens that item.
    assert meeting.preamble is None
    assert (opening.minutes or "").startswith(
        "At the outset, the Director welcomed Members and Staff to the Inaugural Annual Meeting "
        "of the Municipal District of Newcastle West."
    )


def test_text_without_a_minutes_header_is_refused() -> None:
    source = Source("notes.txt", b"PRESENT: Councillor A\n\nSome notes without a date.\n")
    with pytest.raises(ParseError, match=r"^no printed minutes found"):
        printed_minutes.TEXT.parse(source)


def test_minute_numbers_with_year_and_prefix() -> None:
    text = (
        "PLANNING COMMITTEE\n"
        "2 NOVEMBER 2021\n"
        "PRESENT: Councillors Ann Berry (Chair), John Collier and Peter Gane\n"
        "77/21 DECLARATIONS OF INTEREST\n"
        "There were none.\n"
        "78/21 LAND AT CHERITON ROAD (Agenda item 5)\n"
        "RESOLVED: That planning permission be granted.\n"
    )
    (meeting,) = printed_minutes.TEXT.parse(Source("p.txt", text.encode())).meetings
    assert (meeting.committee, meeting.date) == ("Planning Committee", dt.date(2021, 11, 2))
    assert [(i.number, i.title) for i in meeting.items] == [
        ("77/21", "DECLARATIONS OF INTEREST"),
        ("78/21", "LAND AT CHERITON ROAD (Agenda item 5)"),
    ]
    assert [r.text for r in meeting.items[1].resolutions] == [
        "That planning permission be granted."
    ]
    assert [a.name for a in meeting.attendance] == [
        "Councillor Ann Berry",
        "Councillor John Collier",
        "Councillor Peter Gane",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # modern.gov's own printed-minutes header: the committee inside the sentence.
        (
            "Minutes of the meeting of the Children's Partnership Board held at LB 31-32 - "
            "Loxley\nHouse, Station Street, Nottingham, NG2 3NG on 27 September 2017 from "
            "4.00 pm - 5.55 pm\nPresent: Councillor Sam Webster (Co Chair), Sean Kelly\n"
            "16 APOLOGIES\nNone.\n",
            ("Children's Partnership Board", dt.date(2017, 9, 27), "16:00", ["16"]),
        ),
        # Committee on its own line, then "MINUTES OF THE MEETING HELD ON <date>".
        (
            "CABINET\nMINUTES OF THE MEETING HELD ON TUESDAY, 2 OCTOBER 2018\n"
            "Present: Councillor George Duggins (Chair), Councillor Abdul Khan\n"
            "39 Declarations of Interest\nThere were no disclosable pecuniary interests.\n"
            "40 Minutes\nThe minutes of the meeting held on 28th August 2018 were agreed.\n",
            ("Cabinet", dt.date(2018, 10, 2), None, ["39", "40"]),
        ),
    ],
)
def test_printed_minutes_header_forms(text: str, expected: tuple[object, ...]) -> None:
    (meeting,) = printed_minutes.TEXT.parse(Source("m.txt", text.encode())).meetings
    assert (
        meeting.committee,
        meeting.date,
        meeting.time,
        [i.number for i in meeting.items],
    ) == expected
