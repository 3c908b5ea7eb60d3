"""The terminal benchmark: its screen replay, and a smoke run at tiny size.

No timing is asserted: these tests prove that frames are cut where Textual ends a
synchronized update (also when a read ends inside the marker), that the screen at each
frame is what the bytes draw, that a settled screen ignores what may change after it
(scrollbars), and that ``python -m benchmarks.terminal --size tiny`` drives the real app
in a pty end to end and reports every row.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if TYPE_CHECKING:
    from conftest import TinyBenchmark

from benchmarks import corpus, run  # noqa: E402
from benchmarks.pty_screen import (  # noqa: E402
    SYNC_END,
    SYNC_START,
    Frame,
    Terminal,
    echo_floor,
    screen_key,
    settled_index,
)
from benchmarks.terminal import extra_imports, warm_pages  # noqa: E402


def _replay(*reads: bytes, size: tuple[int, int] = (20, 4)) -> tuple[Terminal, list[Frame]]:
    term = Terminal([], size=size, settle_key=screen_key)
    term.chunks.extend((float(i), data) for i, data in enumerate(reads))
    return term, term.frames()


def test_frames_end_at_each_synchronized_update_end() -> None:
    one = SYNC_START + b"\x1b[1;1Hfirst" + SYNC_END
    two = SYNC_START + b"\x1b[2;1Hsecond" + SYNC_END
    _, frames = _replay(one + two)
    assert [f.nbytes for f in frames] == [len(one), len(two)]
    assert [f.lines[0].rstrip() for f in frames] == ["first", "first"]
    assert [f.lines[1].rstrip() for f in frames] == ["", "second"]
    assert [f.at for f in frames] == [0.0, 0.0]


def test_a_marker_cut_by_the_end_of_a_read_ends_the_frame_in_the_next() -> None:
    frame = SYNC_START + b"\x1b[1;1Hhello" + SYNC_END
    cut = frame.index(SYNC_END) + 4  # inside "\x1b[?2026l"
    _, frames = _replay(frame[:cut], frame[cut:])
    assert len(frames) == 1
    assert frames[0].nbytes == len(frame)
    assert frames[0].at == 1.0  # the frame was complete when the second read arrived
    assert frames[0].lines[0].rstrip() == "hello"


def test_a_frame_spread_over_reads_is_shown_only_when_complete() -> None:
    start = SYNC_START + b"\x1b[1;1Hpart one "
    _, frames = _replay(start, b"part two" + SYNC_END)
    assert len(frames) == 1
    assert frames[0].lines[0].rstrip() == "part one part two"


def test_output_outside_synchronized_updates_is_a_frame_per_read() -> None:
    _, frames = _replay(b"\x1b[1;1Hab", b"cd")
    assert [f.lines[0].rstrip() for f in frames] == ["ab", "abcd"]
    assert [f.nbytes for f in frames] == [8, 2]


def test_settled_ignores_a_scrollbar_inside_a_right_border() -> None:
    # "│rows▄│": the thumb glyph and the column just inside the border do not count.
    before = SYNC_START + "\x1b[1;1H│row a ▄│".encode() + SYNC_END
    thumb_moved = SYNC_START + "\x1b[1;1H│row a ▇│".encode() + SYNC_END
    row_changed = SYNC_START + "\x1b[1;1H│row b ▇│".encode() + SYNC_END
    term, frames = _replay(before, thumb_moved, row_changed)
    assert frames[0].key == frames[1].key != frames[2].key
    assert screen_key(term.screen) == frames[2].key
    assert settled_index(frames) == 2
    assert settled_index(frames[:2]) == 0


def test_terminal_answers_the_synchronized_output_query() -> None:
    # The program asks, as Textual does, and prints what the terminal answered.
    program = (
        "import os, sys, tty; tty.setraw(0); os.write(1, b'\\x1b[?2026$p');"
        "answer = os.read(0, 32); os.write(1, repr(answer).encode())"
    )
    with Terminal([sys.executable, "-c", program]) as term:
        assert term.wait_output(0, 30)
        term.wait_quiet(0.3, 30)
        screen = "".join(f.lines[0] for f in term.frames()[-1:])
    assert screen.strip() == repr(b"\x1b[?2026;2$y")


def test_extra_imports_are_charged_to_the_outermost_import_below_the_entry() -> None:
    # importtime's order: children first, one level deeper, then their parent.
    app = [
        (2, "re", 900),  # the bare app imports it too: not charged
        (2, "store.search", 3000),
        (1, "store.queries", 5000),
        (1, "textual.app", 40000),
        (2, "textual.command", 7000),
        (1, "tui.screens.main", 2000),
        (0, "tui.app", 1000),
    ]
    roots = extra_imports(app, {"re", "textual.app"})
    assert roots == {
        "store.queries": 8.0,
        "tui.screens.main": 9.0,
        "tui.app": 1.0,
    }


def test_echo_floor_times_every_key() -> None:
    samples = echo_floor(5)
    assert len(samples) == 5
    assert all(0 < s < 5 for s in samples)


@pytest.mark.slow
def test_tiny_terminal_benchmark_reports_every_row(tiny_benchmark: TinyBenchmark) -> None:
    proc, data = tiny_benchmark("benchmarks.terminal")
    rows = {r["name"]: r for r in data["rows"]}
    names = list(rows)
    expected = [
        "poll floor: key to the answering frame, median",
        "bare three-pane Textual app: first screen (floor)",
        "first screen with data, 915 items",
        "imports beyond the bare app's (python -X importtime, own time)",
        "cursor down (j), 915 items: key to settled screen, median",
        "page down, 915 items: key to settled screen, median",
        "jump to the end (G), 915 items: key to settled screen, median",
        "jump to the top (g), 915 items: key to settled screen, median",
        "bare app: all three panes refilled (n), key to settled screen, p95",
        # A row for every filter category of the headless suite's plan.
        *(
            f"{category}: Enter to settled screen, p95 net of the poll floor"
            for category in run.filter_plan(corpus.vocabulary(), 1)
        ),
        "peak RSS of the app after the session, 915 items",
        "`minutes-tui search WORD`, one word, 915 items: wall time p95",
    ]
    assert [n for n in names if not n.startswith("VisiData")] == expected
    failed = [r["name"] for r in data["rows"] if r["measured"] in ("failed", "timeout")]
    assert failed == []
    for r in data["rows"]:
        if r["target"]:
            assert r["value"] is not None and r["passed"] in (True, False), r["name"]
    session = data["raw"]["session"]
    # Every filter reached the screen the store says it should show, in frames of bytes.
    for category, samples in session["filters"].items():
        for sample in samples:
            assert "error" not in sample, (category, sample)
            assert sample["as_expected"] is True, (category, sample["text"])
            assert sample["pane_frames"] >= 1 and sample["bytes_to_settled"] > 0
    for name in ("jump_end", "jump_top"):
        assert all(s["as_expected"] for s in session["ops"][name]), name
    for sample in session["ops"]["bare_refill"]:
        assert sample["as_expected"] and sample["pane_frames"] == 1
    assert rows["imports beyond the bare app's (python -X importtime, own time)"]["value"] > 0
    startup = data["raw"]["startup_915"][0]
    assert 0 < startup["first_bytes_s"] <= startup["first_frame_s"] <= startup["first_data_s"]
    assert startup["bytes_to_data"] > 0 and startup["frames_to_data"] >= 1
    # VisiData is measured when found, and said to be skipped when not.
    has_vd = any(n.startswith("VisiData") for n in names)
    assert has_vd or "VisiData (vd) not found" in proc.stdout
    assert "| target" in proc.stdout
    machine = data["raw"]["machine"]
    assert machine["cpu_probe_ms_before"] > 0 and machine["cpu_probe_ms_after"] > 0


def test_warm_pages_reads_every_store_once_and_skips_one_that_is_missing(tmp_path: Path) -> None:
    big, small = tmp_path / "big.db", tmp_path / "small.db"
    big.write_bytes(b"x" * (9 * 2**20 + 5))  # more than one read's worth
    small.write_bytes(b"y" * 10)
    _, read = warm_pages([big, small, big, tmp_path / "none.db"])
    assert read == 9 * 2**20 + 15
