"""Independent 64-bit seeds for numbered random streams (an exploration's experiments, a
heuristic's restarts) drawn from one root seed.

The root seed's entropy comes from ``numpy.random.SeedSequence(seed)`` (two 64-bit words, the
key); stream ``i``'s seed is ``splitmix64(splitmix64(i ^ key[0]) + key[1])``, with the
splitmix64 output function (finaliser) [steele2014] (the mixing constants of Vigna's
``splitmix64.c``). A stream's
seed depends on the root seed and its own index only, so neither batch sizes, workers nor
threads change it, and the seeds of neighbouring indices are unrelated (a hash, not a shift).
"""

from __future__ import annotations

import numpy as np

__all__ = ["indexed_seeds", "splitmix64"]


def splitmix64(z: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser applied elementwise to ``uint64`` values (a bijection of 64-bit
    words [steele2014]; constants of Vigna's ``splitmix64.c``). The caller
    silences NumPy's overflow warning: the multiplications wrap modulo 2**64 by design."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def indexed_seeds(seed: int, start: int, stop: int) -> np.ndarray:
    """The ``uint64`` seeds of streams ``start..stop-1`` under root ``seed`` (a checked seed,
    :func:`anpo._checks.seed_number`; module docstring for the construction).

    >>> s = indexed_seeds(0, 0, 3)
    >>> s.dtype.name, len(set(s.tolist())), bool((indexed_seeds(0, 1, 3) == s[1:]).all())
    ('uint64', 3, True)
    """
    key = np.random.SeedSequence(seed).generate_state(2, np.uint64)
    i = np.arange(start, stop, dtype=np.uint64)
    with np.errstate(over="ignore"):  # uint64 arithmetic wraps, as the hash intends
        return splitmix64(splitmix64(i ^ key[0]) + key[1])
