"""DOCX in the embassy layout: named styles from the style's reference.docx, reproducible bytes.

The named styles (Title, Heading 1/2, English Headline, Body Text, List Bullet,
Citation ...) and the bullet numbering come from a reference document owned by
the style (``reference.docx``, as pandoc's reference doc): an editor restyles
the output by editing that file in Word.  The built-in one is generated from
the style's roles by :mod:`briefout.writers.docx.reference`.  The writer
writes the body, header/footer, page setup and properties itself, keeping only
the styles in use (plus Word's standard ones).  Direct formatting is used only
for inline emphasis.

Characters: a tab becomes ``w:tab`` and ``"\\n"`` a line break (``w:br``); U+000B
(Word's manual line break, as pasted text carries it) is replaced by a line break too.
Other characters XML 1.0 cannot carry (C0 controls, U+FFFE/U+FFFF, lone surrogates)
are a UserError naming the item path and the code point; no file is written.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from typing import TYPE_CHECKING, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from briefout.errors import UserError
from briefout.model import BulletList, item_parts
from briefout.style import RoleName

from . import ooxml
from .ooxml import esc

if TYPE_CHECKING:
    from briefout.model import Block, Citation, Issue, Runs
    from briefout.style import Style
    from briefout.writers import RenderContext

DEFAULT_STYLE_NAMES: dict[str, str] = {
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

    reference: str | None = Field(
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
    default_tab_pt: float = Field(default=42, gt=0)
    snap_to_grid: bool = Field(
        default=False,
        description="Snap lines to the document grid (Word's Japanese default); "
        "false keeps each role's line_height exactly.",
    )
    bullet_num_id: int = Field(default=1, ge=1)


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
    suffix: ClassVar[str] = ".docx"
    description: ClassVar[str] = "Word document (DOCX), named styles from the style's reference"
    requires: ClassVar[tuple[str, ...]] = ()

    def render(self, issue: Issue, style: Style, context: RenderContext) -> bytes:
        """Render the issue to DOCX bytes (identical for identical input and timestamp)."""
        options = options_for(style)
        reference = load_reference(style, options)
        return build_docx(issue, style, options, reference, context)


# ---------------------------------------------------------------- reference


class Reference:
    """The parts taken from a reference document: styles (by name) and numbering."""

    def __init__(self, styles_xml: str, numbering_xml: str, theme_xml: str, origin: str) -> None:
        self.origin = origin
        self.numbering_xml = numbering_xml
        self.theme_xml = theme_xml
        styles_xml = _THEME_ATTR.sub("", styles_xml)
        first = _STYLE.search(styles_xml)
        last = None
        for last in _STYLE.finditer(styles_xml):  # noqa: B007
            pass
        if first is None or last is None:
            raise UserError(f"{origin}: word/styles.xml holds no w:style; regenerate it")
        self.head = styles_xml[: first.start()]
        self.tail = styles_xml[last.end() :]
        self.styles: dict[str, tuple[str, str]] = {}  # id -> (name, xml)
        self.by_name: dict[str, str] = {}  # lower-case name -> id
        self.defaults: list[str] = []
        for match in _STYLE.finditer(styles_xml):
            xml = match.group(0)
            sid = _attr(xml, "w:styleId")
            name_match = _NAME.search(xml)
            name = name_match.group(1) if name_match else sid
            self.styles[sid] = (name, xml)
            self.by_name.setdefault(name.lower(), sid)
            if re.search(r'\bw:default="(1|true|on)"', xml[: xml.find(">")]):
                self.defaults.append(sid)

    def style_id(self, name: str) -> str:
        """The id of the style called ``name`` (case-insensitive, as Word matches)."""
        try:
            return self.by_name[name.lower()]
        except KeyError:
            raise UserError(
                f"{self.origin} has no style named '{name}'; add it in Word (Styles pane) "
                "or set writers.docx.style_names to a style it has"
            ) from None

    def styles_part(self, used: set[str]) -> str:
        """styles.xml with the styles in use, their bases/links/next, and the defaults."""
        keep: set[str] = set()
        todo = [*used, *self.defaults]
        while todo:
            sid = todo.pop()
            if sid in keep or sid not in self.styles:
                continue
            keep.add(sid)
            xml = self.styles[sid][1]
            todo.extend(_REFS.findall(xml))
        kept = [xml for sid, (_, xml) in self.styles.items() if sid in keep]
        return self.head + "".join(kept) + self.tail


_STYLE = re.compile(r"<w:style\b[^>]*?(?:/>|>.*?</w:style>)", re.S)
_NAME = re.compile(r'<w:name w:val="([^"]*)"')
_REFS = re.compile(r'<w:(?:basedOn|link|next) w:val="([^"]*)"')
_THEME_ATTR = re.compile(r'\s(?:w:)(?:ascii|hAnsi|eastAsia|cs)Theme="[^"]*"')
_FONT_ATTR = re.compile(r"<w:rFonts\b[^>]*>")
_FONT_NAME = re.compile(r'\bw:(?:ascii|hAnsi|eastAsia|cs)="([^"]*)"')


def _attr(xml: str, name: str) -> str:
    found = re.search(rf'\b{name}="([^"]*)"', xml[: xml.find(">")])
    return found.group(1) if found else ""


def load_reference(style: Style, options: DocxOptions) -> Reference:
    """The reference parts named by the options, or ones built from the roles."""
    if options.reference is None:
        return Reference(
            ooxml.styles_part(style, options),
            ooxml.numbering_part(style, options),
            ooxml.theme_part(style),
            f"style '{style.name}' roles",
        )
    import zipfile

    path = style.find_file(options.reference)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "word/styles.xml" not in names or "word/numbering.xml" not in names:
                raise UserError(
                    f"{path}: a reference document needs word/styles.xml and "
                    "word/numbering.xml (a List Bullet numbering); regenerate it with "
                    "python -m briefout.writers.docx.reference"
                )
            styles_xml = archive.read("word/styles.xml").decode("utf-8")
            numbering_xml = archive.read("word/numbering.xml").decode("utf-8")
            theme_name = "word/theme/theme1.xml"
            theme_xml = (
                archive.read(theme_name).decode("utf-8")
                if theme_name in names
                else ooxml.theme_part(style)
            )
    except (zipfile.BadZipFile, OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: not a readable DOCX reference document ({exc})") from None
    if 'xmlns:w="' + ooxml.W_NS + '"' not in styles_xml[:2000]:
        raise UserError(f"{path}: word/styles.xml must use the w: prefix for WordprocessingML")
    return Reference(styles_xml, numbering_xml, theme_xml, str(path))


# ------------------------------------------------------------------ document


class _Body:
    """Accumulates body XML, hyperlink relationships and the styles in use."""

    def __init__(self, style: Style, options: DocxOptions, reference: Reference) -> None:
        self.style = style
        self.options = options
        self.reference = reference
        self.out: list[str] = []
        self.links: dict[str, str] = {}
        self.used: set[str] = set()

    def sid(self, name: str) -> str:
        sid = self.reference.style_id(name)
        self.used.add(sid)
        return sid

    def role_style(self, role: str) -> str:
        return self.sid(self.options.style_names[role])

    def paragraph(self, role: str, content: str) -> None:
        sid = self.role_style(role)
        self.out.append(f'<w:p><w:pPr><w:pStyle w:val="{sid}"/></w:pPr>{content}</w:p>')

    def link_id(self, url: str) -> str:
        if url not in self.links:
            self.links[url] = f"rIdLink{len(self.links) + 1}"
        return self.links[url]

    def hyperlink(self, url: str, runs_xml: str) -> str:
        return f'<w:hyperlink r:id="{self.link_id(url)}" w:history="1">{runs_xml}</w:hyperlink>'

    def runs(self, runs: Runs, path: str) -> str:
        out = []
        link_sid = None
        for run in runs:
            props = ""
            if run.href:
                link_sid = link_sid or self.sid(self.options.hyperlink_style)
                props += f'<w:rStyle w:val="{link_sid}"/>'
            if run.strong:
                props += "<w:b/><w:bCs/>"
            if run.emph:
                props += "<w:i/><w:iCs/>"
            xml = run_xml(run.text, path, props)
            if run.href:
                xml = self.hyperlink(run.href, xml)
            out.append(xml)
        return "".join(out)

    def citation(self, citation: Citation, path: str, *, inline: bool) -> str:
        text = self.style.format_citation(citation.outlet, citation.date, citation.url)
        props = ""
        if inline:
            props = f'<w:rStyle w:val="{self.sid(self.options.citation_char_style)}"/>'
        xml = run_xml(text, path, props)
        if citation.url:
            xml = self.hyperlink(citation.url, xml)
        return (run_xml(" ", path) + xml) if inline else xml

    def blocks(self, blocks: tuple[Block, ...], citation: Citation | None, path: str) -> None:
        inline = self.style.strings.citation_placement == "inline"
        rendered: list[tuple[str, str]] = []  # (role, runs xml)
        for number, block in enumerate(blocks):
            where = f"{path}[{number}]"
            if isinstance(block, BulletList):
                for entry_number, entry in enumerate(block.items):
                    rendered.append(("bullet", self.runs(entry, f"{where}[{entry_number}]")))
            else:
                rendered.append(("body", self.runs(block.runs, where)))
        if citation is not None:
            source_path = path.rsplit(".", 1)[0] + ".source"
            if inline and rendered:
                role, xml = rendered[-1]
                rendered[-1] = (role, xml + self.citation(citation, source_path, inline=True))
            else:
                rendered.append(("citation", self.citation(citation, source_path, inline=False)))
        for role, xml in rendered:
            self.paragraph(role, xml)


def run_xml(text: str, path: str, props: str = "") -> str:
    """One ``w:r``: tabs and line breaks become elements; forbidden characters an error."""
    bad = ooxml.FORBIDDEN.search(text)
    if bad:
        char = bad.group(0)
        raise UserError(
            f"{path}: the character U+{ord(char):04X} cannot be stored in a DOCX "
            "(XML forbids it); delete it from the issue (control characters often come "
            "from pasting out of other programs)"
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    pieces = []
    for line_number, line in enumerate(text.split("\n")):
        if line_number:
            pieces.append("<w:br/>")
        for tab_number, chunk in enumerate(line.split("\t")):
            if tab_number:
                pieces.append("<w:tab/>")
            if chunk:
                space = ' xml:space="preserve"' if chunk != chunk.strip() or "  " in chunk else ""
                pieces.append(f"<w:t{space}>{esc(chunk)}</w:t>")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f"<w:r>{rpr}{''.join(pieces)}</w:r>"


def _template_runs(template: str, fields: dict[str, str], where: str) -> str:
    """A header/footer template as runs; ``{page}`` becomes a PAGE field."""
    out = []
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise UserError(f"style {where} '{template}': {exc}") from None
    for literal, field, spec, conversion in parsed:
        if literal:
            out.append(run_xml(literal, where))
        if field is None:
            continue
        if field == "page":
            out.append(
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                '<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
            )
        elif field in fields and not spec and not conversion:
            out.append(run_xml(fields[field], where))
        else:
            known = ", ".join("{" + name + "}" for name in ["page", *fields])
            raise UserError(f"style {where} '{template}': unknown field {{{field}}}; use {known}")
    return "".join(out)


def build_docx(
    issue: Issue,
    style: Style,
    options: DocxOptions,
    reference: Reference,
    context: RenderContext,
    *,
    keep_all_styles: bool = False,
) -> bytes:
    """Assemble every part of the package and zip it reproducibly.

    ``keep_all_styles`` keeps every style of the reference (for building a reference
    document); otherwise only the styles in use and the defaults are kept.
    """
    body = _Body(style, options, reference)
    period = style.format_period(issue.period.start, issue.period.end)
    body.paragraph("title", run_xml(issue.title, "title"))
    if issue.subtitle:
        body.paragraph("subtitle", run_xml(issue.subtitle, "subtitle"))
    body.paragraph("period", run_xml(period, "period"))
    body.paragraph("issuer", run_xml(issue.issuer, "issuer"))
    mark = style.strings.headline_mark
    for s_index, section in enumerate(issue.sections):
        heading = style.format_section(s_index + 1, section.title)
        body.paragraph("section", run_xml(heading, f"sections[{s_index}].title"))
        for i_index, item in enumerate(section.items):
            where = f"sections[{s_index}].items[{i_index}]"
            headline = f"{mark} {item.ja}" if mark else item.ja
            body.paragraph("headline_ja", run_xml(headline, f"{where}.ja"))
            body.paragraph("headline_en", run_xml(item.en, f"{where}.en"))
            for p_index, (label, blocks, citation) in enumerate(item_parts(item)):
                part = where if label is None else f"{where}.parts[{p_index - 1}]"
                if label is not None:
                    body.paragraph("label", run_xml(label, f"{part}.label"))
                body.blocks(blocks, citation, f"{part}.body")
    if style.strings.end:
        body.paragraph("end", run_xml(style.strings.end, "strings.end"))

    page = style.page
    fields = {
        "title": issue.title,
        "subtitle": issue.subtitle or "",
        "period": period,
        "issuer": issue.issuer,
    }
    footer_sid = body.role_style("footer")
    footer_xml = (
        ooxml.XML_DECL + f'<w:ftr xmlns:w="{ooxml.W_NS}" xmlns:r="{ooxml.R_NS}">'
        f'<w:p><w:pPr><w:pStyle w:val="{footer_sid}"/></w:pPr>'
        f"{_template_runs(page.footer, fields, 'page.footer')}</w:p></w:ftr>"
    )
    header_xml = None
    if page.header:
        header_sid = body.role_style("header")
        header_xml = (
            ooxml.XML_DECL + f'<w:hdr xmlns:w="{ooxml.W_NS}" xmlns:r="{ooxml.R_NS}">'
            f'<w:p><w:pPr><w:pStyle w:val="{header_sid}"/></w:pPr>'
            f"{_template_runs(page.header, fields, 'page.header')}</w:p></w:hdr>"
        )

    width, height = ooxml.mm_twips(page.width_mm), ooxml.mm_twips(page.height_mm)
    orient = ' w:orient="landscape"' if width > height else ""
    section_props = (
        "<w:sectPr>"
        + ('<w:headerReference w:type="default" r:id="rIdHeader"/>' if header_xml else "")
        + '<w:footerReference w:type="default" r:id="rIdFooter"/>'
        f'<w:pgSz w:w="{width}" w:h="{height}"{orient}/>'
        f'<w:pgMar w:top="{ooxml.mm_twips(page.margin_top_mm)}"'
        f' w:right="{ooxml.mm_twips(page.margin_right_mm)}"'
        f' w:bottom="{ooxml.mm_twips(page.margin_bottom_mm)}"'
        f' w:left="{ooxml.mm_twips(page.margin_left_mm)}"'
        f' w:header="{ooxml.mm_twips(page.header_distance_mm)}"'
        f' w:footer="{ooxml.mm_twips(page.footer_distance_mm)}" w:gutter="0"/>'
        f'<w:docGrid w:type="lines" w:linePitch="{ooxml.twips(page.line_pitch_pt)}"/>'
        "</w:sectPr>"
    )
    document_xml = (
        ooxml.XML_DECL
        + f'<w:document xmlns:w="{ooxml.W_NS}" xmlns:r="{ooxml.R_NS}"><w:body>'
        + "".join(body.out)
        + section_props
        + "</w:body></w:document>"
    )
    styles_xml = reference.styles_part(set(reference.styles) if keep_all_styles else body.used)

    rels: list[tuple[str, str, str, bool]] = [
        ("rIdStyles", "styles", "styles.xml", False),
        ("rIdNumbering", "numbering", "numbering.xml", False),
        ("rIdSettings", "settings", "settings.xml", False),
        ("rIdFonts", "fontTable", "fontTable.xml", False),
        ("rIdFooter", "footer", "footer1.xml", False),
        ("rIdTheme", "theme", "theme/theme1.xml", False),
    ]
    overrides = {
        "word/document.xml": ooxml.CT_WML + "document.main+xml",
        "word/styles.xml": ooxml.CT_WML + "styles+xml",
        "word/numbering.xml": ooxml.CT_WML + "numbering+xml",
        "word/settings.xml": ooxml.CT_WML + "settings+xml",
        "word/fontTable.xml": ooxml.CT_WML + "fontTable+xml",
        "word/footer1.xml": ooxml.CT_WML + "footer+xml",
        "word/theme/theme1.xml": ooxml.THEME_CT,
        "docProps/core.xml": ooxml.CORE_CT,
        "docProps/app.xml": ooxml.APP_CT,
    }
    parts: dict[str, str] = {
        "word/document.xml": document_xml,
        "word/styles.xml": styles_xml,
        "word/numbering.xml": reference.numbering_xml,
        "word/settings.xml": ooxml.settings_part(options),
        "word/fontTable.xml": _font_table(styles_xml),
        "word/footer1.xml": footer_xml,
        "word/theme/theme1.xml": reference.theme_xml,
    }
    if header_xml:
        rels.append(("rIdHeader", "header", "header1.xml", False))
        overrides["word/header1.xml"] = ooxml.CT_WML + "header+xml"
        parts["word/header1.xml"] = header_xml
    rels.extend((rid, "hyperlink", url, True) for url, rid in body.links.items())
    parts["word/_rels/document.xml.rels"] = ooxml.relationships(rels)
    parts["_rels/.rels"] = ooxml.relationships(
        [
            ("rId1", "officeDocument", "word/document.xml", False),
            ("rId2", ooxml.CORE_TYPE, "docProps/core.xml", False),
            ("rId3", "extended-properties", "docProps/app.xml", False),
        ]
    )
    parts["docProps/core.xml"] = core_properties(issue, style, period, context)
    parts["docProps/app.xml"] = (
        ooxml.XML_DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
        '2006/extended-properties"><Application>briefout</Application>'
        f"<Company>{esc(issue.issuer)}</Company></Properties>"
    )
    parts["[Content_Types].xml"] = ooxml.content_types(overrides)
    return ooxml.zip_package({name: xml.encode("utf-8") for name, xml in parts.items()})


def _font_table(styles_xml: str) -> str:
    """fontTable.xml naming every font the kept styles use (no embedded fonts)."""
    names: dict[str, None] = {}
    for tag in _FONT_ATTR.findall(styles_xml):
        for name in _FONT_NAME.findall(tag):
            names.setdefault(name, None)
    rows = "".join(f'<w:font w:name="{name}"/>' for name in names)
    return ooxml.XML_DECL + f'<w:fonts xmlns:w="{ooxml.W_NS}">{rows}</w:fonts>'


def core_properties(issue: Issue, style: Style, period: str, context: RenderContext) -> str:
    """docProps/core.xml: title, subject (period), author (issuer), language, timestamps."""
    stamp = context.timestamp.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    run_xml(issue.title, "title")  # the same character checks as the body
    return (
        ooxml.XML_DECL
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{esc(issue.title)}</dc:title>"
        f"<dc:subject>{esc(period)}</dc:subject>"
        f"<dc:creator>{esc(issue.issuer)}</dc:creator>"
        f"<cp:lastModifiedBy>{esc(issue.issuer)}</cp:lastModifiedBy>"
        f"<dc:language>{esc(style.strings.language)}</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )
