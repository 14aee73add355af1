"""Every use of reportlab's private internals by the PDF writer, in one place.

reportlab's public canvas has no way to fix the file ID's seed, to emit text
operators without its width bookkeeping, to reach the objects a tagged PDF
must point at (the current page, the last link annotation) or to add entries
to a page dictionary.  Each hook below does one of these, is tested on its own
(``tests/test_pdf_rlcompat.py``) and is valid for the reportlab range declared in
``pyproject.toml``; a reportlab that lacks one fails those tests, not a user's render.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from hashlib import md5
from typing import Any

# Canvas, text objects and pdfdoc objects are typed Any here: these are the private parts
# types-reportlab does not describe.


def fix_time(canvas: Any, timestamp: dt.datetime) -> None:
    """Use ``timestamp`` (UTC) for the document dates and the file ID, whatever the environment.

    reportlab takes its time from ``invariant`` or ``SOURCE_DATE_EPOCH`` when the
    canvas is made and seeds the file ID with it; both are replaced here.
    """
    utc = timestamp.astimezone(dt.UTC)
    stamp = canvas._doc._timeStamp
    seconds = int(utc.timestamp())
    stamp.t = seconds
    stamp.lt = utc.timetuple()
    stamp.YMDhms = tuple(utc.timetuple())[:6]
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"
    signature = md5(usedforsecurity=False)
    signature.update(b"a reportlab document")
    signature.update(ascii(seconds).encode())
    canvas._doc.signature = signature


def text_emitter(text: Any) -> Callable[[str], None]:
    """A function that appends the show-text operators of a string to the text object.

    Every span is placed with Tm, so reportlab's cursor (a pure-Python width sum
    in ``textOut``) is not needed; ``_formatText`` gives the operators alone.
    """
    formatter = getattr(text, "_formatText", None)
    if formatter is None:
        return text.textOut  # type: ignore[no-any-return]
    code = text._code
    return lambda string: code.append(formatter(string))


def add_operator(text: Any, operator: str) -> None:
    """Append a literal operator (``2 Tr``, ``0.3 w``) to a text object."""
    text._code.append(operator)


def register(canvas: Any, obj: Any) -> Any:
    """Make ``obj`` (a pdfdoc object) an indirect object of the document; its reference."""
    return canvas._doc.Reference(obj)


def page_reference(canvas: Any) -> Any:
    """A reference to the page being drawn (valid once the page is shown)."""
    return canvas._doc.thisPageRef()


def last_annotation(canvas: Any) -> Any:
    """A reference to the annotation the canvas added last (e.g. by ``linkURL``)."""
    return canvas._annotationrefs[-1]


def set_page_entries(canvas: Any, entries: dict[str, Any]) -> None:
    """Add ``entries`` to the dictionary of the page shown last.

    reportlab writes only the page keys its class lists in ``__NoDefault__``; the
    instance gets a longer list holding the new keys.
    """
    page = canvas._doc.Pages.pages[-1]
    page.__NoDefault__ = [*type(page).__NoDefault__, *entries]
    for key, value in entries.items():
        setattr(page, key, value)


# ------------------------------------------------------------------ TrueType faces and fonts

#: Attributes of a ``TTFontFace`` not kept when its parsed state is cached: the file
#: bytes (read again when a subset is made), the scale function, a parse-time-only map.
FACE_TRANSIENT = ("_ttf_data", "_pdfScale", "glyphToChar")


def face_bytes(face: Any) -> bytes:
    """The font file's bytes a freshly parsed ``TTFontFace`` holds."""
    return face.__dict__["_ttf_data"]  # type: ignore[no-any-return]


def set_pdf_scale(face: Any) -> None:
    """Give a face restored from its cached state the font-units-to-1/1000-em scale that
    ``TTFontFile.extractInfo`` sets while parsing."""
    scale = 1000 / face.unitsPerEm
    face._pdfScale = (lambda v: v) if face.unitsPerEm == 1000 else (lambda v: v * scale)


def pdf_scale(face: Any, value: float) -> float:
    """``value`` in font units as thousandths of an em, as reportlab scales it."""
    return float(face._pdfScale(value))


def bare_font(cls: Any) -> Any:
    """An instance of a ``TTFont`` subclass made without ``TTFont.__init__`` (which would
    parse the file again); the caller sets the public attributes, this sets the private one."""
    font = cls.__new__(cls)
    font._asciiReadable = 1
    return font
