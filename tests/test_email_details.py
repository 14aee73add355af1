"""The e-mail writer's parts, each against an answer worked out by hand from the style data
and the specification (never produced by the code under test): role CSS, escaping of text
and link attributes, the levels of shortening, the budget search, the shortening notices,
MJML compilation and the web page's links.  Fast: no external program.
"""

from __future__ import annotations

import html.parser
from pathlib import Path
from typing import ClassVar

import pytest

from briefout.dates import document_timestamp
from briefout.errors import UserError
from briefout.loader import load_issue_bytes
from briefout.model import BulletList, Issue, Paragraph, Run
from briefout.style import Style, load_style
from briefout.writers import RenderContext
from briefout.writers.email import (
    EmailOptions,
    EmailWriter,
    _css,
    _language,
    _levels_at,
    _runs_html,
    compile_mjml,
)

# Two sections, five items; each has a first paragraph, a citation and (but the last) a list;
# the first two have links, the second a second paragraph; the last is one paragraph alone.
TINY = """\
briefout: 1
title: Tiny
period: 2026-01-05..2026-01-09
issuer: Embassy
sections:
  - title: One
    items:
      - {ja: 一の一, en: One one, body: "Para 1-1. [src](https://ex.example/1)\\n\\n- b [l](https://ex.example/b)", source: "Apa, 2026-01-05"}
      - {ja: 一の二, en: One two, body: "Para 1-2. [two](https://ex.example/2)\\n\\nSecond 1-2.\\n\\n- b", source: "Apa, 2026-01-06"}
      - {ja: 一の三, en: One three, body: "Para 1-3.\\n\\n- b", source: "Apa, 2026-01-07"}
  - title: Two
    items:
      - {ja: 二の一, en: Two one, body: "Para 2-1.\\n\\n- b", source: "Apa, 2026-01-08"}
      - {ja: 二の二, en: Two two, body: "Para 2-2.", source: "Apa, 2026-01-09"}
"""  # noqa: E501 (one line per item: the notices name their lines)


@pytest.fixture(scope="module")
def tiny() -> Issue:
    return load_issue_bytes(TINY.encode("utf-8"), "tiny.yaml")


def context_for(issue: Issue, **options: object) -> RenderContext:
    return RenderContext(
        timestamp=document_timestamp(issue, {}), writer="email", issue=issue, options=options
    )


def own_style(tmp_path: Path, text: str) -> Style:
    folder = tmp_path / "mine"
    folder.mkdir(parents=True)
    (folder / "style.yaml").write_text(f"inherits: embassy\n{text}", encoding="utf-8")
    return load_style(folder)


# ------------------------------------------------------------------ role CSS

# From styles/embassy/style.yaml: px_per_pt 1.3333, sizes rounded to 0.1 px; a role's colour
# and font family are written only where they differ from the text colour and body font.
EMBASSY_CSS = {
    # 16pt = 21.3328px; space 24pt/6pt = 32px/8px; bold, centred; Role default line height 1.2
    "title": "font-size:21.3px;line-height:1.2;font-weight:bold;text-align:center;"
    "margin:32px 0 8px 0",
    # 10.5pt = 14px; 10pt = 13.3px above, 2pt = 2.7px below; indent = hanging 13.335pt = 17.8px
    "headline_ja": "font-size:14px;line-height:1.2;font-weight:bold;text-align:left;"
    "margin:13.3px 0 2.7px 17.8px;text-indent:-17.8px",
    "body": "font-size:14px;line-height:1.25;font-weight:normal;text-align:justify;"
    "margin:0 0 8px 0",
    # indent 18pt = 24px, hanging 12pt = 16px, 3pt = 4px below
    "bullet": "font-size:14px;line-height:1.25;font-weight:normal;text-align:justify;"
    "margin:0 0 4px 24px;text-indent:-16px",
    # 8pt = 10.7px, colour muted (#555555) differs from text (#000000)
    "header": "font-size:10.7px;line-height:1.2;font-weight:normal;text-align:right;"
    "color:#555555;margin:0 0 0 0",
}


def test_role_css_of_the_embassy_style(style: Style) -> None:
    css = _css(style, style.writer_options("email", EmailOptions))
    for role, expected in EMBASSY_CSS.items():
        assert css.roles[role] == expected, role
    assert set(css.roles) == set(style.roles)
    assert css.default_font == (
        "'Hiragino Kaku Gothic ProN', 'Hiragino Sans', Meiryo, 'Yu Gothic', 'Noto Sans JP', "
        "sans-serif"
    )
    assert (css.default_colour, css.default_size, css.default_line_height) == (
        "#000000",
        "14px",
        "1.25",
    )


