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
one connection per store that this module keeps for the purpose, and that never reads
anything else (the *sentinel*): ``PRAGMA data_version`` moves when any other connection,
in this process or another, commits. Each change starts a new *epoch* of the store, and
the facts of older epochs are no longer found. A fact being computed is waited for, not
computed again beside it. A connection that has written is not sure to see what the
others see (its own changes may be uncommitted): its facts stay its own.

Asked of each connection instead, as before, a connection seen for the first time had to
start an epoch too (it cannot tell whether a change came before it was opened): every new
thread of Textual's pool, as it grew in a session's first filters, threw away the facts
the others had, and a filter's Enter computed again, at 8 ms, what the plan worked out
while it was typed had computed on another thread a moment before.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import quote

T = TypeVar("T")

MAX_FACTS = 256  # kept facts; past this they are all dropped (each is cheap to compute again)
MAX_STORES = 8  # stores watched by a sentinel; the least recently asked-of one is closed

_lock = threading.Lock()
_facts: dict[tuple[Any, ...], Any] = {}
_computing: dict[tuple[Any, ...], threading.Event] = {}
_epoch_numbers = itertools.count(1)  # never reused, so a reopened sentinel's facts are new


@dataclass
class _Sentinel:
    """The connection that watches one store for changes, and what it last reported."""

    conn: sqlite3.Connection
    file: tuple[int, int]  # device and inode: a file put in the store's place is another
    version: int
    epoch: int


_sentinels: OrderedDict[str, _Sentinel] = OrderedDict()


def per_store(conn: sqlite3.Connection, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, kept until the store changes and shared by the connections that read
    it: a filter asks for the same facts for its list, its first agenda and its counts,
    each on a thread of its own."""
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    epoch = None
    if path and not conn.total_changes and not conn.in_transaction:
        with _lock:
            epoch = _epoch(path)
    if epoch is not None:
        scope: tuple[Any, ...] = ("shared", path, epoch)
    else:
        # Written on, in memory, or a store no sentinel can read: what it sees is its own.
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        scope = ("own", id(conn), version, conn.total_changes, path)
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


def _epoch(path: str) -> int | None:
    """The epoch of the store at ``path``: a new one each time its sentinel reports a
    change. None if no sentinel can read it (say, a store in a folder we cannot write,
    read as immutable: it cannot change either). Called under ``_lock``."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    file = (stat.st_dev, stat.st_ino)
    sentinel = _sentinels.pop(path, None)
    try:
        if sentinel is None or sentinel.file != file:
            if sentinel is not None:
                sentinel.conn.close()
            sentinel = _open_sentinel(path, file)
        else:
            version = sentinel.conn.execute("PRAGMA data_version").fetchone()[0]
            if version != sentinel.version:
                sentinel.version, sentinel.epoch = version, next(_epoch_numbers)
    except sqlite3.Error:
        if sentinel is not None:
            sentinel.conn.close()  # opened again at the next question
        return None
    _sentinels[path] = sentinel  # the most recently asked-of, last
    while len(_sentinels) > MAX_STORES:
        _sentinels.popitem(last=False)[1].conn.close()
    return sentinel.epoch


def _open_sentinel(path: str, file: tuple[int, int]) -> _Sentinel:
    conn = sqlite3.connect(f"file:{quote(path)}?mode=ro", uri=True, check_same_thread=False)
    try:
        version = conn.execute("PRAGMA data_version").fetchone()[0]
    except sqlite3.Error:
        conn.close()
        raise
    return _Sentinel(conn, file, version, next(_epoch_numbers))
