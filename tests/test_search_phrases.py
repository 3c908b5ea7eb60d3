"""Phrases without positions: ``items_fts`` keeps no positions (detail=none, m006), so a
phrase is its tokens AND-ed in the index, checked adjacent on the text by ``fts_phrases``.

The reference is what FTS5 itself answers for a phrase query over a detail=full index
(the index before m006): the same items, for every text and phrase here.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store import filters
from store import queries as q
from store.filters import Filter, parse_filter
from store.folding import fold_sql
from store.fts_pages import indexed_words
from store.phrases import phrases_hold, register_functions
from store.search import text_query

COLUMNS = ("title", "description", "minutes", "decision")


def _pair(rows: list[tuple[str | None, ...]]) -> sqlite3.Connection:
    """Two indexes over the same rows: ``full`` (positions) and ``none`` (the store's)."""
    conn = sqlite3.connect(":memory:")
    register_functions(conn)
    cols = ", ".join(COLUMNS)
    conn.execute(f"CREATE TABLE items (rowid INTEGER PRIMARY KEY, {cols})")
    folded = ", ".join(f"{fold_sql(c)} AS {c}" for c in COLUMNS)
    conn.execute(f"CREATE VIEW items_folded AS SELECT rowid AS rowid, {folded} FROM items")
    for detail in ("full", "none"):
        conn.execute(
            f"CREATE VIRTUAL TABLE fts_{detail} USING fts5({cols}, content='items_folded',"
            f" content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', detail={detail})"
        )
    conn.executemany(f"INSERT INTO items VALUES (?, {', '.join('?' * len(COLUMNS))})", rows)
    for detail in ("full", "none"):
        conn.execute(f"INSERT INTO fts_{detail}(fts_{detail}) VALUES ('rebuild')")
    return conn


def _full(conn: sqlite3.Connection, phrase_tokens: list[str], *, prefix: bool = False) -> set[int]:
    """FTS5's own phrase query (the pre-m006 semantics)."""
    phrase = '"' + " ".join(phrase_tokens) + '"' + ("*" if prefix else "")
    return {
        r[0] for r in conn.execute("SELECT rowid FROM fts_full WHERE fts_full MATCH ?", [phrase])
    }


def _none(conn: sqlite3.Connection, flt: Filter) -> set[int]:
    """The store's way: tokens AND-ed in the detail=none index, adjacency checked on the text."""
    query = text_query(flt)
    assert query is not None
    spec = query.phrase_spec
    sql = "SELECT f.rowid FROM fts_none f JOIN items i ON i.rowid = f.rowid WHERE fts_none MATCH ?"
    params: list[str] = [query.match()]
    if spec:
        sql += " AND fts_phrases(?, i.title, i.description, i.minutes, i.decision)"
        params.append(spec)
    return {r[0] for r in conn.execute(sql, params)}


ROWS: list[tuple[str | None, ...]] = [
    (1, "Minutes", None, "The minutes were agreed as a true record.", None),
    (2, "True", None, "record of the meeting", None),  # across columns: no
    (3, None, "true and record", None, None),  # not adjacent: no
    (4, None, None, "record true", None),  # wrong order: no
    (5, None, None, "a TRUE, record; then", None),  # across punctuation: yes
    (6, None, None, "true\u2014record and true\nrecord", None),  # dash, line break: yes
    (7, "Children’s Services", None, None, None),  # folded apostrophe
    (8, None, "Children's   services review", None, None),
    (9, None, None, None, "The Café Royal lease"),  # accents fold
    (10, None, None, "cafe\u0301 royal", None),  # combining acute: part of the token
    (11, None, None, "untrue record", None),  # inside a longer word: no
    (12, None, None, "true records", None),  # longer last word: no (unless a prefix)
    (13, None, None, "true_record", None),  # the underscore separates
    (14, None, None, "co-operative working with co-op partners", None),
    (15, None, None, "Straße works", None),
    (16, None, None, "in consultation with the Portfolio Holder", "in consultation"),
    (17, None, None, "o\u0338 record", None),  # a combining mark that separates
    (18, None, None, "2017/18 budget and 2017 18 budget", None),
]


@pytest.mark.parametrize(
    ("typed", "tokens", "prefix", "expected"),
    [
        ('"true record"', ["true", "record"], False, {1, 5, 6, 13}),
        ('"True Record"', ["true", "record"], False, {1, 5, 6, 13}),
        ('"childrens services"', ["childrens", "services"], False, {7, 8}),
        ("Children's-services ", ["childrens", "services"], False, {7, 8}),
        ('"cafe royal"', ["cafe", "royal"], False, {9, 10}),
        ('"CAFÉ royal"', ["cafe", "royal"], False, {9, 10}),
        ("co-operative ", ["co", "operative"], False, {14}),
        ("co-op", ["co", "op"], True, {14}),  # still typing: the last token is a prefix
        ("true-rec", ["true", "rec"], True, {1, 5, 6, 12, 13}),
        ('"in consultation with"', ["in", "consultation", "with"], False, {16}),
        ('"straße works"', ["straße", "works"], False, {15}),
        ('"o record"', ["o", "record"], False, {17}),
        ("2017/18 ", ["2017", "18"], False, {18}),
        ('"record true"', ["record", "true"], False, {4}),
        (
            '"minutes were agreed as a true record"',
            ["minutes", "were", "agreed", "as", "a", "true", "record"],
            False,
            {1},
        ),
    ],
)
def test_phrases_match_what_fts5_phrase_queries_matched(
    typed: str, tokens: list[str], prefix: bool, expected: set[int]
) -> None:
    conn = _pair(ROWS)
    assert _full(conn, tokens, prefix=prefix) == expected
    assert _none(conn, parse_filter(typed)) == expected


def test_a_phrase_with_other_words_needs_them_in_the_same_item() -> None:
    conn = _pair(ROWS)
    assert _none(conn, parse_filter('"true record" meeting ')) == set()
    assert _none(conn, parse_filter('"true record" agreed ')) == {1}
    assert _none(conn, parse_filter('"in consultation" "portfolio holder"')) == {16}


def test_phrases_hold_is_plain_python_too() -> None:
    assert phrases_hold("true record", None, "a true. record") == 1
    assert phrases_hold("true record", "true", "record") == 0  # never across columns
    assert phrases_hold("true record\nco op*", "true record", "co-operation") == 1
    assert phrases_hold("true record\nco op*", "true record", "cooperation") == 0
    assert phrases_hold(None, None) == 1
    # Found by hypothesis: a rejected match inside a longer word overlapped the real one.
    assert phrases_hold("under under", None, "trueÜnder–Ünder Ünder") == 1
    assert phrases_hold("under under", None, "trueÜnder–Ünder") == 0


_PIECES = st.sampled_from(
    [
        *("true", "record", "rec", "co", "op", "caf", "café", "cafe\u0301", "Ünder", "under"),
        *(" ", " ", " ", ", ", "-", "_", "’", "'", "\u2013", "\n", ".", "x", "2017", "/"),
    ]
)
_COLUMN = st.lists(_PIECES, max_size=10).map("".join)
# Up to six items, each column absent or made of the pieces.
_ITEMS = st.lists(
    st.tuples(*[st.one_of(st.none(), _COLUMN) for _ in COLUMNS]),
    min_size=1,
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(
    _ITEMS,
    st.lists(
        st.sampled_from(["true", "record", "rec", "co", "op", "cafe", "under", "x", "2017"]),
        min_size=2,
        max_size=3,
    ),
    st.booleans(),
)
def test_any_text_any_phrase_the_same_items_as_fts5(
    columns: list[tuple[str | None, ...]], tokens: list[str], prefix: bool
) -> None:
    rows = [(n, *values) for n, values in enumerate(columns, start=1)]
    conn = _pair(rows)
    typed = "-".join(tokens) + ("" if prefix else " ")
    assert _none(conn, parse_filter(typed)) == _full(conn, tokens, prefix=prefix)


# --- The index's words, read from its pages --------------------------------------------------


def test_indexed_words_are_the_vocabulary(model_conn: sqlite3.Connection) -> None:
    vocabulary = [r[0] for r in model_conn.execute("SELECT term FROM items_fts_terms")]
    assert len(vocabulary) > 50
    prefixes = sorted({w[:n] for w in vocabulary for n in (1, 2, 3, 5) if len(w) >= n})
    for prefix in prefixes:
        found = indexed_words(model_conn, prefix, limit=10_000)
        assert found is not None
        assert [w.word for w in found] == [v for v in vocabulary if v.startswith(prefix)]
        # Short lists: each ends on its page (unknown for a segment's last word).
        assert all(w.pages in (0, None) for w in found)
    assert indexed_words(model_conn, "r", limit=1) is None  # over the limit


def test_indexed_words_over_many_segments_and_pages(tmp_path: Path) -> None:
    """Words spread over several segments and long item lists spanning pages."""
    import sqlite_utils

    from store.db import connect_readonly, open_store

    path = tmp_path / "s.db"
    db = open_store(path)
    db.execute(
        "INSERT INTO meetings (id, committee, date, sort_key, seq, item_count, kinds)"
        " VALUES ('m', 'C', '2020-01-01', '0', 1, 0, 0)"
    )
    words = [f"word{n:03d}" for n in range(300)]
    for batch in range(3):  # each commit writes a segment (FTS5 merges at 4 by default)
        with db.atomic():
            for n in range(5000):
                title = " ".join(words[(n * 7 + batch) % 300 : (n * 7 + batch) % 300 + 3])
                db.execute(
                    "INSERT INTO items (rowid, id, meeting_id, position, title)"
                    " VALUES (?, ?, 'm', ?, ?)",
                    [
                        (1 << 16) | (batch * 5000 + n + 1),
                        f"m/{batch}/{n}",
                        batch * 5000 + n + 1,
                        title + " common",
                    ],
                )
    assert isinstance(db, sqlite_utils.Database)
    db.close()
    conn = connect_readonly(path)
    segments = conn.execute("SELECT count(DISTINCT segid) FROM items_fts_idx").fetchone()[0]
    assert segments > 1
    vocabulary = [r[0] for r in conn.execute("SELECT term FROM items_fts_terms")]
    for prefix in ("w", "word", "word0", "word12", "word299", "co", "common", "x"):
        found = indexed_words(conn, prefix, limit=10_000)
        assert found is not None
        assert [w.word for w in found] == [v for v in vocabulary if v.startswith(prefix)]
    common = indexed_words(conn, "common", limit=5)
    assert common is not None and common[0].pages is not None and common[0].pages >= 1
    conn.close()


# --- Migration m006 ---------------------------------------------------------------------------

FILTERS = [
    '"true record"',
    '"childrens services"',  # folded apostrophe (Children’s)
    "children's-services ",  # a typed word the tokenizer splits
    '"priority 2 safeguarding"',  # across " - "
    '"note the"',  # in two items' minutes and a resolution-bearing one
    '"the report"',
    '"report the"',  # never adjacent in that order
    '"annual report" has:truncated',
    '"cafe strategy"',  # accents; title and minutes
    '"strategy be approved" kind:decision',
    '"true record" year:2018',
    "safeguarding ",
    "report ",
    "repo",
    "co-ch",  # "Co Chair", still typing
    '"minutes of the meeting"',
    "cafe kind:decision",
]


def test_m006_rebuilds_a_detail_full_store_with_the_same_answers(tmp_path: Path) -> None:
    from conftest import MODEL_DOCUMENTS

    from store import schema
    from store.db import connect_readonly, open_store
    from store.ingest import store_document

    path = tmp_path / "old.db"
    db = open_store(path)
    for index, (source, document) in enumerate(MODEL_DOCUMENTS):
        store_document(db, source, document, sha256=f"sha{index}", size=100 + index)
    # The index as m001 made it (detail=full) and m006 not yet applied, as in a store written
    # before m006. The documents are written first: the live writer writes the columns the
    # later migrations (m007, m008) add, which a store stopped before m006 lacks.
    schema.drop_fts_triggers(db)
    db.execute("DROP TABLE items_fts_terms")
    db.execute("DROP TABLE items_fts")
    db.execute(
        "CREATE VIRTUAL TABLE items_fts USING fts5(title, description, minutes, decision,"
        " content='items_folded', content_rowid='rowid',"
        " tokenize='unicode61 remove_diacritics 2')"
    )
    schema.rebuild_fts(db)
    db.execute(f"DELETE FROM {schema.MIGRATIONS_TABLE} WHERE name = 'm006_fts_detail_none'")
    db.conn.commit()
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'items_fts'").fetchone()[0]
    assert "detail" not in sql  # detail=full, the default
    # The answers before, from FTS5's own phrase queries over positions.
    before = {}
    for text in FILTERS:
        flt = parse_filter(text)
        phrases = ['"' + " ".join(p.lower().replace("'", "").split()) + '"' for p in flt.phrases]
        words = [w.lower().replace("'", "").replace("-", " ") for w in flt.words]
        match = " AND ".join(
            phrases
            + [f'"{w}"' + ("*" if flt.prefix_last and w == words[-1] else "") for w in words]
        )
        item_ids = {
            r[0]
            for r in db.execute(
                "SELECT i.id FROM items_fts f JOIN items i ON i.rowid = f.rowid"
                " JOIN meetings m ON m.id = i.meeting_id WHERE items_fts MATCH ?"
                + ("".join(f" AND {c}" for c in filters.item_sql(flt, "i")[0]))
                + ("".join(f" AND {c}" for c in filters.meeting_sql(flt, "m")[0])),
                [match, *filters.item_sql(flt, "i")[1], *filters.meeting_sql(flt, "m")[1]],
            )
        }
        before[text] = item_ids
    db.close()

    open_store(path).close()  # applies m006
    conn = connect_readonly(path)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'items_fts'").fetchone()[0]
    assert "detail=none" in sql
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert set(schema.FTS_TRIGGERS) <= triggers
    assert any(before.values())
    for text in FILTERS:
        flt = parse_filter(text)
        after = {hit.item.id for hit in q.search_items(conn, flt, limit=1000)}
        assert after == before[text], text
        assert q.count_items(conn, flt) == len(before[text]), text
        meetings = {item_id.rsplit("/", 1)[0] for item_id in before[text]}
        assert q.count_meetings(conn, flt) == len(meetings), text
        window = q.meetings_window(conn, flt, 0, 100)
        assert {m.id for m in window} == meetings, text
    conn.close()

    # The triggers keep the new index in step: a new item is found, a removed one is not.
    db = open_store(path)
    db.execute(
        "UPDATE items SET title = 'Zebra crossing true record' WHERE rowid ="
        " (SELECT min(rowid) FROM items)"
    )
    db.close()
    conn = connect_readonly(path)
    assert q.count_items(conn, parse_filter('"crossing true record"')) == 1
    assert q.count_items(conn, parse_filter("zebr")) == 1
    conn.close()


@settings(max_examples=150, deadline=None)
@given(
    _ITEMS,
    st.sampled_from(["t", "tr", "rec", "co", "o", "c", "caf", "u", "x", "2", "201"]),
)
def test_a_prefix_checked_on_the_text_finds_the_items_fts5_finds(
    columns: list[tuple[str | None, ...]], prefix: str
) -> None:
    # One meeting's items, under a prefix of many words, are checked on their text
    # (``store.queries``, ``recheck``): the same items as the index's own prefix query.
    rows = [(n, *values) for n, values in enumerate(columns, start=1)]
    conn = _pair(rows)
    found = {n for n, *values in rows if phrases_hold(prefix + "*", *values)}
    assert found == _full(conn, [prefix], prefix=True)
