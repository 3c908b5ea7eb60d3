"""Exports of the store (or of a filtered view of it) as JSON, Markdown or CSV.

Every export streams: meetings are read a keyset page at a time and written
as they come, so exporting a million items never builds a giant string or
list. Each function takes a ``sqlite3.Connection``, a ``Filter`` (the TUI
exports the view the user is looking at) and a text stream.

The JSON shape is a contract other tools rely on::

    {"meetings": [{"committee", "date" (YYYY-MM-DD or null), "time" (HH:MM or null),
      "venue", "contact", "sources": [file names], "apologies": [{"name", "reason"}],
      "items": [{"number", "title", "description", "minutes", "truncated", "sources",
        "documents": [{"title", "format", "size_kb"}],
        "resolutions": [{"number", "text", "kind", "truncated"}],
        "actions": [{"text", "owner", "due", "source_kind"}]}]}]}

A meeting, item, resolution or action the reader bookmarked or noted (``store.userdata``)
carries ``"bookmarked": true`` and ``"note": "..."`` as well; the Markdown shows them under
headings and at the end of lines, and the CSV has ``bookmarked`` and ``note`` columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from store import queries, rowids
from store.filters import Filter
from store.inert import inert
from store.keys import record_id
from store.marks import ALL_NOTES
from store.records import ATTENDANCE_LABELS

FORMATS = ("json", "md", "csv")
PAGE = 200


@dataclass
class ExportItem:
    id: str
    number: str | None
    title: str | None
    description: str | None
    minutes: str | None
    decision: str | None
    truncated: bool
    sources: list[str] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    resolutions: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ExportMeeting:
    id: str
    committee: str | None
    date: dt.date | None
    time: str | None
    venue: str | None
    contact: str | None
    sources: list[str]
    apologies: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    items: list[ExportItem]
    council: str | None = None
    url: str | None = None
    declarations: str | None = None
    inferred: list[str] = field(default_factory=list)  # values the page implied, not stated
    attendance: list[dict[str, Any]] = field(default_factory=list)
    # The reader's bookmarks and notes on the meeting and everything in it, by stable id
    # (``store.userdata``): {"bookmarked": True} and/or {"note": text}.
    marks: dict[str, dict[str, Any]] = field(default_factory=dict)

    def marked(self, target: str | None) -> dict[str, Any]:
        """The marks on one id ({} when none), as they are added to its JSON object."""
        return self.marks.get(target, {}) if target else {}


def _meetings(conn: sqlite3.Connection, flt: Filter) -> Iterator[queries.MeetingRow]:
    after = None
    while True:
        page = queries.meetings_page(conn, flt, after, PAGE)
        yield from page
        if len(page) < PAGE:
            return
        after = page[-1]


def _grouped(rows: list[tuple], key_index: int = 0) -> dict[Any, list[tuple]]:
    out: dict[Any, list[tuple]] = {}
    for row in rows:
        out.setdefault(row[key_index], []).append(row)
    return out


def _child_rows(
    conn: sqlite3.Connection, table: str, columns: tuple[str, ...], ids: Sequence[int]
) -> Iterator[tuple[int | None, dict[str, Any]]]:
    """A meeting's rows of ``table`` (ids in ``ids``) in id order: (item rowid, columns)."""
    sql = (
        f"SELECT item_rowid, {', '.join(columns)} FROM {table} WHERE id BETWEEN ? AND ? ORDER BY id"
    )
    for item_rowid, *values in conn.execute(sql, ids):
        yield item_rowid, dict(zip(columns, values, strict=True))


