"""Uncertain inputs (anpo.scenario.uncertainty): distributions, targets, apply, and one-line
errors naming file, line and field through the scenario loader."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.stats as st
from hypothesis import given, settings
from hypothesis import strategies as hs
from pydantic import ValidationError

from anpo.errors import InputError, ScenarioError
from anpo.scenario import book_files, parse_scenario_text
from anpo.scenario.uncertainty import (
    Beta,
    Choice,
    LogNormal,
    Triangular,
    Uncertainty,
    Uniform,
    apply,
    get_target,
    parse_target,
)

# us-japan-2001.toml without its own [[uncertainties]] (the tests below add theirs)
BOOK = (
    book_files()[0]
    .read_text(encoding="utf-8")
    .split("# ---------------------------------------------------------------- uncertainties")[0]
)

UNCERTAIN = """
[[uncertainties]]
name = "gbi_sspk"
target = "defenses[nmd-c1].layers[0].sspk"
distribution = { kind = "triangular", low = 0.3, mode = 0.6, high = 0.8 }
basis = "anpo assumption: range around the 2001 test record"

[[uncertainties]]
name = "df5"
target = "forces[cn-df5].launchers"
distribution = { kind = "uniform", low = 18, high = 24 }
basis = "Glaser & Fetter 2001: 'only about 20'; anpo assumption: +-20%"

[[uncertainties]]
name = "us_silo_kill"
target = "counterforce[striker=USA,basing=silo].kill_probability"
basis = "anpo assumption"

[uncertainties.distribution]
kind = "beta"
alpha = 9
beta = 1

[[uncertainties]]
name = "japan_w80"
target = "damage[JPN].w80"
distribution = { kind = "lognormal", median = 100, sigma = 0.3, basis = "anpo assumption" }

[[uncertainties]]
name = "posture"
target = "forces[us-mm3].posture"
distribution = { kind = "choice", values = ["alert", "launch-under-attack"], weights = [1, 3] }
basis = "anpo assumption"
"""


def _scenario(extra: str = UNCERTAIN):
    return parse_scenario_text(BOOK + extra, source="f.toml")


def _line_of(text: str, needle: str, nth: int = 1) -> int:
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[nth - 1]


# ---------------------------------------------------------------- distributions
UNIT = hs.lists(hs.floats(0.0, 1.0), min_size=1, max_size=50)


#: Below this probability scipy's ``beta.ppf`` (Boost's quantile; scipy 1.17) is no reference:
#: Hypothesis found it giving up its root finding ("Root finding evaluation exceeded ...
#: iterations", a RuntimeWarning) for alpha = 0.5, beta = 2 and u from 2.2e-16 to 2.8e-9 (2.45e-25
#: for u = 1e-10, where the quantile is 4.44e-21) and for u = 5e-324 with alpha 1.06-3; it
#: returns NaN below about 1e-113 for alpha above 3. The lower tail is checked against the
#: closed form in test_beta_lower_tail_is_the_closed_form_quantile.
SCIPY_BETA_PPF_FLOOR = 1e-6


@settings(max_examples=60, deadline=None)
@given(u=UNIT, low=hs.floats(-1e3, 1e3), width=hs.floats(1e-3, 1e3), c=hs.floats(0.0, 1.0))
def test_continuous_ppf_match_scipy(u, low, width, c):
    """ppf equals scipy.stats' quantile function (Johnson, Kotz & Balakrishnan's formulas):
    uniform, triangular, beta and log-normal, for random parameters; the beta above
    :data:`SCIPY_BETA_PPF_FLOOR` (and at 0), where scipy's quantile is reliable (any warning of
    it there fails the test)."""
    uu = np.asarray(u)
    high = low + width
    mode = low + c * width
    np.testing.assert_allclose(
        Uniform(low=low, high=high, basis="x y z").ppf(uu),
        st.uniform(loc=low, scale=width).ppf(uu),
        rtol=1e-12,
        atol=1e-9,
    )
    np.testing.assert_allclose(
        Triangular(low=low, mode=mode, high=high, basis="x y z").ppf(uu),
        st.triang(c=c, loc=low, scale=width).ppf(uu),
        rtol=1e-9,
        atol=1e-7 * width,
    )
    bulk = uu[(uu == 0) | (uu >= SCIPY_BETA_PPF_FLOOR)]
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        np.testing.assert_allclose(
            Beta(alpha=0.5 + 4 * c, beta=2.0, low=low, high=high, basis="x y z").ppf(bulk),
            st.beta(0.5 + 4 * c, 2.0, loc=low, scale=width).ppf(bulk),
            rtol=1e-9,
            atol=1e-9 * width,
        )
    inner = uu[(uu > 0) & (uu < 1)]
    np.testing.assert_allclose(
        LogNormal(median=width, sigma=0.1 + c, basis="x y z").ppf(inner),
        st.lognorm(s=0.1 + c, scale=width).ppf(inner),
        rtol=1e-9,
    )


def _beta2_lower_quantile(u: float, a: float) -> float:
    """The smallest double ``x`` in [0, 1] with ``F(x) >= u`` for Beta(a, 2), whose CDF has the
    closed form ``F(x) = x^a (a + 1 - a x)`` (Johnson, Kotz & Balakrishnan 1995, ch. 25: the
    integral of ``t^(a-1) (1 - t)`` over ``B(a, 2) = 1 / (a (a + 1))``), compared in logarithms
    (no underflow, no cancellation in the lower tail); bisection on the doubles' bit patterns."""
    if u == 0.0:
        return 0.0
    log_u = math.log(u)
    lo, hi = 0, int(np.float64(1.0).view(np.int64))
    while lo < hi:
        mid = (lo + hi) // 2
        x = float(np.int64(mid).view(np.float64))
        if x > 0 and a * math.log(x) + math.log(a + 1 - a * x) >= log_u:
            hi = mid
        else:
            lo = mid + 1
    return float(np.int64(hi).view(np.float64))


