"""Short runs of one arm for calibration and burn-in, turned into the run folder's tables.

Calibration evaluates the model many times; it runs only the counterfactual arm (public
statistics describe the status quo) with a fixed seed and fixed replications, so that the same
parameters always give the same numbers (common random numbers), and builds the same tidy
tables a run folder holds, so that targets are measured exactly as validation measures them.
"""
from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Executor
from typing import Any

import pandas as pd

from simulate.data import AGE_BANDS
from simulate.experiments.replication import batches
from simulate.model.arm import ArmResult, service_axis, simulate_arms
from simulate.results.tables import SEXES, long_table
from simulate.scenario import EVENTS, PAYERS, STATES, Scenario, from_dict, to_dict
from simulate.scenario.loader import apply_overrides


def with_values(sc: Scenario, values: Mapping[str, Any]) -> Scenario:
    """A new scenario with dotted keys set (validated like ``--set``); ``sc`` is unchanged."""
    return from_dict(apply_overrides(to_dict(sc), dict(values)))


def _arms(args: tuple[Scenario, int, list[int]]) -> list[ArmResult]:
    sc, seed, reps = args
    return simulate_arms([sc] * len(reps), seed, reps)


def run_arms(sc: Scenario, seed: int, reps: int, pool: Executor | None = None,
             jobs: int = 1) -> list[ArmResult]:
    """Replications 0..reps-1 of one arm, advanced together as one batch of groups
    (:func:`simulate_arms`), or on ``pool`` split into ``jobs`` batches; each replication's
    numbers are those it gives alone, so the same either way."""
    if pool is None or jobs < 2 or reps < 2:
        return _arms((sc, seed, list(range(reps))))
    tasks = [(sc, seed, part) for part in batches(range(reps), -(-reps // jobs))]
    return [arm for part in pool.map(_arms, tasks) for arm in part]


def arm_tables(sc: Scenario, arms: list[ArmResult]) -> dict[str, pd.DataFrame]:
    """``population``, ``events`` and ``costs`` tables (no arm column) of one arm's replications."""
    first = arms[0]
    cal = [sc.start_year + y for y in range(first.eur.shape[0])]
    census_years = [sc.start_year + y for y in range(first.census.shape[0])]
    services = service_axis(sc)
    parts: dict[str, list[pd.DataFrame]] = {"population": [], "events": [], "costs": []}
    for r, a in enumerate(arms):
        frames = {
            "population": long_table(a.census, [("year", census_years), ("age_band", AGE_BANDS),
                                           ("sex", SEXES), ("state", STATES)], "residents", False),
            "events": long_table(a.events, [("year", cal), ("event", EVENTS), ("age_band", AGE_BANDS),
                                       ("sex", SEXES), ("state", STATES)], "count", False),
            "costs": long_table(a.eur, [("year", cal), ("payer", PAYERS), ("service", services)],
                           "eur", False),
        }
        for k, df in frames.items():
            df.insert(0, "replication", r)
            parts[k].append(df)
    return {k: pd.concat(v, ignore_index=True) for k, v in parts.items()}
