"""How ``check`` reports: text, json, github, sarif (2.1.0) and rdjsonl (reviewdog).

Columns are counted in characters (Unicode code points) everywhere, as GitHub counts
them, except rdjsonl, whose format counts UTF-8 bytes.  End positions are exclusive.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import cast
from urllib.parse import quote

from briefout import __version__
from briefout.rules import Finding, Fix, Rule
from briefout.rules.engine import SUPPRESSION, VALIDATION, CheckRun

#: GitHub shows at most this many annotations of one kind (error, warning) per step.
GITHUB_LIMIT = 10


def summary_line(run: CheckRun, fixed: int = 0, *, strict: bool = False) -> str:
    """One line: validity, errors, warnings, fixable, fixed, silenced; 'ok:' when passing."""
    counts = Counter(f.severity for f in run.findings)
    fixable = sum(1 for f in run.findings if f.fix is not None)
    if run.problems:
        valid = f"{len(run.files)} issue(s) checked, {len(run.problems)} validation problem(s)"
    else:
        valid = f"{len(run.files)} issue(s) valid"
    parts = [f"{counts['error']} error(s)", f"{counts['warning']} warning(s)"]
    if fixable:
        parts.append(f"{fixable} fixable with --fix")
    if fixed:
        parts.append(f"{fixed} fixed")
    if run.suppressed:
        parts.append(f"{run.suppressed} suppressed by comments")
    if run.baselined:
        parts.append(f"{run.baselined} in the baseline")
    passing = not run.problems and not counts["error"] and not (strict and counts["warning"])
    return ("ok: " if passing else "") + f"{valid}; " + ", ".join(parts)


def finding_line(finding: Finding) -> str:
    """``FILE:LINE:COL: severity[rule] path: message; hint`` (problems keep their form)."""
    where = f"{finding.file}:{finding.line}:{finding.column}"
    what = f"{finding.path}: {finding.message}" if finding.path else finding.message
    if finding.rule != VALIDATION:
        what = f"{finding.severity}[{finding.rule}] {what}"
        if finding.fix is not None:
            what += " (fixable)"
    return f"{where}: {what}; {finding.hint}" if finding.hint else f"{where}: {what}"


def text_report(run: CheckRun) -> str:
    """Findings grouped by file (a blank line between files)."""
    blocks: list[str] = []
    current = None
    for finding in run.reported():
        if finding.file != current and current is not None:
            blocks.append("")
        current = finding.file
        blocks.append(finding_line(finding))
    return "\n".join(blocks)


def _fix_dict(fix: Fix | None) -> dict[str, object] | None:
    if fix is None:
        return None
    return {
        "description": fix.description,
        "edits": [
            {
                "line": edit.line,
                "column": edit.column,
                "end_line": edit.end_line,
                "end_column": edit.end_column,
                "text": edit.text,
            }
            for edit in fix.edits
        ],
    }


def finding_dict(finding: Finding) -> dict[str, object]:
    """A JSON-ready finding (stable keys)."""
    return {
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "path": finding.path,
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "hint": finding.hint,
        "fix": _fix_dict(finding.fix),
        "origin": finding.origin,
    }


def json_report(run: CheckRun) -> str:
    """``{"problems": [...], "count": N, "summary": {...}}``."""
    reported = run.reported()
    counts = Counter(f.severity for f in run.findings)
    data = {
        "problems": [finding_dict(f) for f in reported],
        "count": len(reported),
        "summary": {
            "issues": len(run.files),
            "validation": len(run.problems),
            "errors": counts["error"],
            "warnings": counts["warning"],
            "fixable": sum(1 for f in run.findings if f.fix is not None),
            "suppressed": run.suppressed,
            "baselined": run.baselined,
        },
    }
    return indented_json(data)


def indented_json(value: object) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, the same text, faster.

    With ``indent`` the json module falls back to its pure-Python encoder, a generator per
    level; this writes the same layout with the C string encoder and plain appends (a
    report of thousands of findings is otherwise a large part of ``check``'s time)."""
    out: list[str] = []
    _write_json(value, out, "\n")
    return "".join(out)


_ENCODE = json.encoder.encode_basestring  # the C encoder when available, no ASCII escaping


