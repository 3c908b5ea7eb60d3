"""The search planner: which way the index is read for a filter's words, and the SQL.

A text filter's meetings window can be read several ways, and every way gives the same
rows (``tests/test_search_plans.py`` proves it); what differs is the cost, which
depends on how many items hold the words and how deep the window is:

* ``Hits``: read every hit, look up and sort their meetings. Few hits.
* ``Set``: read every hit once into SQLite's IN-set and walk the meetings newest first
  testing membership, stopping at LIMIT. More hits, or a deep window.
* ``Walk``: walk the meetings newest first and probe the index per meeting with its
  rowid range (a prefix's words biggest first in growing groups, its rare words read
  once into a set). Words most meetings hold, near the top of the list.
* ``TextWalk``: a prefix alone near the top: a meeting none of the common words is in
  has its items' text read and checked instead of the rare words' set.

``choose`` picks one from the words (``StoreText``), the window's depth and the
thresholds (``store.tuning``); it runs no SQL itself, asking ``HitCounter`` for the
bounded hit counts it needs. Each plan builds only its own SQL (``text_sql``).
"""

from __future__ import annotations

import json
import math
import sqlite3
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import ClassVar, Protocol

from store import filters, rowids, tuning
from store.facts import per_store
from store.filters import Filter, Params
from store.folding import normalise_name
from store.fts_pages import FTS_PAGE_HITS
from store.phrases import phrase_sql
from store.search import text_query
from store.words import StoreText, hit_count, hit_sample, store_shape, store_text

HITS = "hits"
WALK = "walk"
SET = "set"
TEXT_WALK = "text-walk"
PLANS = (HITS, WALK, SET, TEXT_WALK)


@dataclass(frozen=True)
class ItemTests:
    """The filter's tests on an item row (alias ``i``) a plan adds to its index reads:
    has:/kind: flags and phrase adjacency, as SQL after ``AND`` and its parameters."""

    conds: list[str]
    params: Params

    @property
    def extra(self) -> str:
        return "".join(f" AND {c}" for c in self.conds)


class Plan:
    """One way of testing a meeting (alias ``m``) against the filter's words."""

    name: ClassVar[str]

    def text_sql(self, text: StoreText, m: str, tests: ItemTests) -> tuple[list[str], Params]:
        raise NotImplementedError


def _hit_seqs(tests: ItemTests) -> str:
    """A subquery: the meeting seq of every hit of a MATCH (``?``), with item tests."""
    if tests.conds:
        return (
            f"SELECT {rowids.seq_of_item_sql('i.rowid')} FROM items_fts JOIN items i"
            f" ON i.rowid = items_fts.rowid WHERE items_fts MATCH ?{tests.extra}"
        )
    return f"SELECT {rowids.seq_of_item_sql('rowid')} FROM items_fts WHERE items_fts MATCH ?"


@dataclass(frozen=True)
class Hits(Plan):
    """Read every hit and look up their meetings; ``seqs``: those meetings, already read."""

    name: ClassVar[str] = HITS
    seqs: Sequence[int] | None = None

    def text_sql(self, text: StoreText, m: str, tests: ItemTests) -> tuple[list[str], Params]:
        if self.seqs is not None:
            return [f"{m}.seq IN (SELECT value FROM json_each(?))"], [json.dumps(list(self.seqs))]
        # The meeting of a hit is in its rowid: no items lookup per hit.
        return [f"{m}.seq IN ({_hit_seqs(tests)})"], [text.match, *tests.params]


class Set(Plan):
    """Every hit read once into an IN-set; the meetings walked newest first against it."""

    name: ClassVar[str] = SET

    def text_sql(self, text: StoreText, m: str, tests: ItemTests) -> tuple[list[str], Params]:
        # "+" keeps the seq index out of it: SQLite then walks sort_key and probes the
        # IN-set it built once, stopping at LIMIT, instead of sorting every hit's meeting.
        return [f"+{m}.seq IN ({_hit_seqs(tests)})"], [text.match, *tests.params]


