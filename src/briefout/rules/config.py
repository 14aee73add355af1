"""The ``lint:`` section of ``briefout.yaml``, validated against the registered rules.

Each key is a rule code; its value is a severity (``error``, ``warning``, ``off``) or a
mapping of the rule's options, which may include ``severity``::

    lint:
      outlet-spelling: error
      doubled-word: off
      ja-space: {policy: always}
      citation-date: {severity: error, grace_days: 3}

The model is built from the rules registered in this process, so a third-party rule's
options are validated (and misspelt codes get a "did you mean") like the built-ins'.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field, create_model

from briefout.project import Project, ProjectSettings
from briefout.rules import Rule, RuleOptions, Severity, default_severity, options_model
from briefout.validation import validate


def _severity_shorthand(value: Any) -> Any:
    """``code: error`` is short for ``code: {severity: error}``."""
    return {"severity": value} if isinstance(value, str) or value is None else value


@dataclass(frozen=True)
class RuleSetting:
    """A rule's severity and validated options for one project."""

    severity: Severity
    options: RuleOptions


def _project_model(rules: list[Rule]) -> type[ProjectSettings]:
    fields: dict[str, Any] = {}
    for rule in rules:
        model = options_model(rule)
        fields[rule.code] = (
            Annotated[model, BeforeValidator(_severity_shorthand)],
            Field(default_factory=model, description=rule.summary),
        )
    lint = create_model("Lint", __config__=ConfigDict(extra="forbid", frozen=True), **fields)
    return create_model(
        "ProjectWithRules",
        __base__=ProjectSettings,
        lint=(lint, Field(default_factory=lint)),
    )


def rule_settings(project: Project, rules: list[Rule]) -> dict[str, RuleSetting]:
    """Severity and options of every rule for ``project``; a UserError at FILE:LINE:COL."""
    lint: Any = None
    if project.located is not None:
        validated: Any = validate(_project_model(rules), project.located)
        lint = validated.lint
    settings = {}
    for rule in rules:
        options = getattr(lint, rule.code) if lint is not None else options_model(rule)()
        severity = options.severity or default_severity(rule)
        settings[rule.code] = RuleSetting(severity, options)
    return settings
