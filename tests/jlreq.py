"""Kinsoku character classes typed from JLREQ (W3C, "Requirements for Japanese Text Layout",
appendix A), the classes JIS X 4051 forbids at the start or the end of a line.

Tests take their expected answers from here, never from the code's own sets.
"""

from __future__ import annotations

CL01_OPENING = "‘“（〔［｛〈《「『【〘〖〝｟«"
CL02_CLOSING = "’”）〕］｝〉》」』】〙〗〟｠»"
CL03_HYPHENS = "‐〜゠–"
CL04_DIVIDING = "？！‼⁇⁈⁉"
CL05_MIDDLE_DOTS = "・：；"
CL06_FULL_STOPS = "。．"
CL07_COMMAS = "、，"
CL09_ITERATION = "ヽヾゝゞ々〻"
CL10_PROLONGED = "ー"
CL11_SMALL_KANA = "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
# the same classes in half-width forms (JIS X 0201 katakana)
HALF_WIDTH_NO_START = "｡｣､･ｰｧｨｩｪｫｯｬｭｮﾞﾟ"
HALF_WIDTH_NO_END = "｢"

NOT_AT_LINE_START = (
    CL02_CLOSING
    + CL03_HYPHENS
    + CL04_DIVIDING
    + CL05_MIDDLE_DOTS
    + CL06_FULL_STOPS
    + CL07_COMMAS
    + CL09_ITERATION
    + CL10_PROLONGED
    + CL11_SMALL_KANA
    + HALF_WIDTH_NO_START
)
NOT_AT_LINE_END = CL01_OPENING + HALF_WIDTH_NO_END
