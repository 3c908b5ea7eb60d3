"""The store guards itself (issue 17): another program's SQLite file is never written, a store
a newer version wrote is read but not written, a search index an interrupted bulk ingest
left behind is rebuilt (never silently empty), and a writer waits its turn."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from store.db import connect_readonly, index_is_stale, open_store
from store.errors import StoreError, StoreErrorKind
from store.ingest import ingest_paths
from store.migrations import APPLICATION_ID, MIGRATION_SET, MIGRATIONS_TABLE

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def other_programs_file(path: Path) -> bytes:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, title TEXT)")
    conn.execute("INSERT INTO photos (title) VALUES ('holiday')")
    conn.commit()
    conn.close()
    return path.read_bytes()


def test_another_programs_sqlite_file_is_never_written(tmp_path: Path) -> None:
    path = tmp_path / "photos.db"
    before = other_programs_file(path)
    for refused in (lambda: open_store(path), lambda: connect_readonly(path)):
        with pytest.raises(StoreError) as error:
            refused()
        assert error.value.kind is StoreErrorKind.FOREIGN
        assert str(error.value) == (
            f"{path}: not a minutes-tui store: an SQLite file of another program (tables:"
            " photos); give minutes-tui a path of its own with --db"
        )
    for args in (("search", "holiday"), ("export",), ("ingest", SEEDS[0])):
        done = cli("--db", path, *args)
        assert done.returncode == 1 and "not a minutes-tui store" in done.stderr, args
    assert path.read_bytes() == before  # no table added, nothing changed


def test_a_store_from_a_newer_version_is_read_but_never_written(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    db = open_store(path)
    ingest_paths(db, SEEDS[:1], workers=1)
    db.conn.execute(
        f"INSERT INTO [{MIGRATIONS_TABLE}] (migration_set, name, applied_at)"
        " VALUES (?, 'm099_from_the_future', '2030-01-01')",
        [MIGRATION_SET],
    )
    db.conn.commit()
    db.close()
    with pytest.raises(StoreError) as error:
        open_store(path)
    assert error.value.kind is StoreErrorKind.NEWER
    assert "m099_from_the_future" in str(error.value) and "reading it still works" in str(
        error.value
    )
    conn = connect_readonly(path)  # reading stays allowed
    assert conn.execute("SELECT count(*) FROM meetings").fetchone()[0] == 1
    conn.close()
    done = cli("--db", path, "ingest", SEEDS[1])
    assert done.returncode == 1 and "written by a newer minutes-tui" in done.stderr


def test_new_stores_say_they_are_minutes_tui_stores(tmp_path: Path) -> None:
    open_store(tmp_path / "new.db").close()
    conn = sqlite3.connect(tmp_path / "new.db")
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()


def _stale_index_store(path: Path) -> Path:
    """The seeds' store as a bulk ingest killed (or out of disk) before its end leaves it:
    the triggers dropped and an index that finds nothing."""
    from store import schema

    db = open_store(path)
    ingest_paths(db, SEEDS, workers=1)
    with db.conn:
        schema.drop_fts_triggers(db)
        db.conn.execute("INSERT INTO items_fts(items_fts) VALUES ('delete-all')")
    db.close()
    return path


def test_an_index_a_stopped_bulk_ingest_left_behind_is_rebuilt(tmp_path: Path) -> None:
    path = _stale_index_store(tmp_path / "s.db")
    conn = connect_readonly(path)
    assert index_is_stale(conn)
    conn.close()
    done = cli("--db", path, "search", "safeguarding")  # opens it for writing first: rebuilt
    assert done.returncode == 0, done.stderr
    assert "rebuilt the search index an interrupted ingest left" in done.stderr
    assert "matching items" in done.stdout and not done.stdout.startswith("0 ")
    conn = connect_readonly(path)
    assert not index_is_stale(conn)
    conn.close()


def test_a_writer_waits_while_another_holds_the_store(tmp_path: Path) -> None:
    # "database is locked" after 5 s ended a whole ingest, with no per-file lines.
    path = tmp_path / "s.db"
    open_store(path).close()
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    released = threading.Event()

    def release() -> None:
        time.sleep(6.5)  # longer than the busy timeout
        holder.execute("COMMIT")
        released.set()

    threading.Thread(target=release, daemon=True).start()
    db = open_store(path)
    report = ingest_paths(db, SEEDS, workers=1)
    db.close()
    holder.close()
    assert released.is_set()
    assert report.ok == len(SEEDS) and not report.failed


async def test_the_reader_says_when_the_index_is_incomplete(tmp_path: Path) -> None:
    from store import schema
    from tui.app import STALE_INDEX, make_app
    from tui.settle import settle

    path = tmp_path / "s.db"
    db = open_store(path)
    ingest_paths(db, SEEDS, workers=1)
    with db.conn:
        schema.drop_fts_triggers(db)
    db.close()
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert STALE_INDEX in [n.message for n in app._notifications]


def test_a_repair_is_reported_by_the_command_that_made_it_and_no_other(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main

    path = _stale_index_store(tmp_path / "s.db")
    # A store the process mended outside any command (a script's own open_store, another
    # test): no command's repair to report.
    elsewhere = tmp_path / "elsewhere.db"
    shutil.copy(path, elsewhere)
    open_store(elsewhere).close()
    assert main(["--db", str(path), "search", "safeguarding"]) == 0
    assert capsys.readouterr().err == (
        f"minutes-tui: {path}: rebuilt the search index an interrupted ingest left\n"
    )
    # The same process runs the next command (a script, the tests): it mended nothing.
    assert main(["--db", str(path), "search", "safeguarding"]) == 0
    assert capsys.readouterr().err == ""
