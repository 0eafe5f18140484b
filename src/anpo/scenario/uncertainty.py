"""Uncertain inputs: distributions with a stated basis, attached to fields of a scenario.

A scenario (or futures) file may declare ``[[uncertainties]]``; each names one input, the field of
the scenario it sets (``target``), a distribution and the basis for that distribution::

    [[uncertainties]]
    name = "gbi_sspk"
    target = "defenses[nmd-c1].layers[0].sspk"
    distribution = { kind = "triangular", low = 0.3, mode = 0.6, high = 0.8 }
    basis = "intercept test record 1999-2001 (3 of 5) as the mode; anpo assumption: range"

Distributions (``kind``): ``uniform`` (``low``, ``high``), ``triangular`` (``low``, ``mode``,
``high``), ``beta`` (``alpha`` and ``beta`` in 0.001-1e6, optional ``low``/``high`` rescaling, default [0, 1]),
``lognormal`` (``sigma`` of the logarithm and either ``median`` or ``mu`` = ln median) and
``choice`` (``values``, optional ``weights``). Each has a required ``basis``: a source, or
``"anpo assumption: ..."``. On a ``[[uncertainties]]`` entry the basis may sit on the entry (as
above) or inside the distribution table.

Every distribution has a vectorised inverse CDF, :meth:`ppf`, mapping uniforms in [0, 1] to
values, so any design on the unit hypercube (Latin hypercube, Monte Carlo, Saltelli) becomes a
sample of inputs. Formulas: Johnson, Kotz & Balakrishnan, *Continuous Univariate Distributions*
(2nd ed., Wiley, 1994-95), vol. 1 ch. 14 (log-normal), vol. 2 ch. 25-26 (beta, uniform,
triangular); the beta quantile is ``scipy.stats.beta.ppf``.

A ``target`` may also be a list of paths that all take the sampled value: one physical quantity
that appears in several places (the interceptor's kill probability in every architecture that
fields it) is drawn once, not independently for each place.

Targets are paths into the scenario: ``key``, ``key.sub``, ``key[2]`` (position in a list),
``key[ID]`` (the item whose ``id`` is ``ID``; for lists without ids, its ``actor``, then its
``name``) and ``key[field=value,field2=value2]`` (the one item whose fields match), e.g.
``forces[cn-df5].launchers``, ``damage[JPN].w80``,
``counterforce[striker=USA,basing=silo].kill_probability``, ``settings.survivable_use``,
``align.changes[0].delta``. :func:`apply` sets sampled values and re-validates the whole
scenario, so a value the field does not accept is an error, as in a file. An integer field (a
count: launchers, warheads per launcher, decoys, interceptors, shots) gets the nearest integer
of each draw (Python's ``round``, halves to even), whatever the distribution: a ``beta`` rescaled
to a range of launchers is accepted as a ``uniform`` or ``triangular`` one is (the book's DF-5
launchers and decoys are triangular), its draws rounded alike (:func:`applied_value`), the tables
of inputs say so (:data:`WHOLE_NOTE`), and an input whose draws all round to one integer is
named as one that cannot vary (:func:`constant_uncertainties`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection, Mapping, Sequence
from typing import Annotated, Any, ClassVar, Literal, TypeVar

import numpy as np
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic.config import JsonDict

from anpo._io.citations import check_citation
from anpo._io.inputs import NoCoercedNumbers, RaisesInputError, validation_problem
from anpo._io.inputs import dotted as _dotted
from anpo.deterrence.scenario import (
    DeterrenceScenario,
    ForceComponent,
    Line,
    check_alliances,
    check_limits,
    check_scenario,
)
from anpo.errors import InputError, ScenarioError

__all__ = [
    "Beta",
    "Choice",
    "Distribution",
    "LogNormal",
    "Triangular",
    "Uncertainty",
    "Uniform",
    "apply",
    "applied_value",
    "applied_values",
    "beta_quantile",
    "check_uncertainties",
    "constant_uncertainties",
    "get_target",
    "inert_uncertainties",
    "locate",
    "narrow_spread",
    "parse_target",
    "resolve_target",
    "takes_whole",
    "whole_field",
    "WHOLE_NOTE",
]

Basis = Annotated[
    str,
    Field(
        min_length=3,
        description="where the distribution comes from: a source, or 'anpo assumption: ...'",
    ),
    BeforeValidator(check_citation),  # no placeholder ('TBD'): anpo._io.citations
]
Name = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z_][A-Za-z0-9_]*$",
        description="identifier of the input (a column name in results)",
    ),
]
Scalar = bool | int | float | str


def _unit(u: Any) -> np.ndarray:
    arr = np.asarray(u, dtype=float)
    if arr.size and (np.isnan(arr).any() or arr.min() < 0.0 or arr.max() > 1.0):
        raise InputError("ppf: probabilities must lie in [0, 1]")
    return arr


def _check_span(kind: str, low: float, high: float) -> None:
    """Refuse a range whose width ``high - low`` is not a finite float (``low = -1e308, high =
    1e308``): every quantile is ``low`` plus a fraction of that width."""
    if not math.isfinite(high - low):
        raise ValueError(
            f"{kind} needs high - low to be a finite number (low {low:g} and high {high:g} "
            "are too far apart)"
        )


def _check_interval(kind: str, low: float, high: float) -> None:
    """Refuse an interval ``[low, high]`` that is not finite with ``low < high``, or too wide
    (:func:`_check_span`)."""
    if not (math.isfinite(low) and math.isfinite(high)) or low >= high:
        raise ValueError(f"{kind} needs finite low < high")
    _check_span(kind, low, high)


def _basis_not_required(schema: JsonDict) -> None:
    """JSON Schema of a distribution: ``basis`` may sit on the ``[[uncertainties]]`` entry instead
    (:meth:`Uncertainty._fold_basis`), so the entry's schema, not the distribution's, requires it
    in one of the two places (:func:`_basis_in_one_place`)."""
    required = schema.get("required")
    if isinstance(required, list) and "basis" in required:
        required.remove("basis")


def _basis_in_one_place(schema: JsonDict) -> None:
    """JSON Schema of an ``[[uncertainties]]`` entry: ``basis`` on the entry or inside its
    distribution table, exactly one of the two, as :meth:`Uncertainty._fold_basis` accepts (the
    book's files put it on the entry; without this, ``anpo schema`` refused them)."""
    properties = schema.get("properties")
    if isinstance(properties, dict):
        basis = TypeAdapter(Basis).json_schema()
        basis["title"] = "Basis"
        basis["description"] += " (here or inside the distribution table, not both)"
        properties["basis"] = basis
    schema["oneOf"] = [
        {"required": ["basis"], "properties": {"distribution": {"not": {"required": ["basis"]}}}},
        {"not": {"required": ["basis"]}, "properties": {"distribution": {"required": ["basis"]}}},
    ]


#: The numeric parameters of the distributions (each checked finite by :meth:`_Dist._finite`;
#: ``kind``, the union's discriminator, cannot take a validator that runs before it).
_PARAMETERS = ("low", "high", "mode", "alpha", "beta", "median", "mu", "sigma", "values", "weights")


class _Dist(RaisesInputError, NoCoercedNumbers):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        json_schema_extra=_basis_not_required,
    )

    basis: Basis

    #: True for distributions over a finite set of values.
    discrete: ClassVar[bool] = False

    @field_validator(*_PARAMETERS, mode="before", check_fields=False)
    @classmethod
    def _finite(cls, v: Any) -> Any:
        """Every number a distribution is given is finite: a NaN met the fields' bounds first
        and read "Input should be less than or equal to 1000000 (got nan)" (a beta's
        ``alpha``) or "greater than 0" (a lognormal's ``sigma``), and a choice took ``nan`` as
        a value to draw. A TOML file cannot bring one (:func:`anpo._io.inputs.parse_toml`
        refuses it at its line); a dict given to :func:`anpo.explore.space.as_params` or a
        run's ``manifest.json`` can."""
        if isinstance(v, float) and not math.isfinite(v):
            raise ValueError("must be a finite number")
        if isinstance(v, list) and any(isinstance(x, float) and not math.isfinite(x) for x in v):
            raise ValueError("must be finite numbers")
        return v

    def ppf(self, u: Any) -> np.ndarray:  # pragma: no cover - abstract
        """Inverse CDF: uniforms in [0, 1] (any shape) -> values (same shape)."""
        raise NotImplementedError

    def support(self) -> tuple[Any, Any]:
        """Smallest and largest value the distribution can give (``inf`` if unbounded)."""
        lo, hi = self.ppf([0.0, 1.0])
        return lo.item(), hi.item()

    def levels(self, k: int) -> np.ndarray:
        """``k`` representative values for a full-factorial design: the quantiles at the
        midpoints ``(i + 1/2) / k`` (every value of a ``choice``, whatever ``k``)."""
        if k < 1:
            raise InputError("levels: k must be >= 1")
        return self.ppf((np.arange(k) + 0.5) / k)


