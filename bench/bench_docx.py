"""Benchmark the DOCX writer: `briefout render reference.yaml --to docx`, whole process.

Run: python bench/bench_docx.py [--runs N]
Targets (issue 3): at most 0.25 s and 100 MiB whole process; the sample DOCX at most 40 KB.
`--to text` on the same sample is printed beside it: the difference is the writer's own cost
(importing python-docx and lxml, opening reference.docx, the body, saving and rewriting the zip).
"""

from __future__ import annotations

import argparse

from harness import in_process_median, writer_report


def in_process_seconds(repeats: int = 20) -> float:
    """Median time of the writer alone (issue and style already loaded)."""
    return in_process_median("docx", repeats)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    print("\n".join(writer_report("docx", runs, 0.25, 100, 40)))
    print(f"writer alone, in process: {in_process_seconds() * 1000:.1f} ms")


if __name__ == "__main__":
    main()
