"""Who owns an action, in one spelling: ``Cllr`` and ``Councillor`` alike, ``the Director of
...`` with its article, initials resolved against the meeting's attendance.

An action point's ``owner`` is kept as the minutes print it (``IJ``, ``Councillor Galvin``,
``The Clerk``); ``normalise_owner`` gives the name a tracker lists and groups by, and a
key that finds it (``owner:jenner``). The rules, most certain first:

* initials (``IJ``, ``AMC``, ``HB/JS``) stand for the one person at the meeting whose
  name has those initials (Nether Lochaber's action lines under its ``Present`` list);
* a title and a surname (``Councillor Galvin``) stand for the one attendee of that
  surname, named as the attendance names them;
* a councillor's title is written ``Cllr`` (``Councillor``, ``Cllr.``); other titles
  stay (``Mr M Balfour``);
* a role (``Clerk``, ``The Director of Children's Services``, ``Head of Housing``) is
  written with ``the``; a group (``Officers``, ``Members``, ``each agency``) lower-case.

A name that matches nobody, or more than one person, stays as printed: a guess would
give a person an action that is not theirs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from parsers.grammar.attendance import PLURAL_TITLES, TITLES

OwnerKind = Literal["person", "role", "group", "organisation", "initials"]


@dataclass(frozen=True)
class Owner:
    """An action's owner as a tracker shows it (``name``), the words that find it (``key``:
    folded, titles and articles dropped) and what it is."""

    name: str
    key: str
    kind: OwnerKind


@dataclass(frozen=True)
class OwnerForm:
    """One way minutes name an owner, with a real example: ``printed`` at a meeting whose
    attendance is ``attendance`` is listed as ``name``. ``source`` names the page, or starts
    "constructed:" for a form no corpus page prints."""

    rule: str
    printed: str
    attendance: tuple[str, ...]
    name: str
    source: str


OWNER_FORMS: tuple[OwnerForm, ...] = (
    OwnerForm("initials", "IJ", ("Iain Jenner", "Colin Campbell", "Jennifer Jarl"),
              "Iain Jenner", "Nether Lochaber community council, December 2017"),
    OwnerForm("initials", "AMC", ("Nicola Mair", "Ann Marie Cameron", "Lisa Glaze"),
              "Ann Marie Cameron", "Nether Lochaber community council, December 2017"),
    OwnerForm("initials", "HB/JS", ("Helen Blackman", "John Smith"),
              "Helen Blackman / John Smith", "constructed: issue 15's action lines (HB/JS)"),
    OwnerForm("surname", "Councillor Galvin", ("Councillor Browne", "Councillor John Galvin"),
              "Cllr John Galvin",
              "constructed: Limerick Newcastle West's Councillor Galvin, attendance in full"),
    OwnerForm("councillor", "Councillor Rhodri Davies", (), "Cllr Rhodri Davies",
              "constructed: the benchmark corpus's undertakings"),
    OwnerForm("councillor", "Cllr. Pip Breen", (), "Cllr Pip Breen",
              "Wexford, Gorey-Kilmuckridge municipal district, January 2020"),
    OwnerForm("title", "Mr M Balfour", (), "Mr M Balfour",
              "Kent, Environment & Transport Cabinet Committee, November 2018"),
    OwnerForm("role", "The Clerk", (), "the Clerk",
              "Torbay, ieListDocuments 2017-07 (inquorate meeting)"),
    OwnerForm("role", "Clerk", (), "the Clerk", "Tredegar town council, September 2019"),
    OwnerForm("role", "the Director of Children’s Integrated Services", (),
              "the Director of Children’s Integrated Services",
              "constructed: issue 22's the Director of ..."),
    OwnerForm("role", "the Chief Executive of Fáilte Ireland", (),
              "the Chief Executive of Fáilte Ireland", "Limerick, full council minutes, item 16"),
    OwnerForm("group", "Officers", (), "officers",
              "constructed: issue 15's Officers would circulate ..."),
    OwnerForm("organisation", "Highland Council", (), "Highland Council",
              "Nether Lochaber community council, December 2017"),
    OwnerForm("organisation", "The Travel and Transportation Department", (),
              "the Travel and Transportation Department", "Limerick, full council minutes"),
    OwnerForm("group", "Members on external bodies", (), "members on external bodies",
              "Peak District NPA, mgAi 25195"),
    OwnerForm("group", "each agency", (), "each agency",
              "Nottingham, Children's Partnership Board, item 20"),
)  # fmt: skip

# Offices: the owner is whoever holds it ("the Clerk"), written with "the".
ROLE_HEADS = frozenset(
    {"clerk", "chair", "chairman", "chairwoman", "chairperson", "vice-chair", "vice",
     "director", "deputy", "head", "manager", "chief", "leader", "mayor", "secretary",
     "treasurer", "rfo", "proper", "town", "parish", "monitoring", "executive", "cabinet",
     "portfolio", "corporate", "assistant", "strategic", "service", "principal", "senior",
     "lead", "solicitor", "engineer", "officer", "cathaoirleach", "administrator",
     "statutory", "democratic", "acting", "interim", "minister", "sheriff", "provost"}
)  # fmt: skip
# ... or by their last word ("Board member", "Senior Executive Engineer").
ROLE_TAILS = frozenset(
    {"member", "officer", "manager", "clerk", "director", "chair", "chairman", "chairperson",
     "secretary", "treasurer", "engineer", "lead", "holder", "planner", "administrator"}
)  # fmt: skip
# Organisations, by their last word ("Highland Council", "the I.C.T. Department").
ORGANISATION_TAILS = frozenset(
    {"council", "councils", "department", "directorate", "committee", "board", "agency",
     "service", "services", "team", "group", "panel", "authority", "government", "police",
     "trust", "ltd", "limited", "association", "partnership", "forum", "network", "scotland",
     "ireland", "wales", "england", "office", "executive", "company", "society", "unit"}
)  # fmt: skip
# Groups: several people, named by what they are ("Officers", "Members", "each agency").
GROUP_HEADS = frozenset(
    {"officers", "members", "councillors", "all", "everyone", "each", "every", "staff",
     "partners", "agencies", "volunteers", "residents", "trustees", "governors"}
)  # fmt: skip
_COUNCILLOR_TITLES = frozenset({"Councillor", "Cllr", "Cllr."})
_TITLE_SET = frozenset(TITLES) | frozenset(PLURAL_TITLES)
_INITIALS = re.compile(r"^[A-Z]{2,4}$")
_SEVERAL = re.compile(r"\s*(?:/|&|\band\b|,)\s*")
_APOSTROPHES = str.maketrans("", "", "'’‘ʼ")
_NOT_WORD = re.compile(r"[^\w]+")


def owner_key(text: str) -> str:
    """Folded words that find an owner: lower-case, no accents, apostrophes or punctuation."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return _NOT_WORD.sub(" ", plain.replace("&", " and ")).strip()


