"""The Reader protocol and the registry over the ``briefout.readers`` entry-point group.

A reader turns one source file (a Word document, a text draft) into a
:class:`~briefout.readers.source.SourceDocument`: paragraphs in order with
their runs and layout facts.  Built-in readers are registered through entry
points in ``pyproject.toml`` exactly as a third-party package would register
its own, and are imported only when used.
"""

from __future__ import annotations

from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from briefout.errors import UserError

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


_registered: dict[str, Reader] = {}


def register_reader(reader: Reader, *, override: bool = False) -> None:
    """Register a reader object in this process (entry points are the usual way)."""
    if reader.name in _registered and not override:
        raise ValueError(f"a reader named {reader.name!r} is already registered")
    _registered[reader.name] = reader


def unregister_reader(name: str) -> None:
    """Forget a reader registered with :func:`register_reader`."""
    _registered.pop(name, None)


def _entry_points() -> dict[str, EntryPoint]:
    found: dict[str, EntryPoint] = {}
    for point in entry_points(group=GROUP):
        found.setdefault(point.name, point)
    return found


def reader_names() -> list[str]:
    """Every registered reader name, sorted."""
    return sorted(set(_entry_points()) | set(_registered))


def get_reader(name: str) -> Reader:
    """The reader called ``name``; a clear UserError if there is none or it cannot load."""
    if name in _registered:
        return _registered[name]
    point = _entry_points().get(name)
    if point is None:
        raise UserError(
            f"unknown source format '{name}'; known formats: {', '.join(reader_names())}"
        )
    try:
        loaded = point.load()
    except (ImportError, AttributeError) as exc:
        raise UserError(
            f"the '{name}' reader ({point.value}) could not be loaded: {exc}; "
            "reinstall the package that provides it"
        ) from None
    reader = loaded() if isinstance(loaded, type) else loaded
    if not isinstance(reader, Reader):
        raise UserError(f"'{point.value}' is registered as reader '{name}' but is not a Reader")
    _registered[name] = reader
    return reader


def reader_for(path: Path, name: str | None = None) -> Reader:
    """The reader named ``name``, else the one claiming the file's suffix."""
    if name:
        return get_reader(name)
    suffix = path.suffix.lower()
    loaded = []
    for candidate in reader_names():
        try:
            loaded.append(get_reader(candidate))
        except UserError:  # unloadable: `briefout readers` says why
            continue
        if suffix in loaded[-1].suffixes:
            return loaded[-1]
    known = ", ".join(f"{s} ({reader.name})" for reader in loaded for s in reader.suffixes)
    raise UserError(
        f"{path}: no reader for '{suffix or 'a file without suffix'}' files; "
        f"known: {known}; name one with --from"
    )


def describe_readers() -> list[tuple[str, str, str]]:
    """(name, suffixes, description) of every registered reader; unloadable ones say why."""
    rows = []
    for name in reader_names():
        try:
            reader = get_reader(name)
        except UserError as exc:
            rows.append((name, "", f"unavailable: {exc}"))
        else:
            rows.append((name, " ".join(reader.suffixes), reader.description))
    return rows
