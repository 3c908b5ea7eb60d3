"""Read-only stores and full disks: reading still works, writing says why it cannot, and a
failed write leaves the store exactly as it was.

File modes mean nothing to root, and these tests run as root in CI. So every command
that must meet a read-only store runs under ``unshare --user``: a new user namespace
where the process keeps its uid on disk but loses root's override, and gets the same
"Permission denied" an ordinary user gets. (Skipped where ``unshare`` is missing.)
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_bad_input import canonical_dump

from store.db import open_store
from store.ingest import ingest_paths

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
HTML = sorted((FIXTURES / "html").glob("*.html"))
UNSHARE = shutil.which("unshare")


def _unshare_works() -> bool:
    if not UNSHARE:
        return False
    return subprocess.run([UNSHARE, "--user", "true"], capture_output=True).returncode == 0


needs_unshare = pytest.mark.skipif(
    not _unshare_works(), reason="needs `unshare --user` to take away root's file override"
)


def run_cli(*args: str | Path, readonly: bool = True) -> subprocess.CompletedProcess:
    wrap = [UNSHARE, "--user"] if readonly else []
    return subprocess.run(
        [*wrap, sys.executable, "-m", "tui.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1"},
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the HTML fixtures, closed cleanly (no -wal or -shm left)."""
    path = tmp_path_factory.mktemp("template") / "minutes.db"
    db = open_store(path)
    report = ingest_paths(db, HTML[:4])
    db.close()
    assert report.failed == []
    return path


@pytest.fixture
def store(template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "store"
    folder.mkdir()
    path = folder / "minutes.db"
    shutil.copy(template, path)
    return path


@pytest.fixture
def readonly_file(store: Path) -> Iterator[Path]:
    store.chmod(0o444)
    yield store
    store.chmod(0o644)


@pytest.fixture
def readonly_folder(store: Path) -> Iterator[Path]:
    store.chmod(0o444)
    store.parent.chmod(0o555)
    yield store
    store.parent.chmod(0o755)
    store.chmod(0o644)


def expected_reads(template: Path, tmp_path: Path) -> tuple[str, str]:
    """``search`` and ``export`` output from a writable copy (what read-only must match)."""
    copy = tmp_path / "writable.db"
    shutil.copy(template, copy)
    search = run_cli("--db", copy, "search", "council", readonly=False)
    export = run_cli("--db", copy, "export", "--format", "json", readonly=False)
    assert search.returncode == 0 and export.returncode == 0
    assert "matching item" in search.stdout
    return search.stdout, export.stdout


def assert_reads_work(store: Path, template: Path, tmp_path: Path) -> None:
    search_out, export_out = expected_reads(template, tmp_path)
    before = store.read_bytes()
    search = run_cli("--db", store, "search", "council")
    assert (search.returncode, search.stderr) == (0, "")
    assert search.stdout == search_out
    export = run_cli("--db", store, "export", "--format", "json")
    assert (export.returncode, export.stderr) == (0, "")
    assert json.loads(export.stdout) == json.loads(export_out)
    assert store.read_bytes() == before


def assert_ingest_refused_in_one_line(store: Path) -> None:
    before = canonical_dump(store)
    done = run_cli("--db", store, "ingest", *HTML[4:])
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr  # one clear line, not one per file
    assert str(store) in lines[0] and "read-only" in lines[0], lines[0]
    assert canonical_dump(store) == before


# --- a read-only store file ---------------------------------------------------------------------


@needs_unshare
def test_readonly_store_file_can_be_searched_and_exported(
    readonly_file: Path, template: Path, tmp_path: Path
) -> None:
    assert_reads_work(readonly_file, template, tmp_path)


@needs_unshare
def test_ingest_into_a_readonly_store_file_says_so_in_one_line(readonly_file: Path) -> None:
    assert_ingest_refused_in_one_line(readonly_file)


# --- a store in a read-only folder --------------------------------------------------------------


@needs_unshare
def test_store_in_a_readonly_folder_can_be_searched_and_exported(
    readonly_folder: Path, template: Path, tmp_path: Path
) -> None:
    assert_reads_work(readonly_folder, template, tmp_path)


@needs_unshare
def test_ingest_into_a_readonly_folder_says_so_in_one_line(readonly_folder: Path) -> None:
    assert_ingest_refused_in_one_line(readonly_folder)


# --- the reader -----------------------------------------------------------------------------------

APP = textwrap.dedent(
    """
    import asyncio, json, sys
    from pathlib import Path
    from store import queries
    from store.filters import Filter
    from tui.app import make_app
    from tui.settle import settle
    from tui.widgets.panes import MeetingList

    async def main():
        app = make_app(Path(sys.argv[1]))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("j", "enter", "enter", "escape", "r")
            await settle(pilot)
            screen = type(app.screen).__name__
            count = app.screen.query_one(MeetingList).count if screen == "MainScreen" else None
            errors = [n.message for n in app._notifications if n.severity == "error"]
        print(json.dumps({"screen": screen, "count": count, "errors": errors}))

    asyncio.run(main())
    """
)


def run_app(store: Path) -> dict:
    done = subprocess.run(
        [UNSHARE, "--user", sys.executable, "-c", APP, str(store)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def meeting_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM meetings").fetchone()[0]
    finally:
        conn.close()


@needs_unshare
def test_reader_reads_a_readonly_store_file(readonly_file: Path, template: Path) -> None:
    before = readonly_file.read_bytes()
    seen = run_app(readonly_file)
    assert seen == {"screen": "MainScreen", "count": meeting_count(template), "errors": []}
    assert readonly_file.read_bytes() == before


@needs_unshare
def test_reader_reads_a_store_in_a_readonly_folder(readonly_folder: Path, template: Path) -> None:
    seen = run_app(readonly_folder)
    assert seen == {"screen": "MainScreen", "count": meeting_count(template), "errors": []}


# --- a full disk ----------------------------------------------------------------------------------


def test_a_write_that_fills_the_disk_leaves_the_store_as_it_was(
    store: Path, template: Path, tmp_path: Path
) -> None:
    """``PRAGMA max_page_count`` caps the file at its current size: a document that needs a
    new page cannot be written ("database or disk is full"; a small one may still fit in the
    pages' free space). Each refused file says so in one line and leaves no trace: the store
    equals a copy that was given only the files that fitted. With room again, the refused
    files go in."""
    db = open_store(store)
    try:
        db.conn.execute("VACUUM")  # no free pages left inside the file to write into
        pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
        db.conn.execute(f"PRAGMA max_page_count = {pages}")
        report = ingest_paths(db, HTML[4:])
    finally:
        db.close()
    fitted = [Path(r.path) for r in report.results if r.status == "ok"]
    refused = [r for r in report.results if r.status == "failed"]
    print(f"{len(fitted)} fitted, {len(refused)} refused")
    assert len(refused) >= len(HTML[4:]) - 2
    for result in refused:
        assert result.error is not None and "\n" not in result.error
        assert result.error == (
            f"{result.path}: could not write to the store (database or disk is full)"
        )
    conn = sqlite3.connect(store)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    reference = tmp_path / "reference.db"
    shutil.copy(template, reference)
    db = open_store(reference)
    try:
        assert ingest_paths(db, fitted).failed == []
    finally:
        db.close()
    assert canonical_dump(store) == canonical_dump(reference)
    db = open_store(store)  # room again: the refused files are read normally
    try:
        assert ingest_paths(db, [Path(r.path) for r in refused]).failed == []
    finally:
        db.close()
