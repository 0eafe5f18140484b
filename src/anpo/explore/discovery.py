"""Scenario discovery: which region of the uncertain inputs produces the outcomes of interest?

**PRIM**, the Patient Rule Induction Method [friedman1999], as used for scenario discovery
by [bryant2010], implemented here:

- *peeling* (F&F sec. 4): starting from the box holding every experiment, repeatedly remove the
  slice of one input (a fraction ``alpha`` of the points in the box at its lower or upper end,
  or one category of a categorical input) that leaves the best box, until the box holds less
  than ``mass_min`` of the experiments. "Best": the largest gain in density per point removed
  (``objective="lenient1"``, the default, as in EMA Workbench, Kwakkel & Jaxa-Rozen 2016,
  *Environ. Model. Softw.* 79: 311-321: it keeps PRIM from dropping a whole category of a
  categorical input, such as a future, for a small gain), or the highest density of the
  remaining box (``"original"``, F&F).
- the *peeling trajectory* is the coverage-density trade-off (B&L sec. 3.2): *coverage* = share
  of all cases of interest inside the box, *density* = share of the box's points that are of
  interest, *mass* = share of all points inside the box.
- *pasting* (F&F sec. 5): from the chosen box, repeatedly widen one limit by a fraction
  ``paste_alpha`` of the box's points (or add one category back) while that raises the
  density.
- the *significance of each limit* (B&L sec. 3.3, "quasi-p-values"): remove that one
  restriction and test, one-sided binomial, whether the box's density could come from the
  relaxed box's density: ``P(Binomial(n_box, density_relaxed) >= cases_in_box)``. A large value
  says the limit does not matter.

**Whole numbers.** An input whose every value is a whole number (a count of launchers: the run
stores the value the model used, :mod:`anpo.explore.engine`) gets whole-number limits: PRIM's
and CART's cut points lie midway between two values (94.5 between 94 and 95), and a box says
``>= 95`` and ``<= 94`` instead (:func:`whole_limits`), which admits exactly the same
experiments and is a number of launchers that exists.

**CART** [breiman1984] through
scikit-learn's ``DecisionTreeClassifier``: each leaf is a box; the leaves where the outcome of
interest is the majority are reported with their coverage and density (B&L sec. 2.2 compare the
two methods).
"""

from __future__ import annotations

import json
import math
import operator
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from anpo._checks import as_path, table, whole_mask, whole_number
from anpo.errors import ExploreError
from anpo.report.format import count_noun

_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "<=": operator.le,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
}
_WHERE = re.compile(r"^\s*(<=|>=|==|!=|<|>|=)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$")


def parse_where(expr: str) -> tuple[str, float]:
    """``"< 0.5"`` -> ``("<", 0.5)``; comparators ``< <= > >= == !=`` (``=`` means ``==``)."""
    m = _WHERE.match(expr or "")
    if m is None:
        raise ExploreError(
            f"{expr!r}: expected a comparison with a number, e.g. '< 0.5' or '>= 10'",
            field="where",
        )
    op = "==" if m.group(1) == "=" else m.group(1)
    x = float(m.group(2))
    if not math.isfinite(x):  # '1e999' overflows to inf, which the pattern keeps out as 'inf'
        raise ExploreError(f"{expr!r}: {m.group(2)} is not a finite number", field="where")
    return op, x


