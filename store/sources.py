"""What the store holds, as ``fetch`` needs to know it: which files it has ingested (by path and
SHA-256), and what changed in a date range between two moments.

``fetch`` used to keep an "ingested" mark per URL in its cache folder; a new or deleted
store, or a second ``--db`` beside the first, then looked already filled and stayed empty.
The store is the only truth about what it holds, so fetch asks it here.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


def source_path(path: Path | str) -> str:
    """A file's path as the store keys its sources: user-expanded and resolved (absolute
    when it cannot be resolved). Ingest, remove and the held-hash check all use it."""
    file_path = Path(path).expanduser()
    try:
        return str(file_path.resolve())
    except (OSError, RuntimeError):
        return str(file_path.absolute())


def held_sha256(db: sqlite_utils.Database, path: Path | str) -> str | None:
    """The SHA-256 of the bytes the store last ingested from ``path``, or None when it holds
    nothing from that file (never ingested, or its last ingest failed)."""
    row = db.conn.execute(
        "SELECT sha256 FROM sources WHERE path = ? AND status = 'ok'", [source_path(path)]
    ).fetchone()
    return row[0] if row else None


@dataclass(frozen=True)
class Snapshot:
    """The meetings dated in a range (and the undated ones), item by item, at one moment."""

    meetings: dict[str, str] = field(default_factory=dict)  # meeting id -> digest of its rows
    items: dict[str, str] = field(default_factory=dict)  # item id -> digest of its text
    resolutions: Counter[tuple[str, str]] = field(default_factory=Counter)  # (item id, text)
    actions: Counter[tuple[str, str]] = field(default_factory=Counter)


@dataclass(frozen=True)
class Changes:
    """What is new between two snapshots: added rows, and rows whose content changed."""

    meetings_added: int = 0
    meetings_changed: int = 0
    items_added: int = 0
    items_changed: int = 0
    resolutions_new: int = 0  # added, or worded differently (a resolution has no stable key)
    actions_new: int = 0

    @property
    def any(self) -> bool:
        return any(
            (
                self.meetings_added,
                self.meetings_changed,
                self.items_added,
                self.items_changed,
                self.resolutions_new,
                self.actions_new,
            )
        )


def _digest(*values: object) -> str:
    text = "\x1f".join("" if v is None else str(v) for v in values)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


_IN_RANGE = "(m.date BETWEEN ? AND ? OR m.date IS NULL)"


def snapshot(db: sqlite_utils.Database, since: str, until: str) -> Snapshot:
    """The meetings dated from ``since`` to ``until`` (ISO dates) and the undated ones: each
    meeting's and item's visible content as a digest, and their resolutions and actions."""
    conn = db.conn
    bounds = [since, until]
    items: dict[str, str] = {}
    by_meeting: dict[str, list[str]] = {}
    for item_id, meeting_id, *values in conn.execute(
        "SELECT i.id, i.meeting_id, i.number, i.title, i.description, i.minutes, i.decision, "
        f"i.truncated FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE {_IN_RANGE} "
        "ORDER BY i.rowid",
        bounds,
    ):
        items[item_id] = _digest(*values)
        by_meeting.setdefault(meeting_id, []).append(items[item_id])
    meetings = {
        meeting_id: _digest(*values, *by_meeting.get(meeting_id, ()))
        for meeting_id, *values in conn.execute(
            "SELECT m.id, m.committee, m.date, m.time, m.venue, m.declarations, "
            f"m.resolution_count, m.action_count FROM meetings m WHERE {_IN_RANGE}",
            bounds,
        )
    }
    resolutions: Counter[tuple[str, str]] = Counter(
        conn.execute(
            "SELECT i.id, r.text FROM resolutions r JOIN items i ON i.rowid = r.item_rowid "
            f"JOIN meetings m ON m.id = i.meeting_id WHERE {_IN_RANGE}",
            bounds,
        ).fetchall()
    )
    actions: Counter[tuple[str, str]] = Counter(
        conn.execute(
            "SELECT i.id, a.text FROM actions a JOIN items i ON i.rowid = a.item_rowid "
            f"JOIN meetings m ON m.id = i.meeting_id WHERE {_IN_RANGE}",
            bounds,
        ).fetchall()
    )
    return Snapshot(meetings, items, resolutions, actions)


def changes(before: Snapshot, after: Snapshot) -> Changes:
    """What ``after`` has that ``before`` did not: rows added, and rows whose content changed."""

    def added_changed(old: dict[str, str], new: dict[str, str]) -> tuple[int, int]:
        added = sum(1 for key in new if key not in old)
        changed = sum(1 for key, value in new.items() if key in old and old[key] != value)
        return added, changed

    meetings_added, meetings_changed = added_changed(before.meetings, after.meetings)
    items_added, items_changed = added_changed(before.items, after.items)
    return Changes(
        meetings_added=meetings_added,
        meetings_changed=meetings_changed,
        items_added=items_added,
        items_changed=items_changed,
        resolutions_new=sum((after.resolutions - before.resolutions).values()),
        actions_new=sum((after.actions - before.actions).values()),
    )


__all__ = ["Changes", "Snapshot", "changes", "held_sha256", "snapshot"]
