"""Hostile text: whatever a document contains is shown as inert text, everywhere.

Minutes are scraped from the web. A title or a paragraph can carry Rich markup
(``[bold red]``, ``[link=...]``, ``[@click=...]``), terminal escape sequences (CSI
colour and screen clearing, OSC 52 which sets the clipboard, OSC 0 which sets the
window title), bidi overrides that reorder what is seen (U+202E), zero-width
characters that hide words, and 100,000-character lines. The promise: every pane,
the reading view, the exports and the ``search`` output show such text literally
(markup as its brackets) and never pass an escape sequence or an invisible control
through to a terminal. Two ways in are tested: a store written from model objects
carrying the raw characters (what any future parser might let through), and a
seed-style text page read by the real parser.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from textual.pilot import Pilot

from parsers.model import ActionPoint, AgendaItem, Attendee, Meeting, ParsedDocument, Resolution
from store.db import connect_readonly, open_store
from store.export import export
from store.ingest import ingest_paths, store_document
from tui.app import MinutesApp, make_app
from tui.screens.main import MainScreen
from tui.screens.reading import ReadingScreen
from tui.settle import settle
from tui.widgets.panes import DetailPane

ROOT = Path(__file__).resolve().parent.parent
SEED_000 = Path(__file__).parent / "fixtures" / "seeds" / "000_81d86c97e4813351.txt"
SIZE = (120, 40)

MARKUP = "[bold red]Budget[/] [link=https://x.example]click[/link] [@click=app.quit]quit[/]"
OSC52 = "\x1b]52;c;SGVsbG8=\x07"  # would put "Hello" on the clipboard
OSC0 = "\x1b]0;pwned title\x07"  # would set the terminal window title
CSI = "\x1b[2J\x1b[31mred\x1b[0m"  # clear the screen, colour red
C1 = "\x9b31m"  # 8-bit CSI
BIDI = "\u202etxt.exe\u202c"  # right-to-left override: shows as "exe.txt"
ZERO_WIDTH = "pass\u200bw\u200dord\u2060"
LONG = " ".join(f"word{i}" for i in range(15_000))  # ~100k characters on one line

# What must never reach a terminal: ESC, BEL, C1 controls, bidi controls, zero-width.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069]")


def controls_in(text: str) -> list[str]:
    """The forbidden characters found (line breaks allowed), as short names for messages.

    Assertions compare this short list, never the 100k-character text itself (a failing
    ``in`` on such strings makes pytest's diff take minutes).
    """
    return sorted({f"U+{ord(c):04X}" for c in FORBIDDEN.findall(text.replace("\r\n", "\n"))})


def hostile_meeting() -> Meeting:
    return Meeting(
        committee=f"Cabinet {MARKUP} {OSC0}",
        date=dt.date(2019, 5, 14),
        time="14:00",
        venue=f"Council House {CSI}",
        attendance=[Attendee(f"Councillor {BIDI}", "present", role=f"[b]Chair[/b]{OSC52}")],
        items=[
            AgendaItem(
                "1",
                f"Hostile title {MARKUP} {BIDI} {OSC52}",
                description=f"Report {ZERO_WIDTH} {C1}",
                minutes=(
                    f"First paragraph {MARKUP}.\n\nSecond {CSI} {OSC52} {OSC0}.\n\n"
                    f"(a) a point with {BIDI} and {ZERO_WIDTH};\n\n{LONG}\n\n"
                    f"RESOLVED that the {MARKUP} be approved."
                ),
                resolutions=[
                    Resolution(None, f"that the {MARKUP} be approved. {OSC52}", "decision")
                ],
                actions=[ActionPoint(f"circulate {ZERO_WIDTH} {CSI}", owner="[i]Officers[/i]")],
            ),
            AgendaItem("2", f"Long {LONG[:2000]}", minutes=LONG),
        ],
    )


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    db = open_store(path)
    store_document(
        db,
        f"/corpus/hostile {OSC52}.txt",
        ParsedDocument("test", "meeting", [hostile_meeting()]),
        sha256="hostile",
        size=1,
    )
    db.close()
    return path


def screen_strips(app: MinutesApp) -> list:
    return list(app.screen._compositor.render_strips())


def assert_inert_on_screen(app: MinutesApp) -> str:
    """No control or invisible character in any cell, no link or click from a document."""
    strips = screen_strips(app)
    text = "\n".join(strip.text for strip in strips)
    assert controls_in(text) == []
    for strip in strips:
        for segment in strip:
            assert not segment.control
            style = segment.style
            if style is not None:
                assert style.link in (None, ""), style.link
                assert "@click" not in repr(style.meta or {}) or "app.quit" not in repr(style.meta)
    return text


async def test_every_pane_and_the_reading_view_show_hostile_text_inertly(hostile_store) -> None:
    app = make_app(hostile_store, load_samples_if_empty=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        text = assert_inert_on_screen(app)
        assert "[bold red]Budget[/]" in text  # markup shows as its brackets
        await pilot.press("enter")  # into the agenda; the item detail shows
        await settle(pilot)
        text = assert_inert_on_screen(app)
        detail = app.screen.query_one(DetailPane).plain_text
        assert "that the [bold red]Budget[/] [link=https://x.example]click[/link]" in detail
        assert controls_in(detail) == []
        await pilot.press("enter")  # the reading view
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        text = assert_inert_on_screen(app)
        assert "First paragraph [bold red]Budget[/]" in text
        assert "Second red" in " ".join(text.split())  # the CSI sequences are gone, "red" stays
        await pilot.press("end", "home", "j", "k")
        await settle(pilot)
        assert_inert_on_screen(app)
        await pilot.press("escape", "j")  # the long item in the main screen
        await settle(pilot)
        assert_inert_on_screen(app)
        await pilot.press("a")  # the all-actions list
        await settle(pilot)
        text = assert_inert_on_screen(app)
        assert "[i]Officers[/i]" in text
        await pilot.press("escape")
        await settle(pilot)
        # Nothing from the document reached the clipboard or the title.
        assert app.clipboard == ""
        assert app.title == "minutes-tui"
    assert app.return_code in (None, 0)


def run_before_main(pilot: Pilot):
    async def wait() -> None:
        await settle(pilot)

    return wait()


def run_before_reading(pilot: Pilot):
    async def go() -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    return go()


@pytest.fixture
def snapshot_store(hostile_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The hostile store under a relative name: the header shows the store's path, and a
    temporary folder's name would change every run."""
    shutil.copy(hostile_store, tmp_path / "hostile.db")
    monkeypatch.chdir(tmp_path)
    return Path("hostile.db")


def test_snapshot_main_screen_with_hostile_text(snapshot_store, snap_compare) -> None:
    app = make_app(snapshot_store, load_samples_if_empty=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before_main)


def test_snapshot_reading_view_with_hostile_text(snapshot_store, snap_compare) -> None:
    app = make_app(snapshot_store, load_samples_if_empty=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before_reading)


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_terminal_exports_carry_no_control_characters(hostile_store, fmt: str) -> None:
    conn = connect_readonly(hostile_store)
    out = io.StringIO()
    export(conn, fmt, out)
    conn.close()
    text = out.getvalue()
    has_words = "[bold red]Budget[/]" in text
    assert has_words  # the words themselves are kept, markup as plain brackets
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert len({len(r) for r in rows}) == 1  # the long line did not break the table
    assert controls_in(text) == []
    done = run_cli("--db", hostile_store, "export", "--format", fmt)  # and through the CLI
    assert done.returncode == 0
    assert controls_in(done.stdout) == []


ACTIVE_MARKDOWN = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "![tracker](https://x.example/t.png)",
    "<javascript:alert(1)>",
    "\\<script>alert(2)</script>",
]


