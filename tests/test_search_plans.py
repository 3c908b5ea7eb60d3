"""The meetings list's two search plans (read every hit / walk meetings and probe) agree.

``store.queries`` picks the plan by how many items hold the words; these tests
force each plan on the small model store and prove the rows are the same, and
that the choice itself follows the hit count.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import replace
from functools import partial
from pathlib import Path

import pytest

from parsers.model import AgendaItem, Meeting, ParsedDocument
from store import planner, tuning
from store import queries as q
from store import words as index_words
from store.db import connect_readonly, open_store
from store.filters import Filter, parse_filter
from store.fts_pages import IndexedWord
from store.ingest import store_document
from store.phrases import PHRASE_FUNCTION, phrases_hold
from store.search import text_query

FILTERS = [
    "report",
    "cafe",
    "health report",
    '"true record"',
    '"the report"',  # "the" and "report" in many items, adjacent in few
    '"report back" note',  # a phrase and a word outside it
    '"the update" "each agency"',
    "report year:2018",
    "cafe kind:decision",
    "cafe has:actions",
    "report has:actions kind:noted",
    "report committee:cabinet",
    "report committee:health from:2018-01-01",
    "no-such-word-anywhere",
]


TUNE = tuning.TUNING


def tune(monkeypatch: pytest.MonkeyPatch, **changes: float) -> None:
    """Steer the planner's thresholds for one test (``store.tuning.TUNING``)."""
    monkeypatch.setattr(tuning, "TUNING", replace(tuning.TUNING, **changes))


def committees(rows: list[q.MeetingRow]) -> list[str | None]:
    return [r.committee for r in rows]


@pytest.mark.parametrize("text", FILTERS)
def test_both_plans_give_the_same_rows(model_conn: sqlite3.Connection, text: str) -> None:
    flt = parse_filter(text + " ")  # whole words: both plans apply
    expected = q.meetings_window(model_conn, flt, 0, 50, plan=q.HITS)
    assert q.meetings_window(model_conn, flt, 0, 50, plan=q.WALK) == expected
    assert q.meetings_window(model_conn, flt, 0, 50, plan=q.SET) == expected
    assert q.meetings_window(model_conn, flt, 0, 50) == expected
    assert len(expected) == q.count_meetings(model_conn, flt)
    total = len(expected)
    for offset in range(total + 2):
        for plan in (*q.PLANS, None):
            window = q.meetings_window(model_conn, flt, offset, 2, plan=plan)
            assert window == expected[offset : offset + 2]
            # Told the length, a window nearer the end is read from the end: the same rows.
            for limit in (1, 2, 3):
                backwards = q.meetings_window(
                    model_conn, flt, offset, limit, plan=plan, total=total
                )
                assert backwards == expected[offset : offset + limit]
    after = expected[0] if expected else None
    for plan in (*q.PLANS, None):
        assert q.meetings_page(model_conn, flt, after, 50, plan=plan) == expected[1:]


@pytest.mark.parametrize(
    "text",
    [
        *FILTERS,
        '"the report" kind:noted',
        '"the report" has:actions',
        '"the report" committee:health',
        '"true record" year:2017',
        '"no such phrase"',
        "",
    ],
)
def test_a_filter_s_counts_are_its_meetings_items_and_councils(
    model_conn: sqlite3.Connection, text: str
) -> None:
    flt = parse_filter(text + " ")
    meetings, items = q.count_meetings(model_conn, flt), q.count_items(model_conn, flt)
    every_council = q.councils(model_conn, flt, 100)
    steps = list(q.filter_counts(model_conn, flt))
    last = steps[-1]
    assert last[:2] == (meetings, items)
    assert len(last[2]) == min(2, len(every_council)) and set(last[2]) <= set(every_council)
    words = index_words.store_text(model_conn, flt)
    phrased = words is not None and words.phrases is not None  # quoted, or split: no-such
    # Counted in one pass when a phrase's text must be checked; else the meetings first.
    assert [step[1] is None for step in steps] == ([False] if phrased else [True, False])
    assert all(step[0] == meetings and step[2] == last[2] for step in steps)


