"""Benchmark `briefout check` with the editorial rules over an archive of 500 issues.

Run: python bench/bench_rules.py [--issues 500] [--runs 5]
Target (issue 9): `check` over 500 issues in one call (validation and all rules) at most
3 s, whole process.

Two archives are generated in a temporary folder from the reference issue:
- *distinct*: each issue is the reference moved two weeks on (period and citations) with
  new words (seeded draws from the reference's vocabulary) in every body line, so issues
  differ as real ones do while keeping the reference's 19 slips each;
- *copies*: 500 identical copies, the worst case for `duplicate-item` (every item of every
  issue repeats the first issue's: 8,500 more findings).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import tempfile
import time
from pathlib import Path

from harness import SAMPLE, cpu_seconds, interpreter_baseline, measure

_BODY_LINE = re.compile(r"^( {10,})(?![\w-]+:|- )(\S.*)$")  # body text, not a key or bullet
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: A word that starts with a letter: none can start a list, heading or quote by accident.
_PLAIN_WORD = re.compile(r"[A-Za-z][\w.,;:'%-]*")


def _vocabulary(text: str) -> list[str]:
    """The reference's body words, without brackets and quotes (no accidental slips)."""
    words = set()
    for line in text.splitlines():
        match = _BODY_LINE.match(line)
        if match:
            words.update(w.strip("()\"'") for w in match.group(2).split(" "))
    return sorted(word for word in words if _PLAIN_WORD.fullmatch(word))


def distinct_issue(text: str, number: int, vocabulary: list[str]) -> str:
    """The reference, two weeks later per number, with new words in every body line.

    Headlines, citations and the reference's slips stay; dates move with the period, so
    issues neither repeat each other's items nor are dated outside their period."""
    rng = random.Random(number)
    out = []
    for line in text.splitlines(keepends=True):
        match = _BODY_LINE.match(line.rstrip("\n"))
        if match:
            words: list[str] = []
            while len(words) < len(match.group(2).split(" ")):
                word = rng.choice(vocabulary)
                if not words or word.casefold() != words[-1].casefold():
                    words.append(word)
            line = f"{match.group(1)}{' '.join(words)}\n"
        out.append(line)
    shift = dt.timedelta(days=14 * number)
    return _ISO_DATE.sub(
        lambda m: (dt.date.fromisoformat(m.group()) + shift).isoformat(), "".join(out)
    )


def write_archive(folder: Path, count: int, *, copies: bool) -> list[str]:
    """``count`` issues in ``folder`` (a git root, so no project file above is used)."""
    (folder / ".git").mkdir(parents=True, exist_ok=True)
    text = SAMPLE.read_text(encoding="utf-8")
    vocabulary = _vocabulary(text)
    paths = []
    for number in range(count):
        path = folder / f"issue-{number:04d}.yaml"
        path.write_text(
            text if copies else distinct_issue(text, number, vocabulary), encoding="utf-8"
        )
        paths.append(str(path))
    return paths


def in_process(paths: list[str]) -> list[str]:
    """Where the time goes inside one call: the whole check (in shares over helpers, as
    `check` runs it), then loading and each rule alone in this one process."""
    from briefout.project import ProjectFinder
    from briefout.rules import all_rules
    from briefout.rules.engine import check_issues, load_sources, run_rules

    started, cpu = time.perf_counter(), time.process_time()
    run = check_issues([Path(p) for p in paths])
    lines = [
        f"  in process: check_issues {time.perf_counter() - started:6.3f} s wall, "
        f"{time.process_time() - cpu:.3f} s CPU of this process (helpers apart); "
        f"{len(run.findings)} finding(s)",
        "  alone, in this process (CPU seconds; the first rule to walk the texts pays for it):",
    ]
    cpu = time.process_time()
    sources, problems = load_sources([Path(p) for p in paths], ProjectFinder())
    lines.append(
        f"  load + validate {len(paths)} issues   {time.process_time() - cpu:6.3f} s  "
        f"{len(problems)} problem(s)"
    )
    for rule in all_rules():
        started = time.process_time()
        found = run_rules(sources, [rule], problems)
        seconds = time.process_time() - started
        lines.append(f"  {rule.code:<22} {seconds:6.3f} s  {len(found)} finding(s)")
    return lines


def whole_process(label: str, args: list[str], runs: int) -> str:
    """Wall time and peak RSS (target 3 s), and CPU seconds, which do not depend on how
    busy the machine is (loading helpers included: they are waited-for children)."""
    import os

    wall = measure(label, args, runs, warmup=1).line(3.0)
    cpu = cpu_seconds(args, runs)
    return f"{wall}\n  CPU {cpu:.2f} s; load average {os.getloadavg()[0]:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--issues", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    print(interpreter_baseline(options.runs).line())
    for copies in (False, True):
        label = "copies" if copies else "distinct"
        with tempfile.TemporaryDirectory() as folder:
            paths = write_archive(Path(folder), options.issues, copies=copies)
            args = ["check", "--format", "json", *paths]
            print(whole_process(f"check {options.issues} issues ({label})", args, options.runs))
            print("\n".join(in_process(paths)))


if __name__ == "__main__":
    main()