def of_interest(values: Any, expr: str) -> np.ndarray:
    """Boolean array: which values satisfy ``expr`` (``"< 0.5"``); missing values never do."""
    op, x = parse_where(expr)
    v = np.asarray(values, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.asarray(_OPS[op](v, x), dtype=bool) & ~np.isnan(v)


def is_whole(values: np.ndarray) -> bool:
    """Whether every value of a numeric input column is a whole number (none missing)."""
    v = np.asarray(values, dtype=float)
    return bool(v.size) and bool(np.all(whole_mask(v, limit=np.inf)))


def whole_limits(
    low: float | None, high: float | None, *, strict_low: bool = False
) -> tuple[float | None, float | None]:
    """A box's limits on a whole-number input as whole numbers admitting the same values:
    ``x >= low`` becomes ``x >= ceil(low)`` (``x > low``, ``strict_low``, becomes ``x >=
    floor(low) + 1``), ``x <= high`` becomes ``x <= floor(high)``.

    >>> whole_limits(94.5, None), whole_limits(None, 94.5), whole_limits(95.0, 96.5, strict_low=True)
    ((95.0, None), (None, 94.0), (96.0, 96.0))
    """
    if low is not None:
        low = float(math.floor(low) + 1) if strict_low else float(math.ceil(low))
    if high is not None:
        high = float(math.floor(high))
    return low, high


# ---------------------------------------------------------------------------- boxes
@dataclass
class Limit:
    """One input's restriction in a box: ``[low, high]`` (numbers) or a set of categories."""

    name: str
    low: float | None = None
    high: float | None = None
    categories: list[Any] | None = None
    p_value: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"input": self.name}
        if self.categories is not None:
            out["categories"] = list(self.categories)
        else:
            out["low"] = self.low
            out["high"] = self.high
        out["p_value"] = self.p_value
        return out

    def describe(self) -> str:
        """The limit in one line: ``x >= 95``, ``0.25 <= x <= 0.7``, ``case in {a, b}``."""
        if self.categories is not None:
            return f"{self.name} in {{{', '.join(str(c) for c in self.categories)}}}"
        if self.high is None:
            return f"{self.name} >= {_end(self.low)}"
        if self.low is None:
            return f"{self.name} <= {_end(self.high)}"
        return f"{_end(self.low)} <= {self.name} <= {_end(self.high)}"


def _end(value: float | None) -> str:
    """A limit's end: a whole number in full (20000, not 2e+04), else 4 significant digits.

    >>> _end(20000.0), _end(94.5), _end(0.736123)
    ('20000', '94.5', '0.7361')
    """
    v = float(value) if value is not None else math.nan
    if math.isfinite(v) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return f"{v:.4g}"


@dataclass
class Box:
    """A box: its restrictions (unrestricted inputs are left out) and its statistics."""

    limits: list[Limit]
    coverage: float
    density: float
    mass: float
    n: int
    n_interest: int
    step: int | None = None
    method: str = "prim"

    # dup-ok: a to_dict of named fields, alike only in shape to others.
    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "step": self.step,
            "coverage": self.coverage,
            "density": self.density,
            "mass": self.mass,
            "n": self.n,
            "n_interest": self.n_interest,
            "limits": [lim.to_dict() for lim in self.limits],
        }

    def describe(self) -> str:
        return " and ".join(lim.describe() for lim in self.limits) or "(no restriction)"


@dataclass
class _State:
    low: np.ndarray  # numeric lower limits (inclusive); -inf for categorical columns
    high: np.ndarray
    cats: dict[int, set[Any]] = field(default_factory=dict)

    def copy(self) -> _State:
        return _State(self.low.copy(), self.high.copy(), {k: set(v) for k, v in self.cats.items()})


