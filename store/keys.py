"""Stable record keys: the same meeting or item gets the same id on every ingest.

A meeting is its committee and date, so the meeting page and an issue page
about one of its items land on one record. An item is its meeting plus its
number (as printed, normalised), else its title. Ids are short and opaque on
purpose: user data attached to them later (notes, action status) survives
re-ingest, whatever file brought the record in.
"""

from __future__ import annotations

import datetime as dt
import re

from store.folding import normalise_name


def normalise_number(number: str | None) -> str:
    """An item number as a key: ``"20."`` -> ``"20"``, ``"CB20/15."`` -> ``"cb20/15"``."""
    if not number:
        return ""
    return re.sub(r"\s+", "", number).rstrip(".").casefold()


def _digest(*parts: str) -> str:
    import hashlib  # here, not at the top: see ``record_key``

    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def meeting_id(
    committee: str | None,
    date: dt.date | None,
    *,
    council: str | None = None,
    undated_key: str | None = None,
) -> str:
    """The id of a meeting.

    Dated meetings: committee + date (``council`` only when the caller needs to
    separate two councils' same-named committees meeting on one day). A
    meeting with no date cannot be matched to anything else, so it is keyed by
    ``undated_key`` (the source's path and the meeting's place in it).
    """
    if date is None:
        return "u" + _digest("undated", undated_key or "", normalise_name(committee))
    parts = [normalise_name(committee), date.isoformat()]
    if council:
        parts.append(normalise_name(council))
    return "m" + _digest(*parts)


def item_match_key(number: str | None, title: str | None) -> tuple[str, str]:
    """(normalised number, normalised title): how items from two sources are matched."""
    return normalise_number(number), normalise_name(title)


def item_slug(number: str | None, title: str | None, position: int) -> str:
    """The item's part of its id: the number, else a title slug, else its position."""
    num = normalise_number(number)
    if num:
        return num
    slug = normalise_name(title).replace(" ", "-")[:48].strip("-")
    if slug:
        return "t-" + slug
    return f"p{position}"


_INVERT_BASE = 10**12


def meeting_sort_key(
    date: dt.date | None,
    time: str | None,
    committee_key: str,
    meeting_id: str,
    *,
    undated_label: str = "",
) -> str:
    """A unique string whose ascending order is newest first, undated last.

    Ascending order makes keyset paging one index range (``sort_key > ?``).
    Same day: later time first, then committee name, then id. Undated meetings
    (pages with no meeting header) sort by committee, then ``undated_label`` (the
    first item's title), so their order does not depend on where the files lie:
    their ids are derived from the source path.
    """
    if date is None:
        return f"1{committee_key}\x1f{undated_label}\x1f{meeting_id}"
    minutes = 0
    if time and re.fullmatch(r"\d{2}:\d{2}", time):
        minutes = int(time[:2]) * 60 + int(time[3:])
    stamp = date.toordinal() * 1440 + minutes
    return f"0{_INVERT_BASE - stamp:012d}{committee_key}\x1f{meeting_id}"


# English month names, as typed to find a meeting (``calendar.month_name`` in the C locale;
# spelt out: importing calendar was ~0.7 ms of every launch, and these never change).
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


def find_text(committee: str | None, date: dt.date | None) -> str:
    """Spellings a person may type to find a meeting: committee, ISO and UK dates."""
    parts = [normalise_name(committee)]
    if date is not None:
        parts += [
            date.isoformat(),
            date.strftime("%d/%m/%Y"),
            f"{date.day} {_MONTHS[date.month - 1]} {date.year}",
            date.strftime("%A").lower(),
        ]
    else:
        parts.append("undated")
    return " ".join(p for p in parts if p)


# --- resolutions and action points ----------------------------------------------------------

# A record is its item plus the opening words of its clause: re-ingesting the same minutes,
# or fuller minutes of a cut item, or a parser that finds one more clause before it, gives
# the same key, so a note or a status set on it stays attached. Twelve words: enough to tell
# an item's clauses apart, few enough that the cut-off end of a truncated clause is outside.
KEY_WORDS = 12
_LEAD_WORDS = frozenset({"that", "to", "resolved", "agreed"})
_APART = re.compile(r"[^\w]+|_+")
_APOSTROPHES = ("'", "\u2019", "\u2018", "\u02bc")


def record_lead(text: str | None) -> str:
    """The words a record's key digests: its first dozen, folded, lead-in words dropped."""
    folded = (text or "").casefold().replace("&", " and ")
    for mark in _APOSTROPHES:
        folded = folded.replace(mark, "")
    words = _APART.sub(" ", folded).split()
    while words and words[0] in _LEAD_WORDS:
        words.pop(0)
    return " ".join(words[:KEY_WORDS])


def record_key(lead: str, occurrence: int) -> int:
    """A 48-bit key (an SQLite integer) for the ``occurrence``-th record with this lead."""
    # Imported by the writer's functions only: loading OpenSSL's hashes was ~3-5 ms of
    # every reader's start-up (``minutes-tui search``), which imports this module for
    # its sort keys.
    import hashlib

    digest = hashlib.sha1(f"{lead}\x1f{occurrence}".encode()).digest()
    return int.from_bytes(digest[:6], "big")


def record_keys(texts: list[str]) -> list[int]:
    """The keys of one item's records (resolutions, or actions), in order."""
    seen: dict[str, int] = {}
    keys = []
    for text in texts:
        lead = record_lead(text)
        occurrence = seen.get(lead, 0)
        seen[lead] = occurrence + 1
        keys.append(record_key(lead, occurrence))
    return keys


def record_id(item_id: str, table: str, key: int) -> str:
    """The stable id users see and user data is keyed by: ``<item id>/r1a2b3c4d5e6f``.

    ``table`` is ``resolutions`` or ``actions`` (``r`` or ``a``).
    """
    return f"{item_id}/{table[0]}{key:012x}"
