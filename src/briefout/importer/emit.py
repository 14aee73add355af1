"""Stage four of the import: the draft as canonical YAML, laid out like samples/reference.yaml.

Bodies are written in the issue's markup (``**bold**``, ``*italic*``,
``[text](url)``, ``- `` bullets) with every character that markup would read
escaped, and each paragraph is checked by parsing it back: a paragraph whose
emphasis cannot be written exactly keeps its text and loses the emphasis, with
a note.  Scalars are plain where YAML reads them back as the same text, else
double-quoted.
"""

from __future__ import annotations

import re

from briefout.body import Block, BulletList, Run
from briefout.importer.draft import Draft, DraftCitation, DraftItem, DraftPart
from briefout.yamlsource import _Loader

WIDTH = 100
_ESCAPE_INLINE = re.compile(r"([\\`*_\[\]<>])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LINE_START = re.compile(r"^(?:[#>+=|~-]|\d+[.)])")
_YAML_PRINTABLE = re.compile("[^\t\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# ---------------------------------------------------------------------- markup


def _escape(text: str) -> str:
    return _ENTITY.sub("\\\\&", _ESCAPE_INLINE.sub(r"\\\1", text)).replace("\n", "\\\n")


def _wrap_point_ok(word: str) -> bool:
    """May a line of markup start with ``word`` (no block syntax, no list)?"""
    return bool(word) and not _LINE_START.match(word)


def _autolink_ok(run: Run) -> bool:
    """``<url>`` reads back as the same text only for plain ASCII without % escapes."""
    return not (run.strong or run.emph) and run.text.isascii() and "%" not in run.text


def _link_target(url: str) -> str:
    return f"<{url}>" if any(c in url for c in "() ") else url


def _emphasised(runs: list[Run], with_emphasis: bool) -> str:
    """Runs sharing one link (or none), bold and italic nested as delimiters."""
    out = []
    for run in runs:
        text = _escape(run.text)
        if with_emphasis and text.strip():
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            core = text.strip()
            if run.emph:
                core = f"*{core}*"
            if run.strong:
                core = f"**{core}**"
            text = lead + core + trail
        out.append(text)
    return "".join(out)


def runs_markup(runs: tuple[Run, ...], with_emphasis: bool = True) -> str:
    """One paragraph's runs as inline markup (not yet wrapped)."""
    groups: list[tuple[str | None, list[Run]]] = []
    for run in runs:
        if groups and groups[-1][0] == run.href:
            groups[-1][1].append(run)
        else:
            groups.append((run.href, [run]))
    parts = []
    for href, members in groups:
        text = _emphasised(members, with_emphasis)
        if href and len(members) == 1 and members[0].text == href and _autolink_ok(members[0]):
            parts.append(f"<{href}>")  # an autolink: the address is its own text
        else:
            parts.append(f"[{text}]({_link_target(href)})" if href else text)
    return "\\\n".join(_guard(segment) for segment in "".join(parts).split("\\\n"))


def _same_runs(markup: str, runs: tuple[Run, ...], with_emphasis: bool) -> bool:
    from briefout.markup import inline_runs

    expected = [
        (run.text, run.strong and with_emphasis, run.emph and with_emphasis, run.href)
        for run in runs
    ]
    parsed = [(run.text, run.strong, run.emph, run.href) for run in inline_runs(markup)[0]]
    return _merged(parsed) == _merged(expected)


def _merged(
    runs: list[tuple[str, bool, bool, str | None]],
) -> list[tuple[str, bool, bool, str | None]]:
    """Runs compared by what prints: attributes of white space do not count."""
    out: list[tuple[str, bool, bool, str | None]] = []
    for text, strong, emph, href in runs:
        if not text.strip():
            strong = emph = False
            if out and out[-1][3] == href:
                out[-1] = (out[-1][0] + text, *out[-1][1:])
                continue
        if out and out[-1][1:] == (strong, emph, href):
            out[-1] = (out[-1][0] + text, strong, emph, href)
        else:
            out.append((text, strong, emph, href))
    return out


def paragraph_markup(runs: tuple[Run, ...], notes: list[str]) -> str:
    """Markup that reads back as ``runs``; emphasis dropped (with a note) if it cannot."""
    markup = runs_markup(runs)
    if _same_runs(markup, runs, True):
        return markup
    plain = runs_markup(runs, with_emphasis=False)
    if _same_runs(plain, runs, False):
        words = " ".join("".join(run.text for run in runs).split())[:40]
        notes.append(f"bold/italic of the paragraph '{words}…' could not be kept exactly: dropped")
        return plain
    raise ValueError(f"cannot write {runs!r} as markup")  # a bug: escaping is incomplete


def wrap(markup: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters, broken only at single spaces where the next
    word cannot start block markup; a hard line break (backslash) always ends a line."""
    lines: list[str] = []
    for hard in markup.split("\n"):
        words = re.split(r"(?<=\S) (?=\S)", hard)
        line = words[0]
        for word in words[1:]:
            if len(line) + 1 + len(word) > width and _wrap_point_ok(word) and line:
                lines.append(line)
                line = word
            else:
                line += " " + word
        lines.append(line)
    return lines


def _guard(segment: str) -> str:
    """Escape what would make a line of markup a heading, quote or list."""
    if not _LINE_START.match(segment):
        return segment
    if segment[0].isdigit():
        return re.sub(r"^(\d+)", r"\1\\", segment)
    return "\\" + segment


def body_markup(blocks: list[Block], notes: list[str], width: int) -> str:
    """A whole body: paragraphs and bullet lists separated by blank lines."""
    texts = []
    for block in blocks:
        if isinstance(block, BulletList):
            entries = []
            for entry in block.items:
                lines = wrap(paragraph_markup(entry, notes), width - 2)
                entries.append("\n".join(["- " + lines[0], *("  " + ln for ln in lines[1:])]))
            texts.append("\n".join(entries))
        else:
            texts.append("\n".join(wrap(paragraph_markup(block.runs, notes), width)))
    return "\n\n".join(texts)


# ------------------------------------------------------------------------ YAML


def scalar(text: str) -> str:
    """A YAML scalar that reads back as ``text``: plain when safe, else double-quoted."""
    if _plain_ok(text):
        return text
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\t":
            out.append("\\t")
        elif char == "\n":
            out.append("\\n")
        elif _YAML_PRINTABLE.match(char) or char in "\x85\u2028\u2029\ufeff":
            code = ord(char)
            out.append(
                f"\\x{code:02X}"
                if code < 0x100
                else f"\\u{code:04X}"
                if code < 0x10000
                else f"\\U{code:08X}"
            )
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _plain_ok(text: str) -> bool:
    if not text or text != text.strip() or _YAML_PRINTABLE.search(text):
        return False
    if any(c in text for c in "\n\t\x85\u2028\u2029\ufeff") or ": " in text or " #" in text:
        return False
    if text[0] in "-?:,[]{}#&*!|>'\"%@`" or text.endswith(":"):
        return False
    resolvers = _Loader.yaml_implicit_resolvers
    candidates = [*resolvers.get(text[0], []), *resolvers.get(None, [])]
    return not any(regexp.match(text) for _, regexp in candidates)


def _block_ok(body: str) -> bool:
    """Can the body be a literal block (|)?"""
    return not (
        _YAML_PRINTABLE.search(body)
        or any(c in body for c in "\x85\u2028\u2029\ufeff\t")
        or body[:1] == " "
        or any(line != line.rstrip() for line in body.split("\n"))
    )


class YamlWriter:
    """Writes a draft as canonical YAML text with its notes as comments."""

    def __init__(self, header: list[str]) -> None:
        self.lines: list[str] = list(header)

    def notes(self, indent: int, notes: list[str]) -> None:
        """``# import: ...`` comment lines."""
        for note in dict.fromkeys(notes):
            self.lines.append(" " * indent + "# import: " + " ".join(note.split()))

    def key(self, indent: int, key: str, value: str, first: bool = False) -> None:
        """``key: value`` (``- key: value`` when it opens a list entry)."""
        lead = " " * (indent - 2) + "- " if first else " " * indent
        self.lines.append(f"{lead}{key}: {scalar(value)}")

    def body(self, indent: int, text: str) -> None:
        """``body: |`` and the indented markup."""
        if _block_ok(text):
            self.lines.append(" " * indent + "body: |")
            self.lines.extend(" " * (indent + 2) + ln if ln else "" for ln in text.split("\n"))
        else:
            self.lines.append(" " * indent + "body: " + scalar(text + "\n"))

    def source(self, indent: int, citation: DraftCitation) -> None:
        """``source: Outlet, YYYY-MM-DD`` or, with a URL or an unusual outlet, a mapping."""
        short = f"{citation.outlet}, {citation.date.isoformat()}"
        if citation.url is None and "\n" not in citation.outlet and "," not in citation.outlet:
            self.key(indent, "source", short)
            return
        self.lines.append(" " * indent + "source:")
        self.key(indent + 2, "outlet", citation.outlet)
        self.lines.append(" " * (indent + 2) + f"date: {citation.date.isoformat()}")
        if citation.url:
            self.key(indent + 2, "url", citation.url)

    def part(self, indent: int, part: DraftPart, notes: list[str]) -> None:
        """A part's label, body and source, its notes above it."""
        text = body_markup(part.blocks, notes, WIDTH - indent - 2)
        self.notes(indent - 2, notes)
        if part.label is not None:
            self.key(indent, "label", part.label, first=True)
        self.body(indent, text)
        if part.source is not None:
            self.source(indent, part.source)

    def item(self, item: DraftItem) -> None:
        """One item of a section: headlines, main part, labelled parts."""
        main = item.parts[0]
        notes = [*item.notes, *main.notes]
        text = body_markup(main.blocks, notes, WIDTH - 10)
        self.notes(6, notes)
        self.key(8, "ja", item.ja, first=True)
        self.key(8, "en", item.en)
        self.body(8, text)
        if main.source is not None:
            self.source(8, main.source)
        if len(item.parts) > 1:
            self.lines.append(" " * 8 + "parts:")
            for part in item.parts[1:]:
                self.part(12, part, list(part.notes))


def to_yaml(draft: Draft, header: list[str]) -> str:
    """The draft as YAML text; unplaced paragraphs listed as comments at the end."""
    assert draft.period is not None
    out = YamlWriter(header)
    out.notes(0, draft.notes)
    out.lines.append("briefout: 1")
    out.key(0, "title", draft.title)
    if draft.subtitle:
        out.key(0, "subtitle", draft.subtitle)
    start, end = draft.period
    out.lines.append(f"period: {start.isoformat()}..{end.isoformat()}")
    out.key(0, "issuer", draft.issuer)
    out.lines.append("sections:")
    for section in draft.sections:
        out.notes(2, section.notes)
        out.key(4, "title", section.title, first=True)
        out.lines.append("    items:")
        for item in section.items:
            out.item(item)
    for unplaced in draft.unplaced:
        out.notes(0, [f"not placed ({unplaced.reason}): {unplaced.where}: {unplaced.words}"])
    return "\n".join(out.lines) + "\n"
