"""The store works with the tools its users already have: sqlite-utils finds its full-text
index (``content="items"``, m010) and searches it, folded as the reader folds, and its own
``rebuild-fts`` leaves the index answering as before (Datasette's search box finds an
index the same way sqlite-utils does)."""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import build_model_store

from store import queries
from store.db import connect_readonly
from store.filters import parse_filter


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "minutes.db"
    shutil.copy(build_model_store(tmp_path / "model.db"), path)
    return path


def sqlite_utils(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sqlite_utils", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def search(store: Path, words: str) -> list[tuple[str, str]]:
    done = sqlite_utils("search", str(store), "items", words, "-c", "id", "-c", "title", "--csv")
    assert done.returncode == 0, done.stderr
    return sorted((row["id"], row["title"]) for row in csv.DictReader(io.StringIO(done.stdout)))


def reader_finds(store: Path, words: str) -> list[tuple[str, str]]:
    conn = connect_readonly(store)
    try:
        hits = queries.search_items(conn, parse_filter(words + " "), limit=1000)
    finally:
        conn.close()
    return sorted((hit.item.id, hit.item.title or "") for hit in hits)


def test_sqlite_utils_searches_the_items_folded_as_the_reader_does(store: Path) -> None:
    # No apostrophe typed: "Children’s" in a title and in minutes, found as the reader finds it.
    found = search(store, "Childrens")
    assert sorted(title for _, title in found) == [
        "Children’s mental health",
        "Update on Priority 2 - Safeguarding",
    ]
    assert found == reader_finds(store, "Childrens")
    assert search(store, "safeguarding") == reader_finds(store, "safeguarding")
    assert search(store, "zebra") == []


def test_sqlite_utils_rebuild_of_the_index_answers_as_before(store: Path) -> None:
    before = {words: search(store, words) for words in ("Childrens", "report", "cabinet")}
    done = sqlite_utils("rebuild-fts", str(store), "items")
    assert done.returncode == 0, done.stderr
    assert {words: search(store, words) for words in before} == before
    assert index_matches_its_content(store)


def index_matches_its_content(store: Path) -> bool:
    """FTS5's own check of an external-content index against the rows it indexes (raises
    ``sqlite3.DatabaseError`` when they differ)."""
    conn = sqlite3.connect(store)
    try:
        conn.execute("INSERT INTO items_fts(items_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        conn.close()
    return True


def test_the_index_holds_exactly_what_items_folded_columns_say(store: Path) -> None:
    assert index_matches_its_content(store)
    conn = sqlite3.connect(store)
    try:  # an index out of step with its rows is caught
        conn.execute("DROP TRIGGER items_fts_au")
        conn.execute(
            "UPDATE items SET title = 'zebra' WHERE rowid = (SELECT min(rowid) FROM items)"
        )
        conn.commit()
    finally:
        conn.close()
    with pytest.raises(sqlite3.DatabaseError):
        index_matches_its_content(store)
