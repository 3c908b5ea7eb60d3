"""News stamps: when the store first held a meeting, an item or a record, and when it changed.

Every rebuild of a meeting replaces its rows, so what was there before is read first
(``previous``) and compared with what replaces it (``stamp``): an item whose content digest
is new, or that is new, gets the next *epoch*; an unchanged one keeps its stamps. A
resolution or action point is matched by its stable key (``store.keys.record_keys``), so a
re-worded tail keeps a record's stamp and a new clause gets a new one.

Epochs count up in ``store_state`` (one per rebuild that changed something), inside the
writer's transaction: a reader that saw epoch N sees every later change with an epoch above
N, whatever was being written while it looked. "New since you last looked" is then
``changed > seen`` on an index (``idx_items_changed``); ``store.follow`` reads it.

Rows written before m009 carry epoch 0 and no digest: their digest is computed from the
rows themselves (``rows.meeting_view``) the first time the meeting is rebuilt.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from store import rowids
from store.rows import MeetingRows, meeting_view

# What a record's digest reads from its view (provenance is how it was found, not news).
_ITEM_FIELDS = ("number", "title", "description", "minutes", "decision", "truncated")
_RESOLUTION_FIELDS = ("number", "text", "kind", "truncated")
_ACTION_FIELDS = ("text", "owner", "due", "source_kind")
_MEETING_FIELDS = ("committee", "date", "time", "council", "venue", "contact", "declarations")
_ATTENDANCE_FIELDS = ("name", "status", "role", "reason")


def _digest(parts: Sequence[object]) -> int:
    text = "\x1f".join("\x00" if p is None else str(p) for p in parts)
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def item_digest(view: dict[str, Any]) -> int:
    """An item's content as one integer: its text and its resolutions and actions."""
    parts: list[object] = [view[f] for f in _ITEM_FIELDS]
    for resolution in view["resolutions"]:
        parts.append("r")
        parts.extend(resolution[f] for f in _RESOLUTION_FIELDS)
    for action in view["actions"]:
        parts.append("a")
        parts.extend(action[f] for f in _ACTION_FIELDS)
    return _digest(parts)


def meeting_digest(view: dict[str, Any], item_ids: Sequence[str]) -> int:
    """A meeting's own content (its header and attendance) and which items it has."""
    parts: list[object] = [view[f] for f in _MEETING_FIELDS]
    for person in view["attendance"]:
        parts.extend(person[f] for f in _ATTENDANCE_FIELDS)
    parts.append("items")
    parts.extend(item_ids)
    return _digest(parts)


@dataclass(frozen=True)
class Stamp:
    added: int
    changed: int
    digest: int | None


@dataclass
class Previous:
    """A meeting's stamps as they were before its rebuild."""

    meeting: Stamp
    items: dict[str, Stamp] = field(default_factory=dict)  # item id -> stamps
    records: dict[tuple[str, str, int], int] = field(default_factory=dict)  # -> added


def previous(conn: sqlite3.Connection, mid: str, seq: int) -> Previous:
    """Read the stamps of meeting ``mid`` (numbered ``seq``) before its rows are replaced."""
    row = conn.execute("SELECT added, changed, digest FROM meetings WHERE id = ?", [mid]).fetchone()
    items = conn.execute(
        "SELECT rowid, id, added, changed, digest FROM items WHERE rowid BETWEEN ? AND ?"
        " ORDER BY rowid",
        rowids.meeting_items(seq),
    ).fetchall()
    ids = {r[0]: r[1] for r in items}
    found = Previous(Stamp(row[0], row[1], row[2]))
    for table, letter in (("resolutions", "r"), ("actions", "a")):
        for owner, key, added in conn.execute(
            f"SELECT item_rowid, key, added FROM {table} WHERE id BETWEEN ? AND ?",
            rowids.meeting_children(seq),
        ):
            if owner in ids and key is not None:
                found.records[(ids[owner], letter, key)] = added
    digests = [r[4] for r in items]
    if row[2] is None or None in digests:
        # Written before m009: what the rows held is read from them, once.
        view = meeting_view(conn, mid)
        if view is not None:
            digests = [item_digest(v) for v in view["items"]]
            found.meeting = Stamp(row[0], row[1], meeting_digest(view, [r[1] for r in items]))
    for (_, iid, added, changed, _), digest in zip(items, digests, strict=True):
        found.items[iid] = Stamp(added, changed, digest)
    return found


def next_epoch(conn: sqlite3.Connection) -> int:
    """The next epoch (written in the caller's transaction)."""
    row = conn.execute(
        "UPDATE store_state SET value = value + 1 WHERE name = 'epoch' RETURNING value"
    ).fetchone()
    return int(row[0])


def stamp(
    conn: sqlite3.Connection,
    built: MeetingRows,
    view: dict[str, Any],
    before: Previous | None,
) -> None:
    """Set ``added``, ``changed`` and ``digest`` on the rows about to be written.

    ``view`` is ``built.view()``; ``before`` the meeting's stamps before the rebuild (None:
    a new meeting). An epoch is taken only when something changed.
    """
    epoch: int | None = None

    def now() -> int:
        nonlocal epoch
        if epoch is None:
            epoch = next_epoch(conn)
        return epoch

    old_items = before.items if before is not None else {}
    old_records = before.records if before is not None else {}
    any_changed = False
    for item, item_view in zip(built.items, view["items"], strict=True):
        row = item.row
        digest = item_digest(item_view)
        old = old_items.get(row["id"])
        if old is None:
            added = changed = now()
        elif old.digest != digest:
            added, changed = old.added, now()
        else:
            added, changed = old.added, old.changed
        any_changed = any_changed or old is None or old.digest != digest
        row.update(added=added, changed=changed, digest=digest)
        for letter, records in (("r", item.resolutions), ("a", item.actions)):
            for record in records:
                known = old_records.get((row["id"], letter, record["key"]))
                record["added"] = known if known is not None else now()
    digest = meeting_digest(view, [i.row["id"] for i in built.items])
    meeting = built.row
    if before is None:
        meeting.update(added=now(), changed=now(), digest=digest)
    elif any_changed or before.meeting.digest != digest:
        meeting.update(added=before.meeting.added, changed=now(), digest=digest)
    else:
        meeting.update(added=before.meeting.added, changed=before.meeting.changed, digest=digest)
