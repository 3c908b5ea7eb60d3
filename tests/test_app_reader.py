"""The reader's store access: a connection per thread, and stale searches interrupted."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from store.filters import Filter
from tui.reader import SEARCH, MeetingSource, StoreReader, is_interrupted

# Runs for minutes unless interrupted (a stand-in for a slow FTS count at scale).
SLOW = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"


def test_each_thread_gets_its_own_read_only_connection(model_store_path: Path) -> None:
    reader = StoreReader(model_store_path)
    with ThreadPoolExecutor(2) as pool:
        ids = set(pool.map(lambda _: id(reader.connection()), range(8)))
    assert 1 <= len(ids) <= 2  # reused per thread, never shared
    main = reader.connection()
    assert main is reader.connection()
    with pytest.raises(sqlite3.OperationalError):
        main.execute("DELETE FROM meetings")
    reader.close()


def test_a_newer_search_interrupts_the_running_one(model_store_path: Path) -> None:
    reader = StoreReader(model_store_path)
    started = threading.Event()
    outcome: list[BaseException] = []

    def slow_search() -> None:
        try:
            with reader.running(SEARCH) as conn:
                started.set()
                conn.execute(SLOW).fetchone()
        except sqlite3.Error as error:
            outcome.append(error)

    thread = threading.Thread(target=slow_search)
    thread.start()
    assert started.wait(5)
    # An interrupt that lands before the statement starts is a no-op (SQLite's rule), so
    # repeat until the query has seen one.
    for _ in range(200):
        reader.interrupt(SEARCH)
        thread.join(0.05)
        if not thread.is_alive():
            break
    assert not thread.is_alive()
    assert len(outcome) == 1 and is_interrupted(outcome[0])
    # The connection still works for the next search.
    assert MeetingSource(reader, Filter()).count() == 5
    reader.close()


def test_interrupt_leaves_other_groups_alone(model_store_path: Path) -> None:
    reader = StoreReader(model_store_path)
    with reader.running("detail") as conn:
        reader.interrupt(SEARCH)
        assert conn.execute("SELECT count(*) FROM meetings").fetchone()[0] == 5
    reader.close()
