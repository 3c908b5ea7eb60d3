"""Every text page kind in the corpus, read through the registry, with exact values.

The corpus files are excerpts (about 2,000 characters) of real council pages,
copied unchanged into ``tests/fixtures/corpus/``; they stop mid-text, which
must parse without error. Expected values were read off the documents.
"""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers import decision_records, moderngov_text
from parsers.model import Attendee, Document, Meeting, ParsedDocument, Resolution
from parsers.registry import detect, parse
from parsers.source import ParseError, Source

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"
SEED_000 = FIXTURES / "seeds" / "000_81d86c97e4813351.txt"


def _first_batch() -> list[str]:
    """The corpus files of the first batch: MANIFEST.tsv rows up to the denbighshire stub.

    The second batch (town and parish councils, non-UK minutes, decision lists) is read by
    other formats; this module's tests are about the modern.gov text renderings.
    """
    rows = (FIXTURES / "gold" / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    names = [row.split("\t", 1)[0] for row in rows]
    return names[
        : names.index("denbighshire_mgWebService_GetCouncillorsByWard_redirect-stub.xml") + 1
    ]


TEXT_PAGES = sorted(
    name
    for name in _first_batch()
    if name.endswith(".txt")
    and not name.startswith(("brighton", "merton"))  # printed minutes: another format
)


def read(name: str) -> ParsedDocument:
    path = CORPUS / name
    return parse(Source(name=name, data=path.read_bytes()))


def only_meeting(name: str) -> Meeting:
    doc = read(name)
    assert len(doc.meetings) == 1
    return doc.meetings[0]


def paras(text: str | None) -> list[str]:
    assert text is not None
    return text.split("\n\n")


def numbers_and_titles(meeting: Meeting) -> list[tuple[str | None, str | None]]:
    return [(i.number, i.title) for i in meeting.items]


# ---------------------------------------------------------------------------
# Detection


# Decision pages have their own reader, which builds on this module's lines.
DECISION_PAGES = [name for name in TEXT_PAGES if "DecisionDetails" in name]


@pytest.mark.parametrize("name", TEXT_PAGES)
def test_every_text_page_is_detected_as_moderngov_text(name: str) -> None:
    source = Source(name=name, data=(CORPUS / name).read_bytes())
    expected = decision_records if name in DECISION_PAGES else moderngov_text
    assert detect(source) is expected


@pytest.mark.parametrize("name", DECISION_PAGES)
def test_decision_pages_read_the_same_through_this_module(name: str) -> None:
    source = Source(name=name, data=(CORPUS / name).read_bytes())
    assert moderngov_text.parse(source).meetings == decision_records.parse(source).meetings


@pytest.mark.parametrize(
    "path",
    [
        *sorted((FIXTURES / "html").glob("*.html")),
        *sorted((FIXTURES / "xml").glob("*.xml")),
        *sorted(CORPUS.glob("*.xml")),
        *sorted(CORPUS.glob("*.json")),
        *sorted(CORPUS.glob("*.md")),
        *sorted(CORPUS.glob("*.pdf")),
        *sorted(CORPUS.glob("merton*.txt")),
        *sorted(CORPUS.glob("brighton*.txt")),
    ],
    ids=lambda p: p.name,
)
def test_sniff_leaves_other_formats_alone(path: Path) -> None:
    assert moderngov_text.sniff(Source(name=path.name, data=path.read_bytes())) is False


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        bytes(range(256)) * 4,
        b"<!DOCTYPE html><html><body><p>Agenda and minutes</p></body></html>",
        b'<?xml version="1.0"?><meeting><meetingid>1</meetingid></meeting>',
        b'{"document": {"body": "Agenda and minutes"}}',
        b"   \n\n  ",
        b"A shopping list\nmilk\neggs\n",
    ],
)
def test_sniff_rejects_non_pages(data: bytes) -> None:
    assert moderngov_text.sniff(Source(name="x", data=data)) is False


# ---------------------------------------------------------------------------
# Encodings: the same page saved as cp1252, with a BOM, with CRLF.


def test_cp1252_bom_and_crlf_variants_parse_the_same() -> None:
    data = SEED_000.read_bytes()
    original = parse(Source(name="seed", data=data))
    text = data.decode("utf-8")
    variants = {
        "cp1252": text.encode("cp1252"),
        "bom": codecs.BOM_UTF8 + data,
        "crlf": text.replace("\n", "\r\n").encode("utf-8"),
        "cp1252 crlf": text.replace("\n", "\r\n").encode("cp1252"),
    }
    for label, variant in variants.items():
        assert variant != data
        assert parse(Source(name=label, data=variant)) == original, label
    # The cp1252 bytes really carry the smart quotes and NBSPs.
    assert "Children’s" in original.meetings[0].items[7].title


# ---------------------------------------------------------------------------
# Abrupt ends: every prefix of every page parses or fails with a ParseError.


@pytest.mark.parametrize("name", TEXT_PAGES)
def test_cut_anywhere_parses_or_fails_cleanly(name: str) -> None:
    data = (CORPUS / name).read_bytes()
    for cut in range(1, len(data), 53):
        source = Source(name=name, data=data[:cut])
        if not moderngov_text.sniff(source):
            continue
        try:
            doc = moderngov_text.parse(source)
        except ParseError as exc:
            assert str(exc)
        else:
            assert doc.format == "moderngov-text"


# ---------------------------------------------------------------------------
# Meeting pages, blank-line layout.


