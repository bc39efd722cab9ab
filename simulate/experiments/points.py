"""Run many design points (a scenario with some values changed), each with paired replications.

The engine behind sweeps and sensitivity analyses. Each point is the base scenario with a few
dotted keys overridden, run against its own counterfactual for replications ``0..reps-1``
with the same seed, so all points share random numbers and differences between points are
effects of the parameters, not noise.

Work is shipped to the executor one *arm* at a time, ``(scenario, seed, replication)``, and an
arm that several points share (typically the counterfactual, when only an initiative's
parameters vary) is run once. Results are put back in point and replication order before
any arithmetic, so the numbers do not depend on the executor. With a
:class:`~simulate.pointstore.PointStore` each point is saved as soon as its replications are
in, and points already saved are not run again.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from simulate.experiments.executors import Executor
from simulate.experiments.pointstore import PointStore
from simulate.experiments.progress import Progress, ProgressArg
from simulate.experiments.replication import is_own_counterfactual
from simulate.model.arm import service_axis, simulate_arm
from simulate.model.financing.runtime import needs_reference
from simulate.scenario import Scenario, ScenarioError, counterfactual_of, scenario_hash, to_dict
from simulate.scenario.loader import apply_overrides, from_dict

log = logging.getLogger(__name__)


def arm_totals(scenario: Scenario, seed: int, replication: int,
               counterfactual: Scenario | None = None) -> np.ndarray:
    """EUR per year and payer of one arm of one replication, ``[year, payer]``.

    A scenario arm whose payers judge it against its counterfactual (see
    :func:`~simulate.financing.runtime.needs_reference`) gets that counterfactual, run here
    with the same seed, exactly as :func:`simulate.experiments.replication.run_replication` does.
    """
    if counterfactual is None:
        return simulate_arm(scenario, seed, replication).eur.sum(axis=2)
    axis = service_axis(scenario)
    cf = simulate_arm(counterfactual, seed, replication, axis)
    return simulate_arm(scenario, seed, replication, axis, reference=cf).eur.sum(axis=2)


def arm_totals_running(scenario: Scenario, seed: int, replication: int,
                       counterfactual: Scenario | None = None) -> tuple[np.ndarray, np.ndarray]:
    """:func:`arm_totals` and, per initiative of the scenario (sorted by name), 1.0 if it
    still runs with funding in the arm's last month (its scale > 0, as
    :func:`simulate.analysis.decisions.running_at_end` counts), else 0.0."""
    if counterfactual is None:
        res = simulate_arm(scenario, seed, replication)
    else:
        axis = service_axis(scenario)
        cf = simulate_arm(counterfactual, seed, replication, axis)
        res = simulate_arm(scenario, seed, replication, axis, reference=cf)
    names = sorted(k for k in res.monthly if k.startswith("scale."))
    running = np.array([float(res.monthly[k][-1] > 0) for k in names])
    return res.eur.sum(axis=2), running


def initiative_axis(scenario: Scenario) -> list[str]:
    """The initiatives of :func:`arm_totals_running`'s running vector, in its order."""
    return sorted(scenario.initiatives)


def point_scenario(base: Scenario, overrides: Mapping[str, Any], label: str = "") -> Scenario:
    """``base`` with dotted keys overridden, validated like a scenario file."""
    file = label or "<sweep point>"
    return from_dict(apply_overrides(to_dict(base), overrides), file)


def build_points(base: Scenario, points: Sequence[Mapping[str, Any]], source: str = ""
                 ) -> list[tuple[Scenario, Scenario]]:
    """(scenario, counterfactual) of every point; every invalid point reported at once."""
    out, problems = [], []
    for i, over in enumerate(points):
        label = f"{source or base.name} (point {i}: " + ", ".join(
            f"{k}={v}" for k, v in over.items()) + ")"
        try:
            sc = point_scenario(base, over, label)
            out.append((sc, counterfactual_of(sc)))
        except ScenarioError as exc:
            problems += exc.problems
    if problems:
        raise ScenarioError(problems)
    return out


