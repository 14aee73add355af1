"""The HTML e-mail in real clients and validators: MJML strict validation, html-validate,
headless Chromium, axe (WCAG 2.1 AA).

Kept apart from test_email.py because they are slow (external programs): the mutation run
of the e-mail writer (tools/mutate.py email) leaves them out, as it leaves out the other
real-client tests.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from test_email import hostile_issue, long_issue, render_email

from briefout.dates import document_timestamp
from briefout.loader import load_issue
from briefout.style import Style
from briefout.writers import RenderContext
from briefout.writers.email import mjml_source

from conftest import ROOT, SAMPLE_FILES, axe_violations, need_tool

NODE_BIN = ROOT / "tools" / "node" / "node_modules" / ".bin"
HTML_VALIDATE_CONFIG = ROOT / "tools" / "node" / "htmlvalidate-email.json"


def node_tool(name: str) -> str:
    path = NODE_BIN / name
    if path.exists():
        return str(path)
    need_tool(f"tools/node/node_modules/.bin/{name}", "run npm ci --prefix tools/node")
    raise AssertionError("unreachable")


#: exit code, the messages naming each file, the whole output
MjmlValidation = tuple[int, dict[str, list[str]], str]
BAD_MJML = "<mjml><mj-body><mj-text foo='1'>x</mj-text></mj-body></mjml>"


@pytest.fixture(scope="module")
def mjml_validation(tmp_path_factory: pytest.TempPathFactory, style: Style) -> MjmlValidation:
    """MJML's strict validation of both samples and of a broken file, in one Node start:
    the exit code, the messages per file, and the whole output."""
    mjml = node_tool("mjml")
    folder = tmp_path_factory.mktemp("mjml")
    files: dict[str, Path] = {}
    for sample in ("minimal", "reference"):
        issue = load_issue(SAMPLE_FILES[sample])
        context = RenderContext(timestamp=document_timestamp(issue))
        files[sample] = folder / f"{sample}.mjml"
        files[sample].write_text(mjml_source(issue, style, context), encoding="utf-8")
    files["bad"] = folder / "bad.mjml"
    files["bad"].write_text(BAD_MJML, encoding="utf-8")
    result = subprocess.run(
        [mjml, "--validate", *map(str, files.values()), "--config.validationLevel", "strict"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    messages = {
        name: [line for line in lines if f" of {path} " in line] for name, path in files.items()
    }
    return result.returncode, messages, output


@pytest.mark.parametrize("sample", ["minimal", "reference"])
def test_mjml_strict_validation(sample: str, mjml_validation: MjmlValidation) -> None:
    _, messages, output = mjml_validation
    assert messages[sample] == [], output
    # nothing but the broken file's messages and the closing error: no crash, no other file
    expected = {*messages["bad"], "Command line error:", "Validation failed"}
    assert {line.strip() for line in output.splitlines()} - {""} <= expected, output


def test_mjml_validator_catches_errors(mjml_validation: MjmlValidation) -> None:
    code, messages, output = mjml_validation
    assert code != 0 and messages["bad"], output
    assert any("Attribute foo is illegal" in line for line in messages["bad"]), output


def html_validate(paths: list[Path]) -> dict[Path, list[str]]:
    """html-validate's errors per file (one Node start for all of them)."""
    run = subprocess.run(
        [node_tool("html-validate"), "-c", str(HTML_VALIDATE_CONFIG), "--formatter", "json"]
        + [str(path) for path in paths],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode in (0, 1), run.stdout + run.stderr
    errors: dict[Path, list[str]] = {path: [] for path in paths}
    for report in json.loads(run.stdout):  # only the files with messages are listed
        errors[Path(report["filePath"])] += [
            f"{m['line']}:{m['column']} {m['message']} ({m['ruleId']})"
            for m in report["messages"]
            if m["severity"] == 2  # errors; warnings do not fail html-validate either
        ]
    assert (run.returncode == 1) == any(errors.values()), run.stdout + run.stderr
    return errors


def test_html_validate(reference_issue, minimal_issue, style, tmp_path: Path) -> None:
    paths = []
    for name, issue in (("reference", reference_issue), ("minimal", minimal_issue)):
        paths.append(tmp_path / f"{name}.html")
        paths[-1].write_text(render_email(issue, style)[0], encoding="utf-8")
    paths.append(tmp_path / "hostile.html")
    paths[-1].write_text(render_email(hostile_issue(), style)[0], encoding="utf-8")
    broken = tmp_path / "broken.html"  # proves the check can fail
    broken.write_text('<!doctype html><html lang="ja"><head><title>x</title></head>'
                      "<body><p><div>x</div></p><a>y</body></html>")  # fmt: skip
    errors = html_validate([*paths, broken])
    for path in paths:
        assert errors[path] == [], (path.name, errors[path])
    assert errors[broken] != []


def screenshot(page: Path, shot: Path, width: int, height: int) -> Path:
    """A headless Chromium screenshot of ``page`` (its own profile beside the shot)."""
    chromium = need_tool("chromium", "headless screenshots of the e-mail")
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={shot.parent / 'profile'}",
            f"--window-size={width},{height}",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert shot.exists(), "chromium wrote no screenshot"
    return shot


@pytest.mark.parametrize("width", [600, 375])
def test_chromium_screenshot(reference_issue, style, tmp_path: Path, width: int) -> None:
    page = tmp_path / "reference.html"
    page.write_text(render_email(reference_issue, style, "reference")[0], encoding="utf-8")
    shot = screenshot(page, tmp_path / f"shot-{width}.png", width, 1600)
    from PIL import Image

    with Image.open(shot) as image:
        assert image.size == (width, 1600)
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # text was drawn, not a blank page
    dark = sum(count for count, (r, g, b) in colours if r + g + b < 200)
    assert dark > 2000  # a good amount of black text


# ------------------------------------------------------------------ accessibility


def test_email_passes_wcag_21_aa(reference_issue, minimal_issue, style: Style, tmp_path) -> None:
    issues = {
        "reference": reference_issue,
        "minimal": minimal_issue,
        "shortened": long_issue(reference_issue, 40),  # later items shortened to fit Gmail
        "hostile": hostile_issue(),
    }
    paths = []
    for name, issue in issues.items():
        paths.append(tmp_path / f"{name}.html")
        paths[-1].write_text(render_email(issue, style, name)[0], encoding="utf-8")
    broken = tmp_path / "broken.html"  # proves the check can fail
    broken.write_text(
        '<!doctype html><html><head><title>x</title></head><body><img src="a.png">'
        '<p style="color:#ccc;background:#fff">faint</p></body></html>',
        encoding="utf-8",
    )
    found = axe_violations([*map(str, paths), str(broken)])
    for (page, scheme), violations in found.items():
        if page != str(broken):
            assert violations == [], (page, scheme, violations)
    caught = {v["id"] for v in found[(str(broken), "light")]}
    assert {"html-has-lang", "image-alt", "color-contrast"} <= caught
