"""Design points for sweeps: varied parameters, full grids and Latin hypercubes.

A varied parameter is written like ``--set``, with a list or a range as its value::

    initiatives.dorpsondersteuner.fte=0.5,1,2     a list of values (any TOML values)
    financing.discount_rate=0:0.06:4              4 evenly spaced values from 0 to 0.06
    financing.discount_rate=0:0.06                a range, for a Latin hypercube

A grid is every combination of the lists (the first parameter varies slowest). A Latin
hypercube (``samples=N``, ``scipy.stats.qmc``, seeded) draws N points that cover each range
evenly; a list in a hypercube is sampled as equally likely levels. Whole-number parameters
(``population.size``) are rounded.
"""
from __future__ import annotations

import inspect
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.stats import qmc

from simulate.scenario import Problem, Scenario, ScenarioError, parse_override, to_dict
from simulate.scenario.paths import Parameter, PathError, is_model_parameter, resolve

_LHS_KEY = 0x6C6873  # "lhs": keeps the design's random numbers apart from the model's


@dataclass(frozen=True)
class Dimension:
    """One varied parameter: ``values`` (a list, or a range's grid) or a ``low``..``high``
    range with ``n`` points (``n`` None: a range for a Latin hypercube only)."""
    path: str
    values: tuple[Any, ...] = ()
    low: float | None = None
    high: float | None = None
    n: int | None = None

    @property
    def is_range(self) -> bool:
        return self.low is not None

    def as_dict(self) -> dict[str, Any]:
        """Plain data for the sweep's manifest."""
        return {"path": self.path, "values": list(self.values), "low": self.low,
                "high": self.high, "n": self.n}


def _bad(text: str, message: str, hint: str = "") -> ScenarioError:
    return ScenarioError([Problem("--vary", text, message, hint)])


def parse_vary(text: str) -> Dimension:
    """``path=v1,v2,...``, ``path=lo:hi:n`` or ``path=lo:hi`` as a :class:`Dimension`."""
    if "=" not in text:
        raise _bad(text, "expected KEY=VALUES", "e.g. initiatives.dorpsondersteuner.fte=0.5,1,2")
    path, spec = (s.strip() for s in text.split("=", 1))
    if ":" in spec and not spec.startswith(("[", '"', "'")):
        parts = spec.split(":")
        try:
            nums = [float(p) for p in parts]
        except ValueError:
            raise _bad(text, "a range is lo:hi or lo:hi:n with numbers", "e.g. 0:0.06:4") from None
        if len(nums) not in (2, 3) or not nums[0] < nums[1]:
            raise _bad(text, "a range is lo:hi or lo:hi:n with lo < hi", "e.g. 0:0.06:4")
        if len(nums) == 2:
            return Dimension(path, low=nums[0], high=nums[1])
        if not (nums[2].is_integer() and nums[2] >= 2):
            raise _bad(text, "n in lo:hi:n must be a whole number of at least 2")
        n = int(nums[2])
        return Dimension(path, tuple(float(v) for v in np.linspace(nums[0], nums[1], n)),
                         low=nums[0], high=nums[1], n=n)
    values = tuple(parse_override(f"v={v}")[1] for v in _split_list(spec))
    if not values:
        raise _bad(text, "no values given", "e.g. 0.5,1,2")
    return Dimension(path, values)


def _split_list(spec: str) -> list[str]:
    """Split on commas outside brackets and quotes (so TOML arrays survive)."""
    out, depth, quote, cur = [], 0, "", ""
    for ch in spec:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
            continue
        cur += ch
    return [s for s in out + [cur.strip()] if s]


def as_dimensions(vary: Iterable[str | Dimension] | Mapping[str, Any]) -> list[Dimension]:
    """Dimensions from ``--vary`` strings, :class:`Dimension` objects, or a mapping
    ``{path: [values]}`` / ``{path: "lo:hi:n"}``."""
    if isinstance(vary, Mapping):
        vary = [f"{k}={v}" if isinstance(v, str) else Dimension(k, tuple(v))
                for k, v in vary.items()]
    dims = [v if isinstance(v, Dimension) else parse_vary(v) for v in vary]
    if not dims:
        raise _bad("", "nothing to vary", "give at least one --vary KEY=VALUES")
    paths = [d.path for d in dims]
    for p in set(paths):
        if paths.count(p) > 1:
            raise _bad(p, "varied twice", "give each parameter once")
    return dims


def check_dimensions(base: Scenario, dims: Sequence[Dimension]) -> dict[str, Parameter]:
    """Each varied path names a value of the scenario (else a clear error)."""
    data, out, problems = to_dict(base), {}, []
    for d in dims:
        if not is_model_parameter(d.path):
            problems.append(Problem("--vary", d.path, "not a model parameter"))
            continue
        try:
            out[d.path] = par = resolve(data, d.path)
        except PathError as exc:
            problems.append(Problem("--vary", d.path, exc.message, exc.hint))
            continue
        if d.is_range and not par.numeric:
            problems.append(Problem("--vary", d.path, "a range needs a number parameter",
                                    "give a list of values instead"))
    if problems:
        raise ScenarioError(problems)
    return out


def grid(base: Scenario, dims: Sequence[Dimension]) -> list[dict[str, Any]]:
    """Every combination of the dimensions' values (the first varies slowest)."""
    pars = check_dimensions(base, dims)
    for d in dims:
        if not d.values:
            raise _bad(d.path, "a range without a number of points",
                       "write lo:hi:n for a grid, or give --samples N for a Latin hypercube")
    levels = [_unique([pars[d.path].coerce(v) for v in d.values]) for d in dims]
    return [dict(zip((d.path for d in dims), combo)) for combo in itertools.product(*levels)]


def latin_hypercube(base: Scenario, dims: Sequence[Dimension], samples: int,
                    seed: int) -> list[dict[str, Any]]:
    """``samples`` points of a seeded Latin hypercube over the dimensions."""
    pars = check_dimensions(base, dims)
    for d in dims:
        if d.n is not None:
            raise _bad(d.path, "lo:hi:n is a grid; with --samples give the range as lo:hi")
    if samples < 1:
        raise _bad("--samples", "needs at least one sample")
    rng_kw = "rng" if "rng" in inspect.signature(qmc.LatinHypercube).parameters else "seed"
    u = qmc.LatinHypercube(d=len(dims), **{rng_kw: np.random.default_rng(
        [int(seed) & (2**63 - 1), _LHS_KEY])}).random(samples)
    points = []
    for row in u:
        point = {}
        for d, x in zip(dims, row):
            if d.is_range:
                assert d.low is not None and d.high is not None  # a range has both ends
                v = float(d.low + x * (d.high - d.low))
            else:
                v = d.values[min(int(x * len(d.values)), len(d.values) - 1)]
            point[d.path] = pars[d.path].coerce(v)
        points.append(point)
    return points


def _unique(values: list[Any]) -> list[Any]:
    out: list[Any] = []
    for v in values:
        if v not in out:
            out.append(v)
    return out


__all__ = ["Dimension", "parse_vary", "as_dimensions", "grid", "latin_hypercube"]
