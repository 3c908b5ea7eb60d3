"""The meetings list's two search plans (read every hit / walk meetings and probe) agree.

``store.queries`` picks the plan by how many items hold the words; these tests
force each plan on the small model store and prove the rows are the same, and
that the choice itself follows the hit count.
"""

from __future__ import annotations

import sqlite3

import pytest

from store import queries as q
from store.filters import Filter, parse_filter

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
    for offset in range(len(expected) + 1):
        for plan in (*q.PLANS, None):
            window = q.meetings_window(model_conn, flt, offset, 2, plan=plan)
            assert window == expected[offset : offset + 2]
    after = expected[0] if expected else None
    for plan in (*q.PLANS, None):
        assert q.meetings_page(model_conn, flt, after, 50, plan=plan) == expected[1:]


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
    match = q._text(model_conn, flt).match
    hits = model_conn.execute(
        "SELECT count(*) FROM items_fts WHERE items_fts MATCH ?", [match]
    ).fetchone()[0]
    assert hits > 1
    expected = q.meetings_window(model_conn, flt, 0, 50, plan=q.HITS)
    assert expected

    monkeypatch.setattr(q, "FEW_HITS", hits)  # every hit fits: read them
    few = _statements(model_conn, flt)
    assert any("json_each" in s for s in few)
    assert not any("EXISTS (SELECT 1 FROM items_fts" in s for s in few)
    assert q.meetings_window(model_conn, flt, 0, 50) == expected

    monkeypatch.setattr(q, "FEW_HITS", hits - 1)  # one too many: a set
    monkeypatch.setattr(q, "RARE_HITS", hits)
    rare = _statements(model_conn, flt)
    assert any("+m.seq IN (SELECT" in s for s in rare)
    assert not any("json_each" in s or "EXISTS (SELECT 1 FROM items_fts" in s for s in rare)
    assert q.meetings_window(model_conn, flt, 0, 50) == expected

    monkeypatch.setattr(q, "RARE_HITS", hits - 1)  # common: walk
    common = _statements(model_conn, flt)
    assert any("EXISTS (SELECT 1 FROM items_fts" in s for s in common)
    assert q.meetings_window(model_conn, flt, 0, 50) == expected


def test_one_word_the_index_sizes_as_common_walks_at_once(
    model_conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    flt = parse_filter("report ")
    assert q._text(model_conn, flt).pages == 0  # its items fit on one leaf page
    expected = q.meetings_window(model_conn, flt, 0, 50, plan=q.HITS)
    monkeypatch.setattr(q, "RARE_HITS", -1)  # any size is common
    statements = _statements(model_conn, flt)
    assert not any(s.startswith("SELECT rowid >> 16 FROM items_fts") for s in statements)
    assert any("EXISTS (SELECT 1 FROM items_fts" in s for s in statements)
    assert q.meetings_window(model_conn, flt, 0, 50) == expected


@pytest.mark.parametrize("text", ["re", "cafe has:actions kind:noted re", "repo"])
def test_a_prefix_left_to_fts5_reads_the_hits_into_a_set(
    model_conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    # FTS5 merges a prefix's terms on every query; probing it per meeting would cost
    # seconds. Short prefixes (and those starting too many words) stay FTS5 prefixes.
    monkeypatch.setattr(q, "RARE_HITS", 0)
    monkeypatch.setattr(q, "PREFIX_TERMS_MAX", 0)  # "repo" starts one word: too many
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
    words = q._indexed_words(model_conn, text.split()[-1])
    assert words is not None and [w.word for w in words] == terms
    expanded = q._text(model_conn, flt)
    assert expanded is not None and not expanded.merged_prefix and "*" not in expanded.match
    rows = q.meetings_window(model_conn, flt, 0, 50)
    for plan in q.PLANS:
        assert q.meetings_window(model_conn, flt, 0, 50, plan=plan) == rows
    counts = (q.count_meetings(model_conn, flt), q.count_items(model_conn, flt))
    assert len(rows) == counts[0]
    assert (counts[0] > 0) == (text in ("repo", "strat"))
    # The same answers as FTS5's own prefix query.
    monkeypatch.setattr(q, "PREFIX_MIN", 99)
    assert q._text(model_conn, flt).merged_prefix
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
    text = q._text(model_conn, flt)
    assert text is not None
    assert text.match == '"agency" AND "to" AND "report" AND "back"'
    # "to": its size is not on the index's pages, so it counts as common; then the
    # first of the equally small ones.
    assert text.walk_match == '"agency" AND "report"'
    unphrased = q._text(model_conn, parse_filter("to report back "))
    assert unphrased is not None and unphrased.walk_match == unphrased.match
