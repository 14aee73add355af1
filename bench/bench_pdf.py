"""Benchmark the PDF writer: `briefout render reference.yaml --to pdf`, whole process.

Run: python bench/bench_pdf.py [--runs N]
Targets (issue 4): at most 0.40 s and 120 MiB whole process; the sample PDF at most 200 KB.

Printed beside it: `--to text` on the same sample (the foundation's own cost), the PDF with
a cold font cache (every run parses the TrueType files and writes the cache), the cost
of loading each font file with and without the parse cache, in process, and what tagging
costs (issue 13: at most 10% slower, at most 15% larger): the same PDF untagged
(`writers.pdf.tagged: false`), whole process and in process, and both sizes.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from harness import (
    SAMPLE,
    Measure,
    in_process_median,
    measure,
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


def untagged_style(folder: Path) -> Path:
    """A style folder that inherits the default style with tagging turned off."""
    (folder / "style.yaml").write_text(
        "inherits: embassy\nwriters:\n  pdf:\n    tagged: false\n", encoding="utf-8"
    )
    return folder


def tagging_cost(runs: int) -> list[str]:
    """Whole-process time and size of the reference PDF untagged beside tagged."""
    from briefout.loader import load_issue
    from briefout.render import render_issue
    from briefout.style import load_style

    lines = []
    with tempfile.TemporaryDirectory() as work:
        style = untagged_style(Path(work))
        out = Path(work) / "out"
        args = ["render", str(SAMPLE), "--to", "pdf", "-o", str(out), "--style", str(style)]
        lines.append(measure("briefout render --to pdf (untagged)", args, runs).line())
        issue = load_issue(SAMPLE)
        sizes = {}
        for name, chosen in (("tagged", load_style()), ("untagged", load_style(style))):
            render_issue(issue, chosen, "pdf", environ={})  # warm
            times = []
            for _ in range(10):
                started = time.perf_counter()
                result = render_issue(issue, chosen, "pdf", environ={})
                times.append(time.perf_counter() - started)
            sizes[name] = len(result.outputs[0].data)
            lines.append(
                f"writer alone, in process, {name}: {statistics.median(times) * 1000:.1f} ms"
            )
    growth = sizes["tagged"] / sizes["untagged"] - 1
    lines.append(
        f"reference.pdf tagged {sizes['tagged'] / 1024:.1f} KB, untagged "
        f"{sizes['untagged'] / 1024:.1f} KB: +{growth:.1%}  target +15%  "
        + ("OK" if growth <= 0.15 else "OVER")
    )
    return lines


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
    for line in tagging_cost(runs):
        print(line)


if __name__ == "__main__":
    main()
