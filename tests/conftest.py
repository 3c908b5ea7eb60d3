"""Shared fixtures: throwaway stores built from hand-made model objects and from real seeds.

``model_store`` is small and fully known (every count in tests/test_queries.py
follows from ``MODEL_DOCUMENTS`` below); ``seed_store`` is the five seed pages
from tests/fixtures/seeds ingested through the real parsers.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from parsers.model import (
    ActionPoint,
    AgendaItem,
    Attendee,
    Document,
    Meeting,
    ParsedDocument,
    Resolution,
)

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"
SEED_000 = SEEDS / "000_81d86c97e4813351.txt"  # meeting page, Children's Partnership Board
SEED_001 = SEEDS / "001_33980653330634ab.txt"  # issue page: item 20 of the same meeting


def _cpb_meeting_page() -> Meeting:
    """The meeting page of a Children's Partnership Board meeting (item 20 cut by the site)."""
    return Meeting(
        committee="Children's Partnership Board",
        date=dt.date(2017, 9, 27),
        time="16:00",
        venue="LB 31-32 - Loxley House",
        contact="Kate Morris",
        attendance=[
            Attendee("Councillor Sam Webster", "apologies", role="Co Chair"),
            Attendee("Sean Kelly", "apologies", role="Vice Chair"),
        ],
        items=[
            AgendaItem("16", "Apologies", minutes="Councillor Sam Webster (Co Chair)"),
            AgendaItem("17", "Declarations of Interests", minutes="None."),
            AgendaItem(
                "18",
                "Minutes",
                description="Minutes of the meeting held on 5 July 2017, to be agreed",
                minutes="The minutes were agreed by the Board as a true record.",
                documents=[Document("Minutes", "pdf", 318.0)],
            ),
            AgendaItem(
                "19",
                "Board Membership Update",
                minutes="Emily introduced a report.\n\nRESOLVED to note the resignation.",
                resolutions=[Resolution(None, "to note the resignation.", "noted")],
            ),
            AgendaItem(
                "20",
                "Update on Priority 2 - Safeguarding",
                minutes="Helen Blackman, Director of Integrated Children’s Services introduced",
                truncated=True,
                documents=[Document("Update on Priority 2", "pdf", 233.0)],
            ),
        ],
    )


def _cpb_issue_page() -> Meeting:
    """The issue page's block for item 20: the full minutes and what they resolved."""
    return Meeting(
        committee="Children's Partnership Board",
        date=dt.date(2017, 9, 27),
        items=[
            AgendaItem(
                "20",
                "Update on Priority 2 - Safeguarding",
                minutes=(
                    "Helen Blackman, Director of Integrated Children’s Services introduced"
                    " the report.\n\nRESOLVED to\n\n(1) note the update;\n\n"
                    "(2) ask each agency to report back."
                ),
                resolutions=[
                    Resolution("1", "note the update;", "noted"),
                    Resolution("2", "ask each agency to report back.", "action"),
                ],
                actions=[ActionPoint("ask each agency to report back.", owner="each agency")],
            )
        ],
    )


def _cabinet() -> Meeting:
    return Meeting(
        committee="Cabinet",
        date=dt.date(2018, 10, 2),
        time="14:00",
        council="Nottingham City Council",
        items=[
            AgendaItem(
                "1",
                "Café Strategy",
                minutes=(
                    "The Café strategy was discussed.\n\nRESOLVED that the strategy be approved."
                ),
                resolutions=[Resolution(None, "that the strategy be approved.", "decision")],
            ),
            AgendaItem(
                "2",
                "Budget",
                minutes="Officers would circulate the figures.",
                actions=[
                    ActionPoint(
                        "circulate the figures",
                        owner="Officers",
                        due=dt.date(2018, 11, 1),
                        source_kind="narrative",
                    )
                ],
            ),
        ],
    )


def _health_scrutiny() -> Meeting:
    return Meeting(
        committee="Health Scrutiny Committee",
        date=dt.date(2018, 10, 2),
        time="10:00",
        items=[
            AgendaItem(
                "1",
                "Children’s mental health",
                minutes="RESOLVED to note the report.",
                resolutions=[Resolution(None, "to note the report.", "noted")],
            )
        ],
    )


def _undated_item_page() -> Meeting:
    return Meeting(
        items=[
            AgendaItem(
                None,
                "Safeguarding Annual Report",
                description="Report of the Head of Legal and Governance",
                minutes="The Board’s annual report was presented",
                truncated=True,
            )
        ]
    )


def _audit() -> Meeting:
    return Meeting(committee="Audit Committee", date=dt.date(2016, 3, 1), items=[])


