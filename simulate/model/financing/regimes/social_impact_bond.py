"""Social impact bond: an investor pre-finances, outcome payers repay if targets are met
(DOMAIN M10; seeds [002] name social shareholding but no repayment mechanism, so the usual
[bg] SIB rule is used).

At the regime's start the investor decides whether to invest, on its own expected return: it
expects the outcome payers to save ``expected_savings_ratio`` per euro invested (its due
diligence), with a normal uncertainty of ``expected_savings_sd`` (the measurement included),
so the bond repays with probability ``P = Phi((expected_savings_ratio - target_share) / sd)``
and its expected yearly return is ``(P x (1 + return_rate)^term)^(1/term) - 1``. It invests
only when that clears its ``hurdle_rate``; otherwise there is no bond and the initiatives'
own funding lines apply from the start. A committed investor then pays for the whole term.

During ``term_years`` from the regime's start the investor pays all initiative costs. At the
end of the term the savings of the outcome payers' kokers over the term are measured (with
noise); if they reach ``target_share`` x the investment, the outcome payers repay the
investment with ``return_rate`` a year, in their ``outcome_payers`` shares. Otherwise the
investor loses its money. After the term the initiatives' own funding lines apply.
"""
from __future__ import annotations

import math
from statistics import NormalDist

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
        self.decided: bool | None = None     # None until the investor has decided

    def expected_return(self) -> float:
        """The investor's expected yearly return on the bond (-1: it expects to lose all)."""
        c = self.cfg
        p = success_probability(c.expected_savings_ratio, c.target_share, c.expected_savings_sd)
        return expected_yearly_return(p, c.return_rate, c.term_years)

    def _invests(self, m: int) -> bool:
        if self.decided is None and self.on(m):
            r = self.expected_return()
            self.decided = r >= self.cfg.hurdle_rate
            self.fin.log(m, "*", "investor", "invest" if self.decided else "decline", r)
        return bool(self.decided)

    def _in_term(self, m: int) -> bool:
        return self.start <= m < self.end and self._invests(m)

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
        if self.settled or m < self.end or self.fin.arm.reference is None or not self.decided:
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


def success_probability(expected_ratio: float, target: float, sd: float) -> float:
    """Probability that measured savings / investment reach ``target``, when the investor
    expects ``expected_ratio`` with a normal uncertainty ``sd``."""
    return NormalDist().cdf((expected_ratio - target) / sd)


def expected_yearly_return(p: float, return_rate: float, term: float) -> float:
    """Expected yearly return of a bond repaid with ``return_rate`` a year over ``term``
    years with probability ``p`` and lost otherwise."""
    growth = p * (1 + return_rate) ** term
    return growth ** (1 / term) - 1 if growth > 0 else -1.0
