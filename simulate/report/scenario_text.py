"""The scenario in plain words, and its assumptions with their sources.

The plain description is generated from the scenario as resolved for the run (in the run's
metadata). The assumptions table (:mod:`simulate.report.assumptions`) reads the typed
scenario's origins and sources; this module holds its row type and value formatting.
"""
from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from simulate.report import financing_text
from simulate.scenario import ScenarioError
from simulate.scenario.loader import find_scenario
from simulate.text.labels import initiative_name, join_names, service_name, state_name
from simulate.text.numbers import fmt_eur, fmt_number


@dataclass(frozen=True)
class Assumption:
    """One scenario value: where it sits, its value in this run, its source (``note``),
    whether this run changed it, and where it comes from (a file, a type default, --set)."""
    key: str
    value: str
    note: str
    changed: bool = False
    origin: str = ""


def _en(lang: str, en: str, nl: str) -> str:
    return en if lang == "en" else nl


def describe(info: dict, replications: int, seed: int | None, lang: str = "en") -> list[str]:
    """Paragraphs describing the scenario (a resolved scenario dict) in plain words."""
    pop = info.get("population", {})
    out = [_en(lang,
               f"A village of {fmt_number(pop.get('size', 0), lang)} residents (age structure "
               f"'{pop.get('age_structure', '?')}'), followed month by month for "
               f"{info.get('horizon_years', 0):g} years from {info.get('start_year', '?')}; "
               f"amounts in euros at the {info.get('price_year', '?')} price level.",
               f"Een dorp van {fmt_number(pop.get('size', 0), lang)} inwoners "
               f"(leeftijdsopbouw '{pop.get('age_structure', '?')}'), maand voor maand gevolgd "
               f"over {info.get('horizon_years', 0):g} jaar vanaf {info.get('start_year', '?')}; "
               f"bedragen in euro's, prijspeil {info.get('price_year', '?')}.")]
    beds = bed_sentence(info, lang)
    out += [beds] if beds else []
    for name, ini in (info.get("initiatives") or {}).items():
        out.append(_initiative(name, ini, lang))
    out += financing_text.payer_sentences(info, lang)
    keep = (info.get("counterfactual") or {}).get("keep_initiatives") or []
    out.append(_en(lang,
                   f"It is compared with the same village without "
                   f"{'these initiatives' if not keep else 'the initiatives other than ' + ', '.join(keep)}"
                   f" (the counterfactual, each koker paying its own costs), in {replications} paired "
                   f"replications that share their random numbers (seed {seed}). ",
                   f"Vergeleken wordt met hetzelfde dorp zonder "
                   f"{'deze initiatieven' if not keep else 'de initiatieven behalve ' + ', '.join(keep)}"
                   f" (de referentie, gescheiden gefinancierd), in {replications} gepaarde "
                   f"replicaties met dezelfde toevalsgetallen (seed {seed}). ")
               + financing_text.regime_sentence(info, lang))
    return out


def bed_sentence(info: dict, lang: str) -> str | None:
    """The nursing-home beds the village can reach and how ``care.bed_changes`` changes them
    (a care home that closes, a new one), in both arms; None when the number never changes."""
    care = info.get("care") or {}
    changes = sorted(((float(y), int(n)) for y, n in (care.get("bed_changes") or {}).items()))
    if not changes:
        return None
    start = int(info.get("start_year", 0) or 0)
    beds = int(care.get("nursing_home_beds", 0))
    steps, before = [], beds
    for year, n in changes:
        what = (_en(lang, f"{before - n} fewer", f"{before - n} minder") if n < before else
                _en(lang, f"{n - before} more", f"{n - before} meer") if n > before else
                _en(lang, "unchanged", "gelijk"))
        steps.append(_en(lang, f"from year {year:g} ({start + int(year)}) {n} ({what})",
                         f"vanaf jaar {year:g} ({start + int(year)}) {n} ({what})"))
        before = n
    own = any(str(k).startswith("care.") for k in
              ((info.get("counterfactual") or {}).get("overrides") or {}))
    arms = (_en(lang, "; the counterfactual sets its own beds", "; de referentie heeft eigen "
                "plekken") if own else
            _en(lang, ", in both arms: the change belongs to the village, not to the scenario",
                ", in beide armen: de verandering hoort bij het dorp, niet bij het scenario"))
    return _en(lang, f"Nursing-home beds within reach of the village: {beds} at the start; "
                     + "; ".join(steps) + arms + ".",
               f"Verpleeghuisplekken binnen bereik van het dorp: {beds} aan het begin; "
               + "; ".join(steps) + arms + ".")


