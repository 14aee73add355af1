"""WordprocessingML by hand: units, escaping, the style-derived parts and the zip package.

Everything here is plain string building on purpose: importing python-docx
(and lxml with it) costs more than the whole render of an issue, and every
part written here is small and fixed in shape.  Element order follows the
ECMA-376 schema sequences (``w:pPr``, ``w:rPr``, ``w:sectPr``...), which Word
and the validators enforce.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefout.style import Role, Style

    from . import DocxOptions

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# Zip entries carry this date; the document's own timestamp lives in docProps/core.xml.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

# --------------------------------------------------------------------- units


def twips(points: float) -> int:
    """Points to twentieths of a point."""
    return round(points * 20)


def mm_twips(millimetres: float) -> int:
    """Millimetres to twentieths of a point."""
    return round(millimetres * 1440 / 25.4)


def half_points(points: float) -> int:
    """Points to the half-points of ``w:sz``."""
    return round(points * 2)


def line_240(multiple: float) -> int:
    """A line-height multiple to ``w:spacing/@w:line`` (240 = single) with lineRule auto."""
    return round(multiple * 240)


# ------------------------------------------------------------------ escaping

# Characters XML 1.0 cannot carry at all (not even as references).
FORBIDDEN = re.compile("[\x00-\x08\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def esc(text: str) -> str:
    """Escape text for an element or a double-quoted attribute."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def style_id(name: str) -> str:
    """Word's style id for a style name: 'heading 1' -> 'Heading1', 'Body Text' -> 'BodyText'."""
    words = re.split(r"[^0-9A-Za-z]+", name)
    built = "".join(word[:1].upper() + word[1:] for word in words if word)
    return built or "Style" + format(sum(map(ord, name)), "x")


def colour_hex(value: str) -> str:
    """'#1f3864' -> '1F3864'."""
    return value.lstrip("#").upper()


# ------------------------------------------------------------- style parts


@dataclass(frozen=True)
class StyleSpec:
    """One named style of the document, derived from a role."""

    kind: str  # paragraph | character
    name: str
    role: str | None
    based_on: str | None = None
    next: str | None = None
    link: str | None = None
    outline_level: int | None = None
    numbered: bool = False
    ui_priority: int | None = None


def style_specs(options: DocxOptions) -> list[StyleSpec]:
    """Every style the writer uses, in the order they appear in styles.xml."""
    names = options.style_names
    heading_1, heading_2 = names["section"], names["headline_ja"]
    return [
        StyleSpec("paragraph", names["title"], "title", "Normal", names["subtitle"], None, None),
        StyleSpec("paragraph", names["subtitle"], "subtitle", "Normal", names["period"]),
        StyleSpec("paragraph", names["period"], "period", "Normal", names["issuer"]),
        StyleSpec("paragraph", names["issuer"], "issuer", "Normal", heading_1),
        StyleSpec("paragraph", heading_1, "section", "Normal", heading_2, outline_level=0),
        StyleSpec(
            "paragraph", heading_2, "headline_ja", "Normal", names["headline_en"], outline_level=1
        ),
        StyleSpec("paragraph", names["headline_en"], "headline_en", "Normal", names["body"]),
        StyleSpec("paragraph", names["body"], "body", "Normal", names["body"]),
        StyleSpec("paragraph", names["bullet"], "bullet", "Normal", names["bullet"], numbered=True),
        StyleSpec("paragraph", names["label"], "label", "Normal", names["body"]),
        StyleSpec(
            "paragraph",
            names["citation"],
            "citation",
            "Normal",
            heading_2,
            link=options.citation_char_style,
        ),
        StyleSpec("paragraph", names["end"], "end", "Normal", "Normal"),
        StyleSpec("paragraph", names["header"], "header", "Normal", names["header"]),
        StyleSpec("paragraph", names["footer"], "footer", "Normal", names["footer"]),
        StyleSpec(
            "character",
            options.citation_char_style,
            "citation",
            "Default Paragraph Font",
            link=names["citation"],
        ),
        StyleSpec("character", options.hyperlink_style, None, "Default Paragraph Font"),
    ]


def fonts_xml(style: Style, role_font: str) -> str:
    """``w:rFonts`` naming the Latin and the East Asian font, no theme attributes."""
    fonts = style.fonts.docx[role_font]  # type: ignore[index]
    latin, east = esc(fonts.latin), esc(fonts.east_asian)
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east}" w:cs="{latin}"/>'


def role_rpr(style: Style, role: Role, *, with_lang: str = "") -> str:
    """The run properties of a role (fonts, bold, italic, colour, size)."""
    out = [fonts_xml(style, role.font)]
    if role.bold:
        out.append("<w:b/><w:bCs/>")
    if role.italic:
        out.append("<w:i/><w:iCs/>")
    out.append(f'<w:color w:val="{colour_hex(style.colour(role.colour))}"/>')
    size = half_points(role.size)
    out.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    out.append(with_lang)
    return "<w:rPr>" + "".join(out) + "</w:rPr>"


_JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}


def role_ppr(
    role: Role,
    options: DocxOptions,
    *,
    outline_level: int | None = None,
    num_id: int | None = None,
) -> str:
    """The paragraph properties of a role (keep, numbering, spacing, indents, alignment)."""
    out = []
    if role.keep_with_next:
        out.append("<w:keepNext/>")
    if num_id is not None:
        out.append(f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
    out.append(
        f'<w:spacing w:before="{twips(role.space_before)}" w:after="{twips(role.space_after)}"'
        f' w:line="{line_240(role.line_height)}" w:lineRule="auto"/>'
    )
    if role.indent or role.hanging:
        hanging = f' w:hanging="{twips(role.hanging)}"' if role.hanging else ""
        out.append(f'<w:ind w:left="{twips(role.indent)}"{hanging}/>')
    out.append(f'<w:jc w:val="{_JC[role.align]}"/>')
    if outline_level is not None:
        out.append(f'<w:outlineLvl w:val="{outline_level}"/>')
    return "<w:pPr>" + "".join(out) + "</w:pPr>"


def lang_xml(options: DocxOptions) -> str:
    """Latin text is marked as the Latin language, East Asian text as Japanese."""
    return (
        f'<w:lang w:val="{esc(options.language_latin)}"'
        f' w:eastAsia="{esc(options.language_east_asian)}"/>'
    )


def styles_part(style: Style, options: DocxOptions) -> str:
    """styles.xml: document defaults, Word's four standard styles, one style per role."""
    body = style.role("body")
    defaults = (
        "<w:docDefaults><w:rPrDefault>"
        + role_rpr(style, body, with_lang=lang_xml(options))
        + "</w:rPrDefault><w:pPrDefault><w:pPr>"
        + ("" if options.snap_to_grid else '<w:snapToGrid w:val="0"/>')
        + "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    out = [
        XML_DECL,
        f'<w:styles xmlns:w="{W_NS}" xmlns:r="{R_NS}">',
        defaults,
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        "<w:qFormat/><w:pPr><w:widowControl/></w:pPr>"
        f"{role_rpr(style, body)}</w:style>",
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>",
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>'
        '<w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr></w:style>",
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList">'
        '<w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>",
    ]
    for spec in style_specs(options):
        out.append(_style_xml(style, options, spec))
    out.append("</w:styles>")
    return "".join(out)


def _style_xml(style: Style, options: DocxOptions, spec: StyleSpec) -> str:
    head = f'<w:style w:type="{spec.kind}" w:customStyle="1"'
    if spec.name in BUILTIN_NAMES:
        head = f'<w:style w:type="{spec.kind}"'
    out = [head + f' w:styleId="{style_id(spec.name)}"><w:name w:val="{esc(spec.name)}"/>']
    if spec.based_on:
        out.append(f'<w:basedOn w:val="{style_id(spec.based_on)}"/>')
    if spec.next:
        out.append(f'<w:next w:val="{style_id(spec.next)}"/>')
    if spec.link:
        out.append(f'<w:link w:val="{style_id(spec.link)}"/>')
    if spec.outline_level is not None:
        out.append(f'<w:uiPriority w:val="{9}"/>')
    out.append("<w:qFormat/>" if spec.kind == "paragraph" else "<w:unhideWhenUsed/>")
    if spec.role is None:  # the hyperlink character style
        link = colour_hex(style.colour("link"))
        out.append(f'<w:rPr><w:color w:val="{link}"/><w:u w:val="single"/></w:rPr>')
    else:
        role = style.role(spec.role)  # type: ignore[arg-type]
        if spec.kind == "paragraph":
            num = options.bullet_num_id if spec.numbered else None
            out.append(role_ppr(role, options, outline_level=spec.outline_level, num_id=num))
        out.append(role_rpr(style, role))
    out.append("</w:style>")
    return "".join(out)


# Names Word knows as built-in styles (written without w:customStyle).
BUILTIN_NAMES = frozenset(
    {
        "Normal",
        "Title",
        "Subtitle",
        "Date",
        "heading 1",
        "heading 2",
        "heading 3",
        "Body Text",
        "List Bullet",
        "header",
        "footer",
        "Hyperlink",
        "Strong",
        "Emphasis",
        "Quote",
        "Block Text",
        "Closing",
        "Signature",
    }
)


def numbering_part(style: Style, options: DocxOptions) -> str:
    """numbering.xml: one bullet definition with the style's glyph, linked to List Bullet."""
    role = style.role("bullet")
    body_fonts = style.fonts.docx[role.font]
    glyph = esc(style.strings.bullet)
    latin, east = esc(body_fonts.latin), esc(body_fonts.east_asian)
    bullet_style = style_id(options.style_names["bullet"])
    return (
        XML_DECL + f'<w:numbering xmlns:w="{W_NS}">'
        '<w:abstractNum w:abstractNumId="0"><w:nsid w:val="42524601"/>'
        '<w:multiLevelType w:val="singleLevel"/><w:tmpl w:val="42524602"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        f'<w:pStyle w:val="{bullet_style}"/><w:lvlText w:val="{glyph}"/>'
        '<w:lvlJc w:val="left"/><w:pPr>'
        f'<w:ind w:left="{twips(role.indent)}" w:hanging="{twips(role.hanging)}"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east}"'
        f' w:cs="{latin}"/></w:rPr></w:lvl></w:abstractNum>'
        f'<w:num w:numId="{options.bullet_num_id}"><w:abstractNumId w:val="0"/></w:num>'
        "</w:numbering>"
    )


def settings_part(options: DocxOptions) -> str:
    """settings.xml: tab stop, Japanese punctuation compression, Word 2013+ layout."""
    return (
        XML_DECL + f'<w:settings xmlns:w="{W_NS}">'
        '<w:zoom w:percent="100"/>'
        f'<w:defaultTabStop w:val="{twips(options.default_tab_pt)}"/>'
        '<w:characterSpacingControl w:val="compressPunctuation"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode"'
        ' w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        f'<w:themeFontLang w:val="{esc(options.language_latin)}"'
        f' w:eastAsia="{esc(options.language_east_asian)}"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
        "</w:settings>"
    )


# ------------------------------------------------------------------ package


def content_types(overrides: Mapping[str, str]) -> str:
    """[Content_Types].xml for the given part names -> content types."""
    rows = "".join(
        f'<Override PartName="/{name}" ContentType="{kind}"/>'
        for name, kind in sorted(overrides.items())
    )
    return (
        XML_DECL + f'<Types xmlns="{CT_NS}">'
        '<Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{rows}</Types>"
    )


def relationships(rels: Iterable[tuple[str, str, str, bool]]) -> str:
    """A .rels part from (id, type suffix or full URI, target, external)."""
    rows = []
    for rid, kind, target, external in rels:
        full = kind if kind.startswith("http") else REL_TYPE + kind
        mode = ' TargetMode="External"' if external else ""
        rows.append(f'<Relationship Id="{rid}" Type="{full}" Target="{esc(target)}"{mode}/>')
    return XML_DECL + f'<Relationships xmlns="{REL_NS}">' + "".join(rows) + "</Relationships>"


def zip_package(parts: Mapping[str, bytes]) -> bytes:
    """The parts zipped reproducibly: fixed dates and attributes, content types first."""
    names = sorted(parts, key=lambda name: (name != "[Content_Types].xml", name))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, parts[name], compresslevel=9)
    return buffer.getvalue()