def test_role_css_names_a_different_font_italic_and_colour(tmp_path: Path) -> None:
    mine = own_style(
        tmp_path,
        "fonts: {email: {heading: 'Georgia, serif'}}\n"
        "colours: {text: '#1f3864'}\n"  # the same colour as accent (#1F3864), in lower case
        "roles:\n"
        "  title: {italic: true, colour: accent}\n"
        "  footer: {colour: muted}\n"
        "writers: {email: {px_per_pt: 1.5}}\n",
    )
    css = _css(mine, mine.writer_options("email", EmailOptions))
    # heading font differs from the body's: named; accent equals text but for case: no colour;
    # 16pt x 1.5 = 24px, 24pt = 36px, 6pt = 9px
    assert css.roles["title"] == (
        "font-family:Georgia, serif;font-size:24px;line-height:1.2;font-weight:bold;"
        "font-style:italic;text-align:center;margin:36px 0 9px 0"
    )
    # footer: 9pt = 13.5px, centred, muted
    assert css.roles["footer"] == (
        "font-size:13.5px;line-height:1.2;font-weight:normal;text-align:center;"
        "color:#555555;margin:0 0 0 0"
    )
    assert css.default_colour == "#1f3864" and css.default_size == "15.8px"  # 10.5 x 1.5


@pytest.mark.parametrize(
    ("setting", "path", "column", "first"),
    [
        ("fonts: {email: {heading: 'Georgia; x:y'}}\n", "fonts.email.heading", 26, ";"),
        ("fonts: {email: {body: 'A\"B<'}}\n", "fonts.email.body", 23, '"'),
        ("writers: {email: {outlook_font: 'Meiryo}'}}\n", "writers.email.outlook_font", 33, "}"),
    ],
)  # fmt: skip
def test_a_font_that_could_break_out_of_css_is_refused_when_the_style_loads(
    tmp_path: Path, setting: str, path: str, column: int, first: str
) -> None:
    with pytest.raises(UserError) as caught:  # writer settings: when check or render reads them
        own_style(tmp_path, setting).writer_options("email", EmailOptions)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column, problem.path) == (2, column, path)
    assert problem.message == (
        f'{first!r} is a character CSS does not allow here (one of "<>&;{{}}\\)'
    )
    assert problem.hint == "write font names in single quotes"


def test_a_style_built_in_code_is_checked_before_its_fonts_reach_the_css() -> None:
    from briefout.writers.email import check_css

    assert check_css("'Yu Gothic', sans-serif", "fonts.email.body") == "'Yu Gothic', sans-serif"
    for bad in ('"', "<", ">", "&", ";", "{", "}", "\\"):
        with pytest.raises(UserError) as caught:
            check_css(f"A{bad}B", "fonts.email.body")
        assert str(caught.value) == (
            f"style: fonts.email.body = {f'A{bad}B'!r}: {bad!r} is a character CSS does not "
            'allow here (one of "<>&;{}\\); write font names in single quotes'
        )


@pytest.mark.parametrize("role", ["body", "heading"])
def test_a_style_changed_in_code_is_checked_again_before_its_fonts_reach_the_css(
    style: Style, tiny: Issue, role: str
) -> None:
    """model_copy skips validation: the writer checks the font stacks itself."""
    fonts = style.fonts.model_copy(update={"email": {**style.fonts.email, role: "X</style>"}})
    changed = style.model_copy(update={"fonts": fonts})
    with pytest.raises(UserError) as caught:
        EmailWriter().render(tiny, changed, context_for(tiny))
    assert str(caught.value) == (
        f"style: fonts.email.{role} = 'X</style>': '<' is a character CSS does not allow here "
        '(one of "<>&;{}\\); write font names in single quotes'
    )


# ------------------------------------------------------------------ escaping


def test_runs_escape_text_and_attributes() -> None:
    runs = (
        Run(text="a<b> & \"c\" 'd'\nnext"),
        Run(text="em", emph=True),
        Run(text="st", strong=True),
        Run(text="both", emph=True, strong=True),
        Run(text="go & see", href="https://ex.example/?a=1&b=2"),
    )
    assert str(_runs_html(runs, "#1155CC")) == (
        "a&lt;b&gt; &amp; &#34;c&#34; &#39;d&#39;<br>next"
        "<i>em</i><b>st</b><b><i>both</i></b>"
        '<a href="https://ex.example/?a=1&amp;b=2" style="color:#1155CC">go &amp; see</a>'
    )