def _assert_beta2_lower_tail(u: list[float], a: float) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # scipy's gave up with a warning here
        got = Beta(alpha=a, beta=2.0, basis="x y z").ppf(np.asarray(u))
    want = [_beta2_lower_quantile(x, a) for x in u]
    # relative 1e-9, and as much of a quantile below the smallest normal double (2.2e-308),
    # which has fewer significant bits
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9 * np.finfo(float).tiny)


@settings(max_examples=60, deadline=None)
@given(u=hs.lists(hs.floats(0.0, SCIPY_BETA_PPF_FLOOR), min_size=1, max_size=30), c=hs.floats(0, 1))
def test_beta_lower_tail_is_the_closed_form_quantile(u, c):
    """Below :data:`SCIPY_BETA_PPF_FLOOR` (down to 5e-324) the beta quantile inverts the
    closed-form CDF of Beta(a, 2), a = 0.5-4.5 as in test_continuous_ppf_match_scipy."""
    _assert_beta2_lower_tail(u, 0.5 + 4 * c)


@pytest.mark.parametrize(
    ("a", "u"),
    [
        (0.5, [1e-10, 2.220446049250313e-16, 2.8085465102006068e-09, 4.450803652469179e-10]),
        (2.5, [5e-324]),
        (1.06, [5e-324, 1e-310]),
        (3.7, [1e-200, 1e-300]),
        (4.5, [1e-120, 5e-324]),
    ],
)
def test_beta_quantiles_where_scipy_gave_up(a, u):
    """The draws Hypothesis found (and the NaN region): scipy's beta.ppf gave 2.45e-25 for
    a = 0.5, u = 1e-10 (closed form: (u / 1.5)^2 to first order, 4.44e-21) and NaN for
    a = 3.7, u = 1e-200; the quantile is the closed form's (Johnson, Kotz & Balakrishnan 1995,
    ch. 25)."""
    _assert_beta2_lower_tail(u, a)
    if a == 0.5:
        x = Beta(alpha=a, beta=2.0, basis="x y z").ppf(np.asarray([1e-10]))
        assert x[0] == pytest.approx((1e-10 / 1.5) ** 2, rel=1e-9)  # sqrt(x) (1.5 - x / 2) = u


@settings(max_examples=40, deadline=None)
@given(u=UNIT)
def test_ppf_is_monotone_and_keeps_shape(u):
    """Every ppf is non-decreasing in u and returns the shape it was given."""
    uu = np.sort(np.asarray(u)).reshape(-1, 1)
    for d in (
        Uniform(low=0, high=2, basis="b b b"),
        Triangular(low=0, mode=0.2, high=1, basis="b b b"),
        Beta(alpha=2, beta=5, basis="b b b"),
        LogNormal(mu=0.0, sigma=1.0, basis="b b b"),
        Choice(values=[1, 5, 9], weights=[1, 2, 1], basis="b b b"),
    ):
        x = d.ppf(uu)
        assert x.shape == uu.shape
        col = x[:, 0].astype(float)
        assert np.all(col[1:] >= col[:-1])


def test_choice_frequencies_follow_weights():
    """A choice of 'a', 'b', 'c' with weights 1:2:1 maps quarters of [0, 1] to a, b, b, c."""
    d = Choice(values=["a", "b", "c"], weights=[1, 2, 1], basis="b b b")
    u = (np.arange(4000) + 0.5) / 4000
    vals, counts = np.unique(d.ppf(u), return_counts=True)
    assert list(vals) == ["a", "b", "c"]
    assert list(counts) == [1000, 2000, 1000]
    assert d.ppf([0.0, 1.0]).tolist() == ["a", "c"]
    assert list(d.levels(7)) == ["a", "b", "c"]


def test_levels_are_midpoint_quantiles():
    """Full-factorial levels of a continuous distribution: quantiles at (i + 1/2) / k."""
    d = Uniform(low=0, high=10, basis="b b b")
    np.testing.assert_allclose(d.levels(5), [1, 3, 5, 7, 9])


def test_ppf_refuses_probabilities_outside_unit_interval():
    with pytest.raises(InputError, match=r"\[0, 1\]"):
        Uniform(low=0, high=1, basis="b b b").ppf([0.5, 1.5])
    with pytest.raises(InputError):
        Choice(values=[1, 2], basis="b b b").ppf([math.nan])


def test_wide_triangular_quantiles_do_not_overflow():
    """Fuzzing found ``anpo futures compare`` warning 'overflow encountered in multiply' on a
    futures file whose triangular distribution had ``low = -1e308`` (or ``high = 1e308``):
    ``(high - low) (mode - low)`` overflowed although the width itself is finite. The quantiles
    are the textbook ones (Johnson, Kotz & Balakrishnan 1995, ch. 26, sec. 9) computed without
    the product."""
    d = Triangular(low=-1e308, mode=0.7, high=0.85, basis="b b b")
    with np.errstate(all="raise"):
        q = d.ppf([0.0, 0.5, 1.0])
        lo, hi = d.support()
    assert (lo, hi) == (-1e308, 0.85)
    # F(mode) is 1 to double precision: the median is low + width sqrt(1/2)
    assert q[1] == pytest.approx(-1e308 + (0.85 + 1e308) * math.sqrt(0.5), rel=1e-12)
    small = Triangular(low=0.0, mode=0.25, high=1.0, basis="b b b")
    u = np.array([0.1, 0.25, 0.6])
    np.testing.assert_allclose(small.ppf(u), st.triang(0.25).ppf(u), rtol=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "uniform", "low": 1, "high": 0}, "low < high"),
        ({"kind": "triangular", "low": 0, "mode": 2, "high": 1}, "low <= mode <= high"),
        ({"kind": "beta", "alpha": 0, "beta": 1}, "greater than or equal to 0.001"),
        # fuzzing: beta = 1e-320 passed and 'anpo bands' crashed in scipy (OverflowError)
        ({"kind": "beta", "alpha": 18, "beta": 1e-320}, "greater than or equal to 0.001"),
        ({"kind": "beta", "alpha": 1e-320, "beta": 7}, "greater than or equal to 0.001"),
        ({"kind": "beta", "alpha": 1e300, "beta": 7}, "less than or equal to 1000000"),
        # non-finite weights said the bound they failed ("less than or equal to 1000000 (got
        # nan)"); every distribution parameter is checked finite first
        ({"kind": "beta", "alpha": math.nan, "beta": 7}, "must be a finite number"),
        ({"kind": "beta", "alpha": 2, "beta": math.inf}, "must be a finite number"),
        ({"kind": "lognormal", "median": 1, "sigma": math.nan}, "must be a finite number"),
        ({"kind": "choice", "values": [1, math.nan]}, "must be finite numbers"),
        ({"kind": "lognormal", "sigma": 1}, "exactly one of median or mu"),
        ({"kind": "choice", "values": [1, 1]}, "distinct"),
        ({"kind": "choice", "values": [1, 2], "weights": [1]}, "2 entries"),
        ({"kind": "choice", "values": [1, "a"]}, "all numbers"),
        ({"kind": "uniform", "low": -1e308, "high": 1e308}, "too far apart"),
        ({"kind": "triangular", "low": -1e308, "mode": 0, "high": 1e308}, "too far apart"),
        ({"kind": "beta", "alpha": 1, "beta": 1, "low": -1e308, "high": 1e308}, "too far"),
    ],
)
def test_bad_parameters_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Uncertainty.model_validate(
            {"name": "x", "target": "a.b", "distribution": kwargs, "basis": "anpo assumption"}
        )


