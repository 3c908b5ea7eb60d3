"""A parsed Meeting as compressed JSON, and back: the ``contributions.payload`` column.

Keeping each file's parse verbatim is what lets a meeting be rebuilt exactly
from whatever sources remain after a file changes. The encoding is plain JSON
of the dataclasses (dates as ISO strings), so it survives model fields being
added: a missing key takes the dataclass default.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import zlib
from typing import Any

from parsers.model import ActionPoint, AgendaItem, Attendee, Document, Meeting, Resolution

# Field names of each model class, looked up once: ``dataclasses.fields`` per object
# was a third of the writer's time in a bulk ingest.
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    cls = type(value)
    if cls in _SCALARS:
        return value
    names = _FIELD_NAMES.get(cls)
    if names is None:
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, list | tuple):
            return [_plain(v) for v in value]
        if not (dataclasses.is_dataclass(value) and not isinstance(value, type)):
            return value
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(value))
    return {name: _plain(getattr(value, name)) for name in names}


def meeting_to_payload(meeting: Meeting) -> bytes:
    """Encode one Meeting (deterministic: same meeting, same bytes)."""
    text = json.dumps(_plain(meeting), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 1)  # speed over size: bulk ingest


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: v for k, v in data.items() if k in names}


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def meeting_from_payload(payload: bytes) -> Meeting:
    """Decode what ``meeting_to_payload`` wrote."""
    data = json.loads(zlib.decompress(payload).decode("utf-8"))
    items = []
    for raw in data.get("items", []):
        item = _known(AgendaItem, raw)
        item["documents"] = [Document(**_known(Document, d)) for d in raw.get("documents", [])]
        item["resolutions"] = [
            Resolution(**_known(Resolution, r)) for r in raw.get("resolutions", [])
        ]
        actions = []
        for a in raw.get("actions", []):
            fields = _known(ActionPoint, a)
            fields["due"] = _date(fields.get("due"))
            actions.append(ActionPoint(**fields))
        item["actions"] = actions
        items.append(AgendaItem(**item))
    meeting = _known(Meeting, data)
    meeting["date"] = _date(meeting.get("date"))
    meeting["items"] = items
    meeting["documents"] = [Document(**_known(Document, d)) for d in data.get("documents", [])]
    meeting["attendance"] = [Attendee(**_known(Attendee, a)) for a in data.get("attendance", [])]
    return Meeting(**meeting)
