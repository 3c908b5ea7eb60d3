"""Write SVG screenshots of the real reader on the bundled sample minutes.

    python -m tui.screenshots [--out screenshots] [--size 120x40]

Builds a throwaway store from ``tui/sample_data`` through the real ingest (its
clock frozen, so the pictures only change when the app does), then drives the
app headless through each ``Scene`` and saves ``<out>/<scene>.svg``. The
snapshot tests drive the same scenes, so the README pictures are what the tests
check.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from textual.pilot import Pilot

from tui.settle import settle

FROZEN_NOW = "2024-01-01T09:00:00+00:00"
FROZEN_TODAY = dt.date(2024, 1, 1)  # the day "overdue" is measured from in the pictures


@dataclass(frozen=True)
class Scene:
    """A named state of the app: an optional filter, then key groups (settling after each)."""

    name: str
    description: str
    keys: tuple[str, ...] = ()
    typed: str | None = None


SCENES: tuple[Scene, ...] = (
    Scene("main", "Meetings, the selected meeting's agenda, its resolutions and actions"),
    Scene(
        "filtered",
        "Filtered by a word: every pane narrowed, matches marked",
        ("tab",),
        typed="safeguarding",
    ),
    Scene(
        "reading",
        "Reading view of one item, first match current",
        ("tab", "enter", "n"),
        typed="practitioners",
    ),
    Scene("actions", "The action tracker: every action, its status, due date and owner", ("a",)),
    Scene("status", "Setting an action's status, and why", ("a", "x")),
    Scene("help", "Every key, from the bindings table", ("question_mark",)),
    Scene(
        "person",
        "One person's record: what the minutes say they did, newest first",
        ("p", "slash,b,l,a,c,k,m,a,n,enter", "enter"),
    ),
    Scene(
        "timeline",
        "One matter across meetings, newest first, each with its decision",
        ("tab", "t"),
        typed='"held on 14 july 2021"',
    ),
    Scene("news", "What is new since the reader last looked, overall and per watch", ("w",)),
)

# The "What's new" scene needs news: the store is filled in two steps, and between them the
# overall news is looked at and a filter saved as a watch (as a reader would, before a fetch
# brought Slough's issue page of the minutes of 14 July 2021, taken at two meetings, and
# Limerick's council).
LATER = ("slough_ieIssueDetails_41815.txt", "limerick-ie_full-council_minutes_pdf2md.md")
WATCH = ("Minutes agreed", '"correct record"')


def ingest_in_two_steps(path: Path, files: Sequence[Path]) -> list[str]:
    """Ingest ``files`` into the store at ``path``, those named in ``LATER`` after the news
    was looked at and ``WATCH`` saved; the failed files' one-line reasons."""
    from store import follow, userdata
    from store.db import open_store
    from store.ingest import ingest_paths

    failed: list[str] = []
    for step in (
        [f for f in files if f.name not in LATER],
        [f for f in files if f.name in LATER],
    ):
        db = open_store(path)
        try:
            failed += [r.error or r.path for r in ingest_paths(db, step, workers=1).failed]
            if step and step[0].name not in LATER:
                epoch = follow.current_epoch(db.conn)
                writer = userdata.connect_writer(path)
                try:
                    userdata.mark_seen(writer, None, epoch)
                    userdata.save_watch(writer, WATCH[0], "filter", WATCH[1], "", epoch)
                finally:
                    writer.close()
        finally:
            db.close()
    return failed


async def drive(pilot: Pilot, scene: Scene) -> None:
    """Bring the app to ``scene``.

    A filter goes into the box in one go (the same Changed message typing
    sends); pressing it letter by letter only takes longer.
    """
    await settle(pilot)
    if scene.typed is not None:
        await pilot.press("slash")
        pilot.app.screen.query_one("#filter").value = scene.typed  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
    for group in scene.keys:
        await pilot.press(*group.split(","))
        await settle(pilot)


def build_sample_store(folder: Path) -> Path:
    """``folder/minutes.db`` holding the bundled samples, ingested with a frozen clock (in two
    steps: ``ingest_in_two_steps``)."""
    import store.ingest
    from tui.samples import sample_files

    real_now = store.ingest._now
    store.ingest._now = lambda: FROZEN_NOW
    try:
        failed = ingest_in_two_steps(folder / "minutes.db", sample_files())
    finally:
        store.ingest._now = real_now
    if failed:
        raise SystemExit(f"sample minutes failed to ingest: {failed[0]}")
    return folder / "minutes.db"


async def screenshot(scene: Scene, size: tuple[int, int]) -> str:
    """The SVG of ``scene``; the store is ``minutes.db`` in the current directory."""
    import store.filters
    from tui.app import make_app

    # "Overdue" on the day the pictures were taken, not the day they are drawn again.
    real_today = store.filters.today
    store.filters.today = lambda: FROZEN_TODAY
    try:
        app = make_app(Path("minutes.db"), load_samples_if_empty=False)
        async with app.run_test(size=size) as pilot:
            await drive(pilot, scene)
            return app.export_screenshot(title=f"minutes-tui · {scene.description}")
    finally:
        store.filters.today = real_today


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tui.screenshots", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--size", default="120x40", help="WIDTHxHEIGHT (default 120x40)")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.lower().split("x"))
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    here = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="minutes-tui-shots-") as tmp:
        build_sample_store(Path(tmp))
        os.chdir(tmp)  # the header shows the store path: keep it short and the same every run
        try:
            for scene in SCENES:
                svg = asyncio.run(screenshot(scene, (width, height)))
                target = out / f"{scene.name}.svg"
                target.write_text(svg, encoding="utf-8")
                print(target.relative_to(here) if target.is_relative_to(here) else target)
        finally:
            os.chdir(here)
    return 0


if __name__ == "__main__":
    sys.exit(main())
