"""Character classes and text segments shared by the built-in rules."""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefout.rules import TextNode

#: Hiragana, katakana (full and half width), CJK ideographs, 々 〆 ヶ.
JAPANESE = (
    "\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\uff66-\uff9f\u3005\u3006"
)
#: Latin letters (with accents) and digits.
LATIN = "A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_JAPANESE_CHAR = re.compile(f"[{JAPANESE}]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")


def japanese_share(text: str) -> float | None:
    """Japanese characters among Japanese characters and Latin letters (None: neither)."""
    japanese = len(_JAPANESE_CHAR.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    total = japanese + latin
    return japanese / total if total else None


def is_japanese(text: str) -> bool:
    """Mostly Japanese: at least half of its letters are Japanese characters."""
    share = japanese_share(text)
    return share is not None and share >= 0.5


def lines(node: TextNode) -> Iterator[tuple[int, str]]:
    """(value offset, text) of each line of a value."""
    offset = 0
    for line in node.text.split("\n"):
        yield offset, line
        offset += len(line) + 1


def japanese_segments(node: TextNode) -> Iterator[tuple[int, str]]:
    """The parts of a value written in Japanese: a whole headline/title, or body lines."""
    if not _JAPANESE_CHAR.search(node.text):
        return
    if node.kind == "ja":
        if is_japanese(node.text):
            yield 0, node.text
        return
    for offset, line in lines(node):
        if is_japanese(line):
            yield offset, line


_ADDRESS = re.compile(r"(?:https?://|mailto:|www\.)[^\s<>()\[\]]*(?:\([^\s()]*\)[^\s<>()\[\]]*)*")


def addresses(text: str) -> list[tuple[int, int]]:
    """Spans of web and mail addresses (a link's target included): never edited by rules."""
    if "://" not in text and "mailto:" not in text and "www." not in text:
        return []
    return [match.span() for match in _ADDRESS.finditer(text)]


def in_spans(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start``..``end`` overlaps any of ``spans``."""
    return any(start < span_end and span_start < end for span_start, span_end in spans)


def english_node(node: TextNode) -> bool:
    """English headlines, labels and bodies."""
    return node.kind in ("en", "body")