def test_coventry_joined_heading_after_rescheduling_note() -> None:
    doc = read("coventry_ieListDocuments_cabinet_2018-10.txt")
    assert doc.page_kind == "meeting"
    (cabinet,) = doc.meetings
    assert cabinet.committee == "Cabinet"
    assert cabinet.date == dt.date(2018, 10, 2)
    assert cabinet.time == "14:00"
    assert cabinet.venue == "Committee Room 3 - Council House"
    assert cabinet.contact == (
        "Lara Knight / Michelle Salmon, Governance Services, Tel: 024 7683 3237 / 3065, Email:"
        " lara.knight@coventry.gov.uk / michelle.salmon@coventry.gov.uk"
    )
    assert numbers_and_titles(cabinet) == [
        ("39", "Declarations of Interest"),
        ("40", "Minutes"),
        ("41", "Exclusion of Press And Public"),
        ("42", "Private Sector Housing Enforcement Policy 2018"),
    ]
    assert cabinet.declarations == "There were no disclosable pecuniary interests."
    minutes = cabinet.items[1]
    assert paras(minutes.description) == [
        "(a) To agree the minutes from the meeting of Cabinet on 28th August 2018",
        "(b) Matters arising",
    ]
    assert paras(minutes.minutes) == [
        "The minutes of the meeting held on 28th August 2018 were agreed and signed as a true"
        " record.",
        "There were no matters arising.",
    ]
    exclusion = cabinet.items[2]
    assert paras(exclusion.minutes)[1:] == [
        "Minute No. Report title",
        "53 Disposal of Small Surplus Sites",
        "54 Modernising Domestic Abuse Services and Sexual Violence and Abuse Services",
        "55 Coombe Abbey Park Ltd – Capital Financing and Country Park Investment",
    ]
    (resolution,) = exclusion.resolutions
    assert resolution.kind == "decision"
    assert resolution.text.startswith(
        "that the Cabinet agrees to exclude the press and public under Sections 100(A)(4)"
    )
    housing = cabinet.items[3]
    assert housing.documents == [
        Document("Private Sector Housing Enforcement Policy 2018", "pdf", 104.0)
    ]
    assert housing.description == "Report of the Deputy Chief Executive (Place)"
    assert paras(housing.minutes)[-1] == "The provision of"  # the excerpt ends here
    assert housing.truncated is False


def test_kent_numbered_declarations_and_empty_minutes() -> None:
    kent = only_meeting("kent_ieListDocuments_env-transport_2018-11.txt")
    assert kent.committee == "Environment & Transport Cabinet Committee"
    assert kent.date == dt.date(2018, 11, 28)
    assert kent.time == "10:00"
    assert kent.venue == "Council Chamber, Sessions House, County Hall, Maidstone"
    assert kent.contact == "Georgina Little 03000 414043"
    assert numbers_and_titles(kent) == [
        ("124", "Apologies and Substitutes"),
        ("125", "Declarations of Interest by Members in items on the Agenda"),
        ("126", "Minutes of the meeting held on 20 September 2018"),
        ("127", "Dates of future meetings for 2019/2020"),
    ]
    assert kent.apologies == [Attendee("Mr A Booth", "apologies")]
    assert paras(kent.declarations) == [
        "1. Mr M Balfour declared a Disclosable Pecuniary Interest in the Kent Minerals and"
        " Waste Local Plan (item 10) and said that he would leave the room for this item.",
        "2. Mr M Payne declared an Other Significant Interest in the Kent Minerals and Waste"
        " Local Plan (item 10) and said that he would leave the room for this item.",
    ]
    approval = kent.items[2]
    assert approval.minutes is None  # "Minutes:" with nothing under it
    assert approval.documents == [
        Document("Minutes of the meeting held on 20 September 2018", "pdf", 129.0)
    ]
    assert approval.description == "To consider and approve the minutes as a correct record."
    dates = kent.items[3]
    assert paras(dates.description)[1:8] == [
        "Friday 24 May 2019",
        "Tuesday 16 July 2019",
        "Thursday 10 October 2019",
        "Friday 29 November 2019",
        "Friday 24 January 2020",
        "Tuesday 24 March 2020",
        "Friday 15 May 2020",
    ]
    (noted,) = dates.resolutions
    assert noted.kind == "noted"
    # The site cut the excerpt inside the last date: the resolution keeps what is there.
    assert noted.text == (
        "that the Committee noted that the following dates had been reserved for its meetings"
        " in 2019/20: Friday 24 May 2019; Tuesday 16 July 2019; Thursday 10 October 2019;"
        " Friday 29 November 2019; Friday 24 January 2020; Tuesday 24 March 2020; Friday 15 Ma"
    )
    assert dates.actions == []


def test_city_of_london_truncated_agenda_and_minutes() -> None:
    london = only_meeting("cityoflondon_ieListDocuments_committee_2018-05.txt")
    assert (london.committee, london.date) == (None, None)
    assert london.venue == "Committee Rooms, 2nd Floor, West Wing, Guildhall"
    # The contact runs onto a second line.
    assert london.contact == (
        "Joseph Anstee tel. no.: 020 7332 1480 Email: joseph.anstee@cityoflondon.gov.uk"
    )
    assert numbers_and_titles(london) == [
        ("1", "Apologies"),
        ("2", "Members' declarations under the Code of Conduct in respect of items on the agenda"),
        ("3", "Order of the Court of Common Council"),
        ("4", "Election of Chairman"),
        ("5", "Election of Deputy Chairman"),
    ]
    assert [i.truncated for i in london.items] == [True] * 5
    order = london.items[2]
    # "...  view the full agenda text for item 3." is removed from the description.
    assert (
        order.description == "To receive the Order of the Court of Common Council on 19 April 2018."
    )
    assert order.documents == [Document("Order of the Court of Common Council", "pdf", 55.0)]
    assert order.minutes == (
        "The Committee received an Order of the Court of Common Council of 19 April 2018"
        " appointing the Committee and approving its Terms of Reference."
    )
    assert [a.name for a in london.apologies] == [
        "Simon Duckworth",
        "Marianne Fredericks",
        "Alderman Alastair King",
        "Ian Seaton",
    ]
    assert london.declarations == (
        "The Deputy Chairman and Jamie Ingham Clark declared an interest by virtue of being"
        " members of the Clothworkers Company."
    )


