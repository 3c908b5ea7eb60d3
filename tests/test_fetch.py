"""The fetcher against a fake modern.gov site served on 127.0.0.1 from tests/fixtures/fake_site.

The crawler is tested with an injected ingest function that records what it is
given, so these tests do not depend on the parsers; one end-to-end test goes
through the real ``store.ingest.ingest_paths``.
"""

from __future__ import annotations

import argparse
import ast
import email.utils
import hashlib
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import httpx
import pytest

from fetch.cache import SiteCache
from fetch.client import SiteClient
from fetch.crawler import Crawler, FetchOptions, FetchSummary, SiteError
from fetch.site import site_base
from store.ingest import FileResult

FIXTURES = Path(__file__).parent / "fixtures" / "fake_site"
PROJECT = Path(__file__).parent.parent
PUBLISHED_BASE = b"https://democracy.example.gov.uk"
SINCE = "2017-09-01"
UNTIL = "2018-01-31"


# --- the fake site ----------------------------------------------------------------------------


@dataclass
class Scripted:
    """A canned answer for matching requests, used ``times`` times (None: always)."""

    path: str
    query: dict[str, str]
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    times: int | None = 1
    delay: float = 0.0
    drip: float = 0.0  # a hostile server: the body one byte at a time, this long apart
    size: int = 0  # a hostile server: a body of this many bytes of ``body`` repeated
    reason: str | None = None  # the status line's reason phrase, when not the standard one


