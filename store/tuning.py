"""The search planner's thresholds, in one place.

Each number is where one way of reading the index starts to cost more than another,
found by measuring on the benchmark stores (``python -m benchmarks.run``,
``python -m benchmarks.filter_stages``); the measurements themselves are in the README's
Performance section, where they are re-measured, not here. The planner reads
``store.tuning.TUNING`` when it plans, so a benchmark or a test can swap in another
``Tuning`` (``dataclasses.replace``) and watch the choice move while the answers stay.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tuning:
    """Thresholds of the search plans (see ``store.planner``)."""

    # --- a typed prefix -----------------------------------------------------------------
    prefix_min: int = 1  # shorter prefixes are left to FTS5's own ``word*``
    prefix_terms_max: int = 1024  # a prefix starting more words: FTS5's ``word*`` it is
    # A prefix alone starting more words than this: a read of every hit merges their lists
    # (FTS5's ``word*``) rather than OR-ing them.
    or_terms_max: int = 128
    # More words than this: one meeting's items are checked on their text, not probed word
    # by word.
    part_terms_max: int = 32
    walk_pages: int = 8  # a word whose items span this many leaf pages is common: probed
    # The common words in this share of meetings: the rare words are probed too, not read
    # into a set.
    dense_share: float = 0.9
    # --- the meetings list --------------------------------------------------------------
    few_hits: int = 1_500  # up to this many hits: read and sort them (HITS)
    rare_hits: int = 20_000  # up to this many: read them into a set (SET); more: walk (WALK)
    phrase_hits: int = 300  # a phrase's candidates are checked on their text: HITS up to this
    phrase_set_hits: int = 5_000  # ... SET up to this many candidates, else WALK
    # A walk costs by the meeting it passes: past this many rows (offset and limit) a window
    # reads every hit once instead.
    walk_depth: int = 1_000
    phrase_walk_depth: int = 5_000
    # More candidates than phrase_set_hits: the newest ``phrase_sample`` are checked on their
    # text, and the share holding the phrase prices a walk (it passes meetings until it has
    # found a window's worth) against checking every candidate once. A phrase of common
    # words that are seldom side by side (9 of 18,395 candidates at 1M items) walked every
    # meeting: 1.9 s, against 0.2-0.3 s for reading its candidates once.
    phrase_sample: int = 64
    phrase_sample_more: int = 1_024  # ... and these, if fewer than phrase_sure of those held it
    phrase_sure: int = 8
    phrase_dense: float = 0.25  # this share of the sample or more holding it: a walk, uncounted
    phrase_count_max: int = 200_000  # the candidates counted up to this many to price the rest
    phrase_walk_ms: float = 0.016  # a phrase's walk, per meeting it passes
    phrase_check_ms: float = 0.017  # one candidate's text checked for the phrase
    window_rows: int = 100  # the rows a window is priced for at the least (a keyset page)
    # TEXT_WALK (a meeting the common words miss is read as text) only this near the top.
    text_walk_depth: int = 300
    # --- the all-actions list: walk the actions and probe each one's item, or read a set --
    action_probe_ms: float = 0.02  # cost of probing one action's item, per probe
    action_word_ms: float = 0.05  # ... and per word probed
    action_hit_ms: float = 0.0008  # cost of reading one hit into the set
    # Not walked with probes: a walk testing each action's item against the hits read once
    # (no sort), per action passed; else every hit's action is read and sorted.
    action_set_walk_ms: float = 0.003
    # The tracker's fields (status:, owner:, due:) keeping more actions than this share of
    # a window's depth times the store's are walked in the list's order; fewer are read from
    # their own index and sorted (a probe counts them up to the bound).
    tracker_seek_rows: int = 3_000


TUNING = Tuning()
