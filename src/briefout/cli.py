"""The command line: a thin typer layer over the library.

Exit codes: 0 fine, 2 invalid input (file, option, style), 1 internal error,
3 outputs out of date (``render --check``), 4 not every reader was served (``send``),
130 interrupted.  User errors print as
``FILE:LINE:COL: path: what; how`` on stderr, never with a traceback.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer

from briefout import __version__
from briefout.errors import (
    EXIT_INTERNAL,
    EXIT_INVALID,
    EXIT_NOT_ALL_SENT,
    EXIT_OK,
    EXIT_STALE,
    Problem,
    UserError,
)

if TYPE_CHECKING:
    from briefout.render import RenderResult

app = typer.Typer(
    name="briefout",
    help="Publish a periodic bilingual briefing from one YAML issue: DOCX, PDF, e-mail.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

P = ParamSpec("P")
R = TypeVar("R")

StyleOption = Annotated[
    str,
    typer.Option("--style", "-s", help="Built-in style name or path of a style folder."),
]
ProjectOption = Annotated[
    Path | None,
    typer.Option(
        "--project",
        help="Project file (outlets, lint, site); default: briefout.yaml in the issue's "
        "folder or the nearest parent.",
        show_default=False,
    ),
]


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _warn(problem: Problem) -> None:
    """Print a writer's warning: ``warning: FILE:LINE:COL: path: what; how (writer)``."""
    origin = f" ({problem.origin})" if problem.origin else ""
    _err(f"warning: {problem}{origin}")


def handle_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn user errors into exit 2 and a plain message; anything else into exit 1.

    Commands are registered with ``app.command()(handle_errors(command))`` after their
    definition rather than as decorators: mutmut mutates only undecorated functions.
    """

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except typer.Exit:
            raise
        except (Exception, KeyboardInterrupt) as exc:
            raise typer.Exit(_failure(exc)) from None

    return wrapper


def _failure(exc: BaseException) -> int:
    """Report why a command failed, in plain words on stderr; return the exit code."""
    if isinstance(exc, UserError):
        _err(f"error: {exc}" if not exc.problems else str(exc))
        return EXIT_INVALID
    if isinstance(exc, KeyboardInterrupt):
        _err("interrupted; no output was replaced")
        return 130
    import traceback

    frame = traceback.extract_tb(exc.__traceback__)[-1]
    _err(
        f"internal error in briefout {__version__}: {type(exc).__name__}: {exc}\n"
        f"  at {Path(frame.filename).name}:{frame.lineno} ({frame.name})\n"
        "  this is a bug in briefout, not in your file; please report it with the "
        "command you ran (set BRIEFOUT_DEBUG=1 for the full traceback)"
    )
    import os

    if os.environ.get("BRIEFOUT_DEBUG", "") not in ("", "0"):
        traceback.print_exception(exc)
    return EXIT_INTERNAL


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefout {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Publish a periodic bilingual briefing from one YAML issue."""


class ReportFormat(StrEnum):
    """How ``render`` reports what it wrote."""

    text = "text"
    json = "json"


def render(
    issues: Annotated[
        list[Path],
        typer.Argument(help="Issue files (.yaml).", show_default=False, metavar="ISSUE.yaml"),
    ],
    to: Annotated[
        str, typer.Option("--to", "-t", help="Formats, comma-separated: docx,pdf,email,text,eml.")
    ] = "docx,pdf,email",
    outdir: Annotated[
        Path, typer.Option("--output-dir", "-o", help="Folder for the outputs.")
    ] = Path("."),
    style: StyleOption = "embassy",
    report: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="What to print: text (paths) or json (for CI)."),
    ] = ReportFormat.text,
    config: Annotated[
        Path | None,
        typer.Option("--config", "-c", help="Distribution file (from, to...) for --to eml."),
    ] = None,
    check_only: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing; exit 3 if an output on disk differs from a fresh render.",
        ),
    ] = False,
    watch: Annotated[
        bool, typer.Option("--watch", help="Render again on every save until Ctrl-C.")
    ] = False,
) -> None:
    """Render issues; outputs are named after each issue file (issue.yaml -> issue.pdf)."""
    from briefout.render import check_distinct_names, check_output_folder, parse_formats
    from briefout.writers import get_writer

    formats = parse_formats(to)
    for name in formats:
        get_writer(name)  # an unknown format fails before any file is read
    check_output_folder(outdir)
    check_distinct_names(issues, outdir)
    if watch:
        if check_only:
            raise UserError("--watch and --check do not go together; use one of them")
        once = functools.partial(  # not handle_errors': a user error is shown, the watch goes on
            render,
            issues=issues,
            to=to,
            outdir=outdir,
            style=style,
            report=report,
            config=config,
            check_only=False,
            watch=False,
        )
        _watch([*issues, *_style_folder(style)], once, skip=[])
        return
    results = _render_all(issues, formats, style, config)
    _report_render(results, outdir, report, check_only)


