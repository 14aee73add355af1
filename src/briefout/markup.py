"""Body markup: a small Markdown subset parsed with markdown-it-py.

Allowed: paragraphs, one level of '- ' bullets, *emphasis*, **bold**,
[links](https://...), backslash escapes and hard breaks.  Anything else
(headings, tables, images, footnotes, code, raw HTML, nested or numbered lists)
is refused with the body line it starts on, so an editor learns early that it
would not print; every such problem of a body is reported at once.  Links follow
the one link policy of :mod:`briefout.safety`.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from briefout.body import Block, BulletList, Paragraph, Run

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


class MarkupError(ValueError):
    """Unsupported markup in a body; ``line`` is 0-based within the body.

    ``needle`` is the text the problem is about (a link), to point at its column;
    ``all`` holds every problem found in the body, this one first.
    """

    def __init__(self, message: str, line: int | None = None, needle: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.needle = needle
        self.all: list[MarkupError] = [self]

    @classmethod
    def several(cls, errors: list[MarkupError]) -> MarkupError:
        """One error standing for every error in ``errors`` (at least one)."""
        first = errors[0]
        first.all = list(errors)
        return first


_REFUSED = {
    "heading_open": "a heading ('#') cannot stand in a body; use a new item or **bold** text",
    "ordered_list_open": "numbered lists are not supported; use '- ' bullets",
    "blockquote_open": "quotes ('>') are not supported; write the quotation as a paragraph",
    "code_block": "indented text is read as code; remove the indentation",
    "fence": "code blocks ('```') are not supported in a body",
    "hr": "a horizontal rule ('---' or '***') is not supported in a body",
    "html_block": "raw HTML is not supported; write plain text",
    "table_open": "tables are not supported in a body; write each row as a bullet ('- ')",
}
_REFUSED_INLINE = {
    "image": "images ('![text](address)') are not supported in a body; "
    "link to the picture instead: [text](https://...)",
    "html_inline": "raw HTML ({content}) is not supported; write plain text "
    "(to print an angle bracket, write \\<)",
}
_FOOTNOTE = re.compile(r"(?<!\\)\[\^[^\]\s]*\]")


def _setext(source: str, token: Token) -> MarkupError:
    """A heading made by underlining a line: name the underline that was seen."""
    end = (token.map or (0, 1))[1]
    underline = source.splitlines()[end - 1].strip()
    shown = underline if len(underline) <= 20 else underline[:20] + "…"
    return MarkupError(
        f"the line '{shown}' under a line of text makes that text a heading, which cannot "
        "stand in a body; put a blank line before it, or remove it (for bullets, leave a "
        "blank line before the first '- ')",
        end - 1,
    )


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    from briefout.safety import link_problem

    class Parser(MarkdownIt):
        """Every link meets briefout.safety's policy instead of markdown-it's own check;
        a link the policy refuses is kept as written (not percent-encoded) for the report."""

        def validateLink(self, url: str) -> bool:
            return True

        def normalizeLink(self, url: str) -> str:
            return url if link_problem(url) else super().normalizeLink(url)

    # Tables, images and raw HTML are recognised (the commonmark preset would print them
    # as literal text) so that they can be refused with their position.
    parser = Parser("commonmark", {"html": True, "linkify": False, "typographer": False})
    parser.enable(["table"])
    return parser


def parse_body(source: str) -> tuple[Block, ...]:
    """Parse a body string into blocks; raise :class:`MarkupError` on unsupported markup."""
    return _parse(source)[0]


def block_lines(source: str) -> tuple[tuple[int, ...], ...]:
    """For each block of a valid body, the 0-based body line of each entry.

    A paragraph has one entry, a bullet list one per bullet; the order is that of
    :func:`parse_body`, so ``block_lines(s)[b][e]`` is where ``body[b].items[e]`` starts.
    """
    return _parse(source)[1]


#: Characters that may mean markup anywhere on a line (inline markup, entities, escapes,
#: tables, footnotes), or that markdown-it normalises (tabs, carriage returns, NUL).
_MARKUP_CHARACTER = re.compile(r"[\\`*_\[\]!<>&|~=+#\t\r\0]")
#: A line start that may open a block other than a paragraph (a bullet, a numbered list, a
#: setext underline, a rule, a table delimiter row), or whitespace markdown-it would strip.
_BLOCK_START = re.compile(r"[-:]|\d+[.)]|\s")
_Parsed = tuple[tuple[Block, ...], tuple[tuple[int, ...], ...]]


def _plain(text: str) -> bool:
    """Whether a line's text (after any bullet or indentation) is plain paragraph text."""
    return bool(text) and text == text.strip() and not _BLOCK_START.match(text)