def test_basis_is_required():
    with pytest.raises(ValueError, match="basis"):
        Uncertainty.model_validate(
            {"name": "x", "target": "a", "distribution": {"kind": "uniform", "low": 0, "high": 1}}
        )


def test_target_grammar():
    assert parse_target("defenses[gmd].layers[0].sspk") == [
        "defenses",
        (("", "gmd"),),
        "layers",
        0,
        "sspk",
    ]
    assert parse_target("counterforce[striker=USA,basing=silo].kill_probability")[1] == (
        ("striker", "USA"),
        ("basing", "silo"),
    )
    assert parse_target("forces[cn.df5].launchers")[1] == (("", "cn.df5"),)
    with pytest.raises(ValueError, match="bad target"):
        parse_target("forces..launchers")


# ---------------------------------------------------------------- in a scenario file
def test_uncertainties_in_a_file_validate_and_resolve():
    scen = _scenario()
    assert [u.name for u in scen.uncertainties] == [
        "gbi_sspk",
        "df5",
        "us_silo_kill",
        "japan_w80",
        "posture",
    ]
    assert scen.uncertainties[0].basis.startswith("anpo assumption")
    assert scen.uncertainties[3].basis == "anpo assumption"
    assert get_target(scen, "damage[JPN].w80") == 100
    assert get_target(scen, "counterforce[striker=USA,basing=silo].kill_probability") == 0.9


def test_apply_sets_values_rounds_integers_and_revalidates():
    scen = _scenario()
    values = {
        "gbi_sspk": 0.42,
        "df5": 21.6,
        "us_silo_kill": 0.77,
        "japan_w80": 150.0,
        "posture": "alert",
    }
    new = apply(scen, values)
    assert get_target(new, "defenses[nmd-c1].layers[0].sspk") == 0.42
    assert get_target(new, "forces[cn-df5].launchers") == 22
    assert get_target(new, "counterforce[striker=USA,basing=silo].kill_probability") == 0.77
    assert get_target(new, "damage[JPN].w80") == 150.0
    assert get_target(new, "forces[us-mm3].posture") == "alert"
    # the original is untouched (models are frozen; apply works on a copy)
    assert get_target(scen, "forces[cn-df5].launchers") == 20
    assert type(new) is type(scen)


def test_apply_refuses_a_value_the_field_refuses():
    scen = _scenario()
    base = {"gbi_sspk": 0.5, "df5": 20, "us_silo_kill": 0.9, "japan_w80": 100.0}
    with pytest.raises(ScenarioError) as info:
        apply(scen, {**base, "posture": "alert", "gbi_sspk": 1.3})
    err = info.value
    assert err.field == "defenses[1].layers[0].sspk"  # nmd-c1, after the test bed
    assert "gbi_sspk=1.3" in err.message
    with pytest.raises(InputError, match="no value"):
        apply(scen, base)
    with pytest.raises(InputError, match="unknown"):
        apply(scen, {**base, "posture": "alert", "nope": 1})


