"""Removing a source leaves the store exactly as if it had never been ingested."""

from __future__ import annotations

from pathlib import Path

from test_bad_input import canonical_dump

from store.db import open_store
from store.ingest import ingest_paths
from store.remove import remove_sources

SEEDS = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))
CORPUS = Path(__file__).parent / "fixtures" / "corpus"
# A meeting page and an issue page about one of its items share a meeting: removing either
# rebuilds it from the other; removing the last source of a meeting takes it away.
FILES = [*SEEDS, CORPUS / "kent_ieListDocuments_env-transport_2018-11.txt"]


def _store(path: Path, files: list[Path]) -> None:
    db = open_store(path)
    report = ingest_paths(db, files, workers=1)
    assert not report.failed, report.summary()
    db.close()


def test_removing_any_one_source_leaves_the_store_of_the_others(tmp_path: Path) -> None:
    for gone in FILES:
        store = tmp_path / f"all-but-{gone.stem}.db"
        _store(store, FILES)
        db = open_store(store)
        report = remove_sources(db, [gone])
        db.close()
        assert report.sources == [str(gone.resolve())]
        reference = tmp_path / f"never-{gone.stem}.db"
        _store(reference, [f for f in FILES if f != gone])
        assert canonical_dump(store) == canonical_dump(reference), gone.name


def test_a_folder_removes_everything_under_it_and_unknown_paths_are_reported(
    tmp_path: Path,
) -> None:
    store = tmp_path / "s.db"
    _store(store, FILES)
    db = open_store(store)
    report = remove_sources(db, [SEEDS[0].parent, tmp_path / "nothing-here"])
    db.close()
    assert len(report.sources) == len(SEEDS)
    assert report.not_found == [str(tmp_path / "nothing-here")]
    reference = tmp_path / "kent-only.db"
    _store(reference, [FILES[-1]])
    assert canonical_dump(store) == canonical_dump(reference)
