"""`briefout send`: render the newsletter message and hand it to an SMTP server.

The issue is checked first (an issue that fails ``briefout check`` is never
sent), the message is the eml writer's output byte for byte, readers are Bcc
recipients (envelope only, never a header), and the password comes only from
the environment variable the distribution config names.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefout.errors import UserError

if TYPE_CHECKING:
    import smtplib
    import ssl

    from briefout.distribution import Distribution, Smtp
    from briefout.writers import Notice


@dataclass
class Prepared:
    """A rendered message and where it goes, not yet sent."""

    filename: str
    message: bytes
    distribution: Distribution
    subject: str
    attachments: list[tuple[str, int]]
    notices: list[Notice] = field(default_factory=list)

    @property
    def sender(self) -> str:
        """The envelope sender: the bare From address."""
        from email.utils import parseaddr

        return parseaddr(self.distribution.sender)[1]

    def describe(self) -> str:
        """What would be sent, for ``--dry-run``: headers, recipients, attachments, server."""
        dist = self.distribution
        lines = [f"message: {self.filename} ({len(self.message):,} bytes)"]
        lines.append(f"From: {dist.sender}")
        lines.append(f"To: {', '.join(dist.to)}")
        if dist.reply_to:
            lines.append(f"Reply-To: {', '.join(dist.reply_to)}")
        lines.append(f"Bcc: {len(dist.bcc)} recipient(s): {', '.join(dist.bcc) or '-'}")
        lines.append(f"Subject: {self.subject}")
        if dist.list_unsubscribe:
            lines.append(f"List-Unsubscribe: {', '.join(dist.list_unsubscribe)}")
        for name, size in self.attachments:
            lines.append(f"attachment: {name} ({size:,} bytes)")
        lines.append(f"envelope: {self.sender} -> {len(dist.recipients())} recipient(s)")
        if dist.smtp is None:
            lines.append("server: none configured (add smtp: to the distribution file)")
        else:
            login = f" as {dist.smtp.user}" if dist.smtp.user else " without login"
            trust = f", trusting only the CA in {dist.smtp.ca_file}" if dist.smtp.ca_file else ""
            lines.append(
                f"server: {dist.smtp.host}:{dist.smtp.effective_port} ({dist.smtp.security})"
                f"{login}{trust}"
            )
        return "\n".join(lines)


@dataclass
class Sent:
    """The outcome of a delivery: who was accepted and who was refused."""

    accepted: list[str]
    refused: dict[str, tuple[int, str]]


def prepare(
    issue_path: Path,
    config: Path | Distribution,
    *,
    style: str | Path = "embassy",
    environ: Mapping[str, str] | None = None,
) -> Prepared:
    """Check the issue, load the distribution config and render the complete message."""
    from email import message_from_bytes, policy

    from briefout.distribution import Distribution, load_distribution
    from briefout.loader import load_issue
    from briefout.render import render_issue
    from briefout.style import load_style

    distribution = config if isinstance(config, Distribution) else load_distribution(config)
    loaded_style = load_style(style)
    try:
        issue = load_issue(issue_path)
    except UserError as exc:
        detail = "" if exc.problems else f": {exc.message}"
        raise UserError(
            f"{issue_path} fails `briefout check`; nothing was sent{detail}", exc.problems
        ) from None
    result = render_issue(
        issue,
        loaded_style,
        "eml",
        source=issue_path,
        environ=environ,
        options={"eml": {"config": distribution}},
    )
    output = result.outputs[0]
    parsed = message_from_bytes(output.data, policy=policy.default)
    attachments = [
        (part.get_filename() or "", len(part.get_content())) for part in parsed.iter_attachments()
    ]
    return Prepared(
        filename=output.filename,
        message=output.data,
        distribution=distribution,
        subject=str(parsed["Subject"]),
        attachments=attachments,
        notices=result.notices,
    )


SmtpFactory = Callable[["Smtp"], "smtplib.SMTP"]


def _tls_context(server: Smtp) -> ssl.SSLContext:
    """Certificate and host name verified: against smtp.ca_file if set, else the system's CAs."""
    import ssl

    return ssl.create_default_context(cafile=None if server.ca_file is None else server.ca_file)


