"""The scenario's financing: the regime and the settings of each financing model."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any  # noqa: F401

from simulate.scenario.fields import PAYERS, REGIMES, spec


@dataclass(frozen=True)
class Populatiebekostiging:
    """A budget per resident for chosen kokers, held by a regional budget holder."""
    kokers: list[str] = spec(["wmo", "zvw"], choices=("wmo", "zvw", "wlz", "wpg"))
    age_weights: str = spec("vektis_2018", doc="column of data/capitation_weights.csv")
    reinvest_share: float = spec(0.5, unit="share of the yearly surplus kept", lo=0, hi=1)
    risk_corridor: float = spec(0.05, unit="share of the capitation", lo=0, hi=10)


@dataclass(frozen=True)
class SharedSavings:
    """Measured savings are split between the payers by an agreed key."""
    share_to_investors: float = spec(0.5, unit="share of measured savings", lo=0, hi=1)
    measurement_error: float = spec(0.02, unit="sd as share of yearly spend on health-based care", lo=0, hi=10)


@dataclass(frozen=True)
class Innovatiecontract:
    """Every payer that benefits pays its share of the investment, by measured benefit."""
    measure_years: float = spec(2.0, unit="years", lo=0.5, hi=50)
    measurement_error: float = spec(0.02, unit="sd as share of yearly spend on health-based care", lo=0, hi=10)


@dataclass(frozen=True)
class Pizza:
    """One third volunteers, one third contributions, one third government, each a party's
    own decision: volunteers come from the volunteer pool, residents join at a fee (fewer
    the higher the fee), the government pays its slice while its funding line runs."""
    government_payer: str = spec("wmo", choices=PAYERS)
    contribution_payer: str = spec("residents", choices=PAYERS)
    government_share: float = spec(
        0.5, unit="share of the planned money cost", lo=0, hi=1,
        doc="seeds [001]: one third of the value from government; with the volunteers' third "
            "in kind that is half the money; range 0.25-0.75 [E] assumption")
    fee_eur: float = spec(
        10.0, unit="EUR per member-month", lo=0, hi=1e4,
        doc="[E] assumption: a member's contribution to a village meeting place or ride "
            "scheme (a few euros a visit); range 0-30")
    fee_max_eur: float = spec(
        40.0, unit="EUR per member-month", lo=0.01, hi=1e5,
        doc="fee at which no found resident joins (uptake = 1 - fee / fee_max, linear "
            "demand); [E] assumption; range 20-80")


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
    """Residents bid to take over a Wmo service; the municipality accepts when the price is
    below its own cost and the cooperative has the people for the volume."""
    service: str = spec("huishoudelijke_hulp")
    initiative: str = spec("")
    cost_share: float = spec(0.9, unit="initiative's cost as share of the formal cost", lo=0,
                             hi=2)
    earliest_year: float = spec(1.0, unit="years after start", lo=0, hi=200)
    hours_per_volunteer: float = spec(
        20.0, unit="hours of the service per cooperative member-month", lo=0.1, hi=200,
        doc="[E] assumption: a resident of a zorgcooperatie helps about 5 hours a week; "
            "range 8-40")
    capacity_required: float = spec(
        0.8, unit="share of the village's volume", lo=0, hi=1,
        doc="the cooperative's people must cover this share of the volume for the bid to "
            "be accepted; [E] assumption; range 0.5-1.0")
    fail_below: float = spec(
        0.5, unit="share of the volume delivered", lo=0, hi=1,
        doc="the contract fails when the cooperative delivers less for fail_months in a "
            "row; [E] assumption; range 0.3-0.8")
    fail_months: int = spec(6, unit="months", lo=1, hi=120,
                            doc="[E] assumption; range 3-12")
    takeback_cost_eur: float = spec(
        25000.0, unit="EUR, once", lo=0, hi=1e8,
        doc="the municipality's cost of taking the service back (a new contract with a "
            "provider, a transition); [E] assumption; range 10,000-50,000")
    rebid_after_years: float = spec(3.0, unit="years", lo=0, hi=200,
                                    doc="[E] assumption: no new bid soon after a failure; "
                                        "range 2-5")


@dataclass(frozen=True)
class SocialImpactBond:
    """An investor pre-finances; outcome payers repay if the measured savings reach a target."""
    term_years: float = spec(5.0, unit="years", lo=0.5, hi=50)
    return_rate: float = spec(0.05, unit="per year", lo=0, hi=1)
    target_share: float = spec(1.0, unit="measured savings / investment", lo=0, hi=100)
    outcome_payers: dict[str, float] = spec({"wlz": 0.5, "zvw": 0.5}, unit="share", lo=0,
                                            hi=1, keys=PAYERS)
    measurement_error: float = spec(0.02, unit="sd as share of yearly spend on health-based care", lo=0, hi=10)
    hurdle_rate: float = spec(
        0.0, unit="per year", lo=-1, hi=1,
        doc="the investor's required expected yearly return; [E] assumption: a social "
            "investor content to get its money back on average; range 0-0.10")
    expected_savings_ratio: float = spec(
        1.5, unit="measured savings / investment", lo=0, hi=100,
        doc="what the investor's due diligence expects the outcome payers to save per euro "
            "invested; [E] assumption: a business case that promises a clear margin over the "
            "target; range 0.5-2.5")
    expected_savings_sd: float = spec(
        0.5, unit="measured savings / investment", lo=0.001, hi=100,
        doc="the investor's uncertainty about that ratio, measurement included; [E] "
            "assumption; range 0.2-1.0")


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
