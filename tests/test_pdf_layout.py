"""The PDF typesetter and paginator (``writers/pdf/layout.py``) unit by unit.

Most tests set text in *synthetic faces* whose advances are round numbers (a Latin letter
half an em, a kana or kanji a full em, a space a quarter em), so every expected position,
width and spacing below is worked out by hand from the style's sizes and the rule the code
documents, never by asking the code under test.  The structure tests use the real fonts:
widths do not matter there.
"""

from __future__ import annotations

import string
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest

from briefout.loader import load_issue_bytes
from briefout.style import Role, Style
from briefout.writers.pdf.fonts import Face
from briefout.writers.pdf.layout import (
    MM,
    Block,
    Document,
    LaidLine,
    Page,
    Placed,
    Seg,
    Span,
    Typesetter,
    _justify,
    build_blocks,
    dump,
    hyphen_advance,
    layout_document,
    paginate,
)
from briefout.writers.pdf.options import Hyphenation, PdfOptions
from briefout.writers.pdf.structure import DECORATION, FOOTER, HEADER, Element

# ------------------------------------------------------------------ synthetic faces

LATIN_TEXT = string.ascii_letters + string.digits + ".,;:()'\"!?/&%+=_"
#: CJK symbols and punctuation, kana, the unified ideographs, fullwidth forms; ● and the mark 〓
JAPANESE = [
    *range(0x3000, 0x3100),
    *range(0x4E00, 0xA000),
    *range(0xFF01, 0xFF5F),
    ord("●"),
    ord("•"),
    ord("“"),
]


def _face(name: str, widths: dict[int, float], ascent: int) -> Face:
    font = SimpleNamespace(face=SimpleNamespace(ascent=ascent))
    return Face(name, Path(name), widths, font, default_width=600)


def _latin(name: str) -> Face:
    widths = {ord(ch): 500.0 for ch in LATIN_TEXT}
    widths |= {ord(" "): 250.0, ord("-"): 300.0, ord("•"): 350.0, ord("“"): 400.0}
    widths[ord("●")] = 800.0
    return _face(name, widths, ascent=700)


def _japanese(name: str) -> Face:
    # a Japanese face also has Latin letters and digits (half an em), and a half-em space
    widths = dict.fromkeys(JAPANESE, 1000.0) | dict.fromkeys(range(0x20, 0x7F), 500.0)
    return _face(name, widths, ascent=880)


FACES = {
    "LiberationSerif-Regular.ttf": _latin("Serif"),
    "LiberationSerif-Bold.ttf": _latin("SerifBold"),
    "LiberationSerif-Italic.ttf": _latin("SerifItalic"),
    "LiberationSerif-BoldItalic.ttf": _latin("SerifBoldItalic"),
    "ipaexm.ttf": _japanese("Mincho"),
    "ipaexg.ttf": _japanese("Gothic"),
}


class SyntheticBook:
    """A font book handing out the synthetic faces by file name (same API as FontBook)."""

    def __init__(self, faces: dict[str, Face] | None = None) -> None:
        self.faces = FACES if faces is None else faces
        self.emboldened: dict[tuple[str, float], Face] = {}

    def face(self, path: Path) -> Face:
        return self.faces[path.name]

    def bold(self, path: Path, stroke_em: float) -> Face:
        key = (path.name, stroke_em)
        if key not in self.emboldened:
            self.emboldened[key] = replace(self.faces[path.name], bold_stroke=stroke_em)
        return self.emboldened[key]


class Setter:
    """A typesetter over synthetic faces, collecting its notices."""

    def __init__(self, style: Style, faces: dict[str, Face] | None = None, **options: object):
        self.notices: list[tuple[str, str]] = []
        opts = PdfOptions(**options)  # type: ignore[arg-type]
        book = SyntheticBook(faces)
        self.ts = Typesetter(style, opts, book, lambda p, m: self.notices.append((p, m)))  # type: ignore[arg-type]

    def __getattr__(self, name: str) -> object:
        return getattr(self.ts, name)


def _with_roles(style: Style, **roles: Role) -> Style:
    return style.model_copy(update={"roles": {**style.roles, **roles}})


def _texts(block: Block) -> list[str]:
    return [line.text for line in block.lines]


NO_HYPHENS = Hyphenation(enabled=False)

# ------------------------------------------------------------------ missing glyphs


def test_a_missing_character_is_warned_once_per_field_and_drawn_as_the_mark(style: Style) -> None:
    setter = Setter(style)
    block = setter.ts.paragraph("body", [Seg("aΩbΩ")], "sections[0].title")
    assert block.text == "a〓b〓"  # the Japanese face has the mark
    setter.ts.paragraph("body", [Seg("Ω")], "sections[1].title")
    message = (
        "U+03A9 'Ω' is in no font of the style; it is printed as 〓 "
        "(replace the character or add a font that has it)"
    )
    assert setter.notices == [("sections[0].title", message), ("sections[1].title", message)]


def test_a_missing_character_is_a_question_mark_when_no_face_has_the_mark(style: Style) -> None:
    faces = {name: replace(face, widths=dict(face.widths)) for name, face in FACES.items()}
    for face in faces.values():
        face.widths.pop(ord("〓"), None)
    setter = Setter(style, faces)
    block = setter.ts.paragraph("body", [Seg("aΩb")], "title")
    assert block.text == "a?b"
    # the ? is the Latin face's: 0.5 em of 10.5 pt
    assert [span.width for span in block.lines[0].spans] == [3 * 5.25]
    # a face without a ? either: the face's default advance (600 units)
    faces["LiberationSerif-Regular.ttf"].widths.pop(ord("?"))
    block = Setter(style, faces).ts.paragraph("body", [Seg("Ω")], "title")
    assert (block.text, block.lines[0].spans[0].width) == ("?", pytest.approx(6.3))


# ------------------------------------------------------------------ a word wider than a line

BROKEN = (
    "is wider than a line; it was broken across lines (add spaces if it should break elsewhere)"
)


