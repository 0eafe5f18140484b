"""The parameter space and the experimental designs over it.

A design is a matrix of uniforms in [0, 1] (one row per sample, one column per input); each
input's inverse CDF (:meth:`anpo.scenario.uncertainty._Dist.ppf`) turns its column into values.
So every sampler works for every distribution, discrete ones included.

Samplers (``sampler=``):

- ``lhs`` (default): Latin hypercube [mckay1979]: each column is a random permutation of the ``n`` strata ``[k/n, (k+1)/n)`` with a
  uniform position inside its stratum.
- ``mc``: plain Monte Carlo, independent uniforms.
- ``factorial``: full factorial; a continuous input takes ``levels`` values at the quantiles
  ``(k + 1/2) / levels``, a ``choice`` every one of its values.
- ``saltelli``: Saltelli's [saltelli2002] extension of the
  scrambled Sobol' sequence, through SALib (``SALib.sample.sobol``), for Sobol' indices;
  ``n`` is the base sample, so the design has ``n (d + 2)`` rows (``n (2d + 2)`` with second
  order). Use a power of two.
- ``morris``: [morris1991] trajectories through SALib
  (``SALib.sample.morris``), ``n`` trajectories of ``d + 1`` points on a grid of ``levels``
  levels (default 4); grid point ``x`` is read at the quantile ``(x (levels - 1) + 1/2) /
  levels`` so unbounded distributions never hit their infinite ends.

The design comes from the root seed alone (``numpy.random.SeedSequence(seed)``); the
experiments' own random streams are children of the same root (see :mod:`anpo.explore.engine`).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, TypeAdapter, ValidationError

from anpo._checks import seed_number, whole_number
from anpo._io.inputs import dotted, validation_problem
from anpo.errors import ExploreError
from anpo.scenario.uncertainty import Choice, Distribution, Uncertainty

Sampler = Literal["lhs", "mc", "factorial", "saltelli", "morris"]
SAMPLERS: tuple[str, ...] = ("lhs", "mc", "factorial", "saltelli", "morris")

_DIST: TypeAdapter[Any] = TypeAdapter(Distribution)


@dataclass(frozen=True)
class Param:
    """One uncertain input: a name and its distribution."""

    name: str
    distribution: Any  # one of the Distribution types

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "distribution": self.distribution.model_dump(mode="json")}


def as_params(space: Any) -> list[Param]:
    """A list of :class:`Param` from ``{name: distribution}``, a list of
    :class:`~anpo.scenario.uncertainty.Uncertainty` or of :class:`Param`; a distribution may be
    given as a dict (``{"kind": "uniform", "low": 0, "high": 1, "basis": "..."}``)."""
    items: list[tuple[str, Any]]
    if isinstance(space, Mapping):
        items = list(space.items())
    else:
        items = []
        for p in space or []:
            if isinstance(p, Param):
                items.append((p.name, p.distribution))
            elif isinstance(p, Uncertainty):
                items.append((p.name, p.distribution))
            else:
                raise ExploreError(f"not an uncertain input: {p!r}")
    out: list[Param] = []
    seen: set[str] = set()
    for name, dist in items:
        if name in seen:
            raise ExploreError(f"input {name!r} is given twice")
        seen.add(name)
        if not isinstance(dist, BaseModel):
            try:
                dist = _DIST.validate_python(dist)
            except ValidationError as exc:
                # the first problem where the user wrote it, in the project's words: pydantic's
                # own text named its validators ("tagged-union[function-after[_order(),
                # Uniform], ...]") and sent the reader to errors.pydantic.dev
                path, msg = validation_problem(exc.errors()[0], dist)
                where = f"{dotted(path)}: " if path else ""
                raise ExploreError(f"input {name!r}: {where}{msg}") from None
        out.append(Param(str(name), dist))
    return out


def space_fingerprint(params: Sequence[Param]) -> str:
    """SHA-256 (hex) of the inputs' definitions (their ``to_dict`` forms, keys sorted): part of a
    :class:`~anpo.explore.model.FunctionModel`'s fingerprint."""
    text = json.dumps([p.to_dict() for p in params], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


#: Largest design built in memory: rows x uncertain inputs (8 bytes each; the uniforms, the
#: values and the Latin hypercube's permutations are held at once: a few hundred MB at this
#: size). A larger request is refused before anything is written.
MAX_DESIGN_VALUES = 25_000_000

#: The Morris grid's levels when ``levels`` is not given (module docstring; ``anpo explore
#: --levels``'s help names it).
MORRIS_LEVELS = 4


def design_rows(sampler: str, params: Sequence[Param], n: int, **options: Any) -> int:
    """Number of rows the design will have (counted, without building it)."""
    d = len(params)
    if sampler in ("lhs", "mc"):
        return n
    if sampler == "factorial":
        k = int(options.get("levels") or n)
        total = 1
        for p in params:
            total *= len(p.distribution.values) if isinstance(p.distribution, Choice) else k
        return total
    if sampler == "saltelli":
        return n * (2 * d + 2 if options.get("second_order") else d + 2)
    if sampler == "morris":
        return n * (d + 1)
    raise ExploreError(f"unknown sampler {sampler!r} (choose one of {', '.join(SAMPLERS)})")


def refused_n(sampler: str, n: int) -> str:
    """Why :func:`check_design` refuses ``n`` (samples, base sample, trajectories or levels) for
    ``sampler`` whatever the rest of the design, '' when it does not: ``n < 1``, and a Saltelli
    base sample that is not a power of two (Saltelli's matrices come from a Sobol' sequence,
    whose balance holds at powers of two: SALib's ``sobol.sample`` warns otherwise). The
    one statement of the rule: :func:`check_design` raises it, :func:`small_design` says
    nothing of a design it refuses.

    >>> refused_n("saltelli", 3), refused_n("lhs", 3), refused_n("mc", 0)
    ('the saltelli design needs a power of two (got 3)', '', 'must be >= 1')
    """
    if n < 1:
        return "must be >= 1"
    if sampler == "saltelli" and n & (n - 1):
        return f"the saltelli design needs a power of two (got {n})"
    return ""


def check_design(
    sampler: str,
    params: Sequence[Param],
    n: int,
    *,
    levels: int | None = None,
    second_order: bool = False,
) -> int:
    """Check a design request before anything is built or written; returns its rows.

    Refused (:class:`~anpo.errors.ExploreError` naming the parameter: ``sampler``, ``n``,
    ``levels``, ``second_order``; the command line names its flags): an unknown sampler, ``n < 1``,
    a Saltelli base sample that is not a power of two, a Saltelli or Morris design without
    uncertain inputs, ``levels`` below 1 (factorial) or 2 (Morris) or given to another sampler,
    ``second_order`` without Saltelli, and a design of more than :data:`MAX_DESIGN_VALUES`
    values (rows x inputs)."""
    if sampler not in SAMPLERS:
        raise ExploreError(
            f"unknown sampler {sampler!r} (choose one of {', '.join(SAMPLERS)})", field="sampler"
        )
    refused = refused_n(sampler, n)
    if refused:
        raise ExploreError(refused, field="n")
    d = len(params)
    if levels is not None:
        # 2.5 levels was taken (a Morris design of 2.5 levels), 'x' a bare TypeError
        levels = whole_number(levels, "levels", error=ExploreError, floats=False)
        if sampler not in ("factorial", "morris"):
            raise ExploreError(
                f"applies to the factorial and morris samplers, not {sampler}", field="levels"
            )
        low = 1 if sampler == "factorial" else 2
        if levels < low:
            raise ExploreError(
                f"must be >= {low} for the {sampler} design (got {levels})", field="levels"
            )
    if second_order and sampler != "saltelli":
        raise ExploreError(f"applies to the saltelli sampler, not {sampler}", field="second_order")
    if sampler in ("saltelli", "morris") and d == 0:
        raise ExploreError(f"the {sampler} design needs at least one uncertain input")
    rows = design_rows(sampler, params, n, levels=levels, second_order=second_order)
    if rows * max(d, 1) > MAX_DESIGN_VALUES:
        how = "--n or --levels" if sampler == "factorial" else "--n"
        raise ExploreError(
            f"the {sampler} design would hold {_count(rows)} samples x {d} uncertain input(s), "
            f"more than the {MAX_DESIGN_VALUES:,} values built in memory at once; use a "
            f"smaller {how}",
            # the count that sets the rows: --levels where a factorial design reads them
            field="levels" if sampler == "factorial" and levels is not None else "n",
        )
    return rows


def design_words(
    sampler: str,
    params: Sequence[Param],
    n: int,
    *,
    levels: int | None = None,
    second_order: bool = False,
) -> str:
    """How many model runs per case a design makes, and why, in words: ``'8 samples (lhs)'``,
    ``'4 model runs (saltelli: base sample 1 x (2 inputs + 2))'``, ``'12 model runs
    (morris: 3 trajectories x (3 inputs + 1))'``, ``'16 model runs (factorial: 4 levels x 4
    levels)'``; the counts are :func:`design_rows`'. What ``--n`` counts depends on the design:
    samples (lhs, mc), the base sample of Saltelli's matrices [saltelli2002; saltelli2010],
    Morris's trajectories [morris1991], levels per continuous input (factorial)."""
    from anpo.report.format import count_noun

    d = len(params)
    rows = design_rows(sampler, params, n, levels=levels, second_order=second_order)
    if sampler in ("lhs", "mc"):
        return f"{count_noun(rows, 'sample')} ({sampler})"
    runs = count_noun(rows, "model run")
    inputs = count_noun(d, "input")
    if sampler == "saltelli":
        how = f"(2 x {inputs} + 2)" if second_order else f"({inputs} + 2)"
        return f"{runs} (saltelli: base sample {n} x {how})"
    if sampler == "morris":
        return f"{runs} (morris: {count_noun(n, 'trajectory', 'trajectories')} x ({inputs} + 1))"
    k = int(levels or n)
    sizes = [
        count_noun(len(p.distribution.values), "value")
        if isinstance(p.distribution, Choice)
        else count_noun(k, "level")
        for p in params
    ]
    return f"{runs} (factorial: {' x '.join(sizes) or 'no input'})"


#: Smallest Saltelli base sample whose Sobol' indices :func:`small_design` does not call noise.
#: The estimators' error falls as 1/sqrt(n) [saltelli2010]. Measured with SALib 1.6 (anpo's
#: sampler and estimator; tools/saltelli_min_n.py prints the curve), the largest root-mean-square
#: error of an input's S1 against its analytic value over 20 seeds, on two standard functions:
#:
#: - Ishigami's function (three inputs, S1 = 0.31, 0.44, 0; [saltelli2008, sec. 4.8]): 0.85 at
#:   n = 2, 0.25 at 16, 0.18 at 32, 0.099 at 64, 0.082 at 128, 0.049 at 256;
#: - Sobol's G function with a = (0, 1, 4.5, 9, 99, 99, 99, 99) (eight inputs, S1 = 0.72, 0.18,
#:   0.024, 0.0072, 7e-5 x 4; [saltelli2010]): 1.03 at 2, 0.21 at 16, 0.22 at 32, 0.16 at 64
#:   (the second input's, whose index is 0.18: an error as large as the index), 0.058 at 128,
#:   0.025 at 256.
#:
#: The rule: the smallest power of two at which that error is below 0.1 on both functions. 64
#: meets it on Ishigami's function only (and barely), so the floor is 128. The tests of this
#: constant check the rule on both functions (below 0.1 at MIN_SALTELLI_N, above it on G at half).
MIN_SALTELLI_N = 128


#: The largest root-mean-square error of an input's RBD-FAST S1 on Ishigami's function (S1 =
#: 0.31, 0.44, 0; [saltelli2008, sec. 4.8]) by sample size, measured through anpo's own pipeline
#: (a Latin-hypercube run of :func:`anpo.explore.run`, the indices of ``anpo explore
#: sensitivity``) over 100 seeds by ``tools/rbd_ishigami_error.py``: the figures
#: :func:`small_sample`'s note quotes and :data:`MIN_RBD_N` rests on (README.md quotes three).
#: The first figures (SALib 1.6, 20 seeds: 0.12 at 64, 0.057 at 128) understated anpo's.
RBD_ISHIGAMI_ERROR: Mapping[int, float] = {8: 0.57, 16: 0.69, 32: 0.29, 64: 0.13, 128: 0.078}

#: Smallest sample per case whose RBD-FAST indices (``lhs``, ``mc``) ``anpo explore sensitivity``
#: does not call small: the size its refusal of a smaller sample below
#: :data:`anpo.explore.sensitivity.RBD_MIN_N` names as the one for stable indices. Below it the
#: error on Ishigami's function (:data:`RBD_ISHIGAMI_ERROR`) is twice its value here or more.
MIN_RBD_N = 64


def small_sample(sampler: str, n: int) -> str:
    """Why a run of ``n`` is too small for the sensitivity indices ``anpo explore sensitivity``
    computes from it, in words ('' when it is not): :func:`small_design` for a Saltelli base
    sample, and a Latin-hypercube or Monte Carlo sample (RBD-FAST) below :data:`MIN_RBD_N`.
    Before, 6 to 63 samples printed RBD-FAST indices with no note (S1 0.976 from six
    experiments) while a Saltelli base sample below 128 got one (audit32). An ``lhs``/``mc``
    run is not said to be small when it is run: it is also a sample for ``anpo explore
    discover``, which has no such floor."""
    if sampler == "saltelli":
        return small_design(sampler, n)
    if sampler in ("lhs", "mc") and 1 <= n < MIN_RBD_N:
        err = RBD_ISHIGAMI_ERROR
        below = [k for k in sorted(err) if k < MIN_RBD_N]  # the last named, the rest bounded
        # the smaller sizes' least error rounded down to a tenth, so that "or more" holds
        least = math.floor(10 * min(err[k] for k in below[:-1])) / 10
        enough = ", ".join(f"{err[k]:g} at {k}" for k in sorted(err) if k >= MIN_RBD_N)
        return (
            f"a sample of {n} is small for RBD-FAST indices: on Ishigami's test function their "
            f"error is {err[below[-1]]:g} at {below[-1]} samples and {least:g} or more below "
            f"({enough}); use --n {MIN_RBD_N} or more to read them"
        )
    return ""


def small_design(sampler: str, n: int) -> str:
    """Why a design of base sample or trajectories ``n`` is too small for the indices it is
    for, in words ('' when it is not): a Saltelli base sample below :data:`MIN_SALTELLI_N`, one
    Morris trajectory. The design is still run (a quick look at the outcomes, a test): the
    command says this before it runs. A design that will be refused (a Saltelli base sample
    that is not a power of two, ``n < 1``: :func:`refused_n`, which :func:`check_design`
    raises) is not said to be small: ``--sampler saltelli --n 3`` printed this note and then
    was refused."""
    if refused_n(sampler, n):
        return ""
    if sampler == "saltelli" and n == 1:
        return (
            "one base sample (--n 1) gives Sobol' indices with no confidence interval, and "
            "values outside the [0, 1] where an index lies: they estimate nothing; use "
            f"--n {MIN_SALTELLI_N} or more to read them"
        )
    if sampler == "saltelli" and n < MIN_SALTELLI_N:
        return (
            f"a base sample of {n} is small for Sobol' indices: their error falls as "
            f"1/sqrt(n) and below {MIN_SALTELLI_N} it is comparable to the indices themselves "
            "(on Sobol's G test function an error of 0.16 at 64, against an index of 0.18; "
            f"0.18 to 0.85 below 64 on Ishigami's); use --n {MIN_SALTELLI_N} or more to read them"
        )
    if sampler == "morris" and n == 1:
        return (
            "one trajectory (--n 1) gives one elementary effect per input: mu* has no "
            "confidence interval and sigma is undefined; use more trajectories to read them"
        )
    return ""


def _count(x: int) -> str:
    return f"{x:,}" if x < 10**15 else f"about {float(x):.1e}"


def unit_design(
    sampler: str, params: Sequence[Param], n: int, seed: int, **options: Any
) -> np.ndarray:
    """The design as uniforms in [0, 1]: ``(rows, len(params))``, from ``seed`` alone (samplers of
    the module docstring: Latin hypercube [mckay1979], Saltelli [saltelli2002], Morris
    [morris1991]); a factorial design is a fixed grid that does not use ``seed``."""
    d = len(params)
    seed = seed_number(seed, error=ExploreError)  # -1 was numpy's bare ValueError
    check_design(
        sampler,
        params,
        n,
        levels=options.get("levels"),
        second_order=bool(options.get("second_order")),
    )
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    if d == 0:
        return np.empty((n if sampler != "factorial" else 1, 0))
    if sampler == "mc":
        return rng.random((n, d))
    if sampler == "lhs":
        strata = np.argsort(rng.random((d, n)), axis=1).T  # one random permutation per column
        return (strata + rng.random((n, d))) / n
    if sampler == "factorial":
        k = int(options.get("levels") or n)
        axes = [_factorial_axis(p.distribution, k) for p in params]
        grids = np.meshgrid(*axes, indexing="ij")
        return np.stack([g.ravel() for g in grids], axis=1)
    problem = salib_problem(params)
    if sampler == "saltelli":
        from SALib.sample import sobol

        x = sobol.sample(
            problem,
            n,
            calc_second_order=bool(options.get("second_order")),
            scramble=True,
            seed=int(rng.integers(2**32)),
        )
        return np.clip(x, 0.0, 1.0)
    from SALib.sample import morris

    levels = int(options.get("levels") or MORRIS_LEVELS)
    x = morris.sample(problem, n, num_levels=levels, seed=int(rng.integers(2**32)))
    return morris_to_unit(x, levels)


def morris_to_unit(x: np.ndarray, levels: int) -> np.ndarray:
    """Morris grid points in [0, 1] -> the quantiles at which they are read (anpo's convention,
    module docstring: unbounded distributions never hit their infinite ends)."""
    return (np.rint(x * (levels - 1)) + 0.5) / levels


def _factorial_axis(dist: Any, k: int) -> np.ndarray:
    if isinstance(dist, Choice):
        cum = dist._cum()
        lo = np.concatenate([[0.0], cum[:-1]])
        return (lo + cum) / 2.0  # the middle of each value's share of [0, 1]
    return (np.arange(k) + 0.5) / k


def salib_problem(params: Sequence[Param]) -> dict[str, Any]:
    """SALib's problem dict over the unit hypercube (values come from the inverse CDFs)."""
    return {
        "num_vars": len(params),
        "names": [p.name for p in params],
        "bounds": [[0.0, 1.0]] * len(params),
    }


def values_of(params: Sequence[Param], unit: np.ndarray) -> dict[str, np.ndarray]:
    """Each input's values for the uniforms ``unit`` (rows x inputs)."""
    return {p.name: p.distribution.ppf(unit[:, j]) for j, p in enumerate(params)}
