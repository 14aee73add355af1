"""The generic registry (briefout.plugins) on a group of its own, with a real distribution."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar, Protocol, runtime_checkable

import pytest

from briefout.errors import UserError
from briefout.plugins import Registry

GROUP = "briefout.test_greeters"


@runtime_checkable
class Greeter(Protocol):
    name: ClassVar[str]
    greeting: ClassVar[str]

    def greet(self) -> str: ...


class UnknownGreeterError(UserError):
    pass


class Local:
    name = "local"
    greeting = "hi"

    def greet(self) -> str:
        return self.greeting


PLUGIN = """
class Hello:
    name = "hello"
    greeting = "hello"

    def greet(self):
        return self.greeting


class Impostor:
    name = "somebody-else"
    greeting = "hey"

    def greet(self):
        return self.greeting


class NoGreeting:
    name = "mute"


howdy = Hello()
howdy.__class__ = type("Howdy", (Hello,), {"name": "howdy"})
"""

ENTRY_POINTS = """
[briefout.test_greeters]
hello = greeters_plugin:Hello
howdy = greeters_plugin:howdy
impostor = greeters_plugin:Impostor
mute = greeters_plugin:NoGreeting
missing-module = greeters_nowhere:Greeter
missing-attribute = greeters_plugin:Nobody
unbuilt = briefout.greeters_not_built_yet:Greeter
"""


@pytest.fixture
def distribution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An installed third-party distribution declaring entry points in the test group."""
    (tmp_path / "greeters_plugin.py").write_text(PLUGIN, encoding="utf-8")
    info = tmp_path / "greeters-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: greeters\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(textwrap.dedent(ENTRY_POINTS), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    sys.modules.pop("greeters_plugin", None)


def registry() -> Registry[Greeter]:
    return Registry(
        GROUP,
        Greeter,
        noun="greeter",
        unknown="unknown greeter '{name}'; known greeters: {known}",
        unknown_error=UnknownGreeterError,
    )


def test_entry_points_are_named_without_importing_anything(distribution: Path) -> None:
    greeters = registry()
    assert greeters.names() == [
        "hello",
        "howdy",
        "impostor",
        "missing-attribute",
        "missing-module",
        "mute",
        "unbuilt",
    ]
    assert "greeters_plugin" not in sys.modules
    assert greeters.entry_point("hello") is not None
    assert greeters.entry_point("local") is None


def test_a_third_party_entry_point_loads_once_when_asked_for(distribution: Path) -> None:
    greeters = registry()
    hello = greeters.get("hello")
    assert "greeters_plugin" in sys.modules
    assert hello.greet() == "hello" and type(hello).__name__ == "Hello"  # a class: instantiated
    assert greeters.get("hello") is hello
    howdy = greeters.get("howdy")
    assert type(howdy).__name__ == "Howdy"  # an instance: used as it is
    greeters.unregister("hello")
    assert greeters.get("hello") is not hello  # loaded again from its entry point


def test_a_distribution_on_the_path_is_seen_and_forgotten_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert registry().names() == []
    with monkeypatch.context() as patch:
        info = tmp_path / "late-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text("Metadata-Version: 2.1\nName: late\nVersion: 1.0\n")
        (info / "entry_points.txt").write_text(f"[{GROUP}]\nlate = late_module:Late\n")
        patch.syspath_prepend(str(tmp_path))
        assert registry().names() == ["late"]
    assert registry().names() == []


def test_register_refuses_a_known_name_unless_told_to_override(distribution: Path) -> None:
    greeters = registry()
    greeters.register(Local())
    assert "local" in greeters.names() and greeters.get("local").greet() == "hi"
    with pytest.raises(ValueError, match="a greeter named 'local' is already registered"):
        greeters.register(Local())
    # a declared entry point is known before it is loaded: no silent shadowing
    impostor = type("Hello", (Local,), {"name": "hello"})()
    with pytest.raises(ValueError, match="a greeter named 'hello' is already registered"):
        greeters.register(impostor)
    greeters.register(impostor, override=True)
    assert greeters.get("hello") is impostor
    greeters.unregister("local")
    assert "local" not in greeters.names()
    greeters.unregister("local")  # forgetting twice is harmless


