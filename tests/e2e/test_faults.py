"""Faults: a run killed or interrupted at any moment leaves a complete run folder or nothing;
unusable output folders, full disks and runs too big for memory are refused before any work;
a dead worker gives a message, not a traceback."""
from __future__ import annotations

import errno
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import simulate
from simulate.cli.main import cli
from simulate.experiments import preflight
from simulate.results import store
from simulate.results.store import OutputError, check_writable, save
from simulate.results.tables import OPTIONAL_TABLES, TABLES

SMALL = ["--set", "population.size=300", "--set", "horizon_years=2",
         "--set", "care.nursing_home_beds=3"]


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def leftovers(folder: Path) -> list[str]:
    """Entries of ``folder`` that a user would see (hidden temporary folders excluded)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def assert_complete_or_absent(out: Path) -> None:
    """Either a whole run folder (metadata and every table readable) or nothing at all."""
    if not out.exists():
        return
    names = {p.name for p in out.iterdir()}
    always = {f"{t}.csv" for t in TABLES if t not in OPTIONAL_TABLES} | {"metadata.json"}
    optional = {f"{t}.csv" for t in OPTIONAL_TABLES}
    assert always <= names <= always | optional, f"half a run: {names}"
    res = simulate.load_results(out)
    assert len(res.costs) > 0 and res.metadata["replications"] >= 1


@pytest.fixture()
def no_model(monkeypatch):
    """Refusals must come before the model runs: reaching it fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("the model ran although the run should have been refused")
    monkeypatch.setattr(simulate.experiments.runner, "run", refuse)


@pytest.fixture(scope="module")
def small_results():
    sc = simulate.load_scenario("village", {"population.size": 200, "horizon_years": 1})
    return simulate.run(sc, reps=1, seed=1)


# -- killed or failing while writing --------------------------------------------------------------

KILL_DRIVER = textwrap.dedent("""
    import sys, time
    import pandas as pd
    import simulate
    sc = simulate.load_scenario("village", {"population.size": 100, "horizon_years": 1})
    res = simulate.run(sc, reps=1, seed=1)
    write = pd.DataFrame.to_csv
    def slow(self, path, *a, **k):
        write(self, path, *a, **k)
        print("WROTE", path, flush=True)
        time.sleep(30)
    pd.DataFrame.to_csv = slow
    simulate.save(res, sys.argv[1])
""")


