"""The books of a batch: every group's ledger in one array, and the month's services counted,
priced and booked for all groups at once.

Each group's :class:`~simulate.model.financing.ledger.Ledger` is a view of the batch's arrays
(``eur[group, month, payer, service]``, ``cost``, ``hours``), so the financing reads and
books its own group as before, while the services' costs of every group are booked in three
array operations a month. What is a few numbers per group (the regime's changes to the
services, the initiatives' bookings, the insurers' costs, transfers) stays with each group
(:meth:`~simulate.model.group.GroupArm.book`).
"""
from __future__ import annotations

import numpy as np

from simulate.model.care.batch import ServiceBatch
from simulate.model.care.beds import OutsideCounts
from simulate.model.financing.ledger import HOUR_KINDS
from simulate.model.group import RESIDENTS, ZVW, GroupArm
from simulate.model.initiatives.batch import InitiativeBatch, union_order
from simulate.model.population.groups import GroupedResidents
from simulate.model.population.insurance import SLOT_CELLS, InsuredCounts, counts_by_group
from simulate.model.population.residents import N_STATES, NURSING_HOME
from simulate.scenario.schema import PAYERS, STATES

#: the series each initiative has (``GroupArm``), as ``f"{series}.{initiative}"``
_INITIATIVE_SERIES = ("members", "volunteers", "hours", "scale", "quality")
_PER_INITIATIVE = tuple(f"{q}." for q in _INITIATIVE_SERIES)


