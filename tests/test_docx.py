"""The DOCX writer (python-docx): goldens of its XML parts, page, fonts, styles, properties,
reproducibility, user references."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from briefout.errors import UserError
from briefout.model import BulletList, Issue
from briefout.render import render_issue
from briefout.style import Style
from briefout.writers.docx import DocxOptions, options_for
from briefout.writers.docx.reference import build_reference

from conftest import MINIMAL_SAMPLE, ROOT, SAMPLE_FILES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}
PYTHON_M = (sys.executable, "-m", "briefout")
GOLDEN_PARTS = {
    "word/document.xml": "document.xml",
    "word/styles.xml": "styles.xml",
    "word/numbering.xml": "numbering.xml",
    "word/footer1.xml": "footer.xml",
    "docProps/core.xml": "core.xml",
}

#: The parts of a DOCX we write (python-docx's template also carries stylesWithEffects,
#: webSettings, customXml and a thumbnail: the generator drops them).
EXPECTED_PARTS = [
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/app.xml",
    "docProps/core.xml",
    "word/_rels/document.xml.rels",
    "word/document.xml",
    "word/fontTable.xml",
    "word/footer1.xml",
    "word/numbering.xml",
    "word/settings.xml",
    "word/styles.xml",
    "word/theme/theme1.xml",
]


def render_docx(issue: Issue, style: Style) -> bytes:
    """The DOCX bytes of ``issue`` with the document timestamp from the period."""
    return render_issue(issue, style, "docx", environ={}).outputs[0].data


def package(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def xml(data: bytes, part: str) -> etree._Element:
    return etree.fromstring(package(data)[part])


def normalised(raw: bytes) -> str:
    """A part pretty-printed, one element a line, for a readable golden diff."""
    parser = etree.XMLParser(remove_blank_text=True)
    root = etree.fromstring(raw, parser)
    return etree.tostring(root, pretty_print=True, encoding="unicode")


def paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(style id, text) of every body paragraph."""
    rows = []
    for para in xml(data, "word/document.xml").iter(W + "p"):
        style = para.find("w:pPr/w:pStyle", NS)
        text = "".join(
            {W + "br": "\n", W + "tab": "\t"}.get(node.tag, node.text or "")
            for node in para.iter(W + "t", W + "br", W + "tab")
        )
        rows.append((style.get(W + "val") if style is not None else "", text))
    return rows


@pytest.fixture(scope="module")
def outputs(style: Style, reference_issue: Issue, minimal_issue: Issue) -> dict[str, bytes]:
    return {
        "reference": render_docx(reference_issue, style),
        "minimal": render_docx(minimal_issue, style),
    }


# ---------------------------------------------------------------------- goldens


@pytest.mark.parametrize("sample", sorted(SAMPLE_FILES))
@pytest.mark.parametrize("part", sorted(GOLDEN_PARTS))
def test_golden_parts(outputs: dict[str, bytes], golden, sample: str, part: str) -> None:
    golden.check(f"docx/{sample}/{GOLDEN_PARTS[part]}", normalised(package(outputs[sample])[part]))


# ------------------------------------------------------------- reproducibility


def test_reference_docx_is_the_generator_output(style: Style) -> None:
    committed = (ROOT / "styles" / "embassy" / "reference.docx").read_bytes()
    assert build_reference(style) == committed, (
        "styles/embassy/reference.docx is stale: python -m briefout.writers.docx.reference"
    )


def test_reference_docx_has_every_role_style_and_no_stale_parts(style: Style) -> None:
    parts = package((ROOT / "styles" / "embassy" / "reference.docx").read_bytes())
    # python-docx's template also carries stylesWithEffects, webSettings, customXml and a
    # thumbnail: the generator drops them
    assert sorted(parts) == sorted(EXPECTED_PARTS)
    styles = etree.fromstring(parts["word/styles.xml"])
    assert styles.find("w:latentStyles", NS) is None
    names = {node.find("w:name", NS).get(W + "val") for node in styles.iterfind("w:style", NS)}
    options = options_for(style)
    expected = {*options.style_names.values(), options.citation_char_style}
    expected |= {options.hyperlink_style, "Normal", "Default Paragraph Font"}
    assert names == expected | {"Normal Table", "No List"}
    settings = parts["word/settings.xml"]
    assert b"w:rsids" not in settings and b'w:val="compressPunctuation"' in settings
    fonts = etree.fromstring(parts["word/fontTable.xml"])
    assert [node.get(W + "name") for node in fonts] == [
        "Times New Roman",
        "ＭＳ 明朝",
        "ＭＳ ゴシック",
    ]


