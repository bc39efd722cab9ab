"""Parameter uncertainty in the scenario: ranges, their distributions and groups.

Two tables of a scenario file say what is uncertain about its parameters:

* ``[sensitivity.ranges."dotted.key"]``: a plausible range (``low``, ``high``, ``reason``)
  of a parameter, used by the sensitivity analysis and, drawn from a distribution, by the
  probabilistic sensitivity analysis (PSA) of every run;
* ``[uncertainty]``: whether runs draw parameters at all (``parameters``, default true), more
  ranges drawn in the PSA only (``ranges``: e.g. unit costs tagged [E]), and ``groups`` of
  parameters drawn together (correlated, e.g. the effects of one initiative).

Each range may name its ``distribution`` (uniform, triangular, beta, gamma, lognormal) with a
``distribution_reason``; ``auto`` picks beta for probabilities and shares and log-normal for
the rest (:mod:`simulate.scenario.distributions` fits them to the range). The dataclasses
and their checks live here, apart from the rest of the schema, so that the validator treats
both range tables the same way.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from simulate.scenario.errors import Problem, did_you_mean
from simulate.scenario.fields import spec

#: The distributions a parameter may be drawn from (``auto``: chosen by its unit).
DISTRIBUTIONS: tuple[str, ...] = ("auto", "uniform", "triangular", "beta", "gamma",
                                  "lognormal")


@dataclass(frozen=True)
class ParameterRange:
    """A plausible range of one parameter, why, and how the PSA draws it."""
    low: float = spec(required=True, doc="lowest plausible value, in the parameter's unit")
    high: float = spec(required=True, doc="highest plausible value, in the parameter's unit")
    reason: str = spec(required=True, doc="the source of the range, or 'assumption: ...'")
    distribution: str = spec("auto", choices=DISTRIBUTIONS,
                             doc="auto: beta for probabilities and shares, log-normal for the "
                                 "rest (docs/uncertainty.md)")
    distribution_reason: str = spec("", doc="why this distribution (required unless auto)")
    group: str = spec("", doc="a group of [uncertainty.groups]: drawn together")


@dataclass(frozen=True)
class UncertaintyGroup:
    """Parameters drawn together: a Gaussian copula with one correlation between members."""
    correlation: float = spec(required=True, unit="correlation of the normal scores",
                              lo=0, hi=0.99)
    reason: str = spec(required=True, doc="why these parameters move together")


@dataclass(frozen=True)
class Uncertainty:
    """Probabilistic sensitivity analysis: each replication draws one parameter set."""
    parameters: bool = spec(True, doc="draw the uncertain parameters in every replication "
                                      "(false: intervals cover the simulation's randomness "
                                      "only)")
    replications: int = spec(64, unit="paired replications", lo=2, hi=100_000,
                             doc="of `simulate voi`: the value of information is a regression "
                                 "on the parameter sets drawn, and needs more of them than an "
                                 "interval does")
    ranges: dict[str, ParameterRange] = field(default_factory=dict)
    groups: dict[str, UncertaintyGroup] = field(default_factory=dict)


def all_ranges(sc: Any) -> dict[str, ParameterRange]:
    """Every range the PSA draws: ``[sensitivity.ranges]`` then ``[uncertainty.ranges]``."""
    return {**sc.sensitivity.ranges, **sc.uncertainty.ranges}


def check_range(key: str, rng: ParameterRange, data: dict, file: str, where: str,
                groups: Any = None) -> list[Problem]:
    """One range: it names a number of the schema that this scenario has (or a part it left
    out, not a typo), lies in that number's valid range with ``low < high``, says why, and
    its distribution fits it."""
    from simulate.scenario.paths import MissingEntry, PathError, is_model_parameter, resolve
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
    is ambiguous; every group has at least two members."""
    out: list[Problem] = []
    unc = sc.uncertainty
    for key, rng in unc.ranges.items():
        where = f'uncertainty.ranges."{key}"'
        out += check_range(key, rng, data, file, where, unc.groups)
        if key in sc.sensitivity.ranges:
            out.append(Problem(file, where, "also in [sensitivity.ranges]",
                               "keep one range per parameter"))
    members: dict[str, int] = {}
    for rng in all_ranges(sc).values():
        if rng.group:
            members[rng.group] = members.get(rng.group, 0) + 1
    for name in unc.groups:
        if members.get(name, 0) < 2:
            out.append(Problem(file, f"uncertainty.groups.{name}",
                               f"{members.get(name, 0)} parameter(s) name this group",
                               "a group draws two or more parameters together"))
    return out


def _num(x: float | None, missing: str) -> str:
    return missing if x is None or (isinstance(x, float) and math.isinf(x)) else f"{x:g}"


__all__ = ["DISTRIBUTIONS", "ParameterRange", "UncertaintyGroup", "Uncertainty", "all_ranges",
           "check_range", "check_uncertainty"]
