"""DOCX in the embassy layout: named styles from the style's reference.docx, reproducible bytes.

Built with python-docx.  The named styles (Title, Heading 1/2, English Headline,
Body Text, List Bullet, Citation ...), the bullet numbering, the settings and the
theme come from a reference document owned by the style (``reference.docx``, as
pandoc's reference doc): the writer opens it with ``docx.Document``, replaces its
body with the issue, sets the page, footer/header and document properties from
the style, and keeps only the styles in use (plus Word's standard ones).  An
editor restyles the output by editing that file in Word; the built-in one is
generated from the style's roles by :mod:`briefout.writers.docx.reference`.
Direct formatting is used only for inline emphasis.  python-docx and lxml are
imported inside the functions, so importing this module stays cheap.

Characters: a tab becomes ``w:tab`` and ``"\\n"`` a line break (``w:br``); U+000B
(Word's manual line break, as pasted text carries it) is replaced by a line break too.
Other characters XML 1.0 cannot carry (C0 controls, U+FFFE/U+FFFF, lone surrogates)
are a UserError naming the item path and the code point; no file is written.
"""

from __future__ import annotations

import datetime as dt
import string
from typing import TYPE_CHECKING, Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from briefout.errors import UserError
from briefout.model import BulletList, item_parts
from briefout.style import RoleName, style_file

from .package import SECTPR_AFTER_DOCGRID, THEME_FONT_ATTRS, checked_text, insert

if TYPE_CHECKING:
    from typing import Any

    from briefout.model import Block, Citation, Issue, Runs
    from briefout.style import Style
    from briefout.writers import RenderContext
    from briefout.yamlsource import PathKey

DEFAULT_STYLE_NAMES: dict[RoleName, str] = {
    "title": "Title",
    "subtitle": "Subtitle",
    "period": "Period",
    "issuer": "Issuer",
    "section": "heading 1",
    "headline_ja": "heading 2",
    "headline_en": "English Headline",
    "body": "Body Text",
    "bullet": "List Bullet",
    "label": "Part Label",
    "citation": "Citation",
    "end": "End Mark",
    "header": "header",
    "footer": "footer",
}


class DocxOptions(BaseModel):
    """``writers.docx`` in style.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reference: Annotated[str | None, style_file("DOCX")] = Field(
        default="reference.docx",
        description=(
            "File of the style holding the named styles and the bullet numbering; "
            "null to build them from the roles at render time."
        ),
    )
    style_names: dict[RoleName, str] = Field(
        default_factory=lambda: dict(DEFAULT_STYLE_NAMES),
        description="Word style name of each role ('heading 1' and 'heading 2' are Word's own); "
        "roles left out keep their default name.",
    )
    citation_char_style: str = "Citation Char"
    hyperlink_style: str = "Hyperlink"
    language_latin: str = Field(default="en-US", description="w:lang of Latin text.")
    language_east_asian: str = Field(default="ja-JP", description="w:lang of Japanese text.")
    default_tab_pt: float = Field(default=42, gt=0, description="Written to the reference.")
    snap_to_grid: bool = Field(
        default=False,
        description="Snap lines to the document grid (Word's Japanese default); "
        "false keeps each role's line_height exactly.",
    )
    bullet_num_id: int = Field(default=1, ge=1)
    headline_gap: str = Field(
        default=" ",
        description="After the headline mark when roles.headline_ja does not hang "
        "(a hanging headline has a tab to the indent).",
    )


def options_for(style: Style) -> DocxOptions:
    """The validated ``writers.docx`` options of a style."""
    options = style.writer_options("docx", DocxOptions)
    names = dict(DEFAULT_STYLE_NAMES)
    names.update(options.style_names)
    return options.model_copy(update={"style_names": names})


# --------------------------------------------------------------------- writer


class DocxWriter:
    """Word document (.docx) in the embassy layout."""

    name: ClassVar[str] = "docx"
    options_model: ClassVar[type[DocxOptions]] = DocxOptions
    suffix: ClassVar[str] = ".docx"
    description: ClassVar[str] = "Word document (DOCX), named styles from the style's reference"
    requires: ClassVar[tuple[str, ...]] = ()

    def render(self, issue: Issue, style: Style, context: RenderContext) -> bytes:
        """Render the issue to DOCX bytes (identical for identical input and timestamp)."""
        from .reference import save

        options = options_for(style)
        document = open_reference(style, options)
        fill_document(document, issue, style, options, context)
        return save(document)


def open_reference(style: Style, options: DocxOptions) -> Any:
    """The python-docx Document of the style's reference (or one built from the roles)."""
    import zipfile

    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    from .reference import save, styled_document

    if options.reference is None:
        data = save(styled_document(style, options))
        return docx.Document(_stream(data))
    path = style.find_file(options.reference)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UserError(f"{path}: not a readable DOCX reference document ({exc})") from None
    except etree.XMLSyntaxError as exc:
        raise UserError(f"{path}: a part of the reference is not well-formed XML ({exc})") from None
    kinds = {rel.reltype for rel in document.part.rels.values()}
    if RT.STYLES not in kinds or RT.NUMBERING not in kinds:
        raise UserError(
            f"{path}: a reference document needs word/styles.xml and "
            "word/numbering.xml (a List Bullet numbering); regenerate it with "
            "python -m briefout.writers.docx.reference"
        )
    return document