def test_reference_file_and_roles_give_the_same_document(
    style: Style, reference_issue: Issue, outputs: dict[str, bytes]
) -> None:
    built = render_docx(reference_issue, _with_docx(style, reference=None))
    assert built == outputs["reference"]


def _with_docx(style: Style, **options: object) -> Style:
    """``style`` with some ``writers.docx`` options replaced."""
    docx_options = {**style.writers.get("docx", {}), **options}
    return _with(style, writers={**style.writers, "docx": docx_options})


def test_bytes_identical_across_runs_and_time_zones(tmp_path: Path) -> None:
    results = []
    for zone in ("UTC", "Asia/Tokyo", "America/Los_Angeles"):
        out = tmp_path / zone.replace("/", "_")
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        env["TZ"] = zone
        done = subprocess.run(
            [*PYTHON_M, "render", str(MINIMAL_SAMPLE), "--to", "docx", "-o", str(out)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        results.append((out / "minimal.docx").read_bytes())
    assert results[0] == results[1] == results[2]


def test_zip_entries_have_fixed_dates(outputs: dict[str, bytes]) -> None:
    with zipfile.ZipFile(io.BytesIO(outputs["reference"])) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}


# ------------------------------------------------------------------ page setup


def test_page_is_a4_with_style_margins_grid_and_footer(
    style: Style, outputs: dict[str, bytes]
) -> None:
    doc = xml(outputs["reference"], "word/document.xml")
    sect = doc.find("w:body/w:sectPr", NS)
    size = sect.find("w:pgSz", NS)
    assert (size.get(W + "w"), size.get(W + "h"), size.get(W + "orient")) == (
        "11906",
        "16838",
        None,
    )
    margins = sect.find("w:pgMar", NS)
    assert margins.get(W + "top") == str(round(style.page.margin_top_mm * 1440 / 25.4))
    assert margins.get(W + "left") == str(round(style.page.margin_left_mm * 1440 / 25.4))
    grid = sect.find("w:docGrid", NS)
    assert grid.get(W + "type") == "lines"
    assert grid.get(W + "linePitch") == str(round(style.page.line_pitch_pt * 20))
    assert sect.find("w:headerReference", NS) is None  # the embassy style has no header
    footer = xml(outputs["reference"], "word/footer1.xml")
    instr = "".join(node.text for node in footer.iter(W + "instrText"))
    assert instr.strip() == "PAGE"
    texts = [node.text for node in footer.iter(W + "t")]
    assert texts == ["- ", "1", " -"]  # "- {page} -" with the field's placeholder result


def test_running_header_from_the_style(style: Style, minimal_issue: Issue) -> None:
    page = style.page.model_copy(update={"header": "{title}　{period}"})
    data = render_docx(minimal_issue, _with(style, page=page))
    parts = package(data)
    header = etree.fromstring(parts["word/header1.xml"])
    text = "".join(node.text for node in header.iter(W + "t"))
    assert text == "アゼルバイジャン政治・治安情報　2026年1月10日～2026年1月23日"
    assert b'Target="header1.xml"' in parts["word/_rels/document.xml.rels"]
    assert b"/word/header1.xml" in parts["[Content_Types].xml"]


def test_page_count_field_in_the_footer(style: Style, minimal_issue: Issue) -> None:
    """{pages} (which the PDF writer also accepts) becomes a NUMPAGES field."""
    page = style.page.model_copy(update={"footer": "p. {page}/{pages}"})
    footer = xml(render_docx(minimal_issue, _with(style, page=page)), "word/footer1.xml")
    fields = [node.text.strip() for node in footer.iter(W + "instrText")]
    assert fields == ["PAGE", "NUMPAGES"]
    assert [node.text for node in footer.iter(W + "t")] == ["p. ", "1", "/", "1"]


def test_unknown_template_field_is_a_user_error(style: Style, minimal_issue: Issue) -> None:
    page = style.page.model_copy(update={"footer": "{chapter}"})
    with pytest.raises(UserError, match=r"page.footer.*unknown field \{chapter\}.*\{pages\}"):
        render_docx(minimal_issue, _with(style, page=page))


def _with(style: Style, **update: object) -> Style:
    copied = style.model_copy(update=update)
    assert copied._folders == style._folders
    return copied


# ------------------------------------------------------------------ structure


def test_layout_of_the_reference_issue(outputs: dict[str, bytes], reference_issue: Issue) -> None:
    rows = paragraphs(outputs["reference"])
    styles = [sid for sid, _ in rows]
    assert rows[:4] == [
        ("Title", "アゼルバイジャン政治・治安情報"),
        ("Subtitle", "(公開情報とりまとめ)"),
        ("Period", "2025年12月27日～2026年1月9日"),
        ("Issuer", "在アゼルバイジャン大使館"),
    ]
    assert [text for sid, text in rows if sid == "Heading1"] == [
        "1. 軍事・治安関係",
        "2. 内政関連",
        "3. 外政関連",
    ]
    items = [item for _, _, _, item in reference_issue.items()]
    headings = [(i, text) for i, (sid, text) in enumerate(rows) if sid == "Heading2"]
    assert [text for _, text in headings] == [f"●\t{item.ja}" for item in items]
    for (index, _), item in zip(headings, items, strict=True):
        assert rows[index + 1] == ("EnglishHeadline", item.en)
    bullets = sum(
        len(block.items) for item in items for block in item.body if isinstance(block, BulletList)
    )
    assert styles.count("ListBullet") == bullets
    assert [text for sid, text in rows if sid == "PartLabel"] == ["Russian version:"]
    assert rows[-1] == ("EndMark", "END")
    # citations inline by default, in their own character style, ending the paragraph
    first_body = xml(outputs["reference"], "word/document.xml").xpath(
        ".//w:p[w:pPr/w:pStyle/@w:val='BodyText']", namespaces=NS
    )[0]
    last_run = first_body.findall("w:r", NS)[-1]
    assert last_run.find("w:rPr/w:rStyle", NS).get(W + "val") == "CitationChar"
    # no-break spaces: LibreOffice wrapped "(Trend," and "07.01.2026)" onto two lines
    assert last_run.find("w:t", NS).text == "(Azertag,\u00a005.01.2026)"
    for run in xml(outputs["reference"], "word/document.xml").xpath(
        ".//w:r[w:rPr/w:rStyle/@w:val='CitationChar']", namespaces=NS
    ):
        assert " " not in run.find("w:t", NS).text


def test_headline_mark_hangs_with_a_tab_to_the_role_indent(
    outputs: dict[str, bytes], style: Style, minimal_issue: Issue
) -> None:
    """Heading 2 has left indent = hanging = roles.headline_ja (as the PDF's hang), and the
    mark is followed by a tab, so wrapped lines align after the mark."""
    role = style.role("headline_ja")
    assert role.hanging > 0 and role.indent == role.hanging
    twips = str(round(role.hanging * 20))  # 13.125 pt: 262.5 twips, rounded half to even
    doc_styles = xml(outputs["reference"], "word/styles.xml")
    (ind,) = doc_styles.xpath("w:style[@w:styleId='Heading2']/w:pPr/w:ind", namespaces=NS)
    assert (ind.get(W + "left"), ind.get(W + "hanging")) == (twips, twips)
    assert ind.get(W + "firstLine") is None
    doc = xml(outputs["reference"], "word/document.xml")
    headlines = doc.xpath(".//w:p[w:pPr/w:pStyle/@w:val='Heading2']", namespaces=NS)
    assert len(headlines) == 17
    for para in headlines:
        (run,) = para.findall("w:r", NS)
        assert [child.tag for child in run] == [W + "t", W + "tab", W + "t"]
        assert run[0].text == style.strings.headline_mark
    # a role without a hanging indent: no w:ind, the mark and headline_gap inline
    flat = role.model_copy(update={"indent": 0, "hanging": 0})
    plain = _with_docx(
        _with(style, roles={**style.roles, "headline_ja": flat}), reference=None, headline_gap="  "
    )
    data = render_docx(minimal_issue, plain)
    assert not xml(data, "word/styles.xml").xpath(
        "w:style[@w:styleId='Heading2']/w:pPr/w:ind", namespaces=NS
    )
    item = minimal_issue.sections[0].items[0]
    assert ("Heading2", f"{style.strings.headline_mark}  {item.ja}") in paragraphs(data)


def test_citation_paragraph_placement(style: Style, minimal_issue: Issue) -> None:
    strings = style.strings.model_copy(update={"citation_placement": "paragraph"})
    rows = paragraphs(render_docx(minimal_issue, _with(style, strings=strings)))
    assert ("Citation", "(Apa,\u00a007.01.2026)") in rows


def test_inline_emphasis_and_links(style: Style) -> None:
    issue = _issue(
        body="A *slanted* and **strong** word, [a link](https://example.org/a?b=1&c=2).",
        source={"outlet": "Apa", "date": "2026-01-07", "url": "https://apa.az/x"},
    )
    data = render_docx(issue, style)
    doc = xml(data, "word/document.xml")
    assert doc.xpath(".//w:r[w:rPr/w:i][w:t='slanted']", namespaces=NS)
    assert doc.xpath(".//w:r[w:rPr/w:b][w:t='strong']", namespaces=NS)
    links = doc.findall(".//w:hyperlink", NS)
    assert [link.find("w:r/w:t", NS).text for link in links] == ["a link", "(Apa,\u00a007.01.2026)"]
    assert links[0].find("w:r/w:rPr/w:rStyle", NS).get(W + "val") == "Hyperlink"
    rels = etree.fromstring(package(data)["word/_rels/document.xml.rels"])
    targets = {
        rel.get("Id"): (rel.get("Target"), rel.get("TargetMode"))
        for rel in rels
        if rel.get("Type").endswith("/hyperlink")
    }
    rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    assert targets[links[0].get(rid)] == ("https://example.org/a?b=1&c=2", "External")
    assert targets[links[1].get(rid)] == ("https://apa.az/x", "External")


def test_line_breaks_and_tabs(style: Style) -> None:
    issue = _issue(en="First\x0bsecond", body="line one\\\nline two")
    doc = xml(render_docx(issue, style), "word/document.xml")
    english = doc.xpath(".//w:p[w:pPr/w:pStyle/@w:val='EnglishHeadline']", namespaces=NS)[0]
    assert [child.tag for child in english.find("w:r", NS)] == [W + "t", W + "br", W + "t"]
    body = doc.xpath(".//w:p[w:pPr/w:pStyle/@w:val='BodyText']", namespaces=NS)[0]
    assert len(body.findall(".//w:br", NS)) == 1


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        ("en", "Bell\x07here", r"sections\[0\]\.items\[0\]\.en"),
        ("body", "Form\x0cfeed text", r"sections\[0\]\.items\[0\]\.body"),
    ],
)
def test_characters_xml_cannot_carry_are_user_errors(
    style: Style, field: str, value: str, where: str
) -> None:
    issue = _issue(**{field: value})
    with pytest.raises(UserError, match=where + r".*U\+000[7C].*XML forbids it"):
        render_docx(issue, style)


