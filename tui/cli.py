"""The ``minutes-tui`` command line: argument parsing only; the work is in store/ and tui/app.

``minutes-tui [--db PATH]`` opens the reader; subcommands ingest, export and
search work on the same store. Subcommands are a small registry: a command is
an object with ``name``, ``help``, ``add_arguments(parser)`` and
``run(args) -> int``, listed by import path in ``COMMANDS`` so adding one
(``check-corpus``, ``fetch``) is one line and its module is only imported
when the parser is built. Nothing here imports textual at module level, so
``minutes-tui ingest`` starts fast and works without a terminal.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from store.db import ENV_VAR, StoreError, StoreErrorKind, default_db_path
from store.inert import printable

if TYPE_CHECKING:
    import sqlite_utils

    from store.budget import FileBudget
    from store.filters import Filter
    from store.ingest import FileResult, IngestReport
    from store.search_hits import SearchHit
    from store.userdata import WatchKind


class Command(Protocol):
    """A subcommand of ``minutes-tui``."""

    name: str
    help: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


# "module:attribute" of every subcommand, in the order ``--help`` lists them.
COMMANDS: list[str] = [
    "tui.cli:INGEST",
    "tui.cli:REMOVE",
    "tui.cli:EXPORT",
    "tui.cli:SEARCH",
    "tui.tracker_commands:ACTIONS",
    "tui.tracker_commands:MEETINGS",
    "tui.cli:NEW",
    "tui.cli:WATCH",
    "tui.tracker_commands:USERDATA",
    "fetch.command:FETCH",
]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _error(message: str) -> None:
    # Messages carry paths, typed text and library errors: printed with controls escaped.
    print(f"minutes-tui: error: {printable(message)}", file=sys.stderr)


def _positive_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0: {text!r}")
    return value


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db).expanduser() if args.db else default_db_path()


def _reader(args: argparse.Namespace) -> sqlite3.Connection:
    """A read-only connection, upgrading an older store (or healing its search index) first
    when the file is writable.

    Opened read-only first: a store that needs neither (nearly always) then costs no
    writer's connection and no sqlite_utils import, a noticeable part of a search."""
    from store.db import connect_readonly, index_is_stale, open_store

    path = _db_path(args)
    writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    try:
        conn = connect_readonly(path)
    except StoreError as error:
        if error.kind is not StoreErrorKind.NEEDS_UPGRADE or not writable:
            raise
    else:
        if not (writable and index_is_stale(conn)):
            return conn
        conn.close()
    open_store(path).close()  # applies pending migrations, rebuilds an unfinished index
    return connect_readonly(path)


# --- ingest -----------------------------------------------------------------------------------


