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
live here, apart from the rest of the schema; their checks are in
:mod:`simulate.scenario.uncertainty_checks`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
                             doc="at least this many in `simulate voi` (its stopping rule "
                                 "starts here): the value of information is a regression on "
                                 "the parameter sets drawn, and needs more of them than a mean "
                                 "does")
    ranges: dict[str, ParameterRange] = field(default_factory=dict)
    groups: dict[str, UncertaintyGroup] = field(default_factory=dict)
    fixed: list[str] = spec([], doc="uncertain parameters held at their value, not drawn "
                                    "(a --set of a parameter with a range adds it here)")


def hold_overridden(data: dict, overrides: dict[str, Any]) -> dict:
    """``data`` with every overridden key that has a range added to ``uncertainty.fixed``:
    a value the user set on purpose (``--set``, a sweep's point, a notebook's override) is
    what they want to see, so the PSA does not draw it. ``data`` is not changed."""
    def table(*keys: str) -> dict:   # a malformed file is the validator's to report
        node: Any = data
        for k in keys:
            node = node.get(k) if isinstance(node, dict) else None
        return node if isinstance(node, dict) else {}

    ranged = {**table("sensitivity", "ranges"), **table("uncertainty", "ranges")}
    held = [k for k in overrides if k in ranged]
    if not held or not isinstance(data.get("uncertainty", {}), dict):
        return data
    unc = dict(data.get("uncertainty", {}))
    if not isinstance(unc.get("fixed", []), list):
        return data
    unc["fixed"] = list(dict.fromkeys([*unc.get("fixed", []), *held]))
    return {**data, "uncertainty": unc}


def all_ranges(sc: Any) -> dict[str, ParameterRange]:
    """Every range the PSA draws: ``[sensitivity.ranges]`` then ``[uncertainty.ranges]``."""
    return {**sc.sensitivity.ranges, **sc.uncertainty.ranges}


__all__ = ["DISTRIBUTIONS", "ParameterRange", "UncertaintyGroup", "Uncertainty", "all_ranges",
           "hold_overridden"]
