"""The user's own data: what the reader writes, in tables of its own, and moved as JSON.

What a person adds is kept in tables no ingest, rebuild or migration deletes, keyed by the
ids that survive re-ingest: a meeting's id, an item's id, and a record's id
(``store.keys.record_id``: ``<item id>/r<key>`` for a resolution, ``/a<key>`` for an
action point). Two families of tables, one registry (``USER_TABLES``):

* The action tracker's (m008): ``action_status_log`` (every status the user set on an
  action, when, why and on what evidence) and ``action_notes`` (one note per action).
* Following the council (m009): ``user_bookmarks`` and ``user_notes`` on meetings, items
  and resolutions, ``user_watches`` (saved filters, followed items, threads and people) and
  ``user_state`` (when the overall news was last looked at).

A record has one note: a note on an action is the action's note (``action_notes``),
whether written from the tracker or from the main screen or reading view; ``set_note``
sends it there. Every row keeps what its record was when the user wrote (the action's
words, a mark's label), so a record that has since gone (the meeting removed, the clause
re-worded) is kept and still shown for what it was, never dropped.

Every table of the registry exports its rows and imports them again itself, so
``minutes-tui userdata export/import`` moves all of them, whoever adds the next one
(``register``). The JSON::

    {"format": "minutes-tui userdata", "version": 1, "exported_at": "...",
     "tables": {"action_status_log": [{...}, ...], "action_notes": [...], ...}}

An import adds what the store lacks and leaves what it has: the same row twice is one
row, and of two notes (or bookmarks) on one record the later one is kept. A watch's
``seen`` and ``user_state`` are epochs of one store (``store.news``), meaningless in
another: they are not exported, and an imported watch starts from the store's epoch. A
file that is not this JSON, or a row that does not read, is refused with one line naming
the file and why, and nothing of it is written.

The reader writes on a plain connection of its own (``connect_writer``), one
``BEGIN IMMEDIATE`` transaction a change (``writing``): the reader's connections are
read-only, and this never migrates.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol, TextIO

from store.db import BUSY_TIMEOUT_MS
from store.errors import StoreError, StoreErrorKind, sqlite_kind

FORMAT = "minutes-tui userdata"
VERSION = 1
STATUSES = ("open", "done", "dropped", "superseded")
TargetKind = Literal["meeting", "item", "resolution", "action"]
TARGET_KINDS: tuple[TargetKind, ...] = ("meeting", "item", "resolution", "action")
WatchKind = Literal["filter", "item", "thread", "person"]
WATCH_KINDS: tuple[WatchKind, ...] = ("filter", "item", "thread", "person")
OVERALL = "overall"  # ``user_state`` name of the epoch the overall news was last looked at
LABEL_CHARS = 160

# ``<meeting id>/<item slug>/a<12 hex digits>``: an action's stable id (``store.keys``).
_ACTION_ID = re.compile(
    r"^(?P<item>(?P<meeting>[mu][0-9a-f]{16})/[^\x00-\x1f]+)/a(?P<key>[0-9a-f]{12})$"
)


class UserDataError(ValueError):
    """A user-data file cannot be read or imported; the message is one line."""


@dataclass(frozen=True)
class ActionRef:
    """An action as the user's data names it: its stable id, and its words then."""

    action_id: str
    text: str | None = None

    @property
    def parts(self) -> tuple[str, str, int]:
        """(meeting id, item id, key) the id spells."""
        return split_action_id(self.action_id)


def split_action_id(action_id: str) -> tuple[str, str, int]:
    """(meeting id, item id, key) of an action's stable id; ValueError if it is not one."""
    m = _ACTION_ID.match(action_id)
    if m is None:
        raise ValueError(f"not an action id: {action_id!r}")
    return m.group("meeting"), m.group("item"), int(m.group("key"), 16)


@dataclass(frozen=True)
class Target:
    """What a bookmark or a note is on."""

    kind: TargetKind
    id: str  # the meeting's, item's or record's stable id
    meeting_id: str
    item_id: str | None
    label: str  # what it was when marked, shown if it is gone later


def meeting_of(item_id: str) -> str:
    """The meeting id an item or record id begins with."""
    return item_id.split("/", 1)[0]


