"""Health insurers: each resident is insured with one of the Zvw payers and may switch yearly.

The insurers are the scenario's payers whose koker is the Zvw, with their market shares
(``[payers.NAME] koker = "zvw"``, ``market_share``). Residents are assigned by market share
when they enter the village and, each January, leave their insurer with its
``switch_annual`` for another one (chosen by the others' market shares). Each month the Zvw's
care costs are divided over the insurers by what their own insured used, so that an insurer
sees the savings on *its* insured only: savings on residents who switch away land at a
competitor, one reason insurers invest little in prevention (DESIGN; DOMAIN 2.3).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulate.data import AGE_BANDS
from simulate.model.care.services import ServiceTable, grouped_units
from simulate.model.population.residents import N_STATES, Population
from simulate.scenario.schema import PAYERS, Scenario

ZVW = PAYERS.index("zvw")
#: Cells of one insurer in :func:`counts_by_group`: slot state (living, dead, moved out) x
#: without a carer x age band.
SLOT_CELLS = (N_STATES + 2) * 2 * len(AGE_BANDS)


def insurers_of(sc: Scenario) -> int:
    """How many health insurers a scenario's Zvw has (its payers of koker ``zvw``; one when
    it names none): the length of :class:`Insurance`'s axis."""
    return max(1, sum(p.koker == "zvw" for p in sc.payers.values()))


class Insurance:
    """The insurers of one arm and the residents' choice between them."""

    def __init__(self, sc: Scenario):
        zvw = [(name, p) for name, p in sc.payers.items() if p.koker == "zvw"]
        self.names = [name for name, _ in zvw] or ["zvw"]
        shares = np.array([p.market_share for _, p in zvw] or [1.0], dtype=float)
        self.shares = shares / shares.sum() if shares.sum() > 0 else np.full(len(shares),
                                                                             1 / len(shares))
        self.switch = np.array([p.switch_annual for _, p in zvw] or [0.0], dtype=float)
        k = len(self.names)
        others = np.where(np.eye(k, dtype=bool), 0.0, self.shares[None, :])
        totals = others.sum(axis=1, keepdims=True)
        self._to = np.cumsum(np.divide(others, totals, out=np.zeros_like(others),
                                       where=totals > 0), axis=1)

    @property
    def k(self) -> int:
        return len(self.names)

    def assign(self, res: Population, idx: np.ndarray, u: np.ndarray) -> None:
        """Insure new residents by market share (``u``: their uniforms)."""
        if self.k > 1 and len(idx):
            res.view("insurer")[idx] = np.searchsorted(np.cumsum(self.shares), u[idx], side="right"
                                               ).clip(0, self.k - 1)

    def switch_insurers(self, res: Population, u_leave: np.ndarray, u_to: np.ndarray) -> int:
        """January: residents leave their insurer at its switching rate; returns how many."""
        if self.k < 2:
            return 0
        ins = res.view("insurer")
        p_leave = self.switch[ins.astype(int)]
        leave = res.alive() & (u_leave < p_leave)
        who = np.flatnonzero(leave)
        to = (u_to[who, None] >= self._to[ins[who].astype(int)]).sum(axis=1)
        ins[who] = np.minimum(to, self.k - 1)
        return len(who)

    def counts(self, res: Population, events: dict[str, np.ndarray],
               event_index: dict[str, int]) -> InsuredCounts:
        """This month's residents and events counted per insurer (one pass each)."""
        n_bands = len(AGE_BANDS)
        state, ins = res.view("state"), res.view("insurer").astype(np.intp)
        alive = state < N_STATES
        cell = ins * N_STATES + state
        by_state = np.bincount(cell[alive], minlength=self.k * N_STATES)
        no_carer = np.bincount(cell[alive & ~res.view("carer")], minlength=self.k * N_STATES)
        waiting = np.bincount(ins[res.view("waiting")], minlength=self.k)
        ev = np.zeros((self.k, len(event_index)))
        for name, mask in events.items():  # masks from before this month's newcomers
            ev[:, event_index[name]] = np.bincount(ins[: len(mask)][mask], minlength=self.k)
        by_band = np.bincount((ins * n_bands + res.age_band())[alive],
                              minlength=self.k * n_bands)
        return InsuredCounts(by_state.reshape(self.k, N_STATES),
                             no_carer.reshape(self.k, N_STATES), waiting, ev,
                             by_band.reshape(self.k, n_bands))

    def cost_shares(self, table: ServiceTable, c: InsuredCounts) -> np.ndarray:
        """Each insurer's share of this month's Zvw care costs, by what its insured used."""
        if self.k < 2:
            return np.ones(1)
        rows = table.payer == ZVW
        units = grouped_units(table, rows, c.by_state, c.no_carer, c.waiting, c.events,
                              c.by_band)
        cost = units @ table.price[rows]
        if cost.sum() <= 0:
            return c.by_state.sum(axis=1) / max(1, c.by_state.sum())
        return cost / cost.sum()

    def zvw_shares(self, res: Population, table: ServiceTable,
                   events: dict[str, np.ndarray], event_index: dict[str, int]) -> np.ndarray:
        """Each insurer's share of this month's Zvw care costs, by what its insured used."""
        if self.k < 2:
            return np.ones(1)
        return self.cost_shares(table, self.counts(res, events, event_index))


