"""The reader's own settings, kept between sessions: the theme, the filters typed before, and
where the reader was in each store (its filter, meeting and item: the app reopens there).

They belong to the person, not to a store (the same person opens several stores), so they
live in a small JSON file in the user's config folder (``~/.config/minutes-tui/`` on Linux;
``XDG_CONFIG_HOME`` moves it), written atomically. A missing or damaged file is an empty
one: settings are a convenience and never stop the reader from opening.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path


def settings_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("minutes-tui", appauthor=False)) / "settings.json"


@dataclass
class Settings:
    theme: str | None = None
    filter_history: list[str] = field(default_factory=list)
    # By the store's resolved path: {"filter": text, "meeting": id, "item": id}.
    places: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or settings_path()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        theme = data.get("theme")
        history = data.get("filter_history")
        places = data.get("places")
        return cls(
            theme=theme if isinstance(theme, str) else None,
            filter_history=[h for h in history if isinstance(h, str)]
            if isinstance(history, list)
            else [],
            places={
                str(store): {k: v for k, v in place.items() if isinstance(v, str)}
                for store, place in places.items()
                if isinstance(place, dict)
            }
            if isinstance(places, dict)
            else {},
        )

    def save(self, path: Path | None = None) -> bool:
        """Write the file (a temporary file renamed over it); False when it cannot be."""
        path = path or settings_path()
        written: str | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=path.parent, prefix=".settings-", delete=False
            ) as out:
                written = out.name
                json.dump(asdict(self), out, ensure_ascii=False, indent=1)
            os.replace(written, path)
        except OSError:
            if written is not None:
                Path(written).unlink(missing_ok=True)
            return False
        return True
