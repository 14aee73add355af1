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

PROJECT_FILE = "briefout.yaml"
_ISSUE_KEY = re.compile(rb"""^(?:briefout|"briefout"|'briefout')[ \t]*:""", re.MULTILINE)
_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Source:
    """One issue file of the archive, read once: its bytes feed both the key and the render."""

    relative: str  # with forward slashes, relative to the archive
    path: Path
    data: bytes

    @property
    def sha256(self) -> str:
        """SHA-256 of the file's bytes."""
        return hashlib.sha256(self.data).hexdigest()

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


def discover(archive: Path, skip: Iterable[Path] = ()) -> list[Source]:
    """Every issue under ``archive`` (sorted by path), each file read once."""
    if not archive.is_dir():
        raise UserError(f"{archive} is not a folder; give the folder that holds the issues")
    sources = []
    for path in _walk(archive, {folder.resolve() for folder in skip}):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UserError(f"cannot read {path} ({exc.strerror or exc})") from None
        if is_issue(data):
            sources.append(Source(path.relative_to(archive).as_posix(), path, data))
    return sources
