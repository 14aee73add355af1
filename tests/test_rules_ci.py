"""What CI and editors run: the pre-commit hook, the documented workflow, the README's
project-file examples."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import yaml
from typer.testing import CliRunner

from briefout.cli import app
from briefout.errors import EXIT_INVALID, EXIT_OK
from briefout.project import is_issue_file, load_project

from conftest import MINIMAL_SAMPLE, REFERENCE_SAMPLE, ROOT

runner = CliRunner()


def test_pre_commit_hook_checks_only_issue_files(tmp_path: Path) -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "briefout-check" and hook["language"] == "python"
    assert re.search(hook["files"], "issues/2026-01.yaml") and re.search(hook["files"], "a.yml")
    (tmp_path / ".git").mkdir()
    issue = tmp_path / "issue.yaml"
    shutil.copy(REFERENCE_SAMPLE, issue)
    project = tmp_path / "briefout.yaml"
    project.write_text("lint:\n  ja-space: error\n", encoding="utf-8")
    dist = tmp_path / "dist.yaml"
    dist.write_text("from: a@example.org\n", encoding="utf-8")
    assert is_issue_file(issue) and not is_issue_file(project) and not is_issue_file(dist)
    program, command, *options = shlex.split(hook["entry"])  # pre-commit appends the files
    assert (program, command) == ("briefout", "check")
    result = runner.invoke(app, [command, *options, str(issue), str(project), str(dist)])
    assert result.exit_code == EXIT_INVALID  # ja-space is an error in this project
    assert "error[ja-space]" in result.stderr and "dist.yaml" not in result.stderr
    result = runner.invoke(app, [command, *options, str(project), str(dist)])
    assert result.exit_code == EXIT_OK and "no issue files" in result.stdout


def test_documented_workflow_runs_valid_commands(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "github-actions.md").read_text(encoding="utf-8")
    workflow = yaml.safe_load(re.search(r"```yaml\n(.*?)```", text, re.DOTALL).group(1))
    steps = workflow["jobs"]["check"]["steps"]
    runs = [step["run"] for step in steps if "briefout check" in step.get("run", "")]
    assert len(runs) == 2
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    folder = tmp_path / "issues"
    folder.mkdir()
    (tmp_path / ".git").mkdir()
    shutil.copy(MINIMAL_SAMPLE, folder / "minimal.yaml")
    for run in runs:
        command = run.split(">")[0].split("||")[0]
        args = shlex.split(command.replace("issues/*.yaml", str(folder / "minimal.yaml")))[1:]
        result = runner.invoke(app, args)
        assert result.exit_code == EXIT_OK, (run, result.stderr)


def test_readme_project_file_examples_are_valid(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.DOTALL) if "lint:" in b[:200]]
    assert len(blocks) >= 2
    (tmp_path / ".git").mkdir()
    shutil.copy(MINIMAL_SAMPLE, tmp_path / "minimal.yaml")
    for block in blocks:
        path = tmp_path / "briefout.yaml"
        path.write_text(block, encoding="utf-8")
        load_project(path)
        args = ["check", "--format", "json", str(tmp_path / "minimal.yaml")]
        report = json.loads(runner.invoke(app, args).stdout)
        assert report["summary"]["validation"] == 0, (block, report)
