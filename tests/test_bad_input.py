"""Nothing lost, nothing trusted: every kind of bad file, through ``ingest_paths`` and the CLI.

The bad corpus is generated into a temporary folder (nothing large is committed):
empty, binary junk, truncated HTML, invalid UTF-8, cp1252, mojibake, 10,000-deep
HTML, an entity-expansion bomb, an external-entity XML, encrypted / corrupt /
scanned (image-only) PDFs, an unreadable file, a symlink loop and a file that
disappears between listing and reading. For each the promise is the same:

* a one-line error naming the file and the reason (or a clean parse where the
  file is in fact readable, e.g. cp1252 text);
* the rest of the batch goes on;
* the store is unchanged by the failed file (a full dump of every table, keyed
  by source path rather than by row id, is compared with a store that never saw it);
* time and memory stay bounded (a 50 MB file is ingested in a subprocess that
  measures its own peak RSS growth).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers import ParseError, Source, parse
from store import ingest as ingest_module
from store.db import open_store
from store.ingest import FileResult, ingest_paths

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"
SEED_000 = SEEDS / "000_81d86c97e4813351.txt"  # meeting page, Children's Partnership Board
GOOD_HTML = (
    FIXTURES / "html" / "nottingham_ieListDocuments_childrens-partnership-board_2017-09.html"
)
GOOD_LATE = FIXTURES / "html" / "kent_ieListDocuments_env-transport_2018-11.html"
SECRET = "XXE-SECRET-7f3a9c"


# --- hand-made PDFs ---------------------------------------------------------------------------


def build_pdf(objects: list[bytes]) -> bytes:
    """A minimal, valid PDF from numbered object bodies (object 1 is the catalog)."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(content: bytes, extra: str = "") -> bytes:
    return f"<< {extra} /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream"


def text_pdf(lines: list[str]) -> bytes:
    """One page of Helvetica text, one line per entry."""
    ops = ["BT", "/F1 11 Tf", "14 TL", "50 780 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({escaped}) Tj T*")
    ops.append("ET")
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            _stream("\n".join(ops).encode("latin-1")),
        ]
    )


def long_pdf(pages: int, lines_per_page: int = 50) -> bytes:
    """``pages`` pages of text sharing one content stream: a small file with a lot to read."""
    ops = ["BT", "/F1 9 Tf", "11 TL", "40 800 Td"]
    ops += [
        f"(Line {i}: RESOLVED that the Committee notes the report of the Director) Tj T*"
        for i in range(lines_per_page)
    ]
    ops.append("ET")
    first_page = 5
    kids = " ".join(f"{first_page + i} 0 R" for i in range(pages))
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            _stream("\n".join(ops).encode("latin-1")),
            *[
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
                b" /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
            ]
            * pages,
        ]
    )


def scanned_pdf() -> bytes:
    """A 'scanned' page: one grey image, no text layer at all."""
    pixels = zlib.compress(bytes(random.Random(3).randrange(256) for _ in range(64 * 64)))
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
            _stream(
                pixels,
                "/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray"
                " /BitsPerComponent 8 /Filter /FlateDecode",
            ),
            _stream(b"q 495 0 0 742 50 50 cm /Im0 Do Q"),
        ]
    )


MINUTES_PDF_LINES = [
    "Audit Committee",
    "Tuesday 1 March 2016 7.15 pm",
    "PRESENT: Councillor Peter Southgate (in the Chair)",
    "1 DECLARATIONS OF INTEREST (Agenda item 2)",
    "None.",
    "2 MINUTES OF THE PREVIOUS MEETING (Agenda item 3)",
    "RESOLVED: That the minutes be agreed as a true record.",
]


def encrypted_pdf() -> bytes:
    """The text PDF encrypted with a user password (pypdf, AES-128)."""
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(MINUTES_PDF_LINES))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- the corpus -------------------------------------------------------------------------------


def mutate_to_mojibake(text: str) -> str:
    """UTF-8 bytes read as cp1252 and saved again as UTF-8: ``Children’s`` -> ``Childrenâ€™s``."""
    return text.encode("utf-8").decode("cp1252", errors="replace")


# name -> expectation: "fail:<words any of which the reason must contain>" or "ok" or "either".
EXPECTED: dict[str, str] = {
    "empty.txt": "fail:empty",
    "junk.bin": "fail:binary|unrecognised",
    "truncated.html": "either",
    "invalid-utf8.html": "ok",
    "cp1252.html": "ok",
    "mojibake.txt": "either",
    "nested.html": "either",
    "bomb.xml": "fail:entit|dtd|forbidden|refused",
    "xxe.xml": "fail:entit|dtd|forbidden|refused",
    "encrypted.pdf": "fail:encrypted|password",
    "corrupt.pdf": "fail:corrupt|unreadable|truncated",
    "scanned.pdf": "fail:scanned|no text|ocr",
}


