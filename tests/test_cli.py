"""The ``minutes-tui`` command end to end, in a subprocess, as a user runs it."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS, build_model_store

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str, db: Path | None = None, env: dict[str, str] | None = None):
    full_env = {k: v for k, v in os.environ.items() if k != "MINUTES_TUI_DB"}
    full_env.update({"NO_COLOR": "1", **(env or {})})
    command = [sys.executable, "-m", "tui.cli"]
    if db is not None:
        command += ["--db", str(db)]
    done = subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=full_env,
        timeout=60,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture(scope="module")
def model_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_model_store(tmp_path_factory.mktemp("cli") / "model.db")


def test_bad_files_fail_cleanly_one_line_each(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.bin").write_bytes(b"\x00\x01\x02\x03" * 100)
    (folder / "random.txt").write_text("just some words that are not minutes\n")
    done = cli("ingest", str(folder), str(tmp_path / "missing.txt"), db=tmp_path / "s.db")
    assert done.returncode == 1
    errors = done.stderr.splitlines()
    assert errors == [
        f"failed: {folder / 'binary.bin'}: binary file, not a council document",
        f"failed: {folder / 'empty.txt'}: empty file",
        f"failed: {folder / 'random.txt'}: text that names no meeting and has no agenda items"
        " or decisions, not minutes",
        f"failed: {tmp_path / 'missing.txt'}: cannot read (No such file or directory)",
    ]
    assert done.stdout == (
        "4 files read, 0 ingested, 0 unchanged, 4 failed;"
        " store: 0 meetings, 0 items, 0 resolutions, 0 actions\n"
    )


def test_ingest_says_what_the_store_gained_and_remove_takes_it_out(tmp_path: Path) -> None:
    # "3417 meetings" was printed for 1,499 stored: the same meeting from several files is
    # one. The line now says what the store holds and what changed.
    db = tmp_path / "s.db"
    folder = tmp_path / "in"
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for seed in seeds:
        (folder / seed.name).write_bytes(seed.read_bytes())
    done = cli("ingest", str(folder), db=db)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "5 files read, 5 ingested, 0 unchanged, 0 failed;"
        " store: 4 meetings (+4), 17 items (+17), 12 resolutions (+12), 4 actions (+4)\n"
    )
    again = cli("ingest", str(folder), db=db)
    assert again.stdout.startswith(
        "5 files read, 0 ingested, 5 unchanged, 0 failed; store: 4 meetings, 17 items"
    )
    # One meeting page out: its meeting goes, the issue page's meeting is rebuilt without it.
    gone = cli("remove", str(folder / seeds[0].name), str(tmp_path / "never.txt"), db=db)
    assert gone.returncode == 1  # one path named nothing in the store
    assert gone.stderr == f"not in the store: {tmp_path / 'never.txt'}\n"
    assert gone.stdout == (
        "removed 1 source: 0 meetings gone, 1 rebuilt from their other sources;"
        " store: 4 meetings, 8 items (-9), 4 resolutions (-8), 3 actions (-1)\n"
    )
    folder_out = cli("remove", str(folder), db=db)
    assert folder_out.returncode == 0, folder_out.stderr
    assert folder_out.stdout == (
        "removed 4 sources: 4 meetings gone, 0 rebuilt from their other sources;"
        " store: 0 meetings (-4), 0 items (-8), 0 resolutions (-4), 0 actions (-3)\n"
    )


def test_export_json_matches_the_store(model_db: Path) -> None:
    done = cli("export", "--format", "json", db=model_db)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [m["committee"] for m in data["meetings"]] == [
        "Cabinet",
        "Health Scrutiny Committee",
        "Children's Partnership Board",
        "Audit Committee",
        None,
    ]
    item20 = data["meetings"][2]["items"][4]
    assert item20["sources"] == ["cpb-issue.txt", "cpb-meeting.txt"]
    assert item20["truncated"] is False


def test_export_to_file_md_and_csv(model_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    done = cli("export", "--format", "md", "-o", str(target), "--filter", "year:2018", db=model_db)
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"wrote 2 meetings to {target} as Markdown\n"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Cabinet — Tuesday 2 October 2018, 14:00\n")
    assert "# Health Scrutiny Committee — Tuesday 2 October 2018, 10:00\n" in text
    assert not (tmp_path / "out.md.partial").exists()
    done = cli("export", "-f", "csv", db=model_db)
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert len(rows) == 8 and rows[0][0] == "record"
    bad = cli("export", "--filter", "year:20x", db=model_db)
    assert bad.returncode == 2
    assert bad.stderr == (
        "minutes-tui: error: --filter: year: expects a four-digit year (got '20x')\n"
    )


def test_export_takes_the_format_from_the_file_name(model_db: Path, tmp_path: Path) -> None:
    # "-o out.csv" wrote JSON into a .csv file.
    for name, fmt, starts in (
        ("out.csv", "CSV", "record,"),
        ("out.MD", "Markdown", "# "),
        ("out.json", "JSON", '{"meetings": ['),
        ("out.txt", "JSON", '{"meetings": ['),  # no format in the name: the default
    ):
        target = tmp_path / name
        done = cli("export", "-o", str(target), db=model_db)
        assert done.returncode == 0, done.stderr
        assert done.stderr.endswith(f" to {target} as {fmt}\n")
        assert target.read_text(encoding="utf-8").startswith(starts)
    # --format, when given, wins over the name.
    target = tmp_path / "really-json.csv"
    done = cli("export", "--format", "json", "-o", str(target), db=model_db)
    assert target.read_text(encoding="utf-8").startswith('{"meetings": [')
    assert "default: from the -o file's extension, else json" in " ".join(
        cli("export", "--help", db=model_db).stdout.split()
    )


def test_version() -> None:
    from importlib.metadata import version

    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout == f"minutes-tui {version('minutes-tui')}\n"


def test_the_first_screen_is_read_a_page_at_a_time_like_the_list() -> None:
    """The CLI starts reading the first screen before the widgets are imported: the page it
    reads is the meetings list's page."""
    from tui.cli import _FIRST_PAGE_ROWS
    from tui.widgets.virtual_list import VirtualList

    assert _FIRST_PAGE_ROWS == VirtualList.PAGE_SIZE


