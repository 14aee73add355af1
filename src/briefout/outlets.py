"""The outlet map: one canonical spelling per news outlet, with the other spellings seen.

Written in the ``outlets:`` section of ``briefout.yaml``::

    outlets:
      APA: [Apa, apa.az]
      Azertag: [AZERTAG]
      Trend: [TREND]

Keys are the spellings to print; each list holds other spellings of the same outlet.
Spellings match ignoring case, width (NFKC: ``ＡＰＡ`` is ``APA``), spaces and
punctuation (``JAM-NEWS.NET`` is ``jam news net``); an alias that differs by more than
that (``apa.az`` versus ``APA``) is listed explicitly.  Shared by the importer (which
writes the canonical key) and the ``outlet-spelling`` rule (which reports and fixes
other spellings).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache


@lru_cache(maxsize=4096)
def outlet_key(name: str) -> str:
    """What two spellings of one outlet share: NFKC, case-folded, letters and digits only."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(char for char in folded if unicodedata.category(char)[0] in "LN")


@dataclass(frozen=True)
class OutletConflict:
    """Two entries of a map that would match the same spelling."""

    spelling: str
    canonical: str
    other: str


class OutletMap:
    """Canonical outlet spellings and their aliases, matched by :func:`outlet_key`."""

    def __init__(self, entries: Mapping[str, Sequence[str]] | None = None) -> None:
        self.entries: dict[str, tuple[str, ...]] = {
            canonical: tuple(aliases or ()) for canonical, aliases in (entries or {}).items()
        }
        self._index: dict[str, str] = {}
        for canonical, aliases in self.entries.items():
            for spelling in (canonical, *aliases):
                self._index.setdefault(outlet_key(spelling), canonical)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def __repr__(self) -> str:
        return f"OutletMap({self.entries!r})"

    def canonical(self, spelling: str) -> str | None:
        """The canonical spelling of the outlet ``spelling`` names, or None if not listed."""
        return self._index.get(outlet_key(spelling))

    def normalise(self, spelling: str) -> str:
        """The canonical spelling if the outlet is listed, else ``spelling`` unchanged."""
        return self.canonical(spelling) or spelling

    def conflicts(self) -> Iterator[OutletConflict]:
        """Spellings that two different canonical entries both claim."""
        owner: dict[str, str] = {}
        for canonical, aliases in self.entries.items():
            for spelling in (canonical, *aliases):
                first = owner.setdefault(outlet_key(spelling), canonical)
                if first != canonical:
                    yield OutletConflict(spelling, canonical, first)
