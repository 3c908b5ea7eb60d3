"""The filter language typed after ``/`` in the reader and given to ``search``."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.filters import Filter, FilterError, parse_filter


def test_empty_filter_matches_everything() -> None:
    assert parse_filter("") == Filter()
    assert parse_filter("   ").is_empty


def test_words_phrases_and_fields_combine() -> None:
    flt = parse_filter('safeguarding "true record" committee:cabinet kind:decision has:actions')
    assert flt.words == ("safeguarding",)
    assert flt.phrases == ("true record",)
    assert flt.committee == "cabinet"
    assert flt.kind == "decision"
    assert flt.has == frozenset({"actions"})
    assert flt.prefix_last is False  # the last token is a field, not a word being typed


def test_last_word_is_a_prefix_only_while_typing_it() -> None:
    assert parse_filter("safeg").prefix_last is True
    assert parse_filter("committee:cabinet safeg").prefix_last is True
    assert parse_filter("safeguarding ").prefix_last is False
    assert parse_filter('"true record"').prefix_last is False


def test_unclosed_quote_is_a_phrase_in_progress() -> None:
    assert parse_filter('"true rec').phrases == ("true rec",)


@pytest.mark.parametrize(
    ("text", "date_from", "date_to"),
    [
        ("from:2017-01-01", dt.date(2017, 1, 1), None),
        ("to:2018-12-31", None, dt.date(2018, 12, 31)),
        ("to:2018-02", None, dt.date(2018, 2, 28)),
        ("to:2016", None, dt.date(2016, 12, 31)),
        ("from:27/09/2017", dt.date(2017, 9, 27), None),
        ("year:2017", dt.date(2017, 1, 1), dt.date(2017, 12, 31)),
    ],
)
def test_date_bounds(text: str, date_from: dt.date | None, date_to: dt.date | None) -> None:
    flt = parse_filter(text)
    assert (flt.date_from, flt.date_to) == (date_from, date_to)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("year:17", "year: expects a four-digit year (got '17')"),
        ("kind:foo", "kind: expects one of noted, decision, action (got 'foo')"),
        ("has:x", "has: expects one of actions, resolutions, minutes, truncated, note (got 'x')"),
        ("from:2019 to:2018", "from: is after to: — nothing can match"),
        (
            "from:yesterday",
            "from: expects a date like 2017-01-31, 2017-01 or 2017 (got 'yesterday')",
        ),
        ("from:", "from: needs a value"),
        (
            "colour:",
            "unknown filter colour: (use committee:, council:, from:, to:, year:, has:, kind:,"
            " person:, is:, status:, owner:, due:)",
        ),
        ("comittee:cabinet", "unknown filter comittee: (did you mean committee:?)"),
        ("Kinds:decision", "unknown filter Kinds: (did you mean kind:?)"),
        ('committee:""', "committee: needs a value"),
        ("committee:=", "committee: needs a name (got '')"),
    ],
)
def test_invalid_filters_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(FilterError) as excinfo:
        parse_filter(text)
    assert str(excinfo.value) == message


def test_words_with_colons_that_are_not_fields_are_words() -> None:
    assert parse_filter("10:00 item").words == ("10:00", "item")


def test_field_values_can_be_quoted_and_matched_exactly_or_as_a_prefix() -> None:
    # committee:"children's partnership" said it needed a value; committee:cabinet also
    # matched "Environment & Transport Cabinet Committee" with no way to ask for Cabinet.
    flt = parse_filter('committee:"children\'s partnership" safeguarding')
    assert (flt.committee, flt.committee_match, flt.words) == (
        "children's partnership",
        "contains",
        ("safeguarding",),
    )
    assert flt.prefix_last is True
    flt = parse_filter('committee:="Cabinet" council:^"Kent County"')
    assert (flt.committee, flt.committee_match) == ("Cabinet", "exact")
    assert (flt.council, flt.council_match) == ("Kent County", "prefix")
    assert flt.describe() == 'committee:=Cabinet council:^"Kent County"'
    assert parse_filter(flt.describe()) == flt  # what the status line shows can be typed
    assert parse_filter("council:=kent").council_match == "exact"


def test_singular_and_plural_values_are_one() -> None:
    assert parse_filter("has:action").has == parse_filter("has:actions").has
    assert parse_filter("has:resolution").has == frozenset({"resolutions"})
    assert parse_filter("kind:decisions").kind == "decision"


def test_describe_is_canonical() -> None:
    flt = parse_filter('has:actions CSE year:2017 "true record"')
    assert flt.describe() == 'CSE "true record" from:2017-01-01 to:2017-12-31 has:actions'


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_gives_a_filter_or_a_filter_error(text: str) -> None:
    try:
        flt = parse_filter(text)
    except FilterError as exc:
        assert "\n" not in str(exc)
    else:
        assert isinstance(flt, Filter)


def test_name_fields_on_a_store(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from parsers.model import AgendaItem, Meeting, ParsedDocument
    from store import queries
    from store.db import connect_readonly, open_store
    from store.ingest import store_document

    db = open_store(tmp_path / "s.db")
    for n, (council, committee) in enumerate(
        [
            ("Kent County Council", "Cabinet"),
            ("Kent County Council", "Environment & Transport Cabinet Committee"),
            ("Medway Council", "Cabinet"),
            (None, "Children's Partnership Board"),
        ]
    ):
        meeting = Meeting(
            committee=committee,
            council=council,
            date=dt.date(2020, 1, 1 + n),
            items=[AgendaItem("1", "Minutes")],
        )
        document = ParsedDocument("test", "meeting", [meeting])
        store_document(db, f"/c/{n}.txt", document, sha256=str(n), size=1)
    db.close()
    conn = connect_readonly(tmp_path / "s.db")

    def found(text: str) -> list[tuple[str | None, str | None]]:
        rows = queries.meetings_window(conn, parse_filter(text), 0, 10)
        return sorted((r.council, r.committee) for r in rows)

    assert found("committee:cabinet") == [
        ("Kent County Council", "Cabinet"),
        ("Kent County Council", "Environment & Transport Cabinet Committee"),
        ("Medway Council", "Cabinet"),
    ]
    assert found("committee:=cabinet") == [
        ("Kent County Council", "Cabinet"),
        ("Medway Council", "Cabinet"),
    ]
    assert found('committee:^"environment and transport"') == [
        ("Kent County Council", "Environment & Transport Cabinet Committee"),
    ]
    assert found('committee:"children\'s partnership"') == [
        (None, "Children's Partnership Board"),
    ]
    assert found("council:kent committee:=cabinet") == [("Kent County Council", "Cabinet")]
    assert found("council:=medway") == []  # exact: the whole name
    assert found('council:="Medway Council"') == [("Medway Council", "Cabinet")]
    assert queries.count_meetings(conn, parse_filter("council:^kent")) == 2
    conn.close()
