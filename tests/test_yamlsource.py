"""The YAML reader's own contract: positions, limits at their edge, the characters YAML allows."""

from __future__ import annotations

import pytest

from briefout.errors import Problem, UserError
from briefout.yamlsource import (
    MAX_DEPTH,
    MAX_NODES,
    Located,
    Position,
    _unreadable_characters,
    dotted,
    parse_yaml,
)


def _refused(text: str) -> list[str]:
    with pytest.raises(UserError) as caught:
        parse_yaml(text, "t.yaml")
    # no message of its own: `briefout send` would print it as an extra 'error:' line
    assert caught.value.message == ""
    assert all(isinstance(problem.path, str) for problem in caught.value.problems)
    return str(caught.value).splitlines()


def test_every_value_and_key_has_its_position_style_and_last_line() -> None:
    text = "a: plain\nb: 'single'\nc: \"double\"\nd: |\n  one\n  two\ne: >\n  folded\nf:\n  - 7\n"
    located = parse_yaml(text, "t.yaml")
    assert located.data == {
        "a": "plain",
        "b": "single",
        "c": "double",
        "d": "one\ntwo\n",
        "e": "folded\n",
        "f": [7],
    }
    assert located.values == {
        (): Position(1, 1, "", None, 11),
        ("a",): Position(1, 4, "", None, 1),
        ("b",): Position(2, 4, "'", None, 2),
        ("c",): Position(3, 4, '"', None, 3),
        ("d",): Position(4, 4, "|", None, 7),
        ("e",): Position(7, 4, ">", None, 9),
        ("f",): Position(10, 3, "", None, 11),
        ("f", 0): Position(10, 5, "", None, 10),
    }
    assert located.keys == {
        (k,): Position(line, 1, "", None, 0)
        for k, line in zip("abcdef", (1, 2, 3, 4, 7, 9), strict=True)
    }
    assert (located.file, located.text, located.problems) == ("t.yaml", text, [])


def test_dates_and_yes_no_stay_text_true_false_null_and_numbers_do_not() -> None:
    text = "a: 2026-01-09\nb: yes\nc: off\nd: true\ne: FALSE\nf: ~\ng: 0x10\nh: 1.5\ni: 'true'\n"
    assert parse_yaml(text, "t.yaml").data == {
        "a": "2026-01-09",
        "b": "yes",
        "c": "off",
        "d": True,
        "e": False,
        "f": None,
        "g": 16,
        "h": 1.5,
        "i": "true",
    }


def test_duplicate_keys_are_collected_not_raised_and_the_first_value_is_kept() -> None:
    located = parse_yaml("a: 1\nb:\n  c: 2\n  c: 3\na: 4\n", "t.yaml")
    assert located.data == {"a": 1, "b": {"c": 2}}
    assert [str(p) for p in located.problems] == [
        "t.yaml:4:3: b.c: the key 'c' appears twice in this mapping (first on line 3); "
        "keep one of them; YAML would silently drop the first",
        "t.yaml:5:1: a: the key 'a' appears twice in this mapping (first on line 1); "
        "keep one of them; YAML would silently drop the first",
    ]


def test_numbers_as_keys_are_text_keys() -> None:
    assert parse_yaml("1: a\n2.5: b\n", "t.yaml").data == {"1": "a", "2.5": "b"}


@pytest.mark.parametrize(
    "allowed", ["\t", " ", "~", "\x85", "\xa0", "\ud7ff", "\ue000", "\ufffd", "\U00010000"]
)
def test_characters_yaml_allows(allowed: str) -> None:
    assert parse_yaml(f'a: "x{allowed}"\n', "t.yaml").data["a"].startswith("x")


@pytest.mark.parametrize(
    "refused",
    [*"\x00\x08\x0b\x0c\x0e\x1f\x7f\x80\x84\x86\x9f\ufffe\uffff"],
)
def test_characters_yaml_refuses_each_at_its_column(refused: str) -> None:
    assert _refused(f"a: b\nc: 'x{refused}'\n") == [
        f"t.yaml:2:6: the file contains a character that is not allowed "
        f"(U+{ord(refused):04X}); delete it; it is usually invisible, pasted from another "
        "program"
    ]


def test_a_refused_character_after_a_leading_blank_line() -> None:
    assert _refused("\nx\x00\n") == [
        "t.yaml:2:2: the file contains a character that is not allowed (U+0000); delete it; "
        "it is usually invisible, pasted from another program"
    ]