def _stream(data: bytes) -> Any:
    import io

    return io.BytesIO(data)


# ------------------------------------------------------------------ document


class _Body:
    """Writes the issue's paragraphs into a python-docx Document; records styles in use."""

    def __init__(
        self,
        document: Any,
        style: Style,
        options: DocxOptions,
        origin: str,
        context: RenderContext,
    ) -> None:
        self.document = document
        self.context = context
        self.style = style
        self.options = options
        self.origin = origin
        self.by_name: dict[str, Any] = {}
        for found in document.styles:
            if found.name is not None:
                self.by_name.setdefault(found.name.lower(), found)

    def named(self, name: str) -> Any:
        """The style called ``name`` (case-insensitive, as Word matches)."""
        try:
            return self.by_name[name.lower()]
        except KeyError:
            raise UserError(
                f"{self.origin} has no style named '{name}'; add it in Word (Styles pane) "
                "or set writers.docx.style_names to a style it has"
            ) from None

    def role_style(self, role: RoleName) -> Any:
        return self.named(self.options.style_names[role])

    def paragraph(self, role: RoleName) -> Any:
        return self.document.add_paragraph(style=self.role_style(role))

    def text(self, role: RoleName, text: str, path: PathKey) -> None:
        self.paragraph(role).add_run(checked_text(text, path, self.context))

    def runs(self, paragraph: Any, runs: Runs, path: PathKey) -> None:
        link_style = self.named(self.options.hyperlink_style).style_id if runs else None
        for run in runs:
            target = _hyperlink(paragraph, run.href) if run.href else None
            _new_run(
                target if target is not None else paragraph._p,
                checked_text(run.text, path, self.context),
                link_style if run.href else None,
                bold=run.strong,
                italic=run.emph,
            )

    def citation(self, paragraph: Any, citation: Citation, path: PathKey, *, inline: bool) -> None:
        text = self.style.format_citation(citation.outlet, citation.date, citation.url)
        # kept on one line, as in the PDF (Word and LibreOffice wrapped "(Trend," | "07.01.2026)")
        text = text.replace(" ", "\u00a0")
        if inline:
            paragraph.add_run(" ")
        target = _hyperlink(paragraph, citation.url) if citation.url else None
        added = paragraph.add_run(checked_text(text, path, self.context))
        if inline:
            added.style = self.named(self.options.citation_char_style)
        if target is not None:
            target.append(added._r)

    def blocks(self, blocks: tuple[Block, ...], citation: Citation | None, part: PathKey) -> None:
        """The body of ``part`` (an item or one of its parts) and its citation."""
        inline = self.style.strings.citation_placement == "inline"
        last = None
        for number, block in enumerate(blocks):
            where: PathKey = (*part, "body", number)
            if isinstance(block, BulletList):
                for entry_number, entry in enumerate(block.items):
                    last = self.paragraph("bullet")
                    self.runs(last, entry, (*where, "items", entry_number))
            else:
                last = self.paragraph("body")
                self.runs(last, block.runs, where)
        if citation is not None:
            source: PathKey = (*part, "source")
            if inline and last is not None:
                self.citation(last, citation, source, inline=True)
            else:
                self.citation(self.paragraph("citation"), citation, source, inline=False)


