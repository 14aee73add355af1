"""The loader: every class of bad input gets a plain message at the right line and column."""

from __future__ import annotations

import datetime as dt
import textwrap
import time

import pytest

from briefout.errors import Problem, UserError
from briefout.loader import load_issue, load_issue_bytes
from briefout.model import BulletList, Paragraph

GOOD = textwrap.dedent(
    """\
    briefout: 1
    title: アゼルバイジャン政治・治安情報
    period: 2026-01-10..2026-01-23
    issuer: 在アゼルバイジャン大使館
    sections:
      - title: 軍事・治安関係
        items:
          - ja: 見出し
            en: Headline
            body: |
              First *para* with [a link](https://example.org) and **bold**.

              - one
              - two
            source: Azertag, 2026-01-05
    """
)


def problems(text: str | bytes) -> list[Problem]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(UserError) as caught:
        load_issue_bytes(raw, "issue.yaml")
    return caught.value.problems


def only(text: str | bytes) -> Problem:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


def test_good_issue_builds_the_tree() -> None:
    issue = load_issue_bytes(GOOD.encode())
    item = issue.sections[0].items[0]
    assert issue.period.start == dt.date(2026, 1, 10)
    paragraph, bullets = item.body
    assert isinstance(paragraph, Paragraph) and isinstance(bullets, BulletList)
    assert [(r.text, r.strong, r.emph, r.href) for r in paragraph.runs] == [
        ("First ", False, False, None),
        ("para", False, True, None),
        (" with ", False, False, None),
        ("a link", False, False, "https://example.org"),
        (" and ", False, False, None),
        ("bold", True, False, None),
        (".", False, False, None),
    ]
    assert [entry[0].text for entry in bullets.items] == ["one", "two"]
    assert item.source is not None and item.source.outlet == "Azertag"
    assert item.source.date == dt.date(2026, 1, 5)


def test_citation_as_mapping_with_url() -> None:
    text = GOOD.replace(
        "source: Azertag, 2026-01-05",
        "source: {outlet: APA, date: 2025-12-30, url: 'https://apa.az/x'}",
    )
    source = load_issue_bytes(text.encode()).sections[0].items[0].source
    assert source is not None and source.url == "https://apa.az/x"


def test_bom_is_accepted() -> None:
    assert load_issue_bytes(b"\xef\xbb\xbf" + GOOD.encode()).title.startswith("アゼルバイジャン")


def test_unknown_key_has_did_you_mean_at_the_key() -> None:
    problem = only(GOOD.replace("title: アゼルバイジャン政治", "titel: アゼルバイジャン政治"))
    assert problem.message == "unknown key 'titel'"
    assert "did you mean 'title'?" in problem.hint


def test_unknown_nested_key_position_and_path() -> None:
    found = problems(GOOD.replace("        en: Headline", "        en: Headline\n        eng: x"))
    problem = next(p for p in found if "eng" in p.message)
    assert (problem.line, problem.column) == (10, 9)
    assert problem.path == "sections[0].items[0].eng"
    assert "did you mean 'en'?" in problem.hint


def test_missing_key_is_named_with_a_hint() -> None:
    problem = only(GOOD.replace("        en: Headline\n", ""))
    assert problem.message == "'en' is missing"
    assert problem.path == "sections[0].items[0]"
    assert problem.line == 8 and "add 'en:'" in problem.hint


def test_every_problem_is_reported_at_once() -> None:
    text = GOOD.replace("period: 2026-01-10..2026-01-23", "period: 2026-01-10..2026-13-45")
    text = text.replace("        en: Headline\n", "").replace("issuer:", "isuer:")
    found = problems(text)
    assert [p.message for p in found] == [
        "'2026-13-45' is not a valid date",
        "unknown key 'isuer'",  # its "'issuer' is missing" twin is left out
        "'en' is missing",
    ]
    assert [p.line for p in found] == sorted(p.line for p in found)


def test_impossible_date_is_an_error_at_its_line() -> None:
    problem = only(GOOD.replace("Azertag, 2026-01-05", "Azertag, 2026-13-45"))
    assert problem.line == 15 and problem.path == "sections[0].items[0].source"
    assert "'2026-13-45' is not a valid date" in problem.message
    assert "YYYY-MM-DD" in problem.hint


def test_period_must_not_end_before_it_starts() -> None:
    problem = only(GOOD.replace("2026-01-10..2026-01-23", "2026-01-23..2026-01-10"))
    assert problem.line == 3 and "ends" in problem.message


