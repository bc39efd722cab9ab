"""``Streams.filler``: the batch's fast month-start draws are exactly ``Streams.uniform``'s."""
import numpy as np

from simulate.model.streams import Streams


def test_filler_gives_exactly_the_uniforms_of_its_stream():
    st = Streams(7, 3)
    fill = st.filler("health.ladder")
    for month, n in ((0, 1), (5, 3500), (5, 9), (239, 4097), (-1, 16)):
        out = np.full(n, 2.0, dtype=np.float32)
        fill.fill(month, out)
        assert np.array_equal(out, Streams(7, 3).uniform("health.ladder", month, n))
        # other draws of the same stream in between (the cached Philox is shared) change
        # nothing: every fill positions the stream in full
        st.uniform("health.ladder", month + 1, 5, start=3)
        st.generator("health.ladder", month).poisson(3.0)
        again = np.empty(n, dtype=np.float32)
        assert np.array_equal(fill.fill(month, again), out)


def test_filler_differs_between_replications_and_streams():
    a = Streams(7, 3).filler("acute.fall").fill(4, np.empty(64, np.float32)).copy()
    b = Streams(7, 4).filler("acute.fall").fill(4, np.empty(64, np.float32))
    c = Streams(7, 3).filler("acute.ed").fill(4, np.empty(64, np.float32))
    assert not np.array_equal(a, b) and not np.array_equal(a, c)
