"""Stage two of the import: what each source paragraph is.

Paragraphs are first trimmed and emptied ones dropped; sentences and citations
broken across paragraphs are joined again (not in briefout's own DOCX, whose
paragraphs are exact); then each paragraph gets one role from ordered rules:
the style of briefout's own layout, a heading style or outline level, Word
numbering, typed marks and numbers, and bold Japanese text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from briefout.body import Run
from briefout.importer import patterns
from briefout.importer.runs import Runs, cut, join, plain, strip, strong_share, text_of
from briefout.readers.scripts import cjk_share, is_cjk, nfkc
from briefout.readers.source import SourceDocument, SourceParagraph, merge_runs

Role = Literal[
    "title", "subtitle", "period", "issuer", "section", "item", "en", "body", "bullet",
    "label", "citation", "end", "bold_ja",
]  # fmt: skip

#: Paragraph styles of briefout's DOCX writer (lower case) and what they hold.
BRIEFOUT_STYLES: dict[str, Role] = {
    "title": "title",
    "subtitle": "subtitle",
    "period": "period",
    "issuer": "issuer",
    "heading 1": "section",
    "heading 2": "item",
    "english headline": "en",
    "body text": "body",
    "list bullet": "bullet",
    "part label": "label",
    "citation": "citation",
    "end mark": "end",
}
MAX_HEADING_CHARS = 40
_BRIEFOUT_NUMBER = re.compile(r"^[0-9]+\. ")


@dataclass
class Para:
    """A source paragraph while it is being joined and classified."""

    source: SourceParagraph
    runs: Runs
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The paragraph's text."""
        return text_of(self.runs)

    @property
    def position(self) -> int:
        """Its position in the source."""
        return self.source.position


@dataclass
class Line:
    """A classified paragraph: its role and its content without marks or numbers."""

    role: Role
    para: Para
    runs: Runs
    en: Runs | None = None
    note: str = ""


def prepare(document: SourceDocument) -> list[Para]:
    """Trimmed paragraphs with text, joined again where extraction broke them."""
    paras = [_checked_links(Para(p, strip(p.runs)), document) for p in document.paragraphs]
    paras = [para for para in paras if para.text.strip()]
    if document.briefout_layout:
        return paras
    joined: list[Para] = []
    for para in paras:
        if joined and _continues(joined[-1], para):
            previous = joined.pop()
            note = (
                f"{document.where(previous.position)} and {document.where(para.position)} "
                "joined: a sentence was broken across them"
            )
            runs = join(previous.runs, para.runs)
            joined.append(Para(previous.source, runs, [*previous.notes, *para.notes, note]))
        else:
            joined.append(para)
    return joined


def _checked_links(para: Para, document: SourceDocument) -> Para:
    """Links an issue may not hold (file:, javascript:, a bookmark) become plain text."""
    from briefout.safety import link_problem

    runs = []
    for run in para.runs:
        if run.href is not None and link_problem(run.href) is not None:
            para.notes.append(
                f"{document.where(para.position)}: the link to '{run.href[:60]}' is not a web "
                "or mail address: its text is kept without the link"
            )
            run = run.model_copy(update={"href": None})
        runs.append(run)
    para.runs = merge_runs(runs)
    return para


def _continues(first: Para, second: Para) -> bool:
    """Does ``second`` continue a sentence (or a citation) that ``first`` left open?"""
    if patterns.opens_citation(first.text) and patterns.closes_citation(second.text):
        return True
    if first.source.heading_level is not None or second.source.heading_level is not None:
        return False
    if second.source.list_kind is not None or _marked(second.text):
        return False
    if patterns.ends_sentence(first.text) or patterns.find_citation(first.text):
        return False
    last = next((c for c in reversed(first.text) if c.isalnum()), "")
    start = nfkc(second.text.lstrip())[:1]
    return bool(last) and not is_cjk(last) and start.isalpha() and start.islower()


def _marked(text: str) -> bool:
    return bool(
        patterns.item_mark_length(text)
        or patterns.bullet_mark_length(text)
        or patterns.section_number_length(text)
    )


def classify(para: Para, briefout_layout: bool) -> Line:
    """The role of one paragraph."""
    if briefout_layout:
        role = BRIEFOUT_STYLES.get(para.source.style.lower())
        if role is not None:
            return _briefout_line(role, para)
    return _generic_line(para)


