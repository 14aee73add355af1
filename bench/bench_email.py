"""Benchmark the e-mail outputs on the reference sample, whole process each run.

Run: python bench/bench_email.py [--runs N]
Targets (issue 5): `--to email` at most 0.15 s; docx,pdf,email in one command at most
0.6 s and 150 MiB.  Also reported: `--to eml` (text, email, pdf, docx and the message),
the sizes of the HTML and the .eml, and the HTML of a three-times-longer issue (which
the writer must shorten to stay under Gmail's clipping limit).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from harness import SAMPLE, interpreter_baseline, measure

DIST = """\
from: Embassy <briefing@embassy.example>
to: briefing@embassy.example
bcc: [reader@example.org]
list_unsubscribe: mailto:unsubscribe@embassy.example
"""


def long_issue_html(copies: int = 3) -> tuple[int, float, int]:
    """(items, seconds, HTML bytes) for the reference issue repeated ``copies`` times."""
    from briefout.dates import document_timestamp
    from briefout.loader import load_issue
    from briefout.style import load_style
    from briefout.writers import RenderContext
    from briefout.writers.email import EmailWriter

    base = load_issue(SAMPLE)
    sections = tuple(s.model_copy(update={"items": s.items * copies}) for s in base.sections)
    issue = base.model_copy(update={"sections": sections})
    style = load_style()
    context = RenderContext(timestamp=document_timestamp(issue, {}), writer="email")
    started = time.perf_counter()
    html = EmailWriter().render(issue, style, context)
    return sum(1 for _ in issue.items()), time.perf_counter() - started, len(html)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    print(interpreter_baseline(runs).line())
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        dist = out / "dist.yaml"
        dist.write_text(DIST, encoding="utf-8")
        email = ["render", str(SAMPLE), "--to", "email", "-o", str(out)]
        print(measure("briefout render --to email", email, runs).line(0.15))
        three = ["render", str(SAMPLE), "--to", "docx,pdf,email", "-o", str(out)]
        print(measure("briefout render --to docx,pdf,email", three, runs).line(0.6, 150))
        eml = ["render", str(SAMPLE), "--to", "eml", "--config", str(dist), "-o", str(out)]
        print(measure("briefout render --to eml", eml, runs).line())
        html = (out / "reference.html").stat().st_size
        message = (out / "reference.eml").stat().st_size
    print(f"reference.html {html:,} bytes (target <= 70,000); reference.eml {message:,} bytes")
    items, seconds, size = long_issue_html()
    print(
        f"{items}-item issue: e-mail writer {seconds:.3f} s in process, HTML {size:,} bytes "
        "(Gmail clips over 102,000)"
    )


if __name__ == "__main__":
    main()
