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
from textual.color import Color
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


# --- 4. focus moves without repainting the whole screen --------------------------------------


def test_upstream_focus_is_a_reactive_that_repaints_the_screen() -> None:
    """What ``apply`` turns off: ``Screen.focused`` is a plain ``Reactive`` (repaint on), and
    ``set_focus`` restyles the widgets that depend on focus itself."""
    from textual.reactive import Reactive
    from textual.screen import Screen

    assert "focused: Reactive[Widget | None] = Reactive(None)" in inspect.getsource(Screen)
    assert inspect.signature(Reactive.__init__).parameters["repaint"].default is True
    assert "self._update_focus_styles(focused, blurred)" in inspect.getsource(Screen.set_focus)
    assert isinstance(textual_compat._focused_reactive(), Reactive)


class Focusable(App[None]):
    CSS = "Static { border: round red; } Static:focus { border: round green; }"

    def compose(self) -> ComposeResult:
        yield Static("one", id="one")
        yield Static("two", id="two")

    def on_mount(self) -> None:
        for widget in self.query(Static):
            widget.can_focus = True


async def test_focus_moves_without_a_screen_repaint_and_restyles_the_focused() -> None:
    textual_compat.apply()
    assert textual_compat._focused_reactive()._repaint is False
    app = Focusable()
    async with app.run_test(size=(40, 10)) as pilot:
        await settle(pilot)
        one, two = app.query_one("#one"), app.query_one("#two")
        one.focus()
        await settle(pilot)
        app.screen._repaint_required = False
        app.screen.set_focus(two)
        assert not app.screen._repaint_required  # no repaint of every widget
        await settle(pilot)
        # The widgets whose look depends on focus were restyled all the same.
        assert two.styles.border_top[1].rich_color.name == "#008000"
        assert one.styles.border_top[1].rich_color.name == "#ff0000"


# --- 5. a list's row count changed, without a layout -------------------------------------------


def test_upstream_virtual_size_lays_out_and_scroll_update_sets_the_bar() -> None:
    """What ``resize_rows`` works around and repeats: a new ``virtual_size`` asks for a
    layout, and the layout's ``_scroll_update`` gives the bar its extent."""
    assert Widget.virtual_size._layout is True
    assert list(inspect.signature(Widget._scroll_update).parameters) == ["self", "virtual_size"]
    source = inspect.getsource(Widget._scroll_update)
    assert "self.vertical_scrollbar.window_virtual_size = virtual_size.height" in source
    assert "self._refresh_scrollbars()" in source


class Rows(App[None]):
    def compose(self) -> ComposeResult:
        from textual.scroll_view import ScrollView

        yield ScrollView(id="theirs")
        yield ScrollView(id="ours")


async def test_resize_rows_leaves_the_bar_as_textuals_layout_does() -> None:
    from textual.geometry import Size

    app = Rows()
    async with app.run_test(size=(40, 20)) as pilot:
        await settle(pilot)
        theirs, ours = app.query_one("#theirs"), app.query_one("#ours")
        for rows in (50, 500, 7, 3, 80):
            theirs.virtual_size = Size(30, rows)
            textual_compat.resize_rows(ours, Size(30, rows))
            await settle(pilot)
            assert ours.virtual_size == theirs.virtual_size
            assert ours.show_vertical_scrollbar == theirs.show_vertical_scrollbar
            assert ours.max_scroll_y == theirs.max_scroll_y
            if theirs.show_vertical_scrollbar:
                bars = (ours.vertical_scrollbar, theirs.vertical_scrollbar)
                assert bars[0].window_virtual_size == bars[1].window_virtual_size
                assert bars[0].window_size == bars[1].window_size
                assert bars[0].display and bars[1].display


async def test_resize_rows_lays_out_only_when_the_bar_appears_or_goes() -> None:
    from textual.geometry import Size

    app = Rows()
    async with app.run_test(size=(40, 20)) as pilot:
        ours = app.query_one("#ours")
        textual_compat.resize_rows(ours, Size(30, 50))  # the bar appears: a layout
        assert ours._layout_required
        await settle(pilot)
        textual_compat.resize_rows(ours, Size(30, 5000))  # it stays: none
        assert not ours._layout_required
        await settle(pilot)
        assert ours.vertical_scrollbar.window_virtual_size == 5000


