"""Folding and safe FTS5 query building, the same on both sides of the index.

The index (``items_fts``, see ``store.schema``) holds a folded copy of each
item's text: apostrophes deleted (so ``Children’s`` is indexed as
``childrens``), then the ``unicode61 remove_diacritics 2`` tokenizer folds
case and accents. ``fold`` applies the same apostrophe rule to what a person
typed, so ``Childrens``, ``Children's`` and ``CHILDREN’S`` all find
``Children’s``.

``fts_query`` never passes user text through as FTS syntax: every token is a
double-quoted FTS string, so ``AND``, ``NEAR(``, ``*`` or a stray ``"`` are
only ever searched for, never interpreted.

The index keeps no positions (``detail=none``, migration m006): a phrase, or a
typed word the tokenizer splits (``co-operative``), is its tokens AND-ed in the
index, then ``fts_phrases`` (registered on every store connection) checks on
the item's text that they are adjacent, in order, in one column: the answers
FTS5 phrase queries gave.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from store.filters import Filter

# Straight, right and left single quotes and the modifier-letter apostrophe
# ("Children's", "Children’s", "‘quoted’", "Children ʼs" from Word).
APOSTROPHES = ("'", "\u2019", "\u2018", "\u02bc")

# What unicode61 (``remove_diacritics 2``) treats as one token, after ``match_fold``:
# letters and digits (the underscore separates: ``foo_bar`` is two tokens).
_TOKEN = re.compile(r"[^\W_]+")
# The combining marks unicode61 counts as part of a token and drops (its diacritic table:
# U+0300-U+0331 less a few); every other combining mark separates tokens, as there.
_DIACRITICS = re.compile(
    "["
    + "".join(chr(c) for c in range(0x300, 0x332) if (0x000361F8_08029FDF >> (c - 0x300)) & 1)
    + "]"
)


def fold_sql(expr: str) -> str:
    """The SQL expression that folds ``expr`` like ``fold`` (apostrophes removed).

    Case and accents are left to the FTS tokenizer, so the SQL and Python
    sides agree on every SQLite build.
    """
    out = f"coalesce({expr}, '')"
    for mark in APOSTROPHES:
        literal = mark.replace("'", "''")
        out = f"replace({out}, '{literal}', '')"
    return out


def fold(text: str) -> str:
    """Fold text the way the index does before tokenising: apostrophes deleted."""
    for mark in APOSTROPHES:
        text = text.replace(mark, "")
    return text


def match_fold(text: str) -> str:
    """Text as the tokenizer compares it: apostrophes deleted, lower case, no accents.

    ``lower`` (not ``casefold``), like unicode61: ``Straße`` stays ``straße``.
    Only the marks unicode61 removes are dropped, and the text is recomposed
    (NFC) so a Hangul syllable or a Greek letter stays one character.
    """
    text = fold(text).lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _DIACRITICS.sub("", decomposed))


def _tokens(text: str) -> list[str]:
    """The tokens unicode61 would see in ``text`` after folding (lower-case, no accents)."""
    return _TOKEN.findall(match_fold(text))


def _quoted(token: str) -> str:
    # Tokens are letters and digits only, so they contain no double quote; quoting makes
    # keywords (AND, OR, NOT, NEAR) plain words.
    return '"' + token + '"'


@dataclass(frozen=True)
class TextQuery:
    """A filter's free text as the index can answer it (``detail=none``: no positions).

    ``tokens`` must all occur in an item (AND); ``prefix`` is a token still being typed,
    matched as the start of a word (empty when none). ``phrases`` are the runs of two or
    more tokens that must also be adjacent, in order, in one column: the index cannot
    check that, ``phrase_sql`` does on the item's text. Each phrase is a tuple of tokens;
    its last one is a prefix when it is the word being typed (``prefix_phrase``).
    """

    tokens: tuple[str, ...]
    prefix: str
    phrases: tuple[tuple[str, ...], ...]
    prefix_phrase: int | None  # index in ``phrases`` of the one whose last token is a prefix

    def match(self, prefix_terms: Sequence[str] | None = None) -> str:
        """The FTS5 MATCH expression. ``prefix_terms``: the indexed words the prefix starts
        (``store.queries`` looks them up), OR-ed instead of ``prefix*``: FTS5 merges a
        prefix's doclists on every query, whole terms it can seek."""
        parts = [_quoted(t) for t in dict.fromkeys(self.tokens)]
        if self.prefix:
            if prefix_terms is None:
                parts.append(_quoted(self.prefix) + "*")
            elif prefix_terms:
                terms = [_quoted(t) for t in prefix_terms]
                parts.append(terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")")
            else:
                parts.append(_quoted(self.prefix))  # no indexed word starts so: no match
        return " AND ".join(parts)

    @property
    def phrase_spec(self) -> str | None:
        """The phrases as ``fts_phrases``' first argument (None when there are none)."""
        if not self.phrases:
            return None
        return "\n".join(
            " ".join(p) + ("*" if i == self.prefix_phrase else "")
            for i, p in enumerate(self.phrases)
        )


