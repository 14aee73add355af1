"""`check` over many files in shares (forked helpers): the same run as in one process.

Files broken in every way, duplicates across shares, suppression comments, a baseline, a
project with a broken ``lint:``, a file given twice; a helper that fails or is killed;
Ctrl-C; a rule that needs every issue at once."""

from __future__ import annotations

import gc
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from test_rules import issue, item, write

from briefout.rules import (
    Finding,
    IssueRule,
    Target,
    engine,
    parallel,
    register_rule,
    unregister_rule,
)
from briefout.rules.engine import CheckRun, check_issues

BODY = (
    "The Azerbaijan Mine Action Agency carried out operations in the districts of Tartar "
    "and Aghdara in 2025, clearing land and returning it to farmers before the spring."
)


def _archive(folder: Path) -> list[Path]:
    """Twelve files: valid ones with slips, broken ones, repeats across the whole list."""
    (folder / "briefout.yaml").write_text("lint:\n  ja-space: {policy: sometimes}\n")
    texts = [
        issue(item(ja=f"会談 {n} 回目", en=f"Talks number {n}", body=f"Body {n}, on Jan.0{n}."))
        for n in range(1, 13)
    ]
    texts[0] = issue(
        item(body=BODY, source="{outlet: Apa, date: 2026-01-05, url: 'https://a.az/1'}")
    )
    texts[11] = issue(
        item(
            en="Another",
            body=BODY + " More.",
            source="{outlet: APA, date: 2026-01-06, url: 'https://A.az/1/'}",
        )
    )
    texts[2] = texts[2].replace("period: 2026-01-01", "period: 2026-13-01")  # invalid value
    texts[4] = "briefout: 1\ntitle: [unclosed\n"  # YAML syntax error
    texts[5] = texts[5].replace(  # suppressed, and a comment naming no rule
        "body: |", "body: |  # briefout: ignore[en-date-style, no-such-rule]"
    )
    texts[8] = texts[8].replace("会談", "ＡＰＡ会談")  # a fixable full-width slip
    paths = [write(folder, text, f"i{n:02d}.yaml") for n, text in enumerate(texts)]
    (folder / "i06.yaml").write_bytes("briefout: 1\ntitle: \x82\xa0\n".encode("latin-1"))
    return [*paths, folder / "missing.yaml", paths[3]]  # a missing file; a file given twice


def _summary(run: CheckRun) -> tuple[Any, ...]:
    return (
        run.reported(),
        [f.fix for f in run.findings],
        [f.excerpt for f in run.findings],
        run.problems,
        run.texts,
        run.suppressed,
        run.baselined,
    )


def _both(paths: list[Path], monkeypatch: pytest.MonkeyPatch, **options: Any) -> tuple[Any, Any]:
    """The run in one process, and in four shares (three helpers)."""
    monkeypatch.setattr(engine, "PARALLEL_FROM", 10_000)
    alone = check_issues(paths, **options)
    monkeypatch.setattr(engine, "PARALLEL_FROM", 2)
    monkeypatch.setattr(parallel, "helper_count", lambda count, threshold: 3)
    shared = check_issues(paths, **options)
    return _summary(alone), _summary(shared)


def test_shares_give_the_same_run_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _archive(tmp_path)
    alone, shared = _both(paths, monkeypatch)
    assert alone == shared
    reported = alone[0]
    rules = {f.rule for f in reported}
    assert {"validation", "duplicate-item", "en-date-style", "ja-width", "suppression"} <= rules
    repeats = {Path(f.file).name: f.message for f in reported if f.rule == "duplicate-item"}
    assert "i00.yaml" in repeats["i11.yaml"] and "the same link" in repeats["i11.yaml"]
    assert "i09.yaml" in repeats["i10.yaml"]  # first and last share, then within the last
    assert alone[5] == 1  # one finding silenced by a comment
    assert any(p.path == "lint.ja-space.policy" for p in alone[3])  # the project's problem