def _write_json(value: object, out: list[str], newline: str) -> None:
    """Append ``value`` to ``out``; ``newline`` is a line break and the current indent."""
    if isinstance(value, dict) and value:
        inner = newline + "  "
        opening = "{" + inner
        between = "," + inner
        for key, item in value.items():
            scalar = _scalar_json(item)
            if scalar is None:
                out.append(f"{opening}{_json_key(key)}: ")
                _write_json(item, out, inner)
            else:
                out.append(f"{opening}{_json_key(key)}: {scalar}")
            opening = between
        out.append(newline + "}")
    elif isinstance(value, list | tuple) and value:
        inner = newline + "  "
        opening = "[" + inner
        for item in value:
            out.append(opening)
            _write_json(item, out, inner)
            opening = "," + inner
        out.append(newline + "]")
    else:
        out.append(_scalar_json(value) or json.dumps(value, ensure_ascii=False))


def _scalar_json(value: object) -> str | None:
    """A string, whole number, true/false or null as json writes it (None: anything else)."""
    kind = type(value)
    if kind is str:
        return _ENCODE(cast(str, value))
    if kind is int:
        return int.__repr__(cast(int, value))
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    return None


def _json_key(key: object) -> str:
    return _ENCODE(key if isinstance(key, str) else json.dumps(key))


# ------------------------------------------------------------------------- github


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(finding: Finding) -> str:
    """A workflow command annotating the finding's range."""
    level = "error" if finding.severity == "error" else "warning"
    title = "briefout" if finding.rule == VALIDATION else f"briefout {finding.rule}"
    properties = {
        "file": finding.file,
        "line": finding.line,
        "col": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
        "title": title,
    }
    if (finding.end_line, finding.end_column) == (finding.line, finding.column):
        del properties["endLine"], properties["endColumn"]
    joined = ",".join(f"{key}={_escape_property(str(value))}" for key, value in properties.items())
    text = f"{finding.path}: {finding.message}" if finding.path else finding.message
    if finding.hint:
        text += f"; {finding.hint}"
    return f"::{level} {joined}::{_escape_data(text)}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def github_report(run: CheckRun, summary_file: str | None, *, strict: bool = False) -> str:
    """Annotations, at most 10 per kind; the rest in the job summary (or listed here)."""
    shown: Counter[str] = Counter()
    lines: list[str] = []
    overflow: list[Finding] = []
    for finding in run.reported():
        level = "error" if finding.severity == "error" else "warning"
        if shown[level] < GITHUB_LIMIT:
            shown[level] += 1
            lines.append(github_annotation(finding))
        else:
            overflow.append(finding)
    if overflow:
        kinds = Counter("error" if f.severity == "error" else "warning" for f in overflow)
        more = " and ".join(f"{count} more {kind}(s)" for kind, count in sorted(kinds.items()))
        lead = (
            f"briefout: {more} not shown as annotations (GitHub shows {GITHUB_LIMIT} of a kind "
            "per step); "
        )
        if summary_file:
            table = [
                "| file | line | column | severity | rule | path | message |",
                "|---|---|---|---|---|---|---|",
            ]
            table += [
                f"| {_cell(f.file)} | {f.line} | {f.column} | {f.severity} | {f.rule} | "
                f"{_cell(f.path)} | {_cell(f.message)} |"
                for f in overflow
            ]
            with open(summary_file, "a", encoding="utf-8") as stream:
                stream.write("### briefout check: findings not annotated\n\n")
                stream.write("\n".join(table) + "\n\n")
            lines.append(lead + "they are listed in the job summary")
        else:
            lines.append(lead + "they are listed below")
            lines.extend(finding_line(f) for f in overflow)
    lines.append(summary_line(run, strict=strict))
    return "\n".join(lines)


# -------------------------------------------------------------------------- sarif


def artifact_uri(file: str) -> str:
    """A SARIF artifact URI: relative paths as URI references, absolute ones as file: URIs."""
    path = PurePath(file)
    if path.is_absolute():
        return Path(file).as_uri()
    return quote(path.as_posix())


def _sarif_rule(code: str, summary: str, help_text: str, fixable: bool) -> dict[str, object]:
    return {
        "id": code,
        "name": "".join(part.capitalize() for part in code.split("-")),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": help_text},
        "help": {"text": help_text + (" Fixable with `briefout check --fix`." if fixable else "")},
        "defaultConfiguration": {"level": "warning"},
        "properties": {"fixable": fixable},
    }


