"""Ingest, re-ingest, merging and failure on files, with exact before/after store dumps.

These tests read files in a tiny JSON rendering of the model (``write_doc``)
through a stand-in parser, so they pin the store's behaviour independently of
the text parsers; tests/test_store_seeds.py does the same on the real seeds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import sqlite3
import zlib
from pathlib import Path

import pytest
from sqlite_utils import Database

from parsers import ParseError, Source
from parsers.model import (
    ActionPoint,
    AgendaItem,
    Document,
    Meeting,
    ParsedDocument,
    Resolution,
)
from store import ingest as ingest_module
from store import queries as q
from store.db import connect_readonly, open_store
from store.detail_records import ItemDetail
from store.filters import Filter, parse_filter
from store.ingest import ingest_file, ingest_paths, iter_files
from store.payload import _plain, meeting_from_payload


def write_doc(path: Path, *meetings: Meeting, kind: str = "meeting") -> Path:
    """Write meetings in the stand-in format: JSON with the page kind and the meetings."""
    path.write_text(
        json.dumps({"kind": kind, "meetings": [_plain(m) for m in meetings]}), encoding="utf-8"
    )
    return path


def json_parse(source: Source) -> ParsedDocument:
    if not source.data.strip():
        raise ParseError("empty file")
    try:
        data = json.loads(source.data)
    except ValueError:
        raise ParseError("unrecognised format: not JSON") from None
    meetings = [
        meeting_from_payload(zlib.compress(json.dumps(m).encode())) for m in data["meetings"]
    ]
    return ParsedDocument("test-json", data["kind"], meetings)


@pytest.fixture(autouse=True)
def stand_in_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_module, "parse", json_parse)


def cpb(*items: AgendaItem, **fields: object) -> Meeting:
    return Meeting(
        committee="Children's Partnership Board",
        date=dt.date(2017, 9, 27),
        items=list(items),
        **fields,  # type: ignore[arg-type]
    )


FULL = "Helen Blackman introduced the report.\n\nRESOLVED to\n\n(1) note it;\n\n(2) ask X to act."
CUT = "Helen Blackman introduced the report."


def item20(*, full: bool) -> AgendaItem:
    if full:
        return AgendaItem(
            "20",
            "Update on Priority 2",
            minutes=FULL,
            resolutions=[
                Resolution("1", "note it;", "noted"),
                Resolution("2", "ask X to act.", "action"),
            ],
            actions=[ActionPoint("ask X to act.", owner="X")],
        )
    return AgendaItem(
        "20",
        "Update on Priority 2",
        minutes=CUT,
        truncated=True,
        resolutions=[Resolution(None, "to note", "noted", truncated=True)],
    )


def only_meeting(db_path: Path) -> q.MeetingRow:
    conn = connect_readonly(db_path)
    try:
        (row,) = q.meetings_window(conn, Filter(), 0, 10)
        return row
    finally:
        conn.close()


def detail(db_path: Path, item_id: str) -> ItemDetail:
    conn = connect_readonly(db_path)
    try:
        found = q.item_detail(conn, item_id)
        assert found is not None
        return found
    finally:
        conn.close()


def test_meeting_page_and_issue_page_merge_into_one_meeting(tmp_path: Path) -> None:
    page = write_doc(
        tmp_path / "page.txt",
        cpb(AgendaItem("19.", "Board Membership Update"), item20(full=False), time="16:00"),
    )
    issue = write_doc(tmp_path / "issue.txt", cpb(item20(full=True)), kind="issue")
    db_path = tmp_path / "s.db"
    db = open_store(db_path)
    report = ingest_paths(db, [page, issue])
    assert [r.status for r in report.results] == ["ok", "ok"]
    meeting = only_meeting(db_path)
    assert (meeting.item_count, meeting.resolution_count, meeting.action_count) == (2, 2, 1)
    assert meeting.time == "16:00"
    d = detail(db_path, f"{meeting.id}/20")
    assert d.minutes == FULL and d.item.truncated is False
    assert [r.text for r in d.resolutions] == ["note it;", "ask X to act."]
    assert sorted(Path(s.path).name for s in d.sources) == ["issue.txt", "page.txt"]
    assert [Path(s.path).name for s in detail(db_path, f"{meeting.id}/19").sources] == ["page.txt"]


@pytest.mark.parametrize("order", [("full", "cut"), ("cut", "full")])
def test_full_minutes_replace_truncated_never_the_reverse(
    tmp_path: Path, order: tuple[str, str]
) -> None:
    files = [
        write_doc(tmp_path / f"{i}-{which}.txt", cpb(item20(full=which == "full")))
        for i, which in enumerate(order)
    ]
    db_path = tmp_path / "s.db"
    db = open_store(db_path)
    ingest_paths(db, files)
    meeting = only_meeting(db_path)
    d = detail(db_path, f"{meeting.id}/20")
    assert d.minutes == FULL
    assert d.item.truncated is False
    assert [r.number for r in d.resolutions] == ["1", "2"]
    assert not any(r.truncated for r in d.resolutions)
    assert len(d.sources) == 2


def test_reingest_of_the_same_files_changes_nothing(dump, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    write_doc(folder / "a.txt", cpb(item20(full=False)))
    write_doc(folder / "b.txt", cpb(item20(full=True)))
    write_doc(folder / "c.txt", Meeting(items=[AgendaItem(None, "Undated item", minutes="x")]))
    db_path = tmp_path / "s.db"
    db = open_store(db_path)
    first = ingest_paths(db, [folder])
    assert [r.status for r in first.results] == ["ok", "ok", "ok"]
    before = dump(db_path)
    second = ingest_paths(db, [folder])
    assert [r.status for r in second.results] == ["unchanged"] * 3
    assert second.summary().startswith("3 files read, 0 ingested, 3 unchanged, 0 failed")
    assert dump(db_path) == before


def test_changed_file_replaces_what_it_contributed(tmp_path: Path) -> None:
    a = write_doc(tmp_path / "a.txt", cpb(AgendaItem("1", "Old title", minutes="old words")))
    b = write_doc(
        tmp_path / "b.txt",
        Meeting(committee="Cabinet", date=dt.date(2018, 1, 1), items=[AgendaItem("1", "Budget")]),
    )
    db_path = tmp_path / "s.db"
    db = open_store(db_path)
    ingest_paths(db, [a, b])
    # a.txt now describes a different meeting: the old one must vanish, b's must stay.
    write_doc(
        a,
        Meeting(committee="Audit", date=dt.date(2019, 5, 5), items=[AgendaItem("3", "New title")]),
    )
    (result,) = ingest_paths(db, [a]).results
    assert result.status == "ok"
    conn = connect_readonly(db_path)
    rows = q.meetings_window(conn, Filter(), 0, 10)
    assert [r.committee for r in rows] == ["Audit", "Cabinet"]
    assert q.count_meetings(conn, parse_filter("old")) == 0
    assert q.count_meetings(conn, parse_filter("new")) == 1
    assert q.store_counts(conn) == {
        "meetings": 2,
        "items": 2,
        "resolutions": 0,
        "actions": 0,
        "sources": 2,
    }
    conn.close()


def test_item_ids_are_stable_across_reingest(tmp_path: Path) -> None:
    a = write_doc(tmp_path / "a.txt", cpb(AgendaItem("20.", "T", minutes="one")))
    db_path = tmp_path / "s.db"
    db = open_store(db_path)
    ingest_paths(db, [a])
    mid = only_meeting(db_path).id
    write_doc(a, cpb(AgendaItem("20", "T", minutes="two")))
    ingest_paths(db, [a])
    assert only_meeting(db_path).id == mid
    assert detail(db_path, f"{mid}/20").minutes == "two"


def test_failed_file_leaves_the_store_unchanged(dump, tmp_path: Path) -> None:
    good = write_doc(tmp_path / "good.txt", cpb(item20(full=True)))
    db_path = tmp_path / "s.db"
    db = open_store(db_path)
    ingest_paths(db, [good])
    before = dump(db_path, skip=("sources",))
    bad = tmp_path / "bad.txt"
    bad.write_text("this is not a council document")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    # The good file turns bad: its earlier contribution must survive.
    good.write_text("{broken")
    report = ingest_paths(db, [bad, empty, good, tmp_path / "missing.txt"])
    assert [r.status for r in report.results] == ["failed"] * 4
    assert [r.error for r in report.results] == [
        f"{bad}: unrecognised format: not JSON",
        f"{empty}: empty file",
        f"{good}: unrecognised format: not JSON",
        f"{tmp_path / 'missing.txt'}: cannot read (No such file or directory)",
    ]
    assert dump(db_path, skip=("sources",)) == before
    conn = sqlite3.connect(db_path)
    statuses = conn.execute("SELECT name, status, error IS NOT NULL FROM sources ORDER BY name")
    assert statuses.fetchall() == [
        ("bad.txt", "failed", 1),
        ("empty.txt", "failed", 1),
        ("good.txt", "failed", 1),
    ]
    conn.close()
    # Fixing the file brings it back to ok.
    write_doc(good, cpb(item20(full=True)))
    (result,) = ingest_paths(db, [good]).results
    assert result.status == "ok"


def test_a_write_error_rolls_the_whole_file_back(
    dump, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = write_doc(tmp_path / "a.txt", cpb(item20(full=False)))
    db_path = tmp_path / "s.db"
    db = open_store(db_path)
    ingest_paths(db, [a])
    before = dump(db_path, skip=("sources",))
    calls = []

    def exploding_rebuild(db_, mid, **kwargs):  # fails after the contributions were replaced
        calls.append(mid)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(ingest_module, "rebuild_meeting", exploding_rebuild)
    write_doc(a, cpb(item20(full=True)))
    (result,) = ingest_paths(db, [a]).results
    assert calls and result.status == "failed"
    assert result.error == f"{a}: could not write to the store (disk I/O error)"
    assert dump(db_path, skip=("sources",)) == before


def test_one_document_naming_a_meeting_twice_is_one_meeting(tmp_path: Path) -> None:
    a = write_doc(
        tmp_path / "issue.txt",
        cpb(AgendaItem("20", "Twenty", minutes="a")),
        cpb(AgendaItem("21", "Twenty-one", minutes="b")),
        kind="issue",
    )
    db_path = tmp_path / "s.db"
    ingest_paths(open_store(db_path), [a])
    assert only_meeting(db_path).item_count == 2


def test_undated_documents_are_kept_apart(tmp_path: Path) -> None:
    one = Meeting(items=[AgendaItem(None, "Annual Report", minutes="a")])
    files = [write_doc(tmp_path / f"{n}.txt", one) for n in ("x", "y")]
    db_path = tmp_path / "s.db"
    ingest_paths(open_store(db_path), files)
    conn = connect_readonly(db_path)
    rows = q.meetings_window(conn, Filter(), 0, 10)
    assert [(r.committee, r.date, r.item_count) for r in rows] == [(None, None, 1)] * 2
    conn.close()


def test_bulk_mode_keeps_the_store_searchable(tmp_path: Path) -> None:
    files = [
        write_doc(
            tmp_path / f"{n}.txt",
            Meeting(
                committee=f"Board {n}",
                date=dt.date(2020, 1, n),
                items=[AgendaItem("1", f"Topic number{n}", minutes="Children’s services")],
            ),
        )
        for n in range(1, 6)
    ]
    db_path = tmp_path / "s.db"
    db = open_store(db_path)
    progress: list[tuple[int, int | None, str]] = []
    report = ingest_paths(
        db, files, bulk=True, on_progress=lambda d, t, r: progress.append((d, t, r.status))
    )
    assert report.ok == 5
    assert progress == [(n, 5, "ok") for n in range(1, 6)]
    conn = connect_readonly(db_path)
    assert q.count_items(conn, parse_filter("childrens")) == 5
    assert q.count_items(conn, parse_filter("number3 ")) == 1
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert triggers == {"items_fts_ai", "items_fts_ad", "items_fts_au"}
    conn.close()
    db.execute("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')")


def boards(folder: Path, numbers: range) -> list[Path]:
    """One file per board meeting, each with an item about children's services."""
    folder.mkdir(exist_ok=True)
    return [
        write_doc(
            folder / f"{n:03}.txt",
            Meeting(
                committee=f"Board {n}",
                date=dt.date(2020, 1, 1) + dt.timedelta(days=n),
                items=[AgendaItem("1", f"Topic number{n}", minutes="Children’s services")],
            ),
        )
        for n in numbers
    ]


