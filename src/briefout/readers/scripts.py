"""Which script a character belongs to, as far as splitting headlines needs to know."""

from __future__ import annotations

import unicodedata

_CJK_RANGES = (
    (0x3000, 0x30FF),  # CJK punctuation, hiragana, katakana
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFF01, 0xFF60),  # full-width ASCII and punctuation
    (0xFF61, 0xFF9F),  # half-width katakana
    (0x20000, 0x2FA1F),  # supplementary ideographs
)


def is_cjk(char: str) -> bool:
    """True for Japanese (and other CJK) characters, full-width forms included."""
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def is_latin_letter(char: str) -> bool:
    """True for a letter that is not CJK (Latin, Cyrillic, Greek...)."""
    return char.isalpha() and not is_cjk(char)


def cjk_share(text: str) -> float:
    """Share of CJK characters among the letters and digits of ``text`` (0 when none)."""
    counted = [char for char in text if char.isalnum()]
    if not counted:
        return 0.0
    return sum(1 for char in counted if is_cjk(char)) / len(counted)


def nfkc(text: str) -> str:
    """NFKC, for matching only: the output always keeps the text as written."""
    return unicodedata.normalize("NFKC", text)


def nfkc_with_map(text: str) -> tuple[str, list[int]]:
    """NFKC of ``text`` character by character, and for each output character the index
    of the source character it came from (so a match can be cut from the original)."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        normal = unicodedata.normalize("NFKC", char)
        out.append(normal)
        origin.extend([index] * len(normal))
    return "".join(out), origin
