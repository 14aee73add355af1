"""Fast paths of `check` give exactly what the plain ways give (output bytes depend on it).

- YAML: a file that is surely shallow is composed without counting events first; its
  data, positions and every error are those of the careful way.
- en-date-style: the month regexes that skip ahead to a month's first letter match
  exactly what ``\\b(Jan|...)`` matches.
- JSON reports: ``indented_json`` writes the text ``json.dumps(indent=2)`` writes.
- Value offsets: a value written as it is maps as the per-character walk maps it.
- duplicate-item: body shingles are the sampled five-word runs.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefout import yamlsource
from briefout.errors import UserError
from briefout.rules.builtin import english
from briefout.yamlsource import MAX_DEPTH, parse_yaml

# ------------------------------------------------------------------------------- YAML

_LEADS = ["", " ", "  ", "    ", "- ", "-", "? ", ": ", "\t", "-\t", "\ufeff", "--- "]
_CONTENT = [
    "a: b",
    "a:",
    "k: v",
    "x",
    "[a, [b]]",
    "[a: b, [c: [d]]]",
    "{a: {b: c}}",
    "[",
    "]",
    "{",
    "&x a: b",
    "&y [1, 2]",
    "*x",
    "k: *y",
    "!!str 5",
    "!!binary x",
    "!!python/name:os.system",
    "<<: *x",
    "'it''s'",
    '"a\\tb"',
    '"bad \\q"',
    "|",
    "  text",
    "yes",
    "2025-01-01",
    "a: b: c",
    "#c",
    "---",
    "...",
    "\x07",
]
_BREAKS = ["\n", "\r\n", "\r", "\x85", "\u2028"]


def _document(draw: st.DrawFn) -> str:
    lines = draw(
        st.lists(
            st.tuples(
                st.lists(st.sampled_from(_LEADS), max_size=6),
                st.sampled_from(_CONTENT),
                st.sampled_from(_BREAKS),
            ),
            min_size=1,
            max_size=14,
        )
    )
    return "".join("".join(lead) + content + end for lead, content, end in lines)


documents = st.composite(_document)()


def _outcome(text: str) -> object:
    try:
        located = parse_yaml(text, "t.yaml")
    except UserError as exc:
        return ("error", str(exc), exc.problems)
    return (located.data, located.values, located.keys, located.problems)


def _careful(text: str, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as patched:
        patched.setattr(yamlsource, "_surely_shallow", lambda text: False)
        return _outcome(text)


def _event_depth(text: str) -> int:
    deepest = depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
            deepest = max(deepest, depth)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1
    return deepest


def _nesting_bound(text: str) -> int:
    """The bound `_surely_shallow` relies on, with each line's lead measured exactly."""
    leads = re.findall(f"(?:^|[\n\r\x85\u2028\u2029])([{yamlsource._LEAD}]*)", text)
    return 2 * (max(map(len, leads)) + 1) + 1 + 2 * text.count("[") + text.count("{")


DEEP = [
    "- " * 70 + "a\n",
    "a:\n" + "".join("  " * n + f"k{n}:\n" for n in range(1, 70)) + "  " * 70 + "v\n",
    "v: " + "[" * 65 + "]" * 65 + "\n",
    "v: " + "[a: " * 40 + "b" + "]" * 40 + "\n",
    "v: &a [[[x]]]\nw: " + "[" * 30 + "*a" + "]" * 30 + "\n",
    "- " * 30 + "[" * 10 + "]" * 10 + "\n",
]