FTS_TRIGGERS = {"items_fts_ai", "items_fts_ad", "items_fts_au"}


def index_triggers(db: Database) -> set[str]:
    return {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}


def test_a_first_fill_of_many_files_rebuilds_the_index_once_at_its_end(tmp_path: Path) -> None:
    """Into a store without items, many files go in as ``--bulk`` does (the triggers
    dropped for the run, the index rebuilt at its end); into a store that holds items,
    or with ``bulk=False``, or for a few files, the index is kept current file by file."""
    many = ingest_module.POOL_MIN_FILES
    db_path = tmp_path / "s.db"
    db = open_store(db_path)
    during: list[set[str]] = []

    def watch(done: int, total: int | None, result: object) -> None:
        during.append(index_triggers(db))

    report = ingest_paths(db, boards(tmp_path / "a", range(many)), workers=1, on_progress=watch)
    assert report.ok == many
    assert during == [set()] * many
    assert index_triggers(db) == FTS_TRIGGERS
    db.execute("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')")

    during.clear()  # the store holds items now
    ingest_paths(db, boards(tmp_path / "b", range(many, 2 * many)), workers=1, on_progress=watch)
    assert during == [FTS_TRIGGERS] * many
    conn = connect_readonly(db_path)
    assert q.count_items(conn, parse_filter("childrens")) == 2 * many
    assert q.count_items(conn, parse_filter(f"number{many} ")) == 1
    conn.close()

    empty = open_store(tmp_path / "empty.db")
    assert ingest_module.bulk_pays(empty, boards(tmp_path / "c", range(many))) is True
    assert ingest_module.bulk_pays(empty, boards(tmp_path / "d", range(many - 1))) is False
    during.clear()
    db = empty
    ingest_paths(db, boards(tmp_path / "c", range(many)), workers=1, bulk=False, on_progress=watch)
    assert during == [FTS_TRIGGERS] * many


