"""Build the new site beside the old one, then swap them, so readers never see half a site.

The staging folder is a sibling of the site (same file system).  Files that did not
change are hard links to the published ones (same inode, same time: nothing is
rewritten), new files are written there.  The swap is one atomic exchange of the two
folders where the system offers it (Linux ``renameat2(RENAME_EXCHANGE)``), else two
renames a moment apart.  Until the swap, the published site is untouched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from briefout.errors import UserError
from briefout.output import current_umask

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def new_staging(site: Path) -> Path:
    """An empty private folder beside ``site`` for the next version of it."""
    parent = site.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{site.name}.staging-", dir=parent))
    except OSError as exc:
        raise UserError(
            f"cannot create a folder in {parent} ({exc.strerror or exc}); the site is built "
            "beside its final place, so that folder must be writable"
        ) from None


def discard(folder: Path) -> None:
    """Remove a staging folder and everything in it (no error if it is gone)."""
    shutil.rmtree(folder, ignore_errors=True)


def carry(old: Path, new: Path) -> None:
    """Put the unchanged file ``old`` at ``new``: a hard link, or a copy where links fail."""
    new.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(old, new)
    except OSError:
        shutil.copy2(old, new)


def write_file(path: Path, data: bytes) -> None:
    """Write a new file of the staging folder (:func:`swap_in` flushes them all to disk)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def flush_to_disk(folder: Path) -> None:
    """Flush everything written under ``folder`` to disk before it is published.

    One ``syncfs`` of the file system holding it on Linux: one journal commit instead of
    an fsync per file (which cost a cold build of 100 issues about 0.4 s); ``os.sync``
    elsewhere on POSIX."""
    import ctypes

    try:
        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        syncfs = None
    if syncfs is not None:
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            if syncfs(descriptor) == 0:
                return
        finally:
            os.close(descriptor)
    if hasattr(os, "sync"):
        os.sync()


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically; False where the system or file system cannot."""
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    status = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return bool(status == 0)


def swap_in(staging: Path, site: Path) -> None:
    """Publish ``staging`` as ``site`` (on disk first); the old site is removed afterwards."""
    flush_to_disk(staging)
    os.chmod(staging, 0o777 & ~current_umask())  # mkdtemp made it private
    if not site.exists():
        os.replace(staging, site)
        return
    if _exchange(staging, site):
        discard(staging)  # now holds the old site
        return
    old = Path(tempfile.mkdtemp(prefix=f".{site.name}.old-", dir=site.absolute().parent))
    os.rmdir(old)
    os.replace(site, old)
    try:
        os.replace(staging, site)
    except BaseException:
        with contextlib.suppress(OSError):
            os.replace(old, site)
        raise
    discard(old)