def text_query(flt: Filter) -> TextQuery | None:
    """The filter's free text as a TextQuery, or None when it has none. Never raises.

    Every word must match (AND); a phrase, or a word the tokenizer splits
    (``co-operative``), matches its tokens adjacent and in order; the last
    word matches as a prefix while it is still being typed.
    """
    tokens: list[str] = []
    prefix = ""
    phrases: list[tuple[str, ...]] = []
    prefix_phrase: int | None = None
    words = list(flt.words)
    for index, word in enumerate(words):
        found = _tokens(word)
        if not found:
            continue
        if index == len(words) - 1 and flt.prefix_last:
            tokens += found[:-1]
            prefix = found[-1]
            if len(found) > 1:
                prefix_phrase = len(phrases)
        else:
            tokens += found
        if len(found) > 1:
            phrases.append(tuple(found))
    for phrase in flt.phrases:
        found = _tokens(phrase)
        tokens += found
        if len(found) > 1:
            phrases.append(tuple(found))
    if not tokens and not prefix:
        return None
    return TextQuery(tuple(tokens), prefix, tuple(phrases), prefix_phrase)


def fts_query(flt: Filter) -> str | None:
    """An FTS5 MATCH expression for the filter's free text, or None when it has none.

    Every token must occur in the item (AND) and the last word matches as a
    prefix while typed; phrases are further checked by ``phrase_sql``. Never raises.
    """
    query = text_query(flt)
    return query.match() if query else None


# --- Phrases: adjacency checked on the text --------------------------------------------------

PHRASE_FUNCTION = "fts_phrases"


def phrase_sql(spec_param: str, alias: str = "i") -> str:
    """An SQL test that an item (alias) holds every phrase of ``spec_param`` (a ``?``)."""
    from store.schema import FTS_COLUMNS

    columns = ", ".join(f"{alias}.{c}" for c in FTS_COLUMNS)
    return f"{PHRASE_FUNCTION}({spec_param}, {columns})"


@functools.lru_cache(maxsize=64)
def _phrase_patterns(spec: str) -> tuple[re.Pattern[str], ...]:
    """Regular expressions over ``match_fold``-ed text, one per phrase of the spec.

    Tokens in order, separated only by what the tokenizer skips; the last must
    end there unless marked ``*`` (a prefix). Each pattern starts with its first
    token as a literal, which ``re`` finds fast; ``_holds`` checks that no
    letter or digit comes before it.
    """
    patterns = []
    for line in spec.split("\n"):
        prefix = line.endswith("*")
        tokens = line.rstrip("*").split(" ")
        body = r"[\W_]+".join(re.escape(t) for t in tokens)
        patterns.append(re.compile(body + ("" if prefix else r"(?![^\W_])")))
    return tuple(patterns)


def _holds(pattern: re.Pattern[str], text: str) -> bool:
    # ``search`` from just after each rejected start, not ``finditer``: a match inside a
    # longer word ("trueunder under under") must not hide one that overlaps it.
    position = 0
    while (found := pattern.search(text, position)) is not None:
        start = found.start()
        if start == 0 or not text[start - 1].isalnum():
            return True
        position = start + 1
    return False


def phrases_hold(spec: str | None, *columns: str | None) -> int:
    """1 when every phrase of ``spec`` occurs within one of ``columns``, else 0.

    Registered on every store connection as ``fts_phrases(spec, title,
    description, minutes, decision)``; deterministic. A phrase never spans two
    columns, as with FTS5 phrase queries.
    """
    if not spec:
        return 1
    folded: list[str | None] = [None] * len(columns)
    for pattern in _phrase_patterns(spec):
        for index, column in enumerate(columns):
            if not column:
                continue
            text = folded[index]
            if text is None:
                text = folded[index] = match_fold(column)
            if _holds(pattern, text):
                break
        else:
            return 0
    return 1


