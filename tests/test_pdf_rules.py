"""Layout rules at their edges, with expected answers written from the standards, not the code.

- Kinsoku: the character classes of JLREQ (W3C, "Requirements for Japanese Text Layout",
  appendix A) that JIS X 4051 forbids at the start (cl-02 closing brackets, cl-03 hyphens,
  cl-04 dividing punctuation, cl-05 middle dots, cl-06 full stops, cl-07 commas, cl-09
  iteration marks, cl-10 prolonged sound mark, cl-11 small kana) or at the end (cl-01
  opening brackets) of a line, typed here from the standard.  They are checked through the
  built-in style as it renders, by behaviour: a line never starts (ends) with one of them.
- Orphans and widows, the minimum last line, justification: at and around each boundary.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from briefout.style import Style
from briefout.writers.pdf.fonts import FontBook
from briefout.writers.pdf.layout import MM, Block, LaidLine, Seg, Typesetter, paginate
from briefout.writers.pdf.linebreak import Kinsoku, break_paragraph
from briefout.writers.pdf.options import PdfOptions

from jlreq import NOT_AT_LINE_END, NOT_AT_LINE_START

CELL = 10.0  # every character 10 units wide: five fit a line of 50


@pytest.fixture(scope="module")
def kinsoku(style: Style) -> Kinsoku:
    """The kinsoku the built-in style renders with (whatever source its sets come from)."""
    options = style.writer_options("pdf", PdfOptions)
    return Kinsoku(frozenset(options.kinsoku_no_start), frozenset(options.kinsoku_no_end))


def _lines(text: str, kinsoku: Kinsoku, width: float = 5 * CELL, **kw: int) -> list[str]:
    lines = break_paragraph(text, [CELL] * len(text), width, kinsoku, **kw)
    return [text[line.start : line.end] for line in lines]


@pytest.mark.parametrize("char", NOT_AT_LINE_START, ids=lambda c: f"U+{ord(c):04X}")
def test_a_line_never_starts_with_a_jis_x_4051_closing_character(
    char: str, kinsoku: Kinsoku
) -> None:
    # without kinsoku the first line would be the five kana and the second start with char
    pieces = _lines("あいうえお" + char + "かきくけこ", kinsoku)
    assert all(not piece.startswith(char) for piece in pieces), pieces
    assert "".join(pieces) == "あいうえお" + char + "かきくけこ"


@pytest.mark.parametrize("char", NOT_AT_LINE_END, ids=lambda c: f"U+{ord(c):04X}")
def test_a_line_never_ends_with_an_opening_bracket(char: str, kinsoku: Kinsoku) -> None:
    # without kinsoku the first line would end with char
    pieces = _lines("あいうえ" + char + "かきくけこ", kinsoku)
    assert all(not piece.endswith(char) for piece in pieces[:-1]), pieces


def test_ordinary_kana_and_kanji_break_anywhere(kinsoku: Kinsoku) -> None:
    assert _lines("あいうえおかきくけこ漢字", kinsoku) == ["あいうえお", "かきくけこ", "漢字"]


# ---------------------------------------------------------------- minimum last line


def test_a_last_line_of_exactly_the_minimum_is_left_alone(kinsoku: Kinsoku) -> None:
    text = "あいうえおかき"  # 5 + 2
    assert _lines(text, kinsoku, min_last=2) == ["あいうえお", "かき"]
    assert _lines(text, kinsoku, min_last=3) == ["あいうえ", "おかき"]


def test_a_last_line_one_short_of_the_minimum_takes_one_more(kinsoku: Kinsoku) -> None:
    text = "あいうえおか"  # 5 + 1
    assert _lines(text, kinsoku, min_last=1) == ["あいうえお", "か"]
    assert _lines(text, kinsoku, min_last=2) == ["あいうえ", "おか"]


def test_the_line_above_keeps_at_least_two_characters(kinsoku: Kinsoku) -> None:
    # a line of 2 + last line of 1: taking one would leave the line above a single character
    text = "あいう"
    assert _lines(text, kinsoku, width=2 * CELL, min_last=2) == ["あい", "う"]
    # with 3 above, one character may move down
    text = "あいうえ"
    assert _lines(text, kinsoku, width=3 * CELL, min_last=2) == ["あい", "うえ"]


def test_a_last_line_that_cannot_take_more_stays(kinsoku: Kinsoku) -> None:
    # the only break in the line above is after い; "ABC" + "さしす" would overflow the line
    text = "あいABCさしす"
    assert _lines(text, kinsoku, min_last=3) == ["あいABC", "さしす"]
    assert _lines(text, kinsoku, min_last=4) == ["あいABC", "さしす"]


# ---------------------------------------------------------------- orphans and widows

LINES_PER_PAGE = 10


def _block(lines: int, height: float, role: str = "body") -> Block:
    laid = [LaidLine(0.0, [], height, height * 0.8) for _ in range(lines)]
    return Block(role, laid, 0.0, 0.0, False)


def _place(style: Style, room: int, lines: int, orphans: int = 2, widows: int = 2) -> list[int]:
    """Lines of a ``lines``-line paragraph on each page, when ``room`` lines are left on the
    first page (a page holds exactly LINES_PER_PAGE lines)."""
    page = style.page
    height = (page.height_mm - page.margin_top_mm - page.margin_bottom_mm) * MM / LINES_PER_PAGE
    blocks = [_block(LINES_PER_PAGE - room, height, "filler"), _block(lines, height)]
    options = PdfOptions(orphans=orphans, widows=widows)
    pages = paginate(blocks, style, options)
    return [sum(1 for placed in p.lines if placed.block.role == "body") for p in pages]


@pytest.mark.parametrize(
    ("room", "lines", "expected"),
    [
        (10, 10, [10]),  # a page holds exactly ten lines: no spill
        (3, 3, [3]),  # fits exactly after the filler
        (2, 4, [2, 2]),  # two at the foot (= orphans), two carried (= widows)
        (1, 4, [0, 4]),  # one line at the foot would be an orphan: all move
        (3, 4, [2, 2]),  # three fit, but one carried alone would be a widow
        (3, 5, [3, 2]),  # three at the foot and two carried: both limits met exactly
        (2, 3, [0, 3]),  # fewer lines than orphans + widows: never split
        (9, 11, [9, 2]),  # nine at the foot, the last two carried
    ],
)
def test_orphans_and_widows_at_their_limits(
    style: Style, room: int, lines: int, expected: list[int]
) -> None:
    assert _place(style, room, lines) == expected


def test_three_line_limits(style: Style) -> None:
    assert _place(style, 3, 6, orphans=3, widows=3) == [3, 3]
    assert _place(style, 2, 6, orphans=3, widows=3) == [0, 6]
    assert _place(style, 4, 6, orphans=3, widows=3) == [3, 3]
    assert _place(style, 4, 7, orphans=3, widows=3) == [4, 3]


# ------------------------------------------------------------------------ justification


@pytest.fixture(scope="module")
def typesetter(style: Style) -> Iterator[Typesetter]:
    notices: list[str] = []
    options = style.writer_options("pdf", PdfOptions)
    yield Typesetter(style, options, FontBook(), lambda path, message: notices.append(message))
    assert notices == []


def _visible_right_edge(line: LaidLine) -> float:
    """Where the last glyph ends: each span's characters at their advances, plus the extra
    spacing between them (Tc after each character but the last one of the line; Tw per space)."""
    last = line.spans[-1]
    advances = sum(
        last.face.widths.get(ord(ch), last.face.default_width) * last.size / 1000
        for ch in last.text
    )
    extra = last.char_space * (len(last.text) - 1) + last.word_space * last.text.count(" ")
    return last.x + advances + extra


def test_a_justified_line_ending_in_japanese_reaches_the_right_margin(
    typesetter: Typesetter,
) -> None:
    role = typesetter.style.role("body")
    text = "アゼルバイジャン地雷対策庁は二〇二五年に多くの地雷を処理したと発表した" * 3
    block = typesetter.paragraph("body", [Seg(text)], "test")
    assert len(block.lines) >= 3
    right = role.indent + block.width
    for line in block.lines[:-1]:  # every line but the last is justified
        assert line.text[-1] not in " "
        assert line.spans[-1].char_space > 0
        assert _visible_right_edge(line) == pytest.approx(right, abs=0.01)
    last = block.lines[-1]
    assert last.spans[-1].char_space == 0  # the last line is not justified
    assert _visible_right_edge(last) < right - 1


def test_a_justified_line_ending_in_an_english_word_reaches_the_right_margin(
    typesetter: Typesetter,
) -> None:
    role = typesetter.style.role("body")
    words = "The sides exchanged views on a number of other issues of mutual interest and "
    block = typesetter.paragraph("body", [Seg(words * 4)], "test")
    right = role.indent + block.width
    justified = [line for line in block.lines[:-1] if not line.hyphen]
    assert justified
    for line in justified:
        assert line.spans[-1].word_space > 0
        assert _visible_right_edge(line) == pytest.approx(right, abs=0.01)


# ------------------------------------------------------ a word wider than the line


def test_a_word_wider_than_the_line_is_cut_where_it_fills_the_line(kinsoku: Kinsoku) -> None:
    text = "Supercalifragilistic"  # 20 letters of 10: four lines of five at a width of 50
    lines = break_paragraph(text, [CELL] * len(text), 5 * CELL, kinsoku)
    assert [(line.start, line.end, line.forced, line.last) for line in lines] == [
        (0, 5, True, False),
        (5, 10, True, False),
        (10, 15, True, False),
        (15, 20, False, True),  # the rest fits exactly: not a cut
    ]
    # a little narrower than five letters: four per line
    narrower = break_paragraph(text, [CELL] * len(text), 5 * CELL - 0.5, kinsoku)
    assert [line.end - line.start for line in narrower] == [4, 4, 4, 4, 4]


def test_a_word_wider_than_the_line_is_hyphenated_when_it_can_be(kinsoku: Kinsoku) -> None:
    text = "Antidisestablishmentarianism is long"
    calls: list[str] = []

    def hyphenate(word: str) -> list[int]:
        calls.append(word)
        return [n for n in (4, 8, 12, 16, 20, 24) if n < len(word) - 1]

    lines = break_paragraph(
        text,
        [CELL] * len(text),
        10 * CELL,
        kinsoku,
        hyphenate=hyphenate,
        hyphen_width=lambda i: CELL / 2,
        max_hyphens=5,
    )
    # 8 letters and a hyphen (85) fit in 100; 12 letters (125) do not
    assert (lines[0].start, lines[0].end, lines[0].hyphen) == (0, 8, True)
    assert (lines[1].start, lines[1].end, lines[1].hyphen) == (8, 16, True)
    assert calls[0] == "Antidisestablishmentarianism"
    assert "".join(text[line.start : line.end] for line in lines).replace(" ", "") == (
        text.replace(" ", "")
    )
    assert not any(line.forced for line in lines)


def test_a_forced_cut_keeps_a_closing_bracket_off_the_line_start(kinsoku: Kinsoku) -> None:
    # the cut at four letters would start the next line with ')': it moves one back
    assert _lines("ABCD)EFGH", kinsoku, width=4 * CELL) == ["ABC", "D)EF", "GH"]


def test_a_forced_cut_in_japanese_that_kinsoku_cannot_place_falls_back_to_the_width(
    kinsoku: Kinsoku,
) -> None:
    # every break here would start a line with ー: cut where the line is full
    assert _lines("あーーーーーーー", kinsoku) == ["あーーーー", "ーーー"]


def test_the_last_word_of_a_paragraph_is_never_hyphenated(kinsoku: Kinsoku) -> None:
    for text in ("Antidisestablishmentarianism.", "Antidisestablishmentarianism)"):
        lines = break_paragraph(
            text,
            [CELL] * len(text),
            10 * CELL,
            kinsoku,
            hyphenate=lambda word: [4, 8, 12],
            hyphen_width=lambda i: CELL / 2,
        )
        assert not any(line.hyphen for line in lines), text
        assert lines[0].forced


def test_a_short_last_line_after_a_hyphen_or_a_cut_is_left_alone(kinsoku: Kinsoku) -> None:
    # after a forced cut the last line keeps its one letter even with min_last=2
    assert _lines("ABCDEFGHIJK", kinsoku, min_last=2) == ["ABCDE", "FGHIJ", "K"]
