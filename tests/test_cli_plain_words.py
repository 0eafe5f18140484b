"""Wording of refusals found by the bad-input review review19 (F3): an empty ``--out`` of
``anpo align-build`` is named as empty, ``anpo futures compare`` takes the ``book:ID`` form
``anpo validate`` takes, and a Saltelli design refused for its size is not first called small.
(The ``--sspk ''`` and ``--max-work nan`` messages are tested with ``anpo defense``'s other
flags, in test_cli_deterrence.py.)"""

from __future__ import annotations

import pytest

from _support import invoke, one_line_error
from anpo.errors import FutureError
from anpo.explore.space import MIN_SALTELLI_N, small_design
from anpo.futures.load import future_files, resolve


def test_align_build_names_an_empty_out() -> None:
    """``--out ''`` read ".: --out must name a .toml file" (the empty name shown as the
    current folder); it is refused as every empty file name is, naming the flag."""
    err = one_line_error(invoke("align-build", "--year", "2001", "--out", ""))
    assert "'--out'" in err and "is empty; give a name" in err, err
    assert "error: .:" not in err


def test_align_build_names_an_empty_gdp() -> None:
    """mend20: ``--gdp ''`` read "error: path: is empty; give a file path", naming the library's
    argument, not the flag; it is refused as ``--out ''`` is, naming '--gdp', before the
    catalog is read or a file written."""
    res = invoke("align-build", "--year", "2001", "--sizes", "gdp", "--gdp", "")
    assert res.exit_code == 2, res.output
    err = one_line_error(res)
    assert "'--gdp'" in err and "is empty; give a name" in err, err
    assert "path:" not in err


def test_futures_resolve_takes_the_book_form() -> None:
    """``anpo futures compare book:status-quo`` was an "unknown future": ``book:ID`` names the
    same file as the bare id, ``book:futures`` the whole book, and an unknown one says both
    forms."""
    book = future_files()
    first = book[0].stem
    assert resolve([f"book:{first}"]) == resolve([first]) == [book[0]]
    assert resolve(["book:futures"]) == book
    with pytest.raises(FutureError, match=r"unknown future 'book:nope'.*book:ID"):
        resolve(["book:nope"])


@pytest.mark.parametrize("n", [3, 6, 0])
def test_a_refused_saltelli_size_is_not_called_small(n: int) -> None:
    """``explore run --sampler saltelli --n 3`` printed the long note that a base sample of 3
    is small, then refused it (not a power of two): the note is left out of a refused run,
    and kept for a small power of two."""
    assert small_design("saltelli", n) == ""
    assert small_design("saltelli", MIN_SALTELLI_N // 2) != ""


def test_small_design_says_nothing_exactly_where_check_design_refuses_n() -> None:
    """mend20: one rule refuses ``n`` (anpo.explore.space.refused_n): below 1 for every sampler,
    a Saltelli base sample that is not a power of two (SALib's ``sobol.sample``). check_design
    raises it (field ``n``) and small_design is '' there; a small Saltelli power of two, or one
    Morris trajectory, is accepted and called small."""
    from anpo.errors import ExploreError
    from anpo.explore.space import SAMPLERS, as_params, check_design

    params = as_params({"x": {"kind": "uniform", "low": 0, "high": 1, "basis": "test"}})
    for sampler in SAMPLERS:
        for n in range(-2, 2 * MIN_SALTELLI_N + 2):
            power = n >= 1 and bin(n).count("1") == 1
            expected = n < 1 or (sampler == "saltelli" and not power)
            try:
                check_design(sampler, params, n)
                refused = False
            except ExploreError as e:
                assert e.field == "n", (sampler, n, e)
                refused = True
            assert refused == expected, (sampler, n)
            if refused:
                assert small_design(sampler, n) == "", (sampler, n)
    assert small_design("saltelli", 1) and small_design("saltelli", MIN_SALTELLI_N // 2)
    assert small_design("saltelli", MIN_SALTELLI_N) == "" and small_design("morris", 1)


def test_explore_run_refuses_a_saltelli_size_without_the_note(tmp_path) -> None:
    """The refusal is the one line printed."""
    out = tmp_path / "out"
    res = invoke(
        "explore", "run", "book:us-japan-2001", "--n", "3", "--sampler", "saltelli",
        "--seed", "1", "--out", str(out),
    )  # fmt: skip
    err = one_line_error(res)
    assert "power of two" in err and "small" not in res.output, res.output
    assert not out.exists()
