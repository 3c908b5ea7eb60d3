"""The bundled sample minutes: what a newcomer reads before ingesting their own.

Real pages from Nottingham City Council's modern.gov site (the five seeds and
a few corpus meeting pages that parse well, and Slough's issue page of one matter taken at
two meetings, which shows a timeline), shipped as package data in
``tui/sample_data``. The CLI falls back to them and the reader loads them
into an empty store on first launch.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import sqlite_utils

from store.ingest import IngestReport, ingest_paths


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
