"""The project configuration file ``briefout.yaml``: outlets, editorial rules, the archive site.

One file per archive of issues, found in the issue's folder or the nearest parent folder
(the search stops after a folder holding ``.git``, or at the file-system root), or named
with ``--project FILE``::

    outlets:                 # canonical spelling: [other spellings]   (briefout.outlets)
      APA: [Apa, apa.az]
    lint:                    # editorial rules run by `briefout check` (briefout.rules)
      outlet-spelling: error
      ja-space: {policy: never}
    site:                    # the archive build
      url: https://briefing.example.org/
      title: Azerbaijan briefing archive

It is validated like an issue: every fault at FILE:LINE:COL, all at once.  The ``lint``
section is checked here only as a mapping; :mod:`briefout.rules` validates it against the
registered rules (their codes and options).  ``briefout.yaml`` is never an issue: an issue
file is recognised by its top-level ``briefout:`` key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, Field

from briefout.errors import UserError
from briefout.model import Strict, Text
from briefout.outlets import OutletMap
from briefout.validation import validate
from briefout.yamlsource import Located, PathKey, parse_yaml, read_utf8

PROJECT_FILENAME = "briefout.yaml"


def _https_url(value: str | None) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc or any(char.isspace() for char in value):
        raise ValueError(
            f"{value!r} is not an absolute https address; write the address the site is "
            "published at, e.g. https://briefing.example.org/"
        )
    return value


def _alias_list(value: Any) -> Any:
    """``APA: Apa`` (one alias) and ``APA:`` (none) are accepted besides a list."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else value


OutletName = Annotated[str, Field(min_length=1)]
Aliases = Annotated[list[Text], BeforeValidator(_alias_list)]


class SiteSettings(Strict):
    """The ``site:`` section: how the archive of issues is published."""

    url: Annotated[str | None, AfterValidator(_https_url)] = Field(
        default=None, description="Absolute https address the archive site is published at."
    )
    title: Text | None = Field(default=None, description="Title of the archive site.")


class ProjectSettings(Strict):
    """The whole ``briefout.yaml``."""

    outlets: dict[OutletName, Aliases] = Field(
        default_factory=dict,
        description="Canonical outlet spelling -> list of other spellings of the same outlet.",
    )
    lint: dict[str, Any] = Field(
        default_factory=dict,
        description="Editorial rules: rule code -> severity (error, warning, off) or options.",
    )
    site: SiteSettings = Field(default_factory=SiteSettings)


@dataclass(frozen=True)
class Project:
    """A loaded project file (or the defaults when there is none) and where it came from."""

    file: Path | None = None
    settings: ProjectSettings = field(default_factory=ProjectSettings)
    located: Located | None = None

    @property
    def outlets(self) -> OutletMap:
        """The outlet map of the ``outlets:`` section."""
        return OutletMap(self.settings.outlets)


_ISSUE_KEY = re.compile(r"^briefout[ \t]*:", re.MULTILINE)


def is_issue_file(path: Path) -> bool:
    """Whether ``path`` is an issue: a YAML file with a top-level ``briefout:`` key.

    ``briefout.yaml`` never is.  The test reads the text only (no YAML parsing), so it is
    cheap enough to sort a folder of files; an unreadable file is not an issue."""
    if path.name == PROJECT_FILENAME:
        return False
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return False
    return _ISSUE_KEY.search(text) is not None


def find_project(start: Path) -> Path | None:
    """``briefout.yaml`` in ``start`` (a file's folder, or a folder) or its nearest parent.

    The search stops after the first folder that holds ``.git`` (the repository root)."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        path = candidate / PROJECT_FILENAME
        if path.is_file():
            return path
        if (candidate / ".git").exists():
            return None
    return None


def load_project(path: Path) -> Project:
    """Read and validate a project file; raise :class:`UserError` listing every fault."""
    display = str(path)
    located = parse_yaml(read_utf8(path, display), display)
    settings = validate(ProjectSettings, located)
    problems = [
        located.problem(
            _spelling_path(settings, conflict.canonical, conflict.spelling),
            f"the spelling '{conflict.spelling}' is listed under '{conflict.canonical}' and "
            f"also matches '{conflict.other}'",
            "keep each outlet once; spellings match ignoring case, width and punctuation",
            key=conflict.spelling == conflict.canonical,
        )
        for conflict in OutletMap(settings.outlets).conflicts()
    ]
    if problems:
        raise UserError(f"{display}: {len(problems)} problem(s)", problems)
    return Project(path, settings, located)


def _spelling_path(settings: ProjectSettings, canonical: str, spelling: str) -> PathKey:
    """Where ``spelling`` is written: the key itself, or its place in the alias list."""
    aliases = settings.outlets[canonical]
    if spelling != canonical and spelling in aliases:
        return ("outlets", canonical, aliases.index(spelling))
    return ("outlets", canonical)


class ProjectFinder:
    """The project of each issue: ``--project FILE`` for all, else discovered; loaded once."""

    def __init__(self, explicit: Path | None = None) -> None:
        self.explicit = explicit
        self._loaded: dict[Path | None, Project] = {}

    def for_issue(self, issue: Path) -> Project:
        """The project that applies to ``issue``; a UserError if its file is invalid."""
        path = self.explicit if self.explicit is not None else find_project(issue)
        if path not in self._loaded:
            self._loaded[path] = Project() if path is None else load_project(path)
        return self._loaded[path]
