"""A document's meetings built into rows where the document was parsed, for the writer.

Most meetings an ingest writes are new to the store, with the file being written as
their only source. Their rows are then a function of that file alone: the merge of one
contribution, ``rows.build_meeting``, the people and thread indexes (``derived.build``)
and the compact payload (``payload.compact_payload``). The writer is the one process an
ingest cannot run twice over, and that pure work was a third of its time, so where there
are cores for it (``store.ingest.PREBUILD_MIN_WORKERS``) each worker process does it beside
the parse (``store.ingest._prepare``), for meeting number 0 and source number 0. The
writer takes the result only when the meeting turns out to be new with this file as its
only source (``Prebuilt.fits``); it numbers the rows (``MeetingRows.placed``,
``Derived.placed``) and writes them, and builds any other meeting itself as before.
Either way the rows are the same: ``tests/test_prebuilt.py`` compares the two on every
fixture.

No SQL here: this runs in the worker processes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from parsers.model import Meeting, ParsedDocument
from store import derived, rows
from store.keys import meeting_id
from store.merge import merge_meeting
from store.payload import compact_payload

# The meeting number and the source id the rows are built with (``placed`` replaces them).
_SEQ = 0
_SOURCE = 0


def plain_meeting_ids(path: str, meetings: Sequence[Meeting]) -> list[str]:
    """Each meeting's id from what the document says (``path``: the store's path of the
    document, which names an undated meeting). The writer may still move a meeting to a
    council-qualified id or under another meeting (``store.ingest``)."""
    return [
        meeting_id(m.committee, m.date, undated_key=f"{path}#{index}")
        for index, m in enumerate(meetings)
    ]


@dataclass(frozen=True)
class Prebuilt:
    """One meeting's rows as they are when the meeting is new and ``meeting`` its only
    source, built for meeting 0 and source 0."""

    mid: str
    meeting: Meeting  # the parsed meeting they were built from (the writer compares identity)
    rows: rows.MeetingRows
    view: dict[str, Any]  # ``rows.view()``: the same for any meeting number
    derived: derived.Derived
    payload: bytes  # the contribution's compact payload against ``view``

    def fits(self, mid: str, meeting: Meeting) -> bool:
        """Whether these are the rows of meeting ``mid`` built from ``meeting`` alone."""
        return mid == self.mid and meeting is self.meeting


def prebuild(path: str, parsed: ParsedDocument) -> dict[str, Prebuilt]:
    """The rows of each meeting of ``parsed`` (the document stored as ``path``) as a new
    meeting with one source, by meeting id. Meetings the document repeats (the writer
    merges them first) are left out, and so is a meeting whose rows cannot be built:
    the writer builds those itself and says why when it fails."""
    ids = plain_meeting_ids(path, parsed.meetings)
    repeated = Counter(ids)
    issue_paths = {_SOURCE: path} if parsed.page_kind in derived.ISSUE_PAGES else {}
    out: dict[str, Prebuilt] = {}
    for mid, meeting in zip(ids, parsed.meetings, strict=True):
        if repeated[mid] > 1:
            continue
        try:
            built = rows.build_meeting(mid, _SEQ, merge_meeting([(_SOURCE, meeting)]))
        except ValueError:
            continue
        view = built.view()
        out[mid] = Prebuilt(
            mid,
            meeting,
            built,
            view,
            derived.build(derived.rows_text(built, issue_paths)),
            compact_payload(meeting, view),
        )
    return out
