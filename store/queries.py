"""Read queries for the reader, the CLI and exports. The contract between store and tui.

Every function takes an open ``sqlite3.Connection`` (one per thread: the TUI's
workers each open their own with ``store.db.connect_readonly``) and returns
plain frozen dataclasses, never cursors or rows, so a widget never sees SQL.

Lists that can be unbounded (meetings, all action points) are read a page at
a time: ``*_page`` functions take a keyset cursor (the last row of the
previous page) and ``*_window`` functions take an offset for random access
when a virtual list jumps (scrollbar drag, ``G``). Counts use the indexes and
FTS, never ``len()`` of a materialised result.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from store.filters import Filter
from store.keys import meeting_sort_key, normalise_name
from store.schema import CHILD_SHIFT, ITEM_SHIFT, KIND_BITS, MAX_ITEMS_PER_MEETING, MEETING_SHIFT
from store.search import (
    FTS_PAGE_HITS,
    IndexedWord,
    TextQuery,
    indexed_rows,
    indexed_words,
    phrase_sql,
    text_query,
)


@dataclass(frozen=True)
class MeetingRow:
    """One row of the meetings pane."""

    id: str
    committee: str | None
    date: dt.date | None  # None: a document with no meeting header ("Undated")
    time: str | None
    council: str | None
    item_count: int
    resolution_count: int
    action_count: int
    sort_key: str  # the keyset cursor: newest first, undated last
    # For a meeting with no committee (a page with no header): its first item's title, or the
    # start of its text, so a list can tell such meetings apart. None otherwise.
    first_title: str | None = None


@dataclass(frozen=True)
class ItemRow:
    """One row of the agenda pane."""

    id: str
    meeting_id: str
    position: int
    number: str | None
    title: str | None
    resolution_count: int
    action_count: int
    truncated: bool


@dataclass(frozen=True)
class ResolutionRow:
    id: int
    item_id: str
    item_number: str | None
    number: str | None
    text: str
    kind: str
    truncated: bool


@dataclass(frozen=True)
class ActionRow:
    """An action point, with enough context to name its meeting and item in a list."""

    id: int
    item_id: str
    meeting_id: str
    text: str
    owner: str | None
    due: dt.date | None
    source_kind: str
    committee: str | None
    meeting_date: dt.date | None
    item_number: str | None
    item_title: str | None


@dataclass(frozen=True)
class DocumentRow:
    title: str
    format: str | None
    size_kb: float | None
    url: str | None


@dataclass(frozen=True)
class SourceRow:
    path: str
    sha256: str
    format: str
    page_kind: str
    ingested_at: str


@dataclass(frozen=True)
class ItemDetail:
    """Everything the reading view shows for one item."""

    item: ItemRow
    meeting: MeetingRow
    description: str | None
    minutes: str | None
    decision: str | None
    documents: tuple[DocumentRow, ...]
    resolutions: tuple[ResolutionRow, ...]
    actions: tuple[ActionRow, ...]
    sources: tuple[SourceRow, ...]


@dataclass(frozen=True)
class SearchHit:
    """An item matching a search, with its meeting and text (for snippets)."""

    item: ItemRow
    meeting: MeetingRow
    description: str | None
    minutes: str | None
    decision: str | None


__all__ = [
    "ActionRow",
    "DocumentRow",
    "Filter",
    "ItemDetail",
    "ItemRow",
    "MeetingRow",
    "ResolutionRow",
    "SearchHit",
    "SourceRow",
    "actions_window",
    "count_actions",
    "count_items",
    "count_meetings",
    "find_meetings",
    "item_actions",
    "item_detail",
    "item_resolutions",
    "meeting_actions",
    "meeting_index",
    "meeting_items",
    "meeting_resolutions",
    "meetings_page",
    "meetings_window",
    "search_items",
    "store_counts",
]


# --- Filter -> SQL ----------------------------------------------------------------------------
# A filter has meeting-level parts (committee, dates) and item-level parts
# (text, has:, kind:). A meeting matches when its own parts hold and, if there
# are item-level parts, at least one of its items satisfies all of them.

Params = list[Any]


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _meeting_conditions(flt: Filter, m: str = "m") -> tuple[list[str], Params]:
    conds: list[str] = []
    params: Params = []
    if flt.committee:
        key = normalise_name(flt.committee)
        if key:
            conds.append(f"{m}.committee_key LIKE ? ESCAPE '\\'")
            params.append(_like(key))
    if flt.date_from:
        conds.append(f"{m}.date >= ?")
        params.append(flt.date_from.isoformat())
        # The same bound on sort_key (which begins with the inverted date and time), so a
        # newest-first walk is an index range, not a scan from today back to the date.
        before = flt.date_from - dt.timedelta(days=1)
        conds.append(f"{m}.sort_key < ?")
        params.append(_sort_key_prefix(before, "23:59"))
    if flt.date_to:
        conds.append(f"{m}.date <= ?")
        params.append(flt.date_to.isoformat())
        conds.append(f"{m}.sort_key >= ?")
        params.append(_sort_key_prefix(flt.date_to, "23:59"))
    return conds, params


def _sort_key_prefix(date: dt.date, time: str) -> str:
    """The part of a dated meeting's sort_key that its date and time decide."""
    key = meeting_sort_key(date, time, "", "")
    return key[: key.index("\x1f")]


def _item_conditions(
    flt: Filter,
    i: str = "i",
    *,
    text: _Text | None = None,
    rowids: tuple[int, int] | None = None,
) -> tuple[list[str], Params]:
    """Conditions on items (alias ``i``) for the filter's item-level parts; the words only
    when ``text`` (from ``_text``) is given.

    ``rowids`` bounds the full-text search to one meeting's items (their rowids
    share the meeting's ``seq``), so a common word does not gather every hit in
    the store to show one meeting.
    """
    conds: list[str] = []
    params: Params = []
    if "actions" in flt.has:
        conds.append(f"{i}.action_count > 0")
    if "resolutions" in flt.has:
        conds.append(f"{i}.resolution_count > 0")
    if "minutes" in flt.has:
        conds.append(f"{i}.has_minutes = 1")
    if "truncated" in flt.has:
        conds.append(f"{i}.truncated = 1")
    if flt.kind:
        conds.append(f"({i}.kinds & ?) != 0")
        params.append(KIND_BITS[flt.kind])
    if text is not None and rowids is not None:
        # Part by part, biggest first: an item in the first is not looked for in the rest
        # (SQLite reads each part's hits among the meeting's rowids only when needed).
        in_range = (
            f"{i}.rowid IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?"
            " AND rowid BETWEEN ? AND ?)"
        )
        tests = [in_range] * len(text.parts)
        for part in text.parts:
            params += [part, *rowids]
        if text.recheck is not None:
            tokens, spec = text.recheck
            check = phrase_sql("?", i)
            if tokens is not None:
                tests.append(f"({in_range} AND {check})")
                params += [tokens, *rowids, spec]
            else:
                tests.append(check)
                params.append(spec)
        conds.append(tests[0] if len(tests) == 1 else "(" + " OR ".join(tests) + ")")
    elif text is not None:
        conds.append(f"{i}.rowid IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)")
        params.append(text.match)
    if text is not None and text.phrases:
        conds.append(phrase_sql("?", i))
        params.append(text.phrases)
    return conds, params


