"""Property tests: any bytes given to any registered parser (or to ``parsers.parse``)
give a ParsedDocument or a ParseError, never another exception; sniffers never raise.

Random bytes alone rarely get past a parser's first check, so the strategies
also build inputs that look like each format (a PDF header, an XML declaration
and web-service root, modern.gov class names, an OpenlyLocal record, a
printed-minutes header) followed by arbitrary content.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers.model import ParsedDocument
from parsers.registry import FORMATS, parse
from parsers.source import ParseError, Source

PREFIXES = [
    b"%PDF-1.4\n",
    b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
    b'<?xml version="1.0" encoding="utf-8"?>\n<getmeeting><meeting>',
    b"<getmeetings><meetings><meeting><meetingdate>",
    b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><getmeeting>",
    b'<html><head><title>Agenda for Cabinet</title></head><body><div class="mgContent">',
    b'<html><body><h1 class="mgMainTitleTxt">Agenda item</h1><table class="mgItemTable"><tr>'
    b'<td class="mgItemNumberCell"><p class="mgAiTitleTxt"><a name="AI1"></a>',
    b'<html><body><h1 class="mgMainTitleTxt">Issue - meetings</h1><h3>Meeting: 01/02/2020 - ',
    b'<html><body><h1 class="mgMainTitleTxt">Decision details</h1><p><span class="mgLabel">',
    b'<?xml version="1.0"?><document><body>&lt;p class=&quot;mgAiTitleTxt&quot;&gt;',
    b'{"document":{"title":["Minutes for Cabinet meeting, Nov 13 2008"],"body":"<p class=\\"mgAi',
    b"AUDIT COMMITTEE\n24 SEPTEMBER 2009\nPRESENT: Councillor A\n1 ",
    b"Brighton & Hove City Council\nPolicy & Resources Committee\n4.00pm1 July 2021\nMINUTES\n",
    b"MINUTES OF PROCEEDINGS AT MEETING OF X COUNCIL HELD ON MONDAY, 25TH MAY, 2015\n"
    b"MEMBERS PRESENT:\n",
]
TAILS = st.one_of(
    st.binary(max_size=1500),
    st.text(
        alphabet=st.sampled_from(list("<>/=\"'&;:#()[]{}.,-–\n\r\t \u00a0aAbB19RESOLVEDThat"))
        | st.characters(),
        max_size=1500,
    ).map(lambda text: text.encode("utf-8", "surrogatepass")),
)
INPUTS = st.one_of(
    st.binary(max_size=3000),
    st.tuples(st.sampled_from(PREFIXES), TAILS).map(lambda pair: pair[0] + pair[1]),
)
FAST = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _outcome(parse_one, data: bytes) -> None:  # type: ignore[no-untyped-def]
    try:
        result = parse_one(Source("fuzz", data))
    except ParseError as error:
        assert str(error)  # a one-line reason for the user
        assert "\n" not in str(error)
    else:
        assert isinstance(result, ParsedDocument)


@FAST
@given(INPUTS)
def test_registry_parse_never_raises_anything_but_parse_error(data: bytes) -> None:
    _outcome(parse, data)


@FAST
@given(st.sampled_from(FORMATS), INPUTS)
def test_each_format_parse_gives_a_document_or_a_parse_error(fmt, data: bytes) -> None:  # type: ignore[no-untyped-def]
    _outcome(fmt.parse, data)


@FAST
@given(st.sampled_from(FORMATS), INPUTS)
def test_sniffers_answer_yes_or_no(fmt, data: bytes) -> None:  # type: ignore[no-untyped-def]
    assert fmt.sniff(Source("fuzz", data)) in (True, False)


WORD_HTML = st.lists(
    st.sampled_from(
        [
            "<p class=MsoNormal>",
            "</p>",
            "<o:p>&nbsp;</o:p>",
            "<span style='font:7.0pt'>&nbsp;&nbsp; </span>",
            "<![if !supportLists]>",
            "<![endif]>",
            "<div class=WordSection1>",
            "</div>",
            "<ul>",
            "<li>",
            "</ul>",
            "<ol type=a>",
            "<table><tr><td>",
            "</td><td>",
            "<br>",
            "(a)",
            "1.",
            "·",
            "RESOLVED",
            " to note the report.",
            "\r\n",
            "\u00a0",
        ]
    )
    | st.text(max_size=20),
    max_size=60,
).map("".join)


@FAST
@given(WORD_HTML)
def test_word_html_paragraphs_are_normalised(html: str) -> None:
    from parsers.html_text import paragraphs_from_html

    for paragraph in paragraphs_from_html(html):
        assert paragraph
        assert paragraph == paragraph.strip()
        assert "\n" not in paragraph and "\u00a0" not in paragraph and "  " not in paragraph
