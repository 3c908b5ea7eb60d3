"""What the reader creates: bookmarks, notes, watches, and when each was last looked at.

User data lives in tables of its own (``USER_TABLES``, made by m009), keyed by the ids that
survive re-ingest: a meeting's id, an item's id, and a record's id (``store.keys.record_id``:
``<item id>/r<key>`` for a resolution, ``/a<key>`` for an action point). No rebuild touches
these tables, so a re-ingest, a merge or a migration keeps everything here; a mark whose
record is gone (the meeting re-worded, the file removed) is kept and shown as gone, never
dropped. Each mark also keeps the meeting and item it belongs to and a label of what it
was, so filters (``has:note``, ``is:bookmarked``) find it without parsing ids, and a gone
record still reads as something.

Every write is one ``BEGIN IMMEDIATE`` transaction on a plain connection of its own
(``connect_writer``): the reader's connections are read-only, and this never migrates.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from store.db import BUSY_TIMEOUT_MS
from store.errors import StoreError, StoreErrorKind, sqlite_kind

TargetKind = Literal["meeting", "item", "resolution", "action"]
WatchKind = Literal["filter", "item", "thread", "person"]
WATCH_KINDS: tuple[WatchKind, ...] = ("filter", "item", "thread", "person")
OVERALL = "overall"  # ``user_state`` name of the epoch the overall news was last looked at
LABEL_CHARS = 160


@dataclass(frozen=True)
class UserTable:
    """One table of user data: its name, its key, and what it holds."""

    name: str
    key: tuple[str, ...]
    holds: str


# The registry of user tables (issue 22's ``userdata export/import`` reads its own; the
# lead reconciles the two): every table here survives re-ingest and every migration.
USER_TABLES: tuple[UserTable, ...] = (
    UserTable("user_bookmarks", ("target",), "a bookmark on a meeting, item or record"),
    UserTable("user_notes", ("target",), "a note on a meeting, item or record"),
    UserTable("user_watches", ("name",), "a saved filter, or a followed item, thread or person"),
    UserTable("user_state", ("name",), "when the overall news was last looked at"),
)


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
def _writing(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
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


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# --- bookmarks and notes ------------------------------------------------------------------------


def toggle_bookmark(conn: sqlite3.Connection, mark: Target) -> bool:
    """Bookmark ``mark``, or take its bookmark away; whether it is bookmarked now."""
    with _writing(conn):
        gone = conn.execute("DELETE FROM user_bookmarks WHERE target = ?", [mark.id]).rowcount
        if gone:
            return False
        now = _now()
        conn.execute(
            "INSERT INTO user_bookmarks (target, kind, meeting_id, item_id, label, created,"
            " updated) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [mark.id, mark.kind, mark.meeting_id, mark.item_id, mark.label, now, now],
        )
        return True


def set_note(conn: sqlite3.Connection, mark: Target, text: str) -> bool:
    """Write the note on ``mark`` (blank text deletes it); whether a note is kept."""
    text = text.strip()
    with _writing(conn):
        if not text:
            conn.execute("DELETE FROM user_notes WHERE target = ?", [mark.id])
            return False
        now = _now()
        conn.execute(
            "INSERT INTO user_notes (target, kind, meeting_id, item_id, label, text, created,"
            " updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (target) DO UPDATE SET"
            " text = excluded.text, updated = excluded.updated",
            [mark.id, mark.kind, mark.meeting_id, mark.item_id, mark.label, text, now, now],
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
    with _writing(conn):
        conn.execute(
            "INSERT INTO user_watches (name, kind, query, label, created, seen)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind,"
            " query = excluded.query, label = excluded.label, seen = excluded.seen",
            [name, kind, query, label, _now(), seen],
        )


def remove_watch(conn: sqlite3.Connection, name: str) -> bool:
    """Forget a watch; whether there was one of that name."""
    with _writing(conn):
        return bool(conn.execute("DELETE FROM user_watches WHERE name = ?", [name]).rowcount)


def mark_seen(conn: sqlite3.Connection, watch: str | None, epoch: int) -> None:
    """Everything up to ``epoch`` has been looked at, in ``watch`` (None: the overall news).

    Never moves backwards: a reader that loaded an older epoch does not undo a newer look.
    """
    with _writing(conn):
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