def test_markdown_export_neutralises_html_and_links(tmp_path: Path) -> None:
    """A Markdown viewer (here markdown-it, HTML on, every link allowed) renders no tag or
    link from a document: the export may be opened in one or published."""
    from markdown_it import MarkdownIt

    payload = " ".join(ACTIVE_MARKDOWN)
    meeting = Meeting(
        committee="Cabinet <b>bold</b>",
        date=dt.date(2020, 1, 2),
        venue=payload,
        items=[
            AgendaItem(
                "1",
                f"Title {payload}",
                description=payload,
                minutes=f"{payload}\n\n[x]: javascript:alert(3)\n\nSee [x].",
                resolutions=[Resolution(None, payload, "decision")],
                actions=[ActionPoint(payload, owner=payload)],
            )
        ],
    )
    db = open_store(tmp_path / "md.db")
    store_document(
        db,
        "/corpus/<script>x</script>.txt",
        ParsedDocument("test", "meeting", [meeting]),
        sha256="md",
        size=1,
    )
    db.close()
    conn = connect_readonly(tmp_path / "md.db")
    out = io.StringIO()
    export(conn, "md", out)
    conn.close()
    viewer = MarkdownIt("commonmark", {"html": True})
    viewer.validateLink = lambda url: True  # a viewer that trusts every link
    html = viewer.render(out.getvalue())
    assert re.findall(r"<(?:script|img|a|b)\b[^>]*>", html) == []
    assert "alert(1)" in html  # the words are all still there, as text