app.command()(handle_errors(render))


def _render_all(
    issues: list[Path], formats: list[str], style: str, config: Path | None
) -> list[tuple[Path, RenderResult]]:
    """Load every issue, then render them all in memory (before any file is written)."""
    from briefout.render import render_issue
    from briefout.style import load_style

    loaded_style = load_style(style)
    loaded = _load_all(issues)  # every problem of every file before anything is written
    options: dict[str, dict[str, Any]] = {"eml": {"config": config}} if config else {}
    return [
        (
            path,
            render_issue(
                issue,
                loaded_style,
                formats,
                source=path,
                options={**options, **_view_link(path, formats)},
            ),
        )
        for path, issue in loaded
    ]


def _report_render(
    results: list[tuple[Path, RenderResult]], outdir: Path, report: ReportFormat, check_only: bool
) -> None:
    """Print the warnings; write the outputs (or compare them with --check) and report them."""
    notices: list[dict[str, object]] = []
    for path, result in results:
        for notice in result.notices:
            _warn(notice)
            notices.append({"issue": str(path), "writer": notice.origin, **notice.as_dict()})
    every = [output for _, result in results for output in result.outputs]
    if check_only:
        targets = [outdir / output.filename for output in every]
    else:
        from briefout.render import write_outputs

        targets = write_outputs(every, outdir)
    outputs = _output_rows(results, targets, check_only)
    if report is ReportFormat.text:
        for row in outputs:
            typer.echo(f"{row['path']}: {row['status']}" if check_only else str(row["path"]))
    else:
        import json

        report_data = {"outputs": outputs, "notices": notices}
        typer.echo(json.dumps(report_data, ensure_ascii=False, indent=2))
    stale = sum(row["status"] != "up to date" for row in outputs) if check_only else 0
    if stale:
        _err(f"{stale} output(s) out of date; run the same command without --check")
        raise typer.Exit(EXIT_STALE)


def _output_rows(
    results: list[tuple[Path, RenderResult]], targets: list[Path], check_only: bool
) -> list[dict[str, object]]:
    """One report row per output: issue, format, path, size, SHA-256 and status."""
    rows: list[dict[str, object]] = []
    placed = iter(targets)
    for path, result in results:
        for output in result.outputs:
            target = next(placed)
            rows.append(
                {
                    "issue": str(path),
                    "format": output.writer,
                    "path": str(target),
                    "bytes": len(output.data),
                    "sha256": hashlib.sha256(output.data).hexdigest(),
                    "status": _compare(target, output.data) if check_only else "written",
                }
            )
    return rows


def _view_link(issue: Path, formats: list[str]) -> dict[str, dict[str, str]]:
    """The e-mail's link to the issue's page when the project file gives the site's address."""
    if "email" not in formats and "eml" not in formats:
        return {}
    from briefout.site import view_link_options

    return view_link_options(issue)


def _load_all(paths: list[Path]) -> list[tuple[Path, Any]]:
    """Load every issue, raising one UserError with the problems of all of them."""
    from briefout.loader import load_issue

    loaded, problems = [], []
    for path in paths:
        try:
            loaded.append((path, load_issue(path)))
        except UserError as exc:
            problems.extend(exc.problems or [Problem(str(path), 1, 1, "", exc.message)])
    if problems:
        raise UserError(f"{len(problems)} problem(s)", problems)
    return loaded


def _compare(target: Path, data: bytes) -> str:
    """'up to date', 'out of date' or 'missing' for an output file."""
    try:
        return "up to date" if target.read_bytes() == data else "out of date"
    except FileNotFoundError:
        return "missing"


class CheckFormat(StrEnum):
    """How ``check`` reports problems and findings."""

    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    rdjsonl = "rdjsonl"


