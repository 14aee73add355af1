"""Headlines in the wrong language: a swapped or misplaced half."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from briefout.rules import Finding, IssueRule, Target
from briefout.rules.text import japanese_share


class HeadlineLanguage(IssueRule):
    """A ``ja`` headline not mostly Japanese; an ``en`` headline not mostly Latin."""

    code: ClassVar[str] = "headline-language"
    summary: ClassVar[str] = "A ja headline that is not mostly Japanese, or an en one not Latin."
    help: ClassVar[str] = (
        "Each item has a Japanese headline (ja) and an English one (en). A ja headline whose "
        "letters are mostly Latin, or an en headline whose letters are mostly Japanese, is "
        "usually the two halves swapped or one pasted into the wrong field."
    )
    fixable: ClassVar[bool] = False

    def check_issue(self, target: Target) -> Iterable[Finding]:
        """Both headlines of every item."""
        data = target.issue.source.located.data
        for s_index, section in enumerate(data["sections"]):
            for i_index, item in enumerate(section["items"]):
                base = ("sections", s_index, "items", i_index)
                ja, en = japanese_share(item["ja"]), japanese_share(item["en"])
                ja_wrong = ja is not None and ja < 0.5
                en_wrong = en is not None and en >= 0.5
                swapped = ja_wrong and en_wrong
                hint = (
                    "the two headlines look swapped: exchange the ja and en texts"
                    if swapped
                    else "check that each headline is in the field of its language"
                )
                if ja_wrong:
                    yield self._finding(target, (*base, "ja"), item["ja"], "Japanese", hint)
                if en_wrong:
                    yield self._finding(target, (*base, "en"), item["en"], "English", hint)

    @staticmethod
    def _finding(
        target: Target, path: tuple[str | int, ...], text: str, language: str, hint: str
    ) -> Finding:
        return target.finding(
            path, 0, len(text), f"the {language} headline is mostly in another script", hint
        )
