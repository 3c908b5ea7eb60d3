"""Owners in one spelling: every form of ``parsers.grammar.owners.OWNER_FORMS`` on its own
example, and the names left alone because they could be more than one person."""

from __future__ import annotations

import pytest

from parsers.grammar.owners import OWNER_FORMS, OwnerForm, normalise_owner


@pytest.mark.parametrize("form", OWNER_FORMS, ids=[f"{f.rule}: {f.printed}" for f in OWNER_FORMS])
def test_each_form_reads_its_example(form: OwnerForm) -> None:
    owner = normalise_owner(form.printed, form.attendance)
    assert owner is not None and owner.name == form.name


def test_cllr_and_councillor_are_one_owner() -> None:
    a = normalise_owner("Councillor Jane Smith")
    b = normalise_owner("Cllr. Jane Smith")
    c = normalise_owner("Jane Smith", ["Councillor Jane Smith"])
    assert a == b
    assert a is not None and (a.name, a.key, a.kind) == ("Cllr Jane Smith", "jane smith", "person")
    assert c is not None and c.key == a.key


def test_roles_take_the_and_keep_their_words() -> None:
    owner = normalise_owner("The Director of Children’s Integrated Services")
    assert owner is not None
    assert (owner.name, owner.key, owner.kind) == (
        "the Director of Children’s Integrated Services",
        "director of childrens integrated services",
        "role",
    )


@pytest.mark.parametrize(
    ("printed", "attendance", "name"),
    [
        # Two people with these initials: left as printed.
        ("JS", ("Jane Smith", "John Stone"), "JS"),
        # Nobody with them.
        ("NM", ("Iain Jenner", "Colin Campbell"), "NM"),
        # Two Galvins: left as printed, with the short title.
        ("Councillor Galvin", ("Councillor Ann Galvin", "Councillor John Galvin"), "Cllr Galvin"),
        # A first name that does not match: not this Galvin.
        ("Councillor P Galvin", ("Councillor John Galvin",), "Cllr P Galvin"),
    ],
)
def test_a_guess_is_never_made(printed: str, attendance: tuple[str, ...], name: str) -> None:
    owner = normalise_owner(printed, attendance)
    assert owner is not None and owner.name == name


def test_no_owner() -> None:
    assert normalise_owner(None) is None
    assert normalise_owner("  ") is None
