"""``briefout build``: a generated archive built cold, unchanged, after one edit, broken,
checked; the feed, the index, the search (in Chromium) and the manifest's recovery."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefout.cli import app
from briefout.errors import EXIT_INVALID, EXIT_OK, EXIT_STALE, UserError
from briefout.site.build import BuildOptions, build_site, check_site
from briefout.site.manifest import MANIFEST_FILE
from briefout.site.search import terms_of
from briefout.site.statcache import STAT_FILE

from conftest import MINIMAL_SAMPLE, REFERENCE_SAMPLE, ROOT, axe_violations, need_tool

FAST = ("text", "email")
SITE_FILES = {"index.html", "feed.atom", "search-index.js", "search.js", MANIFEST_FILE, STAT_FILE}
UNIQUE_JA = "ナヒチェバンで新しい空港が開港"
UNIQUE_EN = "Nakhchivan opened a new airport terminal"


def make_archive(root: Path, count: int, reference_every: int = 8) -> list[Path]:
    """``count`` issues, two weeks apart, in year folders; one carries unique headlines."""
    reference = REFERENCE_SAMPLE.read_text(encoding="utf-8")
    minimal = MINIMAL_SAMPLE.read_text(encoding="utf-8")
    paths = []
    for number in range(count):
        text = reference if number % reference_every == 0 else minimal
        start = dt.date(2024, 12, 6) + dt.timedelta(days=14 * number)
        end = start + dt.timedelta(days=13)
        text = re.sub(r"(?m)^period: .*$", f"period: {start}..{end}", text)
        if number == count // 2:
            text = text.replace("国境警備局が 2025 年の活動状況を報告", UNIQUE_JA, 1)
            text = text.replace(
                "State Border Service reported on service and combat activities for 2025",
                UNIQUE_EN,
                1,
            )
        path = root / str(end.year) / f"{end}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    (root / "briefout.yaml").write_text("site: {title: アーカイブ}\n", encoding="utf-8")
    (root / "notes.yaml").write_text("todo: not an issue\n", encoding="utf-8")
    return paths


def snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file under ``folder``: inode, modification time, bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            found[path.relative_to(folder).as_posix()] = (
                stat.st_ino,
                stat.st_mtime_ns,
                path.read_bytes(),
            )
    return found


def contents(files: dict[str, tuple[int, int, bytes]]) -> dict[str, bytes]:
    """The bytes of every file but the stat cache (which records inodes and times)."""
    return {name: data for name, (_, _, data) in files.items() if name != STAT_FILE}


def changed(before: dict, after: dict) -> set[str]:
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Path]]:
    """A 24-issue archive built once (pool of two) for the read-only tests."""
    root = tmp_path_factory.mktemp("built")
    paths = make_archive(root / "archive", 24)
    build_site(BuildOptions(root / "archive", root / "site", formats=FAST, jobs=2))
    return root / "archive", root / "site", paths


def test_cold_unchanged_and_one_edit(tmp_path: Path) -> None:
    archive, site = tmp_path / "archive", tmp_path / "site"
    paths = make_archive(archive, 20)
    options = BuildOptions(archive, site, formats=FAST, jobs=2)
    first = build_site(options)
    assert len(first.rendered) == 20 and first.up_to_date == 0
    assert {p.relative_to(archive).with_suffix(".html").as_posix() for p in paths} <= set(
        snapshot(site)
    )
    cold, folder = snapshot(site), site.stat().st_ino

    again = build_site(options)
    assert (again.rendered, again.up_to_date, again.written) == ([], 20, [])
    assert snapshot(site) == cold and site.stat().st_ino == folder  # no file rewritten

    edited = paths[3]
    edited.write_text(edited.read_text(encoding="utf-8").replace("516", "517"), encoding="utf-8")
    third = build_site(options)
    assert third.rendered == [edited.relative_to(archive).as_posix()]
    stem = edited.relative_to(archive).with_suffix("").as_posix()
    rewritten = changed(cold, snapshot(site))
    assert {f"{stem}.txt", f"{stem}.html"} <= rewritten
    assert rewritten <= {f"{stem}.txt", f"{stem}.html"} | SITE_FILES
    assert "517" in (site / f"{stem}.txt").read_text(encoding="utf-8")


def test_one_broken_issue_changes_nothing_and_names_every_problem(tmp_path: Path) -> None:
    archive, site = tmp_path / "archive", tmp_path / "site"
    paths = make_archive(archive, 6)
    assert cli("build", str(archive), "-o", str(site), "--to", "text")[0] == EXIT_OK
    before = snapshot(site)
    paths[1].write_text(
        paths[1].read_text(encoding="utf-8").replace("period:", "perod:"), encoding="utf-8"
    )
    paths[4].write_text("briefout: 1\ntitle: [unclosed\n", encoding="utf-8")
    code, _, err = cli("build", str(archive), "-o", str(site), "--to", "text")
    assert code == EXIT_INVALID
    assert re.search(rf"{re.escape(str(paths[1]))}:\d+:\d+: .*perod", err), err
    assert re.search(rf"{re.escape(str(paths[4]))}:\d+:\d+: ", err), err
    assert "Traceback" not in err
    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive", "site"]  # no staging left


def test_check_before_and_after(tmp_path: Path) -> None:
    archive, site = tmp_path / "archive", tmp_path / "site"
    paths = make_archive(archive, 5)
    args = ("build", str(archive), "-o", str(site), "--to", "text")
    code, _, err = cli(*args, "--check")
    assert code == EXIT_STALE and "out of date" in err
    assert not site.exists()  # --check writes nothing
    assert cli(*args)[0] == EXIT_OK
    assert cli(*args, "--check")[0] == EXIT_OK
    paths[0].write_text(paths[0].read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    before = snapshot(site)
    code, _, err = cli(*args, "--check")
    assert code == EXIT_STALE and paths[0].relative_to(archive).as_posix() in err
    assert snapshot(site) == before
    (site / "index.html").write_bytes(b"tampered")
    paths[0].write_text(paths[0].read_text(encoding="utf-8").replace("# edited\n", ""))
    assert cli(*args, "--check")[0] == EXIT_STALE  # a site file altered on disk


def test_progress_lines_and_summary(tmp_path: Path) -> None:
    archive, site = tmp_path / "archive", tmp_path / "site"
    make_archive(archive, 4)
    code, out, _ = cli("build", str(archive), "-o", str(site), "--to", "text", "-j", "2")
    assert code == EXIT_OK
    lines = out.splitlines()
    assert len([line for line in lines if ".yaml -> " in line]) == 4
    assert lines[-1] == f"4 rendered, 0 up to date: {site}"
    code, out, _ = cli("build", str(archive), "-o", str(site), "--to", "text")
    assert out.splitlines() == [f"0 rendered, 4 up to date; no file changed: {site}"]


def test_manifest_corruption_means_a_full_rebuild(tmp_path: Path) -> None:
    archive, site = tmp_path / "archive", tmp_path / "site"
    make_archive(archive, 5)
    options = BuildOptions(archive, site, formats=("text",), jobs=1)
    build_site(options)
    good = snapshot(site)
    wrong_shape = {
        "format": 2,
        "issues": {"2025/x.yaml": {"key": "k", "outputs": {}, "entry": {"docs": [{"a": 1}]}}},
        "files": {},
    }
    for garbage in (b"{not json", b'{"format": 1, "issues": {}}', json.dumps(wrong_shape).encode()):
        (site / MANIFEST_FILE).write_bytes(garbage)
        (site / STAT_FILE).write_bytes(garbage)
        result = build_site(options)
        assert len(result.rendered) == 5
        assert contents(snapshot(site)) == contents(good)
        assert check_site(options) == []


def test_removed_issue_and_altered_output(tmp_path: Path) -> None:
    archive, site = tmp_path / "archive", tmp_path / "site"
    paths = make_archive(archive, 4)
    options = BuildOptions(archive, site, formats=("text",), jobs=1)
    build_site(options)
    gone = paths[2].relative_to(archive).with_suffix(".txt").as_posix()
    paths[2].unlink()
    kept = paths[0].relative_to(archive).with_suffix(".txt").as_posix()
    (site / kept).write_text("tampered", encoding="utf-8")
    result = build_site(options)
    assert result.removed == [paths[2].relative_to(archive).as_posix()]
    assert result.rendered == [paths[0].relative_to(archive).as_posix()]
    assert not (site / gone).exists()
    assert (site / kept).read_text(encoding="utf-8") != "tampered"


def test_refuses_a_folder_it_did_not_make(tmp_path: Path) -> None:
    archive, site = tmp_path / "archive", tmp_path / "precious"
    make_archive(archive, 2)
    site.mkdir()
    (site / "thesis.docx").write_bytes(b"mine")
    code, _, err = cli("build", str(archive), "-o", str(site), "--to", "text")
    assert code == EXIT_INVALID and "not made by briefout build" in err
    assert (site / "thesis.docx").read_bytes() == b"mine"


def test_docx_pdf_and_web_page(tmp_path: Path) -> None:
    archive, site = tmp_path / "archive", tmp_path / "site"
    paths = make_archive(archive, 3, reference_every=2)
    result = build_site(BuildOptions(archive, site, formats=("docx", "pdf", "email"), jobs=2))
    assert len(result.rendered) == 3
    stem = site / paths[0].relative_to(archive).with_suffix("")
    assert stem.with_suffix(".pdf").read_bytes().startswith(b"%PDF-")
    assert stem.with_suffix(".docx").read_bytes().startswith(b"PK")
    page = stem.with_suffix(".html").read_text(encoding="utf-8")
    assert 'href="../index.html"' in page
    assert f'href="{stem.name}.pdf"' in page and f'href="{stem.name}.docx"' in page
    assert "添付ファイル" not in page  # a web page has no attachments


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.sources: list[str] = []
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        if tag in ("a", "link") and values.get("href"):
            self.hrefs.append(values["href"] or "")
        if tag in ("script", "img") and values.get("src"):
            self.sources.append(values["src"] or "")


def parse_links(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def test_index_lists_every_issue_newest_first_without_dangling_links(built) -> None:
    archive, site, paths = built
    index = parse_links(site / "index.html")
    assert index.lang == "ja"
    for href in index.hrefs + index.sources:
        assert "://" not in href, f"external resource {href}"
        assert (site / href.split("#")[0]).is_file(), f"dangling link {href}"
    pages = [h for h in index.hrefs if h.endswith(".html")]
    expected = [p.relative_to(archive).with_suffix(".html").as_posix() for p in paths]
    assert list(dict.fromkeys(pages)) == expected[::-1]  # newest first
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="y2025">2025年</h2>' in html and '<h2 id="y2024">2024年</h2>' in html
    assert 'name="viewport"' in html and "（17件）" in html and "（1件）" in html
    for page in pages:
        links = parse_links(site / page)
        assert not [s for s in links.sources if "://" in s]
        for href in links.hrefs:
            if not href.startswith(("#", "http", "mailto:")):
                assert ((site / page).parent / href).resolve().is_file(), (page, href)


ATOM = "{http://www.w3.org/2005/Atom}"


def test_feed_is_atom_with_the_required_elements(built, tmp_path: Path) -> None:
    from lxml import etree

    archive, site, paths = built
    feed = etree.parse(str(site / "feed.atom")).getroot()
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):  # RFC 4287 4.1.1
        assert feed.find(f"{ATOM}{name}") is not None, name
    stamp = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")  # RFC 3339 date-time
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(paths)
    for entry in entries:  # RFC 4287 4.1.2
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert stamp.match(entry.findtext(f"{ATOM}updated") or "")
        assert entry.findtext(f"{ATOM}id", "").startswith("urn:uuid:")
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
    updated = [entry.findtext(f"{ATOM}updated") for entry in entries]
    assert updated == sorted(updated, reverse=True)  # newest first
    assert feed.findtext(f"{ATOM}updated") == updated[0]
    newest_end = re.search(r"period: \S+\.\.(\S+)", paths[-1].read_text(encoding="utf-8"))
    assert newest_end and updated[0] == f"{newest_end.group(1)}T00:00:00Z"
    # the same archive built elsewhere: identical index, feed and search bytes (stable ids)
    other = tmp_path / "other"
    build_site(BuildOptions(archive, other, formats=FAST, jobs=1))
    for name in ("feed.atom", "index.html", "search-index.js"):
        assert (other / name).read_bytes() == (site / name).read_bytes(), name


def test_search_terms() -> None:
    assert terms_of("新しい空港") == tuple(sorted(["新し", "しい", "い空", "空港"]))
    assert set(terms_of("ＡＢＣ Airport, a 空・ｱｲ")) == {"abc", "airport", "空", "アイ"}


def chromium_dom(chromium: str, url: str, profile: Path) -> str:
    run = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=5000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return run.stdout


@pytest.mark.parametrize("query", ["空港", "nakhchivan AIRP"])
def test_search_finds_the_issue_in_chromium(built, query: str, tmp_path: Path) -> None:
    chromium = need_tool("chromium", "the site's search runs in a browser")
    archive, site, paths = built
    from urllib.parse import quote

    dom = chromium_dom(chromium, f"{(site / 'index.html').as_uri()}?q={quote(query)}", tmp_path)
    results = re.search(r'<ol id="bo-results">(.*?)</ol>', dom, re.S)
    assert results, dom[:2000]
    target = paths[len(paths) // 2].relative_to(archive).with_suffix(".html").as_posix()
    hrefs = re.findall(r'href="([^"]+)"', results.group(1))
    assert hrefs and all(href.startswith(target + "#") for href in hrefs), hrefs
    assert UNIQUE_JA in results.group(1) and "1件の記事" in dom


def test_site_pages_pass_wcag_21_aa(built) -> None:
    """axe-core's WCAG 2.1 A/AA rules, light and dark: the index, its search results, a page."""
    from urllib.parse import quote

    archive, site, paths = built
    index = site / "index.html"
    page = site / paths[0].relative_to(archive).with_suffix(".html")
    pages = [str(index), f"{index.as_uri()}?q={quote('空港')}", str(page)]
    for (shown, scheme), violations in axe_violations(pages).items():
        assert violations == [], (shown, scheme, violations)


