"""Turn plain TOML data into the frozen scenario dataclasses, collecting every error.

The walk is driven by the dataclass fields and their ``metadata`` (unit, range, allowed
values and keys), so a new parameter is validated as soon as it is declared in
:mod:`simulate.scenario.schema`. Cross-field rules (shares that sum to one, known services,
dates inside the horizon) are in :func:`check_consistency`.
"""
from __future__ import annotations

import dataclasses
import math
import types
import typing
from collections.abc import Mapping
from typing import Any

from simulate.scenario import schema as S
from simulate.scenario.errors import (
    Problem,
    decimal_comma,
    did_you_mean,
    readable,
    year_offset,
)
from simulate.scenario.paths import type_hints
from simulate.scenario.schema import FrozenDict
from simulate.scenario.uncertainty_checks import check_range, check_uncertainty
from simulate.scenario.validate_financing import check_population_budget


class Walker:
    """Builds one dataclass tree from data and remembers each problem found on the way.

    :meth:`value` checks one value against its type hint and field metadata and returns it
    built, or :data:`BAD` after recording why; :mod:`simulate.scenario.numbers` uses it to give
    a drawn number exactly the checks of a value read from a file."""

    def __init__(self, file: str, start_year: Any = None):
        self.file = file
        self.problems: list[Problem] = []
        self.start_year = start_year if isinstance(start_year, int) else 2025

    def problem(self, path: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.file, path, message, hint))

    def build(self, cls: Any, data: Any, path: str) -> Any:
        if not isinstance(data, dict):
            self.problem(path, f"expected a table, got {_kind(data)}")
            return None
        fields = {f.name: f for f in dataclasses.fields(cls)}
        for key in data:
            if key not in fields:
                self.problem(_join(path, key), "unknown key", did_you_mean(key, fields))
        values, missing = {}, False
        for name, f in fields.items():
            sub = _join(path, name)
            if name in data:
                values[name] = self.value(type_hints(cls)[name], data[name], sub, f.metadata)
            elif _required(f):
                self.problem(sub, "missing required key", f.metadata.get("doc", ""))
                missing = True
        if missing:  # reported above; the table cannot be built
            return None
        # Bad values fall back to their defaults so that the cross-field checks can still
        # run and report their problems in the same pass; the problems list stays non-empty.
        # A table whose required key is missing or bad cannot be built (already reported).
        good = {k: v for k, v in values.items() if v is not BAD}
        if any(_required(f) and name not in good for name, f in fields.items()):
            return None
        return cls(**good)

    def value(self, hint: Any, data: Any, path: str, meta: Mapping[str, Any]) -> Any:
        origin = typing.get_origin(hint)
        if origin is typing.Union or origin is types.UnionType:
            inner = [a for a in typing.get_args(hint) if a is not type(None)][0]
            return None if data is None else self.value(inner, data, path, meta)
        if dataclasses.is_dataclass(hint):
            built = self.build(hint, data, path)
            return BAD if built is None else built
        if origin is dict:
            return self.mapping(typing.get_args(hint)[1], data, path, meta)
        if origin is list:
            return self.sequence(typing.get_args(hint)[0], data, path, meta)
        return self.scalar(hint, data, path, meta)

    def mapping(self, value_type: Any, data: Any, path: str, meta: Mapping[str, Any]) -> Any:
        if not isinstance(data, dict):
            self.problem(path, f"expected a table, got {_kind(data)}")
            return BAD
        keys = meta.get("keys")
        out = {}
        for key, item in data.items():
            sub = _join(path, key)
            if keys is not None and key not in keys:
                self.problem(sub, "unknown key", did_you_mean(key, keys))
                continue
            got = self.value(value_type, item, sub, meta)
            if got is not BAD:
                out[key] = got
        return FrozenDict(out)

    def sequence(self, item_type: Any, data: Any, path: str, meta: Mapping[str, Any]) -> Any:
        if not isinstance(data, list):
            self.problem(path, f"expected a list, got {_kind(data)}")
            return BAD
        items = [self.value(item_type, x, f"{path}[{i}]", meta) for i, x in enumerate(data)]
        return BAD if any(x is BAD or x is None for x in items) else tuple(items)

    def scalar(self, kind: Any, data: Any, path: str, meta: Mapping[str, Any]) -> Any:
        if kind is Any:
            return data
        if kind is bool:
            if not isinstance(data, bool):
                self.problem(path, f"expected true or false, got {_kind(data)}")
                return BAD
            return data
        if kind in (int, float):
            return self.number(kind, data, path, meta)
        if kind is str:
            if not isinstance(data, str):
                self.problem(path, f"expected text, got {_kind(data)}")
                return BAD
            choices = meta.get("choices")
            if choices is not None and data not in choices:
                self.problem(path, f"'{data}' is not one of the allowed values",
                             did_you_mean(data, choices))
                return BAD
            return data
        self.problem(path, f"unsupported value {_kind(data)}")  # pragma: no cover
        return BAD

    def number(self, kind: type, data: Any, path: str, meta: Mapping[str, Any]) -> Any:
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            point = decimal_comma(data) if isinstance(data, str) else ""
            self.problem(path, f"expected a number, got {_kind(data)}",
                         f"write {point}: numbers take a decimal point, not a comma" if point
                         else "")
            return BAD
        if isinstance(data, float) and not math.isfinite(data):
            self.problem(path, f"expected a finite number, got {data}")
            return BAD
        if kind is int and isinstance(data, float):
            if not data.is_integer():
                thousands = (f"a point is the decimal point: write {data * 1000:.0f} or "
                             f"{int(data):_}_{round(data * 1000) % 1000:03d} for thousands"
                             if (data * 1000).is_integer() else "")
                self.problem(path, f"expected a whole number, got {data}", thousands)
                return BAD
            data = int(data)
        lo, hi, unit = meta.get("lo"), meta.get("hi"), meta.get("unit", "")
        if (lo is not None and data < lo) or (hi is not None and data > hi):
            unit_txt = f" ({unit})" if unit else ""
            hint = (year_offset(data, self.start_year, hi)
                    if unit.startswith("years after start") else "")
            self.problem(path, f"{_short(data)} is outside the valid range "
                         f"[{_num(lo, '-inf')}, {_num(hi, 'inf')}]{unit_txt}", hint)
            return BAD
        return kind(data)


