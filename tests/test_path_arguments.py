"""Every public function that takes a file or folder path refuses a value that is no path.

Before :func:`anpo._checks.as_path`, a dict, a list, an int or an ``object()`` given for a path
reached ``pathlib.Path`` (or ``open``) and came out as Python's own ``TypeError: expected str,
bytes or os.PathLike object, not dict``, naming no argument and caught by no ``except
AnpoError``: a traceback for a user. Each function now raises the exception its module documents
(a subclass of :class:`~anpo.errors.AnpoError`) with ``field`` the argument's name and a message
naming the type received. The table below lists them one by one (a new path-taking function
belongs in it); each call fails at the check, before any file is touched, so the whole test
takes a fraction of a second.
"""

from __future__ import annotations

import importlib.util
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from pydantic import BaseModel

import anpo.data
import anpo.explore
from anpo import references, relations, scenario
from anpo._io import files, inputs
from anpo.align import io as align_io
from anpo.burden import japan, panel, sources
from anpo.data import cow, sipri
from anpo.data._io import read_csv_checked
from anpo.data.catalog import Catalog
from anpo.deterrence import questions
from anpo.errors import (
    AlignError,
    AnpoError,
    BurdenError,
    CatalogError,
    DataError,
    ExploreError,
    FutureError,
    InputError,
    ScenarioError,
)
from anpo.explore.discovery import discover_run
from anpo.explore.sensitivity import sensitivity
from anpo.futures import load_future
from anpo.futures.experiment import FuturesModel
from anpo.relations import accuracy, taxonomy
from anpo.report import build

#: the loaders of anpo.data's ``__all__`` (each ``f(path)``): every function there whose first
#: parameter is ``path``, so that a loader added to it is checked too
_DATA_READERS = [
    name
    for name in anpo.data.__all__
    if callable(fn := getattr(anpo.data, name))
    and next(iter(inspect.signature(fn).parameters), None) == "path"
]


def test_the_data_loaders_are_all_in_the_table() -> None:
    assert len(_DATA_READERS) >= 21 and {"load", "detect_kind", "read_nmc"} <= set(_DATA_READERS)


class _Anything(BaseModel):
    pass


def _prepare_roles(v: Any) -> Any:
    empty = pd.DataFrame()
    return taxonomy.prepare_roles(states=empty, alliances=empty, capabilities=empty, thresholds=v)


def _atomic_path(v: Any) -> None:
    with files.atomic_path(v):
        pass


def _create_app(v: Any) -> Any:
    from anpo.web.app import create_app  # the web extra: imported only when installed

    return create_app(v)


Call = Callable[[Any], Any]


