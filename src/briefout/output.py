"""Atomic output: stage every file beside its target, then rename each over its target.

All files of one run are written and flushed to temporary files first; only when every
one of them is complete are they renamed into place.  A failure while writing (an error,
a full disk, Ctrl-C) leaves every old file as it was and no temporary file behind; a
failure while renaming puts back the files already replaced.

Targets are checked before anything is written: a folder, a FIFO, a socket or a block
device is refused with a plain message; a symbolic link is written through (the file it
points to is replaced, the link stays); a character device such as ``/dev/null`` is
written to directly, after the regular files.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from briefout.errors import UserError

_NOT_A_FILE = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFBLK: "a block device",
}


def current_umask() -> int:
    """The process's umask (read by setting it and putting it back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _file_mode() -> int:
    """The mode a plain ``open(path, "w")`` would give under the current umask."""
    return 0o666 & ~current_umask()


def _stage(path: Path, data: bytes, mode: int) -> str:
    """Write ``data`` to a flushed temporary file beside ``path``; return its name.

    The temporary name is short whatever the target's length (a 255-byte name works).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".briefout-", suffix=".part", dir=path.parent)
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


def _target(path: Path) -> tuple[Path, bool]:
    """Where to write ``path`` (a symbolic link's final file) and whether it is a device.

    Raises a UserError for a target that must not be replaced by a regular file.
    """
    try:
        final = path.resolve() if path.is_symlink() else path
        info = final.stat()
    except FileNotFoundError:
        final = path.resolve() if path.is_symlink() else path
        return final, False  # a new file (or a dangling link's new target)
    except OSError as exc:
        raise UserError(f"cannot use {path} ({exc.strerror or exc}); choose another name") from None
    except RuntimeError:  # Path.resolve on a symbolic link loop before Python 3.13
        reason = os.strerror(errno.ELOOP)
        raise UserError(f"cannot use {path} ({reason}); choose another name") from None
    kind = stat.S_IFMT(info.st_mode)
    if kind in _NOT_A_FILE:
        what = _NOT_A_FILE[kind]
        hint = (
            "give a file name, or remove or rename the folder"
            if kind == stat.S_IFDIR
            else "give the name of a regular file"
        )
        raise UserError(f"{path} is {what}, not a file; {hint}; no file was changed")
    return final, kind == stat.S_IFCHR


def _check_parent(path: Path) -> None:
    """A plain message when a part of the target's folder is a file."""
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise UserError(
                    f"{parent} is a file, not a folder, so {path} cannot be written; "
                    "give a folder (or a file name inside one); no file was changed"
                )
            return


def _swap_in(staged: list[tuple[str, Path]]) -> None:
    """Rename each staged file over its target; on a failure put the old files back.

    A rename that fails is reported as a UserError naming its target.
    """
    done: list[tuple[Path, str | None]] = []
    target = None
    try:
        for temporary, target in staged:
            backup = None
            if target.exists():
                backup = f"{temporary}.old"
                os.replace(target, backup)
            done.append((target, backup))
            os.replace(temporary, target)
    except BaseException as exc:
        for path, backup in reversed(done):
            with contextlib.suppress(OSError):
                if backup is not None:
                    os.replace(backup, path)
                else:
                    os.unlink(path)
        if isinstance(exc, OSError):
            raise UserError(
                f"cannot replace {target} ({exc.strerror or exc}); "
                "check the folder's permissions; no file was changed"
            ) from None
        raise
    for _, backup in done:
        if backup is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(backup)


def write_all_atomic(files: Iterable[tuple[Path, bytes]]) -> None:
    """Replace each path with its bytes; if any cannot be written, none is replaced."""
    mode = _file_mode()
    planned = []
    for path, data in files:
        _check_parent(path)
        final, device = _target(path)
        planned.append((path, final, device, data))
    staged: list[tuple[str, Path]] = []
    try:
        for path, final, device, data in planned:
            if device:
                continue
            try:
                staged.append((_stage(final, data, mode), final))
            except OSError as exc:
                raise UserError(
                    f"cannot write {path} ({exc.strerror or exc}); check that {path.parent} "
                    "is a folder you can write to, with space left; no file was changed"
                ) from None
        _swap_in(staged)
    except BaseException:
        for temporary, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        raise
    for _, final, device, data in planned:
        if device:
            with open(final, "wb") as stream:
                stream.write(data)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so readers see the old file or the new one, never half."""
    write_all_atomic([(path, data)])
