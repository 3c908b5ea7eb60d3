"""modern.gov web-service XML: meetings, lists, refusals, and hostile XML."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from parsers import moderngov_html, moderngov_xml
from parsers.model import Attendee, Document, Resolution
from parsers.source import ParseError, Source

FIXTURES = Path(__file__).parent / "fixtures"
XML = FIXTURES / "xml"
CORPUS = FIXTURES / "corpus"


def source(path: Path) -> Source:
    return Source(path.name, path.read_bytes())


def test_get_meeting_nottingham() -> None:
    doc = moderngov_xml.parse(source(XML / "nottingham_mgWebService_GetMeeting_7016.xml"))
    assert (doc.format, doc.page_kind, doc.warnings) == ("moderngov-xml", "meeting", [])
    (meeting,) = doc.meetings
    assert (meeting.committee, meeting.date, meeting.time) == (
        "Children's Partnership Board",
        dt.date(2017, 9, 27),
        "16:00",
    )
    assert meeting.venue == "LB 31-32 - Loxley House, Station Street, Nottingham, NG2 3NG"
    assert (meeting.external_id, meeting.url) == ("7016", None)
    assert meeting.documents == [
        Document(
            "Printed minutes 27th-Sep-2017 16.00 Children's Partnership Board",
            "pdf",
            None,
            "https://committee.nottinghamcity.gov.uk/documents/g7016/Printed%20minutes%2027th"
            "-Sep-2017%2016.00%20Childrens%20Partnership%20Board.pdf",
        )
    ]
    assert meeting.attendance == [
        Attendee("Councillor Sam Webster", "apologies", role="Co Chair"),
        Attendee("Sean Kelly", "apologies", role="Vice Chair"),
        Attendee("Scott Mason", "apologies", role="Member"),
        Attendee("Stephen McLaren", "apologies", role="Member"),
        Attendee("Helen Blackman", "in_attendance", role="Officer"),
        Attendee("Councillor David Mellen", "present", role="Co Chair"),
    ]
    assert meeting.declarations == "None."


def test_get_meeting_items_use_minute_numbers_like_the_page() -> None:
    (meeting,) = moderngov_xml.parse(
        source(XML / "nottingham_mgWebService_GetMeeting_7016.xml")
    ).meetings
    assert [(i.number, i.external_id) for i in meeting.items] == [
        (str(n), str(62164 + n)) for n in range(16, 26)
    ]
    # Same items as the HTML meeting page of that meeting, so the store's keys match.
    html = moderngov_html.parse(
        source(
            FIXTURES
            / "html"
            / "nottingham_ieListDocuments_childrens-partnership-board_2017-09.html"
        )
    ).meetings[0]
    assert (meeting.committee, meeting.date) == (html.committee, html.date)
    assert [i.title for i in meeting.items] == [i.title for i in html.items]
    core = meeting.items[7]
    assert [(r.number, r.kind) for r in core.resolutions] == [
        ("1", "decision"),
        ("2", "action"),
        ("3", "noted"),
    ]
    assert core.resolutions == html.items[7].resolutions
    assert meeting.items[9].resolutions == [Resolution(None, "to note the forward plan.", "noted")]
    # Items 20 and 21 were cut on the page the fixture is built from; their
    # bodies are left out rather than passed off as whole.
    assert [(i.number, i.minutes, i.truncated) for i in meeting.items[4:6]] == [
        ("20", None, False),
        ("21", None, False),
    ]
    assert meeting.items[2].documents[0].url == (
        "https://committee.nottinghamcity.gov.uk/documents/s68712/Minutes.pdf"
    )


def test_get_meeting_kent_crlf_padding_and_decision_body() -> None:
    data = (XML / "kent_mgWebService_GetMeeting_7977.xml").read_bytes()
    assert b"\r\n" in data
    (meeting,) = moderngov_xml.parse(Source("kent.xml", data)).meetings
    assert (meeting.committee, meeting.date, meeting.time, meeting.external_id) == (
        "Environment & Transport Cabinet Committee",
        dt.date(2018, 11, 28),
        "10:00",
        "7977",
    )
    assert [(i.number, i.external_id) for i in meeting.items] == [
        ("124", "52801"),
        ("125", "52802"),
        ("126", "52803"),
        ("127", "52804"),
    ]
    assert meeting.items[2].minutes is None
    dates = meeting.items[3]
    assert dates.decision == "The Committee noted the dates reserved for its meetings in 2019/20."
    assert dates.minutes is not None
    assert dates.minutes.split("\n\n")[1:3] == ["Friday 24 May 2019", "Tuesday 16 July 2019"]
    assert [a.status for a in meeting.attendance] == [
        "apologies",
        "present",
        "present",
        "substitute",
    ]
    assert meeting.attendance[3].role == "Substitute for Mr A Booth"


def test_get_meetings_lists_meetings_without_items() -> None:
    doc = moderngov_xml.parse(source(XML / "nottingham_mgWebService_GetMeetings_1079.xml"))
    assert doc.page_kind == "meeting-list"
    assert [(m.committee, m.date, m.external_id, m.items) for m in doc.meetings] == [
        ("Children's Partnership Board", dt.date(2017, 7, 5), "6847", []),
        ("Children's Partnership Board", dt.date(2017, 9, 27), "7016", []),
        ("Children's Partnership Board", dt.date(2017, 12, 13), "7188", []),
    ]


def test_empty_meeting_list_is_a_document_with_a_warning() -> None:
    doc = moderngov_xml.parse(Source("empty.xml", b"<getmeetings><meetings/></getmeetings>"))
    assert (doc.meetings, doc.warnings) == ([], ["empty.xml: meeting list with no meetings"])


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        (
            XML / "nottingham_mgWebService_GetCommittees.xml",
            "modern.gov web-service GetCommittees: committee list, no minutes",
        ),
        (
            CORPUS / "shepway_mgWebService_GetCouncillorsByWard.xml",
            "modern.gov web-service GetCouncillorsByWard (councillors by ward): not minutes",
        ),
        (
            CORPUS / "eastherts_mgWebService_GetCouncillorsByWard_empty.xml",
            "modern.gov web-service GetCouncillorsByWard (councillors by ward): not minutes",
        ),
        (
            CORPUS / "denbighshire_mgWebService_GetCouncillorsByWard_redirect-stub.xml",
            "an HTML page (redirect or error) was saved in place of web-service XML",
        ),
    ],
)
def test_answers_that_are_not_minutes_are_refused_by_name(path: Path, reason: str) -> None:
    src = source(path)
    assert moderngov_xml.sniff(src)
    with pytest.raises(ParseError) as error:
        moderngov_xml.parse(src)
    assert str(error.value) == reason


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE getmeeting [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<getmeeting><meeting><committeetitle>&lol9;</committeetitle></meeting></getmeeting>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE getmeeting [
 <!ENTITY secret SYSTEM "file:///etc/passwd">
]>
<getmeeting><meeting><committeetitle>&secret;</committeetitle></meeting></getmeeting>
"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE getmeeting SYSTEM "http://example.invalid/meeting.dtd">
<getmeeting><meeting><committeetitle>Cabinet</committeetitle></meeting></getmeeting>
"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["laughs", "xxe"])
def test_entity_documents_are_refused_before_expansion(data: bytes) -> None:
    src = Source("hostile.xml", data)
    assert moderngov_xml.sniff(src)
    with pytest.raises(ParseError, match=r"^XML declares entities"):
        moderngov_xml.parse(src)


def test_external_dtd_is_refused_without_fetching() -> None:
    with pytest.raises(ParseError, match=r"^XML with a document type declaration; refused"):
        moderngov_xml.parse(Source("dtd.xml", EXTERNAL_DTD))


def test_asp_net_string_wrapper_is_unwrapped() -> None:
    inner = (
        b"&lt;getmeeting&gt;&lt;meeting&gt;&lt;meetingid&gt;42&lt;/meetingid&gt;"
        b"&lt;committeetitle&gt;Cabinet&lt;/committeetitle&gt;"
        b"&lt;meetingdate&gt;02/10/2018&lt;/meetingdate&gt;&lt;/meeting&gt;&lt;/getmeeting&gt;"
    )
    data = b'<?xml version="1.0" encoding="utf-8"?><string xmlns="http://tempuri.org/">' + inner
    data += b"</string>"
    (meeting,) = moderngov_xml.parse(Source("wrapped.xml", data)).meetings
    assert (meeting.committee, meeting.date, meeting.external_id) == (
        "Cabinet",
        dt.date(2018, 10, 2),
        "42",
    )


def test_malformed_and_foreign_xml_fail_cleanly() -> None:
    with pytest.raises(ParseError, match=r"^malformed XML"):
        moderngov_xml.parse(Source("cut.xml", b"<getmeeting><meeting><meetingid>1"))
    with pytest.raises(ParseError, match=r"not a modern\.gov web-service answer \(root <rss>\)"):
        moderngov_xml.parse(Source("feed.xml", b"<rss><channel/></rss>"))
