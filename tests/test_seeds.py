"""The five seed pages (text renderings of Nottingham modern.gov pages), read end to end.

Every expected value below was written by reading the seed documents in
``tests/fixtures/seeds/``: committee, date, items, the text of minutes and each
resolution as printed. They go through ``parsers.registry.parse`` so detection
by content is tested too.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from parsers.model import (
    ActionPoint,
    AgendaItem,
    Attendee,
    Document,
    Meeting,
    ParsedDocument,
    Resolution,
)
from parsers.registry import parse
from parsers.source import Source

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
LETTERED = re.compile(r"^\(?[a-z]\)")


def read(name: str) -> ParsedDocument:
    path = SEEDS / name
    return parse(Source(name=path.name, data=path.read_bytes()))


def paras(text: str | None) -> list[str]:
    assert text is not None
    return text.split("\n\n")


def lettered(text: str | None) -> list[str]:
    return [p for p in paras(text) if LETTERED.match(p)]


def item(meeting: Meeting, number: str) -> AgendaItem:
    return next(i for i in meeting.items if i.number == number)


# ---------------------------------------------------------------------------
# Seed 000: "Agenda and minutes", blank-line blocks.


@pytest.fixture(scope="module")
def seed000() -> ParsedDocument:
    return read("000_81d86c97e4813351.txt")


@pytest.fixture(scope="module")
def cpb(seed000: ParsedDocument) -> Meeting:
    assert len(seed000.meetings) == 1
    return seed000.meetings[0]


def test_000_is_a_meeting_page(seed000: ParsedDocument) -> None:
    assert (seed000.format, seed000.page_kind) == ("moderngov-text", "meeting")
    assert seed000.warnings == []


def test_000_header(cpb: Meeting) -> None:
    assert cpb.committee == "Children's Partnership Board"
    assert cpb.date == dt.date(2017, 9, 27)
    assert cpb.time == "16:00"
    assert cpb.venue == "LB 31-32 - Loxley House, Station Street, Nottingham, NG2 3NG"
    # The rendering splits the e-mail address around the name; NBSPs become spaces.
    assert cpb.contact == "Kate Morris Kate Email: Morris2@nottinghamcity.gov.uk"


def test_000_items_in_order(cpb: Meeting) -> None:
    assert [(i.number, i.title) for i in cpb.items] == [
        ("16", "Apologies"),
        ("17", "Declarations of Interests"),
        ("18", "Minutes"),
        ("19", "Board Membership Update"),
        ("20", "Update on Priority 2 - Safeguarding and Supporting Children and Families"),
        ("21", "Partner Update: Nottinghamshire Police"),
        ("22", "Independent Chair's Annual Safeguarding Report and Business Plan"),
        ("23", "Refresh of the Children’s Partnership Core Development Standard"),
        (
            "24",
            "Update of Children’s Partnership Board Terms of Reference to make Joint Chairs"
            " permanent.",
        ),
        ("25", "Forward Plan"),
    ]


def test_000_descriptions(cpb: Meeting) -> None:
    assert [i.description for i in cpb.items] == [
        None,
        None,
        "Minutes of the meeting held on 5 July 2017, to be agreed",
        "Verbal update from Emily Humphreys, Support Assistant Children and Adults Directorate",
        None,
        "Presentation by Superintendent Ted Antill",
        "Report of the IndependentChair,Local SafeguardingChildrenBoard",
        "Report of the Director of Children’s Integrated Services",
        None,
        "To be noted",
    ]


def test_000_documents(cpb: Meeting) -> None:
    assert item(cpb, "18").documents == [Document("Minutes", "pdf", 318.0)]
    priority2 = "Update on Priority 2 - Safeguarding and Supporting Children and Families"
    # The title's report, then the "Additional documents:" bullet.
    assert item(cpb, "20").documents == [Document(priority2, "pdf", 233.0), Document(priority2)]
    assert item(cpb, "23").documents == [
        Document("Refresh of the Children’s Partnership Core Development Standard", "pdf", 260.0)
    ]
    assert [(d.format, d.size_kb) for d in item(cpb, "24").documents] == [("pdf", 214.0)]
    assert item(cpb, "25").documents == [Document("Forward Plan", "pdf", 13.0)]
    for number in ("16", "17", "19", "21", "22"):
        assert item(cpb, number).documents == []


def test_000_truncation(cpb: Meeting) -> None:
    assert [i.number for i in cpb.items if i.truncated] == ["20", "21"]
    for i in cpb.items:
        assert "view the full minutes text" not in (i.minutes or "")


def test_000_apologies(cpb: Meeting) -> None:
    assert cpb.apologies == [
        Attendee("Councillor Sam Webster", "apologies", role="Co Chair"),
        Attendee("Sean Kelly", "apologies", role="Vice Chair"),
        Attendee("Scott Mason", "apologies"),
        Attendee("Stephen McLaren", "apologies"),
        Attendee("Alison Michalska", "apologies"),
        Attendee("Jacquie Newton", "apologies"),
        Attendee("Sally Pearce", "apologies"),
        Attendee("Sally Seely", "apologies"),
        Attendee("John Yarnham", "apologies"),
        Attendee("ZartashaZahied", "apologies"),
    ]


def test_000_declarations(cpb: Meeting) -> None:
    assert cpb.declarations == "None."
    assert item(cpb, "17").minutes == "None."


def test_000_minutes_item_18(cpb: Meeting) -> None:
    minutes = item(cpb, "18")
    assert minutes.minutes == (
        "The minutes of the meeting held on 5 July 2017 were agreed by the Board as a true"
        " record and signed by the Chair."
    )
    # Agreeing the minutes is neither a resolution nor an action.
    assert minutes.resolutions == []
    assert minutes.actions == []


def test_000_minutes_item_20(cpb: Meeting) -> None:
    minutes = item(cpb, "20").minutes
    first, *_, last = paras(minutes)
    assert first == (
        "Helen Blackman, Director of Integrated Children’s Services introduced the report on the"
        " Update on Priority 2 – Safeguarding and Supporting Children and Families. Clive"
        " Chambers, Head of Safeguarding and Aileen Wilson, Head of Early Help Services gave"
        " presentations to the board on work around Child Sexual Exploitation and Parenting"
        " programme work. The following information was highlighted:"
    )
    assert len(paras(minutes)) == 12
    assert [p[:3] for p in lettered(minutes)] == [f"({c})" for c in "abcdefghijk"]
    assert paras(minutes)[1] == (
        "(a) Since the last update Police staff have joined the Multi Agency Safeguarding Hub"
        " (MASH). Adult Safeguarding have committed to joining the MASH and the National"
        " Probation Service will have a presence within the team from the beginning of October;"
    )
    # The site cut the text; the marker is gone.
    assert last == "(k) Within the last year the completion rate for the"


def test_000_minutes_item_21_cut_resolution(cpb: Meeting) -> None:
    partner = item(cpb, "21")
    assert len(lettered(partner.minutes)) == 12  # (a) ... (l)
    assert paras(partner.minutes)[-1] == "RESOLVED to note the content of"
    assert partner.resolutions == [
        Resolution(None, "to note the content of", "noted", truncated=True)
    ]
    assert partner.actions == []


def test_000_minutes_item_22_bullets(cpb: Meeting) -> None:
    report = item(cpb, "22")
    bullets = [p for p in paras(report.minutes) if p.startswith("·")]
    assert [b.split(" – ")[0] for b in bullets] == [
        "· Reducing neglect",
        "· Learning and improvement",
        "· Empowering Young People",
    ]
    assert len(lettered(report.minutes)) == 4
    assert report.resolutions == [
        Resolution(
            None,
            "to note the contents of the Independent Chair’s Annual Safeguarding Report and"
            " Business Plan.",
            "noted",
        )
    ]


def test_000_item_23_resolutions_and_actions(cpb: Meeting) -> None:
    standard = item(cpb, "23")
    assert len(lettered(standard.minutes)) == 8  # (a) ... (h)
    assert paras(standard.minutes)[-4:] == [
        "RESOLVED to",
        "(1) approve the changes to the Core Delivery Standard as set out in the presentation"
        " and report appended to the agenda.",
        "(2) ask each agency to look at best fit within their own training plans to show"
        " consistency of developing practitioners in line with the CDS",
        "(3) note where Partners need training development support the offer of buying"
        " elements of the Core Offer from Nottingham City Council if or when required.",
    ]
    assert standard.resolutions == [
        Resolution(
            "1",
            "approve the changes to the Core Delivery Standard as set out in the presentation"
            " and report appended to the agenda.",
            "decision",
        ),
        Resolution(
            "2",
            "ask each agency to look at best fit within their own training plans to show"
            " consistency of developing practitioners in line with the CDS",
            "action",
        ),
        Resolution(
            "3",
            "note where Partners need training development support the offer of buying"
            " elements of the Core Offer from Nottingham City Council if or when required.",
            "noted",
        ),
    ]
    assert [(a.text, a.owner, a.source_kind) for a in standard.actions] == [
        (
            "ask each agency to look at best fit within their own training plans to show"
            " consistency of developing practitioners in line with the CDS",
            "each agency",
            "resolution",
        )
    ]


def test_000_single_resolutions(cpb: Meeting) -> None:
    assert item(cpb, "19").resolutions == [
        Resolution(
            None,
            "to note the resignation from the Board of Jacquie Newton and Sally Pearce and the"
            " addition of Zoe Butler as further education representative.",
            "noted",
        )
    ]
    assert item(cpb, "24").resolutions == [
        Resolution(
            None,
            "to approve the proposal to make the Portfolio Holder for Early Intervention and"
            " Early years and the Portfolio Holder for Business, Education and Skills the"
            " permanent Joint Chairs of the Children’s Partnership Board.",
            "decision",
        )
    ]
    assert item(cpb, "25").resolutions == [Resolution(None, "to note the forward plan.", "noted")]
    for number in ("16", "17", "18", "19", "24", "25"):
        assert item(cpb, number).actions == [], number
    # Item 20 was cut before its resolution; the others record none.
    for number in ("16", "17", "18", "20"):
        assert item(cpb, number).resolutions == [], number


# ---------------------------------------------------------------------------
# Seed 001: "Issue - meetings", the same item 20.


@pytest.fixture(scope="module")
def seed001() -> ParsedDocument:
    return read("001_33980653330634ab.txt")


def test_001_issue_page(seed001: ParsedDocument, cpb: Meeting) -> None:
    assert seed001.page_kind == "issue"
    (meeting,) = seed001.meetings
    assert meeting.committee == "Children's Partnership Board"
    assert meeting.date == dt.date(2017, 9, 27)
    (update,) = meeting.items
    assert update.number == "20"
    assert (
        update.title == "Update on Priority 2 - Safeguarding and Supporting Children and Families"
    )
    assert update.documents == [
        Document(
            "Update on Priority 2 - Safeguarding and Supporting Children and Families", "pdf", 233.0
        )
    ]
    assert update.truncated is True
    assert paras(update.minutes)[0].startswith("Helen Blackman, Director of Integrated Children’s")
    assert paras(update.minutes)[-1] == "(k) Within the last year the completion rate for the"
    assert len(lettered(update.minutes)) == 11
    # Same text as on the meeting page, so the store can merge the two.
    assert update.minutes == item(cpb, "20").minutes


# ---------------------------------------------------------------------------
# Seed 002: pipe table, no heading, numbers only in the truncation markers.


@pytest.fixture(scope="module")
def seed002() -> ParsedDocument:
    return read("002_28ce34ac082b9610.txt")


@pytest.fixture(scope="module")
def board(seed002: ParsedDocument) -> Meeting:
    (meeting,) = seed002.meetings
    return meeting


def test_002_header(seed002: ParsedDocument, board: Meeting) -> None:
    assert seed002.page_kind == "meeting"
    assert board.committee is None
    assert board.date is None
    assert board.venue == (
        "Ground Floor Committee Room - Loxley House, Station Street, Nottingham, NG2 3NG"
    )
    assert board.contact == "Jane Garrard"


def test_002_items(board: Meeting) -> None:
    assert [(i.number, i.title) for i in board.items] == [
        (None, "Apologies for absence"),
        (None, "Declarations of Interests"),
        (None, "To confirm the minutes of the meeting held on 26 January 2023"),
        (
            "38",
            "Verbal update from the Portfolio Holder for Children, Young People and Schools on"
            " Children's Integrated Services Improvement",
        ),
        ("39", None),  # the title did not survive the rendering
    ]
    assert [i.truncated for i in board.items] == [False, False, False, True, True]
    assert [i.documents for i in board.items] == [[], [], [], [], []]


def test_002_apologies_with_reasons(board: Meeting) -> None:
    assert board.apologies == [
        Attendee("Councillor AJ Matisko", "apologies", reason="personal reasons"),
        Attendee("Councillor Maria Watson", "apologies", reason="unwell"),
    ]
    assert board.declarations == "None."


def test_002_minutes(board: Meeting) -> None:
    assert board.items[2].minutes == (
        "The minutes of the meeting held on 26 January 2023 were confirmed as an accurate record"
        " and signed by the Chair."
    )
    update = board.items[3]
    first, *_, last = paras(update.minutes)
    assert first == (
        "Councillor Cheryl Barnard, Portfolio Holder for Children, Young People and Schools"
        " presented a verbal update on progress with the implementation of the Children’s"
        " Integrated Services Improvement Plan. She highlighted the following information:"
    )
    assert [p[:2] for p in lettered(update.minutes)] == [f"{c})" for c in "abcdefghijklmno"]
    assert "In response to questions from the Committee" in paras(update.minutes)[9]
    assert last == "o) the letter detailing outcomes from"
    exploitation = board.items[4]
    assert len(lettered(exploitation.minutes)) == 13  # a) ... m)
    assert paras(exploitation.minutes)[-1].endswith("partner agencies. The outcome")
    for i in board.items:
        assert i.resolutions == []
        assert i.actions == []


# ---------------------------------------------------------------------------
# Seed 003: "Agenda item".


def test_003_item_page() -> None:
    doc = read("003_b37eb456b84c0ff4.txt")
    assert doc.page_kind == "item"
    (meeting,) = doc.meetings
    assert (meeting.committee, meeting.date, meeting.time) == (None, None, None)
    (report,) = meeting.items
    assert report.number is None
    assert report.title == "Nottingham City Safeguarding Children Board Annual Report 2017/18"
    assert report.description == "Report of the Head of Legal and Governance"
    assert report.truncated is False
    assert report.documents == []
    minutes = paras(report.minutes)
    assert len(minutes) == 22
    assert minutes[0].startswith("Chris Cook, Independent Chair of the Nottingham City")
    assert minutes[0].endswith(
        "to present the Nottingham City Safeguarding Board Annual Report for 2017/18."
    )
    assert len(lettered(report.minutes)) == 16  # (a) ... (p)
    assert minutes[-3].startswith("(p) further information on the work of NCSCB")
    assert minutes[-2].startswith("https://www.nottinghamcity.gov.uk/children-and-families/")
    assert minutes[-1] == (
        "RESOLVED to note the Nottingham City Safeguarding Children Board Annual Report."
    )
    assert report.resolutions == [
        Resolution(
            None,
            "to note the Nottingham City Safeguarding Children Board Annual Report.",
            "noted",
        )
    ]
    assert report.actions == []


# ---------------------------------------------------------------------------
# Seed 004: hard-wrapped item page, no heading.


def test_004_hard_wrapped_item_page() -> None:
    doc = read("004_0352f24020eb606b.txt")
    assert doc.page_kind == "item"
    (meeting,) = doc.meetings
    assert (meeting.committee, meeting.date) == (None, None)
    (report,) = meeting.items
    assert (report.number, report.title) == (None, None)
    assert report.description == "Report of the Statutory Scrutiny Officer"
    minutes = paras(report.minutes)
    assert minutes[0] == (
        "Councillor Cheryl Barnard, Portfolio Holder for Children, Young People and Education,"
        " John Matravers, Head of Safeguarding and Partnerships, and Ailsa Barr, Director for"
        " Children’s Integrated Services, presented the report and delivered a presentation and"
        " highlighted the following:"
    )
    # The label alone on its line is joined to its hard-wrapped text.
    assert minutes[1] == (
        "(a) Nottingham City Safeguarding Children Partnership was established in accordance"
        " with the Children and Social Work Act 2017 and Working Together to Safeguard Children"
        " 2018. It provides the safeguarding arrangements under which the safeguarding partners"
        " and relevant agencies work together to co-ordinate their safeguarding services,"
        " identify, and respond to the needs of children in the city, commission and publish"
        " local child safeguarding practice reviews and provide scrutiny to ensure the"
        " effectiveness of the arrangements;"
    )
    assert len(lettered(report.minutes)) == 16  # (a) ... (p), "(m)if" included
    assert minutes[9].startswith("In response to questions from the Committee")
    assert minutes[-4:] == [
        "Resolved",
        "(1) that the partnership continues to focus on recognising the voice of the child, and"
        " ensure that the Council and partners continue to improve on how they communicate with"
        " children with language barriers;",
        "(2) work to disseminate information and videos to a wider range of organisations"
        " outside the partnership;",
        "(3) continue being pro-active in any aspect of children’s’ lives where safeguarding is"
        " concerned.",
    ]
    assert report.resolutions == [
        Resolution(
            "1",
            "that the partnership continues to focus on recognising the voice of the child, and"
            " ensure that the Council and partners continue to improve on how they communicate"
            " with children with language barriers;",
            "action",
        ),
        Resolution(
            "2",
            "work to disseminate information and videos to a wider range of organisations"
            " outside the partnership;",
            "action",
        ),
        Resolution(
            "3",
            "continue being pro-active in any aspect of children’s’ lives where safeguarding is"
            " concerned.",
            "action",
        ),
    ]
    assert [(a.text, a.source_kind) for a in report.actions] == [
        (r.text, "resolution") for r in report.resolutions
    ]
    assert isinstance(report.actions[0], ActionPoint)
    assert report.actions[0].owner == "the partnership"


@pytest.mark.parametrize(
    ("ending", "documents"),
    [
        # The rendering runs the page's label onto the last clause's line.
        ("concerned. Supporting documents:", []),
        ("concerned. Additional documents:", []),
        (
            "concerned. Supporting documents:\n"
            "· Safeguarding Partnership Annual Report pdf icon PDF 233 KB",
            [Document("Safeguarding Partnership Annual Report", "pdf", 233.0)],
        ),
        ("concerned.\n\nSupporting documents:\n\n", []),
    ],
)
def test_004_trailing_documents_label_is_page_furniture(
    ending: str, documents: list[Document]
) -> None:
    text = (SEEDS / "004_0352f24020eb606b.txt").read_text("utf-8")
    assert text.endswith("concerned.\nSupporting documents:")
    text = text.replace("concerned.\nSupporting documents:", ending)
    (report,) = parse(Source(name="004.txt", data=text.encode())).meetings[0].items
    last = "continue being pro-active in any aspect of children’s’ lives where safeguarding is"
    assert paras(report.minutes)[-1] == f"(3) {last} concerned."
    assert report.resolutions[-1] == Resolution("3", f"{last} concerned.", "action")
    assert report.documents == documents


def test_000_hard_wrapped_apologies_one_name_per_line() -> None:
    # Seed 000's item 16 in the hard-wrapped layout (every line kept, no blank lines).
    text = (SEEDS / "000_81d86c97e4813351.txt").read_text("utf-8")
    start, end = text.index("16.\n"), text.index("17.\n")
    wrapped = "\n".join(line for line in text[start:end].splitlines() if line.strip())
    page = text[:start] + wrapped + "\n" + text[end:]
    meeting = parse(Source(name="000.txt", data=page.encode())).meetings[0]
    assert meeting.items[0].title == "Apologies"
    assert [a.name for a in meeting.apologies] == [
        "Councillor Sam Webster",
        "Sean Kelly",
        "Scott Mason",
        "Stephen McLaren",
        "Alison Michalska",
        "Jacquie Newton",
        "Sally Pearce",
        "Sally Seely",
        "John Yarnham",
        "ZartashaZahied",
    ]
