"""`briefout send`: a real SMTP exchange with aiosmtpd on 127.0.0.1, dry runs, refusals."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from briefout.cli import app
from briefout.distribution import Distribution, load_distribution
from briefout.errors import EXIT_INVALID, EXIT_OK, UserError
from briefout.send import deliver, prepare

from conftest import ROOT, SAMPLE_FILES


class Sink:
    """An aiosmtpd handler that keeps every envelope it is given."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_sink() -> Iterator[tuple[Sink, int]]:
    from aiosmtpd.controller import Controller

    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()


def write_config(folder: Path, port: int, extra: str = "") -> Path:
    path = folder / "dist.yaml"
    path.write_text(
        "from: 在アゼルバイジャン大使館 <briefing@embassy.example>\n"
        "to: briefing@embassy.example\n"
        "bcc: [reader1@example.org, reader2@example.org]\n"
        "reply_to: press@embassy.example\n"
        "list_unsubscribe: mailto:unsubscribe@embassy.example\n"
        f"smtp: {{host: 127.0.0.1, port: {port}, security: none{extra}}}\n",
        encoding="utf-8",
    )
    return path


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def test_send_delivers_the_whole_message(smtp_sink, tmp_path: Path) -> None:
    sink, port = smtp_sink
    config = write_config(tmp_path, port)
    issue = SAMPLE_FILES["reference"]
    result = invoke("send", str(issue), "--config", str(config))
    assert result.exit_code == EXIT_OK, result.output
    assert "sent reference.eml to 3 recipient(s)" in result.output
    assert len(sink.envelopes) == 1
    envelope = sink.envelopes[0]
    assert envelope.mail_from == "briefing@embassy.example"
    assert sorted(envelope.rcpt_tos) == [
        "briefing@embassy.example",
        "reader1@example.org",
        "reader2@example.org",
    ]
    # the received message is the rendered .eml, intact, readers hidden in Bcc
    expected = prepare(issue, config).message
    received = envelope.original_content
    assert received.rstrip(b"\r\n") == expected.rstrip(b"\r\n")
    message = email.message_from_bytes(received, policy=email.policy.default)
    assert "Bcc" not in message and b"reader1" not in received
    attachments = {p.get_filename(): p.get_content() for p in message.iter_attachments()}
    sent = email.message_from_bytes(expected, policy=email.policy.default)
    assert attachments == {p.get_filename(): p.get_content() for p in sent.iter_attachments()}
    assert set(attachments) == {"reference.pdf", "reference.docx"}
    assert attachments["reference.pdf"].startswith(b"%PDF-")
    assert attachments["reference.docx"].startswith(b"PK")


def test_dry_run_sends_nothing(smtp_sink, tmp_path: Path) -> None:
    sink, port = smtp_sink
    config = write_config(tmp_path, port)
    result = invoke("send", str(SAMPLE_FILES["minimal"]), "--config", str(config), "--dry-run")
    assert result.exit_code == EXIT_OK, result.output
    assert sink.envelopes == []
    out = result.output
    assert "From: 在アゼルバイジャン大使館 <briefing@embassy.example>" in out
    assert "Bcc: 2 recipient(s): reader1@example.org, reader2@example.org" in out
    assert "Subject: アゼルバイジャン政治・治安情報（2026年1月10日～2026年1月23日）" in out
    assert "attachment: minimal.pdf" in out and "attachment: minimal.docx" in out
    assert f"server: 127.0.0.1:{port} (none) without login" in out
    assert "dry run: nothing was sent" in out


