"""A run killed halfway resumes with the same command: finished replications are not rerun."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

ARGS = ["run", "--set", "population.size=1500", "--set", "horizon_years=4",
        "--set", "care.nursing_home_beds=15", "--reps", "6", "--seed", "9", "--jobs", "1"]


def start(out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "simulate", *ARGS, "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def kept(out: Path) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.checkpoint-*/rep-*.pkl"))


@pytest.mark.timeout(240)
def test_killed_run_resumes_without_rerunning_or_double_counting(tmp_path):
    whole = tmp_path / "whole"
    done = subprocess.run([sys.executable, "-m", "simulate", *ARGS, "--quiet", "--out", str(whole)],
                          capture_output=True, text=True, timeout=200)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "resumed"
    proc = start(out)
    deadline = time.time() + 120
    while len(kept(out)) < 2 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)                        # killed, as by the OOM killer
    proc.wait(timeout=30)
    first = {p.name: p.stat().st_mtime_ns for p in kept(out)}
    assert 2 <= len(first) < 6 and not out.exists(), "killed halfway: no run folder yet"
    again = subprocess.run([sys.executable, "-m", "simulate", *ARGS, "--out", str(out)],
                           capture_output=True, text=True, timeout=200)
    assert again.returncode == 0, again.stderr
    assert f"resuming: {len(first)} replications already done" in again.stderr
    assert kept(out) == [], "the checkpoint is removed once the run folder is written"
    for table in ("costs", "population", "events", "summary"):
        pd.testing.assert_frame_equal(pd.read_csv(whole / f"{table}.csv"),
                                      pd.read_csv(out / f"{table}.csv"), obj=table)


def test_checkpoint_is_only_for_the_same_run(tmp_path):
    import simulate
    from simulate.experiments.checkpoint import checkpoint_dir
    a = simulate.load_scenario("village")
    b = simulate.load_scenario("village", {"population.size": 100})
    out = tmp_path / "x"
    assert checkpoint_dir(out, a, 1) != checkpoint_dir(out, b, 1) != checkpoint_dir(out, a, 2)
