"""The machinery around the rules: positions in every YAML style, --fix, suppression,
configuration, severities and exit codes, baselines, output formats, plugins."""

from __future__ import annotations

import inspect
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_rules import issue, item, write
from typer.testing import CliRunner

from briefout.cli import app
from briefout.errors import EXIT_INVALID, EXIT_OK
from briefout.rules import Rule, all_rules, get_rule, register_rule, rule_codes, unregister_rule
from briefout.rules.engine import check_issues
from briefout.rules.source import align
from briefout.yamlsource import parse_yaml

from conftest import REFERENCE_SAMPLE

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


# ------------------------------------------------------------ value positions

STYLES = [
    "v: 国境警備局が 2025 年\n",
    "v: 'it''s 2025 年 ''x'''\n",
    'v: "a\\tb \\u00e9 \\"q\\" 2025 年"\n',
    'v: "first line \\\n    continued 2025 年"\n',
    "v: plain text that\n  folds over\n\n  two lines 2025 年\n",
    "v: |\n  literal  line\n\n  second 2025 年\n",
    "v: >-  # comment\n  folded\n  text\n\n    more indented\n  end 2025 年\n",
    "- [a, 'b c', \"d\"]\n",
]


@pytest.mark.parametrize("text", STYLES)
def test_every_value_character_maps_to_its_source(text: str) -> None:
    located = parse_yaml(text, "t.yaml")
    starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
    for path, position in located.values.items():
        value = located.data
        for part in path:
            value = value[part]
        if not isinstance(value, str):
            continue
        offsets = align(
            value, text, starts[position.line - 1] + position.column - 1, position.style
        )
        assert len(offsets) == len(value) + 1
        assert offsets == sorted(offsets)
        for char, offset in zip(value, offsets, strict=False):
            if char not in " \n" and text[offset] not in "\\'":
                assert text[offset] == char, (text, value, char, offset)


def test_literal_blocks_map_by_lines_exactly_as_the_character_walk() -> None:
    from briefout.rules.source import SourceText, literal_offsets

    text = REFERENCE_SAMPLE.read_text(encoding="utf-8") + "x: |+\n  kept\n\n    deeper\n\n"
    located = parse_yaml(text, "reference.yaml")
    source = SourceText(located)
    blocks = [path for path, pos in located.values.items() if pos.style == "|"]
    assert len(blocks) == 19  # 18 bodies of the reference and the kept block
    for path in blocks:
        value = source.value(path)
        position = located.values[path]
        slow = align(value, text, source.value_start(path), "|")
        fast = literal_offsets(value, text, source._line_starts, position.line)
        assert fast is not None
        assert all(text[fast[i]] == char for i, char in enumerate(value)), path
        # the character walk agrees except on the spaces that open an indented line (it
        # cannot tell them from the block's indentation; the line map can)
        agree = [i for i, char in enumerate(value) if char != " "]
        assert [fast[i] for i in agree] == [slow[i] for i in agree], path


# ----------------------------------------------------------------------- fix


def test_fix_changes_only_the_flagged_characters(tmp_path: Path) -> None:
    target = tmp_path / "reference.yaml"
    shutil.copy(REFERENCE_SAMPLE, target)
    (tmp_path / ".git").mkdir()
    before = target.read_text(encoding="utf-8")
    code, out, _ = run("check", "--fix", str(target))
    assert code == EXIT_OK and "15 fixed" in out
    after = target.read_text(encoding="utf-8")
    old_lines, new_lines = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old_lines) == len(new_lines)
    changed = {
        n: (a, b)
        for n, (a, b) in enumerate(zip(old_lines, new_lines, strict=True), start=1)
        if a != b
    }
    assert changed[4] == ("subtitle: (公開情報とりまとめ)\n", "subtitle: （公開情報とりまとめ）\n")
    assert changed[46][1] == "      - ja: 国境警備局が2025年の活動状況を報告\n"
    assert changed[366][1].startswith('      - ja: "NATO：TRIPPは南コーカサス')
    assert "On Jan. 4, the delegation" in changed[298][1]
    for old, new in changed.values():  # nothing but the slips: same text once they are undone
        undo = new.replace("（", "(").replace("）", ")").replace("：", " : ")
        undo = undo.replace("Jan. 4", "Jan.04").replace("Dec. ", "Dec.")
        assert undo.replace(" ", "") == old.replace(" ", "")
    assert sorted(changed) == [4, 46, 239, 256, 262, 291, 298, 330, 345, 366]
    assert run("check", "--fix", str(target))[1].count("fixed") == 0
    assert target.read_text(encoding="utf-8") == after  # a second run changes nothing


