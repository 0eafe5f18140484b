"""The shared whole-number checks (anpo._checks)."""

from __future__ import annotations

import functools
import math
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from anpo._checks import as_path, numbers, table, whole_mask, whole_number, whole_numbers
from anpo.deterrence.classical import richardson_discrete
from anpo.deterrence.exchange import damage_exponential
from anpo.deterrence.stability import fss_index, kent_thaler_cost
from anpo.errors import AnpoError, BurdenError, ExploreError, FutureError, InputError

ERRORS = st.sampled_from([InputError, BurdenError, ExploreError])
INTS = st.integers(-(2**62), 2**62)
NUMPY_INT = st.sampled_from([np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint32])
NUMPY_FLOAT = st.sampled_from([np.float32, np.float64])
NOT_NUMBERS = st.sampled_from(
    [True, False, np.bool_(True), "3", b"3", None, [3], {"n": 3}, 3 + 0j, math.nan, math.inf]
)


def _refused(call: Any, error: type[AnpoError], name: str) -> str:
    with pytest.raises(error) as info:
        call()
    assert info.value.field == name
    return info.value.message


# ----------------------------------------------------------------------------- scalar
@given(INTS, st.booleans())
def test_an_int_is_taken_as_it_is(n: int, floats: bool) -> None:
    assert whole_number(n, "n", floats=floats) == n
    assert type(whole_number(n, "n", floats=floats)) is int


@given(st.integers(0, 100), NUMPY_INT)
def test_a_numpy_integer_is_a_python_int(n: int, kind: Any) -> None:
    out = whole_number(kind(n), "n", floats=False)
    assert out == n and type(out) is int
    assert whole_number(np.array(kind(n)), "n") == n  # a 0-d array too


@given(st.integers(-(2**53), 2**53), NUMPY_FLOAT | st.just(float))
def test_a_float_with_no_fraction_is_whole_unless_only_integers_are_taken(
    n: int, kind: Any
) -> None:
    x = kind(n)
    if float(x) != n:  # float32 rounds large integers: it holds another whole number
        n = int(float(x))
    assert whole_number(x, "n") == n
    message = _refused(lambda: whole_number(x, "n", floats=False), InputError, "n")
    assert message.startswith("must be an integer, got ")


@given(
    st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: not x.is_integer()),
    ERRORS,
)
def test_a_fraction_is_refused_with_the_callers_error(x: float, error: type[AnpoError]) -> None:
    message = _refused(lambda: whole_number(x, "count", error=error), error, "count")
    assert message == f"must be a whole number, got {x!r}"


@given(NOT_NUMBERS, ERRORS, st.booleans())
def test_bool_text_none_nan_and_infinity_are_no_whole_numbers(
    v: Any, error: type[AnpoError], floats: bool
) -> None:
    _refused(lambda: whole_number(v, "x", error=error, floats=floats), error, "x")


@given(INTS, INTS, st.booleans())
def test_the_minimum_is_inclusive(n: int, least: int, as_float: bool) -> None:
    v: Any = float(n) if as_float and abs(n) < 2**53 else n
    if n >= least:
        assert whole_number(v, "n", minimum=least) == n
    else:
        message = _refused(lambda: whole_number(v, "n", minimum=least), InputError, "n")
        assert message == f"must be a whole number >= {least}, got {v!r}"


@given(st.integers(-(2**70), 2**70), INTS)
def test_the_maximum_is_inclusive(n: int, most: int) -> None:
    """``maximum`` replaced the upper bounds three callers wrote by hand after the check
    (heuristics' restarts, sweeps and seed; reaction's max_launchers; explore's seed)."""
    if n <= most:
        assert whole_number(n, "n", maximum=most) == n
    else:
        message = _refused(lambda: whole_number(n, "n", maximum=most), InputError, "n")
        assert message.startswith("must be a whole number <= ")
        assert message.endswith(f", got {n!r}")


@pytest.mark.parametrize(
    ("most", "shown"),
    [(2**62, "2**62"), (2**63 - 1, "2**63-1"), (1_000_000, "1,000,000"), (1023, "1,023")],
)
def test_the_maximum_is_written_as_a_reader_knows_it(most: int, shown: str) -> None:
    message = _refused(lambda: whole_number(most + 1, "n", maximum=most), InputError, "n")
    assert message == f"must be a whole number <= {shown}, got {most + 1}"