def _split_title(name: str) -> tuple[str | None, str]:
    """("Councillor", "Jane Smith") for "Councillor Jane Smith"; (None, name) without one."""
    first, _, rest = name.partition(" ")
    if first in _TITLE_SET and rest:
        return first, rest.strip()
    return None, name


def _display(name: str) -> str:
    """A person's name with ``Cllr`` for any councillor's title."""
    title, rest = _split_title(name)
    if title in _COUNCILLOR_TITLES or title in ("Councillors", "Cllrs", "Cllrs."):
        return f"Cllr {rest}"
    return name


def _person_key(name: str) -> str:
    return owner_key(_split_title(name)[1])


def _initials_of(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", _split_title(name)[1]) if w]
    return "".join(w[0] for w in words if w[:1].isalpha()).upper()


def _unique(matches: list[str]) -> str | None:
    found = list(dict.fromkeys(matches))
    return found[0] if len(found) == 1 else None


def _by_initials(initials: str, attendance: Sequence[str]) -> str | None:
    return _unique([a for a in attendance if _initials_of(a) == initials])


def _by_surname(name: str, attendance: Sequence[str]) -> str | None:
    """The one attendee whose surname is ``name``'s last word (with the same first name or
    initial when ``name`` gives one)."""
    words = _split_title(name)[1].split()
    surname = owner_key(words[-1])
    first = owner_key(words[0])[:1] if len(words) > 1 else ""
    found = []
    for attendee in attendance:
        theirs = _split_title(attendee)[1].split()
        if not theirs or owner_key(theirs[-1]) != surname:
            continue
        if first and len(theirs) > 1 and owner_key(theirs[0])[:1] != first:
            continue
        found.append(attendee)
    return _unique(found)


def _one(name: str, attendance: Sequence[str]) -> Owner:
    """One owner (not a list of them)."""
    name = " ".join(name.split()).strip(" .,;:")
    if _INITIALS.match(name):
        person = _by_initials(name, attendance)
        if person is None:
            return Owner(name, owner_key(name), "initials")
        # The initials stay in the key: owner:pb finds "PB to ask ..." as printed.
        return Owner(_display(person), f"{_person_key(person)} {owner_key(name)}", "person")
    title, _ = _split_title(name)
    if title is not None:
        person = _by_surname(name, attendance)
        if person is not None and len(person.split()) >= len(name.split()):
            return Owner(_display(person), _person_key(person), "person")
        return Owner(_display(name), _person_key(name), "person")
    words = name.split()
    bare = re.sub(r"^[Tt]he\s+", "", name)
    head = owner_key(bare.split()[0]) if bare else ""
    tail = owner_key(re.sub(r"\s*\([^)]*\)$", "", bare).split()[-1]) if bare else ""
    if head in GROUP_HEADS:
        return Owner(name[0].lower() + name[1:], owner_key(name), "group")
    if head in ROLE_HEADS or tail in ROLE_TAILS:
        return Owner(f"the {bare}", owner_key(bare), "role")
    if tail in ORGANISATION_TAILS and len(words) > 1:
        shown = f"the {bare}" if bare != name else name
        return Owner(shown, owner_key(bare), "organisation")
    if name[:1].islower():
        return Owner(name, owner_key(name), "group")
    if len(words) <= 4:
        person = _by_surname(name, attendance) if len(words) == 1 else None
        chosen = person or name
        return Owner(_display(chosen), _person_key(chosen), "person")
    return Owner(name, owner_key(name), "group")


def normalise_owner(owner: str | None, attendance: Sequence[str] = ()) -> Owner | None:
    """The owner as a tracker lists it, or None for no owner.

    ``attendance`` is the names of the meeting's attendees (any status: who gave apologies
    can still be given an action).
    """
    if owner is None or not owner.strip():
        return None
    text = " ".join(owner.split())
    parts = [p for p in _SEVERAL.split(text) if p]
    if len(parts) > 1 and all(_INITIALS.match(p) for p in parts):
        owners = [_one(p, attendance) for p in parts]
        return Owner(
            " / ".join(o.name for o in owners),
            " ".join(o.key for o in owners),
            "person" if all(o.kind == "person" for o in owners) else "initials",
        )
    return _one(text, attendance)
