"""The monthly steps compute exact hazards only for the residents whose uniform is below a
bound of their cell (``population.bounds``, issue 15). The bound must be above every
resident's probabilities whatever their risk factors and multipliers, and each step must
give exactly what its whole-array form gives (every resident's hazards computed)."""
from __future__ import annotations

import numpy as np
import pytest

import simulate
from simulate.experiments.psa import drawn_pair, fitted_parameters
from simulate.model.population import health
from simulate.model.population.bounds import ladder_bound, ladder_cells, ladder_table
from simulate.model.population.groups import GroupedResidents
from simulate.model.population.params import GroupParams
from simulate.model.population.rates import MAX_AGE, make_rates, monthly
from simulate.model.population.residents import (
    DEAD,
    GONE,
    HOMECARE,
    N_STATES,
    WLZ_HOME,
    initial_residents,
)
from simulate.model.streams import Streams

F32 = np.float32


def drawn_groups(n: int = 4, overrides: dict | None = None):
    """The scenarios of ``n`` replications with their own drawn parameters."""
    sc = simulate.load_scenario("village", {"population.size": 400, **(overrides or {})})
    fitted = fitted_parameters(sc)
    return [drawn_pair(sc, 5, r, fitted)[0] for r in range(n)]


def population(scenarios, rng):
    """Residents of every group with their risk factors, states and ages shuffled."""
    res = GroupedResidents(len(scenarios), 700)
    for k, sc in enumerate(scenarios):
        res.place(k, initial_residents(sc, Streams(5, k).generator("population.initial", -1)))
    n = res.n
    used = res.view("state") != GONE
    res.view("state")[used] = rng.choice([0, 1, 2, 3, 4, 5, DEAD], used.sum(),
                                         p=[.3, .2, .15, .15, .08, .07, .05])
    for name in ("lonely", "carer", "low_income"):
        res.view(name)[:] = rng.random(n) < 0.4
    res.view("hip_m")[:] = np.where(rng.random(n) < 0.2, rng.integers(1, 13, n), 0)
    res.view("age_m")[:] = rng.integers(0, 125 * 12, n)
    return res


