"""``minutes-tui fetch SITE``: download a council's modern.gov site and ingest it.

Only argument handling and the terminal live here; the crawl is ``fetch.crawler``.
httpx and the crawler are imported when the command runs, so starting the
reader never pays for (or touches) the network code.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from store.inert import one_line

if TYPE_CHECKING:
    import sqlite_utils

    from store.ingest import FileResult

DEFAULT_DAYS = 365
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_day(text: str) -> dt.date:
    """``2024-03-31`` or ``31/03/2024`` (UK order, as councils write it)."""
    value = text.strip()
    try:
        found = _DMY.match(value)
        if found:
            day, month, year = (int(g) for g in found.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date (use YYYY-MM-DD or DD/MM/YYYY)"
        ) from None


def parse_delay(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 <= value <= 600:
        raise argparse.ArgumentTypeError("the delay must be between 0 and 600 seconds")
    return value


def parse_settle(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days") from None
    if value < 0:
        raise argparse.ArgumentTypeError("the settle period cannot be negative")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``fetch`` subcommand's arguments."""
    parser.description = (
        "Download a council's modern.gov site (meeting pages, the full text of items the "
        "meeting page cuts short, optionally printed minutes) into a cache beside the store, "
        "and ingest it. Polite: one request at a time, a pause between requests, robots.txt "
        "obeyed. Re-runs ask only about what changed. Set MINUTES_TUI_CONTACT to an e-mail "
        "address to put it in the User-Agent for the council's web team. Exit status: 0 "
        "everything fetched and ingested, 1 some pages or files failed, 2 bad arguments or "
        "store, 3 the run stopped early (site refused, unreachable or blocking, disk full), "
        "130 interrupted."
    )
    parser.add_argument(
        "site",
        metavar="SITE",
        help="the modern.gov site's address, e.g. https://democracy.example.gov.uk",
    )
    parser.add_argument(
        "--committee",
        metavar="NAME|ID",
        action="append",
        default=[],
        help="only this committee (its name, part of it, or its ID); repeat for several",
    )
    parser.add_argument(
        "--since",
        metavar="DATE",
        type=parse_day,
        help=f"meetings on or after DATE (default: {DEFAULT_DAYS} days ago)",
    )
    parser.add_argument(
        "--until",
        metavar="DATE",
        type=parse_day,
        help="meetings on or before DATE (default: today)",
    )
    parser.add_argument(
        "--pdf", action="store_true", help="also download each meeting's printed minutes PDF"
    )
    parser.add_argument(
        "--refresh",
        action="store_true",
        help="ask the site about every meeting again, settled ones too",
    )
    parser.add_argument(
        "--settle",
        metavar="DAYS",
        type=parse_settle,
        default=None,
        help="a meeting whose approved minutes were fetched is not asked about again once "
        "it is this many days old (default: 90)",
    )
    parser.add_argument(
        "--delay",
        metavar="SECONDS",
        type=parse_delay,
        default=1.0,
        help="pause between requests (default: 1; robots.txt Crawl-delay wins if longer)",
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        type=Path,
        # SUPPRESS: `minutes-tui --db X fetch SITE` must keep the X given before the command.
        default=argparse.SUPPRESS,
        help="the store (default: $MINUTES_TUI_DB, else minutes.db in the user data folder)",
    )


def _error(message: str) -> int:
    print(f"minutes-tui fetch: error: {message}", file=sys.stderr)
    return 2


class StoreLink:
    """The crawler's view of the store: what it holds (by path and SHA-256) and ingest."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def holds(self, path: Path, sha256: str) -> bool:
        from store.sources import held_sha256

        return held_sha256(self.db, path) == sha256

    def ingest(self, paths: Sequence[Path]) -> list[FileResult]:
        from fetch.crawler import SiteError
        from store.db import StoreError
        from store.ingest import ingest_paths

        try:
            return ingest_paths(self.db, paths).results
        except StoreError as exc:  # the store itself failed (busy, disk full): stop, report
            raise SiteError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    """Run the fetch; the exit status is ``FetchSummary.exit_status`` (see the help)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from fetch.cache import SiteCache
    from fetch.client import SiteClient
    from fetch.crawler import DEFAULT_SETTLE_DAYS, Crawler, FetchOptions, FetchSummary
    from fetch.site import site_base
    from store.db import StoreError, default_db_path, open_store
    from store.sources import changes, snapshot

    try:
        base = site_base(args.site)
    except ValueError as exc:
        return _error(one_line(str(exc)))
    until = args.until or dt.date.today()
    since = args.since or until - dt.timedelta(days=DEFAULT_DAYS)
    if since > until:
        return _error(f"--since {since.isoformat()} is after --until {until.isoformat()}")
    given_db = getattr(args, "db", None)
    db_path = Path(given_db).expanduser() if given_db else default_db_path()
    try:
        db = open_store(db_path)
    except StoreError as exc:
        return _error(one_line(str(exc)))
    from tui.samples import drop_samples_for

    dropped = drop_samples_for(db, [db_path.parent / "cache"])  # the user's own minutes come
    if dropped is not None:
        print(f"took the bundled sample minutes out of the store ({len(dropped.sources)} files)")

    settle = DEFAULT_SETTLE_DAYS if getattr(args, "settle", None) is None else args.settle
    options = FetchOptions(
        since=since,
        until=until,
        committees=tuple(args.committee),
        pdf=bool(args.pdf),
        refresh=bool(getattr(args, "refresh", False)),
        settle_days=settle,
    )
    cache = SiteCache(db_path.parent / "cache", base)
    err = Console(stderr=True)
    progress = Progress(
        TextColumn("[bold]fetch[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("meetings"),
        TimeRemainingColumn(),
        # Plain text, not markup: the counts are numbers, but a column must never read a
        # site's words as Rich markup.
        TextColumn("{task.fields[counts]}", markup=False),
        console=err,
        transient=True,
    )
    task = progress.add_task("fetch", total=None, counts="listing committees and meetings")

    def show(summary: FetchSummary) -> None:
        counts = (
            f"{summary.requests} requests, {summary.fetched} fetched, "
            f"{len(summary.failed)} failed, {summary.ingested} ingested"
        )
        total = summary.meetings_listed or None
        progress.update(task, total=total, completed=summary.meetings_done, counts=counts)

    print(
        one_line(f"fetching {base} ({since.isoformat()} to {until.isoformat()}) into {db_path}"),
        file=sys.stderr,
    )
    span = (since.isoformat(), until.isoformat())
    try:
        before = snapshot(db, *span)
        with progress, SiteClient(base, cache, delay=args.delay) as client:
            summary = Crawler(client, base, StoreLink(db), options, on_progress=show).run()
        summary.news = changes(before, snapshot(db, *span))
    finally:
        db.close()
    for line in summary.lines():
        print(one_line(line))
    print(one_line(f"cache: {cache.folder}"))
    from store.userdata import watched

    if watched(db_path):  # what each watch has new now
        from store.news_report import print_counts

        print_counts(db_path)
    return summary.exit_status


class FetchCommand:
    """``fetch`` for the ``minutes-tui`` subcommand registry (``tui.cli.COMMANDS``)."""

    name = "fetch"
    help = "download a council's modern.gov site into the store, politely, to read offline"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_arguments(parser)

    def run(self, args: argparse.Namespace) -> int:
        return run(args)


FETCH = FetchCommand()
