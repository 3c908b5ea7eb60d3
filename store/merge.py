"""Merging what several sources say about one meeting. Pure: no SQL, no I/O.

The meeting page, an issue page and an item page can each describe the same
meeting or item. ``merge_meeting`` combines them field by field:

* The base is the contribution with the most items (the meeting page, when
  there is one); its item order is the agenda order. Items only another
  source knows are placed after the item they follow in that source.
* Items match by normalised number, else by normalised title.
* For text, the richer (longer) value wins; a missing value never wins.
* Minutes: a full text beats a truncated one whatever their lengths (the
  site cuts long bodies with "... view the full minutes text for item N"),
  never the reverse. Resolutions, actions and the truncated flag come from
  the item whose minutes were chosen, so they always agree with the text.
* Every source is kept: each merged item lists all the sources that had it.

Ties go to the earlier contribution, and callers pass contributions in a
fixed order (by source path), so a rebuild gives the same result every time
and whatever order the files were ingested in.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from parsers.model import AgendaItem, Document, Meeting
from store.keys import item_match_key

SourceRef = int
T = TypeVar("T")


@dataclass
class MergedItem:
    item: AgendaItem
    sources: list[SourceRef] = field(default_factory=list)


@dataclass
class MergedMeeting:
    meeting: Meeting  # merged scalars, attendance and meeting-level documents; items empty
    items: list[MergedItem] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)

    def as_meeting(self) -> Meeting:
        """The merged meeting as one model object (items in agenda order)."""
        return dataclasses.replace(self.meeting, items=[m.item for m in self.items])


def _richer_text(values: Sequence[str | None]) -> str | None:
    """The longest non-empty value; ties keep the earliest."""
    best: str | None = None
    for value in values:
        if value and (best is None or len(value.strip()) > len(best.strip())):
            best = value
    return best


def _first(values: Sequence[T | None]) -> T | None:
    for value in values:
        if value is not None and value != "":
            return value
    return None


def _merge_documents(lists: Sequence[list[Document]]) -> list[Document]:
    """Union by (title, format); the entry that says more (size, url) wins."""
    merged: dict[tuple[str, str | None], Document] = {}
    for documents in lists:
        for doc in documents:
            key = (doc.title.strip().casefold(), doc.format)
            known = merged.get(key)
            if known is None:
                merged[key] = doc
            else:
                merged[key] = Document(
                    title=known.title,
                    format=known.format,
                    size_kb=known.size_kb if known.size_kb is not None else doc.size_kb,
                    url=known.url or doc.url,
                )
    return list(merged.values())


def _minutes_rank(item: AgendaItem) -> tuple[int, int, int]:
    """Higher is better: has minutes, full over truncated, then length."""
    text = (item.minutes or "").strip()
    return (1 if text else 0, 0 if item.truncated else 1, len(text))


def merge_items(versions: Sequence[AgendaItem]) -> AgendaItem:
    """One item from several sources' versions of it (earliest first)."""
    if len(versions) == 1:
        return versions[0]
    chosen = max(versions, key=_minutes_rank)  # max keeps the first of equals
    if not (chosen.minutes or "").strip():
        # No source has minutes: take resolutions from whichever found most.
        chosen = max(versions, key=lambda v: (len(v.resolutions), len(v.actions)))
    return AgendaItem(
        number=_first([v.number for v in versions]),
        title=_richer_text([v.title for v in versions]),
        description=_richer_text([v.description for v in versions]),
        minutes=chosen.minutes,
        decision=_richer_text([v.decision for v in versions]),
        truncated=chosen.truncated,
        documents=_merge_documents([v.documents for v in versions]),
        resolutions=list(chosen.resolutions),
        actions=list(chosen.actions),
        external_id=_first([v.external_id for v in versions]),
        url=_first([v.url for v in versions]),
    )


def _matches(a: AgendaItem, b: AgendaItem) -> bool:
    num_a, title_a = item_match_key(a.number, a.title)
    num_b, title_b = item_match_key(b.number, b.title)
    if num_a and num_b:
        return num_a == num_b
    return bool(title_a) and title_a == title_b


def merge_meeting(contributions: Sequence[tuple[SourceRef, Meeting]]) -> MergedMeeting:
    """Merge every source's view of one meeting. ``contributions`` must not be empty."""
    if not contributions:
        raise ValueError("merge_meeting needs at least one contribution")
    # The base: most items; max() keeps the earliest of equals.
    base_index = max(range(len(contributions)), key=lambda i: len(contributions[i][1].items))
    ordered = [contributions[base_index]] + [
        c for i, c in enumerate(contributions) if i != base_index
    ]
    meetings = [m for _, m in ordered]

    slots: list[tuple[list[AgendaItem], list[SourceRef]]] = []
    for source, meeting in ordered:
        previous: int | None = None
        used: set[int] = set()  # one slot per item of this source
        for item in meeting.items:
            slot = next(
                (
                    i
                    for i, (versions, _) in enumerate(slots)
                    if i not in used and _matches(versions[0], item)
                ),
                None,
            )
            if slot is None:
                # After the item it follows in this source; first unmatched: at the end.
                slot = previous + 1 if previous is not None else len(slots)
                slots.insert(slot, ([item], [source]))
                used = {i + 1 if i >= slot else i for i in used}
            else:
                versions, sources = slots[slot]
                versions.append(item)
                if source not in sources:
                    sources.append(source)
            used.add(slot)
            previous = slot

    attendance = max((m.attendance for m in meetings), key=len)
    merged = Meeting(
        committee=_first([m.committee for m in meetings]),
        date=_first([m.date for m in meetings]),
        time=_first([m.time for m in meetings]),
        council=_first([m.council for m in meetings]),
        venue=_richer_text([m.venue for m in meetings]),
        contact=_richer_text([m.contact for m in meetings]),
        declarations=_richer_text([m.declarations for m in meetings]),
        preamble=_richer_text([m.preamble for m in meetings]),
        attendance=list(attendance),
        items=[],
        documents=_merge_documents([m.documents for m in meetings]),
        external_id=_first([m.external_id for m in meetings]),
        url=_first([m.url for m in meetings]),
    )
    # A value stays "inferred" only while no source states it.
    merged.inferred = [
        name
        for name in ("committee", "date", "time")
        if getattr(merged, name) is not None
        and all(name in m.inferred for m in meetings if getattr(m, name) not in (None, ""))
    ]
    every_source: list[SourceRef] = []
    for source, _ in contributions:
        if source not in every_source:
            every_source.append(source)
    items = [
        MergedItem(item=merge_items(versions), sources=sorted(item_sources))
        for versions, item_sources in slots
    ]
    return MergedMeeting(meeting=merged, items=items, sources=every_source)
