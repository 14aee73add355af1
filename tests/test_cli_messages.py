"""What each command prints, word for word, and the options it passes on: in-process
(typer's CliRunner), so that mutation testing of cli.py sees these tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_rules import issue, item, write
from typer.testing import CliRunner

from briefout.cli import app
from briefout.errors import Problem, UserError

from conftest import MINIMAL_SAMPLE, ROOT


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


# ----------------------------------------------------------------- check --fix


@pytest.fixture
def slips(tmp_path: Path) -> Path:
    """An issue with two ja-space slips and an outlet spelt 'apa' (APA in a project file)."""
    return write(tmp_path, issue(item(ja="国境警備局が 2025 年の報告", source="apa, 2026-01-05")))


def test_fix_uses_the_project_file_given(slips: Path, tmp_path: Path) -> None:
    project = tmp_path / "elsewhere" / "project.yaml"
    project.parent.mkdir()
    project.write_text("outlets: {APA: [apa]}\n", encoding="utf-8")
    code, out, err = run("check", "--fix", "--project", str(project), str(slips))
    assert (code, out, err) == (0, "ok: 1 issue(s) valid; 0 error(s), 0 warning(s), 3 fixed\n", "")
    assert "      - ja: 国境警備局が2025年の報告\n" in slips.read_text(encoding="utf-8")
    assert "        source: APA, 2026-01-05\n" in slips.read_text(encoding="utf-8")


def test_fix_leaves_the_findings_of_the_baseline(slips: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    code, out, err = run("check", "--write-baseline", str(baseline), str(slips))
    assert code == 0 and err == f"recorded 2 finding(s) in {baseline}\n"
    before = slips.read_bytes()
    code, out, err = run("check", "--fix", "--baseline", str(baseline), str(slips))
    summary = "ok: 1 issue(s) valid; 0 error(s), 0 warning(s), 2 in the baseline\n"
    assert (code, out, err) == (0, summary, "")
    assert slips.read_bytes() == before


def test_fix_reports_the_problems_of_the_style(slips: Path, tmp_path: Path) -> None:
    style = tmp_path / "style"
    style.mkdir()
    (style / "style.yaml").write_text("inherits: embassy\nwriters:\n  pfd: {}\n", encoding="utf-8")
    code, out, err = run("check", "--fix", "--style", str(style), str(slips))
    assert code == 2
    summary = "1 issue(s) checked, 1 validation problem(s); 0 error(s), 0 warning(s), 2 fixed\n"
    assert out == summary  # the issue's own slips are fixed all the same
    assert err == (
        f"{style / 'style.yaml'}:3:3: writers.pfd: no writer named 'pfd'; did you mean 'pdf'?\n"
    )


def test_diff_fixes_nothing_and_says_how_many_could_be(slips: Path) -> None:
    before = slips.read_bytes()
    code, out, _ = run("check", "--diff", str(slips))
    assert code == 0 and slips.read_bytes() == before
    assert out.endswith(
        "-      - ja: 国境警備局が 2025 年の報告\n"
        "+      - ja: 国境警備局が2025年の報告\n"
        "         en: President held talks\n"
        "         body: |\n"
        "           The sides met.\n"
        "ok: 1 issue(s) valid; 0 error(s), 2 warning(s), 2 fixable with --fix\n"
    )


# ------------------------------------------------------------- schema and new


def test_schema_prints_the_published_schema_exactly() -> None:
    published = (ROOT / "schema" / "issue.schema.json").read_text(encoding="utf-8")
    assert run("schema") == (0, published, "")


def test_schema_output_file_holds_the_published_schema(tmp_path: Path) -> None:
    target = tmp_path / "issue.schema.json"
    assert run("schema", "-o", str(target)) == (0, "", "")
    assert target.read_bytes() == (ROOT / "schema" / "issue.schema.json").read_bytes()


NEW = ["new", "--period", "2026-01-10..2026-01-23"]


def test_new_prints_the_skeleton_once_or_writes_it_and_names_the_file(tmp_path: Path) -> None:
    code, printed, _ = run(*NEW)
    assert code == 0 and printed.startswith("# yaml-language-server: $schema=")
    assert printed.endswith("\n") and not printed.endswith("\n\n")
    assert "\nperiod: 2026-01-10..2026-01-23\n" in printed
    target = tmp_path / "next.yaml"
    assert run(*NEW, "-o", str(target)) == (0, f"{target}\n", "")
    assert target.read_text(encoding="utf-8") == printed


def test_new_refuses_to_replace_a_file_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "next.yaml"
    target.write_text("mine", encoding="utf-8")
    code, out, err = run(*NEW, "-o", str(target))
    assert (code, out) == (2, "")
    assert err == f"error: {target} exists; choose another name or add --force to replace it\n"
    assert target.read_text(encoding="utf-8") == "mine"
    assert run(*NEW, "-o", str(target), "--force") == (0, f"{target}\n", "")
    assert "period: 2026-01-10..2026-01-23" in target.read_text(encoding="utf-8")


def test_new_into_a_folder_says_to_name_a_file(tmp_path: Path) -> None:
    code, out, err = run(*NEW, "-o", str(tmp_path))
    assert (code, out) == (2, "")
    assert err == (
        f"error: {tmp_path} is a folder, not a file; give a file name, e.g. {tmp_path}/issue.yaml\n"
    )


# ------------------------------------------------------------ plugin listings


def test_writers_are_listed_in_aligned_columns() -> None:
    assert run("writers") == (
        0,
        "docx   .docx  Word document (DOCX), named styles from the style's reference\n"
        "email  .html  HTML e-mail (MJML), responsive, under Gmail's clipping limit\n"
        "eml    .eml   complete e-mail message (text + HTML, PDF and DOCX attached); "
        "needs --config\n"
        "pdf    .pdf   A4 PDF, Japanese typesetting, embedded fonts and bookmarks\n"
        "text   .txt   plain text (UTF-8), laid out like the original briefing\n",
        "",
    )


def test_readers_are_listed_in_aligned_columns() -> None:
    assert run("readers") == (
        0,
        "doc   .doc .rtf .odt           Word 97-2003 .doc, RTF, ODT (converted by LibreOffice)\n"
        "docx  .docx .docm .dotx        Word document (DOCX): Word, LibreOffice, pandoc or "
        "briefout\n"
        "text  .txt .md .markdown .text text or Markdown draft of a briefing "
        "(UTF-8 or Shift_JIS)\n",
        "",
    )


def test_version_prints_name_and_version() -> None:
    from importlib.metadata import version

    assert run("--version") == (0, f"briefout {version('briefout')}\n", "")


# --------------------------------------------------------------------- --watch


class FakeWatch:
    """Stands in for watch_paths: runs the action once, then shows two failed saves."""

    def __init__(self) -> None:
        self.paths: list[Path] = []
        self.skip: list[Path] = []

    def __call__(self, paths, action, *, on_error, on_wait, skip):  # type: ignore[no-untyped-def]
        self.paths, self.skip = list(paths), list(skip)
        try:
            action()
        except UserError as exc:
            on_error(exc)
        on_wait()
        on_error(UserError("the style is gone"))
        on_error(UserError("2 problem(s)", [Problem("a.yaml", 3, 9, "period", "not a date")]))


@pytest.fixture
def fake_watch(monkeypatch: pytest.MonkeyPatch) -> FakeWatch:
    import briefout.watch

    fake = FakeWatch()
    monkeypatch.setattr(briefout.watch, "watch_paths", fake)
    return fake


WATCH_MESSAGES = (
    "watching for changes (Ctrl-C stops)\n"
    "error: the style is gone\n"
    "the last good output is kept; fix the file and save it again\n"
    "a.yaml:3:9: period: not a date\n"
    "the last good output is kept; fix the file and save it again\n"
)


@pytest.mark.parametrize(
    ("style", "watched"),
    [
        ("embassy", []),  # a built-in style: nothing of it to watch
        ("{folder}", ["{folder}"]),  # a style folder
        ("{folder}/style.yaml", ["{folder}"]),  # a style file: its folder
        ("house", ["house"]),  # a style folder named without a slash
        ("house/later", ["house"]),  # a path, not there yet: its folder
        ("style.yaml", ["."]),  # a style file in the current folder
        ("style.yml", ["."]),
    ],
)
def test_render_watch_watches_the_issues_and_the_style_folder(
    tmp_path: Path,
    fake_watch: FakeWatch,
    style: str,
    watched: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "house"
    folder.mkdir()
    (folder / "style.yaml").write_text("inherits: embassy\n", encoding="utf-8")
    (tmp_path / "style.yaml").write_text("inherits: embassy\n", encoding="utf-8")
    style = style.format(folder=folder)
    out = tmp_path / "out"
    code, printed, err = run(
        "render", str(MINIMAL_SAMPLE), "--to", "text", "-o", str(out), "-s", style, "--watch"
    )
    rendered = style not in ("house/later", "style.yml")  # those are not found
    assert (code, printed) == (0, f"{out / 'minimal.txt'}\n" if rendered else "")
    assert err.endswith(WATCH_MESSAGES) and (err == WATCH_MESSAGES) is rendered
    assert fake_watch.paths == [MINIMAL_SAMPLE, *(Path(w.format(folder=folder)) for w in watched)]
    assert fake_watch.skip == []


def test_render_watch_shows_why_a_render_failed_and_goes_on(
    tmp_path: Path, fake_watch: FakeWatch
) -> None:
    style = tmp_path / "house" / "style.yml"  # not there (yet)
    out = tmp_path / "out"
    code, printed, err = run(
        "render", str(MINIMAL_SAMPLE), "--to", "text", "-o", str(out), "-s", str(style), "--watch"
    )
    assert (code, printed) == (0, "")
    assert err == (
        f"error: style '{style}' not found; give a built-in name (embassy) or the path of a "
        "style folder or style.yaml\n"
        "the last good output is kept; fix the file and save it again\n" + WATCH_MESSAGES
    )
    assert fake_watch.paths == [MINIMAL_SAMPLE, style.parent]


def test_render_watch_and_check_are_refused_together(fake_watch: FakeWatch) -> None:
    code, out, err = run("render", str(MINIMAL_SAMPLE), "--to", "text", "--watch", "--check")
    assert (code, out) == (2, "")
    assert err == "error: --watch and --check do not go together; use one of them\n"
    assert fake_watch.paths == []


def test_build_watch_watches_the_archive_but_not_the_site(
    tmp_path: Path, fake_watch: FakeWatch
) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "issue.yaml").write_bytes(MINIMAL_SAMPLE.read_bytes())
    site = tmp_path / "site"
    code, out, err = run("build", str(archive), "-o", str(site), "--to", "text", "--watch")
    assert code == 0, err
    assert out.endswith(f"1 rendered, 0 up to date: {site}\n")
    assert err == WATCH_MESSAGES
    assert fake_watch.paths == [archive] and fake_watch.skip == [site]
    assert (site / "issue.txt").is_file() or any(site.rglob("issue.txt"))


# ------------------------------------------------------------ writers' notices


class Noisy:
    """A writer that reports one warning at the first item's Japanese headline."""

    name, suffix, description, requires = "noisy", ".noisy", "warns once", ()

    def render(self, issue, style, context) -> bytes:  # type: ignore[no-untyped-def]
        context.notify("sections[0].items[0].ja", "too loud", "speak softly")
        return b"noise"


