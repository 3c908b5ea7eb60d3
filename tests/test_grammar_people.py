"""The people grammar: every form read on its own real sentence, and names as councils print them.

The forms are tables (``parsers.grammar.people``): each entry carries a sentence from a
real page and the names it must give, so adding a form is one entry and its test is here
already. The names below are attendance rows as the corpus's parsers store them.
"""

from __future__ import annotations

import re

import pytest

from parsers.grammar import people
from parsers.grammar.people import (
    DECLARATION_FORMS,
    DEPARTURE_FORMS,
    MOTION_FORMS,
    PRESENTER_FORMS,
    Form,
    attendee,
    person_name,
    resolve,
    roster_of,
)

READERS = {
    id(MOTION_FORMS): people.motions,
    id(DECLARATION_FORMS): people.declarations,
    id(DEPARTURE_FORMS): people.departures,
    id(PRESENTER_FORMS): people.presenters,
}
ALL = [(form, forms) for forms in (MOTION_FORMS, DECLARATION_FORMS, DEPARTURE_FORMS,
                                   PRESENTER_FORMS) for form in forms]  # fmt: skip


@pytest.mark.parametrize(("form", "forms"), ALL, ids=[f.source for f, _ in ALL])
def test_every_form_reads_its_example(form: Form, forms: tuple[Form, ...]) -> None:
    found = READERS[id(forms)](form.example)
    assert all(m.sentence for m in found)
    names = [m.name for m in found]
    for name in form.names:
        assert name in names
    # The entry's own pattern is what finds them (it is not dead weight behind another).
    match = re.search(form.pattern, form.example)
    assert match is not None
    own = [n for n in (match.group("name"), match.groupdict().get("second")) if n]
    if form.pattern.startswith("^Councillors"):  # a plural title shared by both names
        own = [f"Councillor {n}" for n in own]
    assert own == list(form.names)


def test_a_sentence_gives_the_mover_and_the_seconder_in_order() -> None:
    # Yakima (Washington), city council, December 1985 (Laserfiche).
    found = people.motions(
        "It was MOVED by Foy, seconded by Buchanan, to adopt Item A to call for a RFP only for "
        "a fire station relocation study. Unanimously carried by voice vote."
    )
    assert [(m.role, m.name) for m in found] == [("moved", "Foy"), ("seconded", "Buchanan")]
    # Worcestershire, council 1165: a nomination moved and seconded, initials and all.
    found = people.motions(
        "The nomination of Mr A P Miller was moved by Mr J H Smith and seconded by Mrs E A Eyre."
        "  There were no other nominations."
    )
    assert [(m.role, m.name) for m in found] == [
        ("moved", "Mr J H Smith"),
        ("seconded", "Mrs E A Eyre"),
    ]


def test_a_nominee_is_not_a_mover() -> None:
    # Wexford, Gorey-Kilmuckridge district, January 2020.
    found = people.motions("Cllr. Donal Kenny proposed Cllr. Joe Sullivan as Cathaoirleach.")
    assert [(m.role, m.name) for m in found] == [("moved", "Cllr. Donal Kenny")]


def test_declarations_name_their_item_and_a_promise_to_leave() -> None:
    # Kent, Environment and Transport Cabinet Committee, November 2018.
    found = people.declarations(
        "2. Mr M Payne declared an Other Significant Interest in the Kent Minerals and Waste "
        "Local Plan (item 10) and said that he would leave the room for this item."
    )
    assert [(m.role, m.name, m.item_ref) for m in found] == [
        ("declared", "Mr M Payne", "10"),
        ("left", "Mr M Payne", "10"),
    ]
    # Merton audit committee: no title, two words, "indicated".
    found = people.declarations(
        "Danny Connellan indicated a personal interest as a leaseholder of a Merton property."
    )
    assert [(m.role, m.name, m.item_ref) for m in found] == [("declared", "Danny Connellan", None)]
    assert people.declarations("There were no declarations of interest.") == []


