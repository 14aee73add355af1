"""Japanese line breaking: kinsoku at both ends, Latin words and numbers never cut."""

from __future__ import annotations

import datetime as dt
import itertools
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest

from briefout.loader import load_issue
from briefout.style import Style
from briefout.writers import RenderContext
from briefout.writers.pdf import PdfWriter, linebreak
from briefout.writers.pdf.fonts import FontBook
from briefout.writers.pdf.layout import Block, Seg, Typesetter, build_blocks
from briefout.writers.pdf.linebreak import (
    HYPHENS,
    TOLERANCE,
    Kinsoku,
    Line,
    break_opportunities,
    break_paragraph,
    is_ideographic,
    split_hard_breaks,
)
from briefout.writers.pdf.options import PdfOptions

from conftest import SAMPLE_FILES
from jlreq import NOT_AT_LINE_END as NO_END
from jlreq import NOT_AT_LINE_START as NO_START

# expected answers from the standard (tests/jlreq.py), not from the code's sets
KINSOKU = Kinsoku(frozenset(NO_START), frozenset(NO_END))

# The issue's own list; the options may add more but must hold these.
ISSUE_NO_START = "、。，．）」』】〉》ー…‥？！" + "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
ISSUE_NO_END = "（「『【〈《"

STRESS_HEADLINES = [
    "アゼルバイジャン地雷対策庁、2025年に6,824個の地雷と52,392個の未爆発弾薬を処理",
    "「AZAL」機墜落事故から1年、TRIPP（トランプ国際平和繁栄ルート）構想の進捗を確認。",
    "アリエフ大統領、『Izvestia』紙のインタビューで「ANAMA」と【TRIPP】に言及……今後は？！",
    "アゼルバイジャン・アルメニア間の〈平和条約〉署名へ──US$1.4 billion規模の投資（BP、SOCAR）",
    "ジャイハン経由のBTCパイプライン輸送量は3,217万トン、前年比（2024年）で+12.5%",
    "バイラモフ外相、ジョージア外相とアルメニア向け石油製品輸出関税について協議しました。",
    "国境警備局が 2025 年の活動状況を報告 ― 516人を拘束、1,226件の違反",
    "ハサノフ国防相とKhayrushev大佐（カザフスタン武官）が会談し、military-technical協力を協議",
    "「ちょっと」待って、ジェット・ショッピングのキャッシュフローはゅっくりょ。ッァ",
    "《号外》【速報】〔訂正〕『ニュース』「記事」（注）——アゼルバイジャン政治・治安情報ー終わり",
    "Azerbaijan–Armenia TRIPP corridor: AZAL, ANAMA and SOCAR report 6,824 / 52,392 in 2025",
    "EU・米国（USAID）とのMoU署名、GDP成長率4.5%、インフレ率（CPI）は6.1%に低下",
]
WIDTHS_EM = [9, 10, 12.5, 16, 22, 30, 40, 45.9]  # line widths in font sizes
ROLES = ["headline_ja", "headline_en", "body", "bullet", "title"]


def _is_word_char(ch: str) -> bool:
    return not ch.isspace() and unicodedata.east_asian_width(ch) not in ("W", "F")


