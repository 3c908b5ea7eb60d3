"""A real pseudo-terminal for the benchmarks: a program runs in a pty, and its screen is read back.

``Terminal`` starts a program on a new pty (160x48 by default), reads every byte it writes
on a thread of its own, and notes when each read arrived. The screen is rebuilt from those
bytes by a terminal emulator library (pyte), frame by frame: a frame ends where the program
ends a synchronized update (``ESC[?2026l``), or, for output outside one, where a read ends.
The terminal answers Textual's question whether it supports synchronized output with yes, as
kitty, WezTerm, foot, iTerm2 and Windows Terminal do, so every frame Textual writes can be
counted and sized.

Why read on a thread and rebuild the screen afterwards: pyte parses a full-screen frame of
Textual's (tens of KB of truecolour escapes) far slower than the app writes it, and a pty
holds only a few KB; parsing while reading made the app wait on the benchmark. The reader
thread only reads, so the times are those of the bytes' arrival, and the screen at a frame's
end is what a terminal would show at that time. While an operation is measured the main
thread waits on a condition (no Python running beside the reader).

The poll floor (``echo_floor``) is the same path with a program that answers each key at once
with a one-character frame: what this harness adds to any latency it reports.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyte

SYNC_START = b"\x1b[?2026h"
SYNC_END = b"\x1b[?2026l"
SYNC_QUERY = b"\x1b[?2026$p"
SYNC_REPLY = b"\x1b[?2026;2$y"  # DECRPM: mode known, currently reset (so: supported)
SIZE = (160, 48)

# Key names to the bytes a terminal sends for them (legacy encoding: this terminal does
# not take up Textual's offer of the kitty keyboard protocol).
KEYS = {
    "enter": b"\r",
    "escape": b"\x1b",
    "down": b"\x1b[B",
    "up": b"\x1b[A",
    "pagedown": b"\x1b[6~",
    "pageup": b"\x1b[5~",
    "home": b"\x1b[H",
    "end": b"\x1b[F",
    "slash": b"/",
}

# Block elements: the glyphs of scrollbar thumbs, left out when deciding whether a screen
# has settled (a list's thumb changes when its count arrives, after the rows are drawn).
_BLOCKS = {chr(c): " " for c in range(0x2580, 0x25A0)}
_BLOCK_TABLE = str.maketrans(_BLOCKS)

# The poll floor: a program that answers every key with a one-character frame.
ECHO_PROGRAM = r"""
import os, sys, tty
fd = sys.stdin.fileno()
tty.setraw(fd)
os.write(1, b"\x1b[2J\x1b[?2026h\x1b[1;1Hready\x1b[?2026l")
while True:
    data = os.read(fd, 64)
    if not data or b"q" in data:
        break
    os.write(1, b"\x1b[?2026h\x1b[1;1H" + data[-1:] + b"\x1b[?2026l")
"""


@dataclass
class Frame:
    """The screen as a terminal shows it when a frame's last byte has arrived."""

    at: float  # perf_counter time of the read that brought the frame's end
    nbytes: int  # bytes written since the previous frame
    lines: list[str]  # the screen's text
    key: tuple[str, ...]  # what must stop changing for the screen to count as settled
    digest: int  # every cell with its colours and attributes: equal, nothing was redrawn