def _new_run(parent: Any, text: str, style_id: str | None, *, bold: bool, italic: bool) -> Any:
    """A ``w:r`` appended to ``parent`` (a paragraph's or hyperlink's element), as python-docx's
    ``add_run`` and font setters would make it, built directly: they search the parent's
    children for schema order on every call, most of the cost of a long body."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = OxmlElement("w:r")
    properties: list[tuple[str, str | None]] = [("w:rStyle", style_id)] if style_id else []
    properties += [("w:b", None), ("w:bCs", None)] if bold else []
    properties += [("w:i", None), ("w:iCs", None)] if italic else []
    if properties:
        holder = OxmlElement("w:rPr")
        for tag, value in properties:
            holder.append(OxmlElement(tag, {qn("w:val"): value} if value else None))
        run.append(holder)
    if "\t" in text or "\n" in text:
        run.text = text  # python-docx's setter: a tab and a line break become w:tab and w:br
    elif text:
        words = OxmlElement("w:t")
        words.text = text
        if text != text.strip():  # as python-docx does: keep leading and trailing spaces
            words.set(qn("xml:space"), "preserve")
        run.append(words)
    parent.append(run)
    return run


def _hyperlink(paragraph: Any, url: str) -> Any:
    """A ``w:hyperlink`` (python-docx only reads them) to an external relationship."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink", {qn("r:id"): rid, qn("w:history"): "1"})
    paragraph._p.append(link)
    return link


PAGE_FIELDS = {"page": "PAGE", "pages": "NUMPAGES"}  # template field -> Word field


def _template_runs(
    paragraph: Any, template: str, fields: dict[str, str], where: PathKey, context: RenderContext
) -> None:
    """A header/footer template as runs; ``{page}`` becomes a PAGE field, ``{pages}``
    a NUMPAGES field (the PDF writer accepts both too)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise context.error(where, f"'{template}' is not a valid template ({exc})") from None
    for literal, field, spec, conversion in parsed:
        if literal:
            paragraph.add_run(checked_text(literal, where, context))
        if field is None:
            continue
        if field in PAGE_FIELDS and not spec and not conversion:
            for kind in ("begin", "instr", "separate", "result", "end"):
                run = paragraph.add_run("1" if kind == "result" else None)
                if kind == "instr":
                    instr = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
                    instr.text = f" {PAGE_FIELDS[field]} "
                    run._r.append(instr)
                elif kind != "result":
                    run._r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))
        elif field in fields and not spec and not conversion:
            paragraph.add_run(checked_text(fields[field], where, context))
        else:
            known = ", ".join("{" + name + "}" for name in [*PAGE_FIELDS, *fields])
            raise context.error(where, f"'{template}': unknown field {{{field}}}", f"use {known}")


def fill_document(
    document: Any,
    issue: Issue,
    style: Style,
    options: DocxOptions,
    context: RenderContext,
    *,
    keep_all_styles: bool = False,
) -> None:
    """Write the issue into ``document`` (a reference opened with python-docx).

    ``keep_all_styles`` keeps every style of the reference (for building a reference
    document); otherwise only the styles in use and the defaults are kept.
    """
    _clear(document)
    origin = (
        f"style '{style.name}' roles"
        if options.reference is None
        else str(style.find_file(options.reference))
    )
    body = _Body(document, style, options, origin, context)
    period = style.format_period(issue.period.start, issue.period.end)
    body.text("title", issue.title, ("title",))
    if issue.subtitle:
        body.text("subtitle", issue.subtitle, ("subtitle",))
    body.text("period", period, ("period",))
    body.text("issuer", issue.issuer, ("issuer",))
    mark = style.strings.headline_mark
    # a hanging headline (Heading 2 has left indent = hanging): the mark, a tab to the
    # indent, the text, so wrapped lines align after the mark (as in the PDF)
    gap = "\t" if style.role("headline_ja").hanging else options.headline_gap
    for s_index, section in enumerate(issue.sections):
        heading = style.format_section(s_index + 1, section.title)
        body.text("section", heading, ("sections", s_index, "title"))
        for i_index, item in enumerate(section.items):
            where: PathKey = ("sections", s_index, "items", i_index)
            headline = f"{mark}{gap}{item.ja}" if mark else item.ja
            body.text("headline_ja", headline, (*where, "ja"))
            body.text("headline_en", item.en, (*where, "en"))
            for p_index, (label, blocks, citation) in enumerate(item_parts(item)):
                part = where if label is None else (*where, "parts", p_index - 1)
                if label is not None:
                    body.text("label", label, (*part, "label"))
                body.blocks(blocks, citation, part)
    if style.strings.end:
        body.text("end", style.strings.end, ("strings", "end"))

    fields = {
        "title": issue.title,
        "subtitle": issue.subtitle or "",
        "period": period,
        "issuer": issue.issuer,
    }
    _page(document, style, body, fields)
    _properties(document, issue, style, period, context)
    if not keep_all_styles:
        _keep_styles_in_use(document)


def _clear(document: Any) -> None:
    """Empty the reference's body and drop its links/images; theme fonts out of the styles."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn

    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype in (RT.HYPERLINK, RT.IMAGE):
            part.drop_rel(rid)
    # LibreOffice ignores explicit fonts beside theme fonts (Word adds them on editing).
    for fonts in document.styles.element.iter(qn("w:rFonts")):
        for name in THEME_FONT_ATTRS:
            fonts.attrib.pop(qn("w:" + name), None)


