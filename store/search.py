"""A person's words as the index answers them: safe FTS5 queries, highlights, snippets.

``text_query`` turns a filter's free text into a ``TextQuery`` whose ``match`` never
passes user text through as FTS syntax: every token is a double-quoted FTS string, so
``AND``, ``NEAR(``, ``*`` or a stray ``"`` are only ever searched for, never
interpreted. Words are folded as the index folds documents (``store.folding``).
``highlight_terms`` gives the patterns that find the same words in displayed text.
Phrases are checked on the text by ``store.phrases`` (the index keeps no positions).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from store.folding import APOSTROPHES
from store.folding import tokens as _tokens


class TypedText(Protocol):
    """The free-text part of a filter (``store.filters.Filter`` is one)."""

    @property
    def words(self) -> tuple[str, ...]: ...
    @property
    def phrases(self) -> tuple[str, ...]: ...
    @property
    def prefix_last(self) -> bool: ...


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


def text_query(flt: TypedText) -> TextQuery | None:
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


def fts_query(flt: TypedText) -> str | None:
    """An FTS5 MATCH expression for the filter's free text, or None when it has none.

    Every token must occur in the item (AND) and the last word matches as a
    prefix while typed; phrases are further checked by ``phrase_sql``. Never raises.
    """
    query = text_query(flt)
    return query.match() if query else None


def highlight_terms(flt: TypedText) -> list[str]:
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
