"""Issue 2's public names through their old module paths (``anpo.defense``, ``anpo.stability``).

Issue 2 fixed ``anpo.defense.engagement(...)``, ``inventory_engagement``, ``layered_leak``,
``shots_required``, ``shoot_look_shoot`` and ``anpo.stability.kent_thaler_cost``, ``fss_index``,
``deterred``, ``richardson_equilibrium``, ``richardson_discrete`` so that notebooks could rely on
them; issue 9 moved them into :mod:`anpo.deterrence`. The old modules are deprecated aliases:
the same objects, no code of their own (issue 16: one way to do each thing), a
``DeprecationWarning`` naming the new module once, when first imported.
"""

from __future__ import annotations

import ast
import importlib
import sys
import warnings
from pathlib import Path

import pytest

#: old module -> (new module, issue 2's names)
ALIASES = {
    "anpo.defense": (
        "anpo.deterrence.defense",
        ("engagement", "inventory_engagement", "layered_leak", "shots_required",
         "shoot_look_shoot"),
    ),
    "anpo.stability": (
        "anpo.deterrence.stability",
        ("kent_thaler_cost", "fss_index", "deterred", "richardson_equilibrium",
         "richardson_discrete"),
    ),
}  # fmt: skip


def _fresh_import(name: str) -> tuple[object, list[warnings.WarningMessage]]:
    """Import ``name`` as if for the first time, recording its warnings; restore afterwards."""
    saved = sys.modules.pop(name, None)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            module = importlib.import_module(name)
            again = importlib.import_module(name)  # cached: no second warning
        assert again is module
        return module, list(caught)
    finally:
        sys.modules.pop(name, None)
        if saved is not None:
            sys.modules[name] = saved


@pytest.mark.parametrize("old", sorted(ALIASES))
def test_issue2_names_through_the_old_paths_are_the_new_objects(old: str) -> None:
    """Every issue-2 name imported through the old path is the object of the new module."""
    new_name, names = ALIASES[old]
    module, caught = _fresh_import(old)
    new = importlib.import_module(new_name)
    for name in names:
        assert getattr(module, name) is getattr(new, name), name
    assert sorted(module.__all__) == sorted(names)  # type: ignore[attr-defined]
    deprecations = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert len(deprecations) == 1
    assert new_name in str(deprecations[0].message) and "deprecated" in str(deprecations[0].message)


def test_richardson_discrete_is_exported_by_deterrence_stability() -> None:
    """[richardson1960] discrete form, issue 2's ``richardson_discrete``: exported by
    :mod:`anpo.deterrence.stability` too, the one function of :mod:`anpo.deterrence.classical`;
    one step of X' = X + sx*Y - fx*X + gx, Y' = Y + sy*X - fy*Y + gy from (1, 2) with sx = sy =
    0.5, fx = fy = 0.1, gx = gy = 1 gives (1 + 1 - 0.1 + 1, 2 + 0.5 - 0.2 + 1) = (2.9, 3.3)."""
    from anpo.deterrence import classical, stability

    assert "richardson_discrete" in stability.__all__
    assert stability.richardson_discrete is classical.richardson_discrete
    path = stability.richardson_discrete(1.0, 2.0, 0.5, 0.5, 0.1, 0.1, 1.0, 1.0, 1)
    assert path.shape == (2, 2)
    assert path[1] == pytest.approx([2.9, 3.3])