def test_iter_files_sorted_recursive_hidden_skipped_symlink_loops(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "b").mkdir(parents=True)
    (root / "a.txt").write_text("x")
    (root / "b" / "c.txt").write_text("x")
    (root / ".hidden.txt").write_text("x")
    (root / ".git").mkdir()
    (root / ".git" / "d.txt").write_text("x")
    (root / "b" / "loop").symlink_to(root, target_is_directory=True)
    found = [p.relative_to(root).as_posix() for p in iter_files([root])]
    assert found == ["a.txt", "b/c.txt"]


def test_ingest_file_of_a_folder_is_a_clean_failure(tmp_path: Path) -> None:
    db = open_store(tmp_path / "s.db")
    result = ingest_file(db, tmp_path)
    assert result.status == "failed" and result.error == f"{tmp_path}: is a folder"


def test_payload_round_trip() -> None:
    from store.payload import meeting_to_payload

    m = cpb(item20(full=True), time="16:00")
    m.items[0].actions[0] = dataclasses.replace(m.items[0].actions[0], due=dt.date(2018, 1, 2))
    assert meeting_from_payload(meeting_to_payload(m)) == m
    assert meeting_to_payload(m) == meeting_to_payload(meeting_from_payload(meeting_to_payload(m)))


def test_compact_payload_round_trip_against_a_view() -> None:
    from store.payload import compact_payload, is_compact, meeting_to_payload

    m = cpb(item20(full=True), AgendaItem("21", '{"@rows":1} in the text', minutes=""))
    full = meeting_to_payload(m)
    # A view that agrees on some values and not others (another title, one item fewer).
    view = json.loads(zlib.decompress(full))
    view["items"][0]["title"] = "Another title"
    del view["items"][1]
    view["venue"] = "Loxley House"
    compact = compact_payload(m, view)
    assert is_compact(compact) and not is_compact(full)
    assert len(compact) < len(full)
    assert meeting_from_payload(compact, view) == m
    assert meeting_to_payload(meeting_from_payload(compact, view)) == full
    with pytest.raises(ValueError):
        meeting_from_payload(compact)