def _briefout_line(role: Role, para: Para) -> Line:
    """Exact roles from briefout's own styles; only its marks and numbers are removed."""
    runs = para.runs
    if role == "item" and para.text[:1] in patterns.ITEM_MARKS:
        runs = strip(cut(runs, 1)[1])
    elif role == "section":
        number = _BRIEFOUT_NUMBER.match(para.text)
        runs = strip(cut(runs, number.end())[1]) if number else runs
    return Line(role, para, runs)


def _generic_line(para: Para) -> Line:
    """Roles from headings, numbering, typed marks and numbers, bold Japanese text."""
    text, source = para.text, para.source
    if patterns.is_end_mark(text):
        return Line("end", para, para.runs)
    if source.heading_level == 1:
        return _section(para, "")
    if source.heading_level is not None:
        return _item(para, patterns.item_mark_length(text), "")
    mark = patterns.item_mark_length(text)
    if mark:
        return _item(para, mark, "")
    numbered = source.list_kind == "number" and source.list_level == 0
    if numbered and _heading_like(text):
        return _section(para, f"auto-numbered paragraph ({source.list_label}) read as a section")
    number = patterns.section_number_length(text)
    if number and _heading_like(text[number:]) and _heading_weight(para):
        return _section(para, "")
    line = _marked_line(para)
    if line is not None:
        return line
    if patterns.is_label(text):
        return Line("label", para, para.runs)
    if strong_share(para.runs) >= 0.9 and cjk_share(text) > 0.5 and _heading_like(text, 120):
        return Line("bold_ja", para, para.runs)
    if source.list_kind == "number":
        label = Run(text=f"{source.list_label} ") if source.list_label else None
        runs = (label, *para.runs) if label else para.runs
        return Line("body", para, runs, note="a numbered list is written as numbered paragraphs")
    return Line("body", para, para.runs)


def _marked_line(para: Para) -> Line | None:
    """An item typed with ・ or as a bold bullet, or a bullet."""
    text, source = para.text, para.source
    nakaguro = patterns.nakaguro_length(text)
    if nakaguro and cjk_share(text) > 0.5 and _heading_like(text, 120):
        return _item(para, nakaguro, "")
    typed = patterns.bullet_mark_length(text)
    if source.list_kind != "bullet" and not typed:
        return None
    head = split_headline(strip(cut(para.runs, typed)[1]))[0]
    japanese = cjk_share(text_of(head)) > 0.5 and _heading_like(text, 200)
    if japanese and source.list_kind == "bullet" and source.list_label in patterns.ITEM_MARKS:
        return _item(
            para, typed, f"a Japanese paragraph in a {source.list_label} list read as an item"
        )
    if japanese and strong_share(head) >= 0.8:
        return _item(para, typed, "a bold Japanese bullet read as an item headline")
    return Line("bullet", para, strip(cut(para.runs, typed)[1]))


def _heading_like(text: str, limit: int = MAX_HEADING_CHARS) -> bool:
    stripped = text.strip()
    return (
        0 < len(stripped) <= limit
        and not patterns.ends_full_stop(stripped)
        and patterns.find_citation(stripped) is None
    )


def _heading_weight(para: Para) -> bool:
    return cjk_share(para.text) > 0.5 or strong_share(para.runs) >= 0.8


def _section(para: Para, note: str) -> Line:
    number = patterns.section_number_length(para.text)
    return Line("section", para, strip(cut(para.runs, number)[1]), note=note)


def _item(para: Para, mark: int, note: str) -> Line:
    ja, en, how = split_headline(strip(cut(para.runs, mark)[1]))
    return Line("item", para, ja, en=en, note="; ".join(n for n in (note, how) if n))


def split_headline(runs: Runs) -> tuple[Runs, Runs | None, str]:
    """Japanese and English headline from one paragraph: at a line break, else where the
    script changes from Japanese to Latin for good; (runs, None, "") when not both."""
    text = text_of(runs)
    if "\n" in text:
        head, tail = cut(runs, text.index("\n"))
        if plain(head) and plain(tail):
            return strip(head), strip(tail), ""
    last = max((i for i, char in enumerate(text) if is_cjk(char)), default=None)
    if last is None:
        return runs, None, ""
    rest = text[last + 1 :]
    if len(rest.split()) >= 2 and any(c.isalpha() for c in rest):
        start = last + 1 + (len(rest) - len(rest.lstrip()))
        head, tail = cut(runs, start)
        return strip(head), strip(tail), "headline split where Japanese turns to English"
    return runs, None, ""
