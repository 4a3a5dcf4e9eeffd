"""Where recap keeps its data: one place, resolved here only.

``RECAP_HOME`` wins; otherwise the platform's user data directory
(``~/.local/share/recap`` on Linux, ``~/Library/Application Support/recap`` on
macOS, ``%LOCALAPPDATA%\\recap`` on Windows).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "recap"


def home_path() -> Path:
    """The data home's path, without creating it."""
    env = os.environ.get("RECAP_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_dir() -> Path:
    """Return the data home, creating it if needed."""
    path = home_path()
    path.mkdir(parents=True, exist_ok=True)
    return path


def models_dir() -> Path:
    path = user_dir() / "models"
    path.mkdir(parents=True, exist_ok=True)
    return path


def sessions_dir() -> Path:
    path = user_dir() / "sessions"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_path() -> Path:
    return user_dir() / "recap.json"


def configured_coach() -> str | None:
    """The coach's name from ``recap config set coach``, read without creating anything."""
    path = home_path() / "recap.json"
    if not path.is_file():
        return None
    from .store import Store

    try:
        with Store(path).read() as index:
            return index.setting("coach")
    except Exception:  # a damaged store is reported by the commands that need it
        return None
