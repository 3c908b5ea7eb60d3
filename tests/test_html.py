"""modern.gov HTML pages, OpenlyLocal records and Word HTML, on real council content.

The page fixtures in tests/fixtures/html are full modern.gov pages in the
product's markup (mgMainTitleTxt, mgItemTable, mgAiTitleTxt, mgWordPara ...)
carrying the words of the seed and corpus pages, so every expected value here
can be checked against those documents by eye.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from parsers import moderngov_html, openlylocal
from parsers.html_text import paragraphs_from_html
from parsers.model import Document, Meeting, ParsedDocument, Resolution
from parsers.source import ParseError, Source

HTML = Path(__file__).parent / "fixtures" / "html"
CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def read(name: str, module=moderngov_html) -> ParsedDocument:  # type: ignore[no-untyped-def]
    folder = CORPUS if (CORPUS / name).exists() else HTML
    return module.parse(Source(name, (folder / name).read_bytes()))


def only_meeting(doc: ParsedDocument) -> Meeting:
    assert len(doc.meetings) == 1
    return doc.meetings[0]


# --- Word HTML -> paragraphs ------------------------------------------------------------


def test_word_list_paragraph_keeps_its_label_and_drops_the_nbsp_padding() -> None:
    html = (
        '<p class=MsoListParagraph style="mso-list:l0 level1 lfo1"><![if !supportLists]>'
        "<span>(a)<span style='font:7.0pt'>&nbsp;&nbsp;&nbsp; </span></span><![endif]>"
        "Since the last update Police staff have joined the MASH;<o:p></o:p></p>"
        "<p class=MsoNormal><o:p>&nbsp;</o:p></p>"
    )
    assert paragraphs_from_html(html) == [
        "(a) Since the last update Police staff have joined the MASH;"
    ]


def test_label_in_its_own_paragraph_joins_the_text_after_it() -> None:
    html = "<p class=MsoNormal>(b)</p><p class=MsoNormal>Over the last 2 years</p>"
    assert paragraphs_from_html(html) == ["(b) Over the last 2 years"]


def test_list_items_get_their_drawn_labels() -> None:
    html = '<ul><li>one</li><li><p>two</p></li></ul><ol type="a" start="3"><li>three</li></ol>'
    assert paragraphs_from_html(html) == ["• one", "• two", "c. three"]


def test_word_table_row_is_one_paragraph() -> None:
    html = (
        "<table><tr><td><p>&nbsp;&nbsp;53</p></td>"
        "<td><p>Disposal of Small Surplus Sites</p></td></tr></table>"
    )
    assert paragraphs_from_html(html) == ["53 Disposal of Small Surplus Sites"]


def test_deeply_nested_word_divs_do_not_overflow() -> None:
    html = "<div>" * 3000 + "RESOLVED to note the report." + "</div>" * 3000
    assert paragraphs_from_html(html) == ["RESOLVED to note the report."]


# --- lxml's tree read as bs4's was ----------------------------------------------------------
# The parsers read bs4's tree until issue 21's ingest budget; these pin what lxml's tree (text
# and tails, a cap on depth, no "soup" above the page) had to be made to give the same.


def test_a_form_feed_between_tags_is_a_space_outside_pre() -> None:
    html = (
        "<p><b>a</b>\x0c<b>b</b> c\x0cd</p><pre><b>e</b>\x0c<b>f</b></pre>"
        "<p><b>g</b>&#12;<b>h</b></p>"
    )
    assert paragraphs_from_html(html) == ["a b cd", "ef", "g h"]
    # A <!DOCTYPE> inside the page ends a string (libxml2's tree keeps no trace of it).
    assert paragraphs_from_html("<p>1.<!DOCTYPE html>&#12;<b>RESOLVED that</b></p>") == [
        "1. RESOLVED that"
    ]


def test_a_fragment_deeper_than_libxml2s_tree_keeps_its_control_characters_breaks() -> None:
    # Read from the parser's events, where lxml refuses U+0001 in a string: a paragraph of
    # nothing else still ends the one before it.
    html = "<div>" * 300 + "Agreed<p class=x>\x01</p>noted &#1;<b>a</b>\x0c<b>b</b>"
    assert paragraphs_from_html(html) == ["Agreed", "noted a b"]


def test_comments_and_word_fillers_leave_the_words_whole() -> None:
    html = "<p>RESOL<!-- Word -->VED that<o:p>&nbsp;</o:p> the report be noted</p>"
    assert paragraphs_from_html(html) == ["RESOLVED that the report be noted"]
    assert paragraphs_from_html(
        '<ol type="a" start="2"><li>one</li><!-- x --><li>two</li></ol>'
    ) == [
        "b. one",
        "c. two",
    ]


def test_documents_read_whole_whatever_they_start_with() -> None:
    # An <html/> closed at once leaves the page in a second <html> beside it.
    assert paragraphs_from_html("<html/><html><body><p>Agreed.</p></body></html>") == ["Agreed."]
    # An XHTML skin's declaration naming another encoding: the text is already decoded.
    assert paragraphs_from_html("<?xml version='1.0' encoding='utf-16'?><p>café ’</p>") == [
        "café ’"
    ]
    assert paragraphs_from_html("") == []
    assert paragraphs_from_html("<!-- nothing -->") == []


def test_a_page_deeper_than_libxml2s_tree_is_refused_with_its_true_depth() -> None:
    page = (HTML / NOTTINGHAM).read_text(encoding="utf-8")
    at = page.index(">", page.index('class="mgWordPara"')) + 1
    deep = page[:at] + "<div>" * 3000 + page[at:]
    with pytest.raises(ParseError) as refused:
        moderngov_html.parse(Source("deep.html", deep.encode()))
    assert str(refused.value) == (
        "HTML nested 3,013 levels deep (unclosed tags): over the limit of 256 for a page"
    )


# The words after the link are lxml's tail of the link; a form feed in them is a character
# lxml's API refuses in a string, so they cannot be moved as one.
@pytest.mark.parametrize("after", [" and appendices", "&#12; and appendices"])
def test_taking_a_size_label_out_of_a_title_keeps_the_words_after_it(after: str) -> None:
    html = (
        '<html><body><div class="mgContent"><table class="mgItemTable"><tr>'
        '<td class="mgItemNumberCell"><p class="mgAiTitleTxt"><a name="AI1"></a>1.</p></td>'
        '<td><p class="mgAiTitleTxt"><a href="mgAi.aspx?ID=5">Budget</a> <a href="x.pdf">report'
        f' <span class="mgFileSize">PDF 318 KB</span></a>{after}</p></td></tr></table>'
        "</div></body></html>"
    )
    item = only_meeting(moderngov_html.parse(Source("size.html", html.encode()))).items[0]
    assert (item.number, item.title) == ("1", "Budget and appendices")
    assert item.documents == [
        Document(title="Budget and appendices", format="pdf", size_kb=318.0, url="x.pdf")
    ]


# --- meeting pages ----------------------------------------------------------------------

NOTTINGHAM = "nottingham_ieListDocuments_childrens-partnership-board_2017-09.html"


def test_nottingham_meeting_header() -> None:
    doc = read(NOTTINGHAM)
    assert (doc.format, doc.page_kind, doc.warnings) == ("moderngov-html", "meeting", [])
    meeting = only_meeting(doc)
    assert meeting.committee == "Children's Partnership Board"
    assert meeting.date == dt.date(2017, 9, 27)
    assert meeting.time == "16:00"
    assert meeting.council == "Nottingham City Council"
    assert meeting.venue == "LB 31-32 - Loxley House, Station Street, Nottingham, NG2 3NG"
    assert meeting.contact == "Kate Morris Kate Email: Morris2@nottinghamcity.gov.uk"
    assert meeting.external_id == "7016"
    assert meeting.url == (
        "https://committee.nottinghamcity.gov.uk/ieListDocuments.aspx?CId=1079&MId=7016"
    )
    host = "https://committee.nottinghamcity.gov.uk"
    assert meeting.documents == [
        Document("Agenda frontsheet", "pdf", 49.0, f"{host}/mgConvert2PDF.aspx?ID=7016&T=0"),
        Document("Agenda reports pack", "pdf", 2048.0, f"{host}/mgConvert2PDF.aspx?ID=7016&T=10"),
        Document("Printed minutes", "pdf", 120.0, f"{host}/mgConvert2PDF.aspx?ID=7016&T=1"),
    ]


def test_nottingham_meeting_items() -> None:
    meeting = only_meeting(read(NOTTINGHAM))
    assert [(i.number, i.external_id) for i in meeting.items] == [
        (str(n), str(62164 + n)) for n in range(16, 26)
    ]
    assert [i.title for i in meeting.items] == [
        "Apologies",
        "Declarations of Interests",
        "Minutes",
        "Board Membership Update",
        "Update on Priority 2 - Safeguarding and Supporting Children and Families",
        "Partner Update: Nottinghamshire Police",
        "Independent Chair's Annual Safeguarding Report and Business Plan",
        "Refresh of the Children’s Partnership Core Development Standard",
        "Update of Children’s Partnership Board Terms of Reference to make Joint Chairs permanent.",
        "Forward Plan",
    ]
    minutes_item = meeting.items[2]
    assert minutes_item.description == "Minutes of the meeting held on 5 July 2017, to be agreed"
    assert minutes_item.documents == [
        Document(
            "Minutes",
            "pdf",
            318.0,
            "https://committee.nottinghamcity.gov.uk/documents/s68712/Minutes.pdf",
        )
    ]
    assert minutes_item.minutes == (
        "The minutes of the meeting held on 5 July 2017 were agreed by the Board as a true "
        "record and signed by the Chair."
    )
    assert minutes_item.url == "https://committee.nottinghamcity.gov.uk/mgAi.aspx?ID=62182"


def test_nottingham_truncated_item_and_its_documents() -> None:
    item = only_meeting(read(NOTTINGHAM)).items[4]
    assert item.number == "20"
    assert item.truncated is True
    assert item.minutes is not None
    paragraphs = item.minutes.split("\n\n")
    assert len(paragraphs) == 12
    assert paragraphs[1].startswith("(a) Since the last update Police staff have joined")
    assert paragraphs[-1] == "(k) Within the last year the completion rate for the"
    assert [(d.format, d.size_kb) for d in item.documents] == [("pdf", 233.0), ("pdf", 1024.0)]
    assert item.resolutions == []


def test_nottingham_resolutions_and_actions() -> None:
    items = only_meeting(read(NOTTINGHAM)).items
    assert items[3].resolutions == [
        Resolution(
            None,
            "to note the resignation from the Board of Jacquie Newton and Sally Pearce and the "
            "addition of Zoe Butler as further education representative.",
            "noted",
        )
    ]
    cut = items[5].resolutions
    assert [(r.text, r.kind, r.truncated) for r in cut] == [
        ("to note the content of", "noted", True)
    ]
    assert [(r.number, r.kind) for r in items[7].resolutions] == [
        ("1", "decision"),
        ("2", "action"),
        ("3", "noted"),
    ]
    assert items[7].resolutions[1].text == (
        "ask each agency to look at best fit within their own training plans to show "
        "consistency of developing practitioners in line with the CDS"
    )
    assert [a.text for a in items[7].actions] == [items[7].resolutions[1].text]
    assert items[9].resolutions == [Resolution(None, "to note the forward plan.", "noted")]


def test_nottingham_apologies_and_declarations() -> None:
    meeting = only_meeting(read(NOTTINGHAM))
    assert [a.name for a in meeting.apologies][:2] == ["Councillor Sam Webster", "Sean Kelly"]
    assert len(meeting.apologies) == 10
    assert meeting.declarations == "None."


def test_coventry_rescheduled_heading_and_site_name() -> None:
    meeting = only_meeting(read("coventry_ieListDocuments_cabinet_2018-10.html"))
    assert (meeting.committee, meeting.date, meeting.time) == (
        "Cabinet",
        dt.date(2018, 10, 2),
        "14:00",
    )
    assert meeting.council == "Coventry City Council"
    assert meeting.external_id == "11774"
    assert [i.number for i in meeting.items] == ["39", "40", "41", "42"]
    assert meeting.items[1].description == (
        "(a) To agree the minutes from the meeting of Cabinet on 28th August 2018\n\n"
        "(b) Matters arising"
    )


def test_coventry_word_table_in_minutes_and_document_formats() -> None:
    items = only_meeting(read("coventry_ieListDocuments_cabinet_2018-10.html")).items
    exclusion = items[2]
    assert exclusion.minutes is not None
    assert exclusion.minutes.split("\n\n")[1:] == [
        "Minute No. Report title",
        "53 Disposal of Small Surplus Sites",
        "54 Modernising Domestic Abuse Services and Sexual Violence and Abuse Services",
        "55 Coombe Abbey Park Ltd – Capital Financing and Country Park Investment",
    ]
    assert len(exclusion.resolutions) == 1
    assert exclusion.resolutions[0].text.startswith(
        "that the Cabinet agrees to exclude the press and public under Sections 100(A)(4)"
    )
    assert [(d.title, d.format, d.size_kb) for d in items[3].documents] == [
        ("Private Sector Housing Enforcement Policy 2018", "pdf", 104.0),
        ("Appendix 1 - Private Sector Housing Enforcement Policy 2018", "pdf", 588.0),
        ("Appendix 2 - Equality Impact Assessment", "docx", 41.0),
    ]


def test_haringey_decision_and_minutes_blocks() -> None:
    doc = read("haringey_ieListDocuments_council_2006-01.html")
    meeting = only_meeting(doc)
    assert (meeting.committee, meeting.date, meeting.time) == (
        "Full Council",
        dt.date(2006, 1, 9),
        "19:00",
    )
    assert meeting.council == "London Borough of Haringey"  # from the skin's logo
    assert meeting.external_id == "882"
    late = meeting.items[1]
    assert (late.number, late.decision, late.minutes) == (
        "71",
        "See items 7, 9 &11.",
        "See minutes 78, 82 & 83.",
    )
    assert late.documents[0].size_kb == 10.0
    # Robertson's apology was for lateness and possible non-attendance: still an apology.
    assert [a.name for a in meeting.apologies] == [
        "Councillor Robertson",
        "Councillor Gilbert",
        "Councillor Makanji",
        "Councillor Oatway",
        "Councillor Reynolds",
    ]


def test_kent_empty_minutes_block_and_it_was_resolved() -> None:
    meeting = only_meeting(read("kent_ieListDocuments_env-transport_2018-11.html"))
    assert meeting.committee == "Environment & Transport Cabinet Committee"
    assert (meeting.date, meeting.time) == (dt.date(2018, 11, 28), "10:00")
    assert meeting.council == "Kent County Council"
    assert [i.number for i in meeting.items] == ["124", "125", "126", "127"]
    assert meeting.items[2].minutes is None
    assert meeting.items[2].description == (
        "To consider and approve the minutes as a correct record."
    )
    assert meeting.declarations is not None
    assert meeting.declarations.startswith("1. Mr M Balfour declared a Disclosable Pecuniary")
    assert [a.name for a in meeting.apologies] == ["Mr A Booth"]
    dates = meeting.items[3]
    assert dates.resolutions[0].text.startswith(
        "that the Committee noted that the following dates had been reserved"
    )
    assert dates.resolutions[0].kind == "noted"


# --- item pages -------------------------------------------------------------------------


def test_item_page_without_meeting_label() -> None:
    doc = read("nottingham_mgAi_71539_safeguarding-annual-report.html")
    assert doc.page_kind == "item"
    meeting = only_meeting(doc)
    assert (meeting.committee, meeting.date) == (None, None)
    (item,) = meeting.items
    assert item.title == "Nottingham City Safeguarding Children Board Annual Report 2017/18"
    assert item.number is None
    assert item.external_id == "71539"
    assert item.description == "Report of the Head of Legal and Governance"
    assert item.minutes is not None and item.minutes.startswith("Chris Cook, Independent Chair")
    assert item.resolutions == [
        Resolution(
            None, "to note the Nottingham City Safeguarding Children Board Annual Report.", "noted"
        )
    ]
    assert [(d.title, d.size_kb) for d in item.documents] == [
        ("NCSCB Annual Report 2017/18 - cover report", 115.0),
        ("NCSCB Annual Report 2017-18", 2048.0),
    ]


def test_item_page_with_meeting_label_matches_the_meeting_page() -> None:
    doc = read("nottingham_mgAi_62187_core-development-standard.html")
    meeting = only_meeting(doc)
    assert (meeting.committee, meeting.date, meeting.external_id) == (
        "Children's Partnership Board",
        dt.date(2017, 9, 27),
        "7016",
    )
    (item,) = meeting.items
    page_item = only_meeting(read(NOTTINGHAM)).items[7]
    assert (item.number, item.title, item.external_id) == (
        "23",
        page_item.title,
        page_item.external_id,
    )
    assert item.resolutions == page_item.resolutions
    assert [d.format for d in item.documents] == ["pdf", "pptx"]


def test_item_page_unlabelled_minutes_and_resolutions() -> None:
    (item,) = only_meeting(read("durham_mgAi_29325_unlabelled-resolutions.html")).items
    assert item.title == "Health and Wellbeing Board Annual Report 2016/17"
    assert item.description is None
    assert item.minutes is not None
    assert item.minutes.startswith("The Committee considered the report of the Director")
    assert item.resolutions == [
        Resolution("i", "That the work undertaken in 2016/17 be noted.", "noted"),
        Resolution("ii", "That the Annual Report 2016/17 be received for information.", "noted"),
    ]


# --- issue and decision pages -----------------------------------------------------------


def test_issue_page_one_meeting_block() -> None:
    doc = read("nottingham_ieIssueDetails_33214_priority-2.html")
    assert doc.page_kind == "issue"
    meeting = only_meeting(doc)
    assert (meeting.committee, meeting.date, meeting.external_id) == (
        "Children's Partnership Board",
        dt.date(2017, 9, 27),
        "7016",
    )
    (item,) = meeting.items
    assert (item.number, item.external_id, item.truncated) == ("20", "62184", True)
    assert item.title == "Update on Priority 2 - Safeguarding and Supporting Children and Families"
    page_item = only_meeting(read(NOTTINGHAM)).items[4]
    assert item.minutes == page_item.minutes


def test_issue_page_two_meeting_blocks() -> None:
    doc = read("slough_ieIssueDetails_41815.html")
    assert [(m.committee, m.date) for m in doc.meetings] == [
        ("Slough Health & Wellbeing Board", dt.date(2021, 10, 21)),
        ("Slough Health & Wellbeing Board", dt.date(2021, 9, 29)),
    ]
    first, second = doc.meetings
    assert [(i.number, i.title) for i in first.items] == [
        ("63", "Minutes of the last meeting held on 14 July 2021")
    ]
    assert [(i.number, i.minutes) for i in second.items] == [("2", None)]
    minutes = first.items[0].minutes
    assert minutes is not None
    assert minutes.split("\n\n")[1] == (
        "· With regard to public feedback regarding the Slough 2040 Vision, Cabinet had "
        "recently approved the Bus Service Improvement Plan bid for submission to the "
        "Department for Transport. The topic may be considered by the Board as part of the "
        "Strong, Healthy & Attractive Neighbourhoods initiative at a future meeting of the Board."
    )
    assert [(r.text, r.kind) for r in first.items[0].resolutions] == [
        (
            "That the minutes of the meeting held on 14 September 2021 be agreed as a correct "
            "record.",
            "decision",
        )
    ]


def test_decision_page() -> None:
    doc = read("north-herts_ieDecisionDetails_6606.html")
    assert doc.page_kind == "decision"
    meeting = only_meeting(doc)
    assert (meeting.committee, meeting.date) == ("Cabinet", dt.date(2024, 9, 10))
    assert meeting.council == "North Hertfordshire District Council"
    (item,) = meeting.items
    assert item.title == "Strategic Planning Matters"
    assert item.decision is not None and item.decision.startswith("RESOLVED: That Cabinet:")
    assert item.description == (
        "Decision status: Recommendations Approved (subject to call-in)\n\n"
        "To keep Cabinet informed of recent developments on strategic planning matters."
    )
    assert [(r.number, r.text, r.kind) for r in item.resolutions] == [
        ("1", "Noted the report on strategic planning matters.", "noted"),
        ("2", "Endorsed the documents at Appendices A, C and D.", "decision"),
        (
            "3",
            "Noted and endorsed the revised Terms of Reference for the Strategic Planning "
            "Project Board at Appendix B.",
            "decision",
        ),
    ]
    assert [(d.title, d.size_kb) for d in item.documents] == [("Strategic Planning Matters", 271.0)]


def test_html_without_modern_gov_content_is_refused() -> None:
    source = Source("page.html", b"<html><body><p>Parish newsletter</p></body></html>")
    with pytest.raises(ParseError, match=r"without modern\.gov"):
        moderngov_html.parse(source)


# --- OpenlyLocal records (real, cut short) ----------------------------------------------


def test_openlylocal_xml_record_from_newcastle() -> None:
    doc = read("newcastle_openlylocal-document-29645_minutes-html-in-xml.xml", openlylocal)
    assert doc.format == "openlylocal"
    assert doc.warnings == [
        "newcastle_openlylocal-document-29645_minutes-html-in-xml.xml: OpenlyLocal record is "
        "cut short; read what is there"
    ]
    meeting = only_meeting(doc)
    # From the attendance link's title:
    # "... meeting of Constitutional CommitteeTuesday 6th July, 2010 4.00 pm".
    assert (meeting.committee, meeting.date, meeting.time) == (
        "Constitutional Committee",
        dt.date(2010, 7, 6),
        "16:00",
    )
    assert meeting.venue == "in a Committee Room, Civic Centre, Newcastle Upon Tyne"
    assert meeting.contact == "Linda Couch"
    assert meeting.external_id == "2267"
    assert [(d.title, d.size_kb) for d in meeting.documents] == [
        ("Agenda frontsheet", 44.0),
        ("Agenda reports pack", 1024.0),
    ]
    assert [(i.number, i.title, i.external_id) for i in meeting.items] == [
        ("1", "Apologies for Absence", "21068"),
        ("2", "Declarations of Interest", "21069"),
    ]


def test_openlylocal_json_record_from_canterbury() -> None:
    doc = read("canterbury_openlylocal-document-6304_minutes-html-in-json.json", openlylocal)
    meeting = only_meeting(doc)
    assert (meeting.committee, meeting.date, meeting.time) == (
        "Audit Committee",
        dt.date(2008, 11, 13),
        "17:45",
    )
    assert meeting.venue == "The Guildhall, Westgate, Canterbury"
    assert meeting.contact == "Bob Bennett 01227 862 003"
    assert [d.title for d in meeting.documents] == [
        "Agenda Frontsheet",
        "Agenda reports pack",
        "Printed minutes",
    ]
    assert [(i.number, i.title, i.external_id) for i in meeting.items] == [
        ("482", "Apologies for absence", "6235")
    ]


# --- generality: item numbers and meeting headings seen across councils ------------------


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("16.", "16"),
        ("3a", "3a"),
        ("5.1", "5.1"),
        ("77/21", "77/21"),
        ("CB20/15.", "CB20/15"),
        ("P/142", "P/142"),
    ],
)
def test_item_number_forms(cell: str, number: str) -> None:
    page = (
        '<html><body><h1 class="mgMainTitleTxt">Agenda and minutes</h1>'
        '<h2 class="mgSubTitleTxt">Cabinet - Tuesday, 2nd October, 2018 2.00 pm</h2>'
        '<table class="mgItemTable"><tr><td class="mgItemNumberCell">'
        f'<p class="mgAiTitleTxt"><a name="AI901"></a>{cell}</p></td>'
        '<td><p class="mgAiTitleTxt">Budget Monitoring</p></td></tr></table></body></html>'
    )
    meeting = only_meeting(moderngov_html.parse(Source("p.html", page.encode())))
    assert [(i.number, i.title, i.external_id) for i in meeting.items] == [
        (number, "Budget Monitoring", "901")
    ]


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        (
            "Children's Partnership Board Wednesday, 27th September, 2017 4.00 pm",
            ("Children's Partnership Board", dt.date(2017, 9, 27), "16:00"),
        ),
        (
            "Moved from 9th October 2018, Cabinet - Tuesday, 2nd October, 2018 2.00 pm",
            ("Cabinet", dt.date(2018, 10, 2), "14:00"),
        ),
        (
            "27/09/2017 - Children's Partnership Board",
            ("Children's Partnership Board", dt.date(2017, 9, 27), None),
        ),
        (
            "Audit CommitteeThursday, 13th November, 2008 5.45 pm",
            ("Audit Committee", dt.date(2008, 11, 13), "17:45"),
        ),
        (
            "Council - Thursday, 28 November 2018 10.00 a.m.",
            ("Council", dt.date(2018, 11, 28), "10:00"),
        ),
        ("Cabinet - Nov 13 2008,  5.45PM", ("Cabinet", dt.date(2008, 11, 13), "17:45")),
        ("AUDIT COMMITTEE 24 SEPTEMBER 2009", ("Audit Committee", dt.date(2009, 9, 24), None)),
    ],
)
def test_meeting_heading_forms(heading: str, expected: tuple[object, ...]) -> None:
    from parsers.minutes_body import split_heading

    assert split_heading(heading) == expected


def test_welsh_meeting_page() -> None:
    """Flintshire's LLL=1 page: Welsh title, labels and sub-item labels."""
    meeting = only_meeting(read("flintshire_ieListDocuments_3878_welsh.html"))
    assert meeting.venue == "Siambr y Cyngor, Neuadd y Sir, Yr Wyddgrug CH7 6NA"
    assert meeting.contact == (
        "Nicola Gittins on 01352 702345 E-bost: nicola.gittins@flintshire.gov.uk"
    )
    assert (meeting.council, meeting.external_id) == ("Cyngor Sir y Fflint", "3878")
    assert [(i.number, i.title) for i in meeting.items] == [
        ("1", "Datgan Cysylltiad"),
        ("2", "Adolygiad y Cadeirydd o'r Flwyddyn 2016/17"),
    ]
    first = meeting.items[0]
    assert first.description == (
        "Pwrpas: Derbyn unrhyw ddatganiad o gysylltiad a chynghori’r Aelodau yn unol a hynny."
    )
    assert first.minutes == (
        "Dywedodd y Prif Swyddog (Llywodraethu) fod gan bob Aelod gysylltiad personol yn eitem "
        "rhif 11 ar y rhaglen – Atodlen Cydnabyddiaeth Ariannol 2017-18."
    )
    assert meeting.declarations == first.minutes  # "Datgan Cysylltiad" = declarations
    assert meeting.items[1].minutes is not None
    assert len(meeting.items[1].minutes.split("\n\n")) == 5


