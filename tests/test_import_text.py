"""Importing text drafts: the reference extraction item by item, and the text shapes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefout.errors import UserError
from briefout.importer import import_document, import_file
from briefout.importer.patterns import find_citation, parse_period, section_number_length
from briefout.model import Issue
from briefout.readers.text import TextReader, split_paragraphs

from conftest import ROOT

REFERENCE_TEXT = ROOT.parent / "shared" / "reference" / "000_833dc4c24bebd27c.txt"
if not REFERENCE_TEXT.is_file():  # CI lays shared/ beside the clone; a worktree sits deeper
    REFERENCE_TEXT = Path("/work/shared/reference/000_833dc4c24bebd27c.txt")


def _items(issue: Issue) -> list[tuple[object, ...]]:
    """Everything an item holds, comparable: headlines, body blocks, parts, citations."""
    return [
        (
            s_number,
            item.ja,
            item.en,
            item.body,
            item.source,
            tuple((part.label, part.body, part.source) for part in item.parts),
        )
        for s_number, _, _, item in issue.items()
    ]


@pytest.fixture(scope="module")
def imported_reference() -> Issue:
    if not REFERENCE_TEXT.is_file():
        pytest.fail(f"the reference text {REFERENCE_TEXT} is missing (shared/ is laid by CI)")
    return import_file(REFERENCE_TEXT).issue


def test_reference_text_gives_every_item_of_the_reference_issue(
    imported_reference: Issue, reference_issue: Issue
) -> None:
    got, expected = _items(imported_reference), _items(reference_issue)
    assert len(expected) == 17
    for index, (mine, theirs) in enumerate(zip(got, expected, strict=True), start=1):
        assert mine == theirs, f"item {index} differs"


def test_reference_text_title_block_and_sections(
    imported_reference: Issue, reference_issue: Issue
) -> None:
    assert imported_reference.title == reference_issue.title
    assert imported_reference.subtitle == reference_issue.subtitle
    assert imported_reference.period == reference_issue.period
    assert imported_reference.issuer == reference_issue.issuer
    assert [s.title for s in imported_reference.sections] == [
        s.title for s in reference_issue.sections
    ]


def test_reference_text_yaml_is_laid_out_like_the_sample() -> None:
    """The same lines as samples/reference.yaml, besides the header and '# import:' notes."""
    yaml_text = import_file(REFERENCE_TEXT).yaml
    mine = [ln for ln in yaml_text.splitlines() if not ln.lstrip().startswith("#")]
    sample = (ROOT / "samples" / "reference.yaml").read_text(encoding="utf-8").splitlines()
    assert mine == [ln for ln in sample if not ln.startswith("#")]
    notes = [ln.strip() for ln in yaml_text.splitlines() if "# import:" in ln]
    assert "# import: a bold Japanese bullet read as an item headline" in notes
    assert any("joined: a sentence was broken across them" in note for note in notes)
    assert any("English headline continued on line 59" in note for note in notes)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025年12月27日～2026年1月9日", ("2025-12-27", "2026-01-09")),
        ("2025年12月27日〜2026年1月9日", ("2025-12-27", "2026-01-09")),
        ("2025年12月27日~2026年1月9日", ("2025-12-27", "2026-01-09")),
        ("2025年12月27日 – 2026年1月9日", ("2025-12-27", "2026-01-09")),
        ("2025年12月27日-2026年1月9日", ("2025-12-27", "2026-01-09")),
        ("２０２５年１２月２７日～２０２６年１月９日", ("2025-12-27", "2026-01-09")),
        ("2025年12月27日（土）～1月9日（金）", ("2025-12-27", "2026-01-09")),
        ("27.12.2025 - 09.01.2026", ("2025-12-27", "2026-01-09")),
        ("2026/1/10〜2026/1/23", ("2026-01-10", "2026-01-23")),
        ("2026-01-10..2026-01-23", ("2026-01-10", "2026-01-23")),
        ("2026年1月9日", ("2026-01-09", "2026-01-09")),
        ("令和7年12月27日～令和8年1月9日", ("2025-12-27", "2026-01-09")),
        ("平成元年1月8日", ("1989-01-08", "1989-01-08")),
    ],
)
def test_period_forms(text: str, expected: tuple[str, str]) -> None:
    found = parse_period(text)
    assert found is not None
    assert (found[0].isoformat(), found[1].isoformat()) == expected


@pytest.mark.parametrize("text", ["在アゼルバイジャン大使館", "2026年2月30日～3月1日", "1. 内政"])
def test_not_a_period(text: str) -> None:
    assert parse_period(text) is None


@pytest.mark.parametrize(
    ("text", "outlet", "date"),
    [
        ("Body. (Azertag, 05.01.2026)", "Azertag", dt.date(2026, 1, 5)),
        ("Body. (AZERTAG / 31.12.2025)", "AZERTAG", dt.date(2025, 12, 31)),
        ("本文。（ＡＰＡ，３０．１２．２０２５）", "ＡＰＡ", dt.date(2025, 12, 30)),
        ("Body. (Apa,\n09.01.2026)", "Apa", dt.date(2026, 1, 9)),
        ("Body. (JAM-NEWS.NET / 30.12.2025)", "JAM-NEWS.NET", dt.date(2025, 12, 30)),
        ("Body. (Report News, 7.1.2026) ", "Report News", dt.date(2026, 1, 7)),
    ],
)
def test_citation_forms_keep_the_outlet_as_written(text: str, outlet: str, date: dt.date) -> None:
    found = find_citation(text)
    assert found is not None and (found.outlet, found.date) == (outlet, date)
    assert text[: found.start].rstrip().endswith(("Body.", "本文。"))


def test_section_numbers_typed_in_any_width() -> None:
    assert section_number_length("1. 軍事・治安関係") == 3
    assert section_number_length("１．内政関連") == 2
    assert section_number_length("2025 年の活動") == 0
    assert section_number_length("一、軍事・治安関係") == 2
    assert section_number_length("十二．その他") == 3


def test_lines_split_at_marks_and_script_changes_and_join_otherwise() -> None:
    long = "A body line long enough to have been wrapped by the editor, and"
    text = f"- **米国議会**\nUS Congress posts text\n\n{long}\nwrapped here\nShort\n- a\n- b\n"
    assert split_paragraphs(text) == [
        (1, "- **米国議会**"),
        (2, "US Congress posts text"),
        (4, f"{long}\nwrapped here"),
        (6, "Short"),
        (7, "- a"),
        (8, "- b"),
    ]


SHIFT_JIS_DRAFT = """アゼルバイジャン政治・治安情報
2026年1月10日～2026年1月23日
在アゼルバイジャン大使館
1. 内政関連
● 大統領、演説
President gave a speech
He spoke. (Apa, 12.01.2026)
"""


def test_a_shift_jis_draft_is_read_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_bytes(SHIFT_JIS_DRAFT.replace("\n", "\r\n").encode("cp932"))
    result = import_file(path)
    assert result.issue.sections[0].items[0].ja == "大統領、演説"
    assert "# import: read as Shift_JIS (cp932): the file is not UTF-8" in result.yaml


def test_japanese_is_kept_as_written_and_nfkc_only_matches(tmp_path: Path) -> None:
    draft = SHIFT_JIS_DRAFT.replace(
        "He spoke. (Apa, 12.01.2026)", "He spoke. （ＡＰＡ，１２．０１．２０２６）"
    ).replace("● 大統領、演説", "● 大統領、ＮＡＴＯ～演説")
    document = TextReader().read(_write(tmp_path / "d.md", draft))
    issue = import_document(document).issue
    item = issue.sections[0].items[0]
    assert item.ja == "大統領、ＮＡＴＯ～演説"
    assert item.source is not None and item.source.outlet == "ＡＰＡ"
    assert item.source.date == dt.date(2026, 1, 12)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_word_number_formats() -> None:
    from briefout.readers.docx.numbering import format_number

    assert [format_number(n, "upperRoman") for n in (1, 4, 9, 14)] == ["I", "IV", "IX", "XIV"]
    assert format_number(28, "lowerLetter") == "bb"
    assert format_number(3, "decimalFullWidth") == "３"
    assert format_number(2, "decimalEnclosedCircle") == "②"


def test_a_headline_without_english_is_a_plain_error_at_its_line(tmp_path: Path) -> None:
    draft = SHIFT_JIS_DRAFT.replace("President gave a speech\n", "")
    with pytest.raises(UserError) as caught:
        import_document(TextReader().read(_write(tmp_path / "d.txt", draft)))
    problem = caught.value.problems[0]
    assert (problem.line, problem.file) == (5, str(tmp_path / "d.txt"))
    assert "the item '● 大統領、演説' has no English headline" in problem.message


def test_page_breaks_controls_and_refused_links_in_a_draft_are_noted(tmp_path: Path) -> None:
    draft = SHIFT_JIS_DRAFT.replace(
        "He spoke.", "He\x07 spoke [here](javascript:alert(1)) and <b>loud</b>.\x0c"
    )
    result = import_file(_write(tmp_path / "d.md", draft))
    body = result.issue.sections[0].items[0].body[0]
    assert "".join(run.text for run in body.runs) == "He spoke here and loud."
    assert all(run.href is None for run in body.runs)
    notes = [ln for ln in result.yaml.splitlines() if ln.startswith("# import: line 7")]
    assert len(notes) == 4  # the bell, the link, the two HTML tags
    assert "U+0007" in notes[0]
