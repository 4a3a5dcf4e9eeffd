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


#: What recap creates is its user's alone: folders 0700, files 0600, whatever the umask.
PRIVATE_UMASK = 0o077


def keep_private() -> None:
    """From now on, this process creates folders 0700 and files 0600."""
    os.umask(PRIVATE_UMASK)


def user_dir() -> Path:
    """Return the data home, creating it if needed (0700: only its owner may look inside)."""
    path = home_path()
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except FileExistsError:
        raise _home_problem(f"the data home {path} is a file, not a folder") from None
    except NotADirectoryError:
        raise _home_problem(f"the data home {path} is under a file, not a folder") from None
    except PermissionError:
        raise _home_problem(f"cannot create the data home {path}: permission denied") from None
    except OSError as exc:
        raise _home_problem(f"cannot create the data home {path}: {exc.strerror or exc}") from None
    try:
        st = path.stat()
        if st.st_mode & 0o077 and st.st_uid == os.getuid():
            path.chmod(0o700)  # a home made before, or by hand, is closed too
    except OSError:
        pass  # a read-only home: the commands that write say so
    return path


def _home_problem(what: str) -> Exception:
    from .errors import RecapError

    return RecapError(f"{what} — set RECAP_HOME to a folder of yours")


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
