"""Write DOCX files the way Word does, from raw WordprocessingML (for the importer's corpus).

No python-docx: each part is written out as Word 2016 writes it (rsid attributes, split
runs, ``w:b``/``w:bCs`` pairs, ``xml:space="preserve"``), so the tests read what a Word
user's file really holds.  ``p()`` and ``r()`` build paragraphs and runs; ``docx()``
packs a body with styles, numbering and hyperlink relationships.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def r(text: str = "", *, b: bool | None = None, i: bool | None = None, sz: int | None = None,
      style: str | None = None, vanish: bool = False, rsid: str = "00A1B2C3") -> str:  # fmt: skip
    """A run as Word writes it: properties, then ``w:t`` (``w:tab``/``w:br`` for \\t/\\n)."""
    props = []
    if style:
        props.append(f'<w:rStyle w:val="{style}"/>')
    if b is not None:
        props.append("<w:b/><w:bCs/>" if b else '<w:b w:val="0"/><w:bCs w:val="0"/>')
    if i is not None:
        props.append("<w:i/><w:iCs/>" if i else '<w:i w:val="0"/>')
    if vanish:
        props.append("<w:vanish/>")
    if sz:
        props.append(f'<w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/>')
    rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
    pieces = []
    for index, line in enumerate(text.split("\n")):
        if index:
            pieces.append("<w:br/>")
        for t_index, chunk in enumerate(line.split("\t")):
            if t_index:
                pieces.append("<w:tab/>")
            if chunk:
                pieces.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    return f'<w:r w:rsidR="{rsid}">{rpr}{"".join(pieces)}</w:r>'


def p(*runs: str, style: str | None = None, num: tuple[int, int] | None = None,
      jc: str | None = None, outline: int | None = None) -> str:  # fmt: skip
    """A paragraph with optional style, numbering (numId, ilvl), alignment, outline level."""
    props = []
    if style:
        props.append(f'<w:pStyle w:val="{style}"/>')
    if num:
        props.append(f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>')
    if jc:
        props.append(f'<w:jc w:val="{jc}"/>')
    if outline is not None:
        props.append(f'<w:outlineLvl w:val="{outline}"/>')
    ppr = f"<w:pPr>{''.join(props)}</w:pPr>" if props else ""
    return f'<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00A1B2C3">{ppr}{"".join(runs)}</w:p>'


def hyperlink(rid: str, *runs: str) -> str:
    """A ``w:hyperlink`` to the relationship ``rid``."""
    return f'<w:hyperlink r:id="{rid}" w:history="1">{"".join(runs)}</w:hyperlink>'


def field(instruction: str, *result: str) -> str:
    """A complex field: begin, instruction split over two runs, separate, result, end."""
    half = len(instruction) // 2
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{escape(instruction[:half])}</w:instrText></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{escape(instruction[half:])}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + "".join(result)
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def simple_field(instruction: str, *result: str) -> str:
    """A ``w:fldSimple`` with its result runs."""
    return f"<w:fldSimple w:instr={quoteattr(instruction)}>{''.join(result)}</w:fldSimple>"


def inserted(*runs: str) -> str:
    """A tracked insertion."""
    return (
        f'<w:ins w:id="1" w:author="Editor" w:date="2026-01-08T10:00:00Z">{"".join(runs)}</w:ins>'
    )


def deleted(text: str) -> str:
    """A tracked deletion (``w:delText``)."""
    return (
        '<w:del w:id="2" w:author="Editor" w:date="2026-01-08T10:00:00Z"><w:r>'
        f'<w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>'
    )


def content_control(*inner: str, block: bool = False) -> str:
    """A content control (``w:sdt``) around runs or paragraphs."""
    return (
        '<w:sdt><w:sdtPr><w:alias w:val="Box"/><w:id w:val="7"/></w:sdtPr>'
        f"<w:sdtContent>{''.join(inner)}</w:sdtContent></w:sdt>"
    )


def smart_tag(*runs: str) -> str:
    """A smart tag around runs (older Word)."""
    uri = "urn:schemas-microsoft-com:office:smarttags"
    return f'<w:smartTag w:uri="{uri}" w:element="place">{"".join(runs)}</w:smartTag>'


def ruby(base: str, reading: str) -> str:
    """Furigana: the reading over the base text."""
    return (
        '<w:r><w:ruby><w:rubyPr><w:rubyAlign w:val="distributeSpace"/><w:hps w:val="10"/>'
        '<w:hpsRaise w:val="18"/><w:hpsBaseText w:val="21"/><w:lid w:val="ja-JP"/></w:rubyPr>'
        f"<w:rt><w:r><w:t>{escape(reading)}</w:t></w:r></w:rt>"
        f"<w:rubyBase><w:r><w:t>{escape(base)}</w:t></w:r></w:rubyBase></w:ruby></w:r>"
    )


def symbol(code: str = "F0B7") -> str:
    """A ``w:sym`` character (Symbol font private-use code)."""
    return f'<w:r><w:sym w:font="Symbol" w:char="{code}"/></w:r>'


def style(sid: str, name: str, *, kind: str = "paragraph", based_on: str | None = None,
          ppr: str = "", rpr: str = "", default: bool = False) -> str:  # fmt: skip
    """A ``w:style`` element."""
    default_attr = ' w:default="1"' if default else ""
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return (
        f'<w:style w:type="{kind}"{default_attr} w:styleId="{sid}"><w:name w:val="{name}"/>'
        f"{based}<w:qFormat/>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}"
        f"{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}</w:style>"
    )


NORMAL = style("a", "Normal", default=True) + style(
    "a0", "Default Paragraph Font", kind="character", default=True
)


def numbering(*definitions: tuple[int, str, str, str | None]) -> str:
    """numbering.xml: (numId, numFmt, lvlText, pStyle) -> one abstract list each, level 0."""
    abstracts, nums = [], []
    for num_id, fmt, text, pstyle in definitions:
        linked = f'<w:pStyle w:val="{pstyle}"/>' if pstyle else ""
        font = '<w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr>'
        abstracts.append(
            f'<w:abstractNum w:abstractNumId="{num_id}">'
            '<w:multiLevelType w:val="hybridMultilevel"/>'
            f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{linked}'
            f'<w:lvlText w:val="{escape(text)}"/><w:lvlJc w:val="left"/>'
            f"{font if fmt == 'bullet' else ''}</w:lvl></w:abstractNum>"
        )
        nums.append(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>')
    return f"<w:numbering {NS}>{''.join(abstracts)}{''.join(nums)}</w:numbering>"


def docx(body: list[str], *, styles: str = "", numbering_xml: str | None = None,
         links: dict[str, str] | None = None, defaults_rpr: str = "") -> bytes:  # fmt: skip
    """A complete .docx package around ``body`` paragraphs."""
    rels = [
        f'<Relationship Id="rIdStyles" Type="{REL}/styles" Target="styles.xml"/>',
        *(
            f'<Relationship Id="{rid}" Type="{REL}/hyperlink" Target={quoteattr(url)} '
            'TargetMode="External"/>'
            for rid, url in (links or {}).items()
        ),
    ]
    overrides = [
        ("/word/document.xml", "wordprocessingml.document.main+xml"),
        ("/word/styles.xml", "wordprocessingml.styles+xml"),
    ]
    if numbering_xml is not None:
        rels.append(f'<Relationship Id="rIdNum" Type="{REL}/numbering" Target="numbering.xml"/>')
        overrides.append(("/word/numbering.xml", "wordprocessingml.numbering+xml"))
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(
            f'<Override PartName="{name}" '
            f'ContentType="application/vnd.openxmlformats-officedocument.{kind}"/>'
            for name, kind in overrides
        )
        + "</Types>"
    )
    package_rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
        "</Relationships>"
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>'
        + "".join(body)
        + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
    )
    styles_xml = (
        f"<w:styles {NS}><w:docDefaults><w:rPrDefault><w:rPr>{defaults_rpr}</w:rPr>"
        f"</w:rPrDefault></w:docDefaults>{NORMAL}{styles}</w:styles>"
    )
    parts = {
        "[Content_Types].xml": content_types,
        "_rels/.rels": package_rels,
        "word/document.xml": document,
        "word/_rels/document.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(rels)
        + "</Relationships>",
        "word/styles.xml": styles_xml,
    }
    if numbering_xml is not None:
        parts["word/numbering.xml"] = numbering_xml
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()
