"""A deterministic synthetic corpus of council minutes, for benchmarks at any size.

Real documents are few and small; the reader has to feel instant with years of
minutes from several councils (100,000 meetings, 1,000,000 agenda items). This
module makes that corpus from a seed, in two shapes:

* ``write``: files in the formats the parsers read, so ingest is measured end to
  end: modern.gov meeting pages as text renderings in all three layouts
  (blank-line blocks like seed 000, pipe tables like seed 002, hard-wrapped
  lines like seed 004), modern.gov HTML meeting pages (``mgContent``,
  ``mgLabel``, ``mgItemTable``, ``mgAiTitleTxt`` with ``AI`` anchors,
  ``mgSubItemTitleTxt`` + Word HTML in ``mgWordPara``, ``mgFileSize``), and the
  item pages (``Agenda item``) that hold the full text of truncated items.
* ``fill``: the same meetings as ``parsers.model`` objects written straight to
  a store. Parsing is not what an app benchmark measures, and rendering then
  re-parsing a million items would take longer than the benchmark itself.

Meeting ``i`` of seed ``s`` depends only on ``(s, i)`` and the corpus size (which
sets how densely the dates are spread), so a bug seen at 100,000 meetings can
be reproduced by generating that one meeting.

Text comes from a vocabulary of about 6,000 words: the ~2,900 distinct words of
the real seed and corpus documents in their real frequency order (shipped in
``benchmarks/words.txt``), then derived word forms for the rare tail, sampled
with Zipf-Mandelbrot weights. Common words ("council") match most items, tail
words a few hundred in a million, so search selectivity is realistic.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import html
import itertools
import json
import math
import random
import sys
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from parsers.model import ActionPoint, AgendaItem, Attendee, Document, Meeting, Resolution

# Bump when the generated documents change: it keys the benchmark's cached stores.
GENERATOR_VERSION = 1
WORDS_FILE = Path(__file__).with_name("words.txt")
VOCABULARY_SIZE = 6000
START_DATE = dt.date(2005, 1, 3)
SPAN_DAYS = 20 * 365
LAYOUTS = ("blocks", "pipes", "wrapped")
NBSP = "\u00a0"

# --- The councils, committees, people and topics ---------------------------------------------


@dataclass(frozen=True)
class Council:
    name: str
    slug: str
    host: str
    town: str
    venues: tuple[str, ...]
    number_style: str  # "dot" 16. / "slash" 77/21 / "prefix" CB20/15. / "letter" P/142


COUNCILS: tuple[Council, ...] = (
    Council(
        "Nottingham City Council",
        "nottingham",
        "committee.nottinghamcity.gov.uk",
        "Nottingham",
        (
            "LB 31-32 - Loxley House, Station Street, Nottingham, NG2 3NG",
            "Ground Floor Committee Room - Loxley House, Station Street, Nottingham, NG2 3NG",
            "Council Chamber - The Council House, Old Market Square, Nottingham, NG1 2DT",
        ),
        "dot",
    ),
    Council(
        "Coventry City Council",
        "coventry",
        "edemocracy.coventry.gov.uk",
        "Coventry",
        ("Committee Room 3 - Council House", "Diamond Room 2 - Council House"),
        "dot",
    ),
    Council(
        "Kent County Council",
        "kent",
        "democracy.kent.gov.uk",
        "Maidstone",
        (
            "Council Chamber, Sessions House, County Hall, Maidstone",
            "Darent Room, Sessions House, County Hall, Maidstone",
        ),
        "dot",
    ),
    Council(
        "Oxfordshire County Council",
        "oxfordshire",
        "mycouncil.oxfordshire.gov.uk",
        "Oxford",
        ("County Hall, Oxford, OX1 1ND", "Room 2&3 - County Hall, New Road, Oxford OX1 1ND"),
        "slash",
    ),
    Council(
        "Cardiff Council",
        "cardiff",
        "cardiff.moderngov.co.uk",
        "Cardiff",
        ("Committee Room 4 - County Hall", "Council Chamber - City Hall, Cardiff, CF10 3ND"),
        "dot",
    ),
    Council(
        "Plymouth City Council",
        "plymouth",
        "democracy.plymouth.gov.uk",
        "Plymouth",
        ("Warspite Room, Council House", "Council House, Plymouth"),
        "prefix",
    ),
    Council(
        "Manchester City Council",
        "manchester",
        "democracy.manchester.gov.uk",
        "Manchester",
        (
            "Council Chamber, Level 2, Town Hall Extension",
            "Committee Room 6 (Room 2006), Level 2, Town Hall Extension",
        ),
        "slash",
    ),
    Council(
        "Durham County Council",
        "durham",
        "democracy.durham.gov.uk",
        "Durham",
        ("Committee Room 2, County Hall, Durham", "Council Chamber, County Hall, Durham"),
        "dot",
    ),
    Council(
        "Slough Borough Council",
        "slough",
        "democracy.slough.gov.uk",
        "Slough",
        ("Council Chamber - Observatory House, 25 Windsor Road, SL1 2EL",),
        "letter",
    ),
    Council(
        "Lichfield District Council",
        "lichfield",
        "democracy.lichfielddc.gov.uk",
        "Lichfield",
        ("Committee Room, District Council House, Frog Lane, Lichfield, WS13 6YU",),
        "dot",
    ),
    Council(
        "Brighton & Hove City Council",
        "brighton-hove",
        "present.brighton-hove.gov.uk",
        "Hove",
        ("Council Chamber, Hove Town Hall", "Room G90, Hove Town Hall"),
        "dot",
    ),
    Council(
        "Neath Port Talbot Council",
        "npt",
        "democracy.npt.gov.uk",
        "Port Talbot",
        ("Committee Rooms A/B - Port Talbot Civic Centre",),
        "dot",
    ),
)

COMMITTEES: tuple[str, ...] = (
    "Cabinet",
    "Full Council",
    "Council",
    "Executive Board",
    "Planning Committee",
    "Planning Applications Committee",
    "Licensing Committee",
    "Licensing Sub-Committee",
    "Audit Committee",
    "Audit and Governance Committee",
    "Standards Committee",
    "Children's Partnership Board",
    "Health and Wellbeing Board",
    "Overview and Scrutiny Committee",
    "Children and Young People Scrutiny Committee",
    "Health Scrutiny Committee",
    "Housing Scrutiny Panel",
    "Environment & Transport Cabinet Committee",
    "Corporate Parenting Board",
    "Schools Forum",
    "Pensions Committee",
    "Appointments Committee",
    "Economic Development Committee",
    "Communities Scrutiny Committee",
    "Adult Social Care Scrutiny Panel",
    "Climate Change Working Group",
    "Employment Committee",
    "Constitutional Committee",
    "Joint Commissioning Board",
    "Community Safety Partnership",
    "Regulatory Committee",
    "Finance and Performance Scrutiny Committee",
    "Local Pension Board",
    "Area Committee North",
    "Area Committee South",
    "Trust Board",
    "Fire Authority",
    "Police and Crime Panel",
)

FIRST_NAMES = (
    "Sam",
    "Sean",
    "Scott",
    "Stephen",
    "Alison",
    "Jacquie",
    "Sally",
    "John",
    "Helen",
    "Clive",
    "Aileen",
    "Emily",
    "Zoe",
    "Cheryl",
    "Nicole",
    "Ted",
    "Kate",
    "Jane",
    "Maria",
    "Roz",
    "Chris",
    "Lara",
    "Michelle",
    "Georgina",
    "Linda",
    "Bob",
    "Rebecca",
    "Mohammed",
    "Priya",
    "David",
    "Gareth",
    "Sian",
    "Rhodri",
    "Patrick",
    "Lorraine",
    "Neil",
    "Abdul",
    "Darren",
    "Anne",
    "Peter",
    "Margaret",
    "Graham",
    "Fatima",
    "Ian",
    "Carole",
    "Toby",
    "Nadia",
    "Owen",
    "Ruth",
    "Kieran",
)
LAST_NAMES = (
    "Webster",
    "Kelly",
    "Mason",
    "McLaren",
    "Michalska",
    "Newton",
    "Pearce",
    "Seely",
    "Yarnham",
    "Humphreys",
    "Butler",
    "Blackman",
    "Chambers",
    "Wilson",
    "Antill",
    "Barnard",
    "Matravers",
    "Harris",
    "Morris",
    "Garrard",
    "Matisko",
    "Watson",
    "Smith",
    "Knight",
    "Salmon",
    "Little",
    "Couch",
    "Bennett",
    "Booth",
    "Balfour",
    "Chapman",
    "Fatemian",
    "Hards",
    "Whitehead",
    "Jago",
    "Lauder",
    "Coyle",
    "Mohamed",
    "Diamond",
    "Merrill",
    "Cook",
    "Barr",
    "Ahmed",
    "Patel",
    "Khan",
    "Jones",
    "Evans",
    "Williams",
    "Davies",
    "Hughes",
    "O’Brien",
    "D’Souza",
    "Thompson",
    "Clarke",
    "Robinson",
    "Wright",
    "Green",
    "Hall",
    "Wood",
    "Turner",
    "Price",
    "Lloyd",
    "Rees",
    "Morgan",
)
OFFICERS = (
    "Director of Children’s Integrated Services",
    "Corporate Director for People",
    "Head of Legal and Governance",
    "Chief Finance Officer",
    "Director of Public Health",
    "Head of Planning",
    "Monitoring Officer",
    "Strategic Director of Place",
    "Head of Housing",
    "Statutory Scrutiny Officer",
    "Deputy Chief Executive (Place)",
    "Head of Community Safety",
    "Director of Adult Social Care",
    "Head of Democratic Services",
    "Chief Executive",
)
PORTFOLIOS = (
    "Children, Young People and Schools",
    "Adult Social Care and Health",
    "Finance and Resources",
    "Housing",
    "Transport and the Environment",
    "Leisure and Culture",
    "Community Safety",
    "Early Intervention and Early Years",
    "Business, Education and Skills",
    "Climate Emergency",
)
SUBJECTS = (
    "Safeguarding and Supporting Children and Families",
    "Private Sector Housing Enforcement",
    "Budget Monitoring",
    "Capital Programme",
    "Air Quality",
    "Local Plan",
    "Homelessness Prevention",
    "Adult Social Care",
    "School Admissions",
    "Community Safety",
    "Climate Emergency",
    "Highways Maintenance",
    "Waste and Recycling",
    "Public Health",
    "Library Services",
    "Parks and Open Spaces",
    "Council Tax Support",
    "Treasury Management",
    "Corporate Risk Register",
    "Equality and Diversity",
    "Domestic Abuse Services",
    "Youth Justice",
    "Special Educational Needs and Disabilities",
    "Town Centre Regeneration",
    "Licensing Policy",
    "Children’s Integrated Services",
    "Mental Health and Wellbeing",
    "Housing Revenue Account",
    "Digital Inclusion",
    "Flood Risk Management",
    "Child Exploitation",
    "Early Help",
    "Fostering and Adoption",
    "Bus Service Improvement",
    "Cycling and Walking Infrastructure",
    "Anti-social Behaviour",
    "Cost of Living Support",
    "Workforce Development",
    "Procurement Strategy",
    "Asset Management",
)
TITLE_FORMS = (
    "Update on {s}",
    "{s} Strategy {y}-{y2}",
    "{s} Policy {y}",
    "{s} Annual Report {y}/{yy}",
    "{s} - Quarter {q} Performance Report",
    "Review of {s}",
    "{s} Action Plan",
    "Scrutiny Review: {s}",
    "Report on {s}",
    "{s} Consultation Outcome",
    "Partner Update: {s}",
    "{s} Business Plan {y}/{yy}",
)
REASONS = (
    "unwell",
    "personal reasons",
    "work commitments",
    "family commitments",
    "annual leave",
    "other council business",
    "a prior engagement",
)
BODIES = (
    "Secretary of State",
    "Local Government Association",
    "the Chief Constable",
    "the Integrated Care Board",
    "the Environment Agency",
    "the Department for Education",
    "local Members of Parliament",
    "the Police and Crime Commissioner",
)
FORMATS_FOR_DOCS = (
    ("pdf", "PDF"),
    ("pdf", "PDF"),
    ("pdf", "PDF"),
    ("doc", "DOC"),
    ("docx", "DOCX"),
    ("xls", "XLS"),
)

# --- Vocabulary ---------------------------------------------------------------------------------

_SUFFIXES = ("s", "ing", "ed", "al", "ation", "ment", "ness", "ity", "ive", "ly", "er", "ist")


@dataclass(frozen=True)
class Vocabulary:
    """Words in rank order with cumulative Zipf-Mandelbrot weights, for ``random.choices``."""

    words: tuple[str, ...]
    cum_weights: tuple[float, ...]

    def sample(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum_weights, k=k)

    def rank(self, word: str) -> int:
        return self.words.index(word)

    def expected_share(self, rank: int) -> float:
        """The probability that one sampled word is the word at ``rank``."""
        lower = self.cum_weights[rank - 1] if rank else 0.0
        return (self.cum_weights[rank] - lower) / self.cum_weights[-1]


def _derived_forms(base: list[str], wanted: int) -> list[str]:
    """Word forms derived from the real words (``safeguard`` -> ``safeguarded``): the rare tail."""
    seen = set(base)
    out: list[str] = []
    for suffix in _SUFFIXES:
        for word in base:
            if len(word) < 4 or not word.isalpha():
                continue
            if word.endswith(("s", "ing", "ed", "ly")):  # no "friendss", "likelying"
                continue
            stem = word[:-1] if word.endswith("e") and suffix[0] in "aeiou" else word
            candidate = stem + suffix
            if candidate not in seen:
                seen.add(candidate)
                out.append(candidate)
                if len(out) >= wanted:
                    return out
    return out


@functools.cache
def vocabulary(size: int = VOCABULARY_SIZE) -> Vocabulary:
    """The benchmark vocabulary: real words by real frequency, then derived rare forms."""
    base = [w for w in WORDS_FILE.read_text(encoding="utf-8").split() if w]
    words = base[:size]
    if len(words) < size:
        words += _derived_forms(base, size - len(words))
    # Zipf-Mandelbrot: weight(rank) = 1 / (rank + 2.7) ** 1.07 (English-like text).
    cum = list(itertools.accumulate(1.0 / (r + 2.7) ** 1.07 for r in range(len(words))))
    return Vocabulary(tuple(words), tuple(cum))


# --- One synthetic meeting: the model plus how its page is laid out ----------------------------


@dataclass
class Para:
    """One paragraph of an item body as the page shows it.

    ``label`` is a list label as printed (``(a)``, ``b)``, ``(1)``) or None;
    ``bold`` is how many leading characters a Word page sets in bold (the
    ``RESOLVED`` keyword).
    """

    text: str
    label: str | None = None
    bold: int = 0

    def plain(self) -> str:
        return f"{self.label} {self.text}" if self.label else self.text


@dataclass
class SyntheticItem:
    printed_number: str | None  # "16." "3a" "77/21" as the page prints it
    model: AgendaItem  # what the store should hold once every page is ingested
    paras: list[Para] = field(default_factory=list)
    decision_paras: list[Para] = field(default_factory=list)
    cut: tuple[int, int] | None = None  # (paragraph, character) where the meeting page stops
    item_page: bool = False  # the full text is published on the item's own page
    additional: list[str] = field(default_factory=list)


@dataclass
class SyntheticMeeting:
    index: int
    council: Council
    meeting: Meeting  # the full model (as if every item page had been ingested)
    layout: str  # one of LAYOUTS, for text renderings
    page_title: str  # "Agenda and minutes" ...
    header_style: str  # "two_lines" / "joined" / "moved"
    items: list[SyntheticItem]

    @property
    def mid(self) -> int:
        return int(self.meeting.external_id or 0)


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def long_date(date: dt.date) -> str:
    """``Wednesday, 27th September, 2017`` as modern.gov prints a meeting date."""
    return f"{date:%A}, {_ordinal(date.day)} {date:%B}, {date.year}"


def plain_date(date: dt.date) -> str:
    """``5 July 2017`` as minutes text refers to a date."""
    return f"{date.day} {date:%B} {date.year}"


_TIMES = (
    ("10.00 am", "10:00"),
    ("10.30 am", "10:30"),
    ("2.00 pm", "14:00"),
    ("4.00 pm", "16:00"),
    ("5.30 pm", "17:30"),
    ("6.00 pm", "18:00"),
    ("7.00 pm", "19:00"),
    ("7.30 pm", "19:30"),
    ("10.00 a.m.", "10:00"),
)

# Items per meeting: 5-20, weighted so the mean is about 10 (1,000,000 items in 100,000 meetings).
_ITEM_COUNTS = tuple(range(5, 21))
_ITEM_WEIGHTS = tuple(itertools.accumulate(1.0 / (n - 3) ** 0.93 for n in _ITEM_COUNTS))


@functools.cache
def committee_slots() -> tuple[tuple[Council, str], ...]:
    """Every (council, committee) pair: each council runs a seeded subset of the committees."""
    slots: list[tuple[Council, str]] = []
    for council in COUNCILS:
        rng = random.Random(f"committees:{council.slug}")
        slots.extend((council, name) for name in rng.sample(COMMITTEES, rng.randint(16, 24)))
    return tuple(slots)


class _Writer:
    """Builds one meeting from its own seeded RNG."""

    def __init__(self, rng: random.Random, vocab: Vocabulary) -> None:
        self.rng = rng
        self.vocab = vocab

    # small pieces
    def person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def quote(self, text: str) -> str:
        """Straight apostrophes in about a third of documents' phrases, smart in the rest."""
        return text.replace("’", "'") if self.rng.random() < 0.3 else text

    def words(self, low: int, high: int) -> str:
        ws = self.vocab.sample(self.rng, self.rng.randint(low, high))
        # an occasional comma, like real sentences
        for i in range(5, len(ws) - 3, self.rng.randint(6, 11)):
            ws[i] += ","
        return " ".join(ws)

    def sentence(self, low: int = 8, high: int = 24) -> str:
        text = self.words(low, high)
        return text[0].upper() + text[1:] + "."

    def subject(self) -> str:
        return self.rng.choice(SUBJECTS)

    def topic_phrase(self) -> str:
        what = self.rng.choice(("report", "update", "proposals", "recommendations", "review"))
        return f"the {what} on {self.subject()}"

    # resolution clauses: (text, kind, owner, due)
    def clause(self, kind: str, numbered: bool) -> tuple[str, str | None, dt.date | None]:
        rng = self.rng
        officer = rng.choice(OFFICERS)
        due: dt.date | None = None
        owner: str | None = None
        tail = self.words(3, 10)
        if kind == "noted":
            text = rng.choice(
                (
                    f"note {self.topic_phrase()} and {tail}",
                    f"note the progress made on {self.subject()}, {tail}",
                    f"note the contents of the report of the {officer}",
                    "note the forward plan",
                )
            )
        elif kind == "decision":
            text = rng.choice(
                (
                    f"approve {self.topic_phrase()}, {tail}",
                    f"agree the proposed changes to {self.subject()} {tail}",
                    f"endorse the {self.subject()} Strategy as set out in the report",
                    f"adopt the revised {self.subject()} Policy with effect from 1 April",
                )
            )
        else:
            owner = rng.choice(
                ("each agency", f"the {officer}", "officers", "the Chair", f"the {officer}")
            )
            if rng.random() < 0.3:
                due = START_DATE + dt.timedelta(days=rng.randrange(SPAN_DAYS + 365))
            by = f" by {plain_date(due)}" if due else ""
            text = rng.choice(
                (
                    f"ask {owner} to review {self.subject()} {tail}{by}",
                    f"request that {owner} bring a further report on {self.subject()} "
                    f"to a future meeting{by}",
                    f"work to disseminate information on {self.subject()} "
                    f"to a wider range of organisations{by}",
                    f"delegate authority to {owner}, in consultation with the Portfolio Holder "
                    f"for {rng.choice(PORTFOLIOS)}, to {tail}{by}",
                    f"authorise {owner} to procure {self.subject()} services {tail}{by}",
                    f"instruct {owner} to consult on {self.subject()}{by}",
                )
            )
            if text.startswith("work to"):
                owner = None
        if not numbered and kind == "noted" and not text.startswith("note"):
            text = "note " + text
        return text, owner, due

    def resolution_block(
        self, item_kind_bias: float
    ) -> tuple[list[Para], list[Resolution], list[ActionPoint]]:
        """A resolution in one of the forms councils print, with the records it yields."""
        rng = self.rng
        form = rng.choices(
            (
                "to_note",
                "to_list",
                "resolved_list",
                "colon_that",
                "it_was",
                "agreed",
                "that",
                "dash_that",
                "unanimously",
                "cabinet_list",
            ),
            weights=(20, 14, 10, 12, 8, 6, 12, 6, 3, 5),
        )[0]
        kinds = ("noted", "decision", "action")

        def pick_kind() -> str:
            return rng.choices(kinds, weights=(3, 4, 3 + item_kind_bias))[0]

        paras: list[Para] = []
        resolutions: list[Resolution] = []
        actions: list[ActionPoint] = []

        def add(
            number: str | None, text: str, kind: str, owner: str | None, due: dt.date | None
        ) -> None:
            resolutions.append(Resolution(number=number, text=text, kind=kind))  # type: ignore[arg-type]
            if kind == "action":
                actions.append(
                    ActionPoint(text=text, owner=owner, due=due, source_kind="resolution")
                )

        if form == "to_note":
            text, _, _ = self.clause("noted", numbered=False)
            text = "to " + text + "."
            paras.append(Para(f"RESOLVED {text}", bold=8))
            add(None, text, "noted", None, None)
        elif form in ("to_list", "resolved_list", "cabinet_list"):
            n = rng.randint(2, 5)
            style = rng.choice(("({})", "({})", "({})", "{})", "{}."))
            lettered = rng.random() < 0.25
            head = {
                "to_list": "RESOLVED to",
                "resolved_list": "Resolved",
                "cabinet_list": "RESOLVED: That Cabinet:",
            }[form]
            paras.append(Para(head, bold=8))
            for k in range(n):
                number = "abcdefgh"[k] if lettered else str(k + 1)
                kind = pick_kind()
                text, owner, due = self.clause(kind, numbered=True)
                if form == "resolved_list" and rng.random() < 0.6:
                    text = "that " + text
                if form == "cabinet_list":
                    verb = {"noted": "Noted", "decision": "Endorsed", "action": "Requested"}[kind]
                    text = f"{verb} {text.split(' ', 1)[1]}"
                text += "." if k == n - 1 else ";"
                paras.append(Para(text, label=style.format(number)))
                add(number, text, kind, owner, due)
        else:
            kind = pick_kind()
            body, owner, due = self.clause(kind, numbered=True)
            that = "That" if form in ("colon_that", "agreed", "dash_that") else "that"
            head = {
                "colon_that": "RESOLVED: ",
                "it_was": "It was RESOLVED ",
                "agreed": "AGREED – ",
                "that": "RESOLVED ",
                "dash_that": "RESOLVED – ",
                "unanimously": "UNANIMOUSLY RESOLVED ",
            }[form]
            # "That the Committee ask ..." reads as council prose
            subject = rng.choice(("the Committee", "the Board", "Cabinet", "the Panel"))
            text = f"{that} {subject} {body}."
            paras.append(Para(head + text, bold=len(head.rstrip(" –:"))))
            add(None, text, kind, owner, due)
        if form == "colon_that" and rng.random() < 0.2:
            paras.append(Para(f"REASON – {self.sentence(8, 18)}"))
        return paras, resolutions, actions

    def narrative_action(self) -> tuple[Para, ActionPoint]:
        rng = self.rng
        who = rng.choice(
            ("The Chair", f"Councillor {self.person()}", "Officers", f"The {rng.choice(OFFICERS)}")
        )
        form = rng.randrange(3)
        if form == 0:
            text = f"{who} agreed to write to {rng.choice(BODIES)} regarding {self.subject()}."
        elif form == 1:
            text = (
                f"{who} would circulate the {self.subject()} briefing to members of the Committee."
            )
        else:
            text = (
                f"{who} undertook to provide a written answer on {self.subject()} "
                f"{self.words(3, 8)}."
            )
        return Para(text), ActionPoint(text=text, owner=who, source_kind="narrative")


