"""The project file briefout.yaml (discovery, validation at FILE:LINE:COL) and the outlet map."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefout.errors import UserError
from briefout.outlets import OutletMap, outlet_key
from briefout.project import PROJECT_FILENAME, ProjectFinder, find_project, load_project


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(UserError) as caught:
        load_project(path)
    return [str(problem) for problem in caught.value.problems]


# ------------------------------------------------------------------- outlets


def test_outlet_key_ignores_case_width_and_punctuation() -> None:
    assert outlet_key("ＡＰＡ") == outlet_key("apa") == outlet_key("A.P.A.") == "apa"
    assert outlet_key("JAM-NEWS.NET") == outlet_key("jam news net")
    assert outlet_key("apa.az") != outlet_key("APA")


def test_outlet_map_finds_the_canonical_spelling() -> None:
    outlets = OutletMap({"APA": ["Apa", "apa.az"], "Azertag": ["AZERTAG"], "Trend": []})
    assert outlets.canonical("apa") == "APA"
    assert outlets.canonical("Apa.az") == "APA"
    assert outlets.canonical("ＡＺＥＲＴＡＧ") == "Azertag"
    assert outlets.canonical("TREND") == "Trend"
    assert outlets.canonical("Report") is None
    assert outlets.normalise("Report") == "Report"
    assert not list(outlets.conflicts())
    assert not OutletMap() and outlets


def test_outlet_map_reports_a_spelling_claimed_twice() -> None:
    outlets = OutletMap({"APA": ["apa.az"], "APA News": ["APA.AZ"]})
    (conflict,) = outlets.conflicts()
    assert (conflict.spelling, conflict.canonical, conflict.other) == ("APA.AZ", "APA News", "APA")


# ------------------------------------------------------------------- project


def test_project_file_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path / PROJECT_FILENAME,
        "outlets:\n  APA: [Apa, apa.az]\n  Trend: TREND\n  MID.RU:\n"
        "lint:\n  ja-space: error\nsite:\n  url: https://briefing.example.org/\n  title: Archive\n",
    )
    project = load_project(path)
    assert project.settings.outlets == {"APA": ["Apa", "apa.az"], "Trend": ["TREND"], "MID.RU": []}
    assert project.outlets.canonical("apa") == "APA"
    assert project.settings.lint == {"ja-space": "error"}
    assert project.settings.site.url == "https://briefing.example.org/"
    assert project.settings.site.title == "Archive"


def test_empty_sections_are_defaults(tmp_path: Path) -> None:
    project = load_project(write(tmp_path / PROJECT_FILENAME, "site: {}\n"))
    assert project.settings.outlets == {} and project.settings.lint == {}
    assert project.settings.site.url is None


def test_project_errors_name_file_line_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path / PROJECT_FILENAME,
        "outlets:\n  APA: [Apa, 3]\nlint: [x]\nsite:\n  url: http://example.org\n  titel: A\n",
    )
    found = problems_of(path)
    assert any(line.startswith(f"{path}:2:14: outlets.APA[1]: expected text") for line in found)
    assert any(line.startswith(f"{path}:3:7: lint: expected a mapping") for line in found)
    assert any(line.startswith(f"{path}:5:8: site.url:") and "https" in line for line in found), (
        found
    )
    assert any(
        line.startswith(f"{path}:6:3: site.titel: unknown key") and "'title'" in line
        for line in found
    )


def test_a_spelling_claimed_by_two_outlets_is_an_error_at_its_place(tmp_path: Path) -> None:
    path = write(tmp_path / PROJECT_FILENAME, "outlets:\n  APA: [apa.az]\n  APA News: [APA.AZ]\n")
    (found,) = problems_of(path)
    assert found.startswith(f"{path}:3:14: outlets.APA News[0]: the spelling 'APA.AZ'")


def test_yaml_syntax_error_in_project_file(tmp_path: Path) -> None:
    path = write(tmp_path / PROJECT_FILENAME, "outlets:\n\tAPA: []\n")
    (found,) = problems_of(path)
    assert found.startswith(f"{path}:2:1: YAML syntax error") and "tabs" in found


def test_discovery_walks_up_to_the_repository_root(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    issue = write(repo / "2026" / "01" / "issue.yaml", "briefout: 1\n")
    assert find_project(issue) is None
    project_file = write(repo / PROJECT_FILENAME, "site: {}\n")
    assert find_project(issue) == project_file.resolve()
    nearer = write(repo / "2026" / PROJECT_FILENAME, "site: {}\n")
    assert find_project(issue) == nearer.resolve()
    assert find_project(issue.parent) == nearer.resolve()


def test_discovery_stops_at_the_folder_holding_git(tmp_path: Path) -> None:
    write(tmp_path / PROJECT_FILENAME, "site: {}\n")  # outside the repository: not used
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    assert find_project(write(repo / "issue.yaml", "briefout: 1\n")) is None


def test_finder_prefers_the_explicit_file_and_loads_once(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    found = write(tmp_path / PROJECT_FILENAME, "outlets: {APA: []}\n")
    explicit = write(tmp_path / "other.yaml", "outlets: {Trend: []}\n")
    issue = write(tmp_path / "issue.yaml", "briefout: 1\n")
    finder = ProjectFinder()
    assert finder.for_issue(issue).file == found.resolve()
    assert finder.for_issue(issue) is finder.for_issue(issue)
    assert ProjectFinder(explicit).for_issue(issue).settings.outlets == {"Trend": []}


def test_finder_without_a_file_gives_defaults(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    project = ProjectFinder().for_issue(write(tmp_path / "issue.yaml", "briefout: 1\n"))
    assert project.file is None and not project.outlets


def test_missing_explicit_project_file_is_a_user_error(tmp_path: Path) -> None:
    finder = ProjectFinder(tmp_path / "nope.yaml")
    with pytest.raises(UserError) as caught:
        finder.for_issue(tmp_path / "issue.yaml")
    assert "no such file" in str(caught.value)


def test_check_reports_project_file_problems(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from briefout.cli import app

    from conftest import MINIMAL_SAMPLE

    (tmp_path / ".git").mkdir()
    issue = write(tmp_path / "issue.yaml", MINIMAL_SAMPLE.read_text(encoding="utf-8"))
    bad = write(tmp_path / PROJECT_FILENAME, "site:\n  url: ftp://x\n")
    result = CliRunner().invoke(app, ["check", str(issue), str(issue)])
    assert result.exit_code == 2
    assert result.stderr.count(f"{bad}:2:8: site.url:") == 1  # one project, reported once
    good = write(tmp_path / "good.yaml", "site: {title: Archive}\n")
    result = CliRunner().invoke(app, ["check", "--project", str(good), str(issue)])
    assert result.exit_code == 0, result.stderr
