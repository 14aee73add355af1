"""Styles as data: validation with positions, inheritance, files up the chain, writer options."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

from briefout.errors import UserError
from briefout.style import available_styles, load_style


def write_style(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "style.yaml").write_text(text, encoding="utf-8")
    return folder


def test_embassy_is_the_default_and_formats_like_the_reference() -> None:
    style = load_style()
    assert style.name == "embassy" and "embassy" in available_styles()
    assert style.format_period(dt.date(2025, 12, 27), dt.date(2026, 1, 9)) == (
        "2025年12月27日～2026年1月9日"
    )
    assert style.format_citation("Azertag", dt.date(2026, 1, 5)) == "(Azertag, 05.01.2026)"
    assert style.format_section(1, "軍事・治安関係") == "1. 軍事・治安関係"
    assert style.strings.headline_mark == "●" and style.strings.end == "END"
    assert style.page.width_mm == 210 and style.page.height_mm == 297
    assert style.fonts.docx["body"].east_asian == "ＭＳ 明朝"
    assert style.fonts.docx["heading"].east_asian == "ＭＳ ゴシック"
    assert style.fonts.docx["body"].latin == "Times New Roman"


def test_user_style_inherits_and_overrides_single_values(tmp_path: Path) -> None:
    folder = write_style(
        tmp_path / "mine",
        "inherits: embassy\n"
        "strings: {citation: '({outlet} / {date:%d.%m.%Y})'}\n"
        "roles: {title: {font: heading, size: 20, bold: true, align: center}}\n",
    )
    style = load_style(folder)
    assert style.name == "mine"
    assert style.format_citation("APA", dt.date(2025, 12, 30)) == "(APA / 30.12.2025)"
    assert style.roles["title"].size == 20
    # everything else is the parent's
    assert style.strings.headline_mark == "●"
    assert style.roles["body"] == load_style().roles["body"]


def test_files_are_found_in_the_child_first(tmp_path: Path) -> None:
    folder = write_style(tmp_path / "mine", "inherits: embassy\n")
    assert load_style(folder).find_file("style.yaml") == folder / "style.yaml"
    (folder / "extra.txt").write_text("x", encoding="utf-8")
    assert load_style(folder).find_file("extra.txt") == folder / "extra.txt"
    with pytest.raises(UserError, match=r"'missing\.bin' not found"):
        load_style(folder).find_file("missing.bin")


def test_style_errors_point_into_the_user_file(tmp_path: Path) -> None:
    folder = write_style(
        tmp_path / "bad",
        "inherits: embassy\npage:\n  widht_mm: 200\ncolours: {accent: blue}\n",
    )
    with pytest.raises(UserError) as caught:
        load_style(folder)
    found = {(p.file, p.line, p.path): p for p in caught.value.problems}
    style_file = str(folder / "style.yaml")
    assert (style_file, 3, "page.widht_mm") in found
    assert "did you mean 'width_mm'?" in found[(style_file, 3, "page.widht_mm")].hint
    assert any(p.path == "colours.accent" and p.line == 4 for p in caught.value.problems)


def test_inheritance_loop_is_refused(tmp_path: Path) -> None:
    folder = write_style(tmp_path / "loop", "inherits: ../loop\n")
    with pytest.raises(UserError, match="inherits itself"):
        load_style(folder)


def test_unknown_parent(tmp_path: Path) -> None:
    folder = write_style(tmp_path / "orphan", "inherits: nope\n")
    with pytest.raises(UserError, match="style 'nope' not found"):
        load_style(folder)


class _Options(BaseModel):
    model_config = ConfigDict(extra="forbid")
    columns: int = 1


def test_writer_options_are_validated_with_positions(tmp_path: Path) -> None:
    folder = write_style(tmp_path / "w", "inherits: embassy\nwriters:\n  fancy: {colums: 2}\n")
    with pytest.raises(UserError) as caught:
        load_style(folder).writer_options("fancy", _Options)
    (problem,) = caught.value.problems
    assert problem.path == "writers.fancy.colums" and problem.line == 3
    assert "did you mean 'columns'?" in problem.hint
    good = write_style(tmp_path / "g", "inherits: embassy\nwriters:\n  fancy: {columns: 2}\n")
    assert load_style(good).writer_options("fancy", _Options).columns == 2
    assert load_style().writer_options("fancy", _Options).columns == 1


@pytest.mark.parametrize(
    ("strings", "path", "expected"),
    [
        ("strings: {citation: '({outlet} / {dat:%d})'}", "strings.citation", "{dat}"),
        ("strings: {period: '{start.year'}", "strings.period", "cannot be filled"),
        ("strings: {section_heading: '{0}. {title}'}", "strings.section_heading", "{0}"),
        ("page: {footer: '- {page:d -'}", "page.footer", "cannot be filled"),
        ("page: {header: '{title} {volume}'}", "page.header", "{volume}"),
        ("strings: {citation: '{outlet:900000000}'}", "strings.citation", "too wide"),
        ("strings: {citation: '{outlet:.900000000}'}", "strings.citation", "too wide"),
        ("strings: {citation: '{outlet.__class__}'}", "strings.citation", "not a plain field"),
        ("strings: {citation: '{date.__class__}'}", "strings.citation", "not a plain field"),
        ("strings: {citation: '{outlet[0]}'}", "strings.citation", "not a plain field"),
        ("strings: {citation: '{outlet!r}'}", "strings.citation", "conversion (!r)"),
        ("strings: {citation: '{outlet:{url}}'}", "strings.citation", "nested field"),
        ("page: {footer: '{page:>1000}'}", "page.footer", "too wide"),
    ],
)
def test_format_strings_are_checked_when_the_style_loads(
    tmp_path: Path, strings: str, path: str, expected: str
) -> None:
    folder = write_style(tmp_path / "fmt", f"inherits: embassy\n{strings}\n")
    with pytest.raises(UserError) as caught:
        load_style(folder)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.path) == (str(folder / "style.yaml"), 2, path)
    assert expected in problem.message and "{" in problem.hint


def test_plain_fields_with_sane_specs_are_accepted(tmp_path: Path) -> None:
    strings = "strings: {citation: '({outlet:>20} {date:%d.%m.%Y} {date.year})'}"
    folder = write_style(tmp_path / "ok", f"inherits: embassy\n{strings}\n")
    style = load_style(folder)
    assert style.format_citation("Apa", dt.date(2026, 1, 5)) == (
        "(                 Apa 05.01.2026 2026)"
    )


def test_bounds_and_colours_are_explained_in_plain_words(tmp_path: Path) -> None:
    from briefout.writers.email import EmailOptions

    folder = write_style(
        tmp_path / "plain",
        "inherits: embassy\ncolours: {accent: blue}\npage: {width_mm: -1}\n"
        "writers: {email: {width_px: 5000}}\n",
    )
    with pytest.raises(UserError) as caught:
        load_style(folder)
    found = {p.path: p for p in caught.value.problems}
    assert set(found) == {"colours.accent", "page.width_mm"}
    assert found["colours.accent"].message == "'blue' is not a colour"
    assert found["colours.accent"].hint == "write it as #RRGGBB, e.g. #1F3864"
    assert found["page.width_mm"].message == "-1 is too small"
    assert found["page.width_mm"].hint == "use a number greater than 0"
    (folder / "style.yaml").write_text(
        "inherits: embassy\nwriters: {email: {width_px: 5000}}\n", encoding="utf-8"
    )
    with pytest.raises(UserError) as caught:
        load_style(folder).writer_options("email", EmailOptions)
    (problem,) = caught.value.problems
    assert (problem.message, problem.hint) == ("5000 is too large", "use a number at most 800")


def test_a_one_day_period_prints_one_date() -> None:
    style = load_style()
    day = dt.date(2026, 1, 10)
    assert style.format_period(day, day) == "2026年1月10日"
    assert style.format_period(day, dt.date(2026, 1, 11)) == "2026年1月10日～2026年1月11日"