BROKEN = [
    (
        "missing basis",
        UNCERTAIN.replace(
            'basis = "anpo assumption"\n\n[uncertainties.distribution]',
            "\n[uncertainties.distribution]",
        ),
        "uncertainties[2].distribution.basis",
        "[uncertainties.distribution]",
        "required field is missing",
    ),
    (
        "triangular out of order",
        UNCERTAIN.replace("mode = 0.6", "mode = 0.9"),
        "uncertainties[0].distribution",
        'kind = "triangular"',
        "low <= mode <= high",
    ),
    (
        "unknown kind",
        UNCERTAIN.replace('"uniform"', '"gaussian"'),
        "uncertainties[1].distribution",
        '"gaussian"',
        "does not match",
    ),
    (
        "bad parameter type",
        UNCERTAIN.replace("alpha = 9", 'alpha = "nine"'),
        "uncertainties[2].distribution.alpha",
        'alpha = "nine"',
        "valid number",
    ),
    (
        "unknown target",
        UNCERTAIN.replace("forces[cn-df5]", "forces[cn-df9]"),
        "uncertainties[1].target",
        "forces[cn-df9]",
        "no item of forces match [cn-df9]",
    ),
    (
        "target is a table",
        UNCERTAIN.replace("damage[JPN].w80", "damage[JPN]"),
        "uncertainties[3].target",
        'target = "damage[JPN]"',
        "not one value",
    ),
    (
        "support outside the field",
        UNCERTAIN.replace("high = 0.8", "high = 1.2"),
        "uncertainties[0].distribution",
        'kind = "triangular"',
        "refuses 1.2",
    ),
    (
        "choice not allowed by the field",
        UNCERTAIN.replace('"launch-under-attack"]', '"on-alert"]'),
        "uncertainties[4].distribution",
        '"on-alert"',
        "refuses 'on-alert'",
    ),
    (
        "text on a number",
        UNCERTAIN.replace(
            'target = "forces[us-mm3].posture"', 'target = "forces[us-mm3].launchers"'
        ),
        "uncertainties[4].distribution",
        "weights = [1, 3]",
        "holds int values",
    ),
    (
        "name used twice",
        UNCERTAIN.replace('name = "df5"', 'name = "gbi_sspk"'),
        "uncertainties[1].name",
        'target = "forces[cn-df5].launchers"',
        "used twice",
    ),
    (
        "two uncertainties on one field",
        UNCERTAIN.replace("damage[JPN].w80", "damage[actor=JPN].w80").replace(
            "forces[cn-df5].launchers", "damage[JPN].w80"
        ),
        "uncertainties[3].target",
        "damage[actor=JPN].w80",
        "already the target of 'df5'",
    ),
    (
        "basis twice",
        UNCERTAIN.replace(
            'sigma = 0.3, basis = "anpo assumption" }',
            'sigma = 0.3, basis = "x y z" }\nbasis = "again"',
        ),
        "uncertainties[3]",
        ("[[uncertainties]]", 4),
        "basis once",
    ),
    (
        # lib31: loaded, and only the draws past the year failed (apply's check_alliances)
        "alliance since past the year",
        UNCERTAIN
        + '\n[[uncertainties]]\nname = "treaty_since"\ntarget = "alliances[us-japan].since"\n'
        'distribution = { kind = "choice", values = [1960, 2010] }\n'
        'basis = "anpo assumption: a test"\n',
        "uncertainties[5].distribution",
        "values = [1960, 2010]",
        "alliances[0].since refuses 2010, a value of this distribution: alliances[0].since: "
        "2010 is after the scenario's year 2001",
    ),
]


@pytest.mark.parametrize(
    ("what", "extra", "field", "needle", "message"), BROKEN, ids=[b[0] for b in BROKEN]
)
def test_broken_uncertainties_name_file_line_field(what, extra, field, needle, message):
    """Each broken [[uncertainties]] entry gives one ScenarioError naming the file, the line of
    the offending key (or of its table) and the field path, as for every other field."""
    with pytest.raises(ScenarioError) as info:
        _scenario(extra)
    err = info.value
    assert err.file == "f.toml"
    assert err.field == field, err.one_line()
    assert message in err.message, err.one_line()
    # the needle is looked up in the added text (the book's own sources may mention it)
    line = _line_of(extra, *needle) if isinstance(needle, tuple) else _line_of(extra, needle)
    if what == "name used twice":
        line = _line_of(extra, 'name = "gbi_sspk"', 2)
    assert err.line == BOOK.count("\n") + line, err.one_line()


MULTI = """
[[uncertainties]]
name = "gbi_sspk"
target = ["defenses[nmd-c1].layers[0].sspk", "defenses[nmd-c3].layers[0].sspk"]
distribution = { kind = "beta", alpha = 4, beta = 3 }
basis = "test record 3 of 5 (uniform prior)"
"""


def test_a_list_of_targets_takes_one_drawn_value():
    """One quantity in several places (the interceptor in every architecture) is drawn once."""
    scen = _scenario(MULTI)
    assert scen.uncertainties[0].targets == [
        "defenses[nmd-c1].layers[0].sspk",
        "defenses[nmd-c3].layers[0].sspk",
    ]
    new = apply(scen, {"gbi_sspk": 0.31})
    assert get_target(new, "defenses[nmd-c1].layers[0].sspk") == 0.31
    assert get_target(new, "defenses[nmd-c3].layers[0].sspk") == 0.31
    assert get_target(new, "defenses[nmd-c2].layers[0].sspk") == 0.6  # not a target


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (MULTI.replace("nmd-c3]", "nmd-c1]"), "listed twice"),
        (MULTI.replace("nmd-c3]", "nmd-c9]"), "no item"),
        (MULTI + UNCERTAIN.split("[[uncertainties]]")[1].join(["[[uncertainties]]", ""]), "twice"),
        (MULTI.replace('"defenses[nmd-c1].layers[0].sspk", ', ""), None),
    ],
)
def test_a_list_of_targets_is_checked_like_one(extra, needle):
    if needle is None:
        assert _scenario(extra).uncertainties[0].targets == ["defenses[nmd-c3].layers[0].sspk"]
        return
    with pytest.raises(ScenarioError) as info:
        _scenario(extra)
    assert needle in info.value.message
    assert info.value.field.startswith("uncertainties")


# ---------------------------------------------------------------------------- inert inputs
def _inert(extra: str, variants: list[str] | None = None, strip_growth: bool = False):
    from anpo.scenario.uncertainty import inert_uncertainties

    text = BOOK + extra
    if strip_growth:  # the reaction curve reads a dyad's growth force in every variant
        text = text.replace('growth = "cn-df31a-projected"\n', "")
    return inert_uncertainties(parse_scenario_text(text, source="f.toml"), variants=variants)


ALLIED_SSPK = """
[[uncertainties]]
name = "allied_sspk"
target = "defenses[gmd-allied].layers[0].sspk"
distribution = { kind = "beta", alpha = 7, beta = 3 }
basis = "anpo assumption"
"""


