"""Benchmark the PDF writer: `briefout render reference.yaml --to pdf`, whole process.

Run: python bench/bench_pdf.py [--runs N]
Targets (issue 4): at most 0.40 s and 120 MiB whole process; the sample PDF at most 200 KB.

Printed beside it: `--to text` on the same sample (the foundation's own cost), the PDF with
a cold font cache (every run parses the TrueType files and writes the cache), and the cost
of loading each font file with and without the parse cache, in process.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from harness import (
    ROOT,
    SAMPLE,
    Measure,
    in_process_median,
    interpreter_baseline,
    measure,
    run_once,
)


def cold_cache(args: list[str], runs: int) -> Measure:
    """Whole-process runs, each with a new empty font cache folder."""
    walls, peaks = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            wall, peak = run_once(args, env={"BRIEFOUT_CACHE_DIR": cache})
        walls.append(wall)
        peaks.append(peak)
    return Measure("briefout render --to pdf (cold cache)", walls, max(peaks))


def font_load_ms(repeats: int = 5) -> list[str]:
    """Median milliseconds to load each bundled font: parsing vs. the parse cache."""
    from briefout.resources import fonts_dir
    from briefout.writers.pdf.fonts import load_face

    lines = []
    with tempfile.TemporaryDirectory() as cache:
        import os

        os.environ["BRIEFOUT_CACHE_DIR"] = cache
        for path in sorted(fonts_dir().glob("*.ttf")):
            parse, warm = [], []
            for _ in range(repeats):
                started = time.perf_counter()
                load_face(path, use_cache=False)
                parse.append(time.perf_counter() - started)
            load_face(path, use_cache=True)  # fill the cache
            for _ in range(repeats):
                started = time.perf_counter()
                load_face(path, use_cache=True)
                warm.append(time.perf_counter() - started)
            lines.append(
                f"  {path.name:<32} parse {statistics.median(parse) * 1000:6.1f} ms   "
                f"cached {statistics.median(warm) * 1000:6.1f} ms"
            )
    return lines


def in_process_ms(repeats: int = 10) -> str:
    """Median time of layout and drawing alone (issue, style and imports already loaded)."""
    median = in_process_median("pdf", repeats)
    return f"writer alone, in process (fonts cached): {median * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    print(interpreter_baseline(runs).line())
    with tempfile.TemporaryDirectory() as out:
        text = ["render", str(SAMPLE), "--to", "text", "-o", out]
        print(measure("briefout render --to text", text, runs).line())
        pdf = ["render", str(SAMPLE), "--to", "pdf", "-o", out]
        print(measure("briefout render --to pdf", pdf, runs).line(0.40, 120))
        print(cold_cache(pdf, max(3, runs // 3)).line())
        size = (Path(out) / "reference.pdf").stat().st_size
    verdict = "OK" if size <= 200 * 1024 else "OVER"
    print(f"reference.pdf size {size / 1024:.1f} KB  target 200 KB  {verdict}")
    minimal = ROOT / "samples" / "minimal.yaml"
    with tempfile.TemporaryDirectory() as out:
        run_once(["render", str(minimal), "--to", "pdf", "-o", out])
        print(f"minimal.pdf size {(Path(out) / 'minimal.pdf').stat().st_size / 1024:.1f} KB")
    print("font load, in process (median):")
    for line in font_load_ms():
        print(line)
    print(in_process_ms())


if __name__ == "__main__":
    main()
