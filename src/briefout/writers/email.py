"""Responsive HTML e-mail: the style's jinja2 MJML template compiled with mjml-python.

Every piece of content reaches the template as data and is escaped there
(autoescape on, undefined variables are errors); inline runs are built here
from escaped text, so nothing in an issue can add markup.  The compiled HTML
is kept under the style's size budget, measured on the HTML part as the message
carries it (``writers.transfer``: 8bit, base64 or quoted-printable, whichever the
eml writer sends; Gmail clips longer messages): when the
whole issue does not fit, later items are shortened to their headlines and
first paragraph with a pointer to the attached PDF, and the user is told.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from briefout.errors import UserError
from briefout.model import BulletList, Paragraph, Runs, item_anchor, item_parts, section_anchor
from briefout.style import CssValue, css_safe, format_check, style_file
from briefout.writers.transfer import sent_size

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

    from briefout.model import Block, Citation, Issue, Item
    from briefout.style import Role, RoleName, Style
    from briefout.writers import RenderContext

Colour = str
_COLOUR = r"^#[0-9A-Fa-f]{6}$"

#: How much of an item the e-mail shows, from whole to left out.
Level = Literal["full", "short", "headline", "omitted"]
OmittedNote = Annotated[str, format_check(count=2)]
AttachmentNote = Annotated[str, format_check(files="issue.pdf")]
Preheader = Annotated[str, format_check(period="p", headlines="h")]
_LEVELS: tuple[Level, ...] = ("full", "short", "headline", "omitted")


class DarkColours(BaseModel):
    """Colours used under ``prefers-color-scheme: dark``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    background: Colour = Field(pattern=_COLOUR)
    text: Colour = Field(pattern=_COLOUR)
    accent: Colour = Field(pattern=_COLOUR)
    muted: Colour = Field(pattern=_COLOUR)
    link: Colour = Field(pattern=_COLOUR)
    rule: Colour = Field(pattern=_COLOUR)