class IngestCommand:
    name = "ingest"
    help = "read council documents (files or folders) into the store"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        from store.budget import DEFAULT_BUDGET

        parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
        parser.add_argument(
            "--bulk",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="rebuild the search index once at the end (faster; new items are found by a"
            " search only once the run ends) or, with --no-bulk, keep it current file by file;"
            " default: --bulk for many files into a store that holds no items yet",
        )
        parser.add_argument(
            "--time-limit",
            type=_positive_number,
            default=DEFAULT_BUDGET.seconds,
            metavar="SECONDS",
            help="give up on a file that takes longer to read"
            f" (default {DEFAULT_BUDGET.seconds:g})",
        )
        parser.add_argument(
            "--memory-limit",
            type=_positive_number,
            default=DEFAULT_BUDGET.megabytes,
            metavar="MB",
            help="give up on a file that needs more memory to read"
            f" (default {DEFAULT_BUDGET.megabytes})",
        )

    def run(self, args: argparse.Namespace) -> int:
        from store.budget import FileBudget
        from store.counts import store_counts
        from store.db import open_store
        from store.ingest import ingest_paths, iter_files
        from tui.samples import drop_samples_for

        budget = FileBudget(seconds=args.time_limit, megabytes=int(args.memory_limit))
        db = open_store(_db_path(args))
        try:
            files = list(iter_files(args.paths))
            dropped = drop_samples_for(db, files)
            if dropped is not None:
                print(SAMPLES_DROPPED.format(count=len(dropped.sources)), file=sys.stderr)
            before = store_counts(db.conn)
            if len(files) > 5 and sys.stderr.isatty():
                report = self._with_progress(db, files, bulk=args.bulk, budget=budget)
            else:
                report = ingest_paths(db, files, bulk=args.bulk, budget=budget)
            after = store_counts(db.conn)
        finally:
            db.close()
        for failure in report.failed:
            print(f"failed: {printable(failure.error)}", file=sys.stderr)
        full = [f for f in report.failed if "full" in (f.error or "").lower()]
        if full:
            stored = [r for r in report.results if r.status == "ok"]
            last = f" (the last: {printable(stored[-1].path)})" if stored else ""
            print(
                f"the disk is full: {len(stored)} files were stored before it filled{last};"
                " free some space and run the same ingest again (stored files are skipped)",
                file=sys.stderr,
            )
        if report.index_error:
            print(f"minutes-tui: {printable(report.index_error)}", file=sys.stderr)
        print(f"{report.summary()}; {store_change(before, after)}")
        from store.userdata import watched

        if watched(_db_path(args)):  # what each watch has new now
            from store.news_report import print_counts

            print_counts(_db_path(args))
        return EXIT_FAILED if report.failed or report.index_error else EXIT_OK

    @staticmethod
    def _with_progress(
        db: sqlite_utils.Database, files: list[Path], *, bulk: bool | None, budget: FileBudget
    ) -> IngestReport:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        from store.ingest import ingest_paths

        console = Console(stderr=True)
        with Progress(
            TextColumn("ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[name]}", markup=False),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task("ingest", total=len(files), name="")

            def advance(done: int, total: int | None, result: FileResult) -> None:
                progress.update(task, completed=done, name=printable(Path(result.path).name))

            return ingest_paths(db, files, on_progress=advance, bulk=bulk, budget=budget)


SAMPLES_DROPPED = (
    "took the bundled sample minutes ({count} files) out of the store: it holds only what"
    " you ingest"
)


def store_change(before: dict[str, int], after: dict[str, int]) -> str:
    """What the store holds now and what changed: ``store: 12 meetings (+3), ...``."""
    parts = []
    for name in ("meetings", "items", "resolutions", "actions"):
        change = after[name] - before[name]
        parts.append(f"{after[name]:,} {name}" + (f" ({change:+,})" if change else ""))
    return "store: " + ", ".join(parts)


# --- remove -----------------------------------------------------------------------------------


class RemoveCommand:
    name = "remove"
    help = "take ingested files (or every file under a folder) out of the store again"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "paths",
            nargs="+",
            metavar="PATH",
            help="files or folders as they were ingested (they need not exist any more)",
        )

    def run(self, args: argparse.Namespace) -> int:
        from store.counts import store_counts
        from store.db import open_store
        from store.remove import remove_sources

        db = open_store(_db_path(args))
        try:
            before = store_counts(db.conn)
            report = remove_sources(db, args.paths)
            after = store_counts(db.conn)
        finally:
            db.close()
        for path in report.not_found:
            print(f"not in the store: {printable(path)}", file=sys.stderr)
        print(f"{report.summary()}; {store_change(before, after)}")
        return EXIT_FAILED if report.not_found else EXIT_OK


REMOVE = RemoveCommand()


# --- export -----------------------------------------------------------------------------------


