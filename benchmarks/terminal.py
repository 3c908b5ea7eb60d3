"""Speed as a person sees it: the app in a real pseudo-terminal, timed to what the screen shows.

    python -m benchmarks.terminal [--size tiny|small|full] [--json out.json] [--seed N] [--vd VD]
                                  [--baseline REF]

``python -m benchmarks.run`` drives the app headless and stops its clocks when Textual hands a
frame to ``App._display``, before any byte reaches a terminal. Here the app runs as a person
runs it, ``minutes-tui --db STORE`` on a pty of 160x48 (``benchmarks.pty_screen``), and every
time runs from the key press (or the process start) to the arrival of the last byte of the
frame after which the screen shows the result. What counts as shown:

* first screen with data: a frame in which the meetings list's first row is the store's
  newest meeting (the bare app: its first row); also the first byte and the first frame;
* settled: the panes (the three lists, inside their borders, scrollbars left out) never change
  again before the app falls quiet: nothing written for ``QUIET`` seconds and no count pending
  in the status line. The exact counts come after the lists by design, so the status line, the
  titles and the scrollbars are not waited for;
* frames and bytes: everything the app wrote from the key to the settled frame, and how many
  of those frames changed the panes (one: the result was drawn as one frame).

The bare three-pane Textual app of ``benchmarks.app_session`` is measured the same way in the
same run: its start-up interleaved with the app's, and beside the app's keys its own (``n``
refills all three panes, the floor of a filter's repaint; down/up and page down/up scroll a
pane). The poll floor is the same path with a program that answers each key at once: what the
harness adds. Also: peak RSS of the app after the session, ``minutes-tui search WORD`` wall
times, and VisiData's first screen of the meetings table on the same store when ``vd`` is
found (``--vd``, else ``benchmarks/.work/visidata/bin/vd``, else the PATH).

``--baseline REF`` measures a second checkout of the app beside this one in the same run: the
git revision ``REF`` (``main``, a commit) is exported once into the work folder and run from
there with the same interpreter and packages. Its start-ups are interleaved with this
checkout's, each of its keys and filters follows the same one on this checkout, and its
searches alternate with this checkout's, so a before/after comparison meets the same load.
Its rows are the group ``before``.

The app runs as installed: each checkout's packages are byte-compiled before the run
(``compile_sources``), as ``pip install .`` compiles them at install time. Without it, an
environment with ``PYTHONDONTWRITEBYTECODE`` (this VM's) recompiles every module of the app
at every start, ~100 ms the bare app (Textual's compiled modules only) never pays.

Stores, sizes and the filter plan are ``benchmarks.run``'s, and so is the store cache.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import corpus, run
from benchmarks.pty_screen import (
    SIZE,
    Frame,
    Terminal,
    echo_floor,
    screen_key,
    settled_index,
    wait_for,
)
from tui.screens.main import FILTER_PLACEHOLDER

ROOT = run.ROOT
QUIET = 0.15  # nothing written for this long, and no count pending: the app is idle
# Enter must follow the typed filter before the app's own debounce (150 ms) applies it.
TYPED_IN_TIME = 0.12
TIMEOUT = 30.0
ANSWER_WITHIN = 5.0  # a key the program has not answered by then gets no answer

# Targets of issue 21 (at the largest store).
TARGET_FIRST_SCREEN_RATIO = 1.25  # x the bare app
TARGET_FILTER_NET_P95_S = 0.035  # net of the poll floor, and drawn as one frame
TARGET_MOVE_S = 0.016  # cursor, page, jump: to the settled screen
TARGET_RSS_MB = 100.0
TARGET_SEARCH_P95_S = 0.150

# The real app's rows: 0 header, 1 and -3 the panes' borders (titles, counts), -2 the status
# line, -1 the key bar. The bare app: 0 its header, -1 the footer.
APP_ROWS = (2, 3)
BARE_ROWS = (1, 1)

BOX_PLACEHOLDER = FILTER_PLACEHOLDER[:16]  # the empty filter box, as far as it always shows
BARE_APP = "from benchmarks.app_session import bare_app; bare_app().run()"


@dataclass(frozen=True)
class Plan:
    """How many of each measurement a size takes."""

    runs: int  # start-ups of each app, interleaved
    reps: int  # each cursor, page and jump key
    queries: int  # filters per category
    search_reps: int  # each word of the search command


PLANS = {
    "tiny": Plan(1, 2, 1, 1),
    "small": Plan(3, 10, 3, 2),
    "full": Plan(7, 20, 5, 3),
}


@dataclass(frozen=True)
class Variant:
    """A checkout of the app to run: this one, or a baseline revision measured beside it."""

    group: str  # the rows' group: "" for this checkout, "before" for the baseline
    root: Path  # what PYTHONPATH names: the app's packages are imported from here
    note: str = ""  # which revision
    stores: tuple[tuple[Path, Path], ...] = ()  # this checkout's store -> the variant's own

    @property
    def name(self) -> str:
        return self.group or "app"

    def store(self, path: Path) -> Path:
        """The store this variant runs on in place of this checkout's ``path``."""
        return dict(self.stores).get(path, path)


THIS = Variant("", ROOT)