def test_a_link_attribute_is_escaped_even_past_the_model_policy() -> None:
    """The model refuses quotes and brackets in a link; built around that check, the
    attribute still cannot be closed early (defence in depth)."""
    run = Run.model_construct(text="x", href="https://ex.example/?q=<a>&b=\"c\"&d='e'")
    assert str(_runs_html((run,), "#000000")) == (
        '<a href="https://ex.example/?q=&lt;a&gt;&amp;b=&#34;c&#34;&amp;d=&#39;e&#39;" '
        'style="color:#000000">x</a>'
    )


class _Attributes(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")


def test_links_and_text_reach_the_compiled_html_escaped(tiny: Issue, style: Style) -> None:
    href = "https://ex.example/p?x=1&y=2&amp=3"
    item = tiny.sections[0].items[0]
    para = Paragraph(runs=(Run(text="R&D <tag> \"q\" 'a'", href=href),))
    section = tiny.sections[0].model_copy(
        update={"items": (item.model_copy(update={"body": (para,)}),)}
    )
    issue = tiny.model_copy(update={"sections": (section,)})
    html = EmailWriter().render(issue, style, context_for(issue)).decode("utf-8")
    assert 'href="https://ex.example/p?x=1&amp;y=2&amp;amp=3"' in html
    assert "R&amp;D &lt;tag&gt;" in html and "<tag>" not in html
    parser = _Attributes()
    parser.feed(html)
    assert href in parser.hrefs


def test_a_body_without_japanese_is_marked_english() -> None:
    def block(text: str) -> Paragraph:
        return Paragraph(runs=(Run(text=text),))

    assert _language([block("Only English, 2026.")]) == "en"
    assert _language([]) == "en"
    # kana, kanji, the ideographic space, half- and full-width forms, compatibility
    # ideographs, and the blocks between kana and kanji Japanese text also uses: small
    # katakana ㇰ (U+31F0), enclosed ㈱ (U+3231), squared ㌔ (U+3314), a radical ⺮ (U+2EAE)
    for japanese in ("か", "カ", "漢", "\u3000", "ｱ", "１", "\uf900", "ㇰ", "㈱", "㌔", "⺮"):
        assert _language([block("x"), block(f"a{japanese}b")]) is None, japanese
    bullets = BulletList(items=((Run(text="one"),), (Run(text="二"),)))
    assert _language([bullets]) is None  # the second bullet's runs are read too
    assert _language([BulletList(items=((Run(text="one"),), (Run(text="two"),)))]) == "en"


# ------------------------------------------------------------------ levels and the budget search

F, S, H, X = "full", "short", "headline", "omitted"  # X: left out


def test_levels_shorten_from_the_last_item_upward() -> None:
    expected = [
        [F, F, F],
        [F, F, S],
        [F, S, S],
        [S, S, S],
        [S, S, H],
        [S, H, H],
        [H, H, H],
        [H, H, X],
        [H, X, X],
        [X, X, X],
        [X, X, X],
    ]
    assert [_levels_at(step, 3) for step in range(11)] == expected
    assert _levels_at(0, 0) == [] and _levels_at(5, 0) == []
    assert _levels_at(2, 1) == [H] and _levels_at(3, 1) == [X]


class _SizedRenderer:
    """Stands for _Renderer: the 'HTML' of a choice of levels is 100 octets as sent per
    unit of weight (ASCII lines of 98 characters, CRLF-ended)."""

    WEIGHT: ClassVar[dict[str, int]] = {F: 5, S: 3, H: 2, X: 0}

    def __init__(self, count: int) -> None:
        self.count = count
        self.compiled: list[list[str]] = []

    def compile(self, levels: list[str]) -> str:
        self.compiled.append(list(levels))
        units = 10 + sum(self.WEIGHT[level] for level in levels)
        return ("x" * 98 + "\n") * units

    def size(self, step: int) -> int:
        return 100 * (10 + sum(self.WEIGHT[level] for level in _levels_at(step, self.count)))


@pytest.mark.parametrize("count", [1, 2, 3, 7])
def test_budget_search_finds_the_fewest_steps_that_fit(count: int) -> None:
    renderer = _SizedRenderer(count)
    sizes = [renderer.size(step) for step in range(3 * count + 1)]
    for budget in range(sizes[-1], sizes[0], 50):
        smallest = next(step for step, size in enumerate(sizes) if size <= budget)
        found = EmailWriter._smallest_step(renderer, budget)  # type: ignore[arg-type]
        assert found == smallest, (count, budget)


def test_budget_search_compiles_few_versions() -> None:
    renderer = _SizedRenderer(40)  # 120 steps: the last, then a binary search of 7 probes
    EmailWriter._smallest_step(renderer, renderer.size(77))  # type: ignore[arg-type]
    assert len(renderer.compiled) <= 1 + 7
    assert renderer.compiled[0] == [X] * 40


def test_an_issue_too_big_even_with_every_item_left_out_is_a_user_error() -> None:
    renderer = _SizedRenderer(2)
    with pytest.raises(UserError) as caught:
        EmailWriter._smallest_step(renderer, 999)  # type: ignore[arg-type]
    assert str(caught.value) == (
        "the e-mail's HTML is over 999 bytes as sent even with every item left out; shorten "
        "the title, subtitle or section titles, or raise writers.email.size_budget_bytes in "
        "the style (at most 102000)"
    )


# ------------------------------------------------------------------ shortening notices

TAIL = (
    " in the e-mail to keep its HTML under 54321 bytes as sent (Gmail clips longer messages); "
    "the full text is in the attached PDF"
)
SHORTENED = "shortened to the headlines and first paragraph"
ONE, ONE_AFTER = "this item was", "this and the 1 item after it were"
TWO_AFTER = "this and the 2 items after it were"


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        ([F, F, F, F, S], []),  # the last item has nothing to shorten: it stays whole
        ([F, F, F, S, S], [("sections[1].items[0]", f"{ONE} {SHORTENED}")]),
        ([F, F, S, S, S], [("sections[0].items[2]", f"{ONE_AFTER} {SHORTENED}")]),
        ([F, S, S, S, S], [("sections[0].items[1]", f"{TWO_AFTER} {SHORTENED}")]),
        ([S, S, S, H, H], [
            ("sections[0].items[0]", f"{TWO_AFTER} {SHORTENED}"),
            ("sections[1].items[0]", "this and the 1 item after it were cut to the headlines"),
        ]),
        ([H, H, X, X, X], [
            ("sections[0].items[0]", "this and the 1 item after it were cut to the headlines"),
            ("sections[0].items[2]", f"{TWO_AFTER} left out"),
        ]),
        ([H, X, X, X, X], [
            ("sections[0].items[0]", f"{ONE} cut to the headlines"),
            ("sections[0].items[1]", "this and the 3 items after it were left out"),
        ]),
    ],
)  # fmt: skip
def test_shortening_notices_name_the_first_item_and_say_what_happened(
    tiny: Issue, levels: list[str], expected: list[tuple[str, str]]
) -> None:
    context = context_for(tiny)
    EmailWriter._report(tiny, levels, 54321, context)  # type: ignore[arg-type]
    got = [(notice.path, notice.message, notice.severity) for notice in context.notices]
    assert got == [(path, words + TAIL, "warning") for path, words in expected]
    # each notice points at the item's line in tiny.yaml (line 8 is section 0, item 0)
    first_lines = {"sections[0].items[0]": 8, "sections[0].items[1]": 9, "sections[0].items[2]": 10}
    first_lines |= {"sections[1].items[0]": 13, "sections[1].items[1]": 14}
    assert [n.line for n in context.notices] == [first_lines[path] for path, _ in expected]


