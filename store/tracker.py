"""The action tracker's derived data: owners and due dates, and what later minutes say.

Three things are worked out here from what the minutes say, and none of them is the
user's (the user's status and notes are ``store.userdata``'s):

* Each action's owner as listed (``parsers.grammar.owners``) and its due date
  (``parsers.grammar.due``): ``action_columns`` gives the columns ``store.rows`` writes
  with the action's row.
* "To the next meeting": the date of the committee's next meeting, once it is in the store.
* Links: a later meeting's item that reports on an action (matters arising or an action log
  quoting it or naming its minute, an item on the same matter), what it says of it
  (``parsers.grammar.followups``), and so the action's ``minutes_status``.

The last two depend on other meetings than the one being written. Each rebuild of a
meeting notes it in ``tracker_pending``; ``track_pending`` then works out, for every
pending meeting, its committee's meetings around it: the links between the pending
meeting and its ``NEIGHBOURS`` meetings before and after, the next-meeting dates of its
actions and of the meeting before it. The writer runs it before each commit, so the
links commit with the files that made them, and whatever order meetings arrive in, the
same links result. Links are keyed by the records' stable ids (``store.keys``), so a
re-ingest that rebuilds a meeting finds them again.

``heal`` reads every stored action again when the rules here are newer than the ones
the store was tracked with (``TRACKER_RULES``), as ``store.schema`` heals the index.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from parsers.grammar import followups
from parsers.grammar.due import find_due, resolve
from parsers.grammar.owners import normalise_owner
from store import rowids
from store.keys import normalise_number

# The rules' version: a store tracked with another is read again on open (``heal``).
TRACKER_RULES = "1"
# How many of a committee's meetings before a meeting may hold the actions its items
# report on (matters arising look one back; an action log a few).
NEIGHBOURS = 6
STATUSES = ("open", "done", "dropped", "superseded")
# ``due_key`` and ``owner_key`` of an action with no due date or no owner: after every date
# and every folded name, so those lists put them last.
NONE_KEY = "~"

Row = dict[str, Any]


def action_columns(
    text: str,
    owner: str | None,
    stated_due: str | None,
    meeting_date: dt.date | None,
    attendance: Sequence[str],
    committee_key: str,
) -> Row:
    """The tracker's columns of one action row (``due_on`` of a next-meeting deadline is
    filled by ``track_pending``, which knows the committee's meetings)."""
    named = normalise_owner(owner, attendance)
    due = find_due(text)
    due_on: dt.date | None = None
    basis: str | None = None
    if stated_due is not None:
        due_on, basis = dt.date.fromisoformat(stated_due), "stated"
    elif due is not None:
        due_on, basis = resolve(due, meeting_date)
        if due_on is None and basis == "implied":
            basis = None
    return {
        "owner_name": named.name if named else None,
        "owner_key": (named.key if named else "") or NONE_KEY,
        "due_on": due_on.isoformat() if due_on else None,
        "due_key": due_on.isoformat() if due_on else NONE_KEY,
        "due_basis": basis,
        "due_text": due.text if due is not None and basis is not None else None,
        "committee_key": committee_key,
        "minutes_status": None,
    }


# --- pending meetings ------------------------------------------------------------------------


def mark_pending(
    conn: sqlite3.Connection, mid: str, committee_key: str | None, date: str | None
) -> None:
    """Note that a meeting's rows were rebuilt (or removed): its links and its committee's
    next-meeting dates are to be worked out again (``track_pending``)."""
    conn.execute(
        "INSERT OR REPLACE INTO tracker_pending (meeting_id, committee_key, date) VALUES (?, ?, ?)",
        [mid, committee_key, date],
    )


@dataclass
class _Meeting:
    id: str
    seq: int
    date: str


@dataclass
class _Action:
    id: int
    item_id: str
    key: int
    text: str
    item_number: str | None
    item_title: str | None
    due_basis: str | None
    due_text: str | None

    # Read once, when first asked: an action is compared with the items of up to
    # ``NEIGHBOURS`` meetings, and most comparisons end at the titles.
    @functools.cached_property
    def title_words(self) -> str | None:
        return followups.title_words(self.item_title)

    @functools.cached_property
    def words(self) -> str:
        return " " + " ".join(re.findall(r"\w+", self.text.lower())) + " "


@dataclass
class _Item:
    rowid: int
    id: str
    number: str | None
    title: str | None
    resolution_count: int
    action_texts: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.title_words = followups.title_words(self.title)
        self.report_back = followups.is_report_back(self.title)


