"""Design points as groups: the arms of many points and replications advanced in one batch.

Points differ only in parameter values, and the engine's batch (:func:`simulate_arms`) lets
every group have its own scenario (the numbers that differ are arrays over groups,
:mod:`simulate.model.population.params`; what is a few numbers per group, its initiatives'
states, beds, insurers, books and financing, stays per group; groups with other service
payers run as separate batches: ``arm.batch_kind``). So the arms of several points, each
for several replications, run as one batch, and each arm's numbers are exactly those it gives
alone: the batch changes the speed, never a number (``tests/model/test_point_batch.py``).
Both arms of a point run on one service axis, the scenario's with the counterfactual's extra
services, exactly as :func:`~simulate.experiments.replication.run_replications` runs the arms
of ``simulate run``, so a point's totals are those of a run of that scenario. (The ledger's
sums depend on the width of that axis in the last bits: a counterfactual run on its own,
narrower axis can differ from it by about 1e-16 of its value.)

A *task* is one worker's share, one batch of two lists: first arms that need no reference
(the counterfactuals, and scenario arms that are not judged against one), then the scenario
arms that payers judge against their own counterfactual, which read it while both run.
An arm that needs no reference runs once in the whole analysis, in the first task that needs
it (the counterfactual, when only an initiative's parameters vary, once per replication for
all points); a judged arm runs in a task that also runs its counterfactual, shared by the
points of a block (:func:`plan_tasks`). Arms of one batch must share their horizon, service
axis and number of health insurers (the engine's condition); points that differ in these go
to different tasks.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from simulate.experiments.replication import is_own_counterfactual
from simulate.model.arm import ArmResult, service_axis, simulate_arms
from simulate.model.financing.runtime import needs_reference
from simulate.model.population.insurance import insurers_of
from simulate.scenario import Scenario, scenario_hash

#: what a worker returns per arm: EUR ``[year, payer]`` and, per initiative (sorted by
#: name), 1.0 if it still runs with funding in the arm's last month
Outcome = tuple[np.ndarray, np.ndarray]


def outcome(res: ArmResult) -> Outcome:
    """EUR per year and payer of an arm, and whether each initiative runs at the end (its
    scale > 0 in the last month, as :func:`simulate.analysis.decisions.running_at_end` counts)."""
    names = sorted(k for k in res.monthly if k.startswith("scale."))
    return res.eur.sum(axis=2), np.array([float(res.monthly[k][-1] > 0) for k in names])


def run_batch(first: Sequence[tuple[Scenario, int]], second: Sequence[tuple[Scenario, int, int]],
              seed: int, services: tuple[str, ...]) -> list[Outcome]:
    """The outcomes of ``first`` (scenario, replication: run without a reference) and then of
    ``second`` (scenario, replication, index in ``first`` of the counterfactual it is judged
    against), advanced as one batch (a judged arm reads its counterfactual while both run)."""
    groups = [(sc, r) for sc, r in first] + [(sc, r) for sc, r, _ in second]
    if not groups:
        return []
    refs: list[int | None] = [None] * len(first) + [j for _, _, j in second]
    return [outcome(x) for x in simulate_arms([sc for sc, _ in groups], seed,
                                              [r for _, r in groups], services, refs)]


def judged(sc: Scenario, cf: Scenario) -> bool:
    """A scenario arm needs its counterfactual unless it is its own counterfactual."""
    return not is_own_counterfactual(sc, cf) and needs_reference(sc)


def batch_services(sc: Scenario, cf: Scenario) -> tuple[str, ...]:
    """One service axis for both arms of a point: the scenario's, with the counterfactual's
    extra services before the transfers (as :func:`run_replications` does)."""
    services = service_axis(sc)
    extra = tuple(n for n in service_axis(cf) if n not in services)
    return services[:-1] + extra + services[-1:]


#: points at least in one block of tasks (see :func:`plan_tasks`)
BLOCK = 4
Unit = tuple[int, int, int]   # (point, replication, arm): arm 0 counterfactual, 1 scenario


@dataclass
class Task:
    """One worker's share: the arms of its batch (two lists) and, per arm, the units it fills."""
    services: tuple[str, ...]
    first: list[tuple[Scenario, int]] = field(default_factory=list)
    second: list[tuple[Scenario, int, int]] = field(default_factory=list)
    fills_first: list[list[Unit]] = field(default_factory=list)
    fills_second: list[list[Unit]] = field(default_factory=list)
    local: dict[tuple, int] = field(default_factory=dict)   # ("first", hash, r) -> index

    @property
    def arms(self) -> int:
        return len(self.first) + len(self.second)

    @property
    def fills(self) -> list[list[Unit]]:
        """Per outcome of :func:`run_batch` (first, then second), the units it fills."""
        return self.fills_first + self.fills_second

    def add_first(self, sc: Scenario, r: int, h: str) -> int:
        key = ("first", h, r)
        if key not in self.local:
            self.local[key] = len(self.first)
            self.first.append((sc, r))
            self.fills_first.append([])
        return self.local[key]


