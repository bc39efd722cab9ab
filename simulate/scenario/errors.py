"""Errors in scenario files, collected and reported all at once."""
from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario: where, what, and how to fix it."""
    file: str
    path: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        text = f"{where}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class ScenarioError(ValueError):
    """A scenario could not be loaded; ``problems`` lists every error found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        n = len(self.problems)
        lines = [f"{n} problem{'' if n == 1 else 's'} in the scenario:"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """A 'did you mean ...' hint for a mistyped key, or a list of the valid ones."""
    options = sorted(options)
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if len(options) <= 12:
        return "valid: " + ", ".join(options) if options else "no keys are allowed here"
    return f"see the documentation for the {len(options)} valid keys"


def readable(x: float) -> str:
    """A number as people write it in a message: 0.25, 2030, 100,000, 50 million, not
    5e+07."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return str(x)
    if isinstance(x, int) and abs(x) >= 10**20:
        digits = int(abs(x).bit_length() * 0.30103) + 1  # str() fails past 4300 digits
        return f"{'-' if x < 0 else ''}a number of about {digits} digits"
    for size, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(x) >= size:
            shown = f"{x / size:.4g}"
            return f"{shown} {name}" if "e" not in shown else f"{x:.3g}"
    if float(x).is_integer():   # 4 digits stay together (a year: 2030), more are grouped
        return f"{int(x):,}" if abs(x) >= 10_000 else str(int(x))
    text = f"{x:.6f}".rstrip("0").rstrip(".")
    return text if text not in ("0", "-0") else f"{x:.2g}"


def decimal_comma(text: str) -> str:
    """'0,3' -> '0.3' when ``text`` is a number written with a Dutch decimal comma, else ''."""
    whole, comma, frac = text.strip().partition(",")
    digits = whole.lstrip("+-")
    if comma and digits.isdigit() and frac.isdigit() and "," not in frac:
        return f"{whole}.{frac}"
    return ""


def year_offset(year: float, start_year: int, horizon: float | None) -> str:
    """Years in a scenario count from its start: a calendar year (2028) gets its offset."""
    offset = year - start_year
    if float(year).is_integer() and 0 <= offset <= (horizon if horizon is not None else 200):
        return f"years count from the start ({start_year}): did you mean {offset:g}, " \
               f"the year {year:g}?"
    return ""
