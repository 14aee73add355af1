"""The HTML e-mail writer: goldens, escaping, size budget (real clients: test_email_clients)."""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

import pytest

from briefout.dates import document_timestamp
from briefout.loader import load_issue, load_issue_bytes
from briefout.model import Issue
from briefout.style import Style
from briefout.writers import RenderContext
from briefout.writers.email import EmailOptions, EmailWriter, mjml_source

from conftest import SAMPLE_FILES, outputs_across_time_zones


def render_email(issue: Issue, style: Style, stem: str = "issue") -> tuple[str, list[str]]:
    context = RenderContext(timestamp=document_timestamp(issue, {}), stem=stem, writer="email")
    data = EmailWriter().render(issue, style, context)
    return data.decode("utf-8"), [str(notice) for notice in context.notices]


def pretty(html: str) -> str:
    """One tag (or comment, or text) per line, for readable golden diffs."""
    tokens = re.split(r"(<!--.*?-->|<[^>]*>)", html, flags=re.S)
    return "".join(token.strip() + "\n" for token in tokens if token.strip())


class Collector(html.parser.HTMLParser):
    """Tags, attributes and visible text of a page (comments and <style> skipped)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "title"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:  # HTML's white space collapses (a folded line break is a space)
            self.text.append(re.sub(r"[ \t\n\r\f]+", " ", data))


def parse(html: str) -> Collector:
    collector = Collector()
    collector.feed(html)
    collector.close()
    return collector


# ------------------------------------------------------------------ goldens and shape


@pytest.mark.parametrize("sample", ["minimal", "reference"])
def test_golden(sample: str, style: Style, golden) -> None:
    html, notices = render_email(load_issue(SAMPLE_FILES[sample]), style, sample)
    assert notices == []
    golden.check(f"email/{sample}.html", pretty(html))


def test_reference_layout(reference_issue: Issue, style: Style) -> None:
    html, _ = render_email(reference_issue, style, "reference")
    assert len(html.encode("utf-8")) <= 70_000  # the target for the reference sample
    page = parse(html)
    assert html.startswith('<!doctype html><html lang="ja"')
    assert '<meta name="color-scheme" content="light dark"' in html
    assert "prefers-color-scheme: dark" in html
    assert "max-width:600px" in html
    assert "Hiragino" in html and "Meiryo" in html and "Noto Sans JP" in html
    # no web fonts, remote images or stylesheets
    assert "fonts.googleapis" not in html and "@import" not in html and "<link" not in html
    assert not [tag for tag, _ in page.tags if tag in ("img", "script", "link", "iframe")]
    ids = {attrs["id"] for _, attrs in page.tags if attrs.get("id")}
    links = [attrs["href"] for tag, attrs in page.tags if tag == "a"]
    anchors = [f"item-{s}-{i}" for s, i, _, _ in reference_issue.items()]
    assert set(anchors) <= ids and "top" in ids
    for anchor in anchors:  # every item is in the contents and can be jumped to
        assert f"#{anchor}" in links
    assert links.count("#top") == len(anchors)  # a back-to-top link after every item
    text = "".join(page.text)
    for _, _, _, item in reference_issue.items():
        assert f"● {item.ja}" in text and item.en in text
    assert "(Azertag, 05.01.2026)" in text
    assert "Russian version:" in text
    assert "reference.pdf" in text and "reference.docx" in text
    preheader = html.split('overflow:hidden;">', 1)[1].split("</div>", 1)[0]
    first = [item.ja for _, _, _, item in reference_issue.items()][:3]
    assert preheader.startswith("2025年12月27日～2026年1月9日") and first[2] in preheader


def test_words_between_inline_elements_keep_their_spaces(minimal_issue, style) -> None:
    html, _ = render_email(minimal_issue, style)
    text = re.sub(r"\s+", " ", "".join(parse(html).text))
    assert "according to the State Border Service." in text
    assert "108 for using forged documents (Apa, 07.01.2026)" in text


def test_identical_bytes_across_runs_and_time_zones(tmp_path: Path) -> None:
    code = (
        "import sys; from briefout.loader import load_issue; from briefout.style import "
        "load_style; from briefout.render import render_issue; "
        f"r = render_issue(load_issue({str(SAMPLE_FILES['reference'])!r}), load_style(), "
        "'email'); sys.stdout.buffer.write(r.outputs[0].data)"
    )
    outputs = outputs_across_time_zones(code)
    assert len(outputs) == 1


# ------------------------------------------------------------------ escaping

HOSTILE = [
    "<script>alert(1)</script>",
    "</mj-text><mj-raw><img src=x onerror=alert(2)></mj-raw>",
    "{{ title }}{% raw %}x{% endraw %}{# c #}",
    "\"quoted\" & 'single' &amp; &lt;b&gt;",
    "<!-- c --><![CDATA[x]]>",
]


def hostile_issue() -> Issue:
    """Every text field of an issue holds something that looks like markup or template code.

    In bodies, raw HTML is refused at load (see test_loader); written with Markdown's
    escape (``\\<``) it is text, and must reach the e-mail as text.
    """
    import yaml

    h = HOSTILE
    b = [piece.replace("<", "\\<") for piece in HOSTILE]
    body = (
        f"Text {b[0]} and *{b[1]}* and **{b[2]}**.\n\n"
        f"- {b[3]}\n- [{b[4]}](https://ex.example/3)\n- [x](https://ex.example/?a=%22onclick=1)"
    )
    data = {
        "briefout": 1,
        "title": h[0],
        "subtitle": h[1],
        "period": "2026-01-01..2026-01-07",
        "issuer": h[2],
        "sections": [
            {
                "title": h[3],
                "items": [
                    {
                        "ja": h[4],
                        "en": h[0],
                        "body": body,
                        "source": {"outlet": h[1], "date": "2026-01-02"},
                        "parts": [
                            {
                                "label": h[2],
                                "body": b[3],
                                "source": {"outlet": h[4], "date": "2026-01-03"},
                            }
                        ],
                    }
                ],
            }
        ],
    }
    source = yaml.safe_dump(data, allow_unicode=True)
    return load_issue_bytes(source.encode("utf-8"), "hostile.yaml")


def test_hostile_content_shows_as_text(style: Style) -> None:
    issue = hostile_issue()
    html, notices = render_email(issue, style)
    assert notices == []
    page = parse(html)
    allowed = {
        "html", "head", "title", "meta", "style", "body", "div", "table", "tbody", "tr", "td",
        "p", "h1", "h2", "h3", "ul", "li", "a", "b", "i", "br",
    }  # fmt: skip
    assert {tag for tag, _ in page.tags} <= allowed
    for _, attrs in page.tags:
        assert not [name for name in attrs if name.startswith("on")]
    hrefs = [attrs["href"] for tag, attrs in page.tags if tag == "a"]
    assert not [h for h in hrefs if not h.startswith(("#", "https://"))]
    assert "https://ex.example/?a=%22onclick=1" in hrefs
    text = "".join(page.text)
    for piece in HOSTILE:
        assert piece in text
    assert "{{ title }}" in html.replace("&#123;", "{")  # template syntax is not evaluated


def test_unsafe_link_cannot_be_built_in_code_either() -> None:
    """The model holds the one link policy, so no writer needs its own filter."""
    from pydantic import ValidationError

    from briefout.model import Run

    for href in ("javascript:alert(3)", "ms-msdt:x", "https://a.example/\u202e", "//host/x"):
        with pytest.raises(ValidationError, match="the link"):
            Run(text="click", href=href)
    assert Run(text="ok", href="mailto:press@example.org").href == "mailto:press@example.org"


def test_mjml_source_escapes_content(style: Style) -> None:
    issue = hostile_issue()
    context = RenderContext(timestamp=document_timestamp(issue, {}))
    source = mjml_source(issue, style, context)
    assert "</mj-text><mj-raw>" not in source
    assert "&lt;/mj-text&gt;&lt;mj-raw&gt;" in source


# ------------------------------------------------------------------ size budget


def long_issue(base: Issue, copies: int) -> Issue:
    sections = tuple(
        section.model_copy(update={"items": section.items * copies}) for section in base.sections
    )
    return base.model_copy(update={"sections": sections})


@pytest.mark.parametrize("copies", [2, 3, 40])
def test_long_issue_stays_under_the_clipping_limit(reference_issue, style, copies) -> None:
    issue = long_issue(reference_issue, copies)
    budget = style.writer_options("email", EmailOptions).size_budget_bytes
    html, notices = render_email(issue, style)
    assert len(html.encode("utf-8")) <= budget < 102_000  # Gmail clips HTML over 102 KB
    assert notices and all("Gmail clips" in notice for notice in notices)
    text = "".join(parse(html).text)
    first = reference_issue.sections[0].items[0]
    assert f"● {first.ja}" in text and first.en in text
    if copies < 40:  # its first paragraph
        assert "The Azerbaijan Mine Action Agency (ANAMA) carried out" in text
    if copies == 2:  # shortening later items is enough: the first item stays whole
        assert "(Azertag, 05.01.2026)" in text and "全文は添付PDF参照" in text
        assert len(notices) == 1
    if copies == 40:  # the tail is left out, and the e-mail says how many items
        assert re.search(r"ほか\d+件の記事は添付PDF参照", text)
        assert "left out" in notices[-1]


def test_degradation_shortens_the_fewest_items(reference_issue, style) -> None:
    issue = long_issue(reference_issue, 2)
    html, notices = render_email(issue, style)
    budget = style.writer_options("email", EmailOptions).size_budget_bytes
    assert len(notices) == 1 and "shortened to the headlines and first paragraph" in notices[0]
    shortened = html.count("全文は添付PDF参照")
    assert 0 < shortened < sum(1 for _ in issue.items())
    # one fewer shortened item would not fit: the search found the smallest step
    from briefout.writers.email import _levels_at, _Renderer

    context = RenderContext(timestamp=document_timestamp(issue, {}), writer="email")
    renderer = _Renderer(issue, style, context)
    bigger = renderer.compile(_levels_at(shortened - 1, renderer.count)).encode("utf-8")
    assert len(bigger) > budget


def test_template_cache_never_changes_or_breaks_output(minimal_issue, style, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFOUT_CACHE_DIR", str(tmp_path / "briefout"))
    first, _ = render_email(minimal_issue, style)
    (cached,) = (tmp_path / "briefout" / "jinja2").iterdir()
    assert render_email(minimal_issue, style)[0] == first  # from the cache
    cached.write_bytes(b"garbage")
    assert render_email(minimal_issue, style)[0] == first  # a corrupt cache is ignored
    monkeypatch.setenv("BRIEFOUT_CACHE_DIR", str(tmp_path / "file"))
    (tmp_path / "file").write_text("not a folder")
    assert render_email(minimal_issue, style)[0] == first  # an unusable cache folder too


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("omitted_note: 'ほか{n}件'", "{n}"),
        ("preheader: '{period} {headline}'", "{headline}"),
        ("attachment_note: '{files'", "cannot be filled"),
    ],
)
def test_format_strings_in_the_options_are_style_errors(
    minimal_issue, tmp_path: Path, setting: str, expected: str
) -> None:
    from briefout.errors import UserError
    from briefout.style import load_style

    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "style.yaml").write_text(
        f"inherits: embassy\nwriters:\n  email:\n    {setting}\n", encoding="utf-8"
    )
    with pytest.raises(UserError) as caught:
        render_email(minimal_issue, load_style(folder))
    (problem,) = caught.value.problems
    assert problem.line == 4 and problem.path.startswith("writers.email.")
    assert expected in problem.message


def test_shortening_notice_counts_items_in_plain_words() -> None:
    from briefout.writers.email import _these

    assert _these(1) == "this item was"
    assert _these(2) == "this and the 1 item after it were"
    assert _these(5) == "this and the 4 items after it were"


def test_link_attributes_escape_ampersands_and_keep_the_address(minimal_issue, style) -> None:
    """A query string's & must reach the attribute as &amp; (written out here by hand), and the
    address a reader clicks must be the one the editor wrote."""
    from html.parser import HTMLParser

    from briefout.model import Paragraph, Run

    hrefs = [
        "https://example.org/search?q=a&b=2&lang=ja",
        "https://example.org/?x=1&amp=2",
        "mailto:press@example.org?subject=A&body=B",
    ]
    item = minimal_issue.sections[0].items[0]
    runs = tuple(Run(text=f"link {n}", href=href) for n, href in enumerate(hrefs))
    body = (Paragraph(runs=runs), *item.body)
    section = minimal_issue.sections[0].model_copy(
        update={"items": (item.model_copy(update={"body": body}),)}
    )
    issue = minimal_issue.model_copy(update={"sections": (section,)})
    html, notices = render_email(issue, style)
    assert notices == []
    assert 'href="https://example.org/search?q=a&amp;b=2&amp;lang=ja"' in html
    assert 'href="https://example.org/?x=1&amp;amp=2"' in html
    assert 'href="mailto:press@example.org?subject=A&amp;body=B"' in html
    assert "&b=2" not in html and "&lang" not in html

    class Links(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "a":
                self.found.append(dict(attrs).get("href") or "")

    parser = Links()
    parser.feed(html)
    assert [href for href in parser.found if href in hrefs] == hrefs