class Uniform(_Dist):
    """Uniform on ``[low, high]``: ``x = low + u (high - low)``."""

    kind: Literal["uniform"] = "uniform"
    low: float
    high: float

    @model_validator(mode="after")
    def _order(self) -> Uniform:
        _check_interval("uniform", self.low, self.high)
        return self

    def ppf(self, u: Any) -> np.ndarray:
        """Inverse CDF of the uniform distribution [johnson1995, ch. 26]."""
        return self.low + _unit(u) * (self.high - self.low)


class Triangular(_Dist):
    """Triangular on ``[low, high]`` with its peak at ``mode``."""

    kind: Literal["triangular"] = "triangular"
    low: float
    mode: float
    high: float

    @model_validator(mode="after")
    def _order(self) -> Triangular:
        vals = (self.low, self.mode, self.high)
        if not all(math.isfinite(v) for v in vals) or not (
            self.low <= self.mode <= self.high and self.low < self.high
        ):
            raise ValueError("triangular needs finite low <= mode <= high with low < high")
        _check_span("triangular", self.low, self.high)
        return self

    def ppf(self, u: Any) -> np.ndarray:
        """Inverse CDF: ``low + sqrt(u (high-low)(mode-low))`` below ``F(mode)``, else
        ``high - sqrt((1-u)(high-low)(high-mode))`` [johnson1995, ch. 26,
        sec. 9]; computed as ``low + (high-low) sqrt(u F(mode))`` and ``high - (high-low)
        sqrt((1-u)(1-F(mode)))``, which cannot overflow when the width is finite."""
        u = _unit(u)
        a, c, b = self.low, self.mode, self.high
        width = b - a
        fc = (c - a) / width
        left = a + width * np.sqrt(u * fc)
        right = b - width * np.sqrt((1.0 - u) * ((b - c) / width))
        return np.where(u < fc, left, right)


class Beta(_Dist):
    """Beta(``alpha``, ``beta``) rescaled to ``[low, high]`` (default [0, 1])."""

    kind: Literal["beta"] = "beta"
    # 0.001-1e6: the range where the quantile (beta_quantile) is computed and checked; alpha
    # or beta = 1e-320 passed 'gt 0' and made 'anpo bands' crash with an OverflowError (fuzzing)
    alpha: float = Field(ge=1e-3, le=1e6)
    beta: float = Field(ge=1e-3, le=1e6)
    low: float = 0.0
    high: float = 1.0

    @model_validator(mode="after")
    def _order(self) -> Beta:
        _check_interval("beta", self.low, self.high)
        return self

    def ppf(self, u: Any) -> np.ndarray:
        """Inverse CDF: the inverse regularised incomplete beta function ([johnson1995],
        ch. 25), rescaled; see :func:`beta_quantile`."""
        x = beta_quantile(_unit(u), self.alpha, self.beta)
        return self.low + x * (self.high - self.low)


#: Relative agreement of the incomplete beta function at a quantile with the probability asked
#: for, below which :func:`beta_quantile` refines scipy's inverse (one step of the double ``x``
#: moves ``I_x`` by a relative ``x f(x) / F(x)`` times 2.2e-16: at most 2.2e-10 for weights up
#: to 1e6, so a correct inverse passes).
BETA_QUANTILE_RTOL = 1e-9

_BELOW_ONE = float(np.nextafter(1.0, 0.0))


def beta_quantile(u: Any, a: float, b: float) -> np.ndarray:
    """The standard Beta(``a``, ``b``) quantile of each probability in ``u`` (in [0, 1]).

    The inverse of the regularised incomplete beta function ``I_x(a, b)`` ([johnson1995],
    ch. 25): Boost's ``ibeta_inv`` / ``ibetac_inv`` (``scipy.special.betaincinv`` below 1/2,
    ``betainccinv`` of ``1 - u`` above, so that the upper tail keeps its digits), checked
    against the forward function on the same tail (``betainc`` / ``betaincc``, relative
    :data:`BETA_QUANTILE_RTOL`). Where the inverse misses, a quantile far in the lower tail
    comes from the leading term of the series, ``I_x ~ x^a / (a B(a, b))`` ([johnson1995],
    ch. 25), wherever the next term moves ``x`` by less than 1e-12 (it also holds where
    ``I_x`` underflows: a probability or a quantile below the smallest normal double,
    2.2e-308); any other miss is the smallest double ``x`` in [0, 1] with ``I_x(a, b) >= u``,
    found by bisection on the doubles' bit patterns (at most 62 steps).

    ``scipy.stats.beta.ppf`` (Boost's quantile), used before, gave up its root finding in parts
    of the lower tail: 2.45e-25 instead of 4.44e-21 for a = 0.5, b = 2, u = 1e-10 (with a
    RuntimeWarning), NaN for a = 3.7, b = 2, u = 1e-200.
    """
    from scipy import special

    uu = np.asarray(u, dtype=float)
    flat = uu.ravel()
    lower = flat <= 0.5
    q = np.where(lower, flat, 1.0 - flat)  # the tail probability (1 - u is exact for u >= 1/2)
    x = np.empty_like(flat)
    x[lower] = special.betaincinv(a, b, flat[lower])
    x[~lower] = special.betainccinv(a, b, q[~lower])

    def tail(xs: np.ndarray, qs: np.ndarray, low: np.ndarray) -> np.ndarray:
        """``I_x(a, b)`` where ``low``, else ``1 - I_x(a, b)``: as ``I_{1-x}(b, a)`` where
        ``1 - x`` is exact, as ``1 - I_x`` where the upper tail ``qs`` is large enough for
        that subtraction to keep 13 digits, else with scipy's ``betaincc`` (several times
        slower)."""
        out = np.empty(xs.shape)
        up = ~low
        exact = up & (xs >= 0.5)
        wide = up & ~exact & (qs >= 1e-3)
        other = up & ~exact & ~wide
        out[low] = special.betainc(a, b, xs[low])
        out[exact] = special.betainc(b, a, 1.0 - xs[exact])
        out[wide] = 1.0 - special.betainc(a, b, xs[wide])
        out[other] = special.betaincc(a, b, xs[other])
        return out

    def reached(xs: np.ndarray, qs: np.ndarray, low: np.ndarray) -> np.ndarray:
        """Whether ``xs`` is at or beyond the quantile: ``I_x >= u`` in the lower tail,
        ``1 - I_x <= 1 - u`` in the upper one."""
        t = tail(xs, qs, low)
        return np.where(low, t >= qs, t <= qs)

    with np.errstate(invalid="ignore"):  # a NaN from the inverse is a miss, handled below
        bad = ~(np.abs(tail(x, q, lower) - q) <= BETA_QUANTILE_RTOL * q)
    far = np.flatnonzero(bad & lower & (q > 0))
    if far.size:
        # far in the lower tail I_x = x^a / (a B(a, b)) (1 + a (1 - b) x / (a + 1) + ...): the
        # leading term gives x to a relative |b - 1| x / (a + 1), and holds where betainc
        # underflows (a probability or a quantile below the smallest normal double)
        with np.errstate(divide="ignore", under="ignore"):
            xs = np.exp((np.log(q[far]) + math.log(a) + special.betaln(a, b)) / a)
        fine = abs(b - 1.0) * xs / (a + 1.0) <= 1e-12
        x[far[fine]] = xs[fine]
        bad[far[fine]] = False
    idx = np.flatnonzero(bad)
    if idx.size:
        qs, low = q[idx], lower[idx]
        lo = np.zeros(idx.size, dtype=np.int64)  # the bit pattern of 0.0
        hi = np.full(idx.size, np.float64(1.0).view(np.int64))
        # the ends first (weights near 1e-3 put almost all the mass beyond the doubles there)
        first = reached(np.full(idx.size, 5e-324), qs, low)  # the smallest double above 0
        hi[first] = 1
        last = ~first & ~reached(np.full(idx.size, _BELOW_ONE), qs, low)
        lo[last] = hi[last]
        while (act := np.flatnonzero(lo < hi)).size:  # bit patterns of doubles >= 0 are ordered
            mid = lo[act] + (hi[act] - lo[act]) // 2
            ok = reached(mid.view(np.float64), qs[act], low[act])
            hi[act] = np.where(ok, mid, hi[act])
            lo[act] = np.where(ok, lo[act], mid + 1)
        x[idx] = hi.view(np.float64)
    return x.reshape(uu.shape)