def test_shares_give_the_same_run_with_a_baseline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefout.rules.baseline import baseline_json

    paths = _archive(tmp_path)
    recorded = tmp_path / "baseline.json"
    half = check_issues(paths).findings[::2]
    recorded.write_text(baseline_json(half, recorded), encoding="utf-8")
    alone, shared = _both(paths, monkeypatch, baseline=recorded)
    assert alone == shared and alone[6] == len(half)


class _FailsInHelpers(IssueRule):
    """A rule that breaks only in a helper process (killed, or raising)."""

    code = "fails-in-helpers"
    summary = help = "test"
    fixable = False

    def __init__(self, parent: int, how: str) -> None:
        self.parent, self.how = parent, how

    def check_issue(self, target: Target) -> Iterable[Finding]:
        if os.getpid() != self.parent or self.how == "always":
            if self.how == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            raise RuntimeError("a bug in a rule")
        yield from ()


@pytest.mark.parametrize("how", ["kill", "raise"])
def test_a_helper_that_fails_has_its_share_done_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    paths = _archive(tmp_path)
    register_rule(_FailsInHelpers(os.getpid(), how))
    try:
        alone, shared = _both(paths, monkeypatch)
    finally:
        unregister_rule("fails-in-helpers")
    assert alone == shared
    with pytest.raises(ChildProcessError):  # every helper was waited for
        os.waitpid(-1, os.WNOHANG)


def test_an_error_in_a_rule_is_raised_as_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _archive(tmp_path)
    register_rule(_FailsInHelpers(os.getpid(), "always"))
    monkeypatch.setattr(engine, "PARALLEL_FROM", 2)
    monkeypatch.setattr(parallel, "helper_count", lambda count, threshold: 3)
    try:
        with pytest.raises(RuntimeError, match="a bug in a rule"):
            check_issues(paths)
    finally:
        unregister_rule("fails-in-helpers")
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


class _Counts:
    """A rule that needs every issue at once: the whole call runs in one process."""

    code = "counts"
    summary = help = "test"
    fixable = False

    def check(self, targets: list[Target]) -> Iterator[Finding]:
        last = targets[-1]
        yield last.finding(("title",), 0, 1, f"{len(targets)} issues, {os.getpid()}")


def test_a_rule_over_every_issue_sees_them_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _archive(tmp_path)
    monkeypatch.setattr(engine, "PARALLEL_FROM", 2)
    register_rule(_Counts())
    try:
        found = [f for f in check_issues(paths).findings if f.rule == "counts"]
    finally:
        unregister_rule("counts")
    assert [f.message for f in found] == [f"10 issues, {os.getpid()}"]


def test_small_calls_use_no_helpers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    assert parallel.helper_count(engine.PARALLEL_FROM - 1, engine.PARALLEL_FROM) == 0
    assert parallel.helper_count(engine.PARALLEL_FROM, engine.PARALLEL_FROM) == 3
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert parallel.helper_count(10_000, engine.PARALLEL_FROM) == 0
    assert parallel.shares(10, 3) == [range(0, 3), range(3, 6), range(6, 10)]


_INTERRUPTS = """
import os, signal
from briefout.rules import IssueRule

class Interrupts(IssueRule):
    code = "interrupts"
    summary = help = "test"
    fixable = False

    def check_issue(self, target):
        if os.environ["PARENT"] != str(os.getpid()) and target.issue.file.endswith("i100.yaml"):
            os.killpg(0, signal.SIGINT)  # Ctrl-C: the terminal signals the whole group
            signal.pause()
        yield from ()
"""


def _check_json(prelude: str, paths: list[str], **options: Any) -> subprocess.CompletedProcess[str]:
    """``briefout check --format json PATHS`` in a fresh interpreter, after ``prelude``."""
    code = prelude + "import sys\nfrom briefout.cli import main\nsys.argv[0] = 'briefout'\nmain()\n"
    return subprocess.run(
        [sys.executable, "-c", code, "check", "--format", "json", *paths],
        capture_output=True,
        text=True,
        check=False,
        **options,
    )


