"""Checks of the uncertainty tables: ``[sensitivity.ranges]``, ``[uncertainty.ranges]`` and
``[uncertainty.groups]`` (:mod:`simulate.scenario.uncertainty`), one rule for both range
tables, called by :func:`simulate.scenario.validate.check_sensitivity`."""
from __future__ import annotations

import math
from typing import Any

from simulate.scenario.errors import Problem, did_you_mean
from simulate.scenario.paths import MissingEntry, PathError, is_model_parameter, resolve
from simulate.scenario.uncertainty import ParameterRange


def check_range(key: str, rng: ParameterRange, data: dict, file: str, where: str,
                groups: Any = None) -> list[Problem]:
    """One range: it names a number of the schema that this scenario has (or a part it left
    out, not a typo), lies in that number's valid range with ``low < high``, says why, and
    its distribution fits it."""
    out: list[Problem] = []
    if not is_model_parameter(key):
        return [Problem(file, where, "not a model parameter",
                        "vary the model (population, health, initiatives, ...)")]
    try:
        par = resolve(data, key)
    except MissingEntry as exc:
        return [Problem(file, where, exc.message, exc.hint)] if exc.hint.startswith(
            "did you mean") else []
    except PathError as exc:
        return [Problem(file, where, exc.message, exc.hint)]
    if not par.numeric:
        out.append(Problem(file, where, "is not a number, so it has no range"))
    if not rng.low < rng.high:
        out.append(Problem(file, f"{where}.low", f"low ({rng.low:g}) must be below high "
                           f"({rng.high:g})"))
    for name, v in (("low", rng.low), ("high", rng.high)):
        if (par.lo is not None and v < par.lo) or (par.hi is not None and v > par.hi):
            out.append(Problem(file, f"{where}.{name}", f"{v:g} is outside the valid range "
                               f"[{_num(par.lo, '-inf')}, {_num(par.hi, 'inf')}]"
                               + (f" ({par.unit})" if par.unit else "")))
    if not rng.reason.strip():
        out.append(Problem(file, f"{where}.reason", "empty",
                           "name a source, or write 'assumption: ...'"))
    if rng.distribution != "auto" and not rng.distribution_reason.strip():
        out.append(Problem(file, f"{where}.distribution_reason", "empty",
                           f"say why {rng.distribution} fits this parameter"))
    if rng.distribution in ("gamma", "lognormal") and not rng.low > 0:
        out.append(Problem(file, f"{where}.distribution",
                           f"{rng.distribution} needs a range above zero (low is {rng.low:g})",
                           "use beta, triangular or uniform for a range that starts at 0"))
    if rng.group and groups is not None and rng.group not in groups:
        out.append(Problem(file, f"{where}.group", f"unknown group '{rng.group}'",
                           did_you_mean(rng.group, groups) if groups else
                           f"declare it: [uncertainty.groups.{rng.group}]"))
    return out


def check_uncertainty(sc: Any, data: dict, file: str) -> list[Problem]:
    """``[uncertainty.ranges]`` like the sensitivity ranges; a parameter named in both tables
    is ambiguous. A group that fewer than two parameters name (a variant that removed some
    ranges) is not an error: a lone member is drawn on its own."""
    out: list[Problem] = []
    unc = sc.uncertainty
    for key, rng in unc.ranges.items():
        where = f'uncertainty.ranges."{key}"'
        out += check_range(key, rng, data, file, where, unc.groups)
        if key in sc.sensitivity.ranges:
            out.append(Problem(file, where, "also in [sensitivity.ranges]",
                               "keep one range per parameter"))
    return out


def _num(x: float | None, missing: str) -> str:
    return missing if x is None or (isinstance(x, float) and math.isinf(x)) else f"{x:g}"


__all__ = ["check_range", "check_uncertainty"]
