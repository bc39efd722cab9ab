"""Probabilistic sensitivity analysis: one parameter set per replication, shared by both arms.

With ``uncertainty.parameters`` on (the default) and ranges in the scenario, replication
``r`` first draws a value of every uncertain parameter from its distribution
(:mod:`simulate.scenario.distributions`), then runs both arms with those values: the
scenario with them, and its counterfactual derived from it, so a parameter both arms use (a
unit cost, a rate of decline) has the same value in both and the arms stay paired on common
random numbers. The intervals over replications then cover the simulation's randomness *and*
what we do not know about the parameters.

The draws come from their own named streams (``uncertainty.<key>``, and
``uncertainty.group.<name>`` for a group's common factor), keyed by (seed, replication) like
every stream of the model (:mod:`simulate.model.streams`) and apart from them: the same
replication draws the same parameters on every executor and in every order, adding a
parameter leaves the others' draws alone, and the model's own random numbers are unchanged.

A group draws its members through a Gaussian copula: normal score
``z = sqrt(rho) * common + sqrt(1 - rho) * own``, quantile ``Phi(z)``.
"""
from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from simulate.model.streams import Streams
from simulate.scenario import Scenario, counterfactual_of
from simulate.scenario.distributions import Fitted, fitted_parameters
from simulate.scenario.loader import apply_overrides, from_dict, to_dict
from simulate.scenario.numbers import with_numbers
from simulate.scenario.overrides import split_key

_SETUP_MONTH = -1   # the set-up slot; the stream names keep these draws apart from the model's


def quantiles(fitted: dict[str, Fitted], groups: dict[str, Any], seed: int,
              replication: int) -> dict[str, float]:
    """The quantile in (0, 1) of each parameter in one replication."""
    streams = Streams(seed, replication)
    common = {g: float(streams.generator(f"uncertainty.group.{g}", _SETUP_MONTH)
                       .standard_normal()) for g in groups}
    out = {}
    for key, f in fitted.items():
        z = float(streams.generator(f"uncertainty.{key}", _SETUP_MONTH).standard_normal())
        if f.group and f.group in groups:
            rho = float(groups[f.group].correlation)
            z = math.sqrt(rho) * common[f.group] + math.sqrt(1 - rho) * z
        out[key] = float(special.ndtr(z))   # what stats.norm.cdf computes, without its checks
    return out


def draw(scenario: Scenario, seed: int, replication: int,
         fitted: dict[str, Fitted] | None = None) -> dict[str, Any]:
    """The parameter set of one replication: ``{dotted key: value}``."""
    fitted = fitted_parameters(scenario) if fitted is None else fitted
    q = quantiles(fitted, dict(scenario.uncertainty.groups), seed, replication)
    return {k: f.value(q[k]) for k, f in fitted.items()}


def drawn_pair(scenario: Scenario, seed: int, replication: int,
               fitted: dict[str, Fitted] | None = None
               ) -> tuple[Scenario, Scenario, dict[str, Any]]:
    """The scenario with replication ``replication``'s parameter set, its counterfactual
    (which carries the drawn values of every parameter it has) and the values drawn. The
    drawn scenario does not draw again (``uncertainty.parameters`` off).

    Both are the scenario and the counterfactual with the drawn numbers set in place
    (:func:`~simulate.scenario.numbers.with_numbers`, checked as the validator checks
    them); where that does not apply, they are rebuilt from plain data
    (:func:`rebuilt_pair`), which gives equal scenarios."""
    values = draw(scenario, seed, replication, fitted)
    label = f"{scenario.name} (replication {replication}, drawn parameters)"
    off = dataclasses.replace(scenario.uncertainty, parameters=False)
    drawn = with_numbers(dataclasses.replace(scenario, uncertainty=off), values, label)
    kept = _counterfactual_values(scenario, values)
    cf = (with_numbers(_counterfactual(scenario), kept, label)
          if drawn is not None and kept is not None else None)
    if drawn is None or cf is None:
        drawn, cf = rebuilt_pair(scenario, values, replication)
    return drawn, cf, values


def rebuilt_pair(scenario: Scenario, values: dict[str, Any], replication: int
                 ) -> tuple[Scenario, Scenario]:
    """The drawn scenario and its counterfactual rebuilt from plain data with ``values``
    set (the long way of :func:`drawn_pair`: every field walked and checked again)."""
    data = apply_overrides(to_dict(scenario), values)
    data.setdefault("uncertainty", {})["parameters"] = False
    drawn = from_dict(data, f"{scenario.name} (replication {replication}, drawn parameters)")
    return drawn, counterfactual_of(drawn)