@pytest.mark.parametrize("old", sorted(ALIASES))
def test_the_aliases_hold_no_code(old: str) -> None:
    """Issue 16, one way to do each thing: an alias module defines no function or class and
    only imports, lists ``__all__`` and warns; its docstring says it is a deprecated alias."""
    import anpo

    path = Path(anpo.__file__).parent / (old.split(".")[-1] + ".py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert "deprecated alias" in (ast.get_docstring(tree) or "").lower()
    for node in tree.body:
        assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        if isinstance(node, ast.ImportFrom) and node.module == ALIASES[old][0]:
            assert sorted(a.name for a in node.names) == sorted(ALIASES[old][1])


# ---------------------------------------------------------------------- futures indicator names
def _stored_run(folder: Path, model: str, column: str) -> Path:
    """A run folder as an earlier anpo wrote it: a manifest for ``model`` and one shard holding
    the outcome ``column`` (two experiments)."""
    import pyarrow as pa

    from anpo.explore import store

    (folder / store.SHARDS).mkdir(parents=True)
    manifest = {
        "format": store.FORMAT,
        "model": model,
        "cases": ["status-quo"],
        "params": [],
        "outcome_inputs": {"status-quo": {column: []}},
    }
    store.write_manifest(folder, manifest)
    table = pa.table(
        {
            "experiment": pa.array([0, 1], pa.int64()),
            "case": pa.array(["status-quo"] * 2),
            "row": pa.array([0, 1], pa.int64()),
            column: pa.array([2e-4, 3e-4]),
        }
    )
    store.write_shard(folder, table, 0, 2)
    return folder


def test_a_stored_futures_run_reads_patron_price_as_patron_damage(tmp_path: Path) -> None:
    """review9 F6: the futures indicator ``patron_price`` (an expected share of U.S. value
    destroyed) is now ``patron_damage``, since ``patron_price`` in ``anpo extended`` is a
    probability. A run stored under the old name reads under the new one with a warning that
    says it is deprecated, the old name given as an outcome is the new one, and the manifest's
    ``outcome_inputs`` use it; a run of another model keeps its own column ``patron_price``."""
    from anpo.errors import DataWarning
    from anpo.explore import load, store

    old = _stored_run(tmp_path / "old", "anpo.futures:status-quo", "patron_price")
    with pytest.warns(DataWarning, match="deprecated name of the futures indicator"):
        frame = load(old)
    assert "patron_damage" in frame.columns and "patron_price" not in frame.columns
    assert frame["patron_damage"].tolist() == [2e-4, 3e-4]
    man = store.require_manifest(old)
    assert man["outcome_inputs"]["status-quo"] == {"patron_damage": []}
    with pytest.warns(DataWarning, match="'patron_price' is the deprecated name"):
        assert store.current_outcome(man, "patron_price") == "patron_damage"
    other = _stored_run(tmp_path / "other", "mine:f", "patron_price")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert "patron_price" in load(other).columns
        assert store.current_outcome(store.require_manifest(other), "patron_price") == (
            "patron_price"
        )


def test_the_duckdb_view_of_a_stored_futures_run_shows_patron_damage(tmp_path: Path) -> None:
    """review9 F6, the DuckDB view as every other reader of stored runs: the view ``results``
    of a futures run stored under ``patron_price`` (:func:`anpo.explore.store.connect` and the
    file :func:`~anpo.explore.store.write_duckdb_view` writes) shows the column
    ``patron_damage``, with a warning that the old name is deprecated; a shard written later
    under the new name fills the same column; a run of another model keeps ``patron_price``."""
    import duckdb
    import pyarrow as pa

    from anpo.errors import DataWarning
    from anpo.explore import store

    old = _stored_run(tmp_path / "old", "anpo.futures:status-quo", "patron_price")
    with pytest.warns(DataWarning, match="'patron_price' is the deprecated name"):
        con = store.connect(old)
    frame = con.execute("SELECT * FROM results").fetchdf()
    assert list(frame.columns) == ["experiment", "case", "row", "patron_damage"]
    assert frame["patron_damage"].tolist() == [2e-4, 3e-4]
    with pytest.warns(DataWarning, match="'patron_price' is the deprecated name"):
        path = store.write_duckdb_view(old)
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("SELECT patron_damage FROM results").fetchall() == [(2e-4,), (3e-4,)]
    later = pa.table(
        {
            "experiment": pa.array([2], pa.int64()),
            "case": pa.array(["status-quo"]),
            "row": pa.array([2], pa.int64()),
            "patron_damage": pa.array([5e-4]),
        }
    )
    store.write_shard(old, later, 2, 3)
    with pytest.warns(DataWarning, match="'patron_price' is the deprecated name"):
        con = store.connect(old)
    frame = con.execute("SELECT * FROM results").fetchdf()
    assert "patron_price" not in frame.columns
    assert frame["patron_damage"].tolist() == [2e-4, 3e-4, 5e-4]
    other = _stored_run(tmp_path / "other", "mine:f", "patron_price")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        con = store.connect(other)
    assert "patron_price" in con.execute("SELECT * FROM results").fetchdf().columns


def test_the_futures_indicators_are_not_called_the_probabilities_of_anpo_extended() -> None:
    """review9 F6: ``patron_price`` and ``ally_exposure`` are probabilities in ``anpo extended``
    (P(at least m warheads reach the patron / the ally), :mod:`anpo.deterrence.extended`); the
    futures indicators are expected values, so none is named ``patron_price`` and a definition
    that names the price or the exposure says it is not that probability."""
    from anpo.futures.scorecard import BY_NAME

    assert "patron_price" not in BY_NAME and BY_NAME["patron_damage"].kind == "share"
    for name in ("patron_damage", "china_warheads_at_japan"):
        text = BY_NAME[name].definition
        assert "expected" in text, name
        for word in ("patron's price", "ally's exposure"):
            if word in text:
                assert f"not the probability anpo extended calls the {word}" in text, name