@dataclass(frozen=True)
class _Text:
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
    # ``fts_phrases``' spec of the prefix). Proving that an item lacks all 510 words of
    # "s" costs 25 ms of index probes; reading its text, microseconds.
    recheck: tuple[str | None, str] | None
    # For a prefix alone with common words, the TEXT_WALK plan: (the probes of its common
    # words, ``fts_phrases``' spec of the prefix) -- a meeting none of them holds is checked
    # on its items' text instead of against the set of the rare words.
    text_walk: tuple[tuple[str, ...], str] | None = None
    # The same words as a window reads them, when that differs (see ``_text``).
    windowed: _Text | None = None


def _text(conn: sqlite3.Connection, flt: Filter) -> _Text | None:
    """The filter's words for this store, None when it has none.

    The word being typed is a prefix; when it starts few enough indexed words (up to
    PREFIX_TERMS_MAX) they are OR-ed as whole terms, which FTS5 seeks, where ``word*``
    merges every matching doclist on every query ("meeting*" 155 ms per query at a million
    items, the OR of its 14 words 0.06 ms for one meeting's rowids; "a*" 870 ms for one
    meeting's items, the OR of its 577 words 27 ms, and a walk probing them biggest first
    1.3 ms for the first 44 meetings).
    """
    query = text_query(flt)
    if query is None:
        return None
    if not query.prefix:
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
        return _Text(
            match, query.phrase_spec, False, (probe,), None, pages, parts=(match,), recheck=None
        )
    words = _indexed_words(conn, query.prefix) if len(query.prefix) >= PREFIX_MIN else None
    if words is None:
        match = query.match()
        return _Text(
            match, query.phrase_spec, True, (match,), None, None, parts=(match,), recheck=None
        )
    as_text = None
    if query.tokens and query.prefix_phrase is None and len(words) > PART_TERMS_MAX:
        # Other words, and a prefix of many ("masters a"): the items the other words are in,
        # with the prefix checked on their text as a phrase of one word would be; the OR of
        # its 577 words cost 0.15-0.8 s however few items the other words are in. When they
        # are in many, only windows read it so (a count would check every one's text).
        others = TextQuery(query.tokens, "", query.phrases, None)
        candidates = others.match()
        spec = "\n".join(filter(None, [query.phrase_spec, query.prefix + "*"]))
        probe = _walk_match(conn, others)
        as_text = _Text(
            candidates, spec, False, (probe,), None, None, parts=(candidates,), recheck=None
        )
        if _hit_count(conn, candidates, RARE_HITS + 1) <= RARE_HITS:
            return as_text
    groups, rest = _prefix_groups(conn, words)
    sizes = [w.pages for w in words]
    pages = (
        sum(p + 1 for p in sizes if p is not None)
        if not query.tokens and None not in sizes
        else None
    )
    # Reading every hit of a prefix alone (a count, a set), FTS5 merges many words' lists
    # faster than it ORs them ("a", 577 words: 0.93 s against 1.9 s; "con", 111: even).
    # Seeking rowids (one meeting's, or those of another word: "masters a", 0.15 s against
    # 0.87 s), the OR is the fast one: the merge always costs a read of every hit.
    every = [w.word for w in words]
    alone = not query.tokens and len(every) > OR_TERMS_MAX
    whole = query.match() if alone else query.match(every)
    probes = tuple(query.match(group) for group in groups)
    set_match = None
    if rest and groups:
        # A meeting gets to the set only when no probe holds, so its hits of the whole
        # prefix are its hits of the rest: many rest words, the whole prefix's merge.
        set_match = whole if alone and len(rest) > OR_TERMS_MAX else query.match(rest)
    parts = (*probes, query.match(rest)) if rest and groups else probes or (query.match(every),)
    recheck = None
    if len(every) > PART_TERMS_MAX:
        parts = probes[:1]
        tokens = TextQuery(query.tokens, "", (), None).match() if query.tokens else None
        recheck = (tokens, query.prefix + "*")
    text_walk = None
    if not query.tokens:
        common = [w.word for w in sorted(words, key=lambda w: -(w.pages or 0)) if _common(w)]
        if common:
            text_walk = (tuple(query.match(g) for g in _growing(common)), query.prefix + "*")
    return _Text(
        match=whole,
        phrases=query.phrase_spec,
        merged_prefix=False,
        probes=probes,
        set_match=set_match,
        pages=pages,
        parts=parts,
        recheck=recheck,
        text_walk=text_walk,
        windowed=as_text,
    )


def _prefix_groups(
    conn: sqlite3.Connection, words: list[IndexedWord]
) -> tuple[list[list[str]], list[str]]:
    """A typed prefix's words as a walk asks for them: (probe groups, the rest for a set).

    Probing a meeting costs ~0.03-0.05 ms a word, and a meeting is probed until a group
    holds, so the common words go first, one, then three, then nine...: most meetings
    stop at the first group. The rare words are read once into a set (the hits of
    "tran"'s 15 small words, 6 ms, against ~40 ms probing them for half the meetings),
    unless the common ones alone are in nearly every meeting: then a meeting that fails
    them is rare, and probing it costs less than reading every hit of the rest ("pro",
    89 words: 16 common, 9.7 ms for the first 44 meetings; their set of 73: 42 ms). With
    no common word, every word goes to the set. Sizes unknown: one probe of them all.
    """
    if any(w.pages is None for w in words):
        return [[w.word for w in words]], []
    ranked = sorted(words, key=lambda w: -(w.pages or 0))  # stable: index order on ties
    common = [w for w in ranked if _common(w)]
    rest = [w.word for w in ranked if not _common(w)]
    if not common:
        return [], rest
    probed = [w.word for w in common]
    if rest and _meeting_share(conn, sum((w.pages or 0) + 1 for w in common)) >= DENSE_SHARE:
        probed, rest = probed + rest, []
    return _growing(probed), rest


