"""Body markup: a small Markdown subset parsed with markdown-it-py.

Allowed: paragraphs, one level of '- ' bullets, *emphasis*, **bold**,
[links](https://...), backslash escapes and hard breaks.  Anything else
(headings, tables, code, raw HTML, nested or numbered lists) is refused with
the body line it starts on, so an editor learns early that it would not print.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from briefout.body import Block, BulletList, Paragraph, Run

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


class MarkupError(ValueError):
    """Unsupported markup in a body; ``line`` is 0-based within the body."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


_REFUSED = {
    "heading_open": "a heading ('#') cannot stand in a body; use a new item or **bold** text",
    "lheading_open": "a heading (text underlined with '=' or '-') cannot stand in a body; "
    "put a blank line before '-' bullets",
    "ordered_list_open": "numbered lists are not supported; use '- ' bullets",
    "blockquote_open": "quotes ('>') are not supported; write the quotation as a paragraph",
    "code_block": "indented text is read as code; remove the indentation",
    "fence": "code blocks ('```') are not supported in a body",
    "hr": "a horizontal rule ('---' or '***') is not supported in a body",
    "html_block": "raw HTML is not supported; write plain text",
    "table_open": "tables are not supported in a body",
}


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt(
        "commonmark", {"html": False, "linkify": False, "typographer": False}
    ).disable(["image", "html_inline", "html_block"])


def parse_body(source: str) -> tuple[Block, ...]:
    """Parse a body string into blocks; raise :class:`MarkupError` on unsupported markup."""
    return _parse(source)[0]


def block_lines(source: str) -> tuple[tuple[int, ...], ...]:
    """For each block of a valid body, the 0-based body line of each entry.

    A paragraph has one entry, a bullet list one per bullet; the order is that of
    :func:`parse_body`, so ``block_lines(s)[b][e]`` is where ``body[b].items[e]`` starts.
    """
    return _parse(source)[1]


def _parse(source: str) -> tuple[tuple[Block, ...], tuple[tuple[int, ...], ...]]:
    """Blocks and the body lines they start on (see :func:`block_lines`)."""
    if not source.strip():
        raise MarkupError("the body is empty; write at least one paragraph")
    blocks: list[Block] = []
    lines: list[tuple[int, ...]] = []
    depth = 0
    bullets: list[tuple[Run, ...]] = []
    bullet_lines: list[int] = []
    for token in _parser().parse(source):
        line = token.map[0] if token.map else None
        if token.type in _REFUSED:
            raise MarkupError(_REFUSED[token.type], line)
        if token.type == "bullet_list_open":
            depth += 1
            if depth > 1:
                raise MarkupError("nested bullets are not supported; keep one level", line)
            bullets, bullet_lines = [], []
        elif token.type == "bullet_list_close":
            depth -= 1
            blocks.append(BulletList(items=tuple(bullets)))
            lines.append(tuple(bullet_lines))
        elif token.type == "inline":
            runs = _runs(token)
            if not runs:
                continue
            if depth:
                bullets.append(runs)
                bullet_lines.append(line or 0)
            else:
                blocks.append(Paragraph(runs=runs))
                lines.append((line or 0,))
    for block in blocks:
        if isinstance(block, BulletList) and any(not entry for entry in block.items):
            raise MarkupError("a bullet is empty; write text after '- '")
    return tuple(blocks), tuple(lines)


def _runs(inline: Token) -> tuple[Run, ...]:
    runs: list[Run] = []
    strong = emph = 0
    href: str | None = None

    def add(text: str) -> None:
        if not text:
            return
        attrs = (strong > 0, emph > 0, href)
        if runs and (runs[-1].strong, runs[-1].emph, runs[-1].href) == attrs:
            runs[-1] = runs[-1].model_copy(update={"text": runs[-1].text + text})
        else:
            runs.append(Run(text=text, strong=attrs[0], emph=attrs[1], href=href))

    for child in inline.children or ():
        kind = child.type
        if kind == "text" or kind == "code_inline":
            add(child.content)
        elif kind == "softbreak":
            add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong -= 1
        elif kind == "em_open":
            emph += 1
        elif kind == "em_close":
            emph -= 1
        elif kind == "link_open":
            href = str(child.attrs.get("href", "")) or None
        elif kind == "link_close":
            href = None
        else:  # pragma: no cover - the parser is configured to emit nothing else
            add(child.content)
    return tuple(runs)
