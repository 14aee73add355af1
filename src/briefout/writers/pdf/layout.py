"""From the issue tree to positioned lines on A4 pages (no drawing here).

Every paragraph becomes a :class:`Block` of :class:`LaidLine` s: characters
get a face (Latin or Japanese, in the run's weight) and a width, the line
breaker cuts them into lines, and each line is split into :class:`Span` s of
one face.  :func:`paginate` then places blocks on pages, keeping headlines with
what follows and honouring orphans and widows.  :func:`dump` prints the result,
one line per text line, for the golden tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, cast

from briefout.model import (
    BulletList,
    Issue,
    Item,
    Runs,
    item_anchor,
    item_parts,
    section_anchor,
)
from briefout.style import FontRole, Role, RoleName, Style
from briefout.writers.pdf.fonts import (
    Face,
    FaceRef,
    FontBook,
    FontSet,
    has_ignorable,
    hyphenator,
    is_ambiguous,
    is_wide,
    split_invisible,
)
from briefout.writers.pdf.linebreak import (
    Kinsoku,
    Line,
    break_paragraph,
    is_ideographic,
    split_hard_breaks,
)
from briefout.writers.pdf.options import PdfOptions
from briefout.writers.pdf.structure import (
    DECORATION,
    FOOTER,
    HEADER,
    Element,
    Languages,
    Tag,
    describe,
    link_tags,
)

if TYPE_CHECKING:
    from pyphen import Pyphen

    from briefout.model import Block as BodyBlock
    from briefout.model import Citation

MM = 72 / 25.4
#: Glyph metrics are in thousandths of an em (PDF and TrueType as reportlab reads them).
UNITS_PER_EM = 1000
#: Width of a hyphen in a face that has none (half an em).
DEFAULT_HYPHEN_UNITS = 500
#: Line heights are sums of floats: a line this far (pt) below the bottom margin still fits.
FIT_TOLERANCE = 0.01
Clusters = dict[int, str]
Notify = Callable[[str, str], None]


@dataclass(frozen=True)
class Seg:
    """A stretch of paragraph text with one set of attributes."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    keep: bool = False  # no line break inside (citations)
    tag: Tag | None = None  # its own structure element (a link, a citation), else the block's


@dataclass
class Span:
    """Text in one face on one line, at ``x`` from the line's left edge."""

    x: float
    text: str
    face: Face
    size: float
    colour: str
    href: str | None
    width: float
    char_space: float = 0.0
    word_space: float = 0.0
    tag: Tag = DECORATION  # the structure element of its text, or an artifact
    tail: str = ""  # the space of a line break, drawn invisibly after it: a word boundary


@dataclass
class LaidLine:
    """One line: spans, left edge, height and the baseline below its top."""

    x: float
    spans: list[Span]
    height: float
    baseline: float
    hyphen: bool = False  # ends in a hyphen the line breaker added
    marker: int = 0  # how many leading spans are a bullet or headline mark

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)

    @property
    def content(self) -> str:
        """The paragraph's own text on this line (no marker, no added hyphen)."""
        text = "".join(span.text for span in self.spans[self.marker :])
        return text[:-1] if self.hyphen else text


@dataclass
class Bookmark:
    key: str
    title: str
    level: int


@dataclass
class Block:
    """A paragraph: lines plus spacing and keep rules."""

    role: str
    lines: list[LaidLine]
    space_before: float
    space_after: float
    keep_with_next: bool
    bookmarks: list[Bookmark] = field(default_factory=list)
    text: str = ""  # the paragraph's text as drawn (for checks)
    width: float = 0.0  # the width its lines were broken to


@dataclass
class Placed:
    """A line placed on a page: the top of its box from the page top... in PDF units (y up)."""

    line: LaidLine
    top: float  # y of the top of the line box (PDF coordinates, from the bottom)
    block: Block
    first: bool


@dataclass
class Page:
    number: int
    lines: list[Placed] = field(default_factory=list)