#: What :meth:`Walker.value` returns for a value that failed its checks (the problem is
#: recorded; ``None`` can be a valid value).
BAD = object()


def _required(f: dataclasses.Field) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _num(x: float | None, missing: str) -> str:
    return missing if x is None else readable(x)


def _short(x: float) -> str:
    """A number for a message, as people write it (whole numbers of more than 20 digits are
    not spelt out)."""
    return readable(x)


def _join(path: str, key: Any) -> str:
    key = str(key) if len(str(key)) <= 80 else str(key)[:77] + "..."
    return f"{path}.{key}" if path else key


def _kind(data: Any) -> str:
    if isinstance(data, bool):
        return f"a boolean ({str(data).lower()})"
    if isinstance(data, (int, float)):
        return f"a number ({_short(data)})"
    if isinstance(data, str):
        return f"text ('{data[:40]}')"
    if isinstance(data, dict):
        return "a table"
    if isinstance(data, list):
        return "a list"
    return type(data).__name__


def build_scenario(data: dict, file: str) -> tuple[S.Scenario | None, list[Problem]]:
    """Build and check a scenario from merged TOML data; return it and every problem."""
    walker = Walker(file, data.get("start_year") if isinstance(data, dict) else None)
    scenario = walker.build(S.Scenario, data, "")
    if scenario is not None:
        scenario = dataclasses.replace(scenario, initiatives=FrozenDict(
            {k: v for k, v in scenario.initiatives.items() if v.enabled}))
        services = data.get("services", {})
        names = set(services) if isinstance(services, dict) else set()
        walker.problems += check_consistency(scenario, file, names | set(scenario.services))
        walker.problems += check_sensitivity(scenario, data, file)
    return (scenario if not walker.problems else None), walker.problems


