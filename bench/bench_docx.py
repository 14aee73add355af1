"""Benchmark the DOCX writer: `briefout render reference.yaml --to docx`, whole process.

Run: python bench/bench_docx.py [--runs N]
Targets (issue 3): at most 0.25 s and 100 MiB whole process; the sample DOCX at most 40 KB.
`--to text` on the same sample is printed beside it: the difference is the writer's own cost
(importing python-docx and lxml, opening reference.docx, the body, saving and rewriting the zip).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from harness import ROOT, SAMPLE, in_process_median, interpreter_baseline, measure


def in_process_seconds(repeats: int = 20) -> float:
    """Median time of the writer alone (issue and style already loaded)."""
    return in_process_median("docx", repeats)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    print(interpreter_baseline(runs).line())
    with tempfile.TemporaryDirectory() as out:
        text = ["render", str(SAMPLE), "--to", "text", "-o", out]
        print(measure("briefout render --to text", text, runs).line())
        docx = ["render", str(SAMPLE), "--to", "docx", "-o", out]
        print(measure("briefout render --to docx", docx, runs).line(0.25, 100))
        size = (Path(out) / "reference.docx").stat().st_size
    verdict = "OK" if size <= 40 * 1024 else "OVER"
    print(f"reference.docx size {size / 1024:.1f} KB  target 40 KB  {verdict}")
    minimal = ROOT / "samples" / "minimal.yaml"
    with tempfile.TemporaryDirectory() as out:
        measure("minimal", ["render", str(minimal), "--to", "docx", "-o", out], 1, 0)
        print(f"minimal.docx size {(Path(out) / 'minimal.docx').stat().st_size / 1024:.1f} KB")
    print(f"writer alone, in process: {in_process_seconds() * 1000:.1f} ms")


if __name__ == "__main__":
    main()