def target(kind: TargetKind, target_id: str, label: str, item_id: str | None = None) -> Target:
    """A target by its id: an item's id is its own item, a record's is given."""
    if kind == "item":
        item_id = target_id
    label = " ".join(label.split())
    if len(label) > LABEL_CHARS:
        label = label[: LABEL_CHARS - 1] + "…"
    return Target(kind, target_id, meeting_of(target_id), item_id, label)


def now() -> str:
    """When the user did something: UTC, to the second (ISO 8601)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


# --- the tables --------------------------------------------------------------------------------


class UserTable(Protocol):
    """One table of the user's data, exporting and importing itself.

    ``export_rows`` gives the rows as JSON objects; ``checked`` reads one such object back
    (a UserDataError-worthy message as ValueError when it does not read) before anything
    is written; ``import_rows`` adds the checked rows the table lacks, in the caller's
    transaction, and says how many it added.
    """

    @property
    def name(self) -> str: ...

    def export_rows(self, conn: sqlite3.Connection) -> list[dict[str, Any]]: ...

    def checked(self, row: Mapping[str, Any]) -> dict[str, Any]: ...

    def import_rows(self, conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> int: ...


Check = Callable[[Mapping[str, Any]], str | None]
# The columns a row is written with that its JSON does not carry (an action's parts, a
# watch's starting epoch), from the row and the store it is imported into.
Derive = Callable[[sqlite3.Connection, Mapping[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Table:
    """A user table exported as its ``columns``, all text (``required`` ones not empty,
    ``times`` ISO 8601). ``identity`` are the columns that make two rows the same row;
    with ``newest`` set, rows with the same identity are one row and the one with the
    larger ``newest`` value is kept. ``check`` says what else is wrong with a row;
    ``derive`` adds the columns written beside the exported ones."""

    name: str
    columns: tuple[str, ...]
    identity: tuple[str, ...]
    order: str
    required: tuple[str, ...]
    times: tuple[str, ...] = ()
    newest: str | None = None
    check: Check | None = None
    derive: Derive | None = None

    def export_rows(self, conn: sqlite3.Connection) -> list[dict[str, Any]]:
        cols = ", ".join(self.columns)
        return [
            dict(zip(self.columns, row, strict=True))
            for row in conn.execute(f"SELECT {cols} FROM {self.name} ORDER BY {self.order}")
        ]

    def checked(self, row: Mapping[str, Any]) -> dict[str, Any]:
        values = {c: row.get(c) for c in self.columns}
        for column in self.required:
            if not values.get(column):
                raise ValueError(f"no {column}")
        for column, value in values.items():
            if value is not None and not isinstance(value, str):
                raise ValueError(f"{column} must be text")
        for column in self.times:
            dt.datetime.fromisoformat(str(values[column]))
        problem = self.check(values) if self.check else None
        if problem:
            raise ValueError(problem)
        return values

    def import_rows(self, conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> int:
        added = 0
        where = " AND ".join(f"{c} IS ?" for c in self.identity)
        for row in rows:
            found = conn.execute(
                f"SELECT {self.newest or 'NULL'} FROM {self.name} WHERE {where}",
                [row[c] for c in self.identity],
            ).fetchone()
            if found is not None:
                if self.newest is None or (found[0] or "") >= (row[self.newest] or ""):
                    continue
                conn.execute(
                    f"DELETE FROM {self.name} WHERE {where}", [row[c] for c in self.identity]
                )
            values = {**row, **(self.derive(conn, row) if self.derive else {})}
            names = list(values)
            conn.execute(
                f"INSERT INTO {self.name} ({', '.join(names)})"
                f" VALUES ({', '.join('?' for _ in names)})",
                [values[n] for n in names],
            )
            added += 1
        return added


def _action_parts(conn: sqlite3.Connection, row: Mapping[str, Any]) -> dict[str, Any]:
    """The columns an action's stable id spells, by which the reader finds the action."""
    meeting_id, item_id, key = split_action_id(row["action_id"])
    return {"meeting_id": meeting_id, "item_id": item_id, "key": key}


def _status_problem(row: Mapping[str, Any]) -> str | None:
    split_action_id(str(row["action_id"]))
    if row.get("status") not in STATUSES:
        return f"status must be one of {', '.join(STATUSES)} (got {row.get('status')!r})"
    return None


