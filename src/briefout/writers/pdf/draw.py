"""Draw a laid-out document with reportlab's canvas: text, links, bookmarks, info."""

from __future__ import annotations

import datetime as dt
from hashlib import md5
from io import BytesIO
from typing import TYPE_CHECKING, Any

from briefout.writers.pdf.layout import MM

if TYPE_CHECKING:
    from briefout.model import Issue
    from briefout.style import Style
    from briefout.writers.pdf.layout import Document, LaidLine, Span


def _rgb(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    red, green, blue = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return red, green, blue


def _fix_time(canvas: Any, timestamp: dt.datetime) -> None:
    """Use the document timestamp (UTC) for the dates and the file ID, whatever the environment.

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


def draw_pdf(issue: Issue, style: Style, document: Document, timestamp: dt.datetime) -> bytes:
    """The PDF bytes of ``document``."""
    from reportlab import rl_config

    saved = rl_config.useA85
    rl_config.useA85 = 0  # binary streams: smaller and faster than ASCII85
    try:
        return _draw(issue, style, document, timestamp)
    finally:
        rl_config.useA85 = saved


def _draw(issue: Issue, style: Style, document: Document, timestamp: dt.datetime) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    ts = document.typesetter
    options = document.options
    ts.book.register()
    body = style.role("body")
    initial = ts.face((ts.font_set("body").latin, False))
    out = BytesIO()
    canvas = Canvas(
        out,
        pagesize=(style.page.width_mm * MM, style.page.height_mm * MM),
        invariant=1,
        pageCompression=1 if options.compress else 0,
        # types-reportlab declares this font name as a float; reportlab takes a str
        initialFontName=initial.name,  # type: ignore[arg-type]
        initialFontSize=body.size,
        lang=style.strings.language,
    )
    _fix_time(canvas, timestamp)
    canvas.setTitle(issue.title)
    canvas.setAuthor(issue.issuer)
    canvas.setSubject(style.format_period(issue.period.start, issue.period.end))
    canvas.setCreator(options.creator)
    left = document.left
    outlined = False
    for page in document.pages:
        # text state (and line width, stroke colour) last for the whole page
        state: dict[str, Any] = {"Tc": 0.0, "Tw": 0.0, "Tr": 0}
        for placed in page.lines:
            if placed.first:
                for mark in placed.block.bookmarks:
                    canvas.bookmarkHorizontal(mark.key, 0, placed.top)
                    canvas.addOutlineEntry(mark.title, mark.key, mark.level, closed=False)
                    outlined = True
            _draw_line(canvas, placed.line, left, placed.top, state)
        for top, line in document.furniture.get(page.number, []):
            _draw_line(canvas, line, left, top, state)
        canvas.showPage()
    if outlined and options.open_outline:
        canvas.showOutline()
    canvas.save()
    return out.getvalue()


def _bold_stroke(text: Any, span: Span, state: dict[str, Any]) -> None:
    """Text render mode 2 (fill, then stroke the outlines) for a synthetic bold span."""
    mode = 2 if span.face.bold_stroke else 0
    if state["Tr"] != mode:
        state["Tr"] = mode
        # emitted directly: reportlab's setTextRenderMode compares with its own per-text-object
        # copy, which restarts at 0 while the page's text state keeps the last mode
        text._code.append(f"{mode} Tr")
    if not mode:
        return
    width = round(span.face.bold_stroke * span.size, 3)
    if state.get("w") != width:
        state["w"] = width
        text._code.append(f"{width:g} w")  # the PDF line width operator (no text-object API)
    if state.get("stroke") != span.colour:
        state["stroke"] = span.colour
        text.setStrokeColorRGB(*_rgb(span.colour))


def _draw_line(canvas: Any, line: LaidLine, left: float, top: float, state: dict[str, Any]) -> None:
    """Draw one line; ``state`` is the page's text state (Tc, Tw, fill): BT keeps it."""
    y = top - line.baseline
    text = canvas.beginText()
    emit = getattr(text, "_formatText", None)
    font = None
    for span in line.spans:
        x = left + line.x + span.x
        text.setTextOrigin(x, y)
        if font != (span.face.name, span.size):
            font = (span.face.name, span.size)
            text.setFont(span.face.name, span.size)
        if state.get("fill") != span.colour:
            state["fill"] = span.colour
            text.setFillColorRGB(*_rgb(span.colour))
        _bold_stroke(text, span, state)
        if state["Tc"] != span.char_space:
            state["Tc"] = span.char_space
            text.setCharSpace(span.char_space)
        if state["Tw"] != span.word_space:
            state["Tw"] = span.word_space
            text.setWordSpace(span.word_space)
        # every span is placed with Tm, so reportlab's own cursor (a pure-Python width
        # sum in textOut) is not needed: emit the text operators directly when possible
        # a character with invisible ones (IVS, ZWJ, U+FEFF) is drawn as one glyph
        drawn = span.face.drawable(span.text)
        if emit is not None:
            text._code.append(emit(drawn))
        else:
            text.textOut(drawn)
        if span.href:
            canvas.linkURL(
                span.href,
                (x, y - span.size * 0.2, x + span.width, y + span.size * 0.8),
                relative=0,
                thickness=0,
            )
    canvas.drawText(text)
