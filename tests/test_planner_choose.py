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
    phrase holds in ``held`` of them (a share), in a store of ``stored`` meetings."""

    hits: int
    held: float = 1.0
    stored: int = 100_000
    asked: list[tuple[str, int]] = field(default_factory=list)

    def phrases_held(self, match: str, spec: str, limit: int) -> tuple[int, int]:
        self.asked.append(("phrases", limit))
        sampled = min(self.hits, limit)
        return round(self.held * sampled), sampled

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
    many = Counts(TUNE.phrase_set_hits + 1, held=TUNE.phrase_dense)
    assert choose(words(phrases="true record"), False, 0, many, TUNE).name == WALK
    assert many.asked == [
        ("seqs", TUNE.phrase_hits + 1),
        ("count", TUNE.phrase_set_hits + 1),
        ("phrases", TUNE.phrase_sample),
    ]


def test_a_phrase_of_common_words_seldom_side_by_side_reads_its_candidates_once() -> None:
    """None of the newest candidates holds it: a walk would pass every meeting (1.9 s at
    1M items for 9 items among 18,395 candidates), so the candidates are read once, and
    their few meetings sorted; a walk only past the count where it pays again."""
    spec = words(phrases="view the full")
    rare = Counts(18_395, held=0.0)
    assert choose(spec, False, 100, rare, TUNE) == Hits()
    counted = rare.asked[-1]
    assert counted[0] == "count" and counted[1] > 18_395  # counted as far as walking pays
    # So many candidates that even a rare phrase holds in a meeting every few dozen: walk.
    assert choose(spec, False, 100, Counts(counted[1], held=0.0), TUNE).name == WALK
    # Held by a few: more meetings than Hits should sort, a walk still passing most: a set.
    some = Counts(30_000, held=0.1, stored=1_000_000)
    assert 30_000 * 0.1 > TUNE.few_hits
    assert choose(spec, False, 100, some, TUNE).name == SET
    # The walk's price falls with the meetings it must pass: fewer meetings, a walk.
    assert choose(spec, False, 100, Counts(30_000, held=0.1, stored=20_000), TUNE).name == WALK


def test_the_thresholds_move_the_choice() -> None:
    counts = Counts(100)
    assert choose(words(), False, 0, counts, TUNE) == Hits([1, 2, 3])
    assert choose(words(), False, 0, counts, Tuning(few_hits=10, rare_hits=50)).name == WALK