def check_block(block: Block, no_start: str, no_end: str, width: float) -> list[str]:
    """Every problem in a laid-out paragraph: kinsoku, cut words, lost text, overfull lines."""
    problems = []
    text = block.text
    pos = 0
    for n, line in enumerate(block.lines):
        content = line.content
        skipped = 0
        while pos < len(text) and text[pos] == " " and not text[pos:].startswith(content):
            pos += 1
            skipped += 1
        if not text.startswith(content, pos):
            problems.append(f"line {n} {content!r} is not the text at {pos}: {text[pos:]!r}")
            return problems
        if n > 0 and content:
            prev = block.lines[n - 1]
            left, right = prev.content[-1:], content[0]
            if right in no_start:
                problems.append(f"line {n} starts with {right!r}: {content!r}")
            if (
                not skipped
                and not prev.hyphen
                and left
                and _is_word_char(left)
                and _is_word_char(right)
                and left not in HYPHENS
            ):
                problems.append(
                    f"word cut between lines {n - 1} and {n}: {prev.content!r} | {content!r}"
                )
        if content and content[-1] in no_end and n < len(block.lines) - 1:
            problems.append(f"line {n} ends with {content[-1]!r}: {content!r}")
        right_edge = max((s.x + s.width for s in line.spans[line.marker :]), default=0.0)
        if right_edge > width + 0.01 and len(content) > 1:
            problems.append(f"line {n} is {right_edge:.2f} wide > {width:.2f}: {content!r}")
        pos += len(content)
    if text[pos:].strip(" "):
        problems.append(f"text lost after the last line: {text[pos:]!r}")
    return problems


@pytest.fixture(scope="module")
def typesetter(style: Style) -> Typesetter:
    options = style.writer_options("pdf", PdfOptions)
    notices: list[tuple[str, str]] = []
    ts = Typesetter(style, options, FontBook(), lambda p, m: notices.append((p, m)))
    yield ts
    assert notices == []


def test_options_hold_the_issue_kinsoku_sets(style: Style) -> None:
    options = style.writer_options("pdf", PdfOptions)
    assert set(ISSUE_NO_START) <= set(options.kinsoku_no_start)
    assert set(ISSUE_NO_END) <= set(options.kinsoku_no_end)


@pytest.mark.parametrize("role", ROLES)
def test_stress_headlines_at_many_widths(typesetter: Typesetter, role: str) -> None:
    opts = typesetter.options
    problems = []
    lines = 0
    size = typesetter.style.role(role).size
    for width in [em * size for em in WIDTHS_EM]:
        for headline in STRESS_HEADLINES:
            block = typesetter.paragraph(role, [Seg(headline)], "stress", width=width)
            lines += len(block.lines)
            indent = typesetter.style.role(role).indent
            found = check_block(block, opts.kinsoku_no_start, opts.kinsoku_no_end, width)
            problems += [f"{role} @{width} ({indent}): {p}" for p in found]
    assert problems == []
    assert lines > len(WIDTHS_EM) * len(STRESS_HEADLINES)  # really wrapped


def test_headline_mark_hangs_and_keeps_kinsoku(typesetter: Typesetter) -> None:
    style = typesetter.style
    for width in [em * 10.5 for em in WIDTHS_EM]:
        for headline in STRESS_HEADLINES:
            block = typesetter.paragraph(
                "headline_ja",
                [Seg(headline)],
                "stress",
                marker=[Seg(style.strings.headline_mark + " ")],
                marker_x=0,
                width=width,
            )
            first = block.lines[0]
            marker = "".join(span.text for span in first.spans[: first.marker])
            assert marker.strip() == style.strings.headline_mark
            found = check_block(block, NO_START, NO_END, width)
            assert found == [], (width, headline, found)
            if len(block.lines) > 1:
                first_text_x = block.lines[0].spans[block.lines[0].marker].x
                assert block.lines[1].spans[0].x == pytest.approx(first_text_x)


def test_the_reference_issue_has_no_violation(style: Style) -> None:
    issue = load_issue(SAMPLE_FILES["reference"])
    options = style.writer_options("pdf", PdfOptions)
    ts = Typesetter(style, options, FontBook(), lambda p, m: None)
    problems = []
    hyphenated = 0
    for block in build_blocks(issue, style, ts):
        problems += check_block(block, NO_START, NO_END, ts.width)
        hyphenated += sum(line.hyphen for line in block.lines)
    assert problems == []
    assert hyphenated > 0  # English body text is hyphenated...
    assert hyphenated < 40  # ...but not on every line