def _plain_blocks(source: str) -> _Parsed | None:
    """The blocks of a body of plain paragraphs and one-level '- ' bullets (continued on
    lines indented by two spaces), without markdown-it; None when any character or line
    could be markup or read otherwise (then markdown-it decides).

    A paragraph or bullet is its lines joined by spaces (markdown-it's soft breaks), one
    run without attributes; ``tests/test_markup_fast.py`` proves equality with markdown-it."""
    if _MARKUP_CHARACTER.search(source):
        return None
    blocks: list[Block] = []
    starts: list[tuple[int, ...]] = []
    paragraph: list[str] = []
    bullets: list[list[str]] = []  # the open list's bullets, each its lines
    bullet_starts: list[int] = []
    blank = False  # the line before was blank

    def close_paragraph() -> None:
        if paragraph:
            blocks.append(Paragraph(runs=_plain_runs(paragraph)))
            paragraph.clear()

    def close_list() -> None:
        if bullets:
            blocks.append(BulletList(items=tuple(_plain_runs(lines) for lines in bullets)))
            starts.append(tuple(bullet_starts))
            bullets.clear()
            bullet_starts.clear()

    for number, line in enumerate(source.split("\n")):
        if not line:
            close_paragraph()
        elif line.startswith("- "):
            if not _plain(line[2:]):
                return None
            close_paragraph()  # a bullet interrupts a paragraph
            bullets.append([line[2:]])
            bullet_starts.append(number)
        elif line.startswith("  "):  # a bullet's next line; anything else is not plain
            if not bullets or blank or not _plain(line[2:]):
                return None
            bullets[-1].append(line[2:])
        elif not _plain(line) or (bullets and not blank):  # a bullet's lazy continuation
            return None
        else:
            close_list()
            if not paragraph:
                starts.append((number,))
            paragraph.append(line)
        blank = not line
    close_paragraph()
    close_list()
    return tuple(blocks), tuple(starts)


def _plain_runs(lines: list[str]) -> tuple[Run, ...]:
    """The one run of plain lines: joined by spaces, as markdown-it's soft breaks are."""
    return (Run(text=" ".join(lines), strong=False, emph=False, href=None),)


def _parse(source: str) -> _Parsed:
    """Blocks and the body lines they start on (see :func:`block_lines`)."""
    if not source.strip():
        raise MarkupError("the body is empty; write at least one paragraph")
    plain = _plain_blocks(source)
    return plain if plain is not None else _parse_markdown(source)


