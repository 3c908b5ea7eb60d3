"""``store.sources``: what the store holds, as ``fetch`` asks it (issue 19.1, 19.7), on real
pages of the fake site (Nottingham's meetings of 2017-18)."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from store.db import open_store
from store.ingest import ingest_paths
from store.sources import Changes, Snapshot, changes, held_sha256, snapshot

PAGES = Path(__file__).parent / "fixtures" / "fake_site" / "pages"
SPAN = ("2017-09-01", "2018-01-31")


def _copy(folder: Path, *names: str) -> list[Path]:
    out = []
    for name in names:
        shutil.copy(PAGES / name, folder / name)
        out.append(folder / name)
    return out


def test_the_store_says_which_bytes_of_which_file_it_holds(tmp_path: Path):
    (page,) = _copy(tmp_path, "ieListDocuments_1079_7016.html")
    db = open_store(tmp_path / "minutes.db")
    try:
        assert held_sha256(db, page) is None
        ingest_paths(db, [page])
        assert held_sha256(db, page) == hashlib.sha256(page.read_bytes()).hexdigest()
        # The same bytes in another folder (another cache) are another source, not held yet.
        other = tmp_path / "other"
        other.mkdir()
        (copy,) = _copy(other, "ieListDocuments_1079_7016.html")
        assert held_sha256(db, copy) is None
        # A relative path names the same file as its absolute one.
        assert held_sha256(db, Path(os.path.relpath(page))) == held_sha256(db, page)
    finally:
        db.close()
    # A new store beside the first holds nothing.
    second = open_store(tmp_path / "second.db")
    try:
        assert held_sha256(second, page) is None
    finally:
        second.close()


def test_changes_between_snapshots_tell_added_from_changed(tmp_path: Path):
    meeting, item, exec_board, draft, approved = _copy(
        tmp_path,
        "ieListDocuments_1079_7016.html",
        "mgAi_62184.html",
        "ieListDocuments_133_7240.html",
        "ieListDocuments_1079_7188.html",
        "ieListDocuments_1079_7188_v2.html",
    )
    db = open_store(tmp_path / "minutes.db")
    try:
        empty = snapshot(db, *SPAN)
        ingest_paths(db, [meeting])
        first = snapshot(db, *SPAN)
        # Items 16-20 of 27 September 2017, and item 19's resolution.
        assert changes(empty, first) == Changes(1, 0, 5, 0, 1, 0)
        ingest_paths(db, [item])
        whole = snapshot(db, *SPAN)
        # Item 20's page replaces its cut text: that meeting and item changed, nothing added;
        # its resolution ("to note the update and thank the presenters") is new.
        assert changes(first, whole) == Changes(0, 1, 0, 1, 1, 0)
        ingest_paths(db, [exec_board, draft])
        more = snapshot(db, *SPAN)
        assert changes(whole, more) == Changes(2, 0, 5, 0, 0, 0)
        # The draft minutes of 13 December 2017 replaced by the approved ones, same file.
        shutil.copy(approved, draft)
        ingest_paths(db, [draft])
        final = snapshot(db, *SPAN)
        assert changes(more, final) == Changes(0, 1, 0, 1, 1, 0)
        assert changes(final, snapshot(db, *SPAN)) == Changes()
        assert not Changes().any and changes(more, final).any
        # Outside the range nothing is seen.
        assert snapshot(db, "2019-01-01", "2019-12-31") == Snapshot()
    finally:
        db.close()
