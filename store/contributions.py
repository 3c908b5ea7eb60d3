"""Each source's parse of a meeting, as stored (``contributions.payload``) and read back.

While a meeting has one source its payload is compact: only what differs from the
meeting's rows (``store.payload``), decoded against ``store.rows.meeting_view``. With
several sources each is stored in full. ``rebuild_meeting`` (``store.ingest``) reads
every contribution before it replaces the rows, and stores each again the way the new
rows allow (``write_payloads``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from parsers.model import Meeting
from store.payload import compact_payload, is_compact, meeting_from_payload, meeting_to_payload
from store.rows import meeting_view


@dataclass
class Contribution:
    """One source's view of the meeting being rebuilt, as read before the rebuild."""

    source_id: int
    meeting: Meeting
    stored: bytes | None  # the payload in the table; None: just written (``known``)
    compact: bool = False


def read_contributions(
    conn: sqlite3.Connection, mid: str, known: tuple[int, Meeting] | None
) -> list[Contribution]:
    """The meeting's contributions, decoded (compact ones against its current rows).

    ``known`` is (source id, Meeting) just written for this meeting: its stored payload
    is not read (the rebuild writes it).
    """
    known_id = known[0] if known else None
    # In path order, not id order: ties in the merge then go the same way whatever
    # order the files were ingested in (two ingests at once, or one after the other).
    rows = conn.execute(
        "SELECT c.source_id, CASE WHEN c.source_id IS ? THEN NULL ELSE c.payload END"
        " FROM contributions c JOIN sources s ON s.id = c.source_id"
        " WHERE c.meeting_id = ? ORDER BY s.path",
        [known_id, mid],
    ).fetchall()
    view: dict[str, Any] | None = None
    out = []
    for sid, payload in rows:
        if payload is None and known is not None:
            out.append(Contribution(sid, known[1], None))
            continue
        compact = is_compact(payload)
        if compact and view is None:
            view = meeting_view(conn, mid)
            if view is None:  # cannot happen: a compact payload's rows exist
                raise ValueError(f"meeting {mid}: a compact contribution without its rows")
        meeting = meeting_from_payload(payload, view if compact else None)
        out.append(Contribution(sid, meeting, payload, compact))
    return out


def decoded_contributions(conn: sqlite3.Connection) -> Iterator[tuple[int, str, Meeting]]:
    """Every contribution as (source id, meeting id, the Meeting its file gave), decoded.

    Compact payloads depend on what else the store holds (a meeting's only source is
    kept as what differs from its rows); the Meetings they decode to do not.
    """
    mids = [r[0] for r in conn.execute("SELECT DISTINCT meeting_id FROM contributions")]
    for mid in mids:
        for c in read_contributions(conn, mid, None):
            yield c.source_id, mid, c.meeting


def write_payloads(
    conn: sqlite3.Connection,
    mid: str,
    contributions: list[Contribution],
    view: dict[str, Any],
    *,
    compacted: bytes | None = None,
) -> None:
    """Store each contribution the way the meeting's new rows (``view``) allow.

    The only source of a meeting: compact against its rows. Several: each in full (a
    compact one is re-encoded), since no single one of them is what the rows show.
    ``compacted``: the only source's compact payload against ``view``, made already.
    """
    single = len(contributions) == 1
    for c in contributions:
        if single:
            payload = compacted if compacted is not None else compact_payload(c.meeting, view)
        elif c.stored is not None and not c.compact:
            continue  # already in full
        else:
            payload = meeting_to_payload(c.meeting)
        if payload != c.stored:
            _update(conn, payload, c.source_id, mid)


def expand_contributions(conn: sqlite3.Connection, mid: str) -> None:
    """Store the meeting's compact contributions in full (before they move elsewhere)."""
    for c in read_contributions(conn, mid, None):
        if c.compact:
            _update(conn, meeting_to_payload(c.meeting), c.source_id, mid)


def _update(conn: sqlite3.Connection, payload: bytes, source_id: int, mid: str) -> None:
    conn.execute(
        "UPDATE contributions SET payload = ? WHERE source_id = ? AND meeting_id = ?",
        [payload, source_id, mid],
    )