def test_fix_in_quoted_and_folded_scalars_keeps_the_style(tmp_path: Path) -> None:
    text = issue(
        item(ja="'国境警備局が 2025 年 ''速報'''"),
        item(ja='"自社船舶 5 隻 \\"速報\\""'),
        item(ja="ＡＰＡが\n          2025\n          年に報告"),
    )
    path = write(tmp_path, text)
    code, out, _ = run("check", "--fix", str(path))
    assert code == EXIT_OK, out
    fixed = path.read_text(encoding="utf-8")
    assert "ja: '国境警備局が2025年 ''速報'''" in fixed
    assert 'ja: "自社船舶5隻 \\"速報\\""' in fixed
    assert "ja: APAが2025年に報告\n" in fixed  # each folded line break was a flagged space
    check = check_issues([path])
    assert not [f for f in check.findings if f.fix is not None]


def test_diff_prints_the_change_and_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, issue(item(ja="国境警備局が 2025 年の報告")))
    before = path.read_bytes()
    code, out, _ = run("check", "--diff", str(path))
    assert "-      - ja: 国境警備局が 2025 年の報告" in out
    assert "+      - ja: 国境警備局が2025年の報告" in out
    assert path.read_bytes() == before and code == EXIT_OK


# ---------------------------------------------------------------- suppression


def test_suppression_comment_silences_named_rules_on_its_line(tmp_path: Path) -> None:
    text = issue(
        item(ja="国境警備局が 2025 年  # briefout: ignore[ja-space]"),
        item(
            ja="自社船舶 5 隻  # briefout: ignore[ja-width, headline-language]",
            en="Another",
            body="Other words.",
        ),
    )
    run_ = check_issues([write(tmp_path, text)])
    assert [(f.rule, f.line) for f in run_.findings] == [("ja-space", 13), ("ja-space", 13)]
    assert run_.suppressed == 2


def test_a_misspelt_code_in_a_suppression_comment_is_reported(tmp_path: Path) -> None:
    text = issue(item(ja="国境警備局が 2025 年  # briefout: ignore[ja-spaces]"))
    found = check_issues([write(tmp_path, text)]).findings
    unknown = [f for f in found if f.rule == "suppression"]
    assert [(f.line, f.column, f.severity, f.hint) for f in unknown] == [
        (8, 47, "warning", "did you mean 'ja-space'?")
    ]
    assert len([f for f in found if f.rule == "ja-space"]) == 2  # nothing was silenced


def test_suppression_of_a_block_goes_on_its_header(tmp_path: Path) -> None:
    silenced = issue(
        item(body="On Jan.04 they met.").replace(
            "body: |", "body: |  # briefout: ignore[en-date-style]"
        )
    )
    run_ = check_issues([write(tmp_path, silenced)])
    assert not run_.findings and run_.suppressed == 1
    inside = issue(item(body="On Jan.04 they met. # briefout: ignore[en-date-style]"))
    assert [f.rule for f in check_issues([write(tmp_path, inside)]).findings] == ["en-date-style"]


# ------------------------------------------------------- configuration, exit


def test_configuration_errors_are_at_file_line_column(tmp_path: Path) -> None:
    path = write(tmp_path, issue())
    config = tmp_path / "briefout.yaml"
    config.write_text(
        "lint:\n  ja-spaces: error\n  ja-space: {policy: sometimes}\n  doubled-word: loud\n",
        encoding="utf-8",
    )
    code, _, err = run("check", str(path))
    assert code == EXIT_INVALID
    assert f"{config}:2:3: lint.ja-spaces: unknown key 'ja-spaces'; did you mean 'ja-space'?" in err
    assert f"{config}:3:22: lint.ja-space.policy: 'sometimes' is not allowed here" in err
    assert f"{config}:4:17: lint.doubled-word: 'loud' is not allowed here" in err


