"""Residents of several groups in one struct of arrays, so that one monthly step advances them all.

A *group* is one area of one replication of one arm: the :class:`GroupTable` maps each group to
its (area, replication), so a batch of replications and a region of villages are the same
mechanism (only replications use it so far: every group is area 0). Each group owns a
contiguous block of ``block`` slots: group ``g`` holds slots ``g * block .. g * block + n[g] - 1``
and the rest of its block is empty (state ``GONE``, every other field 0: inert, never alive).
A resident's slot *within its group* never changes, so it stays the random-number coordinate
(:mod:`simulate.model.streams`): the draws of a group are those of a run of that group alone.

The batched parts of the month (health, moving out, ageing, counting, and placing every
group's newcomers: :meth:`GroupedResidents.append`) work on all slots at
once and reduce per group with ``bincount`` over ``group * K + cell``. The parts that belong to
one group (its bed queue, insurers, initiatives, books) read and write it through a
:class:`GroupView`, which looks like :class:`~simulate.model.population.residents.Residents` of
that group alone (its views are slices, so writes land in the shared arrays).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from simulate.model.population.residents import _FIELDS, GONE, N_BANDS, N_STATES, Residents


@dataclass(frozen=True)
class GroupTable:
    """Which (area, replication) each group is; ``len`` is the number of groups."""
    area: tuple[int, ...]
    replication: tuple[int, ...]

    @classmethod
    def of_replications(cls, replications: list[int]) -> GroupTable:
        """One group per replication of a single area."""
        return cls(area=tuple(0 for _ in replications), replication=tuple(replications))

    def __len__(self) -> int:
        return len(self.replication)


class GroupedResidents:
    """The residents of ``groups`` groups, each in its own block of slots.

    ``view(name)`` is the whole array (every block, empty slots included) for the batched
    steps; :meth:`of` gives one group's :class:`GroupView`.
    """

    state: np.ndarray

    def __init__(self, groups: int, block: int):
        self.groups = int(groups)
        self.block = max(int(block), 16)
        self.counts = np.zeros(self.groups, dtype=np.int64)   # slots in use per group
        self._allocate(self.block)

    def _allocate(self, block: int, old_block: int | None = None) -> None:
        size = self.groups * block
        for name, dtype in _FIELDS.items():
            arr: np.ndarray = np.zeros(size, dtype=dtype)
            if old_block is not None:  # copy each group's slots in use into its new block
                src = getattr(self, name)
                for g, n in enumerate(self.counts):
                    arr[g * block: g * block + n] = src[g * old_block: g * old_block + n]
            setattr(self, name, arr)
        self.state[self._empty(block)] = GONE
        self.block = block
        #: the group of every slot (fixed while the layout is)
        self.group = np.repeat(np.arange(self.groups, dtype=np.intp), block)
        self.layout = getattr(self, "layout", 0) + 1  # changes whenever slots move

    def _empty(self, block: int) -> np.ndarray:
        local = np.arange(block)
        return (local[None, :] >= self.counts[:, None]).reshape(-1)

    @property
    def n(self) -> int:
        """Slots of the batched arrays (all blocks, in use or not)."""
        return len(self.state)

    def view(self, name: str) -> np.ndarray:
        return getattr(self, name)

    def alive(self) -> np.ndarray:
        return self.state < N_STATES

    def age_band(self) -> np.ndarray:
        return np.minimum(self.view("age_m") // 60, N_BANDS - 1)

    def start(self, g: int) -> int:
        return g * self.block

    def of(self, g: int) -> GroupView:
        return GroupView(self, g)

    def place(self, g: int, res: Residents) -> None:
        """Put a group's starting residents (a one-group :class:`Residents`) into its block."""
        if res.n > self.block:
            self.grow(res.n)
        s = self.start(g)
        for name in _FIELDS:
            getattr(self, name)[s: s + res.n] = res.view(name)
        self.counts[g] = res.n

    def grow(self, needed: int) -> None:
        """Make every block hold at least ``needed`` slots (slots move; positions within
        a group do not)."""
        self._allocate(max(int(needed), int(self.block * 1.25) + 16), self.block)

    def append(self, per_group: np.ndarray, columns: dict[str, np.ndarray]) -> np.ndarray:
        """Add ``per_group[g]`` residents at the end of each group's slots in one pass
        (``columns``: their fields, group by group; fields left out are 0); return their
        slots in the batched arrays. Every block grows first if one would overflow."""
        need = self.counts + per_group
        if need.max(initial=0) > self.block:
            self.grow(int(need.max()))
        total = int(per_group.sum())
        within = np.arange(total) - np.repeat(np.cumsum(per_group) - per_group, per_group)
        slots = np.repeat(np.arange(self.groups) * self.block + self.counts, per_group) + within
        for name in _FIELDS:
            getattr(self, name)[slots] = columns.get(name, 0)
        self.counts[:] = need
        return slots

    def per_group(self, mask: np.ndarray) -> np.ndarray:
        """How many slots of each group ``mask`` selects (a mask of every slot: the blocks
        are contiguous, so one row sum per group)."""
        return mask.reshape(self.groups, self.block).sum(axis=1, dtype=np.int64)


