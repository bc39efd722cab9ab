"""Paired arms and replications on any executor, optionally until a precision is reached.

A replication runs the counterfactual arm and the scenario arm with the same seed and
replication number, so both draw the same random numbers (see :mod:`simulate.model.streams`) and
their difference is the effect of the scenario, not noise. Replications are independent pure
functions of (scenario, seed, replication); the executor (:mod:`simulate.experiments.executors`) only
changes where they run, never the numbers.

With ``precision``, :func:`run` starts with ``reps`` replications and adds batches until the
headline quantities (the paired difference of every payer, and their total) are known to
that relative half-width, or ``max_reps`` is reached (see :mod:`simulate.results.stats` for the rule
that keeps near-zero differences from running forever). Batch sizes depend only on the
numbers, so the replications used are the same on every executor.

With a ``rule`` (:mod:`simulate.experiments.stopping`, what ``simulate run`` uses without
``--reps``) it runs blocks until every payer's mean net and probability of gain are known
to the rule's precision; with ``decompose`` it also runs replications with the parameters
fixed, to split each payer's spread into its simulation and parameter parts
(:mod:`simulate.analysis.spread`).
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from simulate.experiments.executors import Executor, available_cpus, make_executor
from simulate.experiments.preflight import check_resources
from simulate.experiments.progress import Progress
from simulate.experiments.psa import parameter_table, with_parameters_off
from simulate.experiments.replication import (
    DEFAULT_BATCH,
    batches,
    run_replication,
    run_replications,
)
from simulate.experiments.stopping import StopRule, next_count
from simulate.experiments.stopping import status as rule_status
from simulate.model.arm import ArmResult
from simulate.results import stats
from simulate.results.tables import ARMS, Results
from simulate.scenario import PAYERS, Scenario, counterfactual_of
from simulate.scenario.distributions import draws_parameters

log = logging.getLogger(__name__)

#: Residents one batch holds at most by default: beyond about this many the engine runs at its
#: large-population speed, so a bigger batch only costs memory.
BATCH_RESIDENTS = 100_000
#: With a checkpoint, default batches are small enough that a run is kept in at least this
#: many parts (an interrupted run loses at most one part's work).
CHECKPOINTS = 4
#: Replications at most when ``precision`` is given and ``max_reps`` is not.
DEFAULT_MAX_REPS = 200
#: A precision is not judged on fewer replications: the spread of fewer is itself too
#: uncertain to stop on (a first batch of 3 may happen to agree closely).
MIN_PRECISION_REPS = 10
#: Replications with the parameters fixed that split the spread into its two parts
#: (:mod:`simulate.analysis.spread`): at most this many, and never more than the PSA run has.
#: 64: with 32 the share's 95% interval of the default village ran from 0% to 68%.
SIMULATION_REPS = 64


def iter_replications(scenario: Scenario, reps: int, seed: int, jobs: int = 1,
                      first: int = 0, batch: int | None = None
                      ) -> Iterator[tuple[int, dict[str, ArmResult]]]:
    """Yield (replication, arms) in replication order, on ``jobs`` local processes, each
    advancing ``batch`` replications together (default: as many as spread over the jobs)."""
    cf = counterfactual_of(scenario)
    parts = batches(range(first, first + reps),
                    batch_size(reps, jobs, batch, scenario.population.size))
    tasks = [(scenario, cf, seed, part) for part in parts]
    with make_executor(min(jobs, len(tasks))) as ex:
        for part, arms in zip(parts, ex.map(run_replications, tasks)):
            yield from zip(part, arms)


def batch_size(reps: int, jobs: int, batch: int | None = None, size: int = 0) -> int:
    """Replications per task: ``batch`` if given, else at most :data:`DEFAULT_BATCH`, at
    most :data:`BATCH_RESIDENTS` residents (a village of ``size``) per batch, and few enough
    that every job gets one."""
    if batch is not None:
        if int(batch) < 1:
            raise ValueError("batch must be at least 1")
        return int(batch)
    return max(1, min(DEFAULT_BATCH, BATCH_RESIDENTS // max(1, size), -(-reps // max(1, jobs))))


def as_scenario(scenario: Any) -> Scenario:
    """The scenario itself, or the one a name ("village") or a TOML path loads; anything else
    is a clear TypeError (a student's usual slip is passing the name or a Results)."""
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, (str, Path)):
        from simulate.scenario import load_scenario
        return load_scenario(scenario)
    raise TypeError(f"simulate.run() takes a scenario: simulate.load_scenario(\"village\"), "
                    f"a ready scenario's name or a TOML path (got {type(scenario).__name__})")


