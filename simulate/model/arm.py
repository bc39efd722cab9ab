"""Arms advanced month by month, several groups at once: a SimPy environment, the monthly step
and the few discrete events.

A batch holds the residents of G groups (each one arm of one replication, in one area:
:mod:`simulate.model.population.groups`) in one struct of arrays. The monthly step advances
every resident of every group at once with numpy: the per-person draws (each group's own
numbers, :mod:`simulate.model.streams`), health, moving out and ageing, and the counts of
events and census by ``bincount`` over ``group * cells + cell``, and the newcomers (each group's
counts and people drawn from its own generators, then made, placed, insured and counted in one
pass), and the work of the groups' own parts on residents: the initiatives' members and
volunteers (:mod:`simulate.model.initiatives.batch`), the bed queues
(:mod:`simulate.model.care.beds`), and the services' units, costs and insurers' shares
(:mod:`simulate.model.care.batch`), booked into one array of every group's ledger
(:mod:`simulate.model.books`). What is a few numbers per group (an initiative's status and
scale, the financing's decisions and payments: :class:`GroupArm`) runs in a short loop over
groups; the initiatives' life cycles, the yearly budget moment of the payers and changes in
the number of beds are SimPy processes of each group. The numbers that differ between groups
(a replication's drawn parameters) are arrays over groups
(:mod:`simulate.model.population.params`).

:func:`simulate_arms` is a pure function of (scenarios, seed, replications[, the
counterfactuals' results]), and each group's result is exactly what :func:`simulate_arm` (the
one-group batch) gives for it alone: the batch only changes how many residents one numpy call
advances, never a number.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import simpy

from simulate.model.books import BatchBooks
from simulate.model.care import beds
from simulate.model.care.beds import outside_by_group
from simulate.model.financing.ledger import HOUR_KINDS, TRANSFERS
from simulate.model.group import EV, N_CELLS, GroupArm, cells
from simulate.model.initiatives.batch import InitiativeBatch
from simulate.model.invariants import check_arm
from simulate.model.kinds import batch_kind, batch_kinds, by_kind
from simulate.model.population import demography as demo
from simulate.model.population import health
from simulate.model.population.groups import GroupedResidents, GroupTable
from simulate.model.population.insurance import event_counts
from simulate.model.population.params import GroupParams
from simulate.model.population.rates import make_rates
from simulate.model.population.residents import (
    N_BANDS,
    N_STATES,
    initial_capacity,
    initial_residents,
)
from simulate.model.result import ArmResult, LiveReference, by_year
from simulate.model.streams import StreamFiller, Streams
from simulate.scenario.schema import EVENTS, Scenario

F32 = np.float32
PER_PERSON_STREAMS = ("health.ladder", "health.wlz_choice", "health.loneliness",
                      "care.informal", "acute.fall", "acute.fall_outcome", "acute.ed",
                      "acute.hospital", "demography.out_migration")
ACUTE = {k.split(".")[1]: k for k in PER_PERSON_STREAMS if k.startswith("acute.")}
INFORMAL_CARE = HOUR_KINDS.index("informal_care")


class _Batch:
    """The state of a batch of groups while it runs (kept out of the public API)."""

    def __init__(self, scenarios: Sequence[Scenario], seed: int, table: GroupTable,
                 services: tuple[str, ...], references: Sequence[ArmResult | int | None]):
        self.table, self.months = table, scenarios[0].months
        g = len(table)
        if any(sc.months != self.months for sc in scenarios):
            raise ValueError("the groups of a batch must share their horizon")
        streams = [Streams(seed, r, a) for a, r in zip(table.area, table.replication)]
        people = [initial_residents(sc, st.generator("population.initial", -1))
                  for sc, st in zip(scenarios, streams)]
        self.res = GroupedResidents(g, max(initial_capacity(sc.population.size)
                                           for sc in scenarios))
        for k, p in enumerate(people):
            self.res.place(k, p)
        self.codes: list[np.ndarray] = []   # this month's event codes, of every group
        self.books = BatchBooks(g, self.months, services)   # every group's ledger
        self.arms = [GroupArm(sc, st, services, None if isinstance(ref, int) else ref,
                              self.res.of(k), self.books.of(k))
                     for k, (sc, st, ref) in enumerate(zip(scenarios, streams, references))]
        years = -(-self.months // 12)
        for a, ref in zip(self.arms, references):
            if isinstance(ref, int):   # a group of this batch: read while both run
                r = self.arms[ref]
                a.reference = LiveReference(r.ledger.eur, r.insurer_eur, years, r.financing)
        self.books.attach(self.arms)
        self.initiatives = InitiativeBatch(self.res, self.arms)
        self.books.inits = self.initiatives.inits   # each group's, in the batch's order
        self.par = GroupParams(list(scenarios), [make_rates(sc) for sc in scenarios],
                               self.res.group)
        self.events = np.zeros((years, g, len(EVENTS), N_BANDS, 2, N_STATES), dtype=np.int64)
        self.census = np.zeros((years + 1, g, N_BANDS, 2, N_STATES), dtype=np.int64)
        self._layout = -1
        self.insurers = self.arms[0].insurance.k
        if any(a.insurance.k != self.insurers for a in self.arms):
            raise ValueError("the groups of a batch must have the same health insurers")
        self._buffers: dict[str, np.ndarray] = {}
        self._fillers: dict[str, list[StreamFiller]] = {}   # per stream, each group's
        self._cum_shares = [np.cumsum(a.insurance.shares) for a in self.arms]
        self._same_shares = all(np.array_equal(c, self._cum_shares[0])
                                for c in self._cum_shares[1:])

    # -- per-person draws and effects, placed in each group's block ---------------------
    def _check_layout(self) -> None:
        """After the groups' blocks grew: new draw buffers, the params' slot groups."""
        r = self.res
        if r.layout != self._layout:
            self._buffers = {k: np.ones(r.n, dtype=F32) for k in PER_PERSON_STREAMS}
            self.par.group = r.group
            self._layout = r.layout

    def draw(self, name: str, m: int, groups: Iterable[int] | None = None) -> np.ndarray:
        """Stream ``name``'s uniforms of month ``m`` for every slot: each group's own numbers
        for its slots in use (slot ``i`` of a group gets its ``i``-th number); only for the
        ``groups`` given (the other groups' slots hold earlier numbers: not to be read)."""
        r = self.res
        buf = self._buffers.get(name)
        if buf is None:
            buf = self._buffers[name] = np.ones(r.n, dtype=F32)
        fillers = self.fillers(name)
        block, counts = r.block, r.counts.tolist()
        for k in range(len(self.arms)) if groups is None else groups:
            s = k * block
            fillers[k].fill(m, buf[s: s + counts[k]])
        return buf

    def fillers(self, name: str) -> list[StreamFiller]:
        """Stream ``name`` of every group (kept: the batch draws it every month)."""
        fillers = self._fillers.get(name)
        if fillers is None:
            fillers = self._fillers[name] = [a.streams.filler(name) for a in self.arms]
        return fillers

    # -- counting -----------------------------------------------------------------------
    def tally(self, event: str, mask: np.ndarray, cell: np.ndarray) -> np.ndarray:
        """Count an event by (group, age band, sex, state); returns the count per group."""
        idx = np.flatnonzero(mask)
        self.tally_slots(event, idx, cell[idx])
        return np.bincount(self.res.group[idx], minlength=len(self.arms))

    def tally_slots(self, event: str, idx: np.ndarray, cell: np.ndarray) -> None:
        """Count an event of the slots ``idx`` (``cell``: theirs)."""
        if len(idx):
            self.codes.append(cell + EV[event] * N_CELLS
                              + self.res.group[idx] * (len(EVENTS) * N_CELLS))

    def tally_month(self, month: int) -> None:
        """Add the month's events of every group to their year, in one reduction."""
        if self.codes:
            codes = np.concatenate(self.codes)
            flat = self.events[month // 12].reshape(-1)   # a view: the year's counts
            if 2 * len(codes) < flat.size:   # a few events in many cells (many groups)
                np.add.at(flat, codes, 1)
            else:
                flat += np.bincount(codes, minlength=flat.size)
            self.codes.clear()

    def take_census(self, k: int) -> None:
        r = self.res
        alive = r.alive()
        flat = (r.group * N_CELLS + cells(r.age_band(), r.view("sex"), r.view("state")))[alive]
        self.census[k] = np.bincount(flat, minlength=self.census[k].size).reshape(
            self.census[k].shape)

    # -- one month ------------------------------------------------------------------------
    def step(self, m: int) -> None:
        r, par, arms = self.res, self.par, self.arms
        self._check_layout()
        if m % 12 == 0:
            self.take_census(m // 12)
        if m % 12 == 0 and m:   # January: residents may change insurers
            for a in arms:
                a.switch_insurers(m)
        fx = self.initiatives.month(m, self.draw)
        uni = {k: self.draw(k, m) for k in PER_PERSON_STREAMS}
        mo = health.Month.of(r, m)
        band, sex = mo.band, mo.sex
        cell0 = cells(band, sex, mo.s)  # cells at the start of the month (mo.s is a copy)
        health.loneliness_step(r, mo, par, uni["health.loneliness"], fx)
        hours, drop = health.informal_care_step(r, mo, par, uni["care.informal"], fx)
        self.tally("carer_dropout", drop, cell0)
        acute = health.acute_step(r, mo, par, {k: uni[v] for k, v in ACUTE.items()}, fx)
        for ev, mask in acute.items():
            self.tally(ev, mask, cell0)
        lad = health.ladder_step(r, mo, par, uni["health.ladder"], uni["health.wlz_choice"], fx)
        deaths = self.tally("death", lad["death"], cell0)
        self.tally("wlz_indication", lad["wlz_indication"], cell0)
        # beds: housing members need none, free beds go to the longest waiters, waiters at
        # the norm are placed outside
        self.initiatives.housing_instead_of_beds()
        queues = [a.beds for a in arms]
        admitted = beds.admit(r, r.group, queues)
        self.tally_slots("nursing_home_admission", admitted,
                         cells(band[admitted], sex[admitted], r.state[admitted]))
        placed = beds.place_outside(r, r.group, queues, m, self.draw)
        self.tally_slots("move_to_care", placed, cell0[placed])
        out = demo.out_migration(r, mo, par, uni["demography.out_migration"])
        moved = self.tally("move_out", out, cell0)
        # events per (group, insurer) and the clients outside, counted before newcomers (who
        # may move the blocks)
        masks = {**acute, "death": lad["death"]}
        events = event_counts(r.group, r.view("insurer"), len(arms), self.insurers, masks, EV)
        away = outside_by_group(r, r.group, len(arms), masks, EV) if self.books.follows.any() else None
        self.books.hours[:, m, INFORMAL_CARE] += hours   # each group's ledger.add_hours
        for a, d, o in zip(arms, deaths.tolist(), moved.tolist()):
            a.flows["death"] += d
            a.flows["move_out"] += o
        self.newcomers(m)
        self.tally_month(m)
        self.books.month(m, r, self.insurers, events, away, self.initiatives)
        demo.age_one_month(r)
        self.books.record(m, r)

    def newcomers(self, m: int) -> None:
        """Births and in-migrants of every group: each group's counts and people drawn from
        its own generators (exactly a run of it alone), then made, placed, insured and
        counted for all groups in one pass."""
        r, arms = self.res, self.arms
        alive = r.alive()
        age_m = r.view("age_m")   # aged 15-49 in whole years: 180-599 months
        women = r.per_group(alive & (r.view("sex") == 1) & (age_m >= 180) & (age_m < 600))
        living = r.per_group(alive)
        got = [a.arrivals.draw(w, n, b.generator(m), i.generator(m))
               for a, w, n, b, i in zip(arms, women.tolist(), living.tolist(),
                                        self.fillers("demography.births"),
                                        self.fillers("demography.in_migration"))]
        per_group = np.array([len(x.born) + len(x.band) for x in got], dtype=np.int64)
        if not per_group.any():
            return
        first = r.counts.copy()
        cols, is_born = demo.arrival_columns(got, [a.sc for a in arms], m)
        slots = r.append(per_group, cols)
        if self.insurers > 1:  # by market share, each newcomer with its group's own uniform
            k = np.flatnonzero(per_group)
            streams = self.fillers("insurance.newcomers")
            u = np.concatenate([streams[g].uniform(m, f + n, start=f) for g, f, n in
                                zip(k.tolist(), first[k].tolist(), per_group[k].tolist())])
            r.view("insurer")[slots] = self._insurer_of(u, np.repeat(k, per_group[k]))
        group = np.repeat(np.arange(len(arms)), per_group)
        band = np.minimum(cols["age_m"] // 60, N_BANDS - 1)
        ev = np.where(is_born, EV["birth"], EV["move_in"])
        self.codes.append(cells(band, cols["sex"], cols["state"]) + ev * N_CELLS
                          + group * (len(EVENTS) * N_CELLS))
        born = np.bincount(group[is_born], minlength=len(arms))
        for a, b, n in zip(arms, born, per_group):
            a.flows["birth"] += int(b)
            a.flows["move_in"] += int(n - b)

    def _insurer_of(self, u: np.ndarray, group: np.ndarray) -> np.ndarray:
        """Newcomers' insurers from their uniforms (``group``: each one's group), by each
        group's market shares."""
        shares = self._cum_shares
        if self._same_shares:
            return np.searchsorted(shares[0], u, side="right").clip(0, self.insurers - 1)
        out = np.empty(len(u), dtype=np.int64)
        for g in np.unique(group):
            at = group == g
            out[at] = np.searchsorted(shares[g], u[at], side="right").clip(0, self.insurers - 1)
        return out

    def process(self, env: simpy.Environment):
        for m in range(self.months):
            self.step(m)
            yield env.timeout(1)
        self.take_census(len(self.census) - 1)
        for a in self.arms:
            a.flows["end"] = int(a.res.alive().sum())

    def result(self, k: int) -> ArmResult:
        """Group ``k``'s arrays, checked, as a run of that group alone returns them."""
        arm = self.arms[k]
        arm.ledger.check()
        years = self.events.shape[0]
        result = ArmResult(eur=by_year(arm.ledger.eur, years),
                           cost=by_year(arm.ledger.cost, years),
                           hours=by_year(arm.ledger.hours, years),
                           events=np.ascontiguousarray(self.events[:, k]),
                           census=np.ascontiguousarray(self.census[:, k]), monthly=arm.series,
                           flows=arm.flows, decisions=arm.financing.decisions,
                           services=arm.services,
                           insurer_eur=by_year(arm.insurer_eur, years))
        check_people(result)
        check_arm(result, arm.res, arm.sc.care.nursing_home_beds)
        return result


def service_axis(sc: Scenario) -> tuple[str, ...]:
    """The ledger's service axis: the scenario's services, its initiatives, then transfers."""
    return tuple(sc.services) + tuple(sc.initiatives) + (TRANSFERS,)


def simulate_arms(scenarios: Sequence[Scenario], seed: int, replications: Sequence[int],
                  services: tuple[str, ...] | None = None,
                  references: Sequence[ArmResult | int | None] | None = None
                  ) -> list[ArmResult]:
    """Run a batch of groups, one per (scenario, replication), together; return each
    group's arrays, exactly those :func:`simulate_arm` gives for it alone.

    The scenarios must share their horizon and service axis (the arms of replications, each
    with its drawn parameters). ``references``, one per group: the counterfactual arm it is
    judged against, as a finished result, or as the index of another group of this call
    (read while both run: :class:`~simulate.model.result.LiveReference`), or None.
    """
    scenarios = list(scenarios)
    if len(scenarios) != len(replications) or not scenarios:
        raise ValueError("simulate_arms needs one scenario per replication, at least one")
    services = services or service_axis(scenarios[0])
    refs: list[ArmResult | int | None] = list(references or [None] * len(scenarios))
    if len(refs) != len(scenarios) or any(isinstance(r, int) and (r == k or r < 0 or r >= len(
            refs)) for k, r in enumerate(refs)):
        raise ValueError("simulate_arms needs one reference per group: None, a result or "
                         "the index of another group")
    kinds = batch_kinds(scenarios)
    if len(kinds) > 1:  # groups that cannot share a batch: each kind is its own
        return by_kind(kinds, refs, lambda idx, mine: simulate_arms(
            [scenarios[k] for k in idx], seed, [replications[k] for k in idx], services, mine))
    batch = _Batch(scenarios, seed, GroupTable.of_replications(list(replications)), services,
                   refs)
    env = simpy.Environment()
    # Order within a month. SimPy fires events due at the same time in the order they were
    # scheduled. Every month the initiatives resume before the batch's step (registered first,
    # each waits exactly one month), so a month's step sees that month's initiative status
    # and ramp. Events scheduled further ahead (the financing's year end, a dated change in
    # beds, an initiative's start) were scheduled before those one-month waits, so at a year
    # boundary they come first: the reviews and the settlement of year y, and a bed change
    # dated that month, take effect before month 12 * (y + 1) is simulated. Each group's
    # processes keep this order among themselves; a group reads of another only a reference's
    # ended years: references' year ends come first, so year y is settled when judged.
    for arm in batch.arms:
        for ini in arm.inits:
            env.process(ini.process(env, arm.sc.months))
    is_ref = {ref for ref in refs if isinstance(ref, int)}
    for k in sorted(range(len(batch.arms)), key=lambda k: k not in is_ref):
        arm = batch.arms[k]
        env.process(arm.financing.process(env, arm.sc.months))
    for arm in batch.arms:
        env.process(arm.beds.process(env))
    env.process(batch.process(env))
    env.run()
    return [batch.result(k) for k in range(len(scenarios))]


def simulate_arm(sc: Scenario, seed: int, replication: int,
                 services: tuple[str, ...] | None = None,
                 reference: ArmResult | None = None) -> ArmResult:
    """Run one arm of one replication and return its arrays (the scenario is not changed):
    the batch of one group.

    ``reference`` is the counterfactual arm's result (same service axis): payers estimate
    their savings against it. Without it, payers keep funding as planned.
    """
    return simulate_arms([sc], seed, [replication], services, [reference])[0]


class PopulationError(AssertionError):
    """People were created or lost outside births, deaths and migration."""


def check_people(r: ArmResult) -> None:
    """start + births + moved in - deaths - moved out = end, and the final census agrees."""
    f = r.flows
    expected = f["start"] + f["birth"] + f["move_in"] - f["death"] - f["move_out"]
    if expected != f["end"] or int(r.census[-1].sum()) != f["end"]:
        raise PopulationError(f"population not conserved: {f}")


__all__ = ["simulate_arm", "simulate_arms", "batch_kind", "ArmResult", "service_axis", "EV", "TRANSFERS"]
