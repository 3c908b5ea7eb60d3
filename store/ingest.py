"""Files -> the store: read, parse outside any transaction, write one transaction per file.

Each file's parse is kept as its *contributions* (one compressed Meeting per
meeting it describes; while the meeting has no other source, only what differs
from the meeting's rows, see ``store.payload``). The visible rows of every
meeting the file touches (before or after) are then rebuilt from all the
contributions of that meeting by ``store.merge``. So:

* the same file again (same path, same bytes) is "unchanged" and writes nothing;
* a changed file replaces exactly what it contributed, and meetings it no
  longer mentions are rebuilt from their other sources (or disappear);
* a file that fails to read, parse or write leaves every visible row as it
  was; the failure is noted on its ``sources`` row, keeping any earlier good
  contribution from that path.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import itertools
import multiprocessing
import os
import signal
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence, Sized
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import sqlite_utils

from parsers import ParseError, Source, parse
from parsers.model import Meeting, ParsedDocument
from store import attach, derived, news, rows, schema, tracker
from store.budget import DEFAULT_BUDGET, FileBudget, OverTime, within
from store.contributions import (
    decoded_contributions,
    expand_contributions,
    read_contributions,
    write_payloads,
)
from store.errors import StoreError
from store.folding import normalise_name
from store.keys import meeting_id
from store.merge import merge_meeting
from store.prebuilt import Prebuilt, plain_meeting_ids, prebuild
from store.sources import source_path
from store.transaction import begin_immediate, write_transaction

FileStatus = Literal["ok", "unchanged", "failed"]

# Agenda packs with scanned appendices reach tens of MB; anything far bigger is
# not minutes (a disk image, a video) and would only exhaust memory.
MAX_FILE_BYTES = 256 * 2**20


@dataclass(frozen=True)
class FileResult:
    """What happened to one file. ``error`` is one line naming the file when it failed."""

    path: str
    status: FileStatus
    error: str | None = None
    meetings: int = 0
    items: int = 0
    resolutions: int = 0
    actions: int = 0


@dataclass
class IngestReport:
    """Per-file results and totals for one ingest run."""

    results: list[FileResult] = field(default_factory=list)
    index_error: str | None = None  # a bulk ingest whose index could not be rebuilt

    def _count(self, status: FileStatus) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def files_read(self) -> int:
        return len(self.results)

    @property
    def ok(self) -> int:
        return self._count("ok")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def meetings(self) -> int:
        return sum(r.meetings for r in self.results)

    @property
    def items(self) -> int:
        return sum(r.items for r in self.results)

    @property
    def resolutions(self) -> int:
        return sum(r.resolutions for r in self.results)

    @property
    def actions(self) -> int:
        return sum(r.actions for r in self.results)

    def summary(self) -> str:
        """One line: what happened to the files. (What the store gained is the store's to
        say: the same meeting read from three files is one meeting, not three.)"""
        return ", ".join(
            [
                f"{self.files_read} file{'s' if self.files_read != 1 else ''} read",
                f"{self.ok} ingested",
                f"{self.unchanged} unchanged",
                f"{len(self.failed)} failed",
            ]
        )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


# --- finding files ----------------------------------------------------------------------------


def iter_files(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Every file under ``paths``: folders recursively, sorted, hidden names skipped.

    A symlinked folder is followed once (a loop or a second link to the same
    folder is skipped). A path given explicitly is yielded even if hidden or
    missing, so the caller reports it rather than silently dropping it.
    """
    seen_dirs: set[tuple[int, int]] = set()
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            yield from _walk(path, seen_dirs)
        else:
            yield path


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path]:
    try:
        stat = folder.stat()
    except OSError:
        return
    key = (stat.st_dev, stat.st_ino)
    if key in seen:
        return
    seen.add(key)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir():  # follows symlinks; `seen` stops loops
                yield from _walk(Path(entry.path), seen)
            elif entry.is_file():
                yield Path(entry.path)
        except OSError:
            continue


# --- writing ----------------------------------------------------------------------------------


