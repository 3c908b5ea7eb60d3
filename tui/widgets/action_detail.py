"""The tracker's lower pane: one action in full, where it came from, and its story.

Drawn from ``store.detail_records.ActionDetail`` (the screen loads it when the cursor rests on an
action): the action's words, the meeting and item that set it, its owner as listed and as
printed, its due date and how it was known, its status and who said so, then every report
of it in later minutes and every status the user set, oldest first, and the user's note.
Closed actions keep all of it: the list shows them as history, not gone.
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from store.detail_records import ActionDetail, ActionEvent
from store.queries import ActionRow
from store.records import due_label, status_label, where_set
from tui.safe_text import one_line, safe
from tui.widgets.panes import hanging

RULE_LABELS = {
    "report-back": "reported on",
    "same-matter": "same matter",
    "follow-up": "followed up",
}


class ActionDetailPane(VerticalScroll, can_focus=True):
    """One action: what, who, by when, its status and its history."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "action-detail--heading",
        "action-detail--label",
        "action-detail--muted",
        "action-detail--overdue",
        "action-detail--you",
    }

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._redraw: partial[None] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="action-detail-body")

    def on_mount(self) -> None:
        # The text is drawn with the theme's colours baked in: a new theme draws it again.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._again())

    def _again(self) -> None:
        if self._redraw is not None:
            self._redraw()

    def show_message(self, message: str) -> None:
        self._redraw = partial(self.show_message, message)
        style = self.get_component_rich_style("action-detail--muted")
        self.query_one("#action-detail-body", Static).update(Text(message, style=style))

    def show(self, row: ActionRow, detail: ActionDetail | None) -> None:
        """The action at the cursor (``detail`` None: gone from the store, or not yet read)."""
        self._redraw = partial(self.show, row, detail)
        style = self.get_component_rich_style
        label = style("action-detail--label")
        heading = safe(row.text, style("action-detail--heading"))
        heading.end = "\n"
        parts: list[RenderableType] = [heading]
        facts: list[tuple[Text, Text]] = []
        if row.gone:
            parts.append(
                Text(
                    "No longer in the store: its meeting was removed, or its words changed. "
                    "What you set on it is kept, and found again if it comes back.",
                    style("action-detail--muted"),
                )
            )
        else:
            title = f": {row.item_title}" if row.item_title else ""
            facts.append((Text("Set at", label), safe(f"{where_set(row)}{title}")))
            owner = safe(row.owner_name or "no owner named")
            if row.owner and row.owner != row.owner_name:
                owner.append(f"  (printed “{one_line(row.owner)}”)", style("action-detail--muted"))
            facts.append((Text("Owner", label), owner))
            facts.append((Text("Due", label), safe(due_label(row) or "no date stated")))
        status = Text(status_label(row))
        if row.overdue:
            status.stylize(style("action-detail--overdue"))
        facts.append((Text("Status", label), status))
        if detail is not None:
            for event in detail.history:
                facts.append((Text(one_line(event.at)[:16], label), self._event(event)))
        note = detail.note if detail is not None else row.note
        if note:
            facts.append((Text("Note", label), safe(note, style("action-detail--you"))))
        parts.append(hanging(facts, label_width=16))
        self.query_one("#action-detail-body", Static).update(Group(*parts))
        self.scroll_home(animate=False)

    def _event(self, event: ActionEvent) -> Text:
        style = self.get_component_rich_style
        line = Text()
        if event.by == "you":
            line.append(f"you: {event.status}", style("action-detail--you"))
            if event.why:
                line.append(" — ")
                line.append_text(safe(event.why, single_line=True))
        else:
            said = f"{event.status}" if event.status else "no change"
            line.append(f"minutes ({RULE_LABELS.get(event.rule or '', 'linked')}): {said}")
            if event.why:
                line.append(" — “")
                line.append_text(safe(event.why, single_line=True))
                line.append("”")
        if event.evidence_label:
            line.append("\n")
            line.append_text(
                safe(event.evidence_label, style("action-detail--muted"), single_line=True)
            )
        return line
