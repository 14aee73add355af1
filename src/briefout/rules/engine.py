"""``briefout check``: validate every issue, then run the editorial rules over all of them.

One call, many files: each file's project (``briefout.yaml``) is found and its ``lint:``
settings validated once per project, first; then each file is read, validated and checked
by the rules that look at one issue at a time, and a :class:`ComparingRule` (such as
``duplicate-item``) takes its digest of it.  With many files this is done in shares by
forked helper processes (:mod:`briefout.rules.parallel`); a share returns plain data only
(texts, problems, positioned findings, digests), never an issue.  Then the comparing
rules compare the digests of all issues, in file order.  A third-party rule that needs
every issue at once makes the whole call run in this process.  Findings are filtered by
``# briefout: ignore[...]`` comments and by a baseline; ``fix`` rewrites fixable slips.
The findings, their order and every problem are the same however the work was shared.
"""

from __future__ import annotations

import contextlib
import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal, cast

from briefout.errors import Problem, UserError
from briefout.loader import load_issue, load_issue_bytes
from briefout.project import Project, ProjectFinder
from briefout.rules import (
    ComparingRule,
    Digest,
    Edit,
    Finding,
    Fix,
    IssueSource,
    Rule,
    Target,
    all_rules,
    per_issue,
)
from briefout.rules.config import RuleSetting, rule_settings
from briefout.rules.source import SourceText
from briefout.rules.suppress import Suppressions
from briefout.walk import source_of

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
    paths: list[Path], finder: ProjectFinder
) -> tuple[list[IssueSource], list[Problem]]:
    """Read and validate each issue in this process: the valid ones and every problem
    (for library users and the benchmark's breakdown; ``check`` uses :func:`check_issues`)."""
    plan = _plan([(path, None) for path in paths], finder, [])
    checked, sources = _check_share(plan, range(len(paths)), keep=True)
    problems = _merge_problems(plan, checked, [])
    return sources, problems


def run_rules(
    sources: list[IssueSource], rules: list[Rule], problems: list[Problem]
) -> list[Finding]:
    """Every rule over every issue whose project does not turn it off (in one process)."""
    return _over_all(rules, sources, _settings(sources, rules, problems))


def _over_all(
    rules: list[Rule], sources: list[IssueSource], settings: dict[int, dict[str, RuleSetting]]
) -> list[Finding]:
    """Each rule over every issue at once, skipping the issues whose project turns it off."""
    findings: list[Finding] = []
    for rule in rules:
        targets = [
            Target(source, rule.code, setting.severity, setting.options)
            for source in sources
            if (setting := settings[id(source.project)][rule.code]).severity != "off"
        ]
        if targets:
            findings.extend(rule.check(targets))
    return findings


def _settings(
    sources: list[IssueSource], rules: list[Rule], problems: list[Problem]
) -> dict[int, dict[str, RuleSetting]]:
    """Rule settings per project (keyed by id), each project validated once."""
    by_project: dict[int, dict[str, RuleSetting]] = {}
    for source in sources:
        key = id(source.project)
        if key not in by_project:
            by_project[key], found = _project_settings(source.project, rules)
            problems.extend(p for p in found if p not in problems)
    return by_project


def check_issues(
    paths: list[Path],
    project: Path | None = None,
    *,
    texts: dict[str, str] | None = None,
    baseline: Path | None = None,
    problems: list[Problem] | None = None,
) -> CheckRun:
    """Validate ``paths`` and run the rules; filter by suppressions and the baseline.

    ``texts`` overrides what is on disk (for --fix); ``problems`` are reported with the
    run's own (e.g. the style's)."""
    with _without_cycle_collection():
        return _check(paths, project, texts, baseline, problems or [])


def _check(
    paths: list[Path],
    project: Path | None,
    texts: dict[str, str] | None,
    baseline: Path | None,
    problems: list[Problem],
) -> CheckRun:
    """:func:`check_issues`, without cyclic garbage collection."""
    rules = all_rules()
    jobs = [(path, texts.get(str(path)) if texts else None) for path in paths]
    plan = _plan(jobs, ProjectFinder(project), rules)
    checked, sources = _check_all(plan)
    found = _merge_problems(plan, checked, [*problems])
    run = CheckRun([str(path) for path in paths], {c.display: c.text for c in checked}, found)
    run.rules = rules
    valid = [c for c in checked if c.suppressions is not None]
    raw = [finding for c in valid for finding in c.findings]
    raw.extend(_compared(plan, valid))
    raw.extend(_across(plan, sources))
    suppressions = {c.display: c.suppressions for c in valid if c.suppressions is not None}
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