def write_bad_corpus(folder: Path) -> dict[str, Path]:
    """Write every bad file into ``folder``; returns name -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    seed = SEED_000.read_bytes()
    seed_text = seed.decode("utf-8")
    html = GOOD_HTML.read_bytes()
    files: dict[str, bytes] = {
        "empty.txt": b"",
        "junk.bin": random.Random(0).randbytes(8192) + b"\x00" * 16,
        "truncated.html": html[: len(html) * 2 // 5],
        # Two stray bytes that are not UTF-8 in an otherwise UTF-8 page.
        "invalid-utf8.html": html.replace(b"Loxley", b"Lox\xff\xfeley", 1),
        "cp1252.html": html.decode("utf-8").encode("cp1252"),  # curly quotes as 0x92
        "mojibake.txt": mutate_to_mojibake(seed_text).encode("utf-8"),
        "nested.html": (
            "<html><body><div class='mgContent'>"
            "<h1 class='mgMainTitleTxt'>Agenda and minutes</h1>"
            "<h2 class='mgSubTitleTxt'>Cabinet - Tuesday, 2nd October, 2018 2.00 pm</h2>"
            + "<div>" * 10_000
            + "deep"
            + "</div>" * 10_000
            + "</div></body></html>"
        ).encode(),
        "bomb.xml": (
            '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
            + "".join(
                f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
                for i in range(1, 10)
            )
            + "]>\n<GetMeetingResponse><meeting><committeetitle>&lol9;</committeetitle>"
            "<meetingdate>01/03/2016</meetingdate></meeting></GetMeetingResponse>\n"
        ).encode(),
        "xxe.xml": (
            '<?xml version="1.0"?>\n<!DOCTYPE meeting [\n'
            f' <!ENTITY xxe SYSTEM "file://{folder.parent / "secret.txt"}">\n'
            ' <!ENTITY net SYSTEM "http://192.0.2.1/x.dtd">\n]>\n'
            "<GetMeetingResponse><meeting><committeetitle>&xxe;&net;</committeetitle>"
            "<meetingdate>01/03/2016</meetingdate></meeting></GetMeetingResponse>\n"
        ).encode(),
        "encrypted.pdf": encrypted_pdf(),
        "corrupt.pdf": text_pdf(MINUTES_PDF_LINES)[:300] + random.Random(1).randbytes(600),
        "scanned.pdf": scanned_pdf(),
    }
    (folder.parent / "secret.txt").write_text(SECRET)
    paths = {}
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        paths[name] = path
    return paths


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_bad_corpus(tmp_path_factory.mktemp("bad") / "corpus")


# --- comparing stores -------------------------------------------------------------------------


def canonical_dump(path: Path) -> dict[str, list]:
    """Every visible table, source ids replaced by paths and surrogate ids dropped.

    Row ids depend on insertion history (a failed file's ``sources`` row takes an
    id), so rows are compared by content and references by what they point to;
    ``sources`` keeps only files that were read successfully (failures are noted
    there by design) and drops timestamps.
    Schema objects (tables, triggers, indexes) are part of the dump: a lost
    trigger is a corrupted store too.
    """
    conn = sqlite3.connect(path)
    try:
        paths = dict(conn.execute("SELECT id, path FROM sources"))
        item_ids = dict(conn.execute("SELECT rowid, id FROM items"))
        out: dict[str, list] = {
            "schema": sorted(
                conn.execute(
                    "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
                    " AND name NOT LIKE 'items_fts_%'"
                ).fetchall()
            )
        }
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " AND name NOT LIKE 'items_fts%' AND name NOT LIKE '\\_%' ESCAPE '\\'"
            )
        ]
        for table in tables:
            cursor = conn.execute(f'SELECT * FROM "{table}"')
            columns = [d[0] for d in cursor.description]
            rows = []
            for values in cursor:
                row = dict(zip(columns, values, strict=True))
                if table == "sources":
                    if row["status"] != "ok":
                        continue
                    row.pop("ingested_at", None)
                row.pop("id", None)
                row.pop("rowid", None)
                # Integer keys that follow insertion order (a meeting's ``seq``, the item
                # rowid built from it) differ with the order files were ingested in: an
                # item rowid is compared as the item it points to.
                row.pop("seq", None)
                # News stamps say when the store learnt of a row (``store.news``): the
                # history of the writes, like ``ingested_at``, not what the store holds.
                row.pop("added", None)
                row.pop("changed", None)
                if table == "store_state" and row["name"] == "epoch":
                    continue
                if "item_rowid" in row:
                    row["item_rowid"] = item_ids.get(
                        row["item_rowid"], f"dangling {row['item_rowid']}"
                    )
                if "source_id" in row:
                    row["source_id"] = paths.get(row["source_id"], row["source_id"])
                rows.append(tuple(sorted(row.items())))
            out[table] = sorted(rows, key=repr)
        # The full-text index: which items each word finds (the index is checked, not
        # just the table it indexes).
        words = sorted(
            {
                w.lower()
                for (title,) in conn.execute("SELECT title FROM items")
                for w in (title or "").split()
                if w.isalpha() and len(w) > 3
            }
        )[:40]
        out["fts"] = [
            (
                w,
                sorted(
                    r[0]
                    for r in conn.execute(
                        "SELECT i.id FROM items_fts f JOIN items i ON i.rowid = f.rowid"
                        " WHERE items_fts MATCH ?",
                        [f'"{w}"'],
                    )
                ),
            )
            for w in words
        ]
        return out
    finally:
        conn.close()


def assert_one_line_error(result: FileResult, path: Path, expectation: str) -> None:
    """The failure names the file and says why, on one line."""
    assert result.status == "failed", (path.name, result)
    assert result.error is not None
    assert "\n" not in result.error and "\r" not in result.error
    assert path.name in result.error
    reason = result.error.split(f"{path.name}:", 1)[-1].strip()
    assert reason, result.error
    assert "Traceback" not in result.error
    if expectation.startswith("fail:"):
        words = expectation[len("fail:") :].split("|")
        assert any(w in reason.lower() for w in words), (path.name, reason)


def ingest(db_path: Path, paths: list[Path], **kwargs) -> list[FileResult]:
    db = open_store(db_path)
    try:
        return ingest_paths(db, paths, **kwargs).results
    finally:
        db.close()


# --- through ingest_paths ---------------------------------------------------------------------


def test_each_bad_file_fails_alone_and_leaves_the_store_as_it_was(
    bad_corpus: dict[str, Path], tmp_path: Path
) -> None:
    """Seeds first; then the whole bad corpus followed by one good file, in one batch."""
    seeds = sorted(p for p in (FIXTURES / "html").glob("*.html") if p != GOOD_LATE)
    failing = [n for n, e in EXPECTED.items() if e.startswith("fail")]
    reference = tmp_path / "reference.db"
    ingest(reference, seeds)
    ingest(reference, [GOOD_LATE])

    store = tmp_path / "store.db"
    ingest(store, seeds)
    started = time.perf_counter()
    results = ingest(store, [*(bad_corpus[n] for n in failing), GOOD_LATE])
    elapsed = time.perf_counter() - started

    by_name = {Path(r.path).name: r for r in results}
    for name in failing:
        assert_one_line_error(by_name[name], bad_corpus[name], EXPECTED[name])
    assert by_name[GOOD_LATE.name].status == "ok"  # the batch went on after the failures
    assert canonical_dump(store) == canonical_dump(reference)
    # Failures are recorded, with their one-line reason, for `minutes-tui` to show later.
    conn = sqlite3.connect(store)
    recorded = dict(conn.execute("SELECT name, error FROM sources WHERE status = 'failed'"))
    conn.close()
    assert set(recorded) == set(failing)
    assert elapsed < 30, f"the bad corpus took {elapsed:.1f} s"


def _same_meetings_as_the_utf8_page(path: Path) -> None:
    reference = parse(Source(GOOD_HTML.name, GOOD_HTML.read_bytes()))
    parsed = parse(Source(path.name, path.read_bytes()))
    assert [(m.committee, m.date) for m in parsed.meetings] == [
        (m.committee, m.date) for m in reference.meetings
    ]
    assert [i.title for m in parsed.meetings for i in m.items] == [
        i.title for m in reference.meetings for i in m.items
    ]
    assert parsed.meetings == reference.meetings  # every character came back, ’ included


def test_cp1252_page_reads_as_the_same_meeting(bad_corpus: dict[str, Path]) -> None:
    _same_meetings_as_the_utf8_page(bad_corpus["cp1252.html"])


def test_stray_invalid_bytes_do_not_garble_the_rest_of_a_utf8_page(
    bad_corpus: dict[str, Path],
) -> None:
    """Only the two stray bytes are read as cp1252 ("ÿþ"); every ’ elsewhere survives."""
    reference = parse(Source(GOOD_HTML.name, GOOD_HTML.read_bytes()))
    path = bad_corpus["invalid-utf8.html"]
    parsed = parse(Source(path.name, path.read_bytes()))
    assert parsed.meetings[0].venue == reference.meetings[0].venue.replace("Loxley", "Loxÿþley")
    parsed.meetings[0].venue = reference.meetings[0].venue
    assert parsed.meetings == reference.meetings  # every other character came back, ’ included


def test_odd_but_readable_files_parse_or_fail_cleanly(
    bad_corpus: dict[str, Path], tmp_path: Path
) -> None:
    """Truncated HTML, mojibake, 10,000-deep nesting: a clean parse or a one-line failure."""
    store = tmp_path / "either.db"
    either = [bad_corpus[n] for n, e in EXPECTED.items() if e in ("either", "ok")]
    for result, path in zip(ingest(store, either), either, strict=True):
        if result.status == "failed":
            assert_one_line_error(result, path, "either")
        else:
            assert result.status == "ok" and result.meetings >= 1, result


def test_external_entities_are_never_resolved(bad_corpus: dict[str, Path], tmp_path: Path) -> None:
    store = tmp_path / "xxe.db"
    ingest(store, [bad_corpus["xxe.xml"], bad_corpus["bomb.xml"]])
    with open(store, "rb") as raw:
        assert SECRET.encode() not in raw.read()
    assert "lollollol" not in json.dumps(canonical_dump(store))


def test_unreadable_file_is_reported_and_the_rest_ingested(
    bad_corpus: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """chmod 000 cannot stop root (tests run as root here), so ``read_bytes`` is made to
    refuse exactly as the kernel would; the CLI test below does the real chmod in a user
    namespace where root has no override."""
    folder = tmp_path / "folder"
    folder.mkdir()
    locked = folder / "a-locked.html"
    shutil.copy(GOOD_HTML, locked)
    shutil.copy(GOOD_LATE, folder / GOOD_LATE.name)
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == locked.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    results = ingest(tmp_path / "s.db", [folder])
    assert [Path(r.path).name for r in results] == [locked.name, GOOD_LATE.name]
    assert results[0].status == "failed"
    assert results[0].error == f"{locked}: cannot read (Permission denied)"
    assert results[1].status == "ok"


def test_symlink_loops_end_and_the_rest_is_ingested(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(GOOD_HTML, folder / "sub" / GOOD_HTML.name)
    (folder / "sub" / "up").symlink_to(folder, target_is_directory=True)  # folder loop
    (folder / "self").symlink_to(folder / "self")  # a link to itself (ELOOP)
    (folder / "ping").symlink_to(folder / "pong")
    (folder / "pong").symlink_to(folder / "ping")
    started = time.perf_counter()
    results = ingest(tmp_path / "s.db", [folder])
    assert time.perf_counter() - started < 10
    ok = [Path(r.path).name for r in results if r.status == "ok"]
    assert ok == [GOOD_HTML.name]  # read once, not once per trip round the loop
    for r in results:
        if r.status == "failed":
            assert "\n" not in (r.error or "")


def test_a_file_that_disappears_mid_ingest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The listing is taken first; the file is deleted after the first file is read."""
    folder = tmp_path / "folder"
    folder.mkdir()
    first, doomed, last = folder / "a.html", folder / "b.html", folder / "c.html"
    shutil.copy(GOOD_HTML, first)
    shutil.copy(FIXTURES / "html" / "coventry_ieListDocuments_cabinet_2018-10.html", doomed)
    shutil.copy(GOOD_LATE, last)
    prepare = ingest_module._prepare

    def prepare_then_vanish(file_path: str, known_sha: str | None, *budget):  # type: ignore[no-untyped-def]
        prepared = prepare(file_path, known_sha, *budget)
        if file_path == str(first):
            doomed.unlink()
        return prepared

    monkeypatch.setattr(ingest_module, "_prepare", prepare_then_vanish)
    results = ingest(tmp_path / "s.db", [folder], workers=1)
    assert [r.status for r in results] == ["ok", "failed", "ok"]
    assert results[1].error == f"{doomed}: cannot read (No such file or directory)"