class Typesetter:
    """Turns paragraphs into laid-out blocks for one style."""

    def __init__(self, style: Style, options: PdfOptions, book: FontBook, notify: Notify) -> None:
        self.style = style
        self.options = options
        self.book = book
        self.notify = notify
        self.width = style.page.text_width_mm * MM
        self.kinsoku = Kinsoku(
            frozenset(options.kinsoku_no_start), frozenset(options.kinsoku_no_end)
        )
        self._sets: dict[str, FontSet] = {}
        self._hyphenator: Pyphen | None = None
        self._hyph_cache: dict[str, list[int]] = {}
        self._warned: set[tuple[str, str]] = set()
        self._faces: dict[FaceRef, Face] = {}
        self._choice: dict[tuple[Face, Face], dict[str, Face]] = {}

    # -- fonts ---------------------------------------------------------------------

    def font_set(self, role: FontRole) -> FontSet:
        found = self._sets.get(role)
        if found is None:
            files = self.style.fonts.pdf[role]
            italic: str = self.options.latin_italic
            bold_italic: str | None = self.options.latin_bold_italic
            if role == "heading":  # headings have no italic: emphasis keeps the upright face
                italic, bold_italic = files.latin, files.latin_bold
            found = FontSet(
                files.latin,
                files.latin_bold,
                italic,
                bold_italic,
                files.east_asian,
                files.east_asian_bold,
            )
            self._sets[role] = found
        return found

    def face(self, ref: FaceRef) -> Face:
        """The face of a font file, emboldened synthetically if ``ref`` says so."""
        found = self._faces.get(ref)
        if found is None:
            path = self.style.find_file(ref[0])
            found = self.book.face(path)
            if ref[1]:
                found = self.book.bold(path, self.options.synthetic_bold_em)
            self._faces[ref] = found
        return found

    # -- characters ------------------------------------------------------------------

    def _chars(self, segs: list[Seg], role: Role, path: str) -> tuple[str, list[Face], list[float]]:
        """The text to draw (missing glyphs replaced), each character's face and advance.

        Wide characters (kana, kanji, fullwidth forms) take the Japanese face
        first, others the Latin face first, each falling back to the other;
        ambiguous-width characters (●, “, ×) and spaces follow their context.
        """
        fonts = self.font_set(role.font)
        scale = role.size / 1000
        chars: list[str] = []
        faces: list[Face] = []
        pending: list[tuple[int, Face, Face]] = []
        for seg in segs:
            latin_key, ea_key = fonts.pick(role.bold or seg.bold, role.italic or seg.italic)
            latin, ea = self.face(latin_key), self.face(ea_key)
            table = self._choice.setdefault((latin, ea), {})
            for ch in set(seg.text).difference(table):  # each new character decided once
                if ch != " " and ch != "\n" and not is_ambiguous(ch):
                    order: tuple[Face, ...] = (ea, latin) if is_wide(ch) else (latin, ea)
                    face = next((f for f in order if f.has(ch)), None)
                    if face is not None:
                        table[ch] = face
            found: list[Face | None] = list(map(table.get, seg.text))
            if None in found:
                base = len(faces)
                for k, known in enumerate(found):
                    if known is None:
                        pending.append((base + k, latin, ea))  # decided below
                        found[k] = latin
            chars.extend(seg.text)
            faces.extend(cast("list[Face]", found))  # every None was replaced above
        text = "".join(chars)
        neighbours = _neighbours(text, [i for i, _, _ in pending if is_ambiguous(text[i])])
        for i, latin, ea in pending:
            ch = text[i]
            if ch == "\n":
                continue
            if ch == " ":
                order = (latin, ea)
            elif is_ambiguous(ch):
                near = neighbours[i]
                order = (ea, latin) if near is not None and is_wide(near) else (latin, ea)
            else:
                order = ()
            face = next((f for f in order if f.has(ch)), None)
            faces[i] = face if face is not None else self._missing(ch, chars, i, ea, latin, path)
        widths = [
            face.widths.get(code, face.default_width) * scale if code != 10 else 0.0
            for code, face in zip(map(ord, chars), faces, strict=True)
        ]
        return "".join(chars), faces, widths

    def _east_asian_marker(
        self, marker: list[Seg], role: Role, faces: list[Face], widths: list[float]
    ) -> None:
        """Give the marker's ambiguous characters the Japanese face (in place)."""
        fonts = self.font_set(role.font)
        i = 0
        for seg in marker:
            ea = self.face(fonts.pick(role.bold or seg.bold, role.italic or seg.italic)[1])
            for ch in seg.text:
                if is_ambiguous(ch) and ea.has(ch):
                    faces[i] = ea
                    widths[i] = ea.widths.get(ord(ch), ea.default_width) * role.size / 1000
                i += 1

    def _missing(self, ch: str, chars: list[str], i: int, ea: Face, latin: Face, path: str) -> Face:
        mark = self.options.missing_glyph
        if (path, ch) not in self._warned:
            self._warned.add((path, ch))
            self.notify(
                path,
                f"U+{ord(ch):04X} {ch!r} is in no font of the style; "
                f"it is printed as {mark} (replace the character or add a font that has it)",
            )
        for face in (ea, latin):
            if face.has(mark):
                chars[i] = mark
                return face
        chars[i] = "?"
        return latin

    def _broken_word(self, path: str, text: str, start: int) -> None:
        """Warn once per field (a whole body counts as one) that a word was broken across lines."""
        field = path.partition(".body[")[0] + ".body" if ".body[" in path else path
        if (field, "") in self._warned:
            return
        self._warned.add((field, ""))
        after = [i for i in (text.find(" ", start), text.find("\n", start)) if i >= 0]
        end = min(after, default=len(text))
        start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
        word = text[start:end]
        shown = word if len(word) <= 30 else f"{word[:30]}…"
        self.notify(
            path,
            f"'{shown}' ({len(word)} characters without a space) is wider than a line; "
            "it was broken across lines (add spaces if it should break elsewhere)",
        )

    def _hyphenate(self, word: str) -> list[int]:
        opts = self.options.hyphenation
        if (
            len(word) < opts.min_word
            or word.isupper()
            or not word.isascii()
            or (word[0].isupper() and not opts.capitalised)
        ):
            return []
        found = self._hyph_cache.get(word)
        if found is None:
            if self._hyphenator is None:
                self._hyphenator = hyphenator(
                    opts.language, opts.min_left, opts.min_right, self.options.font_cache
                )
            found = list(self._hyphenator.positions(word))
            self._hyph_cache[word] = found
        return found

    # -- paragraphs --------------------------------------------------------------------

    def paragraph(
        self,
        role_name: RoleName,
        segs: list[Seg],
        path: str,
        *,
        marker: list[Seg] | None = None,
        marker_x: float | None = None,
        marker_east_asian: bool = False,
        width: float | None = None,
        bookmarks: list[Bookmark] | None = None,
        tag: Tag = DECORATION,
        marker_tag: Tag = DECORATION,
    ) -> Block:
        """Lay out one paragraph of ``role_name``.

        ``marker`` (a bullet or the headline mark) is drawn at ``marker_x``
        (default: the role's indent minus its hanging indent) and the text
        starts at the role's indent, or after the marker if the marker is
        wider.  An ambiguous-width marker (●, •) takes the face of the script of
        the text after it, or the Japanese face with ``marker_east_asian`` (the
        headline mark, so every headline shows the same ● whatever its first word).
        ``tag`` is the structure element of the text (a seg may name its own),
        ``marker_tag`` the marker's; a hyphen added at a line break is decoration.
        """
        role = self.style.role(role_name)
        colour = self.style.colour(role.colour)
        para = self._prepare(role, segs, path, marker or [], marker_x, marker_east_asian)
        for span in para.marker_spans:
            span.tag = marker_tag
        tags: list[Tag] = []
        for seg in para.segs:
            tags += [seg.tag or tag] * len(seg.text)
        avail = (self.width if width is None else width) - para.text_x
        link = self.style.colour("link")  # a style without it does not load
        height = role.size * role.line_height
        baseline = self._baseline(role, para.faces, height)
        lines: list[LaidLine] = []
        for seg_start, seg_end in split_hard_breaks(para.text):
            broken = self._break(role_name, role, para, seg_start, seg_end, avail)
            for index, line in enumerate(broken):
                nxt = broken[index + 1] if index + 1 < len(broken) else None
                a, b = seg_start + line.start, seg_start + line.end
                spans = _spans(
                    para.text,
                    para.faces,
                    para.widths,
                    a,
                    b,
                    role.size,
                    colour,
                    para.hrefs,
                    link,
                    para.clusters,
                    para.cut,
                    tags=tags,
                )
                _line_end(spans, para.text, para.faces[b - 1], b, line.hyphen, colour)
                if line.forced:
                    self._broken_word(path, para.text, a)
                alone = line.last and a == para.cite_start  # an inline citation on its own line
                before = nxt is not None and nxt.last and seg_start + nxt.start == para.cite_start
                shift = self._shift(role, line, spans, avail, alone, before)
                for span in spans:
                    span.x += para.text_x + shift
                n_marker = len(para.marker_spans) if not lines else 0
                spans = para.marker_spans + spans if n_marker else spans
                lines.append(LaidLine(0.0, spans, height, baseline, line.hyphen, n_marker))
        return Block(
            role_name,
            lines,
            role.space_before,
            role.space_after,
            role.keep_with_next,
            bookmarks or [],
            para.text,
            avail,
        )

    def _prepare(
        self,
        role: Role,
        segs: list[Seg],
        path: str,
        marker: list[Seg],
        marker_x: float | None,
        marker_east_asian: bool,
    ) -> _Characters:
        """Characters with faces and widths; the marker's spans and where the text starts.

        The marker's characters and the text are given faces together, so an ambiguous
        marker (●, •) follows the script of the text after it.
        """
        size = role.size
        marker, segs, clusters = _visible_segs(marker, segs)
        all_text, all_faces, all_widths = self._chars([*marker, *segs], role, path)
        _cluster_widths(clusters, all_text, all_faces, all_widths, size)
        cut = sum(len(seg.text) for seg in marker)
        if marker_east_asian:
            self._east_asian_marker(marker, role, all_faces, all_widths)
        para = _Characters(
            segs, all_text[cut:], all_faces[cut:], all_widths[cut:], clusters, cut, role.indent
        )
        if marker:
            mx = role.indent - role.hanging if marker_x is None else marker_x
            colour = self.style.colour(role.colour)
            para.marker_spans = _spans(
                all_text, all_faces, all_widths, 0, cut, size, colour, None, clusters=clusters
            )
            for span in para.marker_spans:
                span.x += mx
            para.text_x = max(para.text_x, mx + sum(all_widths[:cut]))
        return para

    def _baseline(self, role: Role, faces: list[Face], line_height: float) -> float:
        """The baseline below the line's top: the tallest ascent of the faces used, centred
        in the line's extra leading."""
        latin = self.face((self.font_set(role.font).latin, False))
        units: float = max(f.font.face.ascent for f in {*faces, latin})
        return (line_height - role.size) / 2 + units / UNITS_PER_EM * role.size

    def _break(
        self,
        role_name: RoleName,
        role: Role,
        para: _Characters,
        start: int,
        end: int,
        avail: float,
    ) -> list[Line]:
        """Lines of the hard-break-free stretch ``start:end`` of the paragraph."""
        opts = self.options
        hyph = None
        if opts.hyphenation.enabled and role_name in opts.hyphenation.roles:
            hyph = self._hyphenate

        def hyphen_width(i: int) -> float:
            return hyphen_advance(para.faces[start + i], role.size)

        return break_paragraph(
            para.text[start:end],
            para.widths[start:end],
            avail,
            self.kinsoku,
            keep=para.keep[start:end],
            hyphenate=hyph,
            hyphen_width=hyphen_width,
            min_slack=opts.hyphenation.min_slack_em * role.size,
            max_hyphens=opts.hyphenation.max_consecutive,
            min_last=opts.min_last_line_chars,
            max_word=opts.hyphenation.max_word,
        )

    def _shift(
        self,
        role: Role,
        line: Line,
        spans: list[Span],
        avail: float,
        alone: bool,
        before_alone: bool,
    ) -> float:
        """How far right the line moves (its alignment); a justified line is spread instead.

        ``alone``: the line is an inline citation wrapped onto a line of its own;
        ``before_alone``: the line above such a citation, left ragged if justifying it
        would open its spaces wider than ``loose_line_em``.
        """
        used = spans[-1].x + spans[-1].width if spans else 0.0
        slack = avail - used
        if alone and self.options.citation_alone_align == "right":
            return slack
        if role.align == "justify" and not line.last:
            gaps = sum(span.text.count(" ") for span in spans)
            loose = self.options.loose_line_em * role.size
            if not (before_alone and gaps and slack / gaps > loose):
                _justify(spans, slack)
            return 0.0
        if role.align == "center":
            return slack / 2
        if role.align == "right":
            return slack
        return 0.0


