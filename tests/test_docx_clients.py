"""Real clients read the DOCX: LibreOffice (to PDF), pandoc, and an OOXML validator.

One LibreOffice conversion per sample (module-scoped).  LibreOffice's exit code
is always 0, so the PDF it writes is what is checked: every page A4, every
paragraph's text present, and only the fonts the style maps to.  Linux has no
ＭＳ 明朝 / ＭＳ ゴシック; a fontconfig file of the test's own aliases them to
the IPAex fonts, as a Linux user's font setup would, so a wrong Japanese font
(Gothic for body text, or a fallback such as DejaVu) shows up in pdffonts.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from briefout.model import BulletList, Issue, item_parts, plain_text
from briefout.render import render_issue
from briefout.style import Style

from conftest import ROOT, SAMPLE_FILES, in_ci, need_tool

# What the style's Word fonts become on this machine (the PDF writer's fonts).
FONT_MAP = {"body": "IPAexMincho", "heading": "IPAexGothic"}
LATIN_FACES = {
    "LiberationSerif",
    "LiberationSerif-Bold",
    "LiberationSerif-Italic",
    "LiberationSerif-BoldItalic",
}


def _fontconfig(style: Style, folder: Path) -> Path:
    aliases = "".join(
        f"<alias binding='same'><family>{style.fonts.docx[role].east_asian}</family>"
        f"<prefer><family>{family}</family></prefer></alias>"
        for role, family in FONT_MAP.items()
    )
    path = folder / "fonts.conf"
    path.write_text(
        "<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'urn:fontconfig:fonts.dtd'>"
        "<fontconfig><include ignore_missing='yes'>/etc/fonts/fonts.conf</include>"
        f"<cachedir>{folder / 'fc-cache'}</cachedir>{aliases}</fontconfig>",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def docx_files(tmp_path_factory: pytest.TempPathFactory, style: Style) -> dict[str, Path]:
    from briefout.loader import load_issue

    folder = tmp_path_factory.mktemp("docx")
    files = {}
    for sample, source in SAMPLE_FILES.items():
        data = render_issue(load_issue(source), style, "docx", environ={}).outputs[0].data
        files[sample] = folder / f"{sample}.docx"
        files[sample].write_bytes(data)
    return files


@pytest.fixture(scope="module")
def pdfs(
    tmp_path_factory: pytest.TempPathFactory, style: Style, docx_files: dict[str, Path]
) -> dict[str, Path]:
    soffice = need_tool("soffice", "LibreOffice opens the DOCX")
    folder = tmp_path_factory.mktemp("soffice")
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(folder),
        "FONTCONFIG_FILE": str(_fontconfig(style, folder)),
    }
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "out"),
            *(str(path) for path in docx_files.values()),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    result = {sample: folder / "out" / f"{sample}.pdf" for sample in docx_files}
    for sample, pdf in result.items():
        assert pdf.is_file() and pdf.stat().st_size > 0, (
            f"LibreOffice wrote no PDF for {sample}:\n{done.stdout}\n{done.stderr}"
        )
    return result


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _texts(issue: Issue, style: Style) -> list[str]:
    """Every paragraph of the issue as plain text (citations apart)."""
    texts = [
        issue.title,
        issue.subtitle or "",
        style.format_period(*issue.period.__dict__.values()),
    ]
    texts.append(issue.issuer)
    for number, section in enumerate(issue.sections, start=1):
        texts.append(style.format_section(number, section.title))
        for item in section.items:
            texts += [item.ja, item.en]
            for label, blocks, citation in item_parts(item):
                texts.append(label or "")
                for block in blocks:
                    if isinstance(block, BulletList):
                        texts += [plain_text(entry) for entry in block.items]
                    else:
                        texts.append(plain_text(block.runs))
                if citation is not None:
                    texts.append(style.format_citation(citation.outlet, citation.date))
    texts.append(style.strings.end)
    return [text for text in texts if text]


@pytest.mark.parametrize("sample", sorted(SAMPLE_FILES))
def test_libreoffice_pages_are_a4(pdfs: dict[str, Path], sample: str) -> None:
    need_tool("pdfinfo")
    info = _run("pdfinfo", "-f", "1", "-l", "1000", str(pdfs[sample]))
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    sizes = re.findall(r"^Page\s+\d+ size:\s+(.*)$", info, re.M)
    assert len(sizes) == pages >= 1
    assert all(size.endswith("(A4)") for size in sizes), sizes


@pytest.mark.parametrize("sample", sorted(SAMPLE_FILES))
def test_libreoffice_shows_all_text(pdfs: dict[str, Path], style: Style, sample: str) -> None:
    need_tool("pdftotext")
    from briefout.loader import load_issue

    pages = _run("pdftotext", "-enc", "UTF-8", str(pdfs[sample]), "-").split("\f")[:-1]
    body = []
    for number, page in enumerate(pages, start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        assert _squash(lines[-1]) == f"-{number}-"  # the footer's page field, "- {page} -"
        body.append("\n".join(lines[:-1]))
    # pdftotext drops the hyphen of a word broken at a line end: compare without hyphens
    shown = _squash("\n".join(body)).replace("-", "")
    missing = [
        text
        for text in _texts(load_issue(SAMPLE_FILES[sample]), style)
        if _squash(text).replace("-", "") not in shown
    ]
    assert not missing


@pytest.mark.parametrize("sample", sorted(SAMPLE_FILES))
def test_libreoffice_uses_only_the_mapped_fonts(pdfs: dict[str, Path], sample: str) -> None:
    need_tool("pdffonts")
    rows = _run("pdffonts", str(pdfs[sample])).splitlines()[2:]
    faces = {row.split()[0].split("+", 1)[-1] for row in rows}
    assert all(row.split()[-5] == "yes" for row in rows), rows  # embedded
    assert set(FONT_MAP.values()) <= faces, faces  # Mincho body and Gothic headings
    assert faces <= set(FONT_MAP.values()) | LATIN_FACES, faces  # no fallback font


@pytest.mark.parametrize("sample", sorted(SAMPLE_FILES))
def test_pandoc_sees_headings_and_bullets(docx_files: dict[str, Path], sample: str) -> None:
    pandoc = need_tool("pandoc")
    from briefout.loader import load_issue

    issue = load_issue(SAMPLE_FILES[sample])
    tree = json.loads(_run(pandoc, "-f", "docx", "-t", "json", str(docx_files[sample])))
    headers = [block for block in tree["blocks"] if block["t"] == "Header"]
    level_1 = [block for block in headers if block["c"][0] == 1]
    level_2 = [block for block in headers if block["c"][0] == 2]
    assert len(level_1) == len(issue.sections)
    assert len(level_2) == sum(1 for _ in issue.items())
    lists = [len(block["c"]) for block in tree["blocks"] if block["t"] == "BulletList"]
    expected = [
        len(block.items)
        for _, _, _, item in issue.items()
        for _, blocks, _ in item_parts(item)
        for block in blocks
        if isinstance(block, BulletList)
    ]
    assert lists == expected


def test_reference_sample_counts(docx_files: dict[str, Path]) -> None:
    """The reference issue: 3 sections, 17 items, and the interview item's bullet list."""
    pandoc = need_tool("pandoc")
    tree = json.loads(_run(pandoc, "-f", "docx", "-t", "json", str(docx_files["reference"])))
    levels = [block["c"][0] for block in tree["blocks"] if block["t"] == "Header"]
    assert (levels.count(1), levels.count(2)) == (3, 17)
    assert [len(b["c"]) for b in tree["blocks"] if b["t"] == "BulletList"] == [9]


