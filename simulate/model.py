"""One arm of one replication: a SimPy environment, the monthly step and the few discrete events.

The monthly step is one SimPy process that advances every resident at once with numpy; the
initiatives' life cycles and changes in the number of beds are SimPy processes of their own.
:func:`simulate_arm` is a pure function of (scenario, seed, replication): it never changes the
scenario and returns plain arrays in an :class:`ArmResult`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import simpy

from .care.beds import BedQueue
from .care.services import MonthCounts, ServiceTable, monthly_costs, state_counts
from .data import AGE_BANDS
from .financing.ledger import Ledger
from .invariants import check_arm
from .initiatives.base import ActiveInitiative, combined_effects, make_initiatives
from .population import demography as demo
from .population import health
from .population.rates import make_rates
from .population.residents import N_BANDS, N_STATES, initial_residents
from .scenario.schema import EVENTS, PAYERS, Scenario
from .streams import Streams

EV = {e: i for i, e in enumerate(EVENTS)}
RESIDENTS = PAYERS.index("residents")


@dataclass
class ArmResult:
    """Everything one arm produced, as arrays indexed by the axes named in the docstrings."""
    eur: np.ndarray         # [year, payer, service] EUR
    cost: np.ndarray        # [year, service] EUR
    hours: np.ndarray       # [year, kind] hours of unpaid help
    events: np.ndarray      # [year, event, age_band, sex, state] counts
    census: np.ndarray      # [census, age_band, sex, state] residents on 1 January (+ the end)
    monthly: dict[str, np.ndarray] = field(default_factory=dict)  # per-month series
    flows: dict[str, int] = field(default_factory=dict)


class _Arm:
    """The state of one arm while it runs (kept out of the public API)."""

    def __init__(self, sc: Scenario, streams: Streams, services: tuple[str, ...]):
        self.sc, self.streams = sc, streams
        self.rates = make_rates(sc)
        self.table = ServiceTable.from_scenario(sc)
        self.inits: list[ActiveInitiative] = make_initiatives(sc)
        self.beds = BedQueue(sc)
        self.res = initial_residents(sc, streams.generator("population.initial", -1))
        months, years = sc.months, -(-sc.months // 12)
        self.svc_index = np.array([services.index(n) for n in self.table.names], dtype=int)
        self.init_index = {i.name: services.index(i.name) for i in self.inits}
        self.ledger = Ledger(months, services)
        self.events = np.zeros((years, len(EVENTS), N_BANDS, 2, N_STATES), dtype=np.int64)
        self.census = np.zeros((years + 1, N_BANDS, 2, N_STATES), dtype=np.int64)
        self.series = {k: np.zeros(months) for k in ("residents", "waiting", "beds")}
        for ini in self.inits:
            self.series[f"members.{ini.name}"] = np.zeros(months)
        self.flows = {"start": int(self.res.alive().sum()), "birth": 0, "move_in": 0,
                      "death": 0, "move_out": 0}

    # -- counting -------------------------------------------------------------------
    def tally(self, month: int, event: str, mask_or_idx: np.ndarray, state: np.ndarray,
              band: np.ndarray, sex: np.ndarray) -> int:
        idx = np.flatnonzero(mask_or_idx) if mask_or_idx.dtype == bool else mask_or_idx
        if len(idx):
            flat = (band[idx] * 2 + sex[idx]) * N_STATES + np.minimum(state[idx], N_STATES - 1)
            self.events[month // 12, EV[event]] += np.bincount(
                flat, minlength=N_BANDS * 2 * N_STATES).reshape(N_BANDS, 2, N_STATES)
        return len(idx)

    def take_census(self, k: int) -> None:
        r = self.res
        alive = r.alive()
        flat = (r.age_band()[alive] * 2 + r.view("sex")[alive]) * N_STATES + r.view("state")[alive]
        self.census[k] = np.bincount(flat, minlength=N_BANDS * 2 * N_STATES).reshape(
            N_BANDS, 2, N_STATES)

    # -- one month ------------------------------------------------------------------
    def step(self, m: int) -> None:
        r, sc, st = self.res, self.sc, self.streams
        n = r.n
        if m % 12 == 0:
            self.take_census(m // 12)
        uni = {k: st.uniform(k, m, n) for k in (
            "health.ladder", "health.wlz_choice", "health.loneliness", "care.informal",
            "acute.fall", "acute.fall_outcome", "acute.ed", "acute.hospital",
            "demography.out_migration")}
        for ini in self.inits:
            ini.step(r, st.uniform(f"initiative.{ini.name}", m, n))
        fx = combined_effects(self.inits, r)
        mo = health.Month.of(r, m)
        state0, band, sex = mo.s.copy(), mo.band, mo.sex
        health.loneliness_step(r, mo, sc, uni["health.loneliness"], fx)
        hours, drop = health.informal_care_step(r, mo, sc, uni["care.informal"], fx)
        self.ledger.add_hours(m, "informal_care", hours)
        self.tally(m, "carer_dropout", drop, state0, band, sex)
        acute = health.acute_step(r, mo, sc, self.rates, {k.split(".")[1]: v for k, v in uni.items()
                                                          if k.startswith("acute.")}, fx)
        for ev, mask in acute.items():
            self.tally(m, ev, mask, state0, band, sex)
        lad = health.ladder_step(r, mo, sc, self.rates, uni["health.ladder"],
                                 uni["health.wlz_choice"], fx)
        self.flows["death"] += self.tally(m, "death", lad["death"], state0, band, sex)
        self.tally(m, "wlz_indication", lad["wlz_indication"], state0, band, sex)
        admitted = self.beds.admit(r)
        self.tally(m, "nursing_home_admission", admitted, r.view("state"), band, sex)
        out = demo.out_migration(r, mo, self.rates, uni["demography.out_migration"])
        self.flows["move_out"] += self.tally(m, "move_out", out, state0, band, sex)
        self.newcomers(m)
        self.book(m, acute, lad)
        demo.age_one_month(r)
        self.series["residents"][m] = r.alive().sum()
        self.series["waiting"][m] = r.view("waiting").sum()
        self.series["beds"][m] = self.beds.beds
        for ini in self.inits:
            self.series[f"members.{ini.name}"][m] = ini.members(r).sum()

    def newcomers(self, m: int) -> None:
        r = self.res
        born = demo.births(r, self.sc, self.streams.generator("demography.births", m))
        came = demo.in_migration(r, self.sc, self.streams.generator("demography.in_migration", m),
                                 month=m)
        for ev, idx in (("birth", born), ("move_in", came)):
            self.flows[ev] += self.tally(m, ev, idx, r.view("state"), r.age_band(), r.view("sex"))

    def book(self, m: int, acute: dict, lad: dict) -> None:
        r, t = self.res, self.table
        state = r.view("state")
        alive = state < N_STATES
        ev = np.zeros(len(EVENTS))
        for name, mask in acute.items():
            ev[EV[name]] = mask.sum()
        ev[EV["death"]] = lad["death"].sum()
        reduction = np.zeros(len(t.names))
        for ini in self.inits:
            if ini.running:
                reduction += self.use_reduction(ini, state)
        counts = MonthCounts(by_state=state_counts(state),
                             no_carer=state_counts(state, alive & ~r.view("carer")),
                             waiting=int(r.view("waiting").sum()), events=ev,
                             use_reduction=reduction)
        cost, copay = monthly_costs(t, counts)
        self.ledger.add_cost(m, self.svc_index, cost)
        self.ledger.book(m, t.payer, self.svc_index, cost - copay)
        self.ledger.book(m, np.full(len(copay), RESIDENTS), self.svc_index, copay)
        for ini in self.inits:
            eur = ini.monthly_cost()
            if eur:
                j = self.init_index[ini.name]
                self.ledger.add_cost(m, j, eur)
                self.ledger.book(m, np.arange(len(PAYERS)), np.full(len(PAYERS), j),
                                 eur * ini.funding)

    def use_reduction(self, ini: ActiveInitiative, state: np.ndarray) -> np.ndarray:
        """Units of each service not used by an initiative's members this month."""
        mult = ini.spec.effects.service_use_multiplier
        out = np.zeros(len(self.table.names))
        if not mult:
            return out
        by_state = state_counts(state, ini.members(self.res))
        for j, name in enumerate(self.table.names):
            if name in mult:
                out[j] = (1 - mult[name]) * ini.strength * (self.table.use[j] @ by_state)
        return out

    def process(self, env: simpy.Environment):
        for m in range(self.sc.months):
            self.step(m)
            yield env.timeout(1)
        self.take_census(len(self.census) - 1)
        self.flows["end"] = int(self.res.alive().sum())


