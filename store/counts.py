"""The store's totals, for the status bar and ``minutes-tui ingest``'s summary line.

A module of its own so the command line can count before and after an ingest without
importing the reader's queries (``store.queries`` and the search planner under it: 30 ms
of a command whose every millisecond before the first file is read is waited for).
"""

from __future__ import annotations

import sqlite3


def store_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Totals for the status bar: meetings, items, resolutions, actions, sources."""
    counts = {}
    for name, sql in (
        ("meetings", "SELECT count(*) FROM meetings"),
        ("items", "SELECT count(*) FROM items"),
        ("resolutions", "SELECT count(*) FROM resolutions"),
        ("actions", "SELECT count(*) FROM actions"),
        ("sources", "SELECT count(*) FROM sources WHERE status = 'ok'"),
    ):
        counts[name] = conn.execute(sql).fetchone()[0]
    return counts
