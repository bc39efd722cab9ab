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
from simulate.model.group import RESIDENTS, GroupArm
from simulate.model.initiatives.batch import InitiativeBatch
from simulate.model.population.groups import GroupedResidents
from simulate.model.population.insurance import counts_by_group
from simulate.scenario.schema import PAYERS


class BatchBooks:
    """Every group's books, and the monthly booking of the services of all groups."""

    def __init__(self, groups: int, months: int, services: tuple[str, ...]):
        self.eur = np.zeros((groups, months, len(PAYERS), len(services)))
        self.cost = np.zeros((groups, months, len(services)))
        self.hours = np.zeros((groups, months, len(HOUR_KINDS)))
        self.arms: list[GroupArm] = []

    def of(self, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Group ``k``'s (eur, cost, hours): views for its ledger."""
        return self.eur[k], self.cost[k], self.hours[k]

    def attach(self, arms: list[GroupArm]) -> None:
        """The groups booked here (made with :meth:`of`); stacks their service tables."""
        self.arms = arms
        self.services = ServiceBatch([a.table for a in arms])
        self.follows = np.array([a.beds.follows_demand for a in arms])

    def month(self, m: int, res: GroupedResidents, insurers: int, events: np.ndarray,
              away: OutsideCounts | None, initiatives: InitiativeBatch) -> None:
        """The month's use of services of every group, counted at once (each group's
        residents by insurer, ``events`` [group, insurer, event], ``away``: its clients in a
        bed outside the village), what initiatives took over, the costs booked; then each
        group's own bookings."""
        arms, svc = self.arms, self.services
        ins = counts_by_group(res, res.group, len(arms), insurers, events)
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
        billed = [a.service_changes(m, u, n) for a, u, n in zip(arms, units, users)]
        cost, copay = svc.costs(np.stack([b[0] for b in billed]),
                                np.stack([b[1] for b in billed]))
        j, payer = arms[0].svc_index, arms[0].table.payer
        self.cost[:, m, j] += cost
        self.eur[:, m, payer, j] += cost - copay
        self.eur[:, m, RESIDENTS, j] += copay
        for a, b, s in zip(arms, billed, shares):
            a.book(m, b[2], s)
