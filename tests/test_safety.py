"""Issue 11, classes 1, 2 and 8: one link policy, refused characters and refused markup,
all found when the issue is loaded, each at its FILE:LINE:COL, every occurrence at once."""

from __future__ import annotations

import textwrap

import pytest

from briefout.errors import Problem, UserError
from briefout.loader import load_issue_bytes
from briefout.render import render_issue
from briefout.safety import link_problem, normalise_whitespace, visible
from briefout.style import Style

ISSUE = textwrap.dedent(
    """\
    briefout: 1
    title: "TITLE"
    subtitle: "SUBTITLE"
    period: 2026-01-10..2026-01-23
    issuer: "ISSUER"
    sections:
      - title: "SECTION"
        items:
          - ja: "JA"
            en: "EN"
            body: |
              BODY
            source:
              outlet: "OUTLET"
              date: 2026-01-05
              url: "URL"
            parts:
              - label: "LABEL"
                body: PART
    """
)
FIELDS = {
    "TITLE": "Title",
    "SUBTITLE": "Sub",
    "ISSUER": "Embassy",
    "SECTION": "Section",
    "JA": "見出し",
    "EN": "Headline",
    "BODY": "Body text.",
    "OUTLET": "Azertag",
    "URL": "https://azertag.az/1",
    "LABEL": "Russian version:",
    "PART": "Part text.",
}


def issue_text(**change: str) -> str:
    """The template with its fields filled; a multi-line BODY keeps the block's indentation."""
    text = ISSUE
    values = {**FIELDS, **change}
    for key in sorted(values, key=len, reverse=True):  # SUBTITLE before TITLE
        text = text.replace(key, values[key].replace("\n", "\n" + " " * 10))
    return text


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(UserError) as caught:
        load_issue_bytes(text.encode("utf-8"), "issue.yaml")
    return caught.value.problems


def where(problem: Problem) -> tuple[int, int]:
    return problem.line, problem.column


def test_the_template_is_valid() -> None:
    load_issue_bytes(issue_text().encode())


# ---------------------------------------------------------------- 1. one link policy

BAD_LINKS = [
    "ms-msdt:/id PCWDiagnostic",
    "search-ms:query=x",
    "smb://host/share",
    "\\\\host\\share",
    "//host/path",
    "relative/path.html",
    "ms-word:ofe|u|https://x.example/a.docx",
    "javascript:alert(1)",
    "file:///etc/passwd",
    "https://",
    "https://exa\u200bmple.org/",
    "https://example.org/\u202egpj.exe",
    "https://example.org/%E2%80%8B",
    "mailto:nobody",
]


@pytest.mark.parametrize("url", BAD_LINKS)
def test_policy_refuses(url: str) -> None:
    assert link_problem(url) is not None


@pytest.mark.parametrize(
    "url", ["https://azertag.az/en/x?a=1&b=2", "HTTP://example.org", "mailto:press@example.org"]
)
def test_policy_accepts(url: str) -> None:
    assert link_problem(url) is None


@pytest.mark.parametrize("url", [u for u in BAD_LINKS if " " not in u])
def test_body_link_is_a_problem_at_its_column(url: str) -> None:
    markdown = url.replace("\\", "\\\\")  # a Markdown escape keeps a backslash
    found = problems_of(issue_text(BODY=f"See [the report](<{markdown}>) now."))
    assert len(found) == 1, found
    assert found[0].path == "sections[0].items[0].body"
    assert "the link" in found[0].message
    assert found[0].line == 12
    assert found[0].column == 29 or "\\" in url  # an escaped backslash is not found


def test_every_bad_link_of_a_body_is_reported_at_once() -> None:
    body = "[a](ms-msdt:x) and [b](smb://h/s)\n- [c](search-ms:q)\n- <ms-word:ofe|u|x>"
    found = problems_of(issue_text(BODY=f"Text.\n\n{body}"))
    assert [(p.line, p.column) for p in found] == [(14, 15), (14, 34), (15, 17), (16, 14)]


@pytest.mark.parametrize("url", ["ms-msdt:x", "smb://h/s", "//host/x", "https://a\\u0007b.org"])
def test_citation_url_follows_the_same_policy(url: str) -> None:
    found = problems_of(issue_text(URL=url))
    assert [p.path for p in found] == ["sections[0].items[0].source.url"]
    assert "\x07" not in str(found[0])


def test_no_writer_gets_a_dangerous_link(style: Style) -> None:
    """Nothing reaches a writer: DOCX and PDF would have made any of them live."""
    for url in ("ms-msdt:x", "\\\\\\\\host\\\\share"):
        with pytest.raises(UserError):
            load_issue_bytes(issue_text(BODY=f"[x]({url})").encode())


# ------------------------------------------------------------ 2. refused characters


@pytest.mark.parametrize(
    ("field", "escape", "code"),
    [
        ("TITLE", "\\v", "U+000B"),
        ("SUBTITLE", "\\e", "U+001B"),
        ("ISSUER", "\\a", "U+0007"),
        ("SECTION", "\\0", "U+0000"),
        ("JA", "\\uFFFE", "U+FFFE"),
        ("EN", "\\uFFFF", "U+FFFF"),
        ("OUTLET", "\\x9B", "U+009B"),
        ("LABEL", "\\f", "U+000C"),
        ("URL", "\\x7F", "U+007F"),
    ],
)
def test_control_character_is_refused_at_its_column(field: str, escape: str, code: str) -> None:
    good = FIELDS[field]
    found = problems_of(issue_text(**{field: good[:3] + escape + good[3:]}))
    assert len(found) >= 1
    first = found[0]
    assert code in first.message
    line = issue_text(**{field: good[:3] + escape + good[3:]}).splitlines()[first.line - 1]
    assert line[first.column - 1 :].startswith(escape), (line, first)
    for problem in found:
        assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in str(problem))