# ------------------------------------------------------------------ MJML


MJML = (
    "<mjml><mj-body><mj-raw><!-- editor's note --></mj-raw><mj-section><mj-column>"
    '<mj-text font-family="Roboto, sans-serif">Hello</mj-text>'
    "</mj-column></mj-section></mj-body></mjml>"
)


def test_compiled_html_has_no_comments_no_web_fonts_and_one_final_newline() -> None:
    html = compile_mjml(MJML)
    assert html.startswith("<!doctype html>") and html.endswith("</html>\n")
    assert "Hello" in html
    assert "editor's note" not in html  # comments left out
    assert "fonts.googleapis.com" not in html and "<link" not in html  # MJML would add Roboto


def test_mjml_that_does_not_compile_is_a_user_error() -> None:
    with pytest.raises(UserError) as caught:
        compile_mjml("<mjml><mj-body><mj-text>x</mj-body></mjml>")
    assert str(caught.value) == (
        "the e-mail template produced MJML that does not compile: "
        "unexpected end of stream in root template"
    )


# ------------------------------------------------------------------ web page and view link


def test_the_web_page_links_home_and_to_its_files_and_has_no_budget(tiny, style) -> None:
    context = context_for(tiny, home_url="../index.html", files=["tiny.pdf", "2026/tiny.docx"])
    html = EmailWriter().render(tiny, style, context).decode("utf-8")
    parser = _Attributes()
    parser.feed(html)
    assert parser.hrefs[0] == "../index.html"
    assert "◀ バックナンバー一覧" in html and "ダウンロード：" in html
    assert {"tiny.pdf", "2026/tiny.docx"} <= set(parser.hrefs)
    assert "添付ファイル" not in html  # a web page has no attachments
    assert "ブラウザで表示する" not in html


