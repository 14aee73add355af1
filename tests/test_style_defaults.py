"""One source of defaults: a built-in style writes only what differs from the code's defaults."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from briefout.resources import builtin_styles_dir
from briefout.style import Role, Style
from briefout.writers import get_writer

STYLE_FILES = sorted(builtin_styles_dir().glob("*/style.yaml"))


def _model_of(annotation: Any) -> type[BaseModel] | None:
    return (
        annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    )


def restated(model: type[BaseModel], values: dict[str, Any], path: str) -> list[str]:
    """Dotted paths whose value in ``values`` equals the model field's default."""
    found = []
    for name, value in values.items():
        field = model.model_fields[name]
        sub = _model_of(field.annotation)
        if sub is not None and isinstance(value, dict):
            found += restated(sub, value, f"{path}{name}.")
        if field.default is PydanticUndefined and field.default_factory is None:
            continue
        default = field.get_default(call_default_factory=True)
        if isinstance(default, BaseModel):
            default = default.model_dump()
        if default == value:
            found.append(f"{path}{name}")
    return found


@pytest.mark.parametrize("style_file", STYLE_FILES, ids=lambda p: p.parent.name)
def test_a_built_in_style_does_not_restate_code_defaults(style_file: Any) -> None:
    data = yaml.safe_load(style_file.read_text(encoding="utf-8"))
    top = {k: v for k, v in data.items() if k not in ("roles", "writers")}
    found = restated(Style, top, "")
    for name, role in data.get("roles", {}).items():
        found += restated(Role, role, f"roles.{name}.")
    for name, section in data.get("writers", {}).items():
        model = getattr(get_writer(name), "options_model", None)
        if model is not None and section:
            found += restated(model, section, f"writers.{name}.")
    assert found == [], "remove these from the style: they restate the code's default"


def test_the_detector_finds_a_restated_default() -> None:
    from briefout.writers.pdf.options import PdfOptions

    assert restated(PdfOptions, {"orphans": 2, "widows": 3}, "writers.pdf.") == [
        "writers.pdf.orphans"
    ]
    assert restated(Role, {"font": "body", "size": 10}, "r.") == ["r.font"]