def _load(conn: sqlite3.Connection, row: queries.MeetingRow, flt: Filter) -> ExportMeeting:
    """One meeting with everything an export shows (a handful of indexed queries)."""
    mid = row.id
    venue, contact, seq, url, declarations, inferred = conn.execute(
        "SELECT venue, contact, seq, url, declarations, inferred FROM meetings WHERE id = ?",
        [mid],
    ).fetchone()
    # The meeting's items' rowids, and the ids of the rows under them (``store.rowids``).
    first_item, last_item = rowids.meeting_items(seq)
    children = list(rowids.meeting_children(seq))
    sources = [
        r[0]
        for r in conn.execute(
            "SELECT s.name FROM contributions x JOIN sources s ON s.id = x.source_id"
            " WHERE x.meeting_id = ? ORDER BY s.name",
            [mid],
        )
    ]
    attendance = [
        {"name": r[0], "status": r[1], "role": r[2], "reason": r[3]}
        for r in conn.execute(
            "SELECT name, status, role, reason FROM attendance WHERE meeting_id = ?"
            " ORDER BY position",
            [mid],
        )
    ]
    apologies = [
        {"name": a["name"], "reason": a["reason"]} for a in attendance if a["status"] == "apologies"
    ]
    kept = {i.id for i in queries.meeting_items(conn, mid, flt)} if not flt.is_empty else None
    items: list[ExportItem] = []
    by_rowid: dict[int, ExportItem] = {}
    for r in conn.execute(
        "SELECT id, number, title, description, minutes, decision, truncated, rowid FROM items"
        " WHERE rowid BETWEEN ? AND ? ORDER BY rowid",
        [first_item, last_item],
    ):
        if kept is None or r[0] in kept:
            items.append(ExportItem(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6])))
            by_rowid[r[7]] = items[-1]
    for item_rowid, name in conn.execute(
        "SELECT x.item_rowid, s.name FROM item_sources x JOIN sources s ON s.id = x.source_id"
        " WHERE x.item_rowid BETWEEN ? AND ? ORDER BY s.name",
        [first_item, last_item],
    ):
        if item_rowid in by_rowid:
            by_rowid[item_rowid].sources.append(name)
    meeting_documents = []
    for item_rowid, doc in _child_rows(conn, "documents", ("title", "format", "size_kb"), children):
        if item_rowid is None:
            meeting_documents.append(doc)
        elif item_rowid in by_rowid:
            by_rowid[item_rowid].documents.append(doc)
    resolution_columns = ("number", "text", "kind", "truncated", *_PROVENANCE)
    for item_rowid, res in _child_rows(conn, "resolutions", resolution_columns, children):
        if item_rowid in by_rowid:
            item = by_rowid[item_rowid]
            res["truncated"] = bool(res["truncated"])
            item.resolutions.append(_with_provenance(item.id, "resolutions", res))
    action_columns = ("text", "owner", "due", "source_kind", *_PROVENANCE)
    for item_rowid, action in _child_rows(conn, "actions", action_columns, children):
        if item_rowid in by_rowid:
            item = by_rowid[item_rowid]
            item.actions.append(_with_provenance(item.id, "actions", action))
    marks: dict[str, dict[str, Any]] = {}
    for (target,) in conn.execute(
        "SELECT target FROM user_bookmarks WHERE meeting_id = ? ORDER BY target", [mid]
    ):
        marks.setdefault(target, {})["bookmarked"] = True
    for target, text in conn.execute(
        f"SELECT target, text FROM ({ALL_NOTES}) WHERE meeting_id = ? ORDER BY target", [mid]
    ):
        marks.setdefault(target, {})["note"] = text
    return ExportMeeting(
        id=mid,
        committee=row.committee,
        date=row.date,
        time=row.time,
        venue=venue,
        contact=contact,
        sources=sources,
        apologies=apologies,
        documents=meeting_documents,
        items=items,
        council=row.council,
        url=url,
        declarations=declarations,
        inferred=inferred.split(",") if inferred else [],
        attendance=attendance,
        marks=marks,
    )


_PROVENANCE = ("key", "rule", "source_field", "span_start", "span_end")


def _with_provenance(item_id: str, table: str, record: dict[str, Any]) -> dict[str, Any]:
    """A record's stable id first, its columns, and where it was read from: the rule and
    the passage of the item's text (``source``: field, start, end), when known."""
    key = record.pop("key")
    field_name = record.pop("source_field")
    start, end = record.pop("span_start"), record.pop("span_end")
    return {
        "id": record_id(item_id, table, key) if key is not None else None,
        **record,
        "source": None if field_name is None else {"field": field_name, "start": start, "end": end},
    }


# Called with the number of meetings written so far, after each one (a dialog's progress bar;
# it may raise to stop the export, which then leaves no file behind).
Progress = Callable[[int], None]


def iter_meetings(
    conn: sqlite3.Connection, flt: Filter | None = None, progress: Progress | None = None
) -> Iterator[ExportMeeting]:
    """The filtered meetings, newest first, each fully loaded (one at a time)."""
    flt = flt or Filter()
    for done, row in enumerate(_meetings(conn, flt)):
        if progress is not None:
            progress(done)
        yield _load(conn, row, flt)


