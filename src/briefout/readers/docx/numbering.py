"""Word numbering (numbering.xml): which list a paragraph is in, bullet or number, its label."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefout.readers.docx.styles import Styles, w

if TYPE_CHECKING:
    from lxml import etree

_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass(frozen=True)
class Level:
    """One level of a list definition."""

    fmt: str
    text: str
    start: int
    style: str | None


def _roman(number: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def format_number(number: int, fmt: str) -> str:
    """A counter in one of Word's number formats (unknown formats as decimal)."""
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(number)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt in ("upperLetter", "lowerLetter") and number > 0:
        letter = chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(number))
    if fmt == "decimalEnclosedCircle" and 0 < number <= len(_CIRCLED):
        return _CIRCLED[number - 1]
    if fmt == "decimalZero":
        return f"{number:02d}"
    return str(number)


def _level(element: etree._Element) -> Level:
    def val(tag: str, default: str) -> str:
        found = element.find(w(tag))
        return found.get(w("val"), default) if found is not None else default

    start = val("start", "1")
    return Level(
        val("numFmt", "decimal"),
        val("lvlText", ""),
        int(start) if start.lstrip("-").isdigit() else 1,
        val("pStyle", "") or None,
    )


@dataclass
class Numbering:
    """List definitions and the running counters of each list."""

    abstracts: dict[str, dict[int, Level]] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # abstract -> numStyleLink style
    nums: dict[str, tuple[str, dict[int, Level], dict[int, int]]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def parse(cls, root: etree._Element | None) -> Numbering:
        """Read ``word/numbering.xml`` (or nothing)."""
        numbering = cls()
        if root is None:
            return numbering
        for abstract in root.iter(w("abstractNum")):
            aid = abstract.get(w("abstractNumId"), "")
            levels = {int(lvl.get(w("ilvl"), "0")): _level(lvl) for lvl in abstract.iter(w("lvl"))}
            numbering.abstracts[aid] = levels
            link = abstract.find(w("numStyleLink"))
            if link is not None:
                numbering.links[aid] = link.get(w("val"), "")
        for num in root.iter(w("num")):
            abstract_id = num.find(w("abstractNumId"))
            overrides: dict[int, Level] = {}
            starts: dict[int, int] = {}
            for override in num.iter(w("lvlOverride")):
                ilvl = int(override.get(w("ilvl"), "0"))
                lvl = override.find(w("lvl"))
                if lvl is not None:
                    overrides[ilvl] = _level(lvl)
                start = override.find(w("startOverride"))
                if start is not None:
                    starts[ilvl] = int(start.get(w("val"), "1"))
            aid = abstract_id.get(w("val"), "") if abstract_id is not None else ""
            numbering.nums[num.get(w("numId"), "")] = (aid, overrides, starts)
        return numbering

    def levels(self, num_id: str, styles: Styles, depth: int = 0) -> dict[int, Level]:
        """The levels of list ``num_id`` (following a numStyleLink to its style's list)."""
        if num_id not in self.nums or depth > 3:
            return {}
        aid, overrides, _ = self.nums[num_id]
        levels = dict(self.abstracts.get(aid, {}))
        if not levels and aid in self.links:
            linked = styles.paragraph_property(None, self.links[aid], "numPr")
            inner = linked.find(w("numId")) if linked is not None else None
            if inner is not None:
                levels = self.levels(inner.get(w("val"), ""), styles, depth + 1)
        levels.update(overrides)
        return levels

    def label(self, num_id: str, ilvl: int, levels: dict[int, Level]) -> str:
        """Advance the list's counter at ``ilvl`` and return the label Word shows."""
        _, _, starts = self.nums.get(num_id, ("", {}, {}))
        counters = self.counters.setdefault(num_id, {})
        level = levels[ilvl]
        first = starts.get(ilvl, level.start)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else first
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = level.text
        for k in range(9):
            if f"%{k + 1}" in text:
                at = levels.get(k)
                value = counters.get(k, starts.get(k, at.start if at else 1))
                text = text.replace(f"%{k + 1}", format_number(value, at.fmt if at else "decimal"))
        return text