def test_welsh_meeting_page_subtitle_gives_date_and_time() -> None:
    # The saved page's sub-title is empty (no date shown, none invented); a page that
    # fills it does so in Welsh: "Dydd Mercher, 5ed Ebrill, 2017 2.00 yh".
    html = (HTML / "flintshire_ieListDocuments_3878_welsh.html").read_text("utf-8")
    assert only_meeting(read("flintshire_ieListDocuments_3878_welsh.html")).date is None
    page = html.replace(
        '<div class="mgSubTitle"></div>',
        '<div class="mgSubTitle"><h2 class="mgSubTitleTxt">Cyngor Sir y Fflint - Dydd Mercher,'
        " 5ed Ebrill, 2017 2.00 yh</h2></div>",
    )
    assert page != html
    doc = moderngov_html.parse(Source(name="flintshire.html", data=page.encode()))
    meeting = only_meeting(doc)
    assert (meeting.committee, meeting.date, meeting.time) == (
        "Cyngor Sir y Fflint",
        dt.date(2017, 4, 5),
        "14:00",
    )


def test_a_damaged_link_is_no_host() -> None:
    # A byte-mangled copy of Slough's issue page: "https://]]>democracy.slough.gov.uk/",
    # which urlparse refuses ("Invalid IPv6 URL"), must not escape as a ValueError.
    page = (HTML / "slough_ieIssueDetails_41815.html").read_bytes()
    damaged = page.replace(b"https://democracy", b"https://]]>democracy")
    assert damaged != page
    doc = moderngov_html.parse(Source("slough.html", damaged))
    assert doc.meetings
