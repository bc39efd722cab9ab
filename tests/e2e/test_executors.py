"""Same seed, same tables: serially, on two processes and on a Dask LocalCluster."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pandas as pd
import pytest

import simulate
from simulate.experiments.executors import (
    ProcessExecutor,
    SerialExecutor,
    WorkerLost,
    make_executor,
)

TINY = {"population.size": 300, "horizon_years": 2, "care.nursing_home_beds": 3,
        "sensitivity.ranges": {
            "initiatives.dorpsondersteuner.cost_per_fte_eur":
                {"low": 55000, "high": 75000, "reason": "test"},
            "health.progression_annual.frail": {"low": 0.07, "high": 0.14, "reason": "test"}}}
VARY = ["initiatives.dorpsondersteuner.fte=0.5,2"]


def experiment(executor) -> dict[str, pd.DataFrame]:
    """A small replication run, sweep and sensitivity analysis on one executor."""
    sc = simulate.load_scenario("village", TINY)
    res = simulate.run(sc, reps=3, seed=5, executor=executor)
    sw = simulate.sweep(sc, VARY, reps=2, seed=5, executor=executor)
    se = simulate.sensitivity(sc, samples=2, reps=1, oat_reps=2, seed=5, executor=executor)
    return {**{f"run.{k}": v for k, v in res.tables.items()}, "sweep": sw.table,
            "sweep_long": sw.long, "tornado": se.tornado, "sobol": se.sobol,
            "drivers": se.drivers}


@pytest.fixture(scope="module")
def serial():
    return experiment(SerialExecutor())


def assert_same(a: dict, b: dict, where: str) -> None:
    assert a.keys() == b.keys()
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_exact=True,
                                      obj=f"{name} on {where}")


def test_two_processes_give_identical_tables(serial):
    with ProcessExecutor(2) as ex:
        assert_same(serial, experiment(ex), "2 processes")


def test_dask_local_cluster_gives_identical_tables(serial):
    pytest.importorskip("distributed")
    from simulate.experiments.executors import DaskExecutor
    with DaskExecutor("local", jobs=2, processes=False) as ex:
        assert ex.workers == 2
        assert_same(serial, experiment(ex), "a Dask LocalCluster")


def test_make_executor_picks_by_jobs():
    assert isinstance(make_executor(1), SerialExecutor)
    with make_executor(2) as ex:
        assert isinstance(ex, ProcessExecutor) and ex.workers == 2


def _die(x: int) -> int:
    if x == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return x


def test_killed_worker_is_reported():
    with ProcessExecutor(2) as ex, pytest.raises(WorkerLost, match="worker process died"):
        list(ex.imap_unordered(_die, [(i,) for i in range(6)]))


def test_works_like_a_notebook_with_spawned_workers(tmp_path):
    """A script without a file (as in Jupyter), with spawned workers and a callback defined
    in it: only the package's own functions may be shipped to workers."""
    script = textwrap.dedent(f"""
        import multiprocessing
        multiprocessing.set_start_method("spawn")
        import simulate
        seen = []
        def on_progress(done, total):
            seen.append(done)
        sc = simulate.load_scenario("village", {TINY!r})
        with simulate.experiments.executors.ProcessExecutor(2) as ex:
            res = simulate.sweep(sc, {VARY!r}, reps=1, seed=1, executor=ex,
                                 progress=on_progress)
            run = simulate.run(sc, reps=2, seed=1, executor=ex,
                               progress=lambda d, t: seen.append(d))
        print(len(res.table), run.metadata["replications"], seen)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=300, cwd=tmp_path)  # -c: __main__ has no file, as in Jupyter
    assert out.returncode == 0, out.stderr
    # the sweep's 3 arms (2 points share one counterfactual) are counted as their batches
    # finish, rising to 3; then the 2 replications
    points, reps, seen = out.stdout.split("\n")[0].split(" ", 2)
    assert (points, reps) == ("2", "2"), out.stdout
    counts = [int(x) for x in seen.strip("[]").split(", ")]
    assert counts[-2:] == [1, 2], out.stdout
    sweep_counts = counts[:-2]
    assert sweep_counts[-1] == 3 and sweep_counts == sorted(set(sweep_counts)), out.stdout