# --- through the CLI --------------------------------------------------------------------------


def run_cli(*args: str | Path, wrap: list[str] | None = None, timeout: float = 120):
    return subprocess.run(
        [*(wrap or []), sys.executable, "-m", "tui.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_cli_reports_one_line_per_bad_file_and_finishes_the_batch(
    bad_corpus: dict[str, Path], tmp_path: Path
) -> None:
    folder = tmp_path / "batch"
    shutil.copytree(bad_corpus["empty.txt"].parent, folder)
    shutil.copy(GOOD_LATE, folder / GOOD_LATE.name)
    db = tmp_path / "cli.db"
    done = run_cli("--db", db, "ingest", folder)
    assert done.returncode == 1, done.stderr  # some files failed
    assert "Traceback" not in done.stderr
    failed_lines = [line for line in done.stderr.splitlines() if line.startswith("failed: ")]
    failing = {n for n, e in EXPECTED.items() if e.startswith("fail")}
    named = {Path(line[len("failed: ") :].split(": ", 1)[0]).name for line in failed_lines}
    assert failing <= named, done.stderr
    assert len(failed_lines) == len(named)  # one line per file
    assert done.stdout.count("\n") == 1 and " read, " in done.stdout  # the one-line summary
    conn = sqlite3.connect(db)
    names = {r[0] for r in conn.execute("SELECT name FROM sources WHERE status = 'ok'")}
    conn.close()
    assert GOOD_LATE.name in names


# A file name that, printed raw, sets the terminal's title and writes its clipboard (OSC 0 and
# OSC 52), then turns the rest of the line right to left.
HOSTILE_NAME = "x\x1b]52;c;cHduZWQ=\x07\x1b]0;pwned\x07\u202e.txt"


def _run_in_a_terminal(*args: str | Path) -> bytes:
    """The CLI's output as a terminal receives it (stdout and stderr on one pty)."""
    import pty

    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tui.cli", *map(str, args)],
            stdin=follower,
            stdout=follower,
            stderr=follower,
            cwd=ROOT,
            env={**os.environ, "COLUMNS": "100", "TERM": "xterm-256color"},
        )
        os.close(follower)
        output = bytearray()
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
        proc.wait(timeout=60)
    finally:
        os.close(leader)
    return bytes(output)


