"""Small operations on run sequences: cut at a character offset, trim, join, weigh."""

from __future__ import annotations

from briefout.body import Run
from briefout.readers.source import merge_runs

Runs = tuple[Run, ...]


def text_of(runs: Runs) -> str:
    """The text of the runs."""
    return "".join(run.text for run in runs)


def cut(runs: Runs, offset: int) -> tuple[Runs, Runs]:
    """The runs before and from character ``offset``."""
    head: list[Run] = []
    tail: list[Run] = []
    seen = 0
    for run in runs:
        end = seen + len(run.text)
        if end <= offset:
            head.append(run)
        elif seen >= offset:
            tail.append(run)
        else:
            split = offset - seen
            head.append(run.model_copy(update={"text": run.text[:split]}))
            tail.append(run.model_copy(update={"text": run.text[split:]}))
        seen = end
    return tuple(head), tuple(tail)


def strip(runs: Runs) -> Runs:
    """Runs without leading and trailing white space (line breaks included)."""
    text = text_of(runs)
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return merge_runs(list(cut(cut(runs, end)[0], start)[1]))


def join(first: Runs, second: Runs, separator: str = " ") -> Runs:
    """``first``, a plain separator, ``second``."""
    return merge_runs([*first, Run(text=separator), *second])


def strong_share(runs: Runs) -> float:
    """Share of the visible characters that are bold."""
    total = sum(len(run.text.strip()) for run in runs)
    if not total:
        return 0.0
    return sum(len(run.text.strip()) for run in runs if run.strong) / total


def plain(runs: Runs) -> str:
    """The text with white space runs (line breaks, tabs) made single spaces."""
    return " ".join(text_of(runs).split())
