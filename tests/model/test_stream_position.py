"""A stream repositioned in place (:class:`simulate.model.streams._Philox`) draws exactly what
one repositioned through numpy's state dictionary draws, whatever was drawn before."""
from __future__ import annotations

import numpy as np
import pytest

from simulate.model import streams


def _draws(st: streams.Streams) -> list[np.ndarray]:
    """A mix of draws that leave the stream mid-block, then repositions."""
    out = []
    fill = st.filler("health.ladder")
    for m in (0, 3, 3, 11, -1):
        out.append(fill.fill(m, np.empty(37, np.float32)).copy())
        out.append(st.uniform("health.ladder", m, 53, start=13))
        gen = st.generator("demography.births", m)
        out.append(np.array([gen.poisson(2.5)]))
        out.append(gen.random(5))
        out.append(gen.random(3, dtype=np.float32))
        out.append(st.uniform("demography.births", m, 9))
        out.append(st.uniform("health.ladder", m, 100, start=96))
    return out


def test_the_numpy_in_use_is_repositioned_in_place():
    assert streams._layout_ok(), "Philox state layout changed: streams use the slow path"


@pytest.mark.parametrize("replication, area", [(0, 0), (3, 0), (2, 5)])
def test_in_place_equals_the_state_dictionary(monkeypatch, replication, area):
    fast = _draws(streams.Streams(11, replication, area))
    monkeypatch.setattr(streams, "_layout_ok", lambda: False)
    slow_st = streams.Streams(11, replication, area)
    assert slow_st._stream("health.ladder")._ctr is None  # the dictionary route
    slow = _draws(slow_st)
    assert len(fast) == len(slow)
    for a, b in zip(fast, slow):
        assert a.dtype == b.dtype and np.array_equal(a, b)


def test_a_reposition_forgets_what_was_drawn():
    st = streams.Streams(5, 1)
    first = st.uniform("acute.fall", 7, 20)
    st.generator("acute.fall", 7).random(13)          # leaves half a block in the buffer
    assert np.array_equal(st.uniform("acute.fall", 7, 20), first)
    assert np.array_equal(st.uniform("acute.fall", 7, 20, start=9), first[9:])


@pytest.mark.parametrize("start, n", [(0, 0), (0, 9), (5, 5), (5, 4), (8, 30), (13, 14),
                                      (2501, 2533)])
def test_a_filler_draws_what_its_streams_draw(start, n):
    """``StreamFiller.uniform`` (one draw from the block, sliced) and ``generator`` give
    exactly ``Streams.uniform`` (which skips first) and ``Streams.generator``."""
    st, other = streams.Streams(9, 2), streams.Streams(9, 2)
    filler = st.filler("insurance.newcomers")
    for m in (0, 4, 4, 17):
        got = filler.uniform(m, n, start=start)
        want = other.uniform("insurance.newcomers", m, n, start=start)
        assert got.dtype == want.dtype and np.array_equal(got, want)
        a = filler.generator(m)
        b = other.generator("insurance.newcomers", m)
        assert a.poisson(3.0) == b.poisson(3.0) and np.array_equal(a.random(7), b.random(7))
