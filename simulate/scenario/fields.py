"""The scenario's vocabulary (states, payers, events, regimes) and its typed, read-only fields.

Each field carries its unit and valid range in ``metadata`` (:func:`spec`) so that the validator
checks every file the same way and reports every error at once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from simulate.data import AGE_BANDS  # noqa: F401  (re-exported for the schema)

#: Care states on the ladder, in order. ``wlz_home`` are residents with a Wlz (long-term care)
#: indication still living at home (waiting for a bed or choosing to stay); ``nursing_home``
#: are residents in a nursing-home bed.
STATES: tuple[str, ...] = ("vital", "prefrail", "frail", "homecare", "wlz_home", "nursing_home")
#: Funding streams (kokers) and other payers a euro can be booked to.
#: ``budget_holder`` is the regional holder of a population budget (populatiebekostiging).
PAYERS: tuple[str, ...] = ("wmo", "zvw", "wlz", "wpg", "residents", "funds", "investor",
                           "budget_holder")
#: Events counted per year, age band, sex and state.
EVENTS: tuple[str, ...] = (
    "death", "birth", "move_in", "move_out", "wlz_indication", "nursing_home_admission",
    "fall", "hip_fracture", "ed_visit", "hospital_admission", "carer_dropout", "move_to_care",
)
REGIMES: tuple[str, ...] = ("siloed", "populatiebekostiging", "shared_savings",
                            "innovatiecontract", "pizza", "pgb_collectief", "dienstencheck",
                            "right_to_challenge", "social_impact_bond")
#: Initiative types of the seeds [002]; their default parameters are in
#: ``simulate/data/initiative_types.toml``.
INITIATIVE_TYPES: tuple[str, ...] = (
    "dorpsondersteuner", "meeting_place", "neighbour_help", "volunteer_transport", "meals",
    "day_activities", "small_scale_housing", "carer_support", "fall_prevention")
DECISION_RULES: tuple[str, ...] = ("committed", "own_benefit")
#: The states a payer-decision or initiative may target (living at home).
HOME_STATES: tuple[str, ...] = STATES[:5]


class FrozenDict(dict):
    """A dict that refuses changes, so a loaded scenario cannot be mutated by the model."""

    def _refuse(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("scenario values are read-only; use simulate.load_scenario overrides")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]

    def __reduce__(self):  # pickles as a plain FrozenDict for process pools
        return (FrozenDict, (dict(self),))

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted(self.items())))


def spec(default: Any = None, *, unit: str = "", lo: float | None = None, hi: float | None = None,
         choices: tuple[str, ...] | None = None, keys: tuple[str, ...] | None = None,
         required: bool = False, doc: str = "") -> Any:
    """A dataclass field with its unit, range and allowed values for validation."""
    meta = {"unit": unit, "lo": lo, "hi": hi, "choices": choices, "keys": keys, "doc": doc}
    if required:
        return field(metadata=meta)
    if isinstance(default, list):  # read-only, like the values the validator builds
        frozen = tuple(default)
        return field(default_factory=lambda: frozen, metadata=meta)
    if isinstance(default, dict):
        table = dict(default)
        return field(default_factory=lambda: FrozenDict(table), metadata=meta)
    return field(default=default, metadata=meta)


#: Words by which a source says plainly that its value is not taken from a dated publication:
#: an assumption, an estimate ([E]), a fit, a definition, or a choice of the model's design
#: documented in the project's own papers (the seeds, DESIGN.md, DOMAIN.md).
ASSUMPTION_WORDS: tuple[str, ...] = ("assumption", "[e]", "estimate", "calibrated",
                                     "definition", "design", "seeds", "domain m")
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


@dataclass(frozen=True)
class Source:
    """Where one value of a scenario comes from, as its file says (``sources.KEY = "..."``).

    ``file`` is the file that wrote the source (a scenario file, or ``type NAME`` for the
    catalogue of initiative types); a source speaks for a value only when that same file set
    the value (:mod:`simulate.scenario.provenance`).
    """
    text: str = field(metadata={"doc": "the source and year, or 'assumption: ...'"})
    file: str = field(default="", metadata={"doc": "the file that wrote this source"})

    @property
    def year(self) -> int | None:
        """The most recent year the source names (a publication or data year), or None."""
        years = [int(y) for y in _YEAR.findall(self.text)]
        return max(years) if years else None

    @property
    def assumption(self) -> bool:
        """True when the source says its value is an assumption, an estimate or a fit."""
        low = self.text.lower()
        return any(w in low for w in ASSUMPTION_WORDS)