def service_axis(sc: Scenario) -> tuple[str, ...]:
    """The ledger's service axis: the scenario's services, then its initiatives."""
    return tuple(sc.services) + tuple(sc.initiatives)


def simulate_arm(sc: Scenario, seed: int, replication: int,
                 services: tuple[str, ...] | None = None) -> ArmResult:
    """Run one arm of one replication and return its arrays (the scenario is not changed)."""
    services = services or service_axis(sc)
    arm = _Arm(sc, Streams(seed, replication), services)
    env = simpy.Environment()
    for ini in arm.inits:
        env.process(ini.process(env))
    env.process(arm.beds.process(env))
    env.process(arm.process(env))
    env.run()
    arm.ledger.check()
    years = arm.events.shape[0]
    pad = years * 12 - sc.months

    def by_year(a: np.ndarray) -> np.ndarray:
        a = np.concatenate([a, np.zeros((pad,) + a.shape[1:])]) if pad else a
        return a.reshape((years, 12) + a.shape[1:]).sum(axis=1)

    result = ArmResult(eur=by_year(arm.ledger.eur), cost=by_year(arm.ledger.cost),
                       hours=by_year(arm.ledger.hours), events=arm.events,
                       census=arm.census, monthly=arm.series, flows=arm.flows)
    check_people(result)
    check_arm(result, arm.res, sc.care.nursing_home_beds)
    return result


class PopulationError(AssertionError):
    """People were created or lost outside births, deaths and migration."""


def check_people(r: ArmResult) -> None:
    """start + births + moved in - deaths - moved out = end, and the final census agrees."""
    f = r.flows
    expected = f["start"] + f["birth"] + f["move_in"] - f["death"] - f["move_out"]
    if expected != f["end"] or int(r.census[-1].sum()) != f["end"]:
        raise PopulationError(f"population not conserved: {f}")


__all__ = ["simulate_arm", "ArmResult", "service_axis", "AGE_BANDS"]