def test_severity_error_off_and_strict(tmp_path: Path) -> None:
    path = write(tmp_path, issue(item(ja="国境警備局が 2025 年")))
    assert run("check", str(path))[0] == EXIT_OK  # warnings pass
    assert run("check", "--strict", str(path))[0] == EXIT_INVALID
    (tmp_path / "briefout.yaml").write_text("lint:\n  ja-space: error\n", encoding="utf-8")
    code, out, err = run("check", str(path))
    assert code == EXIT_INVALID and "error[ja-space]" in err and "2 error(s)" in out
    (tmp_path / "briefout.yaml").write_text("lint:\n  ja-space: off\n", encoding="utf-8")
    code, out, _ = run("check", "--strict", str(path))
    assert code == EXIT_OK and out.startswith("ok: 1 issue(s) valid; 0 error(s), 0 warning(s)")


def test_validation_problems_still_exit_2_and_rules_run_on_the_valid_files(tmp_path: Path) -> None:
    good = write(tmp_path, issue(item(ja="国境警備局が 2025 年")), "good.yaml")
    bad = write(tmp_path, issue().replace("period: 2026-01-01", "period: 2026-13-01"), "bad.yaml")
    code, out, err = run("check", str(good), str(bad))
    assert code == EXIT_INVALID and "2 issue(s) checked, 1 validation problem(s)" in out
    assert f"{bad}:3:9: period:" in err and f"{good}:8:19: warning[ja-space]" in err


def test_render_does_not_run_the_rules(tmp_path: Path) -> None:
    (tmp_path / "briefout.yaml").write_text("lint:\n  ja-space: error\n", encoding="utf-8")
    path = write(tmp_path, issue(item(ja="国境警備局が 2025 年")))
    code, _, err = run("render", str(path), "--to", "text", "-o", str(tmp_path))
    assert code == EXIT_OK and "ja-space" not in err


# ------------------------------------------------------------------ baseline


def test_baseline_round_trip(tmp_path: Path) -> None:
    path = write(tmp_path, issue(item(ja="国境警備局が 2025 年")))
    baseline = tmp_path / "baseline.json"
    code, _, err = run("check", "--write-baseline", str(baseline), str(path))
    assert code == EXIT_OK and "recorded 2 finding(s)" in err
    recorded = json.loads(baseline.read_text(encoding="utf-8"))
    assert recorded["findings"][0] == {
        "file": "issue.yaml",
        "rule": "ja-space",
        "path": "sections[0].items[0].ja",
        "excerpt": " ",
    }
    code, out, _ = run("check", "--strict", "--baseline", str(baseline), str(path))
    assert code == EXIT_OK and "2 in the baseline" in out
    path.write_text(
        "# a new first line moves everything down\n"
        + path.read_text(encoding="utf-8").replace("title: 内政", "title: 内政 2026"),
        encoding="utf-8",
    )
    code, out, err = run("check", "--strict", "--baseline", str(baseline), str(path))
    assert code == EXIT_INVALID and err.count("ja-space") == 1 and "sections[0].title" in err


def test_a_broken_baseline_is_a_user_error(tmp_path: Path) -> None:
    path = write(tmp_path, issue())
    (tmp_path / "b.json").write_text("[]", encoding="utf-8")
    code, _, err = run("check", "--baseline", str(tmp_path / "b.json"), str(path))
    assert code == EXIT_INVALID and "not a briefout baseline" in err
    code, _, err = run("check", "--baseline", str(tmp_path / "none.json"), str(path))
    assert code == EXIT_INVALID and "--write-baseline" in err


# ------------------------------------------------------------------- formats


def test_json_findings_carry_range_rule_and_fix(tmp_path: Path) -> None:
    path = write(tmp_path, issue(item(body="On Jan.04 they met.")))
    _, out, _ = run("check", "--format", "json", str(path))
    (finding,) = json.loads(out)["problems"]
    assert finding == {
        "file": str(path),
        "line": 11,
        "column": 14,
        "end_line": 11,
        "end_column": 20,
        "path": "sections[0].items[0].body",
        "rule": "en-date-style",
        "severity": "warning",
        "message": "the date 'Jan.04' is not in the house style",
        "hint": "write 'Jan. 4'",
        "origin": "en-date-style",
        "fix": {
            "description": "replace 'Jan.04' with 'Jan. 4'",
            "edits": [
                {"line": 11, "column": 14, "end_line": 11, "end_column": 20, "text": "Jan. 4"}
            ],
        },
    }