def test_a_refusal_without_a_refused_character_still_says_so() -> None:
    """The reader and our character class agree; should they ever not, the user still
    gets a plain message at the start of the file rather than an internal error."""
    error = _unreadable_characters("a: b\n", "t.yaml")
    assert error.problems == [Problem("t.yaml", 1, 1, "", "the file contains a control character")]


def test_nesting_is_bounded_at_exactly_max_depth() -> None:
    assert MAX_DEPTH == 64
    deepest = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)  # the mapping is level 1
    assert parse_yaml(f"a: {deepest}\n", "t.yaml").data["a"]
    assert _refused("x:\n  y: " + "[" * 63 + "]" * 63 + "\n") == [  # 1 + 1 + 63 levels
        "t.yaml:2:68: lists and mappings are nested more than 64 levels deep here; an issue "
        "needs only a few levels; check the brackets and indentation"
    ]


def test_closed_lists_do_not_count_towards_the_depth() -> None:
    siblings = ", ".join(["[[x]]"] * (MAX_DEPTH + 5))
    assert len(parse_yaml(f"a: [{siblings}]\n", "t.yaml").data["a"]) == MAX_DEPTH + 5
    # ... and a closed list takes away exactly its own level: 1 + 1 + 63 is one too many
    assert _refused("x: [[], " + "[" * 63 + "]" * 64 + "\n") == [
        "t.yaml:1:71: lists and mappings are nested more than 64 levels deep here; an issue "
        "needs only a few levels; check the brackets and indentation"
    ]


def test_values_are_bounded_at_exactly_max_nodes() -> None:
    assert MAX_NODES == 20_000
    # the mapping, the list and its entries
    fits = parse_yaml("a: [" + ", ".join(["x"] * (MAX_NODES - 2)) + "]\n", "t.yaml")
    assert len(fits.data["a"]) == MAX_NODES - 2
    one_more = "a: [" + ", ".join(["x"] * (MAX_NODES - 1)) + "]\n"
    column = 5 + 3 * (MAX_NODES - 2)  # the last x: 'a: [' then 'x, ' per entry
    assert _refused(one_more) == [
        f"t.yaml:1:{column}: a[{MAX_NODES - 2}]: the file expands to more than 20000 values "
        "through aliases (*name); write the content out instead of repeating anchors"
    ]


def test_an_anchor_used_twice_is_not_a_cycle() -> None:
    located = parse_yaml("a: &x [1, {b: 2}]\nc: *x\nd: [*x, *x]\n", "t.yaml")
    assert located.data["d"] == [[1, {"b": 2}], [1, {"b": 2}]]
    assert located.values[("c", 1, "b")] == Position(1, 15, "", None, 1)


def test_a_mapping_anchor_used_inside_itself() -> None:
    assert _refused("a:\n  b: &x {c: [*x]}\n") == [
        "t.yaml:2:6: a.b.c[0]: the anchor here is used inside itself (*name within &name), "
        "which would repeat forever; write the content out instead"
    ]


@pytest.mark.parametrize(
    ("path", "spelt"),
    [
        ((), ""),
        (("title",), "title"),
        (("sections", 0, "items", 2, "en"), "sections[0].items[2].en"),
        ((0, "a", 1), "[0].a[1]"),
    ],
)
def test_dotted(path: tuple[str | int, ...], spelt: str) -> None:
    assert dotted(path) == spelt


def _located() -> Located:
    return Located(
        {"a": {"b": [1]}},
        "main.yaml",
        "",
        values={(): Position(1, 1), ("a",): Position(2, 3), ("a", "b"): Position(3, 5, file="o")},
        keys={("a",): Position(2, 1)},
    )


def test_position_falls_back_to_the_nearest_parent_and_keys_have_their_own() -> None:
    located = _located()
    assert located.position(("a", "b", 0)) == Position(3, 5, file="o")
    assert located.position(("a", "zz")) == Position(2, 3)
    assert located.position(("a",)) == Position(2, 3, "", None, 0)
    assert located.position(("a",), key=True) == Position(2, 1)
    assert located.position(("a", "b"), key=True) == Position(3, 5, file="o")
    assert Located(None, "f", "").position(("x",)) == Position(1, 1, "", None, 0)


def test_a_path_not_in_the_file_is_where_the_file_s_mapping_starts() -> None:
    located = parse_yaml("# a comment\n\na: 1\n", "t.yaml")
    assert located.position(("b", "c")) == Position(3, 1, "", None, 4)