@pytest.mark.parametrize("text", DEEP)
def test_deep_files_are_reported_as_the_careful_way_reports_them(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _outcome(text) == _careful(text, monkeypatch)


@given(documents)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example("a:\n  b:\n    - c\n    - [d, {e: f}]\n")
@example("*x\n&x a: b\n[\n")  # an undefined alias before a syntax error: the careful order
def test_a_surely_shallow_file_parses_as_the_careful_way_parses_it(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _outcome(text) == _careful(text, monkeypatch)


@given(documents)
@settings(max_examples=400, deadline=None)
def test_the_shallow_bound_holds(text: str) -> None:
    try:
        depth = _event_depth(text)
    except yaml.YAMLError:
        return
    assert depth <= _nesting_bound(text)
    if yamlsource._surely_shallow(text):
        assert _nesting_bound(text) <= MAX_DEPTH


@pytest.mark.parametrize("text", [*DEEP, "- " * 64 + "a\n", "v: &a [[[x]]]\nw: [[*a]]\n"])
def test_the_composed_depth_is_counted_as_events_count_it(text: str) -> None:
    """The second guard, after composing: an alias adds no level."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    assert yamlsource._deeper_than_allowed(root) == (_event_depth(text) > MAX_DEPTH)


def test_the_shallow_bound_holds_for_deep_files() -> None:
    for text in DEEP:
        assert _event_depth(text) <= _nesting_bound(text)
        assert not yamlsource._surely_shallow(text) or _event_depth(text) <= MAX_DEPTH


# ---------------------------------------------------------------------- date regexes

_OLD_ABBREVIATED = re.compile(
    r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)(\.?)( *)(\d{1,2})(?!\d)"
)
_OLD_SPELLED = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December)( *)(\d{1,2})(?!\d)"
)
_PIECES = ["Jan", "Sept", "Sep", "September", "May", "Dec", "June", ".", " ", "0", "4", "12"]
_PIECES += ["123", "x", "_", "é", "年", "\n", "(", "Ja", "t", "a"]


@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
@settings(max_examples=1000, deadline=None)
@example("Sept 5, Jan.04 xJan 3 _Dec 9 éMay 1 年Jan 2 (Jan 1)")
def test_month_regexes_match_what_word_boundary_regexes_match(text: str) -> None:
    for old, new in (
        (_OLD_ABBREVIATED, english._ABBREVIATED),
        (_OLD_SPELLED, english._SPELLED),
    ):
        expected = [(m.span(), m.groups()) for m in old.finditer(text)]
        assert [(m.span(), m.groups()) for m in new.finditer(text)] == expected


# --------------------------------------------------------------------------- JSON


class _Text(str):
    """A str subclass (json writes it like a str)."""


class _Number(int):
    """An int subclass (json writes it like an int)."""


_leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()
    | st.text().map(_Text)
    | st.integers().map(_Number)
)
_keys = st.text(max_size=5) | st.integers() | st.booleans() | st.none() | st.floats()
_values = st.recursive(
    _leaves,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(_keys, inner, max_size=4)
    ),
    max_leaves=30,
)


@given(_values)
@settings(max_examples=300, deadline=None)
@example({"problems": [], "count": 0, "summary": {"issues": 1}})
@example([{"fix": None, "edits": [{"text": 'é\n"\\'}]}, {}, [], ()])
def test_indented_json_writes_what_json_writes(value: object) -> None:
    from briefout.rules.formats import indented_json

    assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2)


# ------------------------------------------------------------------ value offsets

_SCALARS = st.sampled_from(
    [
        *("plain text", "a 'q' b", "it's", "'it''s'", "'a \\ b'", '"a \\" b"', '"é \\t x"'),
        *('"p"', "''", '""', "x # c", "Jan.04 年", "|\n  line\n  two", ">\n  folded\n  text"),
        "a\n  b",
    ]
)


@given(st.lists(_SCALARS, min_size=1, max_size=6))
@settings(max_examples=300, deadline=None)
def test_a_value_written_as_is_maps_as_the_walk_maps_it(values: list[str]) -> None:
    from briefout.rules import source as source_module
    from briefout.rules.source import SourceText

    text = "".join(f"k{n}: {value}\n" for n, value in enumerate(values))
    try:
        located = parse_yaml(text, "t.yaml")
    except UserError:
        return
    fast = SourceText(located)
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(source_module, "_written_as_is", lambda *args: None)
        walked = SourceText(located)
        expected = {path: walked.offsets(path) for path in located.values}
    for path, offsets in expected.items():
        got = fast.offsets(path)
        assert (None if got is None else list(got)) == (
            None if offsets is None else list(offsets)
        ), path


# ------------------------------------------------------------------- body shingles


@given(st.lists(st.sampled_from(["a", "b", "the", "body", "年", "x1", "z", "q"]), max_size=40))
@settings(max_examples=300, deadline=None)
def test_shingles_are_the_sampled_five_word_runs(words: list[str]) -> None:
    from briefout.rules.builtin import duplicates

    ids = duplicates._WordIds()
    numbers = [ids[word] for word in words]
    expected = {
        hash(tuple(numbers[start : start + 5]))
        for start, number in enumerate(numbers)
        if number % 4 == 0 and start <= len(numbers) - 5
    }
    assert duplicates._shingles(words, ids) == expected
