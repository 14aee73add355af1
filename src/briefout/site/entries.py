"""What the site needs to know about one issue, taken from it once when it is rendered.

An :class:`IssueEntry` is plain data (kept in the manifest as JSON), so the index, the
feed and the search index are rebuilt from the manifest without loading any issue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from briefout.model import BulletList, Issue, item_anchor, item_parts, plain_text
from briefout.site.search import terms_of
from briefout.style import Style


@dataclass(frozen=True)
class SearchDoc:
    """One item as the search sees it: where it is, its headlines, its search terms
    (sorted, distinct, separated by spaces: compact in the manifest and in the index)."""

    anchor: str
    ja: str
    en: str
    terms: str


@dataclass(frozen=True)
class IssueEntry:
    """One issue in the site: its source path, metadata, outputs and search documents."""

    source: str  # path relative to the archive, with forward slashes
    title: str
    issuer: str
    start: str  # ISO dates of the period
    end: str
    period: str  # as the style prints it
    item_count: int
    outputs: dict[str, str] = field(default_factory=dict)  # format -> path in the site
    docs: tuple[SearchDoc, ...] = ()

    @property
    def year(self) -> int:
        """The year the issue belongs to (its period's last day)."""
        return dt.date.fromisoformat(self.end).year

    def sort_key(self) -> tuple[str, str, str]:
        """Sorting ascending by this key orders issues oldest first."""
        return (self.end, self.start, self.source)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready mapping (for the manifest); documents as [anchor, ja, en, terms]."""
        data = {name: getattr(self, name) for name in _FIELDS}
        data["docs"] = [[doc.anchor, doc.ja, doc.en, doc.terms] for doc in self.docs]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IssueEntry:
        """The entry back from :meth:`to_json` (raises KeyError/TypeError if malformed)."""
        fields = {name: data[name] for name in _FIELDS}
        docs = data["docs"]
        if not (
            all(isinstance(fields[name], str) for name in _FIELDS[:-2])
            and isinstance(fields["item_count"], int)
            and isinstance(fields["outputs"], dict)
            and all(isinstance(v, str) for v in fields["outputs"].values())
            and isinstance(docs, list)
            and all(
                isinstance(doc, list) and len(doc) == 4 and all(isinstance(v, str) for v in doc)
                for doc in docs
            )
        ):
            raise TypeError("malformed site entry")
        return cls(**fields, docs=tuple(SearchDoc(*doc) for doc in docs))


_FIELDS = ("source", "title", "issuer", "start", "end", "period", "item_count", "outputs")


def _item_text(item: Any) -> str:
    """Headlines, labels and bodies of an item as one plain text."""
    texts = [item.ja, item.en]
    for label, body, citation in item_parts(item):
        if label:
            texts.append(label)
        for block in body:
            runs_list = block.items if isinstance(block, BulletList) else (block.runs,)
            texts.extend(plain_text(runs) for runs in runs_list)
        if citation is not None:
            texts.append(citation.outlet)
    return "\n".join(texts)


def entry_of(issue: Issue, style: Style, source: str, outputs: dict[str, str]) -> IssueEntry:
    """The site entry of a loaded issue (``source`` relative to the archive)."""
    docs = tuple(
        SearchDoc(item_anchor(s, i), item.ja, item.en, " ".join(terms_of(_item_text(item))))
        for s, i, _, item in issue.items()
    )
    start, end = issue.period.start, issue.period.end
    return IssueEntry(
        source=source,
        title=issue.title,
        issuer=issue.issuer,
        start=start.isoformat(),
        end=end.isoformat(),
        period=style.format_period(start, end),
        item_count=len(docs),
        outputs=outputs,
        docs=docs,
    )