@dataclass
class _Characters:
    """A paragraph's characters ready to break: text without the marker, each character's
    face and advance, invisible clusters, the marker's spans and where the text starts."""

    segs: list[Seg]
    text: str
    faces: list[Face]
    widths: list[float]
    clusters: Clusters
    cut: int  # characters of the marker before the text (cluster keys count them)
    text_x: float
    marker_spans: list[Span] = field(default_factory=list)

    @cached_property
    def keep(self) -> list[bool]:
        """No break before character i (inside a citation)."""
        out: list[bool] = []
        for seg in self.segs:
            out += [seg.keep and k > 0 for k in range(len(seg.text))]
        return out

    @cached_property
    def hrefs(self) -> list[str | None]:
        out: list[str | None] = []
        for seg in self.segs:
            out += [seg.href] * len(seg.text)
        return out

    @cached_property
    def cite_start(self) -> int:
        """Where an inline citation (the last seg, kept whole) starts, else -1."""
        segs = self.segs
        return len(self.text) - len(segs[-1].text) if segs and segs[-1].keep else -1


def hyphen_advance(face: Face, size: float) -> float:
    """The width of a hyphen in ``face`` at ``size`` (half an em if the face lacks one)."""
    return face.widths.get(ord("-"), DEFAULT_HYPHEN_UNITS) * size / UNITS_PER_EM