@dataclass
class _Plan:
    """What is known before any issue is read: shared with forked helpers as it is."""

    jobs: list[tuple[Path, str | None]]
    rules: list[Rule]
    #: the project of each job, and the problems met finding it
    projects: list[Project]
    project_problems: list[list[Problem]]
    #: per project (by id): each rule's setting, and the problems of its ``lint:`` section
    settings: dict[int, dict[str, RuleSetting]]
    setting_problems: dict[int, list[Problem]]
    #: each rule's kind: ``issue`` (one issue at a time), ``compare`` (a
    #: :class:`ComparingRule`) or ``across`` (needs every issue at once, in one process)
    kinds: dict[str, str] = field(default_factory=dict)

    def of_kind(self, kind: str) -> list[Rule]:
        """The rules of one kind, in code order."""
        return [rule for rule in self.rules if self.kinds[rule.code] == kind]


def _kind(rule: Rule) -> str:
    if per_issue(rule):
        return "issue"
    return "compare" if isinstance(rule, ComparingRule) else "across"


def _plan(jobs: list[tuple[Path, str | None]], finder: ProjectFinder, rules: list[Rule]) -> _Plan:
    """Find each job's project and validate each project's settings once."""
    plan = _Plan(jobs, rules, [], [], {}, {}, {rule.code: _kind(rule) for rule in rules})
    for path, _ in jobs:
        try:
            project = finder.for_issue(path)
            plan.project_problems.append([])
        except UserError as exc:
            project = Project()
            plan.project_problems.append(list(exc.problems))
        plan.projects.append(project)
        if id(project) not in plan.settings:
            settings, found = _project_settings(project, rules)
            plan.settings[id(project)], plan.setting_problems[id(project)] = settings, found
    return plan


def _project_settings(
    project: Project, rules: list[Rule]
) -> tuple[dict[str, RuleSetting], list[Problem]]:
    """The rules' settings for ``project`` (the defaults if its ``lint:`` is invalid)."""
    try:
        return rule_settings(project, rules), []
    except UserError as exc:
        return rule_settings(Project(), rules), list(exc.problems)


@dataclass
class _Checked:
    """One file checked where it was loaded: plain data, cheap to send between processes.

    ``suppressions`` is None when the file did not load (then ``problems`` say why)."""

    job: int
    display: str
    text: str
    problems: list[Problem] = field(default_factory=list)
    suppressions: Suppressions | None = None
    #: findings of the rules that look at one issue at a time, rule by rule
    findings: list[Finding] = field(default_factory=list)
    #: what each comparing rule (by code) kept of this issue
    digests: dict[str, Any] = field(default_factory=dict)

    def __getstate__(self) -> dict[str, Any]:
        """Findings as tuples when sent to another process (about three times cheaper)."""
        return {**self.__dict__, "findings": [_packed(f) for f in self.findings]}

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["findings"] = [_unpacked(f) for f in state["findings"]]
        self.__dict__.update(state)


_FINDING_FIELDS = tuple(f.name for f in fields(Finding))


def _packed(finding: Finding) -> Finding | tuple[Any, ...]:
    """A plain finding as a tuple of its fields (a subclass, or an odd fix, as it is)."""
    fix = finding.fix
    if type(finding) is not Finding or (fix is not None and type(fix) is not Fix):
        return finding
    if fix is not None and any(type(edit) is not Edit for edit in fix.edits):
        return finding
    values = [getattr(finding, name) for name in _FINDING_FIELDS]
    if fix is not None:
        edits = tuple(tuple(getattr(e, f.name) for f in fields(Edit)) for e in fix.edits)
        values[_FINDING_FIELDS.index("fix")] = (
            fix.description,
            edits,
            fix.path,
            fix.start,
            fix.end,
            fix.replacement,
        )
    return tuple(values)


def _unpacked(packed: Finding | tuple[Any, ...]) -> Finding:
    if isinstance(packed, Finding):
        return packed
    values = list(packed)
    at = _FINDING_FIELDS.index("fix")
    if values[at] is not None:
        description, edits, *rest = values[at]
        values[at] = Fix(description, tuple(Edit(*edit) for edit in edits), *rest)
    return Finding(*values)


