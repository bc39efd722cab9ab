"""An agreement between the public kokers with a term, renewed or left by each party on its
own net (issue 13, point 5: shared savings and innovatiecontract).

Each year the regime records, per koker, what it measured the koker saved (its measured
savings, the only savings a party to an agreement can see), what the agreement moved to or
from it, and what it paid for initiatives. At the end of each term of ``term_years`` every
party renews only if its own net over the term, measured savings + transfers - initiative
payments, is not negative (a loss below 1% of the term's initiative spending counts as no
stake: a party that neither pays nor saves, such as public health, stays); a party that leaves neither pays in nor receives from then on.
The agreement ends when fewer than two parties remain. The parties count the agreement's
transfers in their yearly reviews of the lines they pay (:meth:`counted_transfers`).
"""
from __future__ import annotations

import numpy as np

from simulate.model.financing.regimes.base import N_PAYERS, PUBLIC, Regime
from simulate.scenario.schema import PAYERS


class Agreement(Regime):
    """A regime that is a contract between the public kokers (a base for two regimes)."""

    term_years: float = 0.0

    def __init__(self, fin):
        super().__init__(fin)
        self.parties = PUBLIC.copy()
        self.term_net = np.zeros(N_PAYERS)
        self.term_paid = 0.0     # all initiative spending over the term
        self.over = False

    def active(self, year: int) -> bool:
        return self.on(year * 12) and not self.over and self.fin.arm.reference is not None

    def counted_transfers(self, actor: str, koker: int, year: int) -> float:
        t = self.booked.get(year)
        return float(t[koker]) if t is not None else 0.0

    def close_year(self, year: int, measured: np.ndarray, t: np.ndarray | None) -> None:
        """Add the year to each party's net; at the end of a term, let each renew or leave."""
        paid = self.fin.initiative_spend(year, year + 1)
        self.term_net += (measured + (t if t is not None else 0.0) - paid) * self.parties
        self.term_paid += paid.sum()
        term = round(self.term_years)
        first = self.start // 12
        if term <= 0 or (year + 1 - first) % term:
            return
        m = (year + 1) * 12
        stake = 0.01 * self.term_paid   # a party whose net is below this has no stake: stays
        for k in np.flatnonzero(self.parties):
            verdict = "renew" if self.term_net[k] >= -stake else "leave"
            self.fin.log(m, "-", PAYERS[k], f"{verdict} contract", float(self.term_net[k]))
            if verdict == "leave":
                self.parties[k] = False
        self.term_net[:] = 0
        self.term_paid = 0.0
        if self.parties.sum() < 2:
            self.over = True
