"""Opening the store: where it lives, migrations, and one-line errors for bad files."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from store import db as store_db
from store.db import StoreError, connect_readonly, default_db_path, open_store
from store.errors import StoreErrorKind
from store.schema import migrations


def test_default_path_env_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MINUTES_TUI_DB", str(tmp_path / "x.db"))
    assert default_db_path() == tmp_path / "x.db"
    monkeypatch.delenv("MINUTES_TUI_DB")
    path = default_db_path()
    assert path.name == "minutes.db" and "minutes-tui" in str(path)


def test_open_store_creates_folder_migrates_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "s.db"
    db = open_store(path)
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert [m.name for m in migrations.applied(db)] == migrations.names
    assert {"sources", "contributions", "meetings", "items", "items_fts"} <= set(db.table_names())
    db.close()
    # Reopening applies nothing new.
    db = open_store(path)
    assert [m.name for m in migrations.applied(db)] == migrations.names
    db.close()


def test_readonly_connection_cannot_write(tmp_path: Path) -> None:
    open_store(tmp_path / "s.db").close()
    conn = connect_readonly(tmp_path / "s.db")
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("DELETE FROM meetings")
    conn.close()
    ro = open_store(tmp_path / "s.db", readonly=True)
    assert ro.table_names()
    ro.close()


def test_missing_store_readonly(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as err:
        connect_readonly(tmp_path / "nope.db")
    assert str(err.value) == (
        f"{tmp_path / 'nope.db'}: no store here yet (run `minutes-tui ingest PATH` first)"
    )
    assert not (tmp_path / "nope.db").exists()


@pytest.mark.parametrize("opener", [open_store, connect_readonly])
def test_not_a_database(tmp_path: Path, opener) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is definitely not sqlite, just some text " * 100)
    with pytest.raises(StoreError) as err:
        opener(path)
    assert str(err.value) == f"{path}: not a minutes-tui store (file is not a database)"


def test_empty_sqlite_file_is_not_a_store_for_readers(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(StoreError, match="not a minutes-tui store"):
        connect_readonly(path)


def test_folder_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)
    with pytest.raises(StoreError, match="is a folder"):
        connect_readonly(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_readonly_file(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    open_store(path).close()
    for name in os.listdir(tmp_path):
        os.chmod(tmp_path / name, 0o444)
    os.chmod(tmp_path, 0o555)
    try:
        with pytest.raises(StoreError, match=r"read-only|cannot open"):
            open_store(path)
    finally:
        os.chmod(tmp_path, 0o755)


def test_locked_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from parsers.model import Meeting, ParsedDocument
    from store.ingest import store_document

    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 50)
    # A writer waits its turn (store.transaction.WRITER_PATIENCE), then says why it gave up.
    monkeypatch.setattr("store.transaction.WRITER_PATIENCE", 0.3)
    path = tmp_path / "s.db"
    holder = open_store(path)
    holder.conn.execute("BEGIN IMMEDIATE")
    try:
        writer = open_store(path)  # opening works: migrations are already applied
        doc = ParsedDocument("t", "meeting", [Meeting()])
        with pytest.raises(StoreError) as held:
            store_document(writer, "/a", doc, sha256="", size=0)
        assert held.value.kind is StoreErrorKind.BUSY
        assert str(held.value) == "another program has held the store for 0.3 s; try again later"
    finally:
        holder.conn.execute("ROLLBACK")
    # A new store another process holds exclusively cannot even be set up.
    fresh = tmp_path / "fresh.db"
    other = sqlite3.connect(fresh, isolation_level=None)
    other.execute("CREATE TABLE t (x)")
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError) as err:
            open_store(fresh)
        assert str(err.value) == (
            f"{fresh}: the store is busy (another minutes-tui is writing); try again"
        )
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_reader_keeps_reading_while_an_ingest_writes(tmp_path: Path) -> None:
    """WAL: a reader's open transaction sees its snapshot; the next read sees the new rows."""
    import datetime as dt

    from parsers.model import AgendaItem, Meeting, ParsedDocument
    from store import queries
    from store.filters import Filter
    from store.ingest import store_document

    path = tmp_path / "s.db"
    writer = open_store(path)

    def add(n: int) -> None:
        meeting = Meeting(
            committee="Cabinet", date=dt.date(2020, 1, n), items=[AgendaItem("1", "x")]
        )
        store_document(
            writer, f"/m{n}", ParsedDocument("t", "meeting", [meeting]), sha256=str(n), size=1
        )

    add(1)
    reader = connect_readonly(path)
    reader.execute("BEGIN")
    assert queries.count_meetings(reader, Filter()) == 1
    add(2)  # does not wait for the reader
    assert queries.count_meetings(reader, Filter()) == 1  # same snapshot
    reader.execute("COMMIT")
    assert queries.count_meetings(reader, Filter()) == 2
    reader.close()
    writer.close()


