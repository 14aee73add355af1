"""Where imported issues go, and importing one source of a batch without stopping the rest."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefout.errors import UserError
from briefout.importer import ImportResult, import_file

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class Outcome:
    """What became of one source: its result and target, or the error that stopped it."""

    source: Path
    target: Path | None
    result: ImportResult | None = None
    error: UserError | None = None


def plan_targets(sources: list[Path], output: Path | None) -> list[Path | None]:
    """The YAML file each source is written to (None: standard output).

    One source: ``OUT`` (``.yaml`` added when it has no YAML suffix), or ``OUT/<name>.yaml``
    when OUT is a folder.  Several: ``OUT`` is a folder, one ``<name>.yaml`` per source."""
    if len(sources) == 1 and (output is None or not output.is_dir()):
        if output is None:
            return [None]
        return [output if output.suffix.lower() in YAML_SUFFIXES else _add_yaml(output)]
    if output is None:
        raise UserError("several sources need -o FOLDER: the folder the issues are written to")
    if output.exists() and not output.is_dir():
        raise UserError(f"{output} is a file; with several sources -o names a folder")
    targets: list[Path | None] = []
    seen: dict[Path, Path] = {}
    for source in sources:
        target = output / (source.stem + ".yaml")
        if target in seen:
            raise UserError(
                f"{seen[target]} and {source} would both be written to {target}; "
                "rename one of them or import them separately"
            )
        seen[target] = source
        targets.append(target)
    return targets


def _add_yaml(path: Path) -> Path:
    return path.with_name(path.name + ".yaml")


def import_one(
    source: Path,
    target: Path | None,
    *,
    reader: str | None = None,
    outlets: Callable[[str], str] | None = None,
    force: bool = False,
) -> Outcome:
    """Import ``source`` and write it atomically to ``target``; errors are kept, not raised."""
    from briefout.output import write_atomic

    outcome = Outcome(source, target)
    try:
        if target is not None and target.exists() and not force:
            raise UserError(f"{target} exists; choose another name or add --force to replace it")
        outcome.result = import_file(source, reader, outlets)
        if target is not None:
            write_atomic(target, outcome.result.yaml.encode("utf-8"))
    except UserError as exc:
        outcome.error = exc
    return outcome