@pytest.mark.timeout(120)
def test_sigkill_mid_write_leaves_no_run_folder(tmp_path):
    out = tmp_path / "runs" / "killed"
    proc = subprocess.Popen([sys.executable, "-c", KILL_DRIVER, str(out)],
                            stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    assert line.startswith("WROTE"), f"the driver did not start writing: {line!r}"
    proc.kill()
    proc.wait(timeout=30)
    assert not out.exists(), "a run killed while writing must leave no run folder"
    assert leftovers(out.parent) == [], "only a hidden temporary folder may remain"


@pytest.mark.timeout(120)
@pytest.mark.parametrize("delay", [0.8, 2.5])
def test_sigkill_at_any_moment_leaves_all_or_nothing(tmp_path, delay):
    out = tmp_path / "run"
    proc = subprocess.Popen([sys.executable, "-m", "simulate", "run", *SMALL, "--reps", "2",
                             "--quiet", "--out", str(out)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.kill()
    proc.wait(timeout=30)
    assert_complete_or_absent(out)
    assert leftovers(tmp_path) in ([], ["run"])


def test_write_failing_halfway_cleans_up(tmp_path, monkeypatch, small_results):
    written = []
    real = pd.DataFrame.to_csv

    def full_after_two(self, path, *args, **kwargs):
        if len(written) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(path)
        return real(self, path, *args, **kwargs)
    monkeypatch.setattr(pd.DataFrame, "to_csv", full_after_two)
    out = tmp_path / "run"
    with pytest.raises(OutputError, match="No space left on device; nothing was kept"):
        save(small_results, out)
    assert len(written) == 2, "the failure came halfway through the tables"
    assert list(tmp_path.iterdir()) == [], "no run folder and no temporary folder left"


def test_run_folder_appearing_meanwhile_is_not_replaced(tmp_path, monkeypatch, small_results):
    out = tmp_path / "run"
    real = store.environment

    def someone_else_creates_it():
        out.mkdir()
        return real()
    monkeypatch.setattr(store, "environment", someone_else_creates_it)
    with pytest.raises(OutputError, match="appeared while the run was being written"):
        save(small_results, out)
    assert list(out.iterdir()) == [], "the other folder is left as it was"
    assert leftovers(tmp_path) == ["run"]


def test_existing_run_is_never_overwritten(tmp_path, small_results):
    out = save(small_results, tmp_path / "run")
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    with pytest.raises(OutputError, match="already exists"):
        save(small_results, out)
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before


# -- Ctrl-C and SIGTERM ------------------------------------------------------------------------

@pytest.mark.parametrize("where", ["model", "save"])
def test_ctrl_c_gives_exit_130_and_no_folder(tmp_path, monkeypatch, where):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt
    if where == "model":
        monkeypatch.setattr(simulate.experiments.runner, "run", interrupt)
    else:
        monkeypatch.setattr(pd.DataFrame, "to_csv", interrupt)
    out = tmp_path / "run"
    result = invoke("run", *SMALL, "--reps", "1", "--quiet", "--out", str(out))
    assert result.exit_code == 130, result.output
    assert "interrupted" in result.stderr and "Traceback" not in result.output
    left = [p for p in tmp_path.iterdir() if ".checkpoint-" not in p.name]
    assert left == [], "no run folder, no temporary folder"
    for ckpt in tmp_path.glob(".run.checkpoint-*"):  # kept on purpose: the command resumes
        assert all(p.name.startswith("rep-") for p in ckpt.iterdir()), \
            "a checkpoint holds only whole replications, no torn files"


def wait_for_children(pid: int, n: int, timeout: float = 60) -> bool:
    """Wait until process ``pid`` has ``n`` child processes (its pool is computing)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        kids = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                kids += int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid
            except (OSError, IndexError, ValueError):
                continue
        if kids >= n:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
@pytest.mark.timeout(120)
@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_signal_to_a_parallel_run(tmp_path, sig, code):
    """Like Ctrl-C in a terminal: the signal goes to the whole process group, workers too."""
    out = tmp_path / "run"
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulate", "run", "--set", "population.size=3000",
         "--set", "horizon_years=20", "--reps", "8", "--jobs", "2", "--quiet", "--out",
         str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)
    assert wait_for_children(proc.pid, 2), "the workers did not start"
    time.sleep(0.5)
    assert proc.poll() is None, "the run should still be working"
    start = time.monotonic()
    os.killpg(proc.pid, sig)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == code, stderr
    assert time.monotonic() - start < 20, "stopped promptly, without finishing replications"
    assert "Traceback" not in stderr, stderr
    assert len(stderr.strip().splitlines()) <= 2, f"a short message: {stderr}"
    assert not out.exists() and leftovers(tmp_path) == []


# -- refused before any work -------------------------------------------------------------------

def test_read_only_folder_is_refused_before_work(tmp_path, no_model):
    if os.geteuid() == 0:
        pytest.skip("running as root: chmod does not stop root from writing "
                    "(test_unwritable_folder_simulated covers the refusal)")
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        result = invoke("run", *SMALL, "--quiet", "--out", str(ro / "run"))
    finally:
        ro.chmod(0o700)
    assert result.exit_code == 2 and "cannot write to" in result.stderr, result.output


def test_unwritable_folder_simulated(tmp_path, monkeypatch, no_model):
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")
    monkeypatch.setattr(store.tempfile, "NamedTemporaryFile", denied)
    result = invoke("run", *SMALL, "--quiet", "--out", str(tmp_path / "run"))
    assert result.exit_code == 2, result.output
    assert f"cannot write to {tmp_path}: Permission denied" in result.stderr
    assert not (tmp_path / "run").exists()


def test_full_disk_is_refused_before_work(tmp_path, monkeypatch, no_model):
    usage = store.shutil.disk_usage(tmp_path)
    monkeypatch.setattr(store.shutil, "disk_usage",
                        lambda p: usage._replace(free=10 * 2**20))
    result = invoke("run", *SMALL, "--quiet", "--out", str(tmp_path / "run"))
    assert result.exit_code == 2, result.output
    assert "only 10 MB free" in result.stderr


def test_results_bigger_than_the_free_disk_are_refused(tmp_path, monkeypatch, no_model):
    usage = preflight.shutil.disk_usage(tmp_path)
    monkeypatch.setattr(preflight.shutil, "disk_usage",
                        lambda p: usage._replace(free=2 * 2**30))
    monkeypatch.setattr(preflight, "available_memory", lambda: 2**50)
    result = invoke("run", *SMALL, "--set", "horizon_years=60", "--reps", "2000",
                    "--quiet", "--out", str(tmp_path / "run"))
    assert result.exit_code == 2, result.output
    assert "may need up to" in result.stderr and "2.0 GB is free" in result.stderr


def test_run_too_big_for_memory_is_refused(tmp_path, monkeypatch, no_model):
    monkeypatch.setattr(preflight, "available_memory", lambda: 2 * 2**30)
    result = invoke("run", "--set", "population.size=20000000", "--quiet",
                    "--out", str(tmp_path / "run"))
    assert result.exit_code == 2, result.output
    assert "needs about" in result.stderr and "2.0 GB is available" in result.stderr


def test_memory_estimate_is_generous_but_not_absurd():
    sc = simulate.load_scenario("village", {"population.size": 1_000_000})
    need = preflight.estimate_memory(sc, reps=1, jobs=1)
    # measured peak of one arm with 1 M residents: 305 MB (see preflight.BYTES_PER_RESIDENT)
    assert 305 * 2**20 < need < 1.5 * 2**30, need / 2**20


def test_disk_estimate_bounds_a_real_run_folder(tmp_path):
    sc = simulate.load_scenario("village", {"population.size": 2500, "horizon_years": 3})
    out = save(simulate.run(sc, reps=2, seed=1), tmp_path / "run")
    size = sum(p.stat().st_size for p in out.iterdir())
    estimate = preflight.estimate_disk(sc, reps=2)
    assert size < estimate < 20 * size, f"folder {size} bytes, estimate {estimate}"


def test_check_writable_creates_nothing_but_the_parent(tmp_path):
    out = tmp_path / "a" / "b" / "run"
    check_writable(out)
    assert not out.exists() and leftovers(out.parent) == []


# -- a worker that dies ----------------------------------------------------------------------

def _die(*args):  # runs in a worker process: dies the way an out-of-memory kill does
    os._exit(9)


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="the patched job only reaches workers that are forked")
def test_dead_worker_gives_a_message_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setattr(simulate.experiments.runner, "run_replications", _die)
    monkeypatch.setattr(simulate.experiments.checkpoint, "run_replications", _die)  # with --out
    result = invoke("run", *SMALL, "--reps", "2", "--jobs", "2", "--quiet",
                    "--out", str(tmp_path / "run"))
    assert result.exit_code == 75, result.output  # EX_TEMPFAIL: run the command again
    assert "worker process died" in result.stderr
    assert "Traceback" not in result.output and not (tmp_path / "run").exists()
