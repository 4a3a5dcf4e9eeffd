"""Where recap keeps its data: one place, resolved here only.

``RECAP_HOME`` wins; otherwise the platform's user data directory
(``~/.local/share/recap`` on Linux, ``~/Library/Application Support/recap`` on
macOS, ``%LOCALAPPDATA%\\recap`` on Windows).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "recap"


def user_dir() -> Path:
    """Return the data home, creating it if needed."""
    env = os.environ.get("RECAP_HOME")
    if env:
        path = Path(env).expanduser()
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
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
