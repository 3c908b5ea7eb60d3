"""The store's migrations: frozen, self-contained steps (sqlite-utils' ``Migrations`` style).

A migration says what the schema became at its step and never calls live code:
whatever the writer, the payload encoding or the row-id layout become later, m005 still
does what it did when it shipped. So each step carries its own frozen copy of what it
needs (m003/m005 the row-id layout as it was, m004/m005 the lead-key digest, m005 the
meeting's rows as a payload view and the compact encoding). The folding below is m001's
and still the live one; the FTS triggers and index m001 defined were replaced by m010's
(an index over ``items``' own folded columns), which ``store.schema`` uses as the live
definition until a later migration replaces them.

To change the schema, add the next step at the end, written against the tables as the
last step left them: new columns and tables for user data (notes, bookmarks,
watches) go in tables of their own, keyed by stable ids, which no rebuild touches.
The live description of the visible rows is ``store.rows``.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite3

    import sqlite_utils
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "minutes-tui"
MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' Migrations.migrations_table


class LazyMigrations:
    """The migration set, registered with ``@migrations()`` like sqlite-utils' ``Migrations``.

    Why not ``Migrations`` itself: importing sqlite_utils is slow for the reader's
    start-up, and the reader (which checks that a store is up to date) never writes.
    The real ``Migrations`` is built on first use by a writer; ``names`` is enough for
    the reader's check.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._registered: list[tuple[str, Callable[..., None], bool]] = []
        self._real: Migrations | None = None

    def __call__(
        self, *, name: str | None = None, transactional: bool = True
    ) -> Callable[[Callable[..., None]], Callable[..., None]]:
        def inner(func: Callable[..., None]) -> Callable[..., None]:
            self._registered.append((name or func.__name__, func, transactional))
            self._real = None
            return func

        return inner

    @property
    def names(self) -> list[str]:
        """Every migration's name, in order."""
        return [name for name, _, _ in self._registered]

    def real(self) -> Migrations:
        """sqlite-utils' ``Migrations`` holding the same migrations (imports sqlite_utils)."""
        if self._real is None:
            from sqlite_utils.migrations import Migrations

            real = Migrations(self.name)
            for name, func, transactional in self._registered:
                real(name=name, transactional=transactional)(func)
            self._real = real
        return self._real

    def __getattr__(self, attr: str) -> Any:
        # pending / applied / apply: the real set's.
        return getattr(self.real(), attr)


migrations = LazyMigrations(MIGRATION_SET)

# --- frozen definitions (m001's index; the layouts of m003 and m005) -------------------------

FTS_COLUMNS = ("title", "description", "minutes", "decision")
FTS_TRIGGERS = ("items_fts_ai", "items_fts_ad", "items_fts_au")
# The apostrophes m001's folded view deletes ("Children's", "Children’s", "‘quoted’", "ʼ").
_APOSTROPHES = ("'", "\u2019", "\u2018", "\u02bc")
_ITEM_SHIFT = 16  # m003: item rowid = meeting seq << 16 | position
_CHILD_SHIFT = 16  # m005: child id = item rowid << 16 | position
_MEETING_SHIFT = _ITEM_SHIFT + _CHILD_SHIFT
_LEAD_CHARS = 120  # m004/m005: the lead key digests this many characters


def fold_sql(expr: str) -> str:
    """SQL folding ``expr`` as m001's view does: apostrophes removed (case and accents are
    the tokenizer's)."""
    out = f"coalesce({expr}, '')"
    for mark in _APOSTROPHES:
        literal = mark.replace("'", "''")
        out = f"replace({out}, '{literal}', '')"
    return out