def check(
    issues: Annotated[
        list[Path],
        typer.Argument(help="Issue files to check.", show_default=False, metavar="ISSUE.yaml"),
    ],
    output_format: Annotated[
        CheckFormat,
        typer.Option(
            "--format", "-f", help="text, json, github (annotations), sarif or rdjsonl (reviewdog)."
        ),
    ] = CheckFormat.text,
    style: StyleOption = "embassy",
    project: ProjectOption = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 2) on warnings too.")
    ] = False,
    fix: Annotated[
        bool, typer.Option("--fix", help="Rewrite fixable slips in place (nothing else changes).")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print what --fix would change; write nothing.")
    ] = False,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", help="Ignore the findings recorded in this file."),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option("--write-baseline", help="Record today's findings in this file."),
    ] = None,
    only_issues: Annotated[
        bool,
        typer.Option(
            "--only-issues",
            help="Skip files that are not issues (no top-level 'briefout:' key), e.g. from "
            "a pre-commit hook given every changed .yaml file.",
        ),
    ] = False,
) -> None:
    """Validate issues, then run the editorial rules; every finding at its line and column."""
    from briefout.rules.engine import check_issues

    if only_issues:
        from briefout.project import is_issue_file

        issues = [path for path in issues if is_issue_file(path)]
        if not issues:
            typer.echo("ok: no issue files given")
            return
    problems = _style_problems(style)
    fixed = 0
    if fix or diff:
        run, fixed = _fix(issues, project, baseline, problems, diff)
    else:
        run = check_issues(issues, project, baseline=baseline, problems=problems)
    if write_baseline is not None:
        from briefout.output import write_atomic
        from briefout.rules.baseline import baseline_json

        write_atomic(write_baseline, baseline_json(run.findings, write_baseline).encode("utf-8"))
        _err(f"recorded {len(run.findings)} finding(s) in {write_baseline}")
        run.baselined, run.findings = len(run.findings), []
    _print_check(run, output_format, fixed, strict)
    failing = {"error", "warning"} if strict else {"error"}
    if run.problems or any(f.severity in failing for f in run.findings):
        raise typer.Exit(EXIT_INVALID)


app.command()(handle_errors(check))


def _style_problems(style: str) -> list[Problem]:
    """The problems of the style file and of its writer sections."""
    from briefout.style import load_style
    from briefout.writers import writer_settings_problems

    try:
        return writer_settings_problems(load_style(style))
    except UserError as exc:
        if not exc.problems:
            raise
        return list(exc.problems)


def _fix(
    issues: list[Path],
    project: Path | None,
    baseline: Path | None,
    problems: list[Problem],
    diff: bool,
) -> tuple[Any, int]:
    """``--fix`` (rewrite the files, all or none) or ``--diff`` (print, write nothing):
    the run to report and how many slips were fixed."""
    from briefout.rules.fix import fix_issues

    result = fix_issues(issues, project, baseline, problems)
    if diff:  # nothing is written: report the files as they are
        sys.stdout.write(result.diff())
        return result.first, 0
    from briefout.output import write_all_atomic

    changed = result.changed()
    write_all_atomic((Path(f), t.encode("utf-8")) for f, t in changed.items())
    return result.run, result.fixed


def _print_check(run: Any, output_format: CheckFormat, fixed: int, strict: bool) -> None:
    from briefout.rules import formats

    if output_format is CheckFormat.text:
        report = formats.text_report(run)
        if report:
            _err(report)
        typer.echo(formats.summary_line(run, fixed, strict=strict))
    elif output_format is CheckFormat.json:
        typer.echo(formats.json_report(run))
    elif output_format is CheckFormat.github:
        typer.echo(formats.github_report(run, formats.step_summary_file(), strict=strict))
    elif output_format is CheckFormat.sarif:
        typer.echo(formats.sarif_report(run))
    else:
        report = formats.rdjsonl_report(run)
        if report:
            typer.echo(report)


