"""Editorial rules: the Rule protocol, findings, and the registry over ``briefout.rules``.

A rule is an object with a stable ``code`` (configurations, suppressions and baselines
name it), a one-line ``summary``, a longer ``help``, ``fixable``, and
``check(targets)``, which gets every validated issue of one ``briefout check`` call (so a
rule may compare issues with each other) and yields :class:`Finding` s made with
:meth:`Target.finding`, which puts them at their exact file position and turns a
replacement into a fix.  A rule may declare ``options_model`` (a :class:`RuleOptions`
subclass: its settings in the ``lint:`` section of ``briefout.yaml``) and
``default_severity``.

Built-in rules are registered through entry points in ``pyproject.toml`` exactly as a
third-party package registers its own; a rule is imported only when ``check`` runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol, runtime_checkable

from pydantic import Field

from briefout.errors import Problem
from briefout.model import Strict
from briefout.plugins import Registry
from briefout.yamlsource import PathKey, dotted

if TYPE_CHECKING:
    from briefout.model import Issue
    from briefout.project import Project
    from briefout.rules.source import SourceText

GROUP = "briefout.rules"
Severity = Literal["error", "warning", "off"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "off")


class RuleOptions(Strict):
    """Settings every rule has; a rule's ``options_model`` adds its own."""

    severity: Severity | None = Field(
        default=None, description="error, warning or off (default: the rule's own, warning)."
    )


@dataclass(frozen=True)
class Edit:
    """Replace the file text from ``start`` to ``end`` (offsets) with ``text``."""

    start: int
    end: int
    text: str
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Fix:
    """What ``--fix`` would write for a finding: a description and the file edits.

    ``path``, ``start``, ``end`` and ``replacement`` say the same in terms of the parsed
    value, so the rewritten file can be verified to hold exactly the intended text."""

    description: str
    edits: tuple[Edit, ...]
    path: PathKey = ()
    start: int = 0
    end: int = 0
    replacement: str = ""


@dataclass(frozen=True, order=True)
class Finding(Problem):
    """A :class:`Problem` found by a rule: its code, its whole range, the fix if any.

    ``end_line``/``end_column`` are exclusive (1-based); ``excerpt`` is the flagged
    text (what baselines match); ``origin`` is the rule's code too."""

    rule: str = ""
    end_line: int = 0
    end_column: int = 0
    fix: Fix | None = field(default=None, compare=False)
    excerpt: str = ""

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order of reports: file, line, column, rule."""
        return (self.file, self.line, self.column, self.rule)


@dataclass(frozen=True)
class TextNode:
    """A text value of an issue: its path, raw text and what kind of text it is.

    ``kind`` is ``"ja"`` (Japanese by field: title, subtitle, issuer, section titles,
    Japanese headlines), ``"en"`` (English headlines, part labels) or ``"body"``.
    """

    path: PathKey
    text: str
    kind: Literal["ja", "en", "body"]


@dataclass
class IssueSource:
    """A validated issue with its file text: what the rules read."""

    file: str
    issue: Issue
    source: SourceText
    project: Project
    _texts: list[TextNode] | None = field(default=None, repr=False)

    def texts(self) -> list[TextNode]:
        """Every text value of the issue in file order, as written in the YAML.

        The places and languages come from :func:`briefout.walk.walk`; a body is given
        once, as its whole YAML value (markup included), so rules can map offsets back to
        the file and fix it.  Computed once per issue, shared by every rule."""
        if self._texts is None:
            self._texts = list(self._walk_texts())
        return self._texts

    def _walk_texts(self) -> Iterator[TextNode]:
        from briefout.walk import walk

        seen_body: PathKey = ()
        for node in walk(self.issue):
            if node.kind in _SCALAR_KINDS:
                kind: Literal["ja", "en", "body"] = "ja" if node.language == "ja" else "en"
                yield TextNode(node.path, str(self.source.value(node.path)), kind)
            elif node.kind in ("paragraph", "bullet"):
                body = node.path[: node.path.index("body") + 1]
                if body != seen_body:
                    seen_body = body
                    yield TextNode(body, str(self.source.value(body)), "body")


_SCALAR_KINDS = frozenset(
    ("title", "subtitle", "issuer", "section_title", "headline_ja", "headline_en", "label")
)


@dataclass
class Target:
    """One issue as one rule sees it: the issue, the rule's options, a finding factory."""

    issue: IssueSource
    rule: str
    severity: Literal["error", "warning"]
    options: Any

    def spot(self, path: PathKey, start: int, end: int) -> Spot:
        """Where value characters ``start``..``end`` of the text at ``path`` stand."""
        begin, finish, _ = self.issue.source.span(path, start, end)
        excerpt = str(self.issue.source.value(path))[start:end]
        return Spot(begin.line, begin.column, finish.line, finish.column, dotted(path), excerpt)

    def finding(
        self,
        path: PathKey,
        start: int,
        end: int,
        message: str,
        hint: str = "",
        replacement: str | None = None,
    ) -> Finding:
        """A finding on value characters ``start``..``end`` of the text at ``path``.

        With ``replacement``, the finding carries a fix that writes it over exactly those
        characters, unless the scalar's YAML style could not hold it unchanged."""
        source = self.issue.source
        begin, finish, exact = source.span(path, start, end)
        fix = None
        if replacement is not None and exact and source.safe_replacement(path, replacement):
            edit = Edit(
                begin.offset,
                finish.offset,
                replacement,
                begin.line,
                begin.column,
                finish.line,
                finish.column,
            )
            flagged = str(source.value(path))[start:end]
            action = (
                f"replace {flagged!r} with {replacement!r}"
                if replacement
                else f"delete {flagged!r}"
            )
            fix = Fix(action, (edit,), path, start, end, replacement)
        return Finding(
            file=self.issue.file,
            line=begin.line,
            column=begin.column,
            end_line=finish.line,
            end_column=finish.column,
            path=dotted(path),
            rule=self.rule,
            origin=self.rule,
            severity=self.severity,
            message=message,
            hint=hint,
            fix=fix,
            excerpt=str(source.value(path))[start:end],
        )