def _lead_key(minutes: str | None) -> int | None:
    """The lead-key digest as m005 stores it (a frozen copy of ``store.attach.lead_key``)."""
    import hashlib  # the writer's alone: a reader imports this module for its names

    flat = " ".join((minutes or "").split())
    if len(flat) < _LEAD_CHARS:
        return None
    digest = hashlib.sha1(flat[:_LEAD_CHARS].encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _fts_values(prefix: str) -> str:
    return ", ".join(fold_sql(f"{prefix}.{c}") for c in FTS_COLUMNS)


def create_fts_triggers(db: sqlite_utils.Database) -> None:
    """Triggers that keep ``items_fts`` in step with ``items`` (same folding as the view)."""
    _create_fts_triggers(db, ", ".join(FTS_COLUMNS))


def _create_fts_triggers(db: sqlite_utils.Database, cols: str) -> None:
    """The three triggers writing ``items``' folded text into the index's columns ``cols``
    (m001's and m010's: the same folding, other column names)."""
    db.execute(
        f"""CREATE TRIGGER IF NOT EXISTS items_fts_ai AFTER INSERT ON items BEGIN
            INSERT INTO items_fts(rowid, {cols}) VALUES (new.rowid, {_fts_values("new")});
        END"""
    )
    db.execute(
        f"""CREATE TRIGGER IF NOT EXISTS items_fts_ad AFTER DELETE ON items BEGIN
            INSERT INTO items_fts(items_fts, rowid, {cols})
            VALUES ('delete', old.rowid, {_fts_values("old")});
        END"""
    )
    db.execute(
        f"""CREATE TRIGGER IF NOT EXISTS items_fts_au AFTER UPDATE ON items BEGIN
            INSERT INTO items_fts(items_fts, rowid, {cols})
            VALUES ('delete', old.rowid, {_fts_values("old")});
            INSERT INTO items_fts(rowid, {cols}) VALUES (new.rowid, {_fts_values("new")});
        END"""
    )


def drop_fts_triggers(db: sqlite_utils.Database) -> None:
    """For bulk ingest: stop per-row index updates (``rebuild_fts`` afterwards)."""
    for name in FTS_TRIGGERS:
        db.execute(f"DROP TRIGGER IF EXISTS {name}")


def rebuild_fts(db: sqlite_utils.Database) -> None:
    """Rebuild the whole index from ``items`` and restore the triggers.

    The rebuilt index is merged into one segment ('optimize'): a search probing one
    meeting's rowids then seeks once per word instead of once per segment.
    """
    db.execute("INSERT INTO items_fts(items_fts) VALUES ('rebuild')")
    db.execute("INSERT INTO items_fts(items_fts) VALUES ('optimize')")
    create_fts_triggers(db)


# --- the steps --------------------------------------------------------------------------------


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    """The first schema: sources, contributions, merged rows, provenance, FTS."""
    _m001_sources(db)
    _m001_meetings(db)
    _m001_items(db)
    _m001_children(db)
    _m001_provenance(db)
    _m001_search_index(db)


def _m001_sources(db: sqlite_utils.Database) -> None:
    """Ingested files and what each said (the truth re-ingest is computed from)."""
    db.table("sources").create(
        {
            "id": int,
            "path": str,  # resolved absolute path: the identity of a source
            "name": str,  # file name, shown in provenance
            "sha256": str,
            "size": int,
            "format": str,
            "page_kind": str,
            "ingested_at": str,  # ISO 8601 UTC
            "status": str,  # "ok" | "failed"
            "error": str,
        },
        pk="id",
        not_null={"path", "name", "status"},
    )
    db.table("sources").create_index(["path"], unique=True)

    db.table("contributions").create(
        {"source_id": int, "meeting_id": str, "payload": bytes},
        pk=("source_id", "meeting_id"),
        foreign_keys=[("source_id", "sources", "id")],
        not_null={"payload"},
    )
    db.table("contributions").create_index(["meeting_id"])


def _m001_meetings(db: sqlite_utils.Database) -> None:
    """One row per merged meeting, with the counts the reader filters on."""
    db.table("meetings").create(
        {
            "id": str,
            "committee": str,
            "committee_key": str,  # normalised committee: lower-case, no punctuation
            "date": str,  # ISO date or NULL
            "time": str,
            "council": str,
            "venue": str,
            "contact": str,
            "declarations": str,
            "external_id": str,
            "url": str,
            "sort_key": str,  # ascending = newest first, undated last; unique
            "find_text": str,  # committee and date spellings for "go to meeting"
            "item_count": int,
            "resolution_count": int,
            "action_count": int,
            "minutes_count": int,  # items with minutes text
            "truncated_count": int,  # items whose minutes the site cut
            "kinds": int,  # KIND_BITS of its items' resolutions
        },
        pk="id",
        not_null={"sort_key"},
    )
    db.table("meetings").create_index(["sort_key"], unique=True)
    db.table("meetings").create_index(["committee_key"])
    db.table("meetings").create_index(["date"])


def _m001_items(db: sqlite_utils.Database) -> None:
    """Agenda items, in order under their meeting."""
    db.execute(
        """
        CREATE TABLE items (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            meeting_id TEXT NOT NULL REFERENCES meetings(id),
            position INTEGER NOT NULL,
            number TEXT,
            title TEXT,
            description TEXT,
            minutes TEXT,
            decision TEXT,
            truncated INTEGER NOT NULL DEFAULT 0,
            resolution_count INTEGER NOT NULL DEFAULT 0,
            action_count INTEGER NOT NULL DEFAULT 0,
            kinds INTEGER NOT NULL DEFAULT 0,
            external_id TEXT,
            url TEXT
        )
        """
    )
    db.table("items").create_index(["meeting_id", "position"], unique=True)


def _m001_children(db: sqlite_utils.Database) -> None:
    """Resolutions, action points, attendance and documents."""
    db.table("resolutions").create(
        {
            "id": int,
            "item_id": str,
            "meeting_id": str,
            "position": int,
            "number": str,
            "text": str,
            "kind": str,
            "truncated": int,
        },
        pk="id",
        foreign_keys=[("item_id", "items", "id"), ("meeting_id", "meetings", "id")],
        not_null={"item_id", "meeting_id", "text", "kind"},
    )
    db.table("resolutions").create_index(["item_id", "position"])
    db.table("resolutions").create_index(["meeting_id"])

    db.table("actions").create(
        {
            "id": int,
            "item_id": str,
            "meeting_id": str,
            "sort_key": str,  # the meeting's sort_key: "all actions, newest first"
            "position": int,
            "text": str,
            "owner": str,
            "due": str,
            "source_kind": str,
        },
        pk="id",
        foreign_keys=[("item_id", "items", "id"), ("meeting_id", "meetings", "id")],
        not_null={"item_id", "meeting_id", "sort_key", "text", "source_kind"},
    )
    db.table("actions").create_index(["sort_key", "id"])
    db.table("actions").create_index(["item_id", "position"])
    db.table("actions").create_index(["meeting_id"])

    db.table("attendance").create(
        {
            "id": int,
            "meeting_id": str,
            "position": int,
            "name": str,
            "status": str,
            "role": str,
            "reason": str,
        },
        pk="id",
        foreign_keys=[("meeting_id", "meetings", "id")],
        not_null={"meeting_id", "name", "status"},
    )
    db.table("attendance").create_index(["meeting_id", "position"])

    db.table("documents").create(
        {
            "id": int,
            "meeting_id": str,
            "item_id": str,  # NULL for a meeting-level document (printed minutes ...)
            "position": int,
            "title": str,
            "format": str,
            "size_kb": float,
            "url": str,
        },
        pk="id",
        foreign_keys=[("meeting_id", "meetings", "id")],
        not_null={"meeting_id", "title"},
    )
    db.table("documents").create_index(["meeting_id", "item_id", "position"])
    db.table("documents").create_index(["item_id"])


def _m001_provenance(db: sqlite_utils.Database) -> None:
    """Which sources mentioned each meeting and item."""
    db.table("meeting_sources").create(
        {"meeting_id": str, "source_id": int},
        pk=("meeting_id", "source_id"),
        foreign_keys=[("meeting_id", "meetings", "id"), ("source_id", "sources", "id")],
    )
    db.table("meeting_sources").create_index(["source_id"])
    db.table("item_sources").create(
        {"item_id": str, "source_id": int},
        pk=("item_id", "source_id"),
        foreign_keys=[("item_id", "items", "id"), ("source_id", "sources", "id")],
    )
    db.table("item_sources").create_index(["source_id"])


def _m001_search_index(db: sqlite_utils.Database) -> None:
    """The folded view of item text, its FTS5 index and the triggers."""
    folded = ", ".join(f"{fold_sql(c)} AS {c}" for c in FTS_COLUMNS)
    db.execute(f"CREATE VIEW items_folded AS SELECT rowid AS rowid, {folded} FROM items")
    db.execute(
        "CREATE VIRTUAL TABLE items_fts USING fts5("
        + ", ".join(FTS_COLUMNS)
        + ", content='items_folded', content_rowid='rowid',"
        " tokenize='unicode61 remove_diacritics 2')"
    )
    create_fts_triggers(db)


@migrations()
def m002_item_flags_index(db: sqlite_utils.Database) -> None:
    """A small covering index over the item-level filter columns.

    ``has:``/``kind:`` filters then scan this small index instead of the items table
    with all its minutes text, and a meeting's "has such an item" test reads only
    index entries.
    """
    db.execute("ALTER TABLE items ADD COLUMN has_minutes INTEGER NOT NULL DEFAULT 0")
    # The update touches no indexed text: without the triggers it does not
    # re-index every item.
    drop_fts_triggers(db)
    db.execute("UPDATE items SET has_minutes = 1 WHERE minutes IS NOT NULL")
    create_fts_triggers(db)
    db.table("items").create_index(
        ["meeting_id", "kinds", "action_count", "resolution_count", "truncated", "has_minutes"],
        index_name="idx_items_filter_flags",
    )


@migrations()
def m003_item_rowids_by_meeting(db: sqlite_utils.Database) -> None:
    """Meetings get a stable integer ``seq``; item rowids encode it: ``seq << 16 | position``.

    Counting the meetings or action points that match a common word goes from a
    table lookup per matching item to arithmetic on the rowids the index returns.
    """
    db.execute("ALTER TABLE meetings ADD COLUMN seq INTEGER")
    db.execute("UPDATE meetings SET seq = rowid")
    db.table("meetings").create_index(["seq"], unique=True, index_name="idx_meetings_seq")
    drop_fts_triggers(db)
    # Two steps through negative numbers so no new rowid collides with an old one.
    db.execute(
        "UPDATE items SET rowid = -((SELECT seq FROM meetings"
        f" WHERE meetings.id = items.meeting_id) << {_ITEM_SHIFT} | position)"
    )
    db.execute("UPDATE items SET rowid = -rowid")
    db.execute("ALTER TABLE actions ADD COLUMN item_rowid INTEGER")
    db.execute(
        "UPDATE actions SET item_rowid = (SELECT rowid FROM items WHERE items.id = actions.item_id)"
    )
    db.table("actions").create_index(["item_rowid"], index_name="idx_actions_item_rowid")
    rebuild_fts(db)


@migrations()
def m004_item_lead_key(db: sqlite_utils.Database) -> None:
    """``items.lead_key``: a digest of the first words of an item's minutes, indexed.

    An item page and the meeting page that cut the same item short begin with
    the same text; this finds one from the other with one index lookup
    (``store.attach``; ``_lead_key`` is a frozen copy of its digest) instead of a
    full-text phrase query per item.
    """
    db.execute("ALTER TABLE items ADD COLUMN lead_key TEXT")
    rows = db.conn.execute("SELECT rowid, minutes FROM items WHERE minutes IS NOT NULL")
    updates = [(key, rowid) for rowid, minutes in rows if (key := _lead_key(minutes))]
    drop_fts_triggers(db)
    db.conn.executemany("UPDATE items SET lead_key = ? WHERE rowid = ?", updates)
    create_fts_triggers(db)
    db.table("items").create_index(["lead_key"], index_name="idx_items_lead_key")


def _create_child_tables(db: sqlite_utils.Database, suffix: str = "") -> None:
    """The m005 layout of the tables under items (``suffix`` names a table being built).

    No foreign keys: the rows of a meeting are deleted and written together by
    the writer, and a key to ``items`` would need an index on
    every child table for SQLite to check it when an item is deleted.
    ``item_rowid`` is kept beside the id (a few bytes a row) so the rows read
    plainly and dumps can name the item.
    """
    db.execute(
        f"""CREATE TABLE resolutions{suffix} (
            id INTEGER PRIMARY KEY,  -- item rowid << 16 | position
            item_rowid INTEGER NOT NULL,
            number TEXT,
            text TEXT NOT NULL,
            kind TEXT NOT NULL,
            truncated INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute(
        f"""CREATE TABLE actions{suffix} (
            id INTEGER PRIMARY KEY,  -- item rowid << 16 | position
            item_rowid INTEGER NOT NULL,
            sort_key TEXT NOT NULL,  -- the meeting's: "all actions, newest first"
            text TEXT NOT NULL,
            owner TEXT,
            due TEXT,
            source_kind TEXT NOT NULL
        )"""
    )
    db.execute(
        f"""CREATE TABLE documents{suffix} (
            id INTEGER PRIMARY KEY,  -- item rowid << 16 | position; meeting's: item 0
            item_rowid INTEGER,  -- NULL for a meeting-level document (printed minutes ...)
            title TEXT NOT NULL,
            format TEXT,
            size_kb FLOAT,
            url TEXT
        )"""
    )
    db.execute(
        f"""CREATE TABLE item_sources{suffix} (
            item_rowid INTEGER NOT NULL,
            source_id INTEGER NOT NULL,
            PRIMARY KEY (item_rowid, source_id)
        ) WITHOUT ROWID"""
    )


@migrations()
def m005_integer_child_keys(db: sqlite_utils.Database) -> None:
    """Smaller store: rows under items keyed by integers, contributions kept compact.

    * ``resolutions``, ``actions``, ``documents`` get ids that encode their item
      (see CHILD_SHIFT) and lose their text ``item_id``/``meeting_id`` columns and
      the five indexes over them; ``item_sources`` is two integers, without rowid.
      Only ``actions`` keeps indexes: ``sort_key`` (the all-actions list) and ``item_rowid``.
    * ``meeting_sources`` goes: it held the same pairs as ``contributions``;
      ``attendance`` and ``contributions`` are their keys' b-trees, without a rowid.
    * Each contribution is re-encoded against its meeting's rows
      (a frozen copy of ``store.payload.compact_payload``): a meeting's only source is, field for
      field, what its rows show, so its payload keeps just what differs.
    It needs free disk for a WAL of about the store's size and the VACUUM that follows
    (``VACUUM_AFTER`` in ``store.schema``). Sizes before and after: README, "Upgrades".
    """
    conn = db.conn
    # Rows into new tables, in id order (packed pages), then swapped in.
    _create_child_tables(db, "_m005")
    conn.execute(
        f"""INSERT INTO resolutions_m005 (id, item_rowid, number, text, kind, truncated)
        SELECT (i.rowid << {_CHILD_SHIFT}) | r.position, i.rowid, r.number, r.text, r.kind,
            r.truncated
        FROM resolutions r JOIN items i ON i.id = r.item_id ORDER BY 1"""
    )
    conn.execute(
        f"""INSERT INTO actions_m005 (id, item_rowid, sort_key, text, owner, due, source_kind)
        SELECT (i.rowid << {_CHILD_SHIFT}) | a.position, i.rowid, a.sort_key, a.text, a.owner,
            a.due, a.source_kind
        FROM actions a JOIN items i ON i.id = a.item_id ORDER BY 1"""
    )
    conn.execute(
        f"""INSERT INTO documents_m005 (id, item_rowid, title, format, size_kb, url)
        SELECT CASE WHEN d.item_id IS NULL THEN (m.seq << {_MEETING_SHIFT}) | d.position
                ELSE (i.rowid << {_CHILD_SHIFT}) | d.position END,
            i.rowid, d.title, d.format, d.size_kb, d.url
        FROM documents d JOIN meetings m ON m.id = d.meeting_id
        LEFT JOIN items i ON i.id = d.item_id ORDER BY 1"""
    )
    conn.execute(
        """INSERT INTO item_sources_m005 (item_rowid, source_id)
        SELECT i.rowid, x.source_id FROM item_sources x JOIN items i ON i.id = x.item_id
        ORDER BY 1, 2"""
    )
    for table in ("resolutions", "actions", "documents", "item_sources"):
        conn.execute(f"DROP TABLE {table}")
        conn.execute(f"ALTER TABLE {table}_m005 RENAME TO {table}")
    conn.execute("CREATE INDEX idx_actions_sort_key ON actions (sort_key)")
    # The action points of a word's hits (the all-actions list filtered by text): without
    # it a rare word's count read every action point.
    conn.execute("CREATE INDEX idx_actions_item_rowid ON actions (item_rowid)")
    # A meeting's sources are the sources of its contributions, row for row.
    conn.execute("DROP TABLE meeting_sources")
    # Attendance clustered by meeting: the table is its own (meeting_id, position) index.
    conn.execute(
        """CREATE TABLE attendance_m005 (
            meeting_id TEXT NOT NULL REFERENCES meetings(id),
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            status TEXT NOT NULL,
            role TEXT,
            reason TEXT,
            PRIMARY KEY (meeting_id, position)
        ) WITHOUT ROWID"""
    )
    conn.execute(
        "INSERT INTO attendance_m005 SELECT meeting_id, position, name, status, role, reason"
        " FROM attendance ORDER BY meeting_id, position"
    )
    conn.execute("DROP TABLE attendance")
    conn.execute("ALTER TABLE attendance_m005 RENAME TO attendance")
    _rebuild_items_without_unique_id(db)
    _compact_contributions(db)
    # Contributions are now mostly a few bytes each: the (source_id, meeting_id) key
    # holds them without a separate rowid table.
    conn.execute(
        """CREATE TABLE contributions_m005 (
            source_id INTEGER NOT NULL REFERENCES sources(id),
            meeting_id TEXT NOT NULL,
            payload BLOB NOT NULL,
            PRIMARY KEY (source_id, meeting_id)
        ) WITHOUT ROWID"""
    )
    conn.execute(
        "INSERT INTO contributions_m005 SELECT source_id, meeting_id, payload FROM contributions"
        " ORDER BY source_id, meeting_id"
    )
    conn.execute("DROP TABLE contributions")
    conn.execute("ALTER TABLE contributions_m005 RENAME TO contributions")
    conn.execute("CREATE INDEX idx_contributions_meeting_id ON contributions (meeting_id)")


def _rebuild_items_without_unique_id(db: sqlite_utils.Database) -> None:
    """``items`` again, without the UNIQUE index on its text ``id``, packed in rowid order.

    An item id begins with its meeting's id, so a lookup by id goes through
    ``(meeting_id, position)`` instead (the read queries). ``lead_key`` becomes an
    8-byte integer. SQLite cannot drop a
    UNIQUE constraint in place. The view and triggers over ``items`` (the search
    index's) are put back from their own stored SQL, unchanged; the items keep
    their rowids, so the index stays valid.
    """
    conn = db.conn
    dependents = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'trigger')"
        " AND (tbl_name = 'items' OR name = 'items_folded') ORDER BY type = 'trigger'"
    ).fetchall()
    for kind, name, _ in reversed(dependents):
        conn.execute(f"DROP {kind.upper()} {name}")
    columns = [r[1] for r in conn.execute("PRAGMA table_info(items)")]
    declared = {
        "truncated": "INTEGER NOT NULL DEFAULT 0",
        "resolution_count": "INTEGER NOT NULL DEFAULT 0",
        "action_count": "INTEGER NOT NULL DEFAULT 0",
        "kinds": "INTEGER NOT NULL DEFAULT 0",
        "has_minutes": "INTEGER NOT NULL DEFAULT 0",
        "id": "TEXT NOT NULL",
        "meeting_id": "TEXT NOT NULL REFERENCES meetings(id)",
        "position": "INTEGER NOT NULL",
        "rowid": "INTEGER PRIMARY KEY",
        "lead_key": "INTEGER",
    }
    conn.execute(
        "CREATE TABLE items_m005 ("
        + ", ".join(f"{c} {declared.get(c, 'TEXT')}" for c in columns)
        + ")"
    )
    names = ", ".join(columns)
    # lead_key is now an integer (``_lead_key``), computed again from the minutes.
    conn.create_function("m005_lead_key", 1, _lead_key, deterministic=True)
    selected = names.replace("lead_key", "m005_lead_key(minutes)")
    conn.execute(f"INSERT INTO items_m005 ({names}) SELECT {selected} FROM items ORDER BY rowid")
    conn.execute("DROP TABLE items")
    conn.execute("ALTER TABLE items_m005 RENAME TO items")
    db.table("items").create_index(["meeting_id", "position"], unique=True)
    db.table("items").create_index(
        ["meeting_id", "kinds", "action_count", "resolution_count", "truncated", "has_minutes"],
        index_name="idx_items_filter_flags",
    )
    # Only items with a long enough text have a lead key (a quarter have none).
    conn.execute("CREATE INDEX idx_items_lead_key ON items (lead_key) WHERE lead_key IS NOT NULL")
    for _, _, sql in dependents:
        conn.execute(sql)


@migrations()
def m006_fts_detail_none(db: sqlite_utils.Database) -> None:
    """``items_fts`` rebuilt with ``detail=none``: it records which items hold a term, not
    the columns or positions.

    The index shrinks to well under half (sizes: README, "The store"), and a prefix (the
    word still being typed) merges much shorter doclists. FTS5 then refuses phrases and
    column filters: ``store.search`` AND-s a phrase's tokens in the index and
    ``store.phrases`` checks adjacency on the item's text.
    """
    drop_fts_triggers(db)
    db.execute("DROP TABLE IF EXISTS items_fts")
    db.execute(
        "CREATE VIRTUAL TABLE items_fts USING fts5("
        + ", ".join(FTS_COLUMNS)
        + ", content='items_folded', content_rowid='rowid',"
        " tokenize='unicode61 remove_diacritics 2', detail=none)"
    )
    # The indexed words, for expanding a typed prefix into whole terms (the search planner).
    db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS items_fts_terms USING fts5vocab(items_fts, 'row')"
    )
    rebuild_fts(db)


# --- m005's compaction, frozen ------------------------------------------------------------------
# A meeting's only contribution re-encoded as what differs from its rows, as m005 shipped it:
# the rows read back in the payloads' plain form (``_view_m005``), the JSON diffed against
# them. The live encoding is ``store.payload``; this copy works on the JSON alone.

_COMPACT_KEY = "@rows"
_STABLE = (str, type(None), bool, float)


def _view_m005(conn: sqlite3.Connection, mid: str) -> dict[str, Any] | None:
    """The meeting's rows in m005's layout, as the payloads' plain dict (None: no meeting)."""
    row = conn.execute(
        "SELECT seq, committee, date, time, council, venue, contact, declarations,"
        " external_id, url FROM meetings WHERE id = ?",
        [mid],
    ).fetchone()
    if row is None:
        return None
    seq = row[0]
    keys = ("committee", "date", "time", "council", "venue", "contact", "declarations")
    view: dict[str, Any] = dict(zip(keys, row[1:8], strict=True))
    view["external_id"], view["url"] = row[8], row[9]
    view["attendance"] = [
        {"name": r[0], "status": r[1], "role": r[2], "reason": r[3]}
        for r in conn.execute(
            "SELECT name, status, role, reason FROM attendance WHERE meeting_id = ?"
            " ORDER BY position",
            [mid],
        )
    ]
    view["documents"] = []
    items: dict[int, dict[str, Any]] = {}
    first = seq << _ITEM_SHIFT
    for r in conn.execute(
        "SELECT rowid, number, title, description, minutes, decision, truncated,"
        " external_id, url FROM items WHERE rowid BETWEEN ? AND ? ORDER BY rowid",
        [first, first | ((1 << _ITEM_SHIFT) - 1)],
    ):
        names = ("number", "title", "description", "minutes", "decision")
        item: dict[str, Any] = dict(zip(names, r[1:6], strict=True))
        item.update(truncated=bool(r[6]), external_id=r[7], url=r[8])
        item.update(documents=[], resolutions=[], actions=[])
        items[r[0]] = item
    view["items"] = list(items.values())
    span = [seq << _MEETING_SHIFT, ((seq + 1) << _MEETING_SHIFT) - 1]
    shift = _CHILD_SHIFT
    for owner, title, fmt, size_kb, url in conn.execute(
        f"SELECT id >> {shift}, title, format, size_kb, url FROM documents"
        " WHERE id BETWEEN ? AND ? ORDER BY id",
        span,
    ):
        target = items[owner]["documents"] if owner in items else view["documents"]
        target.append({"title": title, "format": fmt, "size_kb": size_kb, "url": url})
    for owner, number, text, kind, truncated in conn.execute(
        f"SELECT id >> {shift}, number, text, kind, truncated FROM resolutions"
        " WHERE id BETWEEN ? AND ? ORDER BY id",
        span,
    ):
        items[owner]["resolutions"].append(
            {"number": number, "text": text, "kind": kind, "truncated": bool(truncated)}
        )
    for owner, text, owner_name, due, source_kind in conn.execute(
        f"SELECT id >> {shift}, text, owner, due, source_kind FROM actions"
        " WHERE id BETWEEN ? AND ? ORDER BY id",
        span,
    ):
        items[owner]["actions"].append(
            {"text": text, "owner": owner_name, "due": due, "source_kind": source_kind}
        )
    return view


def _diff_list(values: list[Any], view: list[Any]) -> list[Any] | None:
    out = [
        _diff_object(v, view[k])
        if k < len(view) and isinstance(v, dict) and isinstance(view[k], dict)
        else v
        for k, v in enumerate(values)
    ]
    if len(values) == len(view) and all(isinstance(e, dict) and not e for e in out):
        return None
    return out


def _diff_object(values: dict[str, Any], view: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in view:
            out[key] = value
        elif isinstance(value, list) and isinstance(view[key], list):
            diff = _diff_list(value, view[key])
            if diff is not None:
                out[key] = diff
        elif not (type(value) is type(view[key]) and type(value) in _STABLE and value == view[key]):
            out[key] = value
    return out


def _compact_contributions(db: sqlite_utils.Database) -> None:
    """Re-encode every meeting's only contribution against its rows; several: kept in full."""
    conn = db.conn
    rows = conn.execute(
        "SELECT meeting_id, min(source_id), min(payload) FROM contributions"
        " GROUP BY meeting_id HAVING count(*) = 1"
    )
    updates: list[tuple[bytes, int, str]] = []
    for mid, sid, payload in rows:
        data = json.loads(zlib.decompress(payload).decode("utf-8"))
        if _COMPACT_KEY in data:
            continue
        view = _view_m005(conn, mid)
        if view is None:
            continue
        diff = _diff_object(data, view)
        diff[_COMPACT_KEY] = 1
        text = json.dumps(diff, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        updates.append((zlib.compress(text.encode("utf-8"), 1), sid, mid))
        if len(updates) >= 1000:
            _update_payloads(conn, updates)
    _update_payloads(conn, updates)


def _update_payloads(conn: sqlite3.Connection, updates: list[tuple[bytes, int, str]]) -> None:
    conn.executemany(
        "UPDATE contributions SET payload = ? WHERE source_id = ? AND meeting_id = ?", updates
    )
    updates.clear()


# --- m007: record keys, provenance, inferred values, the store's own application id ----------

# 'MTUI' in ASCII: ``PRAGMA application_id`` of a store minutes-tui made (and nothing else's).
APPLICATION_ID = 0x4D545549
_KEY_WORDS_M007 = 12  # m007: a record's key digests its clause's first dozen words
_LEAD_WORDS_M007 = frozenset({"that", "to", "resolved", "agreed"})
_APART_M007 = re.compile(r"[^\w]+|_+")


def _record_lead_m007(text: str | None) -> str:
    """The words a record's key digests (a frozen copy of ``store.keys.record_lead``)."""
    folded = (text or "").casefold().replace("&", " and ")
    for mark in _APOSTROPHES:
        folded = folded.replace(mark, "")
    words = _APART_M007.sub(" ", folded).split()
    while words and words[0] in _LEAD_WORDS_M007:
        words.pop(0)
    return " ".join(words[:_KEY_WORDS_M007])


def _record_key_m007(lead: str, occurrence: int) -> int:
    """A frozen copy of ``store.keys.record_key``."""
    import hashlib  # the writer's alone, as in ``_lead_key``

    digest = hashlib.sha1(f"{lead}\x1f{occurrence}".encode()).digest()
    return int.from_bytes(digest[:6], "big")


@migrations()
def m007_record_keys_and_provenance(db: sqlite_utils.Database) -> None:
    """Resolutions and actions get a key that survives re-ingest (user data attaches to it)
    and the rule and passage they were read from; meetings say which values were inferred;
    the file says it is a minutes-tui store (``PRAGMA application_id``)."""
    added = (
        ("key", "INTEGER"),
        ("rule", "TEXT"),
        ("source_field", "TEXT"),
        ("span_start", "INTEGER"),
        ("span_end", "INTEGER"),
    )
    for table, columns in (
        ("resolutions", added),
        ("actions", added),
        ("meetings", (("inferred", "TEXT"),)),
    ):
        # Idempotent: a test that writes today's rows into an older schema adds them first.
        have = {row[1] for row in db.execute(f"PRAGMA table_info({table})").fetchall()}
        for column, kind in columns:
            if column not in have:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    conn = db.conn
    for table in ("resolutions", "actions"):
        updates: list[tuple[int, int]] = []
        seen: dict[str, int] = {}
        last_item = None
        for record_id, item_rowid, text in conn.execute(
            f"SELECT id, item_rowid, text FROM {table} ORDER BY id"
        ):
            if item_rowid != last_item:
                seen.clear()
                last_item = item_rowid
            lead = _record_lead_m007(text)
            occurrence = seen.get(lead, 0)
            seen[lead] = occurrence + 1
            updates.append((_record_key_m007(lead, occurrence), record_id))
            if len(updates) >= 5000:
                conn.executemany(f"UPDATE {table} SET key = ? WHERE id = ?", updates)
                updates.clear()
        conn.executemany(f"UPDATE {table} SET key = ? WHERE id = ?", updates)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


# --- m008: the action tracker ---------------------------------------------------------------


@migrations()
def m008_action_tracker(db: sqlite_utils.Database) -> None:
    """Actions become tracked records: who owns them and by when, what later minutes say of
    them, and the user's own status and notes.

    * Columns derived from each action and its meeting, rebuilt with the meeting's rows:
      the owner as listed (``owner_name``) and found (``owner_key``, ``~`` for none), the
      due date as a date (``due_on``; as ``due_key``, ``~`` for none, so that the lists
      sorted by due date and by owner put the undated and unowned last with a plain index),
      how it was known (``due_basis``: stated, implied, next-meeting)
      and its words (``due_text``), the committee (``committee_key``, for the list sorted
      by committee and for "its committee's next meeting"), and what later minutes report
      of it (``minutes_status``). They stay NULL here: ``store.tracker`` fills them from
      its rules when it finds them older than its own (``store_state``).
    * ``action_links``: which later item reports on which action, derived from the minutes
      and keyed by the records' stable ids (no rebuild deletes them).
    * ``tracker_pending``: meetings whose neighbours' links and "next meeting" dates are
      still to be worked out (written with each rebuild, done when its batch commits).
    * The user's data, in tables no ingest touches, keyed by the action's stable id with
      the words it had when the user wrote (so a record whose action is gone still says
      what it was about): ``action_status_log`` (every status set, when, why and on what
      evidence) and ``action_notes`` (one note per action).
    """
    for column in (
        "owner_name",
        "owner_key",
        "due_on",
        "due_key",
        "due_basis",
        "due_text",
        "committee_key",
        "minutes_status",
    ):
        db.execute(f"ALTER TABLE actions ADD COLUMN {column} TEXT")
    conn = db.conn
    # The lists sorted by due date (undated last), owner (none last) and committee: each an
    # index in the list's own order, so a window is a range read.
    conn.execute("CREATE INDEX idx_actions_due ON actions (due_key, sort_key, id)")
    conn.execute("CREATE INDEX idx_actions_owner ON actions (owner_key, sort_key, id)")
    conn.execute("CREATE INDEX idx_actions_committee ON actions (committee_key, sort_key, id)")
    # Counts per status read this index alone.
    conn.execute("CREATE INDEX idx_actions_minutes_status ON actions (minutes_status, due_key)")
    conn.execute(
        "CREATE INDEX idx_actions_next_meeting ON actions (committee_key)"
        " WHERE due_basis = 'next-meeting'"
    )
    # A committee's meetings in date order ("its next meeting", the meetings around one).
    conn.execute("CREATE INDEX idx_meetings_committee_date ON meetings (committee_key, date)")
    conn.execute(
        """CREATE TABLE action_links (
            action_meeting TEXT NOT NULL,
            action_item TEXT NOT NULL,
            action_key INTEGER NOT NULL,
            evidence_meeting TEXT NOT NULL,
            evidence_item TEXT NOT NULL,
            evidence_date TEXT,
            rule TEXT NOT NULL,
            progress TEXT,
            source_field TEXT,
            span_start INTEGER,
            span_end INTEGER,
            PRIMARY KEY (action_item, action_key, evidence_item)
        ) WITHOUT ROWID"""
    )
    conn.execute("CREATE INDEX idx_action_links_evidence ON action_links (evidence_meeting)")
    conn.execute("CREATE INDEX idx_action_links_action ON action_links (action_meeting)")
    conn.execute(
        """CREATE TABLE tracker_pending (
            meeting_id TEXT PRIMARY KEY,
            committee_key TEXT,
            date TEXT
        ) WITHOUT ROWID"""
    )
    # IF NOT EXISTS: a store written by the following branch before the two were merged
    # ran m009 (which made this table) before this step.
    conn.execute(
        "CREATE TABLE IF NOT EXISTS store_state (name TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID"
    )
    conn.execute(
        """CREATE TABLE action_status_log (
            id INTEGER PRIMARY KEY,
            action_id TEXT NOT NULL,
            meeting_id TEXT NOT NULL,
            item_id TEXT NOT NULL,
            key INTEGER NOT NULL,
            at TEXT NOT NULL,
            status TEXT NOT NULL
                CHECK (status IN ('open', 'done', 'dropped', 'superseded')),
            why TEXT,
            evidence TEXT,
            text TEXT
        )"""
    )
    conn.execute("CREATE INDEX idx_action_status_log_action ON action_status_log (item_id, key)")
    conn.execute("CREATE INDEX idx_action_status_log_meeting ON action_status_log (meeting_id)")
    conn.execute(
        """CREATE TABLE action_notes (
            action_id TEXT PRIMARY KEY,
            meeting_id TEXT NOT NULL,
            item_id TEXT NOT NULL,
            key INTEGER NOT NULL,
            note TEXT NOT NULL,
            at TEXT NOT NULL,
            text TEXT
        )"""
    )
    conn.execute("CREATE INDEX idx_action_notes_action ON action_notes (item_id, key)")
    conn.execute(
        "UPDATE actions SET committee_key = (SELECT m.committee_key FROM meetings m"
        f" WHERE m.seq = actions.id >> {_MEETING_SHIFT})"
    )


# --- m009: following the council: news stamps, the people and thread indexes, user data -----


@migrations()
def m009_following(db: sqlite_utils.Database) -> None:
    """What following the council needs (issue 23).

    * News stamps on the visible rows: ``added`` and ``changed`` are the store's epoch when
      a meeting or item first appeared and last changed (``added`` alone on resolutions and
      actions), ``digest`` what its content was; 0 and NULL on rows written before this
      step. The epoch counts up in ``store_state``.
    * Derived indexes, rebuilt with each meeting like its rows: ``mentions`` (who attended,
      declared, moved, seconded, presented, owns an action, left) and ``people`` (one name
      per person key), and ``thread_keys`` (an item's issue page and its title as keys that
      join it to the same matter at other meetings). They start empty: ``store.schema``
      fills them with the live code when ``store_state``'s ``derived`` version is behind.
    * User data in tables of its own, keyed by the stable ids (meeting, item, and record
      ids ``<item id>/r<key>``), which no rebuild touches: bookmarks, notes, watches, and
      the epoch each watch (and the overall view) was last looked at.
    """
    for table in ("meetings", "items"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN added INTEGER NOT NULL DEFAULT 0")
        db.execute(f"ALTER TABLE {table} ADD COLUMN changed INTEGER NOT NULL DEFAULT 0")
        db.execute(f"ALTER TABLE {table} ADD COLUMN digest INTEGER")
        db.execute(f"CREATE INDEX idx_{table}_changed ON {table} (changed)")
    for table in ("resolutions", "actions"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN added INTEGER NOT NULL DEFAULT 0")
    # m008 made ``store_state`` with text values (its rules' version); the epochs here are
    # numbers. One table, its value of no type, keeps each as written.
    if db.table("store_state").exists():
        db.execute("ALTER TABLE store_state RENAME TO store_state_m008")
    db.execute("CREATE TABLE store_state (name TEXT PRIMARY KEY, value NOT NULL) WITHOUT ROWID")
    if db.table("store_state_m008").exists():
        db.execute("INSERT INTO store_state SELECT name, value FROM store_state_m008")
        db.execute("DROP TABLE store_state_m008")
    db.execute("INSERT INTO store_state (name, value) VALUES ('epoch', 0), ('derived', 0)")
    db.execute(
        """CREATE TABLE mentions (
            meeting_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            person_key TEXT NOT NULL,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            item_rowid INTEGER,
            written_role TEXT,
            text TEXT,
            PRIMARY KEY (meeting_id, position)
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX idx_mentions_person ON mentions (person_key, meeting_id)")
    db.execute("CREATE TABLE people (key TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID")
    db.execute(
        """CREATE TABLE thread_keys (
            item_rowid INTEGER NOT NULL,
            key INTEGER NOT NULL,
            PRIMARY KEY (item_rowid, key)
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX idx_thread_keys_key ON thread_keys (key, item_rowid)")
    for table, extra in (("user_bookmarks", ""), ("user_notes", "text TEXT NOT NULL,")):
        db.execute(
            f"""CREATE TABLE {table} (
                target TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                meeting_id TEXT NOT NULL,
                item_id TEXT,
                label TEXT,
                {extra}
                created TEXT NOT NULL,
                updated TEXT NOT NULL
            )"""
        )
        db.execute(f"CREATE INDEX idx_{table}_meeting ON {table} (meeting_id)")
        db.execute(f"CREATE INDEX idx_{table}_item ON {table} (item_id)")
    db.execute(
        """CREATE TABLE user_watches (
            name TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            query TEXT NOT NULL,
            label TEXT,
            created TEXT NOT NULL,
            seen INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute("CREATE TABLE user_state (name TEXT PRIMARY KEY, value TEXT)")


# --- m010: an index sqlite-utils and Datasette recognise ------------------------------------------

# From m010 the index's content is ``items`` itself: each column it indexes is a virtual
# generated column of ``items`` holding the text folded as m001's view folded it (computed
# when read; nothing stored). sqlite-utils (``search``, ``Table.search``) and Datasette's
# search box find an index by a ``content="items"`` in its definition; m001's content was
# the view ``items_folded``, which they do not take.
FTS_INDEX_COLUMNS_M010 = tuple(f"{c}_folded" for c in FTS_COLUMNS)


def _fts_columns_m010() -> str:
    return ", ".join(FTS_INDEX_COLUMNS_M010)


def create_fts_triggers_m010(db: sqlite_utils.Database) -> None:
    """Triggers that keep m010's ``items_fts`` in step with ``items`` (m001's folding)."""
    _create_fts_triggers(db, _fts_columns_m010())


def rebuild_fts_m010(db: sqlite_utils.Database) -> None:
    """m010's ``rebuild_fts``: the index read again from ``items``' folded columns, merged
    into one segment, and the triggers restored."""
    db.execute("INSERT INTO items_fts(items_fts) VALUES ('rebuild')")
    db.execute("INSERT INTO items_fts(items_fts) VALUES ('optimize')")
    create_fts_triggers_m010(db)


@migrations()
def m010_fts_content_items(db: sqlite_utils.Database) -> None:
    """``items_fts`` rebuilt over ``items``' folded generated columns (``content="items"``),
    so sqlite-utils' ``search`` and Datasette's search box use it; the same words, folded the
    same way, so the index answers as before. The view ``items_folded`` goes."""
    drop_fts_triggers(db)
    for column, folded in zip(FTS_COLUMNS, FTS_INDEX_COLUMNS_M010, strict=True):
        db.execute(
            f"ALTER TABLE items ADD COLUMN {folded} TEXT"
            f" GENERATED ALWAYS AS ({fold_sql(column)}) VIRTUAL"
        )
    db.execute("DROP TABLE IF EXISTS items_fts")
    db.execute("DROP VIEW IF EXISTS items_folded")
    db.execute(
        f"CREATE VIRTUAL TABLE items_fts USING fts5({_fts_columns_m010()},"
        ' content="items", content_rowid="rowid",'
        " tokenize='unicode61 remove_diacritics 2', detail=none)"
    )
    rebuild_fts_m010(db)


# --- m011: the meetings' order by seq ---------------------------------------------------------


@migrations()
def m011_meetings_seq_sort_key(db: sqlite_utils.Database) -> None:
    """An index of each meeting's seq with its sort key: the meetings a filter's few hits
    are in (their seqs, read from the hits' rowids) put in the list's order from the index
    alone, so a window reads only its own rows instead of every hit's meeting."""
    db.execute("CREATE INDEX IF NOT EXISTS idx_meetings_seq_sort_key ON meetings (seq, sort_key)")