class ExportCommand:
    name = "export"
    help = "write the store (or a filtered part) as JSON, Markdown or CSV"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--format",
            "-f",
            choices=("json", "md", "csv"),
            default=None,
            help="json, md (Markdown) or csv; default: from the -o file's extension, else json",
        )
        parser.add_argument("-o", "--output", metavar="FILE", help="write here, not stdout")
        parser.add_argument(
            "--filter",
            default="",
            metavar="TEXT",
            help='only what this filter keeps, e.g. "committee:cabinet year:2018 has:actions"',
        )

    def run(self, args: argparse.Namespace) -> int:
        from store.export import FORMAT_NAMES, export, export_file, format_for
        from store.filters import FilterError, parse_filter

        try:
            flt = parse_filter(args.filter)
        except FilterError as exc:
            _error(f"--filter: {exc}")
            return EXIT_USAGE
        target = Path(args.output).expanduser() if args.output else None
        fmt = args.format or (target and format_for(target)) or "json"
        conn = _reader(args)
        try:
            if target is None:
                export(conn, fmt, sys.stdout, flt)
                sys.stdout.flush()
                return EXIT_OK
            try:
                count = export_file(conn, fmt, target, flt)
            except OSError as exc:
                _error(f"{target}: cannot write ({exc.strerror})")
                return EXIT_FAILED
            noun = "rows" if fmt == "csv" else "meetings"
            print(
                f"wrote {count} {noun} to {printable(target)} as {FORMAT_NAMES[fmt]}",
                file=sys.stderr,
            )
            return EXIT_OK
        finally:
            conn.close()


# --- search -----------------------------------------------------------------------------------


# ``search`` counts matches up to this many unless asked (``--count``) for them all.
COUNT_BOUND = 10_000


class SearchCommand:
    name = "search"
    help = "find agenda items (same filter language as / in the reader)"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("query", nargs="+", metavar="QUERY", help="words and filters")
        parser.add_argument("--limit", "-n", type=int, default=20, help="at most N items")
        parser.add_argument(
            "--ranked",
            action="store_true",
            help="best match first (ranks every match: slow in a large store, seconds for a"
            " common word); by default newest meeting first, as the reader lists them",
        )
        parser.add_argument(
            "--count",
            action="store_true",
            help=f"count every match (by default counting stops past {COUNT_BOUND:,}: a common"
            " word in a store of a million items has half a million, and counting them all"
            " takes longer than the search)",
        )

    def run(self, args: argparse.Namespace) -> int:
        from store import queries
        from store.filters import FilterError, parse_filter

        text = " ".join(args.query)
        try:
            # One filter language everywhere: as in the reader, the last word also matches
            # as a prefix (``search safeg`` finds safeguarding).
            flt = parse_filter(text)
        except FilterError as exc:
            _error(str(exc))
            return EXIT_USAGE
        if args.limit < 1:
            _error("--limit must be at least 1")
            return EXIT_USAGE
        conn = _reader(args)
        search = queries.search_items_ranked if args.ranked else queries.search_items
        bound = None if args.count else max(COUNT_BOUND, args.limit)
        try:
            total = queries.count_items(conn, flt, at_most=bound)
            hits = search(conn, flt, limit=args.limit)
        finally:
            conn.close()
        print_hits(hits, flt, total, sys.stdout, counted_to=bound)
        return EXIT_OK


def _hit_lines(
    hit: SearchHit, patterns: list[str]
) -> tuple[str, str, tuple[str, list[tuple[int, int]]]]:
    from store.inert import one_line  # tui.safe_text's, without Rich
    from store.search import snippet

    meeting = hit.meeting
    committee = one_line(meeting.committee) or "Unknown committee"
    when = meeting.date.isoformat() if meeting.date else "undated"
    if meeting.time:
        when += f" {meeting.time}"
    item = hit.item
    label = " ".join(x for x in (item.number and f"{one_line(item.number)}.", item.title) if x)
    label = one_line(label) or "Untitled item"
    # The field that matched (the title is already on the first line); else the minutes.
    texts = [t for t in (hit.minutes, hit.decision, hit.description) if t]
    best: tuple[str, list[tuple[int, int]]] = ("", [])
    for body in texts:
        excerpt = snippet(one_line(body), patterns)
        if excerpt[1]:
            best = excerpt
            break
        if not best[0]:
            best = excerpt
    return f"{committee} — {when}", label, best


