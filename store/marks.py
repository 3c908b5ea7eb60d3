"""What the meetings and agenda lists mark on a meeting's rows, read for every meeting shown:
which items have a thread, and which ids the reader bookmarked or noted.

Apart from ``store.follow`` (which re-exports these) because the first screen reads them for
its meeting: importing ``store.follow`` brings the threads, the user data and the follow
records with it, milliseconds of every start-up that the first screen does not need.
"""

from __future__ import annotations

import sqlite3

from store import rowids

# Every note the reader wrote, as one table (target, kind, meeting_id, item_id, label, text,
# updated): on meetings, items and resolutions (``user_notes``), and on actions (the
# tracker's ``action_notes``, whose label is the action's words when the note was written).
ALL_NOTES = (
    "SELECT target, kind, meeting_id, item_id, label, text, updated FROM user_notes"
    " UNION ALL SELECT action_id, 'action', meeting_id, item_id, text, note, at"
    " FROM action_notes"
)


def threaded_items(conn: sqlite3.Connection, meeting_id: str) -> frozenset[str]:
    """The ids of a meeting's items that share a thread key with an item of another meeting."""
    row = conn.execute("SELECT seq FROM meetings WHERE id = ?", [meeting_id]).fetchone()
    if row is None:
        return frozenset()
    lo, hi = rowids.meeting_items(row[0])
    found = conn.execute(
        "SELECT DISTINCT i.id FROM thread_keys t JOIN items i ON i.rowid = t.item_rowid"
        " WHERE t.item_rowid BETWEEN ? AND ? AND EXISTS (SELECT 1 FROM thread_keys u"
        " WHERE u.key = t.key AND (u.item_rowid < ? OR u.item_rowid > ?))",
        [lo, hi, lo, hi],
    )
    return frozenset(r[0] for r in found)


def marks_in_meeting(
    conn: sqlite3.Connection, meeting_id: str
) -> tuple[frozenset[str], frozenset[str]]:
    """(bookmarked ids, noted ids) of a meeting and everything in it."""
    return tuple(  # type: ignore[return-value]
        frozenset(
            r[0]
            for r in conn.execute(f"SELECT target FROM {table} WHERE meeting_id = ?", [meeting_id])
        )
        for table in ("user_bookmarks", f"({ALL_NOTES})")
    )
