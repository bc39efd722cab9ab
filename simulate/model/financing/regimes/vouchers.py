"""pgb collectief and dienstencheck: members' entitlement to a formal service is pooled by an
initiative that delivers it (DOMAIN M7, M8; seeds [002]).

For the members of ``voucher.initiative``, ``uptake`` of their use of ``voucher.service`` is
delivered by the initiative instead of the formal provider. The service's payer (the Wmo for
household help) pays the initiative ``price_share`` x the formal unit cost per unit, plus an
administration cost per member (the SVB checks of a pgb). With a dienstencheck (voucher) the
eigen bijdrage is dropped for those members; with a pgb collectief it stays.
"""
from __future__ import annotations

import numpy as np

from simulate.model.care.services import state_counts
from simulate.model.financing.regimes.base import N_PAYERS, Regime, ServiceChange


class Voucher(Regime):
    name = "pgb_collectief"

    def __init__(self, fin):
        super().__init__(fin)
        self.cfg = fin.sc.financing.voucher
        self.drop_copay = self.cfg.drop_copay or fin.sc.financing.regime == "dienstencheck"

    def service_changes(self, m: int) -> ServiceChange | None:
        arm = self.fin.arm
        ini = arm.initiative(self.cfg.initiative)
        if not self.on(m) or ini is None or not ini.running:
            return None
        table = arm.table
        j = table.names.index(self.cfg.service)
        members = ini.members(arm.res)
        by_state = state_counts(arm.res.view("state"), members)
        change = ServiceChange(len(table.names))
        units = self.cfg.uptake * ini.quality * float(table.use[j] @ by_state)
        change.reduction[j] = units
        if self.drop_copay:
            change.copay_users[j] = float(((table.use[j] + table.no_carer[j]) > 0) @ by_state)
        pay = np.zeros(N_PAYERS)
        pay[table.payer[j]] = (units * self.cfg.price_share * table.price[j]
                               + self.cfg.admin_eur_per_member * members.sum())
        change.revenue[ini.name] = pay
        return change


class Dienstencheck(Voucher):
    name = "dienstencheck"
