"""The e-mail as it is sent: transfer encodings, the size Gmail sees, one-click unsubscribe."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

import pytest
from test_email import long_issue

from briefout.distribution import Distribution
from briefout.model import Issue
from briefout.render import render_issue
from briefout.style import Style
from briefout.writers.transfer import MAX_LINE, choose, encoded_body, sent_size

GMAIL_CLIP = 102_000
DIST = {
    "from": "在アゼルバイジャン大使館 <briefing@embassy.example>",
    "to": "briefing@embassy.example",
    "list_unsubscribe": [
        "mailto:unsubscribe@embassy.example?subject=unsubscribe",
        "https://embassy.example/unsubscribe",
    ],
}


def eml(issue: Issue, style: Style, **dist: object) -> bytes:
    config = Distribution.model_validate({**DIST, **dist})
    result = render_issue(
        issue, style, "eml,text,email,pdf,docx", environ={}, options={"eml": {"config": config}}
    )
    return next(output.data for output in result.outputs if output.writer == "eml")


def body_octets(data: bytes, content_type: str) -> tuple[str, int]:
    """(Content-Transfer-Encoding, octets of the body) of a part, read from the raw message."""
    head = re.search(
        rb"Content-Type: " + content_type.encode() + rb";[^\r]*\r\n"
        rb"Content-Transfer-Encoding: ([\w-]+)\r\n(?:[^\r]+\r\n)*\r\n",
        data,
    )
    assert head is not None, content_type
    start = head.end()
    end = data.index(b"\r\n--=_briefout_", start)  # the CRLF before a boundary is not body
    return head.group(1).decode(), end - start


# ------------------------------------------------------------------ encodings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Plain English.\n" * 20, "7bit"),
        ("日本語の短い行。\n" * 20, "8bit"),
        ("日本語の長い行。" * 200 + "\n", "base64"),  # one 4,800-octet line; QP would triple it
        ("An English line with one café. " * 80 + "\n", "quoted-printable"),
    ],
)
def test_the_smallest_safe_encoding_is_chosen(text: str, expected: str) -> None:
    chosen = choose(text)
    assert chosen.encoding == expected
    sizes = {
        encoding: len(encoded_body(text, encoding)) for encoding in ("base64", "quoted-printable")
    }
    if expected in sizes:
        assert chosen.size == min(sizes.values())
    else:
        assert chosen.size <= min(sizes.values())
    assert all(len(line) <= MAX_LINE for line in encoded_body(text, expected).split(b"\r\n"))


def test_8bit_needs_short_lines_and_no_bare_cr() -> None:
    assert choose("a\rb 日本\n").encoding != "8bit"
    assert choose("日" * 332 + "ab\n").encoding == "8bit"  # 998 octets: the longest line
    assert choose("日" * 333 + "\n").encoding == "base64"  # 999 octets
    assert choose("日本\n", allow_8bit=False).encoding == "base64"


@pytest.mark.parametrize("sample", ["minimal", "reference"])
def test_each_part_goes_in_the_encoding_the_budget_measured(
    sample: str, style: Style, request: pytest.FixtureRequest
) -> None:
    issue = request.getfixturevalue(f"{sample}_issue")
    data = eml(issue, style)
    message = email.message_from_bytes(data, policy=email.policy.default)
    text, html = next(message.iter_parts()).iter_parts()
    for part, content_type in ((text, "text/plain"), (html, "text/html")):
        content = part.get_content().replace("\r\n", "\n")
        encoding, octets = body_octets(data, content_type)
        assert encoding == choose(content).encoding
        assert octets == sent_size(content)


@pytest.mark.parametrize("copies", [3, 5])
def test_html_part_as_sent_stays_under_gmail_clipping(
    reference_issue: Issue, style: Style, copies: int
) -> None:
    """A 3x and a 5x issue: the HTML part, as the message carries it, under 102,000 octets."""
    data = eml(long_issue(reference_issue, copies), style)
    encoding, octets = body_octets(data, "text/html")
    from briefout.writers.email import EmailOptions

    budget = style.writer_options("email", EmailOptions).size_budget_bytes
    assert octets <= budget < GMAIL_CLIP
    assert octets > 0.9 * budget  # shortened, not gutted
    assert encoding in ("8bit", "base64", "quoted-printable")


# ------------------------------------------------------------------ one-click unsubscribe


def test_one_click_unsubscribe_headers(minimal_issue: Issue, style: Style) -> None:
    long_https = "https://embassy.example/unsubscribe?list=briefing&token=" + "a1b2c3d4" * 16
    data = eml(
        minimal_issue,
        style,
        list_unsubscribe=["mailto:unsubscribe@embassy.example", long_https],
    )
    head = data.split(b"\r\n\r\n", 1)[0].decode("ascii")
    assert f"List-Unsubscribe: <{long_https}>,\r\n <mailto:" in head  # https first, whole
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in head
    field = head[head.index("List-Unsubscribe:") :].split("\r\nList-Unsubscribe-Post")[0]
    assert "=?" not in field  # never RFC 2047 encoded-words
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert str(message["List-Unsubscribe"]) == (
        f"<{long_https}>, <mailto:unsubscribe@embassy.example>"
    )
    uris = re.findall(r"<([^>]+)>", str(message["List-Unsubscribe"]))
    assert uris == [long_https, "mailto:unsubscribe@embassy.example"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_mailto_alone_is_not_one_click(minimal_issue: Issue, style: Style) -> None:
    data = eml(minimal_issue, style, list_unsubscribe=["mailto:unsubscribe@embassy.example"])
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert str(message["List-Unsubscribe"]) == "<mailto:unsubscribe@embassy.example>"
    assert "List-Unsubscribe-Post" not in message


def test_overlong_unsubscribe_address_is_refused(tmp_path: Path) -> None:
    from briefout.distribution import load_distribution
    from briefout.errors import UserError

    path = tmp_path / "dist.yaml"
    path.write_text(
        "from: a@example.org\nto: a@example.org\n"
        f"list_unsubscribe: [https://example.org/{'x' * 950}]\n",
        encoding="utf-8",
    )
    with pytest.raises(UserError) as caught:
        load_distribution(path)
    assert "at most 900 characters" in str(caught.value)
    assert str(caught.value).startswith(f"{path}:3:")


# ------------------------------------------------------------------ lines folded for 8bit


def test_compiled_html_fits_998_octet_lines_and_means_the_same(reference_issue, style) -> None:
    from mjml import mjml2html
    from test_email import parse, render_email

    from briefout.dates import document_timestamp
    from briefout.writers import RenderContext
    from briefout.writers.email import mjml_source

    html, _ = render_email(reference_issue, style, "reference")
    context = RenderContext(timestamp=document_timestamp(reference_issue, {}), stem="reference")
    raw = mjml2html(mjml_source(reference_issue, style, context), disable_comments=True, fonts={})
    assert max(len(line) for line in raw.encode().split(b"\n")) > MAX_LINE  # MJML: one line
    assert max(len(line) for line in html.encode().split(b"\n")) <= MAX_LINE
    assert choose(html).encoding == "8bit"
    # only spaces became line breaks, and the parsed page is the same
    assert len(html.encode()) == len(raw.rstrip("\n").encode()) + 1
    changed = [i for i, (a, b) in enumerate(zip(raw, html, strict=False)) if a != b]
    assert changed and all(raw[i] == " " and html[i] == "\n" for i in changed)
    folded, original = parse(html), parse(raw)
    assert folded.tags == original.tags  # every tag and attribute value unchanged
    assert [" ".join(t.split()) for t in folded.text if t.strip()] == [
        " ".join(t.split()) for t in original.text if t.strip()
    ]


def test_folding_leaves_comments_styles_and_japanese_spaces_alone() -> None:
    from briefout.writers.htmlfold import fold_html

    filler = "<p>" + "word " * 150 + "end</p>"
    guarded = (
        '<!--[if mso]><table a="1" b="2"><tr><td>x y</td></tr></table><![endif]-->'
        "<style>p { font-family: 'Hiragino Sans', Meiryo; }</style>"
        '<td style="a: b c" class="k">日本 語</td>'
    )
    html = filler + guarded + filler
    folded = fold_html(html, limit=200)
    assert guarded in folded  # untouched: comment, CSS string, attribute value, 日本 語
    assert max(len(line) for line in folded.encode().split(b"\n")) <= 200
    assert folded.replace("\n", " ") == html


# ------------------------------------------------------------------ Outlook and colours


def test_outlook_gets_one_windows_japanese_font(minimal_issue, style) -> None:
    from test_email import render_email

    html, _ = render_email(minimal_issue, style)
    head = html[: html.index("</head>")]
    found = re.search(
        r"<!--\[if mso\]><style[^>]*>([^<]*)\{ font-family: ([^,;]+)[^}]*!important; \}</style>"
        r"<!\[endif\]-->",
        head,
    )
    assert found is not None, head[-800:]
    assert found.group(2) in ("Meiryo", "'Yu Gothic'", "'ＭＳ Ｐゴシック'")
    selectors = {s.strip() for s in found.group(1).split(",")}
    assert {"body", "td", "div", "p", "h1", "h2", "h3", "li", "a"} <= selectors
    # the stack for every other client is unchanged and has no web font
    assert "font-family:'Hiragino Kaku Gothic ProN'" in html
    assert "fonts.googleapis" not in html and "@font-face" not in html and "@import" not in html


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(one: str, two: str) -> float:
    """WCAG 2 contrast ratio of two #RRGGBB colours."""
    light, dark = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def invert(colour: str) -> str:
    """Gmail's iOS app inverts every colour of a light message (and ignores the dark CSS)."""
    return "#" + "".join(f"{255 - int(colour[i : i + 2], 16):02X}" for i in (1, 3, 5))


