"""The stopping rule (simulate.experiments.stopping) and the split of the spread
(simulate.analysis.spread) on numbers whose answer is known."""
from __future__ import annotations

import numpy as np
import pytest

from simulate.analysis.spread import parameter_share, spread_table
from simulate.experiments.stopping import StopRule, next_count, status

RULE = StopRule()


def test_a_mean_known_to_a_tenth_stops_and_one_not_known_asks_for_more():
    rng = np.random.default_rng(1)
    n = 32
    precise = 1000 + 100 * rng.standard_normal(n)        # SE ~ 18: 2% of the mean
    rough = 100 + 1000 * rng.standard_normal(n)          # SE ~ 177: more than the mean
    t = status(["a", "b"], np.vstack([precise, rough]), np.full((2, n), 1000.0), RULE)
    assert t.mean_reached.tolist() == [True, False]
    # projection: n * (se / target)^2, target = 10% of max(|mean|, 1% of spend = 10)
    b = t.iloc[1]
    assert b.replications_needed == pytest.approx(np.ceil(n * (b.se_eur / b.target_se_eur) ** 2))
    assert b.replications_needed > 10 * n


def test_an_immaterial_mean_is_known_to_a_share_of_the_spending_not_of_itself():
    """A difference near zero can never be known to 10% of itself; knowing it is below 1% of
    the payer's spending is enough (the materiality floor)."""
    rng = np.random.default_rng(2)
    net = rng.standard_normal(32) * 50                   # mean ~0, SE ~9
    t = status(["wpg"], net[None], np.full((1, 32), 1e6), RULE)   # floor 10,000: target 1,000
    assert bool(t.mean_reached.iloc[0])


def test_p_gain_needs_more_replications_near_one_half():
    """SE of p with p estimated as (k+1)/(n+2): a sure gain is known at 32 replications,
    a coin toss needs p(1-p)/0.05^2 (about 100)."""
    n = 32
    sure = np.full(n, 10.0)
    sure[0] = 11.0                                       # not exact: p_gain is judged
    coin = np.where(np.arange(n) % 2 == 0, 1000.0, -1000.0) + 0.01 * np.arange(n)
    t = status(["sure", "coin"], np.vstack([sure, coin]), np.full((2, n), 1e9), RULE)
    assert t.p_gain.tolist() == [1.0, 0.5]
    assert t.p_gain_reached.tolist() == [True, False]
    assert t.replications_needed.iloc[1] == 100          # 0.25 / 0.05^2


def test_the_count_runs_in_blocks_from_the_minimum_to_the_cap():
    rule = StopRule(block=16, min_reps=32, max_reps=80)
    assert next_count(0, None, rule) == 32
    not_met = status(["x"], np.array([[1.0, -1.0] * 16]), np.ones((1, 32)), rule)
    assert not bool(not_met.reached.all())
    assert next_count(32, not_met, rule) == 48
    assert next_count(76, not_met, rule) == 80, "never beyond the cap"
    met = status(["x"], np.full((1, 48), 5.0), np.ones((1, 48)), rule)   # exact
    assert next_count(48, met, rule) == 48, "met: stop"


def test_a_bad_rule_is_refused():
    with pytest.raises(ValueError):
        StopRule(min_reps=50, max_reps=40)
    with pytest.raises(ValueError):
        StopRule(p_gain_se=0.7)


def test_the_split_of_the_spread_recovers_a_known_share():
    """net = parameter part (variance 3) + simulation noise (variance 1): 75% from the
    parameters; with the parameters fixed only the noise is left."""
    rng = np.random.default_rng(3)
    n, m = 4000, 4000
    total = np.sqrt(3) * rng.standard_normal(n) + rng.standard_normal(n)
    fixed = rng.standard_normal(m)
    t = spread_table(["wlz"], total[None], fixed[None])
    share, low, high = parameter_share(t, "wlz")
    assert share == pytest.approx(0.75, abs=0.03)
    assert low < 0.75 < high and high - low < 0.1


def test_no_parameter_effect_gives_a_share_whose_interval_reaches_zero():
    rng = np.random.default_rng(4)
    t = spread_table(["zvw"], rng.standard_normal((1, 64)), rng.standard_normal((1, 32)))
    share, low, high = parameter_share(t, "zvw")
    assert low == 0.0 and share < high


def test_a_net_that_never_varies_has_no_share():
    t = spread_table(["funds"], np.zeros((1, 10)), np.zeros((1, 10)))
    assert parameter_share(t, "funds") is None


def test_the_linear_cross_check_recovers_a_linear_share():
    """net = 2 x1 + x2 + noise (variance 5 from the parameters, 5 from chance): adjusted R^2
    near one half; a parameter with no effect adds nothing."""
    from simulate.analysis.spread import fit_share
    rng = np.random.default_rng(5)
    x = rng.standard_normal((3000, 3))
    net = 2 * x[:, 0] + x[:, 1] + np.sqrt(5) * rng.standard_normal(3000)
    assert fit_share(net[None], x)[0] == pytest.approx(0.5, abs=0.03)
    assert np.isnan(fit_share(net[None, :4], x[:4])[0]), "too few replications for the fit"
