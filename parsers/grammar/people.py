"""People in the minutes: a name as a key, and the sentences that say what someone did.

Pure functions over text the parsers already produced (attendance, declarations, an item's
minutes); the store builds its people index from them (``store.people``). Nothing here
infers what the minutes do not say: a person who "left the meeting" during item 7 is
recorded as having left at item 7, never as absent from the items after it.

* ``person_name`` reads a written name into a ``PersonName``: titles (``Councillor``,
  ``Cllr.``, ``Mr``), honours (``OBE``) and list labels (``Councillors:``) set aside, a
  disambiguating initial kept (Limerick's ``Councillor Sheahan (J)``), and the key written
  surname first (``smith j``) so the index sorts as a register of members does. Offices
  (``Chief Executive``, ``Planning``, ``the Chair``) are not people; ``the Chair`` and ``the
  Mayor`` are kept as offices, which the meeting's own attendance may name
  (``resolve``).
* ``MOTION_FORMS``, ``DECLARATION_FORMS``, ``DEPARTURE_FORMS`` and ``PRESENTER_FORMS`` are
  tables of the ways minutes say someone moved or seconded, declared an interest, left or
  arrived, or presented a report; each entry carries a real sentence that uses it, and
  ``tests/test_grammar_people.py`` reads every example.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from parsers.grammar.attendance import PLURAL_TITLES, TITLES
from parsers.grammar.clauses import sentences
from parsers.grammar.resolutions import holds_any

MentionRole = Literal[
    "present",
    "apologies",
    "absent",
    "in_attendance",
    "substitute",
    "declared",
    "moved",
    "seconded",
    "presented",
    "owner",
    "left",
    "arrived",
]
ATTENDANCE_ROLES = ("present", "apologies", "absent", "in_attendance", "substitute")


@dataclass(frozen=True)
class PersonName:
    """A person as the minutes name them, and the key that joins their mentions."""

    key: str  # "smith j": surname first, folded (case, accents, apostrophes, full stops)
    surname: str  # folded
    forenames: tuple[str, ...]  # folded; an initial is one letter
    written: str  # as printed, list labels and trailing notes removed ("Councillor J. Smith")


@dataclass(frozen=True)
class Mention:
    """One sentence saying what a named person did, as written."""

    role: MentionRole
    name: str  # the name (or office: "the Mayor") as the sentence writes it
    sentence: str
    item_ref: str | None = None  # the item the sentence names ("10", "11a"), normalised
    detail: str | None = None  # a role printed with the name ("Deputy Lord Mayor")


@dataclass(frozen=True)
class Form:
    """One way minutes say something about a person, with a real sentence that does.

    ``pattern`` has a ``name`` group (and may have ``second``, for a seconder in the same
    words, and ``detail``, a role printed beside the name); ``names`` is what must be read
    from ``example``; ``source`` names the page (``constructed:`` when no corpus page
    prints the form).
    """

    role: MentionRole
    pattern: str
    example: str
    names: tuple[str, ...]
    source: str


# ---------------------------------------------------------------------------
# Names

# Honours and post-nominals printed after a name: not part of it.
HONOURS = frozenset(
    {"obe", "mbe", "cbe", "kbe", "dbe", "jp", "mp", "mep", "td", "mla", "msp", "dl", "qc",
     "kc", "frcs", "frcp", "phd", "bem", "cllr"}
)  # fmt: skip
# Words that make a phrase an office, a department or a body, not a person's name: the
# attendance of Limerick's council prints "Chief Executive" with "Mr. C. Murray" as its
# role, and Napier's "Hawke’s Bay Airport Ltd representatives".
OFFICE_WORDS = frozenset(
    {"director", "directors", "executive", "officer", "officers", "manager", "services",
     "service", "engineer", "head", "chief", "clerk", "administrator", "team", "council",
     "committee", "department", "development", "planning", "finance", "transportation",
     "environment", "environmental", "water", "home", "travel", "ict", "coordinator",
     "curator", "governance", "health", "communications", "administration", "representatives",
     "representative", "ltd", "limited", "board", "technician", "treasurer", "planner",
     "secretary", "solicitor", "members", "member", "chair", "chairman", "chairwoman",
     "chairperson", "mayor", "leader", "cathaoirleach", "chathaoirleach", "deputy",
     "vice", "spokesperson", "human", "resources", "technology", "information", "motor",
     "tax", "social", "corporate", "economic", "community", "legislative", "municipal",
     "democratic", "support", "policy", "partnerships", "strategic", "interim", "acting",
     "senior", "assistant", "staff", "public", "relations", "records", "management", "legal",
     "monitoring", "group", "portfolio", "holder", "cabinet", "scrutiny", "agency",
     "agencies", "police", "report", "none", "all", "each", "every", "chief's", "safeguarding",
     "apologies", "present", "minutes", "item", "items", "and", "the", "of", "for", "to"}
)  # fmt: skip
# Offices a sentence may name instead of the holder ("moved by the Mayor"); the meeting's
# attendance names the holder when its role says the office (``resolve``).
OFFICES = (
    "lord mayor",
    "deputy lord mayor",
    "deputy mayor",
    "mayor",
    "deputy chairman",
    "vice chairman",
    "vice chair",
    "vice-chair",
    "chairman",
    "chairwoman",
    "chairperson",
    "chair",
    "leader",
    "deputy leader",
    "cathaoirleach",
    "leas-chathaoirleach",
)
# Surname particles joined to the word after them ("Mac Cafferty", "Ó Ceallaigh").
PARTICLES = frozenset(
    {"mac", "mc", "o", "ó", "de", "van", "von", "der", "le", "la", "du", "di", "da", "del",
     "della", "st", "st.", "ap", "ab", "ni", "nic", "ui", "uí", "bin"}
)  # fmt: skip
_TITLE_WORDS = frozenset(t.rstrip(".").casefold() for t in (*TITLES, *PLURAL_TITLES))
# Office titles printed before a holder's name: "Mayor N. Salonen", "Deputy Mayor Ralph Hough".
_TITLE_OFFICES = re.compile(r"^(?:(?:Deputy|Lord|Vice)\s+)?(?:Mayor|Reeve)\s+(?=\S)")
_LIST_LABEL = re.compile(r"^(?:Councillors|Cllrs\.?|Members|Present|Also present)\s*:\s*", re.I)
_TRAILING_NOTE = re.compile(r"\s+(?:presided|in\s+the\s+chair|absent)\s*$", re.I)
_INITIAL_IN_BRACKETS = re.compile(r"\s*\(([A-Z])\)\s*$")
_BRACKETS = re.compile(r"\s*\([^)]*\)")
_INITIALS = re.compile(r"^(?:[A-Z]\.?){1,4}$")
_INITIAL_ROLE = re.compile(r"^\s*[A-Z]\s*$")


_NAME_MARKS = re.compile(r"[’'ʼ‘.]")


def fold_word(word: str) -> str:
    """A name word as a key: lower case, no accents, apostrophes or full stops."""
    if word.isascii():  # most names: no accents to take off
        return _NAME_MARKS.sub("", word.lower())
    decomposed = unicodedata.normalize("NFKD", word)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return _NAME_MARKS.sub("", plain)


# The last word of every office: a phrase ending otherwise names none (checked first).
_OFFICE_ENDS = frozenset(office.rsplit(None, 1)[-1] for office in OFFICES)


def office_of(text: str) -> str | None:
    """``"the Deputy Mayor"`` -> ``"deputy mayor"``: the office a phrase names, if it is one."""
    parts = text.split()
    if not parts or fold_word(parts[-1]) not in _OFFICE_ENDS:
        return None
    words = " ".join(fold_word(w) for w in parts)
    words = re.sub(r"^(?:the|their|our)\s+", "", words)
    return words if words in OFFICES else None


@functools.lru_cache(maxsize=8192)
def person_name(text: str | None) -> PersonName | None:
    """The person ``text`` names, or None when it names an office, a body or nothing.

    Cached: a council's members are named again at every meeting (a PersonName is frozen).
    """
    if not text:
        return None
    written = " ".join(text.split()).strip(" ,;:.-–")
    written = _LIST_LABEL.sub("", written)
    written = _TRAILING_NOTE.sub("", written)
    initial = _INITIAL_IN_BRACKETS.search(written)
    bare = _BRACKETS.sub("", written).strip(" ,;:")
    if not bare or office_of(bare):
        return None
    bare = _TITLE_OFFICES.sub("", bare)
    tokens = bare.split()
    titled = False
    while tokens and tokens[0].rstrip(".").casefold() in _TITLE_WORDS:
        tokens.pop(0)
        titled = True
    while tokens and fold_word(tokens[-1]) in HONOURS:
        tokens.pop()
    if not tokens or any(
        part in OFFICE_WORDS for t in tokens for part in re.split(r"[/-]", fold_word(t))
    ):
        return None  # "A/Director" (acting director), "Leas-Chathaoirleach" (deputy chair)
    if not all(t[0].isupper() or t.casefold() in PARTICLES for t in tokens):
        return None
    if all(_INITIALS.match(t) for t in tokens):
        return None  # "JJ", "Mr. TD": initials or honours alone name no one
    if len(tokens) == 1 and not titled and len(tokens[0]) < 3:
        return None
    surname_at = len(tokens) - 1
    while surname_at > 0 and tokens[surname_at - 1].casefold() in PARTICLES:
        surname_at -= 1
    surname = " ".join(fold_word(t) for t in tokens[surname_at:])
    forenames: list[str] = []
    for token in tokens[:surname_at]:
        if _INITIALS.match(token):
            forenames.extend(ch.casefold() for ch in token if ch.isalpha())
        else:
            forenames.append(fold_word(token))
    if initial and not forenames:
        forenames.append(initial.group(1).casefold())
    key = " ".join([surname, *forenames])
    shown = written if not _BRACKETS.search(written) or initial else _BRACKETS.sub("", written)
    return PersonName(key=key, surname=surname, forenames=tuple(forenames), written=shown)


def compatible(one: PersonName, other: PersonName) -> bool:
    """Whether two names can be one person: the same surname, and forenames that agree as
    far as both go (an initial agrees with a name it begins)."""
    if one.surname != other.surname:
        return False
    for a, b in zip(one.forenames, other.forenames, strict=False):
        if len(a) == 1 or len(b) == 1:
            if a[0] != b[0]:
                return False
        elif a != b:
            return False
    return True


@dataclass(frozen=True)
class RosterEntry:
    """A person on a meeting's attendance, with the role printed beside them."""

    person: PersonName
    role: str | None


