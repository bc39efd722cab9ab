"""Pizza financing: one third volunteers, one third contributions, one third government
(DOMAIN M11; seeds [001]: "so the initiative is never fully dependent on government").

Each slice is a party's own decision, and the pizza is as large as the slices together:

* **Volunteers** come from the volunteer pool as for any initiative
  (:mod:`simulate.model.initiatives.volunteers`); when too few come, the initiative works less
  well (its quality falls) and may collapse. Their slice is in kind, never money.
* **Residents** pay ``fee_eur`` per member-month; of the residents the initiative finds, a share
  ``1 - fee_eur / fee_max_eur`` joins (linear demand: the higher the fee, the fewer join).
* **The government** (``government_payer``) pays at most ``government_share`` of the planned
  money cost, for as long and as far as its own funding line of the initiative runs: a payer
  with rule ``own_benefit`` reviews that line as any other, and stops it on its own rule.

The money (government slice plus fees) pays the initiative's staff and fixed costs at a scale
``(government slice + (fee - cost per participant) x members) / planned staff and fixed cost``
(at most 1), so that when one party drops out the initiative shrinks to what the others pay
for. The residents pay their fees (at most the cost), the government the rest up to its slice;
a gap left by members who left within the month falls to the contributions.
"""
from __future__ import annotations

import numpy as np

from simulate.model.financing.regimes.base import N_PAYERS, Regime, payer


def uptake(fee: float, fee_max: float) -> float:
    """Share of the residents found who join at a fee (linear demand, 1 at no fee)."""
    return float(np.clip(1.0 - fee / fee_max, 0.0, 1.0))


def affordable_scale(fixed: float, per_member: float, places: float, money: float,
                     fee: float, members: float) -> float:
    """The scale (0..1) the money pays for: ``money`` (government) plus ``fee`` x members
    against staff and fixed costs ``fixed`` x scale plus ``per_member`` x members."""
    if fixed > 0:
        return float(np.clip((money + (fee - per_member) * members) / fixed, 0.0, 1.0))
    if per_member <= fee:
        return 1.0
    return float(np.clip(money / ((per_member - fee) * max(places, 1.0)), 0.0, 1.0))


class Pizza(Regime):
    name = "pizza"

    def __init__(self, fin):
        super().__init__(fin)
        self.cfg = fin.sc.financing.pizza
        self.gov, self.contrib = payer(self.cfg.government_payer), payer(self.cfg.contribution_payer)

    def government_slice(self, m: int, ini) -> float:
        """EUR a month the government pays at most: its share of the planned money cost x the
        part of its funding line(s) still running (0 without a line)."""
        mine = [l for l in self.fin.lines if l.initiative == ini.name and l.koker == self.gov]
        planned = sum(l.share for l in mine)
        if planned <= 0:
            return 0.0
        running = sum(l.share * l.scale for l in mine if l.active(m)) / planned
        money = ini.planned_monthly_cost() + ini.spec.per_participant_eur * ini.planned_places
        return self.cfg.government_share * money * min(running, 1.0)

    def scale(self, m: int, ini, funded: float) -> float:
        if not self.on(m):
            ini.uptake = 1.0
            return funded
        ini.uptake = uptake(self.cfg.fee_eur, self.cfg.fee_max_eur)
        return affordable_scale(ini.planned_monthly_cost(), ini.spec.per_participant_eur,
                                ini.planned_places, self.government_slice(m, ini),
                                self.cfg.fee_eur, ini.last_members)

    def payments(self, m: int, ini, cost: float, default: np.ndarray) -> np.ndarray:
        if not self.on(m):
            return default
        out = np.zeros(N_PAYERS)
        fees = min(cost, self.cfg.fee_eur * ini.last_members)
        gov = min(cost - fees, self.government_slice(m, ini))
        out[self.gov] += gov
        out[self.contrib] += cost - gov   # fees, and any gap from members who just left
        return out
