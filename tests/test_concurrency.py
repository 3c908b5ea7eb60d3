"""Concurrent use: the reader stays usable while an ingest writes, and two ingests never
lose or corrupt each other's files.

The store is in WAL mode with a busy timeout (``store.db``): readers read the last
committed state while a writer writes, and writers take turns, one transaction per
file. These tests run the real CLI ingest in subprocesses next to the real app.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import build_model_store
from test_bad_input import canonical_dump

from store import queries
from store.db import StoreError, connect_readonly, open_store
from store.filters import Filter
from tui.app import MinutesApp, make_app
from tui.screens.error import StoreErrorScreen
from tui.screens.main import MainScreen
from tui.settle import settle
from tui.widgets.panes import MeetingList

ROOT = Path(__file__).resolve().parent.parent
SIZE = (120, 40)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if str(ROOT) not in sys.path:  # benchmarks/ is not an installed package
        sys.path.insert(0, str(ROOT))
    from benchmarks.corpus import write_corpus

    folder = tmp_path_factory.mktemp("concurrent") / "corpus"
    write_corpus(folder, 60, seed=11)  # ~150 files, a few seconds of ingest
    return folder


def start_ingest(db: Path, *paths: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "--db", str(db), "ingest", *map(str, paths)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def errors_shown(app: MinutesApp) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


async def test_reader_stays_usable_during_an_ingest_and_refresh_shows_new_data(
    corpus: Path, tmp_path: Path
) -> None:
    store = build_model_store(tmp_path / "store.db")
    conn = connect_readonly(store)
    before = queries.count_meetings(conn, Filter())
    app = make_app(store, load_samples_if_empty=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        meetings = app.screen.query_one(MeetingList)
        assert meetings.count == before
        proc = start_ingest(store, corpus)
        keys = ["j", "j", "k", "tab", "j", "shift+tab", "G", "g", "r", "enter", "escape"]
        presses = 0
        slowest = 0.0
        while proc.poll() is None:
            started = time.perf_counter()
            await pilot.press(keys[presses % len(keys)])
            presses += 1
            if presses % 5 == 0:
                await settle(pilot)
            slowest = max(slowest, time.perf_counter() - started)
            await asyncio.sleep(0.02)
            assert not isinstance(app.screen, StoreErrorScreen)
            assert errors_shown(app) == []
        _out, err = proc.communicate()
        assert proc.returncode == 0, err
        assert presses >= 5  # the keys really were pressed while the ingest ran
        print(f"{presses} key presses during the ingest, slowest round trip {slowest:.2f} s")
        assert slowest < 2.0  # never stuck behind the writer's lock
        if not isinstance(app.screen, MainScreen):
            await pilot.press("escape")
        await pilot.press("r")
        await settle(pilot)
        after = queries.count_meetings(conn, Filter())
        assert after > before
        assert app.screen.query_one(MeetingList).count == after
        assert errors_shown(app) == []
    conn.close()


def test_two_ingests_at_once_lose_nothing(corpus: Path, tmp_path: Path) -> None:
    files = sorted(corpus.iterdir())
    halves = [tmp_path / "first", tmp_path / "second"]
    for half in halves:
        half.mkdir()
    for index, path in enumerate(files):
        shutil.copy(path, halves[index % 2] / path.name)

    store = tmp_path / "together.db"
    open_store(store).close()  # a new store's first open is tested on its own below
    procs = [start_ingest(store, half) for half in halves]
    outs = [proc.communicate(timeout=120) for proc in procs]
    for proc, (out, err) in zip(procs, outs, strict=True):
        assert proc.returncode == 0, err
        assert " 0 failed" in out

    sequential = tmp_path / "sequential.db"
    for half in halves:
        done = subprocess.run(
            [sys.executable, "-m", "tui.cli", "--db", str(sequential), "ingest", str(half)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr

    conn = sqlite3.connect(store)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    names = sorted(r[0] for r in conn.execute("SELECT name FROM sources WHERE status = 'ok'"))
    conn.close()
    assert names == sorted(p.name for p in files)  # both sets present, nothing lost
    assert canonical_dump(store) == canonical_dump(sequential)


def test_writers_opening_a_new_store_at_once_all_succeed(tmp_path: Path) -> None:
    """Two `minutes-tui ingest` started together on a store that does not exist yet (the
    first thing a new user's script might do) must both work: the second waits.

    Threads stand in for processes here (each has its own connection, as two processes
    would, and SQLite's locking is the same); 4 writers x 5 new stores, released together.
    """
    failures: list[str] = []
    for round_ in range(5):
        store = tmp_path / f"new-{round_}.db"
        barrier = threading.Barrier(4)

        def open_it(store: Path = store, barrier: threading.Barrier = barrier) -> None:
            barrier.wait()
            try:
                open_store(store).close()
            except StoreError as exc:
                failures.append(str(exc))

        threads = [threading.Thread(target=open_it) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert failures == []
