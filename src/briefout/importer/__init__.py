"""``briefout import``: a Word file or a text draft -> canonical issue YAML.

Four stages, each testable alone: a reader (:mod:`briefout.readers`) flattens the
source into paragraphs; :mod:`.classify` joins broken sentences and gives each
paragraph a role; :mod:`.assemble` builds a draft issue and records every
paragraph it could not place; :mod:`.emit` writes the YAML, which is then
validated exactly as ``briefout check`` would.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefout.errors import Problem, UserError
from briefout.importer.draft import Draft
from briefout.model import Issue
from briefout.readers.source import SourceDocument


@dataclass(frozen=True)
class ImportResult:
    """The YAML of one imported source, the validated issue and the draft it came from."""

    source: str
    yaml: str
    issue: Issue
    draft: Draft

    def summary(self) -> str:
        """One line: what was found, what was guessed, what was not placed."""
        draft = self.draft
        return (
            f"{len(draft.sections)} sections, {len(draft.items())} items, "
            f"{len(draft.citations())} citations; {draft.guesses()} guesses noted, "
            f"{len(draft.unplaced)} paragraphs not placed"
        )

    def unplaced_lines(self) -> list[str]:
        """One report line per source paragraph that is not in the YAML."""
        return [
            f"{self.source}: {item.where}: not placed ({item.reason}): {item.words}"
            for item in self.draft.unplaced
        ]


def import_document(
    document: SourceDocument, outlets: Callable[[str], str] | None = None
) -> ImportResult:
    """Classify and assemble a read document; raise UserError naming what is missing."""
    from briefout.importer.assemble import Assembler
    from briefout.importer.emit import to_yaml
    from briefout.loader import load_issue_bytes
    from briefout.resources import schema_file

    if not any(p.text.strip() for p in document.paragraphs):
        raise UserError(f"{document.name}: the document is empty (it holds no text)")
    assembler = Assembler(document, outlets)
    draft = assembler.run()
    if assembler.problems:
        raise UserError(f"{document.name}: cannot be imported", assembler.problems)
    header = [
        f"# yaml-language-server: $schema={schema_file().as_uri()}",
        f"# Imported from {Path(document.name).name} by briefout import; "
        "review the '# import:' notes.",
    ]
    text = to_yaml(draft, header)
    try:
        issue = load_issue_bytes(text.encode("utf-8"), f"{document.name} (imported)")
    except UserError as exc:
        problems = [
            Problem(document.name, 1, 1, p.path, f"the imported issue is not valid: {p.message}")
            for p in exc.problems
        ]
        raise UserError(f"{document.name}: cannot be imported", problems) from None
    return ImportResult(document.name, text, issue, draft)


def import_file(
    path: Path, reader: str | None = None, outlets: Callable[[str], str] | None = None
) -> ImportResult:
    """Read ``path`` with the reader named (or the one for its suffix) and import it."""
    from briefout.readers import reader_for

    if path.is_dir():
        raise UserError(f"{path}: is a folder, not a file; name the Word files or drafts in it")
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    return import_document(reader_for(path, reader).read(path), outlets)
