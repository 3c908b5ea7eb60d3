"""The writer's transaction: ``BEGIN IMMEDIATE``, all or nothing, waiting its turn.

Two writers take turns: SQLite lets one hold the write lock and makes the other wait up to
its busy timeout (``store.db.BUSY_TIMEOUT_MS``), then fail with "database is locked". An
ingest whose turn came after that failed whole, with no per-file lines and no summary
(another ingest had held the store for more than five seconds). ``begin_immediate`` keeps
asking, with backoff, for as long as a long ingest can hold the store (``WRITER_PATIENCE``).
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from store.errors import StoreError, StoreErrorKind

if TYPE_CHECKING:
    import sqlite_utils

# How long a writer waits for another writer to finish before giving up (seconds). A bulk
# ingest commits every batch, so a writer is never kept out for long in one go; this covers
# a store held by something that never lets go.
WRITER_PATIENCE = 600.0


def begin_immediate(conn: sqlite3.Connection, *, patience: float | None = None) -> None:
    """``BEGIN IMMEDIATE``, asking again while another writer holds the store."""
    limit = WRITER_PATIENCE if patience is None else patience
    deadline = time.monotonic() + limit
    delay = 0.05
    while True:
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            message = str(exc).lower()
            if "locked" not in message and "busy" not in message:
                raise
            if time.monotonic() >= deadline:
                raise StoreError(
                    f"another program has held the store for {limit:g} s; try again later",
                    StoreErrorKind.BUSY,
                ) from exc
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One ``BEGIN IMMEDIATE`` transaction: all or nothing, and no late lock upgrade.

    ``db.atomic()`` begins a deferred transaction, which can fail with "database
    is locked" half-way when a reader holds the WAL; taking the write lock up
    front makes the busy timeout apply before anything is written. Inside an open
    transaction it nests as a savepoint.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    begin_immediate(db.conn)
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    else:
        db.conn.execute("COMMIT")