def test_watch_rebuilds_on_change_and_keeps_the_last_good_site(tmp_path: Path) -> None:
    from briefout.watch import watch_paths

    archive, site = tmp_path / "archive", tmp_path / "site"
    paths = make_archive(archive, 3)
    options = BuildOptions(archive, site, formats=("text",), jobs=1)
    builds: list[int] = []
    errors: list[UserError] = []
    stop = threading.Event()

    def action() -> None:
        build_site(options)
        builds.append(1)

    watcher = threading.Thread(
        target=watch_paths,
        args=([archive], action),
        kwargs={"on_error": errors.append, "skip": [site], "stop": stop, "debounce_ms": 100},
    )
    watcher.start()
    try:
        wait_for(lambda: len(builds) == 1)
        target = site / paths[0].relative_to(archive).with_suffix(".txt")
        for path in paths:  # a burst of saves: one rebuild
            path.write_text(path.read_text(encoding="utf-8").replace("516", "999"))
        wait_for(lambda: "999" in target.read_text(encoding="utf-8"))
        time.sleep(0.5)
        assert len(builds) == 2
        good = snapshot(site)
        paths[1].write_text("briefout: 1\ntitle: [\n", encoding="utf-8")
        wait_for(lambda: bool(errors))
        assert str(paths[1]) in str(errors[0])
        assert snapshot(site) == good
    finally:
        stop.set()
        watcher.join(10)


