"""Words on charts and in the report, in English and Dutch.

Every visible string goes through :func:`text` so that one ``lang`` switch ("en" or "nl")
changes a whole figure. Dutch domain words (koker, Wmo, mantelzorg, dorpsondersteuner) are kept
in both languages where they are the field's own words; English labels add a short gloss.
"""
from __future__ import annotations

LANGS: tuple[str, ...] = ("en", "nl")

PAYER_NAMES: dict[str, dict[str, str]] = {
    "wmo": {"en": "Wmo", "nl": "Wmo"},
    "zvw": {"en": "Zvw", "nl": "Zvw"},
    "wlz": {"en": "Wlz", "nl": "Wlz"},
    "wpg": {"en": "Wpg", "nl": "Wpg"},
    "residents": {"en": "residents", "nl": "bewoners"},
    "funds": {"en": "funds", "nl": "fondsen"},
    "investor": {"en": "investor", "nl": "investeerder"},
    "budget_holder": {"en": "budget holder", "nl": "budgethouder"},
    "total": {"en": "all kokers", "nl": "alle kokers"},
}
#: Payers named in the plural ("residents invest", "fondsen betalen").
PLURAL_PAYERS: frozenset[str] = frozenset({"residents", "funds"})
#: What each payer is, for legends and the report (one explanation, in plain words).
PAYER_GLOSS: dict[str, dict[str, str]] = {
    "wmo": {"en": "municipality, social support", "nl": "gemeente, maatschappelijke ondersteuning"},
    "zvw": {"en": "health insurers", "nl": "zorgverzekeraars"},
    "wlz": {"en": "long-term care", "nl": "langdurige zorg"},
    "wpg": {"en": "municipality, public health", "nl": "gemeente, publieke gezondheid"},
    "residents": {"en": "own contributions", "nl": "eigen bijdragen"},
    "funds": {"en": "charitable funds", "nl": "fondsen"},
    "investor": {"en": "social investor", "nl": "maatschappelijk investeerder"},
    "budget_holder": {"en": "regional holder of a population budget (populatiebekostiging)",
                      "nl": "regionale houder van een populatiebudget (populatiebekostiging)"},
}
STATE_NAMES: dict[str, dict[str, str]] = {
    "vital": {"en": "vital", "nl": "vitaal"},
    "prefrail": {"en": "pre-frail", "nl": "pre-kwetsbaar"},
    "frail": {"en": "frail (Wmo support)", "nl": "kwetsbaar (Wmo)"},
    "homecare": {"en": "care at home (Zvw)", "nl": "zorg thuis (Zvw)"},
    "wlz_home": {"en": "Wlz care at home", "nl": "Wlz-zorg thuis"},
    "nursing_home": {"en": "nursing home", "nl": "verpleeghuis"},
}
SERVICE_GLOSS_EN: dict[str, str] = {
    "huishoudelijke_hulp": "household help", "begeleiding": "guidance",
    "dagbesteding": "day activities", "huisarts": "GP", "wijkverpleging": "district nursing",
    "ziekenhuis": "hospital", "seh": "emergency dept.", "heupfractuur": "hip fracture",
    "wlz_thuis": "Wlz at home", "verpleeghuis": "nursing home",
    "overige_zvw": "other Zvw care, by age", "publieke_gezondheid": "public health", "dorpsondersteuner": "village support worker",
    "wmo_vervoer": "Wmo taxi", "meeting_place": "ontmoetingsplek",
    "volunteer_transport": "vrijwilligersvervoer", "neighbour_help": "burenhulp",
    "meals": "eettafel", "day_activities": "dagbesteding by volunteers",
    "small_scale_housing": "kleinschalig wonen", "carer_support": "mantelzorgondersteuning",
    "fall_prevention": "valpreventie", "transfers": "transfers between payers",
}
#: Dutch names of initiatives and services whose keys are English words (Dutch charts use them).
DUTCH_NAMES: dict[str, str] = {
    "meeting_place": "ontmoetingsplek", "volunteer_transport": "vrijwilligersvervoer",
    "neighbour_help": "burenhulp", "meals": "eettafel",
    "day_activities": "dagbesteding door vrijwilligers",
    "small_scale_housing": "kleinschalig wonen",
    "carer_support": "mantelzorgondersteuning", "fall_prevention": "valpreventie",
    "transfers": "overdrachten tussen betalers",
    "overige_zvw": "overige Zvw-zorg (naar leeftijd)",
}