def _line_end(
    spans: list[Span], text: str, face: Face, end: int, hyphen: bool, colour: str
) -> None:
    """Finish a line ending at ``end``: the hyphen the breaker added (decoration, not text), or
    the space the break dropped as the last span's invisible tail (a word boundary)."""
    last = spans[-1] if spans else None
    if hyphen:
        size = last.size if last else 0.0
        x = last.x + last.width if last else 0.0
        spans.append(Span(x, "-", face, size, colour, None, hyphen_advance(face, size)))
    elif last is not None and end < len(text) and text[end] == " ":
        last.tail = " "


def _neighbours(text: str, wanted: list[int]) -> dict[int, str | None]:
    """For each index in ``wanted``: the nearest non-space, non-ambiguous character
    before it, else after it (one pass each way, so a long run of ● stays linear)."""
    if not wanted:
        return {}
    plain = [ch != " " and not is_ambiguous(ch) for ch in text]
    before: list[str | None] = [None] * (len(text) + 1)
    for j, ch in enumerate(text):
        before[j + 1] = ch if plain[j] else before[j]
    after: list[str | None] = [None] * (len(text) + 1)
    for j in range(len(text) - 1, -1, -1):
        after[j] = text[j] if plain[j] else after[j + 1]
    return {i: before[i] if before[i] is not None else after[i + 1] for i in wanted}