def _check_funding(sc: S.Scenario, name: str, ini: S.Initiative, file: str) -> list[Problem]:
    """Funding lines name known payers, and wherever any line is active their shares sum to 1."""
    out = []
    base = f"initiatives.{name}.funding"
    if not ini.funding and sc.financing.regime not in ("pizza", "social_impact_bond"):
        return [Problem(file, base, "no one pays for this initiative, so it would never run",
                        'add funding = [{ payer = "wmo", share = 1.0 }]')]
    known = set(sc.payers) | set(S.PAYERS)
    for i, line in enumerate(ini.funding):
        if line.payer not in known:
            out.append(Problem(file, f"{base}[{i}].payer", f"unknown payer '{line.payer}'",
                               did_you_mean(line.payer, known)))
        if line.end_year is not None and line.end_year <= line.start_year:
            out.append(Problem(file, f"{base}[{i}].end_year", "ends before it starts"))
    points = sorted({ini.start_year, *(l.start_year for l in ini.funding),
                     *(l.end_year for l in ini.funding if l.end_year is not None)})
    for t in points:
        if t >= sc.horizon_years:
            continue
        active = [l.share for l in ini.funding
                  if l.start_year <= t and (l.end_year is None or t < l.end_year)]
        if active and abs(sum(active) - 1.0) > 1e-9:
            out.append(Problem(file, base, f"in year {t:g} the active shares sum to "
                               f"{sum(active):g}; they must sum to 1"))
            break
    return out


def check_values(data: dict, file: str) -> list[Problem]:
    """The problems of a file's own values (unknown keys, types, ranges) when its parent could
    not be read: missing keys and cross-field rules are left out, the parent may settle them."""
    walker = Walker(file)
    walker.build(S.Scenario, data, "")
    return [p for p in walker.problems if p.message != "missing required key"]


def check_consistency(sc: S.Scenario, file: str, service_names: set[str] | None = None
                      ) -> list[Problem]:
    """Rules that span several fields (``service_names``: every service named in the file,
    including ones whose own values were invalid)."""
    out: list[Problem] = []
    service_names = set(sc.services) if service_names is None else service_names

    def bad(path: str, message: str, hint: str = "") -> None:
        out.append(Problem(file, path, message, hint))

    for name, ini in sc.initiatives.items():
        base = f"initiatives.{name}"
        out.extend(_check_funding(sc, name, ini, file))
        if ini.start_year > sc.horizon_years:
            bad(f"{base}.start_year", f"year {ini.start_year:g} is after the horizon "
                f"({sc.horizon_years:g} years)", year_offset(ini.start_year, sc.start_year, sc.horizon_years))
        if ini.end_year is not None and ini.end_year < ini.start_year:
            bad(f"{base}.end_year", "ends before it starts")
        for svc in ini.effects.service_use_multiplier:
            if svc not in service_names:
                bad(f"{base}.effects.service_use_multiplier.{svc}", "unknown service",
                    did_you_mean(svc, service_names))
    from simulate.data import columns
    for path, value, tab in (("population.age_structure", sc.population.age_structure,
                              "age_structure"),
                             ("demography.mortality_table", sc.demography.mortality_table,
                              "mortality")):
        options = [c for c in columns(tab) if c not in ("age", "age_band", "female_share")]
        if value not in options:
            bad(path, f"'{value}' is not a table in simulate/data/{tab}.csv",
                did_you_mean(value, options))
    fin = sc.financing
    delivered_by: dict[str, tuple[str, Any]] = {"pgb_collectief": ("voucher", fin.voucher),
                    "dienstencheck": ("voucher", fin.voucher),
                    "right_to_challenge": ("right_to_challenge", fin.right_to_challenge)}
    if fin.regime in delivered_by:
        section, cfg = delivered_by[fin.regime]
        if cfg.initiative not in sc.initiatives:
            bad(f"financing.{section}.initiative", f"unknown initiative '{cfg.initiative}'",
                did_you_mean(cfg.initiative, sc.initiatives))
        if cfg.service not in service_names:
            bad(f"financing.{section}.service", f"unknown service '{cfg.service}'",
                did_you_mean(cfg.service, service_names))
    out += _check_names_and_ages(sc, file) + _check_market_shares(sc, file)
    out += check_population_budget(sc, file)
    if not service_names:
        bad("services", "no services: nothing in the village costs anything, so there is "
            "nothing to compare", 'extend a ready scenario with extends = "village"')
    for name in sc.counterfactual.keep_initiatives:
        if name not in sc.initiatives:
            bad("counterfactual.keep_initiatives", f"unknown initiative '{name}'",
                did_you_mean(name, sc.initiatives))
    for key in sc.care.bed_changes:
        try:
            year = float(key)
        except ValueError:
            bad(f"care.bed_changes.{key}", "keys must be years after the start, like '5'")
            continue
        if not 0 <= year <= sc.horizon_years:
            bad(f"care.bed_changes.{key}", f"year {key} is outside the horizon "
                f"(0 to {sc.horizon_years:g})", year_offset(year, sc.start_year, sc.horizon_years))
    for key, beds in sc.care.bed_changes.items():
        if beds < 0:
            bad(f"care.bed_changes.{key}", "a number of beds cannot be negative")
    return out


