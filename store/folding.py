"""Text folding: the one place that says which spellings are the same word or name.

Both sides of the search index fold alike: the index's SQL view (``fold_sql``) and a
person's typed words (``fold``, ``match_fold``, ``tokens``) drop apostrophes, and the
``unicode61 remove_diacritics 2`` tokenizer folds case and accents, so ``Childrens``,
``Children's`` and ``CHILDREN’S`` all find ``Children’s``. Names used as keys
(committees, agenda titles) fold further (``normalise_name``): punctuation runs become
one space, ``&`` is ``and``.
"""

from __future__ import annotations

import re
import unicodedata

# Straight, right and left single quotes and the modifier-letter apostrophe
# ("Children's", "Children’s", "‘quoted’", "Children ʼs" from Word).
APOSTROPHES = ("'", "\u2019", "\u2018", "\u02bc")

# What unicode61 (``remove_diacritics 2``) treats as one token, after ``match_fold``:
# letters and digits (the underscore separates: ``foo_bar`` is two tokens).
_TOKEN = re.compile(r"[^\W_]+")
# The combining marks unicode61 counts as part of a token and drops (its diacritic table:
# U+0300-U+0331 less a few); every other combining mark separates tokens, as there.
_DIACRITICS = re.compile(
    "["
    + "".join(chr(c) for c in range(0x300, 0x332) if (0x000361F8_08029FDF >> (c - 0x300)) & 1)
    + "]"
)
_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold_sql(expr: str) -> str:
    """The SQL expression that folds ``expr`` like ``fold`` (apostrophes removed).

    Case and accents are left to the FTS tokenizer, so the SQL and Python
    sides agree on every SQLite build.
    """
    out = f"coalesce({expr}, '')"
    for mark in APOSTROPHES:
        literal = mark.replace("'", "''")
        out = f"replace({out}, '{literal}', '')"
    return out


def fold(text: str) -> str:
    """Fold text the way the index does before tokenising: apostrophes deleted."""
    for mark in APOSTROPHES:
        text = text.replace(mark, "")
    return text


def match_fold(text: str) -> str:
    """Text as the tokenizer compares it: apostrophes deleted, lower case, no accents.

    ``lower`` (not ``casefold``), like unicode61: ``Straße`` stays ``straße``.
    Only the marks unicode61 removes are dropped, and the text is recomposed
    (NFC) so a Hangul syllable or a Greek letter stays one character.
    """
    text = fold(text).lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _DIACRITICS.sub("", decomposed))


def tokens(text: str) -> list[str]:
    """The tokens unicode61 would see in ``text`` after folding (lower-case, no accents)."""
    return _TOKEN.findall(match_fold(text))


def normalise_name(text: str | None) -> str:
    """Lower-case, accents and apostrophes removed, punctuation runs as one space.

    ``"Children’s Partnership Board"`` and ``"Childrens  Partnership board"``
    are the same committee.
    """
    if not text:
        return ""
    text = fold(text)
    text = text.replace("&", " and ")
    if text.isascii():  # no accents to take off (most titles): the same answer, faster
        return _NON_WORD.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_ish = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return _NON_WORD.sub(" ", ascii_ish).strip()


_NAME_MARKS = re.compile(r"[’'ʼ‘.]")


def person_words(text: str) -> str:
    """A typed name folded as the people index folds names into keys (lower case, no
    accents, apostrophes or full stops; ``parsers.grammar.people.fold_word`` builds the keys,
    and a test holds the two to the same answers). The reader must not import the parsers."""
    words = []
    for word in text.split():
        decomposed = unicodedata.normalize("NFKD", word)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
        folded = _NAME_MARKS.sub("", plain)
        if folded:
            words.append(folded)
    return " ".join(words)
