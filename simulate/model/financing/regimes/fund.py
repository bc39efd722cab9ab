"""The budget holder's reinvestment fund: the kept share of its surplus, spent on initiatives.

Under populatiebekostiging the holder keeps part of a yearly surplus (issue 13, point 4). That
money is what it can add to the village's initiatives beyond the lines it took over:

* it **grows** a running line whose review ratio reaches its ``grow_ratio`` only when the fund
  holds a year of the added cost, and that year's cost is drawn from the fund;
* it **starts** the scenario's candidate initiatives (``candidates``, each with a
  ``budget_holder`` funding line that waits, unbuilt, until then) in the listed order, each
  when the fund holds a year of its cost, and draws each running addition's cost every year;
* a deficit it bears (inside the risk corridor) is taken from the fund; when the fund is then
  below zero it **cuts the weakest of its additions first** (lowest latest ratio; a line never
  reviewed counts as weakest), until the cut yearly spending covers the shortfall, and puts
  the money not spent back into the fund. The lines it took over (e.g. after a pilot) it pays
  from its operating budget and judges in its yearly review, as any payer does.

The fund is bookkeeping of the holder's own money (the ledger already holds every euro it pays
and receives); it sets what the holder can afford, never what an initiative achieves.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from simulate.model.financing.payers import Line
    from simulate.model.view import FinancingView


class ReinvestmentFund:
    """The holder's fund and its spending rule."""

    def __init__(self, fin: FinancingView, actor: str, candidates: list[str] | tuple[str, ...]):
        self.fin, self.actor = fin, actor
        self.balance = 0.0
        self.mine = [l for l in fin.lines if l.actor == actor]
        self.base = {id(l): (0.0 if l.initiative in candidates else l.scale) for l in self.mine}
        self.candidates = [l for l in self.mine if l.initiative in candidates]
        for l in self.candidates:
            l.pending, l.scale = True, 0.0

    def yearly_cost(self, line: Line, scale: float) -> float:
        ini = self.fin.arm.initiative(line.initiative)
        return 12 * ini.planned_monthly_cost() * line.share * scale if ini is not None else 0.0

    def additions(self) -> float:
        """Next year's cost of what the fund pays for: growth above each line's own scale
        and started candidates."""
        return sum(self.yearly_cost(l, max(l.scale - self.base[id(l)], 0.0))
                   for l in self.mine if not l.pending)

    def may_grow(self, line: Line, new_scale: float) -> bool:
        if line.actor != self.actor:
            return True
        return self.balance >= self.yearly_cost(line, new_scale - line.scale)

    def settle(self, year: int, amount: float) -> None:
        """The year's kept surplus (or borne deficit) goes into the fund, the additions of
        the past year are paid from it; then it cuts after a deficit or starts candidates."""
        m = (year + 1) * 12
        self.balance += amount - self.additions()
        if self.balance < 0 and amount < 0:
            self._cut(m)
        for l in self.candidates:
            cost = self.yearly_cost(l, 1.0)
            if l.pending and m < l.end and cost > 0 and self.balance >= cost:
                l.pending, l.scale = False, 1.0
                self.fin.log(m, l.initiative, self.actor, "start from fund", self.balance / cost)

    def _cut(self, m: int) -> None:
        def strength(l: Line) -> float:
            return l.history[-1][2] if l.history else -math.inf
        added = [l for l in self.mine if l.active(m) and l.scale > self.base[id(l)]]
        for l in sorted(added, key=strength):
            if self.balance >= 0:
                break
            full = self.yearly_cost(l, l.scale - self.base[id(l)])
            keep = max(0.0, 1.0 - (-self.balance) / full) if full > 0 else 0.0
            self.balance += full * (1.0 - keep)
            l.scale = self.base[id(l)] + (l.scale - self.base[id(l)]) * keep
            self.fin.log(m, l.initiative, self.actor, "cut after deficit", keep)

    def end(self, m: int) -> None:
        """The contract ended: the holder has no budget left for its lines."""
        for l in self.mine:
            if l.active(m):
                l.scale = 0.0
                self.fin.log(m, l.initiative, self.actor, "contract ended", 0.0)
