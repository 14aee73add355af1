"""`briefout send`: a real SMTP exchange with aiosmtpd on 127.0.0.1, dry runs, refusals."""

from __future__ import annotations

import email
import email.policy
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from briefout import send
from briefout.cli import app
from briefout.distribution import Distribution, load_distribution
from briefout.errors import EXIT_INVALID, EXIT_NOT_ALL_SENT, EXIT_OK, UserError
from briefout.send import Pacing, deliver, prepare

from conftest import ROOT, SAMPLE_FILES, need_tool
from smtpfaults import free_port

# The implicit-TLS server must accept AUTH without STARTTLS (its connection is TLS from the first
# byte), which aiosmtpd warns about; the tests check the TLS of each arrival themselves.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")


class Sink:
    """An aiosmtpd handler that keeps every envelope it is given."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted"


@pytest.fixture(autouse=True)
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Retry waits are recorded, never slept."""
    recorded: list[float] = []
    monkeypatch.setattr(send, "PACING", Pacing(sleep=recorded.append))
    return recorded


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


def write_config(folder: Path, port: int, extra: str = "", security: str = "none") -> Path:
    path = folder / "dist.yaml"
    path.write_text(
        "from: 在アゼルバイジャン大使館 <briefing@embassy.example>\n"
        "to: briefing@embassy.example\n"
        "bcc: [reader1@example.org, reader2@example.org]\n"
        "reply_to: press@embassy.example\n"
        "list_unsubscribe: mailto:unsubscribe@embassy.example\n"
        f"smtp: {{host: 127.0.0.1, port: {port}, security: {security}{extra}}}\n",
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
    assert "sent reference.eml to 3 recipient(s) in 1 transaction(s)" in result.output
    assert len(sink.envelopes) == 1
    assert_delivered_intact(sink.envelopes[0], issue, config)


def assert_delivered_intact(envelope: Any, issue: Path, config: Path) -> None:
    """The envelope holds the message a separate render makes, readers only in the envelope."""
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
    assert set(attachments) == {f"{issue.stem}.pdf", f"{issue.stem}.docx"}
    assert attachments[f"{issue.stem}.pdf"].startswith(b"%PDF-")
    assert attachments[f"{issue.stem}.docx"].startswith(b"PK")


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


def test_unreachable_server_is_retried_then_reported(tmp_path: Path, waits: list[float]) -> None:
    config = write_config(tmp_path, free_port())
    result = invoke("send", str(SAMPLE_FILES["minimal"]), "--config", str(config))
    assert result.exit_code == EXIT_NOT_ALL_SENT
    assert waits == [5.0, 30.0, 120.0]
    assert "retrying in 5 s (attempt 2 of 4)" in result.stdout
    assert "stopped: gave up after 4 attempts: cannot deliver to 127.0.0.1:" in result.stderr
    assert "not served yet: 3 reader(s): briefing@embassy.example, reader1@" in result.stderr


def test_an_unknown_host_is_a_user_error_at_once(tmp_path: Path, waits: list[float]) -> None:
    config = write_config(tmp_path, 25)
    config.write_text(
        config.read_text(encoding="utf-8").replace("127.0.0.1", "nosuchhost.invalid"), "utf-8"
    )
    result = invoke("send", str(SAMPLE_FILES["minimal"]), "--config", str(config))
    assert result.exit_code == EXIT_INVALID
    assert "cannot find the server nosuchhost.invalid" in result.stderr and waits == []


def test_bad_distribution_file_is_refused_with_positions(tmp_path: Path) -> None:
    config = tmp_path / "dist.yaml"
    config.write_text("from: nobody\nto: a@example.org\n", encoding="utf-8")
    result = invoke("send", str(SAMPLE_FILES["minimal"]), "--config", str(config))
    assert result.exit_code == EXIT_INVALID
    assert f"{config}:1:7: from:" in result.output


# ------------------------------------------------------------------ login and password


class FakeSmtp:
    """Records what deliver() asks of the server; refuses reader2."""

    does_esmtp = False

    def __init__(self) -> None:
        self.calls: list[tuple[str, ...]] = []

    def login(self, user: str, password: str) -> None:
        self.calls.append(("login", user, password))

    def ehlo_or_helo_if_needed(self) -> None:
        pass

    def putcmd(self, command: str) -> None:
        verb, _, argument = command.partition(" ")  # "rcpt TO:<reader1@example.org>"
        self.calls.append((verb, argument.partition(":")[2].strip("<>")))

    def getreply(self) -> tuple[int, bytes]:
        refused = self.calls[-1] == ("rcpt", "reader2@example.org")
        return (550, b"no such user") if refused else (250, b"OK")

    def data(self, message: bytes) -> tuple[int, bytes]:
        self.calls.append(("data",))
        return 250, b"OK"

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
    assert fake.calls == [
        ("login", "briefing", "s3cret"),
        ("mail", "briefing@embassy.example"),
        ("rcpt", "briefing@embassy.example"),
        ("rcpt", "reader1@example.org"),
        ("rcpt", "reader2@example.org"),
        ("data",),
        ("quit",),
    ]
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


# ------------------------------------------------------------------ STARTTLS and implicit TLS

USER = "briefing@embassy.example"
PASSWORD = "s3cret: with spaces & symbols!"
PASSWORD_ENV = "BRIEFOUT_TEST_SMTP_PASSWORD"
LOGIN = f", user: {USER}, password_env: {PASSWORD_ENV}, timeout_s: 10"


class Pki:
    """Throwaway CAs and server certificates, made with the openssl command in one folder."""

    def __init__(self, openssl: str, folder: Path) -> None:
        self.openssl = openssl
        self.folder = folder

    def _run(self, *args: str) -> None:
        subprocess.run(
            [self.openssl, *args], cwd=self.folder, check=True, capture_output=True, timeout=30
        )

    def _key_and_config(self, name: str, extensions: str) -> str:
        """Make NAME.key (EC P-256) and NAME.cnf (subject CN=NAME, extensions in [ext])."""
        self._run(
            "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
            "-out", f"{name}.key",
        )  # fmt: skip
        (self.folder / f"{name}.cnf").write_text(
            f"[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = {name}\n[ext]\n{extensions}",
            encoding="ascii",
        )
        return f"{name}.cnf"

    def ca(self, name: str) -> Path:
        """A self-signed CA certificate NAME.pem (its key beside it as NAME.key)."""
        config = self._key_and_config(
            name,
            "basicConstraints = critical, CA:TRUE\n"
            "keyUsage = critical, keyCertSign, cRLSign\n"
            "subjectKeyIdentifier = hash\n",
        )
        self._run(
            "req", "-x509", "-new", "-key", f"{name}.key", "-config", config,
            "-extensions", "ext", "-days", "2", "-out", f"{name}.pem",
        )  # fmt: skip
        return self.folder / f"{name}.pem"

    def server(self, name: str, ca: Path, alt_names: str) -> tuple[Path, Path]:
        """A server certificate for ``alt_names`` signed by ``ca``: (NAME.pem, NAME.key)."""
        config = self._key_and_config(
            name,
            "basicConstraints = critical, CA:FALSE\n"
            "keyUsage = critical, digitalSignature\n"
            "extendedKeyUsage = serverAuth\n"
            "subjectKeyIdentifier = hash\n"
            "authorityKeyIdentifier = keyid\n"
            f"subjectAltName = {alt_names}\n",
        )
        self._run("req", "-new", "-key", f"{name}.key", "-config", config, "-out", f"{name}.csr")
        self._run(
            "x509", "-req", "-in", f"{name}.csr", "-CA", ca.name, "-CAkey", f"{ca.stem}.key",
            "-CAcreateserial", "-days", "2", "-extfile", config, "-extensions", "ext",
            "-out", f"{name}.pem",
        )  # fmt: skip
        return self.folder / f"{name}.pem", self.folder / f"{name}.key"


@dataclass(frozen=True)
class Certificates:
    ca: Path  # the CA the client is told to trust
    good: tuple[Path, Path]  # localhost / 127.0.0.1, signed by ca
    other_ca: tuple[Path, Path]  # localhost / 127.0.0.1, signed by a CA nobody trusts
    other_name: tuple[Path, Path]  # signed by ca, but for another host


@pytest.fixture(scope="session")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    pki = Pki(need_tool("openssl", "test certificates"), tmp_path_factory.mktemp("pki"))
    ca = pki.ca("briefout-test-ca")
    stranger = pki.ca("stranger-ca")
    here = "DNS:localhost, IP:127.0.0.1"
    return Certificates(
        ca=ca,
        good=pki.server("good", ca, here),
        other_ca=pki.server("other-ca", stranger, here),
        other_name=pki.server("other-name", ca, "DNS:mail.other.example"),
    )


class TlsSink(Sink):
    """A Sink that also checks logins and notes how each message came in."""

    def __init__(self) -> None:
        super().__init__()
        self.logins: list[tuple[str, str, str]] = []  # (mechanism, user, password)
        self.arrivals: list[dict[str, Any]] = []

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> Any:
        from aiosmtpd.smtp import AuthResult

        user, password = auth_data.login.decode(), auth_data.password.decode()
        self.logins.append((mechanism, user, password))
        ok = (user, password) == (USER, PASSWORD)
        # handled=False: aiosmtpd itself answers 235 or 535
        return AuthResult(success=ok, handled=False, auth_data=user if ok else None)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        tls = server.transport.get_extra_info("ssl_object")
        self.arrivals.append(
            {
                "tls": tls.version() if tls is not None else None,
                "starttls": session.ssl is not None,  # aiosmtpd sets it on STARTTLS only
                "user": session.auth_data if session.authenticated else None,
            }
        )
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def tls_server() -> Iterator[Callable[[str, tuple[Path, Path]], tuple[TlsSink, int]]]:
    """``tls_server(security, (cert, key))``: an aiosmtpd on 127.0.0.1 that wants a login."""
    import ssl

    from aiosmtpd.controller import Controller

    controllers: list[Any] = []

    def start(security: str, cert_and_key: tuple[Path, Path]) -> tuple[TlsSink, int]:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*cert_and_key)
        sink = TlsSink()
        port = free_port()
        common: dict[str, Any] = {
            "hostname": "127.0.0.1",
            "port": port,
            "authenticator": sink.authenticate,
            "auth_required": True,
            "ready_timeout": 10,
            "timeout": 10,
        }
        if security == "starttls":
            controller = Controller(
                sink, tls_context=context, require_starttls=True, auth_require_tls=True, **common
            )
        else:
            # Implicit TLS (SMTPS): the whole connection is TLS, so aiosmtpd's STARTTLS-only
            # auth_require_tls would refuse every AUTH; the TLS itself is checked in arrivals.
            controller = Controller(sink, ssl_context=context, auth_require_tls=False, **common)
        controller.start()
        controllers.append(controller)
        return sink, port

    try:
        yield start
    finally:
        for controller in controllers:
            controller.stop()


