"""The one catalogue of fixed words on charts, in the report and on the terminal, in English
and Dutch: ``key -> {"en": ..., "nl": ...}``, read with :func:`simulate.text.labels.text`.

Words that are built around numbers (a finding, a table note) are written where the numbers are,
with :func:`simulate.text.labels.both` or as :class:`simulate.text.findings.Finding` records;
everything fixed is here, so a translator reads one file.
"""
from __future__ import annotations

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
    "swing_ci": {"en": "95% interval of the swing (high − low)",
                 "nl": "95%-interval van het verschil (hoog − laag)"},
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
    "cli_care_effect": {"en": "care effect", "nl": "zorgeffect"},
    "net_care_effect": {"en": "care effect = savings - investment, net = care effect + transfers",
                        "nl": "zorgeffect = besparing - investering, saldo = zorgeffect + "
                              "overdrachten"},
    "cli_total": {"en": "total", "nl": "totaal"},
    "cli_investment": {"en": "investment", "nl": "investering"},
    "cli_savings": {"en": "savings", "nl": "besparing"},
    "cli_transfers": {"en": "transfers", "nl": "overdrachten"},
    "cli_payback": {"en": "payback", "nl": "terugverdiend"},
    "cli_p_gain": {"en": "p(gain)", "nl": "p(winst)"},
    "cli_p_gain_note": {"en": "p(gain): the share of replications in which the payer's net is positive",
                        "nl": "p(winst): het aandeel herhalingen waarin het saldo van de betaler positief is"},
    "cli_p_gain_drawn": {"en": " (each with its own draw of the parameters: the probability that it gains)",
                         "nl": " (elk met een eigen trekking van de parameters: de kans dat hij wint)"},
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
    "cli_sensitivity": {"en": "sensitivity ({mode}): {path}",
                        "nl": "gevoeligheidsanalyse ({mode}): {path}"},
    "cli_no_sensitivity": {"en": "sensitivity: none (no ranges this scenario can vary)",
                           "nl": "gevoeligheidsanalyse: geen (dit scenario heeft geen bereiken "
                                 "om te variëren)"},
    "cli_report": {"en": "report: {path}", "nl": "rapport: {path}"},
    "cli_resuming": {"en": "resuming: {n} replications already done",
                     "nl": "hervatten: {n} replicaties al klaar"},
    "cli_run_folder": {"en": "run folder: {path}", "nl": "runmap: {path}"},
    "sobol_sub": {"en": "indices of the net result (savings - investment); Sobol design of "
                        "{points} points (N = {samples}) x {reps} replication(s); lines: 95% "
                        "interval",
                  "nl": "indices van het saldo (besparing - investering); Sobol-ontwerp van "
                        "{points} punten (N = {samples}) x {reps} replicatie(s); strepen: "
                        "95%-interval"},
    # the report's headings and fixed paragraphs
    "report_title": {
        "en": 'Where the costs and benefits of community care land',
        "nl": 'Waar de kosten en baten van zorgzame gemeenschappen landen'},
    "report_question": {
        "en": 'The question',
        "nl": 'De vraag'},
    "report_question_text": {
        "en": "When a village invests in community care, where do the costs land and where do the benefits land, per funding stream (koker)? Every euro in this run is booked to the koker that pays it: Wmo (municipality, social support), Zvw (health insurers), Wlz (long-term care), Wpg (public health), residents' own contributions, funds and investors. Unpaid hours of mantelzorgers and volunteers are reported apart.",
        "nl": 'Als een dorp investeert in zorgzame gemeenschappen, waar landen dan de kosten en waar de baten, per koker? Elke euro in deze run is geboekt bij de koker die hem betaalt: Wmo (gemeente, maatschappelijke ondersteuning), Zvw (zorgverzekeraars), Wlz (langdurige zorg), Wpg (publieke gezondheid), eigen bijdragen van bewoners, fondsen en investeerders. Onbetaalde uren van mantelzorgers en vrijwilligers staan apart.'},
    "report_scenario": {
        "en": 'The scenario in plain words',
        "nl": 'Het scenario in gewone woorden'},
    "report_findings": {
        "en": 'Key findings',
        "nl": 'Belangrijkste uitkomsten'},
    "report_tables": {
        "en": 'Tables',
        "nl": 'Tabellen'},
    "report_charts": {
        "en": 'Charts',
        "nl": 'Grafieken'},
    "report_sensitivity": {
        "en": 'Sensitivity analysis',
        "nl": 'Gevoeligheidsanalyse'},
    "report_comparison": {
        "en": 'Scenario comparison',
        "nl": 'Scenariovergelijking'},
    "report_comparison_text": {
        "en": "What each koker spends over the horizon in the status quo (the counterfactual: the same village without the scenario's initiatives and regime) and with the scenario, from the same paired replications; other runs given with --compare are added.",
        "nl": 'Wat elke koker over de looptijd uitgeeft in de status quo (de referentie: hetzelfde dorp zonder de initiatieven en het regime van het scenario) en met het scenario, uit dezelfde gepaarde replicaties; andere runs (--compare) komen erbij.'},
    "report_assumptions": {
        "en": 'Assumptions and sources',
        "nl": 'Aannames en bronnen'},
    "report_assumptions_text": {
        "en": "Every value the scenario sets, with where it comes from (its file, or a file it extends; an initiative type's default in simulate/data/initiative_types.toml; or a --set override of this run) and the source and year its file gives next to it, or the word assumption. Values changed for this run are marked; `simulate show` lists the schema's defaults too.",
        "nl": 'Elke waarde die het scenario zet, met waar die vandaan komt (het bestand, of een bestand waarop het voortbouwt; de standaardwaarde van een type initiatief in simulate/data/initiative_types.toml; of een --set van deze run) en de bron en het jaar die het bestand ernaast noemt, of het woord aanname. Voor deze run gewijzigde waarden zijn gemarkeerd; `simulate show` toont ook de standaardwaarden van het schema.'},
    "report_no_file": {
        "en": 'The scenario file was not found; sources listed in the scenario:',
        "nl": 'Het scenariobestand is niet gevonden; bronnen uit het scenario:'},
    "report_key": {
        "en": 'key',
        "nl": 'sleutel'},
    "report_value": {
        "en": 'value in this run',
        "nl": 'waarde in deze run'},
    "report_source": {
        "en": 'source or assumption',
        "nl": 'bron of aanname'},
    "report_reproduce": {
        "en": 'How to reproduce this run',
        "nl": 'Deze run herhalen'},
    "report_reproduce_text": {
        "en": 'Same scenario, seed and number of replications give the same numbers, whatever the number of workers.',
        "nl": 'Hetzelfde scenario, dezelfde seed en hetzelfde aantal replicaties geven dezelfde getallen, ongeacht het aantal processen.'},
    "report_origin": {
        "en": 'set by',
        "nl": 'gezet door'},
    # financing regimes (what each does), initiative effects, payers' verdicts
    "regime_siloed": {"en": 'each koker pays its own costs and keeps its own savings',
                     "nl": 'elke koker betaalt zijn eigen kosten en houdt zijn eigen besparing'},
    "regime_populatiebekostiging": {"en": "the kokers {kokers} pay a regional budget holder a sum per resident by age and sex, set from each koker's own base-year costs; the holder pays their care costs and keeps part of a surplus in a fund for initiatives",
                                   "nl": 'de kokers {kokers} betalen een regionale budgethouder een bedrag per inwoner naar leeftijd en geslacht, vastgesteld op de eigen kosten van elke koker in het basisjaar; de houder betaalt hun zorgkosten en houdt een deel van een overschot in een fonds voor initiatieven'},
    "regime_shared_savings": {"en": "part of every koker's measured savings goes to the payers that fund the initiatives",
                             "nl": 'een deel van de gemeten besparing van elke koker gaat naar de betalers van de initiatieven'},
    "regime_innovatiecontract": {"en": "the initiatives' costs are re-divided over the kokers by the benefit each measured",
                                "nl": 'de kosten van de initiatieven worden herverdeeld over de kokers naar de gemeten baat'},
    "regime_pizza": {"en": 'government, residents and volunteers each carry a third of the initiatives',
                    "nl": 'overheid, bewoners en vrijwilligers dragen elk een derde van de initiatieven'},
    "regime_pgb_collectief": {"en": "members' use of a service moves to the initiative at a lower price",
                             "nl": 'het gebruik van een dienst door deelnemers gaat tegen een lagere prijs naar het initiatief'},
    "regime_dienstencheck": {"en": "members' use of a service moves to the initiative at a lower price, without own contribution",
                            "nl": 'het gebruik van een dienst door deelnemers gaat tegen een lagere prijs naar het initiatief, zonder eigen bijdrage'},
    "regime_right_to_challenge": {"en": 'the initiative may take over a Wmo service at a lower cost',
                                 "nl": 'het initiatief kan een Wmo-dienst goedkoper overnemen'},
    "regime_social_impact_bond": {"en": 'an investor pre-finances the initiatives and is repaid by the outcome payers if their measured savings reach the target',
                                 "nl": 'een investeerder financiert de initiatieven voor en wordt door de uitkomstbetalers terugbetaald als hun gemeten besparing het doel haalt'},
    "regime_name_siloed": {"en": 'siloed',
                          "nl": 'gescheiden financiering per koker'},
    "regime_name_populatiebekostiging": {"en": 'populatiebekostiging',
                                        "nl": 'populatiebekostiging'},
    "regime_name_shared_savings": {"en": 'shared_savings',
                                  "nl": 'gedeelde besparingen'},
    "regime_name_innovatiecontract": {"en": 'innovatiecontract',
                                     "nl": 'innovatiecontract'},
    "regime_name_pizza": {"en": 'pizza',
                         "nl": 'pizza'},
    "regime_name_pgb_collectief": {"en": 'pgb_collectief',
                                  "nl": 'pgb_collectief'},
    "regime_name_dienstencheck": {"en": 'dienstencheck',
                                 "nl": 'dienstencheck'},
    "regime_name_right_to_challenge": {"en": 'right_to_challenge',
                                      "nl": 'right_to_challenge'},
    "regime_name_social_impact_bond": {"en": 'social_impact_bond',
                                      "nl": 'social impact bond'},
    "effect_progression_multiplier": {"en": 'decline to frailer states',
                                     "nl": 'achteruitgang naar kwetsbaarder'},
    "effect_loneliness_recovery_multiplier": {"en": 'recovery from loneliness',
                                             "nl": 'herstel van eenzaamheid'},
    "effect_loneliness_onset_multiplier": {"en": 'becoming lonely',
                                          "nl": 'eenzaam worden'},
    "effect_carer_found_annual": {"en": 'chance a year of finding an informal carer',
                                 "nl": 'kans per jaar op een nieuwe mantelzorger'},
    "effect_service_use_multiplier": {"en": 'use of',
                                     "nl": 'gebruik van'},
    "effect_fall_multiplier": {"en": 'falls',
                              "nl": 'vallen'},
    "effect_carer_dropout_multiplier": {"en": 'carers dropping out',
                                       "nl": 'uitval van mantelzorgers'},
    "effect_replaces_bed": {"en": 'instead of waiting for a nursing-home bed',
                           "nl": 'in plaats van wachten op een verpleeghuisplek'},
    "verdict_continue": {"en": 'continues',
                        "nl": 'gaat door'},
    "verdict_grow": {"en": 'grows',
                    "nl": 'groeit'},
    "verdict_doubt": {"en": 'doubts (one failed review)',
                     "nl": 'twijfelt (één negatieve toets)'},
    "verdict_cut_to_budget": {"en": 'cut to budget',
                             "nl": 'gekort tot budget'},
    "verdict_stop": {"en": 'stops funding',
                    "nl": 'stopt de financiering'},
    "verdict_collapse": {"en": 'initiative collapses',
                        "nl": 'initiatief valt om'},
}
