"""The drawn parameter sets set in place (issue 15): :func:`psa.drawn_pair` replaces the drawn
numbers in the validated scenario and its counterfactual (:mod:`simulate.scenario.numbers`)
instead of rebuilding both from plain data; the scenarios must be exactly those the rebuild
gives, and a value the validator refuses must still be refused."""
from __future__ import annotations

import glob
import json
import math
from pathlib import Path

import pytest
from scipy import stats

from simulate.experiments import psa
from simulate.model.streams import Streams
from simulate.scenario import ScenarioError, load_scenario, to_dict
from simulate.scenario.distributions import fitted_parameters
from simulate.scenario.numbers import with_numbers

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted(Path(p).stem for p in glob.glob(str(ROOT / "scenarios" / "*.toml")))
WLZ_COST = "services.wlz_thuis.unit_cost_eur"


def _plain(sc) -> str:
    """Every value with its type (3 and 3.0 differ here, not under ==)."""
    return json.dumps(to_dict(sc), sort_keys=True, default=repr)


def _no_rebuild(monkeypatch) -> None:
    def refuse(*args):
        raise AssertionError("drawn_pair rebuilt the scenario: the shortcut did not apply")
    monkeypatch.setattr(psa, "rebuilt_pair", refuse)


@pytest.mark.parametrize("name", SHIPPED)
def test_the_drawn_pair_set_in_place_is_the_rebuilt_pair(name, monkeypatch):
    sc = load_scenario(name)
    fitted = fitted_parameters(sc)
    assert fitted, "every shipped scenario draws parameters"
    rebuild = psa.rebuilt_pair
    _no_rebuild(monkeypatch)
    for r in range(3):
        drawn, cf, values = psa.drawn_pair(sc, 7, r, fitted)
        slow, slow_cf = rebuild(sc, values, r)
        assert drawn == slow and cf == slow_cf
        assert _plain(drawn) == _plain(slow) and _plain(cf) == _plain(slow_cf)
        assert (drawn.sources, drawn.origins) == (slow.sources, slow.origins)
        assert drawn.uncertainty.parameters is False


def test_a_counterfactual_override_wins_over_a_drawn_value(monkeypatch):
    sc = load_scenario("village", {"counterfactual.overrides": {WLZ_COST: 123.0}})
    rebuild = psa.rebuilt_pair
    _no_rebuild(monkeypatch)
    drawn, cf, values = psa.drawn_pair(sc, 3, 1)
    assert drawn.services["wlz_thuis"].unit_cost_eur == values[WLZ_COST] != 123.0
    assert cf.services["wlz_thuis"].unit_cost_eur == 123.0
    assert (drawn, cf) == rebuild(sc, values, 1)


def test_numbers_are_checked_as_the_validator_checks_them():
    sc = load_scenario("village")
    assert with_numbers(sc, {"health.lonely_multiplier": -1.0}) is None, "below its range"
    assert with_numbers(sc, {"payers.wmo.stop_after": 2.5}) is None, "not a whole number"
    assert with_numbers(sc, {"payers.wmo.stop_after": "3"}) is None, "text"
    assert with_numbers(sc, {"health.no_such_number": 1.0}) is None, "unknown key"
    assert with_numbers(sc, {"services.no_such_service.unit_cost_eur": 1.0}) is None
    assert with_numbers(sc, {"health": 1.0}) is None, "a table is not a number"
    assert with_numbers(sc, {"financing.regime": 1.0}) is None, "text is not a number"
    # a cross-field rule: the insurers' market shares sum to more than 1
    assert with_numbers(sc, {"payers.vgz.market_share": 0.9}) is None
    got = with_numbers(sc, {"payers.wmo.stop_after": 3.0, "population.size": 700})
    assert got == load_scenario("village", {"payers.wmo.stop_after": 3, "population.size": 700})
    assert isinstance(got.payers["wmo"].stop_after, int)


def test_a_refused_draw_is_still_a_clear_error():
    sc = load_scenario("village")
    with pytest.raises(ScenarioError, match="market shares"):
        psa.rebuilt_pair(sc, {"payers.vgz.market_share": 0.9}, 0)
    with pytest.raises(ScenarioError):
        psa.drawn_pair(load_scenario("village", {"sensitivity.ranges": {
            "payers.vgz.market_share": {"low": 0.85, "high": 0.95, "reason": "test: too wide"}}}),
            3, 0)


def test_quantiles_are_the_normal_cdf_of_the_scores():
    sc = load_scenario("village")
    fitted, groups = fitted_parameters(sc), dict(sc.uncertainty.groups)
    for r in range(5):
        st = Streams(11, r)
        common = {g: float(st.generator(f"uncertainty.group.{g}", -1).standard_normal())
                  for g in groups}
        want = {}
        for key, f in fitted.items():
            z = float(st.generator(f"uncertainty.{key}", -1).standard_normal())
            if f.group and f.group in groups:
                rho = float(groups[f.group].correlation)
                z = math.sqrt(rho) * common[f.group] + math.sqrt(1 - rho) * z
            want[key] = float(stats.norm.cdf(z))
        assert psa.quantiles(fitted, groups, 11, r) == want


@pytest.mark.parametrize("kind", ["beta", "uniform", "lognormal", "gamma", "triangular"])
@pytest.mark.parametrize("base", [None, 0.8, 1.0, 1.6])
def test_a_distribution_gives_each_quantile_the_same_value_alone_or_in_an_array(kind, base):
    """``parameter_table`` evaluates a parameter's quantiles of all replications in one call;
    each value must be the one ``draw`` computes for its replication alone."""
    import numpy as np

    from simulate.scenario.distributions import fit
    from simulate.scenario.uncertainty import ParameterRange
    q = np.random.default_rng(2).random(400)
    for whole, rng in ((False, ParameterRange(0.5, 2.0, "test", kind, "test")),
                       (True, ParameterRange(1, 9, "test", kind, "test"))):
        f = fit("x", rng, None if base is None else base * (4 if whole else 1), whole=whole)
        together = np.asarray(f.value(q))
        assert [float(v) for v in together] == [float(f.value(float(x))) for x in q]


def test_the_parameter_table_holds_the_values_each_replication_drew():
    sc = load_scenario("pilot_cliff")
    table = psa.parameter_table(sc, 5, 12)
    for r in range(12):
        drawn = psa.draw(sc, 5, r)
        got = table[table.replication == r].set_index("parameter")["value"]
        assert {k: float(v) for k, v in drawn.items()} == got.to_dict()