def tls_config(folder: Path, port: int, security: str, ca: Path | None) -> Path:
    """A distribution file with login; the CA copied beside it and named by a relative path."""
    extra = LOGIN
    if ca is not None:
        (folder / "certs").mkdir(exist_ok=True)
        shutil.copyfile(ca, folder / "certs" / "embassy-ca.pem")
        extra += ", ca_file: certs/embassy-ca.pem"
    return write_config(folder, port, extra, security=security)


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_send_over_tls_with_login(
    security: str, certificates: Certificates, tls_server, tmp_path: Path
) -> None:
    sink, port = tls_server(security, certificates.good)
    config = tls_config(tmp_path, port, security, certificates.ca)
    issue = SAMPLE_FILES["reference"]
    result = CliRunner().invoke(
        app, ["send", str(issue), "--config", str(config)], env={PASSWORD_ENV: PASSWORD}
    )
    assert result.exit_code == EXIT_OK, result.output
    assert "sent reference.eml to 3 recipient(s)" in result.output
    assert [mechanism for mechanism, _, _ in sink.logins] in (["PLAIN"], ["LOGIN"])
    assert [login[1:] for login in sink.logins] == [(USER, PASSWORD)]
    assert len(sink.envelopes) == 1 and len(sink.arrivals) == 1
    arrival = sink.arrivals[0]
    assert arrival["tls"] in ("TLSv1.2", "TLSv1.3")
    assert arrival["starttls"] is (security == "starttls")
    assert arrival["user"] == USER
    assert_delivered_intact(sink.envelopes[0], issue, config)