def _page(document: Any, style: Style, body: _Body, fields: dict[str, str]) -> None:
    """Page size, margins, document grid, footer and header of the one section."""
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    page = style.page
    section = document.sections[0]
    landscape = page.width_mm > page.height_mm
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
    section.top_margin, section.bottom_margin = Mm(page.margin_top_mm), Mm(page.margin_bottom_mm)
    section.left_margin, section.right_margin = Mm(page.margin_left_mm), Mm(page.margin_right_mm)
    section.header_distance = Mm(page.header_distance_mm)
    section.footer_distance = Mm(page.footer_distance_mm)
    section.gutter = 0
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = insert(sect_pr, OxmlElement("w:docGrid"), SECTPR_AFTER_DOCGRID)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(Pt(page.line_pitch_pt).twips))

    stories: tuple[tuple[RoleName, str], ...] = (("footer", page.footer), ("header", page.header))
    for kind, template in stories:
        story = getattr(section, kind)
        story.is_linked_to_previous = True  # drops the reference's own definition
        if not template:
            continue
        story.is_linked_to_previous = False  # a fresh part from python-docx's template
        paragraph = story.paragraphs[0]
        paragraph.style = body.role_style(kind)
        _template_runs(paragraph, template, fields, ("page", kind), body.context)


#: Word refuses a document property longer than this (python-docx enforces it too).
_PROPERTY_LIMIT = 255


def _property(text: str) -> str:
    """A one-line document property within Word's limit; the document text stays whole."""
    line = " ".join(text.split())
    return line if len(line) <= _PROPERTY_LIMIT else line[: _PROPERTY_LIMIT - 1] + "…"


def _properties(
    document: Any, issue: Issue, style: Style, period: str, context: RenderContext
) -> None:
    """Core properties from the issue and context.timestamp; app properties from scratch."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import XmlPart
    from lxml import etree

    core = document.core_properties
    package = document.part.package
    element = package.part_related_by(RT.CORE_PROPERTIES).element
    for child in list(element):  # the reference's own title, revision, keywords...
        element.remove(child)
    core.title = _property(issue.title)
    core.subject = _property(period)
    core.author = _property(issue.issuer)
    core.last_modified_by = _property(issue.issuer)
    core.language = style.strings.language
    stamp = context.timestamp.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
    core.created = core.modified = stamp

    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            del package.rels[rid]
    namespace = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    app = etree.Element(f"{{{namespace}}}Properties", nsmap={None: namespace})
    etree.SubElement(app, f"{{{namespace}}}Application").text = "briefout"
    etree.SubElement(app, f"{{{namespace}}}Company").text = _property(issue.issuer)
    # python-docx annotates XmlPart's element as BaseOxmlElement; it only serialises it,
    # so a plain lxml element (what its own OxmlElement makes for most tags) works as well
    part = XmlPart(
        PackURI("/docProps/app.xml"),
        CT.OFC_EXTENDED_PROPERTIES,
        app,  # type: ignore[arg-type]
        package,
    )
    package.relate_to(part, RT.EXTENDED_PROPERTIES)


def _keep_styles_in_use(document: Any) -> None:
    """Delete the styles no story uses, keeping their bases/links/next and the defaults."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn

    stories = [document.element]
    for rel in document.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER, RT.NUMBERING) and not rel.is_external:
            stories.append(rel.target_part.element)
    used = [
        value
        for story in stories
        for value in story.xpath(".//w:pStyle/@w:val | .//w:rStyle/@w:val")
    ]
    by_id = {found.style_id: found for found in document.styles}
    keep: set[str] = set()
    todo = [*used, *(sid for sid, found in by_id.items() if found.element.default)]
    refs = (qn("w:basedOn"), qn("w:link"), qn("w:next"))
    while todo:
        sid = todo.pop()
        if sid in keep or sid not in by_id:
            continue
        keep.add(sid)
        for child in by_id[sid].element:
            if child.tag in refs:
                todo.append(child.get(qn("w:val")))
    for sid, found in by_id.items():
        if sid not in keep:
            found.delete()
