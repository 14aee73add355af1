"""Issue 11: random Unicode, control characters and markup in every field of a valid issue.

Whatever goes in, ``render`` ends with exit 0 and valid outputs, or exit 2 with every
problem at FILE:LINE:COL and no file written: never exit 1, never a partial output,
never more than 10 s.  Hypothesis runs a fixed, derandomised set of examples, so the
test is reproducible and its cost bounded; the loader alone gets many more examples
(mutated files) than the full render, which runs in process.
"""

from __future__ import annotations

import re
import string
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from briefout.cli import app
from briefout.errors import UserError
from briefout.loader import load_issue_bytes
from briefout.safety import FORBIDDEN

from conftest import MINIMAL_SAMPLE

MARKUP = [
    "**", "*", "_", "`", "[x](https://example.org/a)", "[x](ms-msdt:a)", "[x](//host)",
    "<https://a.example>", "<b>", "</p>", "<!-- c -->", "![i](https://x.example/i.png)",
    "[^1]", "[^1]: note", "# ", "\n===\n", "\n---\n", "\n- ", "\n  - ", "\n1. ", "\n> ",
    "\n    code", "\n```\n", "| a | b |\n|---|---|\n| 1 | 2 |", "\\", "\\\n", "{{ title }}",
    "{outlet}", "{%", "&r", "*r", "%", "&amp;", "\u202e", "\u200b", "\ufeff", "\u0645\u0631",
    "\t", "\r", "\r\n", "\x85", "\u2028", "\u2029", "\x00", "\x07", "\x0b", "\x0c", "\x1b",
    "\x7f", "\x9b", "\ufffe", "\uffff", "\ud800", "〓", "●", "国" * 30, "x" * 300,
]  # fmt: skip
ANY_CHAR = st.characters(codec=None, exclude_categories=())
FUZZ_TEXT = st.lists(
    st.one_of(st.sampled_from(MARKUP), st.text(ANY_CHAR, min_size=1, max_size=8)),
    min_size=0,
    max_size=6,
).map("".join)
#: What an editor may well paste: any assigned, non-control character and harmless markup.
PRINTABLE_TEXT = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "**",
                "[x](https://example.org/a)",
                "\\",
                "{{ title }}",
                "{outlet}",
                "%",
                "&amp;",
                "\t",
                "\u2028",
                "\u202e",
                "\u200b",
                "国" * 40,
                "x" * 120,
            ]
        ),
        st.text(
            st.characters(exclude_categories=("Cc", "Cs", "Cn", "Co")).filter(
                lambda ch: unicodedata.bidirectional(ch) not in ("R", "AL")  # the PDF refuses
            ),
            max_size=12,
        ),
    ),
    max_size=5,
).map("".join)
FIELDS = ("title", "subtitle", "issuer", "section", "ja", "en", "body", "outlet", "url")
FIELDS += ("label", "part")

POSITIONED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): \S", re.MULTILINE)
runner = CliRunner()


def issue_yaml(values: dict[str, str]) -> bytes:
    """A valid issue with each field's text prefixed by the fuzz value (as YAML)."""
    data = {
        "briefout": 1,
        "title": values["title"] + "Title",
        "subtitle": values["subtitle"] + "Sub",
        "period": "2026-01-10..2026-01-23",
        "issuer": values["issuer"] + "Embassy",
        "sections": [
            {
                "title": values["section"] + "軍事",
                "items": [
                    {
                        "ja": values["ja"] + "見出し",
                        "en": values["en"] + "Headline",
                        "body": "Body " + values["body"] + " text.",
                        "source": {
                            "outlet": values["outlet"] + "Apa",
                            "date": "2026-01-07",
                            "url": "https://apa.az/" + values["url"],
                        },
                        "parts": [{"label": values["label"] + ":", "body": values["part"] + "x"}],
                    }
                ],
            }
        ],
    }
    return yaml.safe_dump(data, allow_unicode=True, width=60).encode("utf-8")


