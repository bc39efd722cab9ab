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
from scipy import stats

from simulate.model.streams import Streams
from simulate.scenario import Scenario, counterfactual_of
from simulate.scenario.distributions import Fitted, fitted_parameters
from simulate.scenario.loader import apply_overrides, from_dict, to_dict

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
        out[key] = float(stats.norm.cdf(z))
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
    drawn scenario does not draw again (``uncertainty.parameters`` off)."""
    values = draw(scenario, seed, replication, fitted)
    data = apply_overrides(to_dict(scenario), values)
    data.setdefault("uncertainty", {})["parameters"] = False
    drawn = from_dict(data, f"{scenario.name} (replication {replication}, drawn parameters)")
    return drawn, counterfactual_of(drawn), values


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
    rows = []
    groups = dict(scenario.uncertainty.groups)
    for r in reps:
        q = quantiles(fitted, groups, seed, r)
        rows += [{"replication": r, "parameter": k, "value": float(f.value(q[k])),
                  "quantile": q[k], "distribution": f.name, "group": f.group}
                 for k, f in fitted.items()]
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
