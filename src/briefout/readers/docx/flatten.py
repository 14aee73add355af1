"""Stage one of a DOCX import: ``w:body`` -> paragraphs of runs, in document order.

Descends into tables, content controls (``w:sdt``), smart tags, custom XML,
tracked insertions and moves (kept), hyperlinks and simple fields; skips
deletions, hidden text, field instructions and ruby readings (the ruby base is
kept).  Complex fields (``fldChar`` begin/separate/end) contribute their result;
a HYPERLINK field makes its result a link.  Each paragraph gets its style name,
heading level (style name or outline level), list membership and label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefout.body import Run
from briefout.readers.docx.numbering import Numbering
from briefout.readers.docx.styles import Styles, heading_level_of, w
from briefout.readers.source import ListKind, SourceParagraph, merge_runs

if TYPE_CHECKING:
    from collections.abc import Iterator

    from lxml import etree

R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_HYPERLINK = re.compile(r'HYPERLINK\s+(?:"([^"]*)"|(\S+))')
_CONTAINERS = {w(tag) for tag in ("ins", "moveTo", "smartTag", "customXml", "dir", "bdo")}
_SKIPPED = {w(tag) for tag in ("del", "moveFrom", "proofErr", "bookmarkStart", "bookmarkEnd")}
_SYMBOLS = {"F0B7": "•", "F0A7": "▪", "F0D8": "➢", "F076": "❖", "F0FC": "✓", "F0A8": "◦"}
#: Item marks as Insert › Symbol writes them from Wingdings (Symbol's F06C is λ, not ●).
_WINGDINGS_MARKS = {"F06C": "●", "F06E": "■", "F075": "◆", "F0A1": "○"}
CITATION_STYLE = "citation char"
_TEXT_BOX = w("txbxContent")
_OUTSIDE = {
    "txbxContent": "text box",
    "footnoteReference": "footnote",
    "endnoteReference": "endnote",
}


@dataclass
class _Field:
    instruction: str = ""
    in_result: bool = False
    href: str | None = None


@dataclass
class Flattener:
    """Walks one document body; ``paragraphs`` holds the result."""

    styles: Styles
    numbering: Numbering
    links: dict[str, str]
    paragraphs: list[SourceParagraph] = field(default_factory=list)
    position: int = 0
    fields: list[_Field] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    citation_start: int | None = None
    #: Content outside the body's paragraphs (text boxes, footnotes), counted for a note.
    outside: dict[str, int] = field(default_factory=dict)

    def blocks(self, parent: etree._Element) -> None:
        """Paragraphs of a body, cell or content control, in order."""
        for child in parent:
            tag = child.tag
            if tag == w("p"):
                self.paragraph(child)
            elif tag in (w("tbl"), w("tr"), w("tc"), w("customXml")):
                self.blocks(child)
            elif tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None:
                    self.blocks(content)

    def paragraph(self, element: etree._Element) -> None:
        """One ``w:p``: its runs and layout facts."""
        self.position += 1
        self.runs, self.citation_start = [], None
        ppr = element.find(w("pPr"))
        style_el = ppr.find(w("pStyle")) if ppr is not None else None
        sid = style_el.get(w("val")) if style_el is not None else self.styles.default_paragraph
        self.inline(element, sid, None)
        name = self.styles.name(sid)
        kind, level, label = self.list_facts(ppr, sid)
        align = self.styles.paragraph_property(ppr, sid, "jc")
        self.paragraphs.append(
            SourceParagraph(
                position=self.position,
                runs=merge_runs(self.runs),
                style=name,
                heading_level=self.heading_level(ppr, sid, name),
                list_kind=kind,
                list_level=level,
                list_label=label,
                align=align.get(w("val"), "") if align is not None else "",
                citation_start=self.citation_start,
            )
        )

    def heading_level(self, ppr: etree._Element | None, sid: str | None, name: str) -> int | None:
        """From the style name (any base's), else the outline level (0 = level 1)."""
        for info in [None, *self.styles.chain(sid)]:
            level = heading_level_of(info.name if info else name)
            if level:
                return level
        outline = self.styles.paragraph_property(ppr, sid, "outlineLvl")
        value = outline.get(w("val"), "9") if outline is not None else "9"
        return int(value) + 1 if value.isdigit() and int(value) < 9 else None

    def list_facts(
        self, ppr: etree._Element | None, sid: str | None
    ) -> tuple[ListKind | None, int, str]:
        """("bullet" | "number" | None, level, label) from numPr on the paragraph or its style."""
        direct = ppr.find(w("numPr")) if ppr is not None else None
        styled = self.styles.paragraph_property(None, sid, "numPr")
        num_id = _val(direct, "numId") or _val(styled, "numId") or "0"
        levels = self.numbering.levels(num_id, self.styles)
        written = _val(direct, "ilvl") or _val(styled, "ilvl")
        if written is not None and written.isdigit():
            ilvl = int(written)
        else:  # a style's list: the level that names the style, else the first
            ilvl = next((k for k, level in levels.items() if level.style == sid), 0)
        if num_id == "0" or ilvl not in levels or levels[ilvl].fmt == "none":
            return None, 0, ""
        if levels[ilvl].fmt == "bullet":
            return "bullet", ilvl, levels[ilvl].text
        return "number", ilvl, self.numbering.label(num_id, ilvl, levels)

    def inline(self, parent: etree._Element, sid: str | None, href: str | None) -> None:
        """The runs under ``parent`` (a paragraph or an inline container)."""
        for child in parent:
            tag = child.tag
            if tag == w("r"):
                self.run(child, sid, href)
            elif tag == w("hyperlink"):
                target = self.links.get(child.get(R_ID, ""))
                self.inline(child, sid, target or href)
            elif tag == w("fldSimple"):
                self.inline(child, sid, _field_link(child.get(w("instr"), "")) or href)
            elif tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None:
                    self.inline(content, sid, href)
            elif tag in _CONTAINERS:
                self.inline(child, sid, href)

    def run(self, run: etree._Element, sid: str | None, href: str | None) -> None:
        """One ``w:r``: its text pieces with its effective bold and italic."""
        for tag, what in _OUTSIDE.items():
            if run.find(f".//{w(tag)}") is not None:
                self.outside[what] = self.outside.get(what, 0) + 1
        rpr = run.find(w("rPr"))
        rstyle_el = rpr.find(w("rStyle")) if rpr is not None else None
        rstyle = rstyle_el.get(w("val")) if rstyle_el is not None else None
        if self.styles.run_toggle(rpr, rstyle, sid, "vanish"):
            return
        strong = self.styles.run_toggle(rpr, rstyle, sid, "b")
        emph = self.styles.run_toggle(rpr, rstyle, sid, "i")
        pieces = self.pieces(run)
        if not pieces:
            return
        if self.styles.name(rstyle).lower() == CITATION_STYLE and self.citation_start is None:
            self.citation_start = sum(len(r.text) for r in self.runs)
        link = next((f.href for f in reversed(self.fields) if f.href), None) or href
        self.runs.append(Run(text=pieces, strong=strong, emph=emph, href=link))

    def pieces(self, run: etree._Element) -> str:
        """The visible text of a run's children, following complex-field state."""
        out: list[str] = []
        for child in _outside_text_boxes(run):
            tag = child.tag
            if tag == w("fldChar"):
                self.field_char(child.get(w("fldCharType"), ""))
            elif tag == w("instrText") and self.fields and not self.fields[-1].in_result:
                self.fields[-1].instruction += child.text or ""
            elif any(not f.in_result for f in self.fields):
                continue
            elif tag == w("t") and not _inside_ruby_text(child, run):
                out.append(child.text or "")
            else:
                out.append(_special(child))
        return "".join(out)

    def field_char(self, kind: str) -> None:
        """Open, switch to the result of, or close a complex field."""
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate" and self.fields:
            current = self.fields[-1]
            current.in_result = True
            current.href = _field_link(current.instruction)
        elif kind == "end" and self.fields:
            self.fields.pop()


def _special(child: etree._Element) -> str:
    """Text of a run child that is not ``w:t``."""
    tag = child.tag
    if tag in (w("tab"), w("ptab")):
        return "\t"
    if tag in (w("br"), w("cr")):
        return " " if child.get(w("type")) in ("page", "column") else "\n"
    if tag == w("noBreakHyphen"):
        return "-"
    if tag == w("sym"):
        code = child.get(w("char"), "").upper()
        if child.get(w("font"), "").lower() == "wingdings" and code in _WINGDINGS_MARKS:
            return _WINGDINGS_MARKS[code]
        if code in _SYMBOLS:
            return _SYMBOLS[code]
        return chr(int(code, 16)) if re.fullmatch(r"[0-9A-F]{1,6}", code) else ""
    return ""


def _outside_text_boxes(element: etree._Element) -> Iterator[etree._Element]:
    """Descendants in document order, leaving out text boxes (drawn apart, noted as not read)."""
    for child in element:
        if child.tag != _TEXT_BOX:
            yield child
            yield from _outside_text_boxes(child)


def _val(parent: etree._Element | None, tag: str) -> str | None:
    """The ``w:val`` of a child of ``parent``, or None."""
    child = parent.find(w(tag)) if parent is not None else None
    return child.get(w("val")) if child is not None else None


def _inside_ruby_text(element: etree._Element, run: etree._Element) -> bool:
    """True for text in a ruby reading (``w:rt``); the base (``w:rubyBase``) is kept."""
    parent = element.getparent()
    while parent is not None and parent is not run:
        if parent.tag == w("rt"):
            return True
        parent = parent.getparent()
    return False


def _field_link(instruction: str) -> str | None:
    """The URL of a HYPERLINK field instruction (not a bookmark link)."""
    match = _HYPERLINK.search(instruction)
    if not match:
        return None
    target = match.group(1) or match.group(2) or ""
    return target if target.lower().startswith(("http://", "https://", "mailto:")) else None