class LogNormal(_Dist):
    """Log-normal: ``ln x ~ Normal(mu, sigma)``; give ``median`` (= exp(mu)) or ``mu``."""

    kind: Literal["lognormal"] = "lognormal"
    sigma: float = Field(gt=0, description="standard deviation of ln x")
    median: float | None = Field(None, gt=0)
    mu: float | None = Field(None, description="mean of ln x (= ln median)")

    @model_validator(mode="after")
    def _one(self) -> LogNormal:
        if (self.median is None) == (self.mu is None):
            raise ValueError("lognormal needs exactly one of median or mu")
        if not math.isfinite(self.sigma) or not math.isfinite(self.log_median):
            raise ValueError("lognormal needs finite parameters")
        return self

    @property
    def log_median(self) -> float:
        return float(self.mu) if self.mu is not None else math.log(float(self.median or 1.0))

    def ppf(self, u: Any) -> np.ndarray:
        """Inverse CDF: ``exp(mu + sigma Phi^-1(u))`` [johnson1994,
        ch. 14]; ``u = 1`` gives ``inf``."""
        from scipy.special import ndtri

        with np.errstate(over="ignore"):
            return np.exp(self.log_median + self.sigma * ndtri(_unit(u)))

    def support(self) -> tuple[Any, Any]:
        return 0.0, math.inf


class Choice(_Dist):
    """A discrete choice among ``values`` with optional ``weights`` (default equal)."""

    kind: Literal["choice"] = "choice"
    values: list[Scalar] = Field(min_length=1)
    weights: list[float] | None = None
    discrete: ClassVar[bool] = True

    @field_validator("values", mode="before")
    @classmethod
    def _no_dates(cls, v: Any) -> Any:
        # a TOML date (law.date = 2016-03-29) read "Input should be a valid boolean (got
        # datetime.date(...))": the choice's scalar types, tried in turn, each refused it
        if isinstance(v, list) and any(isinstance(x, dt.date | dt.time) for x in v):
            raise ValueError(
                "a choice's values are numbers, text or true/false; a date or time is not "
                "sampled (explore each date as its own future, e.g. one [law] date per file)"
            )
        return v

    @field_validator("values")
    @classmethod
    def _distinct(cls, v: list[Scalar]) -> list[Scalar]:
        if len({repr(x) for x in v}) != len(v):
            raise ValueError("values must be distinct")
        kinds = {type(x) for x in v}
        if len(kinds) > 1 and not kinds <= {int, float}:
            raise ValueError("values must be all numbers, all text or all true/false")
        return v

    @model_validator(mode="after")
    def _weights(self) -> Choice:
        if self.weights is not None:
            w = self.weights
            if len(w) != len(self.values):
                raise ValueError(f"weights needs {len(self.values)} entries, one per value")
            if any(not math.isfinite(x) or x < 0 for x in w) or sum(w) <= 0:
                raise ValueError("weights must be >= 0, finite and not all 0")
        return self

    def _cum(self) -> np.ndarray:
        w = np.asarray(self.weights if self.weights is not None else [1.0] * len(self.values))
        cum = np.cumsum(w / w.sum())
        cum[-1] = 1.0
        return cum

    def _array(self) -> np.ndarray:
        if all(isinstance(x, bool) for x in self.values):
            return np.asarray(self.values, dtype=bool)
        if all(isinstance(x, int) and not isinstance(x, bool) for x in self.values):
            return np.asarray(self.values, dtype=np.int64)
        if all(isinstance(x, int | float) and not isinstance(x, bool) for x in self.values):
            return np.asarray(self.values, dtype=float)
        return np.asarray(self.values, dtype=object)

    def index(self, u: Any) -> np.ndarray:
        """The position of the chosen value for each uniform ``u``."""
        u = _unit(u)
        idx = np.searchsorted(self._cum(), u, side="right")
        return np.minimum(idx, len(self.values) - 1)

    def ppf(self, u: Any) -> np.ndarray:
        """Inverse CDF of the discrete distribution: the first value whose cumulative weight
        exceeds ``u``."""
        return self._array()[self.index(u)]

    def support(self) -> tuple[Any, Any]:
        vals = self.values
        try:
            return min(vals), max(vals)
        except TypeError:  # pragma: no cover - mixed types are refused above
            return vals[0], vals[-1]

    def levels(self, k: int) -> np.ndarray:
        """Every value (a full-factorial design enumerates a choice whatever ``k``)."""
        if k < 1:
            raise InputError("levels: k must be >= 1")
        return self._array()


Distribution = Annotated[
    Uniform | Triangular | Beta | LogNormal | Choice, Field(discriminator="kind")
]


