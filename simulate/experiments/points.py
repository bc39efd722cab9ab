"""Run many design points (a scenario with some values changed), each with paired replications.

The engine behind sweeps and sensitivity analyses. Each point is the base scenario with a few
dotted keys overridden, run against its own counterfactual for replications ``0..reps-1``
with the same seed, so all points share random numbers and differences between points are
effects of the parameters, not noise.

Work is shipped to the executor one *batch* at a time: the arms of several points and
replications advanced together as groups of one struct of arrays
(:mod:`simulate.experiments.pointbatch`), each giving exactly the numbers it gives alone. An
arm that several points of a batch share (typically the counterfactual, when only an
initiative's parameters vary) is run once. Results are put back in point and replication
order before any arithmetic, so the numbers do not depend on the executor or the batch. With
a :class:`~simulate.pointstore.PointStore` each point is saved as soon as its replications
are in, and points already saved are not run again.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from simulate.experiments.executors import Executor
from simulate.experiments.pointbatch import plan_tasks, run_batch
from simulate.experiments.pointstore import PointStore
from simulate.experiments.progress import Progress, ProgressArg
from simulate.experiments.runner import batch_size
from simulate.model.arm import service_axis, simulate_arm
from simulate.scenario import Scenario, ScenarioError, counterfactual_of, to_dict
from simulate.scenario.loader import apply_overrides, from_dict

log = logging.getLogger(__name__)


def arm_totals(scenario: Scenario, seed: int, replication: int,
               counterfactual: Scenario | None = None) -> np.ndarray:
    """EUR per year and payer of one arm of one replication run alone, ``[year, payer]``
    (:func:`run_points` runs arms in batches, with the same numbers).

    A scenario arm whose payers judge it against its counterfactual (see
    :func:`~simulate.financing.runtime.needs_reference`) gets that counterfactual, run here
    with the same seed, exactly as :func:`simulate.experiments.replication.run_replication` does.
    """
    if counterfactual is None:
        return simulate_arm(scenario, seed, replication).eur.sum(axis=2)
    axis = service_axis(scenario)
    cf = simulate_arm(counterfactual, seed, replication, axis)
    return simulate_arm(scenario, seed, replication, axis, reference=cf).eur.sum(axis=2)


def initiative_axis(scenario: Scenario) -> list[str]:
    """The initiatives of :func:`run_points`' ``running`` vectors, in its order."""
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


def run_points(base: Scenario, points: Sequence[Mapping[str, Any]], reps: int, seed: int,
               executor: Executor, progress: ProgressArg = False,
               store: PointStore | None = None, source: str = "",
               pairs: list[tuple[Scenario, Scenario]] | None = None,
               running: dict[int, np.ndarray] | None = None,
               batch: int | None = None) -> list[np.ndarray]:
    """Per point, EUR totals ``[replication, arm, year, payer]`` (arm 0: counterfactual).

    Points already in ``store`` are loaded, not run; the others are saved as they finish.
    ``pairs``: the points' (scenario, counterfactual) if :func:`build_points` made them.
    With ``running`` (a dict, filled here) also, per point, whether each initiative still runs
    at the end of the scenario arm, ``[replication, initiative]`` (in :func:`initiative_axis` order).
    ``batch``: scenario arms one worker advances together (several points and replications
    as groups of one batch, :mod:`simulate.experiments.pointbatch`); by default as many as
    keep every worker busy, at most 20 and at most 100,000 residents. The numbers do not
    depend on it.
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
    size = max([base.population.size] + [sc.population.size for i in todo for sc in pairs[i]])
    per_batch = batch_size(len(todo) * reps, executor.workers, batch, size)
    tasks = plan_tasks(pairs, todo, reps, per_batch)
    partial: dict[int, np.ndarray] = {}
    alive: dict[int, np.ndarray] = {}
    left = {i: 2 * reps for i in todo}
    args = [(t.first, t.second, seed, t.services) for t in tasks]
    arms = 0
    with Progress(progress, sum(t.arms for t in tasks), unit="arm",
                  desc=f"{base.name}: arms of {len(todo)} points") as bar:
        for k, outs in executor.imap_unordered(run_batch, args):
            for (eur, runs), units in zip(outs, tasks[k].fills):
                for i, r, a in units:
                    buf = partial.setdefault(i, np.zeros((reps, 2) + eur.shape))
                    buf[r, a] = eur
                    if a == 1:
                        alive.setdefault(i, np.zeros((reps, len(runs))))[r] = runs
                    left[i] -= 1
                    if left[i] == 0:
                        _finish(i, partial.pop(i), alive.pop(i), points[i], result,
                                running, store)
            arms += tasks[k].arms
            bar(arms)
    return [result[i] for i in range(len(points))]


def _finish(i: int, totals: np.ndarray, alive: np.ndarray, overrides: Mapping[str, Any],
            result: dict[int, np.ndarray], running: dict[int, np.ndarray] | None,
            store: PointStore | None) -> None:
    """Point ``i`` has all its arms: keep it, and save it when there is a store."""
    result[i] = totals
    payload = {"overrides": dict(overrides), "totals": totals.tolist()}
    if running is not None:
        running[i] = alive
        payload["running"] = alive.tolist()
    if store is not None:
        store.save(i, payload)


__all__ = ["arm_totals", "initiative_axis", "point_scenario",
           "build_points", "run_points"]