@pytest.fixture
def noisy() -> Iterator[None]:
    from briefout.writers import register_writer, unregister_writer

    register_writer(Noisy())
    yield
    unregister_writer("noisy")


def test_render_prints_a_writers_warning_at_its_line_and_column(tmp_path: Path, noisy) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("render", str(MINIMAL_SAMPLE), "--to", "noisy", "-o", str(tmp_path))
    assert (code, out) == (0, f"{tmp_path / 'minimal.noisy'}\n")
    where = f"{MINIMAL_SAMPLE}:10:13: sections[0].items[0].ja"
    assert err == f"warning: {where}: too loud; speak softly (noisy)\n"


def test_render_json_reports_the_warning_with_its_issue_and_writer(tmp_path: Path, noisy) -> None:  # type: ignore[no-untyped-def]
    import json

    args = ["render", str(MINIMAL_SAMPLE), "--to", "noisy", "-o", str(tmp_path), "-f", "json"]
    code, out, _ = run(*args)
    assert code == 0
    (notice,) = json.loads(out)["notices"]
    assert notice == {
        "issue": str(MINIMAL_SAMPLE),
        "writer": "noisy",
        "file": str(MINIMAL_SAMPLE),
        "line": 10,
        "column": 13,
        "path": "sections[0].items[0].ja",
        "message": "too loud",
        "hint": "speak softly",
        "severity": "warning",
        "origin": "noisy",
    }


