"""A kept stream (:class:`simulate.model.streams._Philox`), repositioned for every draw, draws
exactly what a fresh Philox at the stream's key and counter draws, whatever was drawn before."""
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


def _fresh(st: streams.Streams, name: str, block: int, month: int) -> np.random.Generator:
    """The definition: a new Philox at key (seed, name) and counter (block, month + 1,
    replication, area)."""
    bits = np.random.Philox(key=st.key(name))
    state = bits.state
    state["state"]["counter"] = np.array([block, month + 1, st.replication, st.area],
                                         dtype=np.uint64)
    bits.state = state
    return np.random.Generator(bits)


@pytest.mark.parametrize("replication, area", [(0, 0), (3, 0), (2, 5)])
def test_a_kept_stream_draws_what_a_fresh_philox_draws(replication, area):
    st = streams.Streams(11, replication, area)
    _draws(st)                                   # leave the kept generators mid-block
    for m in (0, 3, 11, -1):
        got = st.filler("health.ladder").fill(m, np.empty(37, np.float32)).copy()
        assert np.array_equal(got, _fresh(st, "health.ladder", 0, m).random(37, np.float32))
        got = st.uniform("health.ladder", m, 53, start=13)
        want = _fresh(st, "health.ladder", 1, m).random(45, np.float32)[5:]
        assert np.array_equal(got, want)
        gen, ref = st.generator("demography.births", m), _fresh(st, "demography.births", 0, m)
        assert gen.poisson(2.5) == ref.poisson(2.5)
        assert np.array_equal(gen.random(5), ref.random(5))


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