def _assign_meeting_ids(
    db: sqlite_utils.Database, path: str, meetings: Sequence[Meeting]
) -> list[tuple[str, Meeting]]:
    """Stable ids for a document's meetings, merging duplicates within the document.

    Two councils' same-named committees meeting on one day are kept apart by the council
    in their ids (``_separate_councils``).
    """
    by_id: dict[str, list[Meeting]] = {}
    for mid, meeting in zip(plain_meeting_ids(path, meetings), meetings, strict=True):
        if meeting.date is not None and meeting.council:
            mid = _separate_councils(db, mid, meeting) or mid
        by_id.setdefault(mid, []).append(meeting)
    out = []
    for mid, group in by_id.items():
        if len(group) == 1:
            out.append((mid, group[0]))
        else:
            out.append((mid, merge_meeting([(0, m) for m in group]).as_meeting()))
    return out


def _separate_councils(db: sqlite_utils.Database, mid: str, meeting: Meeting) -> str | None:
    """The council-qualified id of ``meeting`` when another council's committee of the
    same name met the same day, else None.

    Whichever of the two arrives second, both end up under qualified ids: the one stored
    first under the plain id moves there too (its sources that name its council), so the
    same files give the same store in any order. A source that names no council stays
    under the plain id: it cannot say which of the two it is about.
    """
    conn = db.conn
    council = normalise_name(meeting.council)
    others = conn.execute(
        "SELECT id, council FROM meetings WHERE committee_key = ? AND date = ?"
        " AND council IS NOT NULL",
        [normalise_name(meeting.committee), meeting.date.isoformat() if meeting.date else None],
    ).fetchall()
    if not any(normalise_name(c) != council for _, c in others):
        return None
    for other_id, other_council in others:
        if other_id == mid and normalise_name(other_council) != council:
            _move_council(db, mid, other_council, meeting)
    return meeting_id(meeting.committee, meeting.date, council=meeting.council)


def _move_council(db: sqlite_utils.Database, mid: str, council: str, meeting: Meeting) -> None:
    """Move the sources of meeting ``mid`` that name ``council`` to its qualified id."""
    conn = db.conn
    target = meeting_id(meeting.committee, meeting.date, council=council)
    expand_contributions(conn, mid)  # compact payloads are read against their own rows
    moving = [
        c.source_id
        for c in read_contributions(conn, mid, None)
        if normalise_name(c.meeting.council) == normalise_name(council)
    ]
    conn.executemany(
        "UPDATE contributions SET meeting_id = ? WHERE meeting_id = ? AND source_id = ?",
        [(target, mid, source_id) for source_id in moving],
    )
    rebuild_meeting(db, mid)
    rebuild_meeting(db, target)


def _versions(conn: sqlite3.Connection) -> attach.Versions:
    """Each meeting's sources' own views of it, for ``store.attach`` to read cut copies in."""
    return lambda mid: [c.meeting for c in read_contributions(conn, mid, None)]


def _attach_item_pages(
    conn: sqlite3.Connection, source_id: int, assigned: list[tuple[str, Meeting]]
) -> list[tuple[str, Meeting]]:
    """File an item page under the meeting whose cut item it completes (see store.attach)."""
    out: dict[str, Meeting] = {}
    for mid, meeting in assigned:
        if attach.is_item_page(meeting):
            mid = attach.host_for_item_page(conn, meeting, source_id, _versions(conn)) or mid
        if mid in out:
            out[mid] = merge_meeting([(0, out[mid]), (0, meeting)]).as_meeting()
        else:
            out[mid] = meeting
    return list(out.items())