def test_manchester_duplicated_heading() -> None:
    council = only_meeting("manchester_ieListDocuments_council_2019-10.txt")
    assert council.committee == "Council"
    assert council.date == dt.date(2019, 10, 2)
    assert council.time == "10:10"
    assert council.venue == "The Council Chamber, Level 2, Town Hall Extension"
    assert council.contact == "Donald Connolly"
    assert [i.number for i in council.items] == ["62", "63", "64"]
    egerton = council.items[0]
    assert egerton.title == (
        "Lord Mayor's Special Business - Death of Honorary Alderman and Former Councillor Bill"
        " Egerton"
    )
    assert [(d.format, d.size_kb) for d in egerton.documents] == [("pdf", 684.0)]
    assert paras(egerton.description)[0] == "Including presentations on:"
    assert paras(egerton.description)[2] == "and"
    assert len(paras(egerton.description)) == 4
    assert paras(council.items[2].minutes)[-1].endswith("worked for City Council for 25 ye")


def test_haringey_decision_and_minutes_blocks() -> None:
    council = only_meeting("haringey_ieListDocuments_council_2006-01.txt")
    assert council.committee == "Full Council"
    assert council.date == dt.date(2006, 1, 9)
    assert council.time == "19:00"
    assert council.venue == "Civic Centre, High Road, Wood Green, N22 8LE"
    assert council.contact == "Ken Pryor 2915"
    assert [i.number for i in council.items] == ["70", "71", "72"]
    late = council.items[1]
    assert late.title == (
        "To ask the Mayor to consider the admission of any late items of business in accordance"
        " with Section 100B of the Local Government Act 1972."
    )
    assert (late.decision, late.minutes) == ("See items 7, 9 &11.", "See minutes 78, 82 & 83.")
    assert [(d.format, d.size_kb) for d in late.documents] == [("pdf", 10.0)]
    declarations = council.items[2]
    assert declarations.title == "Declarations of Interest:"
    assert len(paras(declarations.description)) == 2
    assert paras(declarations.decision)[0].startswith("Members were asked by the Mayor to declare")
    assert council.declarations == declarations.minutes
    assert [a.name for a in council.apologies] == [
        "Councillor Robertson",
        "Councillor Gilbert",
        "Councillor Makanji",
        "Councillor Oatway",
        "Councillor Reynolds",
    ]


def test_lichfield_exempt_item_and_resolution_in_agenda_text() -> None:
    lichfield = only_meeting("lichfield_ieListDocuments_2020_exempt.txt")
    assert (lichfield.committee, lichfield.date) == (None, None)
    assert lichfield.venue == "Committee Room"
    assert lichfield.contact == "Will Stevenson"
    assert numbers_and_titles(lichfield) == [
        ("1", "Appointment of Chair"),
        ("2", "Apologies for Absence"),
        ("3", "Declarations of Interests"),
        ("4", "Minutes from the Previous Meeting"),
        ("5", "Exclusion of Press and Public"),
        ("6", "The Future Provision of the Dry Recycling Service"),
    ]
    assert lichfield.apologies == []  # "There were no apologies for absence"
    assert lichfield.declarations == "There were no declarations of interest"
    exclusion = lichfield.items[4]
    assert paras(exclusion.description)[-1] == "IN PRIVATE"
    assert paras(exclusion.minutes)[-1] == "IN PRIVATE"
    (resolution,) = exclusion.resolutions
    assert resolution.kind == "decision"
    # The gold drops the opening quotation mark: it is not the clause's wording.
    assert resolution.text.startswith("That as publicity would be prejudicial to the public")
    assert lichfield.items[5].minutes == (
        "Minutes for this item are recorded separately as it includes exempt information."
    )


def test_torbay_no_item_numbers_no_minutes_label() -> None:
    torbay = only_meeting("torbay_ieListDocuments_2017-07_inquorate.txt")
    assert torbay.venue == "Meadfoot Room - Town Hall"
    assert torbay.contact == "Amanda Coote (01803) 207026"
    assert numbers_and_titles(torbay) == [(None, "To receive apologies for absence.")]
    (apologies,) = torbay.items
    assert apologies.description is None
    assert paras(apologies.minutes) == [
        "It was reported that, as apologies for absence had been received from the Mayor and"
        " Councillors Amil, King, Mills and Parrott, the meeting was inquorate. The Clerk would"
        " meet with the Mayor to ascertain how he wishes to take forward the decisions from this"
        " meeting. The Mayor has three options:",
        "1. Make the decisions in private and publish his record of decisions.",
        "2. Rearrange the meeting.",
        "3. Defer the items to the next meeting on 24 July 2017.",
    ]


def test_torbay_apologies_inside_a_sentence() -> None:
    torbay = only_meeting("torbay_ieListDocuments_2017-07_inquorate.txt")
    councillors = [a.name for a in torbay.apologies if "Mayor" not in a.name]
    assert councillors == [
        "Councillor Amil",
        "Councillor King",
        "Councillor Mills",
        "Councillor Parrott",
    ]