@pytest.mark.parametrize(
    "options",
    [
        {"home_url": "https://other.example/"},
        {"home_url": "../index.html?x=1"},
        {"files": ["a b.pdf"]},
        {"files": ["ok.pdf", "javascript:alert(1)"]},
    ],
)
def test_web_page_links_must_be_plain_relative_paths(tiny, style, options) -> None:
    with pytest.raises(UserError) as caught:
        EmailWriter().render(tiny, style, context_for(tiny, **options))
    bad = options.get("home_url") or options["files"][-1]
    assert str(caught.value) == f"web page link {bad!r} is not a plain relative path"


def test_the_view_online_link_must_be_a_web_address(tiny, style) -> None:
    with pytest.raises(UserError) as caught:
        EmailWriter().render(tiny, style, context_for(tiny, view_url="ftp://ex.example/a"))
    assert str(caught.value).startswith("the page address from site.url in briefout.yaml: ")
    html = EmailWriter().render(
        tiny, style, context_for(tiny, view_url="https://ex.example/a?b=1&c=2")
    )
    assert b'href="https://ex.example/a?b=1&amp;c=2"' in html
    assert "ブラウザで表示する".encode() in html
    assert "添付ファイル：issue.pdf、issue.docx".encode() in html


def test_mjml_source_is_the_whole_issue(tiny: Issue, style: Style) -> None:
    from briefout.writers.email import mjml_source

    source = mjml_source(tiny, style, context_for(tiny))
    assert source.startswith('<mjml lang="ja">')
    for number in ("1-1", "1-2", "1-3", "2-1", "2-2"):
        assert f"Para {number}." in source  # every item whole: its paragraphs
    assert source.count("(Apa, ") == 5  # and its citations
    assert "全文は添付PDF参照" not in source


# ------------------------------------------------------------------ what each level shows


def test_each_level_shows_what_it_promises(tiny: Issue, style: Style) -> None:
    from briefout.writers.email import _Renderer

    source = _Renderer(tiny, style, context_for(tiny)).mjml([F, S, H, X, X])
    link = '<a href="https://ex.example/{}" style="color:#1155CC">{}</a>'
    # full: paragraph and bullet (links in the style's link colour), citation
    assert f"Para 1-1. {link.format(1, 'src')}" in source
    assert f"b {link.format('b', 'l')}" in source and "(Apa, 05.01.2026)" in source
    # short: the first paragraph only, no citation, and the pointer to the PDF
    assert f"Para 1-2. {link.format(2, 'two')}" in source
    assert "Second 1-2." not in source and "(Apa, 06.01.2026)" not in source
    # headline: the headlines and the pointer
    assert "一の三" in source and "One three" in source and "Para 1-3." not in source
    assert source.count("<b>全文は添付PDF参照</b>") == 2
    # omitted: nothing of the items, and the section says how many were left out
    assert "二の一" not in source and "Para 2-" not in source
    assert source.count("ほか2件の記事は添付PDF参照") == 1 and "ほか1件" not in source
    assert "2. Two" in source  # the section heading stays


