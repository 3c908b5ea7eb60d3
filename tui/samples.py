"""The bundled sample minutes: what a newcomer reads before ingesting their own.

Real pages from Nottingham City Council's modern.gov site (the five seeds and
a few corpus meeting pages that parse well, and Slough's issue page of one matter taken at
two meetings, which shows a timeline), shipped as package data in ``tui/sample_data``.
The reader loads them into an empty store on first launch; the first ingest (or fetch) of
the user's own minutes takes them out again, so the samples never stay mixed into the
user's data.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import sqlite_utils

from store.ingest import IngestReport, ingest_paths
from store.remove import RemoveReport, remove_sources


def sample_folder() -> Path:
    """Where the sample documents are installed (their sources' paths start here)."""
    return Path(str(resources.files("tui") / "sample_data"))


def sample_files() -> list[Path]:
    """The sample documents, sorted by name."""
    folder = resources.files("tui") / "sample_data"
    return sorted(
        Path(str(entry))
        for entry in folder.iterdir()
        if entry.is_file() and not entry.name.startswith((".", "_"))
    )


def load_samples(db: sqlite_utils.Database) -> IngestReport:
    """Ingest the bundled samples into ``db`` (unchanged files are skipped)."""
    return ingest_paths(db, sample_files())


def drop_samples_for(db: sqlite_utils.Database, incoming: list[Path]) -> RemoveReport | None:
    """Before the user's own minutes go in, take the samples out (None: none were there, or
    what comes in is the samples themselves)."""
    folder = sample_folder().resolve()
    if all(folder in Path(p).expanduser().resolve().parents for p in incoming):
        return None
    report = remove_sources(db, [folder])
    return report if report.sources else None
