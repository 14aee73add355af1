"""Style references are checked when the style loads: `check` reports what `render` would
fail on (a role's unknown colour, a colour the writers need, a font role with no fonts)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefout.cli import app
from briefout.errors import UserError
from briefout.style import load_style

from conftest import MINIMAL_SAMPLE, ROOT

EMBASSY = (ROOT / "styles" / "embassy" / "style.yaml").read_text(encoding="utf-8")


def _style(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "style.yaml").write_text(text, encoding="utf-8")
    return folder


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stderr


def test_a_role_with_an_unknown_colour_is_a_check_problem_at_its_line(tmp_path: Path) -> None:
    folder = _style(
        tmp_path,
        "inherits: embassy\nname: mine\nroles:\n  title: {size: 16, colour: burgundy}\n",
    )
    code, err = _run("check", "--style", str(folder), str(MINIMAL_SAMPLE))
    assert code == 2
    assert f"{folder / 'style.yaml'}:4:29: roles.title.colour: 'burgundy' is not a colour" in err
    assert "use one of accent, background, link, muted, rule, text, or write #RRGGBB" in err
    # and render says the same instead of an internal error
    code, err = _run("render", "--style", str(folder), str(MINIMAL_SAMPLE), "--to", "pdf")
    assert code == 2 and "'burgundy' is not a colour" in err and "internal error" not in err


@pytest.mark.parametrize("colour", ["#12345", "#GGGGGG", "red"])
def test_a_role_colour_must_be_a_name_or_six_hex_digits(tmp_path: Path, colour: str) -> None:
    folder = _style(
        tmp_path,
        f'inherits: embassy\nname: mine\nroles:\n  body: {{size: 10, colour: "{colour}"}}\n',
    )
    with pytest.raises(UserError, match="is not a colour of this style"):
        load_style(folder)


def test_hex_and_named_role_colours_are_accepted(tmp_path: Path) -> None:
    folder = _style(
        tmp_path,
        "inherits: embassy\nname: mine\nroles:\n"
        '  body: {size: 10, colour: "#1a2B3c"}\n  title: {size: 16, colour: accent}\n',
    )
    style = load_style(folder)
    assert style.colour(style.role("body").colour) == "#1a2B3c"


def test_a_colour_the_writers_use_must_be_defined(tmp_path: Path) -> None:
    text = EMBASSY.replace('  link: "#1155CC"\n', "")
    assert text != EMBASSY
    folder = _style(tmp_path, text)
    with pytest.raises(UserError) as caught:
        load_style(folder)
    (problem,) = caught.value.problems
    assert problem.path == "colours"
    assert "the colour 'link' is missing" in problem.message
    lines = text.splitlines()
    assert problem.line == lines.index("colours:") + 1


def test_a_font_role_without_fonts_is_a_problem(tmp_path: Path) -> None:
    start = EMBASSY.index("    heading:\n      latin: ")
    end = EMBASSY.index("  email:\n", start)
    text = EMBASSY[:start] + EMBASSY[end:]  # fonts.pdf.heading removed
    folder = _style(tmp_path, text)
    with pytest.raises(UserError) as caught:
        load_style(folder)
    paths = sorted({p.path for p in caught.value.problems})
    assert paths == ["roles.headline_ja.font", "roles.section.font", "roles.title.font"]
    assert all("fonts.pdf has none" in p.message for p in caught.value.problems)


def test_the_built_in_style_has_no_reference_problem() -> None:
    from briefout.style import reference_problems

    assert reference_problems(load_style()) == []


def test_an_email_font_that_could_break_out_of_css_is_a_check_problem_at_its_line(
    tmp_path: Path,
) -> None:
    folder = _style(tmp_path, "inherits: embassy\nfonts:\n  email:\n    heading: 'Arial; x:y'\n")
    code, err = _run("check", "--style", str(folder), str(MINIMAL_SAMPLE))
    assert code == 2
    assert (
        f"{folder / 'style.yaml'}:4:14: fonts.email.heading: ';' is a character CSS does not "
        'allow here (one of "<>&;{}\\); write font names in single quotes'
    ) in err
    code, err = _run("render", "--style", str(folder), str(MINIMAL_SAMPLE), "--to", "email")
    assert code == 2 and f"{folder / 'style.yaml'}:4:14:" in err
