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
from dataclasses import dataclass, field
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


# ------------------------------------------------------------------ font choice


def is_wide(ch: str) -> bool:
    """True for East Asian wide and fullwidth characters (kana, kanji, 、。「」 ...)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def is_ambiguous(ch: str) -> bool:
    """East Asian ambiguous width (●, ※, “, ×): its font follows the text around it."""
    return unicodedata.east_asian_width(ch) == "A"


@dataclass(eq=False)
class Face:
    """One loaded face: its PDF font name, widths per code point (1/1000 em)."""

    name: str
    path: Path
    widths: dict[int, float]
    font: Any
    default_width: float

    def has(self, ch: str) -> bool:
        return ord(ch) in self.widths


@dataclass
class FontSet:
    """The four (or six) faces of one font role: Latin/Japanese in each weight."""

    latin: str
    latin_bold: str
    latin_italic: str
    latin_bold_italic: str
    east_asian: str
    east_asian_bold: str

    def pick(self, bold: bool, italic: bool) -> tuple[str, str]:
        """(Latin face key, Japanese face key) for a weight and slant."""
        if bold and italic:
            latin = self.latin_bold_italic
        elif bold:
            latin = self.latin_bold
        elif italic:
            latin = self.latin_italic
        else:
            latin = self.latin
        return latin, self.east_asian_bold if bold else self.east_asian


@dataclass
class FontBook:
    """Every face a document uses, loaded once per file; registered with reportlab lazily."""

    use_cache: bool = True
    faces: dict[str, Face] = field(default_factory=dict)

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

    def register(self) -> None:
        """Register every loaded face with reportlab's font registry."""
        from reportlab.pdfbase import pdfmetrics

        for face in self.faces.values():
            pdfmetrics.registerFont(face.font)
