"""``feed.atom``: an Atom feed (RFC 4287) of the issues, newest first, byte-reproducible.

Times come from the periods (midnight UTC of each period's last day), never from the
clock.  Ids are ``urn:uuid`` names derived from the issue's path in the archive, so an
entry keeps its id across builds and across a change of the site's address.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, ClassVar

from briefout import __version__
from briefout.site import absolute
from briefout.site.index import FEED_FILE, INDEX_FILE
from briefout.site.search import page_of

if TYPE_CHECKING:
    from lxml.etree import _Element

    from briefout.site import SiteData
    from briefout.site.entries import IssueEntry

ATOM = "http://www.w3.org/2005/Atom"
_NAMESPACE = uuid.UUID("5b1e0c1e-8f3c-4c57-9a0e-62726965666f")  # fixed: ids must never change


def _id(name: str) -> str:
    return uuid.uuid5(_NAMESPACE, name).urn


def _timestamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def _entry(parent: _Element, entry: IssueEntry, site: SiteData) -> None:
    from lxml import etree

    element = etree.SubElement(parent, f"{{{ATOM}}}entry")
    etree.SubElement(element, f"{{{ATOM}}}id").text = _id(f"issue:{entry.source}")
    etree.SubElement(element, f"{{{ATOM}}}title").text = f"{entry.title}（{entry.period}）"
    etree.SubElement(element, f"{{{ATOM}}}updated").text = _timestamp(entry.end)
    author = etree.SubElement(element, f"{{{ATOM}}}author")
    etree.SubElement(author, f"{{{ATOM}}}name").text = entry.issuer
    link = etree.SubElement(element, f"{{{ATOM}}}link")
    link.set("rel", "alternate")
    link.set("href", absolute(site.settings.url, page_of(entry.outputs)))
    summary = etree.SubElement(element, f"{{{ATOM}}}summary")
    summary.set("type", "text")
    summary.text = "\n".join(f"● {doc.ja} / {doc.en}" for doc in entry.docs)


class FeedPart:
    """The Atom feed of the archive."""

    name: ClassVar[str] = "feed"
    description: ClassVar[str] = "feed.atom: Atom (RFC 4287), newest first"

    def render(self, site: SiteData) -> dict[str, bytes]:
        """``feed.atom``: feed id, title, updated, links, author, one entry per issue."""
        from lxml import etree

        feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
        feed.set("{http://www.w3.org/XML/1998/namespace}lang", site.style.strings.language)
        etree.SubElement(feed, f"{{{ATOM}}}id").text = _id(
            f"feed:{site.settings.url or site.title}"
        )
        etree.SubElement(feed, f"{{{ATOM}}}title").text = site.title
        newest = site.entries[0].end if site.entries else "1970-01-01"
        etree.SubElement(feed, f"{{{ATOM}}}updated").text = _timestamp(newest)
        for rel, href, kind in (
            ("self", FEED_FILE, "application/atom+xml"),
            ("alternate", INDEX_FILE, "text/html"),
        ):
            link = etree.SubElement(feed, f"{{{ATOM}}}link")
            link.set("rel", rel)
            link.set("type", kind)
            link.set("href", absolute(site.settings.url, href))
        author = etree.SubElement(feed, f"{{{ATOM}}}author")
        issuer = site.entries[0].issuer if site.entries else site.style.defaults.issuer
        etree.SubElement(author, f"{{{ATOM}}}name").text = issuer
        generator = etree.SubElement(feed, f"{{{ATOM}}}generator")
        generator.set("version", __version__)
        generator.text = "briefout"
        for entry in site.entries:
            _entry(feed, entry, site)
        return {
            FEED_FILE: etree.tostring(
                feed, xml_declaration=True, encoding="utf-8", pretty_print=True
            )
        }
