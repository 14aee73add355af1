"""Legacy Word (.doc), RTF and OpenDocument text: converted to DOCX by LibreOffice, then read.

LibreOffice runs headless with a profile of its own in a temporary folder (so it
never touches or waits for a user's running instance) and a time limit.  Without
LibreOffice the error names the missing program and how to get it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import ClassVar

from briefout.errors import UserError
from briefout.readers.source import SourceDocument

TIMEOUT_S = 120


def office_program() -> str | None:
    """The LibreOffice command (``soffice`` or ``libreoffice``), if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(path: Path) -> bytes:
    """The DOCX LibreOffice makes of ``path``; a plain error when it cannot."""
    from briefout.readers.docx import read_file
    from briefout.readers.docx.package import ENCRYPTED_MARK, OLE_MAGIC

    program = office_program()
    if program is None:
        raise UserError(
            f"{path}: reading {path.suffix or 'this'} files needs LibreOffice (the 'soffice' "
            "program), which is not installed; install it (Debian: apt-get install "
            "libreoffice-writer-nogui) or save the file as .docx in Word and import that"
        )
    data = read_file(path)
    if data.startswith(OLE_MAGIC) and ENCRYPTED_MARK in data:
        raise UserError(
            f"{path}: the document is password-protected (encrypted); open it in Word, "
            "remove the password and import it again"
        )
    with tempfile.TemporaryDirectory(prefix="briefout-doc-") as folder:
        work = Path(folder)
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(work / "out"),
            str(path.resolve()),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise UserError(
                f"{path}: LibreOffice did not finish converting it within {TIMEOUT_S} s"
            ) from None
        converted = work / "out" / (path.stem + ".docx")
        if not converted.is_file():  # soffice exits 0 even when it fails
            raise UserError(
                f"{path}: LibreOffice could not convert it: the file is damaged, "
                "password-protected or not a word-processor document; open it in Word "
                "and save it as .docx"
            )
        return converted.read_bytes()


class DocReader:
    """Word 97-2003 (.doc), RTF and ODT through LibreOffice headless."""

    name: ClassVar[str] = "doc"
    suffixes: ClassVar[tuple[str, ...]] = (".doc", ".rtf", ".odt")
    description: ClassVar[str] = "Word 97-2003 .doc, RTF, ODT (converted by LibreOffice)"

    def read(self, path: Path) -> SourceDocument:
        """Convert to DOCX, then read it as the docx reader does."""
        from briefout.readers.docx import read_docx_bytes

        document = read_docx_bytes(convert_to_docx(path), str(path))
        document.notes.append(f"converted from {path.suffix} to DOCX by LibreOffice")
        return document
