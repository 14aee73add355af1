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


def import_breakdown(runs: int = 5) -> list[str]:
    """Median import cost of the top-level packages `check` loads (python -X importtime)."""
    import os
    import statistics
    import subprocess
    import sys
    from collections import defaultdict

    totals: dict[str, list[float]] = defaultdict(list)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "briefout", "check", str(SAMPLE)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        seen: dict[str, float] = defaultdict(float)
        for line in result.stderr.splitlines():
            if not line.startswith("import time:") or "cumulative" in line:
                continue
            _, cumulative, name = line.split("|")
            if name.startswith(" ") and not name.startswith("  "):  # imported at top level
                seen[name.strip().split(".")[0]] += int(cumulative) / 1e6
        for name, seconds in seen.items():
            totals[name].append(seconds)
    ranked = sorted(totals.items(), key=lambda kv: -statistics.median(kv[1]))
    return [f"  import {name:<22} {statistics.median(v) * 1000:6.1f} ms" for name, v in ranked[:8]]


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
    print("where `check` spends its imports (cumulative, median; a module shared by two")
    print("packages is counted under the one that imports it first):")
    print("\n".join(import_breakdown()))


if __name__ == "__main__":
    main()
