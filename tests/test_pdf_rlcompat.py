"""Each reportlab hook of ``briefout.writers.pdf.rlcompat`` on its own, read back with pikepdf."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import pikepdf
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName
from reportlab.pdfgen.canvas import Canvas

from briefout.writers.pdf import rlcompat

WHEN = dt.datetime(2026, 1, 9, 12, 30, tzinfo=dt.timezone(dt.timedelta(hours=9)))


def _canvas(out: BytesIO) -> Any:
    return Canvas(out, pageCompression=0, invariant=1)


def _saved(canvas: Any, out: BytesIO) -> pikepdf.Pdf:
    canvas.save()
    return pikepdf.open(BytesIO(out.getvalue()))


def test_fix_time_sets_the_dates_and_a_reproducible_id(monkeypatch) -> None:
    files = []
    for epoch in ("1", "1767916800"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        out = BytesIO()
        canvas = _canvas(out)
        rlcompat.fix_time(canvas, WHEN)
        canvas.drawString(10, 10, "x")
        canvas.save()
        files.append(out.getvalue())
    assert files[0] == files[1]
    with pikepdf.open(BytesIO(files[0])) as pdf:
        assert str(pdf.docinfo.CreationDate).startswith("D:20260109033000")


def test_text_emitter_appends_show_text_operators() -> None:
    out = BytesIO()
    canvas = _canvas(out)
    text = canvas.beginText()
    text.setFont("Helvetica", 12)
    emit = rlcompat.text_emitter(text)
    emit("Hello")
    emit("world")
    canvas.drawText(text)
    with _saved(canvas, out) as pdf:
        shown = [
            bytes(operands[0])
            for operands, operator in pikepdf.parse_content_stream(pdf.pages[0])
            if str(operator) == "Tj"
        ]
    assert shown == [b"Hello", b"world"]


def test_register_page_reference_and_page_entries() -> None:
    out = BytesIO()
    canvas = _canvas(out)
    canvas.showPage()
    second = rlcompat.page_reference(canvas)
    canvas.drawString(10, 10, "page two")
    canvas.showPage()
    marker = rlcompat.register(canvas, PDFDictionary({"Kind": PDFName("Test")}))
    rlcompat.set_page_entries(canvas, {"StructParents": 7, "Tabs": "/S", "PieceInfo": marker})
    canvas.setCatalogEntry("OpenAction", PDFArray([second, PDFName("Fit")]))
    with _saved(canvas, out) as pdf:
        assert pdf.Root.OpenAction[0].objgen == pdf.pages[1].obj.objgen
        page = pdf.pages[1].obj
        assert page.StructParents == 7 and page.Tabs == "/S"
        assert page.PieceInfo.is_indirect and page.PieceInfo.Kind == "/Test"
        assert "/StructParents" not in pdf.pages[0].obj


def test_last_annotation_is_the_link_just_made() -> None:
    out = BytesIO()
    canvas = _canvas(out)
    canvas.linkURL("https://example.invalid/a", (0, 0, 10, 10), relative=0)
    canvas.linkURL("https://example.invalid/b", (0, 20, 10, 30), relative=0)
    last = rlcompat.last_annotation(canvas)
    canvas.showPage()
    rlcompat.set_page_entries(canvas, {"PieceInfo": last})
    with _saved(canvas, out) as pdf:
        page = pdf.pages[0].obj
        assert page.PieceInfo.objgen == page.Annots[1].objgen
        assert page.PieceInfo.A.URI == "https://example.invalid/b"


# ------------------------------------------------------------------ faces and fonts


def _bundled(name: str) -> Any:
    from briefout.resources import fonts_dir

    return fonts_dir() / name


def test_face_bytes_are_the_font_file() -> None:
    from reportlab.pdfbase.ttfonts import TTFontFace

    path = _bundled("LiberationSerif-Regular.ttf")
    assert rlcompat.face_bytes(TTFontFace(str(path))) == path.read_bytes()


def test_transient_face_attributes_exist_on_a_parsed_face() -> None:
    from reportlab.pdfbase.ttfonts import TTFontFace

    face = TTFontFace(str(_bundled("ipaexm.ttf")))
    assert set(rlcompat.FACE_TRANSIENT) <= set(face.__dict__)


def test_pdf_scale_matches_reportlab_and_the_units_per_em() -> None:
    from reportlab.pdfbase.ttfonts import TTFontFace

    for name in ("LiberationSerif-Regular.ttf", "ipaexm.ttf"):
        parsed = TTFontFace(str(_bundled(name)))
        restored = TTFontFace.__new__(TTFontFace)
        restored.__dict__.update(
            {k: v for k, v in parsed.__dict__.items() if k not in rlcompat.FACE_TRANSIENT}
        )
        rlcompat.set_pdf_scale(restored)
        units = parsed.unitsPerEm
        # a glyph as wide as the em is 1000 thousandths of an em, whatever the units
        assert rlcompat.pdf_scale(restored, units) == 1000
        assert rlcompat.pdf_scale(restored, 123) == rlcompat.pdf_scale(parsed, 123)


def test_bare_font_measures_like_a_parsed_font() -> None:
    """A font made without TTFont.__init__ works like one made with it (not registered:
    reportlab's font registry and mappings are global)."""
    from weakref import WeakKeyDictionary

    from reportlab.pdfbase.ttfonts import TTEncoding, TTFont

    path = _bundled("LiberationSerif-Regular.ttf")
    parsed = TTFont("ParsedSerif", str(path))
    font = rlcompat.bare_font(TTFont)
    font.fontName = "BareSerif"
    font.face = parsed.face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font.shapable = False
    text = "Bare font, 2026"
    assert font.stringWidth(text, 12) == parsed.stringWidth(text, 12) > 0
    assert font._asciiReadable == parsed._asciiReadable
