"""Where bundled data lives: ``briefout/_data`` in a wheel, the repository root in a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_REPOSITORY = _PACKAGE.parent.parent


@cache
def data_dir(name: str) -> Path:
    """The bundled folder ``name`` (styles, fonts, schema)."""
    packaged = _PACKAGE / "_data" / name
    return packaged if packaged.is_dir() else _REPOSITORY / name


def builtin_styles_dir() -> Path:
    """Folder of the built-in styles."""
    return data_dir("styles")


def fonts_dir() -> Path:
    """Folder of the bundled fonts."""
    return data_dir("fonts")


def schema_file() -> Path:
    """The committed JSON Schema of the issue format."""
    return data_dir("schema") / "issue.schema.json"
