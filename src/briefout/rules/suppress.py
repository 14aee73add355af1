"""Suppression comments: ``# briefout: ignore[rule-code, ...]`` at the end of a line.

The comment silences the named rules for findings that start or end on its line.  Text
inside a block scalar (``body: |``) is content, not a comment, so for a finding inside a
block the comment goes on the block's first line, after the indicator
(``body: |  # briefout: ignore[en-date-style]``) and covers the whole block.
"""

from __future__ import annotations

import re

from briefout.errors import Problem, did_you_mean
from briefout.rules import Finding
from briefout.rules.source import SourceText
from briefout.yamlsource import dotted

_COMMENT = re.compile(r"(?:^|\s)#\s*briefout:\s*ignore\[([^\]]*)\]")


class Suppressions:
    """The suppression comments of one file."""

    def __init__(self, source: SourceText) -> None:
        content_lines: set[int] = set()
        self._block_header: dict[str, int] = {}
        for path, position in source.located.values.items():
            if position.style in ("|", ">") and position.file is None:
                content_lines.update(range(position.line + 1, position.end_line))
                self._block_header[dotted(path)] = position.line
        self._codes: dict[int, frozenset[str]] = {}
        self._columns: dict[int, int] = {}
        self._file = source.located.file
        if "briefout:" not in source.text:
            return
        for number, line in enumerate(source.text.splitlines(), start=1):
            if number in content_lines or "ignore[" not in line:
                continue
            match = _COMMENT.search(line)
            if match:
                codes = (code.strip() for code in match.group(1).split(","))
                self._codes[number] = frozenset(code for code in codes if code)
                self._columns[number] = match.start(1) + 1

    def silences(self, finding: Finding) -> bool:
        """True if a comment names the finding's rule on its line or its block's header."""
        lines = {finding.line, finding.end_line}
        header = self._block_header.get(finding.path)
        if header is not None:
            lines.add(header)
        return any(finding.rule in self._codes.get(line, ()) for line in lines)

    def unknown(self, known: set[str]) -> list[Problem]:
        """A warning for each code in a comment that names no registered rule."""
        problems = []
        for line, codes in sorted(self._codes.items()):
            for code in sorted(codes - known):
                hint = did_you_mean(code, known, "see `briefout check --help`")
                problems.append(
                    Problem(
                        self._file,
                        line,
                        self._columns[line],
                        "",
                        f"the suppression comment names '{code}', which is not a rule",
                        hint,
                        severity="warning",
                        origin="suppression",
                    )
                )
        return problems