class Uncertainty(RaisesInputError, NoCoercedNumbers):
    """One ``[[uncertainties]]`` entry: ``name``, ``target`` path, ``distribution``, ``basis``,
    and an optional ``label`` (the input in words, with its unit) for readers."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        json_schema_extra=_basis_in_one_place,
    )

    name: Name
    target: str | list[str] = Field(
        description="path of the field in the scenario, or a list of paths that all take the "
        "sampled value (one quantity that appears in several places, e.g. the interceptor's "
        "kill probability in every architecture that fields it)"
    )
    distribution: Distribution
    description: str = ""
    label: Line = Field(
        "",
        description="the input in words for readers, with its unit (report prose, tables and "
        "captions); the name is the identifier in result columns and CSV files",
    )

    @model_validator(mode="before")
    @classmethod
    def _fold_basis(cls, data: Any) -> Any:
        """Accept ``basis`` on the entry: it goes into the distribution."""
        if isinstance(data, Mapping) and "basis" in data:
            data = dict(data)
            basis = data.pop("basis")
            dist = data.get("distribution")
            if isinstance(dist, Mapping):
                if "basis" in dist:
                    raise ValueError("give the basis once: on the entry or in the distribution")
                data["distribution"] = {**dist, "basis": basis}
        return data

    @field_validator("target")
    @classmethod
    def _parse(cls, v: str | list[str]) -> str | list[str]:
        items = [v] if isinstance(v, str) else v
        if not items:
            raise ValueError("give at least one target")
        for item in items:
            if not item.strip():
                raise ValueError("a target must not be empty")
            parse_target(item)
        if len(set(items)) != len(items):
            raise ValueError("a target is listed twice")
        return v

    @property
    def targets(self) -> list[str]:
        """The target paths (one, or the list given)."""
        return [self.target] if isinstance(self.target, str) else list(self.target)

    @property
    def basis(self) -> str:
        return self.distribution.basis

    @property
    def shown(self) -> str:
        """The input as a reader sees it: its ``label``, else its ``name``."""
        return self.label or self.name

    def ppf(self, u: Any) -> np.ndarray:
        return self.distribution.ppf(u)


# ---------------------------------------------------------------------------- target paths
_SEGMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[[^\[\]]+\])*)")
_SELECTOR = re.compile(r"\[([^\[\]]+)\]")
_NATURAL_KEYS = ("id", "actor", "name")

Step = str | int | tuple[tuple[str, str], ...]


def parse_target(target: str) -> list[Step]:
    """Parse a target path into steps: a key (str), a position (int) or a selector
    (``(("id", "gmd"),)``, ``(("striker", "USA"), ("basing", "silo"))``; key ``""`` means the
    item's natural key: its id, actor or name)."""
    steps: list[Step] = []
    parts = target.strip().split(".")
    # dots inside [...] (e.g. an id with a dot) must not split the path: rejoin them
    merged: list[str] = []
    for part in parts:
        if merged and merged[-1].count("[") > merged[-1].count("]"):
            merged[-1] += "." + part
        else:
            merged.append(part)
    for part in merged:
        m = _SEGMENT.fullmatch(part.strip())
        if m is None:
            raise ValueError(
                f"bad target {target!r}: expected key, key[2], key[ID] or key[field=value] "
                "parts joined by dots"
            )
        steps.append(m.group(1))
        for sel in _SELECTOR.findall(m.group(2)):
            sel = sel.strip()
            if re.fullmatch(r"-?\d+", sel):
                steps.append(int(sel))
            elif "=" in sel:
                conds = []
                for cond in sel.split(","):
                    k, _, val = cond.partition("=")
                    if not k.strip() or not val.strip():
                        raise ValueError(f"bad selector [{sel}] in target {target!r}")
                    conds.append((k.strip(), val.strip().strip("\"'")))
                steps.append(tuple(conds))
            else:
                steps.append((("", sel.strip("\"'")),))
    return steps


def _match(item: Any, conds: tuple[tuple[str, str], ...]) -> bool:
    if not isinstance(item, Mapping):
        return False
    for key, val in conds:
        if key == "":
            nat = next((k for k in _NATURAL_KEYS if k in item), None)
            if nat is None or str(item[nat]) != val:
                return False
        elif key not in item or str(item[key]) != val:
            return False
    return True


def _parsed_or_empty(target: str) -> list[Step]:
    """:func:`parse_target`, or no steps for a target that does not parse."""
    try:
        return parse_target(target)
    except ValueError:
        return []


def resolve_target(data: Mapping[str, Any], target: str) -> tuple[Any, ...]:
    """The concrete path (keys and list positions) of ``target`` in the dumped scenario
    ``data``. Raises ``ValueError`` saying which step does not exist, or when the path does not
    end at a single value."""
    path = locate(data, target)
    cur = _get(data, path)
    if isinstance(cur, Mapping | list | tuple) or cur is None:
        raise ValueError(f"target {target!r} names a table or list, not one value")
    return path


def locate(data: Mapping[str, Any], target: str) -> tuple[Any, ...]:
    """The concrete path of ``target`` in ``data``, which may end at a table or a list (see
    :func:`resolve_target` for one value). Raises ``ValueError`` naming the missing step."""
    cur: Any = data
    path: list[Any] = []
    for step in parse_target(target):
        where = _dotted(path) or "the scenario"
        if cur is None:
            raise ValueError(f"target {target!r}: {where} is not set in this scenario")
        if isinstance(step, str):
            if not isinstance(cur, Mapping) or step not in cur:
                raise ValueError(f"target {target!r}: {where} has no key {step!r}")
            path.append(step)
            cur = cur[step]
        elif isinstance(step, int):  # a tuple: a fixed pair, e.g. a damage table's point
            if not isinstance(cur, list | tuple) or not -len(cur) <= step < len(cur):
                if not isinstance(cur, list | tuple):
                    raise ValueError(f"target {target!r}: {where} is not a list")
                raise ValueError(
                    f"target {target!r}: {where} has no item [{step}] ({len(cur)} items)"
                )
            idx = step % len(cur)
            path.append(idx)
            cur = cur[idx]
        else:
            if not isinstance(cur, list):
                raise ValueError(f"target {target!r}: {where} is not a list")
            hits = [i for i, item in enumerate(cur) if _match(item, step)]
            sel = ",".join(f"{k}={v}" if k else v for k, v in step)
            if len(hits) != 1:
                what = "no item" if not hits else f"{len(hits)} items"
                raise ValueError(f"target {target!r}: {what} of {where} match [{sel}]")
            path.append(hits[0])
            cur = cur[hits[0]]
    return tuple(path)


def _get(data: Any, path: Sequence[Any]) -> Any:
    for p in path:
        data = data[p]
    return data


def _set(data: Any, path: Sequence[Any], value: Any) -> None:
    """Set the value at ``path`` in a dumped model, in place; a tuple on the path (a fixed
    pair such as a damage table's point, dumped as a tuple) is replaced by a list copy of it
    in its parent first (validation makes it a tuple again)."""
    for p in path[:-1]:
        if isinstance(data[p], tuple):
            data[p] = list(data[p])
        data = data[p]
    data[path[-1]] = value


def get_target(model: BaseModel, target: str) -> Any:
    """The current value of ``target`` in a validated scenario."""
    data = model.model_dump()
    return _get(data, resolve_target(data, target))


def whole_field(current: Any) -> bool:
    """Whether a field now holding ``current`` takes whole numbers: an ``int`` that is not a
    ``bool``. A sampled value set there becomes the nearest integer (:func:`applied_value`)."""
    return isinstance(current, int) and not isinstance(current, bool)


#: What a table of inputs adds after an uncertainty's distribution when it sets whole-number
#: fields (:func:`takes_whole`): the model takes each draw's nearest integer
#: (:func:`applied_value`), not the draw.
WHOLE_NOTE = "; the nearest whole number taken"


def takes_whole(model: BaseModel, u: Uncertainty) -> bool:
    """Whether every field the uncertainty ``u`` sets in ``model`` (a scenario, or a future's
    world) takes whole numbers (:func:`whole_field` of its current value), so that
    :func:`apply` sets each draw's nearest integer there (the tables of inputs then add
    :data:`WHOLE_NOTE`). Source: :func:`apply`'s rule, :func:`applied_value`.
    """
    return all(whole_field(get_target(model, t)) for t in u.targets)


def whole_note(model: BaseModel, u: Uncertainty) -> str:
    """What a table of inputs adds after ``u``'s distribution: :data:`WHOLE_NOTE` when every
    field it sets in ``model`` takes whole numbers (:func:`takes_whole`), else nothing."""
    return WHOLE_NOTE if takes_whole(model, u) else ""


def applied_value(value: Any, current: Any) -> Any:
    """The value a field now holding ``current`` takes when :func:`apply` sets the sampled
    ``value`` there: the nearest integer (Python's ``round``, halves to even) for a whole-number
    field (:func:`whole_field`), the value itself otherwise (a NumPy scalar as a Python one).

    The one rule of what the model sees: :func:`apply` uses it, and so do the explorations'
    stored inputs (:func:`applied_values`), so scenario discovery and every table of an
    experiment's inputs show the value the model used (94 or 95 launchers, never 94.4).

    >>> applied_value(94.4, 60), applied_value(94.5, 60), applied_value(0.25, 0.6)
    (94, 94, 0.25)
    """
    if isinstance(value, np.generic) or (isinstance(value, np.ndarray) and value.ndim == 0):
        value = value.item()
    if whole_field(current) and isinstance(value, float) and math.isfinite(value):
        return int(round(value))
    return value


def applied_values(values: Any, currents: Sequence[Any]) -> np.ndarray:
    """The values fields now holding ``currents`` take for each sampled value of ``values`` (one
    uncertainty's targets: one field, or several that all take the sample), by
    :func:`applied_value`: whole numbers (an integer array) when every field takes them and the
    samples are finite; otherwise ``values`` themselves (a list target that mixes whole-number
    and real fields gives them different values, and the real ones took the sample as drawn).

    >>> applied_values(np.array([94.4, 95.6]), [60]).tolist()
    [94, 96]
    >>> applied_values(np.array([94.4, 95.6]), [60, 0.5]).tolist()
    [94.4, 95.6]

    A one-dimensional array of floats or integers is converted in one vectorised step
    (``np.rint`` rounds halves to even, as ``round`` does); anything else (non-finite floats
    among integers, values beyond the 64-bit integers, other dtypes) goes value by value.
    A sample whose nearest integer is beyond the 64-bit integers raises
    :class:`~anpo.errors.InputError` (a scenario file cannot ask for one: each distribution's
    range is checked against its fields' bounds when the file is read).
    """
    arr = np.asarray(values)
    if not currents or not all(whole_field(c) for c in currents):
        return arr
    if arr.ndim == 1:
        kind = arr.dtype.kind
        if kind == "f":
            if not np.isfinite(arr).all():
                return arr  # a non-finite sample is no whole number: the samples as drawn
            rounded = np.rint(arr)
            if not len(rounded) or float(np.abs(rounded).max()) < 2.0**63:
                return rounded.astype(np.int64)
        elif kind == "i" or (kind == "u" and arr.dtype.itemsize < 8):
            return arr.astype(np.int64)
    first = currents[0]
    out = [applied_value(v, first) for v in arr.tolist()]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in out):
        return arr
    big = [v for v in out if not -(2**63) <= v < 2**63]
    if big:
        raise InputError(
            f"applied_values: a sample of {big[0]:.6g} is no whole number a field can hold "
            "(beyond the 64-bit integers)"
        )
    return np.asarray(out, dtype=np.int64)