def test_a_huge_file_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest_module, "MAX_FILE_BYTES", 1000)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (3 * 2**20))
    result = ingest_file(open_store(tmp_path / "s.db"), big)
    assert (result.status, result.error) == (
        "failed",
        f"{big}: too large to be a council document (3 MB)",
    )


LONG_CUT = (
    "Helen Blackman, Director of Integrated Children’s Services, introduced the report on"
    " safeguarding. The following information was highlighted: (a) since the last update"
    " Police staff have joined the"
)
LONG_FULL = LONG_CUT + " Multi Agency Safeguarding Hub; (b) training has been rolled out."


def page_with_cut_item(**fields: object) -> Meeting:
    return cpb(
        AgendaItem("19", "Other business", minutes="Noted."),
        AgendaItem("20", "Update on Priority 2", minutes=LONG_CUT, truncated=True),
        **fields,  # type: ignore[arg-type]
    )


def item_page(minutes: str = LONG_FULL, title: str | None = "Update on Priority 2") -> Meeting:
    return Meeting(items=[AgendaItem(None, title, minutes=minutes)])


def cut_page_and_item_page(tmp_path: Path) -> tuple[tuple[Path, Path], Path, Database]:
    """A meeting page with item 20 cut, its item page, and a new store: (files), path, store."""
    page = write_doc(tmp_path / "page.txt", page_with_cut_item())
    item = write_doc(tmp_path / "mgAi.txt", item_page(), kind="item")
    db_path = tmp_path / "s.db"
    return (page, item), db_path, open_store(db_path)


