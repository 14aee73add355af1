"""Find the issues of an archive: YAML files with a top-level ``briefout:`` key.

``briefout.yaml`` (the project file) is never an issue; hidden folders (``.git``) and
the site being built are skipped.  The folder layout is kept: ``2026/2026-01-09.yaml``
becomes ``2026/2026-01-09.pdf`` in the site.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from briefout.errors import UserError
from briefout.site.statcache import StatCache, State, state_of

PROJECT_FILE = "briefout.yaml"
_ISSUE_KEY = re.compile(rb"""^(?:briefout|"briefout"|'briefout')[ \t]*:""", re.MULTILINE)
_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Source:
    """One issue file of the archive: its SHA-256 feeds the key, its bytes the render."""

    relative: str  # with forward slashes, relative to the archive
    path: Path
    sha256: str
    state: State | None
    preloaded: bytes | None = None  # None: known from the stat cache, read when rendered

    def read(self) -> bytes:
        """The file's bytes (as hashed when they were read during discovery)."""
        if self.preloaded is not None:
            return self.preloaded
        try:
            return self.path.read_bytes()
        except OSError as exc:
            raise UserError(f"cannot read {self.path} ({exc.strerror or exc})") from None

    @property
    def stem(self) -> str:
        """The relative path without its suffix: where the outputs go in the site."""
        return str(PurePosixPath(self.relative).with_suffix(""))


def is_issue(data: bytes) -> bool:
    """True for YAML whose top level has a ``briefout:`` key (an issue, not a config)."""
    return _ISSUE_KEY.search(data) is not None


def _walk(folder: Path, skip: set[Path]) -> Iterable[Path]:
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry.resolve() in skip:
            continue
        if entry.is_dir():
            yield from _walk(entry, skip)
        elif entry.suffix.lower() in _SUFFIXES and entry.name != PROJECT_FILE:
            yield entry


def discover(
    archive: Path, skip: Iterable[Path] = (), cache: StatCache | None = None
) -> list[Source]:
    """Every issue under ``archive`` (sorted by path); a file the stat cache knows unchanged
    is not read, any other is read once."""
    if not archive.is_dir():
        raise UserError(f"{archive} is not a folder; give the folder that holds the issues")
    cache = cache or StatCache()
    sources = []
    for path in _walk(archive, {folder.resolve() for folder in skip}):
        relative = path.relative_to(archive).as_posix()
        state = state_of(path)
        known = cache.source_sha256(relative, state)
        if known is not None:
            sources.append(Source(relative, path, known, state))
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UserError(f"cannot read {path} ({exc.strerror or exc})") from None
        if is_issue(data):
            sha256 = hashlib.sha256(data).hexdigest()
            sources.append(Source(relative, path, sha256, state, data))
    return sources
