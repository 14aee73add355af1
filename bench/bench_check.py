"""Benchmark the foundation: `briefout check` and `--to text` on the reference sample.

Run: python bench/bench_check.py [--runs N]
Target (issue 2): check at most 0.15 s whole process.
"""

from __future__ import annotations

import argparse
import tempfile
import time

from harness import SAMPLE, interpreter_baseline, measure


def alias_bomb_seconds() -> float:
    """Time to refuse a billion-laughs file (must be well under a second)."""
    from briefout.errors import UserError
    from briefout.loader import load_issue_bytes

    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    started = time.perf_counter()
    try:
        load_issue_bytes("\n".join(lines).encode())
    except UserError:
        return time.perf_counter() - started
    raise SystemExit("the alias bomb was accepted")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    print(interpreter_baseline(runs).line())
    print(measure("briefout check reference.yaml", ["check", str(SAMPLE)], runs).line(0.15))
    with tempfile.TemporaryDirectory() as out:
        args = ["render", str(SAMPLE), "--to", "text", "-o", out]
        print(measure("briefout render --to text", args, runs).line())
    print(f"alias bomb (10^10 expansions) refused in {alias_bomb_seconds():.3f} s (target < 1 s)")


if __name__ == "__main__":
    main()
