"""The report's sensitivity section: what was varied and how, what drives each koker's net
result (tornado and Sobol indices), and, for a quick analysis, that it is quick and how to run
the full one.

The analysis is read from a folder written by :func:`simulate.experiments.sensitivity.sensitivity`
(``RUN_DIR/sensitivity`` after ``simulate run --report``, or any ``simulate sensitivity
--out``); a run folder that holds ``tornado.csv`` / ``sobol.csv`` itself is charted too.
"""
from __future__ import annotations

import html
import json
import math
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from simulate import charts
from simulate.analysis.analysed import analyse
from simulate.analysis.flips import Running, Verdict, running_changes, verdicts
from simulate.report.reproduce import recipe
from simulate.report.sensitivity import FOLDER, Analysis, read_analysis, why_none
from simulate.report.tables import Table
from simulate.results.tables import Results
from simulate.scenario import PAYERS
from simulate.text.flips import key_sentence, running_sentence, verdict_sentence
from simulate.text.labels import both, payer_name, text
from simulate.text.numbers import fmt_eur, fmt_number
from simulate.text.parameters import parameter_label


def _e(s: object) -> str:
    return html.escape(str(s))


def find_folder(run_dir: Path | None, sensitivity_dir: Path | None) -> Path | None:
    """Where the tables are: ``sensitivity_dir``, else ``RUN_DIR/sensitivity``, else the run
    folder itself (older runs); None if none has a tornado or Sobol table."""
    for d in (sensitivity_dir, run_dir and run_dir / FOLDER, run_dir):
        if d is not None and any((Path(d) / f"{n}.csv").exists() for n in ("tornado", "sobol")):
            return Path(d)
    return None


def investor(results: Results, candidates: set[str]) -> str:
    """The koker the charts show: the one that invests most, among ``candidates``."""
    ks = analyse(results).kokers
    for p in ks.sort_values("investment", ascending=False).payer:
        if p in candidates:
            return p
    return sorted(candidates)[0]


def figures(folder: Path | None, results: Results, lang: str,
            analysis: Analysis | None = None) -> dict[str, Figure]:
    """Tornado and Sobol charts of the koker that invests most (net result)."""
    out: dict[str, Figure] = {}
    if folder is None:
        return out
    meta = analysis.meta if analysis else {}
    year = int((meta.get("scenario") or results.metadata.get("scenario") or {})
                .get("price_year", 2022))
    notes = {"tornado": text("tornado_sub", lang, reps=meta.get("oat", {}).get(
                 "replications", "?")) if "oat" in meta else "",
             "sobol": text("sobol_sub", lang, points=meta["sobol"]["points"],
                           samples=meta["sobol"]["samples"],
                           reps=meta["sobol"]["replications"]) if "sobol" in meta else ""}
    for name, func in (("tornado", charts.tornado), ("sobol", charts.sobol)):
        path = folder / f"{name}.csv"
        if not path.exists():
            continue
        df = pd.read_csv(path)
        if df.empty:
            continue
        df = df.assign(label=[parameter_label(p, lang) for p in df.parameter])
        payer = investor(results, set(df.payer))
        kw = {"price_year": year} if name == "tornado" else {}
        note = notes[name] + (_noise_note(df, payer, lang) if name == "sobol" else "")
        if analysis is not None and analysis.mismatch:     # the caption travels with the chart
            other = (meta.get("scenario") or {}).get("name", "?")
            note += both(lang, f"; WARNING: analysis of another scenario or seed ({other})",
                        f"; LET OP: analyse van een ander scenario of andere seed ({other})")
        out[name] = func(df, payer=payer, lang=lang, metadata=results.metadata, note=note, **kw)
    return out


def _noise_note(df: pd.DataFrame, payer: str, lang: str) -> str:
    """How much of the variance the Sobol indices divide may be the village's own randomness."""
    rows = df[(df.payer == payer) & (df.get("measure", "net") == "net")]
    if "noise_share" not in rows or rows.empty or rows.noise_share.isna().all():
        return ""
    share = float(rows.noise_share.iloc[0])
    return both(lang, f"; the village's own randomness may be up to {share:.0%} of this variance",
               f"; de eigen toevalsruis van het dorp kan tot {share:.0%} van deze variantie zijn")


