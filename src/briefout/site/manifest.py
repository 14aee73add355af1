"""The build manifest: what each issue's outputs were made from, and their SHA-256.

``SITE/.briefout-manifest.json`` maps each issue (by its path in the archive) to a key
-- the SHA-256 of everything its outputs depend on: the issue's bytes and path, the
style's files and the fonts, the writers and their versions, the formats, briefout's
version, ``SOURCE_DATE_EPOCH`` -- and to each output's path, size and SHA-256.  An issue
whose key is unchanged and whose outputs are on disk with the recorded hashes is not
rendered again.  The file is deterministic JSON (sorted, no times); one that cannot be
read, or of another format, means a full rebuild.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefout import __version__
from briefout.site.entries import IssueEntry
from briefout.site.statcache import StatCache, state_of
from briefout.style import Style

MANIFEST_FILE = ".briefout-manifest.json"
MANIFEST_FORMAT = 2
#: Style files named so (``site-index.html.j2``) serve only the site's own pages, not any
#: issue's outputs, so changing one renders no issue again.
SITE_ONLY_PREFIX = "site-"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class FileRecord:
    """One file of the site: its path (relative to the site), size and SHA-256."""

    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class IssueRecord:
    """One issue: its key, its outputs by format, its entry for the index, feed and search."""

    key: str
    outputs: dict[str, FileRecord]
    entry: IssueEntry


@dataclass
class Manifest:
    """Every issue's record and the site-wide files (index, feed, search)."""

    issues: dict[str, IssueRecord] = field(default_factory=dict)
    files: dict[str, FileRecord] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        """Deterministic JSON (sorted keys, no times)."""
        data = {
            "format": MANIFEST_FORMAT,
            "briefout": __version__,
            "issues": {
                name: {
                    "key": record.key,
                    "outputs": {k: vars(v) for k, v in record.outputs.items()},
                    "entry": record.entry.to_json(),
                }
                for name, record in self.issues.items()
            },
            "files": {name: vars(record) for name, record in self.files.items()},
        }
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return (text + "\n").encode()


def _parse(raw: bytes) -> Manifest:
    data = json.loads(raw)
    if data.get("format") != MANIFEST_FORMAT:
        raise ValueError("another manifest format")
    issues = {
        name: IssueRecord(
            key=str(record["key"]),
            outputs={k: FileRecord(**v) for k, v in record["outputs"].items()},
            entry=IssueEntry.from_json(record["entry"]),
        )
        for name, record in data["issues"].items()
    }
    files = {name: FileRecord(**record) for name, record in data["files"].items()}
    return Manifest(issues, files)


def load_manifest(site: Path) -> Manifest | None:
    """The site's manifest, or None when there is none or it cannot be read (full rebuild)."""
    try:
        return parse_manifest((site / MANIFEST_FILE).read_bytes())
    except OSError:
        return None


def parse_manifest(raw: bytes) -> Manifest | None:
    """A manifest from its bytes, or None when they are not one (full rebuild)."""
    try:
        return _parse(raw)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def sha256_file(path: Path) -> str | None:
    """SHA-256 of a file's bytes, or None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def intact(site: Path, record: FileRecord, cache: StatCache | None = None) -> bool:
    """True when the file is in the site with the recorded size and SHA-256 (not hashed
    again when its state is the one the stat cache recorded at publication)."""
    state = state_of(site / record.path)
    if state is None or state[0] != record.size:
        return False
    if cache is not None and cache.file_unchanged(record.path, state):
        return True
    return sha256_file(site / record.path) == record.sha256


def _writer_versions(formats: Sequence[str]) -> dict[str, str]:
    """Each format's entry point and the version of the distribution that provides it."""
    from briefout.writers import WRITERS  # the registry only: no writer is imported

    found = {}
    for name, point in WRITERS.entry_points().items():
        if name in formats:
            dist = point.dist
            found[name] = (
                f"{point.value} {dist.name if dist else '?'} {dist.version if dist else '?'}"
            )
    return found


def settings_key(
    style: Style, formats: Sequence[str], environ: Mapping[str, str], options: Mapping[str, Any]
) -> str:
    """SHA-256 of everything every issue's outputs depend on besides the issue itself."""
    digest = hashlib.sha256()
    header = {
        "briefout": __version__,
        "formats": list(formats),
        "writers": _writer_versions(formats),
        "source_date_epoch": environ.get("SOURCE_DATE_EPOCH", "").strip(),
        "options": options,
    }
    digest.update(json.dumps(header, sort_keys=True, default=str).encode())
    for path in style.source_files():
        if path.name.startswith(SITE_ONLY_PREFIX):
            continue  # read by the site parts only, which are rebuilt every time
        digest.update(f"\0{path.name}\0".encode())
        digest.update((sha256_file(path) or "unreadable").encode())
    return digest.hexdigest()


def issue_key(settings: str, relative: str, source_sha256: str) -> str:
    """The key of one issue: the settings key, its path in the archive and its bytes."""
    return hashlib.sha256(f"{settings}\0{relative}\0{source_sha256}".encode()).hexdigest()