def _common(word: IndexedWord) -> bool:
    return word.pages is not None and word.pages >= WALK_PAGES


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
    items, meetings = _store_shape(conn)
    if not items or not meetings:
        return 0.0
    share = min(1.0, pages * FTS_PAGE_HITS / items)
    return 1.0 - (1.0 - share) ** (items / meetings)


def _walk_match(conn: sqlite3.Connection, query: TextQuery) -> str:
    """The MATCH a walk probes each meeting with: a phrase stands by its rarest token.

    The phrase check (``phrase_sql``) runs on every candidate and holds only where all of
    a phrase's tokens do, so probing the index for the others is work for nothing: in
    "in consultation with", "in" and "with" are in nearly every item ("in consultation
    with", first 44 meetings at 1M items: 9.9 ms probing all three, 7.1 ms probing
    "consultation" alone; "Domestic Abuse Services" 10.9 -> 5.5 ms). A token whose size
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


WALK_PAGES = 8  # a word whose items span this many leaf pages (~10-20k items) is probed
DENSE_SHARE = 0.9  # common words in this share of meetings: a prefix's rare words are probed
PREFIX_MIN = 1
PREFIX_TERMS_MAX = 1024  # more words than this: the FTS5 prefix query it is
OR_TERMS_MAX = 128  # more words than this: a read of every hit merges the prefix's lists
PART_TERMS_MAX = 32  # more words than this: one meeting's items are checked on their text
_store_cache: dict[tuple[Any, ...], Any] = {}


def _per_store(conn: sqlite3.Connection, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """``compute()``, cached per connection until the store changes: a filter asks for the
    same facts for its list, its first agenda and its counts."""
    full = (
        id(conn),
        conn.execute("PRAGMA data_version").fetchone()[0],
        conn.total_changes,
        conn.execute("PRAGMA database_list").fetchone()[2],
        *key,
    )
    if full not in _store_cache:
        if len(_store_cache) >= 256:
            _store_cache.clear()
        _store_cache[full] = compute()
    return _store_cache[full]


def _indexed_words(conn: sqlite3.Connection, prefix: str) -> list[IndexedWord] | None:
    """``store.search.indexed_words`` (None over PREFIX_TERMS_MAX), cached per store."""
    return _per_store(  # type: ignore[no-any-return]
        conn,
        ("words", prefix, PREFIX_TERMS_MAX),
        lambda: indexed_words(conn, prefix, limit=PREFIX_TERMS_MAX),
    )


def _store_shape(conn: sqlite3.Connection) -> tuple[int, int]:
    """(indexed items, meetings), cached per store: the index's own row count (one
    record) and the meetings' count (their smallest index)."""

    def compute() -> tuple[int, int]:
        meetings = conn.execute("SELECT count(*) FROM meetings").fetchone()[0]
        return indexed_rows(conn), meetings

    return _per_store(conn, ("shape",), compute)  # type: ignore[no-any-return]


def _meeting_rowids(conn: sqlite3.Connection, meeting_id: str) -> tuple[int, int]:
    """The range of item rowids a meeting's items can have (empty if no such meeting)."""
    row = conn.execute("SELECT seq FROM meetings WHERE id = ?", [meeting_id]).fetchone()
    if row is None or row[0] is None:
        return (1, 0)
    return (row[0] << ITEM_SHIFT, (row[0] << ITEM_SHIFT) | MAX_ITEMS_PER_MEETING)


def _meeting_summary_conditions(flt: Filter, m: str = "m") -> list[str]:
    """Item-level has:/kind: parts as tests on the meeting's stored counts.

    Exact when there is only one such part; a cheap prefilter otherwise.
    """
    conds = []
    if "actions" in flt.has:
        conds.append(f"{m}.action_count > 0")
    if "resolutions" in flt.has:
        conds.append(f"{m}.resolution_count > 0")
    if "minutes" in flt.has:
        conds.append(f"{m}.minutes_count > 0")
    if "truncated" in flt.has:
        conds.append(f"{m}.truncated_count > 0")
    if flt.kind:
        conds.append(f"({m}.kinds & {KIND_BITS[flt.kind]}) != 0")
    return conds


# Search plans for the meetings list (m006 index: detail=none, one segment). Three ways to
# find the newest 100 meetings holding a match, measured at 100,000 meetings / 1M items:
# - HITS: read every hit, look up and sort their meetings (~3 us a hit): best for a few
#   hundred hits ("employeing", 1.2k items: 5.5 ms; "aaron", 4.5k: 18 ms).
# - SET: read every hit once into SQLite's IN-set (~0.2 us a hit) and walk the meetings
#   newest first testing membership, stopping at LIMIT ("aaron" 2.3 ms, "prior", 23k: 4.4 ms);
#   it walks far when few meetings match, and pays for every hit when many do.
# - WALK: walk the meetings newest first and ask the index per meeting (~0.03 ms a word),
#   for words most meetings hold ("safeguarding", 200k items: 2.2 ms; SET 26 ms).
# A bounded read of the hits chooses (and is the HITS plan's answer); one word or prefix the
# index itself says is common skips it. A prefix FTS5 must merge ("co*": too many words to
# OR) costs that merge on every query, so it is read once: SET.
HITS = "hits"
WALK = "walk"
SET = "set"
TEXT_WALK = "text-walk"  # a prefix alone: WALK, a meeting failing the probes read as text
PLANS = (HITS, WALK, SET, TEXT_WALK)
FEW_HITS = 1_500  # up to this many hits: HITS
RARE_HITS = 20_000  # up to this many: SET; more: WALK
PHRASE_HITS = 300  # a phrase is checked on each candidate's text: more candidates walk
PHRASE_SET_HITS = 5_000  # ... or, up to this many, are checked in one set
# A walk stops at LIMIT, so its cost grows with the rows it passes; a set's barely does. At
# 1M items, 44 rows at offset 0 / 2,000 / 45,000: "work" walk 13 / 121 / 2,082 ms, set 53 / 56
# / 88 ms; "meeting" walk 2.5 / 73 / 1,764, set 91 / 92 / 125.
WALK_DEPTH = 1_000
PHRASE_WALK_DEPTH = 5_000
# TEXT_WALK: a meeting that holds none of a prefix's common words has its items' text read
# and checked (~0.2 ms), where WALK reads every hit of the rare words once (15 ms for "ra")
# or probes them all (31 ms for "g"'s 199). Cheap for the first screens, dear deep down
# (44 rows at 1M items, at offset 0 / 900: "ra" 3.1 / 73 ms, WALK 18.5 / 65; "g" 1.8 / 59,
# WALK 31 / 676; "tran" 6.9 / 128, WALK 11.6 / 79).
TEXT_WALK_DEPTH = 300


