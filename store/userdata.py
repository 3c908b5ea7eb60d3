"""The user's own data: what the user writes, in tables of its own, and moved as JSON.

What a person adds (an action's status and why, a note) is kept in tables no ingest,
rebuild or migration deletes, keyed by the records' stable ids (``store.keys.record_id``)
and carrying the words the record had when the user wrote, so that a record whose action
has since gone (the meeting removed, the clause re-worded) is still shown for what it was.

Every such table is a ``UserTable`` in one registry (``USER_TABLES``); each exports its
rows and imports them again itself, so ``minutes-tui userdata export/import`` moves all of
them, whoever adds the next one (``register``). The JSON::

    {"format": "minutes-tui userdata", "version": 1, "exported_at": "...",
     "tables": {"action_status_log": [{...}, ...], "action_notes": [...]}}

An import adds what the store lacks and leaves what it has: the same row twice is one
row, and of two notes on one action the later one is kept. A file that is not this JSON,
or a row that does not read, is refused with one line naming the file and why, and
nothing of it is written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TextIO

FORMAT = "minutes-tui userdata"
VERSION = 1
STATUSES = ("open", "done", "dropped", "superseded")

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


@dataclass(frozen=True)
class ActionTable:
    """A user table about actions, keyed by the action's stable id.

    ``columns`` are what a row is in the JSON, in order; written, a row also gets the
    columns its action id spells (``meeting_id``, ``item_id``, ``key``), by which the
    reader finds the action. ``identity`` are the columns that make two rows the same
    row; with ``newest`` set, rows with the same identity are one row and the one with the
    larger ``newest`` value is kept. ``check`` says what else is wrong with a row.
    """

    name: str
    columns: tuple[str, ...]
    identity: tuple[str, ...]
    order: str
    newest: str | None = None
    check: Check | None = None

    def export_rows(self, conn: sqlite3.Connection) -> list[dict[str, Any]]:
        cols = ", ".join(self.columns)
        return [
            dict(zip(self.columns, row, strict=True))
            for row in conn.execute(f"SELECT {cols} FROM {self.name} ORDER BY {self.order}")
        ]

    def checked(self, row: Mapping[str, Any]) -> dict[str, Any]:
        values = {c: row.get(c) for c in self.columns}
        for column in ("action_id", "at"):
            if not values.get(column):
                raise ValueError(f"no {column}")
        for column, value in values.items():
            if value is not None and not isinstance(value, str):
                raise ValueError(f"{column} must be text")
        split_action_id(str(values["action_id"]))
        dt.datetime.fromisoformat(str(values["at"]))
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
            meeting_id, item_id, key = split_action_id(row["action_id"])
            values = {**row, "meeting_id": meeting_id, "item_id": item_id, "key": key}
            names = list(values)
            conn.execute(
                f"INSERT INTO {self.name} ({', '.join(names)})"
                f" VALUES ({', '.join('?' for _ in names)})",
                [values[n] for n in names],
            )
            added += 1
        return added


def _status_problem(row: Mapping[str, Any]) -> str | None:
    if row.get("status") not in STATUSES:
        return f"status must be one of {', '.join(STATUSES)} (got {row.get('status')!r})"
    return None


def _note_problem(row: Mapping[str, Any]) -> str | None:
    if not isinstance(row.get("note"), str) or not row["note"].strip():
        return "a note needs its text"
    return None


ACTION_STATUS_LOG = ActionTable(
    "action_status_log",
    ("action_id", "at", "status", "why", "evidence", "text"),
    ("action_id", "at", "status", "why", "evidence"),
    "id",
    check=_status_problem,
)
ACTION_NOTES = ActionTable(
    "action_notes",
    ("action_id", "note", "at", "text"),
    ("action_id",),
    "action_id",
    newest="at",
    check=_note_problem,
)

# Every table of the user's data, in the order a file lists them. Another kind of user
# data (bookmarks, watches) adds its table here with ``register``.
USER_TABLES: list[UserTable] = [ACTION_STATUS_LOG, ACTION_NOTES]


def register(table: UserTable) -> None:
    """Add a table to the user's data (exported, imported, kept across everything)."""
    if any(t.name == table.name for t in USER_TABLES):
        raise ValueError(f"user table {table.name} is already registered")
    USER_TABLES.append(table)


# --- writing ---------------------------------------------------------------------------------


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


def set_note(
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
