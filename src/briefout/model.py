"""The canonical issue: one small document tree that every writer reads.

The same pydantic models describe the YAML an editor writes (and so the JSON
Schema) and the tree a writer walks.  Bodies are written as a small Markdown
subset and parsed once, at load time, into :class:`Paragraph` and
:class:`BulletList` blocks of :class:`Run` s, so no writer ever parses markup.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from briefout.body import Block, BulletList, Paragraph, Run, Runs, Strict, plain_text
from briefout.markup import parse_body

FORMAT_VERSION = 1


# Strict, the body tree and its runs live in briefout.body (the markup parser builds them);
# they are re-exported here so ``from briefout.model import Run`` keeps working.
__all__ = [
    "Block",
    "BulletList",
    "Citation",
    "Issue",
    "Item",
    "Paragraph",
    "Part",
    "Period",
    "Run",
    "Runs",
    "Section",
    "Strict",
    "item_anchor",
    "item_parts",
    "plain_text",
    "section_anchor",
]


def _parse_body(value: Any) -> Any:
    if isinstance(value, str):
        return parse_body(value)
    if isinstance(value, tuple | list) and all(
        isinstance(block, Paragraph | BulletList) for block in value
    ):
        return value  # a tree built in code, not read from a file
    found = "a list" if isinstance(value, list | tuple) else f"{type(value).__name__}"
    found = {"int": "a number", "float": "a number", "dict": "a mapping"}.get(found, found)
    raise ValueError(
        f"expected text, found {found}; write the body as text: 'body: |' and the paragraphs "
        "indented on the lines below ('- ' inside the text makes a bullet)"
    )


Body = Annotated[
    tuple[Block, ...],
    BeforeValidator(_parse_body),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 1,
            "description": (
                "Paragraphs separated by a blank line; '- ' starts a bullet. "
                "Inline: *emphasis*, **bold**, [text](https://link)."
            ),
        }
    ),
]

# ------------------------------------------------------------------ citations

_CITATION_SHORT = re.compile(r"^\s*(?P<outlet>.+?)\s*,\s*(?P<date>\d{4}-\d{2}-\d{2})\s*$")


def _parse_citation(value: Any) -> Any:
    if isinstance(value, str):
        match = _CITATION_SHORT.match(value)
        if not match:
            raise ValueError(
                "a source is written 'Outlet, YYYY-MM-DD' (for example 'Azertag, 2026-01-05') "
                "or as a mapping with outlet, date and url"
            )
        return {"outlet": match["outlet"], "date": match["date"]}
    return value


_WEB_URL = re.compile(r"^https?://[^\s/?#<>\"'`\\]+[^\s<>\"'`\\]*$", re.IGNORECASE)


def _check_url(value: str | None) -> str | None:
    """The one link policy (:mod:`briefout.safety`), web addresses only for a citation."""
    if value is None:
        return value
    from briefout.safety import WEB_SCHEMES, link_problem, visible

    problem = link_problem(value, WEB_SCHEMES)
    if problem is not None:
        raise ValueError(problem)
    if not _WEB_URL.match(value):
        raise ValueError(
            f"the url {visible(value)!r} is not a web address starting with http:// or https:// "
            "(without spaces or quotes); write the article's address, e.g. https://apa.az/news/1"
        )
    return value


class Citation(Strict):
    """Where an item's facts come from; the style decides how it prints."""

    outlet: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] = Field(
        description="Name of the news outlet, as it should print (e.g. Azertag)."
    )
    date: dt.date = Field(description="Publication date, YYYY-MM-DD.")
    url: Annotated[
        str | None, StringConstraints(strip_whitespace=True), AfterValidator(_check_url)
    ] = Field(default=None, description="Optional link to the article (http or https).")


