"""Atomic output (briefout.output): where the staging file lives, what a failure leaves behind,
and the plain message that names the file."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from briefout import output
from briefout.errors import UserError


def test_missing_folders_of_a_target_are_created(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "c.txt"
    output.write_atomic(target, b"data")
    assert target.read_bytes() == b"data"


def test_the_file_is_staged_hidden_beside_its_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beside it (a rename within one folder is atomic), hidden, named after briefout."""
    folder = tmp_path / "out"
    folder.mkdir()
    seen: list[list[str]] = []
    real_fsync = os.fsync

    def look(fd: int) -> None:
        seen.append(sorted(p.name for p in folder.iterdir()))
        real_fsync(fd)

    monkeypatch.setattr(output.os, "fsync", look)
    output.write_atomic(folder / "issue.pdf", b"new")
    ((staged,),) = seen
    assert staged.startswith(".briefout-") and staged.endswith(".part"), staged
    assert sorted(p.name for p in folder.iterdir()) == ["issue.pdf"]


def test_a_failed_stage_reports_its_own_error_even_if_the_staging_file_vanished(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def vanish_then_fail(fd: int) -> None:
        for leftover in tmp_path.glob(".briefout-*"):
            leftover.unlink()  # e.g. a clean-up by another program
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", vanish_then_fail)
    target = tmp_path / "issue.txt"
    with pytest.raises(UserError) as caught:
        output.write_atomic(target, b"new")
    assert caught.value.message == (
        f"cannot write {target} (No space left on device); check that {tmp_path} is a folder "
        "you can write to, with space left; no file was changed"
    )


def test_a_name_the_system_refuses_is_a_user_error(tmp_path: Path) -> None:
    target = tmp_path / ("a" * 300)
    with pytest.raises(UserError) as caught:
        output.write_atomic(target, b"new")
    assert caught.value.message == f"cannot use {target} (File name too long); choose another name"


def test_a_symbolic_link_loop_is_a_user_error(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to("loop")
    with pytest.raises(UserError) as caught:
        output.write_atomic(loop, b"new")
    assert caught.value.message == (
        f"cannot use {loop} (Too many levels of symbolic links); choose another name"
    )
    assert loop.is_symlink() and sorted(p.name for p in tmp_path.iterdir()) == ["loop"]


def _block_the_rename_of(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another program puts a non-empty folder where ``target`` is about to be renamed."""
    real_replace = os.replace

    def replace(src: str, dst: str) -> None:
        if Path(dst) == target and str(src).endswith(".part"):
            Path(dst).mkdir()
            (Path(dst) / "keep").write_text("x", encoding="utf-8")
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", replace)


@pytest.mark.parametrize("old", [False, True], ids=["new file", "old file"])
def test_a_failed_rename_names_the_target_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: bool
) -> None:
    monkeypatch.chdir(tmp_path)
    target = Path("issue.txt")
    if old:
        target.write_bytes(b"old")
    _block_the_rename_of(target, monkeypatch)
    with pytest.raises(UserError) as caught:
        output.write_atomic(target, b"new")
    assert caught.value.message == (
        "cannot replace issue.txt (Is a directory); check the folder's permissions; "
        "no file was changed"
    )


def test_a_failed_rename_removes_the_new_files_already_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "new.txt", tmp_path / "old.pdf"
    second.write_bytes(b"old pdf")
    real_replace = os.replace

    def fail_on_the_second(src: str, dst: str) -> None:
        if Path(dst) == second and str(src).endswith(".part"):
            raise PermissionError(13, "Permission denied", str(src), None, str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", fail_on_the_second)
    with pytest.raises(UserError, match="no file was changed"):
        output.write_all_atomic([(first, b"new text"), (second, b"new pdf")])
    assert not first.exists() and second.read_bytes() == b"old pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.pdf"]


def test_a_failure_while_putting_back_still_puts_back_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The putting back goes on past a file it cannot restore; the first error is reported."""
    first, second, third = (tmp_path / name for name in ("a.txt", "a.pdf", "a.docx"))
    for path in (first, second, third):
        path.write_bytes(b"old " + path.suffix.encode())
    real_replace = os.replace

    def replace(src: str, dst: str) -> None:
        if Path(dst) == third and str(src).endswith(".part"):
            raise PermissionError(13, "Permission denied", str(src), None, str(dst))
        if Path(dst) == second and str(src).endswith(".old"):
            raise PermissionError(13, "Permission denied", str(src), None, str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", replace)
    with pytest.raises(UserError) as caught:
        output.write_all_atomic([(first, b"new"), (second, b"new"), (third, b"new")])
    assert caught.value.message.startswith(f"cannot replace {third} (Permission denied)")
    assert first.read_bytes() == b"old .txt" and third.read_bytes() == b"old .docx"


def test_a_backup_removed_by_another_program_does_not_fail_the_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "issue.txt"
    target.write_bytes(b"old")
    real_replace = os.replace

    def replace_then_lose_the_backup(src: str, dst: str) -> None:
        real_replace(src, dst)
        if str(dst).endswith(".old"):
            os.unlink(dst)

    monkeypatch.setattr(output.os, "replace", replace_then_lose_the_backup)
    output.write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["issue.txt"]


def test_a_dangling_symbolic_link_gets_its_target_written(tmp_path: Path) -> None:
    link = tmp_path / "issue.pdf"
    link.symlink_to("published/issue-1.pdf")
    (tmp_path / "published").mkdir()
    output.write_atomic(link, b"new")
    assert link.is_symlink() and os.readlink(link) == "published/issue-1.pdf"
    assert (tmp_path / "published" / "issue-1.pdf").read_bytes() == b"new"


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o000, 0o666), (0o077, 0o600)])
def test_a_new_file_has_the_mode_open_would_give(tmp_path: Path, umask: int, mode: int) -> None:
    old = os.umask(umask)
    try:
        output.write_atomic(tmp_path / "f.txt", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "f.txt").stat().st_mode & 0o777 == mode


@pytest.mark.parametrize(
    ("make", "what"),
    [
        (Path.mkdir, "a folder, not a file; give a file name, or remove or rename the folder"),
        (os.mkfifo, "a named pipe (FIFO), not a file; give the name of a regular file"),
    ],
    ids=["folder", "fifo"],
)
def test_a_target_that_is_no_file_is_refused_with_what_to_do(
    tmp_path: Path, make: Callable[[Path], object], what: str
) -> None:
    target = tmp_path / "issue.pdf"
    make(target)
    with pytest.raises(UserError) as caught:
        output.write_atomic(target, b"new")
    assert caught.value.message == f"{target} is {what}; no file was changed"


def test_a_file_where_a_folder_belongs_is_refused_with_what_to_do(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_bytes(b"a file")
    target = blocker / "sub" / "issue.pdf"
    with pytest.raises(UserError) as caught:
        output.write_atomic(target, b"new")
    assert caught.value.message == (
        f"{blocker} is a file, not a folder, so {target} cannot be written; give a folder "
        "(or a file name inside one); no file was changed"
    )


@pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals are POSIX")
def test_a_device_among_the_targets_leaves_the_files_after_it_written(tmp_path: Path) -> None:
    import threading

    master, slave = os.openpty()
    received = bytearray()

    def read() -> None:
        with contextlib.suppress(OSError):
            while chunk := os.read(master, 65536):
                received.extend(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        after = tmp_path / "after.txt"
        output.write_all_atomic([(Path(os.ttyname(slave)), b"to the device"), (after, b"file")])
    finally:
        os.close(slave)
    reader.join(10)
    os.close(master)
    assert after.read_bytes() == b"file"
    assert bytes(received).replace(b"\r\n", b"\n") == b"to the device"