def test_flintshire_welsh_meeting_page() -> None:
    doc = read("flintshire_ieListDocuments_3878_welsh.txt")
    assert doc.page_kind == "meeting"
    (flint,) = doc.meetings
    assert flint.venue == "Siambr y Cyngor, Neuadd y Sir, Yr Wyddgrug CH7 6NA"
    assert (
        flint.contact == "Nicola Gittins on 01352 702345 E-bost: nicola.gittins@flintshire.gov.uk"
    )
    assert numbers_and_titles(flint) == [
        ("1", "Datgan Cysylltiad"),
        ("2", "Adolygiad y Cadeirydd o'r Flwyddyn 2016/17"),
    ]
    # "Pwrpas:" (purpose) is the description; "Cofnodion:" the minutes.
    assert [i.description for i in flint.items] == [
        "Derbyn unrhyw ddatganiad o gysylltiad a chynghori’r Aelodau yn unol a hynny.",
        "Derbyn manylion ynghylch adolygiad y Cadeirydd o’r flwyddyn.",
    ]
    assert flint.declarations == (
        "Dywedodd y Prif Swyddog (Llywodraethu) fod gan bob Aelod gysylltiad personol yn eitem"
        " rhif 11 ar y rhaglen – Atodlen Cydnabyddiaeth Ariannol 2017-18."
    )
    review = paras(flint.items[1].minutes)
    assert len(review) == 5
    assert review[-1] == (
        "Dymunodd y Cynghorydd Palmer, ar ran Cyngor Tref Treffynnon, ymddeoliad bendigedig i Mr"
        " a Mrs Curtis."
    )


# ---------------------------------------------------------------------------
# Meeting pages, hard-wrapped and pipe-table layouts.


def test_oadby_wigston_hard_wrapped_agenda() -> None:
    oadby = only_meeting("oadby-wigston_ieListDocuments_2966_agenda-only_hardwrapped.txt")
    # The excerpt starts inside item 1 and skips item 4's number and title.
    assert numbers_and_titles(oadby) == [
        (None, None),
        ("2", "Appointment of Substitutes"),
        ("3", "Declarations of Interest"),
        ("5", "Action List Arising from the Previous Meeting"),
        ("6", "Petitions and Deputations"),
    ]
    assert oadby.items[0].description == (
        "To receive apologies for absence from Members to determine the quorum of the meeting in"
        " accordance with Rule 7 of Part 4 of the Constitution."
    )
    assert oadby.items[1].description == (
        "To appoint substitute Members in accordance with Rule 26 of Part 4 of the Constitution"
        " and the Substitution Procedure Rules."
    )
    assert oadby.items[3].description == (
        "To read, confirm and note the Action List arising from the previous meeting."
    )
    assert all(i.minutes is None for i in oadby.items)


def test_oxfordshire_old_pipe_table() -> None:
    oxford = only_meeting("oxfordshire_ieListDocuments_cabinet_2013_tablelayout.txt")
    assert oxford.venue == "County Hall, Oxford, OX1 1ND"
    assert oxford.contact == (
        "Sue Whitehead Tel: (01865) 810262; E-Mail: sue.whitehead@oxfordshire.gov.uk"
    )
    assert numbers_and_titles(oxford) == [
        (None, "Apologies for Absence"),
        (None, None),
        (None, "Questions from County Councillors"),
    ]
    assert [a.name for a in oxford.apologies] == ["Councillor Chapman", "Councillor Fatemian"]
    assert paras(oxford.items[1].minutes) == [
        "The Minutes of the meeting held on 18 June 2013 were agreed and signed subject to the"
        " insertion of the word Shadow before the words Cabinet Member for Adult Social Care in"
        " the 3rd paragraph of Minute 62/13.",
        "The Minutes of the meeting held on 16 July 2013 were agreed and signed subject to the"
        " addition of Councillor Hards to the list of those present.",
    ]
    questions = oxford.items[2]
    # "PDF 65 KB" without "pdf icon" ends the flattened title.
    assert questions.documents == [Document("Questions from County Councillors", "pdf", 65.0)]
    description = paras(questions.description)
    assert len(description) == 3
    assert description[0].startswith("Any county councillor may, by giving notice")
    assert description[-1].endswith(
        "together with any written response which is available at that time."
    )
    assert questions.minutes == "Councillor Roz Smith had given written notice of the follo"


# ---------------------------------------------------------------------------
# Issue pages.


def test_bristol_issue_page() -> None:
    doc = read("bristol_ieIssueDetails_28299.txt")
    assert doc.page_kind == "issue"
    (council,) = doc.meetings
    assert (council.committee, council.date) == ("Full Council", dt.date(2020, 5, 21))
    (rules,) = council.items
    assert (rules.number, rules.title) == (
        "17",
        "Constitution Update: Virtual Meetings Procedure Rules",
    )
    assert [(d.format, d.size_kb) for d in rules.documents] == [("pdf", 174.0)]
    assert len(paras(rules.minutes)) == 5
    assert rules.resolutions == [
        Resolution(
            None,
            "that Full Council adopt the revised Virtual Meetings Procedure Rules.",
            "decision",
        )
    ]


def test_slough_issue_page_with_two_meetings() -> None:
    doc = read("slough_ieIssueDetails_41815.txt")
    assert doc.page_kind == "issue"
    assert [(m.committee, m.date, m.items[0].number) for m in doc.meetings] == [
        ("Slough Health & Wellbeing Board", dt.date(2021, 10, 21), "63"),
        ("Slough Health & Wellbeing Board", dt.date(2021, 9, 29), "2"),
    ]
    october, september = (m.items[0] for m in doc.meetings)
    assert october.title == "Minutes of the last meeting held on 14 July 2021"
    assert september.title == "Minutes of the last meeting held on 14 July 2021"
    assert october.documents == [
        Document("Minutes of the last meeting held on 14 July 2021", "pdf", 92.0)
    ]
    minutes = paras(october.minutes)
    assert [p[:20] for p in minutes if p.startswith("·")] == [
        "· With regard to pub",
        "· Slough had made a ",
        "· The Chair asked Bo",
        "· The terms of refer",
        "· There would be no ",
    ]
    # A blank line inside the sentence ("... be" / "agreed as ...") is rejoined.
    assert minutes[-1] == (
        "Resolved – That the minutes of the meeting held on 14 September 2021 be agreed as a"
        " correct record."
    )
    assert october.resolutions == [
        Resolution(
            None,
            "That the minutes of the meeting held on 14 September 2021 be agreed as a correct"
            " record.",
            "decision",
        )
    ]
    assert september.minutes is None