# --- JSON -------------------------------------------------------------------------------------


def meeting_json(meeting: ExportMeeting) -> dict[str, Any]:
    """One meeting in the JSON contract's shape; a meeting, item or record the reader
    bookmarked or noted also has ``"bookmarked": true`` and ``"note"``."""
    return {
        "id": meeting.id,
        "council": meeting.council,
        "committee": meeting.committee,
        "date": meeting.date.isoformat() if meeting.date else None,
        "time": meeting.time,
        "inferred": meeting.inferred,
        "venue": meeting.venue,
        "contact": meeting.contact,
        "url": meeting.url,
        "sources": meeting.sources,
        "attendance": meeting.attendance,
        "apologies": meeting.apologies,
        "declarations": meeting.declarations,
        **meeting.marked(meeting.id),
        "items": [
            {
                "id": item.id,
                "number": item.number,
                "title": item.title,
                "description": item.description,
                "minutes": item.minutes,
                "decision": item.decision,
                "truncated": item.truncated,
                "sources": item.sources,
                "documents": item.documents,
                "resolutions": [{**r, **meeting.marked(r["id"])} for r in item.resolutions],
                "actions": [{**a, **meeting.marked(a["id"])} for a in item.actions],
                **meeting.marked(item.id),
            }
            for item in meeting.items
        ],
    }


