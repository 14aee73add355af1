"""SMTP for ``briefout send``: one reused connection, one transaction at a time, failures sorted.

A transaction is MAIL FROM, one RCPT TO per recipient of the batch (pipelined when the
server offers PIPELINING), DATA.  Each recipient's
reply is kept: 2xx accepted, 4xx deferred (``452 too many recipients``: try it in the next
transaction; an old-style ``552`` too, as RFC 5321 §4.5.3.1.10 asks), other 5xx refused
permanently.  A failure of the whole transaction is sorted too:
a configuration fault (login refused, untrusted certificate, TLS mismatch, unknown host)
raises :class:`UserError`; a reply is temporary (4xx) or permanent (5xx); a dropped
connection or a timeout is temporary.  Recipients count as served only once the server
has answered ``250`` to the message data.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefout.errors import UserError

if TYPE_CHECKING:
    from briefout.distribution import Smtp

SmtpFactory = Callable[["Smtp"], smtplib.SMTP]

#: Commands written at once to a server that offers PIPELINING; small enough that neither
#: side's socket buffer fills while the other is still writing.
PIPELINE_CHUNK = 100
Reply = tuple[int, str]


def where(server: Smtp) -> str:
    """``host:port (security)`` for messages."""
    return f"{server.host}:{server.effective_port} ({server.security})"


def tls_context(server: Smtp) -> ssl.SSLContext:
    """Certificate and host name verified: against smtp.ca_file if set, else the system's CAs."""
    return ssl.create_default_context(cafile=None if server.ca_file is None else server.ca_file)


def connect(server: Smtp) -> smtplib.SMTP:
    """Open a connection (TLS as configured), greeted and ready for login."""
    port = server.effective_port
    if server.security == "tls":
        return smtplib.SMTP_SSL(
            server.host, port, timeout=server.timeout_s, context=tls_context(server)
        )
    client = smtplib.SMTP(server.host, port, timeout=server.timeout_s)
    if server.security == "starttls":
        client.ehlo()
        client.starttls(context=tls_context(server))
        client.ehlo()
    return client


@dataclass(frozen=True)
class Failure:
    """Why a whole transaction failed, and whether trying again later may help."""

    reason: str
    temporary: bool


@dataclass
class Outcome:
    """What one transaction settled."""

    accepted: list[str] = field(default_factory=list)  # RCPT accepted (served once delivered)
    deferred: dict[str, Reply] = field(default_factory=dict)  # 4xx: try again
    refused: dict[str, Reply] = field(default_factory=dict)  # 5xx: never again
    delivered: bool = False  # the server answered 250 to the data
    failure: Failure | None = None

    @property
    def served(self) -> list[str]:
        """The recipients the server has taken the message for."""
        return self.accepted if self.delivered else []


class Connection:
    """At most one open connection, opened and logged in when needed, reused between batches."""

    def __init__(self, server: Smtp, password: str | None, factory: SmtpFactory = connect) -> None:
        self.server = server
        self.password = password
        self.factory = factory
        self.opened = 0
        self._client: smtplib.SMTP | None = None

    def client(self) -> smtplib.SMTP:
        """The open connection, or a new one."""
        if self._client is None:
            client = self.factory(self.server)
            self.opened += 1
            self._client = client
            if self.password is not None:
                assert self.server.user is not None
                client.login(self.server.user, self.password)
        return self._client

    def discard(self) -> None:
        """Drop the connection after a failure, without waiting for the server."""
        if self._client is not None:
            client, self._client = self._client, None
            client.close()

    def close(self) -> None:
        """End politely (QUIT), or just close if the server is gone."""
        if self._client is not None:
            client, self._client = self._client, None
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()


def attempt(connection: Connection, sender: str, message: bytes, batch: list[str]) -> Outcome:
    """One transaction for ``batch``; failures are in the outcome, configuration faults raise."""
    outcome = Outcome()
    try:
        _exchange(connection.client(), sender, message, batch, outcome)
    except (smtplib.SMTPException, OSError) as exc:
        connection.discard()
        outcome.failure = classify(exc, connection.server)
    return outcome