class Walk(Plan):
    """The meetings walked newest first, each probed in the index by its rowid range."""

    name: ClassVar[str] = WALK

    def probes(self, text: StoreText) -> tuple[str, ...]:
        return text.probes

    def text_sql(self, text: StoreText, m: str, tests: ItemTests) -> tuple[list[str], Params]:
        # Last among the meeting's tests, so the cheap ones reject a meeting before its probe.
        lo, hi = rowids.meeting_items_sql(f"{m}.seq")
        params: Params = []
        found: list[str] = []
        for probe in self.probes(text):
            if tests.conds:
                found.append(
                    "EXISTS (SELECT 1 FROM items_fts JOIN items i"
                    " ON i.rowid = items_fts.rowid WHERE items_fts MATCH ?"
                    f" AND items_fts.rowid BETWEEN {lo} AND {hi}{tests.extra})"
                )
                params += [probe, *tests.params]
            else:
                found.append(
                    "EXISTS (SELECT 1 FROM items_fts WHERE items_fts MATCH ?"
                    f" AND rowid BETWEEN {lo} AND {hi})"
                )
                params.append(probe)
        last = self.last_resort(text, m, tests, (lo, hi))
        if last is not None:
            found.append(last[0])
            params += last[1]
        return [found[0] if len(found) == 1 else "(" + " OR ".join(found) + ")"], params

    def last_resort(
        self, text: StoreText, m: str, tests: ItemTests, span: tuple[str, str]
    ) -> tuple[str, Params] | None:
        """What a meeting no probe holds is tested against (None: nothing more): a prefix's
        rare words' set."""
        if text.set_match is None and text.probes:
            return None
        # Probing each rare word per meeting costs more than reading all their hits once
        # (SQLite reads them only if a meeting gets this far).
        return f"+{m}.seq IN ({_hit_seqs(tests)})", [
            text.set_match or text.match,
            *tests.params,
        ]


class TextWalk(Walk):
    """A prefix alone: its common words probed, then a meeting's items read as text.
    Words without common ones (``text_walk`` None) are walked as ``Walk`` walks them."""

    name: ClassVar[str] = TEXT_WALK

    def probes(self, text: StoreText) -> tuple[str, ...]:
        return text.probes if text.text_walk is None else text.text_walk[0]

    def last_resort(
        self, text: StoreText, m: str, tests: ItemTests, span: tuple[str, str]
    ) -> tuple[str, Params] | None:
        if text.text_walk is None:
            return super().last_resort(text, m, tests, span)
        lo, hi = span
        check = (
            f"EXISTS (SELECT 1 FROM items i WHERE i.rowid BETWEEN {lo} AND {hi}"
            f" AND {phrase_sql('?', 'i')}{tests.extra})"
        )
        return check, [text.text_walk[1], *tests.params]


_BY_NAME: dict[str, Plan] = {HITS: Hits(), WALK: Walk(), SET: Set(), TEXT_WALK: TextWalk()}


# --- choosing --------------------------------------------------------------------------------


class HitCounter(Protocol):
    """Bounded reads of a MATCH's hits: what ``choose`` needs to know of the index."""

    def seqs(self, match: str, limit: int) -> list[int]: ...
    def count(self, match: str, limit: int) -> int: ...
    def held(self, match: str, limit: int) -> tuple[int, int]: ...
    def held_seqs(self, match: str, limit: int) -> list[int] | None: ...
    def meetings(self) -> int: ...


