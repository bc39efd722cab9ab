"""Calibration and validation targets: sourced figures the model is compared with.

A target is one row of ``data/targets.csv`` (fitted by :func:`simulate.calibrate`) or
``data/validation_targets.csv`` (only compared, by :func:`simulate.validate_model`); the two are
kept apart so that validation uses figures the fit never saw. Each row says what to measure in a
run's tables (``metric``, ``what``, ``ages``), the value with its unit, year, population and
source, the quality tag of ``shared/data/dutch_statistics.md`` and a relative tolerance.
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from simulate.scenario.errors import Problem, ScenarioError
from simulate.scenario.schema import EVENTS, STATES

METRICS: tuple[str, ...] = ("prevalence", "event_rate", "death_place", "event_age_share",
                             "spend")
COLUMNS: tuple[str, ...] = ("id", "metric", "what", "ages", "value", "scale", "unit", "year",
                            "price_year", "population", "source", "tag", "tolerance", "weight")
PACKAGED = {"targets": "targets.csv", "validation": "validation_targets.csv",
            "validation_targets": "validation_targets.csv"}


class TargetsError(ScenarioError):
    """A targets table could not be read; ``problems`` lists every error found."""

    def __init__(self, problems):
        super().__init__(problems)
        self.args = (str(self.args[0]).replace("in the scenario", "in the targets table"),)

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Target:
    """One sourced figure and how to measure it in the model's tables."""
    id: str
    metric: str
    what: str
    ages: str
    value: float
    scale: float
    unit: str
    year: str
    price_year: int | None
    population: str
    source: str
    tag: str
    tolerance: float
    weight: float

    def within(self, model: float) -> bool:
        """Whether a model value lies within the target's relative tolerance."""
        return abs(model - self.value) <= self.tolerance * abs(self.value)


def read_table(name_or_path: str | Path) -> tuple[str, str]:
    """(where, text) of a packaged table ('targets', 'validation') or a CSV file."""
    key = str(name_or_path)
    if key in PACKAGED:
        pkg = resources.files("simulate.data").joinpath(PACKAGED[key])
        return f"simulate/data/{PACKAGED[key]}", pkg.read_text(encoding="utf-8")
    path = Path(key)
    if not path.exists():
        raise TargetsError([Problem(key, "", "no such targets file",
                                     "use a CSV path or one of: " + ", ".join(sorted(PACKAGED)))])
    return str(path), path.read_text(encoding="utf-8")


def load_targets(name_or_path: str | Path = "targets") -> list[Target]:
    """Read and check a targets table; every problem is reported at once (ScenarioError)."""
    where, text = read_table(name_or_path)
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    try:
        df = pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise TargetsError([Problem(where, "", f"not a readable CSV table: {exc}")]) from None
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise TargetsError([Problem(where, "", "missing columns: " + ", ".join(missing),
                                     "see simulate/data/targets.csv for the layout")])
    targets, problems = [], []
    for i, row in df.iterrows():
        t, found = _parse_row(row, f"row {i + 1} ({row['id'] or 'no id'})", where)
        problems += found
        if t is not None:
            targets.append(t)
    ids = [t.id for t in targets]
    problems += [Problem(where, i, "duplicate id") for i in sorted({x for x in ids if ids.count(x) > 1})]
    if problems:
        raise TargetsError(problems)
    return targets


def _number(row, col: str, where: str, path: str, problems: list, default=None):
    text = row[col].strip()
    if not text and default is not None:
        return default
    try:
        x = float(text)
    except ValueError:
        problems.append(Problem(where, f"{path}.{col}", f"expected a number, got '{text}'"))
        return None
    if not math.isfinite(x):
        problems.append(Problem(where, f"{path}.{col}", f"expected a finite number, got {text}"))
        return None
    return x


