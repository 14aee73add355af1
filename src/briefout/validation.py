"""Validate located YAML against a pydantic model and explain every error in plain words."""

from __future__ import annotations

from types import UnionType
from typing import Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from briefout.errors import Problem, UserError, did_you_mean
from briefout.markup import MarkupError
from briefout.safety import character_problems, cleaned, visible
from briefout.yamlsource import Located, PathKey, dotted

M = TypeVar("M", bound=BaseModel)


_AT_PATH = object()


def validate(model: type[M], located: Located, at: PathKey = (), data: Any = _AT_PATH) -> M:
    """Build ``model`` from the data at ``at`` in ``located`` (or from ``data``, a value that
    stands there, e.g. after merging); raise one UserError listing every problem, each at
    its file position and with its full path from the file's root.

    Validating a whole file (``at`` empty) first applies :mod:`briefout.safety`: every
    refused character is a problem, and the data is validated with whitespace normalised.
    """
    problems = list(located.problems) if not at else []
    if not at:
        problems.extend(character_problems(located))
        located.data = cleaned(located.data)
    if data is _AT_PATH:
        data = located.value(at)
    result: M | None = None
    if not isinstance(data, dict):
        what = "the file must be" if not at else "this must be"
        problems.append(
            located.problem(
                at,
                f"{what} a mapping of keys (title:, period:, sections: ...)"
                if not at
                else f"{what} a mapping of keys, found {_describe(data)}",
                "see samples/minimal.yaml" if not at else "write 'key: value' lines",
            )
        )
    else:
        try:
            result = model.model_validate(data)
        except ValidationError as exc:
            problems.extend(_explain_all(model, located, exc.errors(), at, data))
    if problems:
        problems = _unique(problems)
        raise UserError(f"{located.file}: {len(problems)} problem(s)", problems)
    assert result is not None
    return result


def validate_value(annotation: Any, value: object, what: str, hint: str) -> Any:
    """Validate one value given outside a file (a command-line option, which has no
    position); a fault is a UserError ``what: the reason in plain words; hint``."""
    from pydantic import TypeAdapter

    try:
        return TypeAdapter(annotation).validate_python(value)
    except ValidationError as exc:
        error = exc.errors()[0]
        message, _ = _plain(error["type"], error, error.get("input"), "")
        raise UserError(f"{what}: {message}; {hint}") from None


def _explain_all(
    model: type[BaseModel],
    located: Located,
    errors: list[ErrorDetails],
    at: PathKey = (),
    data: Any = None,
) -> list[Problem]:
    """Explain each error, leaving out those another error already explains."""
    explained = [_explain(model, located, error, at, data) for error in errors]
    misspelt = {
        (problem.path.rpartition(".")[0], problem.hint.split("'")[1])
        for problem in explained
        if problem.message.startswith("unknown key") and problem.hint.startswith("did you mean")
    }
    kept = []
    for error, problem in zip(errors, explained, strict=True):
        if _follows_from_others(error):
            continue
        if error["type"] == "missing" and (problem.path, str(error["loc"][-1])) in misspelt:
            continue
        kept.append(problem)
        error_ctx = (error.get("ctx") or {}).get("error")
        if isinstance(error_ctx, MarkupError):  # the body's other markup problems
            path = _data_path(located.data, tuple(error["loc"]))
            kept.extend(_markup_problem(located, path, more) for more in error_ctx.all[1:])
    return kept


def _follows_from_others(error: ErrorDetails) -> bool:
    """A "too short" list that has entries failed only because its entries did."""
    value = error.get("input")
    return error["type"] == "too_short" and isinstance(value, list | tuple) and len(value) > 0


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: dict[tuple[int, int, str], Problem] = {}
    for problem in problems:
        seen.setdefault((problem.line, problem.column, problem.message), problem)
    return list(seen.values())


