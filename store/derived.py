"""The people and thread indexes: derived from a meeting's rows, rebuilt with them.

* **People.** ``mentions`` holds one row per thing the minutes say a person did at a meeting:
  attended (present, in attendance, substitute) or sent apologies (their attendance status,
  the role printed beside them kept as written), declared an interest, moved or seconded,
  presented a report, owns an action point, left or arrived (at the item the minutes name).
  Names are read by ``parsers.grammar.people``; a name in a sentence that agrees with one
  person of the meeting's own attendance is that person (``Councillor Smith`` is the
  attendance's ``Councillor John Smith``). ``people`` holds a name to show for each key.
  Nothing is inferred: presence is never worked out per item.
* **Threads.** ``thread_keys`` gives each item the keys that join it to the same matter at
  other meetings: the issue page it came from (modern.gov's ieIssueDetails and
  mgIssueHistoryHome pages list every meeting that took an issue), and its title
  (normalised), unless the title is one every meeting has ("Apologies",
  "Minutes of the last meeting"; ``PROCEDURAL_TITLES``).

``build`` works on what the writer holds in memory (``MeetingText``); ``ingest.rebuild_meeting``
calls ``replace`` with it, and ``rebuild_all`` fills both indexes from the stored rows, which
``store.schema`` does when ``DERIVED_VERSION`` is newer than the store's (after m009, or a
change to the grammar here).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from parsers.grammar import people as grammar
from parsers.grammar.people import Mention, PersonName, RosterEntry
from store import rowids
from store.keys import normalise_number
from store.rows import MeetingRows
from store.threads import issue_key, title_key

# Bump when what is derived changes: the next writer to open a store rebuilds the indexes.
DERIVED_VERSION = 2
ISSUE_PAGES = ("issue", "issue-history")  # page kinds that list one issue's meetings
_TEXT_CHARS = 600  # a mention keeps the sentence that says it, up to this long


# --- what a meeting's indexes are read from ------------------------------------------------


@dataclass
class ItemText:
    rowid: int
    number: str | None
    title: str | None
    description: str | None
    minutes: str | None
    decision: str | None
    owners: list[tuple[str, str]] = field(default_factory=list)  # (owner, the action's text)
    issue_pages: list[str] = field(default_factory=list)  # paths of issue pages it came from


@dataclass
class MeetingText:
    meeting_id: str
    declarations: str | None
    attendance: list[tuple[str, str, str | None, str | None]]  # name, status, role, reason
    items: list[ItemText]


@dataclass
class Derived:
    meeting_id: str
    mentions: list[tuple[Any, ...]]
    people: dict[str, str]  # key -> a name to show
    thread_keys: list[tuple[int, int]]

    def placed(self, seq: int) -> Derived:
        """The same rows for the meeting numbered ``seq``, from rows built for meeting 0
        (``store.prebuilt``): the item rowids they name moved up (``rowids.seq_offsets``)."""
        items, _ = rowids.seq_offsets(seq)
        mentions = [
            (*m[:5], m[5] + items if m[5] is not None else None, *m[6:]) for m in self.mentions
        ]
        keys = [(rowid + items, key) for rowid, key in self.thread_keys]
        return Derived(self.meeting_id, mentions, dict(self.people), keys)


def meeting_text(conn: sqlite3.Connection, built: MeetingRows) -> MeetingText:
    """What the indexes read, from rows about to be written (issue pages looked up)."""
    source_ids = {s["source_id"] for item in built.items for s in item.sources}
    issue_paths: dict[int, str] = {}
    if source_ids:
        marks = ", ".join("?" for _ in source_ids)
        kinds = ", ".join("?" for _ in ISSUE_PAGES)
        issue_paths = dict(
            conn.execute(
                f"SELECT id, path FROM sources WHERE id IN ({marks}) AND page_kind IN ({kinds})",
                [*source_ids, *ISSUE_PAGES],
            ).fetchall()
        )
    return rows_text(built, issue_paths)


def rows_text(built: MeetingRows, issue_paths: dict[int, str]) -> MeetingText:
    """What the indexes read from rows about to be written; ``issue_paths``: the path of
    each of their sources that is an issue page (``ISSUE_PAGES``)."""
    items = []
    for item in built.items:
        row = item.row
        items.append(
            ItemText(
                rowid=row["rowid"],
                number=row["number"],
                title=row["title"],
                description=row["description"],
                minutes=row["minutes"],
                decision=row["decision"],
                owners=[(a["owner"], a["text"]) for a in item.actions if a["owner"]],
                issue_pages=sorted(
                    issue_paths[s["source_id"]]
                    for s in item.sources
                    if s["source_id"] in issue_paths
                ),
            )
        )
    return MeetingText(
        meeting_id=built.row["id"],
        declarations=built.row["declarations"],
        attendance=[(a["name"], a["status"], a["role"], a["reason"]) for a in built.attendance],
        items=items,
    )


# --- building ---------------------------------------------------------------------------------


_DECLARATIONS_TITLE = re.compile(r"^(?:\d+\.?\s+)?(?:[\w’']+\s+)?declarations?\b", re.I)


class _Mentions:
    """The mention rows of one meeting, in order, each (person, role, item) once."""

    def __init__(self, meeting_id: str, roster: Sequence[RosterEntry]) -> None:
        self.meeting_id = meeting_id
        self.roster = roster
        self.rows: list[tuple[Any, ...]] = []
        self.people: dict[str, str] = {}
        self._seen: set[tuple[str, str, int | None]] = set()

    def add(
        self,
        person: PersonName,
        role: str,
        item: int | None,
        written_role: str | None,
        text: str | None,
    ) -> None:
        if (person.key, role, item) in self._seen:
            return
        self._seen.add((person.key, role, item))
        self.rows.append(
            (
                self.meeting_id,
                len(self.rows) + 1,
                person.key,
                person.written,
                role,
                item,
                written_role,
                text[:_TEXT_CHARS] if text else None,
            )
        )
        shown = self.people.get(person.key)
        if shown is None or _better_name(person.written, shown):
            self.people[person.key] = person.written

    def said(self, mention: Mention, item: int | None, *, keep_sentence: bool = True) -> None:
        person = grammar.resolve(mention.name, self.roster)
        if person is not None:
            text = mention.sentence if keep_sentence else None
            self.add(person, mention.role, item, mention.detail, text)


def _better_name(name: str, than: str) -> bool:
    """The name a person is shown by: the longest form, then the first in order (so the
    choice does not depend on which meeting was written first)."""
    return (len(name), than) > (len(than), name)


def build(text: MeetingText) -> Derived:
    """A meeting's mentions, people and thread keys."""
    roster = grammar.roster_of((name, role) for name, _, role, _ in text.attendance)
    by_number = {normalise_number(i.number): i.rowid for i in text.items if i.number}
    found = _Mentions(text.meeting_id, roster)
    for name, status, role, reason in text.attendance:
        entry = grammar.attendee(name, role)
        if entry is None:
            continue
        person = entry.person
        # A departure printed as the role: the person was present, and left at that item.
        note = grammar.attendance_note(role)
        found.add(person, status, None, None if note else entry.role, reason)
        if note is not None:
            found.add(person, note.role, by_number.get(note.item_ref or ""), None, note.sentence)
    declared_in_header = bool(text.declarations)
    for mention in grammar.declarations(text.declarations):
        found.said(mention, by_number.get(mention.item_ref or ""))
    keys: list[tuple[int, int]] = []
    for item in text.items:
        is_declarations = bool(item.title and _DECLARATIONS_TITLE.match(item.title))
        for field_text in (item.minutes, item.decision):
            if not field_text:
                continue
            if not (is_declarations and declared_in_header):
                for mention in grammar.declarations(field_text):
                    ref = by_number.get(mention.item_ref or "")
                    found.said(mention, ref if ref is not None or is_declarations else item.rowid)
            for mention in grammar.motions(field_text):
                found.said(mention, item.rowid)
            for mention in grammar.departures(field_text):
                found.said(mention, by_number.get(mention.item_ref or "", item.rowid))
        for field_text in (item.minutes, item.description):
            for mention in grammar.presenters(field_text):
                # The role printed beside them is kept; the sentence ("X introduced the
                # report") says nothing more, and a store holds hundreds of thousands.
                found.said(mention, item.rowid, keep_sentence=False)
        for owner, action in item.owners:
            owner_person = grammar.resolve(owner, roster)
            if owner_person is not None:
                found.add(owner_person, "owner", item.rowid, None, action)
        item_keys = {issue_key(path) for path in item.issue_pages}
        title = title_key(item.title)
        if title is not None:
            item_keys.add(title)
        keys.extend((item.rowid, key) for key in sorted(item_keys))
    return Derived(text.meeting_id, found.rows, found.people, keys)


