"""One replication: both arms of a scenario with the same seed, so they share random numbers
(and, with parameter uncertainty on, the same drawn parameter set)."""
from __future__ import annotations

import dataclasses

from simulate.experiments.psa import for_replication
from simulate.model.arm import ArmResult, service_axis, simulate_arm
from simulate.model.invariants import check_paired
from simulate.scenario import Scenario


def is_own_counterfactual(scenario: Scenario, counterfactual: Scenario) -> bool:
    """True when the scenario changes nothing the model uses (the counterfactual drops only
    the [sensitivity] and [uncertainty] tables, which do not change the model)."""
    return dataclasses.replace(scenario, sensitivity=counterfactual.sensitivity,
                               uncertainty=counterfactual.uncertainty) == counterfactual


def run_replication(scenario: Scenario, counterfactual: Scenario, seed: int,
                    replication: int) -> dict[str, ArmResult]:
    """Both arms of one replication, sharing random numbers and, when the scenario draws
    its uncertain parameters, one parameter set (:mod:`simulate.experiments.psa`)."""
    scenario, counterfactual = for_replication(scenario, counterfactual, seed, replication)
    services = service_axis(scenario)
    extra = tuple(n for n in service_axis(counterfactual) if n not in services)
    services = services[:-1] + extra + services[-1:]  # transfers stay last
    cf = simulate_arm(counterfactual, seed, replication, services)
    same = is_own_counterfactual(scenario, counterfactual)
    # payers judge the scenario against the counterfactual; a scenario that is its own
    # counterfactual has nothing to be judged against, exactly like the counterfactual arm
    ref = None if same else cf
    arms = {"counterfactual": cf,
            "scenario": simulate_arm(scenario, seed, replication, services, reference=ref)}
    if same:
        check_paired(arms)
    return arms
