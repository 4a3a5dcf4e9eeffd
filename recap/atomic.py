"""Write a file so that readers see the old or the new content, never half of it."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any


def write_json_atomic(
    path: Path, data: Any, indent: int | None = 2, before_replace: Callable[[], None] | None = None
) -> None:
    """Write ``data`` as JSON to ``path`` atomically (:func:`write_atomic`)."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, separators=(",", ":") if indent is None else None)
    write_atomic(path, text.encode("utf-8"), before_replace)


def write_atomic(path: Path, data: bytes, before_replace: Callable[[], None] | None = None) -> None:
    """Write ``data`` to ``path``: temp file in the same folder, fsync, rename.

    A crash at any moment leaves either the previous file or the new one.
    ``before_replace`` runs once the new content is safely on disk, just before
    it takes the old one's place (the store keeps the old one as its backup).

    Raises:
        OSError: the folder cannot be written (the temp file is removed).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # only a write needs it: listings spare its import

    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
