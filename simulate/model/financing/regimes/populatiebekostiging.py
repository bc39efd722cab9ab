"""Populatiebekostiging: a budget per resident for chosen kokers (DOMAIN M5; seeds [002]:
"a fixed sum per inhabitant ... whether they use care or not. Healthier residents leave
money over, which rewards efficiency and prevention"; [001]: population-based local insurance).

From the regime's start each covered koker pays a regional budget holder a capitation per
resident, risk-adjusted by age (``data/capitation_weights.csv``), instead of paying for care
as it is used; the holder reimburses the actual care costs of the covered kokers and so keeps
the surplus or bears the deficit. The rate per weighted resident is set from the base year
(the year before the regime starts, or the first year), as real budgets are set from
historical spend, and then held constant in real terms. At each year end a risk corridor
settles any result beyond ``risk_corridor`` x capitation back with the kokers; of the rest of a
surplus the holder keeps ``reinvest_share`` (to fund initiatives through its own funding
lines) and returns the remainder to the kokers. The holder decides about initiatives as any
payer does (``[payers.budget_holder]``): it observes the savings of every covered koker, which
is why it may keep an initiative that each koker alone would stop.
"""
from __future__ import annotations

import numpy as np

from simulate.data import table
from simulate.model.financing.regimes.base import N_PAYERS, Regime, payer
from simulate.model.population.residents import N_BANDS


class Populatiebekostiging(Regime):
    name = "populatiebekostiging"

    def __init__(self, fin):
        super().__init__(fin)
        cfg = fin.sc.financing.populatiebekostiging
        self.kokers = [payer(k) for k in cfg.kokers]
        self.holder = payer("budget_holder")
        self.weights = np.asarray(table("capitation_weights")[cfg.age_weights], dtype=float)
        assert len(self.weights) == N_BANDS
        self.base_year = max(0, self.start // 12 - 1)
        self.rate: np.ndarray | None = None      # EUR per weighted resident-month by koker
        self.capitation_year = np.zeros(N_PAYERS)
        self.result_year = 0.0
        self.weighted_base = 0.0

    def _weighted_residents(self) -> float:
        res = self.fin.arm.res
        alive = res.alive()
        return float(np.bincount(res.age_band()[alive], minlength=N_BANDS) @ self.weights)

    def month_transfers(self, m: int) -> np.ndarray | None:
        w = self._weighted_residents()
        if m // 12 == self.base_year:
            self.weighted_base += w
        if not self.on(m) or self.rate is None:
            return None
        cost = self.fin.arm.ledger.eur[m][:, self.fin.arm.care_mask].sum(axis=1)
        t = np.zeros(N_PAYERS)
        cap = self.rate * w
        t[self.kokers] = cost[self.kokers] - cap[self.kokers]
        t[self.holder] = -t.sum()
        self.capitation_year += np.where(np.isin(np.arange(N_PAYERS), self.kokers), cap, 0)
        self.result_year += float(cap[self.kokers].sum() - cost[self.kokers].sum())
        return t

    def year_end(self, year: int) -> np.ndarray | None:
        if year == self.base_year and self.rate is None:
            led = self.fin.arm.ledger.eur[12 * year: 12 * year + 12][:, :, self.fin.arm.care_mask]
            self.rate = led.sum(axis=(0, 2)) / max(self.weighted_base, 1e-9)
            if (year + 1) * 12 > self.start:
                self.start = (year + 1) * 12
            return None
        if self.rate is None or self.capitation_year.sum() <= 0:
            return None
        cfg = self.fin.sc.financing.populatiebekostiging
        cap = self.capitation_year.sum()
        result = self.result_year
        corridor = cfg.risk_corridor * cap
        settle = result - np.clip(result, -corridor, corridor)   # beyond the corridor
        kept = result - settle
        returned = settle + (1 - cfg.reinvest_share) * max(kept, 0.0)
        share = self.capitation_year / cap
        t = returned * share  # kokers receive (or, after a deficit, pay) their share
        t[self.holder] -= returned
        self.capitation_year[:] = 0
        self.result_year = 0.0
        return t
