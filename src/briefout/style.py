"""Styles as data: page, fonts, text roles, colours and fixed strings shared by all writers.

A style is a folder holding ``style.yaml`` and any files its writers need
(``reference.docx``, ``email.mjml.j2`` ...).  A style may ``inherit`` another
(built-in name or path): its YAML is merged over the parent's value by value,
and files are looked up in the child folder first, then up the chain.
Writer-specific settings live under ``writers.<name>`` and are validated by
the writer's own options model, as MkDocs validates a plugin's config.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
)

from briefout.errors import Problem, Severity, UserError, did_you_mean
from briefout.resources import builtin_styles_dir, fonts_dir
from briefout.validation import validate
from briefout.yamlsource import Located, PathKey, Position, dotted, parse_yaml, read_utf8

DEFAULT_STYLE = "embassy"
OptionsT = TypeVar("OptionsT", bound=BaseModel)


#: Attributes a date field may use in a format ({start.year}); nothing else is reachable.
_DATE_PARTS = frozenset(("year", "month", "day"))
#: Widest field and longest format spec a template may ask for ({outlet:>20} is fine).
MAX_FORMAT_WIDTH = 200
MAX_FORMAT_SPEC = 40
_NUMBERS_IN_SPEC = re.compile(r"\d+")


def _format_fields_problem(template: str, samples: dict[str, Any]) -> str | None:
    """Why ``template`` may not be filled with ``samples`` (plain fields only), or None."""
    import string

    fields = ", ".join("{" + name + "}" for name in samples)
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        return (
            f"the format {template!r} cannot be filled ({exc}); write a literal brace as "
            "{{ or }}"
        )
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        name, _, attribute = field.partition("[")[0].partition(".")
        if name not in samples:
            return f"the format {template!r} uses {{{field}}}, which is not available; " + (
                f"use only {fields}"
            )
        if "[" in field or (
            attribute and not (isinstance(samples[name], dt.date) and attribute in _DATE_PARTS)
        ):
            return (
                f"the format {template!r} uses {{{field}}}, which is not a plain field; "
                f"use only {fields} (a date may also use .year, .month or .day)"
            )
        if conversion not in (None, "s") or "{" in (spec or ""):
            return (
                f"the format {template!r} uses a conversion (!{conversion}) or a nested "
                f"field in {{{field}}}; use plain fields only: {fields}"
            )
        spec = spec or ""
        numbers = [int(n) for n in _NUMBERS_IN_SPEC.findall(spec)]
        too_wide = not isinstance(samples[name], dt.date) and max(numbers, default=0) > (
            MAX_FORMAT_WIDTH
        )
        if len(spec) > MAX_FORMAT_SPEC or too_wide:
            return (
                f"the format {template!r} asks for {{{field}:{spec[:20]}}}, which is too wide; "
                f"use a width of at most {MAX_FORMAT_WIDTH} (e.g. {{{name}:>20}}) and a "
                f"spec of at most {MAX_FORMAT_SPEC} characters"
            )
    return None


def format_check(**samples: Any) -> AfterValidator:
    """Validator for a str.format template, checked when the style loads by filling it with
    ``samples``; use as ``Annotated[str, format_check(name=sample, ...)]``.

    Only plain fields are allowed (a date's .year/.month/.day too), with sane format specs:
    no attribute or index access, no conversions other than !s, no nested fields, widths
    up to :data:`MAX_FORMAT_WIDTH`.  A field the writer does not supply, a positional field
    or a broken brace is a style error at the template's line, instead of a crash at render.
    """
    fields = ", ".join("{" + name + "}" for name in samples)

    def check(template: str) -> str:
        problem = _format_fields_problem(template, samples)
        if problem is not None:
            raise ValueError(problem)
        try:
            template.format(**samples)
        except (KeyError, IndexError, ValueError, AttributeError, TypeError) as exc:
            raise ValueError(
                f"the format {template!r} cannot be filled ({exc}); use only {fields}, "
                "and write a literal brace as {{ or }}"
            ) from None
        return template

    return AfterValidator(check)


#: The folders a style's files are looked up in while it is being validated (see style_file).
_STYLE_FOLDERS: ContextVar[tuple[Path, ...] | None] = ContextVar("style_folders", default=None)
#: What each kind of style file must be: its suffixes and how its content starts.
_FILE_KINDS: dict[str, tuple[tuple[str, ...], tuple[bytes, ...]]] = {
    "font": ((".ttf", ".otf", ".ttc"), (b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf")),
    "DOCX": ((".docx",), (b"PK\x03\x04",)),
    "template": ((".j2", ".mjml", ".html"), ()),
}


def _file_name_problem(name: str, kind: str) -> str | None:
    """Why ``name`` may not name a style file of ``kind`` (message; hint), or None."""
    from pathlib import PurePosixPath, PureWindowsPath

    suffixes = _FILE_KINDS[kind][0]
    shown = "".join(ch if ch.isprintable() else f"<U+{ord(ch):04X}>" for ch in name[:80])
    parts = PurePosixPath(name).parts
    if (
        not name
        or "\\" in name
        or not name.isprintable()
        or PurePosixPath(name).is_absolute()
        or PureWindowsPath(name).drive
        or ".." in parts
        or name.startswith("~")
    ):
        return (
            f"'{shown}' is not a file name inside the style folder; name a file in the "
            "style's folder (or in a folder below it), e.g. MyFont.ttf or fonts/MyFont.ttf"
        )
    if not name.lower().endswith(suffixes):
        return f"'{shown}' is not a {kind} file; name a file ending in {' or '.join(suffixes)}"
    return None


def locate_style_file(name: str, folders: tuple[Path, ...]) -> Path | None:
    """The first ``folders/name`` (then the bundled fonts) that is a file inside its folder."""
    for folder in (*folders, fonts_dir()):
        candidate = folder / name
        try:
            inside = candidate.resolve().is_relative_to(folder.resolve())
        except OSError:
            continue
        if inside and candidate.is_file():
            return candidate
    return None


def _content_problem(path: Path, kind: str) -> str | None:
    """Why the file at ``path`` is not a ``kind`` file, judged by how it starts, or None."""
    magic = _FILE_KINDS[kind][1]
    try:
        with path.open("rb") as stream:
            start = stream.read(4)
            if not magic:
                (start + stream.read(4096)).decode("utf-8")
    except UnicodeDecodeError:
        return f"{path} is not a text {kind}; name the style's {kind} file"
    except OSError as exc:
        return f"{path} cannot be read ({exc.strerror or exc}); check its permissions"
    if magic and not start.startswith(magic):
        return f"{path} is not a {kind} file (its content says otherwise); name a real {kind}"
    return None


def style_file(kind: str) -> AfterValidator:
    """Validator for the name of a style file (a font, a template, a DOCX reference).

    The name stays in its lane: a relative path inside the style folder, no '..', no
    absolute path.  While a style loads, the file must also exist there (or among the
    bundled fonts) and be of its kind, so ``check`` reports it at the style's line.
    """

    def check(name: str | None) -> str | None:
        if name is None:
            return None
        problem = _file_name_problem(name, kind)
        folders = _STYLE_FOLDERS.get()
        if problem is None and folders is not None:
            found = locate_style_file(name, folders)
            if found is None:
                problem = (
                    f"the {kind} file '{name}' is not in the style folder "
                    f"{folders[0] if folders else ''} (nor in its parents or the bundled "
                    "fonts); put the file there or correct the name"
                )
            else:
                problem = _content_problem(found, kind)
        if problem is not None:
            raise ValueError(problem)
        return name

    return AfterValidator(check)


FontFile = Annotated[str, style_file("font")]


_DAY = dt.date(2026, 1, 9)
_HEADER_FIELDS = {
    "title": "t",
    "subtitle": "s",
    "period": "p",
    "issuer": "i",
    "page": 1,
    "pages": 2,
}
SectionFormat = Annotated[str, format_check(number=1, title="t")]
PeriodFormat = Annotated[str, format_check(start=_DAY, end=_DAY)]
CitationFormat = Annotated[str, format_check(outlet="o", date=_DAY, url="https://example.org/")]
PageFormat = Annotated[str, format_check(**_HEADER_FIELDS)]

Colour = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]
RoleName = Literal[
    "title",
    "subtitle",
    "period",
    "issuer",
    "section",
    "headline_ja",
    "headline_en",
    "body",
    "bullet",
    "label",
    "citation",
    "end",
    "header",
    "footer",
]


class StyleModel(BaseModel):
    """Base for style models: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Page(StyleModel):
    """Paper and margins (millimetres); running header and footer templates."""

    width_mm: float = Field(gt=0, description="Page width; A4 is 210.")
    height_mm: float = Field(gt=0, description="Page height; A4 is 297.")
    margin_top_mm: float = Field(ge=0)
    margin_bottom_mm: float = Field(ge=0)
    margin_left_mm: float = Field(ge=0)
    margin_right_mm: float = Field(ge=0)
    header_distance_mm: float = Field(ge=0, description="From the page edge to the header.")
    footer_distance_mm: float = Field(ge=0, description="From the page edge to the footer.")
    header: PageFormat = Field(
        default="",
        description="Running header; {title}, {subtitle}, {period}, {issuer}; empty for none.",
    )
    footer: PageFormat = Field(description="Page-number line; {page} is the page number.")
    line_pitch_pt: float = Field(gt=0, description="Document grid line pitch (DOCX).")

    @property
    def text_width_mm(self) -> float:
        """Width between the side margins."""
        return self.width_mm - self.margin_left_mm - self.margin_right_mm


class DocxFonts(StyleModel):
    """Font names for Word: Latin (w:ascii, w:hAnsi) and East Asian (w:eastAsia) separately.

    For a role set in Japanese (headings), name the Japanese font for both, as Japanese
    Word templates do, so Latin letters and digits keep the Japanese font's class.
    """

    latin: str
    east_asian: str


class PdfFonts(StyleModel):
    """TrueType files (in ``fonts/`` or the style folder) for the PDF.

    ``latin`` sets Latin letters and digits: a face of the same class as ``east_asian``
    (a serif beside Mincho, the Gothic itself or a sans beside Gothic) keeps mixed-script
    lines of one class.  A bold left out (null) is the regular face emboldened
    synthetically (stroked, as Word does for a font without a bold weight).
    """

    latin: FontFile
    latin_bold: FontFile | None = None
    east_asian: FontFile
    east_asian_bold: FontFile | None = None


FontRole = Literal["body", "heading"]

#: Characters that could end a CSS declaration or the HTML attribute holding it.
CSS_UNSAFE = re.compile(r"[\"<>&;{}\\]")


def css_safe(value: str) -> str:
    """``value`` if it may stand in a CSS declaration in an HTML attribute, else ValueError
    naming the first character that may not (not the value: it may hold the '; ' that
    separates message from hint)."""
    found = CSS_UNSAFE.search(value)
    if found:
        raise ValueError(
            f"{found.group()!r} is a character CSS does not allow here (one of "
            '"<>&;{}\\); write font names in single quotes'
        )
    return value


#: A value written into the e-mail's CSS (a font-family stack), checked when the style loads.
CssValue = Annotated[str, AfterValidator(css_safe)]


class Fonts(StyleModel):
    """Fonts per output, for body text and for headings."""

    docx: dict[FontRole, DocxFonts]
    pdf: dict[FontRole, PdfFonts]
    email: dict[FontRole, CssValue] = Field(description="CSS font-family stacks.")


class Role(StyleModel):
    """How one kind of text looks, in points."""

    font: FontRole = "body"
    size: float = Field(gt=0, description="Font size in points.")
    bold: bool = False
    italic: bool = False
    align: Literal["left", "center", "right", "justify"] = "left"
    space_before: float = Field(default=0, ge=0, description="Points above.")
    space_after: float = Field(default=0, ge=0, description="Points below.")
    line_height: float = Field(default=1.2, gt=0, description="Multiple of the font size.")
    indent: float = Field(default=0, ge=0, description="Left indent in points.")
    hanging: float = Field(
        default=0,
        ge=0,
        description="Hanging indent in points: the first line (with the bullet or the "
        "headline mark) starts this much left of indent.",
    )
    colour: str = Field(default="text", description="A name from colours, or #RRGGBB.")
    keep_with_next: bool = False


class Strings(StyleModel):
    """Fixed words and formats.  Formats use Python's str.format fields."""

    section_heading: SectionFormat = Field(
        description="{number} and {title}, e.g. '{number}. {title}'."
    )
    headline_mark: str = Field(description="Printed before the Japanese headline, e.g. ●.")
    bullet: str = Field(description="The bullet glyph, e.g. •.")
    period: PeriodFormat = Field(
        description="{start} and {end} are dates: {start.year}, {start:%m}..."
    )
    period_one_day: PeriodFormat | None = Field(
        default=None,
        description="Used instead of period when it starts and ends on the same day.",
    )
    citation: CitationFormat = Field(description="{outlet}, {date} (a date), {url}.")
    citation_placement: Literal["inline", "paragraph"] = Field(
        default="inline", description="After the last paragraph's text, or on a line of its own."
    )
    end: str = Field(description="The closing mark, e.g. END; empty for none.")
    language: str = Field(default="ja", description="Main language (BCP 47).")


class Defaults(StyleModel):
    """What `briefout new` writes into a new issue."""

    title: str
    subtitle: str = ""
    issuer: str
    sections: list[str] = Field(min_length=1)


class Style(StyleModel):
    """A validated style: everything writers may read about layout."""

    name: str
    description: str = ""
    inherits: str | None = None
    page: Page
    fonts: Fonts
    colours: dict[str, Colour]
    roles: dict[RoleName, Role]
    strings: Strings
    defaults: Defaults
    writers: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="Settings of each writer, checked by that writer."
    )

    _folders: tuple[Path, ...] = PrivateAttr(default=())
    _located: Located | None = PrivateAttr(default=None)

    @field_validator("roles")
    @classmethod
    def _all_roles(cls, roles: dict[str, Role]) -> dict[str, Role]:
        missing = sorted(set(get_args(RoleName)) - set(roles))
        if missing:
            raise ValueError(f"roles missing: {', '.join(missing)}; define every role")
        return roles

    # -- formatting helpers shared by all writers --------------------------------------

    def colour(self, name: str) -> str:
        """Resolve a colour name (or pass through #RRGGBB)."""
        return name if name.startswith("#") else self.colours[name]

    def role(self, name: RoleName) -> Role:
        """The role's settings."""
        return self.roles[name]

    def format_period(self, start: dt.date, end: dt.date) -> str:
        """The period line, e.g. 2025年12月27日～2026年1月9日 (or one date for one day)."""
        template = self.strings.period
        if start == end and self.strings.period_one_day is not None:
            template = self.strings.period_one_day
        return template.format(start=start, end=end)

    def format_citation(self, outlet: str, date: dt.date, url: str | None = None) -> str:
        """A source citation, e.g. (Azertag, 05.01.2026)."""
        return self.strings.citation.format(outlet=outlet, date=date, url=url or "")

    def format_section(self, number: int, title: str) -> str:
        """A section heading, e.g. 1. 軍事・治安関係."""
        return self.strings.section_heading.format(number=number, title=title)

    # -- files and writer options -----------------------------------------------------

    def find_file(self, name: str) -> Path:
        """A file of this style (``reference.docx``...), child folder first, then fonts/;
        never outside those folders."""
        found = locate_style_file(name, self._folders)
        if found is not None:
            return found
        raise UserError(
            f"style '{self.name}': file '{name}' not found in "
            + ", ".join(str(f) for f in self._folders)
            + f" or {fonts_dir()}"
        )

    def source_files(self) -> list[Path]:
        """Every file a render with this style may read: its folders' files, then fonts/."""
        files: list[Path] = []
        for folder in (*self._folders, fonts_dir()):
            files.extend(
                sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
            )
        return files

    def writer_section_problems(
        self, models: Mapping[str, type[BaseModel] | None]
    ) -> list[Problem]:
        """Check each ``writers.<name>`` section against ``models`` (name -> model or None)."""
        problems: list[Problem] = []
        for name in self.writers:
            if name not in models:
                hint = did_you_mean(name, models, "known writers: " + ", ".join(sorted(models)))
                problems.append(
                    self.problem(("writers", name), f"no writer named '{name}'", hint, key=True)
                )
                continue
            model = models[name]
            if model is None:
                continue
            try:
                self.writer_options(name, model)
            except UserError as exc:
                problems.extend(exc.problems)
        return problems

    def writer_options(self, writer: str, model: type[OptionsT]) -> OptionsT:
        """Validate ``writers.<writer>`` with the writer's model, reporting style positions."""
        raw = self.writers.get(writer, {})
        token = _STYLE_FOLDERS.set(self._folders)  # file names are checked where they are
        try:
            if self._located is None:
                return model.model_validate(raw)
            return validate(model, self._located, at=("writers", writer), data=raw)
        finally:
            _STYLE_FOLDERS.reset(token)

    def problem(
        self,
        path: PathKey,
        message: str,
        hint: str = "",
        severity: Severity = "error",
        *,
        key: bool = False,
    ) -> Problem:
        """A problem at ``path`` of this style (``strings.end``), at its file position
        (at the key itself with ``key``)."""
        if self._located is None:
            return Problem(f"<style {self.name}>", 0, 0, dotted(path), message, hint, severity)
        return self._located.problem(path, message, hint, key=key, severity=severity)