def json_export(hostile_store: Path) -> str:
    conn = connect_readonly(hostile_store)
    out = io.StringIO()
    export(conn, "json", out)
    conn.close()
    return out.getvalue()


def test_json_export_keeps_the_text_but_escaped(hostile_store) -> None:
    raw = json_export(hostile_store)
    raw_controls = sorted({f"U+{ord(c):04X}" for c in raw if c < " " and c not in "\n"})
    assert raw_controls == []  # ESC, BEL ... are written as \u001b, \u0007
    meeting = json.loads(raw)["meetings"][0]
    assert meeting["committee"] == f"Cabinet {MARKUP} {OSC0}"  # ... and the words are kept


def test_json_export_escapes_c1_and_invisible_characters(hostile_store) -> None:
    raw = json_export(hostile_store)
    assert controls_in(raw) == []
    assert json.loads(raw)["meetings"][0]["items"][0]["description"] == (
        f"Report {ZERO_WIDTH} {C1}"
    )


def run_cli(*args: str | Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


def test_search_output_is_inert(hostile_store) -> None:
    for env in ({"NO_COLOR": "1"}, {}):  # plain, and Rich's writer (not a tty: plain too)
        done = run_cli("--db", hostile_store, "search", "budget", env=env)
        assert done.returncode == 0, done.stderr
        shows_markup = "Hostile title [bold red]Budget[/]" in done.stdout
        assert shows_markup
        assert controls_in(done.stdout) == []


def hostile_text_page() -> str:
    """Seed 000 (a real modern.gov text page) with hostile text in its header and items."""
    page = SEED_000.read_text(encoding="utf-8")
    page = page.replace(
        "Children's Partnership Board", f"Children's Partnership Board {MARKUP} {OSC0}", 1
    )
    page = page.replace("Board Membership Update", f"Board Membership {BIDI} {OSC52} Update", 1)
    page = page.replace(
        "Emily Humphreys, Support Assistant,",
        f"Emily {MARKUP} {CSI} {ZERO_WIDTH} {LONG} Humphreys, Support Assistant,",
        1,
    )
    return page


def test_a_hostile_text_page_is_read_verbatim_and_shown_inertly(tmp_path: Path) -> None:
    page = tmp_path / "hostile.txt"
    page.write_text(hostile_text_page(), encoding="utf-8")
    db_path = tmp_path / "parsed.db"
    db = open_store(db_path)
    report = ingest_paths(db, [page])
    db.close()
    assert report.failed == [] and report.items > 0
    conn = connect_readonly(db_path)
    committee = conn.execute("SELECT committee FROM meetings").fetchone()[0]
    titles = [r[0] for r in conn.execute("SELECT title FROM items ORDER BY position")]
    conn.close()
    # The words are kept verbatim (markup is just text); control characters are dropped
    # at the parser's edge.
    assert committee.startswith(f"Children's Partnership Board {MARKUP}")
    assert "\x1b" not in committee and "\x07" not in committee
    assert any(t.startswith("Board Membership") for t in titles)
    done = run_cli("--db", db_path, "search", "Humphreys")
    assert done.returncode == 0, done.stderr
    assert controls_in(done.stdout) == []
    shows_markup = "[bold red]Budget[/]" in done.stdout
    assert shows_markup


async def test_parsed_hostile_page_in_the_app(tmp_path: Path) -> None:
    page = tmp_path / "hostile.txt"
    page.write_text(hostile_text_page(), encoding="utf-8")
    shutil.copy(page, tmp_path / "copy.txt")
    db_path = tmp_path / "parsed.db"
    db = open_store(db_path)
    ingest_paths(db, [page])
    db.close()
    app = make_app(db_path, load_samples_if_empty=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert_inert_on_screen(app)
        await pilot.press("enter", "j", "j", "j")
        await settle(pilot)
        assert_inert_on_screen(app)
        await pilot.press("enter")
        await settle(pilot)
        text = assert_inert_on_screen(app)
        assert "Emily [bold red]Budget[/]" in text
        assert app.clipboard == "" and app.title == "minutes-tui"
