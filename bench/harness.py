"""Whole-process timing and peak memory of briefout commands (shared by the bench scripts).

Each run starts a fresh interpreter (``sys.executable -m briefout ...``), as a user would;
wall time is measured around the child, peak RSS comes from ``os.wait4``'s rusage.
``PYTHONDONTWRITEBYTECODE`` is cleared for the child (a normal install has bytecode caches;
the warm-up runs write them), so figures do not include recompiling briefout's sources.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "reference.yaml"


@dataclass
class Measure:
    """Figures of one command over several runs."""

    label: str
    walls: list[float]
    peak_rss_mib: float

    def line(self, target_s: float | None = None, target_mib: float | None = None) -> str:
        """One human-readable report line, with the targets when given."""
        median = statistics.median(self.walls)
        verdict = ""
        if target_s is not None:
            ok = median <= target_s and (target_mib is None or self.peak_rss_mib <= target_mib)
            verdict = (
                f"  target {target_s:.2f} s"
                + (f" / {target_mib:.0f} MiB" if target_mib else "")
                + ("  OK" if ok else "  OVER")
            )
        return (
            f"{self.label:<40} median {median:.3f} s  min {min(self.walls):.3f} s  "
            f"max {max(self.walls):.3f} s  peak RSS {self.peak_rss_mib:.1f} MiB"
            f"  (n={len(self.walls)}){verdict}"
        )


def _child_env(extra: dict[str, str] | None) -> dict[str, str]:
    env = {**os.environ, **(extra or {})}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _spawn(args: Sequence[str], env: dict[str, str] | None) -> tuple[float, os.struct_rusage]:
    """Run ``python -m briefout *args`` once; (wall seconds, resource usage); exit on failure."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "briefout", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=_child_env(env),
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    errors = child.stderr.read().decode() if child.stderr else ""
    if child.returncode != 0:
        raise SystemExit(f"briefout {' '.join(args)} failed ({child.returncode}): {errors}")
    return wall, usage


def run_once(args: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Run ``python -m briefout *args`` once; return (wall seconds, peak RSS MiB)."""
    wall, usage = _spawn(args, env)
    return wall, usage.ru_maxrss / 1024


def cpu_seconds(args: Sequence[str], runs: int) -> float:
    """Median CPU time (user + system) of the whole process: what the command costs even when
    other work shares the cores (wall time then mostly measures waiting)."""
    usages = [_spawn(args, None)[1] for _ in range(runs)]
    return statistics.median(usage.ru_utime + usage.ru_stime for usage in usages)


def measure(label: str, args: Sequence[str], runs: int = 15, warmup: int = 2) -> Measure:
    """Median wall time and the largest peak RSS over ``runs`` runs after ``warmup``."""
    for _ in range(warmup):
        run_once(args)
    walls, peaks = [], []
    for _ in range(runs):
        wall, peak = run_once(args)
        walls.append(wall)
        peaks.append(peak)
    return Measure(label, walls, max(peaks))


def interpreter_baseline(runs: int = 15) -> Measure:
    """The bare interpreter start on this machine, for context."""
    walls, peaks = [], []
    for _ in range(runs):
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", "pass"], env=_child_env(None))
        _, _, usage = os.wait4(child.pid, 0)
        walls.append(time.perf_counter() - started)
        peaks.append(usage.ru_maxrss / 1024)
    return Measure("python -c pass (interpreter start)", walls, max(peaks))


def in_process_median(writer: str, repeats: int = 20) -> float:
    """Median seconds of one writer alone (issue, style and imports already loaded)."""
    from briefout.loader import load_issue
    from briefout.render import render_issue
    from briefout.style import load_style

    issue, style = load_issue(SAMPLE), load_style()
    render_issue(issue, style, writer, environ={})  # imports and caches once
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        render_issue(issue, style, writer, environ={})
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def writer_report(
    writer: str, runs: int, target_s: float, target_mib: float, size_target_kb: float
) -> list[str]:
    """Whole-process figures of ``--to writer`` beside ``--to text``, and both sample sizes."""
    import tempfile

    lines = [interpreter_baseline(runs).line()]
    with tempfile.TemporaryDirectory() as out:
        text = ["render", str(SAMPLE), "--to", "text", "-o", out]
        lines.append(measure("briefout render --to text", text, runs).line())
        args = ["render", str(SAMPLE), "--to", writer, "-o", out]
        lines.append(
            measure(f"briefout render --to {writer}", args, runs).line(target_s, target_mib)
        )
        size = (Path(out) / f"reference.{writer}").stat().st_size
    verdict = "OK" if size <= size_target_kb * 1024 else "OVER"
    lines.append(
        f"reference.{writer} size {size / 1024:.1f} KB  target {size_target_kb:.0f} KB  {verdict}"
    )
    with tempfile.TemporaryDirectory() as out:
        run_once(["render", str(ROOT / "samples" / "minimal.yaml"), "--to", writer, "-o", out])
        minimal = (Path(out) / f"minimal.{writer}").stat().st_size
    lines.append(f"minimal.{writer} size {minimal / 1024:.1f} KB")
    return lines
