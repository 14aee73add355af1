"""The documented CLI contract: every exit code of every command, 130 on interrupt,
BRIEFOUT_DEBUG, and a real Ctrl-C (SIGINT) during a send."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefout.cli import app

from conftest import MINIMAL_SAMPLE

# The exit codes as the README states them (written out, not imported from the code).
OK, INTERNAL, INVALID, STALE, NOT_ALL_SENT, INTERRUPTED = 0, 1, 2, 3, 4, 130

BROKEN = "briefout: 1\ntitle: T\n"  # period, issuer and sections missing
# A text draft of one item, as `briefout import` reads it.
DRAFT = (
    "アゼルバイジャン政治・治安情報\n\n2025年12月27日～2026年1月9日\n\n在アゼルバイジャン大使館\n\n"
    "1. 軍事・治安関係\n\n● 見出し\n\nHeadline\n\nBody text. (Azertag, 05.01.2026)\n"
)


def invoke(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, args, env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    dist = tmp_path / "dist.yaml"
    dist.write_text(
        "from: Embassy <briefing@embassy.example>\nto: briefing@embassy.example\n"
        "bcc: [reader@example.org]\nsmtp: {host: 127.0.0.1, port: 9, security: none}\n",
        encoding="utf-8",
    )
    bad_dist = tmp_path / "bad-dist.yaml"
    bad_dist.write_text("from: nobody\n", encoding="utf-8")
    exists = tmp_path / "exists.yaml"
    exists.write_bytes(MINIMAL_SAMPLE.read_bytes())
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "issue.yaml").write_bytes(MINIMAL_SAMPLE.read_bytes())
    return {
        "draft": str(draft),
        "archive": str(archive),
        "site": str(tmp_path / "site"),
        "missing": str(tmp_path / "missing"),
        "out": str(tmp_path / "out"),
        "broken": str(broken),
        "dist": str(dist),
        "bad_dist": str(bad_dist),
        "exists": str(exists),  # a copy: a mutant that ignores --force must not spoil the sample
        "sample": str(MINIMAL_SAMPLE),
    }


# (command line, expected exit code); {name} is filled from the files fixture
CASES = [
    (["render", "{sample}", "--to", "text", "-o", "{out}"], OK),
    (["render", "{broken}", "--to", "text", "-o", "{out}"], INVALID),
    (["render", "{sample}", "--to", "nosuchformat", "-o", "{out}"], INVALID),
    (["render", "{sample}", "--to", "text", "-o", "{out}", "--check"], STALE),
    (["check", "{sample}"], OK),
    (["check", "{broken}"], INVALID),
    (["check", "{broken}", "--format", "json"], INVALID),
    (["check", "{broken}", "--format", "github"], INVALID),
    (["schema"], OK),
    (["schema", "-o", "{broken}/schema.json"], INVALID),  # a file where a folder must be
    (["writers"], OK),
    (["new", "--period", "2026-01-10..2026-01-23"], OK),
    (["new", "--period", "2026-01-10..2026-01-09"], INVALID),
    (["new", "--period", "2026-01-10..2026-01-23", "-o", "{exists}"], INVALID),
    (["send", "{sample}", "--config", "{dist}", "--dry-run"], OK),
    (["send", "{broken}", "--config", "{dist}", "--dry-run"], INVALID),
    (["send", "{sample}", "--config", "{bad_dist}", "--dry-run"], INVALID),
    (["import", "{draft}", "-o", "{out}/draft.yaml"], OK),
    (["import", "{draft}"], OK),  # to standard output
    (["import", "{missing}.txt"], INVALID),
    (["import", "{broken}"], INVALID),  # no reader for .yaml
    (["import", "{draft}", "-o", "{exists}"], INVALID),  # exists, no --force
    (["readers"], OK),
    (["build", "{archive}", "-o", "{site}", "--to", "text"], OK),
    (["build", "{missing}", "-o", "{site}", "--to", "text"], INVALID),
    (["build", "{archive}", "-o", "{site}", "--to", "text", "--check"], STALE),
    (["build", "{archive}", "-o", "{site}", "--to", "nosuchformat"], INVALID),
]


@pytest.mark.parametrize(("args", "code"), CASES, ids=[" ".join(a) for a, _ in CASES])
def test_exit_codes_of_every_command(args: list[str], code: int, files: dict[str, str]) -> None:
    got, out, err = invoke([arg.format(**files) for arg in args])
    assert got == code, (out, err)
    if code == INVALID:
        assert "Traceback" not in err
        assert err.strip() or out.strip()  # said why (check --format json/github on stdout)


# The function each command calls first that does real work (patched to fail).
ENTRY = {
    "render": ("briefout.style", "load_style", ["render", "{sample}", "--to", "text"]),
    "check": ("briefout.style", "load_style", ["check", "{sample}"]),
    "schema": ("briefout.schema", "issue_schema_json", ["schema"]),
    "writers": ("briefout.writers", "describe_writers", ["writers"]),
    "new": ("briefout.skeleton", "new_issue_yaml", ["new", "--period", "2026-01-10..2026-01-23"]),
    "send": ("briefout.send", "prepare", ["send", "{sample}", "--config", "{dist}", "--dry-run"]),
    "import": ("briefout.importer.batch", "plan_targets", ["import", "{draft}"]),
    "readers": ("briefout.readers", "describe_readers", ["readers"]),
    "build": ("briefout.project", "find_project", ["build", "{archive}", "-o", "{site}"]),
}


def _patched(monkeypatch: pytest.MonkeyPatch, command: str, error: BaseException) -> list[str]:
    import importlib

    module, name, args = ENTRY[command]

    def fail(*_args: object, **_kwargs: object) -> None:
        raise error

    monkeypatch.setattr(importlib.import_module(module), name, fail)
    return args


@pytest.mark.parametrize("command", sorted(ENTRY))
def test_every_command_exits_130_when_interrupted(
    command: str, files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = _patched(monkeypatch, command, KeyboardInterrupt())
    code, _, err = invoke([arg.format(**files) for arg in args])
    assert code == INTERRUPTED
    assert err == "interrupted; no output was replaced\n"


@pytest.mark.parametrize("command", sorted(ENTRY))
def test_every_command_reports_an_internal_error_with_exit_1(
    command: str, files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = _patched(monkeypatch, command, RuntimeError("boom"))
    code, _, err = invoke([arg.format(**files) for arg in args], env={"BRIEFOUT_DEBUG": ""})
    assert code == INTERNAL
    assert "internal error in briefout" in err and "RuntimeError: boom" in err
    assert "BRIEFOUT_DEBUG=1" in err and "Traceback" not in err


@pytest.mark.parametrize(("value", "traceback"), [("1", True), ("0", False), ("", False)])
def test_briefout_debug_adds_the_traceback(
    value: str, traceback: bool, files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = _patched(monkeypatch, "check", RuntimeError("boom"))
    code, _, err = invoke([arg.format(**files) for arg in args], env={"BRIEFOUT_DEBUG": value})
    assert code == INTERNAL
    assert ("Traceback (most recent call last)" in err) is traceback
    if traceback:
        assert err.rstrip().endswith("RuntimeError: boom")


def test_send_exits_4_when_a_reader_is_refused(tmp_path: Path) -> None:
    from smtpfaults import Mailbox, serving

    box = Mailbox(refuse={"reader@example.org": "550 5.1.1 no such user"})
    with serving(box) as port:
        dist = tmp_path / "dist.yaml"
        dist.write_text(
            "from: Embassy <briefing@embassy.example>\nto: briefing@embassy.example\n"
            f"bcc: [reader@example.org]\nsmtp: {{host: 127.0.0.1, port: {port}, security: none}}\n",
            encoding="utf-8",
        )
        code, out, err = invoke(["send", str(MINIMAL_SAMPLE), "--config", str(dist)])
    assert code == NOT_ALL_SENT, (out, err)
    assert box.copies() == {"briefing@embassy.example": 1}
    assert "reader@example.org" in err and "Traceback" not in err


@pytest.fixture
def silent_server() -> Iterator[tuple[int, threading.Event]]:
    """A TCP server on 127.0.0.1 that accepts one connection and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    connected = threading.Event()
    held: list[socket.socket] = []

    def accept() -> None:
        try:
            conn, _ = server.accept()
        except OSError:
            return
        held.append(conn)
        connected.set()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], connected
    finally:
        server.close()
        for conn in held:
            conn.close()


@pytest.mark.skipif(os.name != "posix", reason="SIGINT delivery to a child is POSIX")
def test_ctrl_c_during_send_exits_130(
    tmp_path: Path, silent_server: tuple[int, threading.Event]
) -> None:
    port, connected = silent_server
    dist = tmp_path / "dist.yaml"
    dist.write_text(
        "from: Embassy <briefing@embassy.example>\nto: briefing@embassy.example\n"
        f"bcc: [reader@example.org]\nsmtp: {{host: 127.0.0.1, port: {port}, security: none}}\n",
        encoding="utf-8",
    )
    child = subprocess.Popen(
        [sys.executable, "-m", "briefout", "send", str(MINIMAL_SAMPLE), "--config", str(dist)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert connected.wait(60), "send never connected"
        time.sleep(0.2)  # the client now waits for the server's greeting
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=30)
    finally:
        child.kill()
    assert child.returncode == INTERRUPTED, err
    assert "interrupted" in err and "Traceback" not in err
