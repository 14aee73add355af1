"""A local SMTP server (aiosmtpd on 127.0.0.1) that keeps what it accepts and fails on request.

Shared by the send tests and ``bench/bench_send.py``.  Faults: a recipient limit per
transaction (452), temporary or permanent replies to the n-th DATA, 421 to the first
connections, a connection dropped after the data arrived (the message is *not* kept),
a slow answer, permanent (550) or temporary (450) refusals of chosen recipients, and a
hook called at each MAIL FROM (to interrupt or kill the client between transactions).
"""

from __future__ import annotations

import asyncio
import socket
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Mailbox:
    """The handler: accepted envelopes, and the faults to inject (all off by default)."""

    max_recipients: int | None = None  # 452 past this many recipients in one transaction
    limit_reply: str = "452 4.5.3 Too many recipients"
    rcpts: int = 0  # RCPT commands seen
    refuse: dict[str, str] = field(default_factory=dict)  # address -> full reply (550/450 ...)
    data_replies: dict[int, str] = field(default_factory=dict)  # n-th DATA -> reply instead
    drop_on_data: set[int] = field(default_factory=set)  # n-th DATA: close, keep nothing
    slow_data: dict[int, float] = field(default_factory=dict)  # n-th DATA: wait, then 451
    refuse_connections: int = 0  # answer 421 to this many connections first
    on_mail: Callable[[int], None] | None = None  # called with the MAIL FROM count
    pipelining: bool = False  # offer PIPELINING (RFC 2920) in the EHLO reply
    keep_content: bool = True  # False: keep only the envelope (a bench's memory stays flat)
    envelopes: list[Any] = field(default_factory=list)
    listening: bool = False  # False while the Controller checks that the server is up
    connections: int = 0
    mails: int = 0
    datas: int = 0

    def copies(self) -> Counter[str]:
        """How many accepted messages each recipient got."""
        return Counter(address for envelope in self.envelopes for address in envelope.rcpt_tos)

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        session.host_name = hostname
        if self.pipelining:  # aiosmtpd reads commands line by line, so it copes
            responses.insert(-1, "250-PIPELINING")
        return responses

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        self.mails += 1
        if self.on_mail is not None:
            self.on_mail(self.mails)
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        self.rcpts += 1
        if address in self.refuse:
            return self.refuse[address]
        if self.max_recipients is not None and len(envelope.rcpt_tos) >= self.max_recipients:
            return self.limit_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.datas += 1
        if self.datas in self.slow_data:
            await asyncio.sleep(self.slow_data[self.datas])
            return "451 4.3.0 Too slow, not kept"
        if self.datas in self.drop_on_data:
            server.transport.abort()  # the data arrived, no reply, nothing kept
            return "250 OK (never seen: the connection is gone)"
        if self.datas in self.data_replies:
            return self.data_replies[self.datas]
        if not self.keep_content:
            envelope.content = envelope.original_content = None
        self.envelopes.append(envelope)
        return "250 OK"


class FaultySMTP(SMTP):
    """aiosmtpd's server, answering 421 to the first connections when the handler asks."""

    async def _handle_client(self) -> None:
        mailbox: Mailbox = self.event_handler
        if not mailbox.listening:  # the Controller's own start-up probe
            await super()._handle_client()
            return
        mailbox.connections += 1
        if mailbox.connections <= mailbox.refuse_connections:
            await self.push("421 4.3.2 Service not available, try again later")
            assert self.transport is not None
            self.transport.close()
            return
        await super()._handle_client()


class FaultController(Controller):
    """A Controller serving :class:`FaultySMTP`."""

    def factory(self) -> SMTP:
        return FaultySMTP(self.handler, **self.SMTP_kwargs)


@contextmanager
def serving(mailbox: Mailbox) -> Iterator[int]:
    """Run ``mailbox`` on 127.0.0.1; yield the port."""
    port = free_port()
    controller = FaultController(mailbox, hostname="127.0.0.1", port=port, ready_timeout=10)
    controller.start()
    mailbox.listening = True
    try:
        yield port
    finally:
        controller.stop()
