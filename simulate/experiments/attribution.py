"""Attribution of savings to initiatives with Shapley values over initiative subsets.

The value of a subset S of the scenario's initiatives is what the payers save (avoided care
cost, per payer) when only S runs, against the same counterfactual and with the same random
numbers. An initiative's Shapley value is its marginal contribution averaged over all orders
in which the initiatives could be added: exact over all 2^n subsets for n <= 8 initiatives,
and estimated from ``samples`` random orders beyond that. Interactions (a dorpsondersteuner
who sends residents to the meeting place) are shared fairly; the values add up to the savings
of all initiatives together.
"""
from __future__ import annotations

import dataclasses
import itertools
import math
from functools import cache

import numpy as np
import pandas as pd

from simulate.analysis.kokers import koker_summary
from simulate.scenario import PAYERS, Scenario
from simulate.scenario.validate import FrozenDict

EXACT_UP_TO = 8


def subset_scenario(sc: Scenario, keep: frozenset[str]) -> Scenario:
    """The scenario with only the initiatives in ``keep``."""
    return dataclasses.replace(sc, initiatives=FrozenDict(
        {k: v for k, v in sc.initiatives.items() if k in keep}))


def shapley(sc: Scenario, reps: int = 10, seed: int | None = None, jobs: int = 1,
            samples: int = 200, value: str = "savings") -> pd.DataFrame:
    """Shapley value of each initiative per payer (EUR over the horizon, mean of replications).

    ``value`` is a column of :func:`koker_summary` (``savings``, ``net`` or ``investment``).
    """
    from simulate.experiments.runner import run
    names = list(sc.initiatives)
    seed = sc.run.seed if seed is None else seed

    @cache
    def v(keep: frozenset[str]) -> pd.Series:
        if not keep:
            return pd.Series(0.0, index=list(PAYERS))
        res = run(subset_scenario(sc, keep), reps=reps, seed=seed, jobs=jobs)
        return koker_summary(res).set_index("payer")[value].reindex(list(PAYERS), fill_value=0.0)

    n = len(names)
    phi = {name: pd.Series(0.0, index=list(PAYERS)) for name in names}
    if n <= EXACT_UP_TO:
        for name in names:
            others = [x for x in names if x != name]
            for k in range(n):
                weight = math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n)
                for combo in itertools.combinations(others, k):
                    s = frozenset(combo)
                    phi[name] += weight * (v(s | {name}) - v(s))
    else:
        rng = np.random.default_rng(seed)
        for _ in range(samples):
            order, before = rng.permutation(names), frozenset[str]()
            for name in order:
                phi[name] += (v(before | {name}) - v(before)) / samples
                before = before | {name}
    out = pd.DataFrame(phi).T
    out.index.name = "initiative"
    return out.loc[:, (out != 0).any(axis=0)].reset_index()