def per_slot(values: np.ndarray, group: np.ndarray) -> Any:
    """Each slot's group's value (``values``: one per group), or the one shared value as a
    numpy scalar of the same dtype when all groups have it (a comparison or product with it
    gives the same numbers, without the gather)."""
    first = values[0]
    return first if (values == first).all() else values[group]


def smallest_per_group(idx: np.ndarray, group: np.ndarray, key: np.ndarray, n: np.ndarray,
                       groups: int) -> np.ndarray:
    """The entries of ``idx`` with the ``n[g]`` smallest ``key`` in each group ``g`` (``group``:
    each entry's group), ties in the order of ``idx``: per group, what
    ``idx[np.argsort(key, kind="stable")[:n]]`` selects, for all groups in one sort."""
    if not len(idx):
        return idx
    order = np.lexsort((key, group))   # stable: ties keep the order of ``idx``
    idx, group = idx[order], group[order]
    counts = np.bincount(group, minlength=groups)
    rank = np.arange(len(idx)) - (np.cumsum(counts) - counts)[group]
    return idx[rank < n[group]]


class GroupView:
    """One group of a :class:`GroupedResidents`, looking like a :class:`Residents` of its own:
    ``view(name)`` is the group's slots in use, attributes are its whole block, and slot
    numbers are local to the group."""

    def __init__(self, parent: GroupedResidents, g: int):
        self._parent, self.g = parent, g

    @property
    def n(self) -> int:
        return int(self._parent.counts[self.g])

    @property
    def capacity(self) -> int:
        return self._parent.block

    def __getattr__(self, name: str) -> Any:
        if name in _FIELDS:
            p = self._parent
            s = p.start(self.g)
            return getattr(p, name)[s: s + p.block]
        raise AttributeError(name)

    def view(self, name: str) -> np.ndarray:
        p = self._parent
        s = p.start(self.g)
        return getattr(p, name)[s: s + int(p.counts[self.g])]

    def append(self, columns: dict[str, np.ndarray]) -> np.ndarray:
        """Add residents at the end of the group's slots; return their (local) slots."""
        k = len(columns["age_m"])
        n, p = self.n, self._parent
        if n + k > p.block:
            p.grow(n + k)
        s = p.start(self.g)
        for name in _FIELDS:
            getattr(p, name)[s + n: s + n + k] = columns.get(name, 0)
        p.counts[self.g] = n + k
        return np.arange(n, n + k)

    def alive(self) -> np.ndarray:
        return self.view("state") < N_STATES

    def age_band(self) -> np.ndarray:
        return np.minimum(self.view("age_m") // 60, N_BANDS - 1)
