"""The action tracker's commands: ``actions``, ``meetings`` and ``userdata``.

Argument parsing only, as ``tui.cli``: the work is ``store.actions_export`` and
``store.userdata``. Each is listed in ``tui.cli.COMMANDS``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from store.inert import printable
from tui.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, _db_path, _error, _reader

if TYPE_CHECKING:
    from store.filters import Filter


def _filter(words: list[str]) -> Filter | None:
    from store.filters import FilterError, parse_filter

    try:
        # A finished command line: the last word is whole, not still being typed.
        return parse_filter(" ".join(words) + " ")
    except FilterError as exc:
        _error(str(exc))
        return None


def _write_to(target: Path | None, write: Callable[[TextIO], int]) -> int:
    """Run ``write(out)`` into ``target`` (replaced only once whole) or stdout."""
    from store.export import write_whole

    if target is None:
        count = write(sys.stdout)
        sys.stdout.flush()
        return count
    return write_whole(target, write)


def _export(
    args: argparse.Namespace, write: Callable[[sqlite3.Connection, TextIO], int], noun: str
) -> int:
    """Read the store and ``write(conn, out)`` to ``-o FILE`` or stdout; one line on stderr
    says how many ``noun``s went to the file."""
    target = Path(args.output).expanduser() if args.output else None
    conn = _reader(args)
    try:
        count = _write_to(target, lambda out: write(conn, out))
    except OSError as exc:
        _error(f"{target}: cannot write ({exc.strerror})")
        return EXIT_FAILED
    finally:
        conn.close()
    if target is not None:
        print(
            f"wrote {count} {noun}{'' if count == 1 else 's'} to {printable(target)}",
            file=sys.stderr,
        )
    return EXIT_OK


class ActionsCommand:
    name = "actions"
    help = "list the tracked actions (same filter language as / in the reader)"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        from store.actions_export import ACTION_FORMATS
        from store.queries import ACTION_SORTS

        parser.add_argument(
            "filter", nargs="*", metavar="FILTER", help="e.g. status:open owner:clerk due:<2025-01"
        )
        parser.add_argument("--format", "-f", choices=ACTION_FORMATS, default="md")
        parser.add_argument("--sort", choices=tuple(ACTION_SORTS), default="due")
        parser.add_argument("-o", "--output", metavar="FILE", help="write here, not stdout")

    def run(self, args: argparse.Namespace) -> int:
        from store.actions_export import export_actions

        flt = _filter(args.filter)
        if flt is None:
            return EXIT_USAGE
        return _export(
            args, lambda conn, out: export_actions(conn, args.format, out, flt, args.sort), "action"
        )


class MeetingsCommand:
    name = "meetings"
    help = "the store's upcoming meetings as a calendar (filter by committee:)"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("filter", nargs="*", metavar="FILTER", help="e.g. committee:cabinet")
        parser.add_argument("--format", "-f", choices=("ics",), default="ics")
        parser.add_argument(
            "--since", metavar="DATE", help="from this day (YYYY-MM-DD; default today)"
        )
        parser.add_argument("-o", "--output", metavar="FILE", help="write here, not stdout")

    def run(self, args: argparse.Namespace) -> int:
        from store.actions_export import export_meetings_ics

        flt = _filter(args.filter)
        if flt is None:
            return EXIT_USAGE
        try:
            since = dt.date.fromisoformat(args.since) if args.since else None
        except ValueError:
            _error(f"--since: expects a date like 2025-01-31 (got {args.since!r})")
            return EXIT_USAGE
        return _export(
            args, lambda conn, out: export_meetings_ics(conn, out, flt, since=since), "meeting"
        )


class UserDataCommand:
    name = "userdata"
    help = "export or import what you wrote (statuses, notes, bookmarks, watches) as JSON"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="userdata_command", metavar="export|import")
        sub.required = True
        export = sub.add_parser("export", help="write your data as JSON")
        export.add_argument("-o", "--output", metavar="FILE", help="write here, not stdout")
        imported = sub.add_parser("import", help="add the data of a JSON file to the store")
        imported.add_argument("file", metavar="FILE", help="a file `userdata export` wrote")
        for one in (export, imported):
            one.add_argument(
                "--db", metavar="PATH", default=argparse.SUPPRESS, help="the store file"
            )

    def run(self, args: argparse.Namespace) -> int:
        if args.userdata_command == "export":
            return self._export(args)
        return self._import(args)

    def _export(self, args: argparse.Namespace) -> int:
        from store.userdata import export_userdata

        target = Path(args.output).expanduser() if args.output else None
        conn = _reader(args)
        counts: dict[str, int] = {}

        def write(out: TextIO) -> int:
            counts.update(export_userdata(conn, out))
            return sum(counts.values())

        try:
            try:
                _write_to(target, write)
            except OSError as exc:
                _error(f"{target}: cannot write ({exc.strerror})")
                return EXIT_FAILED
        finally:
            conn.close()
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        where = f" to {printable(target)}" if target is not None else ""
        print(f"exported {summary}{where}", file=sys.stderr)
        return EXIT_OK

    def _import(self, args: argparse.Namespace) -> int:
        from store.db import open_store, write_transaction
        from store.userdata import UserDataError, import_userdata

        path = Path(args.file).expanduser()
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
            _error(f"{path}: cannot read ({reason})")
            return EXIT_FAILED
        db = open_store(_db_path(args))
        try:
            with write_transaction(db):
                counts = import_userdata(db.conn, text, str(path))
        except UserDataError as exc:
            _error(str(exc))
            return EXIT_FAILED
        finally:
            db.close()
        summary = ", ".join(f"{added} of {total} {name}" for name, (added, total) in counts.items())
        print(f"imported {summary or 'nothing'} (the rest were already there)")
        return EXIT_OK


ACTIONS = ActionsCommand()
MEETINGS = MeetingsCommand()
USERDATA = UserDataCommand()
