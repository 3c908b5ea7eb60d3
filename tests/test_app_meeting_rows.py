"""How a meeting row is drawn: exact cells and styles, for every kind of row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rich.style import Style

from store.queries import MeetingRow
from tui.app import make_app
from tui.widgets.panes import MeetingList

WIDTH = 42  # date 10, space, committee 20, space, counts 9 (+1 the scrollbar takes)


def row(**changes: object) -> MeetingRow:
    values: dict = dict(
        id="m1",
        committee="Health and Wellbeing Board",
        date=dt.date(2018, 11, 28),
        time=None,
        council="Nottingham City Council",
        item_count=12,
        resolution_count=0,
        action_count=3,
        sort_key="k",
    )
    values.update(changes)
    return MeetingRow(**values)


def cells(strip) -> list[tuple[str, Style]]:
    return [(segment.text, segment.style) for segment in strip]


async def test_meeting_rows_cells_and_styles(model_store_path: Path) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=(120, 40)):
        meetings = app.screen.query_one(MeetingList)
        base = Style(color="white")
        zero = base + meetings.get_component_rich_style("meeting-list--zero")
        undated = base + meetings.get_component_rich_style("meeting-list--undated")
        actions = base + meetings.get_component_rich_style("meeting-list--actions")
        resolutions = base + meetings.get_component_rich_style("meeting-list--resolutions")

        strip = meetings.render_row_strip(row(), WIDTH, base)
        assert strip.cell_length == WIDTH
        assert cells(strip) == [
            ("2018-11-28 Health and Wellbeing…  12", base),  # cut with an ellipsis
            ("  0", zero),
            ("  3", actions),
        ]

        wide = meetings.render_row_strip(
            row(committee="市議会 Cabinet", item_count=1234, resolution_count=150_000),
            WIDTH,
            base,
        )
        assert wide.cell_length == WIDTH
        assert cells(wide) == [
            ("2018-11-28 市議会 Cabinet         1k", base),  # 3 wide characters: 6 cells
            ("99k", resolutions),
            ("  3", actions),
        ]

        # No meeting header: "Undated", and its council and file in the undated style (they
        # were labelled by their first item, "Apologies" three times over).
        headless = meetings.render_row_strip(
            row(committee=None, council=None, date=None, source_name="Min [b]x[/b]\x1b[31m.txt"),
            WIDTH,
            base,
        )
        assert cells(headless) == [
            ("Undated   ", undated),
            (" ", base),
            ("Min [b]x[/b].txt     ", undated),  # markup literal, the escape removed
            ("  12", base),
            ("  0", zero),
            ("  3", actions),
        ]
        with_council = meetings.render_row_strip(
            row(committee=None, date=None, source_name="mgAi.txt"), WIDTH, base
        )
        assert with_council.text == "Undated    Nottingham City · mg…  12  0  3"
        nothing = meetings.render_row_strip(
            row(committee=None, council=None, source_name=None), WIDTH, base
        )
        assert nothing.text == "2018-11-28 (no committee)         12  0  3"
        assert cells(nothing)[1] == ("(no committee)       ", undated)
        # Several councils in the list: each row names its council after the committee.
        meetings.show_council = True
        named = meetings.render_row_strip(row(committee="Cabinet"), WIDTH, base)
        assert named.text == "2018-11-28 Cabinet · Nottingham…  12  0  3"
        meetings.show_council = False
        # Too narrow for the columns: Rich cuts the line to the width.
        assert meetings.render_row_strip(row(), 15, base).cell_length == 15
