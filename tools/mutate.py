"""Mutation testing of one core module with mutmut, within a time budget.

    python tools/mutate.py linebreak --budget 1200     # or: all, or several names

Each module is mutated in its own scratch copy of the repository (so runs never share
``mutants/`` state) whose mutmut test selection is only the test files exercising it, and
mutmut's own per-function test selection on top: a mutant runs only the tests that reach
the mutated function.  The score printed is killed / (killed + survived), with
timeouts counted as killed (the mutant hung the code) and mutants no selected test
reaches listed apart.  See docs/mutation-testing.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: module name -> (source file, the test files that exercise it)
MODULES: dict[str, tuple[str, list[str]]] = {
    "linebreak": (
        "src/briefout/writers/pdf/linebreak.py",
        ["tests/test_pdf_linebreak.py", "tests/test_pdf_rules.py"],
    ),
    "layout": (
        "src/briefout/writers/pdf/layout.py",
        [
            "tests/test_pdf_rules.py",
            "tests/test_pdf_linebreak.py",
            "tests/test_pdf.py",
            "tests/test_typography.py",
            "tests/test_pdf_layout.py",
        ],
    ),
    "email": (
        "src/briefout/writers/email.py",
        ["tests/test_email_details.py", "tests/test_email.py"],  # not test_email_clients.py
    ),
    "yamlsource": (
        "src/briefout/yamlsource.py",
        [
            "tests/test_loader.py",
            "tests/test_yamlsource.py",
            "tests/test_loader_messages.py",
            "tests/test_fast_paths.py",
            "tests/test_hardening.py",
            "tests/test_safety.py",
            "tests/test_walk.py",
            "tests/test_diagnostics.py",
        ],
    ),
    "validation": (
        "src/briefout/validation.py",
        [
            "tests/test_loader.py",
            "tests/test_loader_messages.py",
            "tests/test_validation.py",
            "tests/test_style.py",
        ],
    ),
    "loader": (
        "src/briefout/loader.py",
        ["tests/test_loader.py", "tests/test_loader_messages.py", "tests/test_walk.py"],
    ),
    "walk": ("src/briefout/walk.py", ["tests/test_walk.py", "tests/test_diagnostics.py"]),
    "output": (
        "src/briefout/output.py",
        [
            "tests/test_output.py",
            "tests/test_cli.py",
            "tests/test_hardening.py",
            "tests/test_cli_contract.py",
        ],
    ),
    "cli": (
        "src/briefout/cli.py",
        [
            "tests/test_cli.py",
            "tests/test_cli_contract.py",
            "tests/test_rules_ci.py",
            "tests/test_rules_machinery.py",
            "tests/test_hardening.py",
            "tests/test_style_references.py",
            "tests/test_send.py",
            "tests/test_import_cli.py",
            "tests/test_site.py",
            "tests/test_project.py",
            "tests/test_cli_messages.py",
        ],
    ),
    "errors": ("src/briefout/errors.py", ["tests/test_diagnostics.py", "tests/test_cli.py"]),
}

COPIED = [
    "src",
    "tests",
    "samples",
    "styles",
    "fonts",
    "schema",
    "docs",
    ".ci",
    "README.md",
    ".pre-commit-hooks.yaml",
]


def _scratch(module: str, source: str) -> Path:
    """A copy of the repository whose mutmut configuration mutates only ``source``."""
    folder = Path(tempfile.mkdtemp(prefix=f"briefout-mutate-{module}-"))
    for name in COPIED:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif path.is_file():
            shutil.copy2(path, folder / name)
    # Every test file is copied (a test may import helpers from another test file, e.g.
    # test_rules_machinery from test_rules); mutmut's test selection then runs, and maps
    # the coverage of, the module's own test files only.
    selection = ", ".join(f'"{test}"' for test in MODULES[module][1])
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    text = re.sub(
        r"only_mutate = \[[^\]]*\]",
        f'only_mutate = ["{source}"]\npytest_add_cli_args_test_selection = [{selection}]',
        text,
        count=1,
    )
    (folder / "pyproject.toml").write_text(text, encoding="utf-8")
    return folder


def _counts(folder: Path) -> dict[str, int]:
    """mutmut's own tally, read from its CI export."""
    subprocess.run(
        [sys.executable, "-m", "mutmut", "export-cicd-stats"],
        cwd=folder,
        check=False,
        capture_output=True,
    )
    stats = folder / "mutants" / "mutmut-cicd-stats.json"
    return json.loads(stats.read_text()) if stats.is_file() else {}


