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

import re
import unicodedata
from array import array
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefout.cache import cached
from briefout.writers.pdf import rlcompat

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFontFace


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


#: Faces already loaded in this process, by file and its size and modification time: a
#: process that renders many issues (``briefout build``'s workers) parses each font once.
#: A face is only read while drawing (per-document state lives in its ``TTFont``).
_loaded: dict[tuple[str, int, int], Any] = {}


def load_face(path: Path, use_cache: bool = True) -> Any:
    """A reportlab ``TTFontFace`` for ``path``, from the parse cache when possible."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    if not use_cache:
        plain = TTFontFace(str(path))
        plain.__dict__["variation_glyphs"] = variation_glyphs(rlcompat.face_bytes(plain))
        return plain
    stat = path.stat()
    memo = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    face = _loaded.get(memo)
    if face is None:
        face = _loaded[memo] = _load_cached_face(path)
    return face


def _load_cached_face(path: Path) -> Any:
    """The face from the user's parse cache (parsing the file when the cache has none)."""
    import reportlab
    from reportlab.pdfbase.ttfonts import TTFontFace

    def parse() -> dict[str, Any]:
        face = TTFontFace(str(path))
        state = {k: v for k, v in face.__dict__.items() if k not in rlcompat.FACE_TRANSIENT}
        state["variation_glyphs"] = variation_glyphs(rlcompat.face_bytes(face))
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
    rlcompat.set_pdf_scale(face)
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


def _cluster_font_class() -> type[Any]:
    from reportlab.pdfbase.ttfonts import TTFont

    class ClusterFont(TTFont):
        """A TTFont that also draws clusters: a character with invisible characters (variation
        selectors, ZWJ, U+FEFF ...) as one glyph, its variant where the font's cmap format 14
        has one.  Each cluster gets a private code point mapped to its glyph; the subset's
        ToUnicode maps it back to the whole cluster, so text extraction returns every character.
        """

        clusters: dict[tuple[str, int], str]
        cluster_text: dict[int, str]

        def cluster_char(self, cluster: str, glyph: int, width: float) -> str:
            """The private character that draws ``glyph`` (advance ``width``) for ``cluster``."""
            found = self.clusters.get((cluster, glyph))
            if found is None:
                face = self.face
                if not self.cluster_text:  # the parsed maps may be shared: copy before adding
                    face.charToGlyph = dict(face.charToGlyph)
                    face.charWidths = dict(face.charWidths)
                code = _PRIVATE_CLUSTERS + len(self.cluster_text)
                face.charToGlyph[code] = glyph
                face.charWidths[code] = width
                self.cluster_text[code] = cluster
                found = self.clusters[(cluster, glyph)] = chr(code)
            return found

        def addObjects(self, doc: Any) -> None:
            state = self.state.get(doc)
            subsets = [list(subset) for subset in state.subsets] if state is not None else []
            names = [self.getSubsetInternalName(n, doc)[1:] for n in range(len(subsets))]
            super().addObjects(doc)
            fonts = doc.idToObject["BasicFonts"].dict
            for name, subset in zip(names, subsets, strict=True):
                if any(code in self.cluster_text for code in subset):
                    stream = doc.idToObject[fonts[name].ToUnicode.name]
                    stream.content = _to_unicode(name, subset, self.cluster_text)

    return ClusterFont


def _to_unicode(name: str, subset: list[int], clusters: dict[int, str]) -> str:
    """A ToUnicode CMap for a subset: code ``i`` -> the UTF-16 of ``subset[i]`` or its cluster."""

    def utf16(code: int) -> str:
        text = clusters.get(code, chr(code))
        return text.encode("utf-16-be").hex().upper()

    lines = [f"<{index:02X}> <{utf16(code)}>" for index, code in enumerate(subset)]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
            f"/CMapName /{name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(lines)} beginbfchar",
            *lines,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def make_font(name: str, face: Any) -> Any:
    """A reportlab ``TTFont`` named ``name`` over an already loaded face (no shaping)."""
    from weakref import WeakKeyDictionary

    from reportlab.pdfbase.ttfonts import TTEncoding

    font = rlcompat.bare_font(_cluster_font_class())
    font.clusters = {}
    font.cluster_text = {}
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font.shapable = False
    return font


# ------------------------------------------------------------------ invisible characters

#: Default_Ignorable_Code_Point (Unicode DerivedCoreProperties.txt): never drawn.
_IGNORABLE = (
    (0x00AD, 0x00AD),  # soft hyphen
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),  # Mongolian variation selectors
    (0x200B, 0x200F),  # ZWSP, ZWNJ, ZWJ, LRM, RLM
    (0x202A, 0x202E),
    (0x2060, 0x206F),  # word joiner, invisible operators, deprecated format characters
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),  # variation selectors
    (0xFEFF, 0xFEFF),  # zero width no-break space (BOM)
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),  # tags, ideographic variation selectors (IVS)
)
_IGNORABLE_CLASS = "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in _IGNORABLE)
_HAS_IGNORABLE = re.compile(f"[{_IGNORABLE_CLASS}]")
_PRIVATE_CLUSTERS = 0x100000  # Supplementary Private Use Area-B: drawn clusters


