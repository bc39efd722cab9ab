"""Shared savings: payers split measured savings by an agreed key (DESIGN; DOMAIN M6 family;
the Medicare Shared Savings Program and Gesundes Kinzigtal share savings measured against a
risk-adjusted benchmark).

At each year end every koker's savings of that year are *measured* against the counterfactual
with noise (an evaluation against a benchmark, not the true counterfactual). A koker's measured
savings above ``min_savings_rate`` x its health-based spend (the MSSP's minimum savings rate,
so that noise is not paid out) are shared: ``share_to_investors`` of them is paid to the
parties that funded initiatives that year, in proportion to what they paid. A measurement error
can still make a payer pay for savings that did not happen, or miss ones that did. Only the
public kokers (Wmo, Zvw, Wlz, Wpg) are party to the agreement; it runs for ``term_years`` and
each party renews or leaves on its own net (:mod:`.agreement`). The investor (a reviewing Wmo)
counts what flows back in its review.
"""
from __future__ import annotations

import numpy as np

from simulate.model.financing.regimes.agreement import Agreement


class SharedSavings(Agreement):
    name = "shared_savings"

    def __init__(self, fin):
        super().__init__(fin)
        self.term_years = fin.sc.financing.shared_savings.term_years

    def year_end(self, year: int) -> np.ndarray | None:
        if not self.active(year):
            return None
        cfg = self.fin.sc.financing.shared_savings
        measured = self.fin.measured_savings(year, year + 1, cfg.measurement_error, "shared")
        spend = self.fin.arm.own_years(year, year + 1, health_only=True)
        above = np.clip(measured - cfg.min_savings_rate * spend, 0, None)
        invested = self.fin.initiative_spend(year, year + 1) * self.parties
        t = None
        if invested.sum() > 0:
            pot = cfg.share_to_investors * above * self.parties
            t = invested / invested.sum() * pot.sum() - pot
        self.close_year(year, measured, t)
        return t
