"""Exports of the hand-built store: the JSON contract with exact values, Markdown, CSV."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

from store.export import CSV_COLUMNS, export, export_csv, export_json, export_markdown
from store.filters import parse_filter


def as_json(conn: sqlite3.Connection, text: str = "") -> dict:
    out = io.StringIO()
    export_json(conn, out, parse_filter(text))
    return json.loads(out.getvalue())


MEETING_KEYS = [
    "id",
    "council",
    "committee",
    "date",
    "time",
    "inferred",
    "venue",
    "contact",
    "url",
    "sources",
    "attendance",
    "apologies",
    "declarations",
    "items",
]
ITEM_KEYS = [
    "id",
    "number",
    "title",
    "description",
    "minutes",
    "decision",
    "truncated",
    "sources",
    "documents",
    "resolutions",
    "actions",
]


def test_json_contract_and_exact_values(model_conn: sqlite3.Connection) -> None:
    data = as_json(model_conn)
    assert list(data) == ["meetings"]
    meetings = data["meetings"]
    assert [(m["committee"], m["date"], m["time"]) for m in meetings] == [
        ("Cabinet", "2018-10-02", "14:00"),
        ("Health Scrutiny Committee", "2018-10-02", "10:00"),
        ("Children's Partnership Board", "2017-09-27", "16:00"),
        ("Audit Committee", "2016-03-01", None),
        (None, None, None),  # the undated item page still appears
    ]
    for meeting in meetings:
        assert list(meeting) == MEETING_KEYS
        for item in meeting["items"]:
            assert list(item) == ITEM_KEYS
    cpb = meetings[2]
    assert cpb["venue"] == "LB 31-32 - Loxley House"
    assert cpb["contact"] == "Kate Morris"
    assert cpb["sources"] == ["cpb-issue.txt", "cpb-meeting.txt"]
    assert cpb["apologies"] == [
        {"name": "Councillor Sam Webster", "reason": None},
        {"name": "Sean Kelly", "reason": None},
    ]
    assert cpb["attendance"] == [
        {
            "name": "Councillor Sam Webster",
            "status": "apologies",
            "role": "Co Chair",
            "reason": None,
        },
        {"name": "Sean Kelly", "status": "apologies", "role": "Vice Chair", "reason": None},
    ]
    assert (cpb["id"], cpb["council"], cpb["url"], cpb["inferred"]) == (
        "m44a86f20eb21c7dc",
        None,
        None,
        [],
    )
    assert [i["number"] for i in cpb["items"]] == ["16", "17", "18", "19", "20"]
    assert cpb["items"][2]["documents"] == [{"title": "Minutes", "format": "pdf", "size_kb": 318.0}]
    item20 = cpb["items"][4]
    # Record ids are pinned: user data is keyed by them, so they must not drift.
    assert item20 == {
        "id": "m44a86f20eb21c7dc/20",
        "number": "20",
        "title": "Update on Priority 2 - Safeguarding",
        "description": None,
        "minutes": (
            "Helen Blackman, Director of Integrated Children’s Services introduced the report."
            "\n\nRESOLVED to\n\n(1) note the update;\n\n(2) ask each agency to report back."
        ),
        "decision": None,
        "truncated": False,
        "sources": ["cpb-issue.txt", "cpb-meeting.txt"],
        "documents": [{"title": "Update on Priority 2", "format": "pdf", "size_kb": 233.0}],
        "resolutions": [
            {
                "id": "m44a86f20eb21c7dc/20/r48d0f9be8546",
                "number": "1",
                "text": "note the update;",
                "kind": "noted",
                "truncated": False,
                "rule": None,  # built by hand, not detected: no rule, no passage
                "source": None,
            },
            {
                "id": "m44a86f20eb21c7dc/20/rf5ea1b79166c",
                "number": "2",
                "text": "ask each agency to report back.",
                "kind": "action",
                "truncated": False,
                "rule": None,
                "source": None,
            },
        ],
        "actions": [
            {
                "id": "m44a86f20eb21c7dc/20/af5ea1b79166c",
                "text": "ask each agency to report back.",
                "owner": "each agency",
                "due": None,
                "source_kind": "resolution",
                "rule": None,
                "source": None,
            }
        ],
    }
    cabinet_action = meetings[0]["items"][1]["actions"][0]
    assert cabinet_action == {
        "id": "m719d54b47b949f29/2/ac4ade346814e",
        "text": "circulate the figures",
        "owner": "Officers",
        "due": "2018-11-01",
        "source_kind": "narrative",
        "rule": None,
        "source": None,
    }
    undated = meetings[4]
    assert undated["sources"] == ["item-page.txt"]
    assert undated["items"][0]["truncated"] is True


def test_json_export_of_a_filtered_view(model_conn: sqlite3.Connection) -> None:
    data = as_json(model_conn, "childrens year:2017")
    (meeting,) = data["meetings"]
    assert meeting["committee"] == "Children's Partnership Board"
    assert [i["number"] for i in meeting["items"]] == ["20"]
    assert as_json(model_conn, "year:1990") == {"meetings": []}


def test_markdown(model_conn: sqlite3.Connection) -> None:
    out = io.StringIO()
    assert export_markdown(model_conn, out, parse_filter("committee:partnership")) == 1
    text = out.getvalue()
    assert text.startswith(
        "# Children's Partnership Board — Wednesday 27 September 2017, 16:00\n\n"
        "**Venue:** LB 31-32 - Loxley House  \n"
        "**Contact:** Kate Morris  \n"
        "**Apologies:** Councillor Sam Webster (Co Chair), Sean Kelly (Vice Chair)  \n"
        "**Sources:** cpb-issue.txt, cpb-meeting.txt\n\n"
        "## 16. Apologies\n\n"
    )
    assert (
        "## 18. Minutes\n\n*Minutes of the meeting held on 5 July 2017, to be agreed*\n\n" in text
    )
    assert "Documents: Minutes (PDF, 318 KB)\n" in text
    assert (
        "**Resolved:**\n\n- (1) note the update; — *noted*\n"
        "- (2) ask each agency to report back. — *action*\n\n"
        "**Actions:**\n\n- [ ] ask each agency to report back. (each agency)\n"
    ) in text
    all_out = io.StringIO()
    assert export_markdown(model_conn, all_out, parse_filter("")) == 5
    assert all_out.getvalue().count("\n---\n") == 4
    assert "# Unknown committee (undated)\n" in all_out.getvalue()
    assert "*The published minutes are cut short here" in all_out.getvalue()


def test_csv_rows(model_conn: sqlite3.Connection) -> None:
    out = io.StringIO()
    assert export_csv(model_conn, out, parse_filter("")) == 7
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[1:3] == [
        [
            "resolution",
            "Cabinet",
            "2018-10-02",
            "14:00",
            "1",
            "Café Strategy",
            "",
            "that the strategy be approved.",
            "decision",
            "no",
            "",
            "",
            "",
            "cabinet.txt",
            "",
            "",
        ],
        [
            "action",
            "Cabinet",
            "2018-10-02",
            "14:00",
            "2",
            "Budget",
            "",
            "circulate the figures",
            "",
            "",
            "Officers",
            "2018-11-01",
            "narrative",
            "cabinet.txt",
            "",
            "",
        ],
    ]
    assert [r[0] for r in rows[1:]] == ["resolution", "action"] + ["resolution"] * 4 + ["action"]
    assert rows[-1][-3:] == ["cpb-issue.txt; cpb-meeting.txt", "", ""]


def test_csv_cells_cannot_be_formulas(tmp_path) -> None:
    from store.export import csv_cell

    assert csv_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert csv_cell("+1") == "'+1"
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("-2+3") == "'-2+3"
    assert csv_cell("- a bullet") == "- a bullet"
    assert csv_cell("ordinary") == "ordinary"


def test_unknown_format(model_conn: sqlite3.Connection) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export(model_conn, "xml", io.StringIO())


def test_export_file_is_atomic(model_conn: sqlite3.Connection, tmp_path) -> None:
    from store.export import export_file

    target = tmp_path / "view.md"
    assert export_file(model_conn, "md", target, parse_filter("cafe")) == 1
    assert target.read_text(encoding="utf-8").startswith("# Cabinet — Tuesday 2 October 2018")
    assert not (tmp_path / "view.md.partial").exists()
    target.write_text("previous export")
    with pytest.raises(ValueError):
        export_file(model_conn, "xml", target)
    assert target.read_text() == "previous export"
    assert not (tmp_path / "view.md.partial").exists()


def test_bookmarks_and_notes_are_in_every_export(model_store_path, tmp_path) -> None:
    """The reader's marks travel with the records they are on (``store.userdata``)."""
    import shutil

    from store import userdata
    from store.db import connect_readonly

    path = tmp_path / "marked.db"
    shutil.copy(model_store_path, path)
    writer = userdata.connect_writer(path)
    cpb, item20 = "m44a86f20eb21c7dc", "m44a86f20eb21c7dc/20"
    action = "m44a86f20eb21c7dc/20/af5ea1b79166c"
    userdata.toggle_bookmark(writer, userdata.target("item", item20, "Update on Priority 2"))
    userdata.set_note(writer, userdata.target("meeting", cpb, "CPB"), "Quorate.\nChair absent.")
    userdata.set_note(writer, userdata.target("action", action, "ask", item20), "Chase <agency>")
    writer.close()
    conn = connect_readonly(path)
    meeting = as_json(conn, "year:2017")["meetings"][0]
    assert meeting["note"] == "Quorate.\nChair absent."
    item = meeting["items"][-1]
    assert (item["id"], item["bookmarked"], "note" in item) == (item20, True, False)
    assert item["actions"][0]["note"] == "Chase <agency>"
    assert "bookmarked" not in item["actions"][0] and "note" not in item["resolutions"][0]
    assert "note" not in meeting["items"][0] and list(meeting["items"][0]) == ITEM_KEYS
    out = io.StringIO()
    export_markdown(conn, out, parse_filter("year:2017"))
    text = out.getvalue()
    assert "> **Note:** Quorate.\n>\n> Chair absent.\n" in text
    assert "## 20. Update on Priority 2 - Safeguarding\n\n*Bookmarked.*\n" in text
    assert (
        "- [ ] ask each agency to report back. (each agency) — **note:** Chase \\<agency>\n" in text
    )
    out = io.StringIO()
    export_csv(conn, out, parse_filter("year:2017"))
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert [r[-2:] for r in rows[1:]] == [["", ""], ["", ""], ["", ""], ["", "Chase <agency>"]]
    conn.close()
