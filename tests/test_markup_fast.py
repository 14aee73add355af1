"""The plain fast path of markup.py gives exactly what markdown-it gives."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefout.markup import _parse_markdown, _plain_blocks, block_lines, parse_body

#: Mostly plain words (so the fast path is taken often), and pieces near its edges:
#: markup characters, whitespace markdown-it strips or keeps, numbers that start lists.
_WORDS = st.sampled_from(
    ["a", "b", "x.y", "z-", "1", "a:b", "日本", "。"] * 8
    + [*"=+#*_`[]!<>&|~\\\t\r\x00-:", "1.", "9)", "\u3000", "\xa0", " ", ""]
)
_TEXT = st.lists(_WORDS, min_size=1, max_size=3).map(" ".join)
#: Line starts: bullets, continuation indents, numbers, rules, underlines, nothing.
_LINE_STARTS = st.sampled_from(["", "", "- ", "  "] * 6 + ["   ", "    ", "-", "1. ", "\t"])
_LINES = st.one_of(st.just(""), st.tuples(_LINE_STARTS, _TEXT).map("".join))


@settings(max_examples=4000, deadline=None)
@given(st.lists(_LINES, max_size=6).map("\n".join))
@example("a\nb\n\nc")
@example("\n\nfirst line\nsecond\n")
@example("1 apple\n2) b")
@example("a\n===")
@example("- a\n  b\n- c\n\nd")
@example("p\n- a\n\n- b\n  c")
def test_fast_path_equals_markdown_it(source: str) -> None:
    plain = _plain_blocks(source)
    if plain is None or not source.strip():
        return
    assert plain == _parse_markdown(source)
    blocks, _ = plain
    assert [b.model_dump() for b in blocks] == [b.model_dump() for b in _parse_markdown(source)[0]]


@pytest.mark.parametrize(
    "source",
    [
        "Plain words.\nMore words.\n\nA second paragraph.\n",
        "日本語の文。\n\n二つ目。",
        "Intro\n\n- first bullet\n  goes on\n- second\n\nAfter.",
    ],
)
def test_plain_bodies_take_the_fast_path(source: str) -> None:
    assert _plain_blocks(source) is not None
    assert (parse_body(source), block_lines(source)) == _parse_markdown(source)


@pytest.mark.parametrize(
    "source",
    [
        *("- a\n  - nested", "- a\nlazy", "- a\n\n  b", "1. one", "a *word*", "a\n---"),
        *("    code", "a  \nb", "x &amp; y", "a\tb"),
    ],
)
def test_markup_is_left_to_markdown_it(source: str) -> None:
    assert _plain_blocks(source) is None
