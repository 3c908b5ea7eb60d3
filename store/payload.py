"""A parsed Meeting as compressed JSON, and back: the ``contributions.payload`` column.

Keeping each file's parse is what lets a meeting be rebuilt exactly from
whatever sources remain after a file changes. The encoding is plain JSON of
the dataclasses (dates as ISO strings), so it survives model fields being
added: a missing key takes the dataclass default.

Two forms:

* **full** (``meeting_to_payload``): the whole Meeting.
* **compact** (``compact_payload``): only what differs from a *view*, the
  meeting as its visible rows show it (``store.ingest`` reads and writes the
  view). A meeting's only source is, field for field, what its rows show, so
  its compact payload is a few bytes instead of all its text; a second source
  for the meeting makes ``store.ingest`` re-encode both in full. Decoding a
  compact payload needs the view it was made against, so the rows it refers to
  must not change while it is stored (only ``store.ingest.rebuild_meeting``
  changes them, and it decodes first).

A value is left out of a compact payload only when it has the same type and
value as the view's and its type survives SQLite unchanged (str, None, bool,
float), so decoding gives back the exact Meeting: same object, same full bytes.
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


COMPACT = "@rows"  # the key that marks a compact payload
_STABLE = (str, type(None), bool, float)


def _same(value: Any, view: Any) -> bool:
    return type(value) is type(view) and type(value) in _STABLE and value == view


def _diff_list(values: list[Any], view: list[Any]) -> list[Any] | None:
    """None when ``values`` equals ``view``; else each element as its diff against the
    view's element at the same place (or whole, past the view's end)."""
    out = [
        _diff_object(v, view[k]) if k < len(view) and _both_dicts(v, view[k]) else v
        for k, v in enumerate(values)
    ]
    if len(values) == len(view) and all(isinstance(e, dict) and not e for e in out):
        return None
    return out


def _both_dicts(a: Any, b: Any) -> bool:
    return isinstance(a, dict) and isinstance(b, dict)


def _diff_object(values: dict[str, Any], view: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in view:
            out[key] = value
        elif isinstance(value, list) and isinstance(view[key], list):
            diff = _diff_list(value, view[key])
            if diff is not None:
                out[key] = diff
        elif not _same(value, view[key]):
            out[key] = value
    return out


def _patch_list(view: list[Any], diff: list[Any]) -> list[Any]:
    return [
        _patch_object(view[k], d) if k < len(view) and _both_dicts(view[k], d) else d
        for k, d in enumerate(diff)
    ]


def _patch_object(view: dict[str, Any], diff: dict[str, Any]) -> dict[str, Any]:
    out = dict(view)
    for key, value in diff.items():
        if isinstance(value, list) and isinstance(view.get(key), list):
            out[key] = _patch_list(view[key], value)
        else:
            out[key] = value
    return out


def compact_payload(meeting: Meeting, view: dict[str, Any]) -> bytes:
    """Encode ``meeting`` as what differs from ``view`` (see the module docstring).

    ``view`` is the meeting's visible rows in the plain form the payloads encode (the
    JSON of the dataclasses, dates as ISO strings), exactly as reading them back gives
    them.
    """
    data = _diff_object(_plain(meeting), view)
    for key, default in _MEETING_DEFAULTS.items():
        # A field the rows do not hold yet (Meeting.inferred, Meeting.preamble) decodes to
        # its default when left out, so at its default it costs the payload nothing.
        if key not in view and key in data and data[key] == default:
            del data[key]
    data[COMPACT] = 1
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 1)


_COMPACT_START = b'{"' + COMPACT.encode() + b'":1'  # keys are sorted; "@" sorts first


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    return f.default_factory()  # type: ignore[operator]


_MEETING_DEFAULTS: dict[str, Any] = {
    f.name: _default(f)
    for f in dataclasses.fields(Meeting)
    if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
}


def is_compact(payload: bytes) -> bool:
    """Whether the payload was made by ``compact_payload`` (decoding it needs the view)."""
    return zlib.decompress(payload).startswith(_COMPACT_START)


def meeting_from_payload(payload: bytes, view: dict[str, Any] | None = None) -> Meeting:
    """Decode what ``meeting_to_payload`` or ``compact_payload`` wrote.

    A compact payload needs the ``view`` it was made against; ValueError without it.
    """
    data = json.loads(zlib.decompress(payload).decode("utf-8"))
    if data.pop(COMPACT, None) is not None:
        if view is None:
            raise ValueError("a compact contribution needs its meeting's rows to decode")
        data = _patch_object(view, data)
    return _meeting_from_plain(data)


def _meeting_from_plain(data: dict[str, Any]) -> Meeting:
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