def _check_market_shares(sc: S.Scenario, file: str) -> list[Problem]:
    """The insurers (payers) of one koker share its residents: their market shares must not
    add up to more than 1 (less is allowed)."""
    by_koker: dict[str, list[tuple[str, float]]] = {}
    for name, payer in sc.payers.items():
        by_koker.setdefault(payer.koker, []).append((name, payer.market_share))
    out = []
    for koker, shares in by_koker.items():
        total = sum(share for _, share in shares)
        if total > 1 + 1e-9:
            listed = ", ".join(f"{n} {s:g}" for n, s in shares)
            out.append(Problem(file, f"payers.{shares[0][0]}.market_share",
                               f"the market shares of the payers of koker '{koker}' sum to "
                               f"{total:g} ({listed}); at most 1",
                               "lower " + " or ".join(f"payers.{n}.market_share"
                                                      for n, _ in shares)))
    return out


def _check_names_and_ages(sc: S.Scenario, file: str) -> list[Problem]:
    """Services and initiatives share the ledger's service axis, so their names must differ;
    at most 32 initiatives (one membership bit each); age weights must not all be zero."""
    out = [Problem(file, f"initiatives.{name}", "has the name of a service",
                   "give the initiative another name")
           for name in sc.initiatives if name in sc.services]
    out += [Problem(file, f"{kind}.{name}", "'transfers' is reserved for money moved between "
                    "payers", "choose another name")
            for kind, names in (("services", sc.services), ("initiatives", sc.initiatives))
            for name in names if name == "transfers"]
    if len(sc.initiatives) > 32:
        out.append(Problem(file, "initiatives", f"{len(sc.initiatives)} initiatives; at most 32"))
    weights = sc.population.age_weights
    if weights and not sum(weights.values()) > 0:
        out.append(Problem(file, "population.age_weights", "the weights are all zero",
                           'give at least one age band a weight, e.g. { "95+" = 1 }'))
    return out


def check_sensitivity(sc: S.Scenario, data: dict, file: str) -> list[Problem]:
    """Each ``[sensitivity.ranges."dotted.path"]`` names a number of the schema, lies in that
    number's valid range with ``low < high``, and says why (``reason``).

    A range of an initiative or service this scenario does not have (a variant that removes
    it) is not an error unless the name is close to one it has (a typo); the analysis skips
    such ranges and says so. The ranges and groups of ``[uncertainty]`` are checked the same
    way (:func:`simulate.scenario.uncertainty_checks.check_uncertainty`).
    """
    out: list[Problem] = []
    n = sc.sensitivity.samples
    if n & (n - 1):
        out.append(Problem(file, "sensitivity.samples", f"{n} is not a power of 2",
                           f"Sobol designs need one; try {2 ** round(math.log2(n))}"))
    for key, rng in sc.sensitivity.ranges.items():
        out += check_range(key, rng, data, file, f'sensitivity.ranges."{key}"',
                           sc.uncertainty.groups)
    return out + check_uncertainty(sc, data, file)
