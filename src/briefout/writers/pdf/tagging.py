"""Tagged PDF output: marked content while drawing, then the structure tree and its metadata.

The drawer asks :class:`Tagger` for the operator that opens each run of spans
of one tag: ``/P <</MCID 3>> BDC`` for content (the page's next marked-content
id, recorded for the span's element) or ``/Artifact BMC`` for furniture and
decoration.  An element joins its parent's children when its first content is
drawn, so every element's children come out in reading order.  Link annotations
get a ``/StructParent`` and an ``OBJR`` in their ``Link`` element.  At the end
:meth:`Tagger.finish` writes the elements, the parent tree (page → MCID →
element, annotation → element), ``/MarkInfo``, ``/StructTreeRoot`` and the XMP
metadata that identifies the file as PDF/UA-1 (ISO 14289-1).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from briefout.writers.pdf import rlcompat
from briefout.writers.pdf.structure import Artifact, Element

if TYPE_CHECKING:
    from briefout.writers.pdf.structure import Tag


@dataclass(frozen=True)
class Marked:
    """Content of an element: marked-content id ``mcid`` on page ``page`` (0-based)."""

    page: int
    mcid: int


@dataclass(frozen=True)
class Annotation:
    """An annotation (a link's clickable area) belonging to an element, on page ``page``."""

    page: int
    reference: Any


Kid = Marked | Annotation | Element


class Tagger:
    """Records marked content and annotations while a canvas is drawn; writes the tree."""

    def __init__(self, canvas: Any) -> None:
        self.canvas = canvas
        self.kids: dict[Element, list[Kid]] = {}
        self.roots: list[Element] = []
        self.pages: list[Any] = []  # page references, by page index
        self.marked: list[list[Element]] = []  # per page: the element of each MCID
        # the parent tree in key order: a page's key -> its MCIDs' elements, or an
        # annotation's key -> its element (keys are given out as pages and links come)
        self.parent_tree: list[list[Element] | Element] = []
        self.annotated_pages: set[int] = set()

    # -- while drawing ----------------------------------------------------------------

    def begin_page(self) -> None:
        self.pages.append(rlcompat.page_reference(self.canvas))
        self.marked.append([])
        self.page_key = len(self.parent_tree)
        self.parent_tree.append(self.marked[-1])

    def open(self, tag: Tag) -> str:
        """The operator opening a marked-content sequence for ``tag`` (close it with EMC)."""
        if isinstance(tag, Artifact):
            if not tag.kind:
                return "/Artifact BMC"
            return f"/Artifact <</Type /{tag.kind} /Subtype /{tag.subtype}>> BDC"
        page = len(self.pages) - 1
        mcid = len(self.marked[page])
        self.marked[page].append(tag)
        self._attach(tag).append(Marked(page, mcid))
        return f"/{tag.kind} <</MCID {mcid}>> BDC"

    def link(self, element: Element, url: str, rect: tuple[float, ...]) -> None:
        """A link annotation over ``rect`` for ``element``, described by its text."""
        from reportlab.pdfbase.pdfdoc import PDFString

        key = len(self.parent_tree)
        self.parent_tree.append(element)
        description = element.description or url
        self.canvas.linkURL(
            url,
            rect,
            relative=0,
            thickness=0,
            Contents=PDFString(description),
            StructParent=key,
            F=4,  # Print: the link is part of the page on paper as on screen
        )
        page = len(self.pages) - 1
        self._attach(element).append(Annotation(page, rlcompat.last_annotation(self.canvas)))
        self.annotated_pages.add(page)

    def end_page(self) -> None:
        """After ``showPage``: the page's key in the parent tree, and its tab order."""
        page = len(self.pages) - 1
        entries: dict[str, Any] = {"StructParents": self.page_key}
        if page in self.annotated_pages:
            entries["Tabs"] = "/S"
        rlcompat.set_page_entries(self.canvas, entries)

    def _attach(self, element: Element) -> list[Kid]:
        """The element's children so far; on first use, it becomes its parent's next child."""
        found = self.kids.get(element)
        if found is None:
            found = self.kids[element] = []
            if element.parent is None:
                self.roots.append(element)
            else:
                self._attach(element.parent).append(element)
        return found

    # -- at the end ---------------------------------------------------------------------

    def finish(self, title: str, language: str, timestamp: dt.datetime, creator: str) -> None:
        """Write the structure tree, the parent tree and the tagged-PDF catalog entries."""
        from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary

        root = PDFDictionary({"Type": "/StructTreeRoot"})
        root_ref = rlcompat.register(self.canvas, root)
        dicts = {element: PDFDictionary() for element in self.kids}
        refs = {element: rlcompat.register(self.canvas, found) for element, found in dicts.items()}
        for element, kids in self.kids.items():
            parent = root_ref if element.parent is None else refs[element.parent]
            dicts[element].dict.update(_element_entries(element, kids, parent, refs, self.pages))
        nums: list[Any] = []
        for key, value in enumerate(self.parent_tree):
            if isinstance(value, Element):
                nums += [key, refs[value]]
            else:
                nums += [key, PDFArray([refs[element] for element in value])]
        root.dict["K"] = PDFArray([refs[element] for element in self.roots])
        root.dict["ParentTree"] = PDFDictionary({"Nums": PDFArray(nums)})
        root.dict["ParentTreeNextKey"] = len(self.parent_tree)
        self.canvas.setCatalogEntry("StructTreeRoot", root)
        self.canvas.setCatalogEntry("MarkInfo", PDFDictionary({"Marked": "true"}))
        self.canvas.setViewerPreference("DisplayDocTitle", "true")
        self.canvas.setCatalogEntry("Metadata", _metadata(title, language, timestamp, creator))


def _element_entries(
    element: Element,
    kids: list[Kid],
    parent: Any,
    refs: dict[Element, Any],
    pages: list[Any],
) -> dict[str, Any]:
    """``element``'s dictionary: type, parent, page, language and children in reading order."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFString

    entries: dict[str, Any] = {"S": f"/{element.kind}", "P": parent}
    home = next((kid.page for kid in kids if isinstance(kid, Marked | Annotation)), None)
    if home is not None:
        entries["Pg"] = pages[home]
    if element.lang is not None:
        entries["Lang"] = PDFString(element.lang)
    out: list[Any] = []
    for kid in kids:
        if isinstance(kid, Element):
            out.append(refs[kid])
        elif isinstance(kid, Marked) and kid.page == home:
            out.append(kid.mcid)
        elif isinstance(kid, Marked):
            out.append(PDFDictionary({"Type": "/MCR", "Pg": pages[kid.page], "MCID": kid.mcid}))
        else:
            objr = {"Type": "/OBJR", "Obj": kid.reference, "Pg": pages[kid.page]}
            out.append(PDFDictionary(objr))
    entries["K"] = out[0] if len(out) == 1 else PDFArray(out)
    return entries


_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
<xmp:CreatorTool>{creator}</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""


def _xml(text: str) -> str:
    """``text`` as XML character data (xml.sax.saxutils would import urllib.request and ssl)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _metadata(title: str, language: str, timestamp: dt.datetime, creator: str) -> Any:
    """The XMP metadata stream: title, language, tool, dates and the PDF/UA-1 identification."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFStream

    date = timestamp.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    packet = _XMP.format(
        title=_xml(title), language=_xml(language), creator=_xml(creator), date=date
    )
    dictionary = PDFDictionary({"Type": "/Metadata", "Subtype": "/XML"})
    return PDFStream(dictionary, packet.encode("utf-8"))  # uncompressed, readable as text
