"""The Writer protocol and the registry over the ``briefout.writers`` entry-point group.

Built-in writers are registered through entry points in ``pyproject.toml``
exactly as a third-party package would register its own; the registry imports
a writer only when it is used, so ``check`` and ``--to text`` never pay for
reportlab or python-docx.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

from briefout.errors import Problem, Severity, UnknownWriterError, UserError
from briefout.plugins import Registry

if TYPE_CHECKING:
    from briefout.model import Issue
    from briefout.style import Style
    from briefout.yamlsource import PathKey

GROUP = "briefout.writers"


#: What a writer reports is a :class:`~briefout.errors.Problem` (severity ``warning``,
#: ``origin`` the writer's name); the old name stays for plugins that annotate with it.
Notice = Problem


@dataclass
class RenderContext:
    """What a writer gets besides the issue and the style.

    ``timestamp`` is the one document timestamp (UTC).  ``inputs`` holds the
    bytes of the writers named in the writer's ``requires``, rendered in the
    same run; ``filenames`` the output file name of every writer in the run;
    ``options`` the writer's own settings from the caller (e.g. the CLI's
    ``--config`` for eml), never from the issue.  ``issue`` and ``style`` are what
    is being rendered: they turn a path a writer reports into FILE:LINE:COL.
    """

    timestamp: dt.datetime
    source: Path | None = None
    stem: str = "issue"
    inputs: Mapping[str, bytes] = field(default_factory=dict)
    filenames: Mapping[str, str] = field(default_factory=dict)
    notices: list[Problem] = field(default_factory=list)
    writer: str = ""
    options: Mapping[str, Any] = field(default_factory=dict)
    issue: Issue | None = None
    style: Style | None = None

    def problem(
        self, path: PathKey | str, message: str, hint: str = "", severity: Severity = "warning"
    ) -> Problem:
        """A problem this writer found at ``path``, with its file position.

        ``path`` is spelt or keyed as :mod:`briefout.walk` does; a path that names no
        field of an issue (``strings.end``, ``page.footer``) is a place in the style.
        """
        from briefout.model import Issue
        from briefout.walk import NO_FILE, parse, problem_at, spell

        key = parse(path) if isinstance(path, str) else path
        if key and key[0] not in Issue.model_fields and self.style is not None:
            found = self.style.problem(key, message, hint, severity)
        elif self.issue is not None:
            found = problem_at(self.issue, key, message, hint, severity)
        else:
            found = Problem(NO_FILE, 0, 0, spell(key), message, hint, severity)
        return dataclasses.replace(found, origin=self.writer)

    def notify(self, path: PathKey | str, message: str, hint: str = "") -> None:
        """Record a warning at ``path`` for the user (the CLI prints it with FILE:LINE:COL)."""
        self.notices.append(self.problem(path, message, hint))

    def error(self, path: PathKey | str, message: str, hint: str = "") -> UserError:
        """A user error at ``path`` for the writer to raise (content the format cannot carry)."""
        return UserError.of(self.problem(path, message, hint, "error"))


@runtime_checkable
class Writer(Protocol):
    """A format: name, file suffix, and a pure function from issue and style to bytes.

    A writer may also declare ``options_model``, the pydantic model of its
    ``writers.<name>`` section in a style, so ``briefout check`` validates it."""

    name: ClassVar[str]
    suffix: ClassVar[str]
    description: ClassVar[str]
    requires: ClassVar[tuple[str, ...]]

    def render(self, issue: Issue, style: Style, context: RenderContext) -> bytes:
        """Render the issue; raise UserError for content the format cannot carry."""
        ...


WRITERS: Registry[Writer] = Registry(
    GROUP,
    Writer,
    noun="writer",
    subject="the '{name}' writer",
    unknown="unknown format '{name}'; known formats: {known}",
    unknown_error=UnknownWriterError,
)


def register_writer(writer: Writer, *, override: bool = False) -> None:
    """Register a writer object in this process (entry points are the usual way)."""
    WRITERS.register(writer, override=override)


def unregister_writer(name: str) -> None:
    """Forget a writer registered with :func:`register_writer`."""
    WRITERS.unregister(name)


def writer_names() -> list[str]:
    """Every registered format name, sorted."""
    return WRITERS.names()


def get_writer(name: str) -> Writer:
    """The writer for ``name``; a clear UserError if none or if it cannot load."""
    return WRITERS.get(name)


def describe_writers() -> list[tuple[str, str, str]]:
    """(name, suffix, description) of every registered writer; unloadable ones say why."""
    return WRITERS.describe(lambda writer: (writer.suffix, writer.description))


def writer_settings_problems(style: Style) -> list[Problem]:
    """Problems in the style's ``writers.<name>`` sections, checked by each writer's model."""
    models: dict[str, Any] = {}
    for name in writer_names():
        try:
            models[name] = getattr(get_writer(name), "options_model", None)
        except UserError:  # unloadable: `briefout writers` says why
            models[name] = None
    return style.writer_section_problems(models)
