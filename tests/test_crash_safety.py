"""Crash safety: ``minutes-tui ingest`` killed with SIGKILL at random points loses nothing.

A generated batch (``benchmarks.corpus``: ~150 meetings, ~350 files of text and
HTML meeting and item pages) is ingested by the real CLI in a subprocess, which is
killed without warning at random moments, again and again. After every kill:

* ``PRAGMA integrity_check`` is ``ok`` and foreign keys hold;
* every file is all-or-nothing: a source marked ingested has exactly the
  contributions an uninterrupted run gives it, and the visible rows equal what
  rebuilding every meeting from the contributions gives (no half-written meeting);

and finally re-running the ingest gives exactly the store an uninterrupted run gives
(full dump of every table keyed by source path, schema and triggers included, the
full-text index checked word by word; only ingest timestamps ignored).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_bad_input import canonical_dump

ROOT = Path(__file__).resolve().parent.parent
MEETINGS = 60  # ~150 files: meeting pages and the item pages of their truncated items
KILLS = 10


def start_ingest(db: Path, folder: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "--db", str(db), "ingest", *extra, str(folder)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_ingest(db: Path, folder: Path, *extra: str) -> tuple[float, str, str]:
    started = time.perf_counter()
    proc = start_ingest(db, folder, *extra)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return time.perf_counter() - started, out, err


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if str(ROOT) not in sys.path:  # benchmarks/ is not an installed package
        sys.path.insert(0, str(ROOT))
    from benchmarks.corpus import write_corpus

    folder = tmp_path_factory.mktemp("crash") / "corpus"
    summary = write_corpus(folder, MEETINGS, seed=7)
    assert len(summary.files) > 120
    return folder


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """The store an uninterrupted run gives, and how long that run took."""
    db = tmp_path_factory.mktemp("reference") / "reference.db"
    seconds, out, _ = run_ingest(db, corpus)
    assert " 0 failed" in out, out
    return db, seconds


def contributions_by_path(db: Path) -> dict[str, list[tuple[str, bytes]]]:
    """Each file's contributions as (meeting id, the parse in full). Stored payloads are
    compact while a meeting has one source, so their bytes depend on the other files
    present; what they decode to must not."""
    from store.ingest import decoded_contributions
    from store.payload import meeting_to_payload

    conn = sqlite3.connect(db)
    try:
        paths = dict(conn.execute("SELECT id, path FROM sources"))
        out: dict[str, list[tuple[str, bytes]]] = {}
        for sid, mid, meeting in decoded_contributions(conn):
            out.setdefault(paths[sid], []).append((mid, meeting_to_payload(meeting)))
        return {path: sorted(found) for path, found in out.items()}
    finally:
        conn.close()


def check_consistent(db: Path, reference_db: Path, scratch: Path) -> int:
    """The invariants after a kill. Returns how many files are in the store."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "sources" not in tables:
            # Killed while the first run was creating the store: the schema migration is
            # one transaction, so the file holds no table at all, and the next run creates it.
            assert tables <= {"_sqlite_migrations"}, tables
            return 0
        ok_paths = {r[0] for r in conn.execute("SELECT path FROM sources WHERE status = 'ok'")}
        bad = conn.execute("SELECT path, error FROM sources WHERE status != 'ok'").fetchall()
    finally:
        conn.close()
    assert bad == [], bad  # a kill must never be recorded as a failed file
    # All or nothing: each ingested file holds exactly what it holds after a clean run,
    # and no contribution exists without its source.
    expected = contributions_by_path(reference_db)
    present = contributions_by_path(db)
    assert set(present) <= ok_paths
    for path in ok_paths:
        assert present.get(path, []) == expected[path], path
    # The visible rows are exactly the merge of the contributions: rebuild every meeting
    # on a copy and nothing may change.
    copy = scratch / "rebuilt.db"
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{db}{suffix}").exists():
            shutil.copy(f"{db}{suffix}", f"{copy}{suffix}")
    before = canonical_dump(copy)
    from store.db import open_store, write_transaction
    from store.ingest import rebuild_meeting
    from store.tracker import track_pending

    store = open_store(copy)
    try:
        ids = [r[0] for r in store.conn.execute("SELECT DISTINCT meeting_id FROM contributions")]
        with write_transaction(store):
            for mid in ids:
                rebuild_meeting(store, mid)
            track_pending(store.conn)  # as the writer does before it commits
    finally:
        store.close()
    after = canonical_dump(copy)
    assert {k: v for k, v in after.items() if k != "fts"} == {
        k: v for k, v in before.items() if k != "fts"
    }
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    return len(ok_paths)


def files_written(db: Path) -> int:
    """How many files the running ingest has committed (0 before the store exists)."""
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.05)
        try:
            return conn.execute("SELECT count(*) FROM sources").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:  # not created yet, or mid-migration
        return 0


def kill_repeatedly(
    db: Path, corpus: Path, reference: tuple[Path, float], scratch: Path, *extra: str, kills: int
) -> list[int]:
    """Start the ingest, SIGKILL it at a random point, check, repeat. Returns files seen.

    The points are chosen by progress, not by wall time (a fast machine would finish
    before any fixed delay): a random target number of committed files, spread over the
    batch, then a random 0-30 ms more so the kill lands inside the next file's work or its
    transaction. The first kill comes during start-up (importing, or migrating the new
    store).
    """
    reference_db, _ = reference
    rng = random.Random(int(os.environ.get("CRASH_SEED", "20261122")) + ("--bulk" in extra))
    total = sum(1 for p in corpus.iterdir() if p.is_file())
    targets = [0, *sorted(rng.sample(range(1, total - 10), kills - 1))]
    progress = []
    for target in targets:
        proc = start_ingest(db, corpus, *extra)
        if target == 0:
            time.sleep(rng.uniform(0.05, 0.6))
        else:
            deadline = time.monotonic() + 60
            while proc.poll() is None and time.monotonic() < deadline:
                if files_written(db) >= target:
                    break
                time.sleep(0.005)
            time.sleep(rng.uniform(0, 0.03))
        finished = proc.poll() is not None
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        assert not finished, "the ingest finished before it could be killed"
        if db.exists():
            progress.append(check_consistent(db, reference_db, scratch))
    return progress


def test_sigkill_at_random_points_loses_nothing(
    corpus: Path, reference: tuple[Path, float], tmp_path: Path
) -> None:
    db = tmp_path / "killed.db"
    # --no-bulk: the index kept current file by file (a first fill would rebuild it at the
    # end instead, which the next test kills).
    progress = kill_repeatedly(db, corpus, reference, tmp_path, "--no-bulk", kills=KILLS)
    print(f"files in the store after each kill: {progress}; clean run {reference[1]:.2f} s")
    assert progress == sorted(progress)  # committed files stay committed
    run_ingest(db, corpus)
    assert canonical_dump(db) == canonical_dump(reference[0])


def test_sigkill_during_bulk_ingest_loses_nothing(
    corpus: Path, reference: tuple[Path, float], tmp_path: Path
) -> None:
    """``ingest --bulk`` drops the full-text triggers for the run and restores them at the
    end; a kill in between must not leave the store without them (or with a stale index)
    once an ordinary ingest has run again."""
    db = tmp_path / "bulk.db"
    progress = kill_repeatedly(db, corpus, reference, tmp_path, "--bulk", kills=3)
    print(f"files in the store after each bulk kill: {progress}")
    run_ingest(db, corpus)
    assert canonical_dump(db) == canonical_dump(reference[0])
