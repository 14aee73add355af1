"""Rendering in the pool: each worker loads the style and the writers once, then renders
many issues, writing their outputs straight into the staging folder.

The same two functions run in the building process itself when there is only one issue
to render (starting a pool would cost more than the render).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from briefout.errors import Problem, UserError
from briefout.site.entries import IssueEntry
from briefout.site.manifest import FileRecord
from briefout.site.staging import write_file
from briefout.style import Style


@dataclass(frozen=True)
class Job:
    """One issue to render: its path in the archive, the path shown in messages, its bytes."""

    relative: str
    display: str
    data: bytes


@dataclass
class Done:
    """What a worker made of a job: outputs and entry, or the problems of an invalid issue."""

    relative: str
    outputs: dict[str, FileRecord] = field(default_factory=dict)
    entry: IssueEntry | None = None
    notices: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class _Worker:
    style: Style
    formats: list[str]
    staging: Path
    environ: dict[str, str]


_worker: _Worker | None = None


def start_worker(style: str, formats: list[str], staging: str, environ: dict[str, str]) -> None:
    """Pool initializer: load the style and every writer (fonts, templates) once."""
    global _worker
    from briefout.style import load_style
    from briefout.writers import get_writer

    for name in formats:
        get_writer(name)  # imports every writer now, not with the first issue
    _worker = _Worker(load_style(style), formats, Path(staging), environ)


def web_options(relative: str, formats: list[str]) -> dict[str, dict[str, Any]]:
    """The e-mail writer's settings for an issue's web page: a link home, its other files."""
    from briefout.writers import get_writer

    depth = len(PurePosixPath(relative).parts) - 1
    stem = PurePosixPath(relative).stem
    files = [f"{stem}{get_writer(name).suffix}" for name in formats if name != "email"]
    return {"email": {"home_url": "../" * depth + "index.html", "files": files}}


def render_job(job: Job) -> Done:
    """Load, render and write one issue; an invalid issue gives its problems, not an error."""
    from briefout.loader import load_issue_bytes
    from briefout.render import render_issue
    from briefout.site.entries import entry_of

    if _worker is None:
        raise RuntimeError("render_job called before start_worker")
    done = Done(job.relative)
    folder = PurePosixPath(job.relative).parent
    try:
        issue = load_issue_bytes(job.data, job.display)
        result = render_issue(
            issue,
            _worker.style,
            _worker.formats,
            source=Path(job.display),
            stem=PurePosixPath(job.relative).stem,
            environ=_worker.environ,
            options=web_options(job.relative, _worker.formats),
        )
    except UserError as exc:
        done.problems = exc.problems or [Problem(job.display, 1, 1, "", exc.message)]
        return done
    for output in result.outputs:
        relative = str(folder / output.filename) if str(folder) != "." else output.filename
        write_file(_worker.staging / relative, output.data)
        digest = hashlib.sha256(output.data).hexdigest()
        done.outputs[output.writer] = FileRecord(relative, len(output.data), digest)
    paths = {name: record.path for name, record in done.outputs.items()}
    done.entry = entry_of(issue, _worker.style, job.relative, paths)
    done.notices = [str(notice) for notice in result.notices]
    return done