class Prim:
    """PRIM over inputs ``x`` (DataFrame: numeric and categorical columns) and a boolean
    ``y`` (the cases of interest): [friedman1999], as used for scenario discovery by
    [bryant2010]. See the module docstring for the method. An ``x`` that is not a pandas
    DataFrame is an :class:`~anpo.errors.ExploreError` naming it."""

    def __init__(
        self,
        x: pd.DataFrame,
        y: Any,
        *,
        alpha: float = 0.05,
        paste_alpha: float = 0.05,
        mass_min: float = 0.05,
        objective: str = "lenient1",
    ) -> None:
        # a dict or a list of inputs was "inputs and outcome differ in length" (or a bare
        # AttributeError: no 'columns'), naming no argument
        x = table("x", x, error=ExploreError, what="a table of the inputs")
        y = np.asarray(y, dtype=bool)
        if len(x) != len(y):
            raise ExploreError("inputs and outcome differ in length")
        if len(y) == 0:
            raise ExploreError("no experiments to analyse")
        if not 0 < alpha < 0.5:
            raise ExploreError(f"must lie in (0, 0.5), got {alpha}", field="alpha")
        if not 0 < paste_alpha < 0.5:
            raise ExploreError(f"must lie in (0, 0.5), got {paste_alpha}", field="paste_alpha")
        if not 0 < mass_min < 1:
            raise ExploreError(f"must lie in (0, 1), got {mass_min}", field="mass_min")
        if objective not in ("original", "lenient1"):
            raise ExploreError("must be 'original' or 'lenient1'", field="objective")
        if not y.any():
            raise ExploreError(
                "no experiment satisfies the condition: nothing to discover", field="where"
            )
        self.names = [str(c) for c in x.columns]
        self.y = y
        self.alpha, self.paste_alpha, self.mass_min = alpha, paste_alpha, mass_min
        self.objective = objective
        self.categorical: list[bool] = []
        cols = []
        self.codes: dict[int, np.ndarray] = {}
        for j, c in enumerate(x.columns):
            s = x[c]
            if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
                self.categorical.append(True)
                levels, codes = np.unique(s.astype(str).to_numpy(), return_inverse=True)
                self.codes[j] = levels
                cols.append(codes.astype(float))
            else:
                self.categorical.append(False)
                cols.append(s.to_numpy(dtype=float))
        self.x = np.column_stack(cols) if cols else np.empty((len(y), 0))
        if np.isnan(self.x).any():
            raise ExploreError("inputs with missing values cannot be analysed")
        #: numeric inputs whose values are all whole numbers: their limits are whole numbers
        self.whole = [
            not self.categorical[j] and is_whole(self.x[:, j]) for j in range(self.x.shape[1])
        ]
        self.n_total = len(y)
        self.n_interest = int(y.sum())
        self.trajectory: list[tuple[_State, np.ndarray]] = []
        self._peel()

    # ------------------------------------------------------------------ statistics
    def _stats(self, inbox: np.ndarray) -> tuple[int, int]:
        return int(inbox.sum()), int(self.y[inbox].sum())

    def _contains(self, st: _State, skip: int | None = None) -> np.ndarray:
        inbox = np.ones(self.n_total, dtype=bool)
        for j in range(self.x.shape[1]):
            if j == skip:
                continue
            if self.categorical[j]:
                if j in st.cats:
                    inbox &= np.isin(self.x[:, j], list(st.cats[j]))
            else:
                inbox &= (self.x[:, j] >= st.low[j]) & (self.x[:, j] <= st.high[j])
        return inbox

    def _n_restricted(self, st: _State) -> int:
        n = 0
        for j in range(self.x.shape[1]):
            if self.categorical[j]:
                n += j in st.cats and len(st.cats[j]) < len(self.codes[j])
            else:
                n += bool(st.low[j] > -np.inf or st.high[j] < np.inf)
        return n

    def _score(self, n_old: int, k_old: int, n_new: int, k_new: int) -> float:
        if n_new == 0:
            return -math.inf
        d_new = k_new / n_new
        if self.objective == "original":
            return d_new
        removed = n_old - n_new
        return (d_new - k_old / n_old) / removed if removed else -math.inf

    # ------------------------------------------------------------------ peeling
    def _peel(self) -> None:
        d = self.x.shape[1]
        st = _State(np.full(d, -np.inf), np.full(d, np.inf))
        inbox = np.ones(self.n_total, dtype=bool)
        self.trajectory.append((st.copy(), inbox.copy()))
        while True:
            n_old, k_old = self._stats(inbox)
            if n_old / self.n_total <= self.mass_min:
                break
            best: tuple[tuple[float, int, int], _State, np.ndarray] | None = None
            for cand_state, cand_box in self._peels(st, inbox):
                n_new, k_new = self._stats(cand_box)
                if n_new / self.n_total < self.mass_min or n_new == n_old:
                    continue
                score = self._score(n_old, k_old, n_new, k_new)
                if score <= 0:
                    continue
                # ties: fewer restricted inputs (an easier box to read), then more points
                key = (score, -self._n_restricted(cand_state), n_new)
                if best is None or key > best[0]:
                    best = (key, cand_state, cand_box)
            if best is None:
                break
            st, inbox = best[1], best[2]
            self.trajectory.append((st.copy(), inbox.copy()))

    def _peels(self, st: _State, inbox: np.ndarray) -> Iterator[tuple[_State, np.ndarray]]:
        """Candidate peels, upper end first. A numeric input loses its ``k + 1`` highest (or
        lowest) points,
        ``k = floor((n - 1) alpha)``, with every point tied with the last one, and the new limit
        lies midway between the last point removed and the first kept: the quantile rule of
        Friedman's sdtoolkit as documented for EMA Workbench's PRIM, so both peel the same
        points. A categorical input loses one category."""
        n_box = int(inbox.sum())
        k = int(math.floor((n_box - 1) * self.alpha))
        for j in range(self.x.shape[1]):
            xj = self.x[inbox, j]
            if self.categorical[j]:
                present = sorted(set(np.unique(xj).tolist()))
                if len(present) < 2:
                    continue
                for c in present:
                    new = st.copy()
                    new.cats[j] = set(present) - {c}
                    yield new, inbox & (self.x[:, j] != c)
                continue
            srt = np.sort(xj)
            if srt[0] == srt[-1]:
                continue
            cut = srt[-1 - k]
            kept = srt[srt < cut]
            if kept.size:
                new = st.copy()
                new.high[j] = (kept[-1] + cut) / 2.0
                yield new, inbox & (self.x[:, j] <= new.high[j])
            cut = srt[k]
            kept = srt[srt > cut]
            if kept.size:
                new = st.copy()
                new.low[j] = (cut + kept[0]) / 2.0
                yield new, inbox & (self.x[:, j] >= new.low[j])

    # ------------------------------------------------------------------ pasting
    def _paste(self, st: _State, inbox: np.ndarray) -> tuple[_State, np.ndarray]:
        st = st.copy()
        while True:
            n_old, k_old = self._stats(inbox)
            d_old = k_old / n_old
            best: tuple[float, int, _State, np.ndarray] | None = None
            k = max(1, int(math.floor(self.paste_alpha * n_old)))
            for j in range(self.x.shape[1]):
                others = self._contains(st, skip=j)
                if self.categorical[j]:
                    if j not in st.cats:
                        continue
                    for c in range(len(self.codes[j])):
                        if c in st.cats[j]:
                            continue
                        new = st.copy()
                        new.cats[j] = st.cats[j] | {float(c)}
                        yield_box = others & np.isin(self.x[:, j], list(new.cats[j]))
                        n, kk = self._stats(yield_box)
                        if n > n_old and kk / n > d_old and (best is None or kk / n > best[0]):
                            best = (kk / n, n, new, yield_box)
                    continue
                xj = self.x[:, j]
                below = np.sort(xj[others & (xj < st.low[j])])
                if below.size:
                    i = max(0, below.size - k)
                    lo = (below[i - 1] + below[i]) / 2.0 if i > 0 else below[0]
                    new = st.copy()
                    new.low[j] = lo
                    box = others & (xj >= lo) & (xj <= st.high[j])
                    n, kk = self._stats(box)
                    if kk / n > d_old and (best is None or kk / n > best[0]):
                        best = (kk / n, n, new, box)
                above = np.sort(xj[others & (xj > st.high[j])])
                if above.size:
                    i = min(above.size - 1, k - 1)
                    hi = (above[i] + above[i + 1]) / 2.0 if i + 1 < above.size else above[i]
                    new = st.copy()
                    new.high[j] = hi
                    box = others & (xj >= st.low[j]) & (xj <= hi)
                    n, kk = self._stats(box)
                    if kk / n > d_old and (best is None or kk / n > best[0]):
                        best = (kk / n, n, new, box)
            if best is None:
                return st, inbox
            st, inbox = best[2], best[3]

    # ------------------------------------------------------------------ results
    def trajectory_table(self) -> pd.DataFrame:
        """The peeling trajectory: step, coverage, density, mass, restricted inputs."""
        rows = []
        for i, (st, inbox) in enumerate(self.trajectory):
            n, k = self._stats(inbox)
            rows.append(
                {
                    "step": i,
                    "coverage": k / self.n_interest,
                    "density": k / n if n else math.nan,
                    "mass": n / self.n_total,
                    "restricted": len(self._limits(st, inbox, with_p=False)),
                }
            )
        return pd.DataFrame(rows)

    def _limits(self, st: _State, inbox: np.ndarray, *, with_p: bool = True) -> list[Limit]:
        out = []
        n_box, k_box = self._stats(inbox)
        for j, name in enumerate(self.names):
            if self.categorical[j]:
                if j not in st.cats or len(st.cats[j]) == len(self.codes[j]):
                    continue
                cats = [self.codes[j][int(c)] for c in sorted(st.cats[j])]
                lim = Limit(name, categories=cats)
            else:
                col = self.x[:, j]
                lo = st.low[j] if st.low[j] > col.min() else None
                hi = st.high[j] if st.high[j] < col.max() else None
                if lo is None and hi is None:
                    continue
                low = float(lo) if lo is not None else None
                high = float(hi) if hi is not None else None
                if self.whole[j]:
                    low, high = whole_limits(low, high)
                lim = Limit(name, low=low, high=high)
            if with_p:
                relaxed = self._contains(st, skip=j)
                n_r, k_r = self._stats(relaxed)
                lim.p_value = _quasi_p(k_box, n_box, k_r / n_r if n_r else 0.0)
            out.append(lim)
        return out

    def box(self, step: int, *, paste: bool = True, max_p: float | None = None) -> Box:
        """The box at ``step`` of the trajectory (pasted unless ``paste=False``) with each
        limit's quasi-p-value. With ``max_p``, restrictions whose quasi-p-value exceeds it are
        dropped one at a time, the least significant first ([bryant2010, sec. 3.3]: a
        limit that could be removed without changing the box's density by more than chance is
        no part of the scenario)."""
        if not 0 <= step < len(self.trajectory):
            boxes = count_noun(len(self.trajectory), "box", "boxes")
            raise ExploreError(f"step {step}: the trajectory has {boxes}")
        st, inbox = self.trajectory[step]
        if paste:
            st, inbox = self._paste(st, inbox)
        if max_p is not None:
            st, inbox = self._drop_insignificant(st, inbox, max_p)
        n, k = self._stats(inbox)
        return Box(
            limits=self._limits(st, inbox),
            coverage=k / self.n_interest,
            density=k / n,
            mass=n / self.n_total,
            n=n,
            n_interest=k,
            step=step,
        )

    def _drop_insignificant(
        self, st: _State, inbox: np.ndarray, max_p: float
    ) -> tuple[_State, np.ndarray]:
        while True:
            limits = self._limits(st, inbox)
            worst = max(limits, key=lambda lim: lim.p_value or 0.0, default=None)
            if worst is None or worst.p_value is None or worst.p_value <= max_p:
                return st, inbox
            j = self.names.index(worst.name)
            st = st.copy()
            if self.categorical[j]:
                st.cats.pop(j, None)
            else:
                st.low[j], st.high[j] = -np.inf, np.inf
            inbox = self._contains(st)

    def choose(self, min_coverage: float = 0.5) -> int:
        """The step of the densest box whose coverage is at least ``min_coverage`` (the
        earliest such step on ties)."""
        traj = self.trajectory_table()
        ok = traj[traj["coverage"] >= min_coverage - 1e-12]
        if ok.empty:
            return 0
        best = ok["density"].max()
        return int(ok[ok["density"] >= best - 1e-12]["step"].iloc[0])


