"""The paragraph stream every reader produces: what the importer classifies.

A reader flattens its format (Word's XML, a Markdown draft) into
:class:`SourceParagraph` s in document order, each with its inline runs and
whatever layout facts the format carries (style name, heading level, list
membership, alignment, size).  Nothing here decides what a paragraph *is*.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from briefout.body import Run

ListKind = Literal["bullet", "number"]


@dataclass(frozen=True)
class SourceParagraph:
    """One paragraph of a source document, at a 1-based position (paragraph or line)."""

    position: int
    runs: tuple[Run, ...]
    style: str = ""
    heading_level: int | None = None
    list_kind: ListKind | None = None
    list_level: int = 0
    list_label: str = ""
    align: str = ""
    size: float | None = None
    #: Where a run styled as a citation starts (briefout's DOCX marks it), if any.
    citation_start: int | None = None

    @property
    def text(self) -> str:
        """The paragraph's text without attributes."""
        return "".join(run.text for run in self.runs)

    def first_words(self, limit: int = 60) -> str:
        """The start of the text, for reports."""
        flat = " ".join(self.text.split())
        return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


@dataclass
class SourceDocument:
    """What a reader returns: the paragraphs, and how positions are counted."""

    name: str
    paragraphs: list[SourceParagraph]
    unit: Literal["paragraph", "line"] = "paragraph"
    #: True when the document was written by briefout's DOCX writer (its named styles):
    #: the styles then say exactly what each paragraph is.
    briefout_layout: bool = False
    notes: list[str] = field(default_factory=list)

    def where(self, position: int) -> str:
        """``paragraph 12`` or ``line 40``."""
        return f"{self.unit} {position}"


def merge_runs(runs: list[Run]) -> tuple[Run, ...]:
    """Join neighbouring runs with the same attributes; drop empty ones."""
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and (merged[-1].strong, merged[-1].emph, merged[-1].href) == (
            run.strong,
            run.emph,
            run.href,
        ):
            merged[-1] = Run(
                text=merged[-1].text + run.text,
                strong=run.strong,
                emph=run.emph,
                href=run.href,
            )
        else:
            merged.append(run)
    return tuple(merged)
