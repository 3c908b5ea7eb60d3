"""Attendance: names in an apologies item or a Present block -> Attendee records.

Councils write attendance three ways, all handled by one name-list grammar:

* one name per paragraph, with a role or reason: ``Councillor Sam Webster (Co
  Chair)``, ``Councillor AJ Matisko – personal reasons`` (seed 000 item 16);
* a sentence: ``Apologies were received from Councillors Gilbert, Makanji,
  Oatway and Reynolds.`` (Haringey), ``... on behalf of Councillor Chapman and
  Councillor Fatemian.``, ``... from Mr A Booth.`` (Kent), with several
  segments (``... from X, and for lateness from Y``, Southwark);
* a labelled block: ``Present: Councillor Mac Cafferty (Chair) Appich (Joint
  Opposition Spokesperson) and Bell`` (Brighton).

Substitutes are recorded both ways round: ``Mr X (substitute for Mr Y)`` and
``Cllr Borg (substituted by Cllr Wainwright)`` (Great Yarmouth). ``None.`` and
``There were no apologies`` yield nothing. Names are kept as printed
(``ZartashaZahied`` stays one word).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from parsers.model import AttendanceStatus, Attendee

# ---------------------------------------------------------------------------
# Named patterns

TITLES = (
    "Councillor",
    "Cllr",
    "Cllr.",
    "Mr",
    "Mr.",
    "Mrs",
    "Mrs.",
    "Ms",
    "Ms.",
    "Miss",
    "Dr",
    "Dr.",
    "Alderman",
    "Alderwoman",
    "Professor",
    "Prof",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "Rev",
    "Revd",
    "Reverend",
    "Canon",
    "Baroness",
)
# A plural title shares itself among the names that follow: "Councillors A, B and C".
PLURAL_TITLES = {
    "Councillors": "Councillor",
    "Cllrs": "Cllr",
    "Cllrs.": "Cllr",
    "Messrs": "Mr",
    "Messrs.": "Mr",
    "Aldermen": "Alderman",
    "Drs": "Dr",
}
TITLE_WORD = re.compile(
    r"^(?:"
    + "|".join(re.escape(t) for t in sorted({*TITLES, *PLURAL_TITLES}, key=len)[::-1])
    + r")(?=\s|$)"
)

# Label before a block, and the status it gives the names after it.
BLOCK_LABELS: dict[str, AttendanceStatus] = {
    "present": "present",
    "members present": "present",
    "councillors present": "present",
    "present in the chair": "present",
    "also present": "in_attendance",
    "also in attendance": "in_attendance",
    "in attendance": "in_attendance",
    "officers present": "in_attendance",
    "officers in attendance": "in_attendance",
    "officials in attendance": "in_attendance",
    "apologies": "apologies",
    "apologies for absence": "apologies",
    "apologies received": "apologies",
    "absent": "absent",
    "substitute": "substitute",
    "substitutes": "substitute",
    "substitute members": "substitute",
}
BLOCK_LABEL = re.compile(
    r"^(?P<label>" + "|".join(sorted(BLOCK_LABELS, key=len)[::-1]) + r")"
    # "Also present via Teams virtually:" (Brighton) - how they attended, before the colon
    r"(?:\s+(?:via|by|on|remotely|virtually|online)\b[^:]{0,40}(?=:))?"
    r"\s*(?::|-|–|$)\s*",
    re.I,
)
# modern.gov's flattened table layout: "Apologies for absence Minutes: Councillor ..."
MINUTES_LABEL = re.compile(r"^(?:Apologies(?:\s+for\s+absence)?\s+)?Minutes\s*:\s*", re.I)

NO_ONE = re.compile(
    r"^(?:none(?:\s+received)?|nil|n/?a|there\s+were\s+none|there\s+were\s+no\s+apologies\b.*"
    r"|no\s+apologies\b.*|apologies\s*:\s*none|no\s+(?:substitutes|apologies)\s+were\s+\w+.*)"
    r"[.;]?$",
    re.I,
)
# "Apologies were received from ...", "There were apologies for absence from ...",
# "Apologies for lateness ... was received from ...", "received apologies from ...".
APOLOGY_SENTENCE = re.compile(
    r"^(?:There\s+(?:were|was)\s+)?(?:an?\s+)?[Aa]pologies?\b|\breceived\s+apologies\b"
    # Torbay: "It was reported that, as apologies for absence had been received from ..."
    r"|\bapologies\b[^.]*?\b(?:from|on\s+behalf\s+of)\s"
)
# An office standing for its holder: "apologies ... from the Mayor and Councillors ...".
# Not recorded as an attendee (no person's name), not a reason to reject the list.
OFFICE_HOLDER = re.compile(
    r"^the\s+(?:(?:Lord|Deputy)\s+)?(?:Mayor|Chair|Chairman|Chairwoman|Chairperson|Leader|"
    r"Vice[- ]Chair(?:man)?|Cathaoirleach|Sheriff|Provost)$"
)
SEGMENT_SPLIT = re.compile(
    r"[,;]?\s*(?:and\s+)?(?=\bfor\s+(?:absence|lateness|late|non[- ]attendance|leaving)\b)"
)
SEGMENT = re.compile(
    r"^\s*(?:[Aa]pologies\s+)?(?:for\s+(?P<what>.+?)\s+)?"
    r"(?:(?:were|was|had\s+been|have\s+been)\s+(?:received|submitted|given|tendered|noted|"
    r"made)\s+)?(?:from|on\s+behalf\s+of|by)\s+(?P<names>.+)$",
    re.S,
)
# "Councillor Patrick Diamond gave his apologies for having to leave ..."
GAVE_APOLOGIES = re.compile(
    r"^(?P<name>.+?)\s+(?:gave|sent|tendered|submitted|offered)\s+(?:his|her|their)?\s*"
    r"apologies(?:\s+for\s+(?P<reason>.+?))?[.;]?$"
)
# "Mr X was present as a substitute for Mr Y.", "Cllr Jeal attended as substitute."
ATTENDED_AS_SUBSTITUTE = re.compile(
    r"^(?P<name>.+?)\s+(?:attended|was\s+present|were\s+present|was\s+in\s+attendance)\s+"
    r"as\s+(?:a\s+|the\s+)?substitute(?:\s+(?:member\s+)?for\s+(?P<other>.+?))?[.;]?$",
    re.I,
)
SUBSTITUTE_FOR = re.compile(
    r"^(?:(?:as\s+)?substitut(?:e|ing)|sub)\s+for\s+(?P<other>.+)$|^substituted\s+for\s+(?P<other2>.+)$",
    re.I,
)
SUBSTITUTED_BY = re.compile(r"^(?:substituted|replaced|represented)\s+by\s+(?P<other>.+)$", re.I)
INLINE_SUBSTITUTE = re.compile(
    r"^(?P<name>.+?)\s+(?:substituting|substituted|as\s+substitute|as\s+a\s+substitute)\s+for\s+"
    r"(?P<other>.+)$",
    re.I,
)
DASH_REASON = re.compile(r"^(?P<name>.+?)\s+[–—-]\s+(?P<reason>.+)$")
REASON_WORDS = re.compile(
    r"\b(?:due|owing|because|unwell|ill|illness|sick|sickness|personal|family|work|holiday|"
    r"annual\s+leave|leave|commitments?|engagement|business|bereavement|hospital|medical|"
    r"late|lateness|childcare|caring|travel|covid|isolating|self-isolating|other)\b",
    re.I,
)
NAME_PARTICLES = frozenset(
    {"de", "van", "der", "von", "la", "le", "da", "di", "du", "del", "ap", "mac", "o’", "of",
     "the", "y", "bin", "al"}
)  # fmt: skip
NOT_NAME_WORDS = frozenset(
    {"was", "were", "is", "are", "has", "had", "have", "be", "been", "will", "would", "that",
     "this", "there", "received", "noted", "agreed", "resolved", "minutes", "apologies",
     "declared", "item", "items", "meeting", "report", "none", "interest", "interests"}
)  # fmt: skip
# A role printed before the name it belongs to: "Standing Invitee Dr Anusree Biswas
# Sasidharan" (Brighton's "Also present" line).
ROLE_WORDS = frozenset(
    {"invitee", "chair", "chairman", "chairwoman", "chairperson", "vice", "officer", "member",
     "representative", "clerk", "director", "manager", "head", "adviser", "advisor", "observer",
     "co-optee", "mayor", "leader", "deputy", "scrutineer", "solicitor", "secretary"}
)  # fmt: skip
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")
ABBREVIATION_END = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Cllr|St|No|Rev|Prof)|\b[A-Z])\.$")


@dataclass
class _Name:
    name: str
    role: str | None = None
    reason: str | None = None
    substitute_for: str | None = None
    substituted_by: str | None = None


# ---------------------------------------------------------------------------
# Public API


def parse_attendance(
    paragraphs: Sequence[str], *, status: AttendanceStatus = "apologies"
) -> list[Attendee]:
    """Attendees named in ``paragraphs`` (an apologies item, a Present block ...).

    ``status`` is what a bare list of names means here; sentences and labels
    override it (``Apologies were received from ...`` is always apologies,
    ``Also present:`` is in attendance).
    """
    attendees: list[Attendee] = []
    current: AttendanceStatus = status
    for raw in paragraphs:
        if not isinstance(raw, str):
            continue
        para = " ".join(raw.split()).strip(" |")
        para = MINUTES_LABEL.sub("", para)
        if m := BLOCK_LABEL.match(para):
            rest = para[m.end() :].strip()
            label_status = BLOCK_LABELS[m.group("label").lower()]
            if not rest:
                current = label_status  # a heading: the names follow in later paragraphs
                continue
            if NO_ONE.match(rest):
                continue
            if not APOLOGY_SENTENCE.search(para):
                current = label_status  # the label holds until the next one
                for sentence in _sentences(rest):
                    attendees += _from_names(sentence, label_status)
                continue
        if not para or NO_ONE.match(para):
            continue
        for sentence in _sentences(para):
            attendees += _from_sentence(sentence, current)
    return attendees


# ---------------------------------------------------------------------------
# Sentences and name lists


def _from_sentence(sentence: str, status: AttendanceStatus) -> list[Attendee]:
    sentence = sentence.strip()
    if NO_ONE.match(sentence):
        return []
    if m := GAVE_APOLOGIES.match(sentence):
        name = m.group("name").strip()
        if _is_name(name):
            reason = m.group("reason")
            reason = reason.strip() if reason else None
            return [Attendee(name=name, status="apologies", reason=reason)]
        return []
    if APOLOGY_SENTENCE.search(sentence):
        return _from_apology_sentence(sentence)
    if m := ATTENDED_AS_SUBSTITUTE.match(sentence):
        name, other = m.group("name").strip(), m.group("other")
        if not _is_name(name):
            return []
        role = f"Substitute for {other.strip()}" if other else "Substitute"
        return [Attendee(name=name, status="substitute", role=role)]
    # A sentence that is not about attendance is not a name list: every piece of
    # "It was reported that, ..., King, Mills and Parrott" must be a name to count.
    return _from_names(sentence, status, strict=True)


def _from_apology_sentence(sentence: str) -> list[Attendee]:
    """``Apologies for absence were received from X (reason), and for lateness from Y.``"""
    body = re.sub(r"^.*?\b[Aa]pologies?\b", "", sentence, count=1).rstrip(" .")
    attendees: list[Attendee] = []
    for segment in SEGMENT_SPLIT.split(body):
        m = SEGMENT.match(segment)
        if m is None:
            continue
        what = (m.group("what") or "").strip()
        reason = None if not what or what.lower() in {"absence", "absence only"} else what
        names = re.split(r"\s+(?:who|as\s+they|because)\b", m.group("names"))[0]
        for attendee in _from_names(names, "apologies"):
            if attendee.status == "apologies" and attendee.reason is None:
                attendee.reason = reason
            attendees.append(attendee)
    return attendees


def _from_names(text: str, status: AttendanceStatus, *, strict: bool = False) -> list[Attendee]:
    """A list of names, each with an optional role, reason or substitution.

    ``strict``: the text is not known to be a list, so one piece that is not a
    name means it is a sentence, and nothing is returned.
    """
    attendees: list[Attendee] = []
    carried: str | None = None  # a plural title shared by the names after it
    singular: str | None = None  # a singular title, shared only with bare surnames
    pending_role: str | None = None
    for piece, ends_group in _split_names(text.rstrip(" .;")):
        parsed = _parse_name(piece)
        if parsed is None:
            continue
        if (
            _is_role(parsed.name)
            and not TITLE_WORD.match(parsed.name)
            and not OFFICE_HOLDER.match(parsed.name)
        ):
            pending_role = parsed.name
            continue
        if pending_role and parsed.role is None:
            parsed.role = pending_role
        pending_role = None
        first, _, rest = parsed.name.partition(" ")
        opens_group = first in PLURAL_TITLES
        if opens_group:
            carried = PLURAL_TITLES[first]
            parsed.name = f"{carried} {rest}".strip()
            singular = None
        elif TITLE_WORD.match(parsed.name):
            carried = None
            singular = first
        elif carried:
            parsed.name = f"{carried} {parsed.name}"
        elif singular and " " not in parsed.name:
            # Brighton: "Councillor Mac Cafferty (Chair) Appich (...) and Bell (...)".
            parsed.name = f"{singular} {parsed.name}"
        if ends_group and not opens_group:
            # "Councillors Angela Caldara and Corinna Edge, Danny Connellan" (Merton):
            # the name after "and" closes what the plural title covers.
            carried = None
        if OFFICE_HOLDER.match(parsed.name):
            # "the Mayor" names an office, not a person: skipped, but it does not
            # make the sentence a non-list either.
            continue
        if not _is_name(parsed.name):
            if strict:
                return []
            continue
        attendees += _attendees(parsed, status)
    return attendees


def _attendees(parsed: _Name, status: AttendanceStatus) -> list[Attendee]:
    if parsed.substitute_for:
        return [
            Attendee(
                name=parsed.name,
                status="substitute",
                role=f"Substitute for {parsed.substitute_for}",
                reason=parsed.reason,
            )
        ]
    result = [Attendee(name=parsed.name, status=status, role=parsed.role, reason=parsed.reason)]
    if parsed.substituted_by and _is_name(parsed.substituted_by):
        result.append(
            Attendee(
                name=parsed.substituted_by,
                status="substitute",
                role=f"Substitute for {parsed.name}",
            )
        )
    return result


def _parse_name(piece: str) -> _Name | None:
    piece = piece.strip(" ,;.:")
    if not piece:
        return None
    parsed = _Name(name=piece)
    for inner in re.findall(r"\(([^()]*)\)", piece):
        _annotate(parsed, inner.strip())
    name = re.sub(r"\s*\([^()]*\)\s*", " ", piece).strip()
    if m := INLINE_SUBSTITUTE.match(name):
        name = m.group("name").strip()
        parsed.substitute_for = m.group("other").strip()
    elif m := DASH_REASON.match(name):
        name = m.group("name").strip()
        _annotate(parsed, m.group("reason").strip())
    parsed.name = name.strip(" ,;.:")
    return parsed if parsed.name else None


def _annotate(parsed: _Name, note: str) -> None:
    """File a parenthesised or dashed note as substitution, reason or role."""
    if m := SUBSTITUTE_FOR.match(note):
        parsed.substitute_for = (m.group("other") or m.group("other2")).strip()
    elif m := SUBSTITUTED_BY.match(note):
        parsed.substituted_by = m.group("other").strip()
    elif REASON_WORDS.search(note) and not re.search(r"\bchair", note, re.I):
        parsed.reason = note
    elif note:
        parsed.role = note


# Where _split_names cuts, matched in place (``pattern.match(text, i)``): slicing
# the text at each character made a long apologies sentence quadratic.
NAME_AFTER_BRACKET = re.compile(r"\s+(?!and\b|&)[A-Z]")
AND_JOIN = re.compile(r",?\s+(?:and|&)\s+(?=[A-Z])")


def _split_names(text: str) -> list[tuple[str, bool]]:
    """Split a name list at commas, semicolons, "and"/"&", outside brackets.

    Each piece comes with whether "and" introduced it (the last of a group).
    Also splits where one name's bracket closes and a new capitalised name
    starts (Brighton), and before a title that follows a lower-case word
    (seed 002's flattened ``... personal reasons Councillor Maria Watson``).
    """
    pieces: list[tuple[str, bool]] = []
    depth = 0
    start = 0
    after_and = False
    i = 0

    def cut(end: int, next_start: int, next_after_and: bool) -> None:
        nonlocal start, after_and
        pieces.append((text[start:end], after_and))
        start, after_and = next_start, next_after_and

    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
            if depth == 0 and NAME_AFTER_BRACKET.match(text, i + 1):
                cut(i + 1, i + 1, False)
        elif depth == 0:
            if ch in ",;":
                cut(i, i + 1, False)
            # (A "," was cut above, so "and" can only join at a space.)
            elif ch.isspace() and (m := AND_JOIN.match(text, i)):
                cut(i, m.end(), True)
                i = start
                continue
            elif (
                ch == " "
                and i > 0
                and "a" <= text[i - 1] <= "z"
                and TITLE_WORD.match(text[i + 1 :])
            ):
                cut(i, i + 1, False)
        i += 1
    pieces.append((text[start:], after_and))
    return [(p.strip(), last) for p, last in pieces if p.strip(" ,;.")]


def _is_role(text: str) -> bool:
    """A role printed in place of a name ("Standing Invitee"), not a person."""
    return any(w.lower().strip(".,") in ROLE_WORDS for w in text.split())


def _is_name(name: str) -> bool:
    """Looks like a person's name as printed (title optional, initials allowed)."""
    words = name.split()
    if not 1 <= len(words) <= 8 or len(name) > 70 or not name[:1].isupper():
        return False
    if any(w.lower().strip(".,") in NOT_NAME_WORDS for w in words):
        return False
    if any(ch.isdigit() for ch in name):
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or w.lower() in NAME_PARTICLES)
    return capitalised >= max(1, len(words) - 1)


def _sentences(para: str) -> list[str]:
    parts = SENTENCE_SPLIT.split(para)
    sentences: list[str] = []
    for part in parts:
        if sentences and ABBREVIATION_END.search(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {part}"
        else:
            sentences.append(part)
    return sentences
