"""The per-run tables built at once (issue 15): ``Results.from_arms`` stacks every run's arrays
and builds each long table in one pass; the rows, values and column types must be exactly
those of building each run's table and concatenating them (the way before, kept here as the
reference)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from simulate.results.tables import ARMS, _all_series, _long, _stacked

AXES = [("year", [2025, 2026, 2027]), ("payer", ["wmo", "zvw", "wlz", "residents"]),
        ("service", ["huisarts", "thuiszorg"])]


def _reference(arrays, axes, value, keep_zero):
    parts = []
    for i, arr in enumerate(arrays):
        df = _long(arr, axes, value, keep_zero)
        df.insert(0, "replication", i // len(ARMS))
        df.insert(0, "arm", ARMS[i % len(ARMS)])
        parts.append(df)
    return pd.concat(parts, ignore_index=True)


def _same(got: pd.DataFrame, want: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert list(got.dtypes) == list(want.dtypes)


def test_stacked_tables_are_the_concatenated_tables_of_each_run():
    rng = np.random.default_rng(4)
    shape = tuple(len(labels) for _, labels in AXES)
    for dtype in (float, np.int64):
        for keep_zero in (False, True):
            arrays = [(rng.random(shape) * (rng.random(shape) < 0.4) * 100).astype(dtype)
                      for _ in range(6)]
            arrays[3][:] = 0   # a run with nothing in it
            _same(_stacked(arrays, AXES, "eur", keep_zero),
                  _reference(arrays, AXES, "eur", keep_zero))
    empty = [np.zeros(shape) for _ in range(4)]
    got, want = _stacked(empty, AXES, "eur", False), _reference(empty, AXES, "eur", False)
    assert got.empty and list(got.columns) == list(want.columns)


def test_all_series_are_each_runs_series_one_under_the_other():
    rng = np.random.default_rng(5)
    runs = [{"residents": rng.random(7), "waiting": rng.random(7)},
            {"residents": rng.random(7), "waiting": rng.random(7),
             "members.x": rng.random(7)}] * 2   # the scenario arm has an initiative's series
    parts = []
    for i, monthly in enumerate(runs):
        df = pd.concat([pd.DataFrame({"month": np.arange(len(v)), "series": k, "value": v})
                        for k, v in monthly.items()], ignore_index=True)
        df.insert(0, "replication", i // len(ARMS))
        df.insert(0, "arm", ARMS[i % len(ARMS)])
        parts.append(df)
    _same(_all_series(runs), pd.concat(parts, ignore_index=True))