def rebuild_meeting(
    db: sqlite_utils.Database,
    mid: str,
    *,
    known: tuple[int, Meeting] | None = None,
    prebuilt: Prebuilt | None = None,
) -> None:
    """Replace a meeting's visible rows with the merge of all its contributions.

    ``known`` is (source id, Meeting) just written for this meeting (its stored
    payload is not read: ``store_document`` leaves it to be written here).
    Compact contributions are decoded against the rows before they are replaced,
    and every contribution is stored again as the new rows allow. ``prebuilt``: the
    rows ``known`` gives on its own (``store.prebuilt``), taken if the meeting is new.
    """
    conn = db.conn
    old = conn.execute(
        "SELECT seq, committee_key, date FROM meetings WHERE id = ?", [mid]
    ).fetchone()
    old_seq = old[:1] if old else None
    contributions = read_contributions(conn, mid, known)
    before: news.Previous | None = None
    gone: list[str] = []
    if old_seq:  # child rows exist only with their meeting row
        before = news.previous(conn, mid, old_seq[0])
        rows.delete_meeting(conn, mid, old_seq[0])
        gone = derived.delete(conn, mid, old_seq[0])
    if not contributions:
        derived.insert(conn, None, gone)
        if old:
            tracker.mark_pending(conn, mid, old[1], old[2])
        return
    # A meeting keeps its seq across rebuilds, so its items keep their rowids.
    seq = (
        old_seq[0]
        if old_seq
        else conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM meetings").fetchone()[0]
    )
    only = contributions[0]
    if (
        prebuilt is not None
        and not old_seq
        and len(contributions) == 1
        and only.stored is None
        and prebuilt.fits(mid, only.meeting)
    ):
        built = prebuilt.rows.placed(seq, only.source_id)
        view = prebuilt.view
        found = prebuilt.derived.placed(seq)
        compacted: bytes | None = prebuilt.payload
    else:
        merged = merge_meeting([(c.source_id, c.meeting) for c in contributions])
        built = rows.build_meeting(mid, seq, merged)
        view = built.view()
        found = derived.build(derived.meeting_text(conn, built))
        compacted = None
    news.stamp(conn, built, view, before)
    built.insert(conn)
    derived.insert(conn, found, gone)
    write_payloads(conn, mid, contributions, view, compacted=compacted)
    tracker.mark_pending(conn, mid, built.row["committee_key"], built.row["date"])


def store_document(
    db: sqlite_utils.Database,
    path: str,
    parsed: ParsedDocument,
    *,
    sha256: str,
    size: int,
    name: str | None = None,
    prebuilt: dict[str, Prebuilt] | None = None,
) -> list[str]:
    """Write one parsed document as the contribution of source ``path``, in one transaction.

    Returns the ids of the meetings it contributes. Used by ``ingest_file``
    and by tests that build stores from hand-made model objects. Each
    contribution is inserted empty and its payload written by ``rebuild_meeting``,
    which knows whether the meeting has other sources (see ``_write_payloads``).
    ``prebuilt``: the document's meetings built where it was parsed (``store.prebuilt``).
    """
    # Alone, the document's links to other meetings commit with it; inside a writer's
    # batch, they are worked out once for the whole batch (``_Batches.commit``).
    alone = not db.conn.in_transaction
    with write_transaction(db):
        conn = db.conn
        row = conn.execute("SELECT id FROM sources WHERE path = ?", [path]).fetchone()
        record = {
            "path": path,
            "name": name or Path(path).name,
            "sha256": sha256,
            "size": size,
            "format": parsed.format,
            "page_kind": parsed.page_kind,
            "ingested_at": _now(),
            "status": "ok",
            "error": None,
        }
        # Plain SQL: sqlite-utils' insert/update read the schema on every call.
        columns = list(record)
        values = [record[c] for c in columns]
        if row:
            source_id = row[0]
            conn.execute(
                f"UPDATE sources SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
                [*values, source_id],
            )
        else:
            source_id = conn.execute(
                f"INSERT INTO sources ({', '.join(columns)})"
                f" VALUES ({', '.join('?' for _ in columns)})",
                values,
            ).lastrowid
        assigned = _attach_item_pages(
            conn, source_id, _assign_meeting_ids(db, path, parsed.meetings)
        )
        old_ids = [
            r[0]
            for r in conn.execute(
                "SELECT meeting_id FROM contributions WHERE source_id = ?", [source_id]
            )
        ]
        conn.execute("DELETE FROM contributions WHERE source_id = ?", [source_id])
        conn.executemany(
            "INSERT INTO contributions (source_id, meeting_id, payload) VALUES (?, ?, ?)",
            [(source_id, mid, b"") for mid, _ in assigned],
        )
        new_ids = [mid for mid, _ in assigned]
        fresh = dict(assigned)
        for mid in dict.fromkeys([*old_ids, *new_ids]):
            known = (source_id, fresh[mid]) if mid in fresh else None
            ready = prebuilt.get(mid) if prebuilt and known else None
            rebuild_meeting(db, mid, known=known, prebuilt=ready)
        # Item pages ingested before this meeting page: file them under it now.
        for mid in new_ids:
            pages = attach.item_pages_for(conn, mid, _versions(conn))
            for page_mid in pages:
                # A compact payload is read against its own meeting's rows: in full first.
                expand_contributions(conn, page_mid)
                conn.execute(
                    "UPDATE contributions SET meeting_id = ? WHERE meeting_id = ?"
                    " AND source_id NOT IN (SELECT source_id FROM contributions"
                    " WHERE meeting_id = ?)",
                    [mid, page_mid, mid],
                )
                rebuild_meeting(db, page_mid)
            if pages:
                rebuild_meeting(db, mid)
        if alone:
            tracker.track_pending(conn)
    return new_ids