class EmailOptions(BaseModel):
    """``writers.email`` in a style."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    template: Annotated[str, style_file("template")] = Field(
        default="email.mjml.j2", description="MJML template in the style."
    )
    width_px: int = Field(default=600, ge=320, le=800, description="Width of the column.")
    gutter_px: int = Field(default=24, ge=0, le=80, description="Side padding of the text.")
    block_gap_px: int = Field(default=16, ge=0, le=80, description="Space around blocks.")
    px_per_pt: float = Field(default=4 / 3, gt=0, description="Role sizes are points.")
    toc_title: str = Field(description="Heading of the table of contents.")
    back_to_top: str = Field(description="Text of the link back to the contents.")
    full_text_note: str = Field(description="After a shortened item, e.g. 全文は添付PDF参照.")
    view_online: str = Field(description="Link to the issue's page in the archive site.")
    back_to_archive: str = Field(description="On the web page: link back to the site's index.")
    downloads: str = Field(description="On the web page: before the links to the other files.")
    omitted_note: OmittedNote = Field(description="Where items were left out; {count}.")
    attachment_note: AttachmentNote = Field(
        description="Footer line naming the attachments; {files}."
    )
    attachment_separator: str = "、"
    attachments: list[str] = Field(
        default_factory=lambda: [".pdf", ".docx"],
        description="Suffixes of the files the mailing attaches (named after the issue).",
    )
    preheader: Preheader = Field(description="Inbox preview line; {period} and {headlines}.")
    preheader_headlines: int = Field(default=3, ge=0)
    preheader_separator: str = " / "
    size_budget_bytes: int = Field(
        default=100_000,
        ge=20_000,
        le=102_000,
        description=(
            "Largest HTML part as the message carries it (transfer-encoded, CRLF line ends); "
            "Gmail clips messages over 102 KB."
        ),
    )
    dark: DarkColours
    outlook_font: CssValue = Field(
        default="Meiryo",
        min_length=1,
        description=(
            "The one font family classic Outlook on Windows (Word engine) gets, through "
            "conditional mso styles: it takes only the first family of a stack and falls "
            "back to Times New Roman when that is missing. A Japanese font Windows has."
        ),
    )


@dataclass
class _Css:
    """Inline CSS per text role, plus the defaults the mj-text carries."""

    roles: dict[RoleName, str]
    default_font: str
    default_colour: str
    default_size: str
    default_line_height: str


def _px(points: float, options: EmailOptions) -> str:
    value = round(points * options.px_per_pt, 1)
    return f"{value:g}px" if value else "0"


def check_css(value: str, where: str) -> str:
    """``value`` if it is safe inside a CSS declaration; else a style error naming ``where``.

    A loaded style has been checked already (``CssValue``); this guards styles built in code."""
    try:
        return css_safe(value)
    except ValueError as exc:
        raise UserError(f"style: {where} = {value!r}: {exc}") from None


def _role_css(role: Role, style: Style, options: EmailOptions, font: str, colour: str) -> str:
    family = check_css(style.fonts.email[role.font], f"fonts.email.{role.font}")
    parts = []
    if family != font:
        parts.append(f"font-family:{family}")
    parts.append(f"font-size:{_px(role.size, options)}")
    parts.append(f"line-height:{role.line_height:g}")
    parts.append(f"font-weight:{'bold' if role.bold else 'normal'}")
    if role.italic:
        parts.append("font-style:italic")
    parts.append(f"text-align:{role.align}")
    role_colour = style.colour(role.colour)
    if role_colour.lower() != colour.lower():
        parts.append(f"color:{role_colour}")
    margin = f"{_px(role.space_before, options)} 0 {_px(role.space_after, options)}"
    # as Word's w:ind and the PDF: the text at indent, the first line (bullet or headline
    # mark) starting hanging points to the left of it
    parts.append(f"margin:{margin} {_px(role.indent, options)}")
    if role.hanging:
        parts.append(f"text-indent:-{_px(role.hanging, options)}")
    return ";".join(parts)


def _css(style: Style, options: EmailOptions) -> _Css:
    body = style.role("body")
    font = check_css(style.fonts.email[body.font], f"fonts.email.{body.font}")
    colour = style.colour("text")
    roles = {
        name: _role_css(role, style, options, font, colour) for name, role in style.roles.items()
    }
    return _Css(roles, font, colour, _px(body.size, options), f"{body.line_height:g}")


# ------------------------------------------------------------------ inline runs


def _runs_html(runs: Runs, link_colour: str) -> Markup:
    """Runs as HTML from escaped text, links as <a> (their policy is checked at load)."""
    from markupsafe import Markup, escape

    out = []
    for run in runs:
        html = "<br>".join(escape(line) for line in run.text.split("\n"))
        if run.emph:
            html = f"<i>{html}</i>"
        if run.strong:
            html = f"<b>{html}</b>"
        if run.href is not None:  # the model admits only links that meet briefout.safety
            html = f'<a href="{escape(run.href)}" style="color:{link_colour}">{html}</a>'
        out.append(html)
    return Markup("".join(out))  # every piece of text in it went through escape()


def _run_lists(block: Block) -> tuple[Runs, ...]:
    """The runs of a paragraph, or of each bullet."""
    return block.items if isinstance(block, BulletList) else (block.runs,)


# ------------------------------------------------------------------ view model


def _blocks(blocks: Sequence[Block], link: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for block in blocks:
        if isinstance(block, BulletList):
            out.append({"kind": "bullets", "entries": [_runs_html(e, link) for e in block.items]})
        else:
            out.append({"kind": "paragraph", "html": _runs_html(block.runs, link)})
    return out


#: Japanese text: CJK radicals to unified ideographs (kana, ㇰ ㈱ ㌔ between), compatibility
#: ideographs, half- and full-width forms.
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _language(blocks: Sequence[Block]) -> str | None:
    """``en`` for a body without Japanese (so readers and hyphenation treat it as English)."""
    for block in blocks:
        if any(_CJK.search(run.text) for runs in _run_lists(block) for run in runs):
            return None
    return "en"


def _citation(citation: Citation | None, style: Style) -> str | None:
    if citation is None:
        return None
    return style.format_citation(citation.outlet, citation.date, citation.url)


def _can_shorten(item: Item) -> bool:
    """Whether the short level leaves out more than the citation: a labelled part, or any
    block but a first paragraph.  An item that is one paragraph is never shortened: it
    would lose only its source and gain the pointer to the PDF, making the e-mail longer."""
    return (
        bool(item.parts)
        or len(item.body) > 1
        or any(not isinstance(block, Paragraph) for block in item.body)
    )


def _shown_levels(issue: Issue, levels: Sequence[Level]) -> list[Level]:
    """``levels`` with "short" read as "full" for an item that has nothing to shorten."""
    items = [item for _, _, _, item in issue.items()]
    return [
        "full" if level == "short" and not _can_shorten(item) else level
        for item, level in zip(items, levels, strict=True)
    ]


def _view(
    issue: Issue,
    style: Style,
    options: EmailOptions,
    context: RenderContext,
    levels: Sequence[Level],
) -> dict[str, Any]:
    link = style.colour("link")
    period = style.format_period(issue.period.start, issue.period.end)
    levels = _shown_levels(issue, levels)
    sections = []
    index = 0
    for s_number, section in enumerate(issue.sections, start=1):
        items = []
        omitted = 0
        for i_number, item in enumerate(section.items, start=1):
            level = levels[index]
            index += 1
            if level == "omitted":
                omitted += 1
                continue
            parts = []
            if level == "full":
                for label, body, citation in item_parts(item):
                    parts.append(
                        {
                            "label": label,
                            "lang": _language(body),
                            "blocks": _blocks(body, link),
                            "citation": _citation(citation, style),
                        }
                    )
            elif level == "short":
                first = [b for b in item.body if isinstance(b, Paragraph)][:1]
                parts.append(
                    {
                        "label": None,
                        "lang": _language(first),
                        "blocks": _blocks(first, link),
                        "citation": None,
                    }
                )
            anchor = item_anchor(s_number, i_number)
            items.append(
                {"anchor": anchor, "ja": item.ja, "en": item.en, "level": level, "parts": parts}
            )
        sections.append(
            {
                "anchor": section_anchor(s_number),
                "heading": style.format_section(s_number, section.title),
                "items": items,
                "omitted_note": options.omitted_note.format(count=omitted) if omitted else None,
            }
        )
    headlines = [item.ja for _, _, _, item in issue.items()][: options.preheader_headlines]
    files = [f"{context.stem}{suffix}" for suffix in options.attachments]
    return {
        "lang": style.strings.language,
        "title": issue.title,
        "subtitle": issue.subtitle,
        "period": period,
        "issuer": issue.issuer,
        "preheader": options.preheader.format(
            period=period, headlines=options.preheader_separator.join(headlines)
        ),
        "mark": style.strings.headline_mark,
        "bullet": style.strings.bullet,
        "inline_citation": style.strings.citation_placement == "inline",
        "sections": sections,
        "end": style.strings.end,
        "attachment_note": (
            options.attachment_note.format(files=options.attachment_separator.join(files))
            if files
            else None
        ),
    }


# ------------------------------------------------------------------ web page and links

_RELATIVE_HREF = re.compile(r"^[A-Za-z0-9._~/-]+$")


@dataclass(frozen=True)
class _Links:
    """Caller settings (never from the issue): the e-mail's link to its web page, or, for
    the web page itself (``home_url`` set), the link home and the issue's other files."""

    view_url: str | None = None
    home_url: str | None = None
    files: tuple[str, ...] = ()

    @property
    def web(self) -> bool:
        """Rendering the archive's web page: no size budget, no attachments."""
        return self.home_url is not None