def _visible_segs(marker: list[Seg], segs: list[Seg]) -> tuple[list[Seg], list[Seg], Clusters]:
    """The marker and text without invisible characters, and the clusters holding them
    (keyed on the index of their visible character in marker + text)."""
    both = [*marker, *segs]
    if not any(has_ignorable(seg.text) for seg in both):
        return marker, segs, {}
    texts, clusters = split_invisible([seg.text for seg in both])
    visible = [replace(seg, text=text) for seg, text in zip(both, texts, strict=True)]
    return visible[: len(marker)], visible[len(marker) :], clusters


def _cluster_widths(
    clusters: Clusters, text: str, faces: list[Face], widths: list[float], size: float
) -> None:
    """A cluster is as wide as the glyph drawn for it (a variant's advance); a cluster whose
    character no font has (drawn as the missing-glyph mark) loses its invisible characters."""
    for index, cluster in list(clusters.items()):
        if text[index] not in cluster:
            del clusters[index]
        else:
            widths[index] = faces[index].cluster_width(cluster) * size / 1000


def _spans(
    text: str,
    faces: list[Face],
    widths: list[float],
    a: int,
    b: int,
    size: float,
    colour: str,
    hrefs: list[str | None] | None,
    link: str | None = None,
    clusters: Clusters | None = None,
    offset: int = 0,
    tags: list[Tag] | None = None,
) -> list[Span]:
    """Spans of one face (and link) for ``text[a:b]``; a character with invisible characters
    around it (``clusters``, keyed on ``offset`` + index) is written as its whole cluster."""
    spans: list[Span] = []
    x = 0.0
    i = a
    while i < b:
        face = faces[i]
        href = hrefs[i] if hrefs else None
        tag = tags[i] if tags else DECORATION
        j = i + 1
        while (
            j < b
            and faces[j] is face
            and (hrefs[j] if hrefs else None) == href
            and (tags[j] if tags else DECORATION) is tag
        ):
            j += 1
        w = sum(widths[i:j])
        piece = text[i:j]
        if clusters:
            piece = "".join(clusters.get(k + offset, text[k]) for k in range(i, j))
        colour_of = link if href and link else colour
        spans.append(Span(x, piece, face, size, colour_of, href, w, tag=tag))
        x += w
        i = j
    return spans


def _justify(spans: list[Span], slack: float) -> None:
    """Spread ``slack`` over spaces and gaps after Japanese characters (Tw / Tc)."""
    if slack <= 0 or not spans:
        return
    spaces = sum(span.text.count(" ") for span in spans)
    wide = sum(len(span.text) for span in spans if _is_ea_span(span))
    if spans and _is_ea_span(spans[-1]):
        wide -= 1
    gaps = spaces + wide
    if gaps <= 0:
        return
    extra = slack / gaps
    x = spans[0].x
    for index, span in enumerate(spans):
        span.x = x
        if _is_ea_span(span):
            span.char_space = extra
            # Tc also follows the line's last character: that space is not part of the line
            last = index == len(spans) - 1
            span.width += extra * (len(span.text) - (1 if last else 0))
        n_sp = span.text.count(" ")
        if n_sp:
            span.word_space = extra
            span.width += extra * n_sp
        x += span.width


