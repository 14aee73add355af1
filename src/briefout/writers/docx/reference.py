"""Build a style's reference.docx from its roles: ``python -m briefout.writers.docx.reference``.

The reference document holds the named styles, the bullet numbering, the page
setup and one sample paragraph in each style (its text is the style's name and
role), so an editor sees every style in Word's Styles pane and can restyle the
briefing by editing this file.  The DOCX writer opens it with python-docx and
writes the issue into it.  The built-in ``styles/embassy/reference.docx`` is
exactly this script's output (a test checks it byte for byte).

It starts from python-docx's default template, drops its stale parts
(stylesWithEffects, webSettings, customXml, the thumbnail, the Mac app
properties), deletes every style but Word's four standard ones and the latent
style list, then adds one style per role through ``document.styles``.  What
python-docx has no API for (East Asian fonts, languages, outline levels, style
links, the numbering definition, the font table) goes through its oxml layer.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .package import (
    RPR_AFTER_LANG,
    RPR_AFTER_SZCS,
    STYLE_AFTER_LINK,
    insert,
    reproducible_zip,
    set_rfonts,
)

if TYPE_CHECKING:
    from briefout.model import Issue
    from briefout.style import Role, RoleName, Style

    from . import DocxOptions

# The sample content shown in the reference document (not part of any layout).
_SAMPLE_TIMESTAMP = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

# Word's standard styles, kept in every document (python-docx's template has them).
STANDARD_STYLES = ("Normal", "Default Paragraph Font", "Normal Table", "No List")

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

_STALE_RELS = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/webSettings",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
)


def style_id(name: str) -> str:
    """Word's style id for a style name: 'heading 1' -> 'Heading1', 'footer' -> 'Footer'."""
    words = re.split(r"[^0-9A-Za-z]+", name)
    built = "".join(word[:1].upper() + word[1:] for word in words if word)
    return built or "Style" + format(sum(map(ord, name)), "x")


@dataclass(frozen=True)
class StyleSpec:
    """One named style of the document, derived from a role."""

    kind: str  # paragraph | character
    name: str
    role: RoleName | None
    based_on: str | None = None
    next: str | None = None
    link: str | None = None
    outline_level: int | None = None
    numbered: bool = False


def style_specs(options: DocxOptions) -> list[StyleSpec]:
    """Every style the writer uses, in the order they appear in styles.xml."""
    names = options.style_names
    heading_1, heading_2 = names["section"], names["headline_ja"]
    para = "paragraph"
    return [
        StyleSpec(para, names["title"], "title", "Normal", names["subtitle"]),
        StyleSpec(para, names["subtitle"], "subtitle", "Normal", names["period"]),
        StyleSpec(para, names["period"], "period", "Normal", names["issuer"]),
        StyleSpec(para, names["issuer"], "issuer", "Normal", heading_1),
        StyleSpec(para, heading_1, "section", "Normal", heading_2, outline_level=0),
        StyleSpec(para, heading_2, "headline_ja", "Normal", names["headline_en"], outline_level=1),
        StyleSpec(para, names["headline_en"], "headline_en", "Normal", names["body"]),
        StyleSpec(para, names["body"], "body", "Normal", names["body"]),
        StyleSpec(para, names["bullet"], "bullet", "Normal", names["bullet"], numbered=True),
        StyleSpec(para, names["label"], "label", "Normal", names["body"]),
        StyleSpec(
            para, names["citation"], "citation", "Normal", heading_2, options.citation_char_style
        ),
        StyleSpec(para, names["end"], "end", "Normal", "Normal"),
        StyleSpec(para, names["header"], "header", "Normal", names["header"]),
        StyleSpec(para, names["footer"], "footer", "Normal", names["footer"]),
        StyleSpec(
            "character",
            options.citation_char_style,
            "citation",
            "Default Paragraph Font",
            link=names["citation"],
        ),
        StyleSpec("character", options.hyperlink_style, None, "Default Paragraph Font"),
    ]


# ------------------------------------------------------------------ document


def styled_document(style: Style, options: DocxOptions) -> Any:
    """A python-docx Document holding the style's named styles and bullet numbering."""
    import docx

    document = docx.Document()
    _drop_stale_parts(document)
    _settings(document, options)
    _styles(document, style, options)
    _numbering(document, style, options)
    _font_table(document, style)
    return document


def _drop_stale_parts(document: Any) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype in _STALE_RELS:
            part.drop_rel(rid)
    package = part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]
    settings = document.settings.element
    for tag in ("w:rsids", "w:proofState", "w:savePreviewPicture", "w14:docId"):
        for node in settings.xpath(tag):
            settings.remove(node)
    sect_pr = document.sections[0]._sectPr
    for name in list(sect_pr.attrib):
        if name.endswith("}rsidR") or name.endswith("}rsidRPr") or name.endswith("}rsidSect"):
            del sect_pr.attrib[name]


