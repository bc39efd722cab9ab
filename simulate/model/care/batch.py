"""The services of every group of a batch at once: units, users and the insurers' shares.

The groups of a batch (:mod:`simulate.model.arm`) have the same services with the same
payers (``model.kinds.batch_kind``; both arms of a replication do), but each group may have
its own drawn numbers (use per state, prices). Their tables are stacked with a leading group axis, and the month's units of every
group come from one stacked matrix product per term of
:func:`~simulate.model.care.services.grouped_units`. numpy multiplies a stack matrix by matrix
with the very call it makes for one pair, so each group's units are, to the last bit, those
the one-group formulas give (``tests/model/test_batch.py``: a batch gives each replication
exactly its own run).
"""
from __future__ import annotations

import numpy as np

from simulate.model.care.services import MUNICIPAL_PAYERS, ServiceTable
from simulate.scenario.schema import PAYERS

ZVW = PAYERS.index("zvw")


class _Stacked:
    """The rows ``rows`` of every group's table, stacked and transposed for ``counts @ table``."""

    def __init__(self, tables: list[ServiceTable], rows: np.ndarray | slice):
        def stack(name: str) -> np.ndarray:
            return np.stack([getattr(t, name)[rows] for t in tables])
        self.use = stack("use").transpose(0, 2, 1)
        self.no_carer = stack("no_carer").transpose(0, 2, 1)
        self.per_event = stack("per_event").transpose(0, 2, 1)
        self.by_age = stack("by_age").transpose(0, 2, 1)
        self.waiting = stack("waiting")[:, None, :]
        self.per_resident = stack("per_resident")[:, None, :]
        self.price = stack("price")[:, :, None]

    def units(self, by_state: np.ndarray, no_carer: np.ndarray, waiting: np.ndarray,
              events: np.ndarray, by_band: np.ndarray, groups: np.ndarray | slice
              ) -> np.ndarray:
        """``grouped_units`` of the groups ``groups``: counts [group, row, ...], result
        [group, row, service], term by term as the one-group formula adds them."""
        g = groups
        return (by_state @ self.use[g] + no_carer @ self.no_carer[g]
                + waiting[:, :, None] * self.waiting[g] + events @ self.per_event[g]
                + by_state.sum(axis=2)[:, :, None] * self.per_resident[g]
                + by_band @ self.by_age[g])


class ServiceBatch:
    """The service tables of a batch's groups (one arm: the same services and payers)."""

    def __init__(self, tables: list[ServiceTable]):
        payer = tables[0].payer
        if any(not np.array_equal(t.payer, payer) or t.names != tables[0].names
               for t in tables):
            raise ValueError("the groups of a batch must have the same services and payers")
        self.all = _Stacked(tables, slice(None))
        #: [group, service, state] units per resident-month in each state
        self.use = np.stack([t.use for t in tables])
        self.names = tables[0].names
        self.price = np.stack([t.price for t in tables])
        self.copay = np.stack([t.copay for t in tables])
        self.zvw = _Stacked(tables, payer == ZVW)
        #: [group, service, state]: who uses a state-based service (owes its eigen bijdrage)
        self.used = np.stack([(t.use + t.no_carer) > 0 for t in tables])
        self.municipal = np.isin(payer, [PAYERS.index(p) for p in MUNICIPAL_PAYERS])

    def units(self, by_state: np.ndarray, no_carer: np.ndarray, waiting: np.ndarray,
              events: np.ndarray, by_band: np.ndarray, groups: np.ndarray | slice = slice(None)
              ) -> tuple[np.ndarray, np.ndarray]:
        """Units and users [group, service] of each group's residents counted [group, ...]
        (``service_units`` and ``service_users`` of every group)."""
        units = self.all.units(by_state[:, None], no_carer[:, None], waiting[:, None],
                               events[:, None], by_band[:, None], groups)[:, 0]
        users = (self.used[groups] * by_state[:, None, :]).sum(axis=2)
        return units, users

    def costs(self, units: np.ndarray, users: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``services.monthly_costs`` of every group: cost [group, service] and the part
        residents pay as eigen bijdrage."""
        cost = np.maximum(units, 0.0) * self.price
        return cost, np.minimum(self.copay * np.maximum(users, 0.0), cost)

    def moved_away(self, by_state: np.ndarray, no_carer: np.ndarray, events: np.ndarray,
                   by_band: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``services.moved_away`` of the groups ``groups``: the municipality's units and
        users among their clients in a bed outside the village (counted [group, ...])."""
        units, users = self.units(by_state, no_carer, np.zeros(len(groups)), events, by_band,
                                  groups)
        return units * self.municipal, users * self.municipal

    def insurer_shares(self, by_state: np.ndarray, no_carer: np.ndarray, waiting: np.ndarray,
                       events: np.ndarray, by_band: np.ndarray) -> np.ndarray:
        """[group, insurer] each insurer's share of its group's Zvw care costs this month, by
        what its insured used (``Insurance.cost_shares`` of every group; counts [group,
        insurer, ...])."""
        k = by_state.shape[1]
        if k < 2:
            return np.ones((len(by_state), 1))
        cost = (self.zvw.units(by_state, no_carer, waiting, events, by_band, slice(None))
                @ self.zvw.price)[:, :, 0]
        total = cost.sum(axis=1)
        people = by_state.sum(axis=2)
        out = np.empty_like(cost)
        for g in range(len(cost)):
            out[g] = (cost[g] / total[g] if total[g] > 0
                      else people[g] / max(1, people[g].sum()))
        return out
