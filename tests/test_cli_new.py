"""``minutes-tui new`` and ``minutes-tui watch`` end to end, as a daily e-mail script runs them.

The store is the Children's Partnership Board's meeting page (seed 000) ingested through the
command; the page then changes the way a council edits minutes (a resolution added to its
forward plan item), and a second council's page arrives.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from test_cli import cli
from test_follow_store import ADDED, CORPUS, PAGES, SEED_000, SEEDS


def _setup(tmp_path: Path) -> tuple[Path, Path]:
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(SEEDS / SEED_000, pages / SEED_000)
    db = tmp_path / "minutes.db"
    assert cli("ingest", str(pages), db=db).returncode == 0
    return db, pages


def test_watches_print_what_is_new_and_mark_it_seen(tmp_path: Path) -> None:
    db, pages = _setup(tmp_path)
    assert cli("watch", "add", "forward plans", "--filter", '"forward plan"', db=db).returncode == 0
    assert cli("watch", "add", "Helen", "--person", "blackman helen", db=db).returncode == 0
    done = cli("watch", "add", "bad", "--filter", "year:20x", db=db)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "minutes-tui: error: --filter: year: expects a four-digit year (got '20x')"
    )
    # The first look at the overall news starts it: nothing is new before it.
    first = json.loads(cli("new", "--format", "json", "--mark-seen", db=db).stdout)
    assert first["overall"]["new"] == 0 and not first["overall"]["looked_at_before"]
    assert [(w["name"], w["new"]) for w in first["watches"]] == [("Helen", 0), ("forward plans", 0)]
    page = pages / SEED_000
    page.write_text(page.read_text(encoding="utf-8").rstrip() + "\n\n" + ADDED + "\n", "utf-8")
    shutil.copy(CORPUS / PAGES[4], pages / PAGES[4])  # Slough: two new meetings
    done = cli("ingest", str(pages), db=db)
    assert done.returncode == 0
    assert done.stdout.splitlines()[-1] == (
        "new since you last looked: everything 3 · Helen 1 · forward plans 1 (minutes-tui new)"
    )
    assert cli("watch", "list", db=db).stdout == (
        'Helen\tperson\tblackman helen\t1 new\nforward plans\tfilter\t"forward plan"\t1 new\n'
    )
    data = json.loads(cli("new", "--watch", "forward plans", "-f", "json", db=db).stdout)
    assert "overall" not in data
    (watch,) = data["watches"]
    assert (watch["new"], watch["more"]) == (1, 0)
    meeting, item = watch["entries"]
    assert (meeting["kind"], meeting["state"], meeting["committee"], meeting["date"]) == (
        "meeting",
        "changed",
        "Children's Partnership Board",
        "2017-09-27",
    )
    assert (item["number"], item["title"], item["state"]) == ("25", "Forward Plan", "changed")
    assert [r["text"] for r in item["new_resolutions"]] == [ADDED.removeprefix("RESOLVED ")]
    assert [a["text"] for a in item["new_actions"]] == [
        "to ask the Board Manager to circulate the forward plan to all partners."
    ]
    text = cli("new", db=db).stdout
    assert "## Everything: 3 new or changed items\n" in text  # item 25, Slough's items 2 and 63
    assert "### Slough Health & Wellbeing Board — 2021-10-21 (new)\n" in text
    assert "- **CHANGED** 25 Forward Plan (Children's Partnership Board, 2017-09-27)\n" in text
    assert (
        "  - new action: to ask the Board Manager to circulate the forward plan to all partners."
        " (the Board Manager)\n" in text
    )
    # Marked seen, the next run has nothing new.
    assert cli("new", "--mark-seen", db=db).returncode == 0
    again = json.loads(cli("new", "-f", "json", db=db).stdout)
    assert again["overall"]["new"] == 0 and [w["new"] for w in again["watches"]] == [0, 0]
    assert cli("watch", "remove", "Helen", db=db).returncode == 0
    done = cli("watch", "remove", "Helen", db=db)
    assert (done.returncode, done.stderr) == (1, "minutes-tui: error: no watch named 'Helen'\n")
    done = cli("new", "--watch", "nope", db=db)
    assert done.returncode == 2 and "no watch named 'nope'" in done.stderr
