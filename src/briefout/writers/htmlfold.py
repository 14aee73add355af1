"""Fold compiled e-mail HTML into lines of at most 998 octets, changing nothing it means.

MJML compiles the whole body onto one line (55 KB for the reference issue).  A line
over 998 octets cannot travel as ``8bit`` (RFC 5322), so the HTML part would go
quoted-printable (+19% for the reference, about 3x for Japanese) or base64 (+35%).
Replacing a space by a line break is invisible where HTML treats the two alike:

- between the attributes of a start tag (``<td style="..." class="...">``), outside
  quoted values: the tag parses the same, in browsers and in Outlook's Word engine;
- in text, at a space between two ASCII characters: a line break there collapses to
  the same single space.  (Between two East Asian wide characters CSS may drop a line
  break entirely, so spaces beside Japanese are left alone.)

Comments (Outlook's conditional ones included), ``<style>``, ``<script>``, ``<pre>``
and ``<textarea>`` are never touched.  Lines are filled greedily; a line with no such
space in reach stays long, and the transfer encoding then falls back to base64 or
quoted-printable (``writers.transfer``).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from briefout.writers.transfer import MAX_LINE

_TOKENS = re.compile(
    rb"<!--.*?-->|<!\[endif\]-->|<!.*?>"  # comments, conditional comments, doctype
    rb"|<(style|script|pre|textarea)\b.*?</\1\s*>"  # raw and preformatted elements
    rb"|<[A-Za-z][^>]*>"  # a start tag (attribute values are escaped: no '>')
    rb"|<[^>]*>",  # an end tag
    re.DOTALL | re.IGNORECASE,
)
# after the tag name: whitespace, an attribute name, and its value if any (quoted whole)
_ATTRIBUTE = re.compile(rb"(\s+)[^\s\"'=<>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_TAG_NAME = re.compile(rb"<[A-Za-z][^\s/>]*")
_TEXT_SPACE = re.compile(rb"(?<=[\x21-\x7e]) (?=[\x21-\x7e])")


_TEXT, _TAG, _OPAQUE = 0, 1, 2


class _Segments:
    """The HTML cut into text, start tags and opaque tokens (comments, raw elements, end tags);
    the spaces that may become line breaks are found only where a break is needed."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.kinds: list[int] = []
        position = 0
        for token in _TOKENS.finditer(data):
            if token.start() > position:
                self._add(position, token.start(), _TEXT)
            start_tag = token.group(1) is None and data[token.start() + 1 : token.start() + 2]
            self._add(
                token.start(), token.end(), _TAG if start_tag and start_tag.isalpha() else _OPAQUE
            )
            position = token.end()
        if position < len(data):
            self._add(position, len(data), _TEXT)

    def _add(self, start: int, end: int, kind: int) -> None:
        self.starts.append(start)
        self.ends.append(end)
        self.kinds.append(kind)

    def spaces(self, index: int) -> list[int]:
        """Offsets of the breakable spaces of segment ``index``, in order."""
        data, start, end = self.data, self.starts[index], self.ends[index]
        if self.kinds[index] == _TEXT:
            return [m.start() for m in _TEXT_SPACE.finditer(data, start, end)]
        if self.kinds[index] == _OPAQUE:
            return []
        name = _TAG_NAME.match(data, start)
        assert name is not None
        found = _ATTRIBUTE.finditer(data, name.end(), end - 1)
        return [attribute.start(1) for attribute in found if attribute.group(1) == b" "]

    def last_space(self, low: int, high: int) -> int | None:
        """The last breakable space in ``low < p <= high``."""
        index = bisect_right(self.starts, high) - 1
        while index >= 0 and self.ends[index] > low:
            found = [p for p in self.spaces(index) if low < p <= high]
            if found:
                return found[-1]
            index -= 1
        return None

    def next_space(self, low: int, end: int) -> int | None:
        """The first breakable space in ``low < p < end`` (a line that cannot be short)."""
        index = max(bisect_right(self.starts, low) - 1, 0)
        while index < len(self.starts) and self.starts[index] < end:
            found = [p for p in self.spaces(index) if low < p < end]
            if found:
                return found[0]
            index += 1
        return None


def fold_html(html: str, limit: int = MAX_LINE) -> str:
    """``html`` with spaces turned into line breaks (see the module) so lines fit ``limit``."""
    data = html.encode("utf-8")
    ends = [m.start() for m in re.finditer(rb"\n", data)] + [len(data)]
    segments: _Segments | None = None
    breaks: list[int] = []
    start = 0
    for end in ends:
        while end - start > limit:
            segments = segments or _Segments(data)
            found = segments.last_space(start, start + limit)
            if found is None:
                found = segments.next_space(start + limit, end)
            if found is None:
                break
            breaks.append(found)
            start = found + 1
        start = end + 1
    if not breaks:
        return html
    folded = bytearray(data)
    for position in breaks:
        folded[position] = 0x0A
    return folded.decode("utf-8")
