"""Words for what an interval includes, and for the value of information, in English and Dutch.

Every interval the package shows says whether it covers the simulation's randomness only or
also the uncertain parameters drawn per replication (probabilistic sensitivity analysis):
the terminal header, the report, the charts' footers and the Excel export all use
:func:`scope_short` or :func:`scope_sentence` on the run's ``interval_includes``.
"""
from __future__ import annotations

from typing import Any

from simulate.text.labels import both, check_lang

#: The scopes (as in ``summary.interval_includes``) in words.
_SHORT = {
    "simulation": {"en": "intervals: simulation only",
                   "nl": "intervallen: alleen simulatie"},
    "simulation and parameters": {"en": "intervals: simulation and parameters",
                                  "nl": "intervallen: simulatie en parameters"},
}
_SENTENCE = {
    "simulation": {
        "en": "95% intervals cover the simulation's randomness only: the parameters are fixed "
              "at their base values (uncertainty.parameters = false), so the intervals "
              "understate what we do not know.",
        "nl": "95%-intervallen dekken alleen het toeval van de simulatie: de parameters staan "
              "op hun basiswaarde (uncertainty.parameters = false), dus de intervallen "
              "onderschatten wat we niet weten."},
    "simulation and parameters": {
        "en": "95% intervals cover the simulation's randomness and the uncertain parameters: "
              "each replication drew {n} parameters from their distributions, the same for "
              "both arms.",
        "nl": "95%-intervallen dekken het toeval van de simulatie en de onzekere parameters: "
              "elke replicatie trok {n} parameters uit hun verdeling, voor beide armen "
              "dezelfde."},
}


def scope_of(metadata: dict[str, Any] | None) -> str:
    """The scope of a run's intervals from its metadata ("simulation" when not recorded: runs
    made before parameter uncertainty existed covered the simulation only)."""
    return str((metadata or {}).get("interval_includes", "simulation"))


def scope_short(scope: str, lang: str = "en") -> str:
    """'intervals: simulation and parameters', for a chart's footer or a header."""
    return _SHORT.get(scope, _SHORT["simulation"])[check_lang(lang)]


def scope_sentence(scope: str, lang: str = "en", parameters: int = 0) -> str:
    """One sentence saying what the intervals include, for the terminal and the report."""
    return _SENTENCE.get(scope, _SENTENCE["simulation"])[check_lang(lang)].format(n=parameters)


def parameter_count(metadata: dict[str, Any] | None) -> int:
    """How many parameters each replication drew (0 when none)."""
    return len((metadata or {}).get("uncertain_parameters", []))


_VOI_TITLE = {
    "en": "Knowing {parameter} is worth {eur} to the decision of {payer}",
    "nl": "Weten wat {parameter} is, is {eur} waard voor het besluit van {payer}",
}
_VOI_NONE = {
    "en": "No single parameter would change the decision of {payer} (EVPPI 0)",
    "nl": "Geen enkele parameter zou het besluit van {payer} veranderen (EVPPI 0)",
}
_VOI_X = {"en": "value of information, EVPPI ({unit})",
          "nl": "waarde van informatie, EVPPI ({unit})"}
_EVPI = {"en": "all parameters together (EVPI)", "nl": "alle parameters samen (EVPI)"}


def evpi_label(lang: str = "en") -> str:
    """The legend of the line that marks the value of knowing every parameter."""
    return _EVPI[check_lang(lang)]


_SCOPE_TITLE = {
    "en": "With the parameters' uncertainty the {payer} interval is {ratio} times as wide",
    "nl": "Met de onzekerheid van de parameters is het interval van de {payer} {ratio} keer "
          "zo breed",
}


def scope_title(payer: str, ratio: float, lang: str = "en") -> str:
    """The finding of the chart that sets intervals with and without parameters side by side."""
    shown = f"{ratio:.1f}" if lang == "en" else f"{ratio:.1f}".replace(".", ",")
    return _SCOPE_TITLE[check_lang(lang)].format(payer=payer, ratio=shown)


def voi_title(parameter: str, eur: str, payer: str, lang: str = "en") -> str:
    """The finding of a value-of-information chart as its title."""
    lang = check_lang(lang)
    if not parameter:
        return _VOI_NONE[lang].format(payer=payer)
    return _VOI_TITLE[lang].format(parameter=parameter, eur=eur, payer=payer)


def voi_axis(unit: str, lang: str = "en") -> str:
    """The x-axis label of a value-of-information chart."""
    return _VOI_X[check_lang(lang)].format(unit=unit)


def group_label(name: str, lang: str) -> str:
    """A group of parameters drawn together, as a chart's tick label."""
    return both(lang, f"{name} (group)", f"{name} (groep)")


__all__ = ["scope_of", "scope_short", "scope_sentence", "parameter_count", "voi_title",
           "voi_axis", "scope_title", "evpi_label", "group_label"]
