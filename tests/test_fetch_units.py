"""The fetcher's pieces without a server: addresses, cache names, listings, links, retries."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import time
from pathlib import Path

import pytest

from fetch.cache import SiteCache, host_folder, relative_name, site_folder, write_atomically
from fetch.client import describe_status, retry_after_seconds, user_agent
from fetch.command import parse_day
from fetch.crawler import Failure, FetchSummary
from fetch.site import (
    Committee,
    MeetingRef,
    NotWebServiceXML,
    committee_meetings_url,
    committees_from_html,
    committees_from_xml,
    linked_document_urls,
    looks_like_moderngov,
    meetings_from_html,
    meetings_from_xml,
    minutes_approved,
    months,
    municipal_years,
    printed_minutes_links,
    read_get_meeting,
    read_web_service_xml,
    resolve_link,
    site_base,
    truncated_item_links,
)

FIXTURES = Path(__file__).parent / "fixtures"
SITE = FIXTURES / "fake_site"
NOTTINGHAM_MEETING = (
    FIXTURES / "html/nottingham_ieListDocuments_childrens-partnership-board_2017-09.html"
)


# --- addresses and cache names ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "base"),
    [
        ("democracy.example.gov.uk", "https://democracy.example.gov.uk/"),
        ("https://democracy.example.gov.uk", "https://democracy.example.gov.uk/"),
        (
            # Torbay's modern.gov lives under a folder; a pasted meeting address is cut back to it.
            "http://www.torbay.gov.uk/DemocraticServices/ieListDocuments.aspx?CId=657&MeetingId=7424",
            "http://www.torbay.gov.uk/DemocraticServices/",
        ),
        ("https://x.gov.uk/mgWebService.asmx/GetCommittees", "https://x.gov.uk/"),
        ("  https://x.gov.uk/mgListCommittees.aspx  ", "https://x.gov.uk/"),
    ],
)
def test_site_base(given: str, base: str):
    assert site_base(given) == base


@pytest.mark.parametrize(
    ("given", "error"),
    [
        ("", "no site address given"),
        ("ftp://x.gov.uk", "ftp://x.gov.uk: not an http(s) address"),
        ("https://", "https://: no host name in the address"),
    ],
)
def test_site_base_errors(given: str, error: str):
    with pytest.raises(ValueError) as caught:
        site_base(given)
    assert str(caught.value) == error


def test_cache_names_come_from_the_url_path_and_query():
    assert host_folder("https://Democracy.Example.gov.uk/x") == "democracy.example.gov.uk"
    assert host_folder("http://127.0.0.1:8123/") == "127.0.0.1_8123"
    assert site_folder("https://d.gov.uk/") == "d.gov.uk"
    assert site_folder("http://www.torbay.gov.uk/DemocraticServices/") == (
        "www.torbay.gov.uk_DemocraticServices"
    )
    assert (
        relative_name("https://d.gov.uk/ieListDocuments.aspx?CId=140&MId=7001&Ver=4")
        == "ieListDocuments.aspx__CId=140_MId=7001_Ver=4.html"
    )
    assert relative_name("https://d.gov.uk/mgAi.aspx?ID=9020") == "mgAi.aspx__ID=9020.html"
    assert (
        relative_name("https://d.gov.uk/mgWebService.asmx/GetMeeting?lMeetingId=7")
        == "mgWebService.asmx/GetMeeting__lMeetingId=7.xml"
    )
    assert (
        relative_name("https://d.gov.uk/mgConvert2PDF.aspx?ID=6091&T=1")
        == "mgConvert2PDF.aspx__ID=6091_T=1.pdf"
    )
    assert (
        relative_name("https://d.gov.uk/documents/g7016/Printed%20minutes%2027th-Sep-2017.pdf")
        == "documents/g7016/Printed_minutes_27th-Sep-2017.pdf"
    )
    # The site's own folder is not repeated under the host folder.
    assert (
        relative_name(
            "https://t.gov.uk/DemocraticServices/mgAi.aspx?ID=1", base_path="/DemocraticServices/"
        )
        == "mgAi.aspx__ID=1.html"
    )
    # No way out of the cache folder, whatever the URL says.
    assert relative_name("https://d.gov.uk/a/../../etc/passwd") == "a/etc/passwd.html"
    long = relative_name("https://d.gov.uk/x.aspx?q=" + "a" * 400)
    assert len(long) == 150 and long.endswith(".html")
    assert long != relative_name("https://d.gov.uk/x.aspx?q=" + "a" * 401)


def test_months_newest_first():
    assert months(dt.date(2017, 11, 15), dt.date(2018, 2, 1)) == [
        (2018, 2),
        (2018, 1),
        (2017, 12),
        (2017, 11),
    ]
    assert months(dt.date(2018, 3, 1), dt.date(2018, 3, 31)) == [(2018, 3)]


# --- the web service --------------------------------------------------------------------------


def test_committees_from_get_committees_leave_out_deleted_ones():
    assert committees_from_xml((SITE / "ws/GetCommittees.xml").read_bytes()) == [
        Committee("1079", "Children's Partnership Board"),
        Committee("133", "Executive Board"),
        Committee("412", "Executive Board Commissioning Sub-Committee"),
    ]


def test_meetings_from_get_meetings_with_crlf_and_padded_values():
    committee = Committee("1079", "Children's Partnership Board")
    data = (SITE / "ws/GetMeetings_1079.xml").read_bytes()
    assert b"\r\n" in data and b"<meetingid> 7188 </meetingid>" in data
    assert meetings_from_xml(data, committee) == [
        MeetingRef("6847", "1079", dt.date(2017, 7, 5), "Children's Partnership Board"),
        MeetingRef("7016", "1079", dt.date(2017, 9, 27), "Children's Partnership Board"),
        MeetingRef("7188", "1079", dt.date(2017, 12, 13), "Children's Partnership Board"),
    ]


def test_printed_minutes_from_get_meeting_documents():
    data = (SITE / "ws/GetMeeting_7240.xml").read_bytes()
    assert linked_document_urls(data, "https://democracy.example.gov.uk/") == [
        "https://democracy.example.gov.uk/documents/g7240/"
        "Printed%20minutes%2016th-Jan-2018%2014.00%20Executive%20Board.pdf"
    ]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        # Denbighshire answered the web service with its HTTP->HTTPS redirect stub.
        (
            (
                SITE / "ws/denbighshire_mgWebService_GetCouncillorsByWard_redirect-stub.xml"
            ).read_bytes(),
            "answered with an HTML page, not XML",
        ),
        ((SITE / "html/error.html").read_bytes(), "answered with an HTML page, not XML"),
        (b"<html><body>Service disabled</body></html>", "answered with an HTML page, not XML"),
        (b"  \r\n", "answered with an empty body, not XML"),
        (
            b"<?xml version='1.0'?><getcommittees><committees>",
            "answered with something that is not XML (Premature end of data in tag committees "
            "line 1)",
        ),
    ],
)
def test_what_is_not_web_service_xml_is_named(body: bytes, reason: str):
    with pytest.raises(NotWebServiceXML) as caught:
        read_web_service_xml(body)
    assert str(caught.value) == reason


def test_web_service_xml_never_reads_external_entities(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("council-password")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY s SYSTEM "file://{secret}">]>'
        "<committees><committee><committeeid>1</committeeid>"
        "<committeetitle>A &s; B</committeetitle></committee></committees>"
    ).encode()
    (committee,) = committees_from_xml(body)
    assert "council-password" not in committee.title


# --- HTML pages -------------------------------------------------------------------------------


def test_truncated_items_on_a_real_meeting_page():
    """Nottingham's Children's Partnership Board, 27 September 2017: items 20 and 21 end
    '...  view the full minutes text for item 20.' linking to their mgAi pages."""
    page = "https://committee.nottinghamcity.gov.uk/ieListDocuments.aspx?CId=1079&MId=7016"
    data = NOTTINGHAM_MEETING.read_bytes()
    assert truncated_item_links(data, page) == [
        "https://committee.nottinghamcity.gov.uk/mgAi.aspx?ID=62184",
        "https://committee.nottinghamcity.gov.uk/mgAi.aspx?ID=62185",
    ]
    assert printed_minutes_links(data, page) == [
        "https://committee.nottinghamcity.gov.uk/mgConvert2PDF.aspx?ID=7016&T=1"
    ]
    assert looks_like_moderngov(data)


def test_a_truncation_link_to_another_site_is_not_followed():
    data = (
        b'<div class="mgWordPara"><p>Text ...  <a href="https://elsewhere.example/mgAi.aspx?ID=1">'
        b"view the full minutes text for item 3a</a></p></div>"
    )
    assert truncated_item_links(data, "https://d.gov.uk/ieListDocuments.aspx?MId=1") == []


def test_committee_and_meeting_links_on_the_html_listings():
    base = "https://democracy.example.gov.uk/"
    assert committees_from_html(
        (SITE / "html/mgListCommittees.html").read_bytes(), base + "mgListCommittees.aspx"
    ) == [
        Committee("1079", "Children's Partnership Board"),
        Committee("133", "Executive Board"),
        Committee("412", "Executive Board Commissioning Sub-Committee"),
    ]
    assert meetings_from_html(
        (SITE / "html/ieListMeetings_1079.html").read_bytes(),
        base + "ieListMeetings.aspx?CommitteeId=1079",
    ) == [
        MeetingRef("7016", "1079", dt.date(2017, 9, 27)),
        MeetingRef("7188", "1079", dt.date(2017, 12, 13)),
    ]
    assert meetings_from_html(
        (SITE / "html/mgCalendarMonthView_2018_01.html").read_bytes(),
        base + "mgCalendarMonthView.aspx?M=1&DD=2018",
    ) == [MeetingRef("7240", "133")]
    assert not looks_like_moderngov(b"<html><body>Welcome to the council</body></html>")


# --- politeness -------------------------------------------------------------------------------


def test_retry_after_in_seconds_or_as_a_date():
    assert retry_after_seconds("0") == 0.0
    assert retry_after_seconds(" 120 ") == 120.0
    assert retry_after_seconds(email.utils.formatdate(time.time() - 60, usegmt=True)) == 0.0
    later = retry_after_seconds(email.utils.formatdate(time.time() + 90, usegmt=True))
    assert later is not None and 85 <= later <= 90
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_user_agent_names_the_tool_and_how_to_reach_its_user(monkeypatch):
    monkeypatch.delenv("MINUTES_TUI_CONTACT", raising=False)
    assert user_agent() == (
        "minutes-tui/0.1.0 (+offline minutes reader; contact: set MINUTES_TUI_CONTACT)"
    )
    monkeypatch.setenv("MINUTES_TUI_CONTACT", " sam@example.org\n")
    assert user_agent() == "minutes-tui/0.1.0 (+offline minutes reader; contact: sam@example.org)"


def test_status_lines():
    import httpx

    assert (
        describe_status(httpx.Response(403))
        == "403 Forbidden (refused by the site or its firewall)"
    )
    assert describe_status(httpx.Response(503)) == "503 Service Unavailable"


# --- the cache --------------------------------------------------------------------------------


def _chunks(*parts: bytes):
    yield from parts


def test_cache_index_survives_a_torn_journal_and_a_deleted_file(tmp_path: Path):
    cache = SiteCache(tmp_path, "https://d.gov.uk/")
    cache.store(
        "https://d.gov.uk/a",
        _chunks(b"A"),
        folder="pages",
        etag='"1"',
        last_modified=None,
        content_type=None,
    )
    cache.store(
        "https://d.gov.uk/b",
        _chunks(b"B"),
        folder="pages",
        etag=None,
        last_modified="x",
        content_type=None,
    )
    cache.store(
        "https://d.gov.uk/c",
        _chunks(b"C"),
        folder="pages",
        etag=None,
        last_modified=None,
        content_type=None,
    )
    cache.record_meeting(
        "7016", date=dt.date(2017, 9, 27), approved=True, urls=["https://d.gov.uk/a"]
    )
    # A crash mid-line leaves half a record at the end of the journal.
    with open(cache.folder / "index.jsonl", "a") as journal:
        journal.write('{"url": "https://d.gov.uk/d", "file": "pa')
    (cache.folder / "pages/c.html").unlink()

    again = SiteCache(tmp_path, "https://d.gov.uk/")
    assert sorted(again.entries) == ["https://d.gov.uk/a", "https://d.gov.uk/b"]
    a = again.get("https://d.gov.uk/a")
    assert a is not None and a.etag == '"1"'
    b = again.get("https://d.gov.uk/b")
    assert b is not None and b.last_modified == "x"
    meeting = again.meetings["7016"]
    assert (meeting.date, meeting.approved, meeting.urls) == (
        "2017-09-27",
        True,
        ["https://d.gov.uk/a"],
    )

    again.compact()
    assert not (again.folder / "index.jsonl").exists()
    index = json.loads((again.folder / "index.json").read_text())
    assert sorted(index["entries"]) == ["https://d.gov.uk/a", "https://d.gov.uk/b"]
    assert sorted(index["meetings"]) == ["7016"]
    reloaded = SiteCache(tmp_path, "https://d.gov.uk/")
    assert sorted(reloaded.entries) == sorted(again.entries)
    assert reloaded.meetings == again.meetings


def test_an_index_from_an_older_version_still_loads(tmp_path: Path):
    """Version 1 indexes marked each URL "ingested"; the store says that now. The old field is
    ignored, not a reason to forget the entry (which would download it all again)."""
    folder = tmp_path / "d.gov.uk"
    (folder / "pages").mkdir(parents=True)
    (folder / "pages/a.html").write_bytes(b"A")
    old = {
        "version": 1,
        "entries": {
            "https://d.gov.uk/a": {
                "file": "pages/a.html",
                "sha256": "x",
                "size": 1,
                "fetched_at": "2024-01-01T00:00:00+00:00",
                "etag": '"1"',
                "ingested_sha256": "x",
            }
        },
    }
    (folder / "index.json").write_text(json.dumps(old))
    entry = SiteCache(tmp_path, "https://d.gov.uk/").get("https://d.gov.uk/a")
    assert entry is not None and entry.etag == '"1"'


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path: Path):
    target = tmp_path / "pages" / "page.html"
    write_atomically(target, _chunks(b"old"))

    def broken():
        yield b"new first half"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, broken())
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["page.html"]


# --- the report and the command ---------------------------------------------------------------


def test_summary_lines():
    summary = FetchSummary(
        site="https://d.gov.uk/",
        source="web service",
        committees=2,
        meetings_listed=5,
        meetings_done=5,
        requests=14,
        fetched=9,
        not_modified=4,
        from_cache=2,
        robots_skipped=["https://d.gov.uk/mgAi.aspx?ID=1"],
        failed=[
            Failure("https://d.gov.uk/mgAi.aspx?ID=2", "500 Internal Server Error (after 4 tries)")
        ],
        ingested=8,
        ingest_unchanged=1,
        already_in_store=3,
    )
    assert summary.lines() == [
        "5 meetings listed via the web service (2 committees), 5 done",
        "14 requests: 9 pages fetched, 4 not modified, 2 already cached, "
        "1 skipped by robots.txt, 1 failed",
        "ingest: 8 files ingested, 1 unchanged, 3 already in the store, 0 failed",
        "failed: https://d.gov.uk/mgAi.aspx?ID=2: 500 Internal Server Error (after 4 tries)",
        "robots.txt: skipped https://d.gov.uk/mgAi.aspx?ID=1",
    ]
    assert not summary.ok
    assert summary.exit_status == 1


def test_dates_in_either_order():
    assert parse_day("2024-03-31") == dt.date(2024, 3, 31)
    assert parse_day("31/03/2024") == dt.date(2024, 3, 31)
    assert parse_day("1/4/2024") == dt.date(2024, 4, 1)


def test_fetch_is_a_minutes_tui_subcommand_and_keeps_the_global_db():
    from tui.cli import build_parser, load_commands

    parser = build_parser(load_commands())
    args = parser.parse_args(["--db", "x.db", "fetch", "democracy.example.gov.uk", "--pdf"])
    assert args.command == "fetch" and args.db == "x.db" and args.pdf
    args = parser.parse_args(["fetch", "d.gov.uk", "--db", "y.db", "--committee", "Cabinet"])
    assert str(args.db) == "y.db" and args.committee == ["Cabinet"] and args.delay == 1.0


# --- what real pages say (issue 19.4, 19.7) ---------------------------------------------------


def test_the_agenda_text_truncation_sentence_is_followed_too():
    """City of London, Court of Common Council, 24 May 2018 (tests/fixtures/corpus): a long
    agenda description ends "...  view the full agenda text for item 3." linking its item page.
    The corpus keeps that page as text; the anchor here wraps the page's own sentence."""
    corpus = (FIXTURES / "corpus/cityoflondon_ieListDocuments_committee_2018-05.txt").read_text()
    sentence = "view the full agenda text for item 3."
    assert f"...  {sentence}" in corpus
    page = (
        '<div class="mgWordPara"><p>To receive the Order of the Court of Common Council on 19 '
        f'April 2018.</p><p> ...  <a href="mgAi.aspx?ID=81230#mgDocuments">{sentence}</a></p>'
        "</div>"
    ).encode()
    base = "https://democracy.cityoflondon.gov.uk/ieListDocuments.aspx?CId=1&MId=2"
    assert truncated_item_links(page, base) == [
        "https://democracy.cityoflondon.gov.uk/mgAi.aspx?ID=81230"
    ]