def test_an_item_with_nothing_beyond_its_first_paragraph_is_never_shortened(
    tiny: Issue, style: Style
) -> None:
    """Shortening it would drop only its citation and add the pointer to the PDF: the e-mail
    would grow and the reader lose the source."""
    from briefout.writers.email import _Renderer

    source = _Renderer(tiny, style, context_for(tiny)).mjml([F, F, F, F, S])
    assert "Para 2-2. (Apa, 09.01.2026)" in source and "全文は添付PDF参照" not in source
    source = _Renderer(tiny, style, context_for(tiny)).mjml([F, F, F, S, S])
    assert source.count("全文は添付PDF参照") == 1 and "(Apa, 08.01.2026)" not in source
    assert "(Apa, 09.01.2026)" in source


def test_left_out_items_are_counted_per_section(tiny: Issue, style: Style) -> None:
    from briefout.writers.email import _Renderer

    source = _Renderer(tiny, style, context_for(tiny)).mjml([X, F, F, F, X])
    assert source.count("ほか1件の記事は添付PDF参照") == 2
    assert "Para 1-2." in source and "Para 1-3." in source and "Para 2-1." in source
    assert "Para 1-1." not in source and "Para 2-2." not in source


def test_citation_url_reaches_a_format_that_prints_it(tmp_path: Path, tiny: Issue) -> None:
    mine = own_style(tmp_path, "strings: {citation: '{outlet} {date:%Y} <{url}>'}\n")
    item = tiny.sections[0].items[0]
    source = item.source.model_copy(update={"url": "https://apa.example/n?id=1&l=en"})
    section = tiny.sections[0].model_copy(
        update={"items": (item.model_copy(update={"source": source}),)}
    )
    issue = tiny.model_copy(update={"sections": (section,)})
    html = EmailWriter().render(issue, mine, context_for(issue)).decode("utf-8")
    assert "Apa 2026 &lt;https://apa.example/n?id=1&amp;l=en&gt;" in html