def test_a_phrase_s_counts_name_two_councils_when_its_meetings_have_more(tmp_path: Path) -> None:
    db = open_store(tmp_path / "councils.db")
    for n, council in enumerate(["Leeds City Council", None, "Bury Council", "Ards Council"]):
        minutes = "The minutes were agreed as a true record."
        item = AgendaItem("1", "Minutes", minutes=minutes)
        meeting = Meeting(committee=f"Board {n}", date=dt.date(2020, 1, 1 + n), council=council)
        store_document(
            db,
            f"/m{n}.html",
            ParsedDocument("test", "meeting", [replace(meeting, items=[item])]),
            sha256=f"s{n}",
            size=1,
        )
    db.close()
    conn = connect_readonly(tmp_path / "councils.db")
    flt = parse_filter('"true record" ')
    ((meetings, items, councils),) = q.filter_counts(conn, flt)
    assert (meetings, items) == (4, 4)
    assert councils == ("Ards Council", "Leeds City Council")  # the first and last named
    one = parse_filter('"true record" committee:"board 1" ')
    assert list(q.filter_counts(conn, one)) == [(1, 1, (None,))]
    conn.close()


def test_the_words_are_searched_at_all(model_conn: sqlite3.Connection) -> None:
    # Guard against both plans agreeing on "everything": a word narrows the list.
    everything = q.meetings_window(model_conn, Filter(), 0, 50)
    for plan in q.PLANS:
        cafe = q.meetings_window(model_conn, parse_filter("cafe "), 0, 50, plan=plan)
        assert 0 < len(cafe) < len(everything)
        assert committees(cafe) == ["Cabinet"]


def _statements(conn: sqlite3.Connection, flt: Filter) -> list[str]:
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        q.meetings_window(conn, flt, 0, 50)
    finally:
        conn.set_trace_callback(None)
    return seen


