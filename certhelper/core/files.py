"""Writing the user's files safely, and setting a damaged one aside instead of losing it."""

from __future__ import annotations

import os
import time
from pathlib import Path


def atomic_write_text(path: Path, text: str) -> None:
    """Write UTF-8 text safely (atomic_write_bytes). A file name that is not UTF-8 (kept by Python as
    surrogates) is written escaped, never a crash."""
    atomic_write_bytes(path, text.encode("utf-8", errors="backslashreplace"))


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write to a temp file in the same folder, fsync, then rename: a crash leaves old or new, never half.
    `durable=False` (a cache, made again if lost): no fsync, the rename alone keeps readers from half a file."""
    import tempfile  # here: most commands write nothing (a status seen today is not written again)

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def set_aside(path: Path) -> Path:
    """Rename a damaged file to `<name>.corrupt-<time>[-n]` so the user can still recover it.

    Never replaces an earlier copy (two bad files within a second); if another process set the
    same file aside first, the file is already safe and its name is returned unchanged.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        target, n = path.with_name(f"{path.name}.corrupt-{stamp}-{n}"), n + 1
    try:
        os.replace(path, target)
    except FileNotFoundError:
        return path
    return target
