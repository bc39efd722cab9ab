"""What validates, runs (issue 14 point 8): scenarios drawn from parts of the village (any
subset of its services, initiatives, payers and tables, any regime, a tiny village and a
short horizon) either are refused with a clear ScenarioError or run without an error."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import VILLAGE, to_toml

import simulate
from simulate.scenario import ScenarioError
from simulate.scenario.fields import REGIMES

WORK = Path(tempfile.mkdtemp(prefix="simulate-valid-runs-"))
#: Regimes that need no table naming an initiative or service of their own.
SELF_CONTAINED = [r for r in REGIMES if r not in ("pgb_collectief", "dienstencheck",
                                                  "right_to_challenge")]
TABLES = ["population", "demography", "health", "loneliness", "informal_care", "acute", "care",
          "volunteers", "financing", "sensitivity"]


def subset(draw, names: list[str]) -> list[str]:
    return draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names))) \
        if names else []


@st.composite
def village_parts(draw) -> tuple[dict, dict]:
    """A scenario made of parts of the village, and small-run overrides."""
    data = json.loads(json.dumps(VILLAGE))
    for group in ("services", "initiatives", "payers"):
        keep = subset(draw, list(data[group]))
        if group == "services" and keep:
            keep.append("huisarts")   # the dorpsondersteuner type's effects name it
        data[group] = {k: v for k, v in data[group].items() if k in keep}
        if not data[group]:
            del data[group]
    for table in subset(draw, TABLES):
        data.pop(table, None)
    overrides = {"population.size": draw(st.integers(0, 150)),
                 "horizon_years": draw(st.integers(1, 30)) / 12,
                 "financing.regime": draw(st.sampled_from(SELF_CONTAINED))}
    return data, overrides


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(village_parts(), st.integers(0, 2**16))
def test_a_scenario_that_validates_also_runs(parts, seed):
    data, overrides = parts
    f = WORK / "drawn.toml"
    f.write_text(to_toml(data), encoding="utf-8")
    try:
        sc = simulate.load_scenario(f, overrides)
    except ScenarioError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        return
    res = simulate.run(sc, reps=1, seed=seed, jobs=1, progress=False)
    assert res.metadata["replications"] == 1 and "costs" in res.tables
    assert (res.costs[res.costs.service != "transfers"].eur >= 0).all(), "no negative bills"


def test_an_empty_file_is_refused_with_the_way_out(tmp_path):
    f = tmp_path / "first_try.toml"
    f.write_text("", encoding="utf-8")
    try:
        simulate.load_scenario(f)
    except ScenarioError as exc:
        text = str(exc)
    else:
        raise AssertionError("an empty scenario validated")
    assert "1 problem in the scenario" in text
    assert "no services" in text and 'extends = "village"' in text