def _quasi_p(k: int, n: int, p: float) -> float:
    """One-sided binomial test ``P(X >= k)``, ``X ~ Binomial(n, p)`` [bryant2010,
    sec. 3.3]."""
    from scipy.stats import binom

    if n == 0:
        return math.nan
    return float(binom.sf(k - 1, n, min(max(p, 0.0), 1.0)))


# dup-ok: prim takes the Prim constructor's keyword arguments and forwards them: a typed signature
# for users and the docs rather than **kwargs.
def prim(
    x: pd.DataFrame,
    y: Any,
    *,
    alpha: float = 0.05,
    paste_alpha: float = 0.05,
    mass_min: float = 0.05,
    objective: str = "lenient1",
    min_coverage: float = 0.5,
    max_p: float | None = None,
) -> tuple[Prim, Box]:
    """Run PRIM and pick a box: the densest with coverage >= ``min_coverage``, pasted, and
    without the restrictions whose quasi-p-value exceeds ``max_p`` (if given): PRIM
    [friedman1999] with the quasi-p-values of [bryant2010]."""
    if not 0 <= min_coverage <= 1:
        raise ExploreError(f"must lie in [0, 1], got {min_coverage}", field="min_coverage")
    if max_p is not None and not 0 <= max_p <= 1:
        raise ExploreError(f"must lie in [0, 1], got {max_p}", field="max_p")
    p = Prim(x, y, alpha=alpha, paste_alpha=paste_alpha, mass_min=mass_min, objective=objective)
    return p, p.box(p.choose(min_coverage), max_p=max_p)