def resolve(name: str, roster: Sequence[RosterEntry]) -> PersonName | None:
    """The person a sentence's ``name`` means at this meeting.

    A name agreeing with exactly one person of the attendance is that person (``Councillor
    Smith`` in a declaration is the attendance's ``Councillor John Smith``); an office is
    its holder when exactly one attendee's role names it (``the Chair`` -> the attendee
    printed ``(Chair)``); otherwise the name stands as written, and an office stands for no
    one.
    """
    office = office_of(name)
    if office is not None:
        holders = {
            e.person.key: e.person
            for e in roster
            if e.role is not None and office_of(e.role) == office
        }
        return next(iter(holders.values())) if len(holders) == 1 else None
    person = person_name(name)
    if person is None:
        return None
    found = {e.person.key: e.person for e in roster if compatible(person, e.person)}
    return next(iter(found.values())) if len(found) == 1 else person


def attendee(name: str, role: str | None) -> RosterEntry | None:
    """The person of an attendance row (name, role as the rows hold them), or None.

    Where a name is an office and its role a person (Limerick prints "Chief Executive" with
    "Mr. C. Murray" beside it), the role is the person and the name their role; a role that
    is one capital letter is the initial that tells two of a surname apart (Limerick's
    "Councillor Sheahan (J)", read as the name "Councillor Sheahan" and the role "J").
    """
    if role and _INITIAL_ROLE.match(role):
        name, role = f"{name} ({role.strip()})", None
    person = person_name(name)
    if person is None and role:
        swapped = person_name(role)
        if swapped is not None:
            return RosterEntry(swapped, name)
    return RosterEntry(person, role) if person is not None else None


