"""Pizza financing: one third volunteers, one third contributions, one third government
(DOMAIN M11; seeds [001]: "so the initiative is never fully dependent on government").

Each month an initiative's value is its money cost plus its volunteer hours at the shadow
price. The government payer and the residents' contributions each pay one third of that
value (at most half the money cost each); the volunteers' third is their hours. When
volunteers give less than a third, the money falls short and the initiative shrinks to what
is paid for: losing one slice tests its resilience.
"""
from __future__ import annotations

import numpy as np

from simulate.model.financing.regimes.base import N_PAYERS, Regime, payer


class Pizza(Regime):
    name = "pizza"

    def __init__(self, fin):
        super().__init__(fin)
        cfg = fin.sc.financing.pizza
        self.gov, self.contrib = payer(cfg.government_payer), payer(cfg.contribution_payer)

    def scale(self, m: int, ini, funded: float) -> float:
        if not self.on(m):
            return funded
        money = ini.planned_monthly_cost() + ini.spec.per_participant_eur * ini.last_members
        if money <= 0:
            return 1.0
        value = money + ini.last_hours * self.fin.sc.volunteers.shadow_price_eur
        return min(1.0, 2 * value / 3 / money)

    def payments(self, m: int, ini, cost: float, default: np.ndarray) -> np.ndarray:
        if not self.on(m):
            return default
        out = np.zeros(N_PAYERS)
        out[self.gov] += cost / 2
        out[self.contrib] += cost / 2
        return out