def whole_array_ladder(res, mo, par, u, u_home, fx):
    """The care ladder with every living resident's hazards computed (the form before the
    bound): what ``health.ladder_step`` must give."""
    live = mo.live
    s, age_y = mo.s[live], mo.age_y[live]
    hip_m = res.view("hip_m")
    hip = hip_m[live] > 0
    code = health.risk_code(res, hip, live)
    year = min(mo.m // 12, par.death_years - 1)
    h_death = (par.at("death_by_year", year, mo.sex[live], age_y, where=live)
               * par.at("death_state", s, where=live) * par.at("death_risk", code, where=live))
    h_death[hip] += par.at("hip_death", where=live[hip])
    h_up = (par.at("up", np.minimum(s, HOMECARE), age_y, where=live)
            * par.at("prog_risk", code, where=live))
    if not np.isscalar(fx.progression):
        h_up *= np.asarray(fx.progression)[live]
    h_up = np.where(s >= WLZ_HOME, F32(0), h_up)
    p_down = par.at("p_down", s, where=live)
    ul = u[live]
    p_death, p_up = monthly(h_death), monthly(h_up)
    die_l = ul < p_death
    cum = p_death + p_up
    up_l = ~die_l & (ul < cum)
    down_l = ~die_l & ~up_l & (ul < cum + p_down)
    die, up, down = (np.zeros(len(mo.alive), dtype=bool) for _ in range(3))
    die[live[die_l]], up[live[up_l]], down[live[down_l]] = True, True, True
    indicated = up & (mo.s == HOMECARE)
    state = mo.state
    np.add(state, up, out=state, casting="unsafe")
    np.subtract(state, down, out=state, casting="unsafe")
    waiting = res.view("waiting")
    wants_bed = indicated & (u_home >= par.at("stay_home"))
    waiting |= wants_bed
    res.view("wait_since")[wants_bed] = mo.m
    np.copyto(state, DEAD, where=die)
    waiting &= ~die
    np.subtract(hip_m, hip_m > 0, out=hip_m, casting="unsafe")
    return {"death": die, "wlz_indication": indicated, "up": up, "down": down}


def test_the_ladders_cell_bound_is_above_every_residents_bound():
    rng = np.random.default_rng(11)
    scenarios = drawn_groups(4)
    res = population(scenarios, rng)
    par = GroupParams(scenarios, [make_rates(sc) for sc in scenarios], res.group)
    assert not par.same("up"), "the groups should differ in their numbers"
    n = res.n
    for year, fx in ((0, 1.0), (3, rng.uniform(0, 3, n).astype(F32)),
                     (19, rng.uniform(0, 0.5, n).astype(F32))):
        sex = rng.integers(0, 2, n).astype(np.int8)
        s = rng.integers(0, N_STATES, n).astype(np.int8)
        hip = rng.random(n) < 0.3
        age_y = rng.integers(0, MAX_AGE, n)
        code = rng.integers(0, 8, n) | (hip.astype(np.int64) << 3)
        h_death = (par.at("death_by_year", year, sex, age_y) * par.at("death_state", s)
                   * par.at("death_risk", code))
        h_death[hip] += par.at("hip_death")
        h_up = par.at("up", np.minimum(s, HOMECARE), age_y) * par.at("prog_risk", code)
        if not np.isscalar(fx):
            h_up *= fx
        h_up = np.where(s >= WLZ_HOME, F32(0), h_up)
        own = ladder_bound(h_death, h_up, par.at("p_down", s))
        cell = ladder_table(par, year, fx).take(ladder_cells(par, sex, s, hip, age_y,
                                                             par.death_ages))
        assert (cell >= own).all()
        assert (cell < 1).mean() > 0.5   # and it is a bound worth having


@pytest.mark.parametrize("progression", ["none", "members", "non-finite"])
def test_the_ladder_gives_exactly_its_whole_array_form(progression):
    rng = np.random.default_rng({"none": 1, "members": 2, "non-finite": 3}[progression])
    scenarios = drawn_groups(3, {"health.hip_fracture_multiplier": 3.0})
    got, want = population(scenarios, rng), population(scenarios, np.random.default_rng(
        {"none": 1, "members": 2, "non-finite": 3}[progression]))
    par = GroupParams(scenarios, [make_rates(sc) for sc in scenarios], got.group)
    fx = health.PersonEffects()
    if progression != "none":
        fx.progression = np.where(rng.random(got.n) < 0.3, F32(0.5), F32(1.0)).astype(F32)
        if progression == "non-finite":
            fx.progression[:5] = np.inf
    moved = 0
    for m in (0, 30, 250):
        u = (rng.random(got.n) ** 3).astype(F32)   # many residents below their probability
        u_home = rng.random(got.n).astype(F32)
        a = health.ladder_step(got, health.Month.of(got, m), par, u, u_home, fx)
        b = whole_array_ladder(want, health.Month.of(want, m), par, u, u_home, fx)
        for k in b:
            assert np.array_equal(a[k], b[k]), k
            moved += int(b[k].sum())
        for name in ("state", "waiting", "wait_since", "hip_m"):
            assert np.array_equal(got.view(name), want.view(name)), name
    assert moved > 300


def whole_array_loneliness(res, mo, par, u, fx):
    """Loneliness with every living resident's probability computed."""
    live = mo.live
    lonely = res.view("lonely")
    alone = res.view("alone")[live].view(np.uint8)
    p_on = (par.at("p_lonely_on", alone, where=live) if np.isscalar(fx.lonely_onset) else
            monthly(par.at("lonely_on", alone, where=live)
                    * np.asarray(fx.lonely_onset, F32)[live]))
    p_off = (par.at("p_lonely_off", where=live) if np.isscalar(fx.lonely_recovery) else
             monthly(par.at("lonely_off", where=live)
                     * np.asarray(fx.lonely_recovery, F32)[live]))
    flip = live[u[live] < np.where(lonely[live], p_off, p_on)]
    lonely[flip] = ~lonely[flip]


def whole_array_informal_care(res, mo, par, u, fx):
    """Informal care with every living resident's probabilities computed."""
    live = mo.live
    carer = res.view("carer")
    s = mo.s[live]
    helped = carer[live]
    need = par.at("need", s, where=live)
    by_state = np.bincount(par.group[live[helped]] * N_STATES + s[helped],
                           minlength=par.groups * N_STATES).reshape(par.groups, N_STATES)
    hours = np.array([float(by_state[g] @ par.values("need")[g]) for g in range(par.groups)])
    ul = u[live]
    p_drop = (par.at("p_carer_drop", where=live) if np.isscalar(fx.carer_dropout) else
              monthly(par.at("carer_drop", where=live)
                      * np.asarray(fx.carer_dropout, F32)[live]))
    drop_l = helped & par.at("over", s, where=live) & (ul < p_drop)
    p_new = (par.at("p_carer_new", where=live) if np.isscalar(fx.carer_found) else
             monthly(par.at("carer_new", where=live) + np.asarray(fx.carer_found, F32)[live]))
    new_l = ~helped & (need > 0) & (ul < p_new)
    drop = np.zeros(len(carer), dtype=bool)
    drop[live[drop_l]] = True
    carer[live[drop_l]] = False
    carer[live[new_l]] = True
    return hours, drop


def effects(kind: str, n: int, rng) -> health.PersonEffects:
    """No initiative, members with multipliers (above and below 1), only some multipliers
    per resident, or non-finite ones."""
    fx = health.PersonEffects()
    if kind == "none":
        return fx
    for name in ("lonely_onset", "lonely_recovery", "carer_dropout"):
        setattr(fx, name, np.where(rng.random(n) < 0.3, F32(rng.uniform(0.3, 2.5)), F32(1)))
    fx.carer_found = np.where(rng.random(n) < 0.3, F32(0.4), F32(0))
    if kind == "non-finite":
        fx.lonely_onset[:3] = np.inf
        fx.carer_found[3:6] = np.nan
    if kind == "one":   # one multiplier of each step per resident, the other plain
        fx.lonely_onset, fx.carer_found = 1.0, 0.0
    return fx


@pytest.mark.parametrize("kind", ["none", "members", "one", "non-finite"])
def test_loneliness_and_informal_care_give_exactly_their_whole_array_form(kind):
    seed = {"none": 1, "members": 2, "one": 3, "non-finite": 4}[kind]
    scenarios = drawn_groups(3, {"loneliness.recovery_annual": 0.5})
    got, want = (population(scenarios, np.random.default_rng(seed)) for _ in range(2))
    par = GroupParams(scenarios, [make_rates(sc) for sc in scenarios], got.group)
    rng = np.random.default_rng(seed + 10)
    fx = effects(kind, got.n, rng)
    changed = 0
    for m in (0, 7):
        u = (rng.random(got.n) ** 3).astype(F32)
        health.loneliness_step(got, health.Month.of(got, m), par, u, fx)
        whole_array_loneliness(want, health.Month.of(want, m), par, u, fx)
        assert np.array_equal(got.view("lonely"), want.view("lonely"))
        u = (rng.random(got.n) ** 3).astype(F32)
        hours, drop = health.informal_care_step(got, health.Month.of(got, m), par, u, fx)
        carer = want.view("carer").copy()
        hours_w, drop_w = whole_array_informal_care(want, health.Month.of(want, m), par, u, fx)
        assert np.array_equal(hours, hours_w) and np.array_equal(drop, drop_w)
        assert np.array_equal(got.view("carer"), want.view("carer"))
        changed += int((got.view("carer") != carer).sum())
    assert changed > 100


def whole_array_acute(res, mo, par, u, fx):
    """Acute events with every resident at risk computed in full."""
    live = mo.live
    risk = live[mo.age_y[live] >= par.at("acute_min_age", where=live)]
    s = mo.s[risk]
    w = res.view("waiting")[risk].view(np.uint8)
    p_fall = (par.at("p_fall", s, where=risk) if np.isscalar(fx.fall) else
              monthly(par.at("fall", s, where=risk) * np.asarray(fx.fall, F32)[risk]))
    fall = u["fall"][risk] < p_fall
    hip_p = par.at("hip_per_fall", mo.age_y[risk], where=risk)
    outcome = u["fall_outcome"][risk]
    hip = fall & (outcome < hip_p)
    fall_ed = fall & ~hip & (outcome < hip_p + par.at("fall_to_ed", where=risk))
    ed = fall_ed | (u["ed"][risk] < par.at("p_ed", w, s, where=risk))
    hospital = ~hip & (u["hospital"][risk] < par.at("p_hospital", w, s, where=risk))
    res.view("hip_m")[risk[hip]] = 12
    out = {}
    for name, mask in (("fall", fall), ("hip_fracture", hip), ("ed_visit", ed),
                       ("hospital_admission", hospital)):
        out[name] = np.zeros(len(mo.alive), dtype=bool)
        out[name][risk[mask]] = True
    return out


@pytest.mark.parametrize("shared", [True, False])
def test_acute_events_give_exactly_their_whole_array_form(shared):
    over = [{"acute.waiting_ed_multiplier": x, "acute.fall_to_ed": y}
            for x, y in ((1.5, 0.3), (3.0, 0.5), (1.0, 0.6))]
    scenarios = [simulate.load_scenario("village", {"population.size": 400,
                                                    **(over[0] if shared else o)})
                 for o in over]
    got, want = (population(scenarios, np.random.default_rng(8)) for _ in range(2))
    got.view("waiting")[:] = want.view("waiting")[:] = np.random.default_rng(9).random(
        got.n) < 0.3
    par = GroupParams(scenarios, [make_rates(sc) for sc in scenarios], got.group)
    assert par.same("p_ed") == shared
    rng = np.random.default_rng(10)
    events = 0
    for fall in (1.0, np.where(rng.random(got.n) < 0.4, F32(0.5), F32(1))):
        fx = health.PersonEffects(fall=fall)
        u = {k: (rng.random(got.n) ** 2).astype(F32)
             for k in ("fall", "fall_outcome", "ed", "hospital")}
        a = health.acute_step(got, health.Month.of(got, 5), par, u, fx)
        b = whole_array_acute(want, health.Month.of(want, 5), par, u, fx)
        assert a.keys() == b.keys()
        for k in b:
            assert np.array_equal(a[k], b[k]), k
            events += int(b[k].sum())
        assert np.array_equal(got.view("hip_m"), want.view("hip_m"))
    assert events > 200
