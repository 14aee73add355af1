"""The PDF writer: golden layout, real PDF tools, metadata, bookmarks, reproducibility."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefout.loader import load_issue
from briefout.model import Issue
from briefout.render import render_issue
from briefout.style import Style
from briefout.writers import RenderContext, get_writer
from briefout.writers.pdf import PdfWriter
from briefout.writers.pdf.layout import dump

from conftest import ROOT, SAMPLE_FILES, expected_text, need_tool, squash

TIMESTAMP = dt.datetime(2026, 1, 9, tzinfo=dt.UTC)


def _render(issue: Issue, style: Style) -> tuple[bytes, RenderContext]:
    context = RenderContext(timestamp=TIMESTAMP, writer="pdf")
    return PdfWriter().render(issue, style, context), context


@pytest.fixture(scope="module", params=sorted(SAMPLE_FILES))
def sample(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """(name, issue, pdf path) for each sample, rendered once per module."""
    from briefout.style import load_style

    name = request.param
    issue = load_issue(SAMPLE_FILES[name])
    data, context = _render(issue, load_style())
    assert context.notices == []
    path = tmp_path_factory.mktemp("pdf") / f"{name}.pdf"
    path.write_bytes(data)
    return name, issue, path


def test_registered_entry_point():
    writer = get_writer("pdf")
    assert isinstance(writer, PdfWriter)
    assert writer.suffix == ".pdf"


@pytest.mark.parametrize("name", sorted(SAMPLE_FILES))
def test_golden_layout(name: str, style: Style, golden) -> None:
    issue = load_issue(SAMPLE_FILES[name])
    context = RenderContext(timestamp=TIMESTAMP, writer="pdf")
    document = PdfWriter().layout(issue, style, context)
    golden.check(f"pdf/{name}.layout.txt", dump(document))


def test_qpdf_check(sample) -> None:
    qpdf = need_tool("qpdf")
    _, _, path = sample
    result = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def test_every_font_embedded(sample) -> None:
    pdffonts = need_tool("pdffonts")
    _, _, path = sample
    out = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows, out
    names = set()
    for row in rows:
        cols = row.split()
        # name type encoding emb sub uni id gen: emb/sub/uni are the 3 yes/no columns
        flags = [c for c in cols if c in ("yes", "no")]
        assert flags == ["yes", "yes", "yes"], row
        names.add(cols[0].split("+", 1)[1])
    assert "Helvetica" not in out
    assert names <= {
        "IPAexMincho",
        "IPAexGothic",
        "LiberationSerif",
        "LiberationSerif-Bold",
        "LiberationSerif-Italic",
        "LiberationSerif-BoldItalic",
    }
    assert b"Helvetica" not in path.read_bytes()


def test_pages_are_a4_and_info(sample, style: Style) -> None:
    pdfinfo = need_tool("pdfinfo")
    _, issue, path = sample
    info = subprocess.run(
        [pdfinfo, "-f", "1", "-l", "999", str(path)], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    sizes = re.findall(r"^Page\s+\d+ size:\s+(.*)$", info, re.M)
    assert len(sizes) == pages
    assert all(size.strip() == "595.276 x 841.89 pts (A4)" for size in sizes), sizes
    fields = dict(
        line.split(":", 1)
        for line in info.splitlines()
        if ":" in line and not line.startswith("Page ")
    )
    assert fields["Title"].strip() == issue.title
    assert fields["Author"].strip() == issue.issuer
    assert fields["Subject"].strip() == style.format_period(issue.period.start, issue.period.end)
    assert fields["CreationDate"].strip() == "Fri Jan  9 00:00:00 2026 UTC"
    assert b"/Lang (ja)" in path.read_bytes()


def test_pdftotext_gives_back_all_text_in_order(sample, style: Style) -> None:
    pdftotext = need_tool("pdftotext")
    _, issue, path = sample
    text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    # drop the page-number footer at the end of each page
    body = "".join(re.sub(r"-\s*\d+\s*-\s*$", "", page.rstrip()) for page in pages)
    assert squash(body) == squash("".join(expected_text(issue, style)))
    assert "アゼルバイジャン政治・治安情報" in text


def test_layout_dump_matches_the_pdf(sample, style: Style) -> None:
    """Each page's text in the golden dump is the text poppler finds on that page."""
    pdftotext = need_tool("pdftotext")
    _, issue, path = sample
    context = RenderContext(timestamp=TIMESTAMP, writer="pdf")
    document = PdfWriter().layout(issue, style, context)
    pages = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    assert len([p for p in pages if p.strip()]) == len(document.pages)
    for page in document.pages:
        ours = "".join(placed.line.text for placed in page.lines)
        ours += "".join(line.text for _, line in document.furniture[page.number])
        assert squash(ours) == squash(pages[page.number - 1]), f"page {page.number}"


