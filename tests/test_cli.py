"""The command line: exit codes, messages without tracebacks, formats, atomic outputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefout.cli import app
from briefout.errors import EXIT_INTERNAL, EXIT_INVALID, EXIT_OK, UserError

from conftest import MINIMAL_SAMPLE, ROOT

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def briefout(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None):
    """Run the real console entry point in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "briefout", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        check=False,
    )


BROKEN = (
    "briefout: 1\ntitle: T\nperiod: 2026-01-10..2026-13-45\nissuer: I\nsections:\n  - titel: x\n"
)


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == EXIT_OK and out.startswith("briefout ")


def test_check_valid_sample() -> None:
    code, out, _ = run("check", str(MINIMAL_SAMPLE))
    assert code == EXIT_OK and "ok: 1 issue(s) valid" in out


def test_check_reports_file_line_column_and_exits_2(broken: Path) -> None:
    code, _, err = run("check", str(broken))
    assert code == EXIT_INVALID
    lines = err.strip().splitlines()
    assert f"{broken}:3:9: period: '2026-13-45' is not a valid date;" in lines[0]
    assert any(line.startswith(f"{broken}:6:5: sections[0].titel: unknown key") for line in lines)
    assert "Traceback" not in err


def test_check_json_is_machine_readable(broken: Path) -> None:
    code, out, _ = run("check", "--format", "json", str(broken))
    assert code == EXIT_INVALID
    data = json.loads(out)
    assert data["count"] == len(data["problems"]) >= 2
    first = data["problems"][0]
    assert set(first) == {
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "path",
        "rule",
        "severity",
        "message",
        "hint",
        "fix",
        "origin",
    }
    assert first["rule"] == "validation" and first["fix"] is None
    assert (first["line"], first["column"], first["path"]) == (3, 9, "period")


def test_check_github_annotations(broken: Path) -> None:
    code, out, _ = run("check", "--format", "github", str(broken))
    assert code == EXIT_INVALID
    assert out.splitlines()[0].startswith(f"::error file={broken},line=3,col=9,title=briefout::")


def test_check_several_files_reports_all(broken: Path) -> None:
    code, _, err = run("check", str(MINIMAL_SAMPLE), str(broken), str(broken.with_name("x.yaml")))
    assert code == EXIT_INVALID
    assert "x.yaml" in err and "broken.yaml:3:9" in err


def test_render_text(tmp_path: Path) -> None:
    code, out, _ = run("render", str(MINIMAL_SAMPLE), "--to", "text", "-o", str(tmp_path))
    assert code == EXIT_OK
    written = tmp_path / "minimal.txt"
    assert out.strip() == str(written)
    assert written.read_text(encoding="utf-8").startswith("アゼルバイジャン政治・治安情報\n")


def test_unknown_format_lists_the_known_ones(tmp_path: Path) -> None:
    code, _, err = run("render", str(MINIMAL_SAMPLE), "--to", "text,odt", "-o", str(tmp_path))
    assert code == EXIT_INVALID
    assert "unknown format 'odt'" in err and "text" in err
    assert not list(tmp_path.iterdir())  # nothing rendered when one name is wrong


def test_invalid_issue_renders_nothing_and_keeps_old_output(tmp_path: Path, broken: Path) -> None:
    old = tmp_path / "broken.txt"
    old.write_text("good old output", encoding="utf-8")
    code, _, err = run("render", str(broken), "--to", "text", "-o", str(tmp_path))
    assert code == EXIT_INVALID and "broken.yaml:3:9" in err
    assert old.read_text(encoding="utf-8") == "good old output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.txt", "broken.yaml"]


def test_failing_writer_leaves_no_partial_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from briefout.writers.text import TextWriter

    old = tmp_path / "minimal.txt"
    old.write_text("good old output", encoding="utf-8")

    def explode(*_args: object) -> bytes:
        raise RuntimeError("boom")

    monkeypatch.setattr(TextWriter, "render", explode)
    code, _, err = run("render", str(MINIMAL_SAMPLE), "--to", "text", "-o", str(tmp_path))
    assert code == EXIT_INTERNAL
    assert "internal error" in err and "RuntimeError: boom" in err and "Traceback" not in err
    assert old.read_text(encoding="utf-8") == "good old output"
    assert [p.name for p in tmp_path.iterdir()] == ["minimal.txt"]


