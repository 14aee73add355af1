"""File states (size, modification time, inode) remembered between builds, to skip reading.

An output whose state is the one recorded when the site was published is not hashed
again, and an issue file whose state is unchanged is not read again (its recorded
SHA-256 is used).  The cache only saves time: any other state means the file is read and
hashed, and a missing or unreadable cache means everything is.  It is written with the
site, in the same swap, never on its own (a build that changes nothing writes nothing).
An issue file modified less than :data:`SETTLE_S` seconds before the cache is written is
left out of it, since a second save within the file system's time resolution could keep
its state (the "racy clean" case git also guards against).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

STAT_FILE = ".briefout-stat-cache.json"
SETTLE_S = 2.0
State = tuple[int, int, int]


def state_of(path: Path) -> State | None:
    """(size, modification time in ns, inode) of a regular file, else None."""
    try:
        stat = os.lstat(path)
    except OSError:
        return None
    if not os.path.isfile(path) or os.path.islink(path):
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


@dataclass
class StatCache:
    """Site files by path -> state; issue files by archive path -> (state, SHA-256)."""

    files: dict[str, State] = field(default_factory=dict)
    sources: dict[str, tuple[State, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, site: Path) -> StatCache:
        """The site's cache, or an empty one when it is missing or unreadable."""
        try:
            data = json.loads((site / STAT_FILE).read_bytes())
            files = {str(k): (int(a), int(b), int(c)) for k, (a, b, c) in data["files"].items()}
            sources = {
                str(k): ((int(a), int(b), int(c)), str(sha))
                for k, ((a, b, c), sha) in data["sources"].items()
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls()
        return cls(files, sources)

    def to_bytes(self) -> bytes:
        """The cache as JSON."""
        data = {"files": self.files, "sources": self.sources}
        return json.dumps(data, sort_keys=True, separators=(",", ":")).encode()

    def file_unchanged(self, relative: str, state: State | None) -> bool:
        """True when a site file has the state recorded at the last publication."""
        return state is not None and self.files.get(relative) == state

    def source_sha256(self, relative: str, state: State | None) -> str | None:
        """The recorded SHA-256 of an issue file whose state is unchanged, else None."""
        known = self.sources.get(relative)
        return known[1] if known is not None and state is not None and known[0] == state else None

    def remember_source(self, relative: str, state: State | None, sha256: str) -> None:
        """Record an issue file's state, unless it was modified a moment ago."""
        if state is not None and state[1] < (time.time() - SETTLE_S) * 1e9:
            self.sources[relative] = (state, sha256)
