"""Every read query on the hand-built store from conftest.MODEL_DOCUMENTS, exact values.

Newest first: Cabinet 2018-10-02 14:00, Health Scrutiny 2018-10-02 10:00,
Children's Partnership Board 2017-09-27, Audit 2016-03-01, then the undated
item page.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from store import detail_records, records
from store import queries as q
from store.filters import Filter, parse_filter

ORDER = [
    "Cabinet",
    "Health Scrutiny Committee",
    "Children's Partnership Board",
    "Audit Committee",
    None,
]


def committees(rows: list[q.MeetingRow]) -> list[str | None]:
    return [r.committee for r in rows]


def cpb_id(conn: sqlite3.Connection) -> str:
    (row,) = q.find_meetings(conn, "partnership")
    return row.id


def test_meetings_newest_first_undated_last(model_conn: sqlite3.Connection) -> None:
    rows = q.meetings_window(model_conn, Filter(), 0, 50)
    assert committees(rows) == ORDER
    assert [r.date for r in rows] == [
        dt.date(2018, 10, 2),
        dt.date(2018, 10, 2),
        dt.date(2017, 9, 27),
        dt.date(2016, 3, 1),
        None,
    ]
    assert [(r.item_count, r.resolution_count, r.action_count) for r in rows] == [
        (2, 1, 1),
        (1, 1, 0),
        (5, 3, 1),
        (0, 0, 0),
        (1, 0, 0),
    ]
    assert rows[0].time == "14:00"
    assert rows[0].council == "Nottingham City Council"
    assert q.count_meetings(model_conn, Filter()) == 5
    # Only the header-less meeting carries its source's name, to tell it apart in a list.
    assert [r.source_name for r in rows] == [None, None, None, None, "item-page.txt"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ORDER),
        # Folding: the documents say "Children’s" (curly apostrophe).
        ("childrens", ["Health Scrutiny Committee", "Children's Partnership Board"]),
        ("Children's", ["Health Scrutiny Committee", "Children's Partnership Board"]),
        ("CHILDREN’S ", ["Health Scrutiny Committee", "Children's Partnership Board"]),
        ("cafe ", ["Cabinet"]),
        ("CAFÉ ", ["Cabinet"]),
        ("chil", ["Health Scrutiny Committee", "Children's Partnership Board"]),  # prefix
        ("chil ", []),  # no longer being typed: a whole word
        ('"true record"', ["Children's Partnership Board"]),
        ('"record true"', []),
        ("boards ", [None]),  # "Board’s" in the undated item page
        ("committee:cabinet", ["Cabinet"]),
        ("committee:children's", ["Children's Partnership Board"]),
        ("committee:COMMITTEE", ["Health Scrutiny Committee", "Audit Committee"]),
        ("committee:50%", []),
        ("year:2018", ["Cabinet", "Health Scrutiny Committee"]),
        ("from:2017-01-01 to:2017-12-31", ["Children's Partnership Board"]),
        ("to:2016", ["Audit Committee"]),
        (
            "from:2017-09-27",
            ["Cabinet", "Health Scrutiny Committee", "Children's Partnership Board"],
        ),
        ("has:actions", ["Cabinet", "Children's Partnership Board"]),
        (
            "has:resolutions",
            ["Cabinet", "Health Scrutiny Committee", "Children's Partnership Board"],
        ),
        (
            "has:minutes",
            ["Cabinet", "Health Scrutiny Committee", "Children's Partnership Board", None],
        ),
        # Item 20 was truncated on the meeting page; the issue page's full text replaced it.
        ("has:truncated", [None]),
        ("kind:noted", ["Health Scrutiny Committee", "Children's Partnership Board"]),
        ("kind:decision", ["Cabinet"]),
        ("kind:action", ["Children's Partnership Board"]),
        # Item-level parts hold for the same item: Cabinet's decision and its action
        # are on different items.
        ("has:actions kind:noted", ["Children's Partnership Board"]),
        ("has:actions kind:decision", []),
        ("has:actions has:resolutions", ["Children's Partnership Board"]),
        ("cafe kind:decision", ["Cabinet"]),
        ("cafe has:actions", []),
        ("report year:2018", ["Health Scrutiny Committee"]),
    ],
)
def test_meeting_filters(model_conn: sqlite3.Connection, text: str, expected: list) -> None:
    flt = parse_filter(text)
    rows = q.meetings_window(model_conn, flt, 0, 50)
    assert committees(rows) == expected
    assert q.count_meetings(model_conn, flt) == len(expected)
    assert committees(q.meetings_page(model_conn, flt, None, 50)) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (("AND",), [None]),  # the word "and" ("Head of Legal and Governance"), not an operator
        (("strategy", "OR", "budget"), []),  # "or" is a required word, not a disjunction
        (("NEAR(",), []),
        (("col:x",), []),
        (('"*',), ORDER),  # no word left after folding: no text condition
        (("^",), ORDER),
        (("'''",), ORDER),
    ],
)
def test_hostile_text_is_searched_for_not_interpreted(
    model_conn: sqlite3.Connection, words: tuple[str, ...], expected: list
) -> None:
    for prefix in (False, True):
        flt = Filter(words=words, prefix_last=prefix)
        assert committees(q.meetings_window(model_conn, flt, 0, 9)) == expected
        assert q.count_meetings(model_conn, flt) == len(expected)
        q.count_items(model_conn, flt)
        q.actions_window(model_conn, flt, 0, 9)


def test_keyset_pages_and_windows_agree(model_conn: sqlite3.Connection) -> None:
    everything = q.meetings_window(model_conn, Filter(), 0, 100)
    pages: list[q.MeetingRow] = []
    after = None
    while True:
        page = q.meetings_page(model_conn, Filter(), after, 2)
        if not page:
            break
        pages += page
        after = page[-1]
    assert pages == everything
    for offset in range(6):
        assert q.meetings_window(model_conn, Filter(), offset, 2) == everything[offset : offset + 2]
    for index, row in enumerate(everything):
        assert q.meeting_index(model_conn, Filter(), row.id) == index
    flt = parse_filter("year:2018")
    assert q.meeting_index(model_conn, flt, everything[1].id) == 1
    assert q.meeting_index(model_conn, flt, everything[2].id) is None
    assert q.meeting_index(model_conn, Filter(), "no-such-meeting") is None


def test_find_meetings(model_conn: sqlite3.Connection) -> None:
    assert committees(q.find_meetings(model_conn, "cabinet")) == ["Cabinet"]
    assert committees(q.find_meetings(model_conn, "27/09/2017")) == ["Children's Partnership Board"]
    assert committees(q.find_meetings(model_conn, "children's september 2017")) == [
        "Children's Partnership Board"
    ]
    assert committees(q.find_meetings(model_conn, "2018-10")) == [
        "Cabinet",
        "Health Scrutiny Committee",
    ]
    assert committees(q.find_meetings(model_conn, "undated")) == [None]
    assert committees(q.find_meetings(model_conn, "", limit=2)) == ORDER[:2]
    assert q.find_meetings(model_conn, "100%_") == []


def test_items(model_conn: sqlite3.Connection) -> None:
    mid = cpb_id(model_conn)
    items = q.meeting_items(model_conn, mid, Filter())
    assert [(i.number, i.title) for i in items] == [
        ("16", "Apologies"),
        ("17", "Declarations of Interests"),
        ("18", "Minutes"),
        ("19", "Board Membership Update"),
        ("20", "Update on Priority 2 - Safeguarding"),
    ]
    assert [i.position for i in items] == [1, 2, 3, 4, 5]
    assert items[4] == q.ItemRow(
        id=f"{mid}/20",
        meeting_id=mid,
        position=5,
        number="20",
        title="Update on Priority 2 - Safeguarding",
        resolution_count=2,
        action_count=1,
        truncated=False,
    )
    assert [i.number for i in q.meeting_items(model_conn, mid, parse_filter("childrens"))] == ["20"]
    assert [i.number for i in q.meeting_items(model_conn, mid, parse_filter("kind:noted"))] == [
        "19",
        "20",
    ]
    assert q.meeting_items(model_conn, mid, parse_filter("year:2018")) == []
    assert q.count_items(model_conn, Filter()) == 9
    assert q.count_items(model_conn, parse_filter("childrens")) == 2
    assert q.count_items(model_conn, parse_filter("has:minutes year:2017")) == 5
    assert q.count_items(model_conn, parse_filter("kind:noted")) == 3


def test_resolutions_and_actions(model_conn: sqlite3.Connection) -> None:
    mid = cpb_id(model_conn)
    resolutions = q.meeting_resolutions(model_conn, mid, Filter())
    assert [(r.item_number, r.number, r.kind, r.text) for r in resolutions] == [
        ("19", None, "noted", "to note the resignation."),
        ("20", "1", "noted", "note the update;"),
        ("20", "2", "action", "ask each agency to report back."),
    ]
    assert not any(r.truncated for r in resolutions)
    assert [
        r.number for r in q.meeting_resolutions(model_conn, mid, parse_filter("kind:action"))
    ] == ["2"]
    assert q.item_resolutions(model_conn, f"{mid}/20") == resolutions[1:]
    (action,) = q.meeting_actions(model_conn, mid, Filter())
    assert (action.text, action.owner, action.due, action.source_kind) == (
        "ask each agency to report back.",
        "each agency",
        None,
        "resolution",
    )
    assert (action.committee, action.meeting_date, action.item_number, action.item_title) == (
        "Children's Partnership Board",
        dt.date(2017, 9, 27),
        "20",
        "Update on Priority 2 - Safeguarding",
    )
    assert q.item_actions(model_conn, f"{mid}/20") == [action]
    assert q.meeting_actions(model_conn, mid, parse_filter("cafe")) == []


def test_all_actions(model_conn: sqlite3.Connection) -> None:
    rows = q.actions_window(model_conn, Filter(), 0, 10)
    assert [(a.committee, a.text, a.owner, a.due) for a in rows] == [
        ("Cabinet", "circulate the figures", "Officers", dt.date(2018, 11, 1)),
        ("Children's Partnership Board", "ask each agency to report back.", "each agency", None),
    ]
    assert q.count_actions(model_conn, Filter()) == 2
    assert q.actions_window(model_conn, Filter(), 1, 1) == rows[1:]
    assert q.count_actions(model_conn, parse_filter("year:2017")) == 1
    assert q.count_actions(model_conn, parse_filter("officers")) == 1
    assert q.count_actions(model_conn, parse_filter("cafe")) == 0
    assert q.count_actions(model_conn, parse_filter("kind:action committee:partnership")) == 1
    assert [a.committee for a in q.actions_window(model_conn, parse_filter("circ"), 0, 5)] == [
        "Cabinet"
    ]


def test_item_detail_merges_sources(model_conn: sqlite3.Connection) -> None:
    mid = cpb_id(model_conn)
    detail = q.item_detail(model_conn, f"{mid}/20")
    assert detail is not None
    assert detail.meeting.committee == "Children's Partnership Board"
    assert detail.minutes is not None and detail.minutes.endswith(
        "(2) ask each agency to report back."
    )
    assert detail.item.truncated is False
    assert detail.documents == (
        detail_records.DocumentRow("Update on Priority 2", "pdf", 233.0, None),
    )
    assert [s.path for s in detail.sources] == ["/corpus/cpb-issue.txt", "/corpus/cpb-meeting.txt"]
    assert [s.page_kind for s in detail.sources] == ["issue", "meeting"]
    assert len(detail.resolutions) == 2 and len(detail.actions) == 1
    minutes_item = q.item_detail(model_conn, f"{mid}/18")
    assert minutes_item is not None
    assert minutes_item.description == "Minutes of the meeting held on 5 July 2017, to be agreed"
    assert [s.path for s in minutes_item.sources] == ["/corpus/cpb-meeting.txt"]
    assert q.item_detail(model_conn, "nope") is None


def test_store_counts(model_conn: sqlite3.Connection) -> None:
    assert q.store_counts(model_conn) == {
        "meetings": 5,
        "items": 9,
        "resolutions": 5,
        "actions": 2,
        "sources": 6,
    }


def test_hot_queries_use_indexes(model_conn: sqlite3.Connection) -> None:
    """The paging queries walk an index in order, never sort the table."""

    def plan(sql: str, params: list) -> str:
        return " | ".join(r[3] for r in model_conn.execute("EXPLAIN QUERY PLAN " + sql, params))

    window = plan("SELECT id FROM meetings m ORDER BY m.sort_key LIMIT ? OFFSET ?", [10, 0])
    assert "USING INDEX" in window and "TEMP B-TREE" not in window
    actions = plan("SELECT a.id FROM actions a ORDER BY a.sort_key, a.id LIMIT ? OFFSET ?", [10, 0])
    assert "USING" in actions and "TEMP B-TREE" not in actions
    items = plan("SELECT id FROM items i WHERE i.meeting_id = ? ORDER BY i.position", ["x"])
    assert "USING INDEX" in items and "TEMP B-TREE" not in items


def test_text_counts_do_not_read_the_items_table(model_conn: sqlite3.Connection) -> None:
    """The meeting of a hit comes from its rowid, never from a lookup per hit."""
    sqls: list[str] = []
    model_conn.set_trace_callback(sqls.append)
    try:
        assert q.count_meetings(model_conn, parse_filter("childrens year:2018")) == 1
        assert q.count_items(model_conn, parse_filter("childrens year:2018")) == 1
        assert q.count_actions(model_conn, parse_filter("officers")) == 1
    finally:
        model_conn.set_trace_callback(None)
    ours = [s for s in sqls if s.startswith("SELECT count(*)")]
    assert len(ours) == 3
    for sql in ours:
        plan = " | ".join(r[3] for r in model_conn.execute("EXPLAIN QUERY PLAN " + sql))
        assert " i " not in f" {plan} ".replace("|", " ") and "items " not in plan, plan


def test_column_widths_match_the_column_lists(model_conn: sqlite3.Connection) -> None:
    """Rows that select several column lists side by side are sliced by these widths."""
    for cols, width, table in (
        (records.MEETING_COLS, records.MEETING_WIDTH, "meetings m"),
        (records.ITEM_COLS, records.ITEM_WIDTH, "items i"),
    ):
        cursor = model_conn.execute(f"SELECT {cols} FROM {table} LIMIT 1")
        assert len(cursor.description) == width