def roster_of(entries: Iterable[tuple[str, str | None]]) -> list[RosterEntry]:
    """The people of an attendance list, from (name, role) pairs (``attendee``)."""
    return [e for e in (attendee(name, role) for name, role in entries) if e is not None]


# ---------------------------------------------------------------------------
# Sentences

_TITLE = (
    r"(?:Councillors?|Cllrs?\.?|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Alderman|Professor|Prof\.?|Sir|"
    r"Dame|Baroness|Rev(?:d|\.)?|(?:Deputy\s+|Lord\s+)?Mayor|Commissioner|Trustee)"
)
# Capitalised words that open what follows a name, never a name's part.
_NOT_PART = (
    r"(?!(?:Seconded|SECONDED|Moved|MOVED|Proposed|PROPOSED|Carried|That|THAT|To|And|The|Be)\b)"
)
_PART = (
    _NOT_PART + r"(?:(?:Mac|Mc|O[’']|Ó|De|Van|Von|Le|La|Du|Di|Da|St\.?)\s?[A-ZÀ-Þ][\w’'-]+"
    r"|[A-Z][a-z]?\.(?!\w)|[A-Z]{1,3}(?![\w’'])|[A-ZÀ-Þ][\w’'-]+)"
)
# A name as sentences print it: a title and up to four words or initials, and a bracketed
# initial that tells two councillors of one surname apart ("Sheahan (J)").
NAME = rf"(?:{_TITLE}\s+)?{_PART}(?:\s+{_PART}){{0,4}}(?:\s*\([A-Z]\))?"
TITLED_NAME = rf"{_TITLE}\s+{_PART}(?:\s+{_PART}){{0,4}}(?:\s*\([A-Z]\))?"
OFFICE = (
    r"(?:the|The)\s+(?:(?:Lord|Deputy|Vice)[\s-]+)?(?:Mayor|Chair(?:man|woman|person)?|Leader"
    r"|Cathaoirleach)"
)
_WHO = rf"(?:{OFFICE}|{NAME})"
_TITLED_WHO = rf"(?:{OFFICE}|{TITLED_NAME})"

