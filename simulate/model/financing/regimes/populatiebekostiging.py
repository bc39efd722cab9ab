"""Populatiebekostiging: a budget per resident for chosen kokers (DOMAIN M5; seeds [002]:
"a fixed sum per inhabitant ... whether they use care or not. Healthier residents leave
money over, which rewards efficiency and prevention"; [001]: population-based local insurance).

From the regime's start each covered koker pays a regional budget holder a capitation per
resident instead of paying for care as it is used; the holder reimburses the actual care costs
of the covered kokers and so keeps the surplus or bears the deficit.

* **Capitation** (issue 13, point 4): per koker, by age band and sex, from the base year's own
  costs (the year before the regime starts): the koker's booked base-year cost, spread over
  the cells by the expected cost of a resident of each cell (:meth:`_profile`). As in the
  Zvw risk equalisation's amounts by age and sex, the rate is then held constant in real terms
  (the model's prices are constant 2022 euros, so indexing is the identity); a village that
  only grows older then pays (almost) exactly what its care costs. Care whose volume is set by
  capacity, not by residents (nursing-home days: services used in the ``nursing_home`` state
  only), is paid as used (a pass-through): the beds, contracted by the zorgkantoor, set how many
  are filled, whatever the holder does, and priced per old resident the budget would pay for
  beds that do not exist as the village ages (or for a bed occupancy still filling up). A table of weights
  (``age_weights``, a column of ``data/capitation_weights.csv``) may be chosen instead, but only
  for the kokers it was measured on (``scenario.validate_financing.TABLE_KOKERS``; the
  validator refuses others).
* **Settlement** at each year end: a result beyond ``risk_corridor`` x capitation is settled
  back with the kokers; inside the corridor the holder bears a deficit; of a surplus the part
  below ``min_savings_rate`` x capitation is returned (it may be noise, as in the Medicare
  Shared Savings Program's minimum savings rate) and of the rest the holder keeps
  ``reinvest_share`` in a **reinvestment fund** and returns the remainder, by capitation.
* **The fund** pays for what the holder adds (:mod:`.fund`): growth of running lines whose
  ratio is high, and candidate initiatives of the scenario; after a deficit the holder cuts
  its weakest lines first.
* **The holder observes exactly the kokers its budget covers**, whatever its ``observes``.
* **Term**: after ``term_years`` each koker renews only if its own result over the term (what
  it saved by paying capitation and receiving returns instead of paying its care) is not
  negative; a koker that leaves pays its own care again; with none left the village is back
  to siloed financing and the holder has no budget for its lines.
"""
from __future__ import annotations

import numpy as np

from simulate.data import table
from simulate.model.financing.regimes.base import N_PAYERS, Regime, payer
from simulate.model.financing.regimes.fund import ReinvestmentFund
from simulate.model.population.residents import N_BANDS
from simulate.scenario.schema import STATES

N_CELLS = N_BANDS * 2
N_STATES = len(STATES)