def _connect(server: Smtp) -> smtplib.SMTP:
    import smtplib

    port = server.effective_port
    if server.security == "tls":
        return smtplib.SMTP_SSL(
            server.host, port, timeout=server.timeout_s, context=_tls_context(server)
        )
    client = smtplib.SMTP(server.host, port, timeout=server.timeout_s)
    if server.security == "starttls":
        client.ehlo()
        client.starttls(context=_tls_context(server))
        client.ehlo()
    return client


def deliver(
    prepared: Prepared,
    *,
    environ: Mapping[str, str] | None = None,
    connect: SmtpFactory = _connect,
) -> Sent:
    """Send the prepared message over SMTP; UserError with a clear cause on any failure."""
    import smtplib
    import ssl

    environ = os.environ if environ is None else environ
    server = prepared.distribution.smtp
    if server is None:
        raise UserError(
            "the distribution file has no smtp: section; add host, port, security and user"
        )
    password = None
    if server.user:
        if server.security == "none":
            raise UserError(
                f"smtp.security is none: the password for {server.user} would cross the "
                "network in clear; use security: starttls or tls"
            )
        password = environ.get(server.password_env)
        if not password:
            raise UserError(
                f"set the environment variable {server.password_env} to the SMTP password "
                f"of {server.user} (the password is never read from a file)"
            )
    where = f"{server.host}:{server.effective_port} ({server.security})"
    recipients = prepared.distribution.recipients()
    try:
        client = connect(server)
        try:
            if password is not None:
                assert server.user is not None
                client.login(server.user, password)
            refused: Any = client.sendmail(prepared.sender, recipients, prepared.message)
        finally:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()
    except smtplib.SMTPAuthenticationError as exc:
        raise UserError(
            f"{where} refused the login of {server.user}: {_reply(exc)}; check the "
            f"password in {server.password_env}"
        ) from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise UserError(f"{where} refused every recipient: {_refusals(exc.recipients)}") from None
    except smtplib.SMTPNotSupportedError as exc:
        raise UserError(
            f"{where} does not support this ({exc}); check smtp.security (starttls, tls, none)"
        ) from None
    except smtplib.SMTPResponseException as exc:
        raise UserError(f"{where} refused the message: {_reply(exc)}") from None
    except ssl.SSLCertVerificationError as exc:
        if server.ca_file:
            trusted = f"the CA in smtp.ca_file ({server.ca_file})"
            fix = "check that smtp.ca_file is the CA that signed the server's certificate"
        else:
            trusted = "the system"
            fix = "if the server uses an internal CA, set smtp.ca_file to its PEM certificate"
        raise UserError(
            f"{where} presented a certificate not trusted by {trusted}: {exc.verify_message}; "
            f"nothing was sent (no password either); {fix}; smtp.host must be a name or "
            "address the certificate is for"
        ) from None
    except ssl.SSLError as exc:
        raise UserError(
            f"TLS with {where} failed ({exc.reason or exc}); port 465 usually wants "
            "security: tls, port 587 security: starttls"
        ) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise UserError(f"cannot deliver to {where}: {exc or type(exc).__name__}") from None
    refused = dict(refused or {})
    accepted = [address for address in recipients if address not in refused]
    return Sent(accepted, {k: (v[0], _text(v[1])) for k, v in refused.items()})


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _reply(exc: smtplib.SMTPResponseException) -> str:
    return f"{exc.smtp_code} {_text(exc.smtp_error)}"


def _refusals(recipients: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(f"{addr} ({code} {_text(text)})" for addr, (code, text) in recipients.items())