def print_hits(
    hits: list[SearchHit], flt: Filter, total: int, out: TextIO, counted_to: int | None = None
) -> None:
    """Matching items: meeting, item, highlighted snippet (plain text when not a tty).

    ``total`` is exact, or, when counting stopped at ``counted_to``, more than it."""
    from store.filters import highlight

    patterns = highlight(flt)
    tty = out.isatty() and not os.environ.get("NO_COLOR")
    console = None
    if tty:
        from rich.console import Console

        console = Console(file=out, highlight=False)
    for hit in hits:
        heading, label, (excerpt, spans) = _hit_lines(hit, patterns)
        if console is not None:
            from rich.text import Text

            line = Text(excerpt)
            for start, end in spans:
                line.stylize("bold reverse", start, end)
            console.print(Text(heading, style="bold"), Text(" · "), Text(label), sep="")
            console.print(Text("    ") + line)
        else:
            out.write(f"{heading} · {label}\n")
            if excerpt:
                out.write(f"    {excerpt}\n")
    shown = len(hits)
    if counted_to is not None and total > counted_to:
        summary = (
            f"more than {counted_to:,} matching items"
            f" (showing {shown}; use --limit for more, --count to count them all)"
        )
    else:
        more = f" (showing {shown}; use --limit for more)" if shown < total else ""
        summary = f"{total} matching item{'s' if total != 1 else ''}{more}"
    if console is not None:
        console.print(summary, style="dim", markup=False)
    else:
        out.write(summary + "\n")


# --- what's new, and watches --------------------------------------------------------------------


class NewCommand:
    name = "new"
    help = "what is new since you last looked, per watch and overall (for a script or e-mail)"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--watch", "-w", metavar="NAME", help="only this watch")
        parser.add_argument("--format", "-f", choices=("md", "json"), default="md")
        parser.add_argument(
            "--mark-seen",
            action="store_true",
            help="then mark what was printed as looked at (the next run starts from here)",
        )
        parser.add_argument(
            "--limit", "-n", type=int, default=500, help="at most N entries per watch"
        )

    def run(self, args: argparse.Namespace) -> int:
        import json

        from store import news_report, userdata
        from store.inert import inert

        if args.limit < 1:
            _error("--limit must be at least 1")
            return EXIT_USAGE
        conn = _reader(args)
        try:
            try:
                data = news_report.report(conn, args.watch, args.limit)
            except LookupError:
                _error(f"no watch named {args.watch!r} (minutes-tui watch list)")
                return EXIT_USAGE
        finally:
            conn.close()
        if args.format == "json":
            print(json.dumps(data, ensure_ascii=False, indent=1))
        else:
            for line in news_report.markdown(data):
                print(inert(line))
        if args.mark_seen:
            writer = userdata.connect_writer(_db_path(args))
            try:
                for watch in data["watches"]:
                    userdata.mark_seen(writer, watch["name"], data["epoch"])
                if "overall" in data:
                    userdata.mark_seen(writer, None, data["epoch"])
            finally:
                writer.close()
        return EXIT_OK