def _data_path(data: Any, loc: tuple[Any, ...]) -> PathKey:
    """Keep the parts of a pydantic location that exist in the data (drop union tags)."""
    path: list[str | int] = []
    node = data
    for index, part in enumerate(loc):
        if isinstance(node, dict) and isinstance(part, str):
            if part in node:
                path.append(part)
                node = node[part]
            elif index == len(loc) - 1:  # a missing or an unknown key
                path.append(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
    return tuple(path)


def _fields_at(model: type[BaseModel], path: PathKey) -> dict[str, Any]:
    """The model fields allowed at ``path`` (a mapping), for hints.

    A list index, or a key of a mapping of models (``roles: {body: ...}``), leads to the
    model of the entries.
    """
    current: Any = model
    keyed = False
    for part in path:
        if isinstance(part, int) or keyed:
            keyed = False
            continue
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            return {}
        keyed = _is_mapping(fields[part].annotation)
        current = _inner_model(fields[part].annotation)
    return dict(getattr(current, "model_fields", {}))


def _is_mapping(annotation: Any) -> bool:
    """``dict[K, V]``, or ``dict[K, V] | None``."""
    if get_origin(annotation) is dict:
        return True
    return get_origin(annotation) in (Union, UnionType) and any(
        _is_mapping(arg) for arg in get_args(annotation)
    )


def _inner_model(annotation: Any) -> Any:
    """The model in ``annotation`` (``Item``, ``tuple[Item, ...]``, ``Role | None`` ...)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _found(value: Any) -> str:
    """A value as the file spells it: text in quotes, a number, true or false; anything
    else described in words ("nothing", "a list")."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, int | float):
        return str(value)
    return _describe(value)


def _explain(
    model: type[BaseModel], located: Located, error: ErrorDetails, at: PathKey, data: Any
) -> Problem:
    kind = error["type"]
    inner = _data_path(data, tuple(error["loc"]))  # from the model's root
    path = (*at, *inner)
    name = str(path[-1]) if path else ""
    value = error.get("input")

    if kind == "extra_forbidden":
        allowed = _fields_at(model, inner[:-1])
        hint = did_you_mean(name, allowed, "remove it; allowed here: " + ", ".join(allowed))
        return located.problem(path, f"unknown key '{visible(name)}'", hint, key=True)

    if kind == "missing":
        field = _fields_at(model, inner[:-1]).get(name)
        about = f" ({field.description})" if field is not None and field.description else ""
        if name == "briefout":
            return located.problem(
                path[:-1],
                "the format version 'briefout' is missing",
                "add 'briefout: 1' as the first line",
            )
        return located.problem(path[:-1], f"'{name}' is missing", f"add '{name}:'{about}")

    error_ctx = (error.get("ctx") or {}).get("error")
    if isinstance(error_ctx, MarkupError):
        return _markup_problem(located, path, error_ctx)

    message, hint = _plain(kind, error, value, name)
    return located.problem(path, message, hint)


def _plain(kind: str, error: ErrorDetails, value: Any, name: str) -> tuple[str, str]:
    """Plain words for one pydantic error type: (what is wrong, how to fix it)."""
    if kind.startswith("date"):  # date_parsing, date_from_datetime_..., datetime_...
        return f"'{value}' is not a valid date", "write a real date as YYYY-MM-DD, e.g. 2026-01-09"
    if kind == "literal_error" and name == "briefout":
        return f"format version {value!r} is not supported", "write 'briefout: 1'"
    if kind == "literal_error":
        return f"{value!r} is not allowed here", f"use one of {error['ctx']['expected']}"
    if kind in ("string_type", "string_too_short") and value in (None, ""):
        return "is empty", "write the text after the colon"
    if kind == "string_too_short":
        least = error["ctx"]["min_length"]
        return f"{value!r} is too short", f"write at least {least} characters"
    if kind == "string_type":
        return f"expected text, found {_describe(value)}", "put the value in quotes"
    if kind in ("tuple_type", "list_type"):
        return f"expected a list, found {_describe(value)}", "start each entry with '- '"
    if kind in ("too_short",):
        return "the list is empty", "add at least one entry, each starting with '- '"
    if kind in ("model_type", "dict_type"):
        return f"expected a mapping of keys, found {_describe(value)}", "write 'key: value' lines"
    if kind == "int_from_float":
        return (
            f"expected a whole number, found {_found(value)}",
            "write digits only, without a decimal point",
        )
    if kind in ("int_type", "int_parsing", "float_type", "float_parsing"):
        return f"expected a number, found {_found(value)}", "write digits only"
    if kind == "bool_type" or kind == "bool_parsing":
        return f"expected true or false, found {_found(value)}", "write true or false"
    bound = _BOUNDS.get(kind)
    if bound is not None:
        limit = next(iter(error["ctx"].values()))
        limit = f"{limit:g}" if isinstance(limit, float) else limit
        return f"{_found(value)} is too {bound[0]}", f"use a number {bound[1]} {limit}"
    if kind == "string_pattern_mismatch":
        pattern = error["ctx"]["pattern"]
        if pattern == "^#[0-9A-Fa-f]{6}$":
            return f"{value!r} is not a colour", "write it as #RRGGBB, e.g. #1F3864"
        return f"{value!r} does not have the expected form", f"it must match {pattern}"
    if kind == "value_error":
        message = str(error["msg"]).removeprefix("Value error, ")
        what, _, how = message.partition("; ")
        return what, how or "correct the value"
    return str(error["msg"]), "correct the value"


_BOUNDS = {
    "greater_than": ("small", "greater than"),
    "greater_than_equal": ("small", "at least"),
    "less_than": ("large", "less than"),
    "less_than_equal": ("large", "at most"),
}


def _markup_problem(located: Located, path: PathKey, error: MarkupError) -> Problem:
    pos = located.position(path)
    if error.line is not None:
        pos = located.text_position(path, error.line)
    found = None
    if error.needle:
        found = _find(located, error.needle, pos.line, located.position(path).end_line)
    line, column = found or (pos.line, pos.column)
    message, _, hint = str(error).partition("; ")
    return Problem(pos.file or located.file, line, column, dotted(path), message, hint)


def _find(located: Located, needle: str, first: int, last: int) -> tuple[int, int] | None:
    """(line, column) of ``needle`` in file lines ``first``..``last``, if it is there."""
    from urllib.parse import unquote

    lines = located.text.splitlines()
    for number in range(first, min(max(first, last), len(lines)) + 1):
        for wanted in (needle, unquote(needle)):  # a link as written, before normalisation
            column = lines[number - 1].find(wanted)
            if column >= 0:
                return number, column + 1
    return None
