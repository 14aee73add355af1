"""Plain text laid out like the original briefing (also the e-mail's text/plain part)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from briefout.walk import walk

if TYPE_CHECKING:
    from briefout.model import Issue, Runs
    from briefout.style import Style
    from briefout.walk import Node
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
        """Render the whole issue as text with LF line ends.

        Blocks are separated by a blank line; a headline's English line and the bullets
        of one list follow the line before them directly.
        """
        blocks: list[str] = []
        previous: Node | None = None
        for node in walk(issue):
            _add(blocks, node, previous, issue, style)
            if node.kind not in ("link", "url"):
                previous = node
        if style.strings.end:
            blocks.append(style.strings.end)
        return ("\n\n".join(blocks) + "\n").encode("utf-8")


def _add(blocks: list[str], node: Node, previous: Node | None, issue: Issue, style: Style) -> None:
    """Add ``node``'s text to ``blocks``: as a new block or joined to the last one."""
    strings = style.strings
    kind = node.kind
    if kind in ("title", "subtitle", "issuer", "label"):
        blocks.append(node.text)
    elif kind == "period":
        blocks.append(style.format_period(issue.period.start, issue.period.end))
    elif kind == "section_title":
        blocks.append(style.format_section((node.section or 0) + 1, node.text))
    elif kind == "headline_ja":
        blocks.append(f"{strings.headline_mark} {node.text}")
    elif kind == "headline_en":
        blocks[-1] += "\n" + node.text
    elif kind == "paragraph":
        blocks.append(_runs_text(node.runs))
    elif kind == "bullet":
        line = f"{strings.bullet} {_runs_text(node.runs)}"
        if previous is not None and previous.kind == "bullet" and previous.block == node.block:
            blocks[-1] += "\n" + line
        else:
            blocks.append(line)
    elif kind == "outlet" and node.citation is not None:
        cited = style.format_citation(node.citation.outlet, node.citation.date, node.citation.url)
        after_body = previous is not None and previous.kind in ("paragraph", "bullet")
        if strings.citation_placement == "inline" and after_body:
            blocks[-1] += " " + cited
        else:
            blocks.append(cited)
