"""Social impact bond: an investor pre-finances, outcome payers repay if targets are met
(DOMAIN M10; seeds [002] name social shareholding but no repayment mechanism, so the usual
[bg] SIB rule is used).

During ``term_years`` from the regime's start the investor pays all initiative costs. At the
end of the term the savings of the outcome payers' kokers over the term are measured (with
noise); if they reach ``target_share`` x the investment, the outcome payers repay the
investment with ``return_rate`` a year, in their ``outcome_payers`` shares. Otherwise the
investor loses its money. After the term the initiatives' own funding lines apply.
"""
from __future__ import annotations

import math

import numpy as np

from simulate.model.financing.regimes.base import N_PAYERS, Regime, payer
from simulate.scenario.schema import PAYERS


class SocialImpactBond(Regime):
    name = "social_impact_bond"

    def __init__(self, fin):
        super().__init__(fin)
        self.cfg = fin.sc.financing.social_impact_bond
        self.end = self.start + round(self.cfg.term_years * 12)
        self.investor = payer("investor")
        self.invested = 0.0
        self.settled = False

    def _in_term(self, m: int) -> bool:
        return self.start <= m < self.end

    def scale(self, m: int, ini, funded: float) -> float:
        return 1.0 if self._in_term(m) else funded

    def payments(self, m: int, ini, cost: float, default: np.ndarray) -> np.ndarray:
        if not self._in_term(m):
            return default
        out = np.zeros(N_PAYERS)
        out[self.investor] = cost
        self.invested += cost
        return out

    def year_end(self, year: int) -> np.ndarray | None:
        m = (year + 1) * 12
        if self.settled or m < self.end or self.fin.arm.reference is None:
            return None
        self.settled = True
        first, last = self.start // 12, math.ceil(self.end / 12)
        measured = self.fin.measured_savings(first, last, self.cfg.measurement_error, "sib")
        outcome = sum(measured[PAYERS.index(k)] for k in self.cfg.outcome_payers)
        success = outcome >= self.cfg.target_share * self.invested
        self.fin.log(m, "*", "investor", "bond repaid" if success else "bond lost",
                     outcome / self.invested if self.invested else math.nan)
        if not success or self.invested <= 0:
            return None
        repay = self.invested * (1 + self.cfg.return_rate) ** self.cfg.term_years
        t = np.zeros(N_PAYERS)
        total = sum(self.cfg.outcome_payers.values()) or 1.0
        for k, share in self.cfg.outcome_payers.items():
            t[PAYERS.index(k)] -= repay * share / total
        t[self.investor] += repay
        return t
