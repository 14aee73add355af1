"""The user cache: parsed fonts, hyphenation tables, compiled templates.

Caches only save time; output never depends on them.  Any problem (no home
folder, unwritable folder, stale or corrupt entry) means the value is built
again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

CACHE_FORMAT = 3  # 3: faces keep their cmap format 14 variation glyphs


def cache_dir() -> Path:
    """``$BRIEFOUT_CACHE_DIR``, else ``$XDG_CACHE_HOME/briefout``, else ``~/.cache/briefout``."""
    explicit = os.environ.get("BRIEFOUT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefout"


def _cache_key(path: Path, tag: str) -> str:
    stat = path.stat()
    raw = f"{CACHE_FORMAT}|{tag}|{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def cached(kind: str, path: Path, tag: str, build: Callable[[], Any]) -> Any:
    """``build()``'s picklable result for the file ``path``, kept in the user cache.

    The entry is keyed on the file's path, size and modification time, ``tag``
    (library versions) and the cache format.  Any cache problem (unwritable
    folder, stale or corrupt entry) means: build it, so output never depends
    on the cache.
    """
    try:
        entry = cache_dir() / f"{kind}-{_cache_key(path, tag)}.pickle"
    except (OSError, RuntimeError):  # no home folder, unreadable font file...
        return build()
    try:
        with open(entry, "rb") as handle:
            return pickle.load(handle)
    except Exception:  # any cache problem (missing, stale, corrupt) means: rebuild
        pass
    value = build()
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=f".{kind}-")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass
    return value
