"""Replications: both arms of a scenario with the same seed, so they share random numbers
(and, with parameter uncertainty on, the same drawn parameter set).

A batch of replications runs both arms as one batch of groups (:func:`simulate_arms`): the
counterfactual arms and the scenario arms, which read their own replication's counterfactual
for the years that have ended (groups that cannot share a batch, such as arms with other
services' payers, still run as separate batches, the counterfactuals first). Each
replication's arrays are exactly those it gives when run alone, so the batch size changes
the speed only.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from simulate.experiments.psa import for_replication
from simulate.model.arm import ArmResult, service_axis, simulate_arms
from simulate.model.invariants import check_paired
from simulate.scenario import Scenario
from simulate.scenario.distributions import fitted_parameters

#: Replications one worker advances together by default: enough that a village's fixed cost
#: per month is shared (about 50,000 residents per batch), few enough that a batch's
#: memory stays small and work spreads over processes.
DEFAULT_BATCH = 20


def is_own_counterfactual(scenario: Scenario, counterfactual: Scenario) -> bool:
    """True when the scenario changes nothing the model uses (the counterfactual drops only
    the [sensitivity] and [uncertainty] tables, which do not change the model)."""
    return dataclasses.replace(scenario, sensitivity=counterfactual.sensitivity,
                               uncertainty=counterfactual.uncertainty) == counterfactual


def run_replications(scenario: Scenario, counterfactual: Scenario, seed: int,
                     replications: Sequence[int]) -> list[dict[str, ArmResult]]:
    """Both arms of each replication, advanced as one batch (the scenario arms judged
    against their counterfactuals while both run); one dict of arms per replication, in the
    order given."""
    reps = [int(r) for r in replications]
    if not reps:
        return []
    fitted = fitted_parameters(scenario) if scenario.uncertainty.parameters else {}
    pairs = [for_replication(scenario, counterfactual, seed, r, fitted) for r in reps]
    services = service_axis(pairs[0][0])
    extra = tuple(n for n in service_axis(pairs[0][1]) if n not in services)
    services = services[:-1] + extra + services[-1:]  # transfers stay last
    same = is_own_counterfactual(scenario, counterfactual)
    # payers judge the scenario against the counterfactual (the group of the same
    # replication, read while both run); a scenario that is its own counterfactual has
    # nothing to be judged against, exactly like the counterfactual arm
    n = len(reps)
    refs: list[int | None] = [None] * n
    refs += [None if same else i for i in range(n)]
    both = simulate_arms([cf for _, cf in pairs] + [sc for sc, _ in pairs], seed, reps + reps,
                         services, refs)
    cfs, scs = both[:n], both[n:]
    out = []
    for cf, sc in zip(cfs, scs):
        arms = {"counterfactual": cf, "scenario": sc}
        if same:
            check_paired(arms)
        out.append(arms)
    return out


def run_replication(scenario: Scenario, counterfactual: Scenario, seed: int,
                    replication: int) -> dict[str, ArmResult]:
    """Both arms of one replication, sharing random numbers and, when the scenario draws
    its uncertain parameters, one parameter set (:mod:`simulate.experiments.psa`)."""
    return run_replications(scenario, counterfactual, seed, [replication])[0]


def batches(replications: Sequence[int], size: int) -> list[list[int]]:
    """Replications split into consecutive batches of at most ``size``."""
    reps, size = list(replications), max(1, int(size))
    return [reps[i: i + size] for i in range(0, len(reps), size)]
