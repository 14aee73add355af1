"""TrueType faces for the PDF: loading (with a parse cache), per-character font choice.

Parsing the IPAex files costs about 50 ms each on every run (a 12,000-entry
cmap and metrics).  The parsed face, without the file bytes, is kept as a
pickle under the user cache folder, keyed on the font file's path, size and
modification time, the reportlab version and this module's cache format; a
warm run unpickles it in about 12 ms and reads the font bytes only when a
subset is embedded.  Any problem with the cache (unwritable folder, stale or
corrupt entry) falls back to a normal parse: the cache never changes output.
"""

from __future__ import annotations

import unicodedata
from array import array
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefout.cache import cached

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFontFace

# not kept: the file bytes (read when a subset is made), a lambda, a parse-time-only map
_SKIP = ("_ttf_data", "_pdfScale", "glyphToChar")


class Metrics:
    """``hmetrics`` as two arrays: ``metrics[i]`` is (advance, left side bearing)."""

    def __init__(self, advances: array[float], bearings: array[float]) -> None:
        self.advances = advances
        self.bearings = bearings

    def __getitem__(self, index: int) -> tuple[float, float]:
        return self.advances[index], self.bearings[index]

    def __len__(self) -> int:
        return len(self.advances)


def _face_class() -> type[TTFontFace]:
    from reportlab.pdfbase.ttfonts import TTFontFace

    class CachedFace(TTFontFace):
        """A face restored from the cache; the font bytes are read on first use."""

        @property
        def _ttf_data(self) -> bytes:
            data = self.__dict__.get("_ttf_bytes")
            if data is None:
                with open(self.filename, "rb") as handle:
                    data = self.__dict__["_ttf_bytes"] = handle.read()
            return data

    return CachedFace


def load_face(path: Path, use_cache: bool = True) -> Any:
    """A reportlab ``TTFontFace`` for ``path``, from the parse cache when possible."""
    import reportlab
    from reportlab.pdfbase.ttfonts import TTFontFace

    if not use_cache:
        return TTFontFace(str(path))

    def parse() -> dict[str, Any]:
        face = TTFontFace(str(path))
        state = {k: v for k, v in face.__dict__.items() if k not in _SKIP}
        # flat arrays unpickle several times faster than lists of numbers and tuples
        state["glyphPos"] = array("L", face.glyphPos)
        state["hmetrics"] = Metrics(
            array("d", (m[0] for m in face.hmetrics)), array("d", (m[1] for m in face.hmetrics))
        )
        return state

    state = cached("face", path, f"reportlab {reportlab.Version}", parse)
    cls = _face_class()
    face = cls.__new__(cls)
    face.__dict__.update(state)
    scale = 1000 / face.unitsPerEm
    # types-reportlab leaves out this private attribute, which TTFontFile.extractInfo sets
    face._pdfScale = (  # type: ignore[attr-defined]
        (lambda v: v) if face.unitsPerEm == 1000 else (lambda v: v * scale)
    )
    return face


def hyphenator(language: str, left: int, right: int, use_cache: bool = True) -> Any:
    """A ``pyphen.Pyphen``, its parsed dictionary taken from the cache when possible."""
    import pyphen

    if use_cache:
        try:
            path = Path(pyphen.LANGUAGES[pyphen.language_fallback(language)])
        except (KeyError, TypeError):
            path = None
        if path is not None and path not in pyphen.hdcache:
            version = getattr(pyphen, "VERSION", getattr(pyphen, "__version__", "?"))
            pyphen.hdcache[path] = cached(
                "hyph", path, f"pyphen {version}", lambda: pyphen.HyphDict(path)
            )
    return pyphen.Pyphen(lang=language, left=left, right=right)


def make_font(name: str, face: Any) -> Any:
    """A reportlab ``TTFont`` named ``name`` over an already loaded face (no shaping)."""
    from weakref import WeakKeyDictionary

    from reportlab.pdfbase.ttfonts import TTEncoding, TTFont

    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    # types-reportlab leaves out this private attribute, which TTFont.__init__ sets
    font._asciiReadable = 1  # type: ignore[attr-defined]
    font.shapable = False
    return font


# ------------------------------------------------------------------ face class


def _table(data: bytes, tag: bytes) -> int | None:
    """Offset of a TrueType table from its directory, or None."""
    import struct

    (count,) = struct.unpack(">H", data[4:6])
    for index in range(count):
        entry = 12 + 16 * index
        if data[entry : entry + 4] == tag:
            offset: int = struct.unpack(">I", data[entry + 8 : entry + 12])[0]
            return offset
    return None