@pytest.fixture(scope="module")
def openxml_reports(
    tmp_path_factory: pytest.TempPathFactory, docx_files: dict[str, Path]
) -> dict[str, dict[str, object]]:
    """openxml-audit's strict report on each DOCX (the samples and the style's reference.docx),
    one process for all of them."""
    try:
        import openxml_audit  # noqa: F401
    except ImportError:
        message = "openxml-audit is not installed (pip install -e '.[test]' installs it)"
        pytest.fail(message) if in_ci() else pytest.skip(message)
    folder = tmp_path_factory.mktemp("openxml")
    sources = {**docx_files, "style reference.docx": ROOT / "styles" / "embassy" / "reference.docx"}
    for name, path in sources.items():
        (folder / f"{name}.docx").write_bytes(path.read_bytes())
    command = [sys.executable, "-m", "openxml_audit", "--policy", "strict", "-o", "json"]
    done = subprocess.run(
        [*command, "-r", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    reports = {Path(report["file"]).stem: report for report in json.loads(done.stdout)}
    assert sorted(reports) == sorted(sources), done.stdout + done.stderr
    assert (done.returncode == 0) == all(r["valid"] for r in reports.values()), done.stderr
    return reports


@pytest.mark.parametrize("name", [*sorted(SAMPLE_FILES), "style reference.docx"])
def test_openxml_validator_passes(openxml_reports: dict[str, dict[str, object]], name: str) -> None:
    report = openxml_reports[name]
    assert report["valid"] is True and report["error_count"] == 0, report["errors"]