# --- writing ----------------------------------------------------------------------------------


def delete(conn: sqlite3.Connection, mid: str, seq: int) -> list[str]:
    """Delete a meeting's derived rows; the person keys it mentioned (``insert`` tidies)."""
    gone = [
        r[0] for r in conn.execute("SELECT person_key FROM mentions WHERE meeting_id = ?", [mid])
    ]
    conn.execute("DELETE FROM mentions WHERE meeting_id = ?", [mid])
    conn.execute(
        "DELETE FROM thread_keys WHERE item_rowid BETWEEN ? AND ?", rowids.meeting_items(seq)
    )
    return gone


def insert(conn: sqlite3.Connection, derived: Derived | None, gone: Iterable[str] = ()) -> None:
    """Write a meeting's derived rows; forget the people of ``gone`` no meeting names now."""
    if derived is not None:
        conn.executemany(
            "INSERT INTO mentions (meeting_id, position, person_key, name, role, item_rowid,"
            " written_role, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            derived.mentions,
        )
        conn.executemany(
            "INSERT INTO people (key, name) VALUES (?, ?) ON CONFLICT (key) DO UPDATE"
            " SET name = excluded.name WHERE length(excluded.name) > length(people.name)"
            " OR (length(excluded.name) = length(people.name) AND excluded.name < people.name)",
            list(derived.people.items()),
        )
        conn.executemany(
            "INSERT INTO thread_keys (item_rowid, key) VALUES (?, ?)", derived.thread_keys
        )
    stale = set(gone) - (set(derived.people) if derived is not None else set())
    if stale:
        conn.executemany(
            "DELETE FROM people WHERE key = ? AND NOT EXISTS"
            " (SELECT 1 FROM mentions WHERE person_key = ?)",
            [(key, key) for key in sorted(stale)],
        )


