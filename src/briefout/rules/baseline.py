"""Baselines: findings recorded once (``--write-baseline FILE``) and ignored afterwards.

An archive of old issues can adopt the rules without fixing the past: record today's
findings, commit the file, and ``check --baseline FILE`` reports only new ones.  A finding
is identified by its file (relative to the baseline's folder), rule, issue path and the
flagged text, not by its line, so editing elsewhere in the file does not revive it; the
same slip twice in one value is recorded twice.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from briefout.errors import UserError
from briefout.rules import Finding

VERSION = 1
Key = tuple[str, str, str, str]


def _relative(file: str, folder: Path) -> str:
    """``file`` relative to ``folder``, with forward slashes (stable across machines)."""
    return Path(os.path.relpath(Path(file).resolve(), folder.resolve())).as_posix()


@dataclass
class Baseline:
    """Known findings, counted by identity."""

    folder: Path
    known: Counter[Key]

    def key(self, finding: Finding) -> Key:
        """The identity of a finding in this baseline."""
        return (_relative(finding.file, self.folder), finding.rule, finding.path, finding.excerpt)

    @classmethod
    def load(cls, path: Path) -> Baseline:
        """Read a baseline file; a UserError if it is missing or not one."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = data["findings"]
            known = Counter(
                (entry["file"], entry["rule"], entry["path"], entry["excerpt"]) for entry in entries
            )
        except FileNotFoundError:
            raise UserError(
                f"{path}: no such baseline file; create it with --write-baseline {path}"
            ) from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise UserError(
                f"{path}: not a briefout baseline ({exc}); write it again with --write-baseline"
            ) from None
        return cls(path.parent, known)

    def filter(self, findings: list[Finding]) -> tuple[list[Finding], int]:
        """Findings not in the baseline, and how many were."""
        left = Counter(self.known)
        kept = []
        for finding in findings:
            key = self.key(finding)
            if left[key] > 0:
                left[key] -= 1
            else:
                kept.append(finding)
        return kept, len(findings) - len(kept)


def baseline_json(findings: list[Finding], path: Path) -> str:
    """The baseline file recording ``findings`` (validation problems are never recorded)."""
    entries = [
        {"file": file, "rule": rule, "path": where, "excerpt": excerpt}
        for file, rule, where, excerpt in sorted(
            Baseline(path.parent, Counter()).key(finding) for finding in findings
        )
    ]
    return (
        json.dumps({"version": VERSION, "findings": entries}, ensure_ascii=False, indent=2) + "\n"
    )
