"""Work split into shares over forked helper processes, sharing nothing but the result.

:func:`in_shares` calls ``work(share)`` on consecutive shares of ``range(count)``: this
process does the first share; each helper, made with ``os.fork`` (so it starts with every
module, rule and setting already loaded), does one of the others and sends back its result,
pickled, through a pipe.  Results come back in share order, so the caller sees the same as
``[work(range(count))]`` split in pieces.

A helper that fails in any way (an exception, a signal, a result that cannot be pickled)
has its share done again here, so an error is raised exactly as it would be without
helpers.  On Ctrl-C the helpers die silently (SIGINT's default action) and this process
raises ``KeyboardInterrupt`` as usual, ending any helper still running on its way out.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

#: Most helper processes, whatever the number of processors.
MAX_HELPERS = 3


def helper_count(count: int, threshold: int) -> int:
    """How many helpers to share ``count`` pieces of work with (0: do it all here)."""
    if count < threshold or not hasattr(os, "fork"):
        return 0
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(0, min((cpus or 1) - 1, MAX_HELPERS, count - 1))


def shares(count: int, parts: int) -> list[range]:
    """``range(count)`` cut into ``parts`` consecutive shares of nearly equal size."""
    bounds = [count * part // parts for part in range(parts + 1)]
    return [range(bounds[part], bounds[part + 1]) for part in range(parts)]


@dataclass
class _Helper(Generic[T]):
    """A forked helper doing one share: its process id and the pipe its result comes by."""

    pid: int
    pipe: int
    share: range
    done: bool = False

    def result(self, work: Callable[[range], T]) -> T:
        """The helper's result, or the share done here if the helper failed."""
        with open(self.pipe, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self.done = True
        if os.waitstatus_to_exitcode(status) == 0:
            with contextlib.suppress(Exception):  # a torn result: do the share here instead
                return pickle.loads(data)  # type: ignore[no-any-return]
        return work(self.share)

    def end(self) -> None:
        """Stop the helper if it is still running (this process is giving up)."""
        if self.done:
            return
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):
            os.close(self.pipe)


def _start(work: Callable[[range], T], share: range) -> _Helper[T]:
    """Fork a helper that does ``share`` and writes its pickled result to a pipe."""
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # the helper: never returns, never runs this process's exit handlers
        code = 1
        try:
            os.close(reading)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            data = pickle.dumps(work(share), protocol=pickle.HIGHEST_PROTOCOL)
            with open(writing, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(writing)
    return _Helper(pid, reading, share)


def in_shares(work: Callable[[range], T], count: int, threshold: int) -> list[T]:
    """``work`` over shares of ``range(count)``, in order: here alone below ``threshold``
    pieces (or without ``os.fork``), else with helper processes."""
    helpers = helper_count(count, threshold)
    if not helpers:
        return [work(range(count))]
    first, *others = shares(count, helpers + 1)
    started: list[_Helper[T]] = []
    try:
        for share in others:
            started.append(_start(work, share))
        results = [work(first)]
        results.extend(helper.result(work) for helper in started)
    finally:
        for helper in started:
            helper.end()
    return results
