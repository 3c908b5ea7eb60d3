"""Phrase adjacency checked on an item's text: the ``fts_phrases`` SQL function.

The index keeps no positions (``detail=none``, migration m006): a phrase, or a typed
word the tokenizer splits (``co-operative``), is its tokens AND-ed in the index, then
``fts_phrases`` (registered on every store connection by ``store.db``) checks on the
item's text that they are adjacent, in order, in one column: the answers FTS5 phrase
queries gave (``tests/test_search_phrases.py`` proves it).
"""

from __future__ import annotations

import functools
import re
import sqlite3

from store.folding import match_fold
from store.schema import FTS_COLUMNS

PHRASE_FUNCTION = "fts_phrases"


def phrase_sql(spec_param: str, alias: str = "i") -> str:
    """An SQL test that an item (alias) holds every phrase of ``spec_param`` (a ``?``)."""
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
        words = line.rstrip("*").split(" ")
        body = r"[\W_]+".join(re.escape(t) for t in words)
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
