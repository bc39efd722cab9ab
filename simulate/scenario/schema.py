"""The scenario as frozen, typed data.

A scenario file (TOML) is loaded once into these dataclasses and validated; the model reads
them and never changes them. Each field carries its unit and valid range in ``metadata`` so
that the validator (:mod:`simulate.scenario.validate`) can check every file the same way and
report every error at once. Defaults here are the *structure*; the numbers with their sources
live in ``scenarios/village.toml`` and ``simulate/data/``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulate.data import AGE_BANDS
from simulate.scenario.fields import (  # noqa: F401
    DECISION_RULES,
    EVENTS,
    HOME_STATES,
    INITIATIVE_TYPES,
    MEASUREMENTS,
    PAYERS,
    REGIMES,
    STATES,
    FrozenDict,
    Source,
    spec,
)
from simulate.scenario.financing import (  # noqa: F401
    Financing,
    Innovatiecontract,
    Pizza,
    Populatiebekostiging,
    RightToChallenge,
    SharedSavings,
    SocialImpactBond,
    Voucher,
)
from simulate.scenario.uncertainty import ParameterRange, Uncertainty, UncertaintyGroup  # noqa: F401


@dataclass(frozen=True)
class Run:
    """How a scenario is run unless the command line says otherwise."""
    seed: int = spec(20261123, lo=0, hi=2**63 - 1, doc="root seed of all random streams")
    replications: int = spec(20, lo=1, hi=100_000, doc="paired replications (both arms)")


@dataclass(frozen=True)
class Population:
    """The village at the start of the run."""
    size: int = spec(2500, unit="residents", lo=0, hi=50_000_000)
    age_structure: str = spec("drenthe_2023", doc="column of data/age_structure.csv")
    age_weights: dict[str, float] = spec({}, unit="relative weight", lo=0, hi=1e9, keys=AGE_BANDS,
                                         doc="weights by 5-year age band that replace the "
                                         "age_structure column, e.g. { \"95+\" = 1 }")
    low_income_share: float = spec(0.3, unit="share", lo=0, hi=1)
    carer_available_share: float = spec(0.8, unit="share", lo=0, hi=1,
                                        doc="share of residents 65+ with an informal carer")


@dataclass(frozen=True)
class Demography:
    """Mortality, births and migration."""
    mortality_table: str = spec("cbs_2019", doc="column of data/mortality.csv")
    mortality_table_year: int = spec(2024, unit="calendar year", lo=1900, hi=2200,
                                     doc="the year whose mortality the life table describes")
    mortality_improvement: bool = spec(True, doc="death rates fall by calendar year "
                                       "(data/mortality_improvement.csv); false: one life "
                                       "table for every year, for a sensitivity run")
    mortality_multiplier: dict[str, float] = spec({}, unit="x", lo=0, hi=50, keys=STATES,
                                      doc="relative death rate by care state")
    lonely_mortality_hr: float = spec(1.1, unit="hazard ratio", lo=0.1, hi=10)
    births_per_1000_women_15_49: float = spec(40.0, unit="per 1000 per year", lo=0, hi=300)
    out_migration_annual: dict[str, float] = spec({}, unit="probability per year", lo=0, hi=1,
                                      keys=("age_0_17", "age_18_29", "age_30_64", "age_65_plus"))
    in_migration_per_1000: float = spec(20.0, unit="per 1000 residents per year", lo=0, hi=500)
    older_in_migration_per_1000: float = spec(0.0, unit="per 1000 residents per year", lo=0,
                                              hi=500, doc="newcomers aged 50-79 (returning, "
                                              "moving closer to children)")
    care_move_annual: float = spec(0.0, unit="probability per year", lo=0, hi=1,
                                   doc="residents 65+ who need care (frail, homecare) moving "
                                       "to a bigger village or town with services")


@dataclass(frozen=True)
class Health:
    """The care ladder: monthly moves up and down, with multipliers."""
    reference_age: float = spec(75.0, unit="years", lo=0, hi=120)
    progression_annual: dict[str, float] = spec({}, unit="probability per year at reference age", lo=0,
                                    hi=1, keys=("vital", "prefrail", "frail", "homecare"))
    progression_age_slope: float = spec(0.07, unit="log-hazard per year of age", lo=-1, hi=1)
    recovery_annual: dict[str, float] = spec({}, unit="probability per year", lo=0, hi=1,
                                 keys=("prefrail", "frail", "homecare"))
    lonely_multiplier: float = spec(1.3, unit="x", lo=0, hi=20)
    no_carer_multiplier: float = spec(1.3, unit="x", lo=0, hi=20)
    low_income_multiplier: float = spec(1.2, unit="x", lo=0, hi=20)
    hip_fracture_multiplier: float = spec(3.0, unit="x for 12 months", lo=0, hi=50)
    wlz_stay_home_share: float = spec(0.36, unit="share", lo=0, hi=1,
                                      doc="Wlz clients who choose care at home over a bed")


@dataclass(frozen=True)
class Loneliness:
    """Severe loneliness: onset and recovery."""
    onset_annual: float = spec(0.03, unit="probability per year", lo=0, hi=1)
    onset_alone_multiplier: float = spec(2.0, unit="x", lo=0, hi=50)
    recovery_annual: float = spec(0.2, unit="probability per year", lo=0, hi=1)


@dataclass(frozen=True)
class InformalCare:
    """Mantelzorg (unpaid care by family and friends): hours and overburden."""
    hours_per_month: dict[str, float] = spec({}, unit="hours per month", lo=0, hi=744, keys=STATES)
    overburden_hours: float = spec(80.0, unit="hours per month", lo=0, hi=744)
    dropout_annual_overburdened: float = spec(0.25, unit="probability per year", lo=0, hi=1)
    new_carer_annual: float = spec(0.05, unit="probability per year", lo=0, hi=1)
    shadow_price_eur: float = spec(18.8, unit="EUR per hour", lo=0, hi=1000)


@dataclass(frozen=True)
class Acute:
    """Falls, hip fractures, emergency visits and unplanned admissions (65+)."""
    min_age: float = spec(65.0, unit="years", lo=0, hi=120)
    fall_annual: dict[str, float] = spec({}, unit="probability per year", lo=0, hi=1, keys=STATES)
    fall_to_ed: float = spec(0.1, unit="probability", lo=0, hi=1)
    hip_fracture_per_fall: dict[str, float] = spec({}, unit="probability", lo=0, hi=1,
                                       keys=("age_65_74", "age_75_84", "age_85_plus"))
    hip_fracture_death: float = spec(0.2, unit="probability within a year", lo=0, hi=1)
    ed_annual: dict[str, float] = spec({}, unit="probability per year", lo=0, hi=1, keys=STATES)
    hospital_annual: dict[str, float] = spec({}, unit="probability per year", lo=0, hi=1, keys=STATES)
    waiting_ed_multiplier: float = spec(1.5, unit="x", lo=0, hi=20,
                                        doc="ED and hospital risk while waiting for a bed")


@dataclass(frozen=True)
class Care:
    """Capacity: nursing-home beds as a queue."""
    nursing_home_beds: int = spec(25, unit="beds", lo=0, hi=10_000_000)
    bed_changes: dict[str, int] = spec({}, unit="beds from that year on", lo=0, hi=10_000_000,
                             doc="{'5' = 0} closes the care home in year 5")
    capacity: str = spec("follows_demand", choices=("follows_demand", "fixed"),
                         doc="follows_demand: the zorgkantoor contracts beds in the region as "
                             "indications grow and places a waiting client there within the "
                             "Treeknorm; fixed: only the village's own beds")
    treeknorm_weeks: float = spec(6.0, unit="weeks", lo=0, hi=520,
                                  doc="waiting norm within which the zorgkantoor offers a bed")
    accept_outside_share: float = spec(0.6, unit="share", lo=0, hi=1,
                                       doc="waiting clients who accept a bed outside the "
                                           "village when it is offered")
    reoffer_months: int = spec(12, unit="months", lo=1, hi=600,
                               doc="a client who declined waits this long for the village's "
                                   "home before the zorgkantoor offers a bed elsewhere again")


@dataclass(frozen=True)
class Service:
    """A service: who pays, what a unit costs, and how much each state uses."""
    payer: str = spec(required=True, choices=PAYERS)
    unit: str = spec(required=True)
    unit_cost_eur: float = spec(required=True, unit="EUR per unit", lo=0, hi=1e7)
    use_per_month: dict[str, float] = spec({}, unit="units per resident-month", lo=0, hi=1e4, keys=STATES)
    units_per_event: dict[str, float] = spec({}, unit="units per event", lo=0, hi=1e4, keys=EVENTS)
    extra_without_carer: dict[str, float] = spec({}, unit="units per resident-month", lo=0, hi=1e4,
                                     keys=STATES)
    waiting_extra: float = spec(0.0, unit="units per month while waiting for a bed", lo=0,
                                hi=1e4)
    per_resident_month: float = spec(0.0, unit="units per resident-month, any state", lo=0,
                                     hi=1e4)
    per_resident_by_age: dict[str, float] = spec(
        {}, unit="units per resident-month by age band, any state", lo=0, hi=1e5, keys=AGE_BANDS,
        doc="care that depends on age only (e.g. the rest of the Zvw package); missing bands: 0")
    copay_eur_per_month: float = spec(0.0, unit="EUR per user-month, paid by residents", lo=0,
                                      hi=1e5)
    source: str = spec("", doc="where the unit cost and use come from")


@dataclass(frozen=True)
class Effects:
    """What an initiative does to its participants."""
    progression_multiplier: float = spec(1.0, unit="x", lo=0, hi=10)
    loneliness_recovery_multiplier: float = spec(1.0, unit="x", lo=0, hi=100)
    carer_found_annual: float = spec(0.0, unit="probability per year", lo=0, hi=1)
    service_use_multiplier: dict[str, float] = spec({}, unit="x", lo=0, hi=10)
    fall_multiplier: float = spec(1.0, unit="x", lo=0, hi=10)
    loneliness_onset_multiplier: float = spec(1.0, unit="x", lo=0, hi=100)
    carer_dropout_multiplier: float = spec(1.0, unit="x", lo=0, hi=10,
                                           doc="on the dropout of the member's informal carer")
    replaces_bed: bool = spec(False, doc="members with a Wlz indication live here instead of "
                                         "waiting for a nursing-home bed")


@dataclass(frozen=True)
class FundingLine:
    """One payer's share of an initiative's cost, from one year to another."""
    payer: str = spec(required=True, doc="a payer in [payers]")
    share: float = spec(required=True, unit="share of the cost", lo=0, hi=1)
    start_year: float = spec(0.0, unit="years after start", lo=0, hi=200)
    end_year: float | None = spec(None, unit="years after start", lo=0, hi=200)
    review_after_years: float | None = spec(
        None, unit="years the initiative runs before this line's first review", lo=0, hi=200,
        doc="the evaluation period of this funding line (default: the payer's "
            "first_review_years)")


@dataclass(frozen=True)
class Initiative:
    """A community initiative: who joins, what it costs, who pays, what it does."""
    type: str = spec(required=True, choices=INITIATIVE_TYPES)
    enabled: bool = spec(True, doc="false switches it off (a scenario that extends another)")
    start_year: float = spec(0.0, unit="years after start", lo=0, hi=200)
    end_year: float | None = spec(None, unit="years after start", lo=0, hi=200)
    fte: float = spec(0.0, unit="FTE", lo=0, hi=1e5)
    cost_per_fte_eur: float = spec(0.0, unit="EUR per FTE-year", lo=0, hi=1e7)
    fixed_cost_eur: float = spec(0.0, unit="EUR per year", lo=0, hi=1e9)
    caseload_per_fte: float = spec(0.0, unit="participants per FTE", lo=0, hi=1e6)
    capacity: float = spec(0.0, unit="participants besides those per FTE", lo=0, hi=1e7)
    min_age: float = spec(65.0, unit="years", lo=0, hi=120)
    eligible_states: list[str] = spec(["prefrail", "frail"], choices=HOME_STATES)
    detection_annual: float = spec(0.3, unit="probability per year", lo=0, hi=1)
    priority_multiplier: float = spec(2.0, unit="x for lonely or no carer", lo=0, hi=100)
    leave_annual: float = spec(0.1, unit="probability per year", lo=0, hi=1)
    per_participant_eur: float = spec(0.0, unit="EUR per participant-month", lo=0, hi=1e6)
    lonely_or_alone_only: bool = spec(False, doc="only lonely residents or those living alone")
    volunteers_fixed: float = spec(0.0, unit="volunteers", lo=0, hi=1e6)
    volunteers_per_participant: float = spec(0.0, unit="volunteers", lo=0, hi=100)
    volunteer_hours_per_participant: float = spec(0.0, unit="hours per participant-month",
                                                  lo=0, hi=744)
    startup_months: int = spec(6, unit="months to full strength", lo=0, hi=600)
    collapse_below: float = spec(0.25, unit="strength", lo=0, hi=1,
                                 doc="below this for collapse_months it collapses")
    collapse_months: int = spec(6, unit="months", lo=1, hi=600)
    restart_after_years: float | None = spec(None, unit="years", lo=0, hi=200,
                                             doc="a collapsed initiative starts again")
    funding: list[FundingLine] = spec([], doc="payers and their shares over time")
    effects: Effects = field(default_factory=Effects)
    source: str = spec("")


@dataclass(frozen=True)
class Payer:
    """A payer as an actor: the koker it pays from and how it decides, once a year, whether
    to keep funding an initiative."""
    koker: str = spec(required=True, choices=PAYERS)
    rule: str = spec("committed", choices=DECISION_RULES)
    horizon_years: float = spec(1.0, unit="years", lo=0, hi=100)
    observes: list[str] = spec([], choices=PAYERS, doc="kokers whose savings it counts "
                                                        "(default: its own)")
    measurement_error: float = spec(0.02, unit="sd as share of yearly spend on health-based care", lo=0, hi=10)
    continue_ratio: float = spec(1.0, unit="benefit / cost", lo=0, hi=100)
    grow_ratio: float = spec(0.0, unit="benefit / cost (0: never grows)", lo=0, hi=100)
    max_scale: float = spec(1.0, unit="x planned size", lo=0, hi=100)
    stop_after: int = spec(2, unit="failed reviews in a row", lo=1, hi=100)
    trend_years: float = spec(3.0, unit="years the measured growth is extended", lo=0, hi=100)
    trend_min_years: int = spec(3, unit="measured years before a trend is fitted", lo=1, hi=100,
                                doc="with fewer, the latest measured year is expected again")
    first_review_years: float = spec(3.0, unit="years the initiative runs before the first "
                                     "review", lo=1, hi=100)
    measurement: str = spec("evaluation", choices=MEASUREMENTS,
                            doc="evaluation: the counterfactual plus noise (an evaluation "
                                "study); budget_trend: its own spending against its own trend")
    compare_villages: bool = spec(False, doc="budget_trend: the trend of comparable villages "
                                             "instead of its own pre-initiative trend")
    comparison_error: float = spec(0.02, unit="sd of comparable villages' growth, share of "
                                   "spend", lo=0, hi=10)
    budget_eur: float = spec(0.0, unit="EUR a year for initiatives (0: no limit)", lo=0, hi=1e12)
    market_share: float = spec(1.0, unit="share of the koker", lo=0, hi=1)
    switch_annual: float = spec(0.0, unit="share of clients leaving per year", lo=0, hi=1)


@dataclass(frozen=True)
class Volunteers:
    """Who volunteers for initiatives, how they are recruited and why they stop."""
    min_age: float = spec(55.0, unit="years", lo=0, hi=120)
    max_age: float = spec(80.0, unit="years", lo=0, hi=120)
    recruit_annual: float = spec(0.10, unit="probability per year when asked", lo=0, hi=1)
    leave_annual: float = spec(0.10, unit="probability per year", lo=0, hi=1)
    burnout_hours: float = spec(20.0, unit="hours per volunteer-month", lo=0, hi=744)
    burnout_multiplier: float = spec(3.0, unit="x leave hazard when overloaded", lo=0, hi=100)
    coordinator_leave_multiplier: float = spec(0.7, unit="x leave hazard", lo=0, hi=10,
                                               doc="when a dorpsondersteuner runs")
    shadow_price_eur: float = spec(18.80, unit="EUR per hour", lo=0, hi=1000)


@dataclass(frozen=True)
class Counterfactual:
    """The status-quo arm every scenario is compared with."""
    keep_initiatives: list[str] = spec([], doc="initiatives that also run in the counterfactual")
    overrides: dict[str, Any] = spec({}, doc="dotted keys set only in the counterfactual arm")


@dataclass(frozen=True)
class Sensitivity:
    """Which parameters the sensitivity analysis varies, over what ranges, with how many runs.

    ``ranges`` is keyed by dotted parameter paths, the same keys as ``--set``. The defaults
    keep a run of the default village to a few minutes on a laptop (see the README).
    """
    samples: int = spec(32, unit="base samples", lo=2, hi=2**20,
                        doc="Sobol base sample N (a power of 2); N x (parameters + 2) runs")
    replications: int = spec(1, unit="paired replications", lo=1, hi=100_000,
                             doc="per Sobol sample, with common random numbers")
    oat_replications: int = spec(16, unit="paired replications", lo=1, hi=100_000,
                                 doc="per one-at-a-time point (tornado)")
    ranges: dict[str, ParameterRange] = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    """A whole scenario: the village, its care, its initiatives and their financing."""
    name: str = spec("scenario")
    description: str = spec("")
    start_year: int = spec(2025, unit="calendar year", lo=1900, hi=2200)
    price_year: int = spec(2022, unit="calendar year of prices", lo=1900, hi=2200)
    horizon_years: float = spec(20.0, unit="years", lo=1 / 12, hi=200)
    run: Run = field(default_factory=Run)
    population: Population = field(default_factory=Population)
    demography: Demography = field(default_factory=Demography)
    health: Health = field(default_factory=Health)
    loneliness: Loneliness = field(default_factory=Loneliness)
    informal_care: InformalCare = field(default_factory=InformalCare)
    acute: Acute = field(default_factory=Acute)
    care: Care = field(default_factory=Care)
    services: dict[str, Service] = field(default_factory=dict)
    initiatives: dict[str, Initiative] = field(default_factory=dict)
    payers: dict[str, Payer] = field(default_factory=dict)
    volunteers: Volunteers = field(default_factory=Volunteers)
    counterfactual: Counterfactual = field(default_factory=Counterfactual)
    financing: Financing = field(default_factory=Financing)
    sensitivity: Sensitivity = field(default_factory=Sensitivity)
    uncertainty: Uncertainty = field(default_factory=Uncertainty)
    # Provenance, filled by the loader (simulate.scenario.provenance): not part of what is
    # simulated, so left out of equality and of scenario_hash.
    sources: dict[str, Source] = field(default_factory=dict, compare=False, metadata={
        "doc": "key path -> the source its file gives (sources.KEY in any table of a file)"})
    origins: dict[str, str] = field(default_factory=dict, compare=False, metadata={
        "doc": "key path -> the file, type default or override that set it"})

    @property
    def months(self) -> int:
        """Number of monthly steps in the horizon."""
        return max(1, int(round(self.horizon_years * 12)))
