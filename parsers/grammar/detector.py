"""The shared detector: what in an item's text was decided, and who must act.

Each source format's job is to say where an item's text is (its title line, description,
``Minutes:`` and ``Decision:`` blocks, stored on the ``AgendaItem`` as paragraphs); this
module's job is to read all of it the same way for every format. ``detect_item`` reads
every text field of an item with the resolution grammar (``parsers.grammar.resolutions``)
and the action grammar (``parsers.grammar.actions``) and records, on each Resolution and
ActionPoint, the rule that found it and the span of the field's text it came from (see
``parsers.model``), so that a reader can check a detected decision against the council's
own words.

Which rules read which field:

* ``minutes`` – every rule;
* ``decision`` – every rule, and a ``Decision:`` block is a decision record: each clause in
  it that reads as a decision is one (rule ``decision-record``);
* ``description`` and ``title`` – when the item has minutes or a decision, only the keyword
  rule (an agenda's description says what a report proposes, not what was decided; Lichfield
  prints its ``RESOLVED:`` in the description too). When it has neither, the page's labels
  were stripped and its body was read as a description or run into the title line (Welwyn
  Hatfield's decision page, Peak District's item page): every rule reads them.

The same clause printed twice (a ``Decision:`` block and the ``Minutes:`` that repeat it,
Lichfield's description and minutes) is one resolution; the printing kept is the minutes',
then the decision's, the description's, the title's. Records come out in reading order:
title, description, decision, minutes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from parsers.grammar.actions import FoundAction, find_actions
from parsers.grammar.clauses import Para, locate, prepare
from parsers.grammar.resolutions import KEYWORD_NEEDS, find_resolutions, resolutions_of
from parsers.model import ActionPoint, AgendaItem, Resolution, TextField

# Every rule name a record can carry, most certain first (resolutions, then actions).
RULES = (
    "keyword", "motion", "inline-verb", "decision-record", "bare-clause", "noted-outcome",
    "resolution-clause", "action-line", "owner-to", "narrative-commitment", "request",
    "invitation", "deferral",
)  # fmt: skip
READING_ORDER: tuple[TextField, ...] = ("title", "description", "decision", "minutes")
# Which printing of a clause printed twice is kept.
PRIORITY: tuple[TextField, ...] = ("minutes", "decision", "description", "title")


@dataclass
class Detection:
    """What an item's text decided and who must act, with provenance on every record."""

    resolutions: list[Resolution] = field(default_factory=list)
    actions: list[ActionPoint] = field(default_factory=list)


def detect_item(item: AgendaItem, *, truncated: bool = False) -> Detection:
    """Resolutions and action points in all of an item's text fields, as stored.

    ``truncated`` says the site cut the item's body (its "... view the full minutes text"
    marker, already removed): a resolution running to the end of the minutes, or of the
    decision when there are no minutes, is flagged as cut.
    """
    has_body = bool((item.minutes or "").strip() or (item.decision or "").strip())
    body_field: TextField = "minutes" if (item.minutes or "").strip() else "decision"
    per_field: dict[TextField, tuple[list[Resolution], list[ActionPoint]]] = {}
    for name in PRIORITY:
        text = getattr(item, name)
        if not text or not text.strip():
            continue
        full = name in ("minutes", "decision") or not has_body
        if not full and not _may_hold_keywords(text):
            continue  # a heading or agenda text beside the minutes: nearly always
        cut = truncated and name == body_field
        per_field[name] = _detect_field(name, text, full=full, truncated=cut)
    return _merge(per_field)


def _may_hold_keywords(text: str) -> bool:
    """What the keyword rule and the action lines need, in a field read for those alone."""
    if "ACTION" in text or "Action" in text:
        return True
    return any(word in text for word in KEYWORD_NEEDS)


def detect_text(
    text: str, field_name: TextField = "minutes", *, truncated: bool = False
) -> Detection:
    """Resolutions and actions in one text (paragraphs separated by blank lines) read as
    the field ``field_name`` of an item that has no other text."""
    resolutions, actions = _detect_field(field_name, text, full=True, truncated=truncated)
    return Detection(resolutions, actions)


def _detect_field(
    name: TextField, text: str, *, full: bool, truncated: bool
) -> tuple[list[Resolution], list[ActionPoint]]:
    paras, marker = prepare(text)
    if not paras:
        return [], []
    found = find_resolutions(paras, record=name == "decision", keywords_only=not full)
    spans: list[tuple[Resolution, int, int]] = []
    for resolution, clause in resolutions_of(found, paras, truncated or marker):
        if _EMPTY_CLAUSE.match(resolution.text):
            # "RESOLVED to" and then the site's cut: a resolution without a word of what
            # was resolved tells the reader nothing the item's cut mark does not.
            continue
        _place(resolution, name, text, paras, clause.first, clause.last)
        spans.append((resolution, clause.first, clause.last))
    resolutions = [r for r, _, _ in spans]
    actions = []
    for f in find_actions(paras, spans, narrative=full):
        _place_action(f, name, text, paras, spans)
        actions.append(f.action)
    return resolutions, actions


def _place(
    record: Resolution | ActionPoint,
    name: TextField,
    text: str,
    paras: Sequence[Para],
    first: int,
    last: int,
) -> None:
    first = max(0, min(first, len(paras) - 1))
    last = max(first, min(last, len(paras) - 1))
    start, end = locate(text, paras[first].lo, paras[last].hi, record.text)
    record.source_field = name
    record.span_start = start
    record.span_end = end


def _place_action(
    found: FoundAction,
    name: TextField,
    text: str,
    paras: Sequence[Para],
    spans: Sequence[tuple[Resolution, int, int]],
) -> None:
    if found.para is not None:
        _place(found.action, name, text, paras, found.para, found.para)
        return
    # An action resolution: the clause's own span.
    for resolution, _, _ in spans:
        if resolution.text == found.action.text:
            found.action.source_field = resolution.source_field
            found.action.span_start = resolution.span_start
            found.action.span_end = resolution.span_end
            return


def _merge(
    per_field: dict[TextField, tuple[list[Resolution], list[ActionPoint]]],
) -> Detection:
    """One record per clause however often it is printed, in reading order."""
    if len(per_field) == 1:
        resolutions, actions = next(iter(per_field.values()))
        return Detection(resolutions, actions)
    seen_resolutions: set[str] = set()
    seen_actions: set[str] = set()
    kept_resolutions: dict[TextField, list[Resolution]] = {}
    kept_actions: dict[TextField, list[ActionPoint]] = {}
    for name in PRIORITY:
        if name not in per_field:
            continue
        resolutions, actions = per_field[name]
        mine = {_key(r.text) for r in resolutions}
        kept_resolutions[name] = [r for r in resolutions if _key(r.text) not in seen_resolutions]
        kept_actions[name] = [a for a in actions if _key(a.text) not in seen_actions]
        seen_resolutions |= mine
        seen_actions |= {_key(a.text) for a in actions}
    detection = Detection()
    for name in READING_ORDER:
        detection.resolutions.extend(kept_resolutions.get(name, []))
        detection.actions.extend(kept_actions.get(name, []))
    return detection


_NOT_WORD = re.compile(r"[\W_]+")
_EMPTY_CLAUSE = re.compile(r"^[\W_]*(?:(?:to|that|THAT|That|To|TO)\b[\W_]*)?$")


def _key(text: str) -> str:
    """A clause's identity across printings: its first words, case and punctuation aside."""
    return _NOT_WORD.sub(" ", text.casefold()).strip()[:80]