@dataclass
class Terminal:
    """A program on a pty of ``size`` (columns, rows), its output timed and replayed."""

    argv: Sequence[str]
    size: tuple[int, int] = SIZE
    env: dict[str, str] | None = None
    cwd: Path | None = None
    # Turns a screen into what must stop changing for it to count as settled.
    settle_key: Callable[[pyte.Screen], tuple[str, ...]] | None = None
    started: float = 0.0
    chunks: list[tuple[float, bytes]] = field(default_factory=list)

    def __post_init__(self) -> None:
        columns, rows = self.size
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.ByteStream(self.screen)
        self._fed = 0  # chunks fed to the emulator
        self._carry = b""  # an escape sequence cut by the end of a read, not yet fed
        self._in_sync = False
        self._frame_bytes = 0
        self.last_digest = 0  # of the last frame rebuilt
        self._cond = threading.Condition()
        self._closed = False
        self.proc: subprocess.Popen[bytes] | None = None

    # --- the process ------------------------------------------------------------------------

    def start(self) -> float:
        """Start the program; the perf_counter time just before it was started."""
        master, slave = os.openpty()
        columns, rows = self.size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = dict(self.env if self.env is not None else os.environ)
        env.update(TERM="xterm-256color", COLORTERM="truecolor")
        for name in ("COLUMNS", "LINES", "TERM_PROGRAM", "TMUX", "NO_COLOR"):
            env.pop(name, None)  # the pty's own size and a plain modern terminal
        self.master = master
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            list(self.argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=self.cwd,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self._reader = threading.Thread(target=self._read, name="pty-reader", daemon=True)
        self._reader.start()
        return self.started

    def _read(self) -> None:
        tail = b""
        while True:
            try:
                data = os.read(self.master, 1 << 16)
            except OSError:  # EIO: the program has gone and the pty is closed
                data = b""
            at = time.perf_counter()
            if not data:
                break
            # A terminal answers queries as they arrive, not when a screen is rebuilt.
            if SYNC_QUERY in tail[-16:] + data:
                with contextlib.suppress(OSError):
                    os.write(self.master, SYNC_REPLY)
            tail = data[-16:]
            with self._cond:
                self.chunks.append((at, data))
                self._cond.notify_all()
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def press(self, *keys: str) -> float:
        """Send keys (names of ``KEYS`` or literal text); the perf_counter time of sending."""
        data = b"".join(KEYS.get(k, k.encode()) for k in keys)
        at = time.perf_counter()
        os.write(self.master, data)
        return at

    def peak_rss_mb(self) -> float | None:
        """The program's peak resident memory so far (``VmHWM``), None if unknown."""
        if self.proc is None:
            return None
        try:
            status = Path(f"/proc/{self.proc.pid}/status").read_text()
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return None

    def close(self) -> None:
        """Stop the program (only the process this terminal started) and the reader."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        with contextlib.suppress(OSError):
            os.close(self.master)
        self._reader.join(timeout=5)

    def __enter__(self) -> Terminal:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- waiting ----------------------------------------------------------------------------

    def wait_quiet(self, quiet: float, timeout: float) -> bool:
        """Wait until nothing has arrived for ``quiet`` seconds; False on timeout or exit."""
        deadline = time.perf_counter() + timeout
        with self._cond:
            while True:
                now = time.perf_counter()
                last = self.chunks[-1][0] if self.chunks else self.started
                if now - last >= quiet:
                    return True
                if now >= deadline or self._closed:
                    return False
                self._cond.wait(min(deadline - now, quiet - (now - last)))

    def wait_output(self, count: int, timeout: float) -> bool:
        """Wait until more than ``count`` reads have arrived; False on timeout or exit."""
        deadline = time.perf_counter() + timeout
        with self._cond:
            while len(self.chunks) <= count:
                now = time.perf_counter()
                if now >= deadline or self._closed:
                    return False
                self._cond.wait(deadline - now)
        return True

    def received(self) -> int:
        with self._cond:
            return len(self.chunks)

    # --- the screen -------------------------------------------------------------------------

    def frames(self) -> list[Frame]:
        """Feed everything that has arrived to the emulator; the frames it completed."""
        with self._cond:
            pending = self.chunks[self._fed :]
            self._fed = len(self.chunks)
        out: list[Frame] = []
        for at, data in pending:
            buf, self._carry = self._carry + data, b""
            pos = 0
            while pos < len(buf):
                if self._in_sync:
                    end = buf.find(SYNC_END, pos)
                    if end < 0:
                        break
                    self._feed(buf[pos : end + len(SYNC_END)])
                    pos = end + len(SYNC_END)
                    self._in_sync = False
                    out.append(self._snapshot(at))
                    continue
                start = buf.find(SYNC_START, pos)
                if start < 0:
                    break
                if start > pos:  # bytes outside any synchronized update
                    self._feed(buf[pos:start])
                    out.append(self._snapshot(at))
                pos = start + len(SYNC_START)
                self._frame_bytes += len(SYNC_START)
                self._in_sync = True
            rest = buf[pos:]
            # A marker cut by the end of the read: keep its start for the next read.
            cut = rest.rfind(b"\x1b", max(0, len(rest) - len(SYNC_END) + 1))
            if cut >= 0 and (SYNC_END.startswith(rest[cut:]) or SYNC_START.startswith(rest[cut:])):
                rest, self._carry = rest[:cut], rest[cut:]
            if rest:
                self._feed(rest)
                if not self._in_sync:
                    out.append(self._snapshot(at))
        return out

    def _feed(self, data: bytes) -> None:
        self._frame_bytes += len(data)
        self.stream.feed(data)

    def _snapshot(self, at: float) -> Frame:
        nbytes, self._frame_bytes = self._frame_bytes, 0
        lines = list(self.screen.display)
        key = self.settle_key(self.screen) if self.settle_key else tuple(lines)
        buffer, columns = self.screen.buffer, range(self.screen.columns)
        rows = range(self.screen.lines)
        self.last_digest = hash(tuple(tuple(buffer[y][x] for x in columns) for y in rows))
        return Frame(at, nbytes, lines, key, self.last_digest)


def screen_key(screen: pyte.Screen, top: int = 0, bottom: int = 0) -> tuple[str, ...]:
    """Rows ``top`` to ``-bottom`` as text and background, scrollbars left out.

    The background is part of it so a moved cursor (a highlighted row) counts as a change.
    A scrollbar is the column just inside a pane's right border (``│``), and its glyphs
    anywhere: a list's thumb changes when its count arrives, after its rows are drawn.
    """
    out = []
    columns = range(screen.columns)
    for y in range(top, screen.lines - bottom):
        line = screen.buffer[y]
        chars = [line[x] for x in columns]
        data = [c.data for c in chars]
        masked = {x for x in columns[:-1] if data[x + 1] == "\u2502" and data[x] != "\u2502"}
        text = "".join(" " if x in masked else data[x] for x in columns)
        backs = []
        previous = None
        for x in columns:
            back = ("", False) if x in masked else (chars[x].bg, chars[x].reverse)
            if back != previous:
                backs.append(f"{x}:{back[0]}:{int(back[1])}")
                previous = back
        out.append(text.translate(_BLOCK_TABLE) + "|" + " ".join(backs))
    return tuple(out)


def settled_index(frames: Sequence[Frame]) -> int | None:
    """Index of the first frame from which the settle key never changes again."""
    if not frames:
        return None
    final = frames[-1].key
    index = len(frames) - 1
    while index > 0 and frames[index - 1].key == final:
        index -= 1
    return index


def echo_floor(rounds: int, size: tuple[int, int] = SIZE) -> list[float]:
    """Key to the frame that answers it, for a program that answers at once (seconds)."""
    samples: list[float] = []
    with Terminal([sys.executable, "-c", ECHO_PROGRAM], size=size) as term:
        if not wait_for(term, lambda f: f.lines[0].startswith("ready"), 30):
            return samples
        for index in range(rounds):
            letter = "abcdefghijklmnoprstuvwxyz"[index % 25]
            seen = term.received()
            t0 = term.press(letter)
            if not term.wait_output(seen, 5) or not term.wait_quiet(0.02, 5):
                continue
            frames = [f for f in term.frames() if f.lines[0].startswith(letter)]
            if frames:
                samples.append(frames[0].at - t0)
    return samples


def wait_for(
    term: Terminal,
    cond: Callable[[Frame], bool],
    timeout: float,
    seen: list[Frame] | None = None,
) -> Frame | None:
    """The first frame satisfying ``cond``; None on timeout or exit.

    Frames are consumed up to that one (the rest of a read's frames too); ``seen``
    collects every frame consumed, the one found included.
    """
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        received = term.received()
        found = None
        for frame in term.frames():
            if seen is not None:
                seen.append(frame)
            if found is None and cond(frame):
                found = frame
        if found is not None:
            return found
        if not term.wait_output(received, max(0.0, deadline - time.perf_counter())):
            return None
    return None
