"""Short names for people of every parameter in the scenario schema, in English and Dutch.

Charts (tornado, Sobol), the report and ``simulate show`` name a parameter by what it means
("dorpsondersteuner: participants per FTE") rather than by its key path
(``initiatives.dorpsondersteuner.caseload_per_fte``). The table :data:`LABELS` is keyed by the
key path with ``*`` for a name the scenario chooses (a service, an initiative, a payer, a
range); :func:`parameter_label` fills the name in, and a key below a table-valued parameter
(``health.progression_annual.frail``) is named after the label. ``tests/unit/test_parameter_labels.py``
checks that every field of the schema has a label in both languages.
"""
from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterator

from simulate.text.labels import (
    PAYER_NAMES,
    STATE_NAMES,
    check_lang,
    initiative_name,
    payer_name,
    service_name,
    state_name,
)

#: path (``*`` for a chosen name) -> (English, Dutch). Short: they label chart rows.
LABELS: dict[str, tuple[str, str]] = {
    "name": ("scenario name", "naam van het scenario"),
    "description": ("description", "beschrijving"),
    "start_year": ("first year", "beginjaar"),
    "price_year": ("price level (year)", "prijspeil (jaar)"),
    "horizon_years": ("horizon (years)", "looptijd (jaren)"),
    "run.seed": ("random seed", "seed van het toeval"),
    "run.replications": ("replications", "replicaties"),
    "population.size": ("residents at the start", "inwoners bij de start"),
    "population.age_structure": ("age structure", "leeftijdsopbouw"),
    "population.age_weights": ("weight of age band", "gewicht leeftijdsgroep"),
    "population.low_income_share": ("share with a low income", "aandeel met laag inkomen"),
    "population.carer_available_share": ("share with a mantelzorger",
                                         "aandeel met een mantelzorger"),
    "demography.mortality_table": ("mortality table", "sterftetafel"),
    "demography.mortality_table_year": ("year of the life table", "jaar van de sterftetafel"),
    "demography.mortality_improvement": ("mortality falls by calendar year",
                                         "sterfte daalt per kalenderjaar"),
    "demography.older_in_migration_per_1000": ("newcomers 50-79 per 1,000 residents",
                                               "nieuwkomers 50-79 per 1.000 inwoners"),
    "demography.care_move_annual": ("65+ needing care moving away per year",
                                    "65-plussers met zorg die per jaar verhuizen"),
    "demography.mortality_multiplier": ("mortality multiplier", "sterftefactor"),
    "demography.lonely_mortality_hr": ("mortality of the lonely (hazard ratio)",
                                       "sterfte bij eenzaamheid (hazard ratio)"),
    "demography.births_per_1000_women_15_49": ("births per 1,000 women 15-49",
                                               "geboorten per 1.000 vrouwen 15-49"),
    "demography.out_migration_annual": ("moving out per year", "vertrek per jaar"),
    "demography.in_migration_per_1000": ("moving in per 1,000 residents",
                                         "vestiging per 1.000 inwoners"),
    "health.reference_age": ("reference age of progression", "referentieleeftijd achteruitgang"),
    "health.progression_annual": ("decline to the next care state per year",
                                  "achteruitgang naar volgende zorgfase per jaar"),
    "health.progression_age_slope": ("rise of decline with age", "toename achteruitgang met leeftijd"),
    "health.recovery_annual": ("recovery per year", "herstel per jaar"),
    "health.lonely_multiplier": ("faster decline when lonely", "snellere achteruitgang bij eenzaamheid"),
    "health.no_carer_multiplier": ("faster decline without a carer",
                                   "snellere achteruitgang zonder mantelzorger"),
    "health.low_income_multiplier": ("faster decline on a low income",
                                     "snellere achteruitgang bij laag inkomen"),
    "health.hip_fracture_multiplier": ("faster decline after a hip fracture",
                                       "snellere achteruitgang na heupfractuur"),
    "health.wlz_stay_home_share": ("share with Wlz who stay home", "aandeel Wlz dat thuis blijft"),
    "loneliness.onset_annual": ("becoming lonely per year", "eenzaam worden per jaar"),
    "loneliness.onset_alone_multiplier": ("lonely sooner when living alone",
                                          "sneller eenzaam bij alleen wonen"),
    "loneliness.recovery_annual": ("no longer lonely per year", "niet meer eenzaam per jaar"),
    "informal_care.hours_per_month": ("mantelzorg hours per month", "mantelzorguren per maand"),
    "informal_care.overburden_hours": ("hours at which carers are overburdened",
                                       "uren waarboven mantelzorgers overbelast zijn"),
    "informal_care.dropout_annual_overburdened": ("overburdened carers who stop per year",
                                                  "overbelaste mantelzorgers die stoppen per jaar"),
    "informal_care.new_carer_annual": ("new mantelzorger found per year",
                                       "nieuwe mantelzorger gevonden per jaar"),
    "informal_care.shadow_price_eur": ("value of a mantelzorg hour", "waarde van een mantelzorguur"),
    "acute.min_age": ("minimum age for falls and acute care",
                      "minimumleeftijd voor vallen en acute zorg"),
    "acute.fall_annual": ("falls per year", "vallen per jaar"),
    "acute.fall_to_ed": ("falls that reach the emergency dept.", "valpartijen naar de SEH"),
    "acute.hip_fracture_per_fall": ("hip fractures per fall", "heupfracturen per val"),
    "acute.hip_fracture_death": ("death within a year of a hip fracture",
                                 "overlijden binnen een jaar na heupfractuur"),
    "acute.ed_annual": ("emergency visits per year", "SEH-bezoeken per jaar"),
    "acute.hospital_annual": ("hospital admissions per year", "ziekenhuisopnamen per jaar"),
    "acute.waiting_ed_multiplier": ("more emergency visits while waiting for a bed",
                                    "meer SEH-bezoeken tijdens wachten op een bed"),
    "care.nursing_home_beds": ("nursing-home beds", "verpleeghuisplekken"),
    "care.bed_changes": ("nursing-home beds from year", "verpleeghuisplekken vanaf jaar"),
    "care.capacity": ("how bed capacity grows", "hoe de beddencapaciteit meegroeit"),
    "care.treeknorm_weeks": ("waiting norm for a bed (weeks)", "treeknorm voor een bed (weken)"),
    "care.accept_outside_share": ("share accepting a bed elsewhere",
                                  "aandeel dat een bed elders accepteert"),
    "care.reoffer_months": ("months before a bed elsewhere is offered again",
                            "maanden tot opnieuw een bed elders wordt aangeboden"),
    "services.*.payer": ("payer", "betaler"),
    "services.*.unit": ("unit", "eenheid"),
    "services.*.unit_cost_eur": ("unit cost", "kostprijs per eenheid"),
    "services.*.use_per_month": ("use per month", "gebruik per maand"),
    "services.*.units_per_event": ("units per event", "eenheden per gebeurtenis"),
    "services.*.extra_without_carer": ("extra use without a carer", "extra gebruik zonder mantelzorger"),
    "services.*.waiting_extra": ("extra use while waiting for a bed",
                                 "extra gebruik tijdens wachten op een bed"),
    "services.*.per_resident_month": ("use per resident-month", "gebruik per inwonermaand"),
    "services.*.per_resident_by_age": ("use per resident-month by age",
                                       "gebruik per inwonermaand naar leeftijd"),
    "services.*.copay_eur_per_month": ("own contribution per month", "eigen bijdrage per maand"),
    "services.*.source": ("source", "bron"),
    "initiatives.*.type": ("type", "soort"),
    "initiatives.*.enabled": ("switched on", "aangezet"),
    "initiatives.*.start_year": ("start (years after start)", "start (jaren na begin)"),
    "initiatives.*.end_year": ("end (years after start)", "einde (jaren na begin)"),
    "initiatives.*.fte": ("staff (FTE)", "formatie (fte)"),
    "initiatives.*.cost_per_fte_eur": ("cost per FTE-year", "kosten per fte-jaar"),
    "initiatives.*.fixed_cost_eur": ("fixed cost per year", "vaste kosten per jaar"),
    "initiatives.*.caseload_per_fte": ("participants per FTE", "deelnemers per fte"),
    "initiatives.*.capacity": ("places besides staff", "plaatsen naast formatie"),
    "initiatives.*.min_age": ("minimum age", "minimumleeftijd"),
    "initiatives.*.eligible_states": ("care states it reaches", "zorgfasen die het bereikt"),
    "initiatives.*.detection_annual": ("residents found per year", "inwoners gevonden per jaar"),
    "initiatives.*.priority_multiplier": ("priority for lonely or carerless",
                                          "voorrang eenzaam of zonder mantelzorger"),
    "initiatives.*.leave_annual": ("participants leaving per year", "deelnemers die stoppen per jaar"),
    "initiatives.*.per_participant_eur": ("cost per participant-month", "kosten per deelnemermaand"),
    "initiatives.*.lonely_or_alone_only": ("only lonely or alone", "alleen eenzaam of alleenwonend"),
    "initiatives.*.volunteers_fixed": ("volunteers (fixed)", "vrijwilligers (vast)"),
    "initiatives.*.volunteers_per_participant": ("volunteers per participant",
                                                 "vrijwilligers per deelnemer"),
    "initiatives.*.volunteer_hours_per_participant": ("volunteer hours per participant",
                                                      "vrijwilligersuren per deelnemer"),
    "initiatives.*.startup_months": ("months to full strength", "maanden tot volle sterkte"),
    "initiatives.*.collapse_below": ("collapses below strength", "valt om onder sterkte"),
    "initiatives.*.collapse_months": ("months below strength before collapse",
                                      "maanden onder sterkte tot omvallen"),
    "initiatives.*.restart_after_years": ("restarts after (years)", "herstart na (jaren)"),
    "initiatives.*.funding.*.payer": ("funder", "financier"),
    "initiatives.*.funding.*.share": ("funder's share", "aandeel financier"),
    "initiatives.*.funding.*.review_after_years": ("years before the funder reviews",
                                                  "jaren tot de financier toetst"),
    "initiatives.*.funding.*.start_year": ("funding from (years after start)",
                                           "financiering vanaf (jaren na begin)"),
    "initiatives.*.funding.*.end_year": ("funding until (years after start)",
                                         "financiering tot (jaren na begin)"),
    "initiatives.*.effects.progression_multiplier": ("effect on decline",
                                                     "effect op achteruitgang"),
    "initiatives.*.effects.loneliness_recovery_multiplier": ("effect on leaving loneliness",
                                                             "effect op herstel van eenzaamheid"),
    "initiatives.*.effects.carer_found_annual": ("carers found per year",
                                                 "mantelzorgers gevonden per jaar"),
    "initiatives.*.effects.service_use_multiplier": ("effect on use of", "effect op gebruik van"),
    "initiatives.*.effects.fall_multiplier": ("effect on falls", "effect op vallen"),
    "initiatives.*.effects.loneliness_onset_multiplier": ("effect on becoming lonely",
                                                          "effect op eenzaam worden"),
    "initiatives.*.effects.carer_dropout_multiplier": ("effect on carers stopping",
                                                       "effect op stoppen mantelzorgers"),
    "initiatives.*.effects.replaces_bed": ("replaces a nursing-home bed",
                                           "vervangt een verpleeghuisplek"),
    "initiatives.*.source": ("source", "bron"),
    "payers.*.koker": ("koker", "koker"),
    "payers.*.rule": ("decision rule", "beslisregel"),
    "payers.*.horizon_years": ("years it looks ahead", "jaren vooruit gekeken"),
    "payers.*.observes": ("kokers whose savings it counts", "kokers waarvan het besparing telt"),
    "payers.*.measurement_error": ("measurement error", "meetfout"),
    "payers.*.continue_ratio": ("benefit/cost to continue", "baat/kosten om door te gaan"),
    "payers.*.grow_ratio": ("benefit/cost to grow", "baat/kosten om te groeien"),
    "payers.*.max_scale": ("largest scale", "grootste omvang"),
    "payers.*.stop_after": ("failed reviews before stopping", "mislukte toetsen tot stoppen"),
    "payers.*.trend_years": ("years of trend extended", "jaren trend doorgetrokken"),
    "payers.*.budget_eur": ("budget for initiatives per year", "budget voor initiatieven per jaar"),
    "payers.*.market_share": ("market share", "marktaandeel"),
    "payers.*.switch_annual": ("clients switching per year", "overstappende cliënten per jaar"),
    "payers.*.measurement": ("how it measures savings", "hoe het besparing meet"),
    "payers.*.trend_min_years": ("years measured before a trend", "gemeten jaren voor een trend"),
    "payers.*.first_review_years": ("years before the first review", "jaren tot de eerste toets"),
    "payers.*.compare_villages": ("compares with other villages", "vergelijkt met andere dorpen"),
    "payers.*.comparison_error": ("error of the village comparison", "fout van de dorpsvergelijking"),
    "volunteers.min_age": ("volunteers' minimum age", "minimumleeftijd vrijwilligers"),
    "volunteers.max_age": ("volunteers' maximum age", "maximumleeftijd vrijwilligers"),
    "volunteers.recruit_annual": ("volunteers recruited per year", "vrijwilligers geworven per jaar"),
    "volunteers.leave_annual": ("volunteers leaving per year", "vrijwilligers die stoppen per jaar"),
    "volunteers.burnout_hours": ("volunteer hours before overload",
                                 "vrijwilligersuren tot overbelasting"),
    "volunteers.burnout_multiplier": ("more leaving when overloaded",
                                      "meer uitval bij overbelasting"),
    "volunteers.coordinator_leave_multiplier": ("less leaving with a coordinator",
                                                "minder uitval met een coördinator"),
    "volunteers.shadow_price_eur": ("value of a volunteer hour", "waarde van een vrijwilligersuur"),
    "counterfactual.keep_initiatives": ("initiatives also in the status quo",
                                        "initiatieven ook in de status quo"),
    "counterfactual.overrides": ("values only in the status quo", "waarden alleen in de status quo"),
    "financing.regime": ("financing regime", "financieringsregime"),
    "financing.regime_start_year": ("regime from (years after start)",
                                    "regime vanaf (jaren na begin)"),
    "financing.discount_rate": ("discount rate", "disconteringsvoet"),
    "financing.populatiebekostiging.kokers": ("kokers in the population budget",
                                              "kokers in het populatiebudget"),
    "financing.populatiebekostiging.age_weights": ("capitation age weights",
                                                   "leeftijdsgewichten populatiebudget"),
    "financing.populatiebekostiging.reinvest_share": ("share of surplus kept",
                                                      "aandeel overschot dat blijft"),
    "financing.populatiebekostiging.risk_corridor": ("risk corridor", "risicocorridor"),
    "financing.populatiebekostiging.min_savings_rate": ("holder's minimum savings rate",
                                                        "minimale besparing van de houder"),
    "financing.populatiebekostiging.term_years": ("population budget contract term",
                                                  "looptijd populatiebudget"),
    "financing.populatiebekostiging.candidates": ("initiatives the fund may start",
                                                  "initiatieven die het fonds kan starten"),
    "financing.shared_savings.min_savings_rate": ("shared savings: minimum savings rate",
                                                  "gedeelde besparing: minimale besparing"),
    "financing.shared_savings.term_years": ("shared savings: contract term",
                                            "gedeelde besparing: looptijd"),
    "financing.innovatiecontract.min_savings_rate": ("innovatiecontract: minimum savings rate",
                                                     "innovatiecontract: minimale besparing"),
    "financing.innovatiecontract.term_years": ("innovatiecontract: contract term",
                                               "innovatiecontract: looptijd"),
    "financing.shared_savings.share_to_investors": ("savings share to investors",
                                                    "besparingsaandeel naar investeerders"),
    "financing.shared_savings.measurement_error": ("measurement error", "meetfout"),
    "financing.innovatiecontract.measure_years": ("years of measurement", "meetjaren"),
    "financing.innovatiecontract.measurement_error": ("measurement error", "meetfout"),
    "financing.pizza.government_payer": ("government's koker", "koker van de overheid"),
    "financing.pizza.contribution_payer": ("who contributes", "wie bijdraagt"),
    "financing.pizza.government_share": ("government's share", "aandeel van de overheid"),
    "financing.pizza.fee_eur": ("members' fee per month", "bijdrage van leden per maand"),
    "financing.pizza.fee_max_eur": ("fee at which nobody joins", "bijdrage waarbij niemand meedoet"),
    "financing.voucher.service": ("service in the voucher", "dienst van de cheque"),
    "financing.voucher.initiative": ("initiative that delivers", "initiatief dat levert"),
    "financing.voucher.price_share": ("price as share of formal cost",
                                      "prijs als deel van formele kosten"),
    "financing.voucher.uptake": ("uptake by members", "gebruik door leden"),
    "financing.voucher.admin_eur_per_member": ("admin per member-month",
                                               "beheer per ledenmaand"),
    "financing.voucher.drop_copay": ("own contribution dropped", "eigen bijdrage vervalt"),
    "financing.right_to_challenge.service": ("service taken over", "overgenomen dienst"),
    "financing.right_to_challenge.initiative": ("initiative that takes over",
                                                "initiatief dat overneemt"),
    "financing.right_to_challenge.cost_share": ("cost as share of formal cost",
                                                "kosten als deel van formele kosten"),
    "financing.right_to_challenge.hours_per_volunteer": ("hours per cooperative member",
                                                         "uren per lid van de coöperatie"),
    "financing.right_to_challenge.capacity_required": ("share of volume required for the bid",
                                                       "vereist deel van het volume voor het bod"),
    "financing.right_to_challenge.fail_below": ("contract fails below delivered share",
                                                "contract faalt onder geleverd deel"),
    "financing.right_to_challenge.fail_months": ("months below before failure",
                                                 "maanden eronder tot falen"),
    "financing.right_to_challenge.takeback_cost_eur": ("cost of taking the service back",
                                                       "kosten van terugnemen van de dienst"),
    "financing.right_to_challenge.rebid_after_years": ("years before a new bid",
                                                       "jaren tot een nieuw bod"),
    "financing.right_to_challenge.earliest_year": ("earliest takeover (years after start)",
                                                   "vroegste overname (jaren na begin)"),
    "financing.social_impact_bond.term_years": ("bond term (years)", "looptijd obligatie (jaren)"),
    "financing.social_impact_bond.return_rate": ("investor's return per year",
                                                 "rendement investeerder per jaar"),
    "financing.social_impact_bond.target_share": ("savings target / investment",
                                                  "besparingsdoel / investering"),
    "financing.social_impact_bond.outcome_payers": ("outcome payer's share",
                                                    "aandeel uitkomstbetaler"),
    "financing.social_impact_bond.measurement_error": ("measurement error", "meetfout"),
    "financing.social_impact_bond.hurdle_rate": ("investor's required return",
                                                 "vereist rendement investeerder"),
    "financing.social_impact_bond.expected_savings_ratio": ("expected savings per euro",
                                                            "verwachte besparing per euro"),
    "financing.social_impact_bond.expected_savings_sd": ("uncertainty of expected savings",
                                                         "onzekerheid verwachte besparing"),
    "sensitivity.samples": ("Sobol base samples", "Sobol-basistrekkingen"),
    "sensitivity.replications": ("replications per Sobol point", "replicaties per Sobol-punt"),
    "sensitivity.oat_replications": ("replications per tornado point",
                                     "replicaties per tornadopunt"),
    "sensitivity.ranges.*.low": ("low value", "lage waarde"),
    "sensitivity.ranges.*.high": ("high value", "hoge waarde"),
    "sensitivity.ranges.*.reason": ("reason for the range", "reden voor het bereik"),
    "sensitivity.ranges.*.distribution": ("distribution", "verdeling"),
    "sensitivity.ranges.*.distribution_reason": ("reason for the distribution",
                                                 "reden voor de verdeling"),
    "sensitivity.ranges.*.group": ("drawn together with", "samen getrokken met"),
    "uncertainty.parameters": ("draw uncertain parameters", "onzekere parameters trekken"),
    "uncertainty.replications": ("replications for uncertainty", "replicaties voor onzekerheid"),
    "uncertainty.fixed": ("parameters held at their value", "parameters op hun waarde gehouden"),
    "uncertainty.ranges.*.low": ("low value", "lage waarde"),
    "uncertainty.ranges.*.high": ("high value", "hoge waarde"),
    "uncertainty.ranges.*.reason": ("reason for the range", "reden voor het bereik"),
    "uncertainty.ranges.*.distribution": ("distribution", "verdeling"),
    "uncertainty.ranges.*.distribution_reason": ("reason for the distribution",
                                                 "reden voor de verdeling"),
    "uncertainty.ranges.*.group": ("drawn together with", "samen getrokken met"),
    "uncertainty.groups.*.correlation": ("correlation within the group",
                                         "correlatie binnen de groep"),
    "uncertainty.groups.*.reason": ("reason for the group", "reden voor de groep"),
}