def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Print the JSON Schema of the issue format (for editor autocompletion)."""
    from briefout.schema import issue_schema_json

    text = issue_schema_json()
    if output is None:
        typer.echo(text, nl=False)
    else:
        from briefout.output import write_atomic

        write_atomic(output, text.encode("utf-8"))


app.command()(handle_errors(schema))


def writers() -> None:
    """List the registered output formats."""
    from briefout.writers import describe_writers

    _echo_rows(describe_writers(), 6)


app.command()(handle_errors(writers))


def new(
    period: Annotated[
        str, typer.Option("--period", "-p", help="Days covered: YYYY-MM-DD..YYYY-MM-DD.")
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    style: StyleOption = "embassy",
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Start a new issue from the style's title, issuer and sections."""
    from briefout.skeleton import new_issue_yaml
    from briefout.style import load_style

    text = new_issue_yaml(load_style(style), period)
    if output is None:
        typer.echo(text, nl=False)
        return
    if output.is_dir():
        raise UserError(
            f"{output} is a folder, not a file; give a file name, e.g. {output}/issue.yaml"
        )
    if output.exists() and not force:
        raise UserError(f"{output} exists; choose another name or add --force to replace it")
    from briefout.output import write_atomic

    write_atomic(output, text.encode("utf-8"))
    typer.echo(str(output))


app.command()(handle_errors(new))


def send(
    issue: Annotated[
        Path,
        typer.Argument(help="The issue file (.yaml).", show_default=False, metavar="ISSUE.yaml"),
    ],
    config: Annotated[
        Path,
        typer.Option(
            "--config",
            "-c",
            help="Distribution file: from, to, bcc, reply_to, smtp.",
            show_default=False,
        ),
    ],
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", "-n", help="Show the batches and who the journal skips."),
    ] = False,
    resend: Annotated[
        bool, typer.Option("--resend", help="Send again to readers the journal shows as served.")
    ] = False,
    report: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="What to print: text or json (for scripts)."),
    ] = ReportFormat.text,
    style: StyleOption = "embassy",
) -> None:
    """Send the newsletter over SMTP, readers in Bcc; a journal beside --config means never twice.

    Exit 0 when every reader has it, 4 when some are still pending or were refused.
    """
    from briefout.send import AlreadySent, deliver, plan, prepare

    as_json = report is ReportFormat.json
    try:
        prepared = prepare(issue, config, style=style)
    except UserError as exc:
        if exc.problems and exc.message:  # problems printed below by handle_errors
            _err(f"error: {exc.message}")
        raise
    for notice in prepared.notices:
        _warn(notice)
    if dry_run:
        todo = plan(prepared, resend=resend)
        typer.echo(
            _json({"dry_run": True, **todo.as_dict()})
            if as_json
            else f"{prepared.describe()}\n{todo.describe()}\ndry run: nothing was sent"
        )
        return
    try:
        sent = deliver(prepared, resend=resend, progress=_err if as_json else typer.echo)
    except AlreadySent as exc:
        if as_json:
            typer.echo(_json(exc.sent.as_dict("already_sent")))
        raise
    except KeyboardInterrupt:
        _err(
            f"interrupted: the journal in {prepared.journal_dir} records every reader served "
            "so far; run the same command again to send to the rest"
        )
        raise typer.Exit(130) from None
    typer.echo(_json(sent.as_dict()) if as_json else sent.headline(prepared.filename))
    if not sent.complete:
        for line in sent.summary():
            _err(line)
        raise typer.Exit(EXIT_NOT_ALL_SENT)


app.command()(handle_errors(send))


def _json(data: object) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, indent=2)