def test_github_annotations_escape_properties_and_overflow_to_the_summary(tmp_path: Path) -> None:
    folder = tmp_path / "a,b:c"
    folder.mkdir()
    dates = " ".join(f"Jan.0{n}" for n in range(1, 10)) + " Feb.01 Feb.02 Feb.03"
    path = write(folder, issue(item(body=dates)))
    summary = tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    code, out, _ = run(
        "check", "--format", "github", str(path), env={"GITHUB_STEP_SUMMARY": str(summary)}
    )
    assert code == EXIT_OK
    lines = out.splitlines()
    annotations = [line for line in lines if line.startswith("::warning ")]
    assert len(annotations) == 10
    escaped = str(path).replace(",", "%2C").replace(":", "%3A")
    assert annotations[0].startswith(
        f"::warning file={escaped},line=11,col=11,endLine=11,endColumn=17,"
        "title=briefout en-date-style::"
    )
    assert "2 more warning(s) not shown as annotations" in out and "job summary" in out
    table = summary.read_text(encoding="utf-8")
    assert table.count("| en-date-style |") == 2 and "'Feb.03'" in table
    _, out, _ = run("check", "--format", "github", str(path), env={"GITHUB_STEP_SUMMARY": ""})
    assert "they are listed below" in out and out.count("warning[en-date-style]") == 2


def test_github_message_escaping(tmp_path: Path) -> None:
    from briefout.rules import Finding
    from briefout.rules.formats import github_annotation

    finding = Finding(
        "f.yaml", 1, 2, "p", "50% done\nnext", "a, b: c", rule="r", end_line=1, end_column=3
    )
    assert github_annotation(finding) == (
        "::error file=f.yaml,line=1,col=2,endLine=1,endColumn=3,title=briefout r::"
        "p: 50%25 done%0Anext; a, b: c"
    )


