"""Facts about a store that the search planner weighs (how many items a word is in, which
words a prefix starts, which meetings hold a rare phrase), computed once and kept while
the store does not change.

The reader opens one read-only connection per worker thread, and a filter's list, its
counts, the rest of its page and the meetings read ahead run on different threads at the
same time. Kept per connection, each of them computed the same facts: the word ``s``
(every indexed word it starts) was read four times over, 12-38 ms each, on a machine of
two cores while the filter's first frame was being drawn.

So the connections of one store share them. A connection that only reads (nothing
written on it, no transaction open) sees the store as every such connection does, so
what one computed holds for all, until the store changes. Whether it changed is asked of
each connection (``PRAGMA data_version`` moves when another connection commits); any
connection that sees a change, or is seen for the first time, starts a new *epoch* of the
store, and the facts of older epochs are no longer found. A fact being computed is
waited for, not computed again beside it. A connection that has written is not sure to see
what the others see (its own changes may be uncommitted): its facts stay its own.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

MAX_FACTS = 256  # kept facts; past this they are all dropped (each is cheap to compute again)
MAX_SEEN = 64  # connections remembered; dropped ones count as new (a new epoch) when seen

_lock = threading.Lock()
_facts: dict[tuple[Any, ...], Any] = {}
_computing: dict[tuple[Any, ...], threading.Event] = {}
_epochs: dict[str, int] = {}
# By id: the connection itself (kept, so that its id is not another's while remembered)
# and the data_version it last reported.
_seen: dict[int, tuple[sqlite3.Connection, int]] = {}


def per_store(conn: sqlite3.Connection, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, kept until the store changes and shared by the connections that read
    it: a filter asks for the same facts for its list, its first agenda and its counts,
    each on a thread of its own."""
    version = conn.execute("PRAGMA data_version").fetchone()[0]
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    if conn.total_changes or conn.in_transaction or not path:
        # Written on (or in memory): what it sees is its own.
        scope: tuple[Any, ...] = ("own", id(conn), version, conn.total_changes, path)
    else:
        scope = ("shared", path, _epoch(conn, path, version))
    full = (*scope, *key)
    while True:
        with _lock:
            if full in _facts:
                found: T = _facts[full]
                return found
            waiting = _computing.get(full)
            if waiting is None:
                done = _computing[full] = threading.Event()
        if waiting is None:
            break
        # Computed on another thread: its result, or (if it failed there, say interrupted
        # by a newer filter) a turn to compute it here.
        waiting.wait()
    try:
        value = compute()
        with _lock:
            if len(_facts) >= MAX_FACTS:
                _facts.clear()
            _facts[full] = value
        return value
    finally:
        with _lock:
            del _computing[full]
        done.set()


def _epoch(conn: sqlite3.Connection, path: str, version: int) -> int:
    """The store's epoch as ``conn`` finds it: a new one when ``conn`` reports a change
    (or is new), so that facts computed before it are not found again."""
    with _lock:
        seen = _seen.get(id(conn))
        if seen is None or seen[0] is not conn or seen[1] != version:
            if len(_seen) >= MAX_SEEN:
                _seen.clear()
            _seen[id(conn)] = (conn, version)
            _epochs[path] = _epochs.get(path, 0) + 1
        return _epochs[path]