def _whole(value: Any, name: str, default: int) -> int:
    """``value`` as a whole number (``default`` when None); a clear TypeError for "10" or 2.5."""
    if value is None:
        return int(default)
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) and not (
            isinstance(value, (float, np.floating)) and float(value).is_integer()):
        raise TypeError(f"simulate.run(): {name} must be a whole number, e.g. {name}=3, not "
                        f"{value!r}")
    return int(value)


def run(scenario: Scenario | str | Path, reps: int | None = None, seed: int | None = None,
        jobs: int | None = 1, progress: bool | Callable[[int, int], None] = False, *,
        scheduler: Any = None, executor: Executor | None = None,
        precision: float | None = None, max_reps: int | None = None,
        level: float = stats.LEVEL, materiality: float = stats.MATERIALITY,
        checkpoint: str | Path | None = None, rule: StopRule | None = None,
        decompose: bool = False, batch: int | None = None) -> Results:
    """Run a scenario against its counterfactual; return tidy :class:`Results`.

    ``reps`` and ``seed`` default to the scenario's ``[run]`` table. Where it runs:
    ``jobs`` local processes (1: serially, None: every CPU), a Dask ``scheduler``
    ("local" or "tcp://host:port"), or an ``executor`` you made (left open). The numbers are
    the same on each. ``progress`` shows a bar (True) or calls ``progress(done, total)``.

    ``precision`` (e.g. 0.05) keeps adding replications, ``reps`` (at least 10) being the
    first batch, until every headline quantity's interval half-width is within that share of
    its mean, or ``max_reps`` (default 200) is reached; ``results.precision`` says which
    were reached.
    A difference below ``materiality`` (1%) of the payer's spend is held to that share of
    its spend instead of its own size (see :mod:`simulate.results.stats`).

    ``checkpoint`` (a folder) keeps every finished replication there, and takes those already
    there instead of running them again: an interrupted run resumes (:mod:`simulate.experiments.checkpoint`).

    ``batch`` replications are advanced together by one worker (one struct of arrays: the
    fixed cost of a month is paid once for all of them); by default as many as keep every
    worker busy, at most :data:`~simulate.experiments.replication.DEFAULT_BATCH`. The numbers
    do not depend on it.

    With ``uncertainty.parameters`` on and ranges in the scenario, each replication draws one
    parameter set for both arms (:mod:`simulate.experiments.psa`), the intervals cover the
    parameters too, and ``results.parameters`` lists the sets drawn.

    ``rule`` (a :class:`simulate.experiments.stopping.StopRule`, instead of ``reps`` and
    ``precision``) chooses the number of replications: blocks until every payer's mean net
    and probability of gain are known to the rule's precision; ``results.stopping`` and
    ``metadata["stopping"]`` say how many ran and why.
    ``decompose`` (with parameters drawn) also runs up to :data:`SIMULATION_REPS` replications
    with the parameters fixed, to split each payer's spread into its simulation and parameter
    parts (``results.spread``, :func:`simulate.analysis.spread.spread_table`).

    ``scenario`` may also be a ready scenario's name or a TOML file's path (loaded with
    :func:`simulate.load_scenario`, no overrides).
    """
    scenario = as_scenario(scenario)
    if rule is not None and (reps is not None or precision is not None):
        raise ValueError("give reps (or precision) or a stopping rule, not both")
    reps = _whole(reps, "reps", scenario.run.replications)
    seed = _whole(seed, "seed", scenario.run.seed)
    if reps < 1:
        raise ValueError("reps must be at least 1")
    cap = _check_precision(precision, reps, max_reps)
    if precision is not None:
        reps = min(max(reps, MIN_PRECISION_REPS), cap)
    if rule is not None:
        reps, cap = next_count(0, None, rule), rule.max_reps
    check_resources(scenario, cap, _jobs(jobs, cap))
    start = time.perf_counter()
    cf = counterfactual_of(scenario)
    own = executor is None
    ex = executor or make_executor(_jobs(jobs, cap), scheduler)
    with (ex if own else nullcontext(ex)), Progress(progress, reps, unit="rep",
                                                      desc=f"{scenario.name}: replications") as bar:
        target = _Target(precision, cap, level, materiality) if precision is not None else None
        ckpt = None if checkpoint is None else str(checkpoint)
        if rule is not None:
            arms, status = _replicate_by_rule(ex, scenario, cf, seed, rule, bar, ckpt, batch)
        else:
            arms, status = _replicate_until(ex, scenario, cf, seed, reps, target, bar, ckpt,
                                            batch)
        fixed = (_replicate_fixed(ex, scenario, seed, min(len(arms), SIMULATION_REPS), bar,
                                  len(arms), batch)
                 if decompose and draws_parameters(scenario) and len(arms) >= 4 else None)
        workers, where = ex.workers, ex.name
    wall = time.perf_counter() - start
    log.info("%d replications in %.1f s on %s", len(arms), wall, where)
    results = Results.from_arms(scenario, arms, seed=seed, jobs=workers, wall_seconds=wall)
    results.metadata["executor"] = where
    drawn = parameter_table(scenario, seed, len(arms))
    if len(drawn):   # the parameter set of each replication (probabilistic sensitivity)
        results.tables["parameters"] = drawn
        results.metadata["uncertain_parameters"] = list(dict.fromkeys(drawn.parameter))
    if target is not None:
        _attach_precision(results, status, target)
    if rule is not None:
        _attach_stopping(results, status, rule)
    if fixed is not None:
        _attach_spread(results, arms, fixed)
    return results


