"""An exploration's input columns hold the value the model used: a whole-number field's nearest
integer (the rule of :func:`anpo.scenario.uncertainty.apply`), so scenario discovery, the results
a user reads and their CSV copies speak in launchers that exist."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import anpo.explore as ex
from _support import EXPLORE_SCENARIO
from anpo.errors import ExploreError, InputError
from anpo.explore import store
from anpo.explore.discovery import cart, discover_run, prim
from anpo.explore.scenario import ScenarioModel, model_from_files
from anpo.explore.space import unit_design, values_of
from anpo.scenario.uncertainty import applied_value, applied_values, apply, get_target

#: The mini scenario with its DF-5 launcher count uncertain (a whole-number field).
WHOLE_SCENARIO = (
    EXPLORE_SCENARIO
    + """
[[uncertainties]]
name = "df5"
target = "forces[cn-df5].launchers"
distribution = { kind = "uniform", low = 4.5, high = 40.5 }
basis = "anpo assumption: test range"
"""
)
N, SEED = 64, 3


@pytest.fixture(scope="module")
def whole_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("whole")
    path = folder / "s.toml"
    path.write_text(WHOLE_SCENARIO, encoding="utf-8")
    return ex.run([path], n=N, seed=SEED, out=folder / "run")


def _limits_hold(frame: pd.DataFrame, limits: list[dict[str, object]]) -> np.ndarray:
    """Which experiments of ``frame`` a box's ``limits`` admit (bounds inclusive)."""
    inside = np.ones(len(frame), dtype=bool)
    for lim in limits:
        col = frame[str(lim["input"])]
        if "categories" in lim:
            inside &= col.isin(list(lim["categories"])).to_numpy()  # type: ignore[arg-type]
            continue
        if lim["low"] is not None:
            inside &= (col >= lim["low"]).to_numpy()
        if lim["high"] is not None:
            inside &= (col <= lim["high"]).to_numpy()
    return inside


def test_the_results_hold_the_value_each_experiment_used(whole_run: Path):
    """The launcher count in the results is the one the experiment's scenario held (apply, then
    read the field back), a whole number; the real-valued inputs are the samples themselves; the
    samples are the design's (same seed, same experiments); the results' CSV copy (DuckDB's
    ``results`` view) shows the same whole numbers."""
    frame = ex.load(whole_run).sort_values("experiment")
    man = store.read_manifest(whole_run)
    assert man is not None and man["format"] == store.FORMAT == 2
    model = ScenarioModel.from_files([whole_run.parent / "s.toml"])
    sampled = values_of(model.params, unit_design("lhs", model.params, N, SEED))
    assert not np.all(sampled["df5"] == np.round(sampled["df5"]))  # the draws are not whole
    assert pd.api.types.is_integer_dtype(frame["df5"])
    scen = model.parsed[0]
    for rec in frame.itertuples():
        raw = {name: sampled[name][rec.row] for name in sampled}
        used = get_target(apply(scen, raw), "forces[cn-df5].launchers")
        assert rec.df5 == used == applied_value(raw["df5"], 20)
        assert rec.sspk == raw["sspk"] and rec.kill == raw["kill"]
    con = store.connect(whole_run)
    try:
        csv = whole_run / "results.csv"
        con.execute(f"COPY (SELECT * FROM results) TO '{csv}' (HEADER)")
    finally:
        con.close()
    text = pd.read_csv(csv, dtype=str)
    assert text["df5"].tolist() == [str(v) for v in frame["df5"]]
    assert not text["df5"].str.contains(r"\.").any()


@pytest.mark.parametrize("method", ["prim", "cart"])
def test_a_box_on_a_whole_number_input_has_whole_limits(whole_run: Path, method: str):
    """PRIM's and CART's limits on the launcher count are whole numbers (a cut midway between 18
    and 19 is 'df5 >= 19'), and the box admits exactly the experiments whose launcher count, as
    used, lies inside its limits: its size and its cases of interest recount from the results."""
    frame = ex.load(whole_run)
    mad = frame[frame["case"] == "mini/mad"].reset_index(drop=True)
    outcome = "usa_chn_survivors_expected"
    where = f"> {mad[outcome].median():.6g}"
    res = discover_run(whole_run, outcome=outcome, where=where, cases=["mini/mad"], method=method)
    boxes = [res["box"]] if method == "prim" else res["boxes"]
    texts = [res["box_text"]] if method == "prim" else res["boxes_text"]
    on_df5 = [lim for box in boxes for lim in box["limits"] if lim["input"] == "df5"]
    assert on_df5, "the launcher count decides the survivors: some box restricts it"
    for lim in on_df5:
        for end in (lim["low"], lim["high"]):
            assert end is None or float(end).is_integer()
    assert any("df5 >=" in t or "<= df5" in t for t in texts)
    assert not any(".5 <= df5" in t or "df5 >= 18.5" in t for t in texts)
    interest = mad[outcome].to_numpy() > mad[outcome].median()
    for box in boxes:
        if method == "cart":  # CART's lower bounds are strict (x > threshold)
            continue
        inside = _limits_hold(mad, box["limits"])
        assert int(inside.sum()) == box["n"]
        assert int((inside & interest).sum()) == box["n_interest"]