def _record_failure(db: sqlite_utils.Database, path: str, sha256: str | None, error: str) -> None:
    """Note a failed file on its sources row, never touching an earlier good contribution."""
    try:
        with write_transaction(db):
            row = db.conn.execute("SELECT id FROM sources WHERE path = ?", [path]).fetchone()
            if row:
                db.table("sources").update(row[0], {"status": "failed", "error": error})
            else:
                db.table("sources").insert(
                    {
                        "path": path,
                        "name": Path(path).name,
                        "sha256": sha256,
                        "size": None,
                        "format": None,
                        "page_kind": None,
                        "ingested_at": _now(),
                        "status": "failed",
                        "error": error,
                    }
                )
    except sqlite3.Error:
        pass  # the failure is still reported; the store stays as it was


# --- reading and parsing (in a worker process or in-process) ------------------------------------


@dataclass(frozen=True)
class _Prepared:
    """A file read, hashed and, unless unchanged, parsed: all the writer needs. Picklable.

    ``kind`` is ``parsed`` (``parsed`` set), ``unchanged`` (same bytes as the store's
    good copy: not parsed at all), ``unreadable`` (never recorded in the store: it may
    be a passing I/O problem) or ``failed`` (recorded on the file's ``sources`` row).
    ``reason`` is the one-line why, without the file name.
    """

    kind: Literal["parsed", "unchanged", "unreadable", "failed"]
    sha256: str | None = None
    size: int = 0
    parsed: ParsedDocument | None = None
    reason: str | None = None
    prebuilt: dict[str, Prebuilt] | None = None  # its meetings' rows, if new (store.prebuilt)


