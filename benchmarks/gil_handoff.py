"""How long a thread waits for the interpreter's lock while another thread is busy.

``python -m benchmarks.gil_handoff`` prints, for a few switch intervals, how often a thread
that gives the lock up and takes it back (as a query on a worker thread does for every row
and statement it hands to Python) gets it back in 50 ms while the main thread runs Python
the whole time. It explains why the reader's filter query does not run beside the main
thread's handling of Enter (README, Performance: issue 21, late evening); a diagnostic, not
a benchmark with a target.
"""

from __future__ import annotations

import sys
import threading
import time

INTERVALS = (0.005, 0.0005, 0.0001, 0.00002)  # Python's default, the reader's, and less
WINDOW = 0.05


def handoffs(interval: float, window: float = WINDOW) -> int:
    """Times a thread took the lock back in ``window`` seconds beside a busy main thread."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(interval)
    count = [0]

    def worker() -> None:
        started = time.perf_counter()
        while time.perf_counter() - started < window:
            time.sleep(0)  # gives the lock up and waits to take it back
            count[0] += 1

    try:
        thread = threading.Thread(target=worker)
        thread.start()
        end = time.perf_counter() + window
        while time.perf_counter() < end:
            pass
        thread.join()
    finally:
        sys.setswitchinterval(previous)
    return count[0]


def main() -> int:
    for interval in INTERVALS:
        n = max(1, handoffs(interval))
        print(
            f"switch interval {interval * 1e3:6.2f} ms: {n:4d} hand-overs in"
            f" {WINDOW * 1e3:.0f} ms beside a busy thread, {WINDOW / n * 1e6:5.0f} us each"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