def _exchange(
    client: smtplib.SMTP, sender: str, message: bytes, batch: list[str], outcome: Outcome
) -> None:
    client.ehlo_or_helo_if_needed()
    message, options = eight_bit(client, message)
    if client.does_esmtp and client.has_extn("size"):
        options.append(f"SIZE={len(message)}")
    replies = _envelope(client, sender, "".join(f" {option}" for option in options), batch)
    code, reply = next(replies)
    if code != 250:
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    for address, (code, reply) in zip(batch, replies, strict=True):
        if 200 <= code < 300:
            outcome.accepted.append(address)
        elif code == 421 or not 400 <= code < 600:  # the server is closing, or nonsense
            raise smtplib.SMTPResponseException(code, reply)
        elif code < 500 or code == 552:  # RFC 5321 4.5.3.1.10: 552 "too many" means 452
            outcome.deferred[address] = (code, text(reply))
        else:
            outcome.refused[address] = (code, text(reply))
    if not outcome.accepted:
        client.rset()
        return
    code, reply = client.data(message)  # raises unless 354; returns the final reply
    if code != 250:
        raise smtplib.SMTPDataError(code, reply)
    outcome.delivered = True


def _envelope(
    client: smtplib.SMTP, sender: str, options: str, batch: list[str]
) -> Iterator[tuple[int, bytes]]:
    """The replies to MAIL FROM and to each RCPT TO, pipelined when the server offers it.

    With PIPELINING (RFC 2920) the commands go out :data:`PIPELINE_CHUNK` at a time and
    their replies are read after: one round trip per chunk instead of one per recipient.
    """
    commands = [f"mail FROM:{smtplib.quoteaddr(sender)}{options}"]
    commands += [f"rcpt TO:{smtplib.quoteaddr(address)}" for address in batch]
    if not (client.does_esmtp and client.has_extn("pipelining")):
        for command in commands:  # one at a time: a refused MAIL FROM sends no RCPT
            client.putcmd(command)
            yield client.getreply()
        return
    for start in range(0, len(commands), PIPELINE_CHUNK):
        chunk = commands[start : start + PIPELINE_CHUNK]
        client.send("".join(f"{command}\r\n" for command in chunk))
        for _ in chunk:
            yield client.getreply()


def eight_bit(client: smtplib.SMTP, message: bytes) -> tuple[bytes, list[str]]:
    """The message and MAIL options for its 8bit parts: BODY=8BITMIME where the server
    announces it (RFC 6152), else those parts re-encoded to base64 or quoted-printable."""
    if message.isascii():
        return message, []
    if client.does_esmtp and client.has_extn("8bitmime"):
        return message, ["BODY=8BITMIME"]
    from briefout.writers.transfer import seven_bit

    return seven_bit(message), []


def classify(exc: BaseException, server: Smtp) -> Failure:
    """A transaction's failure as temporary or permanent; a configuration fault raises."""
    if isinstance(exc, smtplib.SMTPAuthenticationError) and exc.smtp_code >= 500:
        raise UserError(
            f"{where(server)} refused the login of {server.user}: {reply_of(exc)}; check the "
            f"password in {server.password_env}"
        ) from None
    if isinstance(exc, smtplib.SMTPResponseException):
        return Failure(reply_of(exc), temporary=400 <= exc.smtp_code < 500)
    if isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError):
        return Failure(f"{where(server)} did not answer within {server.timeout_s:g} s", True)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return Failure(f"{where(server)} closed the connection ({exc})", temporary=True)
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        raise UserError(
            f"{where(server)} does not support this ({exc}); check smtp.security "
            "(starttls, tls, none)"
        ) from None
    if isinstance(exc, smtplib.SMTPException):
        raise UserError(f"{where(server)}: {exc}; check smtp.user and smtp.security") from None
    if isinstance(exc, ssl.SSLCertVerificationError):
        raise _untrusted(exc, server) from None
    if isinstance(exc, ssl.SSLError):
        raise UserError(
            f"TLS with {where(server)} failed ({exc.reason or exc}); port 465 usually wants "
            "security: tls, port 587 security: starttls"
        ) from None
    if isinstance(exc, socket.gaierror):
        raise UserError(
            f"cannot find the server {server.host} ({exc.strerror}); check smtp.host"
        ) from None
    return Failure(f"cannot deliver to {where(server)}: {exc or type(exc).__name__}", True)


def _untrusted(exc: ssl.SSLCertVerificationError, server: Smtp) -> UserError:
    if server.ca_file:
        trusted = f"the CA in smtp.ca_file ({server.ca_file})"
        fix = "check that smtp.ca_file is the CA that signed the server's certificate"
    else:
        trusted = "the system"
        fix = "if the server uses an internal CA, set smtp.ca_file to its PEM certificate"
    return UserError(
        f"{where(server)} presented a certificate not trusted by {trusted}: "
        f"{exc.verify_message}; nothing was sent (no password either); {fix}; smtp.host "
        "must be a name or address the certificate is for"
    )


def text(value: bytes | str) -> str:
    """A server reply as text."""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def reply_of(exc: smtplib.SMTPResponseException) -> str:
    """``550 5.1.1 no such user``: the code and the server's words."""
    return f"{exc.smtp_code} {text(exc.smtp_error)}"
