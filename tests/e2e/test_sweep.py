"""Sweeps: design points, the per-koker table, and resuming an interrupted sweep."""
from __future__ import annotations

import json
import os

import numpy as np
import pandas as pd
import pytest

import simulate
from simulate.experiments.design import as_dimensions, grid, latin_hypercube, parse_vary
from simulate.experiments.executors import SerialExecutor
from simulate.experiments.sweep import sweep
from simulate.results.store import OutputError
from simulate.scenario import ScenarioError

TINY = {"population.size": 300, "horizon_years": 2, "care.nursing_home_beds": 3}
FTE = "initiatives.dorpsondersteuner.fte"
RATE = "financing.discount_rate"


@pytest.fixture(scope="module")
def tiny():
    return simulate.load_scenario("village", TINY)


def test_parse_vary_lists_and_ranges():
    assert parse_vary(f"{FTE}=0.5,1,2").values == (0.5, 1, 2)
    d = parse_vary(f"{RATE}=0:0.06:4")
    np.testing.assert_allclose(d.values, [0, 0.02, 0.04, 0.06], err_msg="4 points, both ends")
    assert parse_vary(f"{RATE}=0:0.06").is_range and not parse_vary(f"{RATE}=0:0.06").values
    assert parse_vary('financing.regime="siloed",other').values == ("siloed", "other")


@pytest.mark.parametrize("text, words", [
    ("nothing", "expected KEY=VALUES"), ("a=2:1:3", "lo < hi"), ("a=0:1:1", "at least 2"),
    ("a=x:y", "numbers"),
])
def test_parse_vary_errors(text, words):
    with pytest.raises(ScenarioError, match=words):
        parse_vary(text)


def test_grid_is_every_combination(tiny):
    pts = grid(tiny, as_dimensions([f"{FTE}=0.5,1", f"{RATE}=0:0.06:3"]))
    assert len(pts) == 6 and pts[0] == {FTE: 0.5, RATE: 0.0} and pts[1][FTE] == 0.5, \
        "first parameter varies slowest"
    beds = grid(tiny, as_dimensions(["care.nursing_home_beds=2:4:4"]))
    assert [p["care.nursing_home_beds"] for p in beds] == [2, 3, 4], "whole numbers, no repeats"


def test_latin_hypercube_covers_each_range_evenly(tiny):
    dims = as_dimensions([f"{FTE}=0.5:2.5", f"{RATE}=0:0.08"])
    pts = latin_hypercube(tiny, dims, 8, seed=3)
    for path, lo, hi in ((FTE, 0.5, 2.5), (RATE, 0.0, 0.08)):
        strata = sorted(int((p[path] - lo) / (hi - lo) * 8) for p in pts)
        assert strata == list(range(8)), f"one sample in each eighth of {path}"
    assert latin_hypercube(tiny, dims, 8, seed=3) == pts, "seeded"
    assert latin_hypercube(tiny, dims, 8, seed=4) != pts


def test_unknown_parameter_is_a_clear_error(tiny):
    with pytest.raises(ScenarioError, match="did you mean 'fte'"):
        sweep(tiny, ["initiatives.dorpsondersteuner.ftee=1,2"], reps=1)
    with pytest.raises(ScenarioError, match="point 1.*outside the valid range"):
        sweep(tiny, [f"{FTE}=1,-1"], reps=1)


@pytest.fixture(scope="module")
def small_sweep(tiny):
    return sweep(tiny, [f"{FTE}=0.5,2", f"{RATE}=0,0.06"], reps=3, seed=2)


def test_sweep_table_has_one_row_per_point(small_sweep):
    t = small_sweep.table
    assert list(t.point) == [0, 1, 2, 3] and list(t.columns[1:3]) == [FTE, RATE]
    for p in ("wmo", "zvw", "total"):
        assert {f"{p}_difference_eur", f"{p}_ci_low_eur", f"{p}_ci_high_eur"} <= set(t.columns)
    assert (t.wmo_ci_low_eur <= t.wmo_difference_eur).all()
    assert t.wmo_difference_eur[2] > t.wmo_difference_eur[0], "more FTE costs the Wmo more"
    assert (t.replications == 3).all()


def test_sweep_discounting(small_sweep):
    t = small_sweep.table
    undiscounted = t[t[RATE] == 0]
    assert (undiscounted.wmo_pv_difference_eur == undiscounted.wmo_difference_eur).all(), \
        "rate 0: present value = total"
    disc = t[t[RATE] == 0.06]
    assert (disc.wmo_pv_difference_eur < disc.wmo_difference_eur).all(), "a cost in year 2 weighs less"
    assert (disc.wmo_difference_eur.values == undiscounted.wmo_difference_eur.values).all(), \
        "the rate does not change what is spent"