@dataclass(frozen=True)
class IndexHits:
    """``HitCounter`` over a store connection, for a filter with these item tests."""

    conn: sqlite3.Connection
    tests: ItemTests = ItemTests([], [])

    def seqs(self, match: str, limit: int) -> list[int]:
        """The meeting seqs of the first ``limit`` hits, kept until the store changes (the
        plan worked out while the filter is typed is Enter's, with no read of its own);
        kept as 8 bytes a seq, not a list of ints (~32 bytes each, 1,501 a word typed)."""

        def read() -> array[int]:
            return array("q", hit_sample(self.conn, match, limit))

        return list(per_store(self.conn, ("seqs", match, limit), read))

    def count(self, match: str, limit: int) -> int:
        """The hits counted up to ``limit``, kept as ``seqs``."""
        key = ("count", match, limit)
        return per_store(self.conn, key, partial(hit_count, self.conn, match, limit))

    def held(self, match: str, limit: int) -> tuple[int, int]:
        """Of the newest ``limit`` hits, (how many pass the item tests, how many were read);
        kept until the store changes, as ``held_seqs``."""
        tests = self.tests

        def read() -> tuple[int, int]:
            return _passing_among_newest(self.conn, "items i", "i.rowid", tests, match, limit)

        key = ("held", match, tuple(tests.conds), tuple(tests.params), limit)
        return per_store(self.conn, key, read)

    def held_seqs(self, match: str, limit: int) -> list[int] | None:
        """The meeting seqs of the hits that pass the item tests (one per hit), None when
        more than ``limit``; kept until the store changes, so that every window of the
        list (the rest of its first page, a jump) reads them once."""
        tests = self.tests

        def read() -> list[int] | None:
            seqs = [
                row[0]
                for row in self.conn.execute(
                    f"{_hit_seqs(tests)} LIMIT ?", [match, *tests.params, limit + 1]
                )
            ]
            return None if len(seqs) > limit else seqs

        key = ("held seqs", match, tuple(tests.conds), tuple(tests.params), limit)
        return per_store(self.conn, key, read)

    def meetings(self) -> int:
        return store_shape(self.conn)[1]


def choose(text: StoreText, flags: bool, depth: int, hits: HitCounter, tune: tuning.Tuning) -> Plan:
    """The plan for a filter's words (``flags``: it has item tests too) at ``depth`` rows.

    A prefix left to FTS5 (starting too many words to list) takes ``Set``: FTS5 merges
    it per query, so probing it once per meeting costs the merge per meeting. A word the
    index itself says is common skips the bounded read of its hits. A phrase is checked
    on each candidate item's text, so it reads the hits only when few; with more, the
    share of the newest that hold it prices a walk against reading them once
    (``_phrase_plan``). A walk costs by the meeting it passes, so a deep window reads
    every hit once instead.
    """
    many: Plan = _BY_NAME[WALK if text.probes and depth <= tune.walk_depth else SET]
    if many.name == WALK and text.text_walk is not None and depth <= tune.text_walk_depth:
        many = _BY_NAME[TEXT_WALK]
    if text.merged_prefix:
        return _BY_NAME[SET]
    if text.pages is not None and text.pages * FTS_PAGE_HITS > 4 * tune.rare_hits:
        return many  # the index says: common
    few = tune.phrase_hits if text.phrases else tune.few_hits
    seqs = hits.seqs(text.match, few + 1)
    if len(seqs) <= few:
        return _BY_NAME[HITS] if flags or text.phrases else Hits(sorted(set(seqs)))
    if text.phrases:
        if depth > tune.phrase_walk_depth or (
            hits.count(text.match, tune.phrase_set_hits + 1) <= tune.phrase_set_hits
        ):
            return _BY_NAME[SET]
        return _phrase_plan(text.match, depth, hits, tune)
    if text.pages is None and hits.count(text.match, tune.rare_hits + 1) > tune.rare_hits:
        return many
    return _BY_NAME[SET]


def _phrase_plan(match: str, depth: int, hits: HitCounter, tune: tuning.Tuning) -> Plan:
    """A phrase with many candidates (items holding its words): walk the meetings, or read
    the candidates once (``Hits`` when few will hold it, else ``Set``).

    A walk stops once it has passed a window's worth (``depth`` rows) of meetings holding
    the phrase, so it pays when the phrase holds in a good share of the candidates; when
    its words are common but seldom side by side it passes every meeting. The newest
    candidates are checked for that share (the phrase and the filter's other item tests,
    ``kind:`` and ``has:``); a low one has the candidates counted, as far as the count
    where walking starts to pay. A walk decided on the few holders of a small sample is
    checked against a bigger one first.
    """
    meetings = max(1, hits.meetings())
    for size in (tune.phrase_sample, tune.phrase_sample_more):
        held, sampled = hits.held(match, size)
        if held >= tune.phrase_dense * sampled:
            return _BY_NAME[WALK]
        share = (held + 0.5) / (sampled + 1)  # smoothed: none seen is not none at all
        # If the items holding it are spread one a meeting, a walk passes meetings * need /
        # (candidates * share) meetings, and checks the candidates among them: it costs less
        # than checking every candidate once from ``enough`` candidates on (the root of
        # C^2 - C*b - b*meetings*walk/check = 0, with b = need / share).
        b = max(depth, tune.window_rows) / share
        ratio = tune.phrase_walk_ms / tune.phrase_check_ms
        root = (b + math.sqrt(b * b + 4 * b * meetings * ratio)) / 2
        enough = min(tune.phrase_count_max, math.ceil(root))
        candidates = hits.count(match, enough + 1)
        if candidates <= enough:
            if candidates * share <= tune.few_hits:  # few hold it: their meetings, read once
                seqs = hits.held_seqs(match, tune.few_hits)
                if seqs is not None:
                    return Hits(sorted(set(seqs)))
            return _BY_NAME[SET]
        if held >= tune.phrase_sure or sampled < size:
            break  # the share is known well enough to walk on
    return _BY_NAME[WALK]