# ---------------------------------------------------------------------------
# Item pages.


def test_cardiff_item_page_agreed() -> None:
    doc = read("cardiff_mgAi_18946_agreed.txt")
    assert doc.page_kind == "item"
    (meeting,) = doc.meetings
    assert (meeting.committee, meeting.date) == (None, None)
    (way,) = meeting.items
    assert (way.number, way.title) == (None, "Way Forward")
    assert way.description.startswith("To review the evidence and information gathered")
    assert way.description.endswith("for inclusion on the Committee’s Forward Work Programme.")
    assert len(paras(way.minutes)) == 2
    agreed = (
        "That the Chairperson writes to the Cabinet Member on behalf of the Committee expressing"
        " their comments and observations discussed during the way forward."
    )
    assert way.resolutions == [Resolution(None, agreed, "action")]
    assert [(a.text, a.owner) for a in way.actions] == [(agreed, "the Chairperson")]


def test_plymouth_item_page_lettered_list() -> None:
    (meeting,) = read("plymouth_mgAi_74276.txt").meetings
    (impact,) = meeting.items
    assert impact.title == "Change of Political Administration - Impact"
    assert impact.description == (
        "The Board to understand the impact of the change of political administration."
    )
    assert paras(impact.minutes) == [
        "Ross Jago, Lead Officer to the Health and Wellbeing Board, gave the Board an update as"
        " the impact of the change in political administration;",
        "a) programme of work had begun to look at a move to a committee system of governance;",
        "b) members may be approached for their input as part of the consultation process.",
    ]


def test_durham_item_page_unlabelled_resolutions() -> None:
    (meeting,) = read("durham_mgAi_29325_unlabelled-resolutions.txt").meetings
    (report,) = meeting.items
    assert report.title == "Health and Wellbeing Board Annual Report 2016/17"
    assert report.description is None  # the title is followed by the minutes directly
    assert len(paras(report.minutes)) == 6
    assert report.resolutions == [
        Resolution("i", "That the work undertaken in 2016/17 be noted.", "noted"),
        Resolution("ii", "That the Annual Report 2016/17 be received for information.", "noted"),
    ]


def test_southwark_item_page_without_title_or_label() -> None:
    (meeting,) = read("southwark_mgAi_19436.txt").meetings
    (apologies,) = meeting.items
    assert (apologies.number, apologies.title, apologies.description) == (None, None, None)
    assert apologies.minutes.startswith(
        "There were apologies for absence from Councillors Lorraine Lauder MBE"
    )
    assert apologies.minutes.endswith("to attend to an urgent matter in his ward.")


def test_neath_port_talbot_lettered_resolutions_across_blank_lines() -> None:
    (meeting,) = read("neath-port-talbot_mgAi_5125.txt").meetings
    (update,) = meeting.items
    assert update.title == "Modern Gov and Members IT Progress Update"
    assert [(r.number, r.kind) for r in update.resolutions] == [
        ("a", "noted"),
        ("b", "decision"),  # switching notifications on is decided here, not asked of anyone
        ("c", "action"),
        ("d", "decision"),
    ]
    assert update.resolutions[0].text == (
        "That the progress made in the installation and development of the Modern.Gov decision"
        " management software, be noted;"
    )
    assert update.resolutions[1].text == "That email notifications, be switched on;"


def test_neath_port_talbot_welsh_fragment() -> None:
    doc = read("neath-port-talbot_mgAi_55967_welsh_penderfynwyd.txt")
    assert doc.page_kind == "item"
    (item,) = doc.meetings[0].items
    assert item.title == (
        "Mynediad i gyfarfodydd i benderfynu a ddylid gwahardd y cyhoedd o'r eitem ganlynol yn"
        " unol ag Is-adran 100a(4) a (5) Deddf Llywodraeth Leol 1972 a'r paragraffau eithriedig"
        " perthnasol o Ran 4 Atodlen 12a y Ddeddf uchod."
    )
    text = (
        "Yn unol ag Adran 100A(4) a (5) Deddf Llywodraeth Leol 1972, wahardd y cyhoedd o'r eitem"
        " fusnes canlynol a oedd yn cynnwys datganiadau posib o wybodaeth eithriedig, fel a"
        " ddiffinnir ym Mharagraff 12 ac 13 Adran 4 Atodlen 12A y Ddeddf uchod."
    )
    assert item.minutes == f"PENDERFYNWYD: {text}"
    assert item.resolutions == [Resolution(None, text, "decision")]


# ---------------------------------------------------------------------------
# Decision and issue-history pages.


def test_north_herts_decision_details() -> None:
    doc = read("north-herts_ieDecisionDetails_6606.txt")
    assert doc.page_kind == "decision"
    (cabinet,) = doc.meetings
    assert (cabinet.committee, cabinet.date) == ("Cabinet", dt.date(2024, 9, 10))
    (decision,) = cabinet.items
    assert decision.minutes is None
    assert paras(decision.decision) == [
        "RESOLVED: That Cabinet:",
        "(1) Noted the report on strategic planning matters.",
        "(2) Endorsed the documents at Appendices A, C and D.",
        "(3) Noted and endorsed the revised Terms of Reference for the Strategic Planning Project"
        " Board at Appendix B.",
        "REASON FOR DECISIONS: To keep Cabinet informed of recent developments on strategic"
        " planning matters.",
    ]
    assert [(r.number, r.text, r.kind) for r in decision.resolutions] == [
        ("1", "Noted the report on strategic planning matters.", "noted"),
        ("2", "Endorsed the documents at Appendices A, C and D.", "decision"),
        (
            "3",
            "Noted and endorsed the revised Terms of Reference for the Strategic Planning"
            " Project Board at Appendix B.",
            "decision",
        ),
    ]


