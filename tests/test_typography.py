"""Mixed-script typography: Latin beside Japanese keeps the Japanese face's class and weight,
and bold is the same synthetic emboldening in every role (docs/typography.md)."""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from briefout.loader import load_issue
from briefout.model import Issue, Paragraph, Run
from briefout.style import Style
from briefout.writers import RenderContext
from briefout.writers.pdf import PdfWriter
from briefout.writers.pdf.fonts import Face, is_wide, typeface_class
from briefout.writers.pdf.layout import Document, LaidLine

from conftest import SAMPLE_FILES, need_tool

TIMESTAMP = dt.datetime(2026, 1, 9, tzinfo=dt.UTC)


@cache
def _file_class(path: Path) -> tuple[str, int]:
    return typeface_class(path)


def face_class(face: Face) -> tuple[str, str]:
    """(serif/sans, regular/bold) of a face as drawn (a synthetic bold counts as bold)."""
    kind, weight = _file_class(face.path)
    return kind, "bold" if weight >= 600 or face.bold_stroke else "regular"


def _layout(issue: Issue, style: Style) -> Document:
    return PdfWriter().layout(issue, style, RenderContext(timestamp=TIMESTAMP, writer="pdf"))


def _lines(document: Document) -> list[tuple[str, LaidLine]]:
    out = [(placed.block.role, placed.line) for page in document.pages for placed in page.lines]
    return out


def _with_body(issue: Issue, *runs: Run, ja: str | None = None) -> Issue:
    section = issue.sections[0]
    update: dict[str, object] = {"body": (Paragraph(runs=runs),)}
    if ja is not None:
        update["ja"] = ja
    item = section.items[0].model_copy(update=update)
    return issue.model_copy(update={"sections": (section.model_copy(update={"items": (item,)}),)})


def mixed_class_spans(line: LaidLine) -> list[str]:
    """Where a line holding Japanese mixes typeface classes ('国境警備局が 2025 年' in Gothic
    and a bold serif), or a Japanese span touches a Latin one of another weight."""
    spans = [span for span in line.spans if span.text.strip()]
    if not any(is_wide(ch) for span in spans for ch in span.text):
        return []
    kinds = {face_class(span.face)[0] for span in spans}
    found = [f"{line.text!r}: {sorted(kinds)}"] if len(kinds) > 1 else []
    for left, right in itertools.pairwise(spans):
        touching = left.x + left.width >= right.x - 0.01 and not (
            left.text[-1].isspace() or right.text[0].isspace()
        )
        scripts_meet = is_wide(left.text[-1]) != is_wide(right.text[0])
        if touching and scripts_meet and face_class(left.face) != face_class(right.face):
            found.append(f"{left.text!r} {left.face.label} | {right.text!r} {right.face.label}")
    return found


@pytest.mark.parametrize("sample", sorted(SAMPLE_FILES))
def test_every_heading_line_is_one_class_and_weight(sample: str, style: Style) -> None:
    """Title, section titles and ● headlines: every span of a line, one class and weight."""
    document = _layout(load_issue(SAMPLE_FILES[sample]), style)
    headings = [
        line
        for role, line in _lines(document)
        if style.role(role).font == "heading"  # type: ignore[arg-type]
    ]
    assert len(headings) >= 3
    mixed = {
        line.text: sorted({face_class(span.face) for span in line.spans if span.text.strip()})
        for line in headings
    }
    mixed = {text: classes for text, classes in mixed.items() if len(classes) > 1}
    assert not mixed, mixed


def test_heading_with_digits_and_latin_letters(style: Style) -> None:
    issue = _with_body(
        load_issue(SAMPLE_FILES["minimal"]),
        Run(text="Body."),
        ja="国境警備局が2025年のAZAL便を報告",
    )
    document = _layout(issue, style)
    (line,) = [line for role, line in _lines(document) if role == "headline_ja"]
    assert {face_class(span.face) for span in line.spans} == {("sans", "bold")}
    assert "2025" in line.text and "AZAL" in line.text


