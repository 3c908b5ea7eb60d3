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
            "unknown filter colour: (use committee:, from:, to:, year:, has:, kind:, person:, is:)",
        ),
    ],
)
def test_invalid_filters_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(FilterError) as excinfo:
        parse_filter(text)
    assert str(excinfo.value) == message


def test_words_with_colons_that_are_not_fields_are_words() -> None:
    assert parse_filter("10:00 item").words == ("10:00", "item")


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