def test_few_hits_are_read_more_are_a_set_many_walk(
    model_conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    flt = parse_filter("resolved note ")  # two words: the index cannot size their AND
    match = index_words.store_text(model_conn, flt).match
    hits = model_conn.execute(
        "SELECT count(*) FROM items_fts WHERE items_fts MATCH ?", [match]
    ).fetchone()[0]
    assert hits > 1
    expected = q.meetings_window(model_conn, flt, 0, 50, plan=q.HITS)
    assert expected

    tune(monkeypatch, few_hits=hits)  # every hit fits: read them
    few = _statements(model_conn, flt)
    assert any("json_each" in s for s in few)
    assert not any("EXISTS (SELECT 1 FROM items_fts" in s for s in few)
    assert q.meetings_window(model_conn, flt, 0, 50) == expected

    tune(monkeypatch, few_hits=hits - 1)  # one too many: a set
    tune(monkeypatch, rare_hits=hits)
    rare = _statements(model_conn, flt)
    assert any("+m.seq IN (SELECT" in s for s in rare)
    assert not any("json_each" in s or "EXISTS (SELECT 1 FROM items_fts" in s for s in rare)
    assert q.meetings_window(model_conn, flt, 0, 50) == expected

    tune(monkeypatch, rare_hits=hits - 1)  # common: walk
    common = _statements(model_conn, flt)
    assert any("EXISTS (SELECT 1 FROM items_fts" in s for s in common)
    assert q.meetings_window(model_conn, flt, 0, 50) == expected


def test_a_phrase_is_walked_or_its_candidates_read_by_how_many_hold_it(
    model_conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``"the report"``: 4 candidates hold both words, 2 of them side by side. Past the
    few-candidates plans, the newest candidates are checked: a share held at or above
    ``phrase_dense`` walks; below it the candidates are counted, as far as walking pays."""
    flt = parse_filter('"the report" ')
    text = index_words.store_text(model_conn, flt)
    assert text is not None and text.phrases == "the report"
    hits = planner.IndexHits(model_conn, planner.item_tests(flt, text))
    assert hits.held(text.match, 64) == (2, 4)
    assert hits.held(text.match, 1) == (0, 1)
    # With the filter's other item tests: the held candidates that pass them too.
    action = parse_filter('"the report" kind:action ')
    action_hits = planner.IndexHits(model_conn, planner.item_tests(action, text))
    held_action = q.count_items(model_conn, action)
    assert held_action == 1 and action_hits.held(text.match, 64) == (1, 4)
    expected = q.meetings_window(model_conn, flt, 0, 50, plan=q.HITS)
    assert len(expected) == 2
    tune(monkeypatch, phrase_hits=0, phrase_set_hits=0)  # many candidates, as far as it knows

    def plan() -> str:
        statements = " ".join(_statements(model_conn, flt))
        assert q.meetings_window(model_conn, flt, 0, 50) == expected
        if "EXISTS (SELECT 1 FROM items_fts" in statements:
            return q.WALK
        return q.SET if "+m.seq IN (SELECT" in statements else q.HITS

    tune(monkeypatch, phrase_dense=0.5)
    assert plan() == q.WALK  # half the sample holds it
    tune(monkeypatch, phrase_dense=0.75)
    assert plan() == q.HITS  # four candidates cost less to check than a walk, two expected
    # Their meetings were read once and kept: the next window checks no text again.
    again = " ".join(_statements(model_conn, flt))
    assert "json_each" in again and "fts_phrases" not in again
    tune(monkeypatch, few_hits=1)
    assert plan() == q.SET  # more expected than Hits should sort
    tune(monkeypatch, phrase_count_max=3)
    assert plan() == q.WALK  # more candidates than the count where a walk pays


def test_a_window_of_the_meetings_few_hits_are_in_is_ordered_on_the_seq_index(
    model_conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    flt = parse_filter("report ")
    match = index_words.store_text(model_conn, flt).match
    hits = model_conn.execute(
        "SELECT count(*) FROM items_fts WHERE items_fts MATCH ?", [match]
    ).fetchone()[0]
    tune(monkeypatch, few_hits=hits)  # the hits are read, and their meetings known
    index, where, params = planner.planned_window(model_conn, flt, None)
    assert index == planner.SEQ_ORDER_INDEX and "json_each" in where
    # Ordered from the index alone (no meeting row read to sort), then the window's rows.
    plan = " / ".join(
        r[3]
        for r in model_conn.execute(
            f"EXPLAIN QUERY PLAN SELECT m.sort_key FROM meetings m INDEXED BY {index}{where}"
            " ORDER BY m.sort_key",
            params,
        )
    )
    assert f"COVERING INDEX {index}" in plan
    expected = q.meetings_window(model_conn, flt, 0, 50, plan=q.WALK)
    total = len(expected)
    assert total >= 3
    for offset in range(total + 1):
        for limit in (1, 2, 3):
            want = expected[offset : offset + limit]
            assert q.meetings_window(model_conn, flt, offset, limit) == want
            assert q.meetings_window(model_conn, flt, offset, limit, total=total) == want
    # Any other plan reads the window in one query, as before.
    assert planner.planned_window(model_conn, flt, q.HITS)[0] == ""
    assert planner.planned_window(model_conn, Filter(), None)[0] == ""


def test_one_word_the_index_sizes_as_common_walks_at_once(
    model_conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    flt = parse_filter("report ")
    assert index_words.store_text(model_conn, flt).pages == 0  # its items fit on one leaf page
    expected = q.meetings_window(model_conn, flt, 0, 50, plan=q.HITS)
    tune(monkeypatch, rare_hits=-1)  # any size is common
    statements = _statements(model_conn, flt)
    assert not any(s.startswith("SELECT rowid >> 16 FROM items_fts") for s in statements)
    assert any("EXISTS (SELECT 1 FROM items_fts" in s for s in statements)
    assert q.meetings_window(model_conn, flt, 0, 50) == expected


@pytest.mark.parametrize("text", ["re", "cafe has:actions kind:noted re", "repo"])
def test_a_prefix_left_to_fts5_reads_the_hits_into_a_set(
    model_conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    # FTS5 merges a prefix's terms on every query; probing it per meeting would cost
    # seconds. A prefix starting more words than can be listed stays an FTS5 prefix.
    tune(monkeypatch, rare_hits=0)
    tune(monkeypatch, prefix_terms_max=0)  # "repo" starts one word: too many
    flt = parse_filter(text)
    assert flt.prefix_last
    statements = _statements(model_conn, flt)
    assert any("+m.seq IN (SELECT" in s for s in statements)
    assert not any("EXISTS (SELECT 1 FROM items_fts" in s for s in statements)
    rows = q.meetings_window(model_conn, flt, 0, 50)
    for plan in q.PLANS:
        assert q.meetings_window(model_conn, flt, 0, 50, plan=plan) == rows
    assert len(rows) == q.count_meetings(model_conn, flt)


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("repo", ["report"]),
        ("cafe has:actions kind:noted rep", ["report"]),
        ("strat", ["strategy"]),
        ("xyzzy", []),
    ],
)
def test_a_prefix_is_searched_as_the_words_it_starts(
    model_conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch, text: str, terms: list[str]
) -> None:
    # Whole terms OR-ed: FTS5 seeks each for one meeting's rowids, so common prefixes walk.
    flt = parse_filter(text)
    words = index_words._indexed_words(model_conn, text.split()[-1])
    assert words is not None and [w.word for w in words] == terms
    expanded = index_words.store_text(model_conn, flt)
    assert expanded is not None and not expanded.merged_prefix and "*" not in expanded.match
    rows = q.meetings_window(model_conn, flt, 0, 50)
    for plan in q.PLANS:
        assert q.meetings_window(model_conn, flt, 0, 50, plan=plan) == rows
    counts = (q.count_meetings(model_conn, flt), q.count_items(model_conn, flt))
    assert len(rows) == counts[0]
    assert (counts[0] > 0) == (text in ("repo", "strat"))
    # The same answers as FTS5's own prefix query.
    tune(monkeypatch, prefix_min=99)
    assert index_words.store_text(model_conn, flt).merged_prefix
    assert q.meetings_window(model_conn, flt, 0, 50) == rows
    assert (q.count_meetings(model_conn, flt), q.count_items(model_conn, flt)) == counts


def test_date_bounds_keep_exactly_the_meetings_on_their_days(
    model_conn: sqlite3.Connection,
) -> None:
    # from:/to: also bound sort_key (an index range for the newest-first walk): the edges
    # must fall on the days, whatever the meeting's time.
    import datetime as dt

    everything = q.meetings_window(model_conn, Filter(), 0, 100)
    dated = [r for r in everything if r.date is not None]
    assert dated
    for row in dated:
        day = row.date
        on_day = {r.id for r in everything if r.date == day}
        assert {
            r.id
            for r in q.meetings_window(model_conn, parse_filter(f"from:{day} to:{day}"), 0, 100)
        } == on_day
        later = day + dt.timedelta(days=1)
        earlier = day - dt.timedelta(days=1)
        assert row.id not in {
            r.id for r in q.meetings_window(model_conn, parse_filter(f"from:{later}"), 0, 100)
        }
        assert row.id not in {
            r.id for r in q.meetings_window(model_conn, parse_filter(f"to:{earlier}"), 0, 100)
        }
        assert row.id in {
            r.id for r in q.meetings_window(model_conn, parse_filter(f"from:{day}"), 0, 100)
        }
        assert row.id in {
            r.id for r in q.meetings_window(model_conn, parse_filter(f"to:{day}"), 0, 100)
        }


def test_a_walk_probes_a_phrase_by_its_rarest_token(model_conn: sqlite3.Connection) -> None:
    # Every phrase is checked on the text, so the index is asked for one token of each.
    flt = parse_filter('"to report back" agency ')
    text = index_words.store_text(model_conn, flt)
    assert text is not None
    assert text.match == '"agency" AND "to" AND "report" AND "back"'
    # "to": its size is not on the index's pages, so it counts as common; then the
    # first of the equally small ones.
    assert text.probes == ('"agency" AND "report"',)
    unphrased = index_words.store_text(model_conn, parse_filter("to report back "))
    assert unphrased is not None and unphrased.probes == (unphrased.match,)


def _answers(conn: sqlite3.Connection, flt: Filter) -> dict[str, object]:
    """Everything the reader shows for a filter, under every plan."""
    rows = q.meetings_window(conn, flt, 0, 50)
    answers: dict[str, object] = {
        "rows": rows,
        "counts": (q.count_meetings(conn, flt), q.count_items(conn, flt)),
        "actions": (q.count_actions(conn, flt), q.actions_window(conn, flt, 0, 50)),
        "items": [q.meeting_items(conn, m.id, Filter()) for m in rows],
        "matching items": [
            q.meeting_items(conn, m.id, flt) for m in q.meetings_window(conn, Filter(), 0, 50)
        ],
    }
    for plan in q.PLANS:
        for offset in range(len(rows) + 1):
            answers[f"{plan} {offset}"] = q.meetings_window(conn, flt, offset, 2, plan=plan)
        answers[f"{plan} page"] = q.meetings_page(conn, flt, rows[0] if rows else None, 50)
    return answers


# Word sizes (leaf pages) as the index might give them, for a prefix's words in index order:
# the plan follows them, the answers must not.
SIZES = {
    "all common": lambda n: [50] * n,
    "biggest last": lambda n: list(range(n)),
    "common and rare": lambda n: [50 if i % 2 else 0 for i in range(n)],
    "all rare": lambda n: [0] * n,
    "unknown": lambda n: [None] * n,
}


@pytest.mark.parametrize(
    "text", ["a", "c", "re", "t", "cafe a", "report has:actions a", '"the report" t']
)
@pytest.mark.parametrize("sizes", sorted(SIZES))
@pytest.mark.parametrize("dense", [0.0, 2.0])  # the common words make a walk dense: or never
@pytest.mark.parametrize("or_max", [0, 1000])  # a prefix alone read as FTS5's prefix: or as an OR
@pytest.mark.parametrize("part_max", [0, 1000])  # one meeting's items checked on their text: or not
@pytest.mark.parametrize("rare_hits", [20_000, -1])  # other words in few items: or in many
def test_a_prefix_walked_in_groups_answers_as_fts5s_prefix_query(
    model_conn: sqlite3.Connection,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    sizes: str,
    dense: float,
    or_max: int,
    part_max: int,
    rare_hits: int,
) -> None:
    flt = parse_filter(text)
    assert flt.prefix_last
    tune(monkeypatch, prefix_min=99)  # FTS5's own prefix query: the reference
    expected = _answers(model_conn, flt)
    tune(monkeypatch, prefix_min=1)
    real = index_words._indexed_words

    def sized(conn: sqlite3.Connection, prefix: str) -> list[IndexedWord] | None:
        words = real(conn, prefix)
        if words is None or prefix != text.split()[-1]:
            return words
        return [
            IndexedWord(w.word, p) for w, p in zip(words, SIZES[sizes](len(words)), strict=True)
        ]

    monkeypatch.setattr(index_words, "_indexed_words", sized)
    tune(monkeypatch, walk_pages=8)
    tune(monkeypatch, dense_share=dense)
    tune(monkeypatch, or_terms_max=or_max)
    tune(monkeypatch, part_terms_max=part_max)
    tune(monkeypatch, rare_hits=rare_hits)
    expanded = index_words.store_text(model_conn, flt)
    assert expanded is not None and not expanded.merged_prefix
    typed = text_query(flt)
    assert typed is not None
    if part_max == 0 and typed.tokens:
        # The prefix checked on the other words' items' text: for everything, or windows.
        assert (expanded.windowed is not None) == (rare_hits < 0)
        assert f"{typed.prefix}*" in ((expanded.windowed or expanded).phrases or "")
    else:
        assert (expanded.recheck is not None) == (part_max == 0)
    assert _answers(model_conn, flt) == expected


def test_a_prefix_s_common_words_are_probed_biggest_first_in_growing_groups(
    model_conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    words = [IndexedWord(f"w{i:02}", i) for i in range(20)]  # w19 spans the most pages
    tune(monkeypatch, walk_pages=5)
    tune(monkeypatch, dense_share=2.0)  # never dense: the rare words are a set
    groups, rest = index_words.prefix_groups(model_conn, words)
    assert groups == [
        ["w19"],
        ["w18", "w17", "w16"],
        [f"w{i:02}" for i in range(15, 6, -1)],
        ["w06", "w05"],
    ]
    assert rest == ["w04", "w03", "w02", "w01", "w00"]
    tune(monkeypatch, dense_share=0.0)  # always dense: every word is probed
    groups, rest = index_words.prefix_groups(model_conn, words)
    assert [len(g) for g in groups] == [1, 3, 9, 7] and rest == []
    assert [w for g in groups for w in g] == [f"w{i:02}" for i in range(19, -1, -1)]
    tune(monkeypatch, walk_pages=50)  # none common: one set of them all
    assert index_words.prefix_groups(model_conn, words) == (
        [],
        [f"w{i:02}" for i in range(19, -1, -1)],
    )
    unknown = [IndexedWord("b", None), IndexedWord("a", 3)]
    assert index_words.prefix_groups(model_conn, unknown) == ([["b", "a"]], [])


def test_the_walk_probes_each_group_then_reads_the_set(
    model_conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    sizes = {"a": 90, "agency": 80, "agreed": 70, "and": 60, "annual": 50}
    real = index_words._indexed_words
    monkeypatch.setattr(
        index_words,
        "_indexed_words",
        lambda conn, prefix: [
            IndexedWord(w.word, sizes.get(w.word, 0)) for w in real(conn, prefix) or ()
        ],
    )
    tune(monkeypatch, dense_share=2.0)
    text = index_words.store_text(model_conn, parse_filter("a"))
    assert text is not None
    assert text.probes == ('"a"', '("agency" OR "agreed" OR "and")', '"annual"')
    assert text.set_match == '("apologies" OR "approved" OR "as" OR "ask")'
    assert text.parts == (*text.probes, text.set_match)
    where, _ = planner.meetings_where(parse_filter("a"), text, q.WALK)
    assert where.count("EXISTS (SELECT 1 FROM items_fts") == 3 and where.count("+m.seq IN") == 1


def test_the_index_s_row_count_is_read_from_its_averages_record(
    model_conn: sqlite3.Connection,
) -> None:
    from store.fts_pages import indexed_rows

    assert (
        indexed_rows(model_conn) == model_conn.execute("SELECT count(*) FROM items").fetchone()[0]
    )
    bare = sqlite3.connect(":memory:")  # no averages record: the items are counted
    bare.execute("CREATE TABLE items_fts_data (id INTEGER PRIMARY KEY, block BLOB)")
    bare.execute("CREATE TABLE items (x)")
    bare.executemany("INSERT INTO items VALUES (?)", [(1,), (2,), (3,)])
    assert indexed_rows(bare) == 3


def test_a_deep_window_reads_every_hit_once_instead_of_walking(
    model_conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A walk costs by the meeting it passes: jumping 50,000 rows down a common word's list
    # walked for seconds. Past WALK_DEPTH rows (offset and limit) the planner takes a set.
    flt = parse_filter("report ")
    tune(monkeypatch, rare_hits=-1)  # common: the walk it would be
    expected = q.meetings_window(model_conn, flt, 0, 50, plan=q.HITS)
    assert len(expected) >= 3
    tune(monkeypatch, walk_depth=3)

    def plan_at(offset: int, limit: int, total: int | None = None) -> str:
        seen: list[str] = []
        model_conn.set_trace_callback(seen.append)
        try:
            rows = q.meetings_window(model_conn, flt, offset, limit, total=total)
        finally:
            model_conn.set_trace_callback(None)
        assert rows == expected[offset : offset + limit]
        (select,) = [s for s in seen if s.startswith("SELECT m.id")]
        return "walk" if "EXISTS (SELECT 1 FROM items_fts" in select else "set"

    assert plan_at(0, 3) == "walk"
    assert plan_at(1, 3) == "set"
    # Read from the end, the depth is counted from the end.
    assert plan_at(len(expected) - 1, 1, total=len(expected)) == "walk"


def test_a_prefix_alone_reads_a_meeting_s_text_when_its_common_words_miss_near_the_top(
    model_conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    # TEXT_WALK: the common words probed, then the items' text checked -- for the first
    # screens only; deeper, the rare words' set (WALK), and past WALK_DEPTH a set of all.
    real = index_words._indexed_words
    monkeypatch.setattr(
        index_words,
        "_indexed_words",
        lambda conn, prefix: [
            IndexedWord(w.word, 90 if w.word == "agreed" else 0) for w in real(conn, prefix) or ()
        ],
    )
    tune(monkeypatch, dense_share=2.0)
    tune(monkeypatch, rare_hits=-1)  # common: a walk
    tune(monkeypatch, text_walk_depth=2)
    tune(monkeypatch, walk_depth=3)
    flt = parse_filter("a")
    text = index_words.store_text(model_conn, flt)
    assert text is not None and text.text_walk == (('"agreed"',), "a*")
    expected = q.meetings_window(model_conn, flt, 0, 50, plan=q.SET)
    assert len(expected) >= 3

    def plan_at(offset: int, limit: int) -> str:
        seen: list[str] = []
        model_conn.set_trace_callback(seen.append)
        try:
            rows = q.meetings_window(model_conn, flt, offset, limit)
        finally:
            model_conn.set_trace_callback(None)
        assert rows == expected[offset : offset + limit]
        (select,) = [s for s in seen if s.startswith("SELECT m.id")]
        if "fts_phrases('a*'" in select:
            return "text"
        return "walk" if "EXISTS (SELECT 1 FROM items_fts" in select else "set"

    assert plan_at(0, 2) == "text"
    assert plan_at(1, 2) == "walk"
    assert plan_at(2, 2) == "set"
    with_tokens = index_words.store_text(model_conn, parse_filter("report a"))
    assert with_tokens is not None and with_tokens.text_walk is None  # a prefix alone only


@pytest.mark.parametrize("text", [*FILTERS, "re", "cafe a", "report has:actions"])
def test_action_points_walked_or_read_as_a_set_are_the_same(
    model_conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    flt = parse_filter(text if text.endswith(("re", " a")) else text + " ")
    monkeypatch.setattr(planner, "walk_actions", lambda conn, text, depth, share=1.0: False)
    expected = q.actions_window(model_conn, flt, 0, 100)
    assert len(expected) == q.count_actions(model_conn, flt)
    monkeypatch.setattr(planner, "walk_actions", lambda conn, text, depth, share=1.0: True)
    for offset in range(len(expected) + 1):
        assert q.actions_window(model_conn, flt, offset, 3) == expected[offset : offset + 3]


@pytest.mark.parametrize("walk", ["probes", "set", "sorted"])
def test_a_phrase_is_checked_only_on_the_actions_whose_item_holds_its_words(
    model_conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch, walk: str
) -> None:
    """As two terms, SQLite called ``fts_phrases`` on every action it passed (5.7 s for
    '"true record"' at 1M items); guarded, only on those whose item holds the words."""
    flt = parse_filter('"the report" ')
    text = index_words.store_text(model_conn, flt)
    assert text is not None
    holding = model_conn.execute(
        "SELECT count(*) FROM actions WHERE item_rowid IN"
        " (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)",
        [text.match],
    ).fetchone()[0]
    every = model_conn.execute("SELECT count(*) FROM actions").fetchone()[0]
    assert 0 < holding < every
    checked: list[str] = []

    def counting(spec: str | None, *columns: str | None) -> int:
        checked.append(spec or "")
        return phrases_hold(spec, *columns)

    # Before any statement is prepared: a cached one keeps the function it was made with.
    model_conn.create_function(PHRASE_FUNCTION, 5, counting, deterministic=True)
    expected = q.actions_window(model_conn, flt, 0, 100)
    assert 0 < len(expected) <= holding
    monkeypatch.setattr(
        planner, "walk_actions", lambda conn, text, depth, share=1.0: walk == "probes"
    )
    monkeypatch.setattr(
        planner, "walk_action_set", lambda conn, text, depth, share=1.0: walk == "set"
    )
    # The planner's own sample checks the newest hits: not the window's checks.
    monkeypatch.setattr(planner, "held_share", lambda held, tune: 1.0)
    checked.clear()
    assert q.actions_window(model_conn, flt, 0, 100) == expected
    assert 0 < len(checked) <= holding


@pytest.mark.parametrize(
    "text", ["r", "re", "t", "c", "a", "s", "zz", "has:actions re", "kind:noted t", "co"]
)
def test_action_points_of_a_prefix_alone_walked_on_their_text_are_the_same(
    model_conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    flt = parse_filter(text)
    monkeypatch.setattr(planner, "_prefix_text_walk", lambda *args: None)
    expected = q.actions_window(model_conn, flt, 0, 100)
    assert len(expected) == q.count_actions(model_conn, flt)
    monkeypatch.undo()
    tune(monkeypatch, phrase_dense=0.0)  # walked on the text whatever the share
    statements: list[str] = []
    model_conn.set_trace_callback(statements.append)
    try:
        assert q.actions_window(model_conn, flt, 0, 100) == expected
    finally:
        model_conn.set_trace_callback(None)
    window = next(s for s in statements if s.startswith("WITH page"))
    assert "CASE WHEN +a.item_rowid = i.rowid THEN fts_phrases(" in window
    assert "items_fts" not in window  # no index read: the text is checked
    for offset in range(len(expected) + 1):
        assert q.actions_window(model_conn, flt, offset, 2) == expected[offset : offset + 2]


def test_a_prefix_alone_is_walked_on_the_text_only_when_most_newest_actions_hold_it(
    model_conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    flt = parse_filter("r")
    actions = model_conn.execute("SELECT count(*) FROM actions").fetchone()[0]
    holding = q.count_actions(model_conn, flt)
    assert 0 < holding < actions
    walked = planner._prefix_text_walk(model_conn, flt, 50, [], [])
    assert walked is not None  # most hold it
    tune(monkeypatch, phrase_dense=(holding + 1) / actions)
    assert planner._prefix_text_walk(model_conn, flt, 50, [], []) is None  # too few
    tune(monkeypatch, phrase_dense=0.0)
    assert planner._prefix_text_walk(model_conn, flt, tuning.TUNING.walk_depth + 1, [], []) is None
    with_word = parse_filter("report r")
    assert planner._prefix_text_walk(model_conn, with_word, 50, [], []) is None  # words too
    tracked = parse_filter("r status:open")
    assert planner._prefix_text_walk(model_conn, tracked, 50, [], []) is None


def test_action_points_walk_when_the_hits_are_many_for_the_depth(
    model_conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = index_words.store_text(model_conn, parse_filter("report "))
    assert text is not None
    hits = index_words.hit_count(model_conn, text.match, 10_000)
    assert hits >= 2
    # The walk wins when hits^2 > depth * items * per action / per hit: steer the bound.
    items, _ = index_words.store_shape(model_conn)
    per_action = tuning.TUNING.action_probe_ms + tuning.TUNING.action_word_ms
    tune(monkeypatch, action_hit_ms=10 * items * per_action / (hits - 1) ** 2)
    assert planner.walk_actions(model_conn, text, 10)  # bound hits - 1: walk
    assert not planner.walk_actions(model_conn, text, 10 * 4)  # deeper: a set
    tune(monkeypatch, walk_depth=5)
    assert not planner.walk_actions(model_conn, text, 10)  # past WALK_DEPTH: never


def test_action_points_walk_less_as_fewer_hits_pass_the_item_tests(
    model_conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A walk passes as many more actions as the item tests reject: the share of the newest
    hits that pass them (smoothed) raises the bound the hits must pass to walk."""
    flt = parse_filter('"the report" ')
    text = index_words.store_text(model_conn, flt)
    assert text is not None
    tests = planner.item_tests(flt, text)
    passed, actions = planner.actions_held(model_conn, text.match, tests, 64)
    assert (passed, actions) == (1, 1)  # the hits' items have one action, which holds it
    share = planner.held_share(partial(planner.actions_held, model_conn, text.match, tests), TUNE)
    assert share == (passed + 0.5) / (actions + 1)
    none = planner.item_tests(parse_filter('"the report" has:truncated '), text)
    assert planner.actions_held(model_conn, text.match, none, 64) == (0, actions)
    hits = index_words.hit_count(model_conn, text.match, 10_000)
    items, _ = index_words.store_shape(model_conn)
    per_action = tuning.TUNING.action_probe_ms + tuning.TUNING.action_word_ms * 2
    tune(monkeypatch, action_hit_ms=10 * items * per_action / (hits - 1) ** 2)
    assert planner.walk_actions(model_conn, text, 10)  # every hit passes: walk
    assert not planner.walk_actions(model_conn, text, 10, share=0.5)  # half: read them


@pytest.mark.parametrize("text", ["report ", "report status:open "])
def test_action_points_walked_against_the_hits_or_sorted_are_the_same(
    model_conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    flt = parse_filter(text)
    monkeypatch.setattr(planner, "walk_actions", lambda conn, text, depth, share=1.0: False)
    monkeypatch.setattr(planner, "walk_action_set", lambda conn, text, depth, share=1.0: False)
    expected = {s: q.actions_window(model_conn, flt, 0, 100, sort=s) for s in q.ACTION_SORTS}
    monkeypatch.setattr(planner, "walk_action_set", lambda conn, text, depth, share=1.0: True)
    assert any(expected.values())
    for sort, rows in expected.items():
        for offset in range(len(rows) + 1):
            assert (
                q.actions_window(model_conn, flt, offset, 3, sort=sort) == rows[offset : offset + 3]
            )


@pytest.mark.parametrize(
    "text",
    [
        *FILTERS,
        "rep",  # a prefix being typed
        "",  # no words: the three queries as they were
        "committee:cabinet",
        "report owner:council",
        "report status:open",
        "report is:bookmarked",
        "report due:<2019-01",
    ],
)
def test_a_meeting_s_contents_read_at_once_are_what_each_query_reads(
    model_conn: sqlite3.Connection, text: str
) -> None:
    """``meeting_contents`` finds the meeting's items that pass the filter's item tests once
    and reads the three lists by them: the same items, resolutions and action points as
    ``meeting_items``, ``meeting_resolutions`` and ``meeting_actions``, for the filter's
    meetings and for others (whose items may pass none), and for no meeting at all."""
    flt = parse_filter(text)
    listed = [m.id for m in q.meetings_window(model_conn, flt, 0, 500)]
    others = [m.id for m in q.meetings_window(model_conn, parse_filter(""), 0, 500)][:12]
    some = 0
    for meeting_id in dict.fromkeys([*listed, *others, "no-such-meeting"]):
        contents = q.meeting_contents(model_conn, meeting_id, flt)
        assert contents == (
            q.meeting_items(model_conn, meeting_id, flt),
            q.meeting_resolutions(model_conn, meeting_id, flt),
            q.meeting_actions(model_conn, meeting_id, flt),
        )
        some += bool(contents[0])
    assert some >= min(1, len(listed))  # not only empty answers