TEXT: dict[str, dict[str, str]] = {
    "eur_k": {"en": "EUR thousand, price level {price_year}",
              "nl": "duizend euro, prijspeil {price_year}"},
    "eur_m": {"en": "EUR million, price level {price_year}",
              "nl": "miljoen euro, prijspeil {price_year}"},
    "eur": {"en": "EUR, price level {price_year}", "nl": "euro, prijspeil {price_year}"},
    "invests": {"en": "invests (extra spending on initiatives)",
                "nl": "investeert (extra uitgaven aan initiatieven)"},
    "saves": {"en": "saves (care costs avoided)", "nl": "bespaart (vermeden zorgkosten)"},
    "net": {"en": "net = savings - investment", "nl": "saldo = besparing - investering"},
    "pays_gains_x": {"en": "over {years} years ({unit})", "nl": "over {years} jaar ({unit})"},
    "interval": {"en": "bars: 95% interval over {reps} replications",
                 "nl": "strepen: 95%-interval over {reps} replicaties"},
    "invests_axis": {"en": "invests (koker that pays)", "nl": "investeert (koker die betaalt)"},
    "saves_axis": {"en": "saves (koker where savings land)",
                   "nl": "bespaart (koker waar de besparing landt)"},
    "year": {"en": "year", "nl": "jaar"},
    "cum_net_y": {"en": "cumulative net ({unit})", "nl": "cumulatief saldo ({unit})"},
    "payback": {"en": "payback {year}", "nl": "terugverdiend {year}"},
    "payback_def": {"en": "payback: first year from which the mean stays at or above zero",
                    "nl": "terugverdiend: eerste jaar vanaf wanneer het gemiddelde niet meer "
                          "onder nul komt"},
    "band": {"en": "bands: 95% interval over {reps} replications",
             "nl": "banden: 95%-interval over {reps} replicaties"},
    "paid_by": {"en": "paid by", "nl": "betaald door"},
    "spent_on": {"en": "spent on", "nl": "besteed aan"},
    "flows_sub": {"en": "scenario arm, mean over {reps} replications, {years} years ({unit})",
                  "nl": "scenario, gemiddelde over {reps} replicaties, {years} jaar ({unit})"},
    "initiative": {"en": "initiative", "nl": "initiatief"},
    "male": {"en": "men", "nl": "mannen"},
    "female": {"en": "women", "nl": "vrouwen"},
    "residents_axis": {"en": "residents (persons)", "nl": "inwoners (personen)"},
    "age": {"en": "age (years)", "nl": "leeftijd (jaren)"},
    "start": {"en": "{year} (start)", "nl": "{year} (begin)"},
    "end": {"en": "{year} (end)", "nl": "{year} (eind)"},
    "counterfactual": {"en": "without the scenario (counterfactual)",
                       "nl": "zonder het scenario (referentie)"},
    "scenario": {"en": "with the scenario", "nl": "met het scenario"},
    "per_state": {"en": "residents (persons, 1 January)",
                  "nl": "inwoners (personen, 1 januari)"},
    "per_state_title": {"en": "With the scenario, per care state (vital not shown)",
                        "nl": "Met het scenario, per zorgfase (vitaal niet getoond)"},
    "per_state_diff": {"en": "difference (persons)", "nl": "verschil (personen)"},
    "per_state_diff_title": {"en": "Difference: with minus without the scenario",
                             "nl": "Verschil: met min zonder het scenario"},
    "waiting_y": {"en": "waiting for a nursing-home bed (persons)",
                  "nl": "wachtend op een verpleeghuisplek (personen)"},
    "beds": {"en": "beds: {beds}", "nl": "bedden: {beds}"},
    "members_y": {"en": "participants (persons)", "nl": "deelnemers (personen)"},
    "volunteers_y": {"en": "volunteers (persons)", "nl": "vrijwilligers (personen)"},
    "strength_y": {"en": "strength (share of planned staff)",
                   "nl": "sterkte (deel van geplande inzet)"},
    "vol_hours_y": {"en": "volunteer hours (hours per year)",
                    "nl": "vrijwilligersuren (uren per jaar)"},
    "ic_hours_y": {"en": "mantelzorg (thousand hours per year)",
                   "nl": "mantelzorg (duizend uur per jaar)"},
    "dropout_y": {"en": "overburdened carers who stop (per year)",
                  "nl": "overbelaste mantelzorgers die stoppen (per jaar)"},
    "tornado_x": {"en": "{measure}, {payer} ({unit})", "nl": "{measure}, {payer} ({unit})"},
    "low": {"en": "parameter low", "nl": "parameter laag"},
    "high": {"en": "parameter high", "nl": "parameter hoog"},
    "base": {"en": "base case", "nl": "basisscenario"},
    "sobol_x": {"en": "share of output variance (0–1)", "nl": "aandeel in de variantie (0–1)"},
    "sobol_x_rough": {"en": "index (a share of the variance, 0–1, when precise; rough estimates "
                            "from few samples can exceed 1 or fall below 0)",
                      "nl": "index (aandeel in de variantie, 0–1, als hij precies is; ruwe "
                            "schattingen uit weinig trekkingen kunnen boven 1 of onder 0 "
                            "vallen)"},
    "s1": {"en": "first order (S1)", "nl": "eerste orde (S1)"},
    "st": {"en": "total order (ST)", "nl": "totale orde (ST)"},
    "compare_x": {"en": "{measure} over the horizon ({unit})",
                  "nl": "{measure} over de looptijd ({unit})"},
    "measure_net": {"en": "net", "nl": "saldo"},
    "measure_savings": {"en": "savings", "nl": "besparing"},
    "measure_investment": {"en": "investment", "nl": "investering"},
    "measure_npv": {"en": "net present value", "nl": "netto contante waarde"},
    "measure_difference": {"en": "difference in cost", "nl": "verschil in kosten"},
    "replications": {"en": "replications", "nl": "replicaties"},
    "transfers": {"en": "transfers: received (+) or paid (−) under the regime",
                  "nl": "overdrachten: ontvangen (+) of betaald (−) onder het regime"},
    "net_transfers": {"en": "net = savings - investment + transfers",
                      "nl": "saldo = besparing - investering + overdrachten"},
    "hours_y": {"en": "volunteer hours (hours per month)",
                "nl": "vrijwilligersuren (uren per maand)"},
    "scale_y": {"en": "funded scale (1 = as planned)",
                "nl": "gefinancierde omvang (1 = zoals gepland)"},
    "running_y": {"en": "replications in which it runs (%)",
                  "nl": "replicaties waarin het draait (%)"},
    "decisions_y": {"en": "decisions per replication", "nl": "besluiten per replicatie"},
    "transfers_y": {"en": "transfers received (+) or paid (−)\n({unit})",
                    "nl": "overdrachten ontvangen (+) of betaald (−)\n({unit})"},
    "transfers_sub": {"en": "with minus without the scenario, per year; bands: 95% interval over "
                            "{reps} replications; transfers sum to zero over all payers",
                      "nl": "met min zonder het scenario, per jaar; banden: 95%-interval over "
                            "{reps} replicaties; overdrachten tellen op tot nul over alle "
                            "betalers"},
    "flows_no_transfers": {"en": "regime transfers between payers are not drawn (not a "
                                 "service): {items}",
                           "nl": "overdrachten tussen betalers onder het regime niet getekend "
                                 "(geen dienst): {items}"},
    "wp_before_transfers": {"en": "before the regime's transfers between payers",
                            "nl": "vóór de overdrachten tussen betalers onder het regime"},
    "seed": {"en": "seed", "nl": "seed"},
    "status_quo": {"en": "status quo (without the scenario)",
                   "nl": "status quo (zonder het scenario)"},
    "status_quo_of": {"en": "{name}: status quo", "nl": "{name}: status quo"},
    "spending_x": {"en": "spending over {years} years ({unit})",
                   "nl": "uitgaven over {years} jaar ({unit})"},
    "spending_sub": {"en": "spending: everything a koker pays (care, initiatives, transfers); "
                           "bars: 95% interval over {reps} replications",
                     "nl": "uitgaven: alles wat een koker betaalt (zorg, initiatieven, "
                           "overdrachten); strepen: 95%-interval over {reps} replicaties"},
    "tornado_sub": {"en": "net = savings - investment (positive: the payer gains); each "
                          "parameter at its low and high value, the others at base; {reps} "
                          "paired replications per point",
                    "nl": "saldo = besparing - investering (positief: de betaler wint); elke "
                          "parameter op zijn lage en hoge waarde, de andere op de basis; {reps} "
                          "gepaarde replicaties per punt"},
    "sign_rule": {"en": "Signs: + the payer gains (spends less, saves or receives), - it loses "
                        "(spends more or pays); investment is what a payer puts in.",
                  "nl": "Tekens: + de betaler wint (geeft minder uit, bespaart of ontvangt), - hij "
                        "verliest (geeft meer uit of betaalt); investering is wat een betaler "
                        "erin steekt."},
    "cli_payer": {"en": "payer", "nl": "betaler"},
    "cli_counterfactual": {"en": "counterfactual", "nl": "status quo"},
    "cli_scenario": {"en": "scenario", "nl": "scenario"},
    "cli_net": {"en": "net", "nl": "saldo"},
    "cli_interval": {"en": "95% interval", "nl": "95%-interval"},
    "cli_interval_net": {"en": "95% interval (net)", "nl": "95%-interval (saldo)"},
    "cli_total": {"en": "total", "nl": "totaal"},
    "cli_investment": {"en": "investment", "nl": "investering"},
    "cli_savings": {"en": "savings", "nl": "besparing"},
    "cli_transfers": {"en": "transfers", "nl": "overdrachten"},
    "cli_payback": {"en": "payback", "nl": "terugverdiend"},
    "cli_run_head": {"en": "{name}: {reps} replications, seed {seed}, {years} years from {start}; "
                           "EUR totals over the horizon (price level {price}), mean over "
                           "replications; net = counterfactual - scenario spending",
                     "nl": "{name}: {reps} replicaties, seed {seed}, {years} jaar vanaf {start}; "
                           "totalen in euro over de looptijd (prijspeil {price}), gemiddelde over "
                           "replicaties; saldo = uitgaven status quo - uitgaven scenario"},
    "cli_kokers_head": {"en": "Where costs and benefits land (EUR over the horizon; {net}):",
                        "nl": "Waar kosten en baten landen (euro over de looptijd; {net}):"},
    "cli_compare_head": {"en": "Net result per koker (EUR over the horizon, price level {price}; "
                               "net = savings - investment + transfers, with the 95% interval; "
                               "-: no such payer):",
                         "nl": "Saldo per koker (euro over de looptijd, prijspeil {price}; "
                               "saldo = besparing - investering + overdrachten, met het "
                               "95%-interval; -: geen zulke betaler):"},
    "cli_reps_line": {"en": "{name}: {reps} replications, seed {seed}, {years} years from {start}",
                      "nl": "{name}: {reps} replicaties, seed {seed}, {years} jaar vanaf {start}"},
    "cli_run_folder": {"en": "run folder: {path}", "nl": "runmap: {path}"},
    "sobol_sub": {"en": "indices of the net result (savings - investment); Sobol design of "
                        "{points} points (N = {samples}) x {reps} replication(s); lines: 95% "
                        "interval",
                  "nl": "indices van het saldo (besparing - investering); Sobol-ontwerp van "
                        "{points} punten (N = {samples}) x {reps} replicatie(s); strepen: "
                        "95%-interval"},
}


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise a ValueError that names the choices."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)} (got {lang!r})")
    return lang


