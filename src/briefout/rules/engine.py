"""``briefout check``: validate every issue, then run the editorial rules over all of them.

One call, one process, many files: each file is read and validated once; its project file
(``briefout.yaml``) is loaded once per project; every enabled rule then sees all valid
issues together (so ``duplicate-item`` compares issues).  Findings are filtered by
``# briefout: ignore[...]`` comments and by a baseline; ``fix`` rewrites fixable slips.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from briefout.errors import Problem, UserError
from briefout.loader import load_issue, load_issue_bytes
from briefout.model import Issue
from briefout.project import Project, ProjectFinder
from briefout.rules import Finding, IssueSource, Rule, Target, all_rules
from briefout.rules.config import RuleSetting, rule_settings
from briefout.rules.source import SourceText
from briefout.rules.suppress import Suppressions
from briefout.walk import remember, source_of
from briefout.yamlsource import Located

VALIDATION = "validation"


SUPPRESSION = "suppression"


def unknown_suppression(problem: Problem) -> Finding:
    """A suppression comment naming no rule, as a warning finding of its own kind."""
    return problem_finding(
        replace(problem, path="", severity="warning", origin=SUPPRESSION), SUPPRESSION
    )


def problem_finding(problem: Problem, rule: str = VALIDATION) -> Finding:
    """A problem in the shape of a finding (a validation problem: rule ``validation``)."""
    return Finding(
        file=problem.file,
        line=problem.line,
        column=problem.column,
        end_line=problem.line,
        end_column=problem.column,
        path=problem.path,
        rule=rule,
        severity=problem.severity,
        message=problem.message,
        hint=problem.hint,
        origin=problem.origin,
    )


@dataclass
class CheckRun:
    """What one ``check`` call found."""

    files: list[str]
    texts: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    suppressed: int = 0
    baselined: int = 0
    rules: list[Rule] = field(default_factory=list)

    def reported(self) -> list[Finding]:
        """Validation problems and rule findings, in file order."""
        everything = [problem_finding(p) for p in self.problems] + self.findings
        return sorted(everything, key=Finding.sort_key)


def load_sources(
    paths: list[Path], finder: ProjectFinder, texts: dict[str, str] | None = None
) -> tuple[list[IssueSource], list[Problem], dict[str, str]]:
    """Read and validate each issue (``texts`` overrides what is on disk, for --fix).

    Many issues are loaded by several processes (validation is most of ``check``'s time);
    the results are the same, in the same order, as loading them one by one."""
    sources: list[IssueSource] = []
    problems: list[Problem] = []
    read: dict[str, str] = {}
    jobs = [(path, texts.get(str(path)) if texts else None) for path in paths]
    for path, loaded in zip(paths, _load_all(jobs), strict=True):
        try:
            project = finder.for_issue(path)
        except UserError as exc:
            problems.extend(p for p in exc.problems if p not in problems)
            project = Project()
        read[loaded.display] = loaded.text
        problems.extend(loaded.problems)
        if loaded.issue is not None and loaded.located is not None:
            source = SourceText(loaded.located)
            sources.append(IssueSource(loaded.display, loaded.issue, source, project))
    return sources, problems, read


#: From this many issues on, loading is shared between processes.
PARALLEL_FROM = 48


@dataclass
class _Loaded:
    """One issue file loaded (or the problems that kept it from loading)."""

    display: str
    text: str
    issue: Issue | None = None
    located: Located | None = None
    problems: list[Problem] = field(default_factory=list)


def _load_one(path: Path, text: str | None) -> _Loaded:
    display = str(path)
    try:
        if text is not None:
            issue = load_issue_bytes(text.encode("utf-8"), display)
        else:
            issue = load_issue(path)
    except UserError as exc:
        found = exc.problems or [Problem(display, 1, 1, "", exc.message)]
        return _Loaded(display, text if text is not None else _text_of(path), problems=found)
    located = source_of(issue)
    assert located is not None  # the loader remembers where every issue came from
    return _Loaded(display, located.text, issue, located)


def _load_chunk(jobs: list[tuple[Path, str | None]]) -> list[_Loaded]:
    return [_load_one(path, text) for path, text in jobs]


def _workers(count: int) -> int:
    """How many helper processes to load ``count`` issues with (0: load here)."""
    if count < PARALLEL_FROM:
        return 0
    import multiprocessing
    import os

    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(0, min(cpus or 1, 4) - 1)


def _load_all(jobs: list[tuple[Path, str | None]]) -> list[_Loaded]:
    """Load every job, this process taking the first share and helpers the others."""
    workers = _workers(len(jobs))
    if not workers:
        return _load_chunk(jobs)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = -(-len(jobs) // (workers + 1))
    chunks = [jobs[start : start + size] for start in range(0, len(jobs), size)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(_load_chunk, chunk) for chunk in chunks[1:]]
        results = _load_chunk(chunks[0])
        for future in futures:
            for loaded in future.result():
                if loaded.issue is not None and loaded.located is not None:
                    remember(loaded.issue, loaded.located)  # positions for later problems
                results.append(loaded)
    return results


def _text_of(path: Path) -> str:
    """The text of a file that did not load (for byte columns), or nothing."""
    try:
        return path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""


def _settings(
    sources: list[IssueSource], rules: list[Rule], problems: list[Problem]
) -> dict[int, dict[str, RuleSetting]]:
    """Rule settings per project (keyed by id), each project validated once."""
    by_project: dict[int, dict[str, RuleSetting]] = {}
    for source in sources:
        key = id(source.project)
        if key in by_project:
            continue
        try:
            by_project[key] = rule_settings(source.project, rules)
        except UserError as exc:
            problems.extend(p for p in exc.problems if p not in problems)
            by_project[key] = rule_settings(Project(), rules)
    return by_project


def run_rules(
    sources: list[IssueSource], rules: list[Rule], problems: list[Problem]
) -> list[Finding]:
    """Every rule over every issue whose project does not turn it off."""
    settings = _settings(sources, rules, problems)
    findings: list[Finding] = []
    for rule in rules:
        targets = []
        for source in sources:
            setting = settings[id(source.project)][rule.code]
            if setting.severity != "off":
                level: Literal["error", "warning"] = setting.severity
                targets.append(Target(source, rule.code, level, setting.options))
        if targets:
            findings.extend(rule.check(targets))
    return findings


def check_issues(
    paths: list[Path],
    project: Path | None = None,
    *,
    texts: dict[str, str] | None = None,
    baseline: Path | None = None,
    problems: list[Problem] | None = None,
) -> CheckRun:
    """Validate ``paths`` and run the rules; filter by suppressions and the baseline.

    ``problems`` are reported with the run's own (e.g. the style's)."""
    finder = ProjectFinder(project)
    sources, found, read = load_sources(paths, finder, texts)
    problems = [*(problems or []), *found]
    rules = all_rules()
    run = CheckRun([str(path) for path in paths], read, problems, rules=rules)
    raw = run_rules(sources, rules, run.problems)
    suppressions = {source.file: Suppressions(source.source) for source in sources}
    known = {rule.code for rule in rules}
    for suppression in suppressions.values():
        raw.extend(unknown_suppression(p) for p in suppression.unknown(known))
    kept = []
    for finding in raw:
        if suppressions[finding.file].silences(finding):
            run.suppressed += 1
        else:
            kept.append(finding)
    if baseline is not None:
        from briefout.rules.baseline import Baseline

        kept, run.baselined = Baseline.load(baseline).filter(kept)
    run.findings = sorted(kept, key=Finding.sort_key)
    return run


def group_by_file(findings: list[Finding]) -> dict[str, list[Finding]]:
    """Findings per file, files in the order first seen."""
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[finding.file].append(finding)
    return dict(grouped)
