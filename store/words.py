"""A filter's words as this store's index answers them (``StoreText``), and the facts
about the index the search planner weighs: how many items a word's pages hold, which
indexed words a typed prefix starts, how many hits a MATCH has up to a bound.

The word being typed is a prefix; when it starts few enough indexed words they are
OR-ed as whole terms, which FTS5 seeks, where ``word*`` merges every matching doclist
on every query. A phrase stands, in a walk, by its rarest token. What each choice
costs on the benchmark stores is in the README's Performance section.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass, replace

from store import rowids, tuning
from store.facts import per_store
from store.fts_pages import FTS_PAGE_HITS, IndexedWord, indexed_rows, indexed_words
from store.search import TextQuery, TypedText, text_query


@dataclass(frozen=True)
class StoreText:
    """A filter's words as this store's index answers them."""

    match: str  # the FTS5 MATCH expression: every token, AND-ed
    phrases: str | None  # ``fts_phrases``' spec: runs of tokens that must be adjacent
    merged_prefix: bool  # the prefix is left to FTS5 (``word*``), which merges per query
    # How a walk tests a meeting: each of ``probes`` asked of the index for the meeting's
    # rowids, in order (the first that holds ends the test), then, if all fail, whether it
    # is among the hits of ``set_match``, read once into a set the first time a meeting
    # gets that far. No probes: the set of ``set_match`` or, when None, of ``match``.
    # Without a prefix: one probe, each phrase standing by its rarest token (``_walk_match``).
    probes: tuple[str, ...]
    set_match: str | None
    pages: int | None  # leaf pages of hits, when one word or one prefix alone (else None)
    # One meeting's items are tested part by part: MATCH expressions, biggest first (a
    # prefix's words split as the probes and the set are), whose OR is ``match`` ...
    parts: tuple[str, ...]
    # ... or, for a prefix of many words, the parts hold its biggest words and an item
    # none of them holds is checked on its text: (the other tokens' MATCH or None, and
    # ``fts_phrases``' spec of the prefix). Proving that an item lacks hundreds of words
    # costs a probe each; reading its text, one pass.
    recheck: tuple[str | None, str] | None
    # For a prefix alone with common words, the TEXT_WALK plan: (the probes of its common
    # words, ``fts_phrases``' spec of the prefix) -- a meeting none of them holds is checked
    # on its items' text instead of against the set of the rare words.
    text_walk: tuple[tuple[str, ...], str] | None = None
    # The same words as a window reads them, when that differs (see ``store_text``).
    windowed: StoreText | None = None


def store_text(conn: sqlite3.Connection, flt: TypedText) -> StoreText | None:
    """The filter's words for this store, None when it has none.

    The word being typed is a prefix; when it starts few enough indexed words (up to
    ``Tuning.prefix_terms_max``) they are OR-ed as whole terms, which FTS5 seeks, where
    ``word*`` merges every matching doclist on every query.
    """
    query = text_query(flt)
    if query is None:
        return None
    # Kept until the store changes: a filter's list, its first agenda (three queries),
    # its counts and each meeting read ahead ask for it, and a prefix of hundreds of words
    # took 0.36 ms to build each time (more with the reads of ``hit_count``).
    tune = tuning.TUNING
    return per_store(conn, ("text", query, tune), lambda: _store_text(conn, query, tune))


def _store_text(conn: sqlite3.Connection, query: TextQuery, tune: tuning.Tuning) -> StoreText:
    if not query.prefix:
        return _whole_words(conn, query)
    words = _indexed_words(conn, query.prefix) if len(query.prefix) >= tune.prefix_min else None
    if words is None:
        match = query.match()
        return StoreText(
            match, query.phrase_spec, True, (match,), None, None, parts=(match,), recheck=None
        )
    as_text = None
    if query.tokens and query.prefix_phrase is None and len(words) > tune.part_terms_max:
        # Other words, and a prefix of many ("masters a"): the items the other words are in,
        # with the prefix checked on their text as a phrase of one word would be; the OR of
        # hundreds of words costs a seek each however few items the other words are in.
        # When they are in many, only windows read it so (a count would check every one's
        # text).
        others = TextQuery(query.tokens, "", query.phrases, None)
        candidates = others.match()
        spec = "\n".join(filter(None, [query.phrase_spec, query.prefix + "*"]))
        probe = _walk_match(conn, others)
        as_text = StoreText(
            candidates, spec, False, (probe,), None, None, parts=(candidates,), recheck=None
        )
        if hit_count(conn, candidates, tune.rare_hits + 1) <= tune.rare_hits:
            return as_text
    return replace(_prefix_words(conn, query, words), windowed=as_text)


def _whole_words(conn: sqlite3.Connection, query: TextQuery) -> StoreText:
    """Whole words and phrases: one MATCH, a walk probing each phrase by its rarest token."""
    pages = None
    if len(query.tokens) == 1 and not query.phrases:
        pages = next(
            (
                w.pages
                for w in _indexed_words(conn, query.tokens[0]) or ()
                if w.word == query.tokens[0]
            ),
            0,
        )
    match = query.match()
    probe = _walk_match(conn, query)
    return StoreText(
        match, query.phrase_spec, False, (probe,), None, pages, parts=(match,), recheck=None
    )


def _prefix_words(
    conn: sqlite3.Connection, query: TextQuery, words: list[IndexedWord]
) -> StoreText:
    """A prefix read as the indexed words it starts: probed in groups, the rest a set."""
    tune = tuning.TUNING
    groups, rest = prefix_groups(conn, words)
    sizes = [w.pages for w in words]
    pages = (
        sum(p + 1 for p in sizes if p is not None)
        if not query.tokens and None not in sizes
        else None
    )
    # Reading every hit of a prefix alone (a count, a set), FTS5 merges many words' lists
    # faster than it ORs them; seeking rowids (one meeting's, or those of another word),
    # the OR is the fast one: the merge always costs a read of every hit.
    every = [w.word for w in words]
    alone = not query.tokens and len(every) > tune.or_terms_max
    whole = query.match() if alone else query.match(every)
    probes = tuple(query.match(group) for group in groups)
    set_match = None
    if rest and groups:
        # A meeting gets to the set only when no probe holds, so its hits of the whole
        # prefix are its hits of the rest: many rest words, the whole prefix's merge.
        set_match = whole if alone and len(rest) > tune.or_terms_max else query.match(rest)
    parts = (*probes, query.match(rest)) if rest and groups else probes or (query.match(every),)
    recheck = None
    if len(every) > tune.part_terms_max:
        parts = probes[:1]
        tokens = TextQuery(query.tokens, "", (), None).match() if query.tokens else None
        recheck = (tokens, query.prefix + "*")
    text_walk = None
    if not query.tokens:
        common = [w.word for w in sorted(words, key=lambda w: -(w.pages or 0)) if _common(w)]
        if common:
            text_walk = (tuple(query.match(g) for g in _growing(common)), query.prefix + "*")
    return StoreText(
        match=whole,
        phrases=query.phrase_spec,
        merged_prefix=False,
        probes=probes,
        set_match=set_match,
        pages=pages,
        parts=parts,
        recheck=recheck,
        text_walk=text_walk,
    )


def prefix_groups(
    conn: sqlite3.Connection, words: list[IndexedWord]
) -> tuple[list[list[str]], list[str]]:
    """A typed prefix's words as a walk asks for them: (probe groups, the rest for a set).

    A meeting is probed until a group holds, so the common words go first, one, then
    three, then nine...: most meetings stop at the first group. The rare words are read
    once into a set, unless the common ones alone are in nearly every meeting
    (``Tuning.dense_share``): then a meeting that fails them is rare, and probing it
    costs less than reading every hit of the rest. With no common word, every word goes
    to the set. Sizes unknown: one probe of them all.
    """
    if any(w.pages is None for w in words):
        return [[w.word for w in words]], []
    ranked = sorted(words, key=lambda w: -(w.pages or 0))  # stable: index order on ties
    common = [w for w in ranked if _common(w)]
    rest = [w.word for w in ranked if not _common(w)]
    if not common:
        return [], rest
    probed = [w.word for w in common]
    share = _meeting_share(conn, sum((w.pages or 0) + 1 for w in common))
    if rest and share >= tuning.TUNING.dense_share:
        probed, rest = probed + rest, []
    return _growing(probed), rest


def _common(word: IndexedWord) -> bool:
    return word.pages is not None and word.pages >= tuning.TUNING.walk_pages


def _growing(words: list[str]) -> list[list[str]]:
    """``words`` in groups of 1, 3, 9, 27...: probed in turn, most meetings stop at the first."""
    groups: list[list[str]] = []
    size = 1
    while words:
        groups.append(words[:size])
        words = words[size:]
        size *= 3
    return groups


def _meeting_share(conn: sqlite3.Connection, pages: int) -> float:
    """The estimated share of meetings holding a hit of words spanning ``pages`` leaf pages.

    Items hold hits independently, ``pages * FTS_PAGE_HITS`` of them (an upper bound:
    an item holding two of the words counts twice), and a meeting has the store's
    average number of items.
    """
    items, meetings = store_shape(conn)
    if not items or not meetings:
        return 0.0
    share = min(1.0, pages * FTS_PAGE_HITS / items)
    return 1.0 - (1.0 - share) ** (items / meetings)


def _walk_match(conn: sqlite3.Connection, query: TextQuery) -> str:
    """The MATCH a walk probes each meeting with: a phrase stands by its rarest token.

    The phrase check (``phrase_sql``) runs on every candidate and holds only where all of
    a phrase's tokens do, so probing the index for the others is work for nothing: in
    "in consultation with", "in" and "with" are in nearly every item. A token whose size
    the index's pages do not give counts as common; the rows are the same whichever
    token stands for a phrase.
    """
    if not query.phrases:
        return query.match()
    in_phrases = {t for phrase in query.phrases for t in phrase}
    sizes: dict[str, float] = {}
    for token in in_phrases:
        words = _indexed_words(conn, token)
        if words is None:
            sizes[token] = math.inf  # starts too many words to list: common
            continue
        pages = next((w.pages for w in words if w.word == token), 0)
        sizes[token] = math.inf if pages is None else pages  # size unknown: as if common
    kept = [t for t in query.tokens if t not in in_phrases]
    kept += [min(phrase, key=lambda t: sizes[t]) for phrase in query.phrases]
    return TextQuery(tuple(kept), "", (), None).match()


# --- facts about the store, kept while it does not change (``store.facts``) -----------------


def _indexed_words(conn: sqlite3.Connection, prefix: str) -> list[IndexedWord] | None:
    """``store.fts_pages.indexed_words`` (None over ``Tuning.prefix_terms_max``), cached."""
    limit = tuning.TUNING.prefix_terms_max
    return per_store(
        conn, ("words", prefix, limit), lambda: indexed_words(conn, prefix, limit=limit)
    )


def store_shape(conn: sqlite3.Connection) -> tuple[int, int]:
    """(indexed items, meetings), cached per store: the index's own row count (one
    record) and the meetings' count (their smallest index)."""

    def compute() -> tuple[int, int]:
        meetings = conn.execute("SELECT count(*) FROM meetings").fetchone()[0]
        return indexed_rows(conn), meetings

    return per_store(conn, ("shape",), compute)


def hit_count(conn: sqlite3.Connection, match: str, limit: int) -> int:
    """How many hits a MATCH has, counted up to ``limit`` (no row reaches Python)."""
    return int(
        conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM items_fts WHERE items_fts MATCH ? LIMIT ?)",
            [match, limit],
        ).fetchone()[0]
    )


def hit_sample(conn: sqlite3.Connection, match: str, limit: int) -> list[int]:
    """The meeting seqs of the first ``limit`` hits of a MATCH (one per hit)."""
    return [
        row[0]
        for row in conn.execute(
            f"SELECT {rowids.seq_of_item_sql('rowid')} FROM items_fts"
            " WHERE items_fts MATCH ? LIMIT ?",
            [match, limit],
        )
    ]