# ---------------------------------------------------------------------------- CART
def cart(
    x: pd.DataFrame, y: Any, *, max_depth: int = 3, min_leaf: float = 0.05, seed: int = 0
) -> list[Box]:
    """CART boxes (scikit-learn's ``DecisionTreeClassifier``; Breiman et al. 1984): the leaves
    where cases of interest are the majority, densest first. Categorical inputs are split as
    ordered codes of their sorted values. An ``x`` that is not a pandas DataFrame, or of another
    length than ``y`` or empty, is an :class:`~anpo.errors.ExploreError`, as in :class:`Prim`.
    ``seed`` (the tree's ``random_state``) is an integer from 0 to 2**32-1, the range
    scikit-learn takes (-1 and 2**40 were its InvalidParameterError, a traceback)."""
    seed = whole_number(
        seed, "seed", error=ExploreError, minimum=0, maximum=2**32 - 1, floats=False
    )
    try:
        from sklearn.tree import DecisionTreeClassifier
    except ImportError:
        raise ExploreError("CART needs scikit-learn: pip install 'anpo[explore]'") from None
    x = table("x", x, error=ExploreError, what="a table of the inputs")
    y = np.asarray(y, dtype=bool)
    # as PRIM says it (scikit-learn's bare ValueError: "Number of labels=40 does not match
    # number of samples=1", "Found array with 0 sample(s)")
    if len(x) != len(y):
        raise ExploreError("inputs and outcome differ in length")
    if len(y) == 0:
        raise ExploreError("no experiments to analyse")
    if not y.any():
        raise ExploreError(
            "no experiment satisfies the condition: nothing to discover", field="where"
        )
    cols, levels = [], {}
    for j, c in enumerate(x.columns):
        s = x[c]
        if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
            lv, codes = np.unique(s.astype(str).to_numpy(), return_inverse=True)
            levels[j] = lv
            cols.append(codes.astype(float))
        else:
            cols.append(s.to_numpy(dtype=float))
    xm = np.column_stack(cols)
    whole = [j not in levels and is_whole(xm[:, j]) for j in range(xm.shape[1])]
    tree = DecisionTreeClassifier(
        max_depth=max_depth,
        min_samples_leaf=max(1, int(min_leaf * len(y))),
        random_state=seed,
    ).fit(xm, y)
    t = tree.tree_
    n_int = int(y.sum())
    leaves = tree.apply(xm)
    boxes = []

    def walk(node: int, lo: np.ndarray, hi: np.ndarray) -> None:
        if t.children_left[node] == -1:
            inleaf = leaves == node
            n, k = int(inleaf.sum()), int(y[inleaf].sum())
            if n and k / n > 0.5:
                limits = []
                for j, name in enumerate(x.columns):
                    if lo[j] == -np.inf and hi[j] == np.inf:
                        continue
                    if j in levels:
                        cats = [levels[j][c] for c in range(len(levels[j])) if lo[j] < c <= hi[j]]
                        limits.append(Limit(str(name), categories=cats))
                    else:
                        low = None if lo[j] == -np.inf else float(lo[j])
                        high = None if hi[j] == np.inf else float(hi[j])
                        if whole[j]:  # the tree's right branch is x > threshold
                            low, high = whole_limits(low, high, strict_low=True)
                        limits.append(Limit(str(name), low=low, high=high))
                boxes.append(
                    Box(limits, k / n_int, k / n, n / len(y), n, k, step=node, method="cart")
                )
            return
        j, thr = t.feature[node], t.threshold[node]
        hi2 = hi.copy()
        hi2[j] = min(hi[j], thr)
        walk(t.children_left[node], lo, hi2)
        lo2 = lo.copy()
        lo2[j] = max(lo[j], thr)
        walk(t.children_right[node], lo2, hi)

    d = xm.shape[1]
    walk(0, np.full(d, -np.inf), np.full(d, np.inf))
    boxes.sort(key=lambda b: (-b.density, -b.coverage))
    return boxes


