"""Issue 11, classes 3, 5 and 10: no internal error from user input, all-or-none files,
targets that are not regular files, and one writer's failure explained as such."""

from __future__ import annotations

import contextlib
import os
import stat
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefout import output
from briefout.cli import app
from briefout.errors import EXIT_INVALID, EXIT_OK, UserError
from briefout.loader import load_issue_bytes

from conftest import MINIMAL_SAMPLE, ROOT

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout + result.stderr


def sample(tmp_path: Path, name: str = "issue.yaml", **replace: str) -> Path:
    text = MINIMAL_SAMPLE.read_text(encoding="utf-8")
    for old, new in replace.items():
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------ 3. no internal error from input


def test_title_and_issuer_over_255_characters_shorten_only_the_metadata(tmp_path: Path) -> None:
    title, issuer = "長" * 300, "Embassy " * 40
    path = sample(
        tmp_path,
        **{
            "title: アゼルバイジャン政治・治安情報": f"title: {title}",
            "issuer: 在アゼルバイジャン大使館": f"issuer: {issuer}",
        },
    )
    code, out = run("render", str(path), "--to", "docx", "-o", str(tmp_path))
    assert code == EXIT_OK, out
    with zipfile.ZipFile(tmp_path / "issue.docx") as package:
        core = package.read("docProps/core.xml").decode()
        document = package.read("word/document.xml").decode()
    assert "長" * 254 + "…</dc:title>" in core
    assert title in document  # the text itself is kept whole


@pytest.mark.parametrize(
    ("yaml_text", "line", "column", "words"),
    [
        ("briefout: 1\ntitle: &r [*r]\n", 2, 8, "used inside itself"),
        ("briefout: 1\nsections: &s\n  - items: *s\n", 2, 11, "used inside itself"),
        ("briefout: 1\ntitle: " + "[" * 100_000 + "]" * 100_000 + "\n", 2, 71, "nested"),
        ("briefout: 1\ntitle: " + "{a: " * 5_000 + "1" + "}" * 5_000 + "\n", 2, 0, "nested"),
    ],
    ids=["alias-in-itself", "alias-in-a-list", "deep-flow-list", "deep-flow-mapping"],
)
def test_recursive_or_deep_yaml_is_a_user_error_at_its_position(
    yaml_text: str, line: int, column: int, words: str
) -> None:
    with pytest.raises(UserError) as caught:
        load_issue_bytes(yaml_text.encode(), "issue.yaml")
    problem = caught.value.problems[0]
    assert words in problem.message
    assert problem.line == line and (column == 0 or problem.column == column)


def test_new_into_a_folder_with_force_is_a_plain_error(tmp_path: Path) -> None:
    code, out = run("new", "-p", "2026-01-01..2026-01-07", "-o", str(tmp_path), "--force")
    assert code == EXIT_INVALID and "is a folder, not a file" in out
    assert "internal error" not in out


def test_render_check_into_a_file_is_a_plain_error(tmp_path: Path) -> None:
    blocker = tmp_path / "out.txt"
    blocker.write_text("x", encoding="utf-8")
    code, out = run("render", str(MINIMAL_SAMPLE), "--check", "-o", str(blocker))
    assert code == EXIT_INVALID and "is a file, not a folder" in out


@pytest.mark.parametrize("escape", ["\\v", "\\f", "\\0", "\\e"])
def test_distribution_value_with_a_control_character_is_refused(
    tmp_path: Path, escape: str
) -> None:
    config = tmp_path / "dist.yaml"
    config.write_text(
        f'from: "Embassy{escape} <briefing@embassy.example>"\nto: briefing@embassy.example\n'
        "reply_to: press@embassy.example\nlist_unsubscribe: [mailto:u@embassy.example]\n",
        encoding="utf-8",
    )
    code, out = run("render", str(MINIMAL_SAMPLE), "--to", "eml", "-c", str(config), "-o", "x")
    assert code == EXIT_INVALID, out
    assert f"{config}:1:15: from: the text contains the control character" in out
    assert not any(ord(ch) < 32 and ch != "\n" for ch in out)


# ------------------------------------------------------------------------ 5. files


def test_a_folder_in_the_way_changes_no_file(tmp_path: Path) -> None:
    path = sample(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "issue.txt").write_text("old text", encoding="utf-8")
    (out / "issue.pdf").mkdir()
    code, message = run("render", str(path), "--to", "text,pdf", "-o", str(out))
    assert code == EXIT_INVALID, message
    assert "issue.pdf is a folder, not a file" in message
    assert (out / "issue.txt").read_text(encoding="utf-8") == "old text"
    assert sorted(p.name for p in out.iterdir()) == ["issue.pdf", "issue.txt"]


