"""A future's ``[[alignment.changes]]``: the landscape the load check ends with is the one the
scorecard solves (one loop applies them, :func:`anpo.futures.schema.apply_alignment_changes`)."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest

from anpo.align.io import read_source
from anpo.align.landscape import Landscape
from anpo.errors import DataWarning
from anpo.futures import future_files, parse_future_text
from anpo.futures import load as futures_load
from anpo.futures.schema import World, apply_alignment_changes
from anpo.futures.scorecard import alignment_result

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


@pytest.mark.parametrize(
    "text",
    [*(p.read_text(encoding="utf-8") for p in future_files()), SEVERAL],
    ids=[*(p.stem for p in future_files()), "several-changes"],
)
def test_the_scorecard_solves_the_landscape_the_load_check_ends_with(text, monkeypatch):
    """The load check refuses a future whose changes make a landscape :mod:`anpo.align`
    refuses; it must be the landscape the scorecard then solves (the two applied the changes
    in two copies of one loop)."""
    world = _world(text)
    checked = _checked_landscape(world)
    solved = _solved_landscape(world, monkeypatch)
    assert np.array_equal(checked.sizes, solved.sizes)
    assert np.array_equal(checked.propensity, solved.propensity)
    base = read_source(world.alignment.instance).landscape(2)
    assert world.alignment.changes and not np.array_equal(base.propensity, solved.propensity)


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