def _issue(**item: object) -> Issue:
    fields = {"ja": "見出し", "en": "Headline", "body": "Body.", "source": "Apa, 2026-01-07"}
    fields.update(item)
    return Issue.model_validate(
        {
            "briefout": 1,
            "title": "題名",
            "period": "2026-01-01..2026-01-02",
            "issuer": "在アゼルバイジャン大使館",
            "sections": [{"title": "内政関連", "items": [fields]}],
        }
    )


# ---------------------------------------------------------------- styles/fonts


def test_every_style_names_latin_and_east_asian_fonts(outputs: dict[str, bytes]) -> None:
    raw = package(outputs["reference"])["word/styles.xml"]
    assert b"Theme=" not in raw  # no asciiTheme / eastAsiaTheme / hAnsiTheme / cstheme
    styles = etree.fromstring(raw)
    fonts = {}
    for node in styles.iterfind("w:style", NS):
        if node.get(W + "type") not in ("paragraph", "character"):
            continue
        if node.get(W + "styleId") in ("DefaultParagraphFont", "Hyperlink"):
            continue
        rfonts = node.find("w:rPr/w:rFonts", NS)
        assert rfonts is not None, node.get(W + "styleId")
        fonts[node.get(W + "styleId")] = (rfonts.get(W + "ascii"), rfonts.get(W + "eastAsia"))
        assert rfonts.get(W + "hAnsi") == rfonts.get(W + "ascii")
    assert fonts["BodyText"] == ("Times New Roman", "ＭＳ 明朝")
    # headings are set in Japanese: Latin letters and digits in the Gothic too, as Japanese
    # Word templates do (no Times New Roman digits beside ＭＳ ゴシック)
    gothic = ("ＭＳ ゴシック", "ＭＳ ゴシック")
    assert fonts["Title"] == fonts["Heading1"] == fonts["Heading2"] == gothic
    assert fonts["EnglishHeadline"] == ("Times New Roman", "ＭＳ 明朝")  # English prose stays serif
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert (lang.get(W + "val"), lang.get(W + "eastAsia")) == ("en-US", "ja-JP")
    assert b'w:eastAsia="ja-JP"' not in package(outputs["reference"])["word/document.xml"]


