"""A new issue skeleton from a style's defaults, for ``briefout new``."""

from __future__ import annotations

import json

from briefout.model import Period, PeriodField
from briefout.resources import schema_file
from briefout.style import Style
from briefout.validation import validate_value


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def new_issue_yaml(style: Style, period: str) -> str:
    """YAML text of an issue covering ``period`` whose items wait to be written."""
    parsed: Period = validate_value(
        PeriodField, period, f"--period {period!r}", "write it as 2026-01-10..2026-01-23"
    )
    defaults = style.defaults
    lines = [
        f"# yaml-language-server: $schema={schema_file().as_uri()}",
        "briefout: 1",
        f"title: {_quote(defaults.title)}",
    ]
    if defaults.subtitle:
        lines.append(f"subtitle: {_quote(defaults.subtitle)}")
    lines += [
        f"period: {parsed.start.isoformat()}..{parsed.end.isoformat()}",
        f"issuer: {_quote(defaults.issuer)}",
        "sections:",
    ]
    for title in defaults.sections:
        lines += [
            f"  - title: {_quote(title)}",
            "    items:",
            '      - ja: ""   # Japanese headline',
            '        en: ""   # English headline',
            "        body: |",
            "          Write the paragraphs here; '- ' starts a bullet.",
            '        source: ""   # Outlet, YYYY-MM-DD',
        ]
    return "\n".join(lines) + "\n"
