"""English text: the house date style, doubled words."""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Iterable
from typing import ClassVar, Literal

from pydantic import Field

from briefout.rules import Finding, IssueRule, RuleOptions, Target
from briefout.rules.text import addresses, english_node, in_spans
from briefout.yamlsource import PathKey

_FULL = {
    "Jan": "January",
    "Feb": "February",
    "Mar": "March",
    "Apr": "April",
    "Jun": "June",
    "Jul": "July",
    "Aug": "August",
    "Sep": "September",
    "Sept": "September",
    "Oct": "October",
    "Nov": "November",
    "Dec": "December",
}


def _at_word_start(*months: str) -> str:
    """``(Jan|Feb|...)`` matched only at the start of a word, like ``\\b(Jan|Feb|...)``.

    The check that no word character comes before (the same as ``\\b`` before a letter)
    is a lookbehind after each month's first letter, so every branch starts with a
    letter and the regex engine skips straight to the next J, F, M, A, S, O, N or D."""
    return "(" + "|".join(rf"{month[0]}(?<!\w.){month[1:]}" for month in months) + ")"


_ABBREVIATED = re.compile(
    _at_word_start("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept?", "Oct", "Nov", "Dec")
    + r"(\.?)( *)(\d{1,2})(?!\d)"
)
_SPELLED = re.compile(
    _at_word_start(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    )
    + r"( *)(\d{1,2})(?!\d)"
)


class DateStyleOptions(RuleOptions):
    """``en-date-style`` settings."""

    style: Literal["Jan. 7", "January 7"] = Field(
        default="Jan. 7",
        description="'Jan. 7': abbreviated month, period, space, no leading zero; "
        "'January 7': the month spelled out.",
    )


class EnDateStyle(IssueRule):
    """English month-and-day dates off the house style."""

    code: ClassVar[str] = "en-date-style"
    summary: ClassVar[str] = 'An English date off the house style ("Jan.04", "Dec.9").'
    help: ClassVar[str] = (
        "Dates in English text follow one house style. 'Jan. 7' (the default): abbreviated "
        "month, a period, a space, the day without a leading zero; months of five letters or "
        "fewer (May, June, July) and spelled-out months are fine. 'January 7': the month "
        "spelled out. The fix rewrites the date."
    )
    fixable: ClassVar[bool] = True
    options_model: ClassVar[type[RuleOptions]] = DateStyleOptions

    def check_issue(self, target: Target) -> Iterable[Finding]:
        """Each abbreviated (or zero-padded) month-and-day date not in the house style."""
        spelled_style = getattr(target.options, "style", "Jan. 7") == "January 7"
        for node in target.issue.texts():
            if not english_node(node):
                continue
            links = addresses(node.text)
            for match in _ABBREVIATED.finditer(node.text):
                month, _, _, day = match.groups()
                if not 1 <= int(day) <= 31 or in_spans(links, *match.span()):
                    continue
                wanted = f"{_FULL[month]} {int(day)}" if spelled_style else f"{month}. {int(day)}"
                if match.group() != wanted:
                    yield self._finding(target, node.path, match, wanted)
            for match in _SPELLED.finditer(node.text):
                month, _, day = match.groups()
                wanted = f"{month} {int(day)}"
                if in_spans(links, *match.span()):
                    continue
                if 1 <= int(day) <= 31 and match.group() != wanted:
                    yield self._finding(target, node.path, match, wanted)

    @staticmethod
    def _finding(target: Target, path: PathKey, match: re.Match[str], wanted: str) -> Finding:
        return target.finding(
            path,
            match.start(),
            match.end(),
            f"the date {match.group()!r} is not in the house style",
            f"write {wanted!r}",
            replacement=wanted,
        )


_DOUBLED = re.compile(r"\b([a-z]+)(\s+)(\1)\b")
_DOUBLED_ANY_CASE = re.compile(_DOUBLED.pattern, re.IGNORECASE)
#: Words that are correctly doubled in ordinary English.
_ALLOWED = frozenset({"that", "had"})


_LETTERS = re.compile(r"[a-z]+")


def _maybe_doubled(lowered: str) -> bool:
    """Whether two neighbouring letter runs are equal: a cheap superset of the regex."""
    runs = _LETTERS.findall(lowered)
    return any(map(operator.eq, runs, itertools.islice(runs, 1, None)))


class DoubledWord(IssueRule):
    """The same English word twice in a row."""

    code: ClassVar[str] = "doubled-word"
    summary: ClassVar[str] = 'The same word twice in a row ("the the").'
    help: ClassVar[str] = (
        "A word repeated with only spaces or a line break between is usually a slip of the "
        "keyboard or of a paste. 'that that' and 'had had' are left alone."
    )
    fixable: ClassVar[bool] = False

    def check_issue(self, target: Target) -> Iterable[Finding]:
        """Each doubled word in English text."""
        for node in target.issue.texts():
            if not english_node(node):
                continue
            lowered = node.text.lower()  # matching lower case is much faster than IGNORECASE
            if not _maybe_doubled(lowered):
                continue
            text, pattern = (
                (lowered, _DOUBLED)
                if len(lowered) == len(node.text)
                else (node.text, _DOUBLED_ANY_CASE)
            )
            links = addresses(node.text)
            for match in pattern.finditer(text):
                if match.group(1).casefold() in _ALLOWED or in_spans(links, *match.span()):
                    continue
                yield target.finding(
                    node.path,
                    match.start(3),
                    match.end(3),
                    f"the word {node.text[match.start(3) : match.end(3)]!r} is written twice",
                    "delete one of them",
                )
