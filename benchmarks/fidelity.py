"""Extraction accuracy against hand-made gold: one command, a table, and a regression floor.

    python -m benchmarks.fidelity            # the table: figures per page kind and per system
    python -m benchmarks.fidelity -v         # ... and every miss, page by page
    python -m benchmarks.fidelity --check    # exit 1 if a figure fell below the committed floor
    python -m benchmarks.fidelity --json out.json

The pages are the real council pages of ``tests/fixtures/corpus`` that
``tests/fixtures/gold/gold.json`` labels (a copy of the development corpus and its gold). They
go through exactly what a user runs: ``minutes-tui ingest`` (store.ingest) into a fresh store
and ``minutes-tui export --format json`` (store.export), and the export is scored by
``benchmarks.score_gold``, the same scorer that measures the pages kept aside. So a figure here
moves only when the parsers, the merge or the export change what a user would get.

``benchmarks/fidelity_floor.json`` holds the floor of each figure: ``tests/test_fidelity.py``
fails when any figure of the whole corpus drops below it. Raise the floor (``--write-floor``)
when the parsers get better, never lower it to make a change pass.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.score_gold import FIGURES, score

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "fixtures" / "gold" / "gold.json"
PAGES = ROOT / "tests" / "fixtures" / "corpus"
FLOOR = Path(__file__).resolve().parent / "fidelity_floor.json"

# Short column names for the table, in FIGURES order.
_HEADS = {
    "docs": "docs",
    "meta": "meta",
    "items_recall": "items R",
    "items_precision": "items P",
    "res_recall": "res R",
    "res_precision": "res P",
    "res_kind": "kind",
    "actions_recall": "acts R",
}


@dataclass
class Row:
    """One line of the table: a group of pages and its figures."""

    label: str
    pages: int
    figures: dict[str, float]
    counts: dict[str, int]


@dataclass
class Fidelity:
    """The whole measurement: the rows, the misses and the files the ingest refused."""

    rows: list[Row]
    misses: list[str]
    refused: list[str]

    @property
    def overall(self) -> Row:
        return self.rows[0]


def export_of(pages: list[Path]) -> tuple[list[dict], list[str]]:
    """The JSON export of a fresh store holding ``pages``, and one line per refused file."""
    from store.db import open_store
    from store.export import export_json
    from store.ingest import ingest_paths

    with tempfile.TemporaryDirectory(prefix="fidelity-") as tmp:
        db = open_store(Path(tmp) / "fidelity.db")
        try:
            report = ingest_paths(db, pages, workers=1)
            out = io.StringIO()
            export_json(db.conn, out)
        finally:
            db.close()
    # The ingest's one-line errors name the file by its full path; the table names pages.
    refused = [(r.error or "").replace(r.path, Path(r.path).name) for r in report.failed]
    return json.loads(out.getvalue())["meetings"], refused


def _row(label: str, gold: dict[str, dict], meetings: list[dict]) -> tuple[Row, list[str]]:
    figures, counts, misses = score(gold, meetings)
    scored = sum(1 for g in gold.values() if g["kind"] != "other")
    return Row(label, scored, figures, counts), misses


def measure(gold_path: Path = GOLD, pages_dir: Path = PAGES) -> Fidelity:
    """Ingest the gold's pages, export them, and score the whole and each kind and system."""
    gold: dict[str, dict] = json.loads(gold_path.read_text(encoding="utf-8"))["docs"]
    missing = [name for name in gold if not (pages_dir / name).exists()]
    if missing:
        raise FileNotFoundError(f"{pages_dir}: gold pages missing: {', '.join(missing)}")
    meetings, refused = export_of([pages_dir / name for name in gold])
    overall, misses = _row("all pages", gold, meetings)
    rows = [overall]
    groups: list[tuple[str, Callable[[dict], str]]] = [
        ("kind", lambda g: g["kind"]),
        ("system", lambda g: g.get("system") or "unknown"),
    ]
    for prefix, key in groups:
        for value in sorted({key(g) for g in gold.values() if g["kind"] != "other"}):
            subset = {n: g for n, g in gold.items() if g["kind"] != "other" and key(g) == value}
            rows.append(_row(f"{prefix} {value}", subset, meetings)[0])
    return Fidelity(rows, misses, refused)


def _cell(row: Row, figure: str) -> str:
    # A figure with nothing to score in the group (no gold items on decision pages) is blank.
    denominators = {
        "meta": "meta_n",
        "items_recall": "it_g",
        "items_precision": "it_x",
        "res_recall": "r_g",
        "res_precision": "r_x",
        "res_kind": "k_n",
        "actions_recall": "a_g",
    }
    key = denominators.get(figure)
    if key and not row.counts[key]:
        return "-"
    return f"{row.figures[figure]:.0f}"


def table(result: Fidelity) -> str:
    """The figures as a fixed-width table (percent), one row per group of pages."""
    width = max(len(r.label) for r in result.rows)
    head = f"{'pages':<{width}} {'n':>3} " + " ".join(f"{_HEADS[f]:>7}" for f in FIGURES)
    lines = [head, "-" * len(head)]
    for i, row in enumerate(result.rows):
        cells = " ".join(f"{_cell(row, f):>7}" for f in FIGURES)
        lines.append(f"{row.label:<{width}} {row.pages:>3} {cells}")
        if i == 0:
            lines.append("-" * len(head))
    c = result.overall.counts
    lines.append(
        f"gold: {c['it_g']} items, {c['r_g']} resolutions, {c['a_g']} actions;"
        f" extracted: {c['it_x']} items, {c['r_x']} resolutions"
    )
    return "\n".join(lines)


def below_floor(result: Fidelity, floor: dict[str, float]) -> list[str]:
    """One line per overall figure under its floor (empty when all hold)."""
    return [
        f"{name} {result.overall.figures[name]:.1f}% is below its floor of {minimum:.1f}%"
        for name, minimum in floor.items()
        if result.overall.figures[name] + 1e-9 < minimum
    ]


def read_floor(path: Path = FLOOR) -> dict[str, float]:
    return {k: float(v) for k, v in json.loads(path.read_text(encoding="utf-8")).items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fidelity", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    parser.add_argument("--check", action="store_true", help="exit 1 below the committed floor")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument(
        "--write-floor", action="store_true", help="set the floor to today's figures (rounded down)"
    )
    args = parser.parse_args(argv)
    result = measure()
    print(table(result))
    if result.refused:
        print(f"\nrefused ({len(result.refused)}):")
        for line in result.refused:
            print(f"  {line}")
    if args.verbose:
        print(f"\nmisses ({len(result.misses)}):")
        for line in result.misses:
            print(f"  {line}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {r.label: {"pages": r.pages, **r.figures, "counts": r.counts} for r in result.rows},
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
    if args.write_floor:
        floor = {f: float(int(result.overall.figures[f])) for f in FIGURES}
        FLOOR.write_text(json.dumps(floor, indent=1) + "\n", encoding="utf-8")
        print(f"\nfloor written to {FLOOR.relative_to(ROOT)}")
    if args.check:
        failures = below_floor(result, read_floor())
        for line in failures:
            print(f"fidelity: {line}", file=sys.stderr)
        return 1 if failures else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