@dataclass(frozen=True)
class Link:
    """A later item that reports on an action, and what it says of it."""

    action_item: str
    action_key: int
    evidence_item: str
    rule: str  # report-back, same-matter, follow-up
    progress: str | None
    source_field: str | None = None
    span_start: int | None = None
    span_end: int | None = None


def track_pending(conn: sqlite3.Connection) -> int:
    """Work out links and next-meeting dates around every pending meeting; how many
    meetings were pending. Runs inside the caller's transaction."""
    pending = conn.execute(
        "SELECT meeting_id, committee_key, date FROM tracker_pending ORDER BY committee_key, date"
    ).fetchall()
    if not pending:
        return 0
    by_committee: dict[str, list[tuple[str, str | None]]] = {}
    for mid, committee_key, date in pending:
        by_committee.setdefault(committee_key or "", []).append((mid, date))
    for committee_key, meetings in by_committee.items():
        _track_committee(conn, committee_key, meetings)
    conn.execute("DELETE FROM tracker_pending")
    return len(pending)


def _track_committee(
    conn: sqlite3.Connection, committee_key: str, pending: list[tuple[str, str | None]]
) -> None:
    pending_ids = {mid for mid, _ in pending}
    # Links of a pending meeting are worked out again from scratch, both ways.
    stale = _linked_actions(conn, pending_ids)
    conn.executemany(
        "DELETE FROM action_links WHERE evidence_meeting = ? OR action_meeting = ?",
        [(mid, mid) for mid in pending_ids],
    )
    if not committee_key:
        _settle_statuses(conn, stale)
        return  # a page naming no committee has no "next meeting" and no neighbours
    series = [
        _Meeting(*r)
        for r in conn.execute(
            "SELECT id, seq, date FROM meetings WHERE committee_key = ? AND date IS NOT NULL"
            " ORDER BY date, seq",
            [committee_key],
        )
    ]
    index = {m.id: i for i, m in enumerate(series)}
    pairs: set[tuple[int, int]] = set()  # (origin, evidence) positions in ``series``
    next_due: set[int] = set()  # positions whose next-meeting dates are worked out again
    for mid, date in pending:
        if mid in index:
            at = index[mid]
            pairs.update((b, at) for b in range(max(0, at - NEIGHBOURS), at))
            pairs.update((at, a) for a in range(at + 1, min(len(series), at + 1 + NEIGHBOURS)))
            next_due.update({at, at - 1} - {-1})
        elif date is not None:  # removed: the meeting before it has a new next meeting
            before = [i for i, m in enumerate(series) if m.date < date]
            if before:
                next_due.add(before[-1])
    wanted = {i for pair in pairs for i in pair} | next_due
    actions = _actions_of(conn, [series[i].seq for i in sorted(wanted)])
    items = _items_of(conn, [series[i].seq for i in sorted({e for _, e in pairs})])
    _settle_next_meeting_dues(conn, series, next_due, actions)
    links: list[tuple[Link, _Meeting, _Meeting]] = []
    texts = _ItemTexts(conn)
    for origin, evidence in sorted(pairs):
        a_meeting, e_meeting = series[origin], series[evidence]
        found = find_links(
            actions.get(a_meeting.seq, []),
            items.get(e_meeting.seq, []),
            texts,
            just_before=origin == evidence - 1,
        )
        links.extend((link, a_meeting, e_meeting) for link in found)
    conn.executemany(
        "INSERT OR REPLACE INTO action_links (action_meeting, action_item, action_key,"
        " evidence_meeting, evidence_item, evidence_date, rule, progress, source_field,"
        " span_start, span_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                a.id,
                link.action_item,
                link.action_key,
                e.id,
                link.evidence_item,
                e.date,
                link.rule,
                link.progress,
                link.source_field,
                link.span_start,
                link.span_end,
            )
            for link, a, e in links
        ],
    )
    # A rebuilt meeting's actions start with no status from the minutes: only those whose
    # links were made or unmade here can have another.
    _settle_statuses(conn, stale | {(link.action_item, link.action_key) for link, _, _ in links})


def _linked_actions(conn: sqlite3.Connection, mids: Iterable[str]) -> set[tuple[str, int]]:
    out: set[tuple[str, int]] = set()
    for mid in mids:
        out.update(
            conn.execute(
                "SELECT action_item, action_key FROM action_links WHERE evidence_meeting = ?"
                " UNION SELECT action_item, action_key FROM action_links"
                " WHERE action_meeting = ?",
                [mid, mid],
            ).fetchall()
        )
    return out


