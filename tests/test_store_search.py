"""Folding and the safe FTS query builder: exact queries, highlight patterns, fuzzed safety."""

from __future__ import annotations

import re
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.filters import Filter, FilterError, parse_filter
from store.folding import fold, fold_sql
from store.search import fts_query, highlight_terms


def test_fold_removes_every_apostrophe_form() -> None:
    assert fold("Children's Children’s Children‘s Childrenʼs") == (
        "Childrens Childrens Childrens Childrens"
    )
    assert fold("no change") == "no change"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("childrens", '"childrens"*'),
        ("childrens ", '"childrens"'),
        ("Children's services", '"childrens" AND "services"*'),
        ("CHILDREN’S ", '"childrens"'),
        ("Café ", '"cafe"'),
        # Phrases and split words: every token AND-ed; adjacency is checked on the text.
        ('"true record" minutes ', '"minutes" AND "true" AND "record"'),
        ("well-established ", '"well" AND "established"'),
        ("co-op", '"co" AND "op"*'),
        ("foo_bar ", '"foo" AND "bar"'),  # unicode61 splits at the underscore
        ("Straße ", '"straße"'),  # lower-cased like the index, not case-folded to "strasse"
        ("AND OR NOT ", '"and" AND "or" AND "not"'),
        ("NEAR(a b) ", '"near" AND "a" AND "b"'),
        ('"', None),
        ("committee:cabinet", None),
        ("*** ", None),
    ],
)
def test_fts_query(typed: str, expected: str | None) -> None:
    assert fts_query(parse_filter(typed)) == expected


def test_highlight_terms_find_the_displayed_forms() -> None:
    patterns = highlight_terms(parse_filter('childrens cafe "true record" saf'))
    text = "The Children’s Café kept a true  record of safeguarding."
    found = [re.search(p, text, re.IGNORECASE) for p in patterns]
    assert [m.group(0) if m else None for m in found] == [
        "Children’s",
        "Café",
        "safeguarding",
        "true  record",
    ]
    assert highlight_terms(Filter()) == []


def _fts_connection() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 2')"
    )
    conn.execute(f"INSERT INTO t(body) VALUES ({fold_sql('?')})", ["Children’s Café record"])
    return conn


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_typed_text_gives_a_valid_query(typed: str) -> None:
    try:
        flt = parse_filter(typed)
    except FilterError:
        return
    query = fts_query(flt)
    for pattern in highlight_terms(flt):
        re.compile(pattern)
    if query is None:
        return
    conn = _fts_connection()
    conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", [query]).fetchone()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=4), st.booleans())
def test_any_words_give_a_valid_query(words: list[str], prefix: bool) -> None:
    query = fts_query(Filter(words=tuple(words), phrases=tuple(words[:1]), prefix_last=prefix))
    if query is not None:
        _fts_connection().execute("SELECT count(*) FROM t WHERE t MATCH ?", [query]).fetchone()


def test_folded_index_matches_python_folding() -> None:
    conn = _fts_connection()
    for typed in ("childrens ", "Children's ", "CHILDREN’S ", "cafe ", "CAFÉ ", "rec"):
        query = fts_query(parse_filter(typed))
        assert conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", [query]).fetchone() == (1,)
