"""Intervals for every reported total, and runs that add replications until a precision."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import simulate
from simulate.cli.experiments import format_precision
from simulate.scenario import PAYERS

TINY = {"population.size": 300, "horizon_years": 2, "care.nursing_home_beds": 3}


@pytest.fixture(scope="module")
def tiny():
    return simulate.load_scenario("village", TINY)


def test_intervals_cover_every_reported_total(small_results):
    iv = small_results.intervals
    assert set(iv.group) == {"payer", "service", "hours", "event"}
    assert set(iv[iv.group == "payer"].item) == set(PAYERS) | {"total"}
    assert set(iv.statistic) == {"counterfactual", "scenario", "difference"}
    ok = iv.t_low.isna() | ((iv.t_low <= iv["mean"] + 1e-6) & (iv["mean"] <= iv.t_high + 1e-6))
    assert ok.all(), "every mean lies inside its t-interval"
    diff = iv[(iv.group == "payer") & (iv.statistic == "difference")].set_index("item")["mean"]
    summary = small_results.summary.set_index("payer")
    np.testing.assert_allclose(diff[summary.index], summary.difference_eur, rtol=1e-12,
                               err_msg="intervals and summary report the same differences")
    assert diff["total"] == pytest.approx(summary.difference_eur.sum(), rel=1e-12)
    assert {"boot_low_eur", "boot_high_eur"} <= set(summary.columns), "bootstrap in the summary"


def test_precision_adds_replications_until_reached(tiny):
    res = simulate.run(tiny, reps=10, seed=1, precision=0.2, max_reps=80, materiality=0.05)
    meta, status = res.metadata["precision"], res.precision
    n = meta["replications"]
    assert meta["reached"] and 10 < n < 80, f"needed more than the first batch: {n}"
    assert (status.half_width_eur <= status.target_eur).all(), "every headline quantity reached"
    assert set(status.quantity) == set(PAYERS) | {"total"}
    plain = simulate.run(tiny, reps=n, seed=1)
    pd.testing.assert_frame_equal(res.summary, plain.summary,
                                  obj="the same as a plain run with as many replications")


def test_precision_cap_is_reported(tiny, tmp_path):
    res = simulate.run(tiny, reps=10, seed=1, precision=0.001, max_reps=12)
    meta = res.metadata["precision"]
    assert not meta["reached"] and meta["replications"] == 12, "stops at the cap"
    assert meta["not_reached"], "names the quantities that missed the target"
    missed = res.precision[~res.precision.reached]
    assert (missed.replications_needed > 12).all(), "projects how many would be needed"
    text = format_precision(res.precision, meta)
    assert "NOT reached with 12 replications" in text and "needs about" in text
    back = simulate.load_results(simulate.save(res, tmp_path / "run"))
    assert {"precision", "intervals"} <= set(back.tables), "written with the run"
    assert back.metadata["precision"]["reached"] is False


@pytest.mark.parametrize("kwargs, words", [
    ({"precision": 0.0}, "between 0 and 1"),
    ({"precision": 0.05, "max_reps": 1}, "must be at least"),
])
def test_precision_bad_arguments(tiny, kwargs, words):
    with pytest.raises(ValueError, match=words):
        simulate.run(tiny, reps=2, seed=1, **kwargs)
