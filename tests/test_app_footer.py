"""KeyFooter: one line of keys, repainted (never rebuilt) when they change; a click presses one."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widget import Widget

from tui.widgets.footer import KeyFooter


class Plain(Widget, can_focus=True):
    pass


class WithKey(Widget, can_focus=True):
    BINDINGS: ClassVar = [
        Binding("x", "export", "Export"),
        Binding("down,j", "down", "Down"),
        Binding("z", "secret", "Hidden", show=False),
    ]

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.exported = 0

    def action_export(self) -> None:
        self.exported += 1

    def action_down(self) -> None:
        pass

    def action_secret(self) -> None:
        pass


class FooterApp(App[None]):
    BINDINGS: ClassVar = [Binding("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Plain(id="a")
        yield WithKey(id="c")
        yield KeyFooter()


def descriptions(app: FooterApp) -> list[str]:
    return [key.description for key in app.query_one(KeyFooter).keys_shown]


async def test_the_keys_follow_the_focus_without_mounting_anything() -> None:
    app = FooterApp()
    async with app.run_test() as pilot:
        app.set_focus(app.query_one("#a"))
        await pilot.pause()
        footer = app.query_one(KeyFooter)
        assert descriptions(app) == ["Quit", "palette"]
        assert list(footer.children) == []
        app.set_focus(app.query_one("#c"))
        await pilot.pause()
        # One entry per action (down and j are one key), hidden bindings left out,
        # the focused widget's keys first, the command palette last.
        assert descriptions(app) == ["Export", "Down", "Quit", "palette"]
        assert [k.display for k in footer.keys_shown][:2] == ["x", "↓"]
        assert list(footer.children) == []
        app.set_focus(app.query_one("#a"))
        await pilot.pause()
        assert descriptions(app) == ["Quit", "palette"]


async def test_the_line_shows_each_key_and_the_palette_at_the_right() -> None:
    app = FooterApp()
    async with app.run_test(size=(60, 5)) as pilot:
        app.set_focus(app.query_one("#c"))
        await pilot.pause()
        line = app.query_one(KeyFooter).render().plain
        assert line.startswith(" x Export  ↓ Down  q Quit ")
        assert line.endswith("▏^p palette ")
        assert len(line) == app.query_one(KeyFooter).size.width  # filled to the edge


async def test_a_narrow_line_cuts_the_keys_and_keeps_the_palette() -> None:
    app = FooterApp()
    async with app.run_test(size=(30, 5)) as pilot:
        app.set_focus(app.query_one("#c"))
        await pilot.pause()
        footer = app.query_one(KeyFooter)
        line = footer.render().plain
        room = footer.size.width - len("▏^p palette ")
        assert room < len(" x Export  ↓ Down  q Quit ")
        assert line == " x Export  ↓ Down  q Quit "[:room] + "▏^p palette "


async def test_a_click_on_a_key_presses_it() -> None:
    app = FooterApp()
    async with app.run_test(size=(60, 5)) as pilot:
        target = app.query_one("#c", WithKey)
        app.set_focus(target)
        await pilot.pause()
        await pilot.click(KeyFooter, offset=(2, 0))  # on " x "
        await pilot.pause()
        assert target.exported == 1
        await pilot.click(KeyFooter, offset=(30, 0))  # the gap after the keys: nothing
        await pilot.pause()
        assert target.exported == 1


async def test_a_set_of_keys_is_drawn_once_and_clicks_follow_the_line_shown(
    monkeypatch,
) -> None:
    app = FooterApp()
    async with app.run_test(size=(60, 5)) as pilot:
        footer = app.query_one(KeyFooter)
        drawn: list[str] = []
        original = KeyFooter.render

        def counting(self: KeyFooter):
            line = original(self)
            drawn.append(line.plain.split()[1])  # the first key's description
            return line

        monkeypatch.setattr(KeyFooter, "render", counting)
        target = app.query_one("#c", WithKey)
        for widget in ("#c", "#a", "#c", "#a", "#c"):
            app.set_focus(app.query_one(widget))
            await pilot.pause()
        # Each set of keys is drawn once, then reused ("Quit" was drawn at start-up).
        assert drawn == ["Export"]
        assert footer.render_line(0).text.startswith(" x Export  ↓ Down")
        await pilot.click(KeyFooter, offset=(2, 0))  # on " x " of the reused line
        await pilot.pause()
        assert target.exported == 1
        app.set_focus(app.query_one("#a"))
        await pilot.pause()
        await pilot.click(KeyFooter, offset=(2, 0))  # now " q Quit": not Export
        await pilot.pause()
        assert target.exported == 1