def test_headings_carry_outline_levels_and_keep_with_next(outputs: dict[str, bytes]) -> None:
    import docx  # python-docx as an independent reader

    document = docx.Document(io.BytesIO(outputs["reference"]))
    heading_1 = document.styles["Heading 1"]
    heading_2 = document.styles["Heading 2"]
    assert heading_2.paragraph_format.keep_with_next is True
    assert document.styles["English Headline"].font.bold is True
    assert document.styles["Body Text"].paragraph_format.alignment == 3  # justify
    levels = {
        name: style.element.find("w:pPr/w:outlineLvl", NS).get(W + "val")
        for name, style in (("1", heading_1), ("2", heading_2))
    }
    assert levels == {"1": "0", "2": "1"}
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    counts = {"Heading 1": 0, "Heading 2": 0}
    for para in document.paragraphs:
        if para.style.name in counts:
            counts[para.style.name] += 1
    assert counts == {"Heading 1": 3, "Heading 2": 17}


def test_bullets_use_a_numbering_definition_with_a_unicode_glyph(
    style: Style, outputs: dict[str, bytes]
) -> None:
    parts = package(outputs["reference"])
    numbering = etree.fromstring(parts["word/numbering.xml"])
    level = numbering.find("w:abstractNum/w:lvl", NS)
    assert level.find("w:numFmt", NS).get(W + "val") == "bullet"
    assert level.find("w:lvlText", NS).get(W + "val") == style.strings.bullet
    assert level.find("w:pStyle", NS).get(W + "val") == "ListBullet"
    styles = etree.fromstring(parts["word/styles.xml"])
    num_id = styles.find("w:style[@w:styleId='ListBullet']/w:pPr/w:numPr/w:numId", NS)
    assert num_id.get(W + "val") == numbering.find("w:num", NS).get(W + "numId")
    assert all(b'"Symbol"' not in data for data in parts.values())


