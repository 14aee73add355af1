"""The complete newsletter message (RFC 5322): text and HTML alternatives, PDF and DOCX attached.

The text, e-mail, PDF and DOCX writers run first in the same render; their
bytes arrive in ``context.inputs`` and their file names in ``context.filenames``.
Sender and recipients come from the distribution config given by the caller
(``options={"eml": {"config": path_or_Distribution}}``), never from the issue.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from briefout.errors import UserError
from briefout.style import format_check
from briefout.writers.transfer import choose

if TYPE_CHECKING:
    from email.message import EmailMessage

    from briefout.distribution import Distribution
    from briefout.model import Issue
    from briefout.style import Style
    from briefout.writers import RenderContext

#: MIME types of the attachments, by the writer that made them.
ATTACHMENT_TYPES = {
    "pdf": ("application", "pdf"),
    "docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


Subject = Annotated[str, format_check(title="t", subtitle="s", period="p")]


class EmlOptions(BaseModel):
    """``writers.eml`` in a style."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    subject: Subject = Field(
        default="{title} ({period})", description="Subject; {title}, {subtitle}, {period}."
    )


def distribution_from(options: Any) -> Distribution:
    """The distribution config from the writer options: a Distribution or a file path."""
    from briefout.distribution import Distribution, load_distribution

    config = options.get("config") if options else None
    if config is None:
        raise UserError(
            "--to eml needs --config dist.yaml: a distribution file giving from, to, "
            "reply_to and list_unsubscribe (see briefout.distribution for the format)"
        )
    if isinstance(config, Distribution):
        return config
    if isinstance(config, str | Path):
        return load_distribution(config)
    raise UserError(f"eml: 'config' must be a file path or a Distribution, not {config!r}")


def build_message(
    issue: Issue, style: Style, context: RenderContext, distribution: Distribution
) -> EmailMessage:
    """The message as an EmailMessage (policy SMTP: CRLF line ends, lines folded)."""
    import datetime as dt
    from email import policy
    from email.message import EmailMessage
    from email.utils import format_datetime

    missing = [name for name in ("text", "email", "pdf", "docx") if name not in context.inputs]
    if missing:
        raise UserError(f"eml: the render did not produce {', '.join(missing)} first")
    options = style.writer_options("eml", EmlOptions)
    period = style.format_period(issue.period.start, issue.period.end)
    subject = options.subject.format(
        title=issue.title, subtitle=issue.subtitle or "", period=period
    )

    # refold_source none: the raw List-Unsubscribe below is written as given (see there)
    message = EmailMessage(policy=policy.SMTP.clone(refold_source="none"))
    message["From"] = distribution.sender
    message["To"] = ", ".join(distribution.to)
    if distribution.reply_to:
        message["Reply-To"] = ", ".join(distribution.reply_to)
    message["Subject"] = " ".join(subject.split())
    message["Date"] = format_datetime(context.timestamp.astimezone(dt.UTC))
    message["Message-ID"] = _message_id(context, distribution)
    _unsubscribe_headers(message, distribution.list_unsubscribe)
    message["MIME-Version"] = "1.0"

    text = context.inputs["text"].decode("utf-8")
    html = context.inputs["email"].decode("utf-8")
    # each part in its smallest safe encoding: the one the e-mail writer's budget measured
    message.set_content(text, subtype="plain", charset="utf-8", cte=choose(text).encoding)
    message.add_alternative(html, subtype="html", charset="utf-8", cte=choose(html).encoding)
    message.make_mixed()
    for filename in (context.filenames[name] for name in ATTACHMENT_TYPES):
        if any(ord(char) < 32 or ord(char) == 127 for char in filename):
            raise UserError(
                f"eml: the attachment name {filename!r} (from the issue file name) contains a "
                "line break or control character; rename the issue file"
            )
    for name, (maintype, subtype) in ATTACHMENT_TYPES.items():
        message.add_attachment(
            context.inputs[name],
            maintype=maintype,
            subtype=subtype,
            filename=context.filenames[name],
        )
    message["Content-Language"] = style.strings.language
    _fix_boundaries(message)
    return message


def _unsubscribe_headers(message: EmailMessage, uris: list[str]) -> None:
    """List-Unsubscribe (RFC 2369), https first, and RFC 8058 one-click for an https URI.

    Set raw, one URI per line: the email package would fold a URI longer than a line into
    RFC 2047 encoded-words, which no client reads as a URI.  Gmail and Yahoo need the
    ``List-Unsubscribe-Post`` header (and an https URI) for one-click unsubscribe.
    """
    if not uris:
        return
    ordered = sorted(uris, key=lambda uri: not uri.lower().startswith("https:"))
    message.set_raw("List-Unsubscribe", ",\r\n ".join(f"<{uri}>" for uri in ordered))
    if ordered[0].lower().startswith("https:"):
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"


def _message_id(context: RenderContext, distribution: Distribution) -> str:
    digest = hashlib.sha256()
    for name in ("text", "email", "pdf", "docx"):
        digest.update(name.encode() + b"\0" + context.inputs[name] + b"\0")
    digest.update(distribution.sender.encode("utf-8"))
    digest.update(context.timestamp.isoformat().encode())
    return f"<briefout.{digest.hexdigest()[:32]}@{distribution.domain}>"


def _fix_boundaries(message: EmailMessage) -> None:
    """Replace the random MIME boundaries with ones derived from the content."""
    seed = hashlib.sha256(message["Message-ID"].encode()).hexdigest()[:24]
    for depth, part in enumerate(message.walk()):
        if part.is_multipart():
            part.set_boundary(f"=_briefout_{seed}_{depth}")


class EmlWriter:
    """A ready-to-send .eml with the text, HTML, PDF and DOCX of the same render."""

    name: ClassVar[str] = "eml"
    options_model: ClassVar[type[EmlOptions]] = EmlOptions
    suffix: ClassVar[str] = ".eml"
    description: ClassVar[str] = (
        "complete e-mail message (text + HTML, PDF and DOCX attached); needs --config"
    )
    requires: ClassVar[tuple[str, ...]] = ("text", "email", "pdf", "docx")

    def render(self, issue: Issue, style: Style, context: RenderContext) -> bytes:
        """Build the message from the other outputs and the distribution config."""
        distribution = distribution_from(context.options)
        message = build_message(issue, style, context, distribution)
        data = message.as_bytes()
        too_long = [n for n, line in enumerate(data.split(b"\r\n"), 1) if len(line) > 998]
        # cannot happen (8bit only for parts whose lines fit, folded headers, URIs bounded
        # by the distribution config); never send it
        if too_long:
            raise UserError(f"eml: line {too_long[0]} of the message is over 998 octets")
        return data
