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

from harness import (
    SAMPLE,
    Measure,
    in_process_median,
    run_once,
    writer_report,
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
    print("\n".join(writer_report("pdf", runs, 0.40, 120, 200)))
    with tempfile.TemporaryDirectory() as out:
        pdf = ["render", str(SAMPLE), "--to", "pdf", "-o", out]
        print(cold_cache(pdf, max(3, runs // 3)).line())
    print("font load, in process (median):")
    for line in font_load_ms():
        print(line)
    print(in_process_ms())


if __name__ == "__main__":
    main()