def _broken(style: Style, texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Notices of paragraphs set 10 Latin letters wide (52.5 pt at 10.5 pt)."""
    setter = Setter(style, hyphenation=NO_HYPHENS)
    for path, text in texts:
        setter.ts.paragraph("body", [Seg(text)], path, width=52.5)
    return setter.notices


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("ab cd " + "x" * 12 + " ef gh", "x" * 12),
        ("ab\ncd\n" + "y" * 12 + "\nef\ngh", "y" * 12),
        (" " + "z" * 12, "z" * 12),
        ("\n" + "w" * 12, "w" * 12),
        ("ab " + "v" * 12 + "\nef gh", "v" * 12),
        ("ab\n" + "u" * 12 + " ef\ngh", "u" * 12),
        ("t" * 12, "t" * 12),
    ],
    ids=[
        "spaces",
        "newlines",
        "leading-space",
        "leading-newline",
        "space-newline",
        "nl-space",
        "alone",
    ],
)
def test_the_word_named_is_the_one_between_spaces_or_line_breaks(
    style: Style, text: str, word: str
) -> None:
    assert _broken(style, [("p", text)]) == [
        ("p", f"'{word}' (12 characters without a space) {BROKEN}")
    ]


def test_a_long_word_is_shown_up_to_thirty_characters(style: Style) -> None:
    thirty = string.ascii_lowercase + "abcd"
    notices = _broken(style, [("a", thirty), ("b", thirty + "e")])
    assert notices == [
        ("a", f"'{thirty}' (30 characters without a space) {BROKEN}"),
        ("b", f"'{thirty}…' (31 characters without a space) {BROKEN}"),
    ]


def test_a_broken_word_is_warned_once_per_field_a_body_counting_as_one(style: Style) -> None:
    word = "x" * 12
    paths = [
        "sections[0].items[0].body[0]",
        "sections[0].items[0].body[1].items[2]",  # the same body: no second warning
        "sections[0].items[1].body[0]",  # another item's body
        "sections[0].items[1].ja",
        "sections[0].items[1].ja",  # the same field again
        "x",
        "x.body[0]",  # a body under a field of that name is another field
    ]
    notices = _broken(style, [(path, word) for path in paths])
    assert [path for path, _ in notices] == [paths[0], paths[2], paths[3], paths[5], paths[6]]


# ------------------------------------------------------------------ hyphenation


def test_which_words_are_offered_to_the_hyphenator(style: Style) -> None:
    ts = Setter(style).ts
    # en_US (pyphen), 2 letters kept before a hyphen and 3 carried: in-ter-na-tional
    assert ts._hyphenate("international") == [2, 5, 7]
    assert ts._hyphenate("table") == []  # shorter than min_word (6)
    assert ts._hyphenate("Baltimore") == []  # capitalised: names are not hyphenated
    assert ts._hyphenate("coöperation") == []  # not ASCII
    caps = Setter(style, hyphenation=Hyphenation(capitalised=True)).ts
    assert caps._hyphenate("Baltimore") == [3, 5]  # Bal-ti-more
    assert caps._hyphenate("INTERNATIONAL") == []  # all capitals: an acronym
    assert caps._hyphenate("coöperation") == []


def test_each_word_is_asked_of_the_hyphenator_once(style: Style) -> None:
    ts = Setter(style).ts
    first = ts._hyphenate("international")
    asked: list[str] = []
    real = ts._hyphenator

    class Spy:
        def positions(self, word: str) -> list[int]:
            asked.append(word)
            return real.positions(word)

    ts._hyphenator = Spy()
    assert ts._hyphenate("international") == first == [2, 5, 7]
    assert ts._hyphenate("extraordinary") == [2, 5, 7, 9]  # ex-tra-or-di-nary
    assert ts._hyphenate("extraordinary") == [2, 5, 7, 9]
    assert asked == ["extraordinary"]


def test_a_hyphen_is_as_wide_as_the_faces_hyphen_or_half_an_em() -> None:
    latin = _latin("L")
    assert hyphen_advance(latin, 10.0) == 3.0  # 300 units of 10 pt
    no_hyphen = _face("N", {ord("a"): 500.0}, ascent=800)
    assert hyphen_advance(no_hyphen, 10.0) == 5.0


# ------------------------------------------------------------------ the dump


def test_the_dump_prints_positions_faces_spacing_and_structure() -> None:
    latin, mincho = _latin("Serif"), _japanese("Mincho")
    para = Element("P", Element("Document"), "en-US")
    title = Element("H1", Element("Document"))
    line = LaidLine(
        2.0,
        [
            Span(10.0, "Hello world", latin, 10.5, "#000000", None, 40.0, word_space=0.5, tag=para),
            Span(50.0, "国境", mincho, 10.5, "#000000", None, 21.0, char_space=0.25, tag=para),
        ],
        height=12.0,
        baseline=9.0,
    )
    head = LaidLine(0.0, [Span(0.0, "題", mincho, 16.0, "#000000", None, 16.0, tag=title)], 20, 15)
    furniture = LaidLine(
        0.0, [Span(1.0, "- 1 -", latin, 9.0, "#000000", None, 9.0, tag=FOOTER)], 10, 8
    )
    block = Block("body", [line], 0.0, 0.0, False)
    document = Document(
        pages=[
            Page(1, [Placed(head, 800.0, block, True), Placed(line, 780.0, block, True)]),
            Page(2),
        ],
        furniture={1: [(40.0, furniture)]},  # page 2 has no furniture
        typesetter=None,  # type: ignore[arg-type]
        options=PdfOptions(),
        left=62.0,
    )
    assert dump(document) == (
        "== page 1\n"
        "y=785.0 [Mincho 16 x=62.0 H1] 題\n"
        "y=771.0 [Serif 10.5 x=74.0 Tw=0.500 P(en-US)] Hello world"
        " [Mincho 10.5 x=114.0 Tc=0.250] 国境\n"
        "y=32.0 [Serif 9 x=63.0 Artifact:Footer] - 1 -\n"
        "== page 2\n"
    )


# ------------------------------------------------------------------ citations

CITED_ISSUE = """\
briefout: 1
title: T
period: 2026-01-10..2026-01-23
issuer: I
sections:
  - title: S
    items:
      - ja: 見出し
        en: Headline
        body: |
          国境警備局が報告した。

          - 一
          - 二
        source: {outlet: Apa, date: 2026-01-07, url: 'https://apa.az/a?b=1&c=2'}
        parts:
          - label: 'Russian version:'
            body: 国境。
            source: TrendΩ, 2026-01-08
"""
CITED = "(Apa, 07.01.2026)"


def _cited_blocks(style: Style, **strings: str) -> tuple[list[Block], list[tuple[str, str]]]:
    style = style.model_copy(update={"strings": style.strings.model_copy(update=strings)})
    setter = Setter(style)
    issue = load_issue_bytes(CITED_ISSUE.encode())
    return build_blocks(issue, style, setter.ts), setter.notices


def _spans_of(block: Block) -> list[Span]:
    return [span for line in block.lines for span in line.spans]


def test_an_inline_citation_with_a_url_is_a_link_in_a_bib_entry_of_its_paragraph(
    style: Style,
) -> None:
    blocks, notices = _cited_blocks(style)
    texts = [(block.role, block.text) for block in blocks[-6:]]
    assert texts == [
        ("body", "国境警備局が報告した。"),
        ("bullet", "一"),
        ("bullet", f"二 {CITED}"),  # after the last paragraph, a bullet here
        ("label", "Russian version:"),
        ("body", "国境。 (Trend〓, 08.01.2026)"),
        ("end", "END"),
    ]
    spans = _spans_of(blocks[-4])
    entry_text = spans[1]  # the bullet mark, 二, the space (Latin), then the citation
    assert [span.text for span in spans] == ["•", "二", " ", CITED]
    assert spans[2].tag is entry_text.tag
    link = spans[3].tag
    assert isinstance(link, Element) and link.kind == "Link" and link.description == CITED
    assert spans[3].href == "https://apa.az/a?b=1&c=2"
    entry = link.parent
    assert entry is not None and entry.kind == "BibEntry"
    assert entry.lang == "en-US"  # English inside a Japanese list entry
    assert entry.parent is entry_text.tag and entry_text.tag.kind == "LBody"
    # without a URL the citation's text is the BibEntry itself, not a link
    part = _spans_of(blocks[-2])
    assert [span.text for span in part] == ["国境。", " ", "(Trend", "〓", ", 08.01.2026)"]
    assert part[2].href is None and part[2].tag.kind == "BibEntry"
    assert part[2].tag.parent is part[0].tag
    assert notices == [("sections[0].items[0].parts[0].body[0]", notices[0][1])]


def test_a_citation_placed_as_a_paragraph_is_its_own_block_below_the_body(style: Style) -> None:
    blocks, notices = _cited_blocks(style, citation_placement="paragraph")
    texts = [(block.role, block.text) for block in blocks[-8:]]
    assert texts == [
        ("body", "国境警備局が報告した。"),
        ("bullet", "一"),
        ("bullet", "二"),
        ("citation", CITED),
        ("label", "Russian version:"),
        ("body", "国境。"),
        ("citation", "(Trend〓, 08.01.2026)"),
        ("end", "END"),
    ]
    body_tag = _spans_of(blocks[-8])[0].tag
    (cited,) = _spans_of(blocks[-5])
    assert cited.href == "https://apa.az/a?b=1&c=2"
    assert cited.tag.kind == "Link" and cited.tag.description == CITED
    entry = cited.tag.parent
    assert entry.kind == "BibEntry" and entry.lang is None  # its paragraph says en-US
    holder = entry.parent
    assert holder.kind == "P" and holder.lang == "en-US"
    assert holder.parent is body_tag.parent  # the item's article
    label_tag = _spans_of(blocks[-4])[0].tag
    part = _spans_of(blocks[-2])
    assert part[0].href is None and part[0].tag.kind == "BibEntry"
    assert part[0].tag.parent.kind == "P" and part[0].tag.parent.parent is label_tag.parent
    assert [path for path, _ in notices] == ["sections[0].items[0].parts[0].source"]


def test_a_citation_of_an_item_without_paragraphs_is_its_own_block(style: Style) -> None:
    setter = Setter(style)
    issue = load_issue_bytes(CITED_ISSUE.encode())
    item = issue.sections[0].items[0].model_copy(update={"body": (), "parts": ()})
    section = issue.sections[0].model_copy(update={"items": (item,)})
    issue = issue.model_copy(update={"sections": (section,)})
    blocks = build_blocks(issue, style, setter.ts)
    assert [(block.role, block.text) for block in blocks[-2:]] == [
        ("citation", CITED),
        ("end", "END"),
    ]


def test_an_inline_citation_moves_whole_to_the_next_line(style: Style) -> None:
    # 90 pt of text width: "xxxx (Apa," (49.875 pt) fits, the whole citation (86.625) does
    # not fit after "xxxx" but fits a line of its own, flush right (3.375 pt of slack)
    page = style.page.model_copy(update={"width_mm": 44 + 90 / MM})
    narrow = style.model_copy(update={"page": page})
    setter = Setter(narrow)
    issue = load_issue_bytes(CITED_ISSUE.replace("国境警備局が報告した。", "xxxx").encode())
    item = issue.sections[0].items[0].model_copy(update={"parts": ()})
    item = item.model_copy(update={"body": item.body[:1]})
    section = issue.sections[0].model_copy(update={"items": (item,)})
    blocks = build_blocks(issue.model_copy(update={"sections": (section,)}), narrow, setter.ts)
    (body,) = [block for block in blocks if block.role == "body"]
    assert _texts(body) == ["xxxx", CITED]
    assert body.lines[1].spans[0].x == pytest.approx(3.375)


# ------------------------------------------------------------------ justification

LATIN, MINCHO = FACES["LiberationSerif-Regular.ttf"], FACES["ipaexm.ttf"]


def _span(x: float, text: str, face: Face, size: float = 10.0) -> Span:
    width = sum(face.widths[ord(ch)] for ch in text) * size / 1000
    return Span(x, text, face, size, "#000000", None, width)


def _row(*pieces: tuple[str, Face]) -> list[Span]:
    spans, x = [], 0.0
    for text, face in pieces:
        spans.append(_span(x, text, face))
        x += spans[-1].width
    return spans


def _picture(spans: list[Span]) -> list[tuple[float, float, float, float]]:
    return [(s.x, s.width, s.char_space, s.word_space) for s in spans]


def test_a_justified_line_spreads_its_slack_over_spaces_and_gaps_after_japanese(
    style: Style,
) -> None:
    # 60 pt at 10.5 pt: "ab cd " is 4 letters of 5.25 and 2 spaces of 2.625 (26.25 pt), then
    # 国境警 (3 x 10.5) reaches 57.75 pt and 備 would not fit.  Slack 2.25 over 4 gaps (2 spaces,
    # 2 gaps between the 3 kanji; none after the line's last character): 0.5625 each.
    block = Setter(style).ts.paragraph("body", [Seg("ab cd 国境警備局が報告")], "p", width=60)
    assert _texts(block) == ["ab cd 国境警", "備局が報告"]
    first, last = block.lines
    assert [span.text for span in first.spans] == ["ab cd ", "国境警"]
    assert _picture(first.spans) == [(0.0, 27.375, 0.0, 0.5625), (27.375, 32.625, 0.5625, 0.0)]
    assert _picture(last.spans) == [(0.0, 52.5, 0.0, 0.0)]  # the last line is not spread


def test_japanese_followed_by_latin_gets_the_gap_after_its_last_character_too() -> None:
    # gaps: 2 after 国境 (the next span follows), 1 space, 1 between 警 and 備 (not after 備)
    spans = _row(("国境", MINCHO), ("a b", LATIN), ("警備", MINCHO))
    # 20 + (5 + 2.5 + 5) + 20 = 52.5 pt wide; 4 pt of slack over 4 gaps
    _justify(spans, 4.0)
    assert _picture(spans) == [
        (0.0, 22.0, 1.0, 0.0),
        (22.0, 13.5, 0.0, 1.0),
        (35.5, 21.0, 1.0, 0.0),
    ]


def test_a_line_with_one_gap_is_justified_and_one_without_gaps_is_not() -> None:
    spans = _row(("ab cd", LATIN))
    _justify(spans, 3.0)
    assert _picture(spans) == [(0.0, 25.5, 0.0, 3.0)]
    spans = _row(("abcd", LATIN), ("国", MINCHO))  # the kanji ends the line: no gap
    _justify(spans, 3.0)
    assert _picture(spans) == [(0.0, 20.0, 0.0, 0.0), (20.0, 10.0, 0.0, 0.0)]


def test_an_overfull_line_is_not_squeezed() -> None:
    spans = _row(("ab cd", LATIN), ("国境", MINCHO))
    _justify(spans, -2.0)
    assert _picture(spans) == [(0.0, 22.5, 0.0, 0.0), (22.5, 20.0, 0.0, 0.0)]
    _justify([], 5.0)  # nothing to spread


# ------------------------------------------------------------------ running header and footer

FURNITURE_ISSUE = """briefout: 1
title: Title
period: 2026-01-10..2026-01-23
issuer: Embassy
sections:
  - title: S
    items:
      - ja: 見出し
        en: Headline
        body: Text.
"""


def test_header_and_footer_fields_positions_and_tags(style: Style) -> None:
    page = style.page.model_copy(
        update={
            "header": "{page}/{pages} [{subtitle}] {issuer}\U00013000\nsecond",
            "footer": "{title} {period}\U00013000\nsecond",
        }
    )
    styled = style.model_copy(update={"page": page})
    notices: list[tuple[str, str]] = []
    issue = load_issue_bytes(FURNITURE_ISSUE.encode())
    options = PdfOptions()
    document = layout_document(issue, styled, options, lambda p, m: notices.append((p, m)))
    (furniture,) = document.furniture.values()
    assert [line.text for _, line in furniture] == [
        "1/1 [] Embassy〓",  # no subtitle: an empty field
        "second",
        "Title 2026年1月10日～2026年1月23日〓",
        "second",
    ]
    assert {span.tag for _, line in furniture[:2] for span in line.spans} == {HEADER}
    assert {span.tag for _, line in furniture[2:] for span in line.spans} == {FOOTER}
    # the header's top 12 mm below the page's top edge, its lines 8 pt x 1.2 apart; the
    # footer's two lines (9 pt x 1.2) on a box whose bottom is 10 mm above the page's bottom
    header = (297 - 12) * MM
    footer = 10 * MM + 2 * 9 * 1.2
    assert [top for top, _ in furniture] == pytest.approx(
        [header, header - 9.6, footer, footer - 10.8]
    )
    assert [path for path, _ in notices] == ["page.header", "page.footer"]


# ------------------------------------------------------------------ pagination

LINE = 10.0  # every line 10 pt high; the frame holds exactly ten


def _frame(style: Style) -> Style:
    """The style with a text frame exactly 100 pt high."""
    page = style.page
    height = page.margin_top_mm + page.margin_bottom_mm + 10 * LINE / MM
    return style.model_copy(update={"page": page.model_copy(update={"height_mm": height})})


def _b(role: str, lines: int, before: float = 0, after: float = 0, keep: bool = False) -> Block:
    laid = [LaidLine(0.0, [], LINE, 8.0) for _ in range(lines)]
    return Block(role, laid, before, after, keep)


def _pages(style: Style, *blocks: Block, **options: int) -> list[list[tuple[str, int]]]:
    """Per page, each block's role and how many of its lines are there."""
    out = []
    for page in paginate(list(blocks), _frame(style), PdfOptions(**options)):
        shown: list[tuple[str, int]] = []
        for placed in page.lines:
            if shown and shown[-1][0] == placed.block.role:
                shown[-1] = (placed.block.role, shown[-1][1] + 1)
            else:
                shown.append((placed.block.role, 1))
        out.append(shown)
    return out


def test_a_last_block_that_keeps_with_next_has_nothing_to_keep_with(style: Style) -> None:
    assert _pages(style, _b("body", 3), _b("label", 1, keep=True)) == [[("body", 3), ("label", 1)]]


def test_a_heading_needs_room_for_a_short_paragraph_whole(style: Style) -> None:
    # 3 lines after a filler of 7: the heading and a 3-line paragraph (fewer than orphans +
    # widows, so never split) need 4
    filler, heading = _b("filler", 7), _b("heading", 1, keep=True)
    assert _pages(style, filler, heading, _b("body", 3)) == [
        [("filler", 7)],
        [("heading", 1), ("body", 3)],
    ]
    # 4 lines of room: exactly enough
    assert _pages(style, _b("filler", 6), heading, _b("body", 3)) == [
        [("filler", 6), ("heading", 1), ("body", 3)]
    ]


def test_a_heading_needs_room_for_the_orphan_lines_of_a_long_paragraph(style: Style) -> None:
    heading = _b("heading", 1, keep=True)
    assert _pages(style, _b("filler", 7), heading, _b("body", 5)) == [
        [("filler", 7), ("heading", 1), ("body", 2)],
        [("body", 3)],
    ]
    assert _pages(style, _b("filler", 8), heading, _b("body", 5)) == [
        [("filler", 8)],
        [("heading", 1), ("body", 5)],
    ]


def test_a_chain_of_headings_moves_together(style: Style) -> None:
    # section + headline + a 3-line body need 5 lines
    section, headline = _b("section", 1, keep=True), _b("headline", 1, keep=True)
    assert _pages(style, _b("filler", 5), section, headline, _b("body", 3)) == [
        [("filler", 5), ("section", 1), ("headline", 1), ("body", 3)]
    ]
    assert _pages(style, _b("filler", 6), section, headline, _b("body", 3)) == [
        [("filler", 6)],
        [("section", 1), ("headline", 1), ("body", 3)],
    ]


def test_the_space_between_kept_blocks_counts(style: Style) -> None:
    # a headline with a line's worth of space above: the chain needs 6 lines after 4
    section = _b("section", 1, keep=True)
    headline = _b("headline", 1, before=LINE, keep=True)
    assert _pages(style, _b("filler", 4), section, headline, _b("body", 3)) == [
        [("filler", 4), ("section", 1), ("headline", 1), ("body", 3)]
    ]
    assert _pages(style, _b("filler", 5), section, headline, _b("body", 3)) == [
        [("filler", 5)],
        [("section", 1), ("headline", 1), ("body", 3)],
    ]
    # the same space below the section instead of above the headline
    section = _b("section", 1, after=LINE, keep=True)
    headline = _b("headline", 1, keep=True)
    assert _pages(style, _b("filler", 5), section, headline, _b("body", 3)) == [
        [("filler", 5)],
        [("section", 1), ("headline", 1), ("body", 3)],
    ]


# ------------------------------------------------------------------ alignment and baseline


def _aligned(style: Style) -> Style:
    return _with_roles(
        style,
        title=Role(size=10, align="center"),
        subtitle=Role(size=10, align="right"),
        period=Role(size=10, align="left"),
        body=Role(size=10, align="justify", line_height=1.5),
    )


@pytest.mark.parametrize(("role", "x"), [("title", 40.0), ("subtitle", 80.0), ("period", 0.0)])
def test_a_line_is_placed_by_its_roles_alignment(style: Style, role: str, x: float) -> None:
    # "abcd" is 20 pt at 10 pt in a 100 pt measure: 80 pt of slack
    block = Setter(_aligned(style)).ts.paragraph(role, [Seg("abcd")], "p", width=100)
    assert [(span.x, span.width) for span in block.lines[0].spans] == [(x, 20.0)]
    assert block.width == 100


def test_the_last_line_of_a_justified_paragraph_stays_at_the_left(style: Style) -> None:
    block = Setter(_aligned(style)).ts.paragraph("body", [Seg("ab cd")], "p", width=100)
    assert _picture(block.lines[0].spans) == [(0.0, 22.5, 0.0, 0.0)]


def test_the_baseline_sits_at_the_tallest_ascent_in_the_centred_leading(style: Style) -> None:
    ts = Setter(_aligned(style)).ts
    # 10 pt type on 15 pt lines: 2.5 pt of leading above; the Latin face's ascent is 0.7 em
    latin = ts.paragraph("body", [Seg("ab")], "p", width=100)
    assert (latin.lines[0].height, latin.lines[0].baseline) == (15.0, pytest.approx(9.5))
    # with a kanji the Japanese face's 0.88 em is the tallest
    mixed = ts.paragraph("body", [Seg("ab国")], "p", width=100)
    assert mixed.lines[0].baseline == pytest.approx(2.5 + 8.8)
    # a Japanese-only line still counts the role's Latin face (for the next line's digits)
    tall = {**FACES, "LiberationSerif-Regular.ttf": replace(LATIN, font=_face("x", {}, 950).font)}
    only = Setter(_aligned(style), tall).ts.paragraph("body", [Seg("国")], "p", width=100)
    assert only.lines[0].baseline == pytest.approx(2.5 + 9.5)


# ------------------------------------------------------------------ faces


def test_faces_by_script_weight_and_slant(style: Style) -> None:
    ts = Setter(style).ts
    segs = [
        Seg("a国"),
        Seg("b国", bold=True),
        Seg("c国", italic=True),
        Seg("d国", bold=True, italic=True),
    ]
    block = ts.paragraph("body", segs, "p")
    labels = [(span.text, span.face.label) for span in block.lines[0].spans]
    assert labels == [
        ("a", "Serif"),
        ("国", "Mincho"),
        ("b", "SerifBold"),
        ("国", "Mincho/bold"),  # IPAex has no bold: stroked
        ("c", "SerifItalic"),
        ("国", "Mincho"),  # Japanese has no italic
        ("d", "SerifBoldItalic"),
        ("国", "Mincho/bold"),
    ]
    bold = block.lines[0].spans[3].face
    assert bold.bold_stroke == PdfOptions().synthetic_bold_em


def test_a_heading_role_has_no_italic_and_bolds_by_stroking(style: Style) -> None:
    ts = Setter(_with_roles(style, section=Role(font="heading", size=10))).ts
    segs = [Seg("a", italic=True), Seg("b", bold=True, italic=True), Seg("c国")]
    block = ts.paragraph("section", segs, "p")
    # the heading font's Latin is the Gothic itself; emphasis keeps it upright
    assert [(s.text, s.face.label) for s in block.lines[0].spans] == [
        ("a", "Gothic"),
        ("b", "Gothic/bold"),
        ("c国", "Gothic"),
    ]


# ------------------------------------------------------------------ markers


def test_a_bullet_hangs_at_indent_minus_hanging_and_the_text_starts_at_indent(
    style: Style,
) -> None:
    # bullet role: 10.5 pt, indent 18, hanging 12; "•" is 0.35 em in the Latin face
    ts = Setter(style).ts
    para = Element("P")
    label = Element("Lbl")
    block = ts.paragraph(
        "bullet", [Seg("ab cd")], "p", marker=[Seg("•")], width=40, tag=para, marker_tag=label
    )
    # 40 pt less the text's 18 pt start: 22 pt for "ab cd" (23.625 pt): two lines
    assert _texts(block) == ["•ab", "cd"]
    first, second = block.lines
    assert [(s.x, s.text, s.face.label, s.tag) for s in first.spans] == [
        (6.0, "•", "Serif", label),
        (18.0, "ab", "Serif", para),
    ]
    assert first.spans[0].width == pytest.approx(3.675)
    assert (first.marker, second.marker) == (1, 0)
    assert [(s.x, s.text) for s in second.spans] == [(18.0, "cd")]
    assert (first.content, second.content) == ("ab", "cd")


def test_a_marker_wider_than_the_hanging_indent_pushes_the_text(style: Style) -> None:
    ts = Setter(style).ts
    block = ts.paragraph("bullet", [Seg("ab")], "p", marker=[Seg("•••••")])
    # five bullets of 3.675 pt from x = 6: the text starts at 24.375, not 18
    assert [s.x for s in block.lines[0].spans] == [6.0, pytest.approx(24.375)]
    block = ts.paragraph("bullet", [Seg("ab")], "p", marker=[Seg("•")], marker_x=1.5)
    assert [s.x for s in block.lines[0].spans] == [1.5, 18.0]


def test_an_ambiguous_marker_follows_the_script_after_it_unless_told_japanese(
    style: Style,
) -> None:
    ts = Setter(style).ts
    japanese = ts.paragraph("bullet", [Seg("国")], "p", marker=[Seg("••")])
    # before Japanese text the bullets are the Japanese face's (1 em each): text at 6 + 21
    assert [(s.face.label, s.x) for s in japanese.lines[0].spans] == [
        ("Mincho", 6.0),
        ("Mincho", 27.0),
    ]
    told = ts.paragraph("bullet", [Seg("ab")], "p", marker=[Seg("•••")], marker_east_asian=True)
    assert [(s.face.label, s.x, s.width) for s in told.lines[0].spans] == [
        ("Mincho", 6.0, 31.5),
        ("Serif", 37.5, 10.5),
    ]
    # only the marker's ambiguous characters are made Japanese: its space stays Latin
    spaced = ts.paragraph("bullet", [Seg("ab")], "p", marker=[Seg("• ")], marker_east_asian=True)
    assert [(s.text, s.face.label, s.x) for s in spaced.lines[0].spans] == [
        ("•", "Mincho", 6.0),
        (" ", "Serif", 16.5),
        ("ab", "Serif", 19.125),
    ]
    latin = ts.paragraph("bullet", [Seg("ab")], "p", marker=[Seg("••")])
    assert [(s.face.label, s.x) for s in latin.lines[0].spans] == [("Serif", 6.0), ("Serif", 18.0)]


# ------------------------------------------------------------------ line ends


def test_a_line_broken_at_a_space_keeps_it_as_an_invisible_tail(style: Style) -> None:
    ts = Setter(_aligned(style), hyphenation=NO_HYPHENS).ts
    block = ts.paragraph("period", [Seg("ab cd")], "p", width=12)
    assert _texts(block) == ["ab", "cd"]
    assert [line.spans[-1].tail for line in block.lines] == [" ", ""]


def test_a_hyphen_added_at_a_break_is_a_decoration_span_after_the_text(style: Style) -> None:
    # at 70 pt "ab international" (81.375 pt) does not fit; "ab interna-" is 13.125 + 36.75
    # + 3.15 (the face's hyphen, 0.3 em) = 53.025 pt, and breaking after "ab" would leave
    # more than 2 em empty (in-ter-na-tional: "interna" is the longest part that fits)
    para = Element("P")
    block = Setter(style).ts.paragraph(
        "body", [Seg("ab international cd")], "p", width=70, tag=para
    )
    assert _texts(block) == ["ab interna-", "tional cd"]  # never the last word
    first = block.lines[0]
    assert first.hyphen and first.content == "ab interna"
    assert not block.lines[1].hyphen
    text, hyphen = first.spans
    # justified: the 16.975 pt left over widens the one space
    assert (text.x, text.width) == (0.0, pytest.approx(66.85))
    assert text.word_space == pytest.approx(16.975)
    assert (hyphen.text, hyphen.x, hyphen.width) == ("-", pytest.approx(66.85), pytest.approx(3.15))
    assert (hyphen.tag, hyphen.face.label, hyphen.colour, hyphen.href, hyphen.size) == (
        DECORATION,
        "Serif",
        "#000000",
        None,
        10.5,
    )
    assert text.tag is para


# ------------------------------------------------------------------ an inline citation alone


def _cited_paragraph(style: Style, width: float, **options: object) -> Block:
    ts = Setter(style, hyphenation=NO_HYPHENS, **options).ts
    segs = [Seg("ab cd"), Seg(" "), Seg("(A)", keep=True)]
    return ts.paragraph("body", segs, "p", width=width)


def test_a_citation_wrapped_alone_is_flush_right_or_left_as_the_option_says(style: Style) -> None:
    # "ab cd" is 23.625 pt, "(A)" 15.75: at 30 pt the citation goes to a line of its own
    block = _cited_paragraph(style, 30, loose_line_em=10)
    assert _texts(block) == ["ab cd", "(A)"]
    assert block.lines[1].spans[0].x == pytest.approx(30 - 15.75)
    # the line above it is justified (its one space takes the 6.375 pt; 10 em is allowed)
    assert block.lines[0].spans[0].word_space == pytest.approx(6.375)
    left = _cited_paragraph(style, 30, citation_alone_align="left", loose_line_em=10)
    assert left.lines[1].spans[0].x == 0.0


def test_the_line_above_a_lone_citation_is_ragged_when_justifying_would_be_too_loose(
    style: Style,
) -> None:
    # 0.25 em of 10.5 pt = 2.625 pt per space at most; "ab cd" (23.625 pt) has one space
    exact = _cited_paragraph(style, 23.625 + 2.625, loose_line_em=0.25)
    assert _texts(exact) == ["ab cd", "(A)"]
    assert exact.lines[0].spans[0].word_space == pytest.approx(2.625)  # at the limit: spread
    loose = _cited_paragraph(style, 23.625 + 2.75, loose_line_em=0.25)
    assert loose.lines[0].spans[0].word_space == 0.0  # beyond it: left ragged
    assert loose.lines[1].spans[0].x == pytest.approx(26.375 - 15.75)


# ------------------------------------------------------------------ bookmarks and structure

TWO_SECTIONS = """\
briefout: 1
title: T
subtitle: Sub
period: 2026-01-10..2026-01-23
issuer: I
sections:
  - title: 軍事
    items:
      - ja: 見出し一
        en: One
        body: 本文。
  - title: 内政
    items:
      - ja: 見出し二
        en: Two
        body: 本文。
      - ja: 見出し三
        en: Three
        body: |
          - 一
          - two
"""


def _marks(style: Style, **options: str) -> list[tuple[str, list[tuple[str, str, int]]]]:
    issue = load_issue_bytes(TWO_SECTIONS.encode())
    blocks = build_blocks(issue, style, Setter(style, **options).ts)  # type: ignore[arg-type]
    return [
        (block.text, [(m.key, m.title, m.level) for m in block.bookmarks])
        for block in blocks
        if block.bookmarks
    ]


def test_bookmarks_for_sections_and_items_by_default(style: Style) -> None:
    assert _marks(style) == [
        ("1. 軍事", [("section-1", "1. 軍事", 0)]),
        ("見出し一", [("item-1-1", "見出し一", 1)]),
        ("2. 内政", [("section-2", "2. 内政", 0)]),
        ("見出し二", [("item-2-1", "見出し二", 1)]),
        ("見出し三", [("item-2-2", "見出し三", 1)]),
    ]


@pytest.mark.parametrize(
    ("text", "title"), [("en", "Three"), ("ja_en", "見出し三 / Three"), ("ja", "見出し三")]
)
def test_an_items_bookmark_text(style: Style, text: str, title: str) -> None:
    assert _marks(style, bookmark_item_text=text)[-1] == ("見出し三", [("item-2-2", title, 1)])


def test_bookmarks_for_sections_only_or_none(style: Style) -> None:
    assert _marks(style, bookmarks="sections") == [
        ("1. 軍事", [("section-1", "1. 軍事", 0)]),
        ("2. 内政", [("section-2", "2. 内政", 0)]),
    ]
    assert _marks(style, bookmarks="none") == []


def _structure(tag: object) -> str:
    """``Kind(lang)`` from the Document down to ``tag``."""
    names = []
    while isinstance(tag, Element):
        names.append(f"{tag.kind}({tag.lang})" if tag.lang else tag.kind)
        tag = tag.parent
    return "/".join(reversed(names))


def test_every_block_and_its_structure_element(style: Style) -> None:
    issue = load_issue_bytes(TWO_SECTIONS.encode())
    setter = Setter(style)
    blocks = build_blocks(issue, style, setter.ts)
    shown = [
        (
            block.role,
            [(span.text, _structure(span.tag)) for line in block.lines for span in line.spans],
        )
        for block in blocks[-9:]
    ]
    assert shown == [
        ("section", [("2. 内政", "Document(ja)/Sect/H2")]),
        ("headline_ja", [("● ", ""), ("見出し二", "Document(ja)/Sect/Art/H3")]),
        ("headline_en", [("Two", "Document(ja)/Sect/Art/H3/Span(en-US)")]),
        ("body", [("本文。", "Document(ja)/Sect/Art/P")]),
        ("headline_ja", [("● ", ""), ("見出し三", "Document(ja)/Sect/Art/H3")]),
        ("headline_en", [("Three", "Document(ja)/Sect/Art/H3/Span(en-US)")]),
        (
            "bullet",
            [("•", "Document(ja)/Sect/Art/L/LI/Lbl"), ("一", "Document(ja)/Sect/Art/L/LI/LBody")],
        ),
        (
            "bullet",
            [
                ("•", "Document(ja)/Sect/Art/L/LI/Lbl"),
                ("two", "Document(ja)/Sect/Art/L/LI/LBody(en-US)"),
            ],
        ),
        ("end", [("END", "Document(ja)/P(en-US)")]),
    ]
    title = [
        (block.role, block.text, _structure(block.lines[0].spans[0].tag)) for block in blocks[:4]
    ]
    assert title == [
        ("title", "T", "Document(ja)/Div/H1(en-US)"),
        ("subtitle", "Sub", "Document(ja)/Div/P(en-US)"),
        ("period", "2026年1月10日～2026年1月23日", "Document(ja)/Div/P"),
        ("issuer", "I", "Document(ja)/Div/P(en-US)"),
    ]
    assert setter.notices == []


def test_a_headline_mark_that_does_not_hang_is_part_of_the_first_line(style: Style) -> None:
    flat = _with_roles(style, headline_ja=Role(font="heading", size=10, bold=True))
    issue = load_issue_bytes(TWO_SECTIONS.encode())
    blocks = build_blocks(issue, flat, Setter(flat).ts)
    headline = next(block for block in blocks if block.role == "headline_ja")
    assert headline.text == "● 見出し一"
    (line,) = headline.lines
    assert line.marker == 0
    assert [(span.text, span.x, _structure(span.tag)) for span in line.spans] == [
        ("● ", 0.0, ""),
        ("見出し一", 15.0, "Document(ja)/Sect/Art/H3"),  # ● one em, the space half an em
    ]


def _tops(style: Style, *blocks: Block, **options: int) -> list[list[tuple[str, float, bool]]]:
    """Per page, each line's block role, the distance of its top below the frame's top (pt)
    and whether it is its block's first line."""
    framed = _frame(style)
    top = (framed.page.height_mm - framed.page.margin_top_mm) * MM
    return [
        [(p.block.role, round(top - p.top, 6), p.first) for p in page.lines]
        for page in paginate(list(blocks), framed, PdfOptions(**options))
    ]


def test_lines_are_stacked_with_the_space_after_and_before_added(style: Style) -> None:
    blocks = (_b("a", 2, before=5, after=6), _b("b", 1, before=4), _b("c", 1, before=3))
    assert _tops(style, *blocks) == [
        [
            ("a", 0.0, True),  # the space before a page's first block is dropped
            ("a", 10.0, False),
            ("b", 30.0, True),  # 20 + 6 after a + 4 before b
            ("c", 43.0, True),  # 40 + 0 after b + 3 before c
        ]
    ]


def test_a_block_moved_to_the_next_page_starts_at_its_top(style: Style) -> None:
    heading = _b("heading", 1, before=7, keep=True)
    pages = _tops(style, _b("filler", 8, after=2), heading, _b("body", 3, before=1))
    assert pages == [
        [("filler", 10.0 * n, n == 0) for n in range(8)],
        [
            ("heading", 0.0, True),
            ("body", 11.0, True),
            ("body", 21.0, False),
            ("body", 31.0, False),
        ],
    ]


def test_a_paragraph_over_three_pages_leaves_no_widow(style: Style) -> None:
    # 21 lines in a 10-line frame: 10, then 9 so that 2 (= widows) are carried, not 1
    assert _pages(style, _b("body", 21)) == [[("body", 10)], [("body", 9)], [("body", 2)]]
    pages = _tops(style, _b("body", 21))
    assert [line[2] for page in pages for line in page].count(True) == 1
    assert pages[1][0] == ("body", 0.0, False)  # continued at the top, not a first line


def test_widows_larger_than_what_fits_after_the_first_line(style: Style) -> None:
    # widows 10 of an 11-line paragraph: one line on the first page, ten carried
    assert _pages(style, _b("body", 11), orphans=1, widows=10) == [[("body", 1)], [("body", 10)]]


def test_lines_taller_than_the_page_go_one_per_page(style: Style) -> None:
    tall = Block("tall", [LaidLine(0.0, [], 150.0, 120.0) for _ in range(2)], 0.0, 0.0, False)
    assert _pages(style, _b("filler", 5), tall) == [[("filler", 5)], [("tall", 1)], [("tall", 1)]]


def test_a_link_in_a_paragraph_is_a_link_element_in_the_link_colour(style: Style) -> None:
    linked = TWO_SECTIONS.replace(
        "        body: 本文。\n  - title: 内政",
        "        body: See [the report](https://example.org/r?a=1&b=2) now.\n  - title: 内政",
    )
    issue = load_issue_bytes(linked.encode())
    blocks = build_blocks(issue, style, Setter(style).ts)
    (body,) = [block for block in blocks if block.text.startswith("See")]
    spans = body.lines[0].spans
    assert [(s.text, s.href, s.colour) for s in spans] == [
        ("See ", None, "#000000"),
        ("the report", "https://example.org/r?a=1&b=2", "#1155CC"),
        (" now.", None, "#000000"),
    ]
    paragraph, link, after = (span.tag for span in spans)
    assert _structure(paragraph) == "Document(ja)/Sect/Art/P(en-US)" and after is paragraph
    assert isinstance(link, Element) and link.parent is paragraph
    assert (link.kind, link.description) == ("Link", "the report")


# ------------------------------------------------------------------ characters and faces


def _faces_of(block: Block) -> list[tuple[str, str, float]]:
    return [(s.text, s.face.label, s.width) for line in block.lines for s in line.spans]


def test_ambiguous_characters_follow_the_nearest_plain_character(style: Style) -> None:
    ts = Setter(_aligned(style)).ts  # body at 10 pt
    # “ is 0.4 em in the Latin face, 1 em in the Japanese face
    assert _faces_of(ts.paragraph("period", [Seg("a“b")], "p")) == [("a“b", "Serif", 14.0)]
    assert _faces_of(ts.paragraph("period", [Seg("国“a")], "p")) == [
        ("国“", "Mincho", 20.0),
        ("a", "Serif", 5.0),
    ]
    # nothing plain before it: the character after decides; spaces and other ambiguous
    # characters are looked through
    assert _faces_of(ts.paragraph("period", [Seg("“ “国")], "p")) == [
        ("“", "Mincho", 10.0),
        (" ", "Serif", 2.5),
        ("“国", "Mincho", 20.0),
    ]
    assert _faces_of(ts.paragraph("period", [Seg("a ““ 国")], "p")) == [
        ("a ““ ", "Serif", 5.0 + 2.5 + 8.0 + 2.5),
        ("国", "Mincho", 10.0),
    ]


def test_a_character_missing_from_its_scripts_face_takes_the_other(style: Style) -> None:
    faces = {name: replace(face, widths=dict(face.widths)) for name, face in FACES.items()}
    faces["ipaexm.ttf"].widths.pop(ord("国"))
    faces["LiberationSerif-Regular.ttf"].widths[ord("国")] = 900.0
    faces["ipaexm.ttf"].widths[ord("é")] = 700.0
    faces["LiberationSerif-Regular.ttf"].widths[ord("境")] = 900.0  # both have it: Japanese
    setter = Setter(_aligned(style), faces)
    block = setter.ts.paragraph("period", [Seg("国é境")], "p")
    assert _faces_of(block) == [("国", "Serif", 9.0), ("é境", "Mincho", 17.0)]
    assert setter.notices == []


def test_a_hard_line_break_takes_no_width_and_starts_a_line(style: Style) -> None:
    block = Setter(_aligned(style)).ts.paragraph("period", [Seg("ab\n国")], "p")
    assert _faces_of(block) == [("ab", "Serif", 10.0), ("国", "Mincho", 10.0)]
    assert [line.spans[0].x for line in block.lines] == [0.0, 0.0]


MISSING = "\U00013000"  # in no font: every field that holds one is named in a notice


def test_a_notice_names_the_field_the_text_came_from(style: Style) -> None:
    source = f"""\
briefout: 1
title: T{MISSING}
subtitle: S{MISSING}
period: 2026-01-10..2026-01-23
issuer: I{MISSING}
sections:
  - title: A{MISSING}
    items:
      - ja: J{MISSING}
        en: E{MISSING}
        body: |
          P{MISSING}

          - B{MISSING}
        parts:
          - label: L{MISSING}
            body: Q{MISSING}
"""
    ended = style.model_copy(update={"strings": style.strings.model_copy(update={"end": MISSING})})
    setter = Setter(ended)
    build_blocks(load_issue_bytes(source.encode()), ended, setter.ts)
    assert [path for path, _ in setter.notices] == [
        "title",
        "subtitle",
        "issuer",
        "sections[0].title",
        "sections[0].items[0].ja",
        "sections[0].items[0].en",
        "sections[0].items[0].body[0]",
        "sections[0].items[0].body[1].items[0]",
        "sections[0].items[0].parts[0].label",
        "sections[0].items[0].parts[0].body[0]",
        "strings.end",
    ]


def test_headings_in_english_are_tagged_english(style: Style) -> None:
    english = TWO_SECTIONS.replace("title: 軍事", "title: Defence").replace(
        "ja: 見出し一", "ja: Summary"
    )
    blocks = build_blocks(load_issue_bytes(english.encode()), style, Setter(style).ts)
    tags = {block.text: _structure(block.lines[0].spans[-1].tag) for block in blocks}
    assert tags["1. Defence"] == "Document(ja)/Sect/H2(en-US)"
    assert tags["Summary"] == "Document(ja)/Sect/Art/H3(en-US)"
    assert tags["One"] == "Document(ja)/Sect/Art/H3(en-US)/Span"  # English inside English


def test_the_headline_mark_is_japanese_even_before_an_english_word(style: Style) -> None:
    # with a heading font whose Latin face is not the Gothic, an ambiguous ● before "Summary"
    # would follow the Latin word; the headline mark is always the Japanese face's
    pdf = dict(style.fonts.pdf)
    pdf["heading"] = pdf["heading"].model_copy(update={"latin": "LiberationSerif-Regular.ttf"})
    serif = style.model_copy(update={"fonts": style.fonts.model_copy(update={"pdf": pdf})})
    english = TWO_SECTIONS.replace("ja: 見出し一", "ja: Summary")
    blocks = build_blocks(load_issue_bytes(english.encode()), serif, Setter(serif).ts)
    headline = next(block for block in blocks if block.text == "Summary")
    assert [(s.text, s.face.label) for s in headline.lines[0].spans] == [
        ("●", "Gothic/bold"),
        (" ", "Serif/bold"),
        ("Summary", "Serif/bold"),
    ]


def test_a_link_in_a_bullet_is_a_link_element_in_its_list_body(style: Style) -> None:
    linked = TWO_SECTIONS.replace(
        "          - two\n", "          - see [two](https://example.org/2)\n"
    )
    blocks = build_blocks(load_issue_bytes(linked.encode()), style, Setter(style).ts)
    (bullet,) = [block for block in blocks if block.text == "see two"]
    _mark, see, two = bullet.lines[0].spans
    assert _structure(see.tag) == "Document(ja)/Sect/Art/L/LI/LBody(en-US)"
    assert (
        two.tag.kind == "Link" and two.tag.parent is see.tag and two.href == "https://example.org/2"
    )


def test_the_language_of_a_paragraph_is_that_of_all_its_runs_together(style: Style) -> None:
    # "12" and " 34" (digits, no Latin letters) are not English, alone or joined
    digits = TWO_SECTIONS.replace("          - 一\n          - two\n", "          - **12** 34\n")
    digits = digits.replace(
        "        body: 本文。\n  - title: 内政", "        body: '**56** 78'\n  - title: 内政"
    )
    blocks = build_blocks(load_issue_bytes(digits.encode()), style, Setter(style).ts)
    tags = {block.text: _structure(block.lines[0].spans[-1].tag) for block in blocks}
    assert tags["12 34"] == "Document(ja)/Sect/Art/L/LI/LBody"
    assert tags["56 78"] == "Document(ja)/Sect/Art/P"


def test_a_missing_character_after_a_hard_break_is_replaced_too(style: Style) -> None:
    setter = Setter(style)
    block = setter.ts.paragraph("body", [Seg(f"a\n“{MISSING}")], "p")
    assert block.text == "a\n“〓"
    assert len(setter.notices) == 1


def test_a_block_carries_its_roles_spacing_and_keep(style: Style) -> None:
    ts = Setter(style).ts
    section = ts.paragraph("section", [Seg("a")], "p")
    assert (section.space_before, section.space_after, section.keep_with_next) == (12, 6, True)
    body = ts.paragraph("body", [Seg("a")], "p")
    assert (body.space_before, body.space_after, body.keep_with_next) == (0, 6, False)


def test_an_added_hyphen_takes_the_face_of_the_letter_before_it(style: Style) -> None:
    # in-ter-na-tional broken after "interna", whose last letter is bold here
    segs = [Seg("ab intern"), Seg("ational cd", bold=True)]
    block = Setter(style).ts.paragraph("body", segs, "p", width=70)
    assert _texts(block) == ["ab interna-", "tional cd"]
    assert [(s.text, s.face.label) for s in block.lines[0].spans] == [
        ("ab intern", "Serif"),
        ("a", "SerifBold"),
        ("-", "SerifBold"),
    ]


def test_the_hyphen_a_break_may_add_is_measured_in_the_face_of_its_word(style: Style) -> None:
    # "ab interna-" needs 53.025 pt with the Latin hyphen (0.3 em); with the Japanese face's
    # (0.5 em) it would need 55.125 and not fit 54 pt
    segs = [Seg("ab international cd "), Seg("国" * 12)]
    block = Setter(style).ts.paragraph("body", segs, "p", width=54)
    assert _texts(block)[0] == "ab interna-"


def test_words_longer_than_max_word_are_not_hyphenated(style: Style) -> None:
    setter = Setter(style, hyphenation=Hyphenation(max_word=12))
    block = setter.ts.paragraph("body", [Seg("ab international cd")], "p", width=70)
    assert _texts(block) == ["ab", "international", "cd"]  # 13 letters: never offered


def test_a_marker_with_an_invisible_character_is_drawn_as_its_cluster(style: Style) -> None:
    ts = Setter(style).ts
    block = ts.paragraph("bullet", [Seg("ab")], "p", marker=[Seg("•\ufe0e")])
    mark, text = block.lines[0].spans
    assert (mark.text, mark.width, text.x) == ("•\ufe0e", pytest.approx(3.675), 18.0)


def test_a_style_with_a_bold_japanese_face_uses_it_instead_of_stroking(style: Style) -> None:
    pdf = dict(style.fonts.pdf)
    pdf["body"] = pdf["body"].model_copy(update={"east_asian_bold": "ipaexg.ttf"})
    bolder = style.model_copy(update={"fonts": style.fonts.model_copy(update={"pdf": pdf})})
    block = Setter(bolder).ts.paragraph("body", [Seg("a国", bold=True)], "p")
    assert [(s.text, s.face.label) for s in block.lines[0].spans] == [
        ("a", "SerifBold"),
        ("国", "Gothic"),
    ]


def test_a_citation_format_may_print_the_url(style: Style) -> None:
    blocks, _ = _cited_blocks(style, citation="({outlet}) {url}")
    assert blocks[-4].text == "二 (Apa) https://apa.az/a?b=1&c=2"


def test_a_cluster_in_a_later_span_is_written_whole_and_alone(style: Style) -> None:
    block = Setter(style).ts.paragraph("body", [Seg("ab国\ufe00c")], "p")
    assert [(s.text, s.face.label) for s in block.lines[0].spans] == [
        ("ab", "Serif"),
        ("国\ufe00", "Mincho"),
        ("c", "Serif"),
    ]
    assert block.text == "ab国c"


@pytest.mark.parametrize(
    ("most", "expected"),
    [
        # the second line may end "inter-" (31.5 + 2.625 + 26.25 + 3.15 = 63.525 pt of 70)
        (2, ["ab interna-", "tional inter-", "national", "international", "cd"]),
        # one hyphenated line at most in a row: the second line stops at "tional"
        (1, ["ab interna-", "tional", "international", "international", "cd"]),
    ],
)
def test_hyphenated_lines_in_a_row_are_limited(
    style: Style, most: int, expected: list[str]
) -> None:
    ts = Setter(style, hyphenation=Hyphenation(max_consecutive=most)).ts
    text = "ab international international international cd"
    assert _texts(ts.paragraph("body", [Seg(text)], "p", width=70)) == expected
