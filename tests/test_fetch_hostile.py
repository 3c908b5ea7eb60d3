"""``fetch`` against sites that are hostile, broken or shielded (issues 17 and 19): each becomes
one line a person can act on, the run goes on where it can, and the exit status says what
happened. Everything is served on 127.0.0.1 by the fake site of ``tests/test_fetch.py``."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_fetch import (
    FIXTURES,
    ITEM_62184,
    ITEM_63010,
    MEETING_7016,
    MEETING_7188,
    MEETING_7240,
    FakeSite,
    _record_connections,
    crawl,
    pages_only,
)

from fetch.cache import SiteCache, relative_name
from fetch.client import ROBOTS_MAX_BYTES, FetchError, SiteClient

CHALLENGE = (FIXTURES / "html/challenge.html").read_bytes()
BLOCKED = (
    "127.0.0.1: the site is blocking automated access ({why}); nothing more was fetched. "
    "Try again later, or open the meeting pages in a browser, save them, and run "
    "`minutes-tui ingest` on the saved files"
)


@pytest.fixture
def site():
    with FakeSite() as fake:
        yield fake


def _page_with(tmp_path: Path, name: str, extra: str) -> str:
    """The 7016 meeting page with ``extra`` markup added before its end, as a file to serve."""
    original = (FIXTURES / "pages/ieListDocuments_1079_7016.html").read_text()
    changed = tmp_path / name
    changed.write_text(original.replace("</body>", extra + "</body>"))
    return str(changed)


# --- bot shields (19.6) -------------------------------------------------------------------------


def test_a_challenge_page_answered_with_200_is_named_as_blocking(site: FakeSite, tmp_path: Path):
    """A shielded site answers everything, robots.txt included, with its interstitial and a 200:
    that was reported as "not a modern.gov site"."""
    site.shield = (200, CHALLENGE)
    run = crawl(site.base, tmp_path)
    assert run.summary.error == BLOCKED.format(why="200 OK, but a challenge page")
    assert run.summary.exit_status == 3
    assert site.paths() == ["/robots.txt"]  # nothing more is asked of a site that blocks
    assert run.ingest.batches == []
    # The challenge page is not kept in the cache as if it were the site's robots.txt.
    assert not list(run.cache.folder.rglob("*.txt"))


def test_a_shield_that_starts_mid_run_stops_it_and_keeps_what_was_done(
    site: FakeSite, tmp_path: Path
):
    calls = 0

    def shield_after_six(url: str) -> None:
        nonlocal calls
        calls += 1
        if calls == 7:  # the site's firewall wakes up as GetMeeting of 7188 is asked for
            site.shield = (403, CHALLENGE)

    run = crawl(site.base, tmp_path, before_request=shield_after_six)
    assert run.summary.error == BLOCKED.format(
        why="403 Forbidden (refused by the site or its firewall), a challenge page"
    )
    assert run.ingest.batches == [[MEETING_7240, ITEM_63010]]
    assert run.summary.meetings_done == 1 and run.summary.exit_status == 3
    assert len(site.requests) == 7


def test_a_challenge_page_never_replaces_a_cached_page(site: FakeSite, tmp_path: Path):
    pages_only(site)
    crawl(site.base, tmp_path, committees=["133"], settle_days=10**6)
    cache = SiteCache(tmp_path / "cache", site.base)
    entry = cache.get(site.base + "ieListDocuments.aspx?CId=133&MId=7240")
    assert entry is not None
    before = cache.path_of(entry).read_bytes()
    with SiteClient(site.base, cache, delay=0) as client:
        client.allowed(site.base)  # robots.txt read before the shield
        site.shield = (200, CHALLENGE)
        with pytest.raises(FetchError) as caught:
            client.get(site.base + "ieListDocuments.aspx?CId=133&MId=7240", conditional=False)
    assert caught.value.blocked and caught.value.reason == "200 OK, but a challenge page"
    assert cache.path_of(entry).read_bytes() == before
    assert not list(cache.folder.rglob("*.part"))


# --- robots.txt as RFC 9309 reads it (19.5) ------------------------------------------------------


def test_robots_wildcards_and_end_anchors_are_obeyed(site: FakeSite, tmp_path: Path):
    """``Disallow: /*.pdf$``: no PDF is fetched, and everything else is (urllib.robotparser
    read the line as a literal path prefix and fetched the PDFs)."""
    site.robots = "User-agent: *\nDisallow: /*.pdf$\nDisallow: /*T=1$\n"
    run = crawl(site.base, tmp_path, pdf=True)
    assert not [p for p in site.paths() if "pdf" in p.lower()]
    assert sorted(run.summary.robots_skipped) == [
        site.base + "documents/g7016/Printed%20minutes%2027th-Sep-2017%2016.00%20Childrens"
        "%20Partnership%20Board.pdf",
        site.base + "documents/g7240/Printed%20minutes%2016th-Jan-2018%2014.00%20Executive"
        "%20Board.pdf",
    ]
    assert run.summary.failed == [] and run.summary.meetings_done == 3


def test_a_fractional_crawl_delay_is_kept(site: FakeSite, tmp_path: Path):
    """``Crawl-delay: 2.5`` was dropped (urllib reads whole seconds only): the default 1 s won."""
    site.robots = "User-agent: *\nCrawl-delay: 2.5\n"
    run = crawl(site.base, tmp_path, committees=["133"], delay=1.0)
    assert run.sleeps and all(2.0 < pause <= 2.5 for pause in run.sleeps)


def test_a_huge_robots_txt_is_read_to_500_kib_only(site: FakeSite, tmp_path: Path):
    """A 150 MB robots.txt was read whole (583 MB) and kept in the cache; RFC 9309 lets a
    crawler stop at 500 KiB, and the rules in those are obeyed."""
    rules = b"User-agent: *\nDisallow: /mgAi.aspx\n"
    filler = b"# " + b"x" * 1021 + b"\n"
    site.script("/robots.txt", status=200, body=rules + filler, size=20 * 1024 * 1024)
    run = crawl(site.base, tmp_path, committees=["133"])
    kept = run.cache.folder / "lists/robots.txt"
    assert kept.stat().st_size == ROBOTS_MAX_BYTES
    assert run.summary.robots_skipped == [site.base + "mgAi.aspx?ID=63010"]


# --- one-line reasons, not tracebacks (17.13) ---------------------------------------------------


def test_a_link_with_a_broken_host_is_dropped_and_the_page_read(site: FakeSite, tmp_path: Path):
    """One ``http://[x`` link ("Invalid IPv6 URL") sank the whole page with a traceback."""
    pages_only(site)
    bad = (
        '<p><a href="http://[x/mgAi.aspx?ID=1">view the full minutes text for item 21.</a></p>'
        '<p><a href="mgAi.aspx?ID=9\x01">view the full minutes text for item 22.</a></p>'
    )
    site.replaced["pages/ieListDocuments_1079_7016.html"] = _page_with(tmp_path, "bad.html", bad)
    run = crawl(site.base, tmp_path, committees=["1079"])
    assert run.summary.error is None and run.summary.failed == []
    assert run.ingest.batches == [[MEETING_7188], [MEETING_7016, ITEM_62184]]


def test_an_address_with_a_control_character_is_one_line(tmp_path: Path):
    cache = SiteCache(tmp_path, "http://127.0.0.1:9/")
    address = "http://127.0.0.1:9/mgAi.aspx?ID=1\x1b]0;x\x07"
    with (
        SiteClient("http://127.0.0.1:9/", cache, delay=0) as client,
        pytest.raises(FetchError) as caught,
    ):
        client._request(address, folder="pages", conditional=False)
    assert caught.value.reason.startswith("not a valid address (Invalid non-printable ASCII")
    assert "\n" not in caught.value.reason and client.counts.requests == 0


def test_path_segments_over_255_bytes_and_paths_over_path_max_are_cached(
    site: FakeSite, tmp_path: Path
):
    """A 300-character folder in a link (ENAMETOOLONG: the file name limit is 255 bytes) and a
    5,000-byte path (over PATH_MAX) each stopped the run with a traceback."""
    pages_only(site)
    long_segment = "a" * 300
    deep = "/".join(["b" * 200] * 25)
    for path in (f"/{long_segment}/mgAi.aspx", f"/{deep}/mgAi.aspx"):
        site.routes.insert(
            0,
            {"path": path, "file": "pages/mgAi_62184.html", "type": "text/html; charset=utf-8"},
        )
    links = (
        f'<p><a href="{long_segment}/mgAi.aspx?ID=1">view the full minutes text for item 21.</a>'
        f'<a href="{deep}/mgAi.aspx?ID=2">view the full minutes text for item 22.</a></p>'
    )
    site.replaced["pages/ieListDocuments_1079_7016.html"] = _page_with(tmp_path, "long.html", links)
    run = crawl(site.base, tmp_path, committees=["1079"])
    assert run.summary.error is None and run.summary.failed == []
    (batch,) = [b for b in run.ingest.batches if MEETING_7016 in b]
    assert len(batch) == 4
    for name in batch:
        assert all(len(part.encode()) <= 150 for part in name.split("/"))
        assert len(name.encode()) <= 600
        assert (run.cache.folder / name).is_file()


def test_cache_names_are_bounded_per_segment_and_in_total():
    name = relative_name("https://d.gov.uk/" + "/".join(["s" * 300] * 40) + "/x.aspx?ID=1")
    parts = name.split("/")
    assert max(len(p) for p in parts) <= 150 and len(name) <= 600
    assert parts[0].startswith("deep-") and parts[-1] == "x.aspx__ID=1.html"
    other = relative_name("https://d.gov.uk/" + "/".join(["s" * 300] * 41) + "/x.aspx?ID=1")
    assert other != name  # a hash keeps two deep addresses apart


UNSHARE = shutil.which("unshare")


def _mount_namespaces_work() -> bool:
    if UNSHARE is None:
        return False
    probe = subprocess.run(
        [UNSHARE, "--user", "--map-root-user", "--mount", "true"], capture_output=True
    )
    return probe.returncode == 0


@pytest.mark.skipif(not _mount_namespaces_work(), reason="needs `unshare --user --mount`")
def test_a_full_disk_stops_the_run_with_one_line_and_keeps_what_was_saved(
    site: FakeSite, tmp_path: Path
):
    """The cache on a real 48 KB tmpfs (in a private mount namespace): ENOSPC was a traceback.
    Now one line says the disk is full, the store keeps what was ingested, exit status 3."""
    folder = tmp_path / "store"
    (folder / "cache").mkdir(parents=True)
    db = folder / "minutes.db"
    command = (
        f"mount -t tmpfs -o size=48k tmpfs {folder / 'cache'} && "
        f"{sys.executable} -c 'import sys; from tui.cli import main; sys.exit(main())' "
        f"fetch {site.base} --since 2017-09-01 --until 2018-01-31 --delay 0 --db {db}"
    )
    done = subprocess.run(
        [UNSHARE, "--user", "--map-root-user", "--mount", "sh", "-c", command],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parent.parent,
    )
    out = done.stdout.splitlines()
    assert done.returncode == 3, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert out[0].startswith("error: the disk is full (")
    assert out[0].endswith("); the run stopped, what was saved is kept")
    import sqlite3

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()


# --- bounds (17.14) -----------------------------------------------------------------------------


def test_a_dripping_answer_is_given_up_at_the_deadline(site: FakeSite, tmp_path: Path):
    """One byte every 0.1 s never trips a read timeout (a real drip ran 150 s)."""
    pages_only(site)
    site.script("/mgAi.aspx", {"ID": "63010"}, status=200, body=b"x" * 100, drip=0.1)
    started = time.monotonic()
    run = crawl(site.base, tmp_path, committees=["133"], deadline=0.5)
    assert time.monotonic() - started < 5
    assert [(f.url, f.reason) for f in run.summary.failed] == [
        (site.base + "mgAi.aspx?ID=63010", "the answer took longer than 0.5 s; gave up")
    ]
    assert run.ingest.batches == [[MEETING_7240]]


def test_a_redirect_to_another_port_on_the_same_host_is_not_followed(
    site: FakeSite, tmp_path: Path, monkeypatch
):
    with FakeSite() as other:
        connected = _record_connections(monkeypatch)
        site.script(
            "/mgAi.aspx",
            {"ID": "63010"},
            status=302,
            headers={"Location": other.base + "mgAi.aspx?ID=63010"},
        )
        pages_only(site)
        run = crawl(site.base, tmp_path, committees=["133"])
        assert other.paths() == []
    port = other.base.split(":")[2].rstrip("/")
    assert [(f.url, f.reason) for f in run.summary.failed] == [
        (
            site.base + "mgAi.aspx?ID=63010",
            f"redirected to http://127.0.0.1:{port}, not the site's scheme and port; not followed",
        )
    ]
    assert {p for _, p in connected} == {int(site.base.split(":")[2].rstrip("/"))}


def test_a_file_redirect_is_refused_at_once(site: FakeSite, tmp_path: Path):
    """A ``file://`` redirect was retried four times as a network error."""
    pages_only(site)
    site.script(
        "/mgAi.aspx", {"ID": "63010"}, status=302, headers={"Location": "file:///etc/passwd"}
    )
    run = crawl(site.base, tmp_path, committees=["133"], max_retries=3)
    assert [(f.url, f.reason) for f in run.summary.failed] == [
        (site.base + "mgAi.aspx?ID=63010", "redirected to a file: address; refused")
    ]
    assert site.paths().count("/mgAi.aspx?ID=63010") == 1 and run.sleeps == []


def test_a_page_with_200000_links_is_read_in_bounded_memory(tmp_path: Path):
    """200,000 links took 1.09 GB through BeautifulSoup; the streaming reader stops at the cap
    and forgets what it has read. Measured in a child process (its peak resident memory)."""
    page = tmp_path / "calendar.html"
    anchors = "".join(
        f'<td><a href="ieListDocuments.aspx?CId=1&amp;MId={n}">Cabinet</a></td>'
        for n in range(200_000)
    )
    page.write_text(f"<html><body><table><tr>{anchors}</tr></table></body></html>")
    script = (
        "import resource, sys\n"
        "from fetch.site import MAX_LINKS_PER_PAGE, meetings_from_html\n"
        "data = open(sys.argv[1], 'rb').read()\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "refs = meetings_from_html(data, 'https://d.gov.uk/mgCalendarMonthView.aspx')\n"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(len(refs), MAX_LINKS_PER_PAGE, (after - before) // 1024)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(page)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parent.parent,
    )
    found, cap, grew_mb = (int(v) for v in done.stdout.split())
    assert found == cap == 5_000
    assert grew_mb < 64, f"reading the page grew the process by {grew_mb} MB"


def test_the_meetings_queued_are_capped_with_a_note(site: FakeSite, tmp_path: Path):
    import datetime as dt

    from test_fetch import RecordingStore

    from fetch.crawler import Crawler, FetchOptions

    base = site.base
    cache = SiteCache(tmp_path / "cache", base)
    store = RecordingStore(tmp_path, lambda: cache.folder)
    options = FetchOptions(since=dt.date(2017, 9, 1), until=dt.date(2018, 1, 31), max_meetings=2)
    with SiteClient(base, cache, delay=0) as client:
        summary = Crawler(client, base, store, options).run()
    assert summary.meetings_listed == 2
    assert summary.notes[0] == (
        "the site lists 3 meetings in the range; only the newest 2 were fetched "
        "(narrow --since/--until or --committee for the rest)"
    )
    assert [b[0] for b in store.batches] == [MEETING_7240, MEETING_7188]


# --- nothing from a site reaches the terminal raw (17.11) ---------------------------------------


def _fetch_args(site: FakeSite, tmp_path: Path, *extra: str) -> argparse.Namespace:
    from fetch.command import add_arguments

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(
        [
            site.base,
            *("--since", "2017-09-01", "--until", "2018-01-31", "--delay", "0"),
            *("--db", str(tmp_path / "m.db"), *extra),
        ]
    )


def test_committee_titles_from_the_web_service_are_printed_inert(
    site: FakeSite, tmp_path: Path, capsys
):
    """``fetch --committee nomatch`` printed the site's committee titles raw: C1 controls (an
    8-bit CSI) and a right-to-left override from the XML."""
    from fetch.command import run

    titles = ["Audit\x9b31m Committee", "\u202eeettimmoC gninnalP"]
    xml = "".join(
        f"<committee><committeeid>{n}</committeeid><committeetitle>{t}</committeetitle></committee>"
        for n, t in enumerate(titles, start=1)
    )
    body = f'<?xml version="1.0" encoding="utf-8"?><getcommittees><committees>{xml}'
    body += "</committees></getcommittees>"
    site.script("/mgWebService.asmx/GetCommittees", status=200, body=body.encode("utf-8"))
    assert run(_fetch_args(site, tmp_path, "--committee", "nomatch")) == 3
    captured = capsys.readouterr()
    printed = captured.out + captured.err
    assert "\x9b" not in printed and "\u202e" not in printed
    assert (
        "error: no committee called 'nomatch' on this site; it has 2, e.g. Audit Committee "
        "(ID 1); eettimmoC gninnalP (ID 2)"
    ) in captured.out


def test_committee_titles_from_the_html_pages_are_printed_inert(
    site: FakeSite, tmp_path: Path, capsys
):
    """The same from ``mgListCommittees.aspx``: an OSC 52 that writes the clipboard and an
    OSC 0 that retitles the terminal (tmux's pane title changed)."""
    from fetch.command import run

    site.script("/mgWebService.asmx/GetCommittees", status=404, times=None)
    listing = (
        "<html><body><div class='mgContent'><ul>"
        "<li><a href='mgCommitteeDetails.aspx?ID=1'>Cabinet\x1b]52;c;cm0gLXJmIH4=\x07</a></li>"
        "<li><a href='mgCommitteeDetails.aspx?ID=2'>Planning\x1b]0;pwned\x07 Committee</a></li>"
        "</ul></div></body></html>"
    )
    site.script("/mgListCommittees.aspx", status=200, body=listing.encode("utf-8"))
    assert run(_fetch_args(site, tmp_path, "--committee", "nomatch")) == 3
    captured = capsys.readouterr()
    printed = captured.out + captured.err
    assert "\x1b" not in printed and "\x07" not in printed
    assert "it has 2, e.g. Cabinet (ID 1); Planning Committee (ID 2)" in captured.out


def test_the_summary_lines_are_printed_inert(site: FakeSite, tmp_path: Path, capsys):
    """A failing page's address comes from a link on the site: printed inert too (here a
    right-to-left override that would show the rest of the line reversed)."""
    from fetch.command import run

    pages_only(site)
    link = (
        '<p><a href="mgAi.aspx?ID=1\u202egpj.exe">view the full minutes text for item 21.</a></p>'
    )
    site.replaced["pages/ieListDocuments_1079_7016.html"] = _page_with(tmp_path, "rlo.html", link)
    assert run(_fetch_args(site, tmp_path, "--committee", "1079")) == 1
    captured = capsys.readouterr()
    assert "\u202e" not in captured.out + captured.err
    assert f"failed: {site.base}mgAi.aspx?ID=1gpj.exe: 404 Not Found (no such page)" in captured.out


# --- what real sites link and label (19.4, 19.7) -------------------------------------------------


def test_legacy_celistdocuments_links_are_followed(site: FakeSite, tmp_path: Path):
    """Older sites (Wirral's Cabinet of 2007, Southend's Council of 2014) link meetings as
    ``CeListDocuments.aspx?CommitteeId=N&MeetingId=M``."""
    site.script("/mgWebService.asmx/GetCommittees", status=404, times=None)
    calendar = (FIXTURES / "html/mgCalendarMonthView_2017_09.html").read_text()
    legacy = tmp_path / "legacy_calendar.html"
    legacy.write_text(
        calendar.replace(
            "ieListDocuments.aspx?CId=1079&amp;MId=7016",
            "CeListDocuments.aspx?CommitteeId=1079&amp;MeetingId=7016",
        )
    )
    assert "CeListDocuments" in legacy.read_text()
    site.replaced["html/mgCalendarMonthView_2017_09.html"] = str(legacy)
    site.routes.insert(
        0,
        {
            "path": "/CeListDocuments.aspx",
            "query": {"MeetingId": "7016"},
            "file": "pages/ieListDocuments_1079_7016.html",
            "type": "text/html; charset=utf-8",
        },
    )
    run = crawl(site.base, tmp_path, until="2017-09-30")
    assert "/CeListDocuments.aspx?CommitteeId=1079&MeetingId=7016" in site.paths()
    assert run.ingest.batches == [
        ["pages/CeListDocuments.aspx__CommitteeId=1079_MeetingId=7016.html", ITEM_62184]
    ]


def test_the_summary_names_the_pages_a_meeting_page_cut_short(site: FakeSite, tmp_path: Path):
    pages_only(site)
    run = crawl(site.base, tmp_path)
    assert run.summary.truncated_followed == 2
    assert (
        "0 meetings read whole from the web service; 2 items cut short on their meeting page, "
        "read from their own pages"
    ) in run.summary.lines()


def test_the_cache_index_records_each_meeting_for_the_settle_rule(site: FakeSite, tmp_path: Path):
    pages_only(site)
    run = crawl(site.base, tmp_path)
    index = json.loads((run.cache.folder / "index.json").read_text())
    # 7188's page is "Agenda and draft minutes": not settled, asked about on every run.
    assert {m: v["approved"] for m, v in index["meetings"].items()} == {
        "7016": True,
        "7188": False,
        "7240": True,
    }
