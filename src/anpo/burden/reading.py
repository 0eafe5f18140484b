"""The reading of Japan's burden, generated from the computed numbers.

Every sentence here is built from the tables of :mod:`anpo.burden.japan` and the exploitation
tests of :mod:`anpo.burden.panel`: a changed figure changes the sentence, and a figure that is
missing removes its sentence (or says why it is missing) instead of printing a default. Pure
functions over DataFrames; the report and the CLI call :func:`japan_reading`.

What is read (issue 13): what the data show and do not show; host-nation support as a share of
GDP; that its direct part is already inside Japan's defense budget; the "what it leaves the
United States" comparison is dropped, because the DoD's base excludes U.S. military pay; the
result of anpo's own exploitation test for the United States and its treaty allies in Asia, with
its power (how many
members have data); and the coverage of the military-expenditure data (a SIPRI excerpt that
holds only some NATO members is said to do so).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from anpo._checks import no_table, table
from anpo.burden.hypothesis import DEFAULT_ALTERNATIVE, describe_alternative
from anpo.burden.japan import BASIS_LABEL, FIRST_FY, HNS_PARTS, dod_edition, nearest_official_offset
from anpo.errors import BurdenError
from anpo.report.format import fmt_number, fmt_share, upper_first, year_ranges

__all__ = [
    "ExploitationSummary",
    "KeyFinding",
    "Reading",
    "critical_rho",
    "exact_critical_rho",
    "fmt_share",
    "japan_reading",
    "nato_coverage_sentence",
    "olson_zeckhauser_sentence",
    "summarise_exploitation",
]

#: Significance level of the sentences (the figures also mark p < 0.05).
ALPHA = 0.05
#: The Asia group of the exploitation tests (burden/data/alliances.toml, ``us_asia``), as the
#: prose names it: the hub and its spokes, the United States counted among the members as it is
#: in NATO. 'The U.S. allies in Asia' left the United States out of a group that counts it
#: (report33).
ASIA_GROUP = "the United States and its treaty allies in Asia"
#: :data:`ASIA_GROUP` where a label stands alone: a figure's legend, a table's cell.
ASIA_LABEL = "United States and its treaty allies in Asia"
#: A critical rank correlation at or above this means the test sees only a very strong pattern.
STRONG_RHO = 0.6
#: [olson1966, Table 1 and p. 268]: NATO 1964, the rank correlation of GNP with defense budget as
#: % of GNP over the 14 allies with defense budgets, "significant at the .05 level".
OZ_1964_RHO = 0.490
OZ_1964_N = 14


@dataclass(frozen=True)
class KeyFinding:
    """One key finding (question, answer, number, confidence), generated from results."""

    question: str
    answer: str
    number: str = ""
    confidence: str = ""
    topic: str = ""  # what it is about ("hns", "dod", "exploitation-us_asia"), for de-duplication


@dataclass(frozen=True)
class ExploitationSummary:
    """How many years of an alliance's exploitation tests are significant, and their power."""

    alliance: str
    years_tested: int
    years_significant: int
    first_year: int | None
    last_year: int | None
    n_min: int | None
    n_max: int | None
    alternative: str
    critical_rho_n_min: float | None
    critical_rho_n_max: float | None
    #: the years tested and those significant among them, in order (their counts are
    #: ``years_tested`` and ``years_significant``)
    tested_years: tuple[int, ...] = ()
    significant_years: tuple[int, ...] = ()

    def members_span(self) -> str:
        """Members with data per year in words: '5' when every year has as many, else '4-7'
        (it printed '5-5')."""
        if self.n_min == self.n_max:
            return f"{self.n_min}"
        return f"{self.n_min}-{self.n_max}"

    def critical_span(self) -> str:
        """The rank correlation a year needs to be significant, over the years' sizes: one value
        when every year has as many members, else the one for the most members to the one for
        the fewest ('0.81-0.95')."""
        lo, hi = self.critical_rho_n_max, self.critical_rho_n_min
        if lo is None or hi is None:  # no year tested (a tested year has the test's minimum)
            return "undefined (no year tested)"
        if self.n_min == self.n_max or f"{lo:.2f}" == f"{hi:.2f}":
            return f"{hi:.2f}"
        return f"{lo:.2f}-{hi:.2f}"

    def verdict(self) -> str:
        """The key finding's answer: yes, no, in part or not detected (no significant year where
        the test can see only a very strong pattern), first, then which years, all computed.

        >>> tested = tuple(range(1949, 2023))
        >>> ex = ExploitationSummary("NATO", 74, 3, 1949, 2022, 8, 15, "greater", 0.5, 0.4,
        ...                          tested, (1950, 1951, 1966))
        >>> ex.verdict()
        'Only early on: significant in 3 of 74 years (1950-1951, 1966), all within 1950-1966; none in the 56 years tested after 1966.'
        """
        sig, tested = self.years_significant, self.years_tested
        if not tested:
            return "Not tested: too few members have data in any year."
        span = f"{self.first_year}-{self.last_year}"
        if sig == 0:
            weakest = self.critical_rho_n_max
            if weakest is not None and weakest >= STRONG_RHO:
                # with few members a year the test can miss all but a very strong pattern: a
                # bare 'No' read as evidence against exploitation (Asia: 4-7 members, 0.75-0.95)
                return (
                    f"Not detected: no year of {span} is significant, but with at most "
                    f"{self.n_max} members with data a year the test can detect only a very "
                    "strong pattern."
                )
            return f"No: no year of {span} is significant."
        if sig == tested:
            return f"Yes: every year of {span} is significant."
        ys = self.significant_years
        if not ys:  # a summary built without its years: the count alone
            return f"In part: significant in {sig} of {tested} years ({span})."
        lo, hi = ys[0], ys[-1]
        runs = year_ranges(ys)
        where = f" ({runs})" if runs != f"{lo}-{hi}" and runs.count(",") < 4 else ""
        head = "Mostly yes" if 2 * sig > tested else "In part"
        after = self.last_year is not None and hi < self.last_year
        if self.tested_years and 2 * sig <= tested:
            middle = self.tested_years[len(self.tested_years) // 2]
            head = "Only early on" if hi < middle else "Only lately" if lo >= middle else head
        text = f"{head}: significant in {sig} of {tested} years{where}, all within {lo}-{hi}"
        if after:
            n_after = sum(1 for y in self.tested_years if y > hi)
            text += f"; none in the {n_after} years tested after {hi}"
        return text + "."

    def sentence(self) -> str:
        """The result, its power and the alternative, in words."""
        if not self.years_tested:
            return (
                f"No exploitation test could be run for {self.alliance}: too few members have data."
            )
        sig = self.years_significant
        span = f"{self.first_year}-{self.last_year}"
        verdict = (
            f"never significant at {fmt_share(ALPHA, decimals=0)} in {self.years_tested} years"
            if sig == 0
            else f"significant at {fmt_share(ALPHA, decimals=0)} in {sig} of {self.years_tested} years"
        )
        power = ""
        if self.n_min is not None and self.critical_rho_n_min is not None:
            if self.n_min == self.n_max:
                power = (
                    f" With {self.n_min} members with data a year, the rank correlation must "
                    f"reach {self.critical_rho_n_min:.2f} to be significant"
                )
            else:
                power = (
                    f" {self.n_min} to {self.n_max} members have data in a year, so the rank "
                    f"correlation must reach {self.critical_rho_n_max:.2f} (with {self.n_max}) to "
                    f"{self.critical_rho_n_min:.2f} (with {self.n_min}) to be significant"
                )
            weakest = self.critical_rho_n_max if self.critical_rho_n_max is not None else 1.0
            power += (
                ": the test can detect only a very strong pattern."
                if weakest >= STRONG_RHO
                else "."
            )
            power += self._exact_bar()
        return (
            f"anpo's exploitation test (Olson & Zeckhauser 1966) for {self.alliance} is {verdict} "
            f"({span}; {describe_alternative(self.alternative)}).{power}"
        )

    def _exact_bar(self) -> str:
        """The exact test's bar when the t-approximation's is visibly lower (small n), else ''.

        With 4 to 7 members the t-approximation is lenient: with 4 it calls 0.90 significant,
        while the exact permutation distribution gives 0.90 a one-sided p of 0.17 and only a
        perfect ranking (p = 1/24) passes ([zar1972, Table 1])."""
        if self.n_min is None or self.n_max is None or self.critical_rho_n_min is None:
            return ""
        lo = exact_critical_rho(self.n_min, self.alternative)
        if lo is not None and abs(lo - self.critical_rho_n_min) < EXACT_GAP:
            return ""
        if lo is None:
            return (
                f" By the exact permutation test no ranking of {self.n_min} members is "
                f"significant at {fmt_share(ALPHA, decimals=0)}"
                + "; the t-approximation used above is lenient at this size."
            )
        hi = None if self.n_min == self.n_max else exact_critical_rho(self.n_max, self.alternative)
        if hi is None:
            bar = f"{lo:.2f}"
        else:
            bar = f"{hi:.2f} (with {self.n_max}) to {lo:.2f} (with {self.n_min})"
        return (
            f" By the exact permutation test the bar is higher still, {bar}; the "
            "t-approximation used above is lenient at this size."
        )


#: The exact test's bar is mentioned when it differs from the t-approximation's by this much.
EXACT_GAP = 0.03


def exact_critical_rho(
    n: int, alternative: str = DEFAULT_ALTERNATIVE, alpha: float = ALPHA
) -> float | None:
    """Smallest Spearman rho significant at ``alpha`` by the exact permutation test.

    From the exact null distribution (:func:`anpo.burden.stats.spearman_exact_distribution`):
    the smallest attainable rho whose upper tail ``P(rho >= r)`` is at most ``alpha`` (one-sided)
    or ``alpha / 2`` (two-sided; the law is symmetric, so "less" has the same magnitude). None
    when no ranking reaches it (n = 3: the smallest p is 1/6) or n is beyond the exact range.
    These are the critical values tabulated by [zar1972, Table 1] (one-tailed 0.05: 1.000 for
    n = 4, 0.900 for 5, 0.829 for 6, 0.714 for 7).
    """
    from anpo.burden.stats import EXACT_MAX_N, spearman_exact_distribution

    if not (3 <= n <= EXACT_MAX_N):
        return None
    t_min, counts = spearman_exact_distribution(n)
    tail = np.cumsum(counts[::-1])[::-1] / math.factorial(n)  # P(T >= t_min + j)
    level = alpha / 2 if alternative == "two-sided" else alpha
    ok = np.flatnonzero((tail <= level * (1 + 1e-12)) & (counts > 0))
    if not ok.size:
        return None
    t = t_min + int(ok[0])
    s2 = n * (n + 1) * (2 * n + 1) // 6  # sum of i^2
    return 1.0 - 6.0 * (2 * s2 - 2 * t) / (n * (n * n - 1))


@dataclass(frozen=True)
class Reading:
    """The Japan reading: answer, what the data show and do not show, caveat, findings."""

    answer: str
    show: list[str] = field(default_factory=list)
    not_show: list[str] = field(default_factory=list)
    caveat: str = ""
    findings: list[KeyFinding] = field(default_factory=list)
    exploitation: dict[str, ExploitationSummary] = field(default_factory=dict)
    #: ``show`` split by topic (host-nation support, U.S. figures, exploitation test), in order.
    groups: dict[str, list[str]] = field(default_factory=dict)
    #: The fiscal year asked for and the one the host-nation support sentences read
    #: (:func:`hns_reading_year`; they differ where the year asked has no budget figure).
    year_asked: int | None = None
    year_used: int | None = None


# --------------------------------------------------------------------------- formatting


#: From here on a float's fixed-point digits are binary noise (``f"{1e300:,.1f}"`` printed 301
#: digits for a facts file's 1e300), so amounts are given as :func:`fmt_number` gives them.
_FIXED_POINT_LIMIT = 1e15


def _amount(x: float, decimals: int) -> str:
    """``x`` grouped by thousands with ``decimals`` places, or in ``fmt_number``'s short form
    ('1e300') where fixed-point digits would be noise (:data:`_FIXED_POINT_LIMIT`)."""
    if abs(x) >= _FIXED_POINT_LIMIT:
        return fmt_number(x)
    return f"{x:,.{decimals}f}"


def _yen(x: float) -> str:
    return f"¥{_amount(x, 1)} bn"


def _usd(x: float) -> str:
    return f"US${_amount(x, 2)} bn"


def _usd_auto(x: float) -> str:
    """US$ in billions, or in millions below one billion (0.0233 -> 'US$23 million')."""
    return _usd(x) if x >= 1 else f"US${_amount(x * 1000, 0)} million"


def _per_member_yen(million: float) -> str:
    """Yen per service member, given in millions, to two significant digits at least (FY1978's
    ¥0.135 million read '¥0.1 million'): '¥6.4 million', below a million '¥135 thousand'."""
    if round(million * 1e3) >= 1000:
        return f"¥{_amount(million, 1)} million"
    return f"¥{_amount(million * 1e3, 0)} thousand"


def _per_member_usd(thousand: float) -> str:
    """US$ per service member, given in thousands, to two significant digits at least (FY1978's
    US$670 read 'US$1 thousand'): 'US$51 thousand', 'US$4.2 thousand', below a thousand 'US$670'."""
    if round(thousand, 1) >= 10:
        return f"US${_amount(thousand, 0)} thousand"
    if round(thousand * 1e3) >= 1000:
        return f"US${thousand:,.1f} thousand"
    return f"US${float(f'{thousand * 1e3:.2g}'):,.0f}"


def _ratio(x: float) -> str:
    """A ratio to two significant digits (8.25 -> '8.3', 123.6 -> '124')."""
    return f"{x:.1f}" if x < 10 else _amount(x, 0)


def critical_rho(n: int, alternative: str = DEFAULT_ALTERNATIVE, alpha: float = ALPHA) -> float:
    """Smallest rank correlation significant at ``alpha`` with ``n`` members (t-approximation).

    ``r_c = t_c / sqrt(df + t_c^2)``, ``df = n - 2``, with ``t_c`` the Student-t quantile of the
    test (one-sided ``1 - alpha``, two-sided ``1 - alpha/2``): the inverse of
    :func:`anpo.burden.stats.p_value_from_r` (the t rule of [sandler2000, Table 9]). A measure of
    the test's power at small n (anpo's own reading aid).
    """
    from scipy.stats import t as student_t

    df = n - 2
    if df < 1:
        raise ValueError(f"need at least 3 members, got {n}")
    q = 1 - alpha / 2 if alternative == "two-sided" else 1 - alpha
    tc = float(student_t.ppf(q, df))
    return tc / math.sqrt(df + tc * tc)


#: The columns of :func:`anpo.burden.panel.exploitation_by_year` output that the summaries read.
_RESULT_COLUMNS = ("year", "status", "n", "p_value")


def summarise_exploitation(
    results: pd.DataFrame | None, alliance: str, alternative: str = DEFAULT_ALTERNATIVE
) -> ExploitationSummary:
    """Count the significant years of :func:`anpo.burden.panel.exploitation_by_year` output
    (the exploitation test of [olson1966]; the count is anpo's own reading aid)."""
    if no_table(results):
        return ExploitationSummary(alliance, 0, 0, None, None, None, None, alternative, None, None)
    results = table("results", results, error=BurdenError, columns=_RESULT_COLUMNS)
    ok = results[results["status"] == "ok"]
    if ok.empty:
        return ExploitationSummary(alliance, 0, 0, None, None, None, None, alternative, None, None)
    alt = str(ok["alternative"].iloc[0]) if "alternative" in ok else alternative
    n_min, n_max = int(ok["n"].min()), int(ok["n"].max())
    return ExploitationSummary(
        alliance=alliance,
        years_tested=int(len(ok)),
        years_significant=int((ok["p_value"] < ALPHA).sum()),
        first_year=int(ok["year"].min()),
        last_year=int(ok["year"].max()),
        n_min=n_min,
        n_max=n_max,
        alternative=alt,
        critical_rho_n_min=critical_rho(n_min, alt) if n_min >= 3 else None,
        critical_rho_n_max=critical_rho(n_max, alt) if n_max >= 3 else None,
        tested_years=tuple(sorted(int(y) for y in ok["year"])),
        significant_years=tuple(sorted(int(y) for y in ok.loc[ok["p_value"] < ALPHA, "year"])),
    )


def nato_coverage_sentence(results: pd.DataFrame | None, data_label: str) -> str:
    """Say when the data cover only part of NATO's membership (empty when they cover it all).

    ``results`` is the NATO :func:`~anpo.burden.panel.exploitation_by_year` table: ``members``
    (in force that year) against ``n`` (with figures). A member that never has a figure
    (Iceland) is a constant gap; when the gap widens, later members lack data.
    """
    if no_table(results):
        return ""
    results = table(
        "results", results, error=BurdenError, columns=("year", "status", "n", "members")
    )
    ok = results[results["status"] == "ok"].sort_values("year")
    if ok.empty:
        return ""
    gap = (ok["members"] - ok["n"]).to_numpy()
    base = int(gap.min())
    at_base = np.flatnonzero(gap == base)
    after = int(at_base[-1]) + 1
    if after >= len(ok):
        return ""
    first = ok.iloc[after]
    last = ok.iloc[-1]
    return (
        f"From {int(first['year'])} on, only {int(first['n'])} of NATO's "
        f"{int(first['members'])} members have figures in {data_label} ({int(last['n'])} of "
        f"{int(last['members'])} in {int(last['year'])}): the members that joined later are "
        "excluded, so the NATO tests of those years concern the earlier members only."
    )


def olson_zeckhauser_sentence(results: pd.DataFrame | None) -> str:
    """NATO 1964 beside [olson1966]'s reading, each p-value computed and named one- or two-sided.

    Olson & Zeckhauser judged their 0.490 over 14 allies "significant at the .05 level"
    (p. 268), which holds for the one-sided test (rho > 0) only; anpo's default is two-sided. The
    sentence gives anpo's 1964 correlation from ``results`` (the NATO
    :func:`~anpo.burden.panel.exploitation_by_year` table, Spearman's rho) with both p-values, and
    both p-values of the printed 0.490, all by Student's t with df = n - 2. Empty when 1964 was
    not tested (``results`` None or without rows). A ``results`` that is no DataFrame, or has
    rows but lacks ``year, status, rho, n``: a :class:`~anpo.errors.BurdenError` naming it (a
    dict, or a frame without ``year``, was silently no sentence).
    """
    from anpo.burden.stats import p_value_from_r
    from anpo.report.format import fmt_number

    if no_table(results):
        return ""
    results = table("results", results, error=BurdenError, columns=("year", "status", "rho", "n"))
    row = results[(results["year"] == 1964) & (results["status"] == "ok")]
    if row.empty:
        return ""
    r = row.iloc[0]
    rho, n = float(r["rho"]), int(r["n"])
    if n - 2 < 1:
        return ""

    def both(x: float, count: int) -> str:
        two = p_value_from_r(x, count - 2, "two-sided")
        one = p_value_from_r(x, count - 2, "greater")
        return f"p {fmt_number(two, 'p')} two-sided, {fmt_number(one, 'p')} one-sided (rho > 0)"

    oz_two = p_value_from_r(OZ_1964_RHO, OZ_1964_N - 2, "two-sided")
    oz_one = p_value_from_r(OZ_1964_RHO, OZ_1964_N - 2, "greater")
    verdict = (
        "holds one-sided only"
        if oz_one < ALPHA <= oz_two
        else ("holds both ways" if oz_two < ALPHA else "holds neither way")
    )
    return (
        f"NATO 1964, Olson & Zeckhauser's year: rho {rho:.2f} over {n} members with data, "
        f'{both(rho, n)}. Their own {OZ_1964_RHO:.3f} over {OZ_1964_N} allies, "significant at '
        f'the .05 level" (Olson & Zeckhauser 1966, p. 268), {verdict}: '
        f"{both(OZ_1964_RHO, OZ_1964_N)}; Student's t with df = n - 2 throughout."
    )


# --------------------------------------------------------------------------- the reading


def hns_reading_year(hns: pd.DataFrame, seed_year: int) -> int | None:
    """The fiscal year the Japan reading reads: ``seed_year`` where it has a host-nation
    support budget figure, else the nearest fiscal year with one (the later of two as near);
    None when no year has one. A settled figure alone is not a budget figure.

    >>> hns = pd.DataFrame({"fy": [1978, 1996, 1997, 2022], "hns_bn_yen": [6.2, None, 274.0, 206.0]})
    >>> [hns_reading_year(hns, y) for y in (1997, 1985, 1996, 2030)]
    [1997, 1978, 1997, 2022]

    An ``hns`` that is no DataFrame or lacks ``fy, hns_bn_yen``: a
    :class:`~anpo.errors.BurdenError` naming it (an AttributeError or a bare ``KeyError`` before);
    no rows, None.
    """
    table("hns", hns, error=BurdenError, columns=("fy", "hns_bn_yen"))
    have = [int(y) for y in hns.loc[hns["hns_bn_yen"].notna(), "fy"]]
    if not have:
        return None
    return min(have, key=lambda y: (abs(y - seed_year), -y))


#: A fiscal year read in place of the one asked is "near" within this many years; farther, the
#: reading says plainly that it has no figure near the year asked and that the one it reads is
#: no estimate for it (review9 F2: FY1985 read FY1978, the programme's first year, seven years
#: before and without the Facilities Improvement Program begun in FY1979). Two years is anpo's
#: choice, a convention and no measured bound on how far the figures move. Whatever the gap,
#: a later year read from :data:`~anpo.burden.japan.FIRST_FY` is said to be no estimate
#: (review10 F1): the first year's figure is the SOFA-based labour costs alone, and the parts
#: that began later (the Facilities Improvement Program from FY1979, per ``hns.started``) are
#: not in it. The parts' start years are text in the data (``started``), not fields, so the
#: first-year rule is the one anpo can apply from the figures.
NEAR_FY = 2

#: How the reading names each part of host-nation support (:data:`anpo.burden.japan.HNS_PARTS`).
_PART_PROSE = {
    "sma_labor": "Special Measures Agreement labour",
    "sma_utilities": "Special Measures Agreement utilities",
    "sma_training": "Special Measures Agreement training relocation",
    "fip": "the Facilities Improvement Program",
    "sofa_labor": "the SOFA-based labour costs",
    "labor_total": "labour costs (Special Measures Agreement and SOFA-based together)",
    "sma_training_equipment": "Special Measures Agreement training equipment",
}
_DEFINITION = (
    "Special Measures Agreement labour, utilities and training relocation, the Facilities "
    "Improvement Program and the SOFA-based labour costs"
)


def _components(row: pd.Series) -> str:
    """What the year's figure is made of, from the row's non-empty parts (review9 F2: FY1978's
    ¥6.2 bn, the SOFA-based labour costs alone, was credited to the Special Measures Agreement
    and the Facilities Improvement Program, which did not yet exist). Without parts, the
    definition's list, said to be the definition and not the source's breakdown.

    >>> _components(pd.Series({"hns_bn_yen": 6.2, "sofa_labor": 6.2}))
    'all of it the SOFA-based labour costs'
    >>> _components(pd.Series({"hns_bn_yen": 260.3, "fip": 80.9, "labor_total": 149.3}))
    'of which the source gives the Facilities Improvement Program ¥80.9 bn and labour costs (Special Measures Agreement and SOFA-based together) ¥149.3 bn'
    """
    total = float(row["hns_bn_yen"])
    given = {
        k: float(row[k])
        for k in HNS_PARTS
        if k in row.index and row[k] is not None and math.isfinite(float(row[k]))
    }
    if not given:
        return f"{_DEFINITION} by definition; the source gives the total, not its parts"
    if len(given) == 1 and abs(next(iter(given.values())) - total) < 0.05:
        return f"all of it {_PART_PROSE[next(iter(given))]}"
    items = [f"{_PART_PROSE[k]} {_yen(v)}" for k, v in given.items()]
    listed = ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else items[0]
    whole = abs(sum(given.values()) - total) <= 0.15  # the parts' rounding (FY2000: 260.4)
    return f"{'made up of' if whole else 'of which the source gives'} {listed}"


def _year_note(hns: pd.DataFrame, seed_year: int, used: int | None) -> str:
    """What the reading says when the year asked has no budget figure and it reads ``used``
    (:func:`hns_reading_year`) instead; '' when it has one. More than :data:`NEAR_FY` years
    away, or when ``used`` is :data:`~anpo.burden.japan.FIRST_FY` (the programme's first year)
    and the year asked is later, it says that the figure read is no estimate for the year asked
    (review10 F1: FY1979 and FY1980 read FY1978's SOFA labour alone under the plain note)."""
    if used is None or used == seed_year:
        return ""
    row = hns[hns["fy"] == seed_year]
    settled = float(row["settled_bn_yen"].iloc[0]) if len(row) else math.nan
    if math.isfinite(settled):
        return (
            f"FY{seed_year} has no host-nation support budget figure in anpo's sources, only its "
            f"settled accounts ({_yen(settled)} spent); the nearest fiscal year with a budget "
            f"figure is FY{used}, which this reading reads."
        )
    gap = abs(used - seed_year)
    first = used == FIRST_FY and seed_year > used
    if gap > NEAR_FY or first:
        which = " and the programme's first year" if first else ""
        lead = (
            f"No host-nation support figure within {NEAR_FY} fiscal years of FY{seed_year}"
            if gap > NEAR_FY
            else f"No host-nation support figure for FY{seed_year}"
        )
        return (
            f"{lead} in anpo's sources: the nearest is FY{used}, {gap} "
            f"{'year' if gap == 1 else 'years'} {'earlier' if used < seed_year else 'later'}"
            f"{which}. This reading "
            f"reads FY{used}'s figure, which is not an estimate for FY{seed_year}."
        )
    return (
        f"No host-nation support figure for FY{seed_year} in anpo's sources; the nearest fiscal "
        f"year with one is FY{used}, which this reading reads."
    )


def _pick_year(hns: pd.DataFrame, seed_year: int) -> pd.Series | None:
    used = hns_reading_year(hns, seed_year)
    return None if used is None else hns[hns["fy"] == used].iloc[0]


def _hns_sentences(hns: pd.DataFrame, periods: pd.DataFrame, seed_year: int) -> list[str]:
    out: list[str] = []
    row = _pick_year(hns, seed_year)
    if row is None:
        return ["No host-nation support figure is available."]
    fy = int(row["fy"])
    # the table's words for the row's basis (review10 F6: a private map called FY2001's figure,
    # whose basis the source does not state, "budget" beside the table's "basis not stated")
    basis = BASIS_LABEL.get(str(row["basis"]), str(row["basis"]))
    s = (
        f"In FY{fy} Japan's host-nation support under its own definition was "
        f"{'about ' if row['approximate'] else ''}{_yen(row['hns_bn_yen'])} ({basis}): "
        f"{_components(row)}"
    )
    if math.isfinite(row["settled_bn_yen"]):
        s += f"; {_yen(row['settled_bn_yen'])} was actually spent (settled accounts)"
    out.append(s + ".")
    shares = []
    if math.isfinite(row["share_of_gdp"]):
        shares.append(f"{fmt_share(row['share_of_gdp'])} of Japan's GDP")
    if math.isfinite(row["share_of_defense"]):
        shares.append(f"{fmt_share(row['share_of_defense'])} of its defense-related budget")
    if shares:
        out.append(f"That is {' and '.join(shares)}.")
    else:
        out.append(f"Its share of GDP in FY{fy} is not computed: {row['missing']}.")
    if math.isfinite(row.get("hns_per_personnel_yen_m", math.nan)):
        s = (
            f"Per U.S. service member stationed in Japan ({int(row['us_personnel']):,} on 30 "
            f"September {fy}) it was {_per_member_yen(row['hns_per_personnel_yen_m'])}"
        )
        if math.isfinite(row["hns_per_personnel_usd_k"]):
            s += (
                f", about {_per_member_usd(row['hns_per_personnel_usd_k'])} at the fiscal-year rate"
            )
        out.append(s + ".")
    have = hns[hns["hns_bn_yen"].notna()]
    peak = have.iloc[int(np.argmax(have["hns_bn_yen"].to_numpy()))]
    latest = have.iloc[-1]
    trend = (
        f"Among the fiscal years with a figure, the support peaked at {_yen(peak['hns_bn_yen'])} "
        f"in FY{int(peak['fy'])} and was {_yen(latest['hns_bn_yen'])} in FY{int(latest['fy'])}"
    )
    real = have[have["hns_real_bn_yen"].notna()]
    if len(real) >= 2:
        # the same comparison in constant yen: its own peak and the latest year (the first year
        # with a deflator is no peak, and naming it beside the nominal peak misled)
        a = real.iloc[int(np.argmax(real["hns_real_bn_yen"].to_numpy()))]
        b = real.iloc[-1]
        base = hns.attrs.get("real_base_year", "")
        trend += (
            f"; in constant {base} yen (GDP deflator) it peaked at "
            f"{_yen(a['hns_real_bn_yen'])} in FY{int(a['fy'])} and was "
            f"{_yen(b['hns_real_bn_yen'])} in FY{int(b['fy'])}"
        )
    out.append(trend + ".")
    if len(periods):
        p = periods.iloc[-1]
        out.append(
            f"The Special Measures Agreement for FY{int(p['fy_first'])}-{int(p['fy_last'])} "
            f"totals {_yen(p['total_bn_yen'])}, about {_yen(p['mean_bn_yen_per_year'])} a year."
        )
    sh = have[have["share_of_gdp"].notna()]
    if len(sh):
        out.append(
            f"Across the {len(sh)} fiscal years with both figures (FY{int(sh['fy'].min())}-"
            f"FY{int(sh['fy'].max())}) it was {fmt_share(sh['share_of_gdp'].min())} to "
            f"{fmt_share(sh['share_of_gdp'].max())} of GDP."
        )
    rel = hns[hns["saco_bn_yen"].notna() | hns["realignment_bn_yen"].notna()]
    if len(rel):
        last = rel.iloc[-1]
        parts = []
        if math.isfinite(last["saco_bn_yen"]):
            parts.append(f"SACO-related {_yen(last['saco_bn_yen'])}")
        if math.isfinite(last["realignment_bn_yen"]):
            parts.append(f"realignment-related {_yen(last['realignment_bn_yen'])}")
        out.append(
            f"Outside that definition Japan also budgets for SACO and U.S. force realignment "
            f"(FY{int(last['fy'])}: {', '.join(parts)}), shown separately."
        )
    return out


def _dod_sentences(dod: pd.DataFrame) -> tuple[list[str], KeyFinding | None]:
    jp = dod[(dod["country"] == "Japan") & dod["offset_share"].notna()]
    if jp.empty:
        return [], None
    last = jp.sort_values("year").iloc[-1]
    year = int(last["year"])
    s = f"By the U.S. Department of Defense's last count ({year}), Japan's support"
    if math.isfinite(last["support_usd_bn"]):
        s += f", {_usd(last['support_usd_bn'])} including indirect support,"
    s += (
        f" offset {fmt_share(last['offset_share'], 3)} of U.S. stationing costs excluding U.S. "
        "military pay"
    )
    same = dod[(dod["year"] == year) & (dod["country"] != "Japan")]
    per = last["per_personnel_usd_k"]
    if math.isfinite(per):
        # 'about' only where the source's figure is approximate: the table beside it prints
        # Japan's 2002 figure (106) as exact, and the sentence read 'about US$106 thousand'
        about = "about " if bool(last["approximate"]) else ""
        s += f"; per U.S. service member stationed it was {about}US${_amount(per, 0)} thousand"
        ratios = [
            f"{per / r['per_personnel_usd_k']:.1f} times {r['country']}'s"
            for _, r in same.iterrows()
            if math.isfinite(r["per_personnel_usd_k"])
        ]
        if ratios:
            s += f" ({' and '.join(ratios)})"
    totals = [
        f"{last['support_usd_bn'] / r['support_usd_bn']:.1f} times {r['country']}'s"
        for _, r in same.iterrows()
        if math.isfinite(r["support_usd_bn"]) and math.isfinite(last["support_usd_bn"])
    ]
    if totals:
        s += f", and in total {' and '.join(totals)}"
    out = [s + "."]
    gdp = dod[(dod["year"] == year) & dod["share_of_gdp"].notna()]
    if len(gdp):
        out.append(
            f"As a share of GDP ({year}, SIPRI-implied GDP): "
            + ", ".join(f"{r['country']} {fmt_share(r['share_of_gdp'])}" for _, r in gdp.iterrows())
            + "."
        )
    if dod.loc[dod["year"] == year, "approximate"].any():
        out.append(
            f"Several {year} comparison figures are approximate (derived from ratios the report "
            "printed, as relayed by the press); the table gives the derivation."
        )
    direct = dod[dod["direct_usd_bn"].notna()] if "direct_usd_bn" in dod else dod.iloc[0:0]
    both = [
        int(str(y))
        for y, g in direct.groupby("year")
        if "Japan" in set(g["country"]) and len(g) > 1
    ]
    if both:
        y = max(both)
        g = direct[direct["year"] == y].set_index("country")["direct_usd_bn"]
        jp_direct = float(g["Japan"])
        others = [
            f"{_ratio(jp_direct / v)} times {c}'s ({_usd_auto(v)})"
            for c, v in g.items()
            if c != "Japan"
        ]
        out.append(
            "Counting direct support alone (cash and in kind, without waived taxes and rents), "
            f"the DoD's {y} figures put Japan's at {_usd_auto(jp_direct)}, "
            + " and ".join(others)
            + "."
        )
    out.append(
        "anpo does not derive what the arrangement leaves the United States to pay: the DoD's "
        "base excludes the pay of U.S. forces, which the United States pays wherever they are "
        "based, and no comparable public figure for that pay is in anpo's data."
    )
    finding = KeyFinding(
        question="What share of U.S. stationing costs did Japan cover?",
        answer=(
            f"{fmt_share(last['offset_share'], 3)} in {year} by the DoD's measure, whose base "
            "excludes U.S. military pay."
        ),
        number=f"{fmt_share(last['offset_share'], 3)} ({year})",
        confidence=(
            f"One official estimate; the DoD report ended with the {year} data, and the base "
            "leaves out U.S. military pay."
        ),
        topic="dod",
    )
    return out, finding


#: The columns the Japan reading reads from its tables (:func:`anpo.burden.japan.hns_measures`,
#: :func:`~anpo.burden.japan.dod_benchmarks`, :func:`~anpo.burden.japan.hns_periods` and
#: :func:`~anpo.burden.japan.comparison_table` output; those two may have no rows).
_HNS_COLUMNS = (
    "fy", "hns_bn_yen", "hns_real_bn_yen", "settled_bn_yen", "basis", "saco_bn_yen",
    "realignment_bn_yen", "share_of_gdp", "share_of_defense", "hns_per_personnel_usd_k",
    "approximate", "primary",
)  # fmt: skip
_DOD_COLUMNS = (
    "country", "year", "support_usd_bn", "offset_share", "per_personnel_usd_k", "share_of_gdp",
    "approximate",
)  # fmt: skip
_OPTIONAL_COLUMNS = {
    "periods": ("fy_first", "fy_last", "total_bn_yen", "mean_bn_yen_per_year"),
    "comparison": ("year",),
}


def japan_reading(
    hns: pd.DataFrame,
    periods: pd.DataFrame,
    dod: pd.DataFrame,
    *,
    asia: pd.DataFrame | None = None,
    nato: pd.DataFrame | None = None,
    comparison: pd.DataFrame | None = None,
    data_label: str = "the military-expenditure data",
    seed_year: int = 2001,
    alternative: str = DEFAULT_ALTERNATIVE,
    within_defense_budget: str | None = None,
    coverage_said_in: str | None = None,
) -> Reading:
    """Generate the Japan reading from the computed tables.

    Parameters
    ----------
    hns: :func:`anpo.burden.japan.hns_measures` output.
    periods: :func:`anpo.burden.japan.hns_periods` output.
    dod: :func:`anpo.burden.japan.dod_benchmarks` output.
    asia, nato: :func:`anpo.burden.panel.exploitation_by_year` for :data:`ASIA_GROUP` and for
        NATO (None without military-expenditure data).
    comparison: :func:`anpo.burden.japan.comparison_table` (own military burden), or None.
    data_label: how to name the data in sentences (e.g. "the SIPRI excerpt").
    seed_year: the fiscal year read first (the seed's 2001); without a budget figure for it the
        reading reads the nearest year with one (:func:`hns_reading_year`) and its answer says
        so first.
    coverage_said_in: where a reader has already read :func:`nato_coverage_sentence` (the
        report: "the previous section", the burden-sharing section); the reading then refers
        to it instead of saying it a second time. None (the CLI): the reading says it.
    """
    hns = table("hns", hns, error=BurdenError, columns=_HNS_COLUMNS)
    dod = table("dod", dod, error=BurdenError, columns=_DOD_COLUMNS)
    for name, frame in (("periods", periods), ("comparison", comparison)):
        if not no_table(frame):  # asia and nato: in summarise_exploitation
            table(name, frame, error=BurdenError, columns=_OPTIONAL_COLUMNS[name])
    hns_part = _hns_sentences(hns, periods, seed_year)
    hns_part.append(
        within_defense_budget
        or hns.attrs.get("within_defense_budget")
        or "The host-nation support is part of Japan's defense budget."
    )
    hns_part.append(
        "Adding it to Japan's military spending would count it twice; it is a share of that "
        "spending, not an addition to it."
    )
    dod_sents, dod_finding = _dod_sentences(dod)

    ex_asia = summarise_exploitation(asia, ASIA_GROUP, alternative)
    ex_nato = summarise_exploitation(nato, "NATO", alternative)
    exploit: dict[str, ExploitationSummary] = {}
    test_part: list[str] = []
    if asia is not None:
        exploit["us_asia"] = ex_asia
        test_part.append(ex_asia.sentence())
    if nato is not None:
        exploit["nato"] = ex_nato
        test_part.append(ex_nato.sentence())
    coverage = nato_coverage_sentence(nato, data_label)
    if coverage and coverage_said_in:
        coverage = (
            f"{upper_first(coverage_said_in)} says which of NATO's members "
            f"{data_label} leaves out of the later years' tests."
        )
    if coverage:
        test_part.append(coverage)
    own = _own_burden_sentence(comparison, ex_asia if asia is not None else None)
    if own:
        test_part.append(own)
    groups = {
        "host-nation support": hns_part,
        "the U.S. cost-sharing figures": dod_sents,
        "the exploitation test and own defense burden": test_part,
    }
    groups = {k: v for k, v in groups.items() if v}
    show = [sent for part in groups.values() for sent in part]

    last_edition = dod.attrs.get("last_edition")
    stopped = (
        f"the DoD stopped publishing the figures after its {int(last_edition)} report"
        if last_edition is not None
        else "the DoD no longer publishes the figures"
    )
    not_show = [
        "They do not show what U.S. forces in Japan cost the United States in total: the DoD's "
        f"offset base leaves out U.S. military pay, and {stopped}.",
        "They do not value the land and facilities Japan provides rent-free, nor the SACO and "
        "realignment costs, inside the host-nation support figure.",
    ]
    missing = hns[hns["hns_bn_yen"].isna()]
    if len(missing):
        have = hns[hns["hns_bn_yen"].notna()]
        not_show.append(
            f"Host-nation support has a budget figure for {len(have)} of the {len(hns)} fiscal "
            f"years FY{int(hns['fy'].min())}-FY{int(hns['fy'].max())} in anpo's sources; the "
            f"other {len(missing)} are missing (never interpolated)."
        )
    no_real = hns[hns["hns_bn_yen"].notna() & hns["hns_real_bn_yen"].isna()]
    if len(no_real):
        years = ", ".join(f"FY{int(y)}" for y in no_real["fy"])
        not_show.append(
            f"Constant-yen figures are missing for {len(no_real)} of those years ({years}): the "
            "deflator has no value for the calendar year in which "
            + ("it starts." if len(no_real) == 1 else "they start.")
        )
    if asia is None:
        not_show.append(
            "Without military-expenditure data the exploitation test was not run, so the reading "
            f"cannot say whether the public-good model fits {ASIA_GROUP}."
        )

    answer = _answer(hns, dod, ex_asia if asia is not None else None, seed_year)
    used = hns_reading_year(hns, seed_year)
    note = _year_note(hns, seed_year, used)
    if note:
        answer = note + " " + answer
    caveat = _caveat(ex_asia if asia is not None else None, ex_nato if nato is not None else None)
    findings = _findings(hns, seed_year, dod_finding, ex_asia if asia is not None else None)
    return Reading(
        answer=answer,
        show=show,
        not_show=not_show,
        caveat=caveat,
        findings=findings,
        exploitation=exploit,
        groups=groups,
        year_asked=seed_year,
        year_used=used,
    )


def _own_burden_sentence(comp: pd.DataFrame | None, ex: ExploitationSummary | None) -> str:
    if comp is None or not len(comp):
        return ""
    recent = comp[comp["year"] >= 1990]
    means = {
        c: float(recent[c].mean())
        for c in ("Japan", "South Korea", "Germany", "NATO average")
        if c in recent and recent[c].notna().any()
    }
    if "Japan" not in means or len(means) < 2:
        return ""
    y0, y1 = int(recent["year"].min()), int(recent["year"].max())
    s = (
        f"Japan's own military expenditure averaged {fmt_share(means['Japan'])} of GDP in "
        f"{y0}-{y1}, against "
        + ", ".join(f"{k} {fmt_share(v)}" for k, v in means.items() if k != "Japan")
        + "."
    )
    lowest = means["Japan"] < min(v for k, v in means.items() if k != "Japan")
    if lowest and ex is not None and ex.years_tested:
        if ex.years_significant / ex.years_tested >= 0.5:
            s += (
                " A low own burden next to payments for the leader's forces fits the "
                "public-good model, which anpo's test supports in most years for these allies."
            )
        else:
            s += (
                " A low own burden next to payments for the leader's forces is what the "
                "public-good model would predict, but anpo's test does not support that model for "
                f"{ASIA_GROUP} ({ex.years_significant} of {ex.years_tested} years "
                "significant), so the comparison is descriptive, not evidence of exploitation."
            )
    return s


def _answer(
    hns: pd.DataFrame, dod: pd.DataFrame, ex: ExploitationSummary | None, seed_year: int
) -> str:
    """The reading's one-paragraph answer, every number in it computed or read from the tables.

    No qualitative judgement ('large', 'small') is made of the support: anpo has no cited
    threshold for one. The DoD's offset share is a different measure from Japan's own
    definition and is dated by the DoD's year, not a Japanese fiscal year; it is said only for
    the year the reading reads, named as the DoD's measure and year, and left out otherwise.
    Where that year's figure is relayed by the press, the DoD's own figure nearest it (an
    official row, the later year on a tie) follows, with its year: the authoritative source the
    key finding and the futures quote.
    """
    parts: list[str] = []
    row = _pick_year(hns, seed_year)
    if row is not None:
        about = "about " if row["approximate"] else ""
        s = (
            f"Japan's host-nation support was {about}{_yen(row['hns_bn_yen'])} in "
            f"FY{int(row['fy'])}"
        )
        if math.isfinite(row["share_of_gdp"]):
            s += f", {fmt_share(row['share_of_gdp'])} of GDP"
        s += ", and it is already counted inside Japan's defense budget"
        parts.append(s + ".")
        fy = int(row["fy"])
        jp = dod[(dod["country"] == "Japan") & (dod["year"] == fy) & dod["offset_share"].notna()]
        if len(jp):
            d = jp.iloc[0]
            share = (
                f"about {fmt_share(d['offset_share'], 2)}"
                if d["approximate"]
                else fmt_share(d["offset_share"], 3)
            )
            relayed = (
                ""
                if d.get("primary", True)
                else " (a figure from a press account of the report, not read from the report)"
            )
            # a relayed figure is followed by the DoD's own figure nearest the year, the one
            # the key finding and the futures quote (74.5% for 2002 beside 'about 75%'), with
            # the edition it is read from (not the relayed one's)
            own = ""
            near = nearest_official_offset(dod, fy) if relayed else None
            if near is not None:
                edition = dod_edition(str(near["source"]))
                own = (
                    "; the DoD's own figure nearest that year, read from the report itself"
                    + (f" ({edition} edition)" if edition else "")
                    + f", is {fmt_share(float(near['offset_share']), 3)} for {int(near['year'])}"
                )
            parts.append(
                f"On a different measure, that of the U.S. Department of Defense for {fy} "
                "(its own year, not Japan's fiscal year), Japan's direct and indirect support offset "
                f"{share} of U.S. stationing costs{relayed}, a base that leaves out U.S. "
                f"military pay{own}."
            )
    if ex is not None and ex.years_tested:
        if ex.years_significant == 0:
            parts.append(
                f"anpo's exploitation test finds no year in which {ASIA_GROUP} follow "
                f"the public-good pattern (0 of {ex.years_tested}), though with "
                f"{ex.members_span()} members with data it could detect only a very strong one."
            )
        else:
            parts.append(
                f"anpo's exploitation test for {ASIA_GROUP} is significant in "
                f"{ex.years_significant} of {ex.years_tested} years, with {ex.members_span()} "
                "members with data."
            )
    return " ".join(parts)


def _caveat(ex_asia: ExploitationSummary | None, ex_nato: ExploitationSummary | None) -> str:
    s = (
        "The exploitation test asks only whether, across an alliance's members in a year, the "
        "larger economies spend a larger share of GDP on defense (a rank correlation); it does "
        "not measure free riding, the deterrence the spending buys, or host-nation support."
    )
    for ex in (ex_asia, ex_nato):
        if ex is not None and ex.years_tested:
            s += f" Members with data per year: {ex.members_span()} for {ex.alliance}"
            s += "."
    return s


def _findings(
    hns: pd.DataFrame,
    seed_year: int,
    dod_finding: KeyFinding | None,
    ex: ExploitationSummary | None,
) -> list[KeyFinding]:
    out: list[KeyFinding] = []
    row = _pick_year(hns, seed_year)
    if row is not None:
        about = "about " if row["approximate"] else ""
        number = about + _yen(row["hns_bn_yen"]) + f" (FY{int(row['fy'])})"
        if math.isfinite(row["share_of_gdp"]):
            number += f", {fmt_share(row['share_of_gdp'])} of GDP"
        conf = "Budget figure" + (" from the press" if not row["primary"] else "")
        if math.isfinite(row["settled_bn_yen"]):
            conf += f"; settled accounts {_yen(row['settled_bn_yen'])} (Board of Audit)"
        out.append(
            KeyFinding(
                question="How large is Japan's host-nation support?",
                answer=(
                    f"{about.capitalize()}{_yen(row['hns_bn_yen'])} in FY{int(row['fy'])} under "
                    "Japan's own definition, already inside its defense budget."
                ),
                number=number,
                confidence=conf + ".",
                topic="hns",
            )
        )
    if dod_finding is not None:
        out.append(dod_finding)
    if ex is not None and ex.years_tested:
        out.append(
            KeyFinding(
                question=f"Do {ASIA_GROUP} follow the public-good (exploitation) model?",
                answer=ex.verdict(),
                number=f"{ex.years_significant} of {ex.years_tested} years, p < {ALPHA:g}",
                confidence=(
                    f"Low: {ex.members_span()} members with data; a correlation must reach "
                    f"{ex.critical_span()} to be significant."
                ),
                topic="exploitation-us_asia",
            )
        )
    return out


def as_dict(reading: Reading) -> dict[str, Any]:
    """JSON-ready form of a :class:`Reading`."""
    return {
        "year_asked": reading.year_asked,
        "year_used": reading.year_used,
        "answer": reading.answer,
        "show": list(reading.show),
        "not_show": list(reading.not_show),
        "caveat": reading.caveat,
        "findings": [f.__dict__ for f in reading.findings],
        "exploitation": {
            k: {
                kk: (None if isinstance(v, float) and not np.isfinite(v) else v)
                for kk, v in s.__dict__.items()
            }
            for k, s in reading.exploitation.items()
        },
    }
