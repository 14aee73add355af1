"""Items that repeat another item, within an issue and across every issue of one call."""

from __future__ import annotations

import difflib
import itertools
import operator
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar

from pydantic import Field

from briefout.outlets import outlet_key
from briefout.rules import Digest, Finding, RuleOptions, Spot, Target, digests_of
from briefout.rules.builtin.citations import CitationRef, citations
from briefout.yamlsource import PathKey, dotted

_WORD = re.compile(r"\w+")
_SHINGLE = 5
#: About one run in this many is indexed (chosen by its first word, so reproducible; a
#: power of two).
_SAMPLE = 4
#: A sampled run found in this many items already is a stock phrase, not evidence.
_COMMON = 16


@dataclass(frozen=True)
class _Item:
    """One item as duplicate-item compares it (plain data: made where the issue loads)."""

    path: str
    line: int
    headline: str
    outlet: str
    date: str
    url: str
    #: the body's words joined by spaces (words hold no space, so this is one-to-one)
    body: str
    shingles: frozenset[int]
    spot: Spot


@dataclass(frozen=True)
class _Placed:
    """An item and the digest (issue) it belongs to."""

    item: _Item
    digest: Digest

    def where(self, other: _Placed) -> str:
        if self.digest.file == other.digest.file:
            return f"{self.item.path} (line {self.item.line})"
        return f"{self.item.path} of {self.digest.file} (line {self.item.line})"


def _items(target: Target, ids: _WordIds) -> Iterator[_Item]:
    located = target.issue.source.located
    data = located.data
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
            words = _WORD.findall(body.casefold())
            headline = str(item["en"])
            yield _Item(
                dotted(path),
                located.position(path).line,
                " ".join(_WORD.findall(headline.casefold())),
                outlet_key(ref.outlet) if ref else "",
                ref.date.isoformat() if ref else "",
                _normal_url(url) if isinstance(url, str) else "",
                " ".join(words),
                _shingles(words, ids),
                target.spot((*path, "en"), 0, len(headline)),
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


def _shingles(words: list[str], ids: _WordIds) -> frozenset[int]:
    """A sample of the body's five-word runs, chosen by content (so reproducible)."""
    numbers = list(map(ids.__getitem__, words))
    runs = zip(*(numbers[start:] for start in range(_SHINGLE)), strict=False)  # 5-word runs
    # runs starting at a word whose number is divisible by _SAMPLE (CRC-32s are not
    # negative, so by its low bits); a tuple of ints hashes the same in every process
    sampled = map(operator.not_, map((_SAMPLE - 1).__and__, numbers))
    return frozenset(map(hash, itertools.compress(runs, sampled)))


def _alike(first: Sequence[str], second: Sequence[str], similarity: float) -> bool:
    """difflib's ratio at least ``similarity`` (its cheap upper bounds tried first)."""
    if first == second:  # the ratio of equal sequences is 1
        return True
    matcher = difflib.SequenceMatcher(None, first, second, False)
    return (
        matcher.real_quick_ratio() >= similarity
        and matcher.quick_ratio() >= similarity
        and matcher.ratio() >= similarity
    )


#: Word numbers of this process (the same in every process: CRC-32 of the word).
_IDS = _WordIds()


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
        return self.compare(digests_of(self, targets))

    def digest(self, target: Target) -> list[_Item]:
        """The items of one issue: keys, body words and shingles, the headline's place."""
        return list(_items(target, _IDS))

    def compare(self, digests: Sequence[Digest]) -> Iterable[Finding]:
        """Each item that repeats an earlier one, reported once, at its English headline."""
        items = [_Placed(item, digest) for digest in digests for item in digest.data]
        if not items:
            return
        similarity = min(getattr(d.options, "similarity", 0.9) for d in digests)
        reported: set[int] = set()
        for later, earlier, reason in self._pairs(items, similarity):
            if later in reported:
                continue
            reported.add(later)
            placed, first = items[later], items[earlier]
            yield placed.digest.finding(
                placed.item.spot,
                f"this item repeats {first.where(placed)}: {reason}",
                "delete one of them, or merge what is new into the earlier item",
            )

    def _pairs(self, items: list[_Placed], similarity: float) -> Iterator[tuple[int, int, str]]:
        by_url: dict[str, int] = {}
        by_source: dict[tuple[str, str], list[int]] = defaultdict(list)
        for index, placed in enumerate(items):
            item = placed.item
            if item.url:
                if item.url in by_url:
                    yield index, by_url[item.url], "the same link"
                by_url.setdefault(item.url, index)
            if item.outlet and item.date:
                for other in by_source[(item.outlet, item.date)]:
                    if _alike(items[other].item.headline, item.headline, similarity):
                        yield index, other, "the same outlet and date, and the same headline"
                        break
                by_source[(item.outlet, item.date)].append(index)
        yield from self._same_bodies([placed.item for placed in items], similarity)

    @staticmethod
    def _same_bodies(items: list[_Item], similarity: float) -> Iterator[tuple[int, int, str]]:
        exact: dict[str, int] = {}
        # most runs occur in one item only: the first holder alone, a list from the second
        first_of: dict[int, int] = {}
        index_of: dict[int, list[int]] = {}
        for index, item in enumerate(items):
            if not item.body:
                continue
            if item.body in exact:
                yield index, exact[item.body], "the same body"
                continue
            exact[item.body] = index
            shingles = item.shingles
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
                if _alike(items[other].body.split(" "), item.body.split(" "), similarity):
                    yield index, other, "nearly the same body"
                    break
