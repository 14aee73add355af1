"""Who gets the newsletter and how it is sent: the distribution config (never the issue).

A YAML file such as::

    from: 在アゼルバイジャン大使館 <briefing@embassy.example>
    to: briefing@embassy.example          # the visible To (often the sender itself)
    bcc: [reader1@example.org, reader2@example.org]
    reply_to: press@embassy.example
    list_unsubscribe:                     # an https URI adds one-click unsubscribe (RFC 8058)
      - https://embassy.example/unsubscribe
      - mailto:unsubscribe@embassy.example?subject=unsubscribe
    smtp:
      host: smtp.embassy.example
      port: 587
      security: starttls                  # starttls | tls | none
      user: briefing@embassy.example
      password_env: BRIEFOUT_SMTP_PASSWORD
      # ca_file: embassy-ca.pem           # trust only this CA (an internal one), not the system's
      # max_recipients: 50                # at most this many readers per transaction
      # rate: 30                          # at most this many transactions (messages) a minute

is read with the same positioned errors as an issue.  The password is never in
the file: only the name of the environment variable that holds it.  A relative
``ca_file`` is relative to the distribution file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from briefout.validation import validate
from briefout.yamlsource import parse_yaml, read_utf8

_ADDR_SPEC = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
_URI = re.compile(r"^(?:mailto:[^\s<>,]+|https://[^\s<>,]+)$")
_MAX_URI = 900  # one List-Unsubscribe line: "<uri>," within RFC 5322's 998 octets
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_HOST = r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.?)+$|^\[[0-9A-Fa-f:.]+\]$"
#: Longest From/To/Reply-To entry ("Display Name <address>") and login accepted.
MAX_ADDRESS = 320


def _check_address(value: object) -> object:
    """``name <addr@domain>`` or ``addr@domain``; no line breaks, one address."""
    if not isinstance(value, str):
        return value
    from email.utils import getaddresses

    text = value.strip()
    if any(char in text for char in "\r\n\0"):
        raise ValueError("an address cannot contain a line break")
    if len(text) > MAX_ADDRESS:
        raise ValueError(
            f"the address is {len(text)} characters long; write at most {MAX_ADDRESS} "
            "(a shorter display name)"
        )
    found = getaddresses([text])
    address = found[0][1] if len(found) == 1 else ""
    bracketed = "<" in text or ">" in text
    if (
        not _ADDR_SPEC.match(address)
        or (bracketed and not text.endswith(f"<{address}>"))
        or (not bracketed and text != address)
    ):
        raise ValueError(
            f"'{text}' is not one e-mail address; write 'name@example.org' or "
            "'Display Name <name@example.org>'"
        )
    return text


def _one_or_many(value: object) -> object:
    return [value] if isinstance(value, str) else value


Address = Annotated[str, BeforeValidator(_check_address)]
Addresses = Annotated[list[Address], BeforeValidator(_one_or_many)]


def _check_uri(value: object) -> object:
    if isinstance(value, str) and len(value.strip()) > _MAX_URI:
        raise ValueError(
            f"the List-Unsubscribe address is {len(value.strip())} characters long; a mail "
            f"header line holds at most 998, so use an address of at most {_MAX_URI} characters"
        )
    if isinstance(value, str) and not _URI.match(value.strip()):
        raise ValueError(
            f"'{value}' is not a mailto: or https: address for List-Unsubscribe; write "
            "'mailto:unsubscribe@example.org' or 'https://example.org/unsubscribe'"
        )
    return value.strip() if isinstance(value, str) else value


UnsubscribeUri = Annotated[str, BeforeValidator(_check_uri)]


class Smtp(BaseModel):
    """The outgoing mail server."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = Field(
        min_length=1,
        max_length=253,
        pattern=_HOST,
        description="Server name or address (smtp.example.org, 192.0.2.1, [2001:db8::1]).",
    )
    port: int | None = Field(
        default=None, ge=1, le=65535, description="Default: 587 (starttls), 465 (tls), 25."
    )
    security: Literal["starttls", "tls", "none"] = Field(
        default="starttls", description="starttls, tls (implicit, port 465) or none."
    )
    user: str | None = Field(
        default=None,
        max_length=MAX_ADDRESS,
        pattern=r"^[^\n]*$",
        description="Login name; none to send without.",
    )
    password_env: str = Field(
        default="BRIEFOUT_SMTP_PASSWORD",
        pattern=_ENV_NAME.pattern,
        description="Name of the environment variable holding the password.",
    )
    timeout_s: float = Field(default=30, gt=0, description="Network timeout in seconds.")
    max_recipients: int = Field(
        default=50,
        ge=1,
        le=10_000,
        description="At most this many recipients per transaction (the server's limit: "
        "a 452 reply moves a recipient to the next transaction anyway).",
    )
    rate: float | None = Field(
        default=None,
        gt=0,
        description="At most this many transactions (messages) per minute; none: no limit.",
    )
    ca_file: Path | None = Field(
        default=None,
        description="PEM certificate(s) of the CA to trust for this server instead of the "
        "system's (an internal CA); relative to the distribution file.",
    )

    @field_validator("ca_file")
    @classmethod
    def _readable_ca(cls, value: Path | None) -> Path | None:
        if value is None:
            return value
        if not value.is_file():
            raise ValueError(
                f"'{value}' is not a file; give the path of the CA's PEM certificate "
                "(relative to the distribution file)"
            )
        import ssl

        try:
            ssl.create_default_context(cafile=str(value))
        except (ssl.SSLError, OSError) as exc:
            reason = getattr(exc, "reason", None) or exc.strerror or exc
            raise ValueError(
                f"'{value}' holds no usable CA certificate ({reason}); give the CA "
                "certificate in PEM form (-----BEGIN CERTIFICATE-----)"
            ) from None
        return value

    @model_validator(mode="after")
    def _ca_needs_tls(self) -> Smtp:
        if self.ca_file is not None and self.security == "none":
            raise ValueError(
                "ca_file is set but security is none, so no certificate is checked; "
                "use security: starttls or tls, or remove ca_file"
            )
        return self

    @property
    def effective_port(self) -> int:
        """The port to connect to."""
        if self.port is not None:
            return self.port
        return {"starttls": 587, "tls": 465, "none": 25}[self.security]


