"""Extraction accuracy never silently goes backwards: the corpus gold, scored as users get it.

``benchmarks.fidelity`` ingests the gold's real pages into a fresh store, exports them as JSON
and scores the export with the vendored gold scorer; every overall figure must stay at or above
the floor committed in ``benchmarks/fidelity_floor.json``.
"""

from __future__ import annotations

import json

import pytest

from benchmarks import fidelity
from benchmarks.score_gold import FIGURES, score


@pytest.fixture(scope="module")
def measured() -> fidelity.Fidelity:
    return fidelity.measure()


def test_every_figure_holds_its_floor(measured: fidelity.Fidelity) -> None:
    floor = fidelity.read_floor()
    assert set(floor) == set(FIGURES)
    assert fidelity.below_floor(measured, floor) == []


def test_the_table_has_a_row_per_page_kind_and_system(measured: fidelity.Fidelity) -> None:
    gold = json.loads(fidelity.GOLD.read_text(encoding="utf-8"))["docs"]
    kinds = {g["kind"] for g in gold.values() if g["kind"] != "other"}
    labels = {row.label for row in measured.rows}
    assert {f"kind {k}" for k in kinds} <= labels
    assert measured.rows[0].label == "all pages"
    assert measured.overall.pages == sum(1 for g in gold.values() if g["kind"] != "other")
    text = fidelity.table(measured)
    assert text.splitlines()[0].split()[:2] == ["pages", "n"]


def _export_from_gold(doc: str, g: dict) -> dict:
    """An export that says exactly what the gold says, for the scorer's own test."""
    return {
        "committee": g.get("committee"),
        "date": g.get("date"),
        "sources": [f"/somewhere/{doc}"],
        "items": [
            {
                "number": gi["number"],
                "title": gi["title"],
                "sources": [],
                "resolutions": [
                    {"text": r["starts_with"], "kind": r["kind"]} for r in g["resolutions"]
                ]
                if i == 0
                else [],
                "actions": [{"text": a["starts_with"]} for a in g["actions"]]
                + [{"text": r["starts_with"]} for r in g["resolutions"] if r["kind"] == "action"]
                if i == 0
                else [],
            }
            for i, gi in enumerate(g["items"] or [{"number": None, "title": None}])
        ],
    }


def test_the_scorer_gives_full_marks_to_the_gold_itself_and_less_to_a_miss() -> None:
    gold = json.loads(fidelity.GOLD.read_text(encoding="utf-8"))["docs"]
    pages = {n: g for n, g in gold.items() if g["kind"] in ("meeting", "item") and g["resolutions"]}
    perfect = [_export_from_gold(n, g) for n, g in pages.items()]
    figures, _, misses = score(pages, perfect)
    assert misses == []
    assert all(figures[f] == 100.0 for f in FIGURES)

    # Drop one resolution from one page: recall falls, precision does not.
    first = perfect[0]["items"][0]
    first["resolutions"] = first["resolutions"][1:]
    figures, _, misses = score(pages, perfect)
    assert figures["res_recall"] < 100.0
    assert figures["res_precision"] == 100.0
    assert len([m for m in misses if "resolution" in m]) == 1