def text(key: str, lang: str, **fields) -> str:
    """The label ``key`` in ``lang`` with ``{fields}`` filled in."""
    return TEXT[key][check_lang(lang)].format(**fields)


def payer_name(payer: str, lang: str) -> str:
    """Display name of a payer (koker), e.g. 'Wmo' or 'bewoners'."""
    return PAYER_NAMES.get(payer, {}).get(check_lang(lang), payer)


def payer_subject(payer: str, lang: str, capital: bool = False) -> str:
    """A payer as the subject of a sentence: 'the Wmo', 'de Zvw', 'residents'."""
    name = payer_name(payer, lang)
    if payer in ("wmo", "zvw", "wlz", "wpg", "investor", "budget_holder", "total"):
        name = ("the " if lang == "en" else "de ") + name
    return name[:1].upper() + name[1:] if capital else name


def is_plural(payers: list[str] | tuple[str, ...] | str) -> bool:
    """Whether a subject of one or more payers takes a plural verb."""
    if isinstance(payers, str):
        return payers in PLURAL_PAYERS
    return len(payers) != 1 or payers[0] in PLURAL_PAYERS


def verb(payers: list[str] | tuple[str, ...] | str, lang: str, en: str, nl: str) -> str:
    """A verb that agrees with its subject: ``verb("wmo", "en", "pays", "betaalt|betalen")``
    is 'pays'; with residents, funds or several payers it is 'pay' (English drops the final
    's') or 'betalen' (Dutch gives the plural after '|')."""
    sing_nl, _, plur_nl = nl.partition("|")
    if not is_plural(payers):
        return en if check_lang(lang) == "en" else sing_nl
    if check_lang(lang) == "en":
        return "have" if en == "has" else en[:-1] if en.endswith("s") else en
    return plur_nl or sing_nl


def state_name(state: str, lang: str) -> str:
    """Display name of a care state."""
    return STATE_NAMES.get(state, {}).get(check_lang(lang), state)


def initiative_name(name: str, lang: str) -> str:
    """Display name of an initiative (a scenario key): in Dutch the Dutch word when the key
    is an English one ('meeting_place' -> 'ontmoetingsplek'), else the key with spaces."""
    if check_lang(lang) == "nl" and name in DUTCH_NAMES:
        return DUTCH_NAMES[name]
    return name.replace("_", " ")


def service_name(service: str, lang: str) -> str:
    """Display name of a service: the Dutch term, with an English gloss in English."""
    if check_lang(lang) == "nl" and service in DUTCH_NAMES:
        return DUTCH_NAMES[service]
    base = service.replace("_", " ")
    gloss = SERVICE_GLOSS_EN.get(service)
    return f"{base} ({gloss})" if check_lang(lang) == "en" and gloss else base


def join_names(names: list[str], lang: str) -> str:
    """'A', 'A and B', 'A, B and C' (en) or 'A en B' (nl)."""
    word = " and " if lang == "en" else " en "
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + word + names[-1]