def _parse_row(row, path: str, where: str) -> tuple[Target | None, list[Problem]]:
    problems: list[Problem] = []
    nums = {c: _number(row, c, where, path, problems, d) for c, d in
            (("value", None), ("scale", 1.0), ("tolerance", None), ("weight", 1.0))}
    price_year = _number(row, "price_year", where, path, problems, -1.0)
    if row["metric"] not in METRICS:
        problems.append(Problem(where, f"{path}.metric", f"'{row['metric']}' is not a metric",
                                "valid: " + ", ".join(METRICS)))
    else:
        problems += [Problem(where, f"{path}.what", m) for m in check_what(row["metric"], row["what"])]
    try:
        age_bands(row["ages"])
    except ValueError as exc:
        problems.append(Problem(where, f"{path}.ages", str(exc), "like 65-74, 85+ or all"))
    if nums["tolerance"] is not None and nums["tolerance"] < 0:
        problems.append(Problem(where, f"{path}.tolerance", "must not be negative"))
    if row["metric"] == "spend" and (price_year is None or price_year < 0):
        problems.append(Problem(where, f"{path}.price_year", "a spend target needs the price "
                                "year of its euros"))
    if problems or not row["id"]:
        return None, problems or [Problem(where, path, "missing id")]
    return Target(id=row["id"], metric=row["metric"], what=row["what"], ages=row["ages"],
                  value=nums["value"], scale=nums["scale"], unit=row["unit"], year=row["year"],
                  price_year=None if price_year < 0 else int(price_year),
                  population=row["population"], source=row["source"], tag=row["tag"],
                  tolerance=nums["tolerance"], weight=nums["weight"]), []


def states_of(text: str) -> tuple[str, ...]:
    """'frail+homecare' -> ('frail', 'homecare'); 'all' and 'home' are shorthands."""
    if text == "all":
        return STATES
    if text == "home":
        return STATES[:-1]
    return tuple(text.split("+"))


def check_what(metric: str, what: str) -> list[str]:
    """Problems with the ``what`` column for a metric (empty when it is fine)."""
    if metric == "spend":
        kind, _, names = what.partition(":")
        return [] if kind in ("gross", "services") and names else [
            "expected gross:<payer> or services:<a>+<b>"]
    if metric == "event_age_share":
        event, _, among = what.partition("|")
        bad = [] if event in EVENTS else [f"unknown event '{event}' (valid: {', '.join(EVENTS)})"]
        try:
            age_bands(among)
        except ValueError as exc:
            bad.append(f"expected <event>|<ages of all the events counted>, like "
                       f"wlz_indication|60+: {exc}")
        return bad
    parts = what.split("|") if metric in ("prevalence", "event_rate") else [what]
    if metric in ("prevalence", "event_rate") and len(parts) != 2:
        return ["expected numerator|denominator, like homecare|all"]
    bad = []
    if metric == "event_rate":
        if parts[0] not in EVENTS:
            bad.append(f"unknown event '{parts[0]}' (valid: {', '.join(EVENTS)})")
        parts = parts[1:]
    for p in parts:
        bad += [f"unknown state '{s}'" for s in states_of(p) if s not in STATES]
    return bad


def age_bands(ages: str) -> tuple[str, ...]:
    """The 5-year age bands whose lower age lies in ``ages`` ('65-74', '85+', 'all')."""
    from simulate.data import AGE_BANDS
    lows = [int(b.split("-")[0].rstrip("+")) for b in AGE_BANDS]
    if ages == "all":
        lo, hi = 0, 200
    elif ages.endswith("+"):
        lo, hi = int(_int(ages[:-1])), 200
    elif "-" in ages:
        a, b = ages.split("-", 1)
        lo, hi = int(_int(a)), int(_int(b))
    else:
        raise ValueError(f"cannot read the ages '{ages}'")
    bands = tuple(b for b, low in zip(AGE_BANDS, lows) if lo <= low <= hi)
    if not bands:
        raise ValueError(f"no 5-year age band starts within '{ages}'")
    return bands


def _int(text: str) -> int:
    if not text.strip().isdigit():
        raise ValueError(f"'{text}' is not a whole number of years")
    return int(text)
