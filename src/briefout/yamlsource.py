"""Safe YAML with positions: every value keeps the line and column it came from.

PyYAML's safe loader is used for scanning and composing only; construction is
ours, so that duplicate keys are errors, alias expansion is bounded, dates and
YAML 1.1 booleans (``yes``/``no``) stay text, and every node's position is
recorded for error messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from briefout.errors import Problem, Severity, UserError

#: Most values a file may expand to through aliases before it is refused.
MAX_NODES = 20_000
#: Deepest nesting of lists and mappings a file may have (an issue needs six levels).
MAX_DEPTH = 64

_STANDARD = "tag:yaml.org,2002:"
#: Scalar tags a file may carry (implicitly, or written out as !!str ...).
_STR = _STANDARD + "str"
_SCALAR_TAGS = frozenset(_STANDARD + name for name in ("str", "int", "float", "bool", "null"))

PathKey = tuple[str | int, ...]


if TYPE_CHECKING:
    _SafeLoader = yaml.SafeLoader
else:  # libyaml's loader when PyYAML was built with it
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):
    """The safe loader (libyaml when present) without timestamp and yes/no/on/off types."""


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


@dataclass(frozen=True)
class Position:
    """A 1-based line and column; for text, its YAML style and the line it ends on.

    ``style`` is ``"|"`` (literal), ``">"`` (folded), ``"'"`` or ``'"'`` (quoted) or
    ``""`` (plain); ``end_line`` is the last file line the value may occupy.
    """

    line: int
    column: int
    style: str = ""
    file: str | None = None
    end_line: int = 0


@dataclass
class Located:
    """Plain data from a YAML file, plus where each value and key stood."""

    data: Any
    file: str
    text: str
    values: dict[PathKey, Position] = field(default_factory=dict)
    keys: dict[PathKey, Position] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def value(self, path: PathKey) -> Any:
        """The plain value at ``path`` (the whole data for ``()``)."""
        value = self.data
        for part in path:
            value = value[part]
        return value

    def position(self, path: PathKey, *, key: bool = False) -> Position:
        """Position of the value (or key) at ``path``, else of its nearest parent."""
        if key and path in self.keys:
            return self.keys[path]
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), Position(1, 1))

    def problem(
        self,
        path: PathKey,
        message: str,
        hint: str = "",
        *,
        key: bool = False,
        severity: Severity = "error",
    ) -> Problem:
        """A problem at ``path``, printed with a dotted issue path."""
        pos = self.position(path, key=key)
        return Problem(
            pos.file or self.file, pos.line, pos.column, dotted(path), message, hint, severity
        )

    def text_position(self, path: PathKey, number: int) -> Position:
        """Where line ``number`` (0-based) of the text value at ``path`` starts in the file.

        The column is that of the line's first non-blank character.  When the line cannot
        be found (a folded or quoted value that joined lines), the value's own position.
        """
        pos = self.position(path)
        found = self._text_line(pos, path, number)
        if found is None:
            return pos
        text = self.text.splitlines()[found - 1]
        return Position(found, len(text) - len(text.lstrip()) + 1, pos.style, pos.file)

    def _text_line(self, pos: Position, path: PathKey, number: int) -> int | None:
        """The file line holding line ``number`` of the text at ``path``, if known.

        A literal block (|) keeps its lines; folded (>), plain and quoted text join lines
        and drop blank ones, so the text line is looked for among the value's file lines.
        """
        lines = self.text.splitlines()
        block = pos.style in ("|", ">")
        first = pos.line + number + (1 if block else 0)
        if pos.style == "|" or (block and number == 0):
            return first if first <= len(lines) else None
        if number == 0:  # plain or quoted text starts where the value starts
            return None
        text_lines = str(self.value(path)).splitlines()
        if number >= len(text_lines):
            return None
        wanted = text_lines[number].strip()
        for candidate in range(first, min(pos.end_line, len(lines)) + 1):
            text = lines[candidate - 1].strip()
            if text and (wanted.startswith(text) or text.startswith(wanted[:20])):
                return candidate
        return None


def _one_problem(file: str, line: int, column: int, message: str, hint: str) -> UserError:
    """A user error holding one problem that has no issue path (file-level faults)."""
    return UserError.of(Problem(file, line, column, "", message, hint))


def _shown(text: str, limit: int = 80) -> str:
    """``text`` for a message: characters that are not printable shown as <U+XXXX>."""
    out = "".join(ch if ch.isprintable() else f"<U+{ord(ch):04X}>" for ch in text[:limit])
    return out if len(text) <= limit else out + "…"


def dotted(path: PathKey) -> str:
    """``('sections', 0, 'items', 2, 'en')`` -> ``sections[0].items[2].en``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_utf8(path: Path, display: str) -> str:
    """Read a file as UTF-8 (a BOM is fine), or explain what it is instead."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _one_problem(display, 1, 1, "no such file", "check the path") from None
    except IsADirectoryError:
        raise _one_problem(
            display, 1, 1, "is a folder, not a file", "give the path of a .yaml file"
        ) from None
    except OSError as exc:
        raise _one_problem(
            display, 1, 1, f"cannot be read ({exc.strerror})", "check its permissions"
        ) from None
    return decode_utf8(raw, display)


def decode_utf8(raw: bytes, display: str) -> str:
    """Decode UTF-8 bytes, refusing UTF-16/32 and invalid bytes with a position."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _one_problem(
            display,
            1,
            1,
            "the file is UTF-16, not UTF-8",
            "save it as UTF-8 (in Notepad or VS Code: Save with Encoding, UTF-8)",
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start
        line_start = raw.rfind(b"\n", 0, start) + 1
        line = raw.count(b"\n", 0, start) + 1
        column = len(raw[line_start:start].decode("utf-8", "replace")) + 1
        raise _one_problem(
            display,
            line,
            column,
            f"the file is not valid UTF-8 (byte 0x{raw[start]:02X}; perhaps Shift_JIS "
            "or Windows-1252)",
            "save it as UTF-8 (in Notepad or VS Code: Save with Encoding, UTF-8)",
        ) from None