def wait_for(condition, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("timed out waiting for the watch")
        time.sleep(0.05)


def test_render_watch_rerenders_on_save(tmp_path: Path) -> None:
    import sys

    issue = tmp_path / "issue.yaml"
    issue.write_text(MINIMAL_SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "briefout",
            "render",
            str(issue),
            "--to",
            "text",
            "-o",
            str(out),
            "--watch",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    try:
        wait_for(lambda: (out / "issue.txt").exists())
        issue.write_text(issue.read_text(encoding="utf-8").replace("516", "888"), encoding="utf-8")
        wait_for(lambda: "888" in (out / "issue.txt").read_text(encoding="utf-8"))
    finally:
        child.terminate()
        output, errors = child.communicate(timeout=10)
    assert "watching for changes" in errors, output + errors


def test_email_links_to_its_page_when_asked(minimal_issue, style) -> None:
    from briefout.render import render_issue

    url = "https://briefing.example/2026/issue.html"
    html = (
        render_issue(
            minimal_issue, style, "email", options={"email": {"view_url": url}}, environ={}
        )
        .outputs[0]
        .data.decode()
    )
    assert f'href="{url}"' in html and "ブラウザで表示する" in html
    plain = render_issue(minimal_issue, style, "email", environ={}).outputs[0].data.decode()
    assert "ブラウザで表示する" not in plain
    with pytest.raises(UserError, match=r"site\.url"):
        render_issue(minimal_issue, style, "email", options={"email": {"view_url": "javascript:x"}})


def test_site_address_from_the_project_file(tmp_path: Path) -> None:
    archive, site = tmp_path / "archive", tmp_path / "site"
    paths = make_archive(archive, 2)
    (archive / "briefout.yaml").write_text(
        "site: {url: 'https://briefing.example/archive/', title: 公開アーカイブ}\n",
        encoding="utf-8",
    )
    page = f"https://briefing.example/archive/{paths[0].relative_to(archive).with_suffix('.html').as_posix()}"
    code, _, err = cli("render", str(paths[0]), "--to", "email", "-o", str(tmp_path / "out"))
    assert code == EXIT_OK, err
    html = (tmp_path / "out" / paths[0].with_suffix(".html").name).read_text(encoding="utf-8")
    assert f'href="{page}"' in html  # the e-mail's "view in the browser" link
    assert cli("build", str(archive), "-o", str(site), "--to", "email")[0] == EXIT_OK
    assert "<title>公開アーカイブ</title>" in (site / "index.html").read_text(encoding="utf-8")
    feed = (site / "feed.atom").read_text(encoding="utf-8")
    assert f'href="{page}"' in feed and 'href="https://briefing.example/archive/feed.atom"' in feed
    web = (site / paths[0].relative_to(archive).with_suffix(".html")).read_text(encoding="utf-8")
    assert "ブラウザで表示する" not in web  # the web page is already in the browser


def test_unchanged_files_are_not_read_again(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    archive, site = tmp_path / "archive", tmp_path / "site"
    paths = make_archive(archive, 4)
    for path in paths:  # saved an hour ago: settled, so their state is remembered
        os.utime(path, (time.time() - 3600, time.time() - 3600))
    options = BuildOptions(archive, site, formats=("text",), jobs=1)
    build_site(options)
    reads: list[str] = []
    original = Path.read_bytes

    def counting(self: Path) -> bytes:
        reads.append(self.name)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    from briefout.site import manifest

    hash_file = manifest.sha256_file

    def no_site_hashing(path: Path) -> str | None:
        assert not path.is_relative_to(site), f"{path} hashed again"
        return hash_file(path)

    monkeypatch.setattr(manifest, "sha256_file", no_site_hashing)
    result = build_site(options)
    assert (result.rendered, result.written) == ([], [])
    issue_names = {path.name for path in paths} | {p.with_suffix(".txt").name for p in paths}
    assert not issue_names & set(reads), reads
    monkeypatch.undo()
    (site / paths[0].relative_to(archive).with_suffix(".txt")).write_text("x", encoding="utf-8")
    assert build_site(options).rendered == [paths[0].relative_to(archive).as_posix()]


def test_index_is_valid_html(built) -> None:
    _, site, _ = built
    tool = ROOT / "tools" / "node" / "node_modules" / ".bin" / "html-validate"
    need_tool(str(tool) if tool.exists() else "html-validate", "run npm ci --prefix tools/node")
    config = ROOT / "tools" / "node" / "htmlvalidate-site.json"
    run = subprocess.run(
        [str(tool), "-c", str(config), str(site / "index.html")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_new_index_template_renders_no_issue_again(tmp_path: Path) -> None:
    from briefout.resources import builtin_styles_dir

    archive, site, style = tmp_path / "archive", tmp_path / "site", tmp_path / "mystyle"
    make_archive(archive, 3)
    style.mkdir()
    (style / "style.yaml").write_text("inherits: embassy\n", encoding="utf-8")
    template = (builtin_styles_dir() / "embassy" / "site-index.html.j2").read_text("utf-8")
    (style / "site-index.html.j2").write_text(template, encoding="utf-8")
    options = BuildOptions(archive, site, style=str(style), formats=("text",), jobs=1)
    build_site(options)
    (style / "site-index.html.j2").write_text(template.replace("号", " issues"), "utf-8")
    result = build_site(options)
    assert result.rendered == [] and "index.html" in result.written
    assert " issues" in (site / "index.html").read_text(encoding="utf-8")


def test_build_watch_with_the_site_inside_the_archive(tmp_path: Path) -> None:
    import sys

    archive = tmp_path / "archive"
    paths = make_archive(archive, 2)
    site = archive / "site"  # `briefout build . -o site`: the site is skipped, not an issue
    command = ["build", str(archive), "-o", str(site), "--to", "text", "--watch"]
    child = subprocess.Popen(
        [sys.executable, "-m", "briefout", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    target = site / paths[0].relative_to(archive).with_suffix(".txt")
    try:
        wait_for(target.exists)
        paths[0].write_text(paths[0].read_text("utf-8").replace("516", "777"), "utf-8")
        wait_for(lambda: "777" in target.read_text(encoding="utf-8"))
        time.sleep(1.0)  # its own writes into the site must not start another build
    finally:
        child.terminate()
        output, errors = child.communicate(timeout=10)
    assert output.count("rendered,") == 2, output + errors
    assert not [p for p in site.rglob("*.yaml")]


def test_the_staging_folder_is_flushed_to_disk_once_before_it_is_published(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from briefout.site import staging

    flushed: list[tuple[Path, bool, bool]] = []
    real_flush = staging.flush_to_disk

    def record(folder: Path) -> None:
        real_flush(folder)  # runs for real: syncfs, or os.sync where there is none
        flushed.append((folder, (folder / MANIFEST_FILE).is_file(), site.exists()))

    monkeypatch.setattr(staging, "flush_to_disk", record)
    archive, site = tmp_path / "archive", tmp_path / "site"
    make_archive(archive, 3)
    options = BuildOptions(archive, site, formats=FAST, jobs=1)
    build_site(options)
    assert len(flushed) == 1
    folder, complete, published = flushed[0]
    assert folder != site and complete and not published  # all written, not yet swapped in
    build_site(options)  # nothing changed: nothing written, nothing flushed
    assert len(flushed) == 1
