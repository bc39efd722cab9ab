"""Turn plain TOML data into the frozen scenario dataclasses, collecting every error.

The walk is driven by the dataclass fields and their ``metadata`` (unit, range, allowed
values and keys), so a new parameter is validated as soon as it is declared in
:mod:`simulate.scenario.schema`. Cross-field rules (shares that sum to one, known services,
dates inside the horizon) are in :func:`check_consistency`.
"""
from __future__ import annotations

import dataclasses
import math
import typing
from typing import Any

from .errors import Problem, did_you_mean
from . import schema as S


class FrozenDict(dict):
    """A dict that refuses changes, so a loaded scenario cannot be mutated by the model."""

    def _refuse(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("scenario values are read-only; use simulate.load_scenario overrides")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self):  # pickles as a plain FrozenDict for process pools
        return (FrozenDict, (dict(self),))

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted(self.items())))


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls, vars(S))
    return _HINTS[cls]


class _Walker:
    """Builds one dataclass tree from data and remembers each problem found on the way."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.file, path, message, hint))

    def build(self, cls: type, data: Any, path: str) -> Any:
        if not isinstance(data, dict):
            self.problem(path, f"expected a table, got {_kind(data)}")
            return None
        fields = {f.name: f for f in dataclasses.fields(cls)}
        for key in data:
            if key not in fields and key != "extends":
                self.problem(_join(path, key), "unknown key", did_you_mean(key, fields))
        values, missing = {}, False
        for name, f in fields.items():
            sub = _join(path, name)
            if name in data:
                values[name] = self.value(_hints(cls)[name], data[name], sub, f.metadata)
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                self.problem(sub, "missing required key", f.metadata.get("doc", ""))
                missing = True
        if missing:  # reported above; the table cannot be built
            return None
        # Bad values fall back to their defaults so that the cross-field checks can still
        # run and report their problems in the same pass; the problems list stays non-empty.
        try:
            return cls(**{k: v for k, v in values.items() if v is not _BAD})
        except TypeError as exc:  # pragma: no cover - guarded by the checks above
            self.problem(path, str(exc))
            return None

    def value(self, hint: Any, data: Any, path: str, meta: dict) -> Any:
        origin = typing.get_origin(hint)
        if origin is typing.Union or origin is getattr(__import__("types"), "UnionType", None):
            inner = [a for a in typing.get_args(hint) if a is not type(None)][0]
            return None if data is None else self.value(inner, data, path, meta)
        if dataclasses.is_dataclass(hint):
            built = self.build(hint, data, path)
            return _BAD if built is None else built
        if origin is dict:
            return self.mapping(typing.get_args(hint)[1], data, path, meta)
        if origin is list:
            return self.sequence(typing.get_args(hint)[0], data, path, meta)
        return self.scalar(hint, data, path, meta)

    def mapping(self, value_type: Any, data: Any, path: str, meta: dict) -> Any:
        if not isinstance(data, dict):
            self.problem(path, f"expected a table, got {_kind(data)}")
            return _BAD
        keys = meta.get("keys")
        out = {}
        for key, item in data.items():
            sub = _join(path, key)
            if keys is not None and key not in keys:
                self.problem(sub, "unknown key", did_you_mean(key, keys))
                continue
            got = self.value(value_type, item, sub, meta)
            if got is not _BAD:
                out[key] = got
        return FrozenDict(out)

    def sequence(self, item_type: Any, data: Any, path: str, meta: dict) -> Any:
        if not isinstance(data, list):
            self.problem(path, f"expected a list, got {_kind(data)}")
            return _BAD
        items = [self.scalar(item_type, x, f"{path}[{i}]", meta) for i, x in enumerate(data)]
        return _BAD if any(x is _BAD for x in items) else tuple(items)

    def scalar(self, kind: Any, data: Any, path: str, meta: dict) -> Any:
        if kind is Any:
            return data
        if kind is bool:
            if not isinstance(data, bool):
                self.problem(path, f"expected true or false, got {_kind(data)}")
                return _BAD
            return data
        if kind in (int, float):
            return self.number(kind, data, path, meta)
        if kind is str:
            if not isinstance(data, str):
                self.problem(path, f"expected text, got {_kind(data)}")
                return _BAD
            choices = meta.get("choices")
            if choices is not None and data not in choices:
                self.problem(path, f"'{data}' is not one of the allowed values",
                             did_you_mean(data, choices))
                return _BAD
            return data
        self.problem(path, f"unsupported value {_kind(data)}")  # pragma: no cover
        return _BAD

    def number(self, kind: type, data: Any, path: str, meta: dict) -> Any:
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            self.problem(path, f"expected a number, got {_kind(data)}")
            return _BAD
        if kind is int and isinstance(data, float):
            if not data.is_integer():
                self.problem(path, f"expected a whole number, got {data}")
                return _BAD
            data = int(data)
        if isinstance(data, float) and not math.isfinite(data):
            self.problem(path, f"expected a finite number, got {data}")
            return _BAD
        lo, hi, unit = meta.get("lo"), meta.get("hi"), meta.get("unit", "")
        if (lo is not None and data < lo) or (hi is not None and data > hi):
            unit_txt = f" {unit}" if unit else ""
            self.problem(path, f"{data} is outside the valid range [{_num(lo, '-inf')}, {_num(hi, 'inf')}]"
                         f"{unit_txt}")
            return _BAD
        return kind(data)


_BAD = object()


def _num(x: float | None, missing: str) -> str:
    return missing if x is None else f"{x:g}"


def _join(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)


def _kind(data: Any) -> str:
    if isinstance(data, bool):
        return f"a boolean ({str(data).lower()})"
    if isinstance(data, (int, float)):
        return f"a number ({data})"
    if isinstance(data, str):
        return f"text ('{data[:40]}')"
    if isinstance(data, dict):
        return "a table"
    if isinstance(data, list):
        return "a list"
    return type(data).__name__


def build_scenario(data: dict, file: str) -> tuple[S.Scenario | None, list[Problem]]:
    """Build and check a scenario from merged TOML data; return it and every problem."""
    walker = _Walker(file)
    scenario = walker.build(S.Scenario, data, "")
    if scenario is not None:
        services = data.get("services", {})
        names = set(services) if isinstance(services, dict) else set()
        walker.problems += check_consistency(scenario, file, names | set(scenario.services))
        walker.problems += check_sensitivity(scenario, data, file)
    return (scenario if not walker.problems else None), walker.problems


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
        total = sum(ini.funding.values())
        if ini.funding and abs(total - 1.0) > 1e-9:
            bad(f"{base}.funding", f"shares sum to {total:g}, they must sum to 1")
        if ini.start_year > sc.horizon_years:
            bad(f"{base}.start_year", f"year {ini.start_year:g} is after the horizon "
                f"({sc.horizon_years:g} years)")
        if ini.end_year is not None and ini.end_year < ini.start_year:
            bad(f"{base}.end_year", "ends before it starts")
        for svc in ini.effects.service_use_multiplier:
            if svc not in service_names:
                bad(f"{base}.effects.service_use_multiplier.{svc}", "unknown service",
                    did_you_mean(svc, service_names))
    from ..data import columns
    for path, value, tab in (("population.age_structure", sc.population.age_structure,
                              "age_structure"),
                             ("demography.mortality_table", sc.demography.mortality_table,
                              "mortality")):
        options = [c for c in columns(tab) if c not in ("age", "age_band", "female_share")]
        if value not in options:
            bad(path, f"'{value}' is not a table in simulate/data/{tab}.csv",
                did_you_mean(value, options))
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
                f"(0 to {sc.horizon_years:g})")
    for key, beds in sc.care.bed_changes.items():
        if beds < 0:
            bad(f"care.bed_changes.{key}", "a number of beds cannot be negative")
    return out


def check_sensitivity(sc: S.Scenario, data: dict, file: str) -> list[Problem]:
    """Each ``[sensitivity.ranges."dotted.path"]`` names a number of the schema, lies in that
    number's valid range with ``low < high``, and says why (``reason``).

    A range of an initiative or service this scenario does not have (a variant that removes
    it) is not an error unless the name is close to one it has (a typo); the analysis skips
    such ranges and says so.
    """
    from .paths import MissingEntry, PathError, is_model_parameter, resolve
    out: list[Problem] = []
    n = sc.sensitivity.samples
    if n & (n - 1):
        out.append(Problem(file, "sensitivity.samples", f"{n} is not a power of 2",
                           f"Sobol designs need one; try {2 ** round(math.log2(n))}"))
    for key, rng in sc.sensitivity.ranges.items():
        where = f'sensitivity.ranges."{key}"'
        if not is_model_parameter(key):
            out.append(Problem(file, where, "not a model parameter",
                               "vary the model (population, health, initiatives, ...)"))
            continue
        try:
            par = resolve(data, key)
        except MissingEntry as exc:
            if exc.hint.startswith("did you mean"):
                out.append(Problem(file, where, exc.message, exc.hint))
            continue
        except PathError as exc:
            out.append(Problem(file, where, exc.message, exc.hint))
            continue
        if not par.numeric:
            out.append(Problem(file, where, "is not a number, so it has no range"))
        if not rng.low < rng.high:
            out.append(Problem(file, f"{where}.low", f"low ({rng.low:g}) must be below high "
                               f"({rng.high:g})"))
        for name, v in (("low", rng.low), ("high", rng.high)):
            if (par.lo is not None and v < par.lo) or (par.hi is not None and v > par.hi):
                out.append(Problem(file, f"{where}.{name}", f"{v:g} is outside the valid range "
                                   f"[{_num(par.lo, '-inf')}, {_num(par.hi, 'inf')}] {par.unit}"))
        if not rng.reason.strip():
            out.append(Problem(file, f"{where}.reason", "empty",
                               "name a source, or write 'assumption: ...'"))
    return out