@pytest.mark.parametrize("item_page_first", [False, True])
def test_item_page_completes_the_cut_item_in_either_order(
    tmp_path: Path, item_page_first: bool
) -> None:
    (page, item), db_path, db = cut_page_and_item_page(tmp_path)
    ingest_paths(db, [item, page] if item_page_first else [page, item])
    meeting = only_meeting(db_path)  # no undated meeting left over
    assert meeting.item_count == 2
    d = detail(db_path, f"{meeting.id}/20")
    assert (d.minutes, d.item.truncated) == (LONG_FULL, False)
    assert sorted(Path(s.path).name for s in d.sources) == ["mgAi.txt", "page.txt"]
    # A corrected item page stays with its meeting.
    write_doc(item, item_page(LONG_FULL + " (c) more."), kind="item")
    ingest_paths(db, [item])
    assert only_meeting(db_path).id == meeting.id
    assert detail(db_path, f"{meeting.id}/20").minutes == LONG_FULL + " (c) more."


def test_item_page_is_not_attached_on_weak_or_ambiguous_evidence(tmp_path: Path) -> None:
    db_path = tmp_path / "s.db"
    db = open_store(db_path)
    other_title = write_doc(tmp_path / "a.txt", item_page(title="Budget monitoring"), kind="item")
    short = write_doc(tmp_path / "b.txt", item_page(minutes="Helen Blackman introduced"))
    ingest_paths(db, [write_doc(tmp_path / "page.txt", page_with_cut_item())])
    ingest_paths(db, [other_title, short])
    conn = connect_readonly(db_path)
    assert [m.committee for m in q.meetings_window(conn, Filter(), 0, 10)] == [
        "Children's Partnership Board",
        None,
        None,
    ]
    # Two dated meetings with the same cut text: the page could be either; leave it alone.
    twin = Meeting(
        committee="Cabinet",
        date=dt.date(2017, 9, 27),
        items=[AgendaItem("5", "Update on Priority 2", minutes=LONG_CUT, truncated=True)],
    )
    ingest_paths(db, [write_doc(tmp_path / "twin.txt", twin)])
    ingest_paths(db, [write_doc(tmp_path / "c.txt", item_page(), kind="item")])
    assert q.count_meetings(conn, parse_filter("has:truncated")) == 2
    assert q.count_meetings(conn, Filter()) == 5
    conn.close()


