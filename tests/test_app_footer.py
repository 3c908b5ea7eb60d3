"""KeyFooter: the key bar is rebuilt when the keys shown change, and only then."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets._footer import FooterKey

from tui.widgets.footer import KeyFooter


class CountingFooter(KeyFooter):
    def __init__(self) -> None:
        super().__init__()
        self.composed = 0

    def compose(self) -> ComposeResult:
        self.composed += 1
        yield from super().compose()


class Plain(Widget, can_focus=True):
    pass


class WithKey(Widget, can_focus=True):
    BINDINGS: ClassVar = [Binding("x", "noop", "Export")]

    def action_noop(self) -> None:
        pass


class FooterApp(App[None]):
    BINDINGS: ClassVar = [Binding("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Plain(id="a")
        yield Plain(id="b")
        yield WithKey(id="c")
        yield CountingFooter()


def shown(app: FooterApp) -> list[str]:
    return [key.description for key in app.query(FooterKey)]


async def test_focus_moves_with_the_same_keys_do_not_rebuild_the_footer() -> None:
    app = FooterApp()
    async with app.run_test() as pilot:
        app.set_focus(app.query_one("#a"))
        await pilot.pause()
        footer = app.query_one(CountingFooter)
        before = footer.composed
        assert "Quit" in shown(app) and "Export" not in shown(app)
        for target in ("#b", "#a", "#b"):
            app.set_focus(app.query_one(target))
            await pilot.pause()
        assert footer.composed == before


async def test_a_new_key_rebuilds_the_footer() -> None:
    app = FooterApp()
    async with app.run_test() as pilot:
        app.set_focus(app.query_one("#a"))
        await pilot.pause()
        footer = app.query_one(CountingFooter)
        before = footer.composed
        app.set_focus(app.query_one("#c"))
        await pilot.pause()
        assert footer.composed == before + 1
        assert shown(app) == ["Export", "Quit", "palette"]
        app.set_focus(app.query_one("#a"))
        await pilot.pause()
        assert footer.composed == before + 2
        assert "Export" not in shown(app)
