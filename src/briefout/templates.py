"""The style's jinja2 templates: the one environment every HTML template is rendered in.

Autoescape is on and an undefined variable is an error, so nothing in an issue can add
markup and a misspelt name in a user's template is reported instead of printing empty;
``trim_blocks``/``lstrip_blocks`` keep the template's control lines out of the output.
jinja2 is imported only when a template is rendered.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2


def environment(
    folder: Path, bytecode_cache: jinja2.BytecodeCache | None = None
) -> jinja2.Environment:
    """An environment loading templates from ``folder`` (a style's folder)."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=bytecode_cache,
    )


def user_bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates cached in the user's cache folder (saves ~20 ms a run), if writable."""
    import contextlib

    import jinja2

    class Cache(jinja2.FileSystemBytecodeCache):
        """A cache that never fails a render: unreadable or unwritable means no cache."""

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except (OSError, ValueError, EOFError):
                bucket.reset()

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    from briefout.cache import cache_dir

    try:
        folder = cache_dir() / "jinja2"
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # no home folder, unwritable cache
        return None
    return Cache(str(folder))
