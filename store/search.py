"""Folding and safe FTS5 query building, the same on both sides of the index.

The index (``items_fts``, see ``store.schema``) holds a folded copy of each
item's text: apostrophes deleted (so ``Children’s`` is indexed as
``childrens``), then the ``unicode61 remove_diacritics 2`` tokenizer folds
case and accents. ``fold`` applies the same apostrophe rule to what a person
typed, so ``Childrens``, ``Children's`` and ``CHILDREN’S`` all find
``Children’s``.

``fts_query`` never passes user text through as FTS syntax: every word and
phrase is a double-quoted FTS string, so ``AND``, ``NEAR(``, ``*`` or a stray
``"`` are only ever searched for, never interpreted.
"""

from __future__ import annotations

import re
import unicodedata

from store.filters import Filter

# Straight, right and left single quotes and the modifier-letter apostrophe
# ("Children's", "Children’s", "‘quoted’", "Children ʼs" from Word).
APOSTROPHES = ("'", "\u2019", "\u2018", "\u02bc")

_WORD = re.compile(r"\w+", re.UNICODE)


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


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _tokens(text: str) -> list[str]:
    """The tokens unicode61 would see in ``text`` after folding (lower-case, no accents)."""
    return [_strip_accents(t).casefold() for t in _WORD.findall(fold(text))]


def _quoted(tokens: list[str]) -> str:
    # Tokens are \w+ runs, so they contain no double quote; quoting makes
    # keywords (AND, OR, NOT, NEAR) plain words.
    return '"' + " ".join(tokens) + '"'


def fts_query(flt: Filter) -> str | None:
    """An FTS5 MATCH expression for the filter's free text, or None when it has none.

    Every word must match (AND); a phrase matches its words in order; the last
    word matches as a prefix while it is still being typed. Never raises.
    """
    parts: list[str] = []
    words = list(flt.words)
    for index, word in enumerate(words):
        tokens = _tokens(word)
        if not tokens:
            continue
        is_last = index == len(words) - 1
        if is_last and flt.prefix_last:
            parts.append(_quoted(tokens) + "*")
        else:
            parts.append(_quoted(tokens))
    for phrase in flt.phrases:
        tokens = _tokens(phrase)
        if tokens:
            parts.append(_quoted(tokens))
    if not parts:
        return None
    return " AND ".join(parts)


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


def phrase_query(text: str, *, column: str | None = None, max_tokens: int = 12) -> str | None:
    """An FTS5 phrase of the first ``max_tokens`` words of ``text`` (None if under three).

    Used to find other copies of a passage (an item page's full text and the
    cut text on its meeting page begin with the same words).
    """
    tokens = _tokens(text)[:max_tokens]
    if len(tokens) < 3:
        return None
    quoted = _quoted(tokens)
    return f"{column} : {quoted}" if column else quoted
