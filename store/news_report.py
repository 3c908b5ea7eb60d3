"""What is new, as ``minutes-tui new`` prints it: for each watch (or one), and overall.

The same reads as the reader's "What's new" screen (``store.follow``): each watch's items
new or changed since it was last looked at, with the resolutions and action points added
to them; and the overall news since the overall view was last looked at. ``report``
builds plain data (the JSON the command prints); ``markdown`` renders it for a daily
e-mail, every document string made inert and escaped as the Markdown export does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from store import follow, queries
from store.export import md_text
from store.follow_records import NewsRow, WatchRow

LIMIT = 500  # entries listed per watch (the count is always whole)


def _entry(conn: sqlite3.Connection, row: NewsRow, since: int) -> dict[str, Any]:
    meeting = row.meeting
    entry: dict[str, Any] = {
        "kind": row.kind,
        "state": row.state,
        "committee": meeting.committee,
        "date": meeting.date.isoformat() if meeting.date else None,
        "meeting_id": meeting.id,
    }
    if row.item is None:
        return entry
    item = row.item
    entry.update(item_id=item.id, number=item.number, title=item.title)
    new = follow.new_record_ids(conn, item.id, since)
    entry["new_resolutions"] = [
        {"id": r.record_id, "number": r.number, "text": r.text, "kind": r.kind}
        for r in queries.item_resolutions(conn, item.id)
        if r.record_id in new
    ]
    entry["new_actions"] = [
        {"id": a.record_id, "text": a.text, "owner": a.owner,
         "due": a.due.isoformat() if a.due else None}
        for a in queries.item_actions(conn, item.id)
        if a.record_id in new
    ]  # fmt: skip
    return entry


def _section(
    conn: sqlite3.Connection, scope: follow.Scope, since: int, limit: int
) -> dict[str, Any]:
    rows = follow.news_window(conn, since, scope, 0, limit)
    listed = len(rows) if len(rows) < limit else follow.news_list_count(conn, since, scope)
    return {
        "since": since,
        "new": follow.news_count(conn, since, scope),
        "entries": [_entry(conn, row, since) for row in rows],
        "more": listed - len(rows),  # entries past the limit
    }


def report(
    conn: sqlite3.Connection, watch: str | None = None, limit: int = LIMIT
) -> dict[str, Any]:
    """What is new for ``watch`` (None: every watch and the overall news).

    ``epoch`` is the store's latest: marking the report's watches seen at it marks exactly
    what was reported, whatever an ingest writes meanwhile. Raises LookupError for a watch
    that does not exist.
    """
    epoch = follow.current_epoch(conn)
    chosen: list[WatchRow]
    if watch is None:
        chosen = follow.watches(conn)
    else:
        found = follow.watch(conn, watch)
        if found is None:
            raise LookupError(watch)
        chosen = [found]
    out: dict[str, Any] = {"epoch": epoch}
    if watch is None:
        seen = follow.overall_seen(conn)
        out["overall"] = _section(conn, follow.Scope(), epoch if seen is None else seen, limit)
        out["overall"]["looked_at_before"] = seen is not None
    out["watches"] = [
        {
            "name": w.name,
            "kind": w.kind,
            "query": w.query,
            "label": w.label,
            **_section(conn, follow.watch_scope(conn, w), w.seen, limit),
        }
        for w in chosen
    ]
    return out


def _entry_lines(entry: dict[str, Any]) -> Iterator[str]:
    if entry["kind"] == "meeting":
        heading = f"{entry['committee'] or 'Unknown committee'} — {entry['date'] or 'undated'}"
        yield f"### {md_text(heading)} ({entry['state']})"
        yield ""
        return
    label = " ".join(x for x in (entry["number"], entry["title"]) if x) or "Untitled item"
    where = f"{entry['committee'] or 'Unknown committee'}, {entry['date'] or 'undated'}"
    yield f"- **{entry['state'].upper()}** {md_text(label)} ({md_text(where)})"
    for res in entry["new_resolutions"]:
        yield f"  - new resolution ({res['kind']}): {md_text(res['text'])}"
    for action in entry["new_actions"]:
        who = f" ({md_text(action['owner'])})" if action["owner"] else ""
        yield f"  - new action: {md_text(action['text'])}{who}"


def _section_lines(title: str, section: dict[str, Any]) -> Iterator[str]:
    count = section["new"]
    noun = "item" if count == 1 else "items"
    yield f"## {md_text(title)}: {count} new or changed {noun}"
    yield ""
    for entry in section["entries"]:
        yield from _entry_lines(entry)
    if section["more"]:
        yield ""
        yield f"*… and {section['more']} more (--limit lists more).*"
    yield ""


def markdown(data: dict[str, Any]) -> Iterator[str]:
    """The report as Markdown lines."""
    yield "# What's new"
    yield ""
    if "overall" in data:
        overall = data["overall"]
        if not overall["looked_at_before"]:
            yield "*The overall news has not been looked at yet: nothing is new until it is.*"
            yield ""
        yield from _section_lines("Everything", overall)
    for watch in data["watches"]:
        described = watch["label"] or watch["query"]
        yield from _section_lines(f"{watch['name']} ({watch['kind']}: {described})", watch)
    if not data["watches"] and "overall" not in data:
        yield "No watches."


def counts_line(conn: sqlite3.Connection) -> str | None:
    """``new since you last looked: everything 12 · budget 3 · Smith 0``, for the end of an
    ingest or a fetch; None when nothing is watched and the news was never looked at."""
    seen = follow.overall_seen(conn)
    watches = follow.watches(conn)
    if seen is None and not watches:
        return None
    parts = [] if seen is None else [f"everything {follow.news_count(conn, seen):,}"]
    parts += [
        f"{w.name} {follow.news_count(conn, w.seen, follow.watch_scope(conn, w)):,}"
        for w in watches
    ]
    return "new since you last looked: " + " · ".join(parts) + " (minutes-tui new)"


def print_counts(path: str | Path) -> None:
    """Print ``counts_line`` for the store at ``path`` (inert; nothing when it cannot be read)."""
    from store.db import StoreError, connect_readonly
    from store.inert import printable

    try:
        conn = connect_readonly(path)
    except StoreError:
        return
    try:
        line = counts_line(conn)
    except sqlite3.Error:
        line = None
    finally:
        conn.close()
    if line:
        print(printable(line))