def test_file_names_reach_the_terminal_inert(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / HOSTILE_NAME).write_bytes(b"Parish newsletter: the fete raised money.")
    for i in range(6):  # more than five files: the progress bar shows each name
        shutil.copy(SEEDS / "000_81d86c97e4813351.txt", folder / f"{HOSTILE_NAME}{i}.txt")
    shown = _run_in_a_terminal("--db", tmp_path / "s.db", "ingest", folder)
    assert b"\x1b]" not in shown and b"\x07" not in shown  # no OSC sequence, no bell
    assert "\u202e".encode() not in shown
    text = shown.decode()
    assert "failed: " in text and "x\\x1b]52;c;cHduZWQ=\\x07\\x1b]0;pwned\\x07\\u202e.txt" in text
    # Without a terminal too (the one-line errors of a script's run).
    done = run_cli("--db", tmp_path / "t.db", "ingest", folder / HOSTILE_NAME)
    assert done.returncode == 1
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr and "\u202e" not in done.stderr
    assert done.stderr.startswith(f"failed: {folder}/x\\x1b]52;c;cHduZWQ=\\x07")


UNSHARE = shutil.which("unshare")


def _unshare_works() -> bool:
    if not UNSHARE:
        return False
    return subprocess.run([UNSHARE, "--user", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _unshare_works(), reason="needs `unshare --user` (util-linux)")
def test_cli_really_unreadable_file(tmp_path: Path) -> None:
    """A real chmod 000. Root ignores file modes, so the CLI runs in a new user namespace
    (``unshare --user``), where it keeps uid 0 on disk but has no override: the same
    refusal an ordinary user gets."""
    folder = tmp_path / "folder"
    folder.mkdir()
    locked = folder / "locked.html"
    shutil.copy(GOOD_HTML, locked)
    shutil.copy(GOOD_LATE, folder / GOOD_LATE.name)
    locked.chmod(0)
    try:
        done = run_cli("--db", tmp_path / "s.db", "ingest", folder, wrap=[UNSHARE, "--user"])
    finally:
        locked.chmod(0o644)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"failed: {locked}: cannot read (Permission denied)"]
    assert done.stdout.startswith("2 files read, 1 ingested, 0 unchanged, 1 failed")


