"""Detection by content: each real fixture goes to the format that reads it, unknown
input fails with the reason, and the same meeting read from different formats gets
the same committee and date (the store's merge key)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from parsers.registry import FORMATS, detect, parse
from parsers.source import ParseError, Source

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"

EXPECTED = {
    "moderngov-html": sorted((FIXTURES / "html").glob("*.html")),
    "moderngov-xml": [
        *sorted((FIXTURES / "xml").glob("*.xml")),
        CORPUS / "shepway_mgWebService_GetCouncillorsByWard.xml",
        CORPUS / "eastherts_mgWebService_GetCouncillorsByWard_empty.xml",
        CORPUS / "denbighshire_mgWebService_GetCouncillorsByWard_redirect-stub.xml",
    ],
    "openlylocal": [
        CORPUS / "newcastle_openlylocal-document-29645_minutes-html-in-xml.xml",
        CORPUS / "canterbury_openlylocal-document-6304_minutes-html-in-json.json",
    ],
    "printed-minutes-pdf": [
        CORPUS / "merton_audit-committee_agenda-pack-with-minutes_2009-10.pdf",
        *sorted((FIXTURES / "pdf").glob("*.pdf")),
    ],
    "printed-minutes-text": [
        CORPUS / "merton_audit-committee_agenda-pack-with-minutes_2009-10.pdftotext-raw.txt",
        CORPUS / "merton_audit-committee_agenda-pack-with-minutes_2009-10.pdftotext-layout.txt",
        CORPUS / "brighton-hove_printed-minutes_policy-resources_2021-07.txt",
        CORPUS / "limerick-ie_full-council_minutes_pdf2md.md",
        CORPUS / "limerick-ie_newcastle-west-md_minutes_2014-06_ocr.md",
    ],
}
# The corpus text files that are renderings of modern.gov pages, by the gold's labels
# (the rest are printed minutes and other systems' minutes).
_GOLD = json.loads((FIXTURES / "gold" / "gold.json").read_text(encoding="utf-8"))["docs"]
MODERNGOV_TEXT_PAGES = sorted(
    CORPUS / name
    for name, g in _GOLD.items()
    if name.endswith(".txt") and g.get("system") == "moderngov" and g["kind"] != "printed_minutes"
)
CASES = [(name, path) for name, paths in EXPECTED.items() for path in paths]
MINE = set(EXPECTED)


def source(path: Path) -> Source:
    return Source(path.name, path.read_bytes())


def test_every_format_has_fixtures() -> None:
    assert len(EXPECTED["moderngov-html"]) == 11  # 5 meeting, 3 item, 2 issue, 1 decision
    assert len(EXPECTED["moderngov-xml"]) == 7
    assert all(path.exists() for _, path in CASES)


@pytest.mark.parametrize(("expected", "path"), CASES, ids=[p.name for _, p in CASES])
def test_fixture_is_detected_as(expected: str, path: Path) -> None:
    assert expected == detect(source(path)).NAME


def test_specific_formats_come_first() -> None:
    names = [fmt.NAME for fmt in FORMATS]
    mine = [name for name in names if name in MINE]
    assert mine == [
        "moderngov-xml",
        "openlylocal",
        "moderngov-html",
        "printed-minutes-pdf",
        "printed-minutes-text",
    ]
    # Anything registered after these (the text renderings) comes later.
    assert names[: len(mine)] == mine


@pytest.mark.parametrize(
    "path",
    sorted((FIXTURES / "seeds").glob("*.txt")) + MODERNGOV_TEXT_PAGES,
    ids=lambda p: p.name,
)
def test_text_renderings_of_pages_are_left_to_the_text_reader(path: Path) -> None:
    """None of the structured or printed-minutes sniffers claims a modern.gov text page."""
    src = source(path)
    assert not any(fmt.sniff(src) for fmt in FORMATS if fmt.NAME in MINE)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not a council document"),
        (
            b"Parish newsletter: the fete raised \xa3312 for the church roof.",
            "text with no meeting, agenda item or decision in it, not minutes",
        ),
    ],
)
def test_unknown_input_fails_with_the_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ParseError) as error:
        parse(Source("unknown", data))
    assert str(error.value) == reason


def test_hostile_xml_is_refused_through_the_registry() -> None:
    data = (
        b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<getmeeting>&x;</getmeeting>"
    )
    with pytest.raises(ParseError, match=r"^XML declares entities"):
        parse(Source("x.xml", data))


def test_same_meeting_same_key_across_formats() -> None:
    """HTML meeting page, item page, issue page and web-service XML of one meeting agree."""
    readings = [
        parse(source(FIXTURES / "html" / name))
        for name in (
            "nottingham_ieListDocuments_childrens-partnership-board_2017-09.html",
            "nottingham_mgAi_62187_core-development-standard.html",
            "nottingham_ieIssueDetails_33214_priority-2.html",
        )
    ]
    readings.append(parse(source(FIXTURES / "xml" / "nottingham_mgWebService_GetMeeting_7016.xml")))
    keys = {(doc.meetings[0].committee, doc.meetings[0].date) for doc in readings}
    assert keys == {("Children's Partnership Board", dt.date(2017, 9, 27))}
    assert {doc.meetings[0].external_id for doc in readings} == {"7016"}


def test_printed_minutes_committee_matches_the_page_spelling() -> None:
    """ "AUDIT COMMITTEE" in the PDF is named as modern.gov pages name it."""
    pdf = parse(source(CORPUS / "merton_audit-committee_agenda-pack-with-minutes_2009-10.pdf"))
    canterbury = parse(
        source(CORPUS / "canterbury_openlylocal-document-6304_minutes-html-in-json.json")
    )
    assert pdf.meetings[0].committee == canterbury.meetings[0].committee == "Audit Committee"


def test_xhtml_page_with_xml_declaration_is_html() -> None:
    page = (FIXTURES / "html" / "kent_ieListDocuments_env-transport_2018-11.html").read_bytes()
    data = b'\xef\xbb\xbf<?xml version="1.0" encoding="utf-8"?>\n' + page
    doc = parse(Source("kent.html", data))
    assert (doc.format, doc.meetings[0].committee) == (
        "moderngov-html",
        "Environment & Transport Cabinet Committee",
    )


def test_text_page_html_page_and_web_service_agree_on_the_meeting() -> None:
    """Seed 000 (text rendering) and the HTML page and GetMeeting answer of the same
    meeting: one committee string, date, time and venue; the same items and resolutions."""
    text = parse(source(FIXTURES / "seeds" / "000_81d86c97e4813351.txt")).meetings[0]
    html = parse(
        source(
            FIXTURES
            / "html"
            / "nottingham_ieListDocuments_childrens-partnership-board_2017-09.html"
        )
    ).meetings[0]
    xml = parse(source(FIXTURES / "xml" / "nottingham_mgWebService_GetMeeting_7016.xml")).meetings[
        0
    ]
    for field in ("committee", "date", "time"):
        assert getattr(text, field) == getattr(html, field) == getattr(xml, field), field
    assert text.venue == html.venue
    assert [(i.number, i.title) for i in text.items] == [(i.number, i.title) for i in html.items]
    assert [(i.number, i.title) for i in text.items] == [(i.number, i.title) for i in xml.items]
    assert [i.minutes for i in text.items] == [i.minutes for i in html.items]
    assert [i.resolutions for i in text.items] == [i.resolutions for i in html.items]
