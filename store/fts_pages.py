"""The full-text index's own pages, read directly: its words and how many items it holds.

A typed prefix is searched as the OR of the indexed words it starts, and the search
planner wants to know which of them are common. fts5vocab answers but counts every
word's items as it goes; the words and the pages their item lists span are in the
FTS5 b-tree itself: ``items_fts_idx`` holds the first word of each leaf page, and a
leaf page (``items_fts_data``) lists where each word on it starts. Format:
https://sqlite.org/src/file/ext/fts5/fts5_index.c (structure version 4). When the
pages are not laid out as this code knows, it falls back to the vocabulary table.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

FTS_PAGE_HITS = 2_500  # item rowids one 4,096-byte leaf page of a detail=none list holds
_MAIN_INDEX = b"0"  # words of the main index are stored behind this byte (prefix indexes: 1..)


@dataclass(frozen=True)
class IndexedWord:
    """A word of ``items_fts`` and, when known, how many leaf pages its item list spans
    (0: it ends on the page it starts on; None: unknown)."""

    word: str
    pages: int | None


def indexed_words(conn: sqlite3.Connection, prefix: str, *, limit: int) -> list[IndexedWord] | None:
    """The indexed words starting with ``prefix`` (in index order), None when over ``limit``.

    Read from the index's own pages (a few page reads); if their layout is not the
    one this code knows, from the ``items_fts_terms`` vocabulary (sizes unknown). A
    word whose items were all deleted may still be listed until FTS5 merges it away:
    OR-ing it matches nothing more.
    """
    version = conn.execute("SELECT v FROM items_fts_config WHERE k = 'version'").fetchone()
    if version is not None and version[0] == 4:
        try:
            return _leaf_words_with_prefix(conn, prefix, limit)
        except (IndexError, LookupError, UnicodeDecodeError):
            pass  # not the layout we know: ask the vocabulary
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    words = [
        IndexedWord(row[0], None)
        for row in conn.execute(
            "SELECT term FROM items_fts_terms WHERE term >= ? AND term < ? LIMIT ?",
            [prefix, upper, limit + 1],
        )
    ]
    return None if len(words) > limit else words


def _word_pages(
    conn: sqlite3.Connection, segid: int, key: bytes, end: bytes
) -> list[tuple[bytes | None, int]]:
    """(word, leaf page) of every word starting on the pages of one segment that can hold
    words in ``[key, end)``, and (None, page) for the page that follows them."""
    # The page holding the last leaf key <= key can hold words of the range after its
    # first; every later page holding one has its own key in the range.
    pages = [
        row[0] >> 1  # the low bit says whether the page has a doclist index
        for row in conn.execute(
            "SELECT pgno FROM (SELECT pgno, term FROM items_fts_idx"
            " WHERE segid = ? AND term <= ? ORDER BY term DESC LIMIT 1)"
            " UNION ALL SELECT pgno FROM (SELECT pgno, term FROM items_fts_idx"
            " WHERE segid = ? AND term > ? AND term < ? ORDER BY term)",
            [segid, key, segid, key, end],
        )
    ]
    after = conn.execute(
        "SELECT pgno FROM items_fts_idx WHERE segid = ? AND term >= ? ORDER BY term LIMIT 1",
        [segid, end],
    ).fetchone()
    starts: list[tuple[bytes | None, int]] = []
    for page in sorted(set(pages)):
        row = conn.execute(
            "SELECT block FROM items_fts_data WHERE id = ?", [(segid << 37) + page]
        ).fetchone()
        if row is None:
            raise LookupError(f"no leaf page {page} in segment {segid}")
        starts += [(word, page) for word in _leaf_words(row[0])]
    if after is not None:
        starts.append((None, after[0] >> 1))  # the next word's page ends the last one
    return starts


def _leaf_words_with_prefix(
    conn: sqlite3.Connection, prefix: str, limit: int
) -> list[IndexedWord] | None:
    key = _MAIN_INDEX + prefix.encode()
    end = key + b"\xff"  # UTF-8 has no 0xff byte: [key, end) is every word starting with key
    sizes: dict[bytes, int | None] = {}
    segid = -1
    while True:
        segid = conn.execute(
            "SELECT min(segid) FROM items_fts_idx WHERE segid > ?", [segid]
        ).fetchone()[0]
        if segid is None:
            break
        starts = _word_pages(conn, segid, key, end)
        for index, (word, page) in enumerate(starts):
            if word is None or not key <= word < end:
                continue
            following = starts[index + 1][1] if index + 1 < len(starts) else None
            span = None if following is None else following - page
            if word in sizes:
                earlier = sizes[word]
                sizes[word] = None if earlier is None or span is None else earlier + span
            else:
                sizes[word] = span
            if len(sizes) > limit:
                return None
    return [
        IndexedWord(word[len(_MAIN_INDEX) :].decode(), span) for word, span in sorted(sizes.items())
    ]


def indexed_rows(conn: sqlite3.Connection) -> int:
    """How many items ``items_fts`` holds: the first number of its averages record (one
    row read), or, if that record is not there or not readable, the items counted."""
    row = conn.execute("SELECT block FROM items_fts_data WHERE id = 1").fetchone()
    if row is not None and isinstance(row[0], bytes) and row[0]:
        try:
            return _varint(row[0], 0)[0]
        except IndexError:
            pass
    return int(conn.execute("SELECT count(*) FROM items").fetchone()[0])


def _varint(buf: bytes, i: int) -> tuple[int, int]:
    """SQLite's varint at ``buf[i]``: (value, offset after it)."""
    value = 0
    for _ in range(8):
        byte = buf[i]
        i += 1
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, i
    return (value << 8) | buf[i], i + 1


def _leaf_words(block: bytes) -> list[bytes]:
    """The words that start on one FTS5 leaf page, in order.

    The page index after the leaf's data (its offset is the header's second
    16-bit number) gives each word's offset, as deltas; the first word is
    stored whole, each next one as (bytes shared with the previous, new bytes).
    """
    words: list[bytes] = []
    i = int.from_bytes(block[2:4], "big")
    offset = 0
    while i < len(block):
        delta, i = _varint(block, i)
        offset += delta
        shared = 0
        if words:
            shared, offset_after = _varint(block, offset)
        else:
            offset_after = offset
        size, j = _varint(block, offset_after)
        if j + size > len(block) or (words and shared > len(words[-1])):
            raise IndexError("a word runs past its page")
        word = (words[-1][:shared] if words else b"") + block[j : j + size]
        words.append(word)
    return words