def _table(tmp: Path) -> list[tuple[str, Call, str, type[AnpoError]]]:
    """(function, call with the bad value, the argument its error names, the documented error)."""
    rows: list[tuple[str, Call, str, type[AnpoError]]] = [
        *((f"anpo.data.{n}", getattr(anpo.data, n), "path", DataError) for n in _DATA_READERS),
        ("anpo.data.cow.read_false_cow_dyads", cow.read_false_cow_dyads, "path", DataError),
        ("anpo.data.cow.read_false_gw_dyads", cow.read_false_gw_dyads, "path", DataError),
        ("anpo.data.sipri.read_sipri_milex", sipri.read_sipri_milex, "path", DataError),
        ("anpo.data._io.read_csv_checked",
         lambda v: read_csv_checked(v, [], dataset="x", version="1"), "path", DataError),
        ("Catalog.open", Catalog.open, "home", CatalogError),
        ("Catalog.add", lambda v: Catalog.open(tmp / "home").add(v), "path", DataError),
        ("anpo.burden.panel.read_nmc_csv", panel.read_nmc_csv, "path", DataError),
        ("anpo.burden.panel.read_user_table", lambda v: panel.read_user_table(v, "GDP table"),
         "path", BurdenError),
        ("anpo.burden.sources.load_nmc", sources.load_nmc, "path", DataError),
        ("anpo.burden.sources.load_nmc(home=)", lambda v: sources.load_nmc(home=v), "home",
         CatalogError),
        ("anpo.burden.sources.load_sipri", sources.load_sipri, "path", DataError),
        ("anpo.burden.sources.load_sipri(home=)", lambda v: sources.load_sipri(home=v), "home",
         CatalogError),
        ("anpo.burden.sources.catalog_frame", lambda v: sources.catalog_frame("nmc", v), "home",
         CatalogError),
        ("anpo.burden.japan.load_japan_facts", japan.load_japan_facts, "source", BurdenError),
        ("anpo.align.io.read_csv", align_io.read_csv, "path", AlignError),
        ("anpo.align.io.read_instance", align_io.read_instance, "path", AlignError),
        ("anpo.align.io.read_source", align_io.read_source, "source", AlignError),
        ("anpo.align.io.read_gdp_table", align_io.read_gdp_table, "path", DataError),
        ("anpo.scenario.load_scenario", scenario.load_scenario, "path", ScenarioError),
        ("anpo.deterrence.questions.run", questions.run, "scenario", InputError),
        ("anpo.deterrence.questions.outcomes", questions.outcomes, "scenario", InputError),
        ("anpo.futures.load_future", load_future, "path", FutureError),
        ("FuturesModel.from_files", lambda v: FuturesModel.from_files([v]), "files[0]",
         ScenarioError),
        ("anpo.references.load_references", references.load_references, "path",
         references.BibliographyError),
        ("anpo.relations.load_thresholds", relations.load_thresholds, "path", InputError),
        ("anpo.relations.taxonomy.prepare_roles", _prepare_roles, "thresholds", InputError),
        ("anpo.relations.load_codings", relations.load_codings, "path", InputError),
        ("anpo.relations.accuracy.load_summary", lambda v: accuracy.load_summary(v, "k"),
         "home", InputError),
        ("anpo.relations.accuracy.store_summary", lambda v: accuracy.store_summary(v, "k", {}),
         "home", InputError),
        ("anpo.explore.run", lambda v: anpo.explore.run("book:futures", n=2, seed=0, out=v),
         "out", ExploreError),
        ("anpo.explore.run(model=)", lambda v: anpo.explore.run(v, n=2, seed=0, out=tmp / "x"),
         "model", ExploreError),
        ("anpo.explore.load", anpo.explore.load, "out", ExploreError),
        ("anpo.explore.status", anpo.explore.status, "out", ExploreError),
        ("anpo.explore.connect", anpo.explore.connect, "folder", ExploreError),
        ("anpo.explore.sensitivity.sensitivity", sensitivity, "out", ExploreError),
        ("anpo.explore.discovery.discover_run",
         lambda v: discover_run(v, outcome="x", where="x > 0"), "out", ExploreError),
        ("anpo.report.check_output_dir", build.check_output_dir, "outdir", InputError),
        ("anpo.report.write_report", lambda v: build.write_report([], v), "outdir", InputError),
        ("anpo._io.files.atomic_path", _atomic_path, "path", InputError),
        ("anpo._io.files.atomic_write", lambda v: files.atomic_write(v, "x"), "path",
         InputError),
        ("anpo._io.files.expand_user", files.expand_user, "path", InputError),
        ("anpo._io.files.try_create_in", files.try_create_in, "folder", InputError),
        ("anpo._io.inputs.read_text", inputs.read_text, "path", AnpoError),
        ("anpo._io.inputs.load_toml", lambda v: inputs.load_toml(v, _Anything, InputError),
         "path", InputError),
    ]  # fmt: skip
    if importlib.util.find_spec("fastapi") is not None:
        rows.append(("anpo.web.app.create_app", _create_app, "explore_dir", InputError))
    return rows


#: Functions that take a mapping as well as a path (the parsed file): a dict is valid there, a
#: list is not.
_TAKES_A_MAPPING = {"anpo.burden.japan.load_japan_facts"}


@pytest.mark.parametrize(
    ("value", "shown"), [({"a": 1}, "dict"), (3, "int"), (object(), "object")],
    ids=["dict", "int", "object"],
)  # fmt: skip
def test_a_path_argument_of_the_wrong_type_is_the_documented_error_naming_it(
    value: Any, shown: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each call was ``TypeError: expected str, bytes or os.PathLike object, not dict`` (for
    ``FuturesModel.from_files`` and ``explore.run``'s model too); now the module's documented
    error (by ``isinstance``: ``DataError``, ``ExploreError``...) with ``field`` the argument
    and the type received in the message. Nothing is written: the working folder is a fresh
    one and stays empty."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ANPO_HOME", str(tmp_path / "home"))
    failures = []
    for name, call, field, error in _table(tmp_path):
        bad, what = (["a"], "list") if name in _TAKES_A_MAPPING and shown == "dict" else (
            value, shown)  # fmt: skip
        try:
            call(bad)
        except error as exc:
            if exc.field != field or f"got {what}" not in exc.message:
                failures.append(f"{name}: {exc.one_line()!r} (expected field {field!r})")
            continue
        except Exception as exc:  # noqa: BLE001 - listed below, all of them at once
            failures.append(f"{name}: {type(exc).__name__}: {exc}")
            continue
        failures.append(f"{name}: no error")
    assert not failures, "\n".join(failures)
    assert sorted(p.name for p in tmp_path.iterdir()) == []