def test_bookmarks_open_with_the_file(sample) -> None:
    qpdf = need_tool("qpdf")
    _, issue, path = sample
    out = subprocess.run(
        [qpdf, "--json", "--json-key=outlines", str(path)], capture_output=True, check=True
    ).stdout
    outlines = json.loads(out)["outlines"]
    assert [o["title"] for o in outlines] == [
        f"{n}. {s.title}" for n, s in enumerate(issue.sections, start=1)
    ]
    for outline, section in zip(outlines, issue.sections, strict=True):
        assert [kid["title"] for kid in outline["kids"]] == [item.ja for item in section.items]
        assert outline["open"] is True
    assert b"/PageMode /UseOutlines" in path.read_bytes()


def test_sample_size_budget(sample) -> None:
    name, _, path = sample
    assert path.stat().st_size <= 200 * 1024, f"{name}: {path.stat().st_size} bytes"


def test_missing_glyph_is_reported_and_visible(style: Style, tmp_path: Path) -> None:
    issue = load_issue(SAMPLE_FILES["minimal"])
    section = issue.sections[0]
    item = section.items[0].model_copy(update={"en": "Border report \U00013000 filed"})
    issue = issue.model_copy(update={"sections": (section.model_copy(update={"items": (item,)}),)})
    data, context = _render(issue, style)
    messages = [str(n) for n in context.notices]
    assert len(messages) == 1, messages
    assert "sections[0].items[0].en" in messages[0]
    assert "U+13000" in messages[0]
    pdftotext = need_tool("pdftotext")
    path = tmp_path / "missing.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Border report 〓 filed" in text


def test_notices_reach_render_issue(style: Style) -> None:
    issue = load_issue(SAMPLE_FILES["minimal"])
    section = issue.sections[0]
    item = section.items[0].model_copy(update={"ja": "国境警備局 \U0001f600"})
    issue = issue.model_copy(update={"sections": (section.model_copy(update={"items": (item,)}),)})
    result = render_issue(issue, style, "pdf")
    assert [n.path for n in result.notices] == ["sections[0].items[0].ja"]
    assert result.notices[0].origin == "pdf"


def _render_subprocess(tmp_path: Path, name: str, env_extra: dict[str, str]) -> bytes:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(env_extra)
    out = tmp_path / name
    code = (
        "import sys; from briefout.loader import load_issue; from briefout.style import load_style;"
        "from briefout.render import render_issue;"
        "r = render_issue(load_issue(sys.argv[1]), load_style(), 'pdf');"
        "open(sys.argv[2], 'wb').write(r.outputs[0].data)"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(SAMPLE_FILES["reference"]), str(out)],
        env=env,
        check=True,
        cwd=ROOT,
    )
    return out.read_bytes()