def _links(context: RenderContext) -> _Links:
    view_url = context.options.get("view_url")
    if view_url is not None:
        from briefout.safety import link_problem

        problem = link_problem(view_url, ("http", "https"))
        if problem is not None:
            raise UserError(f"the page address from site.url in briefout.yaml: {problem}")
    home_url = context.options.get("home_url")
    files = tuple(context.options.get("files", ()))
    for href in (home_url, *files):
        if href is not None and not _RELATIVE_HREF.match(href):
            raise UserError(f"web page link {href!r} is not a plain relative path")
    return _Links(view_url, home_url, files)


# ------------------------------------------------------------------ MJML


def _environment(style: Style, options: EmailOptions) -> jinja2.Environment:
    from briefout.templates import environment, user_bytecode_cache

    return environment(style.find_file(options.template).parent, user_bytecode_cache())


class _Renderer:
    """One issue, one style: builds the MJML for a choice of item levels and compiles it."""

    def __init__(self, issue: Issue, style: Style, context: RenderContext) -> None:
        self.issue = issue
        self.style = style
        self.context = context
        self.options = style.writer_options("email", EmailOptions)
        self.css = _css(style, self.options)
        try:
            self.template = _environment(style, self.options).get_template(self.options.template)
        except Exception as exc:  # jinja2.TemplateSyntaxError and friends
            raise UserError(f"style '{style.name}': e-mail template: {exc}") from None
        self.count = sum(1 for _ in issue.items())
        self.links = _links(context)

    def mjml(self, levels: Sequence[Level]) -> str:
        import jinja2
        from markupsafe import Markup

        view = _view(self.issue, self.style, self.options, self.context, levels)
        if self.links.web:
            view["attachment_note"] = None
        try:
            return self.template.render(
                **view,
                # checked by check_css: no quotes, brackets or ampersands
                css={name: Markup(css) for name, css in self.css.roles.items()},
                fonts={
                    "body": Markup(self.css.default_font),
                    # EmailOptions checks it (CssValue) whenever the options are read
                    "outlook": Markup(self.options.outlook_font),
                },
                text_colour=self.css.default_colour,
                font_size=self.css.default_size,
                line_height=self.css.default_line_height,
                colours=dict(self.style.colours),
                dark=self.options.dark.model_dump(),
                width=self.options.width_px,
                gutter=self.options.gutter_px,
                gap=self.options.block_gap_px,
                strings={
                    "toc_title": self.options.toc_title,
                    "back_to_top": self.options.back_to_top,
                    "full_text_note": self.options.full_text_note,
                    "view_online": self.options.view_online,
                    "back_to_archive": self.options.back_to_archive,
                    "downloads": self.options.downloads,
                },
                view_url=self.links.view_url,
                home_url=self.links.home_url,
                files=self.links.files,
            )
        except jinja2.TemplateError as exc:
            raise UserError(f"style '{self.style.name}': e-mail template: {exc}") from None

    def compile(self, levels: Sequence[Level]) -> str:
        return compile_mjml(self.mjml(levels))


