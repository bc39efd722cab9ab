"""Named random streams with common random numbers, from a counter-based generator.

Every draw comes from a stream named by what it is for ("health.transition") and is a pure
function of (root seed, stream, replication, month, position): the numbers of a stream in a
month are those of numpy's Philox4x64 (Random123's counter-based generator) with

* key ``(seed, blake2b(name))`` and
* counter ``(position, month + 1, replication, area)``,

so the ``i``-th number is found by its coordinates alone, never by what was drawn before. Hence,
by construction:

* adding or removing a stream leaves every other stream's numbers unchanged;
* resident slot ``i`` gets the ``i``-th uniform of each stream in a month, in both arms and
  whatever the number of residents (a draw of ``n`` numbers is a prefix of a draw of ``m > n``);
* results do not depend on the order in which replications run, on how they are batched, on
  ``--jobs`` or on the executor: there is no generator state to carry between them.

The area is the village of a region (0 for a single village): two villages of one replication
draw independent numbers, and area 0 draws exactly what a run without areas draws. A
replication's drawn parameter set (:mod:`simulate.experiments.psa`) stays one per replication,
shared by the areas of a region, as their common uncertainty about the world.

Setting a Philox state is about 20 times cheaper than seeding a generator through a
``SeedSequence``, which matters at village size, where a month draws about 15 short streams
for every group. Each stream keeps one Philox, repositioned through numpy's public ``state``
dictionary for every draw (about 2 microseconds). Writing the counter into the generator's
memory through ``ctypes`` would take a fifth of that, but it depends on numpy's private C
layout, and a mismatch could crash rather than fail a check: the few percent of a run it
saves are not worth that.
"""
from __future__ import annotations

import hashlib
from typing import Any

import numpy as np

_U64 = (1 << 64) - 1
#: float32 uniforms per Philox4x64 block: 4 x 64 bits, 32 bits per uniform.
_PER_BLOCK = 8


def _name_key(name: str) -> int:
    """A stable 64-bit integer for a stream name (Python's ``hash`` is salted per process)."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "little")


class _Philox:
    """One stream's Philox, repositioned for every draw (:meth:`at`): its state is only a
    cache, each draw sets the counter in full and empties the buffer (nothing changes the
    key)."""

    __slots__ = ("gen", "bits", "_state")

    def __init__(self, key: np.ndarray, counter: np.ndarray):
        self.bits = np.random.Philox(key=key)
        state: Any = self.bits.state
        state["state"]["counter"] = counter
        self.bits.state = state
        self.gen = np.random.Generator(self.bits)
        self._state = state

    def at(self, block: int, month: int) -> np.random.Generator:
        """The generator at counter (``block``, ``month`` + 1, replication, area), with an
        empty buffer (as a fresh Philox there): the kept state dictionary, set in full."""
        state = self._state
        counter = state["state"]["counter"]
        counter[0], counter[1] = block, month + 1
        self.bits.state = state
        return self.gen

    def uniform(self, month: int, n: int, start: int = 0,
                out: np.ndarray | None = None) -> np.ndarray:
        """:meth:`Streams.uniform` of this stream."""
        # a Philox block (one counter value) holds 8 uint32, each one float32 uniform
        block, skip = divmod(int(start), _PER_BLOCK)
        gen = self.at(block, month)  # counter (block, month + 1, replication, area)
        if skip:
            gen.random(skip, dtype=np.float32)
        if out is not None:
            return gen.random(dtype=np.float32, out=out)
        return gen.random(max(0, n - block * _PER_BLOCK - skip), dtype=np.float32)


class Streams:
    """The random streams of one replication in one area: a pure function of (seed,
    replication, area)."""

    def __init__(self, seed: int, replication: int, area: int = 0):
        self.seed = int(seed)
        self.replication = int(replication)
        self.area = int(area)
        if self.seed < 0 or self.replication < 0 or self.area < 0:
            raise ValueError("seed, replication and area must be non-negative")
        # one Philox per stream name, repositioned for every draw (its state is only a
        # cache: each draw sets key and counter in full, so no draw depends on another)
        self._cache: dict[str, _Philox] = {}

    def key(self, name: str) -> np.ndarray:
        """The Philox key of stream ``name``: (seed, hash of the name)."""
        return np.array([self.seed & _U64, _name_key(name)], dtype=np.uint64)

    def counter(self, month: int) -> np.ndarray:
        """The Philox counter at position 0 of ``month`` (month -1 is set-up): (0, month + 1,
        replication, area)."""
        return np.array([0, month + 1, self.replication, self.area], dtype=np.uint64)

    def generator(self, name: str, month: int) -> np.random.Generator:
        """A generator for ``name`` at the start of ``month``, for draws of varying size (a
        Poisson count, then that many people). Its numbers are those :meth:`uniform` gives.

        The stream's one cached Philox is repositioned (counter and buffer set in full),
        so the generator is valid until the next draw of the same stream."""
        return self._stream(name).at(0, month)

    def _stream(self, name: str) -> _Philox:
        stream = self._cache.get(name)
        if stream is None:
            stream = self._cache[name] = _Philox(self.key(name), self.counter(0))
        return stream

    def filler(self, name: str) -> StreamFiller:
        """Stream ``name``'s month-start draws without the per-call lookups of
        :meth:`uniform`: for a caller that fills the same stream for many replications every
        month (the batch). ``filler(name).fill(month, out)`` gives exactly
        ``uniform(name, month, len(out), out=out)``."""
        return StreamFiller(self._stream(name))

    def uniform(self, name: str, month: int, n: int, start: int = 0,
                out: np.ndarray | None = None) -> np.ndarray:
        """float32 uniforms in [0, 1) for resident slots ``start .. n - 1``, aligned across
        arms: ``uniform(name, month, n, start)`` is ``uniform(name, month, n)[start:]``
        without drawing the first ``start`` (newcomers draw for their own slots only).
        ``out``: a float32 array of ``n - start`` to write them into (the same numbers,
        without a new array).

        float32 (resolution 6e-8) is ample for monthly probabilities and halves the cost.
        """
        return self._stream(name).uniform(month, n, start, out)


class StreamFiller:
    """One stream of one replication, positioned at slot 0 of a month and drawn into a
    buffer (:meth:`Streams.filler`). Shares the stream's cached Philox with its
    :class:`Streams`: every fill sets counter and buffer in full, as every draw does."""

    __slots__ = ("_stream", "_at")

    def __init__(self, stream: _Philox):
        self._stream, self._at = stream, stream.at

    def fill(self, month: int, out: np.ndarray) -> np.ndarray:
        """The float32 uniforms of slots ``0 .. len(out) - 1`` in ``month``, into ``out``."""
        return self._at(0, month).random(dtype=np.float32, out=out)

    def generator(self, month: int) -> np.random.Generator:
        """:meth:`Streams.generator` of this stream."""
        return self._at(0, month)

    def uniform(self, month: int, n: int, start: int = 0) -> np.ndarray:
        """:meth:`Streams.uniform` of this stream (slots ``start .. n - 1``)."""
        return self._stream.uniform(month, n, start)
