"""The numbers of the batched monthly steps, one value (or table) per group.

Groups of one batch may differ in their numbers: each replication draws its own parameter set
under parameter uncertainty (``uncertainty.parameters``), and the areas of a region will
differ in theirs. Every number the batched steps of :mod:`simulate.model.population.health`
and :mod:`simulate.model.population.demography` use is kept here as an array with a leading
group axis, built once per batch from each group's scenario and :class:`Rates`.
:meth:`GroupParams.at` gives a number for every slot (indexed by the slot's group) or, when
all groups share it, the one number itself, so that a batch of groups that share their
numbers computes exactly what a run of one group computes. Values and dtypes are those the
one-group formulas use, so a group's results do not depend on the batch it runs in.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from simulate.model.population.rates import Rates, hazard, monthly, state_vector
from simulate.scenario.schema import Scenario

F32 = np.float32


def _per_group(sc: Scenario, r: Rates) -> dict[str, Any]:
    lo, ic, ac, h = sc.loneliness, sc.informal_care, sc.acute, sc.health
    need = state_vector(ic.hours_per_month).astype(F32)
    on = F32(hazard(lo.onset_annual)) * np.array([1, lo.onset_alone_multiplier], F32)
    wait = np.array([1, ac.waiting_ed_multiplier], F32)[:, None]
    # monthly probabilities of the tables, for months in which no initiative changes a
    # hazard: the very numbers the per-slot formulas give (monthly() is elementwise), for a
    # table lookup instead of an expm1 over every slot
    monthly_tables = {
        "p_lonely_on": monthly(on),
        "p_lonely_off": monthly(F32(hazard(lo.recovery_annual)) * F32(1)),
        "p_carer_drop": monthly(F32(hazard(ic.dropout_annual_overburdened)) * F32(1)),
        "p_carer_new": monthly(F32(hazard(ic.new_carer_annual)) + F32(0)),
        "p_fall": monthly(r.fall * F32(1)),
        "p_ed": monthly(r.ed[None, :] * wait),          # [waiting, state]
        "p_hospital": monthly(r.hospital[None, :] * wait),
        "p_out": monthly(r.out_migration),
    }
    return {**monthly_tables,
        "lonely_on": on,
        "lonely_off": F32(hazard(lo.recovery_annual)),
        "need": need,
        "over": need > ic.overburden_hours,
        "carer_drop": F32(hazard(ic.dropout_annual_overburdened)),
        "carer_new": F32(hazard(ic.new_carer_annual)),
        "acute_min_age": ac.min_age,
        "fall_to_ed": F32(ac.fall_to_ed),
        "fall": r.fall, "hip_per_fall": r.hip_per_fall,
        "death_by_year": r.death_by_year, "death_state": r.death_state,
        "death_risk": r.death_risk, "hip_death": F32(r.hip_death), "up": r.up,
        "prog_risk": r.prog_risk, "p_down": r.p_down,
        "stay_home": F32(h.wlz_stay_home_share),
        "care_move": np.asarray(r.care_move, dtype=F32),
    }


class GroupParams:
    """Per-group numbers of the batched steps; ``group`` is every slot's group."""

    def __init__(self, scenarios: list[Scenario], rates: list[Rates], group: np.ndarray):
        values = [_per_group(sc, r) for sc, r in zip(scenarios, rates)]
        self.groups = len(values)
        self._arrays = {k: np.stack([np.asarray(v[k]) for v in values]) for k in values[0]}
        self._same = {k: bool((a == a[:1]).all()) for k, a in self._arrays.items()}
        self.group = group
        self._memo: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        #: tables derived from these numbers, kept for the batch (``population.bounds``)
        self.cache: dict[tuple, np.ndarray] = {}
        self._offsets: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        #: the largest years of the death-rate table (the same for every group)
        self.death_years = self._arrays["death_by_year"].shape[1]
        #: the ages of the death-rate table (single years, the same for every group)
        self.death_ages = self._arrays["death_by_year"].shape[-1]

    def values(self, name: str) -> np.ndarray:
        """The number ``name`` of every group (leading axis: group)."""
        return self._arrays[name]

    def same(self, name: str) -> bool:
        return self._same[name]

    def at(self, name: str, *index: Any, where: np.ndarray | None = None) -> Any:
        """``name`` indexed by ``index`` for every slot (or the slots ``where`` selects): the
        group's own table row per slot, or, when all groups share it, the shared number
        (a scalar when ``index`` is empty, as the one-group formulas use it). ``where`` is an
        array of slot numbers that is not changed in place (its groups are kept while the
        same array comes again)."""
        a = self._arrays[name]
        if self._same[name]:
            if not index:
                return a[0]
            table, flat = a[0], None
        else:
            table, flat = a, self.group if where is None else self._groups_of(where)
        # one gather from the flattened table (about twice as fast as numpy's indexing with
        # several index arrays); the numbers are the table's own
        dims = table.shape[0 if flat is None else 1:]
        if len(index) != len(dims):
            raise ValueError(f"{name}: {len(dims)} indices needed, {len(index)} given")
        for dim, i in zip(dims, index):
            flat = np.asarray(i, dtype=np.intp) if flat is None else flat * dim + i
        return table.reshape(-1).take(flat)

    def at_cell(self, name: str, cell: np.ndarray, where: np.ndarray | None = None) -> Any:
        """``at(name, *index)`` with the index given as one flat cell of a group's table
        (``np.ravel_multi_index(index, shape)``): the same numbers, for a cell index that
        several tables of one shape share."""
        a = self._arrays[name]
        if self._same[name]:
            return a[0].reshape(-1).take(cell)
        groups = self.group if where is None else self._groups_of(where)
        return a.reshape(-1).take(groups * a[0].size + cell)

    def group_offsets(self, stride: int) -> np.ndarray:
        """``group * stride`` of every slot as int32 (for cells of small tables), kept while
        the layout (``group``) stays the same."""
        got = self._offsets.get(stride)
        if got is None or got[0] is not self.group:
            if self.groups * stride * 1000 >= 2 ** 31:
                raise ValueError("too many groups for int32 cells")
            got = self._offsets[stride] = (self.group, (self.group * stride).astype(np.int32))
        return got[1]

    def _groups_of(self, where: np.ndarray) -> np.ndarray:
        """The groups of the slots ``where``; the last result is kept while the same
        ``where`` object (the month's living slots) comes again with the same layout."""
        memo = self._memo
        if memo is not None and memo[0] is where and memo[1] is self.group:
            return memo[2]
        groups = self.group[where]
        self._memo = (where, self.group, groups)
        return groups

    def any_positive(self, name: str) -> bool:
        return bool((self._arrays[name] > 0).any())
