"""Shared fixtures: samples, the default style, golden files and real-client tools."""

from __future__ import annotations

import difflib
import os
import re
import shutil
import signal
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from briefout.loader import load_issue
from briefout.model import BulletList, Issue, item_parts
from briefout.style import Style, load_style

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"
REFERENCE_SAMPLE = SAMPLES / "reference.yaml"
MINIMAL_SAMPLE = SAMPLES / "minimal.yaml"
SAMPLE_FILES = {"reference": REFERENCE_SAMPLE, "minimal": MINIMAL_SAMPLE}


def pytest_configure(config: pytest.Config) -> None:
    """Keep the run hermetic: the user cache goes to a fresh folder, for subprocesses too."""
    import tempfile

    if "BRIEFOUT_CACHE_DIR" not in os.environ:
        os.environ["BRIEFOUT_CACHE_DIR"] = tempfile.mkdtemp(prefix="briefout-test-cache-")
    # A shell starts background jobs with SIGINT ignored, and a child inherits that: the
    # Ctrl-C tests would then wait for a send that never stops.  Give children what a
    # terminal user's process has.
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist's ``--dist loadgroup`` (the README's test command), the tests that
    use a module-scoped fixture (a built site, a wheel, LibreOffice's conversions) go to one
    worker, so the fixture is built once instead of once per worker."""
    if not config.pluginmanager.hasplugin("xdist"):
        return  # the xdist_group mark is xdist's own
    for item in items:
        fixtures = getattr(item, "_fixtureinfo", None)
        if fixtures is None:
            continue
        scopes = {defs[-1].scope for defs in fixtures.name2fixturedefs.values() if defs}
        if "module" in scopes:
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite the text goldens under tests/golden/ instead of comparing",
    )


@pytest.fixture(scope="session")
def style() -> Style:
    """The default embassy style."""
    return load_style()


@pytest.fixture(scope="session")
def reference_issue() -> Issue:
    """The reference briefing as a validated issue."""
    return load_issue(REFERENCE_SAMPLE)


@pytest.fixture(scope="session")
def minimal_issue() -> Issue:
    """One section, one item."""
    return load_issue(MINIMAL_SAMPLE)


class Golden:
    """Compare text with ``tests/golden/<name>``; ``--update-goldens`` rewrites it."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def check(self, name: str, actual: str) -> None:
        path = GOLDEN / name
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8", newline="\n")
            return
        if not path.exists():
            pytest.fail(f"golden {name} is missing; run pytest --update-goldens and review it")
        expected = path.read_text(encoding="utf-8")
        if expected != actual:
            diff = "".join(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    actual.splitlines(keepends=True),
                    fromfile=f"golden/{name}",
                    tofile="actual",
                )
            )
            pytest.fail(f"output differs from golden {name}:\n{diff}", pytrace=False)


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """The golden comparer for this run."""
    return Golden(bool(request.config.getoption("--update-goldens")))


def in_ci() -> bool:
    """True when CI=true: a missing external tool is then a failure, not a skip."""
    return os.environ.get("CI", "").lower() == "true"


def need_tool(name: str, why: str = "") -> str:
    """Path of an external program; skip (or fail under CI=true) when it is missing."""
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed{': ' + why if why else ''} (.ci/run installs it)"
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)


def outputs_across_time_zones(
    script: str, zones: tuple[str, ...] = ("UTC", "Asia/Tokyo", "America/Los_Angeles")
) -> set[bytes]:
    """Run ``python -c script`` once per time zone (SOURCE_DATE_EPOCH unset), the processes
    side by side; the stdouts."""
    import subprocess
    import sys

    children = []
    for zone in zones:
        env = {**os.environ, "TZ": zone}
        env.pop("SOURCE_DATE_EPOCH", None)
        children.append(
            subprocess.Popen(
                [sys.executable, "-c", script],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        )
    outputs = set()
    for zone, child in zip(zones, children, strict=True):
        stdout, stderr = child.communicate(timeout=300)
        assert child.returncode == 0, f"{zone}: {stderr.decode(errors='replace')}"
        outputs.add(stdout)
    return outputs


@pytest.fixture
def tool() -> Callable[..., str]:
    """``tool("qpdf")`` -> path, or skip/fail as :func:`need_tool` says."""
    return need_tool


def expected_text(issue: Issue, style: Style, *, mark: bool = True) -> list[str]:
    """Every piece of text a printed issue shows, in reading order (with the mark if ``mark``)."""
    strings = style.strings
    out = [
        issue.title,
        issue.subtitle or "",
        style.format_period(issue.period.start, issue.period.end),
    ]
    out.append(issue.issuer)
    for number, section in enumerate(issue.sections, start=1):
        out.append(style.format_section(number, section.title))
        for item in section.items:
            out += [strings.headline_mark if mark else "", item.ja, item.en]
            for label, body, citation in item_parts(item):
                if label:
                    out.append(label)
                for block in body:
                    entries = block.items if isinstance(block, BulletList) else (block.runs,)
                    for entry in entries:
                        if isinstance(block, BulletList):
                            out.append(strings.bullet)
                        out.append("".join(run.text for run in entry))
                if citation is not None:
                    out.append(style.format_citation(citation.outlet, citation.date, citation.url))
    out.append(strings.end)
    return out


def squash(text: str) -> str:
    """NFKC, and no whitespace or hyphens (line-end hyphenation is not content)."""
    return re.sub(r"[\s\-]+", "", unicodedata.normalize("NFKC", text))


def axe_violations(pages: list[str]) -> dict[tuple[str, str], list[dict[str, object]]]:
    """axe-core's WCAG 2.1 A/AA violations per (page, colour scheme) in headless Chromium.

    A page is a file path or a ``file:`` URL (tools/node/axe-check.mjs).
    """
    import json
    import subprocess

    node = need_tool("node", "axe-core runs in Node")
    chromium = need_tool("chromium", "axe-core checks pages in headless Chromium")
    tools = ROOT / "tools" / "node"
    if not (tools / "node_modules" / "puppeteer-core").exists():
        need_tool("tools/node/node_modules/puppeteer-core", "run npm ci --prefix tools/node")
    run = subprocess.run(
        [node, str(tools / "axe-check.mjs"), chromium, *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    found = {}
    for line in run.stdout.splitlines():
        report = json.loads(line)
        found[(report["page"], report["scheme"])] = report["violations"]
    assert len(found) == 2 * len(pages), run.stdout
    return found