def test_the_message_says_what_the_caller_asks_for() -> None:
    message = _refused(
        lambda: whole_number(0, "n", error=BurdenError, minimum=1, what="a count of allies"),
        BurdenError,
        "n",
    )
    assert message == "must be a count of allies >= 1, got 0"


# ----------------------------------------------------------------------------- arrays
@given(st.lists(INTS, max_size=20), st.booleans())
def test_an_integer_array_or_list_is_taken_as_int64(values: list[int], as_array: bool) -> None:
    given_values: Any = np.array(values, dtype=np.int64) if as_array else values
    out = whole_numbers(given_values, "v")
    assert out.dtype == np.int64 and out.tolist() == values


@given(st.lists(st.integers(-(2**53) + 1, 2**53 - 1), min_size=1, max_size=20))
def test_a_float_array_of_whole_numbers_is_taken(values: list[int]) -> None:
    out = whole_numbers(np.array(values, dtype=float), "v")
    assert out.dtype == np.int64 and out.tolist() == [int(float(v)) for v in values]
    assert whole_mask(np.array(values, dtype=float)).all()


@given(
    st.lists(st.integers(-1000, 1000), min_size=1, max_size=10),
    st.sampled_from([0.5, -0.25, math.nan, math.inf, -math.inf]),
    st.data(),
    ERRORS,
)
def test_one_bad_element_refuses_the_array(
    values: list[int], bad: float, data: st.DataObject, error: type[AnpoError]
) -> None:
    arr = np.array(values, dtype=float)
    i = data.draw(st.integers(0, len(values) - 1))
    arr[i] = arr[i] + bad
    assert not whole_mask(arr)[i]
    message = _refused(lambda: whole_numbers(arr, "v", error=error), error, "v")
    assert message.startswith("must be a whole number, got array(")


@given(st.floats(2.0**53, 1e300), st.sampled_from([2.0**53, 2.0**63]))
def test_a_float_at_or_beyond_the_limit_is_refused(x: float, limit: float) -> None:
    if x >= limit:
        message = _refused(lambda: whole_numbers([x], "v", limit=limit), InputError, "v")
        assert f"below 2**{int(math.log2(limit))}" in message
        assert not whole_mask(np.array([x]), limit)[0]
    else:
        assert whole_numbers([x], "v", limit=limit).tolist() == [int(x)]


@given(
    st.sampled_from(
        [
            np.array([True, False]),
            np.array(["1", "2"]),
            np.array([1, "2"], dtype=object),
            np.array([1, True], dtype=object),
            np.array([1, None], dtype=object),
            np.array([2**63], dtype=np.uint64),
            [1, "x"],
            [True, 2],  # numpy made it the integers [1, 2], and it was taken
            [[3, 5], (4, False)],
            [[3], [4, 5]],  # ragged: numpy's bare ValueError
            "12",
            True,
        ]
    ),
    ERRORS,
)
def test_bool_text_and_wrapping_arrays_are_refused(values: Any, error: type[AnpoError]) -> None:
    _refused(lambda: whole_numbers(values, "v", error=error), error, "v")


@given(st.lists(st.integers(-50, 50), min_size=1, max_size=10), st.integers(-50, 50))
def test_the_array_minimum_is_inclusive(values: list[int], least: int) -> None:
    if min(values) >= least:
        assert whole_numbers(values, "v", minimum=least).tolist() == values
    else:
        message = _refused(lambda: whole_numbers(values, "v", minimum=least), InputError, "v")
        assert message.startswith(f"must be a whole number >= {least}, got ")


def test_an_object_array_of_numbers_and_shapes_are_kept() -> None:
    assert whole_numbers(np.array([1, 2.0], dtype=object), "v").tolist() == [1, 2]
    assert whole_numbers(np.ones((2, 3)), "v").shape == (2, 3)
    assert whole_numbers(4.0, "v").shape == ()


