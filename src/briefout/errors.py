"""Errors a user can act on, and how they print.

A :class:`UserError` carries one or more :class:`Problem` s, each with a file
position; the CLI prints them as ``FILE:LINE:COL: path: what; how to fix`` and
exits 2.  Anything else that escapes is an internal error (exit 1).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_INVALID = 2
EXIT_STALE = 3
EXIT_NOT_ALL_SENT = 4  # send: some readers are still pending or were refused

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, at a 1-based line and column.

    This is the one diagnostics type: the loader, the style and distribution readers,
    ``check``, the writers (through :meth:`briefout.writers.RenderContext.notify`) and
    the rules all report with it.  ``line`` 0 means the position is unknown (an issue
    built in code); ``origin`` names who found it when that helps (a writer's name).
    A problem is built once with every field and never changed.
    """

    file: str
    line: int
    column: int
    path: str
    message: str
    hint: str = ""
    severity: Severity = "error"
    origin: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        what = f"{self.path}: {self.message}" if self.path else self.message
        return f"{where}: {what}; {self.hint}" if self.hint else f"{where}: {what}"

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready mapping (stable keys, for ``check --format json``)."""
        return asdict(self)

    def as_github(self) -> str:
        """A GitHub Actions workflow command that annotates the line.

        Every property value is escaped as the runner expects (``%``, CR, LF, ``:`` and
        ``,``), so a file name cannot end a property early or start a new command.
        """
        text = f"{self.path}: {self.message}" if self.path else self.message
        if self.hint:
            text += f"; {self.hint}"
        properties = {"file": self.file, "line": self.line, "col": self.column}
        if not self.line:
            del properties["line"], properties["col"]
        listed = ",".join(
            f"{key}={_github_property(str(value))}" for key, value in properties.items()
        )
        return f"::{self.severity} {listed},title=briefout::{_github_data(text)}"


def _github_data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    """Escape a workflow command's property value (also ``:`` and ``,``)."""
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


class BriefoutError(Exception):
    """Base class of errors raised by briefout on purpose."""


class UserError(BriefoutError):
    """A mistake in what the user gave us: a file, an option, a style.

    Either a plain ``message`` (an option on the command line, which has no file
    position) or the :class:`Problem` s found in files, printed one per line.
    """

    def __init__(self, message: str, problems: Iterable[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = sorted(problems or [])

    @classmethod
    def of(cls, *problems: Problem) -> UserError:
        """A user error holding these problems (at least one)."""
        return cls("", problems)

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        return "\n".join(str(problem) for problem in self.problems)


class UnknownWriterError(UserError):
    """``--to`` named a format that no registered writer provides."""


def did_you_mean(name: str, known: Iterable[str], otherwise: str = "") -> str:
    """``did you mean 'x'?`` for the known name closest to a misspelt ``name``, else
    ``otherwise`` (the hint of every "unknown name" message)."""
    import difflib  # only when a name is wrong

    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else otherwise


def problems_to_json(problems: list[Problem]) -> str:
    """Serialise problems for machine readers."""
    return json.dumps(
        {"problems": [p.as_dict() for p in problems], "count": len(problems)},
        ensure_ascii=False,
        indent=2,
    )