# --- 6. refreshes sent to the screen at once -----------------------------------------------------


def test_upstream_a_widget_sends_its_refresh_when_idle() -> None:
    """What ``send_refreshes`` calls early: the idle handler that sends a widget's refresh
    to its screen as a message."""
    source = inspect.getsource(Widget._check_refresh)
    assert "screen.post_message(messages.Update(self))" in source
    assert "screen.post_message(messages.Layout(self))" in source
    assert "self._check_refresh()" in inspect.getsource(Widget._on_idle)


async def test_sent_refreshes_reach_the_screen_before_it_next_draws() -> None:
    app = Bars()
    async with app.run_test(size=(40, 10)) as pilot:
        await settle(pilot)
        plain, ours = app.query_one("#plain"), app.query_one("#ours")
        from textual import messages

        plain.refresh()
        ours.refresh()
        textual_compat.send_refreshes(plain, ours)
        # Both are on the screen's queue now, not when each widget next falls idle.
        queued = [m for m in app.screen._message_queue.values if isinstance(m, messages.Update)]
        assert {m.widget for m in queued} == {plain, ours}
        assert not plain._repaint_required and not ours._repaint_required


# --- 7. a frame drawn when its hold is let go -----------------------------------------------------


def test_upstream_the_screen_draws_on_a_timer_that_sleeps_to_its_next_tick() -> None:
    """What ``draw_now`` works around: the screen draws in its update timer's callback,
    which draws nothing while frames are held, and the timer, once it has ticked, sleeps
    to its next tick before it looks at whether it was resumed."""
    from textual.screen import Screen
    from textual.timer import Timer

    callback = inspect.getsource(Screen._on_timer_update)
    assert "_batch_count" in callback and "_compositor_refresh" in callback
    run = inspect.getsource(Timer._run)
    asleep = run.index("await sleep(wait_time)")
    assert run.find("await self._active.wait()", asleep) > asleep  # resumed only after the sleep
    assert "_update_timer" in inspect.getsource(Screen._on_idle)


