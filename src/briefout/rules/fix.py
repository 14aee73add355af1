"""``check --fix`` and ``--diff``: rewrite only the flagged characters, verified.

Edits are made on the file text at the positions :mod:`briefout.rules.source` maps, so
comments, quoting, key order, line breaks and every other byte stay as they were.  After
editing, the file is parsed again and every value compared with what was intended (the
old value with the replacement applied; every other value unchanged) before anything is
written.  Fixing repeats until no fixable finding is left (a fix can reveal another),
so a second ``--fix`` changes nothing.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefout.errors import Problem
from briefout.rules import Finding, Fix
from briefout.rules.engine import CheckRun, check_issues
from briefout.yamlsource import PathKey, parse_yaml

MAX_ROUNDS = 5


class FixVerificationError(RuntimeError):
    """An edit would change more than the flagged characters (a bug in briefout)."""


def apply_fixes(text: str, fixes: list[Fix]) -> tuple[str, list[Fix]]:
    """``text`` with the fixes applied; an edit overlapping an earlier one waits a round."""
    applied: list[Fix] = []
    pieces: list[str] = []
    cursor = 0
    for fix in sorted(fixes, key=lambda f: (f.edits[0].start, f.edits[0].end)):
        if any(edit.start < cursor for edit in fix.edits):
            continue
        for edit in fix.edits:
            pieces.append(text[cursor : edit.start])
            pieces.append(edit.text)
            cursor = edit.end
        applied.append(fix)
    pieces.append(text[cursor:])
    return "".join(pieces), applied


def _leaves(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, Any]]:
    if isinstance(data, dict):
        yield path, ("mapping", tuple(data))
        for key, value in data.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(data, list):
        yield path, ("list", len(data))
        for index, value in enumerate(data):
            yield from _leaves(value, (*path, index))
    else:
        yield path, data


def verify(before: str, after: str, fixes: list[Fix], display: str) -> None:
    """Raise :class:`FixVerificationError` unless ``after`` holds exactly the intended values."""
    old = dict(_leaves(parse_yaml(before, display).data))
    expected = dict(old)
    for fix in sorted(fixes, key=lambda f: f.start, reverse=True):
        value = str(expected[fix.path])
        expected[fix.path] = value[: fix.start] + fix.replacement + value[fix.end :]
    try:
        new = dict(_leaves(parse_yaml(after, display).data))
    except Exception as exc:  # any failure to read our own edit back is a bug
        raise FixVerificationError(f"{display}: the fixed file no longer parses: {exc}") from None
    if new != expected:
        paths = set(new) | set(expected)
        wrong = next(path for path in paths if new.get(path) != expected.get(path))
        raise FixVerificationError(f"{display}: fixing would change {wrong!r} unexpectedly")


@dataclass
class FixResult:
    """The final check after fixing, and the file texts before and after."""

    run: CheckRun
    first: CheckRun
    before: dict[str, str] = field(default_factory=dict)
    after: dict[str, str] = field(default_factory=dict)
    fixed: int = 0

    def changed(self) -> dict[str, str]:
        """The new text of every file that changes."""
        return {f: t for f, t in self.after.items() if t != self.before.get(f)}

    def diff(self) -> str:
        """A unified diff of every change."""
        out: list[str] = []
        for file, text in self.changed().items():
            out.extend(
                difflib.unified_diff(
                    self.before[file].splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    fromfile=f"{file} (before)",
                    tofile=f"{file} (fixed)",
                )
            )
        return "".join(out)


def fix_issues(
    paths: list[Path],
    project: Path | None,
    baseline: Path | None,
    problems: list[Problem] | None = None,
) -> FixResult:
    """Check, fix what is fixable, and check again until nothing fixable is left."""
    run = check_issues(paths, project, baseline=baseline, problems=problems)
    result = FixResult(run, run, dict(run.texts), {})
    texts: dict[str, str] = {}
    for _ in range(MAX_ROUNDS):
        fixable: dict[str, list[Fix]] = {}
        for finding in run.findings:
            if finding.fix is not None:
                fixable.setdefault(finding.file, []).append(finding.fix)
        changed = False
        for file, fixes in fixable.items():
            before = run.texts[file]
            after, applied = apply_fixes(before, fixes)
            verify(before, after, applied, file)
            if after != before:
                texts[file] = after
                result.fixed += len(applied)
                changed = True
        if not changed:
            break
        run = check_issues(paths, project, texts=texts, baseline=baseline, problems=problems)
    broken = {p.file for p in run.problems if p not in result.run.problems} & set(texts)
    if broken:
        raise FixVerificationError(f"fixing would make {sorted(broken)} invalid")
    result.run = run
    result.after = {**result.before, **texts}
    return result


def fixable_count(findings: list[Finding]) -> int:
    """How many findings carry a fix."""
    return sum(1 for finding in findings if finding.fix is not None)
