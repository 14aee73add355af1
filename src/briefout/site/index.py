"""``index.html``: every issue, newest first, grouped by year, with links to its files.

The page is the style's ``site-index.html.j2`` (a jinja2 template looked up like every
style file, so a user style can replace it), rendered with autoescape on.
"""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING, Any, ClassVar

from briefout import __version__
from briefout.errors import UserError
from briefout.site.search import page_of

if TYPE_CHECKING:
    from briefout.site import SiteData

TEMPLATE = "site-index.html.j2"
FEED_FILE = "feed.atom"
INDEX_FILE = "index.html"


def index_view(site: SiteData) -> dict[str, Any]:
    """The template's data: the issues grouped by year, newest first."""
    from markupsafe import Markup

    from briefout.writers.email import EmailOptions, check_css

    style = site.style
    font = check_css(style.fonts.email[style.role("body").font], "fonts.email")
    years = []
    for year, entries in groupby(site.entries, key=lambda entry: entry.year):
        issues = [
            {
                "title": entry.title,
                "period": entry.period,
                "count": entry.item_count,
                "page": page_of(entry.outputs),
                "links": sorted(entry.outputs.items()),
            }
            for entry in entries
        ]
        years.append({"year": year, "issues": issues})
    return {
        "lang": style.strings.language,
        "title": site.title,
        "total": len(site.entries),
        "years": years,
        "feed": FEED_FILE,
        "font": Markup(font),  # checked: no quotes, brackets, ampersands or semicolons
        "colours": dict(style.colours),
        "dark": style.writer_options("email", EmailOptions).dark.model_dump(),
        "generator": f"briefout {__version__}",
    }


class IndexPart:
    """The archive's front page."""

    name: ClassVar[str] = "index"
    description: ClassVar[str] = "index.html: issues by year, newest first, with search"

    def render(self, site: SiteData) -> dict[str, bytes]:
        """``index.html`` from the style's template."""
        import jinja2

        from briefout.templates import environment

        path = site.style.find_file(TEMPLATE)
        try:
            html = environment(path.parent).get_template(path.name).render(**index_view(site))
        except jinja2.TemplateError as exc:
            raise UserError(f"style '{site.style.name}': {TEMPLATE}: {exc}") from None
        return {INDEX_FILE: html.encode("utf-8")}
