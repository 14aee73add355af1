"""`briefout send`: render the newsletter message and deliver it so that every reader gets one copy.

The issue is checked first (an issue that fails ``briefout check`` is never sent), the
message is the eml writer's output byte for byte, readers are Bcc recipients (envelope
only, never a header), and the password comes only from the environment variable the
distribution config names.

Delivery:

- **Batches**: at most ``smtp.max_recipients`` recipients per transaction (default 50),
  over one connection reused from batch to batch; a recipient the server defers (``452
  too many recipients``, any 4xx) moves to the next transaction, and a lower limit of the
  server's becomes the batch size.  ``smtp.rate`` caps the transactions per minute.
- **Retries**: a temporary failure of a transaction (a 4xx reply, a dropped connection,
  a timeout) is retried on a new connection after 5 s, 30 s and 120 s
  (:data:`RETRY_DELAYS_S`: four attempts in all); a transaction that makes progress
  resets the count.  A recipient deferred four times while others were accepted stays
  pending.
- **Permanent refusals**: a 5xx for a recipient is reported in the server's words and
  never retried; a 5xx for the message itself (MAIL FROM, DATA) stops the run.
- **Journal** (:mod:`briefout.journal`): written before the first transaction and after
  each one; a message (Message-ID) is never sent again to a reader it shows as served
  unless ``resend`` is asked for.
"""

from __future__ import annotations

import os
import time
from collections import Counter, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefout.errors import UserError

if TYPE_CHECKING:
    from briefout.distribution import Distribution, Smtp
    from briefout.journal import Journal
    from briefout.smtp import Connection, Outcome, SmtpFactory
    from briefout.writers import Notice

#: Waits before the 2nd, 3rd and 4th attempt of a transaction that failed temporarily.
RETRY_DELAYS_S = (5.0, 30.0, 120.0)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Pacing:
    """Retry delays and the clock (tests inject a sleep that does not wait)."""

    retry_delays_s: tuple[float, ...] = RETRY_DELAYS_S
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic


#: The pacing :func:`deliver` uses when given none.
PACING = Pacing()


@dataclass
class Prepared:
    """A rendered message and where it goes, not yet sent."""

    filename: str
    message: bytes
    distribution: Distribution
    subject: str
    attachments: list[tuple[str, int]]
    message_id: str = ""
    journal_dir: Path | None = None  # None: no journal kept on disk
    issue: str = ""
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
        lines.append(f"Message-ID: {self.message_id}")
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


def prepare(
    issue_path: Path,
    config: Path | Distribution,
    *,
    style: str | Path = "embassy",
    environ: Mapping[str, str] | None = None,
) -> Prepared:
    """Check the issue, load the distribution config and render the complete message.

    With a distribution *file*, the journal lives beside it (:func:`journal_folder`).
    """
    from email import message_from_bytes, policy

    from briefout.distribution import Distribution, load_distribution
    from briefout.journal import journal_folder
    from briefout.loader import load_issue
    from briefout.render import render_issue
    from briefout.site import view_link_options
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
        source=Path(issue_path),
        environ=environ,
        options={"eml": {"config": distribution}, **view_link_options(Path(issue_path))},
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
        message_id=str(parsed["Message-ID"]),
        journal_dir=None if isinstance(config, Distribution) else journal_folder(Path(config)),
        issue=str(issue_path),
        notices=result.notices,
    )


# ------------------------------------------------------------------ the plan: who is still to serve


