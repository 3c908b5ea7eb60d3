"""Where the store lives and how to open it, with one-line errors for every way that fails.

The writer (ingest, the CLI) opens the store with ``open_store`` and gets a
``sqlite_utils.Database`` with the schema migrated. Readers (the TUI's worker
threads, one connection per thread) call ``connect_readonly`` and get a plain
``sqlite3.Connection`` that can never write and never migrates. WAL mode lets
the reader keep reading while an ingest writes.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    # Imported where a writer needs it: sqlite_utils costs ~80 ms of the
    # reader's start-up and the read path never uses it.
    import sqlite_utils

BUSY_TIMEOUT_MS = 5000
ENV_VAR = "MINUTES_TUI_DB"


class StoreError(Exception):
    """The store cannot be opened or written. ``str(error)`` is one line for the user."""


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
    lowered = message.lower()
    if "not a database" in lowered or "malformed" in lowered:
        return StoreError(f"{path}: not a minutes-tui store ({message})")
    if "locked" in lowered or "busy" in lowered:
        return StoreError(f"{path}: the store is busy (another minutes-tui is writing); try again")
    if "readonly" in lowered or "read-only" in lowered:
        return StoreError(f"{path}: the store is read-only ({message})")
    if "unable to open" in lowered:
        return StoreError(f"{path}: cannot open the store ({message})")
    return StoreError(f"{path}: {message}")


def _configure(conn: sqlite3.Connection, *, readonly: bool) -> None:
    from store.search import register_functions

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


def open_store(path: Path | str, *, readonly: bool = False) -> sqlite_utils.Database:
    """Open (creating if needed) the store at ``path``; migrate it unless ``readonly``.

    Raises StoreError with a one-line reason for a missing (read-only open),
    locked, read-only or corrupt file.
    """
    import sqlite_utils

    path = Path(path).expanduser()
    if readonly:
        return sqlite_utils.Database(connect_readonly(path))
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a store file")
    if path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise StoreError(f"{path}: the store is read-only (cannot write it or its folder)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create its folder ({exc.strerror})") from None
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(str(path))
        _configure(conn, readonly=False)
        mode = _switch_to_wal(conn)
        # Safe with WAL (a power cut can lose the last commits, never corrupt the
        # store) and saves an fsync per ingested file.
        conn.execute("PRAGMA synchronous = NORMAL")
        if mode.lower() != "wal" and path.exists() and not os.access(path, os.W_OK):
            raise sqlite3.OperationalError("attempt to write a readonly database")
        db = sqlite_utils.Database(conn)
        from store.schema import migrate

        migrate(db)
        return db
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise _explain(path, exc) from None


def connect_readonly(path: Path | str) -> sqlite3.Connection:
    """A read-only connection for one thread (the TUI opens one per worker thread).

    Never creates the file and never migrates; a store that has never been
    written is reported as missing.
    """
    path = Path(path).expanduser()
    if not path.exists():
        raise StoreError(f"{path}: no store here yet (run `minutes-tui ingest PATH` first)")
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a store file")
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
        has_schema = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meetings'"
        ).fetchone()
    except sqlite3.Error as exc:
        conn.close()
        raise _explain(path, exc) from None
    if not has_schema:
        conn.close()
        raise StoreError(f"{path}: not a minutes-tui store (no meetings table)")
    try:
        pending = _pending_migrations(conn)
    except sqlite3.Error as exc:
        conn.close()
        raise _explain(path, exc) from None
    if pending:
        conn.close()
        raise StoreError(
            f"{path}: written by an older minutes-tui; open it once for writing"
            " (e.g. `minutes-tui ingest`) to upgrade it"
        )
    return conn


def _pending_migrations(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations not yet applied to this store, without sqlite_utils.

    The same answer as ``migrations.pending(db)``, read from sqlite-utils'
    bookkeeping table with plain SQL so a reader never imports sqlite_utils.
    """
    from store.schema import MIGRATION_SET, MIGRATIONS_TABLE, migrations

    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MIGRATIONS_TABLE,)
    ).fetchone()
    applied: set[str] = set()
    if has_table:
        applied = {
            row[0]
            for row in conn.execute(
                f"SELECT name FROM [{MIGRATIONS_TABLE}] WHERE migration_set = ?", (MIGRATION_SET,)
            )
        }
    return [name for name in migrations.names if name not in applied]


def has_meetings(conn: sqlite3.Connection) -> bool:
    """Whether the store holds any meeting: one index probe, not a count."""
    return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM meetings)").fetchone()[0])


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One ``BEGIN IMMEDIATE`` transaction: all or nothing, and no late lock upgrade.

    ``db.atomic()`` begins a deferred transaction, which can fail with "database
    is locked" half-way when a reader holds the WAL; taking the write lock up
    front makes the busy timeout apply before anything is written.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    else:
        db.conn.execute("COMMIT")