def test_latin_words_and_numbers_are_never_break_points() -> None:
    text = "年にAZAL便とTRIPP構想で6,824個（ANAMA）を処理"
    cands = break_opportunities(text, KINSOKU)
    for word in ("AZAL", "TRIPP", "6,824", "ANAMA"):
        start = text.index(word)
        inside = [b for b in cands if start < b < start + len(word)]
        assert inside == [], (word, inside)
    # a break before the opening bracket, none after it; none before the closing one
    assert text.index("（") in cands
    assert text.index("（") + 1 not in cands
    assert text.index("）") not in cands


def test_reportlab_lookback_case_keeps_tripp_whole() -> None:
    """reportlab's CJK wrap cut 'TRIP|P' when its space sat at the look-back limit."""
    text = "あ" * 9 + " TRIPP構想"
    widths = [10.0] * len(text)
    for width in range(50, 160, 5):
        lines = break_paragraph(text, widths, width, KINSOKU)
        pieces = [text[line.start : line.end] for line in lines]
        assert any("TRIPP" in piece for piece in pieces), (width, pieces)


def test_overlong_word_is_forced_and_flagged() -> None:
    text = "Supercalifragilistic"
    lines = break_paragraph(text, [10.0] * len(text), 55, KINSOKU)
    assert lines[0].forced
    assert "".join(text[line.start : line.end] for line in lines) == text


def test_hard_line_break_and_emphasis_fonts(typesetter: Typesetter) -> None:
    segs = [Seg("First line\nSecond "), Seg("italic", italic=True), Seg(" and 日本語")]
    block = typesetter.paragraph("body", segs, "test")
    assert [line.text for line in block.lines] == ["First line", "Second italic and 日本語"]
    fonts = {span.text.strip(): span.face.name for span in block.lines[1].spans}
    assert fonts["italic"] == "LiberationSerif-Italic"
    assert fonts["日本語"] == "IPAexMincho"


def test_ambiguous_marks_follow_their_script(typesetter: Typesetter) -> None:
    ja = typesetter.paragraph("body", [Seg("● 日本語“引用”")], "test")
    en = typesetter.paragraph("body", [Seg("● English “quote”")], "test")
    assert ja.lines[0].spans[0].face.name == "IPAexMincho"
    assert en.lines[0].spans[0].face.name == "LiberationSerif"


def test_whole_document_layout_is_deterministic(style: Style) -> None:
    issue = load_issue(SAMPLE_FILES["reference"])
    context = RenderContext(timestamp=dt.datetime(2026, 1, 9, tzinfo=dt.UTC), writer="pdf")
    first = PdfWriter().layout(issue, style, context)
    second = PdfWriter().layout(issue, style, context)
    assert [len(p.lines) for p in first.pages] == [len(p.lines) for p in second.pages]


def test_last_line_of_one_character_takes_more() -> None:
    text = "あいうえおかきくけこさ"
    widths = [10.0] * len(text)
    plain = break_paragraph(text, widths, 100, KINSOKU)
    assert [text[x.start : x.end] for x in plain] == ["あいうえおかきくけこ", "さ"]
    better = break_paragraph(text, widths, 100, KINSOKU, min_last=2)
    assert [text[x.start : x.end] for x in better] == ["あいうえおかきくけ", "こさ"]
    # kinsoku still holds: 」 cannot start the last line, so the break moves further up
    text = "あいうえおかきく「け」さ"
    better = break_paragraph(text, [10.0] * len(text), 110, KINSOKU, min_last=2)
    pieces = [text[x.start : x.end] for x in better]
    assert pieces[-1][0] not in NO_START and pieces[0][-1] not in NO_END
    assert len(pieces[-1]) >= 2


