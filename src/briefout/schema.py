"""The JSON Schema of the issue format, for editors (yaml-language-server) and other tools."""

from __future__ import annotations

import json


def issue_schema() -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of a canonical issue."""
    from briefout.model import Issue

    schema = Issue.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def issue_schema_json() -> str:
    """The schema as stable, pretty JSON text ending in a newline."""
    return json.dumps(issue_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