def text_colour_pairs(page: str) -> set[tuple[str, str]]:
    """(text colour, background) of every piece of visible text, from the inline styles."""
    from html.parser import HTMLParser

    colour_re = re.compile(r"(?:^|;)\s*color:\s*(#[0-9A-Fa-f]{6})")
    background_re = re.compile(r"background(?:-color)?:\s*(#[0-9A-Fa-f]{6})")
    void = {"br", "img", "meta", "link", "hr", "input"}

    class Walker(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            # (tag, text colour, background, hidden) of each open element
            self.stack: list[tuple[str, str, str, bool]] = [("", "#000000", "#FFFFFF", False)]
            self.pairs: set[tuple[str, str]] = set()

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in void:
                return
            style = dict(attrs).get("style") or ""
            _, colour, background, hidden = self.stack[-1]
            found = colour_re.search(style)
            back = background_re.search(style)
            hidden = hidden or "display:none" in style.replace(" ", "")
            self.stack.append(
                (
                    tag,
                    found.group(1).upper() if found else colour,
                    back.group(1).upper() if back else background,
                    hidden or tag in ("style", "title"),
                )
            )

        def handle_endtag(self, tag: str) -> None:
            while len(self.stack) > 1:
                if self.stack.pop()[0] == tag:
                    break

        def handle_data(self, data: str) -> None:
            _, colour, background, hidden = self.stack[-1]
            if data.strip() and not hidden:
                self.pairs.add((colour, background))

    walker = Walker()
    walker.feed(page)
    return walker.pairs


@pytest.mark.parametrize("sample", ["minimal", "reference"])
def test_text_contrast_survives_gmail_colour_inversion(
    sample: str, style: Style, request: pytest.FixtureRequest
) -> None:
    from test_email import render_email

    html, _ = render_email(request.getfixturevalue(f"{sample}_issue"), style)
    pairs = text_colour_pairs(html)
    assert len(pairs) >= 3  # text, links, muted footer
    weak = {
        (text, back, round(contrast(invert(text), invert(back)), 2))
        for text, back in pairs
        if contrast(text, back) < 4.5 or contrast(invert(text), invert(back)) < 4.5
    }
    assert not weak, weak


def test_the_contrast_check_can_fail() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21)
    # black on bright green passes, but inverted it is white on magenta: 3.1:1
    assert (
        contrast("#000000", "#00FF00") > 15 > 4.5 > contrast(invert("#000000"), invert("#00FF00"))
    )
    html = '<body style="background-color:#FFFFFF"><p style="color:#999999">faint</p></body>'
    assert text_colour_pairs(html) == {("#999999", "#FFFFFF")}


def test_chromium_draws_the_folded_html_exactly_as_the_unfolded(reference_issue, style, tmp_path):
    """A real browser: the folded e-mail and MJML's one-line output give identical pixels."""
    from mjml import mjml2html
    from PIL import Image, ImageChops
    from test_email import render_email
    from test_email_clients import screenshot

    from briefout.dates import document_timestamp
    from briefout.writers import RenderContext
    from briefout.writers.email import mjml_source

    folded, _ = render_email(reference_issue, style, "reference")
    context = RenderContext(timestamp=document_timestamp(reference_issue, {}), stem="reference")
    raw = mjml2html(mjml_source(reference_issue, style, context), disable_comments=True, fonts={})
    shots = []
    for name, page in (("raw", raw), ("folded", folded)):
        path = tmp_path / f"{name}.html"
        path.write_text(page, encoding="utf-8")
        shot = screenshot(path, tmp_path / f"{name}.png", 600, 4000)
        shots.append(Image.open(shot).convert("RGB"))
    assert ImageChops.difference(*shots).getbbox() is None
    assert len(shots[0].getcolors(maxcolors=1 << 20) or []) > 50  # text was drawn
