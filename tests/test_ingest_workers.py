"""Parsing in worker processes: the store ends up exactly as a one-by-one ingest leaves it.

``ingest_paths`` parses files in a process pool while the main process writes them,
in file order. These tests ingest a generated batch (meeting pages and item pages,
text and HTML) both ways and compare full store dumps, check that unchanged files are
never parsed, and that a worker dying mid-batch costs nothing but speed.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path

import pytest
from test_bad_input import canonical_dump

from parsers import Source
from parsers.model import ParsedDocument
from store import ingest as ingest_module
from store.db import open_store
from store.ingest import POOL_MIN_FILES, FileResult, ingest_paths

ROOT = Path(__file__).resolve().parent.parent
MAIN_PID = os.getpid()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if str(ROOT) not in sys.path:  # benchmarks/ is not an installed package
        sys.path.insert(0, str(ROOT))
    from benchmarks.corpus import write_corpus

    folder = tmp_path_factory.mktemp("workers") / "corpus"
    write_corpus(folder, 16, seed=5)
    return folder


@pytest.fixture(scope="module")
def one_by_one(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store an in-process, one-file-at-a-time ingest gives."""
    path = tmp_path_factory.mktemp("sequential") / "s.db"
    db = open_store(path)
    report = ingest_paths(db, [corpus], workers=1)
    db.close()
    assert report.failed == []
    return path


def test_the_batch_is_big_enough_to_use_the_pool(corpus: Path) -> None:
    assert sum(1 for _ in corpus.iterdir()) >= 2 * POOL_MIN_FILES


def test_workers_write_exactly_what_one_by_one_writes(
    corpus: Path, one_by_one: Path, tmp_path: Path
) -> None:
    seen: list[tuple[int, int | None, str]] = []

    def progress(done: int, total: int | None, result: FileResult) -> None:
        seen.append((done, total, Path(result.path).name))

    db = open_store(tmp_path / "w.db")
    report = ingest_paths(db, [corpus], workers=2, on_progress=progress)
    db.close()
    names = sorted(p.name for p in corpus.iterdir())
    assert [r.status for r in report.results] == ["ok"] * len(names)
    # Progress comes once per file, in file order, as each file is written.
    assert seen == [(i, len(names), name) for i, name in enumerate(names, start=1)]
    assert canonical_dump(tmp_path / "w.db") == canonical_dump(one_by_one)


def refuse(source: Source) -> ParsedDocument:
    raise AssertionError(f"parsed {source.name} again")


def test_unchanged_files_are_not_parsed_by_the_workers(
    corpus: Path, one_by_one: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_store(tmp_path / "w.db")
    ingest_paths(db, [corpus], workers=2)
    # Workers are forked from this process, so they see the stand-in too.
    monkeypatch.setattr(ingest_module, "parse", refuse)
    again = ingest_paths(db, [corpus], workers=2)
    db.close()
    assert {r.status for r in again.results} == {"unchanged"}
    assert canonical_dump(tmp_path / "w.db") == canonical_dump(one_by_one)


def test_a_worker_killed_mid_batch_costs_only_speed(
    corpus: Path, one_by_one: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_parse = ingest_module.parse
    doomed = sorted(corpus.iterdir())[5].name

    def parse_or_die(source: Source) -> ParsedDocument:
        if source.name == doomed and os.getpid() != MAIN_PID:
            os.kill(os.getpid(), signal.SIGKILL)  # the OOM killer, say
        return real_parse(source)

    monkeypatch.setattr(ingest_module, "parse", parse_or_die)
    db = open_store(tmp_path / "w.db")
    report = ingest_paths(db, [corpus], workers=2)
    db.close()
    assert report.failed == []
    assert canonical_dump(tmp_path / "w.db") == canonical_dump(one_by_one)


def test_an_app_thread_parses_in_process(
    corpus: Path, one_by_one: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Called from a thread (the app loading its samples), ingest never forks."""

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("forked from a thread")

    monkeypatch.setattr(ingest_module, "ProcessPoolExecutor", no_pool)
    reports = []
    db_path = tmp_path / "w.db"

    def run() -> None:
        db = open_store(db_path)
        reports.append(ingest_paths(db, [corpus]))
        db.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert [len(r.failed) for r in reports] == [0]
    assert canonical_dump(db_path) == canonical_dump(one_by_one)
