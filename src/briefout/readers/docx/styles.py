"""Word's formatting chains, resolved: styles (basedOn), document defaults, numbering.

Run properties resolve run -> character style chain -> paragraph style chain ->
document defaults; paragraph properties resolve paragraph -> style chain.  A
toggle written ``w:val="0"``/``"false"`` is off (Word's own files and
python-docx write it).  Numbering resolves numId/ilvl from the paragraph or its
style, through ``w:num`` (with level overrides) and ``w:abstractNum`` (or its
``numStyleLink``) to a level's format, text and counter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefout.readers.scripts import nfkc

if TYPE_CHECKING:
    from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_HEADING_NAME = re.compile(
    r"^(?:heading|見出し|überschrift|titre|título|titolo|kop|заголовок|nagłówek|rubrik|"
    r"otsikko|overskrift|標題|标题|제목)\s*([1-9])$"
)


def w(tag: str) -> str:
    """Clark name of a WordprocessingML element or attribute."""
    return f"{{{W}}}{tag}"


def toggle(element: etree._Element | None) -> bool | None:
    """A toggle property's value: None when absent; ``val`` 0/false/off is False."""
    if element is None:
        return None
    return element.get(w("val"), "true").lower() not in ("0", "false", "off", "none")


def heading_level_of(name: str) -> int | None:
    """1 for 'heading 1', 'Heading 1', '見出し 1', 'Überschrift 1'..., else None."""
    match = _HEADING_NAME.match(nfkc(name).strip().lower())
    return int(match.group(1)) if match else None


@dataclass
class StyleInfo:
    """What the reader needs of one style."""

    name: str
    based_on: str | None
    ppr: etree._Element | None
    rpr: etree._Element | None


@dataclass
class Styles:
    """The styles part, resolved on demand."""

    by_id: dict[str, StyleInfo] = field(default_factory=dict)
    default_paragraph: str | None = None
    default_rpr: etree._Element | None = None

    @classmethod
    def parse(cls, root: etree._Element | None) -> Styles:
        """Read ``word/styles.xml`` (or nothing)."""
        styles = cls()
        if root is None:
            return styles
        defaults = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
        styles.default_rpr = defaults
        for style in root.iter(w("style")):
            sid = style.get(w("styleId"), "")
            name_el = style.find(w("name"))
            based = style.find(w("basedOn"))
            name = name_el.get(w("val"), sid) if name_el is not None else sid
            styles.by_id[sid] = StyleInfo(
                name,
                based.get(w("val")) if based is not None else None,
                style.find(w("pPr")),
                style.find(w("rPr")),
            )
            if style.get(w("type")) == "paragraph" and style.get(w("default")) in ("1", "true"):
                styles.default_paragraph = sid
        return styles

    def chain(self, sid: str | None) -> list[StyleInfo]:
        """The style and its bases, nearest first (loops cut)."""
        found: list[StyleInfo] = []
        seen: set[str] = set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            found.append(self.by_id[sid])
            sid = self.by_id[sid].based_on
        return found

    def name(self, sid: str | None) -> str:
        """The style's name (its id if unnamed, '' if none)."""
        info = self.by_id.get(sid or "")
        return info.name if info else (sid or "")

    def paragraph_property(
        self, ppr: etree._Element | None, sid: str | None, tag: str
    ) -> etree._Element | None:
        """A pPr child from the paragraph, else the nearest style that sets it."""
        if ppr is not None and (found := ppr.find(w(tag))) is not None:
            return found
        for info in self.chain(sid):
            if info.ppr is not None and (found := info.ppr.find(w(tag))) is not None:
                return found
        return None

    def run_toggle(
        self, rpr: etree._Element | None, rstyle: str | None, pstyle: str | None, tag: str
    ) -> bool:
        """Bold/italic/hidden of a run: run, character style, paragraph style, defaults."""
        candidates = (
            [rpr] + [i.rpr for i in self.chain(rstyle)] + [i.rpr for i in self.chain(pstyle)]
        )
        for props in [*candidates, self.default_rpr]:
            if props is not None:
                value = toggle(props.find(w(tag)))
                if value is not None:
                    return value
        return False
