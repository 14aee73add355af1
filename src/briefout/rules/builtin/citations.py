"""Citations: one spelling per outlet; dates inside the issue's period."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import ClassVar

from pydantic import Field

from briefout.outlets import outlet_key
from briefout.rules import Finding, IssueRule, IssueSource, RuleOptions, Target
from briefout.yamlsource import PathKey

_SHORT = re.compile(r"^\s*(?P<outlet>.+?)\s*,\s*(?P<date>\d{4}-\d{2}-\d{2})\s*$")
_STRIPPED = re.compile(r"\S(?:.*\S)?", re.DOTALL)


@dataclass(frozen=True)
class CitationRef:
    """Where a citation's outlet and date are written (value offsets at a path)."""

    outlet: str
    outlet_at: tuple[PathKey, int, int]
    date: dt.date
    date_at: tuple[PathKey, int, int]


def citations(source: IssueSource) -> Iterator[CitationRef]:
    """Every citation of an issue (item and part sources), in file order."""
    data = source.source.located.data
    for s_index, section in enumerate(data["sections"]):
        for i_index, item in enumerate(section["items"]):
            base: PathKey = ("sections", s_index, "items", i_index)
            places = [((*base, "source"), item.get("source"))]
            places += [
                ((*base, "parts", p_index, "source"), part.get("source"))
                for p_index, part in enumerate(item.get("parts") or ())
            ]
            for path, value in places:
                found = _citation(path, value)
                if found is not None:
                    yield found


def _citation(path: PathKey, value: object) -> CitationRef | None:
    if isinstance(value, str):
        match = _SHORT.match(value)
        if match is None:
            return None
        return CitationRef(
            match["outlet"],
            (path, *match.span("outlet")),
            dt.date.fromisoformat(match["date"]),
            (path, *match.span("date")),
        )
    if isinstance(value, dict) and isinstance(value.get("outlet"), str):
        outlet = _STRIPPED.search(value["outlet"])
        date = _STRIPPED.search(str(value.get("date", "")))
        if outlet is None or date is None:
            return None
        return CitationRef(
            outlet.group(),
            ((*path, "outlet"), *outlet.span()),
            dt.date.fromisoformat(date.group()),
            ((*path, "date"), *date.span()),
        )
    return None


class OutletOptions(RuleOptions):
    """``outlet-spelling`` settings."""

    unlisted: bool = Field(
        default=True,
        description="When briefout.yaml lists outlets, also report outlets not in the list.",
    )


class OutletSpelling(IssueRule):
    """One outlet spelled two ways in an issue, or not as the project's outlet list says."""

    code: ClassVar[str] = "outlet-spelling"
    summary: ClassVar[str] = "One outlet spelled differently (Apa / APA), or not as configured."
    help: ClassVar[str] = (
        "Spellings of an outlet that differ only in case, width or punctuation (Apa, APA, "
        "A.P.A.) name the same outlet and should print the same. With an outlets: list in "
        "briefout.yaml, every spelling other than the canonical one is reported and --fix "
        "writes the canonical one; outlets missing from the list are reported too "
        "(unlisted: false turns that off). Without a list, the spellings used less often in "
        "the issue are reported."
    )
    fixable: ClassVar[bool] = True
    options_model: ClassVar[type[RuleOptions]] = OutletOptions

    def check_issue(self, target: Target) -> Iterable[Finding]:
        """Against the outlet list when there is one, else against the issue's majority."""
        refs = list(citations(target.issue))
        outlets = target.issue.project.outlets
        unlisted = []
        for ref in refs:
            canonical = outlets.canonical(ref.outlet) if outlets else None
            if canonical is None:
                unlisted.append(ref)
            elif canonical != ref.outlet:
                yield target.finding(
                    *ref.outlet_at,
                    f"the outlet {ref.outlet!r} is written {canonical!r}",
                    f"write {canonical!r} (the outlets: list of briefout.yaml)",
                    replacement=canonical,
                )
        if outlets and getattr(target.options, "unlisted", True):
            for ref in unlisted:
                yield target.finding(
                    *ref.outlet_at,
                    f"the outlet {ref.outlet!r} is not in the outlets: list",
                    f"add it to outlets: in {target.issue.project.file} (or correct it)",
                )
        yield from self._inconsistent(target, unlisted)

    @staticmethod
    def _inconsistent(target: Target, refs: list[CitationRef]) -> Iterator[Finding]:
        groups: dict[str, list[CitationRef]] = {}
        for ref in refs:
            groups.setdefault(outlet_key(ref.outlet), []).append(ref)
        for group in groups.values():
            counts = Counter(ref.outlet for ref in group)
            if len(counts) < 2:
                continue
            first: dict[str, int] = {}
            for index, ref in enumerate(group):
                first.setdefault(ref.outlet, index)
            preferred = max(counts, key=lambda spelling: (counts[spelling], -first[spelling]))
            for ref in group:
                if ref.outlet != preferred:
                    yield target.finding(
                        *ref.outlet_at,
                        f"the outlet {ref.outlet!r} is spelled {preferred!r} "
                        f"{counts[preferred]} time(s) elsewhere in this issue",
                        f"use one spelling; list it in briefout.yaml (outlets: {{{preferred}: "
                        f"[{ref.outlet}]}}) and --fix writes it",
                    )


class CitationDateOptions(RuleOptions):
    """``citation-date`` settings."""

    grace_days: int = Field(
        default=0, ge=0, description="Days before the period's start a citation may be dated."
    )


class CitationDate(IssueRule):
    """A citation dated outside the issue's period."""

    code: ClassVar[str] = "citation-date"
    summary: ClassVar[str] = "A citation dated outside the issue's period."
    help: ClassVar[str] = (
        "Every cited article should fall in the days the issue covers; a date before the "
        "period (beyond grace_days) or after it is usually a typo in the day, month or year."
    )
    fixable: ClassVar[bool] = False
    options_model: ClassVar[type[RuleOptions]] = CitationDateOptions

    def check_issue(self, target: Target) -> Iterable[Finding]:
        """Each citation date before the period (less the grace) or after it."""
        period = target.issue.issue.period
        grace = dt.timedelta(days=getattr(target.options, "grace_days", 0))
        for ref in citations(target.issue):
            if period.start - grace <= ref.date <= period.end:
                continue
            side = (
                "before the period starts" if ref.date < period.start else "after the period ends"
            )
            yield target.finding(
                *ref.date_at,
                f"the citation is dated {ref.date.isoformat()}, {side} "
                f"({period.start.isoformat()}..{period.end.isoformat()})",
                "check the date; a citation from before the period is allowed with "
                "lint: {citation-date: {grace_days: N}} in briefout.yaml",
            )
