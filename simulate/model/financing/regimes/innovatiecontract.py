"""Innovatiecontract: every payer that benefits pays its fair share of the investment, in
proportion to the benefit measured in an earlier period (DOMAIN M6; seeds [002]: "identify
tasks made redundant by the initiative and take money from there", a "new social contract"
that shares risks and returns).

After ``measure_years`` of running, at each year end the benefit of each koker over the last
``measure_years`` is measured (with noise; a benefit below ``min_savings_rate`` x the koker's
health-based spend over the window counts as none, so that noise is not charged) and the
year's initiative costs are re-divided in proportion to the positive benefits: payers that
saved more than they paid transfer the difference to those that paid more than they saved.
Only the public kokers (Wmo, Zvw, Wlz, Wpg) are party to the contract; it runs for
``term_years`` and each party renews or leaves on its own net (:mod:`.agreement`). A reviewing
party counts what it pays in (or receives) in its review.
"""
from __future__ import annotations

import math

import numpy as np

from simulate.model.financing.regimes.agreement import Agreement


class Innovatiecontract(Agreement):
    name = "innovatiecontract"

    def __init__(self, fin):
        super().__init__(fin)
        self.term_years = fin.sc.financing.innovatiecontract.term_years

    def year_end(self, year: int) -> np.ndarray | None:
        cfg = self.fin.sc.financing.innovatiecontract
        window = max(1, math.ceil(cfg.measure_years))
        first = self.start // 12
        if not self.active(year) or year + 1 - first < window:
            return None
        measured = self.fin.measured_savings(year + 1 - window, year + 1,
                                             cfg.measurement_error, "contract")
        spend = self.fin.arm.own_years(year + 1 - window, year + 1, health_only=True)
        benefit = np.clip(measured - cfg.min_savings_rate * spend, 0, None) * self.parties
        paid = self.fin.initiative_spend(year, year + 1) * self.parties
        t = None
        if benefit.sum() > 0 and paid.sum() > 0:
            fair = benefit / benefit.sum() * paid.sum()
            t = paid - fair
        self.close_year(year, measured / window, t)
        return t