M = TypeVar("M", bound=BaseModel)


def apply(
    scenario: M,
    values: Mapping[str, Any],
    uncertainties: Sequence[Uncertainty] | None = None,
) -> M:
    """A copy of ``scenario`` with each named uncertainty's target set to ``values[name]``,
    re-validated (field bounds and, for a scenario with a deterrence section
    (:class:`~anpo.deterrence.scenario.DeterrenceScenario`), its cross-references).

    ``uncertainties`` defaults to the scenario's own ``uncertainties``; names in ``values`` that
    are not among them are an error, and so are uncertainties without a value. Raises
    :class:`~anpo.errors.ScenarioError` naming the uncertainty, its target and the value when the
    scenario does not accept it.
    """
    unc = list(uncertainties if uncertainties is not None else scenario.uncertainties)  # type: ignore[attr-defined]
    names = [u.name for u in unc]
    extra = sorted(set(values) - set(names))
    if extra:
        raise InputError(f"apply: unknown uncertainties {extra} (known: {names})")
    missing = [n for n in names if n not in values]
    if missing:
        raise InputError(f"apply: no value for {missing}")
    data = scenario.model_dump()
    for u in unc:
        for target in u.targets:
            try:
                path = resolve_target(data, target)
            except ValueError as exc:
                raise ScenarioError(str(exc), field=f"uncertainties.{u.name}.target") from None
            _set(data, path, applied_value(values[u.name], _get(data, path)))
    try:
        out = type(scenario).model_validate(data)
    except ValidationError as exc:
        path, msg = validation_problem(exc.errors()[0], data)
        shown = {u.name: values[u.name] for u in unc}
        raise ScenarioError(
            f"{msg} with the sampled values {_short(shown)}", field=_dotted(path) or None
        ) from None
    if isinstance(out, DeterrenceScenario):
        problems = check_scenario(out)
        if problems:
            path, msg = problems[0]
            raise ScenarioError(
                f"{msg} with the sampled values {_short(values)}", field=_dotted(path)
            )
    return out


def _short(values: Mapping[str, Any]) -> str:
    def fmt(v: Any) -> str:
        if isinstance(v, np.generic) or (isinstance(v, np.ndarray) and v.ndim == 0):
            v = v.item()
        return f"{v:.6g}" if isinstance(v, float) else repr(v)

    return "{" + ", ".join(f"{k}={fmt(v)}" for k, v in values.items()) + "}"


def check_uncertainties(
    model: BaseModel, uncertainties: Sequence[Uncertainty] | None = None
) -> list[tuple[tuple[Any, ...], str]]:
    """Problems with a model's uncertainties as ``(path, message)``: names used twice, targets
    that do not exist, two uncertainties on one field, and distributions whose smallest,
    middle or largest value the target field refuses (each checked alone, the other fields as
    in the file; a log-normal's ends are checked at its 1e-6 and 1 - 1e-6 quantiles)."""
    unc = list(uncertainties if uncertainties is not None else model.uncertainties)  # type: ignore[attr-defined]
    problems: list[tuple[tuple[Any, ...], str]] = []
    if not unc:
        return problems
    data = model.model_dump()
    # the ranges of a scenario file (check_limits) are probed only where the file keeps them
    # itself (it is refused for its own otherwise, at its own line); a World checks them when
    # it is validated
    limits = isinstance(model, DeterrenceScenario) and not check_limits(model)
    warheads: list[tuple[int, tuple[Any, ...], Any, Any]] = []  # (input, path, largest, now)
    seen: dict[str, int] = {}
    fields: dict[tuple[Any, ...], str] = {}
    for i, u in enumerate(unc):
        if u.name in seen:
            problems.append((("uncertainties", i, "name"), f"name {u.name!r} is used twice"))
            continue
        seen[u.name] = i
        dist = u.distribution
        if isinstance(dist, Choice):
            probe = list(dist.values)
        else:
            tail = 1e-6 if isinstance(dist, LogNormal) else 0.0
            probe = [float(x) for x in dist.ppf([tail, 0.5, 1.0 - tail])]
        for j, target in enumerate(u.targets):
            where = ("uncertainties", i, "target") + (() if isinstance(u.target, str) else (j,))
            try:
                path = resolve_target(data, target)
            except ValueError as exc:
                problems.append((where, str(exc)))
                break
            if path in fields:
                problems.append(
                    (where, f"{_dotted(path)} is already the target of {fields[path]!r}")
                )
                break
            fields[path] = u.name
            current = _get(data, path)
            if isinstance(current, bool) != all(isinstance(x, bool) for x in probe) or (
                isinstance(current, str) != all(isinstance(x, str) for x in probe)
            ):
                problems.append(
                    (
                        ("uncertainties", i, "distribution"),
                        f"{_dotted(path)} holds {type(current).__name__} values; "
                        f"the distribution gives {type(probe[0]).__name__}",
                    )
                )
                break
            refused = False
            for value in probe:
                trial = model.model_dump()
                _set(trial, path, applied_value(value, current))
                msg = _refusal(model, trial, limits)
                if msg is not None:
                    shown = f"{value:.6g}" if isinstance(value, float) else repr(value)
                    problems.append(
                        (
                            ("uncertainties", i, "distribution"),
                            f"{_dotted(path)} refuses {shown}, a value of this distribution: {msg}",
                        )
                    )
                    refused = True
                    break
            if refused:
                break
            numbers = [x for x in probe if isinstance(x, int | float)]
            if "forces" in path and path[-1] in ("launchers", "warheads_per_launcher") and numbers:
                warheads.append((i, path, max(numbers), current))
    if not problems and len({i for i, *_ in warheads}) > 1:
        problems.extend(_warheads_together(model, warheads, limits))
    return problems


