"""A future's ``[[alignment.changes]]``: the landscape the load check ends with is the one the
scorecard solves (one loop applies them, :func:`anpo.futures.schema.apply_alignment_changes`),
and an uncertain input on them whose range reaches past a limit of :mod:`anpo.align` is refused
when the file is read, at the range's line, not by the experiments that draw that far."""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from statistics import NormalDist
from typing import Any

import numpy as np
import pytest

from _support import invoke, one_line_error
from anpo.align.formal import PROPENSITY_MAX
from anpo.align.io import read_source
from anpo.align.landscape import Landscape
from anpo.errors import AlignError, DataWarning, FutureError
from anpo.futures import future_files, load_future, parse_future_text
from anpo.futures import load as futures_load
from anpo.futures.schema import World, apply_alignment_changes
from anpo.futures.scorecard import alignment_result
from anpo.scenario.uncertainty import apply

STATUS_QUO = next(p for p in future_files() if p.stem == "status-quo").read_text(encoding="utf-8")
NIXON = next(p for p in future_files() if p.stem == "nixon-pattern").read_text(encoding="utf-8")
#: the status quo's one uncertain alignment input, on its Japan-ASEAN delta (changes[0])
RANGE = 'distribution = { kind = "uniform", low = 0.0, high = 0.5 }'
assert RANGE in STATUS_QUO

#: a status quo with several changes on shared pairs: a framework's pairs, then one of them set,
#: then a delta after the value, then a value on another pair
SEVERAL = STATUS_QUO.replace(
    "# ------------------------------------------------------------------ law",
    """[[alignment.changes]]
among = ["USA", "JPN", "AUL"]
delta = 0.5
basis = "anpo assumption: a test"

[[alignment.changes]]
pairs = [["JPN", "AUL"]]
value = 2.0
basis = "anpo assumption: a test"

[[alignment.changes]]
pairs = [["AUL", "JPN"]]
delta = 0.25
basis = "anpo assumption: a test"

[[alignment.changes]]
pairs = [["USA", "CHN"]]
value = -1.5
basis = "anpo assumption: a test"

# ------------------------------------------------------------------ law""",
    1,
)


def _world(text: str) -> World:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        return parse_future_text(text, "f.toml", None)[1]


class _Solved(Exception):
    """Raised by the spy on :meth:`Landscape.solve` once it has seen the landscape."""


def _solved_landscape(world: World, monkeypatch: pytest.MonkeyPatch) -> Landscape:
    """The landscape :func:`alignment_result` solves for ``world`` (caught at its solve)."""
    seen: list[Landscape] = []

    def spy(self: Landscape, *args: Any, **kwargs: Any) -> Any:
        seen.append(self)
        raise _Solved

    with monkeypatch.context() as m:
        m.setattr(Landscape, "solve", spy)
        with pytest.raises(_Solved):
            alignment_result(world)
    (land,) = seen
    return land


def _checked_landscape(world: World) -> Landscape:
    """The landscape the load check of ``world``'s file ends with."""

    def fail(path: tuple[Any, ...], message: str) -> Exception:  # pragma: no cover - valid
        return AssertionError(f"{path}: {message}")

    land = futures_load._check_changed_landscape(
        world.alignment, read_source(world.alignment.instance), fail
    )
    assert land is not None
    return land


#: For each book future (and SEVERAL), counted by hand from its ``[[alignment.changes]]``: the
#: propensity entries its changes move (two per pair: the matrix is symmetric) and the sum of
#: their moves (twice the sum of the deltas over the pairs): status quo 10 Japan-ASEAN pairs
#: +0.25 (20 entries, 2 x 10 x 0.25 = 5.0); collective self-defense USA-JPN +2.0 (2, 4.0);
#: Japan-China cooperation JPN-CHN +4.8 (2, 9.6); multinational framework every pair among 9
#: members, 9 x 8 / 2 = 36 pairs +2.0 (72, 2 x 36 x 2.0 = 144.0); Nixon pattern USA-CHN +6.6
#: and USA-JPN -1.0 (4, 2 x 5.6 = 11.2); GMD without the treaty USA-JPN -2.0 (2, -4.0).
#: SEVERAL: the status quo's 20 entries, USA-JPN, USA-AUL and JPN-AUL (6) and USA-CHN (2), 28;
#: its sum holds the set values' distance from the instance's own, so it is left to
#: :func:`test_several_changes_apply_in_file_order`.
MOVED = {
    "status-quo": (20, 5.0),
    "collective-self-defense": (2, 4.0),
    "japan-china-cooperation": (2, 9.6),
    "multinational-framework": (72, 144.0),
    "nixon-pattern": (4, 11.2),
    "gmd-without-treaty": (2, -4.0),
    "several-changes": (28, None),
}


