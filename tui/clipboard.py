"""Copying to the clipboard, honestly: the system's clipboard tool where there is one, and the
terminal's OSC 52 request everywhere.

OSC 52 asks the terminal to put text on the clipboard. It is the only way over ssh, but many
terminals refuse it (or cap its size) and nothing tells the app either way, so "Copied" after
OSC 52 alone may be untrue. On the machine the reader runs on, a clipboard tool (wl-copy,
xclip, xsel, pbcopy, clip.exe) does report success; when one does, the copy is known to have
happened.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass

# (command, the environment variable that says its clipboard is reachable, or None)
_TOOLS: tuple[tuple[tuple[str, ...], str | None], ...] = (
    (("wl-copy",), "WAYLAND_DISPLAY"),
    (("xclip", "-selection", "clipboard"), "DISPLAY"),
    (("xsel", "--clipboard", "--input"), "DISPLAY"),
    (("pbcopy",), None),  # macOS
    (("clip.exe",), None),  # Windows, and WSL
)


@dataclass(frozen=True)
class CopyOutcome:
    """How a copy went: by a tool that said it worked, or only asked of the terminal."""

    tool: str | None  # the tool that copied, or None: only the terminal was asked

    def describe(self) -> str:
        if self.tool:
            return f"Copied to the clipboard ({self.tool})"
        return "Sent to the terminal's clipboard (OSC 52); some terminals ignore it"


def system_copy(text: str, environ: Mapping[str, str] | None = None) -> str | None:
    """Put ``text`` on the system clipboard with the first tool that works; its name, or None.

    Over ssh the system clipboard is the remote machine's, of no use to the reader: only
    the terminal (OSC 52) can reach theirs, so no tool is tried.
    """
    env = os.environ if environ is None else environ
    if env.get("SSH_CONNECTION") or env.get("SSH_TTY"):
        return None
    for command, needs in _TOOLS:
        if needs is not None and not env.get(needs):
            continue
        path = shutil.which(command[0])
        if path is None:
            continue
        try:
            done = subprocess.run(
                [path, *command[1:]],
                input=text.encode("utf-8"),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=3,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return command[0]
    return None
