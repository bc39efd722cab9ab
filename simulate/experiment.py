"""Paired arms and replications, serially or on local processes.

A replication runs the counterfactual arm and the scenario arm with the same seed and
replication number, so both draw the same random numbers (see :mod:`simulate.streams`) and
their difference is the effect of the scenario, not noise. Replications are independent pure
functions of (scenario, seed, replication); the executor only changes where they run, never
the numbers.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterator

from .invariants import check_paired
from .model import ArmResult, service_axis, simulate_arm
from .preflight import check_resources
from .results import ARMS, Results
from .scenario import Scenario, counterfactual_of

log = logging.getLogger(__name__)


def run_replication(scenario: Scenario, counterfactual: Scenario, seed: int,
                    replication: int) -> dict[str, ArmResult]:
    """Both arms of one replication, sharing random numbers."""
    services = service_axis(scenario)
    extra = tuple(n for n in service_axis(counterfactual) if n not in services)
    services = services[:-1] + extra + services[-1:]  # transfers stay last
    cf = simulate_arm(counterfactual, seed, replication, services)
    same = scenario == counterfactual
    # payers judge the scenario against the counterfactual; a scenario that is its own
    # counterfactual has nothing to be judged against, exactly like the counterfactual arm
    ref = None if same else cf.eur
    arms = {"counterfactual": cf,
            "scenario": simulate_arm(scenario, seed, replication, services, reference=ref)}
    if same:
        check_paired(arms)
    return arms


def _job(args: tuple) -> dict[str, ArmResult]:
    return run_replication(*args)


def iter_replications(scenario: Scenario, reps: int, seed: int, jobs: int = 1,
                      first: int = 0) -> Iterator[tuple[int, dict[str, ArmResult]]]:
    """Yield (replication, arms) in replication order, on ``jobs`` local processes."""
    cf = counterfactual_of(scenario)
    tasks = [(scenario, cf, seed, r) for r in range(first, first + reps)]
    if jobs <= 1 or reps <= 1:
        for t in tasks:
            yield t[3], _job(t)
        return
    before = set(multiprocessing.active_children())
    with ProcessPoolExecutor(max_workers=min(jobs, reps), initializer=_quiet_worker) as pool:
        try:
            for t, arms in zip(tasks, pool.map(_job, tasks)):
                yield t[3], arms
        except BaseException:  # Ctrl-C, or the caller stopped: do not wait for the workers
            pool.shutdown(wait=False, cancel_futures=True)
            for proc in set(multiprocessing.active_children()) - before:
                proc.terminate()
            raise


def _quiet_worker() -> None:
    """Workers leave Ctrl-C to the main process, which stops them (no tracebacks from each
    worker), and die at once on SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def run(scenario: Scenario, reps: int | None = None, seed: int | None = None,
        jobs: int = 1, progress: bool | Callable[[int, int], None] = False) -> Results:
    """Run a scenario against its counterfactual; return tidy :class:`Results`.

    ``reps`` and ``seed`` default to the scenario's ``[run]`` table. ``jobs`` > 1 runs
    replications on local processes with identical numbers. ``progress`` shows a bar on
    stderr (True) or calls ``progress(done, total)``.
    """
    reps = scenario.run.replications if reps is None else int(reps)
    seed = scenario.run.seed if seed is None else int(seed)
    if reps < 1:
        raise ValueError("reps must be at least 1")
    jobs = max(1, min(int(jobs), os.cpu_count() or 1, reps)) if jobs else 1
    check_resources(scenario, reps, jobs)
    start = time.perf_counter()
    arms: list[dict[str, ArmResult]] = []
    bar = _progress_bar(progress, reps)
    for done, (_, result) in enumerate(iter_replications(scenario, reps, seed, jobs), 1):
        arms.append(result)
        bar(done, reps)
    wall = time.perf_counter() - start
    log.info("%d replications in %.1f s", reps, wall)
    return Results.from_arms(scenario, arms, seed=seed, jobs=jobs, wall_seconds=wall)


def _progress_bar(progress: bool | Callable[[int, int], None], total: int
                  ) -> Callable[[int, int], None]:
    if callable(progress):
        return progress
    if not progress or not sys.stderr.isatty():
        return lambda done, total: None
    from tqdm import tqdm
    bar = tqdm(total=total, unit="rep", file=sys.stderr, leave=False)

    def update(done: int, total: int) -> None:
        bar.update(done - bar.n)
        if done >= total:
            bar.close()
    return update


__all__ = ["run", "run_replication", "iter_replications", "ARMS"]