def ranges_table(folder: Path, lang: str) -> Table | None:
    """The parameters varied: base value, low, high and the reason for the range."""
    path = folder / "tornado.csv"
    if not path.exists():
        return None
    t = pd.read_csv(path)
    t = t[(t.payer == t.payer.iloc[0]) & (t.measure == "net")] if "measure" in t else t
    if not {"low_input", "high_input", "base_input", "reason"} <= set(t.columns):
        return None
    outside = both(lang, "(base value outside the range) ", "(basiswaarde buiten het bereik) ")
    rows = [[_named(r.parameter, lang), _num(r.base_input, lang), _num(r.low_input, lang),
             _num(r.high_input, lang),
             (outside if not min(r.low_input, r.high_input) <= r.base_input
              <= max(r.low_input, r.high_input) else "") + str(r.reason)]
            for r in t.drop_duplicates("parameter").itertuples()]
    headers = both(lang, "parameter|base|low|high|reason or source",
                  "parameter|basis|laag|hoog|reden of bron").split("|")
    return Table(both(lang, "Parameters varied", "Gevarieerde parameters"), headers, rows)


def _named(path: str, lang: str) -> str:
    """A parameter for people, with the key path a reader would edit: 'dorpsondersteuner:
    participants per FTE (initiatives.dorpsondersteuner.caseload_per_fte)'."""
    name = parameter_label(path, lang)
    return path if name == path else f"{name} ({path})"


def _num(x: float, lang: str) -> str:
    x = float(x)
    return fmt_number(x, lang, 0 if abs(x) >= 100 or x == int(x) else 3)


def drivers_table(folder: Path, lang: str) -> Table | None:
    """Per koker the parameters that move its net result most, and how they were ranked."""
    path = folder / "drivers.csv"
    if not path.exists():
        return None
    d = pd.read_csv(path)
    if d.empty:
        return None
    order = {p: i for i, p in enumerate([*PAYERS, "total"])}
    d = d.sort_values(["payer", "rank"], key=lambda s: s.map(order) if s.name == "payer" else s,
                      kind="stable")
    rows = []
    for r in d.itertuples():
        swing = (f"{fmt_eur(r.swing_eur, lang)} [{fmt_eur(r.swing_ci_low_eur, lang)} … "
                 f"{fmt_eur(r.swing_ci_high_eur, lang)}]" if _has(r, "swing_eur") else "–")
        st = (f"{fmt_number(r.ST, lang, 2)} ± {fmt_number(r.ST_conf, lang, 2)}"
              if _has(r, "ST") else "–")
        rows.append([payer_name(r.payer, lang), str(r.rank), _named(r.parameter, lang),
                     both(lang, "tornado swing", "tornado-uitslag") if r.ranked_by == "tornado"
                     else "Sobol ST", swing, st])
    headers = both(lang, "koker|rank|parameter|ranked by|swing: net at high − net at low "
                        "[95% interval]|Sobol ST ± 95%",
                  "koker|rang|parameter|gerangschikt op|uitslag: saldo hoog − saldo laag "
                  "[95%-interval]|Sobol ST ± 95%").split("|")
    note = both(lang, "Drivers are ranked by the Sobol total-order index when the village's own "
                     "randomness is less than half the variance the indices divide, else by "
                     "the tornado swing (see docs and `simulate sensitivity`).",
               "De rangorde volgt de Sobol-totale-orde-index als de eigen toevalsruis van het "
               "dorp minder dan de helft van de verdeelde variantie is, anders de "
               "tornado-uitslag.")
    return Table(both(lang, "What drives each koker's net result",
                     "Wat het saldo van elke koker bepaalt"), headers, rows, note)


def _has(row, col: str) -> bool:
    v = getattr(row, col, float("nan"))
    return isinstance(v, (int, float)) and not math.isnan(v)