def test_north_herts_issue_decisions_without_meeting() -> None:
    doc = read("north-herts_mgDecisionDetails_6997.txt")
    assert doc.page_kind == "decision"
    (meeting,) = doc.meetings
    assert (meeting.committee, meeting.date) == (None, None)
    (record,) = meeting.items
    assert [p[:3] for p in paras(record.decision)] == ["(1)", "(2)", "(3)", "(4)"]
    assert paras(record.decision)[0] == (
        "(1) The Chairman welcomed those present; particularly speakers at Public Participation."
    )


def test_durham_issue_history() -> None:
    doc = read("durham_mgIssueHistoryHome_44405.txt")
    assert doc.page_kind == "issue-history"
    (meeting,) = doc.meetings
    assert (meeting.committee, meeting.date) == (None, None)
    assert numbers_and_titles(meeting) == [(None, "Declarations of interest, if any.")]
    assert doc.warnings == ["issue history lists no meetings"]


# ---------------------------------------------------------------------------
# Legacy and CMIS pages.


def test_wirral_legacy_meeting_documents() -> None:
    doc = read("wirral_CeListDocuments_cabinet_2007-08.txt")
    assert doc.page_kind == "legacy-meeting"
    (cabinet,) = doc.meetings
    assert (cabinet.committee, cabinet.date, cabinet.time) == (
        "Cabinet",
        dt.date(2007, 8, 16),
        None,
    )
    assert cabinet.venue == "Committee Room 1 - Wallasey Town Hall"
    assert [i.number for i in cabinet.items] == [str(n) for n in range(1, 24)]
    assert [i.title for i in cabinet.items[:3]] == [
        "MINUTES",
        "DECLARATIONS OF INTEREST",
        "FINANCE AND BEST VALUE - CORPORATE GOVERNANCE MONITORING GROUP",
    ]
    assert cabinet.items[20].title == (
        "REGENERATION AND PLANNING STRATEGY - MERGER OF GROUNDWORK WIRRAL AND GROUNDWORK MERSEY"
        " VALLEY - Exempt"
    )
    assert all(i.minutes is None for i in cabinet.items)
    assert doc.warnings == ["legacy meeting index: agenda titles only, no minutes"]


def test_great_yarmouth_cmis_meeting() -> None:
    doc = read("great-yarmouth_CMIS_meeting_1678.txt")
    assert doc.page_kind == "cmis-meeting"
    (meeting,) = doc.meetings
    present = [a for a in meeting.attendance if a.status == "present"]
    assert present[0] == Attendee("Councillor G Carpenter", "present", role="in the Chair")
    assert [a.name for a in present[1:]] == [
        f"Councillor {n}"
        for n in (
            "Hanton",
            "Bensley",
            "Bird",
            "Hacon",
            "Lawn",
            "Robinson-Payne",
            "Stenhouse",
            "Thompson",
            "Walker",
        )
    ]
    assert [(a.name, a.role) for a in meeting.attendance if a.status == "substitute"] == [
        ("Councillor Wainwright", "Substitute for Councillor Borg"),
        ("Councillor Jeal", "Substitute for Councillor Cordiner-Achenbach"),
        ("Councillor Mogford", "Substitute for Councillor Galer"),
    ]
    assert [a.name for a in meeting.attendance if a.status == "in_attendance"] == [
        "Ms D G. Wilby",
        "Mr L Parker",
        "Miss R Downie",
        "Mr M Brett",
        "Ms T Koomson",
    ]
    assert [a.name for a in meeting.apologies] == [
        "Cllr Borg",
        "Cllr Cordiner-Achenbach",
        "Cllr Galer",
    ]
    assert meeting.declarations.startswith("Cllr Thomson declared that he knew of a person")
    (minutes,) = meeting.items
    assert (minutes.number, minutes.title) == (None, None)
    assert len(paras(minutes.minutes)) == 8
    assert paras(minutes.minutes)[-1] == "This was agreed."
    (exclusion,) = minutes.resolutions
    assert exclusion.kind == "decision"
    assert exclusion.text.startswith("That under Section 100(A)(4) of the Local Government Act")


# ---------------------------------------------------------------------------
# Variants of real pages: the seed meeting page with other councils' numbering,
# modern.gov's link lines, and a decision page with its section labels.

SEED_NUMBERS = [str(n) for n in range(16, 26)]


@pytest.mark.parametrize(
    ("style", "printed"),
    [
        ("{n}.", "{n}"),  # Nottingham
        ("{n}", "{n}"),  # no dot
        ("{n}/17.", "{n}/17"),  # minute numbers "77/21"
        ("CB{n}/17.", "CB{n}/17"),  # committee-prefixed "CB20/15."
        ("P/{n}", "P/{n}"),  # "P/142"
        ("5.{k}", "5.{k}"),  # sub-numbered "5.1"
    ],
)
def test_numbering_styles(style: str, printed: str) -> None:
    text = SEED_000.read_text(encoding="utf-8")
    for k, n in enumerate(SEED_NUMBERS, start=1):
        text = text.replace(f"\n{n}.\n", "\n" + style.format(n=n, k=k) + "\n", 1)
    (meeting,) = parse(Source(name="seed", data=text.encode("utf-8"))).meetings
    assert [i.number for i in meeting.items] == [
        printed.format(n=n, k=k) for k, n in enumerate(SEED_NUMBERS, start=1)
    ]
    assert meeting.items[4].title == (
        "Update on Priority 2 - Safeguarding and Supporting Children and Families"
    )
    assert meeting.items[7].resolutions[1].text.startswith("ask each agency")


