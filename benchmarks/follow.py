"""Benchmarks of following the council: the people, thread and news indexes at the largest store.

    python -m benchmarks.follow [--size tiny|small|full] [--json out.json] [--seed N]

At the largest store of the size (``full``: 100,000 meetings, ~1M items), on a copy of the
cached store (``benchmarks.run.cached_store``) so the cached one stays as the other
benchmarks expect it:

* the upgrade: migrating a store written before m009 and filling its people and thread
  indexes (``store.derived.rebuild_all``), once;
* the queries alone: the people index's first page and count, the busiest person's summary
  and first page, a thread's timeline, a meeting's thread marks, the bookmarks list and the
  ``has:note`` / ``is:bookmarked`` filters over 1,000 marks;
* after an ingest of new generated pages (meetings new and changed), the count of what is
  new for the overall news and for each of six watches (filters, a person, a thread), and
  the first page of the news;
* in the real app (Pilot, headless, 160x48, in its own process): from the key to the first
  frame that draws rows of the new view, for the people index (``p``), a person (Enter), a
  timeline (``t``), what's new (``w``) and the bookmarks (``M``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import corpus
from benchmarks.run import (
    ROOT,
    SIZES,
    WORK,
    Results,
    _checkpoint,
    _fingerprint,
    _fmt_s,
    _log,
    cached_store,
    finish,
    start_results,
)

NEW_PAGES = {"tiny": 5, "small": 20, "full": 40}  # pages ingested before counting the news
MARKS = 1000  # bookmarks and notes made before timing their list and filters


def _timed(fn: Callable[[], Any], reps: int) -> tuple[float, Any]:
    """The median seconds of ``reps`` calls, and the last result."""
    samples = []
    result = None
    for _ in range(max(1, reps)):
        started = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - started)
    samples.sort()
    return samples[len(samples) // 2], result


def _upgraded_copy(source: Path, folder: Path, results: Results) -> Path:
    """A copy of the cached store, brought up to this code's schema and derived indexes (the
    time of that is a row when there was anything to do)."""
    from store import derived
    from store.db import open_store
    from store.migrations import migrations

    target = folder / "follow.db"
    _log(f"copying {source.name} ({source.stat().st_size / 1e6:.0f} MB)")
    shutil.copy(source, target)
    probe = sqlite3.connect(target)
    try:
        applied = {
            r[0] for r in probe.execute("SELECT name FROM _sqlite_migrations")
        }  # fmt: skip
        built = "m009_following" in applied and derived.is_current(probe)
    finally:
        probe.close()
    pending = [n for n in migrations.names if n not in applied]
    started = time.perf_counter()
    open_store(target).close()
    seconds = time.perf_counter() - started
    if pending or not built:
        results.add(
            "upgrade",
            "open a store written before m009: migrate, build people and thread indexes",
            "",
            _fmt_s(seconds),
            None,
            seconds,
            f"pending: {', '.join(pending) or 'none'}; derived indexes rebuilt",
        )
    _checkpoint(target)
    return target


def query_rows(results: Results, db: Path, reps: int, new_pages: int, seed: int) -> dict[str, Any]:
    """The reads of the people, thread and news views, timed alone; what the app session
    needs to open them (a person, an item with a thread)."""
    from store import follow, queries, userdata
    from store.db import connect_readonly, open_store
    from store.filters import parse_filter
    from store.ingest import ingest_paths

    conn = connect_readonly(db)
    group = "follow queries"
    try:
        seconds, people = _timed(lambda: follow.people_window(conn, "", 0, 100), reps)
        results.add(group, "people index: first page of 100", "", _fmt_s(seconds), None, seconds)
        seconds, count = _timed(lambda: follow.count_people(conn), reps)
        results.add(group, "people index: count", "", _fmt_s(seconds), None, seconds, f"{count:,}")
        busiest = conn.execute(
            "SELECT person_key, count(*) FROM mentions GROUP BY person_key"
            " ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        key = busiest[0] if busiest else people[0].key
        seconds, _ = _timed(
            lambda: (follow.person_summary(conn, key), follow.person_window(conn, key, 0, 100)),
            reps,
        )
        results.add(
            group,
            "a person: summary and first page of the record",
            "",
            _fmt_s(seconds),
            None,
            seconds,
            f"the busiest: {busiest[1] if busiest else 0:,} mentions",
        )
        # An item sharing a key with the most others: the longest timeline.
        longest = conn.execute(
            "SELECT key, count(*) FROM thread_keys GROUP BY key ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        item_id = None
        if longest:
            rowid = conn.execute(
                "SELECT item_rowid FROM thread_keys WHERE key = ? LIMIT 1", [longest[0]]
            ).fetchone()[0]
            item_id = conn.execute("SELECT id FROM items WHERE rowid = ?", [rowid]).fetchone()[0]
            seconds, timeline = _timed(lambda: follow.thread(conn, item_id), reps)
            results.add(
                group,
                "a timeline: the longest thread",
                "",
                _fmt_s(seconds),
                None,
                seconds,
                f"{len(timeline):,} appearances",
            )
        meeting_id = conn.execute("SELECT id FROM meetings ORDER BY sort_key LIMIT 1").fetchone()[0]
        seconds, _ = _timed(lambda: follow.threaded_items(conn, meeting_id), reps)
        results.add(group, "a meeting's thread marks (agenda)", "", _fmt_s(seconds), None, seconds)
    finally:
        conn.close()

    # Marks: 1,000 bookmarks and notes on records spread over the store.
    writer = userdata.connect_writer(db)
    try:
        meetings = writer.execute("SELECT count(*) FROM meetings").fetchone()[0]
        # The first item of every n-th meeting: marks spread over the whole store.
        rows = writer.execute(
            "SELECT id FROM items WHERE (rowid & 65535) = 1 AND (rowid >> 16) % ? = 0 LIMIT ?",
            [max(1, meetings // MARKS), MARKS],
        ).fetchall()
        for n, (iid,) in enumerate(rows):
            mark = userdata.target("item", iid, f"item {iid}")
            userdata.toggle_bookmark(writer, mark) if n % 2 else userdata.set_note(
                writer, mark, f"note {n}"
            )
    finally:
        writer.close()
    conn = connect_readonly(db)
    try:
        seconds, _ = _timed(
            lambda: (follow.count_marks(conn), follow.marks_window(conn, 0, 100)), reps
        )
        results.add(
            group, f"bookmarks and notes ({len(rows):,}): count and first page", "",
            _fmt_s(seconds), None, seconds,
        )  # fmt: skip
        for text in ("has:note", "is:bookmarked"):
            flt = parse_filter(text)
            seconds, _ = _timed(
                lambda flt=flt: (
                    queries.count_meetings(conn, flt),
                    queries.meetings_window(conn, flt, 0, 100),
                ),
                reps,
            )
            results.add(group, f"filter {text}: count and first window", "", _fmt_s(seconds),
                        None, seconds)  # fmt: skip
        epoch = follow.current_epoch(conn)
        person = key
    finally:
        conn.close()

    # Watches saved now; then new pages arrive (new meetings, and some that merge into ones
    # the store holds); then every watch is counted.
    vocab = corpus.vocabulary()
    common = next(w for w in vocab.words[:200] if w.isalpha() and len(w) >= 6)
    watches = [
        ("common word", "filter", common),
        ("rare word", "filter", vocab.words[4500]),
        ("phrase", "filter", '"true record"'),
        ("fields", "filter", "committee:cabinet has:actions"),
        ("person", "person", person),
        ("thread", "thread", item_id or ""),
    ]
    writer = userdata.connect_writer(db)
    try:
        userdata.mark_seen(writer, None, epoch)
        for name, kind, query in watches:
            if query:
                userdata.save_watch(writer, name, kind, query, name, epoch)
    finally:
        writer.close()
    with tempfile.TemporaryDirectory(prefix="follow-pages-", dir=WORK) as tmp:
        corpus.write_corpus(Path(tmp), new_pages, seed=seed + 1000, fmt="text", item_pages=False)
        db_w = open_store(db)
        started = time.perf_counter()
        try:
            report = ingest_paths(db_w, sorted(Path(tmp).iterdir()), workers=1)
        finally:
            db_w.close()
        ingest_s = time.perf_counter() - started
    results.add(
        "news", f"ingest {new_pages} new generated pages (the news to count)", "",
        _fmt_s(ingest_s), None, ingest_s, report.summary(),
    )  # fmt: skip
    conn = connect_readonly(db)
    try:
        watch_rows = follow.watches(conn)
        per_watch: dict[str, Any] = {}

        def count_all() -> int:
            total = follow.news_count(conn, epoch)
            for w in watch_rows:
                per_watch[w.name] = follow.news_count(conn, w.seen, follow.watch_scope(conn, w))
            return total

        seconds, total = _timed(count_all, reps)
        results.add(
            "news",
            f"what is new after the ingest: overall and {len(watch_rows)} watches counted",
            "",
            _fmt_s(seconds),
            None,
            seconds,
            f"overall {total:,}; " + ", ".join(f"{k} {v:,}" for k, v in per_watch.items()),
        )
        for w in watch_rows:
            scope = follow.watch_scope(conn, w)
            seconds, _ = _timed(
                lambda scope=scope, w=w: follow.news_count(conn, w.seen, scope), reps
            )
            results.add("news", f"count for the {w.name} watch", "", _fmt_s(seconds), None, seconds)
        seconds, _ = _timed(lambda: follow.news_window(conn, epoch, follow.Scope(), 0, 100), reps)
        results.add("news", "what's new: first page of the overall news", "", _fmt_s(seconds),
                    None, seconds)  # fmt: skip
    finally:
        conn.close()
    return {"person": person, "item": item_id, "seen": epoch}


# --- the app: opening each view ----------------------------------------------------------------


def session_rows(results: Results, db: Path, plan: dict[str, Any]) -> None:
    _log("app session: opening the people, person, timeline, what's new and bookmarks views")
    launched = time.time()
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.follow", "--session", str(db), "--plan",
         json.dumps(plan), "--launched", repr(launched)],
        capture_output=True, text=True, timeout=1800, cwd=ROOT,
        env=os.environ | {"XDG_CONFIG_HOME": str(WORK / "follow-config")},
    )  # fmt: skip
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    data = json.loads(lines[-1]) if lines else {"error": proc.stderr.strip()[-300:]}
    results.raw["follow_session"] = data
    if "error" in data:
        results.add("follow app", "app session", "", "failed", False, note=data["error"])
        return
    for key, name in (
        ("people", "people index (p)"),
        ("person", "a person's record (Enter)"),
        ("timeline", "a timeline (t)"),
        ("news", "what's new (w)"),
        ("marks", "bookmarks and notes (M)"),
    ):
        stats = data.get(key, {})
        p50 = stats.get("p50")
        results.add(
            "follow app",
            f"open {name}: key to first rows drawn, median",
            "",
            _fmt_s(p50) + f" (p95 {_fmt_s(stats.get('p95'))})",
            None,
            p50,
            f"{stats.get('timeouts', 0)} timeouts" if stats.get("timeouts") else "",
        )


async def _open_views(db: Path, plan: dict[str, Any]) -> dict[str, Any]:
    from benchmarks.app_session import SIZE, WATCH, _frame, _hook_virtual_list, _stats, _wait
    from tui.app import make_app
    from tui.settle import wait_for_workers

    _hook_virtual_list()
    app = make_app(db, load_samples_if_empty=False)
    WATCH.hook_app(app)
    reps = int(plan.get("reps", 5))
    out: dict[str, Any] = {}
    async with app.run_test(size=SIZE) as pilot:

        async def settle() -> None:
            for _ in range(3):
                await wait_for_workers(app)
                await pilot.pause()

        first = WATCH.expect(lambda s: any(r.has_row for r in WATCH.records))
        await _frame(app, first, 300)
        await settle()

        async def opened(keys: tuple[str, ...], widget: str, screen: str) -> float | None:
            """Key to the first frame of ``screen`` whose list ``widget`` is loaded and drawn
            (its rows, or its empty text)."""
            seq = WATCH.seq

            def drawn(current: Any) -> bool:
                if type(current).__name__ != screen:
                    return False
                lists = current.query(f"#{widget}")
                return bool(lists) and lists.first().loaded and bool(WATCH.since(seq, widget))

            fut = WATCH.expect(drawn)
            t0 = time.perf_counter()
            await pilot.press(*keys)
            latency = await _wait(app, fut, t0)
            await settle()
            return latency

        async def back() -> None:
            while app.screen is not app.main_screen:
                await pilot.press("escape")
                await settle()

        views = ("people", "person", "timeline", "news", "marks")
        timings: dict[str, list[float | None]] = {k: [] for k in views}
        for _ in range(reps):
            timings["people"].append(await opened(("p",), "listing", "PeopleScreen"))
            timings["person"].append(await opened(("enter",), "listing", "PersonScreen"))
            await back()
            if plan.get("item"):
                app.go_to_item(plan["item"].split("/", 1)[0], plan["item"])
                await settle()
                timings["timeline"].append(await opened(("t",), "listing", "ThreadScreen"))
                await back()
            timings["news"].append(await opened(("w",), "news", "NewsScreen"))
            await back()
            # Leaving marked the news looked at: as it was, so every visit has news to show.
            _unsee(db, plan.get("seen", 0))
            timings["marks"].append(await opened(("M",), "listing", "MarksScreen"))
            await back()
        for key, values in timings.items():
            out[key] = _stats(values)
    return out


def _unsee(db: Path, epoch: int) -> None:
    """Put the overall news and every watch back to unseen since ``epoch`` (the benchmark
    visits what's new again; the reader itself never moves a watch backwards)."""
    conn = sqlite3.connect(db)
    try:
        with conn:
            conn.execute("UPDATE user_state SET value = ? WHERE name = 'overall'", [str(epoch)])
            conn.execute("UPDATE user_watches SET seen = ?", [epoch])
    finally:
        conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.follow", description=__doc__)
    parser.add_argument("--size", choices=tuple(SIZES), default="tiny")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--session", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--plan", default="{}", help=argparse.SUPPRESS)
    parser.add_argument("--launched", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.session is not None:  # the app side, in its own process
        try:
            result = asyncio.run(_open_views(args.session, json.loads(args.plan)))
        except Exception as error:
            result = {"error": f"the app stopped: {type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()
        os._exit(0)
    size = SIZES[args.size]
    results, started = start_results(size.name, args.seed)
    # The cached store as it is (the other benchmarks migrate it when they use it): a store
    # written before m009 shows what the upgrade costs.
    source = WORK / f"store-s{args.seed}-m{size.stores[-1]}-{_fingerprint()}.db"
    if not source.with_suffix(".json").exists():
        cached_store(size.stores[-1], args.seed)
    manifest = json.loads(source.with_suffix(".json").read_text())
    results.raw["store"] = manifest.get("counts")
    with tempfile.TemporaryDirectory(prefix="follow-", dir=WORK) as tmp:
        db = _upgraded_copy(source, Path(tmp), results)
        _log(f"queries at {manifest['counts']['items']:,} items")
        plan = query_rows(results, db, size.reps, NEW_PAGES[size.name], args.seed)
        session_rows(results, db, {"reps": max(3, size.reps // 5), **plan})
    finish(results, started, args.json, f"store: {manifest['counts']['items']:,} items")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
