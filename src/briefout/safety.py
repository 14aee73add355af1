"""What text and links may reach an output: one policy, applied when a file is loaded.

- Characters no output can carry are refused wherever they stand, every occurrence
  with its FILE:LINE:COL: C0 and C1 control characters (NUL, ESC, BEL, vertical tab,
  form feed ...), DEL, lone surrogates and the noncharacters (U+FFFE, U+FFFF, U+FDD0..).
- Whitespace pasted from Word and other programs is the whitespace it is: a tab is
  a space; CR, CR LF, NEL (U+0085), the line separator (U+2028) and the paragraph
  separator (U+2029) are a line break, as if the editor had pressed Enter.
- Links (body links, citation urls): only absolute ``http``/``https`` web addresses
  and ``mailto:`` addresses, without control, bidi or zero-width characters.

Messages show refused characters as ``U+0007`` and never echo them raw.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urlsplit

from briefout.errors import Problem
from briefout.yamlsource import Located, PathKey, dotted

#: Line breaks other than "\n" that a value may contain, and what they become.
_LINE_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")
LINK_SCHEMES = ("http", "https", "mailto")
_NOT_IN_LINKS = frozenset("\\\"'`<>")
WEB_SCHEMES = ("http", "https")


_NONCHARACTERS = "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000)
)
#: Characters no output can carry (see the module docstring).
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + re.escape(_NONCHARACTERS)
    + "]"
)


def plain_printable(text: str) -> bool:
    """True when every character but line breaks is printable: then ``text`` holds no
    forbidden character and nothing :func:`normalise_whitespace` changes (a quick test
    that spares the regular expressions most texts; ``tests/test_safety.py`` proves it)."""
    return text.isprintable() or text.replace("\n", " ").isprintable()


def forbidden(ch: str) -> bool:
    """True for a character no output can carry (controls, surrogates, noncharacters)."""
    return FORBIDDEN.match(ch) is not None


def normalise_whitespace(text: str) -> str:
    """Tabs become spaces; CR, CR LF, NEL, U+2028 and U+2029 become a line break."""
    if "\t" in text:
        text = text.replace("\t", " ")
    return _LINE_BREAKS.sub("\n", text)


def code_point(ch: str) -> str:
    """``U+0007`` (and the character's name when it has one)."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X} {name}" if name else f"U+{ord(ch):04X}"


def visible(text: str, limit: int = 80) -> str:
    """``text`` for a message: invisible and control characters written as <U+XXXX>."""
    shown = "".join(
        f"<U+{ord(ch):04X}>" if forbidden(ch) or unicodedata.category(ch) in ("Cc", "Cf") else ch
        for ch in text[: limit + 1]
    )
    return shown if len(text) <= limit else shown[:limit] + "…"


#: A plain ASCII address needs no per-character look-up (most links are).
_PLAIN_ASCII_LINK = re.compile(r"[!#$&(-;=?-\[\]_a-z~]*", re.IGNORECASE)


def _unsafe_in_link(url: str) -> str | None:
    if _PLAIN_ASCII_LINK.fullmatch(url):
        return None  # printable ASCII without % escapes, spaces, quotes, <, > or backslashes
    for ch in unquote(url) + url:
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") or forbidden(ch):
            return code_point(ch)
    return None


@lru_cache(maxsize=4096)
def link_problem(url: str, schemes: tuple[str, ...] = LINK_SCHEMES) -> str | None:
    """Why ``url`` may not be a link (message; hint after '; '), or None if it may."""
    allowed = " and ".join(f"{s}:" for s in schemes).replace("http: and https:", "http(s)://")
    fix = "; write the full address, e.g. https://apa.az/news/1" + (
        " or mailto:press@example.org" if "mailto" in schemes else ""
    )
    hidden = _unsafe_in_link(url)
    if hidden is not None:
        return f"the link {visible(url)!r} contains an invisible character ({hidden}){fix}"
    if any(ch.isspace() or ch in _NOT_IN_LINKS for ch in url):
        return f"the link {visible(url)!r} contains a space, a quote, <, > or a backslash{fix}"
    try:
        parts = urlsplit(url)
    except ValueError:
        return f"the link {visible(url)!r} is not a valid address{fix}"
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        what = f"a '{scheme}:' link" if scheme else "not an absolute address"
        return f"the link {visible(url)!r} is {what}, and only {allowed} links are allowed{fix}"
    if scheme == "mailto":
        if "@" not in parts.path or parts.netloc:
            return f"the link {visible(url)!r} is not an e-mail address{fix}"
        return None
    if not url[len(scheme) :].startswith("://") or not parts.hostname:
        return f"the link {visible(url)!r} has no host name after '{scheme}://'{fix}"
    return None


def _strings(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, str, bool]]:
    """Every string in ``data`` with its path; the flag marks a mapping key."""
    if isinstance(data, str):
        yield path, data, False
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str):
                yield (*path, key), key, True
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "v": "\v", "f": "\f", "e": "\x1b"}


def _decoded(escape: str) -> str:
    if escape[0] in "xuU":
        return chr(int(escape[1:], 16))
    return _SIMPLE_ESCAPES.get(escape, "")


def _source_offsets(located: Located, path: PathKey, key: bool) -> list[int]:
    """Offsets in the file of the characters (or escapes) that give forbidden characters."""
    pos = located.position(path, key=key)
    lines = located.text.splitlines(keepends=True)
    if pos.file not in (None, located.file) or pos.line > len(lines):
        return []
    start = sum(len(line) for line in lines[: pos.line - 1]) + pos.column - 1
    end = sum(len(line) for line in lines[: max(pos.end_line, pos.line)])
    span = located.text[start:end]
    offsets = []
    index = 0
    while index < len(span):
        ch = span[index]
        if ch == "\\" and pos.style == '"':
            match = _ESCAPE.match(span, index)
            if match is not None:
                decoded = _decoded(match.group(1))
                if decoded and forbidden(decoded):
                    offsets.append(start + index)
                index = match.end()
                continue
        if forbidden(ch):
            offsets.append(start + index)
        index += 1
    return offsets


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def character_problems(located: Located) -> list[Problem]:
    """Every forbidden character in the file's values and keys, each at its position."""
    problems: list[Problem] = []
    for path, text, key in _strings(located.data):
        bad = [] if plain_printable(text) else FORBIDDEN.findall(text)
        if not bad:
            continue
        offsets = _source_offsets(located, path, key)
        where = "key" if key else "text"
        for number, ch in enumerate(bad):
            kind = "control character" if unicodedata.category(ch) == "Cc" else "character"
            message = f"the {where} contains the {kind} {code_point(ch)}, which no output can carry"
            hint = "delete it; it is invisible, usually pasted from another program"
            if number < len(offsets):
                line, column = _line_column(located.text, offsets[number])
                problems.append(
                    Problem(located.file, line, column, visible(dotted(path)), message, hint)
                )
            else:
                pos = located.position(path, key=key)
                problems.append(
                    Problem(
                        pos.file or located.file,
                        pos.line,
                        pos.column,
                        visible(dotted(path)),
                        message,
                        hint,
                    )
                )
    return problems


def cleaned(data: Any) -> Any:
    """``data`` with whitespace normalised and forbidden characters removed (keys too)."""
    if isinstance(data, str):
        return data if plain_printable(data) else FORBIDDEN.sub("", normalise_whitespace(data))
    if isinstance(data, dict):
        return {cleaned(key): cleaned(value) for key, value in data.items()}
    if isinstance(data, list):
        return [cleaned(value) for value in data]
    return data
