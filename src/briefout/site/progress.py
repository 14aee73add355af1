"""How a build shows its progress: a rich bar on a terminal, one line per issue otherwise."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class Reporter(Protocol):
    """Told when rendering starts, after each issue, and when it ends."""

    def start(self, to_render: int) -> None:
        """``to_render`` issues are about to be rendered."""

    def rendered(self, source: str, outputs: list[str]) -> None:
        """One issue was rendered into ``outputs`` (paths in the site)."""

    def finish(self) -> None:
        """Rendering is over (done or failed)."""


class Quiet:
    """Reports nothing."""

    def start(self, to_render: int) -> None:
        """Nothing to show."""

    def rendered(self, source: str, outputs: list[str]) -> None:
        """Nothing to show."""

    def finish(self) -> None:
        """Nothing to show."""


class Lines:
    """One line per rendered issue (for logs and CI)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout

    def start(self, to_render: int) -> None:
        """Nothing to show before the first issue."""

    def rendered(self, source: str, outputs: list[str]) -> None:
        """``2026/2026-01-09.yaml -> 2026/2026-01-09.pdf, ...``."""
        self.stream.write(f"{source} -> {', '.join(outputs)}\n")
        self.stream.flush()

    def finish(self) -> None:
        """Nothing to show after the last issue."""


class Bar:
    """A rich progress bar on the terminal: done/total, the last issue, time left."""

    def __init__(self) -> None:
        self.progress: Progress | None = None
        self.task: TaskID | None = None

    def start(self, to_render: int) -> None:
        """Show the bar."""
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            TextColumn("rendering"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.description}"),
            console=Console(stderr=True),
            transient=True,
        )
        self.progress.start()
        self.task = self.progress.add_task("", total=to_render)

    def rendered(self, source: str, outputs: list[str]) -> None:
        """Advance the bar; show the issue just done."""
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, advance=1, description=source)

    def finish(self) -> None:
        """Remove the bar."""
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


def reporter_for(stream: TextIO) -> Reporter:
    """A bar when ``stream`` is a terminal, else one line per issue."""
    return Bar() if stream.isatty() else Lines(stream)