def test_sub_items_under_a_parent_without_minutes() -> None:
    # Seed 000's items 20 and 21 printed as 20a and 20b under a bare item 20.
    text = SEED_000.read_text(encoding="utf-8")
    text = text.replace("\n20.\n", "\n20.\n\nPartner Updates\n\n20a\n", 1)
    text = text.replace("\n21.\n", "\n20b\n", 1)
    (meeting,) = parse(Source(name="seed", data=text.encode("utf-8"))).meetings
    assert numbers_and_titles(meeting)[4:7] == [
        ("20", "Partner Updates"),
        ("20a", "Update on Priority 2 - Safeguarding and Supporting Children and Families"),
        ("20b", "Partner Update: Nottinghamshire Police"),
    ]
    parent = meeting.items[4]
    assert (parent.minutes, parent.description, parent.documents) == (None, None, [])
    assert meeting.items[6].resolutions[0].truncated is True


def test_link_lines_are_not_text() -> None:
    # modern.gov prints "View the background to item N." under an item's agenda text.
    text = SEED_000.read_text(encoding="utf-8").replace(
        "To be noted\n", "To be noted\n\nView the background to item 25.\n", 1
    )
    (meeting,) = parse(Source(name="seed", data=text.encode("utf-8"))).meetings
    assert meeting.items[-1].description == "To be noted"


def test_decision_page_with_section_labels() -> None:
    # North Herts' decision record laid out with modern.gov's usual labels.
    page = "\n\n".join(
        [
            "Decision details",
            "Strategic Planning Matters",
            "Decision Maker: Cabinet",
            "Decision status: Recommendations Approved (subject to call-in)",
            "Purpose:",
            "To inform Cabinet of recent developments on strategic planning matters.",
            "Decision:",
            "RESOLVED: That Cabinet:",
            "(1)   Noted the report on strategic planning matters.",
            "(2)   Endorsed the documents at Appendices A, C and D.",
            "Reasons for the decision:",
            "To keep Cabinet informed of recent developments on strategic planning matters.",
            "Alternative options considered:",
            "None.",
            "Date of decision: 10/09/2024",
            "Decided at meeting: 10/09/2024 - Cabinet",
            "Accompanying Documents:",
            "  • Strategic Planning Matters pdf icon PDF 210 KB",
        ]
    )
    doc = parse(Source(name="decision.txt", data=page.encode("utf-8")))
    assert doc.page_kind == "decision"
    (cabinet,) = doc.meetings
    assert (cabinet.committee, cabinet.date) == ("Cabinet", dt.date(2024, 9, 10))
    (decision,) = cabinet.items
    assert decision.title == "Strategic Planning Matters"
    # The reasons and the options considered are not the decision; they are kept, with
    # their labels, after the purpose.
    assert paras(decision.description) == [
        "To inform Cabinet of recent developments on strategic planning matters.",
        "Reasons for the decision: To keep Cabinet informed of recent developments on strategic"
        " planning matters.",
        "Alternative options considered: None.",
    ]
    assert paras(decision.decision) == [
        "RESOLVED: That Cabinet:",
        "(1) Noted the report on strategic planning matters.",
        "(2) Endorsed the documents at Appendices A, C and D.",
    ]
    assert [(r.number, r.kind) for r in decision.resolutions] == [("1", "noted"), ("2", "decision")]
    assert decision.documents == [Document("Strategic Planning Matters", "pdf", 210.0)]


# ---------------------------------------------------------------------------
# Any arrangement of real lines: a model or a clean ParseError, never a crash.

REAL_LINES = sorted(
    {
        line
        for path in [*CORPUS.glob("*.txt"), *(FIXTURES / "seeds").glob("*.txt")]
        if not path.name.startswith(("brighton", "merton"))
        for line in path.read_text(encoding="utf-8").splitlines()
    }
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(REAL_LINES), min_size=1, max_size=40))
def test_shuffled_real_lines_never_crash(lines: list[str]) -> None:
    source = Source(name="shuffled.txt", data="\n".join(lines).encode("utf-8"))
    try:
        doc = moderngov_text.parse(source)
    except ParseError as exc:
        assert str(exc)
    else:
        assert doc.page_kind in moderngov_text.READERS
        assert doc.meetings


@pytest.mark.parametrize(
    "title",
    [
        "To receive apologies for absence.",
        "Apologies",
        "Apologies for absence",
        "Apologies and Substitutes",
        "To note apologies for absence",
        "Welcome and apologies",
        "Ymddiheuriadau am Absenoldeb",
    ],
)
def test_apologies_item_found_by_any_usual_title(title: str) -> None:
    # Haringey's item 70 with the title other councils give the same item.
    text = (CORPUS / "haringey_ieListDocuments_council_2006-01.txt").read_text("utf-8")
    text = text.replace("To receive apologies for absence.", title, 1)
    meeting = parse(Source(name="haringey.txt", data=text.encode())).meetings[0]
    assert meeting.items[0].title == title
    assert [a.name for a in meeting.apologies] == [
        "Councillor Robertson",
        "Councillor Gilbert",
        "Councillor Makanji",
        "Councillor Oatway",
        "Councillor Reynolds",
    ]