def _action_note_problem(row: Mapping[str, Any]) -> str | None:
    split_action_id(str(row["action_id"]))
    if not isinstance(row.get("note"), str) or not row["note"].strip():
        return "a note needs its text"
    return None


def _mark_problem(row: Mapping[str, Any]) -> str | None:
    if row["kind"] not in TARGET_KINDS:
        return f"kind must be one of {', '.join(TARGET_KINDS)} (got {row['kind']!r})"
    if meeting_of(row["target"]) != row["meeting_id"]:
        return f"meeting_id {row['meeting_id']!r} is not the meeting of {row['target']!r}"
    return None


def _note_problem(row: Mapping[str, Any]) -> str | None:
    if not (row.get("text") or "").strip():
        return "a note needs its text"
    return _mark_problem(row)


def _watch_problem(row: Mapping[str, Any]) -> str | None:
    if row["kind"] not in WATCH_KINDS:
        return f"kind must be one of {', '.join(WATCH_KINDS)} (got {row['kind']!r})"
    return None


def _watch_start(conn: sqlite3.Connection, row: Mapping[str, Any]) -> dict[str, Any]:
    """An imported watch starts from the store's epoch: nothing new until it changes."""
    from store.follow import current_epoch  # here: store.follow reads this module's tables

    return {"seen": current_epoch(conn)}


_MARK_COLUMNS = ("target", "kind", "meeting_id", "item_id", "label")

ACTION_STATUS_LOG = Table(
    "action_status_log",
    ("action_id", "at", "status", "why", "evidence", "text"),
    ("action_id", "at", "status", "why", "evidence"),
    "id",
    required=("action_id", "at"),
    times=("at",),
    check=_status_problem,
    derive=_action_parts,
)
ACTION_NOTES = Table(
    "action_notes",
    ("action_id", "note", "at", "text"),
    ("action_id",),
    "action_id",
    required=("action_id", "at"),
    times=("at",),
    newest="at",
    check=_action_note_problem,
    derive=_action_parts,
)


def _mark_table(name: str, extra: tuple[str, ...], check: Check) -> Table:
    """A table of marks on meetings, items and records (bookmarks, notes): one row per
    target, the later one kept."""
    return Table(
        name,
        (*_MARK_COLUMNS, *extra, "created", "updated"),
        ("target",),
        "target",
        required=("target", "kind", "meeting_id", "created", "updated"),
        times=("created", "updated"),
        newest="updated",
        check=check,
    )


BOOKMARKS = _mark_table("user_bookmarks", (), _mark_problem)
NOTES = _mark_table("user_notes", ("text",), _note_problem)
WATCHES = Table(
    "user_watches",
    ("name", "kind", "query", "label", "created"),
    ("name",),
    "name",
    required=("name", "kind", "query", "created"),
    times=("created",),
    check=_watch_problem,
    derive=_watch_start,
)

# Every table of the user's data, in the order a file lists them (``user_state``, when the
# overall news was looked at, is the store's own and not moved). Another kind of user data
# adds its table here with ``register``.
USER_TABLES: list[UserTable] = [ACTION_STATUS_LOG, ACTION_NOTES, BOOKMARKS, NOTES, WATCHES]
# Every table no rebuild or migration may touch: the registry's, and ``user_state``.
KEPT_TABLES: tuple[str, ...] = (*(t.name for t in USER_TABLES), "user_state")


def register(table: UserTable) -> None:
    """Add a table to the user's data (exported, imported, kept across everything)."""
    if any(t.name == table.name for t in USER_TABLES):
        raise ValueError(f"user table {table.name} is already registered")
    USER_TABLES.append(table)


# --- the writer's connection ---------------------------------------------------------------------


def writable(path: Path | str) -> bool:
    """Whether the store file may be written: the system says so, and its mode has a write
    bit (a file made read-only stays so even for an administrator, who may write anything)."""
    path = Path(path).expanduser()
    try:
        return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)
    except OSError:
        return False


