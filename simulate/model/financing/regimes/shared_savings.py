"""Shared savings: payers split measured savings by an agreed key (DESIGN; DOMAIN M6 family).

At each year end every koker's savings of that year are *measured* against the counterfactual
with noise (an evaluation against a benchmark, not the true counterfactual), and
``share_to_investors`` of each koker's positive measured savings is paid to the payers that
funded initiatives that year, in proportion to what they paid. A measurement error can make a
payer pay for savings that did not happen, or miss ones that did. Only the public kokers
(Wmo, Zvw, Wlz, Wpg) are party to the agreement: they pay into the pot and share it.
"""
from __future__ import annotations

import numpy as np

from simulate.model.financing.regimes.base import PUBLIC, Regime


class SharedSavings(Regime):
    name = "shared_savings"

    def year_end(self, year: int) -> np.ndarray | None:
        if not self.on(year * 12) or self.fin.arm.reference is None:
            return None
        cfg = self.fin.sc.financing.shared_savings
        measured = self.fin.measured_savings(year, year + 1, cfg.measurement_error, "shared")
        invested = self.fin.initiative_spend(year, year + 1) * PUBLIC
        if invested.sum() <= 0:
            return None
        pot = cfg.share_to_investors * np.clip(measured, 0, None) * PUBLIC
        return invested / invested.sum() * pot.sum() - pot