def test_flintshire_welsh_heading_gives_date_and_time() -> None:
    # The excerpt has no heading; LLL=1 pages print committee and date in Welsh when
    # they do: "Dydd Mercher, 5ed Ebrill, 2017 2.00 yh" (yh = pm). Both layouts.
    text = (CORPUS / "flintshire_ieListDocuments_3878_welsh.txt").read_text("utf-8")
    for heading in (
        "Cyngor Sir y Fflint\nDydd Mercher, 5ed Ebrill, 2017 2.00 yh",
        "Cyngor Sir y Fflint - Dydd Mercher, 5ed Ebrill, 2017 2.00 yh",
    ):
        page = text.replace("Rhaglen a chofnodion\n", f"Rhaglen a chofnodion\n\n{heading}\n", 1)
        flint = parse(Source(name="flintshire.txt", data=page.encode())).meetings[0]
        assert (flint.committee, flint.date, flint.time) == (
            "Cyngor Sir y Fflint",
            dt.date(2017, 4, 5),
            "14:00",
        )
        assert [i.number for i in flint.items] == ["1", "2"]
    # Without a heading the page has no date, and none is invented.
    assert only_meeting("flintshire_ieListDocuments_3878_welsh.txt").date is None


# ---------------------------------------------------------------------------
# Robustness: the real pages above with the variations other councils print.


@pytest.mark.parametrize(
    "old_date",
    ["9th October 2018", "Tuesday, 9th October, 2018", "Tuesday 9 October 2018", "09/10/2018"],
)
def test_coventry_rescheduling_note_in_any_date_form(old_date: str) -> None:
    text = (CORPUS / "coventry_ieListDocuments_cabinet_2018-10.txt").read_text("utf-8")
    page = text.replace("Moved from 9th October 2018,", f"Moved from {old_date},", 1)
    (cabinet,) = parse(Source(name="coventry.txt", data=page.encode())).meetings
    assert (cabinet.committee, cabinet.date, cabinet.time) == (
        "Cabinet",
        dt.date(2018, 10, 2),
        "14:00",
    )


@pytest.mark.parametrize(
    "heading", ["Agenda and minutes", "Agenda and draft minutes", "Agenda, decisions and minutes"]
)
@pytest.mark.parametrize(
    ("date_line", "date", "time"),
    [
        ("Wednesday, 28th November, 2018 10.00 am", dt.date(2018, 11, 28), "10:00"),
        ("Wednesday 28 November 2018 10.00 a.m.", dt.date(2018, 11, 28), "10:00"),
        ("28th November 2018 10am", dt.date(2018, 11, 28), "10:00"),
        ("Wednesday, 28 November, 2018 2.30 pm", dt.date(2018, 11, 28), "14:30"),
    ],
)
def test_kent_page_headings_dates_and_times(
    heading: str, date_line: str, date: dt.date, time: str
) -> None:
    text = (CORPUS / "kent_ieListDocuments_env-transport_2018-11.txt").read_text("utf-8")
    first, rest = text.split("\n", 1)
    assert first == "Agenda and minutes"
    assert "Wednesday, 28th November, 2018 10.00 am" in rest
    page = f"{heading}\n" + rest.replace("Wednesday, 28th November, 2018 10.00 am", date_line, 1)
    (kent,) = parse(Source(name="kent.txt", data=page.encode())).meetings
    assert (kent.committee, kent.date, kent.time) == (
        "Environment & Transport Cabinet Committee",
        date,
        time,
    )
    assert [i.title for i in kent.items][-1] == "Dates of future meetings for 2019/2020"
    assert [len(i.resolutions) for i in kent.items] == [0, 0, 0, 1]


@pytest.mark.parametrize(
    ("printed", "numbers"),
    [
        ("{n}", ["124", "125", "126", "127"]),
        ("{n}a", ["124a", "125a", "126a", "127a"]),
        ("5.{k}", ["5.1", "5.2", "5.3", "5.4"]),
        ("{n}/18", ["124/18", "125/18", "126/18", "127/18"]),
        ("CB{n}/18.", ["CB124/18", "CB125/18", "CB126/18", "CB127/18"]),
        ("P/{n}", ["P/124", "P/125", "P/126", "P/127"]),
    ],
)
def test_kent_page_item_number_series(printed: str, numbers: list[str]) -> None:
    text = (CORPUS / "kent_ieListDocuments_env-transport_2018-11.txt").read_text("utf-8")
    page = text
    for n in (124, 125, 126, 127):
        page = page.replace(f"\n{n}.\n", "\n" + printed.format(n=n, k=n - 123) + "\n", 1)
    kent = parse(Source(name="kent.txt", data=page.encode())).meetings[0]
    assert [i.number for i in kent.items] == numbers
    assert kent.items[0].title == "Apologies and Substitutes"
    assert kent.apologies == [Attendee("Mr A Booth", "apologies")]


@pytest.mark.parametrize(
    ("printed", "text"),
    [
        ("It was RESOLVED that", "that"),
        ("RESOLVED that", "that"),
        ("RESOLVED: That", "That"),
        ("RESOLVED – That", "That"),
        ("Resolved -That", "That"),
        ("resolved: that", "that"),
        ("UNANIMOUSLY RESOLVED that", "that"),
        ("AGREED – That", "That"),
        ("Agreed that", "that"),
    ],
)
def test_kent_resolution_keyword_forms(printed: str, text: str) -> None:
    page = (CORPUS / "kent_ieListDocuments_env-transport_2018-11.txt").read_text("utf-8")
    page = page.replace("It was RESOLVED that the Committee", f"{printed} the Committee", 1)
    (noted,) = parse(Source(name="kent.txt", data=page.encode())).meetings[0].items[3].resolutions
    assert noted.kind == "noted"
    assert noted.text.startswith(f"{text} the Committee noted that the following dates had been")
    assert noted.text.endswith(
        "in 2019/20: Friday 24 May 2019; Tuesday 16 July 2019;"
        " Thursday 10 October 2019; Friday 29 November 2019; Friday 24"
        " January 2020; Tuesday 24 March 2020; Friday 15 Ma"
    )