def _survivors(folder: Path) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "mutmut", "results"],
        cwd=folder,
        check=False,
        capture_output=True,
        text=True,
    )
    return [line.strip() for line in done.stdout.splitlines() if ": survived" in line]


#: heap per process: a mutant that loops appending lines fails with MemoryError instead
#: of filling a shared machine's memory (RLIMIT_DATA, so address space that Node or
#: Chromium only reserve is not counted)
MEMORY_CAP = 4 << 30


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_DATA, (MEMORY_CAP, MEMORY_CAP))


def _run_mutmut(folder: Path, env: dict[str, str], budget: float) -> bool:
    """``mutmut run`` in its own process group; True if it finished within ``budget``.

    At the budget the whole group is stopped: mutmut forks a child per mutant, and a
    child left behind would go on testing (up to its CPU limit) on a shared machine.
    """
    mutmut = subprocess.Popen(
        [sys.executable, "-m", "mutmut", "run", "--max-children", "1"],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=_cap_memory,
    )
    try:
        mutmut.wait(timeout=budget)
        return True
    except BaseException as stop:  # the budget, Ctrl-C or SIGTERM
        os.killpg(mutmut.pid, signal.SIGKILL)  # before the leader is reaped: still our group
        mutmut.wait()
        if isinstance(stop, subprocess.TimeoutExpired):
            return False
        raise


def _spoiled(folder: Path) -> list[str]:
    """Files the mutants' test runs changed outside their temporary folders.

    A test that points the code at a shared file lets a mutant spoil it (an ignored
    --force once overwrote the copied sample; a rename replaced /dev/null); every later
    mutant then fails for that reason, and the score is not to be trusted.
    """
    changed = [] if stat.S_ISCHR(os.stat(os.devnull).st_mode) else [os.devnull]
    for name in ("samples", "styles", "schema", "fonts"):
        for path in sorted((ROOT / name).rglob("*")):
            copy = folder / "mutants" / path.relative_to(ROOT)
            if path.is_file() and (not copy.is_file() or copy.read_bytes() != path.read_bytes()):
                changed.append(str(copy))
    return changed


def run(module: str, budget: float, keep: bool) -> dict[str, object]:
    """Mutate one module within ``budget`` seconds; return its tally and survivors."""
    source, _ = MODULES[module]
    folder = _scratch(module, source)
    env = {**os.environ, "CI": ""}
    started = time.monotonic()
    finished = _run_mutmut(folder, env, budget)
    counts = _counts(folder)
    killed = counts.get("killed", 0) + counts.get("timeout", 0)
    survived = counts.get("survived", 0)
    result: dict[str, object] = {
        "module": module,
        "finished": finished,
        "seconds": round(time.monotonic() - started),
        "counts": counts,
        "score": round(100 * killed / (killed + survived), 1) if killed + survived else None,
        "survivors": _survivors(folder),
        "spoiled": _spoiled(folder),
        "folder": str(folder),
    }
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="+", help=f"all, or of: {', '.join(MODULES)}")
    parser.add_argument("--budget", type=float, default=1200, help="seconds per module")
    parser.add_argument("--keep", action="store_true", help="keep the scratch copy (browse it)")
    args = parser.parse_args()
    # stopped with SIGTERM (or SIGINT, which a background job ignores): stop mutmut too
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    names = list(MODULES) if args.modules == ["all"] else args.modules
    for name in names:
        result = run(name, args.budget, args.keep)
        print(json.dumps(result, ensure_ascii=False, indent=2), flush=True)


if __name__ == "__main__":
    main()