class BatchBooks:
    """Every group's books, and the monthly booking of the services of all groups."""

    #: the care columns of every group's ledger when all groups have the same (else
    #: empty), found at the first booking
    _care: np.ndarray | None = None

    def __init__(self, groups: int, months: int, services: tuple[str, ...]):
        self.eur = np.zeros((groups, months, len(PAYERS), len(services)))
        self.cost = np.zeros((groups, months, len(services)))
        self.hours = np.zeros((groups, months, len(HOUR_KINDS)))
        self.arms: list[GroupArm] = []
        self._layout, self._base = -1, np.zeros(0, dtype=np.intp)
        #: this month's residents by group and insurer (:meth:`month`), until the next month
        self.insured: InsuredCounts | None = None

    def of(self, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Group ``k``'s (eur, cost, hours): views for its ledger."""
        return self.eur[k], self.cost[k], self.hours[k]

    def attach(self, arms: list[GroupArm]) -> None:
        """The groups booked here (made with :meth:`of`); stacks their service tables, and
        their series into one array ``series[group, series, month]`` over the series of all
        groups (each group's ``series`` become views of its own ones, so its own writes land
        there too; a series a group lacks, of an initiative it does not have, stays 0)."""
        self.arms = arms
        self.services = ServiceBatch([a.table for a in arms])
        self.follows = np.array([a.beds.follows_demand for a in arms])
        inits = union_order([[i.name for i in a.inits] for a in arms])
        if inits is None:
            raise ValueError("the groups of a batch must have their initiatives in one order")
        base = [n for n in arms[0].series if not n.startswith(_PER_INITIATIVE)]
        names = base + [f"{q}.{n}" for n in inits for q in _INITIATIVE_SERIES]
        if any(set(a.series) - set(names) or set(base) - set(a.series) for a in arms):
            raise ValueError("the groups of a batch must have the same series")
        self.series = np.zeros((len(arms), len(names), len(arms[0].series[names[0]])))
        at = {name: i for i, name in enumerate(names)}
        for k, a in enumerate(arms):
            a.series = {name: self.series[k, at[name]] for name in a.series}
        #: per group, its initiatives in the batch's order (:meth:`record`; the batch sets
        #: them to the initiatives' own lists, :attr:`InitiativeBatch.inits`)
        self.inits = [a.inits for a in arms]
        self._cols = np.array([at[n] for n in ("residents", "waiting", "beds", "beds_outside",
                                               "lonely", "carers_overburdened")]
                              + [at[f"state.{s}"] for s in STATES])
        self._init_cols = np.array([[at[f"{q}.{n}"] for q in ("members", "scale", "quality")]
                                    for n in inits], dtype=np.intp).reshape(len(inits), 3)
        #: [group, state]: living states whose care overburdens a carer (each group's own
        #: hours; dead and moved-out slots never do: their hours are 0, the bound at least 0)
        heavy = np.stack([a.heavy for a in arms])
        if heavy[:, N_STATES:].any():
            raise ValueError("dead or moved-out residents cannot overburden a carer")
        self._heavy = heavy[:, :N_STATES]

    def month(self, m: int, res: GroupedResidents, insurers: int, events: np.ndarray,
              away: OutsideCounts | None, initiatives: InitiativeBatch) -> None:
        """The month's use of services of every group, counted at once (each group's
        residents by insurer, ``events`` [group, insurer, event], ``away``: its clients in a
        bed outside the village), what initiatives took over, the costs booked; then each
        group's own bookings."""
        arms, svc = self.arms, self.services
        # each slot's group's offset, kept while slots stay; keyed by the residents' layout,
        # not GroupParams.group_offsets: the params learn a new layout at the start of a
        # month, and this month's newcomers may have grown the blocks since
        if res.layout != self._layout:
            self._base = res.group * (insurers * SLOT_CELLS)
            self._layout = res.layout
        ins = self.insured = counts_by_group(res, res.group, len(arms), insurers, events,
                                             self._base)
        units, users = svc.units(
            ins.by_state.sum(axis=1).astype(float), ins.no_carer.sum(axis=1).astype(float),
            ins.waiting.sum(axis=1), ins.events.sum(axis=1),
            ins.by_band.sum(axis=1).astype(float))
        if away is not None:   # the clients placed elsewhere left the municipality
            g = np.flatnonzero(self.follows & (away.n > 0))
            if len(g):
                gone = svc.moved_away(away.by_state[g], away.no_carer[g], away.events[g],
                                      away.by_band[g], g)
                units[g] -= gone[0]
                users[g] -= gone[1]
        initiatives.take_over(units, svc.use, svc.names)
        shares = svc.insurer_shares(ins.by_state, ins.no_carer, ins.waiting, ins.events,
                                    ins.by_band)
        # the regimes' changes to the services (vouchers, right to challenge): None in most
        # groups and months, and then the counts are billed as they are
        changes = [a.service_changes(m, u, n) for a, u, n in zip(arms, units, users)]
        if any(c is not None for c in changes):
            units, users = units.copy(), users.copy()   # the groups keep what they saw
            for k, c in enumerate(changes):
                if c is not None:
                    units[k] = units[k] - c.reduction
                    users[k] = users[k] - c.copay_users
        cost, copay = svc.costs(units, users)
        j, payer = arms[0].svc_index, arms[0].table.payer
        self.cost[:, m, j] += cost
        self.eur[:, m, payer, j] += cost - copay
        self.eur[:, m, RESIDENTS, j] += copay
        self._book_groups(m, changes, shares)

    def _book_groups(self, m: int, changes: list, shares: np.ndarray) -> None:
        """Each group's own bookings of month ``m`` after the services' costs, in this
        order within each group: its initiatives (with what a regime pays them), its
        insurers' costs (``shares``: each insurer's share of its Zvw care) and its regime's
        transfers. Each group's initiatives are priced and paid by its own financing, then
        booked for all groups at once (one cell per group and initiative: the same sums).
        The insurers' costs read only the services' columns; each group's Zvw care is
        summed as one row, as its own ledger sums it (a sum over an axis of rows adds in
        another order: not the same last bit)."""
        arms = self.arms
        ks: list[int] = []
        js: list[int] = []
        eurs: list[float] = []
        pays: list[np.ndarray] = []
        for k, (a, c) in enumerate(zip(arms, changes)):
            if a.inits:
                for j, eur, pay in a.initiative_bookings(m, c.revenue if c is not None
                                                         else None):
                    ks.append(k)
                    js.append(j)
                    eurs.append(eur)
                    pays.append(pay)
        if ks:
            self.cost[ks, m, js] += eurs
            self.eur[ks, m, :, js] += np.array(pays)   # [booking, payer]
        if self._care is None:   # the groups' care columns, if they are the same
            care = arms[0].care_mask
            same = all(np.array_equal(a.care_mask, care) for a in arms)
            self._care = care if same else np.zeros(0, dtype=bool)
        if len(self._care):
            zvw_care = np.array([row.sum() for row in self.eur[:, m, ZVW][:, self._care]])
        else:
            zvw_care = np.array([self.eur[k, m, ZVW][a.care_mask].sum()
                                 for k, a in enumerate(arms)])
        for a, row in zip(arms, zvw_care[:, None] * shares):
            a.insurer_eur[m] = row
        for a in arms:
            a.book_transfers(m)

    def record(self, m: int, res: GroupedResidents) -> None:
        """Every group's series of month ``m``: the residents by state and the waiting
        from this month's counts of :meth:`month` (nothing changes states or waiting after
        it but ageing), the rest from one reduction each; one write per quantity."""
        ins = self.insured
        assert ins is not None, "record after month"
        by_state = ins.by_state.sum(axis=1)                  # [group, state]
        with_carer = by_state - ins.no_carer.sum(axis=1)
        state = res.state
        outside = res.per_group(res.view("outside") & (state == NURSING_HOME))
        lonely = res.per_group(res.view("lonely") & (state < N_STATES))
        arms = self.arms
        values = np.empty((len(arms), len(self._cols)))
        values[:, 0] = by_state.sum(axis=1)
        values[:, 1] = ins.waiting.sum(axis=1)
        values[:, 2] = [a.beds.beds for a in arms]
        values[:, 3] = outside
        values[:, 4] = lonely
        values[:, 5] = (with_carer * self._heavy).sum(axis=1)
        values[:, 6:] = by_state
        self.series[:, self._cols, m] = values
        if len(self._init_cols):
            self.series[:, self._init_cols, m] = [
                [(i.last_members, i.scale if i.running else 0.0, i.quality) for i in inits]
                for inits in self.inits]