@dataclass
class Plan:
    """Who gets the message in this run, after what the journal shows."""

    journal: Journal
    recipients: list[str]  # every reader of the distribution
    served: dict[str, str]  # already served -> when
    refused: dict[str, tuple[int, str]]  # refused permanently before
    pending: list[str]
    batch_size: int
    resend: bool

    @property
    def batches(self) -> list[list[str]]:
        """The pending readers cut into transactions (before any 452 moves one)."""
        size = self.batch_size
        return [self.pending[i : i + size] for i in range(0, len(self.pending), size)]

    def last_served(self) -> str:
        """When the last reader was served, for messages."""
        from briefout.journal import readable_time

        return readable_time(max(self.served.values())) if self.served else "-"

    def describe(self) -> str:
        """The journal's effect and the batches, for ``--dry-run``."""
        where = self.journal.path or "none (kept in memory)"
        total = len(self.recipients)
        lines = [f"journal: {where}"]
        if self.resend:
            lines.append(f"resend: the journal is set aside; all {total} readers get it again")
        elif self.served:
            lines.append(
                f"skipped: {len(self.served)} of {total} readers already served "
                f"(last on {self.last_served()})"
            )
        for address, (code, reply) in self.refused.items():
            lines.append(f"skipped: {address} was refused permanently: {code} {reply}")
        lines.append(
            f"to send: {len(self.pending)} of {total} readers in {len(self.batches)} "
            f"transaction(s) of at most {self.batch_size}"
        )
        for number, batch in enumerate(self.batches, 1):
            span = batch[0] if len(batch) == 1 else f"{batch[0]} … {batch[-1]}"
            lines.append(f"  batch {number}: {len(batch)} recipient(s): {span}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form for ``--dry-run --format json``."""
        return {
            "journal": str(self.journal.path) if self.journal.path else None,
            "readers": len(self.recipients),
            "resend": self.resend,
            "skipped_served": sorted(self.served),
            "skipped_refused": [
                {"address": a, "code": code, "reply": reply}
                for a, (code, reply) in self.refused.items()
            ],
            "batches": self.batches,
        }


def plan(prepared: Prepared, *, resend: bool = False) -> Plan:
    """Read the message's journal and decide who is still to be served."""
    from briefout.distribution import Smtp
    from briefout.journal import Journal

    journal = Journal.open(
        prepared.journal_dir,
        prepared.message_id,
        subject=prepared.subject,
        issue=prepared.issue,
        message=prepared.message,
    )
    recipients = prepared.distribution.recipients()
    served: dict[str, str] = {}
    refused: dict[str, tuple[int, str]] = {}
    if not resend:
        done, refusals = journal.served(), journal.refused()
        served = {a: done[a.lower()] for a in recipients if a.lower() in done}
        refused = {
            a: (refusals[a.lower()].code, refusals[a.lower()].reply)
            for a in recipients
            if a.lower() in refusals and a not in served
        }
    smtp = prepared.distribution.smtp
    size = smtp.max_recipients if smtp else Smtp.model_fields["max_recipients"].default
    pending = [a for a in recipients if a not in served and a not in refused]
    return Plan(journal, recipients, served, refused, pending, size, resend)


# ------------------------------------------------------------------ the outcome


@dataclass
class Sent:
    """The outcome of a delivery: who was served now and before, who was refused, who waits."""

    accepted: list[str]  # served in this run
    refused: dict[str, tuple[int, str]]  # permanently refused, in this run or before
    pending: dict[str, str] = field(default_factory=dict)  # not served yet -> why
    readers: int = 0
    served_before: int = 0
    transactions: int = 0
    connections: int = 0
    stopped: str | None = None  # why the run ended before every reader was tried
    message_id: str = ""
    journal: Path | None = None

    @property
    def complete(self) -> bool:
        """Every reader of the distribution has the message."""
        return not self.refused and not self.pending

    def headline(self, filename: str) -> str:
        """One line: how many got it now, over what, and how many have it in all."""
        return (
            f"sent {filename} to {len(self.accepted)} recipient(s) in {self.transactions} "
            f"transaction(s) over {self.connections} connection(s); "
            f"{self.served_before + len(self.accepted)} of {self.readers} readers served"
        )

    def summary(self) -> list[str]:
        """Who is not served and why, then what to do (for exit code 4)."""
        lines = [
            f"refused permanently: {a}: {code} {text}" for a, (code, text) in self.refused.items()
        ]
        if self.stopped:
            lines.append(f"stopped: {self.stopped}")
        by_reason: dict[str, list[str]] = {}
        for address, why in self.pending.items():
            by_reason.setdefault(why, []).append(address)
        for why, addresses in by_reason.items():
            because = "" if why == self.stopped else f" ({why})"
            lines.append(f"not served yet{because}: {_some(addresses)}")
        if self.pending:
            lines.append(
                f"run the same command again to send to the {len(self.pending)} reader(s) not "
                "served yet; the journal skips everyone served"
            )
        if self.refused:
            lines.append(
                "a refused address is not tried again: correct it in the distribution file "
                "(a corrected address is sent on the next run)"
            )
        return lines

    def as_dict(self, status: str | None = None) -> dict[str, Any]:
        """A JSON-ready report for ``--format json``."""
        return {
            "status": status or ("complete" if self.complete else "incomplete"),
            "message_id": self.message_id,
            "journal": str(self.journal) if self.journal else None,
            "readers": self.readers,
            "served_before": self.served_before,
            "served_now": self.accepted,
            "refused": [
                {"address": a, "code": code, "reply": reply}
                for a, (code, reply) in self.refused.items()
            ],
            "pending": [{"address": a, "reason": why} for a, why in self.pending.items()],
            "transactions": self.transactions,
            "connections": self.connections,
            "stopped": self.stopped,
        }


def _some(addresses: list[str], shown: int = 10) -> str:
    """``n reader(s): a, b, … and k more`` (``--format json`` lists them all)."""
    more = len(addresses) - shown
    tail = f" and {more} more (--format json lists all)" if more > 0 else ""
    return f"{len(addresses)} reader(s): {', '.join(addresses[:shown])}{tail}"


class AlreadySent(UserError):
    """The journal shows every reader served: nothing is sent without ``resend``."""

    def __init__(self, message: str, sent: Sent) -> None:
        super().__init__(message)
        self.sent = sent


# ------------------------------------------------------------------ delivery


def _server_and_password(prepared: Prepared, environ: Mapping[str, str]) -> tuple[Smtp, str | None]:
    server = prepared.distribution.smtp
    if server is None:
        raise UserError(
            "the distribution file has no smtp: section; add host, port, security and user"
        )
    if not server.user:
        return server, None
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
    return server, password


class _Delivery:
    """One run: batches through a reused connection, retries, the journal after each one."""

    def __init__(
        self,
        prepared: Prepared,
        journal: Journal,
        connection: Connection,
        pacing: Pacing,
        say: Progress,
    ) -> None:
        self.prepared = prepared
        self.journal = journal
        self.connection = connection
        self.pacing = pacing
        self.say = say
        server = connection.server
        self.size = server.max_recipients
        self.interval = 60.0 / server.rate if server.rate else 0.0
        self.accepted: list[str] = []
        self.refused: dict[str, tuple[int, str]] = {}
        self.pending: dict[str, str] = {}
        self.transactions = 0
        self.stopped: str | None = None
        self._started: float | None = None
        self._deferrals: Counter[str] = Counter()

    def serve(self, recipients: list[str]) -> None:
        """Serve ``recipients``, then close the connection (just drop it on an error)."""
        try:
            self._loop(recipients)
        except UserError as exc:
            self.connection.discard()
            if self.accepted:
                exc.message += (
                    f"; {len(self.accepted)} reader(s) were served before this and are in "
                    f"the journal {self.journal.path}"
                )
            raise
        except BaseException:  # Ctrl-C included: the journal already holds every served reader
            self.connection.discard()
            raise
        self.connection.close()

    def fill(self, report: Sent) -> None:
        """Add what this run did to ``report``."""
        report.accepted = self.accepted
        report.refused.update(self.refused)
        report.pending = self.pending
        report.transactions, report.connections = self.transactions, self.connection.opened
        report.stopped = self.stopped

    def _loop(self, recipients: list[str]) -> None:
        """Serve ``recipients``; stop early only when retrying cannot help."""
        queue = deque(recipients)
        failures = 0
        attempts = len(self.pacing.retry_delays_s) + 1
        while queue:
            batch = [queue.popleft() for _ in range(min(self.size, len(queue)))]
            outcome = self._transaction(batch)
            again = self._settle(batch, outcome)
            failure = outcome.failure
            if failure is not None and not failure.temporary:
                self._stop(f"the server refused the message: {failure.reason}", [*again, *queue])
                return
            if failure is None and (outcome.delivered or outcome.refused):
                failures = 0
            else:
                failures += 1
                reason = failure.reason if failure else _deferral(outcome)
                if failures >= attempts:
                    self._stop(f"gave up after {attempts} attempts: {reason}", [*again, *queue])
                    return
                delay = self.pacing.retry_delays_s[failures - 1]
                self.say(
                    f"temporary failure: {reason}; retrying in {delay:g} s "
                    f"(attempt {failures + 1} of {attempts})"
                )
                self.pacing.sleep(delay)
            queue.extendleft(reversed(again))

    def _transaction(self, batch: list[str]) -> Outcome:
        from briefout.smtp import attempt

        if self.interval and self._started is not None:
            wait = self._started + self.interval - self.pacing.clock()
            if wait > 0:
                self.pacing.sleep(wait)
        self._started = self.pacing.clock()
        self.transactions += 1
        return attempt(self.connection, self.prepared.sender, self.prepared.message, batch)

    def _settle(self, batch: list[str], outcome: Outcome) -> list[str]:
        """Record what the transaction settled; return its recipients to try again, in order."""
        served = outcome.served
        try:
            self.journal.record(served, outcome.refused)
        except UserError as exc:
            raise UserError(
                f"{exc.message}; sending stopped because the journal cannot record that "
                f"{len(served)} more reader(s) were served"
            ) from None
        self.accepted += served
        self.refused.update(outcome.refused)
        for address, (code, reply) in outcome.refused.items():
            self.say(f"refused permanently: {address}: {code} {reply}")
        if served:
            count = len(outcome.deferred)
            moved = f", {count} moved to the next transaction" if count else ""
            self.say(f"transaction {self.transactions}: {len(served)} accepted{moved}")
        return self._again(batch, outcome)

    def _again(self, batch: list[str], outcome: Outcome) -> list[str]:
        """The batch's recipients to offer again, in order; one deferred too often stays pending.

        Deferrals after the last accepted recipient are the server's recipient limit (452),
        which then sets the batch size; they count against nobody.  A deferral between
        accepted recipients is about that reader, and counts.
        """
        accepted = set(outcome.accepted)
        last = max((i for i, a in enumerate(batch) if a in accepted), default=-1)
        at_limit = any(i > last for i, a in enumerate(batch) if a in outcome.deferred)
        if outcome.failure is None and last >= 0 and at_limit and len(accepted) < self.size:
            self.size = len(accepted)
            self.say(f"the server takes {self.size} recipient(s) per message: batches of that size")
        settled = {*outcome.served, *outcome.refused}
        again = []
        tries = len(self.pacing.retry_delays_s) + 1
        for index, address in enumerate(batch):
            if address in settled:
                continue
            if outcome.failure is None and address in outcome.deferred and index < last:
                self._deferrals[address] += 1
                if self._deferrals[address] >= tries:
                    code, reply = outcome.deferred[address]
                    self.pending[address] = f"{code} {reply} ({tries} tries)"
                    continue
            again.append(address)
        return again

    def _stop(self, reason: str, rest: list[str]) -> None:
        self.stopped = reason
        for address in rest:
            self.pending.setdefault(address, reason)


def _deferral(outcome: Outcome) -> str:
    code, reply = next(iter(outcome.deferred.values()), (0, "no recipient accepted"))
    return f"{code} {reply}" if code else reply


def deliver(
    prepared: Prepared,
    *,
    environ: Mapping[str, str] | None = None,
    connect: SmtpFactory | None = None,
    resend: bool = False,
    pacing: Pacing | None = None,
    progress: Progress | None = None,
) -> Sent:
    """Send to every reader the journal does not show as served; UserError on a setup fault.

    Raises :class:`AlreadySent` when every reader has the message (unless ``resend``).
    """
    from briefout.journal import lock
    from briefout.smtp import Connection
    from briefout.smtp import connect as default_connect

    say = progress or (lambda _: None)
    server, password = _server_and_password(prepared, os.environ if environ is None else environ)
    with lock(prepared.journal_dir, prepared.message_id):
        todo = plan(prepared, resend=resend)
        report = Sent(
            accepted=[],
            refused=dict(todo.refused),
            readers=len(todo.recipients),
            served_before=len(todo.served),
            message_id=prepared.message_id,
            journal=todo.journal.path,
        )
        if not todo.pending:
            _nothing_to_send(todo, report)
            return report
        if todo.served or todo.refused:
            say(
                f"resuming: {len(todo.pending)} of {len(todo.recipients)} readers still to "
                f"serve ({len(todo.served)} served, last on {todo.last_served()})"
            )
        todo.journal.begin(todo.recipients, resend=resend)
        connection = Connection(server, password, connect or default_connect)
        run = _Delivery(prepared, todo.journal, connection, pacing or PACING, say)
        run.serve(todo.pending)
    run.fill(report)
    return report


def _nothing_to_send(todo: Plan, report: Sent) -> None:
    """Every reader is served or refused: refuse when all are served, else report the refused."""
    total = len(todo.recipients)
    if not todo.refused:
        raise AlreadySent(
            f"already sent to all {total} readers on {todo.last_served()}; use --resend to "
            f"send it again (journal: {todo.journal.path})",
            report,
        )
    report.stopped = (
        f"nothing left to send: {len(todo.served)} of {total} readers were served "
        f"(last on {todo.last_served()}); the other {len(todo.refused)} were refused permanently"
    )