def connect_writer(path: Path | str) -> sqlite3.Connection:
    """A connection that writes user data only (the store must already be up to date)."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise StoreError(f"{path}: no store here yet", StoreErrorKind.MISSING)
    if not writable(path):
        raise StoreError(
            f"{path}: the store is read-only, so this cannot be saved", StoreErrorKind.READ_ONLY
        )
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.Error as exc:
        raise _explained(path, exc) from None
    return conn


def _explained(path: Path | str, exc: sqlite3.Error) -> StoreError:
    kind = sqlite_kind(str(exc))
    if kind is StoreErrorKind.READ_ONLY:
        return StoreError(f"{path}: the store is read-only, so this cannot be saved", kind)
    if kind is StoreErrorKind.BUSY:
        return StoreError(f"{path}: the store is busy (an ingest is writing); try again", kind)
    return StoreError(f"{path}: cannot save ({' '.join(str(exc).split())})", kind)


@contextlib.contextmanager
def writing(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One ``BEGIN IMMEDIATE`` transaction on a ``connect_writer`` connection; an SQLite
    error comes out as a StoreError saying what to do."""
    path = _path_of(conn)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        raise _explained(path, exc) from None


def _path_of(conn: sqlite3.Connection) -> str:
    for _, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return str(file)
    return "the store"


# --- an action's status and note (in the caller's transaction) ---------------------------------


def set_status(
    conn: sqlite3.Connection,
    action: ActionRef,
    status: str,
    *,
    why: str | None = None,
    evidence: str | None = None,
    at: str | None = None,
) -> None:
    """Record that the user set an action's status (the history keeps every one)."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}")
    meeting_id, item_id, key = action.parts
    conn.execute(
        "INSERT INTO action_status_log (action_id, meeting_id, item_id, key, at, status, why,"
        " evidence, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            action.action_id,
            meeting_id,
            item_id,
            key,
            at or now(),
            status,
            (why or "").strip() or None,
            evidence,
            action.text,
        ],
    )


def set_action_note(
    conn: sqlite3.Connection, action: ActionRef, note: str, *, at: str | None = None
) -> None:
    """The user's note on an action (one per action); an empty note removes it."""
    meeting_id, item_id, key = action.parts
    conn.execute("DELETE FROM action_notes WHERE action_id = ?", [action.action_id])
    if note.strip():
        conn.execute(
            "INSERT INTO action_notes (action_id, meeting_id, item_id, key, note, at, text)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [action.action_id, meeting_id, item_id, key, note.strip(), at or now(), action.text],
        )


# --- bookmarks and notes (each its own transaction) ------------------------------------------


def toggle_bookmark(conn: sqlite3.Connection, mark: Target) -> bool:
    """Bookmark ``mark``, or take its bookmark away; whether it is bookmarked now."""
    with writing(conn):
        gone = conn.execute("DELETE FROM user_bookmarks WHERE target = ?", [mark.id]).rowcount
        if gone:
            return False
        stamp = now()
        conn.execute(
            "INSERT INTO user_bookmarks (target, kind, meeting_id, item_id, label, created,"
            " updated) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [mark.id, mark.kind, mark.meeting_id, mark.item_id, mark.label, stamp, stamp],
        )
        return True


def set_note(conn: sqlite3.Connection, mark: Target, text: str) -> bool:
    """Write the note on ``mark`` (blank text deletes it); whether a note is kept. A note on
    an action is the action's note, the one the tracker shows (``set_action_note``)."""
    text = text.strip()
    with writing(conn):
        if mark.kind == "action":
            set_action_note(conn, ActionRef(mark.id, mark.label), text)
            return bool(text)
        if not text:
            conn.execute("DELETE FROM user_notes WHERE target = ?", [mark.id])
            return False
        stamp = now()
        conn.execute(
            "INSERT INTO user_notes (target, kind, meeting_id, item_id, label, text, created,"
            " updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (target) DO UPDATE SET"
            " text = excluded.text, updated = excluded.updated",
            [mark.id, mark.kind, mark.meeting_id, mark.item_id, mark.label, text, stamp, stamp],
        )
        return True


# --- watches --------------------------------------------------------------------------------------