def test_bytes_identical_across_runs_time_zones_and_cache(tmp_path: Path) -> None:
    cold = _render_subprocess(
        tmp_path, "a.pdf", {"TZ": "Asia/Tokyo", "BRIEFOUT_CACHE_DIR": str(tmp_path / "c1")}
    )
    warm = _render_subprocess(
        tmp_path, "b.pdf", {"TZ": "America/Los_Angeles", "BRIEFOUT_CACHE_DIR": str(tmp_path / "c1")}
    )
    other = _render_subprocess(
        tmp_path, "c.pdf", {"TZ": "UTC", "BRIEFOUT_CACHE_DIR": str(tmp_path / "c2")}
    )
    assert list((tmp_path / "c1").glob("face-*.pickle")), "the font cache was not written"
    assert cold == warm == other


def test_source_date_epoch_sets_the_dates(style: Style, tmp_path: Path) -> None:
    """The same timestamp gives the same bytes whether it came from the env or not."""
    issue = load_issue(SAMPLE_FILES["minimal"])
    epoch = str(int(dt.datetime(2026, 1, 23, tzinfo=dt.UTC).timestamp()))
    from_env = render_issue(issue, style, "pdf", environ={"SOURCE_DATE_EPOCH": epoch})
    from_period = render_issue(issue, style, "pdf", environ={})
    assert from_env.outputs[0].data == from_period.outputs[0].data
    later = render_issue(issue, style, "pdf", environ={"SOURCE_DATE_EPOCH": str(int(epoch) + 60)})
    assert later.outputs[0].data != from_env.outputs[0].data
    assert b"D:20260123000100+00'00'" in later.outputs[0].data


def test_unreadable_cache_does_not_change_output(style: Style, tmp_path: Path, monkeypatch) -> None:
    issue = load_issue(SAMPLE_FILES["minimal"])
    monkeypatch.setenv("BRIEFOUT_CACHE_DIR", str(tmp_path / "cache"))
    first, _ = _render(issue, style)
    for entry in (tmp_path / "cache").glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    second, _ = _render(issue, style)  # rebuilds the corrupt entries
    warm, _ = _render(issue, style)  # now really from the cache
    blocked = tmp_path / "file"
    blocked.write_text("x")
    monkeypatch.setenv("BRIEFOUT_CACHE_DIR", str(blocked / "sub"))
    third, _ = _render(issue, style)
    assert first == second == warm == third


def test_writer_import_is_cheap() -> None:
    code = "import sys, briefout.writers.pdf; print('reportlab' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_pagination_keeps_headlines_and_fills_pages(style: Style) -> None:
    from briefout.writers.pdf.layout import MM
    from briefout.writers.pdf.options import PdfOptions

    options = style.writer_options("pdf", PdfOptions)
    issue = load_issue(SAMPLE_FILES["reference"])
    context = RenderContext(timestamp=TIMESTAMP, writer="pdf")
    document = PdfWriter().layout(issue, style, context)
    page = style.page
    top, bottom = (page.height_mm - page.margin_top_mm) * MM, page.margin_bottom_mm * MM
    assert len(document.pages) > 3
    for number, laid in enumerate(document.pages, start=1):
        last = laid.lines[-1]
        # nothing that keeps with the next paragraph ends a page
        assert not last.block.keep_with_next, (number, last.line.text)
        # every line inside the frame
        assert all(
            p.top <= top + 0.01 and p.top - p.line.height >= bottom - 0.01 for p in laid.lines
        )
        if number < len(document.pages):
            used = (top - (last.top - last.line.height)) / (top - bottom)
            assert used > 0.85, f"page {number} is only {used:.0%} full"
    # a paragraph split over two pages leaves orphans and widows lines on each side
    for before, after in zip(document.pages, document.pages[1:], strict=False):
        block = before.lines[-1].block
        if after.lines[0].block is block:
            on_before = sum(1 for p in before.lines if p.block is block)
            on_after = sum(1 for p in after.lines if p.block is block)
            assert on_before >= options.orphans and on_after >= options.widows
    # each headline is on the same page as its English headline and the body's first lines
    checked = 0
    for laid in document.pages:
        blocks: list = []
        for placed in laid.lines:
            if not blocks or blocks[-1][0] is not placed.block:
                blocks.append([placed.block, 0])
            blocks[-1][1] += 1
        for i, (block, count) in enumerate(blocks):
            if block.role == "headline_ja":
                assert count == len(block.lines)
                en, en_count = blocks[i + 1]
                assert en.role == "headline_en" and en_count == len(en.lines)
                body, body_count = blocks[i + 2]
                assert body_count >= min(options.orphans, len(body.lines))
                checked += 1
    assert checked == sum(len(section.items) for section in issue.sections)


