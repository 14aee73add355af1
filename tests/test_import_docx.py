"""A corpus of foreign DOCX (Word's ways of writing one briefing), their LibreOffice re-saves
and pandoc's DOCX: each imports to the same canonical issue."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from docx_builder import (
    content_control,
    deleted,
    docx,
    field,
    hyperlink,
    inserted,
    numbering,
    p,
    r,
    ruby,
    simple_field,
    smart_tag,
    style,
    symbol,
)
from test_import_text import REFERENCE_TEXT

from briefout.importer import import_document, import_file
from briefout.loader import load_issue, load_issue_bytes
from briefout.model import Issue
from briefout.outlets import OutletMap
from briefout.readers.docx import read_docx_bytes

from conftest import REFERENCE_SAMPLE, need_tool

EXPECTED = """\
briefout: 1
title: アゼルバイジャン政治・治安情報
subtitle: (公開情報とりまとめ)
period: 2025-12-27..2026-01-09
issuer: 在アゼルバイジャン大使館
sections:
  - title: 軍事・治安関係
    items:
      - ja: 地雷対策庁、地雷を処理
        en: ANAMA neutralized mines in 2025
        body: |
          The agency cleared **69,205.7 hectares** of land, see the
          [report](https://anama.gov.az/r).

          - 4,963 anti-personnel mines
          - 1,861 anti-tank mines
        source: Azertag, 2026-01-05
      - ja: 国防相、武官と会談
        en: Minister of Defense received the new attaché
        body: |
          On Jan. 7, the *attaché* was introduced to the Minister.
        source: APA, 2025-12-30
        parts:
          - label: "Russian version:"
            body: |
              The sides discussed cooperation.
            source: MID.RU, 2025-12-29
  - title: 内政関連
    items:
      - ja: 大統領、財政支援を命じる
        en: President decrees financial assistance
        body: |
          On Jan. 7, President Aliyev signed an order to allocate assistance.
        source: Trend, 2026-01-07
"""
LINK = {"rIdLink": "https://anama.gov.az/r"}
OUTLETS = OutletMap({"APA": []})


def direct_formatting() -> bytes:
    """Normal paragraphs only: bold, size and alignment set by hand; numbers and marks typed;
    runs split mid-word; one headline pair in one paragraph; a citation split in two."""
    body = [
        p(r("アゼルバイジャン", b=True, sz=32), r("政治・治安情報", b=True, sz=32), jc="center"),
        p(r("(公開情報とりまとめ)"), jc="center"),
        p(r("2025年12月27日～2026年1月9日"), jc="center"),
        p(r("在アゼルバイジャン大使館"), jc="right"),
        p(r("1. 軍事・治安関係", b=True)),
        p(r("● ", b=True), r("地雷対策庁、地雷を処理", b=True)),
        p(r("ANAMA neutralized mines in 2025", b=True)),
        p(
            r("The agen"),
            r("cy cleared "),
            r("69,205.7 ", b=True),
            r("hectares", b=True),
            r(" of land, see the "),
            hyperlink("rIdLink", r("report", style="Hyperlink")),
            r("."),
        ),
        p(r("・4,963 anti-personnel mines")),
        p(r("・1,861 anti-tank mines (Azertag, 05.01.2026)")),
        p(r("● 国防相、武官と会談 ", b=True), r("Minister of Defense received the new attaché")),
        p(
            r("On Jan. 7, the "),
            r("attaché", i=True),
            r(" was introduced to the Minister."),
            r(" （ＡＰＡ／３０．１２．２０２５）"),
        ),
        p(r("Russian version:")),
        p(r("The sides discussed cooperation. (MID.RU, 29.12.2025)")),
        p(r("２．内政関連", b=True)),
        p(r("■ 大統領、財政支援を命じる", b=True)),
        p(r("President decrees financial assistance", b=True)),
        p(r("On Jan. 7, President Aliyev signed an order to allocate assistance. (Trend,")),
        p(r("07.01.2026)")),
        p(r("END"), jc="right"),
    ]
    return docx(body, links=LINK)


NAMED_STYLES = (
    style("Title", "Title", rpr='<w:b/><w:sz w:val="32"/>')
    + style("Subtitle", "Subtitle")
    + style("Heading1", "heading 1", ppr='<w:numPr><w:numId w:val="1"/></w:numPr>', rpr="<w:b/>")
    + style("Heading2", "heading 2", rpr="<w:b/>")
    + style("EnHeadline", "EN Headline", rpr="<w:b/>")
    + style("ListBullet", "List Bullet", ppr='<w:numPr><w:numId w:val="2"/></w:numPr>')
    + style("Emphasis", "Emphasis", kind="character", rpr="<w:i/>")
    + style("Hyperlink", "Hyperlink", kind="character", rpr='<w:u w:val="single"/>')
)
NUMBERING = numbering((1, "decimal", "%1.", "Heading1"), (2, "bullet", "\uf0b7", "ListBullet"))


def named_styles(heading: str = "heading 1") -> bytes:
    """Title/Subtitle styles, auto-numbered Heading 1 (numbering through the style), Heading 2
    headlines without a mark, List Bullet with the Symbol bullet, a character style for
    italic, a complex HYPERLINK field, and a headline pair split by a line break."""
    styles = NAMED_STYLES.replace('w:val="heading 1"', f'w:val="{heading}"')
    body = [
        p(r("アゼルバイジャン政治・治安情報"), style="Title"),
        p(r("(公開情報とりまとめ)"), style="Subtitle"),
        p(r("2025年12月27日〜2026年1月9日")),
        p(r("在アゼルバイジャン大使館"), jc="right"),
        p(r("軍事・治安関係"), style="Heading1"),
        p(r("地雷対策庁、地雷を処理"), style="Heading2"),
        p(r("ANAMA neutralized mines in 2025"), style="EnHeadline"),
        p(
            r("The agency cleared "),
            r("69,205.7 hectares", b=True),
            r(" of land, see the "),
            field(' HYPERLINK "https://anama.gov.az/r" ', r("report", style="Hyperlink")),
            r("."),
        ),
        p(r("4,963 anti-personnel mines"), style="ListBullet"),
        p(r("1,861 anti-tank mines (Azertag, 05.01.2026)"), style="ListBullet"),
        p(r("国防相、武官と会談\nMinister of Defense received the new attaché"), style="Heading2"),
        p(
            r("On Jan. 7, the "),
            r("attaché", style="Emphasis"),
            r(" was introduced to the Minister. (APA / 30.12.2025)"),
        ),
        p(r("Russian version:")),
        p(r("The sides discussed cooperation. (MID.RU / 29.12.2025)")),
        p(r("内政関連"), style="Heading1"),
        p(r("大統領、財政支援を命じる"), style="Heading2"),
        p(r("President decrees financial assistance"), style="EnHeadline"),
        p(
            r("On Jan. 7, President Aliyev signed an order to allocate assistance."),
            r(" (Trend, 07.01.2026)"),
        ),
        p(r("END")),
    ]
    return docx(body, styles=styles, numbering_xml=NUMBERING)


def word_internals() -> bytes:
    """Outline-level sections, bold bullet-numbered headlines, tracked changes, content
    controls, smart tags, simple fields, ruby, hidden text, a Symbol bullet typed as w:sym."""
    body = [
        p(r("アゼルバイジャン政治・治安情報", b=True)),
        p(r("(公開情報とりまとめ)")),
        p(simple_field("DOCPROPERTY Period", r("2025年12月27日～2026年1月9日"))),
        p(r("在アゼルバイジャン大使館")),
        p(r("軍事・治安関係", b=True), outline=0),
        p(ruby("地雷", "じらい"), r("対策庁、", b=True), r("地雷を処理", b=True), num=(3, 0)),
        p(r("ANAMA neutralized mines in 2025")),
        p(
            r("The agency "),
            deleted("has "),
            inserted(r("cleared ")),
            r("69,205.7", b=True),
            content_control(r(" hectares", b=True)),
            r(" of land, see the", b=False),
            r(" secret", vanish=True),
            r(" "),
            hyperlink("rIdLink", r("report")),
            r("."),
        ),
        p(symbol(), r("\t4,963 anti-personnel mines")),
        p(symbol(), r("\t1,861 anti-tank mines "), smart_tag(r("(Azertag, 05.01.2026)"))),
        p(r("国防相、武官と会談", b=True), num=(3, 0)),
        p(r("Minister of Defense received the new attaché")),
        p(
            r("On Jan. 7, the "),
            r("attaché", i=True),
            r(" was introduced to the Minister. (APA,"),
            r("\n30.12.2025)"),
        ),
        content_control(p(r("Russian version:")), block=True),
        p(r("The sides discussed cooperation. "), field(" QUOTE x ", r("(MID.RU, 29.12.2025)"))),
        p(r("内政関連", b=True), outline=0),
        p(r("大統領、財政支援を命じる", b=True), num=(3, 0)),
        p(r("President decrees financial assistance")),
        p(
            r("On Jan. 7, President Aliyev signed an order to allocate"),
            inserted(r(" assistance.")),
            r(" (Trend, 07.01.2026)"),
        ),
        p(r("END")),
    ]
    return docx(body, numbering_xml=numbering((3, "bullet", "\uf0b7", None)), links=LINK)


VARIANTS: dict[str, Callable[[], bytes]] = {
    "direct-formatting": direct_formatting,
    "named-styles": named_styles,
    "localised-style-names": lambda: named_styles("見出し 1"),
    "word-internals": word_internals,
}


@pytest.fixture(scope="module")
def expected() -> Issue:
    return load_issue_bytes(EXPECTED.encode("utf-8"), "expected")


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_each_way_of_writing_the_briefing_imports_to_the_same_issue(
    variant: str, expected: Issue
) -> None:
    document = read_docx_bytes(VARIANTS[variant](), f"{variant}.docx")
    result = import_document(document, OUTLETS.normalise)
    assert result.issue == expected
    assert result.draft.unplaced == []


def test_full_width_outlets_are_kept_as_written_unless_mapped() -> None:
    """NFKC only matches: without an outlet map the outlet stays as typed."""
    issue = import_document(read_docx_bytes(direct_formatting(), "d.docx")).issue
    source = issue.sections[0].items[1].source
    assert source is not None and source.outlet == "ＡＰＡ"


def test_what_was_guessed_is_noted(expected: Issue) -> None:
    direct = import_document(read_docx_bytes(direct_formatting(), "d.docx")).yaml
    assert "# import: headline split where Japanese turns to English" in direct
    assert "joined: a sentence was broken across them" in direct
    internals = import_document(read_docx_bytes(word_internals(), "w.docx")).yaml
    assert "# import: a bold Japanese bullet read as an item headline" in internals


# LibreOffice 7.4 duplicates the text of a block-level content control in the title block
# when it re-saves (its own bug; the import of Word's file is right), so the corpus puts
# block-level content controls only where LibreOffice keeps them whole.


def libreoffice_resave(documents: dict[str, bytes], folder: Path) -> dict[str, bytes]:
    """Each DOCX opened and saved again by LibreOffice, all in one headless run."""
    soffice = need_tool("soffice", "LibreOffice re-saves of the corpus")
    sources = []
    for name, data in documents.items():
        sources.append(folder / f"{name}.docx")
        sources[-1].write_bytes(data)
    out = folder / "resaved"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    resaved = {}
    for name in documents:
        assert (out / f"{name}.docx").is_file(), f"LibreOffice wrote no file for {name}"
        resaved[name] = (out / f"{name}.docx").read_bytes()
    return resaved


@pytest.fixture(scope="module")
def resaved_corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Every corpus variant re-saved by LibreOffice (one start for all of them)."""
    corpus = {variant: make() for variant, make in VARIANTS.items()}
    return libreoffice_resave(corpus, tmp_path_factory.mktemp("libreoffice"))


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_libreoffice_resaves_import_to_the_same_issue(
    variant: str, expected: Issue, resaved_corpus: dict[str, bytes]
) -> None:
    resaved = resaved_corpus[variant]
    result = import_document(read_docx_bytes(resaved, f"{variant}-lo.docx"), OUTLETS.normalise)
    assert result.issue == expected


def test_pandoc_docx_of_the_reference_text_gives_the_reference_items(tmp_path: Path) -> None:
    pandoc = need_tool("pandoc", "pandoc-made DOCX")
    target = tmp_path / "pandoc.docx"
    subprocess.run(
        [pandoc, "-f", "markdown-smart", "-t", "docx", "-o", str(target), str(REFERENCE_TEXT)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    imported = import_file(target).issue
    reference = load_issue(REFERENCE_SAMPLE)
    mine = [(i.ja, i.en, i.body, i.source, i.parts) for _, _, _, i in imported.items()]
    theirs = [(i.ja, i.en, i.body, i.source, i.parts) for _, _, _, i in reference.items()]
    assert len(mine) == 17
    for number, (got, want) in enumerate(zip(mine, theirs, strict=True), start=1):
        assert got == want, f"item {number}"
    assert imported.period == reference.period and imported.title == reference.title


LISTS = numbering((4, "decimal", "%1.", None), (5, "bullet", "●", None))


def test_other_marks_direct_numbering_and_unplaced_paragraphs_are_reported() -> None:
    """○ ◆ ・ marks, a section auto-numbered by direct numPr, no period line (taken from the
    citations), and paragraphs that fit nowhere: listed, never dropped."""
    body = [
        p(r("週報")),
        p(r("在アゼルバイジャン大使館")),
        p(r("軍事・治安関係"), num=(4, 0)),
        p(r("An introduction that belongs to no item.")),
        p(r("○ 会談が行われた")),
        p(r("Talks were held")),
        p(r("They talked. (Apa, 03.01.2026)")),
        p(r("◆ 合意に署名")),
        p(r("Agreement signed")),
        p(r("They signed. (Apa, 05.01.2026)")),
        p(r("・ 声明を発表")),
        p(r("Statement issued")),
        p(r("・ a bullet, not an item")),
        p(r("大使が着任"), num=(5, 0)),
        p(r("Ambassador arrived")),
        p(r("He arrived"), '<w:r><w:footnoteReference w:id="1"/></w:r>', r(".")),
        p(r("END")),
        p(r("Printed on 10.01.2026")),
    ]
    result = import_document(read_docx_bytes(docx(body, numbering_xml=LISTS), "m"))
    issue = result.issue
    assert [s.title for s in issue.sections] == ["軍事・治安関係"]
    assert [i.ja for i in issue.sections[0].items] == [
        "会談が行われた",
        "合意に署名",
        "声明を発表",
        "大使が着任",
    ]
    assert issue.sections[0].items[2].body[0].kind == "bullets"
    assert "# import: a Japanese paragraph in a ● list read as an item" in result.yaml
    assert "# import: 1 footnote(s) not read: only the body's paragraphs are imported;" in (
        result.yaml
    )
    assert (issue.period.start.isoformat(), issue.period.end.isoformat()) == (
        "2026-01-03",
        "2026-01-05",
    )
    assert [(u.where, u.reason) for u in result.draft.unplaced] == [
        ("paragraph 4", "text between a section heading and its first item"),
        ("paragraph 18", "after END"),
    ]
    assert "# import: no period line found: the period spans the citations' dates" in result.yaml
    assert "# import: auto-numbered paragraph (1.) read as a section" in result.yaml
    assert "# import: not placed (after END): paragraph 18: Printed on 10.01.2026" in result.yaml
    assert result.unplaced_lines()[0] == (
        "m: paragraph 4: not placed (text between a section heading and its first item): "
        "An introduction that belongs to no item."
    )


TEXT_BOX = (  # as Word writes a floating text box: DrawingML, then VML for older readers
    '<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' xmlns:v="urn:schemas-microsoft-com:vml"><mc:Choice Requires="wps"><w:drawing><wps:wsp>'
    "<wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx></wps:wsp></w:drawing>"
    "</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{inner}"
    "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
)


def test_a_text_box_is_reported_and_its_text_never_leaks_into_the_paragraph() -> None:
    """A text box anchored in a paragraph is drawn apart from it: its text (written twice,
    DrawingML and VML) is not part of the paragraph; the note says it was not read."""
    box = TEXT_BOX.format(inner=p(r("Draft\tonly"), r("\nnot for release")))
    body = [
        p(r("アゼルバイジャン政治・治安情報"), box),
        p(r("2025年12月27日～2026年1月9日")),
        p(r("在アゼルバイジャン大使館")),
        p(r("1. 軍事・治安関係")),
        p(r("● 会談が行われた")),
        p(r("Talks were held")),
        p(r("They talked. (Apa, 03.01.2026)")),
    ]
    result = import_document(read_docx_bytes(docx(body), "box"))
    assert result.issue.title == "アゼルバイジャン政治・治安情報"
    assert "Draft" not in result.yaml.replace("# import: 1 text box", "")
    assert "# import: 1 text box(s) not read: only the body's paragraphs are imported;" in (
        result.yaml
    )


def test_marks_inserted_from_wingdings_are_read_as_the_marks_they_show() -> None:
    """Insert › Symbol › Wingdings writes ● ■ ◆ ○ as private-use codes of that font."""
    wingdings = '<w:r><w:sym w:font="Wingdings" w:char="{}"/></w:r>'.format
    body = [
        p(r("アゼルバイジャン政治・治安情報")),
        p(r("2025年12月27日～2026年1月9日")),
        p(r("在アゼルバイジャン大使館")),
        p(r("1. 軍事・治安関係")),
        p(wingdings("F06C"), r(" 会談が行われた")),
        p(r("Talks were held")),
        p(r("They talked. (Apa, 03.01.2026)")),
        p(wingdings("F06E"), r(" 合意に署名")),
        p(r("Agreement signed")),
        p(r("They signed; Symbol's F06C is not a mark:"), symbol("F06C"), r(" (Apa, 05.01.2026)")),
    ]
    issue = import_document(read_docx_bytes(docx(body), "wingdings")).issue
    items = issue.sections[0].items
    assert [item.ja for item in items] == ["会談が行われた", "合意に署名"]
    body_text = "".join(run.text for run in items[1].body[0].runs)
    assert "not a mark:" in body_text and "●" not in body_text
