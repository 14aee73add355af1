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


def _candidates(data: bytes) -> list[int]:
    """Byte offsets of the spaces that may become line breaks, in order."""
    found: list[int] = []
    position = 0
    for token in _TOKENS.finditer(data):
        found += [m.start() for m in _TEXT_SPACE.finditer(data, position, token.start())]
        if token.group(1) is None and data[token.start() + 1 : token.start() + 2].isalpha():
            name = _TAG_NAME.match(data, token.start())
            assert name is not None
            for attribute in _ATTRIBUTE.finditer(data, name.end(), token.end() - 1):
                if attribute.group(1) == b" ":
                    found.append(attribute.start(1))
        position = token.end()
    found += [m.start() for m in _TEXT_SPACE.finditer(data, position)]
    return sorted(found)


def fold_html(html: str, limit: int = MAX_LINE) -> str:
    """``html`` with spaces turned into line breaks (see the module) so lines fit ``limit``."""
    data = html.encode("utf-8")
    if all(len(line) <= limit for line in data.split(b"\n")):
        return html
    newlines = [m.start() for m in re.finditer(rb"\n", data)]
    events = sorted([(p, True) for p in newlines] + [(p, False) for p in _candidates(data)])
    breaks: list[int] = []
    line_start, last = 0, -1
    for position, is_newline in [*events, (len(data), True)]:
        if position - line_start > limit and last > line_start:
            breaks.append(last)
            line_start = last + 1
        if is_newline:
            line_start, last = position + 1, -1
        else:
            last = position
    folded = bytearray(data)
    for position in breaks:
        folded[position] = 0x0A
    return folded.decode("utf-8")
