"""How a later meeting reports on an earlier meeting's actions, and what it says of them.

Councils follow actions up in a few ways, and this module reads each one's words; which
earlier action a passage is about is the store's question (``store.tracker``):

* an item that reports back: ``Matters arising``, an ``Action log``, ``Outstanding
  actions`` (``REPORT_BACK_TITLES``); each of its paragraphs may be about one action,
  naming the minute it was set at (``Minute 57``, ``Action 3``: ``references``) or
  repeating its words (``same_words``);
* an item on the same matter at a later meeting (``Ballachulish Bridge`` at Nether
  Lochaber's next meeting), whose resolution follows the earlier one up;
* what the passage says of it (``progress``): done, still open, dropped or superseded,
  read by the forms of ``PROGRESS_FORMS``; a passage that says none of these links the
  action without changing its status.

Generic titles (``Apologies``, ``Minutes``, ``Any other business``) are never "the same
matter" (``GENERIC_TITLES``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

Progress = Literal["done", "open", "dropped", "superseded"]


@dataclass(frozen=True)
class ReportBackTitle:
    """An item title that reports on earlier actions, with a real title that reads so."""

    pattern: re.Pattern[str]
    example: str
    source: str


REPORT_BACK_TITLES: tuple[ReportBackTitle, ...] = (
    ReportBackTitle(re.compile(r"\bmatters?\s+arising\b", re.I), "(b)  Matters arising",
                    "Coventry, Cabinet, October 2018"),
    ReportBackTitle(re.compile(r"\bmaterion\s+yn\s+codi\b", re.I), "Materion yn Codi",
                    "constructed: the Welsh for Matters arising on LLL=1 pages"),
    ReportBackTitle(re.compile(r"\baction\s+(?:log|tracker|list|sheet|points?\s+log)\b", re.I),
                    "Action Log", "constructed: City of London's action logs (issue 22)"),
    ReportBackTitle(re.compile(r"\boutstanding\s+actions?\b", re.I), "Outstanding Actions",
                    "constructed: City of London's Outstanding actions table (issue 22)"),
    ReportBackTitle(re.compile(r"\b(?:actions?|action\s+points?)\s+(?:from|arising\s+from)\s+"
                               r"(?:the\s+)?(?:last|previous|prior)\b", re.I),
                    "Actions from the previous meeting", "constructed: issue 22"),
    ReportBackTitle(re.compile(r"\b(?:progress\s+on|review\s+of|update\s+on)\s+(?:the\s+)?"
                               r"actions?\b", re.I),
                    "Review of actions", "constructed: issue 22"),
)  # fmt: skip

# Titles every meeting has: an item so named is no matter of its own.
GENERIC_TITLES = re.compile(
    r"^(?:\(?[a-z0-9]{1,3}[).]\s*)?(?:apologies|minutes|declarations?|declaration\s+of\s+"
    r"interests?|any\s+other\s+(?:urgent\s+)?business|a\.?o\.?b\.?|date\s+of\s+(?:the\s+)?next"
    r"|public\s+(?:questions|participation|speaking)|chair(?:man|person)?'?s?\s+"
    r"(?:announcements|business|report|update)|welcome|introductions?|exclusion\s+of|urgent"
    r"\s+business|matters?\s+arising|correspondence|finance|treasurer'?s?\s+report|"
    r"questions|announcements|forward\s+plan|work\s+programme|items?\s+for\s+information"
    r"|notices?\s+of\s+motion|petitions|election\s+of|appointment\s+of)\b",
    re.I,
)

# "Minute 57", "Min. 45/22", "Minute No. 81", "(minute 124 refers)", "Item 5", "Action 3".
REFERENCE = re.compile(
    r"\b(?P<what>[Mm]inutes?|[Mm]in\.|[Ii]tems?|[Aa]ctions?(?:\s+[Pp]oints?)?)\s*"
    r"(?:[Nn]o\.?\s*|[Nn]umber\s+)?(?P<number>\d{1,4}(?:[./]\d{1,4})?[a-z]?)\b"
)


@dataclass(frozen=True)
class Reference:
    """A minute or item number (``what`` ``minute``/``item``) or an action's number."""

    what: Literal["minute", "action"]
    number: str


def references(text: str) -> list[Reference]:
    """The minute, item and action numbers a passage names, in order."""
    out: list[Reference] = []
    for m in REFERENCE.finditer(text):
        what = m.group("what").lower()
        kind: Literal["minute", "action"] = "action" if what.startswith("action") else "minute"
        number = m.group("number").rstrip(".")
        if Reference(kind, number) not in out:
            out.append(Reference(kind, number))
    return out


@functools.lru_cache(maxsize=4096)
def is_report_back(title: str | None) -> bool:
    """Whether an item of this title reports on the last meeting's actions."""
    return bool(title) and any(t.pattern.search(title or "") for t in REPORT_BACK_TITLES)


def is_generic(title: str | None) -> bool:
    """Whether a title names an item every meeting has (no matter of its own)."""
    return not title or bool(GENERIC_TITLES.match(title.strip()))


@dataclass(frozen=True)
class ProgressForm:
    """Words that say where an action stands, with a real (or constructed) example."""

    progress: Progress
    pattern: re.Pattern[str]
    example: str
    source: str


