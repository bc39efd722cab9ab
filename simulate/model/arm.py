"""One arm of one replication: a SimPy environment, the monthly step and the few discrete events.

The monthly step is one SimPy process that advances every resident at once with numpy; the
initiatives' life cycles, the yearly budget moment of the payers and changes in the number of
beds are SimPy processes of their own. :func:`simulate_arm` is a pure function of (scenario,
seed, replication[, the counterfactual's costs]): it never changes the scenario and returns
plain arrays in an :class:`ArmResult`.
"""
from __future__ import annotations

import numpy as np
import simpy

from simulate.model.care.beds import BedQueue, outside_counts, placed_outside
from simulate.model.care.services import (
    MonthCounts,
    ServiceTable,
    monthly_costs,
    moved_away,
    service_units,
    service_users,
    state_counts,
)
from simulate.model.financing.ledger import TRANSFERS, Ledger
from simulate.model.financing.runtime import Financing
from simulate.model.initiatives.base import (
    COLLAPSED,
    ActiveInitiative,
    combined_effects,
    make_initiatives,
)
from simulate.model.initiatives.volunteers import volunteer_step
from simulate.model.invariants import check_arm
from simulate.model.population import demography as demo
from simulate.model.population import health
from simulate.model.population.insurance import Insurance
from simulate.model.population.rates import make_rates
from simulate.model.population.residents import N_BANDS, N_STATES, WLZ_HOME, initial_residents
from simulate.model.result import ArmResult
from simulate.model.streams import Streams
from simulate.scenario.schema import EVENTS, PAYERS, STATES, Scenario

EV = {e: i for i, e in enumerate(EVENTS)}
#: Cells of the event and census counts: age band x sex x care state.
N_CELLS = N_BANDS * 2 * N_STATES
RESIDENTS = PAYERS.index("residents")
ZVW = PAYERS.index("zvw")
PER_PERSON_STREAMS = ("health.ladder", "health.wlz_choice", "health.loneliness",
                      "care.informal", "acute.fall", "acute.fall_outcome", "acute.ed",
                      "acute.hospital", "demography.out_migration")


def cells(band: np.ndarray, sex: np.ndarray, state: np.ndarray) -> np.ndarray:
    """Each slot's cell (age band, sex, care state) of the event and census counts; dead
    and moved-out slots count in their last care state."""
    return (band * 2 + sex) * N_STATES + np.minimum(state, N_STATES - 1)


