"""Items that repeat another item, within an issue and across every issue of one call."""

from __future__ import annotations

import difflib
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar

from pydantic import Field

from briefout.outlets import outlet_key
from briefout.rules import Finding, RuleOptions, Target
from briefout.rules.builtin.citations import CitationRef, citations
from briefout.yamlsource import PathKey, dotted

_WORD = re.compile(r"\w+")
_SHINGLE = 5
#: About one run in this many is indexed (chosen by its first word, so reproducible).
_SAMPLE = 4
#: A sampled run found in this many items already is a stock phrase, not evidence.
_COMMON = 16


@dataclass
class _Item:
    target: Target
    path: PathKey
    line: int
    headline: str
    outlet: str
    date: str
    url: str
    words: list[str]

    def where(self, other: _Item) -> str:
        place = dotted(self.path)
        if self.target.issue.file == other.target.issue.file:
            return f"{place} (line {self.line})"
        return f"{place} of {self.target.issue.file} (line {self.line})"


def _items(targets: Sequence[Target]) -> Iterator[_Item]:
    for target in targets:
        data = target.issue.source.located.data
        refs: dict[PathKey, CitationRef] = {}
        for cited in citations(target.issue):  # an item's own source before its parts'
            refs.setdefault(cited.outlet_at[0][:4], cited)
        for s_index, section in enumerate(data["sections"]):
            for i_index, item in enumerate(section["items"]):
                path: PathKey = ("sections", s_index, "items", i_index)
                ref: CitationRef | None = refs.get(path)
                source = item.get("source")
                url = source.get("url") if isinstance(source, dict) else None
                body = item["body"] if isinstance(item["body"], str) else ""
                yield _Item(
                    target,
                    path,
                    target.issue.source.located.position(path).line,
                    " ".join(_WORD.findall(str(item["en"]).casefold())),
                    outlet_key(ref.outlet) if ref else "",
                    ref.date.isoformat() if ref else "",
                    _normal_url(url) if isinstance(url, str) else "",
                    _WORD.findall(body.casefold()),
                )


def _normal_url(url: str) -> str:
    return (
        url.strip()
        .split("#")[0]
        .rstrip("/")
        .casefold()
        .removeprefix("https://")
        .removeprefix("http://")
    )


class _WordIds(dict[str, int]):
    """A stable number per word (its CRC-32), computed once per distinct word."""

    def __missing__(self, word: str) -> int:
        self[word] = value = zlib.crc32(word.encode("utf-8"))
        return value


def _shingles(words: list[str], ids: _WordIds) -> set[int]:
    """A sample of the body's five-word runs, chosen by content (so reproducible)."""
    numbers = [ids[word] for word in words]
    last = len(numbers) - _SHINGLE
    # runs starting at a word whose number is divisible by _SAMPLE; a tuple of ints hashes
    # the same in every process
    return {
        hash(tuple(numbers[start : start + _SHINGLE]))
        for start, number in enumerate(numbers)
        if number % _SAMPLE == 0 and start <= last
    }


def _alike(first: Sequence[str], second: Sequence[str], similarity: float) -> bool:
    """difflib's ratio at least ``similarity`` (its cheap upper bounds tried first)."""
    matcher = difflib.SequenceMatcher(None, first, second, False)
    return (
        matcher.real_quick_ratio() >= similarity
        and matcher.quick_ratio() >= similarity
        and matcher.ratio() >= similarity
    )


class DuplicateOptions(RuleOptions):
    """``duplicate-item`` settings."""

    similarity: float = Field(
        default=0.9,
        ge=0.5,
        le=1.0,
        description="How alike two headlines or bodies must be to count as the same (0.5..1).",
    )


class DuplicateItem:
    """An item that repeats an earlier one (same link, headline or body)."""

    code: ClassVar[str] = "duplicate-item"
    summary: ClassVar[str] = "An item that repeats another (same link, headline or body)."
    help: ClassVar[str] = (
        "An item repeats another when both cite the same link, when they cite the same outlet "
        "on the same day with nearly the same English headline, or when their bodies are "
        "nearly the same. Items are compared within an issue and across all issues checked "
        "in one call; the later one is reported."
    )
    fixable: ClassVar[bool] = False
    options_model: ClassVar[type[RuleOptions]] = DuplicateOptions

    def check(self, targets: Sequence[Target]) -> Iterable[Finding]:
        """Compare every item with the items before it."""
        items = list(_items(targets))
        reported: set[int] = set()
        for later, earlier, reason in self._pairs(items, targets):
            if id(items[later]) in reported:
                continue
            reported.add(id(items[later]))
            item, first = items[later], items[earlier]
            yield item.target.finding(
                (*item.path, "en"),
                0,
                len(str(item.target.issue.source.value((*item.path, "en")))),
                f"this item repeats {first.where(item)}: {reason}",
                "delete one of them, or merge what is new into the earlier item",
            )

    def _pairs(
        self, items: list[_Item], targets: Sequence[Target]
    ) -> Iterator[tuple[int, int, str]]:
        similarity = min(getattr(t.options, "similarity", 0.9) for t in targets)
        by_url: dict[str, int] = {}
        by_source: dict[tuple[str, str], list[int]] = defaultdict(list)
        for index, item in enumerate(items):
            if item.url:
                if item.url in by_url:
                    yield index, by_url[item.url], "the same link"
                by_url.setdefault(item.url, index)
            if item.outlet and item.date:
                for other in by_source[(item.outlet, item.date)]:
                    if _alike(items[other].headline, item.headline, similarity):
                        yield index, other, "the same outlet and date, and the same headline"
                        break
                by_source[(item.outlet, item.date)].append(index)
        yield from self._same_bodies(items, similarity)

    @staticmethod
    def _same_bodies(items: list[_Item], similarity: float) -> Iterator[tuple[int, int, str]]:
        exact: dict[tuple[str, ...], int] = {}
        # most runs occur in one item only: the first holder alone, a list from the second
        first_of: dict[int, int] = {}
        index_of: dict[int, list[int]] = {}
        ids = _WordIds()
        for index, item in enumerate(items):
            if not item.words:
                continue
            key = tuple(item.words)
            if key in exact:
                yield index, exact[key], "the same body"
                continue
            exact[key] = index
            shingles = _shingles(item.words, ids)
            shared: dict[int, int] = defaultdict(int)
            for shingle in shingles:
                first = first_of.setdefault(shingle, index)
                if first == index:
                    continue
                holders = index_of.get(shingle)
                if holders is None:
                    holders = index_of[shingle] = [first]
                if len(holders) >= _COMMON:  # a stock phrase says nothing about sameness
                    continue
                for other in holders:
                    shared[other] += 1
                holders.append(index)
            for other, count in sorted(shared.items()):
                if count * 2 < len(shingles):
                    continue
                if _alike(items[other].words, item.words, similarity):
                    yield index, other, "nearly the same body"
                    break
