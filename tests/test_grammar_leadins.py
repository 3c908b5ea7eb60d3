"""Every entry of the grammar's tables, read on its own real example.

The resolution and action grammars are tables (``parsers.grammar.resolutions`` lead-ins,
movers, outcomes; ``parsers.grammar.actions.ACTION_FORMS``); each entry carries a paragraph
from a real page and what must be read from it. Adding a form is one entry, and this file
tests it without another line. The tests also check that each entry's own words are what
found the example (the form is not dead weight behind an earlier one).
"""

from __future__ import annotations

import pytest

from parsers.grammar import actions, resolutions
from parsers.grammar.actions import ACTION_FORMS, ActionForm, narrative_action
from parsers.grammar.detector import detect_text
from parsers.grammar.resolutions import (
    AGREED_OBJECT,
    AGREED_REQUEST,
    AGREEMENTS,
    BE_IT_RESOLVED,
    CAPS_OUTCOME,
    KEYWORD_PREFIXES,
    KEYWORD_QUALIFIERS,
    KEYWORDS,
    MOVED_BY_NAME,
    MOVED_INLINE,
    MOVERS,
    OUTCOMES,
    PROPOSED_TAIL,
    RECORD_LEADS,
    LeadIn,
    extract_resolutions,
    outcome,
)


def _ids(entries: tuple[LeadIn, ...] | list[LeadIn]) -> list[str]:
    return [e.source for e in entries]


@pytest.mark.parametrize("entry", KEYWORDS + KEYWORD_PREFIXES + KEYWORD_QUALIFIERS,
                         ids=_ids(KEYWORDS + KEYWORD_PREFIXES + KEYWORD_QUALIFIERS))  # fmt: skip
def test_keyword_lead_ins(entry: LeadIn) -> None:
    found = extract_resolutions([entry.example])
    assert [(r.text, r.rule) for r in found] == [(entry.text, "keyword")]


@pytest.mark.parametrize(
    "entry",
    [*AGREEMENTS, AGREED_OBJECT, CAPS_OUTCOME],
    ids=_ids([*AGREEMENTS, AGREED_OBJECT, CAPS_OUTCOME]),
)
def test_agreements_in_running_text(entry: LeadIn) -> None:
    found = extract_resolutions([entry.example])
    assert [(r.text, r.rule) for r in found] == [(entry.text, "inline-verb")]


@pytest.mark.parametrize("entry", MOVERS, ids=_ids(MOVERS))
def test_mover_lines_introduce_the_motion_after_them(entry: LeadIn) -> None:
    found = extract_resolutions([entry.example, "That the report be approved.", "Carried."])
    assert [(r.text, r.rule) for r in found] == [("That the report be approved.", "motion")]


@pytest.mark.parametrize(
    "entry",
    [MOVED_INLINE, MOVED_BY_NAME, BE_IT_RESOLVED, PROPOSED_TAIL, AGREED_REQUEST],
    ids=_ids([MOVED_INLINE, MOVED_BY_NAME, BE_IT_RESOLVED, PROPOSED_TAIL, AGREED_REQUEST]),
)
def test_motions(entry: LeadIn) -> None:
    paragraphs = [entry.example]
    if entry is BE_IT_RESOLVED:
        paragraphs.append("Carried.")
    found = extract_resolutions(paragraphs)
    assert [(r.text, r.rule) for r in found] == [(entry.text, "motion")]


@pytest.mark.parametrize("entry", OUTCOMES, ids=_ids(OUTCOMES))
def test_outcomes(entry: LeadIn) -> None:
    assert outcome(entry.example) == entry.text


@pytest.mark.parametrize("entry", RECORD_LEADS, ids=_ids(RECORD_LEADS))
def test_record_leads(entry: LeadIn) -> None:
    text = f"{entry.example}\n\nThe Temporary Accommodation Allocations and Commissioning Policy"
    found = detect_text(text, "decision").resolutions
    assert [(r.text, r.rule) for r in found] == [
        (f"{entry.text} The Temporary Accommodation Allocations and Commissioning Policy",
         "decision-record")
    ]  # fmt: skip


@pytest.mark.parametrize("form", ACTION_FORMS, ids=[f.source for f in ACTION_FORMS])
def test_action_forms(form: ActionForm) -> None:
    action = narrative_action(form.example)
    assert action is not None
    assert (action.rule, action.owner) == (form.rule, form.example_owner)
    # The entry itself reads the example, not an earlier one.
    first = next(
        f for f in ACTION_FORMS if any(
            actions._action_from(f, form.example, m) for m in f.pattern.finditer(form.example)
        )
    )  # fmt: skip
    assert first is form


def test_every_table_names_its_source() -> None:
    tables = [KEYWORDS, KEYWORD_PREFIXES, KEYWORD_QUALIFIERS, AGREEMENTS, MOVERS, OUTCOMES,
              RECORD_LEADS]  # fmt: skip
    entries = [e for table in tables for e in table]
    entries += [AGREED_OBJECT, CAPS_OUTCOME, MOVED_INLINE, MOVED_BY_NAME, BE_IT_RESOLVED,
                PROPOSED_TAIL, AGREED_REQUEST]  # fmt: skip
    assert all(e.source and e.example for e in entries)
    assert all(f.source and f.example for f in ACTION_FORMS)
    assert resolutions.KEYWORD.pattern  # composed from the tables at import