@pytest.mark.parametrize(
    ("label", "wanted"),
    [
        ("Printed minutes 27th-Sep-2017 16.00 Children's Partnership Board PDF 123 KB", True),
        ("Public minutes 16th-Jan-2018 14.00 Executive Board PDF 210 KB", True),
        ("Minutes PDF 96 KB", True),
        ("Minutes", True),
        ("Draft minutes 12th-Mar-2019", True),
        ("Printed decisions 16th-Jan-2018 14.00 Executive Board", True),
        ("Minutes of the previous meeting PDF 80 KB", False),
        ("Agenda frontsheet 16th-Jan-2018 14.00 Executive Board PDF 70 KB", False),
        ("Public reports pack 16th-Jan-2018 14.00 Executive Board PDF 4 MB", False),
    ],
)
def test_printed_minutes_labels(label: str, wanted: bool):
    page = (
        f'<div class="mgLinks"><ul><li><a href="documents/g7240/x.pdf">{label}</a></li></ul></div>'
    ).encode()
    found = printed_minutes_links(page, "https://d.gov.uk/ieListDocuments.aspx?MId=7240")
    assert found == (["https://d.gov.uk/documents/g7240/x.pdf"] if wanted else [])


def test_printed_minutes_are_read_from_the_meetings_own_documents_only():
    """An item's "Minutes" link (the previous meeting's minutes, filed under item 18 on
    Nottingham's page) is not this meeting's printed minutes."""
    page = "https://committee.nottinghamcity.gov.uk/ieListDocuments.aspx?CId=1079&MId=7016"
    data = NOTTINGHAM_MEETING.read_bytes()
    assert b'href="documents/s68712/Minutes.pdf"' in data
    assert printed_minutes_links(data, page) == [
        "https://committee.nottinghamcity.gov.uk/mgConvert2PDF.aspx?ID=7016&T=1"
    ]


