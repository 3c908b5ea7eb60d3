"""The benchmark corpus generator and a smoke run of the suite at tiny size.

No timing is asserted anywhere: these tests prove the generator is
deterministic and writes the formats the parsers read, that a generated store
holds exactly what was generated, and that ``python -m benchmarks.run --size
tiny`` runs every measurement end to end and writes its JSON.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

ROOT = Path(__file__).resolve().parent.parent
# ``benchmarks`` is a folder of the repository, not part of the installed package.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if TYPE_CHECKING:
    from conftest import TinyBenchmark

from benchmarks import corpus  # noqa: E402


def test_meeting_is_the_same_for_the_same_seed_and_index() -> None:
    first = corpus.generate_meeting(1, 7, 100)
    again = corpus.generate_meeting(1, 7, 100)
    other = corpus.generate_meeting(2, 7, 100)
    assert corpus.render_text(first) == corpus.render_text(again)
    assert corpus.render_html(first) == corpus.render_html(again)
    assert corpus.render_text(first) != corpus.render_text(other)


def test_first_meeting_of_seed_1_exact_values() -> None:
    sm = corpus.generate_meeting(1, 0, 100)
    meeting = sm.meeting
    assert meeting.committee == "Economic Development Committee"
    assert meeting.council == "Nottingham City Council"
    assert meeting.date == dt.date(2021, 4, 16)
    assert meeting.time == "17:30"
    assert sm.layout == "blocks"
    assert [i.number for i in meeting.items] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [i.title for i in meeting.items][:4] == [
        "Apologies",
        "Declarations of Interest by Members in items on the Agenda",
        "Minutes",
        "Exempt Appendix - Cost of Living Support",
    ]
    assert [(len(i.resolutions), len(i.actions)) for i in meeting.items] == [
        (0, 0),
        (0, 0),
        (0, 0),
        (0, 0),
        (1, 0),
        (1, 1),
        (1, 0),
    ]


def test_vocabulary_is_real_words_first_then_a_rare_tail() -> None:
    vocab = corpus.vocabulary()
    assert len(vocab.words) == 6000
    assert len(set(vocab.words)) == 6000
    assert vocab.words[:5] == ("the", "of", "and", "to", "in")
    # Zipf: the commonest word is sampled far more often than a tail word.
    assert vocab.expected_share(0) > 500 * vocab.expected_share(5999)
    assert 0.0 < vocab.expected_share(5999) < 1e-4


def test_text_layouts_and_html_have_the_structure_the_parsers_read() -> None:
    sm = corpus.generate_meeting(1, 3, 100)
    n_items = len(sm.items)
    blocks = corpus.render_text(sm, "blocks")
    assert blocks.startswith(sm.page_title + "\n\n")
    assert "\nItems\nNo. Item\n" in blocks
    assert blocks.count("\nMinutes:\n") == n_items

    pipes = corpus.render_text(sm, "pipes")
    lines = pipes.splitlines()
    assert "No. | Item |" in lines and "---|---|" in lines
    assert lines.count("|") == n_items  # one spacer row after each item row
    assert sum(1 for line in lines if line.endswith(" |")) == n_items + 1  # + the header row

    wrapped = corpus.render_text(sm, "wrapped")
    assert "" not in wrapped.splitlines()  # hard-wrapped: no blank lines at all
    assert wrapped.count("\nMinutes:\n") == n_items

    html = corpus.render_html(sm)
    for marker in (
        'class="mgContent"',
        'class="mgLabel"',
        'class="mgItemTable"',
        'class="mgAiTitleTxt"',
        'class="mgSubItemTitleTxt"',
        'class="mgWordPara"',
        'class="mgFileSize"',
        'class="MsoNormal"',
    ):
        assert marker in html, marker
    anchors = re.findall(r'<a name="AI(\d+)"></a>', html)
    assert anchors == [item.model.external_id for item in sm.items]


def test_truncated_items_carry_the_site_marker_and_an_item_page_when_published() -> None:
    sm = corpus.generate_meeting(1, 3, 100)
    cut = {s.model.number: s for s in sm.items if s.cut is not None}
    assert {n: s.item_page for n, s in cut.items()} == {
        "5": True,
        "11": False,
        "14": True,
        "17": True,
    }
    text = corpus.render_text(sm, "blocks")
    for number in cut:
        assert f"\u00a0...\u00a0 view the full minutes text for item {number}.\n" in text
    # Without an item page the store only ever sees the cut text; with one, the full text.
    assert cut["11"].model.truncated and not cut["11"].model.resolutions
    assert not cut["5"].model.truncated
    assert "view the full minutes text" not in corpus.render_item_text(sm, cut["5"])


def test_write_corpus_writes_every_page_it_counts(tmp_path: Path) -> None:
    summary = corpus.write_corpus(tmp_path, 12, seed=3, fmt="mixed")
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == summary.meeting_pages + summary.item_pages
    assert summary.meeting_pages == 12
    assert sum(p.stat().st_size for p in tmp_path.iterdir()) == summary.bytes
    assert {Path(f).suffix for f in files} == {".txt", ".html"}
    expected_items = sum(len(m.items) for m in corpus.generate(3, 12))
    assert summary.items == expected_items


def test_fill_store_holds_exactly_what_was_generated(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "bench.db"
    summary = corpus.fill_store(db, 15, seed=5)
    meetings = list(corpus.generate(5, 15))
    assert summary.meetings == 15
    assert summary.items == sum(len(m.items) for m in meetings)
    conn = sqlite3.connect(db)
    try:
        counts = {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("meetings", "items", "resolutions", "actions")
        }
        fts = conn.execute("SELECT count(*) FROM items_fts WHERE items_fts MATCH 'minutes'")
        matched = fts.fetchone()[0]
    finally:
        conn.close()
    assert counts == {
        "meetings": 15,
        "items": summary.items,
        "resolutions": summary.resolutions,
        "actions": summary.actions,
    }
    assert matched > 0  # the index was rebuilt after the bulk fill


@pytest.mark.slow
def test_tiny_suite_runs_every_measurement(tiny_benchmark: TinyBenchmark) -> None:
    proc, data = tiny_benchmark("benchmarks.run")
    rows = {(r["group"], r["name"]): r for r in data["rows"]}
    groups = {group for group, _ in rows}
    assert groups == {"ingest", "size", "start-up", "store queries", "app", "filter", "memory"}
    failed = [name for (_, name), r in rows.items() if r["measured"] in ("failed", "timeout")]
    assert failed == []
    assert "error" not in data["raw"]["session"]
    # The HTML ingest is measured on the machine as it is and beside a busy core.
    loaded = rows[("ingest", "HTML ingest / bare BeautifulSoup(html, 'lxml'), beside a busy core")]
    assert loaded["value"] > 0 and len(data["raw"]["bare_html_parse_loaded_s"]) == 2
    # Every measured row that has a target has a number and a verdict.
    for r in data["rows"]:
        if r["target"]:
            assert r["value"] is not None and r["passed"] in (True, False), r["name"]
    categories = {name.split(":")[0] for (group, name) in rows if group == "filter"}
    assert {
        "common words",
        "rare words",
        "prefixes (typing)",
        "short prefixes (typing)",
        "phrases",
        "field filters",
    } <= categories
    assert data["raw"]["session"]["meetings"] == 100
    ended = data["raw"]["session"]["filtered_end"]
    assert ended["n"] >= 3 and not ended["timeouts"] and ended["p50"] is not None
    assert any(name.startswith("jump to the end (G) filtered by") for _, name in rows)
    # Every collection of the session is timed: a long one inside a frame is a spike.
    collections = data["raw"]["session"]["gc"]
    assert collections["collections"] > 0
    assert 0 < collections["max_s"] <= collections["total_s"]
    assert any(name.startswith("garbage collection during the session") for _, name in rows)
    assert "| target" in proc.stdout
    assert "pass" in proc.stdout or "MISS" in proc.stdout
    # The machine's speed before and after, so runs on this VM can be compared.
    machine = data["raw"]["machine"]
    assert machine["cpu_probe_ms_before"] > 0 and machine["cpu_probe_ms_after"] > 0
    assert "machine speed (a fixed pure-Python workload" in proc.stdout


def test_filter_stages_prints_every_stage_of_each_filter(model_store_path: Path) -> None:
    args = ["--db", str(model_store_path), "--rounds", "1", "cabinet", "committee:cabinet"]
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.filter_stages", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=110,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = proc.stdout.splitlines()
    header = ["query", "enter", "start", "query", "hand", "wait", "frame", "total"]
    assert lines[0].split() == header
    for text in ("cabinet", "committee:cabinet"):
        (row,) = [line for line in lines if line.split()[0] == text]
        stages = [float(x) for x in row.split()[1:]]
        assert len(stages) == 7 and all(x >= 0 for x in stages)
        assert abs(sum(stages[:6]) - stages[6]) < 0.5  # the stages add up to the total


def test_tiny_follow_suite_opens_every_view_and_counts_the_news(
    tiny_benchmark: TinyBenchmark,
) -> None:
    """``python -m benchmarks.follow --size tiny``: the people, thread and news queries, the
    watch counts after an ingest, and each view opened in the real app, all measured."""
    proc, data = tiny_benchmark("benchmarks.follow")
    rows = {(r["group"], r["name"]): r for r in data["rows"]}
    assert {group for group, _ in rows} == {"follow queries", "news", "follow app"}
    assert [r["name"] for r in data["rows"] if r["measured"] in ("failed", "timeout")] == []
    session = data["raw"]["follow_session"]
    assert "error" not in session
    for view in ("people", "person", "timeline", "news", "marks"):
        assert session[view]["timeouts"] == 0 and session[view]["p50"] > 0, view
    counted = rows[("news", "what is new after the ingest: overall and 6 watches counted")]
    assert counted["value"] is not None and counted["note"].startswith("overall ")
    assert "| target" in proc.stdout


def test_tiny_tracker_benchmark_runs_every_measurement(tiny_benchmark: TinyBenchmark) -> None:
    """``python -m benchmarks.tracker --size tiny``: the queries, then the screen, each
    filter category with its matches (the tiny store's actions), no timeouts."""
    _, data = tiny_benchmark("benchmarks.tracker")
    rows = {(r["group"], r["name"]): r for r in data["rows"]}
    assert {group for group, _ in rows} == {"tracker queries", "tracker screen"}
    session = data["raw"]["tracker_session"]
    assert "error" not in session
    for r in data["rows"]:
        if r["target"]:
            assert r["value"] is not None and r["passed"] in (True, False), r["name"]
    assert set(session["filters"]) == {"status", "owner", "due", "combined", "with the reader's"}
    assert all(not f["timeouts"] for f in session["filters"].values())
    assert set(session["sorts"]) == {"meeting", "due", "owner", "committee", "status"}
    assert session["actions"] > 0