class _Planner:
    """Fills tasks unit by unit. An arm that needs no reference runs once in the whole
    analysis (in whichever task first needs it); a judged scenario arm runs in the task of
    its counterfactual, which that task runs too (unless it already does)."""

    def __init__(self, services: tuple[str, ...], per_batch: int):
        self.services, self.per_batch = services, per_batch
        self.tasks = [Task(services)]
        self.anywhere: dict[tuple, tuple[Task, int]] = {}   # arms without reference
        self.judged: dict[tuple, tuple[Task, int]] = {}

    def unit(self, i: int, r: int, sc: Scenario, cf: Scenario, h: tuple[str, str],
             judge: bool) -> None:
        task = self._room(r, h, judge)
        if judge:
            k = task.add_first(cf, r, h[1])
            self.anywhere.setdefault(("first", h[1], r), (task, k))
            key = (h[0], h[1], r)
            if key not in self.judged or self.judged[key][0] is not task:
                self.judged[key] = (task, len(task.second))
                task.second.append((sc, r, k))
                task.fills_second.append([])
            owner, j = self.anywhere[("first", h[1], r)]
            owner.fills_first[j].append((i, r, 0))
            t2, j2 = self.judged[key]
            t2.fills_second[j2].append((i, r, 1))
            return
        for x, hx, a in ((cf, h[1], 0), (sc, h[0], 1)):
            key = ("first", hx, r)
            if key not in self.anywhere:
                self.anywhere[key] = (task, task.add_first(x, r, hx))
            owner, j = self.anywhere[key]
            owner.fills_first[j].append((i, r, a))

    def _room(self, r: int, h: tuple[str, str], judge: bool) -> Task:
        """The current task, or a new one when this unit would make a batch too big."""
        task = self.tasks[-1]
        if judge:
            new_first = int(("first", h[1], r) not in task.local)
            new_second = 1
        else:
            new_first = sum(("first", x, r) not in self.anywhere for x in h)
            new_second = 0
        if task.arms and (len(task.first) + new_first > self.per_batch
                          or len(task.second) + new_second > self.per_batch):
            task = Task(self.services)
            self.tasks.append(task)
        return task


def plan_tasks(pairs: Sequence[tuple[Scenario, Scenario]], todo: Sequence[int], reps: int,
               per_batch: int) -> list[Task]:
    """Tasks whose two lists hold at most ``per_batch`` arms each. Points are taken in
    blocks of ``per_batch / reps`` with all their replications, so a point finishes within a
    few tasks; when payers judge the scenario arms, blocks of at least :data:`BLOCK` points,
    so the counterfactual that judges them runs once per replication and task for the
    block (with a block of 4, a quarter more arms than the scenario arms alone; one point
    at a time would double them)."""
    known: dict[int, str] = {}

    def h(x: Scenario) -> str:
        if id(x) not in known:
            known[id(x)] = scenario_hash(x)
        return known[id(x)]

    by_key: dict[tuple, list[int]] = {}
    for i in todo:
        sc, cf = pairs[i]
        key = (batch_services(sc, cf), sc.months, insurers_of(sc), insurers_of(cf))
        by_key.setdefault(key, []).append(i)
    tasks: list[Task] = []
    for key, points in by_key.items():
        judge = {i: judged(*pairs[i]) for i in points}
        # a block only pays when a counterfactual judges its points' arms: else a point
        # at a time (with all its replications) saves points the soonest
        block = max(BLOCK if any(judge.values()) else 1, per_batch // max(1, reps))
        plan = _Planner(key[0], per_batch)
        for b in range(0, len(points), block):
            for r in range(reps):
                for i in points[b: b + block]:
                    sc, cf = pairs[i]
                    plan.unit(i, r, sc, cf, (h(sc), h(cf)), judge[i])
        tasks += [t for t in plan.tasks if t.arms]
    return tasks


__all__ = ["Outcome", "Unit", "Task", "outcome", "run_batch", "judged", "batch_services", "plan_tasks"]