def _replicate_by_rule(ex: Executor, sc: Scenario, cf: Scenario, seed: int, rule: StopRule,
                       bar: Progress, checkpoint: str | None = None, batch: int | None = None):
    """Blocks of replications until the rule is met or its cap reached (the count depends
    only on the results, which depend only on the seed)."""
    arms: list[dict[str, ArmResult]] = []
    table = None
    while True:
        n = next_count(len(arms), table, rule)
        if n <= len(arms):
            return arms, table
        bar.set_total(n)
        arms += _replicate(ex, sc, cf, seed, range(len(arms), n), bar, checkpoint, batch)
        names, net, spend = _headline(arms)
        table = rule_status(names, net, spend, rule)
        if len(arms) >= rule.max_reps:
            return arms, table
        log.info("stopping rule after %d replications: %s", len(arms),
                 "met" if table.reached.all() else "not met")


def _replicate_fixed(ex: Executor, sc: Scenario, seed: int, m: int, bar: Progress, done: int,
                     batch: int | None = None) -> list[dict[str, ArmResult]]:
    """Replications 0..m-1 with the parameters at their values: the same histories of the
    village without the parameter draws (the simulation part of the spread)."""
    fixed = with_parameters_off(sc)
    bar.set_total(done + m)
    return _replicate(ex, fixed, counterfactual_of(fixed), seed, range(m), _Offset(bar, done),
                      batch=batch)


class _Offset:
    """A progress callback shifted by the replications already counted."""
    def __init__(self, bar: Progress, offset: int):
        self.bar, self.offset = bar, offset

    def __call__(self, done: int, total: int | None = None) -> None:
        self.bar(self.offset + done)


