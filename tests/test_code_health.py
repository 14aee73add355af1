"""Code health rules from the developers' guide, measured with ast."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

#: The guide's limit: no function over 80 lines (signature, docstring and body).
MAX_FUNCTION_LINES = 80


def long_functions(folder: Path, limit: int = MAX_FUNCTION_LINES) -> list[str]:
    """``file:line name (n lines)`` of every function in ``folder`` longer than ``limit``."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > limit:
                    where = path.relative_to(folder)
                    found.append(f"{where}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_no_function_is_over_80_lines() -> None:
    assert long_functions(ROOT / "src") == []


def test_the_measure_finds_a_function_one_line_too_long(tmp_path: Path) -> None:
    def source(lines: int) -> str:
        body = "\n".join(f"    x{n} = {n}" for n in range(lines - 1))
        return f"class C:\n    def method(self):\n    {body.replace(chr(10), chr(10) + '    ')}\n"

    (tmp_path / "fits.py").write_text(source(MAX_FUNCTION_LINES), encoding="utf-8")
    assert long_functions(tmp_path) == []
    (tmp_path / "long.py").write_text(source(MAX_FUNCTION_LINES + 1), encoding="utf-8")
    assert long_functions(tmp_path) == ["long.py:2 method (81 lines)"]
