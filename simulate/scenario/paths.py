"""Dotted parameter paths (``initiatives.dorpsondersteuner.fte``) resolved against the schema.

Sweeps and sensitivity analyses name the parameters they vary by the same dotted keys as
``--set``. :func:`resolve` follows such a path through the dataclasses of
:mod:`simulate.scenario.schema` and the tables of one scenario, and says what it found: the
value's type, its unit and valid range (from the field's metadata) and its current value. A
wrong segment gives a :class:`PathError` with a "did you mean" hint, like the validator.
"""
from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simulate.scenario import schema as S
from simulate.scenario.errors import did_you_mean

#: Top-level tables that hold settings of a run, not parameters of the model.
NOT_PARAMETERS: tuple[str, ...] = ("run", "sensitivity", "uncertainty", "counterfactual",
                                   "name", "description", "sources", "origins")


class PathError(ValueError):
    """A dotted path that names no parameter; ``hint`` suggests a fix."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


class MissingEntry(PathError):
    """The path names an entry of an open table (an initiative, a service) that this scenario
    does not have: a typo if ``hint`` suggests a close name, else a part the scenario left out
    (a variant without that initiative)."""


@dataclass(frozen=True)
class Parameter:
    """What a dotted path names: its type, unit and range, and its value in the scenario."""
    path: str
    kind: Any                   # int, float, str, bool or Any
    unit: str = ""
    lo: float | None = None
    hi: float | None = None
    value: Any = None           # None when the scenario does not set it
    present: bool = False

    @property
    def numeric(self) -> bool:
        """True for int and float parameters (booleans are not numbers here)."""
        return self.kind in (int, float)

    def coerce(self, x: Any) -> Any:
        """``x`` as this parameter's type: whole numbers for int fields (rounded)."""
        if self.kind is int and isinstance(x, float):
            return int(round(x))
        if self.kind is float and isinstance(x, int) and not isinstance(x, bool):
            return float(x)
        return x


_HINTS: dict[Any, dict[str, Any]] = {}


def type_hints(cls: Any) -> dict[str, Any]:
    """The resolved type hints of a schema class (cached: resolving them compiles every
    annotation string, which costs more than the lookup it serves)."""
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls, vars(S))
    return _HINTS[cls]


def _unwrap_optional(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return [a for a in typing.get_args(hint) if a is not type(None)][0]
    return hint


def resolve(data: Mapping[str, Any], path: str) -> Parameter:
    """Follow ``path`` through the schema and ``data`` (a scenario as :func:`to_dict` gives).

    Raises :class:`PathError` when a segment is unknown or names a table rather than a
    value, and :class:`MissingEntry` for an entry of an open table (services, initiatives)
    the scenario does not have.
    """
    parts = path.split(".")
    if not path or any(not p for p in parts):
        raise PathError("empty segment in the path", "write keys like population.size")
    hint: Any = S.Scenario
    meta: Mapping[str, Any] = {}
    node: Any = data
    for i, part in enumerate(parts):
        where = ".".join(parts[:i])
        hint = _unwrap_optional(hint)
        if dataclasses.is_dataclass(hint):
            fields = {f.name: f for f in dataclasses.fields(hint)}
            if part not in fields:
                raise PathError(f"'{part}' is not a key of {where or 'the scenario'}",
                                did_you_mean(part, fields))
            meta, hint = fields[part].metadata, type_hints(hint)[part]
        elif typing.get_origin(hint) is dict:
            value_type = typing.get_args(hint)[1]
            keys = meta.get("keys")
            existing = node if isinstance(node, Mapping) else {}
            if keys is not None and part not in keys:
                raise PathError(f"'{part}' is not a key of {where}", did_you_mean(part, keys))
            if keys is None and dataclasses.is_dataclass(value_type) and part not in existing:
                raise MissingEntry(f"the scenario has no {where}.{part}",
                                   did_you_mean(part, existing))
            hint = value_type
        else:
            raise PathError(f"{where} is a single value, it has no key '{part}'")
        node = node.get(part) if isinstance(node, Mapping) else None
    hint = _unwrap_optional(hint)
    if dataclasses.is_dataclass(hint) or typing.get_origin(hint) in (dict, list):
        raise PathError(f"{path} is a table or list, not a single value",
                        "name one value inside it")
    return Parameter(path=path, kind=hint, unit=meta.get("unit", ""), lo=meta.get("lo"),
                     hi=meta.get("hi"), value=node, present=node is not None)


def is_model_parameter(path: str) -> bool:
    """False for run settings (seed, replications) and the analysis tables themselves."""
    return path.split(".", 1)[0] not in NOT_PARAMETERS
