"""The plain-text writer, golden-tested on both samples."""

from __future__ import annotations

import pytest

from briefout.render import render_issue

from conftest import SAMPLE_FILES


@pytest.mark.parametrize("sample", sorted(SAMPLE_FILES))
def test_text_golden(sample: str, style, golden) -> None:  # type: ignore[no-untyped-def]
    from briefout.loader import load_issue

    issue = load_issue(SAMPLE_FILES[sample])
    text = render_issue(issue, style, "text", stem=sample).outputs[0].data.decode("utf-8")
    golden.check(f"text/{sample}.txt", text)


def test_text_layout_follows_the_style(reference_issue, style) -> None:  # type: ignore[no-untyped-def]
    text = render_issue(reference_issue, style, "text").outputs[0].data.decode("utf-8")
    blocks = text.split("\n\n")
    assert blocks[:4] == [
        "アゼルバイジャン政治・治安情報",
        "(公開情報とりまとめ)",
        "2025年12月27日～2026年1月9日",
        "在アゼルバイジャン大使館",
    ]
    assert blocks[4] == "1. 軍事・治安関係" and text.endswith("\nEND\n")
    assert text.count("\n● ") == 17 and text.count("\n• ") == 9
    assert "(Azertag, 05.01.2026)" in text and "Russian version:" in text