def test_an_issue_that_fails_check_is_refused(smtp_sink, tmp_path: Path) -> None:
    sink, port = smtp_sink
    config = write_config(tmp_path, port)
    bad = tmp_path / "bad.yaml"
    text = SAMPLE_FILES["minimal"].read_text(encoding="utf-8")
    bad.write_text(text.replace("period: 2026-01-10..2026-01-23", "period: soon"), "utf-8")
    result = invoke("send", str(bad), "--config", str(config))
    assert result.exit_code == EXIT_INVALID
    assert f"{bad}:5:9: period:" in result.output
    assert "fails `briefout check`; nothing was sent" in result.output
    assert sink.envelopes == []
    with pytest.raises(UserError) as caught:
        prepare(bad, config)
    assert caught.value.problems and "nothing was sent" in caught.value.message


def test_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    config = write_config(tmp_path, free_port())
    result = invoke("send", str(SAMPLE_FILES["minimal"]), "--config", str(config))
    assert result.exit_code == EXIT_INVALID
    assert "cannot deliver to 127.0.0.1:" in result.output


def test_bad_distribution_file_is_refused_with_positions(tmp_path: Path) -> None:
    config = tmp_path / "dist.yaml"
    config.write_text("from: nobody\nto: a@example.org\n", encoding="utf-8")
    result = invoke("send", str(SAMPLE_FILES["minimal"]), "--config", str(config))
    assert result.exit_code == EXIT_INVALID
    assert f"{config}:1:7: from:" in result.output


# ------------------------------------------------------------------ login and password


class FakeSmtp:
    """Records what deliver() asks of the server."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, ...]] = []

    def login(self, user: str, password: str) -> None:
        self.calls.append(("login", user, password))

    def sendmail(self, sender: str, recipients: list[str], message: bytes) -> dict:
        self.calls.append(("sendmail", sender, *recipients))
        return {"reader2@example.org": (550, b"no such user")}

    def quit(self) -> None:
        self.calls.append(("quit",))


def prepared_with(smtp: dict[str, Any]) -> Any:
    dist = Distribution.model_validate(
        {
            "from": "briefing@embassy.example",
            "to": "briefing@embassy.example",
            "bcc": ["reader1@example.org", "reader2@example.org"],
            "smtp": smtp,
        }
    )
    return prepare(SAMPLE_FILES["minimal"], dist)


def test_password_comes_from_the_named_environment_variable() -> None:
    prepared = prepared_with(
        {"host": "smtp.example", "user": "briefing", "password_env": "MY_SMTP_PASSWORD"}
    )
    fake = FakeSmtp()
    sent = deliver(prepared, environ={"MY_SMTP_PASSWORD": "s3cret"}, connect=lambda _: fake)
    assert fake.calls[0] == ("login", "briefing", "s3cret")
    assert fake.calls[1][:2] == ("sendmail", "briefing@embassy.example")
    assert fake.calls[-1] == ("quit",)
    assert sent.accepted == ["briefing@embassy.example", "reader1@example.org"]
    assert sent.refused == {"reader2@example.org": (550, "no such user")}


def test_missing_password_is_a_user_error() -> None:
    prepared = prepared_with({"host": "smtp.example", "user": "briefing"})
    with pytest.raises(UserError, match="BRIEFOUT_SMTP_PASSWORD"):
        deliver(prepared, environ={}, connect=lambda _: pytest.fail("must not connect"))


def test_no_password_over_an_unencrypted_connection() -> None:
    prepared = prepared_with({"host": "smtp.example", "user": "briefing", "security": "none"})
    with pytest.raises(UserError, match="in clear"):
        deliver(prepared, environ={"BRIEFOUT_SMTP_PASSWORD": "x"})


def test_implicit_tls_against_a_plain_server_fails_clearly(smtp_sink) -> None:
    _, port = smtp_sink
    prepared = prepared_with({"host": "127.0.0.1", "port": port, "security": "tls", "timeout_s": 5})
    with pytest.raises(UserError, match=r"TLS with 127\.0\.0\.1|cannot deliver"):
        deliver(prepared, environ={})


def test_readme_distribution_example_is_valid(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "dist.yaml"
    path.write_text(example, encoding="utf-8")
    dist = load_distribution(path)
    assert dist.smtp is not None and dist.smtp.security == "starttls"
