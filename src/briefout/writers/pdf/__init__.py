"""PDF writer: A4 pages drawn with reportlab's canvas from our own Japanese-aware layout.

reportlab is used only to draw and to embed subset TrueType fonts; line
breaking (kinsoku, unbroken Latin words, hyphenation), per-character font
choice and pagination are ours (see ``linebreak`` and ``layout``), because
reportlab's CJK wrapping applies kinsoku only at line starts and can split
Latin words.  A character no font has is drawn as the style's
``missing_glyph`` (〓 by default) and reported as a notice naming the item and
the character: visible on paper, never a silent blank.  Right-to-left text (Hebrew,
Arabic) is refused with its position: without the Bidirectional Algorithm and Arabic
shaping it would print backwards.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from briefout.errors import UserError
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
        _refuse_right_to_left(issue, context)
        _report_mixed_classes(style, context)
        return layout_document(issue, style, options, context.notify)

    def render(self, issue: Issue, style: Style, context: RenderContext) -> bytes:
        """Render the issue to PDF bytes (identical for identical input and timestamp)."""
        document = self.layout(issue, style, context)
        from briefout.writers.pdf.draw import draw_pdf

        return draw_pdf(issue, style, document, context.timestamp)


def _report_mixed_classes(style: Style, context: RenderContext) -> None:
    """Warn where a font role sets Latin letters in another class than its Japanese face
    (a serif beside a Gothic): 「国境警備局が 2025 年」 would mix them (docs/typography.md)."""
    from briefout.writers.pdf.fonts import typeface_class

    for role, files in style.fonts.pdf.items():
        latin, _ = typeface_class(style.find_file(files.latin))
        japanese, _ = typeface_class(style.find_file(files.east_asian))
        if "other" not in (latin, japanese) and latin != japanese:
            context.notify(
                f"fonts.pdf.{role}.latin",
                f"{files.latin} is a {latin} but the Japanese face {files.east_asian} is a "
                f"{japanese}: Latin letters and digits in Japanese text of the {role} font "
                "would mix the two",
                f"use a {japanese} for latin (the Japanese font itself has Latin letters), "
                "as docs/typography.md explains",
            )


#: Blocks of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko... and their
#: presentation forms); a match is confirmed with the character's bidirectional class.
_RIGHT_TO_LEFT = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def _refuse_right_to_left(issue: Issue, context: RenderContext) -> None:
    """Refuse right-to-left text, which the PDF would draw backwards (and unshaped).

    The line breaker and the drawing work in logical order and have no Unicode
    Bidirectional Algorithm nor Arabic shaping, so the honest answer is a clear error at
    each field, instead of a PDF that reads backwards; DOCX and the e-mail show such text.
    """
    import unicodedata

    from briefout.walk import walk

    problems = []
    for node in walk(issue):
        found = next(
            (
                match.group()
                for match in _RIGHT_TO_LEFT.finditer(node.text)
                if unicodedata.bidirectional(match.group()) in ("R", "AL")
            ),
            None,
        )
        if found is not None:
            name = unicodedata.name(found, "").split(" ")[0].title()
            problems.append(
                context.problem(
                    node.path,
                    f"right-to-left text ({name}, U+{ord(found):04X}) cannot be set in the "
                    "PDF: it would print backwards",
                    "write it in Latin letters (a transliteration), or leave the PDF out: "
                    "the DOCX and the e-mail show right-to-left text correctly "
                    "(--to docx,email)",
                    "error",
                )
            )
    if problems:
        raise UserError("right-to-left text in the PDF", problems)