@dataclass(frozen=True)
class Spot:
    """A finding's place in its file, resolved while the issue is loaded (plain data)."""

    line: int
    column: int
    end_line: int
    end_column: int
    path: str
    excerpt: str


@dataclass(frozen=True)
class Digest:
    """What a :class:`ComparingRule` kept of one issue, with the rule's settings for it."""

    file: str
    rule: str
    severity: Literal["error", "warning"]
    options: Any
    data: Any

    def finding(self, spot: Spot, message: str, hint: str = "") -> Finding:
        """A finding (without a fix) at ``spot`` of this digest's file."""
        return Finding(
            file=self.file,
            line=spot.line,
            column=spot.column,
            end_line=spot.end_line,
            end_column=spot.end_column,
            path=spot.path,
            rule=self.rule,
            origin=self.rule,
            severity=self.severity,
            message=message,
            hint=hint,
            excerpt=spot.excerpt,
        )


@runtime_checkable
class Rule(Protocol):
    """An editorial rule; see the module docstring."""

    code: ClassVar[str]
    summary: ClassVar[str]
    help: ClassVar[str]
    fixable: ClassVar[bool]

    def check(self, targets: Sequence[Target]) -> Iterable[Finding]:
        """Findings over every issue of the run (each target: one issue)."""
        ...


@runtime_checkable
class ComparingRule(Rule, Protocol):
    """A rule that compares issues in two steps, so issues can be loaded in parallel.

    ``digest`` runs where the issue is loaded and returns plain, picklable data (texts,
    keys, numbers, :class:`Spot` s: never the issue itself); ``compare`` gets the digests
    of every issue of the run, in file order, and yields the findings."""

    def digest(self, target: Target) -> Any:
        """What this rule needs of one issue to compare it with the others."""
        ...

    def compare(self, digests: Sequence[Digest]) -> Iterable[Finding]:
        """Findings over every issue of the run."""
        ...


def digests_of(rule: ComparingRule, targets: Sequence[Target]) -> list[Digest]:
    """The digest of every target (for a comparing rule run in one process)."""
    return [Digest(t.issue.file, t.rule, t.severity, t.options, rule.digest(t)) for t in targets]


def per_issue(rule: Rule) -> bool:
    """Whether the rule looks at one issue at a time (:class:`IssueRule` as it is)."""
    return isinstance(rule, IssueRule) and getattr(type(rule), "check", None) is IssueRule.check


class IssueRule:
    """Base for rules that look at one issue at a time: implement ``check_issue``.

    Such rules run where each issue is loaded (in helper processes for many issues); a
    subclass that overrides ``check`` is run like any rule, over every issue at once."""

    def check(self, targets: Sequence[Target]) -> Iterable[Finding]:
        """Run :meth:`check_issue` on each target."""
        for target in targets:
            yield from self.check_issue(target)

    def check_issue(self, target: Target) -> Iterable[Finding]:
        """Findings in one issue."""
        raise NotImplementedError


RULES: Registry[Rule] = Registry(
    GROUP, Rule, noun="rule", key="code", unknown="unknown rule '{name}'; known rules: {known}"
)


def register_rule(rule: Rule, *, override: bool = False) -> None:
    """Register a rule object in this process (entry points are the usual way)."""
    RULES.register(rule, override=override)


def unregister_rule(code: str) -> None:
    """Forget a rule registered with :func:`register_rule`."""
    RULES.unregister(code)


def rule_codes() -> list[str]:
    """Every registered rule code, sorted."""
    return RULES.names()


def get_rule(code: str) -> Rule:
    """The rule for ``code``; a UserError if none is registered or it cannot load."""
    return RULES.get(code)


def all_rules() -> list[Rule]:
    """Every registered rule, loaded, in code order."""
    return RULES.all()


def options_model(rule: Rule) -> type[RuleOptions]:
    """The model of the rule's settings in ``lint:`` (just ``severity`` by default)."""
    model = getattr(rule, "options_model", RuleOptions)
    return model if isinstance(model, type) and issubclass(model, RuleOptions) else RuleOptions


def default_severity(rule: Rule) -> Severity:
    """The severity a rule has when ``lint:`` does not set one."""
    value = getattr(rule, "default_severity", "warning")
    return value if value in SEVERITIES else "warning"