class Populatiebekostiging(Regime):
    name = "populatiebekostiging"

    def __init__(self, fin):
        super().__init__(fin)
        cfg = fin.sc.financing.populatiebekostiging
        self.cfg = cfg
        self.kokers = [payer(k) for k in cfg.kokers]
        self.holder = payer("budget_holder")
        self.weights = (None if cfg.age_weights == "own_costs" else
                        np.asarray(table("capitation_weights")[cfg.age_weights], dtype=float))
        self.base_year = max(0, self.start // 12 - 1)
        self.first_year = self.base_year + 1
        self.rate: np.ndarray | None = None      # EUR per resident-month [payer, cell]
        t = fin.arm.table
        nh = STATES.index("nursing_home")
        others = np.delete(t.use, nh, axis=1)
        #: services whose volume the beds set: used in a nursing home and nowhere else
        self.bed_bound = ((t.use[:, nh] > 0) & (others == 0).all(axis=1)
                          & (t.per_resident == 0) & (t.by_age == 0).all(axis=1))
        self.cell_months = np.zeros(N_CELLS)             # base-year resident-months
        self.capitation_year = np.zeros(N_PAYERS)
        self.cost_year = np.zeros(N_PAYERS)
        self.term_result = np.zeros(N_PAYERS)            # each koker's result this term
        self.kept: dict[int, float] = {}                 # year -> share of its result kept
        self.fund = ReinvestmentFund(fin, "budget_holder", cfg.candidates)
        self.ended = False

    # -- capitation ---------------------------------------------------------------------
    def _cells(self) -> np.ndarray:
        """Residents living in the village by cell (age band x sex)."""
        res = self.fin.arm.res
        alive = res.alive()
        return np.bincount(res.age_band()[alive] * 2 + res.view("sex")[alive],
                           minlength=N_CELLS).astype(float)

    def _profile(self) -> np.ndarray:
        """Expected care cost per resident-month by payer and cell, from the model's own
        state mix by age band (``data/initial_states.csv``, a burn-in of 20,000 residents) at
        the service prices: the shape of the capitation by age, as the risk equalisation
        takes its amounts by age and sex from the whole country, not from one village (a
        village of 2,500 has a handful of residents aged 95+). The shares are pooled over
        sexes, so both sexes of a band get the same amount. Bed-bound care is left out."""
        t = self.fin.arm.table
        tab = table("initial_states")
        shares = np.column_stack([np.asarray(tab[k], dtype=float) for k in STATES])  # [band, st]
        units = (shares @ t.use.T + t.per_resident[None, :] + t.by_age.T)     # [band, svc]
        eur = units * t.price * ~self.bed_bound
        out = np.zeros((N_PAYERS, N_BANDS))
        np.add.at(out, t.payer, eur.T)
        return np.repeat(out, 2, axis=1)                                        # [payer, cell]

    def _set_rate(self, year: int) -> None:
        """Rates per koker and cell: the koker's booked base-year cost (bed-bound care apart)
        spread over the cells by the profile, so that the base year's capitation equals it."""
        arm = self.fin.arm
        led = arm.ledger.eur[12 * year: 12 * year + 12]
        booked = led[:, :, arm.care_mask & ~self._bound()].sum(axis=(0, 2))   # [payer]
        if self.weights is None:
            profile = self._profile()
        else:
            profile = np.tile(np.repeat(self.weights, 2), (N_PAYERS, 1))
        expected = (profile * self.cell_months).sum(axis=1)
        scale = np.divide(booked, expected, out=np.zeros(N_PAYERS), where=expected > 0)
        self.rate = profile * scale[:, None]

    def _bound(self) -> np.ndarray:
        """The ledger's service columns of bed-bound care."""
        arm = self.fin.arm
        return np.isin(arm.services, np.array(arm.table.names)[self.bed_bound])

    def month_transfers(self, m: int) -> np.ndarray | None:
        n = self._cells()
        if m // 12 == self.base_year and self.rate is None:
            self.cell_months += n
        if not self.on(m) or self.rate is None or self.ended:
            return None
        arm = self.fin.arm
        cost = arm.ledger.eur[m][:, arm.care_mask & ~self._bound()].sum(axis=1)
        cap = self.rate @ n                                     # [payer]
        t = np.zeros(N_PAYERS)
        t[self.kokers] = cost[self.kokers] - cap[self.kokers]
        t[self.holder] = -t.sum()
        covered = np.isin(np.arange(N_PAYERS), self.kokers)
        self.capitation_year += np.where(covered, cap, 0.0)
        self.cost_year += np.where(covered, cost, 0.0)
        return t

    # -- year end -------------------------------------------------------------------------
    def year_end(self, year: int) -> np.ndarray | None:
        if year == self.base_year and self.rate is None:
            self._set_rate(year)
            if (year + 1) * 12 > self.start:
                self.start = (year + 1) * 12
            return None
        if self.rate is None or self.ended or self.capitation_year.sum() <= 0:
            return None
        cfg = self.cfg
        cap = self.capitation_year.sum()
        result = cap - self.cost_year.sum()
        corridor = cfg.risk_corridor * cap
        inside = float(np.clip(result, -corridor, corridor))
        returned = result - inside                             # beyond the corridor
        kept = 0.0
        if inside > 0:
            noise = min(inside, cfg.min_savings_rate * cap)
            kept = cfg.reinvest_share * (inside - noise)
            returned += inside - kept
        share = self.capitation_year / cap
        t = returned * share                                    # kokers receive their share
        t[self.holder] -= returned
        self.kept[year] = 1.0 - returned / result if result > 0 else 1.0
        # each koker's own result: the care it did not pay, less capitation, plus returns
        self.term_result += (self.cost_year - self.capitation_year) + t
        self.fund.settle(year, kept if inside > 0 else inside)
        self.capitation_year[:] = 0
        self.cost_year[:] = 0
        self._renew(year)
        return t

    def _renew(self, year: int) -> None:
        """At the end of a term each koker renews only if its own result justifies it."""
        term = round(self.cfg.term_years)
        if term <= 0 or (year + 1 - self.first_year) % term:
            return
        m = (year + 1) * 12
        for k in list(self.kokers):
            if self.term_result[k] < 0:
                self.kokers.remove(k)
                self.fin.log(m, "-", _name(k), "leave contract", self.term_result[k])
            else:
                self.fin.log(m, "-", _name(k), "renew contract", self.term_result[k])
        self.term_result[:] = 0
        if not self.kokers:
            self.ended = True
            self.fund.end(m)

    # -- what the holder counts -----------------------------------------------------------
    def observed_kokers(self, actor: str) -> list[int] | None:
        if actor == "budget_holder" and not self.ended:
            return list(self.kokers)
        return None

    def kept_share(self, actor: str, year: int) -> float:
        """The holder keeps of its savings the share of that year's surplus it kept (all of
        a deficit is its own); for a year not settled (the pilot), its reinvest share."""
        if actor != "budget_holder":
            return 1.0
        return self.kept.get(year, self.cfg.reinvest_share)

    def may_grow(self, line, new_scale: float) -> bool:
        return self.fund.may_grow(line, new_scale)


def _name(k: int) -> str:
    from simulate.scenario.schema import PAYERS
    return PAYERS[k]