CORE_TYPE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
APP_CT = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
CORE_CT = "application/vnd.openxmlformats-package.core-properties+xml"
THEME_CT = "application/vnd.openxmlformats-officedocument.theme+xml"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def theme_part(style: Style) -> str:
    """A minimal DrawingML theme: the style's colours, its heading/body fonts as major/minor.

    The styles never refer to it (theme-font attributes are removed), but Word
    expects a theme part beside the main document.
    """
    colours = style.colours
    text = colour_hex(colours.get("text", "#000000"))

    def colour(name: str) -> str:
        return colour_hex(colours.get(name, "#" + text))

    scheme = [
        ("dk1", text),
        ("lt1", colour("background")),
        ("dk2", colour("accent")),
        ("lt2", colour("rule")),
        ("accent1", colour("accent")),
        ("accent2", colour("muted")),
        ("accent3", colour("link")),
        ("accent4", colour("rule")),
        ("accent5", colour("accent")),
        ("accent6", colour("muted")),
        ("hlink", colour("link")),
        ("folHlink", colour("muted")),
    ]
    clr = "".join(f'<a:{tag}><a:srgbClr val="{value}"/></a:{tag}>' for tag, value in scheme)

    def font(kind: str, role_font: str) -> str:
        fonts = style.fonts.docx[role_font]  # type: ignore[index]
        return (
            f'<a:{kind}><a:latin typeface="{esc(fonts.latin)}"/>'
            f'<a:ea typeface="{esc(fonts.east_asian)}"/><a:cs typeface=""/></a:{kind}>'
        )

    solid = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="6350">{solid}</a:ln>'
    effect = "<a:effectStyle><a:effectLst/></a:effectStyle>"
    return (
        XML_DECL + f'<a:theme xmlns:a="{A_NS}" name="{esc(style.name)}"><a:themeElements>'
        f'<a:clrScheme name="{esc(style.name)}">{clr}</a:clrScheme>'
        f'<a:fontScheme name="{esc(style.name)}">'
        f"{font('majorFont', 'heading')}{font('minorFont', 'body')}</a:fontScheme>"
        f'<a:fmtScheme name="{esc(style.name)}">'
        f"<a:fillStyleLst>{solid * 3}</a:fillStyleLst>"
        f"<a:lnStyleLst>{line * 3}</a:lnStyleLst>"
        f"<a:effectStyleLst>{effect * 3}</a:effectStyleLst>"
        f"<a:bgFillStyleLst>{solid * 3}</a:bgFillStyleLst>"
        "</a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
    )
