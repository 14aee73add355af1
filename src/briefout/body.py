"""The body tree: paragraphs and flat bullet lists of inline runs.

A body is written as a small Markdown subset (see :mod:`briefout.markup`) and
parsed once, at load time, into these blocks, so no writer ever parses markup.
This module depends on pydantic only, so both the issue model and the markup
parser can import it (it breaks what was an import circle between them).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator


class Strict(BaseModel):
    """Base for every issue model: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Run(Strict):
    """A stretch of text with one set of inline attributes.

    ``text`` may contain ``"\\n"`` for a hard line break (Markdown: a line
    ending in a backslash); writers turn it into their own line break.
    """

    text: str
    strong: bool = False
    emph: bool = False
    href: str | None = None

    @field_validator("href")
    @classmethod
    def _one_link_policy(cls, href: str | None) -> str | None:
        """Every writer may make ``href`` a live link: it meets :mod:`briefout.safety`'s policy."""
        from briefout.safety import link_problem

        problem = None if href is None else link_problem(href)
        if problem is not None:
            raise ValueError(problem)
        return href


Runs = tuple[Run, ...]


def plain_text(runs: Runs) -> str:
    """The text of a run sequence without attributes."""
    return "".join(run.text for run in runs)


class Paragraph(Strict):
    """A body paragraph."""

    kind: Literal["paragraph"] = "paragraph"
    runs: Runs


class BulletList(Strict):
    """A flat bullet list; each entry is one paragraph of runs."""

    kind: Literal["bullets"] = "bullets"
    items: tuple[Runs, ...]


Block = Paragraph | BulletList