# --- bounded time and memory ------------------------------------------------------------------

# Peak RSS is read from /proc/self/status (VmHWM): ``getrusage``'s ru_maxrss is inherited
# across fork + exec on Linux, so in a child of pytest it starts at pytest's own peak.
MEASURE = textwrap.dedent(
    """
    import json, resource, sys, time

    def kb(field):
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])

    from tui.cli import main
    base = kb("VmRSS")
    started = time.perf_counter()
    code = main(sys.argv[1:])
    elapsed = time.perf_counter() - started
    peak = kb("VmHWM")
    print(json.dumps({"code": code, "seconds": round(elapsed, 2),
                      "rss_growth_mb": round((peak - base) / 1024, 1),
                      "peak_mb": round(peak / 1024, 1),
                      "ru_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}),
          file=sys.stderr)
    """
)


def big_meeting_page(target_bytes: int) -> bytes:
    """Seed 000's header and one item whose minutes run to ``target_bytes``."""
    head = SEED_000.read_text(encoding="utf-8").split("\n16.\n", 1)[0]
    rng = random.Random(50)
    words = SEED_000.read_text(encoding="utf-8").split()
    parts = [head, "\n16.\n\nBudget monitoring\n\nMinutes:\n\n"]
    size = sum(len(p) for p in parts)
    paragraph = 0
    while size < target_bytes:
        paragraph += 1
        text = f"({paragraph}) " + " ".join(rng.choice(words) for _ in range(120)) + "\n\n"
        parts.append(text)
        size += len(text.encode("utf-8"))
    parts.append("RESOLVED to note the report.\n")
    return "".join(parts).encode("utf-8")