# json.dumps escapes U+0000-001F only; C1 controls (U+009B is an 8-bit CSI), DEL, bidi and
# zero-width characters are escaped too. They only occur inside strings, so this is safe.
_JSON_INVISIBLE = re.compile("[\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(value: Any) -> str:
    """``value`` as JSON whose strings show no control or invisible character as itself."""
    return _JSON_INVISIBLE.sub(_json_escape, json.dumps(value, ensure_ascii=False))


def export_json(
    conn: sqlite3.Connection,
    out: TextIO,
    flt: Filter | None = None,
    progress: Progress | None = None,
) -> int:
    """Write ``{"meetings": [...]}``, one meeting at a time. Returns meetings written."""
    out.write('{"meetings": [')
    count = 0
    for meeting in iter_meetings(conn, flt, progress):
        out.write(",\n  " if count else "\n  ")
        out.write(json_text(meeting_json(meeting)))
        count += 1
    out.write("\n]}\n" if count else "]}\n")
    return count


# --- Markdown ---------------------------------------------------------------------------------


# What in document text a Markdown viewer would turn into markup that acts: any raw HTML tag
# or autolink (``<script>``, ``<img onerror=...>``, ``<javascript:...>``), an inline link or
# image (``[x](javascript:...)``), and a link reference definition (``[x]: javascript:...``).
# Brackets alone stay as they are (``[bold red]`` is just text in Markdown).
_MD_ACTIVE = re.compile(r"[<\\]|\](?=\()")
_MD_DEFINITION = re.compile(r"^\[[^\]]*\]:")


def md_inline(text: str, *, block_start: bool = True) -> str:
    """One line of document text as inert Markdown: no heading, list, block, HTML or link."""
    text = _MD_ACTIVE.sub(lambda m: "\\" + m.group(), " ".join(text.split()))
    if not text or not block_start:
        return text
    if (
        text[0] in "#>|-+*="
        or (text[0].isdigit() and ". " in text[:6])
        or _MD_DEFINITION.match(text)
    ):
        return "\\" + text
    return text


def md_text(text: str) -> str:
    """A document's (or the reader's) words as inert Markdown inside a line."""
    return md_inline(text, block_start=False)


def _md_block(text: str) -> list[str]:
    """Paragraphs (blank-line separated in the model) as Markdown paragraphs."""
    return [md_inline(p) for p in text.split("\n\n") if p.strip()]


def meeting_heading(meeting: ExportMeeting) -> str:
    committee = meeting.committee or "Unknown committee"
    if meeting.date is None:
        return f"{committee} (undated)"
    d = meeting.date
    when = f"{d:%A} {d.day} {d:%B %Y}"
    return f"{committee} — {when}" + (f", {meeting.time}" if meeting.time else "")


def meeting_markdown(meeting: ExportMeeting) -> Iterator[str]:
    """Readable minutes for one meeting, as lines."""
    yield f"# {md_inline(meeting_heading(meeting), block_start=False)}"
    yield ""
    if meeting.council:
        yield f"**Council:** {md_inline(meeting.council)}  "
    if meeting.inferred:
        yield f"*Not stated on the page, inferred: {', '.join(meeting.inferred)}*  "
    if meeting.venue:
        yield f"**Venue:** {md_inline(meeting.venue)}  "
    if meeting.contact:
        yield f"**Contact:** {md_inline(meeting.contact)}  "
    for status, label in ATTENDANCE_LABELS:
        people = [a for a in meeting.attendance if a["status"] == status]
        if people:
            names = ", ".join(_person(a) for a in people)
            yield f"**{label}:** {md_inline(names)}  "
    if meeting.declarations:
        yield f"**Declarations:** {md_inline(meeting.declarations)}  "
    if meeting.url:
        yield f"**Page:** {md_inline(meeting.url, block_start=False)}  "
    if meeting.documents:
        yield "**Documents:** " + "; ".join(_document_label(d) for d in meeting.documents) + "  "
    yield f"**Sources:** {', '.join(md_inline(x, block_start=False) for x in meeting.sources)}"
    yield ""
    yield from _md_marks(meeting.marked(meeting.id))
    for item in meeting.items:
        label = " ".join(x for x in (item.number and f"{item.number}.", item.title) if x)
        yield f"## {md_inline(label or 'Untitled item', block_start=False)}"
        yield ""
        yield from _md_marks(meeting.marked(item.id))
        if item.description:
            for paragraph in _md_block(item.description):
                yield f"*{paragraph}*"
                yield ""
        if item.documents:
            yield "Documents: " + "; ".join(_document_label(d) for d in item.documents)
            yield ""
        if item.decision:
            yield "**Decision:**"
            yield ""
            for paragraph in _md_block(item.decision):
                yield paragraph
                yield ""
        if item.minutes:
            for paragraph in _md_block(item.minutes):
                yield paragraph
                yield ""
        if item.truncated:
            yield "*The published minutes are cut short here; the full text was not available.*"
            yield ""
        if item.resolutions:
            yield "**Resolved:**"
            yield ""
            for res in item.resolutions:
                number = f"({md_inline(res['number'])}) " if res["number"] else ""
                cut = " *(cut short)*" if res["truncated"] else ""
                mine = _md_record_marks(meeting.marked(res["id"]))
                yield f"- {number}{md_inline(res['text'])} — *{res['kind']}*{cut}{mine}"
            yield ""
        if item.actions:
            yield "**Actions:**"
            yield ""
            for action in item.actions:
                extra = [x for x in (action["owner"], action["due"] and f"by {action['due']}") if x]
                tail = f" ({md_inline(', '.join(extra), block_start=False)})" if extra else ""
                mine = _md_record_marks(meeting.marked(action["id"]))
                yield f"- [ ] {md_inline(action['text'])}{tail}{mine}"
            yield ""
        if len(item.sources) > 1:
            names = ", ".join(md_inline(x, block_start=False) for x in item.sources)
            yield f"<sub>Sources: {names}</sub>"
            yield ""


def _md_marks(marks: dict[str, Any]) -> Iterator[str]:
    """The reader's bookmark and note on a meeting or an item, under its heading."""
    if marks.get("bookmarked"):
        yield "*Bookmarked.*"
        yield ""
    if marks.get("note"):
        for n, paragraph in enumerate(_md_block(marks["note"].replace("\n", "\n\n"))):
            yield f"> **Note:** {paragraph}" if n == 0 else f">\n> {paragraph}"
        yield ""


def _md_record_marks(marks: dict[str, Any]) -> str:
    """The reader's marks on a resolution or an action, at the end of its line."""
    out = " *(bookmarked)*" if marks.get("bookmarked") else ""
    if marks.get("note"):
        out += f" — **note:** {md_inline(marks['note'], block_start=False)}"
    return out


def _person(attendee: dict[str, Any]) -> str:
    extra = [x for x in (attendee.get("role"), attendee.get("reason")) if x]
    return attendee["name"] + (f" ({'; '.join(extra)})" if extra else "")


def _document_label(doc: dict[str, Any]) -> str:
    details = [x for x in (doc["format"] and doc["format"].upper(),) if x]
    if doc["size_kb"] is not None:
        details.append(f"{doc['size_kb']:g} KB")
    return md_inline(doc["title"]) + (f" ({', '.join(details)})" if details else "")


def export_markdown(
    conn: sqlite3.Connection,
    out: TextIO,
    flt: Filter | None = None,
    progress: Progress | None = None,
) -> int:
    """Write readable minutes, one meeting after another. Returns meetings written."""
    count = 0
    for meeting in iter_meetings(conn, flt, progress):
        if count:
            out.write("---\n\n")
        for line in meeting_markdown(meeting):
            out.write(inert(line) + "\n")
        count += 1
    return count


# --- CSV --------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "record",
    "committee",
    "date",
    "time",
    "item_number",
    "item_title",
    "number",
    "text",
    "kind",
    "truncated",
    "owner",
    "due",
    "source_kind",
    "sources",
    "bookmarked",  # the reader's own marks on the record
    "note",
)


