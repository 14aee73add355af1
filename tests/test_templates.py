"""The one jinja2 environment of the style's HTML templates (e-mail, site index)."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from briefout.templates import environment


def test_templates_escape_data_refuse_undefined_names_and_trim_control_lines(
    tmp_path: Path,
) -> None:
    (tmp_path / "page.j2").write_text(
        "{% for x in items %}\n  <p>{{ x }}</p>\n{% endfor %}\n", encoding="utf-8"
    )
    (tmp_path / "typo.j2").write_text("{{ titel }}", encoding="utf-8")
    env = environment(tmp_path)
    page = env.get_template("page.j2").render(items=['<b>&"', "ok"])
    assert page == "  <p>&lt;b&gt;&amp;&#34;</p>\n  <p>ok</p>\n"
    with pytest.raises(jinja2.UndefinedError, match="titel"):
        env.get_template("typo.j2").render(title="x")
