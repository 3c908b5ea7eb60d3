"""An ingest of many files leaves the full-text index merged (store.schema.tidy_fts)."""

from __future__ import annotations

from pathlib import Path

from store.db import open_store
from store.ingest import ingest_paths


def test_an_ingest_leaves_the_index_merged_and_whole(tmp_path: Path) -> None:
    # One transaction per file adds one index segment each; the run ends by merging
    # them, so a search probing one meeting's rowids seeks once per word.
    folder = Path(__file__).parent / "fixtures" / "corpus"
    db = open_store(tmp_path / "s.db")
    report = ingest_paths(db, [folder], workers=1)
    written = sum(1 for r in report.results if r.status == "ok")
    assert written >= 20
    segments = db.conn.execute("SELECT count(DISTINCT segid) FROM items_fts_idx").fetchone()[0]
    assert segments == 1
    db.conn.execute("INSERT INTO items_fts(items_fts, rank) VALUES ('integrity-check', 1)")
    hits = db.conn.execute(
        "SELECT count(*) FROM items_fts WHERE items_fts MATCH 'resolved'"
    ).fetchone()[0]
    assert (
        hits
        == db.conn.execute(
            "SELECT count(*) FROM items WHERE minutes LIKE '%resolved%' OR title LIKE '%resolved%'"
            " OR description LIKE '%resolved%' OR decision LIKE '%resolved%'"
        ).fetchone()[0]
    )
    db.close()