class FakeSite:
    """A modern.gov site on an ephemeral 127.0.0.1 port, routed by ``routes.json``."""

    def __init__(self, folder: str = "") -> None:
        self.folder = folder  # "/DemocraticServices": a site under a path, as Torbay's is
        self.routes = json.loads((FIXTURES / "routes.json").read_text())["routes"]
        self.replaced: dict[str, str] = {}  # fixture file -> the file served instead
        self.scripts: list[Scripted] = []
        self.robots: str | None = None
        self.web_service_html = False
        # A bot shield in front of the site: every answer is this (status, body) once set.
        self.shield: tuple[int, bytes] | None = None
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.last_script: Scripted | None = None
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else each keep-alive answer waits ~40 ms for an ACK

            def do_GET(self) -> None:
                status, headers, body, delay = site.answer(self.path, dict(self.headers))
                scripted = site.last_script
                if delay:
                    time.sleep(delay)
                self.send_response(status, scripted.reason if scripted else None)
                for name, value in headers.items():
                    self.send_header(name, value)
                size = scripted.size if scripted and scripted.size else len(body)
                self.send_header("Content-Length", str(size))
                self.end_headers()
                try:
                    if scripted and scripted.drip:
                        for i in range(len(body)):
                            self.wfile.write(body[i : i + 1])
                            self.wfile.flush()
                            time.sleep(scripted.drip)
                    elif scripted and scripted.size:
                        sent = 0
                        while sent < size:
                            piece = body[: size - sent]
                            self.wfile.write(piece)
                            sent += len(piece)
                    else:
                        self.wfile.write(body)
                except OSError:
                    pass  # the client gave up on a hostile answer: as it should

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        # A client closing its keep-alive connection is not an error worth printing.
        self.server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.base = f"{self.origin}{folder}/"
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    def __enter__(self) -> FakeSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    @staticmethod
    def _matches(path: str, query: dict[str, str], want_path: str, want: dict[str, str]) -> bool:
        return path.lower() == want_path.lower() and all(
            query.get(k.lower()) == v for k, v in want.items()
        )

    def script(self, path: str, query: dict[str, str] | None = None, **kwargs: object) -> None:
        self.scripts.append(Scripted(path, query or {}, **kwargs))  # type: ignore[arg-type]

    def paths(self) -> list[str]:
        """The requests made, as ``path?query``, in order."""
        return [p for p, _ in self.requests]

    def answer(self, target: str, headers: dict[str, str]) -> tuple[int, dict, bytes, float]:
        self.requests.append((target, headers))
        self.last_script = None
        if self.shield is not None:
            status, body = self.shield
            return status, {"Content-Type": "text/html; charset=UTF-8"}, body, 0.0
        parts = urlsplit(target)
        path = unquote(parts.path)
        if self.folder and path.startswith(self.folder + "/"):
            path = path[len(self.folder) :]
        elif self.folder and path != "/robots.txt":  # robots.txt is always at the root of the host
            path = "/not-the-site" + path
        query = {k.lower(): v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
        for scripted in self.scripts:
            if scripted.times != 0 and self._matches(path, query, scripted.path, scripted.query):
                if scripted.times is not None:
                    scripted.times -= 1
                self.last_script = scripted
                return scripted.status, scripted.headers, scripted.body, scripted.delay
        if path == "/robots.txt" and self.robots is not None:
            return 200, {"Content-Type": "text/plain"}, self.robots.encode(), 0.0
        if self.web_service_html and path.lower().startswith("/mgwebservice.asmx/"):
            body = (FIXTURES / "html/error.html").read_bytes()
            return 200, {"Content-Type": "text/xml; charset=utf-8"}, body, 0.0
        for route in self.routes:
            if self._matches(path, query, route["path"], route.get("query", {})):
                return self._serve(route, headers)
        return 404, {"Content-Type": "text/html"}, b"<html><body>Not found</body></html>", 0.0

    def _serve(
        self, route: dict, request_headers: dict[str, str]
    ) -> tuple[int, dict, bytes, float]:
        name = self.replaced.get(route["file"], route["file"])
        body = (FIXTURES / name).read_bytes()
        if not route["type"].startswith("application/pdf"):
            body = body.replace(PUBLISHED_BASE, self.base.rstrip("/").encode())
        digest = hashlib.sha1(body).hexdigest()
        headers = {"Content-Type": route["type"]}
        validator = route.get("validator", "etag")
        if validator == "etag":
            headers["ETag"] = f'"{digest[:16]}"'
            if request_headers.get("If-None-Match") == headers["ETag"]:
                return 304, {"ETag": headers["ETag"]}, b"", 0.0
        elif validator == "last-modified":
            stamp = 1_500_000_000 + int(digest[:6], 16)
            headers["Last-Modified"] = email.utils.formatdate(stamp, usegmt=True)
            if request_headers.get("If-Modified-Since") == headers["Last-Modified"]:
                return 304, {}, b"", 0.0
        return 200, headers, body, 0.0


def pages_only(site: FakeSite) -> None:
    """The web service answers listings but not GetMeeting (as some councils' do): every
    meeting is read from its page, and cut items from theirs."""
    site.script("/mgWebService.asmx/GetMeeting", status=404, times=None)


@pytest.fixture
def site() -> Iterator[FakeSite]:
    with FakeSite() as fake:
        yield fake


class RecordingStore:
    """Stands in for the store (``fetch.command.StoreLink``): records each batch of files it
    is given, and holds what it ingested (path -> SHA-256) in a file beside the cache, so a
    re-run with the same ``name`` sees the same store and another name a new, empty one."""

    def __init__(
        self,
        folder: Path,
        cache_folder: Callable[[], Path],
        *,
        name: str = "minutes",
        fail: Sequence[str] = (),
        stop: str | None = None,
    ) -> None:
        self._file = folder / f"{name}.fake-store.json"
        self.held: dict[str, str] = (
            json.loads(self._file.read_text()) if self._file.exists() else {}
        )
        self._folder = cache_folder
        self.batches: list[list[str]] = []
        self.fail = fail
        self.stop = stop

    def holds(self, path: Path, sha256: str) -> bool:
        return self.held.get(str(Path(path).resolve())) == sha256

    def ingest(self, paths: Sequence[Path]) -> list[FileResult]:
        names = [p.relative_to(self._folder()).as_posix() for p in paths]
        self.batches.append(names)
        if self.stop:
            raise SiteError(self.stop)
        results = []
        for p in paths:
            if any(f in p.name for f in self.fail):
                results.append(FileResult(str(p), "failed", f"{p}: unrecognised format"))
                continue
            self.held[str(p.resolve())] = hashlib.sha256(p.read_bytes()).hexdigest()
            results.append(FileResult(str(p), "ok", meetings=1))
        self._file.parent.mkdir(parents=True, exist_ok=True)
        self._file.write_text(json.dumps(self.held))
        return results

    @property
    def files(self) -> list[str]:
        return [name for batch in self.batches for name in batch]


@dataclass
class Run:
    summary: FetchSummary
    ingest: RecordingStore
    cache: SiteCache
    sleeps: list[float]


# A day long after the fake site's meetings (2017-18), so that they count as settled.
TODAY = "2026-01-01"


def crawl(
    site_url: str,
    tmp_path: Path,
    *,
    committees: Sequence[str] = (),
    pdf: bool = False,
    since: str = SINCE,
    until: str = UNTIL,
    fail_ingest: Sequence[str] = (),
    stop_ingest: str | None = None,
    store: str = "minutes",
    refresh: bool = False,
    settle_days: int = 90,
    **client_options: object,
) -> Run:
    import datetime as dt

    base = site_base(site_url)
    cache = SiteCache(tmp_path / "cache", base)
    ingest = RecordingStore(
        tmp_path, lambda: cache.folder, name=store, fail=fail_ingest, stop=stop_ingest
    )
    sleeps: list[float] = []
    options = FetchOptions(
        since=dt.date.fromisoformat(since),
        until=dt.date.fromisoformat(until),
        committees=tuple(committees),
        pdf=pdf,
        refresh=refresh,
        settle_days=settle_days,
        today=dt.date.fromisoformat(TODAY),
    )
    client_options.setdefault("delay", 0.0)
    client_options.setdefault("backoff", 0.001)
    with SiteClient(base, cache, sleep=sleeps.append, **client_options) as client:  # type: ignore[arg-type]
        summary = Crawler(client, base, ingest, options).run()
    return Run(summary, ingest, cache, sleeps)


MEETING_7016 = "pages/ieListDocuments.aspx__CId=1079_MId=7016.html"
MEETING_7188 = "pages/ieListDocuments.aspx__CId=1079_MId=7188.html"
MEETING_7240 = "pages/ieListDocuments.aspx__CId=133_MId=7240.html"
XML_7016 = "pages/mgWebService.asmx/GetMeeting__lMeetingId=7016.xml"
XML_7188 = "pages/mgWebService.asmx/GetMeeting__lMeetingId=7188.xml"
XML_7240 = "pages/mgWebService.asmx/GetMeeting__lMeetingId=7240.xml"
PDF_7016 = (
    "pages/documents/g7016/Printed_minutes_27th-Sep-2017_16.00_Childrens_Partnership_Board.pdf"
)
ITEM_62184 = "pages/mgAi.aspx__ID=62184.html"
ITEM_63010 = "pages/mgAi.aspx__ID=63010.html"


# --- a full fetch -----------------------------------------------------------------------------


def test_full_fetch_lists_every_meeting_in_range_and_ingests_it(site: FakeSite, tmp_path: Path):
    run = crawl(site.base, tmp_path)
    s = run.summary
    assert s.error is None and not s.interrupted and s.failed == []
    assert s.source == "web service"
    assert s.committees == 3  # the deleted "Old Licensing Panel" is left out
    assert s.meetings_listed == 3  # 5 July 2017 is before --since
    assert s.meetings_done == 3
    # Newest first, one batch per meeting. 7016's GetMeeting answer carries every item's
    # minutes: that one request is the meeting. 7240's and 7188's answers carry titles only,
    # so their pages are read, and the page of the item 7240's page cuts short.
    assert run.ingest.batches == [[MEETING_7240, ITEM_63010], [MEETING_7188], [XML_7016]]
    assert site.paths() == [
        "/robots.txt",
        "/mgWebService.asmx/GetCommittees",
        # Every committee's meetings in one request (committee 0), not one per committee.
        "/mgWebService.asmx/GetMeetings?lCommitteeId=0&sFromDate=01%2F09%2F2017&sToDate=31%2F01%2F2018",
        "/mgWebService.asmx/GetMeeting?lMeetingId=7240",
        "/ieListDocuments.aspx?CId=133&MId=7240",
        "/mgAi.aspx?ID=63010",
        "/mgWebService.asmx/GetMeeting?lMeetingId=7188",
        "/ieListDocuments.aspx?CId=1079&MId=7188",
        "/mgWebService.asmx/GetMeeting?lMeetingId=7016",
    ]
    assert (s.requests, s.fetched, s.not_modified, s.ingested) == (9, 9, 0, 4)
    assert (s.from_web_service, s.truncated_followed) == (1, 1)
    # The raw responses are in the cache, under names from the URL, with the index beside them.
    folder = run.cache.folder
    assert folder == tmp_path / "cache" / f"127.0.0.1_{urlsplit(site.base).port}"
    stored = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert stored == [
        "index.json",
        "lists/mgWebService.asmx/GetCommittees.xml",
        "lists/mgWebService.asmx/GetMeetings__lCommitteeId=0_sFromDate=01-09-2017_sToDate=31-01-2018.xml",
        "lists/robots.txt",
        MEETING_7188,
        MEETING_7240,
        ITEM_63010,
        XML_7016,
        XML_7188,
        XML_7240,
    ]
    index = json.loads((folder / "index.json").read_text())
    page = index["entries"][site.base + "ieListDocuments.aspx?CId=133&MId=7240"]
    assert page["file"] == MEETING_7240
    assert page["etag"].startswith('"') and "ingested_sha256" not in page
    assert page["sha256"] == hashlib.sha256((folder / MEETING_7240).read_bytes()).hexdigest()
    # What each meeting is made of, and whether its minutes came as approved: 7188's page
    # says "Agenda and draft minutes".
    meetings = index["meetings"]
    assert {mid: (m["date"], m["approved"], m["urls"]) for mid, m in meetings.items()} == {
        "7016": ("2017-09-27", True, [site.base + "mgWebService.asmx/GetMeeting?lMeetingId=7016"]),
        "7188": ("2017-12-13", False, [site.base + "ieListDocuments.aspx?CId=1079&MId=7188"]),
        "7240": (
            "2018-01-16",
            True,
            [site.base + "ieListDocuments.aspx?CId=133&MId=7240", site.base + "mgAi.aspx?ID=63010"],
        ),
    }
    # The cached answer is the site's bytes: item 20's whole minutes, which the meeting page
    # cuts at "view the full minutes text for item 20."
    assert (
        b"the completion rate for the parenting programmes has risen to 82%"
        in (folder / XML_7016).read_bytes()
    )


def test_every_request_names_the_tool_in_its_user_agent(
    site: FakeSite, tmp_path: Path, monkeypatch
):
    monkeypatch.setenv("MINUTES_TUI_CONTACT", "clerk-watcher@example.org")
    crawl(site.base, tmp_path, committees=["133"])
    agents = {headers["User-Agent"] for _, headers in site.requests}
    assert len(agents) == 1
    agent = agents.pop()
    assert agent.startswith("minutes-tui/0.1")
    assert agent.endswith("(+offline minutes reader; contact: clerk-watcher@example.org)")


def test_truncated_minutes_are_followed_to_the_item_page_only(site: FakeSite, tmp_path: Path):
    site.script("/mgWebService.asmx/GetMeeting", status=404, times=None)  # service switched off
    run = crawl(site.base, tmp_path, committees=["Children's Partnership Board"])
    item_requests = [p for p in site.paths() if p.startswith("/mgAi.aspx")]
    # Items 16-19 are complete on the meeting page; only item 20 says
    # "view the full minutes text for item 20." and its anchor leads to mgAi.aspx?ID=62184.
    assert item_requests == ["/mgAi.aspx?ID=62184"]
    full = (run.cache.folder / ITEM_62184).read_text()
    assert "the completion rate for the parenting programmes has risen to 82%" in full
    assert run.ingest.batches == [[MEETING_7188], [MEETING_7016, ITEM_62184]]
    assert run.summary.truncated_followed == 1
    # GetMeeting was asked once; after a 404 the run reads the meeting pages only.
    assert site.paths().count("/mgWebService.asmx/GetMeeting?lMeetingId=7188") == 1
    assert not [p for p in site.paths() if "lMeetingId=7016" in p]
    assert run.summary.notes == [
        "the web service's GetMeeting 404 Not Found (no such page); reading the meeting "
        "pages instead"
    ]


def test_a_site_in_a_folder_from_a_pasted_meeting_address(tmp_path: Path):
    with FakeSite(folder="/DemocraticServices") as site:
        pasted = site.base + "ieListDocuments.aspx?CId=133&MId=7240"
        run = crawl(pasted, tmp_path, committees=["Executive Board"])
        assert run.summary.ok
        assert site.paths()[:2] == [
            "/robots.txt",
            "/DemocraticServices/mgWebService.asmx/GetCommittees",
        ]
        assert run.cache.folder.name == f"127.0.0.1_{urlsplit(site.base).port}_DemocraticServices"
        assert run.ingest.batches == [[MEETING_7240, ITEM_63010]]


# --- re-runs: conditional requests, changes, resume --------------------------------------------


# Re-runs that ask about every meeting (nothing settles within a million days).
UNSETTLED = 10**6


def test_rerun_asks_conditionally_and_refetches_only_what_changed(site: FakeSite, tmp_path: Path):
    first = crawl(site.base, tmp_path, settle_days=UNSETTLED)
    assert first.summary.fetched == 9
    site.requests.clear()
    site.replaced["pages/ieListDocuments_1079_7188.html"] = (
        "pages/ieListDocuments_1079_7188_v2.html"
    )

    second = crawl(site.base, tmp_path, settle_days=UNSETTLED)
    s = second.summary
    assert s.failed == [] and s.error is None
    # Only the changed meeting page went to the store again.
    assert second.ingest.batches == [[MEETING_7188]]
    # 7016's GetMeeting answer has no validator (like real .aspx answers): downloaded again,
    # the same bytes, so not ingested again.
    assert (s.fetched, s.not_modified, s.from_cache, s.ingested) == (2, 6, 1, 1)
    assert s.already_in_store == 3
    # Unchanged meeting pages were not re-downloaded: the site answered 304 to If-None-Match,
    # and their item pages were taken from the cache without asking.
    assert [p for p in site.paths() if p.startswith("/mgAi.aspx")] == []
    conditional = {p: h.get("If-None-Match") for p, h in site.requests}
    assert [p for p, etag in conditional.items() if not etag] == [
        "/mgWebService.asmx/GetMeeting?lMeetingId=7016"
    ]
    assert (
        "RESOLVED to approve the Children and Young People"
        in (second.cache.folder / MEETING_7188).read_text()
    )


def test_a_rerun_does_not_ask_about_meetings_whose_approved_minutes_have_settled(
    site: FakeSite, tmp_path: Path
):
    for route in site.routes:
        route["validator"] = "none"  # as real sites: nothing to ask conditionally with
    crawl(site.base, tmp_path)
    site.requests.clear()
    again = crawl(site.base, tmp_path)
    s = again.summary
    # 7240 and 7016 came with approved minutes and are years old: the site is not asked about
    # them. 7188's page said "draft minutes": it is asked again (and is the same).
    assert site.paths() == [
        "/robots.txt",
        "/mgWebService.asmx/GetCommittees",
        "/mgWebService.asmx/GetMeetings?lCommitteeId=0&sFromDate=01%2F09%2F2017&sToDate=31%2F01%2F2018",
        "/mgWebService.asmx/GetMeeting?lMeetingId=7188",
        "/ieListDocuments.aspx?CId=1079&MId=7188",
    ]
    assert (s.requests, s.meetings_settled, s.meetings_done) == (5, 2, 3)
    assert "3 meetings listed via the web service (3 committees), 3 done, 2 settled" in s.lines()[0]
    assert s.lines()[1].startswith("5 requests: ")
    assert again.ingest.batches == []

    # A settle period longer than their age, or --refresh, asks about them all again.
    site.requests.clear()
    young = crawl(site.base, tmp_path, settle_days=5000)
    # Asked about again; 7240's item page comes from the cache, its meeting page unchanged.
    assert young.summary.meetings_settled == 0 and young.summary.requests == 8
    site.requests.clear()
    refreshed = crawl(site.base, tmp_path, refresh=True)
    assert refreshed.summary.meetings_settled == 0 and refreshed.summary.requests == 8


def test_a_new_store_is_filled_from_the_cache_without_asking_the_site_again(
    site: FakeSite, tmp_path: Path
):
    """The cache is not the store: a second --db beside the first (or the first deleted) is
    filled from what the cache holds."""
    first = crawl(site.base, tmp_path)
    assert first.ingest.files == [MEETING_7240, ITEM_63010, MEETING_7188, XML_7016]
    site.requests.clear()
    other = crawl(site.base, tmp_path, store="second")
    assert other.ingest.files == first.ingest.files
    assert other.summary.ingested == 4
    # The settled meetings' files came from the cache: the site was asked only about 7188.
    assert [p for p in site.paths() if "7240" in p or "7016" in p] == []
    # The first store, run again, holds everything already.
    again = crawl(site.base, tmp_path)
    assert again.ingest.batches == [] and again.summary.already_in_store == 4
    # Deleted: filled again.
    (tmp_path / "minutes.fake-store.json").unlink()
    refilled = crawl(site.base, tmp_path)
    assert refilled.ingest.files == first.ingest.files


def test_etag_and_last_modified_validators_are_sent_back(site: FakeSite, tmp_path: Path):
    site.script("/mgWebService.asmx/GetMeeting", status=404, times=None)  # pages only
    crawl(site.base, tmp_path, committees=["1079"], pdf=True, settle_days=UNSETTLED)
    # The meeting page changes (a corrected venue), so the pages it links to are asked about again.
    page_file = tmp_path / "7016_corrected.html"
    original = (FIXTURES / "pages/ieListDocuments_1079_7016.html").read_text()
    page_file.write_text(original.replace("LB 31-32", "LB 33"))
    site.replaced["pages/ieListDocuments_1079_7016.html"] = str(page_file)
    site.requests.clear()

    again = crawl(site.base, tmp_path, committees=["1079"], pdf=True, settle_days=UNSETTLED)
    headers = dict(site.requests)
    first_etag = headers["/ieListDocuments.aspx?CId=1079&MId=7016"]["If-None-Match"]
    assert first_etag.startswith('"')
    assert headers["/mgAi.aspx?ID=62184"]["If-None-Match"].startswith('"')
    pdf = headers["/mgConvert2PDF.aspx?ID=7016&T=1"]  # this route sends Last-Modified only
    assert "If-None-Match" not in pdf
    assert pdf["If-Modified-Since"].endswith(" GMT")
    # Only the corrected page came back; the item page and the PDF were 304.
    assert again.summary.fetched == 1
    assert again.ingest.batches == [[MEETING_7016]]
    # robots.txt, GetCommittees, GetMeetings, the first GetMeeting (404: not asked again), two
    # meeting pages, the item page and the PDF: all but the corrected page and the 404
    # answered 304.
    assert len(site.requests) == again.summary.requests == 8
    assert again.summary.not_modified == 6


def test_a_page_whose_server_sends_no_validators_is_refetched_but_not_reingested(
    site: FakeSite, tmp_path: Path
):
    for route in site.routes:
        route["validator"] = "none"
    crawl(site.base, tmp_path, committees=["133"], settle_days=UNSETTLED)
    again = crawl(site.base, tmp_path, committees=["133"], settle_days=UNSETTLED)
    # Downloaded again (nothing to ask conditionally with), same bytes: the store is not asked.
    # robots.txt, GetCommittees, GetMeetings, GetMeeting, the meeting page.
    assert again.summary.fetched == 5
    assert again.ingest.batches == []
    assert again.summary.from_cache == 1  # the item page of an unchanged meeting page
    assert again.summary.already_in_store == 2


def test_interrupted_run_resumes_to_completion(site: FakeSite, tmp_path: Path):
    full = crawl(site.base, tmp_path / "reference")
    site.requests.clear()

    calls = 0

    def stop_at_the_seventh_request(url: str) -> None:
        nonlocal calls
        calls += 1
        if calls == 7:  # as if Ctrl+C were pressed while asking for GetMeeting of 7188
            raise KeyboardInterrupt

    cut = crawl(site.base, tmp_path, before_request=stop_at_the_seventh_request)
    assert cut.summary.interrupted
    assert cut.summary.meetings_done == 1
    assert cut.ingest.files == [MEETING_7240, ITEM_63010]
    assert "interrupted: run the same command again" in cut.summary.lines()[0]
    assert cut.summary.exit_status == 130
    folder = cut.cache.folder
    assert [p.name for p in folder.rglob("*.part")] == []
    # The journal made it into index.json: the six answers that came back before the cut.
    assert len(json.loads((folder / "index.json").read_text())["entries"]) == 6

    site.requests.clear()
    resumed = crawl(site.base, tmp_path)
    assert resumed.summary.ok
    assert resumed.ingest.files == [MEETING_7188, XML_7016]
    # What the first run finished was not downloaded again (7240 has settled): GetMeeting and
    # the page of 7188, GetMeeting of 7016.
    assert resumed.summary.fetched == 3
    done_before = sorted(cut.ingest.files + resumed.ingest.files)
    assert done_before == sorted(full.ingest.files)


def test_ingest_failure_is_reported_and_retried_from_the_cache_next_time(
    site: FakeSite, tmp_path: Path
):
    first = crawl(site.base, tmp_path, committees=["133"], fail_ingest=["mgAi"])
    assert [f.url for f in first.summary.ingest_failed] == [site.base + "mgAi.aspx?ID=63010"]
    assert first.summary.lines()[-1].startswith("not ingested: ")
    site.requests.clear()
    second = crawl(site.base, tmp_path, committees=["133"])
    # The meeting page is unchanged (304) but its item page was never ingested: it is asked
    # about again (304) and handed to the store from the cache.
    assert second.ingest.batches == [[ITEM_63010]]
    assert second.summary.fetched == 0


def test_a_store_that_cannot_be_written_stops_the_run_with_its_reason(
    site: FakeSite, tmp_path: Path
):
    busy = "minutes.db: the store is busy (another minutes-tui is writing); try again"
    run = crawl(site.base, tmp_path, stop_ingest=busy)
    assert run.summary.error == busy
    assert run.summary.exit_status == 3
    assert run.summary.meetings_done == 0
    assert len(run.ingest.batches) == 1  # nothing more was downloaded after the store failed
    # What was downloaded stays in the cache, not in the store, for the next run, which
    # hands it to the store without asking the site about the settled meeting.
    entry = run.cache.get(site.base + "ieListDocuments.aspx?CId=133&MId=7240")
    assert entry is not None and not run.ingest.holds(run.cache.path_of(entry), entry.sha256)
    site.requests.clear()
    again = crawl(site.base, tmp_path)
    assert again.ingest.batches[0] == [MEETING_7240, ITEM_63010]
    assert again.summary.ok


# --- being polite and failing cleanly ---------------------------------------------------------


def test_429_with_retry_after_is_retried_after_the_wait(site: FakeSite, tmp_path: Path):
    pages_only(site)
    site.script("/mgAi.aspx", {"ID": "62184"}, status=429, headers={"Retry-After": "0"})
    run = crawl(site.base, tmp_path, committees=["1079"])
    assert run.summary.failed == []
    assert site.paths().count("/mgAi.aspx?ID=62184") == 2
    assert run.sleeps == [0.0]  # Retry-After: 0 honoured instead of the backoff
    assert run.summary.retries == 1
    assert ITEM_62184 in run.ingest.files


def test_retry_after_longer_than_the_limit_gives_up_on_that_page(site: FakeSite, tmp_path: Path):
    pages_only(site)
    site.script("/mgAi.aspx", {"ID": "62184"}, status=429, headers={"Retry-After": "3600"})
    run = crawl(site.base, tmp_path, committees=["1079"])
    assert [(f.url, f.reason) for f in run.summary.failed] == [
        (
            site.base + "mgAi.aspx?ID=62184",
            "429 Too Many Requests; the site asked us to wait 3600 s, more than the 120 s limit",
        )
    ]
    assert run.sleeps == []


def test_a_persistent_500_is_given_up_and_the_rest_goes_on(site: FakeSite, tmp_path: Path):
    pages_only(site)
    site.script("/ieListDocuments.aspx", {"MId": "7188"}, status=500, times=None)
    run = crawl(site.base, tmp_path, max_retries=2, backoff=0.5)
    s = run.summary
    assert [(f.url, f.reason) for f in s.failed] == [
        (
            site.base + "ieListDocuments.aspx?CId=1079&MId=7188",
            "500 Internal Server Error (after 3 tries)",
        )
    ]
    assert run.sleeps == [0.5, 1.0]  # exponential backoff between the three tries
    assert run.ingest.batches == [[MEETING_7240, ITEM_63010], [MEETING_7016, ITEM_62184]]
    assert s.meetings_done == 3 and not s.ok
    assert (
        f"failed: {site.base}ieListDocuments.aspx?CId=1079&MId=7188: "
        "500 Internal Server Error (after 3 tries)"
    ) in s.lines()


def test_robots_txt_disallowing_item_pages_skips_and_counts_them(site: FakeSite, tmp_path: Path):
    pages_only(site)
    site.robots = "User-agent: *\nDisallow: /mgAi.aspx\n"
    run = crawl(site.base, tmp_path)
    s = run.summary
    assert not [p for p in site.paths() if p.startswith("/mgAi.aspx")]
    assert s.robots_skipped == [site.base + "mgAi.aspx?ID=63010", site.base + "mgAi.aspx?ID=62184"]
    assert run.ingest.batches == [[MEETING_7240], [MEETING_7188], [MEETING_7016]]
    assert "2 skipped by robots.txt" in "\n".join(s.lines())


def test_robots_txt_naming_minutes_tui_and_a_crawl_delay_are_obeyed(site: FakeSite, tmp_path: Path):
    site.robots = "User-agent: minutes-tui\nCrawl-delay: 7\nDisallow: /mgWebService.asmx/\n"
    run = crawl(site.base, tmp_path, committees=["133"])
    assert run.summary.source == "HTML pages"
    assert run.summary.notes == [
        "the web service is disallowed by robots.txt; reading the HTML pages instead"
    ]
    assert not [p for p in site.paths() if "mgWebService" in p]
    # Every pause between requests waited for the Crawl-delay (less the time already spent).
    assert run.sleeps and all(6.0 < pause <= 7.0 for pause in run.sleeps)


def test_a_robots_txt_that_keeps_everyone_away_is_one_clear_error(site: FakeSite, tmp_path: Path):
    site.robots = "User-agent: *\nDisallow: /\n"
    run = crawl(site.base, tmp_path)
    assert run.summary.error == (
        "127.0.0.1: robots.txt asks crawlers to keep away from the meeting pages "
        "(ieListDocuments.aspx); nothing fetched"
    )
    assert site.paths() == ["/robots.txt"]


def test_an_html_error_page_served_as_xml_falls_back_to_the_html_pages(
    site: FakeSite, tmp_path: Path
):
    site.web_service_html = True
    run = crawl(site.base, tmp_path)
    s = run.summary
    assert s.error is None and s.failed == []
    assert s.source == "HTML pages"
    assert s.notes == [
        "the web service answered with an HTML page, not XML; reading the HTML pages instead"
    ]
    # The calendar months of the range, newest first; the meetings found in them.
    calendar = [p for p in site.paths() if p.startswith("/mgCalendarMonthView.aspx")]
    assert [dict(parse_qsl(urlsplit(p).query))["M"] for p in calendar] == [
        "1",
        "12",
        "11",
        "10",
        "9",
    ]
    assert run.ingest.batches == [
        [MEETING_7240, ITEM_63010],
        [MEETING_7188],
        [MEETING_7016, ITEM_62184],
    ]


def test_html_fallback_with_a_committee_uses_its_meetings_page(site: FakeSite, tmp_path: Path):
    site.script("/mgWebService.asmx/GetCommittees", status=404, times=None)
    run = crawl(site.base, tmp_path, committees=["children"])
    assert run.summary.notes == [
        "the web service is not available (404 Not Found (no such page)); "
        "reading the HTML pages instead"
    ]
    # The committee's meetings page per municipal year of the range (Sep 2017 - Jan 2018).
    assert [p for p in site.paths() if p.startswith("/ieListMeetings.aspx")] == [
        "/ieListMeetings.aspx?CId=1079&Year=2018",
        "/ieListMeetings.aspx?CId=1079&Year=2017",
    ]
    # The Executive Board meeting in the January calendar is not this committee's.
    assert run.ingest.batches == [[MEETING_7188], [MEETING_7016, ITEM_62184]]


def test_html_fallback_drops_committee_page_meetings_outside_the_range(
    site: FakeSite, tmp_path: Path
):
    site.script("/mgWebService.asmx/GetCommittees", status=404, times=None)
    run = crawl(site.base, tmp_path, committees=["1079"], until="2017-12-10")
    # The committee page lists 13 December 2017 too; its date is after --until, and the
    # December calendar (scanned for 1-10 December) does not let it back in.
    assert "/mgCalendarMonthView.aspx?M=12&DD=2017&CID=0&OT=&C=-1&MR=0" in site.paths()
    assert run.summary.meetings_listed == 1
    assert run.ingest.batches == [[MEETING_7016, ITEM_62184]]


def test_not_a_moderngov_site_is_one_clear_error(site: FakeSite, tmp_path: Path):
    site.routes = [r for r in site.routes if r["path"] == "/robots.txt"]
    site.script("/", status=200, headers={"Content-Type": "text/html"}, body=b"<html>Hi</html>")
    run = crawl(site.base, tmp_path)
    assert run.summary.error == (
        f"{site.base}: not a modern.gov site (the web service is not available "
        "(404 Not Found (no such page)); mgListCommittees.aspx: 404 Not Found (no such page))"
    )
    assert run.summary.lines()[0] == f"error: {run.summary.error}"


def test_a_firewall_answering_403_is_one_clear_error(site: FakeSite, tmp_path: Path):
    site.script("/mgWebService.asmx/GetCommittees", status=403, times=None)
    site.script("/mgListCommittees.aspx", status=403, times=None)
    run = crawl(site.base, tmp_path)
    assert run.summary.error == (
        "127.0.0.1: the site is blocking automated access (403 Forbidden (refused by the site "
        "or its firewall)); nothing more was fetched. Try again later, or open the meeting "
        "pages in a browser, save them, and run `minutes-tui ingest` on the saved files"
    )
    assert run.summary.exit_status == 3
    assert run.ingest.batches == []


def test_an_unreachable_site_is_one_clear_error(tmp_path: Path):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    run = crawl(f"http://127.0.0.1:{port}/", tmp_path, max_retries=1)
    assert run.summary.error is not None
    assert run.summary.error.startswith("127.0.0.1: robots.txt could not be read (cannot connect")
    assert run.summary.error.endswith("(after 2 tries)); not crawling without it")


def test_a_tls_failure_is_one_clear_error_and_not_retried(site: FakeSite, tmp_path: Path):
    # Speaking TLS to a plain-HTTP port fails the handshake, as a broken certificate setup does.
    tls_url = site.base.replace("http://", "https://")
    run = crawl(tls_url, tmp_path, max_retries=3)
    assert run.summary.error is not None
    assert run.summary.error.startswith("127.0.0.1: robots.txt could not be read (TLS error (")
    assert run.summary.error.endswith("); not crawling without it")
    assert run.sleeps == []  # a TLS error will not mend itself: no retries


def test_a_timeout_gives_up_on_that_page_and_goes_on(site: FakeSite, tmp_path: Path):
    site.script("/mgAi.aspx", {"ID": "63010"}, status=200, delay=0.5, times=None)
    run = crawl(site.base, tmp_path, committees=["133"], max_retries=0, timeout=httpx.Timeout(0.1))
    assert [(f.url, f.reason) for f in run.summary.failed] == [
        (site.base + "mgAi.aspx?ID=63010", "timed out waiting for the answer (after 1 tries)")
    ]
    assert run.ingest.batches == [[MEETING_7240]]


def test_a_redirect_off_the_site_is_not_followed(site: FakeSite, tmp_path: Path, monkeypatch):
    connected = _record_connections(monkeypatch)
    site.script(
        "/mgAi.aspx",
        {"ID": "63010"},
        status=302,
        headers={"Location": "http://tracker.example.invalid/x"},
    )
    run = crawl(site.base, tmp_path, committees=["133"])
    assert [(f.url, f.reason) for f in run.summary.failed] == [
        (
            site.base + "mgAi.aspx?ID=63010",
            "redirected off the site to tracker.example.invalid; not followed",
        )
    ]
    assert {host for host, _ in connected} == {"127.0.0.1"}


def test_unknown_and_ambiguous_committee_names_are_clear_errors(site: FakeSite, tmp_path: Path):
    assert crawl(site.base, tmp_path, committees=["Planning"]).summary.error == (
        "no committee called 'Planning' on this site; it has 3, e.g. Children's Partnership "
        "Board (ID 1079); Executive Board (ID 133); Executive Board Commissioning "
        "Sub-Committee (ID 412)"
    )
    assert crawl(site.base, tmp_path, committees=["board"]).summary.error == (
        "'board' matches 3 committees: Children's Partnership Board (ID 1079); Executive "
        "Board (ID 133); Executive Board Commissioning Sub-Committee (ID 412); give the ID"
    )
    # An exact name wins over the longer names that contain it.
    exact = crawl(site.base, tmp_path, committees=["executive board"])
    assert exact.summary.committees == 1 and exact.summary.meetings_listed == 1


PDF_7240 = "pages/documents/g7240/Printed_minutes_16th-Jan-2018_14.00_Executive_Board.pdf"


def test_printed_minutes_pdfs_from_the_web_service_or_the_page(site: FakeSite, tmp_path: Path):
    run = crawl(site.base, tmp_path, pdf=True)
    assert run.summary.failed == []
    assert run.ingest.batches == [
        # 7240's page has no documents list: its GetMeeting answer (titles only, so the page
        # was read) names the printed minutes.
        [MEETING_7240, ITEM_63010, PDF_7240],
        [MEETING_7188],  # agenda only: no printed minutes yet, and none in GetMeeting
        # The meeting's own documents in GetMeeting; item 18's "Minutes" (the minutes of the
        # meeting before, filed under that item) is not this meeting's.
        [XML_7016, PDF_7016],
    ]
    assert not [p for p in site.paths() if "s68712" in p]
    assert (run.cache.folder / PDF_7016).read_bytes().startswith(b"%PDF-1.4")


def test_printed_minutes_from_the_meeting_page(site: FakeSite, tmp_path: Path):
    pages_only(site)
    run = crawl(site.base, tmp_path, pdf=True, committees=["1079"])
    assert run.summary.failed == []
    assert run.ingest.batches == [
        [MEETING_7188],
        [MEETING_7016, ITEM_62184, "pages/mgConvert2PDF.aspx__ID=7016_T=1.pdf"],
    ]
    pdf = run.cache.folder / "pages/mgConvert2PDF.aspx__ID=7016_T=1.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-1.4")


