"""briefout: publish a periodic bilingual briefing from one YAML source.

Library use::

    from briefout import load_issue, load_style, render_issue, write_outputs
    issue = load_issue("issue.yaml")
    result = render_issue(issue, load_style("embassy"), "docx,pdf,email", source=path)
    write_outputs(result.outputs, outdir)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "load_issue", "load_style", "render_issue", "write_outputs"]

if TYPE_CHECKING:
    from briefout.loader import load_issue
    from briefout.render import render_issue, write_outputs
    from briefout.style import load_style


def __getattr__(name: str) -> Any:
    """Import the public API lazily, so ``import briefout`` stays cheap."""
    if name == "load_issue":
        from briefout.loader import load_issue

        return load_issue
    if name in ("render_issue", "write_outputs"):
        from briefout import render

        return getattr(render, name)
    if name == "load_style":
        from briefout.style import load_style

        return load_style
    raise AttributeError(name)
