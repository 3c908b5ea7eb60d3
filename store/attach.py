"""Attaching agenda-item pages to the meeting whose page cut that item short.

modern.gov's meeting page cuts long minutes ("...  view the full minutes text
for item 20."); the full text is on the item's own page (mgAi.aspx), whose
text rendering names neither the committee nor the date (seeds 003 and 004),
so by its key it is an "undated" meeting of its own. The site cuts at a
character count and keeps the start, so the full text *begins with* the cut
text: when exactly one dated meeting has an item whose text is a prefix of an
item page's text (same title where both have one), the page is about that
item and its contribution is filed under that meeting, where the merge then
prefers the full text. It works in both orders: the item page first (it moves
when the meeting page arrives) or the meeting page first.

Candidates are found by ``lead_key``, a digest of the first words of the
minutes stored on every item and indexed; the prefix is then checked on the
real text, so a coincidence cannot attach a page to the wrong meeting.
Some layouts lose the cut marker, so the host's truncated flag is not required:
a strictly longer text with the same opening is the evidence.
"""

from __future__ import annotations

import hashlib
import sqlite3

from parsers.model import Meeting
from store.folding import normalise_name

# The shared opening must be long enough to identify the item (the site cuts
# at roughly 2000 characters).
MIN_PREFIX_CHARS = 120


def _flat(text: str | None) -> str:
    return " ".join((text or "").split())


def lead_key(minutes: str | None) -> int | None:
    """Digest of the first MIN_PREFIX_CHARS characters of the text (whitespace-insensitive).

    The first 8 bytes of its SHA-1 as a signed 64-bit integer: SQLite stores it in 8
    bytes, half the 16 hex digits it was until m005.
    """
    flat = _flat(minutes)
    if len(flat) < MIN_PREFIX_CHARS:
        return None
    digest = hashlib.sha1(flat[:MIN_PREFIX_CHARS].encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _continues(full: str | None, cut: str | None) -> bool:
    """``full`` is ``cut`` carried on (a cut word may be partial)."""
    full_flat, cut_flat = _flat(full), _flat(cut).rstrip(" .…")
    return (
        len(cut_flat) >= MIN_PREFIX_CHARS
        and len(full_flat) > len(cut_flat)
        and full_flat.startswith(cut_flat)
    )


def _titles_agree(a: str | None, b: str | None) -> bool:
    """Same item title, allowing for layouts that glue the number or description on
    ("4. Procurement Strategy 2009-2012 Report of the Deputy Chief Executive")."""
    key_a, key_b = normalise_name(a), normalise_name(b)
    return not key_a or not key_b or key_a in key_b or key_b in key_a


def is_item_page(meeting: Meeting) -> bool:
    """A page about one item with no meeting header, carrying a full (uncut) text."""
    if meeting.committee or meeting.date or len(meeting.items) != 1:
        return False
    item = meeting.items[0]
    return not item.truncated and lead_key(item.minutes) is not None


def host_for_item_page(conn: sqlite3.Connection, meeting: Meeting, source_id: int) -> str | None:
    """The dated meeting an item page belongs to, or None unless exactly one fits.

    A fit is an item whose text the page's text continues, or an item this
    source already completed on an earlier ingest (whose merged text is then
    the page's own earlier text).
    """
    item = meeting.items[0]
    hosts: set[str] = set()
    rows = conn.execute(
        "SELECT i.meeting_id, i.title, i.minutes,"
        " EXISTS (SELECT 1 FROM item_sources x WHERE x.item_rowid = i.rowid AND x.source_id = ?)"
        " FROM items i JOIN meetings m ON m.id = i.meeting_id"
        " WHERE i.lead_key = ? AND m.date IS NOT NULL",
        [source_id, lead_key(item.minutes)],
    )
    for mid, title, minutes, ours in rows:
        if _titles_agree(item.title, title) and (ours or _continues(item.minutes, minutes)):
            hosts.add(mid)
    return hosts.pop() if len(hosts) == 1 else None


def item_pages_for(conn: sqlite3.Connection, meeting_id: str) -> list[str]:
    """Undated item-page meetings whose text continues one of this meeting's items."""
    found: list[str] = []
    items = conn.execute(
        "SELECT title, minutes, lead_key FROM items WHERE meeting_id = ? AND lead_key IS NOT NULL",
        [meeting_id],
    ).fetchall()
    for title, cut, key in items:
        rows = conn.execute(
            "SELECT i.meeting_id, i.title, i.minutes FROM items i"
            " JOIN meetings m ON m.id = i.meeting_id"
            " WHERE i.lead_key = ? AND i.truncated = 0"
            " AND m.date IS NULL AND m.committee IS NULL AND m.item_count = 1",
            [key],
        )
        matches = [
            mid
            for mid, other_title, full in rows
            if _titles_agree(title, other_title) and _continues(full, cut)
        ]
        if len(matches) == 1 and matches[0] not in found:
            found.append(matches[0])
    return found