def _headline(arms: list[dict[str, ArmResult]]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Names (payers and total), net [quantity, replication] (what each gains: counterfactual
    minus scenario spending) and spending without the scenario, EUR over the horizon."""
    tot = np.stack([[a[arm].eur.sum(axis=(0, 2)) for arm in ARMS] for a in arms])
    cf, sc = tot[:, 0].T, tot[:, 1].T                      # [payer, replication]
    cf = np.vstack([cf, cf.sum(axis=0)])                   # + the total over payers
    sc = np.vstack([sc, sc.sum(axis=0)])
    return list(PAYERS) + ["total"], cf - sc, cf


def _attach_stopping(results: Results, table, rule: StopRule) -> None:
    n = int(table.replications.iloc[0])
    results.tables["stopping"] = table
    results.metadata["stopping"] = {
        **rule.describe(), "replications": n, "reached": bool(table.reached.all()),
        "not_reached": list(table.quantity[~table.reached]),
        "needed": int(np.nanmax(table.replications_needed.to_numpy()))}


def _attach_spread(results: Results, arms: list[dict[str, ArmResult]],
                   fixed: list[dict[str, ArmResult]]) -> None:
    from simulate.analysis.spread import spread_table
    names, net, _ = _headline(arms)
    _, net_fixed, _ = _headline(fixed)
    drawn = results.tables.get("parameters")
    x = (None if drawn is None or drawn.empty else
         drawn.pivot(index="replication", columns="parameter", values="value").sort_index()
         .to_numpy())
    table = spread_table(names, net, net_fixed, parameters=x)
    results.tables["spread"] = table
    share = dict(zip(table.quantity, table.parameter_share))
    summary = results.tables["summary"]   # the share beside each payer's interval
    results.tables["summary"] = summary.assign(parameter_share=summary.payer.map(share))
    results.metadata["spread"] = {
        "simulation_replications": len(fixed),
        "parameter_share": {q: (None if s != s else round(float(s), 3))
                            for q, s in zip(table.quantity, table.parameter_share)}}


@dataclass(frozen=True)
class _Target:
    """A precision to reach, and the cap on replications."""
    precision: float
    cap: int
    level: float
    materiality: float


def _replicate_until(ex: Executor, sc: Scenario, cf: Scenario, seed: int, reps: int,
                     target: _Target | None, bar: Progress, checkpoint: str | None = None,
                     batch: int | None = None):
    """``reps`` replications, then (with a target) more batches until it is reached."""
    arms: list[dict[str, ArmResult]] = []
    status, n = None, reps
    while True:
        arms += _replicate(ex, sc, cf, seed, range(len(arms), n), bar, checkpoint, batch)
        if target is None:
            return arms, None
        status = _precision(arms, target.precision, target.level, target.materiality)
        if status.reached.all() or len(arms) >= target.cap:
            return arms, status
        n = stats.next_replications(status, len(arms), target.cap)
        log.info("precision not reached with %d replications; running %d", len(arms), n)
        bar.set_total(n)


def _jobs(jobs: int | None, reps: int) -> int:
    """Processes worth starting: no more than CPUs or replications."""
    jobs = available_cpus() if jobs is None else int(jobs)
    return max(1, min(jobs, available_cpus(), reps))


def _check_precision(precision: float | None, reps: int, max_reps: int | None) -> int:
    if precision is None:
        return reps
    if not 0 < precision < 1:
        raise ValueError("precision is a relative half-width between 0 and 1, e.g. 0.05")
    cap = DEFAULT_MAX_REPS if max_reps is None else int(max_reps)
    if cap < max(reps, 2):
        raise ValueError(f"max_reps ({cap}) must be at least the first batch ({reps}) and 2")
    return cap


def _replicate(ex: Executor, sc: Scenario, cf: Scenario, seed: int, reps: range,
               bar: Progress | _Offset, checkpoint: str | None = None,
               batch: int | None = None) -> list[dict[str, ArmResult]]:
    """Replications ``reps``, split into batches (one task each) over the executor."""
    size = batch_size(len(reps), ex.workers, batch, sc.population.size)
    if checkpoint is not None and batch is None:
        # a batch is kept when it finishes: keep at most a quarter of the run at stake
        size = min(size, -(-len(reps) // CHECKPOINTS))
    parts = batches(reps, size)
    tasks: list[tuple]
    job: Callable[..., Any]
    if checkpoint is not None:
        from simulate.experiments.checkpoint import run_or_load
        tasks = [(sc, cf, seed, part, checkpoint) for part in parts]
        job = run_or_load
    else:
        tasks = [(sc, cf, seed, part) for part in parts]
        job = run_replications
    done = [0]

    def tick(i: int, _: object) -> None:
        done[0] += len(parts[i])
        bar(reps.start + done[0])
    return [arms for part in ex.map(job, tasks, on_result=tick) for arms in part]


def _precision(arms: list[dict[str, ArmResult]], precision: float, level: float,
               materiality: float):
    """Precision of the headline quantities: each payer's paired difference, and the total."""
    tot = np.stack([[a[arm].eur.sum(axis=(0, 2)) for arm in ARMS] for a in arms])
    cf, sc = tot[:, 0].T, tot[:, 1].T                      # [payer, replication]
    cf = np.vstack([cf, cf.sum(axis=0)])                   # + the total over payers
    sc = np.vstack([sc, sc.sum(axis=0)])
    diff = sc - cf
    return stats.precision_table(list(PAYERS) + ["total"], diff, cf, precision, level,
                                 materiality)


def _attach_precision(results: Results, status, target: _Target) -> None:
    results.tables["precision"] = status
    results.metadata["precision"] = {
        "target": target.precision, "level": target.level, "max_reps": target.cap,
        "materiality": target.materiality, "reached": bool(status.reached.all()),
        "replications": int(status.replications.iloc[0]),
        "not_reached": list(status.quantity[~status.reached])}


__all__ = ["run", "run_replication", "run_replications", "iter_replications", "ARMS",
           "DEFAULT_MAX_REPS"]