def test_a_failed_rename_puts_back_what_was_replaced(tmp_path: Path, monkeypatch) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "a.pdf"
    first.write_bytes(b"old text")
    second.write_bytes(b"old pdf")
    real_replace = os.replace
    calls: list[str] = []

    def fail_on_the_second_target(src: str, dst: str) -> None:
        calls.append(str(dst))
        if str(dst) == str(second) and str(src).endswith(".part"):
            raise PermissionError(13, "Permission denied", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", fail_on_the_second_target)
    with pytest.raises(UserError, match="no file was changed"):
        output.write_all_atomic([(first, b"new text"), (second, b"new pdf")])
    assert first.read_bytes() == b"old text" and second.read_bytes() == b"old pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "a.txt"]


@pytest.mark.parametrize(
    "names", [("a/issue.yaml", "b/issue.yaml"), ("issue.yaml", "Issue.yaml")], ids=str
)
def test_two_inputs_with_one_output_name_are_refused_naming_both(
    tmp_path: Path, names: tuple[str, str]
) -> None:
    paths = []
    for name in names:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        paths.append(sample(tmp_path, name))
    if paths[0].resolve() == paths[1].resolve():
        pytest.skip("this file system ignores case")
    code, out = run("render", *map(str, paths), "--to", "text", "-o", str(tmp_path / "out"))
    assert code == EXIT_INVALID
    assert str(paths[0]) in out and str(paths[1]) in out
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals are POSIX")
def test_a_character_device_is_written_through(tmp_path: Path) -> None:
    """Written straight into the device, here a pseudo-terminal whose other end the test reads.

    Not /dev/null: under mutation testing a mutant that renames a file over the target
    replaced the machine's /dev/null with a regular file; /dev/pts refuses new files.
    """
    import threading
    import tty

    master, slave = os.openpty()
    tty.setraw(slave)  # the bytes as written, no newline translation
    device = os.ttyname(slave)
    received = bytearray()

    def read() -> None:
        with contextlib.suppress(OSError):  # EIO once the last writer has closed
            while chunk := os.read(master, 65536):
                received.extend(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        code, out = run("schema", "-o", device)
    finally:
        os.close(slave)
    reader.join(10)
    still_a_device = stat.S_ISCHR(os.stat(device).st_mode)
    os.close(master)
    assert code == EXIT_OK, out
    assert still_a_device
    assert bytes(received) == (ROOT / "schema" / "issue.schema.json").read_bytes()


def test_a_fifo_is_refused_and_left_alone(tmp_path: Path) -> None:
    fifo = tmp_path / "minimal.txt"
    os.mkfifo(fifo)
    code, out = run("render", str(MINIMAL_SAMPLE), "--to", "text", "-o", str(tmp_path))
    assert code == EXIT_INVALID and "named pipe" in out
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_symbolic_link_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "schema.json"
    link.symlink_to(real)
    code, out = run("schema", "-o", str(link))
    assert code == EXIT_OK, out
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("{")


def test_a_240_character_file_name_works(tmp_path: Path) -> None:
    path = sample(tmp_path, "n" * 240 + ".yaml")
    code, out = run("render", str(path), "--to", "text,docx", "-o", str(tmp_path / "out"))
    assert code == EXIT_OK, out
    assert (tmp_path / "out" / ("n" * 240 + ".docx")).is_file()


# ------------------------------------------------- 10. one writer's budget failing


def test_the_email_budget_failing_says_only_the_email_failed(tmp_path: Path) -> None:
    path = sample(tmp_path, **{"title: アゼルバイジャン政治・治安情報": "title: " + "題" * 40_000})
    out = tmp_path / "out"
    code, message = run("render", str(path), "--to", "docx,email,pdf", "-o", str(out))
    assert code == EXIT_INVALID, message
    assert "the email output could not be made" in message
    assert "only the email output failed, and no file was written" in message
    assert "--to docx,pdf" in message
    assert not out.exists()


# ---------------------------------------------- 7. style and distribution files in their lane


def style_folder(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "mystyle"
    folder.mkdir(exist_ok=True)
    (folder / "style.yaml").write_text("inherits: embassy\n" + text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("fonts: {pdf: {body: {latin: ../../etc/passwd.ttf}}}", "not a file name inside"),
        ("fonts: {pdf: {body: {latin: /etc/passwd}}}", "not a file name inside"),
        ("fonts: {pdf: {body: {latin: 'C:\\\\Windows\\\\Fonts\\\\a.ttf'}}}", "not a file name"),
        ("fonts: {pdf: {body: {latin: style.yaml}}}", "is not a font file"),
        ("fonts: {pdf: {body: {latin: fake.ttf}}}", "is not a font file"),
        ("fonts: {pdf: {body: {latin: missing.ttf}}}", "is not in the style folder"),
        ("writers: {pdf: {latin_italic: ../x.ttf}}", "not a file name inside"),
        ("writers: {docx: {reference: /etc/passwd}}", "not a file name inside"),
        ("writers: {docx: {reference: fake.docx}}", "is not a DOCX file"),
        ("writers: {email: {template: ../../../../etc/passwd}}", "not a file name inside"),
        ("writers: {email: {template: outside.j2}}", "is not in the style folder"),
    ],
)
def test_style_files_stay_in_their_lane(tmp_path: Path, text: str, words: str) -> None:
    folder = style_folder(tmp_path, text)
    (folder / "fake.ttf").write_text("not a font", encoding="utf-8")
    (folder / "fake.docx").write_text("not a docx", encoding="utf-8")
    (tmp_path / "secret.j2").write_text("{{ secret }}", encoding="utf-8")
    (folder / "outside.j2").symlink_to(tmp_path / "secret.j2")  # a link out of the folder
    code, out = run("check", str(MINIMAL_SAMPLE), "--style", str(folder))
    assert code == EXIT_INVALID, out
    line = next(line for line in out.splitlines() if words in line)
    assert line.startswith(f"{folder / 'style.yaml'}:2:"), line
    code, out = run("render", str(MINIMAL_SAMPLE), "--style", str(folder), "-o", str(tmp_path))
    assert code == EXIT_INVALID and "internal error" not in out, out


def test_a_font_in_the_style_folder_is_used(tmp_path: Path) -> None:
    import shutil

    from briefout.resources import fonts_dir

    folder = style_folder(tmp_path, "fonts: {pdf: {body: {latin: fonts/Mine.ttf}}}")
    (folder / "fonts").mkdir()
    shutil.copy(fonts_dir() / "LiberationSerif-Regular.ttf", folder / "fonts" / "Mine.ttf")
    code, out = run("check", str(MINIMAL_SAMPLE), "--style", str(folder))
    assert code == EXIT_OK, out


@pytest.mark.parametrize(
    ("line", "path", "words"),
    [
        ('list_unsubscribe: ["mailto:u@example.org\\0"]', "list_unsubscribe[0]", "U+0000"),
        ('smtp: {host: "smtp.example.org\\r\\nRCPT TO: x"}', "smtp.host", "expected form"),
        ('smtp: {host: "smtp.example.org\\u2028x"}', "smtp.host", "expected form"),
        ('smtp: {host: "smtp.example.org", user: "a\\nb"}', "smtp.user", "expected form"),
        (f'reply_to: "{"n" * 400} <a@example.org>"', "reply_to", "at most 320"),
        (f'list_unsubscribe: ["https://x.example/{"u" * 3000}"]', "list_unsubscribe[0]", "900"),
    ],
)
def test_distribution_values_are_refused_with_a_position_and_a_limit(
    tmp_path: Path, line: str, path: str, words: str
) -> None:
    from briefout.distribution import load_distribution

    config = tmp_path / "dist.yaml"
    config.write_text(
        "from: Embassy <briefing@embassy.example>\nto: briefing@embassy.example\n" + line + "\n",
        encoding="utf-8",
    )
    with pytest.raises(UserError) as caught:
        load_distribution(config)
    problem = caught.value.problems[0]
    assert problem.path == path and problem.line == 3 and words in str(problem), str(problem)
    assert not any(ord(ch) < 32 for ch in str(problem))


# ------------------------------------------------------ 9. right-to-left text in the PDF


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("en: State Border Service", "en: State Border Service \u05e9\u05dc\u05d5\u05dd"),
        (
            "source: Apa, 2026-01-07",
            "source: \u0627\u0644\u062c\u0632\u064a\u0631\u0629, 2026-01-07",
        ),
        ("In 2025, a total", "\u05d0\u05d1 In 2025, a total"),
    ],
    ids=["hebrew-headline", "arabic-outlet", "hebrew-body"],
)
def test_right_to_left_text_is_refused_by_the_pdf_only(
    tmp_path: Path, field: str, text: str
) -> None:
    path = sample(tmp_path, **{field: text})
    code, out = run("render", str(path), "--to", "pdf", "-o", str(tmp_path / "out"))
    assert code == EXIT_INVALID, out
    assert f"{path}:" in out and "right-to-left text" in out and "print backwards" in out
    assert not (tmp_path / "out").exists()
    code, out = run("render", str(path), "--to", "docx,email,text", "-o", str(tmp_path / "o2"))
    assert code == EXIT_OK, out


def test_left_to_right_marks_and_latin_are_not_refused(tmp_path: Path) -> None:
    path = sample(tmp_path, **{"en: State Border Service": "en: State \u200eBorder Service"})
    code, out = run("render", str(path), "--to", "pdf", "-o", str(tmp_path / "out"))
    assert code == EXIT_OK, out
