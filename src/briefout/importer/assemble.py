"""Stage three of the import: classified paragraphs -> a draft issue.

The title block is what comes before the first section; each item takes its
English headline from its own paragraph or the next one; body paragraphs,
bullets and labelled parts follow until the next item; the citation at the end
of each part becomes its source.  A paragraph that fits nowhere is recorded as
unplaced; a missing required piece is a problem naming its source position.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from briefout.body import BulletList, Paragraph
from briefout.errors import Problem
from briefout.importer import patterns
from briefout.importer.classify import Line, classify, prepare
from briefout.importer.draft import (
    Draft,
    DraftCitation,
    DraftItem,
    DraftPart,
    DraftSection,
    Unplaced,
)
from briefout.importer.runs import Runs, cut, join, plain, strip, text_of
from briefout.readers.scripts import cjk_share
from briefout.readers.source import SourceDocument
from briefout.safety import WEB_SCHEMES, link_problem

OutletMap = Callable[[str], str]


class Assembler:
    """Walks the classified lines once, building the draft."""

    def __init__(self, document: SourceDocument, outlets: OutletMap | None = None) -> None:
        self.document = document
        self.outlets = outlets
        self.draft = Draft(notes=list(document.notes))
        self.problems: list[Problem] = []
        self.lines: list[Line] = []
        self.item: DraftItem | None = None
        self.ended = False

    def text(self, runs: Runs) -> str:
        """A headline, title or label: exact from briefout's DOCX, else line breaks as spaces."""
        text = text_of(runs).strip()
        return text if self.document.briefout_layout else " ".join(text.split("\n")).strip()

    def where(self, line: Line) -> str:
        """``paragraph 12`` for reports."""
        return self.document.where(line.para.position)

    def problem(self, line: Line | None, message: str) -> None:
        """Record a problem that stops this source from being imported."""
        position = line.para.position if line is not None else 1
        where = f"{self.where(line)}: " if line is not None else ""
        self.problems.append(Problem(self.document.name, position, 1, "", where + message))

    def unplace(self, line: Line, reason: str) -> None:
        """Record a paragraph that goes nowhere in the issue."""
        self.draft.unplaced.append(
            Unplaced(self.where(line), line.para.source.first_words(), reason)
        )

    def run(self) -> Draft:
        """Classify, place every paragraph, then finish parts and the title block."""
        layout = self.document.briefout_layout
        self.lines = [classify(para, layout) for para in prepare(self.document)]
        first = next((i for i, line in enumerate(self.lines) if line.role == "section"), None)
        if first is None:
            self.problem(None, _NO_SECTION)
            return self.draft
        index = first
        while index < len(self.lines):
            index = self.place(index)
        for section in self.draft.sections:
            for item in section.items:
                self.finish_item(item)
        TitleBlock(self).read(self.lines[:first])
        if not self.draft.items() and not self.problems:
            self.problem(None, _NO_ITEM)
        return self.draft

    def place(self, index: int) -> int:
        """Place the line at ``index``; return the index of the next unplaced line."""
        line = self.lines[index]
        if self.ended:
            self.unplace(line, "after END")
        elif line.role == "end":
            self.ended = True
        elif line.role == "section":
            self.start_section(line)
        elif line.role in ("item", "bold_ja") and self.starts_item(index):
            return self.start_item(index)
        elif line.role == "bold_ja" and self.item is None:
            self.start_section(line, "a bold Japanese line before any item read as a section")
        elif self.item is None:
            self.unplace(line, "text between a section heading and its first item")
        else:
            self.add_to_item(line)
        return index + 1

    def start_section(self, line: Line, note: str = "") -> None:
        """A new section; its items follow."""
        notes = [n for n in (line.note, note) if n]
        section = DraftSection(self.text(line.runs), position=self.where(line), notes=notes)
        self.draft.sections.append(section)
        self.item = None

    def starts_item(self, index: int) -> bool:
        """A typed item always starts one; a bold Japanese line only before an English one."""
        line = self.lines[index]
        return line.role == "item" or self.english_at(index + 1) is not None

    def english_at(self, index: int) -> Line | None:
        """The line at ``index`` if it can be an English headline."""
        if index >= len(self.lines):
            return None
        line = self.lines[index]
        if line.role == "en":
            return line
        if line.role != "body" or cjk_share(line.para.text) >= 0.5:
            return None
        if patterns.find_citation(line.para.text):
            return None
        return line if len(plain(line.runs)) <= 300 else None

    def start_item(self, index: int) -> int:
        """A new item: headlines from this line (and the next), then its main part."""
        line = self.lines[index]
        notes = [*line.para.notes, *([line.note] if line.note else [])]
        if line.role == "bold_ja":
            notes.append("a bold Japanese paragraph without a mark read as a headline")
        english = line.en
        following = index + 1
        if english is None:
            found = self.english_at(following)
            if found is None:
                self.problem(line, _NO_ENGLISH.format(ja=line.para.source.first_words(30)))
                return following
            english, following = found.runs, following + 1
            notes.extend(found.para.notes)
        english, following = self.headline_continues(english, following, notes)
        item = DraftItem(self.text(line.runs), self.text(english), [], self.where(line), notes)
        item.parts.append(DraftPart(None, position=self.where(line)))
        self.draft.sections[-1].items.append(item)
        self.item = item
        return following

    def headline_continues(self, english: Runs, index: int, notes: list[str]) -> tuple[Runs, int]:
        """Join a short unpunctuated line after an unfinished English headline (generic only)."""
        if self.document.briefout_layout or patterns.ends_sentence(text_of(english)):
            return english, index
        nxt = self.english_at(index)
        after = self.lines[index + 1] if index + 1 < len(self.lines) else None
        if nxt is None or nxt.role != "body" or after is None or after.role != "body":
            return english, index
        text = plain(nxt.runs)
        if len(text.split()) > 12 or patterns.ends_sentence(text):
            return english, index
        notes.append(f"English headline continued on {self.where(nxt)} (a line without full stop)")
        return join(english, nxt.runs), index + 1

    def add_to_item(self, line: Line) -> None:
        """Body paragraphs, bullets, labels and citations of the current item."""
        assert self.item is not None
        part = self.item.parts[-1]
        part.notes.extend(line.para.notes)
        if line.note:
            part.notes.append(line.note)
        if line.role == "label" and part.blocks:
            label = DraftPart(self.text(line.runs), position=self.where(line))
            self.item.parts.append(label)
        elif line.role == "citation":
            self.cite(part, line.runs, line, exact=True)
        elif line.role == "bullet":
            entry = line.runs
            if part.blocks and isinstance(part.blocks[-1], BulletList):
                part.blocks[-1] = BulletList(items=(*part.blocks[-1].items, entry))
            else:
                part.blocks.append(BulletList(items=(entry,)))
        elif line.role in ("item", "en", "title", "subtitle", "period", "issuer"):
            self.unplace(line, f"a {line.role} line inside an item")
        else:
            part.blocks.append(Paragraph(runs=line.runs))
        start = line.para.source.citation_start
        if self.document.briefout_layout and start is not None and line.role in ("body", "bullet"):
            raw = line.para.source.text
            self.cite_last_block(part, start - (len(raw) - len(raw.lstrip())))

    def cite(self, part: DraftPart, runs: Runs, line: Line | None, *, exact: bool) -> None:
        """Set the part's source from the runs of a citation."""
        found = patterns.find_citation(text_of(runs), whole=exact)
        if found is None or found.date is None:
            if line is not None:
                self.unplace(line, "a citation paragraph that could not be read")
            return
        part.source = self.citation(found, runs)

    def citation(self, found: patterns.FoundCitation, runs: Runs) -> DraftCitation:
        """A draft citation, the outlet mapped, the URL kept when the whole citation links."""
        cited = cut(runs, found.start)[1]
        links = {run.href for run in cited if run.text.strip()}
        url = next(iter(links)) if len(links) == 1 else None
        outlet = self.outlets(found.outlet) if self.outlets else found.outlet
        assert found.date is not None
        if url is not None and link_problem(url, WEB_SCHEMES) is not None:
            url = None
        return DraftCitation(outlet, found.date, url)

    def finish_item(self, item: DraftItem) -> None:
        """Take the citation off the end of each part; report parts without a body."""
        for part in item.parts:
            if part.source is None and not self.document.briefout_layout:
                self.cite_last_block(part)
            if not part.blocks:
                what = f"the part '{part.label}'" if part.label else f"the item '{item.ja}'"
                self.problems.append(
                    Problem(self.document.name, _number(part.position), 1, "",
                            f"{part.position}: {what} has no body text; add its paragraphs")
                )  # fmt: skip

    def cite_last_block(self, part: DraftPart, start: int | None = None) -> None:
        """The citation ending the last paragraph or bullet of a part becomes its source
        (from character ``start`` when the source marks where it begins)."""
        if not part.blocks:
            return
        block = part.blocks[-1]
        runs = block.items[-1] if isinstance(block, BulletList) else block.runs
        text = text_of(runs)
        found = patterns.find_citation(text[start or 0 :], whole=start is not None)
        if found is None:
            return
        if found.date is None:
            part.notes.append(f"'{found.written}' looks like a citation but its date is impossible")
            return
        if start is not None:
            found = replace(found, start=start + found.start)
        part.source = self.citation(found, runs)
        head = strip(cut(runs, found.start)[0])
        if isinstance(block, BulletList):
            entries = block.items[:-1] + ((head,) if head else ())
            part.blocks[-1:] = [BulletList(items=entries)] if entries else []
        else:
            part.blocks[-1:] = [Paragraph(runs=head)] if head else []