def test_duplicate_keys_are_errors() -> None:
    problem = only(GOOD.replace("issuer: 在", "title: again\nissuer: 在"))
    assert problem.line == 4
    assert "the key 'title' appears twice" in problem.message
    assert "first on line 2" in problem.message


def test_yaml_syntax_error_has_position_and_hint() -> None:
    problem = only(GOOD.replace("        en: Headline", "        en: Headline: with colon"))
    assert problem.line == 9 and problem.message.startswith("YAML syntax error")
    assert "quotes" in problem.hint


def test_tab_indentation_is_explained() -> None:
    problem = only(GOOD.replace("  - title: 軍事", "\t- title: 軍事"))
    assert problem.line == 6 and "tabs" in problem.hint


def test_unclosed_quote() -> None:
    problem = only(GOOD.replace("en: Headline", 'en: "Headline'))
    assert problem.message.startswith("YAML syntax error")


def test_more_than_one_document() -> None:
    problem = only(GOOD + "---\nbriefout: 1\n")
    assert "more than one YAML document" in problem.message


def test_empty_file() -> None:
    assert "empty" in only("").message


def test_top_level_must_be_a_mapping() -> None:
    assert "mapping" in only("- a\n- b\n").message


def test_invalid_utf8_is_located() -> None:
    raw = GOOD.encode().replace("見出し".encode(), "見出し".encode("shift_jis"))
    problem = only(raw)
    assert (problem.line, problem.column) == (8, 13)
    assert "not valid UTF-8" in problem.message and "UTF-8" in problem.hint


def test_utf16_is_refused() -> None:
    assert "UTF-16" in only(GOOD.encode("utf-16")).message


def test_control_character_is_refused() -> None:
    problem = only(GOOD.replace("Headline", "Head\x07line"))
    assert problem.line == 9 and "U+0007" in problem.message


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    started = time.perf_counter()
    problem = only("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 5  # generous; bench/ measures the real figure
    assert "aliases" in problem.message


def test_small_aliases_are_fine() -> None:
    text = GOOD.replace("source: Azertag, 2026-01-05", "source: &src Azertag, 2026-01-05")
    text += "      - ja: 二\n        en: Two\n        body: x\n        source: *src\n"
    issue = load_issue_bytes(text.encode())
    assert issue.sections[0].items[1].source == issue.sections[0].items[0].source


def test_yes_no_stay_text_not_booleans() -> None:
    issue = load_issue_bytes(GOOD.replace("en: Headline", "en: no").encode())
    assert issue.sections[0].items[0].en == "no"


def test_wrong_format_version() -> None:
    problem = only(GOOD.replace("briefout: 1", "briefout: 2"))
    assert problem.line == 1 and "briefout: 1" in problem.hint


def test_missing_format_version() -> None:
    problem = only(GOOD.replace("briefout: 1\n", ""))
    assert "add 'briefout: 1'" in problem.hint


def test_empty_headline() -> None:
    problem = only(GOOD.replace("en: Headline", 'en: ""'))
    assert problem.path == "sections[0].items[0].en" and problem.message == "is empty"


def test_list_expected() -> None:
    problem = only(GOOD.replace("sections:\n", "sections: none\n", 1).split("  - title")[0])
    assert problem.message.startswith("expected a list")


@pytest.mark.parametrize(
    ("markup", "expected", "line"),
    [
        ("# Heading", "heading", 13),
        ("1. first", "numbered lists", 13),
        ("> quoted", "quotes", 13),
        ("```\ncode\n```", "code blocks", 13),
        ("- a\n  - nested", "nested bullets", 14),
        ("- a\n-\n- b", "a bullet is empty", 14),
        ("-\n- b", "a bullet is empty", 13),
        ("- a\n\n  second paragraph\n- b", "one paragraph", 13),
    ],
)
def test_unsupported_markup_is_refused_at_its_body_line(
    markup: str, expected: str, line: int
) -> None:
    body = "Intro paragraph.\n\n" + markup
    indented = "\n".join("          " + line if line else "" for line in body.splitlines())
    text = GOOD.replace(
        "          First *para* with [a link](https://example.org) and **bold**.\n\n"
        "          - one\n          - two\n",
        indented + "\n",
    )
    problem = only(text)
    assert expected in problem.message
    assert problem.path == "sections[0].items[0].body"
    assert problem.line == line  # the line of the markup, not the 'body:' key line
    assert problem.column == 11 + (2 if expected == "nested bullets" else 0)


def test_inline_html_is_refused_and_an_escaped_bracket_is_text() -> None:
    text = GOOD.replace("First *para*", "A <script>alert(1)</script> tag")
    with pytest.raises(UserError, match=r"raw HTML \('<script>'\) is not supported"):
        load_issue_bytes(text.encode())
    text = GOOD.replace("First *para*", r"A \<script> tag, 1 < 2")
    runs = load_issue_bytes(text.encode()).sections[0].items[0].body[0].runs  # type: ignore[union-attr]
    assert "A <script> tag, 1 < 2" in "".join(r.text for r in runs)


def test_missing_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError, match="no such file"):
        load_issue(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("!!python/object:os.system x", "the tag '!!python/object:os.system' is not supported"),
        ("!include other.yaml", "the tag '!include' is not supported"),
        ("!!timestamp 2026-01-01", "the tag '!!timestamp' is not supported"),
        ("!!int abc", "'abc' is not a valid !!int"),
        ("!!bool maybe", "'maybe' is not a valid !!bool"),
    ],
)
def test_tags_are_user_errors_at_their_position(value: str, expected: str) -> None:
    problem = only(GOOD.replace("en: Headline", f"en: {value}"))
    assert (problem.line, problem.column) == (9, 13)
    assert problem.path == "sections[0].items[0].en"
    assert problem.message == expected and "tag" in problem.hint


