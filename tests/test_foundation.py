"""Cross-cutting promises: schema in sync, one timestamp, reproducible bytes, lazy imports."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefout.dates import document_timestamp
from briefout.errors import UserError
from briefout.render import render_issue
from briefout.schema import issue_schema_json

from conftest import MINIMAL_SAMPLE, REFERENCE_SAMPLE, ROOT, SAMPLES


def test_committed_schema_is_current() -> None:
    committed = (ROOT / "schema" / "issue.schema.json").read_text(encoding="utf-8")
    assert committed == issue_schema_json(), "run: briefout schema -o schema/issue.schema.json"


def test_samples_point_editors_at_the_schema() -> None:
    for sample in SAMPLES.glob("*.yaml"):
        first = sample.read_text(encoding="utf-8").splitlines()[0]
        target = first.split("$schema=", 1)[1]
        assert (sample.parent / target).resolve() == ROOT / "schema" / "issue.schema.json"


def test_schema_describes_the_format() -> None:
    schema = json.loads(issue_schema_json())
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"briefout", "title", "period", "issuer", "sections"}
    assert schema["$defs"]["Item"]["additionalProperties"] is False


def test_timestamp_prefers_source_date_epoch(minimal_issue) -> None:  # type: ignore[no-untyped-def]
    stamp = document_timestamp(minimal_issue, {"SOURCE_DATE_EPOCH": "1767916800"})
    assert stamp == dt.datetime(2026, 1, 9, tzinfo=dt.UTC)
    fallback = document_timestamp(minimal_issue, {})
    assert fallback == dt.datetime(2026, 1, 23, tzinfo=dt.UTC)
    with pytest.raises(UserError, match="SOURCE_DATE_EPOCH"):
        document_timestamp(minimal_issue, {"SOURCE_DATE_EPOCH": "soon"})


def test_every_writer_gets_the_same_timestamp(minimal_issue, style) -> None:  # type: ignore[no-untyped-def]
    from briefout.writers import RenderContext, register_writer, unregister_writer

    seen: list[dt.datetime] = []

    class Spy:
        name, suffix, description, requires = "spy", ".spy", "records the timestamp", ()

        def render(self, issue, style, context: RenderContext) -> bytes:  # type: ignore[no-untyped-def]
            seen.append(context.timestamp)
            return b""

    register_writer(Spy())
    try:
        render_issue(minimal_issue, style, "spy", environ={"SOURCE_DATE_EPOCH": "86400"})
    finally:
        unregister_writer("spy")
    assert seen == [dt.datetime(1970, 1, 2, tzinfo=dt.UTC)]


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env},
    )


@pytest.mark.parametrize(
    "command",
    [
        ["check", str(REFERENCE_SAMPLE)],
        ["schema"],
        ["render", str(MINIMAL_SAMPLE), "--to", "text", "-o", "{tmp}"],
    ],
)
def test_light_commands_never_import_heavy_libraries(command: list[str], tmp_path: Path) -> None:
    probe = (
        "import sys, runpy\n"
        f"sys.argv = ['briefout', *{[c.replace('{tmp}', str(tmp_path)) for c in command]!r}]\n"
        "code = 0\n"
        "try:\n    runpy.run_module('briefout', run_name='__main__')\n"
        "except SystemExit as exit:\n    code = exit.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('reportlab', 'docx', 'mjml', 'jinja2', 'lxml'))\n"
        "sys.stderr.write(f'CODE={code} HEAVY=' + ','.join(heavy))\n"
    )
    result = _run(["-c", probe], {})
    assert "HEAVY=" in result.stderr, result.stderr
    # the command worked (a command that fails early imports little and proves nothing)
    assert "CODE=0 HEAVY=" in result.stderr, result.stderr
    assert result.stderr.rsplit("HEAVY=", 1)[1] == ""
    if command[0] == "render":
        assert (tmp_path / "minimal.txt").read_text(encoding="utf-8").startswith("アゼルバイジャン")


@pytest.mark.parametrize("epoch", [None, "1767916800"])
def test_every_format_is_byte_identical_across_time_zones(
    tmp_path: Path, epoch: str | None
) -> None:
    """The whole render command, all built-in document formats, three zones, with and without
    SOURCE_DATE_EPOCH (the writers' own tests go deeper)."""
    formats = ["text", "docx", "pdf", "email"]
    runs = []
    for zone in ("UTC", "Asia/Tokyo", "America/Los_Angeles"):
        out = tmp_path / zone.replace("/", "_")
        env = {"TZ": zone} | ({"SOURCE_DATE_EPOCH": epoch} if epoch else {})
        if not epoch:
            env["SOURCE_DATE_EPOCH"] = ""
        result = _run(
            [
                "-m",
                "briefout",
                "render",
                str(MINIMAL_SAMPLE),
                "--to",
                ",".join(formats),
                "-o",
                str(out),
            ],
            env,
        )
        assert result.returncode == 0, result.stderr
        runs.append({path.name: path.read_bytes() for path in sorted(out.iterdir())})
    assert len(runs[0]) == len(formats)
    assert runs[0] == runs[1] == runs[2]