# ----------------------------------------------------------------------------- numbers
@pytest.mark.parametrize(
    "value",
    [
        True,
        False,
        np.bool_(True),
        np.array(True),
        np.array([True, False]),
        np.array([0.5, True], dtype=object),
        [0.5, True],
        [[0.5], [False]],
        (1, True),
        pd.Series([True, False]),
    ],
)
def test_numbers_refuses_bools(value: Any) -> None:
    """True and False (alone, in a bool array or a list, an object array or a Series) were taken
    as the numbers 1 and 0: ``numbers`` gave ``array(1.0)``, so ``kent_thaler_cost(True, 0.5)``
    was a cost. Now refused as whole_number refuses them, naming the argument."""
    message = _refused(lambda: numbers("p", value), InputError, "p")
    assert message == f"must be a number, got {value!r}"


@pytest.mark.parametrize(
    "value",
    [
        "0.5",
        b"0.5",
        np.str_("0.5"),
        np.array(["0.5", "1"]),
        np.array([0.5, "1"], dtype=object),
        [0.5, "1"],
        [[0.5], ("1",)],
        pd.Series(["0.5"]),
    ],
)
def test_numbers_refuses_text(value: Any) -> None:
    """audit33 item 8: text of a number ("0.5", alone, in a text array, an object array, a
    list or a Series) was read as that number by numpy, so ``kill_probability("0.5", 2)`` was
    0.75 while the counts' check refused ``shots="2"``: refused now, as text is by the counts."""
    message = _refused(lambda: numbers("p", value), InputError, "p")
    assert message == f"must be a number, got {value!r}"


def test_numbers_still_takes_numbers() -> None:
    assert numbers("p", 0.5).tolist() == 0.5
    assert numbers("p", [1, 2.5]).tolist() == [1.0, 2.5]
    assert numbers("p", np.array([1, 2], dtype=object)).dtype == float
    assert numbers("p", np.int64(3)).tolist() == 3.0


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: kent_thaler_cost(True, 0.5), "own_damage"),
        (lambda: fss_index(1.0, 1.0, np.array([True]), 1.0), "c1_b"),
        (lambda: damage_exponential(True, 100), "warheads"),
        (lambda: richardson_discrete(1, 1, 1, 1, True, 0, 0, 0, steps=2), "fx"),
    ],
)
def test_models_refuse_a_bool_number_by_name(call: Any, field: str) -> None:
    """Each was computed with True as 1 (kent_thaler_cost(True, 0.5) was 1.12)."""
    with pytest.raises(InputError) as info:
        call()
    assert info.value.field == field


# ----------------------------------------------------------------------------- wrong types
def _first_of_two(func: Any, second: Any, first: Any) -> Any:
    return func(first, second)


def _wrong_type_calls() -> list[tuple[str, Any, str, type[AnpoError]]]:
    import anpo.burden as b
    import anpo.futures as f
    import anpo.relations as r

    frame = pd.DataFrame({"ccode1": [2], "ccode2": [20], "year": [2000]})
    unga = pd.DataFrame({"ccode": [2], "year": [2000], "idealpointfp": [0.5]})
    calls: list[tuple[str, Any, str, type[AnpoError]]] = [
        (name, getattr(r, name), "states", InputError)
        for name in ("dyad_years", "false_dyads", "state_years")
    ]
    calls.append(("focal_dyad_years", lambda v: r.focal_dyad_years(v, [740]), "states", InputError))
    calls.append(
        ("unmatched_focal_rivalries", lambda v: r.unmatched_focal_rivalries(frame, v, [2]),
         "rivalries", InputError)
    )  # fmt: skip
    calls += [
        (name, functools.partial(_first_of_two, getattr(r, name), frame), "frame", InputError)
        for name in (
            "add_alliances", "add_capabilities", "add_contiguity", "add_cow_alliances",
            "add_democracy", "add_disputes", "add_majors", "add_rivalries",
        )
    ]  # fmt: skip
    calls += [
        ("add_ideal_points", lambda v: r.add_ideal_points(frame, v), "unga", InputError),
        ("add_ideal_points", lambda v: r.add_ideal_points(v, unga), "frame", InputError),
        ("cinc", r.cinc, "nmc", InputError),
        ("component_shares", r.component_shares, "nmc", InputError),
        ("alliance_portfolios", lambda v: r.alliance_portfolios(v, 2000), "atop", InputError),
        ("similarity_dyad_years", r.similarity_dyad_years, "atop", InputError),
        ("validate_roles", r.validate_roles, "panel", InputError),
        ("nash_contributions", lambda v: b.nash_contributions(v, []), "income", BurdenError),
        ("nash_public_good_closed_form", lambda v: b.nash_public_good_closed_form(v, 0.5),
         "income", BurdenError),
        ("nash_public_good_closed_form", lambda v: b.nash_public_good_closed_form([1.0], v),
         "a", BurdenError),
        ("indicators", f.indicators, "world", FutureError),
        ("details", f.details, "world", FutureError),
        ("inert_inputs", f.inert_inputs, "world", FutureError),
        ("scorecard", f.scorecard, "worlds", FutureError),
    ]  # fmt: skip
    return calls


