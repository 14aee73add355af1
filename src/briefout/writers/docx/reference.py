"""Build a style's reference.docx from its roles: ``python -m briefout.writers.docx.reference``.

The reference document holds one paragraph in each named style (its text is
the style's name and role), the bullet numbering, and the page setup, so an
editor sees every style in Word's Styles pane and can restyle the briefing by
editing this file.  The DOCX writer then takes word/styles.xml and
word/numbering.xml from it.  The built-in ``styles/embassy/reference.docx`` is
exactly this script's output (a test checks it byte for byte).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefout.style import Style

# The sample content shown in the reference document (not part of any layout).
_SAMPLE_TIMESTAMP = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def _sample_issue(style: Style):  # type: ignore[no-untyped-def]
    from briefout.model import Issue

    names = style.writers.get("docx", {}).get("style_names", {})

    def label(role: str, default: str) -> str:
        return f"{names.get(role, default)} ({role})"

    body = (
        f"{label('body', 'Body Text')}: body paragraphs, justified, with *emphasis*, "
        "**bold** and [a link](https://example.invalid/).\n\n"
        f"- {label('bullet', 'List Bullet')}: a bullet from the numbering definition\n"
        "- a second bullet"
    )
    return Issue.model_validate(
        {
            "briefout": 1,
            "title": label("title", "Title"),
            "subtitle": label("subtitle", "Subtitle"),
            "period": "2000-01-01..2000-01-01",
            "issuer": label("issuer", "Issuer"),
            "sections": [
                {
                    "title": label("section", "heading 1"),
                    "items": [
                        {
                            "ja": label("headline_ja", "heading 2") + " 見出し",
                            "en": label("headline_en", "English Headline"),
                            "body": body,
                            "source": "Citation, 2000-01-01",
                            "parts": [
                                {
                                    "label": label("label", "Part Label"),
                                    "body": "Body of a labelled part.",
                                    "source": "Citation, 2000-01-01",
                                }
                            ],
                        }
                    ],
                }
            ],
        }
    )


def build_reference(style: Style) -> bytes:
    """The reference document of ``style``, built from its roles (reproducible bytes)."""
    from briefout.writers import RenderContext

    from . import build_docx, load_reference, options_for

    options = options_for(style).model_copy(update={"reference": None})
    reference = load_reference(style, options)
    context = RenderContext(timestamp=_SAMPLE_TIMESTAMP, writer="docx")
    return build_docx(
        _sample_issue(style), style, options, reference, context, keep_all_styles=True
    )


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, compare) the reference document of a style."""
    from briefout.errors import UserError
    from briefout.style import load_style

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--style", default="embassy", help="built-in name or style folder")
    parser.add_argument("-o", "--output", type=Path, help="default: <style folder>/reference.docx")
    parser.add_argument("--check", action="store_true", help="fail if the file differs")
    args = parser.parse_args(argv)
    try:
        style = load_style(args.style)
        data = build_reference(style)
        target = args.output or style.find_file("style.yaml").parent / "reference.docx"
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        same = target.is_file() and target.read_bytes() == data
        print(f"{target}: {'up to date' if same else 'differs; regenerate it'}")
        return 0 if same else 1
    target.write_bytes(data)
    print(f"wrote {target} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
