"""PDF writer: A4 pages drawn with reportlab's canvas from our own Japanese-aware layout.

reportlab is used only to draw and to embed subset TrueType fonts; line
breaking (kinsoku, unbroken Latin words, hyphenation), per-character font
choice and pagination are ours (see ``linebreak`` and ``layout``), because
reportlab's CJK wrapping applies kinsoku only at line starts and can split
Latin words.  A character no font has is drawn as the style's
``missing_glyph`` (〓 by default) and reported as a notice naming the item and
the character: visible on paper, never a silent blank.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from briefout.writers.pdf.options import PdfOptions

if TYPE_CHECKING:
    from briefout.model import Issue
    from briefout.style import Style
    from briefout.writers import RenderContext
    from briefout.writers.pdf.layout import Document


class PdfWriter:
    """Paginated A4 PDF with embedded subset fonts, bookmarks and document info."""

    name: ClassVar[str] = "pdf"
    suffix: ClassVar[str] = ".pdf"
    description: ClassVar[str] = "A4 PDF, Japanese typesetting, embedded fonts and bookmarks"
    requires: ClassVar[tuple[str, ...]] = ()
    options_model: ClassVar[type[PdfOptions]] = PdfOptions

    def layout(self, issue: Issue, style: Style, context: RenderContext) -> Document:
        """The laid-out document (pages, header and footer lines, fonts), without drawing."""
        from briefout.writers.pdf.layout import layout_document

        options = style.writer_options("pdf", PdfOptions)
        return layout_document(issue, style, options, context.notify)

    def render(self, issue: Issue, style: Style, context: RenderContext) -> bytes:
        """Render the issue to PDF bytes (identical for identical input and timestamp)."""
        document = self.layout(issue, style, context)
        from briefout.writers.pdf.draw import draw_pdf

        return draw_pdf(issue, style, document, context.timestamp)