def assert_valid_outputs(folder: Path) -> None:
    """Each output is complete: text is clean UTF-8, DOCX a whole zip, PDF ends, HTML closes."""
    text = (folder / "issue.txt").read_text(encoding="utf-8")
    assert not FORBIDDEN.search(text)
    with zipfile.ZipFile(folder / "issue.docx") as package:
        assert package.testzip() is None
        from lxml import etree

        etree.fromstring(package.read("word/document.xml"))
    pdf = (folder / "issue.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    html = (folder / "issue.html").read_text(encoding="utf-8")
    assert html.rstrip().endswith("</html>") and not FORBIDDEN.search(html)


RENDER_SETTINGS = settings(
    max_examples=6,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@RENDER_SETTINGS
@given(
    st.fixed_dictionaries(
        {name: PRINTABLE_TEXT for name in FIELDS}
        | {"url": st.text(string.ascii_letters + string.digits + "/-_.~%", max_size=12)}
    )
)
def test_render_printable_field_content(values: dict[str, str]) -> None:
    assert render_outcome(values) in (0, 2)


@RENDER_SETTINGS
@given(st.fixed_dictionaries({name: FUZZ_TEXT for name in FIELDS}))
def test_render_any_field_content(values: dict[str, str]) -> None:
    assert render_outcome(values) in (0, 2)


def render_outcome(values: dict[str, str]) -> int:
    """Render every format from the fuzzed issue; check what exit 0 or exit 2 must mean."""
    import tempfile

    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "issue.yaml"
        source.write_bytes(issue_yaml(values))
        out = Path(work) / "out"
        started = time.perf_counter()
        result = runner.invoke(
            app, ["render", str(source), "--to", "text,docx,pdf,email", "-o", str(out)]
        )
        elapsed = time.perf_counter() - started
        assert elapsed < 10, f"{elapsed:.1f} s"
        assert result.exit_code in (0, 2), (result.exit_code, result.stderr, values)
        if result.exit_code == 0:
            assert_valid_outputs(out)
            return 0
        errors = [line for line in result.stderr.splitlines() if not line.startswith("warning")]
        assert errors, result.stderr
        for line in errors:
            match = POSITIONED.match(line)
            assert match and match["file"] == str(source), line
            assert int(match["line"]) >= 1 and int(match["col"]) >= 1
        assert not FORBIDDEN.search(result.stderr)
        assert not out.exists() or not any(out.iterdir())  # nothing written, not even a part
        return 2


SNIPPETS = st.one_of(st.sampled_from(MARKUP), st.text(ANY_CHAR, min_size=1, max_size=4))


@settings(max_examples=200, derandomize=True, deadline=None, database=None)
@given(st.lists(st.tuples(st.floats(0, 1), SNIPPETS), min_size=1, max_size=4))
def test_load_any_mutated_file(mutations: list[tuple[float, str]]) -> None:
    """Random text inserted anywhere in a valid file (keys, indentation, quotes included)."""
    text = MINIMAL_SAMPLE.read_text(encoding="utf-8")
    for where, snippet in mutations:
        cut = int(where * len(text))
        text = text[:cut] + snippet + text[cut:]
    raw = text.encode("utf-8", "surrogatepass")
    try:
        load_issue_bytes(raw, "issue.yaml")
    except UserError as exc:
        assert exc.problems, exc.message
        for problem in exc.problems:
            assert problem.file == "issue.yaml" and problem.line >= 1 and problem.column >= 1
            assert not FORBIDDEN.search(str(problem)), str(problem)


@pytest.mark.parametrize("value", ["\x00", "\x1b[31m", "\ud800", "\U0010ffff"])
def test_every_field_with_one_refused_character(value: str) -> None:
    """The deterministic corner of the fuzz: each field alone, each kind of refused character."""
    for name in FIELDS:
        values = dict.fromkeys(FIELDS, "")
        values[name] = value
        with pytest.raises(UserError) as caught:
            load_issue_bytes(issue_yaml(values), "issue.yaml")
        assert all(p.line >= 1 and p.column >= 1 for p in caught.value.problems)