def test_ingest_order_does_not_change_the_result(tmp_path: Path) -> None:
    import io

    from store.export import export_json

    # Same-length texts: the merge's tie-break decides, and must not depend on order.
    a = write_doc(tmp_path / "a.txt", cpb(AgendaItem("1", "T", minutes="alpha")))
    b = write_doc(tmp_path / "b.txt", cpb(AgendaItem("1", "T", minutes="bravo")))
    exports = []
    for name, order in (("ab", [a, b]), ("ba", [b, a])):
        db = open_store(tmp_path / f"{name}.db")
        for path in order:
            ingest_paths(db, [path])
        out = io.StringIO()
        export_json(db.conn, out)
        exports.append(out.getvalue())
        db.close()
    assert exports[0] == exports[1]
    assert '"minutes": "alpha"' in exports[0]


# --- contributions: compact while a meeting has one source ------------------------------------


def stored_contributions(db_path: Path) -> dict[tuple[str, str], tuple[bool, int, Meeting]]:
    """(file name, meeting id) -> (stored compact?, stored bytes, what it decodes to)."""
    from store.ingest import decoded_contributions
    from store.payload import is_compact

    conn = sqlite3.connect(db_path)
    try:
        names = dict(conn.execute("SELECT id, name FROM sources"))
        stored = {
            (sid, mid): payload
            for sid, mid, payload in conn.execute(
                "SELECT source_id, meeting_id, payload FROM contributions"
            )
        }
        return {
            (names[sid], mid): (
                is_compact(stored[sid, mid]),
                len(stored[sid, mid]),
                meeting,
            )
            for sid, mid, meeting in decoded_contributions(conn)
        }
    finally:
        conn.close()


def awkward_page() -> Meeting:
    """Values the visible rows do not show as given: they must come back from the payload."""
    return cpb(
        AgendaItem("1", "Apologies", minutes="  \n\n ", description=""),
        item20(full=True),
        AgendaItem(
            "21",
            "Reports",
            documents=[Document("Report", "pdf", 318), Document("Annex", None, 12.5)],
        ),
        venue="",
        documents=[Document("Minutes", "pdf", 20.0), Document("minutes", "pdf", None)],
    )


def test_a_meetings_only_source_is_stored_as_what_differs_from_its_rows(tmp_path: Path) -> None:
    from store.payload import meeting_to_payload

    plain = write_doc(tmp_path / "plain.txt", page_with_cut_item(time="16:00"))
    odd = write_doc(
        tmp_path / "odd.txt",
        dataclasses.replace(awkward_page(), committee="Cabinet"),
    )
    db_path = tmp_path / "s.db"
    ingest_paths(open_store(db_path), [plain, odd])
    found = stored_contributions(db_path)
    assert sorted((name, compact) for (name, _), (compact, _, _) in found.items()) == [
        ("odd.txt", True),
        ("plain.txt", True),
    ]
    for (name, _), (_, size, meeting) in found.items():
        parsed = json_parse(Source(name, (tmp_path / name).read_bytes())).meetings[0]
        # Exactly the parse, down to the bytes of its full encoding.
        assert meeting == parsed
        assert meeting_to_payload(meeting) == meeting_to_payload(parsed)
        if name == "plain.txt":
            assert size < 40  # all of it is in the rows
    # What the rows cannot show was kept: blank minutes, "" fields, an int size, the
    # duplicate meeting document the merge folds into one.
    odd_meeting = next(m for (name, _), (_, _, m) in found.items() if name == "odd.txt")
    assert odd_meeting.items[0].minutes == "  \n\n "
    assert odd_meeting.items[0].description == ""
    assert odd_meeting.venue == ""
    assert type(odd_meeting.items[2].documents[0].size_kb) is int
    assert len(odd_meeting.documents) == 2


