"""The scenario's financing: the regime and the settings of each financing model."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any  # noqa: F401

from simulate.scenario.fields import PAYERS, REGIMES, spec


@dataclass(frozen=True)
class Populatiebekostiging:
    """A budget per resident for chosen kokers, held by a regional budget holder."""
    kokers: list[str] = spec(["wmo", "zvw"], choices=("wmo", "zvw", "wlz", "wpg"))
    age_weights: str = spec("own_costs", doc="own_costs: each koker's base-year cost by age "
                            "band and sex; or a column of data/capitation_weights.csv that "
                            "fits every covered koker")
    reinvest_share: float = spec(0.5, unit="share of the yearly surplus kept", lo=0, hi=1)
    risk_corridor: float = spec(0.05, unit="share of the capitation", lo=0, hi=10)
    min_savings_rate: float = spec(0.02, unit="share of the capitation", lo=0, hi=1,
                                   doc="a surplus below it is returned, not kept (noise)")
    term_years: float = spec(0.0, unit="years of the contract (0: open-ended)", lo=0, hi=200)
    candidates: list[str] = spec([], doc="initiatives the holder may start from its "
                                 "reinvestment fund (each with a budget_holder funding line)")


@dataclass(frozen=True)
class SharedSavings:
    """Measured savings are split between the payers by an agreed key."""
    share_to_investors: float = spec(0.5, unit="share of measured savings", lo=0, hi=1)
    measurement_error: float = spec(0.02, unit="sd as share of yearly spend on health-based care", lo=0, hi=10)
    min_savings_rate: float = spec(0.0, unit="share of a koker's health-based spend", lo=0,
                                   hi=1, doc="measured savings below it are not shared")
    term_years: float = spec(0.0, unit="years of the agreement (0: open-ended)", lo=0, hi=200)


@dataclass(frozen=True)
class Innovatiecontract:
    """Every payer that benefits pays its share of the investment, by measured benefit."""
    measure_years: float = spec(2.0, unit="years", lo=0.5, hi=50)
    measurement_error: float = spec(0.02, unit="sd as share of yearly spend on health-based care", lo=0, hi=10)
    min_savings_rate: float = spec(0.0, unit="share of a koker's health-based spend", lo=0,
                                   hi=1, doc="measured benefits below it count as none")
    term_years: float = spec(0.0, unit="years of the contract (0: open-ended)", lo=0, hi=200)


@dataclass(frozen=True)
class Pizza:
    """One third volunteers, one third contributions, one third government."""
    government_payer: str = spec("wmo", choices=PAYERS)
    contribution_payer: str = spec("residents", choices=PAYERS)


@dataclass(frozen=True)
class Voucher:
    """pgb collectief / dienstencheck: members' entitlement to a service is pooled by an
    initiative that delivers it for a share of the formal price."""
    service: str = spec("huishoudelijke_hulp")
    initiative: str = spec("", doc="the initiative that delivers it")
    price_share: float = spec(0.8, unit="share of the formal unit cost", lo=0, hi=2)
    uptake: float = spec(0.5, unit="share of members' use moved", lo=0, hi=1)
    admin_eur_per_member: float = spec(10.0, unit="EUR per member-month", lo=0, hi=1e4)
    drop_copay: bool = spec(False, doc="the eigen bijdrage is dropped (dienstencheck)")


@dataclass(frozen=True)
class RightToChallenge:
    """Residents take over a Wmo service budget and deliver it."""
    service: str = spec("huishoudelijke_hulp")
    initiative: str = spec("")
    cost_share: float = spec(0.9, unit="initiative's cost as share of the formal cost", lo=0,
                             hi=2)
    accept_annual: float = spec(0.5, unit="probability per year", lo=0, hi=1)
    earliest_year: float = spec(1.0, unit="years after start", lo=0, hi=200)


@dataclass(frozen=True)
class SocialImpactBond:
    """An investor pre-finances; outcome payers repay if the measured savings reach a target."""
    term_years: float = spec(5.0, unit="years", lo=0.5, hi=50)
    return_rate: float = spec(0.05, unit="per year", lo=0, hi=1)
    target_share: float = spec(1.0, unit="measured savings / investment", lo=0, hi=100)
    outcome_payers: dict[str, float] = spec({"wlz": 0.5, "zvw": 0.5}, unit="share", lo=0,
                                            hi=1, keys=PAYERS)
    measurement_error: float = spec(0.02, unit="sd as share of yearly spend on health-based care", lo=0, hi=10)


@dataclass(frozen=True)
class Financing:
    """Who pays for initiatives and where savings go."""
    regime: str = spec("siloed", choices=REGIMES)
    regime_start_year: float = spec(0.0, unit="years after start (siloed before)", lo=0,
                                    hi=200)
    discount_rate: float = spec(0.03, unit="per year", lo=0, hi=1)
    populatiebekostiging: Populatiebekostiging = field(default_factory=Populatiebekostiging)
    shared_savings: SharedSavings = field(default_factory=SharedSavings)
    innovatiecontract: Innovatiecontract = field(default_factory=Innovatiecontract)
    pizza: Pizza = field(default_factory=Pizza)
    voucher: Voucher = field(default_factory=Voucher)
    right_to_challenge: RightToChallenge = field(default_factory=RightToChallenge)
    social_impact_bond: SocialImpactBond = field(default_factory=SocialImpactBond)
