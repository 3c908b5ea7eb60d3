"""``store.planner.choose`` is a pure function of the words, the depth, the hit counts and
the thresholds: these cases need no store (the counts come from a stand-in)."""

from __future__ import annotations

from dataclasses import dataclass, field

from store.planner import SET, TEXT_WALK, WALK, Hits, choose
from store.tuning import Tuning
from store.words import StoreText


@dataclass
class Counts:
    """A ``HitCounter`` with a fixed number of hits, spread over meetings 1, 2, 3...; a
    phrase holds in ``share`` of them, in a store of ``stored`` meetings."""

    hits: int
    share: float = 1.0
    stored: int = 100_000
    asked: list[tuple[str, int]] = field(default_factory=list)

    def held(self, match: str, limit: int) -> tuple[int, int]:
        self.asked.append(("held", limit))
        sampled = min(self.hits, limit)
        return round(self.share * sampled), sampled

    def held_seqs(self, match: str, limit: int) -> list[int] | None:
        self.asked.append(("held seqs", limit))
        held = round(self.share * self.hits)
        return None if held > limit else [1 + n % 3 for n in range(held)]

    def meetings(self) -> int:
        return self.stored

    def seqs(self, match: str, limit: int) -> list[int]:
        self.asked.append(("seqs", limit))
        return [1 + n % 3 for n in range(min(self.hits, limit))]

    def count(self, match: str, limit: int) -> int:
        self.asked.append(("count", limit))
        return min(self.hits, limit)


TUNE = Tuning()


def words(*, pages: int | None = None, phrases: str | None = None, **kw: object) -> StoreText:
    defaults: dict[str, object] = dict(
        match='"report"',
        phrases=phrases,
        merged_prefix=False,
        probes=('"report"',),
        set_match=None,
        pages=pages,
        parts=('"report"',),
        recheck=None,
    )
    defaults.update(kw)
    return StoreText(**defaults)  # type: ignore[arg-type]


def test_a_prefix_left_to_fts5_is_a_set_without_reading_a_hit() -> None:
    counts = Counts(10)
    assert choose(words(merged_prefix=True), False, 0, counts, TUNE).name == SET
    assert counts.asked == []


def test_a_word_the_index_sizes_as_common_walks_without_reading_a_hit() -> None:
    counts = Counts(10)
    common = 4 * TUNE.rare_hits  # leaf pages: far more hits than rare_hits
    assert choose(words(pages=common), False, 0, counts, TUNE).name == WALK
    assert choose(words(pages=common), False, TUNE.walk_depth + 1, counts, TUNE).name == SET
    prefix = words(pages=common, text_walk=(('"agreed"',), "a*"))
    assert choose(prefix, False, TUNE.text_walk_depth, counts, TUNE).name == TEXT_WALK
    assert choose(prefix, False, TUNE.text_walk_depth + 1, counts, TUNE).name == WALK
    assert counts.asked == []


def test_few_hits_are_read_and_their_meetings_handed_on() -> None:
    counts = Counts(TUNE.few_hits)
    plan = choose(words(), False, 0, counts, TUNE)
    assert plan == Hits([1, 2, 3])
    assert counts.asked == [("seqs", TUNE.few_hits + 1)]
    # With item tests the meetings of the hits are not enough: read again with the tests.
    assert choose(words(), True, 0, Counts(5), TUNE) == Hits()


def test_more_hits_are_a_set_and_many_a_walk() -> None:
    assert choose(words(), False, 0, Counts(TUNE.rare_hits), TUNE).name == SET
    assert choose(words(), False, 0, Counts(TUNE.rare_hits + 1), TUNE).name == WALK
    deep = TUNE.walk_depth + 1
    assert choose(words(), False, deep, Counts(TUNE.rare_hits + 1), TUNE).name == SET


def test_a_phrase_walks_only_past_a_few_thousand_candidates_near_the_top() -> None:
    spec = "true record"
    assert choose(words(phrases=spec), False, 0, Counts(TUNE.phrase_hits), TUNE) == Hits()
    assert choose(words(phrases=spec), False, 0, Counts(TUNE.phrase_set_hits), TUNE).name == SET
    many = Counts(TUNE.phrase_set_hits + 1)
    assert choose(words(phrases=spec), False, 0, many, TUNE).name == WALK
    deep = TUNE.phrase_walk_depth + 1
    assert choose(words(phrases=spec), False, deep, many, TUNE).name == SET


def test_a_phrase_most_candidates_hold_walks_without_counting_them_all() -> None:
    many = Counts(TUNE.phrase_set_hits + 1, share=TUNE.phrase_dense)
    assert choose(words(phrases="true record"), False, 0, many, TUNE).name == WALK
    assert many.asked == [
        ("seqs", TUNE.phrase_hits + 1),
        ("count", TUNE.phrase_set_hits + 1),
        ("held", TUNE.phrase_sample),
    ]


def test_a_phrase_of_common_words_seldom_side_by_side_reads_its_candidates_once() -> None:
    """None of the newest candidates holds it: a walk would pass every meeting (1.9 s at
    1M items for 9 items among 18,395 candidates), so the candidates are read once, and
    their few meetings sorted."""
    spec = words(phrases="view the full")
    rare = Counts(18_395, share=0.0005)  # 9 hold it: none of the newest 64
    assert choose(spec, False, 100, rare, TUNE) == Hits([1, 2, 3])  # their meetings, read
    assert rare.asked[-3] == ("held", TUNE.phrase_sample)
    assert rare.asked[-2][0] == "count" and rare.asked[-2][1] > 18_395  # as far as a walk pays
    assert rare.asked[-1] == ("held seqs", TUNE.few_hits)
    # More hold it than the sample said, past what Hits should sort: a set.
    many = Counts(18_395, share=0.0005)
    many.held_seqs = lambda match, limit: None  # type: ignore[method-assign]
    assert choose(spec, False, 100, many, TUNE).name == SET
    # Never seen side by side, in more candidates than are counted: walk, on a bigger sample.
    endless = Counts(TUNE.phrase_count_max + 1, share=0.0)
    assert choose(spec, False, 100, endless, TUNE).name == WALK
    assert ("held", TUNE.phrase_sample_more) in endless.asked


def test_a_phrase_held_by_a_few_walks_only_when_the_walk_costs_less() -> None:
    spec = words(phrases="view the full")
    # Held by a few of a bigger sample too, in many candidates: a walk finds its window.
    few = Counts(150_000, share=0.03)
    assert choose(spec, False, 100, few, TUNE).name == WALK
    assert ("held", TUNE.phrase_sample_more) in few.asked  # 2 of 64: looked at again
    # Held by more than phrase_sure of the small sample: decided on it.
    some = Counts(150_000, share=0.2)
    assert choose(spec, False, 100, some, TUNE).name == WALK
    assert ("held", TUNE.phrase_sample_more) not in some.asked
    # More meetings to pass than the candidates cost to read, and more expected to hold it
    # than Hits should sort: a set.
    spread = Counts(30_000, share=0.1, stored=1_000_000)
    assert TUNE.few_hits < 30_000 * 0.1
    assert choose(spec, False, 100, spread, TUNE).name == SET
    # The same in a store of fewer meetings: the walk passes fewer, and costs less.
    assert choose(spec, False, 100, Counts(30_000, share=0.1, stored=20_000), TUNE).name == WALK


def test_the_thresholds_move_the_choice() -> None:
    counts = Counts(100)
    assert choose(words(), False, 0, counts, TUNE) == Hits([1, 2, 3])
    assert choose(words(), False, 0, counts, Tuning(few_hits=10, rare_hits=50)).name == WALK