def test_interrupted_write_keeps_the_old_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from briefout import output

    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.write_atomic(target, b"new and longer")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_bad_source_date_epoch_is_a_user_error(tmp_path: Path) -> None:
    result = briefout(
        "render",
        str(MINIMAL_SAMPLE),
        "--to",
        "text",
        "-o",
        str(tmp_path),
        env={"SOURCE_DATE_EPOCH": "yesterday"},
    )
    assert result.returncode == EXIT_INVALID
    assert "SOURCE_DATE_EPOCH" in result.stderr and "Traceback" not in result.stderr


def test_python_dash_m_and_unknown_style(tmp_path: Path) -> None:
    result = briefout(
        "render", str(MINIMAL_SAMPLE), "--to", "text", "--style", "nope", "-o", str(tmp_path)
    )
    assert result.returncode == EXIT_INVALID
    assert "style 'nope' not found" in result.stderr and "embassy" in result.stderr


def test_writers_lists_every_format() -> None:
    code, out, _ = run("writers")
    assert code == EXIT_OK
    names = [line.split()[0] for line in out.splitlines()]
    assert {"text", "docx", "pdf", "email", "eml"} <= set(names)
    assert any(line.startswith("text") and ".txt" in line for line in out.splitlines())


def test_new_skeleton_names_what_to_fill(tmp_path: Path) -> None:
    target = tmp_path / "next.yaml"
    code, _, _ = run("new", "--period", "2026-01-10..2026-01-23", "-o", str(target))
    assert code == EXIT_OK
    text = target.read_text(encoding="utf-8")
    assert "period: 2026-01-10..2026-01-23" in text and "内政関連" in text
    schema_uri = text.splitlines()[0].split("$schema=")[1]
    assert schema_uri.startswith("file://") and Path(schema_uri[7:]).is_file()
    code, _, err = run("check", str(target))
    assert code == EXIT_INVALID
    assert "sections[0].items[0].ja: is empty" in err
    # filled in, it is valid
    filled = text.replace('ja: ""', "ja: 見出し").replace('en: ""', "en: Headline")
    filled = filled.replace('source: ""', "source: Apa, 2026-01-12")
    target.write_text(filled, encoding="utf-8")
    assert run("check", str(target))[0] == EXIT_OK
    # never overwrites without --force
    code, _, err = run("new", "--period", "2026-01-10..2026-01-23", "-o", str(target))
    assert code == EXIT_INVALID and "--force" in err


@pytest.mark.parametrize(
    ("period", "reason"),
    [
        ("2026-01-10..2026-02-30", "2026-02-30"),
        ("2026-01-10..2026-01-09", "ends (2026-01-09) before it starts (2026-01-10)"),
        ("next week", "YYYY-MM-DD..YYYY-MM-DD"),
    ],
)
def test_new_refuses_a_bad_period(period: str, reason: str) -> None:
    code, _, err = run("new", "--period", period)
    assert code == EXIT_INVALID and "--period" in err
    assert reason in err and "pydantic" not in err


