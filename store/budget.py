"""A time and memory budget for reading one file, so one bad file cannot stall an ingest.

The parsers are linear and capped (pages, characters, nesting), but a file is written by
someone else and a parser can always meet a shape nobody foresaw. Each file is read
``within`` a budget: past its seconds the read is interrupted, past its memory an
allocation fails, and the file is reported as failed with the reason while the rest of the
batch goes on. The writer is never inside a budget: only the parse of a file is.

Time is processor time (a parse does no I/O: the file is read before it), counted by the
process's virtual interval timer, so a wall-clock alarm someone else set (a test runner's
timeout) is left alone. The budget works where the parse runs on a process's main thread
(the worker processes of a batch, and the command line's own process for a few files),
because it uses a signal and the process's address-space limit. Elsewhere (an ingest
started from a thread of the reader) the file is read without one.
"""

from __future__ import annotations

import contextlib
import resource
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType


@dataclass(frozen=True)
class FileBudget:
    """How long one file may take to read, and how much memory beyond what the process had."""

    seconds: float = 60.0
    megabytes: int = 2048

    def describe_time(self) -> str:
        return (
            f"took more than {self.seconds:g} s of processor time to read (the limit for one file)"
        )

    def describe_memory(self) -> str:
        return f"needed more than {self.megabytes:,} MB to read (the limit for one file)"


DEFAULT_BUDGET = FileBudget()


class OverTime(BaseException):
    """Raised inside a read that ran past its budget.

    A BaseException, so the parsers' own catch-alls (which turn a parser bug into a
    ParseError) let it through to the ingest, which reports it for what it is.
    """


def _over_time(signum: int, frame: FrameType | None) -> None:
    raise OverTime


def _address_space_in_use() -> int | None:
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * resource.getpagesize()


@contextlib.contextmanager
def within(budget: FileBudget) -> Iterator[None]:
    """Run the block inside ``budget``: OverTime past its seconds, MemoryError past its memory.

    Off the main thread (or where the platform lacks the means) the block runs unbounded.
    The budget's seconds are processor seconds of this process.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return
    in_use = _address_space_in_use()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = None if in_use is None else in_use + budget.megabytes * 2**20
    if limit is not None and hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    previous = signal.signal(signal.SIGVTALRM, _over_time)

    def restore() -> None:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))

    try:
        try:
            if limit is not None:
                resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
            signal.setitimer(signal.ITIMER_VIRTUAL, budget.seconds)
            yield
        finally:
            restore()
    except OverTime:
        # The timer fires once; if it fired inside the cleanup above, the cleanup was cut
        # short, so it runs again here (every step of it can run twice).
        restore()
        raise