def test_only_styles_in_use_and_word_standard_ones(outputs: dict[str, bytes]) -> None:
    parts = package(outputs["minimal"])
    ids = {
        node.get(W + "styleId")
        for node in etree.fromstring(parts["word/styles.xml"]).iterfind("w:style", NS)
    }
    used = set()
    for name in ("word/document.xml", "word/footer1.xml", "word/numbering.xml"):
        used |= set(re.findall(rb'<w:[pr]Style w:val="([^"]+)"', parts[name]))
    standard = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}
    # the minimal issue has no part label, no link and no header: those styles are left out
    assert ids == {u.decode() for u in used} | standard | {"Citation"}
    assert "PartLabel" not in ids and "Hyperlink" not in ids and "Header" not in ids
    assert sorted(parts) == sorted(EXPECTED_PARTS)


def _house_reference(folder: Path, edit) -> Style:  # type: ignore[no-untyped-def]
    """A user style whose reference is the embassy one edited with python-docx."""
    import docx

    from briefout.style import load_style

    folder.mkdir(exist_ok=True)
    (folder / "style.yaml").write_text(
        "inherits: embassy\nwriters:\n  docx:\n    reference: house.docx\n", encoding="utf-8"
    )
    document = docx.Document(str(ROOT / "styles" / "embassy" / "reference.docx"))
    edit(document)
    document.save(str(folder / "house.docx"))
    return load_style(folder)