class Distribution(BaseModel):
    """Sender, recipients and server of one mailing."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    sender: Address = Field(alias="from", description="From: 'Name <address>'.")
    to: Addresses = Field(min_length=1, description="Visible To: address(es).")
    bcc: Addresses = Field(default_factory=list, description="Readers, hidden from each other.")
    reply_to: Addresses = Field(default_factory=list, description="Reply-To: address(es).")
    list_unsubscribe: list[UnsubscribeUri] = Field(
        default_factory=list,
        description="mailto: and/or https: URIs for List-Unsubscribe; an https one also "
        "enables one-click unsubscribe (RFC 8058, List-Unsubscribe-Post).",
    )
    smtp: Smtp | None = Field(default=None, description="Server for `briefout send`.")

    @model_validator(mode="before")
    @classmethod
    def _unsubscribe_list(cls, data: object) -> object:
        if isinstance(data, dict) and isinstance(data.get("list_unsubscribe"), str):
            data = {**data, "list_unsubscribe": [data["list_unsubscribe"]]}
        return data

    @property
    def domain(self) -> str:
        """The domain of the From address (for Message-ID)."""
        from email.utils import parseaddr

        return parseaddr(self.sender)[1].rpartition("@")[2].lower()

    def recipients(self) -> list[str]:
        """Every envelope recipient: To and Bcc, bare addresses, duplicates (any case) dropped."""
        from email.utils import parseaddr

        unique: dict[str, str] = {}
        for entry in [*self.to, *self.bcc]:
            address = parseaddr(entry)[1]
            unique.setdefault(address.lower(), address)
        return list(unique.values())


def load_distribution(path: str | Path) -> Distribution:
    """Read and validate a distribution file; UserError with positions on any fault."""
    path = Path(path)
    located = parse_yaml(read_utf8(path, str(path)), str(path))
    smtp = located.data.get("smtp") if isinstance(located.data, dict) else None
    if isinstance(smtp, dict) and isinstance(smtp.get("ca_file"), str):
        smtp["ca_file"] = str(path.parent / Path(smtp["ca_file"]).expanduser())
    return validate(Distribution, located)