def test_whole_limits_select_the_same_experiments_as_the_cut_points():
    """On integer data a cut midway between 94 and 95 is stated '>= 95': PRIM's box on launcher
    counts 90-99 where the cases of interest are those with 95 or more (the densest box with
    full coverage) has the limit 95 and holds them exactly; CART's leaf says the same. On counts
    0-200, PRIM's coarser box still has a whole limit and holds what that limit admits."""
    rng = np.random.default_rng(4)
    x = pd.DataFrame({"launchers": rng.integers(90, 100, 2000), "noise": rng.random(2000)})
    y = (x["launchers"] >= 95).to_numpy()
    _, box = prim(x, y, min_coverage=1.0)
    assert [(lim.name, lim.low, lim.high) for lim in box.limits] == [("launchers", 95.0, None)]
    assert box.describe() == "launchers >= 95"
    assert box.n == int(y.sum()) and box.density == 1.0
    leaf = cart(x, y, max_depth=1)[0]
    assert leaf.describe() == "launchers >= 95"
    assert leaf.n == int(y.sum()) and leaf.density == 1.0
    wide = pd.DataFrame({"launchers": rng.integers(0, 201, 2000), "noise": rng.random(2000)})
    yw = (wide["launchers"] >= 95).to_numpy()
    _, box = prim(wide, yw, min_coverage=1.0)
    [lim] = [lim for lim in box.limits if lim.name == "launchers"]
    assert lim.low is not None and lim.low.is_integer() and lim.high is None
    assert box.n == int((wide["launchers"] >= lim.low).sum())


def test_a_list_target_mixing_whole_and_real_fields_keeps_the_sample():
    """Where one sample sets a whole-number field and a real one, they take different values
    and the column shows the sample (the real field's); all whole: the nearest integers."""
    raw = np.array([94.4, 94.5, 95.5, 3.0])
    assert applied_values(raw, [60, 7]).tolist() == [94, 94, 96, 3]
    assert applied_values(raw, [60, 0.5]).tolist() == raw.tolist()
    assert applied_values(raw, []).tolist() == raw.tolist()
    assert applied_values(np.array(["a", "b"], dtype=object), ["x"]).tolist() == ["a", "b"]
    assert [applied_value(v, 60) for v in raw] == applied_values(raw, [60]).tolist()


def test_takes_whole_only_when_every_target_is_a_whole_number_field():
    """takes_whole: an uncertainty whose every target is a whole-number field (launchers) takes
    whole numbers; one on a real field (a kill probability), or a list target mixing both,
    does not."""
    from anpo.scenario import parse_scenario_text
    from anpo.scenario.uncertainty import Uncertainty, takes_whole

    scen = parse_scenario_text(WHOLE_SCENARIO, "s.toml")
    by_name = {u.name: u for u in scen.uncertainties}
    assert takes_whole(scen, by_name["df5"])
    real = [u for u in scen.uncertainties if u.name != "df5"]
    assert real and not any(takes_whole(scen, u) for u in real)
    real_target = real[0].targets[0]
    mixed = Uncertainty.model_validate(
        {
            "name": "mixed",
            "target": ["forces[cn-df5].launchers", real_target],
            "distribution": {"kind": "uniform", "low": 1, "high": 2},
            "basis": "test: a whole and a real field",
        }
    )
    assert not takes_whole(scen, mixed)


def _per_value(values: np.ndarray, currents: list[object]) -> np.ndarray:
    """The rule applied_values had before it was vectorised: applied_value for each value, an
    integer array when every result is an int, else the values themselves."""
    if not currents or not all(isinstance(c, int) for c in currents):
        return values
    out = [applied_value(v, currents[0]) for v in values.tolist()]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in out):
        return values
    return np.asarray(out, dtype=np.int64)