def measure(tmp_path: Path, path: Path, limit: float) -> tuple[dict, str]:
    """Ingest ``path`` with the CLI in a subprocess; its time and peak memory growth.

    The subprocess is killed at ``limit`` seconds (the test fails then, fast)."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", MEASURE, "--db", str(tmp_path / "m.db"), "ingest", str(path)],
            capture_output=True,
            text=True,
            timeout=limit,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"ingest of {path.name} ({path.stat().st_size >> 20} MB) took over {limit} s")
    stats = json.loads(done.stderr.strip().splitlines()[-1])
    return stats, done.stderr


@pytest.mark.slow
def test_a_50_mb_file_is_bounded_in_time_and_memory(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(big_meeting_page(50 * 1024 * 1024))
    stats, stderr = measure(tmp_path, big, limit=60)
    print(f"50 MB text page: {stats}")
    assert "Traceback" not in stderr
    assert stats["seconds"] < 60, stats
    assert stats["rss_growth_mb"] < 1024, stats
    # Either it is read (one meeting) or refused with a one-line reason naming the file.
    lines = [line for line in stderr.splitlines() if line.startswith("failed: ")]
    assert stats["code"] == (1 if lines else 0)
    if lines:
        assert lines == [lines[0]] and str(big) in lines[0]


def test_a_long_pdf_is_read_one_page_at_a_time(tmp_path: Path) -> None:
    # 400 pages of text in 70 KB: the pure-Python reader used before kept every page's
    # characters (1.7 GB and 29 s for 200 pages); one page at a time stays small.
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(long_pdf(400))
    stats, stderr = measure(tmp_path, pdf, limit=30)
    print(f"400-page PDF: {stats}")
    assert "Traceback" not in stderr
    assert stats["rss_growth_mb"] < 150, stats
    # No meeting header in it: refused in one line naming the file, after every page was read.
    assert [line for line in stderr.splitlines() if line.startswith("failed: ")] == [
        f"failed: {pdf}: no printed minutes found: no meeting header with attendance"
    ]


def test_pdf_pages_and_characters_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    from parsers import printed_minutes

    data = long_pdf(12)
    monkeypatch.setattr(printed_minutes, "MAX_PDF_PAGES", 10)
    with pytest.raises(ParseError, match=r"^PDF of 12 pages: over the 10-page limit for minutes$"):
        printed_minutes.pdf_pages(data)
    monkeypatch.setattr(printed_minutes, "MAX_PDF_PAGES", 100)
    monkeypatch.setattr(printed_minutes, "MAX_PDF_CHARS", 10_000)
    with pytest.raises(
        ParseError, match=r"^PDF text over 10,000 characters by page 3 of 12: too long for minutes$"
    ):
        printed_minutes.pdf_pages(data)


def _meeting_page_with(marker: str, payload: str) -> bytes:
    """The Nottingham meeting page with ``payload`` just inside the first ``marker`` element."""
    page = FIXTURES / "html" / "nottingham_ieListDocuments_childrens-partnership-board_2017-09.html"
    html = page.read_text(encoding="utf-8")
    at = html.index(">", html.index(marker)) + 1
    return (html[:at] + payload + html[at:]).encode()


@pytest.mark.parametrize(
    ("marker", "payload", "outcome"),
    [
        # Each of these took 8-15 s: every string climbed its thousands of parents, or each
        # list item counted its siblings again.
        ('class="mgWordPara"', "<span>x " * 8000, "refused"),
        ('class="mgContent"', "<span>x " * 8000, "refused"),
        ('class="mgActionList"', '<ul class="mgActionList"><li>a ' * 650, "refused"),
        ('class="mgWordPara"', "<ol>" + "<li>RESOLVED that x</li>" * 8000 + "</ol>", "read"),
    ],
    ids=["unclosed-spans-in-minutes", "unclosed-spans-in-page", "unclosed-lists", "long-list"],
)
def test_malformed_html_is_read_or_refused_in_linear_time(
    marker: str, payload: str, outcome: str
) -> None:
    data = _meeting_page_with(marker, payload)
    started = time.perf_counter()
    try:
        doc = parse(Source("hostile.html", data))
    except ParseError as error:
        assert outcome == "refused", error
        assert re.fullmatch(
            r"HTML nested [\d,]+ levels deep \(unclosed tags\): over the limit of 256 for a page",
            str(error),
        )
    else:
        assert outcome == "read"
        assert doc.meetings[0].committee == "Children's Partnership Board"
    assert time.perf_counter() - started < 5


def test_a_bad_link_is_dropped_and_the_page_read() -> None:
    # "Invalid IPv6 URL" from one unclosed bracket failed the whole page.
    page = FIXTURES / "html" / "nottingham_ieListDocuments_childrens-partnership-board_2017-09.html"
    good = parse(Source("good.html", page.read_bytes())).meetings[0]
    html = page.read_text(encoding="utf-8").replace('href="', 'href="http://[x/', 6)
    html = html.replace('href="/ieListDocuments', 'href="http://host:port/ieListDocuments')
    meeting = parse(Source("bad-links.html", html.encode())).meetings[0]
    assert (meeting.committee, meeting.date) == (good.committee, good.date)
    assert [i.title for i in meeting.items] == [i.title for i in good.items]
    assert [r.text for i in meeting.items for r in i.resolutions] == [
        r.text for i in good.items for r in i.resolutions
    ]
    docs = [*meeting.documents, *(d for i in meeting.items for d in i.documents)]
    assert any(d.url is None for d in docs)
    assert all(d.url is None or "[" not in d.url for d in docs)


def _one_slow_and_one_hungry_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files named slow* never finish parsing and hungry* ask for 600 MB; others are read."""
    real_parse = ingest_module.parse

    def parse_or_misbehave(source: Source):  # type: ignore[no-untyped-def]
        if source.name.startswith("slow"):
            while True:  # a parser stuck in a loop on a shape nobody foresaw
                pass
        if source.name.startswith("hungry"):
            hoard = bytearray(600 * 2**20)
            return hoard
        return real_parse(source)

    monkeypatch.setattr(ingest_module, "parse", parse_or_misbehave)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_over_its_budget_fails_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    from store.budget import FileBudget

    _one_slow_and_one_hungry_file(monkeypatch)  # worker processes are forked: patched too
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(SEEDS / "000_81d86c97e4813351.txt", folder / "slow.txt")
    shutil.copy(SEEDS / "000_81d86c97e4813351.txt", folder / "hungry.txt")
    for seed in sorted(SEEDS.glob("*.txt")) * 3:  # enough files for the worker pool
        shutil.copy(seed, folder / f"{len(list(folder.iterdir()))}-{seed.name}")
    db = open_store(tmp_path / "s.db")
    limits, handler = resource.getrlimit(resource.RLIMIT_AS), signal.getsignal(signal.SIGVTALRM)
    started = time.perf_counter()
    report = ingest_paths(
        db, [folder], workers=workers, budget=FileBudget(seconds=1.0, megabytes=256)
    )
    elapsed = time.perf_counter() - started
    db.close()
    # The writer's own process is left as it was: no memory limit, no alarm.
    assert resource.getrlimit(resource.RLIMIT_AS) == limits
    assert signal.getsignal(signal.SIGVTALRM) == handler
    assert signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0)
    errors = {Path(r.path).name: r.error for r in report.failed}
    assert errors == {
        "slow.txt": f"{folder / 'slow.txt'}: took more than 1 s of processor time to read"
        " (the limit for one file)",
        "hungry.txt": f"{folder / 'hungry.txt'}: needed more than 256 MB to read"
        " (the limit for one file)",
    }
    assert report.ok == 15  # the rest of the batch was read and stored
    assert elapsed < 30  # not forever