@pytest.mark.parametrize(
    ("text", "moved"),
    [
        *(
            pytest.param(p.read_text(encoding="utf-8"), MOVED[p.stem], id=p.stem)
            for p in future_files()
        ),
        pytest.param(SEVERAL, MOVED["several-changes"], id="several-changes"),
    ],
)
def test_the_scorecard_solves_the_landscape_the_load_check_ends_with(
    text: str, moved: tuple[int, float | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The load check refuses a future whose changes make a landscape :mod:`anpo.align`
    refuses; it must be the landscape the scorecard then solves (the two applied the changes
    in two copies of one loop). That landscape moves the instance's propensities as the
    future's changes say, counted by hand (:data:`MOVED`: how many entries move and by how
    much in all), so the one loop is not merely the same mistake twice."""
    world = _world(text)
    checked = _checked_landscape(world)
    solved = _solved_landscape(world, monkeypatch)
    assert np.array_equal(checked.sizes, solved.sizes)
    assert np.array_equal(checked.propensity, solved.propensity)
    base = read_source(world.alignment.instance).landscape(2)
    assert np.array_equal(base.sizes, solved.sizes)
    entries, total = moved
    diff = solved.propensity - base.propensity
    assert np.count_nonzero(diff) == entries
    assert np.array_equal(diff, diff.T)
    if total is not None:
        assert diff.sum() == pytest.approx(total, abs=1e-12)


def test_several_changes_apply_in_file_order():
    """Deltas add up, a value replaces what came before on its pairs and a delta after a value
    adds to it (the documented order, :class:`anpo.futures.schema.AlignmentSpec`), counted by
    hand from the instance's own propensities."""
    world = _world(SEVERAL)
    inst = read_source(world.alignment.instance)
    base = inst.landscape(2).propensity
    land = apply_alignment_changes(inst, world.alignment.changes)
    usa, jpn, aul, chn = (inst.index(a) for a in ("USA", "JPN", "AUL", "CHN"))
    assert land.propensity[jpn, aul] == land.propensity[aul, jpn] == 2.25
    assert land.propensity[usa, jpn] == base[usa, jpn] + 0.5
    assert land.propensity[usa, aul] == base[usa, aul] + 0.5
    assert land.propensity[usa, chn] == -1.5


def _refused(text: str, tmp_path: Path) -> FutureError:
    """The error reading ``text`` as a future file; the CLI says it as one line, exit 2."""
    path = tmp_path / "f.toml"
    path.write_text(text, encoding="utf-8")
    run = ["explore", "run", str(path), "--n", "4", "--seed", "1", "--out", str(tmp_path / "r")]
    for command in (["validate", str(path)], ["futures", "compare", str(path)], run):
        line = one_line_error(invoke(*command))
        assert str(path) in line, line
    with pytest.raises(FutureError) as info:
        load_future(path)
    assert info.value.file == str(path)
    assert str(path) in info.value.one_line()
    return info.value


def _line_of(text: str, needle: str) -> int:
    (line,) = [i for i, t in enumerate(text.splitlines(), start=1) if needle in t]
    return line


@pytest.mark.parametrize(
    ("dist", "key", "value"),
    [
        ('{ kind = "uniform", low = 0.0, high = 2e150 }', "high", "2e+150"),
        ('{ kind = "uniform", low = -3e150, high = 0.5 }', "low", "-3e+150"),
        ('{ kind = "triangular", low = 0, mode = 1, high = 1.5e150 }', "high", "1.5e+150"),
        ('{ kind = "beta", alpha = 2, beta = 5, low = 0, high = 1.5e150 }', "high", "1.5e+150"),
        ('{ kind = "choice", values = [0.1, 5e150, 0.3] }', "values", "5e+150"),
        # exp(80 z) at the 1 - 1e-6 quantile z of the standard normal (stdlib's, not scipy's)
        (
            '{ kind = "lognormal", median = 1.0, sigma = 80 }',
            "",
            f"{math.exp(80 * NormalDist().inv_cdf(1 - 1e-6)):g}",
        ),
    ],
    ids=["uniform-high", "uniform-low", "triangular", "beta", "choice", "lognormal"],
)
def test_a_range_past_the_propensity_limit_is_refused_at_its_line(tmp_path, dist, key, value):
    """A delta drawn from a range that reaches past ``PROPENSITY_MAX`` validated, and only the
    experiments that drew that far failed (review: user walk-through). The error names the
    file, the range (its key, where the file writes one) and its line, the draw, the change
    with its line and the limit. (A log-normal is read at its 1 - 1e-6 quantile, as the
    world's own check reads it: exp(80 x 4.753) = 1.415e165.)"""
    text = STATUS_QUO.replace(RANGE, f"distribution = {dist}")
    err = _refused(text, tmp_path)
    assert err.field == "uncertainties[1].distribution" + (f".{key}" if key else "")
    assert err.line == _line_of(text, "distribution = " + dist)
    assert "'initiative_delta'" in err.message and f"initiative_delta = {value}" in err.message
    delta_line = _line_of(text, "delta = 0.25")
    assert f"alignment.changes[0].delta (line {delta_line})" in err.message
    assert f"propensities must lie within ±{PROPENSITY_MAX:g}" in err.message


def test_the_refused_draw_is_one_the_experiment_fails_on_and_the_limit_itself_is_kept(tmp_path):
    """The check refuses what an experiment fails on, no more: the status quo's delta drawn
    at 2e150 makes the landscape :mod:`anpo.align` refuses; a range up to the limit itself
    (1e150, whose sum with the pair's own propensity is 1e150 in floating point) loads, and its
    highest draw is accepted."""
    world = _world(STATUS_QUO)
    inst = read_source(world.alignment.instance)
    over = apply(world, {"theater_sspk": 0.7, "initiative_delta": 2e150})
    with pytest.raises(AlignError, match="propensities must lie within"):
        apply_alignment_changes(inst, over.alignment.changes)
    at = STATUS_QUO.replace(RANGE, 'distribution = { kind = "uniform", low = 0.0, high = 1e150 }')
    path = tmp_path / "at.toml"
    path.write_text(at, encoding="utf-8")
    world = load_future(path)[1]
    (high,) = world.uncertainties[1].distribution.ppf([1.0])
    top = apply(world, {"theater_sspk": 0.7, "initiative_delta": float(high)})
    land = apply_alignment_changes(inst, top.alignment.changes)
    assert np.abs(land.propensity).max() == PROPENSITY_MAX


def test_two_ranges_that_pass_the_limit_only_together_are_refused(tmp_path):
    """Every draw of an experiment is at once: two deltas on one pair, each within the limit
    at its high end, pass it together (the corner where both are high is checked)."""
    text = NIXON.replace('pairs = [["USA", "JPN"]]', 'pairs = [["USA", "CHN"]]', 1)
    text = text.replace(
        'distribution = { kind = "uniform", low = 3.6, high = 8.6 }',
        'distribution = { kind = "uniform", low = 3.6, high = 6e149 }',
    ).replace(
        'distribution = { kind = "uniform", low = -2.0, high = 0.0 }',
        'distribution = { kind = "uniform", low = -2.0, high = 6e149 }',
    )
    err = _refused(text, tmp_path)
    assert err.field == "uncertainties[0].distribution.high", err.one_line()
    assert "us_china_delta = 6e+149 (its high end), us_japan_delta = 6e+149 (its high end)" in (
        err.message
    )
    assert "alignment.changes[1].delta" in err.message  # the second change passes it
    assert "propensities must lie within" in err.message


TOY = """
title = "three actors of huge size"
[[actor]]
name = "Alpha"
id = "A"
size = 1e140
[[actor]]
name = "Beta"
id = "B"
size = 1e140
[[actor]]
name = "Gamma"
id = "C"
size = 1e140
[[pair]]
a = "A"
b = "B"
p = 2.35e19
[[pair]]
a = "A"
b = "C"
p = -2.35e19
"""


def test_the_energy_limit_is_checked_at_every_corner_not_only_the_lowest_and_highest(tmp_path):
    """The energy ``sum s_i s_j |p_ij|`` (both orders) must stay within ENERGY_LIMIT (1e300,
    :mod:`anpo.align.formal`), after each change. With sizes 1e140 and the pairs A-B and A-C
    at +-2.35e19 (K = 2.35e18: 10 K), deltas in [-K, K] on each give 2e280 x 20 K = 9.4e299
    with both low or both high (and 2e280 x 21 K = 9.87e299 between the changes), but
    2e280 x 22 K = 1.034e300 with the first high and the second low: only that corner passes
    the limit (the energy is convex in the draws, so its largest value is at a corner, but
    not always at the lowest or the highest)."""
    (tmp_path / "toy.toml").write_text(TOY, encoding="utf-8")
    text = STATUS_QUO.replace(
        "[[alignment.changes]]\n",
        '[alignment]\ninstance = "toy.toml"\nanchors = ["A", "B"]\n\n[[alignment.changes]]\n',
        1,
    )
    start = text.index("[[alignment.changes]]")
    end = text.index("# ------------------------------------------------------------------ law")
    text = (
        text[:start]
        + """[[alignment.changes]]
pairs = [["A", "B"]]
delta = 0.0
basis = "anpo assumption: a test"

[[alignment.changes]]
pairs = [["A", "C"]]
delta = 0.0
basis = "anpo assumption: a test"

"""
        + text[end:]
    )
    band = 'distribution = { kind = "uniform", low = -2.35e18, high = 2.35e18 }'
    text = (
        text.replace(RANGE, band)
        + f"""
[[uncertainties]]
name = "second_delta"
target = "alignment.changes[1].delta"
{band}
basis = "anpo assumption: a test"
"""
    )
    err = _refused(text, tmp_path)
    assert "initiative_delta = 2.35e+18 (its high end), second_delta = -2.35e+18 (its low end)" in (
        err.message
    )
    assert "the energy would overflow" in err.message
    # the corners with both ends alike are within the limit: each loads alone
    inst = read_source(str(tmp_path / "toy.toml"))
    world = _world_at(text, tmp_path)
    for a, b in ((2.35e18, 2.35e18), (-2.35e18, -2.35e18)):
        drawn = apply(world, {"theater_sspk": 0.7, "initiative_delta": a, "second_delta": b})
        apply_alignment_changes(inst, drawn.alignment.changes)
    drawn = apply(
        world, {"theater_sspk": 0.7, "initiative_delta": 2.35e18, "second_delta": -2.35e18}
    )
    with pytest.raises(AlignError, match="the energy would overflow"):
        apply_alignment_changes(inst, drawn.alignment.changes)


def _world_at(text: str, folder: Path) -> World:
    """The world of ``text`` without the check of its uncertain ranges (to draw from it)."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(futures_load, "_check_uncertain_alignment", lambda *a, **k: None)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DataWarning)
            return parse_future_text(text, str(folder / "f.toml"), folder)[1]


@pytest.mark.parametrize(
    ("target", "values", "refused"),
    [
        ("alignment.anchors[1]", '["JPN", "ZZZ"]', "alignment.anchors[1] gives: unknown actor"),
        ("alignment.instance", '["book:asia_pacific_2001", "book:nope"]', "alignment.instance"),
    ],
)
def test_a_choice_of_a_value_the_alignment_model_refuses_is_refused(
    tmp_path, target, values, refused
):
    """A choice of text on ``[alignment]`` (an anchor, the instance) is checked at every value:
    'ZZZ' is no actor of the instance, 'book:nope' no built-in instance."""
    text = STATUS_QUO.replace(
        f'target = "alignment.changes[0].delta"\n{RANGE}',
        f'target = "{target}"\ndistribution = {{ kind = "choice", values = {values} }}',
    )
    err = _refused(text, tmp_path)
    assert err.field == "uncertainties[1].distribution.values", err.one_line()
    assert "holds a value the alignment model refuses" in err.message
    assert refused in err.message and "remove the value" in err.message


def test_past_the_corner_cap_every_value_of_a_text_choice_is_still_checked(tmp_path):
    """Beyond ``MAX_CORNERS`` corners (here 3 x 2**7 = 384) only the all-low and all-high
    corners were checked, so a choice of anchors whose middle value is no actor ('ZZZ')
    loaded and failed at run time; each value of each input is now checked with the others
    at their ends (review25)."""
    partners = ["PHI", "INS", "THI", "MAL", "SIN", "AUL", "CAM"]
    extra_changes = "".join(
        f'[[alignment.changes]]\npairs = [["USA", "{p}"]]\ndelta = 0.05\n'
        'basis = "anpo assumption: a test"\n\n'
        for p in partners
    )
    extra_ranges = "".join(
        f'\n[[uncertainties]]\nname = "d{k}"\ntarget = "alignment.changes[{k}].delta"\n'
        'distribution = { kind = "uniform", low = 0.0, high = 0.1 }\nbasis = "anpo assumption"\n'
        for k in range(1, len(partners) + 1)
    )
    law = "# ------------------------------------------------------------------ law"
    text = (
        STATUS_QUO.replace(law, extra_changes + law, 1).replace(
            f'target = "alignment.changes[0].delta"\n{RANGE}',
            'target = "alignment.anchors[1]"\n'
            'distribution = { kind = "choice", values = ["JPN", "ZZZ", "CHN"] }',
        )
        + extra_ranges
    )
    assert 3 * 2 ** len(partners) > futures_load.MAX_CORNERS
    err = _refused(text, tmp_path)
    assert "unknown actor" in err.message and "'ZZZ'" in err.message, err.one_line()
    # without the unknown actor the same file loads
    _world(text.replace('"ZZZ", ', ""))
