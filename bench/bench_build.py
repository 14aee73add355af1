"""Benchmark `briefout build` on a generated archive (reference-size issues), whole process.

Run: python bench/bench_build.py [--issues 100] [--per-process 10] [--repeat 5] [--jobs N]
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


def run_build(args: list[str]) -> tuple[float, float, float]:
    """Run ``briefout build *args``: (wall seconds, peak RSS sum MiB, peak PSS sum MiB)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "briefout", "build", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=_child_env(None),
    )
    peaks = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            sums = [sum(values) for values in zip(*map(_memory_kib, _tree(child.pid)), strict=True)]
            peaks[0], peaks[1] = max(peaks[0], sums[0]), max(peaks[1], sums[1])
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    errors = child.communicate()[1].decode()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if child.returncode != 0:
        raise SystemExit(f"briefout build failed ({child.returncode}): {errors}")
    return wall, peaks[0] / 1024, peaks[1] / 1024


def per_process_seconds(paths: list[Path], out: Path) -> float:
    """Mean wall seconds of one `briefout render` process per issue."""
    walls = []
    for path in paths:
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "briefout",
                "render",
                str(path),
                "--to",
                FORMATS,
                "-o",
                str(out),
            ],
            check=True,
            capture_output=True,
            env=_child_env(None),
        )
        walls.append(time.perf_counter() - started)
    return statistics.mean(walls)


def verdict(ok: bool) -> str:
    return "OK" if ok else "OVER"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--issues", type=int, default=100)
    parser.add_argument("--per-process", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=0, help="0: one worker per core")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        paths = make_archive(root / "archive", options.issues)
        site = root / "site"
        jobs = ["--jobs", str(options.jobs)] if options.jobs else []
        build = [str(root / "archive"), "-o", str(site), "--to", FORMATS, *jobs]
        per_issue = per_process_seconds(paths[: options.per_process], root / "single")
        report_cold(build, site, per_issue, options.issues)
        report_incremental(build, paths, options.repeat)
        report_sizes(site)


def report_cold(build: list[str], site: Path, per_issue: float, count: int) -> None:
    """The cold build against one process per issue."""
    wall, rss, pss = run_build(build)
    rate, serial = count / wall, per_issue * count
    print(f"one `render` process per issue: {per_issue:.3f} s each -> {serial:.1f} s for {count}")
    print(
        f"cold build, {count} issues ({FORMATS}, {os.cpu_count()} cores): {wall:.2f} s = "
        f"{rate:.1f} issues/s (target >= 15: {verdict(rate >= 15)}), "
        f"{serial / wall:.1f}x faster than a process per issue (target >= 6: "
        f"{verdict(serial / wall >= 6)})"
    )
    print(
        f"peak memory of the build and its workers: RSS sum {rss:.0f} MiB, PSS sum {pss:.0f} MiB "
        f"(target <= 400: {verdict(rss <= 400)})"
    )


def report_incremental(build: list[str], paths: list[Path], repeat: int) -> None:
    """Nothing changed, and one issue changed, ``repeat`` times each (medians)."""
    unchanged = [run_build(build) for _ in range(repeat)]
    median = statistics.median(wall for wall, _, _ in unchanged)
    print(
        f"nothing changed: median {median:.3f} s of {repeat} "
        f"(target <= 1: {verdict(median <= 1)}), peak RSS sum "
        f"{max(rss for _, rss, _ in unchanged):.0f} MiB"
    )
    changed = []
    for number in range(repeat):
        path = paths[(number * 7) % len(paths)]
        path.write_text(path.read_text(encoding="utf-8") + f"# edit {number}\n", "utf-8")
        changed.append(run_build(build))
    median = statistics.median(wall for wall, _, _ in changed)
    print(
        f"one issue changed: median {median:.3f} s of {repeat} "
        f"(target <= 1.5: {verdict(median <= 1.5)}), peak RSS sum "
        f"{max(rss for _, rss, _ in changed):.0f} MiB"
    )


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
