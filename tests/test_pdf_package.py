"""The fonts, their licences and the styles ship in the wheel and the sdist, and an
installed briefout (the unpacked wheel, not this checkout) finds them and renders a PDF."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import MINIMAL_SAMPLE, ROOT, in_ci

FONT_FILES = sorted(p.name for p in (ROOT / "fonts").iterdir() if p.is_file())
REQUIRED = [
    "ipaexm.ttf",
    "ipaexg.ttf",
    "LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold.ttf",
    "IPA_Font_License_Agreement_v1.0.txt",
    "LICENSE-Liberation-OFL-1.1.txt",
    "README.md",
]


def _builders():
    try:
        from hatchling.builders.sdist import SdistBuilder
        from hatchling.builders.wheel import WheelBuilder
    except ImportError:
        if in_ci():
            pytest.fail("hatchling is not installed (pip install -e '.[test]' installs it)")
        pytest.skip("hatchling is not installed (pip install -e '.[test]' installs it)")
    return WheelBuilder, SdistBuilder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    wheel_builder, sdist_builder = _builders()
    out = tmp_path_factory.mktemp("dist")
    wheel = Path(next(wheel_builder(str(ROOT)).build(directory=str(out), versions=["standard"])))
    sdist = Path(next(sdist_builder(str(ROOT)).build(directory=str(out), versions=["standard"])))
    return wheel, sdist


def test_required_files_are_in_the_checkout() -> None:
    assert set(REQUIRED) <= set(FONT_FILES)


def test_wheel_holds_fonts_licences_and_styles(built: tuple[Path, Path]) -> None:
    wheel, _ = built
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for name in FONT_FILES:
            assert f"briefout/_data/fonts/{name}" in names, name
            info = archive.getinfo(f"briefout/_data/fonts/{name}")
            assert info.file_size == (ROOT / "fonts" / name).stat().st_size  # unmodified
        assert "briefout/_data/styles/embassy/style.yaml" in names
        assert "briefout/writers/pdf/__init__.py" in names
        assert "briefout/writers/pdf/linebreak.py" in names


def test_sdist_holds_fonts_licences_and_styles(built: tuple[Path, Path]) -> None:
    _, sdist = built
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for name in FONT_FILES:
        assert f"fonts/{name}" in names, name
    assert "styles/embassy/style.yaml" in names


def test_installed_wheel_finds_its_fonts_and_renders(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    wheel, _ = built
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    code = (
        "import sys, briefout.resources as r, briefout.style as s;"
        "from briefout.loader import load_issue; from briefout.render import render_issue;"
        "assert str(r.fonts_dir()).startswith(sys.argv[1]), r.fonts_dir();"
        "style = s.load_style();"
        "assert str(style.find_file('ipaexm.ttf')).startswith(sys.argv[1]);"
        "out = render_issue(load_issue(sys.argv[2]), style, 'pdf', environ={});"
        "assert out.outputs[0].data.startswith(b'%PDF'); print(r.fonts_dir())"
    )
    env = {**os.environ, "PYTHONPATH": str(site), "BRIEFOUT_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-c", code, str(site), str(MINIMAL_SAMPLE)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(site / "briefout" / "_data" / "fonts")