Source = Annotated[
    Citation,
    BeforeValidator(_parse_citation),
    WithJsonSchema(
        {
            "anyOf": [
                {
                    "type": "string",
                    "pattern": r"^.+,\s*\d{4}-\d{2}-\d{2}\s*$",
                    "description": "'Outlet, YYYY-MM-DD'",
                },
                {
                    "type": "object",
                    "properties": {
                        "outlet": {"type": "string", "minLength": 1},
                        "date": {"type": "string", "format": "date"},
                        "url": {"type": "string", "format": "uri", "pattern": "^https?://"},
                    },
                    "required": ["outlet", "date"],
                    "additionalProperties": False,
                },
            ]
        }
    ),
]

# ---------------------------------------------------------------- structure

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Part(Strict):
    """A labelled continuation of an item (e.g. "Russian version:") with its own source."""

    label: Text = Field(description="Label printed before the part, e.g. 'Russian version:'.")
    body: Body
    source: Source | None = None


class Item(Strict):
    """One news item: Japanese headline, English headline, body, source."""

    ja: Text = Field(description="Japanese headline (printed after the headline mark).")
    en: Text = Field(description="English headline.")
    body: Body
    source: Source | None = Field(default=None, description="Citation printed after the body.")
    parts: tuple[Part, ...] = Field(
        default=(), description="Further labelled parts, each with its own body and source."
    )


class Section(Strict):
    """A numbered section of items."""

    title: Text = Field(description="Section title without its number, e.g. 軍事・治安関係.")
    items: tuple[Item, ...] = Field(min_length=1)


_PERIOD_SHORT = re.compile(r"^\s*(\S+)\s*\.\.\s*(\S+)\s*$")


def _parse_period(value: Any) -> Any:
    if isinstance(value, str):
        match = _PERIOD_SHORT.match(value)
        if not match:
            raise ValueError("a period is written 'YYYY-MM-DD..YYYY-MM-DD'")
        return {"start": match[1], "end": match[2]}
    return value


class Period(Strict):
    """The days an issue covers, both inclusive."""

    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")
        return self


PeriodField = Annotated[
    Period,
    BeforeValidator(_parse_period),
    WithJsonSchema(
        {
            "anyOf": [
                {
                    "type": "string",
                    "pattern": r"^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$",
                    "description": "'YYYY-MM-DD..YYYY-MM-DD'",
                },
                {
                    "type": "object",
                    "properties": {
                        "start": {"type": "string", "format": "date"},
                        "end": {"type": "string", "format": "date"},
                    },
                    "required": ["start", "end"],
                    "additionalProperties": False,
                },
            ]
        }
    ),
]


class Issue(Strict):
    """One issue of the briefing."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="briefout issue",
        json_schema_extra={"$id": "https://briefout.invalid/schema/issue-1.json"},
    )

    briefout: Literal[1] = Field(description="Version of the issue format; write 1.")
    title: Text = Field(description="Title of the briefing, e.g. アゼルバイジャン政治・治安情報.")
    subtitle: str | None = Field(default=None, description="Line under the title.")
    period: PeriodField = Field(description="Days covered: 'YYYY-MM-DD..YYYY-MM-DD'.")
    issuer: Text = Field(description="Who publishes it, e.g. 在アゼルバイジャン大使館.")
    sections: tuple[Section, ...] = Field(min_length=1)

    def items(self) -> Iterator[tuple[int, int, Section, Item]]:
        """Every item with its 1-based section and item numbers."""
        for s_number, section in enumerate(self.sections, start=1):
            for i_number, item in enumerate(section.items, start=1):
                yield s_number, i_number, section, item


def item_anchor(section_number: int, item_number: int) -> str:
    """The stable id of an item, used for links and bookmarks (``item-2-3``)."""
    return f"item-{section_number}-{item_number}"


def section_anchor(section_number: int) -> str:
    """The stable id of a section (``section-2``)."""
    return f"section-{section_number}"


def item_parts(item: Item) -> Iterator[tuple[str | None, tuple[Block, ...], Citation | None]]:
    """The item's main part (label None) followed by its labelled parts."""
    yield None, item.body, item.source
    for part in item.parts:
        yield part.label, part.body, part.source