def _refusal(model: BaseModel, trial: dict[str, Any], limits: bool) -> str | None:
    """Why ``model``'s type refuses the dumped ``trial`` (its validation's first message, the
    first of :func:`check_alliances`'s problems of a scenario, or, with ``limits``, of
    :func:`check_limits`'s, with its path), None when it accepts it: the probe of
    :func:`check_uncertainties` and :func:`_warheads_together`. The alliances as
    :func:`apply` checks each draw: a range drawing an alliance's ``since`` past the year
    loaded, and only the draws past it failed (a future's world checks them when validated)."""
    try:
        checked = type(model).model_validate(trial)
    except ValidationError as exc:
        return str(exc.errors()[0]["msg"])
    over = check_alliances(checked) if isinstance(checked, DeterrenceScenario) else []
    if not over and limits and isinstance(checked, DeterrenceScenario):
        over = check_limits(checked)
    return f"{_dotted(over[0][0])}: {over[0][1]}" if over else None


def _warheads_together(
    model: BaseModel, warheads: Sequence[tuple[int, tuple[Any, ...], Any, Any]], limits: bool
) -> list[tuple[tuple[Any, ...], str]]:
    """The most warheads of one actor (``MAX_ACTOR_WARHEADS`` of :func:`check_limits`) with
    every uncertain launcher count and warheads per launcher at its largest value at once:
    each input within it alone can pass it with another (two ranges on one actor's forces).
    Exact: an actor's warheads, a sum of launchers times warheads per launcher, only grow
    with each of them, so no draw gives more than this corner."""
    trial = model.model_dump()
    for _, path, value, current in warheads:
        _set(trial, path, applied_value(value, current))
    msg = _refusal(model, trial, limits)
    if msg is not None:
        names = ", ".join(sorted({_dotted(path) for _, path, _, _ in warheads}))
        first = min(i for i, *_ in warheads)
        return [
            (
                ("uncertainties", first, "distribution"),
                f"with {names} at their largest values together: {msg}",
            )
        ]
    return []


# ---------------------------------------------------------------------------- inert inputs
def _shown_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value) if not isinstance(value, str) else repr(value)


#: Significant digits of an input's value as the run's notes and tables print it (``%g``).
PRINTED_DIGITS = 6

#: Largest relative spread ``(high - low) / max(|low|, |high|)`` of an input's draws at which
#: they count as one value (:func:`narrow_spread`): half the smallest relative step between two
#: values printed with :data:`PRINTED_DIGITS` significant digits (``10**-(PRINTED_DIGITS - 1)``
#: of a value whose leading digit is 9: ``1e-6``, halved). Draws that close print as one
#: value, or as two neighbouring ones where they straddle a rounding boundary (0.8000005 +-
#: 1e-13 prints as 0.8 and 0.800001), never three; it is also 2.3e9 times the precision of a
#: double (2.2e-16), so draws equal up to floating-point rounding are always below it.
NARROW_SPREAD = 0.5 * 10.0**-PRINTED_DIGITS

#: The tails at which a log-normal's draws are bounded for :func:`constant_uncertainties`: the
#: smallest probability a double-precision uniform draw takes above 0 (``2**-53``) and its
#: complement; its ends, 0 and infinity, are not drawn.
_LOGNORMAL_TAIL = 2.0**-53


def narrow_spread(low: float, high: float) -> float | None:
    """The relative spread ``(high - low) / max(|low|, |high|)`` of draws between ``low`` and
    ``high`` when it is at most :data:`NARROW_SPREAD` (their printed values do not tell them
    apart), else None (also for ends that are not finite, or both 0)."""
    scale = max(abs(low), abs(high))
    if not (math.isfinite(low) and math.isfinite(high)) or scale == 0.0:
        return None
    rel = (high - low) / scale
    return rel if rel <= NARROW_SPREAD else None


def _narrow_reason(dist: Any, ends: list[Any]) -> str | None:
    """Why draws between the numbers ``ends`` (smallest, largest) print as one value, or
    None (:func:`narrow_spread`)."""
    if any(isinstance(v, bool | str) for v in ends):
        return None
    lo, hi = float(ends[0]), float(ends[-1])
    rel = narrow_spread(lo, hi)
    if rel is None:
        return None
    shown = " or ".join(dict.fromkeys(f"{v:.{PRINTED_DIGITS}g}" for v in (lo, hi)))
    why = (
        f"a relative spread of {rel:.2g}, at most {NARROW_SPREAD:g}: less than values printed "
        f"with {PRINTED_DIGITS} significant digits tell apart"
    )
    if isinstance(dist, Choice):
        values = ", ".join(repr(float(v)) for v in ends)
        return f"each of its values ({values}) prints as {shown} ({why})"
    if isinstance(dist, LogNormal):  # its ends, 0 and infinity, at probabilities 0 and 1
        return (
            f"every draw short of its ends (0 and infinity, at probabilities 0 and 1), from "
            f"{lo!r} to {hi!r}, prints as {shown} ({why})"
        )
    return f"every draw, from {lo!r} to {hi!r}, prints as {shown} ({why})"


