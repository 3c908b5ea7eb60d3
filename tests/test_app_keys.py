"""Keys as people send them: pasted, typed fast, over a slow link.

A terminal delivers a paste or fast typing as one burst of key events. Every key after ``/``
belongs to the filter box however fast it arrives: none may reach the main screen's bindings
(``a`` opens the action list, ``q`` quits, ``e`` exports, ``y`` copies, ``r`` refreshes).
"""

from __future__ import annotations

from textual import events
from textual.pilot import Pilot

from tui.app import MinutesApp, make_app
from tui.screens.main import MainScreen
from tui.settle import settle
from tui.widgets.status import FilterInput

SIZE = (120, 40)


async def send_burst(app: MinutesApp, pilot: Pilot, text: str) -> None:
    """All of ``text``'s keys into the app's queue at once, as a terminal delivers a paste."""
    driver = app._driver
    assert driver is not None
    for char in text:
        key = "slash" if char == "/" else ("space" if char == " " else char)
        event = events.Key(key, char)
        event.set_sender(app)
        driver.send_message(event)
    await pilot.pause()
    await settle(pilot)


async def test_every_key_after_slash_goes_to_the_filter_box(model_store_path) -> None:
    app = make_app(model_store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await send_burst(app, pilot, "/planning year report quay")
        assert app.is_running  # "q" did not quit
        assert isinstance(app.screen, MainScreen)  # "a" did not open the action list
        assert app.screen.query_one(FilterInput).value == "planning year report quay"