def settings_text(a: Analysis, results: Results, lang: str) -> list[str]:
    """Paragraphs: what was run, whether it is quick (and the full command), the ranges."""
    m = a.meta
    parts = []
    if "oat" in m:
        parts.append(both(lang, f"tornado: {m['oat']['points']} points (every parameter at its "
                               f"low and its high value, the others at base) x "
                               f"{m['oat']['replications']} paired replications",
                         f"tornado: {m['oat']['points']} punten (elke parameter op zijn lage en "
                         f"hoge waarde, de andere op de basis) x {m['oat']['replications']} "
                         "gepaarde replicaties"))
    if "sobol" in m:
        s = m["sobol"]
        parts.append(both(lang, f"Sobol indices: a design of {s['points']} points (N = "
                               f"{s['samples']}) x {s['replications']} replication(s)",
                         f"Sobol-indices: een ontwerp van {s['points']} punten (N = "
                         f"{s['samples']}) x {s['replications']} replicatie(s)"))
    out = [both(lang, "Which uncertain inputs move each koker's net result (savings − "
                     "investment over the horizon; positive: the payer gains). Run: ",
               "Welke onzekere invoer het saldo van elke koker beweegt (besparing − investering "
               "over de looptijd; positief: de betaler wint). Gedraaid: ")
           + "; ".join(parts) + f"; seed {m.get('seed', '?')}."]
    if a.quick:
        c = a.configured
        full = recipe(results.metadata).command + " --report --sensitivity"
        out.append(both(
            lang, "This is a quick analysis, sized to add well under a minute to a run. With so "
                  "few samples the Sobol indices only rank the drivers (their 95% intervals are "
                  "wide and may leave 0..1): do not quote them as shares of the variance. The "
                  f"full analysis ({c['oat_replications']} replications per tornado point, "
                  f"Sobol N = {c['samples']} x {c['replications']}, the scenario's "
                  f"[sensitivity] sizes) takes minutes: {full}",
            "Dit is een snelle analyse, zo klein dat ze ruim onder een minuut aan een run "
            "toevoegt. Met zo weinig trekkingen geven de Sobol-indices alleen een rangorde (hun "
            "95%-intervallen zijn breed en kunnen buiten 0..1 vallen): noem ze niet als aandeel "
            f"van de variantie. De volledige analyse ({c['oat_replications']} replicaties per "
            f"tornadopunt, Sobol N = {c['samples']} x {c['replications']}, de [sensitivity]-"
            f"omvang van het scenario) duurt minuten: {full}"))
    if a.reduced:
        c = a.configured
        out.append(both(
            lang, "This analysis is smaller than its scenario's [sensitivity] sizes ("
                  f"{c['oat_replications']} replications per tornado point, Sobol N = "
                  f"{c['samples']} x {c['replications']}): read the Sobol indices as a ranking "
                  "when their 95% intervals are wide.",
            "Deze analyse is kleiner dan de [sensitivity]-omvang van haar scenario ("
            f"{c['oat_replications']} replicaties per tornadopunt, Sobol N = {c['samples']} x "
            f"{c['replications']}): lees de Sobol-indices als rangorde als hun 95%-intervallen "
            "breed zijn."))
    out.append(both(lang, "Ranges: the scenario's own [sensitivity.ranges]."
                   if a.source == "scenario" else
                   "Ranges: this scenario has no [sensitivity.ranges] of its own that it can "
                   "vary, so the default set was used: the ranges of the ready village scenario "
                   "(scenarios/village.toml), those this scenario has a value for.",
                   "Bereiken: de eigen [sensitivity.ranges] van het scenario."
                   if a.source == "scenario" else
                   "Bereiken: dit scenario heeft geen eigen [sensitivity.ranges] die het kan "
                   "variëren; daarom is de standaardset gebruikt: de bereiken van het kant-en-"
                   "klare dorpsscenario (scenarios/village.toml), voor zover dit scenario die "
                   "waarden heeft."))
    skipped = m.get("skipped") or {}
    if skipped:
        out.append(both(lang, "Skipped (not in this scenario): ", "Overgeslagen (niet in dit "
                       "scenario): ") + ", ".join(skipped) + ".")
    return out


def warning_text(a: Analysis | None, lang: str, limit: int = 6) -> str | None:
    """A plain warning when the attached analysis does not belong to this run (another
    scenario, other values, another seed): its tornado and Sobol indices describe something
    else. None when it belongs to the run."""
    if a is None or not a.mismatch:
        return None
    items = list(a.mismatch[:limit]) + ([f"… (+{len(a.mismatch) - limit})"]
                                        if len(a.mismatch) > limit else [])
    name = (a.meta.get("scenario") or {}).get("name", "?")
    return both(lang, f"Warning: this sensitivity analysis ({a.folder}) was not run on this run's "
                     f"scenario (it analysed '{name}'; differs in: {', '.join(items)}). Its "
                     "tornado and Sobol indices describe that scenario, not this run. Run "
                     "simulate sensitivity on this run's scenario and seed for an analysis "
                     "that belongs to it.",
               f"Let op: deze gevoeligheidsanalyse ({a.folder}) is niet gedraaid op het scenario "
               f"van deze run (ze analyseerde '{name}'; verschilt in: {', '.join(items)}). Haar "
               "tornado en Sobol-indices beschrijven dat scenario, niet deze run. Draai "
               "simulate sensitivity op het scenario en de seed van deze run voor een analyse "
               "die erbij hoort.")


def missing_text(results: Results, run_dir: Path | None, lang: str) -> str:
    """Why there is no analysis, and how to add one."""
    where = f"{run_dir}/{FOLDER}" if run_dir is not None else "RUN_DIR/sensitivity"
    if why_none(results.metadata) == "no_ranges":
        return both(lang, "No sensitivity analysis: this scenario has no [sensitivity.ranges] "
                         "it can vary, and none of the default ranges (those of "
                         "scenarios/village.toml) names a value it has. Add ranges to the "
                         "scenario file (see the README) to get a tornado and Sobol indices.",
                   "Geen gevoeligheidsanalyse: dit scenario heeft geen [sensitivity.ranges] "
                   "die het kan variëren, en geen van de standaardbereiken (die van "
                   "scenarios/village.toml) noemt een waarde die het heeft. Voeg bereiken toe "
                   "aan het scenariobestand (zie de README).")
    return both(lang, "This run has no sensitivity analysis (it was skipped, e.g. with "
                     f"--no-sensitivity). Add one with: simulate sensitivity SCENARIO --out "
                     f"{where}, then simulate report {run_dir or 'RUN_DIR'} --force.",
               "Deze run heeft geen gevoeligheidsanalyse (overgeslagen, bijv. met "
               f"--no-sensitivity). Voeg er een toe met: simulate sensitivity SCENARIO --out "
               f"{where}, daarna simulate report {run_dir or 'RUN_DIR'} --force.")


