"""Right to Challenge: residents take over a municipal service budget and deliver it
(DOMAIN M3; seeds [002]: "residents take over a task they can do better or cheaper and get
the money and responsibility"; the right is passive and the procedure complex).

From ``earliest_year`` the initiative bids each year; the municipality accepts with
probability ``accept_annual`` (a random draw of the replication). Once accepted, and while the
initiative runs, it delivers all of ``right_to_challenge.service`` in the village: the formal
provider's units go to zero and the service's payer pays the initiative ``cost_share`` x
the formal cost. If the initiative collapses, the formal provider takes the service back.

The users keep paying the eigen bijdrage (the Wmo abonnementstarief applies to the
maatwerkvoorziening whoever delivers it): their copay, as the formal provider would have
charged it, is booked to the residents on the initiative's line and netted from what the
payer pays the initiative, so the initiative's revenue is unchanged.
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
        self.accepted_month: int | None = None

    def year_end(self, year: int) -> np.ndarray | None:
        m = (year + 1) * 12
        if self.accepted_month is None and self.on(m) and year + 1 >= self.cfg.earliest_year:
            u = self.fin.arm.streams.generator("financing.right_to_challenge", m).random()
            if u < self.cfg.accept_annual:
                self.accepted_month = m
                self.fin.log(m, self.cfg.initiative, "municipality", "challenge accepted", u)
        return None

    def service_changes(self, m: int) -> ServiceChange | None:
        arm = self.fin.arm
        ini = arm.initiative(self.cfg.initiative)
        if self.accepted_month is None or m < self.accepted_month or ini is None or not ini.running:
            return None
        table = arm.table
        j = table.names.index(self.cfg.service)
        change = ServiceChange(len(table.names))
        units = arm.formal_units(j)
        change.reduction[j] = units
        pay = np.zeros(N_PAYERS)
        total = units * table.price[j] * self.cfg.cost_share
        copay = min(table.copay[j] * arm.formal_users(j), units * table.price[j], total)
        pay[table.payer[j]] = total - copay
        pay[RESIDENTS] += copay
        change.revenue[ini.name] = pay
        return change
