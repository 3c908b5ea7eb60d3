"""The one table of named actions in minutes-tui.

Every key the reader answers to is a row of ``ACTIONS``. The widgets' and
screens' ``BINDINGS``, the footer (``show``), the help screen and the command
palette are all generated from this table, so a key can never be bound without
being documented, and the help can never list a key that does nothing.

``scope`` says where an action applies (and which class gets the binding):

* ``app``      anywhere (quit, help, command palette)
* ``main``     the main screen (filter, panes, copy, export, refresh, action list)
* ``list``     any list pane (cursor movement)
* ``reading``  the reading view of one agenda item
* ``actions``  the action tracker (every action point, its status and notes)
* ``status``   setting an action's status
* ``export``   the export dialog
* ``filter``   while typing in the filter box
* ``people``, ``person``  the people index and one person's record
* ``thread``   the timeline of one matter across meetings
* ``news``     what is new, overall and per watch
* ``marks``    bookmarks and notes
* ``editor``   writing a note (on anything, an action's too) or a watch's name
* ``help``, ``error``  the help screen and the can't-open-the-store screen

Bookmarks and notes take the same two keys wherever something is selected: ``m`` marks
(or unmarks) it, ``c`` writes a note on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from textual.binding import Binding, BindingType

Scope = Literal[
    "app",
    "main",
    "list",
    "reading",
    "actions",
    "status",
    "filter",
    "export",
    "people",
    "person",
    "thread",
    "news",
    "marks",
    "editor",
    "help",
    "error",
]

SCOPE_TITLES: dict[Scope, str] = {
    "app": "Anywhere",
    "main": "Main screen",
    "list": "In a list",
    "reading": "Reading view",
    "actions": "Action tracker",
    "status": "Setting an action's status",
    "filter": "Typing a filter",
    "export": "Export dialog",
    "people": "People",
    "person": "One person",
    "thread": "A matter's timeline",
    "news": "What's new",
    "marks": "Bookmarks and notes",
    "editor": "Writing a note or a name",
    "help": "This help",
    "error": "Store error screen",
}


@dataclass(frozen=True)
class NamedAction:
    """One named action: what it is called, which keys run it, and where it shows."""

    id: str  # globally unique binding id ("main.filter"), usable in a keymap
    keys: str  # Textual key names, comma separated ("down,j")
    action: str  # the action method it runs, without the ``action_`` prefix
    description: str  # short label for the footer and the help screen
    scope: Scope
    footer: bool = True  # shown in the footer
    palette: bool = True  # offered in the command palette
    key_display: str | None = None  # how the help and footer print the keys
    priority: bool = False

    @property
    def display_keys(self) -> str:
        """Keys as a person reads them: ``↓ j`` for ``down,j``."""
        if self.key_display:
            return self.key_display
        return " ".join(_KEY_NAMES.get(k, k) for k in self.keys.split(","))

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.description,
            show=self.footer,
            key_display=self.key_display,
            priority=self.priority,
            id=self.id,
        )


_KEY_NAMES = {
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "enter": "enter",
    "escape": "esc",
    "slash": "/",
    "question_mark": "?",
    "tab": "tab",
    "shift+tab": "shift+tab",
    "pageup": "pgup",
    "pagedown": "pgdn",
    "home": "home",
    "end": "end",
    "ctrl+p": "ctrl+p",
    "ctrl+s": "^s",
}


ACTIONS: tuple[NamedAction, ...] = (
    # --- anywhere --------------------------------------------------------------------------
    NamedAction("app.quit", "q", "quit", "Quit", "app", key_display="q"),
    NamedAction("app.help", "question_mark", "help", "Help", "app", key_display="?"),
    NamedAction(
        "app.palette",
        "ctrl+p",
        "command_palette",
        "Commands",
        "app",
        palette=False,
        footer=False,
        priority=True,
    ),
    # --- main screen -----------------------------------------------------------------------
    NamedAction("main.filter", "slash", "filter", "Filter", "main", key_display="/"),
    NamedAction("main.back", "escape", "back", "Clear filter", "main", footer=False),
    NamedAction(
        "main.next_pane", "tab", "next_pane", "Next pane", "main", footer=False, palette=False
    ),
    NamedAction(
        "main.previous_pane",
        "shift+tab",
        "previous_pane",
        "Previous pane",
        "main",
        footer=False,
        palette=False,
    ),
    NamedAction(
        "main.pane_right",
        "right,l",
        "next_pane",
        "Pane to the right",
        "main",
        footer=False,
        palette=False,
    ),
    NamedAction(
        "main.pane_left",
        "left,h",
        "previous_pane",
        "Pane to the left",
        "main",
        footer=False,
        palette=False,
    ),
    NamedAction("main.open", "enter", "open", "Open", "main", footer=True),
    NamedAction("main.actions", "a", "all_actions", "All actions", "main"),
    NamedAction("main.copy", "y", "copy", "Copy", "main"),
    NamedAction("main.export", "e", "export", "Export…", "main"),
    NamedAction("main.refresh", "r", "refresh", "Refresh", "main"),
    NamedAction("main.open_page", "o", "open_page", "Open page", "main", footer=False),
    NamedAction("main.bookmark", "m", "bookmark", "Mark", "main"),
    NamedAction("main.note", "c", "note", "Note", "main", footer=False),
    NamedAction("main.news", "w", "news", "What's new", "main", key_display="w"),
    NamedAction("main.people", "p", "people", "People", "main", footer=False),
    NamedAction("main.thread", "t", "thread", "Timeline of the item", "main", footer=False),
    NamedAction("main.marks", "M", "marks", "Bookmarks and notes", "main", footer=False),
    NamedAction("main.watch", "s", "save_watch", "Save filter as a watch", "main", footer=False),
    NamedAction("main.follow", "f", "follow", "Follow the item", "main", footer=False),
    # --- any list --------------------------------------------------------------------------
    NamedAction("list.down", "down,j", "cursor_down", "Down", "list", footer=False, palette=False),
    NamedAction("list.up", "up,k", "cursor_up", "Up", "list", footer=False, palette=False),
    NamedAction("list.top", "g,home", "first", "Top", "list", footer=False, palette=False),
    NamedAction("list.bottom", "G,end", "last", "Bottom", "list", footer=False, palette=False),
    # Paging as in less and vim: space and ctrl+f/ctrl+b a page, ctrl+d/ctrl+u half a page.
    NamedAction(
        "list.page_down",
        "pagedown,space,ctrl+f",
        "page_down",
        "Page down",
        "list",
        footer=False,
        palette=False,
        key_display="pgdn space ^f",
    ),
    NamedAction(
        "list.page_up",
        "pageup,ctrl+b",
        "page_up",
        "Page up",
        "list",
        footer=False,
        palette=False,
        key_display="pgup ^b",
    ),
    NamedAction(
        "list.half_page_down",
        "ctrl+d",
        "half_page_down",
        "Half a page down",
        "list",
        footer=False,
        palette=False,
        key_display="^d",
    ),
    NamedAction(
        "list.half_page_up",
        "ctrl+u",
        "half_page_up",
        "Half a page up",
        "list",
        footer=False,
        palette=False,
        key_display="^u",
    ),
    # --- reading view ----------------------------------------------------------------------
    # In a screen over the main one, q goes back (as in less); it quits from the main screen.
    NamedAction("reading.back", "escape,q", "back", "Back", "reading", key_display="esc q"),
    NamedAction("reading.search", "slash", "search", "Find", "reading", key_display="/"),
    NamedAction(
        "reading.next_item",
        "right_square_bracket",
        "next_item",
        "Next item",
        "reading",
        key_display="]",
    ),
    NamedAction(
        "reading.previous_item",
        "left_square_bracket",
        "previous_item",
        "Previous item",
        "reading",
        key_display="[",
    ),
    NamedAction("reading.next_match", "n", "next_match", "Next match", "reading"),
    NamedAction(
        "reading.previous_match",
        "N",
        "previous_match",
        "Previous match",
        "reading",
        key_display="N",
    ),
    NamedAction("reading.copy", "y", "copy", "Copy", "reading"),
    NamedAction("reading.bookmark", "m", "bookmark", "Mark", "reading"),
    NamedAction("reading.note", "c", "note", "Note", "reading"),
    NamedAction("reading.thread", "t", "thread", "Timeline", "reading"),
    NamedAction("reading.follow", "f", "follow", "Follow the item", "reading", footer=False),
    NamedAction("reading.passages", "s", "passages", "Show sources", "reading", footer=False),
    NamedAction("reading.open_page", "o", "open_page", "Open page", "reading", footer=False),
    NamedAction(
        "reading.down",
        "down,j",
        "scroll_down",
        "Scroll down",
        "reading",
        footer=False,
        palette=False,
    ),
    NamedAction(
        "reading.up", "up,k", "scroll_up", "Scroll up", "reading", footer=False, palette=False
    ),
    NamedAction(
        "reading.top", "g,home", "scroll_home", "Top", "reading", footer=False, palette=False
    ),
    NamedAction(
        "reading.bottom",
        "G,end",
        "scroll_end",
        "Bottom",
        "reading",
        footer=False,
        palette=False,
    ),
    NamedAction(
        "reading.page_down",
        "pagedown,space,ctrl+f,ctrl+d",
        "page_down",
        "Page down",
        "reading",
        footer=False,
        palette=False,
    ),
    NamedAction(
        "reading.page_up",
        "pageup,b,ctrl+b,ctrl+u",
        "page_up",
        "Page up",
        "reading",
        footer=False,
        palette=False,
    ),
    # --- the action tracker ------------------------------------------------------------------
    NamedAction("actions.read", "enter", "read", "Read item", "actions"),
    NamedAction("actions.status", "x", "set_status", "Status", "actions"),
    # Mark and note take m and c here as on every screen (the note is the action's own);
    # the tracker's "go to meeting" is v (view the meeting).
    NamedAction("actions.note", "c", "note", "Note", "actions"),
    NamedAction("actions.bookmark", "m", "bookmark", "Mark", "actions"),
    NamedAction("actions.sort", "s", "sort", "Sort", "actions"),
    NamedAction("actions.filter", "slash", "filter", "Filter", "actions", key_display="/"),
    NamedAction("actions.meeting", "v", "jump", "Go to meeting", "actions"),
    NamedAction("actions.close", "escape,a,q", "close", "Close", "actions", key_display="esc a q"),
    NamedAction("actions.copy", "y", "copy", "Copy", "actions"),
    # --- people ----------------------------------------------------------------------------
    NamedAction("people.open", "enter", "open", "Open", "people"),
    NamedAction("people.find", "slash", "find", "Find a name", "people", key_display="/"),
    NamedAction("people.close", "escape,q", "close", "Back", "people", key_display="esc q"),
    NamedAction("person.jump", "enter", "jump", "Go to meeting", "person"),
    NamedAction("person.follow", "f", "follow", "Follow", "person"),
    NamedAction("person.roles", "tab", "next_roles", "Show", "person", key_display="tab"),
    NamedAction("person.close", "escape,q", "close", "Back", "person", key_display="esc q"),
    # --- a matter's timeline ---------------------------------------------------------------
    NamedAction("thread.jump", "enter", "jump", "Go to item", "thread"),
    NamedAction("thread.follow", "f", "follow", "Follow", "thread"),
    NamedAction("thread.bookmark", "m", "bookmark", "Mark", "thread"),
    NamedAction("thread.close", "escape,q,t", "close", "Back", "thread", key_display="esc q"),
    # --- what's new ------------------------------------------------------------------------
    NamedAction("news.jump", "enter", "jump", "Go to item", "news"),
    NamedAction("news.pane", "tab", "switch", "Watches / news", "news", key_display="tab"),
    NamedAction("news.remove", "d", "remove", "Remove watch", "news"),
    NamedAction("news.close", "escape,q,w", "close", "Back", "news", key_display="esc q"),
    # --- bookmarks and notes ---------------------------------------------------------------
    NamedAction("marks.jump", "enter", "jump", "Go to it", "marks"),
    NamedAction("marks.bookmark", "m", "bookmark", "Mark", "marks"),
    NamedAction("marks.note", "c", "note", "Note", "marks"),
    NamedAction("marks.close", "escape,q,M", "close", "Back", "marks", key_display="esc q"),
    # --- writing a note or a watch's name --------------------------------------------------
    NamedAction("editor.save", "ctrl+s", "save", "Save", "editor", key_display="^s", priority=True),
    NamedAction(
        "editor.cancel", "escape", "cancel", "Cancel", "editor", key_display="esc", priority=True
    ),
    # --- setting an action's status --------------------------------------------------------
    # Priority: the reason box would take up, down (to scroll) and enter (to submit) itself.
    NamedAction(
        "status.next", "down", "next_status", "Next status", "status", palette=False, priority=True
    ),
    NamedAction(
        "status.previous",
        "up",
        "previous_status",
        "Previous status",
        "status",
        palette=False,
        priority=True,
    ),
    NamedAction("status.save", "enter", "save", "Save", "status", palette=False, priority=True),
    NamedAction("status.cancel", "escape", "cancel", "Cancel", "status", palette=False),
    # --- help and error screens ------------------------------------------------------------
    NamedAction(
        "help.close",
        "escape,question_mark,q",
        "close",
        "Close help",
        "help",
        key_display="esc ? q",
        palette=False,
    ),
    NamedAction("error.retry", "r", "retry", "Try again", "error"),
    # --- typing a filter -------------------------------------------------------------------
    NamedAction("export.cancel", "escape", "cancel", "Cancel export", "export", palette=False),
    NamedAction("filter.done", "enter", "done", "Keep filter", "filter", palette=False),
    NamedAction("filter.cancel", "escape", "cancel", "Clear filter", "filter", palette=False),
    NamedAction("filter.older", "up", "history_older", "Earlier filter", "filter", palette=False),
    NamedAction("filter.newer", "down", "history_newer", "Later filter", "filter", palette=False),
)


def actions_in(*scopes: Scope) -> tuple[NamedAction, ...]:
    """The rows of the table for the given scopes, in table order."""
    return tuple(a for a in ACTIONS if a.scope in scopes)


def bindings_for(scope: Scope) -> list[BindingType]:
    """The ``BINDINGS`` list for a class handling one scope."""
    return [a.binding() for a in actions_in(scope)]


def by_id(action_id: str) -> NamedAction:
    for named in ACTIONS:
        if named.id == action_id:
            return named
    raise KeyError(action_id)


def grouped(scopes: Iterable[Scope] = SCOPE_TITLES) -> list[tuple[str, tuple[NamedAction, ...]]]:
    """(title, actions) per scope, for the help screen."""
    return [(SCOPE_TITLES[s], actions_in(s)) for s in scopes if actions_in(s)]