def test_bombs_and_deep_nesting_are_bounded(bad_corpus: dict[str, Path], tmp_path: Path) -> None:
    for name in ("bomb.xml", "nested.html"):
        stats, stderr = measure(tmp_path, bad_corpus[name], limit=20)
        print(f"{name}: {stats}")
        assert "Traceback" not in stderr
        assert stats["seconds"] < 20, (name, stats)
        assert stats["rss_growth_mb"] < 256, (name, stats)


# --- property-based: near-valid inputs ---------------------------------------------------------

REAL = [
    *sorted(SEEDS.glob("*.txt")),
    *sorted((FIXTURES / "html").glob("*.html")),
    *sorted((FIXTURES / "xml").glob("*.xml")),
]
REAL_BYTES = [p.read_bytes() for p in REAL]
REAL_BYTES.append(text_pdf(MINUTES_PDF_LINES))


@st.composite
def mutated_document(draw: st.DrawFn) -> bytes:
    """A real fixture with a few cuts, splices, duplications and byte flips.

    Random bytes are rejected at the first sniff; mutated real documents get past
    detection and into the deep parts of each parser (headers without items, items
    without numbers, half a table, a date cut in two).
    """
    data = bytearray(draw(st.sampled_from(REAL_BYTES)))
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        op = draw(st.sampled_from(["cut", "delete", "dup", "flip", "insert"]))
        i = draw(st.integers(0, len(data) - 1))
        j = min(len(data), i + draw(st.integers(1, 4000)))
        if op == "cut":
            del data[i:]
        elif op == "delete":
            del data[i:j]
        elif op == "dup":
            data[i:i] = data[i:j]
        elif op == "flip":
            data[i] = draw(st.integers(0, 255))
        else:
            data[i:i] = draw(
                st.sampled_from(
                    [
                        b"<",
                        b"</div>",
                        b"<table>",
                        b"&",
                        b"&#0;",
                        b"\x00",
                        b"\xff",
                        b"\n\n",
                        b"RESOLVED",
                        b"(a)",
                        b"Minutes:",
                        b"]]>",
                        b"<!--",
                        b"\x1b[2J",
                    ]
                )
            )
    return bytes(data)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated_document())
