"""Where a character of a YAML value stands in the file, and how to edit it there.

PyYAML gives the position of each value's first character (kept in
:class:`~briefout.yamlsource.Located`).  A rule finds a slip *inside* a value, say the
space in 「2025 年」, at an offset of the parsed string; to report its line and column,
and to rewrite only those characters, the offset must be mapped back to the file.

:func:`align` does this by walking the parsed value and the raw source together from the
value's start: characters that YAML copies unchanged match one to one; what YAML adds or
removes is skipped on the source side — the quotes, a block scalar's header line and
indentation, the line breaks and indentation that folding turns into one space, ``''`` in
single quotes, escapes in double quotes (one value character for the whole escape).  The
result gives, for each value character, its offset in the file text, so positions and
edits are exact in every scalar style.  A value that does not align (which would be a
bug) falls back to the value's start and offers no fix.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from briefout.yamlsource import Located, PathKey

_ESCAPE_LENGTH = {"x": 4, "u": 6, "U": 10}
_BLANKS = " \t\r\n"
#: Characters a replacement may not contain in each scalar style without re-quoting.
_UNSAFE = {
    "": ("\n", "\r", ": ", " #", "\t"),
    "'": ("\n", "\r", "'"),
    '"': ("\n", "\r", '"', "\\"),
    "|": ("\n", "\r"),
    ">": ("\n", "\r"),
}


class AlignmentError(ValueError):
    """The parsed value could not be matched to its source text."""


def align(value: str, text: str, start: int, style: str) -> list[int]:
    """File offsets of each character of ``value`` (and one past its end).

    ``start`` is the offset of the scalar's first source character (its quote, its block
    indicator, or its first letter); ``style`` is PyYAML's scalar style.
    """
    pos = start
    if style in ("|", ">"):
        pos = text.index("\n", start) + 1  # the header line may end in a comment
    elif style in ("'", '"'):
        pos += 1
    offsets: list[int] = []
    size = len(text)
    for char in value:
        while True:
            if pos >= size:
                raise AlignmentError(value[:40])
            here = text[pos]
            if style == '"' and here == "\\":
                follower = text[pos + 1 : pos + 2]
                if follower in ("\n", "\r"):  # an escaped line break joins the lines
                    pos += 2
                    while pos < size and text[pos] in _BLANKS:
                        pos += 1
                    continue
                offsets.append(pos)
                pos += _ESCAPE_LENGTH.get(follower, 2)
                break
            if style == "'" and here == "'" and char == "'":
                offsets.append(pos)
                pos += 2  # '' stands for one quote
                break
            if here == char:
                offsets.append(pos)
                pos += 1
                break
            if char in " \n" and here in _BLANKS:  # folding: a break (and indent) is one char
                offsets.append(pos)
                pos = _skip_break(text, pos, whole_run=char == " ")
                break
            if here in _BLANKS:  # indentation, or a break the value does not keep
                pos += 1
                continue
            raise AlignmentError(value[:40])
    offsets.append(pos)
    return offsets


def _skip_break(text: str, pos: int, *, whole_run: bool) -> int:
    """Past the blanks at ``pos``: all of them, or only up to the first line break."""
    size = len(text)
    while pos < size and text[pos] in _BLANKS:
        pos += 1
        if not whole_run and text[pos - 1] == "\n":
            break
    return pos


class LiteralOffsets(Sequence[int]):
    """The offset map of a literal block (``|``): each value line is a file line, shifted
    by the block's indentation, so a lookup is a bisect instead of a per-character walk."""

    def __init__(self, value_starts: list[int], file_starts: list[int], size: int) -> None:
        self._value_starts = value_starts
        self._file_starts = file_starts
        self._size = size

    def __len__(self) -> int:
        return self._size + 1

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[int]: ...
    def __getitem__(self, index: int | slice) -> int | Sequence[int]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        line = bisect.bisect_right(self._value_starts, index) - 1
        return self._file_starts[line] + index - self._value_starts[line]


def literal_offsets(
    value: str, text: str, line_starts: list[int], header_line: int
) -> LiteralOffsets | None:
    """The map of a literal block's value whose header is on ``header_line``, or None if
    its lines are not the file's lines less one indentation (then :func:`align` is used)."""
    lines = value.split("\n")
    first = next((line for line in lines if line.strip()), "")
    header = text[
        line_starts[header_line - 1] : line_starts[header_line]
        if header_line < len(line_starts)
        else len(text)
    ]
    if not first or any(char.isdigit() for char in header.split("#", 1)[0]):
        return None
    value_starts: list[int] = []
    file_starts: list[int] = []
    cursor = 0
    indent = -1
    for number, line in enumerate(lines):
        file_line = header_line + 1 + number
        if file_line > len(line_starts):
            start = len(text)
        else:
            raw_start = line_starts[file_line - 1]
            if indent < 0 and line:
                raw = text[raw_start : raw_start + 200]
                indent = len(raw) - len(raw.lstrip(" ")) - (len(line) - len(line.lstrip(" ")))
            start = raw_start + max(indent, 0) if line else raw_start
            if line and text[start : start + len(line)] != line:
                return None
        value_starts.append(cursor)
        file_starts.append(start)
        cursor += len(line) + 1
    return LiteralOffsets(value_starts, file_starts, len(value))