def test_no_attachment_line_when_the_mailing_attaches_nothing(tmp_path, tiny) -> None:
    mine = own_style(tmp_path, "writers: {email: {attachments: []}}\n")
    html = EmailWriter().render(tiny, mine, context_for(tiny)).decode("utf-8")
    assert "添付ファイル" not in html
    plain = own_style(tmp_path / "b", "writers: {email: {attachments: ['.pdf']}}\n")
    assert (
        "添付ファイル：issue.pdf<" in EmailWriter().render(tiny, plain, context_for(tiny)).decode()
    )


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("<mjml>{{ nothing_by_this_name }}</mjml>", "'nothing_by_this_name' is undefined"),
        ("<mjml>{% if %}</mjml>", "Expected an expression, got 'end of statement block'"),
    ],
)
def test_a_broken_template_is_a_style_error(tmp_path, tiny, template, expected) -> None:
    mine = own_style(tmp_path, "writers: {email: {template: broken.mjml.j2}}\n")
    (tmp_path / "mine" / "broken.mjml.j2").write_text(template, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        EmailWriter().render(tiny, mine, context_for(tiny))
    assert str(caught.value) == f"style 'mine': e-mail template: {expected}"


def test_the_view_online_link_may_be_http_but_not_mail(tiny, style) -> None:
    html = EmailWriter().render(tiny, style, context_for(tiny, view_url="http://ex.example/a"))
    assert b'href="http://ex.example/a"' in html
    with pytest.raises(UserError, match=r"site\.url"):
        EmailWriter().render(tiny, style, context_for(tiny, view_url="mailto:a@ex.example"))


def test_an_email_exactly_at_the_budget_is_whole_and_one_octet_over_is_shortened(
    tmp_path: Path, reference_issue: Issue, style: Style
) -> None:
    from briefout.writers.transfer import sent_size

    whole = EmailWriter().render(reference_issue, style, context_for(reference_issue))
    size = sent_size(whole.decode("utf-8"))  # the input of this test, not its expectation
    exact = own_style(tmp_path / "a", f"writers: {{email: {{size_budget_bytes: {size}}}}}\n")
    context = context_for(reference_issue)
    assert EmailWriter().render(reference_issue, exact, context) == whole
    assert context.notices == []
    under = own_style(tmp_path / "b", f"writers: {{email: {{size_budget_bytes: {size - 1}}}}}\n")
    context = context_for(reference_issue)
    shorter = EmailWriter().render(reference_issue, under, context)
    assert sent_size(shorter.decode("utf-8")) <= size - 1
    # sections[2].items[5..7] are one paragraph each: nothing to shorten; items[4] (a
    # paragraph and a labelled part) is the last item that can be shortened
    (notice,) = context.notices
    assert notice.path == "sections[2].items[4]"
    assert notice.message == (
        "this item was shortened to the headlines and first paragraph in the e-mail to keep its "
        f"HTML under {size - 1} bytes as sent (Gmail clips longer messages); the full text is "
        "in the attached PDF"
    )


def test_what_counts_as_something_to_shorten(tiny: Issue, reference_issue: Issue) -> None:
    from briefout.writers.email import _can_shorten

    one = tiny.sections[1].items[1]  # "Para 2-2." alone
    para = Paragraph(runs=(Run(text="p"),))
    bullets = BulletList(items=((Run(text="b"),),))
    assert not _can_shorten(one)
    assert not _can_shorten(one.model_copy(update={"body": ()}))
    assert _can_shorten(one.model_copy(update={"body": (para, para)}))
    assert _can_shorten(one.model_copy(update={"body": (bullets,)}))
    assert _can_shorten(one.model_copy(update={"body": (bullets, para)}))
    with_part = reference_issue.sections[2].items[3]  # one paragraph and a labelled part
    assert len(with_part.body) == 1 and with_part.parts and _can_shorten(with_part)


def test_at_the_budget_the_last_item_is_whole_and_one_octet_over_it_is_shortened(
    tmp_path: Path, reference_issue: Issue, style: Style
) -> None:
    from briefout.writers.transfer import sent_size

    sections = list(reference_issue.sections)  # the last item gets a second paragraph
    last = sections[-1].items[-1]
    body = (*last.body, Paragraph(runs=(Run(text="A second paragraph."),)))
    items = (*sections[-1].items[:-1], last.model_copy(update={"body": body}))
    sections[-1] = sections[-1].model_copy(update={"items": items})
    issue = reference_issue.model_copy(update={"sections": tuple(sections)})
    whole = EmailWriter().render(issue, style, context_for(issue))
    size = sent_size(whole.decode("utf-8"))
    exact = own_style(tmp_path / "a", f"writers: {{email: {{size_budget_bytes: {size}}}}}\n")
    context = context_for(issue)
    assert EmailWriter().render(issue, exact, context) == whole and context.notices == []
    under = own_style(tmp_path / "b", f"writers: {{email: {{size_budget_bytes: {size - 1}}}}}\n")
    context = context_for(issue)
    html = EmailWriter().render(issue, under, context).decode("utf-8")
    assert [(n.path, n.message.split(" in the e-mail")[0]) for n in context.notices] == [
        ("sections[2].items[7]", "this item was shortened to the headlines and first paragraph")
    ]
    assert "A second paragraph." not in html and html.count("全文は添付PDF参照") == 1


def test_levels_must_match_the_items(tiny: Issue) -> None:
    """One level per item, never silently cut short (a bug, not a user error)."""
    from briefout.writers.email import _shown_levels

    assert _shown_levels(tiny, [S, S, S, S, S]) == [S, S, S, S, F]
    with pytest.raises(ValueError, match="zip"):
        _shown_levels(tiny, [F, F, F, F])


def test_the_data_a_style_template_gets_for_body_blocks() -> None:
    """A style's own template tells paragraphs from bullet lists by ``kind``."""
    from briefout.writers.email import _blocks

    para = Paragraph(runs=(Run(text="p", href="https://ex.example/"),))
    bullets = BulletList(items=((Run(text="one"),), (Run(text="two", strong=True),)))
    got = _blocks([para, bullets], "#123456")
    assert got == [
        {"kind": "paragraph", "html": '<a href="https://ex.example/" style="color:#123456">p</a>'},
        {"kind": "bullets", "entries": ["one", "<b>two</b>"]},
    ]


def test_a_web_page_gives_the_template_no_attachment_note(tmp_path, tiny) -> None:
    """As when the mailing attaches nothing: ``attachment_note`` is none, not empty text."""
    mine = own_style(tmp_path, "writers: {email: {template: note.mjml.j2}}\n")
    (tmp_path / "mine" / "note.mjml.j2").write_text(
        "<mjml><mj-body><mj-section><mj-column><mj-text>"
        "note is none: {{ attachment_note is none }}"
        "</mj-text></mj-column></mj-section></mj-body></mjml>",
        encoding="utf-8",
    )
    web = EmailWriter().render(tiny, mine, context_for(tiny, home_url="index.html"))
    assert b"note is none: True" in web
    mail = EmailWriter().render(tiny, mine, context_for(tiny))
    assert b"note is none: False" in mail