@pytest.mark.parametrize("value", [{"a": 1}, {1, 2}, object()], ids=["dict", "set", "object"])
def test_a_wholly_wrong_type_is_refused_by_name(value: Any) -> None:
    """A dict, a set or an object() given for a table, a world or incomes was an AttributeError
    or a TypeError from deep inside ("'dict' object has no attribute 'columns'", numpy's "float()
    argument must be ..."): each is now the module's documented error naming the argument."""
    for name, call, field, error in _wrong_type_calls():
        with pytest.raises(error) as info:
            call(value)
        assert info.value.field == field, name


def test_table_takes_a_dataframe_as_it_is() -> None:
    df = pd.DataFrame({"a": [1]})
    assert table("t", df) is df
    message = _refused(lambda: table("t", {"a": [1]}, what="a state list"), InputError, "t")
    assert message == "must be a state list (a pandas DataFrame), got dict"


# ----------------------------------------------------------------------------- paths
class _PathLike:
    """An ``os.PathLike`` that is not a :class:`~pathlib.Path` (as a user's own type may be)."""

    def __fspath__(self) -> str:
        return "sub/x.csv"


def test_as_path_takes_a_path_a_str_and_a_pathlike_as_given() -> None:
    assert as_path(Path("a/b.toml"), "path") == Path("a/b.toml")
    assert as_path("a/b.toml", "path") == Path("a/b.toml")
    assert as_path(_PathLike(), "path") == Path("sub/x.csv")
    assert as_path("~/x", "path") == Path("~/x")  # no expansion: the callers that expand do it
    assert isinstance(os.fspath(as_path("a", "path")), str)


@pytest.mark.parametrize(
    ("value", "shown"),
    [({"a": 1}, "dict"), (["a"], "list"), (3, "int"), (None, "NoneType"), (b"a", "bytes")],
)
def test_as_path_refuses_what_is_no_path_with_the_callers_error(value: Any, shown: str) -> None:
    message = _refused(lambda: as_path(value, "home", error=ExploreError), ExploreError, "home")
    assert message == f"must be a file path, got {shown}"
    message = _refused(lambda: as_path(value, "out", what="a folder path"), InputError, "out")
    assert message == f"must be a folder path, got {shown}"


def test_as_path_refuses_an_empty_name() -> None:
    """``Path("")`` is the current folder: an empty name (an unset variable) is refused."""
    assert _refused(lambda: as_path("", "path"), InputError, "path") == "is empty; give a file path"


@given(st.lists(st.one_of(st.none(), st.integers(0, 5)), max_size=12))
def test_repeats_names_each_repeat_with_its_first_position(keys: list[int | None]) -> None:
    """mend20: the one duplicate finder (anpo._checks.repeats) of the scenario's m values and
    ids and the futures' pairs: each key seen before, with where it was first seen and where
    again, in order; None keys are not compared; first_repeat is the first of them."""
    from anpo._checks import first_repeat, repeats

    want = [(k, keys.index(k), j) for j, k in enumerate(keys) if k is not None and k in keys[:j]]
    assert list(repeats(keys)) == want
    assert first_repeat(keys) == (want[0] if want else None)
    assert first_repeat(iter(keys)) == first_repeat(keys)  # any iterable, read once
