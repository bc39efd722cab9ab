"""Sourced default tables shipped with the package; nothing is downloaded at run time."""
from __future__ import annotations

import csv
from functools import cache
from importlib import resources

import numpy as np

AGE_BANDS: tuple[str, ...] = tuple(f"{a}-{a + 4}" for a in range(0, 95, 5)) + ("95+",)


@cache
def table(name: str) -> dict[str, np.ndarray | list[str]]:
    """Columns of ``data/<name>.csv`` (comment lines start with '#'); numbers as arrays."""
    text = resources.files(__package__).joinpath(f"{name}.csv").read_text(encoding="utf-8")
    rows = [r for r in csv.reader(line for line in text.splitlines()
                                  if line.strip() and not line.startswith("#"))]
    header, body = rows[0], rows[1:]
    out: dict[str, np.ndarray | list[str]] = {}
    for j, col in enumerate(header):
        values = [r[j] for r in body]
        try:
            out[col] = np.array([float(v) for v in values])
        except ValueError:
            out[col] = values
    return out


def columns(name: str) -> list[str]:
    """The column names of a table, for validating scenario references to them."""
    return list(table(name))