def compile_mjml(source: str) -> str:
    """MJML source -> HTML (ending in a newline), with no web fonts and no comments, its
    lines folded to fit 998 octets where a space allows (so the part can travel as 8bit)."""
    from mjml import mjml2html

    from briefout.writers.htmlfold import fold_html

    try:
        return fold_html(mjml2html(source, disable_comments=True, fonts={}).rstrip("\n") + "\n")
    except ValueError as exc:
        raise UserError(f"the e-mail template produced MJML that does not compile: {exc}") from None


def _levels_at(step: int, count: int) -> list[Level]:
    """Degradation step -> level per item; step 0 is the whole issue, 3*count leaves all out.

    Steps first shorten items from the last upward, then cut them to headlines the
    same way, then leave them out; each step shows less of the issue (an item with nothing
    to shorten stays whole at the short level: see :func:`_can_shorten`).
    """
    phase, done = divmod(step, count) if count else (0, 0)
    if phase >= len(_LEVELS) - 1:
        return [_LEVELS[-1]] * count
    return [_LEVELS[phase]] * (count - done) + [_LEVELS[phase + 1]] * done


def mjml_source(issue: Issue, style: Style, context: RenderContext) -> str:
    """The intermediate MJML of the whole issue (for validators and debugging)."""
    renderer = _Renderer(issue, style, context)
    return renderer.mjml(["full"] * renderer.count)


def _these(count: int) -> str:
    """'this item was' / 'this and the 3 items after it were'."""
    if count == 1:
        return "this item was"
    rest = count - 1
    return f"this and the {rest} item{'s' if rest > 1 else ''} after it were"


class EmailWriter:
    """A 600 px single-column HTML e-mail that reflows on phones."""

    name: ClassVar[str] = "email"
    options_model: ClassVar[type[EmailOptions]] = EmailOptions
    suffix: ClassVar[str] = ".html"
    description: ClassVar[str] = "HTML e-mail (MJML), responsive, under Gmail's clipping limit"
    requires: ClassVar[tuple[str, ...]] = ()

    def render(self, issue: Issue, style: Style, context: RenderContext) -> bytes:
        """Render the issue; shorten later items when the HTML would exceed the budget."""
        renderer = _Renderer(issue, style, context)
        budget = renderer.options.size_budget_bytes
        count = renderer.count
        html = renderer.compile(_levels_at(0, count))
        if sent_size(html) <= budget or renderer.links.web:
            return html.encode("utf-8")
        step = self._smallest_step(renderer, budget)
        levels = _levels_at(step, count)
        self._report(issue, levels, budget, context)
        return renderer.compile(levels).encode("utf-8")

    @staticmethod
    def _smallest_step(renderer: _Renderer, budget: int) -> int:
        """Binary search for the fewest degradation steps that fit the budget."""
        count = renderer.count
        low, high = 1, 3 * count

        def fits(step: int) -> bool:
            return sent_size(renderer.compile(_levels_at(step, count))) <= budget

        if not fits(high):
            raise UserError(
                f"the e-mail's HTML is over {budget} bytes as sent even with every item left "
                "out; "
                "shorten the title, subtitle or section titles, or raise "
                "writers.email.size_budget_bytes in the style (at most 102000)"
            )
        while low < high:
            middle = (low + high) // 2
            if fits(middle):
                high = middle
            else:
                low = middle + 1
        return low

    @staticmethod
    def _report(issue: Issue, levels: Sequence[Level], budget: int, context: RenderContext) -> None:
        positions = [(s - 1, i - 1) for s, i, _, _ in issue.items()]
        levels = _shown_levels(issue, levels)
        words = {
            "short": "shortened to the headlines and first paragraph",
            "headline": "cut to the headlines",
            "omitted": "left out",
        }
        for level in ("short", "headline", "omitted"):
            chosen = [positions[number] for number, lvl in enumerate(levels) if lvl == level]
            if not chosen:
                continue
            s, i = chosen[0]
            context.notify(
                f"sections[{s}].items[{i}]",
                f"{_these(len(chosen))} {words[level]} in the e-mail to keep its HTML under "
                f"{budget} bytes as sent (Gmail clips longer messages); "
                "the full text is in the attached PDF",
            )