def _prepare(
    file_path: str,
    known_sha: str | None,
    budget: FileBudget = DEFAULT_BUDGET,
    stored_as: str | None = None,
) -> _Prepared:
    """Read, hash and parse one file; never raises. Pure: safe to run in a worker process.

    ``known_sha`` is the hash of the copy of this path already in the store (ingested
    without error); the same bytes again are not parsed. The parse runs ``within``
    ``budget``: a file that takes too long or too much memory fails with that reason.
    ``stored_as``: the path the store will know the file by; given, the rows of its
    meetings are built here too (``store.prebuilt``), for the writer to take if they
    are new.
    """
    path = Path(file_path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return _Prepared(
                "unreadable", reason=f"too large to be a council document ({size // 2**20} MB)"
            )
        data = path.read_bytes()
    except IsADirectoryError:
        return _Prepared("unreadable", reason="is a folder")
    except OSError as exc:
        return _Prepared("unreadable", reason=f"cannot read ({exc.strerror})")
    sha = hashlib.sha256(data).hexdigest()
    if sha == known_sha:
        return _Prepared("unchanged", sha)
    try:
        with within(budget):
            parsed = parse(Source(name=path.name, data=data))
    except OverTime:
        return _Prepared("failed", sha, reason=budget.describe_time())
    except MemoryError:
        return _Prepared("failed", sha, reason=budget.describe_memory())
    except ParseError as exc:
        if isinstance(exc.__cause__, MemoryError):  # the registry wraps what a parser raised
            return _Prepared("failed", sha, reason=budget.describe_memory())
        return _Prepared("failed", sha, reason=str(exc))
    except Exception as exc:  # a parser bug must not take the batch down
        return _Prepared("failed", sha, reason=f"could not parse ({type(exc).__name__}: {exc})")
    if not parsed.meetings:
        return _Prepared("failed", sha, reason="no meetings found in the document")
    ready = None
    if stored_as is not None:
        try:
            with within(budget):
                ready = prebuild(stored_as, parsed)
        except (Exception, OverTime):  # the writer builds them, and says what went wrong
            ready = None
    return _Prepared("parsed", sha, len(data), parsed, prebuilt=ready)


@dataclass(frozen=True)
class _Located:
    """A file as the user named it (for messages) and as the store keys it (resolved)."""

    shown: str
    resolved: str
    path: Path


def _locate(path: Path | str) -> _Located:
    return _Located(str(path), source_path(path), Path(path).expanduser())


def _known_sha(db: sqlite_utils.Database, resolved: str) -> str | None:
    row = db.conn.execute(
        "SELECT sha256 FROM sources WHERE path = ? AND status = 'ok'", [resolved]
    ).fetchone()
    return row[0] if row else None


def _write(db: sqlite_utils.Database, where: _Located, prepared: _Prepared) -> FileResult:
    """The writer's half of ingesting a file: one transaction, or one line saying why not."""
    shown = where.shown
    if prepared.kind == "unreadable":
        return FileResult(shown, "failed", _one_line(f"{shown}: {prepared.reason}"))
    if prepared.kind == "unchanged":
        return FileResult(shown, "unchanged")

    def failed(reason: str) -> FileResult:
        message = _one_line(f"{shown}: {reason}")
        _record_failure(db, where.resolved, prepared.sha256, message)
        return FileResult(shown, "failed", message)

    if prepared.kind == "failed" or prepared.parsed is None:
        return failed(prepared.reason or "could not parse")
    # Parsed ahead of time (in a worker): another ingest may have stored these same
    # bytes meanwhile, which makes the file unchanged after all.
    if _known_sha(db, where.resolved) == prepared.sha256:
        return FileResult(shown, "unchanged")
    parsed = prepared.parsed
    try:
        store_document(
            db,
            where.resolved,
            parsed,
            sha256=prepared.sha256 or "",
            size=prepared.size,
            name=where.path.name,
            prebuilt=prepared.prebuilt,
        )
    except (sqlite3.Error, ValueError) as exc:
        return failed(f"could not write to the store ({exc})")
    items = [i for m in parsed.meetings for i in m.items]
    return FileResult(
        shown,
        "ok",
        meetings=len(parsed.meetings),
        items=len(items),
        resolutions=sum(len(i.resolutions) for i in items),
        actions=sum(len(i.actions) for i in items),
    )


def ingest_file(
    db: sqlite_utils.Database, path: Path | str, *, budget: FileBudget = DEFAULT_BUDGET
) -> FileResult:
    """Ingest one file. Never raises for bad input: the result says what went wrong."""
    where = _locate(path)
    return _write(db, where, _prepare_located(db, where, budget))


ProgressCallback = Callable[[int, int | None, FileResult], None]


# --- many files: parsing in worker processes, one writer ----------------------------------------

# Below this many files the worker processes' start-up costs more than they save.
POOL_MIN_FILES = 12
# With this many workers or more, they also build the rows of the meetings they parse
# (``store.prebuilt``), leaving the writer only to number and write them. The writer is
# the one step that cannot be spread over the cores: on 500 modern.gov pages its time
# fell from 2.0-2.9 s to 1.1-1.4 s, which is the whole ingest's floor once there are
# cores enough for the parsing. On two cores the workers and the writer already share
# every core, so moving work between them gains nothing and the pickling of the rows
# (+4% of the processor time) is a loss: two workers do not build ahead.
PREBUILD_MIN_WORKERS = 3
# Files go to the workers in small batches: one task per file cost the writer a
# noticeable share of its time in the pool's own pickling and queue threads.
_BATCH = 4
# Batches read ahead of the writer per worker: enough to keep every worker busy while
# the writer commits, few enough that a batch of big files cannot fill the memory.
_AHEAD_PER_WORKER = 2


# A checkpoint copies the WAL into the store file and syncs it: at SQLite's default
# (every 1,000 pages) a bulk ingest checkpointed every few files and waited on the disk
# each time. For a run of many files the writer lets the WAL grow to 8,192 pages first
# (closing the store checkpoints and removes it anyway).
_RUN_CHECKPOINT_PAGES = 8192


# Files written together in one transaction, each inside its own savepoint. A commit
# writes every page the transaction touched to the WAL, and consecutive files touch
# many of the same pages (the index b-trees, the FTS segment): committing each file
# was a third of the writer's time per file. A batch commits after this long or
# this many files, whichever comes first, so readers and a second ingest wait at most
# about that long for the lock, and a kill loses at most one batch of work.
_COMMIT_SECONDS = 0.05
_COMMIT_FILES = 64


class _Batches:
    """The writer's transactions: files written in batches, reported once committed.

    Each file is written in a savepoint inside the batch's transaction, so a file
    that fails leaves nothing of itself behind and the others stand. Results (and
    progress) are given only after their batch commits: a file reported stored is
    stored. If an error ends the whole transaction (the disk filled up, say), the
    batch's files are written again one transaction each, as a batch of one would.
    """

    def __init__(
        self,
        db: sqlite_utils.Database,
        report: IngestReport,
        total: int,
        on_progress: ProgressCallback | None,
    ) -> None:
        self.db = db
        self.report = report
        self.total = total
        self.on_progress = on_progress
        self.pending: list[tuple[_Located, _Prepared, FileResult]] = []
        self.started = 0.0

    def __enter__(self) -> _Batches:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        # Ctrl+C or an error between files: the files already written are whole; keep them.
        self.commit()

    def write(self, where: _Located, prepared: _Prepared) -> None:
        conn = self.db.conn
        if not self.pending:
            begin_immediate(conn)  # waits for another writer's turn to end
            self.started = time.perf_counter()
        result = _write(self.db, where, prepared)
        self.pending.append((where, prepared, result))
        if not conn.in_transaction:
            self._one_by_one()
        elif (
            len(self.pending) >= _COMMIT_FILES
            or time.perf_counter() - self.started >= _COMMIT_SECONDS
        ):
            self.commit()

    def commit(self) -> None:
        if not self.pending:
            return
        if not self.db.conn.in_transaction:  # lost to an error that escaped a file's savepoint
            self._one_by_one()
            return
        try:
            tracker.track_pending(self.db.conn)
            self.db.conn.execute("COMMIT")
        except sqlite3.Error:
            if self.db.conn.in_transaction:
                self.db.conn.execute("ROLLBACK")
            self._one_by_one()
            return
        self._report([result for _, _, result in self.pending])

    def _one_by_one(self) -> None:
        """The transaction was lost with the batch's files in it: write each alone."""
        if self.db.conn.in_transaction:
            self.db.conn.execute("ROLLBACK")
        pending, self.pending = self.pending, []
        results = []
        for where, prepared, _ in pending:  # outside a transaction, each opens its own
            results.append(_write(self.db, where, prepared))
        self._report(results)

    def _report(self, results: list[FileResult]) -> None:
        self.pending = []
        for result in results:
            self.report.results.append(result)
            if self.on_progress is not None:
                self.on_progress(len(self.report.results), self.total, result)


def default_workers() -> int:
    """One parsing process per CPU this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _worker_started(parent: int) -> None:
    """In each worker: leave Ctrl+C to the writer, and die with it.

    Ctrl+C reaches the whole process group; the writer decides (it rolls back the
    file it is writing and stops), so a worker ignores it. A writer killed outright
    (SIGKILL, a crash) cannot stop its workers, so each one exits by itself as soon
    as its parent is gone instead of lingering and holding the terminal's pipes.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Everything the worker was forked with (the parsers' modules, their compiled
    # grammar) lives as long as it does: out of the collector's sight, the full
    # collections a page's tree of objects sets off do not walk it again each time
    # (and do not write to the pages it shares with the writer).
    gc.freeze()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.1)
        os._exit(1)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()


