"""The initiatives' month keeps what it would otherwise recompute (issue 15): each
initiative's members and volunteers, as sorted slots and counts per group, from one month
to the next, and draws a stream only for the groups that read it. Both are speed only:
the kept slots must be exactly what the residents' bits say every month, and a batch that
draws every stream for every group must give exactly the same arrays."""
from __future__ import annotations

import numpy as np
import pytest

import simulate
from simulate.model import arm as arm_module
from simulate.model.arm import simulate_arms
from simulate.model.initiatives.batch import InitiativeBatch

SMALL = {"population.size": 300, "horizon_years": 4, "uncertainty.parameters": False}


def _arrays(results) -> list[dict]:
    return [{"eur": r.eur, "cost": r.cost, "hours": r.hours, "events": r.events,
             "census": r.census, **{f"series {k}": v for k, v in r.monthly.items()}}
            for r in results]


@pytest.mark.parametrize("name", ["zorgzaam_dorp", "pilot_cliff"])
def test_kept_members_and_volunteers_are_the_bits(monkeypatch, name):
    """After every month (and after the blocks grew), the kept slots and counts of every
    initiative are exactly the residents whose member bit / volunteer number is set."""
    sc = simulate.load_scenario(name, {**SMALL, "population.size": 200})
    month, checked = InitiativeBatch.month, []

    def checking(self, m, draw):
        fx = month(self, m, draw)
        r = self.res
        assert self._layout == r.layout
        for j, inis in enumerate(self.by_init):
            bits = np.flatnonzero((r.view("member") & inis[0].mask) != 0)
            assert np.array_equal(self._members[j], bits), (m, j)
            assert np.array_equal(self._counts[j], np.bincount(r.group[bits],
                                                               minlength=len(self.groups)))
            vol = np.flatnonzero(r.view("volunteer") == inis[0].bit + 1)
            assert np.array_equal(self._volunteers[j], vol), (m, j)
            checked.append(len(bits) + len(vol))
        return fx

    monkeypatch.setattr(InitiativeBatch, "month", checking)
    simulate_arms([sc] * 3, 5, [0, 1, 2])
    assert sum(checked) > 0, "not vacuous: initiatives had members and volunteers"


@pytest.mark.parametrize("name", ["village", "pilot_cliff", "zorgzaam_dorp"])
def test_skipping_unread_draws_changes_no_number(monkeypatch, name):
    """A batch whose draws ignore ``groups`` (every stream drawn for every group) gives
    exactly the arrays of the batch that draws only for the groups that read a stream."""
    sc = simulate.load_scenario(name, SMALL)
    reps = [0, 1, 2, 3]
    lean = _arrays(simulate_arms([sc] * 4, 9, reps))
    draw, asked = arm_module._Batch.draw, []

    def draw_all(self, name, m, groups=None):
        asked.append(groups is not None and name.startswith(("volunteers.", "initiative.")))
        return draw(self, name, m)

    monkeypatch.setattr(arm_module._Batch, "draw", draw_all)
    full = _arrays(simulate_arms([sc] * 4, 9, reps))
    assert any(asked), "not vacuous: the initiatives asked for some groups only"
    for a, b in zip(lean, full):
        assert a.keys() == b.keys()
        for k in a:
            assert np.array_equal(a[k], b[k]), k


def test_volunteers_with_kept_slots_and_lazy_draws_match_the_plain_form(monkeypatch):
    """Every month, the volunteers' step with the batch's kept slots, kept member counts and
    the recruitment stream drawn lazily gives exactly what the plain form gives (every
    slot's uniforms drawn first, volunteers and members read from the bits): the same hours,
    heads, volunteer numbers and ratios."""
    from simulate.model.initiatives import batch as batch_module
    sc = simulate.load_scenario("zorgzaam_dorp", {**SMALL, "population.size": 250})
    plain, compared = batch_module.volunteer_groups, []

    def both(res, group, inits, cfgs, u_leave, u_join, coordinated, n_members, blocks, kept):
        vol0 = res.view("volunteer").copy()
        full = u_join(list(range(blocks[0]))).copy()
        h1, n1 = plain(res, group, inits, cfgs, u_leave, full, coordinated)
        vol1 = res.view("volunteer").copy()
        ratio1 = [[i.volunteer_ratio for i in a] for a in inits]
        res.view("volunteer")[:] = vol0
        h2, n2 = plain(res, group, inits, cfgs, u_leave, u_join, coordinated, n_members,
                       blocks, kept)
        assert np.array_equal(h1, h2) and np.array_equal(n1, n2)
        assert np.array_equal(vol1, res.view("volunteer"))
        assert ratio1 == [[i.volunteer_ratio for i in a] for a in inits]
        compared.append(int((vol1 != vol0).sum()))
        return h2, n2

    monkeypatch.setattr(batch_module, "volunteer_groups", both)
    simulate_arms([sc] * 3, 4, [0, 1, 2])
    assert sum(compared) > 0, "not vacuous: volunteers joined and left"
