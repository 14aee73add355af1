"""Text and Markdown drafts: the briefing as text, e.g. the reference extraction.

Blank lines separate paragraphs, and so do line ends: a line continues the one
before only when that one is a long Latin line (a draft wrapped by its editor)
or ends with a backslash (a hard line break), and the line starts with no mark
(``●``, ``- ``, ``1. ``, ``#``).  Inline markup
(``**bold**``, ``*italic*``, ``[text](url)``, ``\\$`` escapes) becomes runs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from briefout.errors import UserError
from briefout.readers.scripts import is_cjk
from briefout.readers.source import SourceDocument, SourceParagraph

#: A line at least this long, ending mid-sentence, was wrapped by the editor of the draft.
WRAPPED_LINE = 60
_HEADING = re.compile(r"^(#{1,6})\s+")
_STARTS_NEW = re.compile(
    r"^\s*(?:[●○■◆◇□・•▪◦‣]|[-*+]\s|[0-9０-９]+\s*[.．、)）]|#{1,6}\s|END\s*$)"
)


def decode_text(data: bytes, display: str) -> tuple[str, str]:
    """The text and the encoding it was read in (UTF-8, else Japanese Windows cp932)."""
    if b"\x00" in data[:4096]:
        raise UserError(
            f"{display}: this is not a text file (it holds binary data); "
            "import the Word document itself (.docx or .doc)"
        )
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UserError(
        f"{display}: the text is neither UTF-8 nor Shift_JIS (cp932); "
        "save it as UTF-8 text and import it again"
    )


def _last_script(line: str) -> str:
    for char in reversed(line):
        if char.isalnum():
            return "cjk" if is_cjk(char) else "latin"
    return ""


def _first_script(line: str) -> str:
    for char in line:
        if char.isalnum():
            return "cjk" if is_cjk(char) else "latin"
    return ""


def _starts_paragraph(previous: str, line: str) -> bool:
    """A new paragraph unless ``line`` continues a hard break or a long wrapped Latin line."""
    if _STARTS_NEW.match(line):
        return True
    if previous.endswith("\\"):
        return False
    wrapped = len(previous) >= WRAPPED_LINE and _last_script(previous) == "latin"
    return not (wrapped and _first_script(line) == "latin")


def split_paragraphs(text: str) -> list[tuple[int, str]]:
    """(first line number, markup text) of each paragraph; inner line breaks kept."""
    paragraphs: list[tuple[int, list[str]]] = []
    open_block = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            open_block = False
            continue
        if open_block and not _starts_paragraph(paragraphs[-1][1][-1], line):
            paragraphs[-1][1].append(line.strip())
        else:
            paragraphs.append((number, [line.strip()]))
        open_block = True
    return [(number, "\n".join(lines)) for number, lines in paragraphs]


def to_paragraph(number: int, markup: str, notes: list[str]) -> SourceParagraph:
    """One paragraph of Markdown-like text as a source paragraph; what an issue body would
    refuse in it (raw HTML, a link that is not a web address) is noted and left out."""
    from briefout.markup import inline_runs

    heading = _HEADING.match(markup)
    level = None
    if heading:
        level = len(heading.group(1))
        markup = markup[heading.end() :]
    runs, refused = inline_runs(markup)
    notes.extend(f"line {number}: {message}" for message in refused)
    return SourceParagraph(position=number, runs=runs, heading_level=level)


def _without_controls(text: str, notes: list[str]) -> str:
    """Page breaks (form feeds from PDF extraction) become line breaks; other control
    characters, which no output can carry, are left out with a note."""
    from briefout.safety import FORBIDDEN, code_point

    text = text.replace("\x0c", "\n")
    for number, line in enumerate(text.splitlines(), start=1):
        for found in FORBIDDEN.finditer(line):
            notes.append(f"line {number}: the control character {code_point(found.group())} "
                         "was left out")  # fmt: skip
    return FORBIDDEN.sub("", text)


class TextReader:
    """UTF-8 (or cp932) text or Markdown: ● headlines, **bold**, '- ' bullets, citations."""

    name: ClassVar[str] = "text"
    suffixes: ClassVar[tuple[str, ...]] = (".txt", ".md", ".markdown", ".text")
    description: ClassVar[str] = "text or Markdown draft of a briefing (UTF-8 or Shift_JIS)"

    def read(self, path: Path) -> SourceDocument:
        """Read the file as paragraphs counted by line."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UserError(f"{path}: cannot be read ({exc.strerror or exc})") from None
        text, encoding = decode_text(data, str(path))
        notes: list[str] = []
        text = _without_controls(text, notes)
        paragraphs = [
            to_paragraph(number, markup, notes) for number, markup in split_paragraphs(text)
        ]
        document = SourceDocument(str(path), paragraphs, unit="line", notes=notes)
        if encoding == "cp932":
            document.notes.append("read as Shift_JIS (cp932): the file is not UTF-8")
        return document