def baseline(ref: str, stores: Sequence[tuple[int, Path]] = (), seed: int = 1) -> Variant:
    """The app as it is at git revision ``ref``, exported once into the work folder, with
    a store of its own (``baseline_stores``) for each of this checkout's ``stores``
    (meetings, path)."""
    sha = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", f"{ref}^{{commit}}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    folder = run.WORK / f"baseline-{sha[:12]}"
    if not (folder / "tui" / "cli.py").exists():
        part = folder.with_name(folder.name + ".part")
        shutil.rmtree(part, ignore_errors=True)
        part.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", sha],
            capture_output=True,
            check=True,
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(part, filter="data")
        part.rename(folder)
    theirs = baseline_stores(folder, [m for m, _ in stores], seed)
    pairs = tuple(zip([p for _, p in stores], theirs, strict=True))
    return Variant("before", folder, f"{ref} at {sha[:9]}", pairs)


def baseline_stores(folder: Path, meetings: Sequence[int], seed: int) -> list[Path]:
    """The baseline's stores: filled (or, cached, migrated) by the baseline's own code in its
    own work folder. The same generated meetings as this checkout's, but in the schema the
    baseline knows: a store this checkout has migrated can hold migrations the baseline has
    never heard of (its writer refuses it, and its queries may name columns gone since)."""
    if not meetings:
        return []
    code = (
        "import json, sys\n"
        "from benchmarks import run\n"
        f"paths = [str(run.cached_store(int(m), {seed})[0]) for m in sys.argv[1:]]\n"
        "print(json.dumps(paths))"
    )
    work = folder / "benchmarks" / ".work"
    proc = subprocess.run(
        [sys.executable, "-c", code, *map(str, meetings)],
        cwd=folder,
        env=os.environ | {"PYTHONPATH": str(folder), "MINUTES_BENCH_WORK": str(work)},
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return [Path(p) for p in json.loads(proc.stdout.strip().splitlines()[-1])]


def warm_pages(paths: Sequence[Path]) -> tuple[float, int]:
    """Read each file once, so that every variant's store starts the run in the page cache:
    (seconds, bytes read). A host that reclaims cold pages (Linux's DAMON, ``kdamond``) had
    left a baseline's copy of the store, unread since an earlier run made it, to be read
    from the disk by its first queries: its rare-word filters took 141-187 ms against
    35-46 ms for this checkout's warm store, which was no comparison of the two."""
    started, total = time.perf_counter(), 0
    chunk = bytearray(1 << 23)
    for path in dict.fromkeys(paths):
        try:
            with open(path, "rb", buffering=0) as file:
                while read := file.readinto(chunk):
                    total += read
        except OSError:
            continue  # a store a variant does not have: its rows say so
    return time.perf_counter() - started, total


# --- driving a terminal ------------------------------------------------------------------------


def _status(lines: Sequence[str]) -> str:
    return lines[-2] if len(lines) >= 2 else ""


def app_busy(lines: Sequence[str]) -> bool:
    """The app still has something on its way: a count, or the store being opened."""
    status = _status(lines)
    blank = not any(line.strip() for line in lines)  # nothing drawn yet
    return "counting" in status or "opening the store" in status or blank


def collect(
    term: Terminal,
    busy: Callable[[Sequence[str]], bool] | None,
    after: int | None = None,
    timeout: float = TIMEOUT,
) -> tuple[list[Frame], bool]:
    """Every frame until the program is idle; (frames, True) or, on timeout, (frames, False).

    ``after``: the number of reads before a key was sent; the key's answer is waited for
    first (a quiet pty before it says nothing), at most ``ANSWER_WITHIN`` seconds.
    """
    frames: list[Frame] = []
    deadline = time.perf_counter() + timeout
    if after is not None and not term.wait_output(after, ANSWER_WITHIN):
        return frames, False
    while True:
        seen = term.received()
        quiet = term.wait_quiet(QUIET, max(0.0, deadline - time.perf_counter()))
        frames += term.frames()
        if not quiet:
            return frames, False
        lines = frames[-1].lines if frames else list(term.screen.display)
        if busy is None or not busy(lines):
            return frames, True
        if not term.wait_output(max(seen, term.received() - 1), deadline - time.perf_counter()):
            return frames, False


def _key_now(term: Terminal) -> tuple[str, ...]:
    assert term.settle_key is not None
    return term.settle_key(term.screen)


def measure(
    term: Terminal,
    keys: Sequence[str],
    busy: Callable[[Sequence[str]], bool] | None,
    expect: Callable[[Sequence[str]], bool] | None = None,
    t0: float | None = None,
    before: tuple[str, ...] | None = None,
    sent: int | None = None,
) -> dict[str, Any]:
    """Press ``keys`` (or, with ``t0``, time keys already sent) and read the frames to idle."""
    before = before if before is not None else _key_now(term)
    previous = term.last_digest
    if t0 is None:
        sent = term.received()
        t0 = term.press(*keys)
    else:
        sent = term.received() if sent is None else sent
    frames, idle = collect(term, busy, sent)
    # A frame that arrived before the key (the typed text's last one) is not its answer.
    for early in [f for f in frames if f.at < t0]:
        before, previous = early.key, early.digest
    frames = [f for f in frames if f.at >= t0]
    out: dict[str, Any] = {"idle": idle, "frames": len(frames)}
    out["bytes"] = sum(f.nbytes for f in frames)
    # Frames that left every cell as it was: bytes the terminal parsed for nothing.
    digests = [previous, *(f.digest for f in frames)]
    unchanged = [f for f, d in zip(frames, digests, strict=False) if f.digest == d]
    out["unchanged_frames"] = len(unchanged)
    out["unchanged_bytes"] = sum(f.nbytes for f in unchanged)
    out["timeline"] = _timeline(frames, t0, before, previous)
    changed = [i for i, f in enumerate(frames) if f.key != before]
    if not changed:
        out["error"] = "the screen did not change"
        return out
    last = settled_index(frames)
    assert last is not None
    keys_seen = [before, *(f.key for f in frames[: last + 1])]
    out |= {
        "first_change_s": frames[changed[0]].at - t0,
        "settled_s": frames[last].at - t0,
        "frames_to_settled": last + 1,
        "bytes_to_settled": sum(f.nbytes for f in frames[: last + 1]),
        "pane_frames": sum(1 for a, b in itertools.pairwise(keys_seen) if a != b),
    }
    if expect is not None:
        out["as_expected"] = bool(expect(frames[-1].lines))
    return out


def _timeline(
    frames: Sequence[Frame], t0: float, key: tuple[str, ...], digest: int
) -> list[tuple[float, int, bool, bool]]:
    """Each frame as (ms after ``t0``, bytes, changed the panes, changed any cell)."""
    out = []
    for frame in frames:
        out.append(
            (
                round(1000 * (frame.at - t0), 1),
                frame.nbytes,
                frame.key != key,
                frame.digest != digest,
            )
        )
        key, digest = frame.key, frame.digest
    return out


def first_screen(
    argv: Sequence[str],
    shows_data: Callable[[Sequence[str]], bool],
    busy: Callable[[Sequence[str]], bool] | None,
    rows: tuple[int, int],
    timeout: float = 120.0,
    variant: Variant = THIS,
) -> dict[str, Any]:
    """Start a program; its first byte, first frame, first frame with data and settled screen."""

    def key(screen: Any) -> tuple[str, ...]:
        return screen_key(screen, *rows)

    out: dict[str, Any] = {}
    with Terminal(argv, settle_key=key, env=_env(variant), cwd=run.WORK) as term:
        t0 = term.started
        if not term.wait_output(0, timeout):
            return {"error": "nothing written" + _exit_note(term)}
        out["first_bytes_s"] = term.chunks[0][0] - t0
        frames: list[Frame] = []
        data = wait_for(term, lambda f: shows_data(f.lines), timeout, seen=frames)
        if data is None:
            return out | {"error": "no data on screen" + _exit_note(term)}
        shown = [f for f in frames if any(line.strip() for line in f.lines)]
        out["first_frame_s"] = shown[0].at - t0
        out["first_data_s"] = data.at - t0
        out["frames_to_data"] = len(frames)
        out["bytes_to_data"] = sum(f.nbytes for f in frames)
        out["rss_mb"] = term.peak_rss_mb()
        if busy is not None:
            rest, idle = collect(term, busy)
            frames += rest
            out["timeline"] = _timeline(frames, t0, (), 0)
            last = settled_index(frames)
            if idle and last is not None:
                out["settled_s"] = frames[last].at - t0
    return out


def _exit_note(term: Terminal) -> str:
    if term.proc is not None and term.proc.poll() is not None:
        tail = b"".join(d for _, d in term.chunks)[-300:].decode(errors="replace")
        return f" (exited {term.proc.returncode}: {' '.join(tail.split())[-160:]})"
    return ""


# --- what the screen should show -----------------------------------------------------------------


class Expected:
    """What the store says the screen should show, read with the store's own queries."""

    def __init__(self, db: Path) -> None:
        from store.db import connect_readonly

        self.conn = connect_readonly(db)

    def close(self) -> None:
        self.conn.close()

    @staticmethod
    def label(meeting: Any) -> str:
        from tui.safe_text import one_line
        from tui.widgets.panes import meeting_date

        return f"{meeting_date(meeting.date)} {one_line(meeting.committee or '')[:10]}"

    def first(self, text: str = "") -> tuple[str, str] | None:
        """(meeting row label, first agenda title) of a filter's first meeting; None: none."""
        from store import queries
        from store.filters import parse_filter
        from tui.safe_text import one_line

        flt = parse_filter(text)
        rows = queries.meetings_window(self.conn, flt, 0, 1)
        if not rows:
            return None
        items = queries.meeting_items(self.conn, rows[0].id, flt)
        title = one_line(items[0].title or "")[:12] if items else ""
        return self.label(rows[0]), title

    def last(self) -> str:
        from store import queries
        from store.filters import Filter

        total = queries.count_meetings(self.conn, Filter())
        return self.label(queries.meetings_window(self.conn, Filter(), total - 1, 1)[0])

    def oldest_id(self) -> str:
        """The meetings table's first row as VisiData shows it (rowid order)."""
        return self.conn.execute("SELECT id FROM meetings ORDER BY rowid LIMIT 1").fetchone()[0]


def shows_first(expected: tuple[str, str] | None) -> Callable[[Sequence[str]], bool]:
    """The meetings list's first row (and the agenda's first item) are the expected ones."""

    def check(lines: Sequence[str]) -> bool:
        if expected is None:
            return any("No meetings match" in line for line in lines)
        label, title = expected
        row = lines[APP_ROWS[0]] if len(lines) > APP_ROWS[0] else ""
        return row.startswith("\u2502" + label) and title in row

    return check


# --- start-up ----------------------------------------------------------------------------------


def _stats(values: Sequence[float | None]) -> dict[str, Any]:
    done = sorted(v for v in values if v is not None)
    out: dict[str, Any] = {"n": len(values), "missing": len(values) - len(done)}
    if done:
        out["p50"] = statistics.median(done)
        out["p95"] = done[min(len(done) - 1, round(0.95 * (len(done) - 1)))]
        out["max"] = done[-1]
    return out


def _median(samples: Sequence[dict[str, Any]], key: str) -> float | None:
    values = [s[key] for s in samples if s.get(key) is not None]
    return statistics.median(values) if values else None


def _env(variant: Variant = THIS) -> dict[str, str]:
    # Run from the work folder, so a stray key (``e`` exports) never writes into the
    # repository; the bare app is imported from it by path. The app's settings (theme,
    # filter history) go to a folder of the run's, never the user's, emptied at each run,
    # one per variant so neither reads what the other saved.
    return os.environ | {
        "PYTHONPATH": str(variant.root),
        "XDG_CONFIG_HOME": str(config_home() / variant.name),
    }


PACKAGES = ("parsers", "store", "tui", "fetch")


def compile_sources(root: Path) -> None:
    """Byte-compile a checkout's packages next to their sources (``__pycache__``, git-ignored),
    so the app starts as an installed copy does. ``py_compile`` writes them whatever
    ``PYTHONDONTWRITEBYTECODE`` says; Python reads them either way."""
    import compileall

    for package in PACKAGES:
        if (root / package).is_dir():
            compileall.compile_dir(root / package, quiet=1)


def config_home() -> Path:
    return run.WORK / "terminal-config"


def app_argv(db: Path) -> list[str]:
    return [*run._cli(), "--db", str(db.resolve())]


def find_vd(given: str | None) -> str | None:
    if given:
        return given
    local = run.WORK / "visidata" / "bin" / "vd"
    if local.exists():
        return str(local)
    return shutil.which("vd")


def startup_rows(
    results: run.Results,
    plan: Plan,
    stores: list[tuple[Path, dict[str, Any]]],
    vd: str | None,
    variants: Sequence[Variant] = (THIS,),
) -> None:
    """Process start to the first screen with data, the bare app and VisiData interleaved."""
    run._log(
        f"terminal start-up: bare app, the app on {len(stores)} stores"
        + "".join(f", {v.group} ({v.note})" for v in variants if v.group)
        + (", VisiData" if vd else "")
        + f", x{plan.runs} interleaved"
    )
    firsts = []
    for path, _ in stores:
        expected = Expected(path)
        try:
            firsts.append((expected.first(), expected.oldest_id()))
        finally:
            expected.close()
    bare: list[dict[str, Any]] = []
    apps: dict[str, list[list[dict[str, Any]]]] = {v.name: [[] for _ in stores] for v in variants}
    peers: list[dict[str, Any]] = []
    big = stores[-1][0]
    for _ in range(plan.runs):
        bare.append(
            first_screen(
                [sys.executable, "-c", BARE_APP],
                lambda lines: any("meeting 0" in line for line in lines),
                lambda lines: False,
                BARE_ROWS,
            )
        )
        for index, (path, _) in enumerate(stores):
            for variant in variants:
                apps[variant.name][index].append(
                    first_screen(
                        app_argv(variant.store(path)),
                        shows_first(firsts[index][0]),
                        app_busy,
                        APP_ROWS,
                        variant=variant,
                    )
                )
        if vd:
            oldest = firsts[-1][1]
            peers.append(
                first_screen(
                    [vd, "-N", str(big), "+:meetings::"],
                    lambda lines, oldest=oldest: any(oldest in line for line in lines),
                    None,
                    (0, 0),
                )
            )
    results.raw["startup_bare"] = bare
    bare_s = _median(bare, "first_data_s")
    errors = [b["error"] for b in bare if "error" in b]
    results.add(
        "start-up",
        "bare three-pane Textual app: first screen (floor)",
        "",
        run._fmt_s(bare_s),
        None if bare_s else False,
        bare_s,
        _startup_note(bare) + (f"; {errors[0]}" if errors else ""),
    )
    for variant in variants:
        for index, (_path, manifest) in enumerate(stores):
            items = manifest["counts"]["items"]
            got = apps[variant.name][index]
            results.raw[_raw_key(variant, f"startup_{items}")] = got
            first = _median(got, "first_data_s")
            name = f"first screen with data, {items:,} items"
            group = variant.group or "start-up"
            errors = [g["error"] for g in got if "error" in g]
            if first is None or not bare_s:
                results.add(group, name, "", "failed", False, note=(errors or ["?"])[0][:160])
                continue
            ratio = first / bare_s
            targeted = index == len(stores) - 1 and not variant.group
            results.add(
                group,
                name,
                f"<= {TARGET_FIRST_SCREEN_RATIO}x bare" if targeted else "",
                f"{run._fmt_s(first)} ({ratio:.2f}x)",
                ratio <= TARGET_FIRST_SCREEN_RATIO if targeted else None,
                first,
                _variant_note(variant)
                + _startup_note(got)
                + (f"; {len(errors)} failed: {errors[0][:100]}" if errors else ""),
            )
    if vd:
        results.raw["startup_visidata"] = peers
        peer_s = _median(peers, "first_data_s")
        app_s = _median(apps[THIS.name][-1], "first_data_s")
        items = stores[-1][1]["counts"]["items"]
        if peer_s is None or app_s is None:
            errors = [p["error"] for p in peers if "error" in p]
            results.add(
                "start-up",
                f"VisiData: first screen of the meetings table, {items:,} items",
                "",
                "failed",
                False,
                note=(errors or ["?"])[0][:160],
            )
        else:
            results.add(
                "start-up",
                f"VisiData: first screen of the meetings table, {items:,} items",
                "app faster",
                f"{run._fmt_s(peer_s)} (app {run._fmt_s(app_s)})",
                app_s < peer_s,
                peer_s,
                f"`vd -N STORE +:meetings::`; {_startup_note(peers)}",
            )


def _raw_key(variant: Variant, key: str) -> str:
    return f"{variant.group}_{key}" if variant.group else key


def _variant_note(variant: Variant) -> str:
    return f"{variant.note}; " if variant.note else ""


def _startup_note(samples: Sequence[dict[str, Any]]) -> str:
    parts = []
    for key, label in (
        ("first_bytes_s", "first byte"),
        ("first_frame_s", "first frame"),
        ("settled_s", "settled"),
    ):
        value = _median(samples, key)
        if value is not None:
            parts.append(f"{label} {run._fmt_s(value)}")
    frames = _median(samples, "frames_to_data")
    nbytes = _median(samples, "bytes_to_data")
    if frames is not None and nbytes is not None:
        parts.append(f"{frames:.0f} frames / {nbytes / 1000:.0f} KB to the data")
    rss = [s["rss_mb"] for s in samples if s.get("rss_mb")]
    if rss:
        parts.append(f"RSS {max(rss):.0f} MB")
    return "medians: " + ", ".join(parts)


# --- the session at the largest store ------------------------------------------------------------


def press(term: Terminal, *keys: str) -> list[Frame]:
    """Press keys and wait for their answer and for the app to fall idle (not measured)."""
    sent = term.received()
    term.press(*keys)
    return collect(term, app_busy, sent)[0]


def _type_filter(term: Terminal, text: str) -> tuple[float, tuple[str, ...], int] | None:
    """Open the box, type ``text``, press Enter before the debounce: (t0, key before, reads)."""
    for _ in range(3):
        collect(term, app_busy)
        press(term, "slash")
        if not any(BOX_PLACEHOLDER in line for line in term.screen.display):
            press(term, "escape")  # the box did not open: typed letters would be commands
            continue
        typed = term.press(text)
        shown = wait_for(term, lambda f: any(text in line for line in f.lines), TYPED_IN_TIME)
        if shown is not None and time.perf_counter() - typed < TYPED_IN_TIME:
            before, sent = _key_now(term), term.received()
            return term.press("enter"), before, sent
        # The box took too long to show the text: the debounce may apply it before Enter.
        collect(term, app_busy)
        press(term, "escape")
    return None


def session(
    db: Path,
    filters: dict[str, list[str]],
    reps: int,
    floor_s: float,
    variants: Sequence[Variant] = (THIS,),
) -> dict[str, Any]:
    """The app (each variant) and the bare app side by side: keys in turn, each timed to
    its settled screen. This checkout's results are ``ops``, ``filters`` and ``rss_mb``;
    a baseline's are the same under its group's name."""
    expected = Expected(db)
    out: dict[str, Any] = {}
    apps = {
        v.name: Terminal(
            app_argv(v.store(db)),
            settle_key=lambda s: screen_key(s, *APP_ROWS),
            env=_env(v),
            cwd=run.WORK,
        )
        for v in variants
    }
    bare = Terminal(
        [sys.executable, "-c", BARE_APP],
        settle_key=lambda s: screen_key(s, *BARE_ROWS),
        env=_env(),
        cwd=run.WORK,
    )
    try:
        for term in apps.values():
            term.start()
        bare.start()
        top = expected.first()
        for name, term in apps.items():
            if wait_for(term, lambda f: shows_first(top)(f.lines), 300) is None:
                return {"error": f"{name}: no meetings on screen" + _exit_note(term)}
        if wait_for(bare, lambda f: any("meeting 0" in line for line in f.lines), 60) is None:
            return {"error": "the bare app showed nothing" + _exit_note(bare)}
        for term in apps.values():
            collect(term, app_busy)
        collect(bare, None)

        def bare_key(key: str, expect: Callable[[Sequence[str]], bool] | None = None) -> dict:
            return measure(bare, [key], None, expect)

        ops: dict[str, dict[str, list[dict[str, Any]]]] = {name: {} for name in apps}

        def each(op: str, keys: Sequence[str], expect: Any = None) -> None:
            for name, term in apps.items():
                ops[name].setdefault(op, []).append(measure(term, keys, app_busy, expect))

        for _ in range(reps):
            each("cursor", ["j"])
        for _ in range(reps):
            each("page", ["pagedown"])
        last, first = expected.last(), top[0] if top else ""
        for term in apps.values():
            press(term, "g")  # paging may have reached the end of a small store
        for _ in range(max(3, reps // 2)):
            each("jump_end", ["G"], lambda ls: any(last in line for line in ls))
            each("jump_top", ["g"], lambda ls: ls[APP_ROWS[0]].startswith("\u2502" + first))
        bare_ops: dict[str, list[dict[str, Any]]] = {}
        for index in range(reps):
            bare_ops.setdefault("bare_scroll", []).append(bare_key("up" if index % 2 else "down"))
            bare_ops.setdefault("bare_page", []).append(
                bare_key("pagedown" if index % 2 == 0 else "pageup")
            )
        filtered: dict[str, dict[str, list[dict[str, Any]]]] = {name: {} for name in apps}
        result = 0
        for category, texts in filters.items():
            for text in texts:
                want = expected.first(text)
                for name, term in apps.items():
                    filtered[name].setdefault(category, []).append(
                        {"text": text, **_filter_sample(term, text, want)}
                    )
                result += 1
                bare_ops.setdefault("bare_refill", []).append(
                    bare_key(
                        "n", lambda ls, r=result: any(f"meeting 0 of result {r}" in x for x in ls)
                    )
                )
        for variant in variants:
            mine = {"ops": ops[variant.name] | bare_ops, "filters": filtered[variant.name]}
            mine["rss_mb"] = apps[variant.name].peak_rss_mb()
            if variant.group:
                out[variant.group] = mine
            else:
                out |= mine
        out["bare_rss_mb"] = bare.peak_rss_mb()
        out["floor_s"] = floor_s
    finally:
        expected.close()
        for term in apps.values():
            term.close()
        bare.close()
    return out


def _filter_sample(term: Terminal, text: str, want: tuple[str, str] | None) -> dict[str, Any]:
    """Type a filter and time Enter to the settled screen; then back to all meetings."""
    started = _type_filter(term, text)
    if started is None:
        return {"error": "the typed text was not shown in time"}
    t0, before, sent = started
    sample = measure(term, [], app_busy, shows_first(want), t0=t0, before=before, sent=sent)
    press(term, "escape")  # back to all meetings for the next filter
    return sample


def _unchanged_note(samples: list[dict[str, Any]]) -> str:
    frames = _median(samples, "unchanged_frames")
    nbytes = _median(samples, "unchanged_bytes")
    if not frames or nbytes is None:
        return ""
    return f"; {frames:.0f} frames / {nbytes / 1000:.1f} KB changed no cell (median, to idle)"


def _p(stats: dict[str, Any], key: str) -> str:
    return run._fmt_s(stats.get(key))


def session_rows(
    results: run.Results,
    db: Path,
    manifest: dict[str, Any],
    plan: Plan,
    filters: dict[str, list[str]],
    floor: dict[str, Any],
    variants: Sequence[Variant] = (THIS,),
) -> None:
    items = manifest["counts"]["items"]
    where = f"{items:,} items"
    run._log(f"terminal session at {where}: cursor, page, jumps and filters, beside the bare app")
    floor_s = floor.get("p50") or 0.0
    data = session(db, filters, plan.reps, floor_s, variants)
    results.raw["session"] = data
    if "error" in data:
        results.add("app", f"app session at {where}", "", "failed", False, note=data["error"])
        return
    for variant in variants:
        mine = data[variant.group] if variant.group else data
        _session_variant_rows(results, where, mine, floor_s, variant)


def _session_variant_rows(
    results: run.Results,
    where: str,
    data: dict[str, Any],
    floor_s: float,
    variant: Variant,
) -> None:
    """The session's rows for one variant (a baseline's: its group, no targets)."""
    targeted = not variant.group
    ops = data["ops"]

    def settled(samples: list[dict[str, Any]]) -> dict[str, Any]:
        return _stats([s.get("settled_s") for s in samples])

    bare_floor = {
        "cursor": ("bare_scroll", "bare app, a pane scrolled by a line"),
        "page": ("bare_page", "bare app, a pane scrolled by a page"),
    }
    for key, name in (
        ("cursor", "cursor down (j)"),
        ("page", "page down"),
        ("jump_end", "jump to the end (G)"),
        ("jump_top", "jump to the top (g)"),
    ):
        samples = ops.get(key, [])
        stats = settled(samples)
        first = _stats([s.get("first_change_s") for s in samples])
        p50 = stats.get("p50")
        wrong = sum(1 for s in samples if s.get("as_expected") is False)
        errors = [s["error"] for s in samples if "error" in s]
        note = (
            f"first change {_p(first, 'p50')}; "
            f"{_median(samples, 'frames_to_settled') or 0:.0f} frames / "
            f"{(_median(samples, 'bytes_to_settled') or 0) / 1000:.1f} KB to settled"
        )
        note += _unchanged_note(samples)
        if key in bare_floor:
            floor_key, floor_name = bare_floor[key]
            bare_stats = settled(ops.get(floor_key, []))
            note += f"; {floor_name}: {_p(bare_stats, 'p50')}"
        if wrong:
            note += f"; {wrong} did not show the expected rows"
        if errors:
            note += f"; {len(errors)} failed: {errors[0]}"
        results.add(
            variant.group or "app",
            f"{name}, {where}: key to settled screen, median",
            f"<= {run._fmt_s(TARGET_MOVE_S)}" if targeted else "",
            f"{run._fmt_s(p50)} (p95 {_p(stats, 'p95')})",
            (p50 is not None and p50 <= TARGET_MOVE_S and not wrong and not errors)
            if targeted
            else None,
            p50,
            _variant_note(variant) + note,
        )
    if targeted:
        refill = settled(ops.get("bare_refill", []))
        refill_bytes = _median(ops.get("bare_refill", []), "bytes_to_settled") or 0
        results.add(
            "filter",
            "bare app: all three panes refilled (n), key to settled screen, p95",
            "",
            f"{_p(refill, 'p95')} (p50 {_p(refill, 'p50')})",
            None,
            refill.get("p95"),
            f"{_median(ops.get('bare_refill', []), 'frames_to_settled') or 0:.0f} frames / "
            f"{refill_bytes / 1000:.1f} KB",
        )
    for category, samples in data["filters"].items():
        stats = settled(samples)
        first = _stats([s.get("first_change_s") for s in samples])
        p95 = stats.get("p95")
        net = None if p95 is None else p95 - floor_s
        frames = [s.get("pane_frames") for s in samples if s.get("pane_frames") is not None]
        one_frame = bool(frames) and all(f == 1 for f in frames)
        wrong = [s["text"] for s in samples if s.get("as_expected") is False]
        errors = [f"{s['text']}: {s['error']}" for s in samples if "error" in s]
        nbytes = _median(samples, "bytes_to_settled") or 0
        note = (
            f"p50 {_p(stats, 'p50')}; first change {_p(first, 'p50')}; "
            f"pane frames {frames}; {_median(samples, 'frames_to_settled') or 0:.0f} frames / "
            f"{nbytes / 1000:.1f} KB to settled (median); "
            + ", ".join(f"{s['text']}={run._fmt_s(s.get('settled_s'))}" for s in samples)
        )
        note += _unchanged_note(samples)
        if wrong:
            note += f"; not the expected rows: {', '.join(wrong)}"
        if errors:
            note += f"; failed: {'; '.join(errors)}"
        results.add(
            variant.group or "filter",
            f"{category}: Enter to settled screen, p95 net of the poll floor",
            f"<= {run._fmt_s(TARGET_FILTER_NET_P95_S)}, one frame" if targeted else "",
            f"{run._fmt_s(net)} ({run._fmt_s(p95)} measured)" if net is not None else "failed",
            (
                net is not None
                and net <= TARGET_FILTER_NET_P95_S
                and one_frame
                and not wrong
                and not errors
            )
            if targeted
            else None,
            net,
            _variant_note(variant) + note,
        )
    rss = data.get("rss_mb")
    results.add(
        variant.group or "memory",
        f"peak RSS of the app after the session, {where}",
        f"<= {TARGET_RSS_MB:.0f} MB" if targeted else "",
        f"{rss:.0f} MB" if rss else "unknown",
        (rss is not None and rss <= TARGET_RSS_MB) if targeted else None,
        rss,
        _variant_note(variant) + f"bare app {results.raw['session'].get('bare_rss_mb') or 0:.0f}"
        " MB",
    )


# --- imports -----------------------------------------------------------------------------------

# What each program imports before its first screen: the program itself runs on the pty under
# ``python -X importtime`` until its first screen with data, and the lines importtime wrote to
# the terminal are read back from the pty's bytes (Textual draws on stderr too, so they cannot
# go to a file of their own), up to the read that completed that screen: what the program
# imports after it was drawn (and before the pty was read) is not before its first screen.
_IMPORT_LINE = re.compile(rb"import time:\s*(\d+) \|\s*\d+ \|( *)(\S+)")


def import_times(
    argv: Sequence[str], shows_data: Callable[[Sequence[str]], bool], variant: Variant = THIS
) -> list[tuple[int, str, int]]:
    """``argv`` run with ``python -X importtime`` to its first screen with data:
    (depth, module, self µs) of every import, in the order printed."""
    command = [sys.executable, "-X", "importtime", *argv]
    with Terminal(command, env=_env(variant), cwd=run.WORK) as term:
        shown = wait_for(term, lambda f: shows_data(f.lines), 120)
        until = shown.at if shown is not None else float("inf")
        data = b"".join(chunk for at, chunk in term.chunks if at <= until)
    out = []
    for own, indent, name in _IMPORT_LINE.findall(data):
        if name.decode() != "imported":  # the header line
            out.append(((len(indent) - 1) // 2, name.decode(), int(own)))
    return out


def _python_argv(argv: Sequence[str]) -> list[str]:
    """``argv`` (a console script, or ``python -m ...``) as arguments to the interpreter."""
    if argv[0] == sys.executable:
        return list(argv[1:])
    return list(argv)


def extra_imports(app: list[tuple[int, str, int]], bare_modules: set[str]) -> dict[str, float]:
    """The app's imports the bare app does not make, as ms by the outermost such import
    below the entry modules (``tui.app``'s own imports, not ``tui.app`` as a whole).

    importtime prints an import after everything it imported, one level deeper; read
    backwards, each line's parent is the nearest line above it one level up.
    """
    roots: dict[str, float] = {}
    stack: list[str] = []  # the root (outermost extra import) at each depth, "" if none
    for depth, name, own in reversed(app):
        del stack[depth:]
        parent_root = stack[-1] if stack else ""
        extra = name not in bare_modules
        root = (parent_root or name) if extra else ""
        stack.append(root if depth > 0 else "")
        if extra:
            roots[root] = roots.get(root, 0.0) + own / 1000
    return roots


def import_rows(
    results: run.Results,
    rounds: int,
    db: Path,
    variants: Sequence[Variant] = (THIS,),
) -> None:
    """Import time the app spends beyond the bare app's before its first screen, and where
    (median of ``rounds``)."""
    run._log("imports: the app's beyond the bare app's (python -X importtime)")
    expected = Expected(db)
    try:
        top = expected.first()
    finally:
        expected.close()
    totals: dict[str, list[tuple[float, dict[str, float]]]] = {v.name: [] for v in variants}
    for _ in range(rounds):
        bare_times = import_times(
            ["-c", BARE_APP], lambda ls: any("meeting 0" in line for line in ls)
        )
        bare = {name for _, name, _ in bare_times}
        for variant in variants:
            app = _python_argv(app_argv(variant.store(db)))
            roots = extra_imports(import_times(app, shows_first(top), variant), bare)
            totals[variant.name].append((sum(roots.values()), roots))
    for variant in variants:
        mine = sorted(totals[variant.name], key=lambda t: t[0])
        total, roots = mine[len(mine) // 2]
        results.raw[_raw_key(variant, "imports_beyond_bare_ms")] = roots
        biggest = sorted(roots.items(), key=lambda kv: -kv[1])[:6]
        results.add(
            variant.group or "start-up",
            "imports beyond the bare app's (python -X importtime, own time)",
            "",
            run._fmt_s(total / 1000),
            None,
            total / 1000,
            _variant_note(variant)
            + "by outermost import: "
            + ", ".join(f"{name} {ms:.0f} ms" for name, ms in biggest),
        )


# --- the search command -------------------------------------------------------------------------


def search_rows(
    results: run.Results,
    db: Path,
    manifest: dict[str, Any],
    words: list[str],
    reps: int,
    variants: Sequence[Variant] = (THIS,),
) -> None:
    """``minutes-tui search WORD`` as a person runs it: wall time, process start to exit."""
    items = manifest["counts"]["items"]
    run._log(f"`minutes-tui search WORD` for {len(words)} words x{reps} at {items:,} items")
    per_word: dict[str, dict[str, list[float]]] = {v.name: {} for v in variants}
    failures: dict[str, list[str]] = {v.name: [] for v in variants}
    for _ in range(reps):
        for word in words:
            for variant in variants:
                started = time.perf_counter()
                proc = subprocess.run(
                    [*run._cli(), "search", "--db", str(variant.store(db).resolve()), word],
                    capture_output=True,
                    text=True,
                    timeout=600,
                    cwd=run.WORK,
                    env=_env(variant),
                )
                seconds = time.perf_counter() - started
                if proc.returncode != 0:
                    failures[variant.name].append(f"{word}: exit {proc.returncode}")
                    continue
                per_word[variant.name].setdefault(word, []).append(seconds)
    for variant in variants:
        mine = per_word[variant.name]
        results.raw[_raw_key(variant, "search")] = mine
        stats = _stats([t for times in mine.values() for t in times])
        p95 = stats.get("p95")
        slowest = sorted(mine.items(), key=lambda kv: -max(kv[1]))[:3]
        failed = failures[variant.name]
        targeted = not variant.group
        results.add(
            variant.group or "search",
            f"`minutes-tui search WORD`, one word, {items:,} items: wall time p95",
            f"< {run._fmt_s(TARGET_SEARCH_P95_S)}" if targeted else "",
            f"{run._fmt_s(p95)} (p50 {_p(stats, 'p50')})" if p95 is not None else "failed",
            (p95 is not None and p95 < TARGET_SEARCH_P95_S and not failed) if targeted else None,
            p95,
            _variant_note(variant)
            + "slowest: "
            + ", ".join(f"{w} {run._fmt_s(max(t))}" for w, t in slowest)
            + (f"; failed: {', '.join(failed)}" if failed else ""),
        )


# --- main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.terminal", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--size", choices=tuple(run.SIZES), default="tiny")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--vd", help="VisiData's vd to measure beside the app")
    parser.add_argument(
        "--baseline",
        metavar="REF",
        help="also measure the app at this git revision (e.g. main), interleaved with this "
        "checkout's: before and after in one run",
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=("startup", "session", "search"),
        help="leave a group out (repeatable)",
    )
    args = parser.parse_args(argv)
    # Stopped from outside: unwind, so every program this run started on a pty is stopped
    # too (an app whose terminal has gone can spin on its input thread).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    size, plan = run.SIZES[args.size], PLANS[args.size]
    run.WORK.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(config_home(), ignore_errors=True)
    results = run.Results(size.name, args.seed)
    results.raw["machine"] = run.machine()
    results.raw["machine"]["cpu_probe_ms_before"] = run.cpu_probe()
    started = time.perf_counter()
    stores = [run.cached_store(m, args.seed) for m in size.stores]
    big_path, big_manifest = stores[-1]
    run._log("poll floor: a program that answers each key at once, on the same pty")
    floor = _stats(echo_floor(max(20, 2 * plan.reps)))
    results.raw["poll_floor"] = floor
    results.add(
        "terminal",
        "poll floor: key to the answering frame, median",
        "",
        f"{_p(floor, 'p50')} (p95 {_p(floor, 'p95')})",
        None,
        floor.get("p50"),
        f"{SIZE[0]}x{SIZE[1]} pty; read on a thread, frames rebuilt with pyte",
    )
    vd = find_vd(args.vd)
    variants = [THIS]
    if args.baseline:
        ours = [(m, path) for m, (path, _) in zip(size.stores, stores, strict=True)]
        variants.append(baseline(args.baseline, ours, args.seed))
    results.raw["variants"] = {v.name: v.note or "this checkout" for v in variants}
    for variant in variants:
        compile_sources(variant.root)
    every_store = [v.store(path) for v in variants for path, _ in stores]
    seconds, read = warm_pages(every_store)
    run._log(f"stores read into the page cache: {read / 2**20:,.0f} MB in {seconds:.1f} s")
    if "startup" not in args.skip:
        startup_rows(results, plan, stores, vd, variants)
        import_rows(results, max(1, plan.runs // 2), big_path, variants)
    filters = {
        category: texts[: plan.queries]
        for category, texts in run.filter_plan(corpus.vocabulary(), plan.queries).items()
    }
    if "session" not in args.skip:
        warm_pages([v.store(big_path) for v in variants])  # again: start-up took a while
        session_rows(results, big_path, big_manifest, plan, filters, floor, variants)
    if "search" not in args.skip:
        words = filters["common words"][:5] + filters["rare words"][:5]
        search_rows(results, big_path, big_manifest, words, plan.search_reps, variants)
    footnote = ""
    if not vd:
        footnote = "VisiData (vd) not found: its row is skipped"
        results.raw["visidata"] = footnote
    run.finish(results, started, args.json, footnote)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