def _written_as_is(value: str, text: str, start: int, style: str) -> range | None:
    """The offsets :func:`align` gives for a plain or quoted value written in the file as it
    is (no escape, no doubled quote, no folded break), without its per-character walk."""
    if style not in ("", "'", '"'):
        return None
    begin = start + (1 if style else 0)
    if not text.startswith(value, begin) or (style and (style in value or "\\" in value)):
        return None
    return range(begin, begin + len(value) + 1)


@dataclass(frozen=True)
class Place:
    """A 1-based line and column (in characters) and the file offset they stand for."""

    offset: int
    line: int
    column: int


@dataclass
class SourceText:
    """One file's text with fast offset -> line/column and per-value offset maps."""

    located: Located
    _line_starts: list[int] = field(default_factory=list)
    _maps: dict[PathKey, Sequence[int] | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        text = self.located.text
        starts = [0]
        find = text.find
        index = find("\n")
        while index >= 0:
            starts.append(index + 1)
            index = find("\n", index + 1)
        self._line_starts = starts

    @property
    def text(self) -> str:
        """The whole file text."""
        return self.located.text

    def place(self, offset: int) -> Place:
        """Line and column of a file offset."""
        line = bisect.bisect_right(self._line_starts, offset)
        return Place(offset, line, offset - self._line_starts[line - 1] + 1)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    def byte_column(self, place: Place) -> int:
        """The 1-based column of ``place`` counted in UTF-8 bytes (reviewdog's unit)."""
        start = self._line_starts[place.line - 1]
        return len(self.text[start : place.offset].encode("utf-8")) + 1

    def value(self, path: PathKey) -> Any:
        """The parsed value at ``path`` (raw: before the model strips or parses it)."""
        value: Any = self.located.data
        for part in path:
            value = value[part]
        return value

    def offsets(self, path: PathKey) -> Sequence[int] | None:
        """File offsets of each character of the text value at ``path``, or None."""
        if path not in self._maps:
            self._maps[path] = self._align(path)
        return self._maps[path]

    def _align(self, path: PathKey) -> Sequence[int] | None:
        value = self.value(path)
        position = self.located.values.get(path)
        if not isinstance(value, str) or position is None or position.file is not None:
            return None
        if position.style == "|":
            fast = literal_offsets(value, self.text, self._line_starts, position.line)
            if fast is not None:
                return fast
        start = self._line_starts[position.line - 1] + position.column - 1
        exact = _written_as_is(value, self.text, start, position.style)
        if exact is not None:
            return exact
        try:
            return align(value, self.text, start, position.style)
        except (AlignmentError, ValueError, IndexError):
            return None

    def value_start(self, path: PathKey) -> int:
        """File offset where the value at ``path`` (or its nearest parent) starts."""
        position = self.located.position(path)
        return self._line_starts[position.line - 1] + position.column - 1

    def span(self, path: PathKey, start: int, end: int) -> tuple[Place, Place, bool]:
        """File places of value characters ``start``..``end`` at ``path``; False if inexact."""
        offsets = self.offsets(path)
        if offsets is None:
            where = self.place(self.value_start(path))
            return where, where, False
        begin = offsets[start]
        finish = self._char_end(path, offsets, end - 1) if end > start else begin
        return self.place(begin), self.place(finish), True

    def _char_end(self, path: PathKey, offsets: Sequence[int], index: int) -> int:
        """File offset just past value character ``index``: past a whole escape, ``''``, or
        folded break, and past the blanks that follow a flagged space."""
        char = self.value(path)[index]
        source = self.text[offsets[index]]
        if char.isspace() or source != char or (char == "'" and self.style(path) == "'"):
            return offsets[index + 1]
        return offsets[index] + 1

    def style(self, path: PathKey) -> str:
        """The YAML style of the scalar at ``path``."""
        return self.located.position(path).style

    def safe_replacement(self, path: PathKey, text: str) -> bool:
        """True if ``text`` can be written into the scalar at ``path`` as it is."""
        return not any(bad in text for bad in _UNSAFE.get(self.style(path), ("\n",)))
