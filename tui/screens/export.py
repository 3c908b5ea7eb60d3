"""The export dialog (``e``): where to, in which format, how many meetings, and how far along.

Exporting was one key press straight into the current folder, Markdown only, with no word
of how much (95 MB in one key on a 10,000-meeting store). The dialog shows the filter and
its meeting count, proposes a file name, lets the format follow the name's extension (or
the format keys), writes in a worker with a progress bar, and can be stopped: the file is
written under a temporary name and only renamed when complete (``store.export``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, ProgressBar, Select, Static
from textual.worker import get_current_worker

from store.export import FORMAT_NAMES, format_for
from store.filters import Filter
from tui.bindings import bindings_for
from tui.reader import StoreReader
from tui.safe_text import one_line

_SUFFIXES = {"md": ".md", "json": ".json", "csv": ".csv"}


class ExportStopped(Exception):
    """Raised from the progress callback to stop an export (its file is not left behind)."""


def default_target(folder: Path, now: dt.datetime, fmt: str = "md") -> Path:
    return folder / f"minutes-export-{now:%Y%m%d-%H%M%S}{_SUFFIXES[fmt]}"


class ExportScreen(ModalScreen[Path | None]):
    """Ask where and how to export the filtered meetings, then export them."""

    BINDINGS: ClassVar = bindings_for("export")

    def __init__(
        self, reader: StoreReader, flt: Filter, meetings: int | None, target: Path
    ) -> None:
        super().__init__()
        self.reader = reader
        self.flt = flt
        self.meetings = meetings  # None: not counted yet
        self.target = target
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box") as box:
            box.border_title = "Export"
            yield Static(self._what(), id="export-what", markup=False)
            yield Input(str(self.target), id="export-path")
            yield Select(
                [(name, fmt) for fmt, name in FORMAT_NAMES.items()],
                value=format_for(self.target) or "md",
                allow_blank=False,
                id="export-format",
            )
            yield ProgressBar(id="export-progress", total=self.meetings, show_eta=True)
            yield Static(
                "enter exports · tab to the format · esc cancels", id="export-keys", markup=False
            )

    def _what(self) -> str:
        described = self.flt.describe()
        scope = f"filter: {one_line(described)}" if described else "all meetings"
        if self.meetings is None:
            return f"The meetings of this view ({scope})"
        noun = "meeting" if self.meetings == 1 else "meetings"
        return f"{self.meetings:,} {noun} ({scope})"

    def on_mount(self) -> None:
        self.query_one("#export-progress", ProgressBar).display = False
        self._show_format()
        box = self.query_one("#export-path", Input)
        box.focus()
        box.cursor_position = len(box.value)

    @property
    def format(self) -> str:
        return format_for(Path(self.query_one("#export-path", Input).value)) or "md"

    def _show_format(self) -> None:
        """The format box follows the file name's extension."""
        chooser: Select[str] = self.query_one("#export-format", Select)
        if chooser.value != self.format:
            with chooser.prevent(Select.Changed):
                chooser.value = self.format

    @on(Input.Changed, "#export-path")
    def _path_typed(self) -> None:
        self._show_format()

    @on(Select.Changed, "#export-format")
    def _format_chosen(self, event: Select.Changed) -> None:
        """A format chosen in the box: the file name's extension follows it."""
        if not isinstance(event.value, str) or event.value == self.format:
            return
        box = self.query_one("#export-path", Input)
        path = Path(box.value or str(self.target))
        box.value = str(path.with_suffix(_SUFFIXES[event.value]))

    @on(Input.Submitted, "#export-path")
    def _submitted(self) -> None:
        if self.running:
            return
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self.notify("Give the file to write.", severity="warning")
            return
        target = Path(raw).expanduser()
        if target.is_dir():
            target = default_target(target, dt.datetime.now(), self.format)
        self.running = True
        bar = self.query_one("#export-progress", ProgressBar)
        bar.display = True
        self._export(target, self.format)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def _export(self, target: Path, fmt: str) -> None:
        from store import export

        worker = get_current_worker()
        bar = self.query_one("#export-progress", ProgressBar)

        def progress(done: int) -> None:
            if worker.is_cancelled:
                raise ExportStopped
            if done % 25 == 0:
                self.app.call_from_thread(bar.update, progress=done)

        try:
            count = export.export_file(self.reader.connection(), fmt, target, self.flt, progress)
        except ExportStopped:
            return
        except Exception as error:
            self.app.call_from_thread(self._failed, error)
            return
        self.app.call_from_thread(self._done, target, count, fmt)

    def _failed(self, error: Exception) -> None:
        self.running = False
        self.query_one("#export-progress", ProgressBar).display = False
        self.notify(f"Export failed: {one_line(str(error))}", severity="error")

    def _done(self, target: Path, count: int, fmt: str) -> None:
        described = f"filter {self.flt.describe()}" if not self.flt.is_empty else "all meetings"
        noun = "row" if fmt == "csv" else "meeting"
        noun += "" if count == 1 else "s"
        self.notify(
            f"Exported {count:,} {noun} ({described}) to {target} as {FORMAT_NAMES[fmt]}",
            title="Exported",
        )
        self.dismiss(target)

    def action_cancel(self) -> None:
        """Esc: stop an export in progress (nothing is left behind), or close the dialog."""
        self.workers.cancel_group(self, "export")
        self.dismiss(None)
