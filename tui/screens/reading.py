"""The reading view: one agenda item's full minutes, formatted, with its matches to step through.

Every block of document text is its own ``TextBlock`` widget, so ``n``/``N``
can scroll the block holding the next match into view and re-draw only the
blocks whose current match changed. Lettered and numbered points are drawn
with a hanging indent; a paragraph that carries a resolution is marked in the
margin with the resolution's number and kind. Opened from the action tracker,
the action's passage (``Mark``: its field and span) is marked and in view.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import ClassVar, NamedTuple

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from store import userdata
from store.detail_records import Attendee, DocumentRow, ItemDetail
from store.filters import FilterError, parse_filter
from store.queries import ActionRow, ResolutionRow
from store.records import ATTENDANCE_LABELS, action_facts
from store.userdata import Target
from tui.bindings import bindings_for
from tui.safe_text import inert, one_line, safe
from tui.widgets.footer import KeyFooter
from tui.widgets.matches import Matcher
from tui.widgets.panes import hanging, meeting_date

# "(a)", "a)", "(1)", "1.", "(iv)", "·", "•" at the start of a paragraph: a point to indent.
_POINT = re.compile(r"^\s*(\(?[a-zA-Z]{1,4}\)|\(?\d{1,3}[.)]|\(\d{1,3}\)|[·•\-–])\s+(\S.*)$", re.S)


MAX_BLOCKS = 300  # paragraphs drawn as their own widgets; longer texts are drawn in runs


def split_point(paragraph: str) -> tuple[str | None, str]:
    """(label, text) for a lettered/numbered/bulleted paragraph, else (None, paragraph)."""
    match = _POINT.match(paragraph)
    if match is None:
        return None, paragraph
    return match.group(1), match.group(2)


def _words(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def resolution_for(paragraph: str, resolutions: Sequence[ResolutionRow]) -> ResolutionRow | None:
    """The resolution whose words this paragraph carries (so the margin can mark it).

    Compares the start of the clause (up to 60 characters, punctuation folded)
    with the paragraph, because a clause is stored without its label and may
    stop where the site cut the text.
    """
    key = _words(paragraph)
    for resolution in resolutions:
        clause = _words(resolution.text)[:60]
        if len(clause) >= 12 and clause in key:
            return resolution
    return None


def _raw_paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """Each paragraph of a stored text (blank lines between) with its offset, stripped."""
    for m in re.finditer(r"(?:(?!\n[ \t]*\n)[\s\S])+", text):
        raw = m.group(0)
        stripped = raw.strip()
        if stripped:
            yield m.start() + raw.index(stripped[0]), stripped


def _marked(
    raw: str, offset: int, body: str, shown: str, mark: tuple[int, int] | None
) -> tuple[int, int] | None:
    """The part of a paragraph's ``body`` (as shown: inert, its point label split off) that
    the passage ``mark`` (offsets into the stored text) covers, or None."""
    if mark is None:
        return None
    start, end = max(mark[0], offset), min(mark[1], offset + len(raw))
    if start >= end:
        return None
    lead = len(shown) - len(body)  # the label "(a) " split off the front
    first = len(inert(raw[: start - offset])) - lead
    last = len(inert(raw[: end - offset])) - lead
    first, last = max(0, first), min(len(body), last)
    return (first, last) if first < last else None


def _person(attendee: Attendee) -> str:
    extra = [x for x in (attendee.role, attendee.reason) if x]
    return attendee.name + (f" ({'; '.join(extra)})" if extra else "")


def found_by(record: ResolutionRow | ActionRow) -> str | None:
    """How a record was found, for the reader to weigh it: ``keyword``, ``motion`` ...;
    None for a record the store was given rather than one the detector read."""
    return record.rule.replace("-", " ") if record.rule else None


def passage_of(detail: ItemDetail, record: ResolutionRow | ActionRow) -> str | None:
    """The council's own words a record was read from (its span of the item's text)."""
    if record.source_field is None or record.span_start is None or record.span_end is None:
        return None
    fields = {
        "title": detail.item.title,
        "description": detail.description,
        "minutes": detail.minutes,
        "decision": detail.decision,
    }
    text = fields.get(record.source_field) or ""
    return text[record.span_start : record.span_end] or None


def passage_matcher(passages: Sequence[str]) -> Matcher:
    """A matcher for passages as the view shows them: each passage's first dozen words, in
    order, across any spacing (a passage's later paragraphs are their own blocks)."""
    patterns = []
    for passage in passages:
        words = re.findall(r"\w+", inert(passage))[:12]
        if words:
            patterns.append(re.compile(r"\W+".join(re.escape(w) for w in words), re.I))
    return Matcher(tuple(patterns))


def format_size(size_kb: float | None) -> str:
    if size_kb is None:
        return ""
    if size_kb >= 1024:
        return f"{size_kb / 1024:.1f} MB"
    return f"{size_kb:.0f} KB"


class MatchStyles(NamedTuple):
    """How a match is drawn, the current match, and a marked passage (the screen's
    component styles)."""

    match: Style = Style(reverse=True)
    current: Style = Style(reverse=True, bold=True, underline=True)
    passage: Style = Style(underline=True)


@dataclass(frozen=True)
class Mark:
    """A passage of the item's text to mark and show: an action's source (``field`` is
    ``minutes``, ``decision``, ``description`` or ``title``; offsets into it as stored)."""

    field: str
    start: int
    end: int


PLAIN_MATCHES = MatchStyles()


class TextBlock(Static):
    """One paragraph (or list point) of document text, with its matches marked.

    The text is built in the constructor, so the screen's first layout already has every
    block's height (built on mount, each block would lay the screen out again).
    """

    def __init__(
        self,
        text: str,
        matcher: Matcher,
        *,
        label: str | None = None,
        tag: Text | None = None,
        classes: str | None = None,
        styles: MatchStyles = PLAIN_MATCHES,
        marked: tuple[int, int] | None = None,
        found: str | None = None,
    ) -> None:
        self.found = found
        self.text = inert(text)
        self.marked = marked  # a passage of ``text`` to mark (an action's source)
        self.label = one_line(label) if label else None
        self.tag = tag
        self.matcher = matcher
        self.spans = matcher.spans(self.text) if matcher else []
        self.current: int | None = None  # index into spans of the current match
        self.match_styles = styles
        super().__init__(self.build(), classes=classes, markup=False)

    def set_matcher(self, matcher: Matcher) -> None:
        """Mark another filter's words (the reading view's own search)."""
        self.matcher = matcher
        self.spans = matcher.spans(self.text) if matcher else []
        self.current = None
        self.update(self.build(), layout=False)

    def set_current(self, index: int | None) -> None:
        if index != self.current:
            self.current = index
            # Only styles change, never a cell's width: no new layout.
            self.update(self.build(), layout=False)

    def build(self) -> RenderableType:
        body = Text(self.text, end="")
        styles = self.match_styles
        if self.marked is not None:
            body.stylize(styles.passage, *self.marked)
        for number, (start, end) in enumerate(self.spans):
            style = styles.current if number == self.current else styles.match
            body.stylize(style, start, end)
        if self.tag is not None:
            body = Text.assemble(self.tag, " ", body)
        if self.found:
            body.append(f"  · found by {self.found}", "dim italic")
        if self.label is None:
            return body
        return hanging([(Text(self.label), body)], label_width=max(4, len(self.label)))


class ReadingScreen(Screen[None]):
    """Full minutes of one item; Esc goes back to exactly where the reader was."""

    BINDINGS: ClassVar = bindings_for("reading")
    PALETTE_SCOPE: ClassVar[str] = "reading"
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reading-screen--match",
        "reading-screen--current",
        "reading-screen--passage",
        "reading-screen--noted",
        "reading-screen--decision",
        "reading-screen--action",
    }

    class Step(Message):
        """``]`` / ``[``: read the next (1) or previous (-1) item of the meeting instead."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    def __init__(self, detail: ItemDetail, matcher: Matcher, *, mark: Mark | None = None) -> None:
        super().__init__()
        self.detail = detail
        self.matcher = matcher
        self.mark = mark
        self.match_index: int | None = None
        self._words_matcher: Matcher | None = None  # the search while passages are shown
        self._match_styles: MatchStyles | None = None
        self._kind_styles: dict[str, Style] = {}

    def read(self, detail: ItemDetail) -> None:
        """Read another item in place (the same search, from its top)."""
        self.run_worker(self.show(detail), group="reading", exclusive=True)

    async def show(self, detail: ItemDetail) -> None:
        if detail.item.id != self.detail.item.id:
            self.mark = None  # another item: the passage was the first one's
        self.detail = detail
        self.match_index = None
        await self.recompose()
        self._update_status()
        self._body().focus()

    # --- content -----------------------------------------------------------------------------

    def header_text(self) -> Text:
        meeting, item = self.detail.meeting, self.detail.item
        inferred = set(self.detail.facts.inferred)
        head = Text(no_wrap=True, overflow="ellipsis", end="")
        head.append(safe(meeting.committee or "(no committee named)", "bold", single_line=True))
        if "committee" in inferred:
            head.append(" (inferred)", "dim italic")
        if meeting.council:
            head.append(" · " + one_line(meeting.council))
        head.append(" · " + (meeting_date(meeting.date) if meeting.date else "date not stated"))
        if "date" in inferred:
            head.append(" (inferred)", "dim italic")
        if meeting.time:
            head.append(f" {one_line(meeting.time)}")
        head.append("\n")
        head.append(f"Item {one_line(item.number)} · " if item.number else "Item · ", "bold")
        head.append(safe(item.title or "(untitled item)", "bold", single_line=True))
        return head

    def kind_tag(self, resolution: ResolutionRow, *, numbered: bool = True) -> Text:
        """`` R2 action `` in the kind's colour (``numbered=False``: `` action ``)."""
        number = f"R{one_line(resolution.number)}" if resolution.number else "R"
        label = (
            f" {number} {one_line(resolution.kind)} "
            if numbered
            else (f" {one_line(resolution.kind)} ")
        )
        kind = resolution.kind
        style = self._kind_styles.get(kind)
        if style is None:
            style = (
                self.get_component_rich_style(f"reading-screen--{kind}")
                if kind in ("noted", "decision", "action")
                else Style()
            )
            self._kind_styles[kind] = style
        return Text(label, style=style)

    @property
    def match_styles(self) -> MatchStyles:
        """The styles of matches, read from the screen's CSS once."""
        if self._match_styles is None:
            self._match_styles = MatchStyles(
                self.get_component_rich_style("reading-screen--match"),
                self.get_component_rich_style("reading-screen--current"),
                self.get_component_rich_style("reading-screen--passage"),
            )
        return self._match_styles

    def compose(self) -> ComposeResult:
        detail = self.detail
        yield Static(self.header_text(), id="reading-header", markup=False)
        with VerticalScroll(id="reading-body"):
            yield from self._meeting_block()
            if detail.description:
                yield Static("Agenda", classes="section", markup=False)
                yield from self._paragraphs(
                    detail.description, classes="description", mark=self._mark("description")
                )
            yield Static("Minutes", classes="section", markup=False)
            if detail.minutes:
                yield from self._paragraphs(
                    detail.minutes, resolutions=detail.resolutions, mark=self._mark("minutes")
                )
            else:
                yield Static("No minutes recorded for this item.", classes="muted", markup=False)
            if detail.item.truncated:
                yield Static(
                    'The site cut these minutes short ("view the full minutes text"); '
                    "ingest the meeting page or the printed minutes for the rest.",
                    classes="muted",
                    markup=False,
                )
            if detail.decision:
                yield Static("Decision", classes="section", markup=False)
                yield from self._paragraphs(
                    detail.decision, resolutions=detail.resolutions, mark=self._mark("decision")
                )
            count = len(detail.resolutions)
            yield Static(f"Resolutions ({count})", classes="section", markup=False)
            for resolution in detail.resolutions:
                text = resolution.text + (" (cut off by the site)" if resolution.truncated else "")
                label = f"({resolution.number})" if resolution.number else "•"
                tag = self.kind_tag(resolution, numbered=False)
                yield self._block(
                    text, label=label, tag=tag, classes="resolution", found=found_by(resolution)
                )
            yield Static(f"Action points ({len(detail.actions)})", classes="section", markup=False)
            for action in detail.actions:
                who = action_facts(action)
                text = action.text + (f"  ({'; '.join(who)})" if who else "")
                yield self._block(text, label="•", found=found_by(action))
            if detail.documents:
                count = len(detail.documents)
                yield Static(f"Documents ({count})", classes="section", markup=False)
                for document in detail.documents:
                    yield Static(self._document_line(document), markup=False)
            yield Static(f"Sources ({len(detail.sources)})", classes="section", markup=False)
            for source in detail.sources:
                line = Text()
                line.append(safe(PurePath(source.path).name, "bold", single_line=True))
                line.append(
                    f"  {one_line(source.format)} · {one_line(source.page_kind)}"
                    f" · ingested {one_line(source.ingested_at)[:16]}",
                    "dim",
                )
                yield Static(line, markup=False)
        yield Input(id="reading-search", compact=True, placeholder="find in this item")
        yield Static(id="reading-status", markup=False)
        yield KeyFooter()

    def _block(
        self,
        text: str,
        *,
        label: str | None = None,
        tag: Text | None = None,
        classes: str | None = None,
        marked: tuple[int, int] | None = None,
        found: str | None = None,
    ) -> TextBlock:
        """A paragraph of ``text`` with this screen's matcher and match styles; ``found``
        says how a detected record was found (drawn after it, dim)."""
        return TextBlock(
            text,
            self.matcher,
            label=label,
            tag=tag,
            classes=classes,
            styles=self.match_styles,
            marked=marked,
            found=found,
        )

    def _mark(self, field_name: str) -> tuple[int, int] | None:
        mark = self.mark
        return (mark.start, mark.end) if mark is not None and mark.field == field_name else None

    def _meeting_block(self) -> Iterator[Static]:
        """Who was there, where, what was declared, and the meeting's page (issue: all of it
        was stored and none of it shown)."""
        facts = self.detail.facts
        lines: list[Text] = []
        for label, value in (("Venue", facts.venue), ("Contact", facts.contact)):
            if value:
                lines.append(Text.assemble((f"{label}: ", "bold"), safe(value, single_line=True)))
        for status, label in ATTENDANCE_LABELS:
            people = [a for a in facts.attendance if a.status == status]
            if people:
                names = ", ".join(_person(a) for a in people)
                lines.append(Text.assemble((f"{label}: ", "bold"), safe(names, single_line=True)))
        if facts.declarations:
            declared = Text.assemble(
                ("Declarations: ", "bold"), safe(facts.declarations, single_line=True)
            )
            lines.append(declared)
        page = self.detail.url or facts.url
        if page:
            lines.append(
                Text.assemble(("Page: ", "bold"), (one_line(page), "italic"), "  (o opens it)")
            )
        if facts.inferred:
            lines.append(
                Text(
                    "Not stated on the page, inferred from its text: " + ", ".join(facts.inferred),
                    "dim italic",
                )
            )
        if lines:
            yield Static("Meeting", classes="section", markup=False)
            yield Static(Text("\n").join(lines), classes="meeting-facts", markup=False)

    def _document_line(self, document: DocumentRow) -> Text:
        line = Text("• ")
        line.append(safe(document.title, single_line=True))
        facts = [f for f in ((document.format or "").upper(), format_size(document.size_kb)) if f]
        if facts:
            line.append("  " + " · ".join(facts), "dim")
        if document.url:
            line.append("  " + one_line(document.url), "dim italic")
        return line

    def _paragraphs(
        self,
        text: str,
        *,
        resolutions: Sequence[ResolutionRow] = (),
        classes: str | None = None,
        mark: tuple[int, int] | None = None,
    ) -> Iterator[TextBlock]:
        """A block per paragraph; ``mark``: a passage (offsets into ``text``) to mark."""
        paragraphs = list(_raw_paragraphs(text))
        if len(paragraphs) > MAX_BLOCKS:
            # A whole printed-minutes document as one item can have thousands of paragraphs;
            # a widget each would make opening it slow, so runs of them share a block.
            shown = [inert(p) for _, p in paragraphs]
            size = -(-len(shown) // MAX_BLOCKS)
            for start in range(0, len(shown), size):
                chunk = "\n\n".join(shown[start : start + size])
                yield self._block(chunk, classes=classes)
            return
        for offset, raw in paragraphs:
            paragraph = inert(raw)
            label, body = split_point(paragraph)
            resolution = resolution_for(paragraph, resolutions)
            tag = self.kind_tag(resolution) if resolution is not None else None
            marked = _marked(raw, offset, body, paragraph, mark)
            names = (classes, "resolved" if resolution else None, "passage" if marked else None)
            block_classes = " ".join(c for c in names if c)
            yield self._block(
                body, label=label, tag=tag, classes=block_classes or None, marked=marked
            )

    # --- matches -----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._update_status()
        self.query_one("#reading-body").focus()
        self.call_after_refresh(self._show_passage)
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _show_passage(self) -> None:
        """Scroll the marked passage (an action's source) into view."""
        for block in self._blocks:
            if block.marked is not None:
                self._body().scroll_to_widget(block, animate=False, top=True)
                return

    async def _theme_changed(self, _theme: object) -> None:
        """Draw every block again in the new theme's colours (they are baked into the text)."""
        self._match_styles = None
        self._kind_styles.clear()
        await self.show(self.detail)

    # --- finding words in this item ----------------------------------------------------------

    def action_search(self) -> None:
        box = self.query_one("#reading-search", Input)
        box.display = True
        self.set_focus(box)  # now: the keys after "/" may already be on their way

    @on(Input.Changed, "#reading-search")
    def _search_typed(self, event: Input.Changed) -> None:
        try:
            flt = parse_filter(event.value)
        except FilterError:
            return  # half-typed field syntax: keep the last good marks
        self._words_matcher = None
        self._set_matcher(Matcher.for_filter(flt))

    @on(Input.Submitted, "#reading-search")
    def _search_done(self) -> None:
        self.query_one("#reading-search", Input).display = False
        self._body().focus()
        if self.matcher:
            self._go_to_match(0)

    def action_passages(self) -> None:
        """Mark the passage each detected record was read from, n / N to step through them;
        again: back to the words being looked for."""
        if self._words_matcher is not None:
            self._set_matcher(self._words_matcher)
            self._words_matcher = None
            return
        records: list[ResolutionRow | ActionRow] = [
            *self.detail.resolutions,
            *self.detail.actions,
        ]
        passages = [p for p in (passage_of(self.detail, r) for r in records) if p]
        if not passages:
            self.notify("No record here says where it was read from.", severity="information")
            return
        self._words_matcher = self.matcher
        self._set_matcher(passage_matcher(passages))
        self._go_to_match(0)

    def _set_matcher(self, matcher: Matcher) -> None:
        self.matcher = matcher
        for block in self._blocks:
            block.set_matcher(matcher)
        self.match_index = None
        self._update_status()

    def action_open_page(self) -> None:
        url = self.detail.url or self.detail.facts.url
        self.app.open_page(url)  # type: ignore[attr-defined]

    def action_next_item(self) -> None:
        self.post_message(self.Step(1))

    def action_previous_item(self) -> None:
        self.post_message(self.Step(-1))

    @property
    def _blocks(self) -> list[TextBlock]:
        return list(self.query(TextBlock))

    @property
    def match_count(self) -> int:
        return sum(len(block.spans) for block in self._blocks)

    def _update_status(self) -> None:
        total = self.match_count
        status = Text(no_wrap=True, end="")
        if self.matcher and total:
            position = "-" if self.match_index is None else str(self.match_index + 1)
            status.append(f" match {position}/{total}", "bold")
            status.append("  ·  n next · N previous", "dim")
        elif self.matcher:
            status.append(" no matches in this item", "dim")
        else:
            status.append(" / finds words in this item · ] and [ read the next and previous", "dim")
        self.query_one("#reading-status", Static).update(status)

    def _go_to_match(self, index: int) -> None:
        total = self.match_count
        if not self.matcher:
            self.notify("No words to find: / searches this item.", severity="information")
            return
        if not total:
            self.notify("No matches in this item.", severity="warning")
            return
        self.match_index = index % total
        remaining = self.match_index
        for block in self._blocks:
            if remaining < len(block.spans) and remaining >= 0:
                block.set_current(remaining)
                self.query_one("#reading-body", VerticalScroll).scroll_to_widget(
                    block, animate=False, center=True
                )
            else:
                block.set_current(None)
            remaining -= len(block.spans)
        self._update_status()

    def action_next_match(self) -> None:
        self._go_to_match(-1 + 1 if self.match_index is None else self.match_index + 1)

    def action_previous_match(self) -> None:
        self._go_to_match(-1 if self.match_index is None else self.match_index - 1)

    # --- scrolling, copy, back ---------------------------------------------------------------

    def _body(self) -> VerticalScroll:
        return self.query_one("#reading-body", VerticalScroll)

    def action_scroll_down(self) -> None:
        self._body().scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self._body().scroll_up(animate=False)

    def action_scroll_home(self) -> None:
        self._body().scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self._body().scroll_end(animate=False)

    def action_page_down(self) -> None:
        self._body().scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self._body().scroll_page_up(animate=False)

    def action_copy(self) -> None:
        self.app.copy_detail(self.detail)  # type: ignore[attr-defined]

    # --- following: the item's bookmark, note, timeline and watch ------------------------------

    def _target(self) -> Target:
        meeting, item = self.detail.meeting, self.detail.item
        where = f"{meeting.committee or '(no committee named)'} · {meeting_date(meeting.date)}"
        number = f"item {item.number} " if item.number else ""
        return userdata.target("item", item.id, f"{where} · {number}{item.title or ''}")

    def action_bookmark(self) -> None:
        self.app.toggle_bookmark(self._target())  # type: ignore[attr-defined]

    def action_note(self) -> None:
        self.app.edit_note(self._target())  # type: ignore[attr-defined]

    def action_thread(self) -> None:
        self.app.open_thread(self.detail.item.id)  # type: ignore[attr-defined]

    def action_follow(self) -> None:
        item = self.detail.item
        target = self._target()
        self.app.follow("item", item.id, item.title or item.id, target.label)  # type: ignore[attr-defined]

    def action_back(self) -> None:
        box = self.query_one("#reading-search", Input)
        if box.has_focus:  # Esc in the search box closes it, not the view
            box.display = False
            self._body().focus()
            return
        self.dismiss()