def _merge(base: Any, over: Any) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        merged = dict(base)
        for key, value in over.items():
            merged[key] = _merge(base.get(key), value) if key in base else value
        return merged
    return over


def _style_file(spec: str | Path, relative_to: Path | None) -> Path:
    text = str(spec)
    looks_like_path = "/" in text or "\\" in text or text.endswith((".yaml", ".yml"))
    if not looks_like_path and (builtin_styles_dir() / text / "style.yaml").is_file():
        return (builtin_styles_dir() / text / "style.yaml").resolve()
    path = Path(text)
    if relative_to is not None and not path.is_absolute():
        path = relative_to / path
    if path.is_dir():
        path = path / "style.yaml"
    path = path.resolve()
    if not path.is_file():
        names = ", ".join(available_styles())
        raise UserError(
            f"style '{spec}' not found; give a built-in name ({names}) or the path "
            "of a style folder or style.yaml"
        )
    return path


def available_styles() -> list[str]:
    """Names of the built-in styles."""
    return sorted(p.parent.name for p in builtin_styles_dir().glob("*/style.yaml"))


def load_style(spec: str | Path = DEFAULT_STYLE) -> Style:
    """Load a built-in style by name or a user style by path, resolving inheritance."""
    chain: list[tuple[Path, Located]] = []
    current: Path | None = _style_file(spec, None)
    while current is not None:
        if any(path == current for path, _ in chain):
            raise UserError(f"style {current} inherits itself; break the 'inherits' loop")
        located = parse_yaml(read_utf8(current, str(current)), str(current))
        if not isinstance(located.data, dict):
            raise UserError.of(
                located.problem(
                    (), "a style must be a mapping of keys", "see styles/embassy/style.yaml"
                )
            )
        chain.append((current, located))
        parent = located.data.get("inherits")
        current = _style_file(parent, current.parent) if isinstance(parent, str) else None

    merged = Located(None, chain[0][1].file, chain[0][1].text)
    data: Any = {}
    for path, located in reversed(chain):  # parent first, child last
        data = _merge(data, located.data)
        merged.problems.extend(located.problems)
        for key, pos in located.values.items():
            merged.values[key] = _at(pos, path, chain[0][0])
        for key, pos in located.keys.items():
            merged.keys[key] = _at(pos, path, chain[0][0])
    data["name"] = chain[0][1].data.get("name", chain[0][0].parent.name)
    merged.data = data
    folders = tuple(path.parent for path, _ in chain)
    token = _STYLE_FOLDERS.set(folders)
    try:
        style = validate(Style, merged)
    finally:
        _STYLE_FOLDERS.reset(token)
    style._folders = folders
    style._located = merged
    problems = reference_problems(style)
    if problems:
        raise UserError.of(*problems)
    return style


_HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")

#: Colours the writers name directly (text and links everywhere; the e-mail's rules, page
#: background and footer), so every style must define them.
REQUIRED_COLOURS = ("text", "link", "muted", "rule", "background")


def reference_problems(style: Style) -> list[Problem]:
    """What the style names but does not define: colours of roles, colours the writers use,
    and the fonts of each font role a role uses (so `check` finds what `render` would hit)."""
    problems: list[Problem] = []
    names = ", ".join(sorted(style.colours)) or "none yet"
    for colour in REQUIRED_COLOURS:
        if colour not in style.colours:
            problems.append(
                style.problem(
                    ("colours",),
                    f"the colour '{colour}' is missing; the writers use it",
                    f"add '{colour}: \"#RRGGBB\"' under colours",
                    key=True,
                )
            )
    for name, role in style.roles.items():
        if not _HEX_COLOUR.match(role.colour) and role.colour not in style.colours:
            problems.append(
                style.problem(
                    ("roles", name, "colour"),
                    f"'{role.colour}' is not a colour of this style",
                    f"use one of {names}, or write #RRGGBB",
                )
            )
        for output, fonts in (
            ("docx", style.fonts.docx),
            ("pdf", style.fonts.pdf),
            ("email", style.fonts.email),
        ):
            if role.font not in fonts:
                problems.append(
                    style.problem(
                        ("roles", name, "font"),
                        f"the role uses the '{role.font}' fonts, but fonts.{output} has none",
                        f"add fonts.{output}.{role.font}, or use a font the style defines",
                    )
                )
    return problems


def _at(pos: Position, file: Path, main: Path) -> Position:
    return pos if file == main else dataclasses.replace(pos, file=str(file))