def read_verdicts(folder: Path | None) -> list[Verdict]:
    """Per payer and the total, whether the sign of the net flips inside the ranges (from
    the folder's tornado table; empty without one)."""
    path = folder / "tornado.csv" if folder is not None else None
    if path is None or not path.exists():
        return []
    return verdicts(pd.read_csv(path))


def flip_paragraphs(folder: Path | None, lang: str) -> list[str]:
    """The section's answer to 'does the conclusion flip inside the ranges?': an opening
    sentence, then one per koker with a net effect at the scenario's values, all kokers
    first."""
    vs = [v for v in read_verdicts(folder) if v.sign or v.payer == "total"]
    if folder is None or not vs:
        return []
    vs = sorted(vs, key=lambda v: v.payer != "total")
    intro = both(lang, "Does the conclusion flip inside the ranges? Each koker's sign at the "
                       "scenario's own values (gains or loses) against its sign with one "
                       "parameter at the low or the high end of its range (the tornado's "
                       "points); 'within the noise' when the 95% interval of the net over the "
                       "paired replications there includes zero.",
                 "Slaat de conclusie om binnen de bereiken? Het teken van elke koker bij de "
                 "eigen waarden van het scenario (winst of verlies) tegen het teken met één "
                 "parameter aan de lage of de hoge kant van zijn bereik (de punten van de "
                 "tornado); 'binnen de ruis' als het 95%-interval van het saldo over de "
                 "gepaarde replicaties daar nul bevat.")
    return [intro] + [verdict_sentence(v, lang) for v in vs] + running_paragraphs(folder, lang)


def _reviews(folder: Path) -> bool:
    """Whether a payer of the analysed scenario reviews its funding lines (can stop them)."""
    try:
        meta = json.loads((folder / "sensitivity.json").read_text())
    except (OSError, ValueError):
        return False
    payers = (meta.get("scenario") or {}).get("payers") or {}
    return any(isinstance(p, dict) and p.get("rule") == "own_benefit" for p in payers.values())


def running_paragraphs(folder: Path, lang: str) -> list[str]:
    """For a scenario whose funding lines can stop (a reviewing payer, or an initiative that
    stopped at some point of the tornado): per initiative, whether the share of replications
    in which it still runs at the end changes by more than the noise inside the ranges."""
    rs = running_changes(pd.read_csv(folder / "tornado.csv"))
    if not rs or not (_reviews(folder) or any(min(r.base, r.low, r.high) < 1 for r in rs)):
        return []
    by: dict[str, list[Running]] = {}
    for r in rs:
        by.setdefault(r.initiative, []).append(r)
    return [running_sentence(group, lang) for group in by.values()]


def flip_findings(results: Results, lang: str, folder: Path | None) -> list[str]:
    """The key findings on flips inside the ranges: for whom the sign flips, and (funding
    lines that can stop) whether each initiative's running share moves beyond the noise.
    Empty without an analysis or with one of another scenario."""
    if folder is None:
        return []
    a = read_analysis(folder, results.metadata)
    if a is not None and a.mismatch:
        return []
    key = key_sentence(sorted(read_verdicts(folder), key=lambda v: v.payer != "total"), lang)
    return ([key] if key else []) + (running_paragraphs(folder, lang)
                                     if (folder / "tornado.csv").exists() else [])


def section(results: Results, lang: str, run_dir: Path | None,
            folder: Path | None) -> tuple[list[str], list[Table]]:
    """Paragraphs and tables of the section for the analysis in ``folder`` (None: there is
    none, and the paragraph says why)."""
    if folder is None:
        return [missing_text(results, run_dir, lang)], []
    a = read_analysis(folder, results.metadata)
    paragraphs = settings_text(a, results, lang) if a else []
    warning = warning_text(a, lang)
    paragraphs = [warning, *paragraphs] if warning else paragraphs
    paragraphs += flip_paragraphs(folder, lang)
    tables = [t for t in (ranges_table(folder, lang), drivers_table(folder, lang)) if t]
    return paragraphs, tables


__all__ = ["section", "figures", "find_folder", "drivers_table", "ranges_table", "warning_text",
           "flip_paragraphs", "flip_findings", "read_verdicts"]