def _settings(document: Any, options: DocxOptions) -> None:
    """Tab stop, Japanese punctuation compression, Word 2013+ layout, theme languages."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    settings = document.settings.element
    values = {
        "w:defaultTabStop": {"w:val": str(Pt(options.default_tab_pt).twips)},
        "w:characterSpacingControl": {"w:val": "compressPunctuation"},
        "w:compat/w:compatSetting[@w:name='compatibilityMode']": {"w:val": "15"},
        "w:themeFontLang": {
            "w:val": options.language_latin,
            "w:eastAsia": options.language_east_asian,
        },
    }
    for path, attrs in values.items():
        (node,) = settings.xpath(path)  # python-docx's template has each of them
        for name, value in attrs.items():
            node.set(qn(name), value)


def _styles(document: Any, style: Style, options: DocxOptions) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.shared import RGBColor

    styles = document.styles
    for existing in list(styles):
        if existing.name not in STANDARD_STYLES:
            existing.delete()
    root = styles.element
    for node in root.xpath("w:latentStyles | w:style/w:rsid"):
        node.getparent().remove(node)

    normal = styles["Normal"]
    normal.paragraph_format.widow_control = True
    _run_format(normal, style, style.role("body"))

    # Document defaults (no API): the body role's run properties and the languages.
    defaults = root.find(qn("w:docDefaults"))
    r_default = defaults.find(qn("w:rPrDefault"))
    for child in list(r_default):
        r_default.remove(child)
    r_pr = copy.deepcopy(normal.element.rPr)
    r_default.append(r_pr)
    lang = r_pr.makeelement(qn("w:lang"), {})
    lang.set(qn("w:val"), options.language_latin)
    lang.set(qn("w:eastAsia"), options.language_east_asian)
    insert(r_pr, lang, RPR_AFTER_LANG)
    p_default = defaults.find(qn("w:pPrDefault") + "/" + qn("w:pPr"))
    for child in list(p_default):
        p_default.remove(child)
    if not options.snap_to_grid:
        p_default.append(p_default.makeelement(qn("w:snapToGrid"), {qn("w:val"): "0"}))

    kinds = {"paragraph": WD_STYLE_TYPE.PARAGRAPH, "character": WD_STYLE_TYPE.CHARACTER}
    for spec in style_specs(options):
        new = styles.add_style(spec.name, kinds[spec.kind], builtin=spec.name in BUILTIN_NAMES)
        new.style_id = style_id(spec.name)
        element = new.element
        element.get_or_add_basedOn().val = style_id(spec.based_on or "Normal")
        if spec.next:
            element.get_or_add_next().val = style_id(spec.next)
        if spec.link:
            link = element.makeelement(qn("w:link"), {qn("w:val"): style_id(spec.link)})
            insert(element, link, STYLE_AFTER_LINK)
        if spec.outline_level is not None:
            new.priority = 9
        if spec.kind == "paragraph":
            new.quick_style = True
        else:
            new.unhide_when_used = True
        if spec.role is None:  # the hyperlink character style
            new.font.color.rgb = RGBColor.from_string(style.colour("link").lstrip("#").upper())
            new.font.underline = True
            continue
        role = style.role(spec.role)
        if spec.kind == "paragraph":
            _paragraph_format(new, role, options, spec)
        _run_format(new, style, role)


_ALIGN = {"left": "LEFT", "center": "CENTER", "right": "RIGHT", "justify": "JUSTIFY"}


def _paragraph_format(new: Any, role: Role, options: DocxOptions, spec: StyleSpec) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    fmt = new.paragraph_format
    if role.keep_with_next:
        fmt.keep_with_next = True
    fmt.space_before = Pt(role.space_before)
    fmt.space_after = Pt(role.space_after)
    fmt.line_spacing = role.line_height
    if role.indent or role.hanging:
        fmt.left_indent = Pt(role.indent)
        if role.hanging:
            fmt.first_line_indent = Pt(-role.hanging)
    fmt.alignment = getattr(WD_ALIGN_PARAGRAPH, _ALIGN[role.align])
    p_pr = new.element.get_or_add_pPr()
    if spec.numbered:
        num_pr = p_pr.get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = options.bullet_num_id
    if spec.outline_level is not None:
        p_pr.get_or_add_outlineLvl().val = spec.outline_level


def _run_format(target: Any, style: Style, role: Role) -> None:
    """Fonts, bold, italic, colour and size of a role on a style (python-docx ``Font``)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    font = target.font
    fonts = style.fonts.docx[role.font]
    font.name = fonts.latin
    r_pr = target.element.get_or_add_rPr()
    set_rfonts(r_pr, fonts.latin, fonts.east_asian)  # w:eastAsia and w:cs have no API
    if role.bold:
        font.bold = font.cs_bold = True
    if role.italic:
        font.italic = font.cs_italic = True
    font.color.rgb = RGBColor.from_string(style.colour(role.colour).lstrip("#").upper())
    font.size = Pt(role.size)
    size_cs = r_pr.makeelement(qn("w:szCs"), {qn("w:val"): str(round(role.size * 2))})
    insert(r_pr, size_cs, RPR_AFTER_SZCS)


