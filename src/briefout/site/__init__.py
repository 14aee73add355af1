"""The archive site: its parts (index, feed, search) and the registry over ``briefout.site``.

A site part turns the entries of every issue in the archive into files at the site's
root (``index.html``, ``feed.atom``...).  Built-in parts are registered through entry
points in ``pyproject.toml`` exactly as a third-party package would register its own::

    [project.entry-points."briefout.site"]
    sitemap = "mypackage.sitemap:SitemapPart"

A part is a pure function of the entries, the site settings and the style, so the site
is byte-reproducible and a part never needs to load an issue.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from briefout.plugins import Registry

if TYPE_CHECKING:
    from briefout.project import Project, SiteSettings
    from briefout.site.entries import IssueEntry
    from briefout.style import Style

GROUP = "briefout.site"


def absolute(url: str | None, href: str) -> str:
    """``href`` (relative to the site root) under the site's public address, if there is one."""
    return f"{url.rstrip('/')}/{href}" if url else href


def page_url(issue: Path, project: Project | None = None) -> str | None:
    """The address of an issue's web page in the published site (``site.url`` in the
    project file, the site built from the project file's folder), or None."""
    from briefout.project import Project, find_project, load_project

    if project is None:
        found = find_project(issue)
        project = load_project(found) if found else Project()
    if project.file is None or project.settings.site.url is None:
        return None
    try:
        relative = issue.resolve().relative_to(project.file.parent.resolve())
    except ValueError:  # an issue outside the archive has no page in it
        return None
    return absolute(project.settings.site.url, relative.with_suffix(".html").as_posix())


def view_link_options(issue: Path) -> dict[str, dict[str, str]]:
    """Writer options that give an issue's e-mail its "view in the browser" link, if any."""
    url = page_url(issue)
    return {"email": {"view_url": url}} if url else {}


@dataclass(frozen=True)
class SiteData:
    """What every part sees: the entries newest first, the settings, the style."""

    entries: tuple[IssueEntry, ...]
    settings: SiteSettings
    style: Style

    @property
    def title(self) -> str:
        """The site's title: configured, else the newest issue's title."""
        if self.settings.title:
            return self.settings.title
        return self.entries[0].title if self.entries else self.style.defaults.title


@runtime_checkable
class SitePart(Protocol):
    """Files at the site's root made from every issue's entry."""

    name: ClassVar[str]
    description: ClassVar[str]

    def render(self, site: SiteData) -> dict[str, bytes]:
        """Relative file name -> bytes (e.g. ``{"feed.atom": b"..."}``)."""
        ...


PARTS: Registry[SitePart] = Registry(
    GROUP, SitePart, noun="site part", unknown="unknown site part '{name}'; known parts: {known}"
)


def site_parts() -> list[SitePart]:
    """Every registered part, by name; one that cannot load is a user error saying why."""
    return PARTS.all()
