"""The detail pane's hanging indent, laid out directly (``Hanging``), draws exactly the cells
Rich's table grid draws (``hanging_table``): same characters, same styles, at every width,
for the resolutions and action points of the real pages in ``tests/fixtures/corpus``."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from parsers.registry import parse_file
from parsers.source import ParseError
from tui.widgets.panes import Hanging, hanging, hanging_table

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
KIND = {"noted": "black on yellow", "decision": "bold white on green", "action": "red"}


def _rows_by_item() -> list[list[tuple[Text, Text]]]:
    """Each item's resolutions and actions as the detail pane labels and styles them."""
    groups: list[list[tuple[Text, Text]]] = []
    for path in sorted(CORPUS.iterdir()):
        try:
            document = parse_file(path)
        except (ParseError, OSError):
            continue
        for meeting in document.meetings:
            for item in meeting.items:
                resolutions = [
                    (
                        Text(f"{item.number or ''} ({r.number})" if r.number else "•"),
                        Text.assemble(Text(f" {r.kind} ", KIND.get(r.kind, "")), " ", r.text),
                    )
                    for r in item.resolutions
                ]
                actions = [
                    (Text("•"), Text(a.text + (f"\nowner: {a.owner}" if a.owner else ""), "italic"))
                    for a in item.actions
                ]
                groups += [g for g in (resolutions, actions) if g]
    return groups


def _cells(lines: list[list[Segment]]) -> list[list[tuple[str, Style]]]:
    return [[(ch, seg.style or Style()) for seg in line for ch in seg.text] for line in lines]


ROWS = _rows_by_item()


def test_the_corpus_gives_resolutions_and_actions_to_lay_out() -> None:
    assert len(ROWS) > 40
    assert any("\n" in body.plain for group in ROWS for _, body in group)  # an owner line


@pytest.mark.parametrize("width", [12, 20, 33, 47, 60, 95])
@pytest.mark.parametrize("label_width", [None, 4])
def test_hanging_draws_the_cells_of_the_table_grid(width: int, label_width: int | None) -> None:
    console = Console(width=width, color_system="truecolor", legacy_windows=False)
    options = console.options.update_width(width)
    for rows in ROWS:
        table = console.render_lines(hanging_table(rows, label_width), options, pad=True)
        direct = console.render_lines(hanging(rows, label_width), options, pad=True)
        assert _cells(direct) == _cells(table), [label.plain for label, _ in rows]


def test_a_text_column_too_narrow_is_left_to_the_table() -> None:
    rows = ((Text("12a (iv)"), Text("Noted the report of the Director")),)
    console = Console(width=14, legacy_windows=False)
    assert Hanging.MIN_TEXT > 14 - 8 - 1  # the table's own squeezing applies here
    lines = console.render_lines(hanging(rows), console.options.update_width(14), pad=True)
    table = console.render_lines(hanging_table(rows), console.options.update_width(14), pad=True)
    assert _cells(lines) == _cells(table)