def csv_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run as a formula (``=HYPERLINK(...)`` in a minute)."""
    if isinstance(value, str):
        value = inert(value)
    if isinstance(value, str) and value[:1] in ("=", "+", "@", "\t", "\r"):
        return "'" + value
    if isinstance(value, str) and value[:1] == "-" and value[1:2] not in (" ", ""):
        return "'" + value
    return value


def _csv_marks(marks: dict[str, Any]) -> tuple[str, str]:
    return ("yes" if marks.get("bookmarked") else "", marks.get("note") or "")


def export_csv(
    conn: sqlite3.Connection,
    out: TextIO,
    flt: Filter | None = None,
    progress: Progress | None = None,
) -> int:
    """One row per resolution and per action point, with meeting and item context.

    Returns the number of rows written (header excluded).
    """
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    rows = 0
    for meeting in iter_meetings(conn, flt, progress):
        context = [
            meeting.committee,
            meeting.date.isoformat() if meeting.date else "",
            meeting.time,
        ]
        for item in meeting.items:
            sources = "; ".join(item.sources)
            for res in item.resolutions:
                writer.writerow(
                    [
                        csv_cell(v)
                        for v in (
                            "resolution",
                            *context,
                            item.number,
                            item.title,
                            res["number"],
                            res["text"],
                            res["kind"],
                            "yes" if res["truncated"] else "no",
                            "",
                            "",
                            "",
                            sources,
                            *_csv_marks(meeting.marked(res["id"])),
                        )
                    ]
                )
                rows += 1
            for action in item.actions:
                writer.writerow(
                    [
                        csv_cell(v)
                        for v in (
                            "action",
                            *context,
                            item.number,
                            item.title,
                            "",
                            action["text"],
                            "",
                            "",
                            action["owner"],
                            action["due"],
                            action["source_kind"],
                            sources,
                            *_csv_marks(meeting.marked(action["id"])),
                        )
                    ]
                )
                rows += 1
    return rows


def export(
    conn: sqlite3.Connection,
    fmt: str,
    out: TextIO,
    flt: Filter | None = None,
    progress: Progress | None = None,
) -> int:
    """Export in ``fmt`` (one of FORMATS)."""
    writers = {"json": export_json, "md": export_markdown, "csv": export_csv}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")
    return writers[fmt](conn, out, flt, progress)


# File extensions that name an export format (``-o minutes.csv`` means CSV).
_EXTENSIONS = {".json": "json", ".md": "md", ".markdown": "md", ".csv": "csv"}
FORMAT_NAMES = {"json": "JSON", "md": "Markdown", "csv": "CSV"}


def format_for(target: Path) -> str | None:
    """The export format a file name asks for by its extension, or None when it names none."""
    return _EXTENSIONS.get(target.suffix.lower())


def export_file(
    conn: sqlite3.Connection,
    fmt: str,
    target: Path,
    flt: Filter | None = None,
    progress: Progress | None = None,
) -> int:
    """Export in ``fmt`` to ``target``, streaming, replacing it only once complete.

    Returns what ``export`` returns. Raises OSError (disk full, no permission) and
    sqlite3.Error.
    """
    return write_whole(target, lambda out: export(conn, fmt, out, flt, progress))


def write_whole(target: Path, write: Callable[[TextIO], int]) -> int:
    """``write(out)`` into ``target``, which is replaced only once the writing is done.

    Writes ``target.partial`` then renames it, so a failed export never leaves a
    half-written file under the real name. Returns what ``write`` returns.
    """
    partial = target.with_name(target.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            count = write(out)
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return count
