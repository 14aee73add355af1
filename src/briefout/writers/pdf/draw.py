"""Draw a laid-out document with reportlab's canvas: text, links, bookmarks, info, tags."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from io import BytesIO
from itertools import groupby
from typing import TYPE_CHECKING, Any

from briefout.writers.pdf import rlcompat
from briefout.writers.pdf.layout import MM
from briefout.writers.pdf.structure import Element
from briefout.writers.pdf.tagging import Tagger

if TYPE_CHECKING:
    from briefout.model import Issue
    from briefout.style import Style
    from briefout.writers.pdf.layout import Document, Page, Span

TAGGED_PDF_VERSION = (1, 7)  # PDF/UA-1 is defined on ISO 32000-1 (PDF 1.7)


def _rgb(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    red, green, blue = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return red, green, blue


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
        pdfVersion=TAGGED_PDF_VERSION if options.tagged else None,
    )
    rlcompat.fix_time(canvas, timestamp)
    canvas.setTitle(issue.title)
    canvas.setAuthor(issue.issuer)
    canvas.setSubject(style.format_period(issue.period.start, issue.period.end))
    canvas.setCreator(options.creator)
    tagger = Tagger(canvas) if options.tagged else None
    outlined = False
    for page in document.pages:
        if tagger is not None:
            tagger.begin_page()
        outlined = _bookmarks(canvas, page) or outlined
        # text state (and line width, stroke colour) last for the whole page
        state: dict[str, Any] = {"Tc": 0.0, "Tw": 0.0, "Tr": 0}
        # one text object per run of spans of one tag: a marked-content sequence around it
        for _, run in groupby(_page_spans(document, page), key=lambda placed: placed[0].tag):
            _draw_spans(canvas, list(run), state, tagger)
        canvas.showPage()
        if tagger is not None:
            tagger.end_page()
    if outlined and options.open_outline:
        canvas.showOutline()
    if tagger is not None:
        tagger.finish(issue.title, style.strings.language, timestamp, options.creator)
    canvas.save()
    return out.getvalue()


def _bookmarks(canvas: Any, page: Page) -> bool:
    """Destinations and outline entries of the blocks starting on ``page``; any made."""
    made = False
    for placed in page.lines:
        if placed.first:
            for mark in placed.block.bookmarks:
                canvas.bookmarkHorizontal(mark.key, 0, placed.top)
                canvas.addOutlineEntry(mark.title, mark.key, mark.level, closed=False)
                made = True
    return made


def _bold_stroke(text: Any, span: Span, state: dict[str, Any]) -> None:
    """Text render mode 2 (fill, then stroke the outlines) for a synthetic bold span."""
    mode = 2 if span.face.bold_stroke else 0
    if state["Tr"] != mode:
        state["Tr"] = mode
        # emitted directly: reportlab's setTextRenderMode compares with its own per-text-object
        # copy, which restarts at 0 while the page's text state keeps the last mode
        rlcompat.add_operator(text, f"{mode} Tr")
    if not mode:
        return
    width = round(span.face.bold_stroke * span.size, 3)
    if state.get("w") != width:
        state["w"] = width
        rlcompat.add_operator(text, f"{width:g} w")  # the line width operator (no text-object API)
    if state.get("stroke") != span.colour:
        state["stroke"] = span.colour
        text.setStrokeColorRGB(*_rgb(span.colour))


def _page_spans(document: Document, page: Page) -> Iterator[tuple[Span, float, float]]:
    """Every span of the page in reading order (running header and footer last), at x, y."""
    lines = [(placed.top, placed.line) for placed in page.lines]
    for top, line in [*lines, *document.furniture.get(page.number, [])]:
        y = top - line.baseline
        for span in line.spans:
            yield span, document.left + line.x + span.x, y


def _draw_spans(
    canvas: Any,
    spans: list[tuple[Span, float, float]],
    state: dict[str, Any],
    tagger: Tagger | None,
) -> None:
    """Draw spans of one tag as one text object (marked content when tagged), then their links.

    ``state`` is the page's text state (Tc, Tw, fill): it outlasts text objects.
    """
    opened = tagger.open(spans[0][0].tag) if tagger is not None else None
    if opened:
        canvas.addLiteral(opened)
    text = canvas.beginText()
    emit = rlcompat.text_emitter(text)
    font = None
    for span, x, y in spans:
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
        # a character with invisible ones (IVS, ZWJ, U+FEFF) is drawn as one glyph
        emit(span.face.drawable(span.text + span.tail))
    canvas.drawText(text)
    for span, x, y in spans:
        if span.href:
            rect = (x, y - span.size * 0.2, x + span.width, y + span.size * 0.8)
            if tagger is not None and isinstance(span.tag, Element):
                tagger.link(span.tag, span.href, rect)
            else:
                canvas.linkURL(span.href, rect, relative=0, thickness=0)
    if opened:
        canvas.addLiteral("EMC")