def save_watch(
    conn: sqlite3.Connection, name: str, kind: WatchKind, query: str, label: str, seen: int
) -> None:
    """Save a watch (replacing one of the same name); ``seen``: the epoch it starts from, so
    a new watch has nothing new until the store changes."""
    name = " ".join(name.split())
    if not name:
        raise StoreError("a watch needs a name", StoreErrorKind.OTHER)
    if kind not in WATCH_KINDS:
        raise StoreError(f"unknown watch kind {kind!r}", StoreErrorKind.OTHER)
    with writing(conn):
        conn.execute(
            "INSERT INTO user_watches (name, kind, query, label, created, seen)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind,"
            " query = excluded.query, label = excluded.label, seen = excluded.seen",
            [name, kind, query, label, now(), seen],
        )


def remove_watch(conn: sqlite3.Connection, name: str) -> bool:
    """Forget a watch; whether there was one of that name."""
    with writing(conn):
        return bool(conn.execute("DELETE FROM user_watches WHERE name = ?", [name]).rowcount)


def mark_seen(conn: sqlite3.Connection, watch: str | None, epoch: int) -> None:
    """Everything up to ``epoch`` has been looked at, in ``watch`` (None: the overall news).

    Never moves backwards: a reader that loaded an older epoch does not undo a newer look.
    """
    with writing(conn):
        if watch is None:
            conn.execute(
                "INSERT INTO user_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE"
                " SET value = excluded.value WHERE CAST(user_state.value AS INTEGER) < ?",
                [OVERALL, str(epoch), epoch],
            )
        else:
            conn.execute(
                "UPDATE user_watches SET seen = ? WHERE name = ? AND seen < ?",
                [epoch, watch, epoch],
            )


def watched(path: Path | str) -> bool:
    """Whether the store at ``path`` has a watch or a look at its news (what ``minutes-tui
    new`` would count): a cheap question, asked before the news reads are even imported."""
    from store.db import connect_readonly

    try:
        conn = connect_readonly(path)
    except StoreError:
        return False
    try:
        row = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM user_watches) OR EXISTS (SELECT 1 FROM user_state)"
        ).fetchone()
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    return bool(row[0])


# --- export and import --------------------------------------------------------------------------


def export_userdata(conn: sqlite3.Connection, out: TextIO) -> dict[str, int]:
    """Write every user table as one JSON document; rows written per table."""
    tables = {t.name: t.export_rows(conn) for t in USER_TABLES}
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now(),
        "tables": tables,
    }
    json.dump(document, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return {name: len(rows) for name, rows in tables.items()}


def read_userdata(text: str, source: str) -> dict[str, list[dict[str, Any]]]:
    """The rows of a user-data document, every one checked; UserDataError naming
    ``source`` and the first problem otherwise."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserDataError(f"{source}: not JSON ({exc.msg}, line {exc.lineno})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise UserDataError(f'{source}: not a minutes-tui userdata file (no "format": "{FORMAT}")')
    if not isinstance(document.get("version"), int) or document["version"] > VERSION:
        raise UserDataError(
            f"{source}: written by a newer minutes-tui (version {document.get('version')!r});"
            " upgrade to import it"
        )
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise UserDataError(f'{source}: no "tables" object')
    known = {t.name: t for t in USER_TABLES}
    out: dict[str, list[dict[str, Any]]] = {}
    for name, rows in tables.items():
        table = known.get(name)
        if table is None:
            raise UserDataError(
                f"{source}: unknown table {name!r} (this version knows {', '.join(known)})"
            )
        if not isinstance(rows, list):
            raise UserDataError(f"{source}: {name} is not a list of rows")
        out[name] = [_checked(table, row, source, n) for n, row in enumerate(rows, start=1)]
    return out


def _checked(table: UserTable, row: object, source: str, n: int) -> dict[str, Any]:
    where = f"{source}: {table.name} row {n}"
    if not isinstance(row, dict):
        raise UserDataError(f"{where}: not an object")
    try:
        return table.checked(row)
    except ValueError as exc:
        raise UserDataError(f"{where}: {exc}") from None


def import_userdata(conn: sqlite3.Connection, text: str, source: str) -> dict[str, tuple[int, int]]:
    """Add a user-data document's rows (inside the caller's transaction): per table, (rows
    added, rows in the file)."""
    tables = read_userdata(text, source)
    by_name = {t.name: t for t in USER_TABLES}
    return {
        name: (by_name[name].import_rows(conn, rows), len(rows)) for name, rows in tables.items()
    }