# --- SQL -------------------------------------------------------------------------------------


def item_tests(flt: Filter, text: StoreText) -> ItemTests:
    """The item-row tests a plan's index reads carry: flags, then phrase adjacency."""
    conds, params = filters.item_sql(flt, "i")
    if text.phrases:
        conds.append(phrase_sql("?", "i"))
        params.append(text.phrases)
    return ItemTests(conds, params)


def meetings_where(
    flt: Filter, text: StoreText | None = None, plan: Plan | str = HITS, m: str = "m"
) -> tuple[str, Params]:
    """A WHERE clause (with leading ``WHERE`` or empty) selecting the filter's meetings.

    ``text`` is the filter's words (``store_text``; without it the words are ignored);
    ``plan`` says how they are tested.
    """
    conds, params = filters.meeting_sql(flt, m)
    summary = filters.summary_sql(flt, m)
    conds += summary
    if text is not None:
        chosen = _BY_NAME[plan] if isinstance(plan, str) else plan
        more, more_params = chosen.text_sql(text, m, item_tests(flt, text))
        conds += more
        params += more_params
    elif len(summary) > 1:
        item_conds, item_params = filters.item_sql(flt, "i")
        conds.append(
            f"EXISTS (SELECT 1 FROM items i WHERE i.meeting_id = {m}.id AND "
            + " AND ".join(item_conds)
            + ")"
        )
        params += item_params
    return (" WHERE " + " AND ".join(conds)) if conds else "", params


def planned_where(
    conn: sqlite3.Connection, flt: Filter, plan: str | None, depth: int = 0
) -> tuple[str, Params]:
    """The meetings WHERE clause under the plan the filter calls for (``plan`` forces one;
    tests prove all give the same rows). ``depth``: how many rows the query walks past."""
    _, where, params = planned_window(conn, flt, plan, depth)
    return where, params


# The index that orders meetings given by seq (m011): a window of the few meetings ``Hits``
# read is put in order from the index alone, then only its own rows are read.
SEQ_ORDER_INDEX = "idx_meetings_seq_sort_key"


def planned_window(
    conn: sqlite3.Connection, flt: Filter, plan: str | None, depth: int = 0
) -> tuple[str, str, Params]:
    """``planned_where``, with the index a window's order is best read from: ``SEQ_ORDER_INDEX``
    when the plan read the hits' meetings already (``Hits`` with their seqs), else ""."""
    text = store_text(conn, flt)
    if text is None:
        return ("", *meetings_where(flt))
    tune = tuning.TUNING
    if text.windowed is not None and depth <= tune.phrase_walk_depth:
        text = text.windowed  # deeper, its set would check every candidate's text
    if plan is not None:
        return ("", *meetings_where(flt, text, plan))
    flags = bool(filters.item_sql(flt, "i")[0])
    chosen = choose(text, flags, depth, IndexHits(conn, item_tests(flt, text)), tune)
    index = SEQ_ORDER_INDEX if isinstance(chosen, Hits) and chosen.seqs is not None else ""
    return (index, *meetings_where(flt, text, chosen))


