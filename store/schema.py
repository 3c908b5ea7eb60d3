"""The store's schema, as sqlite-utils migrations (applied by ``store.db.open_store``).

Two layers:

* ``sources`` and ``contributions``: what each ingested file said (the parsed
  Meeting as compressed JSON; while a meeting has one source, only what differs
  from its rows, see ``store.payload``). This is the truth re-ingest and
  merging are computed from.
* The visible rows (``meetings``, ``items``, ``resolutions``, ``actions``,
  ``attendance``, ``documents``, ``item_sources``; a meeting's sources are
  those of its contributions): rebuilt per meeting from all its contributions
  by ``store.merge``. Counts the reader filters on are stored columns so no
  hot query needs a per-row subquery.

``items_fts`` is an external-content FTS5 index whose content is the view
``items_folded`` (item text with apostrophes removed); triggers on ``items``
keep it in step, and ``INSERT INTO items_fts(items_fts) VALUES('rebuild')``
works on any connection because the folding is plain SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from store.search import fold_sql

if TYPE_CHECKING:
    import sqlite_utils
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "minutes-tui"
MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' Migrations.migrations_table


class LazyMigrations:
    """The migration set, registered with ``@migrations()`` like sqlite-utils' ``Migrations``.

    Why not ``Migrations`` itself: importing sqlite_utils costs ~80 ms, and the
    reader (which imports this module for the row-id constants and checks that
    a store is up to date) never writes. The real ``Migrations`` is built on
    first use by a writer; ``names`` is enough for the reader's check.
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

FTS_COLUMNS = ("title", "description", "minutes", "decision")
FTS_TRIGGERS = ("items_fts_ai", "items_fts_ad", "items_fts_au")