MOTION_FORMS = (
    Form("moved", rf"\b(?:[Mm]oved|MOVED|[Pp]roposed|PROPOSED)\s+(?:by|BY)\s*:?\s*(?P<name>{_WHO})",
         "Proposed by Councillor Sheahan (J);", ("Councillor Sheahan (J)",),
         "Limerick, full council minutes"),
    Form("seconded", rf"\b(?:[Ss]econded|SECONDED)\s+(?:by|BY)\s*:?\s*(?P<name>{_WHO})",
         "Seconded by:Councillor K. Wilkinson", ("Councillor K. Wilkinson",),
         "Wilmot (Ontario), council minutes, May 2024 (eSCRIBE)"),
    Form("moved", rf"\bproposal\s+of\s+(?P<name>{_WHO})",
         "On the proposal of Councillor Collins (M), seconded by Councillor O’Donnell, it was "
         "agreed to take Item No. 10.", ("Councillor Collins (M)",),
         "Limerick, full council minutes"),
    Form("moved", rf"^(?P<name>{_TITLED_WHO})(?:,\s*(?P<detail>[^,]{{3,60}}),)?\s+"
         r"(?:moved|proposed)\b(?!\s+by)",
         "The Lord Mayor moved the report and the recommendations contained therein.",
         ("The Lord Mayor",), "Bristol, ieIssueDetails 28299"),
    Form("seconded", rf"^(?P<name>{_TITLED_WHO})(?:,\s*(?P<detail>[^,]{{3,60}}),)?\s+"
         r"seconded\b(?!\s+by)",
         "Councillor Johnson, Deputy Lord Mayor, seconded the report.",
         ("Councillor Johnson",), "Bristol, ieIssueDetails 28299"),
    # "proposed Cllr Davies, seconded Cllr Price": no "by", so both titles must be there
    # (Wexford's "Cllr. Donal Kenny proposed Cllr. Joe Sullivan as Cathaoirleach" names the
    # nominee after "proposed", not a mover).
    Form("moved", rf"\b(?:proposed|moved)\s+(?P<name>{TITLED_NAME}),\s*seconded\s+"
         rf"(?P<second>{TITLED_NAME})",
         "Resolved, proposed Cllr Davies, seconded Cllr Price, that the quotation be accepted.",
         ("Cllr Davies", "Cllr Price"),
         "constructed: the gold's lead-in Resolved, proposed X, seconded Y,"),
    Form("moved", rf"^Councillors\s+(?P<name>{_PART})\s*/\s*(?P<second>{_PART})\s*$",
         "Councillors Taylor / Boag", ("Councillor Taylor", "Councillor Boag"),
         "Napier (NZ), council minutes, August 2020 (InfoCouncil)"),
)  # fmt: skip

