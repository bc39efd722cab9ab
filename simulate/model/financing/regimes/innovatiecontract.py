"""Innovatiecontract: every payer that benefits pays its fair share of the investment, in
proportion to the benefit measured in an earlier period (DOMAIN M6; seeds [002]: "identify
tasks made redundant by the initiative and take money from there", a "new social contract"
that shares risks and returns).

After ``measure_years`` of running, at each year end the benefit of each koker over the last
``measure_years`` is measured (with noise) and the year's initiative costs are re-divided in
proportion to the positive benefits: payers that saved more than they paid transfer the
difference to those that paid more than they saved. Only the public kokers (Wmo, Zvw, Wlz,
Wpg) are party to the contract: residents, funds and investors neither pay nor receive.
"""
from __future__ import annotations

import math

import numpy as np

from simulate.model.financing.regimes.base import PUBLIC, Regime


class Innovatiecontract(Regime):
    name = "innovatiecontract"

    def year_end(self, year: int) -> np.ndarray | None:
        cfg = self.fin.sc.financing.innovatiecontract
        window = max(1, math.ceil(cfg.measure_years))
        first = self.start // 12
        if not self.on(year * 12) or year + 1 - first < window or self.fin.arm.reference is None:
            return None
        measured = self.fin.measured_savings(year + 1 - window, year + 1,
                                             cfg.measurement_error, "contract")
        benefit = np.clip(measured, 0, None) * PUBLIC
        paid = self.fin.initiative_spend(year, year + 1) * PUBLIC
        if benefit.sum() <= 0 or paid.sum() <= 0:
            return None
        fair = benefit / benefit.sum() * paid.sum()
        return paid - fair
