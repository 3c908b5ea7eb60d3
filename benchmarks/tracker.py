"""The action tracker at the largest store: its queries alone, then the screen through Pilot.

    python -m benchmarks.tracker --size full --json benchmarks/results/tracker.json
    python -m benchmarks.tracker --size tiny     # the smoke test runs this

Uses ``benchmarks.run``'s cached stores (``--size full``: 100,000 meetings, about 1M items
and 270,000 actions), brought up to date by the store's own migrations and the tracker's
first reading of every action. Measured:

* the queries alone: the first window (44 rows, a 160x48 screenful) of the list in each
  order and under each filter, the list's length, and the counts per status of the status
  line (what the screen reads after its first rows are drawn);
* the screen, as ``benchmarks.app_session tracker`` drives it headless: ``a`` to the first
  frame with action rows, the cursor, ``s`` to the next order's rows, each filter (Enter to
  the frame showing the new filter's rows), Enter to an action's item; and the peak RSS.

Targets are the reader's (``benchmarks.run``): a filter's frame within 50 ms at the 95th
percentile, the cursor within a frame (16 ms), a screen opening (the tracker, the reading
view) within 50 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Any

from benchmarks.run import (
    SIZES,
    TARGET_CURSOR_S,
    TARGET_FILTER_P95_S,
    TARGET_READING_S,
    TARGET_RSS_MB,
    Results,
    _fmt_s,
    _log,
    app_process,
    cached_store,
    finish,
    start_results,
)

# Filters by what they test, each with the tracker's fields alone or combined with the
# reader's (words, committee:). The owners and committees are the benchmark corpus's.
FILTERS: dict[str, list[str]] = {
    "status": ["status:open", "status:done", "overdue", "status:superseded"],
    "owner": ["owner:chair", "owner:director", "owner:clerk"],
    "due": ["due:<2010-01", "due:2024", "due:none"],
    "combined": ["status:open owner:officers", "overdue owner:chief", "due:any status:open"],
    "with the reader's": ["committee:cabinet overdue", "budget status:open"],
}
SORTS = ("meeting", "due", "owner", "committee", "status")


def _timed(fn: Any, reps: int) -> tuple[float, float, Any]:
    """(median, max) seconds of ``reps`` calls, and the last result."""
    samples = []
    result = None
    for _ in range(reps):
        started = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), max(samples), result


def query_rows(results: Results, path: Path, reps: int) -> None:
    """The tracker's queries without the UI, on one read-only connection."""
    from store import queries
    from store.db import connect_readonly
    from store.filters import Filter, parse_filter

    conn = connect_readonly(path)
    raw: dict[str, Any] = {}
    try:
        for sort in SORTS:
            med, top, _ = _timed(
                lambda s=sort: queries.actions_window(conn, Filter(), 0, 44, sort=s), reps
            )
            raw[f"window {sort}"] = (med, top)
            results.add(
                "tracker queries",
                f"first window, sorted by {sort}",
                "",
                f"{_fmt_s(med)} (max {_fmt_s(top)})",
                None,
                med,
            )
        med, top, counts = _timed(lambda: queries.count_actions_by_status(conn, Filter()), 3)
        raw["counts by status"] = (med, top)
        results.add(
            "tracker queries",
            "counts per status, whole store (after the first rows)",
            "",
            f"{_fmt_s(med)} (max {_fmt_s(top)})",
            None,
            med,
            f"{counts.open:,} open ({counts.overdue:,} overdue), {counts.done:,} done,"
            f" {counts.dropped:,} dropped, {counts.superseded:,} superseded",
        )
        windows: list[float] = []
        for _category, texts in FILTERS.items():
            for text in texts:
                flt = parse_filter(text + " ")
                med, top, rows = _timed(
                    lambda f=flt: queries.actions_window(conn, f, 0, 44, sort="due"), reps
                )
                windows.append(top)
                raw[f"filter {text}"] = (med, top, len(rows))
        windows.sort()
        p95 = windows[min(len(windows) - 1, round(0.95 * (len(windows) - 1)))]
        results.add(
            "tracker queries",
            f"first window of each filter ({len(windows)}), sorted by due date: slowest run, p95",
            "",
            f"{_fmt_s(p95)} (worst {_fmt_s(windows[-1])})",
            None,
            p95,
        )
    finally:
        conn.close()
    results.raw["tracker_queries"] = raw


def session_rows(results: Results, path: Path, reps: int) -> None:
    """The tracker screen, headless, through Pilot (``benchmarks.app_session tracker``)."""
    plan = {"reps": reps, "filters": FILTERS}
    data = app_process("tracker", path, plan)
    results.raw["tracker_session"] = data
    if "error" in data:
        results.add("tracker screen", "session", "", data["error"], False)
        return

    def row(name: str, stats: dict[str, Any], target: float, key: str = "p50") -> None:
        value = stats.get(key)
        passed = value is not None and value < target and not stats.get("timeouts")
        label = "median" if key == "p50" else "p95"
        results.add(
            "tracker screen",
            f"{name}, {label}",
            f"< {_fmt_s(target)}",
            f"{_fmt_s(value)} (p95 {_fmt_s(stats.get('p95'))})"
            if key == "p50"
            else f"{_fmt_s(value)} (p50 {_fmt_s(stats.get('p50'))})",
            passed,
            value,
        )

    row("open the tracker (a), 1M items", data["open"], TARGET_READING_S)
    row("cursor down", data["cursor"], TARGET_CURSOR_S)
    row("next order (s)", data["sort"], TARGET_FILTER_P95_S, "p95")
    row("read an action's item (Enter)", data["read"], TARGET_READING_S)
    for category, stats in data["filters"].items():
        row(f"filter, {category}", stats, TARGET_FILTER_P95_S, "p95")
    rss = data.get("rss_mb")
    results.add(
        "tracker screen",
        "peak RSS after the session",
        f"< {TARGET_RSS_MB:.0f} MB",
        f"{rss:.0f} MB" if rss else "?",
        bool(rss) and rss < TARGET_RSS_MB,
        rss,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.tracker", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--size", choices=tuple(SIZES), default="tiny")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    size = SIZES[args.size]
    results, started = start_results(size.name, args.seed)
    path, manifest = cached_store(size.stores[-1], args.seed)
    counts = manifest["counts"]
    _log(f"the tracker at {counts['items']:,} items, {counts['actions']:,} actions")
    query_rows(results, path, size.reps)
    session_rows(results, path, size.reps)
    finish(results, started, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