DECLARATION_FORMS = (
    Form("declared",
         rf"^(?:\d+\.\s*)?(?P<name>{_WHO})\s+"
         r"(?:declared|indicated|disclosed|registered|reported)\b",
         "1. Mr M Balfour declared a Disclosable Pecuniary Interest in the Kent Minerals and "
         "Waste Local Plan (item 10) and said that he would leave the room for this item.",
         ("Mr M Balfour",), "Kent, Environment and Transport Cabinet Committee, 2018-11"),
    Form("declared",
         rf"^(?:\d+\.\s*)?(?P<name>{_WHO})\s+and\s+(?P<second>{_WHO})\s+"
         r"(?:declared|indicated|disclosed|registered|reported)\b",
         "The Deputy Chairman and Jamie Ingham Clark declared an interest by virtue of being "
         "members of the Clothworkers Company.", ("The Deputy Chairman", "Jamie Ingham Clark"),
         "City of London, committee minutes, 2018-05"),
)  # fmt: skip

DEPARTURE_FORMS = (
    Form("left",
         rf"(?P<name>{_TITLED_WHO}|{_PART}\s+{_PART})\s+(?:left|withdrew\s+from|leaves)\s+the\s+"
         r"(?:[Mm]eeting|[Rr]oom|[Cc]hamber)",
         "Mr. Griffin left the Meeting to a standing ovation from the Members and staff.",
         ("Mr. Griffin",), "Limerick, full council minutes"),
    Form("left",
         rf"(?P<name>{_TITLED_WHO})\s+gave\s+(?:his|her|their)\s+apologies\s+for\s+"
         r"(?:having\s+to\s+)?leav(?:e|ing)\s+the\s+(?:meeting|room|chamber)",
         "Councillor Patrick Diamond gave his apologies for having to leave the meeting "
         "temporarily to attend to an urgent matter in his ward.",
         ("Councillor Patrick Diamond",), "Southwark, mgAi 19436"),
    Form("arrived",
         rf"(?P<name>{_TITLED_WHO})\s+(?:arrived|joined\s+the\s+meeting|entered\s+the\s+"
         r"(?:meeting|room|chamber))",
         "Councillor Smith arrived at 7.10pm during consideration of item 5.",
         ("Councillor Smith",), "constructed: a late arrival, as minutes record it"),
)  # fmt: skip

PRESENTER_FORMS = (
    Form("presented",
         rf"^(?P<name>{_TITLED_WHO}|{_PART}\s+{_PART}(?:\s+{_PART})?)"
         r"(?:,\s*(?P<detail>[^.]{3,100}?),?)?\s+(?:introduced|presented|outlined)\s+"
         r"(?:the|a|an|this|his|her|their)\s+(?:[\w’'-]+\s+){0,3}?"
         r"(?:report|update|presentation|item|paper|plan|proposals?)\b",
         "Helen Blackman, Director of Integrated Children’s Services introduced the report.",
         ("Helen Blackman",), "Nottingham, Children's Partnership Board, seed 001 item 20"),
)  # fmt: skip

_COMPILED: dict[str, re.Pattern[str]] = {}


def _pattern(form: Form) -> re.Pattern[str]:
    compiled = _COMPILED.get(form.pattern)
    if compiled is None:
        compiled = _COMPILED[form.pattern] = re.compile(form.pattern)
    return compiled


