"""The action tracker out of the app: the (filtered) actions as Markdown, CSV, JSON or an
iCalendar file, and the store's upcoming meetings as an iCalendar file.

``minutes-tui actions [FILTER] --format md|csv|json|ics`` and ``minutes-tui meetings
--format ics`` write these. The actions stream a window at a time, in the list's order
(``store.queries.ACTION_SORTS``). The calendar holds one all-day entry per open action
with a due date (overdue ones included), on that date, so the deadlines land in the
calendar people already use; a meeting is an entry at its date and time.

Every string comes from documents or from the user: Markdown and CSV are made inert
(``store.export``), JSON escapes what a terminal would act on, and iCalendar text is
escaped as RFC 5545 says (``\\``, ``;``, ``,``, line breaks) with control characters
removed and lines folded at 75 octets.
"""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from store import queries
from store.export import csv_cell, json_text, md_inline
from store.filters import Filter
from store.inert import inert
from store.records import ActionRow, MeetingRow, due_label, status_label, where_set

ACTION_FORMATS = ("md", "csv", "json", "ics")
PAGE = 500
PRODID = "-//minutes-tui//action tracker//EN"


def iter_actions(conn: sqlite3.Connection, flt: Filter, sort: str = "due") -> Iterator[ActionRow]:
    """The filter's actions in ``sort`` order, a window at a time."""
    counts = queries.count_actions_by_status(conn, flt) if sort == "status" else None
    offset = 0
    while True:
        rows = queries.actions_window(conn, flt, offset, PAGE, sort=sort, counts=counts)
        yield from rows
        if len(rows) < PAGE:
            return
        offset += PAGE


# --- Markdown --------------------------------------------------------------------------------


def export_actions_markdown(
    conn: sqlite3.Connection, out: TextIO, flt: Filter, sort: str = "due"
) -> int:
    """A checklist: one line per action (ticked when done), who, by when, where it was set."""
    described = flt.describe() or "all actions"
    out.write(f"# Actions: {md_inline(described, block_start=False)}\n\n")
    count = 0
    for action in iter_actions(conn, flt, sort):
        tick = "x" if action.status in ("done", "dropped", "superseded") else " "
        facts = [
            action.owner_name or action.owner,
            due_label(action) and f"due {due_label(action)}",
            status_label(action),
            where_set(action),
        ]
        tail = " · ".join(md_inline(f, block_start=False) for f in facts if f)
        out.write(inert(f"- [{tick}] {md_inline(action.text)} — {tail}\n"))
        if action.note:
            out.write(inert(f"  - note: {md_inline(action.note, block_start=False)}\n"))
        count += 1
    if not count:
        out.write("No actions match.\n")
    _orphans_markdown(conn, out)
    return count


def _orphans_markdown(conn: sqlite3.Connection, out: TextIO) -> None:
    orphans = queries.orphaned_user_records(conn)
    if not orphans:
        return
    out.write("\n## Kept for actions no longer in the store\n\n")
    for orphan in orphans:
        facts = [f for f in (orphan.status, orphan.note and f"note: {orphan.note}") if f]
        text = md_inline(orphan.text or orphan.action_id)
        tail = " · ".join(md_inline(f, block_start=False) for f in facts)
        out.write(inert(f"- {text} — {tail} ({orphan.action_id})\n"))


# --- CSV -------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "id",
    "status",
    "status_by",
    "overdue",
    "due",
    "due_basis",
    "due_text",
    "owner",
    "owner_as_printed",
    "text",
    "committee",
    "date",
    "item_number",
    "item_title",
    "note",
)