class Drawn(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("text")


async def test_draw_now_draws_what_waits_and_nothing_while_held() -> None:
    app = Drawn()
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = app.screen
        drawn: list[bool] = []
        original = screen._compositor_refresh
        screen._compositor_refresh = lambda: (drawn.append(True), original())[1]  # type: ignore[method-assign]
        with app.batch_update():
            app.query_one(Static).update("changed")
            await pilot.pause()
            textual_compat.draw_now(screen)
            assert drawn == []  # held: nothing drawn
        await pilot.pause(0)
        textual_compat.draw_now(screen)
        assert drawn


# --- 8. a repaint done by a frame that drew the widget whole --------------------------------------


async def test_upstream_a_repaint_asked_for_outlives_the_frame_that_draws_it() -> None:
    """What ``repainted`` works around: the flag a refresh sets is cleared only when the
    widget's idle handler sends it; a frame drawn before then (a layout's) leaves it set."""
    app = Drawn()
    async with app.run_test() as pilot:
        await settle(pilot)
        static = app.query_one(Static)
        static.refresh()
        assert static._repaint_required
        app.screen._refresh_layout(app.screen.size)  # a layout's frame: everything drawn
        assert static._repaint_required  # still to be sent, for a second frame
        static._check_refresh()
        assert not static._repaint_required


async def test_repainted_leaves_nothing_for_the_idle_handler_to_send() -> None:
    from textual import messages

    app = Drawn()
    async with app.run_test() as pilot:
        await settle(pilot)
        static = app.query_one(Static)
        static.refresh()
        textual_compat.repainted(static)
        static._check_refresh()
        queued = [m for m in app.screen._message_queue.values if isinstance(m, messages.Update)]
        assert queued == []


# --- 9. one row drawn afresh ------------------------------------------------------------------


class Boxed(App[None]):
    CSS = "Static { border: round red; padding: 1 2; height: 8; background: blue 30%; }"

    def compose(self) -> ComposeResult:
        yield Static("first line\nsecond line")


def test_upstream_draws_every_line_through_the_styles_cache() -> None:
    """What ``tui.widgets.framed`` works around: ``Widget.render_lines`` sends every line
    through the widget's ``StylesCache``, whose ``render_line`` works the border, padding,
    background and effects out again from the styles for each line."""
    from textual._styles_cache import StylesCache

    assert "self._styles_cache.render_widget(self, crop)" in inspect.getsource(Widget.render_lines)
    assert list(inspect.signature(StylesCache.render_widget).parameters) == [
        "self",
        "widget",
        "crop",
    ]
    line = inspect.getsource(StylesCache.render_line)
    assert "styles.border" in line and "styles.padding" not in line  # per line, padding passed in


async def test_a_row_drawn_afresh_is_the_row_textual_draws_whatever_its_cache_holds() -> None:
    app = Boxed()
    async with app.run_test(size=(30, 10)) as pilot:
        await settle(pilot)
        static = app.query_one(Static)
        width, height = static.region.size
        drawn = static.render_lines(static.region.reset_offset)
        afresh = [textual_compat.render_row_afresh(static, y) for y in range(height)]
        assert [list(s) for s in afresh] == [list(s) for s in drawn]
        assert [s.cell_length for s in afresh] == [width] * height
        assert afresh[2].text == "│  first line" + " " * (width - 14) + "│"
        # The widget's own cache keeps the rows it drew until they are marked dirty.
        static.styles.set_rule("background", Color.parse("green"))  # no refresh asked for
        assert list(static.render_lines(static.region.reset_offset)[2]) == list(drawn[2])
        assert list(textual_compat.render_row_afresh(static, 2)) != list(drawn[2])


# --- 10. a strip's escape sequences -----------------------------------------------------------


def test_upstream_writes_a_reset_after_every_styled_segment() -> None:
    """What the compact ``render_strip`` works around: Textual's ``Strip.render`` writes each
    segment's whole look and a reset, whatever the next segment's look; and it keeps the
    result in the strip's ``_render_cache``, which ``Strip.join`` concatenates (so each
    strip's sequences must stand alone, as ours do)."""
    from rich.console import Console
    from rich.segment import Segment
    from rich.style import Style
    from textual.strip import Strip

    row = Strip(
        [Segment("a", Style(color="red", bgcolor="blue")), Segment("b", Style(bgcolor="blue"))]
    )
    upstream = textual_compat.upstream_render(row, Console(color_system="truecolor"))
    assert upstream == "\x1b[31;44ma\x1b[0m\x1b[44mb\x1b[0m"
    assert row._render_cache == upstream
    assert "_render_cache" in inspect.getsource(Strip.join)


# --- 11. a strip's caches -----------------------------------------------------------------------


def test_upstream_makes_seven_caches_for_every_strip_and_ours_sets_the_rest_alike() -> None:
    """What ``strip_init`` works around, and what it must still set: Textual's
    ``Strip.__init__`` makes these caches for every strip, and sets every other slot as
    ours does. A new slot, a cache more or less, or another size fails here."""
    from rich.segment import Segment
    from textual.strip import Strip

    assert textual_compat.upstream_strip_caches() == {
        "_divide_cache": 4,
        "_crop_cache": 16,
        "_style_cache": 16,
        "_filter_cache": 4,
        "_line_length_cache": 4,
        "_crop_extend_cache": 4,
        "_offsets_cache": 4,
    }
    segments = (Segment("a"), Segment("bc"))

    def slots(init: object) -> dict[str, object]:
        strip = Strip.__new__(Strip)
        init(strip, iter(segments), 3)  # type: ignore[operator]
        return {
            name: getattr(strip, name)
            for name in Strip.__slots__
            if name not in textual_compat.STRIP_CACHES or init is textual_compat._strip_init
        }

    textual_compat.apply()
    upstream = slots(textual_compat._strip_init)
    ours = slots(textual_compat.strip_init)
    assert set(upstream) == set(Strip.__slots__)
    assert {k: v for k, v in upstream.items() if k not in textual_compat.STRIP_CACHES} == ours
    assert ours["_segments"] == list(segments)
