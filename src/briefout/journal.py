"""The send journal: which readers a message has reached, so that none gets it twice.

Place: a folder beside the distribution file, named after it (``dist.yaml`` ->
``dist.sent/``), holding one JSON file per message, named after its Message-ID
(``briefout.<hash>@<domain>.json``), and a lock file of the same name (``.lock``)
that keeps two ``send`` runs of one message apart.

Format (``"journal": 1``)::

    {"journal": 1,
     "message_id": "<briefout.…@embassy.example>",
     "subject": "…", "issue": "issue.yaml", "message_sha256": "…",
     "recipients": ["…"],                                  # the readers of the latest run
     "served": {"reader@example.org": "2026-01-23T10:04:05Z"},          # the server accepted
     "refused": {"old@example.org": {"code": 550, "reply": "…", "at": "…"}},   # permanently
     "runs": [{"started": "…", "resend": false}],
     "previous_rounds": [{"served": 36, "refused": 0, "last": "…"}]}    # before each --resend

The file is rewritten atomically (temporary file, fsync, rename) before the first
transaction and after each transaction that changed it, so a crash or Ctrl-C at any moment
leaves the readers the server had accepted up to the last completed transaction (the fsync
means a power cut leaves the old file or the new one, never an empty one).
The only window is between the server's final ``250`` and that write (milliseconds): a
crash exactly there sends that batch again on resume.  Addresses compare ignoring case.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from briefout.errors import UserError

FORMAT_VERSION = 1
_UNSAFE = re.compile(r"[^A-Za-z0-9._@+-]")


class Refusal(BaseModel):
    """A permanent refusal of one recipient, in the server's words."""

    model_config = ConfigDict(extra="forbid")

    code: int
    reply: str
    at: str


class Run(BaseModel):
    """One ``send`` that had readers to serve."""

    model_config = ConfigDict(extra="forbid")

    started: str
    resend: bool = False


class Round(BaseModel):
    """What an earlier round reached, kept when ``--resend`` starts a new one."""

    model_config = ConfigDict(extra="forbid")

    served: int
    refused: int
    last: str | None


class JournalData(BaseModel):
    """The journal file's content."""

    model_config = ConfigDict(extra="forbid")

    journal: int = Field(FORMAT_VERSION, ge=FORMAT_VERSION, le=FORMAT_VERSION)
    message_id: str
    subject: str
    issue: str
    message_sha256: str
    recipients: list[str]
    served: dict[str, str] = Field(default_factory=dict)
    refused: dict[str, Refusal] = Field(default_factory=dict)
    runs: list[Run] = Field(default_factory=list)
    previous_rounds: list[Round] = Field(default_factory=list)


def journal_folder(config: Path) -> Path:
    """Where the journals of a distribution file live: ``dist.yaml`` -> ``dist.sent/``."""
    return config.parent / f"{config.stem}.sent"


def journal_path(folder: Path, message_id: str) -> Path:
    """The journal file of a message: named after its Message-ID."""
    return folder / f"{_UNSAFE.sub('_', message_id.strip('<>'))}.json"


@contextlib.contextmanager
def lock(folder: Path | None, message_id: str) -> Iterator[None]:
    """Hold the message's lock: a second ``send`` of the same message is refused meanwhile."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; the journal itself still works
        fcntl = None  # type: ignore[assignment]
    if folder is None or fcntl is None:
        yield
        return
    path = journal_path(folder, message_id).with_suffix(".lock")
    if folder.exists() and not folder.is_dir():
        raise UserError(
            f"{folder} is a file, not a folder: send keeps its journal there; move or rename "
            "that file"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+b")  # noqa: SIM115 (closed below, after the lock is released)
    except OSError as exc:
        raise UserError(
            f"cannot create the send journal's lock {path} ({exc.strerror}); check that "
            f"{folder.parent} is a folder you can write to"
        ) from None
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UserError(
                f"another `briefout send` of this message is running (it holds {path}); "
                "wait for it to finish"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def now_utc() -> str:
    """The current time as the journal writes it (UTC, seconds)."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def readable_time(stamp: str) -> str:
    """``2026-01-23T10:04:05Z`` -> ``2026-01-23 10:04 UTC`` for messages."""
    return f"{stamp[:10]} {stamp[11:16]} UTC" if len(stamp) >= 16 else stamp


class Journal:
    """The journal of one message; ``path`` None keeps it in memory only."""

    def __init__(self, path: Path | None, data: JournalData) -> None:
        self.path = path
        self.data = data

    @classmethod
    def open(
        cls, folder: Path | None, message_id: str, *, subject: str, issue: str, message: bytes
    ) -> Journal:
        """Load the message's journal from ``folder``, or start an empty one (not yet written)."""
        fresh = JournalData(
            message_id=message_id,
            subject=subject,
            issue=issue,
            message_sha256=hashlib.sha256(message).hexdigest(),
            recipients=[],
        )
        if folder is None:
            return cls(None, fresh)
        path = journal_path(folder, message_id)
        try:
            text = path.read_bytes()
        except FileNotFoundError:
            return cls(path, fresh)
        except OSError as exc:
            raise UserError(f"cannot read the send journal {path} ({exc.strerror})") from None
        try:
            data = JournalData.model_validate_json(text)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise UserError(
                f"the send journal {path} is damaged ({where}: {first['msg']}); it records "
                "who has the message already: restore it from a backup, or move it away to "
                "send the message to everyone again"
            ) from None
        if data.message_id != message_id:
            raise UserError(
                f"the send journal {path} is for {data.message_id}, not {message_id}; "
                "move it away (it was renamed or copied by hand)"
            )
        return cls(path, data)

    def served(self) -> dict[str, str]:
        """Served addresses (lower case) and when."""
        return {address.lower(): when for address, when in self.data.served.items()}

    def refused(self) -> dict[str, Refusal]:
        """Permanently refused addresses (lower case) and the server's words."""
        return {address.lower(): refusal for address, refusal in self.data.refused.items()}

    def last_served(self, addresses: Iterable[str]) -> str | None:
        """When the last of ``addresses`` was served, if any was."""
        served = self.served()
        times = [served[a.lower()] for a in addresses if a.lower() in served]
        return max(times) if times else None

    def begin(self, recipients: list[str], *, resend: bool) -> None:
        """Record the start of a run (a new round with ``resend``) before the first transaction."""
        data = self.data
        if resend and (data.served or data.refused):
            last = max(data.served.values()) if data.served else None
            data.previous_rounds.append(
                Round(served=len(data.served), refused=len(data.refused), last=last)
            )
            data.served, data.refused = {}, {}
        data.recipients = list(recipients)
        data.runs.append(Run(started=now_utc(), resend=resend))
        self.write()

    def record(self, served: list[str], refused: dict[str, tuple[int, str]]) -> None:
        """Add what one transaction settled, and write the journal if anything changed."""
        if not served and not refused:
            return
        stamp = now_utc()
        for address in served:
            self.data.served[address] = stamp
        for address, (code, reply) in refused.items():
            self.data.refused[address] = Refusal(code=code, reply=reply, at=stamp)
        self.write()

    def write(self) -> None:
        """Replace the file atomically (its data flushed to disk before the rename)."""
        if self.path is None:
            return
        from briefout.output import write_atomic

        text = self.data.model_dump_json(indent=1) + "\n"
        write_atomic(self.path, text.encode("utf-8"))
