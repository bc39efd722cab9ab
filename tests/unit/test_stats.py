"""Intervals and the precision rule: analytic cases, coverage, determinism."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from simulate.results import stats


def test_t_interval_matches_the_textbook_formula():
    x = np.array([[1.0, 2.0, 3.0, 4.0, 5.0]])
    mean, lo, hi = stats.t_intervals(x, 0.95)
    half = sps.t.ppf(0.975, 4) * np.std(x, ddof=1) / np.sqrt(5)
    assert mean[0] == 3.0
    assert lo[0] == pytest.approx(3.0 - half) and hi[0] == pytest.approx(3.0 + half)


def test_t_interval_edge_cases():
    mean, lo, hi = stats.t_intervals(np.array([[7.0]]))
    assert mean[0] == 7.0 and np.isnan(lo[0]) and np.isnan(hi[0]), "one replication: no interval"
    mean, lo, hi = stats.t_intervals(np.full((1, 4), 2.5))
    assert lo[0] == hi[0] == 2.5, "a constant quantity is exact"


def test_bootstrap_is_seeded_and_covers_the_mean():
    rng = np.random.default_rng(0)
    x = rng.exponential(1.0, (300, 25))              # skewed, true mean 1
    lo, hi = stats.bootstrap_intervals(x, seed=4)
    lo2, hi2 = stats.bootstrap_intervals(x, seed=4)
    assert np.array_equal(lo, lo2) and np.array_equal(hi, hi2), "same seed, same interval"
    assert not np.array_equal(lo, stats.bootstrap_intervals(x, seed=5)[0]), "seed matters"
    coverage = np.mean((lo < 1) & (hi > 1))
    assert 0.88 < coverage < 0.99, f"95% intervals should cover about 95%, got {coverage:.2f}"


def test_bootstrap_degenerate_rows():
    x = np.array([[3.0, 3.0, 3.0, 3.0], [1.0, 2.0, 3.0, 4.0]])
    lo, hi = stats.bootstrap_intervals(x)
    assert lo[0] == hi[0] == 3.0, "a constant row is exact"
    assert lo[1] < 2.5 < hi[1]
    lo, hi = stats.bootstrap_intervals(np.ones((2, 2)))
    assert np.isnan(lo).all(), "fewer than three replications: no bootstrap interval"


def test_paired_table_has_three_statistics_per_quantity():
    cf = np.array([[10.0, 12.0, 11.0], [5.0, 5.0, 5.0]])
    sc = cf + np.array([[1.0, 2.0, 1.5], [0.0, 0.0, 0.0]])
    t = stats.paired_table(pd.DataFrame({"payer": ["a", "b"]}), cf, sc, seed=1)
    assert list(t.statistic) == ["counterfactual", "scenario", "difference"] * 2
    diff = t[(t.payer == "a") & (t.statistic == "difference")].iloc[0]
    assert diff["mean"] == pytest.approx(1.5) and diff.t_low < 1.5 < diff.t_high
    zero = t[(t.payer == "b") & (t.statistic == "difference")].iloc[0]
    assert zero.t_low == zero.t_high == zero.boot_low == 0.0, "no difference: exactly 0"


def test_precision_rules():
    rng = np.random.default_rng(2)
    n = 20
    diff = np.vstack([rng.normal(1000, 10, n),       # large, precise: relative, reached
                      rng.normal(5, 300, n),         # near zero: the materiality floor
                      np.zeros(n)])                  # no spend, no difference: exact
    cf = np.vstack([np.full(n, 5e4), np.full(n, 5e4), np.zeros(n)])
    st = stats.precision_table(["big", "tiny", "none"], diff, cf, precision=0.05)
    assert list(st.rule) == ["relative", "materiality floor", "exact"]
    assert st.reached.tolist() == [True, False, True]
    tiny = st.iloc[1]
    assert tiny.target_eur == pytest.approx(0.05 * 0.01 * 5e4), "floor: 5% of 1% of the spend"
    assert tiny.replications_needed > n, "a projection of the replications still needed"


def test_next_replications_grows_within_bounds():
    st = pd.DataFrame({"reached": [False], "replications_needed": [10_000.0]})
    assert stats.next_replications(st, 10, 200) == 20, "at most doubles"
    st.loc[0, "replications_needed"] = 11.0
    assert stats.next_replications(st, 10, 200) == 12, "grows by at least two"
    assert stats.next_replications(st, 190, 200) == 200, "never above the cap"


def test_discount_factors():
    f = stats.discount_factors(3, 0.05)
    assert f[0] == 1.0 and f[2] == pytest.approx(1 / 1.05 ** 2), "first year undiscounted"
