"""Small reference models for tests, benchmarks and documentation (importable by workers).

- :func:`ishigami`: the Ishigami-Homma function, whose Sobol' indices are known in closed form
  (:data:`ISHIGAMI_INDICES`).
- :func:`g_function`: Sobol's G function on eight inputs, whose first-order indices are known
  in closed form (:data:`G_FIRST_ORDER`).
- :func:`noisy_sum`: a stochastic model (it uses its experiment's random stream), to check that
  results do not depend on the executor.
- :func:`identity`: does nothing but return its input: measures the engine's own overhead.
- :func:`salvo`: one anpo model call (a salvo engagement), for the EMA Workbench benchmark.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from anpo.scenario.uncertainty import Choice, Uniform

_PI = Uniform(low=-math.pi, high=math.pi, basis="Ishigami & Homma (1990): x_i ~ U(-pi, pi)")

#: The Ishigami inputs: three independent U(-pi, pi).
ISHIGAMI_SPACE = {"x1": _PI, "x2": _PI, "x3": _PI}


def ishigami(x1: Any, x2: Any, x3: Any, a: float = 7.0, b: float = 0.1) -> dict[str, Any]:
    """``sin x1 + a sin^2 x2 + b x3^4 sin x1`` [ishigami1990]; works on numbers and on arrays."""
    y = np.sin(x1) + a * np.sin(x2) ** 2 + b * np.asarray(x3) ** 4 * np.sin(x1)
    return {"y": y if np.ndim(y) else float(y)}


def ishigami_indices(a: float = 7.0, b: float = 0.1) -> dict[str, dict[str, float]]:
    """Analytic first-order (S1) and total (ST) Sobol' indices of :func:`ishigami` ([sobol1999]; [saltelli2008, sec. 4.8
    ex. 2])."""
    pi = math.pi
    v1 = 0.5 * (1 + b * pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * pi**8 / 18 - b**2 * pi**8 / 50
    var = v1 + v2 + v13
    return {
        "S1": {"x1": v1 / var, "x2": v2 / var, "x3": 0.0},
        "ST": {"x1": (v1 + v13) / var, "x2": v2 / var, "x3": v13 / var},
    }


#: Analytic Sobol' indices of the Ishigami function with a = 7, b = 0.1.
ISHIGAMI_INDICES = ishigami_indices()


#: The G function's coefficients as Saltelli et al. test their estimators with them
#: ([saltelli2010]): two important inputs (a = 0, 1), two of some importance (4.5, 9), four
#: unimportant (99).
G_A = (0.0, 1.0, 4.5, 9.0, 99.0, 99.0, 99.0, 99.0)

_UNIT = Uniform(low=0.0, high=1.0, basis="Sobol's G function: x_i ~ U(0, 1) [saltelli2010]")

#: The G function's inputs: eight independent U(0, 1).
G_SPACE = {f"x{i + 1}": _UNIT for i in range(len(G_A))}


def g_function(x: Any, a: Any = G_A) -> np.ndarray:
    """Sobol's G function ``prod_i (|4 x_i - 2| + a_i) / (1 + a_i)`` on rows of inputs in
    [0, 1] (``x``: rows x len(a)) [saltelli2010; saltelli2008]."""
    aa = np.asarray(a, dtype=float)
    return np.asarray(
        np.prod((np.abs(4.0 * np.asarray(x, dtype=float) - 2.0) + aa) / (1.0 + aa), axis=1)
    )


def g_first_order(a: Any = G_A) -> np.ndarray:
    """The G function's analytic first-order Sobol' indices: ``S_i = V_i / V`` with ``V_i = 1 /
    (3 (1 + a_i)^2)`` and ``V = prod_i (1 + V_i) - 1`` [saltelli2010; saltelli2008]: (0.716,
    0.179, 0.0237, 0.00716, 7.2e-5 x 4) for :data:`G_A`."""
    vi = 1.0 / (3.0 * (1.0 + np.asarray(a, dtype=float)) ** 2)
    return np.asarray(vi / (np.prod(1.0 + vi) - 1.0))


#: Analytic first-order Sobol' indices of the G function with :data:`G_A`.
G_FIRST_ORDER = g_first_order()


def noisy_sum(x: float, y: float, rng: np.random.Generator) -> dict[str, float]:
    """``x + y + e`` with ``e ~ N(0, 0.1)`` from the experiment's own stream, and a second
    draw: a stochastic model whose results must not depend on who runs it."""
    e = rng.normal(0.0, 0.1, size=2)
    return {"z": x + y + float(e[0]), "w": float(e[1])}


def identity(x: float) -> dict[str, float]:
    """Returns ``{"value": x}``: an experiment that costs nothing, to measure the engine's
    overhead."""
    return {"value": x}


def salvo(rvs: int, sspk: float, shots: int, reliability: float) -> dict[str, float]:
    """One salvo engagement through :func:`anpo.deterrence.defense.engagement` [wilkening1999,
    eqs. 1-4]: the probability that no RV leaks and the expected leakers. An anpo model function
    of the size of one experiment, used by the EMA Workbench benchmark."""
    from anpo.deterrence.defense import engagement

    res = engagement(int(rvs), float(sspk), int(shots), float(reliability))
    return {"p_no_leak": float(res.p_no_leak), "expected_leakers": float(res.expected_leakers)}


#: The inputs of :func:`salvo` (illustrative ranges around Wilkening's examples).
SALVO_SPACE = {
    "rvs": Choice(values=list(range(1, 21)), basis="illustrative: 1-20 RVs"),
    "sspk": Uniform(low=0.3, high=0.9, basis="illustrative SSPK range"),
    "shots": Choice(values=[1, 2, 3, 4], basis="illustrative: 1-4 shots per RV"),
    "reliability": Uniform(low=0.8, high=1.0, basis="illustrative reliability range"),
}