def export_actions_csv(
    conn: sqlite3.Connection, out: TextIO, flt: Filter, sort: str = "due"
) -> int:
    """One row per action, with its status, owner, due date and where it was set."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for a in iter_actions(conn, flt, sort):
        writer.writerow(
            [
                csv_cell(v)
                for v in (
                    a.record_id,
                    a.status,
                    a.status_by or "",
                    "yes" if a.overdue else "no",
                    a.due_on.isoformat() if a.due_on else "",
                    a.due_basis or "",
                    a.due_text or "",
                    a.owner_name or "",
                    a.owner or "",
                    a.text,
                    a.committee or "",
                    a.meeting_date.isoformat() if a.meeting_date else "",
                    a.item_number or "",
                    a.item_title or "",
                    a.note or "",
                )
            ]
        )
        count += 1
    return count


# --- JSON ------------------------------------------------------------------------------------


def action_json(conn: sqlite3.Connection, action: ActionRow) -> dict[str, Any]:
    """One action with its history, as the JSON export shows it."""
    detail = queries.action_detail(conn, action.record_id) if action.record_id else None
    history = [
        {
            "at": e.at,
            "by": e.by,
            "status": e.status,
            "why": e.why,
            "evidence": e.evidence_item,
            "evidence_label": e.evidence_label,
            "rule": e.rule,
        }
        for e in (detail.history if detail else ())
    ]
    return {
        "id": action.record_id,
        "text": action.text,
        "status": action.status,
        "status_by": action.status_by,
        "overdue": action.overdue,
        "owner": action.owner_name,
        "owner_as_printed": action.owner,
        "due": action.due_on.isoformat() if action.due_on else None,
        "due_basis": action.due_basis,
        "due_text": action.due_text,
        "meeting": {
            "id": action.meeting_id,
            "committee": action.committee,
            "date": action.meeting_date.isoformat() if action.meeting_date else None,
        },
        "item": {"id": action.item_id, "number": action.item_number, "title": action.item_title},
        "source": None
        if action.source_field is None
        else {"field": action.source_field, "start": action.span_start, "end": action.span_end},
        "note": action.note,
        "history": history,
    }


def export_actions_json(
    conn: sqlite3.Connection, out: TextIO, flt: Filter, sort: str = "due"
) -> int:
    """``{"actions": [...], "orphans": [...]}``: each action with its history; then what
    the user set on actions no longer in the store."""
    out.write('{"actions": [')
    count = 0
    for action in iter_actions(conn, flt, sort):
        out.write(",\n  " if count else "\n  ")
        out.write(json_text(action_json(conn, action)))
        count += 1
    orphans = [
        {"id": o.action_id, "text": o.text, "status": o.status, "note": o.note, "at": o.at}
        for o in queries.orphaned_user_records(conn)
    ]
    out.write("\n]" if count else "]")
    out.write(f', "orphans": {json_text(orphans)}}}\n')
    return count


# --- iCalendar -------------------------------------------------------------------------------


def ics_text(text: str) -> str:
    """A TEXT value as RFC 5545 writes it: controls removed, ``\\ ; ,`` and breaks escaped."""
    clean = inert(text).replace("\r\n", "\n").replace("\r", "\n")
    return clean.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded at 75 octets (continuations start with a space), CRLF-ended."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    parts: list[str] = []
    current = ""
    size = 0
    limit = 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # a continuation's leading space is one octet
        current += ch
        size += width
    parts.append(current)
    return "\r\n ".join(parts) + "\r\n"


def _calendar(out: TextIO, name: str, events: Iterable[list[str]]) -> int:
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    head += ["METHOD:PUBLISH", f"X-WR-CALNAME:{ics_text(name)}"]
    for line in head:
        out.write(fold(line))
    count = 0
    for event in events:
        for line in ("BEGIN:VEVENT", *event, "END:VEVENT"):
            out.write(fold(line))
        count += 1
    out.write(fold("END:VCALENDAR"))
    return count


def _stamp(now: dt.datetime | None) -> str:
    return (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def export_actions_ics(
    conn: sqlite3.Connection,
    out: TextIO,
    flt: Filter,
    sort: str = "due",
    *,
    now: dt.datetime | None = None,
) -> int:
    """One all-day event per open action with a due date (the filter's), on that date."""
    stamp = _stamp(now)

    def events() -> Iterator[list[str]]:
        for a in iter_actions(conn, flt, sort):
            if a.status != "open" or a.due_on is None or a.record_id is None:
                continue
            who = a.owner_name or a.owner
            summary = f"Due: {a.text}" + (f" ({who})" if who else "")
            description = [
                f"Action set at {where_set(a)}",
                f"Owner: {who}" if who else "",
                f"Due: {due_label(a)}",
                f"Status: {status_label(a)}",
                f"Note: {a.note}" if a.note else "",
                f"Id: {a.record_id}",
            ]
            yield [
                f"UID:{ics_text(a.record_id)}@minutes-tui",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{a.due_on:%Y%m%d}",
                f"DTEND;VALUE=DATE:{a.due_on + dt.timedelta(days=1):%Y%m%d}",
                f"SUMMARY:{ics_text(summary)}",
                f"DESCRIPTION:{ics_text(chr(10).join(d for d in description if d))}",
                "CATEGORIES:Action",
                "TRANSP:TRANSPARENT",
            ]

    return _calendar(out, f"Actions: {flt.describe() or 'all'}", events())


def export_meetings_ics(
    conn: sqlite3.Connection,
    out: TextIO,
    flt: Filter,
    *,
    since: dt.date | None = None,
    now: dt.datetime | None = None,
) -> int:
    """The filter's meetings on or after ``since`` (today): an event each, at its date and
    time (two hours long; all day when no time is printed)."""
    stamp = _stamp(now)
    since = since or dt.date.today()

    def events() -> Iterator[list[str]]:
        for m in queries.upcoming_meetings(conn, flt, since):
            yield [
                f"UID:{m.id}@minutes-tui",
                f"DTSTAMP:{stamp}",
                *_when(m),
                f"SUMMARY:{ics_text(m.committee or 'Meeting')}",
                *([f"DESCRIPTION:{ics_text(m.council)}"] if m.council else []),
                *_venue(conn, m),
                "CATEGORIES:Meeting",
            ]

    return _calendar(out, f"Meetings: {flt.describe() or 'all'}", events())


def _when(meeting: MeetingRow) -> list[str]:
    assert meeting.date is not None
    if meeting.time:
        start = dt.datetime.combine(meeting.date, dt.time.fromisoformat(meeting.time))
        end = start + dt.timedelta(hours=2)
        # Local time as printed (a council's own): a floating time, no zone.
        return [f"DTSTART:{start:%Y%m%dT%H%M%S}", f"DTEND:{end:%Y%m%dT%H%M%S}"]
    return [
        f"DTSTART;VALUE=DATE:{meeting.date:%Y%m%d}",
        f"DTEND;VALUE=DATE:{meeting.date + dt.timedelta(days=1):%Y%m%d}",
    ]


def _venue(conn: sqlite3.Connection, meeting: MeetingRow) -> list[str]:
    row = conn.execute("SELECT venue, url FROM meetings WHERE id = ?", [meeting.id]).fetchone()
    out = []
    if row and row[0]:
        out.append(f"LOCATION:{ics_text(row[0])}")
    if row and row[1]:
        out.append(f"URL:{ics_text(row[1])}")
    return out


def export_actions(
    conn: sqlite3.Connection, fmt: str, out: TextIO, flt: Filter, sort: str = "due"
) -> int:
    """The filter's actions in ``fmt`` (one of ``ACTION_FORMATS``); how many were written
    (for ``ics``: the dated open ones)."""
    writers = {
        "md": export_actions_markdown,
        "csv": export_actions_csv,
        "json": export_actions_json,
        "ics": export_actions_ics,
    }
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r} (use {', '.join(ACTION_FORMATS)})")
    return writers[fmt](conn, out, flt, sort)
