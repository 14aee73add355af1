"""Brackets that are opened and not closed (or closed and never opened)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from briefout.rules import Finding, IssueRule, Target
from briefout.rules.text import addresses, in_spans

_PAIRS = {"「": "」", "『": "』", "（": "）", "(": ")", "【": "】", "〔": "〕"}
_CLOSERS = {close: open_ for open_, close in _PAIRS.items()}
_BRACKET = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_CLOSERS)) + "]")


class UnbalancedBrackets(IssueRule):
    """「」『』（）()【】〔〕 that do not pair up within one text."""

    code: ClassVar[str] = "unbalanced-brackets"
    summary: ClassVar[str] = "A bracket 「」『』（）()【】 that is not closed, or not opened."
    help: ClassVar[str] = (
        "Each opening bracket needs its closing partner in the same headline, title or body "
        "(「…」, （…）, (…)); a lone one is usually half of a pair lost in editing."
    )
    fixable: ClassVar[bool] = False

    def check_issue(self, target: Target) -> Iterable[Finding]:
        """Each unpaired bracket, at its place."""
        for node in target.issue.texts():
            marks = list(_BRACKET.finditer(node.text))
            if not marks:
                continue
            stack: list[tuple[int, str]] = []
            links = addresses(node.text)
            for mark in marks:
                index, char = mark.start(), mark.group()
                if links and in_spans(links, index, index + 1):
                    continue
                if char in _PAIRS:
                    stack.append((index, char))
                elif stack and stack[-1][1] == _CLOSERS[char]:
                    stack.pop()
                else:
                    yield target.finding(
                        node.path,
                        index,
                        index + 1,
                        f"{char!r} closes a bracket that was not opened",
                        f"add the opening {_CLOSERS[char]!r} or delete this one",
                    )
            for index, char in stack:
                yield target.finding(
                    node.path,
                    index,
                    index + 1,
                    f"{char!r} is not closed",
                    f"add the closing {_PAIRS[char]!r} or delete this one",
                )
