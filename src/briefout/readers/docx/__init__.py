"""Word documents (.docx): the package read with lxml, flattened into paragraphs.

The reader opens the ZIP itself (:mod:`.package`), resolves styles and
numbering (:mod:`.styles`, :mod:`.numbering`) and walks the body
(:mod:`.flatten`).  python-docx is not used for reading: it drops tracked
insertions, field results, content controls and ruby bases, and gives no list
information, so the raw XML is needed anyway (see docs/architecture.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from briefout.errors import UserError
from briefout.readers.source import SourceDocument

if TYPE_CHECKING:
    from lxml import etree

    from briefout.readers.docx.package import Package

BRIEFOUT_MARKER_STYLE = "english headline"


def read_docx_bytes(data: bytes, display: str) -> SourceDocument:
    """Flatten DOCX bytes into a source document."""
    from briefout.readers.docx.flatten import Flattener
    from briefout.readers.docx.numbering import Numbering
    from briefout.readers.docx.package import Package
    from briefout.readers.docx.styles import Styles, w

    package = Package(data, display)
    main = package.main_document()
    root = package.xml(main)
    body = root.find(w("body")) if root is not None else None
    if body is None:
        raise UserError(
            f"{display}: the main document part has no body (not a WordprocessingML "
            "document); save it from Word as .docx"
        )
    styles = Styles.parse(_related(package, main, "styles"))
    numbering = Numbering.parse(_related(package, main, "numbering"))
    links = {
        rid: rel.target
        for rid, rel in package.relationships(main).items()
        if rel.kind == "hyperlink" and rel.external
    }
    flattener = Flattener(styles, numbering, links)
    flattener.blocks(body)
    paragraphs = flattener.paragraphs
    layout = any(p.style.lower() == BRIEFOUT_MARKER_STYLE for p in paragraphs)
    notes = [
        f"{count} {what}(s) not read: only the body's paragraphs are imported; "
        "move the text into the body in Word if it belongs to the issue"
        for what, count in sorted(flattener.outside.items())
    ]
    return SourceDocument(display, paragraphs, "paragraph", briefout_layout=layout, notes=notes)


def _related(package: Package, main: str, kind: str) -> etree._Element | None:
    name = package.related(main, kind)
    return package.xml(name) if name else None


def read_file(path: Path) -> bytes:
    """The file's bytes, or a plain error."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot be read ({exc.strerror or exc})") from None


class DocxReader:
    """Word 2007+ documents: styles, numbering, fields, tracked changes, content controls."""

    name: ClassVar[str] = "docx"
    suffixes: ClassVar[tuple[str, ...]] = (".docx", ".docm", ".dotx")
    description: ClassVar[str] = "Word document (DOCX): Word, LibreOffice, pandoc or briefout"

    def read(self, path: Path) -> SourceDocument:
        """Read the document's body as paragraphs counted from 1; an old binary Word file
        saved with a .docx name goes through the doc reader (LibreOffice)."""
        from briefout.readers.docx.package import ENCRYPTED_MARK, OLE_MAGIC

        data = read_file(path)
        if data.startswith(OLE_MAGIC) and ENCRYPTED_MARK not in data:
            from briefout.readers.doc import DocReader

            return DocReader().read(path)
        return read_docx_bytes(data, str(path))
