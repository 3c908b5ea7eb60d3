"""Where the store lives and how to open it, with one-line errors for every way that fails.

The writer (ingest, the CLI) opens the store with ``open_store`` and gets a
``sqlite_utils.Database`` with the schema migrated. Readers (the TUI's worker
threads, one connection per thread) call ``connect_readonly`` and get a plain
``sqlite3.Connection`` that can never write and never migrates. WAL mode lets
the reader keep reading while an ingest writes.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from store.errors import StoreError, StoreErrorKind, sqlite_kind
from store.migrations import (
    APPLICATION_ID,
    FTS_TRIGGERS,
    MIGRATION_SET,
    MIGRATIONS_TABLE,
    migrations,
)
from store.phrases import register_functions
from store.transaction import write_transaction

if TYPE_CHECKING:
    # Imported where a writer needs it: sqlite_utils is a noticeable part of the
    # reader's start-up and the read path never uses it.
    import sqlite_utils

__all__ = [
    "BUSY_TIMEOUT_MS",
    "ENV_VAR",
    "StoreError",
    "StoreErrorKind",
    "connect_readonly",
    "default_db_path",
    "has_meetings",
    "index_is_stale",
    "open_store",
    "take_repairs",
    "write_transaction",
]

BUSY_TIMEOUT_MS = 5000
ENV_VAR = "MINUTES_TUI_DB"
# What ``open_store`` mended in this process and nobody has reported yet, one line each.
_repaired: list[str] = []


def take_repairs() -> list[str]:
    """What opening stores mended since the last call, each line handed out once.

    A command prints them when it ends; a process that runs several commands (the tests,
    a script calling ``tui.cli.main``) must not print one command's repair after the next.
    """
    lines = _repaired[:]
    _repaired.clear()
    return lines


def default_db_path() -> Path:
    """``$MINUTES_TUI_DB`` if set, else ``minutes.db`` in the platform's user data folder."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("minutes-tui", appauthor=False)) / "minutes.db"


def _explain(path: Path, exc: sqlite3.Error) -> StoreError:
    """Turn SQLite's error into a one-line StoreError naming the file."""
    message = str(exc)
    kind = sqlite_kind(message)
    if kind is StoreErrorKind.NOT_A_STORE:
        return StoreError(f"{path}: not a minutes-tui store ({message})", kind)
    if kind is StoreErrorKind.BUSY:
        return StoreError(
            f"{path}: the store is busy (another minutes-tui is writing); try again", kind
        )
    if kind is StoreErrorKind.READ_ONLY:
        return StoreError(f"{path}: the store is read-only ({message})", kind)
    if kind is StoreErrorKind.CANNOT_OPEN:
        return StoreError(f"{path}: cannot open the store ({message})", kind)
    return StoreError(f"{path}: {message}")


def _configure(conn: sqlite3.Connection, *, readonly: bool) -> None:
    # Search checks phrases with a Python function (the index keeps no positions).
    register_functions(conn)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if readonly:
        conn.execute("PRAGMA query_only = ON")
    # Touch the schema: this is where "file is not a database" surfaces.
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()


def _switch_to_wal(conn: sqlite3.Connection, *, patience: float = 5.0) -> str:
    """Set WAL journaling, waiting while another connection holds the lock.

    Changing the journal mode needs an exclusive lock and SQLite does not call the
    busy handler for it: two ingests creating the same new store at once saw
    "database is locked" at once. Retry for as long as busy_timeout would wait.
    """
    deadline = time.monotonic() + patience
    delay = 0.005
    while True:
        try:
            return str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.1)


def _check_identity(conn: sqlite3.Connection, path: Path, *, writing: bool) -> None:
    """Refuse another program's SQLite file, and a store a newer minutes-tui wrote (for
    writing: its migrations are unknown here, and writing it would half-upgrade it).

    A store says it is ours with ``PRAGMA application_id`` (from m007) or, before that, with
    its record of minutes-tui's migrations. A file with no tables at all is a new store.
    """
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]
    if not tables:
        return
    applied = set(_applied_migrations(conn))
    ours = conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID or bool(applied)
    if not ours:
        shown = ", ".join(tables[:4]) + (", ..." if len(tables) > 4 else "")
        raise StoreError(
            f"{path}: not a minutes-tui store: an SQLite file of another program (tables:"
            f" {shown}); give minutes-tui a path of its own with --db",
            StoreErrorKind.FOREIGN,
        )
    unknown = sorted(applied - set(migrations.names))
    if unknown and writing:
        raise StoreError(
            f"{path}: written by a newer minutes-tui (its schema has {unknown[-1]}, unknown"
            " to this version); upgrade minutes-tui to write to it (reading it still works)",
            StoreErrorKind.NEWER,
        )


def _applied_migrations(conn: sqlite3.Connection) -> list[str]:
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MIGRATIONS_TABLE,)
    ).fetchone()
    if not has_table:
        return []
    return [
        row[0]
        for row in conn.execute(
            f"SELECT name FROM [{MIGRATIONS_TABLE}] WHERE migration_set = ?", (MIGRATION_SET,)
        )
    ]


