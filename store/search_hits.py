"""The record of a search hit (``minutes-tui search``): an item with its meeting and text.

On its own, not in ``store.detail_records``: a frozen dataclass costs about a millisecond to
create, and a search that imported the reading view's ten took 7-9 ms longer to start.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from store.records import ITEM_WIDTH, MEETING_WIDTH, ItemRow, MeetingRow, item_row, meeting_row


@dataclass(frozen=True)
class SearchHit:
    """An item matching a search, with its meeting and text (for snippets)."""

    item: ItemRow
    meeting: MeetingRow
    description: str | None
    minutes: str | None
    decision: str | None


def search_hit(r: Sequence[Any]) -> SearchHit:
    end = ITEM_WIDTH + MEETING_WIDTH
    return SearchHit(
        item=item_row(r[:ITEM_WIDTH]),
        meeting=meeting_row(r[ITEM_WIDTH:end]),
        description=r[end],
        minutes=r[end + 1],
        decision=r[end + 2],
    )