def test_a_word_edited_reference_is_found_by_name_and_theme_fonts_removed(
    tmp_path: Path, minimal_issue: Issue
) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn

    def as_japanese_word(document) -> None:  # type: ignore[no-untyped-def]
        heading = document.styles["Heading 1"]
        heading.style_id = "1"  # Japanese Word writes ids like this
        rfonts = heading.element.rPr.rFonts
        rfonts.set(qn("w:asciiTheme"), "majorHAnsi")
        rfonts.set(qn("w:eastAsiaTheme"), "majorEastAsia")
        rfonts.set(qn("w:cstheme"), "majorBidi")
        document.styles.add_style("Unused", WD_STYLE_TYPE.PARAGRAPH)

    data = render_docx(minimal_issue, _house_reference(tmp_path / "house", as_japanese_word))
    raw = package(data)["word/styles.xml"]
    assert b"Theme=" not in raw and b"theme=" not in raw
    ids = {node.get(W + "styleId") for node in etree.fromstring(raw).iterfind("w:style", NS)}
    assert "1" in ids and "Unused" not in ids
    assert [sid for sid, _ in paragraphs(data)].count("1") == 1

    def without_citation(document) -> None:  # type: ignore[no-untyped-def]
        document.styles["Citation Char"].delete()

    with pytest.raises(UserError, match=r"house\.docx has no style named 'Citation Char'"):
        render_docx(minimal_issue, _house_reference(tmp_path / "bare", without_citation))


def test_a_user_style_can_supply_its_own_reference(
    tmp_path: Path, style: Style, minimal_issue: Issue
) -> None:
    from docx.shared import Pt

    from briefout.style import load_style

    def larger(document) -> None:  # type: ignore[no-untyped-def]
        document.styles["English Headline"].font.size = Pt(14)

    data = render_docx(minimal_issue, _house_reference(tmp_path / "mine", larger))
    styles = etree.fromstring(package(data)["word/styles.xml"])
    size = styles.find("w:style[@w:styleId='EnglishHeadline']/w:rPr/w:sz", NS)
    assert size.get(W + "val") == "28"
    folder = tmp_path / "mine"
    (folder / "style.yaml").write_text(
        "inherits: embassy\nwriters:\n  docx:\n    reference: missing.docx\n", encoding="utf-8"
    )
    with pytest.raises(UserError, match=r"missing\.docx"):
        render_docx(minimal_issue, load_style(folder))
    (folder / "style.yaml").write_text(
        "inherits: embassy\nwriters:\n  docx:\n    reference: broken.docx\n", encoding="utf-8"
    )
    (folder / "broken.docx").write_bytes(b"not a zip")
    with pytest.raises(UserError, match=r"broken\.docx is not a DOCX file"):  # at its line
        render_docx(minimal_issue, load_style(folder))


def test_options_are_validated(style: Style) -> None:
    with pytest.raises(ValueError, match="titel"):
        DocxOptions(style_names={"titel": "Title"})
    partial = style.model_copy(
        update={"writers": {**style.writers, "docx": {"style_names": {"body": "Text"}}}}
    )
    names = options_for(partial).style_names
    assert names["body"] == "Text" and names["section"] == "heading 1"


# ------------------------------------------------------------------ properties


def test_core_and_app_properties(outputs: dict[str, bytes]) -> None:
    parts = package(outputs["reference"])
    core = etree.fromstring(parts["docProps/core.xml"])
    values = {etree.QName(node).localname: node.text for node in core}
    assert values == {
        "title": "アゼルバイジャン政治・治安情報",
        "subject": "2025年12月27日～2026年1月9日",
        "creator": "在アゼルバイジャン大使館",
        "lastModifiedBy": "在アゼルバイジャン大使館",
        "language": "ja",
        "created": "2026-01-09T00:00:00Z",
        "modified": "2026-01-09T00:00:00Z",
    }
    assert "<Company>在アゼルバイジャン大使館</Company>" in parts["docProps/app.xml"].decode()


def test_source_date_epoch_sets_the_timestamp(style: Style, minimal_issue: Issue) -> None:
    data = (
        render_issue(minimal_issue, style, "docx", environ={"SOURCE_DATE_EPOCH": "1767916800"})
        .outputs[0]
        .data
    )
    assert b">2026-01-09T00:00:00Z</dcterms:created>" in package(data)["docProps/core.xml"]


def test_sample_size_target(outputs: dict[str, bytes]) -> None:
    assert len(outputs["reference"]) <= 40 * 1024
