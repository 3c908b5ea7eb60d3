"""``StoreError``: the store cannot be opened or written, with a one-line message and a kind.

The message is for people (it names the file and the reason); the kind is for code:
the reader picks its advice by ``error.kind``, never by the words of the message.
"""

from __future__ import annotations

import enum
import errno
import sqlite3


class StoreErrorKind(enum.Enum):
    """Why the store cannot be used."""

    MISSING = "missing"  # no file yet (a reader never creates one)
    IS_FOLDER = "is-folder"
    NOT_A_STORE = "not-a-store"  # not SQLite, damaged, or SQLite without our tables
    NO_SCHEMA = "no-schema"  # SQLite without the meetings table (a fresh, empty file)
    BUSY = "busy"  # another process holds the write lock
    READ_ONLY = "read-only"
    CANNOT_OPEN = "cannot-open"
    NEEDS_UPGRADE = "needs-upgrade"  # written by an older version; a writer migrates it
    NEWER = "newer"  # written by a newer version: read it, but never write it
    FOREIGN = "foreign"  # another program's SQLite file: neither read nor written
    INTERRUPTED = "interrupted"  # a read stopped on purpose (a newer search replaced it)
    OTHER = "other"


class StoreError(Exception):
    """The store cannot be opened or written. ``str(error)`` is one line for the user."""

    def __init__(self, message: str, kind: StoreErrorKind = StoreErrorKind.OTHER) -> None:
        super().__init__(message)
        self.kind = kind


def sqlite_kind(message: str) -> StoreErrorKind:
    """The kind of a SQLite error, from its message (SQLite says why only in words)."""
    lowered = message.lower()
    if "not a database" in lowered or "malformed" in lowered:
        return StoreErrorKind.NOT_A_STORE
    if "locked" in lowered or "busy" in lowered:
        return StoreErrorKind.BUSY
    if "readonly" in lowered or "read-only" in lowered:
        return StoreErrorKind.READ_ONLY
    if "unable to open" in lowered:
        return StoreErrorKind.CANNOT_OPEN
    if "interrupted" in lowered:
        return StoreErrorKind.INTERRUPTED
    return StoreErrorKind.OTHER


def kind_of(error: BaseException) -> StoreErrorKind:
    """Why the store failed, for any error a store operation lets out: a ``StoreError``'s
    own kind, a SQLite error's by ``sqlite_kind``, a read-only file system's READ_ONLY."""
    if isinstance(error, StoreError):
        return error.kind
    if isinstance(error, sqlite3.Error):
        return sqlite_kind(str(error))
    if isinstance(error, OSError) and error.errno == errno.EROFS:
        return StoreErrorKind.READ_ONLY
    return StoreErrorKind.OTHER