def test_register_refuses_what_is_not_of_the_kind() -> None:
    with pytest.raises(TypeError, match="is not a Greeter"):
        registry().register(object())  # type: ignore[arg-type]


def test_the_key_attribute_names_a_registered_object() -> None:
    coded: Registry[Greeter] = Registry(GROUP, Greeter, noun="rule", key="greeting", unknown="?")
    coded.register(Local())
    assert coded.names() == ["hi"]
    with pytest.raises(ValueError, match="a rule with greeting 'hi' is already registered"):
        coded.register(Local())


def test_an_unknown_name_lists_the_known_ones_and_suggests_the_closest(
    distribution: Path,
) -> None:
    greeters = registry()
    with pytest.raises(UnknownGreeterError) as caught:
        greeters.get("helo")
    assert str(caught.value) == (
        "unknown greeter 'helo'; known greeters: hello, howdy, impostor, missing-attribute, "
        "missing-module, mute, unbuilt; did you mean 'hello'?"
    )
    with pytest.raises(UnknownGreeterError) as caught:
        greeters.get("zzz")
    assert "did you mean" not in str(caught.value)
    assert isinstance(caught.value, UserError)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "missing-module",
            "the greeter 'missing-module' (greeters_nowhere:Greeter) could not be loaded: "
            "No module named 'greeters_nowhere'; reinstall the package that provides it",
        ),
        (
            "missing-attribute",
            "the greeter 'missing-attribute' (greeters_plugin:Nobody) could not be loaded: "
            "module 'greeters_plugin' has no attribute 'Nobody'; reinstall the package that "
            "provides it",
        ),
        (
            "mute",
            "'greeters_plugin:NoGreeting' is registered as greeter 'mute' but is not a Greeter",
        ),
        (
            "impostor",
            "'greeters_plugin:Impostor' is registered as greeter 'impostor' but its name is "
            "'somebody-else'; name the entry point that",
        ),
        (
            "unbuilt",
            "the greeter 'unbuilt' is not built yet in this version of briefout; "
            "available now: hello, howdy",
        ),
    ],
)
def test_a_plugin_that_cannot_be_used_is_a_plain_user_error(
    distribution: Path, name: str, message: str
) -> None:
    greeters = registry()
    with pytest.raises(UserError) as caught:
        greeters.get(name)
    assert str(caught.value) == message
    assert name not in greeters._loaded


def test_all_loads_everything_or_fails_and_available_skips_the_broken(
    distribution: Path,
) -> None:
    greeters = registry()
    with pytest.raises(UserError, match="as greeter 'impostor'"):
        greeters.all()  # the first in name order that cannot be used
    assert [g.name for g in greeters.available()] == ["hello", "howdy"]
    first = next(registry().available())
    assert first.name == "hello"


def test_all_in_name_order_when_everything_loads() -> None:
    greeters = registry()
    for name in ("b", "a"):
        greeters.register(type(name, (Local,), {"name": name})())
    assert [g.name for g in greeters.all()] == ["a", "b"]


def test_describe_rows_say_why_a_plugin_is_unavailable(distribution: Path) -> None:
    rows = registry().describe(lambda greeter: (greeter.greeting, greeter.greet().upper()))
    assert rows[:2] == [("hello", "hello", "HELLO"), ("howdy", "hello", "HELLO")]
    reasons = {name: why for name, column, why in rows[2:] if column == ""}
    assert set(reasons) == {"impostor", "missing-attribute", "missing-module", "mute", "unbuilt"}
    assert all(why.startswith("unavailable: ") for why in reasons.values())
    assert reasons["unbuilt"].endswith("available now: hello, howdy")