# A form's sentence holds one of these words (checked before any pattern runs: most
# sentences hold none).
_NEEDS: dict[tuple[Form, ...], tuple[str, ...]] = {
    MOTION_FORMS: ("oved", "OVED", "ropos", "ROPOS", "econd", "ECOND", "/"),
    DECLARATION_FORMS: ("eclared", "ndicated", "isclosed", "egistered", "eported"),
    DEPARTURE_FORMS: ("left", "withdrew", "leave", "arrived", "joined", "entered"),
    PRESENTER_FORMS: ("introduced", "presented", "outlined"),
}
ITEM_REF = re.compile(
    r"\b(?:agenda\s+)?item\s+(?:no\.?\s*)?(?P<ref>\d{1,4}(?:\s?[a-z]\b)?(?:[./]\d{1,3})?)",
    re.I,
)
# "left @ 2:00 p.m. before Item 11 a" (Wilmot's attendance prints the time and item).
LEFT_NOTE = re.compile(r"^(?:left|departed|arrived)\b", re.I)


def item_ref(sentence: str) -> str | None:
    """The item a sentence names (``(item 10)``, ``Item 11 a``), as a key: ``10``, ``11a``."""
    found = ITEM_REF.search(sentence)
    if found is None:
        return None
    return re.sub(r"\s+", "", found.group("ref")).rstrip(".").casefold()


@functools.lru_cache(maxsize=256)
def _sentences(paragraph: str) -> tuple[str, ...]:
    """A paragraph's sentences; cached, as each group of forms reads the same paragraphs."""
    return tuple(sentence for _, sentence in sentences(paragraph))


# Plain substring tests (``holds_any``): a regular expression of the words tried every
# word at every position of the text, and the writer ran it 60,000 times for 500 pages.
_NEEDED = {id(forms): words for forms, words in _NEEDS.items()}
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")


def _mentions(text: str, forms: tuple[Form, ...]) -> list[Mention]:
    needed = _NEEDED[id(forms)]
    if not holds_any(text, needed):
        return []
    found: list[Mention] = []
    for paragraph in _PARAGRAPH_BREAK.split(text):
        if not holds_any(paragraph, needed):
            continue
        for sentence in _sentences(paragraph.strip()):
            if not holds_any(sentence, needed):
                continue
            seen: set[tuple[str, str]] = set()
            ref = item_ref(sentence)
            for form in forms:
                for match in _pattern(form).finditer(sentence):
                    groups = match.groupdict()
                    detail = (groups.get("detail") or "").strip() or None
                    names = [groups["name"], groups.get("second")]
                    roles: list[MentionRole] = [form.role, form.role]
                    if form.role == "moved" and groups.get("second"):
                        roles[1] = "seconded"
                    for name, role in zip(names, roles, strict=True):
                        if not name or (role, name) in seen:
                            continue
                        if form.pattern.startswith(r"^Councillors"):
                            name = f"Councillor {name}"
                        seen.add((role, name))
                        found.append(Mention(role, name.strip(), sentence, ref, detail))
    return found


def motions(text: str | None) -> list[Mention]:
    """Who moved and who seconded, in the order the text says it."""
    return _mentions(text, MOTION_FORMS) if text else []


def declarations(text: str | None) -> list[Mention]:
    """Declarations of interest, one per person named; a declarant who said they would leave
    the room for an item is also recorded as leaving at that item (Kent)."""
    if not text:
        return []
    found = _mentions(text, DECLARATION_FORMS)
    out: list[Mention] = []
    for mention in found:
        out.append(mention)
        if re.search(r"\bleave\s+the\s+(?:room|meeting|chamber)\b", mention.sentence):
            out.append(Mention("left", mention.name, mention.sentence, mention.item_ref))
    return out


def departures(text: str | None) -> list[Mention]:
    """Who left the meeting (or arrived), and at which item when the sentence says."""
    return _mentions(text, DEPARTURE_FORMS) if text else []


def presenters(text: str | None) -> list[Mention]:
    """Who introduced or presented a report, with the role printed beside them."""
    return _mentions(text, PRESENTER_FORMS) if text else []


def attendance_note(role: str | None) -> Mention | None:
    """A departure printed as an attendee's role: ``left @ 2:00 p.m. before Item 11 a``."""
    if not role or not LEFT_NOTE.match(role.strip()):
        return None
    kind: MentionRole = "arrived" if role.strip().lower().startswith("arrived") else "left"
    return Mention(kind, "", role.strip(), item_ref(role))
