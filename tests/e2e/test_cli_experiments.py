"""``simulate sweep`` and ``simulate sensitivity`` from the command line: interrupted sweeps
(Ctrl-C, a killed worker) resume, and the result equals an uninterrupted sweep."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import simulate

SMALL = ["--set", "population.size=1000", "--set", "horizon_years=3",
         "--set", "care.nursing_home_beds=10"]
VARY = ["--vary", "initiatives.dorpsondersteuner.fte=0.25,0.5,0.75,1,1.25,1.5,1.75,2"]
N_POINTS = 8


def cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "simulate", *args], capture_output=True,
                          text=True, timeout=300, **kw)


def start_sweep(out: Path) -> subprocess.Popen:
    # one arm per task, so points are saved one by one (the table does not depend on it)
    return subprocess.Popen([sys.executable, "-m", "simulate", "sweep", *SMALL, *VARY,
                             "--reps", "2", "--seed", "4", "--jobs", "2", "--quiet",
                             "--batch", "1", "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_points(out: Path, proc: subprocess.Popen, n: int = 1) -> int:
    """Wait until ``n`` points are saved (or the sweep ends); return how many are saved."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        saved = len(list((out / "points").glob("p*.json")))
        if saved >= n:
            return saved
        time.sleep(0.01)
    return len(list((out / "points").glob("p*.json")))


def workers_of(proc: subprocess.Popen) -> list[int]:
    psutil = pytest.importorskip("psutil")
    return [c.pid for c in psutil.Process(proc.pid).children()
            if "resource_tracker" not in " ".join(c.cmdline())]  # pool workers only


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory) -> str:
    """The sweep's table when nothing goes wrong (via the API, same code path)."""
    out = tmp_path_factory.mktemp("sweeps") / "whole"
    sc = simulate.load_scenario("village", {"population.size": 1000, "horizon_years": 3,
                                            "care.nursing_home_beds": 10})
    simulate.sweep(sc, [VARY[1]], reps=2, seed=4, jobs=2, out=out)
    return (out / "sweep.csv").read_text()


def test_sweep_survives_ctrl_c_and_a_killed_worker(tmp_path, uninterrupted):
    out = tmp_path / "sweep"
    proc = start_sweep(out)
    assert wait_for_points(out, proc) < N_POINTS, "interrupt before the end"
    proc.send_signal(signal.SIGINT)                                   # Ctrl-C
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "--out" in err and "Traceback" not in err, err
    first = {p.name: p.stat().st_mtime_ns for p in (out / "points").glob("p*.json")}

    proc = start_sweep(out)                                           # resume, then kill
    saved = wait_for_points(out, proc, len(first) + 1)
    assert saved < N_POINTS, "kill a worker before the end"
    for pid in workers_of(proc)[:1]:
        subprocess.run(["kill", "-9", str(pid)], check=True)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 75 and "worker process died" in err, err
    assert "Traceback" not in err, err

    done = cli("sweep", *SMALL, *VARY, "--reps", "2", "--seed", "4", "--jobs", "2",
               "--out", str(out))                                     # resume to the end
    assert done.returncode == 0, done.stderr
    assert "(resumed)" in done.stdout
    after = {p.name: p.stat().st_mtime_ns for p in (out / "points").glob("p*.json")}
    assert len(after) == N_POINTS and all(after[k] == v for k, v in first.items()), \
        "points saved before the interruption are not run again"
    assert (out / "sweep.csv").read_text() == uninterrupted, "same table as without trouble"


def test_sweep_bad_input_exits_2(tmp_path):
    """Each call has its own --out in tmp_path (and runs there): a sweep folder is made before
    the scheduler is reached, so it is kept for a resume; never in the repository's results/."""
    here = {**os.environ, "PYTHONPATH": str(Path(simulate.__file__).parents[1])}  # this copy
    r = cli("sweep", *SMALL, "--vary", "initiatives.dorpsondersteuner.ftee=1,2", "--reps", "1",
            "--out", str(tmp_path / "bad-key"), cwd=tmp_path, env=here)
    assert r.returncode == 2 and "did you mean 'fte'" in r.stderr and "Traceback" not in r.stderr
    pytest.importorskip("distributed")
    env = {**here, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"}
    r = cli("sweep", *SMALL, "--vary", "initiatives.dorpsondersteuner.fte=1,2", "--reps", "1",
            "--scheduler", "tcp://127.0.0.1:9", "--out", str(tmp_path / "no-scheduler"),
            env=env, cwd=tmp_path)
    assert r.returncode == 2 and "cannot reach" in r.stderr and "Traceback" not in r.stderr


def test_sensitivity_names_the_drivers(tmp_path):
    out = tmp_path / "sens"
    r = cli("sensitivity", "--set", "population.size=300", "--set", "horizon_years=2",
            "--set", "care.nursing_home_beds=3", "--method", "oat", "--oat-reps", "1",
            "--jobs", "2", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "\nwmo, ranked by" in r.stdout and "\nzvw, ranked by" in r.stdout, r.stdout
    assert "1. initiatives.dorpsondersteuner.cost_per_fte_eur" in r.stdout, "wages first"
    assert {"tornado.csv", "drivers.csv"} <= {p.name for p in out.iterdir()}
