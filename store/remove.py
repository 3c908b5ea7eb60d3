"""Taking sources out of the store again: ``minutes-tui remove PATH...``.

A source is a file that was ingested. Removing it drops what it contributed, and each
meeting it touched is rebuilt from what the other sources say (or disappears when it was
the only one), exactly as if it had never been ingested. The user's own data (action
status, notes, bookmarks) lives in tables keyed by stable ids and is not touched: a note on
a record that is gone stays, and comes back to life if the record is ingested again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from store import tracker
from store.ingest import rebuild_meeting
from store.sources import source_path
from store.transaction import write_transaction

if TYPE_CHECKING:
    import sqlite_utils


@dataclass
class RemoveReport:
    """What a removal took out: the sources (by path), and the meetings it changed."""

    sources: list[str] = field(default_factory=list)
    meetings_removed: int = 0
    meetings_rebuilt: int = 0
    not_found: list[str] = field(default_factory=list)  # given paths that matched nothing

    def summary(self) -> str:
        noun = "source" if len(self.sources) == 1 else "sources"
        return (
            f"removed {len(self.sources)} {noun}: {self.meetings_removed} meetings gone,"
            f" {self.meetings_rebuilt} rebuilt from their other sources"
        )


def matching_sources(db: sqlite_utils.Database, paths: list[Path | str]) -> dict[str, list[int]]:
    """For each given path, the ids of the sources it names: the file, or every file under
    the folder (whether or not it still exists on disk)."""
    found: dict[str, list[int]] = {}
    for raw in paths:
        path = source_path(raw)
        folder = path.rstrip("/") + "/"
        escaped = folder.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = db.conn.execute(
            "SELECT id FROM sources WHERE path = ? OR path LIKE ? ESCAPE '\\' ORDER BY path",
            [path, escaped + "%"],
        )
        found[str(raw)] = [r[0] for r in rows]
    return found


def remove_sources(db: sqlite_utils.Database, paths: list[Path | str]) -> RemoveReport:
    """Remove every source the paths name, all in one transaction (all or nothing)."""
    report = RemoveReport()
    matched = matching_sources(db, paths)
    report.not_found = [given for given, ids in matched.items() if not ids]
    ids = sorted({i for found in matched.values() for i in found})
    if not ids:
        return report
    conn = db.conn
    with write_transaction(db):
        marks = ", ".join("?" for _ in ids)
        touched = [
            r[0]
            for r in conn.execute(
                f"SELECT DISTINCT meeting_id FROM contributions WHERE source_id IN ({marks})"
                " ORDER BY meeting_id",
                ids,
            )
        ]
        report.sources = [
            r[0] for r in conn.execute(f"SELECT path FROM sources WHERE id IN ({marks})", ids)
        ]
        conn.execute(f"DELETE FROM contributions WHERE source_id IN ({marks})", ids)
        for mid in touched:
            rebuild_meeting(db, mid)  # from the other sources' contributions, or gone
            kept = conn.execute("SELECT 1 FROM meetings WHERE id = ?", [mid]).fetchone()
            if kept:
                report.meetings_rebuilt += 1
            else:
                report.meetings_removed += 1
        conn.execute(f"DELETE FROM sources WHERE id IN ({marks})", ids)
        # The links and next-meeting dates around the meetings that changed, with them.
        tracker.track_pending(conn)
    return report
