"""Benchmark `briefout send` to 500 readers through a local server that takes 50 per message.

Run: python bench/bench_send.py [--runs N]
Target (issue 15): all 500 served, one connection reused across the batches, the journal's
overhead negligible; the whole-process time is reported beside `render --to eml` (the same
render without sending).  The server is aiosmtpd on 127.0.0.1 (tests/smtpfaults.py) answering
452 past 50 recipients per transaction; every run uses --resend so each one sends to all.
Also measured: the client offering all 500 at once (max_recipients: 500: the server's 452s
set the batch size), a server offering PIPELINING, and in process the same delivery with and
without the journal.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from harness import ROOT, SAMPLE, interpreter_baseline, measure

sys.path.insert(0, str(ROOT / "tests"))
from smtpfaults import Mailbox, serving

READERS = 500
SERVER_LIMIT = 50


def write_dist(folder: Path, port: int, max_recipients: int) -> Path:
    bcc = "".join(f"  - reader{n:03}@example.org\n" for n in range(1, READERS))
    path = folder / f"dist-{max_recipients}-{port}.yaml"
    path.write_text(
        f"from: Embassy <briefing@embassy.example>\nto: briefing@embassy.example\nbcc:\n{bcc}"
        f"smtp: {{host: 127.0.0.1, port: {port}, security: none, "
        f"max_recipients: {max_recipients}}}\n",
        encoding="utf-8",
    )
    return path


def check_served(box: Mailbox, sends: int, label: str) -> str:
    """Every reader got one copy per send, over one connection per send; a report line."""
    copies = Counter(box.copies().values())
    if copies != Counter({sends: READERS}):
        raise SystemExit(f"{label}: copies per reader {dict(copies)}, expected {sends} each")
    if box.connections != sends:
        raise SystemExit(f"{label}: {box.connections} connections for {sends} sends")
    per_send = len(box.envelopes) // sends
    return (
        f"  checked: {sends} sends x {READERS} readers, each reader {sends} copies; "
        f"{per_send} transactions and 1 connection per send; "
        f"{box.mails // sends} MAIL FROM per send"
    )


def journal_overhead(dist: Path, repeats: int) -> str:
    """In process: the same delivery with the journal and without, medians."""
    from briefout.send import deliver, prepare

    prepared = prepare(SAMPLE, dist)
    variants = {"with journal": prepared, "without journal": replace(prepared, journal_dir=None)}
    timings: dict[str, list[float]] = {label: [] for label in variants}
    for _ in range(repeats):
        for label, chosen in variants.items():
            started = time.perf_counter()
            deliver(chosen, resend=True)
            timings[label].append(time.perf_counter() - started)
    with_journal = statistics.median(timings["with journal"])
    without = statistics.median(timings["without journal"])
    return (
        f"in process, deliver to {READERS} readers: with journal {with_journal * 1000:.1f} ms, "
        f"without {without * 1000:.1f} ms, journal overhead "
        f"{(with_journal - without) * 1000:+.1f} ms for its {READERS // SERVER_LIMIT + 1} "
        f"atomic writes (median of {repeats})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    print(interpreter_baseline(runs).line())
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        # a cache of our own: other checkouts sharing the user cache would make misses
        os.environ["BRIEFOUT_CACHE_DIR"] = str(out / "cache")
        for client_limit, pipelining in (
            (SERVER_LIMIT, False),
            (READERS, False),
            (SERVER_LIMIT, True),
        ):
            # the server keeps no message text: this process's memory must stay small, as a
            # forked child's peak RSS counts the parent's pages until it execs
            box = Mailbox(max_recipients=SERVER_LIMIT, pipelining=pipelining, keep_content=False)
            with serving(box) as port:
                dist = write_dist(out, port, client_limit)
                if client_limit == SERVER_LIMIT and not pipelining:
                    eml = [
                        "render",
                        str(SAMPLE),
                        "--to",
                        "eml",
                        "--config",
                        str(dist),
                        "-o",
                        folder,
                    ]
                    print(measure("briefout render --to eml (no sending)", eml, runs).line())
                send = ["send", str(SAMPLE), "--config", str(dist), "--resend"]
                label = f"send {READERS} readers, max_recipients {client_limit}"
                label += ", PIPELINING" if pipelining else ""
                print(measure(label, send, runs).line())
                print(check_served(box, runs + 2, label))  # measure() warms up twice
        box = Mailbox(max_recipients=SERVER_LIMIT, keep_content=False)
        with serving(box) as port:
            print(journal_overhead(write_dist(out, port, SERVER_LIMIT), runs))


if __name__ == "__main__":
    main()