def test_a_get_meeting_answer_with_item_minutes_is_the_whole_meeting():
    base = "https://democracy.example.gov.uk/"
    whole = read_get_meeting((SITE / "ws/GetMeeting_7016.xml").read_bytes(), base)
    assert (whole.items, whole.with_minutes, whole.published, whole.complete) == (5, 5, True, True)
    # The meeting's printed minutes, not item 18's "Minutes" (the meeting before's).
    assert whole.printed_minutes == [
        base + "documents/g7016/Printed%20minutes%2027th-Sep-2017%2016.00%20Childrens"
        "%20Partnership%20Board.pdf"
    ]
    titles_only = read_get_meeting((SITE / "ws/GetMeeting_7240.xml").read_bytes(), base)
    assert (titles_only.items, titles_only.with_minutes, titles_only.complete) == (1, 0, False)
    real = read_get_meeting(
        (FIXTURES / "xml/kent_mgWebService_GetMeeting_7977.xml").read_bytes(), base
    )
    assert (real.items, real.with_minutes, real.complete) == (4, 3, True)
    with pytest.raises(NotWebServiceXML) as caught:
        read_get_meeting(b"<getmeeting></getmeeting>", base)
    assert str(caught.value) == "answered GetMeeting with no meeting in it"


def test_get_meetings_for_every_committee_names_them_by_title():
    refs = meetings_from_xml((SITE / "ws/GetMeetings_all.xml").read_bytes(), None)
    assert [(r.id, r.committee_id, r.committee) for r in refs] == [
        ("6847", None, "Children's Partnership Board"),
        ("7016", None, "Children's Partnership Board"),
        ("7188", None, "Children's Partnership Board"),
        ("7240", None, "Executive Board"),
    ]