@pytest.mark.parametrize("seed", range(20))
def test_applied_values_is_the_per_value_rule(seed: int) -> None:
    """The vectorised applied_values gives what applied_value gives value by value (halves to
    even, negatives, non-finite samples kept as drawn, integer and float32 arrays), with the
    same dtype."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 60))
    arr = rng.uniform(-200, 200, n)
    half = rng.random(n) < 0.3
    arr[half] = np.floor(arr[half]) + 0.5
    if seed % 4 == 1 and n:
        arr[rng.integers(0, n)] = rng.choice([np.nan, np.inf, -np.inf])
    variants = [arr, arr.astype(np.float32), np.floor(arr[np.isfinite(arr)]).astype(np.int32)]
    for values in variants:
        for currents in ([60], [60, 7], [60, 0.5], []):
            got = applied_values(values, currents)
            want = _per_value(values, currents)
            assert got.dtype == want.dtype, (values.dtype, currents)
            np.testing.assert_array_equal(got, want)
    finite = bool(np.isfinite(arr).all())
    assert applied_values(arr, [60]).dtype == (np.int64 if finite else arr.dtype)


@pytest.mark.parametrize("big", [2.0**64, -(2.0**63) - 4096.0, 1e300])
def test_applied_values_beyond_64_bit_integers_are_refused_with_anpos_error(big: float) -> None:
    """Samples whose nearest integer does not fit 64 bits are refused with anpo's documented
    InputError (it had been a bare OverflowError from NumPy's cast); -2**63 itself fits."""
    with pytest.raises(InputError, match="beyond the 64-bit integers"):
        applied_values(np.array([1.0, big]), [60])
    assert applied_values(np.array([1.0, -(2.0**63)]), [60]).tolist() == [1, -(2**63)]


def test_a_run_of_the_earlier_format_is_neither_resumed_nor_discovered_on(tmp_path: Path):
    """A run folder written before the results held the values used (format 1: the samples) is
    refused, with the reason, by a resumed run and by scenario discovery; its results still
    load."""
    path = tmp_path / "s.toml"
    path.write_text(WHOLE_SCENARIO, encoding="utf-8")
    out = ex.run([path], n=4, seed=1, out=tmp_path / "run")
    man = store.read_manifest(out)
    assert man is not None
    man["format"] = 1
    (out / store.MANIFEST).write_text(json.dumps(man), encoding="utf-8")
    with pytest.raises(ExploreError, match="format 1 .*nearest integer.*not resumed"):
        ex.run([path], n=4, seed=1, out=out)
    with pytest.raises(ExploreError, match="format 1, written by an earlier anpo.*new folder"):
        discover_run(out, outcome="usa_chn_survivors_expected", where="> 0")
    assert len(ex.load(out)) == 8


@pytest.mark.slow
def test_a_futures_run_holds_whole_launchers_and_interceptors(tmp_path: Path):
    """In the futures book, the new Chinese road-mobile ICBMs and the interceptors Japan adds are
    whole-number fields: a run of those futures holds whole numbers for them (each the nearest
    integer of its sample), in every future, read by it or not, while the kill probability is
    the sample itself."""
    from anpo.futures import future_files

    files = [f for f in future_files() if f.stem in ("gmd-without-treaty", "status-quo")]
    out = ex.run(files, n=8, seed=2, out=tmp_path / "run")
    frame = ex.load(out)
    model = model_from_files(files)
    sampled = values_of(model.params, unit_design("lhs", model.params, 8, 2))
    assert pd.api.types.is_integer_dtype(frame["china_new_icbms"])
    assert not pd.api.types.is_integer_dtype(frame["theater_sspk"])
    for rec in frame.itertuples():
        assert rec.china_new_icbms == round(sampled["china_new_icbms"][rec.row])
        assert rec.theater_sspk == sampled["theater_sspk"][rec.row]


@pytest.mark.slow
def test_the_web_explorer_says_a_format_1_run_holds_the_samples(tmp_path: Path):
    """The futures page read a format-1 run's input columns (the samples drawn) as if they were
    the values its experiments used; its summary now carries the manifest's format and a note,
    as the refusals of a resumed run and of discovery word it, which the page shows. A run of
    this version's format has no note."""
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from anpo.web.app import create_app

    path = tmp_path / "s.toml"
    path.write_text(WHOLE_SCENARIO, encoding="utf-8")
    out = ex.run([path], n=4, seed=1, out=tmp_path / "run")

    def summary() -> dict[str, object]:
        got: dict[str, object] = (
            TestClient(create_app(out, time_limit=300), base_url="http://127.0.0.1")
            .get("/api/explore/summary")
            .json()
        )
        return got

    now = summary()
    assert now["available"] and now["format"] == store.FORMAT and now["format_note"] == ""
    man = store.read_manifest(out)
    assert man is not None
    man["format"] = 1
    (out / store.MANIFEST).write_text(json.dumps(man), encoding="utf-8")
    old = summary()
    assert old["available"] and old["format"] == 1
    note = str(old["format_note"])
    assert "format 1" in note and "samples" in note and "not the values the model used" in note
    assert store.FORMAT_CHANGE in note
    man.pop("format")
    (out / store.MANIFEST).write_text(json.dumps(man), encoding="utf-8")
    unknown = summary()
    assert unknown["format"] is None and "no format" in str(unknown["format_note"])