def typeface_class(path: Path) -> tuple[str, int]:
    """("serif" | "sans" | "other", usWeightClass) of a font file, from its OS/2 table.

    The class is PANOSE's: family kind 2 (Latin text) with serif style 11-13 is a
    sans (IPAex Gothic), 2-10 a serif (IPAex Mincho, Liberation Serif).
    """
    import struct

    with open(path, "rb") as handle:
        head = handle.read(12 + 16 * 64)
        offset = _table(head, b"OS/2")
        if offset is None:
            return "other", 400
        handle.seek(offset)
        os2 = handle.read(42)
    (weight,) = struct.unpack(">H", os2[4:6])
    family, serif = os2[32], os2[33]
    if family != 2:
        return "other", weight
    return ("sans" if serif in (11, 12, 13) else "serif" if 2 <= serif <= 10 else "other"), weight


# ------------------------------------------------------------------ font choice


def is_wide(ch: str) -> bool:
    """True for East Asian wide and fullwidth characters (kana, kanji, 、。「」 ...)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def is_ambiguous(ch: str) -> bool:
    """East Asian ambiguous width (●, ※, “, ×): its font follows the text around it."""
    return unicodedata.east_asian_width(ch) == "A"


@dataclass(eq=False)
class Face:
    """One loaded face: its PDF font name, widths per code point (1/1000 em).

    ``bold_stroke`` (em) is non-zero for a synthetic bold: the same font drawn with
    its outlines stroked that much wider (PDF text render mode 2).
    """

    name: str
    path: Path
    widths: dict[int, float]
    font: Any
    default_width: float
    bold_stroke: float = 0.0

    def has(self, ch: str) -> bool:
        return ord(ch) in self.widths

    @property
    def label(self) -> str:
        """The font name, marked ``/bold`` when emboldened synthetically."""
        return f"{self.name}/bold" if self.bold_stroke else self.name


#: A face of a font set: (font file, emboldened synthetically).
FaceRef = tuple[str, bool]


@dataclass
class FontSet:
    """The faces of one font role: Latin/Japanese in each weight.

    A bold left out (None) is the regular face emboldened synthetically.
    """

    latin: str
    latin_bold: str | None
    latin_italic: str
    latin_bold_italic: str | None
    east_asian: str
    east_asian_bold: str | None

    def pick(self, bold: bool, italic: bool) -> tuple[FaceRef, FaceRef]:
        """(Latin face, Japanese face) for a weight and slant."""
        regular = self.latin_italic if italic else self.latin
        if not bold:
            return (regular, False), (self.east_asian, False)
        named = self.latin_bold_italic if italic else self.latin_bold
        latin: FaceRef = (named, False) if named else (regular, True)
        if self.east_asian_bold:
            return latin, (self.east_asian_bold, False)
        return latin, (self.east_asian, True)


@dataclass
class FontBook:
    """Every face a document uses, loaded once per file; registered with reportlab lazily."""

    use_cache: bool = True
    faces: dict[str, Face] = field(default_factory=dict)
    emboldened: dict[tuple[str, float], Face] = field(default_factory=dict)

    def face(self, path: Path) -> Face:
        """The face of a font file (loaded on first use)."""
        key = str(path)
        found = self.faces.get(key)
        if found is None:
            tt = load_face(path, self.use_cache)
            name = tt.name.decode("latin-1") if isinstance(tt.name, bytes) else str(tt.name)
            name = (
                f"{name}-{len(self.faces)}"
                if any(f.name == name for f in self.faces.values())
                else name
            )
            font = make_font(name, tt)
            found = Face(name, path, tt.charWidths, font, tt.defaultWidth)
            self.faces[key] = found
        return found

    def bold(self, path: Path, stroke_em: float) -> Face:
        """The face of a font file emboldened synthetically (same font, stroked outlines)."""
        key = (str(path), stroke_em)
        found = self.emboldened.get(key)
        if found is None:
            found = self.emboldened[key] = replace(self.face(path), bold_stroke=stroke_em)
        return found

    def register(self) -> None:
        """Register every loaded face with reportlab's font registry."""
        from reportlab.pdfbase import pdfmetrics

        for face in self.faces.values():
            pdfmetrics.registerFont(face.font)
