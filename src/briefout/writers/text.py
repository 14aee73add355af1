"""Plain text laid out like the original briefing (also the e-mail's text/plain part)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from briefout.model import BulletList, Runs, item_parts

if TYPE_CHECKING:
    from briefout.model import Block, Citation, Issue
    from briefout.style import Style
    from briefout.writers import RenderContext


def _runs_text(runs: Runs) -> str:
    out = []
    for run in runs:
        out.append(f"{run.text} <{run.href}>" if run.href and run.href != run.text else run.text)
    return "".join(out)


class TextWriter:
    """UTF-8 plain text: title block, numbered sections, headlines, bodies, citations, END."""

    name: ClassVar[str] = "text"
    suffix: ClassVar[str] = ".txt"
    description: ClassVar[str] = "plain text (UTF-8), laid out like the original briefing"
    requires: ClassVar[tuple[str, ...]] = ()

    def render(self, issue: Issue, style: Style, context: RenderContext) -> bytes:
        """Render the whole issue as text with LF line ends."""
        strings = style.strings
        blocks: list[str] = [issue.title]
        if issue.subtitle:
            blocks.append(issue.subtitle)
        blocks.append(style.format_period(issue.period.start, issue.period.end))
        blocks.append(issue.issuer)
        for number, section in enumerate(issue.sections, start=1):
            blocks.append(style.format_section(number, section.title))
            for item in section.items:
                blocks.append(f"{strings.headline_mark} {item.ja}\n{item.en}")
                for label, body, citation in item_parts(item):
                    if label:
                        blocks.append(label)
                    blocks.extend(self._body(body, citation, style))
        if strings.end:
            blocks.append(strings.end)
        return ("\n\n".join(blocks) + "\n").encode("utf-8")

    @staticmethod
    def _body(body: tuple[Block, ...], citation: Citation | None, style: Style) -> list[str]:
        texts = []
        for block in body:
            if isinstance(block, BulletList):
                texts.append(
                    "\n".join(
                        f"{style.strings.bullet} {_runs_text(entry)}" for entry in block.items
                    )
                )
            else:
                texts.append(_runs_text(block.runs))
        if citation is not None:
            cited = style.format_citation(citation.outlet, citation.date, citation.url)
            if style.strings.citation_placement == "inline" and texts:
                texts[-1] += " " + cited
            else:
                texts.append(cited)
        return texts
