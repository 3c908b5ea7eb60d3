"""parsers/ and store/ never pull in the terminal libraries; the CLI only does so lazily."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def loaded_after(code: str) -> set[str]:
    probe = (
        code
        + "\nimport json, sys\n"
        + "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


@pytest.mark.parametrize(
    "code",
    [
        "import parsers, parsers.model, parsers.registry",
        "import store, store.db, store.schema, store.ingest, store.merge, store.queries,"
        " store.search, store.export, store.filters, store.keys, store.payload",
        "import tui.cli",
    ],
)
def test_no_textual_or_rich(code: str) -> None:
    modules = loaded_after(code)
    assert "textual" not in modules
    assert "rich" not in modules


def test_parsers_have_no_sql() -> None:
    modules = loaded_after("import parsers, parsers.registry")
    assert "sqlite3" not in modules and "sqlite_utils" not in modules


def test_nothing_installed_imports_bs4() -> None:
    """The parsers read HTML with lxml's own tree; bs4 is only the benchmark's baseline and a
    test dependency (pyproject), so nothing the package installs may need it."""
    modules = loaded_after(
        "import parsers, parsers.registry, parsers.html_text, parsers.moderngov_html,"
        " parsers.openlylocal, parsers.moderngov_xml, store.ingest, fetch.site, tui.cli"
    )
    assert "lxml" in modules  # the probe really imported the HTML readers
    assert "bs4" not in modules


def test_reader_start_up_never_imports_sqlite_utils(tmp_path) -> None:
    """sqlite_utils costs ~80 ms of start-up and only writers need it.

    The probe does what the app does before its first screen: import the app,
    open the store read-only (which checks its migrations) and ask whether it
    holds any meeting.
    """
    from store.db import open_store

    path = tmp_path / "minutes.db"
    open_store(path).close()
    modules = loaded_after(
        "import tui.app\n"
        "from store.db import connect_readonly, has_meetings\n"
        f"conn = connect_readonly({str(path)!r})\n"
        "assert has_meetings(conn) is False"
    )
    assert "sqlite_utils" not in modules
    assert "textual" in modules  # the probe really imported the app


def test_reader_start_up_never_imports_the_parsers(tmp_path) -> None:
    """The reader only reads the store: the parsers (and lxml, the PDF library they bring)
    are the writer's, and cost start-up time and memory."""
    from store.db import open_store

    path = tmp_path / "minutes.db"
    open_store(path).close()
    modules = loaded_after(
        "import tui.app, tui.screens.reading, tui.screens.actions\n"
        "from store.db import connect_readonly\n"
        "from store import follow, queries\n"
        "from store.filters import parse_filter\n"
        f"conn = connect_readonly({str(path)!r})\n"
        "queries.meetings_window(conn, parse_filter('report a'), 0, 10)\n"
        "queries.meetings_window(conn, parse_filter('person:smith has:note is:bookmarked'), 0, 9)\n"
        "follow.people_window(conn, 'smith', 0, 10)"
    )
    assert not {"parsers", "bs4", "lxml", "pdfplumber"} & modules
    assert "textual" in modules


def modules_after(code: str) -> set[str]:
    """Every module (dotted names, not only packages) loaded once ``code`` has run."""
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


# What `minutes-tui search WORD` must not load: the other commands' work (exports, the
# ingest's budget and parsers), the writer's library, the default store's lookup (it is
# given --db), the terminal libraries (its output is not a tty here), and what only a
# writer or a mistake needs (OpenSSL's hashes for record keys, difflib's suggestions).
# Each was part of every search's start-up once; a search of 1M items is mostly start-up.
SEARCH_NEVER_IMPORTS = {
    "store.actions_export",
    "store.export",
    "store.budget",
    "store.ingest",
    "store.userdata",
    "sqlite_utils",
    "platformdirs",
    "parsers",
    "textual",
    "rich",
    "csv",
    "hashlib",
    "difflib",
}


def test_search_imports_only_what_it_needs(model_store_path) -> None:
    modules = modules_after(
        "from tui.cli import main\n"
        f"assert main(['--db', {str(model_store_path)!r}, 'search', 'budget']) == 0"
    )
    assert "store.queries" in modules  # the probe really searched
    assert SEARCH_NEVER_IMPORTS & modules == set()


# What the reader's first screen never needs (the following screens' reads, the user data's
# writer, the threads' keys and the OpenSSL hashes they bring, the records and row sources of
# the screens opened from it): each was imported at every launch once, milliseconds before
# the first frame (issue 21).
FIRST_SCREEN_NEVER_IMPORTS = {
    "store.follow",
    "store.userdata",
    "store.threads",
    "store.detail_records",
    "store.follow_records",
    "tui.follow_reader",
    "tui.action_source",
    "hashlib",
    "calendar",
}


def test_first_screen_imports_only_what_it_needs(model_store_path) -> None:
    """The probe does what a launch does before its first frame: the CLI starts the first
    screen's read (``StoreOpening``: the saved place's meetings and the meeting's agenda,
    resolutions, actions and marks), then imports the app and builds it."""
    modules = modules_after(
        "from pathlib import Path\n"
        "import tui.cli\n"
        "from tui.reader import StoreOpening, StoreReader\n"
        f"opening = StoreOpening(StoreReader(Path({str(model_store_path)!r})), rows=100)\n"
        "import tui.app\n"
        f"app = tui.app.make_app(Path({str(model_store_path)!r}), opening=opening)\n"
        "rows = opening.first_rows(30)\n"
        "assert rows and opening.source.detail(rows[0].id).items\n"
    )
    assert "tui.screens.main" in modules  # the probe really built the app
    assert FIRST_SCREEN_NEVER_IMPORTS & modules == set()
