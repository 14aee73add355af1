"""``briefout build``: the whole archive into a site, in parallel, incrementally, atomically.

1. **Plan**: find the issues, compute each one's key (see :mod:`briefout.site.manifest`)
   and keep those whose key is unchanged and whose outputs are intact.
2. **Render** the rest in a pool of worker processes, straight into a staging folder
   beside the site; any invalid issue stops the build with every problem of every issue,
   and the published site is left as it was.
3. **Site files**: every registered site part (index, feed, search) from the entries.
4. **Publish**: if anything differs, unchanged files are hard-linked into the staging
   folder, new ones written, the manifest last, and the folders swapped.  When nothing
   differs no file is written at all.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from briefout.errors import Problem, UserError
from briefout.project import SiteSettings
from briefout.site import SiteData, site_parts
from briefout.site.discover import Source, discover
from briefout.site.entries import IssueEntry
from briefout.site.manifest import (
    MANIFEST_FILE,
    FileRecord,
    IssueRecord,
    Manifest,
    intact,
    issue_key,
    parse_manifest,
    settings_key,
)
from briefout.site.progress import Quiet, Reporter
from briefout.site.staging import carry, discard, new_staging, swap_in, write_file
from briefout.site.statcache import STAT_FILE, StatCache, state_of
from briefout.site.worker import Done, Job, render_job, start_worker
from briefout.style import Style

DEFAULT_FORMATS = "docx,pdf,email"


@dataclass(frozen=True)
class BuildOptions:
    """What to build: the archive, the site folder, the style, formats, pool size."""

    archive: Path
    site: Path
    style: str = "embassy"
    formats: tuple[str, ...] = ("docx", "pdf", "email")
    jobs: int | None = None  # None: one worker per core
    settings: SiteSettings = field(default_factory=SiteSettings)
    environ: Mapping[str, str] | None = None  # None: the process environment


@dataclass
class Plan:
    """The archive compared with the manifest: which issues to render, keep, drop."""

    style: Style
    sources: list[Source]
    keys: dict[str, str]
    fresh: dict[str, IssueRecord]
    stale: list[Source]
    removed: list[str]
    old_manifest: bytes | None
    old: Manifest | None
    cache: StatCache


@dataclass
class BuildResult:
    """What a build did."""

    rendered: list[str] = field(default_factory=list)
    up_to_date: int = 0
    removed: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # files of the site written anew
    notices: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """``3 rendered, 97 up to date`` (and what was removed, if anything)."""
        text = f"{len(self.rendered)} rendered, {self.up_to_date} up to date"
        if self.removed:
            text += f", {len(self.removed)} removed"
        return text if self.written or self.removed else text + "; no file changed"


def _environ(options: BuildOptions) -> dict[str, str]:
    """The part of the environment outputs depend on, checked once."""
    environ = os.environ if options.environ is None else options.environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch and not epoch.isdigit():
        raise UserError(
            f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970-01-01; "
            "set it to an integer such as 1767916800 or unset it"
        )
    return {"SOURCE_DATE_EPOCH": epoch} if epoch else {}


def _check_site_folder(options: BuildOptions) -> None:
    site, archive = options.site.absolute(), options.archive.absolute()
    if site == archive or archive.is_relative_to(site):
        raise UserError(
            f"the site {options.site} must not be the archive or hold it; choose another folder"
        )
    if site.exists() and not site.is_dir():
        raise UserError(f"{options.site} is a file; give a folder for the site")
    if site.is_dir() and any(site.iterdir()) and not (site / MANIFEST_FILE).exists():
        raise UserError(
            f"{options.site} is not empty and was not made by briefout build (it has no "
            f"{MANIFEST_FILE}); the build replaces the whole folder, so give a new or empty one"
        )


def _check_layout(sources: list[Source]) -> None:
    """Two issues with the same name but another suffix would share their outputs."""
    seen: dict[str, str] = {}
    for source in sources:
        other = seen.setdefault(source.stem, source.relative)
        if other != source.relative:
            raise UserError(
                f"{source.path}: {other} and {source.relative} would make the same output "
                "files; rename one of them"
            )


def plan_build(options: BuildOptions) -> Plan:
    """Compare the archive with the site's manifest (reads, writes nothing)."""
    from briefout.style import load_style
    from briefout.writers import get_writer, writer_names

    for name in options.formats:
        if name not in writer_names():
            get_writer(name)  # an unknown format fails before any file is read
    _check_site_folder(options)
    style = load_style(options.style)
    environ = _environ(options)
    cache = StatCache.load(options.site)
    sources = discover(options.archive, skip=[options.site], cache=cache)
    _check_layout(sources)
    settings = settings_key(style, options.formats, environ, {"web_page": 1})
    keys = {s.relative: issue_key(settings, s.relative, s.sha256) for s in sources}
    try:
        old_bytes: bytes | None = (options.site / MANIFEST_FILE).read_bytes()
    except OSError:
        old_bytes = None
    old = parse_manifest(old_bytes) if old_bytes is not None else None
    fresh, stale = {}, []
    for source in sources:
        record = old.issues.get(source.relative) if old else None
        if (
            record is not None
            and record.key == keys[source.relative]
            and all(intact(options.site, output, cache) for output in record.outputs.values())
        ):
            fresh[source.relative] = record
        else:
            stale.append(source)
    removed = sorted(set(old.issues) - set(keys)) if old else []
    return Plan(style, sources, keys, fresh, stale, removed, old_bytes, old, cache)