PROGRESS_FORMS: tuple[ProgressForm, ...] = (
    # Not done yet, said of something that would be done: first, so "not yet complete"
    # is open, not done.
    ProgressForm("open", re.compile(
        r"\b(?:ongoing|on-going|in\s+progress|outstanding|carried\s+forward|c/f|"
        r"(?:is|are|was|were)\s+(?:still\s+)?(?:chasing|awaiting|pending|being\s+\w+ed)|"
        r"still\s+(?:awaited|to\s+be|being|not)|not\s+(?:yet|back|been)\b|awaiting|pending|"
        r"remains?\s+open|to\s+be\s+(?:continued|followed\s+up))", re.I),
        "Cllr Andrew Baxter is chasing this issue", "Nether Lochaber, December 2017"),
    ProgressForm("dropped", re.compile(
        r"\b(?:no\s+longer\s+(?:required|needed|necessary|being\s+pursued)|no\s+further\s+"
        r"action|not\s+(?:to\s+be\s+)?(?:pursued|proceeding|progressed)|withdrawn|dropped|"
        r"cancelled|abandoned|closed\s+(?:without|with\s+no))\b", re.I),
        "The Clerk reported that the survey was no longer required as the county council had "
        "carried it out.", "constructed: issue 22's dropped"),
    ProgressForm("superseded", re.compile(
        r"\b(?:superseded|overtaken\s+by\s+events|replaced\s+by|subsumed|see\s+(?:new\s+)?"
        r"action|(?:now\s+)?covered\s+by)\b", re.I),
        "This action has been superseded by the new highways work programme.",
        "constructed: issue 22's superseded"),
    ProgressForm("done", re.compile(
        r"\b(?:complete[d]?|done|actioned|closed|finished|discharged|resolved|achieved|"
        r"(?:has|have|had)\s+(?:now\s+)?(?:been\s+)?(?:sent|circulated|written|contacted|"
        r"arranged|received|completed|provided|submitted|published|agreed|confirmed|"
        r"installed|repaired|replaced|ordered|carried\s+out|done|issued|made|held|spoken|"
        r"met|emailed|e-mailed|delivered|fixed|finished|obtained|secured|set|investigated|"
        r"costed|appended)|(?:was|were)\s+(?:duly\s+)?(?:sent|circulated|completed|"
        r"provided|submitted|received|carried\s+out|held|installed|repaired|issued))\b",
        re.I),
        "DW has costed these signs.", "Nether Lochaber, December 2017"),
)  # fmt: skip


def progress(text: str) -> Progress | None:
    """Where a passage says an action stands, or None when it says nothing of it."""
    for form in PROGRESS_FORMS:
        if form.pattern.search(text):
            return form.progress
    return None


_CONTENT = re.compile(r"[a-z][a-z’'-]{2,}")
_COMMON = frozenset(
    {"the", "and", "that", "this", "with", "from", "have", "been", "were", "would", "will",
     "shall", "their", "they", "them", "there", "which", "about", "into", "also", "being",
     "agreed", "resolved", "for", "are", "was", "has", "had", "not", "all", "any", "its",
     "his", "her", "our", "who", "what", "when", "can", "could", "should", "may", "might",
     "must", "meeting", "meetings", "members", "member", "council", "committee", "item",
     "report", "reported", "action", "actions", "minute", "minutes", "update", "clerk",
     "chair", "officers", "officer", "noted", "note", "further", "next", "last", "previous",
     "asked", "request", "requested", "advised", "confirmed", "said", "stated", "complete",
     "completed", "ongoing", "done", "still", "now", "yet", "back"}
)  # fmt: skip


def content_words(text: str) -> set[str]:
    """The words that say what a passage is about (common words and endings aside)."""
    words = {w.rstrip("s’'") for w in _CONTENT.findall(text.lower())}
    return {w for w in words if w not in _COMMON and len(w) > 2}


def same_words(action: str, passage: str) -> bool:
    """Whether a passage repeats enough of an action's words to be about it: at least two
    of the action's content words, and a good share of them (``IJ to contact SUSTRANS`` in
    ``SUSTRANS had been contacted by IJ``)."""
    mine = content_words(action)
    theirs = content_words(passage)
    if not mine or not theirs:
        return False
    shared = len(mine & theirs)
    return (shared >= 2 and shared / len(mine) >= 0.5) or (
        shared >= 4 and shared / len(mine) >= 0.3
    )


@functools.lru_cache(maxsize=4096)  # titles repeat: every meeting has "Apologies" ...
def title_words(title: str | None) -> str | None:
    """An item title's words as the matter it names (case, punctuation and a leading
    sub-item label aside), or None for a title every meeting has: two items name one
    matter when these are equal."""
    if is_generic(title):
        return None
    text = re.sub(r"^\(?[a-z0-9]{1,3}[).]\s+", "", (title or "").strip(), flags=re.I)
    text = re.sub(r"\s*(?:pdf|doc|docx)\s+icon.*$", "", text, flags=re.I)
    return " ".join(re.findall(r"\w+", text.lower().replace("&", " and "))) or None


def asks_to_come_back(action: str) -> bool:
    """Whether an action asks for the matter to come back to a meeting (a report, an
    update, a reconsideration): the matter's next item is what it asked for."""
    return bool(_COMES_BACK.search(action))


_COMES_BACK = re.compile(
    r"\b(?:report\s+back|(?:a|further|an)\s+(?:further\s+)?(?:report|update)|re-?consider|"
    r"(?:bring|brought|submit|submitted|present|presented)\b[^.;]{0,60}\b(?:to|before)\s+"
    r"(?:a|the)\s+(?:future|next|[A-Z][a-z]+)\s+[Mm]eeting|future\s+meeting|next\s+meeting)\b",
    re.I,
)