def test_every_occurrence_in_every_field_at_once() -> None:
    text = issue_text(TITLE="a\\x1bb\\x07c", EN="x\\0y", LABEL="l\\vm")
    found = problems_of(text)
    assert [(p.path, p.line, p.column) for p in found] == [
        ("title", 2, 10),
        ("title", 2, 15),
        ("sections[0].items[0].en", 10, 15),
        ("sections[0].items[0].parts[0].label", 18, 22),
    ]


def test_raw_control_characters_are_all_reported_by_the_yaml_reader() -> None:
    found = problems_of(issue_text(BODY="a\x1bb"))
    assert len(found) == 1 and "U+001B" in found[0].message
    assert (found[0].line, found[0].column) == (12, 12)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\tb", "a b"),
        ("a\r\nb", "a\nb"),
        ("a\rb", "a\nb"),
        ("a\x85b", "a\nb"),
        ("a\u2028b", "a\nb"),
        ("a\u2029b", "a\nb"),
    ],
)
def test_word_whitespace_is_whitespace(raw: str, expected: str) -> None:
    assert normalise_whitespace(raw) == expected


@pytest.mark.parametrize("escape", ["\\t", "\\r", "\\N", "\\L", "\\P"])
def test_pasted_whitespace_renders_without_replacement_marks(escape: str, style: Style) -> None:
    text = issue_text(EN=f"Border{escape}report", TITLE=f"Ti{escape}tle")
    issue = load_issue_bytes(text.encode())
    assert issue.sections[0].items[0].en in ("Border report", "Border\nreport")
    result = render_issue(issue, style, "text,pdf,docx,email", environ={})
    assert result.notices == []  # no 〓 and no warning
    plain = result.outputs[0].data.decode()
    assert not any(ch in plain for ch in "\t\r\x85\u2028\u2029")


def test_messages_never_echo_control_characters() -> None:
    assert visible("a\x07b\x1b[31m\u202e") == "a<U+0007>b<U+001B>[31m<U+202E>"
    found = problems_of(issue_text().replace("title:", '"ti\\x07tle":', 1))
    assert any("<U+0007>" in p.message or "U+0007" in p.message for p in found)
    assert all("\x07" not in str(p) for p in found)
    for text in ('briefout: 1\ntitle: !!int "\\x07"\n', 'briefout: 1\n"a\\x07": 1\n"a\\x07": 2\n'):
        found = problems_of(text)
        assert all("\x07" not in str(p) for p in found), found
        assert any("<U+0007>" in str(p) or "U+0007" in str(p) for p in found), found


# ------------------------------------------------------------- 8. refused markup


@pytest.mark.parametrize(
    ("body", "message", "line"),
    [
        ("Text\n\n| a | b |\n|---|---|\n| 1 | 2 |", "tables are not supported", 14),
        ("Text\n\n<div>x</div>", "raw HTML is not supported", 14),
        ("Text <b>bold</b> end", "raw HTML ('<b>')", 12),
        ("See ![a map](https://x.example/m.png) here", "images", 12),
        ("A claim[^1].\n\n[^1]: the note", "footnotes ('[^1]')", 12),
        ("Heading\n=======\n\ntext", "'======='", 13),
        ("Heading\n---\n\ntext", "the line '---' under a line of text", 13),
    ],
)
def test_unsupported_markup_is_refused_where_it_stands(body: str, message: str, line: int) -> None:
    found = problems_of(issue_text(BODY=body))
    assert found[0].path == "sections[0].items[0].body"
    assert message in found[0].message, found[0]
    assert found[0].line == line
    assert "'#'" not in found[0].message or "=" not in body


def test_footnote_definition_does_not_become_a_link() -> None:
    found = problems_of(issue_text(BODY="A claim[^note].\n\n[^note]: https://x.example/"))
    assert [p.line for p in found] == [12, 14]
    assert all("footnotes" in p.message for p in found)


def test_all_markup_problems_of_a_body_at_once() -> None:
    body = "# Head\n\n1. one\n\n<p>x</p>\n\n![i](https://x.example/i.png)"
    found = problems_of(issue_text(BODY=body))
    assert [p.line for p in found] == [12, 14, 16, 18]


def test_plain_printable_text_holds_nothing_to_clean() -> None:
    """Every forbidden character, and every character whitespace normalising changes,
    fails the quick test, so skipping the regular expressions for passing text is exact."""
    from briefout.safety import FORBIDDEN, normalise_whitespace, plain_printable

    for code in range(0x110000):
        ch = chr(code)
        if FORBIDDEN.match(ch) or normalise_whitespace(f"a{ch}b") != f"a{ch}b":
            assert not plain_printable(f"a\n{ch}b"), f"U+{code:04X}"
    assert plain_printable("日本語\nplain text") and not plain_printable("a\tb")