def item_text_sql(
    flt: Filter, text: StoreText | None, i: str = "i", rowids_span: rowids.Range | None = None
) -> tuple[list[str], Params]:
    """The filter's tests on items (alias ``i``), with its words when ``text`` is given.

    ``rowids_span`` bounds the full-text search to one meeting's items, so a common word
    does not gather every hit in the store to show one meeting.
    """
    conds, params = filters.item_sql(flt, i)
    if text is not None and rowids_span is not None:
        # Part by part, biggest first: an item in the first is not looked for in the rest
        # (SQLite reads each part's hits among the meeting's rowids only when needed).
        in_range = (
            f"{i}.rowid IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?"
            " AND rowid BETWEEN ? AND ?)"
        )
        tests = [in_range] * len(text.parts)
        for part in text.parts:
            params += [part, *rowids_span]
        if text.recheck is not None:
            tokens, spec = text.recheck
            check = phrase_sql("?", i)
            if tokens is not None:
                tests.append(f"({in_range} AND {check})")
                params += [tokens, *rowids_span, spec]
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


# --- the all-actions list ----------------------------------------------------------------------


def walk_actions(conn: sqlite3.Connection, text: StoreText, depth: int, share: float = 1.0) -> bool:
    """Whether a window ``depth`` rows deep into the action points walks them.

    Walking the actions in list order and probing each one's item passes depth / share
    actions (share: the items' share that hold a hit, and of those the ``share`` that
    pass the filter's item tests); reading every hit into a set costs per hit. The walk
    wins when hits^2 > depth * items * (cost of an action) / (cost of a hit * share);
    the hits are read only up to that bound to know.
    """
    tune = tuning.TUNING
    if text.recheck is not None or text.merged_prefix or depth > tune.walk_depth:
        return False
    items, _ = store_shape(conn)
    words = sum(part.count('"') // 2 for part in text.parts)
    per_action = tune.action_probe_ms + tune.action_word_ms * max(1, words)
    bound = math.isqrt(int(max(depth, 1) * items * per_action / (tune.action_hit_ms * share)))
    return hit_count(conn, text.match, bound + 1) > bound


def walk_action_set(
    conn: sqlite3.Connection, text: StoreText, depth: int, share: float = 1.0
) -> bool:
    """Whether a window ``depth`` rows deep that does not probe (``walk_actions``) walks the
    list in its order testing each action's item against the hits, read once, rather than
    reading every hit's action and sorting them.

    The same bound as the probes' with the cheaper test per action passed: "budget
    status:open" at 1M items, 34,000 hits: sorted 41 ms, walked 6 ms.
    """
    tune = tuning.TUNING
    items, _ = store_shape(conn)
    per_hit = tune.action_hit_ms * share
    bound = math.isqrt(int(max(depth, 1) * items * tune.action_set_walk_ms / per_hit))
    return hit_count(conn, text.match, bound + 1) > bound


def held_share(held: Callable[[int], tuple[int, int]], tune: tuning.Tuning) -> float:
    """The share that passes of what ``held(n)`` samples (passed, sampled), from a sample
    of ``phrase_sample`` (or ``phrase_sample_more``, when fewer than ``phrase_sure`` of
    those pass); smoothed, so that none seen is not none at all."""
    passed, sampled = 0, 0
    for size in (tune.phrase_sample, tune.phrase_sample_more):
        passed, sampled = held(size)
        if passed >= tune.phrase_sure or sampled < size:
            break
    return (passed + 0.5) / (sampled + 1)


def actions_held(
    conn: sqlite3.Connection, match: str, tests: ItemTests, limit: int
) -> tuple[int, int]:
    """Of the actions of the newest ``limit`` hits of a MATCH, (how many pass the item
    tests, how many there are): the actions, not the items, as an item the tests keep
    may have none (a truncated one, mostly)."""
    actions = "actions a JOIN items i ON i.rowid = a.item_rowid"
    return _passing_among_newest(conn, actions, "a.item_rowid", tests, match, limit)


def _passing_among_newest(
    conn: sqlite3.Connection, rows: str, item: str, tests: ItemTests, match: str, limit: int
) -> tuple[int, int]:
    """Of ``rows`` (SQL: items aliased ``i``, or rows joined to them) whose ``item`` is one
    of the newest ``limit`` hits of a MATCH, (how many pass the item tests, how many)."""
    passed = " AND ".join(tests.conds) or "1"
    row = conn.execute(
        f"SELECT coalesce(sum({passed}), 0), count(*) FROM {rows} WHERE {item} IN"
        " (SELECT rowid FROM items_fts WHERE items_fts MATCH ? ORDER BY rowid DESC LIMIT ?)",
        [*tests.params, match, limit],
    ).fetchone()
    return int(row[0]), int(row[1])


def owner_keys(conn: sqlite3.Connection, owner: str) -> tuple[str, ...]:
    """The store's owner keys holding ``owner``'s words: the ~3,000 keys read from their
    index one seek each (7 ms at 1M items), once per store state rather than by every query
    of a filter (its window, the planner's count, the list's length)."""
    key = normalise_name(owner)

    def read() -> tuple[str, ...]:
        return tuple(
            row[0]
            for row in conn.execute(
                f"{filters.OWNER_KEYS} WHERE v LIKE ? ESCAPE '\\'", [filters.like_pattern(key)]
            )
        )

    return per_store(conn, ("owners", key), read)


def _walk_tracker(conn: sqlite3.Connection, flt: Filter, depth: int) -> bool:
    """Whether a window ``depth`` rows deep walks the list testing the tracker's fields on
    each action, or reads the actions they keep from their own indexes and sorts them.

    Walking passes about depth / share actions (share: the part of the store they keep);
    reading them costs one row each and a sort. One field that keeps few actions (counted
    on its own index, up to a bound) is read; when every field keeps many, the list is
    walked. An open or overdue status is taken to keep many: most actions are open.
    """
    bound = tuning.TUNING.tracker_seek_rows * max(1, depth // 44)
    closed = flt.statuses - {"open", "overdue"}
    alone = [
        Filter(owner=flt.owner, owner_keys=flt.owner_keys),
        Filter(
            due_after=flt.due_after,
            due_before=flt.due_before,
            due_none=flt.due_none,
            due_any=flt.due_any,
        ),
        Filter(statuses=closed) if closed == flt.statuses else Filter(),
    ]
    for one in alone:
        conds, params = filters.action_sql(one, "a")
        if not conds:
            continue
        kept = conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM actions a WHERE {' AND '.join(conds)} LIMIT ?)",
            [*params, bound + 1],
        ).fetchone()[0]
        if kept <= bound:
            return False
    return True