@pytest.mark.parametrize("sample", sorted(SAMPLE_FILES))
def test_latin_touching_japanese_keeps_its_class_everywhere(sample: str, style: Style) -> None:
    document = _layout(load_issue(SAMPLE_FILES[sample]), style)
    mixed = [found for _, line in _lines(document) for found in mixed_class_spans(line)]
    assert not mixed, mixed


def test_bold_japanese_in_body_text_is_emboldened_mincho_beside_bold_serif(style: Style) -> None:
    """**2025年の合意** in body text: synthetic bold Mincho, Liberation Serif Bold digits."""
    issue = _with_body(
        load_issue(SAMPLE_FILES["minimal"]),
        Run(text="Signed: "),
        Run(text="2025年の合意", strong=True),
        Run(text="。"),
    )
    document = _layout(issue, style)
    spans = {
        span.text.strip(): span
        for _, line in _lines(document)
        for span in line.spans
        if span.text.strip()
    }
    assert spans["年の合意"].face.name == "IPAexMincho"
    assert spans["年の合意"].face.bold_stroke == pytest.approx(0.03)
    assert spans["2025"].face.name == "LiberationSerif-Bold"
    assert face_class(spans["年の合意"].face) == face_class(spans["2025"].face) == ("serif", "bold")
    assert spans["。"].face.bold_stroke == 0
    assert not [f for _, line in _lines(document) for f in mixed_class_spans(line)]


def test_the_class_check_fails_on_a_mixed_heading(style: Style, tmp_path: Path) -> None:
    """The old style (Gothic headings with Liberation Serif Bold digits) is caught."""
    from briefout.style import load_style

    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "style.yaml").write_text(
        "inherits: embassy\n"
        "fonts:\n"
        "  pdf:\n"
        "    heading: {latin: LiberationSerif-Bold.ttf, latin_bold: LiberationSerif-Bold.ttf,"
        " east_asian: ipaexg.ttf, east_asian_bold: ipaexg.ttf}\n",
        encoding="utf-8",
    )
    old = load_style(str(folder))
    issue = load_issue(SAMPLE_FILES["minimal"])
    document = _layout(issue, old)
    mixed = [found for _, line in _lines(document) for found in mixed_class_spans(line)]
    assert any("2025" in found for found in mixed), mixed
    # and the writer says so, at the style's line
    from briefout.render import render_issue

    (notice,) = [str(problem) for problem in render_issue(issue, old, "pdf").notices]
    assert notice.startswith(f"{folder / 'style.yaml'}:4:")
    assert "LiberationSerif-Bold.ttf is a serif but the Japanese face ipaexg.ttf is a sans" in (
        notice
    )
    assert "use a sans for latin" in notice


def test_synthetic_bold_is_stroked_in_the_pdf(style: Style, tmp_path: Path) -> None:
    """Emboldened spans are drawn with text render mode 2 and the style's stroke width."""
    qpdf = need_tool("qpdf")
    issue = load_issue(SAMPLE_FILES["minimal"])
    data = PdfWriter().render(issue, style, RenderContext(timestamp=TIMESTAMP, writer="pdf"))
    source = tmp_path / "in.pdf"
    source.write_bytes(data)
    plain = tmp_path / "plain.pdf"
    subprocess.run([qpdf, "--qdf", "--object-streams=disable", str(source), str(plain)], check=True)
    content = plain.read_bytes()
    assert b" 2 Tr" in content and b" 0 Tr" in content
    assert b" 2 Tr 0.48 w 0 0 0 RG " in content  # stroked with 0.03 em of the 16 pt title


def test_typeface_classes_of_the_bundled_fonts(style: Style) -> None:
    assert typeface_class(style.find_file("ipaexg.ttf")) == ("sans", 400)
    assert typeface_class(style.find_file("ipaexm.ttf")) == ("serif", 400)
    assert typeface_class(style.find_file("LiberationSerif-Bold.ttf")) == ("serif", 700)
    assert unicodedata.east_asian_width("年") == "W"


# ------------------------------------------------------------------ invisible characters