def test_a_layer_no_engaged_missile_reaches_is_inert():
    """The allied sea-based layer engages only IRBM, MRBM and SRBM (us-japan-2001 book, after
    the National Research Council 2012); covering Japan, China's DF-4 (IRBM) and regional MRBMs
    reach it, so its kill probability matters; covering the U.S. alone (the Worst case future's
    change), no missile of those classes reaches it (only ICBMs and bombers reach the U.S.), so
    no draw can move an interception."""
    assert _inert(ALLIED_SSPK, ["gmd-global"]) == {}
    text = BOOK.replace('covers = ["USA", "JPN"]', 'covers = ["USA"]') + ALLIED_SSPK
    from anpo.scenario.uncertainty import inert_uncertainties

    scen = parse_scenario_text(text, source="f.toml")
    got = inert_uncertainties(scen, variants=["gmd-global"])
    assert list(got) == ["allied_sspk"]
    assert got["allied_sspk"] == (
        "the layer “Sea-based midcourse layer for the U.S. and allies” covers the United States "
        "and engages only IRBM, MRBM and SRBM missiles, and no such missile reaches it in the "
        "variant “global missile defense”"
    )
    # a list target is inert only where every field it sets is: the theater layer engages
    both = ALLIED_SSPK.replace(
        'target = "defenses[gmd-allied].layers[0].sspk"',
        'target = ["defenses[gmd-allied].layers[0].sspk", "defenses[tmd-japan].layers[0].sspk"]',
    )
    text = BOOK.replace('covers = ["USA", "JPN"]', 'covers = ["USA"]') + both
    scen = parse_scenario_text(text, source="f.toml")
    assert inert_uncertainties(scen, variants=["gmd-global", "tmd-japan"]) == {}
    assert list(inert_uncertainties(scen, variants=["gmd-global"])) == ["allied_sspk"]
    # over several variants: inert where fielded, and said to be absent from the others
    alone = inert_uncertainties(scen, variants=["gmd-global", "mad"])["allied_sspk"]
    assert alone == (
        "the layer “Sea-based midcourse layer for the U.S. and allies” covers the United States "
        "and engages only IRBM, MRBM and SRBM missiles, and no such missile reaches it in the "
        "variant “global missile defense” (the other variants computed do not field it); the "
        "defense “Sea-based upper-tier theater defense covering Japan (Navy Theater Wide, "
        "projected)” is not in the variants “MAD (no U.S. defense)” and “global missile defense”"
    )


def test_inputs_on_what_a_variant_leaves_out_are_inert():
    """A defense the computed variants do not field, and a force none of them holds, take no
    part in any exchange; a dyad's growth force is read in every variant (the reaction curve),
    so it is never judged inert."""
    extra = """
[[uncertainties]]
name = "c3_sspk"
target = "defenses[nmd-c3].layers[0].sspk"
distribution = { kind = "beta", alpha = 4, beta = 3 }
basis = "anpo assumption"

[[uncertainties]]
name = "new_icbms"
target = "forces[cn-df31a-projected].launchers"
distribution = { kind = "uniform", low = 40, high = 100 }
basis = "anpo assumption"
"""
    got = _inert(extra, ["mad", "tmd-japan"], strip_growth=True)
    assert got == {
        "c3_sspk": "the defense “NMD capability 3 (Clinton plan, later capability: 250 "
        "interceptors at two sites)” is not in the variants “MAD (no U.S. defense)” and "
        "“theater defense of Japan”",
        "new_icbms": "the force “DF-31/DF-31A road-mobile ICBMs (projected modernization)” is "
        "not in the variants “MAD (no U.S. defense)” and “theater defense of Japan”",
    }
    # the dyad's growth force (the book's U.S.-China dyad) is read in every variant
    assert list(_inert(extra, ["mad", "tmd-japan"])) == ["c3_sspk"]
    assert _inert(extra, ["nmd-c3-china-modernized"], strip_growth=True) == {}
    # every variant: each input acts in one of them
    assert _inert(extra, strip_growth=True) == {}


def test_a_draw_on_the_structure_stops_the_judgement():
    """An uncertainty on which class a force is (what a layer engages) can change the structure
    the rule reads, so no input is judged then, not even one inert as written."""
    text = BOOK.replace('covers = ["USA", "JPN"]', 'covers = ["USA"]') + ALLIED_SSPK
    klass = """
[[uncertainties]]
name = "df4_class"
target = "forces[cn-df4].missile_class"
distribution = { kind = "choice", values = ["IRBM", "ICBM"] }
basis = "anpo assumption"
"""
    from anpo.scenario.uncertainty import inert_uncertainties

    scen = parse_scenario_text(text, source="f.toml")
    assert list(inert_uncertainties(scen, variants=["gmd-global"])) == ["allied_sspk"]
    scen = parse_scenario_text(text + klass, source="f.toml")
    assert inert_uncertainties(scen, variants=["gmd-global"]) == {}


SILO_DEFENSE = """
[[defenses]]
id = "cn-silo"
owner = "CHN"
name = "Chinese silo defense"
source = "anpo test"
[[defenses.layers]]
name = "terminal silo defense"
interceptors = 40
sspk = SSPK
engages = ["IRBM"]
defends = "silos"
covers = ["COVERS"]
endo_atmospheric = true
source = "anpo test"
"""

SILO_SSPK = """
[[uncertainties]]
name = "silo_sspk"
target = "defenses[cn-silo].layers[0].sspk"
distribution = { kind = "beta", alpha = 4, beta = 3 }
basis = "anpo assumption"
"""


def _with_silo_defense(sspk: str, covers: str = "CHN", extra: str = "") -> str:
    """The us-japan-2001 book with a silo defense (engaging IRBMs only) fielded in MAD."""
    text = BOOK.replace(
        'label = "MAD (no U.S. defense)"\ndefenses = ["a135"]',
        'label = "MAD (no U.S. defense)"\ndefenses = ["a135", "cn-silo"]',
    )
    return text + SILO_DEFENSE.replace("SSPK", sspk).replace("COVERS", covers) + extra


