"""Shape checks: a file's data validated by its pydantic model, each error a problem.

Pydantic's errors are reworded for people who edit YAML by hand (what the id patterns allow,
how to write a date, the closest known field for a typo) and placed at the line of the
value at fault.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import Problem
from ..texts import LANG_PATTERN, SLUG_PATTERN, TERM_PATTERN
from .problems import Loc, closest
from .yaml_files import YamlFile

__all__ = ["error_message", "shape_problems", "validate_model"]

_M = TypeVar("_M", bound=BaseModel)

_PATTERN_MESSAGES = {
    SLUG_PATTERN: "is not a valid id: use lower-case letters, digits and single hyphens "
    "(e.g. house-of-actions)",
    TERM_PATTERN: "is not a valid id: use lower-case letters, digits and single - or _ "
    "(e.g. cost_effectiveness)",
    LANG_PATTERN: "is not a language code: use two letters such as en, fi, sl",
    r"^[A-Z]{2}$": "is not a country code: use ISO 3166-1 alpha-2 in capitals (FI, SI, GB)",
    r"^#[0-9a-fA-F]{6}$": "is not a colour: use a hex colour such as #1f5fa8",
    r"^[a-z]{2,3}_[A-Z]{2}$": "is not a locale: use language_COUNTRY such as fi_FI",
    r"^https?://\S+$": "is not a web address: start it with https://",
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$": "is not an e-mail address",
}
_DATE_ERRORS = {
    "date_parsing",
    "date_from_datetime_parsing",
    "date_from_datetime_inexact",
    "date_type",
}


def _all_field_names(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[str]:
    names = set(model.model_fields)
    seen.add(model)
    for info in model.model_fields.values():
        for sub in _submodels(info.annotation):
            if sub not in seen:
                names |= _all_field_names(sub, seen)
    return names


def _submodels(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in getattr(annotation, "__args__", ()):
        yield from _submodels(argument)


def _field_hint(name: object, model: type[BaseModel]) -> str:
    close = closest(name, sorted(_all_field_names(model, set())))
    hint = f"did you mean `{close}`?" if close else "check its spelling"
    return f"unknown field: {hint} (the fields are listed in DATA_MODEL.md)"


def shape_problems(
    error: ValidationError, file: YamlFile, model: type[BaseModel], prefix: Loc = ()
) -> list[Problem]:
    """Turn pydantic's errors for *file* into problems at their lines.

    Parameters
    ----------
    error : pydantic.ValidationError
        What validating (part of) the file's data raised.
    file : YamlFile
        The file.
    model : type of BaseModel
        The model validated, for the field names a typo may have meant.
    prefix : tuple, optional
        Where in the file the validated data is, when it is not the whole file.

    Returns
    -------
    list of Problem
    """
    problems = []
    for item in error.errors(include_url=False):
        loc = prefix + tuple(p for p in item["loc"] if p != "[key]")
        problems.append(file.at(loc, error_message(item, model)))
    return problems


def error_message(item: ErrorDetails, model: type[BaseModel]) -> str:
    """Word one of pydantic's errors for a person: what is wrong and what to do.

    Parameters
    ----------
    item : pydantic_core.ErrorDetails
        One entry of ``ValidationError.errors()``.
    model : type of BaseModel
        The model validated, for the field names a typo may have meant.

    Returns
    -------
    str
    """
    loc = tuple(p for p in item["loc"] if p != "[key]")
    kind, value = item["type"], item.get("input")
    pattern = (item.get("ctx") or {}).get("pattern")
    if kind == "missing":
        return "required field is missing: add it"
    if kind == "extra_forbidden":
        return _field_hint(loc[-1] if loc else "", model)
    if kind == "string_pattern_mismatch" and pattern in _PATTERN_MESSAGES:
        return f"{value!r} {_PATTERN_MESSAGES[pattern]}"
    if kind in ("int_parsing", "int_type"):
        return f"{value!r} is not a whole number: write digits only, without a unit (e.g. 12)"
    if kind in ("float_parsing", "float_type"):
        return (
            f"{value!r} is not a number: write digits only, with a point as the decimal sign "
            "and no unit or thousands separator (e.g. 1500.50)"
        )
    if kind == "int_from_float":
        return f"{value!r} is not a whole number: write it without decimals"
    if kind == "bool_parsing":
        return f"{value!r} is neither true nor false: write true or false"
    if kind in _DATE_ERRORS:
        return f"{value!r} is not a date: write it as YYYY-MM-DD (e.g. 2021-05-10)"
    if kind.startswith("text_") or kind == "empty_text" or kind == "value_error":
        return str(item["msg"]).removeprefix("Value error, ")
    shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
    return f"{str(item['msg']).rstrip('.')} (got {shown})"


def validate_model(model: type[_M], file: YamlFile, problems: list[Problem]) -> _M | None:
    """Validate *file*'s data as *model*; on failure add its problems and return ``None``."""
    try:
        return model.model_validate(file.data)
    except ValidationError as error:
        problems.extend(shape_problems(error, file, model))
        return None
