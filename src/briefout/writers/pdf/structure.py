"""The logical structure of the PDF (what a tagged PDF's structure tree says), with no drawing.

The layout gives every span of text a *tag*: the :class:`Element` its text
belongs to (a heading, a paragraph, a list label, a link...) or an
:class:`Artifact` (page furniture and decoration a screen reader should skip).
Elements know only their parent; the drawing step (``tagging``) orders each
element's children as their content is drawn, which is reading order, and
writes the tree.  Element kinds are the standard structure types of ISO
32000-1 §14.8.4, so no role map is needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

from briefout.model import Runs


@dataclass(eq=False)
class Element:
    """A structure element: its standard type, its parent and, where it differs, its language."""

    kind: str
    parent: Element | None = None
    lang: str | None = None
    description: str | None = None  # a link's text, given to its annotation as /Contents

    @property
    def language(self) -> str | None:
        """The language in force here: this element's own or the nearest ancestor's."""
        element: Element | None = self
        while element is not None:
            if element.lang is not None:
                return element.lang
            element = element.parent
        return None

    def child(self, kind: str, lang: str | None = None, description: str | None = None) -> Element:
        """A new child element; ``lang`` is kept only where it changes the inherited language."""
        own = lang if lang is not None and lang != self.language else None
        return Element(kind, self, own, description)


@dataclass(frozen=True)
class Artifact:
    """Content that is not part of the text: running headers and footers, decoration, hyphens.

    ``kind`` and ``subtype`` are the artifact's /Type and /Subtype (ISO 32000-1 §14.8.2.2),
    empty when the artifact needs no qualification.
    """

    kind: str = ""
    subtype: str = ""


Tag = Element | Artifact

DECORATION = Artifact()  # the headline mark, a hyphen added at a line break
HEADER = Artifact("Pagination", "Header")
FOOTER = Artifact("Pagination", "Footer")


# East Asian wide, fullwidth and halfwidth text: CJK symbols, kana, kanji, Hangul, fullwidth
# and halfwidth forms, the supplementary ideographic planes
_EAST_ASIAN = re.compile(
    "[\u1100-\u115f\u2e80-\u303f\u3040-\u30ff\u3100-\u9fff\ua960-\ua97f"
    "\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]"
)
_LATIN = re.compile("[A-Za-z]")


def is_english(text: str) -> bool:
    """True for text with Latin letters and no Japanese (East Asian) characters."""
    return _LATIN.search(text) is not None and _EAST_ASIAN.search(text) is None


class Languages:
    """The document's main language and its English; the language of a piece of text."""

    def __init__(self, main: str, english: str) -> None:
        self.main = main
        self.english = english

    def of(self, *texts: str) -> str:
        """English if every text is English (see :func:`is_english`), else the main language."""
        return self.english if texts and all(map(is_english, texts)) else self.main


def link_tags(runs: Runs, parent: Element) -> list[Element | None]:
    """One tag per run: a ``Link`` child of ``parent`` for each stretch of runs with one href.

    Runs without a link get None (they belong to ``parent``).
    """
    tags: list[Element | None] = []
    for href, group in groupby(runs, key=lambda run: run.href):
        stretch = list(group)
        text = "".join(run.text for run in stretch)
        tag = None if href is None else parent.child("Link", description=text)
        tags.extend([tag] * len(stretch))
    return tags


def describe(tag: Tag) -> str:
    """A short picture of a tag for the layout dump: ``Sect/Art/H3/Span(en-US)``, ``Artifact``."""
    if isinstance(tag, Artifact):
        return f"Artifact:{tag.subtype}" if tag.subtype else "Artifact"
    path: list[str] = []
    element: Element | None = tag
    while element is not None and element.parent is not None:  # the Document goes unsaid
        path.append(f"{element.kind}({element.lang})" if element.lang else element.kind)
        element = element.parent
    return "/".join(reversed(path)) or tag.kind