def _actions_holding(
    conn: sqlite3.Connection, text: StoreText, depth: int | None, tests: ItemTests
) -> tuple[str, Params, bool]:
    """The test that an action's item (``a.item_rowid``) holds the words, its parameters,
    and whether the actions are read from their item index by it (else: walked in the
    list's order, stopping at LIMIT).

    A walk passes actions until its window is full: with item tests (``kind:``, ``has:``,
    a phrase) it passes as many more as the tests reject, so the share of the newest hits
    that pass them prices it. Unpriced, 'is has:truncated' at 1M items (no action passes)
    probed every action: 4.2 s, against 0.4 s reading the hits' actions."""
    share = 1.0
    if depth is not None and tests.conds:
        share = held_share(partial(actions_held, conn, text.match, tests), tuning.TUNING)
    if depth is not None and walk_actions(conn, text, depth, share):
        # In list order, each action's item asked of the index.
        probe = "EXISTS (SELECT 1 FROM items_fts WHERE items_fts MATCH ? AND rowid = a.item_rowid)"
        return "(" + " OR ".join([probe] * len(text.parts)) + ")", list(text.parts), False
    # The action carries its item's rowid: test it against the index hits directly
    # (``+``: as the list's order is walked, else each hit's actions read and sorted).
    walk = depth is not None and walk_action_set(conn, text, depth, share)
    column = "+a.item_rowid" if walk else "a.item_rowid"
    holds = f"{column} IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)"
    return holds, [text.match], not walk


