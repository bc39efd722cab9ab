"""Right to Challenge: residents take over a municipal service and deliver it
(DOMAIN M3; seeds [002]: "residents take over a task they can do better or cheaper and get
the money and responsibility"; the right is passive and the procedure complex).

The cooperative (``right_to_challenge.initiative``) prepares a bid for all of
``right_to_challenge.service`` in the village from the regime's start: it looks for the people
the volume needs (``volume / hours_per_volunteer``) in the volunteer pool, on top of those its
own activity needs. From ``earliest_year``, at each year end without a contract, it bids at
``cost_share`` x the formal cost, and the municipality accepts when

* the price is below what the service costs it now (``cost_share < 1``), and
* the cooperative's people can deliver at least ``capacity_required`` of this month's volume
  (``people x hours_per_volunteer``).

Under the contract the cooperative delivers what its people can, up to the volume; the formal
provider delivers the rest at the formal price (the municipality keeps its duty of care).
When the cooperative delivers less than ``fail_below`` of the volume for ``fail_months`` in a
row, or collapses, the municipality takes the service back: the formal provider delivers it
all again and the municipality pays ``takeback_cost_eur`` once (booked as extra hours of the
formal service). The cooperative stops looking for people and bids again at the earliest
``rebid_after_years`` later.

The users keep paying the eigen bijdrage (the Wmo abonnementstarief applies to the
maatwerkvoorziening whoever delivers it): for the share the cooperative delivers, their copay
as the formal provider would have charged it is booked to the residents on the initiative's
line and netted from what the payer pays the cooperative.
"""
from __future__ import annotations

import numpy as np

from simulate.model.financing.regimes.base import N_PAYERS, Regime, ServiceChange, payer

RESIDENTS = payer("residents")


class RightToChallenge(Regime):
    name = "right_to_challenge"

    def __init__(self, fin):
        super().__init__(fin)
        self.cfg = fin.sc.financing.right_to_challenge
        self.contract_since: int | None = None
        self.next_bid = max(self.start, round(self.cfg.earliest_year * 12))
        self.short_months = 0
        self.volume = 0.0       # units of the service in the village, latest month

    # -- the cooperative ------------------------------------------------------------------
    def _coop(self):
        ini = self.fin.arm.initiative(self.cfg.initiative)
        return ini if ini is not None and ini.running else None

    def people(self, ini) -> int:
        """The cooperative's people this month (its volunteers from the pool)."""
        return int((self.fin.arm.res.view("volunteer") == ini.bit + 1).sum())

    def capacity(self, ini) -> float:
        """Units of the service its people can deliver in a month."""
        return self.people(ini) * self.cfg.hours_per_volunteer

    def _look_for_people(self, m: int, ini) -> None:
        """While preparing a bid or under contract, ask the pool for the volume's people."""
        preparing = self.on(m) and (self.contract_since is not None or m >= self.next_bid - 12)
        if not preparing or self.volume <= 0:
            ini.extra_volunteers = 0.0
            return
        sp = ini.spec
        own = (sp.volunteers_fixed + sp.volunteers_per_participant * ini.planned_places) * ini.scale
        ini.extra_volunteers = max(0.0, self.volume / self.cfg.hours_per_volunteer - own)

    # -- the municipality -----------------------------------------------------------------
    def year_end(self, year: int) -> np.ndarray | None:
        m = (year + 1) * 12
        ini = self._coop()
        if self.contract_since is not None or not self.on(m) or m < self.next_bid or ini is None:
            return None
        cap = self.capacity(ini)
        cheaper = self.cfg.cost_share < 1.0
        enough = self.volume > 0 and cap >= self.cfg.capacity_required * self.volume
        covered = cap / self.volume if self.volume > 0 else 0.0
        if cheaper and enough:
            self.contract_since, self.short_months = m, 0
            self.fin.log(m, ini.name, "municipality", "challenge accepted", covered)
        else:
            self.fin.log(m, ini.name, "municipality",
                         "challenge refused: " + ("too few people" if cheaper else "not cheaper"),
                         covered)
            self.next_bid = m + 12
        return None

    def _take_back(self, m: int, name: str, why: str, change: ServiceChange, j: int) -> None:
        self.fin.log(m, name, "municipality", f"service taken back: {why}", float("nan"))
        self.contract_since = None
        self.next_bid = m + max(12, round(self.cfg.rebid_after_years * 12))
        price = self.fin.arm.table.price[j]
        if price > 0:   # the cost of a new contract, as extra hours of the formal service
            change.reduction[j] -= self.cfg.takeback_cost_eur / price

    def service_changes(self, m: int) -> ServiceChange | None:
        arm = self.fin.arm
        table = arm.table
        j = table.names.index(self.cfg.service)
        self.volume = arm.formal_units(j)
        ini = self._coop()
        if ini is not None:
            self._look_for_people(m, ini)
        if self.contract_since is None or m < self.contract_since:
            return None
        change = ServiceChange(len(table.names))
        if ini is None:
            self._take_back(m, self.cfg.initiative, "the cooperative stopped", change, j)
            return change
        units = self.volume
        delivered = min(units, self.capacity(ini))
        self.short_months = self.short_months + 1 if delivered < self.cfg.fail_below * units else 0
        if self.short_months >= self.cfg.fail_months:
            self._take_back(m, ini.name, "too little delivered", change, j)
            return change
        if units <= 0 or delivered <= 0:
            return None
        frac = delivered / units
        change.reduction[j] = delivered
        change.copay_users[j] = arm.formal_users(j) * frac
        pay = np.zeros(N_PAYERS)
        total = delivered * table.price[j] * self.cfg.cost_share
        copay = min(table.copay[j] * arm.formal_users(j) * frac, delivered * table.price[j], total)
        pay[table.payer[j]] = total - copay
        pay[RESIDENTS] += copay
        change.revenue[ini.name] = pay
        return change
