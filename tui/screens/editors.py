"""Small dialogs: writing a note, naming a watch, choosing which record to mark.

Each is a modal screen that dismisses with what the reader gave (None when they cancel);
the app writes it (``store.userdata``) on a worker thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from store.userdata import Target
from tui.bindings import bindings_for
from tui.safe_text import one_line, safe


class NoteEditor(ModalScreen[str | None]):
    """A note on a meeting, item or record: ctrl+s keeps it (blank deletes it), esc drops it."""

    BINDINGS: ClassVar = bindings_for("editor")

    def __init__(self, target: Target, text: str) -> None:
        super().__init__()
        self.target = target
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="editor-box") as box:
            box.border_title = f"Note on this {self.target.kind}"
            box.border_subtitle = "^s save · esc cancel · blank deletes"
            yield Static(safe(self.target.label, single_line=True), id="editor-about")
            yield TextArea(self.text, id="note-text", soft_wrap=True)

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class NamePrompt(ModalScreen[str | None]):
    """One line of text (a watch's name): enter keeps it, esc drops it."""

    BINDINGS: ClassVar = bindings_for("editor")

    def __init__(self, title: str, value: str, about: str) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.about = about

    def compose(self) -> ComposeResult:
        with Vertical(id="editor-box", classes="-short") as box:
            box.border_title = self.title_text
            box.border_subtitle = "enter save · esc cancel"
            yield Static(Text(one_line(self.about)), id="editor-about")
            yield Input(self.value, id="prompt-text")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def action_save(self) -> None:
        value = self.query_one(Input).value.strip()
        self.dismiss(value or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TargetPicker(ModalScreen[Target | None]):
    """Which of the shown meeting, item, resolutions and actions to mark or note."""

    BINDINGS: ClassVar = bindings_for("editor")

    def __init__(self, title: str, targets: Sequence[Target]) -> None:
        super().__init__()
        self.title_text = title
        self.targets = list(targets)

    def compose(self) -> ComposeResult:
        with Vertical(id="editor-box") as box:
            box.border_title = self.title_text
            box.border_subtitle = "enter choose · esc cancel"
            options = []
            for n, target in enumerate(self.targets):
                prompt = Text(f"{target.kind:<11}", "bold")
                prompt.append_text(safe(target.label, single_line=True))
                options.append(Option(prompt, id=str(n)))
            yield OptionList(*options, id="picker")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.targets[int(event.option_id or 0)])

    def action_save(self) -> None:
        picker = self.query_one(OptionList)
        if picker.highlighted is not None:
            self.dismiss(self.targets[picker.highlighted])

    def action_cancel(self) -> None:
        self.dismiss(None)
