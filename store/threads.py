"""Thread keys: what joins an agenda item to the same matter at other meetings.

An item has the key of each issue page it came from (modern.gov's ieIssueDetails and
mgIssueHistoryHome pages list every meeting that took one issue) and the key of its title,
normalised, unless the title is one every agenda has (``PROCEDURAL_TITLES``). Keys are
64-bit integers, the digest of the page's path or the title with its lowest bit saying
which (an index of integers is a fraction of the size of one of titles). The writer
(``store.derived``) and the reader (``store.follow``) share these, and nothing heavier.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from store.folding import normalise_name


@dataclass(frozen=True)
class ProceduralTitle:
    """A title every meeting's agenda has: no thread of its own. ``words`` matches the
    normalised title (``store.folding.normalise_name``) from its start."""

    words: str
    example: str
    source: str


PROCEDURAL_TITLES = (
    ProceduralTitle(r"(?:to\s+receive\s+)?apologies(?:\s+for\s+absence)?\b",
                    "Apologies for absence", "Audit Committee, Merton, 2009-10"),
    ProceduralTitle(r"(?:to\s+receive\s+)?(?:any\s+)?declarations?\s+of\s+(?:pecuniary\s+)?"
                    r"interests?\b", "Declarations of Interests",
                    "Nottingham, Children's Partnership Board, seed 000 item 17"),
    ProceduralTitle(r"datgan\s+cysylltiad", "Datgan Cysylltiad", "Flintshire, 3878 (Welsh)"),
    ProceduralTitle(r"(?:to\s+(?:confirm|approve|agree|receive)\s+(?:the\s+)?)?minutes\b(?!\s+\w+"
                    r"\s+(?:panel|board|group|forum)\b)", "Minutes of the last meeting held on "
                    "14 July 2021", "Slough, ieIssueDetails 41815"),
    ProceduralTitle(r"matters\s+arising\b", "Matters Arising", "Tredegar town council, 2019-09"),
    ProceduralTitle(r"exclusion\s+of\s+(?:the\s+)?press\s+and\s+(?:the\s+)?public\b",
                    "Exclusion of Press and Public", "Coventry, Cabinet, 2018-10"),
    ProceduralTitle(r"(?:any\s+)?(?:other|urgent)\s+(?:items?\s+of\s+)?business\b",
                    "Any other business", "constructed: the closing item of most agendas"),
    ProceduralTitle(r"(?:date|dates)\s+of\s+(?:the\s+)?next\s+meetings?\b",
                    "Date of next meeting", "constructed: the closing item of most agendas"),
    ProceduralTitle(r"(?:chair\w*|mayor\w*)\s+(?:s\s+)?announcements\b",
                    "Chair's announcements", "constructed: an opening item of council agendas"),
    ProceduralTitle(r"(?:[\w]+\s+){0,5}(?:forward\s+plan|work\s*programme|work\s*plan)\b",
                    "Forward Plan", "Nottingham, Children's Partnership Board, seed 000 item 25"),
    ProceduralTitle(r"(?:petitions?|deputations?|public\s+(?:participation|speaking))\b",
                    "Petitions and Deputations",
                    "constructed: a standing item of council agendas"),
    ProceduralTitle(r"(?:public\s+)?questions?\s+(?:from|by)\s+(?:the\s+)?(?:public|members)\b",
                    "Questions from the public", "constructed: a standing item of council "
                    "agendas"),
    ProceduralTitle(r"(?:substitutes?|substitute\s+members)\b", "Substitute Members",
                    "constructed: a standing item of committee agendas"),
)  # fmt: skip
_PROCEDURAL = re.compile(r"^(?:" + "|".join(t.words for t in PROCEDURAL_TITLES) + ")")


def _key(kind: int, text: str) -> int:
    """A thread key as a 64-bit integer (an index of integers is a fraction of one of titles):
    the text's digest, its lowest bit the kind (``ISSUE`` 1, ``TITLE`` 0)."""
    digest = int.from_bytes(hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()[:8], "big")
    return ((digest & ~1) | kind) - (1 << 63)


ISSUE, TITLE = 1, 0


def title_key(title: str | None) -> int | None:
    """An item title as a thread key: normalised, and None for a procedural title or one
    too short to name a matter ("Budget" alone is every year's budget)."""
    key = normalise_name(title)
    if len(key) < 12 or len(key.split()) < 2 or _PROCEDURAL.match(key):
        return None
    return _key(TITLE, key)


def issue_key(source_path: str) -> int:
    """The thread key of an issue page: its source file (the path is the source's identity
    in the store)."""
    return _key(ISSUE, source_path)


def is_issue_key(key: int) -> bool:
    return key & 1 == ISSUE