def _region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    region = {"startLine": line, "startColumn": column}
    if (end_line, end_column) > (line, column):
        region.update(endLine=end_line, endColumn=end_column)
    return region


def _sarif_result(finding: Finding, index: dict[str, int]) -> dict[str, object]:
    location = {"uri": artifact_uri(finding.file)}
    text = finding.message + (f"; {finding.hint}" if finding.hint else "")
    result: dict[str, object] = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": "error" if finding.severity == "error" else "warning",
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": location,
                    "region": _region(
                        finding.line, finding.column, finding.end_line, finding.end_column
                    ),
                },
                "logicalLocations": [{"fullyQualifiedName": finding.path or "(file)"}],
            }
        ],
        "partialFingerprints": {
            "briefoutFinding/v1": f"{finding.rule}:{finding.path}:{finding.excerpt}"
        },
    }
    if finding.fix is not None:
        result["fixes"] = [
            {
                "description": {"text": finding.fix.description},
                "artifactChanges": [
                    {
                        "artifactLocation": location,
                        "replacements": [
                            {
                                "deletedRegion": _region(
                                    e.line, e.column, e.end_line, e.end_column
                                ),
                                "insertedContent": {"text": e.text},
                            }
                            for e in finding.fix.edits
                        ],
                    }
                ],
            }
        ]
    return result


def sarif_report(run: CheckRun) -> str:
    """A SARIF 2.1.0 log with one run: the rules (with help) and every finding."""
    rules = [
        _sarif_rule(
            VALIDATION,
            "The issue file is not valid (YAML syntax, schema, style).",
            "briefout validates every issue before the editorial rules run.",
            False,
        )
    ]
    rules.append(
        _sarif_rule(
            SUPPRESSION,
            "A suppression comment names a rule that does not exist.",
            "A '# briefout: ignore[code]' comment silences nothing when the code is misspelt.",
            False,
        )
    )
    rules += [_sarif_rule(r.code, r.summary, r.help, r.fixable) for r in run.rules]
    index = {str(rule["id"]): number for number, rule in enumerate(rules)}
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "briefout",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_sarif_result(f, index) for f in run.reported()],
            }
        ],
    }
    return indented_json(log)


# ------------------------------------------------------------------------ rdjsonl


def _byte_columns(run: CheckRun) -> Callable[[str, int, int], int]:
    """A function (file, line, column in characters) -> column in UTF-8 bytes."""
    lines: dict[str, list[str]] = {}

    def convert(file: str, line: int, column: int) -> int:
        if file not in lines:
            lines[file] = run.texts.get(file, "").split("\n")
        text = lines[file][line - 1] if 0 < line <= len(lines[file]) else ""
        return len(text[: column - 1].encode("utf-8")) + 1

    return convert


def rdjsonl_report(run: CheckRun) -> str:
    """One reviewdog diagnostic per line, with suggestions for fixable findings."""
    column = _byte_columns(run)

    def position(file: str, line: int, col: int) -> dict[str, int]:
        return {"line": line, "column": column(file, line, col)}

    out = []
    for f in run.reported():
        diagnostic: dict[str, object] = {
            "message": f.message + (f"; {f.hint}" if f.hint else ""),
            "location": {
                "path": f.file,
                "range": {
                    "start": position(f.file, f.line, f.column),
                    "end": position(f.file, f.end_line, f.end_column),
                },
            },
            "severity": "ERROR" if f.severity == "error" else "WARNING",
            "source": {"name": "briefout"},
            "code": {"value": f.rule},
        }
        if f.fix is not None:
            diagnostic["suggestions"] = [
                {
                    "range": {
                        "start": position(f.file, e.line, e.column),
                        "end": position(f.file, e.end_line, e.end_column),
                    },
                    "text": e.text,
                }
                for e in f.fix.edits
            ]
        out.append(json.dumps(diagnostic, ensure_ascii=False))
    return "\n".join(out)


def step_summary_file() -> str | None:
    """Where GitHub Actions collects the job summary, when running there."""
    return os.environ.get("GITHUB_STEP_SUMMARY") or None


RULE_FORMATS = ("text", "json", "github", "sarif", "rdjsonl")


def describe(rule: Rule) -> str:
    """One line about a rule for listings."""
    return f"{rule.code}: {rule.summary}" + (" (fixable)" if rule.fixable else "")