def _counterfactual_values(scenario: Scenario, values: dict[str, Any]
                           ) -> dict[str, Any] | None:
    """The drawn values the counterfactual of the drawn scenario carries: all but those of
    initiatives it drops and those its own overrides set (applied after them); None when
    a key touches the counterfactual's own definition."""
    cf = scenario.counterfactual
    over = [split_key(k) for k in cf.overrides]
    out = {}
    for key, v in values.items():
        parts = split_key(key)
        if parts is None or None in over or parts[0] in ("counterfactual", "sensitivity",
                                                         "uncertainty"):
            return None
        if parts[0] == "initiatives" and (len(parts) < 3 or parts[1] not in
                                          cf.keep_initiatives):
            if len(parts) < 3:
                return None
            continue   # the counterfactual drops this initiative
        if any(o is not None and (o == parts[:len(o)] or parts == o[:len(parts)])
               for o in over):
            continue   # the counterfactual's override sets it
        out[key] = v
    return out


#: The counterfactual of each scenario drawn from lately, by identity (a batch draws the
#: sets of all its replications from one scenario object).
_COUNTERFACTUALS: dict[int, tuple[Scenario, Scenario]] = {}


def _counterfactual(scenario: Scenario) -> Scenario:
    hit = _COUNTERFACTUALS.get(id(scenario))
    if hit is None or hit[0] is not scenario:
        if len(_COUNTERFACTUALS) >= 8:
            _COUNTERFACTUALS.clear()
        hit = _COUNTERFACTUALS[id(scenario)] = (scenario, counterfactual_of(scenario))
    return hit[1]


def for_replication(scenario: Scenario, counterfactual: Scenario, seed: int,
                    replication: int, fitted: dict[str, Fitted] | None = None
                    ) -> tuple[Scenario, Scenario]:
    """The pair a replication runs: drawn when the scenario draws parameters, else as given.
    ``fitted``: the scenario's :func:`fitted_parameters`, when the caller has them already
    (a batch of replications fits them once)."""
    if not scenario.uncertainty.parameters:
        return scenario, counterfactual
    fitted = fitted_parameters(scenario) if fitted is None else fitted
    if not fitted:
        return scenario, counterfactual
    drawn, cf, _ = drawn_pair(scenario, seed, replication, fitted)
    return drawn, cf


def parameter_table(scenario: Scenario, seed: int, replications: int | list[int]
                    ) -> pd.DataFrame:
    """Per replication and parameter, the value drawn and its quantile (columns replication,
    parameter, value, quantile, distribution, group); empty when the scenario draws none."""
    fitted = fitted_parameters(scenario) if scenario.uncertainty.parameters else {}
    reps = range(replications) if isinstance(replications, int) else replications
    groups = dict(scenario.uncertainty.groups)
    qs = [quantiles(fitted, groups, seed, r) for r in reps]
    # one call per parameter over all replications: elementwise, the very values of one call
    # per replication (``tests/model/test_drawn_pair.py`` checks every distribution)
    values = {k: np.asarray(f.value(np.array([q[k] for q in qs]))) for k, f in fitted.items()
              } if qs else {}
    rows = [{"replication": r, "parameter": k, "value": float(values[k][i]),
             "quantile": q[k], "distribution": f.name, "group": f.group}
            for i, (r, q) in enumerate(zip(reps, qs)) for k, f in fitted.items()]
    cols = ["replication", "parameter", "value", "quantile", "distribution", "group"]
    return pd.DataFrame(rows, columns=cols)


def distribution_table(scenario: Scenario) -> pd.DataFrame:
    """Per uncertain parameter: its distribution, the reason, its 2.5/50/97.5% quantiles."""
    rows = []
    for k, f in fitted_parameters(scenario).items():
        q = f.value(np.array([0.025, 0.5, 0.975]))
        rows.append({"parameter": k, "distribution": f.name, "group": f.group,
                     "p2_5": q[0], "median": q[1], "p97_5": q[2], "reason": f.reason})
    return pd.DataFrame(rows)


def with_parameters_off(scenario: Scenario) -> Scenario:
    """The scenario with parameter uncertainty switched off (simulation randomness only)."""
    unc = dataclasses.replace(scenario.uncertainty, parameters=False)
    return dataclasses.replace(scenario, uncertainty=unc)


__all__ = ["draw", "drawn_pair", "for_replication", "parameter_table", "distribution_table",
           "with_parameters_off", "quantiles"]