def _render(
    stale: list[Source], options: BuildOptions, staging: Path, reporter: Reporter
) -> list[Done]:
    """Render every stale issue into ``staging``: in a pool, or here when there is one."""
    jobs = [Job(source.relative, str(source.path), source.read()) for source in stale]
    workers = max(1, min(options.jobs or os.cpu_count() or 1, len(jobs)))
    initargs = (options.style, list(options.formats), str(staging), _environ(options))
    finished: list[Done] = []

    def report(done: Done) -> None:
        finished.append(done)
        if not done.problems:
            reporter.rendered(done.relative, [o.path for o in done.outputs.values()])

    if workers == 1:
        start_worker(*initargs)
        reporter.start(len(jobs))
        try:
            for job in jobs:
                report(render_job(job))
        finally:
            reporter.finish()
        return finished
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(workers, initializer=_pool_worker, initargs=initargs) as pool:
        futures = [pool.submit(render_job, job) for job in jobs]  # starts every worker
        reporter.start(len(jobs))
        try:
            for future in as_completed(futures):
                report(future.result())
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        finally:
            reporter.finish()
    return finished


def _pool_worker(style: str, formats: list[str], staging: str, environ: dict[str, str]) -> None:
    """A pool worker: Ctrl-C is the building process's to handle; then load everything once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    start_worker(style, formats, staging, environ)


def site_files(entries: list[IssueEntry], options: BuildOptions, style: Style) -> dict[str, bytes]:
    """Every site part's files, from the entries (newest first)."""
    ordered = tuple(sorted(entries, key=IssueEntry.sort_key, reverse=True))
    data = SiteData(ordered, options.settings, style)
    outputs = {path for entry in entries for path in entry.outputs.values()}
    files: dict[str, bytes] = {}
    for part in site_parts():
        for name, content in part.render(data).items():
            if name in files or name in outputs or name in (MANIFEST_FILE, STAT_FILE):
                raise UserError(
                    f"the site part '{part.name}' writes {name}, which another part or an "
                    "issue's output already uses; rename that issue or remove the plugin"
                )
            files[name] = content
    return files


def _file_records(files: dict[str, bytes]) -> dict[str, FileRecord]:
    return {
        name: FileRecord(name, len(data), hashlib.sha256(data).hexdigest())
        for name, data in files.items()
    }


def _problems(finished: list[Done]) -> list[Problem]:
    return [problem for done in finished for problem in done.problems]


def _new_manifest(plan: Plan, finished: list[Done], files: dict[str, bytes]) -> Manifest:
    issues = dict(plan.fresh)
    for done in finished:
        if done.entry is not None:
            issues[done.relative] = IssueRecord(plan.keys[done.relative], done.outputs, done.entry)
    return Manifest(dict(sorted(issues.items())), _file_records(files))