def _meeting_where(
    flt: Filter,
    m: str = "m",
    *,
    text: _Text | None = None,
    plan: str = HITS,
    seqs: Sequence[int] | None = None,
) -> tuple[str, Params]:
    """A WHERE clause (with leading ``WHERE`` or empty) selecting the filter's meetings.

    ``text`` is the filter's words (``_text``; without it the words are ignored); ``plan``
    says how they are tested (see HITS/WALK/SET); ``seqs``, with the hits plan, are the
    meetings already known to hold a hit (read by ``_planned_where``).
    """
    conds, params = _meeting_conditions(flt, m)
    summary = _meeting_summary_conditions(flt, m)
    if text is not None:
        # Tests on the item row: has:/kind: flags and phrase adjacency.
        item_conds, item_params = _item_conditions(flt, "i")
        if text.phrases:
            item_conds.append(phrase_sql("?", "i"))
            item_params.append(text.phrases)
        extra = "".join(f" AND {c}" for c in item_conds)
        conds += summary
        match = text.match
        if plan in (WALK, TEXT_WALK):
            # Last, so the cheap meeting tests reject a meeting before its index probe.
            lo, hi = (
                f"({m}.seq << {ITEM_SHIFT})",
                f"(({m}.seq << {ITEM_SHIFT}) | {MAX_ITEMS_PER_MEETING})",
            )
            by_text = text.text_walk if plan == TEXT_WALK else None
            tests: list[str] = []
            for probe in by_text[0] if by_text is not None else text.probes:
                if item_conds:
                    tests.append(
                        "EXISTS (SELECT 1 FROM items_fts JOIN items i"
                        " ON i.rowid = items_fts.rowid WHERE items_fts MATCH ?"
                        f" AND items_fts.rowid BETWEEN {lo} AND {hi}{extra})"
                    )
                    params += [probe, *item_params]
                else:
                    tests.append(
                        "EXISTS (SELECT 1 FROM items_fts WHERE items_fts MATCH ?"
                        f" AND rowid BETWEEN {lo} AND {hi})"
                    )
                    params.append(probe)
            if by_text is not None:
                # A meeting none of the common words is in: its items' text, read and checked.
                tests.append(
                    f"EXISTS (SELECT 1 FROM items i WHERE i.rowid BETWEEN {lo} AND {hi}"
                    f" AND {phrase_sql('?', 'i')}{extra})"
                )
                params += [by_text[1], *item_params]
            elif text.set_match is not None or not text.probes:
                # A prefix's rare words: probing each per meeting costs more than reading
                # all their hits once (SQLite reads them only if a meeting gets this far).
                tests.append(f"+{m}.seq IN ({_hit_seqs(bool(item_conds), extra)})")
                params += [text.set_match or match, *item_params]
            conds.append(tests[0] if len(tests) == 1 else "(" + " OR ".join(tests) + ")")
        elif plan == SET:
            # "+" keeps the seq index out of it: SQLite then walks sort_key and probes the
            # IN-set it built once, stopping at LIMIT, instead of sorting every hit's meeting.
            conds.append(f"+{m}.seq IN ({_hit_seqs(bool(item_conds), extra)})")
            params += [match, *item_params]
        elif seqs is not None:
            conds.append(f"{m}.seq IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(list(seqs)))
        elif item_conds:
            conds.append(
                f"{m}.seq IN (SELECT i.rowid >> {ITEM_SHIFT} FROM items_fts JOIN items i"
                f" ON i.rowid = items_fts.rowid WHERE items_fts MATCH ?{extra})"
            )
            params += [match, *item_params]
        else:
            # The meeting of a hit is in its rowid: no items lookup per hit.
            conds.append(
                f"{m}.seq IN (SELECT rowid >> {ITEM_SHIFT} FROM items_fts WHERE items_fts MATCH ?)"
            )
            params.append(match)
    else:
        conds += summary
        if len(summary) > 1:
            item_conds, item_params = _item_conditions(flt, "i")
            conds.append(
                f"EXISTS (SELECT 1 FROM items i WHERE i.meeting_id = {m}.id AND "
                + " AND ".join(item_conds)
                + ")"
            )
            params += item_params
    return (" WHERE " + " AND ".join(conds)) if conds else "", params


def _hit_seqs(join_items: bool, extra: str) -> str:
    """A subquery: the meeting seq of every hit of a MATCH (``?``), with item tests."""
    if join_items:
        return (
            f"SELECT i.rowid >> {ITEM_SHIFT} FROM items_fts JOIN items i"
            f" ON i.rowid = items_fts.rowid WHERE items_fts MATCH ?{extra}"
        )
    return f"SELECT rowid >> {ITEM_SHIFT} FROM items_fts WHERE items_fts MATCH ?"


def _planned_where(
    conn: sqlite3.Connection, flt: Filter, plan: str | None, depth: int = 0
) -> tuple[str, Params]:
    """The meetings WHERE clause under the plan the filter's selectivity calls for.

    ``plan`` forces one (tests prove all give the same rows); None chooses.
    A prefix left to FTS5 (starting too many words to list) takes the SET
    plan: FTS5 merges it per query, so probing it once per meeting costs
    seconds and even the bounded read costs the merge. A phrase is checked
    on each candidate item's text, so it reads the hits only when few.
    ``depth``: how many rows the query walks past (offset and limit); a walk
    costs by the meeting, so a deep window reads every hit once instead.
    """
    text = _text(conn, flt)
    if text is None:
        return _meeting_where(flt)
    if text.windowed is not None and depth <= PHRASE_WALK_DEPTH:
        text = text.windowed  # deeper, its set would check every candidate's text
    if plan is not None:
        return _meeting_where(flt, text=text, plan=plan)
    many = WALK if text.probes and depth <= WALK_DEPTH else SET
    if many == WALK and text.text_walk is not None and depth <= TEXT_WALK_DEPTH:
        many = TEXT_WALK
    if text.merged_prefix:
        return _meeting_where(flt, text=text, plan=SET)
    if text.pages is not None and text.pages * FTS_PAGE_HITS > 4 * RARE_HITS:
        return _meeting_where(flt, text=text, plan=many)  # the index says: common
    few = PHRASE_HITS if text.phrases else FEW_HITS
    seqs = _hit_sample(conn, text.match, few + 1)
    if len(seqs) <= few:
        flags, _ = _item_conditions(flt, "i")
        if flags or text.phrases:
            return _meeting_where(flt, text=text, plan=HITS)
        return _meeting_where(flt, text=text, plan=HITS, seqs=sorted(set(seqs)))
    if text.phrases:
        # SET checks every candidate's text: worth it only for a few thousand candidates
        # ("masters a", 1,664: 33 ms; a walk passes 60 meetings for each with one) or deep
        # ("true record", 50k meetings: SET 290-360 ms at any depth, WALK 33 ms at 900
        # rows, 880 at 25,000).
        if depth > PHRASE_WALK_DEPTH or _hit_count(conn, text.match, PHRASE_SET_HITS + 1) <= (
            PHRASE_SET_HITS
        ):
            return _meeting_where(flt, text=text, plan=SET)
        return _meeting_where(flt, text=text, plan=WALK)
    if text.pages is None and _hit_count(conn, text.match, RARE_HITS + 1) > RARE_HITS:
        return _meeting_where(flt, text=text, plan=many)
    return _meeting_where(flt, text=text, plan=SET)


def _hit_count(conn: sqlite3.Connection, match: str, limit: int) -> int:
    """How many hits a MATCH has, counted up to ``limit`` (no row reaches Python)."""
    return int(
        conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM items_fts WHERE items_fts MATCH ? LIMIT ?)",
            [match, limit],
        ).fetchone()[0]
    )