def test_meeting_pages_say_whether_their_minutes_are_approved():
    assert minutes_approved(NOTTINGHAM_MEETING.read_bytes())  # "Agenda and minutes"
    assert not minutes_approved((SITE / "pages/ieListDocuments_1079_7188.html").read_bytes())
    # Flintshire's Welsh page: "Rhaglen a chofnodion" (agenda and minutes).
    assert minutes_approved(
        (FIXTURES / "html/flintshire_ieListDocuments_3878_welsh.html").read_bytes()
    )
    assert not minutes_approved(
        (FIXTURES / "html/durham_mgAi_29325_unlabelled-resolutions.html").read_bytes()
    )


def test_municipal_years_cover_the_range():
    assert municipal_years(dt.date(2017, 9, 1), dt.date(2018, 1, 31)) == [2018, 2017]
    assert municipal_years(dt.date(2017, 3, 1), dt.date(2017, 4, 30)) == [2017, 2016]
    assert committee_meetings_url("https://d.gov.uk/", "140", 2017) == (
        "https://d.gov.uk/ieListMeetings.aspx?CId=140&Year=2017"
    )


@pytest.mark.parametrize(
    ("href", "url"),
    [
        ("mgAi.aspx?ID=1#x", "https://d.gov.uk/mgAi.aspx?ID=1"),
        ("http://[x/mgAi.aspx", None),  # "Invalid IPv6 URL" sank the whole page
        ("http://d.gov.uk:99999/x", None),  # a port out of range
        ("mgAi.aspx?ID=1\x1b]0;x\x07", None),
        ("mgAi.aspx?ID=\x9b1", None),
        ("javascript:alert(1)", None),
        ("file:///etc/passwd", None),
        ("", None),
    ],
)
def test_links_that_are_not_web_addresses_are_dropped(href: str, url: str | None):
    assert resolve_link("https://d.gov.uk/ieListDocuments.aspx?MId=1", href) == url


def test_a_challenge_page_is_told_apart_from_a_moderngov_page():
    from fetch.client import is_challenge_page

    assert is_challenge_page((SITE / "html/challenge.html").read_bytes())
    for page in (NOTTINGHAM_MEETING, SITE / "html/mgListCommittees.html", SITE / "html/error.html"):
        assert not is_challenge_page(page.read_bytes())
    # A site fronted by Cloudflare gets its bot-detection script in every ordinary page.
    fronted = (
        (SITE / "html/mgListCommittees.html")
        .read_bytes()
        .replace(
            b"</head>",
            b"<script>(function(){var a=document.createElement('script');"
            b"a.src='/cdn-cgi/challenge-platform/scripts/jsd/main.js';"
            b"document.getElementsByTagName('head')[0].appendChild(a);})();</script></head>",
        )
    )
    assert b"challenge-platform" in fronted and not is_challenge_page(fronted)
