"""Benchmark `briefout import`: the reference DOCX (briefout's own rendering of
samples/reference.yaml) and the reference text, whole process.

Run: python bench/bench_import.py [--runs N]
Target (issue 8): importing the reference DOCX at most 0.5 s whole process.
The import alone (in process, modules loaded) is printed beside it.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from harness import ROOT, SAMPLE, cpu_seconds, interpreter_baseline, measure, run_once

REFERENCE_TEXT = ROOT.parent / "shared" / "reference" / "000_833dc4c24bebd27c.txt"
if not REFERENCE_TEXT.is_file():  # a worktree sits deeper than a CI clone
    REFERENCE_TEXT = Path("/work/shared/reference/000_833dc4c24bebd27c.txt")


def in_process_seconds(docx: Path, repeats: int = 20) -> float:
    """Median time of one import of ``docx`` with every module already imported."""
    from briefout.importer import import_file

    import_file(docx)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        import_file(docx)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    print(interpreter_baseline(runs).line())
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        run_once(["render", str(SAMPLE), "--to", "docx", "-o", str(out)])
        docx = out / "reference.docx"
        args = ["import", str(docx), "-o", str(out / "imported.yaml"), "--force"]
        print(measure("briefout import reference.docx", args, runs).line(0.5))
        cpu = cpu_seconds(args, runs)
        print(f"briefout import reference.docx: CPU (user+sys) median {cpu:.3f} s")
        text_args = ["render", str(SAMPLE), "--to", "text", "-o", str(out)]
        scale = cpu_seconds(text_args, runs)
        print(f"briefout render --to text (for scale): CPU median {scale:.3f} s")
        if REFERENCE_TEXT.is_file():
            args = ["import", str(REFERENCE_TEXT), "-o", str(out / "text.yaml"), "--force"]
            print(measure("briefout import reference text", args, runs).line(0.5))
        print(f"import alone, in process: {in_process_seconds(docx) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