def test_a_presenter_keeps_the_role_printed_beside_them() -> None:
    found = people.presenters(
        "Lisa Hazel, Integrated Workforce Consultant presented the report on the Refresh of the "
        "Children’s Partnership Core Development Standard."
    )
    assert [(m.role, m.name, m.detail) for m in found] == [
        ("presented", "Lisa Hazel", "Integrated Workforce Consultant")
    ]
    # A first name alone is no one the index can tell apart (seed 000 item 19).
    assert people.presenters("Emily introduced a report.") == []


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Councillor J. Crowley", "crowley j"),  # Limerick
        ("Councillors: Cllr. Andrew Bolger", "bolger andrew"),  # Wexford's first row
        ("Councillor M. Fleming presided", "fleming m"),  # Sligo
        ("Ms P. R. Gallagher", "gallagher p r"),  # Sligo
        ("Councillor AJ Matisko", "matisko a j"),  # seed 003
        ("Councillor Ó Ceallaigh", "o ceallaigh"),  # Limerick
        ("Councillor O’Brien", "obrien"),  # Limerick
        ("Councillor Mac Cafferty", "mac cafferty"),  # Brighton
        ("Councillor Brian Lewis-Lavender", "lewis-lavender brian"),  # Merton
        ("Dr Anusree Biswas Sasidharan", "sasidharan anusree biswas"),  # Brighton
        ("Mayor N. Salonen", "salonen n"),  # Wilmot
        ("Alderman Alastair King", "king alastair"),  # City of London
        ("Councillor Sheahan (J)", "sheahan j"),  # Limerick
        ("ZartashaZahied", "zartashazahied"),  # seed 000: kept as printed
    ],
)
def test_names_as_keys(written: str, key: str) -> None:
    found = person_name(written)
    assert found is not None and found.key == key


@pytest.mark.parametrize(
    "written",
    [
        "Chief Executive",  # Limerick's attendance: an office, its holder in the role
        "Economic Development/ Communications",  # Wilmot: a department
        "Hawke’s Bay Airport Ltd representatives",  # Napier: a body
        "Cllr. Leas-Chathaoirleach",  # Wexford: an office with a title
        "Mr. TD",  # Wexford: an honour alone
        "The Lord Mayor",  # Bristol: an office, for ``resolve``
        "JJ",  # Nether Lochaber: initials alone
    ],
)
def test_offices_bodies_and_initials_are_not_people(written: str) -> None:
    assert person_name(written) is None


def test_an_office_printed_as_a_name_has_its_holder_in_the_role() -> None:
    # Limerick prints "Chief Executive - Mr. C. Murray"; the rows hold it swapped.
    entry = attendee("Chief Executive", "Mr. C. Murray")
    assert entry is not None
    assert (entry.person.key, entry.role) == ("murray c", "Chief Executive")
    # A one-letter role is the initial telling two of a surname apart.
    entry = attendee("Councillor Sheahan", "M")
    assert entry is not None and entry.person.key == "sheahan m" and entry.role is None


def test_sentences_resolve_against_the_meetings_attendance() -> None:
    # Oro-Medonte style: the motion names a surname, the attendance the whole name.
    roster = roster_of(
        [
            ("Councillor Shawn Scott", None),
            ("Councillor Cathy Keane", None),
            ("Councillor Mac Cafferty", "Chair"),
            ("Councillor Sheahan", "J"),
            ("Councillor Sheahan", "M"),
        ]
    )
    assert resolve("Keane", roster) == roster[1].person
    assert resolve("the Chair", roster) == roster[2].person
    assert resolve("Councillor Sheahan (J)", roster) == roster[3].person
    # Two of a surname and nothing to tell them apart: the name stands as written.
    found = resolve("Councillor Sheahan", roster)
    assert found is not None and found.key == "sheahan"
    assert resolve("the Mayor", roster) is None  # no one's role says Mayor


def test_a_departure_printed_as_a_role_is_kept_with_its_item() -> None:
    # Wilmot (Ontario): "Councillor Shawn Scott (left @ 2:00 p.m. before Item 11 a)".
    note = people.attendance_note("left @ 2:00 p.m. before Item 11 a")
    assert note is not None
    assert (note.role, note.item_ref, note.sentence) == (
        "left",
        "11a",
        "left @ 2:00 p.m. before Item 11 a",
    )
    assert people.attendance_note("Chair") is None


@pytest.mark.parametrize("name", ["Councillor O’Brien", "Ó Ceallaigh", "J. H. Smith", "Zoë D'Arcy"])
def test_the_reader_folds_a_typed_name_as_the_index_folds_it(name: str) -> None:
    """``person:`` folds in the store (the reader never imports the parsers): the same
    answers as the grammar that builds the keys."""
    from store.folding import person_words

    assert person_words(name) == " ".join(
        w for w in (people.fold_word(word) for word in name.split()) if w
    )