# (path, document): ingested in this order by ``build_model_store``.
MODEL_DOCUMENTS: list[tuple[str, ParsedDocument]] = [
    ("/corpus/cpb-meeting.txt", ParsedDocument("test", "meeting", [_cpb_meeting_page()])),
    ("/corpus/cpb-issue.txt", ParsedDocument("test", "issue", [_cpb_issue_page()])),
    ("/corpus/cabinet.txt", ParsedDocument("test", "meeting", [_cabinet()])),
    ("/corpus/health.txt", ParsedDocument("test", "meeting", [_health_scrutiny()])),
    ("/corpus/item-page.txt", ParsedDocument("test", "item", [_undated_item_page()])),
    ("/corpus/audit.txt", ParsedDocument("test", "meeting", [_audit()])),
]


def build_model_store(path: Path) -> Path:
    """A store at ``path`` holding exactly ``MODEL_DOCUMENTS``."""
    from store.db import open_store
    from store.ingest import store_document

    db = open_store(path)
    for index, (source, document) in enumerate(MODEL_DOCUMENTS):
        store_document(db, source, document, sha256=f"sha{index}", size=100 + index)
    db.close()
    return path


@pytest.fixture(scope="session")
def model_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A read-only-by-convention store of the hand-built documents (shared by the session)."""
    return build_model_store(tmp_path_factory.mktemp("model") / "model.db")


@pytest.fixture
def model_conn(model_store_path: Path) -> Iterator[sqlite3.Connection]:
    from store.db import connect_readonly

    conn = connect_readonly(model_store_path)
    yield conn
    conn.close()


def dump_store(path: Path, *, skip: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every row of every table (FTS shadow tables included), for before/after comparisons."""
    conn = sqlite3.connect(path)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " AND name != 'items_fts' ORDER BY name"
            )
        ]
        return {
            name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=lambda r: repr(r))
            for name in names
            if name not in skip
        }
    finally:
        conn.close()


# Real pages that name people, carry motions and declarations, and an issue page taken at
# two meetings (``follow_store_path``: the people, threads and news tests).
FOLLOW_PAGES = (
    "bristol_ieIssueDetails_28299.txt",
    "kent_ieListDocuments_env-transport_2018-11.txt",
    "limerick-ie_full-council_minutes_pdf2md.md",
    "oro-medonte-on_council_2020-07_be-it-resolved_laserfiche.txt",
    "slough_ieIssueDetails_41815.txt",
)


def build_follow_store(folder: Path) -> Path:
    """``folder/minutes.db`` holding ``FOLLOW_PAGES`` and the seeds, through the real ingest."""
    import shutil

    from store.db import open_store
    from store.ingest import ingest_paths

    pages = folder / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    for name in FOLLOW_PAGES:
        shutil.copy(FIXTURES / "corpus" / name, pages / name)
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, pages / seed.name)
    db = open_store(folder / "minutes.db")
    try:
        report = ingest_paths(db, sorted(pages.iterdir()), workers=1)
    finally:
        db.close()
    assert not report.failed, report.summary()
    return folder / "minutes.db"


@pytest.fixture(scope="session")
def follow_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of ``FOLLOW_PAGES`` and the seeds; copy it before writing to it."""
    return build_follow_store(tmp_path_factory.mktemp("follow"))


@pytest.fixture
def seed_files(tmp_path: Path) -> Path:
    """A private copy of the five seed pages (tests may modify or add files)."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (folder / seed.name).write_bytes(seed.read_bytes())
    return folder


@pytest.fixture
def dump():
    """``dump_store`` as a fixture: ``dump(path, skip=(...))``."""
    return dump_store


@pytest.fixture(autouse=True)
def _no_system_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never write the clipboard of the machine they run on (tests/test_clipboard.py
    drives the tools with stand-ins)."""
    monkeypatch.setattr("tui.clipboard.system_copy", lambda text: None)


@pytest.fixture(autouse=True)
def _today_is_fixed(monkeypatch: pytest.MonkeyPatch) -> None:
    """ "Overdue" is measured from 1 January 2024 (the screenshots' day), whatever the
    machine's clock says: what a test sees must not change with the day it runs."""
    monkeypatch.setattr("store.filters.today", lambda: dt.date(2024, 1, 1))


@pytest.fixture(autouse=True)
def _settings_in_a_temporary_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader's settings file (theme, filter history) goes to a folder of the test's,
    never the user's config folder."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


TinyBenchmark = Callable[[str], tuple[subprocess.CompletedProcess[str], dict[str, Any]]]


@pytest.fixture
def tiny_benchmark(tmp_path: Path) -> TinyBenchmark:
    """``python -m MODULE --size tiny --json FILE`` with a work folder of the test's own:
    (the finished process, the JSON it wrote). Fails the test if the run failed."""

    def run(module: str) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
        out = tmp_path / f"{module}.json"
        proc = subprocess.run(
            [sys.executable, "-m", module, "--size", "tiny", "--json", str(out)],
            cwd=Path(__file__).resolve().parent.parent,
            env=os.environ | {"MINUTES_BENCH_WORK": str(tmp_path / "work")},
            capture_output=True,
            text=True,
            timeout=110,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc, json.loads(out.read_text())

    return run
