"""Argument checks the deterrence models share: a bad argument is an
:class:`~anpo.errors.InputError` naming it, not numpy's bare ``ValueError`` (which names no
argument, or positional "arg 0")."""

from __future__ import annotations

from typing import Any

import numpy as np

from anpo.errors import InputError


def numbers(name: str, value: object) -> np.ndarray:
    """``value`` as a float array, or an :class:`InputError` naming ``name`` when it holds
    something that is not a number (a string was numpy's bare 'could not convert')."""
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"must be a number, got {value!r}", field=name) from None


def broadcast(**named: Any) -> list[np.ndarray]:
    """The arguments broadcast together, or an :class:`InputError` naming their shapes."""
    try:
        return list(np.broadcast_arrays(*(np.asarray(v) for v in named.values())))
    except ValueError:
        shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in named.items())
        raise InputError(
            f"the inputs' shapes do not broadcast together: {shapes}", field=next(iter(named))
        ) from None