def test_system_trust_store_is_used_without_ca_file(
    certificates: Certificates, tls_server, tmp_path: Path
) -> None:
    """Without smtp.ca_file the system's CAs decide: SSL_CERT_FILE is OpenSSL's way to set them."""
    sink, port = tls_server("starttls", certificates.good)
    config = tls_config(tmp_path, port, "starttls", ca=None)
    issue = SAMPLE_FILES["minimal"]
    env = {k: v for k, v in os.environ.items() if k not in ("SSL_CERT_FILE", "SSL_CERT_DIR")}
    env[PASSWORD_ENV] = PASSWORD
    command = [sys.executable, "-m", "briefout", "send", str(issue), "--config", str(config)]

    refused = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert refused.returncode == EXIT_INVALID, refused.stderr
    assert "presented a certificate not trusted by the system" in refused.stderr
    assert "set smtp.ca_file" in refused.stderr
    assert sink.logins == [] and sink.envelopes == []

    env["SSL_CERT_FILE"] = str(certificates.ca)
    sent = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert sent.returncode == EXIT_OK, sent.stderr
    assert "sent minimal.eml to 3 recipient(s)" in sent.stdout
    assert [login[1:] for login in sink.logins] == [(USER, PASSWORD)]
    assert sink.arrivals[0]["starttls"] and sink.arrivals[0]["user"] == USER
    assert_delivered_intact(sink.envelopes[0], issue, config)