def _is_ea_span(span: Span) -> bool:
    return bool(span.text) and is_ideographic(span.text[0])


# --------------------------------------------------------------------- document


def runs_to_segs(runs: Runs, parent: Element) -> list[Seg]:
    """Segs of ``runs``, each link tagged as a ``Link`` child of ``parent``."""
    tags = link_tags(runs, parent)
    return [
        Seg(run.text, run.strong, run.emph, run.href, tag=tag)
        for run, tag in zip(runs, tags, strict=True)
    ]


def build_blocks(issue: Issue, style: Style, ts: Typesetter) -> list[Block]:
    """Every paragraph of the issue, in reading order, tagged with its structure element.

    The structure: a ``Document`` holding the title block (the title an ``H1``),
    a ``Sect`` per section (its title an ``H2``) with an ``Art`` per item (the
    Japanese headline an ``H3`` holding the English one as a ``Span``), then "END".
    """
    opts = ts.options
    strings = style.strings
    langs = Languages(strings.language, opts.language_english)
    document = Element("Document", lang=langs.main)
    blocks = _title_blocks(issue, style, ts, document.child("Div"), langs)
    for s_index, section in enumerate(issue.sections):
        s_number = s_index + 1
        title = style.format_section(s_number, section.title)
        marks = []
        if opts.bookmarks != "none":
            marks.append(Bookmark(section_anchor(s_number), title, 0))
        sect = document.child("Sect")
        blocks.append(
            ts.paragraph(
                "section",
                [Seg(title)],
                f"sections[{s_index}].title",
                bookmarks=marks,
                tag=sect.child("H2", langs.of(title)),
            )
        )
        for i_index, item in enumerate(section.items):
            base = f"sections[{s_index}].items[{i_index}]"
            marks = []
            if opts.bookmarks == "sections_and_items":
                mark_text = {"ja": item.ja, "en": item.en, "ja_en": f"{item.ja} / {item.en}"}[
                    opts.bookmark_item_text
                ]
                marks.append(Bookmark(item_anchor(s_number, i_index + 1), mark_text, 1))
            blocks.extend(_item_blocks(item, base, marks, style, ts, sect.child("Art"), langs))
    if strings.end:
        end = document.child("P", langs.of(strings.end))
        blocks.append(ts.paragraph("end", [Seg(strings.end)], "strings.end", tag=end))
    return blocks


def _title_blocks(
    issue: Issue, style: Style, ts: Typesetter, block: Element, langs: Languages
) -> list[Block]:
    """The title (``H1``), subtitle, period and issuer (``P`` s) in the title block."""
    period = style.format_period(issue.period.start, issue.period.end)
    lines: list[tuple[RoleName, str]] = [("title", issue.title)]
    if issue.subtitle:
        lines.append(("subtitle", issue.subtitle))
    lines += [("period", period), ("issuer", issue.issuer)]
    return [
        ts.paragraph(
            role,
            [Seg(text)],
            role,
            tag=block.child("H1" if role == "title" else "P", langs.of(text)),
        )
        for role, text in lines
    ]


def _item_blocks(
    item: Item,
    base: str,
    marks: list[Bookmark],
    style: Style,
    ts: Typesetter,
    article: Element,
    langs: Languages,
) -> list[Block]:
    """One item: its headlines (one heading), then each part's label and body."""
    opts = ts.options
    mark = style.strings.headline_mark + opts.headline_gap
    heading = article.child("H3", langs.of(item.ja))
    if style.role("headline_ja").hanging:
        # the mark hangs at indent - hanging, wrapped lines align at the indent
        # (as the DOCX writer's hanging indent and tab)
        segs, marker = [Seg(item.ja)], [Seg(mark)]
    else:
        segs, marker = [Seg(mark, tag=DECORATION), Seg(item.ja)], []
    blocks = [
        ts.paragraph(
            "headline_ja",
            segs,
            f"{base}.ja",
            marker=marker or None,
            marker_east_asian=bool(marker),
            bookmarks=marks,
            tag=heading,
        ),
        ts.paragraph(
            "headline_en",
            [Seg(item.en)],
            f"{base}.en",
            tag=heading.child("Span", langs.of(item.en)),
        ),
    ]
    for p_index, (label, body, citation) in enumerate(item_parts(item)):
        where = base if p_index == 0 else f"{base}.parts[{p_index - 1}]"
        holder = article if label is None else article.child("Div")
        if label:
            tag = holder.child("P", langs.of(label))
            blocks.append(ts.paragraph("label", [Seg(label)], f"{where}.label", tag=tag))
        blocks.extend(_body(body, citation, style, ts, where, holder, langs))
    return blocks


