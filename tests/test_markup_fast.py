"""The plain-paragraph fast path of markup.py gives exactly what markdown-it gives."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefout.markup import _parse_markdown, _plain_paragraphs, block_lines, parse_body

#: Letters, spaces and every character near the fast path's edges: markup characters,
#: line starts of other blocks, whitespace markdown-it strips or keeps, Japanese text.
_ALPHABET = st.sampled_from(
    [*"ab z.)(-:19=+#*_`[]!<>&|~\\\t\r\x00", "\n", "\n", "\n\n", "\u3000", "\xa0", "日本", "。"]
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
@example("a\nb\n\nc")
@example("\n\nfirst line\nsecond\n")
@example("1 apple\n2) b")
@example("a\n===")
def test_fast_path_equals_markdown_it(source: str) -> None:
    plain = _plain_paragraphs(source)
    if plain is None or not source.strip():
        return
    assert plain == _parse_markdown(source)
    blocks, _ = plain
    assert [b.model_dump() for b in blocks] == [b.model_dump() for b in _parse_markdown(source)[0]]


@pytest.mark.parametrize(
    "source",
    ["Plain words.\nMore words.\n\nA second paragraph.\n", "日本語の文。\n\n二つ目。"],
)
def test_plain_bodies_take_the_fast_path(source: str) -> None:
    assert _plain_paragraphs(source) is not None
    assert (parse_body(source), block_lines(source)) == _parse_markdown(source)


@pytest.mark.parametrize(
    "source",
    ["- a bullet", "1. one", "a *word*", "a\n---", "    code", "a  \nb", "x &amp; y", "a\tb"],
)
def test_markup_is_left_to_markdown_it(source: str) -> None:
    assert _plain_paragraphs(source) is None
