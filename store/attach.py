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
from collections.abc import Callable, Sequence

from parsers.model import AgendaItem, Meeting
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


# A meeting's sources' own views of it (its contributions, decoded): given by the caller,
# which owns the contributions (``store.contributions``), so this module needs none of it.
Versions = Callable[[str], Sequence[Meeting]]


def host_for_item_page(
    conn: sqlite3.Connection, meeting: Meeting, source_id: int, versions: Versions
) -> str | None:
    """The dated meeting an item page belongs to, or None unless exactly one fits."""
    hosts = _hosts(conn, meeting.items[0], source_id, versions)
    return hosts.pop() if len(hosts) == 1 else None


def _hosts(
    conn: sqlite3.Connection, item: AgendaItem, source_id: int | None, versions: Versions
) -> set[str]:
    """Every dated meeting with an item this page's text carries on.

    A fit is an item whose text the page's text continues; an item the page continues a
    *cut version* of, as one of the meeting's sources printed it (another copy of the
    item page may already have completed the item, and the same files must give the same
    store in any order); or an item this source already completed on an earlier ingest.
    """
    hosts: set[str] = set()
    rows = conn.execute(
        "SELECT i.meeting_id, i.title, i.minutes,"
        " EXISTS (SELECT 1 FROM item_sources x WHERE x.item_rowid = i.rowid AND x.source_id = ?)"
        " FROM items i JOIN meetings m ON m.id = i.meeting_id"
        " WHERE i.lead_key = ? AND m.date IS NOT NULL",
        [source_id, lead_key(item.minutes)],
    )
    for mid, title, minutes, ours in rows:
        if not _titles_agree(item.title, title):
            continue
        if (
            ours
            or _continues(item.minutes, minutes)
            or _continues_a_cut_version(versions(mid), item)
        ):
            hosts.add(mid)
    return hosts


def _continues_a_cut_version(meetings: Sequence[Meeting], page: AgendaItem) -> bool:
    """Whether the page carries on a cut copy of one of the meeting's items, as any of the
    meeting's sources printed it (its contributions, not the merged rows)."""
    key = lead_key(page.minutes)
    for meeting in meetings:
        for item in meeting.items:
            if (
                item.truncated
                and lead_key(item.minutes) == key
                and _titles_agree(page.title, item.title)
                and _continues(page.minutes, item.minutes)
            ):
                return True
    return False


def item_pages_for(conn: sqlite3.Connection, meeting_id: str, versions: Versions) -> list[str]:
    """Undated item-page meetings whose text continues one of this meeting's items, and
    no other meeting's (every copy of the page: they are versions of one item page)."""
    found: list[str] = []
    keys = conn.execute(
        "SELECT DISTINCT lead_key FROM items WHERE meeting_id = ? AND lead_key IS NOT NULL",
        [meeting_id],
    ).fetchall()
    for (key,) in keys:
        rows = conn.execute(
            "SELECT i.meeting_id, i.title, i.minutes,"
            " (SELECT min(c.source_id) FROM contributions c WHERE c.meeting_id = i.meeting_id)"
            " FROM items i JOIN meetings m ON m.id = i.meeting_id"
            " WHERE i.lead_key = ? AND i.truncated = 0"
            " AND m.date IS NULL AND m.committee IS NULL AND m.item_count = 1",
            [key],
        ).fetchall()
        for page_mid, title, full, source_id in rows:
            page = AgendaItem(number=None, title=title, minutes=full)
            if page_mid not in found and _hosts(conn, page, source_id, versions) == {meeting_id}:
                found.append(page_mid)
    return found