def test_merge_keys_are_explained() -> None:
    text = GOOD.replace("        en: Headline\n", "        <<: {en: Headline}\n")
    problem = only(text)
    assert (problem.line, problem.column) == (9, 9)
    assert "merge keys" in problem.message and "write the keys out" in problem.hint


def test_explicit_str_tag_is_fine() -> None:
    issue = load_issue_bytes(GOOD.replace("en: Headline", "en: !!str 2026").encode())
    assert issue.sections[0].items[0].en == "2026"


@pytest.mark.parametrize(
    "body",
    [
        "123",
        "[one, two]",
        "[{kind: paragraph, runs: [{text: click, href: 'javascript:alert(1)'}]}]",
    ],
)
def test_a_body_is_text_not_the_internal_tree(body: str) -> None:
    text = GOOD.replace(
        "body: |\n          First *para* with [a link](https://example.org) and **bold**.\n\n"
        "          - one\n          - two\n",
        f"body: {body}\n",
    )
    problem = only(text)
    assert (problem.line, problem.path) == (10, "sections[0].items[0].body")
    assert problem.message.startswith("expected text")
    assert "|" in problem.hint


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "file:///etc/passwd", "https://a b", "example.org/x", ""]
)
def test_citation_url_must_be_a_web_address(url: str) -> None:
    text = GOOD.replace(
        "source: Azertag, 2026-01-05",
        f"source: {{outlet: APA, date: 2025-12-30, url: '{url}'}}",
    )
    problem = only(text)
    assert (problem.line, problem.path) == (15, "sections[0].items[0].source.url")
    assert "http" in problem.message and "https://" in problem.hint


LITERAL_BODY = (
    "body: |\n          First *para* with [a link](https://example.org) and **bold**.\n\n"
    "          - one\n          - two\n"
)


@pytest.mark.parametrize(
    ("body", "line", "column"),
    [
        # folded: the blank line disappears from the text, the markup is on file line 14
        ("body: >\n          Intro\n          text.\n\n          > quoted\n", 14, 11),
        # plain, over several lines: folded the same way
        ("body:\n          Intro\n          text.\n\n          1. first\n", 14, 11),
        ("body: Intro\n          text.\n\n          1. first\n", 13, 11),
        # double quotes: a line in the file, or an escape; the escape points at the scalar
        ('body: "Intro\n\n          1. first"\n', 12, 11),
        ('body: "Intro\\n\\n1. first"\n', 10, 15),
    ],
)
def test_markup_line_in_folded_plain_and_quoted_bodies(body: str, line: int, column: int) -> None:
    problem = only(GOOD.replace(LITERAL_BODY, body))
    assert problem.path == "sections[0].items[0].body"
    assert (problem.line, problem.column) == (line, column)


def test_misaligned_key_gets_an_indentation_hint() -> None:
    problem = only(GOOD.replace("        en: Headline", "       en: Headline"))
    assert problem.line == 9 and problem.message.startswith("YAML syntax error")
    assert "indentation" in problem.hint and "line up" in problem.hint
