"""One walk over an issue: every text-bearing node, its canonical path, language and position.

Writers, ``check``, the editorial rules and the importer all name a place in an
issue the same way.  A path is the attribute path in the model, which for
everything an editor writes is also the path in the YAML file:

==================================================  =========================================
``title``, ``subtitle``, ``period``, ``issuer``       the issue's own fields
``sections[s].title``                                 a section title
``sections[s].items[i].ja`` / ``.en``                 the headlines
``sections[s].items[i].body``                         a body as written (one YAML value)
``sections[s].items[i].body[b]``                      paragraph ``b`` of the body (a block)
``sections[s].items[i].body[b].items[e]``             bullet ``e`` of the bullet list at block ``b``
``...body[b].runs[r].href``                           the link of run ``r`` of a paragraph
``...body[b].items[e][r].href``                       the link of run ``r`` of a bullet
``sections[s].items[i].source.outlet`` / ``.url``     the citation
``sections[s].items[i].parts[p].label`` / ``.body``   a labelled part (and its ``.source``)
==================================================  =========================================

Indices are 0-based, as YAML counts list entries; names are joined with ``.`` and
indices written ``[n]`` (:func:`spell`; :func:`parse` reads it back).  A path is kept
as a tuple (:data:`~briefout.yamlsource.PathKey`) and spelt only for people.

Positions: :func:`briefout.loader.load_issue` remembers the located YAML of each issue
it builds (:func:`remember`), so :func:`locate` and :func:`problem_at` turn a path into
FILE:LINE:COL; a body block points at the body line it starts on.  An issue built in
code has no file: its problems print ``<issue>`` without a line.

This module is cheap to import (pydantic models only; markdown-it is loaded only to
locate a body line) and has no state besides the weak table of sources.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from briefout.body import Block, BulletList, Runs
from briefout.errors import Problem, Severity
from briefout.yamlsource import PathKey, Position, dotted

if TYPE_CHECKING:
    from briefout.model import Citation, Issue
    from briefout.yamlsource import Located

Kind = Literal[
    "title",
    "subtitle",
    "period",
    "issuer",
    "section_title",
    "headline_ja",
    "headline_en",
    "label",
    "paragraph",
    "bullet",
    "link",
    "outlet",
    "url",
]
"""What a node is; a writer picks the role it prints a node in from this."""

Language = Literal["ja", "en"]

#: The language each kind of field is written in (the model's contract: Japanese
#: front matter, section titles and headline; English headline, bodies, labels and
#: outlets).  Links and urls have none.
LANGUAGE: dict[Kind, Language | None] = {
    "title": "ja",
    "subtitle": "ja",
    "period": None,
    "issuer": "ja",
    "section_title": "ja",
    "headline_ja": "ja",
    "headline_en": "en",
    "label": "en",
    "paragraph": "en",
    "bullet": "en",
    "link": None,
    "outlet": "en",
    "url": None,
}

#: File name printed for an issue that was built in code, not read from a file.
NO_FILE = "<issue>"


@dataclass(frozen=True, slots=True)
class Node:
    """One text-bearing place of an issue.

    ``text`` is the text as the editor wrote it (for a paragraph or bullet, its
    runs' plain text; for a link or url, the address; for the period,
    ``YYYY-MM-DD..YYYY-MM-DD``).  ``runs`` is set for paragraphs and bullets;
    ``citation`` for the ``outlet`` node that opens a citation.
    """

    kind: Kind
    path: PathKey
    text: str
    runs: Runs = ()
    citation: Citation | None = None

    @property
    def language(self) -> Language | None:
        """``ja``, ``en``, or None for addresses and dates."""
        return LANGUAGE[self.kind]

    @property
    def where(self) -> str:
        """The canonical spelling of the path (``sections[0].items[2].body[1]``)."""
        return dotted(self.path)

    @property
    def section(self) -> int | None:
        """0-based index of the section holding the node (None for the front matter)."""
        return _index_after(self.path, "sections")

    @property
    def item(self) -> int | None:
        """0-based index of the item within its section (None outside items)."""
        return _index_after(self.path, "items") if self.path[2:3] == ("items",) else None

    @property
    def block(self) -> PathKey | None:
        """For a paragraph or bullet: the path of its block (``...body[b]``)."""
        if self.kind == "paragraph":
            return self.path
        if self.kind == "bullet":
            return self.path[:-2]
        return None


def _index_after(path: PathKey, name: str) -> int | None:
    """The index that follows the first ``name`` in ``path`` (None if there is none)."""
    if name in path:
        found = path[path.index(name) + 1 : path.index(name) + 2]
        if found and isinstance(found[0], int):
            return found[0]
    return None


def walk(issue: Issue) -> Iterator[Node]:
    """Every text-bearing node of ``issue`` in reading order."""
    yield Node("title", ("title",), issue.title)
    if issue.subtitle is not None:
        yield Node("subtitle", ("subtitle",), issue.subtitle)
    period = issue.period
    yield Node("period", ("period",), f"{period.start.isoformat()}..{period.end.isoformat()}")
    yield Node("issuer", ("issuer",), issue.issuer)
    for s, section in enumerate(issue.sections):
        yield Node("section_title", ("sections", s, "title"), section.title)
        for i, item in enumerate(section.items):
            base: PathKey = ("sections", s, "items", i)
            yield Node("headline_ja", (*base, "ja"), item.ja)
            yield Node("headline_en", (*base, "en"), item.en)
            yield from _body((*base, "body"), item.body)
            yield from _citation((*base, "source"), item.source)
            for p, part in enumerate(item.parts):
                where: PathKey = (*base, "parts", p)
                yield Node("label", (*where, "label"), part.label)
                yield from _body((*where, "body"), part.body)
                yield from _citation((*where, "source"), part.source)


def _body(path: PathKey, body: tuple[Block, ...]) -> Iterator[Node]:
    for b, block in enumerate(body):
        if isinstance(block, BulletList):
            for e, entry in enumerate(block.items):
                here: PathKey = (*path, b, "items", e)
                yield Node("bullet", here, _plain(entry), entry)
                yield from _links(here, entry)
        else:
            yield Node("paragraph", (*path, b), _plain(block.runs), block.runs)
            yield from _links((*path, b, "runs"), block.runs)


def _links(path: PathKey, runs: Runs) -> Iterator[Node]:
    for r, run in enumerate(runs):
        if run.href is not None:
            yield Node("link", (*path, r, "href"), run.href)


def _citation(path: PathKey, citation: Citation | None) -> Iterator[Node]:
    if citation is None:
        return
    yield Node("outlet", (*path, "outlet"), citation.outlet, citation=citation)
    if citation.url is not None:
        yield Node("url", (*path, "url"), citation.url)


def _plain(runs: Runs) -> str:
    return "".join(run.text for run in runs)


# ------------------------------------------------------------------ path syntax


def spell(path: PathKey) -> str:
    """``('sections', 0, 'items', 2, 'en')`` -> ``sections[0].items[2].en``."""
    return dotted(path)


_SPELT = re.compile(r"[A-Za-z_]\w*(?:\[\d+\]|\.[A-Za-z_]\w*)*")
_PART = re.compile(r"\[(\d+)\]|([A-Za-z_]\w*)")


def parse(spelt: str) -> PathKey:
    """Read a spelt path back: ``sections[0].items[2].en`` -> ``('sections', 0, ...)``."""
    if not _SPELT.fullmatch(spelt):
        raise ValueError(f"{spelt!r} is not an issue path (e.g. sections[0].items[1].en)")
    return tuple(int(index) if index else name for index, name in _PART.findall(spelt))


# -------------------------------------------------------------------- positions

_SOURCES: dict[int, Located] = {}


def remember(issue: Issue, located: Located) -> None:
    """Keep the located YAML ``issue`` was built from, for as long as ``issue`` lives."""
    key = id(issue)
    _SOURCES[key] = located
    weakref.finalize(issue, _SOURCES.pop, key, None)


def source_of(issue: Issue) -> Located | None:
    """The located YAML ``issue`` was loaded from, or None for an issue built in code."""
    return _SOURCES.get(id(issue))


def locate(issue: Issue, path: PathKey) -> Position | None:
    """FILE:LINE:COL of ``path`` (None when the issue was built in code).

    A path inside a body (a block, a bullet, a run) points at the body line the block
    or bullet starts on, when the YAML keeps the body's lines (``body: |``).
    """
    located = source_of(issue)
    if located is None:
        return None
    body = _body_index(path)
    if body is None:
        return located.position(path)
    return _body_position(located, path[: body + 1], path[body + 1 :])


def _body_index(path: PathKey) -> int | None:
    for index in range(len(path) - 1, -1, -1):
        if path[index] == "body" and index + 1 < len(path):
            return index
    return None


def _body_position(located: Located, body: PathKey, rest: PathKey) -> Position:
    from briefout.markup import MarkupError, block_lines

    value: object = located.data
    try:
        for part in body:
            value = value[part]  # type: ignore[index]
        lines = block_lines(str(value))
        entry = rest[2] if len(rest) > 2 and rest[1] == "items" else 0
        number = lines[rest[0]][entry]  # type: ignore[index]
    except (KeyError, IndexError, TypeError, MarkupError):
        return located.position(body)
    return located.text_position(body, number)


def problem_at(
    issue: Issue,
    path: PathKey,
    message: str,
    hint: str = "",
    severity: Severity = "error",
) -> Problem:
    """A :class:`Problem` at ``path`` of ``issue``, with its FILE:LINE:COL when known."""
    located = source_of(issue)
    position = locate(issue, path)
    if located is None or position is None:
        return Problem(NO_FILE, 0, 0, dotted(path), message, hint, severity)
    return Problem(
        position.file or located.file,
        position.line,
        position.column,
        dotted(path),
        message,
        hint,
        severity,
    )