def is_ignorable(ch: str) -> bool:
    """A default-ignorable character (ZWJ, variation selectors, U+FEFF, soft hyphen ...)."""
    return _HAS_IGNORABLE.match(ch) is not None


def has_ignorable(text: str) -> bool:
    return _HAS_IGNORABLE.search(text) is not None


def split_invisible(texts: list[str]) -> tuple[list[str], dict[int, str]]:
    """The visible characters of each text, and the clusters holding the invisible ones.

    An invisible character joins the visible character before it (its base: 葛 of
    葛\U000e0100), or, after a space or at the start, the next one.  Clusters are keyed on
    the index of their visible character in the joined visible texts; invisible characters
    with nothing visible after a space are dropped.
    """
    visible: list[str] = []
    clusters: dict[int, str] = {}
    out: list[str] = []
    pending = ""
    for text in texts:
        start = len(visible)
        for ch in text:
            if not is_ignorable(ch):
                visible.append(ch)
                if pending:
                    clusters[len(visible) - 1] = pending + ch
                    pending = ""
            elif visible and visible[-1] not in " \n":
                last = len(visible) - 1
                clusters[last] = clusters.get(last, visible[last]) + ch
            else:
                pending += ch
        out.append("".join(visible[start:]))
    return out, clusters


def variation_glyphs(data: bytes) -> dict[tuple[int, int], int]:
    """(base, selector) -> glyph of the non-default variation sequences of a font's cmap
    format 14 (葛 U+845B with U+E0100 -> the variant glyph); empty if it has none."""
    import struct

    cmap = _table(data, b"cmap")
    if cmap is None:
        return {}
    found: dict[tuple[int, int], int] = {}
    (count,) = struct.unpack(">H", data[cmap + 2 : cmap + 4])
    for index in range(count):
        (offset,) = struct.unpack(">I", data[cmap + 8 + 8 * index : cmap + 12 + 8 * index])
        table = cmap + offset
        if struct.unpack(">H", data[table : table + 2])[0] != 14:
            continue
        (records,) = struct.unpack(">I", data[table + 6 : table + 10])
        for record in range(records):
            at = table + 10 + 11 * record
            selector = int.from_bytes(data[at : at + 3], "big")
            (non_default,) = struct.unpack(">I", data[at + 7 : at + 11])
            if not non_default:
                continue
            mappings = table + non_default
            (entries,) = struct.unpack(">I", data[mappings : mappings + 4])
            for entry in range(entries):
                where = mappings + 4 + 5 * entry
                base = int.from_bytes(data[where : where + 3], "big")
                (glyph,) = struct.unpack(">H", data[where + 3 : where + 5])
                found[(base, selector)] = glyph
        break
    return found


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
    variants: dict[tuple[int, int], int] = field(default_factory=dict)

    def has(self, ch: str) -> bool:
        return ord(ch) in self.widths

    def variant(self, cluster: str) -> int | None:
        """The glyph a variation selector in ``cluster`` selects for its base, if any."""
        if not self.variants:
            return None
        base = next(ord(ch) for ch in cluster if not is_ignorable(ch))
        for ch in cluster:
            glyph = self.variants.get((base, ord(ch)))
            if glyph is not None:
                return glyph
        return None

    def cluster_width(self, cluster: str) -> float:
        """Advance (1/1000 em) of a cluster: its variant glyph's, else its base character's."""
        glyph = self.variant(cluster)
        if glyph is None:
            base = next(ord(ch) for ch in cluster if not is_ignorable(ch))
            return self.widths.get(base, self.default_width)
        tt = self.font.face
        return rlcompat.pdf_scale(tt, tt.hmetrics[glyph][0])

    def drawable(self, text: str) -> str:
        """``text`` as reportlab draws it: each cluster one private character (its glyph)."""
        if not has_ignorable(text):
            return text
        from reportlab.pdfbase.pdfmetrics import getFont

        # the font that draws this name: reportlab keeps the first font registered under a
        # name for the whole process, which may be an earlier render's (same file)
        font: Any = getFont(self.name)
        (visible,), clusters = split_invisible([text])
        if not hasattr(font, "cluster_char"):  # registered elsewhere as a plain TTFont
            return visible
        chars = list(visible)
        tt = font.face
        for index, cluster in clusters.items():
            glyph = self.variant(cluster)
            if glyph is None:
                glyph = tt.charToGlyph.get(ord(chars[index]), 0)
            width = self.cluster_width(cluster)
            chars[index] = font.cluster_char(cluster, glyph, width)
        return "".join(chars)

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
            variants = getattr(tt, "variation_glyphs", {})
            found = Face(name, path, tt.charWidths, font, tt.defaultWidth, variants=variants)
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