def discover(
    frame: pd.DataFrame,
    inputs: Sequence[str],
    outcome: str,
    where: str,
    *,
    method: str = "prim",
    **options: Any,
) -> dict[str, Any]:
    """Scenario discovery on a results frame: which inputs' region gives ``outcome where`` (PRIM
    [friedman1999; bryant2010] or CART [breiman1984]).

    Returns ``{"outcome", "where", "n", "n_interest", "method", "box" (PRIM) or "boxes"
    (CART), "trajectory" (PRIM)}``. Experiments whose outcome is missing are left out. A
    ``frame`` that is not a pandas DataFrame, or lacks one of ``inputs``, is an
    :class:`~anpo.errors.ExploreError` naming it and the columns missing.
    """
    from anpo.explore.engine import RESERVED

    # a dict was "'dict' object has no attribute 'columns'", an input not in the frame a bare
    # KeyError from selecting it
    what = "a results table"
    frame = table("frame", frame, error=ExploreError, what=what, columns=list(inputs))
    known = [
        c
        for c in frame.columns
        if c not in inputs and c not in RESERVED and pd.api.types.is_numeric_dtype(frame[c])
    ]
    if outcome not in known and not known and _all_failed(frame):
        # a run of failures has no outcome column at all: "unknown outcome 'side_size'
        # (outcomes: )" named no cause
        first = " ".join(str(frame["error"].iloc[0]).split())[:200]
        raise ExploreError(
            f"the run has no outcomes: every experiment failed (the first: {first})",
            field="outcome",
        )
    if outcome not in known:
        what = (
            f"{outcome!r} is an input, not an outcome"
            if outcome in inputs
            else f"{outcome!r} is not an outcome"
            if outcome in frame.columns
            else f"unknown outcome {outcome!r}"
        )
        raise ExploreError(f"{what} (outcomes: {', '.join(known)})", field="outcome")
    keep = frame[outcome].notna().to_numpy()
    sub = frame.loc[keep]
    if sub.empty:
        # an outcome undefined everywhere (the U.S.'s price for a guarantee it does not give)
        # read as if results had been lost: "is missing in every experiment"
        raise ExploreError(
            f"outcome {outcome!r} has no value in any experiment (it is undefined there, or "
            "they failed): nothing to discover",
            field="outcome",
        )
    x = sub[list(inputs)].reset_index(drop=True)
    y = of_interest(sub[outcome].to_numpy(), where)
    out: dict[str, Any] = {
        "outcome": outcome,
        "where": where,
        "method": method,
        "n": int(len(y)),
        "n_interest": int(y.sum()),
        "left_out_missing": int((~keep).sum()),
    }
    if method == "prim":
        p, box = prim(x, y, **options)
        out["box"] = box.to_dict()
        out["box_text"] = box.describe()
        out["trajectory"] = p.trajectory_table().to_dict(orient="records")
    elif method == "cart":
        boxes = cart(x, y, **options)
        out["boxes"] = [b.to_dict() for b in boxes]
        out["boxes_text"] = [b.describe() for b in boxes]
    else:
        raise ExploreError(f"unknown method {method!r} (prim or cart)", field="method")
    return out