def test_a_problem_is_in_the_file_its_value_came_from() -> None:
    located = _located()
    assert str(located.problem(("a", "b", 0), "bad", "fix")) == "o:3:5: a.b[0]: bad; fix"
    assert located.problem(("a",), "bad").severity == "error"
    assert located.problem(("a",), "bad", key=True, severity="warning") == Problem(
        "main.yaml", 2, 1, "a", "bad", "", "warning"
    )
    assert located.value(("a", "b", 0)) == 1 and located.value(()) == located.data


@pytest.mark.parametrize(
    ("text", "number", "expected"),
    [
        # a literal block keeps its lines: text line 3 is file line 5, first non-blank column
        ("a: |\n  one\n\n    two\n  three\n", 3, (5, 3)),
        ("a: |\n  one\n", 0, (2, 3)),
        ("a: |\n  one\n\n  two\n", 1, (3, 1)),  # a blank line of a literal block is its own
        # past the end of the file: the value itself
        ("a: |\n  one\n", 5, (1, 4)),
        # folded: only the first line is known by counting
        ("a: >\n  one\n\n  two\n", 0, (2, 3)),
        ("a: >\n  one\n\n  two\n", 1, (4, 3)),
        # plain text over several lines: found among the value's own lines
        ("a: one\n  two\nb: two\n", 1, (1, 4)),  # one text line: 'one two'
        ("a: one\n\n  two\n", 1, (3, 3)),
        ("a: one\n\n  two three\n  four\n", 1, (3, 3)),
        # in quotes, the file line differs from the text after 20 characters
        ('a: "one\n\n  abcdefghijklmnopqrstuvwxyz \\t end"\n', 1, (3, 3)),
        ('a: "one\n\n  abcdefghijklmnopqrst\\x41 end"\n', 1, (3, 3)),
        ("a: one\n", 0, (1, 4)),
        # an escaped line break in double quotes: the next text line is the next file line
        ('a: "one\\n\n  two"\n', 1, (2, 3)),
        ("a: one\n", 1, (1, 4)),
        # a line that is not in the file as written (an escape) falls back to the value
        ('a: "one\\ntwo"\n', 1, (1, 4)),
    ],
)
def test_text_position(text: str, number: int, expected: tuple[int, int]) -> None:
    located = parse_yaml(text, "t.yaml")
    position = located.text_position(("a",), number)
    assert (position.line, position.column) == expected
    assert position.style == located.values[("a",)].style


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: !include [x]\n", "t.yaml:1:4: a: the tag '!include' is not supported"),
        ("a:\n  - !!set {x, y}\n", "t.yaml:2:5: a[0]: the tag '!!set' is not supported"),
        ("a: !!omap [{x: 1}]\n", "t.yaml:1:4: a: the tag '!!omap' is not supported"),
        ("a: !!str [x]\n", "t.yaml:1:4: a: the tag '!!str' is not supported"),
    ],
)
def test_a_tag_on_a_list_or_mapping_is_refused_not_ignored(text: str, expected: str) -> None:
    assert _refused(text) == [expected + "; remove the tag; write plain text"]


def test_the_standard_list_and_mapping_tags_are_fine() -> None:
    assert parse_yaml("a: !!map {b: !!seq [c]}\n", "t.yaml").data == {"a": {"b": ["c"]}}


def test_a_text_line_in_a_value_from_another_file_is_in_that_file() -> None:
    located = Located(
        {"a": "one\ntwo\n"},
        "main.yaml",
        "a: |\n  one\n  two\n",
        {("a",): Position(1, 4, "|", "o", 4)},
    )
    assert located.text_position(("a",), 1) == Position(3, 3, "|", "o", 0)


def test_without_libyaml_the_pure_python_messages_get_the_same_hints(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """PyYAML without its C part words some faults differently; the hints still match."""
    import yaml

    from briefout import yamlsource

    pure = type("Pure", (yaml.SafeLoader,), {})
    pure.yaml_implicit_resolvers = yamlsource._Loader.yaml_implicit_resolvers
    monkeypatch.setattr(yamlsource, "_Loader", pure)
    assert _refused("a:\n\t- b\n") == [
        "t.yaml:2:1: YAML syntax error: found character '\\t' that cannot start any token; "
        "indent with spaces, not tabs"
    ]
    assert _refused("- a\nb: 1\n") == [
        "t.yaml:2:1: YAML syntax error: expected <block end>, but found '?'; check the "
        "indentation: entries of one list or mapping must line up"
    ]
    assert parse_yaml("a: 2026-01-09\nb: yes\nc: [1]\n", "t.yaml").data == {
        "a": "2026-01-09",
        "b": "yes",
        "c": [1],
    }