def constant_uncertainties(
    model: BaseModel, uncertainties: Sequence[Uncertainty] | None = None
) -> dict[str, str]:
    """The uncertainties that cannot vary: every draw sets the same value on each field they
    target, each with why (``{name: reason}``), found from the distribution and the fields, not
    by sampling.

    ``model``: a validated scenario or a future's world (the targets' paths are read in it);
    ``uncertainties`` default to its own. An input cannot vary when its distribution is a
    ``choice`` of one value, or a ``choice`` whose weights give every draw to one value, or when
    every field it sets takes whole numbers and the ends of its range round to one integer
    (:func:`applied_value`, the rule :func:`apply` follows: an inverse CDF is non-decreasing, so
    every draw between the ends rounds to that integer too). A ``uniform``, ``triangular`` or
    ``beta`` with ``low == high`` is refused when the file is read, so it is never one of these;
    a ``lognormal`` never is either (its draws reach down to 0, its quantile at probability 0,
    however small its ``sigma``).

    An input whose fields do not all take whole numbers cannot vary either when its draws are
    so close together that they print alike: when the relative spread of its smallest and
    largest draw, ``(high - low) / max(|low|, |high|)``, is at most :data:`NARROW_SPREAD`
    (5e-7: below what :data:`PRINTED_DIGITS` = 6 significant digits, the ``%g`` the run's
    notes print values with, tell apart; :func:`narrow_spread`), e.g. a ``uniform`` on [0.8,
    0.8 + 1e-15], a log-normal with ``sigma = 1e-12`` or a ``choice`` between 0.8 and
    0.8000000000000002. A log-normal is read between its ``2**-53`` and ``1 - 2**-53``
    quantiles, and its reason says so: only a uniform of exactly 0 or 1 draws its ends, 0 and
    infinity (Morris and factorial designs never do; Latin hypercube and Monte Carlo ones with a
    chance of the order of ``2**-53`` per draw, Saltelli's, SciPy's scrambled Sobol' points on
    a grid of ``2**-30``, of ``2**-30``). Its draws still differ, so the model's
    outcomes may move by as little (floating-point noise), and its sensitivity indices would
    attribute that noise to it. Whole-number fields are left to the rounding rule above: their
    values print as whole numbers, all digits shown.
    Such an input moves nothing, and an analysis of a run would read its design column (which
    varies) as its effect (:func:`anpo.explore.sensitivity.fixed_inputs` finds the same inputs
    in a run's results)."""
    unc = list(uncertainties if uncertainties is not None else model.uncertainties)  # type: ignore[attr-defined]
    out: dict[str, str] = {}
    data: dict[str, Any] | None = None
    for u in unc:
        dist = u.distribution
        if isinstance(dist, Choice):
            weights = dist.weights if dist.weights is not None else [1.0] * len(dist.values)
            drawn = [v for v, w in zip(dist.values, weights, strict=True) if w > 0]
            if len(dist.values) == 1:
                out[u.name] = (
                    f"its distribution is a choice of one value ({_shown_value(drawn[0])})"
                )
                continue
            if len(drawn) == 1:
                out[u.name] = (
                    "its weights give every draw to one value "
                    f"({_shown_value(drawn[0])}; the others have weight 0)"
                )
                continue
            ends: list[Any] = drawn
        else:
            lo, hi = dist.support()
            ends = [float(lo), float(hi)]
        if data is None:
            data = model.model_dump()
        try:
            currents = [_get(data, resolve_target(data, t)) for t in u.targets]
        except ValueError:  # a target that does not resolve is refused elsewhere
            continue
        if not currents:
            continue
        if not all(whole_field(c) for c in currents):
            if not any(whole_field(c) for c in currents):
                if isinstance(dist, LogNormal):  # its ends, 0 and infinity, are never drawn
                    tails = [_LOGNORMAL_TAIL, 1.0 - _LOGNORMAL_TAIL]
                    ends = [float(x) for x in dist.ppf(tails)]
                narrow = _narrow_reason(dist, [min(ends), max(ends)])
                if narrow is not None:
                    out[u.name] = narrow
            continue
        if any(isinstance(v, float) and not math.isfinite(v) for v in ends):
            continue
        applied = {applied_value(v, currents[0]) for v in ends}
        if len(applied) == 1:
            (value,) = applied
            fields = "field it sets takes" if len(currents) == 1 else "fields it sets take"
            whole = f"the {fields} whole numbers"
            out[u.name] = (
                f"each of its values ({', '.join(_shown_value(v) for v in ends)}) rounds to "
                f"{_shown_value(value)} ({whole})"
                if isinstance(dist, Choice)
                else f"every draw, from {_shown_value(ends[0])} to {_shown_value(ends[-1])}, "
                f"rounds to {_shown_value(value)} ({whole})"
            )
    return out


#: Fields whose values decide which forces, defenses and territories meet in the exchange (a
#: variant's lists of defenses and forces sit under ``variants``): an uncertainty on any of them
#: can change that structure, so :func:`inert_uncertainties` then
#: judges none (its reasons read the structure as written).
STRUCTURAL_FIELDS = frozenset(
    {
        "actor",
        "baseline",
        "basing",
        "common_mode",
        "covers",
        "defends",
        "dyads",
        "engages",
        "id",
        "missile_class",
        "owner",
        "reaches",
        "striker",
        "variants",
    }
)


def _names(scenario: DeterrenceScenario, ids: Sequence[str]) -> str:
    """Actors by name, with the article a sentence needs ("the United States and Japan")."""
    from anpo.report.countries import with_article
    from anpo.report.format import join_words

    by_id = {a.id: a.name for a in scenario.actors}
    return join_words([with_article(by_id.get(i, i)) for i in ids])


def _variant_words(scenario: DeterrenceScenario, ids: Sequence[str]) -> str:
    """Variants by their names: 'the variant “NMD capability 3”'."""
    from anpo.report.format import join_words

    shown = {v.id: v.shown for v in scenario.variant_list()}
    names = join_words([f"“{shown.get(i, i)}”" for i in ids])
    return ("the variant " if len(ids) == 1 else "the variants ") + names


