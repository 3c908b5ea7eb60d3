"""The packed row ids: the only module that knows how an id encodes its meeting and item.

An item's rowid is its meeting's ``seq`` shifted left by ``ITEM_SHIFT`` plus its agenda
position, so the meeting of a full-text hit is ``rowid >> ITEM_SHIFT`` without reading
the items table (which holds all the minutes text). The rows under an item
(resolutions, action points, documents) have ids ``item rowid << CHILD_SHIFT |
position``, so an item's rows are one id range and a meeting's rows another, and those
tables need no index and no text key. A meeting's own documents sit at item position 0.

Everything else asks this module, in Python (``item_rowid``, ``meeting_items``...) or as
SQL text (the ``*_sql`` functions return expressions over a column or alias). The
migrations that built this layout (m003, m005) keep their own frozen copy of it.
"""

from __future__ import annotations

ITEM_SHIFT = 16
CHILD_SHIFT = 16
MEETING_SHIFT = ITEM_SHIFT + CHILD_SHIFT  # a child id's meeting: ``id >> MEETING_SHIFT``
MAX_ITEMS_PER_MEETING = (1 << ITEM_SHIFT) - 1
MAX_CHILDREN_PER_ITEM = (1 << CHILD_SHIFT) - 1

Range = tuple[int, int]  # inclusive, for ``BETWEEN ? AND ?``
NO_ROWS: Range = (1, 0)  # an empty range: a meeting that does not exist


def meeting_rowid(seq: int) -> int:
    """The owner id of a meeting's own documents (item position 0)."""
    return seq << ITEM_SHIFT


def item_rowid(seq: int, position: int) -> int:
    """The rowid of the item at ``position`` (from 1) of meeting ``seq``."""
    if position > MAX_ITEMS_PER_MEETING:
        raise ValueError(f"more than {MAX_ITEMS_PER_MEETING} agenda items in one meeting")
    return (seq << ITEM_SHIFT) | position


def child_id(owner_rowid: int, position: int) -> int:
    """The id of the resolution, action point or document at ``position`` under an item."""
    if position > MAX_CHILDREN_PER_ITEM:
        raise ValueError(
            f"more than {MAX_CHILDREN_PER_ITEM} resolutions, actions or documents"
            " under one agenda item"
        )
    return (owner_rowid << CHILD_SHIFT) | position


def owner_of(child: int) -> int:
    """The item rowid (or meeting owner id) a child row's id names."""
    return child >> CHILD_SHIFT


def meeting_items(seq: int) -> Range:
    """The rowids a meeting's items can have."""
    return seq << ITEM_SHIFT, (seq << ITEM_SHIFT) | MAX_ITEMS_PER_MEETING


def meeting_children(seq: int) -> Range:
    """The ids a meeting's resolutions, action points and documents can have."""
    return seq << MEETING_SHIFT, ((seq + 1) << MEETING_SHIFT) - 1


def item_children(rowid: int) -> Range:
    """The ids the rows under one item can have."""
    return rowid << CHILD_SHIFT, ((rowid + 1) << CHILD_SHIFT) - 1


def seq_offsets(seq: int) -> tuple[int, int]:
    """What an item rowid and a child id built for meeting 0 add to be the same ids of
    meeting ``seq``: ``item_rowid(seq, p) == item_rowid(0, p) + items`` and
    ``child_id(item_rowid(seq, p), c) == child_id(item_rowid(0, p), c) + children``
    (the meeting's bits lie above the positions', so numbering a meeting is addition)."""
    return seq << ITEM_SHIFT, seq << MEETING_SHIFT


def children_of_items(items: Range) -> Range:
    """The ids the rows under a range of items can have."""
    if items[0] > items[1]:
        return NO_ROWS
    return items[0] << CHILD_SHIFT, ((items[1] + 1) << CHILD_SHIFT) - 1


# --- the same, as SQL over a column or alias --------------------------------------------------


def seq_of_item_sql(rowid: str) -> str:
    """The meeting ``seq`` of an item rowid expression."""
    return f"{rowid} >> {ITEM_SHIFT}"


def seq_of_child_sql(child: str) -> str:
    """The meeting ``seq`` of a child row's id expression."""
    return f"{child} >> {MEETING_SHIFT}"


def owner_of_sql(child: str) -> str:
    """The item rowid of a child row's id expression."""
    return f"{child} >> {CHILD_SHIFT}"


def meeting_items_sql(seq: str) -> tuple[str, str]:
    """(first, last) rowid a meeting's items can have, for a ``seq`` expression."""
    return f"({seq} << {ITEM_SHIFT})", f"(({seq} << {ITEM_SHIFT}) | {MAX_ITEMS_PER_MEETING})"


def meeting_children_between_sql(seq: str) -> str:
    """``BETWEEN`` the ids of a meeting's child rows, for a ``seq`` expression."""
    return f"BETWEEN {seq} << {MEETING_SHIFT} AND (({seq} + 1) << {MEETING_SHIFT}) - 1"


def item_children_between_sql(rowid: str) -> str:
    """``BETWEEN`` the ids of an item's child rows, for an item rowid expression."""
    return (
        f"BETWEEN {rowid} << {CHILD_SHIFT} AND ({rowid} << {CHILD_SHIFT}) | {MAX_CHILDREN_PER_ITEM}"
    )
