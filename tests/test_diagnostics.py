"""One diagnostics channel: Problem built once, writers report at issue (or style) paths with
FILE:LINE:COL, GitHub annotations that cannot be injected."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from briefout.errors import Problem, UserError, did_you_mean
from briefout.loader import load_issue, load_issue_bytes
from briefout.style import Style, load_style
from briefout.writers import RenderContext

from conftest import MINIMAL_SAMPLE, ROOT

STAMP = dt.datetime(2026, 1, 9, tzinfo=dt.UTC)


def test_a_problem_cannot_be_changed_after_it_is_built() -> None:
    problem = Problem("f.yaml", 1, 2, "title", "bad")
    with pytest.raises(dataclasses.FrozenInstanceError):
        problem.path = "other"  # type: ignore[misc]


def test_no_module_mutates_a_frozen_object() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "src").rglob("*.py")
        if "object.__setattr__" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("file", "expected"),
    [
        ("plain.yaml", "file=plain.yaml,line=3,col=4"),
        ("a,b.yaml", "file=a%2Cb.yaml,line=3,col=4"),
        ("C:\\issues\\x.yaml", "file=C%3A\\issues\\x.yaml,line=3,col=4"),
        ("evil\n::error file=x::pwned.yaml", "file=evil%0A%3A%3Aerror file=x%3A%3Apwned.yaml,"),
        ("100%.yaml", "file=100%25.yaml,"),
        ("cr\r.yaml", "file=cr%0D.yaml,"),
    ],
)
def test_github_annotation_escapes_every_property(file: str, expected: str) -> None:
    line = Problem(file, 3, 4, "title", "bad: x, y", "fix it").as_github()
    assert line.startswith("::error ") and expected in line
    assert "\n" not in line and "\r" not in line
    # the properties end at the first '::' and nothing else in them starts a command
    properties, _, message = line[len("::error ") :].partition("::")
    assert properties.count(",") == 3  # file, line, col, title
    assert message == "title: bad: x, y; fix it"


def test_github_annotation_without_a_position_names_only_the_file() -> None:
    line = Problem("<issue>", 0, 0, "", "m", severity="warning").as_github()
    assert line == "::warning file=<issue>,title=briefout::m"


def test_user_error_of_problems_prints_them_sorted() -> None:
    error = UserError.of(Problem("b.yaml", 1, 1, "", "two"), Problem("a.yaml", 9, 1, "", "one"))
    assert str(error) == "a.yaml:9:1: one\nb.yaml:1:1: two"


def _context(issue: object, style: Style) -> RenderContext:
    return RenderContext(timestamp=STAMP, writer="test", issue=issue, style=style)  # type: ignore[arg-type]


def test_a_writer_reports_at_an_issue_path_with_its_file_position() -> None:
    style = load_style()
    issue = load_issue(MINIMAL_SAMPLE)
    context = _context(issue, style)
    context.notify("sections[0].items[0].body[1].items[1]", "odd bullet", "look at it")
    context.notify(("sections", 0, "items", 0, "ja"), "odd headline")
    first, second = context.notices
    # samples/minimal.yaml: line 17 holds the second bullet, indented 10 spaces
    assert str(first) == (
        f"{MINIMAL_SAMPLE}:17:11: sections[0].items[0].body[1].items[1]: odd bullet; look at it"
    )
    assert (first.severity, first.origin) == ("warning", "test")
    assert (second.line, second.column) == (10, 13)
    error = context.error("title", "cannot print")
    assert isinstance(error, UserError)
    assert str(error) == f"{MINIMAL_SAMPLE}:3:8: title: cannot print"


def test_a_writer_reports_at_a_style_path_in_the_style_file() -> None:
    style = load_style()
    context = _context(load_issue(MINIMAL_SAMPLE), style)
    context.notify("strings.end", "no glyph")
    (problem,) = context.notices
    style_file = ROOT / "styles" / "embassy" / "style.yaml"
    lines = style_file.read_text(encoding="utf-8").splitlines()
    strings = lines.index("strings:")
    expected_line = next(
        n for n, text in enumerate(lines, 1) if n > strings and text.startswith("  end: ")
    )
    assert Path(problem.file).resolve() == style_file.resolve()
    assert (problem.line, problem.column, problem.path) == (expected_line, 8, "strings.end")


def test_an_issue_built_in_code_reports_without_a_position() -> None:
    issue = load_issue(MINIMAL_SAMPLE)
    copied = issue.model_copy(update={"title": "T"})  # a new object: no file behind it
    context = _context(copied, load_style())
    context.notify("title", "m")
    assert str(context.notices[0]) == "<issue>: title: m"


def test_style_writer_section_problems_carry_the_full_path(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "style.yaml").write_text(
        "inherits: embassy\nname: mine\nwriters:\n  pdf:\n    widows: -1\n", encoding="utf-8"
    )
    from briefout.writers import writer_settings_problems

    problems = writer_settings_problems(load_style(folder))
    assert [(p.line, p.column, p.path) for p in problems] == [(5, 13, "writers.pdf.widows")]


def test_render_warnings_print_file_line_column_and_the_writer(tmp_path: Path) -> None:
    text = MINIMAL_SAMPLE.read_text(encoding="utf-8").replace(
        "ja: 国境警備局が", "ja: \U0001f600国境警備局が"
    )
    issue_file = tmp_path / "glyph.yaml"
    issue_file.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefout",
            "render",
            "--to",
            "pdf",
            "-o",
            str(tmp_path),
            str(issue_file),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith(f"warning: {issue_file}:10:13: sections[0].items[0].ja: U+1F600")
    assert done.stderr.rstrip().endswith("(pdf)")


def test_load_issue_bytes_remembers_the_display_name() -> None:
    issue = load_issue_bytes(MINIMAL_SAMPLE.read_bytes(), "shown.yaml")
    context = _context(issue, load_style())
    assert context.problem("issuer", "m").file == "shown.yaml"


def test_did_you_mean_names_the_closest_known_name_or_says_otherwise() -> None:
    assert did_you_mean("colour", {"color", "size"}, "known: ...") == "did you mean 'color'?"
    assert did_you_mean("margin", ["color", "size"], "known: color, size") == "known: color, size"
    assert did_you_mean("margin", ["color"]) == ""