def _parse_markdown(source: str) -> _Parsed:
    """What markdown-it reads in a body that is not only plain paragraphs."""
    errors = _footnotes(source)
    blocks: list[Block] = []
    lines: list[tuple[int, ...]] = []
    depth = 0
    bullets: list[tuple[Run, ...]] = []
    bullet_lines: list[int] = []
    item_line, item_paragraphs = None, 0  # the bullet being read: its line, its paragraphs
    skip = 0  # inside a refused table: its cells are not reported again
    for token in _parser().parse(source):
        line = token.map[0] if token.map else None
        if token.type == "heading_open" and token.markup in ("=", "-"):
            errors.append(_setext(source, token))
        elif token.type in _REFUSED:
            errors.append(MarkupError(_REFUSED[token.type], line))
        skip += token.type == "table_open"
        skip -= token.type == "table_close"
        if token.type == "bullet_list_open":
            depth += 1
            if depth > 1:
                errors.append(MarkupError("nested bullets are not supported; keep one level", line))
            bullets, bullet_lines = [], []
        elif token.type == "bullet_list_close":
            depth -= 1
            blocks.append(BulletList(items=tuple(bullets)))
            lines.append(tuple(bullet_lines))
        elif token.type == "list_item_open" and depth == 1:
            item_line, item_paragraphs = line, 0
        elif token.type == "list_item_close" and depth == 1:
            errors.extend(_bullet_problems(item_paragraphs, item_line))
        elif token.type == "inline" and not skip:
            item_paragraphs += depth == 1
            runs = _runs(token, line, errors)
            if not runs:
                continue
            if depth:
                bullets.append(runs)
                bullet_lines.append(line or 0)
            else:
                blocks.append(Paragraph(runs=runs))
                lines.append((line or 0,))
    if errors:
        raise MarkupError.several(errors)
    return tuple(blocks), tuple(lines)


def _bullet_problems(paragraphs: int, line: int | None) -> list[MarkupError]:
    """A bullet holds exactly one paragraph: none is an empty '- ', two a loose list."""
    if paragraphs == 0:
        return [MarkupError("a bullet is empty; write text after '- ' or delete the line", line)]
    if paragraphs > 1:
        return [
            MarkupError(
                "a bullet holds one paragraph; join its lines, or end the list with a blank "
                "line and no indentation before the next paragraph",
                line,
            )
        ]
    return []


def _footnotes(source: str) -> list[MarkupError]:
    """Footnote marks and definitions ('[^1]'), which Markdown would read as links."""
    return [
        MarkupError(
            f"footnotes ('{match.group()}') are not supported; write the note as a sentence "
            "in the text",
            number,
            match.group(),
        )
        for number, text in enumerate(source.splitlines())
        for match in _FOOTNOTE.finditer(text)
    ]


def inline_runs(source: str) -> tuple[tuple[Run, ...], list[str]]:
    """The runs of one paragraph of inline markup (a line break inside is a space, a
    backslash at a line end a hard break), as a body paragraph would give them, and what
    a body would refuse in it (raw HTML, a link that is not a web address)."""
    tokens = _parser().parseInline(source)
    errors: list[MarkupError] = []
    runs = _runs(tokens[0], None, errors) if tokens else ()
    return runs, [str(error) for error in errors]


def _runs(inline: Token, line: int | None, errors: list[MarkupError]) -> tuple[Run, ...]:
    """The inline runs of a paragraph; refused links and markup are added to ``errors``."""
    from briefout.safety import link_problem

    # texts with the same attributes side by side make one run, built once at the end
    pieces: list[tuple[tuple[bool, bool, str | None], list[str]]] = []
    strong = emph = 0
    href: str | None = None

    def add(text: str) -> None:
        if not text:
            return
        attrs = (strong > 0, emph > 0, href)
        if pieces and pieces[-1][0] == attrs:
            pieces[-1][1].append(text)
        else:
            pieces.append((attrs, [text]))

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
            href = str(child.attrs.get("href", ""))
            problem = link_problem(href)
            if problem is not None:
                errors.append(MarkupError(problem, line, href))
                href = None
        elif kind == "link_close":
            href = None
        elif kind in _REFUSED_INLINE:
            message = _REFUSED_INLINE[kind].format(content=repr(child.content))
            errors.append(MarkupError(message, line, child.content or None))
        else:  # pragma: no cover - the parser is configured to emit nothing else
            add(child.content)
    return tuple(
        Run(text="".join(texts), strong=bold, emph=italic, href=link)
        for (bold, italic, link), texts in pieces
    )