def _number(where: str) -> int:
    digits = where.rsplit(" ", 1)[-1]
    return int(digits) if digits.isdigit() else 1


_NO_SECTION = (
    "no section heading found (such as '1. 軍事・治安関係', a Heading 1 paragraph or an "
    "auto-numbered heading); a briefing needs at least one section before its items"
)
_NO_ITEM = (
    "no item found: an item starts with a marked Japanese headline ('● ...') followed by "
    "its English headline"
)
_NO_ENGLISH = (
    "the item '{ja}' has no English headline; put it in the paragraph after the Japanese one"
)


class TitleBlock:
    """Title, subtitle, period and issuer from the paragraphs before the first section."""

    def __init__(self, assembler: Assembler) -> None:
        self.assembler = assembler
        self.draft = assembler.draft

    def read(self, lines: list[Line]) -> None:
        """Fill the draft's title block; what is left over is unplaced."""
        if self.assembler.document.briefout_layout and all(
            line.role in ("title", "subtitle", "period", "issuer") for line in lines
        ):
            rest = self.by_role(lines)
        else:
            rest = self.by_position(lines)
        for line in rest:
            self.assembler.unplace(line, "in the title block but not title, period or issuer")
        self.check(lines)

    def by_role(self, lines: list[Line]) -> list[Line]:
        """briefout's DOCX: each paragraph's style says what it is."""
        for line in lines:
            text = self.assembler.text(line.runs)
            if line.role == "title":
                self.draft.title = text
            elif line.role == "subtitle":
                self.draft.subtitle = text
            elif line.role == "issuer":
                self.draft.issuer = text
            else:
                self.draft.period = patterns.parse_period(text)
        return []

    def by_position(self, lines: list[Line]) -> list[Line]:
        """Title first, the period by its dates, the issuer after it (or last)."""
        periods = [patterns.parse_period(line.para.text) for line in lines]
        ranges = [i for i, found in enumerate(periods) if found and found[0] != found[1]]
        singles = [i for i, found in enumerate(periods) if found]
        at: int | None = (ranges or singles)[0] if ranges or singles else None
        before = lines if at is None else lines[:at]
        after = [] if at is None else lines[at + 1 :]
        if at is not None:
            self.draft.period = periods[at]
        rest = list(before[1:] + after)
        if before:
            self.draft.title = self.assembler.text(before[0].runs)
        if after:
            self.draft.issuer = self.assembler.text(after[0].runs)
            rest.remove(after[0])
        elif len(before) >= 2:
            self.draft.issuer = self.assembler.text(before[-1].runs)
            rest.remove(before[-1])
            self.draft.notes.append("issuer taken from the last line of the title block")
        if len(before) >= 2 and rest and rest[0] is before[1]:
            self.draft.subtitle = self.assembler.text(rest.pop(0).runs)
        return rest

    def check(self, lines: list[Line]) -> None:
        """Fall back to the citations' dates for the period; report what is missing."""
        if self.draft.period is None:
            dates = sorted(citation.date for citation in self.draft.citations())
            if dates:
                self.draft.period = (dates[0], dates[-1])
                self.draft.notes.append(
                    "no period line found: the period spans the citations' dates"
                )
        missing = [
            name
            for name, value in (
                ("title", self.draft.title),
                ("issuer", self.draft.issuer),
                ("period", self.draft.period),
            )
            if not value
        ]
        if missing:
            self.assembler.problem(
                lines[0] if lines else None,
                f"the title block (before the first section) has no {', '.join(missing)}; "
                "a briefing starts with its title, the period (2025年12月27日～2026年1月9日) "
                "and the issuer",
            )
