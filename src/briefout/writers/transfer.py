"""The transfer encoding of a text part (RFC 2045) and its size as it travels.

A text part goes as ``8bit`` (its UTF-8 as is) when every line fits SMTP's 998
octets and it holds no NUL or bare CR; otherwise as ``base64`` or
``quoted-printable``, whichever is smaller: Japanese costs about 3x in
quoted-printable (3 UTF-8 bytes become 9) and 1.35x in base64, English about
1.05x in quoted-printable.  Gmail clips a message whose HTML part is over
102 KB, so the e-mail writer keeps its budget on :func:`sent_size`, the part's
body octets exactly as :mod:`email` writes them (CRLF line ends), and the eml
writer encodes the part with the same :func:`choose`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Encoding = Literal["7bit", "8bit", "quoted-printable", "base64"]

#: RFC 5322 2.1.1: a line is at most 998 octets, CRLF excluded.
MAX_LINE = 998


@dataclass(frozen=True)
class Encoded:
    """A text part's transfer encoding and its body size on the wire, in octets."""

    encoding: Encoding
    size: int


def lines_allow_8bit(data: bytes) -> bool:
    """Every line at most 998 octets, no NUL and no CR outside a CRLF (RFC 6152 8bit data)."""
    if b"\0" in data or b"\r" in data.replace(b"\r\n", b""):
        return False
    return all(len(line) <= MAX_LINE for line in data.replace(b"\r\n", b"\n").split(b"\n"))


def encoded_body(text: str, encoding: Encoding) -> bytes:
    """The part's body as :mod:`email` (policy SMTP) writes it for ``encoding``."""
    if encoding in ("7bit", "8bit"):  # the text's lines as they are, each ended by CRLF
        return b"".join(line + b"\r\n" for line in text.encode("utf-8").splitlines())
    from email import policy  # only here: importing the email package costs ~10 ms
    from email.message import EmailMessage

    part = EmailMessage(policy=policy.SMTP)
    part.set_content(text, subtype="plain", charset="utf-8", cte=encoding)
    payload = part.get_payload()
    assert isinstance(payload, str)
    return payload.encode("ascii").replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def choose(text: str, allow_8bit: bool = True) -> Encoded:
    """The smallest safe encoding of ``text`` (UTF-8) and its size as sent.

    ``allow_8bit=False`` is for a server that does not announce 8BITMIME.
    """
    data = text.encode("utf-8")
    if data.isascii() and lines_allow_8bit(data):
        return Encoded("7bit", len(encoded_body(text, "7bit")))
    if allow_8bit and lines_allow_8bit(data):
        return Encoded("8bit", len(encoded_body(text, "8bit")))
    sizes = [
        Encoded(encoding, len(encoded_body(text, encoding)))
        for encoding in ("base64", "quoted-printable")
    ]
    return min(sizes, key=lambda encoded: encoded.size)


def sent_size(text: str) -> int:
    """Octets of ``text``'s part body as the message carries it (see :func:`choose`)."""
    return choose(text).size


def seven_bit(message: bytes) -> bytes:
    """``message`` with every 8bit part re-encoded (base64 or quoted-printable, the smaller),
    for a server that does not announce 8BITMIME (RFC 6152); headers are kept as they are."""
    import email
    from email import policy

    keep = policy.SMTP.clone(refold_source="none")
    parsed = email.message_from_bytes(message, policy=keep)
    for part in parsed.walk():
        if part.is_multipart() or part.get("Content-Transfer-Encoding", "").lower() != "8bit":
            continue
        text = part.get_content()
        had_version = "MIME-Version" in part
        part.set_content(
            text,
            subtype=part.get_content_subtype(),
            charset="utf-8",
            cte=choose(text, allow_8bit=False).encoding,
        )
        if not had_version:  # set_content adds it; a body part has none
            del part["MIME-Version"]
    return parsed.as_bytes(policy=keep)