# --- the whole store --------------------------------------------------------------------------


def stored_texts(conn: sqlite3.Connection) -> Iterator[MeetingText]:
    """Every meeting's ``MeetingText``, read from the stored rows in seq order."""
    kinds = ", ".join("?" for _ in ISSUE_PAGES)
    issue_paths = dict(
        conn.execute(
            f"SELECT id, path FROM sources WHERE page_kind IN ({kinds})", ISSUE_PAGES
        ).fetchall()
    )
    meetings = conn.execute("SELECT id, seq, declarations FROM meetings ORDER BY seq").fetchall()
    for mid, seq, declarations in meetings:
        first, last = rowids.meeting_items(seq)
        items = {
            r[0]: ItemText(*r)
            for r in conn.execute(
                "SELECT rowid, number, title, description, minutes, decision FROM items"
                " WHERE rowid BETWEEN ? AND ? ORDER BY rowid",
                [first, last],
            )
        }
        for owner_rowid, owner, action in conn.execute(
            "SELECT item_rowid, owner, text FROM actions WHERE id BETWEEN ? AND ?"
            " AND owner IS NOT NULL ORDER BY id",
            rowids.meeting_children(seq),
        ):
            items[owner_rowid].owners.append((owner, action))
        if issue_paths:
            for item_rowid, source_id in conn.execute(
                "SELECT item_rowid, source_id FROM item_sources WHERE item_rowid BETWEEN ? AND ?",
                [first, last],
            ):
                if source_id in issue_paths:
                    items[item_rowid].issue_pages.append(issue_paths[source_id])
        for item in items.values():
            item.issue_pages.sort()
        attendance = conn.execute(
            "SELECT name, status, role, reason FROM attendance WHERE meeting_id = ?"
            " ORDER BY position",
            [mid],
        ).fetchall()
        yield MeetingText(mid, declarations, [tuple(a) for a in attendance], list(items.values()))


def rebuild_all(conn: sqlite3.Connection) -> None:
    """Fill the people and thread indexes from every stored meeting (inside the caller's
    transaction), and record that they are built by this ``DERIVED_VERSION``."""
    conn.execute("DELETE FROM mentions")
    conn.execute("DELETE FROM people")
    conn.execute("DELETE FROM thread_keys")
    for text in stored_texts(conn):
        insert(conn, build(text))
    conn.execute("UPDATE store_state SET value = ? WHERE name = 'derived'", [DERIVED_VERSION])


def is_current(conn: sqlite3.Connection) -> bool:
    """Whether the store's people and thread indexes were built by this code's version."""
    try:
        row = conn.execute("SELECT value FROM store_state WHERE name = 'derived'").fetchone()
    except sqlite3.OperationalError:
        return True  # before m009: the migration will create and fill them
    return row is not None and row[0] == DERIVED_VERSION
