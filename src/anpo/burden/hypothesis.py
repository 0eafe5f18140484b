"""The alternative hypothesis of the exploitation tests, and its one default.

Kept apart from :mod:`anpo.burden.stats` so that light modules (scenario files, the CLI's option
parsing) can name the default without importing the statistics.
"""

from __future__ import annotations

from typing import Literal

from anpo.errors import BurdenError

__all__ = ["ALTERNATIVES", "Alternative", "DEFAULT_ALTERNATIVE", "describe_alternative"]

Alternative = Literal["two-sided", "greater", "less"]

#: The accepted alternatives.
ALTERNATIVES: tuple[str, ...] = ("two-sided", "greater", "less")

#: The one default alternative of every test in :mod:`anpo.burden` - library functions, the
#: ``anpo burden test`` command, scenario files and the report: two-sided, rho != 0, the
#: signature of ``exploitation_test(gdp, burden, controls=None, alternative="two-sided")`` fixed
#: by issue 6 and the convention of the published tables anpo is checked against
#: ([sandler2000, Table 9] print two-sided values). ``alternative="greater"`` (one-sided,
#: rho > 0, the sign the exploitation hypothesis predicts) stays available: [olson1966, p. 268]
#: judged their NATO 1964 correlation (0.490, 14 allies) "significant at the .05 level", which
#: holds one-sided only, so where anpo compares with that reading it computes the one-sided
#: figure and says so. Every output states the alternative it used.
DEFAULT_ALTERNATIVE: Alternative = "two-sided"

_DESCRIPTIONS = {
    "greater": "one-sided, alternative {coef} > 0, the exploitation hypothesis",
    "less": "one-sided, alternative {coef} < 0",
    "two-sided": "two-sided, alternative {coef} != 0",
}


def check_alternative(alternative: str) -> None:
    """Raise :class:`~anpo.errors.BurdenError` naming the field for an unknown alternative."""
    if alternative not in ALTERNATIVES:
        raise BurdenError(
            f"alternative must be one of {', '.join(ALTERNATIVES)}; got {alternative!r}",
            field="alternative",
        )


def describe_alternative(alternative: str, coefficient: str = "rho") -> str:
    """The alternative hypothesis in words, for every output that prints a p-value, about the
    ``coefficient`` tested (``rho``, Spearman's; ``tau``, Kendall's)."""
    check_alternative(alternative)
    return _DESCRIPTIONS[alternative].format(coef=coefficient)