@pytest.mark.parametrize(
    ("security", "which", "why"),
    [
        ("starttls", "other_ca", "unable to get local issuer certificate"),
        ("tls", "other_ca", "unable to get local issuer certificate"),
        ("starttls", "other_name", "mismatch, certificate is not valid for '127.0.0.1'"),
        ("tls", "other_name", "mismatch, certificate is not valid for '127.0.0.1'"),
    ],
)
def test_an_untrusted_certificate_is_refused_before_login(
    security: str, which: str, why: str, certificates: Certificates, tls_server, tmp_path: Path
) -> None:
    sink, port = tls_server(security, getattr(certificates, which))
    config = tls_config(tmp_path, port, security, certificates.ca)
    result = CliRunner().invoke(
        app,
        ["send", str(SAMPLE_FILES["minimal"]), "--config", str(config)],
        env={PASSWORD_ENV: PASSWORD},
    )
    assert result.exit_code == EXIT_INVALID, result.output
    assert f"127.0.0.1:{port} ({security}) presented a certificate not trusted by " in result.output
    assert f"the CA in smtp.ca_file ({tmp_path / 'certs' / 'embassy-ca.pem'})" in result.output
    assert why in result.output
    assert "nothing was sent (no password either)" in result.output
    assert sink.logins == [] and sink.envelopes == []  # the password never left the client


def test_a_wrong_password_is_refused_over_tls(
    certificates: Certificates, tls_server, tmp_path: Path
) -> None:
    sink, port = tls_server("tls", certificates.good)
    config = tls_config(tmp_path, port, "tls", certificates.ca)
    result = CliRunner().invoke(
        app,
        ["send", str(SAMPLE_FILES["minimal"]), "--config", str(config)],
        env={PASSWORD_ENV: "wrong"},
    )
    assert result.exit_code == EXIT_INVALID, result.output
    assert f"refused the login of {USER}: 535" in result.output
    assert f"check the password in {PASSWORD_ENV}" in result.output
    # smtplib tries each mechanism the server offers before giving up
    assert sink.logins and {login[1:] for login in sink.logins} == {(USER, "wrong")}
    assert sink.envelopes == []