class WatchCommand:
    name = "watch"
    help = "save a filter as a named watch, follow a person, list or remove watches"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("action", choices=("add", "list", "remove"))
        parser.add_argument("name", nargs="?", metavar="NAME", help="the watch's name")
        what = parser.add_mutually_exclusive_group()
        what.add_argument("--filter", metavar="TEXT", help="a filter, as typed after /")
        what.add_argument("--person", metavar="KEY", help='a person\'s key ("smith john")')
        what.add_argument("--item", metavar="ID", help="an item's id (its news alone)")
        what.add_argument("--thread", metavar="ID", help="an item's id (its whole thread)")

    def run(self, args: argparse.Namespace) -> int:
        from store import follow, userdata
        from store.filters import FilterError, parse_filter

        conn = _reader(args)
        try:
            if args.action == "list":
                for w in follow.watches(conn):
                    count = follow.news_count(conn, w.seen, follow.watch_scope(conn, w))
                    print(f"{printable(w.name)}\t{w.kind}\t{printable(w.query)}\t{count} new")
                return EXIT_OK
            epoch = follow.current_epoch(conn)
        finally:
            conn.close()
        if not args.name:
            _error(f"watch {args.action}: needs a NAME")
            return EXIT_USAGE
        writer = userdata.connect_writer(_db_path(args))
        try:
            if args.action == "remove":
                if not userdata.remove_watch(writer, args.name):
                    _error(f"no watch named {args.name!r}")
                    return EXIT_FAILED
                return EXIT_OK
            given: tuple[tuple[WatchKind, str | None], ...] = (
                ("filter", args.filter),
                ("person", args.person),
                ("item", args.item),
                ("thread", args.thread),
            )
            chosen = [(k, v) for k, v in given if v]
            if not chosen:
                _error("watch add: give --filter, --person, --item or --thread")
                return EXIT_USAGE
            kind, query = chosen[0]
            if kind == "filter":
                try:
                    parse_filter(query + " ")
                except FilterError as exc:
                    _error(f"--filter: {exc}")
                    return EXIT_USAGE
            userdata.save_watch(writer, args.name, kind, query, "", epoch)
        finally:
            writer.close()
        return EXIT_OK


INGEST = IngestCommand()
EXPORT = ExportCommand()
SEARCH = SearchCommand()
NEW = NewCommand()
WATCH = WatchCommand()


# --- the parser and main ----------------------------------------------------------------------


def load_commands() -> list[Command]:
    commands = []
    for spec in COMMANDS:
        module_name, _, attribute = spec.partition(":")
        commands.append(getattr(importlib.import_module(module_name), attribute))
    return commands


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("minutes-tui")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "(not installed)"


class _ShowVersion(argparse.Action):
    """``--version``, the installed package's version looked up only when asked for: argparse's
    own action takes the text when the parser is built, and reading the package metadata
    (``importlib.metadata``, the email parser, zipfile) was part of every reader start-up."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, nargs=0)
        self.help = "show the program's version number and exit"

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        print(f"minutes-tui {_version()}")
        parser.exit()


class _CommandParser(argparse.ArgumentParser):
    """A subcommand's parser that asks its command for its arguments only when it is used
    (to parse a command line, or to show its help).

    A command's arguments take their defaults and choices from the modules that do its
    work (``store.actions_export``'s formats, ``store.budget``'s limits): built for every
    command, they made ``minutes-tui search`` import the other commands' modules, a third
    of its run."""

    def __init__(self, *args: Any, command: Command | None = None, **kwargs: Any) -> None:
        # None: a parser the command adds itself (``userdata export``), built whole.
        super().__init__(*args, **kwargs)
        self._command: Command | None = command

    def _add_command_arguments(self) -> None:
        command, self._command = self._command, None
        if command is None:
            return
        command.add_arguments(self)
        if not any("--db" in action.option_strings for action in self._actions):
            # `minutes-tui ingest --db x.db FILES` works too; SUPPRESS keeps a --db given
            # before the command when none follows it.
            self.add_argument(
                "--db", metavar="PATH", default=argparse.SUPPRESS, help="the store file"
            )

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        self._add_command_arguments()
        return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        self._add_command_arguments()
        return super().format_usage()

    def format_help(self) -> str:
        self._add_command_arguments()
        return super().format_help()


# Stands for the default store's path in ``--db``'s help until the help is shown.
_DEFAULT_STORE = "{the default store}"


class _HelpFormatter(argparse.HelpFormatter):
    """Names the default store in ``--db``'s help only when the help is shown: finding it
    imports platformdirs, which every command paid for when the help was written as the
    parser was built.

    Finds the terminal's width itself: argparse's formatter imports shutil for it (and
    shutil imports bz2 and lzma), 2-3 ms of every command's start, and argparse makes a
    formatter for every argument it checks, not only for help."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)

    def _expand_help(self, action: argparse.Action) -> str:
        text = super()._expand_help(action)
        if _DEFAULT_STORE in text:
            text = text.replace(_DEFAULT_STORE, str(default_db_path()))
        return text


