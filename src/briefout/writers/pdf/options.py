"""Settings of the PDF writer (``writers.pdf`` in a style), validated by pydantic."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from briefout.style import FontFile

# JIS X 4051 line-start prohibited characters: closing brackets, Japanese full stops and
# commas, iteration marks, prolonged sound mark, small kana, middle dots, ? !, ellipses,
# dashes/waves; and their Latin cousins for the boundary between Japanese and Latin text.
NO_START = (
    "、。，．）」』】〉》〕］｝〙〗’”〟｠»ー…‥？！‼⁇⁈⁉・：；゠‐–〜～々〻ゝゞヽヾ"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "ｧｨｩｪｫｯｬｭｮｰ｡｣､･ﾞﾟ"
    ")]},.:;!?%"
)
# Line-end prohibited characters: opening brackets.
NO_END = "（「『【〈《〔［｛〘〖‘“〝｟«([｢"


class Hyphenation(BaseModel):
    """Hyphenation of English words (pyphen dictionaries)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    language: str = Field(default="en_US", description="A pyphen dictionary name.")
    roles: list[str] = Field(
        default=["body", "bullet"], description="Roles whose English words may be hyphenated."
    )
    min_word: int = Field(default=6, ge=2, description="Shortest word to hyphenate.")
    max_word: int = Field(
        default=45,
        ge=2,
        le=1000,
        description="Longest word to hyphenate; longer runs of letters (codes, pasted "
        "strings) are not words and are only broken where they overflow a line.",
    )
    capitalised: bool = Field(
        default=False, description="Hyphenate capitalised words (mostly names) too."
    )
    min_left: int = Field(default=2, ge=1, description="Letters kept before the hyphen.")
    min_right: int = Field(default=3, ge=1, description="Letters carried to the next line.")
    min_slack_em: float = Field(
        default=2.0, ge=0, description="Hyphenate only when the line would leave more empty (em)."
    )
    max_consecutive: int = Field(default=2, ge=1, description="Hyphenated lines in a row, at most.")


class PdfOptions(BaseModel):
    """What the PDF writer reads from ``writers.pdf``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    latin_italic: FontFile = Field(
        default="LiberationSerif-Italic.ttf", description="Latin face for emphasis (body)."
    )
    latin_bold_italic: FontFile = Field(
        default="LiberationSerif-BoldItalic.ttf", description="Latin face for bold emphasis."
    )
    synthetic_bold_em: float = Field(
        default=0.03,
        ge=0,
        le=0.2,
        description=(
            "Stroke width (em) of a synthetic bold: the bold of a face whose style gives no "
            "bold file (fonts.pdf.<role>.latin_bold / east_asian_bold left out)."
        ),
    )
    kinsoku_no_start: str = Field(default=NO_START, description="Characters never starting a line.")
    kinsoku_no_end: str = Field(default=NO_END, description="Characters never ending a line.")
    hyphenation: Hyphenation = Hyphenation()
    orphans: int = Field(default=2, ge=1, description="Lines of a paragraph kept at a page foot.")
    widows: int = Field(default=2, ge=1, description="Lines of a paragraph carried to a new page.")
    headline_gap: str = Field(
        default=" ",
        description="After the headline mark; a hanging headline (roles.headline_ja.hanging) "
        "starts its text at the role's indent if that is further.",
    )
    citation_alone_align: Literal["left", "right"] = Field(
        default="right", description="An inline citation wrapped onto a line of its own."
    )
    loose_line_em: float = Field(
        default=0.2,
        ge=0,
        description=(
            "The line before such a citation is left ragged if justifying it would widen "
            "each space by more than this (em)."
        ),
    )
    min_last_line_chars: int = Field(
        default=2, ge=1, description="A paragraph's last line holds at least this many characters."
    )
    bullet_gap: str = Field(default="", description="Text after the bullet glyph.")
    bookmarks: Literal["sections_and_items", "sections", "none"] = "sections_and_items"
    bookmark_item_text: Literal["ja", "en", "ja_en"] = "ja"
    open_outline: bool = Field(default=True, description="Show the bookmarks when the file opens.")
    missing_glyph: str = Field(
        default="〓",
        min_length=1,
        max_length=1,
        description="Drawn (with a warning) for a character that no font has.",
    )
    font_cache: bool = Field(default=True, description="Keep parsed fonts in the user cache.")
    compress: bool = True
    tagged: bool = Field(
        default=True,
        description="A tagged PDF (PDF/UA-1): structure tree, marked content, languages, XMP.",
    )
    language_english: str = Field(
        default="en-US", description="The /Lang of English text in a tagged PDF (BCP 47)."
    )
    creator: str = Field(default="briefout", description="The PDF Creator entry.")