class _Arm:
    """The state of one arm while it runs (kept out of the public API)."""

    def __init__(self, sc: Scenario, streams: Streams, services: tuple[str, ...],
                 reference: ArmResult | None):
        self.sc, self.streams, self.reference = sc, streams, reference
        self.rates = make_rates(sc)
        self.table = ServiceTable.from_scenario(sc)
        self.inits: list[ActiveInitiative] = make_initiatives(sc)
        self.beds = BedQueue(sc)
        self.res = initial_residents(sc, streams.generator("population.initial", -1))
        self.insurance = Insurance(sc)
        self.insurance.assign(self.res, np.arange(self.res.n),
                              streams.uniform("insurance.initial", -1, self.res.n))
        months, years = sc.months, -(-sc.months // 12)
        self.services = services
        self.svc_index = np.array([services.index(n) for n in self.table.names], dtype=int)
        self.care_mask = np.isin(services, self.table.names)
        self.init_mask = np.isin(services, [i.name for i in self.inits])
        self.health_mask = np.isin(services, np.array(self.table.names)[self.table.health_based])
        self.ledger = Ledger(months, services)
        self.insurer_eur = np.zeros((months, self.insurance.k))
        self.financing = Financing(sc, self)
        self.events = np.zeros((years, len(EVENTS), N_BANDS, 2, N_STATES), dtype=np.int64)
        self.census = np.zeros((years + 1, N_BANDS, 2, N_STATES), dtype=np.int64)
        names = ["residents", "waiting", "beds", "beds_outside", "lonely", "carers_overburdened",
                 *(f"state.{s}" for s in STATES)]
        for ini in self.inits:
            names += [f"{k}.{ini.name}" for k in ("members", "volunteers", "hours", "scale",
                                                  "quality")]
        self.series = {k: np.zeros(months) for k in names}
        self.flows = {"start": int(self.res.alive().sum()), "birth": 0, "move_in": 0,
                      "death": 0, "move_out": 0}
        self._units = np.zeros(len(self.table.names))
        self._users = np.zeros(len(self.table.names))
        # fixed per arm: which slot states count as overburdening their carer (dead and
        # moved-out slots never do), read by :meth:`record` every month
        ic = sc.informal_care
        hours = np.array([ic.hours_per_month.get(x, 0) for x in STATES] + [0, 0])
        self._heavy = hours > ic.overburden_hours
        self._ev_codes: list[np.ndarray] = []  # this month's events, flushed by tally_month

    # -- views used by the financing ----------------------------------------------------
    def initiative(self, name: str) -> ActiveInitiative | None:
        return next((i for i in self.inits if i.name == name), None)

    def own_years(self, y0: int, y1: int, health_only: bool = False) -> np.ndarray:
        """Own care costs per payer over years [y0, y1) (initiatives and transfers excluded);
        ``health_only``: only services whose use depends on care states or events."""
        mask = self.health_mask if health_only else self.care_mask
        return self.ledger.eur[12 * y0: 12 * y1][:, :, mask].sum(axis=(0, 2))

    def initiative_years(self, y0: int, y1: int) -> dict[str, float]:
        cols = self.ledger.cost[12 * y0: 12 * y1]
        return {i.name: float(cols[:, self.services.index(i.name)].sum()) for i in self.inits}

    def formal_units(self, j: int) -> float:
        """Units of service ``j`` the formal provider would deliver this month."""
        return float(self._units[j])

    def formal_users(self, j: int) -> float:
        """Residents who use service ``j`` this month (those who owe its eigen bijdrage)."""
        return float(self._users[j])

    # -- counting -------------------------------------------------------------------
    def tally(self, event: str, mask_or_idx: np.ndarray, cells: np.ndarray) -> int:
        """Count an event by (age band, sex, state): ``cells`` is each slot's cell
        (:func:`cells`); the counts are added up once a month by :meth:`tally_month`."""
        idx = np.flatnonzero(mask_or_idx) if mask_or_idx.dtype == bool else mask_or_idx
        return self.count(event, cells[idx])

    def count(self, event: str, cell_of_each: np.ndarray) -> int:
        """Count one event per entry of ``cell_of_each`` (the cells of those it happened to)."""
        if len(cell_of_each):
            self._ev_codes.append(cell_of_each + EV[event] * N_CELLS)
        return len(cell_of_each)

    def tally_month(self, month: int) -> None:
        """Add the month's events to their year, in one reduction."""
        if self._ev_codes:
            codes = np.concatenate(self._ev_codes)
            self.events[month // 12].reshape(-1)[:] += np.bincount(
                codes, minlength=len(EVENTS) * N_CELLS)
            self._ev_codes.clear()

    def take_census(self, k: int) -> None:
        r = self.res
        alive = r.alive()
        flat = (r.age_band()[alive] * 2 + r.view("sex")[alive]) * N_STATES + r.view("state")[alive]
        self.census[k] = np.bincount(flat, minlength=N_BANDS * 2 * N_STATES).reshape(
            N_BANDS, 2, N_STATES)

    # -- one month ------------------------------------------------------------------
    def step(self, m: int) -> None:
        r, sc, st = self.res, self.sc, self.streams
        if m % 12 == 0:
            self.take_census(m // 12)
            if m:
                self.insurance.switch_insurers(r, st.uniform("insurance.switch", m, r.n),
                                               st.uniform("insurance.switch_to", m, r.n))
        uni = {k: st.uniform(k, m, r.n) for k in PER_PERSON_STREAMS}
        self.run_initiatives(m)
        fx = combined_effects(self.inits, r)
        mo = health.Month.of(r, m)
        band, sex = mo.band, mo.sex
        cell0 = cells(band, sex, mo.s)  # cells at the start of the month (mo.s is a copy)
        health.loneliness_step(r, mo, sc, uni["health.loneliness"], fx)
        hours, drop = health.informal_care_step(r, mo, sc, uni["care.informal"], fx)
        self.ledger.add_hours(m, "informal_care", hours)
        self.tally("carer_dropout", drop, cell0)
        acute = health.acute_step(r, mo, sc, self.rates, {k.split(".")[1]: v for k, v in uni.items()
                                                          if k.startswith("acute.")}, fx)
        for ev, mask in acute.items():
            self.tally(ev, mask, cell0)
        lad = health.ladder_step(r, mo, sc, self.rates, uni["health.ladder"],
                                 uni["health.wlz_choice"], fx)
        self.flows["death"] += self.tally("death", lad["death"], cell0)
        self.tally("wlz_indication", lad["wlz_indication"], cell0)
        self.housing_instead_of_beds()
        admitted = self.beds.admit(r)
        self.count("nursing_home_admission",
                   cells(band[admitted], sex[admitted], r.view("state")[admitted]))
        placed = self.beds.place_outside(r, m, st.uniform("care.placement", m, r.n))
        self.tally("move_to_care", placed, cell0)
        out = demo.out_migration(r, mo, self.rates, uni["demography.out_migration"])
        self.flows["move_out"] += self.tally("move_out", out, cell0)
        self.newcomers(m)
        self.tally_month(m)
        self.book(m, acute, lad)
        demo.age_one_month(r)
        self.record(m)

    def run_initiatives(self, m: int) -> None:
        """Funding sets each initiative's scale; volunteers its quality; members come and go."""
        r, st = self.res, self.streams
        for ini in self.inits:
            self.financing.set_scale(m, ini)
            if ini.running and ini.collapses and ini.ramp == 0 and ini.scale <= 0:
                ini.status = COLLAPSED  # a restart needs someone to pay for it
                self.financing.log(m, ini.name, "-", "no funding to restart", float("nan"))
        coordinated = any(i.running and i.spec.type == "dorpsondersteuner" for i in self.inits)
        vol = volunteer_step(r, self.inits, self.sc.volunteers, st.uniform("volunteers.leave", m, r.n),
                             st.uniform("volunteers.join", m, r.n), coordinated)
        self.ledger.add_hours(m, "volunteer", sum(v for k, v in vol.items()
                                                  if k.startswith("hours.")))
        for ini in self.inits:
            was_member = ini.members(r)
            if ini.check_collapse():
                self.financing.log(m, ini.name, "-", "collapse", float("nan"))
            ini.step(r, st.uniform(f"initiative.{ini.name}", m, r.n))
            ini.last_members = int(ini.members(r).sum())
            ini.last_hours = vol[f"hours.{ini.name}"]
            self.series[f"volunteers.{ini.name}"][m] = vol[f"volunteers.{ini.name}"]
            self.series[f"hours.{ini.name}"][m] = vol[f"hours.{ini.name}"]
            if ini.spec.effects.replaces_bed:
                left = was_member & ~ini.members(r) & (r.view("state") == WLZ_HOME)
                r.view("waiting")[left] = True
                r.view("wait_since")[left] = m

    def housing_instead_of_beds(self) -> None:
        """Members of small-scale housing with a Wlz indication do not wait for a bed."""
        for ini in self.inits:
            if ini.running and ini.spec.effects.replaces_bed:
                self.res.view("waiting")[ini.members(self.res)] = False

    def newcomers(self, m: int) -> None:
        r = self.res
        first = r.n  # newcomers take the slots from here on
        born = demo.births(r, self.sc, self.streams.generator("demography.births", m))
        came = demo.in_migration(r, self.sc, self.streams.generator("demography.in_migration", m),
                                 month=m)
        new = np.concatenate([born, came])
        if len(new):
            u = np.empty(r.n, dtype=np.float32)  # only the newcomers' slots are read
            u[first:] = self.streams.uniform("insurance.newcomers", m, r.n, start=first)
            self.insurance.assign(r, new, u)
        for ev, idx in (("birth", born), ("move_in", came)):
            band = np.minimum(r.view("age_m")[idx] // 60, N_BANDS - 1)
            self.flows[ev] += self.count(ev, cells(band, r.view("sex")[idx],
                                                   r.view("state")[idx]))

    def book(self, m: int, acute: dict, lad: dict) -> None:
        """Costs of the month: services by use, minus what initiatives took over; then the
        initiatives' own costs and the regime's transfers."""
        r, t = self.res, self.table
        state = r.view("state")
        # counted once per insurer; the village's counts are their sums (whole numbers: exact)
        insured = self.insurance.counts(r, {**acute, "death": lad["death"]}, EV)
        counts = MonthCounts(by_state=insured.by_state.sum(axis=0).astype(float),
                             no_carer=insured.no_carer.sum(axis=0).astype(float),
                             waiting=int(insured.waiting.sum()),
                             events=insured.events.sum(axis=0),
                             by_band=insured.by_band.sum(axis=0).astype(float))
        units = service_units(t, counts)
        users = service_users(t, counts)
        if self.beds.follows_demand:  # clients placed in a bed elsewhere left the municipality
            gone = moved_away(t, outside_counts(r, {**acute, "death": lad["death"]}, EV))
            units, users = units - gone[0], users - gone[1]
        for ini in self.inits:
            if ini.running:
                units -= self.use_reduction(ini, state)
        self._units, self._users = units, users
        revenue: dict[str, np.ndarray] = {}
        change = self.financing.regime.service_changes(m)
        if change is not None:
            units = units - change.reduction
            users = users - change.copay_users
            revenue = change.revenue
        cost, copay = monthly_costs(t, units, users)
        self.ledger.add_cost(m, self.svc_index, cost)
        self.ledger.book(m, t.payer, self.svc_index, cost - copay)
        self.ledger.book(m, np.full(len(copay), RESIDENTS), self.svc_index, copay)
        self.book_initiatives(m, revenue)
        zvw_care = self.ledger.eur[m, ZVW][self.care_mask].sum()
        self.insurer_eur[m] = zvw_care * self.insurance.cost_shares(t, insured)
        transfers = self.financing.regime.month_transfers(m)
        if transfers is not None:
            self.ledger.transfer(m, transfers)

    def book_initiatives(self, m: int, revenue: dict[str, np.ndarray]) -> None:
        for ini in self.inits:
            j = self.services.index(ini.name)
            eur = ini.monthly_cost(ini.last_members)
            pay = self.financing.payments(m, ini, eur) if eur else np.zeros(len(PAYERS))
            extra = revenue.get(ini.name)
            if extra is not None:
                eur, pay = eur + extra.sum(), pay + extra
            if eur:
                self.ledger.add_cost(m, j, eur)
                self.ledger.book(m, np.arange(len(PAYERS)), np.full(len(PAYERS), j), pay)

    def use_reduction(self, ini: ActiveInitiative, state: np.ndarray) -> np.ndarray:
        """Units of each service not used by an initiative's members this month."""
        mult = ini.spec.effects.service_use_multiplier
        out = np.zeros(len(self.table.names))
        # members of housing with care live there: the house delivers their care in full
        # from the day they move in (VPT), whatever its start-up ramp
        q = 1.0 if ini.spec.effects.replaces_bed else ini.quality
        if not mult or q <= 0:
            return out
        by_state = state_counts(state, ini.members(self.res))
        for j, name in enumerate(self.table.names):
            if name in mult:
                out[j] = (1 - mult[name]) * q * (self.table.use[j] @ by_state)
        return out

    def record(self, m: int) -> None:
        r, s = self.res, self.series
        state = r.view("state")
        counts = np.bincount(state, minlength=N_STATES + 2)
        s["residents"][m] = counts[:N_STATES].sum()
        for k, name in enumerate(STATES):
            s[f"state.{name}"][m] = counts[k]
        s["waiting"][m] = r.view("waiting").sum()
        s["beds"][m] = self.beds.beds
        s["beds_outside"][m] = placed_outside(r)
        s["lonely"][m] = (r.view("lonely") & (state < N_STATES)).sum()
        s["carers_overburdened"][m] = (self._heavy[state] & r.view("carer")).sum()
        for ini in self.inits:
            s[f"members.{ini.name}"][m] = ini.last_members
            s[f"scale.{ini.name}"][m] = ini.scale if ini.running else 0.0
            s[f"quality.{ini.name}"][m] = ini.quality

    def process(self, env: simpy.Environment):
        for m in range(self.sc.months):
            self.step(m)
            yield env.timeout(1)
        self.take_census(len(self.census) - 1)
        self.flows["end"] = int(self.res.alive().sum())


def service_axis(sc: Scenario) -> tuple[str, ...]:
    """The ledger's service axis: the scenario's services, its initiatives, then transfers."""
    return tuple(sc.services) + tuple(sc.initiatives) + (TRANSFERS,)


def simulate_arm(sc: Scenario, seed: int, replication: int,
                 services: tuple[str, ...] | None = None,
                 reference: ArmResult | None = None) -> ArmResult:
    """Run one arm of one replication and return its arrays (the scenario is not changed).

    ``reference`` is the counterfactual arm's result (same service axis): payers estimate
    their savings against it. Without it, payers keep funding as planned.
    """
    services = services or service_axis(sc)
    arm = _Arm(sc, Streams(seed, replication), services, reference)
    env = simpy.Environment()
    # Order within a month. SimPy fires events due at the same time in the order they were
    # scheduled. Every month the initiatives resume before the arm's step (registered first,
    # each waits exactly one month), so a month's step sees that month's initiative status
    # and ramp. Events scheduled further ahead (the financing's year end, a dated change in
    # beds, an initiative's start) were scheduled before those one-month waits, so at a year
    # boundary they come first: the reviews and the settlement of year y, and a bed change
    # dated that month, take effect before month 12 * (y + 1) is simulated.
    for ini in arm.inits:
        env.process(ini.process(env, sc.months))
    env.process(arm.financing.process(env, sc.months))
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
                       census=arm.census, monthly=arm.series, flows=arm.flows,
                       decisions=arm.financing.decisions, services=services,
                       insurer_eur=by_year(arm.insurer_eur))
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


__all__ = ["simulate_arm", "ArmResult", "service_axis"]
