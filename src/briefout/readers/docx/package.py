"""The OPC package of a DOCX: parts by relationship, parsed safely, with plain errors.

A DOCX is a ZIP of XML parts.  The main document is found through the package
relationships (not by a fixed name); every part is parsed with lxml without
entities, DTDs or network.  Files that are not DOCX (text, a corrupt ZIP, an
old binary .doc, a password-protected document) get a message naming the file
and what to do.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefout.errors import UserError

if TYPE_CHECKING:
    from lxml import etree

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The stream name an encrypted (password-protected) OOXML file carries in its OLE container.
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
#: Most bytes a package may expand to (a ZIP bomb is refused, not unpacked).
MAX_UNPACKED = 512 * 1024 * 1024
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = "/officeDocument"


@dataclass(frozen=True)
class Relationship:
    """One relationship of a part: its type (the last path segment) and target."""

    kind: str
    target: str
    external: bool


def sniff(data: bytes, display: str) -> None:
    """Refuse what is not a ZIP package, with the reason in plain words."""
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_MARK in data:
            raise UserError(
                f"{display}: the document is password-protected (encrypted); open it in Word, "
                "remove the password (File > Info > Protect Document) and import it again"
            )
        raise UserError(
            f"{display}: this is an old binary Word document (.doc) with a .docx name; "
            "rename it to .doc or import it with --from doc"
        )
    if not data.startswith(b"PK"):
        raise UserError(
            f"{display}: not a Word document (a .docx is a ZIP package; this file is not one); "
            "save it from Word as .docx, or import a text draft as .txt"
        )


class Package:
    """The parts of an opened DOCX."""

    def __init__(self, data: bytes, display: str) -> None:
        sniff(data, display)
        self.display = display
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            names = {info.filename: info for info in self.zip.infolist()}
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise UserError(
                f"{display}: the file is damaged (not a readable ZIP package: {exc}); "
                "open it in Word and save it again"
            ) from None
        if sum(info.file_size for info in names.values()) > MAX_UNPACKED:
            raise UserError(f"{display}: the package unpacks to more than 512 MiB; refused")
        self.names = names

    def read(self, name: str) -> bytes | None:
        """The bytes of a part, or None if the package has no such part."""
        if name not in self.names:
            return None
        try:
            return self.zip.read(name)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise UserError(
                f"{self.display}: the part {name} is damaged ({exc}); "
                "open the file in Word and save it again"
            ) from None

    def xml(self, name: str) -> etree._Element | None:
        """A part parsed as XML (no entities, no DTD, no network), or None if absent."""
        from lxml import etree

        data = self.read(name)
        if data is None:
            return None
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        try:
            return etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            raise UserError(
                f"{self.display}: the part {name} is not well-formed XML ({exc}); "
                "open the file in Word and save it again"
            ) from None

    def relationships(self, part: str) -> dict[str, Relationship]:
        """The relationships of ``part`` ("" for the package), by id."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        found: dict[str, Relationship] = {}
        if root is None:
            return found
        for rel in root.iter(f"{{{REL_NS}}}Relationship"):
            external = rel.get("TargetMode") == "External"
            target = rel.get("Target", "")
            if not external:
                target = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            found[rel.get("Id", "")] = Relationship(kind, target, external)
        return found

    def related(self, part: str, kind: str) -> str | None:
        """The name of the first part related to ``part`` by a relationship of ``kind``."""
        for rel in self.relationships(part).values():
            if rel.kind == kind and not rel.external:
                return rel.target
        return None

    def main_document(self) -> str:
        """The main document part's name; a plain error if the package has none."""
        name = self.related("", OFFICE_DOCUMENT.strip("/"))
        if name is None or name not in self.names:
            raise UserError(
                f"{self.display}: a ZIP file but not a Word document (it has no main document "
                "part); save it from Word as .docx"
            )
        return name
