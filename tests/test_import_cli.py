"""`briefout import` and `briefout readers`: outputs, batches, failures, plain messages."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx_builder import docx, p, r
from test_import_docx import direct_formatting
from test_import_text import REFERENCE_TEXT
from typer.testing import CliRunner

from briefout.cli import app
from briefout.errors import EXIT_INVALID, EXIT_OK
from briefout.loader import load_issue
from briefout.readers import Reader, get_reader, register_reader, unregister_reader

from conftest import need_tool

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_readers_lists_the_built_in_readers() -> None:
    code, out, _ = run("readers")
    assert code == EXIT_OK
    names = [line.split()[0] for line in out.splitlines()]
    assert names == ["doc", "docx", "text"]
    assert ".docx" in out and ".md" in out and "LibreOffice" in out


def test_readers_are_plugins_like_writers() -> None:
    assert isinstance(get_reader("docx"), Reader)
    text = get_reader("text")

    class Shout:
        name = "shout"
        suffixes = (".shout",)
        description = "test reader"

        def read(self, path: Path):  # type: ignore[no-untyped-def]
            return text.read(path)

    register_reader(Shout())
    try:
        _code, out, _ = run("readers")
        assert "shout" in out
    finally:
        unregister_reader("shout")


def test_one_source_to_a_named_file_adds_yaml(tmp_path: Path) -> None:
    code, out, err = run("import", str(REFERENCE_TEXT), "-o", str(tmp_path / "issue"))
    assert code == EXIT_OK, err
    written = tmp_path / "issue.yaml"
    assert load_issue(written).sections[2].items[3].parts[0].label == "Russian version:"
    assert out.strip() == (
        f"{REFERENCE_TEXT} -> {written}: 3 sections, 17 items, 18 citations; "
        "11 guesses noted, 0 paragraphs not placed"
    )


def test_one_source_without_output_prints_the_yaml(tmp_path: Path) -> None:
    source = tmp_path / "word.docx"
    source.write_bytes(direct_formatting())
    code, out, err = run("import", str(source))
    assert code == EXIT_OK
    assert out.splitlines()[2] == "briefout: 1"
    assert "2 sections, 3 items, 4 citations" in err


def test_several_sources_write_a_folder_and_a_failure_exits_2(tmp_path: Path) -> None:
    good = tmp_path / "good.docx"
    good.write_bytes(direct_formatting())
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip at all")
    out_dir = tmp_path / "archive"
    code, out, err = run("import", str(good), str(bad), str(REFERENCE_TEXT), "-o", str(out_dir))
    assert code == EXIT_INVALID
    assert sorted(path.name for path in out_dir.iterdir()) == [
        "000_833dc4c24bebd27c.yaml",
        "good.yaml",
    ]
    assert len(out.splitlines()) == 2  # one summary line per imported source
    assert f"error: {bad}: not a Word document" in err
    assert "1 of 3 source(s) could not be imported; the others were written" in err


def test_existing_output_is_kept_without_force(tmp_path: Path) -> None:
    target = tmp_path / "issue.yaml"
    target.write_text("edited by hand\n", encoding="utf-8")
    code, _, err = run("import", str(REFERENCE_TEXT), "-o", str(target))
    assert code == EXIT_INVALID and "add --force" in err
    assert target.read_text(encoding="utf-8") == "edited by hand\n"
    code, _, _ = run("import", str(REFERENCE_TEXT), "-o", str(target), "--force")
    assert code == EXIT_OK and target.read_text(encoding="utf-8").startswith("# yaml")


def test_from_names_the_reader(tmp_path: Path) -> None:
    draft = tmp_path / "draft.log"
    draft.write_bytes(REFERENCE_TEXT.read_bytes())
    code, _, err = run("import", str(draft), "-o", str(tmp_path / "x.yaml"))
    assert code == EXIT_INVALID and "no reader for '.log' files" in err and "--from" in err
    code, _, err = run("import", str(draft), "--from", "text", "-o", str(tmp_path / "x.yaml"))
    assert code == EXIT_OK, err


def test_outlets_file_applies_canonical_spellings(tmp_path: Path) -> None:
    project = tmp_path / "briefout.yaml"
    project.write_text("outlets:\n  APA: [apa.az]\n  Azertag: []\n", encoding="utf-8")
    target = tmp_path / "issue.yaml"
    code, _, err = run("import", str(REFERENCE_TEXT), "-o", str(target), "--outlets", str(project))
    assert code == EXIT_OK, err
    outlets = {item.source.outlet for _, _, _, item in load_issue(target).items() if item.source}
    assert {"APA", "Azertag"} <= outlets and not {"Apa", "AZERTAG"} & outlets


def _encrypted_docx() -> bytes:
    msoffcrypto = pytest.importorskip("msoffcrypto.format.ooxml", reason="test extra")
    encrypted = io.BytesIO()
    msoffcrypto.OOXMLFile(io.BytesIO(direct_formatting())).encrypt("secret", encrypted)
    return encrypted.getvalue()


def _truncated_docx() -> bytes:
    data = direct_formatting()
    return data[: len(data) // 2]


def _zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    return buffer.getvalue()


UNREADABLE = {
    "not-a-docx": (lambda: b"Just some text\n", "not a Word document"),
    "corrupt-zip": (_truncated_docx, "damaged"),
    "zip-but-not-word": (_zip_without_document, "not a Word document"),
    "password-protected": (_encrypted_docx, "password-protected"),
    "empty-document": (lambda: docx([p(), p(r("   "))]), "empty"),
    "no-recognisable-item": (
        lambda: docx([p(r("Title")), p(r("Some words in a letter.")), p(r("More words."))]),
        "no section heading found",
    ),
}


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_unreadable_input_exits_2_naming_the_file(case: str, tmp_path: Path) -> None:
    make, words = UNREADABLE[case]
    source = tmp_path / f"{case}.docx"
    source.write_bytes(make())
    target = tmp_path / "out.yaml"
    code, _out, err = run("import", str(source), "-o", str(target))
    assert code == EXIT_INVALID
    assert str(source) in err and words in err
    assert "Traceback" not in err and "internal error" not in err
    assert not target.exists()


def test_a_text_file_that_is_binary_or_empty_exits_2(tmp_path: Path) -> None:
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02 binary")
    empty = tmp_path / "e.md"
    empty.write_text("\n\n", encoding="utf-8")
    code, _, err = run("import", str(binary), str(empty), "-o", str(tmp_path / "out"))
    assert code == EXIT_INVALID
    assert f"{binary}: this is not a text file" in err
    assert f"{empty}: the document is empty" in err


def test_legacy_doc_goes_through_libreoffice(tmp_path: Path) -> None:
    soffice = need_tool("soffice", "importing .doc")
    source = tmp_path / "word.docx"
    source.write_bytes(direct_formatting())
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless",
         "--convert-to", "doc:MS Word 97", "--outdir", str(tmp_path), str(source)],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    legacy = tmp_path / "word.doc"
    assert legacy.is_file()
    code, out, err = run("import", str(legacy), "-o", str(tmp_path / "legacy.yaml"))
    assert code == EXIT_OK, err
    assert "2 sections, 3 items, 4 citations" in out
    assert "# import: converted from .doc to DOCX by LibreOffice" in (
        tmp_path / "legacy.yaml"
    ).read_text(encoding="utf-8")
    disguised = tmp_path / "renamed.docx"  # a .doc saved under a .docx name
    disguised.write_bytes(legacy.read_bytes())
    code, out, err = run("import", str(disguised), "-o", str(tmp_path / "renamed.yaml"))
    assert code == EXIT_OK, err
    assert "2 sections, 3 items, 4 citations" in out


def test_legacy_doc_without_libreoffice_names_the_missing_tool(tmp_path: Path) -> None:
    legacy = tmp_path / "old.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    env = {**os.environ, "PATH": str(tmp_path)}  # no soffice on this PATH
    result = subprocess.run(
        [sys.executable, "-m", "briefout", "import", str(legacy), "-o", str(tmp_path / "o")],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == EXIT_INVALID
    assert f"{legacy}: reading .doc files needs LibreOffice (the 'soffice' program)" in (
        result.stderr
    )


def test_progress_shows_on_a_terminal(tmp_path: Path) -> None:
    sources = []
    for number in range(3):
        source = tmp_path / f"s{number}.txt"
        source.write_bytes(REFERENCE_TEXT.read_bytes())
        sources.append(str(source))
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "briefout", "import", *sources, "-o", str(tmp_path / "out")],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=follower,
    )  # fmt: skip
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    out, _ = process.communicate(timeout=60)
    assert process.returncode == EXIT_OK
    assert b"importing" in shown or b"s0.txt" in shown  # rich's bar on the terminal
    assert len(out.decode().splitlines()) == 3


def test_readers_listing_stays_light() -> None:
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['briefout', 'readers']\n"
        "try:\n    runpy.run_module('briefout', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('lxml', 'docx', 'reportlab', 'markdown_it', 'rich'))\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stderr.rsplit("HEAVY=", 1)[1] == ""


def test_a_folder_as_source_is_named_as_a_folder(tmp_path: Path) -> None:
    code, _, err = run("import", str(tmp_path), "-o", str(tmp_path / "out"))
    assert code == EXIT_INVALID
    assert f"{tmp_path}: is a folder, not a file" in err and "no such file" not in err


def test_one_failed_source_does_not_speak_of_others(tmp_path: Path) -> None:
    code, _, err = run("import", str(tmp_path / "gone.docx"), "-o", str(tmp_path / "out"))
    assert code == EXIT_INVALID
    assert "1 of 1 source(s) could not be imported" in err and "the others" not in err


def test_outlets_from_a_file_without_an_outlets_section_are_reported(tmp_path: Path) -> None:
    project = tmp_path / "briefout.yaml"
    project.write_text("lint: {}\n", encoding="utf-8")
    target = str(tmp_path / "x")
    code, _, err = run("import", str(REFERENCE_TEXT), "--outlets", str(project), "-o", target)
    assert code == EXIT_OK
    assert f"warning: {project} has no outlets: section; no outlet spelling is changed" in err
