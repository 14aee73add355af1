"""Validation explains every kind of pydantic error in plain words, at the value's position.

A small model of its own (numbers with bounds, true/false, a choice, patterns, a date, a
list, a nested mapping) stands for the style, project and distribution files that use the
same explainer; each expected line was written by hand.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from briefout.errors import UserError
from briefout.validation import validate, validate_value
from briefout.yamlsource import parse_yaml


class Inner(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="What it is called.")
    size: float = Field(default=1, gt=0.5, le=4)


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    count: int = Field(default=3, ge=2)
    small: int = Field(default=0, lt=10)
    big: int = Field(default=0, le=1_000_000)
    flag: bool = False
    day: dt.date | None = None
    stamp: dt.datetime | None = None
    align: Literal["left", "right"] = "left"
    colour: str = Field(default="#000000", pattern=r"^#[0-9A-Fa-f]{6}$")
    code: str = Field(default="AB", pattern=r"^[A-Z]{2}$")
    short: str = Field(default="a", max_length=3)
    label: str = Field(default="x", min_length=1)
    initials: str = Field(default="abc", min_length=3)
    either: int | float = 0
    words: list[str] = Field(default=["a"], min_length=1)
    inner: Inner | None = None
    inners: tuple[Inner, ...] = ()
    table: dict[str, int] = {}
    named: dict[str, Inner] | None = None
    odd: int = 1

    @field_validator("odd")
    @classmethod
    def _odd(cls, value: int) -> int:
        if value % 2 == 0:
            raise ValueError(f"{value} is even; write an odd number")
        if value < 0:
            raise ValueError("it is negative")
        return value

    @model_validator(mode="after")
    def _small_below_count(self) -> Settings:
        if self.small > self.count + 5:
            raise ValueError("small is far above count; lower small")
        return self


A_DATE = "write a real date as YYYY-MM-DD, e.g. 2026-01-09"
NOT_MAPPING = "this must be a mapping of keys, found"


def _problems(text: str) -> list[str]:
    with pytest.raises(UserError) as caught:
        validate(Settings, parse_yaml(text, "s.yaml"))
    return str(caught.value).splitlines()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("count: 1\n", "s.yaml:1:8: count: 1 is too small; use a number at least 2"),
        ("count: true\n", "s.yaml:1:8: count: true is too small; use a number at least 2"),
        ("small: 10\n", "s.yaml:1:8: small: 10 is too large; use a number less than 10"),
        ("count: false\n", "s.yaml:1:8: count: false is too small; use a number at least 2"),
        (
            "big: 2000000\n",
            "s.yaml:1:6: big: 2000000 is too large; use a number at most 1000000",
        ),
        ("initials: ab\n", "s.yaml:1:11: initials: 'ab' is too short; write at least 3 characters"),
        ("initials: ''\n", "s.yaml:1:11: initials: is empty; write the text after the colon"),
        ("# settings\nsmall: 9\n", "s.yaml:2:1: small is far above count; lower small"),
        (
            "inner: {name: a, size: 0.5}\n",
            "s.yaml:1:24: inner.size: 0.5 is too small; use a number greater than 0.5",
        ),
        (
            "inner: {name: a, size: 5}\n",
            "s.yaml:1:24: inner.size: 5 is too large; use a number at most 4",
        ),
        (
            "count: 2.5\n",
            "s.yaml:1:8: count: expected a whole number, found 2.5; write digits only, without "
            "a decimal point",
        ),
        ("count: abc\n", "s.yaml:1:8: count: expected a number, found 'abc'; write digits only"),
        ("count:\n", "s.yaml:1:7: count: expected a number, found nothing; write digits only"),
        ("count: [1]\n", "s.yaml:1:8: count: expected a number, found a list; write digits only"),
        (
            "inner: {name: a, size: x}\n",
            "s.yaml:1:24: inner.size: expected a number, found 'x'; write digits only",
        ),
        (
            "inner: {name: a, size: {}}\n",
            "s.yaml:1:24: inner.size: expected a number, found a mapping; write digits only",
        ),
        (
            "flag: maybe\n",
            "s.yaml:1:7: flag: expected true or false, found 'maybe'; write true or false",
        ),
        ("flag: 5\n", "s.yaml:1:7: flag: expected true or false, found 5; write true or false"),
        (
            "flag: [x]\n",
            "s.yaml:1:7: flag: expected true or false, found a list; write true or false",
        ),
        (
            "day: 2026-02-30\n",
            f"s.yaml:1:6: day: '2026-02-30' is not a valid date; {A_DATE}",
        ),
        (
            "day: 5\n",
            f"s.yaml:1:6: day: '5' is not a valid date; {A_DATE}",
        ),
        (
            "stamp: 2026-01-01T25:00\n",
            f"s.yaml:1:8: stamp: '2026-01-01T25:00' is not a valid date; {A_DATE}",
        ),
        (
            "align: middle\n",
            "s.yaml:1:8: align: 'middle' is not allowed here; use one of 'left' or 'right'",
        ),
        (
            "colour: red\n",
            "s.yaml:1:9: colour: 'red' is not a colour; write it as #RRGGBB, e.g. #1F3864",
        ),
        (
            "code: abc\n",
            "s.yaml:1:7: code: 'abc' does not have the expected form; it must match ^[A-Z]{2}$",
        ),
        (
            "short: abcd\n",
            "s.yaml:1:8: short: String should have at most 3 characters; correct the value",
        ),
        ("label: ''\n", "s.yaml:1:8: label: is empty; write the text after the colon"),
        ("label: 5\n", "s.yaml:1:8: label: expected text, found a number; put the value in quotes"),
        ("either: x\n", "s.yaml:1:9: either: expected a number, found 'x'; write digits only"),
        (
            "words: x\n",
            "s.yaml:1:8: words: expected a list, found text; start each entry with '- '",
        ),
        (
            "words: []\n",
            "s.yaml:1:8: words: the list is empty; add at least one entry, each starting with '- '",
        ),
        (
            "inners: {name: a}\n",
            "s.yaml:1:9: inners: expected a list, found a mapping; start each entry with '- '",
        ),
        (
            "inner: [a]\n",
            "s.yaml:1:8: inner: expected a mapping of keys, found a list; write 'key: value' lines",
        ),
        (
            "table: x\n",
            "s.yaml:1:8: table: expected a mapping of keys, found text; write 'key: value' lines",
        ),
        (
            "inner: {size: 2}\n",
            "s.yaml:1:8: inner: 'name' is missing; add 'name:' (What it is called.)",
        ),
        (
            "inners:\n  - {nam: a}\n",
            "s.yaml:2:6: inners[0].nam: unknown key 'nam'; did you mean 'name'?",
        ),
        (
            "inner: {name: a, colour: red}\n",
            "s.yaml:1:18: inner.colour: unknown key 'colour'; remove it; allowed here: name, size",
        ),
        ("odd: 2\n", "s.yaml:1:6: odd: 2 is even; write an odd number"),
        ("odd: -1\n", "s.yaml:1:6: odd: it is negative; correct the value"),
    ],
)
def test_each_error_in_plain_words(text: str, expected: str) -> None:
    assert _problems(text) == [expected]


def test_every_problem_at_once_and_in_line_order_with_the_count() -> None:
    text = "words: []\ncount: 1\nflag: maybe\n"
    with pytest.raises(UserError) as caught:
        validate(Settings, parse_yaml(text, "s.yaml"))
    assert caught.value.message == "s.yaml: 3 problem(s)"
    assert [(p.line, p.path) for p in caught.value.problems] == [
        (1, "words"),
        (2, "count"),
        (3, "flag"),
    ]


def test_a_list_whose_entries_failed_is_not_also_called_too_short() -> None:
    assert _problems("inners: [5]\n") == [
        "s.yaml:1:10: inners[0]: expected a mapping of keys, found a number; write "
        "'key: value' lines"
    ]


def test_a_part_of_a_file_is_validated_where_it_stands() -> None:
    located = parse_yaml("top: 1\nwriters:\n  x:\n    count: 1\n    count: 5\n", "s.yaml")
    with pytest.raises(UserError) as caught:
        validate(Settings, located, at=("writers", "x"))
    # the duplicate key is the whole file's problem, reported when the file is validated
    assert (
        str(caught.value) == "s.yaml:4:12: writers.x.count: 1 is too small; use a number at least 2"
    )
    ok = validate(Settings, located, at=("writers", "x"), data={"count": 4})
    assert ok.count == 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- a\n",
            "s.yaml:1:1: the file must be a mapping of keys (title:, period:, sections: ...); see "
            "samples/minimal.yaml",
        ),
        (
            "x: [a]\n",
            "s.yaml:1:4: x: this must be a mapping of keys, found a list; write 'key: value' lines",
        ),
        (
            "x:\n",
            f"s.yaml:1:3: x: {NOT_MAPPING} nothing; write 'key: value' lines",
        ),
        (
            "x: true\n",
            f"s.yaml:1:4: x: {NOT_MAPPING} true/false; write 'key: value' lines",
        ),
    ],
)
def test_what_is_not_a_mapping(text: str, expected: str) -> None:
    located = parse_yaml(text, "s.yaml")
    with pytest.raises(UserError) as caught:
        validate(Settings, located, at=() if text.startswith("-") else ("x",))
    assert str(caught.value) == expected


def test_data_standing_at_a_path_may_be_any_python_value() -> None:
    located = parse_yaml("x: 1\n", "s.yaml")
    with pytest.raises(UserError, match="this must be a mapping of keys, found set;"):
        validate(Settings, located, at=("x",), data={1, 2})


def test_the_same_fault_twice_at_one_place_is_reported_once() -> None:
    """``int | float`` fails on both sides of the union with the same plain words."""
    with pytest.raises(UserError) as caught:
        validate(Settings, parse_yaml("either: [1]\n", "s.yaml"))
    assert [str(p) for p in caught.value.problems] == [
        "s.yaml:1:9: either: expected a number, found a list; write digits only"
    ]


def test_validate_value_for_an_option_without_a_file() -> None:
    assert validate_value(int, "7", "--count", "write a number") == 7
    with pytest.raises(UserError) as caught:
        validate_value(int, "x", "--count 'x'", "write a number, e.g. 3")
    assert str(caught.value) == "--count 'x': expected a number, found 'x'; write a number, e.g. 3"
    assert caught.value.problems == []


def test_validate_value_explains_a_value_error_too() -> None:
    from briefout.model import PeriodField

    with pytest.raises(UserError) as caught:
        validate_value(PeriodField, "2026-01-10", "--period '2026-01-10'", "write it as A..B")
    assert str(caught.value) == (
        "--period '2026-01-10': a period is written 'YYYY-MM-DD..YYYY-MM-DD'; write it as A..B"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "named: {k: {nam: a}}\n",
            "s.yaml:1:13: named.k.nam: unknown key 'nam'; did you mean 'name'?",
        ),
        (
            "named: {k: {size: 2}}\n",
            "s.yaml:1:12: named.k: 'name' is missing; add 'name:' (What it is called.)",
        ),
        (
            "named: {k: {name: a, colour: red}}\n",
            "s.yaml:1:22: named.k.colour: unknown key 'colour'; remove it; allowed here: name, "
            "size",
        ),
    ],
)
def test_keys_of_a_mapping_of_models_lead_to_the_model(text: str, expected: str) -> None:
    assert _problems(text) == [expected]


def test_a_misspelt_key_in_a_style_role_gets_its_suggestion(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from briefout.style import load_style

    path = tmp_path / "mine.yaml"
    path.write_text("inherits: embassy\nroles:\n  body:\n    sise: 10\n", encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_style(str(path))
    assert (
        str(caught.value)
        == f"{path}:4:5: roles.body.sise: unknown key 'sise'; did you mean 'size'?"
    )
