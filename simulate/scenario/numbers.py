"""A validated scenario with a few of its numbers changed, without rebuilding it.

Parameter uncertainty draws a dozen numbers per replication (:mod:`simulate.experiments.psa`);
rebuilding the whole scenario from plain data to set them (``to_dict``, ``apply_overrides``,
``from_dict``: the walk over every field and its checks), then its counterfactual the same
way, cost about 30 ms a replication, 5% of a 20-replication village run. A drawn number
only replaces a number the scenario already has, so :func:`with_numbers` replaces it in
place (``dataclasses.replace`` along its key path) after the very checks the validator
makes of that value (:meth:`~simulate.scenario.validate.Walker.value`: type, whole number,
range), then runs the cross-field rules (:func:`~simulate.scenario.validate.check_consistency`)
on the result. The rules of ``[sensitivity]`` and ``[uncertainty]`` depend only on which
keys exist, never on a number's value, so they stay settled.

Where the shortcut does not apply (a key that is not a number already in the scenario, a
list on the way, a value with a problem) it returns None and the caller rebuilds the
scenario the long way, which then reports any problem exactly as before.
``tests/model/test_psa.py`` checks that both ways give equal scenarios for every shipped
scenario.
"""
from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from typing import Any

from simulate.scenario.fields import FrozenDict
from simulate.scenario.overrides import split_key
from simulate.scenario.paths import type_hints
from simulate.scenario.schema import Scenario
from simulate.scenario.validate import BAD, Walker, check_consistency

_NO = object()   # the shortcut does not apply


def with_numbers(sc: Scenario, values: Mapping[str, Any], file: str = "<drawn parameters>"
                 ) -> Scenario | None:
    """``sc`` with the number at each dotted key of ``values`` replaced, checked as the
    validator checks it; None when a key is not a number ``sc`` has, or a value or the
    result has a problem (the caller rebuilds then)."""
    walker = Walker(file, sc.start_year)
    out: Any = sc
    for key, value in values.items():
        parts = split_key(key)
        if parts is None:
            return None
        out = _replace(out, Scenario, {}, parts, value, walker, "")
        if out is _NO or walker.problems:
            return None
    if check_consistency(out, file):
        return None
    return out


def _replace(node: Any, hint: Any, meta: Mapping[str, Any], parts: tuple[str, ...],
             value: Any, walker: Walker, path: str) -> Any:
    """``node`` (of type ``hint``, its field's ``meta``) with the number at ``parts``
    replaced, or ``_NO``."""
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        if node is None:
            return _NO
        hint = [a for a in typing.get_args(hint) if a is not type(None)][0]
        origin = typing.get_origin(hint)
    if not parts:
        if isinstance(node, bool) or not isinstance(node, (int, float)):
            return _NO
        got = walker.value(hint, value, path, meta)
        return _NO if got is BAD else got
    head, rest = parts[0], parts[1:]
    sub = f"{path}.{head}" if path else head
    if dataclasses.is_dataclass(hint):
        fields = {f.name: f for f in dataclasses.fields(hint)}
        if head not in fields:
            return _NO
        new = _replace(getattr(node, head), type_hints(hint)[head], fields[head].metadata, rest,
                       value, walker, sub)
        return _NO if new is _NO else dataclasses.replace(node, **{head: new})
    if origin is dict and isinstance(node, Mapping) and head in node:
        new = _replace(node[head], typing.get_args(hint)[1], meta, rest, value, walker, sub)
        return _NO if new is _NO else FrozenDict({**node, head: new})
    return _NO


__all__ = ["with_numbers"]
