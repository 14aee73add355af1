"""Run an action again whenever watched files change (``build --watch``, ``render --watch``).

watchfiles gathers a burst of saves into one change set (``debounce_ms``), so an
editor saving several files at once causes one rebuild.  A failed run (an invalid
issue) is reported and the watch goes on; what the last good run wrote stays in place,
because every run writes atomically.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from briefout.errors import UserError

DEBOUNCE_MS = 300


def _filter(
    files: set[Path], folders: Sequence[Path], skip: Sequence[Path]
) -> Callable[[object, str], bool]:
    """Changes to a watched file, or under a watched folder except hidden files (editor
    swap files, staging folders) and the ``skip`` folders (the outputs)."""

    def wanted(_change: object, name: str) -> bool:
        path = Path(name).absolute()
        if path in files:
            return True
        if any(path.is_relative_to(folder) for folder in skip):
            return False
        for folder in folders:
            if path.is_relative_to(folder):
                return not any(part.startswith(".") for part in path.relative_to(folder).parts)
        return False

    return wanted


def watch_paths(
    paths: Iterable[Path],
    action: Callable[[], None],
    *,
    on_error: Callable[[UserError], None],
    on_wait: Callable[[], None] = lambda: None,
    skip: Iterable[Path] = (),
    stop: threading.Event | None = None,
    debounce_ms: int = DEBOUNCE_MS,
) -> None:
    """Run ``action`` now and after every change to ``paths`` (files or folders) until
    ``stop`` is set or Ctrl-C."""
    from watchfiles import watch

    roots = [Path(path).absolute() for path in paths]
    folders = [path for path in roots if path.is_dir()]
    files = {path for path in roots if not path.is_dir()}
    skipped = [Path(path).absolute() for path in skip]

    def run() -> None:
        try:
            action()
        except UserError as exc:
            on_error(exc)
        on_wait()

    # the first run happens once the watcher is set up (its first, empty, wake-up), so a
    # save during that run is seen
    first = True
    for changes in watch(
        *dict.fromkeys([*folders, *(path.parent for path in files)]),
        watch_filter=_filter(files, folders, skipped),
        debounce=debounce_ms,
        step=50,
        stop_event=stop,
        raise_interrupt=False,
        yield_on_timeout=True,
        rust_timeout=debounce_ms,
    ):
        if first or changes:
            first = False
            run()
