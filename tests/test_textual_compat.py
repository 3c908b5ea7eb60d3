"""``tui.textual_compat``: each override's upstream behaviour, proved still there.

Every test named ``test_upstream_...`` checks the Textual behaviour an override works
around; when one fails after a Textual upgrade, the override may no longer be needed,
or may no longer be right: read ``tui/textual_compat.py`` and mend it. The answers of
the overrides themselves are proved against Textual's in ``test_textual_fixes.py``
(strips), ``test_scrollbar.py`` (the bar) and below (titles).
"""

from __future__ import annotations

import inspect
from importlib.metadata import version

from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.scrollbar import ScrollBar
from textual.widget import Widget
from textual.widgets import Static

from tui import textual_compat
from tui.settle import settle


def test_the_pinned_textual_is_the_one_installed() -> None:
    """The overrides are proved against one version: ``pyproject.toml`` pins it exactly."""
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    pins = [d for d in pyproject["project"]["dependencies"] if d.startswith("textual")]
    assert pins == [f"textual=={version('textual')}"]


# --- 2. the scrollbar -------------------------------------------------------------------------


def test_upstream_scrollbar_renders_through_the_renderable_pipeline() -> None:
    """What ``StripScrollBar`` works around: Textual's bar is a Rich renderable that
    ``Widget.render_lines`` sends through the whole content pipeline."""
    assert ScrollBar.render_lines is Widget.render_lines
    assert "render_lines" not in vars(ScrollBar)


def test_upstream_creates_the_vertical_scrollbar_as_install_does() -> None:
    """``install_vertical_scrollbar`` repeats these private steps of Textual's own."""
    source = inspect.getsource(Widget.vertical_scrollbar.fget)
    assert "self._vertical_scrollbar = scroll_bar = ScrollBar(" in source
    assert "self._vertical_scrollbar.display = False" in source
    assert "self.app._start_widget(self, scroll_bar)" in source
    assert list(inspect.signature(App._start_widget).parameters) == ["self", "parent", "widget"]


class Bars(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("plain", id="plain")
        yield Static("ours", id="ours")


async def test_an_installed_bar_is_set_up_like_textuals() -> None:
    app = Bars()
    async with app.run_test(size=(40, 10)) as pilot:
        await settle(pilot)
        plain = app.query_one("#plain")
        ours = app.query_one("#ours")
        theirs = plain.vertical_scrollbar

        class OwnBar(ScrollBar):
            pass

        bar = textual_compat.install_vertical_scrollbar(
            ours, lambda thickness: OwnBar(vertical=True, name="vertical", thickness=thickness)
        )
        assert type(bar) is OwnBar and type(theirs) is ScrollBar
        assert ours.vertical_scrollbar is bar  # Textual's property now finds ours
        assert textual_compat.install_vertical_scrollbar(ours, lambda t: OwnBar()) is bar
        assert (bar.vertical, bar.name, bar.thickness, bar.display) == (
            theirs.vertical,
            theirs.name,
            theirs.thickness,
            theirs.display,
        )
        await settle(pilot)
        assert bar.is_running and bar.parent is ours
        # Textual's bar draws a Rich renderable, line by line through the pipeline.
        assert hasattr(theirs.render(), "__rich_console__")


# --- 3. border titles -------------------------------------------------------------------------


async def test_upstream_border_title_refreshes_the_whole_widget() -> None:
    """What ``set_border_title`` works around: the descriptor repaints every line."""
    app = Bars()
    async with app.run_test(size=(40, 10)) as pilot:
        await settle(pilot)
        widget = app.query_one("#plain")
        calls: list[tuple[tuple[object, ...], dict[str, object]]] = []
        real = widget.refresh

        def spy(*regions: Region, **kwargs: object) -> Widget:
            calls.append((regions, kwargs))
            return real(*regions, **kwargs)

        widget.refresh = spy  # type: ignore[method-assign]
        widget.border_title = "Agenda"
        assert calls == [((), {})]  # no region: the whole widget


async def test_set_border_title_stores_what_the_descriptor_stores() -> None:
    app = Bars()
    async with app.run_test(size=(40, 10)) as pilot:
        await settle(pilot)
        plain = app.query_one("#plain")
        ours = app.query_one("#ours")
        for title in ("Meetings (1,024)", Text("Agenda · [not markup]\tx"), "[b]x[/b]", None):
            plain.border_title = title
            textual_compat.set_border_title(ours, title)
            assert ours.border_title == plain.border_title
            assert ours._border_title == plain._border_title