def test_a_silo_layer_is_judged_by_the_strikes_on_its_silos():
    """The exchange applies a silo defense (``defends = "silos"``) to every counterforce warhead
    on the covered actor's silos, whatever missile classes it lists in ``engages`` (Kent &
    Thaler 1989 exchange, Ota 1981 silo defense): one covering China, whose DF-5s sit in silos
    the U.S. strikes, moves P(China's retaliation reaches the U.S.) though it engages only
    IRBMs, so it is not inert; one covering Japan, which has no silos, is."""
    from anpo.deterrence.questions import answer_case
    from anpo.scenario.uncertainty import inert_uncertainties

    scen = parse_scenario_text(_with_silo_defense("0.5", extra=SILO_SSPK), source="f.toml")
    assert inert_uncertainties(scen, variants=["mad"]) == {}
    assert inert_uncertainties(scen) == {}
    reach = []
    for sspk in ("0.1", "0.95"):
        case = next(
            c
            for c in parse_scenario_text(_with_silo_defense(sspk), source="f.toml").cases()
            if c.variant.id == "mad"
        )
        ans = next(a for a in answer_case(case, with_lua=False) if a.rival == "CHN")
        reach.append(ans.exposure["USA"][1])
    # the striker answers a better silo defense with more warheads per silo (up to the level
    # leaving fewer than 1e-6 silos expected to survive, test_stability's
    # test_the_striker_may_exhaust_a_silo_defense), so the defense moves the probability, not
    # necessarily up: a bound at the undefended level had kept it from doing so
    assert reach[0] > 0 and reach[1] > 0
    assert reach[1] != pytest.approx(reach[0], rel=0.5)
    text = _with_silo_defense("0.5", covers="JPN", extra=SILO_SSPK)
    got = inert_uncertainties(parse_scenario_text(text, source="f.toml"), variants=["mad"])
    assert got == {
        "silo_sspk": "the layer “terminal silo defense” defends silos in Japan, and no "
        "silo-based force there is struck in the variant “MAD (no U.S. defense)”"
    }


def test_a_reaction_curve_reads_its_template_layer_and_growth_basing_in_every_variant():
    """Where no fielded layer covering the defender engages the growth force, the reaction curve
    varies the first layer of the scenario that does (``questions.reaction_table``): in MAD the
    test bed's kill probability moves the launchers China needs, so it is not inert though MAD
    does not field it; the second such layer (C1) is. The curve reads the U.S. kill
    probability against the growth force's basing (road-mobile) even where no road-mobile force
    is active (here the book's regional MRBMs and Russia's SS-25s made silo-based), so that
    entry is inert only without the growth force."""
    from anpo.deterrence.questions import answer_case, reaction_table
    from anpo.scenario.uncertainty import inert_uncertainties

    testbed = """
[[uncertainties]]
name = "testbed_sspk"
target = "defenses[gmd-testbed].layers[0].sspk"
distribution = { kind = "beta", alpha = 4, beta = 3 }
basis = "anpo assumption"

[[uncertainties]]
name = "c1_sspk"
target = "defenses[nmd-c1].layers[0].sspk"
distribution = { kind = "beta", alpha = 4, beta = 3 }
basis = "anpo assumption"
"""
    got = _inert(testbed, ["mad"])
    assert list(got) == ["c1_sspk"]
    assert "is not in the variant “MAD (no U.S. defense)”" in got["c1_sspk"]
    curves = []
    for sspk in ("0.3", "0.95"):
        i = BOOK.index('id = "gmd-testbed"')
        j = BOOK.index("sspk = ", i)
        k = BOOK.index("\n", j)
        case = next(
            c
            for c in parse_scenario_text(
                BOOK[:j] + f"sspk = {sspk}" + BOOK[k:], source="f.toml"
            ).cases()
            if c.variant.id == "mad"
        )
        ans = next(a for a in answer_case(case, with_lua=False) if a.rival == "CHN")
        curves.append(reaction_table(ans)["launchers_needed"].tolist())
    assert curves[0] != curves[1]

    text = BOOK
    for fid in ("cn-regional", "ru-mobile"):
        i = text.index(f'id = "{fid}"')
        j = text.index('basing = "road-mobile"', i)
        text = text[:j] + 'basing = "silo"' + text[j + len('basing = "road-mobile"') :]
    road = """
[[uncertainties]]
name = "us_on_road_mobile"
target = "counterforce[1].kill_probability"
distribution = { kind = "beta", alpha = 4, beta = 3 }
basis = "anpo assumption"
"""
    scen = parse_scenario_text(text + road, source="f.toml")
    assert scen.counterforce[1].striker == "USA" and scen.counterforce[1].basing == "road-mobile"
    assert inert_uncertainties(scen, variants=["mad"]) == {}
    bare = text.replace('growth = "cn-df31a-projected"\n', "") + road
    got = inert_uncertainties(parse_scenario_text(bare, source="f.toml"), variants=["mad"])
    assert list(got) == ["us_on_road_mobile"]


def test_no_uncertainty_of_the_scenario_book_is_inert():
    """Every [[uncertainties]] entry of every built-in scenario can move a result of some
    variant the deterrence report computes (us-japan-2001, -2025, -2030 books)."""
    from _support import book_scenarios
    from anpo.scenario.uncertainty import inert_uncertainties

    scenarios = book_scenarios()
    assert len(scenarios) == 3 and all(s.uncertainties for s in scenarios)
    for scen in scenarios:
        assert inert_uncertainties(scen) == {}, scen.scenario.id


def test_validate_names_an_inert_input_and_keeps_the_file_valid(tmp_path):
    """``anpo validate`` says which uncertain input of a valid file moves nothing, with why
    (a note, exit 0); the book's own files get no note (the test above and the futures'
    tests hold the book to no inert input)."""
    from typer.testing import CliRunner

    from anpo.cli import app

    path = tmp_path / "f.toml"
    path.write_text(
        BOOK.replace('covers = ["USA", "JPN"]', 'covers = ["USA"]') + ALLIED_SSPK,
        encoding="utf-8",
    )
    res = CliRunner().invoke(app, ["validate", str(path)])
    assert res.exit_code == 0, res.output
    notes = [ln for ln in res.output.splitlines() if ln.startswith("note:")]
    assert len(notes) == 1
    assert notes[0].startswith(f"note: {path}: the uncertain input allied_sspk moves nothing: ")
    assert "engages only IRBM, MRBM and SRBM missiles" in notes[0]
    res = CliRunner().invoke(app, ["validate", "book:us-japan-2001"])
    assert res.exit_code == 0 and "note:" not in res.output, res.output