def test_mutated_real_documents_give_a_model_or_a_parse_error(data: bytes) -> None:
    from parsers.model import ParsedDocument
    from parsers.registry import FORMATS

    source = Source("mutated", data)
    try:
        parsed = parse(source)
    except ParseError as exc:
        assert "\n" not in str(exc)
    else:
        assert isinstance(parsed, ParsedDocument)
    # Every format, also the ones detection would not pick: ParseError is the only way out.
    for fmt in FORMATS:
        with contextlib.suppress(ParseError):
            fmt.parse(Source("mutated", data))


# --- property-based: whatever is typed in the filter -------------------------------------------

FTS_SHAPES = [
    '"',
    '""',
    "*",
    "NEAR(",
    "NEAR(a b",
    "AND",
    "OR",
    "NOT",
    "AND OR",
    "^",
    "col:",
    "title:",
    "items_fts:",
    "(",
    ")",
    "-",
    "+",
    "{",
    "}",
    ":",
    "'",
    "’",
    "\\",
    "%",
    "_",
    "\x00",
    "committee:",
    "from:",
    "to:2017",
    "year:20",
    "has:",
    "kind:x",
    'committee:"',
    "NEAR/3",
    "a*b",
    "**",
]


@pytest.fixture(scope="module")
def filter_conn(model_store_path: Path):
    from store.db import connect_readonly

    conn = connect_readonly(model_store_path)
    yield conn
    conn.close()


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.one_of(st.sampled_from(FTS_SHAPES), st.text(max_size=8)), max_size=8).map(
        lambda parts: " ".join(parts) if len(parts) % 2 else "".join(parts)
    )
)
def test_any_filter_text_gives_results_or_a_filter_error(filter_conn, typed: str) -> None:
    from store import queries
    from store.filters import FilterError, parse_filter
    from store.search import fts_query

    try:
        flt = parse_filter(typed)
    except FilterError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    fts_query(flt)  # never raises
    total = queries.count_meetings(filter_conn, flt)
    rows = queries.meetings_window(filter_conn, flt, 0, 50)
    assert len(rows) == min(total, 50)
    queries.count_items(filter_conn, flt)
    queries.search_items(filter_conn, flt, limit=5)
