"""Render an issue through writers: requirements first, everything in memory, then written."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefout.dates import document_timestamp
from briefout.errors import Problem, UserError
from briefout.model import Issue
from briefout.output import write_all_atomic
from briefout.style import Style
from briefout.writers import RenderContext, Writer, get_writer


@dataclass(frozen=True)
class Output:
    """One rendered file, not yet written."""

    writer: str
    filename: str
    data: bytes


@dataclass
class RenderResult:
    """The outputs asked for, and the notices writers raised while rendering."""

    outputs: list[Output]
    notices: list[Problem] = field(default_factory=list)


def parse_formats(spec: str | Iterable[str]) -> list[str]:
    """``"docx,pdf, email"`` -> ``['docx', 'pdf', 'email']`` (order kept, duplicates dropped)."""
    parts = spec.split(",") if isinstance(spec, str) else list(spec)
    names = [name.strip().lower() for name in parts if name.strip()]
    if not names:
        raise UserError("no format given; use --to with a list such as docx,pdf,email")
    return list(dict.fromkeys(names))


def _plan(formats: list[str]) -> list[Writer]:
    """Writers in an order where each comes after the writers it requires."""
    ordered: dict[str, Writer] = {}
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in ordered:
            return
        if name in visiting:
            raise UserError(f"writers require each other in a loop at '{name}'")
        visiting.add(name)
        writer = get_writer(name)
        for required in writer.requires:
            visit(required)
        visiting.discard(name)
        ordered[name] = writer

    for name in formats:
        get_writer(name)  # report an unknown name before rendering anything
    for name in formats:
        visit(name)
    return list(ordered.values())


def render_issue(
    issue: Issue,
    style: Style,
    formats: str | Iterable[str],
    *,
    source: Path | None = None,
    stem: str | None = None,
    environ: Mapping[str, str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> RenderResult:
    """Render ``issue`` to every format in ``formats`` (bytes in memory).

    ``options`` maps a writer name to that writer's settings from the caller
    (``{"eml": {"config": Path("dist.yaml")}}``); each writer sees its own.
    """
    wanted = parse_formats(formats)
    writers = _plan(wanted)
    stem = stem or (source.stem if source else "issue")
    filenames = {writer.name: f"{stem}{writer.suffix}" for writer in writers}
    timestamp = document_timestamp(issue, environ)
    produced: dict[str, bytes] = {}
    notices: list[Problem] = []
    for writer in writers:
        context = RenderContext(
            timestamp=timestamp,
            source=source,
            stem=stem,
            inputs={name: produced[name] for name in writer.requires},
            filenames=filenames,
            notices=notices,
            writer=writer.name,
            options=(options or {}).get(writer.name, {}),
            issue=issue,
            style=style,
        )
        try:
            produced[writer.name] = writer.render(issue, style, context)
        except UserError as exc:
            raise _one_writer_failed(exc, writer.name, wanted) from None
    outputs = [Output(name, filenames[name], produced[name]) for name in wanted]
    return RenderResult(outputs, notices)


def _one_writer_failed(exc: UserError, failed: str, wanted: list[str]) -> UserError:
    """Say that only ``failed`` failed, and how to render the other formats without it."""
    others = [name for name in wanted if name != failed and failed not in get_writer(name).requires]
    if exc.problems or not others:
        return exc
    return UserError(
        f"the {failed} output could not be made: {exc.message}\n"
        f"only the {failed} output failed, and no file was written; to render the other "
        f"formats, run again with --to {','.join(others)}"
    )


def check_output_folder(outdir: Path) -> None:
    """A plain message when the output folder given is a file."""
    if outdir.exists() and not outdir.is_dir():
        raise UserError(
            f"{outdir} is a file, not a folder; --output-dir takes the folder to write the "
            "outputs into (each is named after its issue file)"
        )


def check_distinct_names(sources: Iterable[Path], outdir: Path) -> None:
    """Refuse two issues whose outputs would have one name (a.yaml and A.yaml, x/i.yaml and
    y/i.yaml), naming both; compared without case, as Windows and macOS file systems do."""
    seen: dict[str, Path] = {}
    for source in sources:
        key = source.stem.casefold()
        if key in seen and seen[key].resolve() != source.resolve():
            raise UserError(
                f"{seen[key]} and {source} would both be written as {outdir / source.stem}.*; "
                "rename one of them, or render them into different folders"
            )
        seen.setdefault(key, source)


def write_outputs(outputs: Iterable[Output], outdir: Path) -> list[Path]:
    """Write every output into ``outdir``, all or none; return the paths written."""
    check_output_folder(outdir)
    files = [(outdir / output.filename, output.data) for output in outputs]
    write_all_atomic(files)
    return [path for path, _ in files]