def test_a_target_picked_by_a_drawn_field_is_not_judged():
    """A target may pick its force by a field (``forces[launchers=60]``); ``apply`` resolves
    targets in turn on the data earlier draws changed, so when another input draws that field
    the target can land on another force (an active one) in a draw: the rule judges nothing
    then. Without the drawn selector field the same target is judged (and found inert in a
    variant without the projected force)."""
    picked = """
[[uncertainties]]
name = "picked_sf"
target = "forces[launchers=60].survivable_fraction"
distribution = { kind = "uniform", low = 0.1, high = 0.9 }
basis = "anpo test input"
"""
    drawn = """
[[uncertainties]]
name = "mobile_launchers"
target = "forces[ru-mobile].launchers"
distribution = { kind = "uniform", low = 50, high = 400 }
basis = "anpo test input"
"""
    alone = _inert(picked, ["mad"], strip_growth=True)
    assert list(alone) == ["picked_sf"]  # the projected force (60 launchers) is not in MAD
    assert _inert(picked + drawn, ["mad"], strip_growth=True) == {}


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Uniform(low=2.0, high=1.0, basis="a range"), None),
        (lambda: Uniform(low=0.0, high=1.0, basis="x"), "basis"),
        (lambda: Uniform(low=0.0, high="1", basis="a range"), "high"),
        (lambda: Choice(values=[], basis="nothing to choose"), "values"),
        (
            lambda: Uncertainty(
                name="u",
                target="forces[a].launchers",
                distribution={"kind": "uniform", "low": 0, "high": 1, "extra": 2},
                basis="a range",
            ),
            "distribution.uniform.extra",
        ),
    ],
)
def test_distributions_built_in_python_raise_input_error(build, field) -> None:
    """Built directly in Python, a distribution or an uncertainty with a bad value raised
    pydantic's ValidationError, not the documented InputError (a ``Layer`` already did); the
    error now names the field, as the layer's does."""
    with pytest.raises(InputError) as info:
        build()
    # the InputError is also a ValidationError (RaisesAnpoError, audit30: what the loaders that
    # catch ValidationError read), but says the problem in anpo's words
    assert isinstance(info.value, ValidationError)
    assert "errors.pydantic.dev" not in str(info.value)
    assert info.value.field == field


# ------------------------------------------------- continuous distributions on whole-number fields
#: A count field of the book (whole numbers) and a continuous distribution on it, of each kind.
COUNT_DISTRIBUTIONS = [
    ("forces[cn-df5].launchers", '{ kind = "beta", alpha = 2, beta = 3, low = 10, high = 30 }'),
    ("forces[cn-df5].launchers", '{ kind = "uniform", low = 10, high = 30 }'),
    ("forces[cn-df5].launchers", '{ kind = "triangular", low = 10, mode = 20, high = 30 }'),
    ("forces[cn-df5].launchers", '{ kind = "lognormal", median = 20, sigma = 0.3 }'),
    (
        "forces[cn-df31a-projected].decoys_per_rv",
        '{ kind = "beta", alpha = 1, beta = 1, high = 6 }',
    ),
    (
        "defenses[nmd-c1].layers[0].interceptors",
        '{ kind = "beta", alpha = 4, beta = 2, high = 250 }',
    ),
]


def _count_scenario(target: str, dist: str):
    return _scenario(
        f'\n[[uncertainties]]\nname = "count"\ntarget = "{target}"\ndistribution = {dist}\n'
        'basis = "anpo assumption: a count"\n'
    )


@pytest.mark.parametrize(("target", "dist"), COUNT_DISTRIBUTIONS)
def test_a_continuous_distribution_on_a_count_gives_whole_draws(target: str, dist: str) -> None:
    """A beta (or any continuous distribution) on a field that takes whole numbers is accepted
    and treated as a uniform or triangular one is there, the book's own rule (its DF-5 launchers
    and decoys are triangular): the model takes each draw's nearest whole number (Python's
    ``round``, halves to even), the tables say so (:data:`WHOLE_NOTE`), and the explorations store
    the whole number (:func:`applied_values`)."""
    from anpo.scenario.uncertainty import WHOLE_NOTE, applied_values, takes_whole

    scen = _count_scenario(target, dist)
    u = scen.uncertainties[0]
    assert takes_whole(scen, u) and scen.draw_note(u) == WHOLE_NOTE
    probs = np.array([0.01, 0.2, 0.37, 0.5, 0.81, 0.99])
    draws = u.ppf(probs)
    assert not np.all(draws == np.round(draws))  # the draws themselves are not whole
    stored = applied_values(draws, [get_target(scen, target)])
    assert stored.dtype == np.int64
    for draw, whole in zip(draws.tolist(), stored.tolist(), strict=True):
        new = apply(scen, {"count": draw})
        assert get_target(new, target) == whole == round(draw)
        assert type(get_target(new, target)) is int


@pytest.mark.parametrize(
    ("low", "high", "why"),
    [
        (100.1, 100.4, "every draw, from 100.1 to 100.4, rounds to 100"),
        (99.5, 100.5, "every draw, from 99.5 to 100.5, rounds to 100"),  # halves to even
        (100.4, 100.6, None),  # draws below 100.5 give 100, above it 101
    ],
)
def test_a_beta_on_a_count_whose_draws_round_to_one_number_cannot_vary(
    low: float, high: float, why: str | None
) -> None:
    """The 'cannot vary' check (:func:`constant_uncertainties`) covers a beta as it covers a
    uniform: its ends are the range's, and when both round to one whole number every draw
    does (an inverse CDF is non-decreasing); `anpo validate` says so in a note."""
    from anpo.scenario.uncertainty import constant_uncertainties

    dist = f'{{ kind = "beta", alpha = 2, beta = 5, low = {low}, high = {high} }}'
    scen = _count_scenario("forces[cn-df5].launchers", dist)
    found = constant_uncertainties(scen)
    if why is None:
        assert found == {}
        return
    assert found == {"count": f"{why} (the field it sets takes whole numbers)"}
    draws = scen.uncertainties[0].ppf(np.linspace(0.0, 1.0, 101))
    assert {round(x) for x in draws.tolist()} == {100}


