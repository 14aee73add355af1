"""Benchmark `briefout build` on a generated archive (reference-size issues), whole process.

Run: python bench/bench_build.py [--issues 100] [--per-process 10] [--repeat 5] [--jobs N]
Wall times depend on what else the machine runs (the load average is printed); CPU
seconds (the build and its workers, from wait4) do not, and bound the idle-machine wall.
Targets (issue 10), formats docx,pdf,email: a cold build of 100 issues at least 15 issues/s
and at least 6x faster than one `render` process per issue; nothing changed at most 1 s;
one issue changed at most 1.5 s; peak memory (the build process and all its workers
together) at most 400 MiB.  The per-process figure renders --per-process issues one
`render` process each and scales the mean to the whole archive.  Memory is sampled from
/proc every 10 ms: the sum of RSS (shared pages counted in every process, an upper
bound) and of PSS (shared pages divided among the processes sharing them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from harness import SAMPLE, _child_env

FORMATS = "docx,pdf,email"


def make_archive(root: Path, count: int) -> list[Path]:
    """``count`` copies of the reference issue, two weeks apart, in year folders."""
    text = SAMPLE.read_text(encoding="utf-8")
    paths = []
    for number in range(count):
        start = dt.date(2022, 1, 7) + dt.timedelta(days=14 * number)
        end = start + dt.timedelta(days=13)
        path = root / str(end.year) / f"{end}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(re.sub(r"(?m)^period: .*$", f"period: {start}..{end}", text), "utf-8")
        paths.append(path)
    return paths


def _tree(pid: int) -> list[int]:
    """``pid`` and every descendant (from /proc/PID/task/TID/children)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo.extend(int(child) for child in handle.read().split())
        except OSError:
            continue
    return found


def _memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB, zeros if it is gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


@dataclass
class Run:
    """One whole-process run: wall and CPU seconds (its workers included), peak memory."""

    wall: float
    cpu: float
    rss_mib: float = 0.0
    pss_mib: float = 0.0


def run(command: list[str]) -> Run:
    """Run ``briefout *command``, sampling the memory of its process tree."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "briefout", *command],
            stdout=subprocess.DEVNULL,
            stderr=errors,
            env=_child_env(None),
        )
        peaks = _sample_memory(child.pid)
        _, status, usage = os.wait4(child.pid, 0)  # includes the pool: the build waited for it
        wall = time.perf_counter() - started
        rss, pss = peaks()
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise SystemExit(f"briefout {' '.join(command)} failed: {errors.read().decode()}")
    return Run(wall, usage.ru_utime + usage.ru_stime, rss / 1024, pss / 1024)


def _sample_memory(pid: int) -> Callable[[], tuple[int, int]]:
    """Sample the tree's RSS and PSS sums every 10 ms; the returned call stops and gives peaks."""
    peaks = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            sums = [sum(values) for values in zip(*map(_memory_kib, _tree(pid)), strict=True)]
            peaks[0], peaks[1] = max(peaks[0], sums[0]), max(peaks[1], sums[1])
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()

    def stop() -> tuple[int, int]:
        done.set()
        sampler.join()
        return peaks[0], peaks[1]

    return stop


def per_process(paths: list[Path], out: Path) -> Run:
    """Mean wall and CPU seconds of one `briefout render` process per issue."""
    runs = [run(["render", str(path), "--to", FORMATS, "-o", str(out)]) for path in paths]
    return Run(statistics.mean(r.wall for r in runs), statistics.mean(r.cpu for r in runs))


def verdict(ok: bool) -> str:
    return "OK" if ok else "OVER"


def load() -> str:
    return "load average " + " ".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--issues", type=int, default=100)
    parser.add_argument("--per-process", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=0, help="0: one worker per core")
    options = parser.parse_args()
    print(f"{os.cpu_count()} cores, {load()}")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        paths = make_archive(root / "archive", options.issues)
        jobs = ["--jobs", str(options.jobs)] if options.jobs else []
        build = ["build", str(root / "archive"), "-o", str(root / "site"), "--to", FORMATS, *jobs]
        single = per_process(paths[: options.per_process], root / "single")
        report_cold(build, single, options.issues)
        report_incremental(build, paths, options.repeat)
        report_sizes(root / "site")
    print(load())


def report_cold(build: list[str], single: Run, count: int) -> None:
    """The cold build against one process per issue; CPU figures are load-independent."""
    cold = run(build)
    cores = os.cpu_count() or 1
    print(
        f"one `render` process per issue: wall {single.wall:.3f} s, CPU {single.cpu:.3f} s "
        f"each -> {single.wall * count:.1f} s wall, {single.cpu * count:.1f} s CPU for {count}"
    )
    rate, speedup = count / cold.wall, single.wall * count / cold.wall
    print(
        f"cold build, {count} issues ({FORMATS}): wall {cold.wall:.2f} s = {rate:.1f} issues/s "
        f"(target >= 15: {verdict(rate >= 15)}), {speedup:.1f}x a process per issue "
        f"(target >= 6: {verdict(speedup >= 6)})"
    )
    ideal = cold.cpu / cores
    print(
        f"  CPU {cold.cpu:.1f} s in all (build and workers) = {cold.cpu / count * 1000:.0f} ms "
        f"an issue: on {cores} idle cores the wall cannot be under {ideal:.2f} s "
        f"({count / ideal:.1f} issues/s at best); "
        f"{single.cpu * count / cold.cpu:.1f}x less CPU than a process per issue"
    )
    print(
        f"  peak memory, build and workers together: RSS sum {cold.rss_mib:.0f} MiB, "
        f"PSS sum {cold.pss_mib:.0f} MiB (target <= 400: {verdict(cold.rss_mib <= 400)})"
    )


def _median_line(label: str, runs: list[Run], target: float) -> str:
    wall = statistics.median(r.wall for r in runs)
    cpu = statistics.median(r.cpu for r in runs)
    return (
        f"{label}: median wall {wall:.3f} s of {len(runs)} (target <= {target:g}: "
        f"{verdict(wall <= target)}), median CPU {cpu:.3f} s, "
        f"peak RSS sum {max(r.rss_mib for r in runs):.0f} MiB"
    )


def report_incremental(build: list[str], paths: list[Path], repeat: int) -> None:
    """Nothing changed, and one issue changed, ``repeat`` times each (medians)."""
    print(_median_line("nothing changed", [run(build) for _ in range(repeat)], 1))
    changed = []
    for number in range(repeat):
        path = paths[(number * 7) % len(paths)]
        path.write_text(path.read_text(encoding="utf-8") + f"# edit {number}\n", "utf-8")
        changed.append(run(build))
    print(_median_line("one issue changed", changed, 1.5))


def report_sizes(site: Path) -> None:
    """Manifest and search index: size, and the manifest's load time in process."""
    from briefout.site.manifest import MANIFEST_FILE, load_manifest

    started = time.perf_counter()
    manifest = load_manifest(site)
    seconds = time.perf_counter() - started
    assert manifest is not None
    size = (site / MANIFEST_FILE).stat().st_size
    count = len(manifest.issues)
    print(
        f"manifest: {size / 1024:.0f} KiB for {count} issues ({size / count / 1024:.1f} KiB each), "
        f"loaded in {seconds * 1000:.0f} ms; search-index.js "
        f"{(site / 'search-index.js').stat().st_size / 1024:.0f} KiB"
    )


if __name__ == "__main__":
    main()