def _hit_sample(conn: sqlite3.Connection, match: str, limit: int) -> list[int]:
    """The meeting seqs of the first ``limit`` hits of a MATCH (one per hit)."""
    return [
        row[0]
        for row in conn.execute(
            f"SELECT rowid >> {ITEM_SHIFT} FROM items_fts WHERE items_fts MATCH ? LIMIT ?",
            [match, limit],
        )
    ]


# --- Row builders -----------------------------------------------------------------------------

_MEETING_COLS = (
    "m.id, m.committee, m.date, m.time, m.council, m.item_count, m.resolution_count,"
    " m.action_count, m.sort_key,"
    # Only header-less meetings (a handful) pay for this lookup, through (meeting_id, position).
    " CASE WHEN m.committee IS NULL THEN (SELECT coalesce(first_item.title,"
    " substr(coalesce(first_item.description, first_item.minutes), 1, 120))"
    " FROM items first_item WHERE first_item.meeting_id = m.id"
    " ORDER BY first_item.position LIMIT 1) END"
)
_ITEM_COLS = (
    "i.id, i.meeting_id, i.position, i.number, i.title, i.resolution_count, i.action_count,"
    " i.truncated"
)
# How many values each column list yields, for rows that select several lists side by side.
_MEETING_WIDTH = 10
_ITEM_WIDTH = 8
# Resolutions, actions and documents name their item by ``item_rowid``; their ids encode
# it (schema.CHILD_SHIFT), so an item's or a meeting's rows are one id range.
_RESOLUTION_COLS = "r.id, i.id, i.number, r.number, r.text, r.kind, r.truncated"
_ACTION_COLS = (
    "a.id, i.id, i.meeting_id, a.text, a.owner, a.due, a.source_kind, m.committee,"
    " m.date, i.number, i.title"
)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _meeting_row(row: Sequence[Any]) -> MeetingRow:
    return MeetingRow(
        id=row[0],
        committee=row[1],
        date=_date(row[2]),
        time=row[3],
        council=row[4],
        item_count=row[5] or 0,
        resolution_count=row[6] or 0,
        action_count=row[7] or 0,
        sort_key=row[8],
        first_title=row[9],
    )


def _item_row(row: Sequence[Any]) -> ItemRow:
    return ItemRow(
        id=row[0],
        meeting_id=row[1],
        position=row[2],
        number=row[3],
        title=row[4],
        resolution_count=row[5],
        action_count=row[6],
        truncated=bool(row[7]),
    )


def _resolution_row(row: Sequence[Any]) -> ResolutionRow:
    return ResolutionRow(
        id=row[0],
        item_id=row[1],
        item_number=row[2],
        number=row[3],
        text=row[4],
        kind=row[5],
        truncated=bool(row[6]),
    )


def _action_row(row: Sequence[Any]) -> ActionRow:
    return ActionRow(
        id=row[0],
        item_id=row[1],
        meeting_id=row[2],
        text=row[3],
        owner=row[4],
        due=_date(row[5]),
        source_kind=row[6],
        committee=row[7],
        meeting_date=_date(row[8]),
        item_number=row[9],
        item_title=row[10],
    )


# --- Meetings ---------------------------------------------------------------------------------


def count_meetings(conn: sqlite3.Connection, flt: Filter) -> int:
    """How many meetings the filter keeps."""
    where, params = _meeting_where(flt, text=_text(conn, flt))
    return conn.execute(f"SELECT count(*) FROM meetings m{where}", params).fetchone()[0]