def discover_run(
    out: str | Path,
    *,
    outcome: str,
    where: str,
    cases: Sequence[str] | None = None,
    method: str = "prim",
    **options: Any,
) -> dict[str, Any]:
    """:func:`discover` on a run folder: the inputs are the run's uncertain inputs that the
    analysed cases read (a future's file declares its own; an input no analysed case reads is
    noise to them, and PRIM would restrict it by chance), plus the case (file and variant, or
    future) as a categorical input when several are analysed. ``inputs_not_read`` lists the
    inputs left out, ``inputs_not_read_by_outcome`` those an analysed case reads but the
    outcome does not in any of them (the manifest's ``outcome_inputs``); ``incomplete`` is ``{"done": ..., "experiments": ...}`` for a run not yet
    complete (its experiments done are analysed), else None. An ``out`` that is no folder path
    (a dict, an int) or is empty is an :class:`~anpo.errors.ExploreError` naming it."""
    from anpo.explore import store
    from anpo.explore.engine import case_inputs, load

    out = as_path(out, "out", error=ExploreError, what="a folder path")
    man = store.require_manifest(out)
    if man.get("format") != store.FORMAT:
        raise ExploreError(
            f"a run in format {json.dumps(man.get('format'))}, written by an earlier anpo "
            f"(this one reads format {store.FORMAT}: {store.FORMAT_CHANGE}); its boxes would "
            "put limits on the samples, not on what the model used: run it again into a new "
            "folder",
            file=out,
        )
    outcome = store.current_outcome(man, outcome)  # a futures indicator's deprecated name
    frame = load(out)
    if frame.empty:
        raise ExploreError("no results yet", file=out)
    if cases:
        unknown = [c for c in cases if c not in man["cases"]]
        if unknown:
            raise ExploreError(
                f"unknown case(s) {unknown} (cases: {', '.join(man['cases'])})", field="case"
            )
        frame = frame[frame["case"].isin(list(cases))]
    analysed = list(dict.fromkeys(frame["case"]))
    read_by_case = case_inputs(man, analysed)
    # and of those, the ones the outcome reads (a futures run: no [alignment] input moves a
    # deterrence indicator, and PRIM would restrict one by chance too)
    inputs = case_inputs(man, analysed, outcome)
    not_read = [p["name"] for p in man["params"] if p["name"] not in read_by_case]
    not_read_by_outcome = [n for n in read_by_case if n not in inputs]
    if frame["case"].nunique() > 1:
        inputs = ["case", *inputs]
    if not inputs:
        raise ExploreError("the run has no uncertain inputs and one case: nothing to discover")
    if method == "cart":
        options = {k: v for k, v in options.items() if k in ("max_depth", "min_leaf", "seed")}
    res = discover(frame, inputs, outcome, where, method=method, **options)
    res["inputs"] = inputs
    res["inputs_not_read"] = not_read
    res["inputs_not_read_by_outcome"] = not_read_by_outcome
    res["cases"] = sorted(frame["case"].unique().tolist())
    # a run interrupted (or still running) is analysed as far as it got, and says so
    total, shards = store.experiments_and_shards(out, man)
    done = store.done_count(shards)
    res["incomplete"] = None if done >= total else {"done": done, "experiments": total}
    return res


def _all_failed(frame: Any) -> bool:
    """Whether ``frame`` (a run's results) has experiments and every one of them failed (its
    ``error`` set)."""
    return len(frame) > 0 and "error" in frame.columns and bool(frame["error"].notna().all())
