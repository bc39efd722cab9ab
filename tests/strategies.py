"""Hypothesis strategies for scenario files: broken ones (with the key paths that must be
reported) and small valid ones (for the invariants), plus a tiny TOML writer for them."""
from __future__ import annotations

import json
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
VILLAGE_FILE = ROOT / "scenarios" / "village.toml"
VILLAGE: dict = tomllib.loads(VILLAGE_FILE.read_text(encoding="utf-8"))

#: Keys a scenario must have in these tables (schema fields without a default).
REQUIRED = {("services", "*"): ("payer", "unit", "unit_cost_eur"),
            ("initiatives", "*"): ("type",)}
#: Text fields whose value is checked against a list (an unknown word is an error there).
CHOICE_FIELDS = {"payer", "type", "age_structure", "mortality_table", "regime"}


# -- writing TOML ---------------------------------------------------------------------------

def toml_value(v: Any) -> str:
    """One value as TOML (inline tables for tables)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):  # JSON escapes all TOML needs escaped except DEL
        return json.dumps(v, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{json.dumps(str(k))} = {toml_value(x)}"
                                for k, x in v.items()) + " }"
    raise TypeError(type(v))


def to_toml(data: dict) -> str:
    """A whole scenario as TOML text: one ``key = value`` line per top-level key."""
    return "".join(f"{json.dumps(str(k))} = {toml_value(v)}\n" for k, v in data.items())


# -- the village as leaves and tables --------------------------------------------------------

def walk(data: dict, path: tuple = ()) -> tuple[list[tuple], list[tuple]]:
    """(leaves, tables) of nested data as key-path tuples (the root table is ``()``)."""
    leaves, tables = [], [path]
    for k, v in data.items():
        if isinstance(v, dict):
            sub_leaves, sub_tables = walk(v, path + (k,))
            leaves += sub_leaves
            tables += sub_tables
        else:
            leaves.append(path + (k,))
    return leaves, tables


LEAVES, TABLES = walk(VILLAGE)
REQUIRED_KEYS = [(s, name, key) for s in ("services", "initiatives") for name in VILLAGE[s]
                 for key in REQUIRED[(s, "*")]]


def get(data: dict, path: tuple) -> Any:
    for k in path:
        data = data[k]
    return data


def dotted(path: tuple) -> str:
    return ".".join(path)


# -- broken values ---------------------------------------------------------------------------

HUGE_INT = 10**30


def bad_values_for(value: Any, key: str) -> st.SearchStrategy:
    """Values that cannot be valid where ``value`` stands (judged by its type)."""
    table = st.just({"x": 1})
    if isinstance(value, bool):
        return st.sampled_from([1, "yes", [True]])
    if isinstance(value, (int, float)):
        return st.one_of(
            st.sampled_from([float("nan"), float("inf"), float("-inf"), 1e300, -1e300,
                             HUGE_INT, -HUGE_INT, True, False, [1, 2], "12", "", "1e3"]),
            table, st.text(max_size=8))
    if isinstance(value, str):
        words = [st.just("zz_not_a_choice")] if key in CHOICE_FIELDS else []
        return st.one_of(st.sampled_from([0, 2.5, True, [value], float("nan")]), table, *words)
    if isinstance(value, list):
        return st.sampled_from([1, "frail", {"x": 1}, [1], ["zz_not_a_state"], [[]]])
    raise TypeError(type(value))


@dataclass(frozen=True)
class Mutation:
    """One mistake put into a scenario and the key path its problem must name."""
    kind: str
    path: tuple
    value: Any = None

    @property
    def expected(self) -> str:
        return dotted(self.path)

    def apply(self, data: dict) -> None:
        parent = get(data, self.path[:-1])
        if self.kind == "delete":
            del parent[self.path[-1]]
        else:
            parent[self.path[-1]] = self.value


@st.composite
def mutation(draw) -> Mutation:
    kind = draw(st.sampled_from(["wrong_value", "wrong_value", "unknown_key", "delete",
                                 "not_a_table"]))
    if kind == "wrong_value":
        path = draw(st.sampled_from(LEAVES))
        if "sources" in path:   # a source is free text: anything but text is wrong there
            return Mutation(kind, path, draw(st.sampled_from([0, 2.5, True, ["x"], {"x": 1}])))
        return Mutation(kind, path, draw(bad_values_for(get(VILLAGE, path), path[-1])))
    if kind == "unknown_key":
        table = draw(st.sampled_from(TABLES))
        return Mutation(kind, table + (draw(st.sampled_from(["zz_unknown", "Population",
                                                            "sise", "extends"])),), 1)
    if kind == "delete":
        return Mutation(kind, draw(st.sampled_from(REQUIRED_KEYS)))
    # a table of sources (one per key of a table value) may also be one text for the whole
    # value, so only a table of the scenario itself must stay a table
    table = draw(st.sampled_from([t for t in TABLES if t and "sources" not in t]))
    return Mutation(kind, table, draw(st.sampled_from([3, "text", [1], True])))


def _overlap(a: tuple, b: tuple) -> bool:
    n = min(len(a), len(b))
    return a[:n] == b[:n]


@st.composite
def mutations(draw, max_size: int = 4) -> list[Mutation]:
    """1 to ``max_size`` mistakes at key paths that do not contain one another."""
    chosen: list[Mutation] = []
    for m in draw(st.lists(mutation(), min_size=1, max_size=max_size)):
        if not any(_overlap(m.path, c.path) for c in chosen):
            chosen.append(m)
    return chosen


def broken_village(muts: list[Mutation]) -> dict:
    data = json.loads(json.dumps(VILLAGE))  # a deep copy
    for m in muts:
        m.apply(data)
    return data


# -- arbitrary override values -----------------------------------------------------------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-HUGE_INT, max_value=HUGE_INT),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12))
anything = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=8)
key_paths = st.one_of(st.sampled_from([dotted(p) for p in LEAVES] + [dotted(t) for t in TABLES
                                                                     if t]),
                      st.text(max_size=20))


# -- small valid scenarios ---------------------------------------------------------------------

@st.composite
def valid_overrides(draw) -> dict:
    """Overrides of the village that stay valid and small: up to 300 residents, 1-36 months."""
    months = draw(st.integers(1, 36))
    ov = {"population.size": draw(st.integers(0, 300)),
          "horizon_years": months / 12,
          "care.nursing_home_beds": draw(st.integers(0, 12)),
          "demography.in_migration_per_1000": draw(st.floats(0, 100)),
          "health.progression_age_slope": draw(st.floats(-0.2, 0.2)),
          "initiatives.dorpsondersteuner.fte": draw(st.floats(0, 3)),
          "initiatives.dorpsondersteuner.effects.progression_multiplier": draw(st.floats(0, 2)),
          "acute.fall_to_ed": draw(st.floats(0, 0.5))}
    wmo = draw(st.floats(0, 1))
    ov["initiatives.dorpsondersteuner.funding"] = [{"payer": "wmo", "share": wmo},
                                                   {"payer": "zvw", "share": 1 - wmo}]
    if draw(st.booleans()):
        ov["population.age_weights"] = {draw(st.sampled_from(["0-4", "40-44", "80-84", "95+"])): 1}
    if draw(st.booleans()):
        year = draw(st.integers(0, months // 12))
        ov["care.bed_changes"] = {str(year): draw(st.integers(0, 12))}
    ov["financing.regime"] = draw(st.sampled_from(
        ["siloed", "populatiebekostiging", "shared_savings", "innovatiecontract", "pizza",
         "social_impact_bond"]))
    if draw(st.booleans()):
        ov["counterfactual.keep_initiatives"] = ["dorpsondersteuner"]
        ov["financing.regime"] = "siloed"  # the counterfactual is always siloed
    return ov
