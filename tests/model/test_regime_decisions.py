"""pizza, right_to_challenge and social_impact_bond: each party decides on its own terms.

Clear cases and directions of effect: a fee at which nobody joins leaves the pizza to the
government's slice; a government that leaves shrinks it; a cooperative without the people is
refused, one with too few after the contract delivers less and the municipality takes the
service back; an investor whose hurdle is above its expected return does not invest.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

import simulate
from simulate.model.financing.regimes.pizza import affordable_scale, uptake
from simulate.model.financing.regimes.social_impact_bond import (
    expected_yearly_return,
    success_probability,
)

# parameters at their base values (issue 16): the regimes' mechanisms, not the PSA's spread
SMALL = {"population.size": 800, "horizon_years": 5, "care.nursing_home_beds": 8,
         "uncertainty.parameters": False}


def run(name: str, reps: int = 2, seed: int = 8, **extra):
    return simulate.run(simulate.load_scenario(name, {**SMALL, **extra}), reps=reps, seed=seed)


def series(res, key: str) -> float:
    """Mean of a monthly series of the scenario arm over the last two years."""
    s = res.series[(res.series.arm == "scenario") & (res.series.series == key)]
    return float(s[s.month >= s.month.max() - 23].value.mean())


def paid(res, payer: str, service: str) -> float:
    c = res.costs[(res.costs.arm == "scenario") & (res.costs.payer == payer)
                  & (res.costs.service == service)]
    return float(c.eur.sum())


def decisions(res, text: str) -> int:
    d = res.decisions[res.decisions.arm == "scenario"]
    return int(d.decision.str.startswith(text).sum())


# -- pizza -------------------------------------------------------------------------------
def test_uptake_and_affordable_scale_analytic():
    assert uptake(0, 40) == 1 and uptake(10, 40) == 0.75 and uptake(50, 40) == 0
    # fixed cost 1,000, government 500, fee 10 x 25 members: (500 + 250) / 1000
    assert affordable_scale(1000, 0, 40, 500, 10, 25) == pytest.approx(0.75)
    assert affordable_scale(1000, 0, 40, 2000, 0, 0) == 1.0, "never above the plan"
    # per participant only (meals): 60 a member, fee 20, government 800 for 40 places
    assert affordable_scale(0, 60, 40, 800, 20, 0) == pytest.approx(800 / (40 * 40))


@pytest.fixture(scope="module")
def pizza():
    return run("pizza")


def test_a_high_fee_lowers_uptake_and_shrinks_the_pizza(pizza):
    dear = run("pizza", **{"financing.pizza.fee_eur": 40.0})
    assert series(dear, "members.meeting_place") < 0.2 * series(pizza, "members.meeting_place"), \
        "at the fee where nobody joins, hardly anyone is a member"
    assert paid(dear, "residents", "meeting_place") < paid(pizza, "residents", "meeting_place")
    assert series(dear, "scale.meeting_place") < series(pizza, "scale.meeting_place"), \
        "without the residents' slice only the government's is left"
    assert series(dear, "scale.meeting_place") == pytest.approx(0.5, abs=0.05), \
        "the government pays half the money cost"


def test_the_pizza_shrinks_when_the_government_leaves(pizza):
    alone = run("pizza", **{"financing.pizza.government_share": 0.0})
    assert paid(alone, "wmo", "meeting_place") == 0
    assert series(alone, "scale.meeting_place") < 0.5 * series(pizza, "scale.meeting_place")


def test_the_pizza_splits_fees_and_government(pizza):
    fees = paid(pizza, "residents", "meeting_place")
    members = pizza.series[(pizza.series.arm == "scenario")
                           & (pizza.series.series == "members.meeting_place")].value.sum()
    assert fees == pytest.approx(10.0 * members, rel=0.05), "residents pay the fee per member"
    assert paid(pizza, "wmo", "meeting_place") > 0


def test_the_pizza_loses_its_volunteer_slice():
    none = run("pizza", **{"volunteers.recruit_annual": 0.0})
    assert series(none, "quality.meeting_place") == 0, "no volunteers: no meeting place"


# -- right to challenge ------------------------------------------------------------------
RTC = {"horizon_years": 4, "initiatives.cooperatie.capacity": 20}


def hbh_formal(res) -> float:
    c = res.costs[(res.costs.arm == "scenario") & (res.costs.service == "huishoudelijke_hulp")]
    return float(c.eur.sum())


def test_a_cooperative_with_the_people_takes_over_and_delivers():
    res = run("right_to_challenge", **RTC)
    none = run("right_to_challenge", **RTC, **{"financing.regime": "siloed"})
    assert decisions(res, "challenge accepted") == 2
    assert hbh_formal(res) < 0.8 * hbh_formal(none), "the formal provider delivers much less"
    coop = res.costs[(res.costs.arm == "scenario") & (res.costs.service == "cooperatie")]
    assert coop.eur.sum() > paid(none, "wmo", "cooperatie"), "the cooperative is paid for it"


def test_a_cooperative_without_the_people_is_refused():
    few = run("right_to_challenge", **RTC, **{"financing.right_to_challenge.hours_per_volunteer": 0.5})
    assert decisions(few, "challenge accepted") == 0
    assert decisions(few, "challenge refused: too few people") > 0
    none = run("right_to_challenge", **RTC, **{"financing.regime": "siloed"})
    # the formal provider keeps the service (what differs comes only from the people the
    # cooperative drew from the volunteer pool for its bid, away from other initiatives)
    assert hbh_formal(few) == pytest.approx(hbh_formal(none), rel=0.05)


def test_a_bid_that_is_not_cheaper_is_refused():
    dear = run("right_to_challenge", **RTC, **{"financing.right_to_challenge.cost_share": 1.1})
    assert decisions(dear, "challenge accepted") == 0
    assert decisions(dear, "challenge refused: not cheaper") > 0


def test_too_few_people_deliver_less_and_the_municipality_takes_it_back():
    """Accepted on a plan (no capacity asked), but its people cover only part of the volume:
    it delivers what they can, then fails and the service returns at a cost."""
    weak = {"financing.right_to_challenge.capacity_required": 0.0,
            "financing.right_to_challenge.hours_per_volunteer": 4.0,
            "financing.right_to_challenge.fail_below": 0.9,
            "financing.right_to_challenge.rebid_after_years": 10}
    res = run("right_to_challenge", **RTC, **weak)
    strong = run("right_to_challenge", **RTC)
    assert decisions(res, "challenge accepted") == 2
    assert decisions(res, "service taken back") == 2
    coop = lambda r: r.costs[(r.costs.arm == "scenario")  # noqa: E731
                             & (r.costs.service == "cooperatie")].eur.sum()
    assert coop(res) < coop(strong), "it delivers (and is paid for) less"
    assert hbh_formal(res) > hbh_formal(strong), "the formal provider delivers it again"


# -- social impact bond ------------------------------------------------------------------
def test_expected_return_analytic():
    assert success_probability(1.0, 1.0, 0.5) == pytest.approx(0.5)
    assert expected_yearly_return(1.0, 0.08, 5) == pytest.approx(0.08)
    assert expected_yearly_return(0.5, 0.08, 5) == pytest.approx(
        (0.5 * 1.08 ** 5) ** 0.2 - 1)
    assert expected_yearly_return(0.0, 0.08, 5) == -1


def investor_paid(res) -> float:
    return paid(res, "investor", "dorpsondersteuner")


def test_an_investor_below_its_hurdle_does_not_invest():
    sib: dict = {}   # the shipped bond: 5 years, 8% on success, hurdle 4%, business case 1.5
    yes = run("social_impact_bond", **sib)
    no = run("social_impact_bond", **sib, **{"financing.social_impact_bond.hurdle_rate": 0.2})
    assert decisions(yes, "invest") == 2 and investor_paid(yes) > 0
    assert decisions(no, "decline") == 2 and investor_paid(no) == 0
    pessimist = run("social_impact_bond", **sib,
                    **{"financing.social_impact_bond.expected_savings_ratio": 0.5})
    assert investor_paid(pessimist) == 0, "a poor business case does not clear a 4% hurdle"


def test_social_impact_bond_repays_on_success_only():
    bond = {"financing.social_impact_bond.term_years": 3,
            "financing.social_impact_bond.return_rate": 0.05,
            "financing.social_impact_bond.hurdle_rate": -1.0}   # invests whatever it expects
    win = run("social_impact_bond", **bond, **{"financing.social_impact_bond.target_share": 0.0})
    lose = run("social_impact_bond", **bond,
               **{"financing.social_impact_bond.target_share": 100.0})

    def investor(res):
        c = res.costs[(res.costs.arm == "scenario") & (res.costs.payer == "investor")]
        return c.groupby(["replication", "service"]).eur.sum().unstack("service", fill_value=0.0)
    w, l = investor(win), investor(lose)
    assert (w.dorpsondersteuner > 0).all(), "the investor pays the initiative during the term"
    assert np.allclose(w.dorpsondersteuner, l.dorpsondersteuner), "same investment"
    repaid = -w.get("transfers", 0 * w.dorpsondersteuner)
    ok = np.isclose(repaid, w.dorpsondersteuner * 1.05 ** 3) | np.isclose(repaid, 0)
    assert ok.all(), "either repaid with 5% a year over 3 years, or not at all"
    assert (repaid > 0).any(), "with no target, measured savings >= 0 repay the bond"
    assert "transfers" not in l or (l.transfers == 0).all(), "no repayment when missed"
    assert not math.isnan(w.dorpsondersteuner.sum())


def test_the_government_slice_follows_its_own_review(pizza):
    """A municipality that reviews its line and finds it not worth it stops paying its
    slice: the pizza shrinks to what the fees pay for."""
    # a strict and quick reviewer: first review after a year, stops at the first failure
    strict = run("pizza", **{"payers.wmo.rule": "own_benefit", "payers.wmo.continue_ratio": 100.0,
                             "payers.wmo.first_review_years": 1, "payers.wmo.stop_after": 1})
    assert decisions(strict, "stop") > 0, "the Wmo stops its line at a review"
    wmo_late = strict.costs[(strict.costs.arm == "scenario") & (strict.costs.payer == "wmo")
                            & (strict.costs.service == "meeting_place")
                            & (strict.costs.year >= strict.costs.year.max() - 1)]
    assert wmo_late.eur.sum() == pytest.approx(0, abs=1e-6), "no government slice any more"
    assert series(strict, "scale.meeting_place") < 0.5 * series(pizza, "scale.meeting_place")