def register_functions(conn: sqlite3.Connection) -> None:
    """Register ``fts_phrases`` on a connection (``store.db`` does it for every store)."""
    conn.create_function(PHRASE_FUNCTION, -1, phrases_hold, deterministic=True)


def highlight_terms(flt: Filter) -> list[str]:
    """Regular expressions (as strings) that find the filter's words in displayed text.

    Each pattern tolerates what folding removed: an optional apostrophe between
    letters (``childrens`` highlights ``Children’s``) and any accents, and the
    last word matches as a prefix while typed. Use with ``re.IGNORECASE``.
    """
    apostrophe = "[" + "".join(re.escape(m) for m in APOSTROPHES) + "]?"
    patterns: list[str] = []
    words = list(flt.words)
    for index, word in enumerate(words):
        prefix = flt.prefix_last and index == len(words) - 1
        for token in _tokens(word):
            patterns.append(_token_pattern(token, apostrophe, prefix=prefix))
    for phrase in flt.phrases:
        tokens = _tokens(phrase)
        if tokens:
            patterns.append(
                r"\W+".join(_token_pattern(t, apostrophe, prefix=False) for t in tokens)
            )
    return patterns


def _token_pattern(token: str, apostrophe: str, *, prefix: bool) -> str:
    body = apostrophe.join(_letter_class(ch) for ch in token)
    return r"\b" + body + (r"\w*" if prefix else r"\b")


def _letter_class(ch: str) -> str:
    """A character class matching ``ch`` and its accented forms (``e`` -> ``[eéèêë...]``)."""
    variants = _ACCENTED.get(ch)
    if variants:
        return "[" + ch + variants + "]"
    return re.escape(ch)


# Accented Latin letters that remove_diacritics folds to their base letter;
# enough for English and Welsh minutes (ŵ, ŷ) and names (é, ö, ñ).
_ACCENTED = {
    "a": "àáâãäåāăą",
    "c": "çćĉċč",
    "e": "èéêëēĕėęě",
    "i": "ìíîïĩīĭįı",
    "n": "ñńņňŉ",
    "o": "òóôõöøōŏő",
    "u": "ùúûüũūŭůűų",
    "w": "ŵẁẃẅ",
    "y": "ýÿŷỳ",
    "s": "śŝşš",
    "z": "źżž",
}


def snippet(
    text: str, patterns: list[str], *, width: int = 160
) -> tuple[str, list[tuple[int, int]]]:
    """A one-line excerpt of ``text`` around the first match, and the matches' spans in it.

    Whitespace is collapsed; the excerpt starts a little before the first
    match (with "…" where text was cut). With no pattern or no match it is the
    start of the text. Spans are (start, end) offsets into the excerpt.
    """
    flat = " ".join(text.split())
    compiled = [re.compile(p, re.IGNORECASE) for p in patterns]
    first = min((m.start() for c in compiled if (m := c.search(flat)) is not None), default=None)
    start = 0
    if first is not None and first > width // 4:
        start = flat.rfind(" ", 0, first - width // 4) + 1
    end = min(len(flat), start + width)
    if end < len(flat):
        space = flat.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    excerpt = flat[start:end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    spans: list[tuple[int, int]] = []
    for c in compiled:
        for m in c.finditer(excerpt):
            if m.end() > m.start():
                spans.append((m.start() + len(prefix), m.end() + len(prefix)))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return prefix + excerpt + suffix, merged


# --- The index's words ------------------------------------------------------------------------
# A typed prefix is searched as the OR of the indexed words it starts (``store.queries``), and
# the plans want to know which of them are common. fts5vocab answers but counts every word's
# items as it goes (16 ms for "meeting" at a million items); the words and the pages their
# item lists span are in the FTS5 b-tree itself: ``items_fts_idx`` holds the first word of
# each leaf page, and a leaf page (``items_fts_data``) lists where each word on it starts.
# Format: https://sqlite.org/src/file/ext/fts5/fts5_index.c (structure version 4).

FTS_PAGE_HITS = 2_500  # item rowids on one 4 KB leaf page of a detail=none list (measured)
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