def index_is_stale(conn: sqlite3.Connection) -> bool:
    """Whether the search index was left behind its rows: its triggers are gone (a bulk
    ingest drops them and rebuilds the index at its end; killed or out of disk before the
    end, it left both missing). A writer rebuilds it on open (``open_store``)."""
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    has_items = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'items'"
    ).fetchone()
    return bool(has_items) and not set(FTS_TRIGGERS) <= names


def open_store(path: Path | str, *, readonly: bool = False) -> sqlite_utils.Database:
    """Open (creating if needed) the store at ``path``; migrate it unless ``readonly``.

    Raises StoreError with a one-line reason for a missing (read-only open),
    locked, read-only or corrupt file.
    """
    import sqlite_utils

    path = Path(path).expanduser()
    if readonly:
        return sqlite_utils.Database(connect_readonly(path), execute_plugins=False)
    if path.is_dir():
        raise is_a_folder(path)
    if path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise StoreError(
            f"{path}: the store is read-only (cannot write it or its folder)",
            StoreErrorKind.READ_ONLY,
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"{path}: cannot create its folder ({exc.strerror})", StoreErrorKind.CANNOT_OPEN
        ) from None
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(str(path))
        _configure(conn, readonly=False)
        _check_identity(conn, path, writing=True)  # before WAL: not a byte of theirs changes
        mode = _switch_to_wal(conn)
        # Safe with WAL (a power cut can lose the last commits, never corrupt the
        # store) and saves an fsync per ingested file.
        conn.execute("PRAGMA synchronous = NORMAL")
        if mode.lower() != "wal" and path.exists() and not os.access(path, os.W_OK):
            raise sqlite3.OperationalError("attempt to write a readonly database")
        # No sqlite-utils plugins: their hooks would run on the store's connection (the
        # store owns its SQL), and finding them reads every installed package's entry
        # points, 13-15 ms of each command that writes.
        db = sqlite_utils.Database(conn, execute_plugins=False)
        from store.schema import migrate  # with sqlite_utils: the writer's alone

        stale = index_is_stale(conn)
        migrate(db)  # which also rebuilds an index a stopped bulk ingest left behind
        if stale:
            _repaired.append(f"{path}: rebuilt the search index an interrupted ingest left")
        return db
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise _explain(path, exc) from None
    except StoreError:
        if conn is not None:
            conn.close()
        raise


def connect_readonly(path: Path | str) -> sqlite3.Connection:
    """A read-only connection for one thread (the TUI opens one per worker thread).

    Never creates the file and never migrates; a store that has never been
    written is reported as missing.
    """
    path = Path(path).expanduser()
    if not path.exists():
        raise StoreError(
            f"{path}: no store here yet (run `minutes-tui ingest PATH` first)",
            StoreErrorKind.MISSING,
        )
    if path.is_dir():
        raise is_a_folder(path)
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    # A WAL store in a folder we cannot write: SQLite cannot create the -shm file a
    # reader needs. Nobody can be writing it either (no -wal can exist), so read it
    # as immutable.
    if not os.access(path.parent, os.W_OK) and not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise _explain(path, exc) from None
    try:
        _configure(conn, readonly=True)
        _check_identity(conn, path, writing=False)
        has_schema = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meetings'"
        ).fetchone()
    except sqlite3.Error as exc:
        conn.close()
        raise _explain(path, exc) from None
    except StoreError:
        conn.close()
        raise
    if not has_schema:
        conn.close()
        raise StoreError(
            f"{path}: not a minutes-tui store (no meetings table)", StoreErrorKind.NO_SCHEMA
        )
    try:
        pending = _pending_migrations(conn)
    except sqlite3.Error as exc:
        conn.close()
        raise _explain(path, exc) from None
    if pending:
        conn.close()
        raise StoreError(
            f"{path}: written by an older minutes-tui; open it once for writing"
            " (e.g. `minutes-tui ingest`) to upgrade it",
            StoreErrorKind.NEEDS_UPGRADE,
        )
    return conn


def _pending_migrations(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations not yet applied to this store, without sqlite_utils.

    The same answer as ``migrations.pending(db)``, read from sqlite-utils'
    bookkeeping table with plain SQL so a reader never imports sqlite_utils.
    """
    applied = set(_applied_migrations(conn))
    return [name for name in migrations.names if name not in applied]


def has_meetings(conn: sqlite3.Connection) -> bool:
    """Whether the store holds any meeting: one index probe, not a count."""
    return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM meetings)").fetchone()[0])


def is_a_folder(path: Path) -> StoreError:
    """The error for a store path that names a folder."""
    return StoreError(f"{path}: is a folder, not a store file", StoreErrorKind.IS_FOLDER)


def missing(path: Path) -> StoreError:
    """The error for a store that does not exist yet (the reader never creates one)."""
    return StoreError(f"{path}: no store here yet", StoreErrorKind.MISSING)
