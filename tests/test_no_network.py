"""No network: ingest, search, export and the reader work with networking blocked.

Only ``fetch/`` may open sockets. Everything else must work on a train: the test
replaces ``socket.socket.connect``/``connect_ex``, ``socket.create_connection`` and
``socket.getaddrinfo`` with functions that record the attempt and raise, then
ingests every kind of fixture (including an XML file that names an external DTD on
the web) and drives the reader. The CLI is also run inside a fresh network namespace
(``unshare --user --net``: no interface but a downed loopback) where no packet can leave.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_bad_input import MINUTES_PDF_LINES, text_pdf

from store.db import open_store
from store.ingest import ingest_paths
from tui.app import make_app
from tui.screens.main import MainScreen
from tui.screens.reading import ReadingScreen
from tui.settle import settle
from tui.widgets.panes import MeetingList

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
SIZE = (120, 40)

EXTERNAL_DTD = (
    '<?xml version="1.0"?>\n'
    '<!DOCTYPE GetMeetingResponse SYSTEM "http://192.0.2.1/mgWebService.dtd">\n'
    "<GetMeetingResponse><meeting><committeetitle>Cabinet</committeetitle>"
    "<meetingdate>01/03/2016</meetingdate></meeting></GetMeetingResponse>\n"
)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every attempt to reach the network is recorded and refused."""
    attempts: list[str] = []

    def refuse(what: str):
        def blocked(*args, **kwargs):
            attempts.append(f"{what}{args[1:] if what.startswith('socket.') else args}")
            raise OSError(101, f"network blocked by test ({what})")

        return blocked

    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def connect(self: socket.socket, address) -> None:
        if self.family == socket.AF_UNIX:  # local IPC (event loops) is not the network
            return real_connect(self, address)
        return refuse("socket.connect")(self, address)

    def connect_ex(self: socket.socket, address) -> int:
        if self.family == socket.AF_UNIX:
            return real_connect_ex(self, address)
        return refuse("socket.connect_ex")(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    yield attempts


def every_kind_of_document(folder: Path) -> Path:
    folder.mkdir()
    for sub in ("seeds", "html", "xml"):
        for path in sorted((FIXTURES / sub).iterdir()):
            shutil.copy(path, folder / path.name)
    (folder / "printed-minutes.pdf").write_bytes(text_pdf(MINUTES_PDF_LINES))
    (folder / "external-dtd.xml").write_text(EXTERNAL_DTD)
    return folder


def test_ingest_never_reaches_the_network(no_network: list[str], tmp_path: Path) -> None:
    folder = every_kind_of_document(tmp_path / "docs")
    db = open_store(tmp_path / "s.db")
    try:
        report = ingest_paths(db, [folder])
    finally:
        db.close()
    assert no_network == []
    names = {Path(r.path).name for r in report.results if r.status == "ok"}
    assert {p.name for p in (FIXTURES / "seeds").iterdir()} <= names
    assert "printed-minutes.pdf" in names
    # Whatever happens to a document that names a DTD on the web, it is decided offline.
    external = next(r for r in report.results if Path(r.path).name == "external-dtd.xml")
    assert external.status in ("ok", "failed")


async def test_reader_never_reaches_the_network(no_network: list[str], tmp_path: Path) -> None:
    folder = every_kind_of_document(tmp_path / "docs")
    store = tmp_path / "s.db"
    db = open_store(store)
    ingest_paths(db, [folder])
    db.close()
    app = make_app(store, load_samples_if_empty=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(MeetingList).count > 5
        await pilot.press("j", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        await pilot.press("escape", "slash", *"council", "enter")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("escape", "question_mark")
        await settle(pilot)
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert errors == []
    assert no_network == []


def test_a_fresh_reader_with_the_bundled_samples_never_reaches_the_network(
    no_network: list[str], tmp_path: Path
) -> None:
    """First run: no store yet, the samples are loaded. Nothing is downloaded for that."""
    import asyncio

    async def run() -> int:
        app = make_app(tmp_path / "new.db")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            return app.screen.query_one(MeetingList).count

    assert asyncio.run(run()) > 0
    assert no_network == []


UNSHARE = shutil.which("unshare")


def _netns_works() -> bool:
    if not UNSHARE:
        return False
    done = subprocess.run([UNSHARE, "--user", "--net", "true"], capture_output=True)
    return done.returncode == 0


@pytest.mark.skipif(not _netns_works(), reason="needs `unshare --user --net`")
def test_cli_works_in_a_network_namespace_with_no_network(tmp_path: Path) -> None:
    folder = every_kind_of_document(tmp_path / "docs")
    store = tmp_path / "s.db"
    jail = [UNSHARE, "--user", "--net"]

    def cli(*args: str | Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*jail, sys.executable, "-m", "tui.cli", "--db", str(store), *map(str, args)],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
        )

    # The namespace really has no network.
    probe = subprocess.run(
        [
            *jail,
            sys.executable,
            "-c",
            "import socket; socket.create_connection(('1.1.1.1', 80), 2)",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert probe.returncode != 0 and "unreachable" in probe.stderr.lower()

    ingest = cli("ingest", folder)
    assert "Traceback" not in ingest.stderr
    assert " ingested" in ingest.stdout
    search = cli("search", "council")
    assert search.returncode == 0, search.stderr
    assert "matching item" in search.stdout
    export = cli("export", "--format", "md")
    assert export.returncode == 0 and export.stdout.startswith("# ")