def _number_printer(council: Council, committee: str, year: int) -> tuple[callable, callable]:  # type: ignore[valid-type]
    """(model number, printed number) for the running minute number ``n``."""
    yy = year % 100
    initials = "".join(w[0] for w in committee.replace("&", "").split() if w[0].isupper())[:3]
    if council.number_style == "slash":
        return (lambda n: f"{n}/{yy:02d}"), (lambda n: f"{n}/{yy:02d}")
    if council.number_style == "prefix":
        return (lambda n: f"{initials}{yy:02d}/{n}"), (lambda n: f"{initials}{yy:02d}/{n}.")
    if council.number_style == "letter":
        return (lambda n: f"{initials[:1]}/{n}"), (lambda n: f"{initials[:1]}/{n}")
    return (lambda n: str(n)), (lambda n: f"{n}.")


def _meeting_date(index: int, total: int, rng: random.Random) -> tuple[int, dt.date]:
    """(slot, date): meetings of one committee never share a date; dates span ~20 years."""
    slots = committee_slots()
    slot = index % len(slots)
    k = index // len(slots)
    per_committee = max(1, math.ceil(total / len(slots)))
    spacing = max(1, SPAN_DAYS // per_committee)
    base = START_DATE + dt.timedelta(days=k * spacing)
    for _ in range(7):
        date = base + dt.timedelta(days=rng.randrange(spacing))
        if date.weekday() < 5:
            return slot, date
    return slot, base


def generate_meeting(seed: int, index: int, total: int) -> SyntheticMeeting:
    """Meeting ``index`` of a corpus of ``total`` meetings, deterministic in all three."""
    rng = random.Random(f"{seed}:{index}")
    w = _Writer(rng, vocabulary())
    slot, date = _meeting_date(index, total, rng)
    council, committee = committee_slots()[slot]
    committee_text = w.quote(committee.replace("'", "’"))
    _, time_model = rng.choice(_TIMES)
    model_number, printed_number = _number_printer(council, committee, date.year)
    n_items = rng.choices(_ITEM_COUNTS, cum_weights=_ITEM_WEIGHTS)[0]
    first_number = (index // len(committee_slots()) * 11) % 300 + 1
    mid = 1000 + index
    contact_name = w.person()
    email = (
        contact_name.lower().replace(" ", ".").replace("’", "")
        + "@"
        + council.host.split(".", 1)[1]
    )
    meeting = Meeting(
        committee=committee_text,
        date=date,
        time=time_model,
        council=council.name,
        venue=rng.choice(council.venues),
        contact=f"{contact_name}{NBSP} Tel: 0{rng.randint(1000, 9999)} "
        f"{rng.randint(100000, 999999)}, Email:{NBSP} {email}",
        external_id=str(mid),
        url=f"https://{council.host}/ieListDocuments.aspx?MId={mid}",
    )
    decisions_page = rng.random() < 0.1
    page_title = (
        "Agenda, decisions and minutes"
        if decisions_page
        else rng.choices(("Agenda and minutes", "Agenda and draft minutes"), weights=(8, 2))[0]
    )
    items: list[SyntheticItem] = []
    number = first_number
    bias = 2.0 if "Scrutiny" in committee or "Board" in committee else 0.0
    sub_items_at = rng.randrange(3, n_items) if rng.random() < 0.06 and n_items > 4 else None
    position = 0
    while len(items) < n_items:
        position = len(items)
        ai = mid * 32 + position
        item = AgendaItem(
            number=model_number(number),
            title=None,
            external_id=str(ai),
            url=f"https://{council.host}/mgAi.aspx?ID={ai}",
        )
        syn = SyntheticItem(printed_number=printed_number(number), model=item)
        if position == 0:
            _apologies(w, syn, meeting)
        elif position == 1:
            _declarations(w, syn, meeting, number)
        elif position == 2:
            _previous_minutes(w, syn, date)
        elif sub_items_at is not None and position == sub_items_at and len(items) + 3 <= n_items:
            # a parent with no minutes and lettered sub-items: 5 / 5a / 5b (no dot after 5a)
            item.title = "Petitions and Deputations"
            item.description = "To receive any petitions or deputations from members of the public."
            items.append(syn)
            for letter in "ab":
                sub = AgendaItem(
                    number=f"{model_number(number)}{letter}",
                    title=None,
                    external_id=str(mid * 32 + len(items)),
                    url=f"https://{council.host}/mgAi.aspx?ID={mid * 32 + len(items)}",
                )
                sub_syn = SyntheticItem(printed_number=f"{model_number(number)}{letter}", model=sub)
                _substantive(w, sub_syn, bias, date)
                items.append(sub_syn)
            number += 1
            continue
        elif position == n_items - 1 and rng.random() < 0.5:
            item.title = rng.choice(("Forward Plan", "Work Programme", "Committee Work Programme"))
            item.documents = [_document(rng, "Forward Plan")] if rng.random() < 0.6 else []
            item.description = "To be noted"
            syn.paras = [
                Para(
                    f"{w.person()}, Support Assistant, introduced the forward plan outlining "
                    "agenda items for the upcoming meetings."
                ),
                Para("RESOLVED to note the forward plan.", bold=8),
            ]
            item.resolutions = [
                Resolution(number=None, text="to note the forward plan.", kind="noted")
            ]
        elif rng.random() < 0.02:
            item.title = f"Exempt Appendix - {w.subject()}"
            syn.paras = [
                Para("Minutes for this item are recorded separately in the exempt minutes.")
            ]
        elif rng.random() < 0.03:
            item.title = w.quote(
                rng.choice(TITLE_FORMS).format(
                    s=w.subject(),
                    y=date.year,
                    y2=date.year + 3,
                    yy=(date.year + 1) % 100,
                    q=rng.randint(1, 4),
                )
            )
            syn.paras = []  # an empty "Minutes:" block
        else:
            _substantive(w, syn, bias, date)
        items.append(syn)
        number += 1
    for syn in items:
        _finish(syn, rng, decisions_page)
    meeting.items = [s.model for s in items]
    meeting.documents = [
        Document("Agenda frontsheet", "pdf", float(rng.randint(40, 300))),
        Document("Printed minutes", "pdf", float(rng.randint(40, 400))),
    ]
    layout = rng.choices(LAYOUTS, weights=(6, 2, 2))[0]
    header_style = rng.choices(("two_lines", "joined", "moved"), weights=(6, 3, 1))[0]
    return SyntheticMeeting(index, council, meeting, layout, page_title, header_style, items)


def _document(rng: random.Random, title: str) -> Document:
    fmt, _ = rng.choice(FORMATS_FOR_DOCS)
    size = float(rng.randint(12, 900)) if rng.random() < 0.95 else 1024.0 * rng.randint(1, 3)
    return Document(title=title, format=fmt, size_kb=size)


def _apologies(w: _Writer, syn: SyntheticItem, meeting: Meeting) -> None:
    rng = w.rng
    item = syn.model
    item.title = rng.choice(
        ("Apologies", "Apologies for absence", "Apologies for Absence", "Apologies and Substitutes")
    )
    form = rng.randrange(4)
    people = [w.person() for _ in range(rng.randint(1, 5))]
    if form == 0:
        syn.paras = [Para("None.")]
        return
    if form == 1:
        names = [f"Councillor {p}" for p in people]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        syn.paras = [Para(f"Apologies were received from {joined}.")]
        meeting.attendance = [Attendee(name=n, status="apologies") for n in names]
    elif form == 2:
        reasons = [rng.choice(REASONS) for _ in people]
        syn.paras = [Para(f"Councillor {p} – {r}") for p, r in zip(people, reasons, strict=True)]
        meeting.attendance = [
            Attendee(name=f"Councillor {p}", status="apologies", reason=r)
            for p, r in zip(people, reasons, strict=True)
        ]
    else:
        roles = ["Co Chair", "Vice Chair"] + [None] * len(people)
        syn.paras = [Para(f"{p} ({roles[i]})" if roles[i] else p) for i, p in enumerate(people)]
        syn.paras.append(Para(NBSP))
        meeting.attendance = [
            Attendee(name=p, status="apologies", role=roles[i]) for i, p in enumerate(people)
        ]


def _declarations(w: _Writer, syn: SyntheticItem, meeting: Meeting, number: int) -> None:
    rng = w.rng
    syn.model.title = rng.choice(
        (
            "Declarations of Interests",
            "Declarations of Interest",
            "Declarations of Interest by Members in items on the Agenda",
        )
    )
    text = rng.choice(
        (
            "None.",
            "There were no declarations of interest.",
            "There were no disclosable pecuniary interests.",
            f"Councillor {w.person()} declared a Disclosable Pecuniary Interest in item "
            f"{number + rng.randint(2, 6)} "
            "and said that they would leave the room for this item.",
        )
    )
    syn.paras = [Para(text)]
    meeting.declarations = text


def _previous_minutes(w: _Writer, syn: SyntheticItem, date: dt.date) -> None:
    rng = w.rng
    prev = date - dt.timedelta(days=rng.randint(21, 70))
    item = syn.model
    item.title = "Minutes"
    item.documents = [Document("Minutes", "pdf", float(rng.randint(60, 400)))]
    item.description = f"Minutes of the meeting held on {plain_date(prev)}, to be agreed"
    if rng.random() < 0.5:
        syn.paras = [
            Para(
                f"The minutes of the meeting held on {plain_date(prev)} were agreed by the "
                "Board as a true record and signed by the Chair."
            )
        ]
    else:
        text = (
            f"that the minutes of the meeting held on {plain_date(prev)} be confirmed as a "
            "correct record and signed by the Chair."
        )
        syn.paras = [Para(f"RESOLVED {text}", bold=8)]
        item.resolutions = [Resolution(number=None, text=text, kind="decision")]


def _substantive(w: _Writer, syn: SyntheticItem, bias: float, date: dt.date) -> None:
    """A report item: introduction, lettered points, maybe a commitment, a resolution."""
    rng = w.rng
    item = syn.model
    subject = w.subject()
    item.title = w.quote(
        rng.choice(TITLE_FORMS).format(
            s=subject, y=date.year, y2=date.year + 3, yy=(date.year + 1) % 100, q=rng.randint(1, 4)
        )
    )
    officer = rng.choice(OFFICERS)
    if rng.random() < 0.55:
        item.documents = [_document(rng, item.title)]
    if rng.random() < 0.6:
        item.description = f"Report of the {officer}"
    if rng.random() < 0.2:
        syn.additional = [item.title] + ([f"Appendix {k}" for k in range(1, rng.randint(1, 3))])
    presenter = w.person()
    paras = [
        Para(
            w.quote(f"{presenter}, {officer}, introduced the report on {subject}. ")
            + w.sentence(10, 40)
        )
    ]
    if rng.random() < 0.5:
        paras.append(Para(w.sentence(8, 30)))
    if rng.random() < 0.55:
        paras.append(
            Para(
                w.quote(
                    "In response to questions from the Committee and during subsequent "
                    "discussion the following points were made:"
                )
            )
        )
        style = rng.choice(("({})", "({})", "{})"))
        n = rng.randint(2, 12)
        capital = rng.random() < 0.4
        for k in range(n):
            text = w.words(10, 40)
            if capital:
                text = text[0].upper() + text[1:]
            paras.append(
                Para(
                    text + (";" if k < n - 1 else "."),
                    label=style.format("abcdefghijklmnopqrstuvwxyz"[k]),
                )
            )
    if rng.random() < 0.12:
        para, action = w.narrative_action()
        paras.append(para)
        item.actions.append(action)
    if rng.random() < 0.75:
        rparas, resolutions, actions = w.resolution_block(bias)
        paras.extend(rparas)
        item.resolutions = resolutions
        item.actions.extend(actions)
    syn.paras = paras


_CUT_AT = 1400  # modern.gov cuts long item bodies on the meeting page about here


def _finish(syn: SyntheticItem, rng: random.Random, decisions_page: bool) -> None:
    """Fill the model's text fields from the paragraphs; decide where the page truncates."""
    item = syn.model
    item.minutes = "\n\n".join(p.plain() for p in syn.paras if p.text.strip()) or None
    if decisions_page and item.resolutions:
        syn.decision_paras = [
            p for p in syn.paras if p.bold or (p.label and p.label[1:2].isdigit())
        ]
        item.decision = "\n\n".join(p.plain() for p in syn.decision_paras) or None
    if item.minutes and len(item.minutes) > _CUT_AT and rng.random() < 0.85:
        total = 0
        for i, p in enumerate(syn.paras):
            if (
                p.bold
            ):  # never cut inside the resolution block, as on real pages the cut comes first
                break
            if total + len(p.plain()) > _CUT_AT - rng.randint(0, 500):
                cut_char = max(20, min(len(p.text) - 1, _CUT_AT - total - (len(p.label or "") + 1)))
                cut_char = p.text.rfind(" ", 0, cut_char) if " " in p.text[:cut_char] else cut_char
                syn.cut = (i, max(cut_char, 1))
                break
            total += len(p.plain()) + 2
        if syn.cut is not None:
            syn.item_page = rng.random() < 0.67
            if not syn.item_page:
                # Nobody published the full text: the store only ever sees the cut body.
                i, c = syn.cut
                kept = [p.plain() for p in syn.paras[:i] if p.text.strip()]
                last = syn.paras[i]
                kept.append(f"{last.label} {last.text[:c]}" if last.label else last.text[:c])
                item.minutes = "\n\n".join(kept)
                item.truncated = True
                item.resolutions = []
                item.actions = []


def generate(seed: int, meetings: int, start: int = 0) -> Iterator[SyntheticMeeting]:
    """Meetings ``start`` .. ``meetings - 1`` of the corpus of ``meetings`` meetings."""
    for index in range(start, meetings):
        yield generate_meeting(seed, index, meetings)


# --- Text renderings of a meeting page, in the three layouts real renderings have ----------------


def _size_text(size_kb: float | None) -> str:
    if size_kb is None:
        return ""
    if size_kb >= 1024:
        return f"{size_kb / 1024:.0f} MB"
    return f"{size_kb:.0f} KB"


def _doc_suffix(doc: Document) -> str:
    """`` pdf icon PDF 318 KB``: how a text rendering shows an attached report."""
    fmt = doc.format or "pdf"
    return f" {fmt} icon {fmt.upper()} {_size_text(doc.size_kb)}"


def _marker(number: str | None) -> str:
    """The site's truncation marker; no dot after a number ending in a letter (``3a``)."""
    n = number or ""
    return f"view the full minutes text for item {n}" + ("." if n[-1:].isdigit() else "")


def _header_lines(sm: SyntheticMeeting) -> list[str]:
    m = sm.meeting
    assert m.date is not None
    when = f"{long_date(m.date)} {_printed_time(m.time)}"
    if sm.header_style == "two_lines":
        return [m.committee or "", when]
    if sm.header_style == "joined":
        return [f"{m.committee} - {when}"]
    moved = long_date(m.date + dt.timedelta(days=7))
    return [f"Moved from {moved}, {m.committee} - {when}"]


def _printed_time(time_model: str | None) -> str:
    for printed, model in _TIMES:
        if model == time_model:
            return printed
    return ""


def _visible_paras(syn: SyntheticItem) -> tuple[list[Para], str | None]:
    """The paragraphs the meeting page shows, and the truncation tail if it cuts the last one."""
    if syn.cut is None:
        return [p for p in syn.paras], None
    i, c = syn.cut
    shown = list(syn.paras[: i + 1])
    last = shown[-1]
    shown[-1] = Para(last.text[:c], label=last.label)
    return shown, _marker(syn.model.number)


def _item_title_line(syn: SyntheticItem) -> str:
    item = syn.model
    title = item.title or ""
    if item.documents:
        title += _doc_suffix(item.documents[0])
    return title


def render_text_blocks(sm: SyntheticMeeting) -> str:
    """Blank-line blocks, like seed 000 (the most common rendering)."""
    m = sm.meeting
    out = [
        sm.page_title,
        "",
        *_header_lines(sm),
        "",
        f"Venue: {m.venue}. View directions",
        "",
        f"Contact: {m.contact}",
        "",
        "Items",
        "No. Item",
        "",
    ]
    for syn in sm.items:
        item = syn.model
        if syn.printed_number:
            out += [syn.printed_number, ""]
        out += [_item_title_line(syn), ""]
        if item.description:
            out += [item.description, ""]
        if syn.additional:
            out += ["Additional documents:", ""]
            out += [f"  • {d}" for d in syn.additional]
            out.append("")
        if syn.decision_paras:
            out += ["Decision:", ""]
            for p in syn.decision_paras:
                out += [f"{p.label}{NBSP} {p.text}" if p.label else p.text, ""]
        out += ["Minutes:", ""]
        paras, tail = _visible_paras(syn)
        for k, p in enumerate(paras):
            line = f"{p.label}{NBSP} {p.text}" if p.label else p.text
            if tail and k == len(paras) - 1:
                line += f"{NBSP}...{NBSP} {tail}"
            out += [line, ""]
            if p.label is None and p.bold == 0 and k % 2 == 0:
                out += [NBSP, ""]  # modern.gov's "empty" paragraphs between blocks
    return "\n".join(out).rstrip("\n") + "\n"


def render_text_pipes(sm: SyntheticMeeting) -> str:
    """Pipe-table rows like seed 002: a row per item, spacer rows of pipes, numbers often lost."""
    m = sm.meeting
    rng = random.Random(f"pipes:{sm.index}")
    show_numbers = rng.random() < 0.5
    out = [
        sm.page_title,
        "",
        *_header_lines(sm),
        "",
        f"Venue: {m.venue}. View directions",
        f"Contact: {m.contact}",
        "No. | Item |",
        "---|---|",
    ]
    for syn in sm.items:
        item = syn.model
        head = [
            syn.printed_number if show_numbers and syn.printed_number else "",
            _item_title_line(syn),
            item.description or "",
            "Additional documents:" if syn.additional else "",
        ]
        paras, tail = _visible_paras(syn)
        lines: list[str] = []
        if syn.decision_paras:
            head.append("Decision: " + " ".join(p.plain() for p in syn.decision_paras))
        head.append("Minutes:")
        texts = [p.plain() for p in paras if p.text.strip() and p.text != NBSP]
        if tail and texts:
            texts[-1] += f" ... {tail}"
        first = " ".join(h for h in head if h)
        if texts:
            lines.append(f"{first} {texts[0]}")
            lines.extend(texts[1:])
        else:
            lines.append(first)
        lines[-1] += " |"
        out.extend(lines)
        out.append("|")
    return "\n".join(out) + "\n"


def render_text_wrapped(sm: SyntheticMeeting) -> str:
    """Hard-wrapped lines, like seed 004: every source line break kept, labels alone on a line."""
    m = sm.meeting
    rng = random.Random(f"wrapped:{sm.index}")
    width = rng.randint(55, 75)
    out = [
        sm.page_title,
        *_header_lines(sm),
        f"Venue: {m.venue}. View directions",
        f"Contact: {m.contact}",
        "Items",
        "No. Item",
    ]

    def wrap(text: str) -> list[str]:
        return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False) or [
            text
        ]

    for syn in sm.items:
        item = syn.model
        if syn.printed_number:
            out.append(syn.printed_number)
        out.append(_item_title_line(syn))
        if item.description:
            out.extend(wrap(item.description))
        if syn.additional:
            out.append("Additional documents:")
        out.append("Minutes:")
        paras, tail = _visible_paras(syn)
        for k, p in enumerate(paras):
            if p.text == NBSP:
                continue
            text = p.text + (f" ... {tail}" if tail and k == len(paras) - 1 else "")
            if p.label and rng.random() < 0.8:
                out.append(p.label)
                out.extend(wrap(text))
            else:
                out.extend(wrap(p.plain() if p.label else text))
    return "\n".join(out) + "\n"


def render_text(sm: SyntheticMeeting, layout: str | None = None) -> str:
    """The meeting page as text in its own layout (or the one asked for)."""
    layout = layout or sm.layout
    if layout == "pipes":
        return render_text_pipes(sm)
    if layout == "wrapped":
        return render_text_wrapped(sm)
    return render_text_blocks(sm)


def render_item_text(sm: SyntheticMeeting, syn: SyntheticItem) -> str:
    """An item page (mgAi.aspx) as text: the full minutes of an item cut on the meeting page."""
    item = syn.model
    out = ["Agenda item", "", item.title or "", ""]
    if item.description:
        out += [item.description, ""]
    out += ["Minutes:", ""]
    for p in syn.paras:
        out += [f"{p.label}{NBSP} {p.text}" if p.label else p.text, "", NBSP, ""]
    return "\n".join(out).rstrip("\n") + "\n"


# --- modern.gov HTML ---------------------------------------------------------------------------

_HTML_HEAD = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{title}</title>
<link type="text/css" href="SiteSpecific/ssMgStyles.css" rel="stylesheet" />
<script type="text/javascript" src="jquery-ui/js/jquery.min.js"></script>
</head>
<body>
<div id="container"><div id="header"><a href="https://{host}/">{council}</a></div>
<div id="content"><div id="modgov">
"""
_HTML_FOOT = "</div></div></div>\n</body>\n</html>\n"


def _esc(text: str, entities: bool) -> str:
    out = html.escape(text, quote=False).replace(NBSP, "&nbsp;")
    if entities:  # Word pages write curly quotes and dashes as numeric entities
        out = out.replace("’", "&#8217;").replace("‘", "&#8216;").replace("–", "&#8211;")
    return out


def _word_para(p: Para, entities: bool) -> str:
    """One paragraph as Word exports it into ``div.mgWordPara``."""
    span = '<span style="font-size:12.0pt;font-family:&quot;Arial&quot;,&quot;sans-serif&quot;">'
    if p.text == NBSP:
        return '<p class="MsoNormal"><span><o:p>&nbsp;</o:p></span></p>'
    if p.label:
        return (
            '<p class="MsoNormal" style="margin-left:36.0pt;text-indent:-36.0pt">'
            f'{span}{_esc(p.label, entities)}<span style="font:7.0pt &quot;Times New Roman&quot;">'
            f"&nbsp;&nbsp;&nbsp;&nbsp; </span></span>{span}{_esc(p.text, entities)}</span></p>"
        )
    if p.bold:
        return (
            f'<p class="MsoNormal"><b>{span}{_esc(p.text[: p.bold], entities)}</span></b>'
            f"{span}{_esc(p.text[p.bold :], entities)}<o:p></o:p></span></p>"
        )
    return f'<p class="MsoNormal">{span}{_esc(p.text, entities)}<o:p></o:p></span></p>'


def _description_html(text: str, entities: bool) -> str:
    return f'<div class="mgWordPara"><p class="MsoNormal">{_esc(text, entities)}</p></div>\n'


def _doc_link(sm: SyntheticMeeting, doc: Document, n: int, *, named: bool = False) -> str:
    """A document link; ``named`` links (Additional documents) show the title as their text."""
    fmt = doc.format or "pdf"
    name = f"{_esc(doc.title, False)} " if named else ""
    return (
        f'<a href="https://{sm.council.host}/documents/s{sm.mid * 8 + n}/{fmt}-{sm.mid}-{n}.{fmt}" '
        f'class="noexternal" title="{html.escape(doc.title)} {fmt.upper()} file">'
        f'{name}<img src="mgDocIcons/{fmt}.gif" alt="{fmt} icon" /> '
        f'<span class="mgFileSize">{fmt.upper()} {_size_text(doc.size_kb)}</span></a>'
    )


def render_html(sm: SyntheticMeeting) -> str:
    """The meeting page (ieListDocuments.aspx) as modern.gov serves it."""
    m = sm.meeting
    assert m.date is not None
    entities = sm.index % 2 == 0
    when = f"{long_date(m.date)} {_printed_time(m.time)}"
    committee = _esc(m.committee or "", entities)
    parts = [
        _HTML_HEAD.format(
            title=f"Agenda for {html.escape(m.committee or '')} on {when} - {m.council}",
            host=sm.council.host,
            council=html.escape(m.council or ""),
        )
    ]
    parts.append(f'<div class="mgHeader"><h1 class="mgMainTitleTxt">{sm.page_title}</h1></div>\n')
    parts.append(
        f'<div class="mgSubTitle"><h2 class="mgSubTitleTxt">{committee} - {when}</h2></div>\n'
    )
    parts.append(
        '<div class="mgLinks">\n<ul class="mgActionList">\n'
        f'<li><a href="mgMeetingAttendance.aspx?ID={sm.mid}" title="Link to attendance details '
        f'for the meeting of {committee}{when}">Attendance details</a></li>\n'
    )
    for k, doc in enumerate(m.documents):
        parts.append(
            f'<li><a href="mgConvert2PDF.aspx?ID={sm.mid}&amp;T={k}" class="external" '
            f'title="Link to {doc.title.lower()} pdf file">{doc.title}\n'
            f'<span class="mgFileSize"> PDF {_size_text(doc.size_kb)}</span> </a></li>\n'
        )
    parts.append("</ul>\n</div>\n")
    contact = _esc(m.contact or "", entities)
    parts.append(
        '<div class="mgContent">\n<p><span class="mgLabel">Venue: </span>'
        f"{_esc(m.venue or '', entities)}. "
        '<a href="mgLocationDetails.aspx?RID=1" title="Link to directions"> '
        "View directions</a></p>\n"
        f'<p><span class="mgLabel">Contact: </span>{contact}</p>\n'
    )
    parts.append(
        '<h2 class="mgSectionTitle">Items</h2>\n'
        '<table class="mgItemTable" summary="Table of agenda items">\n'
        '<tr><th class="mgItemNumberCell" scope="col">No.</th><th scope="col">Item</th></tr>\n'
    )
    for syn in sm.items:
        item = syn.model
        ai = item.external_id
        parts.append(
            f'<tr>\n<td class="mgItemNumberCell"><p class="mgAiTitleTxt"><a name="AI{ai}"></a>'
            f'{syn.printed_number or ""}</p></td>\n<td class="mgItemTitleCell">'
            f'<p class="mgAiTitleTxt">{_esc(item.title or "", entities)}'
        )
        if item.documents:
            parts.append(" " + _doc_link(sm, item.documents[0], 0))
        parts.append("</p>\n")
        if item.description:
            parts.append(_description_html(item.description, entities))
        if syn.additional:
            parts.append(
                '<p class="mgSubItemTitleTxt">Additional documents:</p>\n'
                '<ul class="mgBulletList">\n'
            )
            parts.extend(
                f"<li>{_doc_link(sm, Document(d, 'pdf', 100.0 + k), k + 1, named=True)}</li>\n"
                for k, d in enumerate(syn.additional)
            )
            parts.append("</ul>\n")
        if syn.decision_paras:
            parts.append('<p class="mgSubItemTitleTxt">Decision:</p>\n<div class="mgWordPara">\n')
            parts.extend(_word_para(p, entities) + "\n" for p in syn.decision_paras)
            parts.append("</div>\n")
        parts.append(
            '<p class="mgSubItemTitleTxt">Minutes:</p>\n'
            '<div class="mgWordPara">\n<div class="WordSection1">\n'
        )
        paras, tail = _visible_paras(syn)
        for k, p in enumerate(paras):
            block = _word_para(p, entities)
            if tail and k == len(paras) - 1:
                block = block.replace(
                    "</p>",
                    f'&nbsp;...&nbsp; <a href="mgAi.aspx?ID={ai}#mgMinutes" '
                    f'title="Link to full minutes text">{tail}</a></p>',
                    1,
                )
            parts.append(block + "\n")
        parts.append("</div>\n</div>\n</td>\n</tr>\n")
    parts.append("</table>\n</div>\n")
    parts.append(_HTML_FOOT)
    return "".join(parts)


def render_item_html(sm: SyntheticMeeting, syn: SyntheticItem) -> str:
    """An item page (mgAi.aspx) as HTML: the full minutes of one item."""
    item = syn.model
    entities = sm.index % 2 == 0
    parts = [
        _HTML_HEAD.format(
            title=f"Agenda item - {html.escape(item.title or '')}",
            host=sm.council.host,
            council=html.escape(sm.meeting.council or ""),
        ),
        '<div class="mgHeader"><h1 class="mgMainTitleTxt">Agenda item</h1></div>\n'
        '<div class="mgSubTitle"><h2 class="mgSubTitleTxt">'
        f"{_esc(item.title or '', entities)}</h2></div>\n"
        '<div class="mgContent">\n',
    ]
    if item.description:
        parts.append(_description_html(item.description, entities))
    parts.append('<p class="mgSubItemTitleTxt">Minutes:</p>\n<div class="mgWordPara">\n')
    parts.extend(_word_para(p, entities) + "\n" for p in syn.paras)
    parts.append("</div>\n</div>\n")
    parts.append(_HTML_FOOT)
    return "".join(parts)


# --- Writing files and filling a store -----------------------------------------------------------


@dataclass
class CorpusSummary:
    """What ``write_corpus`` / ``fill_store`` produced, for the benchmark's rates and ratios."""

    meetings: int = 0
    items: int = 0
    resolutions: int = 0
    actions: int = 0
    meeting_pages: int = 0
    item_pages: int = 0
    bytes: int = 0  # bytes written (fill: bytes of the meetings' text renderings)
    seconds: float = 0.0
    files: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        out = {k: v for k, v in self.__dict__.items() if k != "files"}
        return out

    def count(self, sm: SyntheticMeeting) -> None:
        self.meetings += 1
        self.items += len(sm.items)
        self.resolutions += sum(len(s.model.resolutions) for s in sm.items)
        self.actions += sum(len(s.model.actions) for s in sm.items)


def _choose_format(fmt: str, sm: SyntheticMeeting) -> str:
    if fmt != "mixed":
        return fmt
    return "html" if random.Random(f"format:{sm.index}").random() < 0.3 else "text"


def write_corpus(
    directory: Path | str,
    meetings: int,
    *,
    seed: int = 1,
    fmt: str = "mixed",
    item_pages: bool = True,
) -> CorpusSummary:
    """Write ``meetings`` meeting pages (and the item pages of truncated items) to ``directory``.

    ``fmt``: ``text`` (the three text layouts, mixed as in the wild), ``html``
    (modern.gov HTML) or ``mixed`` (about 30% HTML). Files are UTF-8 and named
    like the real corpus: ``<council>_ieListDocuments_<id>.txt``.
    """
    if fmt not in ("text", "html", "mixed"):
        raise ValueError(f"format must be text, html or mixed (got {fmt!r})")
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    summary = CorpusSummary()
    started = time.perf_counter()
    for sm in generate(seed, meetings):
        kind = _choose_format(fmt, sm)
        ext = "html" if kind == "html" else "txt"
        page = render_html(sm) if kind == "html" else render_text(sm)
        name = f"{sm.council.slug}_ieListDocuments_{sm.mid}.{ext}"
        data = page.encode("utf-8")
        (out / name).write_bytes(data)
        summary.files.append(name)
        summary.meeting_pages += 1
        summary.bytes += len(data)
        summary.count(sm)
        if item_pages:
            for syn in sm.items:
                if not syn.item_page:
                    continue
                body = render_item_html(sm, syn) if kind == "html" else render_item_text(sm, syn)
                item_name = f"{sm.council.slug}_mgAi_{syn.model.external_id}.{ext}"
                data = body.encode("utf-8")
                (out / item_name).write_bytes(data)
                summary.files.append(item_name)
                summary.item_pages += 1
                summary.bytes += len(data)
    summary.seconds = time.perf_counter() - started
    return summary


def fill_store(
    db_path: Path | str,
    meetings: int,
    *,
    seed: int = 1,
    batch: int = 500,
    progress: bool = False,
) -> CorpusSummary:
    """Write ``meetings`` generated meetings straight into the store at ``db_path``.

    Goes through the store's public write path (``store.ingest.store_document``,
    one contribution per synthetic source, the same merge and row building as a
    real ingest) with the full-text triggers dropped for the run and the index
    rebuilt once at the end, as ``ingest --bulk`` does. Meetings are committed
    ``batch`` at a time: ``store_document`` nests its transaction as a
    savepoint when one is open, which saves a WAL commit per meeting.
    """
    from parsers.model import ParsedDocument
    from store import schema, tracker
    from store.db import open_store, write_transaction
    from store.ingest import store_document

    db = open_store(db_path)
    summary = CorpusSummary()
    started = time.perf_counter()
    with write_transaction(db):
        schema.drop_fts_triggers(db)
    try:
        pending = 0
        db.conn.execute("BEGIN IMMEDIATE")
        for sm in generate(seed, meetings):
            parsed = ParsedDocument(format="synthetic", page_kind="meeting", meetings=[sm.meeting])
            # The raw text this store stands for: the meeting page and the item pages that
            # carry the full text of the items the page cuts (what `write` would produce).
            text_size = len(render_text_blocks(sm).encode("utf-8"))
            pages = [render_item_text(sm, syn) for syn in sm.items if syn.item_page]
            summary.item_pages += len(pages)
            text_size += sum(len(page.encode("utf-8")) for page in pages)
            store_document(
                db,
                f"synthetic://{seed}/{sm.council.slug}/{sm.mid}",
                parsed,
                sha256=f"{seed}:{sm.index}",
                size=text_size,
                name=f"{sm.council.slug}_ieListDocuments_{sm.mid}.txt",
            )
            summary.count(sm)
            summary.meeting_pages += 1
            summary.bytes += text_size
            pending += 1
            if pending >= batch:
                tracker.track_pending(db.conn)  # as the writer does before each commit
                db.conn.execute("COMMIT")
                db.conn.execute("BEGIN IMMEDIATE")
                pending = 0
                if progress:
                    rate = summary.meetings / (time.perf_counter() - started)
                    print(
                        f"\r{summary.meetings}/{meetings} meetings ({rate:.0f}/s)",
                        end="",
                        file=sys.stderr,
                        flush=True,
                    )
        tracker.track_pending(db.conn)
        db.conn.execute("COMMIT")
    finally:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        with write_transaction(db):
            schema.rebuild_fts(db)
        db.conn.execute("PRAGMA optimize")
        db.conn.close()
    if progress:
        print(file=sys.stderr)
    summary.seconds = time.perf_counter() - started
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.corpus",
        description="Generate a deterministic synthetic corpus of council minutes.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("write", help="write meeting pages (and item pages) to a folder")
    w.add_argument("directory", type=Path)
    w.add_argument("--meetings", type=int, default=100)
    w.add_argument("--seed", type=int, default=1)
    w.add_argument("--format", choices=("text", "html", "mixed"), default="mixed")
    w.add_argument(
        "--no-item-pages",
        action="store_true",
        help="only meeting pages (truncated items stay truncated)",
    )
    f = sub.add_parser("fill", help="fill a store directly with generated meetings")
    f.add_argument("db", type=Path)
    f.add_argument("--meetings", type=int, default=1000)
    f.add_argument("--seed", type=int, default=1)
    s = sub.add_parser("show", help="print one meeting's page, to see what the generator makes")
    s.add_argument("index", type=int)
    s.add_argument("--meetings", type=int, default=1000)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--as", dest="kind", choices=(*LAYOUTS, "html"), default=None)
    args = parser.parse_args(argv)
    if args.command == "write":
        summary = write_corpus(
            args.directory,
            args.meetings,
            seed=args.seed,
            fmt=args.format,
            item_pages=not args.no_item_pages,
        )
    elif args.command == "fill":
        summary = fill_store(args.db, args.meetings, seed=args.seed, progress=sys.stderr.isatty())
    else:
        sm = generate_meeting(args.seed, args.index, args.meetings)
        sys.stdout.write(render_html(sm) if args.kind == "html" else render_text(sm, args.kind))
        return 0
    print(json.dumps(summary.as_dict(), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