def test_running_header_from_the_style(tmp_path: Path) -> None:
    from briefout.style import load_style

    child = tmp_path / "style.yaml"
    child.write_text(
        "inherits: embassy\npage:\n  header: '{title} {period}'\n  footer: 'p. {page}/{pages}'\n",
        encoding="utf-8",
    )
    style = load_style(child)
    issue = load_issue(SAMPLE_FILES["reference"])
    context = RenderContext(timestamp=TIMESTAMP, writer="pdf")
    document = PdfWriter().layout(issue, style, context)
    pages = len(document.pages)
    for laid in document.pages:
        texts = [line.text for _, line in document.furniture[laid.number]]
        assert texts == [
            f"{issue.title} {style.format_period(issue.period.start, issue.period.end)}",
            f"p. {laid.number}/{pages}",
        ]
        header_top = document.furniture[laid.number][0][0]
        assert header_top > laid.lines[0].top  # above the text


def test_links_and_strong_japanese(style: Style, tmp_path: Path) -> None:
    from briefout.model import Paragraph, Run

    issue = load_issue(SAMPLE_FILES["minimal"])
    section = issue.sections[0]
    body = (
        Paragraph(
            runs=(
                Run(text="See "),
                Run(text="the report", href="https://example.invalid/report"),
                Run(text=" and "),
                Run(text="重要", strong=True),
                Run(text="な点。"),
            )
        ),
    )
    item = section.items[0].model_copy(update={"body": body})
    issue = issue.model_copy(update={"sections": (section.model_copy(update={"items": (item,)}),)})
    context = RenderContext(timestamp=TIMESTAMP, writer="pdf")
    document = PdfWriter().layout(issue, style, context)
    spans = [span for laid in document.pages for p in laid.lines for span in p.line.spans]
    by_text = {span.text.strip(): span for span in spans}
    # bold Japanese is the body's Mincho emboldened (docs/typography.md), not another face
    assert by_text["重要"].face.name == "IPAexMincho"
    assert by_text["重要"].face.bold_stroke > 0
    assert by_text["な点。"].face.name == "IPAexMincho"
    assert by_text["な点。"].face.bold_stroke == 0
    assert by_text["the report"].href == "https://example.invalid/report"
    assert by_text["the report"].colour == style.colour("link")
    data, _ = _render(issue, style)
    assert b"/URI (https://example.invalid/report)" in data


def test_citation_alone_on_a_line_is_flush_right(style: Style) -> None:
    from briefout.writers.pdf.layout import MM

    issue = load_issue(SAMPLE_FILES["reference"])
    context = RenderContext(timestamp=TIMESTAMP, writer="pdf")
    document = PdfWriter().layout(issue, style, context)
    right = (style.page.width_mm - style.page.margin_right_mm) * MM
    alone = 0
    for laid in document.pages:
        for placed in laid.lines:
            if re.fullmatch(r"\([^()]+, \d\d\.\d\d\.\d{4}\)", placed.line.text):
                span = placed.line.spans[-1]
                assert document.left + span.x + span.width == pytest.approx(right, abs=0.01)
                alone += 1
    assert alone >= 3


def test_no_home_folder_still_renders(style: Style, monkeypatch) -> None:
    import pathlib

    issue = load_issue(SAMPLE_FILES["minimal"])
    expected, _ = _render(issue, style)
    monkeypatch.delenv("BRIEFOUT_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home() -> pathlib.Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(pathlib.Path, "home", staticmethod(no_home))
    data, _ = _render(issue, style)
    assert data == expected