# --- no network anywhere else -----------------------------------------------------------------


def _record_connections(monkeypatch) -> list[tuple[str, int]]:
    """Record every socket connection; refuse any that is not to 127.0.0.1."""
    seen: list[tuple[str, int]] = []
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: object) -> None:
        host, port = address[0], address[1]  # type: ignore[index]
        seen.append((host, port))
        if host != "127.0.0.1":
            raise AssertionError(f"a socket was opened to {host}:{port}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return seen


def test_no_socket_is_opened_to_anything_but_127_0_0_1(site: FakeSite, tmp_path: Path, monkeypatch):
    connected = _record_connections(monkeypatch)
    run = crawl(site.base, tmp_path, pdf=True)
    assert run.summary.ok
    port = urlsplit(site.base).port
    assert connected and set(connected) == {("127.0.0.1", port)}


NETWORK_MODULES = {
    "httpx",
    "httpcore",
    "socket",
    "urllib.request",
    "http.client",
    "requests",
    "aiohttp",
    "ftplib",
    "smtplib",
}


def test_only_the_fetch_package_imports_network_code():
    offenders = []
    for package in ("parsers", "store", "tui"):
        for path in sorted((PROJECT / package).rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            if not any(name.split(".")[0] in source for name in NETWORK_MODULES):
                continue  # cannot import any of them; skip the parse
            tree = ast.parse(source)
            for node in ast.walk(tree):
                names: list[str] = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module]
                for name in names:
                    if name in NETWORK_MODULES or name.split(".")[0] in {
                        "httpx",
                        "httpcore",
                        "requests",
                        "aiohttp",
                    }:
                        offenders.append(f"{path.relative_to(PROJECT)}: {name}")
    assert offenders == []


# --- the command, end to end ------------------------------------------------------------------


def _html_format_registered() -> bool:
    from parsers.registry import FORMATS

    return any(getattr(f, "NAME", None) == "moderngov-html" for f in FORMATS)


def _command_args(site_url: str, db: Path, *extra: str) -> argparse.Namespace:
    from fetch.command import add_arguments

    parser = argparse.ArgumentParser(prog="minutes-tui fetch")
    add_arguments(parser)
    return parser.parse_args(
        [site_url, "--since", SINCE, "--until", UNTIL, "--delay", "0", "--db", str(db), *extra]
    )


def test_command_end_to_end_through_the_real_ingest(site: FakeSite, tmp_path: Path, capsys):
    if not _html_format_registered():
        pytest.skip("the modern.gov HTML format is not registered in parsers.registry yet")
    import sqlite3

    from fetch.command import run

    db = tmp_path / "minutes.db"
    assert run(_command_args(site.base, db, "--pdf")) == 0
    out = capsys.readouterr().out
    assert "3 meetings listed via the web service (3 committees), 3 done" in out
    # Two meeting pages, an item page, 7016's GetMeeting answer, two printed-minutes PDFs.
    assert "ingest: 6 files ingested, 0 unchanged, 0 already in the store, 0 failed" in out
    assert (
        "new in the store: 3 meetings added, 0 changed; 10 items added, 0 changed; "
        "4 resolutions and 1 actions added or changed"
    ) in out
    conn = sqlite3.connect(db)
    meetings = conn.execute("SELECT committee, date FROM meetings ORDER BY date").fetchall()
    assert meetings == [
        ("Children's Partnership Board", "2017-09-27"),
        ("Children's Partnership Board", "2017-12-13"),
        ("Executive Board", "2018-01-16"),
    ]
    truncated, minutes = conn.execute(
        "SELECT truncated, minutes FROM items WHERE title LIKE 'Update on Priority 2%'"
    ).fetchone()
    # The meeting page cuts item 20 at (d); the GetMeeting answer carries the whole text.
    assert not truncated
    assert minutes.endswith("RESOLVED to note the update and thank the presenters.")
    assert "(f) Within the last year the completion rate for the parenting programmes" in minutes
    conn.close()

    # A second run downloads nothing and changes nothing: the two settled meetings are not
    # asked about, the rest answers 304.
    site.requests.clear()
    assert run(_command_args(site.base, db, "--pdf")) == 0
    out = capsys.readouterr().out
    assert "5 requests: 0 pages fetched, 5 not modified" in out
    assert "ingest: 0 files ingested, 0 unchanged, 6 already in the store, 0 failed" in out
    assert "new in the store: 0 meetings added, 0 changed; 0 items added, 0 changed" in out

    # A second store in the same folder is filled from the cache (it was left empty before).
    other = tmp_path / "other.db"
    assert run(_command_args(site.base, other, "--pdf")) == 0
    out = capsys.readouterr().out
    assert "ingest: 6 files ingested, 0 unchanged, 0 already in the store, 0 failed" in out
    assert "new in the store: 3 meetings added" in out
    conn = sqlite3.connect(other)
    assert conn.execute("SELECT count(*) FROM meetings").fetchone()[0] == 3
    conn.close()
    # The first store deleted: filled again.
    for leftover in tmp_path.glob("minutes.db*"):
        leftover.unlink()
    assert run(_command_args(site.base, db, "--pdf")) == 0
    assert "ingest: 6 files ingested" in capsys.readouterr().out
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM items").fetchone()[0] == 10
    conn.close()


def test_command_rejects_bad_arguments_with_one_line(tmp_path: Path, capsys):
    from fetch.command import add_arguments, run

    parser = argparse.ArgumentParser(prog="minutes-tui fetch")
    add_arguments(parser)
    args = parser.parse_args(["ftp://example.org", "--db", str(tmp_path / "m.db")])
    assert run(args) == 2
    assert (
        capsys.readouterr().err
        == "minutes-tui fetch: error: ftp://example.org: not an http(s) address\n"
    )
    args = parser.parse_args(
        [
            "example.org",
            "--since",
            "2020-01-02",
            "--until",
            "01/01/2020",
            "--db",
            str(tmp_path / "m.db"),
        ]
    )
    assert run(args) == 2
    assert capsys.readouterr().err == (
        "minutes-tui fetch: error: --since 2020-01-02 is after --until 2020-01-01\n"
    )
    with pytest.raises(SystemExit):
        parser.parse_args(["example.org", "--since", "last tuesday"])
    assert "'last tuesday' is not a date (use YYYY-MM-DD or DD/MM/YYYY)" in capsys.readouterr().err