def _actions_of(conn: sqlite3.Connection, seqs: Sequence[int]) -> dict[int, list[_Action]]:
    """The actions of the meetings numbered ``seqs``, with their items' numbers and titles."""
    out: dict[int, list[_Action]] = {}
    for seq in seqs:
        lo, hi = rowids.meeting_children(seq)
        out[seq] = [
            _Action(*r)
            for r in conn.execute(
                "SELECT a.id, i.id, a.key, a.text, i.number, i.title, a.due_basis, a.due_text"
                " FROM actions a JOIN items i ON i.rowid = a.item_rowid"
                " WHERE a.id BETWEEN ? AND ? ORDER BY a.id",
                [lo, hi],
            )
        ]
    return out


def _items_of(conn: sqlite3.Connection, seqs: Sequence[int]) -> dict[int, list[_Item]]:
    """The items of the meetings numbered ``seqs`` (titles only; text is read when needed)."""
    out: dict[int, list[_Item]] = {}
    for seq in seqs:
        lo, hi = rowids.meeting_items(seq)
        items = {
            r[0]: _Item(*r)
            for r in conn.execute(
                "SELECT rowid, id, number, title, resolution_count FROM items"
                " WHERE rowid BETWEEN ? AND ? ORDER BY rowid",
                [lo, hi],
            )
        }
        clo, chi = rowids.meeting_children(seq)
        for item_rowid, text in conn.execute(
            "SELECT item_rowid, text FROM actions WHERE id BETWEEN ? AND ?", [clo, chi]
        ):
            if item_rowid in items:
                items[item_rowid].action_texts.append(text)
        out[seq] = list(items.values())
    return out