def test_a_second_source_stores_both_in_full_and_its_removal_compacts_again(
    dump, tmp_path: Path
) -> None:
    page = write_doc(tmp_path / "page.txt", awkward_page())
    issue = write_doc(tmp_path / "issue.txt", cpb(item20(full=True)), kind="issue")
    db_path = tmp_path / "s.db"
    db = open_store(db_path)
    ingest_paths(db, [page])
    (mid,) = {mid for _, mid in stored_contributions(db_path)}
    assert stored_contributions(db_path)[("page.txt", mid)][0] is True
    ingest_paths(db, [issue])
    both = stored_contributions(db_path)
    assert {key: compact for key, (compact, _, _) in both.items()} == {
        ("page.txt", mid): False,
        ("issue.txt", mid): False,
    }
    assert both[("page.txt", mid)][2] == awkward_page()
    assert both[("issue.txt", mid)][2] == cpb(item20(full=True))
    # The issue page now describes another meeting: the page is alone again.
    other = Meeting(committee="Cabinet", date=dt.date(2018, 1, 1), items=[item20(full=True)])
    write_doc(issue, other, kind="issue")
    ingest_paths(db, [issue])
    alone = stored_contributions(db_path)
    assert {name: compact for (name, _), (compact, _, _) in alone.items()} == {
        "page.txt": True,
        "issue.txt": True,
    }
    assert alone[("page.txt", mid)][2] == awkward_page()
    # Every rebuild reads the compact payloads back against the rows: nothing changes.
    index = ("items_fts_data", "items_fts_idx")  # segments depend on the write history
    before = dump(db_path, skip=index)
    from store.db import write_transaction
    from store.ingest import rebuild_meeting
    from store.tracker import track_pending

    with write_transaction(db):
        for row in db.conn.execute("SELECT id FROM meetings").fetchall():
            rebuild_meeting(db, row[0])
        track_pending(db.conn)  # as the writer does before it commits
    assert dump(db_path, skip=index) == before
    db.close()
    # The same store as ingesting the final files into a new one (payloads included).
    fresh = tmp_path / "fresh.db"
    ingest_paths(open_store(fresh), [page, issue])
    skip = ("sources", "_sqlite_migrations", *index)
    assert dump(db_path, skip=skip) == dump(fresh, skip=skip)


@pytest.mark.parametrize("item_page_first", [False, True])
def test_an_item_page_keeps_its_parse_when_it_moves_to_its_meeting(
    tmp_path: Path, item_page_first: bool
) -> None:
    (page, item), db_path, db = cut_page_and_item_page(tmp_path)
    for path in [item, page] if item_page_first else [page, item]:
        ingest_paths(db, [path])
    found = stored_contributions(db_path)
    assert {name: (compact, m) for (name, _), (compact, _, m) in found.items()} == {
        "page.txt": (False, page_with_cut_item()),
        "mgAi.txt": (False, item_page()),
    }
    assert len({mid for _, mid in found}) == 1


def cabinet_days(folder: Path, days: int) -> list[Path]:
    """One file per day of January 2018, each a Cabinet meeting with one item."""
    return [
        write_doc(
            folder / f"{n}.txt",
            Meeting(committee="Cabinet", date=dt.date(2018, 1, n), items=[AgendaItem("1", "Item")]),
        )
        for n in range(1, days + 1)
    ]


