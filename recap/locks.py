"""Advisory file locks that work on POSIX (fcntl) and Windows (msvcrt).

The operating system drops a lock when its process dies, however it dies:
that is what lets ``recap`` tell a live recorder from a crashed one.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO


def try_lock(path: Path) -> IO[bytes] | None:
    """Take an exclusive lock on ``path`` without waiting.

    Returns:
        The open file holding the lock (keep it open to keep the lock; pass it
        to :func:`unlock`), or None when another process holds it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fh = open(path, "a+b")  # noqa: SIM115  (kept open: the open file is the lock)
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        return None
    return fh


def unlock(fh: IO[bytes]) -> None:
    """Release a lock taken by :func:`try_lock` and close its file."""
    try:
        if sys.platform == "win32":
            import msvcrt

            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
    except OSError:
        pass
    fh.close()