def _unchanged(plan: Plan, manifest: Manifest, site: Path) -> bool:
    """True when the published site already is exactly what this build would publish."""
    return (
        not plan.stale
        and plan.old_manifest == manifest.to_bytes()
        and all(intact(site, record, plan.cache) for record in manifest.files.values())
    )


def _fill(
    staging: Path, plan: Plan, manifest: Manifest, files: dict[str, bytes], site: Path
) -> list[str]:
    """Link unchanged files from the published site, write new ones; the paths written."""
    written = []
    for relative, record in manifest.issues.items():
        previous = plan.old.issues.get(relative) if plan.old else None
        for name, output in record.outputs.items():
            if relative in plan.fresh:
                carry(site / output.path, staging / output.path)
            elif (
                previous
                and previous.outputs.get(name) == output
                and intact(site, output, plan.cache)
            ):
                (staging / output.path).unlink()  # rendered again, same bytes: keep the file
                carry(site / output.path, staging / output.path)
            else:
                written.append(output.path)
    for name, data in files.items():
        file = manifest.files[name]
        if plan.old and plan.old.files.get(name) == file and intact(site, file, plan.cache):
            carry(site / name, staging / name)
        else:
            write_file(staging / name, data)
            written.append(name)
    write_file(staging / MANIFEST_FILE, manifest.to_bytes())
    write_file(staging / STAT_FILE, _new_cache(plan, manifest, staging).to_bytes())
    return sorted([*written, MANIFEST_FILE])


def _new_cache(plan: Plan, manifest: Manifest, staging: Path) -> StatCache:
    """The states of the files about to be published (kept by the swap) and of the issues."""
    cache = StatCache()
    records = [o for record in manifest.issues.values() for o in record.outputs.values()]
    for record in [*records, *manifest.files.values()]:
        state = state_of(staging / record.path)
        if state is not None:
            cache.files[record.path] = state
    for source in plan.sources:
        cache.remember_source(source.relative, source.state, source.sha256)
    return cache


def build_site(options: BuildOptions, reporter: Reporter | None = None) -> BuildResult:
    """Build or bring up to date the site; raise UserError (site untouched) on any problem."""
    plan = plan_build(options)
    staging = new_staging(options.site) if plan.stale else None
    try:
        finished = _render(plan.stale, options, staging, reporter or Quiet()) if staging else []
        problems = _problems(finished)
        if problems:
            raise UserError(f"{len(problems)} problem(s); the site was not changed", problems)
        entries = [record.entry for record in plan.fresh.values()]
        entries += [done.entry for done in finished if done.entry is not None]
        files = site_files(entries, options, plan.style)
        manifest = _new_manifest(plan, finished, files)
        result = BuildResult(
            rendered=sorted(done.relative for done in finished),
            up_to_date=len(plan.fresh),
            removed=plan.removed,
            notices=[f"{done.relative}: {notice}" for done in finished for notice in done.notices],
        )
        if _unchanged(plan, manifest, options.site):
            return result
        staging = staging or new_staging(options.site)
        result.written = _fill(staging, plan, manifest, files, options.site)
        swap_in(staging, options.site)
        staging = None
        return result
    finally:
        if staging is not None:
            discard(staging)


def check_site(options: BuildOptions) -> list[str]:
    """Why the site is out of date (empty: current); writes nothing.

    Issues that would be rendered are validated, so an invalid one is a UserError here
    as in a build."""
    from briefout.loader import load_issue_bytes

    plan = plan_build(options)
    problems: list[Problem] = []
    for source in plan.stale:
        try:
            load_issue_bytes(source.read(), str(source.path))
        except UserError as exc:
            problems.extend(exc.problems or [Problem(str(source.path), 1, 1, "", exc.message)])
    if problems:
        raise UserError(f"{len(problems)} problem(s)", problems)
    reasons = [
        f"{source.relative}: not rendered, changed or outputs altered" for source in plan.stale
    ]
    reasons += [f"{relative}: no longer in the archive" for relative in plan.removed]
    if not plan.stale:
        files = site_files([record.entry for record in plan.fresh.values()], options, plan.style)
        if not _unchanged(plan, _new_manifest(plan, [], files), options.site):
            reasons.append("the index, feed or search data are out of date")
    return reasons