def test_sweep_table_prints_present_values_when_the_rate_varies(small_sweep):
    from simulate.cli.experiments import format_sweep
    t = small_sweep.table
    text = format_sweep(t, [FTE, RATE])
    assert "wmo PV" in text and "total PV" in text, "the rate changes the present value only"
    rows = text.splitlines()[1:]
    last = [r.split()[-1] for r in rows]   # the total PV of each point
    assert last[0] != last[1], "same FTE, rate 0 vs 0.06: the printed rows differ in PV"
    no_rate = format_sweep(t[t[RATE] == 0], [FTE])
    assert "PV" not in no_rate, "no rate varied: the table stays as it was"


class StopAfter(SerialExecutor):
    """Serial, but interrupted (as by Ctrl-C) after ``k`` tasks; counts the tasks it ran."""

    def __init__(self, k: int | None = None):
        self.k, self.ran = k, 0

    def imap_unordered(self, fn, tasks):
        for i, r in super().imap_unordered(fn, tasks):
            if self.k is not None and self.ran >= self.k:
                raise KeyboardInterrupt
            self.ran += 1
            yield i, r


def test_interrupted_sweep_resumes_without_rerunning_points(tiny, tmp_path):
    vary = [f"{FTE}=0.5,1,1.5,2"]
    full = StopAfter()
    whole = sweep(tiny, vary, reps=2, seed=2, executor=full, batch=2)
    out = tmp_path / "sweep"
    # batches of 2 arms: 5 tasks (the shared counterfactual once per replication)
    with pytest.raises(KeyboardInterrupt):
        sweep(tiny, vary, reps=2, seed=2, out=out, executor=StopAfter(k=4), batch=2)
    saved = {p.name: p.stat().st_mtime_ns for p in (out / "points").glob("p*.json")}
    assert 0 < len(saved) < 4 and not (out / "sweep.csv").exists(), "stopped part-way"
    rest = StopAfter()
    again = sweep(tiny, vary, reps=2, seed=2, out=out, executor=rest, batch=2)
    assert again.metadata["resumed"] and rest.ran < full.ran, "finished points are not rerun"
    assert {p.name: p.stat().st_mtime_ns for p in (out / "points").glob("p*.json")
            if p.name in saved} == saved, "finished point files untouched"
    pd.testing.assert_frame_equal(again.table, whole.table, obj="same as uninterrupted")
    on_disk = pd.read_csv(out / "sweep.csv")
    assert list(on_disk.point) == [0, 1, 2, 3], "every point once"
    assert not (out / ".lock").exists(), "lock released"


def test_folder_of_another_design_or_in_use_is_refused(tiny, tmp_path):
    out = tmp_path / "sweep"
    sweep(tiny, [f"{FTE}=1"], reps=1, seed=2, out=out)
    with pytest.raises(OutputError, match="different design"):
        sweep(tiny, [f"{FTE}=2"], reps=1, seed=2, out=out)
    (out / ".lock").write_text(f"{os.uname().nodename}:{os.getpid()}")
    with pytest.raises(OutputError, match="in use"):
        sweep(tiny, [f"{FTE}=1"], reps=1, seed=2, out=out)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["identity"]["points"] == [{FTE: 1.0}]


def test_a_sweep_point_equals_a_plain_run_when_payers_review():
    """Payers who judge an initiative on their own savings need the counterfactual: a sweep
    point must give the same numbers as simulate.run of the same scenario (a sweep sets its
    parameters itself and never draws them, so the run does not either: issue 16)."""
    base = simulate.load_scenario("pilot_cliff", {"population.size": 500, "horizon_years": 4,
                                                  "care.nursing_home_beds": 5,
                                                  "uncertainty.parameters": False})
    # the sweep sets the scenario's own value, so the point is the plain run
    res = simulate.sweep(base, {"payers.wmo.stop_after": [base.payers["wmo"].stop_after]},
                         reps=2, seed=3)
    plain = simulate.run(base, reps=2, seed=3).summary.set_index("payer").difference_eur
    for payer in ("wmo", "wlz", "funds"):
        assert res.table[f"{payer}_difference_eur"].iloc[0] == pytest.approx(plain[payer],
                                                                           rel=1e-9), payer
