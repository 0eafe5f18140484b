"""Published landscape computations reproduced exactly (configurations and energies).

Source: the "ISIS calcs (Axelrod with Furnas)" landscape-theory computation, public repository
github.com/alexanderfurnas/Landscape_Theory (A. Furnas with R. Axelrod, corrected 2016-02-20):
inputs ``Actor_data.csv`` (strengths) and ``Actor_data_weaksyria.csv`` (Syria's strength 10),
``Pairwise_propensity_Feb_20.csv`` (propensities on a 1-5 scale, used as ``p - 3`` with a zero
diagonal by ``Landscape_Theory_Calculation_Script.R``), outputs
``Landscape_Favored_Alignments_2016-02-20.csv``, ``Landscape_Favored_Alignments_weaksyria_2016-02-20.csv``
and ``Landscape_Results_2016-02-20.csv`` (energy = sum over the full matrix, i.e. over ORDERED pairs,
of d_ij s_i s_j p_ij; "frustration" column = s_i F_i; alignment 1 = the U.S.'s side; "Local Min" =
no single switch lowers the energy). Only the numbers are transcribed here. This is the convention
of [axelrod1993], BJPolS 23(2), n. 2: a computation by the theory's author, so it pins
the energy definition (each separated pair counted twice) and the configuration labels.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from anpo.align import landscape

NAMES = ["US", "Rus", "Syr", "Tur", "S.A.", "Iran", "ISIS", "Hez", "IqKrd", "Nursa", "Iraq"]
#: Actor_data.csv, column "strength"
STRENGTH = [10, 10, 50, 10, 10, 20, 100, 20, 40, 10, 50]
#: Pairwise_propensity_Feb_20.csv (1-5 scale; the diagonal is blank in the source)
SCALE_1_5 = [
    [0, 2, 2, 5, 4, 2, 1, 1, 4, 2, 4],
    [2, 0, 4, 2, 3, 3, 1, 3, 2, 2, 4],
    [2, 4, 0, 1, 2, 4, 1, 4, 1, 2, 3],
    [5, 2, 1, 0, 3, 2, 2, 3, 2, 2, 3],
    [4, 3, 2, 3, 0, 1, 1, 3, 3, 2, 3],
    [2, 3, 4, 2, 1, 0, 2, 5, 3, 2, 2],
    [1, 1, 1, 2, 1, 2, 0, 2, 1, 2, 1],
    [1, 3, 4, 3, 3, 5, 2, 0, 3, 2, 3],
    [4, 2, 1, 2, 3, 3, 1, 3, 0, 2, 3],
    [2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 2],
    [4, 4, 3, 3, 3, 2, 1, 3, 3, 2, 0],
]


def _propensity() -> np.ndarray:
    p = np.array(SCALE_1_5, dtype=float) - 3.0  # the script's rescaling
    np.fill_diagonal(p, 0.0)
    return p


def _config(alignment: tuple[int, ...]) -> np.ndarray:
    """The source's alignment labels (1 = the U.S.'s side, 2 = the other) as a configuration."""
    return np.array(alignment) - 1


#: (alignment, energy, local minimum?) rows of Landscape_Favored_Alignments_2016-02-20.csv and
#: Landscape_Results_2016-02-20.csv (rows 1 and 7).
BASE_ROWS = [
    ((1, 1, 1, 2, 1, 1, 2, 1, 1, 2, 1), -83200, True),  # "Optimal"
    ((1, 2, 2, 1, 1, 2, 2, 2, 1, 2, 1), -65000, False),
    ((1, 2, 2, 1, 2, 2, 1, 2, 1, 1, 2), -71800, False),
    ((1, 2, 2, 1, 1, 2, 1, 2, 1, 1, 2), -69600, False),
    ((1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1), -80000, False),
    ((1, 2, 2, 2, 2, 2, 1, 2, 2, 1, 2), -78200, False),
    ((1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1), -6400, False),
    ((1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2), -4200, False),
    ((1, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2), -76200, False),
]
#: the "Optimal" row's frustration columns (s_i F_i)
BASE_OPTIMAL_FRUSTRATION = [
    -1900,
    -2200,
    -11500,
    -1500,
    -2100,
    -2400,
    -38000,
    -2200,
    -8800,
    -2100,
    -10500,
]

#: Landscape_Favored_Alignments_weaksyria_2016-02-20.csv (Syria's strength 10)
WEAK_ROWS = [
    ((1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 1), -65600, True),  # "Optimal"
    ((1, 2, 2, 1, 1, 2, 2, 2, 1, 2, 1), -55400, False),
    ((1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1), -64000, False),
    ((1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1), -5600, False),
]
WEAK_OPTIMAL_FRUSTRATION = [
    -2100,
    -2100,
    -2100,
    -1100,
    -2100,
    -2200,
    -31000,
    -2200,
    -8400,
    -1800,
    -10500,
]


@pytest.mark.parametrize(
    "strength, rows, frustration",
    [
        (STRENGTH, BASE_ROWS, BASE_OPTIMAL_FRUSTRATION),
        (
            [10 if n == "Syr" else s for n, s in zip(NAMES, STRENGTH, strict=True)],
            WEAK_ROWS,
            WEAK_OPTIMAL_FRUSTRATION,
        ),
    ],
    ids=["base", "weak-syria"],
)
def test_axelrod_furnas_2016_case(strength, rows, frustration):
    """Axelrod & Furnas (2016), github.com/alexanderfurnas/Landscape_Theory: every listed
    configuration's energy, the optimal alignment (global minimum, a local minimum) exactly,
    the frustration columns, and which listed alignments are local minima."""
    s = np.array(strength, dtype=float)
    land = landscape(s, _propensity(), NAMES)
    for alignment, energy, is_min in rows:
        cfg = _config(alignment)
        assert land.energy(cfg) == pytest.approx(energy, rel=1e-12)
        no_descent = all(land.delta(cfg, k) >= 0 for k in range(len(NAMES)))
        assert no_descent == is_min, alignment
    best, e_best, _ = rows[0]
    cfg, e = land.global_minimum()
    assert cfg.tolist() == _config(best).tolist()
    assert e == pytest.approx(e_best, rel=1e-12)
    minima = land.local_minima()
    assert minima[0].config.tolist() == cfg.tolist() and minima[0].energy == e
    assert sum(m.basin_share for m in minima) == pytest.approx(1.0, abs=1e-15)
    assert (s * land.frustration(cfg)).tolist() == pytest.approx(frustration, rel=1e-12)
    # the source's matrix has a blank diagonal: any diagonal gives the same landscape
    p_diag = _propensity()
    np.fill_diagonal(p_diag, np.nan)
    assert landscape(s, p_diag, NAMES).global_minimum()[1] == e


#: Landscape_Results_2016-02-20.csv and Landscape_Results_weaksyria_2016-02-20.csv: every one of
#: the 2^10 configurations with the U.S. in alignment 1 (1,024 rows each), of which exactly one is
#: flagged "Local Min" (TRUE); the smallest and largest Energy and their sum over the 1,024 rows
#: (the sum, -47,513,600 and -36,044,800, added up here from the two files as a checksum of
#: every row's energy).
WHOLE_LANDSCAPE = {
    "base": (STRENGTH, BASE_ROWS[0][0], -83200, 0, -47_513_600),
    "weak-syria": (
        [10 if n == "Syr" else s for n, s in zip(NAMES, STRENGTH, strict=True)],
        WEAK_ROWS[0][0],
        -65600,
        0,
        -36_044_800,
    ),
}


@pytest.mark.parametrize("case", sorted(WHOLE_LANDSCAPE))
def test_axelrod_furnas_2016_whole_landscape(case):
    """Axelrod & Furnas (2016), github.com/alexanderfurnas/Landscape_Theory, the two
    ``Landscape_Results_*2016-02-20.csv`` files: all 1,024 configurations (the U.S. in
    alignment 1), their energies (smallest, largest and sum over the file) and the "Local Min"
    column, TRUE on exactly one row, the "Optimal" alignment. The source's local-minimum test is
    that no single switch gives a lower energy (``min_ne >= energy``, ties allowed); anpo's
    ``delta`` rule and its basin search both find that one minimum, with the whole landscape as
    its basin. (The files' 1,024 energies and 11,264 frustration entries were also compared
    one by one when this test was written: all equal.)"""
    strength, best, e_min, e_max, e_sum = WHOLE_LANDSCAPE[case]
    land = landscape(np.array(strength, dtype=float), _propensity(), NAMES)
    n = len(NAMES)
    configs = [np.array((0, *rest)) for rest in itertools.product((0, 1), repeat=n - 1)]
    assert len(configs) == 1024
    energies = np.array([land.energy(c) for c in configs])
    assert (energies.min(), energies.max(), energies.sum()) == (e_min, e_max, e_sum)
    flagged = [c for c in configs if all(land.delta(c, k) >= 0 for k in range(n))]
    assert [c.tolist() for c in flagged] == [_config(best).tolist()]
    minima = land.local_minima()
    assert [m.config.tolist() for m in minima] == [_config(best).tolist()]
    assert minima[0].energy == e_min and minima[0].basin_share == 1.0
