"""The Reader protocol and the registry over the ``briefout.readers`` entry-point group.

A reader turns one source file (a Word document, a text draft) into a
:class:`~briefout.readers.source.SourceDocument`: paragraphs in order with
their runs and layout facts.  Built-in readers are registered through entry
points in ``pyproject.toml`` exactly as a third-party package would register
its own, and are imported only when used.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from briefout.errors import UserError
from briefout.plugins import Registry

if TYPE_CHECKING:
    from briefout.readers.source import SourceDocument

GROUP = "briefout.readers"


@runtime_checkable
class Reader(Protocol):
    """A source format: name, the file suffixes it claims, and a read function."""

    name: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]
    description: ClassVar[str]

    def read(self, path: Path) -> SourceDocument:
        """Flatten the file into paragraphs; raise UserError naming the file if unreadable."""
        ...


READERS: Registry[Reader] = Registry(
    GROUP,
    Reader,
    noun="reader",
    subject="the '{name}' reader",
    unknown="unknown source format '{name}'; known formats: {known}",
)


def register_reader(reader: Reader, *, override: bool = False) -> None:
    """Register a reader object in this process (entry points are the usual way)."""
    READERS.register(reader, override=override)


def unregister_reader(name: str) -> None:
    """Forget a reader registered with :func:`register_reader`."""
    READERS.unregister(name)


def reader_names() -> list[str]:
    """Every registered reader name, sorted."""
    return READERS.names()


def get_reader(name: str) -> Reader:
    """The reader called ``name``; a clear UserError if there is none or it cannot load."""
    return READERS.get(name)


def reader_for(path: Path, name: str | None = None) -> Reader:
    """The reader named ``name``, else the one claiming the file's suffix."""
    if name:
        return get_reader(name)
    suffix = path.suffix.lower()
    loaded = []
    for reader in READERS.available():  # unloadable ones: `briefout readers` says why
        if suffix in reader.suffixes:
            return reader
        loaded.append(reader)
    known = ", ".join(f"{s} ({reader.name})" for reader in loaded for s in reader.suffixes)
    raise UserError(
        f"{path}: no reader for '{suffix or 'a file without suffix'}' files; "
        f"known: {known}; name one with --from"
    )


def describe_readers() -> list[tuple[str, str, str]]:
    """(name, suffixes, description) of every registered reader; unloadable ones say why."""
    return READERS.describe(lambda reader: (" ".join(reader.suffixes), reader.description))