def test_ctrl_c_while_helpers_run_exits_130_without_a_traceback(tmp_path: Path) -> None:
    package = tmp_path / "site"
    (package / "briefout_interrupts").mkdir(parents=True)
    (package / "briefout_interrupts" / "__init__.py").write_text(_INTERRUPTS)
    info = package / "briefout_interrupts-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: briefout-interrupts\nVersion: 1.0\n"
    )
    (info / "entry_points.txt").write_text(
        "[briefout.rules]\ninterrupts = briefout_interrupts:Interrupts\n"
    )
    texts = [issue(item(body=f"Body {n}.")) for n in range(120)]
    paths = [str(write(tmp_path, text, f"i{n:02d}.yaml")) for n, text in enumerate(texts)]
    prelude = (
        "import os; os.environ['PARENT'] = str(os.getpid())\n"
        "from briefout.rules import parallel\n"
        "parallel.helper_count = lambda count, threshold: 3\n"
    )
    result = _check_json(
        prelude,
        paths,
        env={**os.environ, "PYTHONPATH": str(package)},
        start_new_session=True,  # its own process group: the signal reaches nothing else
        timeout=120,
    )
    assert result.returncode == 130, result.stderr
    assert "Traceback" not in result.stderr and "interrupted" in result.stderr
    assert result.stdout == ""


def test_json_output_is_the_same_in_shares(tmp_path: Path) -> None:
    """Through the command line: the report of many files with helpers equals one process's."""
    paths = [str(p) for p in _archive(tmp_path)]
    outputs = []
    for threshold in ("10000", "2"):
        prelude = (
            "from briefout.rules import engine, parallel\n"
            f"engine.PARALLEL_FROM = {threshold}\n"
            "parallel.helper_count = lambda count, threshold: 0 if count < threshold else 2\n"
        )
        result = _check_json(prelude, paths)
        assert result.returncode == 2, result.stderr
        outputs.append((result.stdout, result.stderr))
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0][0])["summary"]["validation"] >= 4


class _SeesCollector(IssueRule):
    """Reports whether cyclic garbage collection is on while it runs."""

    code = "sees-collector"
    summary = help = "test"
    fixable = False

    def check_issue(self, target: Target) -> Iterable[Finding]:
        yield target.finding(("title",), 0, 1, f"collector on: {gc.isenabled()}")


@pytest.mark.parametrize("enabled", [True, False])
def test_no_cycle_collection_while_checking_and_the_state_is_restored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, enabled: bool
) -> None:
    paths = _archive(tmp_path)
    monkeypatch.setattr(engine, "PARALLEL_FROM", 2)
    register_rule(_SeesCollector())
    (gc.enable if enabled else gc.disable)()
    try:
        found = [f.message for f in check_issues(paths).findings if f.rule == "sees-collector"]
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
        unregister_rule("sees-collector")
    assert set(found) == {"collector on: False"} and len(found) == 10  # valid files


@dataclass(frozen=True, order=True)
class _NotedFinding(Finding):
    """A rule's own kind of finding, with a field of its own."""

    note: str = ""


class _Notes(IssueRule):
    code = "notes"
    summary = help = "test"
    fixable = False

    def check_issue(self, target: Target) -> Iterable[Finding]:
        plain = target.finding(("title",), 0, 1, "a note")
        yield _NotedFinding(**{**plain.__dict__, "note": target.issue.file})


def test_findings_come_back_from_helpers_as_they_were_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Plain findings travel as tuples; a rule's own kind of finding travels as it is."""
    paths = _archive(tmp_path)
    register_rule(_Notes())
    try:
        alone, shared = _both(paths, monkeypatch)
    finally:
        unregister_rule("notes")
    assert alone == shared
    notes = [f for f in shared[0] if f.rule == "notes"]
    assert len(notes) == 10 and all(type(f) is _NotedFinding for f in notes)
    assert [f.note for f in notes] == [f.file for f in notes]
    assert any(f.fix is not None for f in shared[0])  # fixes travelled too