def _check_share(
    plan: _Plan, indices: Iterable[int], *, keep: bool = False
) -> tuple[list[_Checked], list[IssueSource]]:
    """Load, validate and check the jobs at ``indices``; the issues too when ``keep``
    (rules that need every issue at once), else each is dropped once checked."""
    checked: list[_Checked] = []
    sources: list[IssueSource] = []
    for index in indices:
        path, text = plan.jobs[index]
        display = str(path)
        try:
            if text is not None:
                issue = load_issue_bytes(text.encode("utf-8"), display)
            else:
                issue = load_issue(path)
        except UserError as exc:
            found = exc.problems or [Problem(display, 1, 1, "", exc.message)]
            original = text if text is not None else _text_of(path)
            checked.append(_Checked(index, display, original, found))
            continue
        located = source_of(issue)
        assert located is not None  # the loader remembers where every issue came from
        source = IssueSource(display, issue, SourceText(located), plan.projects[index])
        checked.append(_check_source(plan, index, source))
        if keep:
            sources.append(source)
    return checked, sources


def _check_source(plan: _Plan, job: int, source: IssueSource) -> _Checked:
    """Run the one-issue rules on a loaded issue and take the comparing rules' digests."""
    done = _Checked(job, source.file, source.source.text)
    done.suppressions = Suppressions(source.source)
    settings = plan.settings[id(source.project)]
    for rule in plan.rules:
        setting = settings[rule.code]
        kind = plan.kinds[rule.code]
        if setting.severity == "off" or kind == "across":
            continue
        target = Target(source, rule.code, setting.severity, setting.options)
        if kind == "issue":
            done.findings.extend(rule.check([target]))
        else:
            done.digests[rule.code] = cast(ComparingRule, rule).digest(target)
    return done


def _check_all(plan: _Plan) -> tuple[list[_Checked], list[IssueSource]]:
    """Every job checked, in job order: in shares over several processes when there are
    many and every rule allows it, else here."""
    everything = range(len(plan.jobs))
    if plan.of_kind("across"):
        return _check_share(plan, everything, keep=True)  # a rule needs the issues together
    from briefout.rules.parallel import in_shares

    def run(indices: range) -> list[_Checked]:
        return _check_share(plan, indices)[0]

    shares = in_shares(run, len(plan.jobs), PARALLEL_FROM)
    return [checked for share in shares for checked in share], []


#: From this many issues on, they are checked in shares by several processes.
PARALLEL_FROM = 48


def _merge_problems(plan: _Plan, checked: list[_Checked], given: list[Problem]) -> list[Problem]:
    """``given``, then each file's project and loading problems in file order, then the
    ``lint:`` problems of each project that has a valid issue (each problem once)."""
    found: list[Problem] = []
    for project_problems, done in zip(plan.project_problems, checked, strict=True):
        found.extend(p for p in project_problems if p not in found)
        found.extend(done.problems)
    problems = [*given, *found]
    seen: set[int] = set()
    for project, done in zip(plan.projects, checked, strict=True):
        if done.suppressions is not None and id(project) not in seen:
            seen.add(id(project))
            problems.extend(p for p in plan.setting_problems[id(project)] if p not in problems)
    return problems


@contextlib.contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """No cyclic garbage collection while issues are checked (helpers included).

    Checking makes many objects and little cyclic garbage (each issue is dropped once
    checked); the collector's passes over the whole heap cost about a tenth of the time
    of checking hundreds of issues and free next to nothing (peak memory is the same)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _compared(plan: _Plan, valid: list[_Checked]) -> Iterator[Finding]:
    """The findings of each comparing rule over the digests of every valid issue."""
    for rule in plan.of_kind("compare"):
        digests = []
        for done in valid:
            if rule.code in done.digests:
                setting = plan.settings[id(plan.projects[done.job])][rule.code]
                level: Literal["error", "warning"] = cast(Any, setting.severity)
                data = done.digests[rule.code]
                digests.append(Digest(done.display, rule.code, level, setting.options, data))
        if digests:
            yield from cast(ComparingRule, rule).compare(digests)


def _across(plan: _Plan, sources: list[IssueSource]) -> list[Finding]:
    """The findings of rules that need every issue at once (third-party rules)."""
    return _over_all(plan.of_kind("across"), sources, plan.settings)


def _text_of(path: Path) -> str:
    """The text of a file that did not load (for byte columns), or nothing."""
    try:
        return path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""


def group_by_file(findings: list[Finding]) -> dict[str, list[Finding]]:
    """Findings per file, files in the order first seen."""
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[finding.file].append(finding)
    return dict(grouped)