def test_search_matches_the_last_word_as_a_prefix_like_the_reader(model_db: Path) -> None:
    # "search safeg" found nothing while the reader's filter found the items.
    done = cli("search", "safeg", db=model_db)
    assert done.returncode == 0, done.stderr
    assert "Update on Priority 2 - Safeguarding" in done.stdout
    assert done.stdout.endswith(" matching items\n") and not done.stdout.startswith("0 ")


def test_search_plain_text(model_db: Path) -> None:
    done = cli("search", "Childrens", db=model_db)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "Health Scrutiny Committee — 2018-10-02 10:00 · 1. Children’s mental health\n"
        "    RESOLVED to note the report.\n"
        "Children's Partnership Board — 2017-09-27 16:00 · 20. Update on Priority 2"
        " - Safeguarding\n"
        "    Helen Blackman, Director of Integrated Children’s Services introduced the report."
        " RESOLVED to (1) note the update; (2) ask each agency to report back.\n"
        "2 matching items\n"
    )
    limited = cli("search", "childrens", "--limit", "1", db=model_db)
    assert limited.stdout.endswith("2 matching items (showing 1; use --limit for more)\n")
    none = cli("search", "zebra", db=model_db)
    assert none.stdout == "0 matching items\n"
    bad = cli("search", "kind:maybe", db=model_db)
    assert bad.returncode == 2
    assert bad.stderr.startswith("minutes-tui: error: kind: expects one of")


