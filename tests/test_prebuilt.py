"""A meeting's rows built where its document was parsed (``store.prebuilt``) are the rows
the writer would have built: on every fixture document, and as whole stores."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, dump_store

from parsers import ParseError, Source, parse
from parsers.model import ParsedDocument
from store import derived, ingest, rows
from store.db import open_store
from store.ingest import ingest_paths
from store.merge import merge_meeting
from store.payload import compact_payload
from store.prebuilt import prebuild

DOCUMENTS = sorted(
    p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix in {".txt", ".html", ".xml", ".md"}
)


def _parsed(path: Path) -> ParsedDocument | None:
    try:
        return parse(Source(name=path.name, data=path.read_bytes()))
    except ParseError:
        return None


def test_each_fixture_meeting_prebuilt_is_what_the_writer_builds() -> None:
    seq, source = 7, 3  # any numbers: the writer's are whatever the store is at
    compared = issue_items = actions = mentions = 0
    for path in DOCUMENTS:
        parsed = _parsed(path)
        if parsed is None:
            continue
        stored_as = f"/stores/{path.name}"
        for mid, ready in prebuild(stored_as, parsed).items():
            merged = merge_meeting([(source, ready.meeting)])
            built = rows.build_meeting(mid, seq, merged)
            issue = {source: stored_as} if parsed.page_kind in derived.ISSUE_PAGES else {}
            found = derived.build(derived.rows_text(built, issue))

            assert ready.rows.placed(seq, source) == built, (path.name, mid)
            assert ready.view == built.view(), (path.name, mid)
            assert ready.derived.placed(seq) == found, (path.name, mid)
            assert ready.payload == compact_payload(ready.meeting, built.view()), (path.name, mid)
            compared += 1
            issue_items += len(built.items) if issue else 0
            actions += sum(len(i.actions) for i in built.items)
            mentions += len(found.mentions)
    # What the comparison covered: real pages of every kind, issue pages among them.
    assert compared >= 60
    assert issue_items >= 5
    assert actions >= 50
    assert mentions >= 100


def test_placed_rows_move_every_id_to_their_meeting() -> None:
    parsed = _parsed(FIXTURES / "seeds" / "000_81d86c97e4813351.txt")
    assert parsed is not None
    ((_mid, ready),) = prebuild("/s/seed1.txt", parsed).items()
    placed = ready.rows.placed(5, 11)
    assert placed.row["seq"] == 5
    first = placed.items[0]
    assert first.row["rowid"] == (5 << 16) | 1
    assert {s["source_id"] for i in placed.items for s in i.sources} == {11}
    children = [r["id"] >> 32 for i in placed.items for r in (*i.resolutions, *i.actions)]
    assert children and set(children) == {5}
    # The rows built for meeting 0 are left as they were (a second use would see them).
    assert ready.rows.row["seq"] == 0
    assert ready.rows.items[0].row["rowid"] == 1


def _store(folder: Path, name: str, files: list[Path], workers: int) -> Path:
    path = folder / f"{name}.db"
    db = open_store(path)
    try:
        report = ingest_paths(db, files, workers=workers)
    finally:
        db.close()
    assert not report.failed, report.summary()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE sources SET ingested_at = NULL")  # the clock is not the store
    conn.commit()
    conn.close()
    return path


def _real_pages() -> list[Path]:
    corpus = sorted((FIXTURES / "corpus").iterdir()) + sorted((FIXTURES / "seeds").iterdir())
    pages = [p for p in corpus if p.suffix in {".txt", ".html", ".xml", ".md"}]
    pages = [p for p in pages if (parsed := _parsed(p)) is not None and parsed.meetings]
    assert len(pages) >= ingest.POOL_MIN_FILES
    return pages


def test_a_store_written_from_prebuilt_rows_is_the_store_written_without_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = _real_pages()
    # Worker processes build the rows (the pool: enough files and workers)...
    monkeypatch.setattr(ingest, "PREBUILD_MIN_WORKERS", 2)
    pooled = _store(tmp_path, "pooled", pages, workers=2)
    # ...and here, the writer builds every one itself.
    monkeypatch.setattr(ingest, "prebuild", lambda path, parsed: {})
    built = _store(tmp_path, "built", pages, workers=1)
    skip = ("_sqlite_migrations",)  # when each store was made
    assert dump_store(pooled, skip=skip) == dump_store(built, skip=skip)


def test_the_writer_merges_only_the_meetings_it_was_not_handed_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources: list[int] = []  # how many sources each meeting the writer merged had
    real_merge = ingest.merge_meeting

    def counted(contributions: Any) -> Any:
        sources.append(len(contributions))
        return real_merge(contributions)

    monkeypatch.setattr(ingest, "merge_meeting", counted)
    pages = _real_pages()
    _store(tmp_path, "by-the-writer", pages, workers=2)  # two workers: none built ahead
    assert len(sources) >= 60
    sources.clear()
    monkeypatch.setattr(ingest, "PREBUILD_MIN_WORKERS", 2)
    _store(tmp_path, "built-ahead", pages, workers=2)
    # Left to the writer: the meetings two documents describe, merged from both: the
    # seeds' board meeting (its meeting page and item page), and the two audit meetings
    # of Merton's agenda pack (two text renderings of the one PDF).
    assert sources == [2, 2, 2]