def test_files_written_together_are_reported_only_once_committed(tmp_path: Path) -> None:
    # The writer commits several files at once, each in its own savepoint.
    paths = cabinet_days(tmp_path, 3)
    db_path = tmp_path / "s.db"
    db = open_store(db_path)
    seen: list[int] = []

    def committed(done: int, total: int | None, result: object) -> None:
        # Whatever has been reported is already visible to another connection.
        conn = connect_readonly(db_path)
        seen.append(q.store_counts(conn)["sources"])
        conn.close()

    report = ingest_paths(db, paths, workers=1, on_progress=committed)
    assert [r.status for r in report.results] == ["ok", "ok", "ok"]
    assert all(count >= done for done, count in enumerate(seen, start=1))
    db.close()


def test_a_write_error_that_ends_the_transaction_costs_only_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An error that ends the whole transaction (SQLite does so for a full disk or an I/O
    # error) takes the batch's earlier files with it: they are written again one by one.
    paths = cabinet_days(tmp_path, 3)
    store_document = ingest_module.store_document

    def failing(db, path, parsed, **kwargs):  # type: ignore[no-untyped-def]
        if path.endswith("2.txt"):
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise sqlite3.OperationalError("disk I/O error")
        return store_document(db, path, parsed, **kwargs)

    monkeypatch.setattr(ingest_module, "store_document", failing)
    db_path = tmp_path / "s.db"
    db = open_store(db_path)
    report = ingest_paths(db, paths, workers=1)
    assert [r.status for r in report.results] == ["ok", "failed", "ok"]
    assert "disk I/O error" in (report.results[1].error or "")
    conn = connect_readonly(db_path)
    assert [r.date.day for r in q.meetings_window(conn, Filter(), 0, 10)] == [3, 1]
    conn.close()
    db.close()


def _dump_after(tmp_path: Path, name: str, files: list[Path]) -> dict:
    from test_bad_input import canonical_dump

    db_path = tmp_path / f"{name}.db"
    db = open_store(db_path)
    ingest_paths(db, files, workers=1)
    db.close()
    return canonical_dump(db_path)


def test_the_same_files_give_the_same_store_in_any_order(tmp_path: Path) -> None:
    # Two versions of one item page whose titles differ gave different stores by order.
    page = write_doc(tmp_path / "page.txt", page_with_cut_item())
    v1 = write_doc(tmp_path / "mgAi-1.txt", item_page(), kind="item")
    v2 = write_doc(
        tmp_path / "mgAi-2.txt", item_page(title="Update on Priority 2 - Safeguarding"), kind="item"
    )
    other = write_doc(tmp_path / "other.txt", item_page(title="Budget monitoring"), kind="item")
    files = [page, v1, v2, other]
    first = None
    for n, order in enumerate(itertools.permutations(files)):
        dump = _dump_after(tmp_path, f"order{n}", list(order))
        if first is None:
            first = dump
        assert dump == first, [p.name for p in order]


def test_two_councils_same_committee_same_day_in_any_order(tmp_path: Path) -> None:
    # Whichever council's Cabinet came second got the council in its id: the store
    # depended on the order. A page naming no council stays apart from both.
    def cabinet(council: str | None, title: str) -> Meeting:
        return Meeting(
            committee="Cabinet",
            date=dt.date(2020, 1, 15),
            council=council,
            items=[AgendaItem("1", title, minutes="RESOLVED that it be approved.")],
        )

    kent = write_doc(tmp_path / "kent.txt", cabinet("Kent County Council", "Highways"))
    medway = write_doc(tmp_path / "medway.txt", cabinet("Medway Council", "Housing"))
    plain = write_doc(tmp_path / "plain.txt", cabinet(None, "Highways"))
    first = None
    for n, order in enumerate(itertools.permutations([kent, medway, plain])):
        dump = _dump_after(tmp_path, f"councils{n}", list(order))
        if first is None:
            first = dump
        assert dump == first, [p.name for p in order]
    conn = sqlite3.connect(tmp_path / "councils0.db")
    councils = sorted(r[0] or "" for r in conn.execute("SELECT council FROM meetings"))
    conn.close()
    assert councils == ["", "Kent County Council", "Medway Council"]