def _prepare_batch(
    batch: Sequence[tuple[str, str | None, str | None]], budget: FileBudget = DEFAULT_BUDGET
) -> list[_Prepared]:
    """``_prepare`` for a few files (path, known hash, path in the store to build their
    rows for, if any), in one task."""
    return [_prepare(path, known, budget, stored_as) for path, known, stored_as in batch]


def _prepare_located(
    db: sqlite_utils.Database, where: _Located, budget: FileBudget = DEFAULT_BUDGET
) -> _Prepared:
    """``_prepare`` in this process (the writer's: nothing is built ahead of it)."""
    return _prepare(str(where.path), _known_sha(db, where.resolved), budget)


def _prepared_in_order(
    db: sqlite_utils.Database,
    files: Sequence[_Located],
    workers: int,
    budget: FileBudget = DEFAULT_BUDGET,
) -> Generator[tuple[_Located, _Prepared]]:
    """Each file with its read-and-parse outcome, in file order.

    With more than one worker and more than a handful of files, files are parsed in
    a process pool, ``_BATCH`` at a time, while the caller writes earlier ones; at
    most ``workers * _AHEAD_PER_WORKER`` batches are in flight. The store's hash of each
    file is looked up when the file is handed out, so unchanged files are never
    parsed. If the pool breaks (a worker killed, out of memory), the rest is parsed
    here.
    """
    if workers <= 1 or len(files) < POOL_MIN_FILES:
        for where in files:
            yield where, _prepare_located(db, where, budget)
        return
    # Fork where there is fork: a worker starts in milliseconds with the parsers
    # already imported (Python 3.14 makes forkserver the default on Linux).
    methods = multiprocessing.get_all_start_methods()
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork" if "fork" in methods else None),
        initializer=_worker_started,
        initargs=(os.getpid(),),
    )
    prebuilding = workers >= PREBUILD_MIN_WORKERS
    # None in place of a future: parse here (the pool broke).
    pending: deque[tuple[list[_Located], Future[list[_Prepared]] | None]] = deque()
    batches = (list(files[i : i + _BATCH]) for i in range(0, len(files), _BATCH))

    broken = False

    def hand_out(batch: list[_Located]) -> None:
        nonlocal broken
        future = None
        if not broken:
            work = [
                (str(w.path), _known_sha(db, w.resolved), w.resolved if prebuilding else None)
                for w in batch
            ]
            try:
                future = pool.submit(_prepare_batch, work, budget)
            except BrokenProcessPool:  # a worker died since the last result
                broken = True
        pending.append((batch, future))

    try:
        for batch in itertools.islice(batches, workers * _AHEAD_PER_WORKER):
            hand_out(batch)
        while pending:
            batch, future = pending.popleft()
            prepared: list[_Prepared] | None = None
            if future is not None and not broken:
                try:
                    prepared = future.result()
                except BrokenProcessPool:
                    broken = True
            for index, where in enumerate(batch):
                if prepared is None:
                    yield where, _prepare_located(db, where, budget)
                else:
                    yield where, prepared[index]
            following = next(batches, None)
            if following is not None:
                hand_out(following)
        pool.shutdown(wait=True)
    finally:
        # Interrupted (Ctrl+C, a store error): drop what has not started; the workers
        # finish the file in hand and exit.
        pool.shutdown(wait=False, cancel_futures=True)


