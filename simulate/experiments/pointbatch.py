"""Design points as groups: the arms of many points and replications advanced in one batch.

Points differ only in parameter values, and the engine's batch (:func:`simulate_arms`) lets
every group have its own scenario (the numbers that differ are arrays over groups,
:mod:`simulate.model.population.params`; what belongs to one group, its initiatives, beds,
insurers, books and financing, runs per group). So the arms of several points, each for
several replications, run as one batch, and each arm's numbers are exactly those it gives
alone: the batch changes the speed, never a number (``tests/model/test_point_batch.py``).

A *task* is one worker's share: a block of (point, replication) units whose arms run as two
batches, first every arm that needs no reference (the counterfactuals, and scenario arms that
are not judged against one), then the scenario arms that payers judge against their own
counterfactual, which read the first batch's results. An arm that several units of a task
share (the counterfactual, when only an initiative's parameters vary) runs once per task.
Arms of one batch must share their horizon, service axis and number of health insurers
(the engine's condition); units that differ in these go to different tasks.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from simulate.experiments.replication import is_own_counterfactual
from simulate.model.arm import ArmResult, service_axis, simulate_arms
from simulate.model.financing.runtime import needs_reference
from simulate.scenario import Scenario, scenario_hash

#: what a worker returns per arm: EUR ``[year, payer]`` and, per initiative (sorted by
#: name), 1.0 if it still runs with funding in the arm's last month
Outcome = tuple[np.ndarray, np.ndarray]


def outcome(res: ArmResult, sc: Scenario | None = None) -> Outcome:
    """EUR per year and payer of an arm, and whether each initiative runs at the end (its
    scale > 0 in the last month, as :func:`simulate.analysis.decisions.running_at_end` counts).

    With ``sc`` (the arm's scenario) the EUR are summed over the scenario's own services
    only, in its own order: a batch's wider service axis holds only zeros beyond them, but
    floating-point sums depend on the number and order of their terms, and this way the
    totals are exactly those of the arm run alone (:func:`~simulate.experiments.points.arm_totals`).
    """
    names = sorted(k for k in res.monthly if k.startswith("scale."))
    eur = res.eur
    if sc is not None and tuple(res.services) != service_axis(sc):
        at = {name: j for j, name in enumerate(res.services)}
        eur = eur[:, :, [at[name] for name in service_axis(sc)]]
    return eur.sum(axis=2), np.array([float(res.monthly[k][-1] > 0) for k in names])


def run_batch(first: Sequence[tuple[Scenario, int]], second: Sequence[tuple[Scenario, int, int]],
              seed: int, services: tuple[str, ...]) -> list[Outcome]:
    """The outcomes of ``first`` (scenario, replication: run without a reference) and then of
    ``second`` (scenario, replication, index in ``first`` of the counterfactual it is judged
    against), each list advanced as one batch."""
    a = (simulate_arms([sc for sc, _ in first], seed, [r for _, r in first], services)
         if first else [])
    b = (simulate_arms([sc for sc, _, _ in second], seed, [r for _, r, _ in second], services,
                       [a[j] for _, _, j in second]) if second else [])
    scenarios = [sc for sc, _ in first] + [sc for sc, _, _ in second]
    return [outcome(x, sc) for x, sc in zip(a + b, scenarios)]


def judged(sc: Scenario, cf: Scenario) -> bool:
    """A scenario arm needs its counterfactual unless it is its own counterfactual."""
    return not is_own_counterfactual(sc, cf) and needs_reference(sc)


def batch_services(sc: Scenario, cf: Scenario) -> tuple[str, ...]:
    """One service axis for both arms of a point: the scenario's, with the counterfactual's
    extra services before the transfers (as :func:`run_replications` does)."""
    services = service_axis(sc)
    extra = tuple(n for n in service_axis(cf) if n not in services)
    return services[:-1] + extra + services[-1:]


def _insurers(sc: Scenario) -> int:
    return max(1, sum(p.koker == "zvw" for p in sc.payers.values()))


@dataclass
class Task:
    """One worker's batch: the arms to run and, per arm, the (point, replication, arm) it
    fills (arm 0: counterfactual, 1: scenario)."""
    first: list[tuple[Scenario, int]] = field(default_factory=list)
    second: list[tuple[Scenario, int, int]] = field(default_factory=list)
    fills: list[list[tuple[int, int, int]]] = field(default_factory=list)  # first, then second
    services: tuple[str, ...] = ()
    _index: dict = field(default_factory=dict)

    @property
    def arms(self) -> int:
        return len(self.first) + len(self.second)

    def room(self, r: int, hashes: tuple[str, str], judge: bool, limit: int) -> bool:
        """Whether unit (replication ``r``, the points' hashes) fits without either batch
        exceeding ``limit`` groups."""
        new_first = (("first", hashes[1], r) not in self._index) + (
            not judge and ("first", hashes[0], r) not in self._index)
        new_second = judge and ("second", hashes[0], hashes[1], r) not in self._index
        return (len(self.first) + new_first <= limit
                and len(self.second) + new_second <= limit)

    def add(self, i: int, r: int, sc: Scenario, cf: Scenario, hashes: tuple[str, str],
            judge: bool) -> None:
        """Unit (point ``i``, replication ``r``): its counterfactual and scenario arms."""
        k_cf = self._first(cf, r, hashes[1])
        self._fill(k_cf, (i, r, 0))
        if not judge:
            self._fill(self._first(sc, r, hashes[0]), (i, r, 1))
            return
        key = ("second", hashes[0], hashes[1], r)
        if key not in self._index:
            self._index[key] = len(self.second)
            self.second.append((sc, r, self._index[("first", hashes[1], r)]))
        self._fill(key, (i, r, 1))

    def _first(self, sc: Scenario, r: int, h: str) -> tuple:
        key = ("first", h, r)
        if key not in self._index:
            self._index[key] = len(self.first)
            self.first.append((sc, r))
        return key

    def _fill(self, key: tuple, unit: tuple[int, int, int]) -> None:
        self._index.setdefault(("fills",) + key, []).append(unit)

    def finish(self) -> None:
        """Put the fills in outcome order (first, then second)."""
        n = len(self.first)
        self.fills = [[] for _ in range(self.arms)]
        for key, units in self._index.items():
            if key[0] == "fills":
                k = self._index[key[1:]]
                self.fills[k if key[1] == "first" else n + k] = units
        self._index = {}


def plan_tasks(pairs: Sequence[tuple[Scenario, Scenario]], todo: Sequence[int], reps: int,
               per_batch: int) -> list[Task]:
    """Tasks whose two batches hold at most ``per_batch`` arms each: the points in blocks
    of ``per_batch / reps`` (all their replications), so a point finishes within a few
    tasks and a block's shared counterfactual runs once per replication and task."""
    known: dict[int, str] = {}

    def h(x: Scenario) -> str:
        if id(x) not in known:
            known[id(x)] = scenario_hash(x)
        return known[id(x)]

    by_key: dict[tuple, list[int]] = {}
    for i in todo:
        sc, cf = pairs[i]
        key = (batch_services(sc, cf), sc.months, _insurers(sc), _insurers(cf))
        by_key.setdefault(key, []).append(i)
    block = max(1, per_batch // max(1, reps))
    tasks: list[Task] = []
    for key, points in by_key.items():
        for b in range(0, len(points), block):
            task = Task(services=key[0])
            for r in range(reps):
                for i in points[b: b + block]:
                    sc, cf = pairs[i]
                    hashes, judge = (h(sc), h(cf)), judged(sc, cf)
                    if task.arms and not task.room(r, hashes, judge, per_batch):
                        tasks.append(task)
                        task = Task(services=key[0])
                    task.add(i, r, sc, cf, hashes, judge)
            tasks.append(task)
    for task in tasks:
        task.finish()
    return tasks


__all__ = ["Outcome", "Task", "outcome", "run_batch", "judged", "batch_services", "plan_tasks"]