_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)

#: (words in the reader's message, the hint); a tab at the fault gets its own hint
_SYNTAX_HINTS = (
    (
        "mapping values are not allowed",
        "put text containing ': ' in quotes, or use a block scalar ('|') for long text",
    ),
    ("could not find expected ':'", "every key needs a ':' after it; check the line above"),
    ("found undefined alias", "define the anchor (&name) before using it (*name)"),
    ("expected <block end>", "check the indentation: entries of one list or mapping must line up"),
    ("did not find expected '-'", "check the indentation: keys of one entry must line up"),
    ("did not find expected key", "check the indentation: keys of one mapping must line up"),
    ("found unexpected end of stream", "a quote or bracket is not closed"),
    (
        "found unknown escape character",
        "inside double quotes write \\\\ for a backslash, or use single quotes",
    ),
)


def _check_depth(text: str, display: str) -> None:
    """Refuse lists and mappings nested deeper than :data:`MAX_DEPTH`, from the event stream
    (which, unlike composing, keeps no call per level)."""
    depth = 0
    loader = _Loader(text)
    try:
        while (event := loader.get_event()) is not None:  # type: ignore[no-untyped-call]
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                    raise _one_problem(
                        display,
                        line,
                        column,
                        f"lists and mappings are nested more than {MAX_DEPTH} levels deep here",
                        "an issue needs only a few levels; check the brackets and indentation",
                    )
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                depth -= 1
    finally:
        loader.dispose()


