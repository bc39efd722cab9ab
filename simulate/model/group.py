"""One group of a batch: one arm of one replication (of one area), with what is its own.

A batch (:mod:`simulate.model.arm`) advances the residents of all its groups together, and
does the per-resident work of the groups' initiatives, bed queues and services for all
groups at once; what is a few numbers per group stays here: its initiatives' states (their
life cycles), its bed queue, its insurers, its books (ledger, insurers' costs, series: views
of the batch's arrays where the batch books for all groups) and its financing, which reads
the group through the :class:`~simulate.model.view.ArmView` protocol exactly as it would read
a run of that group alone. The group sees its residents
through a :class:`~simulate.model.population.groups.GroupView` (slot numbers local to the group).
"""
from __future__ import annotations

import numpy as np

from simulate.model.care.beds import BedQueue
from simulate.model.care.services import ServiceTable
from simulate.model.financing.ledger import Ledger
from simulate.model.financing.regimes.base import ServiceChange
from simulate.model.financing.runtime import Financing
from simulate.model.initiatives.base import COLLAPSED, ActiveInitiative, make_initiatives
from simulate.model.population.demography import ArrivalDraws
from simulate.model.population.groups import GroupView
from simulate.model.population.insurance import Insurance
from simulate.model.population.residents import N_BANDS, N_STATES, Growing, age_weights
from simulate.model.streams import Streams
from simulate.model.view import Reference
from simulate.scenario.schema import EVENTS, PAYERS, STATES, Scenario

EV = {e: i for i, e in enumerate(EVENTS)}
#: Cells of the event and census counts: age band x sex x care state.
N_CELLS = N_BANDS * 2 * N_STATES
RESIDENTS = PAYERS.index("residents")
ZVW = PAYERS.index("zvw")


def cells(band: np.ndarray, sex: np.ndarray, state: np.ndarray) -> np.ndarray:
    """Each slot's cell (age band, sex, care state) of the event and census counts; dead
    and moved-out slots count in their last care state."""
    return (band * 2 + sex) * N_STATES + np.minimum(state, N_STATES - 1)


class GroupArm:
    """The state of one group while its batch runs (kept out of the public API)."""

    def __init__(self, sc: Scenario, streams: Streams, services: tuple[str, ...],
                 reference: Reference | None, res: GroupView,
                 books: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None):
        self.sc, self.streams, self.reference = sc, streams, reference
        self.table = ServiceTable.from_scenario(sc)
        self.inits: list[ActiveInitiative] = make_initiatives(sc)
        self.beds = BedQueue(sc)
        self.arrivals = ArrivalDraws(sc, age_weights(sc))  # its newcomers (the batch's)
        self.res: Growing = res
        self.insurance = Insurance(sc)
        self.insurance.assign(self.res, np.arange(self.res.n),
                              streams.uniform("insurance.initial", -1, self.res.n))
        months = sc.months
        self.services = services
        self.svc_index = np.array([services.index(n) for n in self.table.names], dtype=int)
        self.care_mask = np.isin(services, self.table.names)
        self.init_mask = np.isin(services, [i.name for i in self.inits])
        self.health_mask = np.isin(services, np.array(self.table.names)[self.table.health_based])
        self.ledger = Ledger(months, services, books)
        self.insurer_eur = np.zeros((months, self.insurance.k))
        self.financing = Financing(sc, self)
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
        # moved-out slots never do), read by the batch's series every month
        # (:meth:`~simulate.model.books.BatchBooks.record`)
        ic = sc.informal_care
        hours = np.array([ic.hours_per_month.get(x, 0) for x in STATES] + [0, 0])
        self.heavy = hours > ic.overburden_hours

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

    # -- this group's parts of a month ----------------------------------------------
    def switch_insurers(self, m: int) -> None:
        """January: residents may change insurers."""
        r, st = self.res, self.streams
        if m % 12 == 0 and m:
            self.insurance.switch_insurers(r, st.uniform("insurance.switch", m, r.n),
                                           st.uniform("insurance.switch_to", m, r.n))

    # -- this group's part of the initiatives' month (:mod:`..initiatives.batch`) ---------
    def fund_initiatives(self, m: int) -> None:
        """Funding sets each initiative's scale; one that collapsed stays down without it."""
        for ini in self.inits:
            self.financing.set_scale(m, ini)
            if ini.running and ini.collapses and ini.ramp == 0 and ini.scale <= 0:
                ini.status = COLLAPSED  # a restart needs someone to pay for it
                self.financing.log(m, ini.name, "-", "no funding to restart", float("nan"))

    def log_collapse(self, m: int, name: str) -> None:
        self.financing.log(m, name, "-", "collapse", float("nan"))

    def add_volunteer_hours(self, m: int, hours: float) -> None:
        self.ledger.add_hours(m, "volunteer", hours)

    def service_changes(self, m: int, units: np.ndarray, users: np.ndarray
                        ) -> ServiceChange | None:
        """This group's use of each service this month (``units``, ``users``: what
        initiatives took over already taken off; what a formal provider would deliver), and
        the regime's changes to what is billed (units and users no longer billed, revenue of
        initiatives), or None when it changes nothing."""
        self._units, self._users = units, users
        return self.financing.regime.service_changes(m)

    def initiative_bookings(self, m: int, revenue: dict[str, np.ndarray] | None
                            ) -> list[tuple[int, float, np.ndarray]]:
        """Each initiative's booking of the month as (its ledger column, EUR, EUR by payer):
        its cost, paid by its funding lines (or as the regime says), plus what the regime
        pays it (``revenue``); an initiative that costs nothing and is paid nothing books
        nothing. The batch books them (:meth:`~simulate.model.books.BatchBooks.month`)."""
        out = []
        for ini in self.inits:
            eur = ini.monthly_cost(ini.last_members)
            extra = revenue.get(ini.name) if revenue else None
            if not eur and extra is None:
                continue
            pay = self.financing.payments(m, ini, eur) if eur else np.zeros(len(PAYERS))
            if extra is not None:
                eur, pay = eur + extra.sum(), pay + extra
            if eur:
                out.append((self.services.index(ini.name), eur, pay))
        return out

    def book_transfers(self, m: int) -> None:
        """The regime's transfers of the month, after everything else is booked."""
        transfers = self.financing.regime.month_transfers(m)
        if transfers is not None:
            self.ledger.transfer(m, transfers)