@dataclass
class _Plan:
    """Which unique arms to run, and which (point, replication, arm) need each."""
    arms: list[tuple[Scenario, int, Scenario | None]] = field(default_factory=list)
    needs: list[list[tuple[int, int, int]]] = field(default_factory=list)
    left: dict[int, int] = field(default_factory=dict)  # point -> arms still missing


def _plan(pairs: list[tuple[Scenario, Scenario]], todo: list[int], reps: int) -> _Plan:
    plan, seen = _Plan(), {}  # type: _Plan, dict
    hashes: dict = {}
    for i in todo:
        cf = pairs[i][1]
        for a, sc in enumerate(pairs[i][::-1]):  # arm 0 = counterfactual, 1 = scenario
            ref = cf if a == 1 and _judged(sc, cf) else None
            for x in (sc, ref):
                if x is not None and id(x) not in hashes:
                    hashes[id(x)] = scenario_hash(x)
            h = (hashes[id(sc)], hashes[id(ref)] if ref is not None else None)
            for r in range(reps):
                k = seen.get((h, r))
                if k is None:
                    k = seen[(h, r)] = len(plan.arms)
                    plan.arms.append((sc, r, ref))
                    plan.needs.append([])
                plan.needs[k].append((i, r, a))
        plan.left[i] = 2 * reps
    return plan


def _judged(sc: Scenario, cf: Scenario) -> bool:
    """A scenario arm needs its counterfactual unless it is its own counterfactual."""
    return not is_own_counterfactual(sc, cf) and needs_reference(sc)


def run_points(base: Scenario, points: Sequence[Mapping[str, Any]], reps: int, seed: int,
               executor: Executor, progress: ProgressArg = False,
               store: PointStore | None = None, source: str = "",
               pairs: list[tuple[Scenario, Scenario]] | None = None,
               running: dict[int, np.ndarray] | None = None) -> list[np.ndarray]:
    """Per point, EUR totals ``[replication, arm, year, payer]`` (arm 0: counterfactual).

    Points already in ``store`` are loaded, not run; the others are saved as they finish.
    ``pairs``: the points' (scenario, counterfactual) if :func:`build_points` made them.
    With ``running`` (a dict, filled here) also, per point, whether each initiative still runs
    at the end of the scenario arm, ``[replication, initiative]`` (:func:`arm_totals_running`).
    """
    pairs = pairs if pairs is not None else build_points(base, points, source)
    done = store.done() if store is not None else set()
    done &= set(range(len(points)))
    result: dict[int, np.ndarray] = {}
    for i in sorted(done):
        assert store is not None  # only a store has points done
        saved = store.load(i)
        result[i] = np.asarray(saved["totals"], dtype=float)
        if running is not None:
            running[i] = np.asarray(saved["running"], dtype=float)
    todo = [i for i in range(len(points)) if i not in done]
    if done:
        log.info("resuming: %d of %d points already finished", len(done), len(points))
    plan = _plan(pairs, todo, reps)
    partial: dict[int, np.ndarray] = {}
    alive: dict[int, np.ndarray] = {}
    tasks = [(sc, seed, r, ref) for sc, r, ref in plan.arms]
    func = arm_totals if running is None else arm_totals_running
    with Progress(progress, len(tasks), unit="arm",
                  desc=f"{base.name}: arms of {len(todo)} points") as bar:
        for n, (k, out) in enumerate(executor.imap_unordered(func, tasks), 1):
            eur, runs = (out, None) if running is None else out
            for i, r, a in plan.needs[k]:
                buf = partial.setdefault(i, np.zeros((reps, 2) + eur.shape))
                buf[r, a] = eur
                if runs is not None and a == 1:
                    alive.setdefault(i, np.zeros((reps, len(runs))))[r] = runs
                plan.left[i] -= 1
                if plan.left[i] == 0:
                    result[i] = partial.pop(i)
                    payload = {"overrides": dict(points[i]), "totals": result[i].tolist()}
                    if running is not None:
                        running[i] = alive.pop(i, np.zeros((reps, 0)))
                        payload["running"] = running[i].tolist()
                    if store is not None:
                        store.save(i, payload)
            bar(n)
    return [result[i] for i in range(len(points))]


__all__ = ["arm_totals", "arm_totals_running", "initiative_axis", "point_scenario",
           "build_points", "run_points"]