KUZU = "葛"
IVS = "\U000e0100"  # 葛󠄀: IPAex has a variant glyph for this sequence (cmap format 14)
INVISIBLE_HEADLINE = f"\ufeff{KUZU}{IVS}城市の国境警備局が2025年の活動を報告\u200d"
INVISIBLE_BODY = "In 2025,\u00ad a to\u200btal of 516 peo\u2060ple, Ba\u200cku\u200d."


def _invisible_issue() -> Issue:
    return _with_body(
        load_issue(SAMPLE_FILES["minimal"]), Run(text=INVISIBLE_BODY), ja=INVISIBLE_HEADLINE
    )


def _pdf(issue: Issue, style: Style) -> tuple[bytes, RenderContext]:
    context = RenderContext(timestamp=TIMESTAMP, writer="pdf")
    return PdfWriter().render(issue, style, context), context


def test_invisible_characters_are_not_drawn_not_warned_and_extracted(
    style: Style, tmp_path: Path
) -> None:
    pdftotext = need_tool("pdftotext")
    data, context = _pdf(_invisible_issue(), style)
    assert context.notices == []
    path = tmp_path / "invisible.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "〓" not in text
    # every character comes back, in order, from the drawn glyphs' ToUnicode
    assert INVISIBLE_HEADLINE in text
    assert INVISIBLE_BODY[:-1] in text.replace("\n", " ")


def test_invisible_characters_take_no_width(style: Style) -> None:
    document = _layout(_invisible_issue(), style)
    plain = _layout(
        _with_body(
            load_issue(SAMPLE_FILES["minimal"]),
            Run(text="In 2025, a total of 516 people, Baku."),
            ja=f"{KUZU}城市の国境警備局が2025年の活動を報告",
        ),
        style,
    )
    assert "〓" not in "".join(line.text for _, line in _lines(document))
    for role in ("headline_ja", "body"):
        (line,) = [line for r, line in _lines(document) if r == role]
        (bare,) = [line for r, line in _lines(plain) if r == role]
        assert [span.x for span in line.spans] == [span.x for span in bare.spans]
        assert sum(s.width for s in line.spans) == pytest.approx(sum(s.width for s in bare.spans))


def _raster(data: bytes, folder: Path, name: str) -> bytes:
    pdftoppm = need_tool("pdftoppm")
    path = folder / f"{name}.pdf"
    path.write_bytes(data)
    subprocess.run(
        [pdftoppm, "-r", "100", "-f", "1", "-l", "1", "-gray", str(path), str(folder / name)],
        check=True,
    )
    (image,) = folder.glob(f"{name}*.pgm")
    return image.read_bytes()


def test_variation_selector_selects_the_variant_glyph_else_the_base(
    style: Style, tmp_path: Path
) -> None:
    """葛 + U+E0100 draws IPAex's variant glyph; 葛 + U+FE00 (no such sequence) draws 葛."""
    minimal = load_issue(SAMPLE_FILES["minimal"])
    pages = {}
    for name, ja in {"base": KUZU, "variant": KUZU + IVS, "unknown": KUZU + "\ufe00"}.items():
        data, context = _pdf(_with_body(minimal, Run(text="Body."), ja=ja), style)
        assert context.notices == []
        pages[name] = _raster(data, tmp_path, name)
    assert pages["variant"] != pages["base"]
    assert pages["unknown"] == pages["base"]


def test_cmap_format_14_is_read(style: Style) -> None:
    from briefout.writers.pdf.fonts import FontBook, split_invisible

    face = FontBook(use_cache=False).face(style.find_file("ipaexm.ttf"))
    variant = face.variant(KUZU + IVS)
    assert variant is not None
    assert variant != face.font.face.charToGlyph[ord(KUZU)]
    assert face.variant(KUZU + "\ufe00") is None
    assert face.cluster_width(KUZU + IVS) == 1000
    texts, clusters = split_invisible(["\ufeffA\u200d", " \u00adB", "\u200c"])
    assert texts == ["A", " B", ""]
    assert clusters == {0: "\ufeffA\u200d", 2: "\u00adB\u200c"}