def test_an_interrupted_bulk_ingest_is_healed_on_next_open(tmp_path: Path) -> None:
    import datetime as dt

    from parsers.model import AgendaItem, Meeting, ParsedDocument
    from store import queries, schema
    from store.filters import parse_filter
    from store.ingest import store_document

    path = tmp_path / "s.db"
    db = open_store(path)
    schema.drop_fts_triggers(db)  # as a bulk ingest does, then "killed" before the end
    meeting = Meeting(committee="C", date=dt.date(2020, 1, 1), items=[AgendaItem("1", "Zebra")])
    store_document(db, "/z", ParsedDocument("t", "meeting", [meeting]), sha256="z", size=1)
    db.close()
    conn = connect_readonly(path)
    assert queries.count_items(conn, parse_filter("zebra")) == 0  # the index missed it
    conn.close()
    open_store(path).close()
    conn = connect_readonly(path)
    assert queries.count_items(conn, parse_filter("zebra")) == 1
    conn.close()


def test_migration_from_the_first_schema_keeps_data_and_search(tmp_path: Path) -> None:
    """A store written under m001 alone gains the flags index and meeting-encoded rowids."""
    import sqlite_utils

    from store import queries, rowids, schema
    from store.filters import parse_filter

    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    schema.migrations.apply(db, stop_before="m002_item_flags_index")
    with db.atomic():
        for n, mid in enumerate(["ma", "mb"], start=1):
            db.execute(
                "INSERT INTO meetings (id, committee, date, sort_key, item_count, kinds)"
                " VALUES (?, 'C', ?, ?, 2, 0)",
                [mid, f"2020-01-0{n}", f"0{n}"],
            )
            db.execute(
                "INSERT INTO items (id, meeting_id, position, number, title, minutes)"
                " VALUES (?, ?, 1, '1', 'Zebra crossing', 'Agreed.'),"
                " (?, ?, 2, '2', 'Other', NULL)",
                [f"{mid}/1", mid, f"{mid}/2", mid],
            )
            db.execute(
                "INSERT INTO actions (item_id, meeting_id, sort_key, position, text, source_kind)"
                " VALUES (?, ?, ?, 1, 'paint it', 'explicit')",
                [f"{mid}/1", mid, f"0{n}"],
            )
    db.close()
    open_store(path).close()
    conn = connect_readonly(path)
    assert queries.count_items(conn, parse_filter("has:minutes")) == 2
    assert queries.count_items(conn, parse_filter("zebra")) == 2
    assert queries.count_meetings(conn, parse_filter("zebra")) == 2
    assert queries.count_actions(conn, parse_filter("zebra")) == 2
    rows = conn.execute(
        "SELECT i.id, i.rowid >> ?, m.seq, i.rowid & 65535 FROM items i"
        " JOIN meetings m ON m.id = i.meeting_id ORDER BY i.id",
        [rowids.ITEM_SHIFT],
    ).fetchall()
    assert [(r[0], r[1] == r[2], r[3]) for r in rows] == [
        ("ma/1", True, 1),
        ("ma/2", True, 2),
        ("mb/1", True, 1),
        ("mb/2", True, 2),
    ]
    conn.close()


def test_readers_refuse_a_store_that_needs_upgrading(tmp_path: Path) -> None:
    import sqlite_utils

    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before="m003_item_rowids_by_meeting")
    db.close()
    with pytest.raises(StoreError) as err:
        connect_readonly(path)
    assert str(err.value) == (
        f"{path}: written by an older minutes-tui; open it once for writing"
        " (e.g. `minutes-tui ingest`) to upgrade it"
    )
    open_store(path).close()
    connect_readonly(path).close()


def test_writers_creating_a_new_store_at_once_wait_for_each_other(tmp_path: Path) -> None:
    import threading

    errors: list[str] = []
    store = tmp_path / "new.db"
    barrier = threading.Barrier(4)

    def create() -> None:
        barrier.wait()
        try:
            open_store(store).close()
        except StoreError as exc:
            errors.append(str(exc))

    threads = [threading.Thread(target=create) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    db = open_store(store)
    assert len(migrations.applied(db)) == len(migrations.names)
    db.close()


def test_the_store_runs_no_sqlite_utils_plugin(tmp_path: Path) -> None:
    """An installed sqlite-utils plugin's ``prepare_connection`` hook does not run on the
    store's connections (the store owns its SQL; looking the plugins up read every
    installed package's entry points on each open)."""
    from sqlite_utils import hookimpl
    from sqlite_utils.plugins import pm

    class Planted:
        @hookimpl
        def prepare_connection(self, conn: sqlite3.Connection) -> None:
            conn.create_function("planted", 0, lambda: 1)

    pm.register(Planted(), name="planted")
    try:
        path = tmp_path / "store.db"
        for db in (open_store(path), open_store(path, readonly=True)):
            with pytest.raises(sqlite3.OperationalError, match="no such function: planted"):
                db.execute("SELECT planted()")
            db.close()
    finally:
        pm.unregister(name="planted")