def _initiative(name: str, ini: dict, lang: str) -> str:
    """One initiative in a sentence or two: size, cost, who joins, who pays, what it does."""
    payers = financing_text.funding_phrase(list(ini.get("funding") or []), lang)
    states = join_names([state_name(s, lang) for s in ini.get("eligible_states", [])],
                        "en" if lang == "en" else "nl")
    per_year = ini.get("fte", 0) * ini.get("cost_per_fte_eur", 0) + ini.get("fixed_cost_eur", 0)
    places = ini.get("capacity", 0) + ini.get("caseload_per_fte", 0) * ini.get("fte", 0)
    fx = ini.get("effects") or {}
    effects = [_effect(k, v, lang) for k, v in fx.items()
               if v not in (1.0, 0.0, {}, None, False)]
    end = ini.get("end_year")
    when = _en(lang, f"from year {ini.get('start_year', 0):g}" + (f" to year {end:g}" if end else ""),
               f"vanaf jaar {ini.get('start_year', 0):g}" + (f" tot jaar {end:g}" if end else ""))
    vols = ini.get("volunteers_fixed", 0) + ini.get("volunteers_per_participant", 0) * places
    staff = _en(lang, f"{ini.get('fte', 0):g} FTE", f"{ini.get('fte', 0):g} fte") + (
        _en(lang, f" and about {vols:.0f} volunteers", f" en ongeveer {vols:.0f} vrijwilligers")
        if vols >= 0.5 else "")
    return _en(lang,
               f"Initiative '{initiative_name(name, lang)}'{_type(name, ini, lang)}, {when}: {staff}, "
               f"{fmt_number(places, lang)} places, {fmt_eur(per_year, lang)} a year at full "
               f"size, for residents aged {ini.get('min_age', 0):g}+ who are {states}; paid by "
               f"{payers}. Effects on participants: {'; '.join(effects) or 'none'}.",
               f"Initiatief '{initiative_name(name, lang)}'{_type(name, ini, lang)}, {when}: "
               f"{staff}, "
               f"{fmt_number(places, lang)} plaatsen, {fmt_eur(per_year, lang)} per jaar op "
               f"volle omvang, voor inwoners van {ini.get('min_age', 0):g}+ die {states} zijn; "
               f"betaald door {payers}. Effecten op deelnemers: {'; '.join(effects) or 'geen'}.")


#: Plain names of the effects of an initiative (schema ``Effects``), en and nl.
EFFECT_NAMES: dict[str, tuple[str, str]] = {
    "progression_multiplier": ("decline to frailer states", "achteruitgang naar kwetsbaarder"),
    "loneliness_recovery_multiplier": ("recovery from loneliness", "herstel van eenzaamheid"),
    "loneliness_onset_multiplier": ("becoming lonely", "eenzaam worden"),
    "carer_found_annual": ("chance a year of finding an informal carer",
                           "kans per jaar op een nieuwe mantelzorger"),
    "service_use_multiplier": ("use of", "gebruik van"),
    "fall_multiplier": ("falls", "vallen"),
    "carer_dropout_multiplier": ("carers dropping out", "uitval van mantelzorgers"),
    "replaces_bed": ("instead of waiting for a nursing-home bed",
                     "in plaats van wachten op een verpleeghuisplek"),
}


def _type(name: str, ini: dict, lang: str) -> str:
    """' (type X)' when the initiative's type is not its name, else ''."""
    kind = str(ini.get("type") or "")
    if not kind or kind == name:
        return ""
    return _en(lang, f" (type {initiative_name(kind, lang)})", f" (type {initiative_name(kind, lang)})")


def _g(x: float, lang: str) -> str:
    """0.75 -> '0.75' (en) or '0,75' (nl), without trailing zeros."""
    text = f"{x:g}"
    return text.replace(".", ",") if lang == "nl" else text


def _effect(key: str, value, lang: str = "en") -> str:
    """'progression_multiplier', 0.75 -> 'decline to frailer states ×0.75' (nl: in Dutch);
    service use per service by its display name."""
    names = EFFECT_NAMES.get(key)
    name = names[0 if lang == "en" else 1] if names else (
        key.replace("_multiplier", "").replace("_", " "))
    if isinstance(value, dict):
        return name + " " + ", ".join(f"{service_name(k, lang)} ×{_g(v, lang)}"
                                      for k, v in value.items())
    if isinstance(value, bool):
        return name
    return (f"{name} ×{_g(value, lang)}" if key.endswith("_multiplier")
            else f"{name} {_g(value, lang)}")


def scenario_file(metadata: dict) -> Path | None:
    """The scenario file a run was made from: as recorded, from its command, or by name."""
    for key in ("scenario_file", "scenario_path"):
        if metadata.get(key) and Path(metadata[key]).exists():
            return Path(metadata[key])
    argv = shlex.split(str(metadata.get("command", "")))
    if "run" in argv:
        rest = argv[argv.index("run") + 1:]
        skip = False
        for tok in rest:
            if skip:
                skip = False
                continue
            if tok.startswith("-"):
                skip = "=" not in tok and tok not in ("--quiet", "--report", "-q")
                continue
            try:
                return find_scenario(tok)
            except ScenarioError:
                break
    try:
        return find_scenario(metadata.get("scenario_name"))
    except ScenarioError:
        return None


def lookup(info: dict, key: str):
    """The value at a dotted ``key`` of a nested dict, or None."""
    node = info
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node




def differs(a, b) -> bool:
    """Whether the value used (``a``) differs from the one written (``b``); tables compare the
    keys written only (the loader adds defaults such as a funding share's start_year)."""
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(float(a) - float(b)) > 1e-12 * max(1.0, abs(float(b)))
    if isinstance(a, dict) and isinstance(b, dict):
        return any(differs(a.get(k), v) for k, v in b.items())
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) != len(b) or any(differs(x, y) for x, y in zip(a, b))
    return a != b


def fmt_value(v) -> str:
    """A scenario value for people: 0.75, 65000, 'wmo', a list 'prefrail, frail', a table
    'huisarts 0.85', a list of tables 'payer wmo, share 1; payer residents, share 0.5'."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return f"{v:g}"
    if isinstance(v, dict):
        return ", ".join(f"{k} {fmt_value(x)}" for k, x in v.items())
    if isinstance(v, (list, tuple)):
        sep = "; " if any(isinstance(x, dict) for x in v) else ", "
        return sep.join(fmt_value(x) for x in v)
    return str(v)


def sources(info: dict) -> list[tuple[str, str]]:
    """(service or initiative, its ``source`` field) from the resolved scenario."""
    out = []
    for group in ("services", "initiatives"):
        for name, spec in (info.get(group) or {}).items():
            if spec.get("source"):
                out.append((f"{group}.{name}", spec["source"]))
    return out


__all__ = ["describe", "sources", "scenario_file",
           "Assumption", "fmt_value", "differs", "lookup"]
