"""The issue as the importer assembles it, before it is written as YAML.

Plain mutable records mirroring the model (the model is frozen and validated;
the draft is built step by step).  ``notes`` become ``# import: ...`` comments
above the node they concern.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from briefout.body import Block


@dataclass
class DraftCitation:
    """An outlet (as it will be written) and a date; the URL when the citation was a link."""

    outlet: str
    date: dt.date
    url: str | None = None


@dataclass
class DraftPart:
    """The main part of an item (label None) or a labelled part."""

    label: str | None
    blocks: list[Block] = field(default_factory=list)
    source: DraftCitation | None = None
    notes: list[str] = field(default_factory=list)
    position: str = ""


@dataclass
class DraftItem:
    """A headline pair and its parts."""

    ja: str
    en: str
    parts: list[DraftPart]
    position: str
    notes: list[str] = field(default_factory=list)


@dataclass
class DraftSection:
    """A section title and its items."""

    title: str
    items: list[DraftItem] = field(default_factory=list)
    position: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class Unplaced:
    """A source paragraph that went nowhere in the issue."""

    where: str
    words: str
    reason: str


@dataclass
class Draft:
    """The whole issue, with what could not be placed."""

    title: str = ""
    subtitle: str | None = None
    period: tuple[dt.date, dt.date] | None = None
    issuer: str = ""
    sections: list[DraftSection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)

    def items(self) -> list[DraftItem]:
        """Every item in order."""
        return [item for section in self.sections for item in section.items]

    def citations(self) -> list[DraftCitation]:
        """Every citation in order."""
        return [
            part.source for item in self.items() for part in item.parts if part.source is not None
        ]

    def guesses(self) -> int:
        """How many ``# import:`` notes the YAML carries."""
        count = len(self.notes)
        for section in self.sections:
            count += len(section.notes)
            for item in section.items:
                count += len(item.notes) + sum(len(part.notes) for part in item.parts)
        return count