def _unreadable_characters(text: str, display: str) -> UserError:
    """Every character the YAML reader refuses, each at its line and column."""
    problems = []
    for bad in _NOT_PRINTABLE.finditer(text):
        position = bad.start()
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        problems.append(
            Problem(
                display,
                line,
                column,
                "",
                f"the file contains a character that is not allowed (U+{ord(bad.group()):04X})",
                "delete it; it is usually invisible, pasted from another program",
            )
        )
    if not problems:
        problems.append(Problem(display, 1, 1, "", "the file contains a control character"))
    return UserError("", problems)


#: Blanks, a skipped BOM and ``-``/``?``/``:`` indicators: what may come before a list or
#: mapping at the start of a line.
_LEAD = " \t\ufeff?:-"
#: Lines whose lead is at least this long are not surely shallow.
_LONG_LEAD = 20
#: The start of a line (YAML breaks lines at LF, CR, NEL, LS and PS) with a long lead.
_LONG_LEAD_LINE = re.compile(f"[\n\r\x85\u2028\u2029][{_LEAD}]{{{_LONG_LEAD}}}")


def _surely_shallow(text: str) -> bool:
    """True when ``text`` cannot nest lists and mappings more than :data:`MAX_DEPTH` deep,
    so libyaml's recursive composer is safe without counting events first.

    A block list or mapping nested in another starts further right, except a list under a
    mapping key, so block nesting is at most two levels per column a collection can start
    at (within a line's lead: its blanks and indicators); flow nesting needs a ``{`` or
    ``[`` per level (a ``[`` may hold one ``key: value`` pair, a level of its own)."""
    flow = 2 * text.count("[") + text.count("{")
    block = 2 * _LONG_LEAD + 1  # leads shorter than _LONG_LEAD: columns 0.._LONG_LEAD - 1
    return block + flow <= MAX_DEPTH and not _LONG_LEAD_LINE.search("\n" + text)


