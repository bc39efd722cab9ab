"""How the API's tables look in a notebook or a terminal: euros without scientific notation
and no "-0.0", as a display format only (the data keep every digit).

pandas shows a column with amounts up to millions and shares below one as ``1.234568e+06``;
a student reading ``results.summary`` should see ``1234568``. :func:`show_numbers` sets
pandas' ``display.float_format`` once, when ``simulate`` is imported, unless the user has
already chosen a format; ``show_numbers(False)`` gives pandas' own format back.
"""
from __future__ import annotations

import math

import pandas as pd

_OPTION = "display.float_format"


def display_number(x: float) -> str:
    """A float as a table shows it: whole numbers from 1,000 up (euros, persons: ``1234568``),
    two decimals from 1, four significant digits below (shares, probabilities); zero is
    ``0`` whatever its sign."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0 or abs(x) < 5e-13:
        return "0"
    if abs(x) >= 1000:
        return f"{x:.0f}"
    if abs(x) >= 1:
        return f"{x:.2f}"
    return f"{x:.4g}"


def show_numbers(on: bool = True) -> None:
    """Use :func:`display_number` for floats in DataFrames (``on``), or pandas' default. A
    format the user set before importing ``simulate`` is kept."""
    current = pd.get_option(_OPTION)
    if on and current is None:
        pd.set_option(_OPTION, display_number)
    elif not on and current is display_number:
        pd.reset_option(_OPTION)
