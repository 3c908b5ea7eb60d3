"""The planner's facts about a store are shared by the connections that read it, computed
once while the store does not change, and never outlive a change (``store.facts``)."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from store.facts import per_store


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "facts.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode = wal")
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES (1)")
    return path


def reader(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


def count_rows(conn: sqlite3.Connection, computed: list[int]) -> int:
    def compute() -> int:
        computed.append(1)
        return int(conn.execute("SELECT count(*) FROM t").fetchone()[0])

    return per_store(conn, ("rows",), compute)


def test_readers_of_one_store_share_a_fact_until_another_connection_commits(store: Path) -> None:
    first, second = reader(store), reader(store)
    computed: list[int] = []
    assert count_rows(first, computed) == 1
    assert count_rows(first, computed) == 1
    assert count_rows(second, computed) == 1  # a connection new to the facts: found, not computed
    third = reader(store)  # one opened after the fact was computed (a new thread's)
    assert count_rows(third, computed) == 1
    assert len(computed) == 1
    with sqlite3.connect(store) as writer:
        writer.execute("INSERT INTO t VALUES (2)")
    writer.close()
    # Whichever connection asks first after the commit computes it afresh, once for all.
    assert count_rows(second, computed) == 2
    assert count_rows(first, computed) == 2
    assert count_rows(third, computed) == 2
    assert len(computed) == 2
    for conn in (first, second, third):
        conn.close()


def test_a_commit_from_another_process_starts_a_new_epoch(store: Path) -> None:
    import subprocess
    import sys

    conn = reader(store)
    computed: list[int] = []
    assert count_rows(conn, computed) == 1
    script = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
        " c.execute('INSERT INTO t VALUES (3)'); c.commit()"
    )
    subprocess.run([sys.executable, "-c", script, str(store)], check=True)
    assert count_rows(conn, computed) == 2
    assert len(computed) == 2
    conn.close()


def test_a_file_put_in_the_store_s_place_is_a_store_of_its_own(tmp_path: Path) -> None:
    store = tmp_path / "replaced.db"  # a rollback-journal store: no WAL left beside it
    with sqlite3.connect(store) as writer:
        writer.execute("CREATE TABLE t (x)")
        writer.execute("INSERT INTO t VALUES (1)")
    writer.close()
    conn = reader(store)
    computed: list[int] = []
    assert count_rows(conn, computed) == 1
    conn.close()
    replacement = store.with_name("replacement.db")
    with sqlite3.connect(replacement) as writer:
        writer.execute("CREATE TABLE t (x)")
        writer.executemany("INSERT INTO t VALUES (?)", [(1,), (2,), (3,)])
    writer.close()
    replacement.replace(store)  # the same path, another file: its data_version may match
    conn = reader(store)
    assert count_rows(conn, computed) == 3
    conn.close()


def test_a_connection_that_wrote_keeps_its_own_facts(store: Path) -> None:
    other = reader(store)
    computed: list[int] = []
    assert count_rows(other, computed) == 1
    writer = sqlite3.connect(store)
    writer.execute("INSERT INTO t VALUES (2)")  # not committed: only the writer sees it
    assert count_rows(writer, computed) == 2
    assert count_rows(other, computed) == 1
    writer.commit()
    assert count_rows(writer, computed) == 2
    assert count_rows(other, computed) == 2
    writer.close()
    other.close()


def test_a_fact_being_computed_is_waited_for_not_computed_beside_it(store: Path) -> None:
    first, second = reader(store), reader(store)
    count_rows(first, [])
    count_rows(second, [])  # both seen: one epoch from here
    started, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def slow() -> str:
        calls.append(threading.current_thread().name)
        started.set()
        assert release.wait(5)
        return "fact"

    results: dict[str, str] = {}

    def ask(conn: sqlite3.Connection, name: str) -> None:
        results[name] = per_store(conn, ("slow",), slow)

    one = threading.Thread(target=ask, args=(first, "one"), name="one")
    one.start()
    assert started.wait(5)
    two = threading.Thread(target=ask, args=(second, "two"), name="two")
    two.start()
    time.sleep(0.05)  # "two" is waiting on "one"'s computation
    release.set()
    one.join(5)
    two.join(5)
    assert results == {"one": "fact", "two": "fact"}
    assert calls == ["one"]
    first.close()
    second.close()


def test_a_computation_that_fails_leaves_the_waiting_thread_to_compute_it(store: Path) -> None:
    first, second = reader(store), reader(store)
    count_rows(first, [])
    count_rows(second, [])
    started, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def flaky() -> str:
        calls.append(threading.current_thread().name)
        if len(calls) == 1:
            started.set()
            assert release.wait(5)
            raise sqlite3.OperationalError("interrupted")
        return "fact"

    results: dict[str, object] = {}

    def ask(conn: sqlite3.Connection, name: str) -> None:
        try:
            results[name] = per_store(conn, ("flaky",), flaky)
        except sqlite3.OperationalError as error:
            results[name] = str(error)

    one = threading.Thread(target=ask, args=(first, "one"), name="one")
    one.start()
    assert started.wait(5)
    two = threading.Thread(target=ask, args=(second, "two"), name="two")
    two.start()
    time.sleep(0.05)
    release.set()
    one.join(5)
    two.join(5)
    assert results == {"one": "interrupted", "two": "fact"}
    assert calls == ["one", "two"]
    assert per_store(first, ("flaky",), flaky) == "fact"  # kept: not computed a third time
    assert len(calls) == 2
    first.close()
    second.close()


def test_stores_in_memory_keep_their_facts_to_themselves() -> None:
    one, two = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
    assert per_store(one, ("which",), lambda: "one") == "one"
    assert per_store(two, ("which",), lambda: "two") == "two"
    one.close()
    two.close()


@pytest.mark.parametrize("typed", ["minu", "minutes", '"the council"', "s"])
def test_a_plan_worked_out_ahead_leaves_enter_s_query_only_its_rows(
    model_store_path: Path, typed: str
) -> None:
    """``queries.plan_ahead`` on one connection (the thread the filter was typed on) does
    every read the plan needs: the window's query on another connection reads the index
    for its rows alone, and the rows are those of a plan worked out afresh."""
    from store import queries
    from store.db import connect_readonly
    from store.filters import parse_filter

    flt = parse_filter(typed)
    typing, entered = connect_readonly(model_store_path), connect_readonly(model_store_path)
    try:
        entered.execute("PRAGMA data_version")
        per_store(entered, ("seen",), lambda: None)  # both connections seen: one epoch
        per_store(typing, ("seen",), lambda: None)
        queries.plan_ahead(typing, flt, 40)
        statements: list[str] = []
        entered.set_trace_callback(statements.append)
        rows = queries.meetings_window(entered, flt, 0, 40)
        entered.set_trace_callback(None)
        planning = [
            sql
            for sql in statements
            if "LIMIT" in sql and "items_fts MATCH" in sql and "meetings" not in sql
        ]
        assert planning == []  # no bounded read of the hits, no sample: all kept
        # The window's one statement (FTS5's own reads of its tables and the statements
        # run inside it are traced too, as "-- ..." and on 'main'.'items_fts_...').
        ours = [s for s in statements if not s.startswith(("PRAGMA", "--")) and "'main'." not in s]
        assert len(ours) == 1 and ours[0].startswith("SELECT m.id")
        fresh = connect_readonly(model_store_path)
        fresh.execute("BEGIN")  # a transaction open: its facts are its own, worked out again
        assert queries.meetings_window(fresh, flt, 0, 40) == rows
        fresh.close()
    finally:
        typing.close()
        entered.close()


def test_a_sentinel_that_fails_is_opened_again(store: Path) -> None:
    from store import facts

    first, second = reader(store), reader(store)
    computed: list[int] = []
    assert count_rows(first, computed) == 1
    facts._sentinels[str(store.resolve())].conn.close()  # as if its file handle went bad
    assert count_rows(first, computed) == 1  # its own, this once
    assert count_rows(first, computed) == 1  # a new sentinel: shared again from here
    assert count_rows(second, computed) == 1
    assert len(computed) == 3
    for conn in (first, second):
        conn.close()
