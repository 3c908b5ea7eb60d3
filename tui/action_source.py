"""The action tracker's rows (``tui.screens.actions``): every action point in the store, in an
order, with what the user set on actions no longer in it.

Apart from ``tui.reader`` (which the first screen's read imports at launch): the tracker is
opened with ``a``, and a frozen dataclass costs about a millisecond to create.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from store import queries
from store.filters import Filter
from store.queries import ActionRow
from store.records import orphan_row
from tui.reader import StoreReader

if TYPE_CHECKING:
    from store.detail_records import StatusCounts


@dataclass(frozen=True)
class ActionSource:
    """Every action point in the (filtered) store in ``sort`` order (``ACTION_SORTS``), then
    what the user set on actions no longer in the store (when the filter asks only about
    status: such a record has no meeting or words left to filter by)."""

    reader: StoreReader
    flt: Filter
    sort: str = "meeting"
    # Read once per source, on its thread: the counts per status (the status order's
    # groups), the store's own count, and the kept records of actions that are gone.
    cache: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def counts(self) -> StatusCounts:
        # The list's length and the status line both ask, on two threads: read them once.
        with self.cache.setdefault("lock", threading.Lock()):
            if "counts" not in self.cache:
                conn = self.reader.connection()
                self.cache["counts"] = queries.count_actions_by_status(conn, self.flt)
        return cast("StatusCounts", self.cache["counts"])

    def orphans(self) -> list[ActionRow]:
        if "orphans" not in self.cache:
            rows: list[ActionRow] = []
            if self.flt.without_tracking().is_empty and not self.flt.not_overdue:
                wanted = self.flt.statuses
                found = queries.orphaned_user_records(self.reader.connection())
                rows = [
                    row
                    for row in (orphan_row(n, o) for n, o in enumerate(found))
                    if not wanted or row.status in wanted
                ]
            self.cache["orphans"] = rows
        return cast(list[ActionRow], self.cache["orphans"])

    def _stored(self) -> int:
        if "stored" not in self.cache:
            conn = self.reader.connection()
            if self.sort == "status" or (self.flt.statuses and not self.flt.not_overdue):
                # The counts per status (read for the status line anyway) give the length:
                # one query for both, and cheaper than counting the status's test row by row.
                total = sum(n for _, n in queries.status_groups(self.flt, self.counts()))
            else:
                total = queries.count_actions(conn, self.flt)
            self.cache["stored"] = total
        return cast(int, self.cache["stored"])

    def count(self) -> int:
        return self._stored() + len(self.orphans())

    def fetch(self, offset: int, limit: int, total: int | None = None) -> Sequence[ActionRow]:
        # Forwards at any offset: the list's index puts the last action a short range read
        # away (a text filter costs the same at either end: every hit is read). The status
        # order's first window reads its groups in turn; deeper ones start from the counts.
        counts = self.counts() if self.sort == "status" and offset else None
        rows = queries.actions_window(
            self.reader.connection(), self.flt, offset, limit, sort=self.sort, counts=counts
        )
        if len(rows) < limit:
            stored = offset + len(rows) if rows or offset == 0 else self._stored()
            start = max(0, offset - stored)
            rows = [*rows, *self.orphans()[start : start + limit - len(rows)]]
        return rows