def _numbering(document: Any, style: Style, options: DocxOptions) -> None:
    """One bullet definition with the style's glyph, linked to the List Bullet style."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    role = style.role("bullet")
    fonts = style.fonts.docx[role.font]

    def element(tag: str, parent: Any = None, **attrs: str) -> Any:
        node = OxmlElement(tag, {qn("w:" + key): value for key, value in attrs.items()})
        if parent is not None:
            parent.append(node)
        return node

    abstract = element("w:abstractNum", numbering, abstractNumId="0")
    element("w:nsid", abstract, val="42524601")
    element("w:multiLevelType", abstract, val="singleLevel")
    element("w:tmpl", abstract, val="42524602")
    level = element("w:lvl", abstract, ilvl="0")
    element("w:start", level, val="1")
    element("w:numFmt", level, val="bullet")
    element("w:pStyle", level, val=style_id(options.style_names["bullet"]))
    element("w:lvlText", level, val=style.strings.bullet)
    element("w:lvlJc", level, val="left")
    p_pr = element("w:pPr", level)
    element("w:ind", p_pr, left=str(Pt(role.indent).twips), hanging=str(Pt(role.hanging).twips))
    set_rfonts(element("w:rPr", level), fonts.latin, fonts.east_asian)
    num = numbering.add_num(0)
    num.numId = options.bullet_num_id


def _font_table(document: Any, style: Style) -> None:
    """fontTable.xml naming the style's Word fonts (the template's lists Mac Word's)."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import XmlPart
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype == RT.FONT_TABLE:
            part.drop_rel(rid)
    table = OxmlElement("w:fonts")
    names: dict[str, None] = {}
    for fonts in style.fonts.docx.values():
        names.update(dict.fromkeys((fonts.latin, fonts.east_asian)))
    for name in names:
        table.append(OxmlElement("w:font", {qn("w:name"): name}))
    # python-docx annotates XmlPart's element as BaseOxmlElement; it only serialises it, and
    # its own OxmlElement returns a plain lxml element for w:fonts
    fonts_part = XmlPart(
        PackURI("/word/fontTable.xml"),
        CT.WML_FONT_TABLE,
        table,  # type: ignore[arg-type]
        part.package,
    )
    part.relate_to(fonts_part, RT.FONT_TABLE)


# ------------------------------------------------------------------ sample


def _sample_issue(style: Style) -> Issue:
    from briefout.model import Issue

    names = style.writers.get("docx", {}).get("style_names", {})

    def label(role: str, default: str) -> str:
        return f"{names.get(role, default)} ({role})"

    body = (
        f"{label('body', 'Body Text')}: body paragraphs, justified, with *emphasis*, "
        "**bold** and [a link](https://example.invalid/).\n\n"
        f"- {label('bullet', 'List Bullet')}: a bullet from the numbering definition\n"
        "- a second bullet"
    )
    return Issue.model_validate(
        {
            "briefout": 1,
            "title": label("title", "Title"),
            "subtitle": label("subtitle", "Subtitle"),
            "period": "2000-01-01..2000-01-01",
            "issuer": label("issuer", "Issuer"),
            "sections": [
                {
                    "title": label("section", "heading 1"),
                    "items": [
                        {
                            "ja": label("headline_ja", "heading 2") + " 見出し",
                            "en": label("headline_en", "English Headline"),
                            "body": body,
                            "source": "Citation, 2000-01-01",
                            "parts": [
                                {
                                    "label": label("label", "Part Label"),
                                    "body": "Body of a labelled part.",
                                    "source": "Citation, 2000-01-01",
                                }
                            ],
                        }
                    ],
                }
            ],
        }
    )


def build_reference(style: Style) -> bytes:
    """The reference document of ``style``, built from its roles (reproducible bytes)."""
    from briefout.writers import RenderContext

    from . import fill_document, options_for

    options = options_for(style)
    document = styled_document(style, options)
    context = RenderContext(timestamp=_SAMPLE_TIMESTAMP, writer="docx")
    fill_document(document, _sample_issue(style), style, options, context, keep_all_styles=True)
    return save(document)


def save(document: Any) -> bytes:
    """The document's package bytes, zipped reproducibly."""
    import io

    buffer = io.BytesIO()
    document.save(buffer)
    return reproducible_zip(buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, compare) the reference document of a style."""
    from briefout.errors import UserError
    from briefout.style import load_style

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--style", default="embassy", help="built-in name or style folder")
    parser.add_argument("-o", "--output", type=Path, help="default: <style folder>/reference.docx")
    parser.add_argument("--check", action="store_true", help="fail if the file differs")
    args = parser.parse_args(argv)
    try:
        style = load_style(args.style)
        data = build_reference(style)
        target = args.output or style.find_file("style.yaml").parent / "reference.docx"
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        same = target.is_file() and target.read_bytes() == data
        print(f"{target}: {'up to date' if same else 'differs; regenerate it'}")
        return 0 if same else 1
    target.write_bytes(data)
    print(f"wrote {target} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
