"""Benchmark the bounded-cost targets of issue 11, whole process.

Run: python bench/bench_hardening.py [--runs N]
Targets:
- an item whose body holds one 100,000-character token (no space): `--to pdf` in at most
  3 s (the line breaker is linear in the token; it was quadratic, over 100 s);
- a 1 MB body: `--to text,docx,pdf,email` in at most 10 s and 300 MiB.
Wall time on a shared machine mostly measures waiting, so each line is followed by the
process's CPU time (user + system).  Printed beside them: the same token of Japanese
characters and of ambiguous-width marks (●, whose face follows its neighbours), and the
1 MB body per format.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from harness import ROOT, cpu_seconds, interpreter_baseline, measure

MINIMAL = ROOT / "samples" / "minimal.yaml"
ANCHOR = "In 2025, a total"


def issue_with_body(folder: Path, name: str, text: str) -> Path:
    """The minimal sample with ``text`` (a YAML literal block's lines) before its body."""
    sample = MINIMAL.read_text(encoding="utf-8")
    path = folder / f"{name}.yaml"
    path.write_text(sample.replace(ANCHOR, text + "\n\n          " + ANCHOR), encoding="utf-8")
    return path


def megabyte_body() -> str:
    """About 1 MB of English paragraphs with bold, emphasis and links."""
    sentence = (
        "The *State Border Service* reported on **service and combat** activities for 2025, "
        "including [1,226 detentions](https://apa.az/news/1) at the border. "
    )
    paragraph = (sentence * 6).strip()
    count = 1_000_000 // (len(paragraph) + 12) + 1
    return "\n\n          ".join([paragraph] * count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    print(interpreter_baseline(runs).line())
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        out = str(folder / "out")
        for name, token, target in (
            ("token-latin", "a" * 100_000, 3.0),
            ("token-japanese", "国" * 100_000, None),
            ("token-ambiguous", "●" * 100_000, None),
        ):
            path = issue_with_body(folder, name, token)
            args = ["render", str(path), "--to", "pdf", "-o", out]
            print(measure(f"{name} 100,000 chars --to pdf", args, runs, 1).line(target))
            print(f"  CPU (user+sys) median {cpu_seconds(args, runs):.2f} s")
        path = issue_with_body(folder, "megabyte", megabyte_body())
        print(f"1 MB issue file: {path.stat().st_size / 1e6:.2f} MB")
        every = ["render", str(path), "--to", "text,docx,pdf,email", "-o", out]
        print(measure("1 MB body --to text,docx,pdf,email", every, runs, 1).line(10.0, 300))
        print(f"  CPU (user+sys) median {cpu_seconds(every, runs):.2f} s")
        for writer in ("text", "docx", "pdf", "email"):
            args = ["render", str(path), "--to", writer, "-o", out]
            print(measure(f"1 MB body --to {writer}", args, max(1, runs // 2), 0).line())
            print(f"  CPU (user+sys) median {cpu_seconds(args, max(1, runs // 2)):.2f} s")


if __name__ == "__main__":
    main()