def test_every_headline_mark_is_drawn_in_the_same_face(style: Style) -> None:
    """A headline starting with a Latin word ("NATO : TRIPP ...") keeps the Japanese ●."""
    issue = load_issue(SAMPLE_FILES["reference"])
    options = style.writer_options("pdf", PdfOptions)
    ts = Typesetter(style, options, FontBook(), lambda p, m: None)
    marks = set()
    latin_first = 0
    for block in build_blocks(issue, style, ts):
        if block.role == "headline_ja":
            first = block.lines[0]
            mark = [s for s in first.spans[: first.marker] if style.strings.headline_mark in s.text]
            marks.add((mark[0].face.name, mark[0].width))
            latin_first += unicodedata.east_asian_width(block.text[0]) not in ("W", "F")
    assert latin_first >= 1  # the sample has such a headline
    assert len(marks) == 1, marks
    assert next(iter(marks))[0] == "IPAexGothic"


def test_half_width_katakana_breaks_like_japanese(typesetter: Typesetter) -> None:
    """Half-width katakana is Japanese text, not one long Latin word: no forced cuts, kinsoku kept
    (｡｣､ and the sound marks ﾞﾟ never start a line, ｢ never ends one)."""
    opts = typesetter.options
    assert set("｡｣､･ﾞﾟｰ") <= set(opts.kinsoku_no_start) and "｢" in opts.kinsoku_no_end
    text = "ﾊﾝｶｸｶﾀｶﾅﾉﾌﾞﾝｼｮｳｶﾞﾂﾂﾞｸﾊﾞｱｲﾉﾃｽﾄﾃﾞｽ｡ﾂｷﾞﾉﾌﾞﾝ｢ｶｷﾞｶｯｺ｣､ｵﾜﾘﾉﾌﾞﾝﾃﾞｽﾖ｡"
    size = typesetter.style.role("body").size
    for em in range(4, 20):
        for cut in range(len(text)):
            lines = break_paragraph(
                text[cut:], [size / 2] * (len(text) - cut), em * size, typesetter.kinsoku
            )
            pieces = [text[cut:][line.start : line.end] for line in lines]
            assert not any(line.forced for line in lines), (em, pieces)
            assert "".join(pieces) == text[cut:]
            for before, after in itertools.pairwise(pieces):
                assert after[0] not in opts.kinsoku_no_start, (em, pieces)
                assert before[-1] not in opts.kinsoku_no_end, (em, pieces)
    block = typesetter.paragraph("body", [Seg(text * 3)], "test", width=20 * size)
    assert len(block.lines) > 3
    # a justified line of half-width katakana reaches the right edge
    first = block.lines[0]
    right = first.spans[-1].x + first.spans[-1].width
    assert right == pytest.approx(20 * size - typesetter.style.role("body").indent, abs=0.05)


# ------------------------------------------------------- long unbreakable tokens (issue 11)