def _terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``: $COLUMNS, else standard output's terminal,
    else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    stream = sys.__stdout__
    try:
        return (os.get_terminal_size(stream.fileno()).columns or 80) if stream else 80
    except (ValueError, OSError):  # not a terminal, or closed
        return 80


def commands_needed(argv: Sequence[str], commands: Sequence[Command]) -> list[Command]:
    """The commands whose parsers a command line needs.

    Building a subcommand's parser costs argparse a third of a millisecond (message
    lookups on disk, a formatter): every command's, 3-4 ms, was part of every search and of
    the reader's start. A line that names a command needs that one; one that names none
    (the reader) needs none; anything else (help, a mistyped command, an option argparse
    will reject) gets them all, so argparse answers it as it always has.
    """
    by_name = {command.name: command for command in commands}
    tokens = iter(argv)
    for token in tokens:
        if token.startswith("-"):
            name, given, _ = token.partition("=")
            if len(name) < 3 or not "--db".startswith(name):
                return list(commands)  # help, --version, or what argparse will refuse
            if not given:
                next(tokens, None)  # the value of --db (or of --d, its abbreviation)
            continue
        return [by_name[token]] if token in by_name else list(commands)
    return []


def build_parser(commands: Sequence[Command]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="minutes-tui",
        description="A keyboard-first terminal reader for local-government meeting minutes. "
        "With no command, opens the reader.",
        formatter_class=_HelpFormatter,
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=f"the store file (default: ${ENV_VAR}, else {_DEFAULT_STORE})",
    )
    parser.add_argument("--version", action=_ShowVersion)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_CommandParser)
    for command in commands:
        sub_parser = sub.add_parser(
            command.name,
            help=command.help,
            description=command.help,
            command=command,
            formatter_class=_HelpFormatter,
        )
        sub_parser.set_defaults(handler=command)
    return parser


def _launch_reader(db_path: Path, *, explicit: bool) -> int:
    """Open the reader. The default store fills itself with the samples on first launch;
    a store named with --db is opened as it is, so a mistyped path says so instead of
    quietly becoming a new store of sample minutes.

    The first screen's meetings are read on a thread of their own from here, while the
    app and Textual are imported and start, so the first frame can show them; and no
    garbage is collected until that frame is drawn (``tui.gc_policy``).
    """
    from tui import gc_policy
    from tui.reader import StoreOpening, StoreReader

    gc_policy.pause_until_first_screen()
    opening = StoreOpening(StoreReader(db_path.expanduser()), rows=_FIRST_PAGE_ROWS)
    from tui.app import run

    return run(db_path, load_samples_if_empty=not explicit, opening=opening)


# The meetings list's page (``VirtualList.PAGE_SIZE``), named here so the read can begin
# before the widgets are imported; ``tests/test_cli.py`` checks that the two agree.
_FIRST_PAGE_ROWS = 100


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``minutes-tui`` console script."""
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(commands_needed(argv, load_commands()))
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return _launch_reader(_db_path(args), explicit=getattr(args, "db", None) is not None)
        from store.db import take_repairs

        take_repairs()  # what earlier opens in this process mended is not this command's
        try:
            return int(args.handler.run(args))
        finally:  # what opening the store mended (an index left behind), failed or not
            for line in take_repairs():
                print(f"minutes-tui: {printable(line)}", file=sys.stderr)
    except StoreError as exc:
        _error(str(exc))
        return EXIT_FAILED
    except sqlite3.DatabaseError as exc:  # e.g. the file was damaged after it was opened
        _error(" ".join(f"the store could not be read: {exc}".split()))
        return EXIT_FAILED
    except BrokenPipeError:  # `minutes-tui export | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