def bulk_pays(db: sqlite_utils.Database, files: Sized) -> bool:
    """Whether a run of ``files`` should rebuild the search index once at its end (as
    ``--bulk`` does) rather than update it file by file: a first fill, many files into a
    store that holds no items yet.

    Into an empty store the rebuild reads exactly what the run wrote, once, and leaves
    the index merged; kept current file by file, each file's words went through the
    triggers and FTS5's merges of the segments every transaction added. On 500
    modern.gov pages beside a busy core the ingest took 5.55 s against 6.17 s (the
    mean of four runs each). The price: until the run ends, a search of the store
    (the app open on it meanwhile) finds none of the new items, and the reader warns so.
    With items already stored the run keeps the index current, so what was searchable
    stays searchable throughout.
    """
    if len(files) < POOL_MIN_FILES:
        return False
    return db.conn.execute("SELECT 1 FROM items LIMIT 1").fetchone() is None


def ingest_paths(
    db: sqlite_utils.Database,
    paths: Iterable[Path | str],
    *,
    on_progress: ProgressCallback | None = None,
    bulk: bool | None = None,
    workers: int | None = None,
    budget: FileBudget = DEFAULT_BUDGET,
) -> IngestReport:
    """Ingest files and folders, all or nothing per file, in file order.

    Files are parsed in ``workers`` processes (default: one per CPU when called
    from the main thread, else 1; 1 parses in this process) while this process
    writes; the store sees exactly what a one-by-one ingest writes.
    ``on_progress(done, total, result)`` is called after each file. ``bulk``
    drops the full-text triggers for the run and rebuilds the index once at the
    end (much faster for a large first ingest); the store is searchable and
    consistent again when this returns, even if the run is interrupted. ``None``
    (the default): bulk when it pays (``bulk_pays``, a first fill). Each file is
    read within ``budget`` (time and memory); one over it fails and the rest go on.
    """
    files = [_locate(p) for p in iter_files(paths)]
    report = IngestReport()
    if bulk is None:
        bulk = bulk_pays(db, files)
    checkpoint_pages = db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    if len(files) >= POOL_MIN_FILES and 0 < checkpoint_pages < _RUN_CHECKPOINT_PAGES:
        db.conn.execute(f"PRAGMA wal_autocheckpoint = {_RUN_CHECKPOINT_PAGES}")
    if bulk:
        with write_transaction(db):
            schema.drop_fts_triggers(db)
    try:
        if workers is None:
            # Workers are forked: from the main thread only (the CLI), never from a
            # thread of a running app, where another thread may hold a lock the
            # child would inherit held.
            on_main = threading.current_thread() is threading.main_thread()
            workers = default_workers() if on_main else 1
        with (
            contextlib.closing(_prepared_in_order(db, files, workers, budget)) as outcomes,
            _Batches(db, report, len(files), on_progress) as batches,
        ):
            for where, prepared in outcomes:
                batches.write(where, prepared)
    finally:
        db.conn.execute(f"PRAGMA wal_autocheckpoint = {int(checkpoint_pages)}")
        if bulk:
            try:
                with write_transaction(db):
                    schema.rebuild_fts(db)
            except sqlite3.OperationalError as exc:
                # The disk filled (or the store was taken away) before the index could be
                # rebuilt: what was stored stays; the next writer to open the store
                # rebuilds the index (store.db.index_is_stale). Said, never silent.
                report.index_error = (
                    f"the search index could not be rebuilt ({exc}); it will be rebuilt"
                    " the next time the store is opened for writing, once there is room"
                )
    if not bulk:
        # After the run, not in ``finally``: an interrupted or failing run leaves
        # the index as its last file did, whole.
        schema.tidy_fts_if_room(db, sum(1 for r in report.results if r.status == "ok"))
    return report


__all__ = [
    "FileResult",
    "IngestReport",
    "StoreError",
    "bulk_pays",
    "decoded_contributions",
    "default_workers",
    "ingest_file",
    "ingest_paths",
    "iter_files",
    "rebuild_meeting",
    "store_document",
]
