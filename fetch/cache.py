"""The download cache: one file per URL beside the store, and an index of what was fetched.

The cache says what was downloaded, never what was ingested: that is what the
store holds (its sources' SHA-256 hashes), so a new or deleted store, or a
second ``--db`` beside the first, is always filled from the cache.

Layout (``root`` is ``<store folder>/cache``)::

    cache/
      democracy.example.gov.uk/         # or www.torbay.gov.uk_DemocraticServices/
        index.json                      # url -> file, ETag, Last-Modified, fetch time;
                                        # meeting id -> date, minutes approved, its files
        index.jsonl                     # journal of this run's updates (folded into index.json)
        lists/                          # how the site was listed (not documents)
          robots.txt
          mgWebService.asmx/GetCommittees.xml
          mgWebService.asmx/GetMeetings__lCommitteeId=1079_sFromDate=01-09-2017_....xml
          mgWebService.asmx/GetMeeting__lMeetingId=7240.xml   # --pdf, when the page lists none
        pages/                          # the documents; `minutes-tui ingest` reads this folder
          ieListDocuments.aspx__CId=1079_MId=7016.html
          mgAi.aspx__ID=62184.html
          mgConvert2PDF.aspx__ID=7016_T=1.pdf
          documents/g7240/Printed_minutes_16th-Jan-2018_14.00_Executive_Board.pdf

File names come from the URL's path and query, so a person can find a page
by its address. Files are written to a temporary name and renamed into place,
so an interrupted run never leaves half a page; index updates are appended to
a journal line by line (a torn last line is ignored on load), so the index
always says which files are complete, even after Ctrl+C or a crash.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

INDEX_NAME = "index.json"
JOURNAL_NAME = "index.jsonl"
_UNSAFE = re.compile(r"[^A-Za-z0-9._=-]+")
_MAX_NAME = 150
# A file name may have 255 bytes and a path 4,096 (PATH_MAX) on Linux; a hostile site's
# link with a 300-character folder name raised ENAMETOOLONG. Every segment is held to
# _MAX_NAME, and a deeper path than this is folded into one hashed name.
_MAX_RELATIVE = 600


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def host_folder(url: str) -> str:
    """The cache folder name for a URL's site: its host, with the port when not the default.

    ``https://127.0.0.1:8123/x`` -> ``127.0.0.1_8123`` (a colon is not allowed in a
    Windows file name).
    """
    parts = urlsplit(url)
    host = (parts.hostname or "site").lower()
    if parts.port is not None:
        host = f"{host}_{parts.port}"
    return _UNSAFE.sub("_", host)


def site_folder(site_url: str) -> str:
    """The cache folder of a site: its host, plus its base path when it has one
    (``https://www.torbay.gov.uk/DemocraticServices/`` -> ``www.torbay.gov.uk_DemocraticServices``),
    so two modern.gov sites on one host never share files."""
    path = urlsplit(site_url).path.strip("/")
    name = host_folder(site_url)
    return f"{name}_{_UNSAFE.sub('_', path)}" if path else name


def _extension(path: str, content_type: str | None) -> str:
    """A file extension a person recognises, from the URL (modern.gov's pages are .aspx)."""
    lower = path.lower()
    if "/mgwebservice.asmx/" in lower or lower.endswith(".xml"):
        return ".xml"
    if "mgconvert2pdf" in lower or lower.endswith(".pdf"):
        return ".pdf"
    if lower.endswith(".txt"):
        return ".txt"
    if content_type:
        kind = content_type.split(";")[0].strip().lower()
        if kind == "application/pdf":
            return ".pdf"
        if kind.endswith("/xml"):
            return ".xml"
    return ".html"


def relative_name(url: str, *, base_path: str = "/", content_type: str | None = None) -> str:
    """The cache file name for ``url``, relative to its host folder.

    The site's base path (``/DemocraticServices/`` on some councils) is dropped;
    the rest of the path keeps its folders, and the query becomes
    ``__key=value_key=value`` with the parameters in the order given. Unsafe
    characters become ``_``; very long names are shortened with a hash so two
    URLs never share a file.
    """
    parts = urlsplit(url)
    path = unquote(parts.path) or "/"
    if base_path != "/" and path.lower().startswith(base_path.lower()):
        path = "/" + path[len(base_path) :]
    segments = [_UNSAFE.sub("_", s) for s in path.split("/") if s and s not in (".", "..")]
    if not segments:
        segments = ["index"]
    folders = [_shorten(s, url) for s in segments[:-1]]
    if sum(len(f) + 1 for f in folders) > _MAX_RELATIVE - _MAX_NAME:
        folders = [f"deep-{hashlib.sha256('/'.join(folders).encode()).hexdigest()[:16]}"]
    stem = segments[-1]
    query = parse_qsl(parts.query, keep_blank_values=True)
    if query:
        stem += "__" + "_".join(_UNSAFE.sub("-", f"{k}={v}") for k, v in query)
    ext = _extension(path, content_type)
    if stem.lower().endswith(ext):
        stem = stem[: -len(ext)]
    return "/".join([*folders, _shorten(stem, url, ext) + ext])


def _shorten(name: str, url: str, ext: str = "") -> str:
    """``name`` cut so that name + ext fits _MAX_NAME, with a hash of the URL so that two
    URLs never share a file."""
    if len(name) + len(ext) <= _MAX_NAME:
        return name
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]
    return f"{name[: _MAX_NAME - len(ext) - 13]}-{digest}"


@dataclass
class CacheEntry:
    """What the index knows about one URL."""

    file: str  # relative to the host folder
    sha256: str
    size: int
    fetched_at: str
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None


@dataclass
class MeetingRecord:
    """What the last run learned about one meeting: enough to skip asking the site again
    about a meeting whose approved minutes cannot change any more (``settled``)."""

    date: str | None  # ISO date, from the listing
    approved: bool  # its minutes were fetched as approved (not draft, not agenda only)
    urls: list[str]  # the documents of the meeting in the cache, ingested together
    checked_at: str
    with_pdf: bool = False  # the printed minutes were asked for too


_ENTRY_FIELDS = frozenset(CacheEntry.__dataclass_fields__)
_MEETING_FIELDS = frozenset(MeetingRecord.__dataclass_fields__)


def _entry(data: dict) -> CacheEntry:
    # Older indexes carry fields this version no longer keeps (``ingested_sha256``).
    return CacheEntry(**{k: v for k, v in data.items() if k in _ENTRY_FIELDS})


def _meeting(data: dict) -> MeetingRecord:
    return MeetingRecord(**{k: v for k, v in data.items() if k in _MEETING_FIELDS})


class SiteCache:
    """The cache folder of one site, with its index.

    Not thread-safe: the fetcher makes one request at a time by design.
    """

    def __init__(self, root: Path, site_url: str) -> None:
        self.folder = Path(root) / site_folder(site_url)
        self.base_path = urlsplit(site_url).path or "/"
        self.entries: dict[str, CacheEntry] = {}
        self.meetings: dict[str, MeetingRecord] = {}
        self._load()

    # --- index ------------------------------------------------------------------------------

    def _load(self) -> None:
        index = self.folder / INDEX_NAME
        with contextlib.suppress(FileNotFoundError, ValueError, OSError):
            raw = json.loads(index.read_text(encoding="utf-8"))
            for url, data in raw.get("entries", {}).items():
                with contextlib.suppress(TypeError, AttributeError):
                    self.entries[url] = _entry(data)
            for mid, data in raw.get("meetings", {}).items():
                with contextlib.suppress(TypeError, AttributeError):
                    self.meetings[mid] = _meeting(data)
        journal = self.folder / JOURNAL_NAME
        with contextlib.suppress(FileNotFoundError, OSError):
            for line in journal.read_text(encoding="utf-8").splitlines():
                try:
                    record = json.loads(line)
                    if "meeting" in record:
                        mid = str(record.pop("meeting"))
                        self.meetings[mid] = _meeting(record)
                    else:
                        url = record.pop("url")
                        self.entries[url] = _entry(record)
                except (ValueError, KeyError, TypeError, AttributeError):
                    continue  # a line torn by a crash: that file will be fetched again
        # An entry whose file is gone (deleted by hand) is not cached any more.
        self.entries = {u: e for u, e in self.entries.items() if (self.folder / e.file).is_file()}

    def _journal(self, url: str, entry: CacheEntry) -> None:
        self._append({"url": url, **asdict(entry)})

    def _append(self, record: dict) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with open(self.folder / JOURNAL_NAME, "a", encoding="utf-8") as journal:
            journal.write(line)
            journal.flush()

    def compact(self) -> None:
        """Fold the journal into ``index.json`` (atomically) and remove the journal."""
        if not self.folder.exists():
            return
        payload = {
            "version": 2,
            "entries": {url: asdict(e) for url, e in sorted(self.entries.items())},
            "meetings": {mid: asdict(m) for mid, m in sorted(self.meetings.items())},
        }
        data = json.dumps(payload, indent=1, ensure_ascii=False).encode("utf-8")
        write_atomically(self.folder / INDEX_NAME, iter([data]))
        with contextlib.suppress(FileNotFoundError):
            (self.folder / JOURNAL_NAME).unlink()

    # --- files ------------------------------------------------------------------------------

    def get(self, url: str) -> CacheEntry | None:
        return self.entries.get(url)

    def path_of(self, entry: CacheEntry) -> Path:
        return self.folder / entry.file

    def store(
        self,
        url: str,
        chunks: Iterator[bytes],
        *,
        folder: str,
        etag: str | None,
        last_modified: str | None,
        content_type: str | None,
    ) -> tuple[CacheEntry, bool]:
        """Write a response body into the cache; return its entry and whether the bytes changed.

        ``folder`` is ``"pages"`` for documents and ``"lists"`` for everything else.

        The body lands under a temporary name and is renamed into place only when
        complete, then the index records it.
        """
        relative = relative_name(url, base_path=self.base_path, content_type=content_type)
        name = f"{folder}/{relative}"
        target = self.folder / name
        digest, size = write_atomically(target, chunks)
        previous = self.entries.get(url)
        entry = CacheEntry(
            file=name,
            sha256=digest,
            size=size,
            fetched_at=_now(),
            etag=etag,
            last_modified=last_modified,
            content_type=content_type,
        )
        if previous and previous.file != name:
            with contextlib.suppress(OSError):
                (self.folder / previous.file).unlink()
        self.entries[url] = entry
        self._journal(url, entry)
        return entry, previous is None or previous.sha256 != digest

    def touch(self, url: str, *, etag: str | None, last_modified: str | None) -> CacheEntry:
        """A 304: the cached file stands; note the check time and any new validators."""
        entry = self.entries[url]
        entry.fetched_at = _now()
        entry.etag = etag or entry.etag
        entry.last_modified = last_modified or entry.last_modified
        self._journal(url, entry)
        return entry

    def record_meeting(
        self,
        meeting_id: str,
        *,
        date: dt.date | None,
        approved: bool,
        urls: list[str],
        with_pdf: bool = False,
    ) -> None:
        record = MeetingRecord(date.isoformat() if date else None, approved, urls, _now(), with_pdf)
        self.meetings[meeting_id] = record
        self._append({"meeting": meeting_id, **asdict(record)})


def write_atomically(target: Path, chunks: Iterator[bytes]) -> tuple[str, int]:
    """Write ``chunks`` to ``target`` via a temporary file and a rename.

    Returns (sha256, size). If anything interrupts the write (a network error,
    Ctrl+C), the temporary file is removed and ``target`` is as it was.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
                digest.update(chunk)
                size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return digest.hexdigest(), size