def event_counts(group: np.ndarray, insurer: np.ndarray, groups: int, k: int,
                 events: dict[str, np.ndarray], event_index: dict[str, int]) -> np.ndarray:
    """[group, insurer, event] this month's events of a batch of groups (``group``,
    ``insurer``: every slot's, at the time of the masks)."""
    ev = np.zeros((groups, k, len(event_index)))
    for name, mask in events.items():   # a month's events are few: only theirs are read
        idx = np.flatnonzero(mask)
        ev[:, :, event_index[name]] = np.bincount(group[idx] * k + insurer[idx],
                                                  minlength=groups * k).reshape(groups, k)
    return ev


def counts_by_group(res: Population, group: np.ndarray, groups: int, k: int,
                    events: np.ndarray, base: np.ndarray | None = None) -> InsuredCounts:
    """:meth:`Insurance.counts` of every group of a batch in one pass each (``events``: from
    :func:`event_counts`; ``base``: ``group * k * SLOT_CELLS``, which the caller may keep
    while the slots' groups do not change); the same whole numbers, with a leading group
    axis."""
    n_bands = len(AGE_BANDS)
    base = group * (k * SLOT_CELLS) if base is None else base
    # one count over (group, insurer, state, without a carer, age band) of every slot, dead,
    # moved out and empty ones included (their states are dropped after): the four counts
    # are its sums (whole numbers: exact). The slot's own cell is built in int16 where its
    # cells fit (fewer bytes than the group's offset, added last; a third less time)
    small = np.int16 if k * SLOT_CELLS <= np.iinfo(np.int16).max else np.int32
    cell: np.ndarray = res.view("insurer").astype(small)
    cell *= N_STATES + 2
    cell += res.view("state")
    cell *= 2
    cell += ~res.view("carer")
    cell *= n_bands
    band = res.age_band()
    cell += band if band.dtype == small else band.astype(small)
    cells = np.bincount(base + cell, minlength=groups * k * SLOT_CELLS).reshape(
        groups, k, N_STATES + 2, 2, n_bands)[:, :, :N_STATES]
    by_state_band = cells[:, :, :, 0] + cells[:, :, :, 1]
    w = np.flatnonzero(res.view("waiting"))
    waiting = np.bincount(group[w] * k + res.view("insurer")[w], minlength=groups * k)
    return InsuredCounts(by_state_band.sum(axis=3), cells[:, :, :, 1].sum(axis=3),
                         waiting.reshape(groups, k), events, by_state_band.sum(axis=2))


@dataclass
class InsuredCounts:
    """Counts of one month per insurer (rows): the services' inputs, by group (a batch's
    counts have a leading group axis). Summed over the rows (exact: they are whole numbers)
    they are the village's own counts."""
    by_state: np.ndarray   # [insurer, state] residents living in the village
    no_carer: np.ndarray   # [insurer, state] of whom without an informal carer
    waiting: np.ndarray    # [insurer] waiting at home for a bed
    events: np.ndarray     # [insurer, event] events this month
    by_band: np.ndarray    # [insurer, age band] residents living in the village