@dataclass
class _Paragraph:
    """A body paragraph or bullet before layout, with its structure elements."""

    role: RoleName
    segs: list[Seg]
    path: str
    tag: Element
    marker_tag: Tag = DECORATION


def _body(
    body: tuple[BodyBlock, ...],
    citation: Citation | None,
    style: Style,
    ts: Typesetter,
    where: str,
    parent: Element,
    langs: Languages,
) -> list[Block]:
    """Paragraphs (``P``), bullets (``L`` › ``LI`` › ``Lbl`` + ``LBody``) and the citation."""
    paragraphs: list[_Paragraph] = []
    for b_index, block in enumerate(body):
        path = f"{where}.body[{b_index}]"
        if isinstance(block, BulletList):
            texts = ["".join(run.text for run in entry) for entry in block.items]
            listed = parent.child("L", langs.of(*texts))
            for e_index, entry in enumerate(block.items):
                item = listed.child("LI")
                content = item.child("LBody", langs.of(texts[e_index]))
                segs = runs_to_segs(entry, content)
                paragraphs.append(
                    _Paragraph(
                        "bullet", segs, f"{path}.items[{e_index}]", content, item.child("Lbl")
                    )
                )
        else:
            text = "".join(run.text for run in block.runs)
            content = parent.child("P", langs.of(text))
            paragraphs.append(_Paragraph("body", runs_to_segs(block.runs, content), path, content))
    if citation is not None:
        paragraphs = _cite(paragraphs, citation, style, where, parent, langs)
    bullet = [Seg(style.strings.bullet + ts.options.bullet_gap)]
    return [
        ts.paragraph(
            p.role,
            p.segs,
            p.path,
            marker=bullet if p.role == "bullet" else None,
            tag=p.tag,
            marker_tag=p.marker_tag,
        )
        for p in paragraphs
    ]


def _cite(
    paragraphs: list[_Paragraph],
    citation: Citation,
    style: Style,
    where: str,
    parent: Element,
    langs: Languages,
) -> list[_Paragraph]:
    """The citation (a ``BibEntry``, its link a ``Link``) after the last paragraph or below it."""
    cited = style.format_citation(citation.outlet, citation.date, citation.url)
    lang = langs.of(cited)
    if style.strings.citation_placement == "inline" and paragraphs:
        last = paragraphs[-1]
        entry = last.tag.child("BibEntry", lang)
        seg = Seg(cited, href=citation.url, keep=True, tag=_cited(entry, citation.url, cited))
        return [*paragraphs[:-1], replace(last, segs=[*last.segs, Seg(" "), seg])]
    holder = parent.child("P", lang)
    entry = holder.child("BibEntry")
    seg = Seg(cited, href=citation.url, keep=True, tag=_cited(entry, citation.url, cited))
    return [*paragraphs, _Paragraph("citation", [seg], f"{where}.source", holder)]


def _cited(entry: Element, url: str | None, text: str) -> Element:
    """Where a citation's text goes: its ``Link`` when it has a URL, else the entry itself."""
    return entry.child("Link", description=text) if url else entry


# ------------------------------------------------------------------- pagination