@pytest.mark.parametrize(
    "token",
    ["a" * 100_000, "Ab" * 50_000, "a-" * 50_000, "1" * 100_000, "a" + "." * 100_000],
    ids=["letters", "capitalised", "hyphens", "digits", "dots"],
)
def test_a_long_token_never_offers_more_than_max_word_letters_to_the_hyphenator(
    token: str,
) -> None:
    """The quadratic cost was pyphen run on the whole rest of the token at every line."""
    offered: list[int] = []

    def hyphenate(word: str) -> list[int]:
        offered.append(len(word))
        return [len(word) // 2] if len(word) >= 6 else []

    text = f"Before {token} after."
    lines = break_paragraph(
        text,
        [5.0] * len(text),
        300.0,
        KINSOKU,
        hyphenate=hyphenate,
        hyphen_width=lambda i: 3.0,
        max_word=45,
    )
    assert max(offered, default=0) <= 45
    assert "".join(text[line.start : line.end] for line in lines).replace(" ", "") == (
        text.replace(" ", "")
    )
    assert all(5.0 * (line.end - line.start) <= 300.0 + 1e-6 for line in lines)
    assert any(line.forced for line in lines) == ("-" not in token)  # "a-a" may break


@pytest.mark.parametrize(("max_word", "hyphenated"), [(20, True), (19, False)])
def test_words_up_to_max_word_are_still_hyphenated(max_word: int, hyphenated: bool) -> None:
    text = "See internationalization of things"  # the long word has 20 letters
    lines = break_paragraph(
        text,
        [5.0] * len(text),
        60.0,
        KINSOKU,
        hyphenate=lambda word: [5] if word == "internationalization" else [],
        hyphen_width=lambda i: 3.0,
        min_slack=0.0,
        max_word=max_word,
    )
    assert any(line.hyphen for line in lines) is hyphenated


def _one_item_issue(body: str) -> str:
    return (
        "briefout: 1\ntitle: T\nperiod: 2026-01-10..2026-01-23\nissuer: I\nsections:\n"
        "  - title: S\n    items:\n      - ja: 見出し\n        en: Headline\n"
        f"        body: |\n          {body}\n\n          second {body}\n"
    )


@pytest.mark.parametrize(
    "token",
    ["x" * 20_000, "●" * 20_000, "国" * 5_000 + "x" * 5_000],
    ids=["latin", "marks", "kanji-then-latin"],
)
def test_a_long_token_gives_one_warning_per_field_saying_it_was_broken(token: str) -> None:
    from briefout.loader import load_issue_bytes
    from briefout.render import render_issue
    from briefout.style import load_style

    issue = load_issue_bytes(_one_item_issue(token).encode())
    notices = render_issue(issue, load_style(), "pdf", environ={}).notices
    broken = [n for n in notices if "broken across lines" in n.message]
    assert len(broken) == 1, [str(n) for n in notices]  # two paragraphs, one field
    assert broken[0].path == "sections[0].items[0].body[0]"
    assert "characters without a space" in broken[0].message
    assert all("cut" not in n.message for n in notices)


# ------------------------------------------ the breaker at its edges (from mutation survivors)
# Every character is CELL wide unless said otherwise; expected lines are worked out by hand
# from the rules in linebreak.py's docstrings (first fit; a unit wider than the line is cut
# where it fills the line, preferring a kinsoku-safe cut beside a Japanese character; a
# hyphen is drawn in the font of the letter before it; TOLERANCE of overshoot still fits).

CELL = 10.0


def _break(text: str, width: float, **kw: Any) -> list[Line]:
    return break_paragraph(text, [CELL] * len(text), width, KINSOKU, **kw)


def test_empty_and_blank_text_give_one_empty_last_line() -> None:
    assert _break("", 50) == [Line(0, 0, last=True)]
    assert _break("   ", 50) == [Line(0, 0, last=True)]


def test_a_single_character_wider_than_the_line_stands_alone_uncut() -> None:
    # nothing can be cut inside one character: it is not reported as a forced cut
    assert _break("あい", CELL / 2) == [Line(0, 1), Line(1, 2, last=True)]
    # a Latin pair is one unit: cut after its first letter (forced), the second stands alone
    assert _break("AB", CELL / 2) == [Line(0, 1, forced=True), Line(1, 2, last=True)]


def test_a_forced_cut_never_takes_a_letter_that_does_not_fit() -> None:
    # 1.5 letters wide: one letter per line, the cut lines flagged, the last one fits
    assert _break("ABC", 1.5 * CELL) == [
        Line(0, 1, forced=True),
        Line(1, 2, forced=True),
        Line(2, 3, last=True),
    ]


def test_a_forced_cut_fills_the_line_up_to_the_tolerance() -> None:
    # three letters are exactly TOLERANCE wider than the measure: they still fit
    assert _break("ABCD", 3 * CELL - TOLERANCE) == [Line(0, 3, forced=True), Line(3, 4, last=True)]


def test_a_kept_unit_is_cut_beside_a_japanese_character_rather_than_inside_a_word() -> None:
    # a citation kept whole, wider than the line: six letters fit, but cutting there splits
    # "ABCDE"; the cut between う and A keeps kinsoku and the Latin word
    text = "あいうABCDE"
    assert _break(text, 6 * CELL, keep=[True] * len(text)) == [
        Line(0, 3, forced=True),
        Line(3, 8, last=True),
    ]


def test_a_kept_unit_is_never_cut_after_an_opening_bracket() -> None:
    # three fit, but あい「 would end the line with 「 (JIS X 4051): cut before the bracket
    text = "あい「うえお"
    assert _break(text, 3 * CELL, keep=[True] * len(text)) == [
        Line(0, 2, forced=True),
        Line(2, 5, forced=True),
        Line(5, 6, last=True),
    ]


def test_a_short_last_line_takes_from_the_line_just_above_it() -> None:
    # three lines 5 + 5 + 1: only the second gives, and the new last line is marked last
    assert _break("あいうえおかきくけこさ", 5 * CELL, min_last=2) == [
        Line(0, 5),
        Line(5, 9),
        Line(9, 11, last=True),
    ]


def test_a_short_last_line_takes_as_many_characters_as_it_needs() -> None:
    # 5 + 1 with a minimum of 3: two characters move down
    assert _break("あいうえおか", 5 * CELL, min_last=3) == [Line(0, 3), Line(3, 6, last=True)]


def test_trailing_spaces_do_not_count_toward_the_minimum_last_line() -> None:
    # the spaces vanish at the end of the line: "おか" alone would be two characters, not four
    assert _break("あいうえおか  ", 5 * CELL, min_last=3) == [Line(0, 3), Line(3, 6, last=True)]
    assert _break("あいうえおか  ", 5 * CELL, min_last=2) == [Line(0, 4), Line(4, 6, last=True)]


def test_a_short_last_line_may_grow_to_exactly_the_full_width() -> None:
    # 5 + 5 + 2 with a minimum of 5: the last line takes three and is then exactly full
    text = "あいうえおかきくけこさし"
    expected = [Line(0, 5), Line(5, 7), Line(7, 12, last=True)]
    assert _break(text, 5 * CELL, min_last=5) == expected
    # ... and still when the full line is TOLERANCE wider than the measure
    assert _break(text, 5 * CELL - TOLERANCE, min_last=5) == expected


def _hyphen_at(*positions: int) -> Callable[[str], list[int]]:
    """A hyphenator offering ``positions`` (those inside the word) in any word."""
    return lambda word: [p for p in positions if p < len(word)]


def test_a_short_last_line_after_a_hyphenated_line_is_left_alone() -> None:
    # "aaaaaa bb-" / "bbbbbb c": moving all of "bbbbbbbb" down would fit, but the line
    # above ends in a hyphen, so it is not re-broken
    lines = _break(
        "aaaaaa bbbbbbbb c",
        10 * CELL,
        hyphenate=_hyphen_at(2, 4),
        hyphen_width=lambda i: CELL / 2,
        min_last=9,
    )
    assert lines == [Line(0, 9, hyphen=True), Line(9, 17, last=True)]


def test_the_hyphen_takes_the_width_of_the_font_of_the_letter_before_it() -> None:
    text = "aaaa bbbbbbbbb cc"  # the nine b's are 5..13
    asked: list[int] = []
    offered: list[str] = []

    def hyphen_width(i: int) -> float:
        asked.append(i)
        return CELL / 2

    def hyphenate(word: str) -> list[int]:
        offered.append(word)
        return [2, 4, 6]

    lines = _break(text, 10 * CELL, hyphenate=hyphenate, hyphen_width=hyphen_width)
    # after 6 b's the line is 110 + 5 wide; after 4 it is 90 + 5: that fits
    assert lines == [Line(0, 9, hyphen=True), Line(9, 17, last=True)]
    assert offered == ["bbbbbbbbb"]
    assert asked == [10, 8]  # the letter before each hyphen tried: text[10], then text[8]


def test_without_a_hyphen_width_the_hyphen_adds_nothing() -> None:
    lines = _break("aaaa bbbbbbbb cc", 9 * CELL, hyphenate=_hyphen_at(2, 4, 6))
    assert lines[0] == Line(0, 9, hyphen=True)  # "aaaa bbbb" is exactly 90


def test_a_hyphenated_line_may_be_exactly_full_or_full_within_the_tolerance() -> None:
    for width in (9.5 * CELL, 9.5 * CELL - TOLERANCE):  # "aaaa bbbb" 90 + hyphen 5
        lines = _break(
            "aaaa bbbbbbbb cc",
            width,
            hyphenate=_hyphen_at(2, 4, 6),
            hyphen_width=lambda i: CELL / 2,
        )
        assert lines[0] == Line(0, 9, hyphen=True), width


def test_the_second_half_of_a_hyphenated_compound_is_not_hyphenated_again() -> None:
    # "aaaa military-te-" would fit, but "technical" follows a hyphen: the line ends at it
    text = "aaaa military-technical cc"
    lines = _break(text, 18 * CELL, hyphenate=_hyphen_at(2, 4), hyphen_width=lambda i: CELL / 2)
    assert lines == [Line(0, 14), Line(14, 26, last=True)]


def test_the_first_word_is_hyphenated_even_when_the_paragraph_ends_in_a_dash() -> None:
    # the character "before" the first word is none (not the dash at the end of the text)
    lines = _break(
        "bbbbbbbb cc—", 6 * CELL, hyphenate=_hyphen_at(2, 4, 6), hyphen_width=lambda i: CELL / 2
    )
    assert lines == [Line(0, 4, hyphen=True), Line(4, 8), Line(9, 12, last=True)]


@pytest.mark.parametrize(
    ("text", "keep", "expected"),
    [
        # a run of spaces: one break, at its first space; none after it
        ("ab  cd e", None, [2, 6, 8]),
        ("あ い", None, [1, 3]),
        # kinsoku: not before 。, not after 「
        ("あ。い「う", None, [2, 3, 5]),
        # beside a Japanese character, never inside the Latin word
        ("漢字AZAL漢字", None, [1, 2, 6, 7, 8]),
        # after a hyphen between two letters or digits, not after a dash that opens a word
        ("well-known -x", None, [5, 10, 13]),
        ("a-b", None, [2, 3]),
        ("x a-b", None, [1, 4, 5]),
        # a hard break is not a soft break, nor are the positions beside it
        ("あ\nい", None, [3]),
        ("a\n b", None, [4]),
        # keep forbids the break before a character, and only that one
        ("あい（AB）うえ", None, [1, 2, 6, 7, 8]),
        ("あい（AB）うえ", [False, True, False, False, False, False, False, False], [2, 6, 7, 8]),
    ],
)
def test_break_opportunities_by_hand(
    text: str, keep: list[bool] | None, expected: list[int]
) -> None:
    assert break_opportunities(text, KINSOKU, keep) == expected


@pytest.mark.parametrize(
    ("char", "wide"),
    # Unicode East Asian Width: W (wide), F (fullwidth) and H (halfwidth) break like
    # Japanese; Na (narrow) and A (ambiguous: it follows the script around it) do not
    [
        *[("あ", True), ("漢", True), ("（", True), ("Ａ", True), ("ｱ", True), ("｡", True)],
        *[("A", False), ("1", False), (" ", False), ("é", False), ("—", False), ("“", False)],
    ],
)
def test_which_characters_break_like_japanese(
    char: str, wide: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(linebreak, "_WIDE", {})  # the rule itself, not an earlier call's memo
    assert is_ideographic(char) is wide
    assert is_ideographic(char) is wide  # now from the memo


def test_hard_breaks_split_the_text_into_segments() -> None:
    assert split_hard_breaks("ab\ncd\n") == [(0, 2), (3, 5), (6, 6)]
    assert split_hard_breaks("\n") == [(0, 0), (1, 1)]
    assert split_hard_breaks("") == [(0, 0)]


@pytest.mark.parametrize("spaces", [1, 2, 3])
def test_trailing_spaces_vanish_from_the_last_line(spaces: int) -> None:
    assert _break("ab cd" + " " * spaces, 100 * CELL) == [Line(0, 5, last=True)]


def test_a_word_is_hyphenated_only_when_the_line_would_leave_more_than_min_slack() -> None:
    text = "aaaa bbbbbbbb cc"  # after "aaaa" the line has 60 left
    kw: dict[str, Any] = {"hyphenate": _hyphen_at(2, 4, 6)}
    assert _break(text, 10 * CELL, min_slack=60.0, **kw) == [
        Line(0, 4),
        Line(5, 13),
        Line(14, 16, last=True),
    ]
    assert _break(text, 10 * CELL, min_slack=59.0, **kw) == [
        Line(0, 9, hyphen=True),
        Line(9, 16, last=True),
    ]


def test_two_hyphenated_lines_in_a_row_at_most() -> None:
    # "aaaaa bbbb-" / "bbbb cccc-" / "cccc" (a third hyphen is not allowed) / "dddddddd"
    lines = _break("aaaaa bbbbbbbb cccccccc dddddddd", 10 * CELL, hyphenate=_hyphen_at(4))
    assert lines == [
        Line(0, 10, hyphen=True),
        Line(10, 19, hyphen=True),
        Line(19, 23),
        Line(24, 32, last=True),
    ]


def test_the_count_of_hyphenated_lines_starts_again_after_an_unhyphenated_one() -> None:
    text = "xxxxxxxxxx aaaaa bbbbbbbb cccccccc dddddd eeeeeeee ff"
    lines = _break(text, 10 * CELL, hyphenate=_hyphen_at(2, 4))
    assert lines == [
        Line(0, 10),  # exactly full: nothing to hyphenate
        Line(11, 21, hyphen=True),  # aaaaa bbbb-
        Line(21, 30, hyphen=True),  # bbbb cccc-
        Line(30, 34),  # cccc: a third hyphen in a row is not allowed
        Line(35, 44, hyphen=True),  # dddddd ee-: the line above has none
        Line(44, 53, last=True),
    ]
    # with one allowed in a row: a hyphen, none, then one again
    text = "aaaaa bbbbbbbb cccc dd eeeeeeee ff"
    lines = _break(text, 10 * CELL, hyphenate=_hyphen_at(4), max_hyphens=1)
    assert lines == [
        Line(0, 10, hyphen=True),
        Line(10, 19),
        Line(20, 27, hyphen=True),
        Line(27, 34, last=True),
    ]


def test_by_default_any_room_left_is_enough_to_try_a_hyphen() -> None:
    # "aaaa" fills 40 of 40.9; " bb-" (0.2 + 0.4 + 0.1) fits in the 0.9 left
    text = "aaaa bbbbbbbb cc"
    widths = [CELL] * 4 + [0.2] * 12
    lines = break_paragraph(
        text, widths, 40.9, KINSOKU, hyphenate=_hyphen_at(2, 4), hyphen_width=lambda i: 0.1
    )
    assert lines[0] == Line(0, 7, hyphen=True)


def test_by_default_the_longest_dictionary_word_is_hyphenated_and_one_letter_more_is_not() -> None:
    word = "pneumonoultramicroscopicsilicovolcanoconiosis"  # 45 letters
    for run, expected in ((word, Line(0, 20, hyphen=True)), (word + "x", Line(0, 30, forced=True))):
        lines = _break(run + " is long", 30 * CELL, hyphenate=_hyphen_at(20))
        assert lines[0] == expected, run