def test_validate_notes_a_beta_on_a_count_that_cannot_vary(tmp_path) -> None:
    from _support import cli

    path = tmp_path / "beta.toml"
    dist = '{ kind = "beta", alpha = 2, beta = 5, low = 100.1, high = 100.4 }'
    path.write_text(
        BOOK + f'\n[[uncertainties]]\nname = "count"\ntarget = "forces[cn-df5].launchers"\n'
        f'distribution = {dist}\nbasis = "anpo assumption: a count"\n',
        encoding="utf-8",
    )
    r = cli("validate", str(path))
    assert r.returncode == 0, r.stderr
    assert (
        f"note: {path}: the uncertain input count moves nothing: every draw, from 100.1 to "
        "100.4, rounds to 100 (the field it sets takes whole numbers)"
    ) in r.stdout


def test_a_lognormal_on_a_count_is_never_said_to_be_unable_to_vary() -> None:
    """A log-normal's draws reach down to 0 (its quantile at probability 0): however narrow,
    it is not one that cannot vary, and the check says nothing rather than a range it does
    not have."""
    from anpo.scenario.uncertainty import constant_uncertainties

    scen = _count_scenario(
        "forces[cn-df5].launchers", '{ kind = "lognormal", median = 100, sigma = 0.00001 }'
    )
    assert scen.uncertainties[0].ppf([0.0]).tolist() == [0.0]
    assert constant_uncertainties(scen) == {}


@settings(max_examples=60, deadline=None)
@given(
    alpha=hs.floats(0.2, 50),
    beta=hs.floats(0.2, 50),
    low=hs.floats(0, 200),
    width=hs.floats(0.01, 3),
    probs=hs.lists(hs.floats(0, 1), min_size=1, max_size=20),
)
def test_a_beta_on_a_count_cannot_vary_exactly_when_its_draws_round_to_one_number(
    alpha: float, beta: float, low: float, width: float, probs: list[float]
) -> None:
    """Whatever the beta's weights and range on a count: when the check says the input cannot
    vary, every draw takes the number it names; when it does not, the range's two ends take two
    different numbers (so draws near them do)."""
    from anpo.scenario.uncertainty import applied_value, constant_uncertainties

    unc = Uncertainty(
        name="count",
        target="forces[cn-df5].launchers",
        distribution=Beta(alpha=alpha, beta=beta, low=low, high=low + width, basis="test"),
    )
    scen = _scenario("")
    found = constant_uncertainties(scen, [unc])
    ends = {applied_value(x, 20) for x in (low, low + width)}
    if found:
        (value,) = ends
        assert found["count"].endswith(f"rounds to {value} (the field it sets takes whole numbers)")
        assert {applied_value(x, 20) for x in unc.ppf(probs).tolist()} == {value}
    else:
        assert len(ends) == 2


def test_a_reaction_curve_says_it_leaves_out_the_rivals_silo_defense():
    """``questions.reaction_table`` does not apply a silo defense of the rival's own silos to
    the silos it grows (the exchange does, Ota 1981), so its launcher counts are upper bounds
    there: the table names the layer in ``silo_defense_unapplied`` and ``reaction_notes`` puts
    the caveat in the caption (before, the caption read as an exact count). With DF-31As
    (road-mobile) as the growth force, the same silo defense leaves the table unmarked."""
    from anpo.deterrence.questions import answer_case, reaction_notes, reaction_table

    def table(growth: str) -> pd.DataFrame:
        text = _with_silo_defense("0.5").replace(
            'growth = "cn-df31a-projected"', f'growth = "{growth}"'
        )
        case = next(
            c for c in parse_scenario_text(text, source="f.toml").cases() if c.variant.id == "mad"
        )
        ans = next(a for a in answer_case(case, with_lua=False) if a.rival == "CHN")
        return reaction_table(ans)

    silo = table("cn-df5")
    assert not silo.empty and set(silo["silo_defense_unapplied"]) == {"terminal silo defense"}
    note = reaction_notes(silo, {"mad": "“MAD”"})
    # MAD has no layer engaging the growth force: the borrowed-layer note comes first
    assert note.endswith(
        "; “MAD”: the rival defends the silos it grows (terminal silo defense); the curve "
        "leaves that defense out, so its launcher counts are upper bounds"
    )
    mobile = table("cn-df31a-projected")
    assert not mobile.empty and set(mobile["silo_defense_unapplied"]) == {""}
    assert "upper bounds" not in reaction_notes(mobile)


def test_an_uncertainty_sets_one_value_of_a_damage_tables_point() -> None:
    """A damage table's points are fixed pairs (``list[tuple[warheads, fraction]]``, dumped as
    tuples): ``damage[USA].points[1][1]`` was refused when the file was read, with "has no
    item [1] (0 items)" for a point that has two. It is one value and can be varied; a
    target past a point's two items still says how many it has. Source: the table model of
    :class:`anpo.deterrence.scenario.DamageCurve`."""
    table = BOOK.replace(
        'actor = "USA"\nmodel = "exponential"\nw80 = 400',
        'actor = "USA"\nmodel = "table"\npoints = [[0, 0], [100, 0.5], [1000, 0.9]]',
        1,
    )
    assert table != BOOK
    extra = """
[[uncertainties]]
name = "half_damage"
target = "damage[USA].points[1][1]"
distribution = { kind = "uniform", low = 0.4, high = 0.6 }
basis = "anpo assumption"
"""
    scen = parse_scenario_text(table + extra, source="f.toml")
    assert get_target(scen, "damage[USA].points[1][1]") == 0.5
    varied = apply(scen, {"half_damage": 0.45})
    curve = next(d for d in varied.damage if d.actor == "USA")
    assert curve.points == [(0.0, 0.0), (100.0, 0.45), (1000.0, 0.9)]
    assert all(isinstance(p, tuple) for p in curve.points)
    # the scenario given is unchanged
    assert next(d for d in scen.damage if d.actor == "USA").points[1] == (100.0, 0.5)
    with pytest.raises(ScenarioError, match=r"has no item \[2\] \(2 items\)"):
        parse_scenario_text(table + extra.replace("points[1][1]", "points[1][2]"), source="f.toml")
