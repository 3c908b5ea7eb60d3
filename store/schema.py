"""The live schema: applying migrations on open, and keeping the search index whole.

Two layers of tables (made by ``store.migrations``, described by ``store.rows``):

* ``sources`` and ``contributions``: what each ingested file said (the parsed
  Meeting as compressed JSON; while a meeting has one source, only what differs
  from its rows, see ``store.payload``). This is the truth re-ingest and
  merging are computed from.
* The visible rows (``meetings``, ``items``, ``resolutions``, ``actions``,
  ``attendance``, ``documents``, ``item_sources``; a meeting's sources are
  those of its contributions): rebuilt per meeting from all its contributions
  by ``store.merge``. Counts the reader filters on are stored columns so no
  hot query needs a per-row subquery.

``items_fts`` is an external-content FTS5 index whose content is ``items``
itself (m010): it indexes ``items``' virtual generated columns ``title_folded``,
``description_folded``, ``minutes_folded`` and ``decision_folded`` (the text with
apostrophes removed, computed when read). Triggers on ``items`` keep it in step,
``INSERT INTO items_fts(items_fts) VALUES('rebuild')`` works on any connection
because the folding is plain SQL, and because its definition names
``content="items"``, sqlite-utils (``sqlite-utils search STORE items WORDS``) and
Datasette's search box find it. The index's columns, triggers and their SQL are
the ones the migrations last defined.
"""

from __future__ import annotations

import contextlib
import sqlite3
from typing import TYPE_CHECKING

from store.migrations import (
    FTS_COLUMNS,
    FTS_TRIGGERS,
    MIGRATION_SET,
    MIGRATIONS_TABLE,
    drop_fts_triggers,
    migrations,
)
from store.migrations import FTS_INDEX_COLUMNS_M010 as FTS_INDEX_COLUMNS
from store.migrations import create_fts_triggers_m010 as create_fts_triggers
from store.migrations import rebuild_fts_m010 as rebuild_fts
from store.transaction import write_transaction

if TYPE_CHECKING:
    import sqlite_utils

__all__ = [
    "FTS_COLUMNS",
    "FTS_INDEX_COLUMNS",
    "FTS_TRIGGERS",
    "MIGRATIONS_TABLE",
    "MIGRATION_SET",
    "VACUUM_AFTER",
    "create_fts_triggers",
    "drop_fts_triggers",
    "migrate",
    "migrations",
    "rebuild_fts",
    "tidy_fts",
    "tidy_fts_if_room",
]


def tidy_fts(db: sqlite_utils.Database, files_written: int) -> None:
    """Merge the index segments an ingest left, with work bounded by what it wrote.

    Each file's transaction adds a segment; FTS5's automerge keeps a few per level,
    and a search that probes one meeting's rowids seeks once per segment (1,000 files
    ingested one by one left 16). A negative 'merge' merges across levels and stops
    after that many pages. A larger store catches up over later ingests, a bounded
    step at a time.
    """
    if files_written > 0:
        pages = max(256, 16 * files_written)
        db.execute("INSERT INTO items_fts(items_fts, rank) VALUES ('merge', ?)", [-pages])


def tidy_fts_if_room(db: sqlite_utils.Database, files_written: int) -> None:
    """``tidy_fts`` in its own transaction, given up without a word if it cannot be done
    (a full disk, a busy store): the index is whole without it, only slower to probe."""
    try:
        with write_transaction(db):
            tidy_fts(db, files_written)
    except sqlite3.Error:
        pass


def migrate(db: sqlite_utils.Database) -> None:
    """Apply pending migrations (each in its own transaction), then heal the index and
    bring the derived people and thread indexes up to this code's version.

    A bulk ingest drops the FTS triggers and restores them when it ends; if
    that process was killed, the next writer to open the store rebuilds the
    index, so search never silently misses items.
    """
    # Imported here, by writers only: the derived indexes read names with the parsers'
    # grammar, and the reader (which imports this module for the index's columns) never
    # loads the parsers.
    from store import derived

    if (
        not migrations.pending(db)
        and _fts_triggers_present(db)
        and derived.is_current(db.conn)
        and not _tracker_stale(db)
    ):
        return  # the usual case: nothing to write, no lock taken
    # One IMMEDIATE transaction around everything (each migration nests as a
    # savepoint): a second process creating the same new store waits on the busy
    # timeout here instead of failing a deferred transaction's lock upgrade at
    # once, then finds nothing pending.
    with write_transaction(db):
        pending = {m.name for m in migrations.pending(db)}
        migrations.apply(db)
        if not _fts_triggers_present(db):
            rebuild_fts(db)
        if not derived.is_current(db.conn):
            # The people and thread indexes are derived with live code (the grammar of
            # names), so a migration only makes their tables: they are filled here.
            derived.rebuild_all(db.conn)
        if _tracker_stale(db):
            from store import tracker

            tracker.heal(db.conn)
    if pending & VACUUM_AFTER and "m001_initial" not in pending:
        _vacuum(db)


# Migrations that rewrite most of a store: the pages they free (and the half-empty
# pages of tables written in the past) go back to the file system with a VACUUM
# once they are applied. Without it a store filled before m003 (whose rowid
# renumbering left its items table with many empty pages) kept them on disk.
VACUUM_AFTER = frozenset({"m005_integer_child_keys", "m006_fts_detail_none"})


def _vacuum(db: sqlite_utils.Database) -> None:
    """Rewrite the store file packed. Skipped if another connection is busy with it:
    the store is complete without it, only larger."""
    with contextlib.suppress(sqlite3.OperationalError):
        db.conn.execute("VACUUM")


def _tracker_stale(db: sqlite_utils.Database) -> bool:
    """Whether the action tracker's derived data lags its rules or a batch's meetings
    (``store.tracker.heal``): read on every open, like the index's triggers."""
    if not db.table("store_state").exists():
        return False  # before m008: the migration comes first
    from store import tracker

    return tracker.needs_healing(db.conn)


def _fts_triggers_present(db: sqlite_utils.Database) -> bool:
    if not db.table("items").exists():
        return True  # no schema yet: the first migration creates the triggers
    present = {
        row[0]
        for row in db.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'items'"
        )
    }
    return set(FTS_TRIGGERS) <= present
