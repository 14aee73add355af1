"""Japanese typography: spaces against Latin text, character width, ASCII punctuation."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import ClassVar, Literal

from pydantic import Field

from briefout.rules import Finding, IssueRule, RuleOptions, Target
from briefout.rules.text import JAPANESE, LATIN, addresses, in_spans, japanese_segments

_NEVER = re.compile(f"(?<=[{JAPANESE}])( +)(?=[{LATIN}])|(?<=[{LATIN}])( +)(?=[{JAPANESE}])")
_ALWAYS = re.compile(f"(?<=[{JAPANESE}])(?=[{LATIN}])|(?<=[{LATIN}])(?=[{JAPANESE}])")


class JaSpaceOptions(RuleOptions):
    """``ja-space`` settings."""

    policy: Literal["never", "always"] = Field(
        default="never",
        description="never: no space between Japanese and Latin text (2025年); always: one.",
    )


class JaSpace(IssueRule):
    """Half-width spaces between Japanese and Latin letters or digits."""

    code: ClassVar[str] = "ja-space"
    summary: ClassVar[str] = "A half-width space between Japanese and Latin text (「2025 年」)."
    help: ClassVar[str] = (
        "In Japanese text, the house style writes Latin letters and digits directly against "
        "Japanese characters (「2025年」, 「5隻」): policy 'never' (the default) reports a "
        "half-width space there; policy 'always' reports a missing one instead."
    )
    fixable: ClassVar[bool] = True
    options_model: ClassVar[type[RuleOptions]] = JaSpaceOptions

    def check_issue(self, target: Target) -> Iterable[Finding]:
        """Spaces (or their absence) at every Japanese/Latin boundary."""
        always = getattr(target.options, "policy", "never") == "always"
        for node in target.issue.texts():
            for offset, segment in japanese_segments(node):
                if always:
                    for match in _ALWAYS.finditer(segment):
                        at = offset + match.start()
                        yield target.finding(
                            node.path,
                            at,
                            at,
                            "no space between Japanese and Latin text",
                            "the house style (ja-space: always) puts one half-width space here",
                            replacement=" ",
                        )
                    continue
                for match in _NEVER.finditer(segment):
                    yield target.finding(
                        node.path,
                        offset + match.start(),
                        offset + match.end(),
                        "a half-width space between Japanese and Latin text",
                        "delete it: Japanese text runs on into Latin letters and digits "
                        "(「2025年」)",
                        replacement="",
                    )


_FULL_WIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
_HALF_KANA = re.compile("[\uff61-\uff9f]+")
#: One character of either kind (one search to pass over the texts that have neither).
_EITHER_WIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff61-\uff9f]")


class JaWidth(IssueRule):
    """Full-width Latin letters and digits; half-width katakana."""

    code: ClassVar[str] = "ja-width"
    summary: ClassVar[str] = (
        "Full-width Latin letters or digits (ＡＰＡ, ３０), half-width katakana."
    )
    help: ClassVar[str] = (
        "Latin letters and digits are written half-width (APA, 30) and katakana full-width "
        "(カ, not ｶ); text pasted from old documents often mixes them. The fix converts the "
        "characters (Unicode NFKC)."
    )
    fixable: ClassVar[bool] = True

    def check_issue(self, target: Target) -> Iterable[Finding]:
        """Every run of full-width alphanumerics or half-width katakana, in any text."""
        for node in target.issue.texts():
            if node.text.isascii() or not _EITHER_WIDTH.search(node.text):
                continue
            links = addresses(node.text)
            for pattern, what in (
                (_FULL_WIDTH, "full-width Latin letters or digits"),
                (_HALF_KANA, "half-width katakana"),
            ):
                for match in pattern.finditer(node.text):
                    if in_spans(links, *match.span()):
                        continue
                    fixed = unicodedata.normalize("NFKC", match.group())
                    yield target.finding(
                        node.path,
                        match.start(),
                        match.end(),
                        f"{what} {match.group()!r}",
                        f"write {fixed!r}",
                        replacement=fixed,
                    )


#: ASCII punctuation -> its full-width form (None: more than one is right).
_FULL_FORMS: dict[str, str | None] = {
    ":": "：",
    ";": "；",
    "!": "！",
    "?": "？",
    "(": "（",
    ")": "）",
    ",": None,
}
_ASCII_PUNCT = re.compile(r" *([:;!?(),]) *")


class JaPunctuation(IssueRule):
    """ASCII punctuation inside Japanese text."""

    code: ClassVar[str] = "ja-punctuation"
    summary: ClassVar[str] = "ASCII , : ; ! ? ( ) inside Japanese text (「NATO : TRIPP」)."
    help: ClassVar[str] = (
        "Japanese text uses full-width punctuation: ：；！？（） and 、 for a comma. The fix "
        "writes the full-width form and drops the spaces around it; a comma is not fixed "
        "automatically (、 or ，). Digit groups (6,824) and times (3:00) are left alone."
    )
    fixable: ClassVar[bool] = True

    def check_issue(self, target: Target) -> Iterable[Finding]:
        """Each ASCII punctuation mark in a Japanese segment (URLs and numbers excepted)."""
        for node in target.issue.texts():
            for offset, segment in japanese_segments(node):
                for match in _ASCII_PUNCT.finditer(segment):
                    mark = match.group(1)
                    at = match.start(1)
                    if _in_number_or_url(segment, at):
                        continue
                    full = _FULL_FORMS[mark]
                    yield target.finding(
                        node.path,
                        offset + match.start(),
                        offset + match.end(),
                        f"ASCII {mark!r} in Japanese text",
                        f"write {full!r}" if full else "write 、 (or ，)",
                        replacement=full,
                    )


def _in_number_or_url(text: str, at: int) -> bool:
    before = text[at - 1 : at]
    after = text[at + 1 : at + 2]
    if before.isascii() and before.isdigit() and after.isascii() and after.isdigit():
        return True
    start = text.rfind(" ", 0, at) + 1
    return "://" in text[start : text.find(" ", at) if " " in text[at:] else len(text)]