def meetings_window(
    conn: sqlite3.Connection,
    flt: Filter,
    offset: int,
    limit: int,
    *,
    plan: str | None = None,
    total: int | None = None,
) -> list[MeetingRow]:
    """Meetings ``offset`` .. ``offset + limit`` of the filtered list (newest first, undated
    last): random access for a virtual list. ``plan`` forces a search plan (HITS or WALK);
    by default the words' selectivity chooses, and the rows are the same either way.

    ``total``: the list's length, when the caller knows it (a count of the same filter).
    A window nearer the end than the start is then read from the end, oldest first, so
    jumping to the end costs what the start does ("meeting": 3.4 s walking 100,000
    meetings, or 165 ms reading every hit, against 2.5 ms).
    """
    offset, limit = max(offset, 0), max(limit, 0)
    backwards = total is not None and total - offset - limit < offset
    if backwards:
        assert total is not None
        limit = max(0, min(limit, total - offset))
        offset = total - offset - limit  # the rows after the window
    where, params = _planned_where(conn, flt, plan, depth=offset + limit)
    order = "m.sort_key DESC" if backwards else "m.sort_key"
    rows = [
        _meeting_row(r)
        for r in conn.execute(
            f"SELECT {_MEETING_COLS} FROM meetings m{where} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    ]
    return rows[::-1] if backwards else rows


def meetings_page(
    conn: sqlite3.Connection,
    flt: Filter,
    after: MeetingRow | None,
    limit: int,
    *,
    plan: str | None = None,
) -> list[MeetingRow]:
    """The ``limit`` meetings after ``after`` (keyset; ``None`` for the first page)."""
    where, params = _planned_where(conn, flt, plan)
    if after is not None:
        where = (where + " AND" if where else " WHERE") + " m.sort_key > ?"
        params = [*params, after.sort_key]
    rows = conn.execute(
        f"SELECT {_MEETING_COLS} FROM meetings m{where} ORDER BY m.sort_key LIMIT ?",
        [*params, max(limit, 0)],
    )
    return [_meeting_row(r) for r in rows]


def meeting_index(conn: sqlite3.Connection, flt: Filter, meeting_id: str) -> int | None:
    """The meeting's position in the filtered list, or None when the filter hides it."""
    where, params = _meeting_where(flt, text=_text(conn, flt))
    joiner = " AND" if where else " WHERE"
    row = conn.execute(
        f"SELECT m.sort_key FROM meetings m{where}{joiner} m.id = ?", [*params, meeting_id]
    ).fetchone()
    if row is None:
        return None
    return conn.execute(
        f"SELECT count(*) FROM meetings m{where}{joiner} m.sort_key < ?", [*params, row[0]]
    ).fetchone()[0]


def meeting(conn: sqlite3.Connection, meeting_id: str) -> MeetingRow | None:
    """One meeting by id."""
    row = conn.execute(
        f"SELECT {_MEETING_COLS} FROM meetings m WHERE m.id = ?", [meeting_id]
    ).fetchone()
    return _meeting_row(row) if row else None


def find_meetings(conn: sqlite3.Connection, text: str, limit: int = 20) -> list[MeetingRow]:
    """Meetings whose committee or date contain every word of ``text`` (newest first).

    Dates match as ``2017-09-27``, ``27/09/2017``, ``27 september 2017`` or the
    weekday, so "go to meeting" accepts what a person would type.
    """
    conds: list[str] = []
    params: Params = []
    for word in text.casefold().split():
        token = word
        if not any(ch in token for ch in "/-"):
            token = normalise_name(token)
        if not token:
            continue
        conds.append("m.find_text LIKE ? ESCAPE '\\'")
        params.append(_like(token))
    where = (" WHERE " + " AND ".join(conds)) if conds else ""
    rows = conn.execute(
        f"SELECT {_MEETING_COLS} FROM meetings m{where} ORDER BY m.sort_key LIMIT ?",
        [*params, max(limit, 0)],
    )
    return [_meeting_row(r) for r in rows]


# --- Items ------------------------------------------------------------------------------------


def _items_where(
    flt: Filter, text: _Text | None, rowids: tuple[int, int] | None = None
) -> tuple[str, str, Params]:
    """(join, where, params) selecting the filter's items (alias ``i``)."""
    conds, params = _item_conditions(flt, "i", text=text, rowids=rowids)
    m_conds, m_params = _meeting_conditions(flt, "m")
    join = " JOIN meetings m ON m.id = i.meeting_id" if m_conds else ""
    conds += m_conds
    params += m_params
    return join, (" WHERE " + " AND ".join(conds)) if conds else "", params


def count_items(conn: sqlite3.Connection, flt: Filter) -> int:
    """How many items the filter keeps (across all meetings)."""
    text = _text(conn, flt)
    flags, _ = _item_conditions(flt, "i")
    if text is not None and not flags and not text.phrases:
        # Count index hits; meeting parts join on the meeting encoded in the rowid.
        m_conds, m_params = _meeting_conditions(flt, "m")
        join = f" JOIN meetings m ON m.seq = items_fts.rowid >> {ITEM_SHIFT}" if m_conds else ""
        where = "".join(f" AND {c}" for c in m_conds)
        return conn.execute(
            f"SELECT count(*) FROM items_fts{join} WHERE items_fts MATCH ?{where}",
            [text.match, *m_params],
        ).fetchone()[0]
    join, where, params = _items_where(flt, text)
    return conn.execute(f"SELECT count(*) FROM items i{join}{where}", params).fetchone()[0]


def meeting_items(conn: sqlite3.Connection, meeting_id: str, flt: Filter) -> list[ItemRow]:
    """A meeting's items in agenda order; a non-empty filter keeps only matching items."""
    text = _text(conn, flt)
    rowids = _meeting_rowids(conn, meeting_id) if text is not None else None
    join, where, params = _items_where(flt, text, rowids)
    where = (where + " AND" if where else " WHERE") + " i.meeting_id = ?"
    rows = conn.execute(
        f"SELECT {_ITEM_COLS} FROM items i{join}{where} ORDER BY i.position",
        [*params, meeting_id],
    )
    return [_item_row(r) for r in rows]


# The ids of an item's child rows: from ``item rowid << CHILD_SHIFT`` over its positions.
_ITEM_CHILDREN = (
    f"BETWEEN i.rowid << {CHILD_SHIFT} AND (i.rowid << {CHILD_SHIFT}) | {(1 << CHILD_SHIFT) - 1}"
)


def _meeting_children(conn: sqlite3.Connection, meeting_id: str) -> tuple[int, int]:
    """The range of ids a meeting's resolutions, actions and documents have."""
    lo, hi = _meeting_rowids(conn, meeting_id)
    return lo << CHILD_SHIFT, ((hi + 1) << CHILD_SHIFT) - 1


def _item_key(item_id: str) -> list[str]:
    """Parameters for ``_BY_ITEM_ID``: an item id begins with its meeting's id, and
    items are indexed by (meeting_id, position), not by id."""
    return [item_id.split("/", 1)[0], item_id]


_BY_ITEM_ID = "i.meeting_id = ? AND i.id = ?"


def item_resolutions(conn: sqlite3.Connection, item_id: str) -> list[ResolutionRow]:
    """An item's resolutions in the order the minutes give them."""
    rows = conn.execute(
        f"SELECT {_RESOLUTION_COLS} FROM items i JOIN resolutions r ON r.id {_ITEM_CHILDREN}"
        f" WHERE {_BY_ITEM_ID} ORDER BY r.id",
        _item_key(item_id),
    )
    return [_resolution_row(r) for r in rows]


def item_actions(conn: sqlite3.Connection, item_id: str) -> list[ActionRow]:
    """An item's action points in order."""
    rows = conn.execute(
        f"SELECT {_ACTION_COLS} FROM items i JOIN actions a ON a.id {_ITEM_CHILDREN}"
        f" JOIN meetings m ON m.id = i.meeting_id WHERE {_BY_ITEM_ID} ORDER BY a.id",
        _item_key(item_id),
    )
    return [_action_row(r) for r in rows]


def meeting_resolutions(
    conn: sqlite3.Connection, meeting_id: str, flt: Filter
) -> list[ResolutionRow]:
    """A meeting's resolutions in agenda order: those of its matching items, and of the
    filter's kind when it names one."""
    text = _text(conn, flt)
    rowids = _meeting_rowids(conn, meeting_id) if text is not None else None
    join, where, params = _items_where(flt, text, rowids)
    where = (where + " AND" if where else " WHERE") + " r.id BETWEEN ? AND ?"
    params = [*params, *_meeting_children(conn, meeting_id)]
    if flt.kind:
        where += " AND r.kind = ?"
        params.append(flt.kind)
    # Ids run in agenda order, then in the item's order.
    rows = conn.execute(
        f"SELECT {_RESOLUTION_COLS} FROM resolutions r JOIN items i ON i.rowid = r.item_rowid"
        f"{join}{where} ORDER BY r.id",
        params,
    )
    return [_resolution_row(r) for r in rows]


def meeting_actions(conn: sqlite3.Connection, meeting_id: str, flt: Filter) -> list[ActionRow]:
    """A meeting's action points in agenda order (of its matching items)."""
    text = _text(conn, flt)
    rowids = _meeting_rowids(conn, meeting_id) if text is not None else None
    conds, params = _item_conditions(flt, "i", text=text, rowids=rowids)
    m_conds, m_params = _meeting_conditions(flt, "m")
    conds = [*conds, *m_conds, "a.id BETWEEN ? AND ?"]
    params = [*params, *m_params, *_meeting_children(conn, meeting_id)]
    rows = conn.execute(
        f"SELECT {_ACTION_COLS} FROM actions a JOIN items i ON i.rowid = a.item_rowid"
        " JOIN meetings m ON m.id = i.meeting_id WHERE " + " AND ".join(conds) + " ORDER BY a.id",
        params,
    )
    return [_action_row(r) for r in rows]


def item_detail(conn: sqlite3.Connection, item_id: str) -> ItemDetail | None:
    """Everything the reading view shows for one item, or None if it no longer exists."""
    row = conn.execute(
        f"SELECT {_ITEM_COLS}, i.description, i.minutes, i.decision, i.rowid FROM items i"
        f" WHERE {_BY_ITEM_ID}",
        _item_key(item_id),
    ).fetchone()
    if row is None:
        return None
    item = _item_row(row)
    meeting_row = meeting(conn, item.meeting_id)
    if meeting_row is None:  # cannot happen with foreign keys; be safe for the UI
        return None
    documents = tuple(
        DocumentRow(title=r[0], format=r[1], size_kb=r[2], url=r[3])
        for r in conn.execute(
            "SELECT title, format, size_kb, url FROM documents WHERE id BETWEEN ? AND ?"
            " ORDER BY id",
            [row[11] << CHILD_SHIFT, ((row[11] + 1) << CHILD_SHIFT) - 1],
        )
    )
    sources = tuple(
        SourceRow(
            path=r[0],
            sha256=r[1] or "",
            format=r[2] or "",
            page_kind=r[3] or "",
            ingested_at=r[4] or "",
        )
        for r in conn.execute(
            "SELECT s.path, s.sha256, s.format, s.page_kind, s.ingested_at FROM item_sources x"
            " JOIN sources s ON s.id = x.source_id WHERE x.item_rowid = ? ORDER BY s.path",
            [row[11]],
        )
    )
    return ItemDetail(
        item=item,
        meeting=meeting_row,
        description=row[8],
        minutes=row[9],
        decision=row[10],
        documents=documents,
        resolutions=tuple(item_resolutions(conn, item_id)),
        actions=tuple(item_actions(conn, item_id)),
        sources=sources,
    )


# --- All action points ------------------------------------------------------------------------


def _actions_where(
    conn: sqlite3.Connection, flt: Filter, depth: int | None = None
) -> tuple[str, str, Params]:
    """(join, where, params) selecting the filter's action points (alias ``a``); ``depth``:
    the rows a window reads past, when it is a window (a walk may then be chosen)."""
    # Every action's item has actions: has:actions needs no test here.
    item_flt = replace(flt, has=flt.has - {"actions"})
    conds, params = _item_conditions(item_flt, "i")
    m_conds, m_params = _meeting_conditions(flt, "m")
    text = _text(conn, flt)
    join = ""
    if conds or (text is not None and text.phrases):
        join += " JOIN items i ON i.rowid = a.item_rowid"
    if text is not None and depth is not None and _walk_actions(conn, text, depth):
        # In list order, each action's item asked of the index (stops at LIMIT).
        probe = "EXISTS (SELECT 1 FROM items_fts WHERE items_fts MATCH ? AND rowid = a.item_rowid)"
        conds.append("(" + " OR ".join([probe] * len(text.parts)) + ")")
        params += text.parts
    elif text is not None:
        # The action carries its item's rowid: test it against the index hits directly.
        conds.append("a.item_rowid IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)")
        params.append(text.match)
    if text is not None and text.phrases:
        conds.append(phrase_sql("?", "i"))
        params.append(text.phrases)
    # An action carries its meeting's sort_key, which begins with the inverted date: the
    # date bounds also as a range of the (sort_key) index the list is read in.
    if flt.date_from:
        conds.append("a.sort_key < ?")
        params.append(_sort_key_prefix(flt.date_from - dt.timedelta(days=1), "23:59"))
    if flt.date_to:
        conds.append("a.sort_key >= ?")
        params.append(_sort_key_prefix(flt.date_to, "23:59"))
    if m_conds:
        # The action's id holds its meeting's seq, and a meeting's actions are one id
        # range: both terms, so either side can lead the join.
        join += (
            f" JOIN meetings m ON m.seq = a.id >> {MEETING_SHIFT}"
            f" AND a.id BETWEEN m.seq << {MEETING_SHIFT} AND ((m.seq + 1) << {MEETING_SHIFT}) - 1"
        )
    conds += m_conds
    params += m_params
    return join, (" WHERE " + " AND ".join(conds)) if conds else "", params


# Walking the actions in list order and asking the index about each one's item costs ~0.07 ms
# an action for one word (more for a prefix's words, ~0.05 ms each), and the walk passes
# depth / share actions, share being the items' share that hold a hit; reading every hit into
# a set costs ~0.8 us a hit. At 1M items, 44 rows: "meeting" (~500k hits) set 378 ms, walk
# 8.7; "safeguarding" 157 / 2.3; "tran" (18 words, 75k) 83 / 288; "masters" (1.6k) 4 / 518.
ACTION_PROBE_MS = 0.02
ACTION_WORD_MS = 0.05
ACTION_HIT_MS = 0.0008


def _walk_actions(conn: sqlite3.Connection, text: _Text, depth: int) -> bool:
    """Whether a window ``depth`` rows deep into the action points walks them (see above).

    The walk wins when hits^2 > depth * items * (cost of an action) / (cost of a hit); the
    hits are read only up to that bound to know.
    """
    if text.recheck is not None or text.merged_prefix or depth > WALK_DEPTH:
        return False
    items, _ = _store_shape(conn)
    words = sum(part.count('"') // 2 for part in text.parts)
    per_action = ACTION_PROBE_MS + ACTION_WORD_MS * max(1, words)
    bound = math.isqrt(int(max(depth, 1) * items * per_action / ACTION_HIT_MS))
    return _hit_count(conn, text.match, bound + 1) > bound


def count_actions(conn: sqlite3.Connection, flt: Filter) -> int:
    """How many action points the filter keeps (those of matching items and meetings)."""
    join, where, params = _actions_where(conn, flt)
    return conn.execute(f"SELECT count(*) FROM actions a{join}{where}", params).fetchone()[0]


def actions_window(
    conn: sqlite3.Connection, flt: Filter, offset: int, limit: int
) -> list[ActionRow]:
    """All action points, newest meeting first (agenda order within a meeting)."""
    join, where, params = _actions_where(conn, flt, depth=max(offset, 0) + max(limit, 0))
    # Page over the (sort_key, id) index first, then join only the rows shown.
    rows = conn.execute(
        f"WITH page AS (SELECT a.id FROM actions a{join}{where}"
        " ORDER BY a.sort_key, a.id LIMIT ? OFFSET ?)"
        f" SELECT {_ACTION_COLS} FROM page JOIN actions a ON a.id = page.id"
        " JOIN items i ON i.rowid = a.item_rowid JOIN meetings m ON m.id = i.meeting_id"
        " ORDER BY a.sort_key, a.id",
        [*params, max(limit, 0), max(offset, 0)],
    )
    return [_action_row(r) for r in rows]


def store_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Totals for the status bar: meetings, items, resolutions, actions, sources."""
    counts = {}
    for name, sql in (
        ("meetings", "SELECT count(*) FROM meetings"),
        ("items", "SELECT count(*) FROM items"),
        ("resolutions", "SELECT count(*) FROM resolutions"),
        ("actions", "SELECT count(*) FROM actions"),
        ("sources", "SELECT count(*) FROM sources WHERE status = 'ok'"),
    ):
        counts[name] = conn.execute(sql).fetchone()[0]
    return counts


def search_items(
    conn: sqlite3.Connection, flt: Filter, limit: int = 20, offset: int = 0
) -> list[SearchHit]:
    """Items matching the filter: best text match first (FTS rank), then newest meeting."""
    conds, params = _item_conditions(flt, "i")
    m_conds, m_params = _meeting_conditions(flt, "m")
    conds += m_conds
    params += m_params
    # FTS5's own prefix query, not the OR of the words it starts: bm25 then scores the
    # prefix as one term, where an OR would rank items holding its rarest words first.
    query = text_query(flt)
    if query is not None and query.phrase_spec:
        conds.append(phrase_sql("?", "i"))
        params.append(query.phrase_spec)
    match = query.match() if query is not None else None
    if match and not conds:
        # Rank and page inside the index, then read only the rows shown.
        source = (
            "(SELECT rowid, rank FROM items_fts WHERE items_fts MATCH ?"
            " ORDER BY rank LIMIT ? OFFSET ?) AS hits JOIN items i ON i.rowid = hits.rowid"
        )
        rows = conn.execute(
            f"SELECT {_ITEM_COLS}, {_MEETING_COLS}, i.description, i.minutes, i.decision"
            f" FROM {source} JOIN meetings m ON m.id = i.meeting_id"
            " ORDER BY hits.rank, m.sort_key, i.position",
            [match, max(limit, 0), max(offset, 0)],
        )
        return [_search_hit(r) for r in rows]
    if match:
        source = "items_fts JOIN items i ON i.rowid = items_fts.rowid"
        conds.insert(0, "items_fts MATCH ?")
        params.insert(0, match)
        order = "items_fts.rank, m.sort_key, i.position"
    else:
        source = "items i"
        order = "m.sort_key, i.position"
    where = (" WHERE " + " AND ".join(conds)) if conds else ""
    rows = conn.execute(
        f"SELECT {_ITEM_COLS}, {_MEETING_COLS}, i.description, i.minutes, i.decision"
        f" FROM {source} JOIN meetings m ON m.id = i.meeting_id{where}"
        f" ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, max(limit, 0), max(offset, 0)],
    )
    return [_search_hit(r) for r in rows]


def _search_hit(r: Sequence[Any]) -> SearchHit:
    end = _ITEM_WIDTH + _MEETING_WIDTH
    return SearchHit(
        item=_item_row(r[:_ITEM_WIDTH]),
        meeting=_meeting_row(r[_ITEM_WIDTH:end]),
        description=r[end],
        minutes=r[end + 1],
        decision=r[end + 2],
    )
