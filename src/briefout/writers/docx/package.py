"""What python-docx leaves to us: text XML can carry, oxml insertion order, reproducible zip.

Nothing here imports python-docx or lxml at module level, so importing the
DOCX writer stays cheap.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefout.writers import RenderContext
    from briefout.yamlsource import PathKey

# Zip entries carry this date; the document's own timestamp lives in docProps/core.xml.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

# Characters XML 1.0 cannot carry at all (not even as references).
FORBIDDEN = re.compile("[\x00-\x08\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Schema successors of the elements python-docx has no property for (ECMA-376 sequences).
STYLE_AFTER_LINK = (
    "w:autoRedefine",
    "w:hidden",
    "w:uiPriority",
    "w:semiHidden",
    "w:unhideWhenUsed",
    "w:qFormat",
    "w:locked",
    "w:personal",
    "w:personalCompose",
    "w:personalReply",
    "w:rsid",
    "w:pPr",
    "w:rPr",
    "w:tblPr",
    "w:trPr",
    "w:tcPr",
    "w:tblStylePr",
)
RPR_AFTER_SZCS = (
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)
RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
SECTPR_AFTER_DOCGRID = ("w:printerSettings", "w:sectPrChange")
THEME_FONT_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def checked_text(text: str, path: PathKey | str, context: RenderContext) -> str:
    """``text`` ready for python-docx's ``run.text`` (which turns ``\\t``/``\\n`` into
    ``w:tab``/``w:br``): U+000B and CR become line breaks; a character XML cannot carry
    is a UserError at ``path`` (an issue or style path, see :mod:`briefout.walk`)."""
    bad = FORBIDDEN.search(text)
    if bad:
        raise context.error(
            path,
            f"the character U+{ord(bad.group(0)):04X} cannot be stored in a DOCX (XML forbids it)",
            "delete it from the issue (control characters often come "
            "from pasting out of other programs)",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")


def insert(parent: Any, child: Any, successors: tuple[str, ...]) -> Any:
    """Put ``child`` into an oxml ``parent`` in schema order, replacing one of its tag."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    parent.insert_element_before(child, *successors)
    return child


def set_rfonts(rpr: Any, latin: str, east_asian: str) -> None:
    """``w:rFonts`` naming the Latin and the East Asian font, without theme attributes."""
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()
    for name in THEME_FONT_ATTRS:
        fonts.attrib.pop(qn("w:" + name), None)
    for name, value in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asian)):
        fonts.set(qn("w:" + name), value)
    fonts.set(qn("w:cs"), latin)


def reproducible_zip(data: bytes) -> bytes:
    """Rewrite a saved package: content types first, then sorted names, fixed dates and
    attributes (python-docx stamps entries with the local time)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    names = sorted(parts, key=lambda name: (name != "[Content_Types].xml", name))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, parts[name], compresslevel=9)
    return buffer.getvalue()
