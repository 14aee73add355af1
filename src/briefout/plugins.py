"""One registry over one entry-point group: how writers, readers, rules and site parts are found.

Modelled on Sphinx's registry.  Every object has a name (its ``key`` attribute:
``name``, or ``code`` for rules).  Built-in objects are declared as entry points in
``pyproject.toml`` exactly as a third-party distribution declares its own, and an
entry point is imported only when its name is asked for, so light commands never
import heavy plugins.  Registering a name that is already known (registered or
declared) is refused unless ``override=True``.  Every failure a user can meet (an
unknown name, a plugin that cannot be imported, an object that is not what its
entry point claims) is a :class:`~briefout.errors.UserError` in plain words.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator, Mapping
from importlib.metadata import EntryPoint, entry_points
from types import MappingProxyType
from typing import Generic, TypeVar

from briefout.errors import UserError, did_you_mean

T = TypeVar("T")


@functools.lru_cache(maxsize=16)
def _scan(group: str, path: tuple[str, ...]) -> Mapping[str, EntryPoint]:
    """The group's entry points by name (the first distribution on ``sys.path`` wins).

    Scanning every installed distribution takes milliseconds, so it is done once per
    group and ``path`` (the value of ``sys.path``, which is what the scan reads: a
    distribution added to the path, as tests do, is seen)."""
    found: dict[str, EntryPoint] = {}
    for point in entry_points(group=group):
        found.setdefault(point.name, point)
    return MappingProxyType(found)  # shared by every caller: read-only


class _NotBuilt(UserError):
    """A built-in entry point is declared but its module does not exist in this version."""


class Registry(Generic[T]):
    """The objects of one kind: registered in this process, or declared in ``group``.

    ``protocol`` is the runtime-checkable protocol every object must satisfy; ``noun``
    names one in messages (``"writer"``); ``unknown`` is the message for a name nobody
    provides, with ``{name}`` and ``{known}`` fields; ``subject`` is how a message
    starts about one object (``"the '{name}' writer"``); ``unknown_error`` is the
    :class:`UserError` subclass raised for an unknown name.
    """

    def __init__(
        self,
        group: str,
        protocol: type,
        *,
        noun: str,
        unknown: str,
        subject: str = "",
        key: str = "name",
        unknown_error: type[UserError] = UserError,
    ) -> None:
        self.group = group
        self.protocol = protocol
        self.noun = noun
        self.key = key
        self._unknown = unknown
        self._subject = subject or f"the {noun} '{{name}}'"
        self._unknown_error = unknown_error
        self._loaded: dict[str, T] = {}

    def name_of(self, plugin: T) -> str:
        """The name ``plugin`` is registered under (its ``key`` attribute)."""
        return str(getattr(plugin, self.key))

    def entry_points(self) -> Mapping[str, EntryPoint]:
        """The group's entry points by name, as installed (read once per ``sys.path``)."""
        return _scan(self.group, tuple(sys.path))

    def entry_point(self, name: str) -> EntryPoint | None:
        """The entry point that declares ``name``, if one does."""
        return self.entry_points().get(name)

    def register(self, plugin: T, *, override: bool = False) -> None:
        """Add ``plugin`` in this process (entry points are the usual way).

        A name that is already registered or declared by an entry point is refused
        unless ``override`` is true (then ``plugin`` replaces it in this process)."""
        if not isinstance(plugin, self.protocol):
            raise TypeError(f"{plugin!r} is not a {self.protocol.__name__}")
        name = self.name_of(plugin)
        if not override and (name in self._loaded or name in self.entry_points()):
            named = "named" if self.key == "name" else f"with {self.key}"
            raise ValueError(f"a {self.noun} {named} {name!r} is already registered")
        self._loaded[name] = plugin

    def unregister(self, name: str) -> None:
        """Forget ``name`` in this process (an entry point is loaded again when next asked)."""
        self._loaded.pop(name, None)

    def names(self) -> list[str]:
        """Every registered or declared name, sorted; nothing is imported."""
        return sorted(set(self.entry_points()) | set(self._loaded))

    def get(self, name: str) -> T:
        """The object called ``name``; a UserError if none is known or it cannot load."""
        try:
            return self._load(name)
        except _NotBuilt:
            available = ", ".join(self.name_of(plugin) for plugin in self.available())
            raise UserError(
                f"{self._subject.format(name=name)} is not built yet in this version of "
                f"briefout; available now: {available}"
            ) from None

    def all(self) -> list[T]:
        """Every object, loaded, in name order; the first that cannot load is a UserError."""
        return [self.get(name) for name in self.names()]

    def available(self) -> Iterator[T]:
        """Each object that loads, in name order, loaded one at a time as it is reached;
        those that cannot load are left out (the ``briefout`` listing says why)."""
        for name in self.names():
            try:
                plugin = self._load(name)
            except UserError:
                continue
            yield plugin

    def describe(self, columns: Callable[[T], tuple[str, str]]) -> list[tuple[str, str, str]]:
        """Rows for a listing: the name and ``columns`` of each object (e.g. suffix and
        description); one that cannot load says why in place of its description."""
        rows = []
        for name in self.names():
            try:
                plugin = self.get(name)
            except UserError as exc:
                rows.append((name, "", f"unavailable: {exc}"))
            else:
                rows.append((name, *columns(plugin)))
        return rows

    def _load(self, name: str) -> T:
        if name in self._loaded:
            return self._loaded[name]
        point = self.entry_point(name)
        if point is None:
            raise self._unknown_error(self._unknown_message(name))
        subject = self._subject.format(name=name)
        try:
            loaded = point.load()
        except (ImportError, AttributeError) as exc:
            if isinstance(exc, ImportError) and _is_missing_builtin(point, exc):
                raise _NotBuilt(name) from None
            raise UserError(
                f"{subject} ({point.value}) could not be loaded: {exc}; "
                "reinstall the package that provides it"
            ) from None
        plugin: T = loaded() if isinstance(loaded, type) else loaded
        self._check(point, plugin)
        self._loaded[name] = plugin
        return plugin

    def _check(self, point: EntryPoint, plugin: object) -> None:
        """Refuse an object that is not what its entry point says it is."""
        claim = f"'{point.value}' is registered as {self.noun} '{point.name}'"
        if not isinstance(plugin, self.protocol):
            raise UserError(f"{claim} but is not a {self.protocol.__name__}")
        actual = getattr(plugin, self.key)
        if actual != point.name:
            raise UserError(f"{claim} but its {self.key} is {actual!r}; name the entry point that")

    def _unknown_message(self, name: str) -> str:
        known = self.names()
        message = self._unknown.format(name=name, known=", ".join(known))
        suggestion = did_you_mean(name, known)
        return f"{message}; {suggestion}" if suggestion else message


def _is_missing_builtin(point: EntryPoint, exc: ImportError) -> bool:
    """Whether the entry point names a briefout module that this version does not have."""
    return point.module.startswith("briefout.") and exc.name == point.module