def import_(
    sources: Annotated[
        list[Path],
        typer.Argument(
            help="Word documents (.docx, .doc) or text drafts (.txt, .md).",
            show_default=False,
            metavar="SOURCE",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="One source: the issue file (.yaml added). Several: a folder. "
            "Default for one source: standard output.",
        ),
    ] = None,
    source_format: Annotated[
        str | None,
        typer.Option("--from", help="Reader to use instead of the file suffix's (see 'readers')."),
    ] = None,
    outlets: Annotated[
        Path | None,
        typer.Option(
            "--outlets", help="A file with an 'outlets:' map (e.g. briefout.yaml) to apply."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing files.")] = False,
) -> None:
    """Import existing briefings as issue YAML; prints what was found and what was not placed."""
    from briefout.importer.batch import import_one, plan_targets

    targets = plan_targets(sources, output)
    mapping = None
    if outlets is not None:
        from briefout.project import load_project

        outlet_map = load_project(outlets).outlets
        if not outlet_map:
            _err(f"warning: {outlets} has no outlets: section; no outlet spelling is changed")
        mapping = outlet_map.normalise
    failed = 0
    with _progress(len(sources)) as advance:
        for source, target in zip(sources, targets, strict=True):
            outcome = import_one(source, target, reader=source_format, outlets=mapping, force=force)
            advance(source)
            if outcome.error is not None or outcome.result is None:
                failed += 1
                error = outcome.error
                _err(f"error: {error}" if error is not None and not error.problems else str(error))
                continue
            result = outcome.result
            if target is None:
                typer.echo(result.yaml, nl=False)
                _err(f"{source}: {result.summary()}")
            else:
                typer.echo(f"{source} -> {target}: {result.summary()}")
            for line in result.unplaced_lines():
                _err(f"warning: {line}")
    if failed:
        others = "; the others were written" if failed < len(sources) else ""
        _err(f"{failed} of {len(sources)} source(s) could not be imported{others}")
        raise typer.Exit(EXIT_INVALID)


app.command("import")(handle_errors(import_))


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[Path], None]]:
    """A progress bar on a terminal for several sources; nothing otherwise."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda source: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("importing", total=total)
        yield lambda source: progress.update(task, advance=1, description=source.name)


def readers() -> None:
    """List the registered source formats for 'import'."""
    from briefout.readers import describe_readers

    _echo_rows(describe_readers(), 24)


app.command()(handle_errors(readers))


def _echo_rows(rows: list[tuple[str, str, str]], suffix_width: int) -> None:
    """A plugin listing: name, suffixes, description, in aligned columns."""
    width = max(len(name) for name, _, _ in rows)
    for name, suffixes, description in rows:
        typer.echo(f"{name:<{width}}  {suffixes:<{suffix_width}} {description}")


def build(
    archive: Annotated[
        Path,
        typer.Argument(help="Folder of issues; its layout is kept.", metavar="ARCHIVE"),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="The site folder (replaced as a whole).", show_default=False
        ),
    ],
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Worker processes [default: one per core]."),
    ] = None,
    to: Annotated[
        str, typer.Option("--to", "-t", help="Formats of each issue, comma-separated.")
    ] = "docx,pdf,email",
    style: StyleOption = "embassy",
    check_only: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 3 if the site is out of date.")
    ] = False,
    watch: Annotated[
        bool, typer.Option("--watch", help="Rebuild on every change until Ctrl-C.")
    ] = False,
    project: ProjectOption = None,
) -> None:
    """Build the archive's site: each issue's files and web page, index, Atom feed, search."""
    from briefout.project import Project, find_project, load_project
    from briefout.render import parse_formats
    from briefout.site.build import BuildOptions, check_site

    found = project or find_project(archive)
    settings = (load_project(found) if found else Project()).settings.site
    options = BuildOptions(archive, output, style, tuple(parse_formats(to)), jobs, settings)
    if check_only:
        reasons = check_site(options)
        for reason in reasons:
            _err(f"out of date: {reason}")
        if reasons:
            _err(f"{output} is out of date; run the same command without --check")
            raise typer.Exit(EXIT_STALE)
        typer.echo(f"{output} is up to date")
    elif watch:
        _watch([archive, *_style_folder(style)], lambda: _build_once(options), skip=[output])
    else:
        _build_once(options)


app.command()(handle_errors(build))


def _build_once(options: Any) -> None:
    from briefout.site.build import build_site
    from briefout.site.progress import reporter_for

    result = build_site(options, reporter_for(sys.stdout))
    for notice in result.notices:
        _err(f"warning: {notice}")
    typer.echo(f"{result.summary()}: {options.site}")


def _watch(paths: list[Path], action: Callable[[], None], skip: list[Path]) -> None:
    """Run ``action`` now and on every change; errors are shown and the watch goes on."""
    from briefout.watch import watch_paths

    def show(exc: UserError) -> None:
        _err(f"error: {exc}" if not exc.problems else str(exc))
        _err("the last good output is kept; fix the file and save it again")

    watch_paths(
        paths,
        action,
        on_error=show,
        on_wait=lambda: _err("watching for changes (Ctrl-C stops)"),
        skip=skip,
    )


def _style_folder(style: str) -> list[Path]:
    """The folder of a style given as a path (watched too); none for a built-in name.

    A bare name is a path too when such a folder exists (``-s house``), as for load_style.
    """
    path = Path(style)
    if path.is_dir():
        return [path]
    return [path.parent] if ("/" in style or path.suffix in (".yaml", ".yml")) else []


def main() -> None:
    """Console-script entry point."""
    app()