class _ItemTexts:
    """An item's text fields, read once and only for the items a rule needs."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._read: dict[int, tuple[str, str]] = {}

    def __call__(self, rowid: int) -> tuple[str, str]:
        """(field name, text): the minutes, else the decision."""
        if rowid not in self._read:
            row = self.conn.execute(
                "SELECT minutes, decision FROM items WHERE rowid = ?", [rowid]
            ).fetchone()
            minutes, decision = row if row else (None, None)
            self._read[rowid] = ("minutes", minutes) if minutes else ("decision", decision or "")
        return self._read[rowid]


def _paragraphs(text: str) -> Iterable[tuple[int, int, str]]:
    """Each paragraph of a stored text with its offsets."""
    for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]*)*", text):
        if m.group(0).strip():
            yield m.start(), m.end(), m.group(0)


def _same_number(reference: str, number: str | None) -> bool:
    if not number:
        return False
    mine = normalise_number(number)
    theirs = normalise_number(reference)
    return mine == theirs or mine.split("/")[0] == theirs


def _mentions(title_words: str | None, text: str) -> bool:
    """Whether a text names a matter (a title's words, two or more) in so many words."""
    if title_words is None or " " not in title_words:
        return False
    return f" {title_words} " in " " + " ".join(re.findall(r"\w+", text.lower())) + " "


def find_links(
    actions: Sequence[_Action],
    items: Sequence[_Item],
    texts: _ItemTexts,
    *,
    just_before: bool,
) -> list[Link]:
    """The links from one later meeting's items to one earlier meeting's actions.

    ``just_before``: the earlier meeting is the one just before (an action log's "Action
    3" numbers that meeting's actions).
    """
    if not actions:
        return []
    links: dict[tuple[str, int], Link] = {}

    def add(action: _Action, link: Link) -> None:
        links.setdefault((action.item_id, action.key), link)

    for item in items:
        if item.report_back:
            name, text = texts(item.rowid)
            for start, end, paragraph in _paragraphs(text):
                refs = followups.references(paragraph)
                for action_no, action in enumerate(actions, start=1):
                    named = any(
                        (r.what == "minute" and _same_number(r.number, action.item_number))
                        or (r.what == "action" and just_before and r.number == str(action_no))
                        for r in refs
                    )
                    if (
                        named
                        or followups.same_words(action.text, paragraph)
                        or _mentions(action.title_words, paragraph)
                    ):
                        add(
                            action,
                            Link(
                                action.item_id,
                                action.key,
                                item.id,
                                "report-back",
                                followups.progress(paragraph),
                                name,
                                start,
                                end,
                            ),
                        )
            continue
        for action in actions:
            same = item.title_words is not None and item.title_words == action.title_words
            follow_up = (
                not same
                and item.resolution_count > 0
                and item.title_words is not None
                and item.title_words.count(" ") >= 1
                and f" {item.title_words} " in action.words
            )
            if not same and not follow_up:
                continue
            name, text = texts(item.rowid)
            progress: str | None
            if any(followups.same_words(action.text, t) for t in item.action_texts):
                progress = "superseded"  # the action set again: the later record is the live one
            else:
                progress = followups.progress(text) if same else None
                if (
                    progress is None
                    and item.resolution_count
                    and followups.asks_to_come_back(action.text)
                ):
                    progress = "done"  # the report it asked for came back and was resolved on
            rule = "same-matter" if same else "follow-up"
            add(action, Link(action.item_id, action.key, item.id, rule, progress, name))
    return list(links.values())


def _settle_statuses(conn: sqlite3.Connection, actions: Iterable[tuple[str, int]]) -> None:
    """Each action's ``minutes_status``: what the latest link that says anything says."""
    updates = []
    for item_id, key in actions:
        row = conn.execute(
            "SELECT progress FROM action_links WHERE action_item = ? AND action_key = ?"
            " AND progress IS NOT NULL ORDER BY evidence_date DESC, evidence_item DESC LIMIT 1",
            [item_id, key],
        ).fetchone()
        updates.append((row[0] if row else None, item_id.split("/", 1)[0], item_id, key))
    conn.executemany(
        "UPDATE actions SET minutes_status = ? WHERE key = ? AND item_rowid ="
        " (SELECT rowid FROM items WHERE meeting_id = ? AND id = ?)",
        [(status, key, mid, iid) for status, mid, iid, key in updates],
    )


def _settle_next_meeting_dues(
    conn: sqlite3.Connection,
    series: Sequence[_Meeting],
    positions: Iterable[int],
    actions: dict[int, list[_Action]],
) -> None:
    """``due_on`` of the next-meeting actions of the meetings at ``positions``."""
    updates = []
    for at in positions:
        meeting = series[at]
        later = series[at + 1 :]
        for action in actions.get(meeting.seq, []):
            if action.due_basis != "next-meeting":
                continue
            due = find_due(action.due_text or action.text)
            month = due.month if due is not None and due.form == "meeting-in-month" else None
            chosen = next(
                (m.date for m in later if month is None or int(m.date[5:7]) == month), None
            )
            updates.append((chosen, chosen or NONE_KEY, action.id))
    conn.executemany("UPDATE actions SET due_on = ?, due_key = ? WHERE id = ?", updates)


# --- reading every action again ----------------------------------------------------------------


def stored_rules(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM store_state WHERE name = 'tracker_rules'").fetchone()
    # str(): a store that ran m009 before m008 keeps the value as a number.
    return str(row[0]) if row else None


def needs_healing(conn: sqlite3.Connection) -> bool:
    """Whether the tracker's data is older than its rules, or some meetings are pending."""
    if stored_rules(conn) != TRACKER_RULES:
        return True
    return conn.execute("SELECT EXISTS (SELECT 1 FROM tracker_pending)").fetchone()[0] == 1


def heal(conn: sqlite3.Connection) -> None:
    """Bring the tracker's data up to its rules (inside the caller's transaction): every
    action's owner and due date read again and every meeting tracked, when the rules are
    newer than the store's; else only the pending meetings."""
    if stored_rules(conn) != TRACKER_RULES:
        _derive_all(conn)
        conn.execute(
            "INSERT OR REPLACE INTO tracker_pending (meeting_id, committee_key, date)"
            " SELECT id, committee_key, date FROM meetings WHERE action_count > 0"
            " OR committee_key IN (SELECT committee_key FROM meetings WHERE action_count > 0)"
        )
        conn.execute(
            "INSERT OR REPLACE INTO store_state (name, value) VALUES ('tracker_rules', ?)",
            [TRACKER_RULES],
        )
    track_pending(conn)


def _derive_all(conn: sqlite3.Connection) -> None:
    meetings = conn.execute(
        "SELECT seq, id, date, committee_key FROM meetings WHERE action_count > 0"
    ).fetchall()
    columns = (
        "owner_name",
        "owner_key",
        "due_on",
        "due_key",
        "due_basis",
        "due_text",
        "committee_key",
        "minutes_status",
    )
    sql = f"UPDATE actions SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?"
    for seq, mid, date, committee_key in meetings:
        attendance = [
            r[0] for r in conn.execute("SELECT name FROM attendance WHERE meeting_id = ?", [mid])
        ]
        meeting_date = dt.date.fromisoformat(date) if date else None
        lo, hi = rowids.meeting_children(seq)
        updates = []
        for action_id, text, owner, due in conn.execute(
            "SELECT id, text, owner, due FROM actions WHERE id BETWEEN ? AND ?", [lo, hi]
        ).fetchall():
            row = action_columns(text, owner, due, meeting_date, attendance, committee_key)
            updates.append([*(row[c] for c in columns), action_id])
        conn.executemany(sql, updates)
