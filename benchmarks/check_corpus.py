"""Run every registered parser over a folder and show what each file yielded.

    python benchmarks/check_corpus.py FOLDER [FOLDER ...]

One line per file: the detected format and page kind, counts of meetings,
items, resolutions and actions, and for a file that failed or yielded nothing,
the reason. Totals at the end. Exit status 0 even when files fail: this is a
report on the parsers, not a test (the tests live in tests/).
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from parsers.registry import parse
from parsers.source import ParseError, Source

_SKIP = {"MANIFEST.tsv", "README.md"}


@dataclass
class Row:
    """What one file yielded."""

    name: str
    format: str = "-"
    page_kind: str = "-"
    meetings: int = 0
    items: int = 0
    resolutions: int = 0
    actions: int = 0
    seconds: float = 0.0
    problem: str = ""  # "FAILED: reason", "EMPTY: no items", or ""


def check_file(path: Path) -> Row:
    """Parse one file and count what came out."""
    row = Row(path.name)
    started = time.perf_counter()
    try:
        doc = parse(Source(path.name, path.read_bytes()))
    except ParseError as error:
        row.problem = f"FAILED: {error}"
    except OSError as error:
        row.problem = f"FAILED: cannot read ({error.strerror})"
    else:
        row.format, row.page_kind = doc.format, doc.page_kind
        row.meetings = len(doc.meetings)
        items = [item for meeting in doc.meetings for item in meeting.items]
        row.items = len(items)
        row.resolutions = sum(len(item.resolutions) for item in items)
        row.actions = sum(len(item.actions) for item in items)
        if not row.items:
            if doc.meetings:
                why = f"{doc.page_kind}: {row.meetings} meeting(s), no items"
            else:
                why = "; ".join(doc.warnings) or "no meetings"
            row.problem = f"EMPTY: {why}"
    row.seconds = time.perf_counter() - started
    return row


def check_folder(folder: Path) -> list[Row]:
    """Every file in ``folder`` (not recursive), sorted by name."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.name not in _SKIP)
    return [check_file(path) for path in files]


def render(folder: Path, rows: list[Row]) -> str:
    """The report: a fixed-width table, then totals."""
    width = max([len(r.name) for r in rows] + [4])
    header = (
        f"{'file':<{width}}  {'format':<20} {'kind':<16} {'mtg':>4} {'items':>5} "
        f"{'res':>4} {'act':>4} {'ms':>6}  problem"
    )
    lines = [f"# {folder}", header, "-" * len(header)]
    for r in rows:
        lines.append(
            f"{r.name:<{width}}  {r.format:<20} {r.page_kind:<16} {r.meetings:>4} {r.items:>5} "
            f"{r.resolutions:>4} {r.actions:>4} {r.seconds * 1000:>6.0f}  {r.problem}"
        )
    failed = sum(r.problem.startswith("FAILED") for r in rows)
    empty = sum(r.problem.startswith("EMPTY") for r in rows)
    lines.append("-" * len(header))
    lines.append(
        f"{len(rows)} files: {len(rows) - failed - empty} read, {empty} empty, {failed} failed; "
        f"{sum(r.meetings for r in rows)} meetings, {sum(r.items for r in rows)} items, "
        f"{sum(r.resolutions for r in rows)} resolutions, {sum(r.actions for r in rows)} actions "
        f"in {sum(r.seconds for r in rows):.2f} s"
    )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    for index, arg in enumerate(argv):
        folder = Path(arg)
        if not folder.is_dir():
            print(f"{arg}: not a folder", file=sys.stderr)
            return 2
        if index:
            print()
        print(render(folder, check_folder(folder)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