def test_output_folder_that_is_a_file_is_a_user_error(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("x", encoding="utf-8")
    code, _, err = run("render", str(MINIMAL_SAMPLE), "--to", "text", "-o", str(target))
    assert code == EXIT_INVALID, err
    assert "is a file, not a folder" in err and "internal error" not in err
    assert target.read_text(encoding="utf-8") == "x"


def test_readme_commands_match_ci() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    blocks = readme.split("```")
    assert len(blocks) >= 5, "README starts with two command blocks"
    test_command = blocks[3].strip().splitlines()[-1]
    assert "pytest" in test_command
    assert test_command in ci.splitlines()


def test_render_json_report_for_ci(tmp_path: Path) -> None:
    code, out, _ = run(
        "render", str(MINIMAL_SAMPLE), "--to", "text", "-o", str(tmp_path), "--format", "json"
    )
    assert code == EXIT_OK
    report = json.loads(out)
    (entry,) = report["outputs"]
    data = (tmp_path / "minimal.txt").read_bytes()
    assert entry["format"] == "text" and entry["bytes"] == len(data)
    import hashlib

    assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert report["notices"] == []


def test_outputs_respect_the_umask(tmp_path: Path) -> None:
    from briefout.output import write_atomic

    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "f.txt", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "f.txt").stat().st_mode & 0o777 == 0o640


def test_render_check_reports_stale_outputs_and_writes_nothing(tmp_path: Path) -> None:
    args = ["render", str(MINIMAL_SAMPLE), "--to", "text", "-o", str(tmp_path)]
    code, out, _ = run(*args, "--check")
    assert code == 3 and out.strip().endswith("minimal.txt: missing")
    assert not (tmp_path / "minimal.txt").exists()
    assert run(*args)[0] == EXIT_OK
    code, out, _ = run(*args, "--check")
    assert code == EXIT_OK and out.strip().endswith("minimal.txt: up to date")
    (tmp_path / "minimal.txt").write_text("edited by hand", encoding="utf-8")
    code, out, err = run(*args, "--check", "--format", "json")
    assert code == 3 and "out of date" in err
    assert json.loads(out)["outputs"][0]["status"] == "out of date"
    assert (tmp_path / "minimal.txt").read_text(encoding="utf-8") == "edited by hand"


def test_render_validates_every_issue_before_writing_any(tmp_path: Path, broken: Path) -> None:
    outdir = tmp_path / "out"
    missing = tmp_path / "missing.yaml"
    code, _, err = run(
        "render", str(MINIMAL_SAMPLE), str(broken), str(missing), "--to", "text", "-o", str(outdir)
    )
    assert code == EXIT_INVALID
    assert "broken.yaml:3:9" in err and f"{missing}:1:1: no such file; check the path" in err
    assert not outdir.exists()


def test_a_failure_while_writing_changes_no_output(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from briefout import output

    first, second = tmp_path / "a.pdf", tmp_path / "a.docx"
    first.write_bytes(b"old pdf")
    second.write_bytes(b"old docx")
    real_stage = output._stage
    calls = []

    def fail_on_second(path: Path, data: bytes, mode: int) -> str:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_stage(path, data, mode)

    monkeypatch.setattr(output, "_stage", fail_on_second)
    with pytest.raises(UserError, match=r"No space left on device.*no file was changed"):
        output.write_all_atomic([(first, b"new pdf"), (second, b"new docx")])
    assert first.read_bytes() == b"old pdf" and second.read_bytes() == b"old docx"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "a.pdf"]


@pytest.mark.parametrize("command", [["schema"], ["new", "--period", "2026-01-10..2026-01-23"]])
def test_writing_into_a_file_instead_of_a_folder_is_a_user_error(
    tmp_path: Path, command: list[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    code, _, err = run(*command, "-o", str(blocker / "out.json"))
    assert code == EXIT_INVALID and "is a file, not a folder" in err and "Traceback" not in err


def test_check_validates_writer_settings_of_the_style(tmp_path: Path) -> None:
    folder = tmp_path / "mystyle"
    folder.mkdir()
    (folder / "style.yaml").write_text(
        "inherits: embassy\nwriters:\n  pdf:\n    orphan: 3\n  pfd: {}\n", encoding="utf-8"
    )
    code, _, err = run("check", str(MINIMAL_SAMPLE), "--style", str(folder))
    assert code == EXIT_INVALID
    style_file = folder / "style.yaml"
    assert f"{style_file}:4:5: writers.pdf.orphan: unknown key 'orphan'; did you mean" in err
    assert f"{style_file}:5:3: writers.pfd: no writer named 'pfd'; did you mean 'pdf'?" in err
