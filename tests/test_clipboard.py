"""Copy says honestly where the text went: a clipboard tool that reported success, or only the
terminal's OSC 52 request (which many terminals ignore)."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from tui.clipboard import CopyOutcome, system_copy
from tui.settle import settle

# The stand-ins run with PATH holding only themselves.
CAT, SLEEP = shutil.which("cat"), shutil.which("sleep")


def fake_tool(folder: Path, name: str, *, works: bool = True) -> Path:
    """An executable that stores its standard input in ``folder/name.out``."""
    folder.mkdir(exist_ok=True)
    tool = folder / name
    out = folder / f"{name}.out"
    tool.write_text(f"#!/bin/sh\n{CAT} > '{out}'\nexit {0 if works else 1}\n")
    tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    return out


def test_the_first_working_tool_for_the_display_copies(tmp_path: Path, monkeypatch) -> None:
    bin_dir = tmp_path / "bin"
    broken = fake_tool(bin_dir, "wl-copy", works=False)
    xclip = fake_tool(bin_dir, "xclip")
    monkeypatch.setenv("PATH", str(bin_dir))
    env = {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}
    assert system_copy("Café minutes", env) == "xclip"
    assert broken.read_text() == "Café minutes"  # tried first, said no
    assert xclip.read_text() == "Café minutes"


def test_no_tool_without_its_display_or_over_ssh(tmp_path: Path, monkeypatch) -> None:
    bin_dir = tmp_path / "bin"
    fake_tool(bin_dir, "xclip")
    monkeypatch.setenv("PATH", str(bin_dir))
    assert system_copy("x", {}) is None  # xclip needs an X display
    assert system_copy("x", {"DISPLAY": ":0", "SSH_CONNECTION": "1 2 3 4"}) is None
    assert system_copy("x", {"DISPLAY": ":0"}) == "xclip"


def test_the_words_say_what_happened() -> None:
    assert CopyOutcome("xclip").describe() == "Copied to the clipboard (xclip)"
    assert "some terminals ignore it" in CopyOutcome(None).describe()


async def test_the_reader_reports_which_way_the_copy_went(model_store_path, monkeypatch) -> None:
    from tui.app import make_app

    for tool, expected in (("pbcopy", "Copied to the clipboard (pbcopy)"), (None, "OSC 52")):
        monkeypatch.setattr("tui.app.system_copy", lambda text, tool=tool: tool)
        app = make_app(model_store_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            notes = " ".join(n.message for n in app._notifications)
            assert (
                expected in notes
                and "with citation: Nottingham City Council, Cabinet, 2018-10-02" in notes
            )


@pytest.mark.skipif(os.name != "posix", reason="shell stand-ins")
def test_a_tool_that_hangs_is_given_up(tmp_path: Path, monkeypatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    tool = bin_dir / "pbcopy"
    tool.write_text(f"#!/bin/sh\n{SLEEP} 30\n")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    assert system_copy("x", {}) is None