def schema_paths() -> Iterator[str]:
    """Every parameter of the schema as a key path, ``*`` for the names a scenario chooses
    (not the provenance the loader fills in: ``sources``, ``origins``)."""
    from simulate.scenario import schema

    def walk(cls: type, prefix: str) -> Iterator[str]:
        hints = typing.get_type_hints(cls, vars(schema))
        for f in dataclasses.fields(cls):
            if not f.compare:       # provenance (sources, origins), not a parameter
                continue
            hint, path = hints[f.name], prefix + f.name
            inner = typing.get_args(hint)[-1] if typing.get_origin(hint) in (dict, list) else None
            if dataclasses.is_dataclass(hint):
                yield from walk(typing.cast(type, hint), path + ".")
            elif inner is not None and dataclasses.is_dataclass(inner):
                yield from walk(typing.cast(type, inner), path + ".*.")
            else:
                yield path

    yield from walk(schema.Scenario, "")


def _key_name(key: str, lang: str) -> str:
    """A key below a table-valued parameter in words: a care state, a payer, a service, an
    age band or a year as written."""
    if key in STATE_NAMES:
        return state_name(key, lang)
    if key in PAYER_NAMES:
        return payer_name(key, lang)
    return service_name(key, lang)


def _match(parts: list[str]) -> tuple[str, list[str], list[str]] | None:
    """The longest table key that matches the start of ``parts``: (key, the names ``*``
    stood for, the rest of the path)."""
    for n in range(len(parts), 0, -1):
        for key in LABELS:
            pattern = key.split(".")
            if len(pattern) == n and all(p in ("*", x) for p, x in zip(pattern, parts)):
                names = [x for p, x in zip(pattern, parts) if p == "*"]
                return key, names, parts[n:]
    return None


def parameter_label(path: str, lang: str = "en") -> str:
    """A short name of the parameter at key ``path`` in ``lang``:
    ``initiatives.dorpsondersteuner.caseload_per_fte`` -> 'dorpsondersteuner: participants per
    FTE'; ``health.progression_annual.frail`` -> 'decline to the next care state per year,
    frail (Wmo support)'. A path the schema does not know is returned as it is (a chart then
    still shows something true)."""
    check_lang(lang)
    parts = str(path).split(".")
    found = _match(parts)
    if found is None:
        return str(path)
    key, names, rest = found
    label = LABELS[key][0 if lang == "en" else 1]
    if rest:
        label += " " if key.endswith(("service_use_multiplier", "bed_changes")) else ", "
        label += ".".join(_key_name(r, lang) for r in rest)
    if names and key.split(".")[0] in ("initiatives", "services", "payers"):
        group = key.split(".")[0]
        who = (initiative_name(names[0], lang) if group == "initiatives" else
               service_name(names[0], lang) if group == "services" else
               payer_name(names[0], lang))
        label = f"{who}: {label}"
    return label
