"""The writer registry: entry points, third-party writers, clear errors for broken ones."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefout.errors import UnknownWriterError, UserError
from briefout.render import render_issue
from briefout.writers import describe_writers, get_writer, unregister_writer, writer_names


@pytest.fixture
def plugin_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An installed third-party distribution declaring writers in briefout.writers."""
    (tmp_path / "briefout_shout.py").write_text(
        textwrap.dedent(
            """
            class ShoutWriter:
                name = "shout"
                suffix = ".shout"
                description = "the titles in capitals"
                requires = ("text",)

                def render(self, issue, style, context):
                    upper = [issue.title.upper()] + [s.title for s in issue.sections]
                    return "\\n".join(upper).encode() + b"\\n--\\n" + context.inputs["text"]
            """
        ),
        encoding="utf-8",
    )
    info = tmp_path / "briefout_shout-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: briefout-shout\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        "[briefout.writers]\n"
        "shout = briefout_shout:ShoutWriter\n"
        "broken = briefout_missing_module:Writer\n"
        "alias = briefout_shout:ShoutWriter\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in ("shout", "broken", "alias"):
        unregister_writer(name)
    sys.modules.pop("briefout_shout", None)


def test_builtin_writers_come_from_entry_points() -> None:
    assert {"text", "docx", "pdf", "email", "eml"} <= set(writer_names())
    assert get_writer("text").suffix == ".txt"


def test_third_party_writer_registers_like_a_builtin(plugin_package, minimal_issue, style) -> None:  # type: ignore[no-untyped-def]
    assert "shout" in writer_names()
    result = render_issue(minimal_issue, style, "shout", stem="m")
    (output,) = result.outputs
    assert output.filename == "m.shout"
    assert output.data.startswith("アゼルバイジャン政治・治安情報".upper().encode())
    assert (
        b"\n--\n" + "アゼルバイジャン政治・治安情報\n".encode() in output.data
    )  # text rendered first
    assert any(name == "shout" and suffix == ".shout" for name, suffix, _ in describe_writers())


def test_a_plugin_that_cannot_load_is_explained(plugin_package) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError, match="could not be loaded"):
        get_writer("broken")
    rows = {name: text for name, _, text in describe_writers()}
    assert rows["broken"].startswith("unavailable:")


def test_unknown_name_lists_known_ones() -> None:
    with pytest.raises(UnknownWriterError, match=r"unknown format 'odt'; known formats: .*text"):
        get_writer("odt")


def test_a_writer_under_another_name_than_its_own_is_refused(  # type: ignore[no-untyped-def]
    plugin_package, minimal_issue, style
) -> None:
    """``--to alias`` used to render the 'shout' writer, then fail with a KeyError (exit 1)."""
    with pytest.raises(UserError, match="registered as writer 'alias' but its name is 'shout'"):
        render_issue(minimal_issue, style, "alias", stem="m")