def paginate(blocks: list[Block], style: Style, options: PdfOptions) -> list[Page]:
    """Place blocks on pages: keep-with-next chains, orphans and widows."""
    page = style.page
    top = (page.height_mm - page.margin_top_mm) * MM
    bottom = page.margin_bottom_mm * MM
    orphans, widows = options.orphans, options.widows
    bottom -= FIT_TOLERANCE  # a line ending this little below the margin still fits
    pages = [Page(1)]
    y = top
    pending_after = 0.0

    def head(index: int, gap: float) -> float:
        """Height needed on this page before block ``index`` may start here."""
        block = blocks[index]
        n = len(block.lines)
        heights = [line.height for line in block.lines]
        if block.keep_with_next and index + 1 < len(blocks):
            nxt = blocks[index + 1]
            return (
                gap + sum(heights) + head(index + 1, max(block.space_after, 0) + nxt.space_before)
            )
        if n < orphans + widows:
            return gap + sum(heights)
        return gap + sum(heights[:orphans])

    def new_page() -> None:
        nonlocal y, pending_after
        pages.append(Page(len(pages) + 1))
        y = top
        pending_after = 0.0

    for index, block in enumerate(blocks):
        at_top = not pages[-1].lines
        gap = 0.0 if at_top else pending_after + block.space_before
        if not at_top and y - head(index, gap) < bottom:
            new_page()
            gap = 0.0
        y -= gap
        lines = block.lines
        k = 0
        first = True
        while k < len(lines):
            room = 0
            acc = 0.0
            while k + room < len(lines) and y - acc - lines[k + room].height >= bottom:
                acc += lines[k + room].height
                room += 1
            remaining = len(lines) - k
            if room >= remaining:
                take = remaining
            else:
                take = min(room, remaining - widows)
                if take < orphans and pages[-1].lines:
                    take = 0
                if take <= 0 and not pages[-1].lines:
                    take = max(room, 1)  # a page cannot hold it: place what fits
            for line in lines[k : k + take]:
                pages[-1].lines.append(Placed(line, y, block, first))
                first = False
                y -= line.height
            k += take
            if k < len(lines):
                new_page()
        pending_after = block.space_after
    return pages


def _line_dump(y: float, x0: float, line: LaidLine, last: list[Tag | None]) -> str:
    """One dump line; a span's place in the structure is shown where it changes (``last``)."""
    parts = []
    for span in line.spans:
        shown = f" {describe(span.tag)}" if span.tag is not last[0] else ""
        last[0] = span.tag
        x = x0 + line.x + span.x
        parts.append(
            f"[{span.face.label} {span.size:g} x={x:.1f}{_spacing(span)}{shown}] {span.text}"
        )
    return f"y={y:.1f} " + " ".join(parts)


def _spacing(span: Span) -> str:
    """The justification a span is drawn with (Tc between characters, Tw per space), if any."""
    out = f" Tc={span.char_space:.3f}" if span.char_space else ""
    return out + (f" Tw={span.word_space:.3f}" if span.word_space else "")


def dump(document: Document) -> str:
    """A stable text picture of the layout, for golden tests.

    Per page, per line (running header and footer last): the baseline ``y``
    and, for each span of one face, the font, size and ``x``, in PDF points
    from the page's bottom-left corner, rounded to 0.1 pt; the spacing a justified
    span is drawn with (``Tc``, ``Tw``, to 0.001 pt); where the structure element
    changes, the new one (see :func:`~briefout.writers.pdf.structure.describe`).
    """
    out: list[str] = []
    for page in document.pages:
        out.append(f"== page {page.number}")
        last: list[Tag | None] = [None]
        for placed in page.lines:
            out.append(
                _line_dump(placed.top - placed.line.baseline, document.left, placed.line, last)
            )
        for top, line in document.furniture.get(page.number, []):
            out.append(_line_dump(top - line.baseline, document.left, line, last))
    return "\n".join(out) + "\n"


@dataclass
class Document:
    """Everything the drawing step needs."""

    pages: list[Page]
    furniture: dict[int, list[tuple[float, LaidLine]]]
    typesetter: Typesetter
    options: PdfOptions
    left: float


def layout_document(issue: Issue, style: Style, options: PdfOptions, notify: Notify) -> Document:
    """Lay out the whole issue: blocks, pages, running header and footer."""
    book = FontBook(use_cache=options.font_cache)
    ts = Typesetter(style, options, book, notify)
    blocks = build_blocks(issue, style, ts)
    pages = paginate(blocks, style, options)
    page = style.page
    fields = {
        "title": issue.title,
        "subtitle": issue.subtitle or "",
        "period": style.format_period(issue.period.start, issue.period.end),
        "issuer": issue.issuer,
    }
    furniture: dict[int, list[tuple[float, LaidLine]]] = {}
    for p in pages:
        placed: list[tuple[float, LaidLine]] = []
        if page.header:
            text = page.header.format(page=p.number, pages=len(pages), **fields)
            top = (page.height_mm - page.header_distance_mm) * MM
            for line in ts.paragraph("header", [Seg(text)], "page.header", tag=HEADER).lines:
                placed.append((top, line))
                top -= line.height
        if page.footer:
            text = page.footer.format(page=p.number, pages=len(pages), **fields)
            lines = ts.paragraph("footer", [Seg(text)], "page.footer", tag=FOOTER).lines
            top = page.footer_distance_mm * MM + sum(line.height for line in lines)
            for line in lines:
                placed.append((top, line))
                top -= line.height
        furniture[p.number] = placed
    return Document(pages, furniture, ts, options, page.margin_left_mm * MM)
