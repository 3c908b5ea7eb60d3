"""Bookmarks and notes: every meeting, item, resolution and action the reader marked.

The latest first; one whose record has gone from the store (a re-worded resolution, a
removed file) is kept and shown as gone. Enter goes to it; ``m`` and ``c`` change it here.
"""

from __future__ import annotations

from typing import ClassVar

from store import userdata
from store.follow_records import MarkRow
from tui.bindings import bindings_for
from tui.follow_reader import MarksSource
from tui.screens.listing import ListingScreen
from tui.widgets.follow_lists import MarkList
from tui.widgets.virtual_list import VirtualList


def mark_target(row: MarkRow) -> userdata.Target:
    kind = row.kind if row.kind in ("meeting", "item", "resolution", "action") else "item"
    return userdata.Target(kind, row.target, row.meeting_id, row.item_id, row.label)  # type: ignore[arg-type]


class MarksScreen(ListingScreen):
    """Every bookmark and note."""

    BINDINGS: ClassVar = bindings_for("marks")
    PALETTE_SCOPE: ClassVar[str] = "marks"
    TITLE_TEXT = "Bookmarks and notes"
    SUBTITLE_TEXT = "★ bookmarked · ✎ note · latest first"
    NOUN = ("mark", "marks")

    def make_list(self) -> VirtualList[MarkRow]:
        return MarkList(empty_text="Nothing marked yet: m marks, c writes a note")

    def setup(self) -> None:
        self.head(
            "What you bookmarked (m) and noted (c), kept through every re-ingest."
            "  Find them in the lists with is:bookmarked and has:note."
        )
        self.reload()

    def reload(self) -> None:
        self.listing.load(MarksSource(self.app.reader), cursor=self.listing.cursor)

    def user_data_changed(self) -> None:
        """A mark was written: show the list as it is now."""
        self.reload()

    def action_jump(self) -> None:
        row = self.listing.highlighted_row
        if row is None:
            return
        if not row.exists:
            self.notify("That record is no longer in the store; the mark is kept.")
            if row.kind == "meeting":
                return
        self.app.go_to_item(row.meeting_id, row.item_id)

    def action_bookmark(self) -> None:
        row = self.listing.highlighted_row
        if row is not None:
            self.app.toggle_bookmark(mark_target(row))

    def action_note(self) -> None:
        row = self.listing.highlighted_row
        if row is not None:
            self.app.edit_note(mark_target(row))