# ------------------------------------------------------------------ smtp.ca_file


def test_ca_file_is_relative_to_the_distribution_file(
    certificates: Certificates, tmp_path: Path
) -> None:
    config = tls_config(tmp_path, 587, "starttls", certificates.ca)
    dist = load_distribution(config)
    assert dist.smtp is not None and dist.smtp.ca_file == tmp_path / "certs" / "embassy-ca.pem"
    result = invoke("send", str(SAMPLE_FILES["minimal"]), "--config", str(config), "--dry-run")
    assert result.exit_code == EXIT_OK, result.output
    assert (
        f"server: 127.0.0.1:587 (starttls) as {USER}, trusting only the CA in "
        f"{tmp_path / 'certs' / 'embassy-ca.pem'}"
    ) in result.output


@pytest.mark.parametrize(
    ("security", "ca_file", "content", "message"),
    [
        ("starttls", "missing.pem", None, "is not a file; give the path of the CA's PEM"),
        ("tls", "notes.txt", "not a certificate\n", "holds no usable CA certificate"),
        ("none", "ca.pem", "CA", "ca_file is set but security is none"),
    ],
)
def test_a_bad_ca_file_is_refused_with_its_position(
    security: str,
    ca_file: str,
    content: str | None,
    message: str,
    certificates: Certificates,
    tmp_path: Path,
) -> None:
    if content is not None:
        target = tmp_path / ca_file
        if content == "CA":
            shutil.copyfile(certificates.ca, target)
        else:
            target.write_text(content, encoding="utf-8")
    config = write_config(tmp_path, 25, f", ca_file: {ca_file}", security=security)
    result = invoke("send", str(SAMPLE_FILES["minimal"]), "--config", str(config), "--dry-run")
    assert result.exit_code == EXIT_INVALID, result.output
    assert f"{config}:6:" in result.output and "smtp" in result.output
    assert message in result.output


@pytest.mark.parametrize("announces_8bitmime", [True, False])
def test_8bit_parts_travel_as_8bitmime_or_re_encoded(
    tmp_path: Path, announces_8bitmime: bool
) -> None:
    """The minimal issue's text and HTML parts are 8bit: BODY=8BITMIME where the server
    announces it (aiosmtpd does unless it decodes data), else they go as base64/QP."""
    from aiosmtpd.controller import Controller

    sink = Sink()
    port = free_port()
    controller = Controller(
        sink, hostname="127.0.0.1", port=port, decode_data=not announces_8bitmime
    )
    controller.start()
    try:
        config = write_config(tmp_path, port)
        prepared = prepare(SAMPLE_FILES["minimal"], config)
        assert not prepared.message.isascii()
        deliver(prepared, environ={})
    finally:
        controller.stop()
    (envelope,) = sink.envelopes
    received = envelope.original_content
    if announces_8bitmime:
        assert "BODY=8BITMIME" in envelope.mail_options
        assert received.rstrip(b"\r\n") == prepared.message.rstrip(b"\r\n")
    else:
        assert received.isascii()
        assert b"Content-Transfer-Encoding: 8bit" not in received
    sent = email.message_from_bytes(prepared.message, policy=email.policy.default)
    got = email.message_from_bytes(received, policy=email.policy.default)
    assert [p.get_content() for p in got.walk() if not p.is_multipart()] == [
        p.get_content() for p in sent.walk() if not p.is_multipart()
    ]
    assert str(got["List-Unsubscribe"]) == str(sent["List-Unsubscribe"])


def test_a_distribution_file_with_a_syntax_error_prints_no_empty_error_line(
    tmp_path: Path,
) -> None:
    config = tmp_path / "dist.yaml"
    config.write_text("bcc: [a@example.org\n", encoding="utf-8")
    result = invoke("send", str(SAMPLE_FILES["minimal"]), "--config", str(config))
    assert result.exit_code == EXIT_INVALID
    assert f"{config}:2:1: YAML syntax error" in result.output
    assert "error: \n" not in result.output and not result.output.startswith("error:\n")
