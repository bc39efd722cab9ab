"""Pinned headline numbers of a fixed small scenario (see tests/baseline/README.md)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

BASELINE = Path(__file__).parents[1] / "baseline"


def _regenerate_module():
    spec = importlib.util.spec_from_file_location("regenerate", BASELINE / "regenerate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_headline_numbers_are_unchanged():
    pinned = pd.read_csv(BASELINE / "headline.csv")
    now = _regenerate_module().headline()
    assert list(now.payer) == list(pinned.payer), "the same payers, in the same order"
    for col in ("counterfactual_eur", "scenario_eur", "difference_eur"):
        for payer, got, want in zip(now.payer, now[col], pinned[col]):
            assert got == pytest.approx(want, rel=1e-9, abs=1e-5), (
                f"{payer} {col}: {got:.6f} now, {want:.6f} pinned. If the model changed on "
                "purpose, run python tests/baseline/regenerate.py (tests/baseline/README.md)")


def test_baseline_is_a_real_comparison():
    pinned = pd.read_csv(BASELINE / "headline.csv").set_index("payer")
    assert pinned.loc["wmo", "difference_eur"] > 0, "the dorpsondersteuner costs the Wmo"
    assert (pinned.counterfactual_eur > 0).all(), "every pinned payer pays something"