def inert_uncertainties(
    scenario: DeterrenceScenario,
    uncertainties: Sequence[Uncertainty] | None = None,
    *,
    variants: Sequence[str] | None = None,
    strikes: Collection[tuple[str, str]] | None = None,
    prefix: str = "",
) -> dict[str, str]:
    """The uncertainties whose draws cannot change anything the deterrence models compute, each
    with why (``{name: reason}``), found from the scenario's structure, not by sampling.

    ``uncertainties`` defaults to the scenario's own ``[[uncertainties]]``; ``variants`` (ids) are
    the variants computed (default: every variant of :meth:`variant_list`); ``strikes`` are the
    (attacker, territory) pairs the computation strikes (default: every actor on every
    territory its forces reach); ``prefix`` is the part of a target before the scenario's own
    path (``"scenario."`` for a future's world; a target outside it is not judged).

    An uncertainty is inert when every field it sets is, and a field is inert when, in every
    computed variant:

    - it belongs to a force that is not active (``baseline = false`` and not added, or removed),
      unless a dyad names it as its ``growth`` force (the reaction curve reads that one in every
      variant), or to a force of an actor that takes part in no strike;
    - it belongs to a defense architecture that is not active, unless one of its layers is the
      one a dyad's reaction curve borrows (below);
    - it belongs to a value layer (``defends = "value"``) whose covered territories no missile of
      a class the layer engages reaches: neither an active force in a computed strike (a layer
      engages only the warheads of its classes aimed inside its cover: Wilkening 1999, as
      :mod:`anpo.deterrence.defense` computes it) nor a force a dyad's reaction curve sends at
      that dyad's defender (below);
    - it belongs to a silo layer (``defends = "silos"``) when no active silo-based force on its
      covered territories is struck by an active force that reaches them (the exchange applies
      such a layer to every counterforce warhead on those silos, whatever its ``engages``:
      Kent & Thaler 1989 with the silo defense of Ota 1981);
    - it is a ``[[counterforce]]`` kill probability of a striker against a basing that no active
      force of an actor it strikes has, and that is not the basing of a force a dyad's reaction
      curve may grow while the striker (that dyad's defender) strikes the rival (the exchange
      applies it only to such launchers: Kent & Thaler 1989);
    - it is a damage curve of an actor that takes part in no strike.

    The reaction curve (:func:`anpo.deterrence.questions.reaction_table`) is taken as computed
    for every dyad whose two actors take part in a strike (with ``strikes`` given) or for every
    dyad (without): it grows the dyad's ``growth`` force, active or not, else any active force
    of the rival that reaches the defender; it reads the defender's ``[[counterforce]]`` entry
    for that force's basing, every active value layer covering the defender (against the growth
    force and the rival's other active forces that reach the defender), and, when none of them
    engages the growth force's class, the first value layer of the scenario (active or not)
    that covers the defender and engages it.

    What it cannot detect (such an input is never reported): a layer with an empty ``covers``
    (it covers any territory) or in a ``common_mode`` group (the group's reliability is shared
    with layers that may engage), a field that moves nothing for numerical reasons (an
    inventory already larger than any raid, a probability the outcome saturates at), and every
    target outside the deterrence sections (alignment, law, burden: evaluate those at two
    quantiles). When any uncertainty sets a field of :data:`STRUCTURAL_FIELDS` (which forces
    exist, what reaches where, what a layer covers, engages or defends), or a field that a
    target's selector matches on (``forces[launchers=7]``: the item it picks could change with
    another input's draw), no input is judged: the structure read here could change with the
    draw.

    "Moves nothing" is about numbers: a value layer's ``discrimination`` judged inert may still
    change the name of the exchange's allocation search in the stability table (the exchange
    searches differently whenever any value layer of the striker sees decoys), never a value.
    """
    unc = list(uncertainties if uncertainties is not None else scenario.uncertainties)  # type: ignore[attr-defined]
    if not unc:
        return {}
    data = scenario.model_dump()
    paths: dict[str, list[tuple[Any, ...] | None]] = {}
    for u in unc:
        found: list[tuple[Any, ...] | None] = []
        for target in u.targets:
            if not target.startswith(prefix):
                found.append(None)
                continue
            try:
                path = resolve_target(data, target[len(prefix) :])
            except ValueError:
                found.append(None)
                continue
            if any(isinstance(p, str) and p in STRUCTURAL_FIELDS for p in path):
                return {}
            found.append(path)
        paths[u.name] = found
    # a target that picks its item by a field another input draws (``forces[launchers=7]``)
    # may land on another item once that draw is applied: what it sets is not known here
    drawn = {p[-1] for found in paths.values() for p in found if p and isinstance(p[-1], str)}
    selected_by = {
        field
        for u in unc
        for target in u.targets
        if target.startswith(prefix)
        for step in _parsed_or_empty(target[len(prefix) :])
        if isinstance(step, tuple)
        for key, _ in step
        for field in ((key,) if key else _NATURAL_KEYS)
    }
    if drawn & selected_by:
        return {}
    from anpo.deterrence.scenario import Case
    from anpo.report.format import join_words

    all_variants = scenario.variant_list()
    wanted = list(variants) if variants is not None else [v.id for v in all_variants]
    cases = [Case(scenario=scenario, variant=v) for v in all_variants if v.id in wanted]
    if not cases:
        return {}
    everywhere = _variant_words(scenario, [c.variant.id for c in cases])
    growth = {d.growth for d in scenario.dyads if d.growth}
    striking = None if strikes is None else {a for a, _ in strikes} | {t for _, t in strikes}

    def struck(attacker: str, territory: str) -> bool:
        return strikes is None or (attacker, territory) in strikes

    # what the reaction curves read (questions.reaction_table), per computed variant: the forces
    # each may grow, at which defender; the template layers ((defense, layer) positions) it may
    # borrow; the counterforce entries ((striker, basing)) it reads
    grown: dict[str, list[tuple[str, ForceComponent]]] = {}
    templates: set[tuple[int, int]] = set()
    reaction_cf: set[tuple[str, str]] = set()
    value_layers = [
        (i, j, ly)
        for i, d in enumerate(scenario.defenses)
        for j, ly in enumerate(d.layers)
        if ly.defends == "value"
    ]
    for c in cases:
        grown[c.variant.id] = []
        for dy in scenario.dyads:
            if striking is not None and not {dy.defender, dy.rival} <= striking:
                continue
            t = dy.defender
            if dy.growth:
                candidates = [f for f in scenario.forces if f.id == dy.growth and t in f.reaches]
            else:
                candidates = [f for f in c.forces(dy.rival) if t in f.reaches]
            defender_strikes = any(dy.rival in f.reaches for f in c.forces(dy.defender))
            curve = False
            for g in candidates:
                able = [
                    (i, j)
                    for i, j, ly in value_layers
                    if t in ly.covers and ly.can_engage(g.missile_class)
                ]
                if not able:  # no layer to vary: the curve is undefined (reaction_undefined)
                    continue
                curve = True
                grown[c.variant.id].append((t, g))
                if defender_strikes:
                    reaction_cf.add((dy.defender, g.basing))
                if not any(ly.can_engage(g.missile_class) for ly in c.layers_covering(t)):
                    templates.add(able[0])
            if curve:  # the rival's other forces reaching the defender arrive with the growth's
                grown[c.variant.id] += [(t, f) for f in c.forces(dy.rival) if t in f.reaches]

    def force_reason(i: int) -> str:
        f = scenario.forces[i]
        if striking is not None and f.actor not in striking:
            return (
                f"the force “{f.name}” belongs to {_names(scenario, [f.actor])}, which takes no "
                "part in the exchange"
            )
        if f.id in growth:
            return ""
        absent = [c.variant.id for c in cases if f.id not in {g.id for g in c.forces()}]
        if len(absent) == len(cases):
            return f"the force “{f.name}” is not in {_variant_words(scenario, absent)}"
        return ""

    def defense_reason(i: int) -> str:
        d = scenario.defenses[i]
        if any(d.id in c.variant.defenses for c in cases):
            return ""
        if any(k == i for k, _ in templates):
            return ""  # a reaction curve borrows one of its layers
        return f"the defense “{d.name}” is not in {everywhere}"

    def layer_reason(i: int, j: int) -> str:
        d = scenario.defenses[i]
        if (i, j) in templates:
            return ""
        active = [c for c in cases if d.id in c.variant.defenses]
        if not active:
            return f"the defense “{d.name}” is not in {everywhere}"
        ly = d.layers[j]
        if not ly.covers or ly.common_mode is not None:
            return ""
        where = _variant_words(scenario, [c.variant.id for c in active])
        if len(active) < len(cases):
            where += " (the other variants computed do not field it)"
        if ly.defends == "silos":
            # the exchange defends every vulnerable silo of a covered actor against every
            # counterforce warhead, whatever the layer engages (exchange.component_survivors)
            for c in active:
                for t in ly.covers:
                    if any(f.basing == "silo" for f in c.forces(t)) and any(
                        g.actor != t and t in g.reaches and struck(g.actor, t) for g in c.forces()
                    ):
                        return ""
            return (
                f"the layer “{ly.name or d.id}” defends silos in {_names(scenario, ly.covers)}, "
                f"and no silo-based force there is struck in {where}"
            )
        for c in active:
            for f in c.forces():
                if f.missile_class in ly.engages and any(
                    t in f.reaches and struck(f.actor, t) for t in ly.covers
                ):
                    return ""
            for t, g in grown[c.variant.id]:
                if g.missile_class in ly.engages and t in ly.covers:
                    return ""
        return (
            f"the layer “{ly.name or d.id}” covers {_names(scenario, ly.covers)} and engages "
            f"only {join_words(list(ly.engages))} missiles, and no such missile reaches "
            f"{'it' if len(ly.covers) == 1 else 'them'} in {where}"
        )

    def counterforce_reason(i: int) -> str:
        cf = scenario.counterforce[i]
        if (cf.striker, cf.basing) in reaction_cf:
            return ""
        for c in cases:
            for f in c.forces():
                if f.basing == cf.basing and f.actor != cf.striker and struck(cf.striker, f.actor):
                    return ""
        return (
            f"no {cf.basing} launcher that {_names(scenario, [cf.striker])} strikes is in "
            f"{everywhere}"
        )

    def damage_reason(i: int) -> str:
        actor = scenario.damage[i].actor
        if striking is not None and actor not in striking:
            return f"{_names(scenario, [actor])} takes no part in the exchange"
        return ""

    def reason(path: tuple[Any, ...] | None) -> str:
        if path is None or len(path) < 2:
            return ""
        head, idx = path[0], path[1]
        if head == "forces":
            return force_reason(idx)
        if head == "defenses":
            if len(path) >= 4 and path[2] == "layers":
                return layer_reason(idx, path[3])
            return defense_reason(idx)
        if head == "counterforce":
            return counterforce_reason(idx)
        if head == "damage":
            return damage_reason(idx)
        return ""

    out: dict[str, str] = {}
    for u in unc:
        why = [reason(p) for p in paths[u.name]]
        if why and all(why):
            out[u.name] = "; ".join(dict.fromkeys(why))
    return out
