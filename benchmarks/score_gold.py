"""The gold scorer, vendored from ``shared/tools/score_gold.py`` so the project scores itself
without reading outside its tree.

The scoring is the shared tool's, line for line (it is the same scoring the pages kept aside
are measured with, so it must not drift): ``score`` takes the gold's ``docs`` mapping and an
export's ``meetings`` list instead of two file names, so the fidelity harness can score a
subset of pages (one page kind, one system) without writing files. Figures are percentages:
docs = pages with anything extracted; meta = committee and date as stated; items
recall/precision (number + title); resolutions recall/precision (matched on the clause's
opening words, lead-ins ignored) and kind; actions recall.
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any

FIGURES = (
    "docs",
    "meta",
    "items_recall",
    "items_precision",
    "res_recall",
    "res_precision",
    "res_kind",
    "actions_recall",
)


def norm(s: Any) -> str | None:
    if s is None:
        return None
    s = str(s)
    for a, b in (
        ("\u2019", "'"),
        ("\u2018", "'"),
        ("\u201c", '"'),
        ("\u201d", '"'),
        ("\u2013", "-"),
        ("\u2014", "-"),
        ("\xa0", " "),
    ):
        s = s.replace(a, b)
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"(\s*[;.,:]|\s+and)+$", "", s).strip()
    return s


LEAD = re.compile(
    r"^(?:resolved\b|agreed\b|[:,\-\u2013]|\(?[0-9a-z]{1,3}\)|[0-9]{1,2}\.|to\b|that\b|\s)+", re.I
)


def clause(s: Any) -> str:
    s = norm(s) or ""
    return LEAD.sub("", s).strip().lower()


def base(p: Any) -> str:
    return os.path.basename(str(p))


def low(s: Any) -> str:
    return (norm(s) or "").lower().rstrip(":- ")


def num(s: Any) -> str:
    return (norm(str(s)) if s is not None else "").rstrip(".").lower()


def _by_doc(meetings: list[dict]) -> dict[str, dict[str, list]]:
    by_doc: dict[str, dict[str, list]] = {}
    for m in meetings:
        msrc = {base(x) for x in (m.get("sources") or [])}
        for it in m.get("items") or []:
            src = {base(x) for x in (it.get("sources") or [])} or msrc
            for s in src:
                by_doc.setdefault(s, {"meetings": [], "items": []})["items"].append(it)
        for s in msrc | {base(x) for it in m.get("items") or [] for x in (it.get("sources") or [])}:
            d = by_doc.setdefault(s, {"meetings": [], "items": []})
            if m not in d["meetings"]:
                d["meetings"].append(m)
    return by_doc


def score(
    gold: dict[str, dict], meetings: list[dict]
) -> tuple[dict[str, float], dict[str, int], list[str]]:
    """(figures, counts, misses) of an export's meetings against gold docs."""
    by_doc = _by_doc(meetings)
    T = dict(
        meta_n=0, meta_ok=0, it_g=0, it_hit=0, it_x=0, it_xhit=0, r_g=0, r_hit=0, r_x=0,
        r_xhit=0, k_n=0, k_ok=0, a_g=0, a_hit=0, docs_seen=0, docs=0,
    )  # fmt: skip
    notes: list[str] = []
    for doc, g in gold.items():
        if g["kind"] == "other":
            continue
        T["docs"] += 1
        got = by_doc.get(doc, {"meetings": [], "items": []})
        if got["items"] or got["meetings"]:
            T["docs_seen"] += 1
        else:
            notes.append(f"{doc}: nothing extracted")
        items = got["items"]
        for key in ("committee", "date"):
            if g.get(key):
                T["meta_n"] += 1
                vals = {low(m.get(key)) for m in got["meetings"]}
                if low(g[key]) in vals:
                    T["meta_ok"] += 1
                else:
                    notes.append(f"{doc}: {key} {sorted(vals)} != {g[key]!r}")
        if g["kind"] in ("meeting", "printed_minutes", "issue"):
            used: set[int] = set()
            for gi in g["items"]:
                T["it_g"] += 1
                hit = None
                for i, it in enumerate(items):
                    if i in used:
                        continue
                    if gi["number"] is not None and num(it.get("number")) != num(gi["number"]):
                        continue
                    if gi["title"] is not None and low(it.get("title")) != low(gi["title"]):
                        continue
                    hit = i
                    break
                if hit is None:
                    notes.append(f"{doc}: item {gi['number']!r} {gi['title']!r} not found")
                else:
                    used.add(hit)
                    T["it_hit"] += 1
            T["it_x"] += len(items)
            T["it_xhit"] += len(used)
        res = [r for it in items for r in (it.get("resolutions") or [])]
        used = set()
        for gr in g["resolutions"]:
            T["r_g"] += 1
            p = clause(gr["starts_with"])
            hit = None
            for i, r in enumerate(res):
                if i in used:
                    continue
                t = clause(r.get("text"))
                if t.startswith(p[:60]) or (len(t) >= 15 and p.startswith(t)):
                    hit = i
                    break
            if hit is None:
                notes.append(f"{doc}: resolution {gr['starts_with']!r} not found")
            else:
                used.add(hit)
                T["r_hit"] += 1
                T["k_n"] += 1
                if res[hit].get("kind") == gr["kind"]:
                    T["k_ok"] += 1
                else:
                    notes.append(
                        f"{doc}: resolution {gr['starts_with'][:40]!r} kind"
                        f" {res[hit].get('kind')!r} != {gr['kind']!r}"
                    )
        T["r_x"] += len(res)
        T["r_xhit"] += len(used)
        acts = [clause(a.get("text")) for it in items for a in (it.get("actions") or [])]
        want = [a["starts_with"] for a in g.get("actions", [])] + [
            r["starts_with"] for r in g["resolutions"] if r["kind"] == "action"
        ]
        for w in want:
            T["a_g"] += 1
            p = clause(w)[:50]
            if any(p in a for a in acts):
                T["a_hit"] += 1
            else:
                notes.append(f"{doc}: action {w!r} not found")

    def pct(a: int, b: int) -> float:
        return 100.0 * a / b if b else 100.0

    F = dict(
        docs=pct(T["docs_seen"], T["docs"]),
        meta=pct(T["meta_ok"], T["meta_n"]),
        items_recall=pct(T["it_hit"], T["it_g"]),
        items_precision=pct(T["it_xhit"], T["it_x"]),
        res_recall=pct(T["r_hit"], T["r_g"]),
        res_precision=pct(T["r_xhit"], T["r_x"]),
        res_kind=pct(T["k_ok"], T["k_n"]),
        actions_recall=pct(T["a_hit"], T["a_g"]),
    )
    return F, T, notes


def main(gold_path: str, export_path: str, verbose: bool = False) -> dict[str, float]:
    with open(gold_path, encoding="utf-8") as f:
        gold = json.load(f)["docs"]
    with open(export_path, encoding="utf-8") as f:
        meetings = json.load(f).get("meetings", [])
    F, T, notes = score(gold, meetings)
    if verbose:
        for n in notes:
            print(n)
    print(
        "score: "
        + ", ".join(f"{k} {F[k]:.0f}%" for k in F)
        + f"  (gold: {T['it_g']} items, {T['r_g']} resolutions, {T['a_g']} actions)"
    )
    return F


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    if len(args) != 2:
        sys.exit("usage: python -m benchmarks.score_gold GOLD.json EXPORT.json [-v]")
    main(args[0], args[1], verbose="-v" in sys.argv)