def _deeper_than_allowed(root: yaml.Node) -> bool:
    """Whether a composed document nests lists and mappings more than :data:`MAX_DEPTH`
    deep, counted as the event stream counts them (an alias adds no level)."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, yaml.ScalarNode) or id(node) in seen:
            continue
        if depth > MAX_DEPTH:
            return True
        seen.add(id(node))
        children = node.value if isinstance(node, yaml.SequenceNode) else _pairs(node)
        stack.extend((child, depth + 1) for child in reversed(children))
    return False


def _pairs(node: yaml.Node) -> list[yaml.Node]:
    return [part for pair in node.value for part in pair]


def _compose(text: str, display: str) -> tuple[yaml.Node | None, _Loader]:
    """The document's node tree and its (disposed) loader, whose constructor builds the
    scalars; a YAMLError or a UserError (too deep) on a fault.

    A file that is surely shallow is composed at once; if that fails, or the result is
    too deep, it is read again the careful way (events counted first), so every fault is
    reported exactly as the careful way reports it."""
    if _surely_shallow(text):
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
            if root is None or not _deeper_than_allowed(root):
                return root, loader
        except Exception:  # read it again the careful way, which reports it
            pass
        finally:
            loader.dispose()
    _check_depth(text, display)  # libyaml's composer recurses: bound it first
    loader = _Loader(text)
    try:
        return loader.get_single_node(), loader
    finally:
        loader.dispose()


def parse_yaml(text: str, display: str) -> Located:
    """Parse one YAML document into plain data with positions; raise UserError on any fault."""
    try:
        root, loader = _compose(text, display)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = (exc.problem or exc.context or "unreadable YAML").strip()
        hint = next(
            (h for key, h in _SYNTAX_HINTS if key in str(exc)),
            "check the indentation and the quotes near here",
        )
        if "expected a single document" in str(exc):
            what, hint = "the file holds more than one YAML document", "remove the '---' line"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if mark and text[mark.index : mark.index + 1] == "\t":
            hint = "indent with spaces, not tabs"
        raise _one_problem(display, line, column, f"YAML syntax error: {what}", hint) from None
    except yaml.YAMLError:  # ReaderError: a character YAML does not allow
        raise _unreadable_characters(text, display) from None
    located = Located(None, display, text)
    if root is None:
        raise _one_problem(
            display,
            1,
            1,
            "the file is empty",
            "write the issue; `briefout new` makes a skeleton",
        )
    located.data = _Builder(located, loader).build(root, ())
    return located


class _Builder:
    def __init__(self, located: Located, loader: _Loader) -> None:
        self.located = located
        self.loader = loader
        self.count = 0
        self.open: set[int] = set()  # the lists and mappings being built (cycle check)

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        if isinstance(node, yaml.CollectionNode):
            kind = "map" if isinstance(node, yaml.MappingNode) else "seq"
            if node.tag != _STANDARD + kind:  # !include [..], !!set, !!omap: not ignored
                raise self._unsupported_tag(node, path)
            if id(node) in self.open:
                raise self._fail(
                    node,
                    path,
                    "the anchor here is used inside itself (*name within &name), "
                    "which would repeat forever",
                    "write the content out instead",
                )
            self.open.add(id(node))
            try:
                return self._build(node, path)
            finally:
                self.open.discard(id(node))
        return self._build(node, path)

    def _build(self, node: yaml.Node, path: PathKey) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._fail(
                node,
                path,
                f"the file expands to more than {MAX_NODES} values through aliases (*name)",
                "write the content out instead of repeating anchors",
            )
        mark = node.start_mark
        scalar_style = (node.style or "") if isinstance(node, yaml.ScalarNode) else ""
        self.located.values.setdefault(
            path,
            Position(mark.line + 1, mark.column + 1, scalar_style, end_line=node.end_mark.line + 1),
        )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*path, index)) for index, child in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)  # the composer makes no other kind of node
        return self._scalar(node, path)

    def _scalar(self, node: yaml.ScalarNode, path: PathKey) -> Any:
        """Text, a number, true/false or null; any other tag is a user error, not a crash."""
        if node.tag == _STR:
            return node.value  # what the constructor would give, without its bookkeeping
        tag = node.tag.replace(_STANDARD, "!!")
        if node.tag == _STANDARD + "merge":
            raise self._fail(
                node, path, "merge keys ('<<') are not supported", "write the keys out"
            )
        if node.tag not in _SCALAR_TAGS:
            raise self._unsupported_tag(node, path)
        try:  # !!bool maybe: KeyError; an empty !!int or !!float: IndexError
            return self.loader.construct_object(node)
        except (yaml.YAMLError, ValueError, LookupError, TypeError, AttributeError):
            raise self._fail(
                node, path, f"'{_shown(node.value)}' is not a valid {_shown(tag)}", "remove the tag"
            ) from None

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self._fail(key_node, path, "a key must be plain text", "write 'name: value'")
            key = str(self._scalar(key_node, path))
            key_mark = key_node.start_mark
            if key in first_seen:
                self.located.problems.append(
                    self._problem(
                        key_node,
                        (*path, key),
                        f"the key '{_shown(key)}' appears twice in this mapping (first on line "
                        f"{first_seen[key]})",
                        "keep one of them; YAML would silently drop the first",
                    )
                )
                continue
            first_seen[key] = key_mark.line + 1
            self.located.keys[(*path, key)] = Position(key_mark.line + 1, key_mark.column + 1)
            out[key] = self.build(value_node, (*path, key))
        return out

    def _unsupported_tag(self, node: yaml.Node, path: PathKey) -> UserError:
        tag = node.tag.replace(_STANDARD, "!!")
        message = f"the tag '{_shown(tag)}' is not supported"
        return self._fail(node, path, message, "remove the tag; write plain text")

    def _fail(self, node: yaml.Node, path: PathKey, message: str, hint: str) -> UserError:
        return UserError.of(self._problem(node, path, message, hint))

    def _problem(self, node: yaml.Node, path: PathKey, message: str, hint: str) -> Problem:
        mark = node.start_mark
        return Problem(
            self.located.file, mark.line + 1, mark.column + 1, _shown(dotted(path)), message, hint
        )
