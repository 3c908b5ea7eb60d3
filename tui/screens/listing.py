"""What the following screens share: a head, one list, a status line, the key bar.

People, a person's record, a matter's timeline and the bookmarks each show one list of
rows from ``store.follow`` (through a ``tui.reader`` source on a worker thread) under a
heading; Enter goes to the meeting or item a row names, on the main screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from tui.textual_compat import set_border_title
from tui.widgets.footer import KeyFooter
from tui.widgets.virtual_list import VirtualList

if TYPE_CHECKING:
    from store.userdata import Target
    from tui.reader import StoreReader


class FollowingApp(Protocol):
    """What these screens ask of their app (``tui.app.MinutesApp``), named here so they need
    not import it."""

    @property
    def reader(self) -> StoreReader: ...
    def report_store_error(self, error: Exception) -> None: ...
    def call_from_thread(self, callback: Callable[..., Any], *args: Any) -> Any: ...
    def go_to_item(self, meeting_id: str, item_id: str | None) -> None: ...
    def toggle_bookmark(self, target: Target) -> None: ...
    def edit_note(self, target: Target) -> None: ...
    def follow(self, kind: str, query: str, name: str, label: str) -> None: ...
    def open_person(self, key: str) -> None: ...
    def remove_watch(self, name: str) -> None: ...
    def mark_seen(self, name: str | None, epoch: int) -> None: ...


class ListingScreen(Screen[None]):
    """A heading, one virtual list (``make_list``), a status line."""

    AUTO_FOCUS = "#listing"
    TITLE_TEXT: ClassVar[str] = ""
    SUBTITLE_TEXT: ClassVar[str] = ""
    NOUN: ClassVar[tuple[str, str]] = ("row", "rows")

    app: FollowingApp  # type: ignore[assignment]

    def make_list(self) -> VirtualList[Any]:
        raise NotImplementedError

    def below_list(self) -> ComposeResult:
        """Widgets between the list and the status line (a find box)."""
        yield from ()

    def compose(self) -> ComposeResult:
        yield Static(id="listing-head", markup=False)
        listing = self.make_list()
        listing.id = "listing"
        listing.add_class("pane")
        yield listing
        yield from self.below_list()
        yield Static(id="listing-status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        # Textual calls each class's own ``on_mount``: subclasses start in ``setup``.
        listing = self.listing
        listing.border_title = self.TITLE_TEXT
        listing.border_subtitle = self.SUBTITLE_TEXT
        self.status("loading…")
        self.setup()

    def setup(self) -> None:
        """Fill the heading and load the list (after the common parts are in place)."""

    @property
    def listing(self) -> VirtualList[Any]:
        return self.query_one("#listing", VirtualList)

    def head(self, text: Text | str) -> None:
        self.query_one("#listing-head", Static).update(
            text if isinstance(text, Text) else Text(text)
        )

    def status(self, text: str) -> None:
        self.query_one("#listing-status", Static).update(Text(" " + text, no_wrap=True))

    @on(VirtualList.Counted, "#listing")
    def _counted(self, message: VirtualList.Counted) -> None:
        one, many = self.NOUN
        self.status(f"{message.count:,} {one if message.count == 1 else many}")
        set_border_title(self.listing, f"{self.TITLE_TEXT} ({message.count:,})")

    @on(VirtualList.LoadFailed)
    def _failed(self, message: VirtualList.LoadFailed) -> None:
        self.app.report_store_error(message.error)

    def action_close(self) -> None:
        self.dismiss()