# Bits of the ``kinds`` column on items and meetings: which resolution kinds occur.
KIND_BITS = {"noted": 1, "decision": 2, "action": 4}


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    """The first schema: sources, contributions, merged rows, provenance, FTS."""
    db["sources"].create(
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
    db["sources"].create_index(["path"], unique=True)

    db["contributions"].create(
        {"source_id": int, "meeting_id": str, "payload": bytes},
        pk=("source_id", "meeting_id"),
        foreign_keys=[("source_id", "sources", "id")],
        not_null={"payload"},
    )
    db["contributions"].create_index(["meeting_id"])

    db["meetings"].create(
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
    db["meetings"].create_index(["sort_key"], unique=True)
    db["meetings"].create_index(["committee_key"])
    db["meetings"].create_index(["date"])

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
    db["items"].create_index(["meeting_id", "position"], unique=True)

    db["resolutions"].create(
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
    db["resolutions"].create_index(["item_id", "position"])
    db["resolutions"].create_index(["meeting_id"])

    db["actions"].create(
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
    db["actions"].create_index(["sort_key", "id"])
    db["actions"].create_index(["item_id", "position"])
    db["actions"].create_index(["meeting_id"])

    db["attendance"].create(
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
    db["attendance"].create_index(["meeting_id", "position"])

    db["documents"].create(
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
    db["documents"].create_index(["meeting_id", "item_id", "position"])
    db["documents"].create_index(["item_id"])

    db["meeting_sources"].create(
        {"meeting_id": str, "source_id": int},
        pk=("meeting_id", "source_id"),
        foreign_keys=[("meeting_id", "meetings", "id"), ("source_id", "sources", "id")],
    )
    db["meeting_sources"].create_index(["source_id"])
    db["item_sources"].create(
        {"item_id": str, "source_id": int},
        pk=("item_id", "source_id"),
        foreign_keys=[("item_id", "items", "id"), ("source_id", "sources", "id")],
    )
    db["item_sources"].create_index(["source_id"])

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

    ``has:``/``kind:`` filters then scan this index (tens of MB at a million
    items) instead of the items table with all its minutes text (a gigabyte),
    and a meeting's "has such an item" test reads only index entries.
    """
    db.execute("ALTER TABLE items ADD COLUMN has_minutes INTEGER NOT NULL DEFAULT 0")
    # The update touches no indexed text: without the triggers it does not
    # re-index every item.
    drop_fts_triggers(db)
    db.execute("UPDATE items SET has_minutes = 1 WHERE minutes IS NOT NULL")
    create_fts_triggers(db)
    db["items"].create_index(
        ["meeting_id", "kinds", "action_count", "resolution_count", "truncated", "has_minutes"],
        index_name="idx_items_filter_flags",
    )


# An item's rowid is its meeting's ``seq`` shifted left by ITEM_SHIFT plus its
# agenda position, so the meeting of an FTS hit is ``rowid >> ITEM_SHIFT``
# without reading the items table (which holds all the minutes text).
ITEM_SHIFT = 16
MAX_ITEMS_PER_MEETING = (1 << ITEM_SHIFT) - 1


@migrations()
def m003_item_rowids_by_meeting(db: sqlite_utils.Database) -> None:
    """Meetings get a stable integer ``seq``; item rowids encode it (see ITEM_SHIFT).

    Counting the meetings or action points that match a common word went from
    a table lookup per matching item (1.5 s for 500k hits at a million items)
    to arithmetic on the rowids the index returns.
    """
    db.execute("ALTER TABLE meetings ADD COLUMN seq INTEGER")
    db.execute("UPDATE meetings SET seq = rowid")
    db["meetings"].create_index(["seq"], unique=True, index_name="idx_meetings_seq")
    drop_fts_triggers(db)
    # Two steps through negative numbers so no new rowid collides with an old one.
    db.execute(
        "UPDATE items SET rowid = -((SELECT seq FROM meetings"
        f" WHERE meetings.id = items.meeting_id) << {ITEM_SHIFT} | position)"
    )
    db.execute("UPDATE items SET rowid = -rowid")
    db.execute("ALTER TABLE actions ADD COLUMN item_rowid INTEGER")
    db.execute(
        "UPDATE actions SET item_rowid = (SELECT rowid FROM items WHERE items.id = actions.item_id)"
    )
    db["actions"].create_index(["item_rowid"], index_name="idx_actions_item_rowid")
    rebuild_fts(db)


@migrations()
def m004_item_lead_key(db: sqlite_utils.Database) -> None:
    """``items.lead_key``: a digest of the first words of an item's minutes, indexed.

    An item page and the meeting page that cut the same item short begin with
    the same text; this finds one from the other with one index lookup
    (``store.attach``) instead of a full-text phrase query per item.
    """
    from store.attach import lead_key

    db.execute("ALTER TABLE items ADD COLUMN lead_key TEXT")
    rows = db.conn.execute("SELECT rowid, minutes FROM items WHERE minutes IS NOT NULL")
    updates = [(key, rowid) for rowid, minutes in rows if (key := lead_key(minutes))]
    drop_fts_triggers(db)
    db.conn.executemany("UPDATE items SET lead_key = ? WHERE rowid = ?", updates)
    create_fts_triggers(db)
    db["items"].create_index(["lead_key"], index_name="idx_items_lead_key")


# Rows under an item (resolutions, action points, documents) have ids that encode it:
# ``item rowid << CHILD_SHIFT | position``. An item's rows are then one id range and a
# meeting's rows another (``seq << (ITEM_SHIFT + CHILD_SHIFT)`` up), so these tables need
# no index and no text key. A meeting's own documents sit at item position 0.
CHILD_SHIFT = 16
MAX_CHILDREN_PER_ITEM = (1 << CHILD_SHIFT) - 1
MEETING_SHIFT = ITEM_SHIFT + CHILD_SHIFT


def create_child_tables(db: sqlite_utils.Database, suffix: str = "") -> None:
    """The m005 layout of the tables under items (``suffix`` names a table being built).

    No foreign keys: the rows of a meeting are deleted and written together by
    ``store.ingest.rebuild_meeting``, and a key to ``items`` would need an index on
    every child table for SQLite to check it when an item is deleted.
    ``item_rowid`` is kept beside the id (a few bytes a row) so the rows read
    plainly and dumps can name the item.
    """
    db.execute(
        f"""CREATE TABLE resolutions{suffix} (
            id INTEGER PRIMARY KEY,  -- item rowid << CHILD_SHIFT | position
            item_rowid INTEGER NOT NULL,
            number TEXT,
            text TEXT NOT NULL,
            kind TEXT NOT NULL,
            truncated INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute(
        f"""CREATE TABLE actions{suffix} (
            id INTEGER PRIMARY KEY,  -- item rowid << CHILD_SHIFT | position
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
            id INTEGER PRIMARY KEY,  -- item rowid << CHILD_SHIFT | position; meeting's: item 0
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
      (``store.payload.compact_payload``): a meeting's only source is, field for
      field, what its rows show, so its payload keeps just what differs.

    Text ingest of 1,000 pages: 24.3 MB -> 16.85 MB (3.61x -> 2.50x; contributions
    4.35 MB -> 0.05 MB, text keys and indexes ~2.5 MB). The 1M-item benchmark store
    filled by the m004 code: 2.88 GB -> 2.03 GB (2.95x -> 2.07x) in 142 s with the
    VACUUM that follows (``VACUUM_AFTER``); it needs free disk for a WAL of about the
    store's size and the VACUUM's copy.
    """
    from store import ingest

    conn = db.conn
    # Rows into new tables, in id order (packed pages), then swapped in.
    create_child_tables(db, "_m005")
    conn.execute(
        f"""INSERT INTO resolutions_m005 (id, item_rowid, number, text, kind, truncated)
        SELECT (i.rowid << {CHILD_SHIFT}) | r.position, i.rowid, r.number, r.text, r.kind,
            r.truncated
        FROM resolutions r JOIN items i ON i.id = r.item_id ORDER BY 1"""
    )
    conn.execute(
        f"""INSERT INTO actions_m005 (id, item_rowid, sort_key, text, owner, due, source_kind)
        SELECT (i.rowid << {CHILD_SHIFT}) | a.position, i.rowid, a.sort_key, a.text, a.owner,
            a.due, a.source_kind
        FROM actions a JOIN items i ON i.id = a.item_id ORDER BY 1"""
    )
    conn.execute(
        f"""INSERT INTO documents_m005 (id, item_rowid, title, format, size_kb, url)
        SELECT CASE WHEN d.item_id IS NULL THEN (m.seq << {MEETING_SHIFT}) | d.position
                ELSE (i.rowid << {CHILD_SHIFT}) | d.position END,
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
    # The action points of a word's hits (the all-actions list filtered by text): a rare
    # word's count read 270k actions without it (5 -> 59 ms at 1M items); 4 MB there.
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
    ingest.compact_all_contributions(db)
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
    ``(meeting_id, position)`` instead (``store.queries``). ``lead_key`` becomes an
    8-byte integer. SQLite cannot drop a
    UNIQUE constraint in place. The view and triggers over ``items`` (the search
    index's) are put back from their own stored SQL, unchanged; the items keep
    their rowids, so the index stays valid.
    """
    from store.attach import lead_key

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
    # lead_key is now an integer (store.attach.lead_key), computed again from the minutes.
    conn.create_function("m005_lead_key", 1, lead_key, deterministic=True)
    selected = names.replace("lead_key", "m005_lead_key(minutes)")
    conn.execute(f"INSERT INTO items_m005 ({names}) SELECT {selected} FROM items ORDER BY rowid")
    conn.execute("DROP TABLE items")
    conn.execute("ALTER TABLE items_m005 RENAME TO items")
    db["items"].create_index(["meeting_id", "position"], unique=True)
    db["items"].create_index(
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

    The index was 4.7 MB of a 24.3 MB store holding 6.7 MB of text (detail=column 3.1 MB,
    detail=none 1.8 MB), and a prefix (the word still being typed) merges much shorter
    doclists. FTS5 then refuses phrases and column filters: ``store.search`` AND-s a
    phrase's tokens in the index and checks adjacency on the item's text with the
    ``fts_phrases`` function that ``store.db`` registers on every connection.
    """
    drop_fts_triggers(db)
    db.execute("DROP TABLE IF EXISTS items_fts")
    db.execute(
        "CREATE VIRTUAL TABLE items_fts USING fts5("
        + ", ".join(FTS_COLUMNS)
        + ", content='items_folded', content_rowid='rowid',"
        " tokenize='unicode61 remove_diacritics 2', detail=none)"
    )
    # The indexed words, for expanding a typed prefix into whole terms (``store.queries``).
    db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS items_fts_terms USING fts5vocab(items_fts, 'row')"
    )
    rebuild_fts(db)


def _fts_values(prefix: str) -> str:
    return ", ".join(fold_sql(f"{prefix}.{c}") for c in FTS_COLUMNS)


def create_fts_triggers(db: sqlite_utils.Database) -> None:
    """Triggers that keep ``items_fts`` in step with ``items`` (same folding as the view)."""
    cols = ", ".join(FTS_COLUMNS)
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
    meeting's rowids then seeks once per word instead of once per segment (0.26 ->
    0.03 ms at a million items, where the merge takes ~4 s after a ~30 s rebuild).
    """
    db.execute("INSERT INTO items_fts(items_fts) VALUES ('rebuild')")
    db.execute("INSERT INTO items_fts(items_fts) VALUES ('optimize')")
    create_fts_triggers(db)


def tidy_fts(db: sqlite_utils.Database, files_written: int) -> None:
    """Merge the index segments an ingest left, with work bounded by what it wrote.

    Each file's transaction adds a segment; FTS5's automerge keeps a few per level,
    and a search that probes one meeting's rowids seeks once per segment (1,000 files
    ingested one by one left 16; 8x the seeks of one). A negative 'merge' merges
    across levels and stops after that many pages: 1,000 files' segments became one
    in ~6 ms. A larger store catches up over later ingests, a bounded step at a time.
    """
    if files_written > 0:
        pages = max(256, 16 * files_written)
        db.execute("INSERT INTO items_fts(items_fts, rank) VALUES ('merge', ?)", [-pages])


def tidy_fts_if_room(db: sqlite_utils.Database, files_written: int) -> None:
    """``tidy_fts`` in its own transaction, given up without a word if it cannot be done
    (a full disk, a busy store): the index is whole without it, only slower to probe."""
    import sqlite3

    from store.db import write_transaction

    try:
        with write_transaction(db):
            tidy_fts(db, files_written)
    except sqlite3.Error:
        pass


def migrate(db: sqlite_utils.Database) -> None:
    """Apply pending migrations (each in its own transaction), then heal the index.

    A bulk ingest drops the FTS triggers and restores them when it ends; if
    that process was killed, the next writer to open the store rebuilds the
    index, so search never silently misses items.
    """
    if not migrations.pending(db) and _fts_triggers_present(db):
        return  # the usual case: nothing to write, no lock taken
    from store.db import write_transaction

    # One IMMEDIATE transaction around everything (each migration nests as a
    # savepoint): a second process creating the same new store waits on the busy
    # timeout here instead of failing a deferred transaction's lock upgrade at
    # once, then finds nothing pending.
    with write_transaction(db):
        pending = {m.name for m in migrations.pending(db)}
        migrations.apply(db)
        if not _fts_triggers_present(db):
            rebuild_fts(db)
    if pending & VACUUM_AFTER and "m001_initial" not in pending:
        _vacuum(db)


# Migrations that rewrite most of a store: the pages they free (and the half-empty
# pages of tables written in the past) go back to the file system with a VACUUM
# once they are applied. At 1M items the VACUUM after m005 takes ~25 s; without it
# a store filled before m003 (whose rowid renumbering left its items table 42%
# empty pages) kept 3.5 GB on disk for 2.05 GB of data.
VACUUM_AFTER = frozenset({"m005_integer_child_keys", "m006_fts_detail_none"})


def _vacuum(db: sqlite_utils.Database) -> None:
    """Rewrite the store file packed. Skipped if another connection is busy with it:
    the store is complete without it, only larger."""
    import contextlib
    import sqlite3

    with contextlib.suppress(sqlite3.OperationalError):
        db.conn.execute("VACUUM")


def _fts_triggers_present(db: sqlite_utils.Database) -> bool:
    if not db["items"].exists():
        return True  # no schema yet: the first migration creates the triggers
    present = {
        row[0]
        for row in db.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'items'"
        )
    }
    return set(FTS_TRIGGERS) <= present
