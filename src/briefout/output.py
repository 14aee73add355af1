"""Atomic output: stage every file beside its target, then rename each over its target.

All files of one run are written and flushed to temporary files first; only when every
one of them is complete are they renamed into place.  A failure while writing (an error,
a full disk, Ctrl-C) leaves every old file as it was and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from briefout.errors import UserError


def _file_mode() -> int:
    """The mode a plain ``open(path, "w")`` would give under the current umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _stage(path: Path, data: bytes, mode: int) -> str:
    """Write ``data`` to a flushed temporary file beside ``path``; return its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return temporary


def write_all_atomic(files: Iterable[tuple[Path, bytes]]) -> None:
    """Replace each path with its bytes; if any cannot be written, none is replaced."""
    mode = _file_mode()
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files:
            try:
                staged.append((_stage(path, data, mode), path))
            except OSError as exc:
                raise UserError(
                    f"cannot write {path} ({exc.strerror or exc}); check that {path.parent} "
                    "is a folder you can write to, with space left; no file was changed"
                ) from None
        for temporary, path in staged:
            os.replace(temporary, path)
    except BaseException:
        for temporary, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so readers see the old file or the new one, never half."""
    write_all_atomic([(path, data)])