# ---------------------------------------------------------------------- import

DRAFT = (
    "アゼルバイジャン政治・治安情報\n\n2025年12月27日～2026年1月9日\n\n在アゼルバイジャン大使館\n\n"
    "1. 軍事・治安関係\n\n● 見出し\n\nHeadline\n\nBody text. (Azertag, 05.01.2026)\n"
)
NO_SECTION = "Title\n\nSomething happened.\n"


def test_import_reports_each_failed_source_and_how_many_failed(tmp_path: Path) -> None:
    bare = tmp_path / "bare.txt"
    bare.write_text(NO_SECTION, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    code, out, err = run("import", str(bare), str(missing), "-o", str(tmp_path / "out"))
    assert (code, out) == (2, "")
    assert err == (
        f"{bare}:1:1: no section heading found (such as '1. 軍事・治安関係', a Heading 1 "
        "paragraph or an auto-numbered heading); a briefing needs at least one section "
        "before its items\n"
        f"error: {missing}: no such file\n"
        "2 of 2 source(s) could not be imported\n"
    )


def test_import_of_several_says_the_others_were_written(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(DRAFT, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    out_dir = tmp_path / "out"
    code, out, err = run("import", str(good), str(missing), "-o", str(out_dir))
    assert code == 2
    summary = "1 sections, 1 items, 1 citations; 0 guesses noted, 0 paragraphs not placed"
    assert out == f"{good} -> {out_dir / 'good.yaml'}: {summary}\n"
    assert err == (
        f"error: {missing}: no such file\n"
        "1 of 2 source(s) could not be imported; the others were written\n"
    )
    assert (out_dir / "good.yaml").is_file()


def test_import_that_cannot_be_written_is_a_failure(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(DRAFT, encoding="utf-8")
    blocker = tmp_path / "blocker"
    blocker.write_text("a file", encoding="utf-8")
    target = blocker / "good.yaml"
    code, out, err = run("import", str(good), "-o", str(target))
    assert (code, out) == (2, "")
    assert err == (
        f"error: {blocker} is a file, not a folder, so {target} cannot be written; give a "
        "folder (or a file name inside one); no file was changed\n"
        "1 of 1 source(s) could not be imported\n"
    )


def test_import_to_standard_output_prints_the_yaml_and_the_summary_apart(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(DRAFT, encoding="utf-8")
    code, out, err = run("import", str(good))
    assert code == 0
    assert "ja: 見出し" in out and "en: Headline" in out
    summary = "1 sections, 1 items, 1 citations; 0 guesses noted, 0 paragraphs not placed"
    assert err == f"{good}: {summary}\n"
    assert run("import", str(good), "-o", str(tmp_path / "good.yaml"))[0] == 0
    assert out == (tmp_path / "good.yaml").read_text(encoding="utf-8")  # the same, no more


def test_import_warns_of_each_paragraph_it_did_not_place(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT + "\n以上\n\nStray words at the end.\n", encoding="utf-8")
    code, out, err = run("import", str(draft), "-o", str(tmp_path / "draft.yaml"))
    assert code == 0
    summary = "1 sections, 1 items, 1 citations; 0 guesses noted, 1 paragraphs not placed"
    assert out == f"{draft} -> {tmp_path / 'draft.yaml'}: {summary}\n"
    assert err == f"warning: {draft}: line 17: not placed (after END): Stray words at the end.\n"


def test_import_on_a_terminal_shows_progress_and_imports_every_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import typer.testing

    # CliRunner's stderr stands in for a terminal
    monkeypatch.setattr(typer.testing._NamedTextIOWrapper, "isatty", lambda self: True)
    sources = []
    for name in ("a", "b"):
        sources.append(tmp_path / f"{name}.txt")
        sources[-1].write_text(DRAFT, encoding="utf-8")
    out_dir = tmp_path / "out"
    code, out, err = run("import", *map(str, sources), "-o", str(out_dir))
    assert code == 0, err
    assert sorted(p.name for p in out_dir.iterdir()) == ["a.yaml", "b.yaml"]
    assert out.count(" -> ") == 2


# ------------------------------------------------------------------------ send


def test_send_dry_run_json_is_indented_and_keeps_japanese_folder_names(tmp_path: Path) -> None:
    folder = tmp_path / "配信"
    folder.mkdir()
    dist = folder / "dist.yaml"
    dist.write_text(
        "from: 大使館 <briefing@embassy.example>\nto: briefing@embassy.example\n"
        "bcc: [reader@example.org]\nsmtp: {host: 127.0.0.1, port: 9, security: none}\n",
        encoding="utf-8",
    )
    args = ["send", str(MINIMAL_SAMPLE), "--config", str(dist), "--dry-run", "-f", "json"]
    code, out, err = run(*args)
    assert (code, err) == (0, "")
    assert out.startswith(f'{{\n  "dry_run": true,\n  "journal": "{folder / "dist.sent"}/briefout.')
    assert out.endswith(
        '  "batches": [\n    [\n      "briefing@embassy.example",\n'
        '      "reader@example.org"\n    ]\n  ]\n}\n'
    )


def test_a_warning_names_its_writer_when_it_has_one(capsys: pytest.CaptureFixture[str]) -> None:
    from briefout.cli import _warn

    _warn(Problem("a.yaml", 3, 9, "period", "odd", "look", "warning", origin="pdf"))
    _warn(Problem("a.yaml", 3, 9, "period", "odd", "look", "warning"))
    assert capsys.readouterr().err == (
        "warning: a.yaml:3:9: period: odd; look (pdf)\nwarning: a.yaml:3:9: period: odd; look\n"
    )


# --------------------------------------------------------------- failure reports


def test_an_internal_error_names_where_it_happened_and_asks_for_a_report(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from importlib.metadata import version

    import briefout.schema

    def broken() -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(briefout.schema, "issue_schema_json", broken)
    code, out, err = run("schema", env={"BRIEFOUT_DEBUG": ""})
    line = broken.__code__.co_firstlineno + 1
    assert (code, out) == (1, "")
    assert err == (
        f"internal error in briefout {version('briefout')}: RuntimeError: boom\n"
        f"  at test_cli_messages.py:{line} (broken)\n"
        "  this is a bug in briefout, not in your file; please report it with the command you "
        "ran (set BRIEFOUT_DEBUG=1 for the full traceback)\n"
    )


def test_a_user_error_with_positions_is_printed_without_a_prefix(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    code, out, err = run("render", str(missing), "--to", "text", "-o", str(tmp_path))
    assert (code, out, err) == (2, "", f"{missing}:1:1: no such file; check the path\n")


def test_send_interrupted_says_the_journal_keeps_who_was_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefout.send

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(briefout.send, "deliver", interrupted)
    dist = tmp_path / "dist.yaml"
    dist.write_text(
        "from: Embassy <briefing@embassy.example>\nto: briefing@embassy.example\n"
        "bcc: [reader@example.org]\nsmtp: {host: 127.0.0.1, port: 9, security: none}\n",
        encoding="utf-8",
    )
    code, out, err = run("send", str(MINIMAL_SAMPLE), "--config", str(dist))
    assert (code, out) == (130, "")
    assert err == (
        f"interrupted: the journal in {tmp_path / 'dist.sent'} records every reader served "
        "so far; run the same command again to send to the rest\n"
    )


def test_render_json_report_is_indented_and_keeps_japanese_paths(tmp_path: Path) -> None:
    import hashlib

    out = tmp_path / "出力"
    code, printed, _ = run(
        "render", str(MINIMAL_SAMPLE), "--to", "text", "-o", str(out), "-f", "json"
    )
    data = (out / "minimal.txt").read_bytes()
    assert code == 0
    assert printed == (
        '{\n  "outputs": [\n    {\n'
        f'      "issue": "{MINIMAL_SAMPLE}",\n'
        '      "format": "text",\n'
        f'      "path": "{out / "minimal.txt"}",\n'
        f'      "bytes": {len(data)},\n'
        f'      "sha256": "{hashlib.sha256(data).hexdigest()}",\n'
        '      "status": "written"\n'
        '    }\n  ],\n  "notices": []\n}\n'
    )


def test_check_only_issues_with_none_given_says_so(tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text("name: not an issue\n", encoding="utf-8")
    assert run("check", "--only-issues", str(other)) == (0, "ok: no issue files given\n", "")


def test_check_strict_fails_on_warnings_and_drops_the_ok(slips: Path) -> None:
    summary = "1 issue(s) valid; 0 error(s), 2 warning(s), 2 fixable with --fix\n"
    assert run("check", str(slips))[:2] == (0, f"ok: {summary}")
    assert run("check", "--strict", str(slips))[:2] == (2, summary)


def test_build_check_of_a_fresh_site_says_it_is_up_to_date(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "issue.yaml").write_bytes(MINIMAL_SAMPLE.read_bytes())
    site = tmp_path / "site"
    assert run("build", str(archive), "-o", str(site), "--to", "text")[0] == 0
    check = run("build", str(archive), "-o", str(site), "--to", "text", "--check")
    assert check == (0, f"{site} is up to date\n", "")


def test_check_with_an_unknown_style_fails_and_says_what_to_give(slips: Path) -> None:
    hint = "give a built-in name (embassy) or the path of a style folder or style.yaml"
    assert run("check", "-s", "nope", str(slips)) == (
        2,
        "",
        f"error: style 'nope' not found; {hint}\n",
    )


def test_check_fails_on_error_findings_with_or_without_strict(slips: Path) -> None:
    (slips.parent / "briefout.yaml").write_text(
        "lint:\n  ja-space: {severity: error}\n", encoding="utf-8"
    )
    summary = "1 issue(s) valid; 2 error(s), 0 warning(s), 2 fixable with --fix\n"
    for options in ((), ("--strict",)):
        code, out, err = run("check", *options, str(slips))
        assert (code, out) == (2, summary)
        assert err.count(f"{slips.name}:8:") == 2 and err.count("error[ja-space]") == 2


def test_check_github_strict_fails_on_warnings_and_drops_the_ok(slips: Path) -> None:
    env = {"GITHUB_STEP_SUMMARY": ""}
    annotation = f"::warning file={slips},line=8,col=19,endLine=8,endColumn=20,"
    summary = "1 issue(s) valid; 0 error(s), 2 warning(s), 2 fixable with --fix\n"
    code, out, _ = run("check", "-f", "github", str(slips), env=env)
    assert code == 0 and out.startswith(annotation) and out.endswith(f"ok: {summary}")
    code, out, _ = run("check", "-f", "github", "--strict", str(slips), env=env)
    assert code == 2 and out.startswith(annotation) and out.endswith(f"\n{summary}")