def _prefix_text_walk(
    conn: sqlite3.Connection, flt: Filter, depth: int | None, conds: list[str], params: Params
) -> tuple[str, Params] | None:
    """For a word being typed and nothing else (``s``): the test of a walk of the actions
    in list order that checks each one's item text (with the item tests ``conds``),
    when most of the newest actions pass it; else None.

    FTS5 reads a short prefix as the set of every item holding a word it starts: 830,000
    at 1M items for ``s``, 1.2-2.0 s before the list's first row. A walk that checks the
    text stops at its window's end: ``s`` passed 50 actions, 0.5 ms. The test is guarded
    by a term on the action (``+``: not handed to the item by the join): as a test of the
    item alone, SQLite checked every item's text first, to build a Bloom filter.
    """
    tune = tuning.TUNING
    if depth is None or depth > tune.walk_depth or flt.tracks:
        return None  # a count, a deep window, the tracker's fields: not walked on the text
    query = text_query(flt)
    if query is None or not query.prefix or query.tokens or query.phrases:
        return None
    checks = " AND ".join([phrase_sql("?", "i"), *conds])
    test = f"CASE WHEN +a.item_rowid = i.rowid THEN {checks} ELSE 0 END"
    test_params: Params = [query.prefix + "*", *params]

    def sample() -> tuple[int, int]:
        passed, sampled = conn.execute(
            f"SELECT coalesce(sum({test}), 0), count(*) FROM (SELECT id, item_rowid FROM"
            " actions ORDER BY sort_key LIMIT ?) a JOIN items i ON i.rowid = a.item_rowid",
            [*test_params, tune.phrase_sample],
        ).fetchone()
        return int(passed), int(sampled)

    # Kept until the store changes: each window of the list (a page, a jump) asks again.
    key = ("prefix walk", test, tuple(test_params), tune.phrase_sample)
    passed, sampled = per_store(conn, key, sample)
    if not sampled or passed < tune.phrase_dense * sampled:
        return None
    return test, test_params


def actions_where(
    conn: sqlite3.Connection, flt: Filter, depth: int | None = None
) -> tuple[str, str, Params]:
    """(join, where, params) selecting the filter's action points (alias ``a``); ``depth``:
    the rows a window reads past, when it is a window (a walk may then be chosen)."""
    conds, params = filters.item_sql(flt, "i", under_actions=True)
    m_conds, m_params = filters.meeting_sql(flt, "m", under_actions=True)
    text = store_text(conn, flt)
    join = ""
    if conds or (text is not None and text.phrases):
        join += " JOIN items i ON i.rowid = a.item_rowid"
    walked = _prefix_text_walk(conn, flt, depth, conds, params)
    if walked is not None:
        # Its test holds the item tests too: none left outside it to be checked on the items.
        conds, params = [walked[0]], walked[1]
        join = " JOIN items i ON i.rowid = a.item_rowid"
    elif text is not None:
        tests = ItemTests(list(conds), list(params))
        if text.phrases:
            tests = ItemTests([*tests.conds, phrase_sql("?", "i")], [*tests.params, text.phrases])
        holds, holds_params, indexed = _actions_holding(conn, text, depth, tests)
        if text.phrases:
            # The text is checked only for an action whose item holds the words: as two
            # terms, SQLite called fts_phrases on every action it passed (973,530 calls,
            # 5.7 s, for '"true record"' at 1M items). A read of the hits' actions from
            # their index keeps its own term too, the one the index is read by.
            if indexed:
                conds.append(holds)
                params += holds_params
                holds = "+" + holds
            conds.append(f"CASE WHEN {holds} THEN {phrase_sql('?', 'i')} ELSE 0 END")
            params += [*holds_params, text.phrases]
        else:
            conds.append(holds)
            params += holds_params
    if flt.owner and flt.owner_keys is None and normalise_name(flt.owner):
        flt = replace(flt, owner_keys=owner_keys(conn, flt.owner))
    if flt.tracks and depth is not None:
        flt = flt.walking(_walk_tracker(conn, flt, depth))
    a_conds, a_params = filters.action_sql(flt, "a")
    conds += a_conds
    params += a_params
    if m_conds:
        # The action's id holds its meeting's seq, and a meeting's actions are one id
        # range: both terms, so either side can lead the join.
        join += (
            f" JOIN meetings m ON m.seq = {rowids.seq_of_child_sql('a.id')}"
            f" AND a.id {rowids.meeting_children_between_sql('m.seq')}"
        )
    conds += m_conds
    params += m_params
    return join, (" WHERE " + " AND ".join(conds)) if conds else "", params
