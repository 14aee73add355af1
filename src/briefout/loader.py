"""Load an issue: UTF-8 file -> safe YAML with positions -> validated :class:`Issue`."""

from __future__ import annotations

from pathlib import Path

from briefout.model import Issue
from briefout.validation import validate
from briefout.walk import remember
from briefout.yamlsource import decode_utf8, parse_yaml, read_utf8


def load_issue(path: str | Path) -> Issue:
    """Read and validate an issue file; raise :class:`~briefout.errors.UserError` on any fault."""
    path = Path(path)
    return _load(read_utf8(path, str(path)), str(path))


def load_issue_bytes(raw: bytes, display: str = "<issue>") -> Issue:
    """Validate an issue given as bytes (for tests and library users)."""
    return _load(decode_utf8(raw, display), display)


def _load(text: str, display: str) -> Issue:
    located = parse_yaml(text, display)
    issue = validate(Issue, located)
    remember(issue, located)  # problems found later (writers, rules) print FILE:LINE:COL
    return issue