def test_search_counts_to_a_bound_unless_asked_to_count_them_all(
    model_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A common word in a big store has half a million hits: the summary says "more than"
    past the bound, and --count gives the exact number."""
    from store import queries
    from store.db import connect_readonly
    from store.filters import parse_filter
    from tui import cli as command

    conn = connect_readonly(model_db)
    try:
        childrens, kind = parse_filter("childrens"), parse_filter("kind:noted")
        assert queries.count_items(conn, childrens) == 2
        bounded = [queries.count_items(conn, childrens, at_most=n) for n in (0, 1, 2, 5)]
        assert bounded == [1, 2, 2, 2]
        # The other path (item flags, no index count) stops at the bound too.
        assert queries.count_items(conn, kind) == 3
        assert [queries.count_items(conn, kind, at_most=n) for n in (1, 2, 3)] == [2, 3, 3]
    finally:
        conn.close()

    monkeypatch.setattr(command, "COUNT_BOUND", 1)
    assert command.main(["--db", str(model_db), "search", "childrens", "--limit", "1"]) == 0
    assert capsys.readouterr().out.endswith(
        "more than 1 matching items (showing 1; use --limit for more, --count to count them all)\n"
    )
    # --limit past the bound: every item shown is counted, so the count is exact again.
    assert command.main(["--db", str(model_db), "search", "childrens", "--limit", "2"]) == 0
    assert capsys.readouterr().out.endswith("\n2 matching items\n")
    argv = ["--db", str(model_db), "search", "childrens", "--limit", "1", "--count"]
    assert command.main(argv) == 0
    assert capsys.readouterr().out.endswith("2 matching items (showing 1; use --limit for more)\n")


def test_hostile_document_text_is_inert_in_search(tmp_path: Path) -> None:
    from parsers.model import AgendaItem, Meeting, ParsedDocument
    from store.db import open_store
    from store.ingest import store_document

    db = open_store(tmp_path / "h.db")
    evil = AgendaItem(
        "1",
        "Evil \x1b[31mred\x1b[0m [bold]title[/]",
        minutes="Payload \x1b]52;c;aGk=\x07 copied \u202eesrever",
    )
    store_document(
        db,
        "/evil.txt",
        ParsedDocument("t", "meeting", [Meeting(committee="X", items=[evil])]),
        sha256="e",
        size=1,
    )
    db.close()
    done = cli("search", "payload", db=tmp_path / "h.db")
    assert "\x1b" not in done.stdout and "\u202e" not in done.stdout
    assert "Evil red [bold]title[/]" in done.stdout


def test_missing_and_corrupt_store_are_one_line_errors(tmp_path: Path) -> None:
    missing = cli("export", db=tmp_path / "none.db")
    assert missing.returncode == 1
    assert missing.stderr == (
        f"minutes-tui: error: {tmp_path / 'none.db'}: no store here yet"
        " (run `minutes-tui ingest PATH` first)\n"
    )
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite at all " * 200)
    corrupt = cli("search", "x", db=junk)
    assert corrupt.stderr == (
        f"minutes-tui: error: {junk}: not a minutes-tui store (file is not a database)\n"
    )


def test_db_from_environment(model_db: Path) -> None:
    done = cli("search", "cafe", env={"MINUTES_TUI_DB": str(model_db)})
    assert done.stdout.endswith("1 matching item\n")


def test_help_lists_the_commands() -> None:
    done = cli("--help")
    assert done.returncode == 0
    for name in ("ingest", "export", "search", "--db"):
        assert name in done.stdout


def test_a_command_line_builds_only_the_parser_it_names() -> None:
    from tui.cli import commands_needed, load_commands

    commands = load_commands()

    def needed(*argv: str) -> list[str]:
        return [command.name for command in commands_needed(argv, commands)]

    everything = [command.name for command in commands]
    assert needed() == [] and needed("--db", "x.db") == [] and needed("--db=x.db") == []
    assert needed("search", "ingest") == ["search"]
    assert needed("--db", "search", "ingest", "x") == ["ingest"]  # --db's value is no command
    assert needed("--d", "x.db", "export") == ["export"]  # argparse's abbreviation of --db
    assert needed("--db=x.db", "search", "x") == ["search"]
    for argv in (["--help"], ["-h", "search"], ["--version"], ["serch", "x"], ["--dbx", "y"]):
        assert needed(*argv) == everything, argv
    assert needed("--", "search") == everything


def test_the_search_command_imports_neither_shutil_nor_the_reading_view_s_records(
    model_db: Path,
) -> None:
    """A search's start-up: argparse's own width lookup imports shutil (and bz2 and lzma),
    and the reading view's ten dataclasses took 7-9 ms to create."""
    code = (
        "import sys; from tui.cli import main; main(sys.argv[1:]); "
        "print(sorted({'shutil', 'bz2', 'store.detail_records', 'textual'} & set(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "--db", str(model_db), "search", "childrens"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "COLUMNS"} | {"NO_COLOR": "1"},
        timeout=60,
    )
    assert done.stdout.endswith("2 matching items\n[]\n"), done.stderr


def test_help_is_as_wide_as_the_terminal_says() -> None:
    for columns in (50, 100):
        for argv in (["--help"], ["search", "--help"]):
            done = cli(*argv, env={"COLUMNS": str(columns)})
            widths = [len(line) for line in done.stdout.splitlines()]
            assert done.returncode == 0 and columns - 12 < max(widths) <= columns - 2, argv


def test_seed_files_are_fixtures() -> None:
    assert sorted(p.name for p in SEEDS.glob("*.txt")) == [
        "000_81d86c97e4813351.txt",
        "001_33980653330634ab.txt",
        "002_28ce34ac082b9610.txt",
        "003_b37eb456b84c0ff4.txt",
        "004_0352f24020eb606b.txt",
    ]


def test_ci_runs_exactly_the_readme_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = readme.split("```bash\n")
    launch, test = blocks[1].split("\n```")[0], blocks[2].split("\n```")[0]
    assert launch == ("python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/minutes-tui")
    assert test == (
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest -q"
    )
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in ci
    assert ci.rstrip().splitlines()[-1] == test


def test_only_the_default_store_fills_itself_with_samples(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store named with --db opens as it is: a mistyped path must not quietly become a
    new store of sample minutes (the reader then says there is no store there)."""
    import tui.app
    from tui import cli as cli_module

    launched: list[tuple[Path, bool]] = []

    def fake_run(db_path: Path, *, load_samples_if_empty: bool = True, opening: object) -> int:
        launched.append((db_path, load_samples_if_empty))
        return 0

    monkeypatch.setattr(tui.app, "run", fake_run)
    monkeypatch.setenv("MINUTES_TUI_DB", str(tmp_path / "default.db"))
    assert cli_module.main([]) == 0
    assert cli_module.main(["--db", str(tmp_path / "typo.db")]) == 0
    assert launched == [(tmp_path / "default.db", True), (tmp_path / "typo.db", False)]


def test_db_option_before_or_after_the_command(model_db: Path) -> None:
    before = cli("--db", str(model_db), "search", "cafe")
    after = cli("search", "cafe", "--db", str(model_db))
    assert before.stdout == after.stdout
    assert before.stdout.endswith("1 matching item\n")


def test_search_upgrades_an_older_store(tmp_path: Path) -> None:
    import sqlite_utils

    from store.schema import migrations

    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before="m003_item_rowids_by_meeting")
    db.close()
    done = cli("search", "anything", db=path)
    assert (done.returncode, done.stdout) == (0, "0 matching items\n")


def test_search_heals_an_index_a_killed_bulk_ingest_left(tmp_path: Path) -> None:
    """A bulk ingest drops the index's triggers and rebuilds at the end; killed before
    that, the next writer rebuilds it. A search opens the store read-only first, and as a
    writer only when there is something to mend, like this."""
    import shutil

    from store.db import connect_readonly, index_is_stale, open_store
    from store.schema import drop_fts_triggers

    path = tmp_path / "killed.db"
    shutil.copy(build_model_store(tmp_path / "model.db"), path)
    db = open_store(path)
    drop_fts_triggers(db)
    db.execute("DELETE FROM items_fts")  # the rebuild never happened
    db.close()
    assert index_is_stale(connect_readonly(path))
    done = cli("search", "Childrens", db=path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("2 matching items\n")
    assert not index_is_stale(connect_readonly(path))


def test_the_first_ingest_of_your_own_minutes_takes_the_samples_out(tmp_path: Path) -> None:
    from store.db import connect_readonly, open_store
    from tui.samples import load_samples, sample_files

    db_path = tmp_path / "minutes.db"
    db = open_store(db_path)
    assert not load_samples(db).failed  # what the reader does on first launch
    db.close()
    done = cli("ingest", str(SEEDS / "003_b37eb456b84c0ff4.txt"), db=db_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        f"took the bundled sample minutes ({len(sample_files())} files) out of the store:"
        " it holds only what you ingest\n"
    )
    conn = connect_readonly(db_path)
    paths = [r[0] for r in conn.execute("SELECT path FROM sources")]
    conn.close()
    assert paths == [str((SEEDS / "003_b37eb456b84c0ff4.txt").resolve())]
    again = cli("ingest", str(SEEDS / "004_0352f24020eb606b.txt"), db=db_path)
    assert again.stderr == ""  # nothing left to take out