def test_sarif_is_valid_against_the_official_schema(tmp_path: Path) -> None:
    import jsonschema

    schema = json.loads(
        (Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
    )
    broken = write(tmp_path, "briefout: 1\ntitle: x\n", "broken.yaml")
    code, out, _ = run("check", "--format", "sarif", str(REFERENCE_SAMPLE), str(broken))
    assert code == EXIT_INVALID
    log = json.loads(out)
    jsonschema.Draft4Validator(schema).validate(log)
    run_ = log["runs"][0]
    rules = {rule["id"]: rule for rule in run_["tool"]["driver"]["rules"]}
    assert set(rule_codes()) | {"validation", "suppression"} == set(rules)
    assert rules["ja-space"]["help"]["text"] and rules["ja-space"]["properties"]["fixable"]
    results = run_["results"]
    assert run_["columnKind"] == "unicodeCodePoints"
    fixable = [r for r in results if "fixes" in r]
    assert fixable and all(
        rules[r["ruleId"]] == run_["tool"]["driver"]["rules"][r["ruleIndex"]] for r in results
    )
    nato = next(
        r
        for r in results
        if r["ruleId"] == "ja-punctuation"
        and r["locations"][0]["physicalLocation"]["region"]["startLine"] == 366
    )
    region = nato["locations"][0]["physicalLocation"]["region"]
    assert (region["startColumn"], region["endColumn"]) == (18, 21)
    assert (
        nato["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "："
    )


def test_rdjsonl_counts_columns_in_utf8_bytes_and_suggests_fixes(tmp_path: Path) -> None:
    path = write(tmp_path, issue(item(ja="国境警備局が 2025 年")))
    _, out, _ = run("check", "--format", "rdjsonl", str(path))
    diagnostics = [json.loads(line) for line in out.splitlines()]
    first = diagnostics[0]
    line = path.read_text(encoding="utf-8").splitlines()[7]
    byte_column = len(line[: line.index(" 2025")].encode("utf-8")) + 1
    assert first["location"]["range"]["start"] == {"line": 8, "column": byte_column}
    assert first["location"]["range"]["end"] == {"line": 8, "column": byte_column + 1}
    assert first["suggestions"] == [{"range": first["location"]["range"], "text": ""}]
    assert first["code"] == {"value": "ja-space"} and first["severity"] == "WARNING"


def test_many_files_in_one_call(tmp_path: Path) -> None:
    paths = [
        write(
            tmp_path,
            issue(item(ja=f"会談 {n} 回目", body=f"Body number {n} of many.")),
            f"i{n}.yaml",
        )
        for n in range(30)
    ]
    _, out, _ = run("check", "--format", "json", *map(str, paths))
    data = json.loads(out)
    assert data["summary"]["issues"] == 30
    assert {p["file"] for p in data["problems"]} == {str(p) for p in paths}


# -------------------------------------------------------------------- plugins


class _NoTodo:
    code = "no-todo"
    summary = "TODO left in a body."
    help = "Finish the text."
    fixable = False

    def check(self, targets):
        for target in targets:
            for node in target.issue.texts():
                at = node.text.find("TODO")
                if at >= 0:
                    yield target.finding(node.path, at, at + 4, "a TODO is left")


def test_a_registered_rule_runs_and_is_configured_like_the_builtins(tmp_path: Path) -> None:
    rule = _NoTodo()
    assert isinstance(rule, Rule)
    register_rule(rule)
    try:
        path = write(tmp_path, issue(item(body="TODO write this")))
        assert [f.rule for f in check_issues([path]).findings] == ["no-todo"]
        (tmp_path / "briefout.yaml").write_text("lint:\n  no-todo: error\n", encoding="utf-8")
        assert run("check", str(path))[0] == EXIT_INVALID
        with pytest.raises(ValueError, match="already registered"):
            register_rule(rule)
    finally:
        unregister_rule("no-todo")


def test_third_party_rule_through_the_entry_point_group(tmp_path: Path) -> None:
    package = tmp_path / "site"
    (package / "briefout_notodo").mkdir(parents=True)
    plugin = inspect.getsource(_NoTodo).replace("class _NoTodo", "class NoTodo")
    (package / "briefout_notodo" / "__init__.py").write_text(plugin, encoding="utf-8")
    info = package / "briefout_notodo-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: briefout-notodo\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[briefout.rules]\nno-todo = briefout_notodo:NoTodo\n", encoding="utf-8"
    )
    path = write(tmp_path, issue(item(body="TODO write this")))
    env = {**os.environ, "PYTHONPATH": str(package)}
    result = subprocess.run(
        [sys.executable, "-m", "briefout", "check", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    rules = [p["rule"] for p in json.loads(result.stdout)["problems"]]
    assert rules == ["no-todo"], result.stderr


def test_builtin_rules_are_registered_through_entry_points() -> None:
    expected = {
        "outlet-spelling",
        "citation-date",
        "duplicate-item",
        "headline-language",
        "ja-space",
        "ja-width",
        "ja-punctuation",
        "en-date-style",
        "doubled-word",
        "unbalanced-brackets",
    }
    assert expected <= set(rule_codes())
    for rule in all_rules():
        assert rule.summary and rule.help and get_rule(rule.code) is rule


def test_many_issues_load_in_several_processes_with_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefout.rules import engine, parallel

    texts = [
        issue(item(ja=f"会談 {n} 回目", body=f"Body {n}, on Jan.0{n % 9 + 1}.")) for n in range(60)
    ]
    texts[7] = texts[7].replace("period: 2026-01-01", "period: 2026-13-01")  # one invalid file
    paths = [write(tmp_path, text, f"i{n:02d}.yaml") for n, text in enumerate(texts)]
    expected = 1 if len(os.sched_getaffinity(0)) > 1 else 0
    assert parallel.helper_count(len(paths), engine.PARALLEL_FROM) >= expected
    shared = check_issues(paths)
    monkeypatch.setattr(engine, "PARALLEL_FROM", 10_000)
    sequential = check_issues(paths)
    assert shared.reported() == sequential.reported() and len(shared.problems) == 1
    assert [f.fix for f in shared.findings] == [f.fix for f in sequential.findings]
    assert shared.texts == sequential.texts
